/* hubtest: process control of a real paraf-hub and an HTTPS client for tests. */
#include "hubtest.h"

#include "crypto.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef HUB_BINARY
#define HUB_BINARY "paraf-hub"
#endif

const char *hubtest_binary = HUB_BINARY;

static void set_str(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int spawn(hubtest_hub *h, const char *const *extra)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    const char *argv[40];
    int n = 0;
    argv[n++] = hubtest_binary;
    argv[n++] = "--data";
    argv[n++] = h->dir;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--quiet";
    for (int i = 0; extra && extra[i] && n < 38; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* The hub dies with the test, even when a failed assertion skips the teardown. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(hubtest_binary, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    h->pid = pid;
    FILE *f = fdopen(fds[0], "r");
    char line[600];
    int got = 0;
    memset(h->tokens, 0, sizeof h->tokens);
    /* Read until the pin line and the token lines: url, ca, pin come first. */
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "url ", 4) == 0)
            set_str(h->url, sizeof h->url, line + 4), got++;
        else if (strncmp(line, "ca ", 3) == 0)
            set_str(h->ca, sizeof h->ca, line + 3), got++;
        else if (strncmp(line, "pin ", 4) == 0)
            set_str(h->pin, sizeof h->pin, line + 4), got++;
        else if (strncmp(line, "token approver ", 15) == 0)
            set_str(h->tokens[0], sizeof h->tokens[0], line + 15);
        else if (strncmp(line, "token board ", 12) == 0)
            set_str(h->tokens[1], sizeof h->tokens[1], line + 12);
        else if (strncmp(line, "token field ", 12) == 0)
            set_str(h->tokens[2], sizeof h->tokens[2], line + 12);
        if (got == 3 && strncmp(line, "token field", 11) == 0)
            break;
    }
    if (f)
        fclose(f); /* the hub's later stdout writes go to a closed pipe: it prints nothing more */
    return got == 3 ? 0 : -1;
}

int hubtest_start(hubtest_hub *h, const char *const *extra)
{
    memset(h, 0, sizeof *h);
    snprintf(h->dir, sizeof h->dir, "/tmp/paraf-hubtest-XXXXXX");
    if (!mkdtemp(h->dir))
        return -1;
    return spawn(h, extra);
}

int hubtest_restart(hubtest_hub *h, const char *const *extra)
{
    return spawn(h, extra);
}

