// The Tracker's helpdesk rules on a real store: only admins store, list and undo batches and
// link identities; a person's links are seen by whoever sees the person.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/mapped_events.h"
#include "progress/tracker.h"
#include "progress/tracker_test_support.h"

namespace rungs {
namespace {

class TrackerHelpdeskTest : public test::TrackerFixture {
 protected:
  TrackerHelpdeskTest() : TrackerFixture("rungs-tracker-helpdesk") {}

  void SetUp() override {
    TrackerFixture::SetUp();
    if (HasFatalFailure()) return;
    admin_ = Add("admin@example.com", Role::kAdmin, std::nullopt);
    manager_ = Add("manager@example.com", Role::kManager, std::nullopt);
    member_ = Add("member@example.com", Role::kMember, manager_.id);
  }

  User Add(const std::string& email, Role role, std::optional<int64_t> manager) {
    return AddPerson(email, role, manager);
  }

  // A reading of one identity with two weeks of closes.
  static MappedReading Reading() {
    MappedReading r;
    r.rows = r.used = 10;
    IdentityWeeks id;
    id.name = "5001";
    id.space = "agent_id";
    id.closes_measured = true;
    AgentWeek w;
    w.week_index = 2800;
    w.closed = w.closed_events = 4;
    id.weeks = {w};
    w.week_index = 2801;
    id.weeks.push_back(w);
    r.identities.push_back(id);
    return r;
  }

  static IngestSource Source() {
    return {"intercom", "export.csv", std::string(64, 'a'), "intercom"};
  }

  User admin_;
  User manager_;
  User member_;
};

TEST_P(TrackerHelpdeskTest, OnlyAdminsStoreListAndUndoBatches) {
  for (const User* who : {&manager_, &member_}) {
    EXPECT_EQ(tracker_->CheckHelpdeskAdmin(*who).code, StatusCode::kForbidden);
    EXPECT_EQ(tracker_->StoreHelpdeskReading(*who, Reading(), Source()).status().code,
              StatusCode::kForbidden);
    EXPECT_EQ(tracker_->IngestBatches(*who).status().code, StatusCode::kForbidden);
  }
  EXPECT_TRUE(store_->ListIngestBatches().value().empty());

  EXPECT_TRUE(tracker_->CheckHelpdeskAdmin(admin_).ok());
  Result<IngestOutcome> stored = tracker_->StoreHelpdeskReading(admin_, Reading(), Source());
  ASSERT_TRUE(stored.ok()) << stored.status().message;
  EXPECT_TRUE(stored->created);
  EXPECT_EQ(stored->batch.imported_by, admin_.id);
  EXPECT_EQ(stored->batch.first_week, 2800);
  EXPECT_EQ(stored->batch.last_week, 2801);
  EXPECT_EQ(tracker_->FindIngestBatch(admin_, stored->batch.id).value().source, "intercom");
  EXPECT_EQ(tracker_->FindIngestBatch(admin_, stored->batch.id + 1).status().code,
            StatusCode::kNotFound);

  EXPECT_EQ(tracker_->UndoIngestBatch(manager_, stored->batch.id).code, StatusCode::kForbidden);
  EXPECT_EQ(tracker_->IngestBatches(admin_).value().size(), 1u);
  EXPECT_TRUE(tracker_->UndoIngestBatch(admin_, stored->batch.id).ok());
  EXPECT_TRUE(tracker_->IngestBatches(admin_).value().empty());
}

TEST_P(TrackerHelpdeskTest, OnlyAdminsLinkAndEveryoneWhoSeesThePersonSeesTheLinks) {
  const HelpdeskIdentity identity{"intercom", "agent_id", "5001", member_.id};
  EXPECT_EQ(tracker_->LinkIdentity(manager_, identity, WithoutData::kRefuse).code,
            StatusCode::kForbidden);
  EXPECT_EQ(tracker_->LinkIdentity(member_, identity, WithoutData::kRefuse).code,
            StatusCode::kForbidden);
  ASSERT_TRUE(tracker_->StoreHelpdeskReading(admin_, Reading(), Source()).ok());
  EXPECT_EQ(tracker_->UnlinkedIdentities(admin_).value().size(), 1u);
  EXPECT_EQ(tracker_->UnlinkedIdentities(manager_).status().code, StatusCode::kForbidden);

  ASSERT_TRUE(tracker_->LinkIdentity(admin_, identity, WithoutData::kRefuse).ok());
  EXPECT_TRUE(tracker_->UnlinkedIdentities(admin_).value().empty());
  for (const User* who : {&admin_, &manager_, &member_}) {
    Result<std::vector<HelpdeskIdentity>> seen = tracker_->IdentitiesOf(*who, member_.id);
    ASSERT_TRUE(seen.ok()) << who->email << ": " << seen.status().message;
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].identity, "5001");
  }
  // The manager is not the member's to see.
  EXPECT_EQ(tracker_->IdentitiesOf(member_, manager_.id).status().code, StatusCode::kForbidden);

