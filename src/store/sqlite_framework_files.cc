#include <fmt/format.h>

#include "store/sqlite_store_impl.h"
#include "util/clock.h"

namespace rungs::sqlite_impl {

Result<std::vector<FrameworkFile>> SqliteStore::ListFrameworkFiles(bool with_content) {
  return Read<std::vector<FrameworkFile>>([&]() -> Result<std::vector<FrameworkFile>> {
    std::vector<FrameworkFile> files;
    SQLite::Statement q(db_, fmt::format("SELECT name, content_hash, uploaded_at, uploaded_by{} "
                                         "FROM framework_files ORDER BY name",
                                         with_content ? ", content" : ""));
    while (q.executeStep()) {
      FrameworkFile file;
      file.name = q.getColumn(0).getString();
      file.content_hash = q.getColumn(1).getString();
      file.uploaded_at = q.getColumn(2).getInt64();
      file.uploaded_by = OptionalInt(q.getColumn(3));
      if (with_content) {
        const SQLite::Column content = q.getColumn(4);
        file.content.assign(static_cast<const char*>(content.getBlob()),
                            static_cast<size_t>(content.getBytes()));
      }
      files.push_back(std::move(file));
    }
    return files;
  });
}

Result<FrameworkFile> SqliteStore::PutFrameworkFile(const FrameworkFile& input,
                                                    const Actor& actor) {
  FrameworkFile file = input;
  if (Status s = ValidateFrameworkFile(file); !s.ok()) return s;
  file.uploaded_at = Now();
  file.uploaded_by = actor.user_id;
  return Write<FrameworkFile>(
      [&]() -> Result<FrameworkFile> {
        SQLite::Statement q(db_,
                            "INSERT INTO framework_files (name, content, content_hash, "
                            "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) "
                            "DO UPDATE SET content = excluded.content, content_hash = "
                            "excluded.content_hash, uploaded_at = excluded.uploaded_at, "
                            "uploaded_by = excluded.uploaded_by");
        q.bind(1, file.name);
        q.bind(2, file.content.data(), static_cast<int>(file.content.size()));
        q.bind(3, file.content_hash);
        q.bind(4, file.uploaded_at);
        BindOptional(q, 5, file.uploaded_by);
        q.exec();
        Audit(actor, "framework_file.put", fmt::format("framework_file:{}", file.name),
              {{"content_hash", file.content_hash}, {"bytes", file.content.size()}});
        return file;
      },
      "uploaded_by");
}

Status SqliteStore::DeleteFrameworkFile(const std::string& name, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM framework_files WHERE name = ?");
    q.bind(1, name);
    if (q.exec() == 0) return Status::NotFound(fmt::format("no uploaded file is named {}", name));
    Audit(actor, "framework_file.delete", fmt::format("framework_file:{}", name),
          nlohmann::json::object());
    return Status::Ok();
  });
}

}  // namespace rungs::sqlite_impl
