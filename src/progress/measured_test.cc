// Measured criteria judged on helpdesk data, through the Tracker on a real SQLite store: the
// bundled customer-operations framework, a person assigned 1A whose next rung is 1A (after
// probation), which asks for "at least 2 weeks" at 10 conversations/h, 95% activity and 95% QA.
#include "progress/measured.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/iso_week.h"
#include "progress/tracker.h"
#include "progress/tracker_test_support.h"
#include "util/hash.h"

namespace rungs {
namespace {

constexpr char kProbation[] = "customer-operations/knowledgeandimpact/1A-after-probation/1";

// Week n of ISO year 2026 (its week 1 starts on Monday 2025-12-29).
int64_t Week(int n) { return WeekIndexOfDay(DaysFromCivil(2025, 12, 29)) + n - 1; }

// A week of one identity: `closed` conversations in `hours` active hours, a little away time
// (activity about 97%), and `reviews` QA reviews of `qa` each.
IdentityWeek Row(const std::string& identity, int week, int64_t closed, double hours,
                 int64_t reviews = 4, double qa = 97) {
  IdentityWeek w;
  w.source = "helpdesk";
  w.space = "agent_id";
  w.identity = identity;
  w.week = Week(week);
  w.closed = closed;
  w.closed_events = closed;
  w.active_seconds = static_cast<int64_t>(hours * 3600);
  w.away_seconds = w.active_seconds / 40;
  w.qa_reviews = reviews;
  w.qa_score_sum = qa * static_cast<double>(reviews);
  return w;
}

class MeasuredTest : public test::TrackerFixture {
 protected:
  MeasuredTest() : TrackerFixture("rungs-measured") {}

  void SetUp() override {
    TrackerFixture::SetUp();
    if (HasFatalFailure()) return;
    User m;
    m.name = "Manager";
    m.email = "manager@example.com";
    m.role = Role::kManager;
    manager_ = store_->CreateUser(m, Actor::System()).value();
    User p;
    p.name = "Ana";
    p.email = "ana@example.com";
    p.role = Role::kMember;
    p.manager_id = manager_.id;
    p.framework_id = test::kCustomerOperations;
    p.assigned_rung = "1A";
    person_ = store_->CreateUser(p, Actor::System()).value();
  }

  void Link(const std::string& identity, const std::string& source = "helpdesk") {
    ASSERT_TRUE(
        store_->LinkIdentity({source, "agent_id", identity, person_.id}, Actor::System()).ok());
  }

  void Ingest(const std::vector<IdentityWeek>& rows, const std::string& source = "helpdesk") {
    IngestBatch batch;
    batch.source = source;
    batch.file_name = "export.csv";
    batch.content_hash = Sha256Hex("batch " + std::to_string(++batches_));
    batch.mapping = "canonical";
    batch.rows_read = static_cast<int64_t>(rows.size());
    batch.rows_used = batch.rows_read;
    batch.first_week = rows.front().week;
    batch.last_week = rows.back().week;
    for (const IdentityWeek& r : rows) {
      batch.first_week = std::min(batch.first_week, r.week);
      batch.last_week = std::max(batch.last_week, r.week);
    }
    Result<IngestOutcome> put = store_->PutIngestBatch(batch, rows, Actor::System());
    ASSERT_TRUE(put.ok()) << put.status().message;
  }

  std::shared_ptr<const PersonRecord> Record() {
    Result<PersonView> view = tracker_->Person(manager_, person_.id);
    EXPECT_TRUE(view.ok()) << view.status().message;
    return view.ok() ? view->record : std::make_shared<PersonRecord>();
  }

  const MeasuredCriterion* Probation(const PersonRecord& record) {
    const MeasuredCriterion* m = record.measured.Find(kProbation);
    EXPECT_NE(m, nullptr);
    return m;
  }

