/* POST /v1/devices/heartbeat over real HTTPS on loopback: every profile may send one, the hub
 * keeps only the latest per device (identified by its certificate) and answers with the hub-wide
 * poll interval (--board-poll); bad input gets a 4xx JSON error and leaves the table as it was;
 * --show-heartbeats prints one line per device; an old heartbeat log table is migrated. */
#include "hubtest.h"

#include "wire.h"

#include <cjson/cJSON.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#define HB_PATH "/v1/devices/heartbeat"

typedef struct {
    hubtest_hub hub;
    hubtest_device approver, board, field;
} fixture;

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", "--board-poll", "45", NULL};
    if (hubtest_start(&f.hub, args) != 0)
        return -1;
    hubtest_device *devs[] = {&f.approver, &f.board, &f.field};
    for (int i = 0; i < 3; i++) {
        char tok[128];
        if (hubtest_read_token(f.hub.tokens[i], tok, sizeof tok) ||
            hubtest_enroll(&f.hub, tok, devs[i]) != 201)
            return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hubtest_device_free(&f->approver);
    hubtest_device_free(&f->board);
    hubtest_device_free(&f->field);
    assert_int_equal(hubtest_stop(&f->hub), 0);
    hubtest_destroy(&f->hub);
    return 0;
}

static hubtest_resp post(fixture *f, const hubtest_device *dev, const char *body)
{
    return hubtest_request(&f->hub, dev, "POST", HB_PATH, NULL, body, strlen(body));
}

static void assert_error(const hubtest_resp *r, long status, const char *code)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld %s, got %ld: %s\n", status, code, r->status, r->body);
    assert_int_equal(r->status, status);
    assert_string_equal(r->ctype, "application/json");
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    cJSON *e = cJSON_GetObjectItem(j, "error");
    assert_true(cJSON_IsObject(e));
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, code);
    assert_true(strlen(cJSON_GetObjectItem(e, "message")->valuestring) > 5);
    cJSON_Delete(j);
}

/* A 200 answer: received_at is a UTC time, poll_interval_s the hub's --board-poll. */
static void assert_accepted(const hubtest_resp *r, char received_at[21])
{
    if (r->status != 200)
        fprintf(stderr, "heartbeat refused: %ld %s\n", r->status, r->body);
    assert_int_equal(r->status, 200);
    assert_string_equal(r->ctype, "application/json");
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    cJSON *at = cJSON_GetObjectItem(j, "received_at");
    assert_true(cJSON_IsString(at));
    assert_true(wire_time_valid(at->valuestring));
    if (received_at)
        snprintf(received_at, 21, "%s", at->valuestring);
    assert_int_equal(cJSON_GetObjectItem(j, "poll_interval_s")->valueint, 45);
    cJSON_Delete(j);
}

/* Runs paraf-hub with args on the fixture's data directory; returns its stdout (malloc'd) and
 * the exit status in *status. */
static char *run_hub(const char *dir, const char *args, int *status)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "'%s' --data '%s' %s 2>/dev/null", hubtest_binary, dir, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    size_t got;
    while ((got = fread(out + len, 1, cap - 1 - len, p)) > 0)
        len += got;
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

/* One column expression of the heartbeat row of key_id ("" when there is none). */
static void assert_row(fixture *f, const char *expr, const char *key_id, const char *want)
{
    char q[600];
    snprintf(q, sizeof q, "SELECT %s FROM heartbeats WHERE key_id='%s'", expr, key_id);
    char *got = hubtest_sql(&f->hub, q);
    assert_string_equal(got, want);
    free(got);
}

static void assert_rows(fixture *f, const char *want)
{
    char *got = hubtest_sql(&f->hub, "SELECT count(*) FROM heartbeats");
    assert_string_equal(got, want);
    free(got);
}

