/* store: the device's durable state in DATA/device.db (SQLite, WAL, synchronous=FULL): the
 * enrolled identity, the PIN as a salted PBKDF2 hash, and the outbox of signed requests that must
 * reach the hub at least once. Also the device key (DATA/device.key, 0600) and certificate files,
 * written atomically. Used only by the worker thread. */
#ifndef PARAF_STORE_H
#define PARAF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    STORE_OK = 0,
    STORE_NOT_FOUND, /* no such row or file */
    STORE_EXISTS,    /* an outbox row with this id is already pending or accepted */
    STORE_ERR_IO,    /* SQLite or file system failure (reason in the log) */
    STORE_ERR_CRYPTO,
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
    char *body; /* the exact JSON request (without any passphrase); owned */
    int attempts;
} outbox_row;

#define STORE_PIN_ITERATIONS 100000

typedef struct store store;

/* Opens (creating when needed) DATA/device.db. NULL on failure, reason in err. */
store *store_open(const char *data_dir, char *err, size_t cap);
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
 * STORE_EXISTS returned. */
store_err store_outbox_add(store *s, const char *decision_id, const char *item_id, outbox_kind kind,
                           const char *body) __attribute__((warn_unused_result));
/* Final states. */
store_err store_outbox_accept(store *s, const char *decision_id)
    __attribute__((warn_unused_result));
store_err store_outbox_reject(store *s, const char *decision_id, const char *code)
    __attribute__((warn_unused_result));
/* A failed attempt: attempts + 1, last_error = why; stays pending. */
store_err store_outbox_attempt(store *s, const char *decision_id, const char *why)
    __attribute__((warn_unused_result));
/* Every pending row, oldest first (*rows owned; free with store_outbox_rows_free). */
store_err store_outbox_pending(store *s, outbox_row **rows, size_t *count)
    __attribute__((warn_unused_result));
void store_outbox_rows_free(outbox_row *rows, size_t count);
/* The state of a row ("pending", "accepted", "rejected") into out; STORE_NOT_FOUND if none. */
store_err store_outbox_state(store *s, const char *decision_id, char *out, size_t cap)
    __attribute__((warn_unused_result));

/* Writes data to dir/name atomically: temp file with mode, fsync, rename, fsync of dir. */
store_err store_file_write(const char *dir, const char *name, const char *data, size_t len,
                           unsigned mode) __attribute__((warn_unused_result));
/* Reads a whole file (at most max bytes) as a NUL-terminated malloc'd string. */
store_err store_file_read(const char *path, size_t max, char **out)
    __attribute__((warn_unused_result));

#endif
