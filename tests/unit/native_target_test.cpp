// Where the native client connects for a URI: the sockets, ssh command lines and CONNECT_OPEN
// names libvirt 9.0's remote driver uses, and the URIs it leaves to libvirt.so.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "collect/libvirt/native/native.hpp"
#include "collect/libvirt/native/target.hpp"

namespace virtcheck::libvirt::native {
namespace {

struct FakeHost {
    uid_t euid = 0;
    std::map<std::string, std::string> environment;
    std::set<std::string> paths;
    std::map<std::string, std::string> files;

    Host host() const {
        Host h;
        h.euid = euid;
        h.environment = [this](const std::string& name) -> std::optional<std::string> {
            auto found = environment.find(name);
            return found == environment.end() ? std::nullopt : std::optional<std::string>(found->second);
        };
        h.exists = [this](const std::string& path) { return paths.count(path) > 0; };
        h.read_file = [this](const std::string& path) -> std::optional<std::string> {
            auto found = files.find(path);
            return found == files.end() ? std::nullopt : std::optional<std::string>(found->second);
        };
        return h;
    }
};

Target resolve(const std::string& uri, bool read_only = true, const FakeHost& host = {}) {
    return resolve_target(uri, read_only, host.host());
}

TEST(NativeTarget, SystemDaemonReadOnlyAndReadWrite) {
    Target ro = resolve("qemu:///system");
    EXPECT_EQ(ro.socket_path, "/var/run/libvirt/libvirt-sock-ro");
    EXPECT_EQ(ro.open_name, std::optional<std::string>("qemu:///system"));
    EXPECT_EQ(ro.open_flags, 1u);
    EXPECT_TRUE(ro.command.empty());
    EXPECT_FALSE(ro.may_autostart);
    Target rw = resolve("qemu:///system", false);
    EXPECT_EQ(rw.socket_path, "/var/run/libvirt/libvirt-sock");
    EXPECT_EQ(rw.open_flags, 0u);
}

TEST(NativeTarget, ModularDaemonSocketWinsWhenPresent) {
    FakeHost host;
    host.paths = {"/var/run/libvirt/virtqemud-sock-ro", "/var/run/libvirt/libvirt-sock-ro"};
    EXPECT_EQ(resolve("qemu:///system", true, host).socket_path, "/var/run/libvirt/virtqemud-sock-ro");
    EXPECT_EQ(resolve("qemu:///system?mode=legacy", true, host).socket_path, "/var/run/libvirt/libvirt-sock-ro");
    EXPECT_EQ(resolve("qemu:///system?mode=direct").socket_path, "/var/run/libvirt/virtqemud-sock-ro");
    EXPECT_EQ(resolve("lxc:///", true, host).socket_path, "/var/run/libvirt/libvirt-sock-ro");
}

TEST(NativeTarget, SessionDaemonOfAnOrdinaryUser) {
    FakeHost user;
    user.euid = 1000;
    user.environment = {{"XDG_RUNTIME_DIR", "/run/user/1000"}, {"HOME", "/home/u"}};
    Target session = resolve("qemu:///session", true, user);
    EXPECT_EQ(session.socket_path, "/run/user/1000/libvirt/libvirt-sock");
    EXPECT_EQ(session.open_name, std::optional<std::string>("qemu:///session"));
    EXPECT_EQ(session.open_flags, 1u | 2u | 4u);  // read-only, user, autostart
    EXPECT_TRUE(session.may_autostart);
    user.environment["LIBVIRT_AUTOSTART"] = "0";
    EXPECT_EQ(resolve("qemu:///session", false, user).open_flags, 2u);
    EXPECT_FALSE(resolve("qemu:///session", false, user).may_autostart);
    user.environment.erase("XDG_RUNTIME_DIR");
    EXPECT_EQ(resolve("qemu:///session", true, user).socket_path, "/home/u/.cache/libvirt/libvirt-sock");
    // As root, /session goes to the system daemon's socket.
    EXPECT_EQ(resolve("qemu:///session").socket_path, "/var/run/libvirt/libvirt-sock-ro");
}

TEST(NativeTarget, LxcAndExplicitSockets) {
    Target lxc = resolve("lxc:///");
    EXPECT_EQ(lxc.open_name, std::optional<std::string>("lxc:///"));
    EXPECT_EQ(lxc.socket_path, "/var/run/libvirt/libvirt-sock-ro");
    Target socket = resolve("qemu+unix:///system?socket=/tmp/x%20y/sock");
    EXPECT_EQ(socket.socket_path, "/tmp/x y/sock");
    EXPECT_EQ(socket.open_name, std::optional<std::string>("qemu:///system"));
    EXPECT_EQ(resolve("qemu:///system?name=qemu:///embed").open_name, std::optional<std::string>("qemu:///embed"));
    EXPECT_EQ(resolve("qemu:///system?authfile=/etc/a&pkipath=/p").socket_path, "/var/run/libvirt/libvirt-sock-ro");
}

TEST(NativeTarget, SshAsLibvirtSpawnsIt) {
    Target ssh = resolve("qemu+ssh://admin@kvm1:2222/system?no_tty=1&keyfile=/k/id");
    EXPECT_TRUE(ssh.socket_path.empty());
    EXPECT_EQ(ssh.open_name, std::optional<std::string>("qemu:///system"));
    EXPECT_EQ(ssh.open_flags, 1u);
    std::vector<std::string> expected = {
        "ssh", "-p", "2222", "-l", "admin", "-i", "/k/id", "-T", "-e", "none", "-o", "BatchMode=yes", "--", "kvm1",
        "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper -r 'qemu:///system'; "
        "else    if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG "
        "-U /var/run/libvirt/libvirt-sock-ro; fi'"};
    EXPECT_EQ(ssh.command, expected);
    EXPECT_NE(std::find(ssh.command_environment.begin(), ssh.command_environment.end(), "SSH_AUTH_SOCK"),
              ssh.command_environment.end());
}

TEST(NativeTarget, SshVariants) {
    Target netcat = resolve("qemu+ssh://kvm1/system?socket=/run/x.sock&command=/usr/local/bin/ssh&no_verify=1", false);
    EXPECT_EQ(netcat.command.front(), "/usr/local/bin/ssh");
    EXPECT_EQ(netcat.command.back(),
              "sh -c 'if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG "
              "-U /run/x.sock'");
    EXPECT_NE(std::find(netcat.command.begin(), netcat.command.end(), "StrictHostKeyChecking=no"), netcat.command.end());
    Target native = resolve("qemu+ssh://[fe80::1]/system?proxy=native", false);
    EXPECT_EQ(native.command.at(native.command.size() - 2), "fe80::1");
    EXPECT_EQ(native.command.back(), "sh -c 'virt-ssh-helper 'qemu:///system''");
    Target local = resolve("qemu+ssh:///system");
    EXPECT_EQ(local.command.at(local.command.size() - 2), "localhost");
}

void expect_declined(const std::string& uri, const FakeHost& host = {}) {
    EXPECT_THROW(resolve(uri, true, host), NotHandledNatively) << uri;
}

TEST(NativeTarget, WhatIsLeftToLibvirt) {
    for (const char* uri : {"test:///default", "esx://host/", "vpx://vc/dc/host", "qemu+tls://host/system",
                            "qemu://host/system", "qemu+tcp://host/system", "qemu+libssh2://host/system",
                            "qemu+ext:///system?command=/x", "qemu+unix://host/system", "qemu:///system#x",
                            "qemu:///system?foo=bar", "qemu:///system?auth=sasl", "qemu:///system?socket=a+b",
                            "qemu+ssh://h/system?proxy=native&netcat=/bin/nc", "qemu+ssh://h/system?mode=direct",
                            "qemu:///system?no_tty=yes", "hail", "qemu:/system", "qemu:///a/b", "qemu:///sys%74em"})
        expect_declined(uri);
    FakeHost configured;
    configured.files = {{"/etc/libvirt/libvirt.conf", "remote_mode = \"direct\"\n"}};
    expect_declined("qemu:///system", configured);
    try {
        resolve("test:///default");
    } catch (const NotHandledNatively& e) {
        EXPECT_STREQ(e.what(), "the native libvirt client does not handle the test driver (test:///default)");
        EXPECT_EQ(e.kind, CollectError::Kind::Failed);
    }
}

TEST(NativeTarget, PolkitMayBeAskedFor) {
    EXPECT_TRUE(resolve("qemu:///system?auth=polkit").polkit_wanted);
    EXPECT_FALSE(resolve("qemu:///system").polkit_wanted);
}

}  // namespace
}  // namespace virtcheck::libvirt::native
