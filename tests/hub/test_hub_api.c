/* Hub integration tests over real HTTPS on loopback: enrolment, mutual TLS, profiles, inbox with
 * ETag/304, item detail and its content hash, attachment bytes, and bad input that must leave the
 * hub serving and the database unchanged. */
#include "hubtest.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct {
    hubtest_hub hub;
    hubtest_device approver, board, field;
} fixture;

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    if (hubtest_start(&f.hub, args) != 0)
        return -1;
    char tok[128];
    if (hubtest_read_token(f.hub.tokens[0], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.approver) != 201)
        return -1;
    if (hubtest_read_token(f.hub.tokens[1], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.board) != 201)
        return -1;
    if (hubtest_read_token(f.hub.tokens[2], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.field) != 201)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hubtest_device_free(&f->approver);
    hubtest_device_free(&f->board);
    hubtest_device_free(&f->field);
    assert_int_equal(hubtest_stop(&f->hub), 0); /* SIGTERM: a clean exit */
    hubtest_destroy(&f->hub);
    return 0;
}

static void assert_error_code(const hubtest_resp *r, const char *code)
{
    cJSON *j = cJSON_Parse(r->body);
    assert_non_null(j);
    cJSON *e = cJSON_GetObjectItem(j, "error");
    assert_true(cJSON_IsObject(e));
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, code);
    assert_true(strlen(cJSON_GetObjectItem(e, "message")->valuestring) > 5);
    cJSON_Delete(j);
}

static void test_enroll_token_rules(void **state)
{
    fixture *f = *state;
    char tok[128];
    hubtest_device d;
    /* The approver token was used in setup: reuse is refused. */
    assert_int_equal(hubtest_read_token(f->hub.tokens[0], tok, sizeof tok), 0);
    assert_int_equal(hubtest_enroll(&f->hub, tok, &d), 403);
    hubtest_device_free(&d);
    /* A token the hub never issued. */
    assert_int_equal(
        hubtest_enroll(&f->hub, "00112233445566778899aabbccddeeff0011223344556677", &d), 403);
    hubtest_device_free(&d);
    /* A fresh token for another official works once. */
    assert_int_equal(hubtest_new_token(&f->hub, "approver:asisten-1", tok, sizeof tok), 0);
    assert_int_equal(hubtest_enroll(&f->hub, tok, &d), 201);
    assert_string_equal(d.user_id, "asisten-1");
    hubtest_device_free(&d);
    /* A used token answers with its code; the device count grew by exactly one. */
    hubtest_resp r =
        hubtest_request(&f->hub, NULL, "POST", "/v1/devices/enroll", NULL, "{\"token\":\"x\"}", 13);
    assert_int_equal(r.status, 400);
    assert_error_code(&r, "missing_field");
    hubtest_resp_free(&r);
    char *n = hubtest_sql(&f->hub, "SELECT count(*) FROM devices");
    assert_string_equal(n, "4");
    free(n);
}

static void test_enroll_bad_csr(void **state)
{
    fixture *f = *state;
    char tok[128], body[400];
    assert_int_equal(hubtest_new_token(&f->hub, "approver:sekda", tok, sizeof tok), 0);
    snprintf(body, sizeof body,
             "{\"token\":\"%s\",\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END "
             "CERTIFICATE REQUEST-----\\n\"}",
             tok);
    hubtest_resp r =
        hubtest_request(&f->hub, NULL, "POST", "/v1/devices/enroll", NULL, body, strlen(body));
    assert_int_equal(r.status, 400);
    assert_error_code(&r, "csr_invalid");
    hubtest_resp_free(&r);
    /* The token was not spent by the failed attempt. */
    hubtest_device d;
    assert_int_equal(hubtest_enroll(&f->hub, tok, &d), 201);
    hubtest_device_free(&d);
}

