/* pki: the hub's data directory. On first start: a development CA, a server certificate for the
 * listen host, the stand-in signing-service key, and one-time enrolment tokens (one per profile).
 * Private keys and tokens are written 0600, atomically (temp file, fsync, rename, fsync dir). */
#include "crypto.h"
#include "hub.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (n >= 0 && n < 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static int fsync_dir_of(const char *path)
{
    char copy[600];
    snprintf(copy, sizeof copy, "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

static int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        fprintf(stderr, "paraf-hub: cannot write %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fprintf(stderr, "paraf-hub: cannot write %s: %s\n", tmp, strerror(errno));
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0 || fsync_dir_of(path) != 0) {
        fprintf(stderr, "paraf-hub: cannot save %s: %s\n", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int path_in(const hub *h, const char *name, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", h->data_dir, name);
    if (n < 0 || (size_t)n >= cap) {
        fprintf(stderr, "paraf-hub: path too long: %s/%s\n", h->data_dir, name);
        return -1;
    }
    return 0;
}

/* Load a PEM from the data directory, or create it with make() and save it. */
static char *load_key(hub *h, const char *name)
{
    char p[600];
    return path_in(h, name, p, sizeof p) ? NULL : read_file(p);
}

static int save(hub *h, const char *name, const char *pem, mode_t mode)
{
    char p[600];
    return path_in(h, name, p, sizeof p) ? -1 : write_file_atomic(p, pem, strlen(pem), mode);
}

int hub_token_issue(hub *h, const char *user_id, const char *profile, const char *path)
{
    uint8_t raw[24];
    char token[49], sha[CRYPTO_SHA256_HEX], now[21];
    if (crypto_random(raw, sizeof raw) != CRYPTO_OK)
        return -1;
    crypto_hex(raw, sizeof raw, token);
    crypto_zero(raw, sizeof raw);
    crypto_sha256_hex(token, strlen(token), sha);
    hub_now(now);
    const char *p[] = {sha, user_id, profile, now};
    if (db_exec(h->db,
                "INSERT INTO enroll_tokens(token_sha256, user_id, profile, created_at) "
                "VALUES(?1,?2,?3,?4)",
                p, 4) != DB_OK)
        return -1;
    char line[64];
    int n = snprintf(line, sizeof line, "%s\n", token);
    int r = write_file_atomic(path, line, (size_t)n, 0600);
    crypto_zero(token, sizeof token);
    crypto_zero(line, sizeof line);
    return r;
}

int hub_pki_setup(hub *h, const char *host)
{
    char name[200];
    h->ca_key_pem = load_key(h, "ca.key");
    h->ca_cert_pem = load_key(h, "ca.pem");
    if (!h->ca_key_pem || !h->ca_cert_pem) {
        crypto_free(h->ca_key_pem);
        crypto_free(h->ca_cert_pem);
        h->ca_key_pem = h->ca_cert_pem = NULL;
        if (crypto_ca_create("CN=Paraf Development CA,O=Pemprov Bali (demo)", 3650, &h->ca_key_pem,
                             &h->ca_cert_pem) != CRYPTO_OK ||
            save(h, "ca.key", h->ca_key_pem, 0600) || save(h, "ca.pem", h->ca_cert_pem, 0644)) {
            fprintf(stderr, "paraf-hub: cannot create the development CA\n");
            return -1;
        }
    }
    snprintf(name, sizeof name, "server-%s.key", host);
    h->server_key_pem = load_key(h, name);
    snprintf(name, sizeof name, "server-%s.pem", host);
    h->server_cert_pem = load_key(h, name);
    if (!h->server_key_pem || !h->server_cert_pem) {
        crypto_free(h->server_key_pem);
        crypto_free(h->server_cert_pem);
        h->server_key_pem = h->server_cert_pem = NULL;
        if (crypto_server_cert_create(h->ca_key_pem, h->ca_cert_pem, host, 825, &h->server_key_pem,
                                      &h->server_cert_pem) != CRYPTO_OK) {
            fprintf(stderr, "paraf-hub: cannot create a server certificate for %s\n", host);
            return -1;
        }
        snprintf(name, sizeof name, "server-%s.key", host);
        if (save(h, name, h->server_key_pem, 0600))
            return -1;
        snprintf(name, sizeof name, "server-%s.pem", host);
        if (save(h, name, h->server_cert_pem, 0644))
            return -1;
    }
    h->tte_key_pem = load_key(h, "tte-standin.key");
    if (!h->tte_key_pem) {
        char *pub = NULL;
        if (crypto_key_generate(&h->tte_key_pem) != CRYPTO_OK ||
            save(h, "tte-standin.key", h->tte_key_pem, 0600) ||
            crypto_key_public_pem(h->tte_key_pem, &pub) != CRYPTO_OK ||
            save(h, "tte-standin.pub", pub, 0644)) {
            crypto_free(pub);
            fprintf(stderr, "paraf-hub: cannot create the signing-service key\n");
            return -1;
        }
        crypto_free(pub);
    }
    if (crypto_cert_pin(h->server_cert_pem, h->pin) != CRYPTO_OK) {
        fprintf(stderr, "paraf-hub: the server certificate in %s cannot be read\n", h->data_dir);
        return -1;
    }
    /* One-time enrolment tokens, one per profile, made on first start only. */
    static const char *const tokens[][2] = {
        {"approver", "sekda"}, {"board", "papan-mpp"}, {"field", "petugas-01"}};
    char tdir[600];
    if (path_in(h, "tokens", tdir, sizeof tdir))
        return -1;
    if (mkdir(tdir, 0700) == 0) {
        for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
            char tp[700];
            snprintf(tp, sizeof tp, "%s/%s.token", tdir, tokens[i][0]);
            if (hub_token_issue(h, tokens[i][1], tokens[i][0], tp) != 0) {
                fprintf(stderr, "paraf-hub: cannot create enrolment token %s\n", tp);
                return -1;
            }
        }
    } else if (errno != EEXIST) {
        fprintf(stderr, "paraf-hub: cannot create %s: %s\n", tdir, strerror(errno));
        return -1;
    }
    return 0;
}
