/* worker_report: submitted field reports and their delivery. Submitting freezes the draft: its
 * manifest (docs/api.md §8) is signed with the device key exactly as decisions are, and the
 * request is stored sealed with state waiting in one transaction before the screen hears of it.
 * The upload then POSTs that stored request (Idempotency-Key = report_id) until the hub answers
 * 201 complete or 202 awaiting_files with what is missing, PUTs the missing photos one by one
 * (progress at most every WORKER_PROGRESS_MS) and ends SENT only when the hub says complete.
 * Any interruption restarts at the POST, which tells again what is missing: a photo is never
 * sent twice once the hub has it, and never dropped. A 4xx is final (REJECTED with the code),
 * except file_mismatch, which resends that photo once. Transport failures back off like the
 * outbox (min(60 s, 1 s x 2^(n-1)) +-25 %), and a good answer from the hub to anything else
 * retries at once. One request is out at a time, so a report is never uploaded twice at once. */
#include "field_json.h"
#include "worker_int.h"

#include "crypto.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_CANON_MAX 8192

struct worker_upload {
    char report_id[37];
    field_report rep; /* what RES_REPORT shows */
    char *request;    /* the stored POST body */
    bool inflight;
    bool posted; /* the hub answered this attempt's POST: missing is its word */
    char missing[FIELD_PHOTOS_MAX][FIELD_FILE_CAP];
    int n_missing;
    char put_name[FIELD_FILE_CAP]; /* the photo going out */
    char resent[FIELD_FILE_CAP];   /* the photo already sent again after file_mismatch */
    int tries;                     /* failed attempts since loaded, kicked or "send now" */
    int64_t due_ms;
    worker_upload *next;
};

static worker_upload *upload_find(worker *w, const char *report_id)
{
    for (worker_upload *u = w->uploads; u; u = u->next)
        if (strcmp(u->report_id, report_id) == 0)
            return u;
    return NULL;
}

static void upload_remove(worker *w, worker_upload *u)
{
    for (worker_upload **p = &w->uploads; *p; p = &(*p)->next) {
        if (*p == u) {
            *p = u->next;
            break;
        }
    }
    if (u->request) {
        crypto_zero(u->request, strlen(u->request));
        free(u->request);
    }
    free(u);
}

void worker_uploads_free(worker *w)
{
    while (w->uploads)
        upload_remove(w, w->uploads);
}

bool worker_report_sending(worker *w, const char *report_id)
{
    worker_upload *u = upload_find(w, report_id);
    return u && u->inflight;
}

/* RES_REPORT with rep; status/code for failures. */
static void report_post(worker *w, const field_report *rep, net_status st, const char *code,
                        const char *text, int64_t total)
{
    msg_result *r = worker_result(RES_REPORT);
    if (r && (r->reports = malloc(sizeof *r->reports)) != NULL) {
        r->reports[0] = *rep;
        r->n_reports = 1;
        snprintf(r->id, sizeof r->id, "%s", rep->report_id);
        r->status = st;
        snprintf(r->code, sizeof r->code, "%s", code ? code : "");
        snprintf(r->text, sizeof r->text, "%s", text ? text : "");
        r->arg = total > INT32_MAX ? INT32_MAX : (int)total;
        r->ok = st == NET_OK;
    } else if (r) {
        msg_result_free(r);
        free(r);
        r = NULL;
    }
    worker_post(w, r);
}

/* ---- submit ---------------------------------------------------------------------------------- */

/* Photos of fields that are photo fields of a's form (the others cannot be named by an answer,
 * and the hub refuses a file no answer names). */
static void photos_for_form(field_report *rep, const report_row *row, const field_assignment *a)
{
    rep->n_photos = 0;
    for (int i = 0; i < row->n_photos; i++)
        for (int k = 0; k < a->n_form; k++)
            if (a->form[k].kind == FK_PHOTO && strcmp(a->form[k].key, row->photos[i].field) == 0)
                rep->photos[rep->n_photos++] = row->photos[i];
}

