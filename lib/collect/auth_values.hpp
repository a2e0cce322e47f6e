#pragma once
// The "key = value" lines of an --auth-file, as every backend writes them. Its text is
// untrusted and secret: a refusal names the file and the line number, never the line.
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace virtcheck {

// Only whole lines starting with '#' are comments (a '#' inside a secret is part of it);
// blank lines are skipped; a key that is not one of `keys` throws UsageError
// ("--auth-file FILE: line N is not a=, b= or c="). A key given twice keeps the last value.
std::map<std::string, std::string> auth_values(const std::string& text, const std::string& file,
                                               std::initializer_list<std::string_view> keys);

}  // namespace virtcheck
