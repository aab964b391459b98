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

  ServeOptions serve;
  CLI::App* serve_cmd =
      app.add_subcommand("serve", "Serve the frameworks over HTTP (JSON API for now)");
  serve_cmd
      ->add_option("--frameworks", serve.frameworks,
                   "Framework folder or file, repeatable (default: the bundled frameworks)")
      ->envname("RUNGS_FRAMEWORKS");
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
  if (serve_cmd->parsed()) return RunServe(serve, std::cout, std::cerr);
  return kExitUsage;
}
