/* ui_cards: the type-specific cards of the item detail screen. ui_item_card picks the cards for the
 * open item's type (ui_cards_fin.c, ui_cards_docs.c); this file holds the dispatcher and the
 * helpers they share (ui_cards.h): icons drawn with shapes, pills, figure strips, field grids,
 * tables, bar rows and the formatting of figures. Nothing is allocated: fixed stack buffers. */
#include "ui_cards.h"

#include <stdio.h>
#include <string.h>

#define EM_DASH "\xE2\x80\x94"

/* ---- formatting ---- */

const char *cards_money(int64_t v, char *out, size_t cap)
{
    if (!fmt_money(v, out, cap))
        snprintf(out, cap, "%s", EM_DASH);
    return out;
}

const char *cards_money_short(const ui *u, int64_t v, char *out, size_t cap)
{
    if (!fmt_money_short(v, u->s->lang, out, cap))
        snprintf(out, cap, "%s", EM_DASH);
    return out;
}

const char *cards_money_bare(const ui *u, int64_t v, bool brief, char *out, size_t cap)
{
    char tmp[FMT_CAP];
    bool ok =
        brief ? fmt_money_short(v, u->s->lang, tmp, sizeof tmp) : fmt_money(v, tmp, sizeof tmp);
    if (!ok) {
        snprintf(out, cap, "%s", EM_DASH);
        return out;
    }
    const char *p = tmp;
    bool neg = p[0] == '-';
    if (neg)
        p++;
    if (strncmp(p, "Rp ", 3) == 0)
        p += 3;
    size_t n = strlen(p);
    if (cap < n + 2) {
        snprintf(out, cap, "%s", EM_DASH);
        return out;
    }
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    memcpy(out + o, p, n + 1);
    return out;
}

const char *cards_pct(const ui *u, double v, char *out, size_t cap)
{
    if (!fmt_percent(v, 2, u->s->lang, out, cap))
        snprintf(out, cap, "%s", EM_DASH);
    return out;
}

const char *cards_dec2(const ui *u, double v, char *out, size_t cap)
{
    cards_pct(u, v, out, cap);
    size_t n = strlen(out);
    if (n && out[n - 1] == '%')
        out[n - 1] = '\0';
    return out;
}

const char *cards_date(const ui *u, const char *iso, char *out, size_t cap)
{
    int64_t t = 0;
    char tmp[FMT_CAP];
    if (!fmt_date_iso_parse(iso ? iso : "", &t) ||
        !fmt_date_long(t, NULL, u->s->lang, tmp, sizeof tmp)) {
        snprintf(out, cap, "%s", EM_DASH);
        return out;
    }
    const char *p = strstr(tmp, ", "); /* drop the weekday: "Senin, 29 Juni 2020" */
    snprintf(out, cap, "%s", p ? p + 2 : tmp);
    return out;
}

const char *cards_time(const ui *u, const char *rfc3339, char *out, size_t cap)
{
    int64_t t = 0;
    if (!wire_time_parse(rfc3339 ? rfc3339 : "", &t) ||
        !fmt_datetime(t, &u->s->tz, u->s->lang, out, cap))
        snprintf(out, cap, "%s", EM_DASH);
    return out;
}

#define MONEY_MAX 9007199254740992LL /* 2^53 */

int64_t cards_money_at(const doc_node *n, const char *key, int64_t fallback)
{
    int64_t v = doc_int(n, key, fallback);
    return v >= -MONEY_MAX && v <= MONEY_MAX ? v : fallback;
}

int64_t cards_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

