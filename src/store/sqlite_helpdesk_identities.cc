#include "store/sqlite_store_impl.h"

namespace rungs::sqlite_impl {

Result<std::vector<UnlinkedIdentity>> SqliteStore::UnlinkedIdentities() {
  return Read<std::vector<UnlinkedIdentity>>([&]() -> Result<std::vector<UnlinkedIdentity>> {
    std::vector<UnlinkedIdentity> out;
    // The newest batch's row per identity and week, as WeeksOf reads them, so an export that
    // overlaps an earlier one counts its weeks once.
    SQLite::Statement q(
        db_,
        "SELECT w.source, w.space, w.identity, COUNT(*), MAX(w.week), SUM(w.closed) FROM "
        "identity_weeks w WHERE NOT EXISTS (SELECT 1 FROM person_identities p WHERE p.source = "
        "w.source AND p.space = w.space AND p.identity = w.identity) AND w.batch_id = (SELECT "
        "MAX(n.batch_id) FROM identity_weeks n WHERE n.source = w.source AND n.space = w.space "
        "AND n.identity = w.identity AND n.week = w.week) GROUP BY w.source, w.space, "
        "w.identity ORDER BY w.source, w.space, w.identity");
    while (q.executeStep()) {
      UnlinkedIdentity u;
      u.source = q.getColumn(0).getString();
      u.space = q.getColumn(1).getString();
      u.identity = q.getColumn(2).getString();
      u.weeks = q.getColumn(3).getInt64();
      u.last_week = q.getColumn(4).getInt64();
      u.closed = q.getColumn(5).getInt64();
      out.push_back(std::move(u));
    }
    return out;
  });
}

Result<std::vector<HelpdeskIdentity>> SqliteStore::IdentitiesWithData(const std::string& source) {
  return Read<std::vector<HelpdeskIdentity>>([&]() -> Result<std::vector<HelpdeskIdentity>> {
    std::vector<HelpdeskIdentity> out;
    // Two statements, so that one source's rows come from the (source, ...) index.
    SQLite::Statement q(db_, source.empty()
                                 ? "SELECT DISTINCT source, space, identity FROM identity_weeks "
                                   "ORDER BY source, space, identity"
                                 : "SELECT DISTINCT source, space, identity FROM identity_weeks "
                                   "WHERE source = ? ORDER BY source, space, identity");
    if (!source.empty()) q.bind(1, source);
    while (q.executeStep()) {
      out.push_back(
          {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), 0});
    }
    return out;
  });
}

}  // namespace rungs::sqlite_impl
