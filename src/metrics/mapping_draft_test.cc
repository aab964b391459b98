#include "metrics/mapping_draft.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "metrics/mapped_events.h"
#include "metrics/mapping.h"

namespace rungs {
namespace {

std::string ReadFile(const std::string& path, size_t max = std::string::npos) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.substr(0, max);
}

MappingDraft Draft(const std::string& text, const std::string& file = "export.csv",
                   const DraftOptions& options = {}) {
  Result<MappingDraft> d = DraftMapping(text, file, options);
  EXPECT_TRUE(d.ok()) << d.status().message;
  return d.ok() ? std::move(d).value() : MappingDraft();
}

Mapping Load(const MappingDraft& d) {
  const MappingLoad load = ParseMapping(d.yaml, "draft.yaml");
  std::string all;
  for (const Diagnostic& diag : load.diagnostics) all += FormatDiagnostic(diag) + "\n";
  EXPECT_TRUE(load.mapping) << all << d.yaml;
  return load.mapping ? *load.mapping : Mapping();
}

const GuessedColumn& Role(const MappingDraft& d, const std::string& role) {
  static const GuessedColumn none;
  for (const GuessedColumn& c : d.columns) {
    if (c.role == role) return c;
  }
  return none;
}

bool Asks(const MappingDraft& d, const std::string& topic) {
  return std::any_of(d.questions.begin(), d.questions.end(),
                     [&topic](const DraftQuestion& q) { return q.topic == topic; });
}

// A helpdesk rungs ships no mapping for: semicolons, a row per ticket event, times without a
// zone, a bot that answers first.
std::string UnknownExport() {
  std::string text = "Ticket ID;Agent Email;Event;Timestamp;Channel\n";
  const char* agents[] = {"ana@acme.example", "ben@acme.example", "cho@acme.example"};
  for (int t = 0; t < 30; ++t) {
    const std::string ticket = fmt::format("{}", 5000 + t);
    const std::string agent = agents[t % 3];
    const int hour = 8 + t % 9;
    text += fmt::format("{};Support Bot;Reply;2024-03-{:02} {:02}:00:05;chat\n", ticket, 4 + t % 5,
                        hour);
    text +=
        fmt::format("{};{};Reply;2024-03-{:02} {:02}:10:00;chat\n", ticket, agent, 4 + t % 5, hour);
    text +=
        fmt::format("{};{};Note;2024-03-{:02} {:02}:12:00;chat\n", ticket, agent, 4 + t % 5, hour);
    text += fmt::format("{};{};Solved;2024-03-{:02} {:02}:20:00;chat\n", ticket, agent, 4 + t % 5,
                        hour);
  }
  return text;
}

TEST(MappingDraftTest, AnUnknownExportGetsADraftThatReadsIt) {
  const MappingDraft d = Draft(UnknownExport());
  EXPECT_TRUE(d.shipped.empty());
  EXPECT_EQ(d.delimiter, ';');
  EXPECT_EQ(Role(d, "person").column, "Agent Email");
  EXPECT_EQ(Role(d, "conversation").column, "Ticket ID");
  EXPECT_EQ(Role(d, "time").column, "Timestamp");
  EXPECT_EQ(Role(d, "status").column, "Event");
  EXPECT_NE(Role(d, "person").reason.find("\"agent\""), std::string::npos)
      << Role(d, "person").reason;
  EXPECT_EQ(d.time_format, "iso8601");
  // The bot is excluded by its name, with its row count.
  ASSERT_FALSE(d.automation.empty());
  EXPECT_EQ(d.automation[0].name, "Support Bot");
  EXPECT_EQ(d.automation[0].rows, 30);
  EXPECT_TRUE(d.automation[0].by_name);
  // Times without a zone: a person says which.
  EXPECT_TRUE(Asks(d, "time.zone"));
  EXPECT_NE(d.yaml.find("# QUESTION: Which zone are the times in?"), std::string::npos) << d.yaml;

  ASSERT_TRUE(d.complete) << d.yaml;
  const Mapping m = Load(d);
  EXPECT_EQ(m.csv.delimiter, ';');
  ASSERT_EQ(m.exclude.size(), 1u);
  EXPECT_EQ(m.exclude[0].name, "Support Bot");
  // What the draft makes of the export: closes of 30 tickets, the bot's rows left out.
  const Result<MappedReading> r = ReadMappedEventText(UnknownExport(), "export.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->rows, 120);
  EXPECT_EQ(r->used, 90);
  EXPECT_EQ(r->excluded, 30);
  EXPECT_EQ(r->skipped, 0);
  EXPECT_EQ(r->rules[0].label, "events[0] (closed)");
  EXPECT_EQ(r->rules[0].events, 30);
  // The engine read the sample through its own draft and says so.
  EXPECT_TRUE(d.check.read);
  EXPECT_EQ(d.check.used, 90);
}

TEST(MappingDraftTest, DayFirstOrMonthFirstIsAQuestionWhenEverySampleFitsBoth) {
  std::string text = "case,owner,state,changed\n";
  for (int i = 0; i < 12; ++i) {
    text += fmt::format("C{},{},{},{}/{}/2024 1{}:00\n", i, i % 2 ? "ana" : "ben",
                        i % 3 ? "open" : "closed", 1 + i, 12 - i, i % 10);
  }
  const MappingDraft d = Draft(text);
  EXPECT_TRUE(d.time.day_month_ambiguous);
  ASSERT_TRUE(Asks(d, "time.format")) << d.yaml;
  const auto q = std::find_if(d.questions.begin(), d.questions.end(),
                              [](const DraftQuestion& q) { return q.topic == "time.format"; });
  EXPECT_EQ(q->choices, (std::vector<std::string>{"d/m/yyyy H:MM", "m/d/yyyy H:MM"}));
  EXPECT_NE(d.yaml.find("# QUESTION: Day-first or month-first?"), std::string::npos) << d.yaml;
  EXPECT_NE(d.yaml.find("format: \"d/m/yyyy H:MM\""), std::string::npos);
  // A day above 12 settles it: no question then.
  text += "C99,ana,closed,13/1/2024 10:00\n";
  const MappingDraft settled = Draft(text);
  EXPECT_FALSE(settled.time.day_month_ambiguous);
  EXPECT_FALSE(Asks(settled, "time.format"));
  EXPECT_EQ(settled.time_format, "d/m/yyyy H:MM");
  EXPECT_TRUE(Load(settled).events.size() >= 2);
}

// A snapshot log like ServiceNow's under other names: one account writes a quarter of the rows.
TEST(MappingDraftTest, AnAccountWithImplausibleVolumeIsAnExclusionQuestion) {
  std::string text = "incident,state,modified_by,modified\n";
  for (int i = 0; i < 200; ++i) {
    const std::string who = i % 4 == 0 ? "Updated by 908" : fmt::format("Updated by {}", i % 50);
    text += fmt::format("INC{},{},{},{}/3/2016 {}:07\n", i / 4, i % 4 == 3 ? "Closed" : "Active",
                        who, 1 + i % 28, i % 24);
  }
  const MappingDraft d = Draft(text);
  ASSERT_EQ(Role(d, "person").column, "modified_by");
  ASSERT_FALSE(d.automation.empty());
  EXPECT_EQ(d.automation[0].name, "Updated by 908");
  EXPECT_EQ(d.automation[0].rows, 50);
  EXPECT_FALSE(d.automation[0].by_name);
  EXPECT_EQ(d.automation[0].reason, "25.0% of the sample's rows, 12 times the median account's 4")
      << d.automation[0].reason;
  EXPECT_TRUE(Asks(d, "exclude"));
  // Only a person decides: the entry is written commented out.
  EXPECT_NE(d.yaml.find("  # - name: \"Updated by 908\""), std::string::npos) << d.yaml;
  EXPECT_TRUE(Load(d).exclude.empty());
}

// Presence logs: status rows with their end, and no close asked for.
TEST(MappingDraftTest, APresenceLogGetsStatusIntervals) {
  const MappingDraft d = Draft(
      "agent_id\tstatus\tstart\tend\n"
      "ana\tOnline\t1709543520\t1709547120\n"
      "ana\tAway\t1709547120\t\n"
      "ben\tOnline\t1709543520\t1709550000\n");
  EXPECT_EQ(d.delimiter, '\t');
  EXPECT_EQ(d.time_format, "unix");
  EXPECT_TRUE(d.questions.empty()) << "Unix times carry their zone; closes come from elsewhere";
  const Mapping m = Load(d);
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].type, MappedType::kStatusActive);
  EXPECT_EQ(m.events[0].until.name, "end");
  EXPECT_EQ(m.events[1].type, MappedType::kStatusAway);
  EXPECT_EQ(m.activity.from, ActivitySettings::From::kStatus);
  EXPECT_EQ(d.check.used, 3);
}

