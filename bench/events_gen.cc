// The canonical helpdesk events file of the metrics benchmark (bench/metrics_compare.sh):
// a deterministic, realistic CSV of agents' status changes and conversations, in time order.
//
//   build/events_gen OUT.csv [--agents 2000] [--weeks 26] [--start 2026-01-05] [--seed 1]
//                    [--format canonical|zendesk]
//
// Format (DESIGN.md, "Measured targets"): header `event_id,conversation_id,agent_id,event_type,ts`;
// event_type one of assigned, replied, closed, status_active, status_away; conversation_id is
// empty on status events; ts is ISO 8601 UTC (`2026-03-02T09:13:27Z`); event_id counts from 1 in
// file order. Rows are in time order across all agents (ties by agent, then generation order),
// and each agent's status events have strictly increasing timestamps.
//
// What it models, per agent (all drawn from the seed, the agent and the day, so the output is
// the same for the same arguments on any run):
//   - a region (fixed UTC offset; Sydney's Monday shift starts on Sunday UTC, Los Angeles'
//     shifts end after midnight UTC) with its public holidays;
//   - shifts on weekdays, full-time (about 8.5 hours with a lunch and short breaks) or part-time
//     (3 or 4 days a week, 4 to 6 hours); sick days, one or two vacations, late joiners and early
//     leavers, and a few thin weeks (one or two short training days);
//   - each shift: status_active, then breaks (status_away, status_active), then status_away at
//     the end; now and then a second status_active without an away between (a reconnect);
//   - during active time, conversations arrive at the agent's rate (which rises over the weeks for
//     about a third of the agents): assigned, replied to one to five times, and closed (a few are
//     left open); about 4% are closed again later (re-opened), in the same shift or the agent's
//     next one, which can be in the next week.
// --format zendesk writes the same agents' work as a Zendesk ticket audit export instead, the
// columns mappings/zendesk.yaml reads (`audit_id,ticket_id,created_at,author_id,author_name,
// author_role,via_channel,event_id,event_type,field_name,previous_value,value,public`), for the
// mapped reader's benchmark: each assignment is the customer's public comment and a Change of
// assignee_id (made by Zendesk's trigger, author -1, for even tickets), each reply a public
// Comment by the agent (every fourth with an internal note, a private Comment, beside it), each
// close a Change of status to solved (by author -1, an automation the mapping excludes, for one
// ticket in 41); status changes are not in Zendesk's audits and are left out. Agents are authors
// 700001 and up, some of them admins, and every seventh agent's name holds a comma (quoted).
// It prints `rows N`, `bytes N` and `seconds S` to stdout at the end. The file is written to
// OUT.csv.tmp and renamed, so an interrupted run never leaves a partial OUT.csv behind.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;

[[noreturn]] void Usage(const char* message) {
  if (message != nullptr) std::fprintf(stderr, "events_gen: %s\n", message);
  std::fprintf(stderr,
               "usage: events_gen OUT.csv [--agents 2000] [--weeks 26] [--start 2026-01-05] "
               "[--seed N] [--format canonical|zendesk]\n");
  std::exit(2);
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, days since 1970-01-01).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

int Weekday(int64_t days) { return static_cast<int>(((days + 3) % 7 + 7) % 7); }  // 0 = Monday

// SplitMix64: small, fast and fully specified, so the output never depends on the standard
// library's distributions.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t s) : state(s) {}
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t Between(int64_t lo, int64_t hi) {                                   // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }
  double Exponential(double mean) { return -std::log(1.0 - Uniform()) * mean; }
};

uint64_t Mix(uint64_t a, uint64_t b) {
  Rng r(a * 0x100000001b3ULL ^ (b + 0x632be59bd9b4e019ULL));
  r.Next();
  return r.Next();
}

struct Region {
  int utc_offset_minutes;
  int share_percent;
  std::vector<std::pair<unsigned, unsigned>> holidays;  // (month, day), local dates
};

