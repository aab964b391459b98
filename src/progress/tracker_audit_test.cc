// Tracker::ReadAudit on a real store: admins only, names and words, the filters, folded
// sign-ins, paging, the zone, and people removed since.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "progress/tracker.h"
#include "progress/tracker_test_support.h"

namespace rungs {
namespace {

class TrackerAuditTest : public test::TrackerFixture {
 protected:
  TrackerAuditTest() : TrackerFixture("rungs-tracker-audit") {}

  User AddPerson(const std::string& name, Role role, std::optional<int64_t> manager = {},
                 std::optional<int64_t> team = {}) {
    User u;
    u.name = name;
    u.email = fmt::format("p{}@example.com", ++people_);
    u.role = role;
    u.manager_id = manager;
    u.team_id = team;
    u.framework_id = test::kCustomerOperations;
    Result<User> created = store_->CreateUser(u, Actor::System());
    EXPECT_TRUE(created.ok()) << created.status().message;
    return created.ok() ? *created : u;
  }

  void SignIn(const User& u) {
    const std::string digest = fmt::format("{:064}", ++sessions_);
    ASSERT_TRUE(store_->CreateSession({digest, u.id, "csrf", 1000, 4000000000, 1000}).ok());
  }

  AuditPage Read(const User& viewer, AuditQuery query) {
    Result<AuditPage> page = tracker_->ReadAudit(viewer, query);
    EXPECT_TRUE(page.ok()) << page.status().message;
    if (!page.ok()) return {};
    EXPECT_TRUE(page->refusal.ok()) << page->refusal.field << ": " << page->refusal.message;
    return std::move(page).value();
  }

  // "Who words about" per row, newest first.
  static std::vector<std::string> Lines(const AuditPage& page) {
    std::vector<std::string> lines;
    for (const AuditRow& r : page.rows) lines.push_back(r.actor + " " + r.words + " " + r.target);
    return lines;
  }

  // An admin in a London team, Priya's manager, Priya with an agreed check-in and evidence, and
  // Sam, whom nothing happens to.
  void MakeTeam() {
    Result<Team> team =
        store_->CreateTeam({0, "Support EMEA", "Europe/London", 0}, Actor::System());
    ASSERT_TRUE(team.ok());
    admin_ = AddPerson("Alex Admin", Role::kAdmin, std::nullopt, team->id);
    manager_ = AddPerson("Morgan Lee", Role::kManager);
    priya_ = AddPerson("Priya Shah", Role::kMember, manager_.id);
    sam_ = AddPerson("Sam Rivera", Role::kMember, manager_.id);
    Result<CheckIn> checkin = tracker_->StartCheckIn(priya_, priya_.id);
    ASSERT_TRUE(checkin.ok()) << checkin.status().message;
    checkin_ = checkin->id;
    Evidence e;
    e.text = "Ran the weekend queue";
    e.criterion_keys = {test::CriterionKey("teamwork/1A/1")};
    ASSERT_TRUE(tracker_->AddEvidence(priya_, checkin_, e).ok());
    CriterionResult agreed;
    agreed.criterion_key = test::CriterionKey("teamwork/1A/1");
    agreed.agreed = Assessment::kMeeting;
    Result<CheckIn> frozen = tracker_->Agree(manager_, checkin_, {agreed});
    ASSERT_TRUE(frozen.ok()) << frozen.status().message;
  }

  int people_ = 0;
  int sessions_ = 0;
  User admin_, manager_, priya_, sam_;
  int64_t checkin_ = 0;
};

TEST_P(TrackerAuditTest, OnlyAdminsReadTheLog) {
  MakeTeam();
  for (const User* who : {&manager_, &priya_}) {
    Result<AuditPage> page = tracker_->ReadAudit(*who, {});
    EXPECT_EQ(page.status().code, StatusCode::kForbidden) << who->name;
  }
  AuditQuery too_many;
  too_many.limit = kMaxAuditRows + 1;
  EXPECT_EQ(tracker_->ReadAudit(admin_, too_many).status().field, "limit");
}

TEST_P(TrackerAuditTest, EntriesReadAsNamesAndWordsInTheTeamsZone) {
  MakeTeam();
  const AuditPage page = Read(admin_, {});
  EXPECT_EQ(page.zone.name(), "Europe/London");
  EXPECT_TRUE(page.team_zone);
  const std::vector<std::string> lines = Lines(page);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "Morgan Lee agreed a check-in Priya Shah's check-in 1");
  EXPECT_EQ(lines[1], "Priya Shah added evidence Priya Shah's check-in 1");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "rungs added a team team Support EMEA"),
            lines.end());
  EXPECT_EQ(lines.back(), "rungs stored a framework version framework version 1");
  for (const AuditRow& r : page.rows) EXPECT_NE(r.words, r.action) << r.action << " has no words";
  ASSERT_EQ(page.people.size(), 4u);
  EXPECT_EQ(page.people[0].name, "Alex Admin");  // by name, for the filters
  EXPECT_EQ(page.older, 0);

  // An admin in no team reads UTC.
  const User other = AddPerson("Olu Other", Role::kAdmin);
  const AuditPage utc = Read(other, {});
  EXPECT_EQ(utc.zone.name(), "UTC");
  EXPECT_FALSE(utc.team_zone);
}

