/* worker: the second thread. It owns libcurl (http.c), the store (store.c) and the device key.
 * Commands arrive through a locked queue and a curl_multi_wakeup; each answer is a heap
 * msg_result handed to the post callback. This file holds the thread, the queue, enrolment and
 * the PIN; reads are in worker_fetch.c, signed decisions in worker_outbox.c, the board in
 * worker_board.c, the field officer's work in worker_field.c and worker_report.c. */
#include "worker_int.h"

#include "crypto.h"
#include "doc_json.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int64_t clock_skew_ms;

void worker_set_clock_skew_ms(int64_t ms)
{
    atomic_store(&clock_skew_ms, ms);
}

int64_t worker_wall_s(void)
{
    return (int64_t)time(NULL) + atomic_load(&clock_skew_ms) / 1000;
}

int64_t worker_program_ms(void)
{
    return worker_mono_ms() + atomic_load(&clock_skew_ms);
}

int64_t worker_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

msg_result *worker_result(msg_result_kind kind)
{
    msg_result *r = calloc(1, sizeof *r);
    if (r) {
        r->kind = kind;
        r->now = worker_wall_s();
    }
    return r;
}

void worker_post(worker *w, msg_result *r)
{
    if (r)
        w->post(w->ctx, r);
    else
        fprintf(stderr, "paraf: worker: out of memory; a result was dropped\n");
}

void worker_copy_utf8(char *dst, size_t cap, const char *src)
{
    fmt_copy_utf8(dst, cap, src);
}

void worker_copy_status(msg_result *r, const http_result *h)
{
    r->status = h->status;
    snprintf(r->code, sizeof r->code, "%s", h->code);
    snprintf(r->text, sizeof r->text, "%s", h->text);
}

void worker_malformed(msg_result *r, const char *why)
{
    r->status = NET_MALFORMED;
    r->code[0] = '\0';
    snprintf(r->text, sizeof r->text, "%s", why);
}

bool worker_store(worker *w)
{
    char err[300];
    if (!w->st && !(w->st = store_open2(w->cfg.data_dir, err, sizeof err, &w->st_err)))
        fprintf(stderr, "paraf: worker: %s\n", err);
    return w->st != NULL;
}

bool worker_submit(worker *w, const char *method, const char *path, char *body, size_t cap, int tag,
                   int arg, const char *ref, const char *etag, const char *idem)
{
    http_request rq = {.method = method,
                       .path = path,
                       .body = body,
                       .body_len = body ? strlen(body) : 0,
                       .if_none_match = etag,
                       .idempotency_key = idem,
                       .cap = cap,
                       .client_cert = tag != TAG_ENROLL,
                       .tag = tag,
                       .arg = arg,
                       .ref = ref};
    return http_submit(w->http, &rq);
}

/* ---- enrolment ------------------------------------------------------------------------------- */

static void worker_started(worker *w, const http_result *fail)
{
    msg_result *r = worker_result(RES_STARTED);
    if (!r) {
        worker_post(w, r);
        return;
    }
    r->enrolled = w->enrolled;
    r->arg = w->st && store_pin_exists(w->st) ? 1 : 0;
    snprintf(r->text, sizeof r->text, "%s", w->id.user_id);
    if (fail)
        worker_copy_status(r, fail);
    worker_post(w, r);
}

/* Enrolled when the identity row and both files exist, and key and certificate are the
 * identity's key (a half-finished enrolment leaves the certificate missing). */
static void worker_identity_load(worker *w)
{
    char kid[CRYPTO_SHA256_HEX], cert_kid[CRYPTO_SHA256_HEX];
    char *key = NULL, *cert = NULL;
    if (store_identity_get(w->st, &w->id) != STORE_OK ||
        store_file_read(w->cert_path, WORKER_KEY_MAX, &cert) != STORE_OK ||
        store_file_read(w->key_path, WORKER_KEY_MAX, &key) != STORE_OK ||
        crypto_key_id(key, kid) != CRYPTO_OK || crypto_key_id(cert, cert_kid) != CRYPTO_OK ||
        strcmp(kid, w->id.key_id) != 0 || strcmp(cert_kid, kid) != 0) {
        crypto_free(key);
        memset(&w->id, 0, sizeof w->id);
    } else {
        w->key_pem = key;
        w->enrolled = true;
        http_set_client(w->http, w->cert_path, w->key_path);
    }
    crypto_free(cert);
}