const std::vector<Region>& Regions() {
  static const std::vector<Region> regions = {
      {60, 40, {{1, 1}, {4, 6}, {5, 1}, {5, 14}, {5, 25}, {10, 3}, {12, 25}, {12, 26}}},  // Berlin
      {-300, 25, {{1, 1}, {1, 19}, {5, 25}, {7, 3}, {9, 7}, {11, 26}, {11, 27}, {12, 25}}},  // NY
      {-480, 10, {{1, 1}, {1, 19}, {5, 25}, {7, 3}, {9, 7}, {11, 26}, {11, 27}, {12, 25}}},  // LA
      {330, 15, {{1, 26}, {3, 4}, {8, 15}, {10, 2}, {10, 20}, {11, 9}, {12, 25}}},  // Bangalore
      {600, 10, {{1, 1}, {1, 26}, {4, 3}, {4, 6}, {4, 25}, {6, 8}, {12, 25}, {12, 26}}},  // Sydney
  };
  return regions;
}
constexpr int kMaxOffsetMinutes = 600;
constexpr int64_t kEarliestLocalStart = 7 * 3600;  // shifts start at 07:00 local at the earliest

struct Agent {
  const Region* region = nullptr;
  bool part_time = false;
  bool workdays[5] = {true, true, true, true, true};
  int64_t local_start = 9 * 3600;  // usual shift start, seconds after local midnight
  double rate = 2.0;               // conversations per active hour, before growth
  double growth = 0.0;             // rate multiplier rises by this much over the whole period
  int first_week = 0;              // joins in this week (0 = from the start)
  int last_week = 1 << 30;         // leaves after this week
  std::vector<std::pair<int, int>> vacations;  // [first day, last day] of the period
  std::vector<uint32_t> reopened;  // conversations closed before, to be closed again next shift
};

enum Type : uint8_t { kAssigned, kReplied, kClosed, kActive, kAway };
constexpr std::string_view kTypeNames[] = {"assigned", "replied", "closed", "status_active",
                                           "status_away"};

struct Event {
  int64_t ts;
  uint32_t agent;
  uint32_t seq;  // generation order, which keeps an agent's own events in causal order on ties
  uint32_t conversation;  // 0 on status events
  Type type;
};

class Writer {
 public:
  explicit Writer(std::FILE* out) : out_(out) { buffer_.resize(kBufferSize); }

  void Raw(const char* s, size_t n) {
    if (used_ + n > buffer_.size()) Flush();
    std::memcpy(buffer_.data() + used_, s, n);
    used_ += n;
  }

  void Row(uint64_t id, const Event& e) {
    if (used_ + 128 > buffer_.size()) Flush();
    char* p = buffer_.data() + used_;
    p = Unsigned(p, id);
    *p++ = ',';
    if (e.conversation != 0) {
      *p++ = 'C';
      p = Padded(p, e.conversation, 9);
    }
    constexpr std::string_view kAgent = ",agent-";
    p = std::copy(kAgent.begin(), kAgent.end(), p);
    p = Padded(p, e.agent + 1, 4);
    *p++ = ',';
    const std::string_view type = kTypeNames[e.type];
    p = std::copy(type.begin(), type.end(), p);
    *p++ = ',';
    p = Time(p, e.ts);
    *p++ = '\n';
    used_ = static_cast<size_t>(p - buffer_.data());
  }

  // The Zendesk audit rows of one event (none for a status change); returns how many.
  int ZendeskRows(const Event& e) {
    if (used_ + 512 > buffer_.size()) Flush();
    const uint64_t agent = 700001 + e.agent;
    const int before = rows_;
    switch (e.type) {
      case kAssigned:
        ZendeskRow(e, 800000000 + e.conversation % 1000000, "Customer", "end-user", "email",
                   "Comment", "", "", "", "true");
        if (e.conversation % 2 == 0) {
          ZendeskRow(e, -1, "Zendesk", "system", "rule", "Change", "assignee_id", "", Id(agent),
                     "");
        } else {
          ZendeskRow(e, static_cast<int64_t>(agent), nullptr, nullptr, "web", "Change",
                     "assignee_id", "", Id(agent), "");
        }
        break;
      case kReplied:
        ZendeskRow(e, static_cast<int64_t>(agent), nullptr, nullptr, "web", "Comment", "", "", "",
                   "true");
        if (e.seq % 4 == 0) {
          ZendeskRow(e, static_cast<int64_t>(agent), nullptr, nullptr, "web", "Comment", "", "", "",
                     "false");
        }
        break;
      case kClosed:
        if (e.conversation % 41 == 0) {
          ZendeskRow(e, -1, "Zendesk", "system", "rule", "Change", "status", "pending", "solved",
                     "");
        } else {
          ZendeskRow(e, static_cast<int64_t>(agent), nullptr, nullptr, "web", "Change", "status",
                     "open", "solved", "");
        }
        break;
      case kActive:
      case kAway:
        break;
    }
    ++audit_;
    return rows_ - before;
  }

