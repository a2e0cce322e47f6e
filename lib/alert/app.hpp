#pragma once
// The virtcheck-alert command line: one program with subcommands, each with its own --help.
// Exit codes: 0 done; 1 a failure at run time (database, a notification not sent, nothing to
// acknowledge); 2 a mistake in the command line or the configuration (nothing was done);
// 75 (EX_TEMPFAIL) another run still holds the lock and this one did nothing.
#include <iosfwd>

namespace virtcheck::alert {

int alert_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace virtcheck::alert
