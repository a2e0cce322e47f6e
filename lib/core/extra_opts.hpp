#pragma once
// --extra-opts=[SECTION][@FILE], as monitoring-plugins has it: options from an ini file, put
// before the command line's (so that the command line wins), with secrets kept off argv.
// "key=value" lines of [SECTION] (default: the program's name) become --key=value.
#include <string>
#include <vector>

namespace virtcheck {

// Whether argv (after argv[0]) has an --extra-opts, i.e. files to read before it is parsed.
bool names_extra_opts(const std::vector<std::string>& args);

// argv with every --extra-opts replaced by the options it names. Throws UsageError naming the
// file and line for an unreadable file, a missing section or a line that is not key=value.
std::vector<std::string> expand_extra_opts(const std::vector<std::string>& args, const std::string& program);

// The options of [section] in ini text (pure, for tests). Throws UsageError.
std::vector<std::string> ini_options(const std::string& text, const std::string& section, const std::string& file,
                                     bool& section_found);

// The ini file monitoring-plugins would read when --extra-opts names none: $MP_CONFIG_PATH and
// $NAGIOS_CONFIG_PATH directories, then the usual /etc and /usr/local/etc places. Empty: none.
std::string default_ini_file();

}  // namespace virtcheck
