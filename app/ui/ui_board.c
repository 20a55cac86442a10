/* ui_board: the lobby board. Laid out in dp on a 540 dp short side (ui_board_scale), so the
 * smallest text is 28 px on a 1080p panel: header (Aksara Bali over Latin name, date, clock),
 * a grid of service cards (status as colour + word + drawn icon, the ticket at its counter,
 * waiting, estimated wait, today's hours, tickets left), a footer (announcements ticker, data
 * age, offline marker, page dots), and the detail and admin overlays. The grid depends on the
 * window size and scale only, so the caller can page without building a frame. */
#include "ui_board.h"

#include <stdio.h>
#include <string.h>

/* Words with a fixed English twin, like fmt's day names: board_status order, ISO day order. */
static const char *const status_words[2][BOARD_STATUSES] = {
    {"Buka", "Tutup", "Kuota penuh", "Gangguan"},
    {"Open", "Closed", "Quota full", "Disrupted"},
};
static const char *const day_words[2][7] = {
    {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"},
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
};

#define LI(v) ((v)->lang == LANG_EN ? 1 : 0)

static const draw_color WHITE = {0xFF, 0xFF, 0xFF, 0xFF};
static const draw_color GOLD = {0xD9, 0xA4, 0x41, 0xFF};       /* Bali's prada gold, an accent */
static const draw_color HEADER = {0x0A, 0x33, 0x5C, 0xFF};     /* deep blue band */
static const draw_color HEADER_SUB = {0xC9, 0xDA, 0xEC, 0xFF}; /* secondary text on the band */
static const draw_color CLOSED = {0x4A, 0x53, 0x5E, 0xFF};
static const draw_color CLOSED_BG = {0xE6, 0xE9, 0xED, 0xFF};

/* ---- layout (window size and scale only) ---------------------------------------------------- */

typedef struct {
    bool portrait;
    int hdr_h, ftr_h, margin, gap;
    draw_rect grid;
    int cols, rows;
} board_layout;

static int px(const ui_ctx *c, float v)
{
    float p = v * c->scale;
    return (int)(p >= 0 ? p + 0.5f : p - 0.5f);
}

static void layout_of(const ui_ctx *c, board_layout *L)
{
    L->portrait = c->h > c->w;
    L->hdr_h = px(c, L->portrait ? 140 : 84);
    L->ftr_h = px(c, L->portrait ? 104 : 60);
    L->margin = px(c, 16);
    L->gap = px(c, 14);
    int top = L->hdr_h + L->gap, bottom = c->h - L->ftr_h - L->gap;
    L->grid = (draw_rect){L->margin, top, c->w - 2 * L->margin, bottom - top};
    /* Landscape: columns of upright cards; portrait: one column of wide rows. */
    if (L->portrait)
        board_grid(L->grid.w, L->grid.h, L->grid.w, px(c, 124), L->gap, &L->cols, &L->rows);
    else
        board_grid(L->grid.w, L->grid.h, px(c, 240), px(c, 176), L->gap, &L->cols, &L->rows);
}

float ui_board_scale(int w, int h)
{
    int s = w < h ? w : h;
    return s > 0 ? (float)s / 540.0f : 1.0f;
}

int ui_board_per_page(const ui_ctx *c)
{
    board_layout L;
    layout_of(c, &L);
    return L.cols * L.rows;
}

/* ---- small pieces ------------------------------------------------------------------------- */

typedef struct {
    draw_color fg, bg;
} look;

static look status_look(const ui *u, board_status s)
{
    switch (s) {
    case BOARD_BUKA:
        return (look){u->t.success, u->t.success_bg};
    case BOARD_KUOTA_PENUH:
        return (look){u->t.warning, u->t.warning_bg};
    case BOARD_GANGGUAN:
        return (look){u->t.danger, u->t.danger_bg};
    default:
        return (look){CLOSED, CLOSED_BG};
    }
}

/* The icon of a status, d px square: a disc in the status colour with a white mark (check, bar,
 * cross, exclamation), so the four differ by shape as well as colour. */
static void status_icon(ui *u, int x, int y, int d, board_status s, draw_color c, draw_color mark)
{
    draw_rect_fill(u->l, (draw_rect){x, y, d, d}, c, d / 2);
    int t = d / 7 > 2 ? d / 7 : 2;
    switch (s) {
    case BOARD_BUKA:
        draw_line(u->l, x + d * 27 / 100, y + d * 52 / 100, x + d * 43 / 100, y + d * 68 / 100,
                  mark, t);
        draw_line(u->l, x + d * 43 / 100, y + d * 68 / 100, x + d * 74 / 100, y + d * 33 / 100,
                  mark, t);
        break;
    case BOARD_TUTUP:
        draw_rect_fill(u->l, (draw_rect){x + d / 4, y + (d - t) / 2, d / 2, t}, mark, t / 2);
        break;
    case BOARD_KUOTA_PENUH:
        draw_line(u->l, x + d * 32 / 100, y + d * 32 / 100, x + d * 68 / 100, y + d * 68 / 100,
                  mark, t);
        draw_line(u->l, x + d * 68 / 100, y + d * 32 / 100, x + d * 32 / 100, y + d * 68 / 100,
                  mark, t);
        break;
    default:
        draw_rect_fill(u->l, (draw_rect){x + (d - t) / 2, y + d * 20 / 100, t, d * 38 / 100}, mark,
                       t / 2);
        draw_rect_fill(u->l, (draw_rect){x + (d - t) / 2, y + d * 66 / 100, t, t}, mark, t / 2);
        break;
    }
}

/* Icon + word on a tinted pill; returns its width. */
static int status_chip(ui *u, const board_view *v, int x, int y, int h, board_status s)
{
    look k = status_look(u, s);
    const char *word = status_words[LI(v)][(unsigned)s < BOARD_STATUSES ? s : BOARD_TUTUP];
    int d = h * 64 / 100, pad = dp(u, 8);
    int w = pad + d + dp(u, 8) + kit_text_width(u, word, TEXT_BODY, FONT_BOLD) + dp(u, 14);
    draw_rect_fill(u->l, (draw_rect){x, y, w, h}, k.bg, h / 2);
    status_icon(u, x + pad, y + (h - d) / 2, d, s, k.fg, WHITE);
    draw_label(u->l, (draw_rect){x + pad + d + dp(u, 8), y, w - pad - d - dp(u, 8), h}, word,
               TEXT_BODY, FONT_BOLD, k.fg, ALIGN_LEFT);
    return w;
}

/* A line of runs (label regular, figure bold, ...) at one size. */
typedef struct {
    const char *s;
    draw_weight w;
    draw_color c;
} run;

static int runs_width(ui *u, const run *r, int n, draw_size sz)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        w += kit_text_width(u, r[i].s, sz, r[i].w);
    return w;
}

