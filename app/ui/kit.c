/* kit: the shared widgets. Every size is in dp on an 8 dp grid and converted to px here; every
 * text is measured through the platform's metrics, so layouts wrap and ellipsise exactly. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

static const ui_theme light = {
    .bg = {0xF2, 0xF4, 0xF7, 0xFF},
    .surface = {0xFF, 0xFF, 0xFF, 0xFF},
    .surface_alt = {0xF7, 0xF8, 0xFA, 0xFF},
    .primary = {0x0E, 0x4A, 0x84, 0xFF},
    .primary_dark = {0x0A, 0x33, 0x5C, 0xFF},
    .on_primary = {0xFF, 0xFF, 0xFF, 0xFF},
    .text = {0x1A, 0x1F, 0x26, 0xFF},
    .text_muted = {0x56, 0x60, 0x6C, 0xFF},
    .divider = {0xDF, 0xE3, 0xE8, 0xFF},
    .success = {0x16, 0x6B, 0x43, 0xFF},
    .success_bg = {0xE3, 0xF4, 0xEA, 0xFF},
    .danger = {0xA8, 0x23, 0x1B, 0xFF},
    .danger_bg = {0xFB, 0xE9, 0xE7, 0xFF},
    .warning = {0x7A, 0x4D, 0x00, 0xFF},
    .warning_bg = {0xFF, 0xF1, 0xCC, 0xFF},
    .info_bg = {0xE6, 0xEF, 0xF8, 0xFF},
    .focus = {0x1F, 0x6F, 0xC5, 0xFF},
};

static const ui_theme contrast = {
    .bg = {0xFF, 0xFF, 0xFF, 0xFF},
    .surface = {0xFF, 0xFF, 0xFF, 0xFF},
    .surface_alt = {0xF0, 0xF0, 0xF0, 0xFF},
    .primary = {0x00, 0x2B, 0x55, 0xFF},
    .primary_dark = {0x00, 0x1A, 0x35, 0xFF},
    .on_primary = {0xFF, 0xFF, 0xFF, 0xFF},
    .text = {0x00, 0x00, 0x00, 0xFF},
    .text_muted = {0x26, 0x26, 0x26, 0xFF},
    .divider = {0x40, 0x40, 0x40, 0xFF},
    .success = {0x00, 0x50, 0x20, 0xFF},
    .success_bg = {0xD0, 0xF0, 0xD8, 0xFF},
    .danger = {0x8A, 0x00, 0x00, 0xFF},
    .danger_bg = {0xFF, 0xDD, 0xDD, 0xFF},
    .warning = {0x5A, 0x38, 0x00, 0xFF},
    .warning_bg = {0xFF, 0xE8, 0xA8, 0xFF},
    .info_bg = {0xDD, 0xE8, 0xF5, 0xFF},
    .focus = {0x00, 0x40, 0xA0, 0xFF},
};

int dp(const ui *u, float v)
{
    float px = v * u->c->scale;
    return (int)(px >= 0 ? px + 0.5f : px - 0.5f);
}

const char *T(const ui *u, const char *id_text)
{
    return tr(u->s->lang, id_text);
}

void kit_init(ui *u, draw_list *l, const ui_ctx *c, const app_state *s)
{
    u->l = l;
    u->c = c;
    u->s = s;
    u->t = c->high_contrast ? contrast : light;
}

int kit_text_width(ui *u, const char *text, draw_size size, draw_weight w)
{
    return u->c->measure.width(u->c->measure.ctx, text, strlen(text), size, w);
}

int kit_line(ui *u, draw_size size)
{
    return u->c->measure.line_height(u->c->measure.ctx, size);
}

static bool utf8_cont(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) == 0x80;
}

/* Bytes of text that fit in max_w px with "…" appended (UTF-8 boundaries): the longest prefix
 * whose width plus the ellipsis' fits. Widths grow with the prefix, so the cut is estimated from
 * the width per byte (of the whole text, then of the estimate) and moved a character at a time
 * to the exact place: a few measurements where a binary search takes log2(len). `full` is the
 * width of the whole text. */
