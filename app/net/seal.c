/* seal: AES-256-GCM with a fresh random 96-bit nonce per record (mbedtls_gcm_*). The additional
 * data is "table\0row", so the boundary between the two names is unambiguous. */
#include "seal.h"

#include "crypto.h"

#include <mbedtls/gcm.h>
#include <stdlib.h>
#include <string.h>

/* "table\0row" into a malloc'd buffer. */
static uint8_t *seal_aad(const char *table, const char *row, size_t *len)
{
    size_t a = strlen(table), b = strlen(row);
    uint8_t *p = malloc(a + b + 1);
    if (!p)
        return NULL;
    memcpy(p, table, a);
    p[a] = 0;
    memcpy(p + a + 1, row, b);
    *len = a + b + 1;
    return p;
}

bool seal_box(const uint8_t key[SEAL_KEY_LEN], const char *table, const char *row, const void *in,
              size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    size_t alen = 0;
    uint8_t *aad = seal_aad(table, row, &alen);
    uint8_t *buf = len <= SIZE_MAX - SEAL_OVERHEAD ? malloc(len + SEAL_OVERHEAD) : NULL;
    bool ok = false;
    mbedtls_gcm_context g;
    mbedtls_gcm_init(&g);
    if (!aad || !buf || crypto_random(buf, SEAL_NONCE_LEN) != CRYPTO_OK ||
        mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, SEAL_KEY_LEN * 8) != 0 ||
        mbedtls_gcm_crypt_and_tag(&g, MBEDTLS_GCM_ENCRYPT, len, buf, SEAL_NONCE_LEN, aad, alen, in,
                                  buf + SEAL_NONCE_LEN, SEAL_TAG_LEN,
                                  buf + SEAL_NONCE_LEN + len) != 0)
        goto out;
    *out = buf;
    *out_len = len + SEAL_OVERHEAD;
    buf = NULL;
    ok = true;
out:
    mbedtls_gcm_free(&g);
    free(aad);
    free(buf);
    return ok;
}

bool seal_open(const uint8_t key[SEAL_KEY_LEN], const char *table, const char *row, const void *in,
               size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!in || len < SEAL_OVERHEAD)
        return false;
    const uint8_t *p = in;
    size_t n = len - SEAL_OVERHEAD, alen = 0;
    uint8_t *aad = seal_aad(table, row, &alen);
    uint8_t *buf = malloc(n + 1);
    bool ok = false;
    mbedtls_gcm_context g;
    mbedtls_gcm_init(&g);
    if (!aad || !buf || mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, SEAL_KEY_LEN * 8) != 0 ||
        mbedtls_gcm_auth_decrypt(&g, n, p, SEAL_NONCE_LEN, aad, alen, p + SEAL_NONCE_LEN + n,
                                 SEAL_TAG_LEN, p + SEAL_NONCE_LEN, buf) != 0)
        goto out;
    buf[n] = 0;
    *out = buf;
    *out_len = n;
    buf = NULL;
    ok = true;
out:
    mbedtls_gcm_free(&g);
    free(aad);
    if (buf) {
        crypto_zero(buf, n + 1);
        free(buf);
    }
    return ok;
}
