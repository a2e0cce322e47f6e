#pragma once
// `virtcheck-alert run`: every due service's check, in parallel up to `parallel`, each under
// its timeout. Each result is recorded in its own transaction together with the state change
// and the notifications it causes (stored as pending). Only after that commit are they sent,
// and each is marked sent in a transaction of its own; pending ones left by an earlier run
// that failed or was killed are sent too, in the order they were decided.
//
// What a kill -9 can do, and what it cannot:
// - killed before a result is committed: that result is lost, nothing was notified for it;
//   the next run checks again (checks are killed with the run: PR_SET_PDEATHSIG).
// - killed after the commit, before sending: the next run sends the pending notifications.
// - killed while a receiver has the message but before "sent" is committed (the one window
//   no design can close without the receiver's help): the next run sends it again, with the
//   same Message-ID, Idempotency-Key header and $VIRTCHECK_NOTIFICATIONID, so the receiver
//   or a person can tell it is the same notification.
#include <iosfwd>
#include <string>
#include <vector>

#include "alert/config.hpp"

namespace virtcheck::alert {

struct RunOptions {
    std::vector<std::string> services;  // only these; empty: every due service
    bool force = false;                 // check even the services that are not due
    int verbosity = 0;
};

// Returns the exit code: 0, 1 when a notification failed (retried next run).
// Throws ConfigError, DatabaseError, AnotherRun.
int run_services(const Config& config, const RunOptions& options, std::ostream& out, std::ostream& err);

// Test hook: when $VIRTCHECK_ALERT_CRASH_AT names this point, the process kills itself with
// SIGKILL here, so tests can stop a run exactly between two steps.
void crash_point(const char* name);

}  // namespace virtcheck::alert
