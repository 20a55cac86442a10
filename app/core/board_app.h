/* board_app: the lobby board's state and its reactions (profile `board`), the counterpart of app.c
 * for the approver. Pure: time comes in events, work for the worker goes out as commands (app_out).
 * It polls the hub's services and announcements every poll interval, keeps the last good data
 * (the worker serves its cache after a restart or while offline), closes a service's detail by
 * itself after BOARD_DETAIL_S, opens the admin screen after the hidden gesture and the admin PIN,
 * sends a heartbeat every heartbeat interval, and follows the night schedule: while the screen is
 * off a touch only wakes it. */
#ifndef PARAF_BOARD_APP_H
#define PARAF_BOARD_APP_H

#include "app.h"
#include "board.h"

#define BOARD_DETAIL_S     30   /* a service's detail closes by itself after this */
#define BOARD_GESTURE_TAPS 5    /* taps on the hidden corner that ask for the admin PIN */
#define BOARD_GESTURE_MS   4000 /* ... within this time */
#define BOARD_ADMIN_IDLE_S 60   /* the admin screen closes by itself after this */
#define BOARD_WAKE_S       120  /* a touch at night wakes the screen for this long */
#define BOARD_PIN_TRIES    5    /* then the PIN pad rests for BOARD_PIN_REST_S */
#define BOARD_PIN_REST_S   60

/* Action ids of the board's hit regions (draw_hit.action), far above app.h's ACT_*. */
enum {
    BOARD_ACT_SERVICE = 1000, /* a service card: arg = index into board_data.services */
    BOARD_ACT_DETAIL_CLOSE,   /* the detail's "Kembali" button, or a tap outside the detail */
    BOARD_ACT_ADMIN_EXIT,     /* admin: leave the program */
    BOARD_ACT_ADMIN_REFRESH,  /* admin: poll the hub now */
    BOARD_ACT_ADMIN_INFO,     /* admin: show or hide the device information */
    BOARD_ACT_ADMIN_CLOSE,    /* admin: back to the board */
    BOARD_ACT_CORNER = 1100,  /* the hidden admin corner */
    BOARD_ACT_PIN_DIGIT,      /* arg = 0..9 */
    BOARD_ACT_PIN_BACK,
    BOARD_ACT_PIN_CANCEL,
};

typedef struct {
    /* Settings. */
    lang lang;
    tz_info tz;
    int poll_s, red_after_s, heartbeat_s;
    int night_start_min, night_end_min; /* equal: never off */
    char admin_pin[16];                 /* "" disables the admin screen */
    char title[160], title_bali[160];

    /* Clock. */
    int64_t now_ms;
    int64_t wall_offset_s; /* Unix seconds = now_ms/1000 + wall_offset_s (from worker results) */

    /* Data. */
    board_data *data; /* owned; NULL until the first data (hub or cache) */
    int64_t synced_at;
    net_status net; /* last poll's outcome */
    bool polling;
    int64_t next_poll_ms, next_heartbeat_ms;

    /* Screen. */
    int detail; /* -1 none */
    int64_t detail_until_ms;
    bool admin, admin_info, pin_pad;
    char pin[8];
    int pin_len, pin_fails;
    int64_t pin_rest_until_ms, admin_until_ms;
    int corner_taps;
    int64_t corner_first_ms;
    bool night;               /* the schedule says off (set by the platform) */
    int64_t woken_until_ms;   /* a touch at night shows the board until then */
    int64_t swallow_until_ms; /* the touch that woke it does not act */
    bool quit;                /* admin chose exit */
    bool dirty;
    uint64_t polls, heartbeats; /* counters for the admin screen and the soak test */
} board_state;

void board_app_init(board_state *s, lang l, const tz_info *tz, int poll_s, int red_after_s,
                    int heartbeat_s);
void board_app_deinit(board_state *s);
/* Reacts to an event; commands for the worker are appended to out. */
void board_app_update(board_state *s, const app_event *e, app_out *out);
/* The wall clock (Unix s) as the board knows it. */
int64_t board_app_wall(const board_state *s);
/* True while the screen must be dark (night and not woken by a touch). */
bool board_app_dark(const board_state *s);

#endif
