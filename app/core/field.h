/* field: the field officer's model. Assignments with their report forms as the hub describes them
 * (docs/items.md §14), a report being filled (answers, photos, location) and the pure rules the
 * form screen is made of: which answers are missing or out of range, how an answer reads, the
 * order of the list. Parsing the hub's JSON and the draft's JSON lives in app/net/field_json.c;
 * this file is libc only. Times are arguments (Unix seconds); nothing reads the clock. Plain
 * fixed-size storage: copy freely, no pointers. */
#ifndef PARAF_FIELD_H
#define PARAF_FIELD_H

#include "location.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIELD_ASSIGNMENTS_MAX 48
#define FIELD_FORM_MAX        16 /* fields per form */
#define FIELD_CHOICES_MAX     8  /* choices per choice/multi field */
#define FIELD_PHOTOS_MAX      12 /* photos per report (all photo fields together); api.md: ≤ 20 files \
                                  */
#define FIELD_ID_CAP     65      /* ids, 64 + NUL */
#define FIELD_KEY_CAP    33      /* form keys [a-z0-9_], 32 + NUL */
#define FIELD_LABEL_CAP  160
#define FIELD_CHOICE_CAP 96
#define FIELD_UNIT_CAP   16
#define FIELD_TEXT_CAP   1024 /* a text answer (notes) */
#define FIELD_SHORT_CAP  40   /* a number or a date as typed */
#define FIELD_INSTR_CAP  1200
#define FIELD_FILE_CAP   64 /* a photo's file name in the manifest: "p01-3f2a9c.jpg" */
#define FIELD_JSON_MAX   (512u * 1024u)

typedef enum {
    FK_TEXT = 0, /* "text": a string (notes through the keyboard) */
    FK_NUMBER,   /* "number": with an optional unit and range */
    FK_CHOICE,   /* "choice": exactly one of choices */
    FK_MULTI,    /* "multi": any of choices (at least one when required) */
    FK_YESNO,    /* "yesno": true or false */
    FK_DATE,     /* "date": YYYY-MM-DD */
    FK_PHOTO,    /* "photo": file names of the report's photos, min_photos..max_photos */
    FK_LOCATION, /* "location": { lat, lon, accuracy_m, fix_time } */
    FK_KINDS
} field_kind;

typedef struct {
    char key[FIELD_KEY_CAP];
    char label[FIELD_LABEL_CAP];
    field_kind kind;
    bool required;
    int n_choices; /* choice, multi */
    char choices[FIELD_CHOICES_MAX][FIELD_CHOICE_CAP];
    char unit[FIELD_UNIT_CAP]; /* number: "m³", "%", may be empty */
    bool has_min, has_max;     /* number: the range the answer must be in */
    double min, max;
    int decimals;               /* number: digits allowed after the comma (0: whole numbers) */
    int min_photos, max_photos; /* photo */
} form_field;

typedef enum { FIELD_PRIO_NORMAL = 0, FIELD_PRIO_HIGH } field_priority;

typedef struct {
    char id[FIELD_ID_CAP];
    char title[FIELD_LABEL_CAP];
    char agency_code[24];
    char agency_name[FIELD_LABEL_CAP];
    char place[FIELD_LABEL_CAP];   /* location.name */
    char address[FIELD_LABEL_CAP]; /* location.address */
    double lat, lon;               /* the site */
    char instructions[FIELD_INSTR_CAP];
    int64_t due; /* Unix s */
    field_priority priority;
    bool started; /* status "dikerjakan" (else "baru") */
    int n_form;
    form_field form[FIELD_FORM_MAX];
} field_assignment;

typedef struct {
    int n;
    field_assignment a[FIELD_ASSIGNMENTS_MAX];
    int n_invalid; /* assignments the hub sent that could not be read (skipped) */
} field_list;

/* One photo of a report: prepared (resized, re-encoded) and stored on the device. */
typedef struct {
    char name[FIELD_FILE_CAP]; /* the manifest's file name */
    char field[FIELD_KEY_CAP]; /* the photo field it answers */
    char source[256];          /* the picked file's name in the photo folder, for the screen */
    char sha256[65];
    int64_t bytes;
    int width, height;
} field_photo;

/* One answer. Which members count depends on the field's kind. */
typedef struct {
    char key[FIELD_KEY_CAP];
    bool set;
    char text[FIELD_TEXT_CAP]; /* text; number and date as typed ("12,5", "2020-07-06") */
    uint32_t chosen;           /* choice, multi: bit i = choices[i] */
    bool yes;                  /* yesno (with set) */
    gps_fix loc;               /* location (with set) */
} field_answer;

