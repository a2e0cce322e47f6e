#include "collect/vsphere/module/connection.hpp"

#include <unistd.h>

#include "collect/vsphere/module/scope.hpp"
#include "core/errors.hpp"

namespace virtcheck::vsphere {
namespace {

using Kind = CollectError::Kind;
constexpr int max_pages = 1000;

void check_options(const ConnectOptions& o) {
    const std::string scheme = "https://";
    if (o.url.compare(0, scheme.size(), scheme) != 0 || o.url.size() == scheme.size())
        throw UsageError("--vsphere: want an https:// URL (https://HOST/sdk), not " + o.url);
    std::string authority = o.url.substr(scheme.size());
    authority = authority.substr(0, authority.find('/'));
    if (authority.find('@') != std::string::npos)
        throw UsageError("--vsphere: no user name or password in the URL: give them with --user and --auth-file");
    if (!o.ca_file.empty() && access(o.ca_file.c_str(), R_OK) != 0)
        throw UsageError("--ca-file: cannot read " + o.ca_file);
    if (o.user.empty()) throw UsageError("vSphere mode needs a user name (--user, --auth-file or VIRTCHECK_VSPHERE_USER)");
}

// The service content and about fields, as cached with the session.
constexpr const char* about_fields[] = {"name", "fullName", "version", "build", "apiType", "apiVersion", "instanceUuid"};

std::string* about_field(About& about, std::string_view name) {
    if (name == "name") return &about.name;
    if (name == "fullName") return &about.full_name;
    if (name == "version") return &about.version;
    if (name == "build") return &about.build;
    if (name == "apiType") return &about.api_type;
    if (name == "apiVersion") return &about.api_version;
    if (name == "instanceUuid") return &about.instance_uuid;
    return nullptr;
}

}  // namespace

std::string ref_text(const MoRef& ref) { return ref.type + ":" + ref.value; }

std::optional<MoRef> ref_from_text(const std::string& text) {
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    return MoRef{text.substr(0, colon), text.substr(colon + 1)};
}

Connection::Connection(const ConnectOptions& options, Progress& progress)
    : options_(options),
      deadline_(options.time_budget_seconds),
      progress_(progress),
      http_((check_options(options), options_), deadline_, progress),
      cache_(options.session_cache ? options.state_directory : std::string(), options.url, options.user) {
    if (cache_.enabled()) {
        ensure_private_directory(options_.state_directory);
        if (auto cached = cache_.load(); cached && Http::valid_cookie(cached->cookie)) {
            for (const auto& [key, value] : cached->content) {
                if (key.rfind("about.", 0) == 0) {
                    if (std::string* field = about_field(about_, key.substr(6))) *field = value;
                } else if (auto ref = ref_from_text(value)) {
                    content_[key] = *ref;
                }
            }
            if (content_.count("propertyCollector") && content_.count("sessionManager") && content_.count("viewManager")) {
                http_.set_cookie(cached->cookie);
                views_ = cached->views;
                session_reused_ = true;
                return;
            }
            content_.clear();
        }
    }
    try {
        retrieve_service_content();
        login();
    } catch (const soap::Fault& fault) {
        fail(fault, "logging in");
    }
}

Connection::~Connection() {
    if (!options_.session_cache) logout();
    // A session this run put in the cache file stays, even when another run has replaced
    // the file since: a third run may have read it in between and be using it now (logging
    // it out here made such runs fail). Two runs can only both publish one when they finish
    // logging in at the same moment (adopt_concurrent_session); the server ends the extra
    // session when it has been idle long enough.
}

const MoRef& Connection::content(const std::string& name) const {
    auto found = content_.find(name);
    if (found == content_.end())
        throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " has no " + name +
                                             " in its service content");
    return found->second;
}

soap::Answer Connection::call(const std::string& body, std::string_view doing) {
    Http::Response response = http_.post(soap::envelope(body), doing);
    try {
        soap::Answer answer = soap::response_body(std::move(response.body));
        if (response.status != 200)
            throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " answered HTTP " +
                                                 std::to_string(response.status) + " without a SOAP fault while " +
                                                 std::string(doing));
        return answer;
    } catch (const soap::Malformed& malformed) {
        throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " sent an unreadable answer while " +
                                             std::string(doing) + ": " + malformed.what() + " (HTTP " +
                                             std::to_string(response.status) + ")");
    }
}