static void test_store_and_replace(void **state)
{
    fixture *f = *state;
    char at1[21], at2[21];
    hubtest_resp r = post(f, &f->board,
                          "{\"version\":\"0.1.0\",\"uptime_s\":12345,\"rss_kb\":41234,"
                          "\"last_sync\":\"2020-07-06T02:15:00Z\",\"display\":\"on\","
                          "\"profile\":\"board\"}");
    assert_accepted(&r, at1);
    hubtest_resp_free(&r);
    assert_rows(f, "1");
    assert_row(f, "user_id", f->board.key_id, f->board.user_id);
    assert_row(f, "received_at", f->board.key_id, at1);
    assert_row(f, "json_extract(json, '$.last_sync')", f->board.key_id, "2020-07-06T02:15:00Z");

    /* The second one replaces the first: one row, the latest values. */
    r = post(f, &f->board,
             "{\"profile\":\"board\",\"display\":\"off\",\"last_sync\":null,\"rss_kb\":0,"
             "\"uptime_s\":12645,\"version\":\"0.1.1-rc.1+g1a2b\"}");
    assert_accepted(&r, at2);
    hubtest_resp_free(&r);
    assert_true(strcmp(at2, at1) >= 0);
    assert_rows(f, "1");
    assert_row(f,
               "json_extract(json, '$.version') || ' ' || json_extract(json, '$.uptime_s') || ' ' "
               "|| json_extract(json, '$.rss_kb') || ' ' || json_extract(json, '$.display') || ' ' "
               "|| json_type(json, '$.last_sync')",
               f->board.key_id, "0.1.1-rc.1+g1a2b 12645 0 off null");
    assert_row(f, "received_at", f->board.key_id, at2);

    /* Every profile may send one; each device has its own row. */
    r = post(f, &f->approver,
             "{\"version\":\"0.1.0\",\"uptime_s\":0,\"rss_kb\":1,\"last_sync\":null,"
             "\"display\":\"on\",\"profile\":\"approver\"}");
    assert_accepted(&r, NULL);
    hubtest_resp_free(&r);
    r = post(f, &f->field,
             "{\"version\":\"0.1.0\",\"uptime_s\":2147483647,\"rss_kb\":67108864,"
             "\"last_sync\":\"2020-02-29T23:59:59Z\",\"display\":\"off\",\"profile\":\"field\"}");
    assert_accepted(&r, NULL);
    hubtest_resp_free(&r);
    assert_rows(f, "3");
    assert_row(f, "user_id", f->field.key_id, f->field.user_id);

    /* The device config tells the same poll interval. */
    r = hubtest_request(&f->hub, &f->board, "GET", "/v1/devices/config", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_int_equal(cJSON_GetObjectItem(j, "poll_interval_s")->valueint, 45);
    cJSON_Delete(j);
    hubtest_resp_free(&r);
}

static char *table_fingerprint(fixture *f)
{
    return hubtest_sql(&f->hub, "SELECT count(*) || ':' || coalesce(group_concat(key_id || "
                                "user_id || received_at || json, '|'), '') FROM "
                                "(SELECT * FROM heartbeats ORDER BY key_id)");
}

#define HB_OK_TAIL "\"rss_kb\":1,\"last_sync\":null,\"display\":\"on\",\"profile\":\"board\"}"

static void test_bad_input(void **state)
{
    fixture *f = *state;
    /* Make sure the board's row exists, so "unchanged" is about real content. */
    hubtest_resp r = post(f, &f->board, "{\"version\":\"0.2.0\",\"uptime_s\":7," HB_OK_TAIL);
    assert_accepted(&r, NULL);
    hubtest_resp_free(&r);
    char *before = table_fingerprint(f);
    static const struct {
        const char *body;
        long status;
        const char *code;
    } cases[] = {
        {"", 400, "empty_body"},
        {"{\"version\": ", 400, "malformed_json"},
        {"[1,2]", 400, "malformed_json"},
        {"{\"version\":\"0.1.0\"} x", 400, "malformed_json"},
        {"{\"version\":\"\xc3\x28\",\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_utf8"},
        {"{}", 400, "invalid_heartbeat"},
        {"{\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"extra\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"version\":\"9\",\"uptime_s\":1," HB_OK_TAIL, 400,
         "invalid_heartbeat"},
        {"{\"version\":10,\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"\",\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0 beta\",\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0-\xc3\xa9\",\"uptime_s\":1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"012345678901234567890123456789012\",\"uptime_s\":1," HB_OK_TAIL, 400,
         "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":\"12\"," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":-1," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1.5," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":2147483648," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1e300," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":null," HB_OK_TAIL, 400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":-5,\"last_sync\":null,\"display\":"
         "\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":true,\"last_sync\":null,\"display\":"
         "\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":67108865,\"last_sync\":null,"
         "\"display\":\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":\"yesterday\","
         "\"display\":\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":"
         "\"2020-07-06T10:15:00+08:00\",\"display\":\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":"
         "\"2020-02-30T00:00:00Z\",\"display\":\"on\",\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":0,\"display\":\"on\","
         "\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":true,"
         "\"profile\":\"board\"}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":"
         "\"dim\",\"profile\":\"board\"}",
         422, "unknown_display"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":"
         "\"ON\",\"profile\":\"board\"}",
         422, "unknown_display"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":"
         "\"\",\"profile\":\"board\"}",
         422, "unknown_display"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":"
         "\"on\",\"profile\":null}",
         400, "invalid_heartbeat"},
        {"{\"version\":\"0.1.0\",\"uptime_s\":1,\"rss_kb\":1,\"last_sync\":null,\"display\":"
         "\"on\",\"profile\":\"approver\"}",
         422, "profile_mismatch"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = post(f, &f->board, cases[i].body);
        if (r.status != cases[i].status)
            fprintf(stderr, "case %zu: %s\n", i, cases[i].body);
        assert_error(&r, cases[i].status, cases[i].code);
        hubtest_resp_free(&r);
    }

    /* Oversized: a valid heartbeat padded past 8 KiB, and a body past the hub's 1 MiB limit. */
    size_t big = 8193;
    char *pad = malloc(big + 200);
    int n = snprintf(pad, big + 200, "{\"version\":\"0.1.0\",\"uptime_s\":1," HB_OK_TAIL);
    memmove(pad + big - (size_t)n, pad, (size_t)n + 1);
    memset(pad, ' ', big - (size_t)n);
    r = post(f, &f->board, pad);
    assert_error(&r, 413, "body_too_large");
    hubtest_resp_free(&r);
    free(pad);
    size_t huge_len = 1100000;
    char *huge = malloc(huge_len + 1);
    memset(huge, ' ', huge_len);
    huge[huge_len] = '\0';
    r = post(f, &f->board, huge);
    assert_error(&r, 413, "body_too_large");
    hubtest_resp_free(&r);
    free(huge);

    /* No client certificate: 401, whatever the body. Wrong method: 405. */
    r = post(f, NULL, "{\"version\":\"0.1.0\",\"uptime_s\":1," HB_OK_TAIL);
    assert_error(&r, 401, "client_certificate_required");
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->board, "GET", HB_PATH, NULL, NULL, 0);
    assert_error(&r, 405, "method_not_allowed");
    hubtest_resp_free(&r);

    char *after = table_fingerprint(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_show_heartbeats(void **state)
{
    fixture *f = *state;
    /* A device enrolled but never heard from. */
    char tok[128];
    hubtest_device quiet;
    assert_int_equal(hubtest_new_token(&f->hub, "board:kiosk-renon", tok, sizeof tok), 0);
    assert_int_equal(hubtest_enroll(&f->hub, tok, &quiet), 201);
    hubtest_resp r = post(f, &f->board,
                          "{\"version\":\"0.3.0\",\"uptime_s\":99,\"rss_kb\":512,"
                          "\"last_sync\":\"2020-07-06T02:15:00Z\",\"display\":\"off\","
                          "\"profile\":\"board\"}");
    char at[21];
    assert_accepted(&r, at);
    hubtest_resp_free(&r);

    int st = -1;
    char *out = run_hub(f->hub.dir, "--show-heartbeats", &st);
    fprintf(stderr, "%s", out);
    assert_int_equal(st, 0);
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 4); /* approver, board, field, and the quiet kiosk */
    char want[400];
    snprintf(want, sizeof want,
             "device %.12s user=%s profile=board seen=%s version=0.3.0 uptime_s=99 rss_kb=512 "
             "last_sync=2020-07-06T02:15:00Z display=off\n",
             f->board.key_id, f->board.user_id, at);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "device %.12s user=kiosk-renon profile=board seen=never\n",
             quiet.key_id);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "device %.12s user=%s profile=approver seen=20", f->approver.key_id,
             f->approver.user_id);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "last_sync=null display=on\n"));
    free(out);
    hubtest_device_free(&quiet);

    /* --board-poll outside 5..3600 is refused. */
    out = run_hub(f->hub.dir, "--board-poll 4 --show-heartbeats", &st);
    assert_int_equal(st, 2);
    free(out);
    out = run_hub(f->hub.dir, "--board-poll 3601 --show-heartbeats", &st);
    assert_int_equal(st, 2);
    free(out);
}

