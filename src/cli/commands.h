// The `rungs` subcommands. Each takes parsed options and output streams and returns the
// process exit code (0 ok, 1 failure, 2 usage), so tests can run them without a process.
#ifndef RUNGS_CLI_COMMANDS_H_
#define RUNGS_CLI_COMMANDS_H_

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace rungs {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct CheckOptions {
  std::vector<std::string> paths;
  bool strict = false;
  std::string format = "text";  // or "json"
};
int RunCheck(const CheckOptions& options, std::ostream& out, std::ostream& err);

struct ExportOptions {
  std::vector<std::string> paths;  // empty: the bundled frameworks
  std::string format = "json";     // json | markdown | case
  std::string framework;           // pick one framework by id
  std::string out_dir;             // write one file per framework here instead of stdout
};
int RunExport(const ExportOptions& options, std::ostream& out, std::ostream& err);

struct ImportOptions {
  std::vector<std::string> paths;  // rungs JSON exports or CASE packages
  std::string into_dir;            // write each as rungs JSON here; empty: only validate
};
int RunImport(const ImportOptions& options, std::ostream& out, std::ostream& err);

// `rungs diff OLD NEW`: what changed between two versions of a framework.
struct DiffOptions {
  std::string old_path;
  std::string new_path;
  std::string framework;        // when a path holds several frameworks, the id to compare
  std::string format = "text";  // or "json"
};
int RunDiff(const DiffOptions& options, std::ostream& out, std::ostream& err);

// `rungs compare FRAMEWORK --from 1A --to 2A`: what is new at the higher rung, per topic.
struct CompareOptions {
  std::string framework;           // an id among the loaded frameworks, or a file path
  std::vector<std::string> paths;  // where to load frameworks from; empty: bundled
  std::string from;
  std::string to;
  std::string format = "text";  // or "json"
};
int RunCompare(const CompareOptions& options, std::ostream& out, std::ostream& err);

// `rungs site --out DIR`: the framework site as plain files that work from file://.
struct SiteCommandOptions {
  std::vector<std::string> frameworks;  // folders or files; empty: the bundled frameworks
  std::vector<std::string> previous;    // earlier versions, for "what changed" pages
  std::string out_dir;
};
int RunSite(const SiteCommandOptions& options, std::ostream& out, std::ostream& err);

// Where the people-side commands and serve keep their data: the data folder (--data, env
// RUNGS_DATA, default "rungs-data"), which holds the SQLite database rungs.db unless a
// PostgreSQL database is named (--database, env RUNGS_DATABASE: postgresql://...); the folder
// also holds uploads while they are read.
struct DataLocation {
  std::string dir = "rungs-data";
  std::string database;  // empty: SQLite in dir
};

struct ServeOptions {
  std::vector<std::string> frameworks;  // folders or files; empty: the bundled frameworks
  std::vector<std::string> previous;    // earlier versions, for "what changed" pages
  std::string host = "127.0.0.1";
  int port = 8080;
  DataLocation data;
  bool demo = false;  // create the demo team (random passwords, printed once) if it is missing
};
int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

// The people-side commands below all work on the store DataLocation names, as serve does.

// `rungs user add EMAIL [--name NAME] [--admin | --role manager|member]`: creates the user and
// prints a one-time invitation link ({RUNGS_PUBLIC_URL}/invite/{token}, valid for 7 days).
// `rungs user add --admin EMAIL` is how the first admin gets in.
struct UserAddOptions {
  DataLocation data;
  std::string email;
  std::string name;  // empty: the part of the email before the @
  bool admin = false;
  std::string role = "member";  // admin | manager | member; --admin wins
};
int RunUserAdd(const UserAddOptions& options, std::ostream& out, std::ostream& err);

// `rungs user reset EMAIL`: prints a one-time link to set a new password (valid for 24 hours).
struct UserResetOptions {
  DataLocation data;
  std::string email;
};
int RunUserReset(const UserResetOptions& options, std::ostream& out, std::ostream& err);

// `rungs user list [--format text|json]`.
struct UserListOptions {
  DataLocation data;
  std::string format = "text";  // or "json"
};
int RunUserList(const UserListOptions& options, std::ostream& out, std::ostream& err);

// `rungs user remove EMAIL [--erase | --anonymise]`: someone with check-ins needs one of the
// two flags (without one the command explains the choice and exits 1).
struct UserRemoveOptions {
  DataLocation data;
  std::string email;
  bool erase = false;
  bool anonymise = false;
};
int RunUserRemove(const UserRemoveOptions& options, std::ostream& out, std::ostream& err);

// `rungs backup FILE`: a consistent online copy of the database; never overwrites FILE.
struct BackupOptions {
  DataLocation data;
  std::string file;
};
int RunBackup(const BackupOptions& options, std::ostream& out, std::ostream& err);

// `rungs restore FILE`: checks FILE is a rungs database this build can read, backs the current
// database up beside it (rungs.db.before-restore-{unix time}.bak), then replaces it with FILE.
struct RestoreOptions {
  DataLocation data;
  std::string file;
};
int RunRestore(const RestoreOptions& options, std::ostream& out, std::ostream& err);

// `rungs migrate --to postgresql://...`: copies the SQLite store in the data folder into an
// empty PostgreSQL database (store/store_copy.h), checking every table's rows and checksum,
// and prints them; afterwards run rungs with --database (RUNGS_DATABASE).
struct MigrateOptions {
  DataLocation data;  // its dir: where the SQLite store is
  std::string to;     // the PostgreSQL database
};
int RunMigrate(const MigrateOptions& options, std::ostream& out, std::ostream& err);

// `rungs people export (--person EMAIL | --team NAME) [--format json|csv] [--out FILE]`.
struct PeopleExportOptions {
  DataLocation data;
  std::string person;           // an email
  std::string team;             // a team name
  std::string format = "json";  // or "csv"
  std::string out;              // empty: standard output
};
int RunPeopleExport(const PeopleExportOptions& options, std::ostream& out, std::ostream& err);

// `rungs people import ROSTER.csv [--dry-run] [--invite] [--frameworks PATH]...`: creates and
// updates people and teams from a roster (progress/roster.h); a file with any error writes
// nothing.
struct PeopleImportOptions {
  DataLocation data;
  std::string file;
  bool dry_run = false;
  bool invite = false;                  // print an invitation link for each person created
  std::vector<std::string> frameworks;  // to check framework ids and rungs; empty: bundled
};
int RunPeopleImport(const PeopleImportOptions& options, std::ostream& out, std::ostream& err);

// `rungs metrics weekly FILE [--out OUT] [--report FILE] [--stats] [--threads N]`: the
// per-agent weekly table of a canonical events file (metrics/weekly_table.h). Rows with
// problems are skipped and reported (the first 20 on stderr, all in --report); a file with no
// usable row fails.
struct MetricsWeeklyOptions {
  std::string file;
  std::string out;     // empty: stdout
  std::string report;  // every skipped row, one diagnostic per line
  bool stats = false;  // rows, bytes, seconds, threads, GB/s and RssAnon on stderr
  int threads = 0;     // 0: one per core
};
int RunMetricsWeekly(const MetricsWeeklyOptions& options, std::ostream& out, std::ostream& err);

// `rungs ingest FILE --mapping M --dry-run [--identities MAP] [--out TABLE] [--report FILE]`:
// reads a helpdesk export through a mapping (metrics/mapping.h) and shows what it would store:
// row counts, sample events, identities per space, weekly totals. Storing is not built yet:
// without --dry-run it says so and exits 1.
struct IngestOptions {
  DataLocation data;
  std::string source;  // the helpdesk the export comes from; default: the mapping file's stem
  std::string file;
  std::string mapping;
  std::string identities;  // an identity map CSV; overrides the mapping's
  bool dry_run = false;
  std::string out;       // the weekly per-identity table as CSV
  std::string report;    // every problem row, one diagnostic per line
  bool progress = true;  // a progress bar on stderr when it is a terminal
};
int RunIngest(const IngestOptions& options, std::ostream& out, std::ostream& err);

// `rungs mapping init EXPORT.csv [--out FILE] [--name NAME] [--force]`: a mapping for an export
// from its header and first rows (metrics/mapping_draft.h): the shipped mapping its header is
// made for, or a commented draft with QUESTION lines. Prints the YAML (or writes --out, never
// over an existing file without --force) and a summary with the questions on `err`.
struct MappingInitOptions {
  std::string file;
  std::string out;   // empty: the YAML on `out`
  std::string name;  // the mapping's name; default "Draft mapping for FILE" (a match keeps its own)
  bool force = false;
};
int RunMappingInit(const MappingInitOptions& options, std::ostream& out, std::ostream& err);

// `rungs batches list` and `rungs batches undo ID`: the stored ingests, newest first, and taking
// one back (its weekly rows go with it).
struct BatchesOptions {
  DataLocation data;
  int64_t undo = 0;  // 0: list
};
int RunBatches(const BatchesOptions& options, std::ostream& out, std::ostream& err);

// `rungs identity link EMAIL --source S --space SPACE NAME` (and `unlink`), `rungs identity list
// EMAIL`: which helpdesk identities are this person's.
struct IdentityOptions {
  DataLocation data;
  std::string action;  // "link", "unlink", "list"
  std::string email;
  std::string source;
  std::string space;
  std::string name;
  bool force = false;  // link an identity no stored batch has data for
};
int RunIdentity(const IdentityOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rungs

#endif  // RUNGS_CLI_COMMANDS_H_