void Connection::retrieve_service_content() {
    soap::Answer answer = call(
        "<RetrieveServiceContent xmlns=\"urn:vim25\"><_this type=\"ServiceInstance\">ServiceInstance</_this>"
        "</RetrieveServiceContent>",
        "reading the service content");
    const xml::Node* returnval = answer->child("returnval");
    if (!returnval) throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " sent no service content");
    for (const xml::Node& field : returnval->children) {
        if (!field.ref_type.empty() && !field.text.empty()) content_[std::string(field.name)] = soap::ref_of(field);
        if (field.name == "about")
            for (const char* name : about_fields) *about_field(about_, name) = field.child_text(name);
    }
    for (const char* needed : {"propertyCollector", "sessionManager", "viewManager", "rootFolder"})
        content(needed);  // throws naming what is missing
}

void Connection::login() {
    progress_.stage("logging in to " + options_.url);
    const std::string came_with = http_.cookie();  // none, or the stale one
    http_.set_cookie("");
    // The body holds the password: it goes to libcurl and nowhere else (no message quotes
    // a request body).
    std::string body = "<Login xmlns=\"urn:vim25\">" + soap::ref_element("_this", content("sessionManager")) +
                       "<userName>" + xml::escape(options_.user) + "</userName><password>" +
                       xml::escape(options_.password) + "</password></Login>";
    ++logins_;
    call(body, "logging in");
    if (http_.cookie().empty())
        throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " accepted the login but sent no " +
                                             session_cookie_name + " cookie");
    views_.clear();
    scope_.reset();
    if (adopt_concurrent_session(came_with)) return;
    save_cache();
}

// Runs that started together on a cold or stale cache all log in. One that finds another's
// new session in the file by now takes it and logs its own out: its own was never in the
// file, so no other run can be using it.
bool Connection::adopt_concurrent_session(const std::string& came_with) {
    if (!cache_.enabled()) return false;
    auto stored = cache_.load();
    if (!stored || stored->cookie == http_.cookie() || stored->cookie == came_with ||
        !Http::valid_cookie(stored->cookie))
        return false;
    logout();
    http_.set_cookie(stored->cookie);
    views_ = stored->views;
    return true;
}

void Connection::logout() noexcept {
    if (http_.cookie().empty() || !content_.count("sessionManager")) return;
    try {
        ++logouts_;
        call("<Logout xmlns=\"urn:vim25\">" + soap::ref_element("_this", content("sessionManager")) + "</Logout>",
             "logging out");
    } catch (...) {
        // Best effort: the server ends idle sessions itself.
    }
    http_.set_cookie("");
}

void Connection::save_cache() {
    if (!cache_.enabled()) return;
    CachedSession session{options_.url, options_.user, http_.cookie(), {}, views_};
    for (const auto& [name, ref] : content_) session.content[name] = ref_text(ref);
    for (const char* name : about_fields) session.content[std::string("about.") + name] = *about_field(about_, name);
    cache_.save(session);
}

bool Connection::handle_stale(const soap::Fault& fault) {
    if (fault.type == "NotAuthenticated" && !relogged_) {
        relogged_ = true;
        // A concurrent run may have logged in already: its fresh cookie in the file costs
        // nothing (if it is stale too, the next call's fault ends this run's retries).
        if (auto stored = cache_.load(); stored && stored->cookie != http_.cookie() && Http::valid_cookie(stored->cookie)) {
            http_.set_cookie(stored->cookie);
            views_ = stored->views;
            scope_.reset();
            return true;
        }
        // The service content is read again too: what answers at this URL now may be another
        // server (an ESXi host where a vCenter was), whose managers the cache does not name.
        content_.clear();
        retrieve_service_content();
        login();
        return true;
    }
    if (fault.type == "ManagedObjectNotFound" && !view_remade_ && !views_.empty()) {
        // A cached view the server no longer has (its session died, or it was destroyed).
        view_remade_ = true;
        views_.clear();
        scope_.reset();
        return true;
    }
    return false;
}

std::string Connection::translate(const soap::Fault& fault) const {
    std::string message = "the vSphere API at " + options_.url + " answered " + fault.type;
    std::string text = fault.what();
    if (!text.empty()) message += ": " + text;
    if (!fault.privilege.empty() && text.find(fault.privilege) == std::string::npos)
        message += " (privilege " + fault.privilege + ")";
    // A server could echo what it was sent: never let the password through.
    if (!options_.password.empty())
        for (std::size_t at; (at = message.find(options_.password)) != std::string::npos;)
            message.replace(at, options_.password.size(), "***");
    return message;
}

