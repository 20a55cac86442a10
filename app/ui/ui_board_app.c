/* ui_board_app: the board profile's whole frame from board_state: the board (ui_board.c) with its
 * page, burn-in shift and the data's age; the hidden admin corner; the admin PIN pad; black at
 * night. */
#include "ui_board_app.h"

#include "ui_board.h"

#include <stdio.h>
#include <string.h>

/* The admin PIN pad, over the dimmed board. */
static void pin_pad(ui *u, const board_state *s)
{
    int w = u->c->w, h = u->c->h;
    draw_rect_fill(u->l, (draw_rect){0, 0, w, h}, (draw_color){0x0B, 0x1F, 0x3A, 0xE0}, 0);
    draw_hit_add(u->l, (draw_rect){0, 0, w, h}, "pin-outside", "", BOARD_ACT_PIN_CANCEL, 0);
    int key = dp(u, 72), gap = dp(u, 12), pw = 3 * key + 2 * gap + 2 * dp(u, 32);
    int ph = dp(u, 120) + 4 * key + 3 * gap + dp(u, 32);
    draw_rect card = {(w - pw) / 2, (h - ph) / 2, pw, ph};
    draw_hit_add(u->l, card, "pin-card", "", 0, 0); /* taps on the card do not cancel */
    draw_rect_fill(u->l, card, u->t.surface, dp(u, 16));
    bool resting = s->now_ms < s->pin_rest_until_ms;
    char title[120];
    if (resting)
        snprintf(title, sizeof title, tr(s->lang, "Coba lagi dalam %d detik"),
                 (int)((s->pin_rest_until_ms - s->now_ms + 999) / 1000));
    else
        snprintf(title, sizeof title, "%s", tr(s->lang, "PIN admin"));
    kit_text(u, (draw_rect){card.x, card.y + dp(u, 16), pw, dp(u, 40)}, title, TEXT_TITLE,
             FONT_BOLD, resting ? u->t.danger : u->t.text, ALIGN_CENTER);
    int dots = (int)strlen(s->admin_pin), d = dp(u, 16), dg = dp(u, 14);
    int dx = card.x + (pw - dots * d - (dots - 1) * dg) / 2, dy = card.y + dp(u, 72);
    for (int i = 0; i < dots; i++)
        draw_rect_fill(u->l, (draw_rect){dx + i * (d + dg), dy, d, d},
                       i < s->pin_len ? u->t.primary : u->t.divider, d / 2);
    static const char *const labels[12] = {"1", "2", "3", "4", "5", "6",
                                           "7", "8", "9", "",  "0", "Hapus"};
    int kx = card.x + dp(u, 32), ky = card.y + dp(u, 120);
    for (int i = 0; i < 12; i++) {
        if (!labels[i][0])
            continue;
        draw_rect r = {kx + (i % 3) * (key + gap), ky + (i / 3) * (key + gap), key, key};
        char id[16];
        snprintf(id, sizeof id, i == 11 ? "pin-back" : "pin-%s", labels[i]);
        kit_button(u, r, id, i == 11 ? tr(s->lang, "Hapus") : labels[i], BTN_SECONDARY,
                   i == 11 ? BOARD_ACT_PIN_BACK : BOARD_ACT_PIN_DIGIT, labels[i][0] - '0');
    }
}

void ui_board_build(const board_state *s, const ui_ctx *c, draw_list *l, const char *device_info)
{
    static board_data empty; /* before the first data: zero services */
    ui u;
    kit_init(&u, l, c, NULL);
    draw_list_clear(l);
    if (board_app_dark(s)) {
        ui_board_night(&u);
        return;
    }
    const board_data *d = s->data ? s->data : &empty;
    int64_t now = board_app_wall(s);
    int per_page = ui_board_per_page(c);
    int pages = board_pages(d->n_services, per_page > 0 ? per_page : 1);
    board_view v = {
        .data = d,
        .lang = s->lang,
        .tz = s->tz,
        .now = now,
        .now_ms = s->now_ms,
        .synced_at = s->synced_at,
        .fresh = board_fresh(now, s->synced_at, s->poll_s, s->red_after_s),
        .offline = s->net != NET_OK,
        .page = board_page_at(s->now_ms, pages, BOARD_PAGE_MS),
        .title = s->title,
        .title_bali = s->title_bali,
        .detail = s->detail,
        .detail_left_s = s->detail >= 0 ? (int)((s->detail_until_ms - s->now_ms + 999) / 1000) : 0,
        .admin = s->admin,
        .admin_info = s->admin_info,
        .device_info = device_info,
    };
    board_shift(s->now_ms, BOARD_SHIFT_MS, dp(&u, BOARD_SHIFT_DP), &v.shift_dx, &v.shift_dy);
    ui_board(&u, &v);
    if (!s->admin && !s->pin_pad && s->detail < 0) /* the hidden corner: top left of the header */
        draw_hit_add(l, (draw_rect){0, 0, dp(&u, 96), dp(&u, 56)}, "admin-corner", "",
                     BOARD_ACT_CORNER, 0);
    if (s->pin_pad)
        pin_pad(&u, s);
}

int64_t ui_board_next_change_ms(const board_state *s)
{
    /* The board changes on its own at the next page, announcement part, shift or minute. */
    int64_t t = s->now_ms, next = (t / 60000 + 1) * 60000;
    int64_t periods[] = {BOARD_PAGE_MS, BOARD_ANN_MS, BOARD_SHIFT_MS};
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        int64_t n = (t / periods[i] + 1) * periods[i];
        if (n < next)
            next = n;
    }
    return next;
}
