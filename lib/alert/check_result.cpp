#include "alert/check_result.hpp"

#include <cstring>

#include "alert/time_text.hpp"
#include "core/text.hpp"

namespace virtcheck::alert {
namespace {

std::string first_line_of(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    return escape_text(cut_utf8(line, 300));
}

CheckResult unknown(std::string why, const std::string& out) {
    CheckResult result;
    result.status = Status::Unknown;
    result.output = parse_check_output(out);
    std::string said = result.output.first_line;
    result.output.first_line = std::move(why);
    if (!said.empty() && said != "(no output)") result.output.first_line += ": " + said;
    result.output.shortname.clear();
    result.output.summary = result.output.first_line;
    return result;
}

}  // namespace

CheckResult interpret(const Finished& finished, double timeout) {
    if (!finished.failure.empty()) return unknown(escape_text(finished.failure), "");
    if (finished.timed_out) return unknown("check timed out after " + format_duration(timeout), finished.out);
    if (finished.signal) {
        const char* name = sigabbrev_np(finished.signal);
        return unknown("check was killed by signal " + std::to_string(finished.signal) +
                           (name ? std::string(" (SIG") + name + ")" : ""),
                       finished.out);
    }
    auto status = status_from_code(finished.exit_code);
    if (!status) return unknown("check exited with " + std::to_string(finished.exit_code) + ", not 0-3", finished.out);
    CheckResult result;
    result.status = *status;
    result.output = parse_check_output(finished.out);
    if (finished.out.empty() || result.output.first_line.empty()) {
        result.output.first_line = "(no output" + (finished.err.empty() ? std::string(")") : "; stderr: " + first_line_of(finished.err) + ")");
        result.output.summary = result.output.first_line;
    }
    return result;
}

}  // namespace virtcheck::alert
