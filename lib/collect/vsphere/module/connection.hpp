#pragma once
// One vSphere API session for a run: service content, login (or the cached session),
// ContainerViews, and the PropertyCollector reads with paging. Faults a stale session
// causes are handled here: NotAuthenticated reads the service content again and logs in
// once more, a cached view that the server no longer knows is made again.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collect/vsphere/module/http.hpp"
#include "collect/vsphere/module/properties.hpp"
#include "collect/vsphere/module/session_cache.hpp"
#include "collect/vsphere/vsphere.hpp"

namespace virtcheck::vsphere {

// Where the reads look: the whole inventory, or what --datacenter/--cluster/--esx-host name.
struct Scope {
    MoRef container;  // Datacenter, ClusterComputeResource or ComputeResource; empty: the root folder
    MoRef host;       // --esx-host
};

inline constexpr int max_objects_per_page = 10000;

class Connection {
public:
    Connection(const ConnectOptions& options, Progress& progress);
    ~Connection();  // no-cache mode logs out; a lost cache race logs the extra session out

    const About& about() const { return about_; }
    const MoRef& content(const std::string& name) const;  // "propertyCollector", "perfManager"...

    // Runs `read` and retries it once after a re-login or a re-made view (see above).
    template <class F>
    auto retrying(F read) -> decltype(read());

    // One RetrievePropertiesEx for `spec` (a PropertyFilterSpec's inner XML), then
    // ContinueRetrievePropertiesEx while the server hands out tokens.
    std::vector<ObjectContent> retrieve(const std::string& spec, std::string_view doing);

    // The ContainerView of `type` objects under the scope's container (made once per session).
    MoRef view(const std::string& type);
    const Scope& scope();

    // One call: the body element of the answer. Throws soap::Fault, CollectError.
    soap::Answer call(const std::string& body, std::string_view doing);

    Statistics statistics() const;
    const ConnectOptions& options() const { return options_; }
    std::string translate(const soap::Fault& fault) const;  // a CollectError message, secrets scrubbed
    [[noreturn]] void fail(const soap::Fault& fault, std::string_view doing);

private:
    void retrieve_service_content();
    void login();
    bool adopt_concurrent_session(const std::string& came_with);
    void logout() noexcept;
    void save_cache();
    bool handle_stale(const soap::Fault& fault);

    ConnectOptions options_;
    Deadline deadline_;
    Progress& progress_;
    Http http_;
    SessionCache cache_;
    std::map<std::string, MoRef> content_;
    About about_;
    std::map<std::string, std::string> views_;  // as cached: key -> "type:value"
    std::optional<Scope> scope_;
    bool relogged_ = false;
    bool view_remade_ = false;
    bool session_reused_ = false;
    bool cache_dirty_ = false;
    unsigned logins_ = 0;
    unsigned logouts_ = 0;
};

template <class F>
auto Connection::retrying(F read) -> decltype(read()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return read();
        } catch (const soap::Fault& fault) {
            bool again = false;
            try {
                again = attempt < 2 && handle_stale(fault);
            } catch (const soap::Fault& relogin) {
                fail(relogin, "logging in again");  // not the first fault: the re-login's is the news
            }
            if (again) continue;
            fail(fault, "reading the inventory");
        }
    }
}

// "type:value" <-> MoRef, for the cache file.
std::string ref_text(const MoRef& ref);
std::optional<MoRef> ref_from_text(const std::string& text);

}  // namespace virtcheck::vsphere
