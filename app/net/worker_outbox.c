/* worker_outbox: signed decisions. A decision is signed with the device key over its canonical
 * bytes, committed to the outbox, and only then reported "saved"; it is sent with its decision id
 * as Idempotency-Key until the hub gives a final answer (2xx echoing the id, 409 = conflict, or
 * another 4xx = rejected), with backoff min(60 s, 1 s x 2^(tries-1)) +-25 % jitter. The outbox
 * drains in the order the decisions were made, one request at a time. A certified signature carries
 * the passphrase once, from memory; the outbox keeps the request without it, and a retry after a
 * lost answer asks the hub for the stored result (api.md §6). */
#include "worker_int.h"

#include "crypto.h"
#include "doc_json.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The code of a signing request the hub never received with its passphrase: the user enters it
 * again (the request cannot be retried without it). */
#define WORKER_PASSPHRASE_NEEDED "passphrase_needed"

static worker_job *worker_job_find(worker *w, const char *decision_id)
{
    for (worker_job *j = w->jobs; j; j = j->next)
        if (strcmp(j->decision_id, decision_id) == 0)
            return j;
    return NULL;
}

/* Takes ownership of body. */
static worker_job *worker_job_add(worker *w, const char *decision_id, const char *item_id,
                                  outbox_kind kind, char *body)
{
    worker_job *j = calloc(1, sizeof *j);
    if (!j) {
        free(body);
        return NULL;
    }
    snprintf(j->decision_id, sizeof j->decision_id, "%s", decision_id);
    snprintf(j->item_id, sizeof j->item_id, "%s", item_id);
    j->kind = kind;
    j->body = body;
    worker_job **p = &w->jobs; /* at the tail: the list is in the order decisions were made */
    while (*p)
        p = &(*p)->next;
    *p = j;
    return j;
}

static void worker_job_remove(worker *w, worker_job *j)
{
    for (worker_job **p = &w->jobs; *p; p = &(*p)->next) {
        if (*p == j) {
            *p = j->next;
            break;
        }
    }
    free(j->body);
    free(j);
}

void worker_jobs_free(worker *w)
{
    while (w->jobs)
        worker_job_remove(w, w->jobs);
}

static void worker_decision_post(worker *w, const char *decision_id, decision_state state,
                                 net_status status, const char *code, const char *text)
{
    msg_result *r = worker_result(RES_DECISION);
    if (r) {
        snprintf(r->id, sizeof r->id, "%s", decision_id);
        r->state = state;
        r->status = status;
        snprintf(r->code, sizeof r->code, "%s", code ? code : "");
        snprintf(r->text, sizeof r->text, "%s", text ? text : "");
    }
    worker_post(w, r);
    if (state != DECISION_REJECTED || status != NET_STORAGE)
        w->outbox_dirty = true; /* the outbox screen follows (worker_outbox_flush) */
}

/* The code an outbox entry shows for a transport failure. */
const char *worker_net_code(net_status s)
{
    switch (s) {
    case NET_OFFLINE:
        return "offline";
    case NET_TIMEOUT:
        return "timeout";
    case NET_TLS:
        return "tls";
    case NET_SERVER:
        return "server";
    default:
        return "malformed";
    }
}

int64_t worker_backoff_ms(int tries)
{
    int64_t base = WORKER_BACKOFF_MAX * 1000;
    if (tries >= 1 && tries <= 6)
        base = (int64_t)1000 << (tries - 1);
    if (base > WORKER_BACKOFF_MAX * 1000)
        base = WORKER_BACKOFF_MAX * 1000;
    /* +-25 %: many devices coming back at once do not retry in step. */
    uint8_t r[2] = {0, 0};
    if (crypto_random(r, sizeof r) != CRYPTO_OK)
        return base;
    unsigned u = (unsigned)r[0] << 8 | r[1]; /* 0 .. 65535 */
    return base * 3 / 4 + base / 2 * (int64_t)u / 65535;
}

