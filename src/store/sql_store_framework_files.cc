#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"

namespace rungs::sql_store {

Result<std::vector<FrameworkFile>> SqlStore::ListFrameworkFiles(bool with_content) {
  return Read<std::vector<FrameworkFile>>(
      [&](sql::Connection& db) -> Result<std::vector<FrameworkFile>> {
        std::vector<FrameworkFile> files;
        sql::Query q =
            db.Prepare(fmt::format("SELECT name, content_hash, uploaded_at, uploaded_by{} "
                                   "FROM framework_files ORDER BY name",
                                   with_content ? ", content" : ""));
        while (q.Step()) {
          FrameworkFile file;
          file.name = q.Text(0);
          file.content_hash = q.Text(1);
          file.uploaded_at = q.Int64(2);
          file.uploaded_by = q.OptionalInt(3);
          if (with_content) {
            file.content = q.Blob(4);
          }
          files.push_back(std::move(file));
        }
        return files;
      });
}

Result<FrameworkFile> SqlStore::PutFrameworkFile(const FrameworkFile& input, const Actor& actor) {
  FrameworkFile file = input;
  if (Status s = ValidateFrameworkFile(file); !s.ok()) return s;
  file.uploaded_at = Now();
  file.uploaded_by = actor.user_id;
  return Write<FrameworkFile>(
      [&](sql::Connection& db) -> Result<FrameworkFile> {
        sql::Query q = db.Prepare(
            "INSERT INTO framework_files (name, content, content_hash, "
            "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) "
            "DO UPDATE SET content = excluded.content, content_hash = "
            "excluded.content_hash, uploaded_at = excluded.uploaded_at, "
            "uploaded_by = excluded.uploaded_by");
        q.Bind(1, file.name);
        q.BindBlob(2, file.content);
        q.Bind(3, file.content_hash);
        q.Bind(4, file.uploaded_at);
        q.Bind(5, file.uploaded_by);
        q.Exec();
        Audit(db, actor, "framework_file.put", fmt::format("framework_file:{}", file.name),
              {{"content_hash", file.content_hash}, {"bytes", file.content.size()}});
        return file;
      },
      "uploaded_by");
}

Status SqlStore::DeleteFrameworkFile(const std::string& name, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM framework_files WHERE name = ?");
    q.Bind(1, name);
    if (q.Exec() == 0) return Status::NotFound(fmt::format("no uploaded file is named {}", name));
    Audit(db, actor, "framework_file.delete", fmt::format("framework_file:{}", name),
          nlohmann::json::object());
    return Status::Ok();
  });
}

}  // namespace rungs::sql_store