static void test_mtls_required(void **state)
{
    fixture *f = *state;
    static const char *const paths[] = {"/v1/inbox",    "/v1/items/itm-0001", "/v1/officials",
                                        "/v1/services", "/v1/assignments",    "/v1/devices/config"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        hubtest_resp r = hubtest_request(&f->hub, NULL, "GET", paths[i], NULL, NULL, 0);
        assert_int_equal(r.status, 401);
        assert_error_code(&r, "client_certificate_required");
        assert_string_equal(r.ctype, "application/json");
        hubtest_resp_free(&r);
    }
    /* A certificate from the hub's CA whose key no device enrolled. */
    char *ca_key = NULL, *ca_pem = NULL, *key = NULL, *csr = NULL, *cert = NULL;
    char path[400];
    FILE *fp;
    snprintf(path, sizeof path, "%s/ca.key", f->hub.dir);
    fp = fopen(path, "r");
    assert_non_null(fp);
    ca_key = calloc(1, 4096);
    assert_true(fread(ca_key, 1, 4095, fp) > 0);
    fclose(fp);
    fp = fopen(f->hub.ca, "r");
    ca_pem = calloc(1, 4096);
    assert_true(fread(ca_pem, 1, 4095, fp) > 0);
    fclose(fp);
    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_int_equal(crypto_csr_create(key, "CN=stray", &csr), CRYPTO_OK);
    assert_int_equal(
        crypto_client_cert_issue(ca_key, ca_pem, csr, "CN=stray,O=Pemprov Bali", 30, &cert),
        CRYPTO_OK);
    hubtest_device stray = {0};
    snprintf(stray.key_pem_path, sizeof stray.key_pem_path, "%s/stray.key", f->hub.dir);
    snprintf(stray.cert_path, sizeof stray.cert_path, "%s/stray.pem", f->hub.dir);
    fp = fopen(stray.key_pem_path, "w");
    fputs(key, fp);
    fclose(fp);
    fp = fopen(stray.cert_path, "w");
    fputs(cert, fp);
    fclose(fp);
    hubtest_resp r = hubtest_request(&f->hub, &stray, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 401);
    assert_error_code(&r, "device_not_enrolled");
    hubtest_resp_free(&r);
    /* A self-made CA's certificate: refused (either in the handshake or with 401). */
    char *k2 = NULL, *c2 = NULL, *cert2 = NULL;
    assert_int_equal(crypto_ca_create("CN=Not The Hub", 30, &k2, &c2), CRYPTO_OK);
    assert_int_equal(crypto_client_cert_issue(k2, c2, csr, "CN=impostor", 30, &cert2), CRYPTO_OK);
    fp = fopen(stray.cert_path, "w");
    fputs(cert2, fp);
    fclose(fp);
    r = hubtest_request(&f->hub, &stray, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_true(r.status == 401 || r.status == 0);
    if (r.status == 401)
        assert_error_code(&r, "client_certificate_untrusted");
    hubtest_resp_free(&r);
    crypto_free(ca_key);
    crypto_free(ca_pem);
    crypto_free(key);
    crypto_free(csr);
    crypto_free(cert);
    crypto_free(k2);
    crypto_free(c2);
    crypto_free(cert2);
}

static void test_profiles(void **state)
{
    fixture *f = *state;
    hubtest_resp r = hubtest_request(&f->hub, &f->board, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 403);
    assert_error_code(&r, "wrong_profile");
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->board, "GET", "/v1/services", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "services")) >= 8);
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(j, "hall")));
    cJSON_Delete(j);
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->field, "GET", "/v1/assignments", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    j = cJSON_Parse(r.body);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "assignments")) >= 1);
    cJSON_Delete(j);
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/assignments", NULL, NULL, 0);
    assert_int_equal(r.status, 403);
    hubtest_resp_free(&r);
}

