// The store's schema migrations, compiled in from src/store/migrations/ by cmake/embed.cmake.
// File names are "NNNN_what.sql"; NNNN is the schema version the file brings the database to.
#ifndef RUNGS_STORE_MIGRATIONS_H_
#define RUNGS_STORE_MIGRATIONS_H_

#include <vector>

#include "util/embedded.h"

namespace rungs {

const std::vector<EmbeddedFile>& SqliteMigrations();

}  // namespace rungs

#endif  // RUNGS_STORE_MIGRATIONS_H_
