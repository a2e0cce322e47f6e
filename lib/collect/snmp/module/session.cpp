// The SNMP backend module: net-snmp's single-session API, synchronous requests.
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdlib>
#include <mutex>

#include "collect/snmp/module/values.hpp"
#include "collect/snmp/snmp.hpp"
#include "core/errors.hpp"

namespace virtcheck::snmp {
namespace {

// The agent's address, numeric: net-snmp's "udp:" transport would look a name up as IPv4 only.
// Throws CollectError (UNKNOWN: the check could not look) when the name does not resolve.
std::string resolve(const std::string& host, int family) {
    addrinfo hints{};
    hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (int error = getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0 || !found)
        throw CollectError(CollectError::Kind::Failed, "cannot resolve " + host +
                                                           (family ? " as IPv" + std::to_string(family) : "") + ": " +
                                                           gai_strerror(error));
    char text[INET6_ADDRSTRLEN] = {};
    const void* address = found->ai_family == AF_INET6
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr);
    inet_ntop(found->ai_family, address, text, sizeof text);
    freeaddrinfo(found);
    return text;
}

// No config files, no persistent engine boots, no MIB files: numeric OIDs only, and
// nothing of the host's snmp.conf changes what a check does.
void initialise_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        ::setenv("MIBS", "", 1);
        ::setenv("MIBDIRS", "/nonexistent", 1);
        netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
        netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
        netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
        netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
        snmp_disable_log();
        init_snmp("virtcheck");
    });
}

std::vector<::oid> to_net_snmp(const Oid& oid) { return std::vector<::oid>(oid.begin(), oid.end()); }

struct PduFree {
    void operator()(netsnmp_pdu* pdu) const { snmp_free_pdu(pdu); }
};
using Response = std::unique_ptr<netsnmp_pdu, PduFree>;

class NetSnmpSession final : public Session {
public:
    NetSnmpSession(void* handle, std::string target, Version version, Progress& progress)
        : handle_(handle), target_(std::move(target)), version_(version), progress_(progress) {}
    ~NetSnmpSession() override { snmp_sess_close(handle_); }

    std::vector<VarBind> get(const std::vector<Oid>& oids) override {
        std::vector<VarBind> answer(oids.size());
        std::vector<std::size_t> pending;
        for (std::size_t i = 0; i < oids.size(); ++i) pending.push_back(i);
        // v1 answers a missing object with noSuchName for the whole request: mark it and ask again.
        while (!pending.empty()) {
            netsnmp_pdu* pdu = snmp_pdu_create(SNMP_MSG_GET);
            for (std::size_t i : pending) {
                auto arcs = to_net_snmp(oids[i]);
                snmp_add_null_var(pdu, arcs.data(), arcs.size());
            }
            Response response = request(pdu, "GET " + to_string(oids[pending.front()]));
            if (response->errstat == SNMP_ERR_NOSUCHNAME && response->errindex >= 1 &&
                static_cast<std::size_t>(response->errindex) <= pending.size()) {
                std::size_t missing = pending[static_cast<std::size_t>(response->errindex) - 1];
                answer[missing] = {oids[missing], Value{Value::Type::NoSuchObject}};
                pending.erase(pending.begin() + (response->errindex - 1));
                continue;
            }
            fail_on_error(*response, "GET " + to_string(oids[pending.front()]));
            std::size_t k = 0;
            for (auto* v = response->variables; v && k < pending.size(); v = v->next_variable, ++k)
                answer[pending[k]] = {from_net_snmp(v->name, v->name_length), value_of(v)};
            if (k < pending.size())
                throw CollectError(CollectError::Kind::Failed, "the SNMP agent at " + target_ +
                                                                   " answered a GET with fewer values than asked for");
            pending.clear();
        }
        return answer;
    }

