// The SQLite store's check-ins: the framework versions they are made against, self and manager
// results, evidence, agreement (which freezes a check-in for ever) and agreed_latest, the newest
// agreed result per person, version and criterion, which Agree keeps current so that level
// computation never scans old check-ins.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "store/sql_store_impl.h"
#include "util/clock.h"

namespace rungs::sql_store {
namespace {

std::string CheckInTarget(int64_t id) { return fmt::format("checkin:{}", id); }

// Keeps the stored text hash when a write does not give one.
constexpr const char* kKeepTextHash =
    "text_hash = CASE WHEN excluded.text_hash = '' THEN checkin_results.text_hash ELSE "
    "excluded.text_hash END";

// One statement per side, so a side's write can never touch the other side's column.
std::string UpsertResult(const char* column) {
  return fmt::format(
      "INSERT INTO checkin_results (checkin_id, criterion_key, text_hash, {0}) VALUES (?, ?, ?, "
      "?) ON CONFLICT (checkin_id, criterion_key) DO UPDATE SET {0} = excluded.{0}, {1}",
      column, kKeepTextHash);
}

FrameworkVersion ReadVersion(sql::Query& q, bool with_json) {
  FrameworkVersion v;
  v.id = q.Int64(0);
  v.framework_id = q.Text(1);
  v.content_hash = q.Text(2);
  v.imported_at = q.Int64(3);
  if (with_json) v.json = q.Text(4);
  return v;
}

constexpr const char* kVersionColumns = "id, framework_id, content_hash, imported_at";

}  // namespace

Result<FrameworkVersion> SqlStore::PutFrameworkVersion(const FrameworkVersion& input,
                                                       const Actor& actor) {
  FrameworkVersion version = input;
  if (Status s = ValidateFrameworkVersion(version); !s.ok()) return s;
  return Write<FrameworkVersion>([&](sql::Connection& db) -> Result<FrameworkVersion> {
    sql::Query existing = db.Prepare(
        "SELECT id, imported_at FROM framework_versions WHERE "
        "framework_id = ? AND content_hash = ?");
    existing.Bind(1, version.framework_id);
    existing.Bind(2, version.content_hash);
    if (existing.Step()) {  // the same content again: nothing to write or audit
      version.id = existing.Int64(0);
      version.imported_at = existing.Int64(1);
      return version;
    }
    version.imported_at = Now();
    sql::Query q = db.Prepare(
        "INSERT INTO framework_versions (framework_id, content_hash, json, "
        "imported_at) VALUES (?, ?, ?, ?)");
    q.Bind(1, version.framework_id);
    q.Bind(2, version.content_hash);
    q.Bind(3, version.json);
    q.Bind(4, version.imported_at);
    q.Exec();
    version.id = db.LastInsertId();
    Audit(db, actor, "framework_version.create", fmt::format("framework_version:{}", version.id),
          {{"framework_id", version.framework_id}, {"content_hash", version.content_hash}});
    return version;
  });
}

Result<FrameworkVersion> SqlStore::GetFrameworkVersion(int64_t id) {
  return Read<FrameworkVersion>([&](sql::Connection& db) -> Result<FrameworkVersion> {
    sql::Query q = db.Prepare(
        fmt::format("SELECT {}, json FROM framework_versions WHERE id = ?", kVersionColumns));
    q.Bind(1, id);
    if (!q.Step()) return Status::NotFound(fmt::format("no framework version {}", id));
    return ReadVersion(q, true);
  });
}

Result<FrameworkVersion> SqlStore::LatestFrameworkVersion(const std::string& framework_id) {
  return Read<FrameworkVersion>([&](sql::Connection& db) -> Result<FrameworkVersion> {
    sql::Query q =
        db.Prepare(fmt::format("SELECT {}, json FROM framework_versions WHERE "
                               "framework_id = ? ORDER BY imported_at DESC, id DESC "
                               "LIMIT 1",
                               kVersionColumns));
    q.Bind(1, framework_id);
    if (!q.Step()) {
      return Status::NotFound(fmt::format("no stored version of framework {}", framework_id));
    }
    return ReadVersion(q, true);
  });
}

Result<std::vector<FrameworkVersion>> SqlStore::ListFrameworkVersions(
    const std::string& framework_id) {
  return Read<std::vector<FrameworkVersion>>(
      [&](sql::Connection& db) -> Result<std::vector<FrameworkVersion>> {
        std::vector<FrameworkVersion> versions;
        sql::Query q =
            db.Prepare(fmt::format("SELECT {} FROM framework_versions WHERE framework_id "
                                   "= ? ORDER BY imported_at DESC, id DESC",
                                   kVersionColumns));
        q.Bind(1, framework_id);
        while (q.Step()) versions.push_back(ReadVersion(q, false));
        return versions;
      });
}

Result<CheckIn> SqlStore::CreateCheckIn(int64_t user_id, int64_t framework_version_id,
                                        const Actor& actor) {
  return Write<CheckIn>([&](sql::Connection& db) -> Result<CheckIn> {
    if (!Exists(db, "users", user_id)) {
      return Status{StatusCode::kNotFound, fmt::format("no user with id {}", user_id), "user_id"};
    }
    if (!Exists(db, "framework_versions", framework_version_id)) {
      return Status::Invalid(
          fmt::format("there is no framework version with id {}", framework_version_id),
          "framework_version_id");
    }
    sql::Query open = db.Prepare("SELECT id FROM checkins WHERE user_id = ? AND state = 'open'");
    open.Bind(1, user_id);
    if (open.Step()) {
      return Status::Conflict(
          fmt::format("this person already has an open check-in ({})", open.Int64(0)), "user_id");
    }
    const int64_t now = Now();
    sql::Query q = db.Prepare(
        "INSERT INTO checkins (user_id, framework_version_id, state, created_at, "
        "updated_at) VALUES (?, ?, 'open', ?, ?)");
    q.Bind(1, user_id);
    q.Bind(2, framework_version_id);
    q.Bind(3, now);
    q.Bind(4, now);
    q.Exec();
    const int64_t id = db.LastInsertId();
    Audit(db, actor, "checkin.create", CheckInTarget(id),
          {{"user_id", user_id}, {"framework_version_id", framework_version_id}});
    return GetCheckInLocked(db, id);
  });
}

Result<CheckIn> SqlStore::GetCheckIn(int64_t id) {
  return Read<CheckIn>([&](sql::Connection& db) { return GetCheckInLocked(db, id); });
}

Result<std::vector<CheckIn>> SqlStore::ListCheckIns(int64_t user_id) {
  return Read<std::vector<CheckIn>>([&](sql::Connection& db) -> Result<std::vector<CheckIn>> {
    if (!Exists(db, "users", user_id)) {
      return Status::NotFound(fmt::format("no user with id {}", user_id));
    }
    // Three queries for all of them (check-ins, results, evidence), not three per check-in.
    std::vector<CheckIn> checkins;
    std::map<int64_t, size_t> index;
    {
      sql::Query q = db.Cached(
          "SELECT id, user_id, framework_version_id, state, self_notes, manager_notes, "
          "created_at, updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, "
          "acknowledgement_comment FROM checkins WHERE user_id = ? ORDER BY created_at DESC, "
          "id DESC");
      q.Bind(1, user_id);
      while (q.Step()) {
        index[q.Int64(0)] = checkins.size();
        checkins.push_back(ReadCheckInRow(q));
      }
    }
    {
      sql::Query q = db.Cached(
          "SELECT r.checkin_id, r.criterion_key, r.text_hash, r.self, r.manager, r.agreed FROM "
          "checkin_results r JOIN checkins c ON c.id = r.checkin_id WHERE c.user_id = ?");
      q.Bind(1, user_id);
      while (q.Step()) {
        checkins[index.at(q.Int64(0))].results.push_back(
            {q.Text(1), q.Text(2), ReadAssessment(q, 3), ReadAssessment(q, 4),
             ReadAssessment(q, 5)});
      }
      // No ORDER BY: SQLite sorted the joined rows in a temporary B-tree, though each check-in's
      // rows already come in key order from the primary key. The check keeps that promise.
      for (CheckIn& c : checkins) {
        auto by_key = [](const CriterionResult& a, const CriterionResult& b) {
          return a.criterion_key < b.criterion_key;
        };
        if (!std::is_sorted(c.results.begin(), c.results.end(), by_key)) {
          std::sort(c.results.begin(), c.results.end(), by_key);
        }
      }
    }
    {
      sql::Query q = db.Cached(
          "SELECT e.checkin_id, e.id, e.author_id, e.text, e.link, e.created_at, "
          "ec.criterion_key FROM evidence e JOIN checkins c ON c.id = e.checkin_id JOIN "
          "evidence_criteria ec ON ec.evidence_id = e.id WHERE c.user_id = ? ORDER BY "
          "e.checkin_id, e.created_at, e.id, ec.criterion_key");
      q.Bind(1, user_id);
      while (q.Step()) {
        std::vector<Evidence>& evidence = checkins[index.at(q.Int64(0))].evidence;
        const int64_t id = q.Int64(1);
        if (evidence.empty() || evidence.back().id != id) {
          Evidence e;
          e.id = id;
          e.checkin_id = q.Int64(0);
          e.author_id = q.OptionalInt(2).value_or(0);
          e.text = q.Text(3);
          e.link = q.Text(4);
          e.created_at = q.Int64(5);
          evidence.push_back(std::move(e));
        }
        evidence.back().criterion_keys.push_back(q.Text(6));
      }
    }
    return checkins;
  });
}

Result<CheckIn> SqlStore::UpdateResults(int64_t checkin_id, Side side,
                                        const std::vector<CriterionResult>& results,
                                        const std::optional<std::string>& notes,
                                        const Actor& actor) {
  if (Status s = ValidateCheckInUpdate(results, notes); !s.ok()) return s;
  const bool self = side == Side::kSelf;
  return Write<CheckIn>([&](sql::Connection& db) -> Result<CheckIn> {
    if (Status s = CheckOpen(db, checkin_id); !s.ok()) return s;
    sql::Query upsert = db.Prepare(UpsertResult(self ? "self" : "manager"));
    for (const CriterionResult& r : results) {
      upsert.Bind(1, checkin_id);
      upsert.Bind(2, r.criterion_key);
      upsert.Bind(3, r.text_hash);
      upsert.Bind(4, AssessmentName(self ? r.self : r.manager));
      upsert.Exec();
      upsert.Reset();
    }
    // A criterion cleared on every side is as if it had never been assessed.
    sql::Query unassessed = db.Prepare(
        "DELETE FROM checkin_results WHERE checkin_id = ? AND self = '' "
        "AND manager = '' AND agreed = ''");
    unassessed.Bind(1, checkin_id);
    unassessed.Exec();
    if (notes) {
      sql::Query q = db.Prepare(self ? "UPDATE checkins SET self_notes = ?, updated_at = ? WHERE "
                                       "id = ?"
                                     : "UPDATE checkins SET manager_notes = ?, updated_at = ? "
                                       "WHERE id = ?");
      q.Bind(1, *notes);
      q.Bind(2, Now());
      q.Bind(3, checkin_id);
      q.Exec();
    } else {
      sql::Query q = db.Prepare("UPDATE checkins SET updated_at = ? WHERE id = ?");
      q.Bind(1, Now());
      q.Bind(2, checkin_id);
      q.Exec();
    }
    Audit(db, actor, "checkin.results", CheckInTarget(checkin_id),
          {{"side", self ? "self" : "manager"}, {"criteria", results.size()}});
    return GetCheckInLocked(db, checkin_id);
  });
}

Result<CheckIn> SqlStore::Agree(int64_t checkin_id, const std::vector<CriterionResult>& results,
                                const Actor& actor) {
  if (Status s = ValidateCheckInUpdate(results, std::nullopt); !s.ok()) return s;
  const auto agreed = std::count_if(results.begin(), results.end(), [](const CriterionResult& r) {
    return r.agreed != Assessment::kNone;
  });
  if (agreed == 0) {
    return Status::Invalid("agree on at least one criterion before closing a check-in", "results");
  }
  return Write<CheckIn>(
      [&](sql::Connection& db) -> Result<CheckIn> {
        if (Status s = CheckOpen(db, checkin_id); !s.ok()) return s;
        const int64_t now = Now();
        sql::Query upsert = db.Prepare(UpsertResult("agreed"));
        for (const CriterionResult& r : results) {
          if (r.agreed == Assessment::kNone) continue;
          upsert.Bind(1, checkin_id);
          upsert.Bind(2, r.criterion_key);
          upsert.Bind(3, r.text_hash);
          upsert.Bind(4, AssessmentName(r.agreed));
          upsert.Exec();
          upsert.Reset();
        }
        // The WHERE on DO UPDATE keeps a newer agreement (clocks of several instances differ).
        // The SELECT needs its WHERE for SQLite to parse ON CONFLICT after a join.
        sql::Query latest = db.Prepare(
            "INSERT INTO agreed_latest (user_id, framework_version_id, criterion_key, text_hash, "
            "result, checkin_id, agreed_at) SELECT c.user_id, c.framework_version_id, "
            "r.criterion_key, r.text_hash, r.agreed, c.id, ? FROM checkin_results r JOIN "
            "checkins c ON c.id = r.checkin_id WHERE r.checkin_id = ? AND r.agreed <> '' "
            "ON CONFLICT (user_id, framework_version_id, criterion_key) DO UPDATE SET "
            "text_hash = excluded.text_hash, result = excluded.result, checkin_id = "
            "excluded.checkin_id, agreed_at = excluded.agreed_at WHERE excluded.agreed_at > "
            "agreed_latest.agreed_at OR (excluded.agreed_at = agreed_latest.agreed_at AND "
            "excluded.checkin_id > agreed_latest.checkin_id)");
        latest.Bind(1, now);
        latest.Bind(2, checkin_id);
        latest.Exec();
        sql::Query freeze = db.Prepare(
            "UPDATE checkins SET state = 'frozen', frozen_at = ?, frozen_by "
            "= ?, updated_at = ? WHERE id = ?");
        freeze.Bind(1, now);
        freeze.Bind(2, actor.user_id);
        freeze.Bind(3, now);
        freeze.Bind(4, checkin_id);
        freeze.Exec();
        Audit(db, actor, "checkin.agree", CheckInTarget(checkin_id), {{"criteria", agreed}});
        return GetCheckInLocked(db, checkin_id);
      },
      "frozen_by");
}

Result<CheckIn> SqlStore::Acknowledge(int64_t checkin_id, bool disagrees,
                                      const std::string& comment, const Actor& actor) {
  if (Status s = ValidateAcknowledgement(disagrees, comment); !s.ok()) return s;
  return Write<CheckIn>([&](sql::Connection& db) -> Result<CheckIn> {
    Result<CheckIn> current = GetCheckInLocked(db, checkin_id);
    if (!current.ok()) return current.status();
    if (current->state != CheckInState::kFrozen) {
      return Status::Conflict("the results are not agreed yet: there is nothing to acknowledge");
    }
    if (current->acknowledged_at != 0) {
      return Status::Conflict("this check-in's results were acknowledged already");
    }
    const int64_t now = Now();
    sql::Query update = db.Prepare(
        "UPDATE checkins SET acknowledged_at = ?, acknowledgement = ?, "
        "acknowledgement_comment = ?, updated_at = ? WHERE id = ?");
    update.Bind(1, now);
    update.Bind(2, disagrees ? "disagree" : "agree");
    update.Bind(3, comment);
    update.Bind(4, now);
    update.Bind(5, checkin_id);
    update.Exec();
    // Like notes, the comment stays out of the log.
    Audit(db, actor, "checkin.acknowledge", CheckInTarget(checkin_id), {{"agrees", !disagrees}});
    return GetCheckInLocked(db, checkin_id);
  });
}

Result<Evidence> SqlStore::AddEvidence(const Evidence& input, const Actor& actor) {
  Evidence evidence = input;
  if (Status s = ValidateEvidence(evidence); !s.ok()) return s;
  if (evidence.author_id == 0 && actor.user_id) evidence.author_id = *actor.user_id;
  return Write<Evidence>(
      [&](sql::Connection& db) -> Result<Evidence> {
        if (Status s = CheckOpen(db, evidence.checkin_id); !s.ok()) return s;
        evidence.created_at = Now();
        sql::Query q = db.Prepare(
            "INSERT INTO evidence (checkin_id, author_id, text, link, created_at) "
            "VALUES (?, ?, ?, ?, ?)");
        q.Bind(1, evidence.checkin_id);
        q.Bind(2, evidence.author_id ? std::optional<int64_t>(evidence.author_id) : std::nullopt);
        q.Bind(3, evidence.text);
        q.Bind(4, evidence.link);
        q.Bind(5, evidence.created_at);
        q.Exec();
        evidence.id = db.LastInsertId();
        sql::Query tag = db.Prepare(
            "INSERT INTO evidence_criteria (evidence_id, criterion_key) VALUES "
            "(?, ?)");
        for (const std::string& key : evidence.criterion_keys) {
          tag.Bind(1, evidence.id);
          tag.Bind(2, key);
          tag.Exec();
          tag.Reset();
        }
        sql::Query touched = db.Prepare("UPDATE checkins SET updated_at = ? WHERE id = ?");
        touched.Bind(1, evidence.created_at);
        touched.Bind(2, evidence.checkin_id);
        touched.Exec();
        // Not the text or link: those are the person's words, and the log is kept for ever.
        Audit(db, actor, "evidence.add", CheckInTarget(evidence.checkin_id),
              {{"evidence_id", evidence.id}, {"criteria", evidence.criterion_keys.size()}});
        return evidence;
      },
      "author_id");
}

Status SqlStore::DeleteEvidence(int64_t evidence_id, const Actor& actor) {
  return WriteStatus([&](sql::Connection& db) -> Status {
    sql::Query find = db.Prepare("SELECT checkin_id FROM evidence WHERE id = ?");
    find.Bind(1, evidence_id);
    if (!find.Step()) return Status::NotFound(fmt::format("no evidence {}", evidence_id));
    const int64_t checkin_id = find.Int64(0);
    if (Status s = CheckOpen(db, checkin_id); !s.ok()) return s;
    sql::Query q = db.Prepare("DELETE FROM evidence WHERE id = ?");  // its tags cascade
    q.Bind(1, evidence_id);
    q.Exec();
    sql::Query touched = db.Prepare("UPDATE checkins SET updated_at = ? WHERE id = ?");
    touched.Bind(1, Now());
    touched.Bind(2, checkin_id);
    touched.Exec();
    Audit(db, actor, "evidence.delete", CheckInTarget(checkin_id), {{"evidence_id", evidence_id}});
    return Status::Ok();
  });
}

Result<std::vector<CheckInSummary>> SqlStore::SummariseCheckIns(
    const std::vector<int64_t>& user_ids) {
  return Read<std::vector<CheckInSummary>>(
      [&](sql::Connection& db) -> Result<std::vector<CheckInSummary>> {
        constexpr const char* kSummary =
            "SELECT user_id, COUNT(*), SUM(CASE WHEN state = 'frozen' THEN 1 ELSE 0 END), "
            "MAX(CASE WHEN state = 'open' THEN 1 ELSE 0 END), MAX(created_at), "
            "COALESCE(MAX(frozen_at), 0) FROM checkins";
        std::vector<CheckInSummary> out;
        auto read_all = [&](sql::Query& q) {
          while (q.Step()) {
            if (q.IsNull(0)) continue;  // an aggregate over no rows
            out.push_back({q.Int64(0), q.Int(1), q.Int(2), q.Int(3) != 0, q.Int64(4), q.Int64(5)});
          }
        };
        if (user_ids.empty()) {
          sql::Query q = db.Prepare(fmt::format("{} GROUP BY user_id ORDER BY user_id", kSummary));
          read_all(q);
          return out;
        }
        std::vector<int64_t> ids = user_ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        sql::Query q = db.Prepare(fmt::format("{} WHERE user_id = ? GROUP BY user_id", kSummary));
        for (int64_t id : ids) {
          q.Bind(1, id);
          read_all(q);
          q.Reset();
        }
        return out;
      });
}

Result<AgreementTallies> SqlStore::TallyAgreements() {
  return Read<AgreementTallies>([&](sql::Connection& db) -> Result<AgreementTallies> {
    AgreementTallies out;
    sql::Query results = db.Prepare(
        "SELECT c.frozen_by, r.self, r.agreed, COUNT(*) FROM checkins c "
        "JOIN checkin_results r ON r.checkin_id = c.id WHERE c.state = "
        "'frozen' AND r.agreed <> '' GROUP BY c.frozen_by, r.self, r.agreed");
    while (results.Step()) {
      out.results.push_back({results.OptionalInt(0), ReadAssessment(results, 1),
                             ReadAssessment(results, 2), results.Int64(3)});
    }
    sql::Query checkins = db.Prepare(
        "SELECT frozen_by, COUNT(*), COUNT(DISTINCT user_id) FROM checkins "
        "WHERE state = 'frozen' GROUP BY frozen_by");
    while (checkins.Step()) {
      out.checkins.push_back({checkins.OptionalInt(0), checkins.Int64(1), checkins.Int64(2)});
    }
    return out;
  });
}

Result<std::vector<AgreedResult>> SqlStore::LatestAgreed(const std::vector<int64_t>& user_ids) {
  return Read<std::vector<AgreedResult>>(
      [&](sql::Connection& db) -> Result<std::vector<AgreedResult>> {
        constexpr const char* kColumns =
            "SELECT user_id, framework_version_id, criterion_key, text_hash, result, checkin_id, "
            "agreed_at FROM agreed_latest";
        std::vector<AgreedResult> out;
        auto read_all = [&](sql::Query& q) {
          while (q.Step()) {
            out.push_back({q.Int64(0), q.Int64(1), q.Text(2), q.Text(3), ReadAssessment(q, 4),
                           q.Int64(5), q.Int64(6)});
          }
        };
        if (user_ids.empty()) {
          sql::Query q = db.Prepare(
              fmt::format("{} ORDER BY user_id, framework_version_id, criterion_key", kColumns));
          read_all(q);
          return out;
        }
        std::vector<int64_t> ids = user_ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        // One prepared statement run per person: no limit on how many are asked for at once.
        sql::Query q =
            db.Prepare(fmt::format("{} WHERE user_id = ? ORDER BY framework_version_id, "
                                   "criterion_key",
                                   kColumns));
        for (int64_t id : ids) {
          q.Bind(1, id);
          read_all(q);
          q.Reset();
        }
        return out;
      });
}

// id, user_id, framework_version_id, state, self_notes, manager_notes, created_at,
// updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, acknowledgement_comment
CheckIn SqlStore::ReadCheckInRow(sql::Query& q) {
  CheckIn c;
  c.id = q.Int64(0);
  c.user_id = q.Int64(1);
  c.framework_version_id = q.Int64(2);
  c.state = q.Text(3) == "frozen" ? CheckInState::kFrozen : CheckInState::kOpen;
  c.self_notes = q.Text(4);
  c.manager_notes = q.Text(5);
  c.created_at = q.Int64(6);
  c.updated_at = q.Int64(7);
  c.frozen_at = q.Int64(8);
  c.frozen_by = q.OptionalInt(9);
  c.acknowledged_at = q.Int64(10);
  c.disagrees = q.Text(11) == "disagree";
  c.acknowledgement_comment = q.Text(12);
  return c;
}

Result<CheckIn> SqlStore::GetCheckInLocked(sql::Connection& db, int64_t id) {
  sql::Query cached = db.Cached(
      "SELECT id, user_id, framework_version_id, state, self_notes, manager_notes, created_at, "
      "updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, "
      "acknowledgement_comment FROM checkins WHERE id = ?");
  sql::Query& q = cached;
  q.Bind(1, id);
  if (!q.Step()) return Status::NotFound(fmt::format("no check-in with id {}", id));
  CheckIn c = ReadCheckInRow(q);
  c.results = ReadResults(db, id);
  c.evidence = ReadEvidence(db, id);
  return c;
}

Status SqlStore::CheckOpen(sql::Connection& db, int64_t checkin_id) {
  sql::Query q = db.Prepare("SELECT state FROM checkins WHERE id = ?");
  q.Bind(1, checkin_id);
  if (!q.Step()) return Status::NotFound(fmt::format("no check-in with id {}", checkin_id));
  if (q.Text(0) != "open") return Status::Conflict("this check-in is frozen");
  return Status::Ok();
}

std::vector<CriterionResult> SqlStore::ReadResults(sql::Connection& db, int64_t checkin_id) {
  std::vector<CriterionResult> results;
  sql::Query cached = db.Cached(
      "SELECT criterion_key, text_hash, self, manager, agreed FROM checkin_results WHERE "
      "checkin_id = ? ORDER BY criterion_key");
  sql::Query& q = cached;
  q.Bind(1, checkin_id);
  while (q.Step()) {
    results.push_back(
        {q.Text(0), q.Text(1), ReadAssessment(q, 2), ReadAssessment(q, 3), ReadAssessment(q, 4)});
  }
  return results;
}

std::vector<Evidence> SqlStore::ReadEvidence(sql::Connection& db, int64_t checkin_id) {
  std::vector<Evidence> evidence;
  // One row per tag, in evidence order, grouped here.
  sql::Query cached = db.Cached(
      "SELECT e.id, e.author_id, e.text, e.link, e.created_at, ec.criterion_key FROM evidence e "
      "JOIN evidence_criteria ec ON ec.evidence_id = e.id WHERE e.checkin_id = ? ORDER BY "
      "e.created_at, e.id, ec.criterion_key");
  sql::Query& q = cached;
  q.Bind(1, checkin_id);
  while (q.Step()) {
    const int64_t id = q.Int64(0);
    if (evidence.empty() || evidence.back().id != id) {
      Evidence e;
      e.id = id;
      e.checkin_id = checkin_id;
      e.author_id = q.OptionalInt(1).value_or(0);
      e.text = q.Text(2);
      e.link = q.Text(3);
      e.created_at = q.Int64(4);
      evidence.push_back(std::move(e));
    }
    evidence.back().criterion_keys.push_back(q.Text(5));
  }
  return evidence;
}

}  // namespace rungs::sql_store
