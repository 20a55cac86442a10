/* crypto_x509: the development CA, server certificates with subjectAltName (DER built by hand:
 * mbedTLS 2.28 has no setter for it or for extendedKeyUsage), client certificates issued from
 * verified CSRs, and notAfter of a certificate. */
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

/* ---- certificates ---- */

typedef enum { CERT_CA, CERT_SERVER, CERT_CLIENT } cert_kind;

/* "YYYYMMDDhhmmss" UTC. */
static crypto_err format_time(int64_t t, char out[MBEDTLS_X509_RFC5280_UTC_TIME_LEN + 1])
{
    struct tm tm;
    time_t tt = (time_t)t;
    int n;
    if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL)
        return CRYPTO_ERR_ARG;
    if (tm.tm_year + 1900 < 1950 || tm.tm_year + 1900 > 9999)
        return CRYPTO_ERR_ARG;
    n = snprintf(out, MBEDTLS_X509_RFC5280_UTC_TIME_LEN + 1, "%04d%02d%02d%02d%02d%02d",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (n != 14)
        return CRYPTO_ERR_ARG;
    return CRYPTO_OK;
}

/* DER of ExtKeyUsageSyntax with one purpose, written backwards ending at buf+size. */
static int der_eku(unsigned char *buf, size_t size, const char *oid, size_t oid_len)
{
    unsigned char *p = buf + size;
    size_t len = 0;
    int ret;
    MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_oid(&p, buf, oid, oid_len));
    MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(&p, buf, len));
    MBEDTLS_ASN1_CHK_ADD(
        len, mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE));
    return (int)len;
}

/* DER of GeneralNames { dNSName host [, iPAddress ip] }, written backwards ending at buf+size. */
static int der_san(unsigned char *buf, size_t size, const char *host, const uint8_t *ip4)
{
    unsigned char *p = buf + size;
    size_t len = 0;
    int ret;
    if (ip4 != NULL) {
        MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_raw_buffer(&p, buf, ip4, 4));
        MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(&p, buf, 4));
        MBEDTLS_ASN1_CHK_ADD(len,
                             mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7));
    }
    MBEDTLS_ASN1_CHK_ADD(
        len, mbedtls_asn1_write_raw_buffer(&p, buf, (const unsigned char *)host, strlen(host)));
    MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(&p, buf, strlen(host)));
    MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONTEXT_SPECIFIC | 2));
    MBEDTLS_ASN1_CHK_ADD(len, mbedtls_asn1_write_len(&p, buf, len));
    MBEDTLS_ASN1_CHK_ADD(
        len, mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE));
    return (int)len;
}

static crypto_err add_ext(mbedtls_x509write_cert *w, const char *oid, size_t oid_len, int critical,
                          const unsigned char *buf, size_t size, int len)
{
    if (len <= 0)
        return CRYPTO_ERR_ARG;
    if (mbedtls_x509write_crt_set_extension(w, oid, oid_len, critical, buf + size - (size_t)len,
                                            (size_t)len) != 0)
        return CRYPTO_ERR_NOMEM;
    return CRYPTO_OK;
}

/* Copy the CA certificate's subject into the writer's issuer, byte for byte (OIDs, string tags
 * and order), so the issued certificate chains by exact name match. The writer keeps names in
 * reverse order (it writes the list backwards), the parser in DER order: prepending reverses. */
static crypto_err copy_issuer(mbedtls_x509write_cert *w, const mbedtls_x509_name *name)
{
    const mbedtls_x509_name *cur;
    mbedtls_asn1_free_named_data_list(&w->issuer);
    for (cur = name; cur != NULL; cur = cur->next) {
        mbedtls_asn1_named_data *n;
        if (cur->oid.p == NULL || cur->oid.len == 0)
            continue;
        n = mbedtls_calloc(1, sizeof(*n));
        if (n == NULL)
            return CRYPTO_ERR_NOMEM;
        n->next = w->issuer;
        w->issuer = n;
        n->oid.p = mbedtls_calloc(1, cur->oid.len);
        n->val.p = mbedtls_calloc(1, cur->val.len > 0 ? cur->val.len : 1);
        if (n->oid.p == NULL || n->val.p == NULL)
            return CRYPTO_ERR_NOMEM; /* the writer's free releases the partial node */
        n->oid.tag = cur->oid.tag;
        n->oid.len = cur->oid.len;
        memcpy(n->oid.p, cur->oid.p, cur->oid.len);
        n->val.tag = cur->val.tag;
        n->val.len = cur->val.len;
        if (cur->val.len > 0)
            memcpy(n->val.p, cur->val.p, cur->val.len);
    }
    return CRYPTO_OK;
}

