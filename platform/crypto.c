/* crypto: SHA-256, base64/hex, P-256 keys, CSRs, certificates, ECDSA, PBKDF2, random bytes and
 * UUIDs on mbedTLS 2.28 (no PSA). Every call builds its own contexts (and its own entropy +
 * CTR-DRBG when it needs randomness), so the module holds no shared state and is thread-safe. Each
 * function frees everything it created through a single `out:` label; buffers that held private
 * keys are zeroised. */
#include "crypto.h"
#include "crypto_int.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbedtls/asn1write.h>
#include <mbedtls/base64.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/platform.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

static const char pers[] = "paraf";

/* ---- small helpers (shared with crypto_x509.c through crypto_int.h) ---- */

/* Always leaves r in a state crypto_int_rng_free() accepts. */
crypto_err crypto_int_rng_init(rng_ctx *r)
{
    mbedtls_entropy_init(&r->entropy);
    mbedtls_ctr_drbg_init(&r->drbg);
    if (mbedtls_ctr_drbg_seed(&r->drbg, mbedtls_entropy_func, &r->entropy,
                              (const unsigned char *)pers, sizeof(pers) - 1) != 0)
        return CRYPTO_ERR_RNG;
    return CRYPTO_OK;
}

void crypto_int_rng_free(rng_ctx *r)
{
    mbedtls_ctr_drbg_free(&r->drbg);
    mbedtls_entropy_free(&r->entropy);
}

/* Heap copy of a NUL-terminated buffer. */
crypto_err crypto_int_dup_str(const unsigned char *buf, char **out)
{
    size_t n = strlen((const char *)buf);
    char *p = malloc(n + 1);
    if (p == NULL)
        return CRYPTO_ERR_NOMEM;
    memcpy(p, buf, n + 1);
    *out = p;
    return CRYPTO_OK;
}

crypto_err crypto_int_check_p256(const mbedtls_pk_context *pk)
{
    mbedtls_pk_type_t t = mbedtls_pk_get_type(pk);
    if (t != MBEDTLS_PK_ECKEY && t != MBEDTLS_PK_ECDSA)
        return CRYPTO_ERR_KEY;
    if (mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1)
        return CRYPTO_ERR_KEY;
    return CRYPTO_OK;
}

/* Parse a private key PEM (mbedTLS wants the length including the NUL) and require EC P-256. */
crypto_err crypto_int_load_private_p256(const char *pem, mbedtls_pk_context *pk)
{
    if (pem == NULL)
        return CRYPTO_ERR_ARG;
    if (mbedtls_pk_parse_key(pk, (const unsigned char *)pem, strlen(pem) + 1, NULL, 0) != 0)
        return CRYPTO_ERR_PARSE;
    return crypto_int_check_p256(pk);
}

crypto_err crypto_int_load_cert(const char *pem, mbedtls_x509_crt *crt)
{
    if (pem == NULL)
        return CRYPTO_ERR_ARG;
    if (mbedtls_x509_crt_parse(crt, (const unsigned char *)pem, strlen(pem) + 1) != 0)
        return CRYPTO_ERR_PARSE;
    return CRYPTO_OK;
}

/* SHA-256 of the DER SubjectPublicKeyInfo of pk. */
static crypto_err spki_sha256(mbedtls_pk_context *pk, uint8_t out[CRYPTO_SHA256_LEN])
{
    unsigned char der[SPKI_DER_MAX];
    /* Written at the END of the buffer; the return value is its length. */
    int ret = mbedtls_pk_write_pubkey_der(pk, der, sizeof(der));
    if (ret <= 0)
        return CRYPTO_ERR_KEY;
    crypto_sha256(der + sizeof(der) - (size_t)ret, (size_t)ret, out);
    return CRYPTO_OK;
}

/* Public key of a certificate, public key or private key PEM (tried in that order) into `pk`
 * (a fresh, initialised context). `crt` is used as scratch and must be freed by the caller. */
static crypto_err load_any_public(const char *pem, mbedtls_x509_crt *crt, mbedtls_pk_context *pk,
                                  mbedtls_pk_context **which)
{
    size_t len;
    if (pem == NULL)
        return CRYPTO_ERR_ARG;
    len = strlen(pem) + 1;
    if (mbedtls_x509_crt_parse(crt, (const unsigned char *)pem, len) == 0) {
        *which = &crt->pk;
        return CRYPTO_OK;
    }
    if (mbedtls_pk_parse_public_key(pk, (const unsigned char *)pem, len) == 0) {
        *which = pk;
        return CRYPTO_OK;
    }
    mbedtls_pk_free(pk);
    mbedtls_pk_init(pk);
    if (mbedtls_pk_parse_key(pk, (const unsigned char *)pem, len, NULL, 0) == 0) {
        *which = pk;
        return CRYPTO_OK;
    }
    return CRYPTO_ERR_PARSE;
}