static void runs_draw(ui *u, int x, int y, int h, int max_w, const run *r, int n, draw_size sz)
{
    int end = x + max_w;
    for (int i = 0; i < n && x < end; i++) {
        int w = kit_text_width(u, r[i].s, sz, r[i].w);
        kit_text(u, (draw_rect){x, y, w < end - x ? w : end - x, h}, r[i].s, sz, r[i].w, r[i].c,
                 ALIGN_LEFT);
        x += w;
    }
}

static void hhmm(const board_view *v, int min, char *out, size_t cap)
{
    unsigned m = min < 0 ? 0u : min > 1440 ? 1440u : (unsigned)min;
    snprintf(out, cap, "%02u%c%02u", (m / 60) % 100, v->lang == LANG_EN ? ':' : '.', m % 60);
}

/* "08.00–15.00" */
static void hours_span(const board_view *v, int open, int close, char *out, size_t cap)
{
    char a[8], b[8];
    hhmm(v, open, a, sizeof a);
    hhmm(v, close, b, sizeof b);
    snprintf(out, cap, "%s\xE2\x80\x93%s", a, b);
}

/* "± 45 menit", "± 1,5 jam" (rounded up to half hours), "Tanpa antre". */
static void wait_text(const board_view *v, int min, char *out, size_t cap)
{
    if (min <= 0) {
        snprintf(out, cap, "%s", tr(v->lang, "Tanpa antre"));
    } else if (min < 60) {
        snprintf(out, cap, tr(v->lang, "\xC2\xB1 %d menit"), min);
    } else {
        int halves = min > 100000 ? 200000 : (min + 29) / 30;
        if (halves % 2)
            snprintf(out, cap, tr(v->lang, "\xC2\xB1 %d,5 jam"), halves / 2);
        else
            snprintf(out, cap, tr(v->lang, "\xC2\xB1 %d jam"), halves / 2);
    }
}

static int64_t local_day(const board_view *v, int64_t t)
{
    int64_t l = t + (int64_t)v->tz.offset_min * 60;
    return l >= 0 ? l / 86400 : (l - 86399) / 86400;
}

/* "Hari ini 08.00–15.00" / "Tutup hari ini" / "Libur hari ini". */
static void today_text(const board_view *v, const board_service *s, char *out, size_t cap)
{
    int o, c;
    if (board_hours_today(s, v->now, &v->tz, &o, &c)) {
        char span[32];
        hours_span(v, o, c, span, sizeof span);
        snprintf(out, cap, tr(v->lang, "Hari ini %s"), span);
        return;
    }
    bool weekly = board_hours_of_day(s, board_iso_weekday(v->now, &v->tz), &o, &c);
    snprintf(out, cap, "%s",
             weekly ? tr(v->lang, "Libur hari ini") : tr(v->lang, "Tutup hari ini"));
}

/* ---- header --------------------------------------------------------------------------------- */

static void header(ui *u, const board_view *v, const board_layout *L, int ox, int oy)
{
    int w = u->c->w;
    draw_rect_fill(u->l, (draw_rect){0, 0, w, L->hdr_h + oy}, HEADER, 0);
    draw_rect_fill(u->l, (draw_rect){0, L->hdr_h + oy - dp(u, 3), w, dp(u, 3)}, GOLD, 0);
    const board_data *d = v->data;
    const char *latin = v->title && v->title[0] ? v->title : d->hall_name;
    const char *bali = v->title_bali && v->title_bali[0] ? v->title_bali : d->hall_name_bali;
    int x = L->margin + dp(u, 8) + ox, bali_h = dp(u, 40), latin_h = kit_line(u, TEXT_TITLE);

    char date[FMT_CAP], clock[FMT_CAP];
    tz_info bare = v->tz;
    bare.abbr[0] = '\0';
    if (!fmt_date_long(v->now, &v->tz, v->lang, date, sizeof date))
        date[0] = '\0';
    if (!fmt_time(v->now, &bare, v->lang, clock, sizeof clock))
        snprintf(clock, sizeof clock, "--.--");
    int zone_w = kit_text_width(u, v->tz.abbr, TEXT_TITLE, FONT_BOLD);
    int clock_w = kit_text_width(u, clock, TEXT_DISPLAY, FONT_BOLD);
    int right = w - L->margin - dp(u, 8) + ox;

    if (!L->portrait) {
        /* Left: Aksara Bali above the Latin name. Right: clock + zone, the date below. */
        int names_w = right - x - dp(u, 300);
        int y = oy + (L->hdr_h - dp(u, 3) - (bali[0] ? bali_h : 0) - latin_h) / 2;
        if (bali[0]) {
            kit_text(u, (draw_rect){x, y, names_w, bali_h}, bali, TEXT_TITLE, FONT_BALINESE, WHITE,
                     ALIGN_LEFT);
            y += bali_h;
        }
        kit_text(u, (draw_rect){x, y, names_w, latin_h}, latin, TEXT_TITLE, FONT_BOLD, WHITE,
                 ALIGN_LEFT);
        int ch = kit_line(u, TEXT_DISPLAY) - dp(u, 4), dh = kit_line(u, TEXT_BODY);
        int cy = oy + (L->hdr_h - dp(u, 3) - ch - dh) / 2;
        int zx = right - zone_w;
        draw_label(u->l, (draw_rect){zx - dp(u, 8) - clock_w, cy, clock_w, ch}, clock, TEXT_DISPLAY,
                   FONT_BOLD, WHITE, ALIGN_LEFT);
        draw_label(u->l, (draw_rect){zx, cy + dp(u, 4), zone_w, ch}, v->tz.abbr, TEXT_TITLE,
                   FONT_BOLD, GOLD, ALIGN_LEFT);
        kit_text(u, (draw_rect){right - dp(u, 300), cy + ch, dp(u, 300), dh}, date, TEXT_BODY,
                 FONT_REGULAR, HEADER_SUB, ALIGN_RIGHT);
        return;
    }
    /* Portrait: names centred on two lines, then the date (left) and clock (right). */
    int y = oy + dp(u, 10), cw = right - x;
    if (bali[0]) {
        kit_text(u, (draw_rect){x, y, cw, bali_h}, bali, TEXT_TITLE, FONT_BALINESE, WHITE,
                 ALIGN_CENTER);
        y += bali_h;
    }
    kit_text(u, (draw_rect){x, y, cw, latin_h}, latin, TEXT_TITLE, FONT_BOLD, WHITE, ALIGN_CENTER);
    y += latin_h + dp(u, 6);
    draw_rect_fill(u->l, (draw_rect){x, y, cw, 1}, (draw_color){0x2A, 0x55, 0x80, 0xFF}, 0);
    int rh = oy + L->hdr_h - dp(u, 3) - y;
    kit_text(u, (draw_rect){x, y, cw - clock_w - zone_w - dp(u, 24), rh}, date, TEXT_BODY,
             FONT_REGULAR, HEADER_SUB, ALIGN_LEFT);
    int zx = right - zone_w;
    draw_label(u->l, (draw_rect){zx - dp(u, 8) - clock_w, y, clock_w, rh}, clock, TEXT_DISPLAY,
               FONT_BOLD, WHITE, ALIGN_LEFT);
    draw_label(u->l, (draw_rect){zx, y + dp(u, 4), zone_w, rh}, v->tz.abbr, TEXT_TITLE, FONT_BOLD,
               GOLD, ALIGN_LEFT);
}

