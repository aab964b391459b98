// The Store's check-ins, written once for every implementation like store_test.cc: framework
// versions, the open → self → manager → agreed → frozen lifecycle, evidence, the latest agreed
// results, and removing people who have check-ins. Checks that look inside the database file
// run for SQLite only.
#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/store.h"
#include "store/store_test_support.h"
#include "util/clock.h"

namespace rungs {
namespace {

class CheckInStoreTest : public test::FreshStoreTest<> {
 protected:
  CheckInStoreTest() : FreshStoreTest("rungs-checkins") {}

  bool IsSqlite() const { return GetParam() == "sqlite"; }

  int64_t AddUser(const std::string& email, std::optional<int64_t> manager = std::nullopt) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = manager ? Role::kMember : Role::kManager;
    u.manager_id = manager;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? created->id : 0;
  }

  int64_t AddVersion(const std::string& json, const std::string& framework_id = "support") {
    Result<FrameworkVersion> v =
        store_->PutFrameworkVersion({0, framework_id, "", json, 0}, Actor::System());
    EXPECT_TRUE(v.ok()) << v.status().message;
    return v.ok() ? v->id : 0;
  }

  static CriterionResult Self(const std::string& key, Assessment a) {
    return {key, "hash-" + key, a, Assessment::kNone, Assessment::kNone};
  }
  static CriterionResult Manager(const std::string& key, Assessment a) {
    return {key, "hash-" + key, Assessment::kNone, a, Assessment::kNone};
  }
  static CriterionResult Agreed(const std::string& key, Assessment a) {
    return {key, "hash-" + key, Assessment::kNone, Assessment::kNone, a};
  }

  // Opens, agrees on `results` and so freezes a check-in; returns its id.
  int64_t FrozenCheckIn(int64_t user, int64_t version, const std::vector<CriterionResult>& results,
                        int64_t manager) {
    Result<CheckIn> c = store_->CreateCheckIn(user, version, Actor::Of(manager));
    EXPECT_TRUE(c.ok()) << c.status().message;
    if (!c.ok()) return 0;
    Result<CheckIn> agreed = store_->Agree(c->id, results, Actor::Of(manager));
    EXPECT_TRUE(agreed.ok()) << agreed.status().message;
    return c->id;
  }

  // The whole audit log (a local copy: ranging over a temporary Result would dangle).
  std::vector<AuditEntry> Log() { return store_->AuditLog(0, 100000).value(); }
  size_t AuditCount() { return Log().size(); }

  // Rows of `table` through a second connection (SQLite only).
  int64_t CountRows(const std::string& table, const std::string& where = "1 = 1") {
    std::unique_ptr<sql::Connection> db = OpenDirect();
    sql::Query q = db->Prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
    q.Step();
    return q.Int64(0);
  }

  // Every text value of every table, as "table: value" (on PostgreSQL, each row as text).
  std::vector<std::string> AllText() {
    if (!IsSqlite()) {
      std::unique_ptr<sql::Connection> db = OpenDirect();
      std::vector<std::string> tables;
      sql::Query list = db->Prepare(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      while (list.Step()) tables.push_back(list.Text(0));
      std::vector<std::string> out;
      for (const std::string& table : tables) {
        sql::Query q = db->Prepare("SELECT CAST(t AS TEXT) FROM \"" + table + "\" t");
        while (q.Step()) out.push_back(table + ": " + q.Text(0));
      }
      return out;
    }
    SQLite::Database db(DbPath(), SQLite::OPEN_READONLY);
    std::vector<std::string> tables;
    SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
    std::vector<std::string> out;
    for (const std::string& table : tables) {
      SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
      while (q.executeStep()) {
        for (int i = 0; i < q.getColumnCount(); ++i) {
          if (q.getColumn(i).isText()) out.push_back(table + ": " + q.getColumn(i).getString());
        }
      }
    }
    return out;
  }
};

constexpr Assessment kNone = Assessment::kNone;
constexpr Assessment kNotYet = Assessment::kNotYet;
constexpr Assessment kWorking = Assessment::kWorkingTowards;
constexpr Assessment kMeeting = Assessment::kMeeting;
constexpr Assessment kExceeding = Assessment::kExceeding;

TEST_P(CheckInStoreTest, FrameworkVersionsAreStoredOncePerContent) {
  Result<FrameworkVersion> first =
      store_->PutFrameworkVersion({0, "support", "", "{\"v\":1}", 0}, Actor::System());
  ASSERT_TRUE(first.ok()) << first.status().message;
  EXPECT_EQ(first->content_hash.size(), 64u);
  EXPECT_GT(first->imported_at, 0);
  const size_t audited = AuditCount();
  Result<FrameworkVersion> again = store_->PutFrameworkVersion(
      {0, "support", first->content_hash, "{\"v\":1}", 0}, Actor::System());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(AuditCount(), audited);  // nothing written
  const int64_t second = AddVersion("{\"v\":2}");
  const int64_t other = AddVersion("{\"v\":1}", "engineering");  // same content, other framework
  EXPECT_NE(other, first->id);

  Result<FrameworkVersion> latest = store_->LatestFrameworkVersion("support");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->json, "{\"v\":2}");
  Result<std::vector<FrameworkVersion>> list = store_->ListFrameworkVersions("support");
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, second);
  EXPECT_EQ((*list)[1].id, first->id);
  EXPECT_EQ((*list)[1].content_hash, first->content_hash);
  EXPECT_TRUE((*list)[0].json.empty());
  EXPECT_EQ(store_->GetFrameworkVersion(first->id)->json, "{\"v\":1}");
  EXPECT_EQ(store_->GetFrameworkVersion(999).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->LatestFrameworkVersion("nope").status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListFrameworkVersions("nope")->empty());

