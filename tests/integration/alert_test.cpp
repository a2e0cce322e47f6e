// virtcheck-alert as cron runs it: real check_vm_state runs on the libvirt test driver (a node
// file rewritten between runs), real receivers (aiosmtpd, HTTP servers that answer 200, 500 or
// never), and time driven through VIRTCHECK_NOW.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alert_support.hpp"

namespace virtcheck::testing {
namespace {

constexpr double T = 1'800'000'000;  // 2027-01-15 08:00:00 UTC
constexpr double minute = 60, hour = 3600, day = 86400;

std::vector<std::string> subjects(const std::vector<Mail>& mails) {
    std::vector<std::string> found;
    for (const auto& mail : mails) found.push_back(mail.headers.at("Subject"));
    return found;
}

const std::string crashed_subject = "[CRITICAL] kvm1 VM_STATE: 1 of 1 VMs CRITICAL: web-03 crashed";

class Alert : public AlertTest {};

TEST_F(Alert, SoftStatesThenHardProblemChangeAndRecoveryAsMails) {
    config("attempts = 3");
    EXPECT_EQ(run_at(T).exit_code, 0);
    vm(3);  // paused: WARNING
    EXPECT_EQ(run_at(T + 5 * minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 10 * minute).exit_code, 0);
    EXPECT_TRUE(mails().empty()) << "soft states notify nobody";
    auto third = run_at(T + 15 * minute);
    EXPECT_EQ(third.exit_code, 0) << third.err;
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));
    vm(6);  // crashed: CRITICAL, a hard change while hard
    EXPECT_EQ(run_at(T + 20 * minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 25 * minute).exit_code, 0);
    vm(1);
    EXPECT_EQ(run_at(T + 30 * minute).exit_code, 0);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 3; }, 5));
    auto got = mails();
    auto s = subjects(got);
    EXPECT_TRUE(s[0].starts_with("[WARNING] kvm1 VM_STATE: 1 of 1 VMs WARNING: web-03 paused")) << s[0];
    EXPECT_TRUE(s[1].starts_with(crashed_subject)) << s[1];
    EXPECT_TRUE(s[2].starts_with("[OK] kvm1 VM_STATE: ")) << s[2];
    EXPECT_NE(got[0].headers.at("Message-ID"), got[1].headers.at("Message-ID"));
    EXPECT_EQ(got[1].headers.at("Date"), "Fri, 15 Jan 2027 08:20:00 +0000");
    EXPECT_EQ(got[1].headers.at("Content-Type"), "text/plain; charset=UTF-8");
    const std::string& body = got[1].body;
    for (const char* part : {"PROBLEM: web is CRITICAL (state changed from WARNING)", "Previous: WARNING",
                             "State:    CRITICAL since 2027-01-15 08:20:00", "Problem:  not OK since 2027-01-15 08:05:00",
                             "[CRITICAL] web-03 crashed", "Perfdata:\n'running'=0;;;0",
                             "2027-01-15 08:15:00  WARNING HARD", "2027-01-15 08:20:00  CRITICAL HARD"})
        EXPECT_TRUE(contains(body, part)) << part << "\n" << body;
    EXPECT_TRUE(contains(got[2].body, "RECOVERY: web is OK again")) << got[2].body;

    auto history = json_of(alert({"history", "--output", "json"}, T + 31 * minute));
    std::vector<std::string> states;
    for (const auto& entry : history)
        if (entry["kind"] == "state") states.push_back(entry["state"].get<std::string>() + " " + entry["state_type"].get<std::string>());
    EXPECT_EQ(states, (std::vector<std::string>{"OK HARD", "WARNING SOFT 1/3", "WARNING HARD", "CRITICAL HARD", "OK HARD"}));
    auto recent = json_of(alert({"history", "--since", "11m", "--output", "json"}, T + 31 * minute));
    ASSERT_FALSE(recent.empty());
    for (const auto& entry : recent) EXPECT_GE(entry["time_epoch"].get<double>(), T + 20 * minute);
    auto status = json_of(alert({"status", "--output", "json"}, T + 31 * minute));
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0]["state"], "OK");
    EXPECT_EQ(status[0]["since"], "2027-01-15 08:30:00");
}

