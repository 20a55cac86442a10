/* The device store on its own: AES-256-GCM sealing (seal.c), the cache key file, outbox bodies
 * sealed at rest (no known text in device.db, its WAL or any file in DATA), the sealed offline
 * cache (404 drop, LRU bound of pages), migration of a v1
 * store (plain bodies) to the current version in one transaction, of a v3 store to v4 (the field
 * reports), the reports themselves (frozen once submitted, photos, what the hub has, sealed at
 * rest), and storage failures on a small tmpfs: disk full and read-only (skipped with a message
 * when mounting is not permitted). */
#include "hubtest.h"
#include "image.h"
#include "seal.h"
#include "store.h"
#include "worker_int.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define NOTE  "Catatan rahasia: tunda pencairan dana hibah Desa Tegallalang"
#define TITLE "Laporan Realisasi PKB Triwulan III"
#define ID1   "11111111-1111-4111-8111-111111111111"
#define ID2   "22222222-2222-4222-8222-222222222222"

static void make_dir(char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/paraf-store-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (strncmp(dir, "/tmp/paraf-store-", 17) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static bool file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char *buf = malloc(8 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 8 << 20, fp), k = strlen(needle);
    fclose(fp);
    bool found = false;
    for (size_t at = 0; at + k <= n && !found; at++)
        found = memcmp(buf + at, needle, k) == 0;
    free(buf);
    return found;
}

/* Whether any regular file in dir (device.db, its WAL and shm, keys) holds the needle. */
static bool dir_contains(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        char path[600];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            found = file_contains(path, needle);
    }
    closedir(d);
    return found;
}

static store *open_ok(const char *dir)
{
    char err[300] = "";
    store *s = store_open(dir, err, sizeof err);
    if (!s)
        fail_msg("store_open(%s): %s", dir, err);
    return s;
}

static char *body_with(const char *note)
{
    char *b = malloc(600);
    assert_non_null(b);
    snprintf(b, 600,
             "{\"action\":\"acknowledge\",\"note\":\"%s\",\"title\":\"%s\",\"sig\":\"MEUC\"}", note,
             TITLE);
    return b;
}

static void test_seal(void **state)
{
    (void)state;
    uint8_t key[SEAL_KEY_LEN] = {1, 2, 3}, other[SEAL_KEY_LEN] = {9};
    uint8_t *box = NULL, *out = NULL;
    size_t blen = 0, olen = 0;
    assert_true(seal_box(key, "outbox", ID1, NOTE, strlen(NOTE), &box, &blen));
    assert_int_equal(blen, strlen(NOTE) + SEAL_OVERHEAD);
    for (size_t i = 0; i + 7 <= blen; i++)
        assert_memory_not_equal(box + i, "Catatan", 7);
    assert_true(seal_open(key, "outbox", ID1, box, blen, &out, &olen));
    assert_int_equal(olen, strlen(NOTE));
    assert_string_equal((char *)out, NOTE);
    free(out);
    /* Another row, another table, another key, a flipped bit: none opens. */
    assert_false(seal_open(key, "outbox", ID2, box, blen, &out, &olen));
    assert_false(seal_open(key, "cache", ID1, box, blen, &out, &olen));
    assert_false(seal_open(other, "outbox", ID1, box, blen, &out, &olen));
    box[SEAL_NONCE_LEN + 3] ^= 1;
    assert_false(seal_open(key, "outbox", ID1, box, blen, &out, &olen));
    assert_false(seal_open(key, "outbox", ID1, box, SEAL_OVERHEAD - 1, &out, &olen));
    assert_null(out);
    /* Two seals of the same text differ (a fresh nonce each time). */
    uint8_t *box2 = NULL;
    size_t blen2 = 0;
    assert_true(seal_box(key, "outbox", ID1, NOTE, strlen(NOTE), &box2, &blen2));
    assert_memory_not_equal(box, box2, SEAL_NONCE_LEN);
    free(box);
    free(box2);
}

