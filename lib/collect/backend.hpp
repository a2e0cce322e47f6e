#pragma once
// Backends behind a registry: each folder under lib/collect/ registers one backend (in
// registry.cpp), which says which targets it serves, adds its options to a check's command
// line, and opens a Source. The check names its target; this file chooses the backend from
// the options, and refuses, in one wording, what the chosen backend cannot give.
#include <memory>
#include <string>
#include <vector>

#include "collect/source.hpp"
#include "core/cli.hpp"
#include "core/progress.hpp"

namespace virtcheck {

// What every backend of a check shares: --auth-file (credentials off the command line).
struct CommonOptions {
    std::string auth_file;
};

// The text of an --auth-file, refused (UsageError) when it cannot be read or when its group
// or other users have any access to it.
std::string read_auth_file(const std::string& path);

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;           // "libvirt", "SNMP": in messages
    virtual std::string how_to_choose() const = 0;  // "-C COMMUNITY, -U USER, -P 3 or --snmp"
    // The model::Fact bits it gives for `target`, beyond the basics every backend of it gives.
    virtual unsigned facts(Target target) const = 0;
    // The heading of its options in --help; empty: they are listed with the check's own.
    virtual std::string options_heading() const = 0;
    // Adds its options to `group` (the group of that heading, or the check's command line).
    // Not called for a backend whose options the command line does not need (Cli::hold_back).
    virtual void add_options(CLI::App& group) = 0;
    // After parsing: whether the options that select this backend were given.
    virtual bool chosen() const = 0;
    // Throws UsageError for options that do not fit, CollectError when the source cannot be reached.
    virtual std::unique_ptr<Source> open(Access access, Progress& progress) = 0;
};

// One entry of the registry.
struct Registration {
    bool (*serves)(Target target, unsigned stats);
    // Makes the backend for a check of `target` (its options come with add_options).
    std::unique_ptr<Backend> (*make)(Cli& cli, const CommonOptions& common, Target target);
    const char* auth_file_help;  // what --auth-file holds for it; empty: it reads no credentials
};

// Every registered backend (registry.cpp), the default of each target first.
const std::vector<Registration>& registry();

// The backends that serve one check's target.
class Backends {
public:
    // Makes each serving backend and adds the default's options, and --auth-file when one
    // reads credentials; the others' options are held back until the command line needs
    // them (their groups are made now, so that --help lists them in this order).
    Backends(Cli& cli, Target target, unsigned stats);

    // After parsing: the backend the options choose, else the target's default. Throws
    // UsageError when the options of two backends are given.
    Backend& choose() const;

    // Throws UsageError when `what` ("user thresholds", "--refresh") needs facts `chosen`
    // lacks: "--refresh needs libvirt, not SNMP (no storage rescans)".
    void require(unsigned facts, const std::string& what, const std::string& verb, const Backend& chosen) const;

    Target target() const { return target_; }

private:
    bool add_next_options();  // false when every backend has added its options

    Target target_;
    CommonOptions common_;
    std::vector<std::unique_ptr<Backend>> backends_;
    std::vector<CLI::App*> groups_;  // by backend: where its options go
    std::size_t with_options_ = 0;   // backends_[0, with_options_) have added theirs
};

}  // namespace virtcheck
