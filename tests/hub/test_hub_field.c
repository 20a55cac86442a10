/* Hub integration tests of field reports over real HTTPS with field devices (docs/api.md §8,
 * docs/items.md §14): the demo forms, a signed report with 3 photos from posting to complete,
 * idempotent and conflicting replays, signatures that do not verify or are another device's,
 * answers that break their form (one case per kind and more), and file uploads that do not match
 * the manifest. Every refusal must carry the JSON error body. */
#include "hubtest.h"

#include "crypto.h"
#include "hub.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define CREATED_AT "2020-07-06T02:41:07Z"
#define NFILES     3

typedef struct {
    char name[32];
    char *data;
    size_t len;
    char sha[CRYPTO_SHA256_HEX];
} tfile;

typedef struct {
    hubtest_hub hub;
    hubtest_device field, field2, other; /* petugas-01 twice (two tablets), petugas-02 */
    tfile files[NFILES];
} fixture;

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    char tok[128];
    if (hubtest_start(&f.hub, args) != 0 || hubtest_read_token(f.hub.tokens[2], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.field) != 201)
        return -1;
    if (hubtest_new_token(&f.hub, "field:petugas-01", tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.field2) != 201)
        return -1;
    if (hubtest_new_token(&f.hub, "field:petugas-02", tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.other) != 201)
        return -1;
    /* Three "photos": a JPEG signature and deterministic noise. */
    uint32_t x = 12345;
    for (int i = 0; i < NFILES; i++) {
        tfile *t = &f.files[i];
        snprintf(t->name, sizeof t->name, "p%02d-foto.jpg", i + 1);
        t->len = 1500 + 800 * (size_t)i;
        t->data = malloc(t->len);
        if (!t->data)
            return -1;
        for (size_t k = 0; k < t->len; k++) {
            x = x * 1103515245u + 12345u;
            t->data[k] = (char)(x >> 16);
        }
        memcpy(t->data, "\xff\xd8\xff\xe0", 4);
        crypto_sha256_hex(t->data, t->len, t->sha);
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < NFILES; i++)
        free(f->files[i].data);
    hubtest_device_free(&f->field);
    hubtest_device_free(&f->field2);
    hubtest_device_free(&f->other);
    assert_int_equal(hubtest_stop(&f->hub), 0);
    hubtest_destroy(&f->hub);
    return 0;
}

/* The JSON error body with this status and code; the message contains `want` when given. */
static void assert_error(const hubtest_resp *r, long status, const char *code, const char *want)
{
    if (r->status != status)
        fail_msg("expected %ld %s, got %ld: %s", status, code, r->status, r->body);
    assert_string_equal(r->ctype, "application/json");
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    cJSON *e = cJSON_GetObjectItem(j, "error");
    assert_true(cJSON_IsObject(e));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(e, "code")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(e, "message")));
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, code);
    const char *msg = cJSON_GetObjectItem(e, "message")->valuestring;
    if (want && !strstr(msg, want))
        fail_msg("message '%s' does not name '%s'", msg, want);
    cJSON_Delete(j);
}

/* {"report_id","status","missing"} with this status and number of missing files. */
static void assert_status(const hubtest_resp *r, long status, const char *report_id,
                          const char *state, int missing)
{
    if (r->status != status)
        fail_msg("expected %ld, got %ld: %s", status, r->status, r->body);
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "report_id")->valuestring, report_id);
    assert_string_equal(cJSON_GetObjectItem(j, "status")->valuestring, state);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "missing")), missing);
    cJSON_Delete(j);
}

static cJSON *location_answer(void)
{
    return cJSON_Parse("{\"lat\":-8.48625,\"lon\":115.24702,\"accuracy_m\":6.5,"
                       "\"fix_time\":\"2020-07-06T02:39:51Z\"}");
}

/* Answers of tgs-001 that fit its form, naming the first n files as the meter photos. */
static cJSON *valid_answers(const fixture *f, int n)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddNumberToObject(a, "angka_meter", 48213);
    cJSON_AddNumberToObject(a, "volume_juni", 1520.75);
    cJSON_AddStringToObject(a, "kondisi_meter", "Berfungsi baik");
    cJSON_AddTrueToObject(a, "segel_utuh");
    cJSON_AddStringToObject(a, "tera_terakhir", "2019-11-14");
    cJSON *t = cJSON_AddArrayToObject(a, "temuan");
    cJSON_AddItemToArray(t, cJSON_CreateString("Kebocoran pipa"));
    cJSON_AddItemToArray(t, cJSON_CreateString("Pengambilan di luar izin"));
    cJSON *p = cJSON_AddArrayToObject(a, "foto_meter");
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(p, cJSON_CreateString(f->files[i].name));
    cJSON_AddItemToObject(a, "lokasi", location_answer());
    cJSON_AddStringToObject(a, "catatan", "Meter terbaca jelas.\nSegel nomor 004512 utuh.");
    return a;
}

typedef struct {
    const hubtest_device *signer; /* whose key signs (default: the sender) */
    const char *key_id;           /* device_key_id in the body (default: the signer's) */
    int nfiles;                   /* files in the manifest */
    bool tamper;                  /* flip a bit of the signature */
    const char *signed_answers;   /* sign this canonical answers text instead of the body's */
    bool location;                /* add the top-level location (the lokasi answer) */
    const char *created_at;       /* default CREATED_AT */
} opts;

