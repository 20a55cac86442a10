/* The worker's lobby board against a real paraf-hub on loopback HTTPS (a device enrolled with the
 * hub's board token): services + announcements with their ETags, the heartbeat (checked in the
 * hub's table), the cached board when the hub is down or answers garbage (the last good data
 * stays), the cached board at start, one fetch in flight at a time, and a soak of fetch cycles
 * with the hub up and down that must not grow the process (RSS, open descriptors). */
#include "hubtest.h"

#include "results_queue.h"
#include "worker.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define WAIT_MS    15000
#define N_SERVICES 11 /* the demo hall's services */
#define SOAK       300

typedef struct {
    hubtest_hub hub;
    char dir[256]; /* the device's data directory */
    results q;
    worker *w;
    worker_config cfg;
    int port;
} fixture;

/* The first result of this kind (others stay queued), or NULL after ms milliseconds. */
static msg_result *wait_for(results *q, msg_result_kind kind, int ms)
{
    return results_wait(q, kind, NULL, ms);
}

static void send_cmd(worker *w, msg_cmd_kind kind, int arg)
{
    msg_cmd *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->kind = kind;
    c->arg = arg;
    worker_send(w, c);
}

static msg_result *ask(fixture *f, msg_cmd_kind k, int arg, msg_result_kind rk)
{
    send_cmd(f->w, k, arg);
    msg_result *r = wait_for(&f->q, rk, WAIT_MS);
    if (!r)
        fail_msg("no answer of kind %d to command %d within %d ms", rk, k, WAIT_MS);
    return r;
}

static void config_for(const hubtest_hub *h, const char *dir, worker_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->hub_url, sizeof c->hub_url, "%s", h->url);
    snprintf(c->ca_file, sizeof c->ca_file, "%s", h->ca);
    snprintf(c->server_pin, sizeof c->server_pin, "%s", h->pin);
    snprintf(c->data_dir, sizeof c->data_dir, "%s", dir);
    snprintf(c->token_file, sizeof c->token_file, "%s", h->tokens[1]); /* board */
    snprintf(c->profile, sizeof c->profile, "board");
    c->connect_timeout_ms = 3000;
    c->request_timeout_ms = 10000;
}

static void remove_dir(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (strncmp(dir, "/tmp/paraf-wboard-", 18) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int hub_port(const hubtest_hub *h)
{
    const char *colon = strrchr(h->url, ':');
    return colon ? (int)strtol(colon + 1, NULL, 10) : 0;
}

/* The hub again on the same address and data (so the device stays enrolled), with extra args. */
static void hub_up(fixture *f, const char *opt, const char *val, const char *opt2, const char *val2)
{
    char listen[40];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", f->port);
    const char *args[] = {"--listen", listen, opt, val, opt2, val2, NULL};
    assert_int_equal(hubtest_restart(&f->hub, args), 0);
}

static void hub_down(fixture *f)
{
    assert_int_equal(hubtest_stop(&f->hub), 0);
}

static void start_worker(fixture *f)
{
    f->w = worker_start(&f->cfg, results_post, &f->q);
    assert_non_null(f->w);
    msg_result *r = ask(f, CMD_START, 0, RES_STARTED);
    assert_true(r->enrolled);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
}

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    pthread_mutex_init(&f.q.mu, NULL);
    pthread_cond_init(&f.q.cv, NULL);
    if (hubtest_start(&f.hub, args) != 0)
        return -1;
    f.port = hub_port(&f.hub);
    snprintf(f.dir, sizeof f.dir, "/tmp/paraf-wboard-XXXXXX");
    if (!mkdtemp(f.dir))
        return -1;
    config_for(&f.hub, f.dir, &f.cfg);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    worker_stop(f->w);
    results_clear(&f->q);
    hubtest_destroy(&f->hub);
    remove_dir(f->dir);
    return 0;
}

/* What the hub itself serves on path to the enrolled board device (its key and certificate). */
static cJSON *hub_get(fixture *f, const char *path, char *etag, size_t cap)
{
    hubtest_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.key_pem_path, sizeof d.key_pem_path, "%s/device.key", f->dir);
    snprintf(d.cert_path, sizeof d.cert_path, "%s/device.pem", f->dir);
    hubtest_resp r = hubtest_request(&f->hub, &d, "GET", path, NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    if (etag)
        snprintf(etag, cap, "%s", r.etag);
    cJSON *j = cJSON_Parse(r.body);
    hubtest_resp_free(&r);
    assert_non_null(j);
    return j;
}

static void assert_board(const msg_result *r)
{
    assert_non_null(r->board);
    assert_true(r->board->have_services);
    assert_true(r->board->have_announcements);
    assert_int_equal(r->board->n_services, N_SERVICES);
    assert_int_equal(r->board->n_invalid_services, 0);
    assert_true(r->board->services[0].id[0] && r->board->services[0].name[0]);
}

static bool is_utc_time(const char *s)
{
    int y, mo, d, h, mi, se;
    char z;
    return strlen(s) == 20 &&
           sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) == 7 && z == 'Z';
}

