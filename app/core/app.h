/* app: the device program's state and its update function. Pure: app_update takes the state and
 * one event (a tick, a user action, a key, a worker result) and changes the state, emitting
 * commands for the worker. It never reads the clock, touches SDL or blocks. UI thread only. */
#ifndef PARAF_APP_H
#define PARAF_APP_H

#include "doc.h"
#include "fmt.h"
#include "model.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define APP_PIN_LEN     6
#define APP_PIN_TRIES   5
#define APP_MAX_CMDS    8
#define APP_MAX_PAGES   12
#define APP_MAX_CHANGED 6
#define APP_TEXT_MAX    (WIRE_NOTE_MAX + 1)

typedef enum { SCREEN_LOCK, SCREEN_INBOX, SCREEN_DETAIL, SCREEN_VIEWER, SCREEN_OUTBOX } app_screen;

typedef enum {
    LOCK_SETUP,    /* choose a new PIN */
    LOCK_CONFIRM,  /* enter it again */
    LOCK_ENTER,    /* unlock */
    LOCK_CHECKING, /* waiting for the worker's slow hash */
} lock_phase;

typedef enum {
    DLG_NONE,
    DLG_DECIDE,  /* approve / acknowledge / return / reject: optional or required note */
    DLG_FORWARD, /* disposisi: recipients, instructions, note */
    DLG_SIGN,    /* certified signature: passphrase */
    DLG_PIN,     /* PIN again before the decision is signed */
    DLG_SENDING, /* waiting for the hub; then the outcome */
} app_dialog;

typedef enum { FIELD_NOTE, FIELD_PASSPHRASE } app_field;

/* Inbox groups with their own counter: reports (revenue, audit, budget), letters to forward,
 * letters to sign, SPJ, procurement. */
enum {
    APP_GROUP_REPORTS,
    APP_GROUP_LETTER_IN,
    APP_GROUP_LETTER_OUT,
    APP_GROUP_SPJ,
    APP_GROUP_PROCUREMENT,
    APP_GROUPS
};
int app_group_of(item_type t);

typedef enum { LOAD_NONE, LOAD_BUSY, LOAD_OK, LOAD_FAILED } load_state;

typedef struct {
    load_state state;
    char key[96]; /* image key registered with the platform */
    int w, h;
    net_status status;
} app_page;

/* Inputs. Actions come from the UI's hit regions (ui.h defines the codes' meaning). */
typedef enum {
    EV_TICK,   /* now_ms */
    EV_ACTION, /* action, arg */
    EV_KEY,    /* key: APP_KEY_* or a printable character in text */
    EV_TEXT,   /* text: UTF-8 typed (physical keyboard or on-screen keyboard) */
    EV_SCROLL, /* dy (px, positive = content moves up), for the current scroll area */
    EV_FLING,  /* velocity (px/s) at release */
    EV_ZOOM,   /* viewer: factor about (x, y) */
    EV_PAN,    /* viewer: dx, dy */
    EV_RESULT, /* result from the worker (the app takes ownership of its payload) */
    EV_INPUT,  /* any user input (resets the idle timer) */
} app_event_kind;

enum { APP_KEY_BACKSPACE = 1, APP_KEY_ENTER, APP_KEY_ESCAPE, APP_KEY_LEFT, APP_KEY_RIGHT };

typedef struct {
    app_event_kind kind;
    int64_t now_ms;
    int action, arg;
    int key;
    char text[64];
    float dx, dy, velocity, factor, x, y;
    msg_result *result;
} app_event;

