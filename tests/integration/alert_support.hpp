#pragma once
// What the virtcheck-alert integration tests share: a directory per test with a test-driver
// node file the test rewrites between runs, the configuration, runs at chosen times
// (VIRTCHECK_NOW), and what the real receivers (tests/peers/alert_receivers.py) got.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace virtcheck::testing {

namespace fs = std::filesystem;

constexpr int smtp_port = 18460;         // plain
constexpr int smtp_secure_port = 18461;  // STARTTLS + AUTH
constexpr int http_ok_port = 18462;
constexpr int http_fail_port = 18463;
constexpr int http_hang_port = 18464;

struct Mail {
    std::map<std::string, std::string> headers;  // first of each, unfolded
    std::vector<std::string> header_lines;       // as received, folded lines joined
    std::string body;                            // quoted-printable decoded
    std::string raw;
};

class AlertTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // runstate: 1 running, 3 paused, 5 shutoff, 6 crashed.
    void vm(int runstate);
    // Writes alert.toml: the standard [defaults] with `defaults` added, a smtp notifier "mail"
    // (unless `notifiers` defines it), then `notifiers` and a service "web" (unless `services`).
    // In all texts @DIR@ is this test's directory, @NAME@ its name, @PEERS@ the receivers'.
    void config(const std::string& defaults, const std::string& notifiers = "", const std::string& services = "");
    void write(const std::string& name, const std::string& text, int mode = 0644);

    Completed alert(const std::vector<std::string>& args, double now,
                    std::map<std::string, std::string> env = {});
    Completed run_at(double now, std::map<std::string, std::string> env = {}) { return alert({"run"}, now, env); }
    // Started in the background; finish() waits for it.
    pid_t start_alert(const std::vector<std::string>& args, double now, std::map<std::string, std::string> env = {});
    int finish(pid_t pid);

    std::vector<Mail> mails() const;                             // to @NAME@@example.org
    std::vector<nlohmann::json> hooks(const std::string& kind) const;  // ok, fail, hang; path /@NAME@
    nlohmann::json json_of(const Completed& run) const;

    std::string expand(std::string text) const;
    fs::path dir_;
    std::string name_;
    std::string peers_;
};

bool contains(const std::string& text, const std::string& part);
bool wait_until(const std::function<bool()>& condition, double seconds);
std::string read_file(const fs::path& file);

}  // namespace virtcheck::testing