TEST_F(Alert, RenotifyAcknowledgeAndExpiry) {
    config("attempts = 1\nrenotify = \"2h\"");
    vm(6);
    run_at(T);
    run_at(T + 1 * hour);
    run_at(T + 2 * hour);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 2; }, 5));
    EXPECT_TRUE(contains(mails()[1].body, "(still CRITICAL after 2h)")) << mails()[1].body;
    auto ack = alert({"ack", "web", "--comment", "replacing the disk", "--expire", "4h"}, T + 2.5 * hour);
    EXPECT_EQ(ack.exit_code, 0) << ack.err;
    EXPECT_EQ(ack.out, "web: CRITICAL acknowledged until 2027-01-15 14:30:00\n");
    auto status = alert({"status"}, T + 2.5 * hour);
    EXPECT_TRUE(contains(status.out, "acknowledged by ")) << status.out;
    EXPECT_TRUE(contains(status.out, "until 2027-01-15 14:30:00: replacing the disk")) << status.out;
    run_at(T + 4.5 * hour);  // renotify would be due: acknowledged, quiet
    run_at(T + 6 * hour);
    EXPECT_EQ(mails().size(), 2u);
    run_at(T + 6.5 * hour);  // the ack has expired
    ASSERT_TRUE(wait_until([&] { return mails().size() == 3; }, 5));
    EXPECT_TRUE(contains(mails()[2].body, "(acknowledgement expired)")) << mails()[2].body;
    auto history = alert({"history", "--service", "web"}, T + 7 * hour);
    EXPECT_TRUE(contains(history.out, "ack               CRITICAL acknowledged until")) << history.out;
    EXPECT_TRUE(contains(history.out, "ack-expired")) << history.out;

    vm(1);
    run_at(T + 7 * hour);
    auto nothing = alert({"ack", "web"}, T + 7 * hour);
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_EQ(nothing.err, "virtcheck-alert: web is OK: there is no problem to acknowledge\n");
}

TEST_F(Alert, MuteWindowHoldsNotificationsUntilItEnds) {
    config("attempts = 1");
    auto mute = alert({"mute", "web", "--for", "1h", "--comment", "kernel update"}, T);
    EXPECT_EQ(mute.exit_code, 0) << mute.err;
    EXPECT_EQ(mute.out, "web: muted from 2027-01-15 08:00:00 to 2027-01-15 09:00:00\n");
    vm(6);
    run_at(T + 5 * minute);
    run_at(T + 55 * minute);
    EXPECT_TRUE(contains(alert({"status"}, T + 55 * minute).out, "muted until 2027-01-15 09:00:00 by "));
    EXPECT_TRUE(mails().empty());
    run_at(T + 65 * minute);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));

    vm(1);
    run_at(T + 70 * minute);  // recovery after a notified problem
    ASSERT_TRUE(wait_until([&] { return mails().size() == 2; }, 5));
    EXPECT_EQ(alert({"mute", "--all", "--start", "2027-01-15 09:20", "--end", "@1800009000"}, T + 75 * minute).exit_code, 0);
    vm(6);
    run_at(T + 85 * minute);
    EXPECT_EQ(mails().size(), 2u);
    auto unmute = alert({"unmute", "--all"}, T + 90 * minute);
    EXPECT_EQ(unmute.out, "every service (global mutes): 1 mute window(s) ended\n");
    run_at(T + 95 * minute);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 3; }, 5));
    auto history = alert({"history"}, T + 96 * minute).out;
    EXPECT_TRUE(contains(history, "mute              muted from 2027-01-15 08:00:00 to 2027-01-15 09:00:00 by ")) << history;
    EXPECT_TRUE(contains(history, "suppressed        PROBLEM CRITICAL (muted)")) << history;
    EXPECT_TRUE(contains(history, "unmute")) << history;
    EXPECT_EQ(alert({"mute", "web"}, T).exit_code, 2);  // neither --for nor --end
}

