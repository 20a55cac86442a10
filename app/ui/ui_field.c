/* ui_field: the field profile's frame (the screen, the toast on top) and the glove-size widgets
 * its screens share: buttons and badges at 76 dp, icons drawn as strokes (no icon font), the top
 * bar with the theme toggle, cards, and the words for report and location states. The sunlight
 * theme keeps every text at 7:1 or more against what it is drawn on. */
#include "ui_field_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Sunlight: black on near-white, dark saturated accents; every pair of text and fill used here
 * is at least 7:1 (tests/app/test_ui_field.c computes it from the draw list). */
static const ui_theme sun_theme = {
    .bg = {0xF6, 0xF6, 0xF1, 0xFF},
    .surface = {0xFF, 0xFF, 0xFF, 0xFF},
    .surface_alt = {0xE2, 0xE2, 0xE2, 0xFF},
    .primary = {0x0A, 0x3A, 0x8C, 0xFF},
    .primary_dark = {0x06, 0x26, 0x59, 0xFF},
    .on_primary = {0xFF, 0xFF, 0xFF, 0xFF},
    .text = {0x00, 0x00, 0x00, 0xFF},
    .text_muted = {0x1A, 0x1A, 0x1A, 0xFF},
    .divider = {0x10, 0x10, 0x10, 0xFF},
    .success = {0x00, 0x4D, 0x1A, 0xFF},
    .success_bg = {0xD6, 0xF0, 0xDC, 0xFF},
    .danger = {0x8F, 0x00, 0x00, 0xFF},
    .danger_bg = {0xFF, 0xE3, 0xE3, 0xFF},
    .warning = {0x5C, 0x3A, 0x00, 0xFF},
    .warning_bg = {0xFF, 0xE9, 0xA8, 0xFF},
    .info_bg = {0xDC, 0xE8, 0xFA, 0xFF},
    .focus = {0x0A, 0x3A, 0x8C, 0xFF},
};

int fd(const fui *f, float v)
{
    return dp(&f->u, v);
}

bool fui_pressed(const fui *f, const char *id)
{
    return f->u.c->pressed && strcmp(f->u.c->pressed, id) == 0;
}

void fui_hit(fui *f, draw_rect r, const char *id, const char *label, int action, int arg)
{
    int x0 = r.x > f->clip.x ? r.x : f->clip.x;
    int y0 = r.y > f->clip.y ? r.y : f->clip.y;
    int x1 = r.x + r.w < f->clip.x + f->clip.w ? r.x + r.w : f->clip.x + f->clip.w;
    int y1 = r.y + r.h < f->clip.y + f->clip.h ? r.y + r.h : f->clip.y + f->clip.h;
    int min = fd(f, UI_FIELD_TARGET_DP);
    if (x1 - x0 < min || y1 - y0 < min) /* too little in view to hit with a glove */
        return;
    draw_hit_add(f->u.l, (draw_rect){x0, y0, x1 - x0, y1 - y0}, id, label, action, arg);
}

/* ---- icons: strokes in a square box ---- */

static void stroke(fui *f, draw_rect b, float x0, float y0, float x1, float y1, draw_color c, int t)
{
    draw_line(f->u.l, b.x + (int)(x0 * (float)b.w), b.y + (int)(y0 * (float)b.h),
              b.x + (int)(x1 * (float)b.w), b.y + (int)(y1 * (float)b.h), c, t);
}

static void disc(fui *f, draw_rect b, float cx, float cy, float d, draw_color c)
{
    int px = (int)(d * (float)b.w);
    draw_rect_fill(f->u.l,
                   (draw_rect){b.x + (int)(cx * (float)b.w) - px / 2,
                               b.y + (int)(cy * (float)b.h) - px / 2, px, px},
                   c, px / 2);
}

