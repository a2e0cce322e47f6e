#include "collect/libvirt/native/target.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <map>

#include "collect/libvirt/native/native.hpp"

namespace virtcheck::libvirt::native {
namespace {

// REMOTE_DRIVER_OPEN_* (remote_driver.h): the flags libvirt sends with CONNECT_OPEN.
constexpr unsigned open_read_only = 1u << 0;
constexpr unsigned open_user = 1u << 1;
constexpr unsigned open_autostart = 1u << 2;

const char* const system_socket_dir = "/var/run/libvirt";  // LOCALSTATEDIR "/run/libvirt"

struct Uri {
    std::string scheme, user, server, path;
    int port = 0;
    std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values decoded
};

[[noreturn]] void decline(const std::string& why) { throw NotHandledNatively(why); }

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return text;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// %XX escapes, as libxml2's xmlURIUnescapeString; nothing for a broken escape or a NUL.
std::optional<std::string> unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        int high = hex_digit(text[i + 1]), low = hex_digit(text[i + 2]);
        if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// scheme://[user@]server[:port]/path[?query] -- the forms libvirt's URIs take. Anything
// unusual (no "//", escapes outside the query, a fragment) is left to libvirt.so.
std::optional<Uri> parse_uri(const std::string& text) {
    Uri uri;
    std::size_t colon = text.find("://");
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    uri.scheme = text.substr(0, colon);
    if (!std::all_of(uri.scheme.begin(), uri.scheme.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }))
        return std::nullopt;
    std::string rest = text.substr(colon + 3);
    if (rest.find('#') != std::string::npos) return std::nullopt;
    std::size_t query_at = rest.find('?');
    std::string query = query_at == std::string::npos ? "" : rest.substr(query_at + 1);
    rest = rest.substr(0, query_at);
    std::size_t path_at = rest.find('/');
    std::string authority = rest.substr(0, path_at);
    uri.path = path_at == std::string::npos ? "" : rest.substr(path_at);
    if (authority.find('%') != std::string::npos || uri.path.find('%') != std::string::npos) return std::nullopt;
    if (std::size_t at = authority.rfind('@'); at != std::string::npos) {
        uri.user = authority.substr(0, at);
        authority = authority.substr(at + 1);
    }
    std::size_t port_at = authority.rfind(':');
    if (!authority.empty() && authority[0] == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string::npos) return std::nullopt;
        uri.server = authority.substr(1, close - 1);
        port_at = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string::npos;
        if (port_at == std::string::npos && authority.size() != close + 1) return std::nullopt;
    } else {
        uri.server = authority.substr(0, port_at);
    }
    if (port_at != std::string::npos) {
        std::string port = authority.substr(port_at + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
        uri.port = std::stoi(port);
    }
    for (std::size_t start = 0; start < query.size();) {
        std::size_t end = query.find_first_of("&;", start);
        if (end == std::string::npos) end = query.size();
        std::string item = query.substr(start, end - start);
        start = end + 1;
        if (item.empty()) continue;
        if (item.find('+') != std::string::npos) return std::nullopt;  // '+' decoding differs between versions
        std::size_t equals = item.find('=');
        auto name = unescape(item.substr(0, equals));
        auto value = unescape(equals == std::string::npos ? "" : item.substr(equals + 1));
        if (!name || !value) return std::nullopt;
        uri.params.emplace_back(lower(*name), *value);
    }
    return uri;
}

// g_get_user_runtime_dir() + "/libvirt", as libvirt's virGetUserRuntimeDirectory.
std::string user_runtime_dir(const Host& host) {
    auto runtime = host.environment("XDG_RUNTIME_DIR");
    if (runtime && !runtime->empty()) return *runtime + "/libvirt";
    auto cache = host.environment("XDG_CACHE_HOME");
    if (cache && !cache->empty()) return *cache + "/libvirt";
    auto home = host.environment("HOME");
    return (home ? *home : std::string()) + "/.cache/libvirt";
}

std::string socket_path(const std::string& prefix, bool read_only, bool user, const Host& host) {
    if (user) return user_runtime_dir(host) + "/" + prefix + "-sock";
    return std::string(system_socket_dir) + "/" + prefix + (read_only ? "-sock-ro" : "-sock");
}

// libvirt's virBufferEscapeShell: verbatim unless the text needs quoting for sh.
std::string shell_escape(const std::string& text) {
    if (!text.empty() && text.find_first_of("\r\t\n !\"#$&'()*;<>?[\\]^`{|}~") == std::string::npos) return text;
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\'";
        out += c;
    }
    return out + "'";
}

