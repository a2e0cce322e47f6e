#include "collect/libvirt/native/open.hpp"

#include <errno.h>
#include <libvirt/virterror.h>

#include <algorithm>

#include "collect/libvirt/common/error_text.hpp"
#include "collect/libvirt/native/connection.hpp"
#include "collect/libvirt/native/native.hpp"
#include "collect/libvirt/native/stream_transport.hpp"
#include "collect/libvirt/native/target.hpp"

namespace virtcheck::libvirt::native {
namespace {

// remoteAuthenticate: the daemon lists its schemes; the first one (or the one the URI asks
// for) is used. SASL needs libvirt's SASL client: that is left to libvirt.so.
void authenticate(RemoteCalls& remote, bool polkit_wanted) {
    std::vector<std::int32_t> types;
    try {
        types = remote.auth_list();
    } catch (const LibvirtError& e) {
        if (e.code == VIR_ERR_NO_SUPPORT) return;  // a daemon older than authentication
        throw;
    }
    if (types.empty()) return;
    auto type = static_cast<AuthType>(types[0]);
    if (polkit_wanted) {
        if (std::find(types.begin(), types.end(), static_cast<std::int32_t>(AuthType::Polkit)) == types.end())
            throw LibvirtError(VIR_ERR_AUTH_FAILED, VIR_FROM_REMOTE, "requested authentication type polkit rejected");
        type = AuthType::Polkit;
    }
    switch (type) {
        case AuthType::None: return;
        case AuthType::Polkit: remote.auth_polkit(); return;
        case AuthType::Sasl: throw NotHandledNatively("SASL authentication, which this daemon asks for");
    }
    throw LibvirtError(VIR_ERR_AUTH_FAILED, VIR_FROM_REMOTE,
                       "unsupported authentication type " + std::to_string(types[0]));
}

std::unique_ptr<Transport> connect(const Target& target) {
    if (!target.command.empty()) return spawn_command(target.command, target.command_environment);
    try {
        return connect_unix(target.socket_path);
    } catch (const LibvirtError& e) {
        // libvirt would start a session daemon here and retry: that stays with libvirt.so.
        if (target.may_autostart && (e.system_errno == ENOENT || e.system_errno == ECONNREFUSED))
            throw NotHandledNatively("starting a session daemon (" + std::string(e.what()) + ")");
        throw;
    }
}

}  // namespace

std::unique_ptr<Connection> open_connection(const std::string& uri, Access access, Progress& progress) {
    progress.stage("connecting to " + uri);
    Target target = resolve_target(uri, access == Access::ReadOnly, this_host());
    try {
        auto client = std::make_unique<RpcClient>(connect(target));
        RemoteCalls remote(*client);
        authenticate(remote, target.polkit_wanted);
        remote.connect_open(target.open_name, target.open_flags);
        return std::make_unique<NativeConnection>(std::move(client), uri, progress, access == Access::ReadOnly);
    } catch (const LibvirtError& e) {
        throw describe_error(uri, "connecting", classify_error(e.code, e.domain, e.what()), e.what());
    }
}

}  // namespace virtcheck::libvirt::native
