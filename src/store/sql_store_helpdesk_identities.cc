#include "store/sql_store_impl.h"

namespace rungs::sql_store {

Result<std::vector<UnlinkedIdentity>> SqlStore::UnlinkedIdentities() {
  return Read<std::vector<UnlinkedIdentity>>(
      [&](sql::Connection& db) -> Result<std::vector<UnlinkedIdentity>> {
        std::vector<UnlinkedIdentity> out;
        // The newest batch's row per identity and week, as WeeksOf reads them, so an export that
        // overlaps an earlier one counts its weeks once.
        sql::Query q = db.Prepare(
            "SELECT w.source, w.space, w.identity, COUNT(*), MAX(w.week), SUM(w.closed) FROM "
            "identity_weeks w WHERE NOT EXISTS (SELECT 1 FROM person_identities p WHERE p.source = "
            "w.source AND p.space = w.space AND p.identity = w.identity) AND w.batch_id = (SELECT "
            "MAX(n.batch_id) FROM identity_weeks n WHERE n.source = w.source AND n.space = w.space "
            "AND n.identity = w.identity AND n.week = w.week) GROUP BY w.source, w.space, "
            "w.identity ORDER BY w.source, w.space, w.identity");
        while (q.Step()) {
          UnlinkedIdentity u;
          u.source = q.Text(0);
          u.space = q.Text(1);
          u.identity = q.Text(2);
          u.weeks = q.Int64(3);
          u.last_week = q.Int64(4);
          u.closed = q.Int64(5);
          out.push_back(std::move(u));
        }
        return out;
      });
}

Result<std::vector<HelpdeskIdentity>> SqlStore::IdentitiesWithData(const std::string& source) {
  return Read<std::vector<HelpdeskIdentity>>(
      [&](sql::Connection& db) -> Result<std::vector<HelpdeskIdentity>> {
        std::vector<HelpdeskIdentity> out;
        // Two statements, so that one source's rows come from the (source, ...) index.
        sql::Query q = db.Prepare(
            source.empty() ? "SELECT DISTINCT source, space, identity FROM identity_weeks "
                             "ORDER BY source, space, identity"
                           : "SELECT DISTINCT source, space, identity FROM identity_weeks "
                             "WHERE source = ? ORDER BY source, space, identity");
        if (!source.empty()) q.Bind(1, source);
        while (q.Step()) {
          out.push_back({q.Text(0), q.Text(1), q.Text(2), 0});
        }
        return out;
      });
}

}  // namespace rungs::sql_store
