#pragma once
// Ownership of what libvirt hands out. The arrays libvirt's ListAll* calls return: each handle freed with its Free function, then
// the array itself, whatever happens in between.
#include <cstdlib>
#include <memory>

namespace virtcheck::libvirt {

// A string libvirt allocated (XML, host names): released with free().
struct FreeString {
    void operator()(char* text) const { std::free(text); }
};
using LibvirtString = std::unique_ptr<char, FreeString>;

template <typename Handle, int (*Free)(Handle)>
class HandleList {
public:
    HandleList(Handle* handles, int count) : handles_(handles), count_(count > 0 ? count : 0) {}
    HandleList(const HandleList&) = delete;
    HandleList& operator=(const HandleList&) = delete;
    ~HandleList() {
        for (Handle handle : *this) Free(handle);
        std::free(handles_);
    }
    Handle* begin() const { return handles_; }
    Handle* end() const { return handles_ + count_; }

private:
    Handle* handles_;
    int count_;
};

}  // namespace virtcheck::libvirt