  EXPECT_EQ(
      store_->PutFrameworkVersion({0, "support", "abc", "{}", 0}, Actor::System()).status().field,
      "content_hash");
  EXPECT_EQ(store_->PutFrameworkVersion({0, "", "", "{}", 0}, Actor::System()).status().field,
            "framework_id");
  EXPECT_EQ(store_->PutFrameworkVersion({0, "support", "", "", 0}, Actor::System()).status().field,
            "json");
}

TEST_P(CheckInStoreTest, UploadedFrameworkFilesAreReplacedByNameAndAudited) {
  const int64_t admin = AddUser("ada@example.com");
  // Bytes that are not UTF-8 (a Mac Roman export) are kept as they are.
  const std::string latin = "# Support\n\x8e\n";
  Result<FrameworkFile> put =
      store_->PutFrameworkFile({"support.md", latin, "", 0, std::nullopt}, Actor::Of(admin));
  ASSERT_TRUE(put.ok()) << put.status().message;
  EXPECT_EQ(put->content_hash.size(), 64U);
  EXPECT_EQ(put->uploaded_by, admin);
  ASSERT_TRUE(store_
                  ->PutFrameworkFile({"support.md", "# Support v2\n", "", 0, std::nullopt},
                                     Actor::Of(admin))
                  .ok());
  ASSERT_TRUE(
      store_->PutFrameworkFile({"a.tsv", "x\ty\n", "", 0, std::nullopt}, Actor::System()).ok());

  Result<std::vector<FrameworkFile>> listed = store_->ListFrameworkFiles(false);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].name, "a.tsv");
  EXPECT_TRUE((*listed)[1].content.empty());
  Result<std::vector<FrameworkFile>> whole = store_->ListFrameworkFiles(true);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ((*whole)[1].content, "# Support v2\n");

  Result<std::vector<AuditEntry>> log = store_->AuditLog(0, 100);
  ASSERT_TRUE(log.ok());
  int puts = 0;
  for (const AuditEntry& e : *log) puts += e.action == "framework_file.put" ? 1 : 0;
  EXPECT_EQ(puts, 3);

  EXPECT_TRUE(store_->DeleteFrameworkFile("a.tsv", Actor::Of(admin)).ok());
  EXPECT_EQ(store_->DeleteFrameworkFile("a.tsv", Actor::Of(admin)).code, StatusCode::kNotFound);
  // The uploader may leave; the file stays.
  ASSERT_TRUE(store_->DeleteUser(admin, Actor::System()).ok());
  whole = store_->ListFrameworkFiles(true);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->size(), 1U);
  EXPECT_FALSE((*whole)[0].uploaded_by.has_value());
  EXPECT_EQ((*whole)[0].content, "# Support v2\n");
}

TEST_P(CheckInStoreTest, FrameworkFileNamesAndSizesAreChecked) {
  const std::vector<std::string> bad = {
      "", "../x.md", "a/b.md", ".hidden.md", "a\nb.md", "\xff.md", std::string(201, 'a')};
  for (const std::string& name : bad) {
    Result<FrameworkFile> put =
        store_->PutFrameworkFile({name, "# x\n", "", 0, std::nullopt}, Actor::System());
    EXPECT_EQ(put.status().code, StatusCode::kInvalid) << name;
    EXPECT_EQ(put.status().field, "name") << name;
  }
  Result<FrameworkFile> empty =
      store_->PutFrameworkFile({"x.md", "", "", 0, std::nullopt}, Actor::System());
  EXPECT_EQ(empty.status().field, "file");
  Result<FrameworkFile> big = store_->PutFrameworkFile(
      {"x.md", std::string(kMaxUploadedFrameworkBytes + 1, 'a'), "", 0, std::nullopt},
      Actor::System());
  EXPECT_EQ(big.status().field, "file");
  Result<std::vector<FrameworkFile>> listed = store_->ListFrameworkFiles(false);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST_P(CheckInStoreTest, CheckInLifecycleFromOpenToFrozen) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t version = AddVersion("{}");

  Result<CheckIn> opened = store_->CreateCheckIn(ana, version, Actor::Of(ana));
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  EXPECT_EQ(opened->state, CheckInState::kOpen);
  EXPECT_EQ(opened->user_id, ana);
  EXPECT_EQ(opened->framework_version_id, version);
  EXPECT_TRUE(opened->results.empty());
  EXPECT_EQ(opened->frozen_at, 0);
  EXPECT_FALSE(opened->frozen_by.has_value());
  const int64_t id = opened->id;

  // Self: three criteria; a result carrying a manager value does not write it.
  CriterionResult sneaky = Self("c", kMeeting);
  sneaky.manager = kExceeding;
  Result<CheckIn> self =
      store_->UpdateResults(id, Side::kSelf, {Self("a", kMeeting), Self("b", kWorking), sneaky},
                            "I did well", Actor::Of(ana));
  ASSERT_TRUE(self.ok()) << self.status().message;
  ASSERT_EQ(self->results.size(), 3u);
  EXPECT_EQ(self->results[2], (CriterionResult{"c", "hash-c", kMeeting, kNone, kNone}));
  EXPECT_EQ(self->self_notes, "I did well");

  // Manager: their side only; the self side and notes stay.
  Result<CheckIn> manager =
      store_->UpdateResults(id, Side::kManager, {Manager("a", kExceeding), Manager("d", kNotYet)},
                            "Agree mostly", Actor::Of(boss));
  ASSERT_TRUE(manager.ok()) << manager.status().message;
  ASSERT_EQ(manager->results.size(), 4u);
  EXPECT_EQ(manager->results[0], (CriterionResult{"a", "hash-a", kMeeting, kExceeding, kNone}));
  EXPECT_EQ(manager->results[3], (CriterionResult{"d", "hash-d", kNone, kNotYet, kNone}));
  EXPECT_EQ(manager->self_notes, "I did well");
  EXPECT_EQ(manager->manager_notes, "Agree mostly");

  // kNone clears one side; a criterion assessed on no side is not stored at all.
  Result<CheckIn> cleared = store_->UpdateResults(
      id, Side::kSelf, {Self("a", kNone), Self("b", kNone)}, "I did well", Actor::Of(ana));
  ASSERT_TRUE(cleared.ok());
  ASSERT_EQ(cleared->results.size(), 3u);
  EXPECT_EQ(cleared->results[0], (CriterionResult{"a", "hash-a", kNone, kExceeding, kNone}));
  EXPECT_EQ(cleared->results[1].criterion_key, "c");

  Result<CheckIn> agreed = store_->Agree(
      id, {Agreed("a", kMeeting), Agreed("c", kMeeting), Agreed("e", kNotYet)}, Actor::Of(boss));
  ASSERT_TRUE(agreed.ok()) << agreed.status().message;
  EXPECT_EQ(agreed->state, CheckInState::kFrozen);
  EXPECT_GT(agreed->frozen_at, 0);
  EXPECT_EQ(agreed->frozen_by, boss);
  ASSERT_EQ(agreed->results.size(), 4u);
  EXPECT_EQ(agreed->results[0], (CriterionResult{"a", "hash-a", kNone, kExceeding, kMeeting}));
  EXPECT_EQ(agreed->results[3], (CriterionResult{"e", "hash-e", kNone, kNone, kNotYet}));

  // Frozen for ever.
  for (const Status& s :
       {store_->UpdateResults(id, Side::kSelf, {Self("a", kMeeting)}, "", Actor::Of(ana)).status(),
        store_->UpdateResults(id, Side::kManager, {}, "late", Actor::Of(boss)).status(),
        store_->Agree(id, {Agreed("a", kExceeding)}, Actor::Of(boss)).status(),
        store_->AddEvidence({0, id, ana, "late", "", {"a"}, 0}, Actor::Of(ana)).status()}) {
    EXPECT_EQ(s.code, StatusCode::kConflict);
    EXPECT_EQ(s.message, "this check-in is frozen");
  }
  Result<CheckIn> stored = store_->GetCheckIn(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->results, agreed->results);
  EXPECT_EQ(stored->manager_notes, "Agree mostly");

  Result<std::vector<AuditEntry>> log = store_->AuditLog(0, 100);
  std::vector<std::string> actions;
  for (const AuditEntry& e : *log) {
    actions.push_back(e.action);
    EXPECT_EQ(e.details.find("did well"), std::string::npos) << e.details;  // no notes
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"user.create", "user.create", "framework_version.create",
                                      "checkin.create", "checkin.results", "checkin.results",
                                      "checkin.results", "checkin.agree"}));
  EXPECT_EQ(log->back().target, "checkin:" + std::to_string(id));
  EXPECT_EQ(log->back().actor_id, boss);
}

