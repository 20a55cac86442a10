/* store: the device's durable state in DATA/device.db (SQLite, WAL, synchronous=FULL): the
 * enrolled identity, the PIN as a salted PBKDF2 hash, and the outbox of signed requests that must
 * reach the hub at least once. Outbox bodies are sealed with AES-256-GCM (seal.h) under the key in
 * DATA/cache.key, kept apart from the database file. Also the device key (DATA/device.key, 0600)
 * and certificate files, written atomically. Used only by the worker thread. */
#ifndef PARAF_STORE_H
#define PARAF_STORE_H

#include "field.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    STORE_OK = 0,
    STORE_NOT_FOUND, /* no such row or file */
    STORE_EXISTS,    /* an outbox row with this id is already pending or accepted; a report
                        that is no longer a draft (frozen) */
    STORE_ERR_IO,    /* SQLite or file system failure (reason in the log) */
    STORE_ERR_CRYPTO,
    STORE_ERR_FULL,     /* the file system is full (SQLITE_FULL, ENOSPC) */
    STORE_ERR_READONLY, /* the data directory or database cannot be written */
} store_err;

typedef struct {
    char user_id[65];
    char profile[16];
    char key_id[65];
    int64_t enrolled_at;
} store_identity;

typedef enum { OUTBOX_DECISION, OUTBOX_SIGN } outbox_kind;

typedef struct {
    char decision_id[37];
    char item_id[65];
    outbox_kind kind;
    char *body;      /* the exact JSON request (without any passphrase), opened; owned */
    char label[128]; /* the item's title as the user saw it; "" for rows from before v3 */
    int attempts;
    char state[16]; /* pending, sending, accepted, rejected, conflict */
    char last_error[160];
    int64_t created_at, updated_at; /* Unix seconds */
} outbox_row;

#define STORE_PIN_ITERATIONS 100000

typedef struct store store;

/* Opens (creating when needed) DATA/device.db and the cache key DATA/cache.key (32 random bytes,
 * 0600), and migrates the schema (PRAGMA user_version) in one transaction. NULL on failure,
 * reason in err; store_open2 also tells the kind of failure. */
store *store_open(const char *data_dir, char *err, size_t cap);
store *store_open2(const char *data_dir, char *err, size_t cap, store_err *why);
/* The NET_STORAGE code of an error: "disk_full", "read_only" or "io". */
const char *store_err_code(store_err e);
/* A SQLite result code as a store error (FULL, READONLY/CANTOPEN, else IO). */
store_err store_sqlite_err(int rc);
void store_close(store *s);

store_err store_identity_get(store *s, store_identity *out) __attribute__((warn_unused_result));
store_err store_identity_set(store *s, const store_identity *id)
    __attribute__((warn_unused_result));

/* Stores a new salted hash of pin (replacing any earlier one) and clears the failure count. */
store_err store_pin_set(store *s, const char *pin, size_t len) __attribute__((warn_unused_result));
bool store_pin_exists(store *s);
/* Compares in constant time. *ok tells whether it matched; *failed receives the persistent count
 * of consecutive failures after this check (0 after a match). STORE_NOT_FOUND when no PIN. */
store_err store_pin_check(store *s, const char *pin, size_t len, bool *ok, int *failed)
    __attribute__((warn_unused_result));

/* Inserts a pending row, durable when this returns STORE_OK. A row with the same id that was
 * rejected is replaced (the hub stored nothing for it); a pending or accepted one is kept and
 * STORE_EXISTS returned. label (the item's title, may be NULL) is sealed next to the body. */
store_err store_outbox_add(store *s, const char *decision_id, const char *item_id, outbox_kind kind,
                           const char *body, const char *label) __attribute__((warn_unused_result));
/* Final states. */
store_err store_outbox_accept(store *s, const char *decision_id)
    __attribute__((warn_unused_result));
store_err store_outbox_reject(store *s, const char *decision_id, const char *code)
    __attribute__((warn_unused_result));
/* 409: the item changed or was decided elsewhere; final like rejected. */
store_err store_outbox_conflict(store *s, const char *decision_id, const char *code)
    __attribute__((warn_unused_result));
/* A failed attempt: attempts + 1, last_error = why; stays pending. */
store_err store_outbox_attempt(store *s, const char *decision_id, const char *why)
    __attribute__((warn_unused_result));
/* Every pending row, oldest first (*rows owned; free with store_outbox_rows_free). */
store_err store_outbox_pending(store *s, outbox_row **rows, size_t *count)
    __attribute__((warn_unused_result));
/* At most max rows in every state, newest first. Rows whose body does not open are left out. */
store_err store_outbox_list(store *s, size_t max, outbox_row **rows, size_t *count)
    __attribute__((warn_unused_result));
void store_outbox_rows_free(outbox_row *rows, size_t count);
/* The newest row about item_id (*row owned: free with store_outbox_rows_free(row, 1));
 * STORE_NOT_FOUND when none. */
store_err store_outbox_latest(store *s, const char *item_id, outbox_row **row)
    __attribute__((warn_unused_result));
/* The state of a row ("pending", "accepted", "rejected", "conflict") into out; STORE_NOT_FOUND if
 * none. */
store_err store_outbox_state(store *s, const char *decision_id, char *out, size_t cap)
    __attribute__((warn_unused_result));

/* The offline cache (sealed): kind "inbox" (key: the user id), "item" (item id) or "page"
 * ("item id/n"). put replaces; get opens a copy (*body malloc'd, NUL after *len bytes) and marks
 * the entry used; STORE_NOT_FOUND when absent, STORE_ERR_CRYPTO when it does not open. */
store_err store_cache_put(store *s, const char *kind, const char *key, const void *body, size_t len,
                          int64_t fetched_at) __attribute__((warn_unused_result));
