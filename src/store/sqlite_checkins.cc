// The SQLite store's check-ins: the framework versions they are made against, self and manager
// results, evidence, agreement (which freezes a check-in for ever) and agreed_latest, the newest
// agreed result per person, version and criterion, which Agree keeps current so that level
// computation never scans old check-ins.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "store/sqlite_store_impl.h"
#include "util/clock.h"

namespace rungs::sqlite_impl {
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

FrameworkVersion ReadVersion(SQLite::Statement& q, bool with_json) {
  FrameworkVersion v;
  v.id = q.getColumn(0).getInt64();
  v.framework_id = q.getColumn(1).getString();
  v.content_hash = q.getColumn(2).getString();
  v.imported_at = q.getColumn(3).getInt64();
  if (with_json) v.json = q.getColumn(4).getString();
  return v;
}

constexpr const char* kVersionColumns = "id, framework_id, content_hash, imported_at";

}  // namespace

Result<FrameworkVersion> SqliteStore::PutFrameworkVersion(const FrameworkVersion& input,
                                                          const Actor& actor) {
  FrameworkVersion version = input;
  if (Status s = ValidateFrameworkVersion(version); !s.ok()) return s;
  return Write<FrameworkVersion>([&]() -> Result<FrameworkVersion> {
    SQLite::Statement existing(db_,
                               "SELECT id, imported_at FROM framework_versions WHERE "
                               "framework_id = ? AND content_hash = ?");
    existing.bind(1, version.framework_id);
    existing.bind(2, version.content_hash);
    if (existing.executeStep()) {  // the same content again: nothing to write or audit
      version.id = existing.getColumn(0).getInt64();
      version.imported_at = existing.getColumn(1).getInt64();
      return version;
    }
    version.imported_at = Now();
    SQLite::Statement q(db_,
                        "INSERT INTO framework_versions (framework_id, content_hash, json, "
                        "imported_at) VALUES (?, ?, ?, ?)");
    q.bind(1, version.framework_id);
    q.bind(2, version.content_hash);
    q.bind(3, version.json);
    q.bind(4, version.imported_at);
    q.exec();
    version.id = db_.getLastInsertRowid();
    Audit(actor, "framework_version.create", fmt::format("framework_version:{}", version.id),
          {{"framework_id", version.framework_id}, {"content_hash", version.content_hash}});
    return version;
  });
}

Result<FrameworkVersion> SqliteStore::GetFrameworkVersion(int64_t id) {
  return Read<FrameworkVersion>([&]() -> Result<FrameworkVersion> {
    SQLite::Statement q(
        db_, fmt::format("SELECT {}, json FROM framework_versions WHERE id = ?", kVersionColumns));
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound(fmt::format("no framework version {}", id));
    return ReadVersion(q, true);
  });
}

Result<FrameworkVersion> SqliteStore::LatestFrameworkVersion(const std::string& framework_id) {
  return Read<FrameworkVersion>([&]() -> Result<FrameworkVersion> {
    SQLite::Statement q(db_, fmt::format("SELECT {}, json FROM framework_versions WHERE "
                                         "framework_id = ? ORDER BY imported_at DESC, id DESC "
                                         "LIMIT 1",
                                         kVersionColumns));
    q.bind(1, framework_id);
    if (!q.executeStep()) {
      return Status::NotFound(fmt::format("no stored version of framework {}", framework_id));
    }
    return ReadVersion(q, true);
  });
}

Result<std::vector<FrameworkVersion>> SqliteStore::ListFrameworkVersions(
    const std::string& framework_id) {
  return Read<std::vector<FrameworkVersion>>([&]() -> Result<std::vector<FrameworkVersion>> {
    std::vector<FrameworkVersion> versions;
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM framework_versions WHERE framework_id "
                                         "= ? ORDER BY imported_at DESC, id DESC",
                                         kVersionColumns));
    q.bind(1, framework_id);
    while (q.executeStep()) versions.push_back(ReadVersion(q, false));
    return versions;
  });
}