static void test_outbox_sealed(void **state)
{
    (void)state;
    char dir[64], path[600];
    make_dir(dir, sizeof dir);
    store *s = open_ok(dir);
    char *body = body_with(NOTE);
    assert_int_equal(store_outbox_add(s, ID1, "item-1", OUTBOX_DECISION, body, TITLE), STORE_OK);
    assert_int_equal(store_outbox_add(s, ID1, "item-1", OUTBOX_DECISION, body, TITLE),
                     STORE_EXISTS);
    /* The key: 32 bytes, 0600, beside the database. */
    struct stat sb;
    snprintf(path, sizeof path, "%s/cache.key", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, SEAL_KEY_LEN);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* Nothing readable in device.db, device.db-wal or any other file, open or closed. */
    assert_false(dir_contains(dir, "Catatan rahasia"));
    assert_false(dir_contains(dir, TITLE));
    store_close(s);
    assert_false(dir_contains(dir, "Catatan rahasia"));
    assert_false(dir_contains(dir, TITLE));
    /* Reopened with the same key, the body comes back exactly. */
    s = open_ok(dir);
    outbox_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].decision_id, ID1);
    assert_string_equal(rows[0].label, TITLE); /* sealed like the body, searched for above */
    assert_string_equal(rows[0].body, body);
    store_outbox_rows_free(rows, n);
    store_close(s);
    /* A store whose key was replaced does not hand out garbage as a body. */
    uint8_t zero[SEAL_KEY_LEN] = {0};
    assert_int_equal(store_file_write(dir, "cache.key", (const char *)zero, sizeof zero, 0600),
                     STORE_OK);
    s = open_ok(dir);
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 0);
    store_outbox_rows_free(rows, n);
    store_close(s);
    /* A damaged key file is an error, never silently replaced. */
    assert_int_equal(store_file_write(dir, "cache.key", "short", 5, 0600), STORE_OK);
    char err[300] = "";
    store_err why = STORE_OK;
    assert_null(store_open2(dir, err, sizeof err, &why));
    assert_int_equal(why, STORE_ERR_CRYPTO);
    free(body);
    remove_dir(dir);
}

static bool cached(store *s, const char *kind, const char *key)
{
    uint8_t *b = NULL;
    size_t n = 0;
    int64_t at = 0;
    store_err e = store_cache_get(s, kind, key, &b, &n, &at);
    free(b);
    assert_true(e == STORE_OK || e == STORE_NOT_FOUND);
    return e == STORE_OK;
}

static void test_cache(void **state)
{
    (void)state;
    char dir[64], key[40];
    make_dir(dir, sizeof dir);
    store *s = open_ok(dir);
    char *body = body_with(NOTE);
    assert_int_equal(store_cache_put(s, "item", "itm-1", body, strlen(body), 1234), STORE_OK);
    assert_int_equal(store_cache_put(s, "page", "itm-1/1", "\x89PNG\0x", 6, 1235), STORE_OK);
    assert_int_equal(store_cache_put(s, "page", "itm-10/1", "other", 5, 1235), STORE_OK);
    uint8_t *b = NULL;
    size_t n = 0;
    int64_t at = 0;
    assert_int_equal(store_cache_get(s, "item", "itm-1", &b, &n, &at), STORE_OK);
    assert_int_equal(n, strlen(body));
    assert_string_equal((char *)b, body);
    assert_int_equal(at, 1234);
    free(b);
    assert_int_equal(store_cache_get(s, "page", "itm-1/1", &b, &n, &at), STORE_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(b, "\x89PNG\0x", 6);
    free(b);
    assert_int_equal(store_cache_get(s, "item", "itm-2", &b, &n, &at), STORE_NOT_FOUND);
    assert_false(dir_contains(dir, "Catatan rahasia"));
    assert_false(dir_contains(dir, TITLE));
    /* 404: the item and its pages go, another item whose id starts the same stays. */
    assert_int_equal(store_cache_drop_item(s, "itm-1"), STORE_OK);
    assert_false(cached(s, "item", "itm-1"));
    assert_false(cached(s, "page", "itm-1/1"));
    assert_true(cached(s, "page", "itm-10/1"));
    /* LRU: pages of the 3 items used last stay. */
    for (int i = 0; i < 6; i++) {
        snprintf(key, sizeof key, "it-%d/1", i);
        assert_int_equal(store_cache_put(s, "page", key, "p", 1, 1), STORE_OK);
        snprintf(key, sizeof key, "it-%d/2", i);
        assert_int_equal(store_cache_put(s, "page", key, "p", 1, 1), STORE_OK);
    }
    assert_true(cached(s, "page", "it-0/2")); /* it-0 used again: now among the newest */
    assert_int_equal(store_cache_trim(s, 3), STORE_OK);
    assert_true(cached(s, "page", "it-0/1"));
    assert_true(cached(s, "page", "it-5/1"));
    assert_true(cached(s, "page", "it-4/2"));
    assert_false(cached(s, "page", "it-3/1"));
    assert_false(cached(s, "page", "it-1/2"));
    assert_false(cached(s, "page", "itm-10/1"));
    store_close(s);
    free(body);
    remove_dir(dir);
}

/* Outbox backoff: min(60 s, 1 s x 2^(tries-1)) with +-25 % jitter. */
static void test_backoff(void **state)
{
    (void)state;
    static const int64_t base[] = {1000, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
    for (int tries = 1; tries <= 8; tries++) {
        bool varies = false;
        int64_t first = worker_backoff_ms(tries);
        for (int k = 0; k < 50; k++) {
            int64_t ms = worker_backoff_ms(tries);
            assert_true(ms >= base[tries] * 3 / 4 && ms <= base[tries] * 5 / 4);
            varies |= ms != first;
        }
        assert_true(varies);
    }
    assert_true(worker_backoff_ms(1000) <= 75000);
}

static void sql_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "-");
}

