#pragma once
// XDR (RFC 4506) as libvirt's RPC protocol uses it: big-endian 4-byte units; strings and
// variable-length opaques carry a length word and are padded to 4 bytes. The reader never
// trusts a length: each read is checked against the bytes that are left, and each string
// and array length against the limit remote_protocol.x gives it, before anything is allocated.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::libvirt::native {

// Malformed or oversized data; the message says which item.
struct XdrError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Bytes = std::vector<std::uint8_t>;

class XdrWriter {
public:
    void u32(std::uint32_t value);
    void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
    void u64(std::uint64_t value);
    void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
    void string(std::string_view text);                       // remote_nonnull_string
    void optional_string(const std::optional<std::string>& text);  // remote_string: a pointer
    void fixed_opaque(const std::uint8_t* data, std::size_t size);  // opaque x[size]

    const Bytes& bytes() const { return bytes_; }
    Bytes take() { return std::move(bytes_); }

private:
    void pad();
    Bytes bytes_;
};

class XdrReader {
public:
    XdrReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    explicit XdrReader(const Bytes& bytes) : XdrReader(bytes.data(), bytes.size()) {}
    explicit XdrReader(Bytes&&) = delete;  // it would read a temporary after its end

    std::uint32_t u32();
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::uint64_t u64();
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    double f64();  // IEEE 754 double, big-endian
    bool boolean();  // 0 or 1; anything else is an error

    // A string of at most `max` bytes. As libvirt's C code sees it: cut at the first NUL.
    std::string string(std::uint32_t max);
    // remote_string: absent, or a string of at most `max` bytes.
    std::optional<std::string> optional_string(std::uint32_t max);
    void fixed_opaque(std::uint8_t* out, std::size_t size);
    // A variable-length opaque of at most `max` bytes, skipped (cpumaps nobody needs).
    void skip_opaque(std::uint32_t max);

    // The length of an array of at most `max` items, each at least `min_item_size` bytes on
    // the wire: a count the remaining bytes cannot hold is refused before anything is sized.
    std::uint32_t count(std::uint32_t max, std::size_t min_item_size);

    std::size_t remaining() const { return size_ - offset_; }

private:
    const std::uint8_t* take(std::size_t size, const char* what);
    void skip_padding(std::size_t size);

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t offset_ = 0;
};

}  // namespace virtcheck::libvirt::native
