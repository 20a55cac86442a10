/* ui_board_app: the board profile's frame from its state (board_app.h). UI thread only. */
#ifndef PARAF_UI_BOARD_APP_H
#define PARAF_UI_BOARD_APP_H

#include "board_app.h"
#include "ui.h"

/* Clears l and draws the whole frame. device_info: the admin screen's lines ('\n'-separated). */
void ui_board_build(const board_state *s, const ui_ctx *c, draw_list *l, const char *device_info);
/* The board's own clock (page, announcement, burn-in shift, minute): when it next changes, in
 * the state's ms clock, so that the loop can sleep until then. */
int64_t ui_board_next_change_ms(const board_state *s);

#endif
