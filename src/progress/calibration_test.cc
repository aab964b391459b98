#include "progress/calibration.h"

#include <gtest/gtest.h>

#include "progress/tracker_test_support.h"

namespace rungs {
namespace {

constexpr Assessment kNotYet = Assessment::kNotYet;
constexpr Assessment kWorking = Assessment::kWorkingTowards;
constexpr Assessment kMeeting = Assessment::kMeeting;
constexpr Assessment kExceeding = Assessment::kExceeding;
constexpr Assessment kNone = Assessment::kNone;

User Named(int64_t id, const std::string& name) {
  User u;
  u.id = id;
  u.name = name;
  u.role = Role::kManager;
  return u;
}

TEST(CalibrationTest, SpreadsPerManagerBesideEveryoneElseAndSelfAssessments) {
  AgreementTallies tallies;
  // Lena agrees generously; her reports rate themselves the same or lower.
  tallies.checkins.push_back({1, 2, 2});
  tallies.results.push_back({1, kMeeting, kExceeding, 1});
  tallies.results.push_back({1, kMeeting, kMeeting, 1});
  tallies.results.push_back({1, kNone, kMeeting, 1});
  tallies.results.push_back({1, kExceeding, kExceeding, 1});
  // Omar agrees strictly; his report rates themselves higher.
  tallies.checkins.push_back({2, 1, 1});
  tallies.results.push_back({2, kMeeting, kWorking, 1});
  tallies.results.push_back({2, kExceeding, kNotYet, 1});
  tallies.results.push_back({2, kWorking, kWorking, 1});
  // Agreed by the command line: in the totals only.
  tallies.checkins.push_back({std::nullopt, 1, 1});
  tallies.results.push_back({std::nullopt, kNone, kMeeting, 1});

  const Calibration c = BuildCalibration(tallies, {{1, Named(1, "Lena")}, {2, Named(2, "Omar")}});
  EXPECT_EQ(c.checkins, 4);
  EXPECT_EQ(c.everyone.total(), 8);
  EXPECT_EQ(c.everyone.met(), 5);
  ASSERT_EQ(c.managers.size(), 2u);
  const ManagerCalibration& lena = c.managers[0];
  EXPECT_EQ(lena.manager.name, "Lena");
  EXPECT_EQ(lena.checkins, 2);
  EXPECT_EQ(lena.people, 2);
  EXPECT_EQ(lena.agreed.exceeding, 2);
  EXPECT_EQ(lena.agreed.meeting, 2);
  EXPECT_DOUBLE_EQ(lena.agreed.MetShare(), 1.0);
  EXPECT_EQ(lena.others.total(), 4);
  EXPECT_EQ(lena.others.met(), 1);
  EXPECT_EQ(lena.compared, 3);  // the result without a self-assessment is not compared
  EXPECT_EQ(lena.self_higher, 0);
  EXPECT_EQ(lena.self_lower, 1);
  const ManagerCalibration& omar = c.managers[1];
  EXPECT_EQ(omar.agreed.working_towards, 2);
  EXPECT_EQ(omar.agreed.not_yet, 1);
  EXPECT_EQ(omar.self.meeting, 1);
  EXPECT_EQ(omar.self.exceeding, 1);
  EXPECT_EQ(omar.self_higher, 2);
  EXPECT_EQ(omar.self_lower, 0);
  EXPECT_DOUBLE_EQ(omar.others.MetShare(), 5.0 / 5.0);

  // Shown only Omar: Lena's results are in the totals, unnamed.
  const Calibration only = BuildCalibration(tallies, {{2, Named(2, "Omar")}});
  ASSERT_EQ(only.managers.size(), 1u);
  EXPECT_EQ(only.everyone.total(), 8);
}

class CalibrationTrackerTest : public test::TrackerFixture {
 protected:
  CalibrationTrackerTest() : TrackerFixture("rungs-calibration") {}

  // A check-in of `person` agreed by `by`, every criterion of the first rung `agreed`.
  void AgreeAll(const User& person, const User& by, Assessment agreed) {
    const Framework& fw = v1_[0];
    Result<CheckIn> c = tracker_->StartCheckIn(by, person.id);
    ASSERT_TRUE(c.ok()) << c.status().message;
    std::vector<CriterionResult> results;
    const std::string first_rung = AllRungs(fw).front()->id;
    for (const Topic& topic : fw.topics) {
      for (const AssessedCriterion& a : CriteriaForRung(fw, topic, first_rung)) {
        CriterionResult r;
        r.criterion_key = a.criterion->key;
        r.agreed = agreed;
        results.push_back(r);
      }
    }
    ASSERT_FALSE(results.empty());
    Result<CheckIn> frozen = tracker_->Agree(by, c->id, results);
    ASSERT_TRUE(frozen.ok()) << frozen.status().message;
  }
};

TEST_P(CalibrationTrackerTest, ManagersSeeThemselvesAndTheManagersUnderThem) {
  const User admin = AddPerson("ada@example.com", Role::kAdmin, std::nullopt);
  const User head = AddPerson("hana@example.com", Role::kManager, std::nullopt);
  const User lead = AddPerson("lee@example.com", Role::kManager, head.id);
  const User other = AddPerson("omar@example.com", Role::kManager, std::nullopt);
  const User ana = AddPerson("ana@example.com", Role::kMember, lead.id, test::kCustomerOperations);
  const User bo = AddPerson("bo@example.com", Role::kMember, other.id, test::kCustomerOperations);
  AgreeAll(ana, lead, Assessment::kMeeting);
  AgreeAll(bo, other, Assessment::kNotYet);

  Result<Calibration> as_head = tracker_->TeamCalibration(head);
  ASSERT_TRUE(as_head.ok()) << as_head.status().message;
  ASSERT_EQ(as_head->managers.size(), 1u);  // Lee, under Hana; not Omar
  EXPECT_EQ(as_head->managers[0].manager.id, lead.id);
  EXPECT_EQ(as_head->checkins, 2);  // the organisation's, counted
  EXPECT_DOUBLE_EQ(as_head->managers[0].agreed.MetShare(), 1.0);
  EXPECT_DOUBLE_EQ(as_head->managers[0].others.MetShare(), 0.0);

  Result<Calibration> as_admin = tracker_->TeamCalibration(admin);
  ASSERT_TRUE(as_admin.ok());
  EXPECT_EQ(as_admin->managers.size(), 2u);
  EXPECT_EQ(tracker_->TeamCalibration(ana).status().code, StatusCode::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Stores, CalibrationTrackerTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