/* ---- a service card ------------------------------------------------------------------------- */

/* An arrow from the ticket to its counter, drawn (no font has to carry it). */
static void arrow(ui *u, int x, int cy, int len, draw_color c)
{
    int t = dp(u, 3), hd = dp(u, 7);
    draw_line(u->l, x, cy, x + len - t, cy, c, t);
    draw_line(u->l, x + len - hd - t / 2, cy - hd, x + len - t / 2, cy, c, t);
    draw_line(u->l, x + len - hd - t / 2, cy + hd, x + len - t / 2, cy, c, t);
}

/* The ticket at its counter: A-022 -> Loket 1 (the card's picture, larger); returns height. */
static int serving_line(ui *u, const board_view *v, const board_service *s, int x, int y, int w)
{
    int ld = kit_line(u, TEXT_DISPLAY);
    if (!s->now_serving[0]) {
        kit_text(u, (draw_rect){x, y, w, ld}, tr(v->lang, "Belum ada nomor dipanggil"), TEXT_BODY,
                 FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
        return ld;
    }
    int tw = kit_text_width(u, s->now_serving, TEXT_DISPLAY, FONT_BOLD);
    if (tw > w * 55 / 100)
        tw = w * 55 / 100;
    kit_text(u, (draw_rect){x, y, tw, ld}, s->now_serving, TEXT_DISPLAY, FONT_BOLD, u->t.text,
             ALIGN_LEFT);
    int ax = x + tw + dp(u, 10), al = dp(u, 26);
    arrow(u, ax, y + ld / 2 + dp(u, 1), al, u->t.primary);
    kit_text(u, (draw_rect){ax + al + dp(u, 10), y, x + w - ax - al - dp(u, 10), ld}, s->counter,
             TEXT_TITLE, FONT_BOLD, u->t.primary, ALIGN_LEFT);
    return ld;
}

/* A wide row (portrait): the name on top; the ticket at its counter with the status at the
 * right; waiting and estimate, then today's hours and tickets left, along the bottom. */
static void card_wide(ui *u, const board_view *v, const board_service *s, draw_rect r)
{
    int pad = dp(u, 22), x = r.x + pad, w = r.w - 2 * pad, y = r.y + dp(u, 10);
    int lb = kit_line(u, TEXT_BODY), ls = kit_line(u, TEXT_SMALL), ld = kit_line(u, TEXT_DISPLAY);
    kit_text(u, (draw_rect){x, y, w, lb}, s->name[0] ? s->name : "\xE2\x80\x94", TEXT_BODY,
             FONT_BOLD, u->t.text, ALIGN_LEFT);
    y += lb + dp(u, 2);
    if (!s->valid) {
        kit_wrap(u, x, y, w, tr(v->lang, "Data layanan ini tidak dapat ditampilkan."), TEXT_SMALL,
                 FONT_REGULAR, u->t.text_muted, 2, false);
        return;
    }
    int sh = dp(u, 34);
    const char *word = status_words[LI(v)][s->status];
    int cw = dp(u, 8) + sh * 64 / 100 + dp(u, 22) + kit_text_width(u, word, TEXT_BODY, FONT_BOLD);
    status_chip(u, v, x + w - cw, y + (ld - sh) / 2, sh, s->status);
    serving_line(u, v, s, x, y, w - cw - dp(u, 16));
    y += ld + dp(u, 2);
    char n_wait[16], est[48], left[32], today[64];
    snprintf(n_wait, sizeof n_wait, "%d", s->waiting);
    wait_text(v, s->est_wait_min, est, sizeof est);
    snprintf(left, sizeof left, "%d", s->quota_remaining);
    today_text(v, s, today, sizeof today);
    run a[5] = {{tr(v->lang, "Menunggu"), FONT_REGULAR, u->t.text_muted},
                {" ", FONT_REGULAR, u->t.text_muted},
                {n_wait, FONT_BOLD, u->t.text},
                {" \xC2\xB7 ", FONT_REGULAR, u->t.text_muted},
                {est, FONT_BOLD, u->t.text}};
    run b[5] = {{today, FONT_REGULAR, u->t.text_muted},
                {" \xC2\xB7 ", FONT_REGULAR, u->t.text_muted},
                {tr(v->lang, "Sisa"), FONT_REGULAR, u->t.text_muted},
                {" ", FONT_REGULAR, u->t.text_muted},
                {left, FONT_BOLD, s->quota_remaining == 0 ? u->t.warning : u->t.text}};
    int bw = runs_width(u, b, 5, TEXT_SMALL);
    runs_draw(u, x, y, ls, w - bw - dp(u, 16), a, 5, TEXT_SMALL);
    runs_draw(u, x + w - bw, y, ls, bw, b, 5, TEXT_SMALL);
}

static void card(ui *u, const board_view *v, draw_rect r, int index)
{
    const board_service *s = &v->data->services[index];
    char id[96];
    snprintf(id, sizeof id, "service-%s", s->id[0] ? s->id : "invalid");
    bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
    draw_shadow(u->l, r, dp(u, 12), dp(u, 4));
    draw_rect_fill(u->l, r, pressed ? u->t.surface_alt : u->t.surface, dp(u, 12));
    look k = status_look(u, s->valid ? s->status : BOARD_TUTUP);
    draw_rect_fill(u->l, (draw_rect){r.x, r.y + dp(u, 12), dp(u, 6), r.h - dp(u, 24)}, k.fg,
                   dp(u, 3));
    draw_hit_add(u->l, r, id, s->name, BOARD_ACT_SERVICE, index);
    if (r.w >= dp(u, 440)) {
        card_wide(u, v, s, r);
        return;
    }
    int pad = dp(u, 18), x = r.x + pad, w = r.w - 2 * pad, y = r.y + dp(u, 12);
    int lb = kit_line(u, TEXT_BODY), ls = kit_line(u, TEXT_SMALL), ld = kit_line(u, TEXT_DISPLAY);
    kit_wrap(u, x, y, w, s->name[0] ? s->name : "\xE2\x80\x94", TEXT_BODY, FONT_BOLD, u->t.text, 2,
             false);
    y += 2 * lb + dp(u, 6);
    if (!s->valid) {
        kit_wrap(u, x, y, w, tr(v->lang, "Data layanan ini tidak dapat ditampilkan."), TEXT_SMALL,
                 FONT_REGULAR, u->t.text_muted, 2, false);
        return;
    }
    /* Status chip, today's hours at the right. */
    int sh = dp(u, 32);
    int cw = status_chip(u, v, x, y, sh, s->status);
    char today[64];
    int tw_room = w - cw - dp(u, 8), o, c;
    today_text(v, s, today, sizeof today);
    if (kit_text_width(u, today, TEXT_SMALL, FONT_REGULAR) > tw_room &&
        board_hours_today(s, v->now, &v->tz, &o, &c)) /* the hours alone say it */
        hours_span(v, o, c, today, sizeof today);
    kit_text(u, (draw_rect){x + cw + dp(u, 8), y, tw_room, sh}, today, TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_RIGHT);
    y += sh + dp(u, 6);
    /* The ticket at a counter: A-022 → Loket 1. */
    serving_line(u, v, s, x, y, w);
    y += ld + dp(u, 4);
    /* Waiting, estimated wait, tickets left. */
    char n_wait[16], est[48], left[32];
    snprintf(n_wait, sizeof n_wait, "%d", s->waiting);
    wait_text(v, s->est_wait_min, est, sizeof est);
    snprintf(left, sizeof left, "%d", s->quota_remaining);
    int room = r.y + r.h - dp(u, 10) - y;
    if (room >= ls + lb + dp(u, 8)) { /* tall card: three captioned figures */
        const char *cap[3] = {tr(v->lang, "Menunggu"), tr(v->lang, "Perkiraan tunggu"),
                              tr(v->lang, "Sisa kuota")};
        const char *val[3] = {n_wait, est, left};
        int col = w / 3;
        for (int i = 0; i < 3; i++) {
            kit_text(u, (draw_rect){x + i * col, y, col - dp(u, 6), ls}, cap[i], TEXT_SMALL,
                     FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
            kit_text(u, (draw_rect){x + i * col, y + ls, col - dp(u, 6), lb}, val[i], TEXT_BODY,
                     FONT_BOLD, i == 2 && s->quota_remaining == 0 ? u->t.warning : u->t.text,
                     ALIGN_LEFT);
        }
        y += ls + lb + dp(u, 8);
        room = r.y + r.h - dp(u, 12) - y;
        if (room >= ls && s->status != BOARD_BUKA)
            kit_wrap(u, x, y, w, s->status_message, TEXT_SMALL, FONT_REGULAR, k.fg, room / ls,
                     false);
        return;
    }
    /* Compact: "Menunggu 24 · ± 1,5 jam" and "Sisa 49" at the right. */
    run a[5] = {{tr(v->lang, "Menunggu"), FONT_REGULAR, u->t.text_muted},
                {" ", FONT_REGULAR, u->t.text_muted},
                {n_wait, FONT_BOLD, u->t.text},
                {" \xC2\xB7 ", FONT_REGULAR, u->t.text_muted},
                {est, FONT_BOLD, u->t.text}};
    run b[3] = {{tr(v->lang, "Sisa"), FONT_REGULAR, u->t.text_muted},
                {" ", FONT_REGULAR, u->t.text_muted},
                {left, FONT_BOLD, s->quota_remaining == 0 ? u->t.warning : u->t.text}};
    int bw = runs_width(u, b, 3, TEXT_SMALL);
    runs_draw(u, x, y, ls, w - bw - dp(u, 12), a, 5, TEXT_SMALL);
    runs_draw(u, x + w - bw, y, ls, bw, b, 3, TEXT_SMALL);
}

/* ---- footer --------------------------------------------------------------------------------- */

/* The segment of text (from byte `from`) that fits in w px, cut at a space when it can;
 * returns its length in bytes (at least one character). */
static size_t fit_words(ui *u, const char *text, size_t from, int w)
{
    char buf[BOARD_TEXT_CAP];
    size_t n = strlen(text + from), best = 0;
    for (size_t k = 1; k <= n && k < sizeof buf; k++) {
        unsigned char c = (unsigned char)text[from + k];
        if (k < n && c != ' ' && (c & 0xC0) == 0x80)
            continue; /* inside a character */
        if (k < n && c != ' ')
            continue; /* only after whole words (or at the end) */
        memcpy(buf, text + from, k);
        buf[k] = '\0';
        if (kit_text_width(u, buf, TEXT_BODY, FONT_REGULAR) > w)
            break;
        best = k;
    }
    if (best == 0) { /* one word wider than the line: its first character at least */
        best = 1;
        while (best < n && ((unsigned char)text[from + best] & 0xC0) == 0x80)
            best++;
    }
    return best;
}

/* The announcements in force, one at a time and still (calm to read from across the hall, and
 * the screen needs no frames in between): each shows for BOARD_ANN_MS; one longer than the line
 * shows in parts cut between words, "…" marking that it goes on. */
static void ticker(ui *u, const board_view *v, draw_rect area)
{
    int idx[BOARD_ANN_MAX];
    int n = board_ann_active(v->data, v->now, idx, BOARD_ANN_MAX);
    if (n == 0) {
        kit_text(u, area, v->data->hall_address, TEXT_SMALL, FONT_REGULAR, u->t.text_muted,
                 ALIGN_LEFT);
        return;
    }
    const char *tag = tr(v->lang, "Penting");
    int tag_w = kit_text_width(u, tag, TEXT_SMALL, FONT_BOLD) + dp(u, 20);
    int ell = kit_text_width(u, "\xE2\x80\xA6", TEXT_BODY, FONT_REGULAR);
    /* Every (announcement, part) in turn: count the parts, then pick by the clock. */
    int parts[BOARD_ANN_MAX], total = 0;
    for (int i = 0; i < n; i++) {
        const board_announcement *a = &v->data->ann[idx[i]];
        int w = area.w - (a->priority == BOARD_ANN_PENTING ? tag_w + dp(u, 12) : 0) - 2 * ell;
        size_t len = strlen(a->text), at = 0;
        parts[i] = 0;
        while (at < len && parts[i] < 8) {
            at += fit_words(u, a->text, at, w);
            while (a->text[at] == ' ')
                at++;
            parts[i]++;
        }
        total += parts[i] > 0 ? parts[i] : 1;
    }
    int64_t slot = (v->now_ms / BOARD_ANN_MS) % total;
    int i = 0;
    while (slot >= (parts[i] > 0 ? parts[i] : 1)) {
        slot -= parts[i] > 0 ? parts[i] : 1;
        i++;
    }
    const board_announcement *a = &v->data->ann[idx[i]];
    int x = area.x;
    if (a->priority == BOARD_ANN_PENTING) {
        draw_rect pr = {x, area.y + (area.h - dp(u, 30)) / 2, tag_w, dp(u, 30)};
        draw_rect_fill(u->l, pr, u->t.danger, dp(u, 15));
        draw_label(u->l, pr, tag, TEXT_SMALL, FONT_BOLD, WHITE, ALIGN_CENTER);
        x += tag_w + dp(u, 12);
    }
    int w = area.x + area.w - x - 2 * ell;
    size_t at = 0, len = 0;
    for (int k = 0; k <= slot; k++) {
        at += len;
        while (a->text[at] == ' ')
            at++;
        len = fit_words(u, a->text, at, w);
    }
    char line[BOARD_TEXT_CAP + 8];
    size_t end = at + len;
    while (end > at && a->text[end - 1] == ' ')
        end--;
    snprintf(line, sizeof line, "%s%.*s%s", slot > 0 ? "\xE2\x80\xA6" : "", (int)(end - at),
             a->text + at, at + len < strlen(a->text) ? "\xE2\x80\xA6" : "");
    draw_label(u->l, (draw_rect){x, area.y, area.x + area.w - x, area.h}, line, TEXT_BODY,
               FONT_REGULAR, u->t.text, ALIGN_LEFT);
}

/* "Diperbarui 09.42 WITA", coloured by freshness; returns the width used (from the right). */
static int freshness(ui *u, const board_view *v, int right, int y, int h)
{
    char when[2 * FMT_CAP], text[3 * FMT_CAP];
    if (v->fresh == BOARD_FRESH_NONE || v->synced_at <= 0) {
        snprintf(text, sizeof text, "%s", tr(v->lang, "Menunggu data dari server\xE2\x80\xA6"));
    } else {
        char t[FMT_CAP], dte[FMT_CAP];
        if (!fmt_time(v->synced_at, &v->tz, v->lang, t, sizeof t))
            t[0] = '\0';
        if (local_day(v, v->synced_at) != local_day(v, v->now) &&
            fmt_date_short(v->synced_at, &v->tz, v->lang, dte, sizeof dte))
            snprintf(when, sizeof when, "%s %s", dte, t);
        else
            snprintf(when, sizeof when, "%s", t);
        if (v->fresh == BOARD_RED)
            snprintf(text, sizeof text,
                     tr(v->lang, "Data mungkin tidak terbaru \xC2\xB7 Diperbarui %s"), when);
        else
            snprintf(text, sizeof text, tr(v->lang, "Diperbarui %s"), when);
    }
    draw_color fg = u->t.text_muted, bg = {0, 0, 0, 0}, icon = u->t.success;
    draw_weight wt = FONT_REGULAR;
    board_status shape = BOARD_BUKA;
    if (v->fresh == BOARD_AMBER) {
        fg = u->t.warning, bg = u->t.warning_bg, icon = (draw_color){0xC7, 0x86, 0x00, 0xFF};
        wt = FONT_BOLD, shape = BOARD_GANGGUAN;
    } else if (v->fresh == BOARD_RED) {
        fg = WHITE, bg = u->t.danger, icon = WHITE, wt = FONT_BOLD, shape = BOARD_GANGGUAN;
    } else if (v->fresh == BOARD_FRESH_NONE) {
        icon = u->t.text_muted, shape = BOARD_TUTUP;
    }
    int d = dp(u, 24), pad = dp(u, 12);
    int w = pad + d + dp(u, 10) + kit_text_width(u, text, TEXT_SMALL, wt) + pad;
    draw_rect r = {right - w, y, w, h};
    if (bg.a)
        draw_rect_fill(u->l, r, bg, h / 2);
    status_icon(u, r.x + pad, y + (h - d) / 2, d, shape, icon,
                v->fresh == BOARD_RED ? u->t.danger : WHITE);
    draw_label(u->l, (draw_rect){r.x + pad + d + dp(u, 10), y, w - 2 * pad - d - dp(u, 10), h},
               text, TEXT_SMALL, wt, fg, ALIGN_LEFT);
    return w;
}

static int offline_width(ui *u, const board_view *v)
{
    return dp(u, 12 + 22 + 10 + 12) +
           kit_text_width(u, tr(v->lang, "Tidak terhubung"), TEXT_SMALL, FONT_BOLD);
}

/* "Tidak terhubung" with a struck-through disc, ending at `right`; returns its width. */
static int offline_chip(ui *u, const board_view *v, int right, int y, int h)
{
    const char *word = tr(v->lang, "Tidak terhubung");
    int d = dp(u, 22), pad = dp(u, 12);
    int w = offline_width(u, v);
    draw_rect r = {right - w, y, w, h};
    draw_rect_fill(u->l, r, CLOSED, h / 2);
    int ix = r.x + pad, iy = y + (h - d) / 2, t = dp(u, 3);
    draw_frame(u->l, (draw_rect){ix, iy, d, d}, WHITE, d / 2, t);
    draw_line(u->l, ix + d / 5, iy + d - d / 5, ix + d - d / 5, iy + d / 5, WHITE, t);
    draw_label(u->l, (draw_rect){ix + d + dp(u, 10), y, w - 2 * pad - d - dp(u, 10), h}, word,
               TEXT_SMALL, FONT_BOLD, WHITE, ALIGN_LEFT);
    return w;
}

/* Page dots, centred on cx; returns their width. */
static int page_dots(ui *u, int cx, int cy, int page, int n)
{
    if (n <= 1)
        return 0;
    int d = dp(u, 12), step = dp(u, 22), w = (n - 1) * step + d;
    for (int i = 0; i < n && i < 16; i++) {
        int x = cx - w / 2 + i * step;
        draw_color c = i == page ? u->t.primary : u->t.divider;
        draw_rect_fill(u->l, (draw_rect){x, cy - d / 2, d, d}, c, d / 2);
    }
    return w;
}

static void footer(ui *u, const board_view *v, const board_layout *L, int ox, int oy, int page,
                   int pages)
{
    int w = u->c->w, top = u->c->h - L->ftr_h + oy;
    draw_rect_fill(u->l, (draw_rect){0, top, w, u->c->h - top}, u->t.surface, 0);
    draw_rect_fill(u->l, (draw_rect){0, top, w, 1}, u->t.divider, 0);
    int x = L->margin + dp(u, 8) + ox, right = w - L->margin - dp(u, 8) + ox;
    int ch = dp(u, 40);
    if (L->portrait) { /* the ticker (after the offline marker) above the data's age */
        int row = dp(u, 52), tx = x;
        if (v->offline) {
            int ow = offline_width(u, v);
            offline_chip(u, v, x + ow, top + dp(u, 6) + (row - dp(u, 6) - ch) / 2, ch);
            tx += ow + dp(u, 16);
        }
        ticker(u, v, (draw_rect){tx, top + dp(u, 6), right - tx, row - dp(u, 6)});
        int y = top + row + (L->ftr_h - row - ch) / 2 - dp(u, 4);
        draw_rect_fill(u->l, (draw_rect){x, top + row, right - x, 1}, u->t.divider, 0);
        int fw = freshness(u, v, right, y, ch);
        if (right - fw - x >= (pages - 1) * dp(u, 22) + dp(u, 12) + dp(u, 32))
            page_dots(u, x + (right - fw - x) / 2, y + ch / 2, page, pages);
        return;
    }
    int y = top + (L->ftr_h - ch) / 2;
    int fw = freshness(u, v, right, y, ch);
    int end = right - fw - dp(u, 16);
    if (v->offline)
        end -= offline_chip(u, v, end, y, ch) + dp(u, 16);
    if (pages > 1) {
        int dw = (pages - 1) * dp(u, 22) + dp(u, 12);
        page_dots(u, end - dw / 2, y + ch / 2, page, pages);
        end -= dw + dp(u, 24);
    }
    ticker(u, v, (draw_rect){x, top + dp(u, 4), end - x, L->ftr_h - dp(u, 8)});
}

/* ---- overlays ------------------------------------------------------------------------------- */

/* Dims the board above the footer (the ticker and the data's age stay readable; L NULL: all of
 * it) and catches every tap outside the overlay, so none reaches a card underneath. */
static void dim(ui *u, const board_layout *L, int oy, int action)
{
    draw_layer_at(u->l, u->l->n_cmds);
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, L ? u->c->h - L->ftr_h + oy : u->c->h},
                   (draw_color){0x06, 0x12, 0x20, 0xB8}, 0);
    draw_hit_add(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, "overlay-outside", "", action, 0);
}