TEST_P(TrackerAuditTest, FiltersByWhoWhomWhatAndWhen) {
  MakeTeam();
  AuditQuery by_manager;
  by_manager.who = std::to_string(manager_.id);
  EXPECT_EQ(Lines(Read(admin_, by_manager)),
            (std::vector<std::string>{"Morgan Lee agreed a check-in Priya Shah's check-in 1"}));

  AuditQuery by_rungs;
  by_rungs.who = "rungs";
  for (const AuditRow& r : Read(admin_, by_rungs).rows) EXPECT_EQ(r.actor, "rungs");

  // About Priya: her own entry and her check-in's, not Sam's.
  AuditQuery about;
  about.whom = std::to_string(priya_.id);
  const std::vector<std::string> hers = Lines(Read(admin_, about));
  EXPECT_EQ(hers, (std::vector<std::string>{
                      "Morgan Lee agreed a check-in Priya Shah's check-in 1",
                      "Priya Shah added evidence Priya Shah's check-in 1",
                      "Priya Shah started a check-in Priya Shah's check-in 1",
                      "rungs added a person Priya Shah",
                  }));

  AuditQuery family;
  family.what = "checkin.*";
  EXPECT_EQ(Read(admin_, family).rows.size(), 2u);
  family.what = "checkin.agree";
  EXPECT_EQ(Read(admin_, family).rows.size(), 1u);

  // Today (in London) has everything; the day after nothing.
  const int64_t now = Read(admin_, {}).rows[0].at;
  const TimeZone london = TimeZone::Parse("Europe/London").value();
  const std::string today = FormatIsoInZone(now, london).substr(0, 10);
  const std::string tomorrow = FormatIsoInZone(now + 86400, london).substr(0, 10);
  AuditQuery when;
  when.from = today;
  when.to = today;
  EXPECT_EQ(Read(admin_, when).rows.size(), Read(admin_, {}).rows.size());
  when.from = when.to = tomorrow;
  EXPECT_TRUE(Read(admin_, when).rows.empty());

  // A filter that does not read: the page says which, with no rows.
  AuditQuery bad;
  bad.from = "2026-02-30";
  Result<AuditPage> refused = tracker_->ReadAudit(admin_, bad);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->refusal.field, "from");
  EXPECT_TRUE(refused->rows.empty());
  EXPECT_EQ(refused->people.size(), 4u);  // the form is shown again
}

TEST_P(TrackerAuditTest, SignInsFoldAndPagesFollowOnWithoutGapsOrRepeats) {
  MakeTeam();
  for (int i = 0; i < 5; ++i) SignIn(priya_);
  SignIn(sam_);
  SignIn(priya_);
  const AuditPage page = Read(admin_, {});
  const std::vector<std::string> lines = Lines(page);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "Priya Shah signed in Priya Shah");
  EXPECT_EQ(lines[1], "Sam Rivera signed in Sam Rivera");
  EXPECT_EQ(lines[2], "Priya Shah signed in 5 times Priya Shah");
  EXPECT_EQ(page.rows[2].entries, 5);

  // Two rows a page, newest first, to the end: the same rows as one page.
  std::vector<std::string> paged;
  AuditQuery query;
  query.limit = 2;
  for (int guard = 0; guard < 20; ++guard) {
    const AuditPage part = Read(admin_, query);
    EXPECT_LE(part.rows.size(), 2u);
    for (const std::string& line : Lines(part)) paged.push_back(line);
    if (part.older == 0) break;
    query.before = std::to_string(part.older);
  }
  EXPECT_EQ(paged, lines);

  // The CSV's reading: every entry.
  AuditQuery unfolded;
  unfolded.fold = false;
  unfolded.what = "session.create";
  EXPECT_EQ(Read(admin_, unfolded).rows.size(), 7u);
}

TEST_P(TrackerAuditTest, PeopleRemovedSinceAreNamedAsRemoved) {
  MakeTeam();
  ASSERT_TRUE(tracker_->RemovePerson(admin_, priya_.id, Removal::kErase).ok());
  ASSERT_TRUE(tracker_->RemovePerson(admin_, sam_.id, Removal::kAnonymise).ok());
  AuditQuery about;
  about.whom = std::to_string(priya_.id);
  const std::vector<std::string> lines = Lines(Read(admin_, about));
  ASSERT_FALSE(lines.empty());
  // Her check-ins went with her, so only the entries on her person are found.
  EXPECT_EQ(lines[0], fmt::format("Alex Admin erased a person person #{} (removed)", priya_.id));
  const std::vector<std::string> all = Lines(Read(admin_, {}));
  EXPECT_NE(std::find(all.begin(), all.end(),
                      fmt::format("person #{} (removed) started a check-in check-in #{} (removed)",
                                  priya_.id, checkin_)),
            all.end());
  EXPECT_EQ(all[0], fmt::format("Alex Admin anonymised a person Former employee {}", sam_.id));
}

INSTANTIATE_TEST_SUITE_P(Stores, TrackerAuditTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