/* Signs the manifest of rep; the request body (malloc'd) or NULL with why. */
static char *report_request(worker *w, const field_report *rep, const field_assignment *a,
                            wire_report_manifest *m, char *why, size_t cap)
{
    char *canon = malloc(REPORT_CANON_MAX), b64[WIRE_SIG_B64_MAX];
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    char *body = NULL;
    if (!canon) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    if (!field_json_manifest(rep, a, w->id.key_id, m, why, cap))
        goto out;
    if (wire_report_canonical(m, canon, REPORT_CANON_MAX, &clen) != WIRE_OK ||
        crypto_sign(w->key_pem, canon, clen, sig, sizeof sig, &slen) != CRYPTO_OK ||
        crypto_base64_encode(sig, slen, b64, sizeof b64, &blen) != CRYPTO_OK) {
        snprintf(why, cap, "the report could not be signed");
        goto out;
    }
    body = field_json_report_body(rep, a, m, b64, why, cap);
out:
    free(canon);
    return body;
}

static worker_upload *upload_add(worker *w, const field_report *rep, char *request)
{
    worker_upload *u = calloc(1, sizeof *u);
    if (!u) {
        free(request);
        return NULL;
    }
    snprintf(u->report_id, sizeof u->report_id, "%s", rep->report_id);
    u->rep = *rep;
    u->request = request;
    worker_upload **p = &w->uploads; /* at the tail: in the order they were submitted */
    while (*p)
        p = &(*p)->next;
    *p = u;
    return u;
}

void worker_report_submit(worker *w, msg_cmd *c)
{
    static field_report empty;
    field_report *rep = c->report;
    field_assignment *a = malloc(sizeof *a);
    report_row row = {0};
    char why[200] = "", *json = NULL, *request = NULL;
    const char *code = "invalid_report";
    net_status st = NET_REFUSED;
    msg_result probe = {0};
    wire_report_manifest m;
    if (!rep || !a) {
        snprintf(why, sizeof why, "%s", rep ? "out of memory" : "no report");
        goto fail;
    }
    if (!wire_uuid_valid(rep->report_id) || !wire_id_valid(rep->assignment_id)) {
        snprintf(why, sizeof why, "a report needs a report id (UUID) and an assignment id");
        goto fail;
    }
    if (!worker_field_ready(w, &probe) || !w->key_pem) {
        st = probe.status ? probe.status : NET_NOT_ENROLLED;
        code = probe.code[0] ? probe.code : "not_enrolled";
        worker_copy_utf8(why, sizeof why, probe.text);
        goto fail;
    }
    int64_t now = worker_wall_s();
    store_err e = store_report_get(w->st, rep->report_id, &row);
    if (e == STORE_NOT_FOUND) {
        /* Never saved as a draft: it is saved now, without photos. */
        rep->n_photos = 0;
        char *dj = field_json_report_encode(rep);
        e = dj ? store_report_save(w->st, w->id.user_id, rep->report_id, rep->assignment_id, dj,
                                   rep->created_at > 0 ? rep->created_at : now, now)
               : STORE_ERR_IO;
        free(dj);
        if (e == STORE_OK)
            e = store_report_get(w->st, rep->report_id, &row);
    }
    if (e != STORE_OK) {
        st = NET_STORAGE;
        code = store_err_code(e);
        snprintf(why, sizeof why, "the report could not be read from the device");
        goto fail;
    }
    if (row.state != REPORT_DRAFT) {
        /* Submitted before (a second tap, a replay): what it is now. */
        field_report now_rep;
        if (worker_report_view(w, &row, &now_rep))
            report_post(w, &now_rep, NET_OK, "", "already submitted", 0);
        goto out;
    }
    if (strcmp(row.assignment_id, rep->assignment_id) != 0 ||
        strcmp(row.user_id, w->id.user_id) != 0) {
        snprintf(why, sizeof why, "the stored draft is of another assignment or user");
        goto fail;
    }
    if (!worker_assignment_find(w, rep->assignment_id, a)) {
        code = "unknown_assignment";
        snprintf(why, sizeof why, "the assignment is not in the device's list");
        goto fail;
    }
    /* The answers as the officer confirmed them; the photos as the store holds them. */
    photos_for_form(rep, &row, a);
    rep->created_at = row.created_at;
    rep->updated_at = now;
    rep->open = false;
    field_verdict v[FIELD_FORM_MAX];
    if (field_validate(a, rep, v, INT64_MAX / 4, now, 0, 0) > 0) {
        code = "incomplete";
        for (int i = 0; i < a->n_form; i++)
            if (v[i] != FV_OK) {
                snprintf(why, sizeof why, "answer '%s' is not acceptable (%d)", a->form[i].key,
                         (int)v[i]);
                break;
            }
        goto fail;
    }
    if (!(request = report_request(w, rep, a, &m, why, sizeof why)) ||
        !(json = field_json_report_encode(rep))) {
        if (!why[0])
            snprintf(why, sizeof why, "out of memory");
        goto fail;
    }
    const char *keep[WIRE_REPORT_FILES_MAX];
    for (int i = 0; i < m.n_files; i++)
        keep[i] = m.files[i].name;
    e = store_report_submit(w->st, rep->report_id, json, request, keep, m.n_files, now);
    if (e != STORE_OK) {
        /* Not durable: the screen must not say it will be sent. */
        st = e == STORE_EXISTS ? NET_REFUSED : NET_STORAGE;
        code = e == STORE_EXISTS ? "not_draft" : store_err_code(e);
        snprintf(why, sizeof why, "the report could not be saved for sending");
        goto fail;
    }
    rep->state = REPORT_WAITING;
    rep->files_done = 0;
    rep->bytes_done = 0;
    rep->code[0] = '\0';
    report_post(w, rep, NET_OK, "", "", 0);
    worker_upload *u = upload_add(w, rep, request);
    request = NULL;
    if (u)
        (void)worker_reports_due(w); /* out at once when nothing else is */
    goto out;
fail:
    if (rep) {
        rep->state = REPORT_DRAFT; /* not frozen: the officer can still change it */
        report_post(w, rep, st, code, why, 0);
    } else {
        report_post(w, &empty, st, code, why, 0);
    }
out:
    if (json) {
        crypto_zero(json, strlen(json));
        free(json);
    }
    free(request);
    free(a);
    store_report_row_free(&row);
}

