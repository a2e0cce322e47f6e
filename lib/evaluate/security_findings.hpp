#pragma once
// The rules of check_vm_security, one per finding: what in a VM's (or its host's) security
// settings makes the finding, at which state, in which words. Pure: made-up model data in,
// observations out; accepting them (--allow) and summarising is vm_security.cpp's job.
#include <map>
#include <string>
#include <vector>

#include "evaluate/vm_security.hpp"

namespace virtcheck {

// One thing a rule saw in a VM: a finding at a state, or (finding null) a plain note for -v.
struct Observation {
    const Finding* finding = nullptr;
    State state = State::Ok;
    std::string text{};  // without the finding's name: "vnc listens on 0.0.0.0:5901 without a password"
};

// Who uses an image, among the VMs checked together.
struct ImageUse {
    std::string vm;
    std::string target;
    bool shareable = false;
    bool readonly = false;
};
using ImageUsers = std::map<std::string, std::vector<ImageUse>>;  // by path

ImageUsers image_users(const std::vector<const model::VmSecurity*>& vms);

// Every observation about one VM, findings first in the table's order.
std::vector<Observation> observe_vm(const model::VmSecurity& vm, const model::HostSecurity& host,
                                    const ImageUsers& images, const SecurityPolicy& policy);

// The host's own findings (--host).
std::vector<Observation> observe_host(const model::HostSecurity& host);

// Whether an address reaches only this host: 127.0.0.0/8, ::1, localhost.
bool is_loopback(const std::string& address);

// The CPU mitigation features (as libvirt names them) the rules look for.
const std::vector<std::string>& mitigation_features();

}  // namespace virtcheck
