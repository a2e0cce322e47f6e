#include "alert/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>

#include "alert/check_output.hpp"

extern char** environ;

namespace virtcheck::alert {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t max_stderr = 4096;

struct Running {
    Finished result;
    pid_t pid = -1;
    int out = -1;
    int err = -1;
    int in = -1;
    int exit_fd = -1;  // pidfd: readable once the process has exited
    std::size_t written = 0;
    const std::string* input = nullptr;
    Clock::time_point started;
    Clock::time_point deadline;
    bool exited = false;
    int status = 0;
};

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

std::vector<std::string> environment_for(const Job& job) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry; ++entry) {
        std::string text = *entry;
        if (!job.environment.count(text.substr(0, text.find('=')))) environment.push_back(text);
    }
    for (const auto& [key, value] : job.environment) environment.push_back(key + "=" + value);
    return environment;
}

// Starts the job; on failure the returned Running has pid -1 and result.failure set.
std::unique_ptr<Running> start(const Job& job) {
    auto run = std::make_unique<Running>();
    run->result.name = job.name;
    run->started = Clock::now();
    run->deadline = run->started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(job.timeout));
    if (job.argv.empty() || job.argv[0].empty()) {
        run->result.failure = "no program to run";
        return run;
    }
    int out[2], err[2], in[2] = {-1, -1}, report[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0 ||
        (!job.input.empty() && pipe2(in, O_CLOEXEC) != 0)) {
        run->result.failure = std::string("cannot create a pipe: ") + std::strerror(errno);
        return run;
    }
    std::vector<std::string> environment = environment_for(job);
    std::vector<char*> c_env, c_argv;
    for (auto& entry : environment) c_env.push_back(entry.data());
    c_env.push_back(nullptr);
    std::vector<std::string> argv = job.argv;
    for (auto& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    pid_t parent = getpid();

    // vfork, not fork: copying this process's page tables (libcurl and SQLite mapped in) cost
    // more than the rest of a result's bookkeeping together. The child shares our memory until
    // it calls execve, so it only makes system calls on prepared data.
    pid_t pid = vfork();
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        signal(SIGPIPE, SIG_DFL);
        int stdin_fd = in[0] >= 0 ? in[0] : open("/dev/null", O_RDONLY | O_CLOEXEC);
        dup2(stdin_fd, STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        execve(c_argv[0], c_argv.data(), c_env.data());
        (void)!write(report[1], &errno, sizeof errno);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    close(report[1]);
    if (in[0] >= 0) close(in[0]);
    if (pid < 0) {
        run->result.failure = std::string("cannot start a process: ") + std::strerror(errno);
        close(out[0]), close(err[0]), close(report[0]);
        if (in[1] >= 0) close(in[1]);
        return run;
    }
    setpgid(pid, pid);  // also here, so that a kill right after fork finds the group
    int error = 0;
    if (read(report[0], &error, sizeof error) == sizeof error) {
        run->result.failure = "cannot run " + job.argv[0] + ": " + std::strerror(error);
        waitpid(pid, nullptr, 0);
        close(out[0]), close(err[0]), close(report[0]);
        if (in[1] >= 0) close(in[1]);
        return run;
    }
    close(report[0]);
    run->pid = pid;
    // A pidfd lets poll() wake up when the process exits after closing its pipes, instead of
    // looking again every few milliseconds (which would add up over hundreds of short checks).
    run->exit_fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    run->out = out[0];
    run->err = err[0];
    run->in = in[1];
    if (run->in >= 0) fcntl(run->in, F_SETFL, O_NONBLOCK);
    run->input = &job.input;
    return run;
}

void read_into(int& fd, std::string& sink, std::size_t limit) {
    char buffer[16384];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
        if (sink.size() < limit) sink.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), limit - sink.size()));
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    close_fd(fd);
}

// Reaps the process once its pipes are closed; false while it still runs (a check that
// closed stdout but lingers is waited for until its deadline).
bool try_finish(Running& run) {
    int status = 0;
    pid_t done;
    do {
        done = waitpid(run.pid, &status, run.result.timed_out ? 0 : WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done == 0) return false;
    close_fd(run.exit_fd);
    kill(-run.pid, SIGKILL);  // whatever it left behind in its group
    if (done == run.pid && WIFEXITED(status)) run.result.exit_code = WEXITSTATUS(status);
    if (done == run.pid && WIFSIGNALED(status)) run.result.signal = WTERMSIG(status);
    run.result.seconds = std::chrono::duration<double>(Clock::now() - run.started).count();
    return true;
}

}  // namespace

