/* store: SQLite in WAL mode with synchronous=FULL, so a row committed before the screen says
 * "saved" survives power loss. The PIN is kept only as PBKDF2-HMAC-SHA256 with a random salt,
 * compared in constant time. Key and certificate files are replaced atomically with fsync of the
 * file and its directory. */
#include "store.h"

#include "crypto.h"
#include "seal.h"
#include "store_int.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STORE_SALT_LEN 16
#define STORE_HASH_LEN 32

/* The schema version this code writes (PRAGMA user_version); older stores are migrated. */
#define STORE_VERSION 4

/* v1: identity, PIN hash, outbox with plain bodies (the schema before versioning). */
static const char store_v1[] =
    "CREATE TABLE IF NOT EXISTS identity(id INTEGER PRIMARY KEY CHECK(id=1),"
    " user_id TEXT NOT NULL, profile TEXT NOT NULL, key_id TEXT NOT NULL,"
    " enrolled_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS pin(id INTEGER PRIMARY KEY CHECK(id=1), salt BLOB NOT NULL,"
    " hash BLOB NOT NULL, iterations INTEGER NOT NULL, failed_count INTEGER NOT NULL DEFAULT 0,"
    " locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS outbox(decision_id TEXT PRIMARY KEY, item_id TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK(kind IN ('decision','sign')), body TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK(state IN ('pending','accepted','rejected')),"
    " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);";

/* v2: outbox bodies sealed (a BLOB), the states sending and conflict; the content cache. The
 * rows are copied by store_migrate_v2, which seals each body. */
static const char store_v2[] =
    "CREATE TABLE outbox_v2(decision_id TEXT PRIMARY KEY, item_id TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK(kind IN ('decision','sign')), body BLOB NOT NULL,"
    " state TEXT NOT NULL"
    " CHECK(state IN ('pending','sending','accepted','rejected','conflict')),"
    " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE cache(kind TEXT NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL,"
    " fetched_at INTEGER NOT NULL, used_at INTEGER NOT NULL, PRIMARY KEY(kind, key));";

/* v3: each outbox row keeps the title the user saw when deciding (sealed under (outbox-label,
 * decision_id); NULL in rows from v2), so the outbox screen needs no lookups in the cache. */
static const char store_v3[] = "ALTER TABLE outbox ADD COLUMN label BLOB;";

/* v4: the field profile's reports (store_field.c). A report's answers are sealed under (report,
 * report_id), its request once submitted under (report-request, report_id), each photo's JPEG
 * under (report-file, report_id/name); data becomes NULL once the hub has the whole report. */
static const char store_v4[] =
    "CREATE TABLE reports(report_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
    " assignment_id TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK(state IN ('draft','waiting','sent','rejected')),"
    " body BLOB NOT NULL, request BLOB, attempts INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX reports_user ON reports(user_id, state, updated_at);"
    "CREATE TABLE report_files(report_id TEXT NOT NULL, name TEXT NOT NULL,"
    " pos INTEGER NOT NULL, field TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " size INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, data BLOB,"
    " sent INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(report_id, name));";

void store_log(store *s, const char *what)
{
    fprintf(stderr, "paraf: store: %s: %s\n", what, s && s->db ? sqlite3_errmsg(s->db) : "-");
}

store_err store_sqlite_err(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return STORE_ERR_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        return STORE_ERR_READONLY;
    default:
        return STORE_ERR_IO;
    }
}

const char *store_err_code(store_err e)
{
    return e == STORE_ERR_FULL ? "disk_full" : e == STORE_ERR_READONLY ? "read_only" : "io";
}

/* Prepares sql and binds text parameters ?1..?n (NULL binds SQL NULL). */
sqlite3_stmt *store_prepare(store *s, const char *sql, const char *const *p, int n)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        store_log(s, "prepare");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (sqlite3_bind_text(st, i + 1, p[i], -1, SQLITE_TRANSIENT) != SQLITE_OK) {
            store_log(s, "bind");
            sqlite3_finalize(st);
            return NULL;
        }
    }
    return st;
}

