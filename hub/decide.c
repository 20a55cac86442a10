/* decide: signed decisions (POST /v1/items/{id}/decisions) and certified signatures of outgoing
 * letters (POST /v1/letters/{id}/sign). Both verify the device's ECDSA signature over the
 * canonical decision bytes, check version and content hash, and store the decision append-only,
 * exactly once per decision UUID. */
#include "crypto.h"
#include "hub.h"
#include "wire_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TTE_PBKDF2_ROUNDS 60000

typedef struct {
    /* in */
    const wire_decision *d;
    const char *canonical;
    const char *payload_json;
    const char *payload_sha;
    const char *sig_b64;
    const char *now;
    const char *tte_sig_b64; /* certified signature to store with a "sign" decision, or NULL */
    /* out */
    int status;
    char *response;            /* malloc'd JSON */
    long long current_version; /* for 409 */
    char current_sha[65];
    char code[40];
    char message[200];
} decide_tx;

static const char *event_of(const char *action)
{
    static const char *const map[][2] = {{"approve", "approved"}, {"return", "returned"},
                                         {"reject", "rejected"},  {"forward", "forwarded"},
                                         {"sign", "signed"},      {"acknowledge", "acknowledged"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], action) == 0)
            return map[i][1];
    return action;
}

static db_err tx_fail(decide_tx *t, int status, const char *code, const char *msg)
{
    t->status = status;
    snprintf(t->code, sizeof t->code, "%s", code);
    snprintf(t->message, sizeof t->message, "%s", msg);
    return DB_CONFLICT;
}

/* The item body after a decision: next version, status decided, a timeline entry. */
static char *body_after(const char *body, const wire_decision *d, const char *actor_name,
                        long long version, const char *now)
{
    cJSON *b = cJSON_Parse(body);
    if (!b)
        return NULL;
    cJSON_ReplaceItemInObjectCaseSensitive(b, "version", cJSON_CreateNumber((double)version));
    cJSON_DeleteItemFromObjectCaseSensitive(b, "status");
    cJSON_AddStringToObject(b, "status", "decided");
    cJSON *tl = cJSON_GetObjectItemCaseSensitive(b, "timeline");
    if (!cJSON_IsArray(tl))
        tl = cJSON_AddArrayToObject(b, "timeline");
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "at", now);
    cJSON_AddStringToObject(ev, "event", event_of(d->action));
    cJSON_AddStringToObject(ev, "actor", actor_name);
    cJSON_AddStringToObject(ev, "note", d->note);
    cJSON_AddStringToObject(ev, "decision_id", d->decision_id);
    if (d->n_recipients) {
        cJSON *r = cJSON_AddArrayToObject(ev, "recipients");
        for (int i = 0; i < d->n_recipients; i++)
            cJSON_AddItemToArray(r, cJSON_CreateString(d->recipients[i]));
        cJSON *in = cJSON_AddArrayToObject(ev, "instructions");
        for (int i = 0; i < d->n_instructions; i++)
            cJSON_AddItemToArray(in, cJSON_CreateString(d->instructions[i]));
    }
    cJSON_AddItemToArray(tl, ev);
    char *out = cJSON_PrintUnformatted(b);
    cJSON_Delete(b);
    return out;
}

