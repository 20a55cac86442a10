/* The device worker against a real paraf-hub on loopback HTTPS: enrolment from the token file,
 * inbox with ETag, item content hash, attachment pages, signed decisions and certified signing
 * (checked in the hub's database), the outbox across a hub outage, TLS pin failure, offline,
 * fault-injected answers, and the PIN. Every wait has a deadline. */
#include "hubtest.h"

#include "crypto.h"
#include "image.h"
#include "results_queue.h"
#include "worker.h"
#include "wire_json.h"

#include <SDL.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define WAIT_MS 15000

typedef struct {
    hubtest_hub hub;
    char dir[256]; /* the device's data directory */
    results q;
    worker *w;
    char key_id[65];
} fixture;

static void on_result(void *ctx, msg_result *r)
{
    results *q = ctx;
    msg_result *old = NULL;
    pthread_mutex_lock(&q->mu);
    /* RES_OUTBOX comes after every change of state: only the newest one is kept. */
    for (size_t i = 0; r->kind == RES_OUTBOX && i < q->n && !old; i++) {
        if (q->r[i]->kind == RES_OUTBOX) {
            old = q->r[i];
            memmove(&q->r[i], &q->r[i + 1], (q->n - i - 1) * sizeof q->r[0]);
            q->n--;
        }
    }
    if (q->n < RESULTS_MAX) {
        q->r[q->n++] = r;
        r = NULL;
    }
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    if (r) { /* overflow: should not happen in these tests */
        msg_result_free(r);
        free(r);
    }
    result_free(old);
}

/* Drops every queued result of this kind. */
static void results_drop(results *q, msg_result_kind kind)
{
    pthread_mutex_lock(&q->mu);
    size_t k = 0;
    for (size_t i = 0; i < q->n; i++) {
        if (q->r[i]->kind == kind)
            result_free(q->r[i]);
        else
            q->r[k++] = q->r[i];
    }
    q->n = k;
    pthread_mutex_unlock(&q->mu);
}

/* The first result of this kind (others stay queued), or NULL after ms milliseconds. */
static msg_result *wait_for(results *q, msg_result_kind kind, int ms)
{
    return results_wait(q, kind, NULL, ms);
}

/* The next RES_DECISION in the given state, skipping RETRYING ones when skip_retrying. */
static msg_result *wait_decision(results *q, decision_state st, bool skip_retrying)
{
    for (;;) {
        msg_result *r = wait_for(q, RES_DECISION, WAIT_MS);
        if (!r)
            fail_msg("no RES_DECISION (state %d) within %d ms", st, WAIT_MS);
        if (r->state == st)
            return r;
        if (!(skip_retrying && r->state == DECISION_RETRYING))
            fail_msg("decision state %d, expected %d (code '%s', %s)", r->state, st, r->code,
                     r->text);
        result_free(r);
    }
}

static void send_cmd(worker *w, msg_cmd_kind kind, const char *id, int arg, const char *text)
{
    msg_cmd *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->kind = kind;
    snprintf(c->id, sizeof c->id, "%s", id ? id : "");
    c->arg = arg;
    snprintf(c->text, sizeof c->text, "%s", text ? text : "");
    worker_send(w, c);
}

/* Sends a command and waits for the answer of kind rk. */
static msg_result *ask(fixture *f, worker *w, msg_cmd_kind k, const char *id, int arg,
                       const char *text, msg_result_kind rk)
{
    send_cmd(w, k, id, arg, text);
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
    snprintf(c->token_file, sizeof c->token_file, "%s", h->tokens[0]);
    snprintf(c->profile, sizeof c->profile, "approver");
    c->connect_timeout_ms = 3000;
    c->request_timeout_ms = 10000;
}

