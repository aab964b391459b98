// The Tracker on a real SQLite store: check-ins made against one framework version and read
// after the framework changed (a criterion removed, so later keys shift; another reworded), and
// the role rules every caller (pages, API, CLI) relies on.
#include "progress/tracker.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "framework/loader.h"
#include "progress/tracker_test_support.h"
#include "store/sqlite_store.h"

namespace rungs {
namespace {

using test::CriterionKey;

Criterion* MutableCriterion(Framework& fw, const std::string& key) {
  for (Topic& topic : fw.topics) {
    for (TopicRung& tr : topic.rungs) {
      for (Criterion& c : tr.criteria) {
        if (c.key == key) return &c;
      }
    }
  }
  return nullptr;
}

TopicRung* MutableTopicRung(Framework& fw, const std::string& topic, const std::string& rung) {
  for (Topic& t : fw.topics) {
    if (t.name != topic) continue;
    for (TopicRung& tr : t.rungs) {
      if (tr.rung == rung) return &tr;
    }
  }
  return nullptr;
}

class TrackerTest : public test::TrackerFixture {
 protected:
  TrackerTest() : TrackerFixture("rungs-tracker") {}

  User Add(const std::string& name, Role role, std::optional<int64_t> manager = std::nullopt) {
    User u;
    u.name = name;
    u.email = name + "@example.com";
    u.role = role;
    u.manager_id = manager;
    u.framework_id = test::kCustomerOperations;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? *created : u;
  }

  static CriterionResult Agreed(const std::string& key, Assessment a) {
    CriterionResult r;
    r.criterion_key = key;
    r.agreed = a;
    return r;
  }

  // A second version of the framework, registered through a fresh catalog on the same store
  // (as a restart with the edited file does); the tracker then works on it.
  void RegisterVersion2(Framework edited) {
    AssignCriterionKeys(edited);
    v2_ = {std::move(edited)};
    tracker_.reset();
    catalog_ = std::make_unique<FrameworkCatalog>(*store_);
    ASSERT_TRUE(catalog_->Register(v2_).ok());
    tracker_ = std::make_unique<Tracker>(*store_, *catalog_);
  }

  std::vector<Framework> v2_;
};

// --- Framework versions ---------------------------------------------------------------------

// Rung 1A of the bundled framework, version 1:
//   knowledgeandimpact/1A/1  "Working towards probation targets (outlined below)"
//   communication/1A/1, /2
//   teamwork/1A/1 "Works closely ...", /2 "May need support ...", /3 "Captain might support ..."
//   culture-conduct/1A/1, /2, /3 (the level's plain criteria belong to its first rung)
// Version 2 removes teamwork/1A/2 (so "Captain ..." moves up to teamwork/1A/2) and rewords
// knowledgeandimpact/1A/1.
TEST_P(TrackerTest, ResultsSurviveANewFrameworkVersionThatRemovesAndRewordsCriteria) {
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);
  const Framework& v1 = v1_[0];
  const int64_t v1_id = catalog_->Current(test::kCustomerOperations).version_id;

  const std::string removed_key = CriterionKey("teamwork/1A/2");
  const std::string captain_old_key = CriterionKey("teamwork/1A/3");
  const std::string reworded_key = CriterionKey("knowledgeandimpact/1A/1");
  const Criterion* removed = FindCriterionByKey(v1, removed_key);
  const Criterion* captain = FindCriterionByKey(v1, captain_old_key);
  const Criterion* reworded = FindCriterionByKey(v1, reworded_key);
  ASSERT_NE(removed, nullptr);
  ASSERT_NE(captain, nullptr);
  ASSERT_NE(reworded, nullptr);
  const std::string removed_text = removed->text;
  const std::string captain_text = captain->text;
  const std::string reworded_text = reworded->text;
  ASSERT_EQ(removed_text, "May need support on how to navigate the professional environment");
  ASSERT_EQ(captain_text.rfind("Captain might support", 0), 0u) << captain_text;
  ASSERT_EQ(reworded_text, "Working towards probation targets (outlined below)");

