/* paraf-vectors: prints signing test vectors for docs/api.md: a decision as JSON, its canonical
 * bytes, a fresh P-256 public key and the signature. ECDSA signatures are randomised, so each run
 * prints different keys and signatures; any printed set verifies. */
#include "crypto.h"
#include "wire_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int vector(int n, const wire_decision *d)
{
    char *key = NULL, *pub = NULL;
    char canon[WIRE_CANON_MAX], b64[WIRE_SIG_B64_MAX];
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    wire_decision v = *d;
    if (crypto_key_generate(&key) || crypto_key_public_pem(key, &pub) ||
        crypto_key_id(key, v.device_key_id) ||
        wire_decision_canonical(&v, canon, sizeof canon, &clen) ||
        crypto_sign(key, canon, clen, sig, sizeof sig, &slen) ||
        crypto_base64_encode(sig, slen, b64, sizeof b64, &blen)) {
        fprintf(stderr, "vector %d failed\n", n);
        return 1;
    }
    cJSON *j = wire_decision_to_json(&v, b64);
    char *js = cJSON_Print(j);
    printf("#### Vector %d\n\nThe decision as sent (JSON):\n\n```json vector-%d-json\n%s\n```\n\n",
           n, n, js);
    printf("Canonical bytes (each line ends with one LF, including the last):\n\n"
           "```text vector-%d-canonical\n%.*s```\n\n",
           n, (int)clen, canon);
    printf("Device public key:\n\n```pem vector-%d-public-key\n%s```\n\n", n, pub);
    printf("Signature (DER, base64):\n\n```text vector-%d-signature\n%s\n```\n\n", n, b64);
    free(js);
    cJSON_Delete(j);
    crypto_free(key);
    crypto_free(pub);
    return 0;
}

int main(void)
{
    wire_decision a = {0};
    snprintf(a.decision_id, sizeof a.decision_id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    snprintf(a.item_id, sizeof a.item_id, "itm-0014");
    a.item_version = 1;
    snprintf(a.content_sha256, sizeof a.content_sha256,
             "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    snprintf(a.action, sizeof a.action, "forward");
    a.n_instructions = 2;
    snprintf(a.instructions[0], sizeof a.instructions[0], "tanggapan_saran");
    snprintf(a.instructions[1], sizeof a.instructions[1], "koordinasi");
    a.n_recipients = 2;
    snprintf(a.recipients[0], sizeof a.recipients[0], "asisten-1");
    snprintf(a.recipients[1], sizeof a.recipients[1], "kadis-kominfos");
    snprintf(a.note, sizeof a.note,
             "Mohon dikaji bersama Diskominfos.\nAnggaran \\ Rp 1.250.000 — paling lambat Jumat.");
    snprintf(a.signer, sizeof a.signer, "sekda");
    snprintf(a.role, sizeof a.role, "sekda");
    snprintf(a.signed_at, sizeof a.signed_at, "2020-07-06T02:15:00Z");

    wire_decision b = {0};
    snprintf(b.decision_id, sizeof b.decision_id, "c41a9e77-0b2d-4e8f-8c3a-5f6e7d8c9b0a");
    snprintf(b.item_id, sizeof b.item_id, "itm-0007");
    b.item_version = 3;
    snprintf(b.content_sha256, sizeof b.content_sha256,
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    snprintf(b.action, sizeof b.action, "approve");
    snprintf(b.signer, sizeof b.signer, "asisten-1");
    snprintf(b.role, sizeof b.role, "plh-sekda");
    snprintf(b.acting_for, sizeof b.acting_for, "sekda");
    snprintf(b.signed_at, sizeof b.signed_at, "2020-07-07T23:59:59Z");
    return vector(1, &a) || vector(2, &b);
}
