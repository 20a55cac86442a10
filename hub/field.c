/* field: field reports (docs/api.md §8). A report is posted once as JSON: its answers, checked
 * against the form of its assignment (field_check.c), and a manifest of its files (name, size,
 * SHA-256), which the device signs with its key over the canonical bytes of app/wire
 * (wire_report_canonical). Each file is then PUT and checked against the manifest; the report is
 * complete when every file has arrived. Posting is idempotent on report_id. */
#include "crypto.h"
#include "hub.h"
#include "wire_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Canonical bytes of a manifest: the header and 5 lines of at most ~90 bytes, then one line per
 * file of at most 64 + 9 + 64 + 11 + 4 bytes. */
#define REPORT_CANON_MAX 8192

bool hub_device_verify(hub *h, const char *key_id, const void *msg, size_t len, const char *sig_b64)
{
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t slen = 0;
    char *cert = NULL;
    const char *pk[] = {key_id};
    bool ok = crypto_base64_decode(sig_b64, strlen(sig_b64), sig, sizeof sig, &slen) == CRYPTO_OK &&
              db_query_text(h->db, "SELECT cert_pem FROM devices WHERE key_id=?1", pk, 1, &cert) ==
                  DB_OK &&
              cert && crypto_verify(cert, msg, len, sig, slen) == CRYPTO_OK;
    free(cert);
    return ok;
}

/* Every member of o is one of the n names, once, and the first n_req of them are there. */
static bool members_exactly(const cJSON *o, const char *const *names, size_t n, size_t n_req,
                            const char *what, char *why, size_t cap)
{
    for (const cJSON *m = o->child; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < n; i++)
            known = known || strcmp(m->string, names[i]) == 0;
        if (!known) {
            snprintf(why, cap, "%s has an unknown field '%s'", what, m->string);
            return false;
        }
        for (const cJSON *p = o->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0) {
                snprintf(why, cap, "%s has '%s' twice", what, m->string);
                return false;
            }
    }
    for (size_t i = 0; i < n_req; i++)
        if (!cJSON_GetObjectItemCaseSensitive(o, names[i])) {
            snprintf(why, cap, "%s has no '%s'", what, names[i]);
            return false;
        }
    return true;
}

/* Reads the report body into its manifest and signature (answers stay in j). Strict: every field
 * required with its type, no unknown or repeated ones; the manifest passes wire_report_check. */
static bool report_read(const cJSON *j, wire_report_manifest *m, char sig[WIRE_SIG_B64_MAX],
                        char *why, size_t cap)
{
    static const char *const top[] = {"report_id", "assignment_id", "created_at", "answers",
                                      "files",     "device_key_id", "signature",  "location"};
    static const char *const fm[] = {"name", "size", "sha256", "mime"};
    memset(m, 0, sizeof *m);
    if (!members_exactly(j, top, 8, 7, "the report", why, cap))
        return false;
    const char *bad = NULL;
    if (!wire_json_str(j, "report_id", m->report_id, sizeof m->report_id))
        bad = "report_id";
    else if (!wire_json_str(j, "assignment_id", m->assignment_id, sizeof m->assignment_id))
        bad = "assignment_id";
    else if (!wire_json_str(j, "created_at", m->created_at, sizeof m->created_at))
        bad = "created_at";
    else if (!wire_json_str(j, "device_key_id", m->device_key_id, sizeof m->device_key_id))
        bad = "device_key_id";
    else if (!wire_json_str(j, "signature", sig, WIRE_SIG_B64_MAX) || !sig[0])
        bad = "signature";
    else if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "answers")))
        bad = "answers";
    if (bad) {
        snprintf(why, cap, "'%s' is missing, mistyped or too long", bad);
        return false;
    }
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(j, "files"), *f;
    if (!cJSON_IsArray(files) || cJSON_GetArraySize(files) > WIRE_REPORT_FILES_MAX) {
        snprintf(why, cap, "'files' must be an array of at most %d entries", WIRE_REPORT_FILES_MAX);
        return false;
    }
    cJSON_ArrayForEach(f, files)
    {
        wire_report_file *rf = &m->files[m->n_files++];
        if (!cJSON_IsObject(f)) {
            snprintf(why, cap, "file %d is not an object", m->n_files);
            return false;
        }
        if (!members_exactly(f, fm, 4, 4, "a file", why, cap))
            return false;
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
        if (!wire_json_str(f, "name", rf->name, sizeof rf->name) ||
            !wire_json_str(f, "sha256", rf->sha256, sizeof rf->sha256) ||
            !wire_json_str(f, "mime", rf->mime, sizeof rf->mime) || !cJSON_IsNumber(size) ||
            size->valuedouble < 1 || size->valuedouble > WIRE_FILE_MAX ||
            size->valuedouble != (double)(int64_t)size->valuedouble) {
            snprintf(why, cap,
                     "file %d needs name (an id), size (1..%d), sha256 (64 lower-case hex) and "
                     "mime (image/jpeg or image/png)",
                     m->n_files, WIRE_FILE_MAX);
            return false;
        }
        rf->size = (int64_t)size->valuedouble;
    }
    /* The signature covers the answers through this hash (docs/api.md §8). */
    size_t alen = 0;
    char *atext = wire_answers_canonical(cJSON_GetObjectItemCaseSensitive(j, "answers"), &alen);
    if (!atext) {
        snprintf(why, cap, "'answers' nests too deep");
        return false;
    }
    crypto_sha256_hex(atext, alen, m->answers_sha256);
    free(atext);
    char rule[48];
    if (wire_report_check(m, rule, sizeof rule) != WIRE_OK) {
        snprintf(why, cap, "'%s' breaks its rule (docs/api.md §8)", rule);
        return false;
    }
    return true;
}

