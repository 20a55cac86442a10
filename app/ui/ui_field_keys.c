/* ui_field_keys: the glove keyboard of the field form. Keys tile the keyboard edge to edge (the
 * drawn key is inset, the touch cell is not), so a key is at least 80 dp high and a tenth of the
 * width wide: 76 dp or more from 760 dp across. Letters for a text field; a phone-style keypad
 * for numbers (with the decimal comma only when the field takes decimals, the minus only when it
 * takes negatives) and dates. The ids are the approver keyboard's (key-<c>, key-shift,
 * key-backspace, key-space, key-done). */
#include "ui_field_int.h"

#include <stdio.h>
#include <string.h>

#define KEY_H_DP 80
#define KEY_PAD  8

int fui_keyboard_height(fui *f, field_kind k)
{
    int rows = k == FK_TEXT ? 5 : 4;
    return rows * fd(f, KEY_H_DP) + 2 * fd(f, KEY_PAD);
}

typedef enum { KEY_PLAIN, KEY_SPECIAL, KEY_ON } key_style;

/* One key: the cell is the touch target, the key is drawn inset. */
static void key(fui *f, draw_rect cell, const char *id, const char *label, bool big, key_style st,
                int action, int arg)
{
    const ui_theme *t = &f->u.t;
    int in = fd(f, 4);
    draw_rect r = {cell.x + in, cell.y + in, cell.w - 2 * in, cell.h - 2 * in};
    draw_color bg = t->surface, fg = t->text;
    if (st == KEY_SPECIAL) {
        bg = f->sun ? (draw_color){0xE2, 0xE2, 0xE2, 0xFF} : (draw_color){0xEC, 0xEE, 0xF1, 0xFF};
    } else if (st == KEY_ON) {
        bg = t->primary;
        fg = t->on_primary;
    }
    if (fui_pressed(f, id))
        bg = st == KEY_ON ? t->primary_dark : t->info_bg;
    draw_rect_fill(f->u.l, r, bg, fd(f, 10));
    if (f->sun)
        draw_frame(f->u.l, r, st == KEY_ON ? t->primary_dark : f->line, fd(f, 10), fd(f, 2));
    kit_text(&f->u, r, label, big ? F_HEAD : F_BODY, FONT_BOLD, fg, ALIGN_CENTER);
    draw_hit_add(f->u.l, cell, id, label, action, arg);
}

static void char_key(fui *f, draw_rect cell, char c, bool upper)
{
    char label[2] = {upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c, 0}, id[16];
    snprintf(id, sizeof id, "key-%c", c);
    key(f, cell, id, label, true, KEY_PLAIN, ACT_KEY_CHAR, c);
}

static void letters(fui *f, draw_rect a)
{
    const field_state *s = f->s;
    static const char *const rows[3] = {"1234567890", "qwertyuiop", "asdfghjkl"};
    int kh = fd(f, KEY_H_DP), kw = a.w / 10, x0 = a.x + (a.w - 10 * kw) / 2, y = a.y;
    for (int r = 0; r < 3; r++, y += kh) {
        int n = (int)strlen(rows[r]);
        int x = x0 + (10 - n) * kw / 2;
        for (int i = 0; i < n; i++)
            char_key(f, (draw_rect){x + i * kw, y, kw, kh}, rows[r][i], s->shift);
    }
    /* Shift, z..m, backspace. */
    int side = kw * 3 / 2;
    key(f, (draw_rect){x0, y, side, kh}, "key-shift", "Shift", false,
        s->shift ? KEY_ON : KEY_SPECIAL, ACT_KEY_SHIFT, 0);
    static const char last[] = "zxcvbnm";
    for (int i = 0; last[i]; i++)
        char_key(f, (draw_rect){x0 + side + i * kw, y, kw, kh}, last[i], s->shift);
    key(f, (draw_rect){x0 + side + 7 * kw, y, 10 * kw - side - 7 * kw, kh}, "key-backspace",
        tr(f->L, "Hapus"), false, KEY_SPECIAL, ACT_KEY_BACKSPACE, 0);
    y += kh;
    /* The marks a note needs, space, done. */
    static const char marks[] = "-/.,";
    for (int i = 0; marks[i]; i++)
        char_key(f, (draw_rect){x0 + i * kw, y, kw, kh}, marks[i], false);
    key(f, (draw_rect){x0 + 4 * kw, y, 4 * kw, kh}, "key-space", tr(f->L, "Spasi"), false,
        KEY_PLAIN, ACT_KEY_SPACE, 0);
    key(f, (draw_rect){x0 + 8 * kw, y, 2 * kw, kh}, "key-done", tr(f->L, "Selesai"), false, KEY_ON,
        FIELD_ACT_KEYBOARD_DONE, 0);
}

