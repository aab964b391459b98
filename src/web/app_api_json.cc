// The JSON form of what the API returns (documented in assets/openapi.json). One rule for
// every object: strings are never null (empty means none); ids and times are null when absent.
// Times are Unix seconds (UTC).
#include "web/app_api_internal.h"

#include "metrics/iso_week.h"

namespace rungs::api {
namespace {

json IdOrNull(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

// The store writes 0 for "never" and for links that were cut (an erased author).
json NullIfZero(int64_t value) { return value != 0 ? json(value) : json(nullptr); }

json CriterionResultJson(const CriterionResult& r) {
  return {{"criterion", r.criterion_key},
          {"text_hash", r.text_hash},
          {"self", AssessmentName(r.self)},
          {"manager", AssessmentName(r.manager)},
          {"agreed", AssessmentName(r.agreed)}};
}

// Evidence as the "why not yet" list shows it, under the criterion it is tagged to.
json EvidenceSummaryJson(const Evidence& e) {
  return {{"id", e.id}, {"text", e.text}, {"link", e.link}, {"created_at", e.created_at}};
}

json CriterionStandingJson(const CriterionStanding& c) {
  json evidence = json::array();
  for (const Evidence* e : c.evidence) evidence.push_back(EvidenceSummaryJson(*e));
  const bool known = c.criterion != nullptr;
  return {{"key", known ? c.criterion->key : ""},
          {"topic", c.topic},
          {"text", known ? c.criterion->text : ""},
          {"via", c.via_reference},
          {"status", CriterionStatusName(c.status)},
          {"checkin_id", NullIfZero(c.checkin_id)},
          {"agreed_at", NullIfZero(c.agreed_at)},
          {"evidence", std::move(evidence)},
          {"carried_from", c.carried_from_rung.empty() ? json() : json(c.carried_from_rung)}};
}

json CriterionStandingsJson(const std::vector<CriterionStanding>& list) {
  json out = json::array();
  for (const CriterionStanding& c : list) out.push_back(CriterionStandingJson(c));
  return out;
}

json UnmatchedJson(const std::vector<UnmatchedCriterion>& list) {
  json out = json::array();
  for (const UnmatchedCriterion& u : list) {
    out.push_back({{"key", u.key}, {"topic", u.topic}, {"rung", u.rung}, {"text", u.text}});
  }
  return out;
}

json OptionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

const char* MeasuredStateName(MeasuredResults::State state) {
  switch (state) {
    case MeasuredResults::State::kNotMeasured:
      return "not_measured";
    case MeasuredResults::State::kNoIdentity:
      return "no_identity";
    case MeasuredResults::State::kEvaluated:
      return "evaluated";
  }
  return "not_measured";
}

json WeekJudgementJson(const WeekJudgement& j, bool inferred) {
  return {{"week", WeekIndexName(j.week)},
          {"conversations_per_hour", OptionalNumber(j.conversations_per_hour)},
          {"activity_pct", OptionalNumber(j.activity_pct)},
          {"qa_pct", OptionalNumber(j.qa_pct)},
          {"active_hours", j.active_hours},
          {"inferred", inferred},
          {"evaluable", j.evaluable},
          {"meets", j.meets},
          {"no_data", j.no_data},
          {"misses", j.misses}};
}

// Verdicts only when the person's data was judged: with no identity linked, null and no weeks.
json MeasuredJson(const MeasuredResults& measured) {
  const bool judged = measured.state == MeasuredResults::State::kEvaluated;
  json out = json::array();
  for (const MeasuredCriterion& m : measured.criteria) {
    json weeks = json::array();
    json deciding = json::array();
    if (judged) {
      // One judgement per week of the person's data, in the same order.
      for (size_t i = 0; i < m.evaluation.weeks.size(); ++i) {
        const bool inferred = i < measured.weeks.size() && measured.weeks[i].active_inferred;
        weeks.push_back(WeekJudgementJson(m.evaluation.weeks[i], inferred));
      }
      for (int64_t w : m.evaluation.deciding) deciding.push_back(WeekIndexName(w));
    }
    json item = {{"criterion_key", m.criterion != nullptr ? m.criterion->key : ""},
                 {"rung", m.rung},
                 {"rule", m.rule_text},
                 {"verdict", judged ? json(VerdictName(m.verdict)) : json(nullptr)},
                 {"explanation", judged ? m.explanation : ""},
                 {"deciding", std::move(deciding)},
                 {"weeks", std::move(weeks)}};
    if (m.rule.advanced_tasks > 0) {
      item["advanced_tasks"] = {{"agreed", m.advanced_tasks}, {"target", m.rule.advanced_tasks}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

json UserJson(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"role", RoleName(user.role)},
          {"team_id", IdOrNull(user.team_id)},
          {"manager_id", IdOrNull(user.manager_id)},
          {"framework_id", user.framework_id},
          {"assigned_rung", user.assigned_rung},
          {"start_date", user.start_date},
          {"probation_end", user.probation_end},
          {"active", user.active},
          {"created_at", user.created_at}};
}

json EvidenceJson(const Evidence& e) {
  return {{"id", e.id},
          {"checkin_id", e.checkin_id},
          {"author_id", NullIfZero(e.author_id)},
          {"text", e.text},
          {"link", e.link},
          {"criteria", e.criterion_keys},
          {"created_at", e.created_at}};
}

json AcknowledgementJson(const CheckIn& c) {
  const char* name = AcknowledgementName(c);
  return name != nullptr ? json(name) : json(nullptr);
}

json CheckInJson(const CheckIn& c) {
  json results = json::array();
  for (const CriterionResult& r : c.results) results.push_back(CriterionResultJson(r));
  json evidence = json::array();
  for (const Evidence& e : c.evidence) evidence.push_back(EvidenceJson(e));
  return {{"id", c.id},
          {"person_id", c.user_id},
          {"framework_version_id", c.framework_version_id},
          {"state", CheckInStateName(c.state)},
          {"self_notes", c.self_notes},
          {"manager_notes", c.manager_notes},
          {"results", std::move(results)},
          {"evidence", std::move(evidence)},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at},
          {"frozen_at", NullIfZero(c.frozen_at)},
          {"frozen_by", IdOrNull(c.frozen_by)},
          {"acknowledged_at", NullIfZero(c.acknowledged_at)},
          {"acknowledgement", AcknowledgementJson(c)},
          {"acknowledgement_comment", c.acknowledgement_comment}};
}

json CheckInViewJson(const CheckInView& view) {
  json out = CheckInJson(view.checkin);
  out["person"] = {{"id", view.person.id}, {"name", view.person.name}};
  out["framework"] = {{"id", view.framework ? view.framework->id : ""},
                      {"title", view.framework ? view.framework->title : ""}};
  out["can_self"] = view.can_self;
  out["can_manage"] = view.can_manage;
  out["can_acknowledge"] = view.can_acknowledge;
  return out;
}

json StandingJson(const PersonRecord& view) {
  const Standing& s = view.standing;
  const Framework* fw = view.framework.framework;
  return {{"person_id", view.person.id},
          {"framework_id", fw != nullptr ? fw->id : ""},
          {"framework_version_id", NullIfZero(view.framework.version_id)},
          {"assigned_rung", s.assigned_rung},
          {"demonstrated_rung", s.demonstrated_rung},
          {"next_rung", s.next_rung},
          {"next_met", s.next_met},
          {"next_total", s.next_total},
          {"ready_for_promotion", fw != nullptr && s.ready_for_promotion(*fw)},
          {"next_criteria", CriterionStandingsJson(s.next_criteria)},
          {"regressions", CriterionStandingsJson(s.regressions)},
          {"unmatched", UnmatchedJson(view.unmatched)},
          {"measured_state", MeasuredStateName(view.measured.state)},
          {"measured", MeasuredJson(view.measured)}};
}

namespace {

json TeamRowJson(const TeamRow& row) {
  json at_risk = json::array();
  for (const AtRisk& a : row.at_risk) {
    at_risk.push_back({{"rung", a.rung}, {"rule", a.rule}, {"explanation", a.explanation}});
  }
  return {{"person",
           {{"id", row.person.id},
            {"name", row.person.name},
            {"email", row.person.email},
            {"team_id", IdOrNull(row.person.team_id)}}},
          {"manager", row.manager_name},
          {"framework_title", row.framework_title},
          {"assigned_rung", row.assigned_rung},
          {"demonstrated_rung", row.demonstrated_rung},
          {"next_rung", row.next_rung},
          {"next_met", row.next_met},
          {"next_total", row.next_total},
          {"measured_state", MeasuredStateName(row.measured_state)},
          {"measured",
           {{"met", row.measured.met},
            {"not_met", row.measured.not_met},
            {"no_data", row.measured.no_data}}},
          {"at_risk", std::move(at_risk)},
          {"ready_for_promotion", row.ready},
          {"last_checkin_at", NullIfZero(row.last_checkin_at)},
          {"open_checkin", row.open_checkin},
          {"next_checkin", NextCheckInJson(row.next_checkin)}};
}

}  // namespace

json NextCheckInJson(const std::optional<NextCheckIn>& next) {
  if (!next) return nullptr;
  static constexpr const char* kStates[] = {"later", "soon", "overdue"};
  return {{"due", IsoDateOfDay(next->due_day)},
          {"days_left", next->days_left},
          {"state", kStates[static_cast<int>(next->state)]},
          {"open_checkin", next->open}};
}

json TeamViewJson(const TeamView& view) {
  json rows = json::array();
  for (const TeamRow& row : view.rows) rows.push_back(TeamRowJson(row));
  json rungs = json::array();
  for (const RungCount& r : view.rungs) {
    rungs.push_back({{"framework_title", r.framework_title},
                     {"rung", r.rung},
                     {"label", r.label},
                     {"assigned", r.assigned},
                     {"demonstrated", r.demonstrated}});
  }
  json due = json::array();
  for (const DueCheckIn& d : view.due) {
    json entry = NextCheckInJson(d.next);
    entry["person"] = {{"id", d.person.id}, {"name", d.person.name}};
    due.push_back(std::move(entry));
  }
  return {{"rows", std::move(rows)},   {"due", std::move(due)}, {"overdue", view.overdue},
          {"matching", view.matching}, {"page", view.page},     {"pages", view.pages},
          {"rungs", std::move(rungs)}};
}

json TeamJson(const Team& team) {
  return {{"id", team.id},
          {"name", team.name},
          {"time_zone", team.time_zone},
          {"cadence_weeks", team.cadence_weeks},
          {"cadence_since", NullIfZero(team.cadence_since)},
          {"created_at", team.created_at}};
}

json AuditEntryJson(const AuditEntry& entry) {
  // Details are stored as JSON text; shown as an object, or as the text should it not parse.
  json details = json::parse(entry.details, nullptr, /*allow_exceptions=*/false);
  if (details.is_discarded()) details = entry.details;
  return {
      {"id", entry.id},         {"at", entry.at},         {"actor_id", IdOrNull(entry.actor_id)},
      {"action", entry.action}, {"target", entry.target}, {"details", std::move(details)}};
}

json ApiTokenJson(const ApiToken& token) {
  // Never the digest: it is all the store keeps of the secret.
  return {{"id", token.id},
          {"name", token.name},
          {"created_at", token.created_at},
          {"last_used_at", NullIfZero(token.last_used_at)},
          {"revoked", token.revoked}};
}

}  // namespace rungs::api
