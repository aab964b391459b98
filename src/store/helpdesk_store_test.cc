// The Store's helpdesk data, for every implementation: ingest batches that are idempotent per
// file and undone whole, a newer batch standing for the weeks it shares with an older one, and
// helpdesk identities linked to one person each and forgotten with them.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_support.h"

namespace rungs {
namespace {

class HelpdeskStoreTest : public test::FreshStoreTest<> {
 protected:
  HelpdeskStoreTest() : FreshStoreTest("rungs-helpdesk") {}

  static IngestBatch Batch(char hash_digit, int64_t first_week, int64_t last_week) {
    IngestBatch b;
    b.source = "intercom";
    b.file_name = "export.csv";
    b.content_hash = std::string(64, hash_digit);
    b.mapping = "intercom";
    b.rows_read = 10;
    b.rows_used = 9;
    b.rows_with_problems = 1;
    b.first_week = first_week;
    b.last_week = last_week;
    return b;
  }

  static IdentityWeek Week(const std::string& identity, int64_t week, int64_t closed) {
    IdentityWeek w;
    w.space = "agent_id";
    w.identity = identity;
    w.week = week;
    w.closed = closed;
    w.closed_events = closed;
    w.active_seconds = 3600 * 30;
    return w;
  }

  std::vector<IdentityWeek> Weeks(int64_t user) { return store_->WeeksOf(user).value(); }
};

TEST_P(HelpdeskStoreTest, TheSameFileTwiceIsOneBatch) {
  Result<IngestOutcome> first =
      store_->PutIngestBatch(Batch('a', 100, 101), {Week("ana", 100, 40)}, Actor::System());
  ASSERT_TRUE(first.ok()) << first.status().message;
  EXPECT_TRUE(first->created);
  EXPECT_GT(first->batch.imported_at, 0);
  const int64_t stamp = store_->ChangeStamp().value();
  Result<IngestOutcome> again =
      store_->PutIngestBatch(Batch('a', 100, 101), {Week("ana", 100, 99)}, Actor::System());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->batch.id, first->batch.id);
  EXPECT_EQ(store_->ChangeStamp().value(), stamp);  // nothing written
  EXPECT_EQ(store_->ListIngestBatches()->size(), 1u);
}

TEST_P(HelpdeskStoreTest, ANewerBatchStandsForTheWeeksItShares) {
  const int64_t ana = AddUser("ana@example.com");
  ASSERT_TRUE(store_->LinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).ok());
  Result<IngestOutcome> old = store_->PutIngestBatch(
      Batch('a', 100, 101), {Week("ana", 100, 40), Week("ana", 101, 41)}, Actor::System());
  Result<IngestOutcome> newer = store_->PutIngestBatch(
      Batch('b', 101, 102), {Week("ana", 101, 45), Week("ana", 102, 50)}, Actor::System());
  ASSERT_TRUE(old.ok() && newer.ok());
  std::vector<IdentityWeek> weeks = Weeks(ana);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].closed, 40);
  EXPECT_EQ(weeks[1].closed, 45);  // the re-export, not 41 + 45
  EXPECT_EQ(weeks[1].batch_id, newer->batch.id);
  EXPECT_EQ(weeks[2].closed, 50);
  EXPECT_EQ(weeks[0].source, "intercom");

  // Undoing the newer batch brings the older week back and drops the week only it had.
  ASSERT_TRUE(store_->UndoIngestBatch(newer->batch.id, Actor::System()).ok());
  weeks = Weeks(ana);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[1].closed, 41);
  EXPECT_EQ(store_->UndoIngestBatch(newer->batch.id, Actor::System()).code, StatusCode::kNotFound);
  ASSERT_EQ(store_->ListIngestBatches()->size(), 1u);
  const std::vector<AuditEntry> log = store_->AuditLog(0, 100).value();
  EXPECT_EQ(log.back().action, "ingest.undo");
}

TEST_P(HelpdeskStoreTest, AnIdentityBelongsToOnePerson) {
  const int64_t ana = AddUser("ana@example.com");
  const int64_t bob = AddUser("bob@example.com");
  ASSERT_TRUE(store_->LinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).ok());
  EXPECT_TRUE(store_->LinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).ok());
  const Status taken = store_->LinkIdentity({"intercom", "agent_id", "ana", bob}, Actor::System());
  EXPECT_EQ(taken.code, StatusCode::kConflict);
  EXPECT_EQ(taken.field, "identity");
  // The same name in another space or source is another identity.
  EXPECT_TRUE(store_->LinkIdentity({"intercom", "resolved_by", "ana", bob}, Actor::System()).ok());
  EXPECT_EQ(store_->LinkIdentity({"intercom", "agent_id", "", bob}, Actor::System()).field,
            "identity");
  EXPECT_EQ(store_->LinkIdentity({"zendesk", "agent_id", "x", 99999}, Actor::System()).code,
            StatusCode::kInvalid);
  ASSERT_TRUE(
      store_->PutIngestBatch(Batch('a', 100, 100), {Week("ana", 100, 40)}, Actor::System()).ok());
  EXPECT_EQ(Weeks(ana).size(), 1u);
  EXPECT_TRUE(Weeks(bob).empty());  // bob's identity is in another space
  ASSERT_EQ(store_->IdentitiesOf(bob)->size(), 1u);
  ASSERT_TRUE(store_->UnlinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).ok());
  EXPECT_TRUE(Weeks(ana).empty());
  EXPECT_EQ(store_->UnlinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).code,
            StatusCode::kNotFound);
}

