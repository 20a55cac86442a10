/* server: libmicrohttpd glue. HTTPS with optional client certificates (verified once per TLS
 * connection against the hub CA and looked up among enrolled devices), request bodies collected up
 * to a limit, fault injection for tests, and JSON error bodies for everything that goes wrong. */
#include "hub.h"
#include "wire_json.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    bool checked;
    hub_cert_state cert;
    hub_device dev;
} conn_ctx;

typedef struct {
    char *body;
    size_t len, cap, limit;
    bool too_big;
} req_ctx;

void hub_now(char out[21])
{
    wire_time_format((int64_t)time(NULL), out);
}

double hub_random(hub *h)
{
    unsigned long long x = atomic_load(&h->rng), n;
    do {
        n = x;
        n ^= n << 13;
        n ^= n >> 7;
        n ^= n << 17;
    } while (!atomic_compare_exchange_weak(&h->rng, &x, n));
    return (double)(n >> 11) / 9007199254740992.0;
}

void hub_resp_text(hub_resp *rs, int status, const char *ctype, char *body, size_t len)
{
    free(rs->body);
    rs->status = status;
    rs->content_type = ctype;
    rs->body = body;
    rs->len = len;
}

void hub_resp_error(hub_resp *rs, int status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *b = wire_error_body(code, msg);
    hub_resp_text(rs, status, "application/json", b, b ? strlen(b) : 0);
    rs->etag[0] = '\0';
}

void hub_resp_json(hub_resp *rs, int status, cJSON *json)
{
    char *b = json ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    if (!b) {
        hub_resp_error(rs, 500, "internal", "out of memory");
        return;
    }
    hub_resp_text(rs, status, "application/json", b, strlen(b));
}

const char *hub_req_header(const hub_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *hub_req_arg(const hub_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Verify the client certificate of this TLS connection once, and find the enrolled device. */
static void conn_identify(hub *h, struct MHD_Connection *c, conn_ctx *cc)
{
    cc->checked = true;
    cc->cert = HUB_CERT_NONE;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    if (!ci || !ci->tls_session)
        return;
    gnutls_session_t s = (gnutls_session_t)ci->tls_session;
    unsigned n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
    if (!peers || n == 0)
        return;
    unsigned status = 0;
    if (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0) {
        cc->cert = HUB_CERT_UNTRUSTED;
        return;
    }
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0) {
        cc->cert = HUB_CERT_UNTRUSTED;
        return;
    }
    unsigned char kid[32];
    size_t kid_len = sizeof kid;
    if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER) < 0 ||
        gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, kid, &kid_len) < 0 ||
        kid_len != 32) {
        gnutls_x509_crt_deinit(crt);
        cc->cert = HUB_CERT_UNTRUSTED;
        return;
    }
    gnutls_x509_crt_deinit(crt);
    for (size_t i = 0; i < 32; i++)
        snprintf(cc->dev.key_id + 2 * i, 3, "%02x", kid[i]);
    const char *p[] = {cc->dev.key_id};
    char *row = NULL;
    cc->cert = HUB_CERT_UNKNOWN;
    if (db_query_text(h->db, "SELECT user_id || ' ' || profile FROM devices WHERE key_id=?1", p, 1,
                      &row) == DB_OK &&
        row) {
        char *sp = strchr(row, ' ');
        if (sp && (size_t)(sp - row) < sizeof cc->dev.user_id &&
            strlen(sp + 1) < sizeof cc->dev.profile) {
            memcpy(cc->dev.user_id, row, (size_t)(sp - row));
            cc->dev.user_id[sp - row] = '\0';
            snprintf(cc->dev.profile, sizeof cc->dev.profile, "%s", sp + 1);
            cc->cert = HUB_CERT_DEVICE;
        }
    }
    free(row);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    (void)c;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = calloc(1, sizeof(conn_ctx));
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        free(*socket_context);
        *socket_context = NULL;
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_ctx *rc = *con_cls;
    if (rc) {
        free(rc->body);
        free(rc);
    }
    *con_cls = NULL;
}