/* A caption over a value, in a column; returns the height used. */
static int figure(ui *u, int x, int y, int w, const char *caption, const char *value,
                  draw_size vsize)
{
    int ls = kit_line(u, TEXT_SMALL), lv = kit_line(u, vsize);
    kit_text(u, (draw_rect){x, y, w, ls}, caption, TEXT_SMALL, FONT_REGULAR, u->t.text_muted,
             ALIGN_LEFT);
    kit_text(u, (draw_rect){x, y + ls, w, lv}, value, vsize, FONT_BOLD, u->t.text, ALIGN_LEFT);
    return ls + lv;
}

/* The week's hours, today's row marked; returns the height used. */
static int week(ui *u, const board_view *v, const board_service *s, int x, int y, int w)
{
    int ls = kit_line(u, TEXT_SMALL), row = ls + dp(u, 4), y0 = y;
    kit_text(u, (draw_rect){x, y, w, kit_line(u, TEXT_BODY)}, tr(v->lang, "Jam layanan"), TEXT_BODY,
             FONT_BOLD, u->t.text, ALIGN_LEFT);
    y += kit_line(u, TEXT_BODY) + dp(u, 4);
    int today = board_iso_weekday(v->now, &v->tz), o, c;
    bool open_today = board_hours_today(s, v->now, &v->tz, &o, &c);
    for (int day = 1; day <= 7; day++) {
        char span[48];
        bool is_today = day == today;
        if (is_today && !open_today && board_hours_of_day(s, day, &o, &c))
            snprintf(span, sizeof span, "%s", tr(v->lang, "Libur hari ini"));
        else if (board_hours_of_day(s, day, &o, &c))
            hours_span(v, o, c, span, sizeof span);
        else
            snprintf(span, sizeof span, "%s", status_words[LI(v)][BOARD_TUTUP]);
        if (is_today)
            draw_rect_fill(u->l, (draw_rect){x - dp(u, 8), y, w + dp(u, 16), row}, u->t.info_bg,
                           dp(u, 6));
        draw_weight wt = is_today ? FONT_BOLD : FONT_REGULAR;
        kit_text(u, (draw_rect){x, y, w / 2, row}, day_words[LI(v)][day - 1], TEXT_SMALL, wt,
                 u->t.text, ALIGN_LEFT);
        kit_text(u, (draw_rect){x + w / 2, y, w - w / 2, row}, span, TEXT_SMALL, wt,
                 board_hours_of_day(s, day, &o, &c) ? u->t.text : u->t.text_muted, ALIGN_RIGHT);
        y += row;
    }
    return y - y0;
}