/* ---- upload ---------------------------------------------------------------------------------- */

static void upload_progress(void *ctx, const char *ref, int64_t sent, int64_t total)
{
    worker *w = ctx;
    worker_upload *u = upload_find(w, ref);
    int64_t now = worker_mono_ms();
    if (!u || now - w->progress_ms < WORKER_PROGRESS_MS)
        return;
    w->progress_ms = now;
    u->rep.bytes_done = sent;
    report_post(w, &u->rep, NET_OK, "", "", total);
}

static bool upload_put(worker *w, worker_upload *u)
{
    char path[200];
    uint8_t *data = NULL;
    size_t len = 0;
    snprintf(u->put_name, sizeof u->put_name, "%s", u->missing[0]);
    store_err e = store_report_file(w->st, u->report_id, u->put_name, &data, &len);
    if (e != STORE_OK) {
        fprintf(stderr, "paraf: report %s: photo %s cannot be read (%s)\n", u->report_id,
                u->put_name, store_err_code(e));
        return false;
    }
    snprintf(path, sizeof path, "/v1/field-reports/%s/files/%s", u->report_id, u->put_name);
    http_request rq = {.method = "PUT",
                       .path = path,
                       .body = (char *)data,
                       .body_len = len,
                       .content_type = "image/jpeg",
                       .cap = w->cfg.max_json_bytes,
                       .client_cert = true,
                       .tag = TAG_REPORT_FILE,
                       .ref = u->report_id,
                       .upload = true,
                       .progress = upload_progress,
                       .progress_ctx = w};
    u->inflight = http_submit(w->http, &rq);
    if (u->inflight) {
        /* The file going out, at its start: every photo sent shows (bytes_done 0). */
        u->rep.state = REPORT_SENDING;
        u->rep.bytes_done = 0;
        w->progress_ms = worker_mono_ms();
        report_post(w, &u->rep, NET_OK, "", "", (int64_t)len);
    }
    return u->inflight;
}