/* {"report_id","status","missing":[...]} for a stored report. */
static cJSON *report_status(hub *h, const char *report_id)
{
    const char *p[] = {report_id};
    char *missing = NULL;
    if (db_query_json_array(
            h->db,
            "SELECT json_quote(name) FROM field_files WHERE report_id=?1 AND data IS "
            "NULL ORDER BY name",
            p, 1, &missing) != DB_OK)
        return NULL;
    cJSON *m = cJSON_Parse(missing);
    free(missing);
    cJSON *o = cJSON_CreateObject();
    if (!o || !m) {
        cJSON_Delete(o);
        cJSON_Delete(m);
        return NULL;
    }
    int n = cJSON_GetArraySize(m);
    cJSON_AddStringToObject(o, "report_id", report_id);
    cJSON_AddStringToObject(o, "status", n ? "awaiting_files" : "complete");
    cJSON_AddItemToObject(o, "missing", m);
    return o;
}

typedef struct {
    const wire_report_manifest *m;
    const char *payload, *sha, *canonical, *sig, *now;
    int status; /* 200: a replay of the same report; 422: the id was used for another */
} report_tx;

static db_err report_fn(sqlite3 *s, void *arg)
{
    report_tx *t = arg;
    const wire_report_manifest *m = t->m;
    const char *p[] = {m->report_id};
    char *old = NULL;
    db_err e =
        db_s_text(s, "SELECT payload_sha256 FROM field_reports WHERE report_id=?1", p, 1, &old);
    if (e == DB_OK) {
        t->status = old && strcmp(old, t->sha) == 0 ? 200 : 422;
        free(old);
        return DB_CONFLICT; /* nothing to write */
    }
    if (e != DB_NOT_FOUND)
        return e;
    const char *r[] = {m->report_id, m->assignment_id, m->device_key_id, t->payload,
                       t->sha,       t->now,           t->canonical,     t->sig};
    e = db_s_exec(s,
                  "INSERT INTO field_reports(report_id, assignment_id, device_key_id, payload,"
                  " payload_sha256, received_at, canonical, signature)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                  r, 8);
    for (int i = 0; e == DB_OK && i < m->n_files; i++) {
        const wire_report_file *f = &m->files[i];
        char size[24];
        snprintf(size, sizeof size, "%lld", (long long)f->size);
        const char *ff[] = {m->report_id, f->name, f->sha256, size, f->mime};
        e = db_s_exec(s,
                      "INSERT INTO field_files(report_id, name, sha256, size, mime) "
                      "VALUES(?1,?2,?3,?4,?5)",
                      ff, 5);
    }
    if (e == DB_OK && m->n_files == 0)
        e = db_s_exec(s, "UPDATE field_reports SET complete_at=received_at WHERE report_id=?1", p,
                      1);
    return e;
}

/* The form of the officer's assignment aid (parsed), or NULL when there is no such assignment. */
static cJSON *assignment_form(hub *h, const char *aid, const char *user, cJSON **doc)
{
    const char *pa[] = {aid, user};
    char *json = NULL;
    *doc = NULL;
    if (db_query_text(h->db, "SELECT json FROM assignments WHERE id=?1 AND assignee=?2", pa, 2,
                      &json) != DB_OK ||
        !json)
        return NULL;
    *doc = cJSON_Parse(json);
    free(json);
    return cJSON_GetObjectItemCaseSensitive(*doc, "form");
}

/* The report's optional "location" repeats its first answered location field. */
static bool location_matches(const cJSON *form, const cJSON *j, char *why, size_t cap)
{
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(j, "location"), *f;
    if (!loc)
        return true;
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(j, "answers");
    cJSON_ArrayForEach(f, form)
    {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(
            answers, cJSON_GetObjectItemCaseSensitive(f, "key")->valuestring);
        if (a &&
            strcmp(cJSON_GetObjectItemCaseSensitive(f, "kind")->valuestring, "location") == 0) {
            if (cJSON_Compare(a, loc, true))
                return true;
            break;
        }
    }
    snprintf(why, cap, "'location' is not the answer of the form's first answered location field");
    return false;
}

/* Stores a checked report (or recognises a replay) and answers with its status. */
static void report_store(hub *h, hub_resp *rs, const cJSON *j, const wire_report_manifest *m,
                         const char *canon, size_t clen, const char *sig)
{
    /* Idempotency: the same canonical bytes and the same answers (as the hub reads them) are the
     * same report; the signature is left out, as for decisions. */
    char *payload = cJSON_PrintUnformatted(j);
    char *answers = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(j, "answers"));
    size_t alen = answers ? strlen(answers) : 0;
    char *both = malloc(clen + alen + 1);
    if (!payload || !answers || !both) {
        hub_resp_error(rs, 500, "internal", "out of memory");
        goto out;
    }
    memcpy(both, canon, clen);
    memcpy(both + clen, answers, alen);
    char sha[CRYPTO_SHA256_HEX], now[21];
    crypto_sha256_hex(both, clen + alen, sha);
    hub_now(now);
    report_tx t = {m, payload, sha, canon, sig, now, 0};
    db_err e = db_tx(h->db, report_fn, &t);
    if (e != DB_OK && t.status == 422) {
        hub_resp_error(rs, 422, "idempotency_conflict",
                       "this report id was already used for a different report");
        goto out;
    }
    if (e != DB_OK && t.status != 200) {
        hub_resp_error(rs, 500, "internal", "the report could not be stored");
        goto out;
    }
    cJSON *st = report_status(h, m->report_id);
    if (!st) {
        hub_resp_error(rs, 500, "internal", "the report could not be read back");
        goto out;
    }
    bool complete = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(st, "missing")) == 0;
    hub_resp_json(rs, complete ? 201 : 202, st);
    rs->no_store = true;
