/* Unit tests of the wire format: validation rules, the canonical decision bytes (against the
 * docs/api.md vectors), the strict JSON codec, UTF-8 and time parsing. */
#include "crypto.h"
#include "wire_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void base(wire_decision *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->decision_id, sizeof d->decision_id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    snprintf(d->item_id, sizeof d->item_id, "itm-0001");
    d->item_version = 2;
    memset(d->content_sha256, 'a', 64);
    snprintf(d->action, sizeof d->action, "approve");
    snprintf(d->signer, sizeof d->signer, "sekda");
    snprintf(d->role, sizeof d->role, "sekda");
    snprintf(d->signed_at, sizeof d->signed_at, "2020-07-06T02:15:00Z");
    memset(d->device_key_id, 'b', 64);
}

static void test_rules(void **state)
{
    (void)state;
    wire_decision d;
    char why[120];
    base(&d);
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_OK);
    snprintf(d.action, sizeof d.action, "forward");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    assert_non_null(strstr(why, "recipients"));
    d.n_recipients = 1;
    snprintf(d.recipients[0], sizeof d.recipients[0], "asisten-1");
    d.n_instructions = 1;
    snprintf(d.instructions[0], sizeof d.instructions[0], "koordinasi");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_OK);
    snprintf(d.instructions[0], sizeof d.instructions[0], "bogus");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    base(&d);
    snprintf(d.action, sizeof d.action, "reject");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    snprintf(d.note, sizeof d.note, "Alasan");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_OK);
    snprintf(d.note, sizeof d.note, "bell\a");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    base(&d);
    d.content_sha256[3] = 'A'; /* upper case is not canonical */
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    base(&d);
    snprintf(d.signed_at, sizeof d.signed_at, "2021-02-29T00:00:00Z");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
    base(&d);
    snprintf(d.item_id, sizeof d.item_id, "itm/0001");
    assert_int_equal(wire_decision_check(&d, why, sizeof why), WIRE_ERR_FIELD);
}

static void test_canonical_escaping(void **state)
{
    (void)state;
    wire_decision d;
    base(&d);
    snprintf(d.action, sizeof d.action, "return");
    snprintf(d.note, sizeof d.note, "a\\b\nc\td\r—");
    char out[WIRE_CANON_MAX];
    size_t len = 0;
    assert_int_equal(wire_decision_canonical(&d, out, sizeof out, &len), WIRE_OK);
    assert_int_equal(strlen(out), len);
    assert_non_null(strstr(out, "\nnote:a\\\\b\\nc\\td\\r\xe2\x80\x94\n"));
    assert_int_equal(out[len - 1], '\n');
    assert_non_null(strstr(out, "\nitem_version:2\n"));
    assert_non_null(strstr(out, "\nacting_for:\n"));
    char small[50];
    assert_int_equal(wire_decision_canonical(&d, small, sizeof small, &len), WIRE_ERR_SPACE);
}