TEST(MappingDraftTest, ALogWithClosesAndStatusesGetsBothAndActivityFromStatus) {
  // A day of two agents: online, ten tickets each (a reply and a close), away.
  std::string log = "Agent;Ticket;Action;Time\n";
  for (const char* agent : {"ana", "ben"}) {
    log += fmt::format("{};;Online;2024-03-04T08:00:00Z\n", agent);
    for (int t = 0; t < 10; ++t) {
      log += fmt::format("{0};{0}-{1};Reply;2024-03-04T{2:02}:10:00Z\n", agent, t, 8 + t / 2);
      log += fmt::format("{0};{0}-{1};Solved;2024-03-04T{2:02}:20:00Z\n", agent, t, 8 + t / 2);
    }
    log += fmt::format("{};;Away;2024-03-04T14:00:00Z\n", agent);
  }
  const MappingDraft d = Draft(log);
  ASSERT_TRUE(d.complete) << d.yaml;
  const Mapping m = Load(d);
  std::vector<MappedType> types;
  for (const EventRule& rule : m.events) types.push_back(rule.type);
  EXPECT_EQ(types, (std::vector<MappedType>{MappedType::kClosed, MappedType::kReplied,
                                            MappedType::kStatusActive, MappedType::kStatusAway}))
      << d.yaml;
  EXPECT_EQ(m.activity.from, ActivitySettings::From::kStatus);
  const Result<MappedReading> r = ReadMappedEventText(log, "log.csv", m);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r->used, 44);
  EXPECT_EQ(r->skipped, 0);
  EXPECT_FALSE(r->active_inferred);
}

