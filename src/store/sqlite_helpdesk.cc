#include <fmt/format.h>

#include "store/sqlite_store_impl.h"
#include "util/clock.h"

namespace rungs::sqlite_impl {

namespace {

constexpr char kBatchColumns[] =
    "id, source, file_name, content_hash, mapping, imported_at, imported_by, rows_read, "
    "rows_used, rows_excluded, rows_with_problems, first_week, last_week";

IngestBatch ReadBatch(SQLite::Statement& q) {
  IngestBatch b;
  b.id = q.getColumn(0).getInt64();
  b.source = q.getColumn(1).getString();
  b.file_name = q.getColumn(2).getString();
  b.content_hash = q.getColumn(3).getString();
  b.mapping = q.getColumn(4).getString();
  b.imported_at = q.getColumn(5).getInt64();
  b.imported_by = OptionalInt(q.getColumn(6));
  b.rows_read = q.getColumn(7).getInt64();
  b.rows_used = q.getColumn(8).getInt64();
  b.rows_excluded = q.getColumn(9).getInt64();
  b.rows_with_problems = q.getColumn(10).getInt64();
  b.first_week = q.getColumn(11).getInt64();
  b.last_week = q.getColumn(12).getInt64();
  return b;
}

nlohmann::json IdentityJson(const HelpdeskIdentity& id) {
  return {{"source", id.source}, {"space", id.space}, {"user_id", id.user_id}};
}

}  // namespace

Result<IngestOutcome> SqliteStore::PutIngestBatch(const IngestBatch& batch,
                                                  const std::vector<IdentityWeek>& weeks,
                                                  const Actor& actor) {
  if (Status s = ValidateIngest(batch, weeks); !s.ok()) return s;
  return Write<IngestOutcome>([&]() -> Result<IngestOutcome> {
    {
      SQLite::Statement existing(
          db_, fmt::format("SELECT {} FROM ingest_batches WHERE source = ? AND content_hash = ?",
                           kBatchColumns));
      existing.bind(1, batch.source);
      existing.bind(2, batch.content_hash);
      if (existing.executeStep()) return IngestOutcome{ReadBatch(existing), false};
    }
    SQLite::Statement insert(
        db_,
        "INSERT INTO ingest_batches (source, file_name, content_hash, mapping, imported_at, "
        "imported_by, rows_read, rows_used, rows_excluded, rows_with_problems, first_week, "
        "last_week) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    IngestBatch stored = batch;
    stored.imported_at = Now();
    stored.imported_by = actor.user_id;
    insert.bind(1, stored.source);
    insert.bind(2, stored.file_name);
    insert.bind(3, stored.content_hash);
    insert.bind(4, stored.mapping);
    insert.bind(5, stored.imported_at);
    BindOptional(insert, 6, stored.imported_by);
    insert.bind(7, stored.rows_read);
    insert.bind(8, stored.rows_used);
    insert.bind(9, stored.rows_excluded);
    insert.bind(10, stored.rows_with_problems);
    insert.bind(11, stored.first_week);
    insert.bind(12, stored.last_week);
    insert.exec();
    stored.id = db_.getLastInsertRowid();
    SQLite::Statement row(
        db_,
        "INSERT INTO identity_weeks (batch_id, source, space, identity, week, closed, "
        "closed_events, active_seconds, away_seconds, active_inferred, scheduled_seconds, "
        "qa_reviews, qa_score_sum, active_scheduled_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)");
    for (const IdentityWeek& w : weeks) {
      row.bind(1, stored.id);
      row.bind(2, stored.source);
      row.bind(3, w.space);
      row.bind(4, w.identity);
      row.bind(5, w.week);
      row.bind(6, w.closed);
      row.bind(7, w.closed_events);
      row.bind(8, w.active_seconds);
      row.bind(9, w.away_seconds);
      row.bind(10, w.active_inferred ? 1 : 0);
      row.bind(11, w.scheduled_seconds);
      row.bind(12, w.qa_reviews);
      row.bind(13, w.qa_score_sum);
      BindOptional(row, 14, w.active_scheduled_seconds);
      row.exec();
      row.reset();
    }
    Audit(actor, "ingest.create", fmt::format("ingest:{}", stored.id),
          {{"source", stored.source},
           {"file", stored.file_name},
           {"mapping", stored.mapping},
           {"rows_used", stored.rows_used},
           {"weeks", weeks.size()}});
    return IngestOutcome{stored, true};
  });
}

Result<std::vector<IngestBatch>> SqliteStore::ListIngestBatches() {
  return Read<std::vector<IngestBatch>>([&]() -> Result<std::vector<IngestBatch>> {
    std::vector<IngestBatch> out;
    SQLite::Statement q(
        db_, fmt::format("SELECT {} FROM ingest_batches ORDER BY id DESC", kBatchColumns));
    while (q.executeStep()) out.push_back(ReadBatch(q));
    return out;
  });
}

Status SqliteStore::UndoIngestBatch(int64_t batch_id, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_, "DELETE FROM ingest_batches WHERE id = ?");
    q.bind(1, batch_id);
    if (q.exec() == 0) return Status::NotFound(fmt::format("no ingest with id {}", batch_id));
    Audit(actor, "ingest.undo", fmt::format("ingest:{}", batch_id), nlohmann::json::object());
    return Status::Ok();
  });
}

