/* api: read endpoints (inbox, items, attachments, officials, services, announcements,
 * assignments) and device enrolment. Device config and heartbeats are in devices.c. */
#include "crypto.h"
#include "hub.h"
#include "wire_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *hub_parse_json(const hub_req *rq, hub_resp *rs)
{
    if (!rq->body || rq->body_len == 0) {
        hub_resp_error(rs, 400, "empty_body", "the request needs a JSON body");
        return NULL;
    }
    if (!wire_utf8_valid(rq->body, rq->body_len) || memchr(rq->body, '\0', rq->body_len)) {
        hub_resp_error(rs, 400, "invalid_utf8", "the request body is not valid UTF-8 text");
        return NULL;
    }
    const char *end = NULL;
    /* The body buffer is NUL-terminated (server.c); including the NUL lets cJSON insist that
     * nothing follows the JSON value. */
    cJSON *j = cJSON_ParseWithLengthOpts(rq->body, rq->body_len + 1, &end, true);
    if (!j) {
        hub_resp_error(rs, 400, "malformed_json",
                       "the request body is not valid JSON (near byte %zu)",
                       end ? (size_t)(end - rq->body) : (size_t)0);
        return NULL;
    }
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        hub_resp_error(rs, 400, "malformed_json", "the request body must be a JSON object");
        return NULL;
    }
    return j;
}

bool hub_not_modified(const hub_req *rq, hub_resp *rs, const char *etag)
{
    snprintf(rs->etag, sizeof rs->etag, "%s", etag);
    const char *inm = hub_req_header(rq, "If-None-Match");
    if (!inm)
        return false;
    /* Accept the exact tag, its weak form, or a list containing it. */
    const char *p = strstr(inm, etag);
    if (!p && strcmp(inm, "*") != 0)
        return false;
    hub_resp_text(rs, 304, NULL, NULL, 0);
    return true;
}

/* Wrap a JSON array text from the database into {"<key>": [...], ...extra}. */
static void answer_list(hub_resp *rs, const char *key, char *array_text, int64_t revision,
                        const char *etag)
{
    if (!array_text) {
        hub_resp_error(rs, 500, "internal", "the database could not be read");
        return;
    }
    char now[21];
    hub_now(now);
    size_t cap = strlen(array_text) + 160;
    char *b = malloc(cap);
    if (!b) {
        free(array_text);
        hub_resp_error(rs, 500, "internal", "out of memory");
        return;
    }
    int n = snprintf(b, cap, "{\"revision\":%lld,\"generated_at\":\"%s\",\"%s\":%s}",
                     (long long)revision, now, key, array_text);
    free(array_text);
    hub_resp_text(rs, 200, "application/json", b, (size_t)n);
    if (etag)
        snprintf(rs->etag, sizeof rs->etag, "%s", etag);
}

/* The current value of a list's revision counter, read from the database on every request (one
 * primary-key lookup): --revise-item and --update-service bump it from another process. Read
 * before the list itself, so the ETag is never newer than the body it goes with. False (and a
 * 500 answer) when the database cannot be read. */
static bool revision_now(hub *h, const char *counter, hub_resp *rs, long long *rev)
{
    char *v = NULL;
    const char *p[] = {counter};
    db_err e = db_query_text(h->db, "SELECT value FROM meta WHERE key=?1", p, 1, &v);
    *rev = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    if (e != DB_OK && e != DB_NOT_FOUND) {
        hub_resp_error(rs, 500, "internal", "the database could not be read");
        return false;
    }
    return true;
}

void api_inbox(hub *h, const hub_req *rq, hub_resp *rs)
{
    long long rev;
    if (!revision_now(h, "rev.inbox", rs, &rev))
        return;
    char etag[64];
    snprintf(etag, sizeof etag, "\"inbox-%lld\"", rev);
    if (hub_not_modified(rq, rs, etag))
        return;
    const char *p[] = {rq->device->user_id};
    char *arr = NULL;
    if (db_query_json_array(h->db,
                            "SELECT summary FROM items WHERE assignee=?1 AND status='pending' "
                            "ORDER BY pos",
                            p, 1, &arr) != DB_OK)
        arr = NULL;
    answer_list(rs, "items", arr, rev, etag);
}

void api_item(hub *h, const hub_req *rq, hub_resp *rs)
{
    const char *p[] = {rq->seg[1], rq->device->user_id};
    unsigned char *body = NULL;
    size_t len = 0;
    char *sha = NULL;
    db_err e =
        db_query_blob(h->db, "SELECT body, body_sha256 FROM items WHERE id=?1 AND assignee=?2", p,
                      2, &body, &len, &sha);
    if (e == DB_NOT_FOUND) {
        hub_resp_error(rs, 404, "item_not_found", "no item '%s' for this user", rq->seg[1]);
        return;
    }
    if (e != DB_OK) {
        hub_resp_error(rs, 500, "internal", "the database could not be read");
        return;
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%s\"", sha ? sha : "");
    free(sha);
    if (hub_not_modified(rq, rs, etag)) {
        free(body);
        return;
    }
    hub_resp_text(rs, 200, "application/json", (char *)body, len);
}