static void make_dir(char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/paraf-worker-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (strncmp(dir, "/tmp/paraf-worker-", 18) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* A worker on dir, started; returns its RES_STARTED (caller frees). */
static msg_result *start_worker(fixture *f, const worker_config *cfg, worker **out)
{
    *out = worker_start(cfg, on_result, &f->q);
    assert_non_null(*out);
    msg_result *r = ask(f, *out, CMD_START, NULL, 0, NULL, RES_STARTED);
    return r;
}

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    pthread_mutex_init(&f.q.mu, NULL);
    pthread_cond_init(&f.q.cv, NULL);
    if (image_init() != 0 || hubtest_start(&f.hub, args) != 0)
        return -1;
    make_dir(f.dir, sizeof f.dir);
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
    image_quit();
    return 0;
}

/* The hub's answer to an SQL query (malloc'd). */
static char *hub_sql(fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *hub_sql(fixture *f, const char *fmt, ...)
{
    char sql[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return hubtest_sql(&f->hub, sql);
}

#define assert_hub_sql(f, want, ...)                                                               \
    do {                                                                                           \
        char *v_ = hub_sql(f, __VA_ARGS__);                                                        \
        assert_string_equal(v_, want);                                                             \
        free(v_);                                                                                  \
    } while (0)

static char *device_file(fixture *f, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = calloc(1, 20000);
    assert_non_null(buf);
    assert_true(fread(buf, 1, 19999, fp) > 0);
    fclose(fp);
    return buf;
}

/* Whether the device's store (database and its WAL) holds these bytes anywhere. */
static bool store_contains(fixture *f, const char *needle)
{
    static const char *const names[] = {"device.db", "device.db-wal"};
    bool found = false;
    for (size_t i = 0; i < 2 && !found; i++) {
        char path[400];
        snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
        FILE *fp = fopen(path, "rb");
        char *buf = fp ? malloc(8 << 20) : NULL;
        size_t n = buf ? fread(buf, 1, 8 << 20, fp) : 0;
        size_t k = strlen(needle);
        for (size_t at = 0; buf && at + k <= n && !found; at++)
            found = memcmp(buf + at, needle, k) == 0;
        free(buf);
        if (fp)
            fclose(fp);
    }
    return found;
}

static void test_enrol_once(void **state)
{
    fixture *f = *state;
    worker_config cfg;
    config_for(&f->hub, f->dir, &cfg);
    worker *w = NULL;
    msg_result *r = start_worker(f, &cfg, &w);
    assert_true(r->enrolled);
    assert_int_equal(r->status, NET_OK);
    assert_string_equal(r->text, "sekda");
    assert_int_equal(r->arg, 0); /* no PIN yet */
    result_free(r);
    r = wait_for(&f->q, RES_ENROLLED, 1000);
    assert_non_null(r);
    result_free(r);
    char *key = device_file(f, "device.key");
    assert_int_equal(crypto_key_id(key, f->key_id), CRYPTO_OK);
    crypto_free(key);
    /* Right after enrolment, requests use the new certificate (no reuse of the connection that
     * enrolled without one). */
    r = ask(f, w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->inbox.count >= 20);
    result_free(r);
    worker_stop(w);

    /* A second start uses the stored identity: no enrolment, the same key. */
    r = start_worker(f, &cfg, &f->w);
    assert_true(r->enrolled);
    assert_string_equal(r->text, "sekda");
    result_free(r);
    /* ... and at once the inbox from the device's cache, before any request. */
    r = wait_for(&f->q, RES_INBOX, 1000);
    assert_non_null(r);
    assert_true(r->cached);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->inbox.count >= 20);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now);
    result_free(r);
    assert_null(wait_for(&f->q, RES_ENROLLED, 300));
    key = device_file(f, "device.key");
    char kid[65];
    assert_int_equal(crypto_key_id(key, kid), CRYPTO_OK);
    crypto_free(key);
    assert_string_equal(kid, f->key_id);
    assert_hub_sql(f, "1", "SELECT count(*) FROM devices");
    assert_hub_sql(f, "1", "SELECT count(*) FROM enroll_tokens WHERE used_at IS NOT NULL");
    assert_hub_sql(f, "sekda", "SELECT user_id FROM devices WHERE key_id='%s'", f->key_id);
}

static void test_pin(void **state)
{
    fixture *f = *state;
    msg_result *r = ask(f, f->w, CMD_PIN_SET, NULL, 0, "482915", RES_PIN_SET);
    assert_true(r->ok);
    result_free(r);
    r = ask(f, f->w, CMD_PIN_CHECK, NULL, PIN_FOR_UNLOCK, "000000", RES_PIN_RESULT);
    assert_false(r->ok);
    assert_int_equal(r->arg, PIN_FOR_UNLOCK);
    assert_string_equal(r->code, "1");
    result_free(r);
    r = ask(f, f->w, CMD_PIN_CHECK, NULL, PIN_FOR_DECISION, "482915", RES_PIN_RESULT);
    assert_true(r->ok);
    assert_int_equal(r->arg, PIN_FOR_DECISION);
    assert_string_equal(r->code, "0");
    result_free(r);
    /* Only a salted hash is stored. */
    assert_true(store_contains(f, f->key_id)); /* the search sees the store's rows */
    assert_false(store_contains(f, "482915"));
}

static void test_inbox(void **state)
{
    fixture *f = *state;
    msg_result *r = ask(f, f->w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->not_modified);
    assert_true(r->inbox.count >= 20);
    assert_true(r->inbox.etag[0] == '"');
    const inbox_row *row = &r->inbox.rows[0];
    assert_true(row->id[0] && row->title[0] && row->agency_code[0]);
    assert_true(row->received_at > 1577836800); /* after 2020-01-01 */
    assert_true(row->version >= 1);
    result_free(r);
    r = ask(f, f->w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->not_modified);
    assert_int_equal(r->inbox.count, 0);
    assert_true(r->now > 0);
    result_free(r);
}

/* Fetches an item through the worker; returns its RES_ITEM. */
static msg_result *fetch_item(fixture *f, const char *id)
{
    msg_result *r = ask(f, f->w, CMD_FETCH_ITEM, id, 0, NULL, RES_ITEM);
    assert_int_equal(r->status, NET_OK);
    assert_string_equal(r->id, id);
    assert_non_null(r->item);
    return r;
}

static void device_for_hubtest(fixture *f, hubtest_device *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->key_pem_path, sizeof d->key_pem_path, "%s/device.key", f->dir);
    snprintf(d->cert_path, sizeof d->cert_path, "%s/device.pem", f->dir);
}