  void Flush() {
    if (used_ != 0 && std::fwrite(buffer_.data(), 1, used_, out_) != used_) {
      std::perror("events_gen: write");
      std::exit(1);
    }
    written_ += used_;
    used_ = 0;
  }

  uint64_t written() const { return written_ + used_; }

 private:
  static constexpr size_t kBufferSize = 8 << 20;

  static std::string_view Id(uint64_t v) {
    static thread_local char text[24];
    char* end = Unsigned(text, v);
    return {text, static_cast<size_t>(end - text)};
  }

  // One audit event row; a null name and role are the agent's own.
  void ZendeskRow(const Event& e, int64_t author, const char* name, const char* role,
                  std::string_view via, std::string_view type, std::string_view field,
                  std::string_view previous, std::string_view value, std::string_view is_public) {
    char* p = buffer_.data() + used_;
    auto put = [&p](std::string_view s) { p = std::copy(s.begin(), s.end(), p); };
    p = Unsigned(p, audit_);
    *p++ = ',';
    p = Unsigned(p, e.conversation);
    *p++ = ',';
    p = Time(p, e.ts);
    *p++ = ',';
    if (author < 0) {
      put("-1");
    } else {
      p = Unsigned(p, static_cast<uint64_t>(author));
    }
    *p++ = ',';
    if (name != nullptr) {
      put(name);
    } else {
      if (e.agent % 7 == 0) put("\"Lee, ");
      put("Agent ");
      p = Padded(p, e.agent + 1, 4);
      if (e.agent % 7 == 0) *p++ = '"';
    }
    *p++ = ',';
    put(role != nullptr ? role : e.agent % 20 == 0 ? "admin" : "agent");
    *p++ = ',';
    put(via);
    *p++ = ',';
    p = Unsigned(p, ++event_id_);
    *p++ = ',';
    put(type);
    *p++ = ',';
    put(field);
    *p++ = ',';
    put(previous);
    *p++ = ',';
    put(value);
    *p++ = ',';
    put(is_public);
    *p++ = '\n';
    used_ = static_cast<size_t>(p - buffer_.data());
    ++rows_;
  }

  char* Time(char* p, int64_t ts) {
    const int64_t day = ts >= 0 ? ts / kDay : (ts - kDay + 1) / kDay;
    if (day != cached_day_) CacheDay(day);
    std::memcpy(p, day_prefix_, 11);
    p += 11;
    const int64_t secs = ts - day * kDay;
    p = Two(p, secs / 3600);
    *p++ = ':';
    p = Two(p, secs / 60 % 60);
    *p++ = ':';
    p = Two(p, secs % 60);
    *p++ = 'Z';
    return p;
  }

  static char* Unsigned(char* p, uint64_t v) {
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) *p++ = tmp[--n];
    return p;
  }
  static char* Padded(char* p, uint64_t v, int width) {
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n < width) tmp[n++] = '0';
    while (n > 0) *p++ = tmp[--n];
    return p;
  }
  static char* Two(char* p, int64_t v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
    return p;
  }
  void CacheDay(int64_t day) {
    int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    CivilFromDays(day, &y, &m, &d);
    std::snprintf(day_prefix_, sizeof day_prefix_, "%04d-%02u-%02uT", static_cast<int>(y), m, d);
    cached_day_ = day;
  }

  std::FILE* out_;
  std::vector<char> buffer_;
  size_t used_ = 0;
  uint64_t written_ = 0;
  int64_t cached_day_ = INT64_MIN;
  char day_prefix_[16] = {};
  uint64_t audit_ = 1;
  uint64_t event_id_ = 0;
  int rows_ = 0;
};