/* Runs a statement that returns no rows. */
store_err store_run(store *s, const char *sql, const char *const *p, int n)
{
    sqlite3_stmt *st = store_prepare(s, sql, p, n);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_log(s, sql);
        return store_sqlite_err(rc);
    }
    return STORE_OK;
}

/* Runs several statements (a migration's script). */
static store_err store_exec(store *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "paraf: store: migration: %s\n", msg ? msg : "-");
    sqlite3_free(msg);
    return rc == SQLITE_OK ? STORE_OK : store_sqlite_err(rc);
}

static void store_copy(char *dst, size_t cap, const unsigned char *src)
{
    snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

/* Loads DATA/cache.key, or makes a new random one (0600, written atomically) when there is none. */
static store_err store_key_load(store *s, const char *dir, char *err, size_t cap)
{
    char path[600];
    uint8_t buf[SEAL_KEY_LEN + 1];
    int n = snprintf(path, sizeof path, "%s/cache.key", dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return STORE_ERR_IO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t got = read(fd, buf, sizeof buf);
        close(fd);
        bool ok = got == SEAL_KEY_LEN;
        if (ok)
            memcpy(s->key, buf, SEAL_KEY_LEN);
        crypto_zero(buf, sizeof buf);
        if (!ok)
            snprintf(err, cap, "%s is damaged (not %d bytes)", path, SEAL_KEY_LEN);
        return ok ? STORE_OK : STORE_ERR_CRYPTO;
    }
    if (errno != ENOENT) {
        snprintf(err, cap, "cannot read %s: %s", path, strerror(errno));
        return errno == EROFS || errno == EACCES ? STORE_ERR_READONLY : STORE_ERR_IO;
    }
    if (crypto_random(s->key, SEAL_KEY_LEN) != CRYPTO_OK) {
        snprintf(err, cap, "no random bytes for the cache key");
        return STORE_ERR_CRYPTO;
    }
    store_err e = store_file_write(dir, "cache.key", (const char *)s->key, SEAL_KEY_LEN, 0600);
    if (e != STORE_OK)
        snprintf(err, cap, "cannot write %s (%s)", path, store_err_code(e));
    return e;
}

/* v1 -> v2: copies the outbox into its v2 table, sealing each body under (outbox, decision_id). */
static store_err store_migrate_v2(store *s)
{
    store_err e = store_exec(s, store_v2);
    sqlite3_stmt *rd = NULL, *wr = NULL;
    if (e != STORE_OK)
        return e;
    e = STORE_ERR_IO;
    rd = store_prepare(s,
                       "SELECT decision_id, item_id, kind, body, state, attempts, last_error, "
                       "created_at, updated_at FROM outbox ORDER BY rowid",
                       NULL, 0);
    wr = store_prepare(s,
                       "INSERT INTO outbox_v2(decision_id, item_id, kind, body, state, attempts, "
                       "last_error, created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                       NULL, 0);
    int rc = SQLITE_ERROR;
    while (rd && wr && (rc = sqlite3_step(rd)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(rd, 0);
        const void *body = sqlite3_column_blob(rd, 3);
        size_t blen = (size_t)sqlite3_column_bytes(rd, 3);
        uint8_t *sealed = NULL;
        size_t slen = 0;
        if (!id || !seal_box(s->key, "outbox", id, body ? body : "", blen, &sealed, &slen)) {
            rc = SQLITE_ERROR;
            break;
        }
        for (int c = 0; c < 9; c++)
            rc = c == 3 ? sqlite3_bind_blob(wr, 4, sealed, (int)slen, SQLITE_TRANSIENT)
                        : sqlite3_bind_value(wr, c + 1, sqlite3_column_value(rd, c));
        free(sealed);
        if (rc != SQLITE_OK || (rc = sqlite3_step(wr)) != SQLITE_DONE) {
            store_log(s, "migrate outbox");
            break;
        }
        sqlite3_reset(wr);
        rc = SQLITE_ROW;
    }
    if (rc == SQLITE_DONE)
        e = STORE_OK;
    else
        e = store_sqlite_err(rc);
    sqlite3_finalize(rd);
    sqlite3_finalize(wr);
    if (e == STORE_OK)
        e = store_run(s, "DROP TABLE outbox", NULL, 0);
    if (e == STORE_OK)
        e = store_run(s, "ALTER TABLE outbox_v2 RENAME TO outbox", NULL, 0);
    return e;
}

/* Brings the schema to STORE_VERSION in one transaction (all migrations or none). */
static store_err store_migrate(store *s, char *err, size_t cap)
{
    sqlite3_stmt *st = store_prepare(s, "PRAGMA user_version", NULL, 0);
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (v < 0 || v > STORE_VERSION) {
        snprintf(err, cap, "%s",
                 v < 0 ? "cannot read the schema version"
                       : "the store is from a newer program version");
        return v < 0 ? store_sqlite_err(rc) : STORE_ERR_IO;
    }
    if (v == STORE_VERSION)
        return STORE_OK;
    store_err e = store_run(s, "BEGIN IMMEDIATE", NULL, 0);
    /* v0 is a new file or a store from before versioning: v1's tables exist or are made. */
    if (e == STORE_OK && v < 1)
        e = store_exec(s, store_v1);
    if (e == STORE_OK && v < 2)
        e = store_migrate_v2(s);
    if (e == STORE_OK && v < 3)
        e = store_exec(s, store_v3);
    if (e == STORE_OK && v < 4)
        e = store_exec(s, store_v4);
    char sql[40];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_VERSION);
    if (e == STORE_OK)
        e = store_run(s, sql, NULL, 0);
    if (e == STORE_OK)
        e = store_run(s, "COMMIT", NULL, 0);
    if (e != STORE_OK) {
        snprintf(err, cap, "cannot migrate the store from version %d (%s)", v, store_err_code(e));
        if (!sqlite3_get_autocommit(s->db) && store_run(s, "ROLLBACK", NULL, 0) != STORE_OK)
            store_log(s, "rollback");
        return e;
    }
    /* With secure_delete the old plain bodies are zeroed; the checkpoint moves that to the file. */
    if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
        store_log(s, "checkpoint");
    return STORE_OK;
}

store *store_open(const char *data_dir, char *err, size_t cap)
{
    store_err e;
    return store_open2(data_dir, err, cap, &e);
}

store *store_open2(const char *data_dir, char *err, size_t cap, store_err *why)
{
    char path[600];
    *why = STORE_ERR_IO;
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, cap, "out of memory");
        goto fail;
    }
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
        *why = errno == EROFS || errno == EACCES ? STORE_ERR_READONLY
               : errno == ENOSPC                 ? STORE_ERR_FULL
                                                 : STORE_ERR_IO;
        snprintf(err, cap, "cannot create %s: %s", data_dir, strerror(errno));
        goto fail;
    }
    int n = snprintf(path, sizeof path, "%s/device.db", data_dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        snprintf(err, cap, "data directory path too long");
        goto fail;
    }
    if ((*why = store_key_load(s, data_dir, err, cap)) != STORE_OK)
        goto fail;
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        *why = store_sqlite_err(rc);
        snprintf(err, cap, "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "-");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* WAL + FULL: a commit is on disk when sqlite3_step returns (tech-notes, Storage).
     * secure_delete: deleted content (old cache entries, replaced rows) is overwritten. */
    char *msg = NULL;
    rc = sqlite3_exec(s->db,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                      "PRAGMA secure_delete=ON;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        *why = store_sqlite_err(rc);
        snprintf(err, cap, "cannot prepare %s: %s", path, msg ? msg : "-");
        sqlite3_free(msg);
        goto fail;
    }
    if ((*why = store_migrate(s, err, cap)) != STORE_OK)
        goto fail;
    return s;
fail:
    store_close(s);
    return NULL;
}

