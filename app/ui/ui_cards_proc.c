/* ui_cards_proc: the cards of a procurement result (Biro PBJ): the package, ceiling (pagu), owner's
 * estimate (HPS) and the proposed winner's offer as figures and bars with the savings, then every
 * bidder with rank, offer, technical score and the evaluation outcome; the winner highlighted. */
#include "ui_cards.h"

#include <stdio.h>
#include <string.h>

#define MIDDOT   " \xC2\xB7 "
#define MAX_ROWS 64

/* ---- procurement ---- */

static int proc_main(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *win = doc_get(c, "proposed_winner");
    int64_t pagu = cards_money_at(c, "ceiling", 0), hps = cards_money_at(c, "hps", 0);
    int64_t offer = cards_money_at(win, "offer", 0),
            save = cards_money_at(c, "savings", hps - offer);
    char yr[48], date[FMT_CAP], f[3][FMT_CAP], s[3][FMT_CAP];
    cy += cards_title(u, cx, cy, iw, T(u, "Paket pengadaan"), cards_year(u, c, yr, sizeof yr), dry);
    cy += kit_wrap(u, cx, cy, iw, doc_str(c, "package_name", "\xE2\x80\x94"), TEXT_BODY, FONT_BOLD,
                   u->t.text, 3, dry) +
          dp(u, 16);
    card_field fl[] = {
        {.label = T(u, "Metode pemilihan"), .value = doc_str(c, "method", "")},
        {.label = T(u, "Tanggal hasil pemilihan"),
         .value = cards_date(u, doc_str(c, "evaluation_date", ""), date, sizeof date)},
        {.label = T(u, "Kode RUP"), .value = doc_str(c, "rup_code", "")},
        {.label = T(u, "Kode sub kegiatan"), .value = doc_str(c, "budget_code", "")},
        {.label = T(u, "Pelaksana pemilihan"), .value = doc_str(c, "pokja", ""), .wide = true},
    };
    cy += cards_fields(u, cx, cy, iw, fl, sizeof fl / sizeof fl[0], false, dry) + dp(u, 20);
    card_figure fig[3] = {
        {T(u, "Pagu"), cards_money(pagu, f[0], FMT_CAP), cards_money_short(u, pagu, s[0], FMT_CAP),
         NULL, TONE_NEUTRAL},
        {T(u, "HPS"), cards_money(hps, f[1], FMT_CAP), cards_money_short(u, hps, s[1], FMT_CAP),
         NULL, TONE_NEUTRAL},
        {T(u, "Penawaran calon pemenang"), cards_money(offer, f[2], FMT_CAP),
         cards_money_short(u, offer, s[2], FMT_CAP), doc_str(win, "name", ""), TONE_OK},
    };
    cy += cards_figures(u, cx, cy, iw, fig, 3, dry) + dp(u, 20);
    char line[160], m[FMT_CAP], p[FMT_CAP];
    bool within = offer <= hps && hps > 0;
    int pw = cards_pill(u, cx, cy, within ? IC_OK : IC_WARN, within ? TONE_OK : TONE_BAD,
                        within ? T(u, "Efisiensi") : T(u, "Melebihi HPS"), dry);
    if (within)
        snprintf(line, sizeof line, "%s (%s %s)", cards_money(save, m, sizeof m),
                 cards_pct(u, doc_num(c, "savings_pct", cards_ratio(save, hps)), p, sizeof p),
                 T(u, "dari HPS"));
    else
        snprintf(line, sizeof line, "%s %s %s", T(u, "Penawaran"),
                 cards_money(offer - hps, m, sizeof m), T(u, "di atas HPS"));
    if (!dry)
        kit_text(u, (draw_rect){cx + pw + dp(u, 12), cy, iw - pw - dp(u, 12), dp(u, 24)}, line,
                 TEXT_BODY, FONT_BOLD, u->t.text, ALIGN_LEFT);
    cy += dp(u, 24) + dp(u, 16);
    card_bar bars[] = {
        {NULL, T(u, "Pagu"), f[0], (double)pagu, cards_mix(u->t.primary, u->t.surface, 35)},
        {NULL, T(u, "HPS"), f[1], (double)hps, cards_mix(u->t.primary, u->t.surface, 65)},
        {NULL, T(u, "Penawaran calon pemenang"), f[2], (double)offer, u->t.success},
    };
    cy += cards_bars(u, cx, cy, iw, bars, 3, dp(u, 200), dp(u, 150), 0, dry);
    return cy + pad - y;
}