struct Options {
  std::string out;
  int agents = 2000;
  int weeks = 26;
  int64_t start_day = DaysFromCivil(2026, 1, 5);
  uint64_t seed = 1;
  bool zendesk = false;
};

long ParseInt(const char* flag, const char* text, long lo, long hi) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < lo || v > hi) {
    std::fprintf(stderr, "events_gen: %s wants a whole number from %ld to %ld, not '%s'\n", flag,
                 lo, hi, text);
    std::exit(2);
  }
  return v;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") Usage(nullptr);
    if (arg.rfind("--", 0) == 0) {
      if (i + 1 >= argc) Usage(("missing value after " + arg).c_str());
      const char* value = argv[++i];
      if (arg == "--agents") {
        o.agents = static_cast<int>(ParseInt("--agents", value, 1, 1000000));
      } else if (arg == "--weeks") {
        o.weeks = static_cast<int>(ParseInt("--weeks", value, 1, 5200));
      } else if (arg == "--seed") {
        o.seed = static_cast<uint64_t>(ParseInt("--seed", value, 0, 1L << 62));
      } else if (arg == "--format") {
        if (std::strcmp(value, "canonical") != 0 && std::strcmp(value, "zendesk") != 0) {
          Usage("--format is canonical or zendesk");
        }
        o.zendesk = std::strcmp(value, "zendesk") == 0;
      } else if (arg == "--start") {
        unsigned y = 0;
        unsigned m = 0;
        unsigned d = 0;
        char tail = 0;
        if (std::sscanf(value, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || y < 1971 || m < 1 ||
            m > 12 || d < 1 || d > 31) {
          Usage("--start wants a date like 2026-01-05");
        }
        o.start_day = DaysFromCivil(y, m, d);
      } else {
        Usage(("unknown option " + arg).c_str());
      }
    } else if (o.out.empty()) {
      o.out = arg;
    } else {
      Usage("more than one output file");
    }
  }
  if (o.out.empty()) Usage("no output file");
  return o;
}

class Generator {
 public:
  explicit Generator(const Options& o) : o_(o) {
    agents_.resize(static_cast<size_t>(o.agents));
    for (int a = 0; a < o.agents; ++a) MakeAgent(a, &agents_[static_cast<size_t>(a)]);
  }

  // Writes the header and every event; returns the number of rows.
  uint64_t Run(Writer* w) {
    static const char kHeader[] = "event_id,conversation_id,agent_id,event_type,ts\n";
    static const char kZendeskHeader[] =
        "audit_id,ticket_id,created_at,author_id,author_name,author_role,via_channel,event_id,"
        "event_type,field_name,previous_value,value,public\n";
    if (o_.zendesk) {
      w->Raw(kZendeskHeader, sizeof kZendeskHeader - 1);
    } else {
      w->Raw(kHeader, sizeof kHeader - 1);
    }
    const int days = o_.weeks * 7;
    for (int d = 0; d < days; ++d) {
      for (int a = 0; a < o_.agents; ++a) Day(a, d);
      // No shift of a later local day starts before this instant, so everything earlier is final.
      const int64_t cutoff =
          (o_.start_day + d + 1) * kDay + kEarliestLocalStart - kMaxOffsetMinutes * 60;
      Emit(w, cutoff);
    }
    Emit(w, INT64_MAX);
    return next_id_ - 1;
  }

