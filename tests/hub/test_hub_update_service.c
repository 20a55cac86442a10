/* paraf-hub --update-service against a running hub on the same data directory: the lobby board's
 * conditional GET /v1/services sees the change on its next poll (new ETag, new revision, the
 * device's parser accepts the body), a patch that changes nothing keeps the revision, and bad
 * patches (not an object, unknown service, another id, a result the boards would refuse) are
 * refused and change nothing. The inbox follows --revise-item the same way. Also checks the hub's
 * service rules (hub_service_check) against the board's own parser (board_parse_services) on many
 * altered demo services. */
#include "hubtest.h"

#include "board_json.h"
#include "hub.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct {
    hubtest_hub hub;
    hubtest_device approver, board;
} fixture;

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    char tok[128];
    if (hubtest_start(&f.hub, args) != 0 || hubtest_read_token(f.hub.tokens[1], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.board) != 201 ||
        hubtest_read_token(f.hub.tokens[0], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.approver) != 201)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hubtest_device_free(&f->board);
    hubtest_device_free(&f->approver);
    assert_int_equal(hubtest_stop(&f->hub), 0);
    hubtest_destroy(&f->hub);
    return 0;
}

/* paraf-hub --data DIR OPTION id patch, as a separate process while the hub serves; returns its
 * exit status, its stdout in out. */
static int run_hub(fixture *f, const char *option, const char *id, const char *patch, char *out,
                   size_t cap)
{
    int fds[2];
    out[0] = '\0';
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(hubtest_binary, hubtest_binary, "--data", f->hub.dir, option, id, patch,
              (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(fds[0], out + n, cap - 1 - n)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fds[0]);
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static int run_update(fixture *f, const char *id, const char *patch, char *out, size_t cap)
{
    return run_hub(f, "--update-service", id, patch, out, cap);
}

/* GET path with If-None-Match etag (NULL: none). */
static hubtest_resp get(fixture *f, const char *path, const char *etag)
{
    char inm[160];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag ? etag : "");
    const char *h[] = {inm, NULL};
    return hubtest_request(&f->hub, &f->board, "GET", path, etag ? h : NULL, NULL, 0);
}

/* The body as the lobby board reads it: every service valid. Returns the revision. */
static long long board_accepts(const hubtest_resp *r)
{
    board_data *d = calloc(1, sizeof *d);
    assert_non_null(d);
    char why[160];
    assert_int_equal(board_parse_services(d, r->body, r->len, why, sizeof why), BOARD_OK);
    assert_true(d->n_services >= 8);
    assert_int_equal(d->n_invalid_services, 0);
    long long rev = d->services_revision;
    free(d);
    return rev;
}

static const cJSON *service_in(const cJSON *body, const char *id)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(body, "services"))
    {
        if (strcmp(cJSON_GetObjectItem(s, "id")->valuestring, id) == 0)
            return s;
    }
    fail_msg("no service %s", id);
    return NULL;
}

static void assert_etag_is_revision(const hubtest_resp *r, const char *list, long long rev)
{
    char want[80];
    snprintf(want, sizeof want, "\"%s-%lld\"", list, rev);
    assert_string_equal(r->etag, want);
}