TEST(MappingDraftTest, NamesThatBreakYamlAreQuoted) {
  const std::string text =
      "\"who: \"\"the agent\"\"\",\"# ticket\",\"time\nstamp\",state\n"
      "ana,T1,2024-03-04T09:00:00Z,closed\n"
      "ben,T2,2024-03-04T10:00:00Z,open\n";
  const MappingDraft d = Draft(text);
  ASSERT_TRUE(d.complete) << d.yaml;
  const Mapping m = Load(d);
  ASSERT_FALSE(m.events.empty());
  EXPECT_EQ(m.events[0].identity.name, "who: \"the agent\"");
  EXPECT_EQ(m.events[0].conversation.name, "# ticket");
  EXPECT_EQ(m.events[0].time.name, "time\nstamp");
  EXPECT_EQ(d.check.used, 2);
}

TEST(MappingDraftTest, WithoutAPersonColumnTheDraftSaysWhatIsMissing) {
  const MappingDraft d =
      Draft("ref,when,amount\nA1,2024-03-04T09:00:00Z,3\nA2,2024-03-04T10:00:00Z,4\n");
  EXPECT_FALSE(d.complete);
  EXPECT_TRUE(Role(d, "person").column.empty());
  EXPECT_TRUE(Asks(d, "identity"));
  const MappingLoad load = ParseMapping(d.yaml, "draft.yaml");
  ASSERT_FALSE(load.diagnostics.empty());
  EXPECT_NE(load.diagnostics[0].message.find("needs `identity:`"), std::string::npos);
}

