// What a native run loads (LD_DEBUG=files, as the SNMP module's test), and the errors both
// modules report when a daemon or an ssh tunnel is not there, compared in one process.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/native.hpp"
#include "core/module.hpp"
#include "process.hpp"
#include "replay_daemon.hpp"

namespace virtcheck::testing {
namespace {

std::string module_path(const std::string& file) { return std::string(VIRTCHECK_MODULE_BUILD_DIR) + "/" + file; }
std::string rpc_fixture(const std::string& name) { return std::string(VIRTCHECK_FIXTURES) + "/libvirt-rpc/" + name + ".rpc"; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Traced {
    Completed run;
    std::string loaded;  // LD_DEBUG=files output
};

Traced probe_traced(const std::string& module, const std::vector<std::string>& args) {
    auto dir = std::filesystem::temp_directory_path() / ("virtcheck-native-ld-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<std::string> argv = {std::string(VIRTCHECK_PLUGIN_BUILD_DIR) + "/libvirt_probe", module_path(module)};
    argv.insert(argv.end(), args.begin(), args.end());
    Traced traced{run_program(argv, {{"LD_DEBUG", "files"}, {"LD_DEBUG_OUTPUT", (dir / "ld").string()}}), ""};
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        traced.loaded += std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::filesystem::remove_all(dir);
    return traced;
}

// A sanitizer build links the shared C++ runtime on purpose (CMakeLists.txt).
#ifdef VIRTCHECK_SANITIZE
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
bool may_load_here(const std::string& library) { return sanitized && library == "libstdc++"; }

TEST(NativeLoading, NativeRunLoadsNoLibvirtGlibGnutlsOrLibxml2) {
    ReplayDaemon daemon({rpc_fixture("hypervisor"), rpc_fixture("networks"), rpc_fixture("snapshots")});
    // XML descriptions included: capabilities, network and snapshot XML are read natively too.
    auto native = probe_traced(libvirt::native::module_file, {daemon.uri(), "host", "capabilities", "networks", "snapshots"});
    EXPECT_EQ(native.run.exit_code, 0) << native.run.out << native.run.err;
    EXPECT_TRUE(contains(native.run.out, "driver QEMU\n")) << native.run.out;
    EXPECT_TRUE(contains(native.run.out, "domain_type kvm\n")) << native.run.out;
    EXPECT_TRUE(contains(native.run.out, "bridge vctestbr0\n")) << native.run.out;
    ASSERT_TRUE(contains(native.loaded, "virtcheck-libvirt-native.so")) << "LD_DEBUG gave nothing to look at";
    for (const char* library : {"libvirt.so", "libglib", "libgnutls", "libxml2", "libicu", "libstdc++"})
        if (!may_load_here(library)) {
            EXPECT_FALSE(contains(native.loaded, library)) << "a native run loaded " << library;
        }
    // The same run through libvirt.so does load them: the test can tell the difference.
    auto library = probe_traced(libvirt::module_file, {daemon.uri(), "host"});
    EXPECT_EQ(library.run.exit_code, 0) << library.run.out;
    EXPECT_TRUE(contains(library.loaded, "libvirt.so")) << library.loaded.substr(0, 2000);
    EXPECT_TRUE(contains(library.loaded, "libxml2"));
}

// The same through the real check binary: check_hypervisor on a local socket, chosen
// native by default, then forced to libvirt.so to show the difference can be seen.
std::string check_loads(const std::vector<std::string>& args, Completed& run) {
    auto dir = std::filesystem::temp_directory_path() / ("virtcheck-check-ld-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<std::string> argv = {check_path("check_hypervisor")};
    argv.insert(argv.end(), args.begin(), args.end());
    run = run_program(argv, {{"LD_DEBUG", "files"}, {"LD_DEBUG_OUTPUT", (dir / "ld").string()}});
    std::string loaded;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        loaded += std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::filesystem::remove_all(dir);
    return loaded;
}

TEST(NativeLoading, CheckHypervisorRunLoadsNoLibvirtGlibGnutlsOrLibxml2) {
    ReplayDaemon daemon({rpc_fixture("hypervisor")});
    Completed native;
    std::string loaded = check_loads({"--uri", daemon.uri(), "--require-kvm"}, native);
    EXPECT_EQ(native.exit_code, 0) << native.out;
    EXPECT_TRUE(native.out.starts_with("HYPERVISOR OK - QEMU ")) << native.out;
    ASSERT_TRUE(contains(loaded, "virtcheck-libvirt-native.so")) << "LD_DEBUG gave nothing to look at";
    for (const char* library : {"virtcheck-libvirt.so", "libvirt.so", "libglib", "libgnutls", "libxml2", "libicu",
                                "libstdc++"})
        if (!may_load_here(library)) {
            EXPECT_FALSE(contains(loaded, library)) << "a native check_hypervisor run loaded " << library;
        }
    Completed library;
    loaded = check_loads({"--uri", daemon.uri(), "--require-kvm", "--libvirt-client", "library"}, library);
    EXPECT_EQ(library.exit_code, 0) << library.out;
    EXPECT_TRUE(contains(loaded, "libvirt.so")) << loaded.substr(0, 2000);
    EXPECT_TRUE(contains(loaded, "libxml2"));
}

// Both modules, loaded in this process.
libvirt::Client& backend(const std::string& file) {
    using Factory = libvirt::Client* (*)();
    return *reinterpret_cast<Factory>(load_module_symbol(module_path(file), libvirt::client_symbol))();
}

struct SilentProgress final : Progress {
    void stage(std::string_view) override {}
};

// The error each module reports for `uri`.
std::pair<std::string, std::string> errors_for(const std::string& uri) {
    SilentProgress progress;
    std::pair<std::string, std::string> errors;
    for (auto [file, error] : {std::pair{libvirt::module_file, &errors.first},
                               std::pair{libvirt::native::module_file, &errors.second}}) {
        try {
            backend(file).open(uri, Access::ReadOnly, progress)->host_info();
            *error = "no error";
        } catch (const CollectError& e) {
            *error = std::to_string(static_cast<int>(e.kind)) + " " + e.what();
        }
    }
    return errors;
}

TEST(NativeErrors, MissingAndRefusingSocketsReadTheSame) {
    auto missing = errors_for("qemu+unix:///system?socket=/nonexistent/libvirt-sock");
    EXPECT_EQ(missing.second, missing.first);
    EXPECT_TRUE(contains(missing.second, "0 hypervisor not running: cannot reach libvirt at ")) << missing.second;
    // A socket file nobody listens on any more: "Connection refused".
    std::string path = std::filesystem::temp_directory_path() / ("virtcheck-native-dead-" + std::to_string(getpid()));
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    close(fd);
    auto refused = errors_for("qemu+unix:///system?socket=" + path);
    std::remove(path.c_str());
    EXPECT_EQ(refused.second, refused.first);
    EXPECT_TRUE(contains(refused.second, "Connection refused")) << refused.second;
}

// A stand-in for ssh that runs the remote command here (it is the last argument), or fails
// as ssh fails to reach a host.
std::string fake_ssh(const std::string& name, const std::string& body) {
    std::string path = std::filesystem::temp_directory_path() / ("virtcheck-" + name + "-" + std::to_string(getpid()));
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0755);
    return path;
}

TEST(NativeErrors, SshThatCannotReachTheHostReadsTheSame) {
    // It reads the first call (AUTH_LIST, 28 bytes) before it fails, as a real ssh would have
    // taken it in: the client then sees end of file, not a reset, whichever runs first.
    std::string ssh = fake_ssh("ssh-refused", "head -c 28 >/dev/null\n"
                                              "echo 'ssh: connect to host kvm9 port 22: Connection refused' >&2\nexit 255");
    auto errors = errors_for("qemu+ssh://kvm9/system?no_tty=1&command=" + ssh);
    std::remove(ssh.c_str());
    EXPECT_EQ(errors.second, errors.first);
    EXPECT_TRUE(contains(errors.second, "(End of file while reading data: ssh: connect to host kvm9 port 22: Connection "
                                        "refused: Input/output error)"))
        << errors.second;
}

TEST(NativeErrors, FailingRemoteCommandReadsTheSame) {
    // The far side's shell cannot run the proxy command: both clients pass on its complaint.
    std::string ssh = fake_ssh("ssh-bare", "head -c 28 >/dev/null\nfor last; do :; done\n"
                                           "exec env PATH=/nonexistent /bin/sh -c \"$last\"");
    auto errors = errors_for("qemu+ssh://kvm9/system?command=" + ssh);
    std::remove(ssh.c_str());
    EXPECT_EQ(errors.second, errors.first);
    EXPECT_TRUE(contains(errors.second, "(End of file while reading data: /bin/sh: 1: sh: not found: Input/output error)"))
        << errors.second;
}

TEST(NativeErrors, UnhandledUrisAreRefusedDistinctly) {
    SilentProgress progress;
    for (const char* uri : {"test:///default", "qemu+tls://kvm1/system", "esx://esxi1/"})
        EXPECT_THROW(backend(libvirt::native::module_file).open(uri, Access::ReadOnly, progress),
                     libvirt::native::NotHandledNatively)
            << uri;
}

}  // namespace
}  // namespace virtcheck::testing
