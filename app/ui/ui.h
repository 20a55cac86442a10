/* ui: turns the app state into a draw list and hit regions, one function per screen. No pixel
 * work and no state of its own beyond what the caller passes in: the same state gives the same
 * list. UI thread only. */
#ifndef PARAF_UI_H
#define PARAF_UI_H

#include "app.h"
#include "draw.h"

typedef struct {
    float scale;          /* px per dp (1.0 at 160 dpi) */
    int w, h;             /* window size in px */
    draw_measure measure; /* text metrics from the platform */
    const char *pressed;  /* id of the widget under a finger that is down, or NULL */
    bool high_contrast;   /* sunlight theme */
    const char *version;
} ui_ctx;

/* What the layout found out, for the state's scroll limits and gestures. */
typedef struct {
    float inbox_scroll_max;
    float detail_scroll_max;
    draw_rect scroll_area; /* where a drag scrolls (empty when nothing scrolls) */
    draw_rect viewer_area; /* where pinch/pan act on the page (viewer only) */
} ui_metrics;

void ui_build(const app_state *s, const ui_ctx *c, draw_list *l, ui_metrics *m);

/* The topmost hit region at (x, y), or NULL. */
const draw_hit *ui_hit_at(const draw_list *l, int x, int y);

#endif