static void test_first_fetch(void **state)
{
    fixture *f = *state;
    start_worker(f);
    msg_result *r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->not_modified);
    assert_false(r->cached);
    assert_board(r);
    assert_true(r->synced_at > 0 && r->synced_at == r->now);
    /* Exactly what the hub serves: the announcements, in its order. */
    cJSON *ann = hub_get(f, "/v1/announcements", NULL, 0);
    cJSON *arr = cJSON_GetObjectItem(ann, "announcements");
    int n = cJSON_GetArraySize(arr);
    assert_true(n > 0);
    assert_int_equal(r->board->n_ann + r->board->n_invalid_ann, n);
    assert_string_equal(r->board->ann[0].id,
                        cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "id")->valuestring);
    cJSON_Delete(ann);
    cJSON *svc = hub_get(f, "/v1/services", NULL, 0);
    arr = cJSON_GetObjectItem(svc, "services");
    assert_int_equal(cJSON_GetArraySize(arr), N_SERVICES);
    assert_string_equal(
        r->board->services[N_SERVICES - 1].id,
        cJSON_GetObjectItem(cJSON_GetArrayItem(arr, N_SERVICES - 1), "id")->valuestring);
    cJSON_Delete(svc);
    result_free(r);
}

/* The second fetch: both documents answer 304 (each has its ETag), so the answer is not_modified
 * with no board, and the data counts as confirmed now. */
static void test_second_fetch(void **state)
{
    fixture *f = *state;
    char etag[100];
    cJSON_Delete(hub_get(f, "/v1/announcements", etag, sizeof etag));
    msg_result *r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->cached);
    assert_true(r->synced_at > 0 && r->synced_at == r->now);
    assert_true(etag[0] == '"');
    assert_true(r->not_modified);
    assert_null(r->board);
    result_free(r);
}

/* A second CMD_FETCH_BOARD while one is out joins it: one pair of requests, one answer. The hub
 * answers /v1/services after 400 ms, so the second command surely meets the first in flight. */
static void test_one_fetch_in_flight(void **state)
{
    fixture *f = *state;
    hub_down(f);
    hub_up(f, "--fault-latency", "400:1", "--fault-path", "/v1/services");
    send_cmd(f->w, CMD_FETCH_BOARD, 0);
    struct timespec ts = {0, 100 * 1000000L};
    nanosleep(&ts, NULL);
    send_cmd(f->w, CMD_FETCH_BOARD, 0);
    msg_result *r = wait_for(&f->q, RES_BOARD, WAIT_MS);
    assert_non_null(r);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
    assert_null(wait_for(&f->q, RES_BOARD, 1000));
    hub_down(f);
    hub_up(f, NULL, NULL, NULL, NULL);
}

static char *hub_heartbeat_json(fixture *f)
{
    char *s = hubtest_sql(&f->hub, "SELECT json FROM heartbeats");
    assert_non_null(s);
    return s;
}

static void test_heartbeat(void **state)
{
    fixture *f = *state;
    msg_result *r = ask(f, CMD_HEARTBEAT, 1, RES_HEARTBEAT);
    assert_int_equal(r->status, NET_OK);
    assert_int_equal(r->arg, 30); /* the hub's default poll interval */
    result_free(r);
    char *s = hub_heartbeat_json(f);
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "display")->valuestring, "on");
    assert_string_equal(cJSON_GetObjectItem(j, "profile")->valuestring, "board");
    assert_string_equal(cJSON_GetObjectItem(j, "version")->valuestring, "0.1.0");
    assert_true(cJSON_GetObjectItem(j, "uptime_s")->valuedouble >= 0);
    assert_true(cJSON_GetObjectItem(j, "rss_kb")->valuedouble > 1000);
    const cJSON *last = cJSON_GetObjectItem(j, "last_sync"); /* the board was synced above */
    assert_true(cJSON_IsString(last));
    assert_true(is_utc_time(last->valuestring));
    cJSON_Delete(j);
    free(s);
    s = hubtest_sql(&f->hub, "SELECT count(*) FROM heartbeats");
    assert_string_equal(s, "1");
    free(s);

    r = ask(f, CMD_HEARTBEAT, 0, RES_HEARTBEAT);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
    s = hub_heartbeat_json(f);
    j = cJSON_Parse(s);
    assert_string_equal(cJSON_GetObjectItem(j, "display")->valuestring, "off");
    assert_string_equal(cJSON_GetObjectItem(j, "profile")->valuestring, "board");
    cJSON_Delete(j);
    free(s);
}

static void test_offline_cached(void **state)
{
    fixture *f = *state;
    hub_down(f);
    msg_result *r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_false(r->not_modified);
    assert_board(r);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now && r->synced_at > r->now - 120);
    result_free(r);
    r = ask(f, CMD_HEARTBEAT, 1, RES_HEARTBEAT);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_int_equal(r->arg, 0);
    result_free(r);
    hub_up(f, NULL, NULL, NULL, NULL);
}