TEST_F(Alert, FlappingNotifiesOnceThenSettles) {
    config("attempts = 1\nflap_changes = 4\nflap_window = \"1h\"");
    for (int i = 0; i < 10; ++i) {
        vm(i % 2 ? 6 : 1);
        run_at(T + 5 * minute * i);
    }
    ASSERT_TRUE(wait_until([&] { return mails().size() == 4; }, 5));
    for (int i = 10; i <= 24; ++i) run_at(T + 5 * minute * i);  // CRITICAL from i = 9 on
    ASSERT_TRUE(wait_until([&] { return mails().size() == 5; }, 5));
    auto s = subjects(mails());
    EXPECT_TRUE(s[0].starts_with("[CRITICAL]")) << s[0];
    EXPECT_TRUE(s[1].starts_with("[OK]")) << s[1];
    EXPECT_TRUE(s[2].starts_with("[CRITICAL]")) << s[2];
    EXPECT_EQ(s[3], "[FLAPPING] kvm1 VM_STATE: changed state 4 times in 1h");
    EXPECT_TRUE(s[4].starts_with("[FLAPPING OVER] kvm1 VM_STATE: has settled")) << s[4];
}

TEST_F(Alert, SendmailWebhooksAndCommand) {
    config("attempts = 1",
           R"(
[notifier.mail]
type = "sendmail"
sendmail = "@FAKE_SENDMAIL@"
from = "virtcheck@kvm1"
to = ["root@localhost", "ops@example.org"]

[notifier.chat]
type = "webhook"
url = "http://127.0.0.1:18462/@NAME@"
template = '{"text": "{{subject}}", "attachments": [{"text": "{{output}}"}]}'
headers = { X-Team = "ops" }

[notifier.json]
type = "webhook"
url = "http://127.0.0.1:18462/@NAME@"

[notifier.page]
type = "command"
command = ["/bin/sh", "-c", "env > @DIR@/page.env; cat > @DIR@/page.txt", "page"]
events = ["CRITICAL"]
)");
    std::string config_text = read_file(dir_ / "alert.toml");
    config_text.replace(config_text.find("@FAKE_SENDMAIL@"), 15, std::string(VIRTCHECK_SOURCE_DIR) + "/tests/integration/fake_sendmail.sh");
    write("alert.toml", config_text);
    vm(6);
    auto run = run_at(T, {{"SENDMAIL_SPOOL", (dir_ / "sendmail").string()}});
    EXPECT_EQ(run.exit_code, 0) << run.err;

    auto sent = mails();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].headers.at("To"), "root@localhost, ops@example.org");
    EXPECT_TRUE(sent[0].headers.at("Subject").starts_with(crashed_subject));
    auto args = fs::directory_iterator(dir_ / "sendmail");
    std::string arguments;
    for (const auto& entry : args)
        if (entry.path().extension() == ".args") arguments = read_file(entry.path());
    EXPECT_EQ(arguments, "-t -oi\n");

    auto requests = hooks("ok");
    ASSERT_EQ(requests.size(), 2u);
    nlohmann::json slack, plain;
    for (const auto& request : requests) {
        auto body = nlohmann::json::parse(request["body"].get<std::string>());
        (body.contains("attachments") ? slack : plain) = request;
        EXPECT_EQ(request["headers"]["Content-Type"], "application/json");
        EXPECT_EQ(request["headers"]["Idempotency-Key"], request["headers"]["X-Virtcheck-Notification"]);
    }
    auto slack_body = nlohmann::json::parse(slack["body"].get<std::string>());
    EXPECT_TRUE(slack_body["text"].get<std::string>().starts_with(crashed_subject));
    EXPECT_TRUE(slack_body["attachments"][0]["text"].get<std::string>().starts_with("VM_STATE CRITICAL - "));
    EXPECT_EQ(slack["headers"]["X-Team"], "ops");
    auto plain_body = nlohmann::json::parse(plain["body"].get<std::string>());
    EXPECT_EQ(plain_body["state"], "CRITICAL");
    EXPECT_EQ(plain_body["type"], "PROBLEM");
    EXPECT_EQ(plain_body["service"], "web");
    EXPECT_EQ(plain_body["shortname"], "VM_STATE");

    std::string env = read_file(dir_ / "page.env");
    for (const char* line : {"VIRTCHECK_NOTIFICATIONTYPE=PROBLEM\n", "VIRTCHECK_SERVICESTATE=CRITICAL\n",
                             "VIRTCHECK_LASTSERVICESTATE=OK\n", "VIRTCHECK_SERVICEDESC=web\n", "VIRTCHECK_HOSTNAME=kvm1\n",
                             "VIRTCHECK_LONGSERVICEOUTPUT=[CRITICAL] web-03 crashed\n"})
        EXPECT_TRUE(contains(env, line)) << line << env;
    EXPECT_TRUE(contains(read_file(dir_ / "page.txt"), "PROBLEM: web is CRITICAL"));

    vm(3);  // WARNING: the command notifier takes only CRITICAL
    run_at(T + minute, {{"SENDMAIL_SPOOL", (dir_ / "sendmail").string()}});
    EXPECT_EQ(mails().size(), 2u);
    EXPECT_TRUE(contains(read_file(dir_ / "page.env"), "VIRTCHECK_SERVICESTATE=CRITICAL\n"));
}