/* Now serving, then waiting / estimate / tickets left / served in a 2 x 2 grid; returns height. */
static int figures(ui *u, const board_view *v, const board_service *s, int x, int y, int w)
{
    int y0 = y, ls = kit_line(u, TEXT_SMALL);
    char counts[16], est[48], quota[48], served[16];
    snprintf(counts, sizeof counts, "%d", s->waiting);
    wait_text(v, s->est_wait_min, est, sizeof est);
    snprintf(quota, sizeof quota, tr(v->lang, "%d dari %d"), s->quota_remaining, s->quota_daily);
    snprintf(served, sizeof served, "%d", s->served_today);
    kit_text(u, (draw_rect){x, y, w, ls}, tr(v->lang, "Sedang dilayani"), TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_LEFT);
    y += ls;
    y += serving_line(u, v, s, x, y, w) + dp(u, 10);
    int half = w / 2;
    figure(u, x, y, half - dp(u, 8), tr(v->lang, "Menunggu"), counts, TEXT_TITLE);
    y += figure(u, x + half, y, w - half, tr(v->lang, "Perkiraan tunggu"), est, TEXT_TITLE) +
         dp(u, 10);
    figure(u, x, y, half - dp(u, 8), tr(v->lang, "Sisa kuota"), quota, TEXT_TITLE);
    y += figure(u, x + half, y, w - half, tr(v->lang, "Dilayani hari ini"), served, TEXT_TITLE);
    return y - y0;
}

