// /api/helpdesk/... and /api/people/{id}/identities: uploading a helpdesk export (the body
// streamed to disk, never held in memory), the stored batches and undoing them, and which
// helpdesk identities are whose. The Tracker decides who may: admins, except that whoever may
// see a person may read their links.
#include "web/http_message.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "web/app_api_internal.h"
#include "web/app_helpdesk.h"
#include "web/http.h"
#include "web/streamed_upload.h"

namespace rungs::api {
namespace {

// The API lists at most this many problem rows; problems_total counts them all.
constexpr size_t kProblemsInJson = 1000;

json WeekName(int64_t week) { return week == 0 ? json(nullptr) : json(WeekIndexName(week)); }

json BatchJson(const IngestBatch& b) {
  return {{"id", b.id},
          {"source", b.source},
          {"file_name", b.file_name},
          {"content_hash", b.content_hash},
          {"mapping", b.mapping},
          {"imported_at", b.imported_at},
          {"imported_by", b.imported_by ? json(*b.imported_by) : json(nullptr)},
          {"rows_read", b.rows_read},
          {"rows_used", b.rows_used},
          {"rows_excluded", b.rows_excluded},
          {"rows_with_problems", b.rows_with_problems},
          {"first_week", WeekName(b.first_week)},
          {"last_week", WeekName(b.last_week)}};
}

json IdentityJson(const HelpdeskIdentity& id) {
  return {{"source", id.source}, {"space", id.space}, {"identity", id.identity}};
}

// What "detect" made of the export: the shipped mapping it matched, or a draft to save.
json DraftJson(const MappingDraft& d) {
  json questions = json::array();
  for (const DraftQuestion& q : d.questions) {
    questions.push_back({{"topic", q.topic}, {"text", q.text}, {"choices", q.choices}});
  }
  return {{"shipped", d.shipped.empty() ? json(nullptr) : json(d.shipped)},
          {"fit", ShippedFitName(d.fit)},
          {"summary", d.summary},
          {"questions", std::move(questions)},
          {"complete", d.complete},
          {"yaml", d.yaml}};
}

// What an upload made of the file: the dry run's numbers, and the batch when it was stored.
json UploadJson(const HelpdeskUploadResult& result) {
  const MappedReading& r = result.reading;
  json counts = json::object();
  for (size_t i = 0; i < r.problem_counts.size(); ++i) {
    if (r.problem_counts[i] > 0) {
      counts[MappedProblemCode(static_cast<MappedProblem>(i))] = r.problem_counts[i];
    }
  }
  json rows = json::array();
  for (size_t i = 0; i < r.problems.size() && i < kProblemsInJson; ++i) {
    const MappedProblemRow& p = r.problems[i];
    rows.push_back({{"line", p.line},
                    {"column", p.column},
                    {"code", MappedProblemCode(p.problem)},
                    {"severity", SeverityName(p.severity)},
                    {"message", p.message}});
  }
  json spaces = json::array();
  for (const SpaceSummary& s : r.spaces) {
    spaces.push_back(
        {{"name", s.name}, {"identities", s.identities}, {"events", s.events}, {"feeds", s.feeds}});
  }
  const ReadingTotals totals = TotalsOf(r);
  json weeks = json::array();
  for (const WeekTotals& t : totals.weeks) {
    json week = {
        {"week", WeekIndexName(t.week)},
        {"closed", totals.closes ? json(t.closed) : json(nullptr)},
        {"active_hours",
         totals.active ? json(static_cast<double>(t.active_seconds) / 3600.0) : json(nullptr)},
        {"identities", t.identities}};
    if (totals.scheduled)
      week["scheduled_hours"] = static_cast<double>(t.scheduled_seconds) / 3600.0;
    if (totals.qa) {
      week["qa_reviews"] = t.qa_reviews;
      week["qa_mean"] = t.qa_reviews > 0 ? json(t.qa_score_sum / t.qa_reviews) : json(nullptr);
    }
    weeks.push_back(std::move(week));
  }
  json out = {{"dry_run", result.upload.dry_run},
              {"file_name", result.upload.file_name},
              {"mapping", result.upload.mapping},
              {"source", result.source},
              {"rows",
               {{"read", r.rows},
                {"used", r.used},
                {"excluded", r.excluded},
                {"without_event", r.without_event},
                {"with_problems", r.skipped},
                {"with_warnings", r.warnings}}},
              {"fits", !MappingDoesNotFit(r)},
              {"problem_counts", std::move(counts)},
              {"problems", std::move(rows)},
              {"problems_total", r.problems.size()},
              {"spaces", std::move(spaces)},
              {"active_inferred", r.active_inferred},
              {"weeks", std::move(weeks)}};
  out["read"] = result.mapping.has_value();
  if (result.draft) out["draft"] = DraftJson(*result.draft);
  if (result.stored) {
    out["created"] = result.stored->created;
    out["batch"] = BatchJson(result.stored->batch);
  }
  return out;
}

void SendTooLarge(ApiCall& call, const std::string& message) {
  call.res.status = 413;
  call.res.SetContent(ErrorJson("too_large", message, "body"), kJsonType);
}

// POST /api/helpdesk/batches?mapping=M[&source=S][&dry_run=1][&file_name=F]: the body is the
// export, as it is or as the part "file" of a multipart form.
void Upload(ApiCall& call) {
  const HttpRequest& req = call.req;
  // A refusal before the file is read leaves the body unread; the HTTP layer closes the
  // connection after the answer.
  const auto refuse = [&call](const Status& s) { SendStatus(call, s); };
  if (Status s = call.tracker().CheckHelpdeskAdmin(call.viewer()); !s.ok()) return refuse(s);
  HelpdeskUpload upload;
  upload.mapping = req.Param("mapping");
  upload.source = req.Param("source");
  upload.file_name = req.Param("file_name");
  const std::string& dry_run = req.Param("dry_run");
  if (!dry_run.empty() && dry_run != "0" && dry_run != "1" && dry_run != "false" &&
      dry_run != "true") {
    return refuse(Status::Invalid("dry_run must be 1 or 0", "dry_run"));
  }
  upload.dry_run = dry_run == "1" || dry_run == "true";
  // A wrong mapping is answered before the body is read.
  if (upload.mapping != kDetectMapping) {
    if (Result<Mapping> mapping = call.tracker().HelpdeskMapping(call.viewer(), upload.mapping);
        !mapping.ok()) {
      return refuse(mapping.status());
    }
  }
  Result<std::unique_ptr<UploadFile>> file =
      UploadFile::Create(call.app.options.upload_dir, call.app.options.upload_max_bytes);
  if (!file.ok()) return refuse(file.status());
  const UploadRead read = ReadUpload(req, "file", /*raw_body_is_file=*/true, **file,
                                     [](const UploadForm&) { return true; });
  switch (read.outcome) {
    case UploadOutcome::kRead:
      break;
    case UploadOutcome::kTooLarge:
      return SendTooLarge(call, read.message + " (The limit is RUNGS_MAX_UPLOAD.)");
    case UploadOutcome::kRefused:
    case UploadOutcome::kBadRequest:
      return SendStatus(call, Status::Invalid(read.message, "body"));
    case UploadOutcome::kFailed:
      return SendStatus(call, Status::Internal(read.message));
  }
  if ((*file)->size() == 0) {
    return SendStatus(call, Status::Invalid("the body is empty: send the export file", "body"));
  }
  if (upload.file_name.empty()) upload.file_name = read.form.file_name;
  if (upload.file_name.empty()) upload.file_name = "export.csv";
  Result<HelpdeskUploadResult> done =
      IngestUpload(call.tracker(), call.viewer(), (*file)->path(), upload);
  if (!done.ok()) return SendStatus(call, done.status());
  if (done->stored && done->stored->created) {
    return SendCreated(call, UploadJson(*done),
                       fmt::format("/api/helpdesk/batches/{}", done->stored->batch.id));
  }
  SendJson(call, 200, UploadJson(*done));
}

void ListBatches(ApiCall& call) {
  Result<std::vector<IngestBatch>> batches = call.tracker().IngestBatches(call.viewer());
  if (!batches.ok()) return SendStatus(call, batches.status());
  json list = json::array();
  for (const IngestBatch& b : *batches) list.push_back(BatchJson(b));
  SendJson(call, 200, {{"batches", std::move(list)}});
}

void UndoBatch(ApiCall& call) {
  if (Status s = call.tracker().UndoIngestBatch(call.viewer(), call.PathId(1)); !s.ok()) {
    return SendStatus(call, s);
  }
  SendNoContent(call);
}

void ListUnlinked(ApiCall& call) {
  Result<std::vector<UnlinkedIdentity>> unlinked = call.tracker().UnlinkedIdentities(call.viewer());
  if (!unlinked.ok()) return SendStatus(call, unlinked.status());
  json list = json::array();
  for (const UnlinkedIdentity& u : *unlinked) {
    list.push_back({{"source", u.source},
                    {"space", u.space},
                    {"identity", u.identity},
                    {"weeks", u.weeks},
                    {"last_week", WeekName(u.last_week)},
                    {"closed", u.closed}});
  }
  SendJson(call, 200, {{"identities", std::move(list)}});
}

void ListIdentities(ApiCall& call) {
  Result<std::vector<HelpdeskIdentity>> ids =
      call.tracker().IdentitiesOf(call.viewer(), call.PathId(1));
  if (!ids.ok()) return SendStatus(call, ids.status());
  json list = json::array();
  for (const HelpdeskIdentity& id : *ids) list.push_back(IdentityJson(id));
  SendJson(call, 200, {{"identities", std::move(list)}});
}

void LinkIdentity(ApiCall& call) {
  std::optional<json> body = ReadBody(call);
  if (!body) return;
  BodyReader r;
  r.OnlyKnown(*body, "", {"source", "space", "identity", "force"});
  HelpdeskIdentity identity;
  identity.source = r.String(*body, "", "source", true).value_or("");
  identity.space = r.String(*body, "", "space", true).value_or("");
  identity.identity = r.String(*body, "", "identity", true).value_or("");
  identity.user_id = call.PathId(1);
  const bool force = r.Bool(*body, "", "force").value_or(false);
  if (!r.ok()) {
    // Only admins learn what their body got wrong.
    if (Status s = call.tracker().CheckHelpdeskAdmin(call.viewer()); !s.ok()) {
      return SendStatus(call, s);
    }
    return SendStatus(call, r.status());
  }
  const WithoutData without_data = force ? WithoutData::kLinkAnyway : WithoutData::kRefuse;
  if (Status s = call.tracker().LinkIdentity(call.viewer(), identity, without_data); !s.ok()) {
    return SendStatus(call, s);
  }
  SendCreated(call, IdentityJson(identity));
}

// DELETE /api/people/{id}/identities?source=S&space=P&identity=I
void UnlinkIdentity(ApiCall& call) {
  HelpdeskIdentity identity;
  identity.source = call.req.Param("source");
  identity.space = call.req.Param("space");
  identity.identity = call.req.Param("identity");
  identity.user_id = call.PathId(1);
  if (Status s = call.tracker().CheckHelpdeskAdmin(call.viewer()); !s.ok()) {
    return SendStatus(call, s);
  }
  for (const char* name : {"source", "space", "identity"}) {
    if (call.req.Param(name).empty()) {
      return SendStatus(call, Status::Invalid(fmt::format("{} is required", name), name));
    }
  }
  if (Status s = call.tracker().UnlinkIdentity(call.viewer(), identity); !s.ok()) {
    return SendStatus(call, s);
  }
  SendNoContent(call);
}

}  // namespace

void RegisterHelpdeskApi(ApiRoutes& routes) {
  routes.Get("/api/helpdesk/batches", ListBatches);
  routes.PostStreamed("/api/helpdesk/batches", Upload);
  routes.Delete(R"(/api/helpdesk/batches/(\d+))", UndoBatch);
  routes.Get("/api/helpdesk/identities/unlinked", ListUnlinked);
  routes.Get(R"(/api/people/(\d+)/identities)", ListIdentities);
  routes.Post(R"(/api/people/(\d+)/identities)", LinkIdentity);
  routes.Delete(R"(/api/people/(\d+)/identities)", UnlinkIdentity);
}

}  // namespace rungs::api
