// The same questions to the real libvirtd (tests/peers/libvirtd.sh: a QEMU VM, pools,
// networks) through virtcheck-libvirt.so and through the native client, both loaded in
// this process: the same answers, stages and errors. Counters that move while the VM runs
// must lie between two readings through libvirt.so taken before and after the native one.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collect/libvirt/libvirt.hpp"
#include "collect/libvirt/native/native.hpp"
#include "core/module.hpp"
#include "libvirt_dump.hpp"

namespace virtcheck::testing {
namespace {

libvirt::Client& backend(const std::string& file) {
    using Factory = libvirt::Client* (*)();
    std::string path = std::string(VIRTCHECK_MODULE_BUILD_DIR) + "/" + file;
    return *reinterpret_cast<Factory>(load_module_symbol(path, libvirt::client_symbol))();
}

struct RecordingProgress final : Progress {
    std::string lines;
    void stage(std::string_view what) override { lines += std::string(what) + "\n"; }
};

struct Answers {
    std::string stages;
    std::string text;  // the dumps, or the error
};

Answers ask(const std::string& file, const std::string& uri, const std::vector<std::string>& operations,
            Access access = Access::ReadOnly) {
    RecordingProgress progress;
    Answers answers;
    try {
        auto connection = backend(file).open(uri, access, progress);
        for (const auto& operation : operations) answers.text += "# " + operation + "\n" + run_operation(*connection, operation);
    } catch (const CollectError& e) {
        answers.text += "error " + std::to_string(static_cast<int>(e.kind)) + " " + e.what() + "\n";
    }
    answers.stages = progress.lines;
    return answers;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool ends_with_any(const std::string& field, std::initializer_list<const char*> suffixes) {
    for (const char* s : suffixes)
        if (field.ends_with(s)) return true;
    return false;
}

// Compares a native answer with two libvirt.so answers around it, line by line.
void expect_same(const Answers& before, const Answers& native, const Answers& after) {
    EXPECT_EQ(native.stages, before.stages);
    auto lib = lines_of(before.text), nat = lines_of(native.text), later = lines_of(after.text);
    ASSERT_EQ(nat.size(), lib.size()) << "native:\n" << native.text << "libvirt.so:\n" << before.text;
    ASSERT_EQ(later.size(), lib.size());
    for (std::size_t i = 0; i < lib.size(); ++i) {
        if (nat[i] == lib[i]) continue;
        std::size_t value_at = lib[i].rfind(' ');
        std::string key = lib[i].substr(0, value_at);
        ASSERT_EQ(nat[i].substr(0, nat[i].rfind(' ')), key) << "line " << i;
        std::string field = key.substr(key.rfind(' ') + 1);
        std::string a = lib[i].substr(value_at + 1), n = nat[i].substr(nat[i].rfind(' ') + 1),
                    b = later[i].substr(later[i].rfind(' ') + 1);
        if (ends_with_any(field, {"_ns", "_requests", "_bytes", "_packets", "_errors", "_drops", ".errors", "faults",
                                  "swap_in_kib", "swap_out_kib"})) {
            ASSERT_NE(n, "-") << lib[i];
            ASSERT_NE(a, "-") << lib[i];
            unsigned long long low = std::stoull(a), high = std::stoull(b), got = std::stoull(n);
            EXPECT_LE(low, got) << "counter went back: " << key;
            EXPECT_LE(got, high) << "counter ahead of the later reading: " << key;
        } else if (ends_with_any(field, {"rss_kib", "memory_free", "memory_buffers", "memory_cached"})) {
            EXPECT_EQ(n == "-", a == "-") << key;  // gauges that move: present alike
        } else {
            ADD_FAILURE() << "native: " << nat[i] << "\nlibvirt.so: " << lib[i];
        }
    }
}

void compare(const std::string& uri, const std::vector<std::string>& operations,
             Access access = Access::ReadOnly) {
    auto before = ask(libvirt::module_file, uri, operations, access);
    auto native = ask(libvirt::native::module_file, uri, operations, access);
    auto after = ask(libvirt::module_file, uri, operations, access);
    EXPECT_EQ(native.text.find("error"), before.text.find("error")) << native.text << before.text;
    expect_same(before, native, after);
}

TEST(NativeVsLibrary, HostAndCapabilities) { compare("qemu:///system", {"host", "capabilities"}); }

TEST(NativeVsLibrary, HostCounters) { compare("qemu:///system", {"node-cpu", "node-memory"}); }

TEST(NativeVsLibrary, DomainStatisticsEveryGroup) {
    compare("qemu:///system", {"stats=63", "stats-all=63", "stats=1", "stats=2", "stats=4", "stats=8", "stats=16",
                               "stats=32", "autostart"});
}

TEST(NativeVsLibrary, Pools) {
    compare("qemu:///system", {"pools"});
    compare("qemu:///system", {"refresh-pools"}, Access::ReadWrite);
    compare("qemu:///system", {"refresh-pools"});  // refused on a read-only connection, in the same words
}

TEST(NativeVsLibrary, Networks) { compare("qemu:///system", {"networks"}); }

void virsh(const std::string& args) {
    ASSERT_EQ(std::system(("virsh -q -c qemu:///system " + args + " >/dev/null 2>&1").c_str()), 0) << args;
}

TEST(NativeVsLibrary, Snapshots) {
    std::string xml = std::filesystem::temp_directory_path() / ("virtcheck-native-snapshot-" + std::to_string(getpid()));
    ASSERT_EQ(std::system(("{ echo \"<domainsnapshot><name>old</name><state>shutoff</state>"
                           "<creationTime>1700000000</creationTime><memory snapshot='no'/>\"; "
                           "virsh -q -c qemu:///system dumpxml --inactive vc-test-vm; echo '</domainsnapshot>'; } > '" +
                           xml + "'").c_str()),
              0);
    virsh("snapshot-create-as vc-test-vm fresh");
    virsh("snapshot-create vc-test-vm '" + xml + "' --redefine");
    compare("qemu:///system", {"snapshots"});
    auto native = ask(libvirt::native::module_file, "qemu:///system", {"snapshots"});
    virsh("snapshot-delete vc-test-vm old --metadata");
    virsh("snapshot-delete vc-test-vm fresh");
    std::remove(xml.c_str());
    EXPECT_NE(native.text.find(" snapshot old 1700000000\n"), std::string::npos) << native.text;
    EXPECT_NE(native.text.find(" count 2\n"), std::string::npos) << native.text;
}

TEST(NativeVsLibrary, SessionUriAsRoot) { compare("qemu:///session", {"host"}); }

TEST(NativeVsLibrary, ExplicitSocketAndLxc) {
    compare("qemu+unix:///system?socket=/var/run/libvirt/libvirt-sock-ro", {"host", "stats=63"});
    compare("lxc:///", {"host"});
}

// ssh to this host: a stand-in ssh runs the remote command here (the last argument), so
// that virt-ssh-helper on the "far side" connects to this libvirtd.
TEST(NativeVsLibrary, ThroughSshAndVirtSshHelper) {
    std::string ssh = std::filesystem::temp_directory_path() / ("virtcheck-local-ssh-" + std::to_string(getpid()));
    std::ofstream(ssh) << "#!/bin/sh\nfor last; do :; done\nexec /bin/sh -c \"$last\"\n";
    chmod(ssh.c_str(), 0755);
    std::string uri = "qemu+ssh://localhost/system?no_tty=1&command=" + ssh;
    compare(uri, {"host", "stats=63", "pools", "networks"});
    auto native = ask(libvirt::native::module_file, uri, {"host"});
    std::remove(ssh.c_str());
    EXPECT_NE(native.text.find("driver QEMU\n"), std::string::npos) << native.text;
}

}  // namespace
}  // namespace virtcheck::testing