void fui_icon_draw(fui *f, fui_icon ic, draw_rect b, draw_color c)
{
    int t = b.w / (f->sun ? 7 : 9);
    if (t < 2)
        t = 2;
    switch (ic) {
    case FI_NONE:
        break;
    case FI_CHECK:
        stroke(f, b, 0.16f, 0.52f, 0.40f, 0.76f, c, t);
        stroke(f, b, 0.40f, 0.76f, 0.86f, 0.26f, c, t);
        break;
    case FI_CROSS:
        stroke(f, b, 0.22f, 0.22f, 0.78f, 0.78f, c, t);
        stroke(f, b, 0.78f, 0.22f, 0.22f, 0.78f, c, t);
        break;
    case FI_CLOCK:
        draw_frame(f->u.l, b, c, b.w / 2, t);
        stroke(f, b, 0.5f, 0.5f, 0.5f, 0.22f, c, t);
        stroke(f, b, 0.5f, 0.5f, 0.72f, 0.5f, c, t);
        break;
    case FI_PIN: {
        int in = b.w / 8;
        draw_frame(f->u.l, (draw_rect){b.x + in, b.y + in, b.w - 2 * in, b.h - 2 * in}, c,
                   (b.w - 2 * in) / 2, t);
        disc(f, b, 0.5f, 0.5f, 0.3f, c);
        stroke(f, b, 0.5f, 0.0f, 0.5f, 0.16f, c, t);
        stroke(f, b, 0.5f, 0.84f, 0.5f, 1.0f, c, t);
        stroke(f, b, 0.0f, 0.5f, 0.16f, 0.5f, c, t);
        stroke(f, b, 0.84f, 0.5f, 1.0f, 0.5f, c, t);
        break;
    }
    case FI_SUN:
        disc(f, b, 0.5f, 0.5f, 0.44f, c);
        for (int i = 0; i < 8; i++) {
            float a = (float)i * 0.785398f, cs = cosf(a), sn = sinf(a);
            stroke(f, b, 0.5f + 0.32f * cs, 0.5f + 0.32f * sn, 0.5f + 0.48f * cs, 0.5f + 0.48f * sn,
                   c, t > 2 ? t - 1 : t);
        }
        break;
    case FI_ALERT:
        draw_frame(f->u.l, b, c, b.w / 2, t);
        draw_rect_fill(f->u.l,
                       (draw_rect){b.x + (b.w - t) / 2, b.y + b.h * 22 / 100, t, b.h * 36 / 100}, c,
                       t / 2);
        draw_rect_fill(f->u.l, (draw_rect){b.x + (b.w - t) / 2, b.y + b.h * 66 / 100, t, t}, c,
                       t / 2);
        break;
    case FI_UP:
        stroke(f, b, 0.5f, 0.86f, 0.5f, 0.18f, c, t);
        stroke(f, b, 0.2f, 0.46f, 0.5f, 0.16f, c, t);
        stroke(f, b, 0.8f, 0.46f, 0.5f, 0.16f, c, t);
        break;
    case FI_PLUS:
        stroke(f, b, 0.5f, 0.14f, 0.5f, 0.86f, c, t);
        stroke(f, b, 0.14f, 0.5f, 0.86f, 0.5f, c, t);
        break;
    case FI_LEFT:
        stroke(f, b, 0.64f, 0.14f, 0.30f, 0.5f, c, t);
        stroke(f, b, 0.30f, 0.5f, 0.64f, 0.86f, c, t);
        break;
    case FI_RIGHT:
        stroke(f, b, 0.36f, 0.14f, 0.70f, 0.5f, c, t);
        stroke(f, b, 0.70f, 0.5f, 0.36f, 0.86f, c, t);
        break;
    case FI_DOT:
        disc(f, b, 0.5f, 0.5f, 0.5f, c);
        break;
    case FI_EDIT:
        stroke(f, b, 0.22f, 0.78f, 0.78f, 0.22f, c, t + 1);
        stroke(f, b, 0.12f, 0.92f, 0.88f, 0.92f, c, t > 2 ? t - 1 : t);
        break;
    }
}

/* ---- buttons, badges, cards ---- */

