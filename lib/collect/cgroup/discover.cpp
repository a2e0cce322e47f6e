// Finding containers by the group names their runtimes give them.
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "collect/cgroup/cgroup.hpp"
#include "collect/cgroup/names.hpp"
#include "collect/cgroup/parse.hpp"
#include "core/errors.hpp"

namespace virtcheck::cgroup {
namespace {

namespace fs = std::filesystem;

std::string read_small_file(const fs::path& path, std::size_t limit = 1 << 20) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::string text(limit, '\0');
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

// The 12-character form docker and podman show.
std::string short_id(const std::string& id) { return id.substr(0, 12); }

// Docker keeps a container's name in <docker_dir>/containers/<id>/config.v2.json ("/web").
std::string docker_name(const fs::path& docker_dir, const std::string& id) {
    std::string name = docker_config_name(read_small_file(docker_dir / "containers" / id / "config.v2.json"));
    return name.empty() ? short_id(id) : name;
}

// Podman (containers/storage) lists every container with its names in one file.
class PodmanNames {
public:
    explicit PodmanNames(fs::path dir) : file_(std::move(dir) / "overlay-containers" / "containers.json") {}

    std::string name_of(const std::string& id) {
        if (!loaded_) load();
        auto it = names_.find(id);
        return it == names_.end() ? short_id(id) : it->second;
    }

private:
    void load() {
        loaded_ = true;
        names_ = podman_container_names(read_small_file(file_, 16 << 20));
    }

    fs::path file_;
    bool loaded_ = false;
    std::map<std::string, std::string> names_;
};

// The container a group name stands for, if it is one.
std::optional<model::Container> recognise(const std::string& dir, const std::string& parent, const fs::path& docker_dir,
                                   PodmanNames& podman) {
    static const std::regex docker_scope("^docker-([0-9a-f]{12,64})\\.scope$");
    static const std::regex podman_scope("^libpod-([0-9a-f]{12,64})\\.scope$");
    static const std::regex bare_id("^[0-9a-f]{64}$");
    static const std::regex machine_scope("^machine-(.+)\\.scope$");
    static const std::regex libvirt_group("^(.+)\\.libvirt-(qemu|lxc)$");
    std::smatch m;
    if (std::regex_match(dir, m, docker_scope) || (parent == "docker" && std::regex_match(dir, bare_id))) {
        std::string id = m.size() > 1 ? m[1].str() : dir;
        return model::Container{docker_name(docker_dir, id), id, "docker", ""};
    }
    if (std::regex_match(dir, m, podman_scope)) return model::Container{podman.name_of(m[1].str()), m[1].str(), "podman", ""};
    if (dir.starts_with("lxc.payload.") && dir.size() > 12) return model::Container{dir.substr(12), dir.substr(12), "lxc", ""};
    if (std::regex_match(dir, m, machine_scope)) {
        std::string name = unescape_unit(m[1].str());
        return model::Container{name, name, "machine", ""};
    }
    if ((parent == "machine" || parent == "machine.slice") && std::regex_match(dir, m, libvirt_group))
        return model::Container{m[1].str(), m[1].str(), "machine", ""};
    return std::nullopt;
}

}  // namespace

std::vector<model::Container> discover(const Tree& tree, const std::vector<std::string>& named_groups,
                                const NameSources& names) {
    std::vector<model::Container> found;
    PodmanNames podman(names.podman_dir);
    std::error_code error;
    // Depth bounds the walk on hosts with deep user slices; containers sit a few levels down.
    constexpr int max_depth = 8;
    for (fs::recursive_directory_iterator it(tree.root, fs::directory_options::skip_permission_denied, error), end;
         !error && it != end; it.increment(error)) {
        if (it.depth() >= max_depth) it.disable_recursion_pending();
        if (!it->is_directory(error) || it->is_symlink(error)) continue;
        const fs::path& path = it->path();
        auto container =
            recognise(path.filename().string(), path.parent_path().filename().string(), names.docker_dir, podman);
        if (!container) continue;
        container->group = fs::relative(path, tree.root).string();
        found.push_back(std::move(*container));
        it.disable_recursion_pending();  // a container's inner groups are its own business
    }
    // A group vanishing mid-walk ends the iterator with an error; what was found stands.
    for (const auto& group : named_groups) {
        fs::path relative = fs::path(group).relative_path().lexically_normal();
        if (relative.empty() || *relative.begin() == "..")
            throw UsageError("--cgroup " + group + ": give a path inside the cgroup tree");
        if (!fs::is_directory(tree.root / relative))
            throw CollectError(CollectError::Kind::Failed,
                               "--cgroup " + group + ": no such group under " + tree.root.string());
        found.push_back(model::Container{relative.string(), relative.string(), "cgroup", relative.string()});
    }
    return found;
}

}  // namespace virtcheck::cgroup