TEST_F(Alert, FailedWebhookIsRetriedWithTheSameKeyUntilDelivered) {
    const std::string hook = "[notifier.mail]\ntype = \"webhook\"\nurl = \"http://127.0.0.1:PORT/@NAME@\"\n";
    auto use_port = [&](int port) {
        std::string text = hook;
        text.replace(text.find("PORT"), 4, std::to_string(port));
        config("attempts = 1", text);
    };
    use_port(http_fail_port);
    vm(6);
    auto first = run_at(T);
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_TRUE(contains(first.err, "failed (retried next run): webhook mail: the receiver answered HTTP 500")) << first.err;
    auto second = run_at(T + minute);
    EXPECT_EQ(second.exit_code, 1);
    auto failed = hooks("fail");
    ASSERT_EQ(failed.size(), 2u);
    EXPECT_EQ(failed[0]["headers"]["Idempotency-Key"], failed[1]["headers"]["Idempotency-Key"]);
    EXPECT_EQ(failed[1]["headers"]["X-Virtcheck-Attempt"], "2");
    auto status = alert({"status"}, T + minute);
    EXPECT_TRUE(contains(status.out, "1 notification(s) waiting to be sent")) << status.out;

    use_port(http_ok_port);  // the receiver is fixed
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 3 * minute).exit_code, 0);
    auto delivered = hooks("ok");
    ASSERT_EQ(delivered.size(), 1u);
    EXPECT_EQ(delivered[0]["headers"]["Idempotency-Key"], failed[0]["headers"]["Idempotency-Key"]);
    EXPECT_EQ(delivered[0]["headers"]["X-Virtcheck-Attempt"], "3");
    auto history = alert({"history"}, T + 4 * minute).out;
    EXPECT_TRUE(contains(history, ": attempt 1 failed: webhook mail: the receiver answered HTTP 500; retried next run")) << history;
    EXPECT_TRUE(contains(history, ": sent")) << history;
}

TEST_F(Alert, HangingWebhookTimesOutAndTheMailStillGoes) {
    config("attempts = 1", "[notifier.stuck]\ntype = \"webhook\"\nurl = \"http://127.0.0.1:18464/@NAME@\"\ntimeout = \"2s\"\n");
    vm(6);
    auto run = run_at(T);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.err, "webhook stuck: Operation timed out after 2")) << run.err;
    EXPECT_LT(run.seconds, 6);
    EXPECT_EQ(mails().size(), 1u);
    EXPECT_EQ(hooks("hang").size(), 1u);
    run_at(T + minute);  // retried: the receiver sees the same key again
    auto requests = hooks("hang");
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0]["headers"]["Idempotency-Key"], requests[1]["headers"]["Idempotency-Key"]);
    EXPECT_EQ(mails().size(), 1u);
}