static void keypad(fui *f, draw_rect a, const form_field *ff)
{
    const ui_theme *t = &f->u.t;
    bool date = ff->kind == FK_DATE;
    int kh = fd(f, KEY_H_DP), kw = a.w / 4 < fd(f, 150) ? a.w / 4 : fd(f, 150);
    int bw = 4 * kw, x0 = a.x + (a.w - bw) / 2, y = a.y;
    /* What to type, beside the keypad when there is room. */
    int side = x0 - a.x - fd(f, 32);
    if (side >= fd(f, 240)) {
        char hint[200];
        if (date)
            snprintf(hint, sizeof hint, "%s",
                     tr(f->L, "Tulis tahun-bulan-tanggal, misalnya 2020-07-06."));
        else if (ff->decimals > 0)
            snprintf(hint, sizeof hint, tr(f->L, "Angka dengan koma, paling banyak %d desimal."),
                     ff->decimals);
        else
            snprintf(hint, sizeof hint, "%s", tr(f->L, "Bilangan bulat, tanpa titik ribuan."));
        kit_wrap(&f->u, a.x + fd(f, 24), y + fd(f, 16), side - fd(f, 8), hint, F_BODY, FONT_BOLD,
                 t->text, 4, false);
    }
    static const char digits[] = "123456789";
    for (int i = 0; i < 9; i++)
        char_key(f, (draw_rect){x0 + (i % 3) * kw, y + (i / 3) * kh, kw, kh}, digits[i], false);
    key(f, (draw_rect){x0 + 3 * kw, y, kw, kh}, "key-backspace", tr(f->L, "Hapus"), false,
        KEY_SPECIAL, ACT_KEY_BACKSPACE, 0);
    /* The separator: '-' in a date, the decimal comma in a number that takes decimals. */
    char sep = date ? '-' : ff->decimals > 0 ? ',' : 0;
    if (sep)
        char_key(f, (draw_rect){x0 + 3 * kw, y + kh, kw, kh}, sep, false);
    if (!date && (!ff->has_min || ff->min < 0))
        char_key(f, (draw_rect){x0 + 3 * kw, y + 2 * kh, kw, kh}, '-', false);
    char_key(f, (draw_rect){x0, y + 3 * kh, 2 * kw, kh}, '0', false);
    key(f, (draw_rect){x0 + 2 * kw, y + 3 * kh, 2 * kw, kh}, "key-done", tr(f->L, "Selesai"), false,
        KEY_ON, FIELD_ACT_KEYBOARD_DONE, 0);
}

void fui_keyboard(fui *f, draw_rect area, const form_field *ff)
{
    draw_color bg =
        f->sun ? (draw_color){0xBE, 0xBE, 0xBE, 0xFF} : (draw_color){0xD5, 0xD9, 0xDF, 0xFF};
    draw_rect_fill(f->u.l, area, bg, 0);
    draw_rect_fill(f->u.l, (draw_rect){area.x, area.y, area.w, f->border},
                   f->sun ? f->line : f->u.t.divider, 0);
    draw_hit_add(f->u.l, area, "keyboard", "", ACT_NONE, 0); /* between keys: nothing */
    int pad = fd(f, KEY_PAD);
    draw_rect in = {area.x + pad, area.y + pad, area.w - 2 * pad, area.h - 2 * pad};
    if (ff->kind == FK_TEXT)
        letters(f, in);
    else
        keypad(f, in, ff);
}
