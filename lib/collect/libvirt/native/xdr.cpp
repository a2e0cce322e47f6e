#include "collect/libvirt/native/xdr.hpp"

#include <cstring>

namespace virtcheck::libvirt::native {
namespace {

std::size_t padding_of(std::size_t size) { return (4 - size % 4) % 4; }

}  // namespace

void XdrWriter::u32(std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
}

void XdrWriter::u64(std::uint64_t value) {
    u32(static_cast<std::uint32_t>(value >> 32));
    u32(static_cast<std::uint32_t>(value));
}

void XdrWriter::pad() {
    bytes_.resize(bytes_.size() + padding_of(bytes_.size()), 0);
}

void XdrWriter::string(std::string_view text) {
    u32(static_cast<std::uint32_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
    pad();
}

void XdrWriter::optional_string(const std::optional<std::string>& text) {
    u32(text ? 1 : 0);
    if (text) string(*text);
}

void XdrWriter::fixed_opaque(const std::uint8_t* data, std::size_t size) {
    bytes_.insert(bytes_.end(), data, data + size);
    pad();
}

const std::uint8_t* XdrReader::take(std::size_t size, const char* what) {
    if (size > remaining()) throw XdrError(std::string("truncated ") + what);
    const std::uint8_t* at = data_ + offset_;
    offset_ += size;
    return at;
}

void XdrReader::skip_padding(std::size_t size) { take(padding_of(size), "padding"); }

std::uint32_t XdrReader::u32() {
    const std::uint8_t* p = take(4, "integer");
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}

std::uint64_t XdrReader::u64() {
    std::uint64_t high = u32();
    return high << 32 | u32();
}

double XdrReader::f64() {
    std::uint64_t bits = u64();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

bool XdrReader::boolean() {
    std::uint32_t value = u32();
    if (value > 1) throw XdrError("boolean is neither 0 nor 1");
    return value == 1;
}

std::string XdrReader::string(std::uint32_t max) {
    std::uint32_t length = u32();
    if (length > max) throw XdrError("string of " + std::to_string(length) + " bytes exceeds its limit");
    const char* text = reinterpret_cast<const char*>(take(length, "string"));
    skip_padding(length);
    return std::string(text, strnlen(text, length));
}

std::optional<std::string> XdrReader::optional_string(std::uint32_t max) {
    if (!boolean()) return std::nullopt;
    return string(max);
}

void XdrReader::fixed_opaque(std::uint8_t* out, std::size_t size) {
    std::memcpy(out, take(size, "opaque"), size);
    skip_padding(size);
}

void XdrReader::skip_opaque(std::uint32_t max) {
    std::uint32_t length = u32();
    if (length > max) throw XdrError("opaque of " + std::to_string(length) + " bytes exceeds its limit");
    take(length, "opaque");
    skip_padding(length);
}

std::uint32_t XdrReader::count(std::uint32_t max, std::size_t min_item_size) {
    std::uint32_t items = u32();
    if (items > max) throw XdrError("array of " + std::to_string(items) + " items exceeds its limit");
    if (min_item_size > 0 && items > remaining() / min_item_size)
        throw XdrError("array of " + std::to_string(items) + " items is longer than the message");
    return items;
}

}  // namespace virtcheck::libvirt::native