// The remote side of the ssh tunnel: virt-ssh-helper, or nc on the daemon's socket
// (virNetClientSSHHelperCommand). Quoted twice: ssh hands it to a shell that runs sh -c.
std::string helper_command(const std::string& proxy, const std::optional<std::string>& netcat, const std::string& socket,
                           const std::string& driver_uri, bool read_only) {
    std::string nc = shell_escape(shell_escape(netcat ? *netcat : "nc"));
    std::string nc_command = "if '" + nc + "' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then " +
                             "ARG=-q0;else ARG=;fi;'" + nc + "' $ARG -U " + socket;
    std::string helper = std::string("virt-ssh-helper") + (read_only ? " -r " : " ") + "'" +
                         shell_escape(shell_escape(driver_uri)) + "'";
    if (proxy == "netcat") return "sh -c '" + nc_command + "'";
    if (proxy == "native") return "sh -c '" + helper + "'";
    return "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " + helper + "; else    " + nc_command +
           "; fi'";
}

const std::vector<std::string> common_environment = {"LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME",
                                                     "USER",       "LOGNAME",         "TMPDIR"};
const std::vector<std::string> ssh_environment = {"KRB5CCNAME", "SSH_AUTH_SOCK", "SSH_ASKPASS", "DISPLAY", "XAUTHORITY"};

bool parse_flag(const std::string& name, const std::string& value) {
    char* end = nullptr;
    long number = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0') decline("the URI parameter " + name + "=" + value);
    return number == 0;  // no_tty=1 -> tty = false
}

}  // namespace