void api_attachment(hub *h, const hub_req *rq, hub_resp *rs)
{
    char *endp = NULL;
    long n = strtol(rq->seg[3], &endp, 10);
    if (!endp || *endp || n < 1 || n > 1000) {
        hub_resp_error(rs, 404, "attachment_not_found", "attachment numbers start at 1");
        return;
    }
    const char *p[] = {rq->seg[1], rq->seg[3], rq->device->user_id};
    unsigned char *data = NULL;
    size_t len = 0;
    char *mime = NULL;
    db_err e =
        db_query_blob(h->db,
                      "SELECT a.data, a.mime FROM attachments a JOIN items i ON i.id=a.item_id "
                      "WHERE a.item_id=?1 AND a.n=?2 AND i.assignee=?3",
                      p, 3, &data, &len, &mime);
    if (e != DB_OK) {
        if (e == DB_NOT_FOUND)
            hub_resp_error(rs, 404, "attachment_not_found", "item '%s' has no attachment %ld",
                           rq->seg[1], n);
        else
            hub_resp_error(rs, 500, "internal", "the database could not be read");
        return;
    }
    char sha[CRYPTO_SHA256_HEX], etag[80];
    crypto_sha256_hex(data, len, sha);
    snprintf(etag, sizeof etag, "\"%s\"", sha);
    const char *ctype = mime && strcmp(mime, "image/jpeg") == 0 ? "image/jpeg" : "image/png";
    free(mime);
    if (hub_not_modified(rq, rs, etag)) {
        free(data);
        return;
    }
    hub_resp_text(rs, 200, ctype, (char *)data, len);
}

void api_officials(hub *h, const hub_req *rq, hub_resp *rs)
{
    (void)rq;
    char *arr = NULL;
    if (db_query_json_array(h->db, "SELECT json FROM officials WHERE disposisi=1 ORDER BY pos",
                            NULL, 0, &arr) != DB_OK)
        arr = NULL;
    answer_list(rs, "officials", arr, 1, NULL);
}

void api_services(hub *h, const hub_req *rq, hub_resp *rs)
{
    long long rev;
    if (!revision_now(h, "rev.services", rs, &rev))
        return;
    char etag[64];
    snprintf(etag, sizeof etag, "\"services-%lld\"", rev);
    if (hub_not_modified(rq, rs, etag))
        return;
    char *arr = NULL, *hall = NULL;
    if (db_query_json_array(h->db, "SELECT json FROM services ORDER BY pos", NULL, 0, &arr) !=
        DB_OK)
        arr = NULL;
    if (db_query_text(h->db, "SELECT value FROM meta WHERE key='hall'", NULL, 0, &hall) != DB_OK)
        hall = NULL;
    if (!arr) {
        free(hall);
        hub_resp_error(rs, 500, "internal", "the database could not be read");
        return;
    }
    char now[21];
    hub_now(now);
    size_t cap = strlen(arr) + (hall ? strlen(hall) : 4) + 200;
    char *b = malloc(cap);
    if (b) {
        int n = snprintf(b, cap,
                         "{\"revision\":%lld,\"generated_at\":\"%s\",\"hall\":%s,\"services\":%s}",
                         rev, now, hall ? hall : "null", arr);
        hub_resp_text(rs, 200, "application/json", b, (size_t)n);
        snprintf(rs->etag, sizeof rs->etag, "%s", etag);
    } else {
        hub_resp_error(rs, 500, "internal", "out of memory");
    }
    free(arr);
    free(hall);
}

void api_announcements(hub *h, const hub_req *rq, hub_resp *rs)
{
    long long rev;
    if (!revision_now(h, "rev.services", rs, &rev))
        return;
    char etag[64];
    snprintf(etag, sizeof etag, "\"announcements-%lld\"", rev);
    if (hub_not_modified(rq, rs, etag))
        return;
    char *arr = NULL;
    if (db_query_json_array(h->db, "SELECT json FROM announcements ORDER BY pos", NULL, 0, &arr) !=
        DB_OK)
        arr = NULL;
    answer_list(rs, "announcements", arr, rev, etag);
}

void api_assignments(hub *h, const hub_req *rq, hub_resp *rs)
{
    long long rev = atomic_load(&h->rev_assignments);
    char etag[64];
    snprintf(etag, sizeof etag, "\"assignments-%lld\"", rev);
    if (hub_not_modified(rq, rs, etag))
        return;
    const char *p[] = {rq->device->user_id};
    char *arr = NULL;
    if (db_query_json_array(h->db, "SELECT json FROM assignments WHERE assignee=?1 ORDER BY pos", p,
                            1, &arr) != DB_OK)
        arr = NULL;
    answer_list(rs, "assignments", arr, rev, etag);
}

typedef struct {
    const char *token_sha, *key_id, *user_id, *profile, *cert, *now;
    bool used;
} enroll_tx;