// The person answers the agreed results once, after they are agreed: agreeing, or disagreeing
// with a comment. The answer is audited; the comment, like notes, stays out of the log.
TEST_P(CheckInStoreTest, AgreedResultsAreAcknowledgedOnceAfterFreezing) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t version = AddVersion("{}");
  Result<CheckIn> opened = store_->CreateCheckIn(ana, version, Actor::Of(ana));
  ASSERT_TRUE(opened.ok()) << opened.status().message;
  const int64_t id = opened->id;
  EXPECT_EQ(store_->Acknowledge(id, false, "", Actor::Of(ana)).status().code,
            StatusCode::kConflict);
  ASSERT_TRUE(store_->Agree(id, {Agreed("a", kMeeting)}, Actor::Of(boss)).ok());
  EXPECT_EQ(store_->GetCheckIn(id)->acknowledged_at, 0);

  const Status bare = store_->Acknowledge(id, true, "  \n", Actor::Of(ana)).status();
  EXPECT_EQ(bare.code, StatusCode::kInvalid);
  EXPECT_EQ(bare.field, "comment");
  EXPECT_EQ(store_->Acknowledge(id, true, "bad \xff", Actor::Of(ana)).status().field, "comment");
  Result<CheckIn> answered =
      store_->Acknowledge(id, true, "Teamwork was met in March", Actor::Of(ana));
  ASSERT_TRUE(answered.ok()) << answered.status().message;
  EXPECT_GT(answered->acknowledged_at, 0);
  EXPECT_TRUE(answered->disagrees);
  EXPECT_EQ(answered->acknowledgement_comment, "Teamwork was met in March");
  EXPECT_EQ(store_->GetCheckIn(id)->acknowledgement_comment, "Teamwork was met in March");
  EXPECT_EQ(store_->ListCheckIns(ana)->front().acknowledged_at, answered->acknowledged_at);
  EXPECT_EQ(store_->Acknowledge(id, false, "", Actor::Of(ana)).status().code,
            StatusCode::kConflict);

  const AuditEntry last = Log().back();
  EXPECT_EQ(last.action, "checkin.acknowledge");
  EXPECT_EQ(last.actor_id, ana);
  EXPECT_EQ(last.details.find("March"), std::string::npos) << last.details;
}

TEST_P(CheckInStoreTest, ResultListsAreChecked) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t id = store_->CreateCheckIn(ana, AddVersion("{}"), Actor::System())->id;
  Status twice = store_
                     ->UpdateResults(id, Side::kSelf, {Self("a", kMeeting), Self("a", kNotYet)}, "",
                                     Actor::System())
                     .status();
  EXPECT_EQ(twice.code, StatusCode::kInvalid);
  EXPECT_EQ(twice.field, "results");
  EXPECT_EQ(store_->UpdateResults(id, Side::kSelf, {Self("", kMeeting)}, "", Actor::System())
                .status()
                .field,
            "results");
  EXPECT_EQ(store_->UpdateResults(id, Side::kSelf, {}, std::string(20001, 'x'), Actor::System())
                .status()
                .field,
            "notes");
  EXPECT_EQ(store_->UpdateResults(999, Side::kSelf, {}, "", Actor::System()).status().code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCheckIn(999).status().code, StatusCode::kNotFound);
}

