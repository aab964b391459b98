#include "progress/demo_helpdesk.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "metrics/bundled_mappings.h"
#include "metrics/iso_week.h"
#include "metrics/mapped_events.h"
#include "metrics/time_format.h"
#include "metrics/timeline.h"
#include "progress/helpdesk_ingest.h"
#include "util/hash.h"

namespace rungs {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 3600;
constexpr uint64_t kSeed = 0x72756e677364656dULL;

// splitmix64 (Steele, Lea and Flood, 2014): a few lines, and the same numbers on every platform
// and standard library, which std:: distributions do not promise.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t Between(int64_t lo, int64_t hi) {                                // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Around(double centre, double spread) { return centre + (Unit() * 2 - 1) * spread; }
  bool Chance(double p) { return Unit() < p; }
  // Rounds up or down at random in proportion, so counts add up to their expectation.
  int64_t Round(double x) {
    const double whole = std::floor(x);
    return static_cast<int64_t>(whole) + (Unit() < x - whole ? 1 : 0);
  }

 private:
  uint64_t state_;
};

enum Purpose : uint64_t { kPlanDraws = 1, kDayDraws = 2, kReviewDraws = 3 };

// One stream per agent, week, day and purpose: what one day draws never shifts another's.
Rng StreamFor(size_t agent, int week, int day, Purpose purpose) {
  Rng mix(kSeed ^ (static_cast<uint64_t>(agent) << 48) ^ (static_cast<uint64_t>(week) << 32) ^
          (static_cast<uint64_t>(day) << 16) ^ purpose);
  return Rng(mix.Next());
}

// What one agent's week aims at; the days draw around it.
struct WeekPlan {
  bool worked = true;      // false: on leave, no rows at all
  bool thin = false;       // a few hours on Monday, then off sick for the rest of the week
  double rate = 0;         // conversations closed per active hour
  double activity = 0;     // % of the scheduled time spent active
  double qa = 0;           // the review score aimed at
  int64_t reviews = 0;     // QA reviews of the week's conversations
  int64_t cover_days = 0;  // queue cover: blocks this week
};

WeekPlan PlanWeek(const DemoAgent& agent, size_t index, int week) {
  Rng rng = StreamFor(index, week, 0, kPlanDraws);
  const double progress = week / static_cast<double>(kDemoWeeks - 1);
  WeekPlan plan;
  switch (agent.pattern) {
    case DemoPattern::kImproving:
      plan.rate = rng.Around(7.0 + 6.0 * progress, 0.2);
      plan.activity = rng.Around(89.0 + 9.0 * progress, 0.5);
      plan.qa = rng.Around(85.0 + 13.0 * progress, 1.0);
      plan.reviews = rng.Between(4, 5);  // new starters are reviewed more
      break;
    case DemoPattern::kSteady:
      plan.rate = rng.Around(12.7, 0.35);
      plan.activity = rng.Around(97.0, 0.6);
      plan.qa = rng.Around(97.5, 0.8);
      plan.reviews = rng.Between(3, 4);
      break;
    case DemoPattern::kReturning:
      plan.rate = rng.Around(12.9, 0.3);
      plan.activity = rng.Around(97.2, 0.5);
      plan.qa = rng.Around(97.0, 0.8);
      plan.reviews = rng.Between(3, 4);
      if (week >= kDemoLeaveWeek && week < kDemoLeaveWeek + kDemoLeaveWeeks) plan.worked = false;
      if (week == kDemoThinWeek) {
        plan.thin = true;
        plan.reviews = 1;
      }
      if (week == kDemoSlowWeek) {
        plan.rate = rng.Around(11.1, 0.15);
        plan.activity = rng.Around(96.0, 0.3);
      }
      break;
    case DemoPattern::kQueueCover:
      plan.rate = rng.Around(9.0, 0.8);
      plan.activity = rng.Around(92.0, 2.0);
      plan.cover_days = rng.Chance(0.3) ? 3 : 2;  // 75 minutes each: never the 5 hours to judge
      break;
  }
  return plan;
}

struct Event {
  int64_t ts = 0;
  uint32_t agent = 0;
  uint32_t seq = 0;  // generation order, for equal instants
  EventType type = EventType::kAssigned;
  int64_t conversation = -1;  // generation number; -1 for status changes
};