typedef enum {
    REPORT_DRAFT = 0, /* being filled; saved on every change */
    REPORT_WAITING,   /* submitted, frozen; waiting for the hub ("Menunggu jaringan") */
    REPORT_SENDING,   /* the report or a photo is going out now */
    REPORT_SENT,      /* the hub acknowledged the manifest and every file ("Terkirim") */
    REPORT_REJECTED,  /* the hub refused it (code); it is kept and not retried */
} report_state;

typedef struct {
    char report_id[37]; /* UUID v4, made at the first save */
    char assignment_id[FIELD_ID_CAP];
    int n_answers;
    field_answer answers[FIELD_FORM_MAX]; /* in the form's order, keyed */
    int n_photos;
    field_photo photos[FIELD_PHOTOS_MAX];
    int64_t created_at, updated_at; /* Unix s */
    int focus;                      /* the field the officer was at (reopens there) */
    bool open;                      /* the form was on screen at the last save: reopen it */
    report_state state;
    int files_done;     /* files the hub has */
    int64_t bytes_done; /* of the file going out now */
    char code[40];      /* the hub's reason when rejected; the last transport error */
} field_report;

/* A file in the photo folder as the picker shows it: readable (its size from the header) or
 * skipped, and why. */
typedef enum {
    FP_OK = 0,
    FP_NOT_IMAGE,   /* not a picture at all (a text file named .jpg, empty) */
    FP_UNSUPPORTED, /* a picture in a format the tablet does not take (GIF, HEIC, ...) */
    FP_BROKEN,      /* damaged or cut short */
    FP_TOO_LARGE,   /* more pixels or bytes than the tablet handles */
    FP_UNREADABLE,  /* cannot be read (permissions, the stick was pulled) */
    FP_NO_MEMORY,
    FP_NO_SPACE, /* the prepared photo could not be stored (disk full) */
} field_photo_problem;

typedef struct {
    char name[256]; /* file name in the folder */
    int width, height;
    int64_t bytes, mtime;
    field_photo_problem problem;
} field_pick;

/* Why an answer is not acceptable (FV_OK when it is). */
typedef enum {
    FV_OK = 0,
    FV_REQUIRED,   /* a required field has no answer */
    FV_NOT_NUMBER, /* "12a" */
    FV_TOO_MANY_DECIMALS,
    FV_BELOW_MIN,
    FV_ABOVE_MAX,
    FV_BAD_DATE,       /* not a calendar date */
    FV_FUTURE_DATE,    /* later than today (a visit cannot be tomorrow) */
    FV_TOO_FEW_PHOTOS, /* fewer than min_photos */
    FV_TOO_MANY_PHOTOS,
    FV_LOCATION_OLD, /* the attached fix is older than the limit */
    FV_LOCATION_INACCURATE,
} field_verdict;

/* Parses a number as an officer types it: digits, one decimal comma or point, optional leading
 * minus; "1.250,5" (Indonesian thousands) and "1,250.5" are refused as ambiguous. *decimals gets
 * the count of digits after the separator. */
bool field_parse_number(const char *s, double *out, int *decimals);

/* A "YYYY-MM-DD" calendar date; *days = days since 1970-01-01. */
bool field_parse_date(const char *s, int64_t *days);

/* The verdict for one field's answer (a may be NULL: not answered). today_days: the local date
 * (days since 1970-01-01) for FV_FUTURE_DATE; now, max_age_s, max_acc_m: for location fields
 * (a fix judged OLD or INACCURATE when attached is reported, not silently accepted). */
field_verdict field_check(const form_field *f, const field_answer *a, int n_photos,
                          int64_t today_days, int64_t now, int max_age_s, double max_acc_m);

/* The answer for key in r (NULL when none); field_answer_for makes one when missing. */
const field_answer *field_answer_find(const field_report *r, const char *key);
field_answer *field_answer_for(field_report *r, const char *key);

/* Photos of r answering field key. */
int field_photo_count(const field_report *r, const char *key);

/* Checks every field; fills verdicts[i] for form[i] and returns how many are not FV_OK. */
int field_validate(const field_assignment *a, const field_report *r, field_verdict *verdicts,
                   int64_t today_days, int64_t now, int max_age_s, double max_acc_m);

/* Sorts by due time (earliest first), then high priority first, then id. */
void field_list_sort(field_list *l);

const field_assignment *field_list_find(const field_list *l, const char *id);

/* Kind names as in the API ("text", "number", ...) and back; -1 when unknown. */
const char *field_kind_name(field_kind k);
int field_kind_from_name(const char *s);

#endif
