// libFuzzer target: text from outside (names, messages) through escaping and both renderers.
// Whatever the tree holds, the text output keeps its shape (one status line, no forged
// lines, no raw '|' after line 1, within the size limit) and the JSON output parses back.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/render.hpp"
#include "core/text.hpp"

using namespace virtcheck;

namespace {

// Sequences no output may carry raw: line breaks (ASCII and Unicode) and bidi overrides.
constexpr const char* forbidden[] = {"\r", "\x0b", "\x0c", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9",
                                     "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9"};

void require(bool holds) {
    if (!holds) std::abort();
}

Result node(FuzzedDataProvider& input, int depth) {
    Result result;
    result.state = static_cast<State>(input.ConsumeIntegralInRange<int>(0, 3));
    result.text = input.ConsumeRandomLengthString(400);
    int items = input.ConsumeIntegralInRange<int>(0, 3);
    for (int i = 0; i < items; ++i) {
        Perfdata item;
        item.label = perfdata_label(input.ConsumeRandomLengthString(400), input.ConsumeRandomLengthString(20));
        if (input.ConsumeBool()) item.value = input.ConsumeFloatingPoint<double>();
        item.unit = static_cast<Unit>(input.ConsumeIntegralInRange<int>(0, 5));
        if (input.ConsumeBool()) item.max = input.ConsumeFloatingPoint<double>();
        result.perfdata.push_back(std::move(item));
    }
    int partials = depth < 3 ? input.ConsumeIntegralInRange<int>(0, 40) : 0;
    for (int i = 0; i < partials && input.remaining_bytes() > 0; ++i) result.partials.push_back(node(input, depth + 1));
    result.summarizes_partials = input.ConsumeBool();
    return result;
}

void check_text(const std::string& out, std::size_t limit) {
    require(!out.empty() && out.back() == '\n');
    require(out.size() <= limit);
    for (const char* bad : forbidden) require(out.find(bad) == std::string::npos);
    std::size_t first_end = out.find('\n');
    std::string line1 = out.substr(0, first_end);
    require(line1.find('|') == line1.rfind('|'));  // at most the perfdata separator
    require(out.find('|', first_end) == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const std::size_t limit = input.ConsumeIntegralInRange<std::size_t>(1024, 16384);
    const int verbosity = input.ConsumeIntegralInRange<int>(0, 3);
    const std::string raw = input.ConsumeRandomLengthString(2000);
    std::string escaped = escape_text(raw);
    for (const char* bad : forbidden) require(escaped.find(bad) == std::string::npos);
    require(escaped.find('\n') == std::string::npos && escaped.find('|') == std::string::npos);
    require(cut_utf8(raw, 100).size() <= 100);
    (void)human_bytes(input.ConsumeFloatingPoint<double>());
    (void)human_seconds(input.ConsumeFloatingPoint<double>());

    Result result = node(input, 0);
    RenderOptions options{"FUZZ", verbosity, limit};
    check_text(render_text(result, options), limit);
    std::string json = render_json(result, options);
    for (const char* bad : forbidden) require(json.find(bad) == std::string::npos);
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    require(!parsed.is_discarded() && parsed["exit_code"].get<int>() == exit_code(result.overall()));
    return 0;
}
