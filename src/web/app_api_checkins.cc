// /api/check-ins/...: one check-in, its self and manager assessments, the agreement that
// freezes it, the person's answer to it, and its evidence. The Tracker decides who may see a
// check-in and fill in which side (and refuses a check-in that does not exist in the same words as
// one the caller may not see).
#include "web/http_message.h"

#include <set>

#include <fmt/format.h>

#include "web/app_api_internal.h"

namespace rungs::api {
namespace {

// {"results": [{"criterion": KEY, "result": "meeting"}]} as the results of one side (`side`
// points at the member of CriterionResult the values go to). A criterion listed twice is an
// error: which of the two was meant is unclear.
std::vector<CriterionResult> ReadResults(BodyReader& r, const json& body, bool required,
                                         Assessment CriterionResult::*side) {
  std::vector<CriterionResult> results;
  const json* list = r.Array(body, "", "results", required);
  if (list == nullptr) return results;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size() && r.ok(); ++i) {
    const std::string path = BodyReader::At("results", i);
    const json& item = (*list)[i];
    if (!item.is_object()) {
      r.Fail(path, "must be an object {\"criterion\", \"result\"}");
      break;
    }
    r.OnlyKnown(item, path, {"criterion", "result"});
    CriterionResult result;
    result.criterion_key = r.String(item, path, "criterion", true).value_or("");
    const std::optional<std::string> value = r.String(item, path, "result", true);
    const std::optional<Assessment> assessment = value ? ParseAssessment(*value) : std::nullopt;
    if (value && !assessment) {
      r.Fail(BodyReader::Join(path, "result"),
             "must be not_yet, working_towards, meeting, exceeding or \"\"");
    }
    if (assessment) result.*side = *assessment;
    if (r.ok() && !seen.insert(result.criterion_key).second) {
      r.Fail(BodyReader::Join(path, "criterion"), "lists a criterion a second time");
    }
    results.push_back(std::move(result));
  }
  return results;
}

void GetCheckIn(ApiCall& call) {
  Result<CheckInView> view = call.tracker().GetCheckIn(call.viewer(), call.PathId(1));
  if (!view.ok()) return SendStatus(call, view.status());
  SendJson(call, 200, CheckInViewJson(*view));
}

// PUT .../self and .../manager. Results not listed keep their value; notes, when absent, too
// (the store keeps them in the same write, so a concurrent change to them is not undone).
void SaveSide(ApiCall& call) {
  const int64_t id = call.PathId(1);
  const Side side = call.req.matches[2] == "self" ? Side::kSelf : Side::kManager;
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  BodyReader r;
  r.OnlyKnown(*body, "", {"results", "notes"});
  const std::vector<CriterionResult> results =
      ReadResults(r, *body, /*required=*/false,
                  side == Side::kSelf ? &CriterionResult::self : &CriterionResult::manager);
  const std::optional<std::string> notes = r.String(*body, "", "notes");
  if (!r.ok()) return SendStatus(call, r.status());
  Result<CheckIn> saved = call.tracker().SaveResults(call.viewer(), id, side, results, notes);
  if (!saved.ok()) return SendStatus(call, saved.status());
  SendJson(call, 200, CheckInJson(*saved));
}

void Agree(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  BodyReader r;
  r.OnlyKnown(*body, "", {"results"});
  const std::vector<CriterionResult> results =
      ReadResults(r, *body, /*required=*/true, &CriterionResult::agreed);
  if (!r.ok()) return SendStatus(call, r.status());
  Result<CheckIn> agreed = call.tracker().Agree(call.viewer(), call.PathId(1), results);
  if (!agreed.ok()) return SendStatus(call, agreed.status());
  SendJson(call, 200, CheckInJson(*agreed));
}

// {"answer": "agree" | "disagree", "comment"}: the person's answer to the agreed results.
void Acknowledge(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  BodyReader r;
  r.OnlyKnown(*body, "", {"answer", "comment"});
  const std::string answer = r.String(*body, "", "answer", true).value_or("");
  const std::string comment = r.String(*body, "", "comment").value_or("");
  if (r.ok() && answer != "agree" && answer != "disagree") {
    r.Fail("answer", "must be agree or disagree");
  }
  if (!r.ok()) return SendStatus(call, r.status());
  Result<CheckIn> answered =
      call.tracker().Acknowledge(call.viewer(), call.PathId(1), answer == "disagree", comment);
  if (!answered.ok()) return SendStatus(call, answered.status());
  SendJson(call, 200, CheckInJson(*answered));
}

// {"text", "link", "criteria": [KEY...]} as evidence (its check-in and author come from the
// route and the caller).
Status ReadEvidence(const json& body, Evidence& evidence) {
  BodyReader r;
  r.OnlyKnown(body, "", {"text", "link", "criteria"});
  evidence.text = r.String(body, "", "text", true).value_or("");
  evidence.link = r.String(body, "", "link").value_or("");
  const json* criteria = r.Array(body, "", "criteria", true);
  for (size_t i = 0; criteria != nullptr && i < criteria->size() && r.ok(); ++i) {
    const json& key = (*criteria)[i];
    if (!key.is_string()) r.Fail(BodyReader::At("criteria", i), "must be a criterion key");
    if (key.is_string()) evidence.criterion_keys.push_back(key.get<std::string>());
  }
  // Its length, link and criteria are checked by the store (ValidateEvidence).
  return r.status();
}

void AddEvidence(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  Evidence evidence;
  if (Status s = ReadEvidence(*body, evidence); !s.ok()) return SendStatus(call, s);
  const int64_t checkin_id = call.PathId(1);
  Result<Evidence> added = call.tracker().AddEvidence(call.viewer(), checkin_id, evidence);
  if (!added.ok()) return SendStatus(call, added.status());
  SendCreated(call, EvidenceJson(*added),
              fmt::format("/api/check-ins/{}/evidence/{}", checkin_id, added->id));
}

void DeleteEvidence(ApiCall& call) {
  Status s = call.tracker().DeleteEvidence(call.viewer(), call.PathId(1), call.PathId(2));
  if (!s.ok()) return SendStatus(call, s);
  SendNoContent(call);
}

}  // namespace

void RegisterCheckInApi(ApiRoutes& routes) {
  routes.Get(R"(/api/check-ins/(\d+))", GetCheckIn);
  routes.Put(R"(/api/check-ins/(\d+)/(self|manager))", SaveSide);
  routes.Post(R"(/api/check-ins/(\d+)/agree)", Agree);
  routes.Post(R"(/api/check-ins/(\d+)/acknowledge)", Acknowledge);
  routes.Post(R"(/api/check-ins/(\d+)/evidence)", AddEvidence);
  routes.Delete(R"(/api/check-ins/(\d+)/evidence/(\d+))", DeleteEvidence);
}

}  // namespace rungs::api
