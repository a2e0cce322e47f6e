#include <cmath>

#include <nlohmann/json.hpp>

#include "core/render.hpp"
#include "core/text.hpp"

namespace virtcheck {
namespace {

using nlohmann::json;

json number_or_null(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? json(*value) : json(nullptr);
}

json perfdata_json(const Perfdata& item) {
    return {{"label", item.label},
            {"value", number_or_null(item.value)},
            {"uom", perfdata_uom(item.unit)},
            {"warning", item.warning ? json(item.warning->to_string()) : json(nullptr)},
            {"critical", item.critical ? json(item.critical->to_string()) : json(nullptr)},
            {"min", number_or_null(item.min)},
            {"max", number_or_null(item.max)}};
}

json node_json(const Result& node) {
    json partials = json::array();
    for (const auto& partial : node.partials) partials.push_back(node_json(partial));
    json perfdata = json::array();
    for (const auto& item : node.perfdata) perfdata.push_back(perfdata_json(item));
    return {{"state", state_name(node.overall())},
            {"text", node.text},
            {"perfdata", perfdata},
            {"partials", partials}};
}

}  // namespace

std::string render_json(const Result& result, const RenderOptions& options) {
    State state = result.overall();
    json all_perfdata = json::array();
    for (const auto& item : collect_perfdata(result)) all_perfdata.push_back(perfdata_json(item));
    json out = node_json(result);
    out["check"] = options.shortname;
    out["exit_code"] = exit_code(state);
    out["summary"] = summary(result);
    out["all_perfdata"] = all_perfdata;
    // Invalid UTF-8 from outside must not make the output unreadable: replace it. Unicode line
    // breaks and bidi controls become \uXXXX escapes, which JSON readers turn back into them.
    return escape_unsafe_characters(out.dump(-1, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace virtcheck