typedef struct {
    /* Settings. */
    lang lang;
    tz_info tz;
    int idle_lock_s;
    int poll_interval_s;
    char role[WIRE_ID_MAX + 1];
    int view_w, view_h; /* viewport in px, for scroll limits and the viewer */

    /* Clock (ms, from ticks) and activity. */
    int64_t now_ms;
    int64_t last_input_ms;
    int64_t last_poll_ms;
    int64_t wall_offset_s; /* Unix seconds = now_ms/1000 + wall_offset_s (from worker results) */

    /* Identity and connection. */
    bool started, enrolled, pin_exists;
    char user_id[WIRE_ID_MAX + 1];
    net_status net; /* last network outcome shown in the banner (NET_OK hides it) */
    char net_code[40];

    /* Lock screen. */
    app_screen screen;
    lock_phase lock;
    char pin[APP_PIN_LEN + 1];
    char pin_first[APP_PIN_LEN + 1];
    int pin_failures;
    int64_t locked_until_ms;
    int lock_message; /* LOCKMSG_* */

    /* Inbox. */
    inbox_list inbox;
    bool inbox_loading;
    bool inbox_cached; /* the rows come from the device's cache */
    int filter_all;    /* 0: needs action, 1: all */
    int type_filter;   /* -1: all groups, else an inbox group (APP_GROUP_*) */
    size_t *visible;   /* indices into inbox.rows after filtering (owned) */
    size_t n_visible, cap_visible;
    float scroll, scroll_v, scroll_max;
    int counts[APP_GROUPS];

    /* Detail. */
    char item_id[MODEL_ID_MAX];
    doc *item;
    int64_t item_version;
    char item_sha[65];
    load_state item_state;
    net_status item_status;
    bool item_cached;      /* shown from the device's cache: the hub was not reached */
    int item_retries;      /* automatic fetches of a failed item since it was opened */
    int64_t item_retry_ms; /* when the next one is due (0: none) */
    /* The user's last decision on this item met a conflict: what it was, the hub's code and the
     * members of the item that changed since (names from the item, "" when none). */
    bool conflict;
    char conflict_action[WIRE_CODE_MAX];
    char conflict_code[40];
    char conflict_changed[APP_MAX_CHANGED][48];
    int n_conflict_changed;
    float detail_scroll, detail_scroll_max;
    app_page pages[APP_MAX_PAGES];
    int n_pages;

    /* Viewer. */
    int page;
    float zoom, pan_x, pan_y;

    /* Dialogs and the decision being made. */
    app_dialog dialog;
    char action[WIRE_CODE_MAX];
    app_field field;
    char note[APP_TEXT_MAX];
    char passphrase[257];
    bool keyboard, shift;
    official *officials;
    size_t n_officials;
    bool officials_loading;
    bool recipient_on[64];
    bool instruction_on[WIRE_INSTR_MAX];
    wire_decision draft;
    /* A fresh decision UUID supplied by the platform (the core has no randomness); taken by the
     * next decision, so every result can be matched to the decision it is about. */
    char next_decision_id[37];
    bool decision_known; /* a result about the current decision has arrived */
    decision_state decision;
    bool decision_done;
    char decision_code[40];
    int dialog_error; /* DLGERR_* */

    /* Outbox (decisions waiting for, or refused by, the hub). */
    outbox_entry *outbox; /* owned */
    size_t n_outbox;
    int outbox_pending; /* entries not yet accepted or refused */

    bool dirty; /* something visible changed: render a frame */
} app_state;

enum {
    LOCKMSG_NONE,
    LOCKMSG_WRONG,    /* wrong PIN, tries left */
    LOCKMSG_LOCKED,   /* too many tries: wait */
    LOCKMSG_MISMATCH, /* the two new PINs differ */
    LOCKMSG_IDLE,     /* locked after inactivity */
    LOCKMSG_STORE,    /* the PIN could not be saved on the device */
};

enum {
    DLGERR_NONE,
    DLGERR_NOTE_REQUIRED,
    DLGERR_PICK_RECIPIENT,
    DLGERR_PICK_INSTRUCTION,
    DLGERR_PASSPHRASE_REQUIRED,
    DLGERR_PIN_WRONG
};

/* Actions (from hit regions). */
enum {
    ACT_NONE = 0,
    ACT_PIN_DIGIT, /* arg: 0..9 */
    ACT_PIN_BACK,
    ACT_FILTER,      /* arg: 0 needs action, 1 all */
    ACT_TYPE_FILTER, /* arg: -1 or APP_GROUP_* */
    ACT_REFRESH,
    ACT_OPEN_ITEM, /* arg: index into visible */
    ACT_BACK,
    ACT_OPEN_PAGE, /* arg: page index */
    ACT_PAGE_PREV,
    ACT_PAGE_NEXT,
    ACT_ZOOM_TOGGLE, /* double tap */
    ACT_DECIDE,      /* arg: index into the item's actions */
    ACT_DIALOG_CANCEL,
    ACT_DIALOG_SUBMIT,
    ACT_FOCUS_FIELD,        /* arg: app_field */
    ACT_TOGGLE_RECIPIENT,   /* arg: official index */
    ACT_TOGGLE_INSTRUCTION, /* arg: instruction index */
    ACT_KEY_CHAR,           /* arg: character (ASCII) from the on-screen keyboard */
    ACT_KEY_SHIFT,
    ACT_KEY_BACKSPACE,
    ACT_KEY_SPACE,
    ACT_KEY_DONE,
    ACT_RETRY,     /* retry the failed load on screen */
    ACT_RESULT_OK, /* close the outcome of a decision */
    ACT_LOCK_NOW,
    ACT_OPEN_OUTBOX,
    ACT_OUTBOX_SEND_NOW,
    ACT_OUTBOX_OPEN, /* arg = outbox entry: open its item (a conflict: to decide again) */
};

typedef struct {
    msg_cmd *cmds[APP_MAX_CMDS]; /* heap commands for the worker; the caller sends and owns them */
    int n;
} app_out;

void app_init(app_state *s, lang l, const tz_info *tz, int idle_lock_s, int poll_interval_s,
              const char *role, int view_w, int view_h);
void app_deinit(app_state *s);
/* Apply one event. Commands to send are appended to out. */
/* Appends a zeroed command of this kind to out for the caller to fill (the approver, board and
 * field state machines all do); NULL when out is full or memory runs out. */
msg_cmd *app_out_push(app_out *out, msg_cmd_kind kind);

void app_update(app_state *s, const app_event *e, app_out *out);

/* Wall-clock Unix seconds as the app knows it (from the last worker result). */
int64_t app_wall(const app_state *s);
/* True while something animates (inertia, lockout countdown, a spinner): render on every tick. */
bool app_animating(const app_state *s);
/* The action codes offered by the open item ("approve", ...), count in *n. */
size_t app_item_actions(const app_state *s, const char *out[8]);

#endif
