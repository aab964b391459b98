// The admin's helpdesk pages (app_pages.h): uploading an export (a dry run first), the stored
// batches with undo, the identities nobody is linked to yet, and linking them to people.
#include "web/http_message.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "metrics/iso_week.h"
#include "metrics/time_format.h"
#include "progress/people_export.h"
#include "util/text.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/html.h"
#include "web/streamed_upload.h"

namespace rungs {
namespace {

constexpr size_t kTopIdentities = 5;

std::string Share(int64_t part, int64_t whole) {
  return whole == 0 ? "" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / whole);
}

std::string Hours(int64_t seconds) {
  return fmt::format("{:.1f}", static_cast<double>(seconds) / 3600.0);
}

// "2026-03-02 09:13", in UTC.
std::string DateTime(int64_t unix_seconds) {
  return IsoDateTime(unix_seconds).substr(0, 16).replace(10, 1, " ");
}

// An input of the identity form, marked invalid when the refusal names its field.
Html IdentityInput(const char* id, const char* name, const char* label, const std::string& value,
                   const Status& refusal, const char* hint) {
  Html html;
  html.Raw("<label").Attr("for", id).Raw(">").Text(label).Raw("</label><input");
  html.Attr("id", id).Attr("name", name).Attr("value", value);
  const std::string hint_id = std::string(id) + "-hint";
  html.Raw(" required maxlength=\"320\"")
      .Append(InvalidAttrs(refusal, name, id, hint_id))
      .Raw(">")
      .Append(FieldError(refusal, name, id))
      .Raw("<span class=\"meta\"")
      .Attr("id", hint_id)
      .Raw(">")
      .Text(hint)
      .Raw("</span>");
  return html;
}

// Source, space and identity: the fields of both identity forms; after a refusal for having no
// data, the box that links it all the same.
Html IdentityFields(const std::string& prefix, const IdentityForm& form) {
  const HelpdeskIdentity& typed = form.typed;
  const Status& refusal = form.refusal;
  Html html;
  const std::string source = prefix + "-source";
  const std::string space = prefix + "-space";
  const std::string identity = prefix + "-identity";
  html.Append(IdentityInput(source.c_str(), "source", "Source", typed.source, refusal,
                            "The source name the export was uploaded with, such as intercom."));
  html.Append(IdentityInput(space.c_str(), "space", "Space", typed.space, refusal,
                            "The column that names people, such as agent_id or resolved_by."));
  html.Append(IdentityInput(identity.c_str(), "identity", "Identity", typed.identity, refusal,
                            "The name or id in that column, exactly as the export writes it."));
  if (form.offer_link_anyway) {
    const std::string box = prefix + "-force";
    html.Raw("<div class=\"check\"><input type=\"checkbox\" name=\"force\" value=\"1\"")
        .Attr("id", box)
        .Raw("><label")
        .Attr("for", box)
        .Raw(">Link it anyway: its data is still to come</label></div>");
  }
  return html;
}

Html UploadFormHtml(const PageViewer& viewer, const HelpdeskPageData& data,
                    const HelpdeskUploadForm& form) {
  const HelpdeskUpload& upload = form.typed;
  const Status& refusal = form.refusal;
  Html html;
  // The file input comes last, so the browser sends the token and the choices before the file
  // and the server checks them before it writes a byte.
  html.Raw(
          "<form class=\"stack\" method=\"post\" action=\"/admin/helpdesk/upload\" "
          "enctype=\"multipart/form-data\">")
      .Append(CsrfField(viewer))
      .Raw("<label for=\"hd-mapping\">Mapping</label><select id=\"hd-mapping\" name=\"mapping\"")
      .Append(InvalidAttrs(refusal, "mapping", "hd-mapping", "hd-mapping-hint"))
      .Raw(">")
      .Append(Option(kDetectMapping, "Detect from the export", upload.mapping == kDetectMapping))
      .Raw("<optgroup label=\"Shipped\">");
  for (const std::string& name : data.mappings) {
    html.Append(Option(name, name, name == upload.mapping));
  }
  html.Raw("</optgroup>");
  if (!data.saved.empty()) {
    html.Raw("<optgroup label=\"Saved\">");
    for (const SavedMapping& m : data.saved) {
      html.Append(Option(m.name, m.name, m.name == upload.mapping));
    }
    html.Raw("</optgroup>");
  }
  html.Raw("</select>")
      .Append(FieldError(refusal, "mapping", "hd-mapping"))
      .Raw(
          "<span class=\"meta\" id=\"hd-mapping-hint\">How the export's columns "
          "become events (docs/MAPPINGS.md). Detect reads the file's start: the shipped mapping "
          "its header matches, or a draft to edit and save; it is always a dry run.</span><label "
          "for=\"hd-source\">Source name (optional)</label>"
          "<input id=\"hd-source\" name=\"source\" maxlength=\"100\"")
      .Attr("value", upload.source)
      .Append(InvalidAttrs(refusal, "source", "hd-source", "hd-source-hint"))
      .Raw(">")
      .Append(FieldError(refusal, "source", "hd-source"))
      .Raw(
          "<span class=\"meta\" id=\"hd-source-hint\">Identities are linked per source. Empty: "
          "the mapping's name.</span><div class=\"check\"><input type=\"checkbox\" "
          "id=\"hd-dry-run\" name=\"dry_run\" value=\"1\"");
  if (upload.dry_run) html.Raw(" checked");
  html.Raw(
          "><label for=\"hd-dry-run\">Dry run: show what the file becomes and store nothing"
          "</label></div><label for=\"hd-file\">Export file (CSV, at most ")
      .Text(FormatByteSize(data.upload_max_bytes))
      .Raw(
          ")</label><input id=\"hd-file\" name=\"file\" type=\"file\" "
          "accept=\".csv,.tsv,.txt,text/csv\" required")
      .Append(InvalidAttrs(refusal, "file", "hd-file"))
      .Raw(">")
      .Append(FieldError(refusal, "file", "hd-file"))
      .Raw("<button type=\"submit\">Upload</button></form>");
  return html;
}

Html BatchTable(const std::vector<IngestBatch>& batches) {
  Html html;
  if (batches.empty()) {
    html.Raw("<p class=\"empty\">No helpdesk data is stored yet.</p>");
    return html;
  }
  html.Append(TableStart("overview", {"Batch", "Imported (UTC)", "Source", "File", "Mapping",
                                      "Rows used", "Excluded", "Problems", "Weeks", "Undo"}));
  for (const IngestBatch& b : batches) {
    html.Raw("<tr><th scope=\"row\">")
        .Int(b.id)
        .Raw("</th><td>")
        .Text(DateTime(b.imported_at))
        .Raw("</td><td>")
        .Text(b.source)
        .Raw("</td><td>")
        .Text(b.file_name)
        .Raw("</td><td>")
        .Text(b.mapping)
        .Raw("</td><td>")
        .Text(GroupThousands(b.rows_used))
        .Raw(" of ")
        .Text(GroupThousands(b.rows_read))
        .Raw("</td><td>")
        .Text(GroupThousands(b.rows_excluded))
        .Raw("</td><td>")
        .Text(GroupThousands(b.rows_with_problems))
        .Raw("</td><td>")
        .Text(WeekRange(b.first_week, b.last_week))
        .Raw("</td><td><form class=\"inline\" method=\"get\"")
        .Attr("action", fmt::format("/admin/helpdesk/batches/{}/undo", b.id))
        .Raw("><button type=\"submit\"")
        .Attr("aria-label", fmt::format("Undo batch {}", b.id))
        .Raw(">Undo\xE2\x80\xA6</button></form></td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

Html UnlinkedTable(const std::vector<UnlinkedIdentity>& unlinked) {
  Html html;
  if (unlinked.empty()) {
    html.Raw("<p class=\"empty\">Every identity in the stored batches is linked to someone.</p>");
    return html;
  }
  html.Append(TableStart("overview",
                         {"Source", "Space", "Identity", "Weeks", "Last week", "Closed", "Link"}));
  for (const UnlinkedIdentity& u : unlinked) {
    const std::string prefill = fmt::format("/admin/helpdesk?source={}&space={}&identity={}#link",
                                            EncodeQueryParam(u.source), EncodeQueryParam(u.space),
                                            EncodeQueryParam(u.identity));
    html.Raw("<tr><td>")
        .Text(u.source)
        .Raw("</td><td>")
        .Text(u.space)
        .Raw("</td><th scope=\"row\">")
        .Text(u.identity)
        .Raw("</th><td>")
        .Int(u.weeks)
        .Raw("</td><td>")
        .Text(WeekIndexName(u.last_week))
        .Raw("</td><td>")
        .Text(GroupThousands(u.closed))
        .Raw("</td><td><a")
        .Attr("href", prefill)
        .Raw(">Link to a person</a></td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

// --- The dry run ----------------------------------------------------------------------------

Html RowCounts(const MappedReading& r, const Mapping& m) {
  Html html;
  html.Raw("<h2>Rows</h2>").Append(TableStart("overview", {"Rows", "Count", "Share", "Meaning"}));
  const auto row = [&html, &r](const char* label, int64_t n, const char* meaning) {
    html.Raw("<tr><th scope=\"row\">")
        .Text(label)
        .Raw("</th><td")
        .Attr("data-testid", "rows-" + ReplaceAll(label, " ", "-"))
        .Raw(">")
        .Text(GroupThousands(n))
        .Raw("</td><td>")
        .Text(Share(n, r.rows))
        .Raw("</td><td>")
        .Text(meaning)
        .Raw("</td></tr>");
  };
  row("read", r.rows, "data rows in the file");
  row("used", r.used, "gave at least one event");
  row("excluded", r.excluded, "every event of the row was for an excluded account");
  for (size_t i = 0; i < m.exclude.size() && i < r.excluded_by.size(); ++i) {
    html.Raw("<tr><td>")
        .Text(m.exclude[i].label)
        .Raw("</td><td>")
        .Text(GroupThousands(r.excluded_by[i]))
        .Raw("</td><td>")
        .Text(Share(r.excluded_by[i], r.rows))
        .Raw("</td><td>rows with events this rule excluded</td></tr>");
  }
  row("without an event", r.without_event, "no rule applied, or a value a rule needs is missing");
  row("with problems", r.skipped, "skipped; listed below");
  if (r.warnings > 0) {
    html.Raw("<tr><th scope=\"row\">warnings</th><td data-testid=\"rows-warnings\">")
        .Text(GroupThousands(r.warnings))
        .Raw(
            "</td><td></td><td>long intervals capped; their rows are used (listed "
            "below)</td></tr>");
  }
  for (size_t i = 0; i < r.problem_counts.size(); ++i) {
    if (r.problem_counts[i] == 0) continue;
    html.Raw("<tr><td><code>")
        .Text(MappedProblemCode(static_cast<MappedProblem>(i)))
        .Raw("</code></td><td>")
        .Text(GroupThousands(r.problem_counts[i]))
        .Raw("</td><td>")
        .Text(Share(r.problem_counts[i], r.rows))
        .Raw("</td><td></td></tr>");
  }
  html.Raw("</tbody></table>");
  html.Raw("<h2>Events by rule</h2>")
      .Append(TableStart("overview", {"Rule", "Reads", "Events", "Matching rows", "Notes"}));
  for (const RuleCounts& c : r.rules) {
    std::string notes;
    const auto note = [&notes](int64_t n, const char* what) {
      if (n > 0)
        notes += fmt::format("{}{} {}", notes.empty() ? "" : "; ", GroupThousands(n), what);
    };
    note(c.repeats, "repeat an earlier row's values");
    note(c.missing, "lack a value");
    note(c.excluded, "excluded");
    html.Raw("<tr><th scope=\"row\">")
        .Text(c.label)
        .Raw("</th><td>")
        .Text(c.summary)
        .Raw("</td><td>")
        .Text(GroupThousands(c.events))
        .Raw("</td><td>")
        .Text(GroupThousands(c.matched))
        .Raw("</td><td>")
        .Text(notes)
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

Html Samples(const MappedReading& r, const Mapping& m) {
  Html html;
  if (r.samples.empty()) return html;
  html.Raw("<h2>Sample events</h2><p>Check the dates: times are read as <code>")
      .Text(m.time_format.text)
      .Raw("</code> in ")
      .Text(m.zone.name())
      .Raw(", so a day-first or month-first mistake shows here.</p>")
      .Append(TableStart("overview audit", {"Read as", "Event", "Row as written"}));
  for (const SampleEvent& s : r.samples) {
    html.Raw("<tr><th scope=\"row\">")
        .Text(FormatLocalTime(s.utc, m.zone))
        .Raw("</th><td>")
        .Text(s.rule)
        .Raw(": ")
        .Text(MappedTypeName(s.type));
    if (!s.conversation.empty()) html.Raw(" of ").Text(s.conversation);
    html.Raw(" by ")
        .Text(s.identity)
        .Raw(" (")
        .Text(s.space)
        .Raw("), from \xE2\x80\x9C")
        .Text(s.time_text)
        .Raw("\xE2\x80\x9D = ")
        .Text(FormatUtc(s.utc))
        .Raw(" (line ")
        .Int(s.line)
        .Raw(")</td><td>")
        .Text(s.raw)
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

Html Identities(const MappedReading& r) {
  Html html;
  html.Raw("<h2>Identities per space</h2><p>Names in different spaces are different people");
  if (r.joined) html.Raw("; the identity map joins them into persons");
  html.Raw(".</p>");
  html.Append(TableStart("overview", {"Space", "Identities", "Events", "Feeds", "Most events"}));
  for (const SpaceSummary& s : r.spaces) {
    std::string feeds;
    for (const std::string& f : s.feeds) feeds += (feeds.empty() ? "" : ", ") + f;
    const std::vector<const IdentityWeeks*> top =
        r.joined ? std::vector<const IdentityWeeks*>()
                 : MostActiveIdentities(r, s.name, kTopIdentities);
    std::string most;
    for (size_t i = 0; i < top.size(); ++i) {
      most += fmt::format("{}{} ({})", i == 0 ? "" : ", ", top[i]->name,
                          GroupThousands(top[i]->events));
    }
    html.Raw("<tr><th scope=\"row\">")
        .Text(s.name)
        .Raw("</th><td>")
        .Text(GroupThousands(s.identities))
        .Raw("</td><td>")
        .Text(GroupThousands(s.events))
        .Raw("</td><td>")
        .Text(feeds)
        .Raw("</td><td>")
        .Text(most)
        .Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

Html Weeks(const MappedReading& r, const Mapping& m) {
  const ReadingTotals totals = TotalsOf(r);
  Html html;
  html.Raw("<h2>Weekly totals</h2><p>ISO weeks in ").Text(m.weeks_zone.name()).Raw(".");
  if (r.active_inferred) {
    html.Raw(" Active time is inferred from each identity's own events (sessions split at ")
        .Int(m.activity.idle_gap_seconds / 60)
        .Raw(" idle minutes, plus ")
        .Int(m.activity.allowance_seconds / 60)
        .Raw(" minutes each), so activity % is no data.");
  }
  html.Raw("</p>");
  if (totals.weeks.empty()) {
    html.Raw("<p class=\"empty\">No week has a close or active time.</p>");
    return html;
  }
  Html head;
  head.Raw("<table class=\"overview\"><thead><tr><th scope=\"col\">Week</th>")
      .Raw("<th scope=\"col\">Closes</th><th scope=\"col\">Active hours</th>");
  if (totals.scheduled) head.Raw("<th scope=\"col\">Scheduled hours</th>");
  if (totals.qa) head.Raw("<th scope=\"col\">QA reviews</th><th scope=\"col\">Mean QA</th>");
  head.Raw("<th scope=\"col\">Identities active</th></tr></thead><tbody>");
  html.Append(head);
  for (const WeekTotals& t : totals.weeks) {
    html.Raw("<tr><th scope=\"row\">")
        .Text(WeekIndexName(t.week))
        .Raw("</th><td>")
        .Text(totals.closes ? GroupThousands(t.closed) : "no data")
        .Raw("</td><td>");
    if (!totals.active) {
      html.Raw("no data");
    } else {
      html.Text(Hours(t.active_seconds));
      if (r.active_inferred) html.Raw(" <span class=\"tag\">inferred</span>");
    }
    html.Raw("</td>");
    if (totals.scheduled) html.Raw("<td>").Text(Hours(t.scheduled_seconds)).Raw("</td>");
    if (totals.qa) {
      html.Raw("<td>").Text(GroupThousands(t.qa_reviews)).Raw("</td><td>");
      if (t.qa_reviews > 0) html.Text(fmt::format("{:.1f}", t.qa_score_sum / t.qa_reviews));
      html.Raw("</td>");
    }
    html.Raw("<td>").Text(GroupThousands(t.identities)).Raw("</td></tr>");
  }
  html.Raw("</tbody></table>");
  if (r.fold_rejected > 0) {
    html.Raw("<p class=\"error\" role=\"alert\">")
        .Text(GroupThousands(r.fold_rejected))
        .Raw(" events were refused when folded into weeks (a bug: please report it).</p>");
  }
  return html;
}

Html Problems(const MappedReading& r, const std::string& file_name) {
  Html html;
  html.Raw("<h2 id=\"problems\">Problems</h2>");
  if (r.problems.empty()) {
    html.Raw("<p class=\"empty\">No row has a problem.</p>");
    return html;
  }
  const size_t shown = std::min(kProblemsShown, r.problems.size());
  html.Raw("<p>The first ")
      .Int(static_cast<long long>(shown))
      .Raw(" of ")
      .Text(GroupThousands(static_cast<int64_t>(r.problems.size())))
      .Raw(
          ", as <code>file:line:column</code>:</p><ul class=\"problems\" "
          "data-testid=\"problems\">");
  for (size_t i = 0; i < shown; ++i) {
    html.Raw("<li><code>")
        .Text(DescribeUploadProblem(file_name, r.problems[i]))
        .Raw("</code></li>");
  }
  html.Raw("</ul>");
  if (r.problems.size() > shown) {
    const size_t listed = std::min(kProblemsListed, r.problems.size());
    html.Raw("<details class=\"examples\"><summary>The rest (")
        .Text(GroupThousands(static_cast<int64_t>(listed - shown)))
        .Raw(")</summary><ul>");
    for (size_t i = shown; i < listed; ++i) {
      html.Raw("<li><code>")
          .Text(DescribeUploadProblem(file_name, r.problems[i]))
          .Raw("</code></li>");
    }
    html.Raw("</ul>");
    if (r.problems.size() > listed) {
      html.Raw("<p>")
          .Text(GroupThousands(static_cast<int64_t>(r.problems.size() - listed)))
          .Raw(
              " more are not listed: <code>rungs ingest FILE --dry-run --report PROBLEMS.txt"
              "</code> writes every one.</p>");
    }
    html.Raw("</details>");
  }
  return html;
}

}  // namespace

std::string WeekRange(int64_t first, int64_t last) {
  if (first == 0 && last == 0) return "none";
  if (first == last) return WeekIndexName(first);
  return WeekIndexName(first) + " to " + WeekIndexName(last);
}

Html PersonIdentitiesSection(const PageViewer& viewer, const User& person,
                             const std::vector<LinkedIdentity>& identities,
                             const IdentityForm& form) {
  Html html;
  html.Raw(
      "<h2 id=\"identities\">Helpdesk identities</h2><p>Measured targets read the weekly "
      "helpdesk data of these identities.</p>");
  if (identities.empty()) {
    html.Raw("<p class=\"empty\">None linked yet.</p>");
  } else {
    html.Append(TableStart("overview", {"Source", "Space", "Identity", "Weeks of data", "Unlink"}));
    for (const LinkedIdentity& linked : identities) {
      const HelpdeskIdentity& id = linked.identity;
      html.Raw("<tr><td>")
          .Text(id.source)
          .Raw("</td><td>")
          .Text(id.space)
          .Raw("</td><th scope=\"row\">")
          .Text(id.identity)
          .Raw("</th><td>")
          .Int(linked.weeks);
      if (linked.weeks == 0 && linked.source_empty) {
        html.Raw(" <span class=\"tag\">no data from ")
            .Text(linked.identity.source)
            .Raw(" is stored</span>");
      } else if (linked.weeks == 0) {
        html.Raw(" <span class=\"tag warn\">no stored weeks: check the spelling</span>");
      }
      html.Raw("</td><td>")
          .Append(PostFormStart(viewer, "inline",
                                fmt::format("/admin/people/{}/identities/unlink", person.id)))
          .Raw("<input type=\"hidden\" name=\"source\"")
          .Attr("value", id.source)
          .Raw("><input type=\"hidden\" name=\"space\"")
          .Attr("value", id.space)
          .Raw("><input type=\"hidden\" name=\"identity\"")
          .Attr("value", id.identity)
          .Raw("><button type=\"submit\" class=\"danger\"")
          .Attr("aria-label", fmt::format("Unlink {} ({} {})", id.identity, id.source, id.space))
          .Raw(">Unlink</button></form></td></tr>");
    }
    html.Raw("</tbody></table>");
  }
  html.Raw("<h3>Link an identity</h3>").Append(RefusalBox(form.refusal));
  html.Append(PostFormStart(viewer, "stack", fmt::format("/admin/people/{}/identities", person.id)))
      .Append(IdentityFields("pi", form))
      .Raw("<button type=\"submit\">Link identity</button></form>");
  return html;
}

std::string RenderHelpdeskPage(const PageViewer& viewer, const HelpdeskPageData& data,
                               const std::string& notice, const HelpdeskUploadForm& upload,
                               const IdentityForm& identity_form) {
  Html main;
  main.Raw("<h1>Helpdesk data</h1>").Append(Notice(notice));
  main.Raw(
          "<h2 id=\"upload\">Upload an export</h2><p>An export is read through a mapping into "
          "weekly totals "
          "per helpdesk identity (closes, active and scheduled time, QA reviews). Start with a dry "
          "run: it shows what the file becomes and stores nothing. The same file again changes "
          "nothing; a file where more rows have problems than give events is not stored.</p>")
      .Append(RefusalBox(upload.refusal))
      .Append(UploadFormHtml(viewer, data, upload))
      .Append(SavedMappingsSection(viewer, data.saved, data.people));
  main.Raw("<h2>Batches</h2>").Append(BatchTable(data.batches));
  main.Raw("<h2>Identities not linked to anyone</h2>").Append(UnlinkedTable(data.unlinked));

  main.Raw("<h2 id=\"link\">Link an identity to a person</h2>")
      .Append(RefusalBox(identity_form.refusal))
      .Raw("<form class=\"stack\" method=\"post\" action=\"/admin/helpdesk/identities\">")
      .Append(CsrfField(viewer))
      .Raw("<label for=\"li-person\">Person</label><select id=\"li-person\" name=\"person_id\"");
  main.Append(InvalidAttrs(identity_form.refusal, "person_id", "li-person"))
      .Raw(" required><option value=\"\">\xE2\x80\x94</option>");
  for (const User& u : data.people) {
    main.Append(Option(std::to_string(u.id), fmt::format("{} ({})", u.name, u.email),
                       u.id == identity_form.typed.user_id));
  }
  main.Raw("</select>")
      .Append(FieldError(identity_form.refusal, "person_id", "li-person"))
      .Append(IdentityFields("li", identity_form))
      .Raw("<button type=\"submit\">Link identity</button></form>");
  return Layout(viewer, "Helpdesk data", main);
}

std::string RenderHelpdeskDryRunPage(const PageViewer& viewer, const HelpdeskUploadResult& result,
                                     const HelpdeskPageData& data) {
  const MappedReading& r = result.reading;
  const HelpdeskUpload& upload = result.upload;
  const MappingDraft* draft = result.draft ? &*result.draft : nullptr;
  const bool drafted = draft != nullptr && draft->shipped.empty();
  Html main;
  main.Raw("<p class=\"meta\"><a href=\"/admin/helpdesk\">Helpdesk data</a></p><h1>Dry run: ")
      .Text(upload.file_name)
      .Raw("</h1>");
  if (draft != nullptr && !drafted) {
    main.Append(Notice(
        fmt::format("Detected: {} is the export the shipped mapping {} was written for ({}).",
                    upload.file_name, draft->shipped, ShippedFitName(draft->fit))));
  }
  Html reading;
  if (result.mapping) {
    const Mapping& m = *result.mapping;
    reading.Raw("<p class=\"notice\" role=\"status\">Read through ");
    if (drafted) {
      reading.Raw("the draft mapping");
    } else {
      reading.Raw("the mapping ").Text(upload.mapping);
      if (!m.name.empty() && m.name != upload.mapping) reading.Raw(" (").Text(m.name).Raw(")");
    }
    reading.Raw(" for the source ").Text(result.source).Raw(". Nothing was stored.</p>");
    if (MappingDoesNotFit(r)) {
      reading.Raw("<p class=\"error\" role=\"alert\">")
          .Text(fmt::format("{} of {} rows have problems, more than give events: the mapping "
                            "probably does not fit this export, and storing it would be refused.",
                            GroupThousands(r.skipped), GroupThousands(r.rows)))
          .Raw("</p>");
    }
    reading.Append(RowCounts(r, m))
        .Append(Problems(r, upload.file_name))
        .Append(Samples(r, m))
        .Append(Identities(r))
        .Append(Weeks(r, m));
  }
  if (drafted) {
    // The draft to edit beside what it makes of the file.
    main.Raw("<div class=\"beside\"><div>")
        .Append(DraftMappingSection(viewer, *draft, SuggestedMappingName(upload.file_name)))
        .Raw("</div><div>");
    if (result.mapping) main.Raw("<h2>What the draft makes of the file</h2>").Append(reading);
    main.Raw(
        "<h2>Store it</h2><p>Save the mapping first: the upload then offers it by name. The "
        "file is not kept after a dry run: choose it again to store it.</p></div></div>");
    return Layout(viewer, "Dry run", main);
  }
  HelpdeskUpload again = upload;
  again.dry_run = false;
  main.Append(reading)
      .Raw(
          "<h2>Store it</h2><p>The file is not kept after a dry run: choose it again to store "
          "it.</p>")
      .Append(UploadFormHtml(viewer, data, {again, Status::Ok()}));
  return Layout(viewer, "Dry run", main);
}

std::string RenderUndoBatchPage(const PageViewer& viewer, const IngestBatch& batch) {
  Html main;
  main.Raw("<p class=\"meta\"><a href=\"/admin/helpdesk\">Helpdesk data</a></p><h1>Undo batch ")
      .Int(batch.id)
      .Raw("?</h1><p>")
      .Text(fmt::format("{} ({}, {} rows used, {}) and its weekly rows will be deleted. Where an "
                        "older batch of {} covers the same weeks, its numbers count again; "
                        "identity links stay.",
                        batch.file_name, batch.source, GroupThousands(batch.rows_used),
                        WeekRange(batch.first_week, batch.last_week), batch.source))
      .Raw("</p>")
      .Append(
          PostFormStart(viewer, "inline", fmt::format("/admin/helpdesk/batches/{}/undo", batch.id)))
      .Raw(
          "<button type=\"submit\" class=\"danger\">Undo the batch</button></form> "
          "<a href=\"/admin/helpdesk\">Keep it</a>");
  return Layout(viewer, fmt::format("Undo batch {}", batch.id), main);
}

}  // namespace rungs