Result<CheckIn> SqliteStore::CreateCheckIn(int64_t user_id, int64_t framework_version_id,
                                           const Actor& actor) {
  return Write<CheckIn>([&]() -> Result<CheckIn> {
    if (!Exists("users", user_id)) {
      return Status{StatusCode::kNotFound, fmt::format("no user with id {}", user_id), "user_id"};
    }
    if (!Exists("framework_versions", framework_version_id)) {
      return Status::Invalid(
          fmt::format("there is no framework version with id {}", framework_version_id),
          "framework_version_id");
    }
    SQLite::Statement open(db_, "SELECT id FROM checkins WHERE user_id = ? AND state = 'open'");
    open.bind(1, user_id);
    if (open.executeStep()) {
      return Status::Conflict(fmt::format("this person already has an open check-in ({})",
                                          open.getColumn(0).getInt64()),
                              "user_id");
    }
    const int64_t now = Now();
    SQLite::Statement q(db_,
                        "INSERT INTO checkins (user_id, framework_version_id, state, created_at, "
                        "updated_at) VALUES (?, ?, 'open', ?, ?)");
    q.bind(1, user_id);
    q.bind(2, framework_version_id);
    q.bind(3, now);
    q.bind(4, now);
    q.exec();
    const int64_t id = db_.getLastInsertRowid();
    Audit(actor, "checkin.create", CheckInTarget(id),
          {{"user_id", user_id}, {"framework_version_id", framework_version_id}});
    return GetCheckInLocked(id);
  });
}

Result<CheckIn> SqliteStore::GetCheckIn(int64_t id) {
  return Read<CheckIn>([&] { return GetCheckInLocked(id); });
}

