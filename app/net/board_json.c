/* board_json: the lobby board's documents from the hub (GET /v1/services, GET /v1/announcements)
 * parsed strictly into board_data (app/core/board.h). The JSON library stays out of the pure core,
 * like doc_json.c for the approver's items. */
#include "board_json.h"

#include "json_text.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400

static board_err board_fail(board_err e, char *why, size_t cap, const char *msg)
{
    if (why && cap)
        snprintf(why, cap, "%s", msg);
    return e;
}

/* ---- field readers -------------------------------------------------------------------------- */

static const cJSON *field(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Aksara Bali as the contract allows it: only U+1B00..U+1B7F (UTF-8 E1 AC 80 .. E1 AD BF) and
 * spaces, at least one letter. */
static bool balinese_only(const char *s)
{
    bool letter = false;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (p[0] != 0xE1 || (p[1] != 0xAC && p[1] != 0xAD) || p[2] < 0x80 || p[2] > 0xBF)
            return false;
        letter = true;
        p += 3;
    }
    return letter;
}

/* An optional Aksara Bali name: absent, or wrong (a name in the wrong script would show as empty
 * boxes in the Balinese font), gives "". */
static void get_bali(const cJSON *o, const char *key, char *out, size_t cap)
{
    const cJSON *j = field(o, key);
    out[0] = '\0';
    if (cJSON_IsString(j) && j->valuestring && balinese_only(j->valuestring) &&
        strlen(j->valuestring) < cap)
        json_text_copy(j->valuestring, out, cap, false);
}

/* An integral number in [min, max]. */
static bool get_int(const cJSON *o, const char *key, int64_t min, int64_t max, int64_t *out)
{
    const cJSON *j = field(o, key);
    if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble) || j->valuedouble != floor(j->valuedouble))
        return false;
    if (j->valuedouble < (double)min || j->valuedouble > (double)max)
        return false;
    *out = (int64_t)j->valuedouble;
    return true;
}

static bool get_count(const cJSON *o, const char *key, int *out)
{
    int64_t v;
    if (!get_int(o, key, 0, BOARD_COUNT_MAX, &v))
        return false;
    *out = (int)v;
    return true;
}

static bool get_time(const cJSON *o, const char *key, int64_t *out)
{
    const cJSON *j = field(o, key);
    return cJSON_IsString(j) && j->valuestring && wire_time_parse(j->valuestring, out);
}

