// check_container: containers of any runtime, read from the kernel's cgroup v2 tree.
#include "collect/cgroup/cgroup.hpp"
#include "core/errors.hpp"
#include "core/rate.hpp"
#include "core/runtime.hpp"
#include "evaluate/containers.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"CONTAINER", "Containers (Docker, Podman, LXC, machines) from the cgroup v2 tree: CPU, memory, OOM kills, pids, pressure",
                  {"CPU use of each container, % of its CPU quota (or of all host CPUs)", Unit::Percent}};
    auto& options = plugin.options();
    Selection selection{options, "container"};
    RateOptions rate_options{options};
    std::string root;
    std::vector<std::string> groups;
    cgroup::NameSources names;
    options.add_option("--root", root, "Read this cgroup v2 tree instead of the host's (a copy, for tests)")
        ->option_text("DIR");
    options.add_option("--cgroup", groups, "Also watch this group, a path below the cgroup root (repeatable)")
        ->option_text("PATH");
    options.add_option("--docker-dir", names.docker_dir, "Where Docker keeps containers/<id>/config.v2.json, for names")
        ->option_text("DIR");
    options.add_option("--podman-dir", names.podman_dir,
                       "Where Podman keeps overlay-containers/containers.json, for names (default "
                       "/var/lib/containers/storage)")
        ->option_text("DIR");
    options.add_metric({"throttled", "CPU periods throttled by the quota, %", Unit::Percent});
    options.add_metric({"memory", "memory in use without inactive file cache, % of memory.max (or host memory)", Unit::Percent});
    options.add_metric({"oom_kills", "OOM kills since the last run (default -c oom_kills=0: any is CRITICAL)", Unit::Count});
    options.add_metric({"pids_used", "processes, % of pids.max", Unit::Percent});
    options.add_metric({"cpu_pressure", "PSI: some tasks waiting for CPU, % of the last 10 s", Unit::Percent});
    options.add_metric({"memory_pressure", "PSI: some tasks waiting for memory, % of the last 10 s", Unit::Percent});
    options.add_metric({"io_pressure", "PSI: some tasks waiting for I/O, % of the last 10 s", Unit::Percent});

    return plugin.run(argc, argv, [&](Run& run) {
        selection.prepare();
        if (!options.hostname.empty())
            throw UsageError("-H: check_container reads the local cgroup tree; run it on the container host "
                             "(NRPE, an Icinga agent)");
        ContainerRules rules{run.thresholds(),         run.thresholds("throttled"),    run.thresholds("memory"),
                             run.thresholds("oom_kills"), run.thresholds("pids_used"),  run.thresholds("cpu_pressure"),
                             run.thresholds("memory_pressure"), run.thresholds("io_pressure")};
        // Any new OOM kill is CRITICAL unless the user says otherwise.
        if (!rules.oom_kills.warning && !rules.oom_kills.critical)
            rules.oom_kills = parse_thresholds(std::nullopt, std::string("0"), Unit::Count);
        run.stage("finding the cgroup v2 tree");
        auto tree = cgroup::find_tree(root);
        std::vector<cgroup::ContainerStats> containers;
        auto sample = [&] {
            run.stage("reading containers under " + tree.root.string());
            containers.clear();
            for (const auto& container : cgroup::discover(tree, groups, names))
                if (auto stats = cgroup::read_container(tree, container)) containers.push_back(std::move(*stats));
            return containers_sample(containers, now_seconds());
        };
        std::string note;
        Rates rates = rate_options.measure("check_container", tree.root.string(), run, sample, note);
        return evaluate_containers(containers, rates, cgroup::read_host(), selection, rules, note, tree.hybrid);
    });
}