  // Someone else's identity is a conflict naming the field; an unknown person is not found.
  Status taken = tracker_->LinkIdentity(admin_, {"intercom", "agent_id", "5001", manager_.id},
                                        WithoutData::kRefuse);
  EXPECT_EQ(taken.code, StatusCode::kConflict);
  EXPECT_EQ(taken.field, "identity");
  EXPECT_NE(taken.message.find("is linked to member already"), std::string::npos) << taken.message;
  EXPECT_EQ(
      tracker_->LinkIdentity(admin_, {"intercom", "agent_id", "9", 999999}, WithoutData::kRefuse)
          .code,
      StatusCode::kNotFound);

  EXPECT_EQ(tracker_->UnlinkIdentity(manager_, identity).code, StatusCode::kForbidden);
  ASSERT_TRUE(tracker_->UnlinkIdentity(admin_, identity).ok());
  EXPECT_TRUE(tracker_->IdentitiesOf(admin_, member_.id).value().empty());
  EXPECT_EQ(tracker_->UnlinkIdentity(admin_, identity).code, StatusCode::kNotFound);
}

// No weeks for a linked identity means a misspelling only while its source has data: after
// every batch is undone, the page must not blame the spelling.
TEST_P(TrackerHelpdeskTest, LinkedIdentitiesCountTheirWeeksAndSayWhenTheSourceIsEmpty) {
  Result<IngestOutcome> stored = tracker_->StoreHelpdeskReading(admin_, Reading(), Source());
  ASSERT_TRUE(stored.ok()) << stored.status().message;
  ASSERT_TRUE(
      tracker_
          ->LinkIdentity(admin_, {"intercom", "agent_id", "5001", member_.id}, WithoutData::kRefuse)
          .ok());
  ASSERT_TRUE(tracker_
                  ->LinkIdentity(admin_, {"intercom", "agent_id", "5002", member_.id},
                                 WithoutData::kLinkAnyway)
                  .ok());
  ASSERT_TRUE(tracker_
                  ->LinkIdentity(admin_, {"zendesk", "agent_id", "77", member_.id},
                                 WithoutData::kLinkAnyway)
                  .ok());
  auto linked = [&](const User& viewer) {
    Result<std::vector<LinkedIdentity>> got = tracker_->LinkedIdentities(viewer, member_.id);
    EXPECT_TRUE(got.ok()) << got.status().message;
    std::map<std::string, std::pair<int64_t, bool>> by_identity;
    for (const LinkedIdentity& l : got.ok() ? *got : std::vector<LinkedIdentity>()) {
      by_identity[l.identity.identity] = {l.weeks, l.source_empty};
    }
    return by_identity;
  };
  const std::map<std::string, std::pair<int64_t, bool>> before = {
      {"5001", {2, false}}, {"5002", {0, false}}, {"77", {0, true}}};
  EXPECT_EQ(linked(admin_), before);
  EXPECT_EQ(linked(manager_), before);
  EXPECT_EQ(tracker_->LinkedIdentities(member_, manager_.id).status().code, StatusCode::kForbidden);

  ASSERT_TRUE(tracker_->UndoIngestBatch(admin_, stored->batch.id).ok());
  const std::map<std::string, std::pair<int64_t, bool>> after = {
      {"5001", {0, true}}, {"5002", {0, true}}, {"77", {0, true}}};
  EXPECT_EQ(linked(admin_), after);
}

