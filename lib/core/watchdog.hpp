#pragma once
// Last-resort guards that work even when a library call blocks or crashes: a timer that
// prints the timeout line and exits 3, and crash handlers that print an UNKNOWN line
// instead of dying with 134/139. Both write lines rendered in advance, because a signal
// handler may only call async-signal-safe functions.
#include <functional>
#include <string>
#include <string_view>

#include "core/state.hpp"

namespace virtcheck {

class Watchdog {
public:
    // Renders the complete output (line + newline) for a final result with this state and text.
    using RenderLine = std::function<std::string(State state, std::string_view text)>;

    // Arms the timer for `seconds` and installs the crash handlers. One at a time. A timeout
    // ends the run in `timeout_state` (-t SECONDS:STATE), a crash in UNKNOWN; until the first
    // stage() their lines say "while <first_stage>".
    Watchdog(double seconds, State timeout_state, RenderLine render_line, std::string_view first_stage = "starting");
    ~Watchdog();  // disarms and removes the crash handlers
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // Completes "while ...": called before each step that could block.
    void stage(std::string_view what);

    // Stops the timer (the crash handlers stay): the normal output is then written without a race.
    void disarm();

private:
    double seconds_;
    State timeout_state_;
    RenderLine render_line_;
    bool armed_ = false;
};

}  // namespace virtcheck