TEST_F(Alert, SmtpWithStartTlsAndAuthentication) {
    std::string password = read_file(peers_ + "/smtp-password");
    password.pop_back();
    auto secure = [&](const std::string& extra) {
        config("attempts = 1\nsecrets = \"secrets.toml\"",
               "[notifier.mail]\ntype = \"smtp\"\nurl = \"smtp://127.0.0.1:18461\"\nca_file = \"@PEERS@/tls/cert.pem\"\n"
               "user = \"alert\"\npassword_secret = \"smtp\"\nfrom = \"virtcheck@kvm1\"\nto = [\"@NAME@@example.org\"]\n" +
                   extra);
    };
    secure("");
    write("secrets.toml", "smtp = \"" + password + "\"\n", 0644);
    vm(6);
    auto refused = run_at(T);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(refused.err, "virtcheck-alert: " + (dir_ / "secrets.toml").string() +
                               ": the secrets file may be read by others (mode 644); chmod 600 it\n");
    EXPECT_FALSE(fs::exists(dir_ / "alert.db")) << "nothing runs";

    write("secrets.toml", "smtp = \"wrong-password\"\n", 0600);
    auto denied = run_at(T);
    EXPECT_EQ(denied.exit_code, 1);
    EXPECT_TRUE(contains(denied.err, "mail to smtp://127.0.0.1:18461:")) << denied.err;
    EXPECT_FALSE(contains(denied.err + denied.out, "wrong-password"));
    EXPECT_FALSE(contains(alert({"history", "-v"}, T).out, "wrong-password"));

    write("secrets.toml", "smtp = \"" + password + "\"\n", 0600);
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    auto got = mails();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].headers.at("X-Via-TLS"), "yes");
    EXPECT_EQ(got[0].headers.at("X-Auth-User"), "alert");
    EXPECT_FALSE(contains(read_file(dir_ / "alert.db"), password));

    // STARTTLS required against a server that does not offer it: refused, not sent in clear.
    config("attempts = 1",
           "[notifier.mail]\ntype = \"smtp\"\nurl = \"smtp://127.0.0.1:18460\"\nstarttls = \"required\"\n"
           "from = \"virtcheck@kvm1\"\nto = [\"@NAME@@example.org\"]\n");
    vm(1);
    auto clear = run_at(T + 2 * minute);
    EXPECT_EQ(clear.exit_code, 1);
    EXPECT_TRUE(contains(clear.err, "TLS")) << clear.err;
    EXPECT_EQ(mails().size(), 1u);
}

TEST_F(Alert, OverlappingRunsNeverBothNotify) {
    write("slow.sh", "#!/bin/sh\necho $$ > @DIR@/slow.pid\nsleep 2\necho 'SLOW CRITICAL - took its time'\nexit 2\n", 0755);
    config("attempts = 1\nlock_wait = \"500ms\"", "",
           "[[service]]\nname = \"slow\"\ncommand = [\"@DIR@/slow.sh\"]\n");
    pid_t first = start_alert({"run"}, T);
    ASSERT_TRUE(wait_until([&] { return fs::exists(dir_ / "slow.pid"); }, 5));
    auto second = run_at(T);
    EXPECT_EQ(second.exit_code, 75);
    EXPECT_TRUE(contains(second.err, "another run (pid " + std::to_string(first) + ") still holds ")) << second.err;
    EXPECT_TRUE(contains(second.err, " after 500ms; this run did nothing")) << second.err;
    EXPECT_LT(second.seconds, 1.5);
    EXPECT_EQ(finish(first), 0);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));

    // With a longer wait the second run runs after the first: the problem is known, no mail.
    config("attempts = 1\nlock_wait = \"10s\"", "", "[[service]]\nname = \"slow\"\ncommand = [\"@DIR@/slow.sh\"]\n");
    fs::remove(dir_ / "slow.pid");
    pid_t a = start_alert({"run"}, T + minute);
    ASSERT_TRUE(wait_until([&] { return fs::exists(dir_ / "slow.pid"); }, 5));
    auto b = run_at(T + minute);
    EXPECT_EQ(b.exit_code, 0) << b.err;
    EXPECT_GT(b.seconds, 1.5);
    EXPECT_EQ(finish(a), 0);
    EXPECT_EQ(mails().size(), 1u);
}

TEST_F(Alert, KillNineBeforeRecordingLosesOnlyThatResult) {
    config("attempts = 1");
    vm(6);
    auto killed = run_at(T, {{"VIRTCHECK_ALERT_CRASH_AT", "before-record"}});
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
    EXPECT_TRUE(contains(alert({"status"}, T).out, "PENDING"));
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    EXPECT_EQ(mails().size(), 1u);
}