  // Version 1: everything of 1A agreed except communication/1A/1. The criterion about to be
  // removed is "not yet" and the one after it "exceeding", so a result carried over by key
  // instead of by text would show.
  Result<CheckIn> checkin = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(checkin.ok()) << checkin.status().message;
  EXPECT_EQ(checkin->framework_version_id, v1_id);
  Result<CheckIn> agreed = tracker_->Agree(
      manager, checkin->id,
      {Agreed(reworded_key, Assessment::kMeeting),
       Agreed(CriterionKey("communication/1A/2"), Assessment::kMeeting),
       Agreed(CriterionKey("teamwork/1A/1"), Assessment::kMeeting),
       Agreed(removed_key, Assessment::kNotYet), Agreed(captain_old_key, Assessment::kExceeding),
       Agreed(CriterionKey("culture-conduct/1A/1"), Assessment::kMeeting),
       Agreed(CriterionKey("culture-conduct/1A/2"), Assessment::kMeeting),
       Agreed(CriterionKey("culture-conduct/1A/3"), Assessment::kMeeting)});
  ASSERT_TRUE(agreed.ok()) << agreed.status().message;
  ASSERT_EQ(agreed->state, CheckInState::kFrozen);

  Framework edited = v1;
  TopicRung* teamwork = MutableTopicRung(edited, "teamwork", "1A");
  ASSERT_NE(teamwork, nullptr);
  ASSERT_EQ(teamwork->criteria.size(), 3u);
  teamwork->criteria.erase(teamwork->criteria.begin() + 1);
  Criterion* to_reword = MutableCriterion(edited, reworded_key);
  ASSERT_NE(to_reword, nullptr);
  to_reword->text = "Working towards the probation targets (outlined below)";
  RegisterVersion2(std::move(edited));
  const Framework& v2 = v2_[0];
  const int64_t v2_id = catalog_->Current(test::kCustomerOperations).version_id;
  ASSERT_NE(v2_id, v1_id);
  ASSERT_EQ(FindCriterionByKey(v2, CriterionKey("teamwork/1A/2"))->text, captain_text);
  ASSERT_EQ(FindCriterionByKey(v2, CriterionKey("teamwork/1A/3")), nullptr);

  // The old check-in is shown as it was made: version 1's text.
  Result<CheckInView> old = tracker_->GetCheckIn(manager, checkin->id);
  ASSERT_TRUE(old.ok()) << old.status().message;
  EXPECT_EQ(old->checkin.framework_version_id, v1_id);
  ASSERT_NE(old->framework, nullptr);
  const Criterion* old_removed = FindCriterionByKey(*old->framework, removed_key);
  ASSERT_NE(old_removed, nullptr);
  EXPECT_EQ(old_removed->text, removed_text);
  EXPECT_EQ(FindCriterionByKey(*old->framework, captain_old_key)->text, captain_text);
  EXPECT_EQ(FindCriterionByKey(*old->framework, reworded_key)->text, reworded_text);
  EXPECT_EQ(*old->framework, v1);

  // The person's page lists the removed criterion for review, and only it.
  Result<PersonView> page = tracker_->Person(manager, member.id);
  ASSERT_TRUE(page.ok()) << page.status().message;
  EXPECT_EQ(page->record->framework.version_id, v2_id);
  ASSERT_EQ(page->record->unmatched.size(), 1u);
  EXPECT_EQ(page->record->unmatched[0].key, removed_key);
  EXPECT_EQ(page->record->unmatched[0].text, removed_text);
  EXPECT_EQ(page->record->unmatched[0].topic, "teamwork");
  EXPECT_EQ(page->record->unmatched[0].rung, "1A");

  // The rewording was recognised as one.
  Result<std::shared_ptr<const CriterionMap>> map = catalog_->MapToCurrent(v1_id);
  ASSERT_TRUE(map.ok());
  ASSERT_EQ((*map)->by_old_key.count(reworded_key), 1u);
  EXPECT_EQ((*map)->by_old_key.at(reworded_key).kind, MatchKind::kReworded);
  EXPECT_EQ((*map)->by_old_key.at(captain_old_key).new_key, CriterionKey("teamwork/1A/2"));