static db_err decide_fn(sqlite3 *s, void *arg)
{
    decide_tx *t = arg;
    const wire_decision *d = t->d;
    char *row = NULL;
    const char *pid[] = {d->decision_id};
    db_err e =
        db_s_text(s, "SELECT payload_sha256 FROM decisions WHERE decision_id=?1", pid, 1, &row);
    if (e == DB_OK) {
        bool same = row && strcmp(row, t->payload_sha) == 0;
        free(row);
        if (!same)
            return tx_fail(t, 422, "idempotency_conflict",
                           "this decision id was already used for a different decision");
        /* A replay: answer exactly what the first request was answered. */
        char *st = NULL;
        e = db_s_text(s, "SELECT response_status FROM decisions WHERE decision_id=?1", pid, 1, &st);
        if (e == DB_OK)
            e = db_s_text(s, "SELECT response_body FROM decisions WHERE decision_id=?1", pid, 1,
                          &t->response);
        t->status = st ? (int)strtol(st, NULL, 10) : 500;
        free(st);
        return e == DB_OK ? DB_CONFLICT : e; /* nothing to write: roll back */
    }
    if (e != DB_NOT_FOUND)
        return e;

    const char *pi[] = {d->item_id, d->signer};
    char *status = NULL, *version = NULL, *sha = NULL, *body = NULL, *actor = NULL;
    e = db_s_text(s, "SELECT status FROM items WHERE id=?1 AND assignee=?2", pi, 2, &status);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT version FROM items WHERE id=?1", pi, 1, &version);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT body_sha256 FROM items WHERE id=?1", pi, 1, &sha);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT body FROM items WHERE id=?1", pi, 1, &body);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT json_extract(json, '$.name') FROM officials WHERE id=?1", pi + 1,
                      1, &actor);
    if (e == DB_NOT_FOUND)
        e = tx_fail(t, 404, "item_not_found", "no such item for this user");
    if (e != DB_OK)
        goto out;
    t->current_version = strtoll(version, NULL, 10);
    snprintf(t->current_sha, sizeof t->current_sha, "%s", sha ? sha : "");
    if (strcmp(status, "pending") != 0) {
        e = tx_fail(t, 409, "already_decided", "the item has already been decided");
        goto out;
    }
    if (t->current_version != d->item_version || strcmp(sha, d->content_sha256) != 0) {
        e = tx_fail(t, 409, "stale_version",
                    "the item changed since it was shown; reload it and decide again");
        goto out;
    }
    /* The action must be one the item offers. */
    cJSON *bj = cJSON_Parse(body);
    cJSON *acts = bj ? cJSON_GetObjectItemCaseSensitive(bj, "actions") : NULL, *a;
    bool allowed = false;
    cJSON_ArrayForEach(a, acts) allowed =
        allowed || (cJSON_IsString(a) && strcmp(a->valuestring, d->action) == 0);
    cJSON_Delete(bj);
    if (!allowed || (strcmp(d->action, "sign") == 0) != (t->tte_sig_b64 != NULL)) {
        e = tx_fail(t, 422, "action_not_allowed",
                    strcmp(d->action, "sign") == 0 && !t->tte_sig_b64
                        ? "letters are signed through /v1/letters/{id}/sign"
                        : "this item does not offer that action");
        goto out;
    }
    for (int i = 0; i < d->n_recipients; i++) {
        const char *pr[] = {d->recipients[i]};
        char *ok = NULL;
        e = db_s_text(s, "SELECT id FROM officials WHERE id=?1 AND disposisi=1", pr, 1, &ok);
        free(ok);
        if (e == DB_NOT_FOUND)
            e = tx_fail(t, 422, "unknown_recipient", "a recipient is not an official of this hub");
        if (e != DB_OK)
            goto out;
    }

    long long next = t->current_version + 1;
    cJSON *resp = cJSON_CreateObject();
    cJSON_AddStringToObject(resp, "decision_id", d->decision_id);
    cJSON_AddStringToObject(resp, "item_id", d->item_id);
    cJSON_AddStringToObject(resp, "action", d->action);
    cJSON_AddStringToObject(resp, "status", "accepted");
    cJSON_AddStringToObject(resp, "recorded_at", t->now);
    cJSON_AddNumberToObject(resp, "item_version", (double)next);
    if (t->tte_sig_b64) {
        cJSON *c = cJSON_AddObjectToObject(resp, "certified_signature");
        cJSON_AddStringToObject(c, "document_sha256", d->content_sha256);
        cJSON_AddStringToObject(c, "signed_at", t->now);
        cJSON_AddStringToObject(c, "algorithm", "ECDSA-P256-SHA256 (stand-in signing service)");
        cJSON_AddStringToObject(c, "signature", t->tte_sig_b64);
    }
    t->response = cJSON_PrintUnformatted(resp);
    cJSON_Delete(resp);
    char *nb = body_after(body, d, actor ? actor : d->signer, next, t->now);
    if (!t->response || !nb) {
        free(nb);
        e = DB_ERROR;
        goto out;
    }
    char nsha[CRYPTO_SHA256_HEX], nver[24];
    crypto_sha256_hex(nb, strlen(nb), nsha);
    snprintf(nver, sizeof nver, "%lld", next);
    const char *ins[] = {d->decision_id,   d->item_id,      d->action,      d->signer,
                         d->device_key_id, t->payload_json, t->payload_sha, t->canonical,
                         t->sig_b64,       t->now,          "201",          t->response};
    e = db_s_exec(
        s,
        "INSERT INTO decisions(decision_id, item_id, action, signer, device_key_id, payload,"
        " payload_sha256, canonical, signature, received_at, response_status, response_body)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
        ins, 12);
    const char *up[] = {d->item_id, nver, nb, nsha};
    if (e == DB_OK)
        e = db_s_exec(s,
                      "UPDATE items SET status='decided', version=?2, body=?3, body_sha256=?4 "
                      "WHERE id=?1",
                      up, 4);
    if (e == DB_OK && t->tte_sig_b64) {
        const char *cs[] = {d->decision_id, d->item_id, d->content_sha256,
                            d->signer,      t->now,     t->tte_sig_b64};
        e = db_s_exec(
            s,
            "INSERT INTO certified_signatures(decision_id, item_id, document_sha256, signer,"
            " signed_at, signature) VALUES(?1,?2,?3,?4,?5,?6)",
            cs, 6);
    }
    free(nb);
    if (e == DB_OK)
        e = db_s_counter_bump(s, "rev.inbox", NULL);
    t->status = 201;