static bool upload_post(worker *w, worker_upload *u)
{
    char *body = strdup(u->request);
    u->posted = false;
    u->n_missing = 0;
    u->inflight = body && worker_submit(w, "POST", "/v1/field-reports", body, w->cfg.max_json_bytes,
                                        TAG_REPORT_POST, 0, u->report_id, NULL, u->report_id);
    return u->inflight;
}

static bool upload_step(worker *w, worker_upload *u)
{
    return u->posted && u->n_missing > 0 ? upload_put(w, u) : upload_post(w, u);
}

int64_t worker_reports_due(worker *w)
{
    int64_t now = worker_mono_ms(), next = 5000;
    if (!w->enrolled || !w->st)
        return next;
    for (worker_upload *u = w->uploads; u; u = u->next)
        if (u->inflight)
            return next; /* one request at a time */
    for (worker_upload *u = w->uploads; u; u = u->next) {
        if (u->due_ms <= now) {
            if (upload_step(w, u))
                return next;
            u->posted = false;
            u->due_ms = now + 1000;
        }
        if (u->due_ms - now < next)
            next = u->due_ms - now;
    }
    return next < 0 ? 0 : next;
}

void worker_reports_kick(worker *w)
{
    for (worker_upload *u = w->uploads; u; u = u->next)
        if (!u->inflight && u->tries > 0)
            u->due_ms = 0;
}

void worker_reports_resume(worker *w)
{
    report_row *rows = NULL;
    size_t n = 0;
    if (!w->enrolled || !worker_store(w) ||
        store_report_list(w->st, w->id.user_id, REPORT_WAITING, WORKER_REPORTS_LIST, &rows, &n) !=
            STORE_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        worker_upload *u = upload_find(w, rows[i].report_id);
        char *request = NULL;
        field_report *rep = malloc(sizeof *rep);
        if (!u && rep && worker_report_view(w, &rows[i], rep) &&
            store_report_request(w->st, rows[i].report_id, &request) == STORE_OK)
            u = upload_add(w, rep, request);
        free(rep);
        if (u && !u->inflight) {
            u->due_ms = 0; /* now, whatever its backoff said */
            u->tries = 0;
        }
    }
    store_report_rows_free(rows, n);
    (void)worker_reports_due(w);
}

static void upload_final(worker *w, worker_upload *u, report_state st, const http_result *h,
                         const char *code)
{
    store_err e = store_report_final(w->st, u->report_id, st, code, worker_wall_s());
    if (e != STORE_OK) {
        /* The row stays waiting; the next attempt asks the hub again (idempotent). */
        fprintf(stderr, "paraf: report %s: cannot record the hub's answer\n", u->report_id);
        u->due_ms = worker_mono_ms() + worker_backoff_ms(++u->tries);
        return;
    }
    u->rep.state = st;
    u->rep.bytes_done = 0;
    if (st == REPORT_SENT)
        u->rep.files_done = u->rep.n_photos;
    snprintf(u->rep.code, sizeof u->rep.code, "%s", code ? code : "");
    report_post(w, &u->rep, st == REPORT_SENT ? NET_OK : h->status, code, h->text, 0);
    upload_remove(w, u);
}

static void upload_fail_transport(worker *w, worker_upload *u, const http_result *h)
{
    const char *code = h->code[0] ? h->code : worker_net_code(h->status);
    if (store_report_attempt(w->st, u->report_id, code, worker_wall_s()) != STORE_OK)
        fprintf(stderr, "paraf: report %s: cannot count the attempt\n", u->report_id);
    u->posted = false; /* the next attempt asks again what is missing */
    u->tries++;
    u->due_ms = worker_mono_ms() + worker_backoff_ms(u->tries);
    u->rep.state = REPORT_WAITING;
    u->rep.bytes_done = 0;
    snprintf(u->rep.code, sizeof u->rep.code, "%s", code);
    report_post(w, &u->rep, h->status, h->code, h->text, 0);
}

/* The report status of an answer (api.md §8): true when it is this report's, with complete and
 * the missing names (each one of the report's photos). */