TEST_P(CheckInStoreTest, ResultsWithoutNotesKeepTheNotes) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t id = store_->CreateCheckIn(ana, AddVersion("{}"), Actor::Of(ana))->id;
  ASSERT_TRUE(
      store_->UpdateResults(id, Side::kSelf, {Self("a", kMeeting)}, "mine", Actor::Of(ana)).ok());
  ASSERT_TRUE(
      store_->UpdateResults(id, Side::kManager, {Manager("a", kMeeting)}, "theirs", Actor::Of(boss))
          .ok());
  // nullopt: that side's notes stay, results still change.
  Result<CheckIn> kept =
      store_->UpdateResults(id, Side::kSelf, {Self("b", kWorking)}, std::nullopt, Actor::Of(ana));
  ASSERT_TRUE(kept.ok()) << kept.status().message;
  EXPECT_EQ(kept->self_notes, "mine");
  EXPECT_EQ(kept->manager_notes, "theirs");
  ASSERT_EQ(kept->results.size(), 2u);
  EXPECT_EQ(kept->results[1], Self("b", kWorking));
  // An empty string clears them.
  Result<CheckIn> cleared =
      store_->UpdateResults(id, Side::kManager, {}, std::string(), Actor::Of(boss));
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->manager_notes, "");
  EXPECT_EQ(cleared->self_notes, "mine");
}

TEST_P(CheckInStoreTest, OnePersonHasAtMostOneOpenCheckIn) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t bob = AddUser("bob@example.com", boss);
  const int64_t version = AddVersion("{}");
  Result<CheckIn> first = store_->CreateCheckIn(ana, version, Actor::Of(boss));
  ASSERT_TRUE(first.ok());
  const size_t audited = AuditCount();
  Result<CheckIn> second = store_->CreateCheckIn(ana, version, Actor::Of(boss));
  EXPECT_EQ(second.status().code, StatusCode::kConflict);
  EXPECT_EQ(second.status().field, "user_id");
  EXPECT_EQ(AuditCount(), audited);
  EXPECT_TRUE(store_->CreateCheckIn(bob, version, Actor::Of(boss)).ok());  // someone else may
  // Once the first is agreed (frozen), the next one can start.
  ASSERT_TRUE(store_->Agree(first->id, {Agreed("a", kMeeting)}, Actor::Of(boss)).ok());
  EXPECT_TRUE(store_->CreateCheckIn(ana, version, Actor::Of(boss)).ok());
}

TEST_P(CheckInStoreTest, UnknownPersonOrVersionLeavesNothing) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t version = AddVersion("{}");
  const size_t audited = AuditCount();
  Result<CheckIn> no_user = store_->CreateCheckIn(ana + 100, version, Actor::System());
  EXPECT_EQ(no_user.status().code, StatusCode::kNotFound);
  EXPECT_EQ(no_user.status().field, "user_id");
  Result<CheckIn> no_version = store_->CreateCheckIn(ana, version + 100, Actor::System());
  EXPECT_EQ(no_version.status().code, StatusCode::kInvalid);
  EXPECT_EQ(no_version.status().field, "framework_version_id");
  EXPECT_TRUE(store_->ListCheckIns(ana)->empty());
  EXPECT_EQ(AuditCount(), audited);
  EXPECT_EQ(store_->ListCheckIns(ana + 100).status().code, StatusCode::kNotFound);
  EXPECT_EQ(CountRows("checkins"), 0);
}

TEST_P(CheckInStoreTest, AgreeingOnNothingIsInvalid) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t id = store_->CreateCheckIn(ana, AddVersion("{}"), Actor::System())->id;
  ASSERT_TRUE(
      store_->UpdateResults(id, Side::kSelf, {Self("a", kMeeting)}, "", Actor::System()).ok());
  for (const std::vector<CriterionResult>& results :
       {std::vector<CriterionResult>{}, std::vector<CriterionResult>{Self("a", kMeeting)}}) {
    Result<CheckIn> refused = store_->Agree(id, results, Actor::System());
    EXPECT_EQ(refused.status().code, StatusCode::kInvalid);
    EXPECT_EQ(refused.status().field, "results");
  }
  EXPECT_EQ(store_->GetCheckIn(id)->state, CheckInState::kOpen);
  EXPECT_EQ(store_->Agree(999, {Agreed("a", kMeeting)}, Actor::System()).status().code,
            StatusCode::kNotFound);
}

// Agree writes the results and agreed_latest before it freezes the check-in; an actor that is
// not a user fails that last step (frozen_by's foreign key), and every earlier write must go.
TEST_P(CheckInStoreTest, AFailureHalfwayThroughAWriteLeavesNothing) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t version = AddVersion("{}");
  const int64_t id = store_->CreateCheckIn(ana, version, Actor::System())->id;
  ASSERT_TRUE(
      store_->UpdateResults(id, Side::kSelf, {Self("a", kMeeting)}, "", Actor::System()).ok());
  const size_t audited = AuditCount();
  Result<CheckIn> failed =
      store_->Agree(id, {Agreed("a", kMeeting), Agreed("b", kNotYet)}, Actor::Of(ana + 1000));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code, StatusCode::kInvalid);
  EXPECT_EQ(failed.status().field, "frozen_by");
  Result<CheckIn> after = store_->GetCheckIn(id);
  EXPECT_EQ(after->state, CheckInState::kOpen);
  ASSERT_EQ(after->results.size(), 1u);
  EXPECT_EQ(after->results[0], Self("a", kMeeting));
  EXPECT_TRUE(store_->LatestAgreed({})->empty());
  EXPECT_EQ(AuditCount(), audited);
  EXPECT_EQ(CountRows("agreed_latest"), 0);
  EXPECT_EQ(CountRows("checkin_results"), 1);
}

