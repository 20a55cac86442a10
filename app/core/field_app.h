/* field_app: the field officer's tablet (profile `field`): its state and its reactions, the
 * counterpart of app.c (approver) and board_app.c (board). Pure: time comes in events, work for
 * the worker goes out as commands (app_out); no SDL, no clock, no I/O.
 *
 * Screens: the assignments (sorted by due time, each with its report's state), an assignment's
 * form (every answer saved as a draft on every change, so a draft survives a kill and reopens at
 * the field the officer was at), the photo picker (the configured folder's pictures as
 * thumbnails; broken or unsupported files are listed as skipped, with the reason), and the sent
 * reports (waiting for the network, going out with a progress bar, sent). */
#ifndef PARAF_FIELD_APP_H
#define PARAF_FIELD_APP_H

#include "app.h"
#include "field.h"

#define FIELD_PICKS_MAX 200 /* files the picker lists */
#define FIELD_TOAST_S   6   /* a notice stays this long */
#define FIELD_GPS_AGE_S 120 /* default gps_max_age_s */
#define FIELD_GPS_ACC_M 50  /* default gps_max_accuracy_m */

typedef enum { FS_LIST = 0, FS_FORM, FS_PICKER, FS_REPORTS } field_screen;

enum { THUMB_NONE = 0, THUMB_READY, THUMB_ASKED, THUMB_FAILED };

/* Action ids of the field screens' hit regions (draw_hit.action), apart from app.h's and the
 * board's. arg is given per action. */
enum {
    FIELD_ACT_OPEN = 2000,   /* a list card: arg = index into list */
    FIELD_ACT_BACK,          /* form -> list, picker -> form, reports -> list */
    FIELD_ACT_REPORTS,       /* list: the sent reports screen */
    FIELD_ACT_REFRESH,       /* list: fetch the assignments now */
    FIELD_ACT_THEME,         /* toggle the sunlight theme */
    FIELD_ACT_EDIT,          /* form: arg = field index: focus a text/number/date field
                              * (the on-screen keyboard opens) */
    FIELD_ACT_CHOICE,        /* form: arg = field index * 32 + choice index (choice: select it;
                              * multi: toggle it) */
    FIELD_ACT_YES,           /* form: arg = field index */
    FIELD_ACT_NO,            /* form: arg = field index */
    FIELD_ACT_DATE_TODAY,    /* form: arg = field index: today's date */
    FIELD_ACT_DATE_PREV,     /* form: arg = field index: one day earlier */
    FIELD_ACT_DATE_NEXT,     /* form: arg = field index: one day later */
    FIELD_ACT_LOCATE,        /* form: arg = field index: attach the current fix */
    FIELD_ACT_PHOTOS,        /* form: arg = field index: open the picker for it */
    FIELD_ACT_PHOTO_REMOVE,  /* form: arg = index into report.photos */
    FIELD_ACT_SUBMIT,        /* form: send the report (only when every answer is valid) */
    FIELD_ACT_KEYBOARD_DONE, /* form: close the keyboard */
    FIELD_ACT_PICK,          /* picker: arg = index into picks: select / unselect */
    FIELD_ACT_PICK_ATTACH,   /* picker: prepare and attach the selected photos */
    FIELD_ACT_SEND_NOW,      /* reports: retry waiting reports now */
};

typedef struct {
    /* Settings. */
    lang lang;
    tz_info tz;
    int poll_s;
    int gps_max_age_s;
    double gps_max_acc_m;

    /* Clock. */
    int64_t now_ms;
    int64_t wall_offset_s; /* Unix seconds = now_ms/1000 + wall_offset_s (from worker results) */

    /* Assignments. */
    field_list *list; /* owned; NULL until the first answer (hub or cache) */
    net_status net;   /* the last fetch's outcome */
    bool cached;      /* the list came from the device's cache */
    int64_t synced_at;
    bool fetching;
    int64_t next_poll_ms;

    /* Reports on the device (drafts and submitted), newest first; owned. */
    field_report *reports;
    int n_reports;

    field_screen screen;

    /* The form: the assignment open and the report being filled (a copy; saved on change). */
    int cur;            /* index into list, -1 none */
    field_report draft; /* valid when cur >= 0 */
    bool draft_dirty;   /* changed since the last save command */
    unsigned save_seq;  /* the last save command's number (its arg) */
    unsigned saved_seq; /* the last the worker confirmed on disk: "Draf tersimpan" only when
                         * it equals save_seq, "Menyimpan…" until then */
    bool save_failed;   /* the last save did not reach the disk: "Belum tersimpan" */
    char submitting[MODEL_ID_MAX]; /* report handed to the worker to be frozen and queued; its
                                    * RES_REPORT says whether it was (toast either way; one at a
                                    * time: the answer for an earlier submit is not announced) */
    field_photo removing[FIELD_PHOTOS_MAX]; /* photos taken off the open draft whose removal the
                                             * worker has not answered; put back if it fails */
    int n_removing;
    field_verdict verdicts[FIELD_FORM_MAX];
    uint32_t touched; /* bit i: field i was answered or left: its message shows */
    bool show_all;    /* after a refused submit: every message shows */
    int focus;        /* field being typed into, -1 none */
    bool keyboard;
    bool shift;     /* the on-screen keyboard's shift (ACT_KEY_* from app.h drive it) */
    int scroll;     /* the screen's scroll offset (px); 0 when the screen changes */
    int scroll_max; /* set by the platform from the last frame's layout */
    field_screen scrolled_screen;          /* the screen scroll belongs to */
    int form_scroll;                       /* the form's, kept while the picker is open */
    int photo_thumb_next, photo_thumb_end; /* the open draft's photos whose thumbnails are still
                                            * to be asked for: [next, end) */

    /* Picker. */
    int picker_field;  /* form index of the photo field being filled */
    field_pick *picks; /* owned */
    int n_picks;
    bool scanning;
    uint64_t selected[(FIELD_PICKS_MAX + 63) / 64];
    int n_selected;
    int preparing;                     /* photos sent to the worker, not yet answered */
    char thumb_ready[FIELD_PICKS_MAX]; /* THUMB_*: the platform holds "thumb:<name>" when READY */

    /* Location from gpsd. */
    gps_fix fix;
    bool gps_connected;

    bool sun;     /* the sunlight theme (default in this profile) */
    bool resumed; /* the draft open before a restart was reopened (once, at start) */
    /* A fresh UUID v4 for the next new report, supplied by the platform (core has no entropy). */
    char next_report_id[37];
    char toast[240];
    int64_t toast_until_ms;
    bool dirty;
} field_state;

void field_app_init(field_state *s, lang l, const tz_info *tz, int poll_s, int gps_max_age_s,
                    double gps_max_acc_m);
void field_app_deinit(field_state *s);
void field_app_update(field_state *s, const app_event *e, app_out *out);

int64_t field_app_wall(const field_state *s);
/* A change to the open draft (photos being prepared included) is not yet confirmed on disk by
 * the worker. */
bool field_app_saving(const field_state *s);
/* Local date (days since 1970-01-01 in the configured zone). */
int64_t field_app_today(const field_state *s);
/* The stored report of an assignment, the newest (NULL: none). */
const field_report *field_app_report_of(const field_state *s, const char *assignment_id);
/* Quality of the current fix now. */
gps_quality field_app_gps(const field_state *s);

#endif