static size_t fit_prefix(ui *u, const char *text, size_t len, int full, int max_w, draw_size size,
                         draw_weight w)
{
    const draw_measure *m = &u->c->measure;
    int avail = max_w - m->width(m->ctx, "\xE2\x80\xA6", 3, size, w);
    if (avail <= 0 || len == 0)
        return 0;
    size_t n = len;
    int wn = full;
    for (int step = 0; step < 2 && wn > avail && n > 0; step++) {
        size_t est = (size_t)((double)n * avail / wn);
        while (est > 0 && est < len && utf8_cont(text, est))
            est--;
        if (est == 0 || est >= n)
            break;
        n = est;
        wn = m->width(m->ctx, text, n, size, w);
    }
    if (wn <= avail) { /* fits: take characters while the next one fits too */
        while (n < len) {
            size_t next = n + 1;
            while (next < len && utf8_cont(text, next))
                next++;
            if (m->width(m->ctx, text, next, size, w) > avail)
                break;
            n = next;
        }
        return n;
    }
    while (n > 0) { /* too wide: drop characters until it fits */
        n--;
        while (n > 0 && utf8_cont(text, n))
            n--;
        if (n == 0 || m->width(m->ctx, text, n, size, w) <= avail)
            break;
    }
    return n;
}

void kit_text(ui *u, draw_rect r, const char *text, draw_size size, draw_weight w, draw_color c,
              draw_align a)
{
    size_t len = strlen(text);
    int full = kit_text_width(u, text, size, w);
    if (full <= r.w) {
        draw_label(u->l, r, text, size, w, c, a);
        return;
    }
    char buf[512];
    if (len > sizeof buf - 4) { /* measure only what can be kept */
        len = sizeof buf - 4;
        full = u->c->measure.width(u->c->measure.ctx, text, len, size, w);
    }
    size_t n = fit_prefix(u, text, len, full, r.w, size, w);
    memcpy(buf, text, n);
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    draw_label(u->l, r, buf, size, w, c, a);
}

int kit_wrap(ui *u, int x, int y, int w, const char *text, draw_size size, draw_weight wt,
             draw_color c, int max_lines, bool dry)
{
    const draw_measure *m = &u->c->measure;
    int lh = kit_line(u, size);
    int lines = 0, yy = y;
    const char *p = text;
    while (*p) {
        if (max_lines && lines >= max_lines)
            break;
        /* Take words while they fit; a newline ends the line. */
        const char *line_end = p, *q = p;
        while (*q && *q != '\n') {
            const char *word_end = q;
            while (*word_end == ' ')
                word_end++;
            while (*word_end && *word_end != ' ' && *word_end != '\n')
                word_end++;
            int ww = m->width(m->ctx, p, (size_t)(word_end - p), size, wt);
            if (ww > w && line_end != p)
                break;
            line_end = word_end;
            q = word_end;
            if (ww > w)
                break; /* one word longer than the line: cut below */
        }
        size_t n = (size_t)(line_end - p);
        if (n == 0 && *q == '\n')
            n = 0;
        bool last = max_lines && lines + 1 == max_lines && *line_end && *line_end != '\0';
        if (!dry && n) {
            char buf[512];
            size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
            memcpy(buf, p, k);
            buf[k] = '\0';
            draw_rect r = {x, yy, w, lh};
            if (last) {
                char more[520];
                snprintf(more, sizeof more, "%s\xE2\x80\xA6 ", buf);
                kit_text(u, r, more, size, wt, c, ALIGN_LEFT);
            } else {
                kit_text(u, r, buf, size, wt, c, ALIGN_LEFT);
            }
        }
        lines++;
        yy += lh;
        p = line_end;
        while (*p == ' ')
            p++;
        if (*p == '\n')
            p++;
    }
    return yy - y;
}

