#include "util/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace rungs {
namespace {
struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

std::string HumanSize(size_t bytes) {
  if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{} bytes", bytes);
}
}  // namespace

FileContents ReadFileCapped(const std::string& path, size_t max_bytes) {
  FileContents result;
  FilePtr f(fopen(path.c_str(), "rb"));
  if (!f) {
    result.error = fmt::format("cannot open: {}", strerror(errno));
    return result;
  }
  char buffer[1 << 16];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, f.get())) > 0) {
    if (result.bytes.size() + n > max_bytes) {
      result.error = fmt::format("file is larger than the limit of {}", HumanSize(max_bytes));
      result.bytes.clear();
      return result;
    }
    result.bytes.append(buffer, n);
  }
  if (ferror(f.get())) {
    result.error = fmt::format("cannot read: {}", strerror(errno));
    result.bytes.clear();
    return result;
  }
  result.ok = true;
  return result;
}

FileContents ReadFileStart(const std::string& path, size_t max_bytes) {
  FileContents result;
  FilePtr f(fopen(path.c_str(), "rb"));
  if (!f) {
    result.error = fmt::format("cannot open: {}", strerror(errno));
    return result;
  }
  result.bytes.resize(max_bytes);
  const size_t n = fread(result.bytes.data(), 1, max_bytes, f.get());
  if (n < max_bytes && ferror(f.get())) {
    result.error = fmt::format("cannot read: {}", strerror(errno));
    result.bytes.clear();
    return result;
  }
  result.bytes.resize(n);
  result.ok = true;
  return result;
}

bool WriteFileAtomically(const std::string& path, const std::string& bytes, std::string* error) {
  const std::string temp = path + ".tmp";
  {
    FilePtr f(fopen(temp.c_str(), "wb"));
    if (!f) {
      *error = fmt::format("cannot write {}: {}", temp, strerror(errno));
      return false;
    }
    if (fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size() || fflush(f.get()) != 0) {
      *error = fmt::format("cannot write {}: {}", temp, strerror(errno));
      return false;
    }
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    *error = fmt::format("cannot rename {} to {}: {}", temp, path, strerror(errno));
    return false;
  }
  return true;
}

}  // namespace rungs