/* The requirements as a bulleted list down to `bottom`; returns height. */
static int requirements(ui *u, const board_view *v, const board_service *s, int x, int y, int w,
                        int bottom)
{
    int y0 = y, lb = kit_line(u, TEXT_BODY), ls = kit_line(u, TEXT_SMALL);
    if (s->n_requirements <= 0 || y + lb + ls > bottom)
        return 0;
    kit_text(u, (draw_rect){x, y, w, lb}, tr(v->lang, "Persyaratan"), TEXT_BODY, FONT_BOLD,
             u->t.text, ALIGN_LEFT);
    y += lb + dp(u, 4);
    for (int i = 0; i < s->n_requirements && y + ls <= bottom; i++) {
        int d = dp(u, 8), lines = (bottom - y) / ls;
        draw_rect_fill(u->l, (draw_rect){x + dp(u, 4), y + (ls - d) / 2, d, d}, u->t.primary,
                       d / 2);
        y += kit_wrap(u, x + dp(u, 22), y, w - dp(u, 22), s->requirements[i], TEXT_SMALL,
                      FONT_REGULAR, u->t.text, lines < 3 ? lines : 3, false) +
             dp(u, 4);
    }
    return y - y0;
}

static void detail(ui *u, const board_view *v, const board_layout *L)
{
    const board_service *s = &v->data->services[v->detail];
    int oy = v->shift_dy;
    dim(u, L, oy, BOARD_ACT_DETAIL_CLOSE);
    /* Between the top and the footer, which stays visible. */
    int m = dp(u, 16), avail = u->c->h - L->ftr_h + oy - 2 * m;
    int cw = L->portrait ? u->c->w - 2 * m : dp(u, 920);
    draw_rect r = {(u->c->w - cw) / 2, m, cw, avail};
    kit_card(u, r);
    draw_hit_add(u->l, r, "detail", "", ACT_NONE, 0); /* a tap on the card does not close it */
    int pad = dp(u, 28), x = r.x + pad, w = r.w - 2 * pad, y = r.y + dp(u, 22);
    int ls = kit_line(u, TEXT_SMALL);
    look k = status_look(u, s->valid ? s->status : BOARD_TUTUP);
    /* Title and status; the agency; the status message on the status colour. */
    int chip_w = 0;
    if (s->valid) {
        const char *word = status_words[LI(v)][s->status];
        int sh = dp(u, 34);
        chip_w =
            dp(u, 8) + sh * 64 / 100 + dp(u, 22) + kit_text_width(u, word, TEXT_BODY, FONT_BOLD);
        status_chip(u, v, x + w - chip_w, y, sh, s->status);
    }
    y += kit_wrap(u, x, y, w - chip_w - dp(u, 16), s->name[0] ? s->name : "\xE2\x80\x94",
                  TEXT_TITLE, FONT_BOLD, u->t.text, 2, false);
    int bottom = r.y + r.h - dp(u, 100);
    if (s->valid) {
        kit_text(u, (draw_rect){x, y, w, ls}, s->agency, TEXT_SMALL, FONT_REGULAR, u->t.text_muted,
                 ALIGN_LEFT);
        y += ls + dp(u, 12);
        int mh = kit_wrap(u, x + dp(u, 16), y, w - dp(u, 32), s->status_message, TEXT_SMALL,
                          FONT_REGULAR, u->t.text, 3, true);
        draw_rect_fill(u->l, (draw_rect){x, y, w, mh + dp(u, 16)}, k.bg, dp(u, 8));
        draw_rect_fill(u->l, (draw_rect){x, y, dp(u, 6), mh + dp(u, 16)}, k.fg, dp(u, 3));
        kit_wrap(u, x + dp(u, 16), y + dp(u, 8), w - dp(u, 32), s->status_message, TEXT_SMALL,
                 FONT_REGULAR, u->t.text, 3, false);
        y += mh + dp(u, 16) + dp(u, 20);
        if (L->portrait) { /* stacked: figures, the week, requirements */
            y += figures(u, v, s, x, y, w) + dp(u, 20);
            y += week(u, v, s, x + dp(u, 8), y, w - dp(u, 16)) + dp(u, 20);
            requirements(u, v, s, x, y, w, bottom);
        } else { /* the week | figures | requirements (when there are any) */
            int gap = dp(u, 32), cols = s->n_requirements > 0 ? 3 : 2;
            int ww = dp(u, 250), fw = cols == 3 ? dp(u, 300) : w - ww - gap;
            week(u, v, s, x + dp(u, 8), y, ww - dp(u, 16));
            figures(u, v, s, x + ww + gap, y, fw);
            if (cols == 3)
                requirements(u, v, s, x + ww + fw + 2 * gap, y, w - ww - fw - 2 * gap, bottom);
        }
    } else {
        y += dp(u, 12);
        kit_wrap(u, x, y, w, tr(v->lang, "Data layanan ini tidak dapat ditampilkan."), TEXT_BODY,
                 FONT_REGULAR, u->t.text_muted, 2, false);
    }
    /* Bottom: the countdown and the way back. */
    int bh = dp(u, 56), bw = dp(u, 220), by = r.y + r.h - dp(u, 20) - bh;
    draw_rect_fill(u->l, (draw_rect){r.x, by - dp(u, 14), r.w, 1}, u->t.divider, 0);
    char left[96];
    snprintf(left, sizeof left, tr(v->lang, "Kembali otomatis dalam %d detik"),
             v->detail_left_s > 0 ? v->detail_left_s : 0);
    kit_text(u, (draw_rect){x, by, w - bw - dp(u, 16), bh}, left, TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_LEFT);
    kit_button(u, (draw_rect){x + w - bw, by, bw, bh}, "detail-back", tr(v->lang, "Kembali"),
               BTN_PRIMARY, BOARD_ACT_DETAIL_CLOSE, 0);
}

