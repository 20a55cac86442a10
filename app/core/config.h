/* config: the device's configuration file (docs/config.md): `key = value` lines, `#` comments,
 * optional "quoted" values. Every key is known and every value checked, so a typo is a clear error
 * with its line number instead of a silently ignored setting. Pure C; the caller reads the file.
 * Thread-safe: no state. */
#ifndef PARAF_CONFIG_H
#define PARAF_CONFIG_H

#include "fmt.h"

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_LINE_MAX 4096 /* bytes in one line, without its line ending */
#define CONFIG_PATH_MAX 512  /* path buffers: up to 511 bytes of path */
#define CONFIG_URL_MAX  256  /* hub_url: up to 255 bytes (worker_config's size) */
#define CONFIG_PIN_MAX  53   /* "sha256//" + 44 base64 characters + NUL */
#define CONFIG_ROLE_MAX 65   /* an id: 1..64 of [A-Za-z0-9._-] */
#define CONFIG_TZ_MAX   32

#define CONFIG_GPSD_HOST_MAX 40 /* "127.255.255.255", "localhost", "::1" */

typedef enum { PROFILE_APPROVER = 0, PROFILE_BOARD, PROFILE_FIELD } paraf_profile;

typedef enum {
    CONFIG_OK = 0,
    CONFIG_ERR_SYNTAX,  /* not `key = value`; bad quoting; a line too long; NUL, control
                           character or invalid UTF-8 */
    CONFIG_ERR_KEY,     /* unknown or duplicate key */
    CONFIG_ERR_VALUE,   /* a value empty, malformed or out of range */
    CONFIG_ERR_MISSING, /* a required key is absent */
} config_err;

typedef struct {
    char hub_url[CONFIG_URL_MAX]; /* https://host[:port][/path], trailing '/' removed */
    char ca_file[CONFIG_PATH_MAX];
    char server_pin[CONFIG_PIN_MAX]; /* "sha256//<base64>" */
    paraf_profile profile;
    char data_dir[CONFIG_PATH_MAX];
    lang language;
    char time_zone[CONFIG_TZ_MAX]; /* the name as written, e.g. "Asia/Makassar" */
    tz_info tz;                    /* its offset and abbreviation */
    int screen_w, screen_h;
    char token_file[CONFIG_PATH_MAX]; /* "" when not set */
    int idle_lock_s;
    int connect_timeout_ms;
    int request_timeout_ms;
    int poll_interval_s;
    char user_role[CONFIG_ROLE_MAX];
    /* board profile */
    char board_title[160];      /* UTF-8, e.g. "Mal Pelayanan Publik Provinsi Bali" ("" = hub's) */
    char board_title_bali[160]; /* Aksara Bali */
    int board_stale_s;          /* data older than this shows red (default 900) */
    int heartbeat_s;            /* default 300 */
    int night_start_min,
        night_end_min;  /* screen off window, minutes of the local day (equal: none) */
    char admin_pin[16]; /* 4..8 digits; "" disables the admin screen */
    /* field profile */
    char photo_dir[CONFIG_PATH_MAX];      /* the folder the photo picker lists; "" when not set */
    char gpsd_host[CONFIG_GPSD_HOST_MAX]; /* a loopback address, without brackets: "127.0.0.1" */
    char gpsd_port[8];                    /* "2947" */
    int gps_max_age_s;                    /* an older fix is marked old (default 120) */
    int gps_max_accuracy_m;               /* a fix less accurate is marked so (default 50) */
} paraf_config;

/* Every optional key at its default; required keys (hub_url, ca_file, server_pin, data_dir) "". */
void config_defaults(paraf_config *c);

/* Parses len bytes of text (any bytes: NULs and invalid UTF-8 are errors, never read past len).
 * On CONFIG_OK *out holds the defaults overridden by the file. On an error *out is untouched and
 * err (cap bytes, always NUL-terminated when cap > 0, valid UTF-8) says what and where, in English
 * for the log and the administrator: "line 7: unknown key 'hub_ulr' (did you mean 'hub_url'?)".
 * Paths are returned as written; resolve relative ones with config_resolve_path. */
config_err config_parse(const char *text, size_t len, paraf_config *out, char *err, size_t cap)
    __attribute__((warn_unused_result));

/* A path from the file as the program should open it: value itself when absolute (or when
 * config_dir is NULL or ""), else config_dir/value. False, with out "", when value is empty or the
 * result does not fit in cap. */
bool config_resolve_path(const char *config_dir, const char *value, char *out, size_t cap)
    __attribute__((warn_unused_result));

/* "approver", "board", "field". */
const char *config_profile_name(paraf_profile p);

#endif
