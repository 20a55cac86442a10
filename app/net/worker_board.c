/* worker_board: the lobby board's data and heartbeat. A board fetch is two conditional GETs
 * (/v1/services, /v1/announcements), each with its own ETag; the answer (RES_BOARD) is made when
 * both are in. Good bodies are cached sealed per user (kinds "services" and "announcements"); a
 * failure answers with the cached board, and a bad answer never replaces the cached one. The
 * fetch is assembled in the worker's own storage, so nothing is held on the heap between
 * requests (a stop while it is out leaks nothing). The heartbeat reports version, uptime, RSS,
 * the last sync, the display and the profile (docs/api.md §3). */
#include "board_json.h"
#include "worker_int.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef PARAF_VERSION
#define PARAF_VERSION "0.1.0"
#endif

static const char *const board_kind[2] = {"services", "announcements"};
static const char *const board_path[2] = {"/v1/services", "/v1/announcements"};

static int board_half(unsigned bit)
{
    return bit == WORKER_BOARD_SERVICES ? 0 : 1;
}

static char *board_etag(worker *w, int half)
{
    return half == 0 ? w->services_etag : w->announcements_etag;
}

/* Failures the cached board may stand in for (as worker_fetch.c: the hub was not reached or
 * gave nothing usable). */
static bool board_cache_fits(net_status s)
{
    return s == NET_OFFLINE || s == NET_TIMEOUT || s == NET_TLS || s == NET_SERVER ||
           s == NET_MALFORMED || s == NET_NOT_ENROLLED;
}

static board_err board_parse(board_data *d, int half, const char *json, size_t len, char *why,
                             size_t cap)
{
    return half == 0 ? board_parse_services(d, json, len, why, cap)
                     : board_parse_announcements(d, json, len, why, cap);
}

static void board_body_free(uint8_t *body, size_t len)
{
    if (body) {
        crypto_zero(body, len);
        free(body);
    }
}

/* Parses the cached body of one half into d; its fetched_at into *at. */
static bool board_cache_parse(worker *w, int half, board_data *d, int64_t *at)
{
    uint8_t *body = NULL;
    size_t len = 0;
    char why[120];
    bool ok =
        wire_id_valid(w->id.user_id) && worker_store(w) &&
        store_cache_get(w->st, board_kind[half], w->id.user_id, &body, &len, at) == STORE_OK &&
        board_parse(d, half, (const char *)body, len, why, sizeof why) == BOARD_OK;
    board_body_free(body, len);
    return ok;
}

/* The cached board (malloc'd) when both documents are cached and parse; *synced_at is the
 * older of their fetch times. NULL otherwise. */
static board_data *board_from_cache(worker *w, int64_t *synced_at)
{
    int64_t at[2] = {0, 0};
    board_data *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    board_data_init(d);
    if (!board_cache_parse(w, 0, d, &at[0]) || !board_cache_parse(w, 1, d, &at[1])) {
        free(d);
        return NULL;
    }
    *synced_at = at[0] < at[1] ? at[0] : at[1];
    return d;
}

static void board_fail(worker *w, net_status st, const char *code, const char *text)
{
    if (w->board_status != NET_OK)
        return; /* the first failure is the one reported */
    w->board_status = st;
    snprintf(w->board_code, sizeof w->board_code, "%s", code ? code : "");
    snprintf(w->board_text, sizeof w->board_text, "%s", text ? text : "");
}

static bool board_submit(worker *w, int half)
{
    size_t cap = w->cfg.max_json_bytes < BOARD_JSON_MAX ? w->cfg.max_json_bytes : BOARD_JSON_MAX;
    const char *etag = board_etag(w, half);
    return worker_submit(w, "GET", board_path[half], NULL, cap,
                         half == 0 ? TAG_SERVICES : TAG_ANNOUNCEMENTS, 0, NULL,
                         etag[0] ? etag : NULL, NULL);
}