/* A hub answering garbage on /v1/services: malformed, with the last good board; the garbage
 * replaced nothing (offline afterwards still serves the good board), and a sound hub is OK. */
static void test_malformed_keeps_last_good(void **state)
{
    fixture *f = *state;
    hub_down(f);
    hub_up(f, "--fault-malformed", "1.0", "--fault-path", "/v1/services");
    msg_result *r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_MALFORMED);
    assert_true(r->cached);
    assert_board(r);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now);
    result_free(r);
    hub_down(f);
    r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_board(r);
    result_free(r);
    hub_up(f, NULL, NULL, NULL, NULL);
    r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->cached);
    assert_true(r->not_modified || r->board);
    if (r->board)
        assert_board(r);
    result_free(r);
}

/* A restart of the program: the board profile gets its cached board at once, before any
 * request, and the heartbeat's last_sync is that board's sync. */
static void test_cached_at_start(void **state)
{
    fixture *f = *state;
    worker_stop(f->w);
    f->w = NULL;
    results_clear(&f->q);
    start_worker(f);
    msg_result *r = wait_for(&f->q, RES_BOARD, 1000);
    assert_non_null(r);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->cached);
    assert_board(r);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now);
    result_free(r);
    r = ask(f, CMD_HEARTBEAT, 1, RES_HEARTBEAT);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
    char *s = hub_heartbeat_json(f);
    cJSON *j = cJSON_Parse(s);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(j, "last_sync")));
    assert_true(cJSON_GetObjectItem(j, "uptime_s")->valuedouble < 60);
    cJSON_Delete(j);
    free(s);
}

static long rss_kb(void)
{
    long size = 0, res = 0;
    FILE *fp = fopen("/proc/self/statm", "r");
    assert_non_null(fp);
    assert_int_equal(fscanf(fp, "%ld %ld", &size, &res), 2);
    fclose(fp);
    return res * sysconf(_SC_PAGESIZE) / 1024;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* the directory stream itself */
}

/* One cycle: a board fetch and a heartbeat, checked against the hub's state. */
static void cycle(fixture *f, bool up)
{
    msg_result *r = ask(f, CMD_FETCH_BOARD, 0, RES_BOARD);
    if (up) {
        assert_int_equal(r->status, NET_OK);
        assert_false(r->cached);
    } else {
        assert_int_equal(r->status, NET_OFFLINE);
        assert_true(r->cached);
        assert_board(r);
    }
    result_free(r);
    r = ask(f, CMD_HEARTBEAT, 1, RES_HEARTBEAT);
    assert_int_equal(r->status, up ? NET_OK : NET_OFFLINE);
    result_free(r);
}

/* Months on a kiosk, compressed: SOAK fetch + heartbeat cycles, the hub going down and up every
 * 10 cycles. After a warm-up, RSS grows by less than 1 MB and the same descriptors are open. */
static void test_soak(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 30; i++) { /* warm-up: caches, connections, both paths */
        if (i == 10)
            hub_down(f);
        if (i == 20)
            hub_up(f, NULL, NULL, NULL, NULL);
        cycle(f, i < 10 || i >= 20);
    }
    long rss0 = rss_kb();
    int fd0 = open_fds();
    long rss_max = rss0;
    bool up = true;
    for (int i = 1; i <= SOAK; i++) {
        if (i % 10 == 0 && i < SOAK) {
            if (up)
                hub_down(f);
            else
                hub_up(f, NULL, NULL, NULL, NULL);
            up = !up;
        }
        cycle(f, up);
        long now = rss_kb();
        rss_max = now > rss_max ? now : rss_max;
    }
    if (!up) {
        hub_up(f, NULL, NULL, NULL, NULL);
        cycle(f, true);
    }
    long rss1 = rss_kb();
    int fd1 = open_fds();
    printf("soak: %d cycles; RSS %ld kB after warm-up, %ld kB at the end (max %ld kB, %+ld kB); "
           "open fds %d -> %d\n",
           SOAK, rss0, rss1, rss_max, rss1 - rss0, fd0, fd1);
    assert_int_equal(fd1, fd0);
#if defined(__SANITIZE_ADDRESS__)
    (void)rss1; /* ASan's quarantine holds freed memory: RSS says nothing about leaks here */
#else
    assert_true(rss1 - rss0 < 1024);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_fetch),
        cmocka_unit_test(test_second_fetch),
        cmocka_unit_test(test_one_fetch_in_flight),
        cmocka_unit_test(test_heartbeat),
        cmocka_unit_test(test_offline_cached),
        cmocka_unit_test(test_malformed_keeps_last_good),
        cmocka_unit_test(test_cached_at_start),
        cmocka_unit_test(test_soak),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