static void test_inbox_etag(void **state)
{
    fixture *f = *state;
    hubtest_resp r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_true(r.etag[0] == '"');
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    cJSON *items = cJSON_GetObjectItem(j, "items");
    assert_true(cJSON_GetArraySize(items) >= 20);
    cJSON *first = cJSON_GetArrayItem(items, 0);
    assert_true(cJSON_IsString(cJSON_GetObjectItem(first, "id")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(first, "title")));
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(first, "agency")));
    cJSON_Delete(j);
    char inm[140];
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    const char *h[] = {inm, NULL};
    hubtest_resp r2 = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", h, NULL, 0);
    assert_int_equal(r2.status, 304);
    assert_int_equal(r2.len, 0);
    assert_string_equal(r2.etag, r.etag);
    hubtest_resp_free(&r2);
    const char *stale[] = {"If-None-Match: \"inbox-0\"", NULL};
    r2 = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", stale, NULL, 0);
    assert_int_equal(r2.status, 200);
    hubtest_resp_free(&r2);
    hubtest_resp_free(&r);
    /* Services and assignments answer 304 the same way. */
    r = hubtest_request(&f->hub, &f->board, "GET", "/v1/services", NULL, NULL, 0);
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    r2 = hubtest_request(&f->hub, &f->board, "GET", "/v1/services", h, NULL, 0);
    assert_int_equal(r2.status, 304);
    hubtest_resp_free(&r);
    hubtest_resp_free(&r2);
    r = hubtest_request(&f->hub, &f->field, "GET", "/v1/assignments", NULL, NULL, 0);
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    r2 = hubtest_request(&f->hub, &f->field, "GET", "/v1/assignments", h, NULL, 0);
    assert_int_equal(r2.status, 304);
    hubtest_resp_free(&r);
    hubtest_resp_free(&r2);
}

static void test_item_and_attachment(void **state)
{
    fixture *f = *state;
    hubtest_resp r =
        hubtest_request(&f->hub, &f->approver, "GET", "/v1/items/itm-0001", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    assert_int_equal(cJSON_GetObjectItem(j, "version")->valueint, 1);
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(j, "content")));
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(j, "actions")));
    /* The ETag is the content hash: SHA-256 of the exact body bytes. */
    char sha[CRYPTO_SHA256_HEX], quoted[80];
    crypto_sha256_hex(r.body, r.len, sha);
    snprintf(quoted, sizeof quoted, "\"%s\"", sha);
    assert_string_equal(r.etag, quoted);
    cJSON *att = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "attachments"), 0);
    assert_non_null(att);
    const char *want_sha = cJSON_GetObjectItem(att, "sha256")->valuestring;
    const char *mime = cJSON_GetObjectItem(att, "mime")->valuestring;
    hubtest_resp a = hubtest_request(&f->hub, &f->approver, "GET",
                                     "/v1/items/itm-0001/attachments/1", NULL, NULL, 0);
    assert_int_equal(a.status, 200);
    assert_string_equal(a.ctype, mime);
    crypto_sha256_hex(a.body, a.len, sha);
    assert_string_equal(sha, want_sha);
    assert_int_equal((double)a.len, cJSON_GetObjectItem(att, "bytes")->valuedouble);
    if (strcmp(mime, "image/png") == 0)
        assert_memory_equal(a.body, "\x89PNG\r\n\x1a\n", 8);
    else
        assert_memory_equal(a.body, "\xff\xd8\xff", 3);
    hubtest_resp_free(&a);
    cJSON_Delete(j);
    hubtest_resp_free(&r);
    /* Every attachment of every demo item is a decodable image of the stated type. */
    char *count =
        hubtest_sql(&f->hub, "SELECT count(*) FROM attachments WHERE NOT ((mime='image/png' AND "
                             "hex(substr(data,1,8))='89504E470D0A1A0A') OR (mime='image/jpeg' AND "
                             "hex(substr(data,1,3))='FFD8FF'))");
    assert_string_equal(count, "0");
    free(count);
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/items/itm-0001/attachments/99", NULL,
                        NULL, 0);
    assert_int_equal(r.status, 404);
    assert_error_code(&r, "attachment_not_found");
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/items/no-such-item", NULL, NULL, 0);
    assert_int_equal(r.status, 404);
    assert_error_code(&r, "item_not_found");
    hubtest_resp_free(&r);
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/officials", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    j = cJSON_Parse(r.body);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "officials")) >= 8);
    assert_null(strstr(r.body, "passphrase"));
    cJSON_Delete(j);
    hubtest_resp_free(&r);
}

/* A fingerprint of everything a bad request could have changed. */
static char *db_fingerprint(hubtest_hub *h)
{
    return hubtest_sql(h, "SELECT (SELECT count(*) FROM decisions) || '/' || (SELECT "
                          "group_concat(version || status, ',') FROM items) || '/' || (SELECT "
                          "count(*) FROM field_reports) || '/' || (SELECT count(*) FROM devices)");
}