/* Write a certificate for subject_key / subject, signed by issuer_key. issuer_crt NULL means
 * self-signed (issuer name = subject). host (and ip4, may be NULL) only for CERT_SERVER. */
static crypto_err cert_write(rng_ctx *rng, cert_kind kind, mbedtls_pk_context *subject_key,
                             const char *subject, mbedtls_pk_context *issuer_key,
                             const mbedtls_x509_crt *issuer_crt, const char *host,
                             const uint8_t *ip4, int days, char **cert_pem)
{
    mbedtls_x509write_cert w;
    mbedtls_mpi serial;
    unsigned char serial_bytes[16];
    unsigned char ext[EXT_DER_MAX];
    unsigned char *pem = NULL;
    char not_before[MBEDTLS_X509_RFC5280_UTC_TIME_LEN + 1];
    char not_after[MBEDTLS_X509_RFC5280_UTC_TIME_LEN + 1];
    int64_t now = (int64_t)time(NULL);
    unsigned int ku;
    int len;
    crypto_err err;

    mbedtls_x509write_crt_init(&w);
    mbedtls_mpi_init(&serial);

    err = format_time(now - SECS_PER_DAY, not_before);
    if (err != CRYPTO_OK)
        goto out;
    err = format_time(now + (int64_t)days * SECS_PER_DAY, not_after);
    if (err != CRYPTO_OK)
        goto out;

    if (mbedtls_ctr_drbg_random(&rng->drbg, serial_bytes, sizeof(serial_bytes)) != 0) {
        err = CRYPTO_ERR_RNG;
        goto out;
    }
    /* Positive (top bit clear) and a full 16 bytes (bit 6 set), so every serial has the same
     * length: 126 random bits. */
    serial_bytes[0] = (unsigned char)((serial_bytes[0] & 0x7f) | 0x40);
    if (mbedtls_mpi_read_binary(&serial, serial_bytes, sizeof(serial_bytes)) != 0) {
        err = CRYPTO_ERR_NOMEM;
        goto out;
    }

    mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&w, subject_key);
    mbedtls_x509write_crt_set_issuer_key(&w, issuer_key);
    if (mbedtls_x509write_crt_set_serial(&w, &serial) != 0 ||
        mbedtls_x509write_crt_set_validity(&w, not_before, not_after) != 0) {
        err = CRYPTO_ERR_ARG;
        goto out;
    }
    if (mbedtls_x509write_crt_set_subject_name(&w, subject) != 0) {
        err = CRYPTO_ERR_ARG;
        goto out;
    }
    if (issuer_crt == NULL) {
        if (mbedtls_x509write_crt_set_issuer_name(&w, subject) != 0) {
            err = CRYPTO_ERR_ARG;
            goto out;
        }
    } else {
        err = copy_issuer(&w, &issuer_crt->subject);
        if (err != CRYPTO_OK)
            goto out;
    }

    if (mbedtls_x509write_crt_set_basic_constraints(&w, kind == CERT_CA,
                                                    kind == CERT_CA ? 0 : -1) != 0 ||
        mbedtls_x509write_crt_set_subject_key_identifier(&w) != 0 ||
        mbedtls_x509write_crt_set_authority_key_identifier(&w) != 0) {
        err = CRYPTO_ERR_KEY;
        goto out;
    }
    ku = kind == CERT_CA ? (MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN)
                         : MBEDTLS_X509_KU_DIGITAL_SIGNATURE;
    if (mbedtls_x509write_crt_set_key_usage(&w, ku) != 0) {
        err = CRYPTO_ERR_NOMEM;
        goto out;
    }

    if (kind == CERT_SERVER) {
        len = der_eku(ext, sizeof(ext), MBEDTLS_OID_SERVER_AUTH,
                      MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH));
        err = add_ext(&w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
                      MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0, ext, sizeof(ext), len);
        if (err != CRYPTO_OK)
            goto out;
        len = der_san(ext, sizeof(ext), host, ip4);
        err = add_ext(&w, MBEDTLS_OID_SUBJECT_ALT_NAME,
                      MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, ext, sizeof(ext), len);
        if (err != CRYPTO_OK)
            goto out;
    } else if (kind == CERT_CLIENT) {
        len = der_eku(ext, sizeof(ext), MBEDTLS_OID_CLIENT_AUTH,
                      MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH));
        err = add_ext(&w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
                      MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE), 0, ext, sizeof(ext), len);
        if (err != CRYPTO_OK)
            goto out;
    }

    pem = malloc(CERT_PEM_MAX);
    if (pem == NULL) {
        err = CRYPTO_ERR_NOMEM;
        goto out;
    }
    if (mbedtls_x509write_crt_pem(&w, pem, CERT_PEM_MAX, mbedtls_ctr_drbg_random, &rng->drbg) !=
        0) {
        err = CRYPTO_ERR_SIGN;
        goto out;
    }
    err = crypto_int_dup_str(pem, cert_pem);
