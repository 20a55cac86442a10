/* board: the lobby service board's model. Parses the hub's GET /v1/services and
 * GET /v1/announcements bodies (docs/items.md §12-13) strictly into fixed-size storage (counts and
 * string lengths capped, no pointers into the JSON), and the pure decisions the board screen is
 * made of: data freshness, page rotation, burn-in shift, today's opening hours, the announcements
 * in force. No SDL, no clock: every time is an argument. board_data is plain caller storage
 * (init/deinit free); any thread may call, one writer at a time. */
#ifndef PARAF_BOARD_H
#define PARAF_BOARD_H

#include "fmt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps. A body larger than BOARD_JSON_MAX, or with more services than BOARD_SERVICES_MAX, is
 * refused as a whole (the last good data stays). Valid announcements beyond BOARD_ANN_MAX are
 * ignored (counted in n_invalid_ann). Prose longer than its field is cut at a UTF-8 boundary and
 * ends in "…"; ids and tickets that do not fit make their object invalid. */
#define BOARD_JSON_MAX     (256u * 1024u)
#define BOARD_SERVICES_MAX 48
#define BOARD_ANN_MAX      32
#define BOARD_HOLIDAYS_MAX 48
#define BOARD_REQ_MAX      6
#define BOARD_ID_CAP       65      /* 64 + NUL */
#define BOARD_NAME_CAP     160     /* names and agencies */
#define BOARD_TEXT_CAP     400     /* status messages, announcements, addresses */
#define BOARD_REQ_CAP      160     /* one requirement */
#define BOARD_TICKET_CAP   16      /* "A-022" */
#define BOARD_COUNTER_CAP  32      /* "Loket 12" */
#define BOARD_COUNT_MAX    1000000 /* counts above this are not believed */

typedef enum {
    BOARD_BUKA = 0,        /* "buka": open */
    BOARD_TUTUP = 1,       /* "tutup": closed now */
    BOARD_KUOTA_PENUH = 2, /* "kuota_penuh": no tickets left today */
    BOARD_GANGGUAN = 3,    /* "gangguan": disrupted */
    BOARD_STATUSES = 4,
} board_status;

typedef struct {
    uint8_t day;       /* ISO weekday 1 (Monday) .. 7 */
    uint16_t open_min; /* minutes after local midnight (WITA), open < close */
    uint16_t close_min;
} board_hours;

typedef struct {
    /* valid false: the hub sent this service with a missing or wrong field; only `name` (or
     * the id, or "") is kept, and the board says the data cannot be shown (items.md §1). */
    bool valid;
    char id[BOARD_ID_CAP];
    char name[BOARD_NAME_CAP];
    char name_bali[BOARD_NAME_CAP]; /* "" when none */
    char agency[BOARD_NAME_CAP];
    board_status status;
    char status_message[BOARD_TEXT_CAP];
    int quota_daily, quota_remaining;
    char now_serving[BOARD_TICKET_CAP]; /* "" when null */
    char counter[BOARD_COUNTER_CAP];    /* "" when null (exactly when now_serving is) */
    int waiting, served_today, est_wait_min;
    board_hours hours[7];
    int n_hours;
    int32_t holidays[BOARD_HOLIDAYS_MAX]; /* local dates as days since 1970-01-01 */
    int n_holidays;
    /* Optional `requirements` (array of text): not in items.md yet; shown in the detail. */
    char requirements[BOARD_REQ_MAX][BOARD_REQ_CAP];
    int n_requirements;
} board_service;

typedef enum { BOARD_ANN_INFO = 0, BOARD_ANN_PENTING = 1 } board_priority;

typedef struct {
    char id[BOARD_ID_CAP];
    char text[BOARD_TEXT_CAP];
    int64_t from, until; /* Unix s; shown while from <= now < until */
    board_priority priority;
} board_announcement;

