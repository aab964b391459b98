// The admin's frameworks pages (app_pages.h): what is served and from where, the uploaded files
// with their remove buttons, a folder edit that was not applied, and an upload's check with the
// button that publishes it.
#include <fmt/format.h>

#include "util/base64.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/html.h"
#include "web/site.h"
#include "web/streamed_upload.h"

namespace rungs {
namespace {

// "uploaded/team.md:3:1" without the severity, which has its own column.
std::string Where(const Diagnostic& d) {
  if (d.line == 0) return d.file;
  if (d.column == 0) return fmt::format("{}:{}", d.file, d.line);
  return fmt::format("{}:{}:{}", d.file, d.line, d.column);
}

}  // namespace

Html DiagnosticsTable(const Diagnostics& diagnostics) {
  Html html;
  html.Append(TableStart("overview diagnostics", {"Where", "Problem"}));
  for (const Diagnostic& d : diagnostics) {
    html.Raw("<tr><th scope=\"row\"><code>")
        .Text(Where(d))
        .Raw("</code></th><td><strong>")
        .Text(SeverityName(d.severity))
        .Raw("</strong>: ")
        .Text(d.message)
        .Raw(" <code>")
        .Text(d.code)
        .Raw("</code></td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

namespace {

std::string Counted(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

Html FrameworkLink(const FrameworkSummary& fw) {
  Html html;
  html.Raw("<a").Attr("href", "/f/" + EncodePath(fw.id) + "/index.html").Raw(">");
  html.Text(fw.title).Raw("</a>");
  return html;
}

Html FrameworkUploadForm(const PageViewer& viewer) {
  Html html;
  html.Raw(
          "<form class=\"stack\" method=\"post\" action=\"/admin/frameworks/check\" "
          "enctype=\"multipart/form-data\">")
      .Append(CsrfField(viewer))
      .Raw("<label for=\"fw-file\">Framework file (at most ")
      .Text(FormatByteSize(static_cast<int64_t>(kMaxUploadedFrameworkBytes)))
      .Raw(
          ")</label><input id=\"fw-file\" name=\"file\" type=\"file\" "
          "accept=\".md,.markdown,.tsv,.csv,.txt,.json\" required "
          "aria-describedby=\"fw-file-hint\"><span class=\"meta\" id=\"fw-file-hint\">A Monzo "
          "framework (.md), a competency matrix (.tsv or .csv), a rungs JSON export or a CASE "
          "package (.json). It is checked first; nothing is served until you publish it. A file "
          "with the name of an uploaded one replaces it.</span><button type=\"submit\">Check the "
          "file</button></form>");
  return html;
}

}  // namespace

std::string RenderFrameworksAdminPage(const PageViewer& viewer, const FrameworkLibraryState& state,
                                      const std::string& notice, const std::string& error) {
  Html main;
  main.Raw("<h1>Frameworks</h1>").Append(Notice(notice)).Append(ErrorBox(error));
  if (!state.refused_edit.empty()) {
    main.Raw("<section class=\"refused\" role=\"alert\"><h2>An edit was not applied</h2><p>")
        .Text(fmt::format("On {}, a change in the frameworks folder would have broken what is "
                          "served, so the last good version is still served. Fix the file; "
                          "the next save is picked up within seconds.",
                          FormatDate(state.refused_at)))
        .Raw("</p>")
        .Append(DiagnosticsTable(state.refused_edit))
        .Raw("</section>");
  }
  main.Raw("<h2>Served</h2>");
  main.Append(TableStart("overview", {"Framework", "Id", "From", "Rungs", "Topics", "Criteria"}));
  for (const FrameworkSummary& fw : state.served) {
    main.Raw("<tr><th scope=\"row\">")
        .Append(FrameworkLink(fw))
        .Raw("</th><td><code>")
        .Text(fw.id)
        .Raw("</code></td><td>")
        .Text(fw.origin == "bundled" ? "bundled with rungs" : fw.file)
        .Raw("</td><td>")
        .Int(fw.rungs)
        .Raw("</td><td>")
        .Int(fw.topics)
        .Raw("</td><td>")
        .Int(fw.criteria)
        .Raw("</td></tr>");
  }
  main.Raw("</tbody></table>");
  if (state.watches_folders) {
    main.Raw(
        "<p class=\"meta\">The folders given to <code>rungs serve --frameworks</code> are "
        "watched: a saved edit is served within seconds, and one that would break a framework "
        "is shown here instead.</p>");
  }
  if (!state.load_errors.empty()) {
    main.Raw("<h2>Files that did not load</h2><p>")
        .Text(fmt::format("{} not served; fix them and save again.",
                          Counted(static_cast<int>(state.load_errors.size()), "error keeps a file",
                                  "errors keep files")))
        .Raw("</p>")
        .Append(DiagnosticsTable(state.load_errors));
  }
  main.Raw("<h2>Uploaded files</h2>");
  if (state.uploads.empty()) {
    main.Raw("<p class=\"empty\">No framework has been uploaded here.</p>");
  } else {
    main.Append(TableStart("overview", {"File", "Uploaded (UTC)", "Remove"}));
    for (const FrameworkFile& f : state.uploads) {
      main.Raw("<tr><th scope=\"row\">")
          .Text(f.name)
          .Raw("</th><td>")
          .Text(FormatDate(f.uploaded_at))
          .Raw(
              "</td><td><form method=\"post\" action=\"/admin/frameworks/remove\" "
              "class=\"inline\">")
          .Append(CsrfField(viewer))
          .Raw("<input type=\"hidden\" name=\"name\"")
          .Attr("value", f.name)
          .Raw("><button type=\"submit\" class=\"danger\"")
          .Attr("aria-label", "Remove " + f.name)
          .Raw(">Remove</button></form></td></tr>");
    }
    main.Raw("</tbody></table>");
  }
  main.Raw("<h2>Upload a framework</h2>").Append(FrameworkUploadForm(viewer));
  return Layout(viewer, "Frameworks", main);
}

std::string RenderFrameworkCheckPage(const PageViewer& viewer, const FrameworkUploadCheck& check,
                                     const std::string& content) {
  Html main;
  main.Raw("<h1>Check of ").Text(check.name).Raw("</h1>");
  const int errors = CountSeverity(check.diagnostics, Severity::kError);
  const int warnings = CountSeverity(check.diagnostics, Severity::kWarning);
  if (!check.Acceptable()) {
    main.Append(
        ErrorBox(fmt::format("{} cannot be published: {}. Nothing was changed; fix the "
                             "file and check it again.",
                             check.name, Counted(errors, "error", "errors"))));
  } else {
    for (const FrameworkSummary& fw : check.frameworks) {
      main.Append(Notice(fmt::format(
          "{} holds {} ({}, {}, {}){}. Nothing is served until you publish it.", check.name,
          fw.title, Counted(fw.rungs, "rung", "rungs"), Counted(fw.topics, "topic", "topics"),
          Counted(fw.criteria, "criterion", "criteria"),
          fw.replaces ? fmt::format(": it replaces the framework {} served now", fw.id)
                      : fmt::format(": a new framework, {}", fw.id))));
    }
  }
  if (!check.diagnostics.empty()) {
    main.Raw("<h2>")
        .Text(fmt::format("What the check found: {}, {}", Counted(errors, "error", "errors"),
                          Counted(warnings, "warning", "warnings")))
        .Raw("</h2>")
        .Append(DiagnosticsTable(check.diagnostics));
  }
  if (check.Acceptable()) {
    // The exact bytes go back with the button, so what is published is what was checked (and
    // it is checked again).
    main.Raw("<form class=\"stack\" method=\"post\" action=\"/admin/frameworks/publish\">")
        .Append(CsrfField(viewer))
        .Raw("<input type=\"hidden\" name=\"name\"")
        .Attr("value", check.name)
        .Raw("><input type=\"hidden\" name=\"content\"")
        .Attr("value", Base64Encode(content))
        .Raw("><button type=\"submit\">Publish ")
        .Text(check.name)
        .Raw("</button></form><p><a href=\"/admin/frameworks\">Cancel</a></p>");
  } else {
    main.Raw("<h2>Check another file</h2>").Append(FrameworkUploadForm(viewer));
  }
  return Layout(viewer, "Check of " + check.name, main);
}

}  // namespace rungs