int hubtest_stop(hubtest_hub *h)
{
    if (h->pid <= 0)
        return -1;
    kill(h->pid, SIGTERM);
    int st = 0;
    pid_t r;
    do
        r = waitpid(h->pid, &st, 0);
    while (r < 0 && errno == EINTR);
    h->pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void hubtest_destroy(hubtest_hub *h)
{
    hubtest_stop(h);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", h->dir);
    if (strncmp(h->dir, "/tmp/paraf-hubtest-", 19) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", h->dir);
}

int hubtest_read_token(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *ok = fgets(out, (int)cap, f);
    fclose(f);
    if (!ok)
        return -1;
    out[strcspn(out, "\n")] = '\0';
    return 0;
}

int hubtest_new_token(hubtest_hub *h, const char *profile_user, char *out, size_t cap)
{
    char path[400], cmd[1200];
    static int seq;
    snprintf(path, sizeof path, "%s/extra-%d.token", h->dir, ++seq);
    snprintf(cmd, sizeof cmd, "'%s' --data '%s' --new-token '%s' '%s'", hubtest_binary, h->dir,
             profile_user, path);
    if (system(cmd) != 0)
        return -1;
    return hubtest_read_token(path, out, cap);
}

static int write_file(const char *path, const char *data, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return -1;
    size_t n = strlen(data);
    int r = write(fd, data, n) == (ssize_t)n ? 0 : -1;
    close(fd);
    return r;
}

long hubtest_enroll(hubtest_hub *h, const char *token, hubtest_device *d)
{
    memset(d, 0, sizeof *d);
    char *csr = NULL;
    if (crypto_key_generate(&d->key_pem) != CRYPTO_OK ||
        crypto_csr_create(d->key_pem, "CN=paraf-device,O=Pemprov Bali", &csr) != CRYPTO_OK ||
        crypto_key_id(d->key_pem, d->key_id) != CRYPTO_OK)
        return -1;
    char body[8192];
    /* The CSR PEM has newlines: escape them for JSON. */
    char esc[6000];
    size_t k = 0;
    for (const char *c = csr; *c && k + 3 < sizeof esc; c++) {
        if (*c == '\n') {
            esc[k++] = '\\';
            esc[k++] = 'n';
        } else {
            esc[k++] = *c;
        }
    }
    esc[k] = '\0';
    crypto_free(csr);
    snprintf(body, sizeof body, "{\"token\":\"%s\",\"csr\":\"%s\"}", token, esc);
    hubtest_resp r =
        hubtest_request(h, NULL, "POST", "/v1/devices/enroll", NULL, body, strlen(body));
    long status = r.status;
    if (status == 201) {
        /* Extract "certificate" from the JSON answer. */
        const char *p = strstr(r.body, "\"certificate\":\"");
        char cert[6000];
        size_t n = 0;
        if (p) {
            for (p += 15; *p && *p != '"' && n + 1 < sizeof cert; p++) {
                if (p[0] == '\\' && p[1] == 'n') {
                    cert[n++] = '\n';
                    p++;
                } else {
                    cert[n++] = *p;
                }
            }
        }
        cert[n] = '\0';
        static int seq;
        seq++;
        snprintf(d->key_pem_path, sizeof d->key_pem_path, "%s/test-device-%d.key", h->dir, seq);
        snprintf(d->cert_path, sizeof d->cert_path, "%s/test-device-%d.pem", h->dir, seq);
        if (write_file(d->key_pem_path, d->key_pem, 0600) || write_file(d->cert_path, cert, 0644))
            status = -1;
        const char *u = strstr(r.body, "\"user_id\":\"");
        if (u)
            sscanf(u + 11, "%64[^\"]", d->user_id);
    }
    hubtest_resp_free(&r);
    return status;
}

void hubtest_device_free(hubtest_device *d)
{
    crypto_free(d->key_pem);
    d->key_pem = NULL;
}

typedef struct {
    char *buf;
    size_t len;
} grow;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    grow *g = ud;
    size_t add = sz * n;
    char *nb = realloc(g->buf, g->len + add + 1);
    if (!nb)
        return 0;
    g->buf = nb;
    memcpy(g->buf + g->len, p, add);
    g->len += add;
    g->buf[g->len] = '\0';
    return add;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    hubtest_resp *r = ud;
    size_t len = sz * n;
    if (len > 6 && strncasecmp(p, "ETag: ", 6) == 0)
        snprintf(r->etag, sizeof r->etag, "%.*s", (int)(len - 6), p + 6);
    if (len > 14 && strncasecmp(p, "Content-Type: ", 14) == 0)
        snprintf(r->ctype, sizeof r->ctype, "%.*s", (int)(len - 14), p + 14);
    r->etag[strcspn(r->etag, "\r\n")] = '\0';
    r->ctype[strcspn(r->ctype, "\r\n")] = '\0';
    return len;
}

hubtest_resp hubtest_request(hubtest_hub *h, const hubtest_device *dev, const char *method,
                             const char *path, const char *const *headers, const char *body,
                             size_t body_len)
{
    hubtest_resp r;
    memset(&r, 0, sizeof r);
    grow g = {NULL, 0};
    CURL *c = curl_easy_init();
    char url[400];
    snprintf(url, sizeof url, "%s%s", h->url, path);
    struct curl_slist *hl = NULL;
    for (int i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    if (body)
        hl = curl_slist_append(hl, "Content-Type: application/json");
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CAINFO, h->ca);
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, h->pin);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    if (dev) {
        curl_easy_setopt(c, CURLOPT_SSLCERT, dev->cert_path);
        curl_easy_setopt(c, CURLOPT_SSLKEY, dev->key_pem_path);
    }
    r.curl_code = (int)curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r.seconds);
    if (r.curl_code != CURLE_OK)
        r.status = 0;
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    r.body = g.buf ? g.buf : calloc(1, 1);
    r.len = g.len;
    return r;
}

void hubtest_resp_free(hubtest_resp *r)
{
    free(r->body);
    r->body = NULL;
}

char *hubtest_sql(hubtest_hub *h, const char *sql)
{
    char path[400];
    snprintf(path, sizeof path, "%s/hub.db", h->dir);
    sqlite3 *db = NULL;
    char *out = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            out = strdup(t ? (const char *)t : "");
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out ? out : strdup("");
}
