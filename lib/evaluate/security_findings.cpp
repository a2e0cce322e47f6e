#include "evaluate/security_findings.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace virtcheck {
namespace {

using model::Endpoint;
using model::Password;
namespace f = vm_security;

std::string join(const std::vector<std::string>& parts, const char* separator = ", ") {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : separator) + part;
    return text;
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool exposed(const Endpoint& endpoint) {
    switch (endpoint.kind) {
        case Endpoint::Kind::Address: return !is_loopback(endpoint.where);
        case Endpoint::Kind::Network: return true;  // a virtual network's address is reachable from it
        case Endpoint::Kind::Socket:
        case Endpoint::Kind::HostDefault: return false;
    }
    return true;
}

std::string with_port(const std::string& address, std::optional<int> port) {
    std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    return port ? host + ":" + std::to_string(*port) : host;
}

std::string describe(const Endpoint& endpoint, std::optional<int> port) {
    switch (endpoint.kind) {
        case Endpoint::Kind::Address: return with_port(endpoint.where.empty() ? "every address" : endpoint.where, port);
        case Endpoint::Kind::Network: return "the address of network " + endpoint.where;
        case Endpoint::Kind::Socket: return "unix socket " + endpoint.where;
        case Endpoint::Kind::HostDefault: return "the host's default address (vnc_listen, 127.0.0.1 unless changed)";
    }
    return "";
}

const char* password_words(Password password) {
    switch (password) {
        case Password::Set: return "password set";
        case Password::None: return "no password";
        case Password::Unknown: break;
    }
    return "password unknown: read-only connection, use --read-write";
}

void observe_consoles(const model::VmSecurity& vm, std::vector<Observation>& out) {
    const char* verb = vm.live ? " listens on " : " would listen on ";
    for (const auto& console : vm.consoles) {
        std::vector<std::string> open, local;
        for (const auto& endpoint : console.listen)
            (exposed(endpoint) ? open : local).push_back(describe(endpoint, console.port));
        std::string ports;
        if (console.tls_port) ports += ", TLS port " + std::to_string(*console.tls_port);
        if (console.websocket) ports += ", websocket " + std::to_string(*console.websocket);
        if (open.empty()) {
            if (!local.empty())
                out.push_back({nullptr, State::Ok,
                               console.type + verb + join(local) + ports + " (this host only), " +
                                   password_words(console.password)});
            continue;
        }
        std::string where = console.type + verb + join(open) + ports;
        switch (console.password) {
            case Password::None: out.push_back({&f::console_open, State::Critical, where + " without a password"}); break;
            case Password::Unknown:
                out.push_back({&f::console_open, State::Unknown, where + ", " + password_words(console.password)});
                break;
            case Password::Set:
                if (console.type == "spice" && console.tls_port)
                    out.push_back({nullptr, State::Ok, where + ", password set"});
                else if (console.type == "spice")
                    out.push_back({&f::console_open, State::Warning, where + " with a password but without TLS (no tlsPort)"});
                else
                    out.push_back({&f::console_open, State::Warning,
                                   where + " with a password, TLS not visible in the VM's settings (" + console.type +
                                       " TLS is host-wide, e.g. vnc_tls in qemu.conf)"});
                break;
        }
    }
}

void observe_char_devices(const model::VmSecurity& vm, std::vector<Observation>& out) {
    std::vector<std::string> open;
    for (const auto& device : vm.char_devices) {
        std::string text = device.device + " " + device.type + " bound to " +
                           (device.address.empty() ? "every address" : with_port(device.address, std::nullopt)) + ":" +
                           device.service;
        std::vector<std::string> extras;
        if (!device.protocol.empty()) extras.push_back(device.protocol);
        if (device.tls) extras.push_back("TLS");
        if (!extras.empty()) text += " (" + join(extras) + ")";
        if (!device.address.empty() && is_loopback(device.address)) out.push_back({nullptr, State::Ok, text + ", this host only"});
        else open.push_back(text);
    }
    if (!open.empty()) out.push_back({&f::chardev_open, State::Critical, join(open)});
}

// SELinux types and AppArmor profiles that mean "not confined".
bool unconfined_label(const model::SecurityLabel& label) {
    if (label.model == "apparmor") return label.label == "unconfined";
    if (label.model == "selinux") return label.label.find(":unconfined_t:") != std::string::npos;
    return false;
}

void observe_confinement(const model::VmSecurity& vm, const model::HostSecurity& host, std::vector<Observation>& out) {
    std::vector<std::string> reasons;
    if (host.security_model && (host.security_model->empty() || *host.security_model == "none"))
        reasons.push_back("the host runs no security driver (security model none)");
    for (const auto& label : vm.labels) {
        if (label.model == "dac") continue;  // DAC is the uid, not a confinement: qemu-as-root
        if (label.type == "none")
            reasons.push_back("seclabel type none" + (label.model.empty() ? "" : " (" + label.model + ")"));
        else if (unconfined_label(label))
            reasons.push_back("unconfined " + label.model + " label " + label.label);
    }
    if (!reasons.empty()) out.push_back({&f::unconfined, State::Warning, join(reasons)});
    else if (host.security_model)
        out.push_back({nullptr, State::Ok, "confined by " + *host.security_model});
}

// The user part of a DAC label ("+0:+0", "root:kvm", "107:107") as a uid; nothing for a
// name other than root (the host's passwd would say).
std::optional<unsigned long> dac_uid(const std::string& label) {
    std::string user = label.substr(0, label.find(':'));
    if (user == "root") return 0;
    if (!user.empty() && user.front() == '+') user.erase(0, 1);
    if (user.empty() || user.size() > 9 || !std::all_of(user.begin(), user.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return std::stoul(user);
}

void observe_process_user(const model::VmSecurity& vm, std::vector<Observation>& out) {
    for (const auto& label : vm.labels) {
        if (label.model != "dac" || label.type == "none" || label.label.empty()) continue;
        auto uid = dac_uid(label.label);
        if (uid && *uid == 0) out.push_back({&f::qemu_as_root, State::Warning, "runs as root (DAC label " + label.label + ")"});
        else out.push_back({nullptr, State::Ok, "runs as " + label.label + " (DAC label)"});
        return;
    }
}

void observe_devices(const model::VmSecurity& vm, std::vector<Observation>& out) {
    std::vector<std::string> devices;
    for (const auto& device : vm.host_devices) devices.push_back(device.type + (device.address.empty() ? "" : " " + device.address));
    if (!devices.empty()) out.push_back({&f::passthrough, State::Warning, join(devices)});
}

void observe_shared(const model::VmSecurity& vm, const ImageUsers& images, std::vector<Observation>& out) {
    std::set<std::string> reported;
    for (const auto& disk : vm.disks) {
        auto users = images.find(disk.path);
        if (users == images.end() || !reported.insert(disk.path).second) continue;
        std::set<std::string> others, careless;
        for (const auto& use : users->second) {
            if (use.vm != vm.name) others.insert(use.vm);
            if (!use.shareable && !use.readonly) careless.insert(use.vm);
        }
        if (others.empty() || careless.empty()) continue;
        out.push_back({&f::shared_disk, State::Critical,
                       disk.path + " (" + disk.target + ") also in " + join({others.begin(), others.end()}) +
                           ", written by " + join({careless.begin(), careless.end()}) + " without marking it shareable"});
    }
}

std::string octal(std::uint32_t mode) {
    std::string digits;
    for (int shift = 9; shift >= 0; shift -= 3) digits += static_cast<char>('0' + ((mode >> shift) & 7));
    return digits;
}

void observe_image_modes(const model::VmSecurity& vm, std::vector<Observation>& out) {
    std::vector<std::string> writable;
    for (const auto& disk : vm.disks) {
        if (disk.mode && (*disk.mode & 0002))
            writable.push_back(disk.path + " (mode " + octal(*disk.mode) + ")");
        else if (!disk.mode && !disk.mode_unread.empty() && disk.mode_unread != "on another host")
            out.push_back({nullptr, State::Ok, "mode of " + disk.path + " not read: " + disk.mode_unread});
    }
    if (!writable.empty()) out.push_back({&f::image_perms, State::Warning, "writable by every user: " + join(writable)});
}

// Features a named CPU model includes by libvirt's naming: the "-IBRS" variants add
// spec-ctrl, the "-IBPB" ones ibpb.
std::vector<std::string> implied_by_model(const std::string& model) {
    std::vector<std::string> features;
    if (model.find("-IBRS") != std::string::npos) features.push_back("spec-ctrl");
    if (model.find("-IBPB") != std::string::npos) features.push_back("ibpb");
    return features;
}

void observe_cpu(const model::VmSecurity& vm, const model::HostSecurity& host, std::vector<Observation>& out) {
    if (!host.cpu_features) return;  // said once for all VMs
    if (vm.virt_type == "qemu") {
        out.push_back({nullptr, State::Ok, "CPU mitigations not judged: software emulation (no host CPU features)"});
        return;
    }
    std::set<std::string> offered;
    for (const auto& feature : *host.cpu_features) offered.insert(feature);
    for (const auto& feature : implied_by_model(host.cpu_model)) offered.insert(feature);
    // A host that lists no mitigation has none to pass: the host note says so once.
    if (std::none_of(mitigation_features().begin(), mitigation_features().end(),
                     [&](const std::string& feature) { return offered.count(feature) > 0; }))
        return;
    const auto& cpu = vm.cpu;
    std::set<std::string> passed(cpu.enabled.begin(), cpu.enabled.end());
    for (const auto& feature : implied_by_model(cpu.model)) passed.insert(feature);
    bool whole_host = cpu.mode == "host-passthrough" || cpu.mode == "host-model" || cpu.mode == "maximum";
    std::set<std::string> disabled(cpu.disabled.begin(), cpu.disabled.end());
    std::vector<std::string> missing;
    for (const auto& feature : mitigation_features())
        if (offered.count(feature) && (disabled.count(feature) || (!whole_host && !passed.count(feature))))
            missing.push_back(feature + (disabled.count(feature) ? " (disabled)" : ""));
    std::string cpu_text = cpu.mode.empty() ? "the hypervisor's default CPU model"
                           : cpu.model.empty() ? cpu.mode + " CPU"
                                               : cpu.mode + " CPU " + cpu.model;
    if (!missing.empty())
        out.push_back({&f::cpu_mitigations, State::Warning, join(missing) + " of the host not passed to the guest (" + cpu_text + ")"});
    else
        out.push_back({nullptr, State::Ok, "CPU mitigations of the host passed (" + cpu_text + ")"});
}

void observe_firmware(const model::VmSecurity& vm, const SecurityPolicy& policy, std::vector<Observation>& out) {
    const auto& firmware = vm.firmware;
    std::vector<std::string> lacking;
    bool unknown = false;
    auto require = [&](bool asked, const std::optional<bool>& has, const char* lack) {
        if (!asked) return;
        if (!has) unknown = true;
        else if (!*has) lacking.push_back(lack);
    };
    require(policy.require_uefi || policy.require_secure_boot, firmware.uefi, "BIOS, not UEFI");
    if (!firmware.uefi || *firmware.uefi) require(policy.require_secure_boot, firmware.secure_boot, "no secure boot");
    require(policy.require_tpm, firmware.tpm, "no TPM");
    if (!lacking.empty()) out.push_back({&f::firmware, State::Warning, join(lacking)});
    else if (unknown) out.push_back({&f::firmware, State::Unknown, "firmware not known from this backend"});
}

// VMware Tools isolation: these are off unless a setting turns them on.
void observe_tools(const model::VmSecurity& vm, std::vector<Observation>& out) {
    if (!vm.tools_isolation) return;
    std::vector<std::string> weakened;
    for (const auto& [key, value] : *vm.tools_isolation) {
        std::string k = lowercase(key), v = lowercase(value);
        bool disable_key = k == "isolation.tools.copy.disable" || k == "isolation.tools.paste.disable" ||
                           k == "isolation.tools.dnd.disable";
        if ((disable_key && v == "false") || (k == "isolation.tools.setguioptions.enable" && v == "true"))
            weakened.push_back(key + " = " + value);
    }
    if (!weakened.empty()) out.push_back({&f::tools_isolation, State::Warning, join(weakened)});
}

}  // namespace

bool is_loopback(const std::string& address) {
    std::string a = lowercase(address);
    if (a == "localhost" || a == "::1" || a == "[::1]" || a == "0:0:0:0:0:0:0:1") return true;
    if (a.starts_with("::ffff:")) a.erase(0, 7);
    // 127.0.0.0/8: "127." and three more numbers, nothing else.
    if (!a.starts_with("127.")) return false;
    int dots = 0;
    for (char c : a) {
        if (c == '.') ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return dots == 3 && a.back() != '.';
}

const std::vector<std::string>& mitigation_features() {
    static const std::vector<std::string> features = {
        "spec-ctrl", "stibp",    "ssbd",       "md-clear", "arch-capabilities", "ibpb",     "ibrs",
        "amd-stibp", "amd-ssbd", "virt-ssbd",  "amd-no-ssb", "rdctl-no",        "ibrs-all", "rsba",
        "skip-l1dfl-vmentry", "ssb-no", "mds-no", "pschange-mc-no", "tsx-ctrl", "taa-no"};
    return features;
}

ImageUsers image_users(const std::vector<const model::VmSecurity*>& vms) {
    ImageUsers users;
    for (const auto* vm : vms)
        for (const auto& disk : vm->disks)
            if (!disk.path.empty()) users[disk.path].push_back({vm->name, disk.target, disk.shareable, disk.readonly});
    return users;
}

std::vector<Observation> observe_vm(const model::VmSecurity& vm, const model::HostSecurity& host,
                                    const ImageUsers& images, const SecurityPolicy& policy) {
    std::vector<Observation> out;
    observe_consoles(vm, out);
    observe_char_devices(vm, out);
    observe_confinement(vm, host, out);
    observe_process_user(vm, out);
    observe_devices(vm, out);
    observe_shared(vm, images, out);
    observe_image_modes(vm, out);
    observe_cpu(vm, host, out);
    observe_firmware(vm, policy, out);
    observe_tools(vm, out);
    // Findings first, in the table's order; notes after them, as they came.
    auto rank = [](const Observation& o) {
        if (!o.finding) return f::findings.size();
        return static_cast<std::size_t>(std::find(f::findings.begin(), f::findings.end(), o.finding) - f::findings.begin());
    };
    std::stable_sort(out.begin(), out.end(), [&](const Observation& a, const Observation& b) { return rank(a) < rank(b); });
    return out;
}

std::vector<Observation> observe_host(const model::HostSecurity& host) {
    std::vector<Observation> out;
    for (const auto& service : host.services) {
        bool ssh = service.kind == model::HostService::Kind::Ssh;
        const Finding* finding = ssh ? &f::host_ssh : &f::host_shell;
        std::string what = std::string(ssh ? "SSH" : "the ESXi Shell") + " (" + service.name + ")";
        if (!service.running) out.push_back({finding, State::Unknown, what + ": state not known"});
        else if (*service.running) out.push_back({finding, State::Warning, what + " runs"});
        else out.push_back({nullptr, State::Ok, what + " stopped"});
    }
    if (host.lockdown && !*host.lockdown) out.push_back({&f::lockdown_off, State::Warning, "lockdown mode is off"});
    else if (host.lockdown) out.push_back({nullptr, State::Ok, "lockdown mode on"});
    return out;
}

}  // namespace virtcheck
