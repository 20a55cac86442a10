/* http: libcurl multi interface with safe options for an unattended device (tech-notes, TLS):
 * CA + public-key pin, no redirects, https only, connect and total timeouts, a response size cap
 * enforced in the write callback, keep-alive connection reuse held by the multi handle. Request
 * bodies may carry a passphrase, so curl sends them from our buffer (POSTFIELDS, not COPY...) and
 * we zeroise it when the transfer ends. */
#include "http.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct http_xfer {
    CURL *easy;
    struct curl_slist *headers;
    char *req_body;
    size_t req_len;
    char *buf;
    size_t len, alloc, cap;
    bool over_cap;
    char etag[80];
    http_result *res; /* pre-allocated so completion cannot fail for lack of memory */
    bool added;       /* inside the multi handle */
    http_progress_fn progress;
    void *progress_ctx;
    struct http_xfer *prev, *next;
} http_xfer;

struct http {
    CURLM *multi;
    char base[256];
    char ca_file[512];
    char pin[80];
    char protocols[16];
    char cert[600], key[600];
    long connect_ms, total_ms;
    size_t active;
    http_xfer *xfers; /* in flight, for abandoning them on destroy */
    http_result *done_head, *done_tail;
};

/* Loopback hosts may use plain http (tests); everything else must be https. */
static bool http_url_loopback(const char *hostpart)
{
    return strncmp(hostpart, "127.", 4) == 0 || strncmp(hostpart, "localhost", 9) == 0 ||
           strncmp(hostpart, "[::1]", 5) == 0;
}

http *http_create(const worker_config *cfg, char *err, size_t cap)
{
    http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, cap, "out of memory");
        goto fail;
    }
    bool https = strncmp(cfg->hub_url, "https://", 8) == 0;
    bool plain = strncmp(cfg->hub_url, "http://", 7) == 0;
    if (!https && !(plain && http_url_loopback(cfg->hub_url + 7))) {
        snprintf(err, cap, "hub url must be https:// (http:// only for loopback): %s",
                 cfg->hub_url);
        goto fail;
    }
    if (https && (!cfg->ca_file[0] || strncmp(cfg->server_pin, "sha256//", 8) != 0)) {
        snprintf(err, cap, "https needs a CA file and a sha256// server pin");
        goto fail;
    }
    snprintf(h->base, sizeof h->base, "%s", cfg->hub_url);
    snprintf(h->ca_file, sizeof h->ca_file, "%s", cfg->ca_file);
    snprintf(h->pin, sizeof h->pin, "%s", cfg->server_pin);
    snprintf(h->protocols, sizeof h->protocols, "%s", https ? "https" : "http,https");
    h->connect_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000;
    h->total_ms = cfg->request_timeout_ms > 0 ? cfg->request_timeout_ms : 30000;
    h->multi = curl_multi_init();
    if (!h->multi) {
        snprintf(err, cap, "curl_multi_init failed");
        goto fail;
    }
    curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    fprintf(stderr, "paraf: libcurl %s, TLS %s\n", v->version,
            v->ssl_version ? v->ssl_version : "(none)");
    return h;
fail:
    http_destroy(h);
    return NULL;
}

static void http_xfer_free(http *h, http_xfer *x)
{
    if (!x)
        return;
    if (x->added) {
        curl_multi_remove_handle(h->multi, x->easy);
        if (x->prev)
            x->prev->next = x->next;
        else
            h->xfers = x->next;
        if (x->next)
            x->next->prev = x->prev;
        h->active--;
    }
    curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers);
    if (x->req_body) {
        crypto_zero(x->req_body, x->req_len);
        free(x->req_body);
    }
    free(x->buf);
    http_result_free(x->res);
    free(x);
}

void http_destroy(http *h)
{
    if (!h)
        return;
    if (h->multi) {
        while (h->xfers) /* abandon transfers in flight */
            http_xfer_free(h, h->xfers);
        curl_multi_cleanup(h->multi);
    }
    while (h->done_head) {
        http_result *r = h->done_head;
        h->done_head = r->next;
        http_result_free(r);
    }
    free(h);
}

void http_set_client(http *h, const char *cert_path, const char *key_path)
{
    snprintf(h->cert, sizeof h->cert, "%s", cert_path ? cert_path : "");
    snprintf(h->key, sizeof h->key, "%s", key_path ? key_path : "");
}

