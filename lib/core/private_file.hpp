#pragma once
// Files that hold secrets (--auth-file): one check of what makes them private, used by every
// backend, with one wording. A private file is a regular file (a symlink is judged by the
// file it points to), owned by the user running the check, that no one else may read or write.
#include <string>
#include <string_view>

namespace virtcheck {

// Throws UsageError "OPTION PATH can be read by other users: chmod 600 it" (or the owner,
// type or read failure) when the file is not private.
void check_private_file(const std::string& path, std::string_view option);

// The checked file's content, read from the same open file that was checked (at most
// `max_bytes`). Throws UsageError as check_private_file does.
std::string read_private_file(const std::string& path, std::string_view option, std::size_t max_bytes = 1 << 20);

}  // namespace virtcheck