/* The id of the nth pending item of a type, asked of the hub with the device's own files (the
 * worker's inbox answers 304 once it is current). */
static void find_row(fixture *f, const char *type, int nth, char *out, size_t cap)
{
    hubtest_device d;
    device_for_hubtest(f, &d);
    hubtest_resp r = hubtest_request(&f->hub, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body), *it;
    out[0] = '\0';
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItem(it, "type")->valuestring, type) == 0 && nth-- == 0) {
            snprintf(out, cap, "%s", cJSON_GetObjectItem(it, "id")->valuestring);
            break;
        }
    }
    cJSON_Delete(j);
    hubtest_resp_free(&r);
    if (!out[0])
        fail_msg("no %s item in the inbox", type);
}

static void test_item_and_attachment(void **state)
{
    fixture *f = *state;
    char id[65], path[200], sha[65];
    snprintf(id, sizeof id, "%s", "itm-0001");
    msg_result *r = fetch_item(f, id);
    /* The hash is over the exact bytes the hub serves. */
    hubtest_device d;
    device_for_hubtest(f, &d);
    snprintf(path, sizeof path, "/v1/items/%s", id);
    hubtest_resp h = hubtest_request(&f->hub, &d, "GET", path, NULL, NULL, 0);
    assert_int_equal(h.status, 200);
    crypto_sha256_hex(h.body, h.len, sha);
    assert_string_equal(r->content_sha256, sha);
    hubtest_resp_free(&h);
    assert_true(r->version >= 1);
    assert_string_equal(doc_str(doc_root(r->item), "id", ""), id);
    size_t pages = doc_len(doc_get(doc_root(r->item), "attachments"));
    assert_true(pages >= 1);
    result_free(r);

    r = ask(f, f->w, CMD_FETCH_ATTACHMENT, id, 1, NULL, RES_ATTACHMENT);
    assert_int_equal(r->status, NET_OK);
    assert_int_equal(r->arg, 1);
    assert_non_null(r->image);
    assert_int_equal(r->image_w, 992);
    assert_int_equal(r->image_h, 1403);
    assert_int_equal(((SDL_Surface *)r->image)->w, 992);
    result_free(r); /* frees the surface */

    r = ask(f, f->w, CMD_FETCH_ATTACHMENT, id, 99, NULL, RES_ATTACHMENT);
    assert_int_equal(r->status, NET_REFUSED);
    assert_string_equal(r->code, "attachment_not_found");
    assert_null(r->image);
    result_free(r);

    r = ask(f, f->w, CMD_FETCH_OFFICIALS, NULL, 0, NULL, RES_OFFICIALS);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->n_officials >= 5);
    assert_true(r->officials[0].id[0] && r->officials[0].name[0]);
    result_free(r);
}

