#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"

namespace rungs::sql_store {

Result<std::vector<SavedMapping>> SqlStore::ListSavedMappings() {
  return Read<std::vector<SavedMapping>>(
      [&](sql::Connection& db) -> Result<std::vector<SavedMapping>> {
        std::vector<SavedMapping> mappings;
        sql::Query q = db.Prepare(
            "SELECT name, yaml, saved_at, saved_by FROM saved_mappings "
            "ORDER BY lower(name)");
        while (q.Step()) {
          SavedMapping mapping;
          mapping.name = q.Text(0);
          mapping.yaml = q.Text(1);
          mapping.saved_at = q.Int64(2);
          mapping.saved_by = q.OptionalInt(3);
          mappings.push_back(std::move(mapping));
        }
        return mappings;
      });
}

Result<SavedMapping> SqlStore::PutSavedMapping(const SavedMapping& input, const Actor& actor) {
  SavedMapping mapping = input;
  if (Status s = ValidateSavedMapping(mapping); !s.ok()) return s;
  mapping.saved_at = Now();
  mapping.saved_by = actor.user_id;
  return Write<SavedMapping>(
      [&](sql::Connection& db) -> Result<SavedMapping> {
        // The unique index is on lower(name): a name saved again in another case replaces it.
        sql::Query remove = db.Prepare("DELETE FROM saved_mappings WHERE lower(name) = lower(?)");
        remove.Bind(1, mapping.name);
        remove.Exec();
        sql::Query q = db.Prepare(
            "INSERT INTO saved_mappings (name, yaml, saved_at, saved_by) "
            "VALUES (?, ?, ?, ?)");
        q.Bind(1, mapping.name);
        q.Bind(2, mapping.yaml);
        q.Bind(3, mapping.saved_at);
        q.Bind(4, mapping.saved_by);
        q.Exec();
        Audit(db, actor, "saved_mapping.put", fmt::format("saved_mapping:{}", mapping.name),
              {{"bytes", mapping.yaml.size()}});
        return mapping;
      },
      "saved_by");
}

Status SqlStore::DeleteSavedMapping(const std::string& name, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM saved_mappings WHERE lower(name) = lower(?)");
    q.Bind(1, name);
    if (q.Exec() == 0) return Status::NotFound(fmt::format("no saved mapping is named {}", name));
    Audit(db, actor, "saved_mapping.delete", fmt::format("saved_mapping:{}", name),
          nlohmann::json::object());
    return Status::Ok();
  });
}

}  // namespace rungs::sql_store