static int user_version(const char *dir)
{
    char path[600];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(path, sizeof path, "%s/device.db", dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void test_migrate_v1(void **state)
{
    (void)state;
    char dir[64], path[600], sql[1200];
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/device.db", dir);
    /* A store as the program wrote it before versioning: plain bodies, user_version 0. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sql_ok(db, "PRAGMA journal_mode=WAL;"
               "CREATE TABLE identity(id INTEGER PRIMARY KEY CHECK(id=1),"
               " user_id TEXT NOT NULL, profile TEXT NOT NULL, key_id TEXT NOT NULL,"
               " enrolled_at INTEGER NOT NULL);"
               "CREATE TABLE pin(id INTEGER PRIMARY KEY CHECK(id=1), salt BLOB NOT NULL,"
               " hash BLOB NOT NULL, iterations INTEGER NOT NULL,"
               " failed_count INTEGER NOT NULL DEFAULT 0,"
               " locked_until INTEGER NOT NULL DEFAULT 0);"
               "CREATE TABLE outbox(decision_id TEXT PRIMARY KEY, item_id TEXT NOT NULL,"
               " kind TEXT NOT NULL CHECK(kind IN ('decision','sign')), body TEXT NOT NULL,"
               " state TEXT NOT NULL CHECK(state IN ('pending','accepted','rejected')),"
               " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
               " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
               "INSERT INTO identity VALUES(1, 'sekda', 'approver', 'kid', 100);");
    char *body = body_with(NOTE);
    snprintf(sql, sizeof sql,
             "INSERT INTO outbox VALUES('%s', 'item-2', 'decision', '%s', 'pending', 3, 'x', 20, "
             "21); INSERT INTO outbox VALUES('%s', 'item-1', 'sign', '{}', 'accepted', 1, '', 10, "
             "11);",
             ID2, body, ID1);
    sql_ok(db, sql);
    sqlite3_close(db);
    assert_true(dir_contains(dir, "Catatan rahasia")); /* the search sees plain text */
    assert_int_equal(user_version(dir), 0);

    store *s = open_ok(dir);
    assert_int_equal(user_version(dir), 4);
    store_identity id;
    assert_int_equal(store_identity_get(s, &id), STORE_OK);
    assert_string_equal(id.user_id, "sekda");
    outbox_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].decision_id, ID2);
    assert_string_equal(rows[0].body, body);
    assert_int_equal(rows[0].attempts, 3);
    assert_string_equal(rows[0].label, ""); /* v3's label is empty for migrated rows */
    store_outbox_rows_free(rows, n);
    char st[16];
    assert_int_equal(store_outbox_state(s, ID1, st, sizeof st), STORE_OK);
    assert_string_equal(st, "accepted");
    /* The migrated bodies are sealed, and the old plain pages are gone. */
    assert_false(dir_contains(dir, "Catatan rahasia"));
    store_close(s);
    assert_false(dir_contains(dir, "Catatan rahasia"));
    /* Opening again does not migrate again. */
    s = open_ok(dir);
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    store_outbox_rows_free(rows, n);
    store_close(s);
    free(body);
    remove_dir(dir);
}

