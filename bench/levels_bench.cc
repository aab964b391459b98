// Standings benchmark: ComputeStanding for 10,000 people from memory, with baselines measured in
// the same run so the ratios mean something on any machine.
//
//   build/levels_bench [PEOPLE]        (make bench runs it with the defaults)
//
// The data: the bundled customer-operations framework (37 assessable criteria) plus one
// synthetic topic of 13 criteria, so each person is assessed on 50 criteria; 12 frozen
// check-ins per person, each agreeing a result on every criterion of its version; the first 4
// against an older version (one criterion fewer at the top of teamwork 1C, so later keys
// differ, and one criterion worded differently) that counts through MatchCriteria's map. About
// 6 million AgreedResult values, generated deterministically (fixed seed). No store: this
// measures the computation, not reading results from SQLite.
//
// Timed:
//   - reading the input once (each result and its key's characters): the floor any computation
//     must pay;
//   - ComputeStanding with one StandingPlan for everyone (the target: all people < 1 s);
//   - ComputeStanding(StandingInput), which plans the framework again for every person;
//   - one team of 50 with the plan, and the same team the naive way: each member's results
//     found by a linear scan over everyone's results, then computed with the plan.
// Each timing is the best of 3 runs. A missed target is reported as FAIL; the exit code is 0
// unless the benchmark cannot run.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "framework/loader.h"
#include "framework/model.h"
#include "progress/levels.h"
#include "progress/matching.h"

