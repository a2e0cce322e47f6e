// Reading plugin output: line 1, long output, perfdata on several lines, hostile bytes.
#include <gtest/gtest.h>

#include "alert/check_output.hpp"
#include "alert/check_result.hpp"

namespace virtcheck::alert {
namespace {

TEST(AlertCheckOutput, VirtcheckLineOne) {
    auto out = parse_check_output("VM_STATE CRITICAL - 1 of 8 VMs CRITICAL: web-03 crashed | 'running'=2;;;0 'vms'=8;;;0\n"
                                  "[CRITICAL] web-03 crashed\n[WARNING] db paused\n");
    EXPECT_EQ(out.shortname, "VM_STATE");
    EXPECT_EQ(out.summary, "1 of 8 VMs CRITICAL: web-03 crashed");
    EXPECT_EQ(out.first_line, "VM_STATE CRITICAL - 1 of 8 VMs CRITICAL: web-03 crashed");
    EXPECT_EQ(out.long_output, "[CRITICAL] web-03 crashed\n[WARNING] db paused");
    EXPECT_EQ(out.perfdata, "'running'=2;;;0 'vms'=8;;;0");
}

TEST(AlertCheckOutput, NagiosThreeMultilinePerfdata) {
    auto out = parse_check_output("DISK OK: 10% used | /=1GB\nline two\nline three | /var=2GB\n/home=3GB\n");
    EXPECT_EQ(out.shortname, "DISK");
    EXPECT_EQ(out.summary, "10% used");
    EXPECT_EQ(out.long_output, "line two\nline three");
    EXPECT_EQ(out.perfdata, "/=1GB /var=2GB /home=3GB");
}

TEST(AlertCheckOutput, LinesWithoutAShortName) {
    EXPECT_EQ(parse_check_output("everything fine").summary, "everything fine");
    EXPECT_EQ(parse_check_output("everything fine").shortname, "");
    EXPECT_EQ(parse_check_output("").summary, "(no output)");
    EXPECT_EQ(parse_check_output("PING OK").shortname, "PING");
    EXPECT_EQ(parse_check_output("PING OKAY - x").shortname, "");
}

TEST(AlertCheckOutput, HostileBytesAreEscapedAndTheSizeIsBounded) {
    const char raw[] = "X CRITICAL - a\rb\x1b[2J\xff\x00z\n";
    auto out = parse_check_output(std::string(raw, sizeof raw - 1));
    EXPECT_EQ(out.summary, "a\\rb\\x1B[2J\\xFF\\x00z");
    auto huge = parse_check_output(std::string(200000, 'a'));
    EXPECT_TRUE(huge.cut);
    EXPECT_LE(huge.first_line.size(), max_check_output);
}

TEST(AlertCheckOutput, ProcessOutcomesThatAreNotPluginStates) {
    Finished f;
    f.exit_code = 2;
    f.out = "VM_STATE CRITICAL - down\n";
    auto critical = interpret(f, 30);
    EXPECT_EQ(critical.status, Status::Critical);
    EXPECT_EQ(critical.output.summary, "down");
    f.exit_code = 7;
    EXPECT_EQ(interpret(f, 30).output.first_line, "check exited with 7, not 0-3: VM_STATE CRITICAL - down");
    EXPECT_EQ(interpret(f, 30).status, Status::Unknown);
    Finished slow;
    slow.timed_out = true;
    EXPECT_EQ(interpret(slow, 30).output.first_line, "check timed out after 30s");
    Finished missing;
    missing.failure = "cannot run check_x: No such file or directory";
    EXPECT_EQ(interpret(missing, 30).output.summary, "cannot run check_x: No such file or directory");
    Finished killed;
    killed.signal = 9;
    EXPECT_EQ(interpret(killed, 30).output.first_line, "check was killed by signal 9 (SIGKILL)");
    Finished silent;
    silent.exit_code = 0;
    silent.err = "oops\nmore";
    EXPECT_EQ(interpret(silent, 30).output.first_line, "(no output; stderr: oops)");
}

}  // namespace
}  // namespace virtcheck::alert
