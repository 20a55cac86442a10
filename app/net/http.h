/* http: the worker's HTTPS client: one libcurl multi handle, one easy handle per request,
 * verified against the configured CA and the server's public-key pin, mutual TLS after
 * enrolment, no redirects, bounded time and response size. Outcomes are mapped to net_status.
 * Worker thread only, except http_wakeup (any thread). */
#ifndef PARAF_HTTP_H
#define PARAF_HTTP_H

#include "msg.h"
#include "worker.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct http http;

/* Upload progress of a request (worker thread, from inside http_poll): bytes of the request body
 * sent so far and its size. */
typedef void (*http_progress_fn)(void *ctx, const char *ref, int64_t sent, int64_t total);

typedef struct {
    const char *method; /* "GET", "POST" or "PUT" */
    const char *path;   /* "/v1/inbox"; appended to the hub url */
    char *body;         /* request body, malloc'd; http owns it, zeroises and frees it */
    size_t body_len;
    const char *content_type;    /* of the body; NULL: application/json */
    const char *if_none_match;   /* ETag or NULL */
    const char *idempotency_key; /* or NULL */
    size_t cap;                  /* largest response body accepted */
    bool client_cert;            /* present the device certificate (after enrolment) */
    int tag;                     /* copied to the result, for the caller */
    int arg;
    const char *ref; /* copied (up to 64 bytes), e.g. an item or decision id */
    /* A large upload (a report's photo): instead of the total timeout, the transfer may take up
     * to 10 minutes as long as it moves (at least 1 KB/s over 30 s); progress is reported. */
    bool upload;
    http_progress_fn progress; /* with upload: called at most as often as libcurl polls */
    void *progress_ctx;
} http_request;

typedef struct http_result {
    int tag, arg;
    char ref[MODEL_ID_MAX];
    net_status status;
    long http_status; /* 0 when no answer arrived */
    bool sent;        /* the request may have reached the hub (false: surely not) */
    char code[40];    /* the API error code of a 4xx/5xx */
    char text[200];   /* a short English reason for the log */
    char etag[80];
    long connects; /* new connections (TCP + TLS handshakes) this request made: 0 when reused */
    char *body;    /* NUL-terminated; owned */
    size_t len;
    struct http_result *next;
} http_result;

/* NULL on a bad configuration (reason in err): https only, except http:// to a loopback host;
 * a CA file and a pin are needed for https. */
http *http_create(const worker_config *cfg, char *err, size_t cap);
/* Abandons transfers in flight. */
void http_destroy(http *h);
/* The device certificate and key files used for requests with client_cert. */
void http_set_client(http *h, const char *cert_path, const char *key_path);
/* Starts a request. On failure (out of memory) the body is still released and false returned. */
bool http_submit(http *h, http_request *rq);
/* Waits up to timeout_ms for network activity or a wakeup, then runs transfers. */
void http_poll(http *h, int timeout_ms);
/* The same, also waking when extra_fd (>= 0; e.g. gpsd's socket) becomes readable. */
void http_poll_fd(http *h, int timeout_ms, int extra_fd);
/* Wakes http_poll from another thread. */
void http_wakeup(http *h);
/* The next finished request (caller frees with http_result_free), or NULL. */
http_result *http_take(http *h);
void http_result_free(http_result *r);
size_t http_active(const http *h);

#endif