out:
    free(payload);
    free(answers);
    free(both);
}

void api_field_report(hub *h, const hub_req *rq, hub_resp *rs)
{
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    cJSON *doc = NULL;
    wire_report_manifest *m = malloc(sizeof *m);
    char *canon = malloc(REPORT_CANON_MAX);
    char sig[WIRE_SIG_B64_MAX], why[300];
    size_t clen = 0;
    if (!m || !canon) {
        hub_resp_error(rs, 500, "internal", "out of memory");
        goto out;
    }
    if (!report_read(j, m, sig, why, sizeof why)) {
        hub_resp_error(rs, 400, "invalid_report", "%s", why);
        goto out;
    }
    const char *key = hub_req_header(rq, "Idempotency-Key");
    if (!key || strcmp(key, m->report_id) != 0) {
        hub_resp_error(rs, 400, "idempotency_key_required",
                       "the Idempotency-Key header must equal report_id");
        goto out;
    }
    if (strcmp(m->device_key_id, rq->device->key_id) != 0) {
        hub_resp_error(rs, 403, "key_mismatch",
                       "device_key_id is not the key of this connection's certificate");
        goto out;
    }
    if (wire_report_canonical(m, canon, REPORT_CANON_MAX, &clen) != WIRE_OK ||
        !hub_device_verify(h, m->device_key_id, canon, clen, sig)) {
        hub_resp_error(rs, 403, "signature_invalid",
                       "the report's signature does not verify with the device's key");
        goto out;
    }
    const cJSON *form = assignment_form(h, m->assignment_id, rq->device->user_id, &doc);
    if (!doc) {
        hub_resp_error(rs, 422, "unknown_assignment", "no assignment '%s' for this officer",
                       m->assignment_id);
        goto out;
    }
    if (!hub_form_check(form, why, sizeof why)) {
        fprintf(stderr, "paraf-hub: assignment %s: %s\n", m->assignment_id, why);
        hub_resp_error(rs, 500, "internal", "the assignment's form is broken on the hub");
        goto out;
    }
    if (!hub_answers_check(form, cJSON_GetObjectItemCaseSensitive(j, "answers"), m, why,
                           sizeof why) ||
        !location_matches(form, j, why, sizeof why)) {
        hub_resp_error(rs, 400, "invalid_report", "%s", why);
        goto out;
    }
    report_store(h, rs, j, m, canon, clen, sig);
out:
    cJSON_Delete(doc);
    free(canon);
    free(m);
    cJSON_Delete(j);
}

