/* devices: what a device says about itself and what the hub tells it. GET /v1/devices/config,
 * POST /v1/devices/heartbeat (strictly validated, only the latest one per device is kept) and the
 * operator's view of those heartbeats (--show-heartbeats). */
#include "hub.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HB_BODY_MAX    8192
#define HB_VERSION_MAX 32
#define HB_UPTIME_MAX  2147483647.0 /* about 68 years */
#define HB_RSS_KB_MAX  67108864.0   /* 64 GiB */

/* A heartbeat as validated. last_sync is "" when the device has never synced (JSON null).
 * display and profile point into the parsed request, which must outlive this. */
typedef struct {
    char version[HB_VERSION_MAX + 1];
    double uptime_s;
    double rss_kb;
    char last_sync[21];
    const char *display;
    const char *profile;
} heartbeat;

static const char *const hb_fields[] = {"version",   "uptime_s", "rss_kb",
                                        "last_sync", "display",  "profile"};
enum { HB_NFIELDS = sizeof hb_fields / sizeof hb_fields[0] };

void api_device_config(hub *h, const hub_req *rq, hub_resp *rs)
{
    char now[21];
    hub_now(now);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "profile", rq->device->profile);
    cJSON_AddStringToObject(o, "user_id", rq->device->user_id);
    cJSON_AddNumberToObject(o, "poll_interval_s", h->poll_s);
    cJSON_AddNumberToObject(o, "idle_lock_s", 300);
    cJSON_AddNumberToObject(o, "heartbeat_interval_s", 300);
    cJSON_AddStringToObject(o, "time_zone", "Asia/Makassar");
    cJSON_AddStringToObject(o, "server_time", now);
    hub_resp_json(rs, 200, o);
}

/* Every member is one of hb_fields, each at most once (cJSON keeps duplicate keys; the first one
 * would win silently otherwise), and all of them are there. */
static bool hb_fields_exact(const cJSON *j, char *why, size_t cap)
{
    int seen[HB_NFIELDS] = {0};
    const cJSON *m;
    cJSON_ArrayForEach(m, j)
    {
        int k = -1;
        for (int i = 0; i < HB_NFIELDS && k < 0; i++)
            if (strcmp(m->string, hb_fields[i]) == 0)
                k = i;
        if (k < 0 || seen[k]++) {
            snprintf(why, cap, "%s field: %.64s", k < 0 ? "unknown" : "duplicate", m->string);
            return false;
        }
    }
    for (int i = 0; i < HB_NFIELDS; i++)
        if (!seen[i]) {
            snprintf(why, cap, "missing field: %s", hb_fields[i]);
            return false;
        }
    return true;
}

/* 1..32 characters of the SemVer alphabet, e.g. "0.1.0", "0.1.0-rc.1+g1a2b3c". */
static bool hb_version_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > HB_VERSION_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '.' || c == '-' || c == '+'))
            return false;
    }
    return true;
}

/* A JSON integer in [0, max]; false for other types, fractions and out-of-range values. */
static bool hb_count(const cJSON *j, const char *name, double max, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= max) ||
        v->valuedouble != (double)(long long)v->valuedouble)
        return false;
    *out = v->valuedouble;
    return true;
}

/* A string member, or NULL. */
static const char *hb_strref(const cJSON *j, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Copies a string member into out; false when not a string or longer than cap - 1. */
static bool hb_str(const cJSON *j, const char *name, char *out, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap)
        return false;
    memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
    return true;
}

static bool hb_last_sync(const cJSON *j, char out[21])
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "last_sync");
    out[0] = '\0';
    if (cJSON_IsNull(v))
        return true;
    return hb_str(j, "last_sync", out, 21) && wire_time_valid(out);
}

/* Shape and types: 400 invalid_heartbeat with the reason in why. */
static bool hb_read(const cJSON *j, heartbeat *hb, char *why, size_t cap)
{
    const char *bad = NULL;
    if (!hb_fields_exact(j, why, cap))
        return false;
    if (!hb_str(j, "version", hb->version, sizeof hb->version) || !hb_version_valid(hb->version))
        bad = "version must be 1-32 characters of [0-9A-Za-z.+-]";
    else if (!hb_count(j, "uptime_s", HB_UPTIME_MAX, &hb->uptime_s))
        bad = "uptime_s must be an integer from 0 to 2147483647";
    else if (!hb_count(j, "rss_kb", HB_RSS_KB_MAX, &hb->rss_kb))
        bad = "rss_kb must be an integer from 0 to 67108864";
    else if (!hb_last_sync(j, hb->last_sync))
        bad = "last_sync must be null or YYYY-MM-DDThh:mm:ssZ";
    else if (!(hb->display = hb_strref(j, "display")))
        bad = "display must be a string, \"on\" or \"off\"";
    else if (!(hb->profile = hb_strref(j, "profile")))
        bad = "profile must be a string, the device's profile";
    if (bad)
        snprintf(why, cap, "%s", bad);
    return bad == NULL;
}

