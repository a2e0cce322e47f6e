// check_container as a separate process: on a copy of the fixture cgroup tree whose
// counters the test moves between runs, and on this machine's real cgroup v2 tree with a
// group the test creates and removes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "guidelines.hpp"
#include "process.hpp"

namespace virtcheck::testing {
namespace {

namespace fs = std::filesystem;

const fs::path fixtures = fs::path(VIRTCHECK_FIXTURES) / "cgroup";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double number_in(const std::string& text, const std::string& label) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("'" + label + "'=([0-9.]+)"))) return -1;
    return std::stod(m[1]);
}

class ContainerChecks : public ::testing::Test {
protected:
    void SetUp() override {
        work_ = fs::temp_directory_path() / ("virtcheck-containers-" + std::to_string(getpid()));
        fs::remove_all(work_);
        fs::create_directories(work_);
        fs::copy(fixtures / "tree", work_ / "tree", fs::copy_options::recursive);
    }
    void TearDown() override { fs::remove_all(work_); }

    Completed check(std::vector<std::string> args) {
        args.insert(args.begin(), check_path("check_container"));
        Completed run = run_program(args, {{"VIRTCHECK_STATE_DIR", (work_ / "state").string()}});
        for (const auto& problem : guideline_violations(run)) ADD_FAILURE() << problem << "\n" << run.out;
        return run;
    }
    void write(const std::string& file, const std::string& text) { std::ofstream(work_ / "tree" / file) << text; }
    std::string tree() const { return (work_ / "tree").string(); }
    std::string docker() const { return (fixtures / "docker").string(); }

    fs::path work_;
};

TEST_F(ContainerChecks, EveryRuntimeOnTheFixtureTree) {
    auto run = check({"--root", tree(), "--docker-dir", docker(), "--exclude", "broken", "-v"});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(run.out.starts_with("CONTAINER OK - 4 containers OK - first sample stored")) << run.out;
    for (const auto* line : {"[OK] web memory 39.1% of 512.0 MiB limit (cache 150.0 MiB), 12 pids\n",
                             "[OK] db memory 87.9% of 1.0 GiB limit (cache 50.0 MiB), 95 pids\n",
                             "\\_ [OK] machine qemu-1-win10, group machine.slice/machine-qemu\\x2d1\\x2dwin10.scope\n",
                             "\\_ [OK] podman b7c1" })
        EXPECT_TRUE(contains(run.out, line)) << line << "\n" << run.out;
    EXPECT_FALSE(contains(run.out, "dead0000")) << "a stopped container's group is not reported";
    EXPECT_EQ(number_in(run.out, "db_memory_pressure"), 42) << run.out;
    EXPECT_EQ(number_in(run.out, "web_memory_used"), 200.0 * (1 << 20)) << "inactive file cache is not used memory";
}

TEST_F(ContainerChecks, RatesAndOomKillsAcrossRuns) {
    std::string web = "system.slice/docker-3f2a" + std::string(56, '0') + "0001.scope";
    auto first = check({"--root", tree(), "--docker-dir", docker(), "--include", "^(web|db)$"});
    EXPECT_EQ(first.exit_code, 0) << first.out;
    // web burns 1 CPU-second and is throttled in 100 of 200 periods; db's OOM killer strikes.
    write(web + "/cpu.stat", "usage_usec 6000000\nnr_periods 1200\nnr_throttled 100\n");
    write("lxc.payload.db/memory.events", "oom 2\noom_kill 2\n");
    usleep(300000);
    auto second = check({"--root", tree(), "--docker-dir", docker(), "--include", "^(web|db)$", "-w", "throttled=40"});
    EXPECT_EQ(second.exit_code, 2) << second.out;
    EXPECT_TRUE(contains(second.out, "CONTAINER CRITICAL - 1 of 2 containers CRITICAL: db ")) << second.out;
    EXPECT_TRUE(contains(second.out, "(oom_kills 1) | ")) << second.out;
    EXPECT_EQ(number_in(second.out, "web_throttled"), 50) << second.out;
    // 1 CPU-second over the 0.3+ s between the runs, of web's 2 CPUs.
    double cpu = number_in(second.out, "web_cpu");
    EXPECT_GT(cpu, 1) << second.out;
    EXPECT_LE(cpu, 100 / 0.3 / 2 + 1) << second.out;
}

TEST_F(ContainerChecks, BrokenFilesAndTreesAreUnknown) {
    auto broken = check({"--root", tree(), "--container", "broken"});
    EXPECT_EQ(broken.exit_code, 3) << broken.out;
    EXPECT_TRUE(contains(broken.out, "broken 1 pids - not available: unreadable cpu.stat, unreadable memory.max"))
        << broken.out;
    auto not_v2 = check({"--root", (work_ / "tree" / "system.slice").string()});
    EXPECT_EQ(not_v2.exit_code, 3) << not_v2.out;
    EXPECT_TRUE(contains(not_v2.out, "is not a cgroup v2 tree (it has no cgroup.controllers)")) << not_v2.out;
    auto missing = check({"--root", tree(), "--container", "nosuch"});
    EXPECT_EQ(missing.exit_code, 2) << missing.out;
    EXPECT_TRUE(contains(missing.out, "container nosuch does not exist")) << missing.out;
}

// The v2 root of this machine, as /proc/self/mountinfo has it.
std::string real_v2_root() {
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        auto separator = line.find(" - cgroup2 ");
        if (separator == std::string::npos) continue;
        std::istringstream fields(line.substr(0, separator));
        std::string id, parent, device, root, mount_point;
        fields >> id >> parent >> device >> root >> mount_point;
        return mount_point;
    }
    return "";
}

TEST_F(ContainerChecks, RealTreeWithAGroupOfOurOwn) {
    std::string root = real_v2_root();
    ASSERT_FALSE(root.empty()) << "this machine has no cgroup v2 mount";
    std::string name = "vc-test-" + std::to_string(getpid());
    fs::path group = fs::path(root) / ("lxc.payload." + name);
    ASSERT_TRUE(fs::create_directory(group)) << "cannot create " << group << " (the tests run as root)";
    pid_t child = fork();
    if (child == 0) {
        for (volatile unsigned long i = 0;; ++i) {
        }  // busy, so that the group has CPU time
    }
    { std::ofstream(group / "cgroup.procs") << child << "\n"; }
    auto run = check({"--container", name, "--interval", "0.5", "-v"});
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    for (int i = 0; i < 50 && !fs::remove(group); ++i) usleep(20000);  // the group empties asynchronously

    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "\\_ [OK] lxc " + name + ", group lxc.payload." + name + "\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "'" + name + "_cpu_pressure'=")) << run.out;
    if (!contains(run.out, "hybrid cgroup layout")) {
        // Unified: the cpu controller counts the busy loop.
        EXPECT_GT(number_in(run.out, name + "_cpu"), 0) << run.out;
    }
    EXPECT_FALSE(fs::exists(group)) << "the test group was not removed";
}

}  // namespace
}  // namespace virtcheck::testing