Host this_host() {
    Host host;
    host.euid = ::geteuid();
    host.environment = [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    host.exists = [](const std::string& path) { return ::access(path.c_str(), F_OK) == 0; };
    // POSIX reads, not iostreams: those would pull locale set-up into every run.
    host.read_file = [](const std::string& path) -> std::optional<std::string> {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return std::nullopt;
        std::string text;
        char buffer[4096];
        ssize_t n;
        while (text.size() < (1u << 20) && (n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, n);
        ::close(fd);
        return text;
    };
    return host;
}

Target resolve_target(const std::string& text, bool read_only, const Host& host) {
    auto uri = parse_uri(text);
    if (!uri) decline("the URI " + text);
    std::size_t plus = uri->scheme.find('+');
    std::string driver = uri->scheme.substr(0, plus);
    std::string transport = plus == std::string::npos ? "" : lower(uri->scheme.substr(plus + 1));
    if (driver != "qemu" && driver != "lxc") decline("the " + driver + " driver (" + text + ")");
    if (transport.empty()) transport = uri->server.empty() ? "unix" : "tls";
    if (transport != "unix" && transport != "ssh") decline("the " + transport + " transport (" + text + ")");
    if (transport == "unix" && !uri->server.empty()) decline("a unix socket on a remote server (" + text + ")");
    if (uri->path.empty() || uri->path.find_first_not_of("/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos ||
        uri->path[0] != '/' || uri->path.find('/', 1) != std::string::npos)
        decline("the URI path " + uri->path);

    std::map<std::string, std::string> params;  // the last of each wins, as in libvirt
    bool tty = true, verify = true;
    for (const auto& [name, value] : uri->params) {
        static const char* const known[] = {"name",    "command",     "socket",      "auth",   "sshauth",
                                            "netcat",  "keyfile",     "pkipath",     "known_hosts",
                                            "known_hosts_verify", "tls_priority", "mode", "proxy", "authfile"};
        if (name == "no_tty") tty = parse_flag(name, value);
        else if (name == "no_verify") verify = parse_flag(name, value);
        else if (name == "no_sanity") parse_flag(name, value);
        else if (std::find(std::begin(known), std::end(known), name) != std::end(known)) params[name] = value;
        else decline("the URI parameter '" + name + "' (libvirt passes it on to the daemon)");
    }
    auto param = [&](const char* name) -> std::optional<std::string> {
        auto found = params.find(name);
        return found == params.end() ? std::nullopt : std::optional<std::string>(found->second);
    };

    // libvirt.conf may change the socket mode or the ssh proxy: leave such set-ups to libvirt.
    std::string config = host.euid == 0 ? "/etc/libvirt/libvirt.conf" : "";
    if (host.euid != 0) {
        auto base = host.environment("XDG_CONFIG_HOME");
        auto home = host.environment("HOME");
        config = (base && !base->empty() ? *base : (home ? *home : "") + "/.config") + "/libvirt/libvirt.conf";
    }
    if (auto settings = host.read_file(config);
        settings && (settings->find("remote_mode") != std::string::npos || settings->find("remote_proxy") != std::string::npos))
        decline("remote_mode or remote_proxy from " + config);

    Target target;
    if (auto auth = param("auth")) {
        if (lower(*auth) != "polkit") decline("authentication type " + *auth);
        target.polkit_wanted = true;
    }
    bool user = uri->path == "/session" && host.euid > 0;
    auto autostart = host.environment("LIBVIRT_AUTOSTART");
    bool autostart_wanted = user && uri->server.empty() && transport == "unix" && (!autostart || *autostart != "0");
    target.open_flags = (read_only ? open_read_only : 0) | (user ? open_user : 0) | (autostart_wanted ? open_autostart : 0);
    target.open_name = param("name") ? param("name") : std::optional<std::string>(driver + "://" + uri->path);

    std::string mode = param("mode") ? *param("mode") : "auto";
    if (mode != "auto" && mode != "legacy" && mode != "direct") decline("the remote mode " + mode);
    auto socket = param("socket");

    if (transport == "unix") {
        if (socket) {
            target.socket_path = *socket;
            return target;
        }
        std::string direct = socket_path("virt" + driver + "d", read_only, user, host);
        std::string legacy = socket_path("libvirt", read_only, user, host);
        if (mode == "auto") mode = host.exists(direct) ? "direct" : "legacy";  // Debian builds default to legacy
        target.socket_path = mode == "direct" ? direct : legacy;
        target.may_autostart = autostart_wanted;
        return target;
    }

    // ssh
    if (param("mode")) decline("the remote mode parameter over ssh");
    std::string socket_name = socket ? *socket : socket_path("libvirt", read_only, user, host);
    std::string proxy = param("proxy") ? *param("proxy") : socket ? "netcat" : user ? "native" : "auto";
    if (proxy != "auto" && proxy != "netcat" && proxy != "native") decline("the ssh proxy " + proxy);
    if (proxy == "auto" && param("netcat")) proxy = "netcat";
    if (proxy == "native" && param("netcat")) decline("a netcat path with the native proxy");
    target.command = {param("command") ? *param("command") : "ssh"};
    if (uri->port != 0) target.command.insert(target.command.end(), {"-p", std::to_string(uri->port)});
    if (!uri->user.empty()) target.command.insert(target.command.end(), {"-l", uri->user});
    if (auto keyfile = param("keyfile")) target.command.insert(target.command.end(), {"-i", *keyfile});
    target.command.insert(target.command.end(), {"-T", "-e", "none"});
    if (!tty) target.command.insert(target.command.end(), {"-o", "BatchMode=yes"});
    if (!verify) target.command.insert(target.command.end(), {"-o", "StrictHostKeyChecking=no"});
    target.command.insert(target.command.end(), {"--", uri->server.empty() ? "localhost" : uri->server,
                                                 helper_command(proxy, param("netcat"), socket_name,
                                                                target.open_name.value_or(""), read_only)});
    target.command_environment = common_environment;
    target.command_environment.insert(target.command_environment.end(), ssh_environment.begin(), ssh_environment.end());
    return target;
}

}  // namespace virtcheck::libvirt::native