/* A report body: answers (taken over), the manifest of the first o->nfiles files, signed. */
static char *report_body(const fixture *f, const hubtest_device *dev, const char *rid,
                         const char *aid, cJSON *answers, const opts *o)
{
    const hubtest_device *signer = o->signer ? o->signer : dev;
    wire_report_manifest m;
    memset(&m, 0, sizeof m);
    snprintf(m.report_id, sizeof m.report_id, "%s", rid);
    snprintf(m.assignment_id, sizeof m.assignment_id, "%s", aid);
    snprintf(m.created_at, sizeof m.created_at, "%s", o->created_at ? o->created_at : CREATED_AT);
    snprintf(m.device_key_id, sizeof m.device_key_id, "%s", o->key_id ? o->key_id : dev->key_id);
    cJSON *body = cJSON_CreateObject(), *files = cJSON_CreateArray();
    for (int i = 0; i < o->nfiles; i++) {
        wire_report_file *rf = &m.files[m.n_files++];
        snprintf(rf->name, sizeof rf->name, "%s", f->files[i].name);
        rf->size = (int64_t)f->files[i].len;
        snprintf(rf->sha256, sizeof rf->sha256, "%s", f->files[i].sha);
        snprintf(rf->mime, sizeof rf->mime, "image/jpeg");
        cJSON *fj = cJSON_CreateObject();
        cJSON_AddStringToObject(fj, "name", rf->name);
        cJSON_AddNumberToObject(fj, "size", (double)rf->size);
        cJSON_AddStringToObject(fj, "sha256", rf->sha256);
        cJSON_AddStringToObject(fj, "mime", rf->mime);
        cJSON_AddItemToArray(files, fj);
    }
    char canon[8192], b64[WIRE_SIG_B64_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    uint8_t sig[CRYPTO_SIG_MAX];
    char *atext = wire_answers_canonical(answers, &clen);
    assert_non_null(atext);
    crypto_sha256_hex(atext, clen, m.answers_sha256);
    free(atext);
    if (o->signed_answers) /* signed over other answers than the body carries */
        crypto_sha256_hex(o->signed_answers, strlen(o->signed_answers), m.answers_sha256);
    assert_int_equal(wire_report_canonical(&m, canon, sizeof canon, &clen), WIRE_OK);
    assert_int_equal(crypto_sign(signer->key_pem, canon, clen, sig, sizeof sig, &slen), CRYPTO_OK);
    if (o->tamper)
        sig[slen - 3] ^= 0x01;
    assert_int_equal(crypto_base64_encode(sig, slen, b64, sizeof b64, &blen), CRYPTO_OK);
    cJSON_AddStringToObject(body, "report_id", rid);
    cJSON_AddStringToObject(body, "assignment_id", aid);
    cJSON_AddStringToObject(body, "created_at", m.created_at);
    cJSON_AddItemToObject(body, "answers", answers);
    cJSON_AddItemToObject(body, "files", files);
    if (o->location)
        cJSON_AddItemToObject(body, "location", location_answer());
    cJSON_AddStringToObject(body, "device_key_id", m.device_key_id);
    cJSON_AddStringToObject(body, "signature", b64);
    char *s = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    return s;
}

static hubtest_resp post_report(fixture *f, const hubtest_device *dev, const char *rid,
                                const char *body)
{
    char h[80];
    snprintf(h, sizeof h, "Idempotency-Key: %s", rid);
    const char *hdr[] = {h, NULL};
    return hubtest_request(&f->hub, dev, "POST", "/v1/field-reports", hdr, body, strlen(body));
}

/* Posts body (freed) and expects the refusal status/code naming want. */
static void post_refused(fixture *f, const hubtest_device *dev, const char *rid, char *body,
                         long status, const char *code, const char *want)
{
    hubtest_resp r = post_report(f, dev, rid, body);
    assert_error(&r, status, code, want);
    hubtest_resp_free(&r);
    free(body);
}

static hubtest_resp put_file(fixture *f, const hubtest_device *dev, const char *rid,
                             const char *name, const char *data, size_t len)
{
    char path[200];
    snprintf(path, sizeof path, "/v1/field-reports/%s/files/%s", rid, name);
    return hubtest_request(&f->hub, dev, "PUT", path, NULL, data, len);
}

/* PUTs a file and expects the refusal status/code naming want. */
static void put_refused(fixture *f, const hubtest_device *dev, const char *rid, const char *name,
                        const char *data, size_t len, long status, const char *code,
                        const char *want)
{
    hubtest_resp r = put_file(f, dev, rid, name, data, len);
    assert_error(&r, status, code, want);
    hubtest_resp_free(&r);
}

static hubtest_resp get_status(fixture *f, const hubtest_device *dev, const char *rid)
{
    char path[200];
    snprintf(path, sizeof path, "/v1/field-reports/%s", rid);
    return hubtest_request(&f->hub, dev, "GET", path, NULL, NULL, 0);
}

static char *sqlf(fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *sqlf(fixture *f, const char *fmt, ...)
{
    char sql[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return hubtest_sql(&f->hub, sql);
}

static void assert_not_stored(fixture *f, const char *rid)
{
    char *n = sqlf(f, "SELECT count(*) FROM field_reports WHERE report_id='%s'", rid);
    assert_string_equal(n, "0");
    free(n);
}

/* Posts a valid tgs-001 report with 3 files; the new id goes to rid. */
static void post_valid(fixture *f, char rid[CRYPTO_UUID_LEN])
{
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    opts o = {.nfiles = NFILES, .location = true};
    char *body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    free(body);
}

/* ---- the canonical form and the demo forms --------------------------------------------------- */

static void test_canonical_form(void **state)
{
    (void)state;
    /* The example of docs/api.md §8. */
    wire_report_manifest m;
    memset(&m, 0, sizeof m);
    snprintf(m.report_id, sizeof m.report_id, "7d3f1c52-9a4e-4b8f-a1c6-2e5b9d0f4a37");
    snprintf(m.assignment_id, sizeof m.assignment_id, "tgs-001");
    snprintf(m.created_at, sizeof m.created_at, "2020-07-06T02:41:07Z");
    snprintf(m.device_key_id, sizeof m.device_key_id,
             "9be0d83f758f4e9af3a3d2dcf59921ab3fa3853bead22aacf9049f28614d5842");
    static const char *const names[] = {"p01-3f2a9c.jpg", "p02-81d0e4.jpg", "p03-c47b15.jpg"};
    static const long sizes[] = {734512, 698233, 812960};
    static const char *const shas[] = {
        "6617ecaab6ca06c74f55b10228b8fb896b9b5bd7b893db99be8d753a9014e37a",
        "867972ca2a0b25c5cd3ee920b11e83670631d223bee10445ee061d520f5f108e",
        "6621a63d3f29f6b9f39364d2e501d458514bad585d8205f768c700fb181ba29a"};
    for (int i = 0; i < 3; i++) {
        wire_report_file *rf = &m.files[m.n_files++];
        snprintf(rf->name, sizeof rf->name, "%s", names[i]);
        rf->size = sizes[i];
        snprintf(rf->sha256, sizeof rf->sha256, "%s", shas[i]);
        snprintf(rf->mime, sizeof rf->mime, "image/jpeg");
    }
    /* The answers of the example (docs/api.md §8), their canonical text and its hash. */
    cJSON *ans = cJSON_Parse(
        "{ \"angka_meter\": 48213, \"volume_juni\": 1520.75, \"kondisi_meter\": \"Berfungsi baik\","
        "  \"segel_utuh\": true, \"tera_terakhir\": \"2019-11-14\","
        "  \"temuan\": [\"Kebocoran pipa\", \"Pengambilan di luar izin\"],"
        "  \"foto_meter\": [\"p01-3f2a9c.jpg\", \"p02-81d0e4.jpg\", \"p03-c47b15.jpg\"],"
        "  \"lokasi\": { \"lat\": -8.48625, \"lon\": 115.24702, \"accuracy_m\": 6.5,"
        "              \"fix_time\": \"2020-07-06T02:39:51Z\" },"
        "  \"catatan\": \"Meter terbaca jelas.\\nSegel nomor 004512 utuh.\" }");
    assert_non_null(ans);
    size_t alen = 0;
    char *atext = wire_answers_canonical(ans, &alen);
    assert_non_null(atext);
    static const char want_text[] =
        "o9{s11:angka_metern48213;s7:catatans45:Meter terbaca jelas.\nSegel nomor 004512 utuh."
        "s10:foto_metera3[s14:p01-3f2a9c.jpgs14:p02-81d0e4.jpgs14:p03-c47b15.jpg]"
        "s13:kondisi_meters14:Berfungsi baiks6:lokasio4{s10:accuracy_mn6.5;"
        "s8:fix_times20:2020-07-06T02:39:51Zs3:latn-8.48625;s3:lonn115.24702;}s10:segel_utuht"
        "s6:temuana2[s14:Kebocoran pipas24:Pengambilan di luar izin]s13:tera_terakhirs10:2019-11-14"
        "s11:volume_junin1520.75;}";
    assert_int_equal(alen, sizeof want_text - 1);
    assert_memory_equal(atext, want_text, alen);
    crypto_sha256_hex(atext, alen, m.answers_sha256);
    assert_string_equal(m.answers_sha256,
                        "dc41c6bc15e20c6289ebf42f63421ffd0038fc96834423e2a0f36425079f36ce");
    free(atext);
    /* Spacing and member order do not change it; a changed answer does. */
    cJSON *again = cJSON_Parse("{\"temuan\":[\"Kebocoran pipa\",\"Pengambilan di luar izin\"],"
                               "\"angka_meter\":4.8213e4}");
    cJSON *other = cJSON_Parse("{\"angka_meter\":48213,\"temuan\":[\"Kebocoran pipa\","
                               "\"Pengambilan di luar izin\"]}");
    char *t1 = wire_answers_canonical(again, &alen), *t2 = NULL;
    size_t alen2 = 0;
    t2 = wire_answers_canonical(other, &alen2);
    assert_int_equal(alen, alen2);
    assert_memory_equal(t1, t2, alen);
    free(t2);
    cJSON_ReplaceItemInObject(other, "angka_meter", cJSON_CreateNumber(48214));
    t2 = wire_answers_canonical(other, &alen2);
    assert_true(alen != alen2 || memcmp(t1, t2, alen) != 0);
    free(t1);
    free(t2);
    cJSON_Delete(again);
    cJSON_Delete(other);
    cJSON_Delete(ans);
    char canon[4096];
    size_t len = 0;
    assert_int_equal(wire_report_canonical(&m, canon, sizeof canon, &len), WIRE_OK);
    assert_string_equal(canon, "paraf-field-report-v2\n"
                               "report_id:7d3f1c52-9a4e-4b8f-a1c6-2e5b9d0f4a37\n"
                               "assignment_id:tgs-001\n"
                               "created_at:2020-07-06T02:41:07Z\n"
                               "device_key_id:"
                               "9be0d83f758f4e9af3a3d2dcf59921ab3fa3853bead22aacf9049f28614d5842\n"
                               "answers_sha256:"
                               "dc41c6bc15e20c6289ebf42f63421ffd0038fc96834423e2a0f36425079f36ce\n"
                               "files:3\n"
                               "file:p01-3f2a9c.jpg 734512 "
                               "6617ecaab6ca06c74f55b10228b8fb896b9b5bd7b893db99be8d753a9014e37a "
                               "image/jpeg\n"
                               "file:p02-81d0e4.jpg 698233 "
                               "867972ca2a0b25c5cd3ee920b11e83670631d223bee10445ee061d520f5f108e "
                               "image/jpeg\n"
                               "file:p03-c47b15.jpg 812960 "
                               "6621a63d3f29f6b9f39364d2e501d458514bad585d8205f768c700fb181ba29a "
                               "image/jpeg\n");
    assert_int_equal(len, strlen(canon));
    /* Refused: a name twice, a name starting with '.', a gif. */
    snprintf(m.files[1].name, sizeof m.files[1].name, "%s", names[0]);
    char why[64];
    assert_int_equal(wire_report_check(&m, why, sizeof why), WIRE_ERR_FIELD);
    assert_int_equal(wire_report_check(&m, NULL, 0), WIRE_ERR_FIELD);
    snprintf(m.files[1].name, sizeof m.files[1].name, ".hidden");
    assert_int_equal(wire_report_canonical(&m, canon, sizeof canon, &len), WIRE_ERR_FIELD);
    snprintf(m.files[1].name, sizeof m.files[1].name, "%s", names[1]);
    snprintf(m.files[1].mime, sizeof m.files[1].mime, "image/gif");
    assert_int_equal(wire_report_check(&m, why, sizeof why), WIRE_ERR_FIELD);
    /* A buffer too small. */
    snprintf(m.files[1].mime, sizeof m.files[1].mime, "image/png");
    assert_int_equal(wire_report_canonical(&m, canon, 100, &len), WIRE_ERR_SPACE);
}

static void test_demo_forms(void **state)
{
    fixture *f = *state;
    hubtest_resp r = hubtest_request(&f->hub, &f->field, "GET", "/v1/assignments", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body), *a;
    const char *first = NULL, *first_due = NULL;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(j, "assignments"))
    {
        char why[200] = "";
        if (!hub_form_check(cJSON_GetObjectItem(a, "form"), why, sizeof why))
            fail_msg("%s: %s", cJSON_GetObjectItem(a, "id")->valuestring, why);
        const char *due = cJSON_GetObjectItem(a, "due")->valuestring;
        if (!first_due || strcmp(due, first_due) < 0) {
            first_due = due;
            first = cJSON_GetObjectItem(a, "id")->valuestring;
        }
        if (strcmp(cJSON_GetObjectItem(a, "id")->valuestring, "tgs-001") != 0)
            continue;
        /* tgs-001 has a field of every kind, and the meter photos take at least 3. */
        static const char *const kinds[] = {"text",  "number", "choice", "multi",
                                            "yesno", "date",   "photo",  "location"};
        for (size_t k = 0; k < 8; k++) {
            const cJSON *fl;
            bool found = false;
            cJSON_ArrayForEach(fl, cJSON_GetObjectItem(a, "form"))
            {
                if (strcmp(cJSON_GetObjectItem(fl, "kind")->valuestring, kinds[k]) != 0)
                    continue;
                found = true;
                if (strcmp(kinds[k], "photo") == 0)
                    assert_int_equal(cJSON_GetObjectItem(fl, "min_photos")->valueint, 3);
                if (strcmp(kinds[k], "number") == 0 && cJSON_GetObjectItem(fl, "max"))
                    assert_non_null(cJSON_GetObjectItem(fl, "unit"));
            }
            if (!found)
                fail_msg("tgs-001 has no %s field", kinds[k]);
        }
    }
    assert_non_null(first);
    assert_string_equal(first, "tgs-001"); /* petugas-01's first due */
    cJSON_Delete(j);
    hubtest_resp_free(&r);

    /* The form rules hold: a few forms that break them. */
#define FORM1(kind, extra)                                                                         \
    "[{\"key\":\"a\",\"label\":\"A\",\"kind\":\"" kind "\",\"required\":true" extra "}]"
    static const char *const bad[] = {
        "[]",
        FORM1("slider", ""),
        "[{\"key\":\"A\",\"label\":\"A\",\"kind\":\"text\",\"required\":true}]",
        FORM1("text", ",\"unit\":\"m\""),
        FORM1("multi", ",\"choices\":[\"x\"]"),
        FORM1("choice", ",\"choices\":[\"x\",\"x\"]"),
        FORM1("number", ",\"decimals\":7"),
        FORM1("number", ",\"min\":5,\"max\":1"),
        FORM1("photo", ""),
        FORM1("photo", ",\"min_photos\":3,\"max_photos\":2"),
        FORM1("photo", ",\"min_photos\":1,\"max_photos\":13"),
        FORM1("photo", ",\"min_photos\":7},{\"key\":\"b\",\"label\":\"B\",\"kind\":\"photo\","
                       "\"required\":false,\"min_photos\":6"),
        "[{\"key\":\"a\",\"label\":\"A\",\"kind\":\"yesno\",\"required\":true},"
        "{\"key\":\"a\",\"label\":\"B\",\"kind\":\"date\",\"required\":false}]",
    };
#undef FORM1
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *form = cJSON_Parse(bad[i]);
        char why[200];
        if (hub_form_check(form, why, sizeof why))
            fail_msg("form accepted: %s", bad[i]);
        cJSON_Delete(form);
    }
}

/* ---- the whole way: posted, files, complete -------------------------------------------------- */

static void test_report_complete(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    opts o = {.nfiles = NFILES, .location = true};
    char *body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    assert_non_null(strstr(r.body, f->files[0].name));
    hubtest_resp_free(&r);

    /* The same request again (a retry): the same answer. */
    r = post_report(f, &f->field, rid, body);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    /* The same report with its members in another order and spaced out is the same too. */
    cJSON *j = cJSON_Parse(body), *loc = cJSON_DetachItemFromObject(j, "location");
    cJSON_AddItemToObject(j, "location", loc);
    char *again = cJSON_Print(j);
    cJSON_Delete(j);
    r = post_report(f, &f->field, rid, again);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    free(again);

    r = get_status(f, &f->field, rid);
    assert_status(&r, 200, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    for (int i = 0; i < NFILES; i++) {
        r = put_file(f, &f->field, rid, f->files[i].name, f->files[i].data, f->files[i].len);
        assert_status(&r, 201, rid, i == NFILES - 1 ? "complete" : "awaiting_files",
                      NFILES - 1 - i);
        hubtest_resp_free(&r);
    }
    /* A file sent again: 200, nothing changes. */
    r = put_file(f, &f->field, rid, f->files[1].name, f->files[1].data, f->files[1].len);
    assert_status(&r, 200, rid, "complete", 0);
    hubtest_resp_free(&r);
    r = get_status(f, &f->field, rid);
    assert_status(&r, 200, rid, "complete", 0);
    hubtest_resp_free(&r);
    /* A retry of the post after completion answers the current status. */
    r = post_report(f, &f->field, rid, body);
    assert_status(&r, 201, rid, "complete", 0);
    hubtest_resp_free(&r);
    /* Another device's id space: not found, with the error body. */
    r = get_status(f, &f->other, rid);
    assert_error(&r, 404, "report_not_found", NULL);
    hubtest_resp_free(&r);

    /* Stored: the bytes, the canonical form and the signature, which verifies with the device
     * certificate. */
    char *n = sqlf(f,
                   "SELECT count(*) || '/' || sum(length(data)) || '/' || (SELECT complete_at "
                   "IS NOT NULL FROM field_reports WHERE report_id='%s') FROM field_files "
                   "WHERE report_id='%s'",
                   rid, rid);
    char want[40];
    snprintf(want, sizeof want, "3/%zu/1", f->files[0].len + f->files[1].len + f->files[2].len);
    assert_string_equal(n, want);
    free(n);
    char *canon = sqlf(f, "SELECT canonical FROM field_reports WHERE report_id='%s'", rid);
    char *sig = sqlf(f, "SELECT signature FROM field_reports WHERE report_id='%s'", rid);
    assert_true(strncmp(canon, "paraf-field-report-v2\nreport_id:", 32) == 0);
    uint8_t der[CRYPTO_SIG_MAX];
    size_t dlen = 0;
    assert_int_equal(crypto_base64_decode(sig, strlen(sig), der, sizeof der, &dlen), CRYPTO_OK);
    FILE *fp = fopen(f->field.cert_path, "r");
    char cert[8000];
    size_t cl = fread(cert, 1, sizeof cert - 1, fp);
    fclose(fp);
    cert[cl] = '\0';
    assert_int_equal(crypto_verify(cert, canon, strlen(canon), der, dlen), CRYPTO_OK);
    free(canon);
    free(sig);
    free(body);

    /* --show-reports lists it. */
    char cmd[600], line[400];
    snprintf(cmd, sizeof cmd, "'%s' --data '%s' --show-reports", hubtest_binary, f->hub.dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char want_line[200];
    snprintf(
        want_line, sizeof want_line,
        "report %s assignment=tgs-001 user=petugas-01 status=complete files=3/3 received=", rid);
    int seen = 0;
    while (fgets(line, sizeof line, p))
        seen += strncmp(line, want_line, strlen(want_line)) == 0;
    assert_int_equal(pclose(p), 0);
    assert_int_equal(seen, 1);
}

/* A report without files (tgs-007's photos are optional) is complete at once. */
static void test_report_without_files(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    cJSON *a = cJSON_Parse("{\"wp_dikunjungi\":12,\"teguran_diserahkan\":9,"
                           "\"tanggapan\":[\"Minta keringanan\",\"Tidak ditemui\"],"
                           "\"janji_bayar\":\"2020-07-31\"}");
    opts o = {0};
    char *body = report_body(f, &f->field, rid, "tgs-007", a, &o);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_status(&r, 201, rid, "complete", 0);
    hubtest_resp_free(&r);
    free(body);
}

/* ---- idempotency, signatures, assignments ---------------------------------------------------- */

static void test_idempotency_conflict(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    post_valid(f, rid);
    /* Another answer under the same id (properly signed: the manifest is the same). */
    cJSON *a = valid_answers(f, NFILES);
    cJSON_ReplaceItemInObject(a, "angka_meter", cJSON_CreateNumber(48214));
    opts o = {.nfiles = NFILES, .location = true};
    char *body = report_body(f, &f->field, rid, "tgs-001", a, &o);
    post_refused(f, &f->field, rid, body, 422, "idempotency_conflict", NULL);
    /* The same answers with another manifest (here: another created_at) under the same id. */
    opts o2 = {.nfiles = NFILES, .location = true, .created_at = "2020-07-06T02:41:08Z"};
    body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o2);
    post_refused(f, &f->field, rid, body, 422, "idempotency_conflict", NULL);
    /* The stored report is the first one. */
    char *v = sqlf(f,
                   "SELECT json_extract(payload, '$.answers.angka_meter') FROM field_reports "
                   "WHERE report_id='%s'",
                   rid);
    assert_string_equal(v, "48213");
    free(v);
}

static void test_signatures(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    /* A signature that does not verify. */
    opts o = {.nfiles = NFILES, .tamper = true};
    char *body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o);
    post_refused(f, &f->field, rid, body, 403, "signature_invalid", NULL);
    /* A valid signature over other answers than the body carries (an answer changed on the way:
     * the meter reading 48213 signed, 48214 sent). */
    cJSON *signed_ans = valid_answers(f, NFILES);
    size_t slen = 0;
    char *stext = wire_answers_canonical(signed_ans, &slen);
    assert_non_null(stext);
    cJSON_Delete(signed_ans);
    cJSON *sent = valid_answers(f, NFILES);
    cJSON_ReplaceItemInObject(sent, "angka_meter", cJSON_CreateNumber(48214));
    char *stext_z = malloc(slen + 1);
    assert_non_null(stext_z);
    memcpy(stext_z, stext, slen);
    stext_z[slen] = '\0';
    free(stext);
    opts o1 = {.nfiles = NFILES, .signed_answers = stext_z};
    body = report_body(f, &f->field, rid, "tgs-001", sent, &o1);
    post_refused(f, &f->field, rid, body, 403, "signature_invalid", NULL);
    free(stext_z);
    /* Signed by the officer's other tablet, claiming this one's key. */
    opts o2 = {.nfiles = NFILES, .signer = &f->field2};
    body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o2);
    post_refused(f, &f->field, rid, body, 403, "signature_invalid", NULL);
    /* The other tablet's report (its key, its signature) sent over this tablet's connection. */
    opts o3 = {.nfiles = NFILES, .signer = &f->field2, .key_id = f->field2.key_id};
    body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o3);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_error(&r, 403, "key_mismatch", NULL);
    hubtest_resp_free(&r);
    /* ... which its own tablet may send. */
    r = post_report(f, &f->field2, rid, body);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    free(body);
    /* A signature that is not base64 (under a new id). */
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    opts o4 = {.nfiles = NFILES};
    body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o4);
    cJSON *j = cJSON_Parse(body);
    cJSON_ReplaceItemInObject(j, "signature", cJSON_CreateString("not*base64"));
    free(body);
    body = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    post_refused(f, &f->field, rid, body, 403, "signature_invalid", NULL);
    assert_not_stored(f, rid);
}