void store_close(store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    crypto_zero(s->key, sizeof s->key);
    free(s);
}

store_err store_identity_get(store *s, store_identity *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_prepare(
        s, "SELECT user_id, profile, key_id, enrolled_at FROM identity WHERE id=1", NULL, 0);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERR_IO;
    if (rc == SQLITE_ROW) {
        store_copy(out->user_id, sizeof out->user_id, sqlite3_column_text(st, 0));
        store_copy(out->profile, sizeof out->profile, sqlite3_column_text(st, 1));
        store_copy(out->key_id, sizeof out->key_id, sqlite3_column_text(st, 2));
        out->enrolled_at = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    return e;
}

store_err store_identity_set(store *s, const store_identity *id)
{
    char at[24];
    snprintf(at, sizeof at, "%lld", (long long)id->enrolled_at);
    const char *p[] = {id->user_id, id->profile, id->key_id, at};
    return store_run(s,
                     "INSERT OR REPLACE INTO identity(id, user_id, profile, key_id, enrolled_at) "
                     "VALUES(1, ?1, ?2, ?3, ?4)",
                     p, 4);
}

store_err store_pin_set(store *s, const char *pin, size_t len)
{
    uint8_t salt[STORE_SALT_LEN], hash[STORE_HASH_LEN];
    store_err e = STORE_ERR_CRYPTO;
    sqlite3_stmt *st = NULL;
    if (crypto_random(salt, sizeof salt) != CRYPTO_OK ||
        crypto_pbkdf2(pin, len, salt, sizeof salt, STORE_PIN_ITERATIONS, hash, sizeof hash) !=
            CRYPTO_OK)
        goto out;
    e = STORE_ERR_IO;
    st = store_prepare(s,
                       "INSERT OR REPLACE INTO pin(id, salt, hash, iterations, failed_count, "
                       "locked_until) VALUES(1, ?1, ?2, ?3, 0, 0)",
                       NULL, 0);
    if (!st || sqlite3_bind_blob(st, 1, salt, sizeof salt, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_bind_int(st, 3, STORE_PIN_ITERATIONS) != SQLITE_OK)
        goto out;
    if (sqlite3_step(st) != SQLITE_DONE) {
        store_log(s, "pin set");
        goto out;
    }
    e = STORE_OK;
out:
    sqlite3_finalize(st);
    crypto_zero(hash, sizeof hash);
    return e;
}

bool store_pin_exists(store *s)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM pin WHERE id=1", NULL, 0);
    bool yes = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

store_err store_pin_check(store *s, const char *pin, size_t len, bool *ok, int *failed)
{
    uint8_t salt[STORE_SALT_LEN], want[STORE_HASH_LEN], got[STORE_HASH_LEN];
    store_err e = STORE_ERR_IO;
    *ok = false;
    *failed = 0;
    sqlite3_stmt *st = store_prepare(
        s, "SELECT salt, hash, iterations, failed_count FROM pin WHERE id=1", NULL, 0);
    if (!st)
        goto out;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        e = rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERR_IO;
        goto out;
    }
    int iterations = sqlite3_column_int(st, 2);
    if (sqlite3_column_bytes(st, 0) != (int)sizeof salt ||
        sqlite3_column_bytes(st, 1) != (int)sizeof want || iterations < 1) {
        fprintf(stderr, "paraf: store: the stored PIN record is damaged\n");
        goto out;
    }
    memcpy(salt, sqlite3_column_blob(st, 0), sizeof salt);
    memcpy(want, sqlite3_column_blob(st, 1), sizeof want);
    sqlite3_finalize(st);
    st = NULL;
    e = STORE_ERR_CRYPTO;
    if (crypto_pbkdf2(pin, len, salt, sizeof salt, (unsigned)iterations, got, sizeof got) !=
        CRYPTO_OK)
        goto out;
    /* Constant time: every byte is compared whatever the first difference. */
    unsigned diff = 0;
    for (size_t i = 0; i < sizeof got; i++)
        diff |= (unsigned)(got[i] ^ want[i]);
    *ok = diff == 0;
    e = store_run(s,
                  *ok ? "UPDATE pin SET failed_count=0 WHERE id=1"
                      : "UPDATE pin SET failed_count=failed_count+1 WHERE id=1",
                  NULL, 0);
    if (e != STORE_OK)
        goto out;
    st = store_prepare(s, "SELECT failed_count FROM pin WHERE id=1", NULL, 0);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        *failed = sqlite3_column_int(st, 0);
out:
    sqlite3_finalize(st);
    crypto_zero(want, sizeof want);
    crypto_zero(got, sizeof got);
    return e;
}

store_err store_outbox_add(store *s, const char *decision_id, const char *item_id, outbox_kind kind,
                           const char *body, const char *label)
{
    char now[24], state[16];
    uint8_t *sealed = NULL, *sealed_label = NULL;
    size_t slen = 0, llen = 0;
    snprintf(now, sizeof now, "%lld", (long long)time(NULL));
    const char *k = kind == OUTBOX_SIGN ? "sign" : "decision";
    const char *p[] = {decision_id, item_id, k, NULL, now};
    /* The body (with its note and signature) is sealed under (outbox, decision id). */
    if (!label)
        label = "";
    if (!seal_box(s->key, "outbox", decision_id, body, strlen(body), &sealed, &slen) ||
        !seal_box(s->key, "outbox-label", decision_id, label, strlen(label), &sealed_label,
                  &llen)) {
        free(sealed);
        return STORE_ERR_CRYPTO;
    }
    /* One IMMEDIATE transaction: the check and the write cannot interleave with another writer. */
    store_err e = store_run(s, "BEGIN IMMEDIATE", NULL, 0);
    if (e != STORE_OK) {
        free(sealed);
        free(sealed_label);
        return e;
    }
    e = store_outbox_state(s, decision_id, state, sizeof state);
    if (e == STORE_OK && strcmp(state, "rejected") != 0 && strcmp(state, "conflict") != 0) {
        e = STORE_EXISTS;
    } else if (e == STORE_OK || e == STORE_NOT_FOUND) {
        sqlite3_stmt *st =
            store_prepare(s,
                          "INSERT OR REPLACE INTO outbox(decision_id, item_id, kind, body, state, "
                          "attempts, last_error, created_at, updated_at, label) "
                          "VALUES(?1, ?2, ?3, ?4, 'pending', 0, '', ?5, ?5, ?6)",
                          p, 5);
        int rc = st ? sqlite3_bind_blob(st, 4, sealed, (int)slen, SQLITE_TRANSIENT) : SQLITE_ERROR;
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_blob(st, 6, sealed_label, (int)llen, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        sqlite3_finalize(st);
        e = rc == SQLITE_DONE ? STORE_OK : store_sqlite_err(rc);
        if (e != STORE_OK)
            store_log(s, "outbox add");
    }
    free(sealed);
    free(sealed_label);
    if (e == STORE_OK)
        e = store_run(s, "COMMIT", NULL, 0);
    if (e != STORE_OK && !sqlite3_get_autocommit(s->db) &&
        store_run(s, "ROLLBACK", NULL, 0) != STORE_OK)
        store_log(s, "rollback");
    return e;
}

static store_err store_outbox_final(store *s, const char *decision_id, const char *state,
                                    const char *code)
{
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)time(NULL));
    const char *p[] = {decision_id, state, code ? code : "", now};
    return store_run(s,
                     "UPDATE outbox SET state=?2, last_error=?3, updated_at=?4 "
                     "WHERE decision_id=?1",
                     p, 4);
}