int fui_button_w(fui *f, const char *label, fui_icon ic)
{
    int w = kit_text_width(&f->u, label, F_BODY, FONT_BOLD) + fd(f, 48);
    if (ic != FI_NONE)
        w += fd(f, 38);
    return w;
}

static draw_color darker(draw_color c)
{
    return (draw_color){(uint8_t)(c.r * 3 / 4), (uint8_t)(c.g * 3 / 4), (uint8_t)(c.b * 3 / 4),
                        c.a};
}

void fui_button(fui *f, draw_rect r, const char *id, const char *label, fui_icon ic, fui_btn st,
                int action, int arg)
{
    const ui_theme *t = &f->u.t;
    draw_color bg = t->primary, fg = t->on_primary, edge = {0, 0, 0, 0};
    int ew = f->sun ? fd(f, 3) : fd(f, 2);
    switch (st) {
    case FB_PRIMARY:
        break;
    case FB_SELECTED:
        ic = FI_CHECK;
        break;
    case FB_SECONDARY:
        bg = t->surface;
        fg = t->primary;
        edge = t->primary;
        break;
    case FB_BAR:
        bg = t->primary_dark;
        if (f->sun)
            edge = t->on_primary;
        ew = fd(f, 2);
        break;
    case FB_BAR_BUSY:
        bg = t->primary_dark;
        break;
    case FB_DISABLED:
        bg = t->surface_alt;
        fg = t->text_muted;
        edge = f->sun ? t->text_muted : (draw_color){0, 0, 0, 0};
        ew = fd(f, 2);
        break;
    }
    bool off = st == FB_DISABLED || st == FB_BAR_BUSY;
    if (!off && fui_pressed(f, id))
        bg = st == FB_SECONDARY ? t->info_bg : darker(bg);
    int rad = fd(f, 12);
    draw_rect_fill(f->u.l, r, bg, rad);
    if (edge.a)
        draw_frame(f->u.l, r, edge, rad, ew > 1 ? ew : 1);
    int isz = ic != FI_NONE ? fd(f, 28) : 0, gap = ic != FI_NONE ? fd(f, 10) : 0;
    int avail = r.w - fd(f, 32) - isz - gap;
    int tw = label[0] ? kit_text_width(&f->u, label, F_BODY, FONT_BOLD) : 0;
    if (tw > avail)
        tw = avail;
    int x = r.x + (r.w - isz - gap - tw) / 2;
    if (isz)
        fui_icon_draw(f, ic, (draw_rect){x, r.y + (r.h - isz) / 2, isz, isz}, fg);
    if (label[0])
        kit_text(&f->u, (draw_rect){x + isz + gap, r.y, tw + 1, r.h}, label, F_BODY, FONT_BOLD, fg,
                 ALIGN_LEFT);
    if (!off)
        fui_hit(f, r, id, label, action, arg);
}

void fui_icon_button(fui *f, draw_rect r, const char *id, const char *hit_label, fui_icon ic,
                     int action, int arg)
{
    const ui_theme *t = &f->u.t;
    int rad = fd(f, 12), isz = fd(f, 34);
    draw_rect_fill(f->u.l, r, fui_pressed(f, id) ? t->info_bg : t->surface, rad);
    draw_frame(f->u.l, r, t->primary, rad, f->sun ? fd(f, 3) : fd(f, 2));
    fui_icon_draw(f, ic, (draw_rect){r.x + (r.w - isz) / 2, r.y + (r.h - isz) / 2, isz, isz},
                  t->primary);
    fui_hit(f, r, id, hit_label, action, arg);
}

