/* store_int: what store.c shares with store_cache.c. Private to the store. */
#ifndef PARAF_STORE_INT_H
#define PARAF_STORE_INT_H

#include "seal.h"
#include "store.h"

#include <sqlite3.h>

struct store {
    sqlite3 *db;
    uint8_t key[SEAL_KEY_LEN]; /* DATA/cache.key: seals outbox bodies and cached content */
};

void store_log(store *s, const char *what);
/* Prepares sql and binds text parameters ?1..?n (NULL binds SQL NULL). */
sqlite3_stmt *store_prepare(store *s, const char *sql, const char *const *p, int n);
/* Runs a statement that returns no rows. */
store_err store_run(store *s, const char *sql, const char *const *p, int n);

#endif
