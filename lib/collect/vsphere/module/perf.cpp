#include "collect/vsphere/module/perf.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>
#include <set>
#include <sstream>

#include "collect/vsphere/module/specs.hpp"
#include "collect/vsphere/module/values.hpp"

namespace virtcheck::vsphere {
namespace {

constexpr const char* header = "virtcheck-vsphere-counters 1";
constexpr std::int64_t realtime_interval = 20;

std::string cache_path(const Connection& connection) {
    const auto& o = connection.options();
    if (!o.session_cache || o.state_directory.empty()) return {};
    const About& about = connection.about();
    // Counter ids belong to one server installation: a reinstalled one at the same URL differs.
    return o.state_directory + "/vsphere-counters-" + hex_hash(o.url + "\n" + about.instance_uuid + "\n" + about.build);
}

std::optional<CounterTable> load(const std::string& path) {
    if (path.empty()) return std::nullopt;
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    struct stat info{};
    std::string text;
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == geteuid() && info.st_size < (4 << 20)) {
        char buffer[65536];
        for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return parse_counters(text);
}

void save(const std::string& path, const CounterTable& table) {
    if (path.empty()) return;
    std::random_device random;
    std::string temporary = path + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(random());
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return;
    std::string text = format_counters(table);
    bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    close(fd);
    if (!written || rename(temporary.c_str(), path.c_str()) != 0) unlink(temporary.c_str());
}

CounterTable read_counters(Connection& connection) {
    return connection.retrying([&] {
        return counters_of(connection.retrieve(spec::properties("PerformanceManager", {"perfCounter"}) +
                                                   spec::object(connection.content("perfManager"), false),
                                               "reading the performance counter list"));
    });
}

}  // namespace

CounterTable counters_of(const std::vector<ObjectContent>& perf_manager) {
    CounterTable table;
    for (const auto& o : perf_manager) {
        const xml::Node* list = o.property("perfCounter");
        if (!list) continue;
        for (const xml::Node& info : list->children) {
            auto id = integer_of(info.child("key"));
            const xml::Node* name = info.child("nameInfo");
            const xml::Node* group = info.child("groupInfo");
            const xml::Node* unit = info.child("unitInfo");
            if (!id || !name || !group) continue;
            std::string full = std::string(group->child_text("key")) + "." + std::string(name->child_text("key")) + "." +
                               std::string(info.child_text("rollupType"));
            table[full] = CounterInfo{*id, std::string(unit ? unit->child_text("key") : std::string_view())};
        }
    }
    return table;
}

std::string format_counters(const CounterTable& table) {
    std::string text = std::string(header) + "\n";
    for (const auto& [name, info] : table) {
        if (name.find_first_of("\t\n") != std::string::npos || info.unit.find_first_of("\t\n") != std::string::npos)
            continue;
        text += std::to_string(info.id) + "\t" + name + "\t" + info.unit + "\n";
    }
    return text;
}

std::optional<CounterTable> parse_counters(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != header) return std::nullopt;
    CounterTable table;
    while (std::getline(in, line)) {
        auto first = line.find('\t'), second = line.find('\t', first == std::string::npos ? first : first + 1);
        if (first == std::string::npos || second == std::string::npos) return std::nullopt;
        auto id = integer_of(std::string_view(line).substr(0, first));
        if (!id) return std::nullopt;
        table[line.substr(first + 1, second - first - 1)] = CounterInfo{*id, line.substr(second + 1)};
    }
    return table;
}

PerfResult samples_of(const xml::Node& response, const std::map<std::int64_t, std::string>& names,
                      const CounterTable& table) {
    // What each asked-for counter id is, looked up once: an answer has a series per entity,
    // counter and instance (tens of thousands for a large inventory).
    struct Asked {
        const std::string* name;
        std::string unit;
        std::int64_t scale = 1;
    };
    std::map<std::int64_t, Asked> asked;
    for (const auto& [id, name] : names) {
        Asked counter{&name, {}, 1};
        if (auto info = table.find(name); info != table.end()) {
            counter.unit = info->second.unit;
            if (counter.unit == "percent") counter.scale = 100;
        }
        asked.emplace(id, std::move(counter));
    }
    PerfResult result;
    for (const xml::Node* metric : response.all("returnval")) {
        const xml::Node* entity = metric->child("entity");
        if (!entity) continue;
        // The latest sample: the one with the largest timestamp (servers differ in order).
        auto infos = metric->all("sampleInfo");
        std::size_t latest = infos.empty() ? 0 : infos.size() - 1;
        std::optional<std::int64_t> latest_time;
        std::int64_t interval = realtime_interval;
        for (std::size_t i = 0; i < infos.size(); ++i) {
            auto time = datetime_of(infos[i]->child("timestamp"));
            if (time && (!latest_time || *time > *latest_time)) {
                latest_time = time;
                latest = i;
            }
        }
        if (!infos.empty())
            if (auto seconds = integer_of(infos[latest]->child("interval")); seconds && *seconds > 0) interval = *seconds;
        for (const xml::Node* series : metric->all("value")) {
            const xml::Node* id = series->child("id");
            auto counter = id ? integer_of(id->child("counterId")) : std::nullopt;
            if (!counter) continue;
            auto found = asked.find(*counter);
            if (found == asked.end()) continue;
            const Asked& what = found->second;
            PerfSample sample;
            sample.entity = soap::ref_of(*entity);
            sample.counter = *what.name;
            sample.instance = id->child_text("instance");
            auto values = series->all("value");
            if (latest < values.size())
                if (auto v = integer_of(values[latest]->text); v && *v >= 0) sample.value = v;  // -1: no data
            sample.interval_seconds = interval;
            sample.time = latest_time;
            sample.unit = what.unit;
            sample.scale = what.scale;
            result.samples.push_back(std::move(sample));
        }
    }
    return result;
}

PerfResult query_perf(Connection& connection, const PerfQuery& query) {
    PerfResult result;
    if (query.entities.empty() || query.counters.empty()) return result;
    const std::string path = cache_path(connection);
    auto table = load(path);
    auto lacks = [&](const CounterTable& t) {
        for (const auto& name : query.counters)
            if (!t.count(name)) return true;
        return false;
    };
    // A counter missing from the cache may be new on this server: read the list again once.
    if (!table || lacks(*table)) {
        table = read_counters(connection);
        save(path, *table);
    }
    std::map<std::int64_t, std::string> names;
    std::string metrics;
    for (const auto& name : query.counters) {
        auto info = table->find(name);
        if (info == table->end()) {
            result.unknown_counters.push_back(name);
            continue;
        }
        names[info->second.id] = name;
        metrics += "<metricId><counterId>" + std::to_string(info->second.id) + "</counterId><instance>" +
                   (query.per_instance ? "*" : "") + "</instance></metricId>";
    }
    if (names.empty()) return result;
    std::string body = "<QueryPerf xmlns=\"urn:vim25\">" + soap::ref_element("_this", connection.content("perfManager"));
    for (const auto& entity : query.entities)
        body += "<querySpec>" + soap::ref_element("entity", entity) + "<maxSample>1</maxSample>" + metrics +
                "<intervalId>" + std::to_string(realtime_interval) + "</intervalId></querySpec>";
    body += "</QueryPerf>";
    PerfResult samples = connection.retrying([&] {
        return samples_of(*connection.call(body, "reading performance counters"), names, *table);
    });
    samples.unknown_counters = std::move(result.unknown_counters);
    return samples;
}

}  // namespace virtcheck::vsphere