static void test_update_seen_by_running_hub(void **state)
{
    fixture *f = *state;
    hubtest_resp r = get(f, "/v1/services", NULL);
    assert_int_equal(r.status, 200);
    long long rev = board_accepts(&r);
    assert_etag_is_revision(&r, "services", rev);
    char etag[100], ann_etag[100], out[200], want[200];
    snprintf(etag, sizeof etag, "%s", r.etag);
    hubtest_resp_free(&r);
    r = get(f, "/v1/announcements", NULL);
    assert_int_equal(r.status, 200);
    snprintf(ann_etag, sizeof ann_etag, "%s", r.etag);
    hubtest_resp_free(&r);

    /* The next ticket is called at another counter. */
    assert_int_equal(run_update(f, "dukcapil-ktp",
                                "{\"now_serving\":\"B-014\",\"counter\":\"Loket 4\","
                                "\"waiting\":16,\"served_today\":13,\"est_wait_min\":56}",
                                out, sizeof out),
                     0);
    snprintf(want, sizeof want, "updated dukcapil-ktp revision %lld\n", rev + 1);
    assert_string_equal(out, want);

    r = get(f, "/v1/services", etag);
    assert_int_equal(r.status, 200);
    assert_string_not_equal(r.etag, etag);
    assert_int_equal(board_accepts(&r), rev + 1);
    assert_etag_is_revision(&r, "services", rev + 1);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *s = service_in(j, "dukcapil-ktp");
    assert_string_equal(cJSON_GetObjectItem(s, "now_serving")->valuestring, "B-014");
    assert_string_equal(cJSON_GetObjectItem(s, "counter")->valuestring, "Loket 4");
    assert_int_equal(cJSON_GetObjectItem(s, "waiting")->valueint, 16);
    /* untouched fields stay */
    assert_int_equal(cJSON_GetObjectItem(s, "quota_daily")->valueint, 80);
    assert_string_equal(cJSON_GetObjectItem(s, "status")->valuestring, "buka");
    cJSON_Delete(j);
    snprintf(etag, sizeof etag, "%s", r.etag);
    hubtest_resp_free(&r);
    r = get(f, "/v1/services", etag);
    assert_int_equal(r.status, 304);
    hubtest_resp_free(&r);
    /* The announcements share the counter: their ETag follows too. */
    r = get(f, "/v1/announcements", ann_etag);
    assert_int_equal(r.status, 200);
    assert_string_not_equal(r.etag, ann_etag);
    hubtest_resp_free(&r);

    /* Closing: null keeps the member as null (the boards need it present). */
    assert_int_equal(run_update(f, "dukcapil-ktp",
                                "{\"status\":\"tutup\",\"now_serving\":null,\"counter\":null,"
                                "\"waiting\":0,\"est_wait_min\":0}",
                                out, sizeof out),
                     0);
    r = get(f, "/v1/services", etag);
    assert_int_equal(r.status, 200);
    assert_int_equal(board_accepts(&r), rev + 2);
    j = cJSON_Parse(r.body);
    s = service_in(j, "dukcapil-ktp");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "now_serving")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "counter")));
    assert_string_equal(cJSON_GetObjectItem(s, "status")->valuestring, "tutup");
    cJSON_Delete(j);
    snprintf(etag, sizeof etag, "%s", r.etag);
    hubtest_resp_free(&r);

    /* The same patch again changes nothing: same revision, the boards keep their copy. */
    assert_int_equal(
        run_update(f, "dukcapil-ktp", "{\"status\":\"tutup\",\"waiting\":0}", out, sizeof out), 0);
    snprintf(want, sizeof want, "updated dukcapil-ktp revision %lld\n", rev + 2);
    assert_string_equal(out, want);
    r = get(f, "/v1/services", etag);
    assert_int_equal(r.status, 304);
    hubtest_resp_free(&r);

    /* An optional member can be removed; a new one added. */
    assert_int_equal(run_update(f, "dukcapil-kk",
                                "{\"name_bali\":null,\"requirements\":[\"Kartu Keluarga asli\"]}",
                                out, sizeof out),
                     0);
    r = get(f, "/v1/services", etag);
    assert_int_equal(r.status, 200);
    assert_int_equal(board_accepts(&r), rev + 3);
    j = cJSON_Parse(r.body);
    s = service_in(j, "dukcapil-kk");
    assert_null(cJSON_GetObjectItem(s, "name_bali"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "requirements")), 1);
    cJSON_Delete(j);
    hubtest_resp_free(&r);
}

