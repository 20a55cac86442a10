/* worker_field: the field officer's side of the worker. Assignments are a conditional GET with
 * the last ETag, cached sealed per user and served from the cache when the hub cannot be
 * reached (as the board does). Drafts are saved on every change, one UPSERT each, and never
 * rewrite the photos (worker_photo.c owns them). The commands that touch reports or photos run
 * in the order they came, one photo per loop iteration, so a batch of photos never stalls the
 * transfers in flight. gpsd is read every loop iteration. */
#include "field_json.h"
#include "worker_int.h"

#include "crypto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIELD_CACHE_KIND "assignments"

/* ---- shared -------------------------------------------------------------------------------- */

void worker_store_status(msg_result *r, store_err e)
{
    r->status = NET_STORAGE;
    snprintf(r->code, sizeof r->code, "%s", store_err_code(e));
    snprintf(r->text, sizeof r->text, "the device store failed");
}

bool worker_field_ready(worker *w, msg_result *r)
{
    if (!worker_store(w)) {
        worker_store_status(r, w->st_err);
        return false;
    }
    if (!w->enrolled || !wire_id_valid(w->id.user_id)) {
        r->status = NET_NOT_ENROLLED;
        snprintf(r->text, sizeof r->text, "the device is not enrolled");
        return false;
    }
    return true;
}

void worker_refuse(msg_result *r, const char *code, const char *text)
{
    r->status = NET_REFUSED;
    snprintf(r->code, sizeof r->code, "%s", code);
    snprintf(r->text, sizeof r->text, "%s", text);
}

bool worker_report_view(worker *w, const report_row *row, field_report *out)
{
    char why[80];
    if (!field_json_report_decode(row->body, row->len, out, why, sizeof why))
        return false;
    snprintf(out->report_id, sizeof out->report_id, "%s", row->report_id);
    snprintf(out->assignment_id, sizeof out->assignment_id, "%s", row->assignment_id);
    out->n_photos = row->n_photos;
    memcpy(out->photos, row->photos, sizeof out->photos);
    out->state = row->state == REPORT_WAITING && worker_report_sending(w, row->report_id)
                     ? REPORT_SENDING
                     : row->state;
    out->files_done = row->files_sent;
    out->bytes_done = 0;
    worker_copy_utf8(out->code, sizeof out->code, row->last_error);
    out->created_at = row->created_at;
    out->updated_at = row->updated_at;
    return true;
}

/* ---- assignments ----------------------------------------------------------------------------- */

static bool field_cache_fits(net_status s)
{
    return s == NET_OFFLINE || s == NET_TIMEOUT || s == NET_TLS || s == NET_SERVER ||
           s == NET_MALFORMED || s == NET_NOT_ENROLLED;
}

/* The cached list of the current user (malloc'd), or NULL; its fetch time in *at. */
static field_list *field_cache_list(worker *w, int64_t *at)
{
    uint8_t *body = NULL;
    size_t len = 0;
    char why[120];
    field_list *l = NULL;
    if (wire_id_valid(w->id.user_id) && worker_store(w) &&
        store_cache_get(w->st, FIELD_CACHE_KIND, w->id.user_id, &body, &len, at) == STORE_OK &&
        (l = malloc(sizeof *l)) != NULL &&
        !field_json_assignments((const char *)body, len, l, why, sizeof why)) {
        free(l);
        l = NULL;
    }
    if (body) {
        crypto_zero(body, len);
        free(body);
    }
    return l;
}

bool worker_assignment_find(worker *w, const char *id, field_assignment *out)
{
    int64_t at = 0;
    field_list *l = field_cache_list(w, &at);
    const field_assignment *a = field_list_find(l, id);
    if (a)
        *out = *a;
    free(l);
    return a != NULL;
}

static void assignments_post(worker *w, msg_result *r)
{
    if (r && r->status != NET_OK && field_cache_fits(r->status) &&
        (r->assignments = field_cache_list(w, &r->synced_at)) != NULL)
        r->cached = true;
    worker_post(w, r);
}

