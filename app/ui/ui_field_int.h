/* ui_field_int: what the field screens share (ui_field*.c): the frame's context, the glove-size
 * widgets (buttons, badges, drawn icons, the top bar, cards, the toast) and the words for states.
 * Internal to app/ui. */
#ifndef PARAF_UI_FIELD_INT_H
#define PARAF_UI_FIELD_INT_H

#include "kit.h"
#include "ui_field.h"

/* The field profile's type: body text is TEXT_TITLE (22 dp), headings TEXT_DISPLAY (32 dp),
 * captions TEXT_BODY (17 dp, bold); TEXT_SMALL is not used. */
#define F_BODY    TEXT_TITLE
#define F_HEAD    TEXT_DISPLAY
#define F_CAPTION TEXT_BODY

typedef struct {
    ui u; /* kit context: list, ctx, theme (u.s is NULL: words go through tr(f->L, ...)) */
    const field_state *s;
    lang L;
    bool sun;
    draw_weight bw;     /* body text: bold in the sun */
    draw_color line;    /* borders of cards and controls */
    int border;         /* px: their width */
    int64_t now;        /* wall clock, Unix s */
    draw_rect clip;     /* hit regions are cut to this (the scroll area while content is drawn) */
    ui_field_metrics m; /* filled by the screen */
} fui;

typedef enum {
    FI_NONE = 0,
    FI_CHECK,
    FI_CROSS,
    FI_CLOCK,
    FI_PIN,
    FI_SUN,
    FI_ALERT,
    FI_UP,
    FI_PLUS,
    FI_LEFT,
    FI_RIGHT,
    FI_DOT,
    FI_EDIT,
} fui_icon;

typedef enum {
    FB_PRIMARY,   /* filled, the main action */
    FB_SECONDARY, /* outlined */
    FB_BAR,       /* on the top bar */
    FB_BAR_BUSY,  /* on the top bar, working: drawn without its border, not touchable */
    FB_SELECTED,  /* a chosen option (filled, with a check) */
    FB_DISABLED,  /* drawn, not touchable */
} fui_btn;

/* A state as people read it: colour + word + icon. */
typedef struct {
    const char *word;
    fui_icon icon;
    draw_color fg, bg;
} fui_look;

int fd(const fui *f, float v); /* dp -> px */
bool fui_pressed(const fui *f, const char *id);
/* A hit region cut to f->clip; nothing when less than a glove target stays visible. */
void fui_hit(fui *f, draw_rect r, const char *id, const char *label, int action, int arg);

void fui_icon_draw(fui *f, fui_icon ic, draw_rect box, draw_color c);
/* A button: label (22 dp bold) with an optional icon before it; a hit region unless disabled. */
void fui_button(fui *f, draw_rect r, const char *id, const char *label, fui_icon ic, fui_btn st,
                int action, int arg);
/* A square button with an icon only (scripts tap it by id or hit_label). */
void fui_icon_button(fui *f, draw_rect r, const char *id, const char *hit_label, fui_icon ic,
                     int action, int arg);
/* Width a button needs for label and icon. */
int fui_button_w(fui *f, const char *label, fui_icon ic);
/* A status badge (icon + word in a pill) of height h at (x, y); returns its width. dry: measure
 * only. */
int fui_badge(fui *f, int x, int y, int h, const fui_look *lk, bool dry);
/* A card: white with a border (the sun) or a soft shadow; `edge` (a>0) overrides the border. */
void fui_card(fui *f, draw_rect r, draw_color edge, int edge_w);
/* The top bar with title, an optional back button (back_label) and the theme toggle on the
 * right; returns its height; *right gets the x where further bar buttons may end. */
int fui_topbar(fui *f, const char *title, const char *back_label, int *right);
/* A bar across the bottom (h px) with a top border; returns its rectangle. */
draw_rect fui_bottombar(fui *f, int h);
void fui_toast(fui *f, int bottom);

/* Words. */
fui_look fui_report_look(fui *f, const field_report *r, const field_assignment *a, char *buf,
                         size_t cap);
fui_look fui_gps_look(fui *f, char *buf, size_t cap);
/* The hub's or the transport's reason code in words; an unknown code as it is. */
const char *fui_reason(fui *f, const char *code);
/* "Batas: Rabu, 8 Juli, 16.00 WITA"; *late: overdue or due today. */
void fui_due(fui *f, int64_t due, char *buf, size_t cap, bool *late);
/* "09.42 WITA" today, else "6 Jul 2020 09.42 WITA". */
void fui_when(fui *f, int64_t t, char *buf, size_t cap);
/* A number with `decimals` digits, the language's decimal mark. */
void fui_number(fui *f, double v, int decimals, char *buf, size_t cap);
/* "1,2 MB", "850 KB". */
void fui_bytes(fui *f, int64_t bytes, char *buf, size_t cap);
/* Fraction of a sending report's bytes the hub has (0..1). */
double fui_sent_fraction(const field_report *r);
/* Text that keeps its end when cut: "…0706_094512.jpg". */
void fui_text_tail(fui *f, draw_rect r, const char *text, draw_size size, draw_weight w,
                   draw_color c, draw_align a);

/* Draw-list rewind, for a layout redrawn at a corrected scroll. */
typedef struct {
    size_t cmds, hits, arena;
} fui_mark;
fui_mark fui_mark_now(const fui *f);
void fui_rewind(fui *f, fui_mark k);

/* The form as its controls see it (ui_field_form.c, ui_field_controls.c). */
typedef struct {
    const field_assignment *a;
    const field_report *r;       /* the answers shown */
    bool ro;                     /* submitted: read-only */
    int focus;                   /* the field typed into, -1 none */
    int focus_top, focus_bottom; /* its card, in content px from the column's top */
} fui_form_view;

/* "Antara 0 dan 100 %" for a number field's range ("" when it has none). */
void fui_range_hint(fui *f, const form_field *ff, char *buf, size_t cap);
/* What is wrong with an answer, in words ("Paling kecil 0 m³"). */
void fui_verdict_text(fui *f, const form_field *ff, field_verdict v, const field_answer *ans,
                      char *buf, size_t cap);
/* The form's controls for field i; each returns the height it used. */
int fui_entry_box(fui *f, const fui_form_view *v, int i, draw_rect r, const char *text,
                  const char *unit, bool multiline, bool bad);
int fui_date_control(fui *f, const fui_form_view *v, int i, int x, int y, int w, const char *text,
                     bool bad);
int fui_options(fui *f, const fui_form_view *v, int i, int x, int y, int w, uint32_t chosen);
int fui_yesno(fui *f, const fui_form_view *v, int i, int x, int y, const field_answer *ans);
int fui_photos(fui *f, const fui_form_view *v, int i, int x, int y, int w);
int fui_location(fui *f, const fui_form_view *v, int i, int x, int y, int w,
                 const field_answer *ans, bool bad);

/* Screens. */
void fui_list(fui *f);
void fui_form(fui *f);
void fui_picker(fui *f);
void fui_reports(fui *f);
/* The glove keyboard (letters) or keypad (number, date) at the bottom; its height in px. */
int fui_keyboard_height(fui *f, field_kind k);
void fui_keyboard(fui *f, draw_rect area, const form_field *ff);

#endif