/* A loopback port nobody listens on. */
static int dead_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
    socklen_t sl = sizeof sa;
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    close(s);
    return ntohs(sa.sin_port);
}

/* With the hub out of reach, the inbox, an item and its page come from the encrypted cache: the
 * real failure status, cached = true, synced_at, and the same content hash as online. */
static void test_offline_cache(void **state)
{
    fixture *f = *state;
    char id[65] = "itm-0001", title[200], row_title[200];
    msg_result *r = fetch_item(f, id);
    char sha[65];
    snprintf(sha, sizeof sha, "%s", r->content_sha256);
    int64_t version = r->version;
    snprintf(title, sizeof title, "%s", doc_str(doc_root(r->item), "title", ""));
    result_free(r);
    r = ask(f, f->w, CMD_FETCH_ATTACHMENT, id, 1, NULL, RES_ATTACHMENT);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->cached);
    result_free(r);
    r = ask(f, f->w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX); /* 304 or 200: either is fine */
    assert_int_equal(r->status, NET_OK);
    result_free(r);
    assert_true(strlen(title) > 8);

    worker_config cfg;
    config_for(&f->hub, f->dir, &cfg);
    snprintf(cfg.hub_url, sizeof cfg.hub_url, "https://127.0.0.1:%d", dead_port());
    worker *w = NULL;
    r = start_worker(f, &cfg, &w);
    assert_true(r->enrolled);
    result_free(r);
    r = wait_for(&f->q, RES_INBOX, WAIT_MS);
    assert_non_null(r);
    assert_true(r->cached);
    assert_true(r->inbox.count >= 20);
    result_free(r);

    r = ask(f, w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_true(r->inbox.count >= 20);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now);
    snprintf(row_title, sizeof row_title, "%s", r->inbox.rows[0].title);
    result_free(r);

    r = ask(f, w, CMD_FETCH_ITEM, id, 0, NULL, RES_ITEM);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_non_null(r->item);
    assert_string_equal(r->id, id);
    assert_string_equal(r->content_sha256, sha);
    assert_int_equal(r->version, version);
    assert_string_equal(doc_str(doc_root(r->item), "title", ""), title);
    result_free(r);

    r = ask(f, w, CMD_FETCH_ATTACHMENT, id, 1, NULL, RES_ATTACHMENT);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_non_null(r->image);
    assert_int_equal(r->image_w, 992);
    assert_int_equal(r->image_h, 1403);
    result_free(r);

    /* Never fetched: the failure alone. */
    r = ask(f, w, CMD_FETCH_ATTACHMENT, id, 2, NULL, RES_ATTACHMENT);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_false(r->cached);
    assert_null(r->image);
    result_free(r);
    r = ask(f, w, CMD_FETCH_ITEM, "itm-9999", 0, NULL, RES_ITEM);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_false(r->cached);
    assert_null(r->item);
    result_free(r);
    worker_stop(w);

    /* Cached at rest, but no readable item text in the database or its WAL. */
    assert_false(store_contains(f, title));
    assert_false(store_contains(f, row_title));
}