TEST_F(Alert, KillNineAfterRecordingSendsOnTheNextRunExactlyOnce) {
    config("attempts = 1");
    vm(6);
    auto killed = run_at(T, {{"VIRTCHECK_ALERT_CRASH_AT", "after-record"}});
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
    EXPECT_TRUE(mails().empty());
    auto status = alert({"status", "--output", "json"}, T);
    auto state = json_of(status);
    EXPECT_EQ(state[0]["state"], "CRITICAL");
    EXPECT_EQ(state[0]["pending_notifications"], 1);
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    auto got = mails();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].headers.at("Date"), "Fri, 15 Jan 2027 08:00:00 +0000");  // as decided, not as sent
}

TEST_F(Alert, KillNineAfterTheReceiverAcceptedResendsTheSameMessageId) {
    config("attempts = 1");
    vm(6);
    auto killed = run_at(T, {{"VIRTCHECK_ALERT_CRASH_AT", "after-send"}});
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    auto got = mails();
    ASSERT_EQ(got.size(), 2u) << "the documented window: one duplicate, recognisable";
    EXPECT_EQ(got[0].headers.at("Message-ID"), got[1].headers.at("Message-ID"));
    EXPECT_EQ(got[0].body, got[1].body);
}

TEST_F(Alert, KillNineWhileAReceiverHangs) {
    auto hook = [&](int port) {
        config("attempts = 1", "[notifier.mail]\ntype = \"webhook\"\nurl = \"http://127.0.0.1:" + std::to_string(port) +
                                   "/@NAME@\"\ntimeout = \"1m\"\n");
    };
    hook(http_hang_port);
    vm(6);
    pid_t run = start_alert({"run"}, T);
    ASSERT_TRUE(wait_until([&] { return hooks("hang").size() == 1; }, 10));
    kill(run, SIGKILL);
    EXPECT_EQ(finish(run), 128 + SIGKILL);
    hook(http_ok_port);
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    auto delivered = hooks("ok");
    ASSERT_EQ(delivered.size(), 1u);
    EXPECT_EQ(delivered[0]["headers"]["Idempotency-Key"], hooks("hang")[0]["headers"]["Idempotency-Key"]);
}

TEST_F(Alert, KillNineWhileACheckRunsTakesTheCheckAlong) {
    write("slow.sh", "#!/bin/sh\necho $$ > @DIR@/slow.pid\nsleep 3\necho 'SLOW CRITICAL - took its time'\nexit 2\n", 0755);
    config("attempts = 1", "", "[[service]]\nname = \"slow\"\ncommand = [\"@DIR@/slow.sh\"]\n");
    pid_t run = start_alert({"run"}, T);
    ASSERT_TRUE(wait_until([&] { return fs::exists(dir_ / "slow.pid") && !read_file(dir_ / "slow.pid").empty(); }, 5));
    pid_t check = std::stoi(read_file(dir_ / "slow.pid"));
    kill(run, SIGKILL);
    finish(run);
    EXPECT_TRUE(wait_until([&] { return kill(check, 0) != 0; }, 2)) << "the check outlived its run";
    EXPECT_EQ(run_at(T + minute).exit_code, 0);
    EXPECT_EQ(mails().size(), 1u);
}