  // The standing on version 2 counts version 1's results by text: the shifted criterion keeps
  // its own "exceeding" (not the removed one's "not yet"), the reworded one its "meeting".
  const Standing& standing = page->record->standing;
  EXPECT_EQ(standing.demonstrated_rung, "");
  ASSERT_EQ(standing.next_rung, "1A");
  ASSERT_EQ(standing.next_total, 8);
  EXPECT_EQ(standing.next_met, 7);
  for (const CriterionStanding& c : standing.next_criteria) {
    const std::string& key = c.criterion->key;
    const CriterionStatus expected = key == CriterionKey("communication/1A/1")
                                         ? CriterionStatus::kNotAssessed
                                         : CriterionStatus::kMet;
    EXPECT_EQ(c.status, expected) << key << " " << c.criterion->text;
    if (expected == CriterionStatus::kMet) {
      EXPECT_EQ(c.checkin_id, checkin->id) << key;
    }
  }

  // A check-in on version 2 agrees the last one: the rung is demonstrated from both versions.
  Result<CheckIn> second = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(second.ok()) << second.status().message;
  EXPECT_EQ(second->framework_version_id, v2_id);
  // Results name version 2's criteria now: teamwork 1A has no third criterion any more.
  EXPECT_FALSE(
      tracker_->Agree(manager, second->id, {Agreed(captain_old_key, Assessment::kMeeting)}).ok());
  ASSERT_TRUE(tracker_
                  ->Agree(manager, second->id,
                          {Agreed(CriterionKey("communication/1A/1"), Assessment::kMeeting)})
                  .ok());
  Result<PersonView> after = tracker_->Person(member, member.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->record->standing.demonstrated_rung, "1A");
  EXPECT_EQ(after->record->standing.next_rung, "1A-after-probation");
  ASSERT_EQ(after->record->unmatched.size(), 1u);
  EXPECT_EQ(after->record->unmatched[0].key, removed_key);
  // The first check-in still reads as version 1.
  Result<CheckInView> first = tracker_->GetCheckIn(member, checkin->id);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(FindCriterionByKey(*first->framework, removed_key)->text, removed_text);
}

// A later "not yet" in version 2 overrides a version 1 "meeting" on the same (shifted)
// criterion: the newest agreed result decides, whichever version it came from.
TEST_P(TrackerTest, ANewerResultOnTheNewVersionOverridesAnOlderOne) {
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);
  Result<CheckIn> first = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(
      tracker_
          ->Agree(manager, first->id, {Agreed(CriterionKey("teamwork/1A/3"), Assessment::kMeeting)})
          .ok());
  Framework edited = v1_[0];
  TopicRung* teamwork = MutableTopicRung(edited, "teamwork", "1A");
  ASSERT_NE(teamwork, nullptr);
  teamwork->criteria.erase(teamwork->criteria.begin() + 1);
  RegisterVersion2(std::move(edited));

  auto status_of = [&](const std::string& key) {
    Result<PersonView> view = tracker_->Person(member, member.id);
    EXPECT_TRUE(view.ok());
    for (const CriterionStanding& c : view->record->standing.next_criteria) {
      if (c.criterion->key == key) return c.status;
    }
    ADD_FAILURE() << key << " is not in the next rung";
    return CriterionStatus::kNotAssessed;
  };
  EXPECT_EQ(status_of(CriterionKey("teamwork/1A/2")), CriterionStatus::kMet);
  Result<CheckIn> second = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(
      tracker_
          ->Agree(manager, second->id, {Agreed(CriterionKey("teamwork/1A/2"), Assessment::kNotYet)})
          .ok());
  EXPECT_EQ(status_of(CriterionKey("teamwork/1A/2")), CriterionStatus::kNotYet);
}

// --- Who may do what ------------------------------------------------------------------------