/* Sends the stored body, or secret_body (owned; it carries the passphrase) when given. */
static bool worker_job_send(worker *w, worker_job *j, char *secret_body)
{
    char path[160];
    if (j->kind == OUTBOX_SIGN)
        snprintf(path, sizeof path, "/v1/letters/%s/sign", j->item_id);
    else
        snprintf(path, sizeof path, "/v1/items/%s/decisions", j->item_id);
    char *body = secret_body ? secret_body : strdup(j->body);
    if (!body)
        return false;
    j->inflight = worker_submit(w, "POST", path, body, w->cfg.max_json_bytes, TAG_DECISION,
                                secret_body ? 1 : 0, j->decision_id, NULL, j->decision_id);
    return j->inflight;
}

/* {"decision":<dj>,"passphrase":"<pass, JSON-escaped>","document_sha256":"<sha>"}, written by
 * hand so that no JSON library leaves copies of the passphrase in freed memory. */
static char *worker_sign_body(const char *dj, const char *pass, const char *sha)
{
    static const char hex[] = "0123456789abcdef";
    size_t plen = strlen(pass), cap = strlen(dj) + 6 * plen + 160;
    char *b = malloc(cap);
    if (!b)
        return NULL;
    int n = snprintf(b, cap, "{\"decision\":%s,\"passphrase\":\"", dj);
    size_t k = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i < plen; i++) {
        unsigned char ch = (unsigned char)pass[i];
        if (ch == '"' || ch == '\\') {
            b[k++] = '\\';
            b[k++] = (char)ch;
        } else if (ch < 0x20) {
            memcpy(b + k, "\\u00", 4);
            b[k + 4] = hex[ch >> 4];
            b[k + 5] = hex[ch & 15];
            k += 6;
        } else {
            b[k++] = (char)ch;
        }
    }
    snprintf(b + k, cap - k, "\",\"document_sha256\":\"%s\"}", sha);
    return b;
}

/* Fills the device's fields, checks, signs; the decision JSON as a malloc'd string. */
static char *worker_decision_sign(worker *w, wire_decision *d, char *why, size_t cap)
{
    char canon[WIRE_CANON_MAX], b64[WIRE_SIG_B64_MAX];
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    char *out = NULL;
    cJSON *o = NULL;
    snprintf(d->device_key_id, sizeof d->device_key_id, "%s", w->id.key_id);
    if (!d->signed_at[0])
        wire_time_format((int64_t)time(NULL), d->signed_at);
    if (!d->decision_id[0] && crypto_uuid4(d->decision_id) != CRYPTO_OK) {
        snprintf(why, cap, "no random decision id");
        goto out;
    }
    if (wire_decision_check(d, why, cap) != WIRE_OK)
        goto out;
    if (wire_decision_canonical(d, canon, sizeof canon, &clen) != WIRE_OK ||
        crypto_sign(w->key_pem, canon, clen, sig, sizeof sig, &slen) != CRYPTO_OK ||
        crypto_base64_encode(sig, slen, b64, sizeof b64, &blen) != CRYPTO_OK ||
        !(o = wire_decision_to_json(d, b64)) || !(out = cJSON_PrintUnformatted(o)))
        snprintf(why, cap, "the decision could not be signed");
out:
    cJSON_Delete(o);
    return out;
}

/* Keeps the content the decision was made on (the cached item, when its hash is the one signed),
 * so that a conflict can show what changed. Best effort: the decision is durable already. */
static void worker_snapshot(worker *w, const wire_decision *d)
{
    uint8_t *body = NULL;
    size_t len = 0;
    int64_t at = 0;
    char sha[CRYPTO_SHA256_HEX];
    if (store_cache_get(w->st, "item", d->item_id, &body, &len, &at) != STORE_OK)
        return;
    crypto_sha256_hex(body, len, sha);
    if (strcmp(sha, d->content_sha256) == 0 &&
        store_cache_put(w->st, "decided", d->decision_id, body, len, at) != STORE_OK)
        fprintf(stderr, "paraf: outbox: no snapshot of %s\n", d->item_id);
    crypto_zero(body, len);
    free(body);
}

