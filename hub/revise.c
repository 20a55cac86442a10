/* revise: operator corrections from the command line, each in one transaction. They may run while
 * a hub serves the same data directory (WAL; a writer waits up to 5 s for the other, see db.c):
 * both bump the revision counter of the list they change, and the running hub reads its list
 * ETags from those counters on every request (api.c), so devices see the change on their next
 * poll.
 *
 * `--revise-item ID PATCH` corrects a pending item (an agency sends a corrected report): PATCH is
 * a JSON merge patch (RFC 7396: objects merge, null removes, anything else replaces) applied to
 * the item's document. The item gets the next version and a new content hash, so a decision made
 * on the old content is answered 409 stale_version and the device asks its user to decide again.
 *
 * `--update-service ID PATCH` is the queue system's (or the hall operator's) side of the lobby
 * board: the same kind of patch on one service of GET /v1/services (queue figures, status, hours).
 * The result must pass the rules of the board's own parser (app/net/board_json.c), re-stated here
 * in hub_service_check: a service the boards would refuse is not stored. */
#include "db.h"
#include "hub.h"

#include "crypto.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 7396 on target (an object); patch is consumed. Used by both commands. */
static void merge_patch(cJSON *target, cJSON *patch)
{
    cJSON *p = patch->child;
    while (p) {
        cJSON *next = p->next;
        cJSON *t = cJSON_GetObjectItemCaseSensitive(target, p->string);
        if (cJSON_IsNull(p)) {
            cJSON_DeleteItemFromObjectCaseSensitive(target, p->string);
        } else if (cJSON_IsObject(p) && !cJSON_IsObject(t)) {
            /* An object where there was none is the patch applied to {}: its nulls go. */
            cJSON *o = cJSON_CreateObject();
            if (o) {
                merge_patch(o, p);
                if (t)
                    cJSON_ReplaceItemInObjectCaseSensitive(target, p->string, o);
                else
                    cJSON_AddItemToObject(target, p->string, o);
            }
        } else if (cJSON_IsObject(p)) {
            merge_patch(t, p);
        } else {
            cJSON *v = cJSON_DetachItemViaPointer(patch, p);
            if (t)
                cJSON_ReplaceItemViaPointer(target, t, v);
            else
                cJSON_AddItemToObject(target, v->string, v);
        }
        p = next;
    }
}

typedef struct {
    const char *id;
    cJSON *patch;
    char why[160];
    long long version;
} revise_ctx;

static db_err revise_tx(sqlite3 *s, void *arg)
{
    revise_ctx *c = arg;
    const char *p[] = {c->id};
    char *body = NULL, *status = NULL, *summary = NULL, *ns = NULL;
    cJSON *sum = NULL;
    db_err e = db_s_text(s, "SELECT status FROM items WHERE id=?1", p, 1, &status);
    if (e == DB_OK && strcmp(status, "pending") != 0) {
        snprintf(c->why, sizeof c->why, "item %s is already decided", c->id);
        e = DB_CONFLICT;
    }
    if (e == DB_OK)
        e = db_s_text(s, "SELECT body FROM items WHERE id=?1", p, 1, &body);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT summary FROM items WHERE id=?1", p, 1, &summary);
    cJSON *doc = e == DB_OK ? cJSON_Parse(body) : NULL;
    if (e == DB_OK && !cJSON_IsObject(doc)) {
        snprintf(c->why, sizeof c->why, "item %s has no JSON document", c->id);
        e = DB_ERROR;
    }
    char *nb = NULL;
    if (e == DB_OK) {
        /* The patch may not move the item: its id, type and version are the hub's. */
        static const char *const fixed[] = {"id", "type", "version"};
        for (size_t i = 0; i < 3; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(c->patch, fixed[i]);
        merge_patch(doc, c->patch);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
        c->version = (cJSON_IsNumber(v) ? (long long)v->valuedouble : 1) + 1;
        if (cJSON_IsNumber(v))
            cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "version"),
                                 (double)c->version);
        else
            cJSON_AddNumberToObject(doc, "version", (double)c->version);
        nb = cJSON_PrintUnformatted(doc);
        if (!nb)
            e = DB_ERROR;
    }
    /* The inbox row follows the document: version and the fields it repeats. */
    if (e == DB_OK && cJSON_IsObject(sum = cJSON_Parse(summary))) {
        static const char *const keys[] = {"title", "summary", "urgency", "deadline", "agency"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
            if (v)
                cJSON_ReplaceItemInObjectCaseSensitive(sum, keys[i], cJSON_Duplicate(v, 1));
        }
        cJSON_ReplaceItemInObjectCaseSensitive(sum, "version",
                                               cJSON_CreateNumber((double)c->version));
        ns = cJSON_PrintUnformatted(sum);
    }
    if (e == DB_OK && !ns)
        e = DB_ERROR;
    if (e == DB_OK) {
        char sha[CRYPTO_SHA256_HEX], ver[24];
        crypto_sha256_hex(nb, strlen(nb), sha);
        snprintf(ver, sizeof ver, "%lld", c->version);
        const char *up[] = {c->id, ver, nb, sha, ns};
        e = db_s_exec(
            s, "UPDATE items SET version=?2, body=?3, body_sha256=?4, summary=?5 WHERE id=?1", up,
            5);
    }
    if (e == DB_OK)
        e = db_s_counter_bump(s, "rev.inbox", NULL);
    cJSON_Delete(doc);
    cJSON_Delete(sum);
    free(ns);
    free(summary);
    free(nb);
    free(body);
    free(status);
    return e;
}