TEST_P(TrackerTest, NobodyAgreesTheirOwnCheckIn) {
  const User admin = Add("admin", Role::kAdmin);
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);
  const std::string key = CriterionKey("teamwork/1A/1");

  Result<CheckIn> checkin = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(checkin.ok()) << checkin.status().message;
  Result<CheckIn> own = tracker_->Agree(member, checkin->id, {Agreed(key, Assessment::kMeeting)});
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.status().code, StatusCode::kForbidden);
  // Nor fills in the manager side of it.
  CriterionResult result;
  result.criterion_key = key;
  result.manager = Assessment::kMeeting;
  Result<CheckIn> manager_side =
      tracker_->SaveResults(member, checkin->id, Side::kManager, {result}, "");
  ASSERT_FALSE(manager_side.ok());
  EXPECT_EQ(manager_side.status().code, StatusCode::kForbidden);
  Result<CheckInView> view = tracker_->GetCheckIn(member, checkin->id);
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->can_self);
  EXPECT_FALSE(view->can_manage);
  EXPECT_EQ(store_->GetCheckIn(checkin->id)->state, CheckInState::kOpen);
  EXPECT_TRUE(store_->GetCheckIn(checkin->id)->results.empty());

  // An admin is no exception for their own check-in.
  Result<CheckIn> admins = tracker_->StartCheckIn(admin, admin.id);
  ASSERT_TRUE(admins.ok()) << admins.status().message;
  Result<CheckIn> self_agreed =
      tracker_->Agree(admin, admins->id, {Agreed(key, Assessment::kMeeting)});
  ASSERT_FALSE(self_agreed.ok());
  EXPECT_EQ(self_agreed.status().code, StatusCode::kForbidden);

  // The manager does agree it, once.
  Result<CheckIn> by_manager =
      tracker_->Agree(manager, checkin->id, {Agreed(key, Assessment::kMeeting)});
  ASSERT_TRUE(by_manager.ok()) << by_manager.status().message;
  EXPECT_EQ(by_manager->frozen_by, manager.id);
  Result<CheckIn> twice = tracker_->Agree(manager, checkin->id, {Agreed(key, Assessment::kNotYet)});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code, StatusCode::kConflict);
}

// Agreeing is its own step: the preview says what the results would change, with Agree's
// checks, and writes nothing; only Agree freezes.
TEST_P(TrackerTest, AgreeingIsPreviewedWithoutWriting) {
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);
  const Framework& fw = *catalog_->Current(test::kCustomerOperations).framework;
  const std::string first = AllRungs(fw).front()->id;
  std::vector<CriterionResult> all_met;
  for (const Topic& topic : fw.topics) {
    for (const AssessedCriterion& a : CriteriaForRung(fw, topic, first)) {
      all_met.push_back(Agreed(a.criterion->key, Assessment::kMeeting));
    }
  }
  ASSERT_FALSE(all_met.empty());
  Result<CheckIn> checkin = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(checkin.ok()) << checkin.status().message;

  Result<AgreementPreview> preview = tracker_->PreviewAgreement(manager, checkin->id, all_met);
  ASSERT_TRUE(preview.ok()) << preview.status().message;
  EXPECT_EQ(preview->now.demonstrated_rung, "");
  EXPECT_EQ(preview->after.demonstrated_rung, first);
  EXPECT_EQ(store_->GetCheckIn(checkin->id)->state, CheckInState::kOpen);
  EXPECT_TRUE(store_->LatestAgreed({member.id})->empty());
  // Results that change nothing say so.
  Result<AgreementPreview> none = tracker_->PreviewAgreement(
      manager, checkin->id, {Agreed(all_met.front().criterion_key, Assessment::kNotYet)});
  ASSERT_TRUE(none.ok()) << none.status().message;
  EXPECT_EQ(none->after.demonstrated_rung, "");

  // The member previews nothing of their own; a wrong key is named.
  Result<AgreementPreview> own = tracker_->PreviewAgreement(member, checkin->id, all_met);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.status().code, StatusCode::kForbidden);
  Result<AgreementPreview> wrong = tracker_->PreviewAgreement(
      manager, checkin->id, {Agreed("no/such/key", Assessment::kMeeting)});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().field, "results");

  ASSERT_TRUE(tracker_->Agree(manager, checkin->id, all_met).ok());
  Result<Standing> standing = tracker_->StandingOf(member, {});
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->demonstrated_rung, preview->after.demonstrated_rung);
  Result<AgreementPreview> frozen = tracker_->PreviewAgreement(manager, checkin->id, all_met);
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.status().code, StatusCode::kConflict);
}