/* A v3 store (the program before field reports) gains the report tables; its outbox and cache
 * stay as they were. */
static void test_migrate_v3(void **state)
{
    (void)state;
    char dir[64], path[600];
    make_dir(dir, sizeof dir);
    store *s = open_ok(dir);
    char *body = body_with(NOTE);
    assert_int_equal(store_outbox_add(s, ID1, "item-1", OUTBOX_DECISION, body, TITLE), STORE_OK);
    assert_int_equal(store_cache_put(s, "inbox", "sekda", "{\"items\":[]}", 12, 77), STORE_OK);
    store_close(s);
    /* Back to exactly v3's schema: v4 only added the two tables and their index. */
    sqlite3 *db = NULL;
    snprintf(path, sizeof path, "%s/device.db", dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sql_ok(db, "DROP TABLE report_files; DROP TABLE reports; PRAGMA user_version=3;");
    sqlite3_close(db);
    assert_int_equal(user_version(dir), 3);
    s = open_ok(dir);
    assert_int_equal(user_version(dir), 4);
    outbox_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].body, body);
    assert_string_equal(rows[0].label, TITLE);
    store_outbox_rows_free(rows, n);
    uint8_t *got = NULL;
    size_t len = 0;
    int64_t at = 0;
    assert_int_equal(store_cache_get(s, "inbox", "sekda", &got, &len, &at), STORE_OK);
    assert_int_equal(at, 77);
    free(got);
    assert_int_equal(store_report_save(s, "petugas-01", ID2, "tgs-001", "{}", 5, 6), STORE_OK);
    report_row row;
    assert_int_equal(store_report_get(s, ID2, &row), STORE_OK);
    assert_int_equal(row.state, REPORT_DRAFT);
    store_report_row_free(&row);
    store_close(s);
    free(body);
    remove_dir(dir);
}

#define ANSWER "Jembatan desa retak di sisi timur"

