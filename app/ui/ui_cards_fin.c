/* ui_cards_fin: the cards of the budget items: the revenue realisation report (figures, pace
 * against the year, monthly chart, table per account) and the RAPBD summary (totals, spending per
 * government affair, revenue, largest programmes). Figures are shown as numbers and as bars. */
#include "ui_cards.h"

#include <stdio.h>
#include <string.h>

#define MIDDOT   " \xC2\xB7 "
#define MAX_ROWS 64

/* ---- revenue_report ---- */

typedef struct {
    int64_t target, real;
    double pct, elapsed; /* elapsed < 0: unknown */
    bool on_pace;
} rev_pace;

static rev_pace rev_get(const doc_node *c)
{
    const doc_node *t = doc_get(c, "total");
    rev_pace p = {cards_money_at(t, "target", 0), cards_money_at(t, "realisation", 0), 0, 0, true};
    p.pct = doc_num(t, "pct", cards_ratio(p.real, p.target));
    p.elapsed = doc_num(c, "time_elapsed_pct", -1);
    p.on_pace = p.elapsed < 0 || p.pct >= p.elapsed;
    return p;
}

/* "30 Juni 2020, 17.00 WITA" from an RFC 3339 time. */
static const char *as_of(const ui *u, const char *rfc3339, char *out, size_t cap)
{
    int64_t t = 0;
    char d[FMT_CAP], tm[FMT_CAP];
    if (!wire_time_parse(rfc3339, &t) || !fmt_date_long(t, &u->s->tz, u->s->lang, d, sizeof d) ||
        !fmt_time(t, &u->s->tz, u->s->lang, tm, sizeof tm)) {
        out[0] = '\0';
        return out;
    }
    const char *p = strstr(d, ", ");
    snprintf(out, cap, "%s, %s", p ? p + 2 : d, tm);
    return out;
}

