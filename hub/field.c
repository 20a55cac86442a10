/* field: field reports. A report is posted once as JSON with a manifest of its files (name,
 * size, SHA-256); each file is then PUT and checked against the manifest. The report is complete
 * when every file has arrived. Posting is idempotent on report_id. */
#include "crypto.h"
#include "hub.h"
#include "wire_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_FILES_MAX 20

static bool file_name_valid(const char *s)
{
    return wire_id_valid(s) && s[0] != '.';
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
    cJSON *o = cJSON_CreateObject();
    cJSON *m = cJSON_Parse(missing);
    free(missing);
    int n = cJSON_GetArraySize(m);
    cJSON_AddStringToObject(o, "report_id", report_id);
    cJSON_AddStringToObject(o, "status", n ? "awaiting_files" : "complete");
    cJSON_AddItemToObject(o, "missing", m ? m : cJSON_CreateArray());
    return o;
}

typedef struct {
    const char *report_id, *assignment_id, *key_id, *payload, *sha, *now;
    const cJSON *files;
    int status;
} report_tx;

static db_err report_fn(sqlite3 *s, void *arg)
{
    report_tx *t = arg;
    const char *p[] = {t->report_id};
    char *old = NULL;
    db_err e =
        db_s_text(s, "SELECT payload_sha256 FROM field_reports WHERE report_id=?1", p, 1, &old);
    if (e == DB_OK) {
        t->status = old && strcmp(old, t->sha) == 0 ? 200 : 422;
        free(old);
        return DB_CONFLICT;
    }
    if (e != DB_NOT_FOUND)
        return e;
    const char *r[] = {t->report_id, t->assignment_id, t->key_id, t->payload, t->sha, t->now};
    e = db_s_exec(s,
                  "INSERT INTO field_reports(report_id, assignment_id, device_key_id, payload,"
                  " payload_sha256, received_at) VALUES(?1,?2,?3,?4,?5,?6)",
                  r, 6);
    const cJSON *f;
    cJSON_ArrayForEach(f, t->files)
    {
        if (e != DB_OK)
            break;
        char size[24];
        snprintf(size, sizeof size, "%.0f",
                 cJSON_GetObjectItemCaseSensitive(f, "size")->valuedouble);
        const char *ff[] = {t->report_id, cJSON_GetObjectItemCaseSensitive(f, "name")->valuestring,
                            cJSON_GetObjectItemCaseSensitive(f, "sha256")->valuestring, size,
                            cJSON_GetObjectItemCaseSensitive(f, "mime")->valuestring};
        e = db_s_exec(s,
                      "INSERT INTO field_files(report_id, name, sha256, size, mime) "
                      "VALUES(?1,?2,?3,?4,?5)",
                      ff, 5);
    }
    if (e == DB_OK && cJSON_GetArraySize(t->files) == 0)
        e = db_s_exec(s, "UPDATE field_reports SET complete_at=received_at WHERE report_id=?1", p,
                      1);
    return e;
}