void worker_enrol_fail(worker *w, net_status st, const char *code, const char *text)
{
    http_result f = {.status = st};
    snprintf(f.code, sizeof f.code, "%s", code);
    snprintf(f.text, sizeof f.text, "%s", text);
    worker_started(w, &f);
    if (w->inbox_after_enrol) {
        w->inbox_after_enrol = false;
        msg_result *r = worker_result(RES_INBOX);
        if (r) {
            worker_copy_status(r, &f);
            (void)worker_from_cache(w, r); /* before enrolment completes: the cached copy */
        }
        worker_post(w, r);
    }
}

void worker_enrol_begin(worker *w)
{
    char *token = NULL, *csr = NULL, *body = NULL;
    cJSON *o = NULL;
    if (w->enrolling)
        return;
    if (store_file_read(w->cfg.token_file, 4096, &token) != STORE_OK) {
        worker_enrol_fail(w, NET_REFUSED, "token_missing", "the enrolment token file is missing");
        goto out;
    }
    token[strcspn(token, " \t\r\n")] = '\0';
    crypto_free(w->pending_key);
    w->pending_key = NULL;
    if (crypto_key_generate(&w->pending_key) != CRYPTO_OK ||
        crypto_csr_create(w->pending_key, "CN=paraf-device,O=Pemprov Bali", &csr) != CRYPTO_OK ||
        !(o = cJSON_CreateObject()) || !cJSON_AddStringToObject(o, "token", token) ||
        !cJSON_AddStringToObject(o, "csr", csr) || !(body = cJSON_PrintUnformatted(o))) {
        worker_enrol_fail(w, NET_REFUSED, "key_failed", "the device key could not be made");
        goto out;
    }
    w->enrolling = worker_submit(w, "POST", "/v1/devices/enroll", body, 64 * 1024, TAG_ENROLL, 0,
                                 NULL, NULL, NULL);
    body = NULL; /* http owns it now */
    if (!w->enrolling)
        worker_enrol_fail(w, NET_MALFORMED, "", "out of memory");
out:
    if (o) {
        cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "token");
        if (cJSON_IsString(t))
            crypto_zero(t->valuestring, strlen(t->valuestring));
    }
    cJSON_Delete(o);
    crypto_free(token);
    crypto_free(csr);
    free(body);
}

