/* store: SQLite in WAL mode with synchronous=FULL, so a row committed before the screen says
 * "saved" survives power loss. The PIN is kept only as PBKDF2-HMAC-SHA256 with a random salt,
 * compared in constant time. Key and certificate files are replaced atomically with fsync of the
 * file and its directory. */
#include "store.h"

#include "crypto.h"

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

struct store {
    sqlite3 *db;
};

static const char store_schema[] =
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

static void store_log(store *s, const char *what)
{
    fprintf(stderr, "paraf: store: %s: %s\n", what, s && s->db ? sqlite3_errmsg(s->db) : "-");
}

/* Prepares sql and binds text parameters ?1..?n (NULL binds SQL NULL). */
static sqlite3_stmt *store_prepare(store *s, const char *sql, const char *const *p, int n)
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
static store_err store_run(store *s, const char *sql, const char *const *p, int n)
{
    sqlite3_stmt *st = store_prepare(s, sql, p, n);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_log(s, sql);
        return STORE_ERR_IO;
    }
    return STORE_OK;
}

static void store_copy(char *dst, size_t cap, const unsigned char *src)
{
    snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

store *store_open(const char *data_dir, char *err, size_t cap)
{
    char path[600];
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, cap, "out of memory");
        goto fail;
    }
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, cap, "cannot create %s: %s", data_dir, strerror(errno));
        goto fail;
    }
    int n = snprintf(path, sizeof path, "%s/device.db", data_dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        snprintf(err, cap, "data directory path too long");
        goto fail;
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, cap, "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "-");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* WAL + FULL: a commit is on disk when sqlite3_step returns (tech-notes, Storage). */
    char *msg = NULL;
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                     &msg) != SQLITE_OK ||
        sqlite3_exec(s->db, store_schema, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, cap, "cannot prepare %s: %s", path, msg ? msg : "-");
        sqlite3_free(msg);
        goto fail;
    }
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
                           const char *body)
{
    char now[24], state[16];
    snprintf(now, sizeof now, "%lld", (long long)time(NULL));
    const char *k = kind == OUTBOX_SIGN ? "sign" : "decision";
    const char *p[] = {decision_id, item_id, k, body, now};
    /* One IMMEDIATE transaction: the check and the write cannot interleave with another writer. */
    if (store_run(s, "BEGIN IMMEDIATE", NULL, 0) != STORE_OK)
        return STORE_ERR_IO;
    store_err e = store_outbox_state(s, decision_id, state, sizeof state);
    if (e == STORE_OK && strcmp(state, "rejected") != 0) {
        e = STORE_EXISTS;
    } else if (e == STORE_OK || e == STORE_NOT_FOUND) {
        e = store_run(s,
                      "INSERT OR REPLACE INTO outbox(decision_id, item_id, kind, body, state, "
                      "attempts, last_error, created_at, updated_at) "
                      "VALUES(?1, ?2, ?3, ?4, 'pending', 0, '', ?5, ?5)",
                      p, 5);
    }
    if (e == STORE_OK)
        e = store_run(s, "COMMIT", NULL, 0);
    if (e != STORE_OK && store_run(s, "ROLLBACK", NULL, 0) != STORE_OK)
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

store_err store_outbox_pending(store *s, outbox_row **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    size_t cap = 0;
    store_err e = STORE_ERR_IO;
    sqlite3_stmt *st =
        store_prepare(s,
                      "SELECT decision_id, item_id, kind, body, attempts FROM outbox "
                      "WHERE state='pending' ORDER BY created_at, rowid",
                      NULL, 0);
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
        const unsigned char *b = sqlite3_column_text(st, 3);
        r->body = strdup(b ? (const char *)b : "");
        r->attempts = sqlite3_column_int(st, 4);
        (*count)++;
        if (!r->body)
            goto out;
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

store_err store_file_write(const char *dir, const char *name, const char *data, size_t len,
                           unsigned mode)
{
    char tmp[600], path[600];
    store_err e = STORE_ERR_IO;
    int fd = -1, dfd = -1;
    int a = snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    int b = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (a < 0 || b < 0 || (size_t)a >= sizeof tmp || (size_t)b >= sizeof path)
        goto out;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
    /* fchmod: the umask must not widen or narrow the mode asked for (0600 for the key). */
    if (fd < 0 || fchmod(fd, (mode_t)mode) != 0)
        goto out;
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto out;
        done += (size_t)w;
    }
    /* A failed fsync is fatal for this write (tech-notes, Storage): no blind retry. */
    if (fsync(fd) != 0)
        goto out;
    int c = close(fd);
    fd = -1;
    if (c != 0 || rename(tmp, path) != 0)
        goto out;
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0)
        goto out;
    e = STORE_OK;
out:
    if (e != STORE_OK)
        fprintf(stderr, "paraf: store: cannot write %s/%s: %s\n", dir, name, strerror(errno));
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    if (dfd >= 0)
        close(dfd);
    return e;
}

store_err store_file_read(const char *path, size_t max, char **out)
{
    *out = NULL;
    store_err e = STORE_ERR_IO;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        e = errno == ENOENT ? STORE_NOT_FOUND : STORE_ERR_IO;
        goto out;
    }
    buf = malloc(max + 1);
    if (!buf)
        goto out;
    size_t n = fread(buf, 1, max + 1, f);
    if (ferror(f) || n > max)
        goto out;
    buf[n] = '\0';
    *out = buf;
    buf = NULL;
    e = STORE_OK;
out:
    if (buf) {
        crypto_zero(buf, max + 1); /* it may have been a private key */
        free(buf);
    }
    if (f)
        fclose(f);
    return e;
}
