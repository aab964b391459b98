#include <fmt/format.h>

#include "store/sqlite_store_impl.h"
#include "util/clock.h"

namespace rungs::sqlite_impl {

Result<std::vector<SavedMapping>> SqliteStore::ListSavedMappings() {
  return Read<std::vector<SavedMapping>>([&]() -> Result<std::vector<SavedMapping>> {
    std::vector<SavedMapping> mappings;
    SQLite::Statement q(db_,
                        "SELECT name, yaml, saved_at, saved_by FROM saved_mappings "
                        "ORDER BY lower(name)");
    while (q.executeStep()) {
      SavedMapping mapping;
      mapping.name = q.getColumn(0).getString();
      mapping.yaml = q.getColumn(1).getString();
      mapping.saved_at = q.getColumn(2).getInt64();
      mapping.saved_by = OptionalInt(q.getColumn(3));
      mappings.push_back(std::move(mapping));
    }
    return mappings;
  });
}

Result<SavedMapping> SqliteStore::PutSavedMapping(const SavedMapping& input, const Actor& actor) {
  SavedMapping mapping = input;
  if (Status s = ValidateSavedMapping(mapping); !s.ok()) return s;
  mapping.saved_at = Now();
  mapping.saved_by = actor.user_id;
  return Write<SavedMapping>(
      [&]() -> Result<SavedMapping> {
        // The unique index is on lower(name): a name saved again in another case replaces it.
        SQLite::Statement remove(db_, "DELETE FROM saved_mappings WHERE lower(name) = lower(?)");
        remove.bind(1, mapping.name);
        remove.exec();
        SQLite::Statement q(db_,
                            "INSERT INTO saved_mappings (name, yaml, saved_at, saved_by) "
                            "VALUES (?, ?, ?, ?)");
        q.bind(1, mapping.name);
        q.bind(2, mapping.yaml);
        q.bind(3, mapping.saved_at);
        BindOptional(q, 4, mapping.saved_by);
        q.exec();
        Audit(actor, "saved_mapping.put", fmt::format("saved_mapping:{}", mapping.name),
              {{"bytes", mapping.yaml.size()}});
        return mapping;
      },
      "saved_by");
}

Status SqliteStore::DeleteSavedMapping(const std::string& name, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM saved_mappings WHERE lower(name) = lower(?)");
    q.bind(1, name);
    if (q.exec() == 0) return Status::NotFound(fmt::format("no saved mapping is named {}", name));
    Audit(actor, "saved_mapping.delete", fmt::format("saved_mapping:{}", name),
          nlohmann::json::object());
    return Status::Ok();
  });
}

}  // namespace rungs::sqlite_impl