static bool status_parse(worker_upload *u, const http_result *h, bool *complete)
{
    cJSON *j = cJSON_ParseWithLength(h->body, h->len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "report_id");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "status");
    const cJSON *miss = cJSON_GetObjectItemCaseSensitive(j, "missing"), *m;
    bool ok = cJSON_IsString(id) && strcmp(id->valuestring, u->report_id) == 0 &&
              cJSON_IsString(st) && cJSON_GetArraySize(miss) <= FIELD_PHOTOS_MAX;
    *complete = ok && strcmp(st->valuestring, "complete") == 0;
    ok = ok && (*complete || strcmp(st->valuestring, "awaiting_files") == 0);
    u->n_missing = 0;
    const cJSON *list = ok && cJSON_IsArray(miss) ? miss : NULL;
    cJSON_ArrayForEach(m, list)
    {
        bool ours = false;
        for (int i = 0; cJSON_IsString(m) && i < u->rep.n_photos && !ours; i++)
            ours = strcmp(u->rep.photos[i].name, m->valuestring) == 0;
        if (!(ok = ours))
            break;
        snprintf(u->missing[u->n_missing++], FIELD_FILE_CAP, "%s", m->valuestring);
    }
    ok = ok && (*complete ? u->n_missing == 0 : u->n_missing > 0);
    cJSON_Delete(j);
    if (!ok)
        u->n_missing = 0;
    return ok;
}

/* The hub's word on what it has: stored, shown, and the next photo sent (or SENT). */
static void upload_advance(worker *w, worker_upload *u, const http_result *h, bool complete)
{
    const char *missing[FIELD_PHOTOS_MAX];
    for (int i = 0; i < u->n_missing; i++)
        missing[i] = u->missing[i];
    if (store_report_files_have(w->st, u->report_id, missing, u->n_missing) != STORE_OK)
        fprintf(stderr, "paraf: report %s: cannot mark its sent photos\n", u->report_id);
    u->posted = true;
    u->tries = 0;
    u->rep.files_done = u->rep.n_photos - u->n_missing;
    if (complete) {
        upload_final(w, u, REPORT_SENT, h, "");
        return;
    }
    if (!upload_put(w, u)) {
        u->posted = false;
        u->due_ms = worker_mono_ms() + worker_backoff_ms(++u->tries);
    }
}

/* Whether the photo just sent is still missing (the hub did not keep it). */
static bool still_missing(const worker_upload *u)
{
    for (int i = 0; i < u->n_missing; i++)
        if (strcmp(u->missing[i], u->put_name) == 0)
            return true;
    return false;
}

void worker_report_done(worker *w, http_result *h)
{
    worker_upload *u = upload_find(w, h->ref);
    bool complete = false;
    if (!u)
        return;
    u->inflight = false;
    bool put = h->tag == TAG_REPORT_FILE;
    if (h->status == NET_OK) {
        /* Only the documented answers with this report's status count (a captive portal answers
         * 200 too): 201/202 to the POST, 201/200 to a PUT. */
        long s = h->http_status;
        bool documented = put ? s == 201 || s == 200 : s == 201 || s == 202;
        if (documented && status_parse(u, h, &complete) && !(put && still_missing(u))) {
            upload_advance(w, u, h, complete);
            return;
        }
        http_result bad = *h;
        bad.status = NET_MALFORMED;
        snprintf(bad.text, sizeof bad.text, "HTTP %ld is not the report's status", s);
        upload_fail_transport(w, u, &bad);
        return;
    }
    if (put && h->status == NET_REFUSED && strcmp(h->code, "file_mismatch") == 0 &&
        strcmp(u->resent, u->put_name) != 0) {
        /* The hub got other bytes than the manifest says: once more, then it is final. */
        snprintf(u->resent, sizeof u->resent, "%s", u->put_name);
        fprintf(stderr, "paraf: report %s: %s arrived damaged; sending it again\n", u->report_id,
                u->put_name);
        if (upload_put(w, u))
            return;
    }
    if (h->status == NET_REFUSED || h->status == NET_NOT_ENROLLED) {
        upload_final(w, u, REPORT_REJECTED, h, h->code[0] ? h->code : "refused");
        return;
    }
    upload_fail_transport(w, u, h);
}