static char *read_doc(void)
{
    const char *src = getenv("PARAF_SOURCE");
    char path[600];
    snprintf(path, sizeof path, "%s/docs/api.md", src ? src : ".");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[200000];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The text of a fenced block whose opening fence ends with tag (malloc'd, lines LF-ended). */
static char *block(const char *doc, const char *tag)
{
    char needle[80];
    snprintf(needle, sizeof needle, " %s\n", tag);
    const char *p = strstr(doc, needle);
    if (!p)
        return NULL;
    p += strlen(needle);
    const char *end = strstr(p, "\n```");
    assert_non_null(end);
    size_t n = (size_t)(end - p) + 1;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void test_doc_vectors(void **state)
{
    (void)state;
    const char *doc = read_doc();
    int seen = 0;
    for (int n = 1; n <= 9; n++) {
        char tag[40];
        snprintf(tag, sizeof tag, "vector-%d-json", n);
        char *js = block(doc, tag);
        if (!js)
            break;
        snprintf(tag, sizeof tag, "vector-%d-canonical", n);
        char *canon = block(doc, tag);
        snprintf(tag, sizeof tag, "vector-%d-public-key", n);
        char *pub = block(doc, tag);
        assert_non_null(canon);
        assert_non_null(pub);
        cJSON *j = cJSON_Parse(js);
        assert_non_null(j);
        wire_decision d;
        char sig_b64[WIRE_SIG_B64_MAX], why[120];
        assert_int_equal(wire_decision_from_json(j, &d, sig_b64, why, sizeof why), WIRE_OK);
        char out[WIRE_CANON_MAX];
        size_t len = 0;
        assert_int_equal(wire_decision_canonical(&d, out, sizeof out, &len), WIRE_OK);
        assert_string_equal(out, canon);
        uint8_t sig[CRYPTO_SIG_MAX];
        size_t slen = 0;
        assert_int_equal(crypto_base64_decode(sig_b64, strlen(sig_b64), sig, sizeof sig, &slen),
                         CRYPTO_OK);
        assert_int_equal(crypto_verify(pub, out, len, sig, slen), CRYPTO_OK);
        char kid[CRYPTO_SHA256_HEX];
        assert_int_equal(crypto_key_id(pub, kid), CRYPTO_OK);
        assert_string_equal(kid, d.device_key_id);
        /* Round trip through the encoder gives the same decision. */
        cJSON *again = wire_decision_to_json(&d, sig_b64);
        wire_decision d2;
        char sig2[WIRE_SIG_B64_MAX];
        assert_int_equal(wire_decision_from_json(again, &d2, sig2, why, sizeof why), WIRE_OK);
        assert_memory_equal(&d, &d2, sizeof d);
        cJSON_Delete(again);
        cJSON_Delete(j);
        free(js);
        free(canon);
        free(pub);
        seen++;
    }
    assert_true(seen >= 2);
}

static void test_json_strict(void **state)
{
    (void)state;
    wire_decision d;
    base(&d);
    char sig[WIRE_SIG_B64_MAX], why[120];
    cJSON *j = wire_decision_to_json(&d, "AAAA");
    wire_decision out;
    assert_int_equal(wire_decision_from_json(j, &out, sig, why, sizeof why), WIRE_OK);
    cJSON_AddStringToObject(j, "extra", "x");
    assert_int_equal(wire_decision_from_json(j, &out, sig, why, sizeof why), WIRE_ERR_FIELD);
    assert_non_null(strstr(why, "extra"));
    cJSON_DeleteItemFromObject(j, "extra");
    cJSON_ReplaceItemInObject(j, "item_version", cJSON_CreateNumber(1.5));
    assert_int_equal(wire_decision_from_json(j, &out, sig, why, sizeof why), WIRE_ERR_FIELD);
    cJSON_ReplaceItemInObject(j, "item_version", cJSON_CreateString("1"));
    assert_int_equal(wire_decision_from_json(j, &out, sig, why, sizeof why), WIRE_ERR_FIELD);
    cJSON_ReplaceItemInObject(j, "item_version", cJSON_CreateNumber(1));
    cJSON_DeleteItemFromObject(j, "signer");
    assert_int_equal(wire_decision_from_json(j, &out, sig, why, sizeof why), WIRE_ERR_FIELD);
    cJSON_Delete(j);
    char *e = wire_error_body("stale_version", "quote \" and newline\n");
    cJSON *ej = cJSON_Parse(e);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetObjectItem(ej, "error"), "message")->valuestring,
        "quote \" and newline\n");
    cJSON_Delete(ej);
    free(e);
}

static void test_utf8_and_time(void **state)
{
    (void)state;
    assert_true(wire_utf8_valid("Tanda tangan — Aksara ᬩᬮᬶ", strlen("Tanda tangan — Aksara ᬩᬮᬶ")));
    assert_false(wire_utf8_valid("\xc3\x28", 2));         /* bad continuation */
    assert_false(wire_utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(wire_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(wire_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(wire_utf8_valid("\xe2\x80", 2));         /* truncated */
    int64_t t = 0;
    assert_true(wire_time_parse("2020-07-06T02:15:00Z", &t));
    assert_int_equal(t, 1594001700);
    char s[WIRE_TIME_LEN];
    wire_time_format(t, s);
    assert_string_equal(s, "2020-07-06T02:15:00Z");
    assert_true(wire_time_parse("2020-02-29T23:59:59Z", NULL));
    assert_false(wire_time_parse("2020-07-06 02:15:00Z", NULL));
    assert_false(wire_time_parse("2020-13-01T00:00:00Z", NULL));
    assert_false(wire_time_parse("2020-07-06T24:00:00Z", NULL));
    assert_false(wire_uuid_valid("3B0F8C2E-6D4A-4F1B-9A7E-2C5D8E9F0A1B"));
    assert_true(wire_id_valid("itm-0001"));
    assert_false(wire_id_valid(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),         cmocka_unit_test(test_canonical_escaping),
        cmocka_unit_test(test_doc_vectors),   cmocka_unit_test(test_json_strict),
        cmocka_unit_test(test_utf8_and_time),
    };
    return cmocka_run_group_tests_name("wire", tests, NULL, NULL);
}
