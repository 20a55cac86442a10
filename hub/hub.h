/* hub: paraf-hub's shared state and the request/response types its handlers use. The MHD glue
 * (server.c) turns an HTTPS request into a hub_req, calls a handler from the route table
 * (routes.c) and sends the hub_resp. Handlers run on MHD worker threads; the state they share is
 * the database (locked inside db.c) and a few atomics. */
#ifndef PARAF_HUB_H
#define PARAF_HUB_H

#include "db.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HUB_FILE_MAX       (16 * 1024 * 1024) /* largest field-report file upload */
#define HUB_POLL_DEFAULT_S 30 /* poll_interval_s the hub tells devices, unless --board-poll */

typedef struct {
    double latency; /* probability of adding latency_ms before answering */
    int latency_ms;
    double drop;           /* probability of closing the connection without an answer */
    double err5xx;         /* probability of answering 503 */
    double malformed;      /* probability of answering 200 with a body that is not JSON */
    double truncate;       /* probability of sending half of the body, then closing */
    char path_prefix[128]; /* faults only for paths starting with this ("" = all but enrolment) */
} hub_faults;

typedef struct {
    char key_id[65];
    char user_id[65];
    char profile[16];
} hub_device;

typedef enum {
    HUB_CERT_NONE = 0,  /* no client certificate sent */
    HUB_CERT_UNTRUSTED, /* sent but not issued by our CA (or not for client use) */
    HUB_CERT_UNKNOWN,   /* issued by our CA but no enrolled device has that key */
    HUB_CERT_DEVICE,    /* an enrolled device */
} hub_cert_state;

typedef struct {
    const char *method;
    const char *path;
    struct MHD_Connection *conn;
    const char *body;
    size_t body_len;
    hub_cert_state cert;
    const hub_device *device; /* set when cert == HUB_CERT_DEVICE */
    const char *seg[8];       /* path segments after /v1 */
    int nseg;
} hub_req;

typedef struct {
    int status;
    char *body; /* malloc'd; owned by the response */
    size_t len;
    const char *content_type;
    char etag[80];
    char location[160];
    bool no_store;
} hub_resp;

typedef struct hub {
    char data_dir[512];
    char font_dir[512];
    hub_db *db;
    char *ca_key_pem, *ca_cert_pem, *server_key_pem, *server_cert_pem, *tte_key_pem;
    char pin[64];
    char base_url[160];
    hub_faults faults;
    size_t body_max;
    int threads;
    int poll_s; /* poll_interval_s for devices (--board-poll), 5..3600 */
    bool quiet;
    /* The list ETags of inbox, services and announcements come from the database counters on
     * every request (api.c): --revise-item and --update-service change them from another
     * process. rev_inbox is only what this process last committed (decide.c). */
    atomic_llong rev_inbox, rev_assignments;
    atomic_ullong rng;
    struct MHD_Daemon *mhd;
} hub;

/* Response helpers (server.c). Each replaces any body the response had. */
void hub_resp_json(hub_resp *rs, int status, cJSON *json); /* takes ownership of json */
void hub_resp_text(hub_resp *rs, int status, const char *ctype, char *body,
                   size_t len); /* owns body */