struct Shift {
  uint32_t agent = 0;
  int64_t start = 0;
  int64_t end = 0;
};

struct Category {
  const char* name;
  int min;
  int max;
  int weight;
  bool critical;
};

// A rubric like a team's own: three categories always rated, process most of the time, data
// protection (pass or fail, critical) on conversations that touched personal data.
constexpr Category kRubric[] = {
    {"Tone", 1, 5, 1, false},    {"Understanding", 1, 5, 2, false},  {"Solution", 1, 5, 3, false},
    {"Process", 1, 4, 1, false}, {"Data protection", 0, 1, 1, true},
};

struct Rating {
  size_t category = 0;
  int value = 0;
  bool na = false;
  bool na_empty = false;  // N/A written as an empty cell rather than "n/a"
};

struct Review {
  int64_t ts = 0;
  uint32_t agent = 0;
  int64_t conversation = 0;  // generation number
  std::vector<Rating> ratings;
};

struct Closed {
  int64_t conversation = 0;
  int64_t ts = 0;
};

// The review score as canonical-qa defines it (metrics/mapped_events.h).
double Score(const std::vector<Rating>& ratings) {
  double sum = 0;
  double weights = 0;
  for (const Rating& r : ratings) {
    if (r.na) continue;
    const Category& c = kRubric[r.category];
    if (c.critical && r.value == c.min) return 0;
    sum += c.weight * (r.value - c.min) * 100.0 / (c.max - c.min);
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : 0;
}

class Generator {
 public:
  explicit Generator(int64_t first_monday) : first_monday_(first_monday) {}

  void Agent(size_t index) {
    const DemoAgent& agent = DemoAgents()[index];
    const auto id = static_cast<uint32_t>(index);
    for (int week = 0; week < kDemoWeeks; ++week) {
      const WeekPlan plan = PlanWeek(agent, index, week);
      if (!plan.worked) continue;
      std::vector<Closed> closed;
      const int64_t monday = first_monday_ + (week * 7LL);
      for (int day = 0; day < 5; ++day) {
        Rng rng = StreamFor(index, week, day + 1, kDayDraws);
        const int64_t start = ((monday + day) * kDay) + (agent.shift_start_minute * kMinute);
        if (agent.pattern == DemoPattern::kQueueCover) {
          // Tuesdays and Thursdays, and Fridays in a busy week.
          if (day == 1 || day == 3 || (day == 4 && plan.cover_days == 3)) {
            QueueCover(id, start, plan, rng, closed);
          }
        } else if (plan.thin) {
          if (day == 0) ThinDay(id, start, plan, rng, closed);
        } else if (!rng.Chance(0.03)) {  // now and then a day off
          FullDay(id, start, plan, rng, closed);
        }
      }
      Reviews(id, index, week, plan, closed);
    }
  }

  std::string EventsCsv();
  std::string SchedulesCsv() const;
  std::string QaCsv();

 private:
  void StatusChange(uint32_t agent, EventType type, int64_t ts) {
    events_.push_back({ts, agent, seq_++, type, -1});
  }

  // Active from `from` to `to`, taking conversations at the week's rate, then away.
  void ActivePeriod(uint32_t agent, int64_t from, int64_t to, const WeekPlan& plan, Rng& rng,
                    std::vector<Closed>& closed) {
    StatusChange(agent, EventType::kStatusActive, from);
    Conversations(agent, from, to, plan.rate, rng, closed);
    StatusChange(agent, EventType::kStatusAway, to);
  }

  // An 8-hour shift in two scheduled blocks around an unscheduled half-hour lunch. The activity
  // it misses is spread over a late start, two short breaks, a late return from lunch and an
  // early finish.
  void FullDay(uint32_t agent, int64_t start, const WeekPlan& plan, Rng& rng,
               std::vector<Closed>& closed) {
    const int64_t lunch = start + (4 * kHour);
    const int64_t back = lunch + (30 * kMinute);
    const int64_t end = back + (4 * kHour);
    shifts_.push_back({agent, start, lunch});
    shifts_.push_back({agent, back, end});
    const double activity = std::min(99.0, rng.Around(plan.activity, 0.6));
    const auto lost = static_cast<int64_t>((100.0 - activity) / 100.0 * 8 * kHour);
    const int64_t late = lost / 5;
    const int64_t break1 = std::max<int64_t>(4 * kMinute, lost * 3 / 10);
    const int64_t lunch_late = lost / 10;
    const int64_t break2 = std::max<int64_t>(4 * kMinute, lost * 3 / 10);
    const int64_t early = std::max<int64_t>(0, lost - late - break1 - lunch_late - break2);
    const int64_t b1 = start + (rng.Between(95, 140) * kMinute);
    const int64_t b2 = back + (rng.Between(100, 150) * kMinute);
    const int64_t periods[4][2] = {{start + late, b1},
                                   {b1 + break1, lunch},
                                   {back + lunch_late, b2},
                                   {b2 + break2, end - early}};
    for (const auto& [from, to] : periods) {
      ActivePeriod(agent, from, to, plan, rng, closed);
    }
  }

  // The thin week's Monday: a morning's few hours, then home sick (the rest of the week's shifts
  // were taken off the schedule).
  void ThinDay(uint32_t agent, int64_t start, const WeekPlan& plan, Rng& rng,
               std::vector<Closed>& closed) {
    const int64_t end = start + (4 * kHour);
    shifts_.push_back({agent, start, end});
    const int64_t from = start + (rng.Between(2, 6) * kMinute);
    const int64_t to = start + (rng.Between(185, 200) * kMinute);
    ActivePeriod(agent, from, to, plan, rng, closed);
  }

  // A manager's 75 minutes on the queue.
  void QueueCover(uint32_t agent, int64_t start, const WeekPlan& plan, Rng& rng,
                  std::vector<Closed>& closed) {
    const int64_t end = start + (75 * kMinute);
    shifts_.push_back({agent, start, end});
    const auto lost = static_cast<int64_t>((100.0 - plan.activity) / 100.0 * 75 * kMinute);
    const int64_t from = start + (lost / 2);
    const int64_t to = end - (lost - (lost / 2));
    ActivePeriod(agent, from, to, plan, rng, closed);
  }

  // Conversations closed at `rate` per hour of [from, to], a few handled at once (chat), each
  // assigned, replied to once or twice and closed inside the period; now and then one is
  // answered and handed on, which is no close of this agent.
  void Conversations(uint32_t agent, int64_t from, int64_t to, double rate, Rng& rng,
                     std::vector<Closed>& closed) {
    const int64_t length = to - from;
    if (length < 5 * kMinute) return;
    const double daily_rate = rate * rng.Around(1.0, 0.03);
    const int64_t count = rng.Round(daily_rate * static_cast<double>(length) / kHour);
    if (count <= 0) return;
    const int64_t lead = std::min<int64_t>(2 * kMinute, length / 4);
    const double gap = static_cast<double>(length - lead) / static_cast<double>(count);
    for (int64_t i = 0; i < count; ++i) {
      const int64_t close = std::min(
          to, from + lead +
                  static_cast<int64_t>((static_cast<double>(i) + rng.Around(0.5, 0.4)) * gap));
      const int64_t assigned = std::max(from, close - rng.Between(3 * kMinute, 20 * kMinute));
      const int64_t replied = assigned + rng.Between(20, (close - assigned) / 2);
      const int64_t conversation = conversations_++;
      events_.push_back({assigned, agent, seq_++, EventType::kAssigned, conversation});
      events_.push_back({replied, agent, seq_++, EventType::kReplied, conversation});
      if (close - replied > 2 && rng.Chance(0.4)) {
        events_.push_back({rng.Between(replied + 1, close - 1), agent, seq_++, EventType::kReplied,
                           conversation});
      }
      events_.push_back({close, agent, seq_++, EventType::kClosed, conversation});
      closed.push_back({conversation, close});
    }
    if (rng.Chance(0.3)) {
      const int64_t assigned = rng.Between(from, to - (2 * kMinute));
      const int64_t conversation = conversations_++;
      events_.push_back({assigned, agent, seq_++, EventType::kAssigned, conversation});
      events_.push_back(
          {assigned + rng.Between(30, 90), agent, seq_++, EventType::kReplied, conversation});
    }
  }

  // A few of the week's closed conversations, each rated on the rubric so that its score lands
  // just above a draw around the week's aim: ratings start at the top and come down one step at
  // a time while the score stays above it.
  void Reviews(uint32_t agent, size_t index, int week, const WeekPlan& plan,
               const std::vector<Closed>& closed) {
    if (closed.empty() || plan.reviews == 0) return;
    Rng rng = StreamFor(index, week, 6, kReviewDraws);
    std::vector<size_t> picked;
    for (int64_t n = 0; n < plan.reviews && picked.size() < closed.size(); ++n) {
      size_t pick = 0;
      do {
        pick = static_cast<size_t>(rng.Between(0, static_cast<int64_t>(closed.size()) - 1));
      } while (std::find(picked.begin(), picked.end(), pick) != picked.end());
      picked.push_back(pick);
    }
    for (size_t n = 0; n < picked.size(); ++n) {
      Review review;
      review.ts = closed[picked[n]].ts;
      review.agent = agent;
      review.conversation = closed[picked[n]].conversation;
      for (size_t c = 0; c < std::size(kRubric); ++c) {
        if (c == 3 && !rng.Chance(0.7)) continue;
        if (c == 4 && !rng.Chance(0.5)) continue;
        Rating r;
        r.category = c;
        r.value = kRubric[c].max;
        if (c == 3 && rng.Chance(0.1)) {
          r.na = true;
          r.na_empty = rng.Chance(0.5);
        }
        review.ratings.push_back(r);
      }
      // The rare failed critical: an early week of the new starter shared personal data.
      const bool fails =
          DemoAgents()[index].pattern == DemoPattern::kImproving && week == 3 && n == 0;
      if (fails) {
        Rating r;
        r.category = 4;
        r.value = kRubric[4].min;
        std::erase_if(review.ratings, [](const Rating& x) { return x.category == 4; });
        review.ratings.push_back(r);
      }
      const double aim = std::min(100.0, rng.Around(plan.qa - 1.5, 2.0));
      for (bool lowered = true; lowered && !fails;) {
        lowered = false;
        const auto first =
            static_cast<size_t>(rng.Between(0, static_cast<int64_t>(review.ratings.size()) - 1));
        for (size_t k = 0; k < review.ratings.size() && !lowered; ++k) {
          Rating& r = review.ratings[(first + k) % review.ratings.size()];
          const Category& c = kRubric[r.category];
          if (r.na || c.critical || r.value == c.min) continue;
          --r.value;
          if (Score(review.ratings) >= aim) {
            lowered = true;
          } else {
            ++r.value;
          }
        }
      }
      reviews_.push_back(std::move(review));
    }
  }

  int64_t first_monday_;
  std::vector<Event> events_;
  std::vector<Shift> shifts_;
  std::vector<Review> reviews_;
  int64_t conversations_ = 0;
  uint32_t seq_ = 0;
  // Generation number -> the id written, numbered in the order conversations first appear.
  std::vector<int64_t> public_ids_;
};

std::string Generator::EventsCsv() {
  std::sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
    return std::tie(a.ts, a.agent, a.seq) < std::tie(b.ts, b.agent, b.seq);
  });
  public_ids_.assign(static_cast<size_t>(conversations_), -1);
  int64_t next_id = 480001;
  std::string out = "event_id,conversation_id,agent_id,event_type,ts\n";
  out.reserve(events_.size() * 64);
  int64_t event_id = 0;
  for (const Event& e : events_) {
    std::string conversation;
    if (e.conversation >= 0) {
      int64_t& id = public_ids_[static_cast<size_t>(e.conversation)];
      if (id < 0) id = next_id++;
      conversation = std::to_string(id);
    }
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", ++event_id, conversation,
                   DemoAgents()[e.agent].agent_id, EventTypeName(e.type), FormatUtc(e.ts));
  }
  return out;
}

