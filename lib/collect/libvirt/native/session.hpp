#pragma once
// What the collectors of the native connection share: the remote calls, the URI the user
// gave, and the progress they report ("reading VM statistics from ...").
#include <string>
#include <string_view>

#include "collect/libvirt/native/libvirt_error.hpp"
#include "collect/libvirt/native/remote_calls.hpp"
#include "core/errors.hpp"
#include "core/progress.hpp"

namespace virtcheck::libvirt::native {

struct Session {
    RemoteCalls& remote;
    const std::string& uri;
    Progress& progress;
    bool read_only;

    // The check's error for a call that failed while `doing`, as module/'s last_error() words it.
    CollectError failure(const LibvirtError& error, std::string_view doing) const;
    // The same for a call that "failed" without any error (a negative count): libvirt's text then.
    CollectError unexplained(std::string_view doing) const;
    // libvirt's client refuses calls that change something on a read-only connection itself,
    // without asking the daemon (virCheckReadOnlyGoto); `api` is the public function's name,
    // `error_domain` the VIR_FROM_* of its source file.
    void refuse_if_read_only(const char* api, int error_domain) const;
};

}  // namespace virtcheck::libvirt::native