/* The first column of the first row of sql on device.db ("" when none; malloc'd). */
static char *device_sql(fixture *f, const char *sql)
{
    char path[400];
    snprintf(path, sizeof path, "%s/device.db", f->dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(db, 2000) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out ? out : strdup("");
}

/* The state of an outbox row, read straight from device.db (malloc'd). */
static char *outbox_state(fixture *f, const char *decision_id)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT state FROM outbox WHERE decision_id='%s'", decision_id);
    return device_sql(f, sql);
}

/* The inbox is cached under the user's id, and a 304 marks it current (an offline start later
 * shows the time of that 304, not of the last full answer). */
static void test_inbox_cache_current(void **state)
{
    fixture *f = *state;
    msg_result *r = ask(f, f->w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OK);
    result_free(r);
    char *key = device_sql(f, "SELECT group_concat(key) FROM cache WHERE kind='inbox'");
    assert_string_equal(key, "sekda");
    free(key);
    free(device_sql(f, "UPDATE cache SET fetched_at=1000 WHERE kind='inbox' RETURNING 1"));
    char *at = device_sql(f, "SELECT fetched_at FROM cache WHERE kind='inbox'");
    assert_string_equal(at, "1000");
    free(at);
    int64_t before = (int64_t)time(NULL);
    r = ask(f, f->w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->not_modified);
    result_free(r);
    at = device_sql(f, "SELECT fetched_at FROM cache WHERE kind='inbox'");
    assert_true(atoll(at) >= before);
    free(at);
}

/* A draft as the UI makes it: no decision id, time or key id. */
static void draft(const msg_result *item, const char *action, const char *note, wire_decision *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->item_id, sizeof d->item_id, "%s", item->id);
    d->item_version = item->version;
    memcpy(d->content_sha256, item->content_sha256, sizeof d->content_sha256);
    snprintf(d->action, sizeof d->action, "%s", action);
    snprintf(d->note, sizeof d->note, "%s", note);
    snprintf(d->signer, sizeof d->signer, "sekda");
    snprintf(d->role, sizeof d->role, "sekda");
}

static void send_decision(fixture *f, msg_cmd_kind kind, const wire_decision *d, const char *pass)
{
    msg_cmd *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->kind = kind;
    c->decision = *d;
    snprintf(c->id, sizeof c->id, "%s", d->item_id);
    if (pass)
        snprintf(c->text, sizeof c->text, "%s", pass);
    worker_send(f->w, c);
}

/* The stored decision re-verifies: JSON -> decision -> canonical bytes -> device signature. */
static void verify_stored(fixture *f, const char *decision_id)
{
    char sig_b64[WIRE_SIG_B64_MAX], why[120], canon[WIRE_CANON_MAX];
    assert_hub_sql(f, "1", "SELECT count(*) FROM decisions WHERE decision_id='%s'", decision_id);
    char *payload = hub_sql(f, "SELECT payload FROM decisions WHERE decision_id='%s'", decision_id);
    cJSON *j = cJSON_Parse(payload);
    wire_decision d;
    assert_int_equal(wire_decision_from_json(j, &d, sig_b64, why, sizeof why), WIRE_OK);
    assert_string_equal(d.device_key_id, f->key_id);
    size_t clen = 0, slen = 0;
    assert_int_equal(wire_decision_canonical(&d, canon, sizeof canon, &clen), WIRE_OK);
    assert_hub_sql(f, canon, "SELECT canonical FROM decisions WHERE decision_id='%s'", decision_id);
    uint8_t sig[CRYPTO_SIG_MAX];
    assert_int_equal(crypto_base64_decode(sig_b64, strlen(sig_b64), sig, sizeof sig, &slen),
                     CRYPTO_OK);
    char *cert = device_file(f, "device.pem");
    assert_int_equal(crypto_verify(cert, canon, clen, sig, slen), CRYPTO_OK);
    free(cert);
    cJSON_Delete(j);
    free(payload);
}