    std::vector<VarBind> walk(const Oid& subtree, std::size_t max_rows) override {
        progress_.stage("walking " + to_string(subtree) + " at " + target_);
        std::vector<VarBind> rows;
        Oid last = subtree;
        while (rows.size() < max_rows) {
            netsnmp_pdu* pdu = snmp_pdu_create(version_ == Version::V1 ? SNMP_MSG_GETNEXT : SNMP_MSG_GETBULK);
            if (version_ != Version::V1) {
                pdu->non_repeaters = 0;
                pdu->max_repetitions = 25;
            }
            auto arcs = to_net_snmp(last);
            snmp_add_null_var(pdu, arcs.data(), arcs.size());
            Response response = request(pdu, "walking " + to_string(subtree));
            if (version_ == Version::V1 && response->errstat == SNMP_ERR_NOSUCHNAME) break;  // v1's end of MIB
            fail_on_error(*response, "walking " + to_string(subtree));
            bool more = false;
            for (auto* v = response->variables; v; v = v->next_variable) {
                VarBind row{from_net_snmp(v->name, v->name_length), value_of(v)};
                if (row.value.type == Value::Type::EndOfMibView || !within(row.oid, subtree)) return rows;
                // An agent that does not move forward would make this loop forever.
                if (!(last < row.oid))
                    throw CollectError(CollectError::Kind::Failed, "the SNMP agent at " + target_ +
                                                                       " returned OIDs out of order under " +
                                                                       to_string(subtree) + " at " + to_string(row.oid));
                last = row.oid;
                rows.push_back(std::move(row));
                more = true;
                if (rows.size() >= max_rows) break;
            }
            if (!more) break;
        }
        return rows;
    }

private:
    Response request(netsnmp_pdu* pdu, const std::string& doing) {
        progress_.stage(doing + " at " + target_);
        netsnmp_pdu* raw = nullptr;
        int status = snmp_sess_synch_response(handle_, pdu, &raw);
        Response response(raw);
        if (status == STAT_SUCCESS && response) return response;
        int library_error = 0, system_error = 0;
        char* text = nullptr;
        snmp_sess_error(handle_, &library_error, &system_error, &text);
        std::string message = text ? text : "unknown error";
        std::free(text);
        // The single-session API leaves the code in the library's global for some failures.
        if (library_error == 0) library_error = snmp_errno;
        // v3 engine discovery times out as an error, not as STAT_TIMEOUT: the same silence.
        if (status == STAT_TIMEOUT || library_error == SNMPERR_TIMEOUT)
            throw CollectError(CollectError::Kind::Unreachable,
                               "no answer from the SNMP agent at " + target_ +
                                   (version_ == Version::V3 ? " (an agent also stays silent when it cannot decrypt: "
                                                              "check -x/-X)"
                                                            : " (an agent also stays silent for a wrong community)"));
        switch (library_error) {
            case SNMPERR_AUTHENTICATION_FAILURE:
            case SNMPERR_UNKNOWN_USER_NAME:
            case SNMPERR_UNSUPPORTED_SEC_LEVEL:
            case SNMPERR_DECRYPTION_ERR:
            case SNMPERR_USM_AUTHENTICATIONFAILURE:
            case SNMPERR_USM_UNKNOWNSECURITYNAME:
            case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
            case SNMPERR_USM_DECRYPTIONERROR:
                throw CollectError(CollectError::Kind::Denied, "the SNMP agent at " + target_ + " refused us: " + message);
            default:
                throw CollectError(CollectError::Kind::Failed,
                                   "SNMP " + doing + " at " + target_ + " failed: " + message);
        }
    }

    void fail_on_error(const netsnmp_pdu& response, const std::string& doing) {
        if (response.errstat == SNMP_ERR_NOERROR) return;
        throw CollectError(CollectError::Kind::Failed, "the SNMP agent at " + target_ + " answered " + doing + " with " +
                                                           snmp_errstring(static_cast<int>(response.errstat)));
    }

    void* handle_;
    std::string target_;
    Version version_;
    Progress& progress_;
};