static void admin(ui *u, const board_view *v, const board_layout *L)
{
    dim(u, NULL, 0, ACT_NONE); /* staff only: the whole board recedes */
    int cw = L->portrait ? u->c->w - 2 * dp(u, 32) : dp(u, 600);
    int lb = kit_line(u, TEXT_BODY), ls = kit_line(u, TEXT_SMALL);
    int info_lines = 0;
    if (v->admin_info && v->device_info)
        for (const char *p = v->device_info; *p; p++)
            info_lines += *p == '\n';
    if (v->admin_info && v->device_info && v->device_info[0])
        info_lines++;
    if (info_lines > 8)
        info_lines = 8;
    int bh = dp(u, 56), gap = dp(u, 12);
    int chh = dp(u, 24) + lb + dp(u, 4) + ls + dp(u, 20) + 4 * bh + 3 * gap + dp(u, 28) +
              (info_lines ? info_lines * ls + dp(u, 36) : 0);
    draw_rect r = {(u->c->w - cw) / 2, (u->c->h - chh) / 2, cw, chh};
    kit_card(u, r);
    int pad = dp(u, 28), x = r.x + pad, w = r.w - 2 * pad, y = r.y + dp(u, 24);
    kit_text(u, (draw_rect){x, y, w, lb}, tr(v->lang, "Admin papan layanan"), TEXT_BODY, FONT_BOLD,
             u->t.text, ALIGN_LEFT);
    y += lb + dp(u, 4);
    kit_text(u, (draw_rect){x, y, w, ls}, v->title && v->title[0] ? v->title : v->data->hall_name,
             TEXT_SMALL, FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
    y += ls + dp(u, 20);
    if (info_lines) {
        draw_rect box = {x, y, w, info_lines * ls + dp(u, 20)};
        draw_rect_fill(u->l, box, u->t.surface_alt, dp(u, 8));
        const char *p = v->device_info;
        for (int i = 0; i < info_lines && *p; i++) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char line[160];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1),
                     p);
            kit_text(u, (draw_rect){x + dp(u, 16), y + dp(u, 10) + i * ls, w - dp(u, 32), ls}, line,
                     TEXT_SMALL, FONT_REGULAR, u->t.text, ALIGN_LEFT);
            p += n + (e ? 1 : 0);
        }
        y += box.h + dp(u, 16);
    }
    kit_button(u, (draw_rect){x, y, w, bh}, "admin-refresh", tr(v->lang, "Muat ulang data"),
               BTN_PRIMARY, BOARD_ACT_ADMIN_REFRESH, 0);
    y += bh + gap;
    kit_button(u, (draw_rect){x, y, w, bh}, "admin-info",
               v->admin_info ? tr(v->lang, "Sembunyikan info perangkat")
                             : tr(v->lang, "Info perangkat"),
               BTN_SECONDARY, BOARD_ACT_ADMIN_INFO, 0);
    y += bh + gap;
    kit_button(u, (draw_rect){x, y, w, bh}, "admin-exit", tr(v->lang, "Keluar dari aplikasi"),
               BTN_DANGER, BOARD_ACT_ADMIN_EXIT, 0);
    y += bh + gap;
    kit_button(u, (draw_rect){x, y, w, bh}, "admin-close", tr(v->lang, "Kembali ke papan"),
               BTN_QUIET, BOARD_ACT_ADMIN_CLOSE, 0);
}