TEST_P(HelpdeskStoreTest, SchedulesQaAndTheMeasuredOverlapComeBack) {
  const int64_t ana = AddUser("ana@example.com");
  ASSERT_TRUE(store_->LinkIdentity({"intercom", "agent_id", "ana", ana}, Actor::System()).ok());
  IdentityWeek measured = Week("ana", 100, 40);
  measured.scheduled_seconds = 3600 * 32;
  measured.active_scheduled_seconds = 3600 * 29;
  measured.qa_reviews = 3;
  measured.qa_score_sum = 262.5;
  IdentityWeek unmeasured = Week("ana", 101, 41);
  unmeasured.scheduled_seconds = 3600 * 32;
  ASSERT_TRUE(
      store_->PutIngestBatch(Batch('a', 100, 101), {measured, unmeasured}, Actor::System()).ok());
  const std::vector<IdentityWeek> weeks = Weeks(ana);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].scheduled_seconds, 3600 * 32);
  EXPECT_EQ(weeks[0].active_scheduled_seconds, std::optional<int64_t>(3600 * 29));
  EXPECT_EQ(weeks[0].qa_reviews, 3);
  EXPECT_DOUBLE_EQ(weeks[0].qa_score_sum, 262.5);
  EXPECT_EQ(weeks[1].active_scheduled_seconds, std::nullopt);  // not measured is not 0
}

// A batch's weeks go in as text (PostgreSQL's COPY): names with the characters COPY escapes,
// and a score no decimal writes exactly, come back exactly.
TEST_P(HelpdeskStoreTest, NamesAndScoresComeBackExactly) {
  const int64_t ana = AddUser("ana@example.com");
  const std::string name = "CORP\\ana \\N \"quoted\", 'single', tab\there";
  ASSERT_TRUE(store_->LinkIdentity({"intercom", "agent_id", name, ana}, Actor::System()).ok());
  IdentityWeek week = Week(name, 100, 40);
  week.qa_reviews = 3;
  week.qa_score_sum = 0.1 + 0.2;
  Result<IngestOutcome> put = store_->PutIngestBatch(Batch('a', 100, 100), {week}, Actor::System());
  ASSERT_TRUE(put.ok()) << put.status().message;
  const std::vector<IdentityWeek> weeks = Weeks(ana);
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].identity, name);
  EXPECT_EQ(weeks[0].qa_score_sum, 0.1 + 0.2);
}

TEST_P(HelpdeskStoreTest, ABadRowStoresNothingOfTheBatch) {
  std::vector<IdentityWeek> weeks = {Week("ana", 100, 40), Week("", 100, 1)};
  Result<IngestOutcome> put = store_->PutIngestBatch(Batch('a', 100, 100), weeks, Actor::System());
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().field, "weeks");
  EXPECT_TRUE(store_->ListIngestBatches()->empty());
  IdentityWeek more_inside_than_scheduled = Week("ana", 100, 40);
  more_inside_than_scheduled.scheduled_seconds = 3600;
  more_inside_than_scheduled.active_scheduled_seconds = 7200;
  put = store_->PutIngestBatch(Batch('a', 100, 100), {more_inside_than_scheduled}, Actor::System());
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().field, "weeks");
  IngestBatch bad = Batch('a', 101, 100);
  EXPECT_EQ(store_->PutIngestBatch(bad, {}, Actor::System()).status().field, "first_week");
  bad = Batch('a', 100, 100);
  bad.content_hash = "abc";
  EXPECT_EQ(store_->PutIngestBatch(bad, {}, Actor::System()).status().field, "content_hash");
}