Result<std::vector<CheckIn>> SqliteStore::ListCheckIns(int64_t user_id) {
  return Read<std::vector<CheckIn>>([&]() -> Result<std::vector<CheckIn>> {
    if (!Exists("users", user_id)) {
      return Status::NotFound(fmt::format("no user with id {}", user_id));
    }
    // Three queries for all of them (check-ins, results, evidence), not three per check-in.
    std::vector<CheckIn> checkins;
    std::map<int64_t, size_t> index;
    {
      CachedStatement q = Cached(
          "SELECT id, user_id, framework_version_id, state, self_notes, manager_notes, "
          "created_at, updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, "
          "acknowledgement_comment FROM checkins WHERE user_id = ? ORDER BY created_at DESC, "
          "id DESC");
      q->bind(1, user_id);
      while (q->executeStep()) {
        index[q->getColumn(0).getInt64()] = checkins.size();
        checkins.push_back(ReadCheckInRow(*q));
      }
    }
    {
      CachedStatement q = Cached(
          "SELECT r.checkin_id, r.criterion_key, r.text_hash, r.self, r.manager, r.agreed FROM "
          "checkin_results r JOIN checkins c ON c.id = r.checkin_id WHERE c.user_id = ?");
      q->bind(1, user_id);
      while (q->executeStep()) {
        checkins[index.at(q->getColumn(0).getInt64())].results.push_back(
            {q->getColumn(1).getString(), q->getColumn(2).getString(),
             ReadAssessment(q->getColumn(3)), ReadAssessment(q->getColumn(4)),
             ReadAssessment(q->getColumn(5))});
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
      CachedStatement q = Cached(
          "SELECT e.checkin_id, e.id, e.author_id, e.text, e.link, e.created_at, "
          "ec.criterion_key FROM evidence e JOIN checkins c ON c.id = e.checkin_id JOIN "
          "evidence_criteria ec ON ec.evidence_id = e.id WHERE c.user_id = ? ORDER BY "
          "e.checkin_id, e.created_at, e.id, ec.criterion_key");
      q->bind(1, user_id);
      while (q->executeStep()) {
        std::vector<Evidence>& evidence = checkins[index.at(q->getColumn(0).getInt64())].evidence;
        const int64_t id = q->getColumn(1).getInt64();
        if (evidence.empty() || evidence.back().id != id) {
          Evidence e;
          e.id = id;
          e.checkin_id = q->getColumn(0).getInt64();
          e.author_id = OptionalInt(q->getColumn(2)).value_or(0);
          e.text = q->getColumn(3).getString();
          e.link = q->getColumn(4).getString();
          e.created_at = q->getColumn(5).getInt64();
          evidence.push_back(std::move(e));
        }
        evidence.back().criterion_keys.push_back(q->getColumn(6).getString());
      }
    }
    return checkins;
  });
}

Result<CheckIn> SqliteStore::UpdateResults(int64_t checkin_id, Side side,
                                           const std::vector<CriterionResult>& results,
                                           const std::optional<std::string>& notes,
                                           const Actor& actor) {
  if (Status s = ValidateCheckInUpdate(results, notes); !s.ok()) return s;
  const bool self = side == Side::kSelf;
  return Write<CheckIn>([&]() -> Result<CheckIn> {
    if (Status s = CheckOpen(checkin_id); !s.ok()) return s;
    SQLite::Statement upsert(db_, UpsertResult(self ? "self" : "manager"));
    for (const CriterionResult& r : results) {
      upsert.bind(1, checkin_id);
      upsert.bind(2, r.criterion_key);
      upsert.bind(3, r.text_hash);
      upsert.bind(4, AssessmentName(self ? r.self : r.manager));
      upsert.exec();
      upsert.reset();
    }
    // A criterion cleared on every side is as if it had never been assessed.
    SQLite::Statement unassessed(db_,
                                 "DELETE FROM checkin_results WHERE checkin_id = ? AND self = '' "
                                 "AND manager = '' AND agreed = ''");
    unassessed.bind(1, checkin_id);
    unassessed.exec();
    if (notes) {
      SQLite::Statement q(db_, self ? "UPDATE checkins SET self_notes = ?, updated_at = ? WHERE "
                                      "id = ?"
                                    : "UPDATE checkins SET manager_notes = ?, updated_at = ? "
                                      "WHERE id = ?");
      q.bind(1, *notes);
      q.bind(2, Now());
      q.bind(3, checkin_id);
      q.exec();
    } else {
      SQLite::Statement q(db_, "UPDATE checkins SET updated_at = ? WHERE id = ?");
      q.bind(1, Now());
      q.bind(2, checkin_id);
      q.exec();
    }
    Audit(actor, "checkin.results", CheckInTarget(checkin_id),
          {{"side", self ? "self" : "manager"}, {"criteria", results.size()}});
    return GetCheckInLocked(checkin_id);
  });
}

Result<CheckIn> SqliteStore::Agree(int64_t checkin_id, const std::vector<CriterionResult>& results,
                                   const Actor& actor) {
  if (Status s = ValidateCheckInUpdate(results, std::nullopt); !s.ok()) return s;
  const auto agreed = std::count_if(results.begin(), results.end(), [](const CriterionResult& r) {
    return r.agreed != Assessment::kNone;
  });
  if (agreed == 0) {
    return Status::Invalid("agree on at least one criterion before closing a check-in", "results");
  }
  return Write<CheckIn>(
      [&]() -> Result<CheckIn> {
        if (Status s = CheckOpen(checkin_id); !s.ok()) return s;
        const int64_t now = Now();
        SQLite::Statement upsert(db_, UpsertResult("agreed"));
        for (const CriterionResult& r : results) {
          if (r.agreed == Assessment::kNone) continue;
          upsert.bind(1, checkin_id);
          upsert.bind(2, r.criterion_key);
          upsert.bind(3, r.text_hash);
          upsert.bind(4, AssessmentName(r.agreed));
          upsert.exec();
          upsert.reset();
        }
        // The WHERE on DO UPDATE keeps a newer agreement (clocks of several instances differ).
        // The SELECT needs its WHERE for SQLite to parse ON CONFLICT after a join.
        SQLite::Statement latest(
            db_,
            "INSERT INTO agreed_latest (user_id, framework_version_id, criterion_key, text_hash, "
            "result, checkin_id, agreed_at) SELECT c.user_id, c.framework_version_id, "
            "r.criterion_key, r.text_hash, r.agreed, c.id, ? FROM checkin_results r JOIN "
            "checkins c ON c.id = r.checkin_id WHERE r.checkin_id = ? AND r.agreed <> '' "
            "ON CONFLICT (user_id, framework_version_id, criterion_key) DO UPDATE SET "
            "text_hash = excluded.text_hash, result = excluded.result, checkin_id = "
            "excluded.checkin_id, agreed_at = excluded.agreed_at WHERE excluded.agreed_at > "
            "agreed_latest.agreed_at OR (excluded.agreed_at = agreed_latest.agreed_at AND "
            "excluded.checkin_id > agreed_latest.checkin_id)");
        latest.bind(1, now);
        latest.bind(2, checkin_id);
        latest.exec();
        SQLite::Statement freeze(db_,
                                 "UPDATE checkins SET state = 'frozen', frozen_at = ?, frozen_by "
                                 "= ?, updated_at = ? WHERE id = ?");
        freeze.bind(1, now);
        BindOptional(freeze, 2, actor.user_id);
        freeze.bind(3, now);
        freeze.bind(4, checkin_id);
        freeze.exec();
        Audit(actor, "checkin.agree", CheckInTarget(checkin_id), {{"criteria", agreed}});
        return GetCheckInLocked(checkin_id);
      },
      "frozen_by");
}

Result<CheckIn> SqliteStore::Acknowledge(int64_t checkin_id, bool disagrees,
                                         const std::string& comment, const Actor& actor) {
  if (Status s = ValidateAcknowledgement(disagrees, comment); !s.ok()) return s;
  return Write<CheckIn>([&]() -> Result<CheckIn> {
    Result<CheckIn> current = GetCheckInLocked(checkin_id);
    if (!current.ok()) return current.status();
    if (current->state != CheckInState::kFrozen) {
      return Status::Conflict("the results are not agreed yet: there is nothing to acknowledge");
    }
    if (current->acknowledged_at != 0) {
      return Status::Conflict("this check-in's results were acknowledged already");
    }
    const int64_t now = Now();
    SQLite::Statement update(db_,
                             "UPDATE checkins SET acknowledged_at = ?, acknowledgement = ?, "
                             "acknowledgement_comment = ?, updated_at = ? WHERE id = ?");
    update.bind(1, now);
    update.bind(2, disagrees ? "disagree" : "agree");
    update.bind(3, comment);
    update.bind(4, now);
    update.bind(5, checkin_id);
    update.exec();
    // Like notes, the comment stays out of the log.
    Audit(actor, "checkin.acknowledge", CheckInTarget(checkin_id), {{"agrees", !disagrees}});
    return GetCheckInLocked(checkin_id);
  });
}

Result<Evidence> SqliteStore::AddEvidence(const Evidence& input, const Actor& actor) {
  Evidence evidence = input;
  if (Status s = ValidateEvidence(evidence); !s.ok()) return s;
  if (evidence.author_id == 0 && actor.user_id) evidence.author_id = *actor.user_id;
  return Write<Evidence>(
      [&]() -> Result<Evidence> {
        if (Status s = CheckOpen(evidence.checkin_id); !s.ok()) return s;
        evidence.created_at = Now();
        SQLite::Statement q(db_,
                            "INSERT INTO evidence (checkin_id, author_id, text, link, created_at) "
                            "VALUES (?, ?, ?, ?, ?)");
        q.bind(1, evidence.checkin_id);
        BindOptional(
            q, 2, evidence.author_id ? std::optional<int64_t>(evidence.author_id) : std::nullopt);
        q.bind(3, evidence.text);
        q.bind(4, evidence.link);
        q.bind(5, evidence.created_at);
        q.exec();
        evidence.id = db_.getLastInsertRowid();
        SQLite::Statement tag(db_,
                              "INSERT INTO evidence_criteria (evidence_id, criterion_key) VALUES "
                              "(?, ?)");
        for (const std::string& key : evidence.criterion_keys) {
          tag.bind(1, evidence.id);
          tag.bind(2, key);
          tag.exec();
          tag.reset();
        }
        SQLite::Statement touched(db_, "UPDATE checkins SET updated_at = ? WHERE id = ?");
        touched.bind(1, evidence.created_at);
        touched.bind(2, evidence.checkin_id);
        touched.exec();
        // Not the text or link: those are the person's words, and the log is kept for ever.
        Audit(actor, "evidence.add", CheckInTarget(evidence.checkin_id),
              {{"evidence_id", evidence.id}, {"criteria", evidence.criterion_keys.size()}});
        return evidence;
      },
      "author_id");
}

Status SqliteStore::DeleteEvidence(int64_t evidence_id, const Actor& actor) {
  return WriteStatus([&]() -> Status {
    SQLite::Statement find(db_, "SELECT checkin_id FROM evidence WHERE id = ?");
    find.bind(1, evidence_id);
    if (!find.executeStep()) return Status::NotFound(fmt::format("no evidence {}", evidence_id));
    const int64_t checkin_id = find.getColumn(0).getInt64();
    if (Status s = CheckOpen(checkin_id); !s.ok()) return s;
    SQLite::Statement q(db_, "DELETE FROM evidence WHERE id = ?");  // its tags cascade
    q.bind(1, evidence_id);
    q.exec();
    SQLite::Statement touched(db_, "UPDATE checkins SET updated_at = ? WHERE id = ?");
    touched.bind(1, Now());
    touched.bind(2, checkin_id);
    touched.exec();
    Audit(actor, "evidence.delete", CheckInTarget(checkin_id), {{"evidence_id", evidence_id}});
    return Status::Ok();
  });
}

Result<std::vector<CheckInSummary>> SqliteStore::SummariseCheckIns(
    const std::vector<int64_t>& user_ids) {
  return Read<std::vector<CheckInSummary>>([&]() -> Result<std::vector<CheckInSummary>> {
    constexpr const char* kSummary =
        "SELECT user_id, COUNT(*), SUM(state = 'frozen'), MAX(state = 'open'), MAX(created_at), "
        "COALESCE(MAX(frozen_at), 0) FROM checkins";
    std::vector<CheckInSummary> out;
    auto read_all = [&](SQLite::Statement& q) {
      while (q.executeStep()) {
        if (q.getColumn(0).isNull()) continue;  // an aggregate over no rows
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt(), q.getColumn(2).getInt(),
                       q.getColumn(3).getInt() != 0, q.getColumn(4).getInt64(),
                       q.getColumn(5).getInt64()});
      }
    };
    if (user_ids.empty()) {
      SQLite::Statement q(db_, fmt::format("{} GROUP BY user_id ORDER BY user_id", kSummary));
      read_all(q);
      return out;
    }
    std::vector<int64_t> ids = user_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    SQLite::Statement q(db_, fmt::format("{} WHERE user_id = ?", kSummary));
    for (int64_t id : ids) {
      q.bind(1, id);
      read_all(q);
      q.reset();
    }
    return out;
  });
}

