// Reading files whole, with a size cap so that a stray multi-gigabyte file is an error with a
// message instead of an out-of-memory kill.
#ifndef RUNGS_UTIL_FILE_H_
#define RUNGS_UTIL_FILE_H_

#include <cstddef>
#include <string>

namespace rungs {

struct FileContents {
  bool ok = false;
  std::string bytes;
  std::string
      error;  // "cannot open: No such file or directory", "file is 52 MB; the limit is 16 MB"
};

FileContents ReadFileCapped(const std::string& path, size_t max_bytes);

// The first `max_bytes` of a file (all of it when shorter): the start of an export, to guess
// what it is without reading it whole.
FileContents ReadFileStart(const std::string& path, size_t max_bytes);

bool WriteFileAtomically(const std::string& path, const std::string& bytes, std::string* error);

}  // namespace rungs

#endif  // RUNGS_UTIL_FILE_H_