static size_t http_on_body(char *p, size_t sz, size_t n, void *ud)
{
    http_xfer *x = ud;
    size_t add = sz * n;
    if (add > x->cap - x->len) {
        x->over_cap = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (x->len + add + 1 > x->alloc) {
        size_t na = x->alloc ? x->alloc : 16384;
        while (na < x->len + add + 1)
            na *= 2;
        char *nb = realloc(x->buf, na);
        if (!nb)
            return 0;
        x->buf = nb;
        x->alloc = na;
    }
    memcpy(x->buf + x->len, p, add);
    x->len += add;
    x->buf[x->len] = '\0';
    return add;
}

static size_t http_on_header(char *p, size_t sz, size_t n, void *ud)
{
    http_xfer *x = ud;
    size_t len = sz * n;
    if (len > 5 && strncasecmp(p, "ETag:", 5) == 0) {
        const char *v = p + 5;
        size_t vl = len - 5;
        while (vl && (*v == ' ' || *v == '\t'))
            v++, vl--;
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
            vl--;
        if (vl < sizeof x->etag) {
            memcpy(x->etag, v, vl);
            x->etag[vl] = '\0';
        }
    }
    return len;
}

static int http_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                            curl_off_t ulnow)
{
    http_xfer *x = ud;
    (void)dltotal;
    (void)dlnow;
    if (x->progress && x->res)
        x->progress(x->progress_ctx, x->res->ref, (int64_t)ulnow, (int64_t)ultotal);
    return 0;
}

/* curl_slist_append returns NULL without freeing the list when it fails. */
static bool http_header_add(http_xfer *x, const char *line)
{
    struct curl_slist *l = curl_slist_append(x->headers, line);
    if (l)
        x->headers = l;
    return l != NULL;
}

bool http_submit(http *h, http_request *rq)
{
    char url[700], line[160];
    http_xfer *x = calloc(1, sizeof *x);
    if (!x)
        goto fail;
    x->req_body = rq->body;
    x->req_len = rq->body_len;
    rq->body = NULL;
    x->cap = rq->cap ? rq->cap : WIRE_BODY_MAX;
    x->res = calloc(1, sizeof *x->res);
    x->easy = curl_easy_init();
    int n = snprintf(url, sizeof url, "%s%s", h->base, rq->path);
    if (!x->res || !x->easy || n < 0 || (size_t)n >= sizeof url)
        goto fail;
    x->res->tag = rq->tag;
    x->res->arg = rq->arg;
    snprintf(x->res->ref, sizeof x->res->ref, "%s", rq->ref ? rq->ref : "");

    bool ok = true;
    if (rq->if_none_match && rq->if_none_match[0]) {
        snprintf(line, sizeof line, "If-None-Match: %s", rq->if_none_match);
        ok = http_header_add(x, line);
    }
    if (ok && rq->idempotency_key) {
        snprintf(line, sizeof line, "Idempotency-Key: %s", rq->idempotency_key);
        ok = http_header_add(x, line);
    }
    if (ok && x->req_body) {
        snprintf(line, sizeof line, "Content-Type: %s",
                 rq->content_type ? rq->content_type : "application/json");
        ok = http_header_add(x, line);
    }
    /* No "Expect: 100-continue" round trip for small JSON bodies. */
    if (!ok || !http_header_add(x, "Expect:"))
        goto fail;

    CURL *e = x->easy;
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, h->protocols);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->connect_ms);
    if (rq->upload) {
        /* A photo over a slow link: bounded by progress rather than by a total time. */
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 600000L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
    } else {
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->total_ms);
    }
    if (rq->upload && rq->progress) {
        x->progress = rq->progress;
        x->progress_ctx = rq->progress_ctx;
        curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, http_on_progress);
        curl_easy_setopt(e, CURLOPT_XFERINFODATA, x);
    }
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 15L);
    /* Below the hub's 60 s idle close, so a reused connection is rarely one being torn down. */
    curl_easy_setopt(e, CURLOPT_MAXAGE_CONN, 50L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "paraf/0.1");
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->ca_file[0])
        curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
    if (h->pin[0])
        curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, h->pin);
    if (rq->client_cert && h->cert[0]) {
        curl_easy_setopt(e, CURLOPT_SSLCERT, h->cert);
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(e, CURLOPT_SSLKEY, h->key);
        curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
    if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "POST") != 0)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, rq->method);
    if (x->req_body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->req_body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->req_len);
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
    if (curl_multi_add_handle(h->multi, e) != CURLM_OK)
        goto fail;
    x->added = true;
    x->next = h->xfers;
    if (h->xfers)
        h->xfers->prev = x;
    h->xfers = x;
    h->active++;
    return true;