typedef struct {
    /* From /v1/services. have_services false until the first good body. */
    bool have_services;
    int64_t services_revision;
    int64_t services_generated_at;
    char hall_name[BOARD_NAME_CAP];
    char hall_name_bali[BOARD_TEXT_CAP]; /* Aksara Bali, "" when none */
    char hall_address[BOARD_TEXT_CAP];
    board_service services[BOARD_SERVICES_MAX];
    int n_services;
    int n_invalid_services; /* of n_services, how many are !valid */
    /* From /v1/announcements (every valid one, in the hub's order; see board_ann_active). */
    bool have_announcements;
    int64_t announcements_revision;
    board_announcement ann[BOARD_ANN_MAX];
    int n_ann;
    int n_invalid_ann; /* dropped for a missing or wrong field */
} board_data;

typedef enum {
    BOARD_OK = 0,
    BOARD_ERR_EMPTY,    /* no body */
    BOARD_ERR_TOO_BIG,  /* over BOARD_JSON_MAX */
    BOARD_ERR_SYNTAX,   /* not JSON, or bytes after the value */
    BOARD_ERR_SHAPE,    /* JSON, but not the document the contract describes */
    BOARD_ERR_TOO_MANY, /* more than BOARD_SERVICES_MAX services */
    BOARD_ERR_NOMEM,
} board_err;

void board_data_init(board_data *d);

/* The status code as on the wire ("buka", "kuota_penuh"), or "" out of range. */
const char *board_status_code(board_status s);

/* The announcements in force at now (from <= now < until), `penting` first, otherwise in the
 * hub's order: writes up to max indexes into d->ann and returns how many. */
int board_ann_active(const board_data *d, int64_t now, int *idx, int max);

/* Opening hours of s on the local day of now (tz; NULL = UTC). False when closed that day (not
 * in the weekly hours, or a holiday); then *open_min and *close_min are untouched. */
bool board_hours_today(const board_service *s, int64_t now, const tz_info *tz, int *open_min,
                       int *close_min);
/* Hours of an ISO weekday (1..7) in the weekly schedule; false when closed that weekday. */
bool board_hours_of_day(const board_service *s, int iso_day, int *open_min, int *close_min);
/* ISO weekday (1 Monday .. 7 Sunday) of now in tz. */
int board_iso_weekday(int64_t now, const tz_info *tz);

/* How much to trust what is shown. */
typedef enum {
    BOARD_FRESH_NONE = 0, /* never synced (synced_at <= 0): nothing to vouch for */
    BOARD_FRESH = 1,      /* synced within two poll intervals */
    BOARD_AMBER = 2,      /* two polls missed: age > 2 * poll_s */
    BOARD_RED = 3,        /* age > red_after_s: "Data mungkin tidak terbaru" */
} board_freshness;

/* synced_at is the last time the hub confirmed the data (a 200 or a 304), Unix s. A sync in the
 * future (the clock was set back) counts as age 0. poll_s <= 0 means no amber stage; red_after_s
 * <= 0 means never red. RED wins over AMBER when red_after_s is the smaller. */
board_freshness board_fresh(int64_t now, int64_t synced_at, int poll_s, int red_after_s);

/* Paging. The grid of equal cards that fits an area: as many columns of at least min_w and rows
 * of at least min_h (gap between them) as fit, at least 1 x 1. Returns cols * rows. */
int board_grid(int area_w, int area_h, int min_w, int min_h, int gap, int *cols, int *rows);
/* Pages for n services at per_page each (at least 1, also for n = 0). */
int board_pages(int n, int per_page);
/* The page shown at now_ms: pages change every period_ms, in order, wrapping; 0 when n_pages <= 1
 * or period_ms <= 0. Defined for negative times too (floor). */
int board_page_at(int64_t now_ms, int n_pages, int64_t period_ms);

/* Burn-in protection: the whole board is drawn shifted by (dx, dy), |dx|, |dy| <= max_px (clamped
 * to 0..32). The offset changes once per period_ms, never stays the same two periods running
 * (max_px >= 1), and visits every position of the (2 max_px + 1)^2 square before repeating.
 * Deterministic: a function of now_ms only. period_ms <= 0 or max_px <= 0 gives (0, 0). */
void board_shift(int64_t now_ms, int64_t period_ms, int max_px, int *dx, int *dy);

#endif
