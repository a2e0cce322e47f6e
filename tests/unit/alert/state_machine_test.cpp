// Soft/hard states, notifications, renotify, acks, mutes and flapping with made-up times.
#include <gtest/gtest.h>

#include "alert/state_machine.hpp"

namespace virtcheck::alert {
namespace {

constexpr Status OK = Status::Ok, WARN = Status::Warning, CRIT = Status::Critical;

class Machine : public ::testing::Test {
protected:
    // Applies a result `minutes` after the start; returns the notice types, comma separated.
    std::string at(double minutes, Status result, bool muted = false) {
        Decision d = apply_result(state, result, 1'000'000 + minutes * 60, policy, muted);
        state = d.state;
        last = d;
        std::string types;
        for (const auto& notice : d.notices) types += (types.empty() ? "" : ",") + notice_type_name(notice.type);
        return types;
    }
    Policy policy{3, 0, 30, 7200, 3600, 6, {"ops"}};
    ServiceState state;
    Decision last;
};

TEST_F(Machine, ThreeNonOkResultsMakeAHardStateThatNotifiesOnce) {
    EXPECT_EQ(at(0, OK), "");
    EXPECT_EQ(at(5, WARN), "");
    EXPECT_FALSE(state.hard);
    EXPECT_EQ(state.attempt, 1);
    EXPECT_EQ(at(10, WARN), "");
    EXPECT_EQ(state_type_text(state, policy), "SOFT 2/3");
    EXPECT_EQ(at(15, WARN), "PROBLEM");
    EXPECT_TRUE(state.hard);
    EXPECT_TRUE(last.hard_changed);
    EXPECT_EQ(state.hard_since, 1'000'000 + 15 * 60);
    EXPECT_EQ(state.problem_since, 1'000'000 + 5 * 60);
    EXPECT_EQ(at(20, WARN), "");
}

TEST_F(Machine, SoftProblemThatGoesAwayNotifiesNothing) {
    at(0, OK);
    at(5, CRIT);
    at(10, CRIT);
    EXPECT_EQ(at(15, OK), "");
    EXPECT_EQ(state.attempt, 0);
    EXPECT_EQ(at(20, CRIT), "");  // the count starts again
    EXPECT_EQ(state.attempt, 1);
}

TEST_F(Machine, ChangeBetweenProblemsWhileHardNotifiesAtOnce) {
    at(0, WARN), at(5, WARN), at(10, WARN);
    EXPECT_EQ(at(15, CRIT), "PROBLEM");
    EXPECT_EQ(last.notices[0].reason, "state changed from WARNING");
    EXPECT_EQ(state.hard_state, CRIT);
    EXPECT_EQ(at(20, WARN), "PROBLEM");
}

TEST_F(Machine, RecoveryOnlyAfterANotifiedProblem) {
    at(0, CRIT), at(5, CRIT), at(10, CRIT);
    EXPECT_EQ(at(15, OK), "RECOVERY");
    EXPECT_EQ(at(20, OK), "");
    // A hard problem that was held back (muted) has nothing to recover from.
    policy.attempts = 1;
    EXPECT_EQ(at(25, CRIT, true), "");
    EXPECT_EQ(at(30, OK, true), "");
    EXPECT_EQ(at(35, OK), "");
}

TEST_F(Machine, RenotifiesALastingProblemEveryInterval) {
    policy.attempts = 1;
    EXPECT_EQ(at(0, CRIT), "PROBLEM");
    EXPECT_EQ(at(60, CRIT), "");
    EXPECT_EQ(at(119, CRIT), "");
    EXPECT_EQ(at(120, CRIT), "PROBLEM");
    EXPECT_EQ(last.notices[0].reason, "still CRITICAL after 2h");
    EXPECT_EQ(at(200, CRIT), "");
    EXPECT_EQ(at(240, CRIT), "PROBLEM");
    policy.renotify = 0;
    EXPECT_EQ(at(1000, CRIT), "");
}

TEST_F(Machine, AcknowledgedProblemIsQuietUntilRecovery) {
    policy.attempts = 1;
    at(0, WARN);
    state.ack = Ack{1'000'000, 0, "root", "on it"};
    EXPECT_EQ(at(5, CRIT), "");      // a worse state of the same problem: still acknowledged
    EXPECT_EQ(at(500, CRIT), "");    // no renotification either
    EXPECT_EQ(at(505, OK), "RECOVERY");
    EXPECT_FALSE(state.ack);
    ASSERT_FALSE(last.events.empty());
    EXPECT_EQ(last.events.back().kind, "ack-cleared");
    EXPECT_EQ(at(510, CRIT), "PROBLEM");  // a new problem is news again
}

TEST_F(Machine, ExpiredAcknowledgementNotifiesAtOnce) {
    policy.attempts = 1;
    at(0, CRIT);
    state.ack = Ack{1'000'000, 1'000'000 + 60 * 60, "root", ""};
    EXPECT_EQ(at(30, CRIT), "");
    EXPECT_EQ(at(60, CRIT), "PROBLEM");
    EXPECT_EQ(last.notices[0].reason, "acknowledgement expired");
    EXPECT_EQ(last.events.front().kind, "ack-expired");
    EXPECT_FALSE(state.ack);
}

TEST_F(Machine, MutedProblemNotifiesWhenTheMuteEnds) {
    policy.attempts = 1;
    at(0, OK);
    EXPECT_EQ(at(5, CRIT, true), "");
    ASSERT_EQ(last.events.size(), 1u);
    EXPECT_EQ(last.events[0].kind, "suppressed");
    EXPECT_EQ(at(10, CRIT, true), "");
    EXPECT_TRUE(last.events.empty());  // held back once, not logged on every run
    EXPECT_EQ(at(15, CRIT), "PROBLEM");
}

TEST_F(Machine, FlappingNotifiesOnceThenStaysQuietUntilItSettles) {
    policy.attempts = 1;
    policy.flap_changes = 4;
    std::string all;
    for (int i = 0; i < 10; ++i) {
        std::string got = at(5 * i, i % 2 ? CRIT : OK);
        if (!got.empty()) all += (all.empty() ? "" : " ") + got;
    }
    // changes at 5, 10, 15 notify; the fourth (at 20) starts flapping; then nothing.
    EXPECT_EQ(all, "PROBLEM RECOVERY PROBLEM FLAPPINGSTART");
    EXPECT_TRUE(state.flapping);
    EXPECT_EQ(state.state, CRIT);  // i = 9
    // Stable CRITICAL: the changes age out of the hour; at two or fewer it settles.
    std::string settled;
    for (double minute = 50; minute <= 120 && settled.empty(); minute += 5) settled = at(minute, CRIT);
    EXPECT_EQ(settled, "FLAPPINGSTOP");
    EXPECT_FALSE(state.flapping);
    EXPECT_EQ(at(125, OK), "RECOVERY");  // the CRITICAL notified before flapping has recovered
}

TEST_F(Machine, RoutingFollowsEachNotifiersEvents) {
    std::map<std::string, NotifierConfig> notifiers;
    notifiers["ops"].events = {Event::Warning, Event::Critical, Event::Recovery};
    notifiers["pager"].events = {Event::Critical, Event::Recovery};
    notifiers["chat"].events = {Event::Flapping};
    ServiceState s;
    s.hard_state = WARN;
    std::vector<std::string> all{"ops", "pager", "chat"};
    EXPECT_EQ(route({NoticeType::Problem, ""}, s, all, notifiers), (std::vector<std::string>{"ops"}));
    EXPECT_EQ(route({NoticeType::Recovery, ""}, s, all, notifiers), (std::vector<std::string>{"ops"}));
    s.hard_state = CRIT;
    EXPECT_EQ(route({NoticeType::Problem, ""}, s, all, notifiers), (std::vector<std::string>{"ops", "pager"}));
    EXPECT_EQ(route({NoticeType::FlappingStart, ""}, s, all, notifiers), (std::vector<std::string>{"chat"}));
    EXPECT_EQ(route({NoticeType::Recovery, ""}, s, all, notifiers), (std::vector<std::string>{"ops", "pager"}));
    EXPECT_TRUE(s.notified_to.empty());
}

}  // namespace
}  // namespace virtcheck::alert