static void worker_enrol_done(worker *w, http_result *h)
{
    w->enrolling = false;
    doc *d = NULL;
    char why[120] = "", kid[CRYPTO_SHA256_HEX], cert_kid[CRYPTO_SHA256_HEX];
    if (h->status != NET_OK) {
        worker_enrol_fail(w, h->status, h->code, h->text);
        goto out;
    }
    d = h->http_status == 201 ? doc_from_json(h->body, h->len, why, sizeof why) : NULL;
    const doc_node *root = doc_root(d), *dev = doc_get(root, "device");
    const char *cert = doc_str(root, "certificate", NULL);
    const char *user = doc_str(dev, "user_id", "");
    store_identity id = {.enrolled_at = (int64_t)time(NULL)};
    /* The certificate must be for the key we made, and the ids of a sane size. */
    if (!cert || crypto_key_id(w->pending_key, kid) != CRYPTO_OK ||
        crypto_key_id(cert, cert_kid) != CRYPTO_OK || strcmp(kid, cert_kid) != 0 ||
        strcmp(kid, doc_str(dev, "key_id", "")) != 0 || !wire_id_valid(user) ||
        strlen(doc_str(dev, "profile", "")) >= sizeof id.profile) {
        worker_enrol_fail(w, NET_MALFORMED, "", why[0] ? why : "not an enrolment answer");
        goto out;
    }
    snprintf(id.user_id, sizeof id.user_id, "%s", user);
    snprintf(id.profile, sizeof id.profile, "%s", doc_str(dev, "profile", ""));
    snprintf(id.key_id, sizeof id.key_id, "%s", kid);
    /* Identity first, certificate last: the certificate's presence marks a finished enrolment.
     * Nothing cached for an earlier identity may show to this one. */
    store_err se = store_cache_clear(w->st);
    if (se == STORE_OK)
        se = store_identity_set(w->st, &id);
    if (se == STORE_OK)
        se = store_file_write(w->cfg.data_dir, "device.key", w->pending_key, strlen(w->pending_key),
                              0600);
    if (se == STORE_OK)
        se = store_file_write(w->cfg.data_dir, "device.pem", cert, strlen(cert), 0644);
    if (se != STORE_OK) {
        worker_enrol_fail(w, NET_STORAGE, store_err_code(se), "the device key could not be saved");
        goto out;
    }
    w->id = id;
    crypto_free(w->key_pem);
    w->key_pem = w->pending_key;
    w->pending_key = NULL;
    w->enrolled = true;
    http_set_client(w->http, w->cert_path, w->key_path);
    fprintf(stderr, "paraf: enrolled as %s (key %.12s)\n", id.user_id, id.key_id);
    msg_result *r = worker_result(RES_ENROLLED);
    if (r) {
        r->enrolled = true;
        snprintf(r->text, sizeof r->text, "%s", id.user_id);
    }
    worker_post(w, r);
    worker_started(w, NULL);
    worker_outbox_resume(w);
    worker_reports_resume(w);
    if (w->inbox_after_enrol) {
        w->inbox_after_enrol = false;
        worker_fetch_inbox(w);
    }
out:
    crypto_free(w->pending_key);
    w->pending_key = NULL;
    doc_free(d);
}

static void worker_start_cmd(worker *w)
{
    if (!worker_store(w)) {
        http_result f = {.status = NET_STORAGE};
        snprintf(f.code, sizeof f.code, "%s", store_err_code(w->st_err));
        snprintf(f.text, sizeof f.text, "the device store cannot be opened");
        worker_started(w, &f);
        return;
    }
    if (!w->enrolled)
        worker_identity_load(w);
    if (w->enrolled)
        worker_started(w, NULL);
    /* The screen fills at once from the cache, before any answer from the hub. */
    msg_result *r = worker_result(RES_INBOX);
    if (r && worker_from_cache(w, r)) {
        worker_post(w, r);
    } else if (r) {
        msg_result_free(r);
        free(r);
    }
    worker_board_start(w); /* the board profile: its cached board at once */
    worker_field_start(w); /* the field profile: its cached assignments, gpsd */
    if (w->enrolled) {
        worker_outbox_resume(w);
        worker_reports_resume(w);
    } else {
        worker_enrol_begin(w);
    }
}

/* ---- PIN ------------------------------------------------------------------------------------- */

static void worker_pin(worker *w, const msg_cmd *c)
{
    bool set = c->kind == CMD_PIN_SET;
    msg_result *r = worker_result(set ? RES_PIN_SET : RES_PIN_RESULT);
    if (!r) {
        worker_post(w, r);
        return;
    }
    size_t len = strnlen(c->text, sizeof c->text);
    r->arg = c->arg;
    if (!worker_store(w)) {
        snprintf(r->text, sizeof r->text, "the device store cannot be opened");
    } else if (set) {
        r->ok = len > 0 && store_pin_set(w->st, c->text, len) == STORE_OK;
    } else {
        int failed = 0;
        store_err e = store_pin_check(w->st, c->text, len, &r->ok, &failed);
        snprintf(r->code, sizeof r->code, "%d", failed);
        if (e != STORE_OK)
            snprintf(r->text, sizeof r->text, "%s",
                     e == STORE_NOT_FOUND ? "no PIN is set" : "the PIN cannot be checked");
    }
    worker_post(w, r);
}