void hub_resp_error(hub_resp *rs, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A request header value, or NULL. */
const char *hub_req_header(const hub_req *rq, const char *name);
/* A query-string argument, or NULL. */
const char *hub_req_arg(const hub_req *rq, const char *name);
/* Uniform random number in [0,1) from the hub's generator (thread-safe). */
double hub_random(hub *h);
/* Current time as "YYYY-MM-DDThh:mm:ssZ". */
void hub_now(char out[21]);

/* Parse the request body as a JSON object: UTF-8 checked, size already limited. On failure
 * answers 400 with the JSON error body and returns NULL. The caller owns the result. */
cJSON *hub_parse_json(const hub_req *rq, hub_resp *rs);
/* True when the request's If-None-Match matches etag; then rs is set to 304. */
bool hub_not_modified(const hub_req *rq, hub_resp *rs, const char *etag);

/* Route a request to its handler (routes.c). */
void hub_route(hub *h, const hub_req *rq, hub_resp *rs);

/* Handlers. */
void api_enroll(hub *h, const hub_req *rq, hub_resp *rs);
void api_inbox(hub *h, const hub_req *rq, hub_resp *rs);
void api_item(hub *h, const hub_req *rq, hub_resp *rs);
void api_attachment(hub *h, const hub_req *rq, hub_resp *rs);
void api_officials(hub *h, const hub_req *rq, hub_resp *rs);
void api_services(hub *h, const hub_req *rq, hub_resp *rs);
void api_announcements(hub *h, const hub_req *rq, hub_resp *rs);
void api_assignments(hub *h, const hub_req *rq, hub_resp *rs);
void api_heartbeat(hub *h, const hub_req *rq, hub_resp *rs);
void api_device_config(hub *h, const hub_req *rq, hub_resp *rs);
void api_decision(hub *h, const hub_req *rq, hub_resp *rs);
void api_letter_sign(hub *h, const hub_req *rq, hub_resp *rs);
void api_field_report(hub *h, const hub_req *rq, hub_resp *rs);
void api_field_file(hub *h, const hub_req *rq, hub_resp *rs);
void api_field_report_status(hub *h, const hub_req *rq, hub_resp *rs);

/* field.c: true when sig_b64 (base64 DER ECDSA P-256) verifies over msg with the public key of
 * the enrolled device key_id's certificate. */
bool hub_device_verify(hub *h, const char *key_id, const void *msg, size_t len,
                       const char *sig_b64);
/* field.c: the manifest size of the file a PUT /v1/field-reports/{id}/files/{name} URL names, or
 * -1 (another URL, or no such file). The server limits the upload's body to it. */
long long hub_field_file_size(hub *h, const char *url);
/* field.c: one line per stored field report (id, assignment, user, status, files n/m), for
 * --show-reports. Returns 0, or -1 when the database cannot be read. */
int hub_reports_print(hub *h, FILE *out);
/* field_check.c: true when form (an assignment's "form") follows docs/items.md §14; else false
 * and what is wrong in why. */
bool hub_form_check(const cJSON *form, char *why, size_t cap);
/* field_check.c: true when answers (a report's "answers") fit form, which passed
 * hub_form_check, and the photo answers name every file of the manifest m exactly once; else
 * false and why names the field. */
bool hub_answers_check(const cJSON *form, const cJSON *answers, const wire_report_manifest *m,
                       char *why, size_t cap);

/* Print one line per enrolled device with its latest heartbeat (devices.c), for
 * --show-heartbeats. Returns 0, or -1 when the database cannot be read. */
int hub_heartbeats_print(hub *h, FILE *out);
/* revise.c: --revise-item; 0 done, 1 failed, 2 bad patch (message on stderr). */
int hub_revise_item(hub *h, const char *id, const char *patch_json);
/* revise.c: --update-service; 0 done, 1 failed (no such service, database), 2 bad patch or a
 * result the boards would refuse (message on stderr). Prints "updated ID revision N". */
int hub_update_service(hub *h, const char *id, const char *patch_json);
/* True when service (one element of GET /v1/services "services") passes every rule of the
 * board's parser (app/net/board_json.c); else false and what is wrong in why. */
bool hub_service_check(const cJSON *service, char *why, size_t cap);

/* Server lifecycle (server.c). */
int hub_server_start(hub *h, const char *host, int port);
void hub_server_stop(hub *h);

/* Data directory: CA, server certificate, stand-in signing key, tokens (pki.c). */
int hub_pki_setup(hub *h, const char *host);
/* Write a new one-time enrolment token for user/profile to path (mode 0600). */
int hub_token_issue(hub *h, const char *user_id, const char *profile, const char *path);

/* Demo data (seed.c): load the demo data set, render attachment pages; `bulk` extra synthetic
 * items for load tests and long-list benchmarks. Idempotent: does nothing when already seeded. */
int hub_seed_demo(hub *h, int bulk);

#endif