/* mbedTLS silently drops a trailing component without '=' (so "nonsense" becomes an empty name);
 * require every component, in particular the last, to have one. The only escape is a backslash. */
int crypto_int_subject_ok(const char *s)
{
    int has_eq = 0;
    if (s == NULL)
        return 0;
    for (; *s != '\0'; s++) {
        if (*s == '\\' && s[1] != '\0') {
            s++;
        } else if (*s == '=') {
            has_eq = 1;
        } else if (*s == ',') {
            if (!has_eq)
                return 0;
            has_eq = 0;
        }
    }
    return has_eq;
}

/* ---- errors, memory, randomness ---- */

const char *crypto_strerror(crypto_err e)
{
    switch (e) {
    case CRYPTO_OK:
        return "success";
    case CRYPTO_ERR_ARG:
        return "invalid argument";
    case CRYPTO_ERR_RNG:
        return "random number generator failure";
    case CRYPTO_ERR_PARSE:
        return "malformed input";
    case CRYPTO_ERR_KEY:
        return "unsuitable key";
    case CRYPTO_ERR_SIGN:
        return "signing failed";
    case CRYPTO_ERR_VERIFY:
        return "signature does not verify";
    case CRYPTO_ERR_NOMEM:
        return "out of memory";
    }
    return "unknown crypto error";
}

void crypto_zero(void *p, size_t n)
{
    if (p != NULL && n > 0)
        mbedtls_platform_zeroize(p, n);
}

void crypto_free(char *p)
{
    if (p == NULL)
        return;
    crypto_zero(p, strlen(p));
    free(p);
}

crypto_err crypto_random(uint8_t *out, size_t n)
{
    rng_ctx rng;
    crypto_err err;

    if (out == NULL && n > 0)
        return CRYPTO_ERR_ARG;
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    while (n > 0) {
        size_t chunk = n < MBEDTLS_CTR_DRBG_MAX_REQUEST ? n : MBEDTLS_CTR_DRBG_MAX_REQUEST;
        if (mbedtls_ctr_drbg_random(&rng.drbg, out, chunk) != 0) {
            err = CRYPTO_ERR_RNG;
            goto out;
        }
        out += chunk;
        n -= chunk;
    }
out:
    crypto_int_rng_free(&rng);
    return err;
}

crypto_err crypto_uuid4(char out[CRYPTO_UUID_LEN])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t b[16];
    size_t i, o = 0;
    crypto_err err;

    if (out == NULL)
        return CRYPTO_ERR_ARG;
    err = crypto_random(b, sizeof(b));
    if (err != CRYPTO_OK)
        return err;
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    for (i = 0; i < sizeof(b); i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = digits[b[i] >> 4];
        out[o++] = digits[b[i] & 0x0f];
    }
    out[o] = '\0';
    return CRYPTO_OK;
}

/* ---- hashing and encodings ---- */

void crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_LEN])
{
    static const unsigned char empty[1] = {0};
    if (out == NULL)
        return;
    if (data == NULL) {
        data = empty;
        len = 0;
    }
    /* Cannot fail for the software implementation; clear the output if it ever does. */
    if (mbedtls_sha256_ret(data, len, out, 0) != 0)
        crypto_zero(out, CRYPTO_SHA256_LEN);
}

void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_SHA256_HEX])
{
    uint8_t d[CRYPTO_SHA256_LEN];
    if (out == NULL)
        return;
    crypto_sha256(data, len, d);
    crypto_hex(d, sizeof(d), out);
}

void crypto_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    if (out == NULL)
        return;
    for (i = 0; in != NULL && i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * i] = '\0';
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

crypto_err crypto_hex_decode(const char *hex, uint8_t *out, size_t n)
{
    size_t i;
    if (hex == NULL || (out == NULL && n > 0) || n > (SIZE_MAX - 1) / 2)
        return CRYPTO_ERR_ARG;
    /* Exactly 2n digits: strnlen never reads past the terminator or the 2n+1st byte. */
    if (strnlen(hex, 2 * n + 1) != 2 * n)
        return CRYPTO_ERR_PARSE;
    for (i = 0; i < 2 * n; i++)
        if (hex_val(hex[i]) < 0)
            return CRYPTO_ERR_PARSE;
    for (i = 0; i < n; i++)
        out[i] = (uint8_t)((hex_val(hex[2 * i]) << 4) | hex_val(hex[2 * i + 1]));
    return CRYPTO_OK;
}

