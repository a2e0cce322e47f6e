#pragma once
// What every check over named objects (VMs, pools, networks) shares: applying the selection,
// reporting named objects that do not exist, and the "3 of 40 VMs CRITICAL: ..." summary.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/selection.hpp"

namespace virtcheck {

template <typename Object>
struct Selected {
    std::vector<const Object*> objects;  // sorted by name
    std::size_t missing = 0;             // --NOUN NAMEs that do not exist
    std::size_t total() const { return objects.size() + missing; }
};

// The selected objects (anything with .name and .uuid). Adds a CRITICAL partial to `root`
// for each --NOUN NAME that does not exist.
template <typename Object>
Selected<Object> select_objects(const std::vector<Object>& all, const Selection& selection, Result& root) {
    Selected<Object> selected;
    std::set<std::string> seen;
    for (const auto& object : all)
        if (selection.selects(object.name, object.uuid)) {
            selected.objects.push_back(&object);
            seen.insert(object.name);
        }
    // libvirt lists objects in no particular order; output should not change from run to run.
    std::stable_sort(selected.objects.begin(), selected.objects.end(),
                     [](const Object* a, const Object* b) { return a->name < b->name; });
    for (const auto& name : selection.named())
        if (!seen.count(name)) {
            root.add({State::Critical, selection.noun() + " " + name + " does not exist"});
            ++selected.missing;
        }
    return selected;
}

// An object that is defined but not running (an inactive pool or network): CRITICAL when the
// user named it with --NOUN or it should start with the host (autostart), OK otherwise.
State inactive_state(const Selection& selection, const std::string& name, std::optional<bool> autostart);

// " (not autostarted)" / " (autostart)" / "" for the text of an inactive object.
std::string autostart_note(std::optional<bool> autostart);

// Sets root.text to "N of M VMs STATE: a, b, c (+K more); details" (or "M VMs OK; details")
// from its partial results, worst first; --top limits the names. Empty selection: no-match state.
// `noun` overrides the selection's noun when the objects are disks or interfaces of VMs;
// `when_ok` ("top: web1 12%, ...") is added only when nothing is wrong, as the failing
// objects are named anyway.
void summarize_objects(Result& root, std::size_t selected, const Selection& selection, const std::string& details,
                       const std::string& noun = "", const std::string& when_ok = "");

}  // namespace virtcheck