std::string find_program(const std::string& name, const std::vector<std::string>& dirs) {
    if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
    std::vector<std::string> search = dirs;
    if (const char* path = std::getenv("PATH")) {
        std::string rest = path;
        for (std::size_t colon; !rest.empty(); rest = colon == std::string::npos ? "" : rest.substr(colon + 1)) {
            colon = rest.find(':');
            std::string dir = rest.substr(0, colon);
            if (!dir.empty()) search.push_back(dir);
        }
    }
    for (const auto& dir : search) {
        std::string candidate = dir + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

void run_jobs(const std::vector<Job>& jobs, int parallel, const std::function<void(Finished)>& on_finished) {
    signal(SIGPIPE, SIG_IGN);  // a command that does not read its stdin must not kill us
    std::deque<const Job*> waiting;
    for (const auto& job : jobs) waiting.push_back(&job);
    std::vector<std::unique_ptr<Running>> running;
    const std::size_t limit = max_check_output + 1;

    while (!waiting.empty() || !running.empty()) {
        while (!waiting.empty() && static_cast<int>(running.size()) < std::max(parallel, 1)) {
            auto run = start(*waiting.front());
            waiting.pop_front();
            if (run->pid < 0) {
                on_finished(std::move(run->result));
                continue;
            }
            running.push_back(std::move(run));
        }
        if (running.empty()) continue;

        std::vector<pollfd> fds;
        std::vector<std::pair<Running*, int*>> owners;
        auto now = Clock::now();
        auto next_deadline = Clock::time_point::max();
        for (auto& run : running) {
            for (int* fd : {&run->out, &run->err}) {
                if (*fd < 0) continue;
                fds.push_back({*fd, POLLIN, 0});
                owners.push_back({run.get(), fd});
            }
            if (run->in >= 0) {
                fds.push_back({run->in, POLLOUT, 0});
                owners.push_back({run.get(), &run->in});
            }
            if (run->out < 0 && run->err < 0 && run->exit_fd >= 0) {
                fds.push_back({run->exit_fd, POLLIN, 0});
                owners.push_back({run.get(), &run->exit_fd});
            }
            if (!run->result.timed_out) next_deadline = std::min(next_deadline, run->deadline);
        }
        int wait_ms = next_deadline == Clock::time_point::max()
                          ? 1000
                          : static_cast<int>(std::max<long long>(
                                0, std::chrono::duration_cast<std::chrono::milliseconds>(next_deadline - now).count() + 1));
        for (auto& run : running)
            if (run->out < 0 && run->err < 0 && run->exit_fd < 0) wait_ms = std::min(wait_ms, 2);
        poll(fds.empty() ? nullptr : fds.data(), fds.size(), wait_ms);

        for (std::size_t i = 0; i < fds.size(); ++i) {
            auto [run, fd] = owners[i];
            if (!(fds[i].revents & (POLLIN | POLLOUT | POLLHUP | POLLERR))) continue;
            if (fd == &run->exit_fd) continue;  // reaped below
            if (fd == &run->in) {
                const std::string& input = *run->input;
                ssize_t n = write(run->in, input.data() + run->written, input.size() - run->written);
                if (n > 0) run->written += static_cast<std::size_t>(n);
                if ((n < 0 && errno != EAGAIN && errno != EINTR) || run->written >= input.size()) close_fd(run->in);
            } else {
                read_into(*fd, fd == &run->out ? run->result.out : run->result.err, fd == &run->out ? limit : max_stderr);
            }
        }

        now = Clock::now();
        for (auto it = running.begin(); it != running.end();) {
            Running& run = **it;
            if (!run.result.timed_out && now >= run.deadline) {
                run.result.timed_out = true;
                kill(-run.pid, SIGKILL);
                close_fd(run.out), close_fd(run.err), close_fd(run.in);
            }
            if (run.out < 0 && run.err < 0) {
                close_fd(run.in);
                if (try_finish(run)) {
                    on_finished(std::move(run.result));
                    it = running.erase(it);
                    continue;
                }
            }
            ++it;
        }
    }
}

Finished run_job(const Job& job) {
    Finished result;
    run_jobs({job}, 1, [&](Finished done) { result = std::move(done); });
    return result;
}

}  // namespace virtcheck::alert
