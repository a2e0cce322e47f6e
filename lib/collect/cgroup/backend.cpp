// The check side of the cgroup backend: its options and a Source over the cgroup v2 tree.
#include "collect/cgroup/backend.hpp"

#include "collect/cgroup/cgroup.hpp"
#include "core/errors.hpp"

namespace virtcheck::cgroup {
namespace {

class CgroupSource final : public Source {
public:
    CgroupSource(Tree tree, const std::vector<std::string>& groups, const NameSources& names, Progress& progress)
        : tree_(std::move(tree)), groups_(groups), names_(names), progress_(progress) {}

    std::string key() const override { return tree_.root.string(); }

    model::Containers containers() override {
        progress_.stage("reading containers under " + tree_.root.string());
        model::Containers all;
        for (const auto& container : discover(tree_, groups_, names_))
            if (auto stats = read_container(tree_, container)) all.containers.push_back(std::move(*stats));
        all.host = read_host();
        all.hybrid = tree_.hybrid;
        return all;
    }

private:
    Tree tree_;
    const std::vector<std::string>& groups_;
    const NameSources& names_;
    Progress& progress_;
};

class CgroupBackend final : public Backend {
public:
    explicit CgroupBackend(Cli& cli) : cli_(cli) {}

    std::string options_heading() const override { return ""; }  // the only backend: its options are the check's
    void add_options(CLI::App& cli) override {
        cli.add_option("--root", root_, "Read this cgroup v2 tree instead of the host's (a copy, for tests)")
            ->option_text("DIR");
        cli.add_option("--cgroup", groups_, "Also watch this group, a path below the cgroup root (repeatable)")
            ->option_text("PATH");
        cli.add_option("--docker-dir", names_.docker_dir, "Where Docker keeps containers/<id>/config.v2.json, for names")
            ->option_text("DIR");
        cli.add_option("--podman-dir", names_.podman_dir,
                       "Where Podman keeps overlay-containers/containers.json, for names (default "
                       "/var/lib/containers/storage)")
            ->option_text("DIR");
    }

    std::string name() const override { return "the cgroup tree"; }
    std::string how_to_choose() const override { return "--root DIR"; }
    bool chosen() const override { return false; }  // the only backend of its target: always the default
    unsigned facts(Target) const override { return 0; }

    std::unique_ptr<Source> open(Access, Progress& progress) override {
        if (!cli_.hostname.empty())
            throw UsageError("-H: check_container reads the local cgroup tree: run it on the container host "
                             "(NRPE, an Icinga agent)");
        progress.stage("finding the cgroup v2 tree");
        return std::make_unique<CgroupSource>(find_tree(root_), groups_, names_, progress);
    }

private:
    const Cli& cli_;
    std::string root_;
    std::vector<std::string> groups_;
    NameSources names_;
};

bool serves(Target target, unsigned) { return target == Target::Containers; }

std::unique_ptr<Backend> make(Cli& cli, const CommonOptions&, Target) { return std::make_unique<CgroupBackend>(cli); }

}  // namespace

Registration registration() { return {serves, make, ""}; }

}  // namespace virtcheck::cgroup
