/* worker_int: the worker's state and the functions its files share (worker.c: thread, queue,
 * enrolment, PIN; worker_fetch.c: inbox, items, pages, officials; worker_outbox.c: signed
 * decisions and their delivery; worker_board.c: the lobby board; worker_field.c: the field
 * officer's assignments, drafts and location; worker_photo.c: the photo folder and the photos of
 * drafts; worker_report.c: submitted reports and their upload). Private to app/net; worker thread
 * only unless noted. */
#ifndef PARAF_WORKER_INT_H
#define PARAF_WORKER_INT_H

#include "gps_src.h"
#include "http.h"
#include "store.h"
#include "worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum {
    TAG_ENROLL,
    TAG_INBOX,
    TAG_ITEM,
    TAG_ATTACHMENT,
    TAG_OFFICIALS,
    TAG_DECISION,
    TAG_SERVICES,      /* worker_board.c */
    TAG_ANNOUNCEMENTS, /* worker_board.c */
    TAG_HEARTBEAT,     /* worker_board.c */
    TAG_ASSIGNMENTS,   /* worker_field.c */
    TAG_REPORT_POST,   /* worker_report.c: POST /v1/field-reports */
    TAG_REPORT_FILE,   /* worker_report.c: PUT of one photo */
};

#define WORKER_CACHE_ITEMS      8
#define WORKER_CACHE_PAGE_ITEMS 50 /* the stored cache keeps the pages of this many items (LRU) */
#define WORKER_BACKOFF_MAX      60
#define WORKER_OUTBOX_LIST      200 /* entries the outbox screen gets at most */
#define WORKER_OUTBOX_POST_MS   250 /* changes reach the outbox screen at most this often */
#define WORKER_KEY_MAX          16384
#define WORKER_PASSPHRASE_MAX   256
#define WORKER_BOARD_SERVICES   1u /* worker_board.c: the halves of a board fetch (bit masks) */
#define WORKER_BOARD_ANN        2u
#define WORKER_HEARTBEAT_MAX    (64 * 1024) /* largest heartbeat answer accepted */
#define WORKER_REPORTS_LIST     200         /* reports RES_REPORTS carries at most */
#define WORKER_PICKS_MAX        200         /* files CMD_PHOTO_SCAN lists at most (the newest) */
#define WORKER_PROGRESS_MS      200  /* upload progress reaches the screen at most this often */
#define WORKER_GPS_POST_MS      1000 /* RES_LOCATION at most this often */
#define WORKER_PHOTO_NET_MS     20   /* network time between two photos being prepared */
#define WORKER_TEMP_PHOTO       ".photo-prepare.jpg" /* in the data directory */

typedef struct worker_upload worker_upload; /* worker_report.c */

/* An outbox row being delivered. */
typedef struct worker_job {
    char decision_id[37];
    char item_id[65];
    outbox_kind kind;
    char *body; /* as stored: never with a passphrase */
    bool inflight;
    int tries;      /* failed attempts since it was (re)loaded or "send now": the backoff */
    int64_t due_ms; /* monotonic time of the next attempt */
    struct worker_job *next;
} worker_job;

/* Attachment hashes of a recently fetched item, to verify the pages against. */
typedef struct {
    char item_id[65];
    size_t n;
    char (*sha)[65];
} worker_hashes;