double cards_ratio(int64_t a, int64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

draw_color cards_mix(draw_color a, draw_color b, int pct_a)
{
    draw_color c = {(uint8_t)((a.r * pct_a + b.r * (100 - pct_a)) / 100),
                    (uint8_t)((a.g * pct_a + b.g * (100 - pct_a)) / 100),
                    (uint8_t)((a.b * pct_a + b.b * (100 - pct_a)) / 100), 0xFF};
    return c;
}

/* "Tahun anggaran 2020", or "" without a year. */
const char *cards_year(const ui *u, const doc_node *c, char *out, size_t cap)
{
    int64_t fy = doc_int(c, "fiscal_year", 0);
    if (fy > 0 && fy < 10000)
        snprintf(out, cap, "%s %d", T(u, "Tahun anggaran"), (int)fy);
    else
        out[0] = '\0';
    return out;
}

/* ---- icons and pills ---- */

void cards_tone(const ui *u, card_tone t, draw_color *fg, draw_color *bg)
{
    switch (t) {
    case TONE_OK:
        *fg = u->t.success, *bg = u->t.success_bg;
        break;
    case TONE_WARN:
        *fg = u->t.warning, *bg = u->t.warning_bg;
        break;
    case TONE_BAD:
        *fg = u->t.danger, *bg = u->t.danger_bg;
        break;
    case TONE_INFO:
        *fg = u->t.primary, *bg = u->t.info_bg;
        break;
    default:
        *fg = u->t.text, *bg = u->t.surface_alt;
        break;
    }
}

/* A stroke between two points given as fractions of the icon box. */
static void stroke(ui *u, int x, int y, int s, float ax, float ay, float bx, float by, draw_color c)
{
    int lw = s / 8 > 2 ? s / 8 : 2;
    draw_line(u->l, x + (int)(ax * (float)s), y + (int)(ay * (float)s), x + (int)(bx * (float)s),
              y + (int)(by * (float)s), c, lw);
}

void cards_icon(ui *u, card_icon ic, int x, int y, int s, draw_color c)
{
    draw_color w = u->t.surface;
    int lw = s / 8 > 2 ? s / 8 : 2;
    if (ic == IC_NONE)
        return;
    if (ic == IC_LOCK) { /* a padlock: shackle and body */
        draw_frame(u->l, (draw_rect){x + s / 4, y + s / 16, s / 2, s / 2}, c, s / 4, lw);
        draw_rect_fill(u->l, (draw_rect){x + s / 8, y + s * 7 / 16, s * 3 / 4, s / 2}, c, s / 8);
        return;
    }
    draw_rect_fill(u->l, (draw_rect){x, y, s, s}, c, s / 2);
    switch (ic) {
    case IC_OK:
        stroke(u, x, y, s, 0.27f, 0.52f, 0.44f, 0.69f, w);
        stroke(u, x, y, s, 0.44f, 0.69f, 0.75f, 0.34f, w);
        break;
    case IC_NO:
        stroke(u, x, y, s, 0.32f, 0.32f, 0.68f, 0.68f, w);
        stroke(u, x, y, s, 0.68f, 0.32f, 0.32f, 0.68f, w);
        break;
    case IC_WAIT: /* clock hands */
        stroke(u, x, y, s, 0.5f, 0.55f, 0.5f, 0.22f, w);
        stroke(u, x, y, s, 0.45f, 0.55f, 0.76f, 0.55f, w);
        break;
    case IC_WARN:
    case IC_INFO: {
        bool warn = ic == IC_WARN;
        stroke(u, x, y, s, 0.5f, warn ? 0.2f : 0.44f, 0.5f, warn ? 0.58f : 0.8f, w);
        int dy = (int)((warn ? 0.68f : 0.2f) * (float)s);
        draw_rect_fill(u->l, (draw_rect){x + s / 2 - lw / 2, y + dy, lw, lw}, w, 0);
        break;
    }
    case IC_UP:
    case IC_DOWN: {
        float tip = ic == IC_UP ? 0.24f : 0.76f, tail = ic == IC_UP ? 0.78f : 0.22f;
        float wing = ic == IC_UP ? 0.46f : 0.54f;
        stroke(u, x, y, s, 0.5f, tail, 0.5f, tip, w);
        stroke(u, x, y, s, 0.5f, tip, 0.28f, wing, w);
        stroke(u, x, y, s, 0.5f, tip, 0.72f, wing, w);
        break;
    }
    default:
        break;
    }
}

int cards_pill(ui *u, int x, int y, card_icon ic, card_tone t, const char *text, bool dry)
{
    int h = dp(u, 24), is = dp(u, 16);
    int tw = kit_text_width(u, text, TEXT_SMALL, FONT_BOLD);
    int lead = ic != IC_NONE ? dp(u, 4) + is + dp(u, 6) : dp(u, 10);
    int w = lead + tw + dp(u, 12);
    if (dry)
        return w;
    draw_color fg, bg;
    cards_tone(u, t, &fg, &bg);
    draw_rect r = {x, y, w, h};
    draw_rect_fill(u->l, r, bg, h / 2);
    if (t == TONE_NEUTRAL)
        draw_frame(u->l, r, u->t.divider, h / 2, 1);
    if (ic != IC_NONE)
        cards_icon(u, ic, x + dp(u, 4), y + (h - is) / 2, is, fg);
    draw_label(u->l, (draw_rect){x + lead, y, tw + dp(u, 2), h}, text, TEXT_SMALL, FONT_BOLD, fg,
               ALIGN_LEFT);
    return w;
}

/* ---- text blocks ---- */

int cards_title(ui *u, int x, int y, int w, const char *title, const char *aside, bool dry)
{
    int lh = kit_line(u, TEXT_TITLE);
    if (!dry) {
        int aw = 0;
        if (aside && aside[0]) {
            aw = kit_text_width(u, aside, TEXT_SMALL, FONT_REGULAR);
            if (aw > w / 2)
                aw = w / 2;
            kit_text(u, (draw_rect){x + w - aw, y, aw, lh}, aside, TEXT_SMALL, FONT_REGULAR,
                     u->t.text_muted, ALIGN_RIGHT);
        }
        kit_text(u, (draw_rect){x, y, w - aw - dp(u, 16), lh}, title, TEXT_TITLE, FONT_BOLD,
                 u->t.text, ALIGN_LEFT);
    }
    return lh + dp(u, 16);
}

int cards_caption(ui *u, int x, int y, int w, const char *text, bool dry)
{
    return kit_wrap(u, x, y, w, text, TEXT_SMALL, FONT_REGULAR, u->t.text_muted, 0, dry);
}

int cards_note(ui *u, int x, int y, int w, card_icon ic, card_tone t, const char *head,
               const char *text, bool dry)
{
    int pad = dp(u, 16), is = dp(u, 20);
    int tx = x + pad + (ic != IC_NONE ? is + dp(u, 12) : 0), tw = x + w - pad - tx;
    draw_color fg, bg;
    cards_tone(u, t, &fg, &bg);
    int hh = head && head[0] ? kit_wrap(u, tx, 0, tw, head, TEXT_BODY, FONT_BOLD, fg, 2, true) : 0;
    int bh = text && text[0]
                 ? kit_wrap(u, tx, 0, tw, text, TEXT_SMALL, FONT_REGULAR, u->t.text, 0, true)
                 : 0;
    int h = pad + hh + (hh && bh ? dp(u, 4) : 0) + bh + pad;
    if (dry)
        return h;
    draw_rect_fill(u->l, (draw_rect){x, y, w, h}, bg, dp(u, 8));
    if (ic != IC_NONE) {
        int lh = hh ? kit_line(u, TEXT_BODY) : kit_line(u, TEXT_SMALL);
        cards_icon(u, ic, x + pad, y + pad + (lh - is) / 2, is, fg);
    }
    int cy = y + pad;
    if (hh)
        cy +=
            kit_wrap(u, tx, cy, tw, head, TEXT_BODY, FONT_BOLD, fg, 2, false) + (bh ? dp(u, 4) : 0);
    if (bh)
        kit_wrap(u, tx, cy, tw, text, TEXT_SMALL, FONT_REGULAR, u->t.text, 0, false);
    return h;
}

/* ---- field grids ---- */

static int field(ui *u, int x, int y, int w, const card_field *f, bool dry)
{
    int cy = y, l1 = kit_line(u, TEXT_SMALL);
    const char *v = f->value && f->value[0] ? f->value : EM_DASH;
    if (!dry)
        kit_text(u, (draw_rect){x, cy, w, l1}, f->label, TEXT_SMALL, FONT_REGULAR, u->t.text_muted,
                 ALIGN_LEFT);
    cy += l1 + dp(u, 2);
    if (f->pill) {
        cards_pill(u, x, cy + dp(u, 2), f->icon, f->tone, v, dry);
        cy += dp(u, 28);
    } else {
        cy += kit_wrap(u, x, cy, w, v, TEXT_BODY, f->strong ? FONT_BOLD : FONT_REGULAR, u->t.text,
                       3, dry);
    }
    if (f->sub && f->sub[0])
        cy += kit_wrap(u, x, cy, w, f->sub, TEXT_SMALL, FONT_REGULAR, u->t.text_muted, 2, dry);
    return cy - y;
}

int cards_fields(ui *u, int x, int y, int w, const card_field *f, size_t n, bool framed, bool dry)
{
    int gap = framed ? 0 : dp(u, 24), cp = framed ? dp(u, 12) : 0, rg = framed ? 0 : dp(u, 16);
    int colw = (w - gap) / 2, cy = y;
    for (size_t i = 0; i < n;) {
        bool pair = !f[i].wide && i + 1 < n && !f[i + 1].wide;
        int fw = f[i].wide ? w : colw;
        int h = field(u, x + cp, cy + cp, fw - 2 * cp, &f[i], dry);
        if (pair) {
            int h2 = field(u, x + colw + gap + cp, cy + cp, colw - 2 * cp, &f[i + 1], dry);
            h = h2 > h ? h2 : h;
        }
        int rh = h + 2 * cp;
        if (framed && !dry) {
            if (cy > y)
                kit_divider(u, x, cy, w);
            if (!f[i].wide)
                draw_rect_fill(u->l, (draw_rect){x + colw, cy, 1, rh}, u->t.divider, 0);
        }
        cy += rh + rg;
        i += pair ? 2 : 1;
    }
    if (n && !framed)
        cy -= rg;
    if (framed && !dry && cy > y)
        draw_frame(u->l, (draw_rect){x, y, w, cy - y}, u->t.divider, dp(u, 8), 1);
    return cy - y;
}

/* ---- figures ---- */

int cards_figures(ui *u, int x, int y, int w, const card_figure *f, size_t n, bool dry)
{
    if (n == 0)
        return 0;
    int pad = dp(u, 16), gap = dp(u, 16);
    int colw = (w - 2 * pad - (int)(n - 1) * gap) / (int)n;
    int ls = kit_line(u, TEXT_SMALL), ld = kit_line(u, TEXT_DISPLAY), hmax = 0;
    for (int pass = 0; pass < 2; pass++) {
        bool d = pass == 0;
        if (!d && dry)
            break;
        if (!d) {
            draw_rect_fill(u->l, (draw_rect){x, y, w, hmax + 2 * pad}, u->t.surface_alt, dp(u, 8));
        }
        for (size_t i = 0; i < n; i++) {
            int cx = x + pad + (int)i * (colw + gap), cy = y + pad;
            const char *full = f[i].full ? f[i].full : EM_DASH;
            bool fits = !f[i].brief || kit_text_width(u, full, TEXT_DISPLAY, FONT_BOLD) <= colw;
            const char *v = fits ? full : f[i].brief;
            draw_color fg, bg;
            cards_tone(u, f[i].tone, &fg, &bg);
            if (!d) {
                kit_text(u, (draw_rect){cx, cy, colw, ls}, f[i].label, TEXT_SMALL, FONT_REGULAR,
                         u->t.text_muted, ALIGN_LEFT);
                kit_text(u, (draw_rect){cx, cy + ls, colw, ld}, v, TEXT_DISPLAY, FONT_BOLD, fg,
                         ALIGN_LEFT);
                if (i > 0)
                    draw_rect_fill(u->l, (draw_rect){cx - gap / 2, y + pad, 1, hmax}, u->t.divider,
                                   0);
            }
            cy += ls + ld;
            if (!fits && strcmp(full, v) != 0)
                cy += kit_wrap(u, cx, cy, colw, full, TEXT_SMALL, FONT_BOLD, u->t.text, 2, d);
            if (f[i].caption && f[i].caption[0])
                cy += kit_wrap(u, cx, cy, colw, f[i].caption, TEXT_SMALL, FONT_REGULAR,
                               u->t.text_muted, 2, d);
            if (d && cy - y - pad > hmax)
                hmax = cy - y - pad;
        }
    }
    return hmax + 2 * pad;
}

/* ---- tables ---- */

#define MAX_COLS 8

static void col_px(ui *u, int w, const card_col *cols, size_t n, int *px)
{
    int fixed = 0, flex = 0;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].w > 0)
            fixed += dp(u, (float)cols[i].w);
        else
            flex++;
    }
    int rest = w - fixed;
    for (size_t i = 0; i < n; i++)
        px[i] = cols[i].w > 0 ? dp(u, (float)cols[i].w) : (flex ? rest / flex : 0);
}

