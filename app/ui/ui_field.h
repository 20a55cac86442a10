/* ui_field: the field officer's screens (profile `field`) from field_state: the assignments, an
 * assignment's report form with its glove keyboard, the photo picker and the sent reports. Built
 * for sun and gloves: every touch target is at least 12 mm (76 dp), body text is 22 dp, and the
 * sunlight theme (s->sun) is black on near-white with dark saturated accents and thick borders.
 * Pure draw list, like every screen; hit regions carry the FIELD_ACT_* codes of field_app.h (and
 * app.h's ACT_KEY_* on the keyboard). UI thread only. */
#ifndef PARAF_UI_FIELD_H
#define PARAF_UI_FIELD_H

#include "field_app.h"
#include "ui.h"

/* Touch targets of this profile, in dp: 12 mm at 160 dp per inch. */
#define UI_FIELD_TARGET_DP 76

/* What the layout found out, for scrolling. */
typedef struct {
    draw_rect scroll_area; /* where a drag scrolls the screen (w == 0: nothing scrolls) */
    int scroll_max;        /* px: the largest useful s->scroll on this screen (clamp to it) */
    int scroll;            /* px: the offset the frame was drawn at: s->scroll clamped to
                            * 0..scroll_max, or moved so that the field being typed into shows
                            * above the keyboard; the state may adopt it */
} ui_field_metrics;

/* Clears l and draws the whole frame of the current screen (s->screen). s->scroll scrolls the
 * screen shown (list, form, picker or reports): the state should set it to 0 when the screen
 * changes. c->high_contrast is ignored: s->sun picks the theme. */
void ui_field_build(const field_state *s, const ui_ctx *c, draw_list *l);
/* The same, and what the layout found out for scrolling (m may be NULL). */
void ui_field_build_metrics(const field_state *s, const ui_ctx *c, draw_list *l,
                            ui_field_metrics *m);

/* When the frame next changes by itself (the toast ends, the minute turns: due times and the
 * location's age), in the state's ms clock, so that the loop can sleep until then. */
int64_t ui_field_next_change_ms(const field_state *s);

#endif
