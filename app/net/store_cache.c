/* store_cache: the offline copy of what the hub served (the inbox JSON, item JSON, attachment
 * page bytes), each sealed under ("cache", kind/key). used_at is a logical clock (the largest
 * used_at + 1), so "least recently used" does not depend on the wall clock's resolution. */
#include "store_int.h"

#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool store_cache_row(char *row, size_t cap, const char *kind, const char *key)
{
    int n = snprintf(row, cap, "%s/%s", kind, key);
    return n > 0 && (size_t)n < cap;
}

store_err store_cache_put(store *s, const char *kind, const char *key, const void *body, size_t len,
                          int64_t fetched_at)
{
    char row[200], at[24];
    uint8_t *sealed = NULL;
    size_t slen = 0;
    if (!store_cache_row(row, sizeof row, kind, key) || len > (size_t)INT32_MAX - SEAL_OVERHEAD)
        return STORE_ERR_IO;
    if (!seal_box(s->key, "cache", row, body, len, &sealed, &slen))
        return STORE_ERR_CRYPTO;
    snprintf(at, sizeof at, "%lld", (long long)fetched_at);
    const char *p[] = {kind, key, NULL, at};
    sqlite3_stmt *st = store_prepare(
        s,
        "INSERT OR REPLACE INTO cache(kind, key, body, fetched_at, used_at) VALUES(?1, ?2, ?3, ?4,"
        " (SELECT coalesce(max(used_at), 0) + 1 FROM cache))",
        p, 4);
    int rc = st ? sqlite3_bind_blob(st, 3, sealed, (int)slen, SQLITE_TRANSIENT) : SQLITE_ERROR;
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    free(sealed);
    if (rc != SQLITE_DONE) {
        store_log(s, "cache put");
        return store_sqlite_err(rc);
    }
    return STORE_OK;
}

store_err store_cache_get(store *s, const char *kind, const char *key, uint8_t **body, size_t *len,
                          int64_t *fetched_at)
{
    char row[200];
    *body = NULL;
    *len = 0;
    *fetched_at = 0;
    if (!store_cache_row(row, sizeof row, kind, key))
        return STORE_NOT_FOUND;
    const char *p[] = {kind, key};
    sqlite3_stmt *st =
        store_prepare(s, "SELECT body, fetched_at FROM cache WHERE kind=?1 AND key=?2", p, 2);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERR_IO;
    if (rc == SQLITE_ROW) {
        *fetched_at = sqlite3_column_int64(st, 1);
        if (!seal_open(s->key, "cache", row, sqlite3_column_blob(st, 0),
                       (size_t)sqlite3_column_bytes(st, 0), body, len)) {
            fprintf(stderr, "paraf: store: cache entry %s cannot be opened\n", row);
            e = STORE_ERR_CRYPTO;
        }
    }
    sqlite3_finalize(st);
    if (e == STORE_OK && store_run(s,
                                   "UPDATE cache SET used_at=(SELECT max(used_at) + 1 FROM cache) "
                                   "WHERE kind=?1 AND key=?2",
                                   p, 2) != STORE_OK)
        store_log(s, "cache use");
    return e;
}

store_err store_cache_drop_item(store *s, const char *item_id)
{
    const char *p[] = {item_id};
    return store_run(s,
                     "DELETE FROM cache WHERE (kind='item' AND key=?1) OR (kind='page' AND "
                     "substr(key, 1, length(?1) + 1) = ?1 || '/')",
                     p, 1);
}

store_err store_cache_touch(store *s, const char *kind, const char *key, int64_t fetched_at)
{
    char at[24];
    snprintf(at, sizeof at, "%lld", (long long)fetched_at);
    const char *p[] = {kind, key, at};
    return store_run(s, "UPDATE cache SET fetched_at=CAST(?3 AS INTEGER) WHERE kind=?1 AND key=?2",
                     p, 3);
}

store_err store_cache_clear(store *s)
{
    return store_run(s, "DELETE FROM cache", NULL, 0);
}

store_err store_cache_drop_decided(store *s, const char *item_id)
{
    const char *p[] = {item_id};
    return store_run(s,
                     "DELETE FROM cache WHERE kind='decided' AND key IN "
                     "(SELECT decision_id FROM outbox WHERE item_id=?1)",
                     p, 1);
}

store_err store_cache_trim(store *s, int max_items)
{
    char n[16];
    snprintf(n, sizeof n, "%d", max_items < 0 ? 0 : max_items);
    const char *p[] = {n};
    /* Page keys are "item/n": keep the pages of the max_items items used last. */
    return store_run(s,
                     "DELETE FROM cache WHERE kind='page' AND substr(key, 1, instr(key, '/') - 1)"
                     " NOT IN (SELECT substr(key, 1, instr(key, '/') - 1) AS item FROM cache"
                     " WHERE kind='page' GROUP BY item ORDER BY max(used_at) DESC"
                     " LIMIT CAST(?1 AS INTEGER))",
                     p, 1);
}
