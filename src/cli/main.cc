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
  serve_cmd->add_option("--data", serve.data.dir, "Data folder (created if missing)")
      ->envname("RUNGS_DATA")
      ->capture_default_str();
  serve_cmd
      ->add_option("--database", serve.data.database,
                   "A PostgreSQL database (postgresql://...) instead of DATA/rungs.db")
      ->envname("RUNGS_DATABASE");
  serve_cmd->add_flag("--demo", serve.demo,
                      "Create a demo team with random passwords, printed once, and 16 weeks "
                      "of generated helpdesk data (skipped when it exists)");

  // People, backups and rosters: each works on DATA/rungs.db, or the PostgreSQL database.
  auto add_data = [](CLI::App* cmd, DataLocation& data) {
    cmd->add_option("--data", data.dir, "Data folder holding rungs.db")
        ->envname("RUNGS_DATA")
        ->capture_default_str();
    cmd->add_option("--database", data.database,
                    "A PostgreSQL database (postgresql://...) instead of DATA/rungs.db")
        ->envname("RUNGS_DATABASE");
  };

  CLI::App* user_cmd =
      app.add_subcommand("user", "Add, list and remove people; print sign-in links");
  user_cmd->require_subcommand(1);
  UserAddOptions user_add;
  CLI::App* user_add_cmd = user_cmd->add_subcommand(
      "add",
      "Create a user and print a one-time invitation link (7 days). `rungs user add --admin "
      "EMAIL` creates the first admin");
  user_add_cmd->add_option("email", user_add.email, "Their email address")->required();
  user_add_cmd->add_option("--name", user_add.name, "Their name (default: the email's local part)");
  CLI::Option* admin_flag = user_add_cmd->add_flag("--admin", user_add.admin, "Make them an admin");
  user_add_cmd->add_option("--role", user_add.role, "admin, manager or member")
      ->check(CLI::IsMember({"admin", "manager", "member"}))
      ->excludes(admin_flag)
      ->capture_default_str();
  add_data(user_add_cmd, user_add.data);

  UserResetOptions user_reset;
  CLI::App* user_reset_cmd =
      user_cmd->add_subcommand("reset", "Print a one-time link to set a new password (24 hours)");
  user_reset_cmd->add_option("email", user_reset.email, "Their email address")->required();
  add_data(user_reset_cmd, user_reset.data);

  UserListOptions user_list;
  CLI::App* user_list_cmd = user_cmd->add_subcommand("list", "List everyone");
  user_list_cmd->add_option("--format", user_list.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_data(user_list_cmd, user_list.data);

  UserRemoveOptions user_remove;
  CLI::App* user_remove_cmd = user_cmd->add_subcommand(
      "remove", "Remove a user; someone with check-ins needs --erase or --anonymise");
  user_remove_cmd->add_option("email", user_remove.email, "Their email address")->required();
  CLI::Option* erase_flag = user_remove_cmd->add_flag(
      "--erase", user_remove.erase, "Delete them and every check-in, note and piece of evidence");
  user_remove_cmd
      ->add_flag("--anonymise,--anonymize", user_remove.anonymise,
                 "Keep their results without anything that names them")
      ->excludes(erase_flag);
  add_data(user_remove_cmd, user_remove.data);

  BackupOptions backup;
  CLI::App* backup_cmd = app.add_subcommand(
      "backup", "Copy the database to FILE (consistent while serve runs; never overwrites)");
  backup_cmd->add_option("file", backup.file, "The backup file to create")->required();
  add_data(backup_cmd, backup.data);

  MigrateOptions migrate;
  CLI::App* migrate_cmd = app.add_subcommand(
      "migrate",
      "Copy the SQLite database in the data folder into an empty PostgreSQL database, checking "
      "every table");
  migrate_cmd->add_option("--to", migrate.to, "The PostgreSQL database (postgresql://...)")
      ->required();
  migrate_cmd->add_option("--data", migrate.data.dir, "Data folder holding rungs.db")
      ->envname("RUNGS_DATA")
      ->capture_default_str();

  RestoreOptions restore;
  CLI::App* restore_cmd = app.add_subcommand(
      "restore",
      "Replace the database with a backup, after checking it and saving the current one as "
      "rungs.db.before-restore-TIME.bak");
  restore_cmd->add_option("file", restore.file, "A file made by rungs backup")->required();
  add_data(restore_cmd, restore.data);

  CLI::App* people_cmd =
      app.add_subcommand("people", "Export a person's or a team's data; import a roster");
  people_cmd->require_subcommand(1);
  PeopleExportOptions people_export;
  CLI::App* people_export_cmd = people_cmd->add_subcommand(
      "export", "Write a person's or a team's data and check-ins as JSON or CSV");
  CLI::Option* person_opt =
      people_export_cmd->add_option("--person", people_export.person, "A person's email");
  people_export_cmd->add_option("--team", people_export.team, "A team's name")
      ->excludes(person_opt);
  people_export_cmd->add_option("--format", people_export.format, "json or csv")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  people_export_cmd->add_option("--out", people_export.out, "Write to this file (default: stdout)");
  add_data(people_export_cmd, people_export.data);

  PeopleImportOptions people_import;
  CLI::App* people_import_cmd = people_cmd->add_subcommand(
      "import",
      "Create and update people and teams from a roster CSV (email,name,role,team,"
      "manager_email,framework,assigned_rung,start_date,probation_end); a file with errors "
      "writes nothing");
  people_import_cmd->add_option("roster", people_import.file, "The roster CSV")->required();
  people_import_cmd->add_flag("--dry-run", people_import.dry_run,
                              "Check the file and show what would change; write nothing");
  people_import_cmd->add_flag("--invite", people_import.invite,
                              "Print an invitation link for each person created");
  people_import_cmd
      ->add_option("--frameworks", people_import.frameworks,
                   "Frameworks to check framework ids and rungs against (default: bundled)")
      ->envname("RUNGS_FRAMEWORKS");
  add_data(people_import_cmd, people_import.data);

  CLI::App* metrics_cmd = app.add_subcommand("metrics", "Weekly helpdesk metrics per agent");
  metrics_cmd->require_subcommand(1);
  MetricsWeeklyOptions weekly;
  CLI::App* weekly_cmd = metrics_cmd->add_subcommand(
      "weekly",
      "Closed conversations, active hours and conversations per hour per agent and ISO week, "
      "from a canonical events CSV");
  weekly_cmd->add_option("file", weekly.file, "The events CSV")->required();
  weekly_cmd->add_option("--out", weekly.out, "Write the table here (default: stdout)");
  weekly_cmd->add_option("--report", weekly.report, "Write every skipped row's problem here");
  weekly_cmd->add_flag("--stats", weekly.stats, "Print rows, time, speed and memory to stderr");
  weekly_cmd->add_option("--threads", weekly.threads, "Threads (default: one per core)")
      ->check(CLI::Range(0, 64));

  IngestOptions ingest;
  CLI::App* ingest_cmd = app.add_subcommand(
      "ingest", "Read a helpdesk export through a mapping file; --dry-run shows what it makes");
  ingest_cmd->add_option("file", ingest.file, "The export (CSV)")->required();
  ingest_cmd->add_option("--mapping", ingest.mapping,
                         "A mapping file (YAML) or a shipped mapping's name (default: the "
                         "canonical file the header names)");
  ingest_cmd->add_option("--identities", ingest.identities,
                         "Identity map CSV (space,name,person) joining identity spaces");
  ingest_cmd->add_flag("--dry-run", ingest.dry_run, "Show counts, samples and weekly totals");
  ingest_cmd->add_option("--out", ingest.out, "Write the weekly table per identity here");
  ingest_cmd->add_option("--report", ingest.report, "Write every problem row here");
  ingest_cmd->add_option(
      "--source", ingest.source,
      "The helpdesk it comes from (default: the mapping file's name without .yaml)");
  add_data(ingest_cmd, ingest.data);

  CLI::App* mapping_cmd = app.add_subcommand("mapping", "Mappings of helpdesk exports");
  mapping_cmd->require_subcommand(1);
  MappingInitOptions mapping_init;
  CLI::App* mapping_init_cmd = mapping_cmd->add_subcommand(
      "init",
      "Write a mapping for an export from its header and first rows: the shipped mapping it "
      "matches, or a commented draft with QUESTION lines");
  mapping_init_cmd->add_option("file", mapping_init.file, "The export (CSV)")->required();
  mapping_init_cmd->add_option("--out", mapping_init.out,
                               "Write the mapping here (default: standard output)");
  mapping_init_cmd->add_option("--name", mapping_init.name, "The mapping's name");
  mapping_init_cmd->add_flag("--force", mapping_init.force, "Overwrite --out if it exists");

  CLI::App* batches_cmd = app.add_subcommand("batches", "List or undo stored helpdesk ingests");
  batches_cmd->require_subcommand(1);
  BatchesOptions batches;
  CLI::App* batches_list_cmd = batches_cmd->add_subcommand("list", "Stored ingests, newest first");
  add_data(batches_list_cmd, batches.data);
  CLI::App* batches_undo_cmd =
      batches_cmd->add_subcommand("undo", "Delete an ingest and its weekly rows");
  batches_undo_cmd->add_option("id", batches.undo, "The batch id (from batches list)")
      ->required()
      ->check(CLI::PositiveNumber);
  add_data(batches_undo_cmd, batches.data);

  CLI::App* identity_cmd =
      app.add_subcommand("identity", "Link people to their helpdesk identities");
  identity_cmd->require_subcommand(1);
  IdentityOptions identity;
  for (const char* action : {"link", "unlink"}) {
    CLI::App* cmd = identity_cmd->add_subcommand(
        action, std::string(action == std::string("link") ? "Link" : "Unlink") +
                    " a helpdesk identity and a person");
    cmd->add_option("email", identity.email, "The person's email")->required();
    cmd->add_option("name", identity.name, "The name in the helpdesk export")->required();
    cmd->add_option("--source", identity.source, "The helpdesk (a batch's source)")->required();
    cmd->add_option("--space", identity.space, "The column that names them (e.g. agent_id)")
        ->required();
    if (action == std::string("link")) {
      cmd->add_flag("--force", identity.force,
                    "Link it even though no stored batch has data for it (data still to come)");
    }
    cmd->callback([&identity, action] { identity.action = action; });
    add_data(cmd, identity.data);
  }
  CLI::App* identity_list_cmd = identity_cmd->add_subcommand("list", "A person's identities");
  identity_list_cmd->add_option("email", identity.email, "The person's email")->required();
  identity_list_cmd->callback([&identity] { identity.action = "list"; });
  add_data(identity_list_cmd, identity.data);

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
  if (user_add_cmd->parsed()) return RunUserAdd(user_add, std::cout, std::cerr);
  if (user_reset_cmd->parsed()) return RunUserReset(user_reset, std::cout, std::cerr);
  if (user_list_cmd->parsed()) return RunUserList(user_list, std::cout, std::cerr);
  if (user_remove_cmd->parsed()) return RunUserRemove(user_remove, std::cout, std::cerr);
  if (backup_cmd->parsed()) return RunBackup(backup, std::cout, std::cerr);
  if (restore_cmd->parsed()) return RunRestore(restore, std::cout, std::cerr);
  if (migrate_cmd->parsed()) return RunMigrate(migrate, std::cout, std::cerr);
  if (people_export_cmd->parsed()) return RunPeopleExport(people_export, std::cout, std::cerr);
  if (people_import_cmd->parsed()) return RunPeopleImport(people_import, std::cout, std::cerr);
  if (weekly_cmd->parsed()) return RunMetricsWeekly(weekly, std::cout, std::cerr);
  if (ingest_cmd->parsed()) return RunIngest(ingest, std::cout, std::cerr);
  if (mapping_init_cmd->parsed()) return RunMappingInit(mapping_init, std::cout, std::cerr);
  if (batches_list_cmd->parsed() || batches_undo_cmd->parsed()) {
    return RunBatches(batches, std::cout, std::cerr);
  }
  if (identity_cmd->parsed()) return RunIdentity(identity, std::cout, std::cerr);
  return kExitUsage;
}