static void test_decision(void **state)
{
    fixture *f = *state;
    char id[65], did[65];
    find_row(f, "revenue_report", 0, id, sizeof id);
    msg_result *item = fetch_item(f, id);
    wire_decision d;
    draft(item, "acknowledge", "Terima kasih, lanjutkan intensifikasi PKB.", &d);
    result_free(item);
    send_decision(f, CMD_DECIDE, &d, NULL);
    msg_result *r = wait_decision(&f->q, DECISION_SAVED, false);
    snprintf(did, sizeof did, "%s", r->id);
    assert_int_equal(strlen(did), 36);
    result_free(r);
    r = wait_decision(&f->q, DECISION_ACCEPTED, false);
    assert_string_equal(r->id, did);
    result_free(r);

    assert_hub_sql(f, "1", "SELECT count(*) FROM decisions WHERE item_id='%s'", id);
    verify_stored(f, did);
    /* The outbox keeps the signed body sealed: the note is nowhere in the store. */
    assert_true(store_contains(f, did)); /* the search sees the store's rows */
    assert_false(store_contains(f, "Terima kasih, lanjutkan intensifikasi PKB."));

    /* The same item again: 409 from the hub, a conflict with its code (final). */
    send_decision(f, CMD_DECIDE, &d, NULL);
    r = wait_decision(&f->q, DECISION_SAVED, false);
    char did2[65];
    snprintf(did2, sizeof did2, "%s", r->id);
    result_free(r);
    r = wait_decision(&f->q, DECISION_CONFLICT, false);
    assert_int_equal(r->status, NET_REFUSED);
    assert_true(strcmp(r->code, "already_decided") == 0 || strcmp(r->code, "stale_version") == 0);
    result_free(r);
    char *st = outbox_state(f, did2);
    assert_string_equal(st, "conflict");
    free(st);

    /* The outbox screen: newest first, with action, title (from the cache), state and code. */
    results_drop(&f->q, RES_OUTBOX);
    r = ask(f, f->w, CMD_OUTBOX_LIST, NULL, 0, NULL, RES_OUTBOX);
    assert_true(r->n_outbox >= 2);
    const outbox_entry *e = &r->outbox[0];
    assert_string_equal(e->decision_id, did2);
    assert_string_equal(e->item_id, id);
    assert_string_equal(e->action, "acknowledge");
    assert_true(e->title[0] != '\0');
    assert_int_equal(e->state, DECISION_CONFLICT);
    assert_true(strcmp(e->code, "already_decided") == 0 || strcmp(e->code, "stale_version") == 0);
    assert_true(e->created_at > 0 && e->updated_at >= e->created_at);
    e = &r->outbox[1];
    assert_string_equal(e->decision_id, did);
    assert_int_equal(e->state, DECISION_ACCEPTED);
    assert_int_equal(e->attempts, 0);
    for (size_t i = 1; i < r->n_outbox; i++)
        assert_true(r->outbox[i - 1].created_at >= r->outbox[i].created_at);
    result_free(r);
}

static void test_sign_letter(void **state)
{
    fixture *f = *state;
    char id[65];
    find_row(f, "letter_out", 0, id, sizeof id);
    msg_result *item = fetch_item(f, id);
    wire_decision d;
    draft(item, "sign", "", &d);
    result_free(item);
    send_decision(f, CMD_SIGN_LETTER, &d, "salah-sandi");
    result_free(wait_decision(&f->q, DECISION_SAVED, false));
    msg_result *r = wait_decision(&f->q, DECISION_REJECTED, false);
    assert_int_equal(r->status, NET_REFUSED);
    assert_string_equal(r->code, "passphrase_wrong");
    result_free(r);
    send_decision(f, CMD_SIGN_LETTER, &d, "Paraf#Bali2020");
    r = wait_decision(&f->q, DECISION_SAVED, false);
    char did[65];
    snprintf(did, sizeof did, "%s", r->id);
    result_free(r);
    r = wait_decision(&f->q, DECISION_ACCEPTED, false);
    assert_string_equal(r->id, did);
    result_free(r);
    assert_hub_sql(f, "1", "SELECT count(*) FROM certified_signatures WHERE decision_id='%s'", did);
    verify_stored(f, did);
    /* The passphrase is not in the device's store. */
    assert_false(store_contains(f, "Paraf#Bali"));
}