/* Both halves are in: one RES_BOARD. */
static void board_finish(worker *w)
{
    msg_result *r = worker_result(RES_BOARD);
    if (!r)
        goto out;
    if (w->board_status != NET_OK) {
        r->status = w->board_status;
        snprintf(r->code, sizeof r->code, "%s", w->board_code);
        snprintf(r->text, sizeof r->text, "%s", w->board_text);
        if (board_cache_fits(r->status) && (r->board = board_from_cache(w, &r->synced_at)))
            r->cached = true;
        goto out;
    }
    w->board_synced_at = r->now;
    r->synced_at = r->now;
    if (w->board_304 == (WORKER_BOARD_SERVICES | WORKER_BOARD_ANN)) {
        r->not_modified = true;
        goto out;
    }
    if (!(r->board = malloc(sizeof *r->board))) {
        worker_malformed(r, "out of memory");
        goto out;
    }
    memcpy(r->board, &w->board_next, sizeof *r->board);
out:
    worker_post(w, r);
    w->board_wait = w->board_304 = w->board_retried = 0;
    board_data_init(&w->board_next);
}

void worker_fetch_board(worker *w)
{
    if (w->board_wait)
        return; /* coalesced: the fetch in flight answers this command too */
    if (!w->enrolled) {
        /* As the inbox does: (re)start enrolment; the next poll fetches. */
        if (!w->enrolling && worker_store(w))
            worker_enrol_begin(w);
        msg_result *r = worker_result(RES_BOARD);
        if (r) {
            r->status = NET_NOT_ENROLLED;
            snprintf(r->text, sizeof r->text, "the device is not enrolled");
        }
        worker_post(w, r);
        return;
    }
    /* The ETags describe one user's cache (a new enrolment clears it). */
    if (strcmp(w->board_etag_user, w->id.user_id) != 0) {
        w->services_etag[0] = w->announcements_etag[0] = '\0';
        snprintf(w->board_etag_user, sizeof w->board_etag_user, "%s", w->id.user_id);
    }
    board_data_init(&w->board_next);
    w->board_status = NET_OK;
    w->board_304 = w->board_retried = 0;
    w->board_wait = WORKER_BOARD_SERVICES | WORKER_BOARD_ANN;
    for (int half = 0; half < 2; half++) {
        if (!board_submit(w, half)) {
            board_fail(w, NET_MALFORMED, "", "out of memory: the request was not started");
            w->board_wait &= ~(half == 0 ? WORKER_BOARD_SERVICES : WORKER_BOARD_ANN);
        }
    }
    if (!w->board_wait)
        board_finish(w);
}

void worker_board_done(worker *w, http_result *h)
{
    unsigned bit = h->tag == TAG_SERVICES ? WORKER_BOARD_SERVICES : WORKER_BOARD_ANN;
    int half = board_half(bit);
    char why[160] = "";
    if (!(w->board_wait & bit))
        return; /* not asked for (cannot happen) */
    if (h->status != NET_OK) {
        board_fail(w, h->status, h->code, h->text);
    } else if (h->http_status == 304) {
        int64_t at = 0;
        if (board_cache_parse(w, half, &w->board_next, &at)) {
            w->board_304 |= bit;
            /* Still current: an offline start later says "synced" as of now. */
            if (store_cache_touch(w->st, board_kind[half], w->id.user_id, worker_wall_s()) !=
                STORE_OK)
                fprintf(stderr, "paraf: worker: cannot mark the %s cache current\n",
                        board_kind[half]);
        } else if (!(w->board_retried & bit)) {
            /* The cached body is gone or does not open: ask for the whole document. */
            board_etag(w, half)[0] = '\0';
            w->board_retried |= bit;
            if (board_submit(w, half))
                return; /* still waiting for this half */
            board_fail(w, NET_MALFORMED, "", "out of memory: the request was not started");
        } else {
            board_fail(w, NET_MALFORMED, "", "304 without a cached body");
        }
    } else if (h->http_status != 200) {
        snprintf(why, sizeof why, "%s: HTTP %ld is not the document", board_path[half],
                 h->http_status);
        board_fail(w, NET_MALFORMED, "", why);
    } else if (board_parse(&w->board_next, half, h->body, h->len, why, sizeof why) != BOARD_OK) {
        char text[200];
        snprintf(text, sizeof text, "%s: %s", board_path[half], why[0] ? why : "not the document");
        board_fail(w, NET_MALFORMED, "", text); /* the cache keeps the last good body */
    } else {
        /* Good: cached sealed, and its ETag kept only when the body is cached to match. */
        bool saved =
            worker_store(w) && store_cache_put(w->st, board_kind[half], w->id.user_id, h->body,
                                               h->len, worker_wall_s()) == STORE_OK;
        if (!saved)
            fprintf(stderr, "paraf: worker: cannot cache the %s\n", board_kind[half]);
        snprintf(board_etag(w, half), sizeof w->services_etag, "%s", saved ? h->etag : "");
    }
    w->board_wait &= ~bit;
    if (!w->board_wait)
        board_finish(w);
}

