#pragma once
// --help as plugin users expect it (monitoring-plugins' layout): name and version, what the
// check does, a usage line, the options wrapped at 80 columns, the metrics, examples, and where
// to read more; and "did you mean --critical?" for a mistyped option.
#include <string>

namespace CLI {
class App;
}

namespace virtcheck {

class Cli;

std::string plugin_help(const Cli& cli);

// The known option closest to `typed` ("--critcal" -> "--critical"), or "" when none is close.
std::string closest_option(const CLI::App& app, const std::string& typed);

// Wraps `text` at `width` columns, each line indented by `indent` spaces.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 80);

}  // namespace virtcheck
