/* Hub integration tests of signed decisions and certified signatures over real HTTPS: accepted,
 * bad signature, stale version, already decided, idempotent and conflicting replays, disposisi,
 * and each failure kind of the signing service. Stored signatures are checked with openssl. */
#include "hubtest.h"

#include "crypto.h"
#include "wire_json.h"

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
    hubtest_device sekda, asisten, karo;
} fixture;

static int setup(void **state)
{
    static fixture f;
    const char *args[] = {"--demo", NULL};
    char tok[128];
    if (hubtest_start(&f.hub, args) != 0 || hubtest_read_token(f.hub.tokens[0], tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.sekda) != 201)
        return -1;
    if (hubtest_new_token(&f.hub, "approver:asisten-1", tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.asisten) != 201)
        return -1;
    if (hubtest_new_token(&f.hub, "approver:karo-hukum", tok, sizeof tok) ||
        hubtest_enroll(&f.hub, tok, &f.karo) != 201)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hubtest_device_free(&f->sekda);
    hubtest_device_free(&f->asisten);
    hubtest_device_free(&f->karo);
    hubtest_destroy(&f->hub);
    return 0;
}

/* The id of the nth pending item of a type in this device's inbox (into out). */
static void find_item(fixture *f, const hubtest_device *dev, const char *type, int nth, char *out)
{
    hubtest_resp r = hubtest_request(&f->hub, dev, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body), *it;
    out[0] = '\0';
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "items"))
    {
        if (strcmp(cJSON_GetObjectItem(it, "type")->valuestring, type) == 0 && nth-- == 0) {
            snprintf(out, WIRE_ID_MAX + 1, "%s", cJSON_GetObjectItem(it, "id")->valuestring);
            break;
        }
    }
    cJSON_Delete(j);
    hubtest_resp_free(&r);
    if (!out[0])
        fail_msg("no %s item in the inbox", type);
}

/* A decision on the item as it is now, signed by dev. */
static void prepare(fixture *f, const hubtest_device *dev, const char *item, const char *action,
                    const char *note, wire_decision *d)
{
    memset(d, 0, sizeof *d);
    char path[160];
    snprintf(path, sizeof path, "/v1/items/%s", item);
    hubtest_resp r = hubtest_request(&f->hub, dev, "GET", path, NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    d->item_version = (int64_t)cJSON_GetObjectItem(j, "version")->valuedouble;
    cJSON_Delete(j);
    crypto_sha256_hex(r.body, r.len, d->content_sha256);
    hubtest_resp_free(&r);
    assert_int_equal(crypto_uuid4(d->decision_id), CRYPTO_OK);
    snprintf(d->item_id, sizeof d->item_id, "%s", item);
    snprintf(d->action, sizeof d->action, "%s", action);
    snprintf(d->note, sizeof d->note, "%s", note);
    snprintf(d->signer, sizeof d->signer, "%s", dev->user_id);
    snprintf(d->role, sizeof d->role, "%s", dev->user_id);
    snprintf(d->signed_at, sizeof d->signed_at, "2020-07-06T02:15:00Z");
    snprintf(d->device_key_id, sizeof d->device_key_id, "%s", dev->key_id);
}

/* Sign d with the device key; tamper flips a bit of the signature. Returns the JSON text. */
static char *signed_json(const hubtest_device *dev, const wire_decision *d, bool tamper)
{
    char canon[WIRE_CANON_MAX], b64[WIRE_SIG_B64_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    uint8_t sig[CRYPTO_SIG_MAX];
    assert_int_equal(wire_decision_canonical(d, canon, sizeof canon, &clen), WIRE_OK);
    assert_int_equal(crypto_sign(dev->key_pem, canon, clen, sig, sizeof sig, &slen), CRYPTO_OK);
    if (tamper)
        sig[slen - 3] ^= 0x01;
    assert_int_equal(crypto_base64_encode(sig, slen, b64, sizeof b64, &blen), CRYPTO_OK);
    cJSON *j = wire_decision_to_json(d, b64);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return s;
}

static hubtest_resp post_json(fixture *f, const hubtest_device *dev, const char *path,
                              const char *idem, const char *body)
{
    char h[80];
    snprintf(h, sizeof h, "Idempotency-Key: %s", idem);
    const char *hdr[] = {h, NULL};
    return hubtest_request(&f->hub, dev, "POST", path, hdr, body, strlen(body));
}

static hubtest_resp send_decision(fixture *f, const hubtest_device *dev, const wire_decision *d,
                                  bool tamper)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/items/%s/decisions", d->item_id);
    char *body = signed_json(dev, d, tamper);
    hubtest_resp r = post_json(f, dev, path, d->decision_id, body);
    free(body);
    return r;
}

static hubtest_resp send_sign(fixture *f, const hubtest_device *dev, const wire_decision *d,
                              const char *passphrase)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/letters/%s/sign", d->item_id);
    char *dj = signed_json(dev, d, false);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "decision", cJSON_Parse(dj));
    cJSON_AddStringToObject(o, "passphrase", passphrase);
    cJSON_AddStringToObject(o, "document_sha256", d->content_sha256);
    char *body = cJSON_PrintUnformatted(o);
    hubtest_resp r = post_json(f, dev, path, d->decision_id, body);
    cJSON_Delete(o);
    free(dj);
    free(body);
    return r;
}