Status SqliteStore::LinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) {
  if (Status s = ValidateIdentity(identity); !s.ok()) return s;
  return WriteStatus(
      [&]() -> Status {
        SQLite::Statement owner(db_,
                                "SELECT user_id FROM person_identities WHERE source = ? AND "
                                "space = ? AND identity = ?");
        owner.bind(1, identity.source);
        owner.bind(2, identity.space);
        owner.bind(3, identity.identity);
        if (owner.executeStep()) {
          if (owner.getColumn(0).getInt64() == identity.user_id) return Status::Ok();
          return Status::Conflict("this helpdesk identity is linked to someone else", "identity");
        }
        SQLite::Statement insert(db_,
                                 "INSERT INTO person_identities (source, space, identity, "
                                 "user_id) VALUES (?, ?, ?, ?)");
        insert.bind(1, identity.source);
        insert.bind(2, identity.space);
        insert.bind(3, identity.identity);
        insert.bind(4, identity.user_id);
        insert.exec();
        Audit(actor, "identity.link", fmt::format("user:{}", identity.user_id),
              IdentityJson(identity));
        return Status::Ok();
      },
      "user_id");
}

Status SqliteStore::UnlinkIdentity(const HelpdeskIdentity& identity, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement q(db_,
                        "DELETE FROM person_identities WHERE source = ? AND space = ? AND "
                        "identity = ? AND user_id = ?");
    q.bind(1, identity.source);
    q.bind(2, identity.space);
    q.bind(3, identity.identity);
    q.bind(4, identity.user_id);
    if (q.exec() == 0) return Status::NotFound("no such identity is linked to this person");
    Audit(actor, "identity.unlink", fmt::format("user:{}", identity.user_id),
          IdentityJson(identity));
    return Status::Ok();
  });
}

Result<std::vector<HelpdeskIdentity>> SqliteStore::IdentitiesOf(int64_t user_id) {
  return Read<std::vector<HelpdeskIdentity>>([&]() -> Result<std::vector<HelpdeskIdentity>> {
    std::vector<HelpdeskIdentity> out;
    SQLite::Statement q(db_,
                        "SELECT source, space, identity FROM person_identities WHERE user_id = "
                        "? ORDER BY source, space, identity");
    q.bind(1, user_id);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                     q.getColumn(2).getString(), user_id});
    }
    return out;
  });
}

Result<std::vector<IdentityWeek>> SqliteStore::WeeksOf(int64_t user_id) {
  return Read<std::vector<IdentityWeek>>([&]() -> Result<std::vector<IdentityWeek>> {
    std::vector<IdentityWeek> out;
    // Per identity and week, the row of the newest batch (batch ids grow with time).
    SQLite::Statement q(
        db_,
        "SELECT w.source, w.space, w.identity, w.week, w.closed, w.closed_events, "
        "w.active_seconds, w.away_seconds, w.active_inferred, w.scheduled_seconds, "
        "w.qa_reviews, w.qa_score_sum, w.batch_id, w.active_scheduled_seconds FROM "
        "person_identities p JOIN identity_weeks "
        "w ON w.source = p.source AND w.space = p.space AND w.identity = p.identity WHERE "
        "p.user_id = ? AND w.batch_id = (SELECT MAX(n.batch_id) FROM identity_weeks n WHERE "
        "n.source = w.source AND n.space = w.space AND n.identity = w.identity AND n.week = "
        "w.week) ORDER BY w.week, w.source, w.space, w.identity");
    q.bind(1, user_id);
    while (q.executeStep()) {
      IdentityWeek w;
      w.source = q.getColumn(0).getString();
      w.space = q.getColumn(1).getString();
      w.identity = q.getColumn(2).getString();
      w.week = q.getColumn(3).getInt64();
      w.closed = q.getColumn(4).getInt64();
      w.closed_events = q.getColumn(5).getInt64();
      w.active_seconds = q.getColumn(6).getInt64();
      w.away_seconds = q.getColumn(7).getInt64();
      w.active_inferred = q.getColumn(8).getInt() != 0;
      w.scheduled_seconds = q.getColumn(9).getInt64();
      w.qa_reviews = q.getColumn(10).getInt64();
      w.qa_score_sum = q.getColumn(11).getDouble();
      w.batch_id = q.getColumn(12).getInt64();
      w.active_scheduled_seconds = OptionalInt(q.getColumn(13));
      out.push_back(std::move(w));
    }
    return out;
  });
}

}  // namespace rungs::sqlite_impl