std::string Generator::SchedulesCsv() const {
  std::vector<Shift> shifts = shifts_;
  std::sort(shifts.begin(), shifts.end(), [](const Shift& a, const Shift& b) {
    return std::tie(a.start, a.agent) < std::tie(b.start, b.agent);
  });
  std::string out = "agent_id,start,end\n";
  for (const Shift& s : shifts) {
    fmt::format_to(std::back_inserter(out), "{},{},{}\n", DemoAgents()[s.agent].agent_id,
                   FormatUtc(s.start), FormatUtc(s.end));
  }
  return out;
}

// After EventsCsv, which numbers the conversations.
std::string Generator::QaCsv() {
  std::sort(reviews_.begin(), reviews_.end(), [](const Review& a, const Review& b) {
    return std::tie(a.ts, a.agent) < std::tie(b.ts, b.agent);
  });
  std::string out =
      "review_id,agent_id,conversation_id,ts,category,rating,scale_min,scale_max,weight,"
      "critical\n";
  for (size_t n = 0; n < reviews_.size(); ++n) {
    const Review& review = reviews_[n];
    for (const Rating& r : review.ratings) {
      const Category& c = kRubric[r.category];
      fmt::format_to(std::back_inserter(out), "QA-{},{},{},{},{},{},{},{},{},{}\n", 7001 + n,
                     DemoAgents()[review.agent].agent_id,
                     public_ids_[static_cast<size_t>(review.conversation)], FormatUtc(review.ts),
                     c.name, r.na ? (r.na_empty ? "" : "n/a") : std::to_string(r.value), c.min,
                     c.max, c.weight, c.critical ? "true" : "false");
    }
  }
  return out;
}