TEST_P(CheckInStoreTest, LatestAgreedPicksTheNewestPerCriterionAndVersion) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t bob = AddUser("bob@example.com", boss);
  const int64_t v1 = AddVersion("{\"v\":1}");
  const int64_t v2 = AddVersion("{\"v\":2}");
  const int64_t first = FrozenCheckIn(ana, v1, {Agreed("a", kWorking), Agreed("b", kNotYet)}, boss);
  const int64_t second = FrozenCheckIn(ana, v1, {Agreed("b", kMeeting)}, boss);
  const int64_t third = FrozenCheckIn(ana, v2, {Agreed("a", kExceeding)}, boss);
  const int64_t bobs = FrozenCheckIn(bob, v1, {Agreed("a", kNotYet)}, boss);
  // An open check-in's results are not agreed results.
  const int64_t open = store_->CreateCheckIn(ana, v2, Actor::Of(boss))->id;
  ASSERT_TRUE(
      store_->UpdateResults(open, Side::kManager, {Manager("a", kNotYet)}, "", Actor::Of(boss))
          .ok());

  Result<std::vector<AgreedResult>> latest = store_->LatestAgreed({ana});
  ASSERT_TRUE(latest.ok()) << latest.status().message;
  ASSERT_EQ(latest->size(), 3u);
  const AgreedResult& a1 = (*latest)[0];
  EXPECT_EQ(a1.user_id, ana);
  EXPECT_EQ(a1.framework_version_id, v1);
  EXPECT_EQ(a1.criterion_key, "a");
  EXPECT_EQ(a1.text_hash, "hash-a");
  EXPECT_EQ(a1.result, kWorking);
  EXPECT_EQ(a1.checkin_id, first);
  EXPECT_GT(a1.agreed_at, 0);
  EXPECT_EQ((*latest)[1].criterion_key, "b");
  EXPECT_EQ((*latest)[1].result, kMeeting);  // the second check-in's, not the first's
  EXPECT_EQ((*latest)[1].checkin_id, second);
  EXPECT_EQ((*latest)[2].framework_version_id, v2);
  EXPECT_EQ((*latest)[2].result, kExceeding);
  EXPECT_EQ((*latest)[2].checkin_id, third);

  Result<std::vector<AgreedResult>> everyone = store_->LatestAgreed({});
  ASSERT_EQ(everyone->size(), 4u);
  EXPECT_EQ((*everyone)[3].user_id, bob);
  EXPECT_EQ((*everyone)[3].checkin_id, bobs);
  Result<std::vector<AgreedResult>> both = store_->LatestAgreed({bob, ana, bob});
  ASSERT_EQ(both->size(), 4u);
  EXPECT_EQ((*both)[0].user_id, ana);
  EXPECT_TRUE(store_->LatestAgreed({boss})->empty());
}

// Instances' clocks differ: an agreement stamped earlier than the stored one must not replace
// it. (The test moves the stored time forward by hand.)
TEST_P(CheckInStoreTest, AnOlderAgreementDoesNotReplaceANewerOne) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t version = AddVersion("{}");
  const int64_t first =
      FrozenCheckIn(ana, version, {Agreed("a", kMeeting), Agreed("b", kMeeting)}, boss);
  OpenDirect()->Execute(
      "UPDATE agreed_latest SET agreed_at = agreed_at + 3600 WHERE criterion_key = 'a'");
  const int64_t second =
      FrozenCheckIn(ana, version, {Agreed("a", kNotYet), Agreed("b", kNotYet)}, boss);
  Result<std::vector<AgreedResult>> latest = store_->LatestAgreed({ana});
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].checkin_id, first);
  EXPECT_EQ((*latest)[0].result, kMeeting);
  EXPECT_EQ((*latest)[1].checkin_id, second);
  EXPECT_EQ((*latest)[1].result, kNotYet);
}

TEST_P(CheckInStoreTest, ListsCheckInsNewestFirstWithResultsAndEvidence) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t version = AddVersion("{}");
  const int64_t older = FrozenCheckIn(ana, version, {Agreed("a", kMeeting)}, boss);
  const int64_t newer = store_->CreateCheckIn(ana, version, Actor::Of(ana))->id;
  ASSERT_TRUE(
      store_->AddEvidence({0, newer, 0, "Ran the rota", "", {"a"}, 0}, Actor::Of(ana)).ok());
  Result<std::vector<CheckIn>> list = store_->ListCheckIns(ana);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, newer);
  EXPECT_EQ((*list)[0].evidence.size(), 1u);
  EXPECT_EQ((*list)[1].id, older);
  EXPECT_EQ((*list)[1].results.size(), 1u);
  EXPECT_TRUE(store_->ListCheckIns(boss)->empty());
}