void kit_card(ui *u, draw_rect r)
{
    draw_shadow(u->l, r, dp(u, 12), dp(u, 6));
    draw_rect_fill(u->l, r, u->t.surface, dp(u, 12));
}

void kit_button(ui *u, draw_rect r, const char *id, const char *label, btn_style st, int action,
                int arg)
{
    draw_color bg = u->t.primary, fg = u->t.on_primary, border = {0, 0, 0, 0};
    switch (st) {
    case BTN_PRIMARY:
        break;
    case BTN_SUCCESS:
        bg = u->t.success;
        break;
    case BTN_DANGER:
        bg = u->t.danger;
        break;
    case BTN_SECONDARY:
        bg = u->t.surface;
        fg = u->t.primary;
        border = u->t.primary;
        break;
    case BTN_QUIET:
        bg = u->t.surface_alt;
        fg = u->t.text;
        break;
    }
    bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
    if (pressed) { /* darker by a quarter: visible feedback within the frame */
        bg.r = (uint8_t)(bg.r * 3 / 4);
        bg.g = (uint8_t)(bg.g * 3 / 4);
        bg.b = (uint8_t)(bg.b * 3 / 4);
    }
    draw_rect_fill(u->l, r, bg, dp(u, 10));
    if (border.a)
        draw_frame(u->l, r, border, dp(u, 10), dp(u, 2) > 1 ? dp(u, 2) : 1);
    draw_rect tr_ = {r.x + dp(u, 8), r.y, r.w - dp(u, 16), r.h};
    kit_text(u, tr_, label, TEXT_BODY, FONT_BOLD, fg, ALIGN_CENTER);
    draw_hit_add(u->l, r, id, label, action, arg);
}

int kit_pill(ui *u, int x, int y, const char *text, draw_color fg, draw_color bg)
{
    int w = kit_text_width(u, text, TEXT_SMALL, FONT_BOLD) + dp(u, 20);
    draw_rect r = {x, y, w, dp(u, 24)};
    draw_rect_fill(u->l, r, bg, dp(u, 12));
    draw_label(u->l, r, text, TEXT_SMALL, FONT_BOLD, fg, ALIGN_CENTER);
    return w;
}

int kit_chip(ui *u, int x, int y, const char *id, const char *label, bool on, int action, int arg)
{
    char text[160];
    snprintf(text, sizeof text, "%s", label);
    /* Selected chips carry a drawn check mark (Noto Sans has no U+2713) as well as colour. */
    int mark = on ? dp(u, 22) : 0;
    int w = kit_text_width(u, text, on ? TEXT_BODY : TEXT_BODY, on ? FONT_BOLD : FONT_REGULAR) +
            dp(u, 32) + mark;
    draw_rect r = {x, y, w, dp(u, 48)};
    draw_rect inner = {x, y + dp(u, 4), w, dp(u, 40)};
    bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
    draw_color bg = on ? u->t.info_bg : u->t.surface;
    if (pressed)
        bg = u->t.divider;
    draw_rect_fill(u->l, inner, bg, dp(u, 20));
    draw_frame(u->l, inner, on ? u->t.primary : u->t.divider, dp(u, 20), on ? dp(u, 2) : 1);
    if (on) {
        int cx = x + dp(u, 16), cy = y + dp(u, 24);
        draw_line(u->l, cx, cy, cx + dp(u, 5), cy + dp(u, 5), u->t.primary, dp(u, 2));
        draw_line(u->l, cx + dp(u, 5), cy + dp(u, 5), cx + dp(u, 14), cy - dp(u, 6), u->t.primary,
                  dp(u, 2));
    }
    draw_label(u->l, (draw_rect){inner.x + mark, inner.y, inner.w - mark, inner.h}, text, TEXT_BODY,
               on ? FONT_BOLD : FONT_REGULAR, on ? u->t.primary : u->t.text, ALIGN_CENTER);
    draw_hit_add(u->l, r, id, label, action, arg);
    return w;
}