store_err store_outbox_accept(store *s, const char *decision_id)
{
    return store_outbox_final(s, decision_id, "accepted", "");
}

store_err store_outbox_reject(store *s, const char *decision_id, const char *code)
{
    return store_outbox_final(s, decision_id, "rejected", code);
}

store_err store_outbox_conflict(store *s, const char *decision_id, const char *code)
{
    return store_outbox_final(s, decision_id, "conflict", code);
}

store_err store_outbox_attempt(store *s, const char *decision_id, const char *why)
{
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)time(NULL));
    const char *p[] = {decision_id, why ? why : "", now};
    return store_run(s,
                     "UPDATE outbox SET attempts=attempts+1, last_error=?2, updated_at=?3 "
                     "WHERE decision_id=?1 AND state='pending'",
                     p, 3);
}

/* The rows `tail` (a WHERE/ORDER BY clause) selects, bodies opened. */
static store_err store_outbox_query(store *s, const char *tail, outbox_row **rows, size_t *count)
{
    char sql[400];
    *rows = NULL;
    *count = 0;
    size_t cap = 0;
    store_err e = STORE_ERR_IO;
    snprintf(sql, sizeof sql,
             "SELECT decision_id, item_id, kind, body, attempts, state, last_error, created_at, "
             "updated_at, label FROM outbox %s",
             tail);
    sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
    if (!st)
        goto out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            outbox_row *nr = realloc(*rows, ncap * sizeof *nr);
            if (!nr)
                goto out;
            *rows = nr;
            cap = ncap;
        }
        outbox_row *r = &(*rows)[*count];
        memset(r, 0, sizeof *r);
        store_copy(r->decision_id, sizeof r->decision_id, sqlite3_column_text(st, 0));
        store_copy(r->item_id, sizeof r->item_id, sqlite3_column_text(st, 1));
        const unsigned char *k = sqlite3_column_text(st, 2);
        r->kind = k && strcmp((const char *)k, "sign") == 0 ? OUTBOX_SIGN : OUTBOX_DECISION;
        r->attempts = sqlite3_column_int(st, 4);
        store_copy(r->state, sizeof r->state, sqlite3_column_text(st, 5));
        store_copy(r->last_error, sizeof r->last_error, sqlite3_column_text(st, 6));
        r->created_at = sqlite3_column_int64(st, 7);
        r->updated_at = sqlite3_column_int64(st, 8);
        uint8_t *body = NULL;
        size_t blen = 0;
        if (!seal_open(s->key, "outbox", r->decision_id, sqlite3_column_blob(st, 3),
                       (size_t)sqlite3_column_bytes(st, 3), &body, &blen)) {
            /* Altered, or sealed under another key: it cannot be sent; it stays for the log. */
            fprintf(stderr, "paraf: store: outbox row %s cannot be opened\n", r->decision_id);
            continue;
        }
        r->body = (char *)body;
        uint8_t *label = NULL;
        size_t llen = 0;
        if (sqlite3_column_type(st, 9) == SQLITE_BLOB &&
            seal_open(s->key, "outbox-label", r->decision_id, sqlite3_column_blob(st, 9),
                      (size_t)sqlite3_column_bytes(st, 9), &label, &llen)) {
            memcpy(r->label, label, llen < sizeof r->label ? llen : sizeof r->label - 1);
            free(label);
        }
        (*count)++;
    }
    if (rc == SQLITE_DONE)
        e = STORE_OK;
