// libFuzzer target: the native libvirt client reading what a daemon sends. Input: a byte
// that picks what to run, a byte for the size of each read, then the daemon's bytes. A
// hostile or broken daemon must never crash, hang or exhaust the check: every failure is a
// LibvirtError or CollectError, and nothing else escapes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/security_descriptions.hpp"
#include "libvirt_rpc_calls.hpp"

namespace {

using namespace virtcheck::libvirt::native;

class FuzzedDaemon final : public Transport {
public:
    FuzzedDaemon(const std::uint8_t* data, std::size_t size, std::size_t chunk) : data_(data), size_(size), chunk_(chunk) {}
    void send(const std::uint8_t*, std::size_t) override {}
    std::size_t receive(std::uint8_t* to, std::size_t size) override {
        if (at_ == size_) throw system_error(EIO, "End of file while reading data");
        std::size_t n = std::min({size, chunk_, size_ - at_});
        std::copy(data_ + at_, data_ + at_ + n, to);
        at_ += n;
        return n;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_, chunk_;
    std::size_t at_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    std::size_t choice = data[0], chunk = data[1] >= 128 ? 1u << 20 : data[1] + 1u;
    data += 2, size -= 2;
    const auto& calls = fuzz::calls();
    try {
        if (choice < calls.size()) {
            RpcClient client(std::make_unique<FuzzedDaemon>(data, size, chunk));
            RemoteCalls remote(client);
            calls[choice].run(remote);
        } else if (choice < 240) {
            fuzz::run_collector(static_cast<int>(choice - calls.size()),
                                std::make_unique<RpcClient>(std::make_unique<FuzzedDaemon>(data, size, chunk)));
        } else {
            std::string_view text(reinterpret_cast<const char*>(data), size);
            if (auto doc = xml::parse(text); doc && doc->content.size() > text.size() * 4) std::abort();
            read_network_definition(text);
            read_snapshot(text);
            read_domain_devices(text);
            read_capabilities(text);
            read_vm_security(text, true);
            read_host_model_cpu(text);
            read_host_cpu(text);
        }
    } catch (const LibvirtError&) {
    } catch (const virtcheck::CollectError&) {
    }
    return 0;
}