out:
    free(status);
    free(version);
    free(sha);
    free(body);
    free(actor);
    return e;
}

/* Parse, check and verify a signed decision; on failure rs holds the error and false is returned.
 */
static bool decision_verified(hub *h, const hub_req *rq, hub_resp *rs, const cJSON *dj,
                              wire_decision *d, char *sig_b64, char *canon, size_t canon_cap)
{
    char why[160];
    if (wire_decision_from_json(dj, d, sig_b64, why, sizeof why) != WIRE_OK) {
        hub_resp_error(rs, 400, "invalid_decision", "%s", why);
        return false;
    }
    if (strcmp(d->item_id, rq->seg[1]) != 0) {
        hub_resp_error(rs, 400, "invalid_decision", "item_id does not match the path");
        return false;
    }
    const char *key = hub_req_header(rq, "Idempotency-Key");
    if (!key || strcmp(key, d->decision_id) != 0) {
        hub_resp_error(rs, 400, "idempotency_key_required",
                       "the Idempotency-Key header must equal decision_id");
        return false;
    }
    if (strcmp(d->device_key_id, rq->device->key_id) != 0) {
        hub_resp_error(rs, 403, "key_mismatch",
                       "device_key_id is not the key of this connection's certificate");
        return false;
    }
    if (strcmp(d->signer, rq->device->user_id) != 0) {
        hub_resp_error(rs, 403, "signer_mismatch", "the signer is not the user this device serves");
        return false;
    }
    size_t clen = 0;
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t slen = 0;
    char *cert = NULL;
    const char *pk[] = {d->device_key_id};
    bool ok = wire_decision_canonical(d, canon, canon_cap, &clen) == WIRE_OK &&
              crypto_base64_decode(sig_b64, strlen(sig_b64), sig, sizeof sig, &slen) == CRYPTO_OK &&
              db_query_text(h->db, "SELECT cert_pem FROM devices WHERE key_id=?1", pk, 1, &cert) ==
                  DB_OK &&
              cert && crypto_verify(cert, canon, clen, sig, slen) == CRYPTO_OK;
    free(cert);
    if (!ok)
        hub_resp_error(rs, 403, "signature_invalid",
                       "the decision's signature does not verify with the device's key");
    return ok;
}

