/* db: paraf-hub's SQLite store: schema, one mutex-guarded connection, transactions and small
 * query helpers. WAL with synchronous=FULL: a committed decision survives power loss. */
#include "db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hub_db {
    sqlite3 *s;
    pthread_mutex_t lock;
};

static const char schema[] =
    "PRAGMA foreign_keys=ON;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS officials(id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " json TEXT NOT NULL, disposisi INTEGER NOT NULL, tte_status TEXT NOT NULL,"
    " pass_salt BLOB, pass_hash BLOB);"
    "CREATE TABLE IF NOT EXISTS enroll_tokens(token_sha256 TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
    " profile TEXT NOT NULL, created_at TEXT NOT NULL, used_at TEXT, device_key_id TEXT);"
    "CREATE TABLE IF NOT EXISTS devices(key_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
    " profile TEXT NOT NULL, cert_pem TEXT NOT NULL, enrolled_at TEXT NOT NULL, last_seen TEXT,"
    " last_status TEXT);"
    "CREATE TABLE IF NOT EXISTS items(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, type TEXT NOT "
    "NULL,"
    " assignee TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', version INTEGER NOT NULL,"
    " summary TEXT NOT NULL, body TEXT NOT NULL, body_sha256 TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS items_inbox ON items(assignee, status, pos);"
    "CREATE TABLE IF NOT EXISTS attachments(item_id TEXT NOT NULL REFERENCES items(id), n INTEGER "
    "NOT "
    "NULL, mime TEXT NOT NULL, data BLOB NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY(item_id, n));"
    "CREATE TABLE IF NOT EXISTS decisions(decision_id TEXT PRIMARY KEY,"
    " item_id TEXT NOT NULL REFERENCES items(id), action TEXT NOT NULL, signer TEXT NOT NULL,"
    " device_key_id TEXT NOT NULL, payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,"
    " canonical TEXT NOT NULL, signature TEXT NOT NULL, received_at TEXT NOT NULL,"
    " response_status INTEGER NOT NULL, response_body TEXT NOT NULL);"
    "CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions"
    " BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
    "CREATE TABLE IF NOT EXISTS certified_signatures(decision_id TEXT PRIMARY KEY"
    " REFERENCES decisions(decision_id), item_id TEXT NOT NULL, document_sha256 TEXT NOT NULL,"
    " signer TEXT NOT NULL, signed_at TEXT NOT NULL, signature TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS timeline(item_id TEXT NOT NULL, at TEXT NOT NULL, json TEXT NOT "
    "NULL);"
    "CREATE TABLE IF NOT EXISTS services(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, json TEXT NOT "
    "NULL);"
    "CREATE TABLE IF NOT EXISTS announcements(id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS assignments(id TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " assignee TEXT NOT NULL, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS field_reports(report_id TEXT PRIMARY KEY, assignment_id TEXT NOT "
    "NULL,"
    " device_key_id TEXT NOT NULL, payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,"
    " received_at TEXT NOT NULL, complete_at TEXT, canonical TEXT, signature TEXT);"
    "CREATE TABLE IF NOT EXISTS field_files(report_id TEXT NOT NULL REFERENCES "
    "field_reports(report_id),"
    " name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL, data "
    "BLOB,"
    " PRIMARY KEY(report_id, name));"
    "CREATE TABLE IF NOT EXISTS heartbeats(key_id TEXT PRIMARY KEY REFERENCES devices(key_id),"
    " user_id TEXT NOT NULL, received_at TEXT NOT NULL, json TEXT NOT NULL);";

static void log_sql(sqlite3 *s, const char *what)
{
    fprintf(stderr, "paraf-hub: database: %s: %s\n", what, sqlite3_errmsg(s));
}

/* Databases made before heartbeats kept only the latest one per device have a log table
 * heartbeats(device_key_id, at, json). It is renamed to heartbeats_v0 (kept, never read) so that
 * the schema below creates the current table. */
static int migrate(sqlite3 *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s,
                           "SELECT count(*) FROM pragma_table_info('heartbeats') "
                           "WHERE name='device_key_id'",
                           -1, &st, NULL) != SQLITE_OK) {
        log_sql(s, "inspect heartbeats");
        return -1;
    }
    int old = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (old <= 0)
        return old;
    fprintf(stderr, "paraf-hub: database: keeping the old heartbeat log as heartbeats_v0\n");
    if (sqlite3_exec(s, "ALTER TABLE heartbeats RENAME TO heartbeats_v0", NULL, NULL, NULL) !=
        SQLITE_OK) {
        log_sql(s, "rename heartbeats");
        return -1;
    }
    return 0;
}