struct worker {
    worker_config cfg;
    worker_post_fn post;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t mu;
    msg_cmd **queue; /* guarded by mu */
    size_t qlen, qcap;
    bool stopping;                       /* guarded by mu */
    atomic_ulong n_requests, n_connects; /* any thread reads them */
    /* Worker thread only from here on. */
    http *http;
    store *st;
    store_err st_err; /* why the store last failed to open */
    char key_path[600], cert_path[600];
    char *key_pem;     /* the device key, zeroised when freed */
    char *pending_key; /* generated, waiting for the enrolment answer */
    store_identity id;
    bool enrolled, enrolling, inbox_after_enrol;
    char inbox_etag[80];
    worker_hashes cache[WORKER_CACHE_ITEMS];
    int cache_next;
    worker_job *jobs;
    bool outbox_dirty;      /* a state changed since the outbox list was last posted */
    int64_t outbox_next_ms; /* monotonic: the earliest time of the next posted list */
    /* worker_board.c: the lobby board. The ETags are those of the bodies cached for
     * board_etag_user; one fetch (both halves) is out at a time. */
    char services_etag[80], announcements_etag[80];
    char board_etag_user[65];
    unsigned board_wait;     /* halves still out (WORKER_BOARD_*); 0: no fetch in flight */
    unsigned board_304;      /* halves the hub answered 304 */
    unsigned board_retried;  /* halves asked again without an ETag (a 304 without a cache) */
    net_status board_status; /* the first failure of this fetch, NET_OK so far */
    char board_code[40];     /* ... its API code and text */
    char board_text[200];
    board_data board_next;    /* the fetch being assembled (no heap: nothing to free at stop) */
    int64_t board_synced_at;  /* Unix s of the last good board sync (200 or 304); 0 never */
    int64_t board_started_ms; /* monotonic time of CMD_START: the heartbeat's uptime */
    /* worker_field.c: the assignments' ETag (of the body cached for assign_etag_user), one
     * fetch at a time; the field commands waiting, in order (copies, owned); gpsd. */
    char assign_etag[80];
    char assign_etag_user[65];
    bool assign_inflight, assign_retried;
    msg_cmd *fq;
    size_t fq_len, fq_cap;
    gps_src *gps;
    gps_fix gps_fix;
    bool gps_connected, gps_dirty;
    int64_t gps_posted_ms;
    /* worker_report.c: submitted reports being delivered (one request out at a time). */
    worker_upload *uploads;
    int64_t progress_ms; /* monotonic time of the last progress result */
};

int64_t worker_mono_ms(void);
/* Unix seconds on the program's clock (the system clock plus the skew set for tests). */
int64_t worker_wall_s(void);
/* The program's monotonic clock in ms (worker_mono_ms plus the skew). */
int64_t worker_program_ms(void);
/* A new result with the device clock in `now`; NULL when out of memory. */
msg_result *worker_result(msg_result_kind kind);
/* Hands r to the UI (a NULL r is logged as dropped). */
void worker_post(worker *w, msg_result *r);
/* Copies at most cap-1 bytes of valid UTF-8, cutting only at a character boundary. */
void worker_copy_utf8(char *dst, size_t cap, const char *src);
void worker_copy_status(msg_result *r, const http_result *h);
void worker_malformed(msg_result *r, const char *why);
/* Opens the store when it is not yet open. */
bool worker_store(worker *w);
/* Starts a request (body malloc'd or NULL; http owns it). Mutual TLS except for enrolment. */
bool worker_submit(worker *w, const char *method, const char *path, char *body, size_t cap, int tag,
                   int arg, const char *ref, const char *etag, const char *idem);
/* Starts enrolment unless it is under way (worker.c). */
void worker_enrol_begin(worker *w);
/* Answers a failed enrolment: RES_STARTED, and RES_INBOX when a fetch waited for it. */
void worker_enrol_fail(worker *w, net_status st, const char *code, const char *text);

/* worker_fetch.c */
bool worker_need_enrolled(worker *w, msg_result_kind kind, const char *id, int arg);
void worker_fetch_inbox(worker *w);
void worker_fetch(worker *w, const msg_cmd *c);
void worker_fetch_officials(worker *w);
void worker_inbox_done(worker *w, http_result *h);
void worker_item_done(worker *w, http_result *h);
void worker_attachment_done(worker *w, http_result *h);
void worker_officials_done(worker *w, http_result *h);
void worker_cache_free(worker *w);
/* Fills r (RES_INBOX, RES_ITEM with id, RES_ATTACHMENT with id and arg) from the device's cache:
 * payload, cached = true, synced_at. The status is left as it is. False when nothing usable. */
bool worker_from_cache(worker *w, msg_result *r);

/* worker_board.c: the lobby board's data (services + announcements, cached per user) and the
 * heartbeat. */