static void test_bad_patches_change_nothing(void **state)
{
    fixture *f = *state;
    const char *fp_sql = "SELECT (SELECT group_concat(json, '|') FROM services) || "
                         "(SELECT value FROM meta WHERE key='rev.services')";
    char *before = hubtest_sql(&f->hub, fp_sql);
    hubtest_resp r = get(f, "/v1/services", NULL);
    assert_int_equal(r.status, 200);
    char etag[100], out[200];
    snprintf(etag, sizeof etag, "%s", r.etag);
    hubtest_resp_free(&r);
    static const struct {
        const char *id, *patch;
        int exit;
    } bad[] = {
        {"samsat-pkb", "[{\"waiting\":1}]", 2},
        {"samsat-pkb", "\"waiting\"", 2},
        {"samsat-pkb", "{\"waiting\":", 2},
        {"samsat-pkb", "", 2},
        {"no-such-service", "{\"waiting\":1}", 1},
        {"samsat-pkb", "{\"id\":\"samsat-baru\"}", 2},
        {"samsat-pkb", "{\"id\":null}", 2},
        {"samsat-pkb", "{\"status\":\"bogus\"}", 2},
        {"samsat-pkb", "{\"status\":null}", 2},
        {"samsat-pkb", "{\"name\":null}", 2},
        {"samsat-pkb", "{\"name\":\"\"}", 2},
        {"samsat-pkb", "{\"agency\":42}", 2},
        {"samsat-pkb", "{\"quota_daily\":\"150\"}", 2},
        {"samsat-pkb", "{\"quota_daily\":0}", 2},
        {"samsat-pkb", "{\"quota_remaining\":151}", 2},
        {"samsat-pkb", "{\"waiting\":-1}", 2},
        {"samsat-pkb", "{\"waiting\":2.5}", 2},
        {"samsat-pkb", "{\"served_today\":null}", 2},
        {"samsat-pkb", "{\"status\":\"kuota_penuh\"}", 2}, /* tickets remain */
        {"samsat-pkb", "{\"now_serving\":null}", 2},       /* counter still set */
        {"samsat-pkb", "{\"now_serving\":\"A-0000000000000000\"}", 2},
        {"samsat-pkb", "{\"hours\":null}", 2},
        {"samsat-pkb",
         "{\"hours\":[{\"day\":2,\"open\":\"08:00\",\"close\":\"15:00\"},"
         "{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"}]}",
         2},
        {"samsat-pkb", "{\"hours\":[{\"day\":1,\"open\":\"15:00\",\"close\":\"08:00\"}]}", 2},
        {"samsat-pkb", "{\"holidays\":[\"2020-02-30\"]}", 2},
        {"samsat-pkb", "{\"requirements\":[\"\"]}", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = run_update(f, bad[i].id, bad[i].patch, out, sizeof out);
        if (rc != bad[i].exit)
            fail_msg("patch %s on %s: exit %d, want %d", bad[i].patch, bad[i].id, rc, bad[i].exit);
        assert_string_equal(out, "");
        r = get(f, "/v1/services", etag);
        assert_int_equal(r.status, 304);
        hubtest_resp_free(&r);
    }
    char *after = hubtest_sql(&f->hub, fp_sql);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* --revise-item from another process: the running hub's inbox ETag follows at once too. */
static void test_revise_item_seen_by_running_hub(void **state)
{
    fixture *f = *state;
    hubtest_resp r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "items"), 0);
    char id[80], etag[100], out[200], want[200];
    snprintf(id, sizeof id, "%s", cJSON_GetObjectItem(first, "id")->valuestring);
    int version = cJSON_GetObjectItem(first, "version")->valueint;
    cJSON_Delete(j);
    snprintf(etag, sizeof etag, "%s", r.etag);
    hubtest_resp_free(&r);
    assert_int_equal(
        run_hub(f, "--revise-item", id, "{\"title\":\"Judul yang diperbaiki\"}", out, sizeof out),
        0);
    snprintf(want, sizeof want, "revised %s version %d\n", id, version + 1);
    assert_string_equal(out, want);
    char inm[140];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", h, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_string_not_equal(r.etag, etag);
    j = cJSON_Parse(r.body);
    first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "items"), 0);
    assert_string_equal(cJSON_GetObjectItem(first, "id")->valuestring, id);
    assert_int_equal(cJSON_GetObjectItem(first, "version")->valueint, version + 1);
    assert_string_equal(cJSON_GetObjectItem(first, "title")->valuestring, "Judul yang diperbaiki");
    char want_etag[80];
    snprintf(want_etag, sizeof want_etag, "\"inbox-%lld\"",
             (long long)cJSON_GetObjectItem(j, "revision")->valuedouble);
    assert_string_equal(r.etag, want_etag);
    cJSON_Delete(j);
    hubtest_resp_free(&r);
}