fail:
    if (x) {
        http_xfer_free(h, x);
    } else if (rq->body) {
        crypto_zero(rq->body, rq->body_len);
        free(rq->body);
        rq->body = NULL;
    }
    return false;
}

/* The error code of an API error body, or "http_<status>". */
static void http_error_code(http_result *r, const char *body, size_t len)
{
    cJSON *j = body ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *code =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"), "code");
    if (cJSON_IsString(code) && code->valuestring[0] &&
        strlen(code->valuestring) < sizeof r->code && wire_id_valid(code->valuestring))
        snprintf(r->code, sizeof r->code, "%s", code->valuestring);
    else
        snprintf(r->code, sizeof r->code, "http_%ld", r->http_status);
    cJSON_Delete(j);
}

static void http_classify(http_xfer *x, CURLcode rc)
{
    http_result *r = x->res;
    curl_off_t pre = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->http_status);
    curl_easy_getinfo(x->easy, CURLINFO_PRETRANSFER_TIME_T, &pre);
    curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &r->connects);
    r->sent = true;
    if (rc == CURLE_OK) {
        long s = r->http_status;
        if ((s >= 200 && s < 300) || s == 304) {
            r->status = NET_OK;
        } else if (s >= 500 && s < 600) {
            r->status = NET_SERVER;
            http_error_code(r, x->buf, x->len);
        } else if (s >= 400 && s < 500) {
            http_error_code(r, x->buf, x->len);
            /* The hub does not know this device (or its certificate): enrolment is needed. */
            bool cert = strcmp(r->code, "client_certificate_required") == 0 ||
                        strcmp(r->code, "client_certificate_untrusted") == 0 ||
                        strcmp(r->code, "device_not_enrolled") == 0;
            r->status = s == 401 && cert ? NET_NOT_ENROLLED : NET_REFUSED;
        } else {
            /* A redirect (never followed) or anything else is not the API answering. */
            r->status = NET_MALFORMED;
        }
        snprintf(r->text, sizeof r->text, "HTTP %ld", s);
        return;
    }
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        r->status = NET_OFFLINE;
        r->sent = false;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        /* Without a finished handshake nothing was sent: that is unreachable, not slow. */
        r->sent = pre > 0;
        r->status = r->sent ? NET_TIMEOUT : NET_OFFLINE;
        break;
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
        r->status = NET_TLS;
        r->sent = false;
        break;
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        r->status = NET_OFFLINE; /* the connection dropped before any answer */
        break;
    case CURLE_RECV_ERROR:
        r->status = r->http_status ? NET_MALFORMED : NET_OFFLINE;
        break;
    default: /* partial file, over the cap, bad encoding: the answer is unusable */
        r->status = NET_MALFORMED;
        break;
    }
    if (x->over_cap)
        snprintf(r->text, sizeof r->text, "response larger than %zu bytes", x->cap);
    else
        snprintf(r->text, sizeof r->text, "curl %d: %s", (int)rc, curl_easy_strerror(rc));
}

void http_poll(http *h, int timeout_ms)
{
    http_poll_fd(h, timeout_ms, -1);
}

void http_poll_fd(http *h, int timeout_ms, int extra_fd)
{
    int running = 0;
    struct curl_waitfd wfd = {.fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
    curl_multi_poll(h->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1 : 0, timeout_ms, NULL);
    curl_multi_perform(h->multi, &running);
    CURLMsg *m;
    int left = 0;
    while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
        if (m->msg != CURLMSG_DONE)
            continue;
        http_xfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        CURLcode rc = m->data.result;
        http_classify(x, rc);
        http_result *r = x->res;
        x->res = NULL;
        r->body = x->buf ? x->buf : calloc(1, 1);
        r->len = x->buf ? x->len : 0;
        x->buf = NULL;
        snprintf(r->etag, sizeof r->etag, "%s", x->etag);
        http_xfer_free(h, x); /* zeroises the request body now that it is done */
        if (!r->body) {
            r->status = NET_MALFORMED;
            snprintf(r->text, sizeof r->text, "out of memory");
        }
        if (h->done_tail)
            h->done_tail->next = r;
        else
            h->done_head = r;
        h->done_tail = r;
    }
}

void http_wakeup(http *h)
{
    curl_multi_wakeup(h->multi);
}

http_result *http_take(http *h)
{
    http_result *r = h->done_head;
    if (r) {
        h->done_head = r->next;
        if (!h->done_head)
            h->done_tail = NULL;
        r->next = NULL;
    }
    return r;
}

void http_result_free(http_result *r)
{
    if (!r)
        return;
    free(r->body);
    free(r);
}

size_t http_active(const http *h)
{
    return h->active;
}