static const char *error_code(const hubtest_resp *r, char *buf, size_t cap)
{
    cJSON *j = cJSON_Parse(r->body);
    cJSON *e = cJSON_GetObjectItem(j, "error");
    snprintf(buf, cap, "%s", e ? cJSON_GetObjectItem(e, "code")->valuestring : "(none)");
    cJSON_Delete(j);
    return buf;
}

static bool in_inbox(fixture *f, const hubtest_device *dev, const char *item)
{
    hubtest_resp r = hubtest_request(&f->hub, dev, "GET", "/v1/inbox", NULL, NULL, 0);
    char needle[100];
    snprintf(needle, sizeof needle, "\"id\":\"%s\"", item);
    bool in = strstr(r.body, needle) != NULL;
    hubtest_resp_free(&r);
    return in;
}

/* Verify the stored signature of a decision with openssl against the device certificate. */
static void openssl_verify_stored(fixture *f, const char *decision_id, const hubtest_device *dev)
{
    char sql[300], path[400], cmd[1600];
    snprintf(sql, sizeof sql, "SELECT canonical FROM decisions WHERE decision_id='%s'",
             decision_id);
    char *canon = hubtest_sql(&f->hub, sql);
    snprintf(sql, sizeof sql, "SELECT signature FROM decisions WHERE decision_id='%s'",
             decision_id);
    char *b64 = hubtest_sql(&f->hub, sql);
    assert_true(strlen(canon) > 100);
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t slen = 0;
    assert_int_equal(crypto_base64_decode(b64, strlen(b64), sig, sizeof sig, &slen), CRYPTO_OK);
    snprintf(path, sizeof path, "%s/verify-msg", f->hub.dir);
    FILE *fp = fopen(path, "wb");
    fwrite(canon, 1, strlen(canon), fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/verify-sig", f->hub.dir);
    fp = fopen(path, "wb");
    fwrite(sig, 1, slen, fp);
    fclose(fp);
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && openssl x509 -in '%s' -pubkey -noout > verify-pub.pem && "
        "openssl dgst -sha256 -verify verify-pub.pem -signature verify-sig verify-msg >/dev/null",
        f->hub.dir, dev->cert_path);
    assert_int_equal(system(cmd), 0);
    free(canon);
    free(b64);
}

static void test_accept_replay_conflict(void **state)
{
    fixture *f = *state;
    char item[WIRE_ID_MAX + 1], code[40];
    find_item(f, &f->sekda, "revenue_report", 0, item);
    wire_decision d;
    prepare(f, &f->sekda, item, "acknowledge", "Terima kasih, lanjutkan intensifikasi PKB.", &d);
    hubtest_resp r = send_decision(f, &f->sekda, &d, false);
    assert_int_equal(r.status, 201);
    cJSON *j = cJSON_Parse(r.body);
    assert_string_equal(cJSON_GetObjectItem(j, "decision_id")->valuestring, d.decision_id);
    assert_string_equal(cJSON_GetObjectItem(j, "status")->valuestring, "accepted");
    cJSON_Delete(j);
    assert_false(in_inbox(f, &f->sekda, item));
    openssl_verify_stored(f, d.decision_id, &f->sekda);

    /* The same request again: the original answer, nothing new stored. */
    hubtest_resp r2 = send_decision(f, &f->sekda, &d, false);
    assert_int_equal(r2.status, 201);
    assert_string_equal(r2.body, r.body);
    hubtest_resp_free(&r2);
    char *n = hubtest_sql(&f->hub, "SELECT count(*) FROM decisions");
    assert_string_equal(n, "1");
    free(n);

    /* Same UUID, different payload. */
    wire_decision other = d;
    snprintf(other.note, sizeof other.note, "Catatan lain");
    r2 = send_decision(f, &f->sekda, &other, false);
    assert_int_equal(r2.status, 422);
    assert_string_equal(error_code(&r2, code, sizeof code), "idempotency_conflict");
    hubtest_resp_free(&r2);

    /* A new decision on the decided item. */
    wire_decision again = d;
    assert_int_equal(crypto_uuid4(again.decision_id), CRYPTO_OK);
    r2 = send_decision(f, &f->sekda, &again, false);
    assert_int_equal(r2.status, 409);
    assert_string_equal(error_code(&r2, code, sizeof code), "already_decided");
    hubtest_resp_free(&r2);
    hubtest_resp_free(&r);

    /* The item's timeline records the decision, and its version moved on. */
    char path[120];
    snprintf(path, sizeof path, "/v1/items/%s", item);
    r = hubtest_request(&f->hub, &f->sekda, "GET", path, NULL, NULL, 0);
    assert_non_null(strstr(r.body, "\"event\":\"acknowledged\""));
    assert_non_null(strstr(r.body, "\"version\":2"));
    hubtest_resp_free(&r);
}