out:
    sqlite3_finalize(st);
    if (e != STORE_OK) {
        store_outbox_rows_free(*rows, *count);
        *rows = NULL;
        *count = 0;
    }
    return e;
}

store_err store_outbox_pending(store *s, outbox_row **rows, size_t *count)
{
    return store_outbox_query(s, "WHERE state='pending' ORDER BY created_at, rowid", rows, count);
}

store_err store_outbox_list(store *s, size_t max, outbox_row **rows, size_t *count)
{
    char tail[100];
    snprintf(tail, sizeof tail, "ORDER BY created_at DESC, rowid DESC LIMIT %zu", max);
    return store_outbox_query(s, tail, rows, count);
}

store_err store_outbox_latest(store *s, const char *item_id, outbox_row **row)
{
    char tail[200];
    size_t n = 0;
    *row = NULL;
    if (!wire_id_valid(item_id)) /* [A-Za-z0-9._-] only: safe inside the quotes below */
        return STORE_NOT_FOUND;
    snprintf(tail, sizeof tail, "WHERE item_id='%s' ORDER BY created_at DESC, rowid DESC LIMIT 1",
             item_id);
    store_err e = store_outbox_query(s, tail, row, &n);
    if (e == STORE_OK && n == 0) {
        store_outbox_rows_free(*row, 0);
        *row = NULL;
        e = STORE_NOT_FOUND;
    }
    return e;
}

void store_outbox_rows_free(outbox_row *rows, size_t count)
{
    for (size_t i = 0; rows && i < count; i++)
        free(rows[i].body);
    free(rows);
}

store_err store_outbox_state(store *s, const char *decision_id, char *out, size_t cap)
{
    const char *p[] = {decision_id};
    sqlite3_stmt *st = store_prepare(s, "SELECT state FROM outbox WHERE decision_id=?1", p, 1);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERR_IO;
    if (rc == SQLITE_ROW)
        store_copy(out, cap, sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return e;
}
