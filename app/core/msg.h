/* msg: the messages between the UI thread and the worker thread. The UI sends commands
 * (msg_cmd) through the worker's locked queue; the worker answers with results (msg_result)
 * through SDL user events. Each message owns its payload: the receiver frees it with
 * msg_cmd_free / msg_result_free. Secrets (PINs, passphrases) are zeroised when freed. Pure C. */
#ifndef PARAF_MSG_H
#define PARAF_MSG_H

#include "board.h"
#include "doc.h"
#include "field.h"
#include "model.h"
#include "wire.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    CMD_START,            /* open the store, load the device identity; enrol when needed */
    CMD_PIN_SET,          /* text = new PIN: store its salted slow hash */
    CMD_PIN_CHECK,        /* text = PIN; arg = purpose (PIN_FOR_UNLOCK / PIN_FOR_DECISION) */
    CMD_FETCH_INBOX,      /* conditional GET /v1/inbox */
    CMD_FETCH_ITEM,       /* id */
    CMD_FETCH_ATTACHMENT, /* id, arg = n (1-based) */
    CMD_FETCH_OFFICIALS,
    CMD_DECIDE,            /* decision (no signature/key id/time yet): sign, store durably, send */
    CMD_SIGN_LETTER,       /* decision + text = passphrase: sign, send once, zeroise */
    CMD_OUTBOX_LIST,       /* answer RES_OUTBOX with every outbox entry, newest first */
    CMD_OUTBOX_SEND_NOW,   /* retry every pending entry now (ignoring the backoff), and every
                            * field report waiting to be sent */
    CMD_FETCH_BOARD,       /* board: conditional GET /v1/services and /v1/announcements */
    CMD_HEARTBEAT,         /* board: POST /v1/devices/heartbeat; arg = 1 display on, 0 off */
    CMD_FETCH_ASSIGNMENTS, /* field: conditional GET /v1/assignments (cached per user) */
    CMD_REPORTS_LIST,      /* field: answer RES_REPORTS with every stored report, drafts too */
    CMD_REPORT_SAVE,       /* field: report (a draft) stored durably; RES_REPORT_SAVED. Its
                            * photos are not taken from it: they are the store's (CMD_PHOTO_ADD,
                            * _REMOVE), so a save never drops one. A report that is no longer a
                            * draft is refused (NET_REFUSED, code not_draft) */
    CMD_REPORT_SUBMIT,     /* field: report frozen (its answers, and the stored photos of the
                            * form's photo fields), manifest signed, stored to be sent; RES_REPORT
                            * (WAITING; or DRAFT with the status when refused: code incomplete,
                            * unknown_assignment, or NET_STORAGE) */
    CMD_REPORT_DISCARD,    /* field: id = report_id of a draft: delete it and its photos;
                            * answered with RES_REPORTS (id; status/code when not discarded) */
    CMD_PHOTO_SCAN,        /* field: list the photo folder: every regular file, newest first, at
                            * most 200, pictures probed from their headers; RES_PHOTO_SCAN */
    CMD_PHOTO_THUMB,       /* field: text = file name in the folder; or, with id = report_id,
                            * the manifest name of a photo stored with that report;
                            * RES_PHOTO_THUMB (id, text) with the image */
    CMD_PHOTO_ADD,    /* field: id = report_id, title = field key, text = file name: prepare the
                       * photo (≤ 2048 px JPEG) and store it with the draft; RES_PHOTO_ADDED */
    CMD_PHOTO_REMOVE, /* field: id = report_id, text = the photo's manifest name;
                       * answered with RES_REPORT_SAVED (arg 0, photo.name = the name) */
    CMD_STOP,
} msg_cmd_kind;

enum { PIN_FOR_UNLOCK = 0, PIN_FOR_DECISION = 1 };

typedef struct {
    msg_cmd_kind kind;
    char id[MODEL_ID_MAX];
    int arg;
    char text[300];  /* PIN or passphrase: zeroised by msg_cmd_free */
    char title[128]; /* CMD_DECIDE, CMD_SIGN_LETTER: the item's title, for the outbox */
    wire_decision decision;
    field_report *report; /* CMD_REPORT_SAVE, CMD_REPORT_SUBMIT (owned, malloc'd) */
} msg_cmd;

typedef enum {
    NET_OK = 0,
    NET_OFFLINE,      /* cannot connect (refused, unreachable, DNS) */
    NET_TIMEOUT,      /* connected but too slow */
    NET_TLS,          /* certificate or pin did not match */
    NET_SERVER,       /* 5xx */
    NET_MALFORMED,    /* not the JSON expected, truncated, too large */
    NET_REFUSED,      /* 4xx with an error code (see code) */
    NET_NOT_ENROLLED, /* no device certificate yet, or the hub forgot this device */
    NET_STORAGE,      /* the device's own storage failed (code: disk_full, read_only, io) */
} net_status;

