/* worker: the device program's second thread. It owns libcurl (multi interface), the device
 * store (SQLite) and the device key. The UI thread sends msg_cmd through a locked queue and is
 * answered with msg_result through the post callback; the UI thread never waits on it. */
#ifndef PARAF_WORKER_H
#define PARAF_WORKER_H

#include "msg.h"

#include <stddef.h>

typedef struct {
    char hub_url[256]; /* https://host:port, no trailing slash */
    char ca_file[512];
    char server_pin[80];  /* sha256//... */
    char data_dir[512];   /* device.db, device.key (0600), device.pem */
    char token_file[512]; /* one-time enrolment token, used on first start */
    char profile[16];
    long connect_timeout_ms;
    long request_timeout_ms;
    size_t max_json_bytes;  /* response cap for JSON (default 2 MiB) */
    size_t max_image_bytes; /* response cap for attachments (default 8 MiB) */
    /* The field profile (profile "field"). */
    char photo_dir[512]; /* the folder CMD_PHOTO_SCAN lists ("" none: the scan says so) */
    char gpsd_host[64];  /* gpsd on the tablet ("" = 127.0.0.1) */
    char gpsd_port[8];   /* "" = 2947 */
} worker_config;

/* Called on the worker thread with a heap-allocated result; the receiver owns it (msg_result_free
 * then free). Must not block: the device program pushes it as an SDL user event. */
typedef void (*worker_post_fn)(void *ctx, msg_result *r);

typedef struct worker worker;

/* Starts the thread. NULL on failure (message on stderr). */
worker *worker_start(const worker_config *cfg, worker_post_fn post, void *ctx);
/* Queue a command (heap-allocated; the worker takes ownership) and wake the worker. Never blocks
 * for longer than a mutex. */
void worker_send(worker *w, msg_cmd *cmd);
/* Requests finished and new connections made since the start (any thread): connections are
 * reused, so far fewer handshakes than requests is the healthy figure. */
void worker_counts(worker *w, unsigned long *requests, unsigned long *connects);
/* The program clock's lead over the system clock (any thread). Scripts that move the program's
 * clock (`advance`, `fast-forward`) move the worker's wall time with it: result times, cache
 * times, the last sync and the uptime in heartbeats. Signed times (decisions) stay real. */
void worker_set_clock_skew_ms(int64_t ms);
/* Ask it to stop, wait for the thread, free everything. In-flight requests are abandoned; durable
 * decisions stay in the store and are sent on the next start. */
void worker_stop(worker *w);

#endif