  User manager_;
  User person_;
  int batches_ = 0;
};

TEST_P(MeasuredTest, NoLinkedIdentityIsOneStateNotARowOfNoData) {
  auto record = Record();
  EXPECT_EQ(record->measured.state, MeasuredResults::State::kNoIdentity);
  ASSERT_NE(Probation(*record), nullptr);
  // Only the assigned rung up to the next one: 1B's "consistently 12 conversations" is not here.
  for (const MeasuredCriterion& m : record->measured.criteria) {
    EXPECT_TRUE(m.rung == "1A" || m.rung == "1A-after-probation") << m.rung;
  }
}

TEST_P(MeasuredTest, TwoWeeksAtEveryTargetAreMetAndANewIngestIsSeen) {
  Link("ana");
  auto before = Record();
  ASSERT_EQ(before->measured.state, MeasuredResults::State::kEvaluated);
  ASSERT_NE(Probation(*before), nullptr);
  EXPECT_EQ(Probation(*before)->verdict, Verdict::kNoData);

  // The cached record is rebuilt after the ingest moves the store's change stamp.
  Ingest({Row("ana", 7, 124, 10), Row("ana", 8, 119, 10)});
  auto after = Record();
  const MeasuredCriterion* m = Probation(*after);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kMet) << m->explanation;
  EXPECT_EQ(m->evaluation.deciding, (std::vector<int64_t>{Week(7), Week(8)}));
  EXPECT_EQ(m->explanation, "2 weeks in a row at every target: 2026-W07, 2026-W08");
  EXPECT_EQ(MeasuredEvidenceText(*m),
            "Helpdesk data: met \xE2\x80\x94 2 weeks in a row at every target: 2026-W07, "
            "2026-W08 (12.2 conversations/h, 97.6% activity, 97.0% QA)");
  EXPECT_EQ(Probation(*before)->verdict, Verdict::kNoData);  // the old record is untouched
}

TEST_P(MeasuredTest, WeeksBelowATargetAreNotMet) {
  Link("ana");
  Ingest({Row("ana", 7, 80, 10), Row("ana", 8, 124, 10), Row("ana", 9, 85, 10)});
  const MeasuredCriterion* m = Probation(*Record());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kNotMet) << m->explanation;
  ASSERT_EQ(m->evaluation.weeks.size(), 3u);
  EXPECT_FALSE(m->evaluation.weeks[0].meets);
  EXPECT_EQ(m->evaluation.weeks[0].misses,
            (std::vector<std::string>{"8.00 conversations/h, target 10"}));
}

TEST_P(MeasuredTest, ThinWeeksAreNoDataWithTheReason) {
  Link("ana");
  Ingest({Row("ana", 7, 40, 3), Row("ana", 8, 40, 3, /*reviews=*/1)});
  const MeasuredCriterion* m = Probation(*Record());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kNoData);
  ASSERT_EQ(m->evaluation.weeks.size(), 2u);
  EXPECT_FALSE(m->evaluation.weeks[0].evaluable);
  EXPECT_EQ(m->evaluation.weeks[0].no_data.front(), "3.0 active hours (minimum 5)");
}

TEST_P(MeasuredTest, LinkedIdentitiesAreSummedPerWeek) {
  // Each identity alone has too few hours and reviews; together they have enough.
  Link("ana-chat");
  Link("ana-mail");
  Ingest({Row("ana-chat", 7, 40, 3, 2), Row("ana-mail", 7, 40, 3, 2), Row("ana-chat", 8, 40, 3, 2),
          Row("ana-mail", 8, 40, 3, 2)});
  auto record = Record();
  ASSERT_EQ(record->measured.weeks.size(), 2u);
  EXPECT_EQ(record->measured.weeks[0].closed, 80);
  EXPECT_EQ(record->measured.weeks[0].qa_reviews, 4);
  const MeasuredCriterion* m = Probation(*record);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kMet) << m->explanation;
}

TEST_P(MeasuredTest, InferredActiveTimeLeavesActivityWithoutData) {
  Link("ana");
  IdentityWeek a = Row("ana", 7, 124, 10);
  IdentityWeek b = Row("ana", 8, 124, 10);
  b.active_inferred = true;
  Ingest({a, b});
  auto record = Record();
  ASSERT_EQ(record->measured.weeks.size(), 2u);
  EXPECT_TRUE(record->measured.weeks[1].active_inferred);
  const MeasuredCriterion* m = Probation(*record);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kNoData);
  EXPECT_EQ(m->evaluation.weeks[1].no_data,
            (std::vector<std::string>{"activity: active time is inferred from event times"}));
}