int hub_revise_item(hub *h, const char *id, const char *patch_json)
{
    revise_ctx c = {.id = id, .patch = cJSON_Parse(patch_json)};
    if (!cJSON_IsObject(c.patch)) {
        fprintf(stderr, "paraf-hub: --revise-item: the patch must be a JSON object\n");
        cJSON_Delete(c.patch);
        return 2;
    }
    db_err e = db_tx(h->db, revise_tx, &c);
    cJSON_Delete(c.patch);
    if (e == DB_NOT_FOUND) {
        fprintf(stderr, "paraf-hub: --revise-item: no item '%s'\n", id);
        return 1;
    }
    if (e != DB_OK) {
        fprintf(stderr, "paraf-hub: --revise-item: %s\n",
                c.why[0] ? c.why : "the database could not be updated");
        return 1;
    }
    printf("revised %s version %lld\n", id, c.version);
    return 0;
}

/* ---- services ------------------------------------------------------------------------------- */

/* Limits of the board's parser (app/core/board.h): a longer ticket or counter, a larger count or
 * a larger services body makes it refuse the service or the whole list. */
#define SVC_COUNT_MAX   1000000
#define SVC_TICKET_CAP  16 /* bytes with the NUL */
#define SVC_COUNTER_CAP 32
#define SVC_BODY_MAX    (256 * 1024)

