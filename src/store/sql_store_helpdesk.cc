#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"

namespace rungs::sql_store {

namespace {

constexpr char kBatchColumns[] =
    "id, source, file_name, content_hash, mapping, imported_at, imported_by, rows_read, "
    "rows_used, rows_excluded, rows_with_problems, first_week, last_week";

IngestBatch ReadBatch(sql::Query& q) {
  IngestBatch b;
  b.id = q.Int64(0);
  b.source = q.Text(1);
  b.file_name = q.Text(2);
  b.content_hash = q.Text(3);
  b.mapping = q.Text(4);
  b.imported_at = q.Int64(5);
  b.imported_by = q.OptionalInt(6);
  b.rows_read = q.Int64(7);
  b.rows_used = q.Int64(8);
  b.rows_excluded = q.Int64(9);
  b.rows_with_problems = q.Int64(10);
  b.first_week = q.Int64(11);
  b.last_week = q.Int64(12);
  return b;
}

nlohmann::json IdentityJson(const HelpdeskIdentity& id) {
  return {{"source", id.source}, {"space", id.space}, {"user_id", id.user_id}};
}

}  // namespace

Result<IngestOutcome> SqlStore::PutIngestBatch(const IngestBatch& batch,
                                               const std::vector<IdentityWeek>& weeks,
                                               const Actor& actor) {
  if (Status s = ValidateIngest(batch, weeks); !s.ok()) return s;
  return Write<IngestOutcome>([&](sql::Connection& db) -> Result<IngestOutcome> {
    {
      sql::Query existing = db.Prepare(fmt::format(
          "SELECT {} FROM ingest_batches WHERE source = ? AND content_hash = ?", kBatchColumns));
      existing.Bind(1, batch.source);
      existing.Bind(2, batch.content_hash);
      if (existing.Step()) return IngestOutcome{ReadBatch(existing), false};
    }
    sql::Query insert = db.Prepare(
        "INSERT INTO ingest_batches (source, file_name, content_hash, mapping, imported_at, "
        "imported_by, rows_read, rows_used, rows_excluded, rows_with_problems, first_week, "
        "last_week) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    IngestBatch stored = batch;
    stored.imported_at = Now();
    stored.imported_by = actor.user_id;
    insert.Bind(1, stored.source);
    insert.Bind(2, stored.file_name);
    insert.Bind(3, stored.content_hash);
    insert.Bind(4, stored.mapping);
    insert.Bind(5, stored.imported_at);
    insert.Bind(6, stored.imported_by);
    insert.Bind(7, stored.rows_read);
    insert.Bind(8, stored.rows_used);
    insert.Bind(9, stored.rows_excluded);
    insert.Bind(10, stored.rows_with_problems);
    insert.Bind(11, stored.first_week);
    insert.Bind(12, stored.last_week);
    insert.Exec();
    stored.id = db.LastInsertId();
    // A batch is thousands of rows: PostgreSQL takes them in one COPY.
    std::vector<sql::Connection::TextRow> rows;
    rows.reserve(weeks.size());
    const std::string batch_id = std::to_string(stored.id);
    auto number = [](int64_t n) { return std::optional<std::string>(std::to_string(n)); };
    for (const IdentityWeek& w : weeks) {
      rows.push_back(
          {batch_id, stored.source, w.space, w.identity, number(w.week), number(w.closed),
           number(w.closed_events), number(w.active_seconds), number(w.away_seconds),
           number(w.active_inferred ? 1 : 0), number(w.scheduled_seconds), number(w.qa_reviews),
           fmt::format("{}", w.qa_score_sum),  // shortest text that reads back equal
           w.active_scheduled_seconds ? number(*w.active_scheduled_seconds) : std::nullopt});
    }
    db.InsertMany("identity_weeks",
                  {"batch_id", "source", "space", "identity", "week", "closed", "closed_events",
                   "active_seconds", "away_seconds", "active_inferred", "scheduled_seconds",
                   "qa_reviews", "qa_score_sum", "active_scheduled_seconds"},
                  rows);
    Audit(db, actor, "ingest.create", fmt::format("ingest:{}", stored.id),
          {{"source", stored.source},
           {"file", stored.file_name},
           {"mapping", stored.mapping},
           {"rows_used", stored.rows_used},
           {"weeks", weeks.size()}});
    return IngestOutcome{stored, true};
  });
}

Result<std::vector<IngestBatch>> SqlStore::ListIngestBatches() {
  return Read<std::vector<IngestBatch>>(
      [&](sql::Connection& db) -> Result<std::vector<IngestBatch>> {
        std::vector<IngestBatch> out;
        sql::Query q = db.Prepare(
            fmt::format("SELECT {} FROM ingest_batches ORDER BY id DESC", kBatchColumns));
        while (q.Step()) out.push_back(ReadBatch(q));
        return out;
      });
}

Status SqlStore::UndoIngestBatch(int64_t batch_id, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare("DELETE FROM ingest_batches WHERE id = ?");
    q.Bind(1, batch_id);
    if (q.Exec() == 0) return Status::NotFound(fmt::format("no ingest with id {}", batch_id));
    Audit(db, actor, "ingest.undo", fmt::format("ingest:{}", batch_id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqlStore::LinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) {
  if (Status s = ValidateIdentity(identity); !s.ok()) return s;
  return WriteStatus(
      [&](sql::Connection& db) -> Status {
        sql::Query owner = db.Prepare(
            "SELECT user_id FROM person_identities WHERE source = ? AND "
            "space = ? AND identity = ?");
        owner.Bind(1, identity.source);
        owner.Bind(2, identity.space);
        owner.Bind(3, identity.identity);
        if (owner.Step()) {
          if (owner.Int64(0) == identity.user_id) return Status::Ok();
          return Status::Conflict("this helpdesk identity is linked to someone else", "identity");
        }
        sql::Query insert = db.Prepare(
            "INSERT INTO person_identities (source, space, identity, "
            "user_id) VALUES (?, ?, ?, ?)");
        insert.Bind(1, identity.source);
        insert.Bind(2, identity.space);
        insert.Bind(3, identity.identity);
        insert.Bind(4, identity.user_id);
        insert.Exec();
        Audit(db, actor, "identity.link", fmt::format("user:{}", identity.user_id),
              IdentityJson(identity));
        return Status::Ok();
      },
      "user_id");
}

Status SqlStore::UnlinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query q = db.Prepare(
        "DELETE FROM person_identities WHERE source = ? AND space = ? AND "
        "identity = ? AND user_id = ?");
    q.Bind(1, identity.source);
    q.Bind(2, identity.space);
    q.Bind(3, identity.identity);
    q.Bind(4, identity.user_id);
    if (q.Exec() == 0) return Status::NotFound("no such identity is linked to this person");
    Audit(db, actor, "identity.unlink", fmt::format("user:{}", identity.user_id),
          IdentityJson(identity));
    return Status::Ok();
  });
}

Result<std::vector<HelpdeskIdentity>> SqlStore::IdentitiesOf(int64_t user_id) {
  return Read<std::vector<HelpdeskIdentity>>(
      [&](sql::Connection& db) -> Result<std::vector<HelpdeskIdentity>> {
        std::vector<HelpdeskIdentity> out;
        sql::Query q = db.Prepare(
            "SELECT source, space, identity FROM person_identities WHERE user_id = "
            "? ORDER BY source, space, identity");
        q.Bind(1, user_id);
        while (q.Step()) {
          out.push_back({q.Text(0), q.Text(1), q.Text(2), user_id});
        }
        return out;
      });
}

Result<std::vector<IdentityWeek>> SqlStore::WeeksOf(int64_t user_id) {
  return Read<std::vector<IdentityWeek>>(
      [&](sql::Connection& db) -> Result<std::vector<IdentityWeek>> {
        std::vector<IdentityWeek> out;
        // Per identity and week, the row of the newest batch (batch ids grow with time).
        sql::Query q = db.Prepare(
            "SELECT w.source, w.space, w.identity, w.week, w.closed, w.closed_events, "
            "w.active_seconds, w.away_seconds, w.active_inferred, w.scheduled_seconds, "
            "w.qa_reviews, w.qa_score_sum, w.batch_id, w.active_scheduled_seconds FROM "
            "person_identities p JOIN identity_weeks "
            "w ON w.source = p.source AND w.space = p.space AND w.identity = p.identity WHERE "
            "p.user_id = ? AND w.batch_id = (SELECT MAX(n.batch_id) FROM identity_weeks n WHERE "
            "n.source = w.source AND n.space = w.space AND n.identity = w.identity AND n.week = "
            "w.week) ORDER BY w.week, w.source, w.space, w.identity");
        q.Bind(1, user_id);
        while (q.Step()) {
          IdentityWeek w;
          w.source = q.Text(0);
          w.space = q.Text(1);
          w.identity = q.Text(2);
          w.week = q.Int64(3);
          w.closed = q.Int64(4);
          w.closed_events = q.Int64(5);
          w.active_seconds = q.Int64(6);
          w.away_seconds = q.Int64(7);
          w.active_inferred = q.Int(8) != 0;
          w.scheduled_seconds = q.Int64(9);
          w.qa_reviews = q.Int64(10);
          w.qa_score_sum = q.Real(11);
          w.batch_id = q.Int64(12);
          w.active_scheduled_seconds = q.OptionalInt(13);
          out.push_back(std::move(w));
        }
        return out;
      });
}

}  // namespace rungs::sql_store