static bool assignments_submit(worker *w)
{
    size_t cap = w->cfg.max_json_bytes < FIELD_JSON_MAX ? w->cfg.max_json_bytes : FIELD_JSON_MAX;
    return worker_submit(w, "GET", "/v1/assignments", NULL, cap, TAG_ASSIGNMENTS, 0, NULL,
                         w->assign_etag[0] ? w->assign_etag : NULL, NULL);
}

static void worker_fetch_assignments(worker *w)
{
    if (w->assign_inflight)
        return; /* coalesced: the fetch in flight answers this command too */
    if (!w->enrolled) {
        if (!w->enrolling && worker_store(w))
            worker_enrol_begin(w);
        msg_result *r = worker_result(RES_ASSIGNMENTS);
        if (r) {
            r->status = NET_NOT_ENROLLED;
            snprintf(r->text, sizeof r->text, "the device is not enrolled");
        }
        assignments_post(w, r);
        return;
    }
    /* The ETag describes one user's cache (a new enrolment clears it). */
    if (strcmp(w->assign_etag_user, w->id.user_id) != 0) {
        w->assign_etag[0] = '\0';
        snprintf(w->assign_etag_user, sizeof w->assign_etag_user, "%s", w->id.user_id);
    }
    w->assign_retried = false;
    w->assign_inflight = assignments_submit(w);
    if (!w->assign_inflight) {
        msg_result *r = worker_result(RES_ASSIGNMENTS);
        if (r)
            worker_malformed(r, "out of memory: the request was not started");
        assignments_post(w, r);
    }
}

void worker_assignments_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_ASSIGNMENTS);
    char why[160] = "not an assignments document";
    w->assign_inflight = false;
    if (!r)
        goto out;
    worker_copy_status(r, h);
    if (h->status != NET_OK)
        goto out;
    if (h->http_status == 304) {
        int64_t at = 0;
        field_list *l = field_cache_list(w, &at);
        if (!l && !w->assign_retried) {
            /* The cached body is gone or does not open: ask for the whole document. */
            w->assign_etag[0] = '\0';
            w->assign_retried = true;
            if ((w->assign_inflight = assignments_submit(w))) {
                msg_result_free(r);
                free(r);
                return;
            }
        }
        free(l);
        if (!l) {
            worker_malformed(r, "304 without a cached list");
            goto out;
        }
        r->not_modified = true;
        r->synced_at = r->now;
        if (store_cache_touch(w->st, FIELD_CACHE_KIND, w->id.user_id, r->now) != STORE_OK)
            fprintf(stderr, "paraf: worker: cannot mark the assignments cache current\n");
        goto out;
    }
    if (h->http_status != 200 || !(r->assignments = malloc(sizeof *r->assignments)) ||
        !field_json_assignments(h->body, h->len, r->assignments, why, sizeof why)) {
        free(r->assignments);
        r->assignments = NULL;
        worker_malformed(r, h->http_status != 200 ? "HTTP status is not the list" : why);
        goto out; /* the cache keeps the last good list */
    }
    if (r->assignments->n_invalid)
        fprintf(stderr, "paraf: worker: %d assignments could not be read\n",
                r->assignments->n_invalid);
    r->synced_at = r->now;
    bool saved = worker_store(w) && store_cache_put(w->st, FIELD_CACHE_KIND, w->id.user_id, h->body,
                                                    h->len, r->now) == STORE_OK;
    if (!saved)
        fprintf(stderr, "paraf: worker: cannot cache the assignments\n");
    snprintf(w->assign_etag, sizeof w->assign_etag, "%s", saved ? h->etag : "");
out:
    assignments_post(w, r);
}

/* ---- reports: list, save, discard --------------------------------------------------------- */

