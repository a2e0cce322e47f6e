#pragma once
// Typed values out of untrusted property values: strict, and nothing (never 0) for
// anything that is not exactly what it should be.
#include <cstdint>
#include <optional>
#include <string_view>

#include "collect/vsphere/module/xml.hpp"

namespace virtcheck::vsphere {

std::optional<std::int64_t> integer_of(std::string_view text);
std::optional<bool> boolean_of(std::string_view text);

// xsd:dateTime ("2024-05-01T12:00:00.123Z", "...+02:00", no zone = UTC) to Unix seconds.
// Refused: anything else, impossible dates, and years outside 1990..2200 (a clock or a
// server that says so is wrong, and an age computed from it would lie).
std::optional<std::int64_t> datetime_of(std::string_view text);

inline std::optional<std::int64_t> integer_of(const xml::Node* node) {
    return node ? integer_of(node->text) : std::nullopt;
}
inline std::optional<bool> boolean_of(const xml::Node* node) { return node ? boolean_of(node->text) : std::nullopt; }
inline std::optional<std::int64_t> datetime_of(const xml::Node* node) {
    return node ? datetime_of(node->text) : std::nullopt;
}

}  // namespace virtcheck::vsphere