int cards_table_head(ui *u, int x, int y, int w, const card_col *cols, size_t n, bool dry)
{
    int h = kit_line(u, TEXT_SMALL) + dp(u, 16), px[MAX_COLS], cp = dp(u, 8);
    if (dry || n > MAX_COLS)
        return h;
    col_px(u, w, cols, n, px);
    draw_rect_fill(u->l, (draw_rect){x, y, w, h}, u->t.surface_alt, dp(u, 6));
    for (int i = 0, cx = x; i < (int)n; cx += px[i], i++)
        kit_text(u, (draw_rect){cx + cp, y, px[i] - 2 * cp, h}, cols[i].label, TEXT_SMALL,
                 FONT_BOLD, u->t.text_muted, cols[i].align);
    return h;
}

static int cell(ui *u, int x, int y, int w, draw_align a, const card_cell *c, bool bold, bool dry)
{
    int cy = y, ls = kit_line(u, TEXT_SMALL);
    const char *t = c->text ? c->text : "";
    draw_color fg, bg;
    cards_tone(u, c->tone, &fg, &bg);
    if (c->pill) {
        int pw = cards_pill(u, 0, 0, c->icon, c->tone, t, true);
        int px = a == ALIGN_RIGHT ? x + w - pw : a == ALIGN_CENTER ? x + (w - pw) / 2 : x;
        int lift = (dp(u, 24) - ls) / 2; /* centred on the row's first text line */
        if (!dry)
            cards_pill(u, px, cy - lift, c->icon, c->tone, t, false);
        cy += dp(u, 24) - lift;
    } else if (a == ALIGN_LEFT) {
        cy += kit_wrap(u, x, cy, w, t, TEXT_SMALL, bold ? FONT_BOLD : FONT_REGULAR, fg, 2, dry);
    } else {
        if (!dry)
            kit_text(u, (draw_rect){x, cy, w, ls}, t, TEXT_SMALL, bold ? FONT_BOLD : FONT_REGULAR,
                     fg, a);
        cy += ls;
    }
    if (c->bar >= 0) {
        if (!dry)
            kit_progress(u, (draw_rect){x, cy + dp(u, 4), w, dp(u, 6)}, c->bar, 100, c->mark,
                         c->tone == TONE_NEUTRAL ? u->t.primary : fg);
        cy += dp(u, 12);
    }
    if (c->sub && c->sub[0])
        cy += dp(u, 2) + kit_wrap(u, x, cy + dp(u, 2), w, c->sub, TEXT_SMALL, FONT_REGULAR,
                                  u->t.text_muted, 2, dry);
    return cy - y;
}