static void test_assignment_and_headers(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    /* petugas-02's assignment from petugas-01, and one that does not exist. */
    opts o = {0};
    char *body = report_body(f, &f->field, rid, "tgs-002", cJSON_CreateObject(), &o);
    post_refused(f, &f->field, rid, body, 422, "unknown_assignment", "tgs-002");
    body = report_body(f, &f->field, rid, "tgs-999", cJSON_CreateObject(), &o);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_error(&r, 422, "unknown_assignment", "tgs-999");
    hubtest_resp_free(&r);
    /* No Idempotency-Key, or another one. */
    r = hubtest_request(&f->hub, &f->field, "POST", "/v1/field-reports", NULL, body, strlen(body));
    assert_error(&r, 400, "idempotency_key_required", NULL);
    hubtest_resp_free(&r);
    post_refused(f, &f->field, "6f1c2b1e-3c1f-4c44-9a55-2b0b8e1f9a10", body, 400,
                 "idempotency_key_required", NULL);
    assert_not_stored(f, rid);
}

/* ---- answers against the form ---------------------------------------------------------------- */

static void test_invalid_answers(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *key, *value; /* value NULL: the answer is left out */
    } cases[] = {
        /* required answers */
        {"segel_utuh", NULL},
        {"foto_meter", NULL},
        {"temuan", "[]"},
        {"lokasi", NULL},
        /* unknown key, null */
        {"warna_meter", "\"biru\""},
        {"catatan", "null"},
        /* text */
        {"catatan", "12"},
        {"catatan", "\"baris\\u0001kontrol\""},
        /* number */
        {"angka_meter", "\"48213\""},
        {"angka_meter", "48213.5"},
        {"angka_meter", "-1"},
        {"angka_meter", "100000000"},
        {"volume_juni", "1520.755"},
        {"volume_juni", "-0.01"},
        /* choice */
        {"kondisi_meter", "\"Bagus\""},
        {"kondisi_meter", "[\"Rusak\"]"},
        /* multi */
        {"temuan", "\"Kebocoran pipa\""},
        {"temuan", "[\"Kebocoran pipa\",\"Kebocoran pipa\"]"},
        {"temuan", "[\"Kebocoran\"]"},
        /* yesno */
        {"segel_utuh", "\"ya\""},
        {"segel_utuh", "1"},
        /* date */
        {"tera_terakhir", "\"2019-02-29\""},
        {"tera_terakhir", "\"14-11-2019\""},
        {"tera_terakhir", "\"2019-11-14T00:00:00Z\""},
        /* photo */
        {"foto_meter", "\"p01-foto.jpg\""},
        {"foto_meter", "[\"p01-foto.jpg\",\"p02-foto.jpg\"]"},
        {"foto_meter", "[\"p01-foto.jpg\",\"p02-foto.jpg\",\"p09-foto.jpg\"]"},
        {"foto_meter", "[\"p01-foto.jpg\",\"p02-foto.jpg\",\"p02-foto.jpg\"]"},
        /* location */
        {"lokasi", "\"-8.48,115.24\""},
        {"lokasi", "{\"lat\":-98.5,\"lon\":115.2,\"accuracy_m\":5,\"fix_time\":null}"},
        {"lokasi", "{\"lat\":-8.5,\"lon\":195.2,\"accuracy_m\":5,\"fix_time\":null}"},
        {"lokasi", "{\"lat\":-8.5,\"lon\":115.2,\"accuracy_m\":-1,\"fix_time\":null}"},
        {"lokasi", "{\"lat\":-8.5,\"lon\":115.2,\"accuracy_m\":null,\"fix_time\":\"kemarin\"}"},
        {"lokasi", "{\"lat\":-8.5,\"lon\":115.2,\"accuracy_m\":null}"},
        {"lokasi", "{\"lat\":-8.5,\"lon\":115.2,\"accuracy_m\":null,\"fix_time\":null,\"alt\":3}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rid[CRYPTO_UUID_LEN];
        assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
        cJSON *a = valid_answers(f, NFILES);
        cJSON_DeleteItemFromObject(a, cases[i].key);
        if (cases[i].value) {
            cJSON *v = cJSON_Parse(cases[i].value);
            assert_non_null(v);
            cJSON_AddItemToObject(a, cases[i].key, v);
        }
        opts o = {.nfiles = NFILES};
        char *body = report_body(f, &f->field, rid, "tgs-001", a, &o);
        hubtest_resp r = post_report(f, &f->field, rid, body);
        if (r.status != 400)
            fprintf(stderr, "case %zu: %s = %s\n", i, cases[i].key,
                    cases[i].value ? cases[i].value : "(left out)");
        assert_error(&r, 400, "invalid_report", cases[i].key);
        hubtest_resp_free(&r);
        free(body);
        assert_not_stored(f, rid);
    }
    /* Optional fields may be left out, and "" or [] count as not answered. */
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    cJSON *a = valid_answers(f, NFILES);
    cJSON_ReplaceItemInObject(a, "catatan", cJSON_CreateString(""));
    cJSON_ReplaceItemInObject(a, "volume_juni", cJSON_CreateNumber(0.5));
    opts o = {.nfiles = NFILES};
    char *body = report_body(f, &f->field, rid, "tgs-001", a, &o);
    hubtest_resp r = post_report(f, &f->field, rid, body);
    assert_status(&r, 202, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);
    free(body);
}

