// Request bodies too large to hold in memory (helpdesk exports run to gigabytes): written to a
// file as they arrive, capped, and the file removed whatever happens. The file goes in the data
// directory rather than the system's temporary folder, which is often a RAM disk.
#ifndef RUNGS_WEB_STREAMED_UPLOAD_H_
#define RUNGS_WEB_STREAMED_UPLOAD_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"
#include "web/http_message.h"

namespace rungs {

// "1073741824", "512M", "1G", "64K" (powers of 1024, case-insensitive, an optional trailing B
// or iB): the value of RUNGS_MAX_UPLOAD. kInvalid for anything else, zero, or over 1 TiB.
Result<int64_t> ParseByteSize(std::string_view text);
// "1 GiB", "512 MiB", "1.5 KiB", "300 bytes".
std::string FormatByteSize(int64_t bytes);

// A file being uploaded: "upload-XXXXXX.part" in a folder (mode 0600), deleted when this is
// destroyed. Writes are buffered, so a body arriving in 4 KiB pieces is not a system call each.
class UploadFile {
 public:
  static Result<std::unique_ptr<UploadFile>> Create(const std::string& dir, int64_t max_bytes);
  ~UploadFile();
  UploadFile(const UploadFile&) = delete;
  UploadFile& operator=(const UploadFile&) = delete;

  // False once the file would pass the cap (what was written is deleted at once: too_large())
  // or a write fails (error()).
  bool Append(std::string_view bytes);
  // Writes out the buffer and closes the file, which can then be read at path().
  Status Finish();
  // Deletes the file now rather than when this is destroyed.
  void Discard() { Remove(); }

  const std::string& path() const { return path_; }
  int64_t size() const { return size_; }
  int64_t max_bytes() const { return max_bytes_; }
  bool too_large() const { return too_large_; }
  const std::string& error() const { return error_; }

 private:
  UploadFile(std::string path, int fd, int64_t max_bytes);
  bool Flush();
  void Remove();

  std::string path_;
  int fd_ = -1;
  int64_t max_bytes_ = 0;
  int64_t size_ = 0;
  bool too_large_ = false;
  bool removed_ = false;
  std::string error_;
  std::string buffer_;
};

// The other fields of a multipart form that carried a file, or of a urlencoded form without one.
struct UploadForm {
  std::map<std::string, std::string> fields;  // the first value of each
  std::string file_name;                      // the file part's file name as sent
  bool has_file = false;                      // a file part came (perhaps empty)
};

enum class UploadOutcome {
  kRead,
  kTooLarge,    // over the cap: nothing kept
  kRefused,     // `before_file` said no before the file part was written
  kBadRequest,  // a malformed form, two files, a field over 4 KiB
  kFailed,      // the disk: no space, no permission
};

struct UploadRead {
  UploadOutcome outcome = UploadOutcome::kRead;
  std::string message;  // for everything but kRead
  UploadForm form;
  bool body_left = false;  // not all of the body was read: the connection cannot be reused
};

// Reads the streamed request body into `file`: from a multipart form, the part named
// `file_field` (the other parts are fields, each at most 4 KiB); otherwise the whole body when
// `raw_body_is_file` (the API), or, when not, the body as a urlencoded form of fields (at most
// 64 KiB) with no file. `before_file` sees the fields that came before the multipart file part
// and may refuse it before a byte is written. Over the cap nothing is kept. Reading stops at the
// first failure; the rest of the body is left (body_left) and the connection closes.
UploadRead ReadUpload(const HttpRequest& req, const std::string& file_field, bool raw_body_is_file,
                      UploadFile& file, const std::function<bool(const UploadForm&)>& before_file);

// Room for a multipart form's other fields and boundaries beyond the file's cap.
inline constexpr int64_t kUploadFormRoom = 64 * 1024;

}  // namespace rungs

#endif  // RUNGS_WEB_STREAMED_UPLOAD_H_