/* Drafts, photos, submission (frozen), what the hub has, the final states; sealed at rest. */
static void test_reports(void **state)
{
    (void)state;
    char dir[64];
    make_dir(dir, sizeof dir);
    store *s = open_ok(dir);
    static uint8_t jpeg[3][20000];
    field_photo p[3];
    memset(p, 0, sizeof p);
    for (int i = 0; i < 3; i++) {
        memset(jpeg[i], 'J' + i, sizeof jpeg[i]);
        memcpy(jpeg[i], "\xFF\xD8\xFF\xE0--JFIF-marker--", 20);
        snprintf(p[i].name, sizeof p[i].name, "p0%d-abc.jpg", i + 1);
        snprintf(p[i].field, sizeof p[i].field, "foto");
        snprintf(p[i].sha256, sizeof p[i].sha256, "%064d", i);
        p[i].bytes = sizeof jpeg[i];
    }
    const char *json = "{\"catatan\":\"" ANSWER "\"}";
    assert_int_equal(store_report_save(s, "petugas-01", ID1, "tgs-001", json, 100, 101), STORE_OK);
    /* Another user's save of the same id, or another assignment, is refused. */
    assert_int_equal(store_report_save(s, "petugas-02", ID1, "tgs-001", "{}", 100, 102),
                     STORE_EXISTS);
    assert_int_equal(store_report_save(s, "petugas-01", ID1, "tgs-002", "{}", 100, 102),
                     STORE_EXISTS);
    for (int i = 0; i < 3; i++)
        assert_int_equal(store_report_photo_add(s, ID1, &p[i], jpeg[i], sizeof jpeg[i], 110 + i),
                         STORE_OK);
    assert_int_equal(store_report_photo_add(s, ID1, &p[0], jpeg[0], 10, 120), STORE_EXISTS);
    assert_int_equal(store_report_photo_add(s, ID2, &p[0], jpeg[0], 10, 120), STORE_NOT_FOUND);
    assert_int_equal(store_report_photo_remove(s, ID1, p[1].name, 130), STORE_OK);
    assert_int_equal(store_report_photo_remove(s, ID1, p[1].name, 130), STORE_NOT_FOUND);
    report_row row;
    assert_int_equal(store_report_get(s, ID1, &row), STORE_OK);
    assert_string_equal(row.body, json);
    assert_int_equal(row.n_photos, 2);
    assert_string_equal(row.photos[1].name, p[2].name);
    assert_int_equal(row.updated_at, 130);
    store_report_row_free(&row);
    /* Submitted: frozen; only the photos the request names stay. */
    const char *keep[] = {p[2].name};
    assert_int_equal(store_report_submit(s, ID1, json, "{\"req\":1}", keep, 1, 140), STORE_OK);
    assert_int_equal(store_report_save(s, "petugas-01", ID1, "tgs-001", "{}", 100, 150),
                     STORE_EXISTS);
    assert_int_equal(store_report_photo_add(s, ID1, &p[1], jpeg[1], 10, 150), STORE_EXISTS);
    assert_int_equal(store_report_photo_remove(s, ID1, p[2].name, 150), STORE_EXISTS);
    assert_int_equal(store_report_discard(s, ID1), STORE_EXISTS);
    assert_int_equal(store_report_submit(s, ID1, json, "{}", keep, 1, 150), STORE_EXISTS);
    report_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_report_list(s, "petugas-01", REPORT_WAITING, 10, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].n_photos, 1);
    assert_int_equal(rows[0].files_sent, 0);
    store_report_rows_free(rows, n);
    assert_int_equal(store_report_list(s, "petugas-02", -1, 10, &rows, &n), STORE_OK);
    assert_int_equal(n, 0); /* per user */
    store_report_rows_free(rows, n);
    char *req = NULL;
    assert_int_equal(store_report_request(s, ID1, &req), STORE_OK);
    assert_string_equal(req, "{\"req\":1}");
    free(req);
    uint8_t *data = NULL;
    size_t len = 0;
    assert_int_equal(store_report_file(s, ID1, p[2].name, &data, &len), STORE_OK);
    assert_int_equal(len, sizeof jpeg[2]);
    assert_memory_equal(data, jpeg[2], len);
    free(data);
    assert_int_equal(store_report_file(s, ID1, p[0].name, &data, &len), STORE_NOT_FOUND);
    /* Sealed at rest: neither the answers nor the photos' bytes are readable in DATA. */
    assert_false(dir_contains(dir, ANSWER));
    assert_false(dir_contains(dir, "JFIF-marker"));
    const char *none[] = {NULL};
    assert_int_equal(store_report_files_have(s, ID1, none, 0), STORE_OK);
    assert_int_equal(store_report_attempt(s, ID1, "offline", 160), STORE_OK);
    assert_int_equal(store_report_get(s, ID1, &row), STORE_OK);
    assert_int_equal(row.files_sent, 1);
    assert_int_equal(row.attempts, 1);
    assert_string_equal(row.last_error, "offline");
    store_report_row_free(&row);
    /* Sent: the bytes go, the names and hashes stay. */
    assert_int_equal(store_report_final(s, ID1, REPORT_SENT, "", 170), STORE_OK);
    assert_int_equal(store_report_file(s, ID1, p[2].name, &data, &len), STORE_NOT_FOUND);
    assert_int_equal(store_report_get(s, ID1, &row), STORE_OK);
    assert_int_equal(row.state, REPORT_SENT);
    assert_int_equal(row.n_photos, 1);
    assert_string_equal(row.photos[0].sha256, p[2].sha256);
    store_report_row_free(&row);
    /* A draft is discarded with its photos. */
    assert_int_equal(store_report_save(s, "petugas-01", ID2, "tgs-004", "{}", 200, 200), STORE_OK);
    assert_int_equal(store_report_photo_add(s, ID2, &p[0], jpeg[0], 100, 201), STORE_OK);
    assert_int_equal(store_report_discard(s, ID2), STORE_OK);
    assert_int_equal(store_report_get(s, ID2, &row), STORE_NOT_FOUND);
    assert_int_equal(store_report_file(s, ID2, p[0].name, &data, &len), STORE_NOT_FOUND);
    store_close(s);
    remove_dir(dir);
}

