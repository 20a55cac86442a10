/* Unit tests for platform/crypto.c: known vectors, round trips, failure cases, and cross-checks of
 * keys, signatures, pins, CSRs and certificates against the openssl command-line tool. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/x509_crt.h>

#include "crypto.h"

#define OPENSSL "/usr/bin/openssl"

static char g_dir[64];

/* ---- helpers ---- */

static void path_of(char *out, size_t cap, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", g_dir, name);
    assert_true(n > 0 && (size_t)n < cap);
}

static void write_file(const char *name, const void *data, size_t len)
{
    char path[PATH_MAX];
    FILE *f;
    path_of(path, sizeof(path), name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_str(const char *name, const char *s)
{
    write_file(name, s, strlen(s));
}

/* Run a shell command in the temp directory; returns its exit status (-1 if it did not exit). */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048];
    char full[2304];
    va_list ap;
    int n, st;
    va_start(ap, fmt);
    n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof(cmd));
    n = snprintf(full, sizeof(full), "cd %s && { %s; } >/dev/null 2>&1", g_dir, cmd);
    assert_true(n > 0 && (size_t)n < sizeof(full));
    st = system(full);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

/* Run a shell command in the temp directory, assert it succeeds, return its stdout (trailing
 * newlines removed) in `out`. */
static void capture(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void capture(char *out, size_t cap, const char *fmt, ...)
{
    char cmd[2048];
    char full[2304];
    va_list ap;
    FILE *p;
    size_t len;
    int n, st;
    va_start(ap, fmt);
    n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof(cmd));
    n = snprintf(full, sizeof(full), "cd %s && { %s; } 2>/dev/null", g_dir, cmd);
    assert_true(n > 0 && (size_t)n < sizeof(full));
    p = popen(full, "r");
    assert_non_null(p);
    len = fread(out, 1, cap - 1, p);
    out[len] = '\0';
    st = pclose(p);
    assert_true(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
}

static int setup_dir(void **state)
{
    (void)state;
    memcpy(g_dir, "/tmp/paraf-test-crypto-XXXXXX", sizeof("/tmp/paraf-test-crypto-XXXXXX"));
    return mkdtemp(g_dir) == NULL ? -1 : 0;
}

static int teardown_dir(void **state)
{
    DIR *d;
    struct dirent *e;
    char path[PATH_MAX];
    int rc = 0;
    (void)state;
    d = opendir(g_dir);
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", g_dir, e->d_name) >= (int)sizeof(path) ||
            unlink(path) != 0)
            rc = -1;
    }
    closedir(d);
    if (rmdir(g_dir) != 0)
        rc = -1;
    return rc;
}

/* A CA, saved as ca.pem. */
static void make_ca(char **ca_key, char **ca_cert)
{
    assert_int_equal(crypto_ca_create("CN=Paraf Dev CA,O=Pemprov Bali", 30, ca_key, ca_cert),
                     CRYPTO_OK);
    assert_non_null(strstr(*ca_key, "-----BEGIN EC PRIVATE KEY-----"));
    assert_non_null(strstr(*ca_cert, "-----BEGIN CERTIFICATE-----"));
    write_str("ca.pem", *ca_cert);
}

/* ---- hashes and encodings ---- */

static void test_sha256(void **state)
{
    static const char abc_hex[] =
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static const char empty_hex[] =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    uint8_t d[CRYPTO_SHA256_LEN];
    uint8_t expect[CRYPTO_SHA256_LEN];
    char hex[CRYPTO_SHA256_HEX];
    (void)state;

    crypto_sha256("abc", 3, d);
    assert_int_equal(crypto_hex_decode(abc_hex, expect, sizeof(expect)), CRYPTO_OK);
    assert_memory_equal(d, expect, sizeof(d));
    crypto_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, abc_hex);
    crypto_sha256_hex("", 0, hex);
    assert_string_equal(hex, empty_hex);
}

