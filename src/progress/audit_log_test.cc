#include "progress/audit_log.h"

#include <set>

#include <gtest/gtest.h>

namespace rungs {
namespace {

AuditEntry Entry(int64_t id, std::optional<int64_t> actor, const std::string& action,
                 const std::string& target, int64_t at = 0, const std::string& details = "{}") {
  return {id, at == 0 ? 1700000000 + id : at, actor, action, target, details};
}

AuditNames SomeNames() {
  AuditNames names;
  names.people = {{1, "Alex Admin"}, {3, "Priya Shah"}, {12, "Former employee 12"}};
  names.teams = {{2, "Support EMEA"}};
  names.checkins = {{7, {3, 2}}};
  return names;
}

TEST(AuditLogTest, EveryActionTheStoreWritesHasWordsAndAFamily) {
  // As written by src/store/*.cc and migration 0005: a new action needs words here too.
  const std::set<std::string> written = {"api_token.create",
                                         "api_token.revoke",
                                         "checkin.acknowledge",
                                         "checkin.agree",
                                         "checkin.create",
                                         "checkin.results",
                                         "evidence.add",
                                         "evidence.delete",
                                         "framework_file.delete",
                                         "framework_file.put",
                                         "framework_version.create",
                                         "identity.link",
                                         "identity.unlink",
                                         "ingest.create",
                                         "ingest.undo",
                                         "link.create",
                                         "link.redeem",
                                         "saved_mapping.delete",
                                         "saved_mapping.put",
                                         "session.create",
                                         "session.delete",
                                         "session.delete_all",
                                         "team.create",
                                         "team.update",
                                         "user.anonymise",
                                         "user.create",
                                         "user.create_first_admin",
                                         "user.delete",
                                         "user.email_duplicate",
                                         "user.erase",
                                         "user.password_clear",
                                         "user.password_set",
                                         "user.update"};
  std::set<std::string> listed;
  for (const AuditActionFamily& f : AuditActionFamilies()) {
    EXPECT_FALSE(f.actions.empty()) << f.family;
    for (std::string_view a : f.actions) listed.insert(std::string(a));
  }
  EXPECT_EQ(listed, written);
  std::set<std::string> words;
  for (const std::string& action : written) {
    const std::string w = AuditActionWords(action);
    EXPECT_NE(w, action);
    EXPECT_EQ(w.find('.'), std::string::npos) << w;
    words.insert(w);
  }
  EXPECT_EQ(words.size(), written.size()) << "two actions read the same";
  EXPECT_EQ(AuditActionWords("user.create"), "added a person");
  EXPECT_EQ(AuditActionWords("checkin.agree"), "agreed a check-in");
  EXPECT_EQ(AuditActionWords("session.create"), "signed in");
  EXPECT_EQ(AuditActionWords("robot.dance"), "robot.dance");  // unknown: as it is
}

TEST(AuditLogTest, ActorsAndTargetsByName) {
  const AuditNames names = SomeNames();
  EXPECT_EQ(AuditActorName(1, names), "Alex Admin");
  EXPECT_EQ(AuditActorName(std::nullopt, names), "rungs");
  EXPECT_EQ(AuditActorName(99, names), "person #99 (removed)");
  EXPECT_EQ(AuditTargetName("user:3", names), "Priya Shah");
  EXPECT_EQ(AuditTargetName("user:12", names), "Former employee 12");  // anonymised
  EXPECT_EQ(AuditTargetName("user:40", names), "person #40 (removed)");
  EXPECT_EQ(AuditTargetName("checkin:7", names), "Priya Shah's check-in 2");
  EXPECT_EQ(AuditTargetName("checkin:8", names), "check-in #8 (removed)");
  EXPECT_EQ(AuditTargetName("team:2", names), "team Support EMEA");
  EXPECT_EQ(AuditTargetName("team:5", names), "team #5 (removed)");
  EXPECT_EQ(AuditTargetName("ingest:4", names), "helpdesk batch 4");
  EXPECT_EQ(AuditTargetName("framework_version:9", names), "framework version 9");
  EXPECT_EQ(AuditTargetName("framework_file:support.md", names), "framework file support.md");
  EXPECT_EQ(AuditTargetName("saved_mapping:Our desk", names), "helpdesk mapping Our desk");
  // What this build does not know, or cannot read, stays as it is written.
  EXPECT_EQ(AuditTargetName("robot:1", names), "robot:1");
  EXPECT_EQ(AuditTargetName("user:x", names), "user:x");
  EXPECT_EQ(AuditTargetName("user:", names), "user:");
  EXPECT_EQ(AuditTargetName("", names), "");
  EXPECT_EQ(ParseAuditTarget("checkin:7").id, 7);
  EXPECT_EQ(ParseAuditTarget("checkin:-7").id, std::nullopt);
}

TEST(AuditLogTest, DetailsReadAsKeysAndValues) {
  EXPECT_EQ(AuditDetailsText(R"({"email":"ana@example.com","role":"member"})"),
            "email: ana@example.com, role: member");
  EXPECT_EQ(AuditDetailsText(R"({"criteria":3,"agrees":true,"cleared":["name","email"]})"),
            R"(agrees: true, cleared: ["name","email"], criteria: 3)");
  EXPECT_EQ(AuditDetailsText("{}"), "");
  EXPECT_EQ(AuditDetailsText(""), "");
  EXPECT_EQ(AuditDetailsText("not json"), "not json");
}

TEST(AuditLogTest, SignInsOfOnePersonInARowFoldIntoOneRow) {
  // Newest first: Priya signs in three times and out once, then Alex adds a person between two
  // more of Priya's sign-ins, then rungs ends her sessions.
  const std::vector<AuditEntry> entries = {
      Entry(10, 3, "session.create", "user:3", 5000),
      Entry(9, 3, "session.delete", "user:3", 4000),
      Entry(8, 3, "session.create", "user:3", 3000),
      Entry(7, 3, "session.create", "user:3", 2000),
      Entry(6, 1, "user.create", "user:3", 1900, R"({"email":"priya@example.com"})"),
      Entry(5, 3, "session.create", "user:3", 1800),
      Entry(4, 1, "session.create", "user:1", 1700),  // someone else's: not folded with hers
      Entry(3, 3, "session.create", "user:3", 1600),
      Entry(2, std::nullopt, "session.delete_all", "user:3", 1500, R"({"sessions":2})"),
      Entry(1, 3, "session.create", "user:3", 1400),
  };
  const std::vector<AuditRow> rows = ReadableAuditRows(entries, SomeNames(), true);
  EXPECT_EQ(CountAuditRows(entries, true), rows.size());
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0].words, "signed in 3 times and out once");
  EXPECT_EQ(rows[0].entries, 4);
  EXPECT_EQ(rows[0].id, 10);
  EXPECT_EQ(rows[0].oldest_id, 7);
  EXPECT_EQ(rows[0].at, 5000);
  EXPECT_EQ(rows[0].first_at, 2000);
  EXPECT_EQ(rows[0].actor, "Priya Shah");
  EXPECT_EQ(rows[0].details, "");
  EXPECT_EQ(rows[1].words, "added a person");
  EXPECT_EQ(rows[1].actor, "Alex Admin");
  EXPECT_EQ(rows[1].target, "Priya Shah");
  EXPECT_EQ(rows[1].details, "email: priya@example.com");
  EXPECT_EQ(rows[2].words, "signed in");  // one alone stays one
  EXPECT_EQ(rows[2].entries, 1);
  EXPECT_EQ(rows[3].actor, "Alex Admin");
  EXPECT_EQ(rows[4].actor, "Priya Shah");
  EXPECT_EQ(rows[5].words, "ended every session");  // not noise: it says something happened
  EXPECT_EQ(rows[5].actor, "rungs");
  EXPECT_EQ(rows[6].id, 1);

