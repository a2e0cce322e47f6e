#pragma once
// Webhook body templates: JSON text with {{name}} placeholders, for Slack, Mattermost or
// Teams-style bodies. Each value is put in as the inside of a JSON string (escaped), so the
// template writes the quotes: {"text": "{{subject}}"}. Untrusted check output can therefore
// never break out of its string.
#include <map>
#include <string>
#include <string_view>

namespace virtcheck::alert {

// The placeholder names a template may use.
const std::map<std::string, std::string>& template_sample_values();

// Fills in the values; unknown placeholders are left as they are (template_problem refuses them).
std::string render_template(std::string_view text, const std::map<std::string, std::string>& values);

// Why the template is unusable (unknown placeholder, not JSON once filled in), or "".
std::string template_problem(std::string_view text);

// The inside of a JSON string for `value` (quotes, backslashes, control bytes escaped).
std::string json_string_body(std::string_view value);

}  // namespace virtcheck::alert