// A shipped mapping by name, never a file of that name in the working folder.
Result<Mapping> ShippedMapping(std::string_view name) {
  MappingLoad load = LoadShippedMapping(name);
  if (!load.mapping) {
    return Status::Internal(
        fmt::format("the shipped mapping {} does not load: {}", name,
                    load.diagnostics.empty() ? "" : FormatDiagnostic(load.diagnostics.front())));
  }
  return *std::move(load.mapping);
}

}  // namespace

const std::vector<DemoAgent>& DemoAgents() {
  static const std::vector<DemoAgent> agents = {
      {"sam", "sam.rivera", DemoPattern::kImproving, 8 * 60},
      {"priya", "priya.shah", DemoPattern::kSteady, 9 * 60},
      {"jonas", "jonas.berg", DemoPattern::kReturning, 7 * 60},
      {"manager", "morgan.lee", DemoPattern::kQueueCover, 14 * 60},
  };
  return agents;
}

DemoHelpdeskFiles GenerateDemoHelpdesk(int64_t now) {
  const int64_t today = (now >= 0 ? now : now - (kDay - 1)) / kDay;
  DemoHelpdeskFiles files;
  files.last_week = WeekIndexOfDay(today) - 1;
  files.first_week = files.last_week - kDemoWeeks + 1;
  Generator generator(FirstDayOfWeekIndex(files.first_week));
  for (size_t i = 0; i < DemoAgents().size(); ++i) generator.Agent(i);
  files.events = generator.EventsCsv();
  files.schedules = generator.SchedulesCsv();
  files.qa = generator.QaCsv();
  return files;
}

