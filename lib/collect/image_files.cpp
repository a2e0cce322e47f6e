#include "collect/image_files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace virtcheck {
namespace {

bool on_this_host(const model::DiskImage& disk) { return disk.kind == "file" || disk.kind == "block"; }

}  // namespace

void read_image_modes(std::vector<model::VmSecurity>& vms) {
    for (auto& vm : vms)
        for (auto& disk : vm.disks) {
            if (!on_this_host(disk)) continue;
            struct stat info {};
            if (::stat(disk.path.c_str(), &info) == 0) disk.mode = info.st_mode & 07777;
            else disk.mode_unread = std::strerror(errno);
        }
}

void mark_image_modes_remote(std::vector<model::VmSecurity>& vms) {
    for (auto& vm : vms)
        for (auto& disk : vm.disks)
            if (on_this_host(disk)) disk.mode_unread = "on another host";
}

}  // namespace virtcheck