TEST_P(CheckInStoreTest, EvidenceIsValidatedTaggedAndDeletable) {
  const int64_t boss = AddUser("boss@example.com");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t id = store_->CreateCheckIn(ana, AddVersion("{}"), Actor::Of(ana))->id;
  const size_t audited = AuditCount();
  EXPECT_EQ(store_->AddEvidence({0, id, 0, "  ", "", {"a"}, 0}, Actor::Of(ana)).status().field,
            "text");
  EXPECT_EQ(store_->AddEvidence({0, id, 0, std::string(4001, 'x'), "", {"a"}, 0}, Actor::Of(ana))
                .status()
                .field,
            "text");
  EXPECT_EQ(
      store_->AddEvidence({0, id, 0, "ok", "ftp://x", {"a"}, 0}, Actor::Of(ana)).status().field,
      "link");
  EXPECT_EQ(store_->AddEvidence({0, id, 0, "ok", "", {}, 0}, Actor::Of(ana)).status().field,
            "criteria");
  EXPECT_EQ(store_->AddEvidence({0, id, 0, "ok", "", {""}, 0}, Actor::Of(ana)).status().field,
            "criteria");
  EXPECT_EQ(store_->AddEvidence({0, id, 999, "ok", "", {"a"}, 0}, Actor::Of(ana)).status().field,
            "author_id");
  EXPECT_EQ(store_->AddEvidence({0, 999, 0, "ok", "", {"a"}, 0}, Actor::Of(ana)).status().code,
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), audited);

  Result<Evidence> first = store_->AddEvidence(
      {0, id, 0, " Closed 40 tickets ", "https://example.com/t/1", {"b", "a", "b"}, 0},
      Actor::Of(ana));
  ASSERT_TRUE(first.ok()) << first.status().message;
  EXPECT_GT(first->id, 0);
  EXPECT_EQ(first->author_id, ana);  // the actor, when not given
  EXPECT_EQ(first->text, "Closed 40 tickets");
  EXPECT_EQ(first->criterion_keys, (std::vector<std::string>{"a", "b"}));
  Result<Evidence> second =
      store_->AddEvidence({0, id, boss, "Mentored Bob", "", {"c"}, 0}, Actor::Of(boss));
  ASSERT_TRUE(second.ok());
  Result<CheckIn> checkin = store_->GetCheckIn(id);
  ASSERT_EQ(checkin->evidence.size(), 2u);
  EXPECT_EQ(checkin->evidence[0], *first);
  EXPECT_EQ(checkin->evidence[1], *second);

  ASSERT_TRUE(store_->DeleteEvidence(first->id, Actor::Of(ana)).ok());
  EXPECT_EQ(store_->DeleteEvidence(first->id, Actor::Of(ana)).code, StatusCode::kNotFound);
  checkin = store_->GetCheckIn(id);
  ASSERT_EQ(checkin->evidence.size(), 1u);
  EXPECT_EQ(checkin->evidence[0].id, second->id);
  EXPECT_EQ(CountRows("evidence_criteria"), 1);

  ASSERT_TRUE(store_->Agree(id, {Agreed("c", kMeeting)}, Actor::Of(boss)).ok());
  Status frozen = store_->DeleteEvidence(second->id, Actor::Of(boss));
  EXPECT_EQ(frozen.code, StatusCode::kConflict);
  EXPECT_EQ(frozen.message, "this check-in is frozen");
  for (const AuditEntry& e : Log()) {
    EXPECT_EQ(e.details.find("tickets"), std::string::npos) << e.details;
    EXPECT_EQ(e.details.find("example.com/t/1"), std::string::npos) << e.details;
  }
}

// A person with history: check-ins with notes, results and evidence, a session, a token, a
// link, a failed login, agreed results, and a report.
struct History {
  int64_t boss = 0;
  int64_t ana = 0;
  int64_t report = 0;
  int64_t version = 0;
  int64_t frozen = 0;
  int64_t open = 0;
};

class RemovalTest : public CheckInStoreTest {
 protected:
  History Seed() {
    History h;
    h.boss = AddUser("boss@example.com");
    User ana;
    ana.email = "zelda.quimby@example.com";
    ana.name = "Zelda Quimby";
    ana.manager_id = h.boss;
    ana.start_date = "2024-03-04";
    h.ana = store_->CreateUser(ana, Actor::System())->id;
    h.report = AddUser("report@example.com", h.ana);
    h.version = AddVersion("{}");
    h.frozen = store_->CreateCheckIn(h.ana, h.version, Actor::Of(h.ana))->id;
    EXPECT_TRUE(store_
                    ->UpdateResults(h.frozen, Side::kSelf, {Self("a", kMeeting)},
                                    "SELFNOTE private", Actor::Of(h.ana))
                    .ok());
    EXPECT_TRUE(store_
                    ->UpdateResults(h.frozen, Side::kManager, {Manager("a", kMeeting)},
                                    "MGRNOTE private", Actor::Of(h.boss))
                    .ok());
    EXPECT_TRUE(store_
                    ->AddEvidence({0,
                                   h.frozen,
                                   0,
                                   "EVIDENCETEXT private",
                                   "https://example.com/EVIDENCELINK",
                                   {"a"},
                                   0},
                                  Actor::Of(h.ana))
                    .ok());
    EXPECT_TRUE(store_->Agree(h.frozen, {Agreed("a", kMeeting)}, Actor::Of(h.boss)).ok());
    h.open = store_->CreateCheckIn(h.ana, h.version, Actor::Of(h.ana))->id;
    EXPECT_TRUE(
        store_->AddEvidence({0, h.open, 0, "EVIDENCETEXT two", "", {"b"}, 0}, Actor::Of(h.ana))
            .ok());
    EXPECT_TRUE(store_->SetPasswordHash(h.ana, "$argon2id$PASSWORDHASH", Actor::Of(h.ana)).ok());
    EXPECT_TRUE(
        store_->CreateSession({"SESSIONDIGEST", h.ana, "csrf", 0, UnixNow() + 3600, 0}).ok());
    EXPECT_TRUE(
        store_->CreateApiToken({0, h.ana, "nightly", "TOKENDIGEST", 0, 0, false}, Actor::Of(h.ana))
            .ok());
    EXPECT_TRUE(
        store_
            ->CreateOneTimeLink({"LINKDIGEST", h.ana, LinkPurpose::kReset, UnixNow() + 3600},
                                Actor::Of(h.boss))
            .ok());
    EXPECT_TRUE(store_->RecordLoginFailure("email:zelda.quimby@example.com", UnixNow()).ok());
    return h;
  }

  static int64_t UnixNow() { return static_cast<int64_t>(std::time(nullptr)); }

  // What must be gone from every table after either removal.
  static std::vector<std::string> Personal() {
    return {"zelda",        "Zelda",         "Quimby",       "2024-03-04",
            "SELFNOTE",     "MGRNOTE",       "EVIDENCETEXT", "EVIDENCELINK",
            "PASSWORDHASH", "SESSIONDIGEST", "TOKENDIGEST",  "LINKDIGEST"};
  }

  void ExpectNothingPersonalInTheFile() {
    for (const std::string& text : AllText()) {
      for (const std::string& needle : Personal()) {
        EXPECT_EQ(text.find(needle), std::string::npos) << text;
      }
    }
  }
};