static int rev_summary(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad, ls = kit_line(u, TEXT_SMALL);
    rev_pace p = rev_get(c);
    char yr[48], rf[FMT_CAP], rs[FMT_CAP], tf[FMT_CAP], ts[FMT_CAP], ps[FMT_CAP], es[FMT_CAP];
    char when[2 * FMT_CAP + 4], line[256];
    cy += cards_title(u, cx, cy, iw, T(u, "Realisasi pendapatan asli daerah"),
                      cards_year(u, c, yr, sizeof yr), dry);
    as_of(u, doc_str(c, "data_as_of", ""), when, sizeof when);
    card_tone tone = p.on_pace ? TONE_OK : TONE_WARN;
    card_figure f[4] = {
        {T(u, "Realisasi"), cards_money(p.real, rf, sizeof rf),
         cards_money_short(u, p.real, rs, sizeof rs), NULL, TONE_NEUTRAL},
        {T(u, "Target"), cards_money(p.target, tf, sizeof tf),
         cards_money_short(u, p.target, ts, sizeof ts), NULL, TONE_NEUTRAL},
        {T(u, "Capaian"), cards_pct(u, p.pct, ps, sizeof ps), NULL, T(u, "dari target setahun"),
         tone},
        {T(u, "Waktu berjalan"), cards_pct(u, p.elapsed, es, sizeof es), NULL, when, TONE_NEUTRAL},
    };
    cy += cards_figures(u, cx, cy, iw, f, p.elapsed >= 0 ? 4 : 3, dry) + dp(u, 20);
    /* The pace: colour, word and arrow, then the comparison in words. */
    int pw = cards_pill(u, cx, cy, p.on_pace ? IC_UP : IC_DOWN, tone,
                        p.on_pace ? T(u, "Sesuai laju waktu") : T(u, "Di bawah laju waktu"), dry);
    if (p.elapsed >= 0) {
        char gap[FMT_CAP];
        double d = p.pct - p.elapsed;
        cards_dec2(u, d < 0 ? -d : d, gap, sizeof gap);
        snprintf(line, sizeof line, "%s %s %s %s %s (%s %s %s)", T(u, "Capaian"), ps,
                 p.on_pace ? T(u, "di atas") : T(u, "di bawah"), T(u, "waktu berjalan"), es,
                 T(u, "selisih"), gap, T(u, "poin"));
        if (!dry)
            kit_text(u, (draw_rect){cx + pw + dp(u, 12), cy, iw - pw - dp(u, 12), dp(u, 24)}, line,
                     TEXT_SMALL, FONT_REGULAR, u->t.text, ALIGN_LEFT);
    }
    cy += dp(u, 24) + dp(u, 16);
    /* The bar: realisation of the year's target, marker at the time elapsed. */
    draw_color fg, bg;
    cards_tone(u, tone, &fg, &bg);
    if (!dry)
        kit_progress(u, (draw_rect){cx, cy + dp(u, 4), iw, dp(u, 16)}, p.pct, 100, p.elapsed, fg);
    cy += dp(u, 28);
    if (!dry) {
        snprintf(line, sizeof line, "%s %s", T(u, "Waktu berjalan"), es);
        int lw = kit_text_width(u, line, TEXT_SMALL, FONT_BOLD);
        int mx = cx + (int)((double)iw * (p.elapsed > 100 ? 100 : p.elapsed) / 100) - lw / 2;
        mx = mx < cx ? cx : mx + lw > cx + iw ? cx + iw - lw : mx;
        int zw = kit_text_width(u, "0%", TEXT_SMALL, FONT_REGULAR);
        int hw = kit_text_width(u, "100%", TEXT_SMALL, FONT_REGULAR);
        if (p.elapsed >= 0)
            kit_text(u, (draw_rect){mx, cy, lw, ls}, line, TEXT_SMALL, FONT_BOLD, u->t.text,
                     ALIGN_LEFT);
        if (p.elapsed < 0 || mx > cx + zw + dp(u, 8))
            kit_text(u, (draw_rect){cx, cy, zw, ls}, "0%", TEXT_SMALL, FONT_REGULAR,
                     u->t.text_muted, ALIGN_LEFT);
        if (p.elapsed < 0 || mx + lw < cx + iw - hw - dp(u, 8))
            kit_text(u, (draw_rect){cx + iw - hw, cy, hw, ls}, "100%", TEXT_SMALL, FONT_REGULAR,
                     u->t.text_muted, ALIGN_RIGHT);
    }
    cy += ls + dp(u, 20);
    const char *notes = doc_str(c, "notes", "");
    if (notes[0])
        cy += cards_note(u, cx, cy, iw, IC_INFO, TONE_INFO, T(u, "Catatan"), notes, dry);
    else
        cy -= dp(u, 8);
    return cy + pad - y;
}