/* Disk full and read-only on a 256 KiB tmpfs (root only). */
static void test_storage_failures(void **state)
{
    (void)state;
    char dir[64], data[128], fill[160];
    make_dir(dir, sizeof dir);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=256k,mode=0700") != 0) {
        fprintf(stderr, "test_storage_failures: SKIPPED: cannot mount a tmpfs (%s)\n",
                strerror(errno));
        remove_dir(dir);
        skip();
    }
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(fill, sizeof fill, "%s/filler", dir);
    store *s = open_ok(data);
    char *body = body_with(NOTE);
    assert_int_equal(store_outbox_add(s, ID1, "item-1", OUTBOX_DECISION, body, "SPJ GU Juni"),
                     STORE_OK);
    /* Fill the file system. */
    FILE *fp = fopen(fill, "wb");
    assert_non_null(fp);
    static char chunk[4096];
    memset(chunk, 'x', sizeof chunk);
    while (fwrite(chunk, 1, sizeof chunk, fp) == sizeof chunk && fflush(fp) == 0) {
    }
    fclose(fp);
    char big[8192];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    store_err e = store_outbox_add(s, ID2, "item-2", OUTBOX_DECISION, big, NULL);
    assert_int_equal(e, STORE_ERR_FULL);
    assert_string_equal(store_err_code(e), "disk_full");
    store_close(s);
    assert_int_equal(unlink(fill), 0);
    /* Nothing already saved was damaged; the failed one is not there. */
    s = open_ok(data);
    outbox_row *rows = NULL;
    size_t n = 0;
    char st[16];
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].body, body);
    store_outbox_rows_free(rows, n);
    assert_int_equal(store_outbox_state(s, ID2, st, sizeof st), STORE_NOT_FOUND);
    store_close(s);

    /* Read-only: either the store does not open, or the write fails; both say read_only. */
    assert_int_equal(mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
    char err[300] = "";
    store_err why = STORE_OK;
    s = store_open2(data, err, sizeof err, &why);
    if (s) {
        why = store_outbox_add(s, ID2, "item-2", OUTBOX_DECISION, body, "SPJ GU Juni");
        store_close(s);
    }
    assert_string_equal(store_err_code(why), "read_only");
    assert_int_equal(mount(NULL, dir, NULL, MS_REMOUNT, NULL), 0);
    s = open_ok(data);
    assert_int_equal(store_outbox_pending(s, &rows, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].body, body);
    store_outbox_rows_free(rows, n);
    store_close(s);
    free(body);
    assert_int_equal(umount(dir), 0);
    remove_dir(dir);
}

/* ---- the worker on a full and on a read-only data directory ---------------------------------- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    msg_result *r[64];
    size_t n;
} results;

static void on_result(void *ctx, msg_result *r)
{
    results *q = ctx;
    pthread_mutex_lock(&q->mu);
    if (q->n < 64 && r->kind != RES_OUTBOX) {
        q->r[q->n++] = r;
        r = NULL;
    }
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    if (r) {
        msg_result_free(r);
        free(r);
    }
}

static void result_free(msg_result *r)
{
    if (r && r->image)
        SDL_FreeSurface(r->image);
    msg_result_free(r);
    free(r);
}

/* The first result of this kind within 15 s (others are dropped). */
static msg_result *wait_kind(results *q, msg_result_kind kind)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 15;
    msg_result *got = NULL;
    pthread_mutex_lock(&q->mu);
    while (!got) {
        for (size_t i = 0; i < q->n; i++) {
            if (!got && q->r[i]->kind == kind)
                got = q->r[i];
            else
                result_free(q->r[i]);
        }
        q->n = 0;
        if (!got && pthread_cond_timedwait(&q->cv, &q->mu, &dl) != 0)
            break;
    }
    pthread_mutex_unlock(&q->mu);
    if (!got)
        fail_msg("no result of kind %d", kind);
    return got;
}

static void send(worker *w, msg_cmd_kind kind, const char *id, const wire_decision *d)
{
    msg_cmd *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->kind = kind;
    snprintf(c->id, sizeof c->id, "%s", id ? id : "");
    if (d)
        c->decision = *d;
    worker_send(w, c);
}

static worker *start(const hubtest_hub *h, const char *data, results *q, msg_result **started)
{
    worker_config c;
    memset(&c, 0, sizeof c);
    snprintf(c.hub_url, sizeof c.hub_url, "%s", h->url);
    snprintf(c.ca_file, sizeof c.ca_file, "%s", h->ca);
    snprintf(c.server_pin, sizeof c.server_pin, "%s", h->pin);
    snprintf(c.data_dir, sizeof c.data_dir, "%s", data);
    snprintf(c.token_file, sizeof c.token_file, "%s", h->tokens[0]);
    snprintf(c.profile, sizeof c.profile, "approver");
    c.connect_timeout_ms = 3000;
    c.request_timeout_ms = 10000;
    worker *w = worker_start(&c, on_result, q);
    assert_non_null(w);
    send(w, CMD_START, NULL, NULL);
    *started = wait_kind(q, RES_STARTED);
    return w;
}