/* ---- the hub's rules against the board's parser ------------------------------------------- */

static bool board_valid(const cJSON *service)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "revision", 1);
    cJSON_AddStringToObject(body, "generated_at", "2020-07-20T01:00:00Z");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(body, "hall"), "name", "Mal Pelayanan Publik");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "services"), cJSON_Duplicate(service, 1));
    char *txt = cJSON_PrintUnformatted(body);
    board_data *d = calloc(1, sizeof *d);
    assert_non_null(d);
    char why[160];
    assert_int_equal(board_parse_services(d, txt, strlen(txt), why, sizeof why), BOARD_OK);
    assert_int_equal(d->n_services, 1);
    bool ok = d->n_invalid_services == 0;
    free(d);
    free(txt);
    cJSON_Delete(body);
    return ok;
}

static void test_rules_match_board_parser(void **state)
{
    fixture *f = *state;
    hubtest_resp r = get(f, "/v1/services", NULL);
    assert_int_equal(r.status, 200);
    cJSON *body = cJSON_Parse(r.body);
    hubtest_resp_free(&r);
    char id64[65], id65[66], ticket15[16], ticket16[17], counter31[32], counter32[33];
    memset(id64, 'a', 64), id64[64] = '\0';
    memset(id65, 'a', 65), id65[65] = '\0';
    memset(ticket15, 'A', 15), ticket15[15] = '\0';
    memset(ticket16, 'A', 16), ticket16[16] = '\0';
    memset(counter31, 'L', 31), counter31[31] = '\0';
    memset(counter32, 'L', 32), counter32[32] = '\0';
    char long_name[700];
    memset(long_name, 'n', sizeof long_name - 1), long_name[sizeof long_name - 1] = '\0';
    /* member, JSON value (NULL: remove the member) */
    const char *const alter[][2] = {
        {"id", "\"\""},
        {"id", "\"a b\""},
        {"id", NULL},
        {"id", "5"},
        {"name", "\"\""},
        {"name", "5"},
        {"name", NULL},
        {"name", "\"x\""},
        {"name", "null"},
        {"agency", NULL},
        {"agency", "[]"},
        {"status_message", "\"\""},
        {"status_message", "\"Dibuka kembali\""},
        {"status", "\"bogus\""},
        {"status", "\"BUKA\""},
        {"status", "\"buka\""},
        {"status", "\"tutup\""},
        {"status", "\"gangguan\""},
        {"status", "\"kuota_penuh\""},
        {"status", "1"},
        {"status", NULL},
        {"name_bali", "\"abc\""},
        {"name_bali", "5"},
        {"name_bali", NULL},
        {"quota_daily", "0"},
        {"quota_daily", "-1"},
        {"quota_daily", "1.5"},
        {"quota_daily", "1000000"},
        {"quota_daily", "1000001"},
        {"quota_daily", "\"80\""},
        {"quota_daily", "1e300"},
        {"quota_daily", NULL},
        {"quota_remaining", "0"},
        {"quota_remaining", "1000000"},
        {"quota_remaining", "-1"},
        {"waiting", "2.5"},
        {"waiting", "1000000"},
        {"waiting", "1000001"},
        {"waiting", "true"},
        {"served_today", NULL},
        {"est_wait_min", "null"},
        {"now_serving", "null"},
        {"now_serving", "\"\""},
        {"now_serving", "\"A\\t1\""},
        {"now_serving", "5"},
        {"now_serving", NULL},
        {"counter", "null"},
        {"counter", NULL},
        {"hours", "[]"},
        {"hours", "{}"},
        {"hours", "[5]"},
        {"hours", "[{\"day\":1,\"open\":\"08:00\",\"close\":\"08:00\"}]"},
        {"hours", "[{\"day\":1,\"open\":\"00:00\",\"close\":\"24:00\"}]"},
        {"hours", "[{\"day\":1,\"open\":\"24:00\",\"close\":\"24:00\"}]"},
        {"hours", "[{\"day\":1,\"open\":\"8:00\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":1,\"open\":\"08:60\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":0,\"open\":\"08:00\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":7,\"open\":\"08:00\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":8,\"open\":\"08:00\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":1.5,\"open\":\"08:00\",\"close\":\"15:00\"}]"},
        {"hours", "[{\"day\":1,\"open\":\"08:00\"}]"},
        {"hours", "[{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},"
                  "{\"day\":3,\"open\":\"16:00\",\"close\":\"18:00\"}]"},
        {"hours", NULL},
        {"holidays", "[]"},
        {"holidays", "[\"2020-02-29\"]"},
        {"holidays", "[\"2019-02-29\"]"},
        {"holidays", "[\"2020-02-30\"]"},
        {"holidays", "[\"2020-1-01\"]"},
        {"holidays", "[\"2020-13-01\"]"},
        {"holidays", "[\"0000-01-01\"]"},
        {"holidays", "[20200101]"},
        {"holidays", "\"2020-08-17\""},
        {"holidays", NULL},
        {"requirements", "[]"},
        {"requirements", "[\"KTP asli\"]"},
        {"requirements", "[\"\"]"},
        {"requirements", "[1]"},
        {"requirements", "\"KTP\""},
        {"requirements", "null"},
        {"requirements", NULL},
        {"extra", "{\"any\":1}"},
    };
    /* Values built in C: lengths at the caps, invalid UTF-8, text longer than a field. */
    struct {
        const char *key;
        cJSON *v;
    } built[] = {
        {"id", cJSON_CreateString(id64)},
        {"id", cJSON_CreateString(id65)},
        {"now_serving", cJSON_CreateString(ticket15)},
        {"now_serving", cJSON_CreateString(ticket16)},
        {"counter", cJSON_CreateString(counter31)},
        {"counter", cJSON_CreateString(counter32)},
        {"name", cJSON_CreateString("Kartu \xC3")},
        {"agency", cJSON_CreateString("\xED\xA0\x80")},
        {"name", cJSON_CreateString(long_name)},
    };
    size_t n_alter = sizeof alter / sizeof alter[0], n_built = sizeof built / sizeof built[0];
    int n = 0, valid = 0;
    const cJSON *base;
    cJSON_ArrayForEach(base, cJSON_GetObjectItem(body, "services"))
    {
        char why[160];
        assert_true(hub_service_check(base, why, sizeof why));
        assert_true(board_valid(base));
        for (size_t i = 0; i < n_alter + n_built; i++) {
            const char *key = i < n_alter ? alter[i][0] : built[i - n_alter].key;
            cJSON *s = cJSON_Duplicate(base, 1);
            cJSON_DeleteItemFromObjectCaseSensitive(s, key);
            cJSON *v = i < n_alter ? (alter[i][1] ? cJSON_Parse(alter[i][1]) : NULL)
                                   : cJSON_Duplicate(built[i - n_alter].v, 1);
            if (i < n_alter && alter[i][1])
                assert_non_null(v);
            if (v)
                cJSON_AddItemToObject(s, key, v);
            bool by_hub = hub_service_check(s, why, sizeof why), by_board = board_valid(s);
            if (by_hub != by_board)
                fail_msg("service %s with %s=%s: hub says %s, board says %s",
                         cJSON_GetObjectItem(base, "id")->valuestring, key,
                         i < n_alter && alter[i][1] ? alter[i][1] : "(built or removed)",
                         by_hub ? "valid" : why, by_board ? "valid" : "invalid");
            n++;
            valid += by_hub;
            cJSON_Delete(s);
        }
    }
    for (size_t i = 0; i < n_built; i++)
        cJSON_Delete(built[i].v);
    cJSON_Delete(body);
    /* Both outcomes occur: the comparison is not trivially all-valid or all-invalid. */
    assert_true(n > 500);
    assert_true(valid > 100 && valid < n - 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_seen_by_running_hub),
        cmocka_unit_test(test_bad_patches_change_nothing),
        cmocka_unit_test(test_revise_item_seen_by_running_hub),
        cmocka_unit_test(test_rules_match_board_parser),
    };
    return cmocka_run_group_tests_name("hub_update_service", tests, setup, teardown);
}
