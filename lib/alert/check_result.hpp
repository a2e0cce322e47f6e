#pragma once
// A finished check process as a state and an output: exit codes 0-3 are the plugin states;
// anything else (not found, killed, timed out, another exit code) is UNKNOWN, saying why.
#include "alert/check_output.hpp"
#include "alert/process.hpp"
#include "alert/status.hpp"

namespace virtcheck::alert {

struct CheckResult {
    Status status = Status::Unknown;
    CheckOutput output;
};

CheckResult interpret(const Finished& finished, double timeout);

}  // namespace virtcheck::alert