/* The report around the answers: its own fields, the manifest and the files it lists. */
static void test_invalid_report(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    assert_int_equal(crypto_uuid4(rid), CRYPTO_OK);
    /* Files no photo answer names (tgs-007's photos are optional): one, then all three. */
    cJSON *a = cJSON_Parse("{\"wp_dikunjungi\":3,\"teguran_diserahkan\":3,"
                           "\"tanggapan\":[\"Bersedia membayar\"],"
                           "\"foto_serah\":[\"p01-foto.jpg\",\"p02-foto.jpg\"]}");
    opts o = {.nfiles = NFILES};
    char *body = report_body(f, &f->field, rid, "tgs-007", a, &o);
    post_refused(f, &f->field, rid, body, 400, "invalid_report", "p03-foto.jpg");
    a = cJSON_Parse("{\"wp_dikunjungi\":3,\"teguran_diserahkan\":3,"
                    "\"tanggapan\":[\"Bersedia membayar\"]}");
    body = report_body(f, &f->field, rid, "tgs-007", a, &o);
    post_refused(f, &f->field, rid, body, 400, "invalid_report", "p01-foto.jpg");
    assert_not_stored(f, rid);

    /* A manifest changed after signing is refused for its signature. */
    body = report_body(f, &f->field, rid, "tgs-001", valid_answers(f, NFILES), &o);
    cJSON *j = cJSON_Parse(body);
    free(body);
    cJSON *extra = cJSON_Duplicate(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "files"), 0), true);
    cJSON_ReplaceItemInObject(extra, "name", cJSON_CreateString("p04-foto.jpg"));
    cJSON_AddItemToArray(cJSON_GetObjectItem(j, "files"), extra);
    cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "answers"), "foto_meter"),
                         cJSON_CreateString("p04-foto.jpg"));
    body = cJSON_PrintUnformatted(j);
    post_refused(f, &f->field, rid, body, 403, "signature_invalid", NULL);
    cJSON_Delete(j);

    /* Body-level mistakes, each in an otherwise valid, signed report. */
    static const struct {
        const char *member, *value; /* value NULL: left out; the message names member */
    } cases[] = {
        {"extra", "1"},
        {"created_at", NULL},
        {"created_at", "\"2020-07-06 02:41:07\""},
        {"answers", "[]"},
        {"files", "{}"},
        {"signature", "\"\""},
        {"device_key_id", NULL},
        {"location", "{\"lat\":-8.1,\"lon\":115.1,\"accuracy_m\":null,\"fix_time\":null}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[CRYPTO_UUID_LEN];
        assert_int_equal(crypto_uuid4(id), CRYPTO_OK);
        opts oo = {.nfiles = NFILES};
        body = report_body(f, &f->field, id, "tgs-001", valid_answers(f, NFILES), &oo);
        j = cJSON_Parse(body);
        free(body);
        cJSON_DeleteItemFromObject(j, cases[i].member);
        if (cases[i].value)
            cJSON_AddItemToObject(j, cases[i].member, cJSON_Parse(cases[i].value));
        body = cJSON_PrintUnformatted(j);
        cJSON_Delete(j);
        post_refused(f, &f->field, id, body, 400, "invalid_report", cases[i].member);
        assert_not_stored(f, id);
    }
    /* Manifest entries that break their rules (hash, size, mime, name, unknown member). */
    static const struct {
        const char *name, *size, *mime, *extra;
        bool bad_sha;
    } file_cases[] = {
        {"p01-foto.jpg", "10", "image/jpeg", "", true},
        {"p01-foto.jpg", "1.5", "image/jpeg", "", false},
        {"p01-foto.jpg", "0", "image/jpeg", "", false},
        {"p01-foto.jpg", "16777217", "image/jpeg", "", false},
        {"p01-foto.jpg", "10", "image/gif", "", false},
        {"../x.jpg", "10", "image/jpeg", "", false},
        {".x.jpg", "10", "image/jpeg", "", false},
        {"p02-foto.jpg", "10", "image/jpeg", "", false}, /* p02 twice */
        {"p01-foto.jpg", "10", "image/jpeg", ",\"taken_at\":1", false},
    };
    for (size_t i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
        char id[CRYPTO_UUID_LEN], entry[400];
        assert_int_equal(crypto_uuid4(id), CRYPTO_OK);
        opts oo = {.nfiles = NFILES};
        body = report_body(f, &f->field, id, "tgs-001", valid_answers(f, NFILES), &oo);
        j = cJSON_Parse(body);
        free(body);
        snprintf(entry, sizeof entry,
                 "{\"name\":\"%s\",\"size\":%s,\"sha256\":\"%s\",\"mime\":\"%s\"%s}",
                 file_cases[i].name, file_cases[i].size,
                 file_cases[i].bad_sha ? "XYZ" : f->files[0].sha, file_cases[i].mime,
                 file_cases[i].extra);
        cJSON *e = cJSON_Parse(entry);
        assert_non_null(e);
        cJSON_ReplaceItemInArray(cJSON_GetObjectItem(j, "files"), 0, e);
        body = cJSON_PrintUnformatted(j);
        cJSON_Delete(j);
        post_refused(f, &f->field, id, body, 400, "invalid_report", NULL);
        assert_not_stored(f, id);
    }
}