/* ---- the screen ----------------------------------------------------------------------------- */

void ui_board(ui *u, const board_view *v)
{
    board_layout L;
    layout_of(u->c, &L);
    const board_data *d = v->data;
    int ox = v->shift_dx, oy = v->shift_dy;
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, u->t.bg, 0);
    header(u, v, &L, ox, oy);
    int per = L.cols * L.rows, pages = board_pages(d->n_services, per);
    int page = v->page < 0 ? 0 : v->page >= pages ? pages - 1 : v->page;
    footer(u, v, &L, ox, oy, page, pages);
    draw_rect g = {L.grid.x + ox, L.grid.y + oy, L.grid.w, L.grid.h};
    if (!d->have_services || d->n_services == 0) {
        const char *msg = d->have_services ? tr(v->lang, "Belum ada layanan yang ditampilkan.")
                                           : tr(v->lang, "Menunggu data dari server\xE2\x80\xA6");
        kit_text(u, (draw_rect){g.x, g.y + g.h / 2 - dp(u, 24), g.w, dp(u, 48)}, msg, TEXT_TITLE,
                 FONT_REGULAR, u->t.text_muted, ALIGN_CENTER);
    } else {
        int cw = (g.w - (L.cols - 1) * L.gap) / L.cols, ch = (g.h - (L.rows - 1) * L.gap) / L.rows;
        for (int i = 0; i < per; i++) {
            int index = page * per + i;
            if (index >= d->n_services)
                break;
            int c = i % L.cols, row = i / L.cols;
            card(u, v, (draw_rect){g.x + c * (cw + L.gap), g.y + row * (ch + L.gap), cw, ch},
                 index);
        }
    }
    if (v->admin)
        admin(u, v, &L);
    else if (v->detail >= 0 && v->detail < d->n_services)
        detail(u, v, &L);
}

void ui_board_night(ui *u)
{
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, (draw_color){0, 0, 0, 0xFF}, 0);
}