TEST_F(Alert, CorruptLockedAndUnwritableDatabases) {
    config("attempts = 1\nlock_wait = \"1s\"");
    std::string garbage(4096, 'x');
    write("alert.db", garbage);
    auto corrupt = run_at(T);
    EXPECT_EQ(corrupt.exit_code, 1);
    EXPECT_TRUE(contains(corrupt.err, "database " + (dir_ / "alert.db").string() + ": ")) << corrupt.err;
    EXPECT_TRUE(contains(corrupt.err, "not a database or damaged")) << corrupt.err;
    EXPECT_EQ(read_file(dir_ / "alert.db"), garbage);
    fs::remove(dir_ / "alert.db");

    vm(6);
    EXPECT_EQ(run_at(T).exit_code, 0);
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "alert.db").c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    vm(1);
    auto locked = run_at(T + minute);
    EXPECT_EQ(locked.exit_code, 1);
    EXPECT_TRUE(contains(locked.err, "database " + (dir_ / "alert.db").string() + ": ")) << locked.err;
    EXPECT_TRUE(contains(locked.err, "locked by another process (waited 1 s)")) << locked.err;
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
    EXPECT_EQ(run_at(T + 2 * minute).exit_code, 0);
    auto history = json_of(alert({"history", "--output", "json"}, T + 3 * minute));
    int states = 0;
    for (const auto& entry : history) states += entry["kind"] == "state";
    EXPECT_EQ(states, 2);  // CRITICAL, then OK: nothing lost
    EXPECT_EQ(mails().size(), 2u);

    // A directory the user cannot write (run as nobody: root ignores permissions).
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::remove(dir_ / "alert.db");
    fs::remove(dir_ / "alert.db-wal");
    fs::remove(dir_ / "alert.db-shm");
    fs::remove(dir_ / "alert.db.lock");
    auto nobody = run_program({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", VIRTCHECK_ALERT_BIN,
                               "--config", (dir_ / "alert.toml").string(), "run"});
    EXPECT_EQ(nobody.exit_code, 1) << nobody.err;
    EXPECT_TRUE(contains(nobody.err, (dir_ / "alert.db").string())) << nobody.err;
    EXPECT_TRUE(contains(nobody.err, "Permission denied")) << nobody.err;
}

TEST_F(Alert, ConfigErrorsStopEverything) {
    config("attempts = 1\natempts = 2");
    auto run = run_at(T);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err.substr(0, run.err.find(" (known")),
              "virtcheck-alert: " + (dir_ / "alert.toml").string() + ":6: key 'defaults.atempts': unknown key");
    EXPECT_FALSE(fs::exists(dir_ / "alert.db"));
    config("attempts = 1");
    auto clock = run_at(T, {{"VIRTCHECK_NOW", "tomorrow"}});
    EXPECT_EQ(clock.exit_code, 2);
    EXPECT_EQ(clock.err, "virtcheck-alert: VIRTCHECK_NOW='tomorrow' is not a number of seconds since the epoch\n");
    auto check = alert({"check-config"}, T);
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_TRUE(contains(check.out, ": OK: 1 service(s), 1 notifier(s)")) << check.out;
    config("attempts = 1", "", "[[service]]\nname = \"gone\"\ncommand = [\"check_nothing_here\"]\n");
    auto missing = alert({"check-config"}, T);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_TRUE(contains(missing.err, "service gone: program check_nothing_here not found")) << missing.err;
    run_at(T);  // a missing program is an UNKNOWN result, and that notifies
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));
    EXPECT_EQ(mails()[0].headers.at("Subject"),
              "[UNKNOWN] kvm1 gone: cannot run check_nothing_here: not found in defaults.path or $PATH");
}

TEST_F(Alert, PruneKeepsOnlyRecentHistory) {
    config("attempts = 1");
    vm(6);
    run_at(T);
    vm(1);
    run_at(T + 50 * day);
    auto prune = alert({"prune", "--older-than", "90d"}, T + 100 * day);
    EXPECT_EQ(prune.exit_code, 0) << prune.err;
    auto history = json_of(alert({"history", "--output", "json"}, T + 100 * day));
    ASSERT_FALSE(history.empty());
    for (const auto& entry : history) EXPECT_GE(entry["time_epoch"].get<double>(), T + 10 * day) << entry.dump();
    EXPECT_EQ(alert({"prune"}, T).exit_code, 2);  // neither --older-than nor defaults.retention

    config("attempts = 1\nretention = \"30d\"");
    run_at(T + 100 * day + minute);
    auto kept = json_of(alert({"history", "--output", "json"}, T + 100 * day + minute));
    for (const auto& entry : kept) EXPECT_GE(entry["time_epoch"].get<double>(), T + 70 * day) << entry.dump();
}