int fui_badge(fui *f, int x, int y, int h, const fui_look *lk, bool dry)
{
    int isz = lk->icon != FI_NONE ? h * 56 / 100 : 0, pad = fd(f, 14);
    int w =
        kit_text_width(&f->u, lk->word, F_BODY, FONT_BOLD) + 2 * pad + (isz ? isz + fd(f, 8) : 0);
    if (dry)
        return w;
    draw_rect r = {x, y, w, h};
    draw_rect_fill(f->u.l, r, lk->bg, h / 2);
    if (f->sun)
        draw_frame(f->u.l, r, lk->fg, h / 2, fd(f, 2));
    int ix = x + pad;
    if (isz) {
        fui_icon_draw(f, lk->icon, (draw_rect){ix, y + (h - isz) / 2, isz, isz}, lk->fg);
        ix += isz + fd(f, 8);
    }
    draw_label(f->u.l, (draw_rect){ix, y, x + w - pad - ix, h}, lk->word, F_BODY, FONT_BOLD, lk->fg,
               ALIGN_LEFT);
    return w;
}

void fui_card(fui *f, draw_rect r, draw_color edge, int edge_w)
{
    int rad = fd(f, 14);
    if (!f->sun && !edge.a)
        draw_shadow(f->u.l, r, rad, fd(f, 6));
    draw_rect_fill(f->u.l, r, f->u.t.surface, rad);
    if (edge.a)
        draw_frame(f->u.l, r, edge, rad, edge_w);
    else if (f->sun)
        draw_frame(f->u.l, r, f->line, rad, f->border);
}

int fui_topbar(fui *f, const char *title, const char *back_label, int *right)
{
    const ui_theme *t = &f->u.t;
    int w = f->u.c->w, h = fd(f, 96), bh = fd(f, 76), by = (h - bh) / 2;
    draw_rect_fill(f->u.l, (draw_rect){0, 0, w, h}, t->primary, 0);
    int x = fd(f, 24);
    if (back_label) {
        int bw = fui_button_w(f, back_label, FI_LEFT);
        if (bw < fd(f, 140))
            bw = fd(f, 140);
        fui_button(f, (draw_rect){fd(f, 10), by, bw, bh}, "back", back_label, FI_LEFT, FB_BAR,
                   FIELD_ACT_BACK, 0);
        x = fd(f, 10) + bw + fd(f, 20);
    }
    /* The theme toggle names the theme it switches to; on a narrow screen only its icon. */
    const char *theme = f->sun ? tr(f->L, "Tema biasa") : tr(f->L, "Tema terang");
    bool narrow = w < fd(f, 1000);
    int tw = narrow ? bh : fui_button_w(f, theme, FI_SUN);
    int tx = w - fd(f, 10) - tw;
    draw_rect tr_ = {tx, by, tw, bh};
    if (narrow) {
        int isz = fd(f, 36);
        draw_rect_fill(f->u.l, tr_,
                       fui_pressed(f, "theme") ? darker(t->primary_dark) : t->primary_dark,
                       fd(f, 12));
        if (f->sun)
            draw_frame(f->u.l, tr_, t->on_primary, fd(f, 12), fd(f, 2));
        fui_icon_draw(f, FI_SUN, (draw_rect){tx + (tw - isz) / 2, by + (bh - isz) / 2, isz, isz},
                      t->on_primary);
        fui_hit(f, tr_, "theme", theme, FIELD_ACT_THEME, 0);
    } else {
        fui_button(f, tr_, "theme", theme, FI_SUN, FB_BAR, FIELD_ACT_THEME, 0);
    }
    *right = tx - fd(f, 12);
    int title_w = *right - x - fd(f, 12);
    if (title_w > 0)
        kit_text(&f->u, (draw_rect){x, 0, title_w, h}, title, F_HEAD, FONT_BOLD, t->on_primary,
                 ALIGN_LEFT);
    return h;
}

draw_rect fui_bottombar(fui *f, int h)
{
    draw_rect r = {0, f->u.c->h - h, f->u.c->w, h};
    draw_rect_fill(f->u.l, r, f->u.t.surface, 0);
    int bw = f->sun ? fd(f, 3) : fd(f, 1);
    draw_rect_fill(f->u.l, (draw_rect){0, r.y, r.w, bw > 0 ? bw : 1},
                   f->sun ? f->line : f->u.t.divider, 0);
    return r;
}

