/* crypto_int: what crypto.c and crypto_x509.c share and nobody else sees: size limits, the
 * per-call DRBG and the key/certificate loading helpers. */
#ifndef PARAF_CRYPTO_INT_H
#define PARAF_CRYPTO_INT_H

#include "crypto.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

#define KEY_PEM_MAX  1024 /* EC P-256 private key PEM is ~230 bytes */
#define CERT_PEM_MAX 4096
#define SPKI_DER_MAX 1024 /* large enough for RSA-4096 SPKI too (key id / pin of any key) */
#define EXT_DER_MAX  512
#define HOST_MAX     253
#define DAYS_MAX     36500 /* a hundred years */
#define SECS_PER_DAY 86400

typedef struct {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
} rng_ctx;

crypto_err crypto_int_rng_init(rng_ctx *r);
void crypto_int_rng_free(rng_ctx *r);
crypto_err crypto_int_dup_str(const unsigned char *buf, char **out);
crypto_err crypto_int_check_p256(const mbedtls_pk_context *pk);
crypto_err crypto_int_load_private_p256(const char *pem, mbedtls_pk_context *pk);
crypto_err crypto_int_load_cert(const char *pem, mbedtls_x509_crt *crt);
int crypto_int_subject_ok(const char *s);
crypto_err crypto_int_gen_p256(rng_ctx *rng, mbedtls_pk_context *pk);
crypto_err crypto_int_write_private_pem(mbedtls_pk_context *pk, char **key_pem);
crypto_err crypto_int_load_verified_csr(const char *csr_pem, mbedtls_x509_csr *csr);

#endif