class NetSnmpClient final : public Client {
public:
    std::unique_ptr<Session> open(const SessionOptions& o, Progress& progress) override {
        progress.stage("opening an SNMP session to " + o.host);
        initialise_once();
        // Messages name the agent as given; net-snmp gets the address it resolves to.
        std::string target = (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) + ":" +
                             std::to_string(o.port);
        progress.stage("looking up " + o.host);
        const std::string address = resolve(o.host, o.address_family);
        bool ipv6 = address.find(':') != std::string::npos;
        std::string peer = (ipv6 ? "udp6:[" + address + "]" : "udp:" + address) + ":" + std::to_string(o.port);

        netsnmp_session session;
        snmp_sess_init(&session);
        session.peername = peer.data();
        session.retries = static_cast<int>(o.retries);
        session.timeout = static_cast<long>(o.timeout_seconds * 1e6);
        std::string community = o.community, name = o.security_name;
        switch (o.version) {
            case Version::V1: session.version = SNMP_VERSION_1; break;
            case Version::V2c: session.version = SNMP_VERSION_2c; break;
            case Version::V3: session.version = SNMP_VERSION_3; break;
        }
        if (o.version != Version::V3) {
            session.community = reinterpret_cast<u_char*>(community.data());
            session.community_len = community.size();
        } else {
            session.securityName = name.data();
            session.securityNameLen = name.size();
            session.securityLevel = o.level == SecurityLevel::AuthPriv     ? SNMP_SEC_LEVEL_AUTHPRIV
                                    : o.level == SecurityLevel::AuthNoPriv ? SNMP_SEC_LEVEL_AUTHNOPRIV
                                                                           : SNMP_SEC_LEVEL_NOAUTH;
            if (o.level != SecurityLevel::NoAuthNoPriv) set_keys(session, o);
        }
        void* handle = snmp_sess_open(&session);
        if (!handle) {
            int library_error = 0, system_error = 0;
            char* text = nullptr;
            snmp_error(&session, &library_error, &system_error, &text);
            std::string message = text ? text : "unknown error";
            std::free(text);
            throw CollectError(CollectError::Kind::Failed, "cannot open an SNMP session to " + target + ": " + message);
        }
        return std::make_unique<NetSnmpSession>(handle, target, o.version, progress);
    }

private:
    // Localised keys from the passwords, as snmpget -a/-A/-x/-X does.
    static void set_keys(netsnmp_session& session, const SessionOptions& o) {
        int auth_type = usm_lookup_auth_type(o.auth_protocol.c_str());
        std::size_t auth_length = 0;
        ::oid* auth_oid = auth_type < 0 ? nullptr : sc_get_auth_oid(auth_type, &auth_length);
        if (!auth_oid) throw UsageError("-a: this net-snmp has no authentication protocol " + o.auth_protocol);
        session.securityAuthProto = auth_oid;
        session.securityAuthProtoLen = auth_length;
        session.securityAuthKeyLen = USM_AUTH_KU_LEN;
        if (generate_Ku(auth_oid, auth_length, reinterpret_cast<const u_char*>(o.auth_password.data()),
                        o.auth_password.size(), session.securityAuthKey, &session.securityAuthKeyLen) != SNMPERR_SUCCESS)
            throw UsageError("-A: cannot derive a key from the authentication password (at least 8 characters)");
        if (o.level != SecurityLevel::AuthPriv) return;
        int priv_type = usm_lookup_priv_type(o.priv_protocol.c_str());
        std::size_t priv_length = 0;
        ::oid* priv_oid = priv_type < 0 ? nullptr : sc_get_priv_oid(priv_type, &priv_length);
        if (!priv_oid) throw UsageError("-x: this net-snmp has no privacy protocol " + o.priv_protocol);
        session.securityPrivProto = priv_oid;
        session.securityPrivProtoLen = priv_length;
        session.securityPrivKeyLen = USM_PRIV_KU_LEN;
        if (generate_Ku(auth_oid, auth_length, reinterpret_cast<const u_char*>(o.priv_password.data()),
                        o.priv_password.size(), session.securityPrivKey, &session.securityPrivKeyLen) != SNMPERR_SUCCESS)
            throw UsageError("-X: cannot derive a key from the privacy password (at least 8 characters)");
    }
};

}  // namespace
}  // namespace virtcheck::snmp

extern "C" __attribute__((visibility("default"))) virtcheck::snmp::Client* virtcheck_snmp_client_v2() {
    static virtcheck::snmp::NetSnmpClient client;
    return &client;
}
