// rungs: progression frameworks for support teams. This file only parses the command line;
// each subcommand lives in its own *_command.cc.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace rungs;
  CLI::App app{"rungs: progression frameworks for customer-support teams"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rungs 0.1.0");

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Validate and lint framework files or folders (exit 0: no errors, 1: errors)");
  check_cmd->add_option("paths", check.paths, "Framework files or folders")->required();
  check_cmd->add_flag("--strict", check.strict, "Treat warnings as errors");
  check_cmd->add_option("--format", check.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  ExportOptions exp;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write frameworks as JSON (lossless), Markdown or a CASE 1.1 package");
  export_cmd->add_option("paths", exp.paths, "Framework files or folders (default: bundled)");
  export_cmd->add_option("--format", exp.format, "json, markdown or case")
      ->check(CLI::IsMember({"json", "markdown", "case"}));
  export_cmd->add_option("--framework", exp.framework, "Export only the framework with this id");
  export_cmd->add_option("--out", exp.out_dir, "Write one file per framework into this folder");

  ImportOptions imp;
  CLI::App* import_cmd = app.add_subcommand(
      "import",
      "Read rungs JSON exports or CASE packages back, validate them, and optionally "
      "write them as rungs JSON into a frameworks folder");
  import_cmd->add_option("paths", imp.paths, "JSON or CASE files")->required();
  import_cmd->add_option("--into", imp.into_dir,
                         "Write each framework as {id}.json into this folder");

  DiffOptions diff;
  CLI::App* diff_cmd = app.add_subcommand(
      "diff", "Show topics and criteria added, removed and reworded between two versions");
  diff_cmd->add_option("old", diff.old_path, "The old version (file or folder)")->required();
  diff_cmd->add_option("new", diff.new_path, "The new version (file or folder)")->required();
  diff_cmd->add_option("--framework", diff.framework,
                       "Framework id, when a path holds several frameworks");
  diff_cmd->add_option("--format", diff.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  CompareOptions compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "Show what a higher rung asks for that a lower one does not, per topic");
  compare_cmd->add_option("framework", compare.framework, "Framework id or file")->required();
  compare_cmd->add_option("--from", compare.from, "The lower rung, e.g. 1A")->required();
  compare_cmd->add_option("--to", compare.to, "The higher rung, e.g. 2A")->required();
  compare_cmd->add_option("--frameworks", compare.paths,
                          "Where to load frameworks from (default: the bundled ones)");
  compare_cmd->add_option("--format", compare.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  SiteCommandOptions site;
  CLI::App* site_cmd = app.add_subcommand(
      "site", "Write the framework site as plain HTML files that work offline (file://)");
  site_cmd->add_option("--out", site.out_dir, "Folder to write the site into")->required();
  site_cmd->add_option("--frameworks", site.frameworks,
                       "Framework folder or file, repeatable (default: the bundled frameworks)");
  site_cmd->add_option("--previous", site.previous,
                       "Earlier versions of the frameworks: adds a \"what changed\" page to each");

  ServeOptions serve;
  CLI::App* serve_cmd =
      app.add_subcommand("serve", "Serve the framework site and its JSON API over HTTP");
  serve_cmd
      ->add_option("--frameworks", serve.frameworks,
                   "Framework folder or file, repeatable (default: the bundled frameworks)")
      ->envname("RUNGS_FRAMEWORKS");
  serve_cmd->add_option("--previous", serve.previous,
                        "Earlier versions of the frameworks: adds a \"what changed\" page to each");
  serve_cmd->add_option("--host", serve.host, "Address to listen on")
      ->envname("RUNGS_HOST")
      ->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "Port to listen on")
      ->envname("RUNGS_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_cmd->add_option("--data", serve.data_dir, "Data folder (created if missing)")
      ->envname("RUNGS_DATA")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (check_cmd->parsed()) return RunCheck(check, std::cout, std::cerr);
  if (export_cmd->parsed()) return RunExport(exp, std::cout, std::cerr);
  if (import_cmd->parsed()) return RunImport(imp, std::cout, std::cerr);
  if (diff_cmd->parsed()) return RunDiff(diff, std::cout, std::cerr);
  if (compare_cmd->parsed()) return RunCompare(compare, std::cout, std::cerr);
  if (site_cmd->parsed()) return RunSite(site, std::cout, std::cerr);
  if (serve_cmd->parsed()) return RunServe(serve, std::cout, std::cerr);
  return kExitUsage;
}