Status SeedDemoHelpdesk(Store& store, const std::vector<User>& users, int64_t now) {
  const DemoHelpdeskFiles files = GenerateDemoHelpdesk(now);
  const std::pair<const char*, const std::string*> exports[] = {
      {kDemoEventsMapping, &files.events},
      {kDemoSchedulesMapping, &files.schedules},
      {kDemoQaMapping, &files.qa},
  };
  for (const auto& [name, text] : exports) {
    Result<Mapping> mapping = ShippedMapping(name);
    if (!mapping.ok()) return mapping.status();
    const std::string file = fmt::format("demo-{}-{}.csv", name, WeekIndexName(files.last_week));
    Result<MappedReading> reading = ReadMappedEventText(*text, file, *mapping);
    if (!reading.ok()) return reading.status();
    if (!reading->problems.empty()) {
      return Status::Internal(
          "the demo helpdesk data does not read cleanly: " +
          FormatDiagnostic(DescribeMappedProblem(file, reading->problems.front())));
    }
    Result<IngestOutcome> stored =
        StoreReading(store, *reading, {name, file, Sha256Hex(*text), name}, Actor::System());
    if (!stored.ok()) return stored.status();
  }
  for (const DemoAgent& agent : DemoAgents()) {
    const std::string prefix = std::string(agent.person) + "@";
    const auto user = std::find_if(users.begin(), users.end(),
                                   [&](const User& u) { return u.email.starts_with(prefix); });
    if (user == users.end()) continue;
    for (const auto& [name, text] : exports) {
      if (Status s =
              store.LinkIdentity({name, "agent_id", agent.agent_id, user->id}, Actor::System());
          !s.ok()) {
        return s;
      }
    }
  }
  return Status::Ok();
}

}  // namespace rungs
