// Every backend, in one place. A target's default backend is the first that serves it; the
// others are chosen by their options. Adding a backend: a folder under lib/collect/ with a
// registration() and one line here.
#include "collect/backend.hpp"
#include "collect/cgroup/backend.hpp"
#include "collect/libvirt/backend.hpp"
#include "collect/snmp/backend.hpp"
#include "collect/vsphere/backend.hpp"

namespace virtcheck {

const std::vector<Registration>& registry() {
    static const std::vector<Registration> all = {
        libvirt::registration(),
        snmp::registration(),
        cgroup::registration(),
        vsphere::registration(),
    };
    return all;
}

}  // namespace virtcheck
