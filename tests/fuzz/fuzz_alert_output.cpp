// libFuzzer target: virtcheck-alert reads what any check prints (untrusted bytes). Parsing
// must never crash, and what comes out must be safe for mail headers and terminals: no
// control bytes in any text part, no line break outside long output.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alert/check_output.hpp"

using namespace virtcheck::alert;

namespace {

void no_control_bytes(const std::string& text, bool newlines_allowed) {
    for (unsigned char c : text)
        if ((c < 0x20 && !(newlines_allowed && c == '\n')) || c == 0x7F) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    CheckOutput out = parse_check_output(std::string_view(reinterpret_cast<const char*>(data), size));
    no_control_bytes(out.shortname, false);
    no_control_bytes(out.summary, false);
    no_control_bytes(out.first_line, false);
    no_control_bytes(out.perfdata, false);
    no_control_bytes(out.long_output, true);
    if (out.first_line.find('|') != std::string::npos) std::abort();
    if (size <= max_check_output && out.cut) std::abort();
    return 0;
}