static void test_bad_input(void **state)
{
    fixture *f = *state;
    char *before = db_fingerprint(&f->hub);
    const char *idem[] = {"Idempotency-Key: 6f1c2b1e-3c1f-4c44-9a55-2b0b8e1f9a10", NULL};
    struct {
        const char *method, *path, *body;
        long status;
        const char *code;
    } cases[] = {
        {"POST", "/v1/items/itm-0001/decisions", "{\"decision_id\": ", 400, "malformed_json"},
        {"POST", "/v1/items/itm-0001/decisions", "[1,2,3]", 400, "malformed_json"},
        {"POST", "/v1/items/itm-0001/decisions", "{\"decision_id\": 5}", 400, "invalid_decision"},
        {"POST", "/v1/items/itm-0001/decisions", "{}", 400, "invalid_decision"},
        {"POST", "/v1/items/itm-0001/decisions", "{\"note\": \"\xc3\x28\"}", 400, "invalid_utf8"},
        {"POST", "/v1/items/itm-0001/decisions", "", 400, "empty_body"},
        {"POST", "/v1/letters/itm-0001/sign", "{\"passphrase\": 12}", 400, "missing_field"},
        {"POST", "/v1/field-reports", "{\"report_id\": \"x\"}", 403, "wrong_profile"},
        {"GET", "/v1/nothing-here", NULL, 404, "not_found"},
        {"GET", "/v2/inbox", NULL, 404, "not_found"},
        {"GET", "/v1/items//attachments/1", NULL, 404, "not_found"},
        {"DELETE", "/v1/inbox", NULL, 405, "method_not_allowed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hubtest_resp r =
            hubtest_request(&f->hub, &f->approver, cases[i].method, cases[i].path, idem,
                            cases[i].body, cases[i].body ? strlen(cases[i].body) : 0);
        if (r.status != cases[i].status)
            fprintf(stderr, "case %zu: %s %s -> %ld %s\n", i, cases[i].method, cases[i].path,
                    r.status, r.body);
        assert_int_equal(r.status, cases[i].status);
        assert_error_code(&r, cases[i].code);
        hubtest_resp_free(&r);
    }
    /* Oversized body: over the documented 1 MiB limit. */
    size_t big = 1024 * 1024 + 100;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    hubtest_resp r = hubtest_request(&f->hub, &f->approver, "POST", "/v1/items/itm-0001/decisions",
                                     idem, huge, big);
    assert_int_equal(r.status, 413);
    assert_error_code(&r, "body_too_large");
    hubtest_resp_free(&r);
    free(huge);
    /* Still serving, nothing changed. */
    r = hubtest_request(&f->hub, &f->approver, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    hubtest_resp_free(&r);
    char *after = db_fingerprint(&f->hub);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_heartbeat_and_config(void **state)
{
    fixture *f = *state;
    const char *hb = "{\"version\":\"0.1.0\",\"uptime_s\":42,\"rss_kb\":30000,"
                     "\"last_sync\":null,\"display\":\"on\",\"profile\":\"board\"}";
    hubtest_resp r =
        hubtest_request(&f->hub, &f->board, "POST", "/v1/devices/heartbeat", NULL, hb, strlen(hb));
    assert_int_equal(r.status, 200);
    hubtest_resp_free(&r);
    char *n = hubtest_sql(&f->hub, "SELECT count(*) FROM heartbeats");
    assert_string_equal(n, "1");
    free(n);
    r = hubtest_request(&f->hub, &f->board, "GET", "/v1/devices/config", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_string_equal(cJSON_GetObjectItem(j, "profile")->valuestring, "board");
    assert_string_equal(cJSON_GetObjectItem(j, "time_zone")->valuestring, "Asia/Makassar");
    assert_int_equal(cJSON_GetObjectItem(j, "poll_interval_s")->valueint, 30); /* the default */
    cJSON_Delete(j);
    hubtest_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enroll_token_rules), cmocka_unit_test(test_enroll_bad_csr),
        cmocka_unit_test(test_mtls_required),      cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_inbox_etag),         cmocka_unit_test(test_item_and_attachment),
        cmocka_unit_test(test_bad_input),          cmocka_unit_test(test_heartbeat_and_config),
    };
    return cmocka_run_group_tests_name("hub_api", tests, setup, teardown);
}