/* A decision that cannot be made durable is never "saved": REJECTED, NET_STORAGE, the code. */
static void decide_fails(worker *w, results *q, const wire_decision *d, const char *code)
{
    send(w, CMD_DECIDE, d->item_id, d);
    msg_result *r = wait_kind(q, RES_DECISION);
    assert_int_equal(r->state, DECISION_REJECTED);
    assert_int_equal(r->status, NET_STORAGE);
    assert_string_equal(r->code, code);
    result_free(r);
}

static void test_worker_storage(void **state)
{
    (void)state;
    char dir[64], data[128], fill[160];
    results q = {.n = 0};
    hubtest_hub hub;
    const char *args[] = {"--demo", NULL};
    make_dir(dir, sizeof dir);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=1m,mode=0700") != 0) {
        fprintf(stderr, "test_worker_storage: SKIPPED: cannot mount a tmpfs (%s)\n",
                strerror(errno));
        remove_dir(dir);
        skip();
    }
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.cv, NULL);
    assert_int_equal(image_init(), 0);
    assert_int_equal(hubtest_start(&hub, args), 0);
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(fill, sizeof fill, "%s/filler", dir);
    msg_result *r = NULL;
    worker *w = start(&hub, data, &q, &r);
    assert_true(r->enrolled);
    result_free(r);
    send(w, CMD_FETCH_ITEM, "itm-0001", NULL);
    r = wait_kind(&q, RES_ITEM);
    assert_int_equal(r->status, NET_OK);
    wire_decision d;
    memset(&d, 0, sizeof d);
    snprintf(d.item_id, sizeof d.item_id, "%s", r->id);
    d.item_version = r->version;
    memcpy(d.content_sha256, r->content_sha256, sizeof d.content_sha256);
    snprintf(d.action, sizeof d.action, "approve");
    snprintf(d.note, sizeof d.note, "%s", NOTE);
    snprintf(d.signer, sizeof d.signer, "sekda");
    snprintf(d.role, sizeof d.role, "sekda");
    result_free(r);

    /* Disk full. */
    FILE *fp = fopen(fill, "wb");
    assert_non_null(fp);
    static char chunk[4096];
    while (fwrite(chunk, 1, sizeof chunk, fp) == sizeof chunk && fflush(fp) == 0) {
    }
    fclose(fp);
    decide_fails(w, &q, &d, "disk_full");
    worker_stop(w);
    assert_int_equal(unlink(fill), 0);

    /* Read-only: the store does not open; the start and the decision say so. */
    assert_int_equal(mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
    w = start(&hub, data, &q, &r);
    assert_int_equal(r->status, NET_STORAGE);
    assert_string_equal(r->code, "read_only");
    result_free(r);
    decide_fails(w, &q, &d, "read_only");
    worker_stop(w);
    assert_int_equal(mount(NULL, dir, NULL, MS_REMOUNT, NULL), 0);

    /* Nothing was saved, and what was saved before is intact. */
    store *s = open_ok(data);
    outbox_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_outbox_list(s, 10, &rows, &n), STORE_OK);
    assert_int_equal(n, 0);
    store_outbox_rows_free(rows, n);
    store_identity id;
    assert_int_equal(store_identity_get(s, &id), STORE_OK);
    assert_string_equal(id.user_id, "sekda");
    store_close(s);
    pthread_mutex_lock(&q.mu);
    for (size_t i = 0; i < q.n; i++)
        result_free(q.r[i]);
    q.n = 0;
    pthread_mutex_unlock(&q.mu);
    hubtest_destroy(&hub);
    image_quit();
    assert_int_equal(umount(dir), 0);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal),           cmocka_unit_test(test_outbox_sealed),
        cmocka_unit_test(test_cache),          cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_migrate_v1),     cmocka_unit_test(test_migrate_v3),
        cmocka_unit_test(test_reports),        cmocka_unit_test(test_storage_failures),
        cmocka_unit_test(test_worker_storage),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