 private:
  void MakeAgent(int index, Agent* a) {
    Rng r(Mix(o_.seed, 0xa6e47ULL + static_cast<uint64_t>(index)));
    int pick = static_cast<int>(r.Between(0, 99));
    for (const Region& region : Regions()) {
      a->region = &region;
      if (pick < region.share_percent) break;
      pick -= region.share_percent;
    }
    a->part_time = r.Chance(0.15);
    if (a->part_time) {
      const int off_days = static_cast<int>(r.Between(1, 2));
      for (int k = 0; k < off_days; ++k) a->workdays[r.Between(0, 4)] = false;
    }
    // The daily jitter is at most 20 minutes either way, so no shift starts before 07:00 local.
    a->local_start = r.Between(kEarliestLocalStart / 60 + 20, 10 * 60 + 30) * 60;
    a->rate = 1.35 + 1.45 * r.Uniform();
    if (r.Chance(0.3)) a->growth = 0.2 + 0.6 * r.Uniform();
    if (r.Chance(0.05)) a->first_week = static_cast<int>(r.Between(1, std::max(1, o_.weeks / 2)));
    if (r.Chance(0.03)) a->last_week = static_cast<int>(r.Between(o_.weeks / 2, o_.weeks));
    const int vacations = static_cast<int>(r.Between(0, 2) * std::max(1, o_.weeks / 26));
    for (int k = 0; k < vacations; ++k) {
      const int first = static_cast<int>(r.Between(0, o_.weeks * 7 - 1));
      a->vacations.emplace_back(first, first + static_cast<int>(r.Between(4, 15)));
    }
  }

  bool Holiday(const Agent& a, int64_t day) const {
    int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    CivilFromDays(day, &y, &m, &d);
    for (const auto& [hm, hd] : a.region->holidays) {
      if (hm == m && hd == d) return true;
    }
    return false;
  }

  void Add(int64_t ts, uint32_t agent, Type type, uint32_t conversation) {
    pending_.push_back(Event{ts, agent, seq_++, conversation, type});
  }

  // The shift of agent `index` on local day `d` of the period, if it works that day.
  void Day(int index, int d) {
    Agent& a = agents_[static_cast<size_t>(index)];
    const int64_t day = o_.start_day + d;
    const int wd = Weekday(day);
    const int week = d / 7;
    if (wd >= 5 || !a.workdays[wd] || week < a.first_week || week > a.last_week) return;
    for (const auto& [first, last] : a.vacations) {
      if (d >= first && d <= last) return;
    }
    if (Holiday(a, day)) return;
    Rng weekly(Mix(Mix(o_.seed, 0x3eeULL + static_cast<uint64_t>(index)), week));
    const bool thin = weekly.Chance(0.03) || (week == a.first_week && a.first_week > 0);
    const int thin_day = static_cast<int>(weekly.Between(0, 4));
    const double week_noise = 0.85 + 0.3 * weekly.Uniform();
    Rng r(Mix(Mix(o_.seed, 0xd1ULL + static_cast<uint64_t>(index)), d));
    if (thin && wd != thin_day && wd != (thin_day + 2) % 5) return;
    if (r.Chance(0.02)) return;  // sick

    // Wall-clock shape of the shift, in seconds from its start.
    int64_t length = 0;
    if (thin) {
      length = r.Between(90, 180) * 60;
    } else if (a.part_time) {
      length = r.Between(4 * 60, 6 * 60) * 60;
    } else {
      length = r.Between(8 * 60, 9 * 60) * 60;
    }
    struct Span {
      int64_t begin, end;
    };
    std::vector<Span> active{{0, length}};
    auto take_break = [&](int64_t at, int64_t len) {  // splits the span holding `at`
      for (size_t i = 0; i < active.size(); ++i) {
        Span s = active[i];
        if (at - 600 >= s.begin && at + len + 600 <= s.end) {
          active[i] = Span{s.begin, at};
          active.insert(active.begin() + static_cast<std::ptrdiff_t>(i) + 1, Span{at + len, s.end});
          return;
        }
      }
    };
    if (!thin) {
      if (!a.part_time) {
        take_break(length / 2 + r.Between(-45, 45) * 60, r.Between(30, 60) * 60);  // lunch
      }
      const int shorts = static_cast<int>(r.Between(a.part_time ? 0 : 1, 2));
      for (int k = 0; k < shorts; ++k) {
        take_break(r.Between(60, length / 60 - 60) * 60 + r.Between(0, 59),
                   r.Between(8, 20) * 60 + r.Between(0, 59));
      }
    }
    const int64_t jitter = r.Between(-20 * 60, 20 * 60);
    const int64_t start =
        day * kDay + a.local_start + jitter - a.region->utc_offset_minutes * int64_t{60};
    const auto agent = static_cast<uint32_t>(index);
    for (const Span& s : active) {
      Add(start + s.begin, agent, kActive, 0);
      if (r.Chance(0.01) && s.end - s.begin > 1200) {  // the client reconnects
        Add(start + s.begin + r.Between(300, s.end - s.begin - 300), agent, kActive, 0);
      }
      Add(start + s.end, agent, kAway, 0);
    }

    // Conversations, placed in active time (seconds of being active since the shift started).
    int64_t total = 0;
    for (const Span& s : active) total += s.end - s.begin;
    auto wall = [&](int64_t offset) {
      offset = std::min(offset, total - 1);
      for (const Span& s : active) {
        if (offset < s.end - s.begin) return start + s.begin + offset;
        offset -= s.end - s.begin;
      }
      return start + active.back().end - 1;
    };
    std::vector<uint32_t> carried;
    carried.swap(a.reopened);
    int64_t t = 0;
    for (uint32_t c : carried) {  // re-opened since the last shift: answered and closed early
      t += r.Between(60, 900);
      Add(wall(t), agent, kReplied, c);
      Add(wall(t + r.Between(60, 600)), agent, kClosed, c);
    }
    const double progress = o_.weeks > 1 ? static_cast<double>(week) / (o_.weeks - 1) : 0.0;
    const double rate = a.rate * week_noise * (1.0 - a.growth / 2 + a.growth * progress);
    const double mean_gap = 3600.0 / rate;
    t = static_cast<int64_t>(r.Exponential(mean_gap));
    while (t < total - 300) {
      const uint32_t c = next_conversation_++;
      Add(wall(t), agent, kAssigned, c);
      int64_t u = t + r.Between(20, 240);
      const int replies = 1 + static_cast<int>(r.Between(0, 2) + r.Between(0, 2));
      for (int k = 0; k < replies; ++k) {
        if (k > 0) u += r.Between(30, 720);
        Add(wall(u), agent, kReplied, c);
      }
      if (r.Chance(0.95)) {
        u += r.Between(30, 300);
        Add(wall(u), agent, kClosed, c);
        if (r.Chance(0.04)) {  // re-opened: closed again later
          if (r.Chance(0.5)) {
            u += r.Between(600, 3600);
            Add(wall(u), agent, kReplied, c);
            Add(wall(u + r.Between(60, 600)), agent, kClosed, c);
          } else {
            a.reopened.push_back(c);
          }
        }
      }
      t += 1 + static_cast<int64_t>(r.Exponential(mean_gap));
    }
  }