crypto_err crypto_base64_encode(const uint8_t *in, size_t len, char *out, size_t cap, size_t *olen)
{
    size_t n = 0;
    if (out == NULL || olen == NULL || (in == NULL && len > 0) || cap == 0)
        return CRYPTO_ERR_ARG;
    *olen = 0;
    if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
        return CRYPTO_ERR_ARG;
    if (cap < (len + 2) / 3 * 4 + 1)
        return CRYPTO_ERR_ARG;
    out[0] = '\0';
    if (len == 0)
        return CRYPTO_OK; /* mbedtls_base64_encode does not terminate an empty output */
    if (mbedtls_base64_encode((unsigned char *)out, cap, &n, in, len) != 0)
        return CRYPTO_ERR_ARG;
    *olen = n;
    return CRYPTO_OK;
}

static int b64_val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Strict canonical base64: alphabet only (no whitespace), length a multiple of 4, at most two '='
 * only at the end, and zero padding bits (so every byte string has exactly one encoding). */
crypto_err crypto_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *olen)
{
    size_t i, pad = 0, n = 0;
    int last;

    if (olen == NULL || (in == NULL && len > 0) || (out == NULL && cap > 0))
        return CRYPTO_ERR_ARG;
    *olen = 0;
    if (len == 0)
        return CRYPTO_OK;
    if (len % 4 != 0)
        return CRYPTO_ERR_PARSE;
    if (in[len - 1] == '=')
        pad = in[len - 2] == '=' ? 2 : 1;
    for (i = 0; i < len - pad; i++)
        if (b64_val(in[i]) < 0)
            return CRYPTO_ERR_PARSE;
    last = b64_val(in[len - pad - 1]);
    if ((pad == 1 && (last & 0x03) != 0) || (pad == 2 && (last & 0x0f) != 0))
        return CRYPTO_ERR_PARSE;
    if (cap < len / 4 * 3 - pad)
        return CRYPTO_ERR_ARG;
    if (mbedtls_base64_decode(out, cap, &n, (const unsigned char *)in, len) != 0)
        return CRYPTO_ERR_PARSE;
    *olen = n;
    return CRYPTO_OK;
}

/* ---- keys ---- */

/* A new P-256 key in `pk` (initialised by the caller). */
crypto_err crypto_int_gen_p256(rng_ctx *rng, mbedtls_pk_context *pk)
{
    if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0)
        return CRYPTO_ERR_NOMEM;
    if (mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk), mbedtls_ctr_drbg_random,
                            &rng->drbg) != 0)
        return CRYPTO_ERR_RNG;
    return CRYPTO_OK;
}

crypto_err crypto_int_write_private_pem(mbedtls_pk_context *pk, char **key_pem)
{
    unsigned char buf[KEY_PEM_MAX];
    crypto_err err = CRYPTO_ERR_KEY;
    if (mbedtls_pk_write_key_pem(pk, buf, sizeof(buf)) == 0)
        err = crypto_int_dup_str(buf, key_pem);
    mbedtls_platform_zeroize(buf, sizeof(buf));
    return err;
}

crypto_err crypto_key_generate(char **key_pem)
{
    rng_ctx rng;
    mbedtls_pk_context pk;
    crypto_err err;

    if (key_pem == NULL)
        return CRYPTO_ERR_ARG;
    *key_pem = NULL;
    mbedtls_pk_init(&pk);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_gen_p256(&rng, &pk);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_write_private_pem(&pk, key_pem);
out:
    mbedtls_pk_free(&pk);
    crypto_int_rng_free(&rng);
    return err;
}

crypto_err crypto_key_public_pem(const char *key_pem, char **pub_pem)
{
    mbedtls_pk_context pk;
    unsigned char buf[KEY_PEM_MAX];
    crypto_err err;

    if (pub_pem == NULL)
        return CRYPTO_ERR_ARG;
    *pub_pem = NULL;
    mbedtls_pk_init(&pk);
    err = crypto_int_load_private_p256(key_pem, &pk);
    if (err != CRYPTO_OK)
        goto out;
    if (mbedtls_pk_write_pubkey_pem(&pk, buf, sizeof(buf)) != 0) {
        err = CRYPTO_ERR_KEY;
        goto out;
    }
    err = crypto_int_dup_str(buf, pub_pem);
out:
    mbedtls_pk_free(&pk);
    return err;
}

