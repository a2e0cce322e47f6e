#pragma once
// What a VM's configuration and its host say about isolation: what opens a VM to the network,
// hands it host devices, shares its disks or weakens its confinement. Any backend fills what
// it can read (libvirt from the domain XML, vSphere from the VM's configuration); what it
// could not read stays empty, and a reading it could not make says why.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/vm.hpp"

namespace virtcheck::model {

// Whether a console has a password. Unknown: the reader could not see it (libvirt strips
// passwords from the XML unless a read-write connection asks for them).
enum class Password { None, Set, Unknown };

// Where a console or a character device accepts connections.
struct Endpoint {
    enum class Kind {
        Address,      // an IP address or host name: "0.0.0.0", "127.0.0.1", "::", "vm-host.example"
        Network,      // a virtual network's address, not resolved while the VM is off
        Socket,       // a unix socket: local only
        HostDefault,  // none given: the host's default (qemu.conf vnc_listen, 127.0.0.1 unless changed)
    };
    Kind kind = Kind::Address;
    std::string where{};  // address, network name or socket path; untrusted
};

// A graphical console: VNC or SPICE (RDP for VirtualBox; VMware's RemoteDisplay.vnc).
struct Console {
    std::string type{};                 // "vnc", "spice", "rdp"
    std::vector<Endpoint> listen{};     // empty: it does not listen (listen type='none')
    std::optional<int> port{};          // the live port; absent while the VM is off (autoport)
    std::optional<int> tls_port{};      // SPICE's TLS port
    std::optional<int> websocket{};     // VNC's websocket port
    Password password = Password::Unknown;
};

// A serial, parallel or console port, a channel or a USB redirection bound to a TCP or UDP
// socket: a listener on the host that reaches into the guest.
struct CharDevice {
    std::string device{};    // "serial", "parallel", "console", "channel", "redirdev"
    std::string type{};      // "tcp", "udp"
    std::string address{};   // what it binds to; empty: every address
    std::string service{};   // the port
    std::string protocol{};  // "telnet", "raw", "tls"...; empty: not said
    bool tls = false;        // TLS on the socket (tls='yes')
};

// A security label (libvirt's <seclabel>): which confinement the VM's process runs under.
struct SecurityLabel {
    std::string model{};  // "selinux", "apparmor", "dac"; empty: every model of the host
    std::string type{};   // "dynamic", "static", "none"
    std::string label{};  // "system_u:system_r:svirt_t:s0:c1,c2", "libvirt-<uuid>", DAC "+107:+107"
};

// A host device handed to the guest.
struct HostDevice {
    std::string type{};     // "pci", "usb", "scsi", "scsi_host", "mdev"; vSphere: the device class
    std::string address{};  // "0000:03:00.0", "046d:c52b", "scsi_host0 0:0:0", an mdev UUID, a label
};

// A disk image as the VM uses it.
struct DiskImage {
    std::string target{};  // "vda"
    std::string kind{};    // "file", "block", "network", "volume"
    std::string path{};    // "/var/lib/libvirt/images/a.qcow2", "/dev/sdb", "rbd:pool/img", "pool/vol"
    bool shareable = false;
    bool readonly = false;
    // Permission bits of the file or device, read on the host itself (local connections only).
    std::optional<std::uint32_t> mode{};
    std::string mode_unread{};  // why the mode was not read: "no such file", "remote connection"
};

// The guest's CPU definition.
struct GuestCpu {
    std::string mode{};                  // "host-passthrough", "host-model", "maximum", "custom"; empty: the default model
    std::string model{};                 // custom mode: "Skylake-Client-IBRS"
    std::vector<std::string> enabled{};  // features required, forced or optional
    std::vector<std::string> disabled{}; // features disabled or forbidden
};

// Boot firmware and TPM; absent: the backend does not say.
struct Firmware {
    std::optional<bool> uefi{};
    std::optional<bool> secure_boot{};
    std::optional<bool> tpm{};
};

struct VmSecurity {
    std::string name{};  // untrusted
    std::string uuid{};
    VmState state = VmState::NoState;
    bool live = false;          // the description is the running VM's (actual ports, labels, addresses)
    std::string virt_type{};    // "kvm", "qemu" (software emulation), "test", "vmware"
    std::string unreadable{};   // why its description could not be read; the rest is then empty
    std::vector<Console> consoles{};
    std::vector<CharDevice> char_devices{};
    std::vector<SecurityLabel> labels{};
    std::vector<HostDevice> host_devices{};
    std::vector<DiskImage> disks{};
    GuestCpu cpu{};
    Firmware firmware{};
    // VMware Tools isolation settings (isolation.tools.*) as configured: (key, value). Absent:
    // not a VMware VM.
    std::optional<std::vector<std::pair<std::string, std::string>>> tools_isolation{};
};

// A shell of the host, beside its management API (ESXi: TSM-SSH is SSH, TSM the ESXi Shell).
struct HostService {
    enum class Kind { Ssh, Shell };
    Kind kind = Kind::Ssh;
    std::string name{};  // as the host calls it: "TSM-SSH"
    std::optional<bool> running{};
};

struct HostSecurity {
    std::string name{};  // untrusted
    // The host's security driver (libvirt: virNodeGetSecurityModel): "selinux", "apparmor",
    // "none"; absent: the backend does not say.
    std::optional<std::string> security_model{};
    // The CPU features the host can give guests, and the model they extend: the host-model
    // CPU of the domain capabilities, or the host CPU itself when those cannot be read.
    std::optional<std::vector<std::string>> cpu_features{};
    std::string cpu_model{};
    std::string cpu_features_from{};  // where they came from, or why there are none
    // vSphere hosts: shells and lockdown mode.
    std::vector<HostService> services{};
    std::optional<bool> lockdown{};  // lockdown mode on
};

struct Security {
    HostSecurity host{};
    std::vector<VmSecurity> vms{};
};

}  // namespace virtcheck::model
