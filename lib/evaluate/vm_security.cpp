#include "evaluate/vm_security.hpp"

#include <algorithm>
#include <map>

#include "core/errors.hpp"
#include "evaluate/line.hpp"
#include "evaluate/objects.hpp"
#include "evaluate/security_findings.hpp"

namespace virtcheck {
namespace {

namespace f = vm_security;

std::string finding_names() {
    std::string names;
    for (const Finding* finding : f::findings) names += (names.empty() ? "" : ", ") + finding->name;
    return names;
}

// Finding counts by what became of them.
struct Tally {
    std::size_t critical = 0, warning = 0, unknown = 0, accepted = 0;

    void count(State state) {
        if (state == State::Critical) ++critical;
        if (state == State::Warning) ++warning;
        if (state == State::Unknown) ++unknown;
    }

    std::string text() const {
        std::vector<std::string> parts;
        for (auto [n, word] : {std::pair{critical, "critical"}, {warning, "warning"}, {unknown, "unknown"}, {accepted, "accepted"}})
            if (n) parts.push_back(std::to_string(n) + " " + word);
        if (parts.empty()) return "no findings";
        std::string text;
        for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
        return text + (critical + warning + unknown + accepted == 1 ? " finding" : " findings");
    }
};

const AllowRule* accepting(const std::vector<AllowRule>& rules, const Finding& finding, const std::string& name,
                           const std::string& uuid) {
    for (const auto& rule : rules) {
        if (rule.finding != &finding) continue;
        if (!rule.pattern || std::regex_search(name, *rule.pattern) || (!uuid.empty() && std::regex_search(uuid, *rule.pattern)))
            return &rule;
    }
    return nullptr;
}

// One object's observations as its row: a partial per finding (accepted ones OK, saying so),
// the notes after them (long output with -v).
// `name` is what --allow patterns match (the VM's or host's own name); `subject` starts the row.
Result judge(const std::string& subject, const std::string& name, const std::string& uuid,
             const std::vector<Observation>& observations, const std::vector<AllowRule>& allow, Tally& tally) {
    Line line{subject};
    std::vector<Result> partials;
    std::size_t accepted = 0;
    for (const auto& seen : observations) {
        if (!seen.finding) {
            partials.push_back({State::Ok, seen.text});
            continue;
        }
        if (const AllowRule* rule = accepting(allow, *seen.finding, name, uuid)) {
            ++tally.accepted, ++accepted;
            partials.push_back({State::Ok, seen.finding->name + " accepted (--allow " + rule->text + "): " + seen.text});
            continue;
        }
        tally.count(seen.state);
        if (std::find(line.trouble.begin(), line.trouble.end(), seen.finding->name) == line.trouble.end())
            line.trouble.push_back(seen.finding->name);
        partials.push_back({seen.state, seen.finding->name + ": " + seen.text});
    }
    if (line.trouble.empty())
        line.figures.push_back(accepted ? std::to_string(accepted) + (accepted == 1 ? " accepted finding" : " accepted findings")
                                        : "no findings");
    Result row{State::Ok, line.text()};
    row.partials = std::move(partials);
    return row;
}

Result unreadable_row(const model::VmSecurity& vm) {
    Line line{vm.name};
    line.status = vm.unreadable;
    return {State::Unknown, line.text()};
}

// What holds for every VM, said once (long output with -v).
std::vector<Result> host_notes(const model::HostSecurity& host, bool any_disk_remote) {
    std::vector<Result> notes;
    if (host.security_model) notes.push_back({State::Ok, "host security model: " + *host.security_model});
    if (host.cpu_features) {
        std::vector<std::string> mitigations;
        for (const auto& feature : mitigation_features())
            if (std::find(host.cpu_features->begin(), host.cpu_features->end(), feature) != host.cpu_features->end())
                mitigations.push_back(feature);
        std::string list;
        for (const auto& m : mitigations) list += (list.empty() ? "" : ", ") + m;
        notes.push_back({State::Ok, "host CPU mitigations from " + host.cpu_features_from + ": " +
                                        (list.empty() ? "none listed" : list) +
                                        (host.cpu_model.empty() ? "" : " (model " + host.cpu_model + ")")});
    } else {
        notes.push_back({State::Ok, "cpu-mitigations not judged: " +
                                        (host.cpu_features_from.empty() ? "the backend gives no host CPU features"
                                                                        : host.cpu_features_from)});
    }
    if (any_disk_remote) notes.push_back({State::Ok, "image-perms not judged: the images are on another host"});
    return notes;
}

// The counts as perfdata; thresholds on them (-w accepted=5) can raise the state.
void add_counts(Result& root, const Tally& tally, const ThresholdSet& thresholds) {
    std::string breaches;
    for (auto [metric, n] : {std::pair{&f::critical, tally.critical}, {&f::warning, tally.warning},
                             {&f::unknown, tally.unknown}, {&f::accepted, tally.accepted}}) {
        const Thresholds& limits = thresholds[*metric];
        root.perfdata.push_back(Perfdata{metric->name, static_cast<double>(n), Unit::Count, {}, {}, 0}.with(limits));
        if (State state = limits.evaluate(static_cast<double>(n)); state != State::Ok) {
            root.state = worst(root.state, state);
            breaches += std::to_string(n) + " " + metric->name + " findings " + std::string(state_name(state)) + " - ";
        }
    }
    root.text = breaches + root.text;
}

}  // namespace

AllowRule parse_allow_rule(const std::string& text) {
    auto eq = text.find('=');
    std::string name = text.substr(0, eq);
    AllowRule rule{nullptr, std::nullopt, text};
    for (const Finding* finding : f::findings)
        if (finding->name == name) rule.finding = finding;
    if (!rule.finding) throw UsageError("--allow: unknown finding '" + name + "' (" + finding_names() + ")");
    if (eq == std::string::npos) return rule;
    std::string pattern = text.substr(eq + 1);
    if (pattern.empty()) throw UsageError("--allow: '" + text + "' has an empty pattern; leave out '=' to accept all");
    try {
        rule.pattern = std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw UsageError("--allow: '" + pattern + "' is not a regular expression (" + e.what() + ")");
    }
    return rule;
}

void parse_requirements(const std::vector<std::string>& words, SecurityPolicy& policy) {
    for (const auto& word : words) {
        if (word == "uefi") policy.require_uefi = true;
        else if (word == "secure-boot") policy.require_secure_boot = true;
        else if (word == "tpm") policy.require_tpm = true;
        else throw UsageError("--require: unknown requirement '" + word + "' (secure-boot, tpm, uefi)");
    }
}

Result evaluate_vm_security(const model::Security& security, const Selection& selection, const SecurityPolicy& policy,
                            const ThresholdSet& thresholds) {
    PerObject<model::VmSecurity> vms(security.vms, selection);
    // Sharing is judged among the VMs checked together.
    ImageUsers images = image_users(vms.selected());
    Tally tally;
    bool any_disk_remote = false;
    for (const auto* vm : vms.selected()) {
        for (const auto& disk : vm->disks) any_disk_remote |= disk.mode_unread == "on another host";
        if (!vm->unreadable.empty()) {
            ++tally.unknown;
            vms.add(Row{unreadable_row(*vm)});
            continue;
        }
        vms.add(Row{judge(vm->name, vm->name, vm->uuid, observe_vm(*vm, security.host, images, policy), policy.allow, tally)});
    }
    std::optional<Result> host_row;
    if (policy.host)
        host_row = judge("host " + security.host.name, security.host.name, "", observe_host(security.host), policy.allow,
                         tally);
    Result root = vms.finish(tally.text());
    if (host_row && host_row->overall() != State::Ok) root.text = host_row->text + " - " + root.text;
    add_counts(root, tally, thresholds);
    // Host-wide notes and the host's own row lead the long output.
    auto notes = host_notes(security.host, any_disk_remote);
    if (host_row) notes.insert(notes.begin(), std::move(*host_row));
    root.partials.insert(root.partials.begin(), std::make_move_iterator(notes.begin()), std::make_move_iterator(notes.end()));
    return root;
}

}  // namespace virtcheck
