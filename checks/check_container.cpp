// check_container: containers of any runtime, read from the kernel's cgroup v2 tree.
#include "evaluate/containers.hpp"
#include "plugin/plugin.hpp"

int main(int argc, char** argv) {
    using namespace virtcheck;
    Plugin plugin{"CONTAINER",
                  "Containers (Docker, Podman, LXC, machines) from the cgroup v2 tree: CPU, memory, OOM kills, pids, pressure",
                  container::metrics};
    plugin.target(Target::Containers).select("container").rates().examples({
        "-w 80% -c 95% -w memory=90%",
        "--container web -w throttled=10% -c oom_kills=0"});
    return plugin.run(argc, argv, [](Check& check) {
        model::Containers all;
        std::string note;
        Rates rates = check.measure_rates(
            [&] {
                all = check.source().containers();
                return containers_sample(all.containers, now_seconds());
            },
            note);
        return evaluate_containers(all, rates, check.selection(), check.thresholds(), note);
    });
}
