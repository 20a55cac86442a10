/* db: paraf-hub's SQLite store (WAL, synchronous=FULL). One connection guarded by a mutex, so any
 * MHD worker thread may call these functions. Decisions are append-only (triggers forbid UPDATE and
 * DELETE). Strings returned through `char **` are malloc'd; the caller frees them. */
#ifndef PARAF_HUB_DB_H
#define PARAF_HUB_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    DB_OK = 0,
    DB_NOT_FOUND,
    DB_CONFLICT, /* unique key taken, or a state rule (token used, item decided) */
    DB_ERROR,    /* SQLite failed; logged */
} db_err;

typedef struct hub_db hub_db;

hub_db *db_open(const char *path);
void db_close(hub_db *db);

/* Run fn(db->sqlite, arg) inside BEGIN IMMEDIATE ... COMMIT with the lock held; ROLLBACK when fn
 * returns other than DB_OK. */
db_err db_tx(hub_db *db, db_err (*fn)(sqlite3 *s, void *arg), void *arg)
    __attribute__((warn_unused_result));

/* Single statements with the lock held. `sql` binds text parameters ?1..?n from params (NULL binds
 * NULL). db_exec_text returns the first column of the first row as a malloc'd string. */
db_err db_exec(hub_db *db, const char *sql, const char *const *params, int n)
    __attribute__((warn_unused_result));
db_err db_query_text(hub_db *db, const char *sql, const char *const *params, int n, char **out)
    __attribute__((warn_unused_result));
/* Like db_query_text, but the first column is a blob (also for text); *len receives its size. */
db_err db_query_blob(hub_db *db, const char *sql, const char *const *params, int n,
                     unsigned char **out, size_t *len, char **second_col)
    __attribute__((warn_unused_result));
/* Collects column 0 of every row into a JSON array text "[...]", where each value is itself
 * JSON text (so rows can hold JSON objects). */
db_err db_query_json_array(hub_db *db, const char *sql, const char *const *params, int n,
                           char **out) __attribute__((warn_unused_result));

/* Calls fn with column 0 of every row as text ("" for NULL), with the lock held: fn must not
 * call back into the database. */
db_err db_query_each(hub_db *db, const char *sql, const char *const *params, int n,
                     void (*fn)(const char *text, void *arg), void *arg)
    __attribute__((warn_unused_result));

/* Helpers for use inside a db_tx callback. */
db_err db_s_exec(sqlite3 *s, const char *sql, const char *const *params, int n);
db_err db_s_text(sqlite3 *s, const char *sql, const char *const *params, int n, char **out);
db_err db_s_insert_blob(sqlite3 *s, const char *sql, const char *const *params, int n,
                        const void *blob, size_t blob_len);

/* Monotonic counters kept in the meta table (e.g. "rev.inbox"). */
int64_t db_counter_get(hub_db *db, const char *name);
db_err db_s_counter_bump(sqlite3 *s, const char *name, int64_t *new_value);

#endif
