/* ui_board: the lobby service board screen (profile `board`): a header with the hall's name in
 * Aksara Bali above the Latin name and the date and clock, a grid of service cards that pages on a
 * calm timer, and a footer with the announcements ticker and the data's age; a service's detail
 * and the admin screen as overlays. Pure draw list, like every screen; everything it shows comes
 * in board_view (no app_state). UI thread only. */
#ifndef PARAF_UI_BOARD_H
#define PARAF_UI_BOARD_H

#include "board.h"
#include "board_app.h"
#include "kit.h"

/* The action ids of its hit regions (BOARD_ACT_*) are in board_app.h. */

/* Everything the board shows. Pointers are borrowed for the call. */
typedef struct {
    const board_data *data; /* never NULL */
    lang lang;
    tz_info tz;             /* the configured zone: Bali is WITA, +8 */
    int64_t now;            /* wall clock, Unix s: the header's clock, "today", announcements */
    int64_t now_ms;         /* any ms clock: the ticker's position */
    int64_t synced_at;      /* last time the hub confirmed the data (Unix s), 0 never */
    board_freshness fresh;  /* board_fresh(now, synced_at, ...) */
    bool offline;           /* the last poll failed for want of a network or hub */
    int page;               /* page shown, 0-based (board_page_at); clamped */
    int shift_dx, shift_dy; /* burn-in offset in px (board_shift) */
    /* Header: from config; NULL or "" falls back to the hub's hall name (Latin) / none (Bali). */
    const char *title;
    const char *title_bali;  /* Aksara Bali only: drawn with FONT_BALINESE, above the title */
    int detail;              /* service index for the detail overlay, -1 none */
    int detail_left_s;       /* seconds until the detail closes by itself */
    bool admin;              /* the admin screen, over the board */
    bool admin_info;         /* the admin screen shows device_info */
    const char *device_info; /* lines separated by '\n' (version, key id, uptime, ...) */
} board_view;

/* Page changes every BOARD_PAGE_MS; the burn-in shift every BOARD_SHIFT_MS by at most
 * BOARD_SHIFT_PX dp. Suggested values for the caller (board_page_at, board_shift). */
#define BOARD_PAGE_MS  12000
#define BOARD_ANN_MS   6000 /* each announcement (or part of one) in the footer */
#define BOARD_SHIFT_MS (3 * 60 * 1000)
#define BOARD_SHIFT_DP 4

/* The scale (px per dp) the board is laid out for: the short side of the screen is 540 dp, so
 * 1920x1080 and 1080x1920 are both 2.0 (body text 34 px, the smallest text 28 px). The board is
 * read from metres away, so it scales by screen size, not DPI. Create the render with it. */
float ui_board_scale(int w, int h);

/* Services per page for the window in c (depends on its size and scale only). */
int ui_board_per_page(const ui_ctx *c);

/* Draw the board and, per view, the detail or the admin overlay. Text through tr(v->lang, ...). */
void ui_board(ui *u, const board_view *v);

/* Night: the screen is black and nothing is touchable (a touch only wakes it, in the caller). */
void ui_board_night(ui *u);

#endif
