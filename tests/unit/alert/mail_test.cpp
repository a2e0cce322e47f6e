// Mail text: the subject, headers that untrusted check output cannot forge, quoted-printable.
#include <gtest/gtest.h>

#include "alert/check_output.hpp"
#include "alert/mail.hpp"
#include "alert/notifier.hpp"

namespace virtcheck::alert {
namespace {

Message crashed() {
    Message m;
    m.id = "vc-1-abc";
    m.type = "PROBLEM";
    m.reason = "state changed";
    m.host = "kvm1";
    m.service = "kvm1-vm-state";
    m.object = "qemu:///system";
    m.state = Status::Critical;
    m.previous_state = Status::Ok;
    CheckOutput out = parse_check_output("VM_STATE CRITICAL - web-03 crashed | 'crashed'=1;;;0\n[CRITICAL] web-03 crashed\n");
    m.shortname = out.shortname;
    m.summary = out.summary;
    m.first_line = out.first_line;
    m.long_output = out.long_output;
    m.perfdata = out.perfdata;
    m.time = 1714557900;
    m.since = 1714557600;
    m.recent = {"2024-05-01 10:00:00  CRITICAL HARD  VM_STATE CRITICAL - web-03 crashed"};
    return m;
}

std::vector<std::string> header_lines(const std::string& mail) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (true) {
        auto end = mail.find("\r\n", at);
        if (end == std::string::npos || end == at) break;
        lines.push_back(mail.substr(at, end - at));
        at = end + 2;
    }
    return lines;
}

TEST(AlertMail, SubjectAsTheIssueShowsIt) {
    EXPECT_EQ(subject(crashed()), "[CRITICAL] kvm1 VM_STATE: web-03 crashed");
    Message recovered = crashed();
    recovered.type = "RECOVERY";
    recovered.state = Status::Ok;
    recovered.summary = "all 3 VMs running";
    EXPECT_EQ(subject(recovered), "[OK] kvm1 VM_STATE: all 3 VMs running");
    Message flapping = crashed();
    flapping.type = "FLAPPINGSTART";
    flapping.reason = "changed state 6 times in 1h";
    EXPECT_EQ(subject(flapping), "[FLAPPING] kvm1 VM_STATE: changed state 6 times in 1h");
    Message other = crashed();
    other.shortname = "";
    other.summary = "disk full";
    EXPECT_EQ(subject(other), "[CRITICAL] kvm1 kvm1-vm-state: disk full");
}

TEST(AlertMail, HeadersAndBody) {
    std::string mail = compose_mail(crashed(), "virtcheck@kvm1", {"ops@example.org", "b@example.org"}, "\r\n");
    auto headers = header_lines(mail);
    ASSERT_GE(headers.size(), 9u);
    EXPECT_EQ(headers[0].substr(0, 6), "Date: ");
    EXPECT_EQ(headers[1], "From: virtcheck@kvm1");
    EXPECT_EQ(headers[2], "To: ops@example.org, b@example.org");
    EXPECT_EQ(headers[3], "Subject: [CRITICAL] kvm1 VM_STATE: web-03 crashed");
    EXPECT_EQ(headers[4], "Message-ID: <vc-1-abc@kvm1>");
    EXPECT_EQ(headers[6], "Content-Type: text/plain; charset=UTF-8");
    std::string body = body_text(crashed());
    for (const char* part : {"PROBLEM: kvm1-vm-state is CRITICAL (state changed)", "Previous: OK",
                             "VM_STATE CRITICAL - web-03 crashed\n[CRITICAL] web-03 crashed",
                             "Perfdata:\n'crashed'=1;;;0", "Recent history of kvm1-vm-state:\n  2024-05-01 10:00:00"})
        EXPECT_NE(body.find(part), std::string::npos) << part << "\n" << body;
}

TEST(AlertMail, CheckOutputCannotAddHeaders) {
    // Line breaks split check output into lines, so the summary can only carry a lone CR or
    // other control bytes; a hostile VM name in the summary tries them all.
    Message m = crashed();
    CheckOutput out = parse_check_output("VM_STATE CRITICAL - web\r\nBcc: victim@example.org\rBcc: x@y\x01\x1b[31m\n");
    m.summary = out.summary;
    m.first_line = out.first_line;
    m.long_output = out.long_output;
    std::string mail = compose_mail(m, "virtcheck@kvm1", {"ops@example.org"}, "\r\n");
    for (const auto& line : header_lines(mail)) {
        EXPECT_NE(line.substr(0, 4), "Bcc:") << line;
        EXPECT_EQ(line.find('\r'), std::string::npos);
        EXPECT_EQ(line.find('\x1b'), std::string::npos);
    }
    // No bare CR or LF anywhere: every line ends in CRLF.
    for (std::size_t i = 0; i < mail.size(); ++i) {
        if (mail[i] == '\r') {
            EXPECT_EQ(mail[i + 1], '\n') << i;
        }
        if (mail[i] == '\n') {
            EXPECT_EQ(mail[i - 1], '\r') << i;
        }
    }
    std::string subject_header = header_text(subject(m));
    EXPECT_EQ(subject_header.find("\r\nBcc"), std::string::npos);
}

TEST(AlertMail, NonAsciiSubjectsAreEncodedWords) {
    Message m = crashed();
    m.summary = "web-03 abgestürzt, 温度 zu hoch";
    std::string header = header_text(subject(m));
    EXPECT_EQ(header.substr(0, 10), "=?UTF-8?B?");
    for (std::size_t start = 0; start < header.size();) {
        auto end = header.find("\r\n ", start);
        std::string word = header.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u) << word;
        start = end == std::string::npos ? header.size() : end + 3;
    }
}