/* ---- thread ---------------------------------------------------------------------------------- */

static void worker_command(worker *w, msg_cmd *c)
{
    switch (c->kind) {
    case CMD_START:
        worker_start_cmd(w);
        break;
    case CMD_PIN_SET:
    case CMD_PIN_CHECK:
        worker_pin(w, c);
        break;
    case CMD_FETCH_INBOX:
        worker_fetch_inbox(w);
        break;
    case CMD_FETCH_ITEM:
    case CMD_FETCH_ATTACHMENT:
        worker_fetch(w, c);
        break;
    case CMD_FETCH_OFFICIALS:
        worker_fetch_officials(w);
        break;
    case CMD_DECIDE:
    case CMD_SIGN_LETTER:
        worker_decide(w, c);
        break;
    case CMD_OUTBOX_SEND_NOW:
        worker_outbox_resume(w);  /* backoff reset: every pending entry is due now */
        worker_reports_resume(w); /* and every waiting field report */
        break;
    case CMD_OUTBOX_LIST:
        worker_outbox_post(w);
        break;
    case CMD_FETCH_BOARD:
        worker_fetch_board(w);
        break;
    case CMD_HEARTBEAT:
        worker_heartbeat(w, c->arg);
        break;
    case CMD_FETCH_ASSIGNMENTS:
    case CMD_REPORTS_LIST:
    case CMD_REPORT_SAVE:
    case CMD_REPORT_SUBMIT:
    case CMD_REPORT_DISCARD:
    case CMD_PHOTO_SCAN:
    case CMD_PHOTO_THUMB:
    case CMD_PHOTO_ADD:
    case CMD_PHOTO_REMOVE:
        worker_field_command(w, c);
        break;
    case CMD_STOP:
        pthread_mutex_lock(&w->mu);
        w->stopping = true;
        pthread_mutex_unlock(&w->mu);
        break;
    }
}

static void worker_finished(worker *w, http_result *h)
{
    switch (h->tag) {
    case TAG_ENROLL:
        worker_enrol_done(w, h);
        break;
    case TAG_INBOX:
        worker_inbox_done(w, h);
        break;
    case TAG_ITEM:
        worker_item_done(w, h);
        break;
    case TAG_ATTACHMENT:
        worker_attachment_done(w, h);
        break;
    case TAG_OFFICIALS:
        worker_officials_done(w, h);
        break;
    case TAG_DECISION:
        worker_decision_done(w, h);
        break;
    case TAG_SERVICES:
    case TAG_ANNOUNCEMENTS:
        worker_board_done(w, h);
        break;
    case TAG_HEARTBEAT:
        worker_heartbeat_done(w, h);
        break;
    case TAG_ASSIGNMENTS:
        worker_assignments_done(w, h);
        break;
    case TAG_REPORT_POST:
    case TAG_REPORT_FILE:
        worker_report_done(w, h);
        return;
    }
    /* The hub answered: a report waiting out its backoff goes now (the network is back). */
    if (h->status == NET_OK)
        worker_reports_kick(w);
}

/* Hands every finished request to its owner. */
static void worker_drain(worker *w)
{
    http_result *h;
    while ((h = http_take(w->http)) != NULL) {
        atomic_fetch_add(&w->n_requests, 1);
        atomic_fetch_add(&w->n_connects, h->connects > 0 ? (unsigned long)h->connects : 0);
        worker_finished(w, h);
        http_result_free(h);
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        bool stop = w->stopping;
        msg_cmd **q = w->queue;
        size_t n = w->qlen;
        w->queue = NULL;
        w->qlen = w->qcap = 0;
        pthread_mutex_unlock(&w->mu);
        for (size_t i = 0; i < n; i++) {
            if (!stop)
                worker_command(w, q[i]);
            msg_cmd_free(q[i]);
            free(q[i]);
        }
        free(q);
        if (stop)
            break;
        /* At most one photo per turn: transfers in flight keep moving between photos. */
        bool more = worker_field_step(w);
        int64_t wait = worker_outbox_flush(w, worker_outbox_due(w));
        int64_t reports = worker_reports_due(w);
        wait = worker_gps_poll(w, reports < wait ? reports : wait);
        if (more)
            wait = 0;
        http_poll_fd(w->http, (int)(wait < 5000 ? wait : 5000), worker_gps_fd(w));
        worker_drain(w);
        /* Before the next photo, the transfers get a short turn of their own (a handshake or a
         * request and its answer take several round trips, each one a poll). */
        int64_t end = worker_mono_ms() + WORKER_PHOTO_NET_MS;
        while (more && http_active(w->http) > 0 && worker_mono_ms() < end) {
            http_poll_fd(w->http, 5, worker_gps_fd(w));
            worker_drain(w);
        }
    }
    return NULL;
}

