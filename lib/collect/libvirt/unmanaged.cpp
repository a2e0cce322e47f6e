#include "collect/libvirt/unmanaged.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace virtcheck::libvirt {
namespace {

std::vector<std::string_view> arguments(std::string_view cmdline) {
    std::vector<std::string_view> args;
    while (!cmdline.empty()) {
        auto end = cmdline.find('\0');
        args.push_back(cmdline.substr(0, end));
        if (end == std::string_view::npos) break;
        cmdline.remove_prefix(end + 1);
    }
    return args;
}

bool is_qemu(std::string_view program) {
    auto slash = program.rfind('/');
    if (slash != std::string_view::npos) program.remove_prefix(slash + 1);
    return program.starts_with("qemu-system-") || program == "qemu-kvm";
}

// "guest=web,,1,debug-threads=on" -> "web,1": libvirt doubles the commas of a name.
std::optional<std::string> guest_of(std::string_view value) {
    if (!value.starts_with("guest=")) return std::nullopt;
    value.remove_prefix(6);
    std::string name;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != ',') {
            name += value[i];
        } else if (i + 1 < value.size() && value[i + 1] == ',') {
            name += ',';
            ++i;
        } else {
            break;
        }
    }
    if (name.empty()) return std::nullopt;
    return name;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text(64 * 1024, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

}  // namespace

std::optional<LocalQemu> local_qemu(std::string_view uri) {
    for (std::string_view scheme : {"qemu:///", "qemu+unix:///"}) {
        if (!uri.starts_with(scheme)) continue;
        std::string_view path = uri.substr(scheme.size());
        std::string_view query;
        if (auto mark = path.find('?'); mark != std::string_view::npos) query = path.substr(mark + 1), path = path.substr(0, mark);
        // A socket of its own is another daemon, whose QEMU processes cannot be told apart.
        if (query.find("socket=") != std::string_view::npos) return std::nullopt;
        if (path == "system") return LocalQemu{false};
        if (path == "session") return LocalQemu{true};
    }
    return std::nullopt;
}

std::optional<std::string> libvirt_guest(std::string_view cmdline, bool session) {
    auto args = arguments(cmdline);
    if (args.empty() || !is_qemu(args[0])) return std::nullopt;
    // The domain's private directory: <localstatedir>/lib/libvirt/qemu/domain-ID-NAME for the
    // system daemon, $XDG_CONFIG_HOME/libvirt/qemu/lib/domain-ID-NAME for a session.
    const std::string_view marker = session ? "/libvirt/qemu/lib/domain-" : "/lib/libvirt/qemu/domain-";
    bool ours = std::any_of(args.begin(), args.end(), [&](std::string_view arg) {
        return arg.find(marker) != std::string_view::npos;
    });
    if (!ours) return std::nullopt;
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "-name") return guest_of(args[i + 1]);
    return std::nullopt;
}

std::vector<std::string> unmanaged_guests(const LocalQemu& qemu, const std::string& proc) {
    std::vector<std::string> guests;
    std::error_code error;
    for (std::filesystem::directory_iterator it(proc, error), end; !error && it != end; it.increment(error)) {
        const std::string pid = it->path().filename().string();
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), [](unsigned char c) { return std::isdigit(c); }))
            continue;
        if (qemu.session) {
            struct stat info{};
            if (::stat(it->path().c_str(), &info) != 0 || info.st_uid != ::geteuid()) continue;
        }
        if (auto guest = libvirt_guest(read_file(it->path() / "cmdline"), qemu.session)) guests.push_back(*guest);
    }
    std::sort(guests.begin(), guests.end());
    return guests;
}

}  // namespace virtcheck::libvirt
