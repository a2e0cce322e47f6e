#pragma once
// Reading what a check printed, the Nagios plugin way: line 1 is "TEXT | PERFDATA", later
// lines are long output, and a '|' in a later line starts more perfdata that runs to the end.
// The bytes are untrusted (any program can be a check): control bytes and invalid UTF-8 are
// escaped, and the whole is cut at a size limit, so nothing from here can forge mail headers
// or terminal output.
#include <cstddef>
#include <string>
#include <string_view>

namespace virtcheck::alert {

struct CheckOutput {
    std::string shortname;    // "VM_STATE" when line 1 reads "VM_STATE CRITICAL - ..."; else empty
    std::string summary;      // line 1 after "NAME STATE - " (all of line 1's text without a prefix)
    std::string first_line;   // line 1 without perfdata
    std::string long_output;  // the later text lines, joined by '\n'
    std::string perfdata;     // every perfdata part, space separated
    bool cut = false;         // the output was longer than the limit
};

constexpr std::size_t max_check_output = 64 * 1024;

CheckOutput parse_check_output(std::string_view raw);

}  // namespace virtcheck::alert
