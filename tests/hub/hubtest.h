/* hubtest: starts a real paraf-hub on loopback (port 0) in a temporary data directory and talks
 * to it over HTTPS with libcurl, as a device would: CA file, public-key pin, and a client
 * certificate after enrolment. Used by the hub integration tests. */
#ifndef PARAF_HUBTEST_H
#define PARAF_HUBTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    char dir[256]; /* data directory */
    char url[160];
    char ca[300];
    char pin[80];
    char tokens[3][300]; /* approver, board, field token files */
} hubtest_hub;

typedef struct {
    char key_pem_path[300];
    char cert_path[300];
    char key_id[65];
    char *key_pem;
    char user_id[65];
} hubtest_device;

typedef struct {
    long status;   /* HTTP status, 0 when the transfer failed */
    int curl_code; /* CURLcode */
    char *body;    /* NUL-terminated, malloc'd */
    size_t len;
    char etag[100];
    char ctype[80];
    double seconds;
} hubtest_resp;

/* Path of the paraf-hub executable (defaults to the one built next to the tests). */
extern const char *hubtest_binary;

/* Start paraf-hub with --data <tmp> --listen 127.0.0.1:0 --quiet plus extra args (NULL-ended).
 * Returns 0 when it printed its url/ca/pin lines. */
int hubtest_start(hubtest_hub *h, const char *const *extra_args);
/* Start again on an existing data directory (same dir), e.g. after a stop. */
int hubtest_restart(hubtest_hub *h, const char *const *extra_args);
/* SIGTERM, wait for exit; returns the exit status (or -1). */
int hubtest_stop(hubtest_hub *h);
/* Stop and remove the data directory. */
void hubtest_destroy(hubtest_hub *h);

/* Read a token file into out (trailing newline removed). */
int hubtest_read_token(const char *path, char *out, size_t cap);
/* Issue an extra token for profile:user with paraf-hub --new-token; out receives the token. */
int hubtest_new_token(hubtest_hub *h, const char *profile_user, char *out, size_t cap);

/* Generate a key, build a CSR and enrol with token. Returns the HTTP status (201 on success);
 * on success the device's key and certificate are written into the hub's data dir. */
long hubtest_enroll(hubtest_hub *h, const char *token, hubtest_device *d);
void hubtest_device_free(hubtest_device *d);

/* One request. dev may be NULL (no client certificate). headers: NULL-ended "Name: value" list.
 * body may be NULL (GET). */
hubtest_resp hubtest_request(hubtest_hub *h, const hubtest_device *dev, const char *method,
                             const char *path, const char *const *headers, const char *body,
                             size_t body_len);
void hubtest_resp_free(hubtest_resp *r);

/* Run an SQL query on the hub's database (read-only) and return the first column of the first
 * row as a malloc'd string ("" when no row). */
char *hubtest_sql(hubtest_hub *h, const char *sql);

#endif
