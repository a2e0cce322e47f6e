#pragma once
// Running programs the way a monitoring engine does: argv (never a shell), stdin from
// /dev/null, stdout captured up to a limit, each in its own process group that is killed
// (SIGKILL) when its timeout passes, and killed as well when virtcheck-alert itself dies, so
// that no check outlives a run that was killed.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace virtcheck::alert {

struct Job {
    std::string name;
    std::vector<std::string> argv;  // argv[0] a path (see find_program)
    double timeout = 30;
    std::string input;              // written to stdin; empty: /dev/null
    std::map<std::string, std::string> environment;  // added to (or replacing in) ours
};

struct Finished {
    std::string name;
    int exit_code = -1;      // -1: did not exit normally
    int signal = 0;          // the signal that ended it, if any
    bool timed_out = false;
    std::string failure;     // could not start: why
    std::string out;         // stdout (cut at the limit)
    std::string err;         // stderr, first 4 KiB
    double seconds = 0;
};

// Runs the jobs, at most `parallel` at a time; on_finished is called in this thread as each
// one ends, in the order they end.
void run_jobs(const std::vector<Job>& jobs, int parallel, const std::function<void(Finished)>& on_finished);

// One job, waited for.
Finished run_job(const Job& job);

// "check_vm_state" -> the first executable "DIR/check_vm_state" in `dirs` then $PATH; a name
// with a '/' is taken as it is. Empty when there is none.
std::string find_program(const std::string& name, const std::vector<std::string>& dirs);

}  // namespace virtcheck::alert