Result<AgreementTallies> SqliteStore::TallyAgreements() {
  return Read<AgreementTallies>([&]() -> Result<AgreementTallies> {
    AgreementTallies out;
    SQLite::Statement results(db_,
                              "SELECT c.frozen_by, r.self, r.agreed, COUNT(*) FROM checkins c "
                              "JOIN checkin_results r ON r.checkin_id = c.id WHERE c.state = "
                              "'frozen' AND r.agreed <> '' GROUP BY c.frozen_by, r.self, r.agreed");
    while (results.executeStep()) {
      out.results.push_back(
          {OptionalInt(results.getColumn(0)), ReadAssessment(results.getColumn(1)),
           ReadAssessment(results.getColumn(2)), results.getColumn(3).getInt64()});
    }
    SQLite::Statement checkins(db_,
                               "SELECT frozen_by, COUNT(*), COUNT(DISTINCT user_id) FROM checkins "
                               "WHERE state = 'frozen' GROUP BY frozen_by");
    while (checkins.executeStep()) {
      out.checkins.push_back({OptionalInt(checkins.getColumn(0)), checkins.getColumn(1).getInt64(),
                              checkins.getColumn(2).getInt64()});
    }
    return out;
  });
}

Result<std::vector<AgreedResult>> SqliteStore::LatestAgreed(const std::vector<int64_t>& user_ids) {
  return Read<std::vector<AgreedResult>>([&]() -> Result<std::vector<AgreedResult>> {
    constexpr const char* kColumns =
        "SELECT user_id, framework_version_id, criterion_key, text_hash, result, checkin_id, "
        "agreed_at FROM agreed_latest";
    std::vector<AgreedResult> out;
    auto read_all = [&](SQLite::Statement& q) {
      while (q.executeStep()) {
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       ReadAssessment(q.getColumn(4)), q.getColumn(5).getInt64(),
                       q.getColumn(6).getInt64()});
      }
    };
    if (user_ids.empty()) {
      SQLite::Statement q(
          db_, fmt::format("{} ORDER BY user_id, framework_version_id, criterion_key", kColumns));
      read_all(q);
      return out;
    }
    std::vector<int64_t> ids = user_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    // One prepared statement run per person: no limit on how many are asked for at once.
    SQLite::Statement q(db_, fmt::format("{} WHERE user_id = ? ORDER BY framework_version_id, "
                                         "criterion_key",
                                         kColumns));
    for (int64_t id : ids) {
      q.bind(1, id);
      read_all(q);
      q.reset();
    }
    return out;
  });
}