static int hub_port(const hubtest_hub *h)
{
    const char *colon = strrchr(h->url, ':');
    return colon ? (int)strtol(colon + 1, NULL, 10) : 0;
}

static void test_outbox_survives_outage(void **state)
{
    fixture *f = *state;
    char id[65], id2[65], did[65], did2[65], listen[40];
    find_row(f, "spj", 0, id, sizeof id);
    find_row(f, "spj", 1, id2, sizeof id2);
    msg_result *item = fetch_item(f, id);
    wire_decision d, d2;
    draft(item, "approve", "", &d);
    result_free(item);
    item = fetch_item(f, id2);
    draft(item, "approve", "", &d2);
    result_free(item);
    assert_int_equal(hubtest_stop(&f->hub), 0);

    send_decision(f, CMD_DECIDE, &d, NULL);
    msg_result *r = wait_decision(&f->q, DECISION_SAVED, false);
    snprintf(did, sizeof did, "%s", r->id);
    result_free(r);
    r = wait_decision(&f->q, DECISION_RETRYING, false);
    assert_int_equal(r->status, NET_OFFLINE);
    result_free(r);
    char *s = outbox_state(f, did);
    assert_string_equal(s, "pending");
    free(s);
    results_drop(&f->q, RES_OUTBOX);
    r = ask(f, f->w, CMD_OUTBOX_LIST, NULL, 0, NULL, RES_OUTBOX);
    assert_true(r->n_outbox >= 1);
    assert_string_equal(r->outbox[0].decision_id, did);
    assert_int_equal(r->outbox[0].state, DECISION_RETRYING);
    assert_string_equal(r->outbox[0].code, "offline");
    assert_true(r->outbox[0].attempts >= 1);
    assert_string_equal(r->outbox[0].action, "approve");
    result_free(r);
    /* A second decision while the hub is away: it queues behind the first. */
    send_decision(f, CMD_DECIDE, &d2, NULL);
    r = wait_decision(&f->q, DECISION_SAVED, true);
    snprintf(did2, sizeof did2, "%s", r->id);
    result_free(r);

    /* A certified signature that surely never left the device cannot be retried without the
     * passphrase, which is gone: the user is asked for it again. */
    wire_decision sign = d;
    snprintf(sign.action, sizeof sign.action, "sign");
    send_decision(f, CMD_SIGN_LETTER, &sign, "Paraf#Bali2020");
    result_free(wait_decision(&f->q, DECISION_SAVED, true)); /* skips the approval's retries */
    r = wait_decision(&f->q, DECISION_REJECTED, true);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_string_equal(r->code, "passphrase_needed");
    result_free(r);

    /* The hub comes back on the same address. */
    snprintf(listen, sizeof listen, "127.0.0.1:%d", hub_port(&f->hub));
    const char *args[] = {"--listen", listen, NULL};
    assert_int_equal(hubtest_restart(&f->hub, args), 0);
    /* "Kirim sekarang": whatever the backoff says, the pending entry goes now. */
    send_cmd(f->w, CMD_OUTBOX_SEND_NOW, NULL, 0, NULL);
    r = wait_decision(&f->q, DECISION_ACCEPTED, true);
    assert_string_equal(r->id, did);
    result_free(r);
    r = wait_decision(&f->q, DECISION_ACCEPTED, true); /* in the order they were made */
    assert_string_equal(r->id, did2);
    result_free(r);
    assert_hub_sql(f, "1", "SELECT count(*) FROM decisions WHERE item_id='%s'", id2);
    assert_hub_sql(f, "1", "SELECT count(*) FROM decisions WHERE item_id='%s'", id);
    verify_stored(f, did);
    s = outbox_state(f, did);
    assert_string_equal(s, "accepted");
    free(s);
}