int cards_table_row(ui *u, int x, int y, int w, const card_col *cols, size_t n,
                    const card_cell *cells, card_row style, bool dry)
{
    int px[MAX_COLS], cp = dp(u, 8), vp = dp(u, 10);
    if (n > MAX_COLS || n == 0)
        return 0;
    if (style == ROW_GROUP) {
        int h = dp(u, 14) + kit_line(u, TEXT_SMALL) + dp(u, 4);
        if (!dry)
            kit_text(u, (draw_rect){x + cp, y + dp(u, 14), w - 2 * cp, kit_line(u, TEXT_SMALL)},
                     cells[0].text ? cells[0].text : "", TEXT_SMALL, FONT_BOLD, u->t.primary,
                     ALIGN_LEFT);
        return h;
    }
    col_px(u, w, cols, n, px);
    bool bold = style == ROW_TOTAL;
    int h = 0;
    for (int i = 0, cx = x; i < (int)n; cx += px[i], i++) {
        int ch = cell(u, cx + cp, y + vp, px[i] - 2 * cp, cols[i].align, &cells[i], bold, true);
        h = ch > h ? ch : h;
    }
    h += 2 * vp;
    if (dry)
        return h;
    draw_rect r = {x, y, w, h};
    if (style == ROW_TOTAL)
        draw_rect_fill(u->l, r, u->t.surface_alt, 0);
    else if (style == ROW_GOOD)
        draw_rect_fill(u->l, r, u->t.success_bg, 0);
    else if (style == ROW_BAD)
        draw_rect_fill(u->l, r, u->t.danger_bg, 0);
    for (int i = 0, cx = x; i < (int)n; cx += px[i], i++)
        cell(u, cx + cp, y + vp, px[i] - 2 * cp, cols[i].align, &cells[i], bold, false);
    if (style == ROW_TOTAL)
        draw_rect_fill(u->l, (draw_rect){x, y, w, dp(u, 2)}, u->t.text_muted, 0);
    else
        kit_divider(u, x, y + h - 1, w);
    return h;
}

