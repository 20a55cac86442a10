/* ui_lock: the lock screen. A brand panel on the left (who and when), the PIN keypad on the right:
 * six dots, a message line, and a 3x4 keypad with 9 mm keys. Used to set, confirm and enter the
 * PIN; the same keypad serves the PIN check before a decision (ui_dialog). */
#include "kit.h"

#include <stdio.h>
#include <string.h>

/* The keypad at (x, y) of width w; returns its height. Ids "pin-0".."pin-9", "pin-back". */
static int keypad(ui *u, int x, int y, int w)
{
    int gap = dp(u, 12), kw = (w - 2 * gap) / 3, kh = dp(u, 64);
    static const char *const keys[12] = {"1", "2", "3", "4", "5", "6",
                                         "7", "8", "9", "",  "0", "Hapus"};
    for (int i = 0; i < 12; i++) {
        if (!keys[i][0])
            continue;
        draw_rect r = {x + (i % 3) * (kw + gap), y + (i / 3) * (kh + gap), kw, kh};
        char id[16];
        bool back = i == 11;
        snprintf(id, sizeof id, back ? "pin-back" : "pin-%s", keys[i]);
        bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
        draw_color bg = pressed ? u->t.divider : u->t.surface;
        draw_shadow(u->l, r, dp(u, 10), dp(u, 3));
        draw_rect_fill(u->l, r, bg, dp(u, 10));
        draw_label(u->l, r, back ? T(u, keys[i]) : keys[i], back ? TEXT_BODY : TEXT_DISPLAY,
                   back ? FONT_BOLD : FONT_REGULAR, u->t.text, ALIGN_CENTER);
        draw_hit_add(u->l, r, id, back ? T(u, keys[i]) : keys[i],
                     back ? ACT_PIN_BACK : ACT_PIN_DIGIT, back ? 0 : keys[i][0] - '0');
    }
    return 4 * kh + 3 * gap;
}

/* Six dots showing how many digits are in. */
static void pin_dots(ui *u, int cx, int y, size_t filled)
{
    int d = dp(u, 18), gap = dp(u, 20);
    int total = APP_PIN_LEN * d + (APP_PIN_LEN - 1) * gap;
    for (int i = 0; i < APP_PIN_LEN; i++) {
        draw_rect r = {cx - total / 2 + i * (d + gap), y, d, d};
        if ((size_t)i < filled)
            draw_rect_fill(u->l, r, u->t.primary, d / 2);
        else
            draw_frame(u->l, r, u->t.text_muted, d / 2, dp(u, 2));
    }
}

/* The PIN block (title, dots, message, keypad) centred in r. Shared with the decision dialog. */
void ui_pin_block(ui *u, draw_rect r, const char *title, const char *message, bool message_bad);
void ui_pin_block(ui *u, draw_rect r, const char *title, const char *message, bool message_bad)
{
    int w = dp(u, 360);
    int x = r.x + (r.w - w) / 2;
    int y = r.y;
    kit_text(u, (draw_rect){r.x, y, r.w, dp(u, 40)}, title, TEXT_TITLE, FONT_BOLD, u->t.text,
             ALIGN_CENTER);
    y += dp(u, 56);
    pin_dots(u, r.x + r.w / 2, y, strlen(u->s->pin));
    y += dp(u, 40);
    if (message && message[0])
        kit_text(u, (draw_rect){r.x, y, r.w, dp(u, 28)}, message, TEXT_BODY, FONT_BOLD,
                 message_bad ? u->t.danger : u->t.text_muted, ALIGN_CENTER);
    y += dp(u, 44);
    keypad(u, x, y, w);
}

void ui_lock(ui *u)
{
    const app_state *s = u->s;
    int w = u->c->w, h = u->c->h;
    int left = w * 2 / 5;
    /* Brand panel. */
    draw_rect_fill(u->l, (draw_rect){0, 0, left, h}, u->t.primary, 0);
    int x = dp(u, 48), y = dp(u, 64);
    kit_text(u, (draw_rect){x, y, left - 2 * x, dp(u, 48)}, "Paraf", TEXT_DISPLAY, FONT_BOLD,
             u->t.on_primary, ALIGN_LEFT);
    y += dp(u, 52);
    kit_text(u, (draw_rect){x, y, left - 2 * x, dp(u, 28)}, T(u, "Pemerintah Provinsi Bali"),
             TEXT_BODY, FONT_REGULAR, u->t.on_primary, ALIGN_LEFT);
    y += dp(u, 28);
    kit_text(u, (draw_rect){x, y, left - 2 * x, dp(u, 28)}, T(u, "Sekretariat Daerah"), TEXT_BODY,
             FONT_REGULAR, u->t.on_primary, ALIGN_LEFT);
    int64_t wall = app_wall(s);
    if (wall > 0) {
        char t[48], d[64];
        fmt_time(wall, &s->tz, s->lang, t, sizeof t);
        fmt_date_long(wall, &s->tz, s->lang, d, sizeof d);
        kit_text(u, (draw_rect){x, h - dp(u, 160), left - 2 * x, dp(u, 56)}, t, TEXT_DISPLAY,
                 FONT_BOLD, u->t.on_primary, ALIGN_LEFT);
        kit_text(u, (draw_rect){x, h - dp(u, 104), left - 2 * x, dp(u, 28)}, d, TEXT_BODY,
                 FONT_REGULAR, u->t.on_primary, ALIGN_LEFT);
    }
    /* PIN side. */
    const char *title = T(u, "Masukkan PIN");
    if (s->lock == LOCK_SETUP)
        title = T(u, "Buat PIN baru");
    else if (s->lock == LOCK_CONFIRM)
        title = T(u, "Ulangi PIN baru");
    char msg[200] = "";
    bool bad = true;
    switch (s->lock_message) {
    case LOCKMSG_WRONG:
        snprintf(msg, sizeof msg, T(u, "PIN salah. Sisa %d percobaan."),
                 APP_PIN_TRIES - s->pin_failures);
        break;
    case LOCKMSG_LOCKED: {
        long secs = (long)((s->locked_until_ms - s->now_ms + 999) / 1000);
        if (secs > 0)
            snprintf(msg, sizeof msg, T(u, "Terlalu banyak percobaan. Coba lagi dalam %d detik."),
                     (int)secs);
        break;
    }
    case LOCKMSG_MISMATCH:
        snprintf(msg, sizeof msg, "%s", T(u, "PIN tidak sama. Ulangi."));
        break;
    case LOCKMSG_STORE:
        snprintf(msg, sizeof msg, "%s", T(u, "PIN tidak dapat disimpan di tablet. Coba lagi."));
        break;
    case LOCKMSG_IDLE:
        snprintf(msg, sizeof msg, "%s", T(u, "Tablet terkunci"));
        bad = false;
        break;
    default:
        if (s->lock == LOCK_SETUP)
            snprintf(msg, sizeof msg, "%s",
                     T(u, "6 angka, untuk membuka tablet dan menyetujui dokumen"));
        else if (s->lock == LOCK_CHECKING)
            snprintf(msg, sizeof msg, "%s", T(u, "Memeriksa\xE2\x80\xA6"));
        bad = false;
    }
    int bx = left, bw = w - left;
    int by = (h - dp(u, 560)) / 2;
    ui_net_banner(u, bx + dp(u, 32), dp(u, 16), bw - dp(u, 64));
    ui_pin_block(u, (draw_rect){bx, by + dp(u, 24), bw, h - by}, title, msg, bad);
}
