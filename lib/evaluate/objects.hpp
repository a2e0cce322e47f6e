#pragma once
// The one per-object evaluator every check over named objects (VMs, pools, networks,
// containers) is written with: select the objects, measure each into rows, rank them, name
// the top N, and summarise "3 of 40 VMs CRITICAL: ..." or "40 VMs OK; top: ...".
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/selection.hpp"

namespace virtcheck {

// One row: the result of an object (or of one of its devices) and how it ranks.
struct Row {
    Result result{};
    std::optional<double> rank{};  // higher first; absent: not ranked (no figure)
    std::string brief{};           // its entry in the top list; empty: the result's text
    bool counted = true;         // counts in "N of M" when rows are counted (not a busy VM's)
};

// How the rows are summarised.
struct Summary {
    std::string noun{};           // what the rows are, when not the selected objects: "disk"
    std::string top_label{};      // "top", "fullest", "oldest": the top N when all is OK; empty: none
    bool rows_by_rank = false;  // list the rows in rank order, not by name
    bool count_rows = false;    // "N of M" counts rows (disks, interfaces), not selected objects
};

// Selects from `all` (anything with .name and .uuid), sorted by name; a --NOUN NAME that does
// not exist is a CRITICAL row of its own.
template <typename Object>
class PerObject {
public:
    PerObject(const std::vector<Object>& all, const Selection& selection, Summary summary = {})
        : selection_(selection), summary_(std::move(summary)) {
        std::set<std::string> seen;
        for (const auto& object : all)
            if (selection.selects(object.name, object.uuid)) {
                selected_.push_back(&object);
                seen.insert(object.name);
            }
        // Backends list objects in no particular order; output should not change from run to run.
        std::stable_sort(selected_.begin(), selected_.end(),
                         [](const Object* a, const Object* b) { return a->name < b->name; });
        for (const auto& name : selection.named())
            if (!seen.count(name)) {
                root_.add({State::Critical, selection.noun() + " " + name + " does not exist"});
                ++missing_;
            }
    }

    const std::vector<const Object*>& selected() const { return selected_; }
    void add(Row row) { rows_.push_back(std::move(row)); }
    void add(std::vector<Row> rows) {
        for (auto& row : rows) rows_.push_back(std::move(row));
    }
    // The check's own figures (counts, maxima) go here: perfdata before the rows'.
    Result& root() { return root_; }

    // Adds the rows and writes the summary; `details` follows it ("; 2 running, 1 paused").
    Result finish(const std::string& details = "") {
        std::vector<std::size_t> by_rank(rows_.size());
        for (std::size_t i = 0; i < by_rank.size(); ++i) by_rank[i] = i;
        std::stable_sort(by_rank.begin(), by_rank.end(), [&](std::size_t a, std::size_t b) {
            return rows_[a].rank.value_or(-1) > rows_[b].rank.value_or(-1);
        });
        std::string top;
        std::size_t listed = 0;
        for (std::size_t i : by_rank)
            if (!summary_.top_label.empty() && rows_[i].rank && listed < selection_.top()) {
                const auto& row = rows_[i];
                top += (listed++ ? ", " : summary_.top_label + ": ") + (row.brief.empty() ? row.result.text : row.brief);
            }
        std::size_t counted = selected_.size();
        if (summary_.count_rows)
            counted = std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.counted; });
        for (std::size_t n = 0; n < rows_.size(); ++n) root_.add(std::move(rows_[summary_.rows_by_rank ? by_rank[n] : n].result));
        summarize(counted + missing_, details, top);
        return std::move(root_);
    }

private:
    void summarize(std::size_t selected, const std::string& details, const std::string& when_ok);

    const Selection& selection_;
    Summary summary_{};
    std::vector<const Object*> selected_{};
    std::size_t missing_ = 0;
    std::vector<Row> rows_{};
    Result root_{State::Ok, ""};
};

// The text of a summarised root: "N of M NOUNs STATE: a, b, c (+K more); details", or
// "M NOUNs OK; when_ok; details"; an empty selection gives the no-match state.
void summarize_objects(Result& root, std::size_t selected, const Selection& selection, const std::string& noun,
                       const std::string& details, const std::string& when_ok);

template <typename Object>
void PerObject<Object>::summarize(std::size_t selected, const std::string& details, const std::string& when_ok) {
    summarize_objects(root_, selected, selection_, summary_.noun, details, when_ok);
}

// An object that is defined but not running (an inactive pool or network): CRITICAL when the
// user named it with --NOUN or it should start with the host (autostart), OK otherwise.
State inactive_state(const Selection& selection, const std::string& name, std::optional<bool> autostart);

// " (not autostarted)" / " (autostart)" / "" for the text of an inactive object.
std::string autostart_note(std::optional<bool> autostart);

}  // namespace virtcheck