typedef struct {
    const char *rid, *name;
    const char *data;
    size_t len;
    bool stored; /* false when the file had arrived before */
    const char *now;
} file_tx;

static db_err file_fn(sqlite3 *s, void *arg)
{
    file_tx *t = arg;
    const char *p[] = {t->rid, t->name};
    char *have = NULL;
    db_err e = db_s_text(
        s, "SELECT 1 FROM field_files WHERE report_id=?1 AND name=?2 AND data IS NOT NULL", p, 2,
        &have);
    free(have);
    if (e == DB_OK)
        return DB_OK; /* already stored: nothing to do */
    if (e != DB_NOT_FOUND)
        return e;
    e = db_s_insert_blob(s, "UPDATE field_files SET data=?3 WHERE report_id=?1 AND name=?2", p, 2,
                         t->data, t->len);
    const char *c[] = {t->rid, t->now};
    if (e == DB_OK)
        e = db_s_exec(s,
                      "UPDATE field_reports SET complete_at=?2 WHERE report_id=?1 AND NOT EXISTS"
                      " (SELECT 1 FROM field_files WHERE report_id=?1 AND data IS NULL)",
                      c, 2);
    t->stored = e == DB_OK;
    return e;
}

long long hub_field_file_size(hub *h, const char *url)
{
    static const char prefix[] = "/v1/field-reports/";
    if (strncmp(url, prefix, sizeof prefix - 1) != 0)
        return -1;
    char rid[40], name[WIRE_ID_MAX + 1];
    const char *r = url + sizeof prefix - 1, *slash = strchr(r, '/');
    if (!slash || (size_t)(slash - r) >= sizeof rid || strncmp(slash, "/files/", 7) != 0 ||
        strlen(slash + 7) >= sizeof name)
        return -1;
    memcpy(rid, r, (size_t)(slash - r));
    rid[slash - r] = '\0';
    snprintf(name, sizeof name, "%s", slash + 7);
    if (!wire_uuid_valid(rid) || !wire_id_valid(name))
        return -1;
    const char *p[] = {rid, name};
    char *size = NULL;
    long long n = -1;
    if (db_query_text(h->db, "SELECT size FROM field_files WHERE report_id=?1 AND name=?2", p, 2,
                      &size) == DB_OK &&
        size)
        n = strtoll(size, NULL, 10);
    free(size);
    return n;
}