static void reports_post(worker *w, msg_result *r)
{
    report_row *rows = NULL;
    size_t n = 0;
    store_err e = STORE_OK;
    if (!worker_field_ready(w, r))
        goto out;
    if ((e = store_report_list(w->st, w->id.user_id, -1, WORKER_REPORTS_LIST, &rows, &n)) !=
        STORE_OK) {
        worker_store_status(r, e);
        goto out;
    }
    if (n && !(r->reports = calloc(n, sizeof *r->reports))) {
        worker_malformed(r, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (worker_report_view(w, &rows[i], &r->reports[r->n_reports]))
            r->n_reports++;
out:
    store_report_rows_free(rows, n);
    worker_post(w, r);
}

static void field_save(worker *w, msg_cmd *c)
{
    msg_result *r = worker_result(RES_REPORT_SAVED);
    field_report *rep = c->report;
    char *json = NULL;
    if (!r)
        goto out;
    r->arg = c->arg; /* the save's number, echoed */
    if (rep)
        snprintf(r->id, sizeof r->id, "%s", rep->report_id);
    if (!rep || !wire_uuid_valid(rep->report_id) || !wire_id_valid(rep->assignment_id)) {
        worker_refuse(r, "invalid_report", "a draft needs a report id (UUID) and an assignment id");
        goto out;
    }
    if (!worker_field_ready(w, r))
        goto out;
    int64_t now = worker_wall_s();
    if (rep->created_at <= 0)
        rep->created_at = now;
    /* The photos are the store's (CMD_PHOTO_ADD / _REMOVE): a save never rewrites them. */
    rep->n_photos = 0;
    if (!(json = field_json_report_encode(rep))) {
        worker_malformed(r, "out of memory");
        goto out;
    }
    store_err e = store_report_save(w->st, w->id.user_id, rep->report_id, rep->assignment_id, json,
                                    rep->created_at, now);
    if (e == STORE_EXISTS)
        worker_refuse(r, "not_draft", "the report was submitted: its answers are frozen");
    else if (e != STORE_OK)
        worker_store_status(r, e);
out:
    if (json) {
        crypto_zero(json, strlen(json));
        free(json);
    }
    if (r)
        r->ok = r->status == NET_OK;
    worker_post(w, r);
}

static void field_discard(worker *w, const msg_cmd *c)
{
    msg_result *r = worker_result(RES_REPORTS);
    if (!r) {
        worker_post(w, r);
        return;
    }
    snprintf(r->id, sizeof r->id, "%s", c->id);
    if (worker_field_ready(w, r)) {
        store_err e = store_report_discard(w->st, c->id);
        if (e == STORE_EXISTS)
            worker_refuse(r, "not_draft", "only a draft can be discarded");
        else if (e != STORE_OK && e != STORE_NOT_FOUND)
            worker_store_status(r, e);
    }
    reports_post(w, r); /* the list as it is now, with the outcome in status */
}

/* ---- the queue --------------------------------------------------------------------------------
 */

static void field_run(worker *w, msg_cmd *c)
{
    switch (c->kind) {
    case CMD_REPORTS_LIST: {
        msg_result *r = worker_result(RES_REPORTS);
        if (r)
            reports_post(w, r);
        else
            worker_post(w, r);
        break;
    }
    case CMD_REPORT_SAVE:
        field_save(w, c);
        break;
    case CMD_REPORT_SUBMIT:
        worker_report_submit(w, c);
        break;
    case CMD_REPORT_DISCARD:
        field_discard(w, c);
        break;
    case CMD_PHOTO_SCAN:
        worker_photo_scan(w);
        break;
    case CMD_PHOTO_THUMB:
        worker_photo_thumb(w, c);
        break;
    case CMD_PHOTO_ADD:
        worker_photo_add(w, c);
        break;
    case CMD_PHOTO_REMOVE:
        worker_photo_remove(w, c);
        break;
    default:
        break;
    }
}

static bool field_has_queued(const worker *w, msg_cmd_kind kind)
{
    for (size_t i = 0; i < w->fq_len; i++)
        if (w->fq[i].kind == kind)
            return true;
    return false;
}

void worker_field_command(worker *w, msg_cmd *c)
{
    if (c->kind == CMD_FETCH_ASSIGNMENTS) {
        worker_fetch_assignments(w);
        return;
    }
    /* A draft's answers and a photo's removal reach the disk at once, never behind queued
     * thumbnails or photos: the form says "Draf tersimpan" when the save after them is confirmed.
     * A save leaves the photo list alone, so it may overtake a photo being added; the form removes
     * a photo only when none is being added. Nothing overtakes a queued submit or discard, and a
     * save no queued save or removal (an older save must not land after it). */
    bool at_once = !field_has_queued(w, CMD_REPORT_SUBMIT) &&
                   !field_has_queued(w, CMD_REPORT_DISCARD) &&
                   (c->kind == CMD_PHOTO_REMOVE ||
                    (c->kind == CMD_REPORT_SAVE && !field_has_queued(w, CMD_REPORT_SAVE) &&
                     !field_has_queued(w, CMD_PHOTO_REMOVE)));
    if (at_once) {
        field_run(w, c);
        return;
    }
    if (w->fq_len == w->fq_cap) {
        size_t ncap = w->fq_cap ? w->fq_cap * 2 : 16;
        msg_cmd *nq = realloc(w->fq, ncap * sizeof *nq);
        if (!nq) {
            field_run(w, c); /* out of memory: at once rather than never */
            return;
        }
        w->fq = nq;
        w->fq_cap = ncap;
    }
    w->fq[w->fq_len++] = *c;
    c->report = NULL; /* the copy owns it now */
}

bool worker_field_step(worker *w)
{
    size_t i = 0;
    bool photo_done = false;
    while (i < w->fq_len) {
        msg_cmd *c = &w->fq[i];
        bool photo = c->kind == CMD_PHOTO_ADD || c->kind == CMD_PHOTO_THUMB;
        if (photo && photo_done)
            break;
        field_run(w, c);
        msg_cmd_free(c);
        photo_done = photo_done || photo;
        i++;
    }
    if (i > 0 && i < w->fq_len)
        memmove(w->fq, w->fq + i, (w->fq_len - i) * sizeof *w->fq);
    w->fq_len -= i;
    return w->fq_len > 0;
}

void worker_field_free(worker *w)
{
    for (size_t i = 0; i < w->fq_len; i++)
        msg_cmd_free(&w->fq[i]);
    free(w->fq);
    w->fq = NULL;
    w->fq_len = w->fq_cap = 0;
    gps_src_close(w->gps);
    w->gps = NULL;
}

/* ---- start and location --------------------------------------------------------------------- */

void worker_field_start(worker *w)
{
    char tmp[600];
    if (strcmp(w->cfg.profile, "field") != 0)
        return;
    /* A photo being prepared when the program stopped. */
    snprintf(tmp, sizeof tmp, "%s/%s", w->cfg.data_dir, WORKER_TEMP_PHOTO);
    if (unlink(tmp) != 0 && errno != ENOENT)
        fprintf(stderr, "paraf: worker: cannot remove %s\n", tmp);
    if (!w->gps)
        w->gps = gps_src_open(w->cfg.gpsd_host[0] ? w->cfg.gpsd_host : NULL,
                              w->cfg.gpsd_port[0] ? w->cfg.gpsd_port : NULL);
    if (!w->enrolled)
        return;
    int64_t at = 0;
    msg_result *r = worker_result(RES_ASSIGNMENTS);
    if (r && (r->assignments = field_cache_list(w, &at)) != NULL) {
        r->cached = true;
        r->synced_at = at;
        worker_post(w, r);
    } else if (r) {
        msg_result_free(r);
        free(r);
    }
}

int worker_gps_fd(const worker *w)
{
    return w->gps ? gps_src_fd(w->gps) : -1;
}

int64_t worker_gps_poll(worker *w, int64_t wait)
{
    if (!w->gps)
        return wait;
    gps_fix f;
    if (gps_src_poll(w->gps, &f)) {
        w->gps_fix = f;
        w->gps_dirty = true;
    }
    bool conn = gps_src_connected(w->gps);
    if (conn != w->gps_connected) {
        w->gps_connected = conn;
        w->gps_dirty = true;
        if (!conn)
            fprintf(stderr, "paraf: worker: %s\n", gps_src_error(w->gps));
    }
    int64_t now = worker_mono_ms(), left = w->gps_posted_ms + WORKER_GPS_POST_MS - now;
    if (w->gps_dirty && left <= 0) {
        msg_result *r = worker_result(RES_LOCATION);
        if (r) {
            r->fix = w->gps_fix;
            r->ok = w->gps_connected;
        }
        worker_post(w, r);
        w->gps_dirty = false;
        w->gps_posted_ms = now;
    } else if (w->gps_dirty && left < wait) {
        wait = left;
    }
    return wait < WORKER_GPS_POST_MS ? wait : WORKER_GPS_POST_MS;
}