/* ---- bars ---- */

int cards_bars(ui *u, int x, int y, int w, const card_bar *b, size_t n, int label_w, int value_w,
               double max, bool dry)
{
    int rh = dp(u, 32), bh = dp(u, 14), ls = kit_line(u, TEXT_SMALL);
    if (dry)
        return (int)n * rh;
    if (max <= 0)
        for (size_t i = 0; i < n; i++)
            max = b[i].v > max ? b[i].v : max;
    int bx = x + label_w + dp(u, 12), bw = w - label_w - value_w - dp(u, 24);
    for (size_t i = 0; i < n; i++) {
        int ry = y + (int)i * rh, ty = ry + (rh - ls) / 2, lx = x, lw = label_w;
        if (b[i].code && b[i].code[0]) {
            int cw = dp(u, 48);
            kit_text(u, (draw_rect){lx, ty, cw, ls}, b[i].code, TEXT_SMALL, FONT_REGULAR,
                     u->t.text_muted, ALIGN_LEFT);
            lx += cw, lw -= cw;
        }
        kit_text(u, (draw_rect){lx, ty, lw, ls}, b[i].label ? b[i].label : "", TEXT_SMALL,
                 FONT_REGULAR, u->t.text, ALIGN_LEFT);
        draw_rect_fill(u->l, (draw_rect){bx, ry + (rh - bh) / 2, bw, bh}, u->t.surface_alt,
                       dp(u, 3));
        if (max > 0 && b[i].v > 0) {
            int fw = (int)((double)bw * b[i].v / max);
            fw = fw < dp(u, 3) ? dp(u, 3) : fw;
            draw_rect_fill(u->l, (draw_rect){bx, ry + (rh - bh) / 2, fw, bh}, b[i].color, dp(u, 3));
        }
        kit_text(u, (draw_rect){x + w - value_w, ty, value_w, ls}, b[i].value ? b[i].value : "",
                 TEXT_SMALL, FONT_BOLD, u->t.text, ALIGN_RIGHT);
    }
    return (int)n * rh;
}