static bool check_fail(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool check_fail(char *why, size_t cap, const char *fmt, ...)
{
    if (why && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return false;
}

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static bool is_text(const cJSON *j)
{
    return cJSON_IsString(j) && j->valuestring && j->valuestring[0] &&
           wire_utf8_valid(j->valuestring, strlen(j->valuestring));
}

/* An integral number in [min, max] (NaN fails both comparisons). */
static bool is_int(const cJSON *j, double min, double max)
{
    return cJSON_IsNumber(j) && j->valuedouble >= min && j->valuedouble <= max &&
           j->valuedouble == (double)(long long)j->valuedouble;
}

/* null, or a ticket/counter code: 1..cap-1 bytes of UTF-8 without control characters. */
static bool is_code_or_null(const cJSON *j, size_t cap)
{
    if (cJSON_IsNull(j))
        return true;
    if (!is_text(j) || strlen(j->valuestring) >= cap)
        return false;
    for (const char *p = j->valuestring; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "HH:MM", 00:00 .. 24:00, as minutes; -1 when wrong. */
static int hhmm(const cJSON *j)
{
    if (!cJSON_IsString(j) || !j->valuestring || strlen(j->valuestring) != 5 ||
        j->valuestring[2] != ':')
        return -1;
    int h = digits(j->valuestring, 2), m = digits(j->valuestring + 3, 2);
    if (h < 0 || m < 0 || h > 24 || m > 59 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

/* "YYYY-MM-DD", a real date. */
static bool is_date(const cJSON *j)
{
    const char *s = cJSON_IsString(j) ? j->valuestring : NULL;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static bool check_hours(const cJSON *arr, char *why, size_t cap)
{
    if (!cJSON_IsArray(arr))
        return check_fail(why, cap, "'hours' must be an array");
    int n = 0, last = 0;
    for (const cJSON *h = arr->child; h; h = h->next, n++) {
        const cJSON *day = member(h, "day");
        int open = hhmm(member(h, "open")), close = hhmm(member(h, "close"));
        if (n >= 7 || !cJSON_IsObject(h) || !is_int(day, 1, 7) || day->valuedouble <= last ||
            open < 0 || close < 0 || open >= close)
            return check_fail(why, cap,
                              "'hours' entry %d: at most 7 entries {\"day\": 1..7 ascending, "
                              "\"open\": \"HH:MM\", \"close\": \"HH:MM\"} with open < close",
                              n + 1);
        last = (int)day->valuedouble;
    }
    return true;
}

bool hub_service_check(const cJSON *s, char *why, size_t cap)
{
    static const char *const texts[] = {"name", "agency", "status_message"};
    static const char *const counts[] = {"quota_remaining", "waiting", "served_today",
                                         "est_wait_min"};
    static const char *const statuses[] = {"buka", "tutup", "kuota_penuh", "gangguan"};
    if (!cJSON_IsObject(s))
        return check_fail(why, cap, "a service must be a JSON object");
    const cJSON *id = member(s, "id");
    if (!cJSON_IsString(id) || !id->valuestring || !wire_id_valid(id->valuestring))
        return check_fail(why, cap, "'id' must be 1..64 characters of [A-Za-z0-9._-]");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!is_text(member(s, texts[i])))
            return check_fail(why, cap, "'%s' must be a non-empty UTF-8 string", texts[i]);
    const cJSON *st = member(s, "status");
    size_t k = 0;
    while (k < 4 &&
           !(cJSON_IsString(st) && st->valuestring && !strcmp(st->valuestring, statuses[k])))
        k++;
    if (k == 4)
        return check_fail(why, cap, "'status' must be buka, tutup, kuota_penuh or gangguan");
    if (!is_int(member(s, "quota_daily"), 1, SVC_COUNT_MAX))
        return check_fail(why, cap, "'quota_daily' must be an integer from 1 to %d", SVC_COUNT_MAX);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (!is_int(member(s, counts[i]), 0, SVC_COUNT_MAX))
            return check_fail(why, cap, "'%s' must be an integer from 0 to %d", counts[i],
                              SVC_COUNT_MAX);
    double remaining = member(s, "quota_remaining")->valuedouble;
    if (remaining > member(s, "quota_daily")->valuedouble)
        return check_fail(why, cap, "'quota_remaining' must not exceed 'quota_daily'");
    if (k == 2 && remaining != 0)
        return check_fail(why, cap, "status 'kuota_penuh' needs 'quota_remaining' 0");
    const cJSON *ns = member(s, "now_serving"), *ct = member(s, "counter");
    if (!is_code_or_null(ns, SVC_TICKET_CAP))
        return check_fail(why, cap, "'now_serving' must be null or a ticket of 1..%d bytes",
                          SVC_TICKET_CAP - 1);
    if (!is_code_or_null(ct, SVC_COUNTER_CAP))
        return check_fail(why, cap, "'counter' must be null or a counter of 1..%d bytes",
                          SVC_COUNTER_CAP - 1);
    if (cJSON_IsNull(ns) != cJSON_IsNull(ct))
        return check_fail(why, cap, "'now_serving' and 'counter' must be both null or both set");
    if (!check_hours(member(s, "hours"), why, cap))
        return false;
    const cJSON *hol = member(s, "holidays"), *req = member(s, "requirements"), *e;
    if (!cJSON_IsArray(hol))
        return check_fail(why, cap, "'holidays' must be an array of \"YYYY-MM-DD\" dates");
    cJSON_ArrayForEach(e, hol)
    {
        if (!is_date(e))
            return check_fail(why, cap, "'holidays' must be an array of \"YYYY-MM-DD\" dates");
    }
    if (req && !cJSON_IsArray(req))
        return check_fail(why, cap, "'requirements' must be an array of non-empty strings");
    cJSON_ArrayForEach(e, req)
    {
        if (!is_text(e))
            return check_fail(why, cap, "'requirements' must be an array of non-empty strings");
    }
    return true;
}

typedef struct {
    const char *id;
    cJSON *patch;
    char why[240];
    bool refused; /* the result is not a service the boards accept */
    int64_t revision;
} service_ctx;

static db_err service_tx(sqlite3 *s, void *arg)
{
    service_ctx *c = arg;
    const char *p[] = {c->id};
    char *json = NULL, *old = NULL, *nj = NULL, *others = NULL;
    db_err e = db_s_text(s, "SELECT json FROM services WHERE id=?1", p, 1, &json);
    cJSON *doc = e == DB_OK ? cJSON_Parse(json) : NULL;
    if (e == DB_OK && (!cJSON_IsObject(doc) || !(old = cJSON_PrintUnformatted(doc)))) {
        snprintf(c->why, sizeof c->why, "service %s has no JSON document", c->id);
        e = DB_ERROR;
    }
    if (e == DB_OK) {
        /* For these two, null is a value ("no ticket at a counter"), which RFC 7396 cannot
         * set: here a null in the patch sets the member to null instead of removing it. */
        static const char *const nullable[] = {"now_serving", "counter"};
        for (size_t i = 0; i < 2; i++) {
            if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c->patch, nullable[i])))
                continue;
            cJSON_DeleteItemFromObjectCaseSensitive(c->patch, nullable[i]);
            if (cJSON_GetObjectItemCaseSensitive(doc, nullable[i]))
                cJSON_ReplaceItemInObjectCaseSensitive(doc, nullable[i], cJSON_CreateNull());
            else
                cJSON_AddNullToObject(doc, nullable[i]);
        }
        merge_patch(doc, c->patch);
        char problem[160];
        if (!hub_service_check(doc, problem, sizeof problem)) {
            snprintf(c->why, sizeof c->why, "the boards would refuse the result: %s", problem);
            c->refused = true;
            e = DB_CONFLICT;
        } else if (!(nj = cJSON_PrintUnformatted(doc))) {
            e = DB_ERROR;
        }
    }
    if (e == DB_OK && strcmp(nj, old) == 0) {
        /* Nothing changes: the boards need not fetch the list again. */
        char *v = NULL;
        e = db_s_text(s, "SELECT value FROM meta WHERE key='rev.services'", NULL, 0, &v);
        c->revision = v ? strtoll(v, NULL, 10) : 0;
        free(v);
        e = e == DB_NOT_FOUND ? DB_OK : e;
        goto out;
    }
    /* The whole GET /v1/services body must stay within what a board reads. */
    if (e == DB_OK)
        e = db_s_text(s,
                      "SELECT coalesce((SELECT sum(length(CAST(json AS BLOB))) + count(*) "
                      "FROM services WHERE id<>?1), 0) + coalesce((SELECT "
                      "length(CAST(value AS BLOB)) FROM meta WHERE key='hall'), 0)",
                      p, 1, &others);
    if (e == DB_OK &&
        (others ? strtoll(others, NULL, 10) : 0) + (long long)strlen(nj) + 160 > SVC_BODY_MAX) {
        snprintf(c->why, sizeof c->why,
                 "the boards would refuse the result: GET /v1/services would exceed %d KiB",
                 SVC_BODY_MAX / 1024);
        c->refused = true;
        e = DB_CONFLICT;
    }
    if (e == DB_OK) {
        const char *up[] = {c->id, nj};
        e = db_s_exec(s, "UPDATE services SET json=?2 WHERE id=?1", up, 2);
    }
    if (e == DB_OK)
        e = db_s_counter_bump(s, "rev.services", &c->revision);
out:
    cJSON_Delete(doc);
    free(others);
    free(nj);
    free(old);
    free(json);
    return e;
}

int hub_update_service(hub *h, const char *id, const char *patch_json)
{
    service_ctx c = {.id = id, .patch = cJSON_Parse(patch_json)};
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(c.patch, "id");
    const char *bad = NULL;
    if (!cJSON_IsObject(c.patch))
        bad = "the patch must be a JSON object";
    else if (pid && !(cJSON_IsString(pid) && strcmp(pid->valuestring, id) == 0))
        bad = "the patch may not change the service's id";
    if (bad) {
        fprintf(stderr, "paraf-hub: --update-service: %s\n", bad);
        cJSON_Delete(c.patch);
        return 2;
    }
    db_err e = db_tx(h->db, service_tx, &c);
    cJSON_Delete(c.patch);
    if (e == DB_NOT_FOUND) {
        fprintf(stderr, "paraf-hub: --update-service: no service '%s'\n", id);
        return 1;
    }
    if (e != DB_OK) {
        fprintf(stderr, "paraf-hub: --update-service: %s: %s\n", id,
                c.why[0] ? c.why : "the database could not be updated");
        return c.refused ? 2 : 1;
    }
    printf("updated %s revision %lld\n", id, (long long)c.revision);
    return 0;
}