typedef struct {
    char *body;
    size_t len, sent;
} trunc_ctx;

/* Sends the first half of the body, then reports an error so MHD closes the connection. */
static ssize_t trunc_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    trunc_ctx *t = cls;
    size_t half = t->len / 2;
    if (pos >= half)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = half - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, t->body + pos, n);
    return (ssize_t)n;
}

static void trunc_free(void *cls)
{
    trunc_ctx *t = cls;
    free(t->body);
    free(t);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, hub_resp *rs, bool truncate)
{
    struct MHD_Response *r;
    if (truncate && rs->len > 1) {
        trunc_ctx *t = malloc(sizeof *t);
        if (!t)
            return MHD_NO;
        t->body = rs->body;
        t->len = rs->len;
        t->sent = 0;
        rs->body = NULL;
        r = MHD_create_response_from_callback(t->len, 4096, trunc_reader, t, trunc_free);
        if (!r) {
            trunc_free(t);
            return MHD_NO;
        }
    } else {
        r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (char *)"",
                                            rs->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
        if (!r)
            return MHD_NO;
        rs->body = NULL;
    }
    if (rs->content_type)
        MHD_add_response_header(r, "Content-Type", rs->content_type);
    if (rs->etag[0])
        MHD_add_response_header(r, "ETag", rs->etag);
    if (rs->location[0])
        MHD_add_response_header(r, "Location", rs->location);
    MHD_add_response_header(r, "Cache-Control", rs->no_store ? "no-store" : "private, no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static size_t body_limit(hub *h, const char *method, const char *url)
{
    if (strcmp(method, "PUT") == 0 && strncmp(url, "/v1/field-reports/", 18) == 0) {
        /* A report file may not be larger than its manifest says (so a far larger
         * Content-Length is refused before the body is read). */
        long long size = hub_field_file_size(h, url);
        return size > 0 && size < HUB_FILE_MAX ? (size_t)size : HUB_FILE_MAX;
    }
    return h->body_max;
}

static bool fault_applies(hub *h, const char *url)
{
    if (h->faults.path_prefix[0])
        return strncmp(url, h->faults.path_prefix, strlen(h->faults.path_prefix)) == 0;
    return strcmp(url, "/v1/devices/enroll") != 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    hub *h = cls;
    req_ctx *rc = *con_cls;
    if (!rc) {
        rc = calloc(1, sizeof *rc);
        if (!rc)
            return MHD_NO;
        rc->limit = body_limit(h, method, url);
        *con_cls = rc;
        /* A body somewhat over the limit is read and dropped so that the client surely gets
         * the 413 (answering early makes the server close while the client still sends, and the
         * client sees a reset). A grossly oversized one is refused before it is read. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) / 16 > rc->limit) {
            hub_resp rs = {0};
            hub_resp_error(&rs, 413, "body_too_large", "request body is larger than %zu bytes",
                           rc->limit);
            return send_resp(c, &rs, false);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rc->too_big || rc->len + n > rc->limit) {
            rc->too_big = true;
            return MHD_YES;
        }
        if (rc->len + n + 1 > rc->cap) {
            size_t cap = rc->cap ? rc->cap : 4096;
            while (cap < rc->len + n + 1)
                cap *= 2;
            char *nb = realloc(rc->body, cap);
            if (!nb)
                return MHD_NO;
            rc->body = nb;
            rc->cap = cap;
        }
        memcpy(rc->body + rc->len, upload, n);
        rc->len += n;
        rc->body[rc->len] = '\0';
        return MHD_YES;
    }

    hub_resp rs = {0};
    if (rc->too_big) {
        hub_resp_error(&rs, 413, "body_too_large", "request body is larger than %zu bytes",
                       rc->limit);
        return send_resp(c, &rs, false);
    }
    bool faulty = fault_applies(h, url);
    if (faulty && h->faults.latency > 0 && hub_random(h) < h->faults.latency) {
        struct timespec ts = {h->faults.latency_ms / 1000,
                              (h->faults.latency_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (faulty && h->faults.drop > 0 && hub_random(h) < h->faults.drop)
        return MHD_NO;

    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_ctx *cc = ci ? ci->socket_context : NULL;
    conn_ctx none = {0};
    if (!cc)
        cc = &none;
    if (!cc->checked)
        conn_identify(h, c, cc);

    char path[512];
    hub_req rq = {.method = method,
                  .path = url,
                  .conn = c,
                  .body = rc->body,
                  .body_len = rc->len,
                  .cert = cc->cert,
                  .device = cc->cert == HUB_CERT_DEVICE ? &cc->dev : NULL};
    if (strlen(url) >= sizeof path) {
        hub_resp_error(&rs, 414, "uri_too_long", "the path is too long");
        return send_resp(c, &rs, false);
    }
    memcpy(path, url, strlen(url) + 1);
    /* Split "/v1/a/b" into segments after "v1"; empty segments make the route unknown. */
    char *save = NULL;
    char *tok = strtok_r(path, "/", &save);
    bool v1 = tok && strcmp(tok, "v1") == 0;
    while (v1 && (tok = strtok_r(NULL, "/", &save)) != NULL) {
        if (rq.nseg == (int)(sizeof rq.seg / sizeof rq.seg[0])) {
            v1 = false;
            break;
        }
        rq.seg[rq.nseg++] = tok;
    }
    if (!v1 || rq.nseg == 0)
        hub_resp_error(&rs, 404, "not_found", "no such endpoint: %s", url);
    else if (faulty && h->faults.err5xx > 0 && hub_random(h) < h->faults.err5xx)
        hub_resp_error(&rs, 503, "unavailable", "the service is temporarily unavailable");
    else
        hub_route(h, &rq, &rs);

    if (faulty && h->faults.malformed > 0 && hub_random(h) < h->faults.malformed) {
        static const char junk[] = "{\"items\": [{\"id\": \"itm-0001\", \"title\": tru";
        char *b = malloc(sizeof junk);
        if (b)
            memcpy(b, junk, sizeof junk);
        hub_resp_text(&rs, 200, "application/json", b, b ? sizeof junk - 1 : 0);
        rs.etag[0] = '\0';
    }
    bool truncate = faulty && h->faults.truncate > 0 && hub_random(h) < h->faults.truncate;
    if (!h->quiet)
        fprintf(stderr, "paraf-hub: %s %s -> %d\n", method, url, rs.status);
    return send_resp(c, &rs, truncate);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    hub *h = cls;
    if (h->quiet)
        return;
    fputs("paraf-hub: http: ", stderr);
    vfprintf(stderr, fmt, ap);
}

int hub_server_start(hub *h, const char *host, int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "paraf-hub: --listen needs an IPv4 address, got '%s'\n", host);
        return -1;
    }
    unsigned flags =
        MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    h->mhd = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_HTTPS_MEM_KEY, h->server_key_pem, MHD_OPTION_HTTPS_MEM_CERT, h->server_cert_pem,
        MHD_OPTION_HTTPS_MEM_TRUST, h->ca_cert_pem, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)h->threads, MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_CONNECTION_LIMIT, 4000u, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h, MHD_OPTION_END);
    if (!h->mhd) {
        fprintf(stderr, "paraf-hub: cannot listen on %s:%d (port in use, or TLS setup failed)\n",
                host, port);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_BIND_PORT);
    int bound = di ? di->port : port;
    snprintf(h->base_url, sizeof h->base_url, "https://%s:%d", host, bound);
    return 0;
}

void hub_server_stop(hub *h)
{
    if (h->mhd) {
        MHD_stop_daemon(h->mhd);
        h->mhd = NULL;
    }
}
