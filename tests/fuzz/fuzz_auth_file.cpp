// libFuzzer target: the SNMP secrets file (--auth-file). Whatever it holds, reading it never
// crashes, and a refusal never quotes the file back (it may hold a secret).
#include <cstdint>
#include <string>

#include "collect/snmp/secrets.hpp"
#include "core/errors.hpp"

using namespace virtcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        snmp::Secrets secrets = snmp::parse_secrets(text, "auth.conf");
        (void)secrets;
    } catch (const UsageError& e) {
        // The message is "--auth-file auth.conf: line N is not ...": a fixed text around the line number.
        std::string message = e.what();
        if (message.size() > 160) __builtin_trap();
    }
    return 0;
}