/* 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double nice_step(double raw)
{
    double mag = 1;
    while (mag * 10 <= raw)
        mag *= 10;
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

static const char *month_abbr(const ui *u, const char *yyyy_mm)
{
    static const char *const id[12] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                       "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
    static const char *const en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (strlen(yyyy_mm) != 7 || yyyy_mm[4] != '-' || yyyy_mm[5] < '0' || yyyy_mm[5] > '1' ||
        yyyy_mm[6] < '0' || yyyy_mm[6] > '9')
        return "?";
    int m = (yyyy_mm[5] - '0') * 10 + (yyyy_mm[6] - '0');
    if (m < 1 || m > 12)
        return "?";
    return u->s->lang == LANG_EN ? en[m - 1] : id[m - 1];
}

static int legend(ui *u, int x, int y, draw_color c, const char *text, bool dry)
{
    int s = dp(u, 12), tw = kit_text_width(u, text, TEXT_SMALL, FONT_REGULAR);
    if (!dry) {
        int ls = kit_line(u, TEXT_SMALL);
        draw_rect_fill(u->l, (draw_rect){x, y + (ls - s) / 2, s, s}, c, dp(u, 2));
        kit_text(u, (draw_rect){x + s + dp(u, 8), y, tw + 2, ls}, text, TEXT_SMALL, FONT_REGULAR,
                 u->t.text, ALIGN_LEFT);
    }
    return s + dp(u, 8) + tw + dp(u, 24);
}

static int rev_chart(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *mo = doc_get(c, "monthly");
    size_t n = doc_len(mo) > 12 ? 12 : doc_len(mo);
    if (n == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad, ls = kit_line(u, TEXT_SMALL);
    draw_color ct = cards_mix(u->t.primary, u->t.surface, 40), cr = u->t.primary;
    cy += cards_title(u, cx, cy, iw, T(u, "Realisasi kumulatif per bulan"), NULL, dry);
    int lx = cx;
    lx += legend(u, lx, cy, ct, T(u, "Target kumulatif"), dry);
    legend(u, lx, cy, cr, T(u, "Realisasi kumulatif"), dry);
    cy += ls + dp(u, 24);
    int axis = dp(u, 88), ch = dp(u, 200), px0 = cx + axis, pw = iw - axis, base = cy + ch;
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        const doc_node *m = doc_at(mo, i);
        double a = (double)cards_money_at(m, "target_cum", 0),
               b = (double)cards_money_at(m, "realisation_cum", 0);
        max = a > max ? a : max;
        max = b > max ? b : max;
    }
    /* 1..5 gridlines of a round step above the largest value. */
    double step = nice_step(max / 5);
    int ticks = 1;
    while (ticks < 5 && step * ticks < max)
        ticks++;
    double top = step * ticks;
    if (!dry) {
        for (int k = 0; k <= ticks; k++) {
            int gy = base - ch * k / ticks;
            char v[FMT_CAP];
            draw_rect_fill(u->l, (draw_rect){px0, gy, pw, 1}, k ? u->t.divider : u->t.text_muted,
                           0);
            kit_text(u, (draw_rect){cx, gy - ls / 2, axis - dp(u, 12), ls},
                     cards_money_short(u, (int64_t)(step * k), v, sizeof v), TEXT_SMALL,
                     FONT_REGULAR, u->t.text_muted, ALIGN_RIGHT);
        }
        int sw = pw / (int)n, bw = sw * 3 / 10 > dp(u, 28) ? dp(u, 28) : sw * 3 / 10;
        for (size_t i = 0; i < n; i++) {
            const doc_node *m = doc_at(mo, i);
            int64_t t = cards_money_at(m, "target_cum", 0),
                    r = cards_money_at(m, "realisation_cum", 0);
            int sx = px0 + (int)i * sw, mid = sx + sw / 2;
            int th = t > 0 ? (int)((double)ch * (double)t / top) : 0;
            int rh = r > 0 ? (int)((double)ch * (double)r / top) : 0;
            draw_rect_fill(u->l, (draw_rect){mid - bw - dp(u, 2), base - th, bw, th}, ct, dp(u, 3));
            draw_rect_fill(u->l, (draw_rect){mid + dp(u, 2), base - rh, bw, rh}, cr, dp(u, 3));
            char v[FMT_CAP], pc[FMT_CAP];
            cards_money_short(u, r, v, sizeof v);
            if (kit_text_width(u, v, TEXT_SMALL, FONT_BOLD) <= sw - dp(u, 4)) {
                int hy = base - (th > rh ? th : rh) - ls - dp(u, 4);
                kit_text(u, (draw_rect){sx, hy, sw, ls}, v, TEXT_SMALL, FONT_BOLD, u->t.text,
                         ALIGN_CENTER);
            }
            kit_text(u, (draw_rect){sx, base + dp(u, 8), sw, ls},
                     month_abbr(u, doc_str(m, "month", "")), TEXT_SMALL, FONT_BOLD, u->t.text,
                     ALIGN_CENTER);
            kit_text(u, (draw_rect){sx, base + dp(u, 8) + ls, sw, ls},
                     cards_pct(u, cards_ratio(r, t), pc, sizeof pc), TEXT_SMALL, FONT_REGULAR,
                     u->t.text_muted, ALIGN_CENTER);
        }
    }
    cy += ch + dp(u, 8) + 2 * ls + dp(u, 8);
    cy +=
        cards_caption(u, cx, cy, iw,
                      T(u, "Persentase di bawah bulan: realisasi terhadap target kumulatif."), dry);
    return cy + pad - y;
}

static const char *kind_label(const ui *u, const char *k)
{
    if (strcmp(k, "pajak") == 0)
        return T(u, "Pajak Daerah");
    if (strcmp(k, "retribusi") == 0)
        return T(u, "Retribusi Daerah");
    if (strcmp(k, "kekayaan") == 0)
        return T(u, "Hasil Pengelolaan Kekayaan Daerah yang Dipisahkan");
    if (strcmp(k, "lain") == 0)
        return T(u, "Lain-lain PAD yang Sah");
    return T(u, "Lainnya");
}