// Person pages come from a cache: viewers share one record, keep their own rights, and see
// every write (their own or anyone's) on the next view.
TEST_P(TrackerTest, APersonsPageIsSharedUntilAWriteChangesIt) {
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);
  Result<PersonView> by_manager = tracker_->Person(manager, member.id);
  Result<PersonView> by_member = tracker_->Person(member, member.id);
  ASSERT_TRUE(by_manager.ok() && by_member.ok());
  EXPECT_EQ(by_manager->record, by_member->record);  // built once
  EXPECT_TRUE(by_manager->can_manage);
  EXPECT_FALSE(by_member->can_manage);
  EXPECT_TRUE(by_member->record->checkins.empty());

  Result<CheckIn> checkin = tracker_->StartCheckIn(member, member.id);
  ASSERT_TRUE(checkin.ok());
  Result<PersonView> started = tracker_->Person(member, member.id);
  ASSERT_TRUE(started.ok());
  ASSERT_EQ(started->record->checkins.size(), 1u);
  EXPECT_TRUE(by_member->record->checkins.empty());  // the old record is untouched

  ASSERT_TRUE(tracker_
                  ->Agree(manager, checkin->id,
                          {Agreed(CriterionKey("teamwork/1A/1"), Assessment::kMeeting)})
                  .ok());
  Result<PersonView> agreed = tracker_->Person(member, member.id);
  ASSERT_TRUE(agreed.ok());
  EXPECT_EQ(agreed->record->history.size(), 1u);
  EXPECT_EQ(agreed->record->standing.next_met, 1);
  EXPECT_EQ(started->record->standing.next_met, 0);

  // A write made without this tracker (another instance, the CLI) is seen too.
  User renamed = store_->GetUser(member.id).value();
  renamed.name = "Renamed Elsewhere";
  ASSERT_TRUE(store_->UpdateUser(renamed, Actor::System()).ok());
  Result<PersonView> after = tracker_->Person(manager, member.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->record->person.name, "Renamed Elsewhere");
}

TEST_P(TrackerTest, AManagersManagerSeesReportsOfReports) {
  const User head = Add("head", Role::kManager);
  const User lead = Add("lead", Role::kManager, head.id);
  const User member = Add("member", Role::kMember, lead.id);
  const User elsewhere = Add("elsewhere", Role::kMember);

  EXPECT_TRUE(tracker_->Manages(head, lead));
  EXPECT_TRUE(tracker_->Manages(head, member));
  EXPECT_TRUE(tracker_->Manages(lead, member));
  EXPECT_FALSE(tracker_->Manages(lead, head));
  EXPECT_FALSE(tracker_->Manages(member, lead));
  EXPECT_FALSE(tracker_->Manages(head, elsewhere));
  EXPECT_FALSE(tracker_->Manages(head, head));

  Result<PersonView> page = tracker_->Person(head, member.id);
  ASSERT_TRUE(page.ok()) << page.status().message;
  EXPECT_TRUE(page->can_manage);
  ASSERT_TRUE(page->record->manager.has_value());
  EXPECT_EQ(page->record->manager->id, lead.id);

  Result<std::vector<User>> visible = tracker_->VisiblePeople(head);
  ASSERT_TRUE(visible.ok());
  std::vector<int64_t> ids;
  for (const User& u : *visible) ids.push_back(u.id);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], head.id);  // themselves first
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{head.id, lead.id, member.id}));

  Result<std::shared_ptr<const TeamView>> overview = tracker_->TeamOverview(head, {});
  ASSERT_TRUE(overview.ok());
  std::vector<int64_t> rows;
  for (const TeamRow& row : (*overview)->rows) rows.push_back(row.person.id);
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<int64_t>{lead.id, member.id}));

  // The head assesses and agrees the member's check-in.
  Result<CheckIn> checkin = tracker_->StartCheckIn(head, member.id);
  ASSERT_TRUE(checkin.ok()) << checkin.status().message;
  EXPECT_TRUE(
      tracker_
          ->Agree(head, checkin->id, {Agreed(CriterionKey("teamwork/1A/1"), Assessment::kMeeting)})
          .ok());

  // Not upwards, not sideways; and the refusal is the same as for someone who does not exist.
  Result<User> up = tracker_->VisiblePerson(lead, head.id);
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.status().code, StatusCode::kForbidden);
  Result<User> sideways = tracker_->VisiblePerson(head, elsewhere.id);
  ASSERT_FALSE(sideways.ok());
  EXPECT_EQ(sideways.status().code, StatusCode::kForbidden);
  Result<User> missing = tracker_->VisiblePerson(head, 999999);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code, StatusCode::kForbidden);
  EXPECT_EQ(missing.status().message, sideways.status().message);

  // Moving the lead away takes the member with them.
  User moved = lead;
  moved.manager_id.reset();
  ASSERT_TRUE(store_->UpdateUser(moved, Actor::System()).ok());
  Result<User> member_now = store_->GetUser(member.id);
  ASSERT_TRUE(member_now.ok());
  EXPECT_FALSE(tracker_->Manages(head, *member_now));
  EXPECT_FALSE(tracker_->Person(head, member.id).ok());
}

