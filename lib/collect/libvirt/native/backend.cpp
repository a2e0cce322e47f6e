// The module's entry point: libvirt::Client exported under the same versioned symbol as
// virtcheck-libvirt.so, so that either module can stand behind the one interface.
#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/open.hpp"

namespace virtcheck::libvirt::native {
namespace {

class NativeClient final : public Client {
public:
    std::unique_ptr<Connection> open(const std::string& uri, Access access, Progress& progress) override {
        return open_connection(uri, access, progress);
    }
};

}  // namespace
}  // namespace virtcheck::libvirt::native

extern "C" __attribute__((visibility("default"))) virtcheck::libvirt::Client* virtcheck_libvirt_client_v4() {
    static virtcheck::libvirt::native::NativeClient client;
    return &client;
}