typedef enum {
    RES_STARTED, /* arg: 1 = a PIN is set; text: user id; enrolled says whether enrolled */
    RES_ENROLLED,
    RES_PIN_SET,
    RES_PIN_RESULT,   /* ok; arg = purpose */
    RES_NET,          /* a network error outside a specific request: status, code, text */
    RES_INBOX,        /* inbox (owned), or not_modified */
    RES_ITEM,         /* id, item (owned doc), version, content_sha256 */
    RES_ATTACHMENT,   /* id, arg = n; image_key registered by the platform, w/h; or status error */
    RES_OFFICIALS,    /* officials (owned array), count */
    RES_DECISION,     /* decision_id in id, state, status/code on failure */
    RES_OUTBOX,       /* outbox (owned array), n_outbox */
    RES_BOARD,        /* board (owned) with both documents, or not_modified; cached/synced_at */
    RES_HEARTBEAT,    /* status; arg = the hub's poll_interval_s (0 when unknown) */
    RES_ASSIGNMENTS,  /* assignments (owned), or not_modified; cached/synced_at */
    RES_REPORTS,      /* reports (owned array), n_reports: every stored report, newest first */
    RES_REPORT_SAVED, /* id = report_id; status NET_STORAGE (code) when it could not be saved */
    RES_REPORT,       /* reports[0] = one report's new state (submitted, sending, sent, refused),
                       * with files_done/bytes_done as it goes out (a result as each photo starts,
                       * then at most every 200 ms); arg = total bytes of the file going out now;
                       * status/code: a failed try (WAITING, code offline, timeout, ...) or the
                       * hub's refusal (REJECTED, the hub's code) */
    RES_PHOTO_SCAN,   /* picks (owned array), n_picks; text = the folder; status on failure */
    RES_PHOTO_THUMB, /* text = file name; ok, image (SDL_Surface*) -> image_key; or arg = problem */
    RES_PHOTO_ADDED, /* id = report_id, text = file name; ok with photo; or arg =
                      * field_photo_problem, with NET_STORAGE + code for FP_NO_SPACE, or
                      * NET_REFUSED + code (not_draft, too_many_photos) */
    RES_LOCATION,    /* fix (the latest from gpsd); ok = gpsd is connected; posted when either
                      * changes, at most once a second */
} msg_result_kind;

typedef enum {
    DECISION_SAVED,    /* durable on the device, not yet accepted */
    DECISION_ACCEPTED, /* the hub answered 201 with this decision id */
    DECISION_REJECTED, /* the hub refused it (code says why); it will not be retried */
    DECISION_RETRYING, /* transport failure; it will be retried */
    DECISION_CONFLICT, /* 409: the item changed or was decided elsewhere; decide again */
    DECISION_SENDING,  /* outbox entries only: a request for it is out now */
} decision_state;

/* One outbox entry as the outbox screen shows it. */
typedef struct {
    char decision_id[37];
    char item_id[MODEL_ID_MAX];
    char action[WIRE_CODE_MAX];
    char title[128]; /* the item's title when known */
    decision_state state;
    char code[40]; /* the hub's reason for rejected/conflict, or the last transport error */
    int attempts;
    int64_t created_at, updated_at; /* Unix seconds */
} outbox_entry;

typedef struct {
    msg_result_kind kind;
    net_status status; /* NET_OK on success */
    char code[40];     /* API error code when status == NET_REFUSED */
    char text[200];    /* details for the log; never shown raw */
    char id[MODEL_ID_MAX];
    int arg;
    bool ok;
    bool enrolled;
    bool not_modified;
    inbox_list inbox;
    doc *item;
    int64_t version;
    char content_sha256[65];
    void *image; /* SDL_Surface* from the worker; the platform turns it into image_key */
    char image_key[96];
    int image_w, image_h;
    official *officials;
    size_t n_officials;
    decision_state state;
    outbox_entry *outbox; /* RES_OUTBOX (owned) */
    board_data *board;    /* RES_BOARD (owned, malloc'd; freed with free()) */
    size_t n_outbox;
    bool cached; /* served from the device's encrypted cache (the hub was not reached) */
    /* RES_ITEM when the user's last decision on it is in conflict: the version it was made on,
     * its action and the hub's code (stale_version, already_decided). */
    doc *before;
    char before_action[WIRE_CODE_MAX];
    char before_code[40];
    int64_t synced_at;       /* with cached: when that data was last fetched from the hub */
    field_list *assignments; /* RES_ASSIGNMENTS (owned, malloc'd; free()) */
    field_report *reports;   /* RES_REPORTS, RES_REPORT (owned array, malloc'd; free()) */
    size_t n_reports;
    field_pick *picks; /* RES_PHOTO_SCAN (owned array, malloc'd; free()) */
    size_t n_picks;
    field_photo photo; /* RES_PHOTO_ADDED */
    gps_fix fix;       /* RES_LOCATION */
    int64_t now;       /* device clock when the result was made */
} msg_result;

void msg_cmd_free(msg_cmd *c);
/* Frees owned payloads (not the image surface: the platform takes it). */
void msg_result_free(msg_result *r);

#endif