namespace rungs {
namespace {

constexpr int64_t kOldVersion = 1;
constexpr int64_t kCurrentVersion = 2;
constexpr int kCheckIns = 12;
constexpr int kOldCheckIns = 4;
constexpr int kTeamSize = 50;
constexpr int kCriteriaPerPerson = 50;
constexpr int kRepeats = 3;
constexpr double kTargetMs = 1000;

const Framework* FindBundled(const std::vector<Framework>& frameworks, const std::string& id) {
  for (const Framework& fw : frameworks) {
    if (fw.id == id) return &fw;
  }
  return nullptr;
}

// Pads the framework to `criteria` assessable criteria with a synthetic topic whose
// criteria are spread over the rungs in order, as a larger real framework would be.
void PadTo(Framework& fw, size_t criteria) {
  const std::vector<const Rung*> rungs = AllRungs(fw);
  Topic extra;
  extra.name = "bench-extra";
  extra.title = "Synthetic";
  for (const Rung* rung : rungs) extra.rungs.push_back({rung->id, {}, "", {}});
  size_t have = 0;
  for (const Topic& topic : fw.topics) {
    for (const TopicRung& topic_rung : topic.rungs) {
      for (const Criterion& c : topic_rung.criteria) have += c.reference ? 0 : 1;
    }
  }
  for (size_t i = 0; have + i < criteria; ++i) {
    Criterion c;
    c.text = fmt::format("Synthetic criterion {} for the benchmark", i + 1);
    extra.rungs[i % rungs.size()].criteria.push_back(c);
  }
  fw.topics.push_back(extra);
  AssignCriterionKeys(fw);
}

// The version before `current`: teamwork 1C without its first criterion and one criterion
// worded differently, so its keys and texts are not the current ones.
Framework OlderVersionOf(const Framework& current) {
  Framework old = current;
  for (Topic& topic : old.topics) {
    for (TopicRung& topic_rung : topic.rungs) {
      if (topic.name == "teamwork" && topic_rung.rung == "1C") {
        topic_rung.criteria.erase(topic_rung.criteria.begin());
      }
      for (Criterion& c : topic_rung.criteria) {
        if (c.text == "Completes training") c.text = "Completes all mandatory training";
      }
    }
  }
  AssignCriterionKeys(old);
  return old;
}

struct Assessable {
  std::string key;
  std::string text_hash;
  int home = 0;  // position of its rung
};

std::vector<Assessable> AssessableCriteria(const Framework& fw) {
  std::vector<Assessable> out;
  for (const Topic& topic : fw.topics) {
    for (const TopicRung& topic_rung : topic.rungs) {
      for (const Criterion& c : topic_rung.criteria) {
        if (!c.reference) out.push_back({c.key, c.text_hash, RungIndex(fw, topic_rung.rung)});
      }
    }
  }
  return out;
}

struct Person {
  int64_t id = 0;
  std::string assigned_rung;
  std::vector<AgreedResult> agreed;
  std::vector<Evidence> evidence;
};

// A result that looks like a person whose real level is rung `ability`: what is at or below
// it is mostly met, the rung above is in progress, higher ones mostly not yet.
Assessment Draw(std::mt19937_64& rng, int home, int ability) {
  const int roll = static_cast<int>(rng() % 100);
  if (home <= ability) {
    if (roll < 4) return Assessment::kWorkingTowards;
    return roll < 90 ? Assessment::kMeeting : Assessment::kExceeding;
  }
  if (home == ability + 1) {
    if (roll < 40) return Assessment::kMeeting;
    return roll < 80 ? Assessment::kWorkingTowards : Assessment::kNotYet;
  }
  return roll < 30 ? Assessment::kWorkingTowards : Assessment::kNotYet;
}

std::vector<Person> Generate(int people, const Framework& current, const Framework& old) {
  const std::vector<Assessable> current_criteria = AssessableCriteria(current);
  const std::vector<Assessable> old_criteria = AssessableCriteria(old);
  const std::vector<const Rung*> rungs = AllRungs(current);
  std::mt19937_64 rng(20240601);
  std::vector<Person> out(people);
  int64_t checkin_id = 0;
  int64_t evidence_id = 0;
  for (int p = 0; p < people; ++p) {
    Person& person = out[p];
    person.id = p + 1;
    const int ability = static_cast<int>(rng() % rungs.size());
    // Most hold the rung below what they show; some nothing yet, some exactly it.
    const int assigned = ability - static_cast<int>(rng() % 3);
    if (assigned >= 0) person.assigned_rung = rungs[assigned]->id;
    person.agreed.reserve(kCheckIns * kCriteriaPerPerson);
    for (int k = 0; k < kCheckIns; ++k) {
      const bool on_old = k < kOldCheckIns;
      const std::vector<Assessable>& criteria = on_old ? old_criteria : current_criteria;
      ++checkin_id;
      const int64_t agreed_at =
          1'700'000'000 + int64_t{k} * 30 * 86400 + static_cast<int64_t>(rng() % 86400);
      for (const Assessable& c : criteria) {
        person.agreed.push_back({person.id, on_old ? kOldVersion : kCurrentVersion, c.key,
                                 c.text_hash, Draw(rng, c.home, ability), checkin_id, agreed_at});
      }
      if (!on_old && rng() % 4 == 0) {
        Evidence e;
        e.id = ++evidence_id;
        e.checkin_id = checkin_id;
        e.author_id = person.id;
        e.text = "Handled the escalation queue for a week";
        e.criterion_keys = {current_criteria[rng() % current_criteria.size()].key};
        e.created_at = agreed_at - 3600;
        person.evidence.push_back(std::move(e));
      }
    }
  }
  return out;
}

double MillisecondsOf(const std::function<void()>& work) {
  double best = 0;
  for (int i = 0; i < kRepeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    if (i == 0 || took.count() < best) best = took.count();
  }
  return best;
}

// Keeps results alive so the optimiser cannot drop the work being timed.
int64_t g_sink = 0;

void Consume(const Standing& s) {
  g_sink += static_cast<int64_t>(s.demonstrated_rung.size() + s.next_criteria.size() +
                                 s.regressions.size());
}

void Row(const std::string& what, double ms, const std::string& note = "") {
  fmt::print("  {:<52} {:>10.2f} ms  {}\n", what, ms, note);
}

int Run(int people) {
  const LoadResult loaded = LoadFrameworks(BundledSourceFiles());
  const Framework* bundled = FindBundled(loaded.frameworks, "customer-operations");
  if (bundled == nullptr) {
    std::fprintf(stderr, "levels_bench: no bundled customer-operations framework\n");
    return 1;
  }
  Framework current = *bundled;
  const size_t own_criteria = AssessableCriteria(current).size();
  PadTo(current, kCriteriaPerPerson);
  const Framework old = OlderVersionOf(current);
  const std::map<int64_t, CriterionMap> maps = {{kOldVersion, MatchCriteria(old, current)}};

  const auto generate_start = std::chrono::steady_clock::now();
  const std::vector<Person> everyone = Generate(people, current, old);
  const std::chrono::duration<double, std::milli> generate_ms =
      std::chrono::steady_clock::now() - generate_start;
  size_t results = 0;
  for (const Person& p : everyone) results += p.agreed.size();

  fmt::print(
      "levels_bench: {} people x {} criteria ({} from customer-operations, {} synthetic) x {} "
      "check-ins ({} on an older version whose {} criteria map through MatchCriteria) = {} "
      "agreed results (generated in {:.0f} ms)\n",
      people, AssessableCriteria(current).size(), own_criteria,
      AssessableCriteria(current).size() - own_criteria, kCheckIns, kOldCheckIns,
      maps.at(kOldVersion).by_old_key.size(), results, generate_ms.count());
  fmt::print("best of {} runs:\n", kRepeats);

  const double floor_ms = MillisecondsOf([&] {
    for (const Person& p : everyone) {
      for (const AgreedResult& r : p.agreed) {
        // The key's last byte, because any computation has to read the key's characters.
        g_sink += r.agreed_at + (r.criterion_key.empty() ? 0 : r.criterion_key.back());
      }
    }
  });
  Row("read every result once (floor)", floor_ms);

  const double plan_ms = MillisecondsOf(
      [&] { g_sink += StandingPlan(current, kCurrentVersion, &maps).rungs().size(); });
  Row("build the plan (once per framework version)", plan_ms);

  const StandingPlan plan(current, kCurrentVersion, &maps);
  std::map<std::string, int> demonstrated;
  int ready = 0;
  for (const Person& p : everyone) {
    const Standing s = ComputeStanding(plan, {p.assigned_rung, &p.agreed, &p.evidence});
    ++demonstrated[s.demonstrated_rung.empty() ? "-" : s.demonstrated_rung];
    ready += s.ready_for_promotion(current) ? 1 : 0;
  }

  const double all_ms = MillisecondsOf([&] {
    for (const Person& p : everyone) {
      Consume(ComputeStanding(plan, {p.assigned_rung, &p.agreed, &p.evidence}));
    }
  });
  Row(fmt::format("standings, all {} people, one plan", people), all_ms,
      fmt::format("{:.1f}x the floor, {:.2f} us/person", all_ms / floor_ms,
                  1000 * all_ms / people));

  const double unplanned_ms = MillisecondsOf([&] {
    for (const Person& p : everyone) {
      StandingInput input;
      input.framework = &current;
      input.framework_version_id = kCurrentVersion;
      input.assigned_rung = p.assigned_rung;
      input.agreed = &p.agreed;
      input.older = &maps;
      input.evidence = &p.evidence;
      Consume(ComputeStanding(input));
    }
  });
  Row(fmt::format("standings, all {} people, planned per person", people), unplanned_ms,
      fmt::format("{:.1f}x one plan", unplanned_ms / all_ms));

  const int team_size = std::min(kTeamSize, people);
  const size_t team_start = everyone.size() / 2;  // a team from the middle of the roster
  const double team_ms = MillisecondsOf([&] {
    for (int i = 0; i < team_size; ++i) {
      const Person& p = everyone[team_start + i];
      Consume(ComputeStanding(plan, {p.assigned_rung, &p.agreed, &p.evidence}));
    }
  });
  Row(fmt::format("standings, one team of {}, one plan", team_size), team_ms);

  const double naive_team_ms = MillisecondsOf([&] {
    for (int i = 0; i < team_size; ++i) {
      const Person& p = everyone[team_start + i];
      std::vector<AgreedResult> theirs;
      for (const Person& other : everyone) {
        for (const AgreedResult& r : other.agreed) {
          if (r.user_id == p.id) theirs.push_back(r);
        }
      }
      Consume(ComputeStanding(plan, {p.assigned_rung, &theirs, &p.evidence}));
    }
  });
  Row(fmt::format("standings, one team of {}, naive scan of all results", team_size), naive_team_ms,
      fmt::format("{:.0f}x one plan", naive_team_ms / team_ms));

  std::string spread;
  for (const auto& [rung, count] : demonstrated) spread += fmt::format(" {}:{}", rung, count);
  fmt::print("demonstrated rungs:{}; ready for promotion: {}\n", spread, ready);
  fmt::print("target: standings for all {} people under {:.0f} ms: {} ({:.2f} ms)\n", people,
             kTargetMs, all_ms < kTargetMs ? "PASS" : "FAIL", all_ms);
  fmt::print("checksum {}\n", g_sink);  // printed, so the timed work cannot be optimised away
  return 0;
}

}  // namespace
}  // namespace rungs

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 10'000;
  if (people <= 0) {
    std::fprintf(stderr, "usage: levels_bench [PEOPLE]\n");
    return 2;
  }
  return rungs::Run(people);
}