static int rev_table(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *rows = doc_get(c, "rows");
    rev_pace p = rev_get(c);
    char when[2 * FMT_CAP + 4], aside[3 * FMT_CAP];
    as_of(u, doc_str(c, "data_as_of", ""), when, sizeof when);
    snprintf(aside, sizeof aside, "%s %s", T(u, "Data per"), when[0] ? when : "\xE2\x80\x94");
    cy += cards_title(u, cx, cy, iw, T(u, "Rincian per rekening"), aside, dry);
    const card_col cols[] = {
        {T(u, "Rekening"), 88, ALIGN_LEFT},
        {T(u, "Jenis"), 0, ALIGN_LEFT},
        {T(u, "Target (Rp)"), 96, ALIGN_RIGHT},
        {T(u, "Realisasi (Rp)"), 112, ALIGN_RIGHT},
        {"%", 96, ALIGN_RIGHT},
        {T(u, "Sisa (Rp)"), 96, ALIGN_RIGHT},
    };
    size_t nc = sizeof cols / sizeof cols[0];
    cy += cards_table_head(u, cx, cy, iw, cols, nc, dry);
    const char *kind = NULL;
    for (size_t i = 0; i < doc_len(rows); i++) {
        const doc_node *r = doc_at(rows, i);
        const char *k = doc_str(r, "kind", "");
        if (!kind || strcmp(kind, k) != 0) {
            card_cell g = {.text = kind_label(u, k), .bar = -1};
            cy += cards_table_row(u, cx, cy, iw, cols, 1, &g, ROW_GROUP, dry);
            kind = k;
        }
        int64_t t = cards_money_at(r, "target", 0), re = cards_money_at(r, "realisation", 0);
        double pct = doc_num(r, "pct", cards_ratio(re, t));
        bool ok = p.elapsed < 0 || pct >= p.elapsed;
        char a[FMT_CAP], b[FMT_CAP], d[FMT_CAP], e[FMT_CAP];
        card_cell cells[] = {
            {.text = doc_str(r, "account", ""), .bar = -1, .tone = TONE_NEUTRAL},
            {.text = doc_str(r, "name", ""), .bar = -1},
            {.text = cards_money_bare(u, t, true, a, sizeof a), .bar = -1},
            {.text = cards_money_bare(u, re, true, b, sizeof b), .bar = -1},
            {.text = cards_pct(u, pct, d, sizeof d),
             .bar = pct,
             .mark = p.elapsed,
             .tone = ok ? TONE_OK : TONE_WARN},
            {.text = cards_money_bare(u, cards_money_at(r, "remaining", t - re), true, e, sizeof e),
             .bar = -1},
        };
        cy += cards_table_row(u, cx, cy, iw, cols, nc, cells, ROW_PLAIN, dry);
    }
    const doc_node *tot = doc_get(c, "total");
    char a[FMT_CAP], b[FMT_CAP], d[FMT_CAP], e[FMT_CAP];
    card_cell total[] = {
        {.text = "", .bar = -1},
        {.text = T(u, "Jumlah PAD"), .bar = -1},
        {.text = cards_money_bare(u, p.target, true, a, sizeof a), .bar = -1},
        {.text = cards_money_bare(u, p.real, true, b, sizeof b), .bar = -1},
        {.text = cards_pct(u, p.pct, d, sizeof d), .bar = -1},
        {.text = cards_money_bare(u, cards_money_at(tot, "remaining", p.target - p.real), true, e,
                                  sizeof e),
         .bar = -1},
    };
    cy += cards_table_row(u, cx, cy, iw, cols, nc, total, ROW_TOTAL, dry) + dp(u, 12);
    cy +=
        cards_caption(u, cx, cy, iw,
                      T(u, "T = triliun, M = miliar, jt = juta. Garis pada kolom % menandai waktu "
                           "berjalan. Angka lengkap tercantum pada halaman laporan."),
                      dry);
    return cy + pad - y;
}

int cards_revenue(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {rev_summary, rev_chart, rev_table};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}

/* ---- budget_summary ---- */

