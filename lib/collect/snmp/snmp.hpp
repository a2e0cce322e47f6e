#pragma once
// What the SNMP collector gives the checks. The implementation lives in the backend module
// virtcheck-snmp.so (net-snmp), loaded only in SNMP mode, so only plain data here.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.hpp"

namespace virtcheck::snmp {

using Oid = std::vector<std::uint32_t>;

// "1.3.6.1.2.1.1.3.0" (a leading dot is allowed); nothing for anything else.
std::optional<Oid> parse_oid(std::string_view text);
std::string to_string(const Oid& oid);
bool within(const Oid& oid, const Oid& subtree);  // oid starts with subtree (and is longer or equal)

struct Value {
    enum class Type {
        Integer,         // INTEGER / Integer32: `integer`
        Unsigned,        // Gauge32, Counter32, TimeTicks, Unsigned32, Counter64: `number`
        OctetString,     // `text` (raw bytes, untrusted)
        ObjectId,        // `text`, dotted
        IpAddress,       // `text`, dotted
        Null,
        NoSuchObject,    // the agent does not implement the object
        NoSuchInstance,  // the object exists but not this instance
        EndOfMibView,    // a walk went past the agent's last object
        Other,
    };
    Type type = Type::Null;
    std::int64_t integer = 0;
    std::uint64_t number = 0;
    std::string text{};
    bool is_timeticks = false;  // Unsigned that counts hundredths of seconds
};

struct VarBind {
    Oid oid{};
    Value value{};
};

enum class Version { V1, V2c, V3 };
enum class SecurityLevel { NoAuthNoPriv, AuthNoPriv, AuthPriv };

// Everything a session needs. The secrets never go into any output.
struct SessionOptions {
    std::string host{};
    unsigned port = 161;
    int address_family = 0;  // -4 / -6; 0: the first address the name resolves to
    Version version = Version::V2c;
    std::string community{};
    std::string security_name{};
    SecurityLevel level = SecurityLevel::NoAuthNoPriv;
    std::string auth_protocol = "SHA";  // MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512
    std::string auth_password{};
    std::string priv_protocol = "AES";  // DES, AES, AES-192, AES-256
    std::string priv_password{};
    unsigned retries = 2;
    double timeout_seconds = 1;  // per try
};

class Session {
public:
    virtual ~Session() = default;
    // One GET for all `oids`; the answer in the same order. Missing objects come back as
    // NoSuchObject/NoSuchInstance values, not as errors.
    virtual std::vector<VarBind> get(const std::vector<Oid>& oids) = 0;
    // Every object below `subtree`, in order: GETBULK (GETNEXT for v1). Stops at the end of
    // the subtree, at endOfMibView, at an OID that does not increase, or after `max_rows`.
    virtual std::vector<VarBind> walk(const Oid& subtree, std::size_t max_rows = 100000) = 0;
};

// session.walk(subtree), but an agent without that table is an error naming it:
// "the SNMP agent has no vmwVmTable (1.3.6.1.4.1.6876.2.1.1): not an ESXi host?".
// Throws CollectError (UNKNOWN).
std::vector<VarBind> walk_table(Session& session, const Oid& subtree, const std::string& name, const std::string& hint);

class Client {
public:
    // Throws CollectError: Unreachable when the agent does not answer, Denied for v3
    // authentication failures, Failed otherwise.
    virtual std::unique_ptr<Session> open(const SessionOptions& options, Progress& progress) = 0;

protected:
    ~Client() = default;
};

// The module, loaded on first use.
Client& client();

inline constexpr const char* client_symbol = "virtcheck_snmp_client_v2";
inline constexpr const char* module_file = "virtcheck-snmp.so";

}  // namespace virtcheck::snmp