static int proc_bidders(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *b = doc_get(c, "bidders");
    size_t n = doc_len(b) > MAX_ROWS ? MAX_ROWS : doc_len(b);
    if (n == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const char *winner = doc_str(doc_get(c, "proposed_winner"), "name", "");
    /* Ranked bidders first by rank, then the eliminated ones by offer; note the lowest offer. */
    size_t idx[MAX_ROWS], passed = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        const doc_node *e = doc_at(b, i);
        int64_t key = doc_int(e, "rank", 0) > 0 ? doc_int(e, "rank", 0) : INT64_MAX / 2;
        int64_t off = cards_money_at(e, "offer", 0);
        passed += doc_int(e, "rank", 0) > 0;
        if (off < cards_money_at(doc_at(b, low), "offer", 0))
            low = i;
        size_t j = i;
        for (; j > 0; j--) {
            const doc_node *p = doc_at(b, idx[j - 1]);
            int64_t pk = doc_int(p, "rank", 0) > 0 ? doc_int(p, "rank", 0) : INT64_MAX / 2;
            if (pk < key || (pk == key && cards_money_at(p, "offer", 0) <= off))
                break;
            idx[j] = idx[j - 1];
        }
        idx[j] = i;
    }
    char aside[96];
    snprintf(aside, sizeof aside, "%d %s" MIDDOT "%d %s", (int)n, T(u, "peserta"), (int)passed,
             T(u, "lulus"));
    cy += cards_title(u, cx, cy, iw, T(u, "Peserta dan hasil evaluasi"), aside, dry);
    const card_col cols[] = {{T(u, "Peringkat"), 88, ALIGN_CENTER},
                             {T(u, "Peserta"), 0, ALIGN_LEFT},
                             {T(u, "Penawaran (Rp)"), 136, ALIGN_RIGHT},
                             {T(u, "Nilai teknis"), 104, ALIGN_RIGHT},
                             {T(u, "Hasil"), 112, ALIGN_LEFT}};
    size_t nc = sizeof cols / sizeof cols[0];
    cy += cards_table_head(u, cx, cy, iw, cols, nc, dry);
    for (size_t i = 0; i < n; i++) {
        const doc_node *e = doc_at(b, idx[i]);
        const char *st = doc_str(e, "status", "");
        const char *name = doc_str(e, "name", "");
        bool lulus = strcmp(st, "lulus") == 0, gugur = strcmp(st, "gugur") == 0;
        bool win = winner[0] && strcmp(name, winner) == 0;
        double score = doc_num(e, "technical_score", -1);
        char rank[24] = "\xE2\x80\x94", off[FMT_CAP], sc[FMT_CAP], sub[512];
        if (doc_int(e, "rank", 0) > 0)
            snprintf(rank, sizeof rank, "%lld", (long long)doc_int(e, "rank", 0));
        snprintf(sub, sizeof sub, "%s%s%s", win ? T(u, "Calon pemenang. ") : "",
                 idx[i] == low && n > 1 ? T(u, "Penawaran terendah. ") : "",
                 doc_str(e, "note", ""));
        card_cell cells[] = {
            {.text = rank, .bar = -1},
            {.text = name, .sub = sub, .bar = -1},
            {.text = cards_money_bare(u, cards_money_at(e, "offer", 0), false, off, sizeof off),
             .bar = -1},
            {.text = score >= 0 ? cards_dec2(u, score, sc, sizeof sc) : "\xE2\x80\x94",
             .bar = -1,
             .tone = score >= 0 && score < 70 ? TONE_BAD : TONE_NEUTRAL},
            {.text = lulus   ? T(u, "Lulus")
                     : gugur ? T(u, "Gugur")
                             : st,
             .pill = true,
             .icon = lulus   ? IC_OK
                     : gugur ? IC_NO
                             : IC_NONE,
             .tone = lulus   ? TONE_OK
                     : gugur ? TONE_BAD
                             : TONE_NEUTRAL,
             .bar = -1},
        };
        cy += cards_table_row(u, cx, cy, iw, cols, nc, cells, win ? ROW_GOOD : ROW_PLAIN, dry);
    }
    cy += dp(u, 12);
    const char *method = doc_str(c, "method", "");
    cy += cards_caption(u, cx, cy, iw,
                        strcmp(method, "Seleksi") == 0
                            ? T(u, "Ambang lulus nilai teknis 70. Peringkat menurut nilai teknis "
                                   "tertinggi.")
                            : T(u, "Ambang lulus nilai teknis 70. Peringkat menurut penawaran "
                                   "terendah yang lulus evaluasi."),
                        dry);
    return cy + pad - y;
}

int cards_procurement(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {proc_main, proc_bidders};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}
