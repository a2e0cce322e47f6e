// --auth-file, as every backend that reads credentials reads it.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "collect/backend.hpp"
#include "core/errors.hpp"

namespace virtcheck {

std::string read_auth_file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw UsageError("cannot read --auth-file " + path);
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        throw UsageError("--auth-file " + path + " can be read by other users: chmod 600 it");
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw UsageError("cannot read --auth-file " + path);
    return text.str();
}

}  // namespace virtcheck
