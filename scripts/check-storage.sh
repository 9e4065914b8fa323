#!/bin/sh
# check-storage.sh — only core/db speaks to SQLite (src/core/db.h): fails,
# naming the places, when `sqlite3_`, `SQLITE_` or <sqlite3.h> appears in
# src/ outside src/core/db.c. Run by `make test` before the suites, so that
# a PostgreSQL backend can later replace core/db alone.
cd "$(dirname "$0")/.."
hits=$(grep -rn 'sqlite3_\|SQLITE_\|<sqlite3\.h>' src --include='*.c' --include='*.h' | grep -v '^src/core/db\.[ch]:')
if [ -n "$hits" ]; then
  echo "check-storage: SQLite used outside src/core/db (use the db_* interface of db.h):" >&2
  echo "$hits" >&2
  exit 1
fi
echo "check-storage: only src/core/db speaks to SQLite"