TEST_F(Alert, HostileCheckOutputCannotForgeMailHeaders) {
    write("evil.sh", "#!/bin/sh\nprintf 'EVIL CRITICAL - web\\rBcc: victim@example.org\\r\\nTo: x@y\\n\\nSubject: forged\\n'\nexit 2\n",
          0755);
    config("attempts = 1", "", "[[service]]\nname = \"evil\"\ncommand = [\"@DIR@/evil.sh\"]\n");
    run_at(T);
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));
    Mail mail = mails()[0];
    for (const auto& line : mail.header_lines) {
        EXPECT_FALSE(line.starts_with("Bcc")) << line;
        EXPECT_FALSE(line.starts_with("Subject: forged")) << line;
    }
    EXPECT_EQ(mail.headers.at("To"), name_ + "@example.org");
    EXPECT_EQ(mail.headers.at("Subject"), "[CRITICAL] kvm1 EVIL: web\\rBcc: victim@example.org");
}

TEST_F(Alert, IntervalDecidesWhenAServiceIsDue) {
    config("attempts = 2\ninterval = \"10m\"");
    run_at(T);
    vm(6);
    run_at(T + 5 * minute);  // not due: nothing checked
    EXPECT_EQ(json_of(alert({"status", "--output", "json"}, T))[0]["state"], "OK");
    run_at(T + 9.5 * minute);  // due, with a tenth of the interval for cron's jitter
    auto soft = json_of(alert({"status", "--output", "json"}, T));
    EXPECT_EQ(soft[0]["state"], "CRITICAL");
    EXPECT_EQ(soft[0]["state_type"], "SOFT");
    run_at(T + 10 * minute);  // a soft problem is confirmed on the next run, due or not
    EXPECT_EQ(json_of(alert({"status", "--output", "json"}, T))[0]["state_type"], "HARD");
    ASSERT_TRUE(wait_until([&] { return mails().size() == 1; }, 5));
    vm(1);
    run_at(T + 15 * minute);  // hard again: back to the interval
    EXPECT_EQ(json_of(alert({"status", "--output", "json"}, T))[0]["state"], "CRITICAL");
    auto forced = alert({"run", "--service", "web", "-v"}, T + 16 * minute);
    EXPECT_TRUE(forced.out.starts_with("web: OK HARD - VM_STATE OK")) << forced.out;
    EXPECT_EQ(alert({"run", "--service", "nosuch"}, T).exit_code, 2);
}

TEST_F(Alert, AnUndeliverableNotificationIsGivenUpAfterGiveUp) {
    config("attempts = 1\ngive_up = \"1h\"", "[notifier.mail]\ntype = \"webhook\"\nurl = \"http://127.0.0.1:18463/@NAME@\"\n");
    vm(6);
    EXPECT_EQ(run_at(T).exit_code, 1);
    EXPECT_EQ(run_at(T + 30 * minute).exit_code, 1);
    auto late = run_at(T + 61 * minute);
    EXPECT_EQ(late.exit_code, 1);
    EXPECT_TRUE(contains(late.err, " given up: not sent within 1h (defaults.give_up)")) << late.err;
    EXPECT_EQ(hooks("fail").size(), 2u);
    EXPECT_EQ(run_at(T + 62 * minute).exit_code, 0);
    EXPECT_EQ(json_of(alert({"status", "--output", "json"}, T))[0]["pending_notifications"], 0);
}

TEST_F(Alert, EveryCommandHasHelp) {
    config("");
    for (const char* command : {"run", "status", "history", "ack", "mute", "unmute", "prune", "check-config"}) {
        auto help = alert({command, "--help"}, T);
        EXPECT_EQ(help.exit_code, 0) << command;
        EXPECT_TRUE(contains(help.out, "Usage:") || contains(help.out, "usage:")) << command << help.out;
        EXPECT_TRUE(help.err.empty()) << help.err;
    }
    EXPECT_TRUE(contains(alert({"history", "--help"}, T).out, "--since"));
    auto after = run_program({VIRTCHECK_ALERT_BIN, "status", "--config", (dir_ / "alert.toml").string()});
    EXPECT_EQ(after.exit_code, 0) << after.err;
    EXPECT_TRUE(contains(after.out, "web  ")) << after.out;
    EXPECT_EQ(alert({"frobnicate"}, T).exit_code, 2);
    EXPECT_EQ(alert({}, T).exit_code, 2);
}

}  // namespace
}  // namespace virtcheck::testing