static db_err enroll_fn(sqlite3 *s, void *arg)
{
    enroll_tx *t = arg;
    const char *p[] = {t->token_sha, t->now, t->key_id};
    db_err e = db_s_exec(s,
                         "UPDATE enroll_tokens SET used_at=?2, device_key_id=?3 "
                         "WHERE token_sha256=?1 AND used_at IS NULL",
                         p, 3);
    char *ch = NULL;
    if (e == DB_OK)
        e = db_s_text(s, "SELECT changes()", NULL, 0, &ch);
    if (e == DB_OK && (!ch || strcmp(ch, "1") != 0)) {
        t->used = true;
        e = DB_CONFLICT;
    }
    free(ch);
    if (e != DB_OK)
        return e;
    const char *d[] = {t->key_id, t->user_id, t->profile, t->cert, t->now};
    return db_s_exec(s,
                     "INSERT INTO devices(key_id, user_id, profile, cert_pem, enrolled_at) "
                     "VALUES(?1,?2,?3,?4,?5)",
                     d, 5);
}

void api_enroll(hub *h, const hub_req *rq, hub_resp *rs)
{
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    char token[128], *csr_pem = NULL, *pub = NULL, *cert = NULL, *row = NULL;
    const cJSON *csr = cJSON_GetObjectItemCaseSensitive(j, "csr");
    if (!wire_json_str(j, "token", token, sizeof token) || !cJSON_IsString(csr) ||
        strlen(csr->valuestring) > 16384) {
        hub_resp_error(rs, 400, "missing_field", "enrolment needs string fields 'token' and 'csr'");
        goto out;
    }
    csr_pem = csr->valuestring;
    char sha[CRYPTO_SHA256_HEX];
    crypto_sha256_hex(token, strlen(token), sha);
    const char *p[] = {sha};
    db_err e = db_query_text(h->db,
                             "SELECT user_id || ' ' || profile || ' ' || (used_at IS NOT NULL) "
                             "FROM enroll_tokens WHERE token_sha256=?1",
                             p, 1, &row);
    if (e == DB_NOT_FOUND || !row) {
        hub_resp_error(rs, 403, "token_invalid", "the enrolment token is not known to this hub");
        goto out;
    }
    char user[65], profile[16];
    int used = 0;
    if (e != DB_OK || sscanf(row, "%64s %15s %d", user, profile, &used) != 3) {
        hub_resp_error(rs, 500, "internal", "the database could not be read");
        goto out;
    }
    if (used) {
        hub_resp_error(rs, 403, "token_used", "the enrolment token has already been used");
        goto out;
    }
    if (crypto_csr_verify(csr_pem, &pub) != CRYPTO_OK) {
        hub_resp_error(rs, 400, "csr_invalid",
                       "the CSR is not a valid PKCS#10 request for an EC P-256 key");
        goto out;
    }
    char key_id[CRYPTO_SHA256_HEX], subject[160];
    if (crypto_key_id(pub, key_id) != CRYPTO_OK) {
        hub_resp_error(rs, 400, "csr_invalid", "the CSR's public key cannot be read");
        goto out;
    }
    snprintf(subject, sizeof subject, "CN=%s-%.12s,OU=%s,O=Pemprov Bali", user, key_id, profile);
    if (crypto_client_cert_issue(h->ca_key_pem, h->ca_cert_pem, csr_pem, subject, 825, &cert) !=
        CRYPTO_OK) {
        hub_resp_error(rs, 500, "internal", "the certificate could not be issued");
        goto out;
    }
    char now[21];
    hub_now(now);
    enroll_tx t = {sha, key_id, user, profile, cert, now, false};
    e = db_tx(h->db, enroll_fn, &t);
    if (e != DB_OK) {
        if (t.used)
            hub_resp_error(rs, 403, "token_used", "the enrolment token has already been used");
        else if (e == DB_CONFLICT)
            hub_resp_error(rs, 409, "key_enrolled", "a device with this key is already enrolled");
        else
            hub_resp_error(rs, 500, "internal", "the enrolment could not be stored");
        goto out;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "certificate", cert);
    cJSON_AddStringToObject(o, "ca", h->ca_cert_pem);
    cJSON *dev = cJSON_AddObjectToObject(o, "device");
    cJSON_AddStringToObject(dev, "key_id", key_id);
    cJSON_AddStringToObject(dev, "user_id", user);
    cJSON_AddStringToObject(dev, "profile", profile);
    char *official = NULL;
    const char *u[] = {user};
    if (db_query_text(h->db, "SELECT json FROM officials WHERE id=?1", u, 1, &official) == DB_OK &&
        official)
        cJSON_AddItemToObject(o, "user", cJSON_Parse(official));
    free(official);
    hub_resp_json(rs, 201, o);
    rs->no_store = true;
    fprintf(stderr, "paraf-hub: enrolled device %.12s for %s (%s)\n", key_id, user, profile);
out:
    free(row);
    crypto_free(pub);
    crypto_free(cert);
    cJSON_Delete(j);
}