store_err store_cache_get(store *s, const char *kind, const char *key, uint8_t **body, size_t *len,
                          int64_t *fetched_at) __attribute__((warn_unused_result));
/* Drops an item's details and pages (the hub said 404). */
store_err store_cache_drop_item(store *s, const char *item_id) __attribute__((warn_unused_result));
/* Marks an entry as confirmed current by the hub at fetched_at (a 304). */
store_err store_cache_touch(store *s, const char *kind, const char *key, int64_t fetched_at)
    __attribute__((warn_unused_result));
/* Drops the whole cache (another user enrolled on this device). */
store_err store_cache_clear(store *s) __attribute__((warn_unused_result));
/* Drops the snapshots (kind "decided", key decision id) of every decision about item_id. */
store_err store_cache_drop_decided(store *s, const char *item_id)
    __attribute__((warn_unused_result));
/* Keeps only the pages of the max_items items used most recently. */
store_err store_cache_trim(store *s, int max_items) __attribute__((warn_unused_result));

/* ---- field reports (store_field.c) ------------------------------------------------------------
 * A report row: its answers sealed under ("report", report_id) as the JSON of field_json.c, its
 * state, the sealed POST body once submitted; its photos in report_files, each with the prepared
 * JPEG sealed under ("report-file", "report_id/name"). Rows belong to the user who made them. */

typedef struct {
    char report_id[37];
    char assignment_id[65];
    char user_id[65];
    report_state state; /* DRAFT, WAITING, SENT or REJECTED */
    char *body;         /* the report JSON, opened (NUL after len bytes); owned */
    size_t len;
    int n_photos; /* from report_files, in the order they were added */
    field_photo photos[FIELD_PHOTOS_MAX];
    int files_sent; /* photos the hub has */
    int attempts;
    char last_error[40];
    int64_t created_at, updated_at;
} report_row;

/* Stores a draft: inserts it, or replaces the answers of the draft with this id. STORE_EXISTS
 * (nothing written) when the report is no longer a draft, or belongs to another user. One
 * statement: durable when it returns STORE_OK. */
store_err store_report_save(store *s, const char *user_id, const char *report_id,
                            const char *assignment_id, const char *json, int64_t created_at,
                            int64_t now) __attribute__((warn_unused_result));
/* One report (*row filled; free with store_report_row_free). STORE_NOT_FOUND when none;
 * STORE_ERR_CRYPTO when its body does not open. */
store_err store_report_get(store *s, const char *report_id, report_row *row)
    __attribute__((warn_unused_result));
void store_report_row_free(report_row *row);
/* At most max reports of user_id, newest change first (rows whose body does not open are left
 * out), or only those in `state` (e.g. REPORT_WAITING, oldest first) when state >= 0. */
store_err store_report_list(store *s, const char *user_id, int state, size_t max, report_row **rows,
                            size_t *count) __attribute__((warn_unused_result));
void store_report_rows_free(report_row *rows, size_t count);
/* Deletes a draft and its photos in one transaction; STORE_EXISTS when it is not a draft. */
store_err store_report_discard(store *s, const char *report_id) __attribute__((warn_unused_result));
/* Adds a prepared photo (p->name unique in the report) with its bytes to a draft, in one
 * transaction with the draft's updated_at; STORE_EXISTS when it is not a draft (or the name is
 * taken), STORE_NOT_FOUND when there is no such report. */
store_err store_report_photo_add(store *s, const char *report_id, const field_photo *p,
                                 const void *data, size_t len, int64_t now)
    __attribute__((warn_unused_result));
/* Removes a photo of a draft (STORE_NOT_FOUND when it has none of that name). */
store_err store_report_photo_remove(store *s, const char *report_id, const char *name, int64_t now)
    __attribute__((warn_unused_result));
/* Freezes a draft: its final answers (json), the signed request to send, state waiting; photos
 * not in keep (names, n_keep of them) are dropped. One transaction. STORE_EXISTS when it is not a
 * draft. */
store_err store_report_submit(store *s, const char *report_id, const char *json,
                              const char *request, const char *const *keep, int n_keep, int64_t now)
    __attribute__((warn_unused_result));
/* The request stored at submission (*out malloc'd, NUL-terminated). */
store_err store_report_request(store *s, const char *report_id, char **out)
    __attribute__((warn_unused_result));
/* The bytes of a photo (*data malloc'd). */
store_err store_report_file(store *s, const char *report_id, const char *name, uint8_t **data,
                            size_t *len) __attribute__((warn_unused_result));
/* Marks the photos the hub has: every photo of the report not named in missing. */
store_err store_report_files_have(store *s, const char *report_id, const char *const *missing,
                                  int n_missing) __attribute__((warn_unused_result));
/* Final states: REPORT_SENT (the photos' bytes are dropped, their names and hashes stay) or
 * REPORT_REJECTED with the hub's code (everything stays). */
store_err store_report_final(store *s, const char *report_id, report_state state, const char *code,
                             int64_t now) __attribute__((warn_unused_result));
/* A failed attempt: attempts + 1, last_error = why; stays waiting. */
store_err store_report_attempt(store *s, const char *report_id, const char *why, int64_t now)
    __attribute__((warn_unused_result));

/* Writes data to dir/name atomically: temp file with mode, fsync, rename, fsync of dir. */
store_err store_file_write(const char *dir, const char *name, const char *data, size_t len,
                           unsigned mode) __attribute__((warn_unused_result));
/* Reads a whole file (at most max bytes) as a NUL-terminated malloc'd string. */
store_err store_file_read(const char *path, size_t max, char **out)
    __attribute__((warn_unused_result));

#endif