crypto_err crypto_key_id(const char *pem, char out[CRYPTO_SHA256_HEX])
{
    mbedtls_x509_crt crt;
    mbedtls_pk_context pk;
    mbedtls_pk_context *key = NULL;
    uint8_t d[CRYPTO_SHA256_LEN];
    crypto_err err;

    if (out == NULL)
        return CRYPTO_ERR_ARG;
    out[0] = '\0';
    mbedtls_x509_crt_init(&crt);
    mbedtls_pk_init(&pk);
    err = load_any_public(pem, &crt, &pk, &key);
    if (err != CRYPTO_OK)
        goto out;
    err = spki_sha256(key, d);
    if (err != CRYPTO_OK)
        goto out;
    crypto_hex(d, sizeof(d), out);
out:
    mbedtls_pk_free(&pk);
    mbedtls_x509_crt_free(&crt);
    return err;
}

crypto_err crypto_cert_pin(const char *cert_pem, char out[CRYPTO_PIN_MAX])
{
    static const char prefix[] = "sha256//";
    mbedtls_x509_crt crt;
    uint8_t d[CRYPTO_SHA256_LEN];
    size_t n = 0;
    crypto_err err;

    if (out == NULL)
        return CRYPTO_ERR_ARG;
    out[0] = '\0';
    mbedtls_x509_crt_init(&crt);
    err = crypto_int_load_cert(cert_pem, &crt);
    if (err != CRYPTO_OK)
        goto out;
    err = spki_sha256(&crt.pk, d);
    if (err != CRYPTO_OK)
        goto out;
    memcpy(out, prefix, sizeof(prefix)); /* includes the NUL */
    err = crypto_base64_encode(d, sizeof(d), out + sizeof(prefix) - 1,
                               CRYPTO_PIN_MAX - (sizeof(prefix) - 1), &n);
    if (err != CRYPTO_OK)
        out[0] = '\0';
out:
    mbedtls_x509_crt_free(&crt);
    return err;
}

/* ---- signatures ---- */