const std::string kTestdata = std::string(RUNGS_SOURCE_DIR) + "/testdata/helpdesk/";

TEST(MappingDraftTest, TheShippedExportsAreRecognised) {
  struct Case {
    const char* file;
    const char* mapping;
    ShippedFit fit;
  };
  for (const Case& c : {
           Case{"zendesk_audits.csv", "zendesk", ShippedFit::kExactHeader},
           Case{"zendesk_qa_reviews.csv", "zendesk-qa", ShippedFit::kExactHeader},
           // The sample has 12 of the 18 documented columns, among them the 5 the mapping reads.
           Case{"intercom_parts.csv", "intercom", ShippedFit::kReadsColumns},
           Case{"canonical_qa.csv", "canonical-qa", ShippedFit::kExactHeader},
           Case{"canonical_status.csv", "canonical-status", ShippedFit::kExactHeader},
           Case{"canonical_schedules.csv", "canonical-schedules", ShippedFit::kExactHeader},
       }) {
    const MappingDraft d = Draft(ReadFile(kTestdata + c.file), c.file);
    EXPECT_EQ(d.shipped, c.mapping) << c.file;
    EXPECT_EQ(d.fit, c.fit) << c.file;
    EXPECT_TRUE(d.complete);
    EXPECT_TRUE(d.check.read) << c.file << ": " << d.check.error;
    EXPECT_GT(d.check.used, 0) << c.file;
    EXPECT_TRUE(Load(d).name.size() > 0);
  }
}

TEST(MappingDraftTest, AShippedMatchKeepsItsTextAndTakesANewName) {
  DraftOptions options;
  options.name = "Acme Zendesk";
  const MappingDraft d =
      Draft(ReadFile(kTestdata + "zendesk_audits.csv"), "zendesk_audits.csv", options);
  EXPECT_NE(d.yaml.find("# rungs mapping init: zendesk_audits.csv has exactly the columns"),
            std::string::npos)
      << d.yaml;
  EXPECT_NE(d.yaml.find("name: \"Acme Zendesk\"\n"), std::string::npos);
  EXPECT_EQ(d.yaml.find("Zendesk ticket audit events\n"), std::string::npos);
  EXPECT_EQ(Load(d).name, "Acme Zendesk");
  EXPECT_NE(d.yaml.find("reason: Zendesk triggers and automations"), std::string::npos);
}

// The real ServiceNow log (../shared/datasets): its first MiB is enough.
TEST(MappingDraftTest, TheServiceNowLogIsItsShippedMappingWithItsZoneQuestioned) {
  const std::string path = std::string(RUNGS_SHARED_DIR) +
                           "/datasets/servicenow_incident_event_log/incident_event_log.csv";
  const std::string start = ReadFile(path, (1 << 20) + 1);
  if (start.empty()) GTEST_SKIP() << "no " << path;
  const MappingDraft d = Draft(start, "incident_event_log.csv");
  EXPECT_EQ(d.shipped, "servicenow-incident");
  EXPECT_EQ(d.fit, ShippedFit::kExactHeader);
  EXPECT_FALSE(d.whole_file);
  EXPECT_EQ(d.sample_rows, 2000);
  ASSERT_TRUE(Asks(d, "time.zone"));
  EXPECT_NE(d.questions[0].text.find("America/Sao_Paulo, its assumption"), std::string::npos);
  EXPECT_NE(d.yaml.find("# QUESTION: The times carry no zone"), std::string::npos) << d.yaml;
  EXPECT_EQ(d.check.rows, 2000);
  EXPECT_EQ(d.check.skipped, 0);
  EXPECT_GT(d.check.used, 1000);
}

}  // namespace
}  // namespace rungs