  void Emit(Writer* w, int64_t cutoff) {
    std::sort(pending_.begin(), pending_.end(), [](const Event& x, const Event& y) {
      if (x.ts != y.ts) return x.ts < y.ts;
      if (x.agent != y.agent) return x.agent < y.agent;
      return x.seq < y.seq;
    });
    size_t n = 0;
    while (n < pending_.size() && pending_[n].ts < cutoff) {
      if (pending_[n].ts < last_ts_) {
        std::fprintf(stderr, "events_gen: internal error: events out of time order\n");
        std::exit(1);
      }
      last_ts_ = pending_[n].ts;
      if (o_.zendesk) {
        next_id_ += static_cast<uint64_t>(w->ZendeskRows(pending_[n++]));
      } else {
        w->Row(next_id_++, pending_[n++]);
      }
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  }

  const Options& o_;
  std::vector<Agent> agents_;
  std::vector<Event> pending_;
  uint64_t next_id_ = 1;
  int64_t last_ts_ = INT64_MIN;
  uint32_t seq_ = 0;
  uint32_t next_conversation_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  const auto began = std::chrono::steady_clock::now();
  const std::string tmp = options.out + ".tmp";
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) {
    std::perror(("events_gen: " + tmp).c_str());
    return 1;
  }
  std::setvbuf(out, nullptr, _IONBF, 0);
  Writer writer(out);
  Generator generator(options);
  const uint64_t rows = generator.Run(&writer);
  writer.Flush();
  if (std::fclose(out) != 0 || std::rename(tmp.c_str(), options.out.c_str()) != 0) {
    std::perror(("events_gen: " + options.out).c_str());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::printf("rows %llu\nbytes %llu\nseconds %.2f\n", static_cast<unsigned long long>(rows),
              static_cast<unsigned long long>(writer.written()), seconds);
  return 0;
}