static void test_bad_signature_and_stale(void **state)
{
    fixture *f = *state;
    char item[WIRE_ID_MAX + 1], code[40];
    find_item(f, &f->sekda, "spj", 0, item);
    wire_decision d;
    prepare(f, &f->sekda, item, "approve", "", &d);
    hubtest_resp r = send_decision(f, &f->sekda, &d, true);
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "signature_invalid");
    hubtest_resp_free(&r);

    wire_decision stale = d;
    stale.item_version = 7;
    r = send_decision(f, &f->sekda, &stale, false);
    assert_int_equal(r.status, 409);
    assert_string_equal(error_code(&r, code, sizeof code), "stale_version");
    assert_non_null(strstr(r.body, "\"current_version\":1"));
    hubtest_resp_free(&r);

    wire_decision other_content = d;
    memset(other_content.content_sha256, 'a', 64);
    r = send_decision(f, &f->sekda, &other_content, false);
    assert_int_equal(r.status, 409);
    assert_string_equal(error_code(&r, code, sizeof code), "stale_version");
    hubtest_resp_free(&r);

    /* Signed by one device, claiming another's key. */
    wire_decision wrong_key = d;
    snprintf(wrong_key.device_key_id, sizeof wrong_key.device_key_id, "%s", f->asisten.key_id);
    r = send_decision(f, &f->sekda, &wrong_key, false);
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "key_mismatch");
    hubtest_resp_free(&r);

    /* An action this type does not offer. */
    wire_decision wrong_action = d;
    snprintf(wrong_action.action, sizeof wrong_action.action, "acknowledge");
    r = send_decision(f, &f->sekda, &wrong_action, false);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_code(&r, code, sizeof code), "action_not_allowed");
    hubtest_resp_free(&r);

    char *n = hubtest_sql(
        &f->hub,
        "SELECT count(*) FROM decisions WHERE item_id IN (SELECT id FROM items WHERE type='spj')");
    assert_string_equal(n, "0");
    free(n);
    assert_true(in_inbox(f, &f->sekda, item));
}

static void test_reject_and_forward(void **state)
{
    fixture *f = *state;
    char item[WIRE_ID_MAX + 1], code[40];
    find_item(f, &f->sekda, "procurement", 0, item);
    wire_decision d;
    prepare(f, &f->sekda, item, "reject", "", &d);
    char *body = NULL;
    /* Reject without a reason is refused by the shared check (and so cannot be signed). */
    char why[100];
    assert_int_not_equal(wire_decision_check(&d, why, sizeof why), WIRE_OK);
    snprintf(d.note, sizeof d.note,
             "HPS tidak didukung survei harga pasar.\nMohon dievaluasi ulang.");
    hubtest_resp r = send_decision(f, &f->sekda, &d, false);
    assert_int_equal(r.status, 201);
    hubtest_resp_free(&r);
    openssl_verify_stored(f, d.decision_id, &f->sekda);
    free(body);

    find_item(f, &f->sekda, "letter_in", 0, item);
    prepare(f, &f->sekda, item, "forward", "Mohon segera ditindaklanjuti.", &d);
    d.n_recipients = 2;
    snprintf(d.recipients[0], sizeof d.recipients[0], "asisten-1");
    snprintf(d.recipients[1], sizeof d.recipients[1], "karo-hukum");
    d.n_instructions = 2;
    snprintf(d.instructions[0], sizeof d.instructions[0], "tanggapan_saran");
    snprintf(d.instructions[1], sizeof d.instructions[1], "koordinasi");
    wire_decision unknown = d;
    assert_int_equal(crypto_uuid4(unknown.decision_id), CRYPTO_OK);
    snprintf(unknown.recipients[1], sizeof unknown.recipients[1], "nobody");
    r = send_decision(f, &f->sekda, &unknown, false);
    assert_int_equal(r.status, 422);
    assert_string_equal(error_code(&r, code, sizeof code), "unknown_recipient");
    hubtest_resp_free(&r);
    r = send_decision(f, &f->sekda, &d, false);
    assert_int_equal(r.status, 201);
    hubtest_resp_free(&r);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT json_extract(payload, '$.recipients') || json_extract(payload, "
             "'$.instructions') FROM decisions WHERE decision_id='%s'",
             d.decision_id);
    char *v = hubtest_sql(&f->hub, sql);
    assert_string_equal(v, "[\"asisten-1\",\"karo-hukum\"][\"tanggapan_saran\",\"koordinasi\"]");
    free(v);
}

