// People benchmark, store side: seeds a real SQLite store through the Store interface with
// PEOPLE people (managers of 50 reports each) on one framework, each with CHECKINS agreed
// check-ins of 50 criteria, then times what the pages do, with a baseline in the same run:
//   - Store::LatestAgreed for everyone, against a plain scan of every stored result (the floor
//     for reading results any other way);
//   - every person's standing (LatestAgreed once, one StandingPlan), the target: under 1 s for
//     10,000 people;
//   - one manager's team overview (Tracker::TeamOverview, what /team renders), and a lead's
//     of four managers (200 people under them).
// It prints "session TOKEN", "person ID" and "token TOKEN" lines for bench/people_bench.sh,
// which measures the pages with wrk.
//
//   build/people_seed DB FRAMEWORKS_DIR FRAMEWORK_ID [PEOPLE] [CHECKINS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "auth/secrets.h"
#include "framework/loader.h"
#include "progress/catalog.h"
#include "progress/levels.h"
#include "progress/tracker.h"
#include "store/sqlite_store.h"

namespace rungs {
namespace {

constexpr int kCriteria = 50;
constexpr int kReportsPerManager = 50;
// The bench lead manages this many managers: a team of 200 below them.
constexpr int kManagersLed = 4;

double Millis(const std::function<void()>& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "people_seed: %s: %s\n", what, s.message.c_str());
    std::exit(1);
  }
}

// The first kCriteria assessable criteria of the framework, in rung order.
std::vector<const Criterion*> PickCriteria(const Framework& fw) {
  std::vector<const Criterion*> picked;
  for (const Rung* rung : AllRungs(fw)) {
    for (const Topic& topic : fw.topics) {
      const TopicRung* tr = FindTopicRung(topic, rung->id);
      if (tr == nullptr) continue;
      for (const Criterion& c : tr->criteria) {
        if (!c.reference && picked.size() < kCriteria) picked.push_back(&c);
      }
    }
  }
  return picked;
}

