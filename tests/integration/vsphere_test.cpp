// The vSphere module against govmomi's simulator (tests/peers/vcsim.sh): an ESX model on
// 18440 (control 18441, a never-answering listener on 18442), a VPX model with two clusters
// of three hosts and a standalone host on 18443-18445, and the same with 1,002 VMs on
// 18446-18448. vsphere_probe opens the module as a check does and prints what it read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "process.hpp"
#include "vsphere_sim.hpp"

namespace virtcheck::testing {
namespace {

TEST(VsphereSimulator, EsxModelReadsEverything) {
    auto run = probe(esx, "", {"--no-cache", "about", "hosts", "vms", "datastores"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, "about name=VMware ESXi")) << run.out;
    EXPECT_TRUE(contains(run.out, "api_type=HostAgent")) << run.out;
    EXPECT_EQ(count_lines(run.out, "host "), 1) << run.out;
    std::string host = line_with(run.out, "host name=localhost.localdomain");
    EXPECT_TRUE(contains(host, "connection=connected maintenance=false power=poweredOn")) << host;
    EXPECT_TRUE(contains(host, "services=TSM:false,TSM-SSH:false,")) << host;
    EXPECT_TRUE(std::regex_search(host, std::regex("cores=[1-9]"))) << host;
    EXPECT_EQ(count_lines(run.out, "vm "), 2) << run.out;
    EXPECT_TRUE(contains(run.out, "vm name=ha-host_VM0")) << run.out;
    EXPECT_TRUE(contains(run.out, "datastore name=LocalDS_0 capacity=1099511627776")) << run.out;
    // No cache: service content, login, a view and a read for each of the three.
    EXPECT_EQ(stat_of(run.out, "requests"), 8) << run.out;
    EXPECT_EQ(stat_of(run.out, "logins"), 1) << run.out;
}

TEST(VsphereSimulator, VpxModelHasClustersAndAStandaloneHost) {
    auto run = probe(vpx, state_dir("vpx-model"), {"hosts", "vms", "datastores"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(count_lines(run.out, "host "), 7) << run.out;
    EXPECT_TRUE(contains(line_with(run.out, "host name=DC0_C1_H2 "), "cluster=DC0_C1 ")) << run.out;
    EXPECT_TRUE(contains(line_with(run.out, "host name=DC0_H0 "), "cluster= ")) << run.out;
    EXPECT_EQ(count_lines(run.out, "vm "), 6) << run.out;
    EXPECT_EQ(count_lines(run.out, "datastore "), 3) << run.out;
}

TEST(VsphereSimulator, FiltersNarrowInOneLookup) {
    std::string state = state_dir("filters");
    auto cluster = probe(vpx, state, {"--cluster", "DC0_C1", "hosts", "vms", "datastores"});
    ASSERT_EQ(cluster.exit_code, 0) << cluster.out;
    EXPECT_EQ(count_lines(cluster.out, "host "), 3) << cluster.out;
    EXPECT_EQ(count_lines(cluster.out, "host name=DC0_C1_"), 3) << cluster.out;
    EXPECT_EQ(count_lines(cluster.out, "vm name=DC0_C1_"), 2) << cluster.out;
    EXPECT_EQ(count_lines(cluster.out, "vm "), 2) << cluster.out;
    auto host = probe(vpx, state, {"--datacenter", "DC0", "--esx-host", "DC0_H0", "hosts", "vms", "datastores"});
    ASSERT_EQ(host.exit_code, 0) << host.out;
    EXPECT_EQ(count_lines(host.out, "host "), 1) << host.out;
    EXPECT_TRUE(contains(host.out, "host name=DC0_H0 ")) << host.out;
    EXPECT_EQ(count_lines(host.out, "vm name=DC0_H0_VM"), 2) << host.out;
    EXPECT_EQ(count_lines(host.out, "vm "), 2) << host.out;
    EXPECT_GE(count_lines(host.out, "datastore "), 1) << host.out;
    auto missing = probe(vpx, state, {"--cluster", "nope", "hosts"});
    EXPECT_EQ(missing.exit_code, 3) << missing.out;
    EXPECT_TRUE(contains(missing.out, "no cluster named nope (there are: DC0_C0, DC0_C1)")) << missing.out;
}

TEST(VsphereSimulator, SecondRunReusesTheSessionWithoutLogin) {
    std::string state = state_dir("reuse");
    long before = server_calls(vpx, "Login");
    auto first = probe(vpx, state, {"hosts", "vms", "datastores"});
    ASSERT_EQ(first.exit_code, 0) << first.out;
    EXPECT_EQ(stat_of(first.out, "logins"), 1) << first.out;
    auto second = probe(vpx, state, {"hosts", "vms", "datastores"});
    ASSERT_EQ(second.exit_code, 0) << second.out;
    EXPECT_EQ(stat_of(second.out, "logins"), 0) << second.out;
    EXPECT_EQ(stat_of(second.out, "reused"), 1) << second.out;
    // One RetrievePropertiesEx per read, nothing else: the views came with the session.
    EXPECT_EQ(stat_of(second.out, "requests"), 3) << second.out;
    EXPECT_EQ(server_calls(vpx, "Login") - before, 1);
    // The cache file is private.
    for (const auto& entry : std::filesystem::directory_iterator(state)) {
        struct stat info{};
        ASSERT_EQ(lstat(entry.path().c_str(), &info), 0);
        EXPECT_EQ(info.st_mode & 0777, 0600u) << entry.path();
    }
}

TEST(VsphereSimulator, InvalidatedSessionLogsInOnceMore) {
    std::string state = state_dir("stale");
    ASSERT_EQ(probe(vpx, state, {"hosts"}).exit_code, 0);
    control(vpx, "/sessions/invalidate");
    auto run = probe(vpx, state, {"hosts", "vms"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(stat_of(run.out, "logins"), 1) << run.out;
    EXPECT_EQ(count_lines(run.out, "host "), 7) << run.out;
    auto after = probe(vpx, state, {"hosts"});
    EXPECT_EQ(stat_of(after.out, "logins"), 0) << after.out;
}

// What answers at a URL can change (an ESXi host where a vCenter was): a dead cached session
// whose service content names the other server's managers is replaced, not reported as a
// fault about a SessionManager this server never had.
TEST(VsphereSimulator, CachedSessionOfAnotherServerIsReplaced) {
    std::string state = state_dir("replaced");
    ASSERT_EQ(probe(esx, state, {"hosts"}).exit_code, 0);
    ASSERT_EQ(probe(vpx, state, {"hosts"}).exit_code, 0);
    std::filesystem::path esx_file, vpx_file;
    for (const auto& entry : std::filesystem::directory_iterator(state)) {
        std::ifstream in(entry.path());
        std::string header, url;
        std::getline(in, header);
        std::getline(in, url);
        if (url == "url\t" + esx.url()) esx_file = entry.path();
        if (url == "url\t" + vpx.url()) vpx_file = entry.path();
    }
    ASSERT_FALSE(esx_file.empty() || vpx_file.empty());
    // The ESX model's session (its cookie means nothing to the VPX model) filed under the VPX URL.
    std::ifstream in(esx_file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find(esx.url()), esx.url().size(), vpx.url());
    ASSERT_TRUE(contains(text, "SessionManager:ha-sessionmgr")) << text;
    std::ofstream(vpx_file, std::ios::trunc) << text;

    auto run = probe(vpx, state, {"hosts"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(stat_of(run.out, "logins"), 1) << run.out;
    EXPECT_EQ(count_lines(run.out, "host "), 7) << run.out;
    std::ifstream again(vpx_file);
    std::string now((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(contains(now, "ha-sessionmgr")) << now;
}

TEST(VsphereSimulator, NoCacheLogsInAndOut) {
    long logins = server_calls(esx, "Login"), logouts = server_calls(esx, "Logout");
    auto run = probe(esx, state_dir("no-cache"), {"--no-cache", "hosts"});
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(server_calls(esx, "Login") - logins, 1);
    EXPECT_EQ(server_calls(esx, "Logout") - logouts, 1);
}

TEST(VsphereSimulator, WrongPasswordIsDeniedWithoutTheSecret) {
    auto run = probe(esx, state_dir("wrong-password"), {"hosts"}, "s3cret-Wrong-pw");
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "error Denied: vSphere login to " + esx.url() + " as vcuser refused")) << run.out;
    EXPECT_FALSE(contains(run.out + run.err, "s3cret-Wrong-pw"));
}

TEST(VsphereSimulator, NothingListeningIsNotReachable) {
    auto run = probe(Sim{"vcsim-esx", 18458}, "", {"--no-cache", "hosts"});
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_TRUE(contains(run.out, "error Unreachable: vSphere API at https://127.0.0.1:18458/sdk not reachable"))
        << run.out;
}

TEST(VsphereSimulator, TlsIsVerifiedUnlessInsecureIsAsked) {
    auto run = run_program({VIRTCHECK_VSPHERE_PROBE, esx.url(), "vcuser", "--no-cache", "hosts"},
                           {{"VIRTCHECK_VSPHERE_PASSWORD", password}});
    EXPECT_EQ(run.exit_code, 3) << run.out;
    EXPECT_TRUE(contains(run.out, "TLS with " + esx.url() + " failed: SSL certificate problem")) << run.out;
    auto insecure = run_program({VIRTCHECK_VSPHERE_PROBE, esx.url(), "vcuser", "--no-cache", "--insecure", "hosts"},
                                {{"VIRTCHECK_VSPHERE_PASSWORD", password}});
    EXPECT_EQ(insecure.exit_code, 0) << insecure.out;
}

TEST(VsphereSimulator, ServersThatNeverAnswerEndWithinTheBudget) {
    // Accepts TCP, never speaks TLS.
    auto silent = probe(Sim{"vcsim-esx", esx.port + 2}, "", {"--no-cache", "--timeout", "1.5", "hosts"});
    EXPECT_EQ(silent.exit_code, 2) << silent.out;
    EXPECT_TRUE(contains(silent.out, "no answer within the 1.5 s budget")) << silent.out;
    EXPECT_LT(silent.seconds, 3.0);
    // Speaks TLS, then never answers the request.
    std::string state = state_dir("hang");
    ASSERT_EQ(probe(esx, state, {"hosts"}).exit_code, 0);
    control(esx, "/hang?on=1");
    auto hung = probe(esx, state, {"--timeout", "1.5", "hosts"});
    control(esx, "/hang?on=0");
    EXPECT_EQ(hung.exit_code, 2) << hung.out;
    EXPECT_TRUE(contains(hung.out, "while reading the ESXi hosts")) << hung.out;
    EXPECT_LT(hung.seconds, 3.0);
}

TEST(VsphereSimulator, MissingPrivilegeIsNamedAndTheNextRunTriesAgain) {
    std::string state = state_dir("privilege");
    ASSERT_EQ(probe(vpx, state, {"vms"}).exit_code, 0);
    control(vpx, "/deny?type=VirtualMachine&privilege=System.Read");
    auto denied = probe(vpx, state, {"vms"});
    control(vpx, "/deny");
    EXPECT_EQ(denied.exit_code, 3) << denied.out;
    EXPECT_TRUE(contains(denied.out, "error Denied: vSphere user vcuser lacks the privilege System.Read")) << denied.out;
    auto next = probe(vpx, state, {"vms"});
    EXPECT_EQ(next.exit_code, 0) << next.out;
    EXPECT_EQ(stat_of(next.out, "logins"), 1) << "a session that lacked a privilege is not kept\n" << next.out;
}

TEST(VsphereSimulator, HostStatesAlarmsAndQuickStats) {
    control(vpx, "/host?name=DC0_C0_H1&connection=notResponding&status=red&alarm=Host%20connection%20failure:red"
                 "&cpu_mhz=1234&mem_mb=2048");
    control(vpx, "/host?name=DC0_C1_H0&maintenance=true&alarm=Host%20memory%20usage:yellow");
    control(vpx, "/host?name=DC0_C1_H2&connection=disconnected");
    auto run = probe(vpx, state_dir("hosts"), {"hosts"});
    control(vpx, "/host?name=DC0_C0_H1&connection=connected&status=green&clear_alarms=1");
    control(vpx, "/host?name=DC0_C1_H0&maintenance=false&clear_alarms=1");
    control(vpx, "/host?name=DC0_C1_H2&connection=connected");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    std::string h1 = line_with(run.out, "host name=DC0_C0_H1 ");
    EXPECT_TRUE(contains(h1, "connection=notResponding ")) << h1;
    EXPECT_TRUE(contains(h1, "status=red ")) << h1;
    EXPECT_TRUE(contains(h1, "cpu_mhz=1234 mem_mb=2048 ")) << h1;
    EXPECT_TRUE(contains(h1, "alarms=Host connection failure:red,")) << h1;
    std::string maintenance = line_with(run.out, "host name=DC0_C1_H0 ");
    EXPECT_TRUE(contains(maintenance, "maintenance=true ")) << maintenance;
    EXPECT_TRUE(contains(maintenance, "alarms=Host memory usage:yellow,")) << maintenance;
    EXPECT_TRUE(contains(line_with(run.out, "host name=DC0_C1_H2 "), "connection=disconnected ")) << run.out;
}

TEST(VsphereSimulator, VmStatesThroughTheApiAndTheControl) {
    control(vpx, "/vm?name=DC0_H0_VM0&power=off");
    control(vpx, "/vm?name=DC0_H0_VM1&power=suspend");
    control(vpx, "/vm?name=DC0_C0_RP0_VM0&connection=orphaned&tools=guestToolsNotRunning&consolidation=true"
                 "&question=Cannot%20connect%20the%20CD&balloon=256&swapped=128&compressed=4096&guest_mem=100"
                 "&host_mem=300&uptime=3600");
    auto run = probe(vpx, state_dir("vms"), {"vms"});
    control(vpx, "/vm?name=DC0_H0_VM0&power=on");
    control(vpx, "/vm?name=DC0_H0_VM1&power=on");
    control(vpx, "/vm?name=DC0_C0_RP0_VM0&connection=connected&tools=guestToolsRunning&consolidation=false&question="
                 "&balloon=0&swapped=0&compressed=0&guest_mem=0&host_mem=0&uptime=0");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(line_with(run.out, "vm name=DC0_H0_VM0 "), "power=poweredOff ")) << run.out;
    EXPECT_TRUE(contains(line_with(run.out, "vm name=DC0_H0_VM1 "), "power=suspended ")) << run.out;
    std::string odd = line_with(run.out, "vm name=DC0_C0_RP0_VM0 ");
    EXPECT_TRUE(contains(odd, "connection=orphaned ")) << odd;
    EXPECT_TRUE(contains(odd, "tools=guestToolsNotRunning ")) << odd;
    EXPECT_TRUE(contains(odd, "consolidation=true ")) << odd;
    EXPECT_TRUE(contains(odd, "question=Cannot connect the CD ")) << odd;
    EXPECT_TRUE(contains(odd, "guest_mem=100 host_mem=300 balloon=256 swapped=128 compressed=4096 uptime=3600 ")) << odd;
}

TEST(VsphereSimulator, SnapshotTreeWithCreationTimes) {
    control(esx, "/snapshots?vm=ha-host_VM0",
            R"([{"name":"base","created":"2024-01-02T03:04:05Z","children":[)"
            R"({"name":"before-upgrade","created":"2024-06-01T00:00:00Z","children":[]},)"
            R"({"name":"other","created":"2025-01-01T12:00:00+02:00","children":[]}]}])");
    auto run = probe(esx, state_dir("snapshots"), {"--snapshots", "vms"});
    control(esx, "/snapshots?vm=ha-host_VM0", "[]");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(count_lines(run.out, "snapshot vm=ha-host_VM0 "), 3) << run.out;
    EXPECT_TRUE(contains(run.out, "snapshot vm=ha-host_VM0 name=base id=")) << run.out;
    EXPECT_TRUE(contains(run.out, "created=1704164645 children=2")) << run.out;
    EXPECT_TRUE(contains(run.out, "name=before-upgrade")) << run.out;
    EXPECT_TRUE(contains(run.out, "created=1735725600 children=0")) << run.out;  // +02:00 taken into account
}

TEST(VsphereSimulator, DatastoreFilledAndInaccessible) {
    control(vpx, "/datastore?name=LocalDS_1&free=1073741824&uncommitted=2199023255552&accessible=false"
                 "&maintenance=inMaintenance");
    auto run = probe(vpx, state_dir("datastores"), {"datastores"});
    control(vpx, "/datastore?name=LocalDS_1&free=549755813888&uncommitted=0&accessible=true&maintenance=normal");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    std::string ds = line_with(run.out, "datastore name=LocalDS_1 ");
    EXPECT_TRUE(contains(ds, "capacity=1099511627776 free=1073741824 uncommitted=2199023255552 accessible=false "
                             "maintenance=inMaintenance ")) << ds;
}

TEST(VsphereSimulator, PerformanceCountersInOneQueryWithCachedIds) {
    std::string state = state_dir("perf");
    std::vector<std::string> args = {"--perf", "cpu.ready.summation,cpu.usage.average,no.such.counter", "perf-vms"};
    auto first = probe(vpx, state, args);
    ASSERT_EQ(first.exit_code, 0) << first.out;
    EXPECT_EQ(count_lines(first.out, "perf entity="), 12) << first.out;  // 6 VMs x 2 counters
    EXPECT_TRUE(std::regex_search(first.out, std::regex("counter=cpu.ready.summation instance= value=[0-9]+ "
                                                        "interval=20 unit=millisecond scale=1")))
        << first.out;
    EXPECT_TRUE(contains(first.out, "unit=percent scale=100")) << first.out;
    EXPECT_TRUE(contains(first.out, "perf unknown=no.such.counter")) << first.out;
    // The counter list is cached: the second run makes the VM read and the QueryPerf only.
    long queries = server_calls(vpx, "QueryPerf");
    auto second = probe(vpx, state, {"--perf", "cpu.ready.summation,cpu.usage.average", "perf-vms"});
    ASSERT_EQ(second.exit_code, 0) << second.out;
    EXPECT_EQ(stat_of(second.out, "requests"), 2) << second.out;
    EXPECT_EQ(server_calls(vpx, "QueryPerf") - queries, 1);
}

TEST(VsphereSimulator, RequestCountsDoNotGrowWithTheInventory) {
    auto count = [](const Sim& sim, const std::string& name) {
        std::string state = state_dir(name);
        EXPECT_EQ(probe(sim, state, {"hosts", "vms", "datastores"}).exit_code, 0);
        auto warm = probe(sim, state, {"hosts", "vms", "datastores"});
        EXPECT_EQ(warm.exit_code, 0) << warm.out.substr(0, 2000);
        std::cout << "[ vsphere ] " << name << ": " << count_lines(warm.out, "vm ") << " VMs, "
                  << stat_of(warm.out, "requests") << " requests, " << stat_of(warm.out, "bytes") << " bytes, "
                  << warm.seconds << " s (warm run)\n";
        return std::make_pair(count_lines(warm.out, "vm "), stat_of(warm.out, "requests"));
    };
    auto [small_vms, small_requests] = count(vpx, "count-small");
    auto [large_vms, large_requests] = count(vpx1000, "count-large");
    EXPECT_EQ(small_vms, 6);
    EXPECT_EQ(large_vms, 1002);
    EXPECT_EQ(small_requests, 3);
    EXPECT_EQ(large_requests, small_requests);
}

// Twenty runs at once on one session file; returns the logins the server saw.
long twenty_at_once(const std::string& state, const std::string& name) {
    long before = server_calls(vpx, "Login");
    std::string out = state_root + "/vsphere-tests/" + name + ".";
    std::string script = "for i in $(seq 1 20); do '" + std::string(VIRTCHECK_VSPHERE_PROBE) + "' '" + vpx.url() +
                         "' vcuser --ca-file '" + vpx.ca() + "' --state-dir '" + state + "' hosts vms > '" + out +
                         "'$i 2>&1 & done; wait";
    auto run = run_program({"/bin/sh", "-c", script}, {{"VIRTCHECK_VSPHERE_PASSWORD", password}});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    for (int i = 1; i <= 20; ++i) {
        std::ifstream in(out + std::to_string(i));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_EQ(count_lines(text, "host "), 7) << name << " run " << i << ":\n" << text;
        EXPECT_EQ(count_lines(text, "stats "), 1) << name << " run " << i << ":\n" << text;
    }
    long logins = server_calls(vpx, "Login") - before;
    std::cout << "[ vsphere ] 20 concurrent runs, " << name << ": " << logins << " logins\n";
    // The file left behind is whole and valid: the next run does not log in.
    auto after = probe(vpx, state, {"hosts"});
    EXPECT_EQ(after.exit_code, 0) << after.out;
    EXPECT_EQ(stat_of(after.out, "logins"), 0) << after.out;
    return logins;
}

TEST(VsphereSimulator, TwentyConcurrentRunsShareOneSessionFile) {
    std::string state = state_dir("concurrent");
    std::filesystem::create_directories(state_root + "/vsphere-tests");
    // A cold cache: every run may log in (no lock to wait on), none fails; a run that finds
    // another's new session in the file once logged in takes it and logs its own out.
    long logouts = server_calls(vpx, "Logout");
    long cold = twenty_at_once(state, "concurrent-cold");
    EXPECT_GE(cold, 1);
    EXPECT_LE(cold, 20);
    long extra = server_calls(vpx, "Logout") - logouts;
    std::cout << "[ vsphere ] cold race: " << extra << " extra sessions logged out again\n";
    EXPECT_LE(extra, cold - 1);
    // A warm cache: nobody logs in.
    EXPECT_EQ(twenty_at_once(state, "concurrent-warm"), 0);
    // A stale session: runs that find a newer cookie in the file take it instead of logging in.
    control(vpx, "/sessions/invalidate");
    long stale = twenty_at_once(state, "concurrent-stale");
    EXPECT_GE(stale, 1);
    EXPECT_LE(stale, 20);
}

}  // namespace
}  // namespace virtcheck::testing