TEST(AlertMail, QuotedPrintableKeepsLinesShortAndBytesSafe) {
    std::string long_line(200, 'x');
    std::string encoded = quoted_printable(long_line + "\n.dot\nend = 1 \nä", "\r\n");
    std::size_t start = 0;
    while (start < encoded.size()) {
        auto end = encoded.find("\r\n", start);
        EXPECT_LE((end == std::string::npos ? encoded.size() : end) - start, 76u);
        if (end == std::string::npos) break;
        start = end + 2;
    }
    EXPECT_NE(encoded.find("\r\n=2Edot\r\n"), std::string::npos) << encoded;
    EXPECT_NE(encoded.find("end =3D 1=20\r\n"), std::string::npos) << encoded;
    EXPECT_NE(encoded.find("=C3=A4"), std::string::npos) << encoded;
}

TEST(AlertMail, CommandEnvironmentHasTheNagiosValues) {
    auto env = command_environment(crashed(), 2);
    EXPECT_EQ(env.at("VIRTCHECK_NOTIFICATIONTYPE"), "PROBLEM");
    EXPECT_EQ(env.at("VIRTCHECK_SERVICESTATE"), "CRITICAL");
    EXPECT_EQ(env.at("VIRTCHECK_LASTSERVICESTATE"), "OK");
    EXPECT_EQ(env.at("VIRTCHECK_SERVICEOUTPUT"), "VM_STATE CRITICAL - web-03 crashed");
    EXPECT_EQ(env.at("VIRTCHECK_SERVICEPERFDATA"), "'crashed'=1;;;0");
    EXPECT_EQ(env.at("VIRTCHECK_NOTIFICATIONID"), "vc-1-abc");
    EXPECT_EQ(env.at("VIRTCHECK_NOTIFICATIONATTEMPT"), "2");
}

TEST(AlertMail, StoredMessageRoundTrips) {
    Message m = crashed();
    Message back = message_from_json(message_to_json(m));
    EXPECT_EQ(compose_mail(back, "a@b", {"c@d"}, "\n"), compose_mail(m, "a@b", {"c@d"}, "\n"));
    EXPECT_THROW(message_from_json("{\"id\": 1}"), std::runtime_error);
}

}  // namespace
}  // namespace virtcheck::alert