TEST_P(HelpdeskStoreTest, RemovingAPersonForgetsTheirIdentitiesAndTheirWeeks) {
  for (Removal how : {Removal::kErase, Removal::kAnonymise}) {
    const std::string tag = how == Removal::kErase ? "erase" : "anon";
    const int64_t leaver = AddUser(tag + "-leaver@example.com");
    const int64_t stays = AddUser(tag + "-stays@example.com");
    ASSERT_TRUE(
        store_->LinkIdentity({"intercom", "agent_id", tag + "-leaver", leaver}, Actor::System())
            .ok());
    ASSERT_TRUE(
        store_->LinkIdentity({"intercom", "agent_id", tag + "-stays", stays}, Actor::System())
            .ok());
    ASSERT_TRUE(
        store_
            ->PutIngestBatch(Batch(how == Removal::kErase ? 'c' : 'd', 100, 100),
                             {Week(tag + "-leaver", 100, 40), Week(tag + "-stays", 100, 30)},
                             Actor::System())
            .ok());
    ASSERT_TRUE(store_->RemoveUser(leaver, how, Actor::System()).ok());
    EXPECT_TRUE(store_->IdentitiesOf(leaver)->empty());
    ASSERT_EQ(Weeks(stays).size(), 1u) << tag;
    EXPECT_EQ(Weeks(stays)[0].closed, 30);
  }
}

TEST_P(HelpdeskStoreTest, InvalidUtf8IsRefusedByField) {
  const int64_t ana = AddUser("ana@example.com");
  IngestBatch file = Batch('a', 100, 101);
  file.file_name = "export\xfe.csv";
  EXPECT_EQ(store_->PutIngestBatch(file, {}, Actor::System()).status().field, "file_name");
  EXPECT_EQ(store_->PutIngestBatch(Batch('a', 100, 101), {Week("an\xfe", 100, 1)}, Actor::System())
                .status()
                .field,
            "weeks");
  EXPECT_TRUE(store_->ListIngestBatches()->empty());
  const Status link =
      store_->LinkIdentity({"intercom", "agent_id", "an\xfe", ana}, Actor::System());
  EXPECT_EQ(link.field, "identity");
  EXPECT_EQ(link.message, "identity is not valid UTF-8");
  EXPECT_TRUE(store_->IdentitiesOf(ana)->empty());
}

TEST_P(HelpdeskStoreTest, SavedMappingsAreReplacedWhateverTheCaseAndChecked) {
  const int64_t admin = AddUser("ada@example.com");
  const std::string yaml = "name: Incidents\nevents: []\n";
  Result<SavedMapping> put = store_->PutSavedMapping({"Incidents", yaml, 0, {}}, Actor::Of(admin));
  ASSERT_TRUE(put.ok()) << put.status().message;
  EXPECT_EQ(put->saved_by, admin);
  EXPECT_GT(put->saved_at, 0);
  // The same name in another case is the same mapping: the newer YAML and spelling win.
  ASSERT_TRUE(store_->PutSavedMapping({"INCIDENTS", "name: v2\n", 0, {}}, Actor::Of(admin)).ok());
  ASSERT_TRUE(store_->PutSavedMapping({"Café export", yaml, 0, {}}, Actor::System()).ok());
  Result<std::vector<SavedMapping>> listed = store_->ListSavedMappings();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].name, "Café export");
  EXPECT_EQ((*listed)[1].name, "INCIDENTS");
  EXPECT_EQ((*listed)[1].yaml, "name: v2\n");

  for (const SavedMapping& bad : std::vector<SavedMapping>{{"", yaml, 0, {}},
                                                           {"  ", yaml, 0, {}},
                                                           {"a\nb", yaml, 0, {}},
                                                           {"\xff", yaml, 0, {}},
                                                           {std::string(101, 'a'), yaml, 0, {}}}) {
    EXPECT_EQ(store_->PutSavedMapping(bad, Actor::System()).status().field, "name") << bad.name;
  }
  EXPECT_EQ(store_->PutSavedMapping({"x", " \n", 0, {}}, Actor::System()).status().field, "yaml");
  EXPECT_EQ(store_
                ->PutSavedMapping({"x", std::string(kMaxSavedMappingBytes + 1, '#'), 0, {}},
                                  Actor::System())
                .status()
                .field,
            "yaml");

  EXPECT_TRUE(store_->DeleteSavedMapping("incidents", Actor::Of(admin)).ok());
  EXPECT_EQ(store_->DeleteSavedMapping("incidents", Actor::Of(admin)).code, StatusCode::kNotFound);
  // The admin who saved one may leave; the mapping stays.
  ASSERT_TRUE(store_->DeleteUser(admin, Actor::System()).ok());
  listed = store_->ListSavedMappings();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1U);
  Result<std::vector<AuditEntry>> log = store_->AuditLog(0, 100);
  ASSERT_TRUE(log.ok());
  int changes = 0;
  for (const AuditEntry& e : *log) changes += e.action.starts_with("saved_mapping.") ? 1 : 0;
  EXPECT_EQ(changes, 4);
}

INSTANTIATE_TEST_SUITE_P(Stores, HelpdeskStoreTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