/* "HH:MM", 00:00 .. 24:00. */
static bool parse_hhmm(const cJSON *j, uint16_t *out)
{
    if (!cJSON_IsString(j) || !j->valuestring)
        return false;
    const char *s = j->valuestring;
    if (strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return false;
    *out = (uint16_t)(h * 60 + m);
    return true;
}

/* A ticket or counter: 1..cap-1 printable ASCII characters. */
static bool get_code_or_null(const cJSON *o, const char *key, char *out, size_t cap)
{
    const cJSON *j = field(o, key);
    out[0] = '\0';
    if (cJSON_IsNull(j))
        return true;
    if (!cJSON_IsString(j) || !j->valuestring || !j->valuestring[0] ||
        strlen(j->valuestring) >= cap || !wire_utf8_valid(j->valuestring, strlen(j->valuestring)))
        return false;
    for (const char *p = j->valuestring; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return false;
    return json_text_copy(j->valuestring, out, cap, false);
}

/* ---- services ------------------------------------------------------------------------------- */

static bool parse_hours(const cJSON *arr, board_service *s)
{
    if (!cJSON_IsArray(arr))
        return false;
    int last = 0;
    s->n_hours = 0;
    for (const cJSON *h = arr->child; h; h = h->next) {
        int64_t day;
        board_hours bh;
        if (!cJSON_IsObject(h) || s->n_hours >= 7 || !get_int(h, "day", 1, 7, &day) ||
            day <= last || !parse_hhmm(field(h, "open"), &bh.open_min) ||
            !parse_hhmm(field(h, "close"), &bh.close_min) || bh.open_min >= bh.close_min)
            return false;
        bh.day = (uint8_t)day;
        last = (int)day;
        s->hours[s->n_hours++] = bh;
    }
    return true;
}

static bool parse_holidays(const cJSON *arr, board_service *s)
{
    if (!cJSON_IsArray(arr))
        return false;
    s->n_holidays = 0;
    for (const cJSON *h = arr->child; h; h = h->next) {
        int64_t t;
        if (!cJSON_IsString(h) || !h->valuestring || strlen(h->valuestring) != 10 ||
            !fmt_date_iso_parse(h->valuestring, &t))
            return false;
        if (s->n_holidays < BOARD_HOLIDAYS_MAX) /* the first ones: the list is by date */
            s->holidays[s->n_holidays++] = (int32_t)(t / SECS_PER_DAY);
    }
    return true;
}

static bool parse_requirements(const cJSON *arr, board_service *s)
{
    s->n_requirements = 0;
    if (!arr)
        return true; /* optional */
    if (!cJSON_IsArray(arr))
        return false;
    for (const cJSON *r = arr->child; r; r = r->next) {
        if (!cJSON_IsString(r) || !r->valuestring || !r->valuestring[0] ||
            !wire_utf8_valid(r->valuestring, strlen(r->valuestring)))
            return false;
        if (s->n_requirements < BOARD_REQ_MAX)
            json_text_copy(r->valuestring, s->requirements[s->n_requirements++], BOARD_REQ_CAP,
                           true);
    }
    return true;
}

static bool parse_status(const cJSON *j, board_status *out)
{
    if (!cJSON_IsString(j) || !j->valuestring)
        return false;
    for (int i = 0; i < BOARD_STATUSES; i++)
        if (strcmp(j->valuestring, board_status_code((board_status)i)) == 0) {
            *out = (board_status)i;
            return true;
        }
    return false;
}

/* One service; false when a field is missing or wrong (the caller keeps a placeholder). */
static bool parse_service(const cJSON *o, board_service *s)
{
    const cJSON *id = field(o, "id");
    if (!cJSON_IsString(id) || !id->valuestring || !wire_id_valid(id->valuestring) ||
        strlen(id->valuestring) >= BOARD_ID_CAP)
        return false;
    json_text_copy(id->valuestring, s->id, sizeof s->id, false);
    if (!json_text_get(o, "name", s->name, sizeof s->name) ||
        !json_text_get(o, "agency", s->agency, sizeof s->agency) ||
        !parse_status(field(o, "status"), &s->status) ||
        !json_text_get(o, "status_message", s->status_message, sizeof s->status_message))
        return false;
    get_bali(o, "name_bali", s->name_bali, sizeof s->name_bali);
    if (!get_count(o, "quota_daily", &s->quota_daily) || s->quota_daily == 0 ||
        !get_count(o, "quota_remaining", &s->quota_remaining) ||
        s->quota_remaining > s->quota_daily || !get_count(o, "waiting", &s->waiting) ||
        !get_count(o, "served_today", &s->served_today) ||
        !get_count(o, "est_wait_min", &s->est_wait_min))
        return false;
    if (s->status == BOARD_KUOTA_PENUH && s->quota_remaining != 0)
        return false; /* "full" with tickets left: one of the two is a lie */
    if (!get_code_or_null(o, "now_serving", s->now_serving, sizeof s->now_serving) ||
        !get_code_or_null(o, "counter", s->counter, sizeof s->counter) ||
        (s->now_serving[0] == '\0') != (s->counter[0] == '\0'))
        return false;
    return parse_hours(field(o, "hours"), s) && parse_holidays(field(o, "holidays"), s) &&
           parse_requirements(field(o, "requirements"), s);
}

/* The body as JSON, refusing what is empty, too big or followed by anything but white space. */
static board_err parse_json(const char *json, size_t len, cJSON **out, char *why, size_t cap)
{
    *out = NULL;
    if (!json || len == 0)
        return board_fail(BOARD_ERR_EMPTY, why, cap, "empty body");
    if (len > BOARD_JSON_MAX)
        return board_fail(BOARD_ERR_TOO_BIG, why, cap, "body larger than 256 KiB");
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!j)
        return board_fail(BOARD_ERR_SYNTAX, why, cap, "not valid JSON");
    for (const char *p = end; p && p < json + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            cJSON_Delete(j);
            return board_fail(BOARD_ERR_SYNTAX, why, cap, "data after the JSON value");
        }
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return board_fail(BOARD_ERR_SHAPE, why, cap, "body is not a JSON object");
    }
    *out = j;
    return BOARD_OK;
}

/* The services part of board_data, as it is copied on success. */
typedef struct {
    int64_t revision, generated_at;
    char hall_name[BOARD_NAME_CAP];
    char hall_name_bali[BOARD_TEXT_CAP];
    char hall_address[BOARD_TEXT_CAP];
    board_service services[BOARD_SERVICES_MAX];
    int n, n_invalid;
} services_part;