void api_field_file(hub *h, const hub_req *rq, hub_resp *rs)
{
    const char *rid = rq->seg[1], *name = rq->seg[3];
    const char *p[] = {rid, name}, *pr[] = {rid, rq->device->key_id};
    char *expect = NULL;
    if (db_query_text(h->db, "SELECT 1 FROM field_reports WHERE report_id=?1 AND device_key_id=?2",
                      pr, 2, &expect) != DB_OK) {
        hub_resp_error(rs, 404, "report_not_found", "no report '%s' from this device", rid);
        goto out;
    }
    free(expect);
    expect = NULL;
    if (db_query_text(
            h->db, "SELECT sha256 || ' ' || size FROM field_files WHERE report_id=?1 AND name=?2",
            p, 2, &expect) != DB_OK ||
        !expect) {
        hub_resp_error(rs, 404, "file_not_in_manifest", "report '%s' lists no file '%s'", rid,
                       name);
        goto out;
    }
    char want_sha[65];
    unsigned long long want_size = 0;
    if (sscanf(expect, "%64s %llu", want_sha, &want_size) != 2) {
        hub_resp_error(rs, 500, "internal", "the manifest could not be read");
        goto out;
    }
    if (rq->body_len > want_size) {
        hub_resp_error(rs, 413, "body_too_large",
                       "the file is larger than its manifest size (%llu bytes)", want_size);
        goto out;
    }
    char got[CRYPTO_SHA256_HEX];
    crypto_sha256_hex(rq->body ? rq->body : "", rq->body_len, got);
    if (rq->body_len != want_size || strcmp(got, want_sha) != 0) {
        hub_resp_error(rs, 422, "file_mismatch",
                       "the file's size or SHA-256 differs from the manifest; send it again");
        goto out;
    }
    char now[21];
    hub_now(now);
    file_tx t = {rid, name, rq->body ? rq->body : "", rq->body_len, false, now};
    if (db_tx(h->db, file_fn, &t) != DB_OK) {
        hub_resp_error(rs, 500, "internal", "the file could not be stored");
        goto out;
    }
    cJSON *st = report_status(h, rid);
    if (st) {
        hub_resp_json(rs, t.stored ? 201 : 200, st);
        rs->no_store = true;
    } else {
        hub_resp_error(rs, 500, "internal", "the report could not be read back");
    }
out:
    free(expect);
}

void api_field_report_status(hub *h, const hub_req *rq, hub_resp *rs)
{
    const char *p[] = {rq->seg[1], rq->device->key_id};
    char *row = NULL;
    if (db_query_text(h->db, "SELECT 1 FROM field_reports WHERE report_id=?1 AND device_key_id=?2",
                      p, 2, &row) != DB_OK) {
        hub_resp_error(rs, 404, "report_not_found", "no report '%s' from this device", rq->seg[1]);
        return;
    }
    free(row);
    cJSON *st = report_status(h, rq->seg[1]);
    if (st)
        hub_resp_json(rs, 200, st);
    else
        hub_resp_error(rs, 500, "internal", "the report could not be read");
}

static void print_line(const char *text, void *arg)
{
    fprintf(arg, "%s\n", text);
}

int hub_reports_print(hub *h, FILE *out)
{
    static const char sql[] =
        "SELECT 'report ' || r.report_id || ' assignment=' || r.assignment_id ||"
        " ' user=' || coalesce(d.user_id, '?') || ' status=' ||"
        " CASE WHEN n.missing = 0 THEN 'complete' ELSE 'awaiting_files' END ||"
        " ' files=' || (n.total - n.missing) || '/' || n.total || ' received=' || r.received_at"
        " FROM field_reports r LEFT JOIN devices d ON d.key_id = r.device_key_id"
        " JOIN (SELECT r2.report_id AS id, count(f.name) AS total,"
        "  count(f.name) - count(f.data) AS missing FROM field_reports r2"
        "  LEFT JOIN field_files f ON f.report_id = r2.report_id GROUP BY r2.report_id) n"
        " ON n.id = r.report_id ORDER BY r.received_at, r.report_id";
    if (db_query_each(h->db, sql, NULL, 0, print_line, out) != DB_OK) {
        fprintf(stderr, "paraf-hub: the field reports could not be read\n");
        return -1;
    }
    return fflush(out) == 0 ? 0 : -1;
}
