#pragma once
// Running a check the way a monitoring system does: its own process, stdout and stderr
// captured separately, exit code and wall time recorded.
#include <map>
#include <string>
#include <vector>

namespace virtcheck::testing {

struct Completed {
    int exit_code = -1;  // 128 + signal when killed by one
    std::string out;
    std::string err;
    double seconds = 0;
};

// Runs argv[0] (a path) with the given arguments and extra environment variables.
Completed run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// Path of a built check: <build>/plugins/<name>.
std::string check_path(const std::string& name);

}  // namespace virtcheck::testing