void worker_fetch_board(worker *w);
void worker_heartbeat(worker *w, int display_on);
void worker_board_done(worker *w, http_result *h);
void worker_heartbeat_done(worker *w, http_result *h);
/* At CMD_START: notes the start time and, for the board profile, posts the cached board. */
void worker_board_start(worker *w);

/* worker_outbox.c */
void worker_decide(worker *w, msg_cmd *c);
void worker_decision_done(worker *w, http_result *h);
/* Loads pending outbox rows and sends every waiting one now. */
void worker_outbox_resume(worker *w);
/* Sends the rows whose backoff expired; returns ms until the next one is due (or 5000). */
int64_t worker_outbox_due(worker *w);
void worker_jobs_free(worker *w);
/* When the newest outbox row about r->id is a conflict, attaches the item as it was decided on
 * (r->before), the action and the hub's code. */
void worker_conflict_attach(worker *w, msg_result *r);
/* Posts RES_OUTBOX with every entry, newest first (asked for). */
void worker_outbox_post(worker *w);
/* After changes of state: posts the list when WORKER_OUTBOX_POST_MS have passed since the last
 * one, so a draining outbox does not rebuild it per decision; returns wait, or less when a post
 * is due sooner. */
int64_t worker_outbox_flush(worker *w, int64_t wait);
/* The wait before the next attempt after `tries` failures: min(60 s, 1 s x 2^(tries-1)) +-25 %. */
int64_t worker_backoff_ms(int tries);
/* The code an entry shows for a transport failure ("offline", "timeout", ...). */
const char *worker_net_code(net_status s);

/* worker_field.c */
/* Takes a field command (a copy; c keeps nothing the worker needs). CMD_FETCH_ASSIGNMENTS starts
 * at once; the others wait in order for worker_field_step. */
void worker_field_command(worker *w, msg_cmd *c);
/* Runs the waiting field commands in order, at most one photo (prepare or thumbnail: ~0.2-0.5 s)
 * per call, so requests in flight keep moving. True when some are still waiting. */
bool worker_field_step(worker *w);
void worker_field_free(worker *w);
void worker_assignments_done(worker *w, http_result *h);
/* At CMD_START: the field profile's cached assignments at once, gpsd opened. */
void worker_field_start(worker *w);
/* Reads gpsd and posts RES_LOCATION when the fix or the connection changed (at most once a
 * second); returns wait, capped so that gpsd is read at least every second. */
int64_t worker_gps_poll(worker *w, int64_t wait);
int worker_gps_fd(const worker *w);
/* The stored report as the screen gets it (state SENDING while its upload is out). */
bool worker_report_view(worker *w, const report_row *row, field_report *out);
/* Sets a result's status for a store failure (NET_STORAGE + code). */
void worker_store_status(msg_result *r, store_err e);
/* The assignment from the cached list of the current user (false when none). */
bool worker_assignment_find(worker *w, const char *id, field_assignment *out);
/* The store is open and a user is enrolled; otherwise r gets the status and false. */
bool worker_field_ready(worker *w, msg_result *r);
/* r refused: NET_REFUSED with the code (e.g. "not_draft") and a text for the log. */
void worker_refuse(msg_result *r, const char *code, const char *text);

/* worker_photo.c: steps of worker_field_step. */
void worker_photo_scan(worker *w);
void worker_photo_thumb(worker *w, const msg_cmd *c);
void worker_photo_add(worker *w, const msg_cmd *c);
/* Answered with RES_REPORT_SAVED (id = report_id). */
void worker_photo_remove(worker *w, const msg_cmd *c);

/* worker_report.c */
void worker_report_submit(worker *w, msg_cmd *c);
/* Loads the waiting reports of the current user and makes every one due now. */
void worker_reports_resume(worker *w);
/* After any good answer from the hub: reports waiting out a backoff are tried now. */
void worker_reports_kick(worker *w);
/* Starts the next due request; returns ms until one is due (or 5000). */
int64_t worker_reports_due(worker *w);
void worker_report_done(worker *w, http_result *h);
/* Whether the report's upload is out now. */
bool worker_report_sending(worker *w, const char *report_id);
void worker_uploads_free(worker *w);

#endif
