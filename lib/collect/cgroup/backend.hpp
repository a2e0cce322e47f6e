#pragma once
// The cgroup backend's registration: containers of any runtime, read from the local cgroup v2
// tree (files only, no daemon).
#include "collect/backend.hpp"

namespace virtcheck::cgroup {

Registration registration();

}  // namespace virtcheck::cgroup