out:
    free(pem);
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&w);
    return err;
}

crypto_err crypto_ca_create(const char *subject, int days, char **key_pem, char **cert_pem)
{
    rng_ctx rng;
    mbedtls_pk_context pk;
    char *key = NULL, *cert = NULL;
    crypto_err err;

    if (!crypto_int_subject_ok(subject) || key_pem == NULL || cert_pem == NULL || days <= 0 ||
        days > DAYS_MAX)
        return CRYPTO_ERR_ARG;
    *key_pem = NULL;
    *cert_pem = NULL;
    mbedtls_pk_init(&pk);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_gen_p256(&rng, &pk);
    if (err != CRYPTO_OK)
        goto out;
    err = cert_write(&rng, CERT_CA, &pk, subject, &pk, NULL, NULL, NULL, days, &cert);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_write_private_pem(&pk, &key);
    if (err != CRYPTO_OK)
        goto out;
    *key_pem = key;
    *cert_pem = cert;
    key = NULL;
    cert = NULL;
out:
    crypto_free(key);
    crypto_free(cert);
    mbedtls_pk_free(&pk);
    crypto_int_rng_free(&rng);
    return err;
}

/* Load the CA key and certificate and check that they belong together and that it is a CA. */
static crypto_err load_ca(const char *ca_key_pem, const char *ca_cert_pem, mbedtls_pk_context *key,
                          mbedtls_x509_crt *crt)
{
    crypto_err err = crypto_int_load_private_p256(ca_key_pem, key);
    if (err != CRYPTO_OK)
        return err;
    err = crypto_int_load_cert(ca_cert_pem, crt);
    if (err != CRYPTO_OK)
        return err;
    if (mbedtls_pk_check_pair(&crt->pk, key) != 0)
        return CRYPTO_ERR_KEY;
    if (!crt->ca_istrue)
        return CRYPTO_ERR_ARG;
    return CRYPTO_OK;
}

