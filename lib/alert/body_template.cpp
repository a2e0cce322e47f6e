#include "alert/body_template.hpp"

#include <nlohmann/json.hpp>

namespace virtcheck::alert {

const std::map<std::string, std::string>& template_sample_values() {
    static const std::map<std::string, std::string> values{
        {"id", "vc-1"},         {"type", "PROBLEM"},    {"service", "kvm1-vm-state"},
        {"object", "qemu:///system"}, {"host", "kvm1"}, {"state", "CRITICAL"},
        {"previous_state", "OK"}, {"shortname", "VM_STATE"}, {"summary", "web-03 \"crashed\""},
        {"output", "VM_STATE CRITICAL - web-03 crashed"}, {"long_output", "line\nline"},
        {"perfdata", "'crashed'=1;;;0"}, {"since", "2024-05-01 10:00:00"}, {"time", "2024-05-01 10:05:00"},
        {"subject", "[CRITICAL] kvm1 VM_STATE: web-03 crashed"}, {"reason", "state changed"},
        {"text", "[CRITICAL] kvm1 VM_STATE: web-03 crashed\nsince 2024-05-01 10:00:00"},
    };
    return values;
}

std::string json_string_body(std::string_view value) {
    std::string quoted = nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
}

std::string render_template(std::string_view text, const std::map<std::string, std::string>& values) {
    std::string out;
    while (!text.empty()) {
        auto open = text.find("{{");
        if (open == std::string_view::npos) break;
        auto close = text.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        out.append(text.substr(0, open));
        std::string name(text.substr(open + 2, close - open - 2));
        auto value = values.find(name);
        if (value == values.end())
            out.append(text.substr(open, close + 2 - open));
        else
            out += json_string_body(value->second);
        text.remove_prefix(close + 2);
    }
    out.append(text);
    return out;
}

std::string template_problem(std::string_view text) {
    const auto& samples = template_sample_values();
    for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
        auto close = text.find("}}", at + 2);
        if (close == std::string_view::npos) return "'{{' without '}}'";
        std::string name(text.substr(at + 2, close - at - 2));
        if (!samples.count(name)) {
            std::string known;
            for (const auto& [key, value] : samples) known += (known.empty() ? "" : ", ") + key;
            return "unknown placeholder {{" + name + "}} (known: " + known + ")";
        }
    }
    try {
        (void)nlohmann::json::parse(render_template(text, samples));
    } catch (const nlohmann::json::exception&) {
        return "is not JSON once the placeholders are filled in (values go inside \"...\")";
    }
    return "";
}

}  // namespace virtcheck::alert