board_err board_parse_services(board_data *d, const char *json, size_t len, char *why, size_t cap)
{
    cJSON *j = NULL;
    services_part *p = NULL;
    board_err e = parse_json(json, len, &j, why, cap);
    if (e != BOARD_OK)
        goto done;
    p = calloc(1, sizeof *p);
    if (!p) {
        e = board_fail(BOARD_ERR_NOMEM, why, cap, "out of memory");
        goto done;
    }
    const cJSON *hall = field(j, "hall"), *arr = field(j, "services");
    if (!get_int(j, "revision", 0, INT64_C(1) << 53, &p->revision) ||
        !get_time(j, "generated_at", &p->generated_at)) {
        e = board_fail(BOARD_ERR_SHAPE, why, cap, "revision or generated_at missing or wrong");
        goto done;
    }
    if (!cJSON_IsObject(hall) || !json_text_get(hall, "name", p->hall_name, sizeof p->hall_name)) {
        e = board_fail(BOARD_ERR_SHAPE, why, cap, "hall or hall.name missing or wrong");
        goto done;
    }
    get_bali(hall, "name_bali", p->hall_name_bali, sizeof p->hall_name_bali);
    if (!json_text_get(hall, "address", p->hall_address, sizeof p->hall_address))
        p->hall_address[0] = '\0';
    if (!cJSON_IsArray(arr)) {
        e = board_fail(BOARD_ERR_SHAPE, why, cap, "services is not an array");
        goto done;
    }
    if (cJSON_GetArraySize(arr) > BOARD_SERVICES_MAX) {
        e = board_fail(BOARD_ERR_TOO_MANY, why, cap, "more than 48 services");
        goto done;
    }
    for (const cJSON *o = arr->child; o; o = o->next) {
        board_service *s = &p->services[p->n++];
        if (cJSON_IsObject(o) && parse_service(o, s)) {
            s->valid = true;
            continue;
        }
        /* Keep its place with what can be said about it. */
        char name[BOARD_NAME_CAP] = "";
        if (cJSON_IsObject(o) && !json_text_get(o, "name", name, sizeof name))
            name[0] = '\0';
        memset(s, 0, sizeof *s);
        memcpy(s->name, name, sizeof name);
        p->n_invalid++;
    }
    d->have_services = true;
    d->services_revision = p->revision;
    d->services_generated_at = p->generated_at;
    memcpy(d->hall_name, p->hall_name, sizeof d->hall_name);
    memcpy(d->hall_name_bali, p->hall_name_bali, sizeof d->hall_name_bali);
    memcpy(d->hall_address, p->hall_address, sizeof d->hall_address);
    memcpy(d->services, p->services, sizeof d->services);
    d->n_services = p->n;
    d->n_invalid_services = p->n_invalid;
    if (why && cap)
        why[0] = '\0';
done:
    free(p);
    cJSON_Delete(j);
    return e;
}

/* ---- announcements -------------------------------------------------------------------------- */

static bool parse_announcement(const cJSON *o, board_announcement *a)
{
    const cJSON *id = field(o, "id"), *pr = field(o, "priority");
    if (!cJSON_IsObject(o) || !cJSON_IsString(id) || !id->valuestring ||
        !wire_id_valid(id->valuestring) || strlen(id->valuestring) >= BOARD_ID_CAP ||
        !json_text_get(o, "text", a->text, sizeof a->text) || !get_time(o, "from", &a->from) ||
        !get_time(o, "until", &a->until) || a->until <= a->from || !cJSON_IsString(pr) ||
        !pr->valuestring)
        return false;
    if (strcmp(pr->valuestring, "penting") == 0)
        a->priority = BOARD_ANN_PENTING;
    else if (strcmp(pr->valuestring, "info") == 0)
        a->priority = BOARD_ANN_INFO;
    else
        return false;
    json_text_copy(id->valuestring, a->id, sizeof a->id, false);
    return true;
}

board_err board_parse_announcements(board_data *d, const char *json, size_t len, char *why,
                                    size_t cap)
{
    cJSON *j = NULL;
    board_announcement *ann = NULL;
    int64_t rev, gen;
    board_err e = parse_json(json, len, &j, why, cap);
    if (e != BOARD_OK)
        goto done;
    const cJSON *arr = field(j, "announcements");
    if (!get_int(j, "revision", 0, INT64_C(1) << 53, &rev) || !get_time(j, "generated_at", &gen) ||
        !cJSON_IsArray(arr)) {
        e = board_fail(BOARD_ERR_SHAPE, why, cap,
                       "revision, generated_at or announcements missing or wrong");
        goto done;
    }
    ann = calloc(BOARD_ANN_MAX, sizeof *ann);
    if (!ann) {
        e = board_fail(BOARD_ERR_NOMEM, why, cap, "out of memory");
        goto done;
    }
    int n = 0, bad = 0;
    for (const cJSON *o = arr->child; o; o = o->next) {
        board_announcement a;
        memset(&a, 0, sizeof a);
        if (!parse_announcement(o, &a) || n >= BOARD_ANN_MAX)
            bad++;
        else
            ann[n++] = a;
    }
    d->have_announcements = true;
    d->announcements_revision = rev;
    memcpy(d->ann, ann, sizeof d->ann);
    d->n_ann = n;
    d->n_invalid_ann = bad;
    if (why && cap)
        why[0] = '\0';
done:
    free(ann);
    cJSON_Delete(j);
    return e;
}