/* A database from before: heartbeats was a log (device_key_id, at, json). It is kept as
 * heartbeats_v0 and the current table is created. */
static void test_old_table_migrated(void **state)
{
    (void)state;
    char dir[] = "/tmp/paraf-hubtest-XXXXXX", path[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/hub.db", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE heartbeats(device_key_id TEXT NOT NULL, at TEXT "
                                  "NOT NULL, json TEXT NOT NULL);"
                                  "INSERT INTO heartbeats VALUES('ab', '2020-07-06T02:15:00Z', "
                                  "'{\"outbox\":0}');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    int st = -1;
    char *out = run_hub(dir, "--show-heartbeats", &st);
    assert_int_equal(st, 0);
    assert_string_equal(out, ""); /* no devices */
    free(out);
    hubtest_hub h = {0};
    snprintf(h.dir, sizeof h.dir, "%s", dir);
    char *v = hubtest_sql(&h, "SELECT count(*) FROM heartbeats_v0");
    assert_string_equal(v, "1");
    free(v);
    v = hubtest_sql(&h, "SELECT count(*) FROM pragma_table_info('heartbeats') "
                        "WHERE name IN ('key_id', 'user_id', 'received_at', 'json')");
    assert_string_equal(v, "4");
    free(v);
    hubtest_destroy(&h); /* removes the directory */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_and_replace),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_show_heartbeats),
        cmocka_unit_test(test_old_table_migrated),
    };
    return cmocka_run_group_tests_name("hub_heartbeat", tests, setup, teardown);
}