/* Well-formed but not acceptable: 422. */
static bool hb_acceptable(const hub_req *rq, const heartbeat *hb, hub_resp *rs)
{
    if (strcmp(hb->display, "on") != 0 && strcmp(hb->display, "off") != 0) {
        hub_resp_error(rs, 422, "unknown_display", "display must be \"on\" or \"off\"");
        return false;
    }
    if (strcmp(hb->profile, rq->device->profile) != 0) {
        hub_resp_error(rs, 422, "profile_mismatch",
                       "the heartbeat says profile '%.32s' but this device is enrolled as '%s'",
                       hb->profile, rq->device->profile);
        return false;
    }
    return true;
}

/* The stored form: the validated fields in a fixed order. Caller frees. */
static char *hb_json(const heartbeat *hb)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "version", hb->version);
    cJSON_AddNumberToObject(o, "uptime_s", hb->uptime_s);
    cJSON_AddNumberToObject(o, "rss_kb", hb->rss_kb);
    if (hb->last_sync[0])
        cJSON_AddStringToObject(o, "last_sync", hb->last_sync);
    else
        cJSON_AddNullToObject(o, "last_sync");
    cJSON_AddStringToObject(o, "display", hb->display);
    cJSON_AddStringToObject(o, "profile", hb->profile);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

static db_err hb_store(hub *h, const hub_req *rq, const heartbeat *hb, const char *now)
{
    char *json = hb_json(hb);
    if (!json)
        return DB_ERROR;
    const char *p[] = {rq->device->key_id, rq->device->user_id, now, json};
    db_err e = db_exec(h->db,
                       "INSERT INTO heartbeats(key_id, user_id, received_at, json) "
                       "VALUES(?1,?2,?3,?4) ON CONFLICT(key_id) DO UPDATE SET "
                       "user_id=excluded.user_id, received_at=excluded.received_at, "
                       "json=excluded.json",
                       p, 4);
    free(json);
    return e;
}

static void hb_answer(hub *h, hub_resp *rs, bool stored, const char *now)
{
    if (!stored) {
        hub_resp_error(rs, 500, "internal", "the heartbeat could not be stored");
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "received_at", now);
    cJSON_AddNumberToObject(o, "poll_interval_s", h->poll_s);
    hub_resp_json(rs, 200, o);
    rs->no_store = true;
}

void api_heartbeat(hub *h, const hub_req *rq, hub_resp *rs)
{
    if (rq->body_len > HB_BODY_MAX) {
        hub_resp_error(rs, 413, "body_too_large", "a heartbeat is at most %d bytes", HB_BODY_MAX);
        return;
    }
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    heartbeat hb;
    char why[160], now[21];
    hub_now(now);
    if (!hb_read(j, &hb, why, sizeof why))
        hub_resp_error(rs, 400, "invalid_heartbeat", "%s", why);
    else if (hb_acceptable(rq, &hb, rs)) /* else it answered 422 */
        hb_answer(h, rs, hb_store(h, rq, &hb, now) == DB_OK, now);
    cJSON_Delete(j);
}

static void print_line(const char *text, void *arg)
{
    fprintf(arg, "%s\n", text);
}

int hub_heartbeats_print(hub *h, FILE *out)
{
    /* Every enrolled device, also those never heard from ("seen=never"): a silent kiosk is what
     * an operator looks for. */
    static const char sql[] =
        "SELECT 'device ' || substr(d.key_id, 1, 12) || ' user=' || d.user_id || ' profile=' ||"
        " d.profile || ' seen=' || coalesce(h.received_at, 'never') ||"
        " coalesce(' version=' || json_extract(h.json, '$.version') ||"
        " ' uptime_s=' || json_extract(h.json, '$.uptime_s') ||"
        " ' rss_kb=' || json_extract(h.json, '$.rss_kb') ||"
        " ' last_sync=' || coalesce(json_extract(h.json, '$.last_sync'), 'null') ||"
        " ' display=' || json_extract(h.json, '$.display'), '')"
        " FROM devices d LEFT JOIN heartbeats h ON h.key_id = d.key_id"
        " ORDER BY d.profile, d.user_id, d.key_id";
    if (db_query_each(h->db, sql, NULL, 0, print_line, out) != DB_OK) {
        fprintf(stderr, "paraf-hub: the heartbeats could not be read\n");
        return -1;
    }
    return fflush(out) == 0 ? 0 : -1;
}