TEST_P(MeasuredTest, WeeksBeforeTheStartDateAreShownButNotCounted) {
  person_.start_date = "2026-02-16";  // a Monday: week 8
  ASSERT_TRUE(store_->UpdateUser(person_, Actor::System()).ok());
  Link("ana");
  Ingest({Row("ana", 7, 124, 10), Row("ana", 8, 124, 10)});
  auto record = Record();
  EXPECT_EQ(record->measured.since_week, Week(8));
  const MeasuredCriterion* m = Probation(*record);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->evaluation.weeks.size(), 2u);
  EXPECT_EQ(m->verdict, Verdict::kNoData) << m->explanation;
}

TEST_P(MeasuredTest, StartingACheckInAddsEvidenceForMetCriteriaAndAgreesNothing) {
  Link("ana");
  Ingest({Row("ana", 7, 124, 10), Row("ana", 8, 119, 10)});
  Result<CheckIn> started = tracker_->StartCheckIn(person_, person_.id);
  ASSERT_TRUE(started.ok()) << started.status().message;
  Result<CheckIn> stored = store_->GetCheckIn(started->id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->evidence.size(), 1u);
  const Evidence& e = stored->evidence[0];
  EXPECT_EQ(e.author_id, 0);  // written by rungs, not by a person
  EXPECT_EQ(e.criterion_keys, std::vector<std::string>{kProbation});
  EXPECT_EQ(e.text.rfind("Helpdesk data: met \xE2\x80\x94 2 weeks in a row", 0), 0u) << e.text;
  EXPECT_TRUE(stored->results.empty());  // the manager still agrees
  EXPECT_EQ(stored->state, CheckInState::kOpen);
}

TEST_P(MeasuredTest, NothingIsAddedWhenNothingIsMet) {
  Link("ana");
  Ingest({Row("ana", 7, 40, 3)});
  Result<CheckIn> started = tracker_->StartCheckIn(manager_, person_.id);
  ASSERT_TRUE(started.ok()) << started.status().message;
  EXPECT_TRUE(store_->GetCheckIn(started->id)->evidence.empty());
}

// Shifts and status from two exports (two batches, two sources): the week's activity is the
// status time inside the schedule, not 0% because the schedule's rows have no active time.
TEST_P(MeasuredTest, ScheduleAndStatusFromDifferentFilesGiveActivity) {
  Link("ana");
  Link("ana", "schedules");
  Ingest({Row("ana", 7, 124, 10), Row("ana", 8, 119, 10)});
  std::vector<IdentityWeek> shifts;
  for (int week : {7, 8}) {
    IdentityWeek w;
    w.source = "schedules";
    w.space = "agent_id";
    w.identity = "ana";
    w.week = Week(week);
    w.scheduled_seconds = 10 * 3600 + 1800;
    shifts.push_back(w);
  }
  Ingest(shifts, "schedules");
  auto record = Record();
  ASSERT_EQ(record->measured.weeks.size(), 2u);
  EXPECT_EQ(record->measured.weeks[0].active_scheduled_seconds, 10 * 3600);
  const MeasuredCriterion* m = Probation(*record);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->verdict, Verdict::kMet) << m->explanation;
  ASSERT_TRUE(m->evaluation.weeks[0].activity_pct.has_value());
  EXPECT_NEAR(*m->evaluation.weeks[0].activity_pct, 100.0 * 10 / 10.5, 1e-9);
}

// --- Pure parts -------------------------------------------------------------------------------

TEST(MeasuredParts, SumWeeksTakesMeasuredOverlapsAndBoundsTheRestPerWeek) {
  // One export had chat's status and shifts: 6 of its 8 active hours were inside 10 scheduled.
  IdentityWeek chat = Row("chat", 7, 0, 8);
  chat.scheduled_seconds = 10 * 3600;
  chat.active_scheduled_seconds = 6 * 3600;
  // Mail's status and shifts came in two files: 3 active hours, 2 scheduled, overlap unknown.
  IdentityWeek mail_status = Row("mail", 7, 0, 3);
  IdentityWeek mail_shifts;
  mail_shifts.identity = "mail";
  mail_shifts.week = Week(7);
  mail_shifts.scheduled_seconds = 2 * 3600;
  const std::vector<WeekData> weeks = SumWeeks({chat, mail_status, mail_shifts});
  ASSERT_EQ(weeks.size(), 1u);
  EXPECT_EQ(weeks[0].scheduled_seconds, 12 * 3600);
  EXPECT_EQ(weeks[0].active_scheduled_seconds, (6 + 2) * 3600);
}

