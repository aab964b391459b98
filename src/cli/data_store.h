// What the people-side commands share: the database in the data folder, the public address
// for links, and one-time links.
#ifndef RUNGS_CLI_DATA_STORE_H_
#define RUNGS_CLI_DATA_STORE_H_

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "store/store.h"

namespace rungs {

// DIR/rungs.db
std::string DatabasePath(const std::string& data_dir);

// Opens the store `data` names: the PostgreSQL database, else the SQLite one in the data folder.
// With `create`, a missing folder and SQLite database are made; without, a missing one is an
// error that says how to make one. Errors go to `err`, prefixed with `command` ("rungs user
// add"); nullptr on error.
std::unique_ptr<Store> OpenDataStore(const DataLocation& data, bool create,
                                     const std::string& command, std::ostream& err);

// The user with `email`, or nullopt after telling `err` why not; `field` names the option the
// email came from ("email", "--person").
std::optional<User> FindUserOrReport(Store& store, const std::string& email,
                                     const std::string& field, const std::string& command,
                                     std::ostream& err);

// $RUNGS_PUBLIC_URL without a trailing '/', else http://localhost:8080.
std::string PublicBaseUrl();

struct IssuedLink {
  std::string url;  // {base}/invite/{token} or {base}/reset/{token}
  int64_t expires_at = 0;
};

// Creates a one-time link for `user_id` (the store keeps only the token's digest).
Result<IssuedLink> IssueOneTimeLink(Store& store, int64_t user_id, LinkPurpose purpose);

}  // namespace rungs

#endif  // RUNGS_CLI_DATA_STORE_H_