static int bud_totals(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *t = doc_get(c, "totals");
    int64_t pd = cards_money_at(t, "pendapatan", 0), bl = cards_money_at(t, "belanja", 0);
    int64_t sd = cards_money_at(t, "surplus_defisit", pd - bl),
            net = cards_money_at(t, "pembiayaan_netto", 0);
    char title[96], yr[48], f[4][FMT_CAP], s[4][FMT_CAP];
    snprintf(title, sizeof title, "%s %s", T(u, "Ringkasan"), doc_str(c, "stage", "APBD"));
    cy += cards_title(u, cx, cy, iw, title, cards_year(u, c, yr, sizeof yr), dry);
    card_figure fig[4] = {
        {T(u, "Pendapatan"), cards_money(pd, f[0], FMT_CAP),
         cards_money_short(u, pd, s[0], FMT_CAP), NULL, TONE_NEUTRAL},
        {T(u, "Belanja"), cards_money(bl, f[1], FMT_CAP), cards_money_short(u, bl, s[1], FMT_CAP),
         NULL, TONE_NEUTRAL},
        {sd < 0 ? T(u, "Defisit") : T(u, "Surplus"), cards_money(sd, f[2], FMT_CAP),
         cards_money_short(u, sd, s[2], FMT_CAP), NULL, sd < 0 ? TONE_WARN : TONE_OK},
        {T(u, "Pembiayaan netto"), cards_money(net, f[3], FMT_CAP),
         cards_money_short(u, net, s[3], FMT_CAP), NULL, TONE_NEUTRAL},
    };
    cy += cards_figures(u, cx, cy, iw, fig, 4, dry) + dp(u, 20);
    int64_t gap = sd + net;
    char line[160], g[FMT_CAP];
    int pw = cards_pill(u, cx, cy, gap == 0 ? IC_OK : IC_WARN, gap == 0 ? TONE_OK : TONE_WARN,
                        gap == 0 ? T(u, "Seimbang") : T(u, "Tidak seimbang"), dry);
    if (gap == 0)
        snprintf(line, sizeof line, "%s",
                 sd < 0 ? T(u, "Defisit ditutup seluruhnya oleh pembiayaan netto.")
                        : T(u, "Surplus dan pembiayaan netto saling menutup."));
    else
        snprintf(line, sizeof line, "%s %s", T(u, "Selisih surplus/defisit dan pembiayaan netto:"),
                 cards_money(gap, g, sizeof g));
    if (!dry)
        kit_text(u, (draw_rect){cx + pw + dp(u, 12), cy, iw - pw - dp(u, 12), dp(u, 24)}, line,
                 TEXT_SMALL, FONT_REGULAR, u->t.text, ALIGN_LEFT);
    cy += dp(u, 24) + dp(u, 16);
    card_bar bars[] = {
        {NULL, T(u, "Pendapatan"), s[0], (double)pd, u->t.success},
        {NULL, T(u, "Belanja"), s[1], (double)bl, u->t.primary},
        {NULL, T(u, "Pembiayaan netto"), s[3], (double)net,
         cards_mix(u->t.primary, u->t.surface, 45)},
    };
    cy += cards_bars(u, cx, cy, iw, bars, 3, dp(u, 160), dp(u, 120), 0, dry);
    return cy + pad - y;
}

static int bud_urusan(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *a = doc_get(c, "belanja_by_urusan");
    size_t n = doc_len(a) > MAX_ROWS ? MAX_ROWS : doc_len(a);
    if (n == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    int64_t total = cards_money_at(doc_get(c, "totals"), "belanja", 0);
    char aside[64];
    snprintf(aside, sizeof aside, "%d %s", (int)n, T(u, "urusan, terbesar di atas"));
    cy += cards_title(u, cx, cy, iw, T(u, "Belanja per urusan"), aside, dry);
    /* Largest first (insertion sort of indices). */
    size_t idx[MAX_ROWS];
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        int64_t v = cards_money_at(doc_at(a, i), "amount", 0);
        for (; j > 0 && cards_money_at(doc_at(a, idx[j - 1]), "amount", 0) < v; j--)
            idx[j] = idx[j - 1];
        idx[j] = i;
    }
    double top = (double)cards_money_at(doc_at(a, idx[0]), "amount", 0);
    for (size_t i = 0; i < n; i++) {
        const doc_node *r = doc_at(a, idx[i]);
        int64_t v = cards_money_at(r, "amount", 0);
        char s[FMT_CAP], p[FMT_CAP], val[2 * FMT_CAP + 8];
        cards_money_short(u, v, s, sizeof s);
        snprintf(val, sizeof val, "%s" MIDDOT "%s", s,
                 cards_pct(u, cards_ratio(v, total), p, sizeof p));
        card_bar b = {doc_str(r, "code", ""), doc_str(r, "name", ""), val, (double)v, u->t.primary};
        cy += cards_bars(u, cx, cy, iw, &b, 1, dp(u, 340), dp(u, 160), top, dry);
    }
    cy += dp(u, 8);
    cy += cards_caption(u, cx, cy, iw, T(u, "Persentase terhadap total belanja."), dry);
    return cy + pad - y;
}

