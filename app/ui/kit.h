/* kit: the widgets every screen is made of (cards, buttons, pills, wrapped text, tables, charts),
 * drawn in one visual language: an 8 dp grid, Noto Sans in four sizes, rounded anti-aliased cards,
 * status as colour + word. Internal to app/ui. */
#ifndef PARAF_UI_KIT_H
#define PARAF_UI_KIT_H

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "ui.h"

typedef struct {
    draw_color bg, surface, surface_alt, primary, primary_dark, on_primary, text, text_muted,
        divider, success, success_bg, danger, danger_bg, warning, warning_bg, info_bg, focus;
} ui_theme;

typedef struct {
    draw_list *l;
    const ui_ctx *c;
    const app_state *s;
    ui_theme t;
} ui;

typedef enum { BTN_PRIMARY, BTN_SECONDARY, BTN_DANGER, BTN_QUIET, BTN_SUCCESS } btn_style;

/* dp -> px. */
int dp(const ui *u, float v);
const char *T(const ui *u, const char *id_text) __attribute__((format_arg(2)));

void kit_init(ui *u, draw_list *l, const ui_ctx *c, const app_state *s);

void kit_card(ui *u, draw_rect r);
/* One line of text, ellipsised to fit r.w. */
void kit_text(ui *u, draw_rect r, const char *text, draw_size size, draw_weight w, draw_color c,
              draw_align a);
/* Wrapped text starting at (x, y) within width w, at most max_lines (0 = no limit; the last line
 * is ellipsised). Returns the height used in px; draws nothing when dry is true. */
int kit_wrap(ui *u, int x, int y, int w, const char *text, draw_size size, draw_weight wt,
             draw_color c, int max_lines, bool dry);
int kit_text_width(ui *u, const char *text, draw_size size, draw_weight w);
int kit_line(ui *u, draw_size size); /* line height px */
/* A button with an id (for scripts and press feedback) and a label. */
void kit_button(ui *u, draw_rect r, const char *id, const char *label, btn_style st, int action,
                int arg);
/* A pill (status chip); returns its width. Colour + word, never colour alone. */
int kit_pill(ui *u, int x, int y, const char *text, draw_color fg, draw_color bg);
/* A selectable chip with a hit region; returns its width. */
int kit_chip(ui *u, int x, int y, const char *id, const char *label, bool on, int action, int arg);
void kit_divider(ui *u, int x, int y, int w);
/* The label of a decision action code in the app's language ("approve" -> "Setujui"). */
const char *kit_action_label(const ui *u, const char *code);
/* A caption above a value: "Label" small muted, value body; returns height. */
int kit_field(ui *u, int x, int y, int w, const char *label, const char *value);
/* Horizontal progress bar of value/max with a marker at mark/max (mark < 0: none). */
void kit_progress(ui *u, draw_rect r, double value, double max, double mark, draw_color fill);
/* A banner across r: message and an optional action button. */
void kit_banner(ui *u, draw_rect r, const char *msg, draw_color fg, draw_color bg,
                const char *btn_id, const char *btn_label, int action);
/* The big top bar of a screen; returns its height. */
int kit_topbar(ui *u, const char *title, bool back, const char *back_label);

/* Screens (ui_*.c). */
void ui_lock(ui *u);
void ui_inbox(ui *u, ui_metrics *m);
void ui_detail(ui *u, ui_metrics *m);
void ui_viewer(ui *u, ui_metrics *m);
void ui_outbox(ui *u, ui_metrics *m);
void ui_dialog(ui *u);
void ui_keyboard(ui *u, draw_rect area);
/* The type-specific body of an item (ui_cards.c): draws from y at width w inside x; returns the
 * height used. */
int ui_item_card(ui *u, int x, int y, int w);
/* The network banner for the app's current net status, when there is one; returns its height. */
int ui_net_banner(ui *u, int x, int y, int w);

#endif