// id, user_id, framework_version_id, state, self_notes, manager_notes, created_at,
// updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, acknowledgement_comment
CheckIn SqliteStore::ReadCheckInRow(SQLite::Statement& q) {
  CheckIn c;
  c.id = q.getColumn(0).getInt64();
  c.user_id = q.getColumn(1).getInt64();
  c.framework_version_id = q.getColumn(2).getInt64();
  c.state = q.getColumn(3).getString() == "frozen" ? CheckInState::kFrozen : CheckInState::kOpen;
  c.self_notes = q.getColumn(4).getString();
  c.manager_notes = q.getColumn(5).getString();
  c.created_at = q.getColumn(6).getInt64();
  c.updated_at = q.getColumn(7).getInt64();
  c.frozen_at = q.getColumn(8).getInt64();
  c.frozen_by = OptionalInt(q.getColumn(9));
  c.acknowledged_at = q.getColumn(10).getInt64();
  c.disagrees = q.getColumn(11).getString() == "disagree";
  c.acknowledgement_comment = q.getColumn(12).getString();
  return c;
}

Result<CheckIn> SqliteStore::GetCheckInLocked(int64_t id) {
  CachedStatement cached = Cached(
      "SELECT id, user_id, framework_version_id, state, self_notes, manager_notes, created_at, "
      "updated_at, frozen_at, frozen_by, acknowledged_at, acknowledgement, "
      "acknowledgement_comment FROM checkins WHERE id = ?");
  SQLite::Statement& q = *cached;
  q.bind(1, id);
  if (!q.executeStep()) return Status::NotFound(fmt::format("no check-in with id {}", id));
  CheckIn c = ReadCheckInRow(q);
  c.results = ReadResults(id);
  c.evidence = ReadEvidence(id);
  return c;
}