crypto_err crypto_sign(const char *key_pem, const void *msg, size_t len, uint8_t *sig, size_t cap,
                       size_t *sig_len)
{
    rng_ctx rng;
    mbedtls_pk_context pk;
    uint8_t hash[CRYPTO_SHA256_LEN];
    unsigned char buf[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
    size_t n = 0;
    crypto_err err;

    if ((msg == NULL && len > 0) || sig == NULL || sig_len == NULL || cap < CRYPTO_SIG_MAX)
        return CRYPTO_ERR_ARG;
    *sig_len = 0;
    mbedtls_pk_init(&pk);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_load_private_p256(key_pem, &pk);
    if (err != CRYPTO_OK)
        goto out;
    crypto_sha256(msg, len, hash);
    if (mbedtls_pk_sign(&pk, MBEDTLS_MD_SHA256, hash, sizeof(hash), buf, &n,
                        mbedtls_ctr_drbg_random, &rng.drbg) != 0 ||
        n > cap) {
        err = CRYPTO_ERR_SIGN;
        goto out;
    }
    memcpy(sig, buf, n);
    *sig_len = n;
out:
    mbedtls_pk_free(&pk);
    crypto_int_rng_free(&rng);
    return err;
}

crypto_err crypto_verify(const char *pem, const void *msg, size_t len, const uint8_t *sig,
                         size_t sig_len)
{
    mbedtls_x509_crt crt;
    mbedtls_pk_context pk;
    mbedtls_pk_context *key = NULL;
    uint8_t hash[CRYPTO_SHA256_LEN];
    crypto_err err;

    if (pem == NULL || (msg == NULL && len > 0) || sig == NULL || sig_len == 0)
        return CRYPTO_ERR_ARG;
    mbedtls_x509_crt_init(&crt);
    mbedtls_pk_init(&pk);
    if (mbedtls_x509_crt_parse(&crt, (const unsigned char *)pem, strlen(pem) + 1) == 0) {
        key = &crt.pk;
    } else if (mbedtls_pk_parse_public_key(&pk, (const unsigned char *)pem, strlen(pem) + 1) == 0) {
        key = &pk;
    } else {
        err = CRYPTO_ERR_PARSE;
        goto out;
    }
    err = crypto_int_check_p256(key);
    if (err != CRYPTO_OK)
        goto out;
    crypto_sha256(msg, len, hash);
    if (mbedtls_pk_verify(key, MBEDTLS_MD_SHA256, hash, sizeof(hash), sig, sig_len) != 0)
        err = CRYPTO_ERR_VERIFY;
out:
    mbedtls_pk_free(&pk);
    mbedtls_x509_crt_free(&crt);
    return err;
}

/* ---- CSRs ---- */

crypto_err crypto_csr_create(const char *key_pem, const char *subject, char **csr_pem)
{
    rng_ctx rng;
    mbedtls_pk_context pk;
    mbedtls_x509write_csr req;
    unsigned char buf[CERT_PEM_MAX];
    crypto_err err;

    if (!crypto_int_subject_ok(subject) || csr_pem == NULL)
        return CRYPTO_ERR_ARG;
    *csr_pem = NULL;
    mbedtls_pk_init(&pk);
    mbedtls_x509write_csr_init(&req);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_load_private_p256(key_pem, &pk);
    if (err != CRYPTO_OK)
        goto out;
    mbedtls_x509write_csr_set_md_alg(&req, MBEDTLS_MD_SHA256);
    mbedtls_x509write_csr_set_key(&req, &pk);
    if (mbedtls_x509write_csr_set_subject_name(&req, subject) != 0) {
        err = CRYPTO_ERR_ARG;
        goto out;
    }
    if (mbedtls_x509write_csr_pem(&req, buf, sizeof(buf), mbedtls_ctr_drbg_random, &rng.drbg) !=
        0) {
        err = CRYPTO_ERR_SIGN;
        goto out;
    }
    err = crypto_int_dup_str(buf, csr_pem);
out:
    mbedtls_x509write_csr_free(&req);
    mbedtls_pk_free(&pk);
    crypto_int_rng_free(&rng);
    return err;
}

/* Parse a CSR, check its self-signature and that its key is EC P-256. */
crypto_err crypto_int_load_verified_csr(const char *csr_pem, mbedtls_x509_csr *csr)
{
    const mbedtls_md_info_t *md;
    unsigned char hash[MBEDTLS_MD_MAX_SIZE];

    if (csr_pem == NULL)
        return CRYPTO_ERR_ARG;
    if (mbedtls_x509_csr_parse(csr, (const unsigned char *)csr_pem, strlen(csr_pem) + 1) != 0)
        return CRYPTO_ERR_PARSE;
    md = mbedtls_md_info_from_type(csr->sig_md);
    if (md == NULL)
        return CRYPTO_ERR_PARSE;
    if (mbedtls_md(md, csr->cri.p, csr->cri.len, hash) != 0)
        return CRYPTO_ERR_VERIFY;
    if (mbedtls_pk_verify_ext(csr->sig_pk, csr->sig_opts, &csr->pk, csr->sig_md, hash,
                              mbedtls_md_get_size(md), csr->sig.p, csr->sig.len) != 0)
        return CRYPTO_ERR_VERIFY;
    return crypto_int_check_p256(&csr->pk);
}

crypto_err crypto_csr_verify(const char *csr_pem, char **pub_pem)
{
    mbedtls_x509_csr csr;
    unsigned char buf[KEY_PEM_MAX];
    crypto_err err;

    if (pub_pem == NULL)
        return CRYPTO_ERR_ARG;
    *pub_pem = NULL;
    mbedtls_x509_csr_init(&csr);
    err = crypto_int_load_verified_csr(csr_pem, &csr);
    if (err != CRYPTO_OK)
        goto out;
    if (mbedtls_pk_write_pubkey_pem(&csr.pk, buf, sizeof(buf)) != 0) {
        err = CRYPTO_ERR_KEY;
        goto out;
    }
    err = crypto_int_dup_str(buf, pub_pem);
out:
    mbedtls_x509_csr_free(&csr);
    return err;
}

/* ---- PBKDF2 ---- */

crypto_err crypto_pbkdf2(const char *pass, size_t pass_len, const uint8_t *salt, size_t salt_len,
                         unsigned iterations, uint8_t *out, size_t out_len)
{
    static const unsigned char empty[1] = {0};
    mbedtls_md_context_t md;
    crypto_err err = CRYPTO_OK;

    if ((pass == NULL && pass_len > 0) || (salt == NULL && salt_len > 0) || out == NULL ||
        out_len == 0 || out_len > UINT32_MAX || iterations == 0)
        return CRYPTO_ERR_ARG;
    mbedtls_md_init(&md);
    if (mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1) != 0) {
        err = CRYPTO_ERR_NOMEM;
        goto out;
    }
    if (mbedtls_pkcs5_pbkdf2_hmac(&md, pass != NULL ? (const unsigned char *)pass : empty, pass_len,
                                  salt != NULL ? salt : empty, salt_len, iterations,
                                  (uint32_t)out_len, out) != 0) {
        err = CRYPTO_ERR_ARG;
        goto out;
    }
out:
    mbedtls_md_free(&md);
    return err;
}
