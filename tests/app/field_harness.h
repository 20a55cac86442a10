/* field_harness: what the field profile's worker tests share (test_worker_field.c,
 * test_worker_photos.c): a real paraf-hub with the demo data, a device data directory and a photo
 * folder written by tools/make_photos.c, a fake gpsd socket, the worker enrolled with the field
 * token (petugas-01), a queue of its results, and helpers for reports and the hub's database.
 * Included by one test file each (static functions, unused ones allowed). */
#ifndef PARAF_FIELD_HARNESS_H
#define PARAF_FIELD_HARNESS_H

#define HARNESS __attribute__((unused))

#include "hubtest.h"

#include "crypto.h"
#include "field_json.h"
#include "image.h"
#include "results_queue.h"
#include "worker.h"

#define MAKE_PHOTOS_NO_MAIN
#include "../../tools/make_photos.c"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define WAIT_MS 30000

typedef struct {
    hubtest_hub hub;
    char dir[256], data[300], photos[300];
    results q;
    worker *w;
    worker_config cfg;
    int port;
    int gps_lfd; /* the fake gpsd's listening socket */
    field_list list;
} fixture;

/* ---- results -----------------------------------------------------------------------------------
 */

/* The first result of this kind (for RES_REPORT* and RES_PHOTO_ADDED: about id, when given);
 * others stay queued. NULL after ms. */
HARNESS static msg_result *wait_id(results *q, msg_result_kind kind, const char *id, int ms)
{
    return results_wait(q, kind, id, ms);
}

HARNESS static msg_result *must(results *q, msg_result_kind kind, const char *id)
{
    msg_result *r = wait_id(q, kind, id, WAIT_MS);
    if (!r)
        fail_msg("no result of kind %d (%s) within %d ms", kind, id ? id : "-", WAIT_MS);
    return r;
}

HARNESS static msg_cmd *cmd_new(msg_cmd_kind kind, const char *id, const char *title,
                                const char *text)
{
    msg_cmd *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->kind = kind;
    snprintf(c->id, sizeof c->id, "%s", id ? id : "");
    snprintf(c->title, sizeof c->title, "%s", title ? title : "");
    snprintf(c->text, sizeof c->text, "%s", text ? text : "");
    return c;
}

HARNESS static void send_cmd(fixture *f, msg_cmd_kind kind, const char *id, const char *title,
                             const char *text)
{
    worker_send(f->w, cmd_new(kind, id, title, text));
}

HARNESS static void send_report(fixture *f, msg_cmd_kind kind, const field_report *rep)
{
    msg_cmd *c = cmd_new(kind, NULL, NULL, NULL);
    c->report = malloc(sizeof *c->report);
    assert_non_null(c->report);
    *c->report = *rep;
    worker_send(f->w, c);
}

/* ---- the hub and the worker ------------------------------------------------------------------ */

HARNESS static int hub_port(const hubtest_hub *h)
{
    const char *colon = strrchr(h->url, ':');
    return colon ? (int)strtol(colon + 1, NULL, 10) : 0;
}

HARNESS static void hub_up(fixture *f, bool slow_reports)
{
    char listen[40];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", f->port);
    /* Each photo's PUT waits 400 ms at the hub (the POST is not slowed). */
    const char *slow[] = {"--listen",           listen, "--fault-latency", "400:1", "--fault-path",
                          "/v1/field-reports/", NULL};
    const char *plain[] = {"--listen", listen, NULL};
    assert_int_equal(hubtest_restart(&f->hub, slow_reports ? slow : plain), 0);
}

HARNESS static void hub_down(fixture *f)
{
    assert_int_equal(hubtest_stop(&f->hub), 0);
}

HARNESS static void start_worker(fixture *f)
{
    f->w = worker_start(&f->cfg, results_post, &f->q);
    assert_non_null(f->w);
    send_cmd(f, CMD_START, NULL, NULL, NULL);
    msg_result *r = must(&f->q, RES_STARTED, NULL);
    assert_true(r->enrolled);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
}