/* Field reports stored before reports were signed have no canonical and signature columns; they
 * are added (NULL for those reports). */
static int migrate_field_reports(sqlite3 *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s,
                           "SELECT count(*), coalesce(sum(name='canonical'), 0) "
                           "FROM pragma_table_info('field_reports')",
                           -1, &st, NULL) != SQLITE_OK) {
        log_sql(s, "inspect field_reports");
        return -1;
    }
    bool row = sqlite3_step(st) == SQLITE_ROW;
    int cols = row ? sqlite3_column_int(st, 0) : -1, have = row ? sqlite3_column_int(st, 1) : 0;
    sqlite3_finalize(st);
    if (cols <= 0 || have)
        return cols < 0 ? -1 : 0;
    if (sqlite3_exec(s,
                     "ALTER TABLE field_reports ADD COLUMN canonical TEXT;"
                     "ALTER TABLE field_reports ADD COLUMN signature TEXT;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        log_sql(s, "add columns to field_reports");
        return -1;
    }
    return 0;
}

hub_db *db_open(const char *path)
{
    hub_db *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    int rc = sqlite3_open_v2(
        path, &db->s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "paraf-hub: cannot open database %s: %s\n", path,
                db->s ? sqlite3_errmsg(db->s) : sqlite3_errstr(rc));
        sqlite3_close(db->s);
        free(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->s, 5000);
    char *err = NULL;
    if (sqlite3_exec(db->s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                     &err) != SQLITE_OK ||
        migrate(db->s) != 0 || migrate_field_reports(db->s) != 0 ||
        sqlite3_exec(db->s, schema, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "paraf-hub: cannot prepare database %s: %s\n", path, err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(db->s);
        free(db);
        return NULL;
    }
    pthread_mutex_init(&db->lock, NULL);
    return db;
}

void db_close(hub_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->s);
    pthread_mutex_destroy(&db->lock);
    free(db);
}

static sqlite3_stmt *prep(sqlite3 *s, const char *sql, const char *const *params, int n)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) != SQLITE_OK) {
        log_sql(s, "prepare");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        int rc = params[i] ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT)
                           : sqlite3_bind_null(st, i + 1);
        if (rc != SQLITE_OK) {
            log_sql(s, "bind");
            sqlite3_finalize(st);
            return NULL;
        }
    }
    return st;
}

static db_err step_done(sqlite3 *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    db_err e = DB_OK;
    if (rc == SQLITE_CONSTRAINT) {
        e = DB_CONFLICT;
    } else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_sql(s, "step");
        e = DB_ERROR;
    }
    sqlite3_finalize(st);
    return e;
}

db_err db_s_exec(sqlite3 *s, const char *sql, const char *const *params, int n)
{
    sqlite3_stmt *st = prep(s, sql, params, n);
    return st ? step_done(s, st) : DB_ERROR;
}

db_err db_s_text(sqlite3 *s, const char *sql, const char *const *params, int n, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = prep(s, sql, params, n);
    if (!st)
        return DB_ERROR;
    db_err e = DB_NOT_FOUND;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        int len = sqlite3_column_bytes(st, 0);
        e = DB_OK;
        if (t) {
            *out = malloc((size_t)len + 1);
            if (*out) {
                memcpy(*out, t, (size_t)len);
                (*out)[len] = '\0';
            } else {
                e = DB_ERROR;
            }
        }
    } else if (rc != SQLITE_DONE) {
        log_sql(s, "query");
        e = DB_ERROR;
    }
    sqlite3_finalize(st);
    return e;
}

db_err db_s_insert_blob(sqlite3 *s, const char *sql, const char *const *params, int n,
                        const void *blob, size_t blob_len)
{
    sqlite3_stmt *st = prep(s, sql, params, n);
    if (!st)
        return DB_ERROR;
    if (sqlite3_bind_blob64(st, n + 1, blob, blob_len, SQLITE_TRANSIENT) != SQLITE_OK) {
        log_sql(s, "bind blob");
        sqlite3_finalize(st);
        return DB_ERROR;
    }
    return step_done(s, st);
}