void api_field_report(hub *h, const hub_req *rq, hub_resp *rs)
{
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    char rid[40], aid[WIRE_ID_MAX + 1];
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(j, "files");
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(j, "answers");
    if (!wire_json_str(j, "report_id", rid, sizeof rid) || !wire_uuid_valid(rid) ||
        !wire_json_str(j, "assignment_id", aid, sizeof aid) || !cJSON_IsObject(answers) ||
        !cJSON_IsArray(files) || cJSON_GetArraySize(files) > FIELD_FILES_MAX) {
        hub_resp_error(rs, 400, "invalid_report",
                       "a report needs report_id (UUID), assignment_id, answers (object) and files "
                       "(array of at most %d)",
                       FIELD_FILES_MAX);
        goto out;
    }
    const char *key = hub_req_header(rq, "Idempotency-Key");
    if (!key || strcmp(key, rid) != 0) {
        hub_resp_error(rs, 400, "idempotency_key_required",
                       "the Idempotency-Key header must equal report_id");
        goto out;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, files)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(f, "sha256");
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
        const cJSON *mime = cJSON_GetObjectItemCaseSensitive(f, "mime");
        if (!cJSON_IsString(name) || !file_name_valid(name->valuestring) || !cJSON_IsString(sha) ||
            !wire_hex64_valid(sha->valuestring) || !cJSON_IsNumber(size) || size->valuedouble < 1 ||
            size->valuedouble > HUB_FILE_MAX || !cJSON_IsString(mime) ||
            (strcmp(mime->valuestring, "image/jpeg") != 0 &&
             strcmp(mime->valuestring, "image/png") != 0)) {
            hub_resp_error(
                rs, 400, "invalid_report",
                "each file needs name, sha256 (hex), size (1..%d) and mime (image/jpeg or "
                "image/png)",
                HUB_FILE_MAX);
            goto out;
        }
    }
    const char *pa[] = {aid, rq->device->user_id};
    char *found = NULL;
    if (db_query_text(h->db, "SELECT id FROM assignments WHERE id=?1 AND assignee=?2", pa, 2,
                      &found) != DB_OK) {
        hub_resp_error(rs, 422, "unknown_assignment", "no assignment '%s' for this officer", aid);
        goto out;
    }
    free(found);
    char *payload = cJSON_PrintUnformatted(j);
    char sha[CRYPTO_SHA256_HEX], now[21];
    crypto_sha256_hex(payload ? payload : "", payload ? strlen(payload) : 0, sha);
    hub_now(now);
    report_tx t = {rid, aid, rq->device->key_id, payload ? payload : "{}", sha, now, files, 0};
    db_err e = db_tx(h->db, report_fn, &t);
    free(payload);
    if (e != DB_OK && t.status == 422) {
        hub_resp_error(rs, 422, "idempotency_conflict",
                       "this report id was already used for a different report");
        goto out;
    }
    if (e != DB_OK && t.status != 200) {
        hub_resp_error(rs, 500, "internal", "the report could not be stored");
        goto out;
    }
    cJSON *st = report_status(h, rid);
    if (!st) {
        hub_resp_error(rs, 500, "internal", "the report could not be read back");
        goto out;
    }
    bool complete = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(st, "missing")) == 0;
    hub_resp_json(rs, complete ? 201 : 202, st);
    rs->no_store = true;
out:
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

void api_field_file(hub *h, const hub_req *rq, hub_resp *rs)
{
    const char *rid = rq->seg[1], *name = rq->seg[3];
    const char *p[] = {rid, name, rq->device->key_id};
    char *expect = NULL;
    db_err e =
        db_query_text(h->db,
                      "SELECT f.sha256 || ' ' || f.size FROM field_files f JOIN field_reports r "
                      "USING(report_id) WHERE f.report_id=?1 AND f.name=?2 AND r.device_key_id=?3",
                      p, 3, &expect);
    if (e != DB_OK || !expect) {
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
    char got[CRYPTO_SHA256_HEX];
    crypto_sha256_hex(rq->body ? rq->body : "", rq->body_len, got);
    if (rq->body_len != want_size || strcmp(got, want_sha) != 0) {
        hub_resp_error(rs, 422, "file_mismatch",
                       "the file's size or SHA-256 differs from the manifest; send it again");
        goto out;
    }
    file_tx t = {rid, name, rq->body ? rq->body : "", rq->body_len, false, NULL};
    char now[21];
    hub_now(now);
    t.now = now;
    if (db_tx(h->db, file_fn, &t) != DB_OK) {
        hub_resp_error(rs, 500, "internal", "the file could not be stored");
        goto out;
    }
    cJSON *st = report_status(h, rid);
    if (st)
        hub_resp_json(rs, t.stored ? 201 : 200, st);
    else
        hub_resp_error(rs, 500, "internal", "the report could not be read back");
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