HARNESS static void stop_worker(fixture *f)
{
    worker_stop(f->w);
    f->w = NULL;
    results_clear(&f->q);
}

HARNESS static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    pthread_mutex_init(&f.q.mu, NULL);
    pthread_cond_init(&f.q.cv, NULL);
    if (hubtest_start(&f.hub, args) != 0)
        return -1;
    f.port = hub_port(&f.hub);
    snprintf(f.dir, sizeof f.dir, "/tmp/paraf-wfield-XXXXXX");
    if (!mkdtemp(f.dir))
        return -1;
    snprintf(f.data, sizeof f.data, "%s/data", f.dir);
    snprintf(f.photos, sizeof f.photos, "%s/photos", f.dir);
    if (make_photos_write(f.photos) != 0)
        return -1;
    /* A fake gpsd: the kernel queues the worker's connection until the test accepts it. */
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    f.gps_lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (f.gps_lfd < 0 || bind(f.gps_lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(f.gps_lfd, 8) != 0 || getsockname(f.gps_lfd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    worker_config *c = &f.cfg;
    snprintf(c->hub_url, sizeof c->hub_url, "%s", f.hub.url);
    snprintf(c->ca_file, sizeof c->ca_file, "%s", f.hub.ca);
    snprintf(c->server_pin, sizeof c->server_pin, "%s", f.hub.pin);
    snprintf(c->data_dir, sizeof c->data_dir, "%s", f.data);
    snprintf(c->token_file, sizeof c->token_file, "%s", f.hub.tokens[2]); /* field: petugas-01 */
    snprintf(c->profile, sizeof c->profile, "field");
    snprintf(c->photo_dir, sizeof c->photo_dir, "%s", f.photos);
    snprintf(c->gpsd_host, sizeof c->gpsd_host, "127.0.0.1");
    snprintf(c->gpsd_port, sizeof c->gpsd_port, "%d", ntohs(a.sin_port));
    c->connect_timeout_ms = 3000;
    c->request_timeout_ms = 10000;
    start_worker(&f);
    *state = &f;
    return 0;
}

HARNESS static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[400];
    stop_worker(f);
    hubtest_destroy(&f->hub);
    close(f->gps_lfd);
    image_quit();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (strncmp(f->dir, "/tmp/paraf-wfield-", 18) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    return 0;
}

/* ---- reports --------------------------------------------------------------------------------- */

HARNESS static field_report *report_new(const char *assignment_id)
{
    field_report *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(crypto_uuid4(r->report_id), CRYPTO_OK);
    snprintf(r->assignment_id, sizeof r->assignment_id, "%s", assignment_id);
    r->created_at = (int64_t)time(NULL);
    r->focus = -1;
    r->open = true;
    return r;
}

/* Saves and returns the answer (the caller frees); the answer carries the save's number. */
HARNESS static msg_result *save(fixture *f, const field_report *r)
{
    static int seq;
    msg_cmd *c = cmd_new(CMD_REPORT_SAVE, NULL, NULL, NULL);
    c->report = malloc(sizeof *c->report);
    assert_non_null(c->report);
    *c->report = *r;
    c->arg = ++seq;
    worker_send(f->w, c);
    msg_result *x = must(&f->q, RES_REPORT_SAVED, r->report_id);
    assert_int_equal(x->arg, seq);
    return x;
}

HARNESS static void save_ok(fixture *f, const field_report *r)
{
    msg_result *s = save(f, r);
    if (s->status != NET_OK)
        fail_msg("save: status %d code %s (%s)", s->status, s->code, s->text);
    assert_true(s->ok);
    result_free(s);
}

/* The stored report with this id, as CMD_REPORTS_LIST gives it; false when it is not listed. */
HARNESS static bool listed(fixture *f, const char *id, field_report *out)
{
    send_cmd(f, CMD_REPORTS_LIST, NULL, NULL, NULL);
    msg_result *r = must(&f->q, RES_REPORTS, NULL);
    assert_int_equal(r->status, NET_OK);
    bool found = false;
    for (size_t i = 0; i < r->n_reports && !found; i++)
        if (strcmp(r->reports[i].report_id, id) == 0) {
            found = true;
            if (out)
                *out = r->reports[i];
        }
    result_free(r);
    return found;
}

HARNESS static msg_result *photo_add(fixture *f, const char *rid, const char *key, const char *file)
{
    send_cmd(f, CMD_PHOTO_ADD, rid, key, file);
    return must(&f->q, RES_PHOTO_ADDED, rid);
}

HARNESS static field_photo photo_add_ok(fixture *f, const char *rid, const char *key,
                                        const char *file)
{
    msg_result *r = photo_add(f, rid, key, file);
    if (!r->ok)
        fail_msg("%s: problem %d status %d %s (%s)", file, r->arg, r->status, r->code, r->text);
    field_photo p = r->photo;
    result_free(r);
    return p;
}

HARNESS static const field_assignment *assignment(fixture *f, const char *id)
{
    const field_assignment *a = field_list_find(&f->list, id);
    if (!a)
        fail_msg("assignment %s is not in the list", id);
    return a;
}

/* A valid answer to every field of a's form; photo fields get their minimum from sources (one
 * file each, in turn). Returns the photos added. */
HARNESS static int fill(fixture *f, const field_assignment *a, field_report *r,
                        const char *const *sources, int n_sources, int extra_photos)
{
    int used = 0;
    save_ok(f, r);
    for (int i = 0; i < a->n_form; i++) {
        const form_field *ff = &a->form[i];
        field_answer *x = field_answer_for(r, ff->key);
        assert_non_null(x);
        switch (ff->kind) {
        case FK_TEXT:
            x->set = true;
            snprintf(x->text, sizeof x->text, "Diperiksa bersama petugas desa.");
            break;
        case FK_NUMBER:
            x->set = true;
            snprintf(x->text, sizeof x->text, "%g", ff->has_min ? ff->min : 12.0);
            break;
        case FK_CHOICE:
        case FK_MULTI:
            x->chosen = 1u;
            break;
        case FK_YESNO:
            x->set = x->yes = true;
            break;
        case FK_DATE:
            x->set = true;
            snprintf(x->text, sizeof x->text, "2020-07-06");
            break;
        case FK_LOCATION:
            x->set = true;
            x->loc = (gps_fix){.valid = true,
                               .lat = -8.4862,
                               .lon = 115.2471,
                               .accuracy_m = 4.5,
                               .fix_time = (int64_t)time(NULL) - 3,
                               .mode = GPS_MODE_3D,
                               .received_at = (int64_t)time(NULL) - 2};
            break;
        case FK_PHOTO: {
            int want = ff->min_photos + (used == 0 ? extra_photos : 0);
            for (int k = 0; k < want; k++, used++) /* sources are reused when they run out */
                r->photos[r->n_photos++] =
                    photo_add_ok(f, r->report_id, ff->key, sources[used % n_sources]);
            break;
        }
        default:
            break;
        }
    }
    save_ok(f, r);
    return used;
}

/* ---- the hub's database -----------------------------------------------------------------------
 */

HARNESS static char *vsql(fixture *f, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
HARNESS static char *sql(fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
HARNESS static int sql_int(fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

HARNESS static char *vsql(fixture *f, const char *fmt, va_list ap)
{
    char q[600];
    vsnprintf(q, sizeof q, fmt, ap);
    char *s = hubtest_sql(&f->hub, q);
    assert_non_null(s);
    return s;
}

HARNESS static char *sql(fixture *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vsql(f, fmt, ap);
    va_end(ap);
    return s;
}

HARNESS static int sql_int(fixture *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vsql(f, fmt, ap);
    va_end(ap);
    int v = (int)strtol(s, NULL, 10);
    free(s);
    return v;
}

#endif