TEST_P(RemovalTest, DeletingSomeoneWithCheckInsAsksHowToRemoveThem) {
  const History h = Seed();
  const size_t audited = AuditCount();
  Status refused = store_->DeleteUser(h.ana, Actor::Of(h.boss));
  EXPECT_EQ(refused.code, StatusCode::kConflict);
  EXPECT_EQ(refused.field, "check_ins");
  EXPECT_TRUE(store_->GetUser(h.ana).ok());
  EXPECT_EQ(store_->ListCheckIns(h.ana)->size(), 2u);
  EXPECT_EQ(AuditCount(), audited);
  EXPECT_EQ(store_->RemoveUser(9999, Removal::kErase, Actor::System()).code, StatusCode::kNotFound);
}

TEST_P(RemovalTest, EraseRemovesEverythingOfTheirs) {
  const History h = Seed();
  // What Zelda wrote on her report's check-in is the report's record: it stays, authorless.
  const int64_t reports_checkin = store_->CreateCheckIn(h.report, h.version, Actor::System())->id;
  ASSERT_TRUE(
      store_->AddEvidence({0, reports_checkin, h.ana, "Good work", "", {"a"}, 0}, Actor::System())
          .ok());

  ASSERT_TRUE(store_->RemoveUser(h.ana, Removal::kErase, Actor::Of(h.boss)).ok());
  EXPECT_EQ(store_->GetUser(h.ana).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCheckIn(h.frozen).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCheckIn(h.open).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->LatestAgreed({}).value().empty());
  EXPECT_EQ(store_->FindSession("SESSIONDIGEST", UnixNow()).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseApiToken("TOKENDIGEST", UnixNow()).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->RedeemOneTimeLink("LINKDIGEST", LinkPurpose::kReset, "$argon2id$x", UnixNow())
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->CountLoginFailures("email:zelda.quimby@example.com", 0).value(), 0);
  EXPECT_FALSE(store_->GetUser(h.report)->manager_id.has_value());
  Result<CheckIn> kept = store_->GetCheckIn(reports_checkin);
  ASSERT_EQ(kept->evidence.size(), 1u);
  EXPECT_EQ(kept->evidence[0].author_id, 0);  // author unknown now
  const AuditEntry last = store_->AuditLog(0, 1000)->back();
  EXPECT_EQ(last.action, "user.erase");
  EXPECT_EQ(last.details, "{\"check_ins\":2}");
  const std::string of_ana = "user_id = " + std::to_string(h.ana);
  for (const char* table :
       {"checkins", "sessions", "api_tokens", "one_time_links", "agreed_latest"}) {
    EXPECT_EQ(CountRows(table, of_ana), 0) << table;
  }
  EXPECT_EQ(CountRows("checkin_results"), 0);
  EXPECT_EQ(CountRows("evidence"), 1);
  EXPECT_EQ(CountRows("evidence_criteria"), 1);
  EXPECT_EQ(CountRows("login_failures"), 0);
  ExpectNothingPersonalInTheFile();
}

TEST_P(RemovalTest, AnonymiseKeepsResultsButNothingThatNamesThem) {
  const History h = Seed();
  const std::vector<AgreedResult> before = store_->LatestAgreed({h.ana}).value();
  ASSERT_TRUE(store_->RemoveUser(h.ana, Removal::kAnonymise, Actor::Of(h.boss)).ok());

  Result<User> former = store_->GetUser(h.ana);
  ASSERT_TRUE(former.ok());
  const std::string id = std::to_string(h.ana);
  EXPECT_EQ(former->name, "Former employee " + id);
  EXPECT_EQ(former->email, "former-" + id + "@invalid");
  EXPECT_FALSE(former->active);
  EXPECT_TRUE(former->start_date.empty());
  EXPECT_EQ(store_->PasswordHash(h.ana).value(), "");
  EXPECT_FALSE(store_->GetUser(h.report)->manager_id.has_value());

  Result<std::vector<CheckIn>> checkins = store_->ListCheckIns(h.ana);
  ASSERT_EQ(checkins->size(), 2u);
  const CheckIn& frozen = (*checkins)[1];
  EXPECT_EQ(frozen.results,
            (std::vector<CriterionResult>{{"a", "hash-a", kMeeting, kMeeting, kMeeting}}));
  EXPECT_TRUE(frozen.self_notes.empty());
  EXPECT_TRUE(frozen.manager_notes.empty());
  ASSERT_EQ(frozen.evidence.size(), 1u);
  EXPECT_EQ(frozen.evidence[0].text, "(removed)");
  EXPECT_EQ(frozen.evidence[0].link, "");
  EXPECT_EQ(frozen.evidence[0].criterion_keys, (std::vector<std::string>{"a"}));
  EXPECT_EQ((*checkins)[0].evidence[0].text, "(removed)");
  const std::vector<AgreedResult> after = store_->LatestAgreed({h.ana}).value();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after[0].checkin_id, before[0].checkin_id);

  EXPECT_EQ(store_->FindSession("SESSIONDIGEST", UnixNow()).status().code, StatusCode::kNotFound);
  EXPECT_EQ(store_->UseApiToken("TOKENDIGEST", UnixNow()).status().code, StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListApiTokens(h.ana)->empty());
  EXPECT_EQ(store_->RedeemOneTimeLink("LINKDIGEST", LinkPurpose::kReset, "$argon2id$x", UnixNow())
                .status()
                .code,
            StatusCode::kNotFound);
  EXPECT_EQ(store_->CountLoginFailures("email:zelda.quimby@example.com", 0).value(), 0);

  const AuditEntry last = store_->AuditLog(0, 1000)->back();
  EXPECT_EQ(last.action, "user.anonymise");
  EXPECT_EQ(last.target, "user:" + id);
  EXPECT_EQ(last.actor_id, h.boss);
  EXPECT_NE(last.details.find("\"check_ins_kept\":2"), std::string::npos) << last.details;
  EXPECT_NE(last.details.find("\"evidence_texts_removed\":2"), std::string::npos);
  ExpectNothingPersonalInTheFile();
}