TEST_P(TrackerTest, AnAdminCannotRemoveThemselves) {
  const User admin = Add("admin", Role::kAdmin);
  const User second = Add("second", Role::kAdmin);
  for (std::optional<Removal> how :
       {std::optional<Removal>(), std::optional<Removal>(Removal::kErase),
        std::optional<Removal>(Removal::kAnonymise)}) {
    const Status s = tracker_->RemovePerson(admin, admin.id, how);
    EXPECT_FALSE(s.ok());
    Result<User> still = store_->GetUser(admin.id);
    ASSERT_TRUE(still.ok());
    EXPECT_EQ(still->name, "admin");
  }
  // Another admin may.
  EXPECT_TRUE(tracker_->RemovePerson(second, admin.id, std::nullopt).ok());
  EXPECT_FALSE(store_->GetUser(admin.id).ok());
}

TEST_P(TrackerTest, NobodyTakesTheirOwnAdminRole) {
  const User admin = Add("admin", Role::kAdmin);
  const User second = Add("second", Role::kAdmin);
  const User manager = Add("manager", Role::kManager);
  const User member = Add("member", Role::kMember, manager.id);

  for (Role lower : {Role::kManager, Role::kMember}) {
    User demoted = admin;
    demoted.role = lower;
    Result<User> refused = tracker_->UpdatePerson(admin, demoted);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().field, "role");
    EXPECT_EQ(store_->GetUser(admin.id)->role, Role::kAdmin);
  }
  // Renaming themselves is fine.
  User renamed = admin;
  renamed.name = "admin renamed";
  ASSERT_TRUE(tracker_->UpdatePerson(admin, renamed).ok());

  // Nobody else makes themselves admin (or anything else) either.
  for (const User& who : {manager, member}) {
    User promoted = who;
    promoted.role = Role::kAdmin;
    Result<User> refused = tracker_->UpdatePerson(who, promoted);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code, StatusCode::kForbidden);
    EXPECT_EQ(store_->GetUser(who.id)->role, who.role);
  }
  // Another admin may change an admin's role.
  User demoted = admin;
  demoted.name = "admin renamed";
  demoted.role = Role::kMember;
  Result<User> by_second = tracker_->UpdatePerson(second, demoted);
  ASSERT_TRUE(by_second.ok()) << by_second.status().message;
  EXPECT_EQ(store_->GetUser(admin.id)->role, Role::kMember);
}

INSTANTIATE_TEST_SUITE_P(Stores, TrackerTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