TEST(MeasuredParts, SumWeeksAddsIdentitiesAndKeepsInferred) {
  IdentityWeek a = Row("a", 7, 10, 2);
  IdentityWeek b = Row("b", 7, 5, 1);
  b.active_inferred = true;
  b.scheduled_seconds = 1800;
  IdentityWeek c = Row("a", 9, 1, 1);
  const std::vector<WeekData> weeks = SumWeeks({a, b, c});
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week, Week(7));
  EXPECT_EQ(weeks[0].closed, 15);
  EXPECT_EQ(weeks[0].active_seconds, 3 * 3600);
  EXPECT_TRUE(weeks[0].active_inferred);
  EXPECT_EQ(weeks[0].scheduled_seconds, 1800);
  EXPECT_EQ(weeks[0].active_scheduled_seconds, 1800);  // at most the schedule
  EXPECT_FALSE(weeks[0].rate_unjoined);
  EXPECT_EQ(weeks[1].week, Week(9));
  EXPECT_FALSE(weeks[1].active_inferred);
}

TEST(MeasuredParts, WeekOfDate) {
  EXPECT_EQ(WeekOfDate("2026-02-16"), Week(8));
  EXPECT_EQ(WeekOfDate("2026-02-22"), Week(8));  // Sunday
  EXPECT_EQ(WeekOfDate(""), std::nullopt);
  EXPECT_EQ(WeekOfDate("2026-2-16"), std::nullopt);
  EXPECT_EQ(WeekIndexName(Week(8)), "2026-W08");
}

TEST(MeasuredParts, AdvancedTasksAreAgreedEvidenceStartingAdvancedTask) {
  const std::string key = "fw/t/2A/1";
  auto evidence = [&](const std::string& text, const std::string& k) {
    Evidence e;
    e.text = text;
    e.criterion_keys = {k};
    return e;
  };
  CheckIn frozen;
  frozen.framework_version_id = 1;
  frozen.state = CheckInState::kFrozen;
  frozen.evidence = {evidence("Advanced task: led the activity", key),
                     evidence("  advanced TASK: badge", key),
                     evidence("Advanced task: on another criterion", "fw/t/2A/2"),
                     evidence("Helped with an advanced task", key)};
  CheckIn open = frozen;
  open.state = CheckInState::kOpen;  // not agreed yet
  CheckIn older = frozen;
  older.framework_version_id = 0;  // another framework version
  EXPECT_EQ(CountAdvancedTasks({frozen, open, older}, 1, key), 2);

  // A rule with advanced tasks and no rates is judged on the count alone.
  MeasuredRule rule;
  rule.advanced_tasks = 3;
  FrameworkTargets targets;
  targets.rules[key] = rule;
  Criterion criterion;
  criterion.key = key;
  const std::vector<CheckIn> checkins = {frozen};
  MeasuredInput input;
  input.targets = &targets;
  input.listings = {{&criterion, "t", "2A"}};
  input.identity_linked = true;
  input.checkins = &checkins;
  input.version_id = 1;
  MeasuredResults results = EvaluateMeasured(input);
  ASSERT_EQ(results.criteria.size(), 1u);
  EXPECT_EQ(results.criteria[0].advanced_tasks, 2);
  EXPECT_EQ(results.criteria[0].verdict, Verdict::kNotMet);
  EXPECT_EQ(results.criteria[0].explanation, "2 of 3 advanced tasks agreed");
  rule.advanced_tasks = 2;
  targets.rules[key] = rule;
  results = EvaluateMeasured(input);
  EXPECT_EQ(results.criteria[0].verdict, Verdict::kMet);
}

INSTANTIATE_TEST_SUITE_P(Stores, MeasuredTest, test::Stores(), test::StoreName);

}  // namespace
}  // namespace rungs