static void test_sign_letter(void **state)
{
    fixture *f = *state;
    char item[WIRE_ID_MAX + 1], code[40];
    find_item(f, &f->sekda, "letter_out", 0, item);
    wire_decision d;
    prepare(f, &f->sekda, item, "sign", "", &d);
    /* Signing goes through the signing endpoint only. */
    hubtest_resp r = send_decision(f, &f->sekda, &d, false);
    assert_int_equal(r.status, 422);
    hubtest_resp_free(&r);
    r = send_sign(f, &f->sekda, &d, "salah-sandi");
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "passphrase_wrong");
    hubtest_resp_free(&r);
    assert_true(in_inbox(f, &f->sekda, item));
    r = send_sign(f, &f->sekda, &d, "Paraf#Bali2020");
    assert_int_equal(r.status, 201);
    cJSON *j = cJSON_Parse(r.body);
    cJSON *cs = cJSON_GetObjectItem(j, "certified_signature");
    assert_non_null(cs);
    assert_string_equal(cJSON_GetObjectItem(cs, "document_sha256")->valuestring, d.content_sha256);
    cJSON_Delete(j);
    /* A retry after a lost answer needs no passphrase and signs nothing twice. */
    hubtest_resp r2 = send_sign(f, &f->sekda, &d, "");
    assert_int_equal(r2.status, 201);
    assert_string_equal(r2.body, r.body);
    hubtest_resp_free(&r2);
    hubtest_resp_free(&r);
    char *n = hubtest_sql(&f->hub, "SELECT count(*) FROM certified_signatures");
    assert_string_equal(n, "1");
    free(n);
    openssl_verify_stored(f, d.decision_id, &f->sekda);
    /* The passphrase is nowhere in the database. */
    n = hubtest_sql(&f->hub, "SELECT count(*) FROM decisions WHERE payload LIKE '%Paraf#Bali%' OR "
                             "response_body LIKE '%Paraf#Bali%'");
    assert_string_equal(n, "0");
    free(n);
}

static void test_sign_failure_kinds(void **state)
{
    fixture *f = *state;
    char item[WIRE_ID_MAX + 1], code[40];
    wire_decision d;
    find_item(f, &f->asisten, "letter_out", 0, item);
    prepare(f, &f->asisten, item, "sign", "", &d);
    hubtest_resp r = send_sign(f, &f->asisten, &d, "Rahasia#2020");
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "signer_not_registered");
    hubtest_resp_free(&r);

    find_item(f, &f->karo, "letter_out", 0, item);
    prepare(f, &f->karo, item, "sign", "", &d);
    r = send_sign(f, &f->karo, &d, "Hukum#Bali2019");
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "certificate_expired");
    hubtest_resp_free(&r);
    r = send_sign(f, &f->karo, &d, "bukan-sandinya");
    assert_int_equal(r.status, 403);
    assert_string_equal(error_code(&r, code, sizeof code), "passphrase_wrong");
    hubtest_resp_free(&r);
    char *n = hubtest_sql(
        &f->hub, "SELECT count(*) FROM decisions WHERE signer IN ('asisten-1','karo-hukum')");
    assert_string_equal(n, "0");
    free(n);
}

static void test_decisions_append_only(void **state)
{
    fixture *f = *state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s/hub.db' \"DELETE FROM decisions\" 2>/dev/null",
             f->hub.dir);
    assert_int_not_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s/hub.db' \"UPDATE decisions SET action='x'\" 2>/dev/null",
             f->hub.dir);
    assert_int_not_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_replay_conflict),
        cmocka_unit_test(test_bad_signature_and_stale),
        cmocka_unit_test(test_reject_and_forward),
        cmocka_unit_test(test_sign_letter),
        cmocka_unit_test(test_sign_failure_kinds),
        cmocka_unit_test(test_decisions_append_only),
    };
    return cmocka_run_group_tests_name("hub_decisions", tests, setup, teardown);
}