static int host_ok(const char *host)
{
    size_t i, n;
    if (host == NULL)
        return 0;
    n = strnlen(host, HOST_MAX + 1);
    if (n == 0 || n > HOST_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        char c = host[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

crypto_err crypto_server_cert_create(const char *ca_key_pem, const char *ca_cert_pem,
                                     const char *host, int days, char **key_pem, char **cert_pem)
{
    rng_ctx rng;
    mbedtls_pk_context ca_key, pk;
    mbedtls_x509_crt ca_crt;
    char subject[sizeof("CN=") + HOST_MAX];
    uint8_t ip4[4];
    int is_ip;
    char *key = NULL, *cert = NULL;
    crypto_err err;

    if (!host_ok(host) || key_pem == NULL || cert_pem == NULL || days <= 0 || days > DAYS_MAX)
        return CRYPTO_ERR_ARG;
    *key_pem = NULL;
    *cert_pem = NULL;
    mbedtls_pk_init(&ca_key);
    mbedtls_pk_init(&pk);
    mbedtls_x509_crt_init(&ca_crt);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = load_ca(ca_key_pem, ca_cert_pem, &ca_key, &ca_crt);
    if (err != CRYPTO_OK)
        goto out;
    is_ip = inet_pton(AF_INET, host, ip4) == 1;
    if (snprintf(subject, sizeof(subject), "CN=%s", host) >= (int)sizeof(subject)) {
        err = CRYPTO_ERR_ARG;
        goto out;
    }
    err = crypto_int_gen_p256(&rng, &pk);
    if (err != CRYPTO_OK)
        goto out;
    err = cert_write(&rng, CERT_SERVER, &pk, subject, &ca_key, &ca_crt, host, is_ip ? ip4 : NULL,
                     days, &cert);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_write_private_pem(&pk, &key);
    if (err != CRYPTO_OK)
        goto out;
    *key_pem = key;
    *cert_pem = cert;
    key = NULL;
    cert = NULL;
out:
    crypto_free(key);
    crypto_free(cert);
    mbedtls_x509_crt_free(&ca_crt);
    mbedtls_pk_free(&pk);
    mbedtls_pk_free(&ca_key);
    crypto_int_rng_free(&rng);
    return err;
}

crypto_err crypto_client_cert_issue(const char *ca_key_pem, const char *ca_cert_pem,
                                    const char *csr_pem, const char *subject, int days,
                                    char **cert_pem)
{
    rng_ctx rng;
    mbedtls_pk_context ca_key;
    mbedtls_x509_crt ca_crt;
    mbedtls_x509_csr csr;
    crypto_err err;

    if (!crypto_int_subject_ok(subject) || cert_pem == NULL || days <= 0 || days > DAYS_MAX)
        return CRYPTO_ERR_ARG;
    *cert_pem = NULL;
    mbedtls_pk_init(&ca_key);
    mbedtls_x509_crt_init(&ca_crt);
    mbedtls_x509_csr_init(&csr);
    err = crypto_int_rng_init(&rng);
    if (err != CRYPTO_OK)
        goto out;
    err = load_ca(ca_key_pem, ca_cert_pem, &ca_key, &ca_crt);
    if (err != CRYPTO_OK)
        goto out;
    err = crypto_int_load_verified_csr(csr_pem, &csr);
    if (err != CRYPTO_OK)
        goto out;
    err = cert_write(&rng, CERT_CLIENT, &csr.pk, subject, &ca_key, &ca_crt, NULL, NULL, days,
                     cert_pem);
out:
    mbedtls_x509_csr_free(&csr);
    mbedtls_x509_crt_free(&ca_crt);
    mbedtls_pk_free(&ca_key);
    crypto_int_rng_free(&rng);
    return err;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

crypto_err crypto_cert_not_after(const char *cert_pem, int64_t *unix_time)
{
    mbedtls_x509_crt crt;
    const mbedtls_x509_time *t;
    crypto_err err;

    if (unix_time == NULL)
        return CRYPTO_ERR_ARG;
    *unix_time = 0;
    mbedtls_x509_crt_init(&crt);
    err = crypto_int_load_cert(cert_pem, &crt);
    if (err != CRYPTO_OK)
        goto out;
    t = &crt.valid_to;
    if (t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > 31 || t->hour < 0 || t->hour > 23 ||
        t->min < 0 || t->min > 59 || t->sec < 0 || t->sec > 60) {
        err = CRYPTO_ERR_PARSE;
        goto out;
    }
    *unix_time = days_from_civil(t->year, t->mon, t->day) * SECS_PER_DAY + (int64_t)t->hour * 3600 +
                 (int64_t)t->min * 60 + t->sec;
out:
    mbedtls_x509_crt_free(&crt);
    return err;
}
