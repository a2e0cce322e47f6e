// libvirt_probe MODULE URI [--rw] OPERATION...: opens URI through one libvirt backend module
// (virtcheck-libvirt.so or virtcheck-libvirt-native.so, by path), runs the operations and
// prints what the connection answered (libvirt_dump.hpp), with every stage it reported.
// The same operations through both modules must print the same text. Links no libvirt.
#include <cstdio>
#include <iostream>
#include <string>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/native.hpp"
#include "core/module.hpp"
#include "libvirt_dump.hpp"

namespace {

struct PrintedProgress final : virtcheck::Progress {
    void stage(std::string_view what) override { std::cout << "stage " << what << '\n'; }
};

}  // namespace

int main(int argc, char** argv) {
    using namespace virtcheck;
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " MODULE URI [--rw] OPERATION...\n";
        return 2;
    }
    PrintedProgress progress;
    int first = 3;
    auto access = Access::ReadOnly;
    if (argc > 3 && std::string(argv[3]) == "--rw") access = Access::ReadWrite, first = 4;
    try {
        using Factory = libvirt::Client* (*)();
        auto factory = reinterpret_cast<Factory>(load_module_symbol(argv[1], libvirt::client_symbol));
        auto connection = factory()->open(argv[2], access, progress);
        for (int i = first; i < argc; ++i) std::cout << "# " << argv[i] << '\n' << testing::run_operation(*connection, argv[i]);
    } catch (const libvirt::native::NotHandledNatively& e) {
        std::cout << "not-native " << e.what() << '\n';
        return 4;
    } catch (const CollectError& e) {
        std::cout << "error " << static_cast<int>(e.kind) << ' ' << e.what() << '\n';
        return 1;
    }
    return 0;
}
