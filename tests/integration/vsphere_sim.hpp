#pragma once
// The simulators CTest starts for the vSphere tests (tests/peers/vcsim.sh), and how a test
// talks to them: the /sdk URL and CA, the control endpoint, the server's own request counts,
// and vsphere_probe (the module opened as a check opens it).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"

namespace virtcheck::testing {

inline const std::string state_root = std::string(VIRTCHECK_PEER_STATE);
inline const std::string password = "vcpass";

struct Sim {
    std::string dir;
    int port;
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port) + "/sdk"; }
    std::string control() const { return "http://127.0.0.1:" + std::to_string(port + 1); }
    std::string ca() const { return state_root + "/" + dir + "/ca.pem"; }
};
inline const Sim esx{"vcsim-esx", 18440}, vpx{"vcsim-vpx", 18443}, vpx1000{"vcsim-vpx1000", 18446};

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline int count_lines(const std::string& text, const std::string& prefix) {
    int n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) n += line.rfind(prefix, 0) == 0;
    return n;
}

inline long stat_of(const std::string& out, const std::string& name) {
    std::smatch m;
    if (!std::regex_search(out, m, std::regex("stats .*\\b" + name + "=([0-9]+)"))) return -1;
    return std::stol(m[1]);
}

inline std::string line_with(const std::string& out, const std::string& part) {
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (contains(line, part)) return line;
    return "";
}

// A fresh state directory per test.
inline std::string state_dir(const std::string& name) {
    std::string dir = state_root + "/vsphere-tests/" + name;
    std::filesystem::remove_all(dir);
    return dir;
}

inline Completed probe(const Sim& sim, const std::string& state, std::vector<std::string> args,
                        const std::string& pw = password) {
    std::vector<std::string> argv = {VIRTCHECK_VSPHERE_PROBE, sim.url(), "vcuser", "--ca-file", sim.ca()};
    if (!state.empty()) argv.insert(argv.end(), {"--state-dir", state});
    argv.insert(argv.end(), args.begin(), args.end());
    Completed run = run_program(argv, {{"VIRTCHECK_VSPHERE_PASSWORD", pw}});
    EXPECT_TRUE(run.err.empty()) << run.err;
    return run;
}

inline std::string control(const Sim& sim, const std::string& what, const std::string& body = "") {
    std::vector<std::string> argv = {"/usr/bin/curl", "-sS", "-f", "-XPOST", sim.control() + what};
    if (!body.empty()) argv.insert(argv.end(), {"--data-binary", body});
    Completed run = run_program(argv);
    EXPECT_EQ(run.exit_code, 0) << what << ": " << run.out << run.err;
    return run.out;
}

// The simulator's own count of calls of one method since the start.
inline long server_calls(const Sim& sim, const std::string& method) {
    Completed run = run_program({"/usr/bin/curl", "-sS", "-f", sim.control() + "/stats"});
    std::smatch m;
    if (!std::regex_search(run.out, m, std::regex("\"" + method + "\":([0-9]+)"))) return 0;
    return std::stol(m[1]);
}

}  // namespace virtcheck::testing