void worker_counts(worker *w, unsigned long *requests, unsigned long *connects)
{
    *requests = atomic_load(&w->n_requests);
    *connects = atomic_load(&w->n_connects);
}

worker *worker_start(const worker_config *cfg, worker_post_fn post, void *ctx)
{
    char err[300];
    worker *w = calloc(1, sizeof *w);
    if (!w || !post)
        goto fail;
    w->cfg = *cfg;
    if (!w->cfg.max_json_bytes)
        w->cfg.max_json_bytes = 2 * 1024 * 1024;
    if (!w->cfg.max_image_bytes)
        w->cfg.max_image_bytes = 8 * 1024 * 1024;
    w->post = post;
    w->ctx = ctx;
    int a = snprintf(w->key_path, sizeof w->key_path, "%s/device.key", cfg->data_dir);
    int b = snprintf(w->cert_path, sizeof w->cert_path, "%s/device.pem", cfg->data_dir);
    if (a < 0 || b < 0 || (size_t)a >= sizeof w->key_path || (size_t)b >= sizeof w->cert_path) {
        fprintf(stderr, "paraf: worker: data directory path too long\n");
        goto fail;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    w->http = http_create(&w->cfg, err, sizeof err);
    if (!w->http) {
        fprintf(stderr, "paraf: worker: %s\n", err);
        curl_global_cleanup();
        goto fail;
    }
    if (pthread_mutex_init(&w->mu, NULL) != 0)
        goto fail_http;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        goto fail_http;
    }
    return w;
fail_http:
    http_destroy(w->http);
    curl_global_cleanup();
fail:
    free(w);
    return NULL;
}

void worker_send(worker *w, msg_cmd *cmd)
{
    if (!w || !cmd)
        return;
    bool queued = false;
    pthread_mutex_lock(&w->mu);
    if (!w->stopping && w->qlen == w->qcap) {
        size_t ncap = w->qcap ? w->qcap * 2 : 16;
        msg_cmd **nq = realloc(w->queue, ncap * sizeof *nq);
        if (nq) {
            w->queue = nq;
            w->qcap = ncap;
        }
    }
    if (!w->stopping && w->qlen < w->qcap) {
        w->queue[w->qlen++] = cmd;
        queued = true;
    }
    pthread_mutex_unlock(&w->mu);
    if (queued) {
        http_wakeup(w->http);
    } else {
        fprintf(stderr, "paraf: worker: command %d dropped (stopping or out of memory)\n",
                (int)cmd->kind);
        msg_cmd_free(cmd);
        free(cmd);
    }
}

void worker_stop(worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_mutex_unlock(&w->mu);
    http_wakeup(w->http);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->qlen; i++) {
        msg_cmd_free(w->queue[i]);
        free(w->queue[i]);
    }
    free(w->queue);
    http_destroy(w->http); /* abandons requests in flight; the outbox keeps their rows */
    curl_global_cleanup();
    worker_jobs_free(w);
    worker_uploads_free(w);
    worker_field_free(w);
    worker_cache_free(w);
    store_close(w->st);
    crypto_free(w->key_pem);
    crypto_free(w->pending_key);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