static void test_hex(void **state)
{
    static const uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
    char hex[2 * sizeof(bytes) + 1];
    uint8_t back[sizeof(bytes)];
    uint8_t one[1] = {0x5a};
    (void)state;

    crypto_hex(bytes, sizeof(bytes), hex);
    assert_string_equal(hex, "00017f80abff");
    assert_int_equal(crypto_hex_decode(hex, back, sizeof(back)), CRYPTO_OK);
    assert_memory_equal(back, bytes, sizeof(bytes));
    assert_int_equal(crypto_hex_decode("00017F80ABFF", back, sizeof(back)), CRYPTO_OK);
    assert_memory_equal(back, bytes, sizeof(bytes));

    assert_int_equal(crypto_hex_decode("zz", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode("0g", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode("a", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode("abc", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode("abcd", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode(" a", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_hex_decode("", one, 1), CRYPTO_ERR_PARSE);
    assert_int_equal(one[0], 0x5a); /* untouched by failures */
    assert_int_equal(crypto_hex_decode(NULL, one, 1), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_hex_decode("", one, 0), CRYPTO_OK);
}

static void test_base64(void **state)
{
    static const char *const vec[][2] = {{"", ""},
                                         {"f", "Zg=="},
                                         {"fo", "Zm8="},
                                         {"foo", "Zm9v"},
                                         {"foob", "Zm9vYg=="},
                                         {"fooba", "Zm9vYmE="},
                                         {"foobar", "Zm9vYmFy"}};
    static const char *const bad[] = {"!!!!",     "Zm9",      "Zm9vY",   "Zm 9v", "Zm9v\n",
                                      "Zg=a",     "Z===",     "====",    "Zh==",  "Zm9=",
                                      "Zm8=Zm8=", "Zm9v====", "Zg==Zg=="};
    uint8_t bin[256], back[256];
    char enc[400];
    size_t i, n, m;
    (void)state;

    for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
        size_t len = strlen(vec[i][0]);
        assert_int_equal(
            crypto_base64_encode((const uint8_t *)vec[i][0], len, enc, sizeof(enc), &n), CRYPTO_OK);
        assert_string_equal(enc, vec[i][1]);
        assert_int_equal(n, strlen(vec[i][1]));
        assert_int_equal(crypto_base64_decode(enc, n, back, sizeof(back), &m), CRYPTO_OK);
        assert_int_equal(m, len);
        assert_memory_equal(back, vec[i][0], len);
    }
    /* Random round trips of every length up to 256. */
    assert_int_equal(crypto_random(bin, sizeof(bin)), CRYPTO_OK);
    for (i = 0; i <= sizeof(bin); i++) {
        assert_int_equal(crypto_base64_encode(bin, i, enc, sizeof(enc), &n), CRYPTO_OK);
        assert_int_equal(n, (i + 2) / 3 * 4);
        assert_int_equal(strlen(enc), n);
        assert_int_equal(crypto_base64_decode(enc, n, back, sizeof(back), &m), CRYPTO_OK);
        assert_int_equal(m, i);
        assert_memory_equal(back, bin, i);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(crypto_base64_decode(bad[i], strlen(bad[i]), back, sizeof(back), &m),
                         CRYPTO_ERR_PARSE);
    /* Buffers too small. */
    assert_int_equal(crypto_base64_encode((const uint8_t *)"foo", 3, enc, 4, &n), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_base64_encode((const uint8_t *)"foo", 3, enc, 5, &n), CRYPTO_OK);
    assert_int_equal(crypto_base64_decode("Zm9vYmFy", 8, back, 5, &m), CRYPTO_ERR_ARG);
}

static void test_pbkdf2(void **state)
{
    static const char expect_hex[] =
        "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b";
    /* RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64), first 32 bytes. */
    static const char rfc7914_hex[] =
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
    uint8_t out[32], expect[32];
    (void)state;

    assert_int_equal(crypto_pbkdf2("password", 8, (const uint8_t *)"salt", 4, 1, out, sizeof(out)),
                     CRYPTO_OK);
    assert_int_equal(crypto_hex_decode(expect_hex, expect, sizeof(expect)), CRYPTO_OK);
    assert_memory_equal(out, expect, sizeof(out));

    assert_int_equal(crypto_pbkdf2("passwd", 6, (const uint8_t *)"salt", 4, 1, out, sizeof(out)),
                     CRYPTO_OK);
    assert_int_equal(crypto_hex_decode(rfc7914_hex, expect, sizeof(expect)), CRYPTO_OK);
    assert_memory_equal(out, expect, sizeof(out));

    assert_int_equal(crypto_pbkdf2("password", 8, (const uint8_t *)"salt", 4, 0, out, sizeof(out)),
                     CRYPTO_ERR_ARG);
}

static void test_uuid4_and_random(void **state)
{
    char a[CRYPTO_UUID_LEN], b[CRYPTO_UUID_LEN];
    uint8_t r1[32], r2[32];
    size_t i;
    (void)state;

    assert_int_equal(crypto_uuid4(a), CRYPTO_OK);
    assert_int_equal(crypto_uuid4(b), CRYPTO_OK);
    assert_int_equal(strlen(a), 36);
    for (i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            assert_int_equal(a[i], '-');
        else
            assert_non_null(strchr("0123456789abcdef", a[i]));
    }
    assert_int_equal(a[14], '4');           /* version */
    assert_non_null(strchr("89ab", a[19])); /* RFC 4122 variant */
    assert_string_not_equal(a, b);

    assert_int_equal(crypto_random(r1, sizeof(r1)), CRYPTO_OK);
    assert_int_equal(crypto_random(r2, sizeof(r2)), CRYPTO_OK);
    assert_memory_not_equal(r1, r2, sizeof(r1));
}

static void test_strerror(void **state)
{
    int e;
    (void)state;
    for (e = CRYPTO_OK; e <= CRYPTO_ERR_NOMEM; e++) {
        assert_non_null(crypto_strerror((crypto_err)e));
        assert_true(strlen(crypto_strerror((crypto_err)e)) > 0);
    }
    assert_string_equal(crypto_strerror(CRYPTO_ERR_VERIFY), "signature does not verify");
    assert_non_null(crypto_strerror((crypto_err)99));
    crypto_free(NULL);
}

/* ---- keys and signatures ---- */

static void test_sign_verify(void **state)
{
    static const char msg[] = "paraf: dokumen 42 disetujui";
    char *key = NULL, *pub = NULL, *key2 = NULL, *pub2 = NULL;
    uint8_t sig[CRYPTO_SIG_MAX], bad[CRYPTO_SIG_MAX];
    size_t sig_len = 0;
    char tampered[sizeof(msg)];
    (void)state;

    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_non_null(strstr(key, "-----BEGIN EC PRIVATE KEY-----"));
    assert_int_equal(crypto_key_public_pem(key, &pub), CRYPTO_OK);
    assert_non_null(strstr(pub, "-----BEGIN PUBLIC KEY-----"));
    assert_null(strstr(pub, "PRIVATE"));

    assert_int_equal(crypto_sign(key, msg, strlen(msg), sig, sizeof(sig), &sig_len), CRYPTO_OK);
    assert_true(sig_len >= 8 && sig_len <= 72);
    assert_int_equal(sig[0], 0x30); /* DER SEQUENCE */
    assert_int_equal(crypto_verify(pub, msg, strlen(msg), sig, sig_len), CRYPTO_OK);

    /* Modified message. */
    memcpy(tampered, msg, sizeof(msg));
    tampered[0] ^= 0x01;
    assert_int_equal(crypto_verify(pub, tampered, strlen(tampered), sig, sig_len),
                     CRYPTO_ERR_VERIFY);
    assert_int_equal(crypto_verify(pub, msg, strlen(msg) - 1, sig, sig_len), CRYPTO_ERR_VERIFY);
    /* Modified signature: last byte, and a byte inside r. */
    memcpy(bad, sig, sig_len);
    bad[sig_len - 1] ^= 0x01;
    assert_int_equal(crypto_verify(pub, msg, strlen(msg), bad, sig_len), CRYPTO_ERR_VERIFY);
    memcpy(bad, sig, sig_len);
    bad[10] ^= 0x80;
    assert_int_equal(crypto_verify(pub, msg, strlen(msg), bad, sig_len), CRYPTO_ERR_VERIFY);
    assert_int_equal(crypto_verify(pub, msg, strlen(msg), sig, sig_len - 1), CRYPTO_ERR_VERIFY);
    /* Different key. */
    assert_int_equal(crypto_key_generate(&key2), CRYPTO_OK);
    assert_int_equal(crypto_key_public_pem(key2, &pub2), CRYPTO_OK);
    assert_string_not_equal(pub, pub2);
    assert_int_equal(crypto_verify(pub2, msg, strlen(msg), sig, sig_len), CRYPTO_ERR_VERIFY);

    /* Bad inputs. */
    assert_int_equal(crypto_verify("garbage", msg, strlen(msg), sig, sig_len), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_sign("garbage", msg, strlen(msg), sig, sizeof(sig), &sig_len),
                     CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_sign(key, msg, strlen(msg), sig, 16, &sig_len), CRYPTO_ERR_ARG);
    crypto_free(pub2);
    pub2 = (char *)"sentinel"; /* a failing call must set the output to NULL */
    assert_int_equal(crypto_key_public_pem(pub, &pub2), CRYPTO_ERR_PARSE); /* not a private key */
    assert_null(pub2);

    crypto_free(key);
    crypto_free(pub);
    crypto_free(key2);
}

static void test_sign_openssl(void **state)
{
    static const char msg[] = "{\"doc\":\"SK-2024/17\",\"action\":\"approve\"}";
    char *key = NULL, *pub = NULL;
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t sig_len = 0;
    (void)state;

    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_int_equal(crypto_key_public_pem(key, &pub), CRYPTO_OK);
    assert_int_equal(crypto_sign(key, msg, strlen(msg), sig, sizeof(sig), &sig_len), CRYPTO_OK);

    write_str("pub.pem", pub);
    write_file("msg", msg, strlen(msg));
    write_file("sig.der", sig, sig_len);
    assert_int_equal(run(OPENSSL " dgst -sha256 -verify pub.pem -signature sig.der msg"), 0);
    write_file("msg", "tampered", 8);
    assert_int_not_equal(run(OPENSSL " dgst -sha256 -verify pub.pem -signature sig.der msg"), 0);

    /* And the other way: openssl signs, crypto_verify checks. */
    write_str("key.pem", key);
    write_file("msg", msg, strlen(msg));
    assert_int_equal(run(OPENSSL " dgst -sha256 -sign key.pem -out sig2.der msg"), 0);
    {
        char path[PATH_MAX];
        FILE *f;
        uint8_t sig2[CRYPTO_SIG_MAX];
        size_t n;
        path_of(path, sizeof(path), "sig2.der");
        f = fopen(path, "rb");
        assert_non_null(f);
        n = fread(sig2, 1, sizeof(sig2), f);
        fclose(f);
        assert_true(n > 0);
        assert_int_equal(crypto_verify(pub, msg, strlen(msg), sig2, n), CRYPTO_OK);
    }

    crypto_free(key);
    crypto_free(pub);
}

static void test_wrong_key_types(void **state)
{
    static const char msg[] = "hello";
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t sig_len = 0;
    char rsa_key[4096], rsa_pub[2048], p384_pub[1024], p384_key[1024];
    char *key = NULL, *out = NULL;
    (void)state;

    assert_int_equal(run(OPENSSL " genrsa -out rsa.pem 2048"), 0);
    capture(rsa_key, sizeof(rsa_key), "cat rsa.pem");
    capture(rsa_pub, sizeof(rsa_pub), OPENSSL " pkey -in rsa.pem -pubout");
    assert_non_null(strstr(rsa_pub, "-----BEGIN PUBLIC KEY-----"));
    capture(p384_key, sizeof(p384_key),
            OPENSSL " genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem && cat "
                    "p384.pem");
    capture(p384_pub, sizeof(p384_pub), OPENSSL " pkey -in p384.pem -pubout");

    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_int_equal(crypto_sign(key, msg, strlen(msg), sig, sizeof(sig), &sig_len), CRYPTO_OK);
    assert_int_equal(crypto_verify(rsa_pub, msg, strlen(msg), sig, sig_len), CRYPTO_ERR_KEY);
    assert_int_equal(crypto_verify(p384_pub, msg, strlen(msg), sig, sig_len), CRYPTO_ERR_KEY);
    assert_int_equal(crypto_sign(rsa_key, msg, strlen(msg), sig, sizeof(sig), &sig_len),
                     CRYPTO_ERR_KEY);
    assert_int_equal(crypto_sign(p384_key, msg, strlen(msg), sig, sizeof(sig), &sig_len),
                     CRYPTO_ERR_KEY);
    assert_int_equal(crypto_key_public_pem(rsa_key, &out), CRYPTO_ERR_KEY);
    assert_null(out);
    assert_int_equal(crypto_csr_create(p384_key, "CN=x", &out), CRYPTO_ERR_KEY);
    assert_null(out);

    /* A key id is still defined for other key types (it is only a hash of the SPKI). */
    {
        char id[CRYPTO_SHA256_HEX], expect[256];
        assert_int_equal(crypto_key_id(rsa_pub, id), CRYPTO_OK);
        capture(expect, sizeof(expect),
                OPENSSL " pkey -in rsa.pem -pubout -outform der | " OPENSSL " dgst -sha256 -r");
        assert_int_equal(strncmp(expect, id, 64), 0);
    }
    crypto_free(key);
}

static void test_key_id(void **state)
{
    char *key = NULL, *pub = NULL, *csr = NULL, *ca_key = NULL, *ca_cert = NULL, *cert = NULL;
    char id_key[CRYPTO_SHA256_HEX], id_pub[CRYPTO_SHA256_HEX], id_cert[CRYPTO_SHA256_HEX];
    char expect[256];
    (void)state;

    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_int_equal(crypto_key_public_pem(key, &pub), CRYPTO_OK);
    make_ca(&ca_key, &ca_cert);
    assert_int_equal(crypto_csr_create(key, "CN=paraf-device", &csr), CRYPTO_OK);
    assert_int_equal(crypto_client_cert_issue(ca_key, ca_cert, csr, "CN=paraf-device", 30, &cert),
                     CRYPTO_OK);

    assert_int_equal(crypto_key_id(key, id_key), CRYPTO_OK);
    assert_int_equal(crypto_key_id(pub, id_pub), CRYPTO_OK);
    assert_int_equal(crypto_key_id(cert, id_cert), CRYPTO_OK);
    assert_int_equal(strlen(id_key), 64);
    assert_string_equal(id_key, id_pub);
    assert_string_equal(id_key, id_cert);

    /* Equals SHA-256 of the DER SPKI as openssl computes it. */
    write_str("key.pem", key);
    capture(expect, sizeof(expect),
            OPENSSL " pkey -in key.pem -pubout -outform der | " OPENSSL " dgst -sha256 -r");
    assert_int_equal(strncmp(expect, id_key, 64), 0);

    /* The CA's id differs. */
    assert_int_equal(crypto_key_id(ca_cert, id_cert), CRYPTO_OK);
    assert_string_not_equal(id_key, id_cert);
    assert_int_equal(crypto_key_id("not a pem", id_cert), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_key_id(NULL, id_cert), CRYPTO_ERR_ARG);

    crypto_free(key);
    crypto_free(pub);
    crypto_free(csr);
    crypto_free(ca_key);
    crypto_free(ca_cert);
    crypto_free(cert);
}

/* ---- certificates ---- */

static void test_cert_pin(void **state)
{
    char *ca_key = NULL, *ca_cert = NULL, *key = NULL, *cert = NULL;
    char pin[CRYPTO_PIN_MAX], b64[256], expect[300];
    (void)state;

    make_ca(&ca_key, &ca_cert);
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "127.0.0.1", 30, &key, &cert),
                     CRYPTO_OK);
    write_str("cert.pem", cert);
    assert_int_equal(crypto_cert_pin(cert, pin), CRYPTO_OK);
    capture(b64, sizeof(b64),
            OPENSSL " x509 -in cert.pem -pubkey -noout | " OPENSSL
                    " pkey -pubin -outform der | " OPENSSL " dgst -sha256 -binary | base64");
    assert_int_equal(snprintf(expect, sizeof(expect), "sha256//%s", b64), 8 + 44);
    assert_string_equal(pin, expect);

    assert_int_equal(crypto_cert_pin("garbage", pin), CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_cert_pin(key, pin), CRYPTO_ERR_PARSE); /* a key is not a cert */

    crypto_free(ca_key);
    crypto_free(ca_cert);
    crypto_free(key);
    crypto_free(cert);
}

/* mbedTLS's own chain + hostname verification (what the device does). */
static uint32_t mbedtls_verify(const char *ca_pem, const char *cert_pem, const char *cn)
{
    mbedtls_x509_crt ca, crt;
    uint32_t flags = 0;
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&crt);
    assert_int_equal(mbedtls_x509_crt_parse(&ca, (const unsigned char *)ca_pem, strlen(ca_pem) + 1),
                     0);
    assert_int_equal(
        mbedtls_x509_crt_parse(&crt, (const unsigned char *)cert_pem, strlen(cert_pem) + 1), 0);
    if (mbedtls_x509_crt_verify(&crt, &ca, NULL, cn, &flags, NULL, NULL) != 0 && flags == 0)
        flags = UINT32_MAX;
    mbedtls_x509_crt_free(&crt);
    mbedtls_x509_crt_free(&ca);
    return flags;
}

static void test_ca_and_server_cert(void **state)
{
    char *ca_key = NULL, *ca_cert = NULL, *key = NULL, *cert = NULL, *other_key = NULL;
    char *k2 = NULL, *c2 = NULL;
    char out[4096], id_a[CRYPTO_SHA256_HEX], id_b[CRYPTO_SHA256_HEX];
    int64_t na = 0;
    int64_t now;
    (void)state;

    make_ca(&ca_key, &ca_cert);
    capture(out, sizeof(out), OPENSSL " x509 -in ca.pem -noout -ext basicConstraints,keyUsage");
    assert_non_null(strstr(out, "CA:TRUE"));
    assert_non_null(strstr(out, "Certificate Sign"));
    assert_non_null(strstr(out, "CRL Sign"));
    capture(out, sizeof(out), OPENSSL " x509 -in ca.pem -noout -text");
    assert_non_null(strstr(out, "ecdsa-with-SHA256"));
    assert_non_null(strstr(out, "prime256v1"));
    assert_non_null(strstr(out, "X509v3 Subject Key Identifier"));

    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "127.0.0.1", 30, &key, &cert),
                     CRYPTO_OK);
    assert_non_null(strstr(key, "-----BEGIN EC PRIVATE KEY-----"));
    write_str("server.pem", cert);
    capture(out, sizeof(out), OPENSSL " verify -CAfile ca.pem server.pem");
    assert_non_null(strstr(out, "server.pem: OK"));
    assert_int_equal(
        run(OPENSSL " verify -CAfile ca.pem -purpose sslserver -verify_ip 127.0.0.1 server.pem"),
        0);
    capture(out, sizeof(out), OPENSSL " x509 -in server.pem -noout -ext subjectAltName");
    assert_non_null(strstr(out, "DNS:127.0.0.1"));
    assert_non_null(strstr(out, "IP Address:127.0.0.1"));
    capture(out, sizeof(out), OPENSSL " x509 -in server.pem -noout -ext extendedKeyUsage");
    assert_non_null(strstr(out, "TLS Web Server Authentication"));
    capture(out, sizeof(out),
            OPENSSL " x509 -in server.pem -noout -ext basicConstraints,keyUsage,"
                    "authorityKeyIdentifier,subjectKeyIdentifier");
    assert_non_null(strstr(out, "CA:FALSE"));
    assert_non_null(strstr(out, "Digital Signature"));
    assert_non_null(strstr(out, "Authority Key Identifier"));
    assert_non_null(strstr(out, "Subject Key Identifier"));
    capture(out, sizeof(out),
            OPENSSL " x509 -in server.pem -noout -subject -nameopt sep_comma_plus");
    assert_string_equal(out, "subject=CN=127.0.0.1");
    /* mbedTLS 2.28 only matches DNS names: DNS:127.0.0.1 makes this work. */
    assert_int_equal(mbedtls_verify(ca_cert, cert, "127.0.0.1"), 0);
    assert_int_not_equal(mbedtls_verify(ca_cert, cert, "127.0.0.2"), 0);

    /* The key returned belongs to the certificate. */
    assert_int_equal(crypto_key_id(key, id_a), CRYPTO_OK);
    assert_int_equal(crypto_key_id(cert, id_b), CRYPTO_OK);
    assert_string_equal(id_a, id_b);

    now = (int64_t)time(NULL);
    assert_int_equal(crypto_cert_not_after(cert, &na), CRYPTO_OK);
    assert_true(na >= now + 30 * 86400 - 60 && na <= now + 30 * 86400 + 60);
    assert_int_equal(crypto_cert_not_after(ca_cert, &na), CRYPTO_OK);
    assert_true(na >= now + 30 * 86400 - 60 && na <= now + 30 * 86400 + 60);
    assert_int_equal(crypto_cert_not_after("garbage", &na), CRYPTO_ERR_PARSE);

    /* A DNS host: DNS SAN only, no IP SAN. */
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "hub.paraf.local", 3650, &k2, &c2),
                     CRYPTO_OK);
    write_str("server2.pem", c2);
    assert_int_equal(run(OPENSSL " verify -CAfile ca.pem -purpose sslserver -verify_hostname "
                                 "hub.paraf.local server2.pem"),
                     0);
    capture(out, sizeof(out), OPENSSL " x509 -in server2.pem -noout -ext subjectAltName");
    assert_non_null(strstr(out, "DNS:hub.paraf.local"));
    assert_null(strstr(out, "IP Address"));
    assert_int_equal(mbedtls_verify(ca_cert, c2, "hub.paraf.local"), 0);
    assert_int_equal(crypto_cert_not_after(c2, &na), CRYPTO_OK);
    now = (int64_t)time(NULL);
    assert_true(na >= now + 3650LL * 86400 - 60 && na <= now + 3650LL * 86400 + 60);
    crypto_free(k2);
    crypto_free(c2);
    k2 = c2 = NULL;

    /* Bad arguments: host with a space or a comma, days out of range, CA key not matching. */
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "bad host", 30, &k2, &c2),
                     CRYPTO_ERR_ARG);
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "a,O=evil", 30, &k2, &c2),
                     CRYPTO_ERR_ARG);
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_server_cert_create(ca_key, ca_cert, "h", 0, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_key_generate(&other_key), CRYPTO_OK);
    assert_int_equal(crypto_server_cert_create(other_key, ca_cert, "h", 30, &k2, &c2),
                     CRYPTO_ERR_KEY);
    assert_null(k2);
    assert_null(c2);
    /* A leaf certificate cannot act as the CA. */
    assert_int_equal(crypto_server_cert_create(key, cert, "h", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_ca_create("nonsense", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_ca_create("CN=x,trailing", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_ca_create("XX=unknown", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_ca_create("", 30, &k2, &c2), CRYPTO_ERR_ARG);
    assert_int_equal(crypto_ca_create("CN=x", -1, &k2, &c2), CRYPTO_ERR_ARG);
    assert_null(k2);
    assert_null(c2);
    assert_int_equal(crypto_csr_create(key, "nonsense", &k2), CRYPTO_ERR_ARG);
    assert_null(k2);

    crypto_free(ca_key);
    crypto_free(ca_cert);
    crypto_free(key);
    crypto_free(cert);
    crypto_free(other_key);
}

/* Flip a bit in the last byte of a PEM object's DER (the end of the signature) and re-wrap it. */
static char *flip_last_der_byte(const char *pem, const char *label)
{
    char begin[80], end[80], body[4096], *out;
    uint8_t der[3072];
    char enc[4096];
    const char *b, *e, *s;
    size_t n = 0, der_len = 0, enc_len = 0, cap;
    assert_true(snprintf(begin, sizeof(begin), "-----BEGIN %s-----", label) < (int)sizeof(begin));
    assert_true(snprintf(end, sizeof(end), "-----END %s-----", label) < (int)sizeof(end));
    b = strstr(pem, begin);
    e = strstr(pem, end);
    assert_non_null(b);
    assert_non_null(e);
    for (s = b + strlen(begin); s < e; s++)
        if (*s != '\n' && *s != '\r') {
            assert_true(n < sizeof(body));
            body[n++] = *s;
        }
    assert_int_equal(crypto_base64_decode(body, n, der, sizeof(der), &der_len), CRYPTO_OK);
    assert_true(der_len > 0);
    der[der_len - 1] ^= 0x01;
    assert_int_equal(crypto_base64_encode(der, der_len, enc, sizeof(enc), &enc_len), CRYPTO_OK);
    cap = strlen(begin) + enc_len + strlen(end) + 4;
    out = malloc(cap);
    assert_non_null(out);
    assert_true(snprintf(out, cap, "%s\n%s\n%s\n", begin, enc, end) < (int)cap);
    return out;
}

static void test_csr_and_client_cert(void **state)
{
    static const char subject[] = "CN=paraf-device,O=Pemprov Bali";
    char *key = NULL, *pub = NULL, *csr = NULL, *csr_pub = NULL, *bad = NULL;
    char *ca_key = NULL, *ca_cert = NULL, *cert = NULL, *out_pem = NULL;
    char out[4096];
    int64_t na = 0, now;
    (void)state;

    assert_int_equal(crypto_key_generate(&key), CRYPTO_OK);
    assert_int_equal(crypto_key_public_pem(key, &pub), CRYPTO_OK);
    assert_int_equal(crypto_csr_create(key, "CN=ignored-by-issuer", &csr), CRYPTO_OK);
    assert_non_null(strstr(csr, "-----BEGIN CERTIFICATE REQUEST-----"));
    write_str("req.pem", csr);
    assert_int_equal(run(OPENSSL " req -in req.pem -noout -verify"), 0);

    assert_int_equal(crypto_csr_verify(csr, &csr_pub), CRYPTO_OK);
    assert_string_equal(csr_pub, pub);

    /* Rejections: flipped signature byte, garbage, a certificate instead of a CSR. */
    bad = flip_last_der_byte(csr, "CERTIFICATE REQUEST");
    assert_string_not_equal(bad, csr);
    assert_int_equal(crypto_csr_verify(bad, &out_pem), CRYPTO_ERR_VERIFY);
    assert_null(out_pem);
    assert_int_equal(crypto_csr_verify("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                                       "-----END CERTIFICATE REQUEST-----\n",
                                       &out_pem),
                     CRYPTO_ERR_PARSE);
    assert_int_equal(crypto_csr_verify("garbage", &out_pem), CRYPTO_ERR_PARSE);
    assert_null(out_pem);

    make_ca(&ca_key, &ca_cert);
    /* The issuer refuses a CSR whose signature does not verify. */
    assert_int_equal(crypto_client_cert_issue(ca_key, ca_cert, bad, subject, 30, &out_pem),
                     CRYPTO_ERR_VERIFY);
    assert_null(out_pem);

    assert_int_equal(crypto_client_cert_issue(ca_key, ca_cert, csr, subject, 30, &cert), CRYPTO_OK);
    write_str("client.pem", cert);
    capture(out, sizeof(out), OPENSSL " verify -CAfile ca.pem -purpose sslclient client.pem");
    assert_non_null(strstr(out, "client.pem: OK"));
    /* Not a server certificate. */
    assert_int_not_equal(run(OPENSSL " verify -CAfile ca.pem -purpose sslserver client.pem"), 0);
    capture(out, sizeof(out),
            OPENSSL " x509 -in client.pem -noout -subject -nameopt sep_comma_plus");
    assert_string_equal(out, "subject=CN=paraf-device,O=Pemprov Bali");
    capture(out, sizeof(out),
            OPENSSL " x509 -in client.pem -noout -issuer -nameopt sep_comma_plus");
    assert_string_equal(out, "issuer=CN=Paraf Dev CA,O=Pemprov Bali");
    capture(out, sizeof(out),
            OPENSSL " x509 -in client.pem -noout -ext extendedKeyUsage,keyUsage,basicConstraints");
    assert_non_null(strstr(out, "TLS Web Client Authentication"));
    assert_null(strstr(out, "Server"));
    assert_non_null(strstr(out, "Digital Signature"));
    assert_non_null(strstr(out, "CA:FALSE"));
    capture(out, sizeof(out), OPENSSL " x509 -in client.pem -noout -serial");
    assert_int_equal(strlen(out), strlen("serial=") + 32); /* 16 bytes, top bit clear */
    assert_non_null(strchr("01234567", out[strlen("serial=")]));
    assert_int_equal(mbedtls_verify(ca_cert, cert, NULL), 0);

    now = (int64_t)time(NULL);
    assert_int_equal(crypto_cert_not_after(cert, &na), CRYPTO_OK);
    assert_true(na >= now + 30 * 86400 - 60 && na <= now + 30 * 86400 + 60);

    crypto_free(key);
    crypto_free(pub);
    crypto_free(csr);
    crypto_free(csr_pub);
    free(bad);
    crypto_free(ca_key);
    crypto_free(ca_cert);
    crypto_free(cert);
}

/* ---- concurrency ---- */

/* Runs in its own thread: no cmocka assertions here (they longjmp), just a failure count. */
static void *worker(void *arg)
{
    static const char msg[] = "concurrent";
    intptr_t failures = 0;
    int i;
    (void)arg;
    for (i = 0; i < 5; i++) {
        char *key = NULL, *pub = NULL, uuid[CRYPTO_UUID_LEN];
        uint8_t sig[CRYPTO_SIG_MAX];
        size_t sig_len = 0;
        if (crypto_key_generate(&key) != CRYPTO_OK ||
            crypto_key_public_pem(key, &pub) != CRYPTO_OK ||
            crypto_sign(key, msg, strlen(msg), sig, sizeof(sig), &sig_len) != CRYPTO_OK ||
            crypto_verify(pub, msg, strlen(msg), sig, sig_len) != CRYPTO_OK ||
            crypto_uuid4(uuid) != CRYPTO_OK)
            failures++;
        crypto_free(key);
        crypto_free(pub);
    }
    return (void *)failures;
}

static void test_threads(void **state)
{
    pthread_t t[4];
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
    for (i = 0; i < 4; i++) {
        void *ret = NULL;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_int_equal((intptr_t)ret, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_pbkdf2),
        cmocka_unit_test(test_uuid4_and_random),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_sign_verify),
        cmocka_unit_test(test_sign_openssl),
        cmocka_unit_test(test_wrong_key_types),
        cmocka_unit_test(test_key_id),
        cmocka_unit_test(test_cert_pin),
        cmocka_unit_test(test_ca_and_server_cert),
        cmocka_unit_test(test_csr_and_client_cert),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
