// The helpdesk mapping pages (app_pages.h): what "detect" drafted from an export, the form
// that saves it as a named mapping, the saved mappings with their edit and remove buttons, and
// a saved mapping's edit page.
#include <fmt/format.h>

#include "progress/people_export.h"
#include "web/app_pages.h"
#include "web/app_pages_internal.h"
#include "web/html.h"
#include "web/url.h"

namespace rungs {
namespace {

// Sized for the YAML a draft writes (about 60 lines); the textarea grows no further.
constexpr int kYamlRows = 24;

Html SaveForm(const PageViewer& viewer, const SavedMapping& typed, const std::string& button) {
  Html html;
  html.Raw("<form class=\"stack wide\" method=\"post\" action=\"/admin/helpdesk/mappings\">")
      .Append(CsrfField(viewer))
      .Raw(
          "<label for=\"mp-name\">Name</label><input id=\"mp-name\" name=\"name\" "
          "maxlength=\"100\" "
          "required aria-describedby=\"mp-name-hint\"")
      .Attr("value", typed.name)
      .Raw(
          "><span class=\"meta\" id=\"mp-name-hint\">The upload offers it by this name. Saving "
          "a name again replaces its mapping.</span><label for=\"mp-yaml\">Mapping (YAML, see "
          "docs/MAPPINGS.md)</label><textarea id=\"mp-yaml\" name=\"yaml\" class=\"code\" "
          "spellcheck=\"false\" autocapitalize=\"off\"")
      .Attr("rows", std::to_string(kYamlRows))
      .Raw(" required>")
      .Text(typed.yaml)
      .Raw("</textarea><button type=\"submit\" class=\"primary\">")
      .Text(button)
      .Raw("</button></form>");
  return html;
}

}  // namespace

Html DraftMappingSection(const PageViewer& viewer, const MappingDraft& draft,
                         const std::string& name) {
  Html html;
  html.Raw(
      "<section aria-labelledby=\"draft-heading\"><h2 id=\"draft-heading\">Draft mapping</h2>");
  if (!draft.summary.empty()) {
    html.Raw("<ul class=\"summary\">");
    for (const std::string& line : draft.summary) html.Raw("<li>").Text(line).Raw("</li>");
    html.Raw("</ul>");
  }
  if (!draft.questions.empty()) {
    html.Raw("<h3>Decide before you save</h3><ol class=\"questions\">");
    for (const DraftQuestion& q : draft.questions) {
      html.Raw("<li>").Text(q.text);
      if (!q.choices.empty()) {
        html.Raw(" <span class=\"meta\">Choices: ");
        for (size_t i = 0; i < q.choices.size(); ++i) {
          if (i > 0) html.Raw(", ");
          html.Raw("<code>").Text(q.choices[i]).Raw("</code>");
        }
        html.Raw("</span>");
      }
      html.Raw("</li>");
    }
    html.Raw(
        "</ol><p class=\"meta\">Each question is a <code># QUESTION:</code> comment in the YAML "
        "where the answer goes.</p>");
  }
  if (!draft.complete) {
    html.Append(ErrorBox(
        "The draft does not load yet, so nothing was read: it lacks a column it could not "
        "guess. Fill in the rule its comments point at and save it, then upload the export "
        "again with the saved mapping."));
  }
  html.Append(SaveForm(viewer, {name, draft.yaml, 0, {}}, "Save mapping")).Raw("</section>");
  return html;
}

Html SavedMappingsSection(const PageViewer& viewer, const std::vector<SavedMapping>& saved,
                          const std::vector<User>& people) {
  Html html;
  html.Raw("<h2 id=\"saved-mappings\">Saved mappings</h2>");
  if (saved.empty()) {
    html.Raw(
        "<p>None yet. Upload an export with <em>Detect from the export</em>: the draft it "
        "writes can be edited and saved here.</p>");
    return html;
  }
  html.Append(TableStart("overview", {"Name", "Saved", "By", ""}));
  for (const SavedMapping& m : saved) {
    std::string by;
    for (const User& u : people) {
      if (m.saved_by && u.id == *m.saved_by) by = u.name;
    }
    html.Raw("<tr><th scope=\"row\">")
        .Text(m.name)
        .Raw("</th><td>")
        .Text(IsoDateTime(m.saved_at).substr(0, 10))
        .Raw("</td><td>")
        .Text(by)
        .Raw("</td><td class=\"actions\"><a")
        .Attr("href", "/admin/helpdesk/mappings/edit?name=" + EncodeQueryParam(m.name))
        .Raw(
            ">Edit</a> <form class=\"inline\" method=\"post\" "
            "action=\"/admin/helpdesk/mappings/remove\">")
        .Append(CsrfField(viewer))
        .Raw("<input type=\"hidden\" name=\"name\"")
        .Attr("value", m.name)
        .Raw("><button type=\"submit\" class=\"danger\"")
        .Attr("aria-label", "Remove " + m.name)
        .Raw(">Remove</button></form></td></tr>");
  }
  html.Raw("</tbody></table>");
  return html;
}

std::string RenderMappingEditPage(const PageViewer& viewer, const SavedMapping& typed,
                                  const Status& refusal, const Diagnostics& diagnostics) {
  Html main;
  main.Raw("<p class=\"meta\"><a href=\"/admin/helpdesk\">Helpdesk data</a></p><h1>");
  if (typed.name.empty()) {
    main.Raw("A mapping");
  } else {
    main.Raw("Mapping ").Text(typed.name);
  }
  main.Raw("</h1>");
  if (!refusal.ok()) {
    if (diagnostics.empty()) {
      main.Append(ErrorBox(refusal.field.empty()
                               ? refusal.message
                               : fmt::format("{}: {}", refusal.field, refusal.message)));
    } else {
      main.Raw("<p class=\"error\" role=\"alert\">The mapping was not saved: ")
          .Text(typed.name + ".yaml")
          .Raw(" has errors.</p>")
          .Append(DiagnosticsTable(diagnostics));
    }
  }
  main.Append(SaveForm(viewer, typed, "Save mapping"));
  return Layout(viewer, typed.name.empty() ? "A mapping" : "Mapping " + typed.name, main);
}

}  // namespace rungs
