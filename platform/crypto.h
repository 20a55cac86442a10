/* crypto: the cryptography Paraf needs, on mbedTLS 2.28: SHA-256, base64/hex, P-256 keys, CSRs,
 * certificates (a development CA for the hub), ECDSA signatures, PBKDF2, random bytes and UUIDs.
 * Every function is thread-safe (each call builds its own mbedTLS contexts and its own DRBG).
 * Strings returned through `char **` are heap-allocated NUL-terminated PEM; the caller frees them
 * with crypto_free() (which zeroises first, since some of them are private keys). */
#ifndef PARAF_CRYPTO_H
#define PARAF_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    CRYPTO_OK = 0,
    CRYPTO_ERR_ARG,    /* NULL or out-of-range argument, output buffer too small */
    CRYPTO_ERR_RNG,    /* entropy / DRBG failure */
    CRYPTO_ERR_PARSE,  /* malformed PEM/DER/base64/hex input */
    CRYPTO_ERR_KEY,    /* key of the wrong type (not EC P-256) or key operation failed */
    CRYPTO_ERR_SIGN,   /* signing failed */
    CRYPTO_ERR_VERIFY, /* signature does not verify */
    CRYPTO_ERR_NOMEM,
} crypto_err;

#define CRYPTO_SHA256_LEN    32
#define CRYPTO_SHA256_HEX    65  /* 64 hex digits + NUL */
#define CRYPTO_SIG_MAX       80  /* DER ECDSA P-256 signature, at most 72 bytes */
#define CRYPTO_PIN_MAX       64  /* "sha256//" + 44 base64 + NUL */
#define CRYPTO_UUID_LEN      37  /* 36 chars + NUL */

/* Human-readable name of an error, never NULL. */
const char *crypto_strerror(crypto_err e);

/* Zeroise then free a string returned by this module. NULL is fine. */
void crypto_free(char *p);
/* Zeroise memory in a way the compiler does not optimise away. */
void crypto_zero(void *p, size_t n);

crypto_err crypto_random(uint8_t *out, size_t n) __attribute__((warn_unused_result));
/* Random RFC 4122 version-4 UUID, lower-case, 36 chars. */
crypto_err crypto_uuid4(char out[CRYPTO_UUID_LEN]) __attribute__((warn_unused_result));

void crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_LEN]);
/* Lower-case hex of SHA-256(data). */
void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_SHA256_HEX]);
/* Lower-case hex; out must hold 2n+1 bytes. */
void crypto_hex(const uint8_t *in, size_t n, char *out);
/* Decodes exactly `n` bytes from 2n hex digits (either case); rejects anything else. */
crypto_err crypto_hex_decode(const char *hex, uint8_t *out, size_t n) __attribute__((warn_unused_result));

/* Standard base64 with padding. *olen receives the length written (without NUL for encode;
 * encode NUL-terminates and needs cap >= 4*ceil(len/3)+1). */
crypto_err crypto_base64_encode(const uint8_t *in, size_t len, char *out, size_t cap, size_t *olen)
    __attribute__((warn_unused_result));
crypto_err crypto_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *olen)
    __attribute__((warn_unused_result));

/* A new EC P-256 private key, PEM ("-----BEGIN EC PRIVATE KEY-----"). */
crypto_err crypto_key_generate(char **key_pem) __attribute__((warn_unused_result));
/* The public key of a private key, PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----"). */
crypto_err crypto_key_public_pem(const char *key_pem, char **pub_pem) __attribute__((warn_unused_result));

/* Key id: lower-case hex SHA-256 of the DER SubjectPublicKeyInfo of the public key in `pem`, which
 * may be a private key, a public key or a certificate. Equals GnuTLS's
 * gnutls_x509_crt_get_key_id(..., GNUTLS_KEYID_USE_SHA256, ...) of a certificate. */
crypto_err crypto_key_id(const char *pem, char out[CRYPTO_SHA256_HEX]) __attribute__((warn_unused_result));
/* libcurl pin of the certificate's public key: "sha256//" + base64(SHA-256(SPKI DER)). */
crypto_err crypto_cert_pin(const char *cert_pem, char out[CRYPTO_PIN_MAX]) __attribute__((warn_unused_result));

/* ECDSA P-256 over SHA-256(msg); DER signature into sig (cap >= CRYPTO_SIG_MAX). */
crypto_err crypto_sign(const char *key_pem, const void *msg, size_t len, uint8_t *sig, size_t cap,
                       size_t *sig_len) __attribute__((warn_unused_result));
/* Verify a DER ECDSA signature over SHA-256(msg) with the public key in `pem` (public key PEM or
 * certificate PEM). CRYPTO_OK only when it verifies. */
crypto_err crypto_verify(const char *pem, const void *msg, size_t len, const uint8_t *sig,
                         size_t sig_len) __attribute__((warn_unused_result));

/* A PKCS#10 CSR for key_pem with subject e.g. "CN=paraf-device,O=Pemprov Bali". */
crypto_err crypto_csr_create(const char *key_pem, const char *subject, char **csr_pem)
    __attribute__((warn_unused_result));
/* Checks the CSR's self-signature; returns its public key as PEM. */
crypto_err crypto_csr_verify(const char *csr_pem, char **pub_pem) __attribute__((warn_unused_result));

/* A self-signed CA (key + certificate), basicConstraints CA:true, keyUsage keyCertSign|cRLSign,
 * valid from one day ago for `days` days. */
crypto_err crypto_ca_create(const char *subject, int days, char **key_pem, char **cert_pem)
    __attribute__((warn_unused_result));
/* A server certificate for `host` signed by the CA: new P-256 key, CN=host, subjectAltName
 * DNS:host plus IP:host when host is a dotted IPv4 address, extendedKeyUsage serverAuth. */
crypto_err crypto_server_cert_create(const char *ca_key_pem, const char *ca_cert_pem, const char *host,
                                     int days, char **key_pem, char **cert_pem)
    __attribute__((warn_unused_result));
/* Issue a client certificate for the public key in a verified CSR: subject `subject` (the CSR's
 * own subject is ignored), random 16-byte serial, extendedKeyUsage clientAuth, keyUsage
 * digitalSignature, not CA. */
crypto_err crypto_client_cert_issue(const char *ca_key_pem, const char *ca_cert_pem, const char *csr_pem,
                                    const char *subject, int days, char **cert_pem)
    __attribute__((warn_unused_result));
/* Seconds since the epoch of the certificate's notAfter; CRYPTO_ERR_PARSE on a bad certificate. */
crypto_err crypto_cert_not_after(const char *cert_pem, int64_t *unix_time) __attribute__((warn_unused_result));

/* PBKDF2-HMAC-SHA256. */
crypto_err crypto_pbkdf2(const char *pass, size_t pass_len, const uint8_t *salt, size_t salt_len,
                         unsigned iterations, uint8_t *out, size_t out_len) __attribute__((warn_unused_result));

#endif