// A typo or an excluded account would link a person to nothing: refused with the names that do
// have data, nearest first; linked all the same when the admin says the data is still to come.
TEST_P(TrackerHelpdeskTest, AnIdentityWithoutDataIsRefusedWithTheNearestUnlessLinkedAnyway) {
  const Status before = tracker_->LinkIdentity(admin_, {"intercom", "agent_id", "5001", member_.id},
                                               WithoutData::kRefuse);
  EXPECT_EQ(before.code, StatusCode::kInvalid);
  EXPECT_EQ(before.message,
            "no stored helpdesk data has \"5001\" in intercom agent_id: no helpdesk data is stored "
            "yet");
  ASSERT_TRUE(tracker_->StoreHelpdeskReading(admin_, Reading(), Source()).ok());

  const HelpdeskIdentity typo{"intercom", "agent_id", "50001", member_.id};
  const Status refused = tracker_->LinkIdentity(admin_, typo, WithoutData::kRefuse);
  EXPECT_EQ(refused.code, StatusCode::kInvalid);
  EXPECT_EQ(refused.field, "identity");
  EXPECT_EQ(refused.message,
            "no stored helpdesk data has \"50001\" in intercom agent_id (a typo, or an account the "
            "mapping excludes?); nearest with data: \"5001\"");
  EXPECT_TRUE(RefusedForWantOfData(refused, typo));
  EXPECT_NE(
      tracker_
          ->LinkIdentity(admin_, {"intercom", "agent", "5001", member_.id}, WithoutData::kRefuse)
          .message.find("the source intercom has data in the spaces agent_id"),
      std::string::npos);
  EXPECT_NE(
      tracker_
          ->LinkIdentity(admin_, {"zendesk", "agent_id", "5001", member_.id}, WithoutData::kRefuse)
          .message.find("no batch of the source zendesk is stored (sources with data: "
                        "intercom)"),
      std::string::npos);
  EXPECT_TRUE(tracker_->IdentitiesOf(admin_, member_.id).value().empty());

  // A field's mistake is not a refusal for want of data, and linking anyway does not skip it.
  const HelpdeskIdentity blank{"intercom", "agent_id", "", member_.id};
  const Status mistake = tracker_->LinkIdentity(admin_, blank, WithoutData::kLinkAnyway);
  EXPECT_EQ(mistake.code, StatusCode::kInvalid);
  EXPECT_FALSE(RefusedForWantOfData(mistake, blank));

  ASSERT_TRUE(tracker_->LinkIdentity(admin_, typo, WithoutData::kLinkAnyway).ok());
  EXPECT_EQ(tracker_->IdentitiesOf(admin_, member_.id).value().size(), 1u);
  // Linking it again is a no-op, not a refusal (a script that runs twice).
  EXPECT_TRUE(tracker_->LinkIdentity(admin_, typo, WithoutData::kRefuse).ok());
}

TEST(NearestNamesTest, NearestFirstCaseFoldedAndBounded) {
  const std::vector<std::string> names = {"Maria Lopez", "mario lopez", "Ana", "Marta Lopes"};
  EXPECT_EQ(NearestNames("MARIA LOPEZ", names, 2),
            (std::vector<std::string>{"Maria Lopez", "mario lopez"}));
  EXPECT_EQ(NearestNames("x", names, 10).size(), 4u);
  EXPECT_TRUE(NearestNames("x", {}, 3).empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, TrackerHelpdeskTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
