#pragma once
// A Cli and a Selection configured as from a command line, for evaluator tests.
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/selection.hpp"

namespace virtcheck {

struct Selected {
    Cli cli;
    Selection selection;
    explicit Selected(std::vector<std::string> args = {}, const std::string& noun = "VM",
                      MainMetric main = {"x", Unit::Count})
        : cli("check_test", "test", std::move(main)), selection(cli, noun) {
        args.insert(args.begin(), "check_test");
        std::vector<const char*> argv;
        for (auto& a : args) argv.push_back(a.c_str());
        cli.parse(static_cast<int>(argv.size()), argv.data());
        selection.prepare();
    }
};

}  // namespace virtcheck