void worker_decide(worker *w, msg_cmd *c)
{
    bool sign = c->kind == CMD_SIGN_LETTER;
    wire_decision d = c->decision;
    char why[160] = "", state[16];
    char *dj = NULL, *stored = NULL, *secret = NULL;
    net_status status = NET_REFUSED;
    const char *code = "invalid_decision";
    size_t plen = strnlen(c->text, sizeof c->text);
    if (!worker_store(w) || !w->enrolled) {
        status = w->st ? NET_NOT_ENROLLED : NET_STORAGE;
        code = w->st ? "not_enrolled" : store_err_code(w->st_err);
        goto fail;
    }
    /* Signing goes only through the signing endpoint, with a passphrase the hub accepts. */
    if (sign != (strcmp(d.action, "sign") == 0) ||
        (sign && (plen == 0 || plen > WORKER_PASSPHRASE_MAX))) {
        snprintf(why, sizeof why, "%s",
                 sign ? "a sign decision with a passphrase is needed"
                      : "signing needs CMD_SIGN_LETTER");
        goto fail;
    }
    if (!(dj = worker_decision_sign(w, &d, why, sizeof why)))
        goto fail;
    stored = sign ? worker_sign_body(dj, "", d.content_sha256) : strdup(dj);
    secret = sign ? worker_sign_body(dj, c->text, d.content_sha256) : NULL;
    crypto_zero(c->text, sizeof c->text); /* the request body now holds the only copy */
    if (!stored || (sign && !secret)) {
        code = "store_failed";
        snprintf(why, sizeof why, "out of memory");
        goto fail;
    }
    store_err e = store_outbox_add(w->st, d.decision_id, d.item_id,
                                   sign ? OUTBOX_SIGN : OUTBOX_DECISION, stored, c->title);
    if (e == STORE_EXISTS) {
        /* Sent before: report what the store knows, and let a pending row go out again. */
        bool done = store_outbox_state(w->st, d.decision_id, state, sizeof state) == STORE_OK &&
                    strcmp(state, "accepted") == 0;
        worker_decision_post(w, d.decision_id, done ? DECISION_ACCEPTED : DECISION_SAVED, NET_OK,
                             "", "already in the outbox");
        if (!done)
            worker_outbox_resume(w);
        goto out;
    }
    if (e != STORE_OK) {
        /* Not durable: the screen must not say "saved" (disk full, read-only, I/O). */
        status = NET_STORAGE;
        code = store_err_code(e);
        snprintf(why, sizeof why, "the decision could not be saved on the device");
        goto fail;
    }
    /* Durable now: only from here may the screen say "saved". */
    worker_decision_post(w, d.decision_id, DECISION_SAVED, NET_OK, "", "");
    worker_job *j =
        worker_job_add(w, d.decision_id, d.item_id, sign ? OUTBOX_SIGN : OUTBOX_DECISION, stored);
    stored = NULL;
    if (j && !worker_job_send(w, j, secret))
        j->due_ms = worker_mono_ms() + 1000;
    worker_snapshot(w, &d); /* while the request is out */
    secret = NULL;          /* http zeroises and frees it when the request ends */
    goto out;
fail:
    worker_decision_post(w, d.decision_id, DECISION_REJECTED, status, code, why);
out:
    crypto_zero(c->text, sizeof c->text);
    if (secret) {
        crypto_zero(secret, strlen(secret));
        free(secret);
    }
    free(stored);
    free(dj);
}

static void worker_decision_final(worker *w, worker_job *j, decision_state st, const http_result *h,
                                  const char *code)
{
    store_err e = st == DECISION_ACCEPTED   ? store_outbox_accept(w->st, j->decision_id)
                  : st == DECISION_CONFLICT ? store_outbox_conflict(w->st, j->decision_id, code)
                                            : store_outbox_reject(w->st, j->decision_id, code);
    if (e != STORE_OK) /* the row stays pending; a resend is answered from the hub's store */
        fprintf(stderr, "paraf: outbox: cannot record the answer for %s\n", j->decision_id);
    /* A conflict keeps its snapshot (what changed); a final answer ends the item's story. */
    if (e == STORE_OK && st != DECISION_CONFLICT &&
        store_cache_drop_decided(w->st, j->item_id) != STORE_OK)
        fprintf(stderr, "paraf: outbox: snapshots of %s stay\n", j->item_id);
    worker_decision_post(w, j->decision_id, st, st == DECISION_ACCEPTED ? NET_OK : h->status, code,
                         h->text);
    worker_job_remove(w, j);
}

