#pragma once
// The bytes of one answer, growing as libcurl hands them over. realloc, not std::string: the C
// library grows a large block by remapping its pages, where std::string copies everything it
// holds at every doubling (~1 instruction a byte of a large inventory's answer). Always ends
// with a NUL, which the XML reader relies on.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

namespace virtcheck::vsphere {

class Buffer {
public:
    Buffer() = default;
    explicit Buffer(std::string_view bytes) { append(bytes.data(), bytes.size()); }
    Buffer(Buffer&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0)) {}
    Buffer& operator=(Buffer&& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        std::swap(capacity_, other.capacity_);
        return *this;
    }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { std::free(data_); }

    void append(const char* bytes, std::size_t count) {
        if (size_ + count + 1 > capacity_) grow(size_ + count + 1);
        if (count) std::memcpy(data_ + size_, bytes, count);
        size_ += count;
        data_[size_] = '\0';
    }
    void reserve(std::size_t bytes) {
        if (bytes + 1 > capacity_) grow(bytes + 1);
    }
    void clear() {
        size_ = 0;
        if (data_) data_[0] = '\0';
    }

    const char* data() const { return data_ ? data_ : ""; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {data(), size_}; }

private:
    // Doubling while appending; exactly what a reserve asks for when that is more.
    void grow(std::size_t needed) {
        std::size_t capacity = std::max(needed, capacity_ ? 2 * capacity_ : std::size_t{4096});
        void* grown = std::realloc(data_, capacity);
        if (!grown) throw std::bad_alloc();
        data_ = static_cast<char*>(grown);
        capacity_ = capacity;
    }

    char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;  // with the NUL
};

}  // namespace virtcheck::vsphere
