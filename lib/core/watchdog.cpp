#include "core/watchdog.hpp"

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>

#include "core/number.hpp"

namespace virtcheck {
namespace {

// Two slots so that stage() can prepare one while a signal may read the other.
struct Lines {
    char timeout[8192];
    char crash[8192];
};
Lines slots[2];
std::atomic<int> active_slot{-1};
std::atomic<int> timeout_exit_code{3};

constexpr int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void write_all(const char* text) {
    std::size_t left = std::strlen(text);
    while (left > 0) {
        ssize_t n = ::write(STDOUT_FILENO, text, left);
        if (n <= 0) return;
        text += n, left -= static_cast<std::size_t>(n);
    }
}

void on_timeout(int) {
    int slot = active_slot.load();
    if (slot >= 0) write_all(slots[slot].timeout);
    _exit(timeout_exit_code.load());
}

void on_crash(int) {
    int slot = active_slot.load();
    if (slot >= 0) write_all(slots[slot].crash);
    _exit(3);
}

void copy_line(char (&to)[8192], const std::string& line) {
    std::size_t n = std::min(line.size(), sizeof to - 1);
    std::memcpy(to, line.data(), n);
    to[n] = '\0';
}

void set_timer(double seconds) {
    itimerval timer{};
    timer.it_value.tv_sec = static_cast<time_t>(seconds);
    timer.it_value.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
    if (seconds > 0 && timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0) timer.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &timer, nullptr);
}

void handle(int signal_number, void (*handler)(int)) {
    struct sigaction action{};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(signal_number, &action, nullptr);
}

}  // namespace

Watchdog::Watchdog(double seconds, State timeout_state, RenderLine render_line, std::string_view first_stage)
    : seconds_(seconds), timeout_state_(timeout_state), render_line_(std::move(render_line)) {
    timeout_exit_code.store(exit_code(timeout_state));
    stage(first_stage);
    for (int signal_number : crash_signals) handle(signal_number, on_crash);
    handle(SIGALRM, on_timeout);
    set_timer(seconds_);
    armed_ = true;
}

Watchdog::~Watchdog() {
    disarm();
    for (int signal_number : crash_signals) signal(signal_number, SIG_DFL);
    active_slot.store(-1);
}

void Watchdog::stage(std::string_view what) {
    const std::string where = "while " + std::string(what);
    int next = active_slot.load() == 0 ? 1 : 0;
    copy_line(slots[next].timeout,
              render_line_(timeout_state_, "timed out after " + format_number(seconds_) + " s " + where));
    copy_line(slots[next].crash,
              render_line_(State::Unknown, "internal error: the check crashed " + where + ", please report this"));
    active_slot.store(next);
}

void Watchdog::disarm() {
    if (!armed_) return;
    set_timer(0);
    signal(SIGALRM, SIG_IGN);  // a signal already on its way must not print a second line
    armed_ = false;
}

}  // namespace virtcheck