void worker_decision_done(worker *w, http_result *h)
{
    worker_job *j = worker_job_find(w, h->ref);
    if (!j)
        return;
    j->inflight = false;
    bool with_passphrase = h->arg == 1;
    if (h->status == NET_OK && h->http_status >= 200 && h->http_status < 300) {
        /* A captive portal answers 200 too: only the echoed decision id means accepted. */
        cJSON *r = cJSON_ParseWithLength(h->body, h->len);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "decision_id");
        bool echoed = cJSON_IsString(id) && strcmp(id->valuestring, j->decision_id) == 0;
        cJSON_Delete(r);
        if (echoed) {
            worker_decision_final(w, j, DECISION_ACCEPTED, h, "");
            return;
        }
        h->status = NET_MALFORMED;
        snprintf(h->text, sizeof h->text, "HTTP %ld without the decision id", h->http_status);
    } else if (h->status == NET_OK) {
        h->status = NET_MALFORMED;
    }
    if (h->status == NET_REFUSED && h->http_status == 409) {
        /* The item changed or was decided elsewhere: final; the user decides again. */
        worker_decision_final(w, j, DECISION_CONFLICT, h, h->code);
        return;
    }
    if (h->status == NET_REFUSED || h->status == NET_NOT_ENROLLED) {
        /* A replay without the passphrase of a signing the hub never made. */
        bool unsent =
            j->kind == OUTBOX_SIGN && !with_passphrase && strcmp(h->code, "missing_field") == 0;
        worker_decision_final(w, j, DECISION_REJECTED, h,
                              unsent ? WORKER_PASSPHRASE_NEEDED : h->code);
        return;
    }
    if (j->kind == OUTBOX_SIGN && with_passphrase && !h->sent) {
        worker_decision_final(w, j, DECISION_REJECTED, h, WORKER_PASSPHRASE_NEEDED);
        return;
    }
    /* Transport failure, 5xx or an unusable answer: try again later with the same id. */
    if (store_outbox_attempt(w->st, j->decision_id,
                             h->code[0] ? h->code : worker_net_code(h->status)) != STORE_OK)
        fprintf(stderr, "paraf: outbox: cannot count the attempt for %s\n", j->decision_id);
    j->tries++;
    j->due_ms = worker_mono_ms() + worker_backoff_ms(j->tries);
    worker_decision_post(w, j->decision_id, DECISION_RETRYING, h->status, h->code, h->text);
}

void worker_outbox_resume(worker *w)
{
    outbox_row *rows = NULL;
    size_t n = 0;
    if (!w->enrolled || !worker_store(w) || store_outbox_pending(w->st, &rows, &n) != STORE_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        worker_job *j = worker_job_find(w, rows[i].decision_id);
        if (!j) {
            j = worker_job_add(w, rows[i].decision_id, rows[i].item_id, rows[i].kind, rows[i].body);
            rows[i].body = NULL;
        }
        if (j && !j->inflight) {
            j->due_ms = 0; /* now, whatever its backoff said */
            j->tries = 0;
        }
    }
    store_outbox_rows_free(rows, n);
    (void)worker_outbox_due(w);
}

int64_t worker_outbox_due(worker *w)
{
    int64_t now = worker_mono_ms(), next = 5000;
    /* In order, one at a time: nothing while a request is out, then the oldest entry. */
    for (worker_job *j = w->enrolled ? w->jobs : NULL; j; j = j->next)
        if (j->inflight)
            return next;
    worker_job *j = w->enrolled ? w->jobs : NULL;
    if (!j)
        return next;
    if (j->due_ms <= now && !worker_job_send(w, j, NULL))
        j->due_ms = now + 1000;
    if (!j->inflight && j->due_ms - now < next)
        next = j->due_ms - now;
    return next < 0 ? 0 : next;
}

/* The action inside a stored body: {"action":..} or, for signing, {"decision":{"action":..}}. */
static void worker_outbox_action(const char *body, char *out, size_t cap)
{
    cJSON *r = cJSON_Parse(body);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(r, "decision");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(cJSON_IsObject(d) ? d : r, "action");
    snprintf(out, cap, "%s", cJSON_IsString(a) ? a->valuestring : "");
    cJSON_Delete(r);
}

/* The title of a row stored without one (before v3): from the cached inbox, else the item id. */
static void worker_outbox_title(const inbox_list *inbox, const char *item_id, char *out, size_t cap)
{
    worker_copy_utf8(out, cap, item_id);
    for (size_t i = 0; i < inbox->count; i++)
        if (strcmp(inbox->rows[i].id, item_id) == 0)
            worker_copy_utf8(out, cap, inbox->rows[i].title);
}

