#include "core/extra_opts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace virtcheck {
namespace {

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("--extra-opts: cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string default_ini_file() {
    for (const char* variable : {"MP_CONFIG_PATH", "NAGIOS_CONFIG_PATH"}) {
        const char* value = std::getenv(variable);
        if (!value) continue;
        std::stringstream dirs(value);
        for (std::string dir; std::getline(dirs, dir, ':');)
            if (!dir.empty())
                for (const char* name : {"monitoring-plugins.ini", "plugins.ini", "nagios-plugins.ini"})
                    if (exists(dir + "/" + name)) return dir + "/" + name;
    }
    for (const char* path :
         {"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini", "/etc/monitoring-plugins/monitoring-plugins.ini",
          "/usr/local/etc/monitoring-plugins.ini", "/etc/monitoring-plugins.ini", "/etc/nagios-plugins/plugins.ini",
          "/etc/nagios/plugins.ini", "/usr/local/nagios/etc/plugins.ini", "/usr/local/etc/nagios/plugins.ini",
          "/etc/opt/nagios/plugins.ini", "/etc/nagios-plugins.ini", "/usr/local/etc/nagios-plugins.ini",
          "/etc/opt/nagios-plugins.ini"})
        if (exists(path)) return path;
    return "";
}

std::vector<std::string> ini_options(const std::string& text, const std::string& section, const std::string& file,
                                     bool& section_found) {
    std::vector<std::string> options;
    std::istringstream lines(text);
    bool inside = false, any_section = false;
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        line = trim_line(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        auto where = [&] { return "--extra-opts: " + file + " line " + std::to_string(number); };
        if (line[0] == '[') {
            if (line.back() != ']') throw UsageError(where() + " is not a [section]");
            inside = trim_line(line.substr(1, line.size() - 2)) == section;
            any_section = true;
            section_found = section_found || inside;
            continue;
        }
        if (!any_section) throw UsageError(where() + " comes before any [section]");
        if (!inside) continue;
        auto eq = line.find('=');
        // The line is never quoted back: it may hold a secret.
        if (eq == std::string::npos || trim_line(line.substr(0, eq)).empty())
            throw UsageError(where() + " is not key=value");
        std::string key = trim_line(line.substr(0, eq)), value = trim_line(line.substr(eq + 1));
        if (key.size() == 1) {
            options.push_back("-" + key);
            if (!value.empty()) options.push_back(value);
        } else {
            options.push_back("--" + key + (value.empty() ? "" : "=" + value));
        }
    }
    return options;
}

namespace {
bool is_extra_opts(const std::string& arg) { return arg == "--extra-opts" || arg.starts_with("--extra-opts="); }
}  // namespace

bool names_extra_opts(const std::vector<std::string>& args) {
    return args.size() > 1 && std::any_of(args.begin() + 1, args.end(), is_extra_opts);
}

std::vector<std::string> expand_extra_opts(const std::vector<std::string>& args, const std::string& program) {
    std::vector<std::string> from_files, rest;
    bool any = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (i == 0 || !is_extra_opts(arg)) {
            rest.push_back(arg);
            continue;
        }
        any = true;
        std::string locator = arg == "--extra-opts" ? "" : arg.substr(std::string("--extra-opts=").size());
        auto at = locator.find('@');
        std::string section = locator.substr(0, at);
        std::string file = at == std::string::npos ? default_ini_file() : locator.substr(at + 1);
        if (section.empty()) section = program;
        if (file.empty())
            throw UsageError("--extra-opts: no ini file given and none found (plugins.ini in /etc/nagios-plugins, "
                             "/etc/nagios, ... or $MP_CONFIG_PATH)");
        bool found = false;
        const std::string text = read_file(file);
        auto options = ini_options(text, section, file, found);
        // Like monitoring-plugins: a section that is not there falls back to the program's.
        if (!found && section != program) options = ini_options(text, program, file, found);
        if (!found) throw UsageError("--extra-opts: " + file + " has no section [" + section + "]");
        from_files.insert(from_files.end(), options.begin(), options.end());
    }
    if (!any) return args;
    std::vector<std::string> expanded{rest.front()};
    expanded.insert(expanded.end(), from_files.begin(), from_files.end());
    expanded.insert(expanded.end(), rest.begin() + 1, rest.end());
    return expanded;
}

}  // namespace virtcheck