static void run_decision(hub *h, hub_resp *rs, const cJSON *dj, const wire_decision *d,
                         const char *sig_b64, const char *canon, const char *tte_sig,
                         const char *now)
{
    char psha[CRYPTO_SHA256_HEX];
    crypto_sha256_hex(canon, strlen(canon), psha);
    char *payload = cJSON_PrintUnformatted(dj);
    decide_tx t = {.d = d,
                   .canonical = canon,
                   .payload_json = payload ? payload : "{}",
                   .payload_sha = psha,
                   .sig_b64 = sig_b64,
                   .now = now,
                   .tte_sig_b64 = tte_sig};
    db_err e = db_tx(h->db, decide_fn, &t);
    free(payload);
    if (e == DB_OK) {
        atomic_store(&h->rev_inbox, db_counter_get(h->db, "rev.inbox"));
        hub_resp_text(rs, 201, "application/json", t.response, strlen(t.response));
        rs->no_store = true;
        return;
    }
    if (t.response && t.status) { /* replay */
        hub_resp_text(rs, t.status, "application/json", t.response, strlen(t.response));
        rs->no_store = true;
        return;
    }
    free(t.response);
    if (!t.status) {
        hub_resp_error(rs, 500, "internal", "the decision could not be stored");
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *er = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(er, "code", t.code);
    cJSON_AddStringToObject(er, "message", t.message);
    if (t.status == 409) {
        cJSON_AddNumberToObject(er, "current_version", (double)t.current_version);
        cJSON_AddStringToObject(er, "current_content_sha256", t.current_sha);
    }
    hub_resp_json(rs, t.status, o);
}

void api_decision(hub *h, const hub_req *rq, hub_resp *rs)
{
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    wire_decision d;
    char sig[WIRE_SIG_B64_MAX], canon[WIRE_CANON_MAX];
    char now[21];
    hub_now(now);
    if (decision_verified(h, rq, rs, j, &d, sig, canon, sizeof canon))
        run_decision(h, rs, j, &d, sig, canon, NULL, now);
    cJSON_Delete(j);
}

/* Checks the passphrase of the signer's certified-signature registration. Returns NULL when it
 * matches, else the error code. The passphrase is not kept or logged. */
static const char *tte_check(hub *h, const char *signer, const char *pass, char *nip,
                             size_t nip_cap)
{
    const char *p[] = {signer};
    char *status = NULL, *nipv = NULL;
    unsigned char *salt = NULL, *hash = NULL;
    size_t salt_len = 0, hash_len = 0;
    const char *err = "signer_not_registered";
    if (db_query_text(h->db, "SELECT tte_status FROM officials WHERE id=?1", p, 1, &status) !=
            DB_OK ||
        !status)
        goto out;
    if (db_query_text(h->db, "SELECT json_extract(json, '$.nip') FROM officials WHERE id=?1", p, 1,
                      &nipv) == DB_OK &&
        nipv)
        snprintf(nip, nip_cap, "%s", nipv);
    if (strcmp(status, "not_registered") == 0)
        goto out;
    if (db_query_blob(h->db, "SELECT pass_salt FROM officials WHERE id=?1", p, 1, &salt, &salt_len,
                      NULL) != DB_OK ||
        db_query_blob(h->db, "SELECT pass_hash FROM officials WHERE id=?1", p, 1, &hash, &hash_len,
                      NULL) != DB_OK ||
        hash_len != 32)
        goto out;
    uint8_t got[32];
    err = "internal";
    if (crypto_pbkdf2(pass, strlen(pass), salt, salt_len, TTE_PBKDF2_ROUNDS, got, sizeof got) !=
        CRYPTO_OK)
        goto out;
    unsigned diff = 0;
    for (size_t i = 0; i < 32; i++)
        diff |= got[i] ^ hash[i];
    crypto_zero(got, sizeof got);
    if (diff)
        err = "passphrase_wrong";
    else if (strcmp(status, "expired") == 0)
        err = "certificate_expired";
    else
        err = NULL;
out:
    free(status);
    free(nipv);
    free(salt);
    free(hash);
    return err;
}

void api_letter_sign(hub *h, const hub_req *rq, hub_resp *rs)
{
    cJSON *j = hub_parse_json(rq, rs);
    if (!j)
        return;
    cJSON *pj = cJSON_GetObjectItemCaseSensitive(j, "passphrase");
    const cJSON *dj = cJSON_GetObjectItemCaseSensitive(j, "decision");
    char doc[CRYPTO_SHA256_HEX], sig[WIRE_SIG_B64_MAX], canon[WIRE_CANON_MAX], nip[40] = "";
    wire_decision d;
    if (!cJSON_IsString(pj) || strlen(pj->valuestring) > 256 || !cJSON_IsObject(dj) ||
        !wire_json_str(j, "document_sha256", doc, sizeof doc)) {
        hub_resp_error(rs, 400, "missing_field",
                       "signing needs 'decision' (object), 'passphrase' and 'document_sha256'");
        goto out;
    }
    if (!decision_verified(h, rq, rs, dj, &d, sig, canon, sizeof canon))
        goto out;
    if (strcmp(d.action, "sign") != 0 || strcmp(doc, d.content_sha256) != 0) {
        hub_resp_error(rs, 400, "invalid_decision",
                       "a signing request carries a 'sign' decision for the same document hash");
        goto out;
    }
    /* A retry of a signing that already succeeded is answered from the store: the device no
     * longer has the passphrase (it zeroises it after sending), and nothing is signed twice. */
    char now[21];
    hub_now(now);
    const char *pid[] = {d.decision_id};
    char *seen = NULL;
    if (db_query_text(h->db, "SELECT 1 FROM decisions WHERE decision_id=?1", pid, 1, &seen) ==
        DB_OK) {
        free(seen);
        run_decision(h, rs, dj, &d, sig, canon, "replay", now);
        goto out;
    }
    if (!pj->valuestring[0]) {
        hub_resp_error(rs, 400, "missing_field", "the passphrase is empty");
        goto out;
    }
    const char *terr = tte_check(h, d.signer, pj->valuestring, nip, sizeof nip);
    crypto_zero(pj->valuestring, strlen(pj->valuestring));
    if (terr) {
        if (strcmp(terr, "passphrase_wrong") == 0)
            hub_resp_error(rs, 403, terr, "the passphrase is wrong; nothing was signed");
        else if (strcmp(terr, "signer_not_registered") == 0)
            hub_resp_error(rs, 403, terr,
                           "the signer is not registered with the certified signature service");
        else if (strcmp(terr, "certificate_expired") == 0)
            hub_resp_error(rs, 403, terr,
                           "the signer's signing certificate has expired or was revoked");
        else
            hub_resp_error(rs, 500, "internal", "the signing service failed");
        goto out;
    }
    /* The stand-in for the national signing service signs the document hash. */
    char msg[256], tsig_b64[WIRE_SIG_B64_MAX];
    int n = snprintf(msg, sizeof msg, "paraf-tte-v1\n%s\n%s\n%s\n", doc, nip, now);
    uint8_t tsig[CRYPTO_SIG_MAX];
    size_t tlen = 0, blen = 0;
    if (crypto_sign(h->tte_key_pem, msg, (size_t)n, tsig, sizeof tsig, &tlen) != CRYPTO_OK ||
        crypto_base64_encode(tsig, tlen, tsig_b64, sizeof tsig_b64, &blen) != CRYPTO_OK) {
        hub_resp_error(rs, 500, "internal", "the signing service failed");
        goto out;
    }
    /* The stored payload is the decision alone: the passphrase never reaches the database. */
    run_decision(h, rs, dj, &d, sig, canon, tsig_b64, now);
out:
    if (cJSON_IsString(pj))
        crypto_zero(pj->valuestring, strlen(pj->valuestring));
    cJSON_Delete(j);
}