/* A worker on a fresh data directory with cfg; its RES_STARTED. */
static msg_result *fresh_start(fixture *f, worker_config *cfg, char *dir, size_t cap)
{
    worker *w = NULL;
    make_dir(dir, cap);
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", dir);
    msg_result *r = start_worker(f, cfg, &w);
    worker_stop(w);
    return r;
}

static void test_wrong_pin_and_offline(void **state)
{
    fixture *f = *state;
    char dir[256];
    worker_config cfg;
    config_for(&f->hub, f->dir, &cfg);
    snprintf(cfg.server_pin, sizeof cfg.server_pin,
             "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    msg_result *r = fresh_start(f, &cfg, dir, sizeof dir);
    assert_false(r->enrolled);
    assert_int_equal(r->status, NET_TLS);
    result_free(r);
    remove_dir(dir);

    /* A port nobody listens on. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
    socklen_t sl = sizeof sa;
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    close(s);
    config_for(&f->hub, f->dir, &cfg);
    snprintf(cfg.hub_url, sizeof cfg.hub_url, "https://127.0.0.1:%d", ntohs(sa.sin_port));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = fresh_start(f, &cfg, dir, sizeof dir);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_false(r->enrolled);
    assert_int_equal(r->status, NET_OFFLINE);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    assert_true(ms < cfg.connect_timeout_ms);
    result_free(r);
    remove_dir(dir);

    /* Plain http to a non-loopback host is refused before any connection. */
    snprintf(cfg.hub_url, sizeof cfg.hub_url, "http://192.0.2.1:8080");
    assert_null(worker_start(&cfg, on_result, &f->q));
}

/* A hub with one fault on /v1/inbox: the worker enrols, then fetches the inbox. */
static void fault_case(fixture *f, const char *opt, const char *val, net_status want)
{
    hubtest_hub h;
    char dir[256];
    const char *args[] = {opt, val, "--fault-path", "/v1/inbox", NULL};
    assert_int_equal(hubtest_start(&h, args), 0);
    worker_config cfg;
    config_for(&h, f->dir, &cfg);
    make_dir(dir, sizeof dir);
    snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", dir);
    worker *w = NULL;
    msg_result *r = start_worker(f, &cfg, &w);
    assert_true(r->enrolled);
    result_free(r);
    r = ask(f, w, CMD_FETCH_INBOX, NULL, 0, NULL, RES_INBOX);
    assert_int_equal(r->status, want);
    assert_int_equal(r->inbox.count, 0);
    result_free(r);
    worker_stop(w);
    results_clear(&f->q);
    hubtest_destroy(&h);
    remove_dir(dir);
}

static void test_faults(void **state)
{
    fixture *f = *state;
    fault_case(f, "--fault-malformed", "1", NET_MALFORMED);
    fault_case(f, "--fault-truncate", "1", NET_MALFORMED);
    fault_case(f, "--fault-5xx", "1", NET_SERVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enrol_once),
        cmocka_unit_test(test_pin),
        cmocka_unit_test(test_inbox),
        cmocka_unit_test(test_item_and_attachment),
        cmocka_unit_test(test_offline_cache),
        cmocka_unit_test(test_inbox_cache_current),
        cmocka_unit_test(test_decision),
        cmocka_unit_test(test_sign_letter),
        cmocka_unit_test(test_outbox_survives_outage),
        cmocka_unit_test(test_wrong_pin_and_offline),
        cmocka_unit_test(test_faults),
    };
    return cmocka_run_group_tests_name("worker", tests, setup, teardown);
}