void Connection::fail(const soap::Fault& fault, std::string_view doing) {
    std::string message = translate(fault);
    if (fault.type == "InvalidLogin")
        throw CollectError(Kind::Denied, "vSphere login to " + options_.url + " as " + options_.user +
                                             " refused: " + std::string(fault.what()));
    if (fault.type == "NoPermission") {
        // A session without the privilege is not kept: the next run logs in afresh (the
        // role may have been fixed by then).
        cache_.remove();
        logout();
        throw CollectError(Kind::Denied, "vSphere user " + options_.user + " lacks the privilege " +
                                             (fault.privilege.empty() ? std::string("(unnamed)") : fault.privilege) +
                                             " while " + std::string(doing) + " (" + message + ")");
    }
    if (fault.type == "NotAuthenticated")
        throw CollectError(Kind::Denied, message + " even after a fresh login while " + std::string(doing));
    throw CollectError(Kind::Failed, message + " while " + std::string(doing));
}

std::vector<ObjectContent> Connection::retrieve(const std::string& spec, std::string_view doing) {
    const MoRef& collector = content("propertyCollector");
    soap::Answer answer = call("<RetrievePropertiesEx xmlns=\"urn:vim25\">" + soap::ref_element("_this", collector) +
                                "<specSet>" + spec + "</specSet><options><maxObjects>" +
                                std::to_string(max_objects_per_page) + "</maxObjects></options></RetrievePropertiesEx>",
                            doing);
    RetrieveResult page = retrieve_result_of(answer);
    std::vector<ObjectContent> objects = std::move(page.objects);
    for (int pages = 1; !page.token.empty(); ++pages) {
        if (pages >= max_pages)
            throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " sent more than " +
                                                 std::to_string(max_pages) + " pages while " + std::string(doing));
        answer = call("<ContinueRetrievePropertiesEx xmlns=\"urn:vim25\">" + soap::ref_element("_this", collector) +
                          "<token>" + xml::escape(page.token) + "</token></ContinueRetrievePropertiesEx>",
                      doing);
        page = retrieve_result_of(answer);
        for (auto& object : page.objects) objects.push_back(std::move(object));
    }
    // A dead session reads as properties missing for NotAuthenticated on some servers.
    for (const auto& object : objects)
        for (const auto& missing : object.missing)
            if (missing.fault.type == "NotAuthenticated" || missing.fault.type == "NoPermission") throw missing.fault;
    return objects;
}

MoRef Connection::view(const std::string& type) {
    const Scope& where = scope();
    // --esx-host: the host's VMs are under the host itself; the host under its compute resource.
    MoRef container = !where.host.value.empty() && type == "VirtualMachine" ? where.host
                      : where.container.value.empty()                       ? content("rootFolder")
                                                                            : where.container;
    std::string key = type + "|" + ref_text(container);
    if (auto cached = views_.find(key); cached != views_.end())
        if (auto ref = ref_from_text(cached->second)) return *ref;
    soap::Answer answer = call("<CreateContainerView xmlns=\"urn:vim25\">" +
                                soap::ref_element("_this", content("viewManager")) +
                                soap::ref_element("container", container) + "<type>" + xml::escape(type) +
                                "</type><recursive>true</recursive></CreateContainerView>",
                            "creating a view of the " + type + " objects");
    const xml::Node* returnval = answer->child("returnval");
    if (!returnval || returnval->text.empty())
        throw CollectError(Kind::Failed, "the vSphere API at " + options_.url + " made no ContainerView");
    MoRef ref = soap::ref_of(*returnval);
    views_[key] = ref_text(ref);
    save_cache();
    return ref;
}

const Scope& Connection::scope() {
    if (scope_) return *scope_;
    if (options_.datacenter.empty() && options_.cluster.empty() && options_.esx_host.empty()) return scope_.emplace();
    const std::string key = "scope|" + options_.datacenter + "|" + options_.cluster + "|" + options_.esx_host;
    auto container = views_.find(key + "|container"), host = views_.find(key + "|host");
    if (container != views_.end() && host != views_.end()) {
        Scope cached;
        if (auto ref = ref_from_text(container->second)) cached.container = *ref;
        if (auto ref = ref_from_text(host->second)) cached.host = *ref;
        return scope_.emplace(cached);
    }
    Scope resolved = resolve_scope(*this, options_.datacenter, options_.cluster, options_.esx_host);
    views_[key + "|container"] = resolved.container.value.empty() ? "-" : ref_text(resolved.container);
    views_[key + "|host"] = resolved.host.value.empty() ? "-" : ref_text(resolved.host);
    save_cache();
    return scope_.emplace(resolved);
}

Statistics Connection::statistics() const {
    Statistics s;
    s.http_requests = http_.requests();
    s.logins = logins_;
    s.logouts = logouts_;
    s.session_reused = session_reused_;
    s.bytes_received = http_.bytes_received();
    return s;
}

}  // namespace virtcheck::vsphere