int Run(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: people_seed DB FRAMEWORKS_DIR FRAMEWORK_ID [PEOPLE] [CHECKINS]\n");
    return 2;
  }
  const std::string db = argv[1];
  const int people = argc > 4 ? std::atoi(argv[4]) : 10000;
  const int checkins = argc > 5 ? std::atoi(argv[5]) : 12;
  if (!InitSecrets()) return 1;
  Diagnostics diagnostics;
  LoadResult loaded = LoadFrameworks(CollectFiles({argv[2]}, diagnostics));
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(db);
  if (!opened.ok()) Check(opened.status(), "open");
  Store& store = **opened;
  FrameworkCatalog catalog(store);
  Check(catalog.Register(loaded.frameworks), "register frameworks");
  const CurrentFramework current = catalog.Current(argv[3]);
  if (current.framework == nullptr) {
    std::fprintf(stderr, "people_seed: no framework %s in %s\n", argv[3], argv[2]);
    return 1;
  }
  const std::vector<const Criterion*> criteria = PickCriteria(*current.framework);
  const std::vector<const Rung*> rungs = AllRungs(*current.framework);

  Result<std::vector<User>> existing = store.ListUsers();
  const bool seeded = existing.ok() && static_cast<int>(existing->size()) >= people;
  if (!seeded) {
    std::mt19937 random(42);
    int64_t manager_id = 0;
    int done_checkins = 0;
    const double seed_ms = Millis([&] {
      for (int i = 0; i < people; ++i) {
        User u;
        const bool manager = i % (kReportsPerManager + 1) == 0;
        u.email = fmt::format("person{}@bench.invalid", i);
        u.name = fmt::format("Person {}", i);
        u.role = i == 0 ? Role::kAdmin : manager ? Role::kManager : Role::kMember;
        u.framework_id = current.framework->id;
        u.assigned_rung = rungs[random() % std::min<size_t>(rungs.size(), 3)]->id;
        if (!manager) u.manager_id = manager_id;
        Result<User> created = store.CreateUser(u, Actor::System());
        if (!created.ok()) Check(created.status(), "user");
        if (manager) manager_id = created->id;
        if (manager) continue;
        for (int c = 0; c < checkins; ++c) {
          Result<CheckIn> checkin =
              store.CreateCheckIn(created->id, current.version_id, Actor::Of(manager_id));
          if (!checkin.ok()) Check(checkin.status(), "check-in");
          std::vector<CriterionResult> results;
          for (const Criterion* criterion : criteria) {
            CriterionResult r;
            r.criterion_key = criterion->key;
            r.text_hash = criterion->text_hash;
            // People improve: later check-ins meet more.
            r.agreed = static_cast<int>(random() % 12) < c + 2 ? Assessment::kMeeting
                                                               : Assessment::kWorkingTowards;
            results.push_back(r);
          }
          Result<CheckIn> agreed = store.Agree(checkin->id, results, Actor::Of(manager_id));
          if (!agreed.ok()) Check(agreed.status(), "agree");
          ++done_checkins;
        }
        if (i % 1000 == 0) std::fprintf(stderr, "people_seed: %d people seeded\n", i);
      }
    });
    std::printf("seeded %d people, %d check-ins x %zu criteria in %.1f s (%.2f ms per check-in)\n",
                people, done_checkins, criteria.size(), seed_ms / 1000,
                seed_ms / std::max(done_checkins, 1));
  }

  Result<std::vector<User>> users = store.ListUsers();
  if (!users.ok()) return 1;
  // The floor: every stored result read once with plain SQL.
  long long scanned = 0;
  const double scan_ms = Millis([&] {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, "SELECT criterion_key, agreed FROM checkin_results");
    while (q.executeStep()) scanned += q.getColumn(0).size() + q.getColumn(1).size();
  });
  std::vector<AgreedResult> agreed;
  const double latest_ms = Millis([&] {
    Result<std::vector<AgreedResult>> all = store.LatestAgreed({});
    if (all.ok()) agreed = std::move(all).value();
  });
  // Group by person, then compute every standing with one plan.
  std::map<int64_t, std::vector<AgreedResult>> by_person;
  int demonstrated = 0;
  const double standings_ms = Millis([&] {
    by_person.clear();
    for (AgreedResult& a : agreed) by_person[a.user_id].push_back(std::move(a));
    const StandingPlan plan(*current.framework, current.version_id);
    static const std::vector<AgreedResult> kNone;
    for (const User& u : *users) {
      auto found = by_person.find(u.id);
      PersonResults person;
      person.assigned_rung = u.assigned_rung;
      person.agreed = found == by_person.end() ? &kNone : &found->second;
      demonstrated += ComputeStanding(plan, person).demonstrated_rung.empty() ? 0 : 1;
    }
  });
  // A lead of the first four managers: their team view holds 200 people and those managers.
  Result<User> lead = store.FindUserByEmail("bench-lead@example.com");
  if (!lead.ok()) {
    User input;
    input.email = "bench-lead@example.com";
    input.name = "Bench Lead";
    input.role = Role::kManager;
    lead = store.CreateUser(input, Actor::System());
    if (!lead.ok()) Check(lead.status(), "lead");
  }
  int led = 0;
  for (const User& u : *users) {
    if (u.role != Role::kManager || u.id == lead->id || led == kManagersLed) continue;
    ++led;
    if (u.manager_id == lead->id) continue;
    User moved = u;
    moved.manager_id = lead->id;
    if (Result<User> saved = store.UpdateUser(moved, Actor::System()); !saved.ok()) {
      Check(saved.status(), "lead's managers");
    }
  }
  Tracker tracker(store, catalog);
  size_t lead_rows = 0;
  const double lead_ms = Millis([&] {
    Result<std::shared_ptr<const TeamView>> overview = tracker.TeamOverview(*lead, {});
    if (!overview.ok()) Check(overview.status(), "lead's team");
    lead_rows = static_cast<size_t>((*overview)->matching);
  });
  const auto lead_view = [&] {
    return Millis([&] { Check(tracker.TeamOverview(*lead, {}).status(), "lead's team"); });
  };
  const double lead_repeat_ms = lead_view();
  // A write anywhere retires the view and every record: the next view builds them again.
  if (Result<User> saved = store.UpdateUser(*lead, Actor::System()); !saved.ok()) {
    Check(saved.status(), "a write");
  }
  const double lead_after_write_ms = lead_view();
  const User* manager = nullptr;
  const User* member = nullptr;
  for (const User& u : *users) {
    if (manager == nullptr && u.role == Role::kManager && u.id != lead->id) manager = &u;
  }
  for (const User& u : *users) {
    if (member == nullptr && u.manager_id == manager->id) member = &u;
  }
  size_t rows = 0;
  const double team_ms = Millis([&] {
    Result<std::shared_ptr<const TeamView>> overview = tracker.TeamOverview(*manager, {});
    if (overview.ok()) rows = (*overview)->rows.size();
  });
  // What the person page asks of the store and the computation, per request: the first view
  // of each person builds their record, a repeat view finds it in the tracker's cache.
  std::vector<const User*> reports;
  for (const User& u : *users) {
    if (u.manager_id == manager->id) reports.push_back(&u);
  }
  auto view_each = [&] {
    for (const User* report : reports) {
      Result<PersonView> view = tracker.Person(*manager, report->id);
      if (!view.ok()) Check(view.status(), "person page");
    }
  };
  const double first_view_ms = Millis(view_each) / static_cast<double>(reports.size());
  const double repeat_view_ms = Millis(view_each) / static_cast<double>(reports.size());
  std::printf("results stored: %lld bytes scanned\n", scanned);
  std::printf("  scan every stored result (floor)        %8.1f ms\n", scan_ms);
  std::printf("  LatestAgreed, everyone                  %8.1f ms  %.2fx the floor\n", latest_ms,
              latest_ms / scan_ms);
  std::printf("  standings from those, %zu people      %8.1f ms\n", users->size(), standings_ms);
  std::printf("  all rungs (LatestAgreed + standings)    %8.1f ms  target < 1000 ms: %s\n",
              latest_ms + standings_ms, latest_ms + standings_ms < 1000 ? "PASS" : "FAIL");
  std::printf("  one team overview, %zu people            %8.1f ms\n", rows, team_ms);
  std::printf("  a lead's team overview, %zu people       %8.1f ms  (first: builds records)\n",
              lead_rows, lead_ms);
  std::printf("  the same, repeat view                   %8.3f ms  %.4fx the first (cached)\n",
              lead_repeat_ms, lead_repeat_ms / lead_ms);
  std::printf("  the same, after a write                 %8.1f ms  (view and records rebuilt)\n",
              lead_after_write_ms);
  std::printf("  a person page's data, first view        %8.3f ms  (Tracker::Person, %zu people)\n",
              first_view_ms, reports.size());
  std::printf("  a person page's data, repeat view       %8.3f ms  %.3fx the first (cached)\n",
              repeat_view_ms, repeat_view_ms / first_view_ms);
  std::printf("people with a demonstrated rung: %d\n", demonstrated);

  // Credentials for the HTTP half (bench/people_bench.sh).
  Session session;
  const std::string token = RandomToken();
  session.token_digest = TokenDigest(token);
  session.user_id = manager->id;
  session.csrf_token = RandomToken();
  session.created_at = session.last_seen_at = std::time(nullptr);
  session.expires_at = session.created_at + 3600;
  Check(store.CreateSession(session), "session");
  ApiToken api;
  const std::string api_token = RandomToken();
  api.user_id = manager->id;
  api.name = "bench";
  api.token_digest = TokenDigest(api_token);
  Result<ApiToken> made = store.CreateApiToken(api, Actor::System());
  if (!made.ok()) Check(made.status(), "token");
  std::printf("session %s\nperson %lld\ntoken %s\n", token.c_str(),
              static_cast<long long>(member->id), api_token.c_str());

  // An admin, who may open anyone's page, and a spread of people for pages nobody has viewed
  // since the server started (more of them than the tracker caches).
  Result<User> admin = store.FindUserByEmail("bench-admin@example.com");
  if (!admin.ok()) {
    User input;
    input.email = "bench-admin@example.com";
    input.name = "Bench Admin";
    input.role = Role::kAdmin;
    admin = store.CreateUser(input, Actor::System());
    if (!admin.ok()) Check(admin.status(), "admin");
  }
  Session admin_session = session;
  const std::string admin_token = RandomToken();
  admin_session.token_digest = TokenDigest(admin_token);
  admin_session.user_id = admin->id;
  Check(store.CreateSession(admin_session), "admin session");
  Session lead_session = session;
  const std::string lead_token = RandomToken();
  lead_session.token_digest = TokenDigest(lead_token);
  lead_session.user_id = lead->id;
  Check(store.CreateSession(lead_session), "lead session");
  std::printf("lead_session %s\n", lead_token.c_str());
  std::printf("admin_session %s\nspread", admin_token.c_str());
  constexpr size_t kSpread = 2000;
  const size_t step = std::max<size_t>(1, users->size() / kSpread);
  for (size_t i = 0; i < users->size(); i += step) {
    if ((*users)[i].role != Role::kAdmin) {
      std::printf(" %lld", static_cast<long long>((*users)[i].id));
    }
  }
  std::printf("\n");
  return 0;
}

}  // namespace
}  // namespace rungs

int main(int argc, char** argv) { return rungs::Run(argc, argv); }
