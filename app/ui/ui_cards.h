/* ui_cards: what the type-specific cards of the item detail screen share (ui_cards*.c): drawn
 * icons and status pills (colour + word + icon), figure strips, field grids, tables and bar rows,
 * and the formatting of money, percentages and dates. Every helper takes `dry` (measure only,
 * draw nothing) and returns the height it uses in px. Internal to app/ui. */
#ifndef PARAF_UI_CARDS_H
#define PARAF_UI_CARDS_H

#include "kit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Icons are drawn with shapes on a coloured disc: the bundled Noto Sans has no symbol glyphs. */
typedef enum {
    IC_NONE,
    IC_OK,
    IC_WAIT,
    IC_NO,
    IC_WARN,
    IC_INFO,
    IC_UP,
    IC_DOWN,
    IC_LOCK
} card_icon;

/* A colour pair of the theme: foreground and a light background. */
typedef enum { TONE_NEUTRAL, TONE_OK, TONE_WARN, TONE_BAD, TONE_INFO } card_tone;

/* One card: called dry to measure, then (after its background is drawn) for real. */
typedef int (*card_fn)(ui *u, const doc_node *c, int x, int y, int w, bool dry);

/* Draws the cards one under the other, CARD_GAP dp apart; returns the total height. */
int cards_stack(ui *u, const doc_node *c, int x, int y, int w, const card_fn *fns, size_t n);

/* The cards of each type (ui_cards_fin.c, ui_cards_proc.c, ui_cards_docs.c). */
int cards_revenue(ui *u, const doc_node *c, int x, int y, int w);
int cards_budget(ui *u, const doc_node *c, int x, int y, int w);
int cards_procurement(ui *u, const doc_node *c, int x, int y, int w);
int cards_spj(ui *u, const doc_node *c, int x, int y, int w);
int cards_audit(ui *u, const doc_node *c, int x, int y, int w);
int cards_letter_in(ui *u, const doc_node *c, int x, int y, int w);
int cards_letter_out(ui *u, const doc_node *c, int x, int y, int w);

/* pct_a % of a over b. */
draw_color cards_mix(draw_color a, draw_color b, int pct_a);
/* "Tahun anggaran 2020" from c.fiscal_year, or "". */
const char *cards_year(const ui *u, const doc_node *c, char *out, size_t cap);
void cards_tone(const ui *u, card_tone t, draw_color *fg, draw_color *bg);
/* An icon of `size` px at (x, y) in colour c (a white glyph on a disc of c). */
void cards_icon(ui *u, card_icon ic, int x, int y, int size, draw_color c);
/* A 24 dp pill: icon (optional) and word in the tone's colours; returns its width. */
int cards_pill(ui *u, int x, int y, card_icon ic, card_tone t, const char *text, bool dry);
/* A card title (and an optional muted note on the right); returns the height incl. the gap below.
 */
int cards_title(ui *u, int x, int y, int w, const char *title, const char *aside, bool dry);
/* A box in the tone's background: icon, bold heading and wrapped text (either may be NULL). */
int cards_note(ui *u, int x, int y, int w, card_icon ic, card_tone t, const char *head,
               const char *text, bool dry);
/* Small muted wrapped text (captions). */
int cards_caption(ui *u, int x, int y, int w, const char *text, bool dry);

/* Labelled values in two columns (a wide one takes the whole row). A pill field shows its value as
 * a pill of the given tone and icon. framed: a ruled grid like a paper form. */
typedef struct {
    const char *label, *value, *sub;
    bool wide, pill, strong;
    card_tone tone;
    card_icon icon;
} card_field;
int cards_fields(ui *u, int x, int y, int w, const card_field *f, size_t n, bool framed, bool dry);

/* Big figures side by side on a tinted strip. `full` is shown when it fits, else `brief` with the
 * full text as a caption line (a figure is never cut short). */
typedef struct {
    const char *label, *full, *brief, *caption;
    card_tone tone; /* TONE_NEUTRAL: text colour */
} card_figure;
int cards_figures(ui *u, int x, int y, int w, const card_figure *f, size_t n, bool dry);

/* Tables: header and rows. A column of width 0 takes what the others leave. */
typedef struct {
    const char *label;
    int w; /* dp, 0 = the rest */
    draw_align align;
} card_col;
typedef struct {
    const char *text, *sub; /* sub: a second, muted line (wrapped, up to 2 lines) */
    bool pill;              /* text as a pill of tone/icon */
    card_tone tone;         /* text colour for plain cells (TONE_NEUTRAL: text) */
    card_icon icon;
    double bar, mark; /* bar >= 0: a small 0..100 bar under the text, marker at mark (< 0: none) */
} card_cell;
typedef enum { ROW_PLAIN, ROW_TOTAL, ROW_GROUP, ROW_GOOD, ROW_BAD } card_row;
int cards_table_head(ui *u, int x, int y, int w, const card_col *cols, size_t n, bool dry);
int cards_table_row(ui *u, int x, int y, int w, const card_col *cols, size_t n,
                    const card_cell *cells, card_row style, bool dry);

/* Horizontal bars scaled to max (0: the largest v): code (muted) and label | bar | value text. */
typedef struct {
    const char *code, *label, *value;
    double v;
    draw_color color;
} card_bar;
int cards_bars(ui *u, int x, int y, int w, const card_bar *b, size_t n, int label_w, int value_w,
               double max, bool dry);

/* Formatting: the result is out (or "—" when the value cannot be shown). */
const char *cards_money(int64_t v, char *out, size_t cap);
const char *cards_money_short(const ui *u, int64_t v, char *out, size_t cap);
/* Without "Rp ": for columns headed "(Rp)". */
const char *cards_money_bare(const ui *u, int64_t v, bool brief, char *out, size_t cap);
const char *cards_pct(const ui *u, double v, char *out, size_t cap);
/* A number with 2 decimals in the language's notation ("82,50"). */
const char *cards_dec2(const ui *u, double v, char *out, size_t cap);
/* "YYYY-MM-DD" -> "29 Juni 2020"; RFC 3339 -> "Kamis, 2 Juli 2020 15.40 WITA". */
const char *cards_date(const ui *u, const char *iso, char *out, size_t cap);
const char *cards_time(const ui *u, const char *rfc3339, char *out, size_t cap);
/* A money field: whole rupiah within +-2^53 (items.md), else fallback; sums of such amounts over
 * any realistic list cannot overflow, and cards_add saturates anyway. */
int64_t cards_money_at(const doc_node *n, const char *key, int64_t fallback);
int64_t cards_add(int64_t a, int64_t b);
/* 100 * a / b, or 0 when b is 0. */
double cards_ratio(int64_t a, int64_t b);

#endif