Status SqliteStore::CheckOpen(int64_t checkin_id) {
  SQLite::Statement q(db_, "SELECT state FROM checkins WHERE id = ?");
  q.bind(1, checkin_id);
  if (!q.executeStep()) return Status::NotFound(fmt::format("no check-in with id {}", checkin_id));
  if (q.getColumn(0).getString() != "open") return Status::Conflict("this check-in is frozen");
  return Status::Ok();
}

std::vector<CriterionResult> SqliteStore::ReadResults(int64_t checkin_id) {
  std::vector<CriterionResult> results;
  CachedStatement cached = Cached(
      "SELECT criterion_key, text_hash, self, manager, agreed FROM checkin_results WHERE "
      "checkin_id = ? ORDER BY criterion_key");
  SQLite::Statement& q = *cached;
  q.bind(1, checkin_id);
  while (q.executeStep()) {
    results.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       ReadAssessment(q.getColumn(2)), ReadAssessment(q.getColumn(3)),
                       ReadAssessment(q.getColumn(4))});
  }
  return results;
}

std::vector<Evidence> SqliteStore::ReadEvidence(int64_t checkin_id) {
  std::vector<Evidence> evidence;
  // One row per tag, in evidence order, grouped here.
  CachedStatement cached = Cached(
      "SELECT e.id, e.author_id, e.text, e.link, e.created_at, ec.criterion_key FROM evidence e "
      "JOIN evidence_criteria ec ON ec.evidence_id = e.id WHERE e.checkin_id = ? ORDER BY "
      "e.created_at, e.id, ec.criterion_key");
  SQLite::Statement& q = *cached;
  q.bind(1, checkin_id);
  while (q.executeStep()) {
    const int64_t id = q.getColumn(0).getInt64();
    if (evidence.empty() || evidence.back().id != id) {
      Evidence e;
      e.id = id;
      e.checkin_id = checkin_id;
      e.author_id = OptionalInt(q.getColumn(1)).value_or(0);
      e.text = q.getColumn(2).getString();
      e.link = q.getColumn(3).getString();
      e.created_at = q.getColumn(4).getInt64();
      evidence.push_back(std::move(e));
    }
    evidence.back().criterion_keys.push_back(q.getColumn(5).getString());
  }
  return evidence;
}

}  // namespace rungs::sqlite_impl