  // Unfolded, every entry is a row.
  const std::vector<AuditRow> all = ReadableAuditRows(entries, SomeNames(), false);
  EXPECT_EQ(all.size(), entries.size());
  EXPECT_EQ(CountAuditRows(entries, false), entries.size());
  EXPECT_EQ(all[0].words, "signed in");

  EXPECT_EQ(SessionRunWords(5, 0), "signed in 5 times");
  EXPECT_EQ(SessionRunWords(0, 2), "signed out twice");
  EXPECT_EQ(SessionRunWords(2, 1), "signed in twice and out once");
}

TEST(AuditLogTest, QueriesAreReadOrRefusedByField) {
  const TimeZone utc = TimeZone::Parse("UTC").value();
  const TimeZone london = TimeZone::Parse("Europe/London").value();
  AuditQuery q;
  Result<AuditSelection> none = ParseAuditQuery(q, utc);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->filter.actor_id);
  EXPECT_FALSE(none->person);
  EXPECT_TRUE(none->filter.action.empty());

  q.who = "rungs";
  q.whom = "12";
  q.what = "checkin.*";
  q.from = "2026-07-01";
  q.to = "2026-07-01";
  q.before = "300";
  Result<AuditSelection> s = ParseAuditQuery(q, london);
  ASSERT_TRUE(s.ok()) << s.status().message;
  EXPECT_EQ(s->filter.actor_id, 0);  // the system
  EXPECT_EQ(s->person, 12);
  EXPECT_EQ(s->filter.action, "checkin.");
  EXPECT_EQ(s->filter.before_id, 300);
  // 1 July in London is 23:00 UTC on 30 June to 23:00 UTC on 1 July (BST).
  EXPECT_EQ(FormatUtc(*s->filter.from), "2026-06-30T23:00:00Z");
  EXPECT_EQ(FormatUtc(*s->filter.until), "2026-07-01T23:00:00Z");
  // The day the clocks go forward is 23 hours long.
  q.from = q.to = "2026-03-29";
  s = ParseAuditQuery(q, london);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s->filter.until - *s->filter.from, 23 * 3600);
  q.who = "3";
  q.what = "user.create";
  s = ParseAuditQuery(q, utc);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->filter.actor_id, 3);
  EXPECT_EQ(s->filter.action, "user.create");

  struct Bad {
    std::string AuditQuery::*field;
    std::string value;
    std::string named;
  };
  const Bad bad[] = {
      {&AuditQuery::who, "Priya", "who"},
      {&AuditQuery::who, "0", "who"},
      {&AuditQuery::who, "-3", "who"},
      {&AuditQuery::whom, "3x", "whom"},
      {&AuditQuery::whom, "99999999999999999999", "whom"},
      {&AuditQuery::what, "checkin", "what"},
      {&AuditQuery::what, "*", "what"},
      {&AuditQuery::what, "Checkin.*", "what"},
      {&AuditQuery::what, "checkin.*.x", "what"},
      {&AuditQuery::what, "user.' OR 1=1", "what"},
      {&AuditQuery::from, "2026-02-30", "from"},
      {&AuditQuery::from, "2026-13-01", "from"},
      {&AuditQuery::from, "1/3/2026", "from"},
      {&AuditQuery::from, "<script>", "from"},
      {&AuditQuery::to, "2026-04-31", "to"},
      {&AuditQuery::to, "2025-12-31", "to"},  // before the first day
      {&AuditQuery::before, "x", "before"},
  };
  for (const Bad& b : bad) {
    AuditQuery typed;
    typed.from = "2026-01-01";
    typed.*b.field = b.value;
    Result<AuditSelection> refused = ParseAuditQuery(typed, utc);
    ASSERT_FALSE(refused.ok()) << b.value;
    EXPECT_EQ(refused.status().code, StatusCode::kInvalid) << b.value;
    EXPECT_EQ(refused.status().field, b.named) << b.value;
  }
}

TEST(AuditLogTest, CsvHasTheTimeWithItsOffsetAndSafeCells) {
  AuditPage page;
  page.zone = TimeZone::Parse("Europe/London").value();
  AuditRow row;
  row.at = 1782900000;  // 2026-07-01T10:00:00Z
  row.actor = "=cmd|' /C calc'!A0";
  row.words = "added a person";
  row.target = "Shah, Priya";
  row.details = "email: \"p\"@example.com";
  page.rows.push_back(row);
  EXPECT_EQ(AuditCsv(page),
            "time,actor,action,target,details\n"
            "2026-07-01T11:00:00+01:00,'=cmd|' /C calc'!A0,added a person,\"Shah, Priya\","
            "\"email: \"\"p\"\"@example.com\"\n");
}

}  // namespace
}  // namespace rungs
