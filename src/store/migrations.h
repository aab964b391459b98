// The store's schema migrations, compiled in by cmake/embed.cmake: SQLite's from
// src/store/migrations/, PostgreSQL's from src/store/migrations/postgres/ (the same versions).
// File names are "NNNN_what.sql"; NNNN is the schema version the file brings the database to.
#ifndef RUNGS_STORE_MIGRATIONS_H_
#define RUNGS_STORE_MIGRATIONS_H_

#include <vector>

#include "util/embedded.h"

namespace rungs {

const std::vector<EmbeddedFile>& SqliteMigrations();
const std::vector<EmbeddedFile>& PostgresMigrations();

}  // namespace rungs

#endif  // RUNGS_STORE_MIGRATIONS_H_
