// The `rungs` subcommands. Each takes parsed options and output streams and returns the
// process exit code (0 ok, 1 failure, 2 usage), so tests can run them without a process.
#ifndef RUNGS_CLI_COMMANDS_H_
#define RUNGS_CLI_COMMANDS_H_

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

struct ServeOptions {
  std::vector<std::string> frameworks;  // folders or files; empty: the bundled frameworks
  std::vector<std::string> previous;    // earlier versions, for "what changed" pages
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "rungs-data";
};
int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rungs

#endif  // RUNGS_CLI_COMMANDS_H_