/* ---- files ----------------------------------------------------------------------------------- */

/* PUT with "Expect: 100-continue", as libcurl sends large uploads: the hub's answer comes before
 * the body. Returns the status; *sent gets the bytes uploaded. */
static long put_expect(fixture *f, const char *path, size_t len, char *body, size_t cap,
                       curl_off_t *sent)
{
    char url[400];
    snprintf(url, sizeof url, "%s%s", f->hub.url, path);
    char *data = calloc(1, len);
    FILE *in = fmemopen(data, len, "rb");
    CURL *c = curl_easy_init();
    struct curl_slist *hl = curl_slist_append(NULL, "Expect: 100-continue");
    FILE *out = fmemopen(body, cap, "wb");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CAINFO, f->hub.ca);
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, f->hub.pin);
    curl_easy_setopt(c, CURLOPT_SSLCERT, f->field.cert_path);
    curl_easy_setopt(c, CURLOPT_SSLKEY, f->field.key_pem_path);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READDATA, in);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, sent);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    fclose(in);
    fclose(out);
    free(data);
    return status;
}

static void test_files(void **state)
{
    fixture *f = *state;
    char rid[CRYPTO_UUID_LEN];
    post_valid(f, rid);
    const tfile *t = &f->files[0];

    /* The right size with a wrong byte: the hash differs. */
    char *wrong = malloc(t->len + 64);
    memcpy(wrong, t->data, t->len);
    wrong[t->len / 2] ^= 0x20;
    put_refused(f, &f->field, rid, t->name, wrong, t->len, 422, "file_mismatch", NULL);
    /* Shorter than the manifest says. */
    put_refused(f, &f->field, rid, t->name, t->data, t->len - 1, 422, "file_mismatch", NULL);
    /* Larger than the manifest says (read and dropped, then refused). */
    memcpy(wrong, t->data, t->len);
    put_refused(f, &f->field, rid, t->name, wrong, t->len + 1, 413, "body_too_large", NULL);
    free(wrong);
    /* Far larger: refused from its Content-Length, before the body is sent. */
    char path[200], body[1000] = "";
    snprintf(path, sizeof path, "/v1/field-reports/%s/files/%s", rid, t->name);
    curl_off_t sent = -1;
    long st = put_expect(f, path, t->len * 40, body, sizeof body - 1, &sent);
    assert_int_equal(st, 413);
    assert_non_null(strstr(body, "\"code\":\"body_too_large\""));
    assert_true(sent < (curl_off_t)t->len);
    /* The report is still waiting for all three. */
    hubtest_resp r = get_status(f, &f->field, rid);
    assert_status(&r, 200, rid, "awaiting_files", NFILES);
    hubtest_resp_free(&r);

    /* A name the manifest does not list; a report that does not exist; another officer's
     * device; the officer's other tablet (the report is this one's). */
    put_refused(f, &f->field, rid, "p09-foto.jpg", t->data, t->len, 404, "file_not_in_manifest",
                "p09-foto.jpg");
    put_refused(f, &f->field, "6f1c2b1e-3c1f-4c44-9a55-2b0b8e1f9a10", t->name, t->data, t->len, 404,
                "report_not_found", NULL);
    put_refused(f, &f->other, rid, t->name, t->data, t->len, 404, "report_not_found", NULL);
    put_refused(f, &f->field2, rid, t->name, t->data, t->len, 404, "report_not_found",
                NULL); /* the report is the other tablet's */

    /* The right bytes after all that: stored (the only one), two to go. */
    r = put_file(f, &f->field, rid, t->name, t->data, t->len);
    assert_status(&r, 201, rid, "awaiting_files", NFILES - 1);
    hubtest_resp_free(&r);
    /* Each file is checked against its own manifest entry: file 3's first bytes as file 2. */
    put_refused(f, &f->field, rid, f->files[1].name, f->files[2].data, f->files[1].len, 422,
                "file_mismatch", NULL);
    r = get_status(f, &f->field, rid);
    assert_status(&r, 200, rid, "awaiting_files", NFILES - 1);
    hubtest_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_form),         cmocka_unit_test(test_demo_forms),
        cmocka_unit_test(test_report_complete),        cmocka_unit_test(test_report_without_files),
        cmocka_unit_test(test_idempotency_conflict),   cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_assignment_and_headers), cmocka_unit_test(test_invalid_answers),
        cmocka_unit_test(test_invalid_report),         cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