static decision_state worker_outbox_state(worker *w, const outbox_row *row)
{
    worker_job *j =
        strcmp(row->state, "pending") == 0 ? worker_job_find(w, row->decision_id) : NULL;
    if (j && j->inflight)
        return DECISION_SENDING; /* in memory only: after a restart the row is pending again */
    if (strcmp(row->state, "accepted") == 0)
        return DECISION_ACCEPTED;
    if (strcmp(row->state, "rejected") == 0)
        return DECISION_REJECTED;
    if (strcmp(row->state, "conflict") == 0)
        return DECISION_CONFLICT;
    return row->attempts > 0 ? DECISION_RETRYING : DECISION_SAVED;
}

void worker_outbox_post(worker *w)
{
    outbox_row *rows = NULL;
    size_t n = 0;
    msg_result *r = worker_result(RES_OUTBOX);
    if (!r || !worker_store(w) ||
        store_outbox_list(w->st, WORKER_OUTBOX_LIST, &rows, &n) != STORE_OK) {
        if (r) {
            r->status = NET_STORAGE;
            snprintf(r->code, sizeof r->code, "%s",
                     store_err_code(w->st ? STORE_ERR_IO : w->st_err));
        }
        worker_post(w, r);
        return;
    }
    msg_result *in = NULL; /* titles for rows from before labels, looked up once */
    for (size_t i = 0; i < n && !in; i++)
        if (!rows[i].label[0] && (in = worker_result(RES_INBOX)) != NULL)
            (void)worker_from_cache(w, in);
    size_t nrows = n;
    if (n && !(r->outbox = calloc(n, sizeof *r->outbox)))
        n = 0;
    for (size_t i = 0; i < n; i++) {
        outbox_entry *e = &r->outbox[i];
        snprintf(e->decision_id, sizeof e->decision_id, "%s", rows[i].decision_id);
        snprintf(e->item_id, sizeof e->item_id, "%s", rows[i].item_id);
        worker_outbox_action(rows[i].body, e->action, sizeof e->action);
        if (rows[i].label[0])
            worker_copy_utf8(e->title, sizeof e->title, rows[i].label);
        else
            worker_outbox_title(in ? &in->inbox : &(inbox_list){0}, rows[i].item_id, e->title,
                                sizeof e->title);
        e->state = worker_outbox_state(w, &rows[i]);
        worker_copy_utf8(e->code, sizeof e->code, rows[i].last_error);
        e->attempts = rows[i].attempts;
        e->created_at = rows[i].created_at;
        e->updated_at = rows[i].updated_at;
    }
    r->n_outbox = n;
    for (size_t i = 0; i < nrows; i++)
        crypto_zero(rows[i].body, strlen(rows[i].body));
    store_outbox_rows_free(rows, nrows);
    if (in) {
        msg_result_free(in);
        free(in);
    }
    worker_post(w, r);
    w->outbox_dirty = false;
    w->outbox_next_ms = worker_mono_ms() + WORKER_OUTBOX_POST_MS;
}

void worker_conflict_attach(worker *w, msg_result *r)
{
    outbox_row *row = NULL;
    uint8_t *body = NULL;
    size_t len = 0;
    int64_t at = 0;
    if (!worker_store(w) || store_outbox_latest(w->st, r->id, &row) != STORE_OK)
        return;
    if (strcmp(row->state, "conflict") == 0 &&
        store_cache_get(w->st, "decided", row->decision_id, &body, &len, &at) == STORE_OK) {
        char why[80];
        r->before = doc_from_json((const char *)body, len, why, sizeof why);
        worker_outbox_action(row->body, r->before_action, sizeof r->before_action);
        worker_copy_utf8(r->before_code, sizeof r->before_code, row->last_error);
        crypto_zero(body, len);
        free(body);
    }
    crypto_zero(row->body, strlen(row->body));
    store_outbox_rows_free(row, 1);
}

int64_t worker_outbox_flush(worker *w, int64_t wait)
{
    if (!w->outbox_dirty)
        return wait;
    int64_t left = w->outbox_next_ms - worker_mono_ms();
    if (left <= 0) {
        worker_outbox_post(w);
        return wait;
    }
    return left < wait ? left : wait;
}
