#pragma once
// The names container runtimes give their containers, read from their own files (pure, for
// tests and fuzzing): the files are the runtimes', their content is untrusted.
#include <map>
#include <string>
#include <string_view>

namespace virtcheck::cgroup {

// Docker's containers/ID/config.v2.json: "Name" without its leading '/'; empty when the
// file is not such a document or gives no name.
std::string docker_config_name(std::string_view json);

// Podman's overlay-containers/containers.json: container id -> its first name.
std::map<std::string, std::string> podman_container_names(std::string_view json);

}  // namespace virtcheck::cgroup