// Person pages are cached until the stamp moves, so every write a page shows must move it, and
// reads and refused writes must not (or the cache would never hit, or would serve old pages).
TEST_P(CheckInStoreTest, EveryWriteMovesTheChangeStampAndNothingElseDoes) {
  auto stamp = [&] { return store_->ChangeStamp().value(); };
  int64_t last = stamp();
  auto expect_moved = [&](const char* what) {
    const int64_t now = stamp();
    EXPECT_GT(now, last) << what;
    last = now;
  };
  const int64_t boss = AddUser("boss@example.com");
  expect_moved("create user");
  const int64_t ana = AddUser("ana@example.com", boss);
  const int64_t version = AddVersion("{\"v\":1}");
  expect_moved("framework version");
  Result<CheckIn> c = store_->CreateCheckIn(ana, version, Actor::Of(ana));
  ASSERT_TRUE(c.ok()) << c.status().message;
  expect_moved("start a check-in");
  ASSERT_TRUE(
      store_->UpdateResults(c->id, Side::kSelf, {Self("a", kMeeting)}, "notes", Actor::Of(ana))
          .ok());
  expect_moved("self results");
  Result<Evidence> e =
      store_->AddEvidence({0, c->id, ana, "Ran the rota", "", {"a"}, 0}, Actor::Of(ana));
  ASSERT_TRUE(e.ok()) << e.status().message;
  expect_moved("add evidence");
  ASSERT_TRUE(store_->DeleteEvidence(e->id, Actor::Of(ana)).ok());
  expect_moved("delete evidence");
  ASSERT_TRUE(store_->Agree(c->id, {Agreed("a", kMeeting)}, Actor::Of(boss)).ok());
  expect_moved("agree");
  User renamed = store_->GetUser(ana).value();
  renamed.name = "Ana Renamed";
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::Of(boss)).ok());
  expect_moved("rename");

  ASSERT_TRUE(store_->ListCheckIns(ana).ok());
  ASSERT_TRUE(store_->LatestAgreed({ana}).ok());
  ASSERT_TRUE(store_->GetUser(ana).ok());
  EXPECT_EQ(stamp(), last) << "reads";
  EXPECT_FALSE(
      store_->UpdateResults(c->id, Side::kSelf, {Self("a", kNotYet)}, std::nullopt,
                            Actor::Of(ana))
          .ok());  // frozen
  EXPECT_EQ(stamp(), last) << "a refused write";
  ASSERT_TRUE(store_->RemoveUser(ana, Removal::kAnonymise, Actor::Of(boss)).ok());
  expect_moved("anonymise");
}

// Notes, evidence, criterion keys and framework JSON that are not UTF-8 are refused by name, and
// nothing of the write is kept.
TEST_P(CheckInStoreTest, InvalidUtf8IsRefusedByFieldAndNothingIsWritten) {
  const std::string bad = "ok \xfe\xfe";
  const int64_t ana = AddUser("ana@example.com");
  const int64_t version = AddVersion("{\"v\":1}");
  Result<CheckIn> c = store_->CreateCheckIn(ana, version, Actor::Of(ana));
  ASSERT_TRUE(c.ok()) << c.status().message;
  ASSERT_TRUE(
      store_->UpdateResults(c->id, Side::kSelf, {Self("a", kMeeting)}, "before", Actor::Of(ana))
          .ok());
  const size_t audited = AuditCount();

  Result<CheckIn> notes =
      store_->UpdateResults(c->id, Side::kSelf, {Self("b", kMeeting)}, bad, Actor::Of(ana));
  EXPECT_EQ(notes.status().code, StatusCode::kInvalid);
  EXPECT_EQ(notes.status().field, "notes");
  EXPECT_EQ(notes.status().message, "notes is not valid UTF-8");
  EXPECT_EQ(
      store_->UpdateResults(c->id, Side::kManager, {Manager("a", kMeeting)}, bad, Actor::Of(ana))
          .status()
          .field,
      "notes");
  EXPECT_EQ(
      store_->UpdateResults(c->id, Side::kSelf, {Self(bad, kMeeting)}, std::nullopt, Actor::Of(ana))
          .status()
          .field,
      "results");
  EXPECT_EQ(store_->Agree(c->id, {Agreed(bad, kMeeting)}, Actor::Of(ana)).status().field,
            "results");
  Result<Evidence> text = store_->AddEvidence({0, c->id, ana, bad, "", {"a"}, 0}, Actor::Of(ana));
  EXPECT_EQ(text.status().field, "text");
  EXPECT_EQ(text.status().message, "text is not valid UTF-8");
  EXPECT_EQ(
      store_->AddEvidence({0, c->id, ana, "fine", "https://x.test/\xfe", {"a"}, 0}, Actor::Of(ana))
          .status()
          .field,
      "link");
  EXPECT_EQ(
      store_->AddEvidence({0, c->id, ana, "fine", "", {bad}, 0}, Actor::Of(ana)).status().field,
      "criteria");
  EXPECT_EQ(store_->PutFrameworkVersion({0, "support", "", "{\"v\":\"\xfe\"}", 0}, Actor::System())
                .status()
                .field,
            "json");
  EXPECT_EQ(
      store_->PutFrameworkVersion({0, bad, "", "{\"v\":2}", 0}, Actor::System()).status().field,
      "framework_id");

  EXPECT_EQ(AuditCount(), audited);
  Result<CheckIn> after = store_->GetCheckIn(c->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->self_notes, "before");
  ASSERT_EQ(after->results.size(), 1u);
  EXPECT_TRUE(after->evidence.empty());
  EXPECT_EQ(store_->ListFrameworkVersions("support")->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, CheckInStoreTest, test::Stores(), test::StoreName);
INSTANTIATE_TEST_SUITE_P(Stores, RemovalTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