void fui_toast(fui *f, int bottom)
{
    const field_state *s = f->s;
    if (!s->toast[0] || s->now_ms >= s->toast_until_ms)
        return;
    draw_color bg = f->sun ? (draw_color){0, 0, 0, 0xFF} : (draw_color){0x1A, 0x1F, 0x26, 0xFF};
    int max = f->u.c->w - fd(f, 96);
    int w = kit_text_width(&f->u, s->toast, F_BODY, FONT_BOLD) + fd(f, 64);
    if (w > max)
        w = max;
    int h = fd(f, 68);
    draw_rect r = {(f->u.c->w - w) / 2, bottom - h - fd(f, 20), w, h};
    if (!f->sun)
        draw_shadow(f->u.l, r, fd(f, 14), fd(f, 8));
    draw_rect_fill(f->u.l, r, bg, fd(f, 14));
    if (f->sun)
        draw_frame(f->u.l, r, (draw_color){0xFF, 0xFF, 0xFF, 0xFF}, fd(f, 14), fd(f, 2));
    kit_text(&f->u, (draw_rect){r.x + fd(f, 32), r.y, r.w - fd(f, 64), h}, s->toast, F_BODY,
             FONT_BOLD, (draw_color){0xFF, 0xFF, 0xFF, 0xFF}, ALIGN_CENTER);
}

/* ---- words ---- */