/* A code | name | amount table with full figures; share: a % column of `of`, total: a last row. */
static int code_table(ui *u, const doc_node *arr, int x, int y, int w, const char *name_label,
                      int64_t of, const char *total_label, bool dry)
{
    int cy = y;
    const card_col cols[] = {{T(u, "Kode"), 80, ALIGN_LEFT},
                             {name_label, 0, ALIGN_LEFT},
                             {T(u, "Jumlah (Rp)"), 184, ALIGN_RIGHT},
                             {T(u, "Porsi"), 104, ALIGN_RIGHT}};
    size_t nc = of > 0 ? 4 : 3;
    cy += cards_table_head(u, x, cy, w, cols, nc, dry);
    int64_t sum = 0;
    for (size_t i = 0; i < doc_len(arr); i++) {
        const doc_node *r = doc_at(arr, i);
        int64_t v = cards_money_at(r, "amount", 0);
        double share = cards_ratio(v, of);
        char a[FMT_CAP], p[FMT_CAP];
        sum = cards_add(sum, v);
        card_cell cells[] = {{.text = doc_str(r, "code", ""), .bar = -1},
                             {.text = doc_str(r, "name", ""), .bar = -1},
                             {.text = cards_money_bare(u, v, false, a, sizeof a), .bar = -1},
                             {.text = cards_pct(u, share, p, sizeof p), .bar = share, .mark = -1}};
        cy += cards_table_row(u, x, cy, w, cols, nc, cells, ROW_PLAIN, dry);
    }
    if (total_label) {
        char a[FMT_CAP], p[FMT_CAP];
        card_cell cells[] = {{.text = "", .bar = -1},
                             {.text = total_label, .bar = -1},
                             {.text = cards_money_bare(u, sum, false, a, sizeof a), .bar = -1},
                             {.text = cards_pct(u, cards_ratio(sum, of), p, sizeof p), .bar = -1}};
        cy += cards_table_row(u, x, cy, w, cols, nc, cells, ROW_TOTAL, dry);
    }
    return cy - y;
}

static int bud_pendapatan(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *a = doc_get(c, "pendapatan_rows");
    if (doc_len(a) == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    cy += cards_title(u, cx, cy, iw, T(u, "Pendapatan daerah"), NULL, dry);
    cy += code_table(u, a, cx, cy, iw, T(u, "Kelompok pendapatan"),
                     cards_money_at(doc_get(c, "totals"), "pendapatan", 0),
                     T(u, "Jumlah pendapatan"), dry);
    return cy + pad - y;
}

static int bud_programs(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *a = doc_get(c, "programs");
    if (doc_len(a) == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    char aside[48];
    snprintf(aside, sizeof aside, "%d %s", (int)doc_len(a), T(u, "program"));
    cy += cards_title(u, cx, cy, iw, T(u, "Program dengan anggaran terbesar"), aside, dry);
    cy += code_table(u, a, cx, cy, iw, T(u, "Program"), 0, NULL, dry) + dp(u, 12);
    cy += cards_caption(u, cx, cy, iw, T(u, "Daftar pilihan program terbesar; tidak dijumlahkan."),
                        dry);
    return cy + pad - y;
}

int cards_budget(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {bud_totals, bud_urusan, bud_pendapatan, bud_programs};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}