/* ---- the stack and the dispatcher ---- */

int cards_stack(ui *u, const doc_node *c, int x, int y, int w, const card_fn *fns, size_t n)
{
    int cy = y, gap = dp(u, 24);
    for (size_t i = 0; i < n; i++) {
        int h = fns[i](u, c, x, cy, w, true);
        if (h <= 0)
            continue;
        if (cy + h >= 0 && cy <= u->c->h) { /* off-screen cards only take their place */
            kit_card(u, (draw_rect){x, cy, w, h});
            fns[i](u, c, x, cy, w, false);
        }
        cy += h + gap;
    }
    return cy > y ? cy - y - gap : 0;
}

static int card_unknown(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    (void)c;
    int pad = dp(u, 24), is = dp(u, 24), tx = x + pad + is + dp(u, 16), tw = x + w - pad - tx;
    int cy = y + pad;
    if (!dry)
        cards_icon(u, IC_INFO, x + pad, cy, is, u->t.text_muted);
    cy += kit_wrap(u, tx, cy, tw, T(u, "Rincian jenis dokumen ini belum dapat ditampilkan."),
                   TEXT_BODY, FONT_BOLD, u->t.text, 0, dry);
    cy += dp(u, 4);
    cy += cards_caption(u, tx, cy, tw, T(u, "Isi lengkapnya dapat dibaca pada halaman lampiran."),
                        dry);
    return cy + pad - y;
}

int ui_item_card(ui *u, int x, int y, int w)
{
    if (!u->s->item)
        return 0;
    const doc_node *it = doc_root(u->s->item);
    const doc_node *c = doc_get(it, "content");
    /* The key without which a type's cards would show only dashes. */
    static const char *const need[ITEM_TYPES] = {
        [ITEM_REVENUE] = "total", [ITEM_AUDIT] = "findings",    [ITEM_PROCUREMENT] = "bidders",
        [ITEM_SPJ] = "items",     [ITEM_LETTER_IN] = "subject", [ITEM_LETTER_OUT] = "subject",
        [ITEM_BUDGET] = "totals",
    };
    item_type t = model_item_type(doc_str(it, "type", ""));
    if (c && c->kind == DOC_OBJ && t < ITEM_TYPES && doc_get(c, need[t])) {
        switch (t) {
        case ITEM_REVENUE:
            return cards_revenue(u, c, x, y, w);
        case ITEM_AUDIT:
            return cards_audit(u, c, x, y, w);
        case ITEM_PROCUREMENT:
            return cards_procurement(u, c, x, y, w);
        case ITEM_SPJ:
            return cards_spj(u, c, x, y, w);
        case ITEM_LETTER_IN:
            return cards_letter_in(u, c, x, y, w);
        case ITEM_LETTER_OUT:
            return cards_letter_out(u, c, x, y, w);
        case ITEM_BUDGET:
            return cards_budget(u, c, x, y, w);
        default:
            break;
        }
    }
    static const card_fn unknown[] = {card_unknown};
    return cards_stack(u, c, x, y, w, unknown, 1);
}