const char *fui_reason(fui *f, const char *code)
{
    static const char *const words[][2] = {
        {"disk_full", "penyimpanan tablet penuh"},
        {"file_mismatch", "berkas foto tidak cocok dengan daftar"},
        {"idempotency_conflict", "laporan berbeda dengan yang sudah diterima"},
        {"malformed", "jawaban server tidak dapat dibaca"},
        {"offline", "server tidak dapat dihubungi"},
        {"server", "server sedang bermasalah"},
        {"timeout", "server terlalu lama menjawab"},
        {"tls", "sertifikat server tidak cocok"},
        {"unknown_assignment", "tugas tidak dikenal server"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(code, words[i][0]) == 0)
            return tr(f->L, words[i][1]);
    return code;
}

double fui_sent_fraction(const field_report *r)
{
    if (r->n_photos <= 0)
        return r->state == REPORT_SENT ? 1.0 : 0.0;
    int64_t total = 0, done = 0;
    for (int i = 0; i < r->n_photos; i++) {
        total += r->photos[i].bytes;
        if (i < r->files_done)
            done += r->photos[i].bytes;
    }
    if (r->files_done < r->n_photos)
        done += r->bytes_done;
    double v = total > 0 ? (double)done / (double)total : (double)r->files_done / r->n_photos;
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

fui_look fui_report_look(fui *f, const field_report *r, const field_assignment *a, char *buf,
                         size_t cap)
{
    const ui_theme *t = &f->u.t;
    buf[0] = '\0';
    if (!r)
        return a && a->started ? (fui_look){tr(f->L, "Dikerjakan"), FI_EDIT, t->primary, t->info_bg}
                               : (fui_look){tr(f->L, "Baru"), FI_DOT, t->text, t->surface_alt};
    switch (r->state) {
    case REPORT_DRAFT:
        return (fui_look){tr(f->L, "Draf tersimpan"), FI_EDIT, t->primary, t->info_bg};
    case REPORT_WAITING:
        return (fui_look){tr(f->L, "Menunggu jaringan"), FI_CLOCK, t->warning, t->warning_bg};
    case REPORT_SENDING:
        snprintf(buf, cap, tr(f->L, "Mengirim\xE2\x80\xA6 %d%%"),
                 (int)(fui_sent_fraction(r) * 100.0));
        return (fui_look){buf, FI_UP, t->primary, t->info_bg};
    case REPORT_SENT:
        return (fui_look){tr(f->L, "Terkirim"), FI_CHECK, t->success, t->success_bg};
    case REPORT_REJECTED:
        return (fui_look){tr(f->L, "Ditolak server"), FI_CROSS, t->danger, t->danger_bg};
    }
    return (fui_look){"", FI_NONE, t->text, t->surface};
}

fui_look fui_gps_look(fui *f, char *buf, size_t cap)
{
    const field_state *s = f->s;
    const ui_theme *t = &f->u.t;
    double acc = s->fix.accuracy_m;
    switch (field_app_gps(s)) {
    case GPS_GOOD:
        snprintf(buf, cap, tr(f->L, "Lokasi \xC2\xB1%d m"), (int)lround(acc));
        return (fui_look){buf, FI_PIN, t->success, t->success_bg};
    case GPS_OLD: {
        char ago[FMT_CAP];
        int64_t at = s->fix.received_at ? s->fix.received_at : s->fix.fix_time;
        if (at && fmt_relative(f->now, at, &s->tz, f->L, ago, sizeof ago))
            snprintf(buf, cap, tr(f->L, "Lokasi lama (%s)"), ago);
        else
            snprintf(buf, cap, "%s", tr(f->L, "Lokasi lama"));
        return (fui_look){buf, FI_PIN, t->warning, t->warning_bg};
    }
    case GPS_INACCURATE:
        if (isfinite(acc))
            snprintf(buf, cap, tr(f->L, "Lokasi kurang akurat (\xC2\xB1%d m)"), (int)lround(acc));
        else
            snprintf(buf, cap, "%s", tr(f->L, "Lokasi kurang akurat"));
        return (fui_look){buf, FI_PIN, t->warning, t->warning_bg};
    case GPS_NONE:
        break;
    }
    snprintf(buf, cap, "%s",
             s->gps_connected ? tr(f->L, "Lokasi tidak tersedia")
                              : tr(f->L, "Lokasi tidak tersedia \xC2\xB7 GPS tidak aktif"));
    return (fui_look){buf, FI_PIN, t->danger, t->danger_bg};
}

static int64_t local_day(const fui *f, int64_t t)
{
    int64_t v = t + (int64_t)f->s->tz.offset_min * 60;
    return v >= 0 ? v / 86400 : (v - 86399) / 86400;
}

void fui_due(fui *f, int64_t due, char *buf, size_t cap, bool *late)
{
    const field_state *s = f->s;
    char date[FMT_CAP] = "", year[FMT_CAP] = "", time[FMT_CAP] = "";
    if (due <= 0) { /* the hub sent none */
        *late = false;
        snprintf(buf, cap, "%s", tr(f->L, "Tanpa batas waktu"));
        return;
    }
    fmt_time(due, &s->tz, f->L, time, sizeof time);
    int64_t d = local_day(f, due), today = local_day(f, f->now);
    *late = due <= f->now || d == today;
    if (due > f->now && d == today) {
        snprintf(buf, cap, tr(f->L, "Batas: hari ini, %s"), time);
        return;
    }
    if (due > f->now && d == today + 1) {
        snprintf(buf, cap, tr(f->L, "Batas: besok, %s"), time);
        return;
    }
    /* "Rabu, 8 Juli 2020" without the year when it is this year's. */
    fmt_date_long(due, &s->tz, f->L, date, sizeof date);
    fmt_date_long(f->now, &s->tz, f->L, year, sizeof year);
    size_t n = strlen(date), m = strlen(year);
    if (n > 5 && m > 5 && strcmp(date + n - 5, year + m - 5) == 0)
        date[n - 5] = '\0';
    snprintf(buf, cap, due <= f->now ? tr(f->L, "Lewat batas: %s, %s") : tr(f->L, "Batas: %s, %s"),
             date, time);
}

void fui_when(fui *f, int64_t t, char *buf, size_t cap)
{
    char time[FMT_CAP] = "", date[FMT_CAP] = "";
    fmt_time(t, &f->s->tz, f->L, time, sizeof time);
    if (local_day(f, t) == local_day(f, f->now)) {
        snprintf(buf, cap, "%s", time);
        return;
    }
    fmt_date_short(t, &f->s->tz, f->L, date, sizeof date);
    snprintf(buf, cap, "%s %s", date, time);
}

void fui_number(fui *f, double v, int decimals, char *buf, size_t cap)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(buf, cap, "%.*f", decimals, v);
    if (f->L != LANG_EN)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
}

void fui_bytes(fui *f, int64_t bytes, char *buf, size_t cap)
{
    if (bytes < 1000 * 1000) {
        snprintf(buf, cap, "%d KB", (int)((bytes + 999) / 1000));
        return;
    }
    char n[32];
    fui_number(f, (double)bytes / 1e6, 1, n, sizeof n);
    snprintf(buf, cap, "%s MB", n);
}

void fui_text_tail(fui *f, draw_rect r, const char *text, draw_size size, draw_weight w,
                   draw_color c, draw_align a)
{
    if (kit_text_width(&f->u, text, size, w) <= r.w) {
        draw_label(f->u.l, r, text, size, w, c, a);
        return;
    }
    char buf[300];
    for (const char *p = text + 1; *p; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        snprintf(buf, sizeof buf, "\xE2\x80\xA6%s", p);
        if (kit_text_width(&f->u, buf, size, w) <= r.w) {
            draw_label(f->u.l, r, buf, size, w, c, a);
            return;
        }
    }
}

fui_mark fui_mark_now(const fui *f)
{
    return (fui_mark){f->u.l->n_cmds, f->u.l->n_hits, f->u.l->arena_len};
}

void fui_rewind(fui *f, fui_mark k)
{
    f->u.l->n_cmds = k.cmds;
    f->u.l->n_hits = k.hits;
    f->u.l->arena_len = k.arena;
}

/* ---- the frame ---- */

void ui_field_build(const field_state *s, const ui_ctx *c, draw_list *l)
{
    ui_field_build_metrics(s, c, l, NULL);
}

void ui_field_build_metrics(const field_state *s, const ui_ctx *c, draw_list *l,
                            ui_field_metrics *m)
{
    fui f;
    memset(&f, 0, sizeof f);
    ui_ctx plain = *c;
    plain.high_contrast = false; /* the normal theme is the approver's */
    kit_init(&f.u, l, &plain, NULL);
    f.u.c = c;
    f.s = s;
    f.L = s->lang;
    f.sun = s->sun;
    if (f.sun)
        f.u.t = sun_theme;
    f.bw = f.sun ? FONT_BOLD : FONT_REGULAR;
    f.line = f.sun ? sun_theme.divider : (draw_color){0xA9, 0xB2, 0xBD, 0xFF};
    f.border = f.sun ? fd(&f, 3) : fd(&f, 2);
    if (f.border < 1)
        f.border = 1;
    f.now = field_app_wall(s);
    f.clip = (draw_rect){0, 0, c->w, c->h};
    draw_list_clear(l);
    draw_rect_fill(l, (draw_rect){0, 0, c->w, c->h}, f.u.t.bg, 0);
    switch (s->screen) {
    case FS_LIST:
        fui_list(&f);
        break;
    case FS_FORM:
        fui_form(&f);
        break;
    case FS_PICKER:
        fui_picker(&f);
        break;
    case FS_REPORTS:
        fui_reports(&f);
        break;
    }
    if (m)
        *m = f.m;
}

int64_t ui_field_next_change_ms(const field_state *s)
{
    int64_t off = s->wall_offset_s, wall = field_app_wall(s);
    int64_t next = ((wall / 60 + 1) * 60 - off) * 1000; /* the minute on the wall clock */
    if (s->toast[0] && s->toast_until_ms > s->now_ms && s->toast_until_ms < next)
        next = s->toast_until_ms;
    /* The location turns old by itself. */
    if (s->fix.valid && s->gps_max_age_s > 0) {
        int64_t at = s->fix.received_at;
        if (s->fix.fix_time && s->fix.fix_time < at)
            at = s->fix.fix_time;
        int64_t old_ms = (at + s->gps_max_age_s + 1 - off) * 1000;
        if (old_ms > s->now_ms && old_ms < next)
            next = old_ms;
    }
    return next > s->now_ms ? next : s->now_ms + 1000;
}