const char *kit_action_label(const ui *u, const char *code)
{
    size_t n;
    const wire_label *l = wire_actions(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].code, code) == 0)
            return u->s->lang == LANG_EN ? l[i].label_en : l[i].label_id;
    return code;
}

void kit_divider(ui *u, int x, int y, int w)
{
    draw_rect_fill(u->l, (draw_rect){x, y, w, 1}, u->t.divider, 0);
}

int kit_field(ui *u, int x, int y, int w, const char *label, const char *value)
{
    int h1 = kit_line(u, TEXT_SMALL);
    kit_text(u, (draw_rect){x, y, w, h1}, label, TEXT_SMALL, FONT_REGULAR, u->t.text_muted,
             ALIGN_LEFT);
    int h2 = kit_wrap(u, x, y + h1, w, value && value[0] ? value : "\xE2\x80\x94", TEXT_BODY,
                      FONT_REGULAR, u->t.text, 3, false);
    return h1 + h2;
}

void kit_progress(ui *u, draw_rect r, double value, double max, double mark, draw_color fill)
{
    draw_rect_fill(u->l, r, u->t.surface_alt, r.h / 2);
    draw_frame(u->l, r, u->t.divider, r.h / 2, 1);
    if (max > 0 && value > 0) {
        double f = value / max;
        if (f > 1)
            f = 1;
        int w = (int)(r.w * f);
        if (w < r.h)
            w = r.h;
        draw_rect_fill(u->l, (draw_rect){r.x, r.y, w, r.h}, fill, r.h / 2);
    }
    if (max > 0 && mark >= 0) {
        double f = mark / max;
        if (f > 1)
            f = 1;
        int mx = r.x + (int)(r.w * f);
        draw_rect_fill(u->l, (draw_rect){mx - dp(u, 1), r.y - dp(u, 4), dp(u, 3), r.h + dp(u, 8)},
                       u->t.text, 0);
    }
}

void kit_banner(ui *u, draw_rect r, const char *msg, draw_color fg, draw_color bg,
                const char *btn_id, const char *btn_label, int action)
{
    draw_rect_fill(u->l, r, bg, dp(u, 8));
    int bw = btn_label ? kit_text_width(u, btn_label, TEXT_BODY, FONT_BOLD) + dp(u, 40) : 0;
    draw_rect tr_ = {r.x + dp(u, 16), r.y, r.w - dp(u, 32) - bw, r.h};
    kit_text(u, tr_, msg, TEXT_BODY, FONT_BOLD, fg, ALIGN_LEFT);
    if (btn_label)
        kit_button(u, (draw_rect){r.x + r.w - bw - dp(u, 8), r.y + dp(u, 6), bw, r.h - dp(u, 12)},
                   btn_id, btn_label, BTN_SECONDARY, action, 0);
}

int kit_topbar(ui *u, const char *title, bool back, const char *back_label)
{
    int h = dp(u, 64);
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, h}, u->t.primary, 0);
    int x = dp(u, 24);
    if (back) {
        char label[96];
        snprintf(label, sizeof label, "\xE2\x80\xB9  %s", back_label);
        int bw = kit_text_width(u, label, TEXT_BODY, FONT_BOLD) + dp(u, 32);
        draw_rect br = {dp(u, 8), dp(u, 8), bw, h - dp(u, 16)};
        bool pressed = u->c->pressed && strcmp(u->c->pressed, "back") == 0;
        if (pressed)
            draw_rect_fill(u->l, br, u->t.primary_dark, dp(u, 8));
        draw_label(u->l, br, label, TEXT_BODY, FONT_BOLD, u->t.on_primary, ALIGN_CENTER);
        draw_hit_add(u->l, br, "back", back_label, ACT_BACK, 0);
        x = br.x + bw + dp(u, 16);
    }
    kit_text(u, (draw_rect){x, 0, u->c->w / 2, h}, title, TEXT_TITLE, FONT_BOLD, u->t.on_primary,
             ALIGN_LEFT);
    return h;
}