void worker_board_start(worker *w)
{
    if (!w->board_started_ms)
        w->board_started_ms = worker_program_ms();
    if (strcmp(w->cfg.profile, "board") != 0 || !w->enrolled)
        return;
    int64_t at = 0;
    board_data *d = board_from_cache(w, &at);
    if (!d)
        return;
    if (!w->board_synced_at)
        w->board_synced_at = at; /* the last sync, for the heartbeat */
    msg_result *r = worker_result(RES_BOARD);
    if (!r) {
        free(d);
        worker_post(w, r);
        return;
    }
    r->board = d;
    r->cached = true;
    r->synced_at = at;
    worker_post(w, r);
}

/* ---- heartbeat ------------------------------------------------------------------------------ */

/* Resident memory in KiB from /proc/self/statm; 0 when unknown. */
static long long board_rss_kb(void)
{
    long long size = 0, resident = 0;
    long page = sysconf(_SC_PAGESIZE);
    FILE *fp = fopen("/proc/self/statm", "r");
    if (!fp)
        return 0;
    int n = fscanf(fp, "%lld %lld", &size, &resident);
    fclose(fp);
    if (n != 2 || resident < 0 || page <= 0)
        return 0;
    long long kb = resident * (long long)page / 1024;
    return kb > 67108864 ? 67108864 : kb;
}

static char *board_heartbeat_body(worker *w, int display_on)
{
    int64_t up = (worker_program_ms() - w->board_started_ms) / 1000;
    char last[24] = "";
    if (w->board_synced_at > 0) {
        time_t t = (time_t)w->board_synced_at;
        struct tm tm;
        if (!gmtime_r(&t, &tm) || strftime(last, sizeof last, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
            last[0] = '\0';
    }
    const char *profile = w->cfg.profile[0] ? w->cfg.profile : w->id.profile;
    char *body = NULL;
    cJSON *o = cJSON_CreateObject();
    if (o && cJSON_AddStringToObject(o, "version", PARAF_VERSION) &&
        cJSON_AddNumberToObject(o, "uptime_s",
                                (double)(up < 0            ? 0
                                         : up > 2147483647 ? 2147483647
                                                           : up)) &&
        cJSON_AddNumberToObject(o, "rss_kb", (double)board_rss_kb()) &&
        (last[0] ? cJSON_AddStringToObject(o, "last_sync", last) != NULL
                 : cJSON_AddNullToObject(o, "last_sync") != NULL) &&
        cJSON_AddStringToObject(o, "display", display_on ? "on" : "off") &&
        cJSON_AddStringToObject(o, "profile", profile))
        body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return body;
}

void worker_heartbeat(worker *w, int display_on)
{
    if (!w->board_started_ms)
        w->board_started_ms = worker_program_ms();
    if (!worker_need_enrolled(w, RES_HEARTBEAT, NULL, 0))
        return;
    char *body = board_heartbeat_body(w, display_on);
    /* http owns the body from here, also when the request cannot start. */
    if (body && worker_submit(w, "POST", "/v1/devices/heartbeat", body, WORKER_HEARTBEAT_MAX,
                              TAG_HEARTBEAT, display_on ? 1 : 0, NULL, NULL, NULL))
        return;
    msg_result *r = worker_result(RES_HEARTBEAT);
    if (r)
        worker_malformed(r, "out of memory: the heartbeat was not sent");
    worker_post(w, r);
}

void worker_heartbeat_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_HEARTBEAT);
    cJSON *j = NULL;
    if (!r)
        goto out;
    worker_copy_status(r, h);
    if (h->status != NET_OK)
        goto out;
    /* Accepted only as documented: 200 with the JSON answer (a portal's HTML is not). */
    j = h->http_status == 200 ? cJSON_ParseWithLength(h->body, h->len) : NULL;
    if (!cJSON_IsObject(j) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "received_at"))) {
        worker_malformed(r, "not a heartbeat answer");
        goto out;
    }
    const cJSON *poll = cJSON_GetObjectItemCaseSensitive(j, "poll_interval_s");
    if (cJSON_IsNumber(poll) && poll->valuedouble >= 5 && poll->valuedouble <= 3600 &&
        poll->valuedouble == (double)(int)poll->valuedouble)
        r->arg = (int)poll->valuedouble;
out:
    cJSON_Delete(j);
    worker_post(w, r);
}
