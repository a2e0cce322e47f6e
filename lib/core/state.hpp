#pragma once
// Service states, their exit codes, and the order in which they win.
#include <string_view>

namespace virtcheck {

// The numeric values are the exit codes fixed by the plugin guidelines.
enum class State { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

// CRITICAL > UNKNOWN > WARNING > OK: a definite failure outranks "could not tell",
// so one unreadable object never hides a critical one.
constexpr int severity(State state) {
    switch (state) {
        case State::Ok: return 0;
        case State::Warning: return 1;
        case State::Unknown: return 2;
        case State::Critical: return 3;
    }
    return 2;
}

constexpr State worst(State a, State b) { return severity(a) >= severity(b) ? a : b; }

constexpr std::string_view state_name(State state) {
    switch (state) {
        case State::Ok: return "OK";
        case State::Warning: return "WARNING";
        case State::Critical: return "CRITICAL";
        case State::Unknown: return "UNKNOWN";
    }
    return "UNKNOWN";
}

constexpr int exit_code(State state) { return static_cast<int>(state); }

}  // namespace virtcheck