db_err db_tx(hub_db *db, db_err (*fn)(sqlite3 *s, void *arg), void *arg)
{
    pthread_mutex_lock(&db->lock);
    db_err e = DB_ERROR;
    if (sqlite3_exec(db->s, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        log_sql(db->s, "begin");
        goto out;
    }
    e = fn(db->s, arg);
    if (e == DB_OK && sqlite3_exec(db->s, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        log_sql(db->s, "commit");
        e = DB_ERROR;
    }
    if (e != DB_OK)
        sqlite3_exec(db->s, "ROLLBACK", NULL, NULL, NULL);
out:
    pthread_mutex_unlock(&db->lock);
    return e;
}

db_err db_exec(hub_db *db, const char *sql, const char *const *params, int n)
{
    pthread_mutex_lock(&db->lock);
    db_err e = db_s_exec(db->s, sql, params, n);
    pthread_mutex_unlock(&db->lock);
    return e;
}

db_err db_query_text(hub_db *db, const char *sql, const char *const *params, int n, char **out)
{
    pthread_mutex_lock(&db->lock);
    db_err e = db_s_text(db->s, sql, params, n, out);
    pthread_mutex_unlock(&db->lock);
    return e;
}

db_err db_query_blob(hub_db *db, const char *sql, const char *const *params, int n,
                     unsigned char **out, size_t *len, char **second_col)
{
    *out = NULL;
    *len = 0;
    if (second_col)
        *second_col = NULL;
    pthread_mutex_lock(&db->lock);
    db_err e = DB_ERROR;
    sqlite3_stmt *st = prep(db->s, sql, params, n);
    if (!st)
        goto out;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(st, 0);
        size_t bl = (size_t)sqlite3_column_bytes(st, 0);
        *out = malloc(bl ? bl : 1);
        if (*out) {
            if (bl)
                memcpy(*out, b, bl);
            *len = bl;
            e = DB_OK;
        }
        if (e == DB_OK && second_col && sqlite3_column_count(st) > 1) {
            const unsigned char *t = sqlite3_column_text(st, 1);
            *second_col = t ? strdup((const char *)t) : NULL;
        }
    } else if (rc == SQLITE_DONE) {
        e = DB_NOT_FOUND;
    } else {
        log_sql(db->s, "query");
    }
    sqlite3_finalize(st);
out:
    pthread_mutex_unlock(&db->lock);
    return e;
}

db_err db_query_json_array(hub_db *db, const char *sql, const char *const *params, int n,
                           char **out)
{
    *out = NULL;
    pthread_mutex_lock(&db->lock);
    db_err e = DB_ERROR;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    sqlite3_stmt *st = buf ? prep(db->s, sql, params, n) : NULL;
    if (!st)
        goto out;
    buf[len++] = '[';
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        size_t tl = (size_t)sqlite3_column_bytes(st, 0);
        if (!t)
            continue;
        if (len + tl + 3 > cap) {
            while (len + tl + 3 > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                goto out;
            buf = nb;
        }
        if (len > 1)
            buf[len++] = ',';
        memcpy(buf + len, t, tl);
        len += tl;
    }
    if (rc != SQLITE_DONE) {
        log_sql(db->s, "query");
        goto out;
    }
    buf[len++] = ']';
    buf[len] = '\0';
    *out = buf;
    buf = NULL;
    e = DB_OK;
out:
    sqlite3_finalize(st);
    free(buf);
    pthread_mutex_unlock(&db->lock);
    return e;
}

db_err db_query_each(hub_db *db, const char *sql, const char *const *params, int n,
                     void (*fn)(const char *text, void *arg), void *arg)
{
    pthread_mutex_lock(&db->lock);
    db_err e = DB_ERROR;
    sqlite3_stmt *st = prep(db->s, sql, params, n);
    if (st) {
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            fn(t ? (const char *)t : "", arg);
        }
        if (rc == SQLITE_DONE)
            e = DB_OK;
        else
            log_sql(db->s, "query");
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&db->lock);
    return e;
}

int64_t db_counter_get(hub_db *db, const char *name)
{
    char *v = NULL;
    const char *p[] = {name};
    int64_t n = 0;
    if (db_query_text(db, "SELECT value FROM meta WHERE key=?1", p, 1, &v) == DB_OK && v)
        n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

db_err db_s_counter_bump(sqlite3 *s, const char *name, int64_t *new_value)
{
    const char *p[] = {name};
    db_err e =
        db_s_exec(s,
                  "INSERT INTO meta(key, value) VALUES(?1, '1') ON CONFLICT(key) DO UPDATE SET "
                  "value = CAST(value AS INTEGER) + 1",
                  p, 1);
    if (e != DB_OK)
        return e;
    char *v = NULL;
    e = db_s_text(s, "SELECT value FROM meta WHERE key=?1", p, 1, &v);
    if (e == DB_OK && new_value)
        *new_value = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    return e;
}
