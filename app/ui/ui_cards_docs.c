/* ui_cards_docs: the cards of the document items: the audit report (LHP: findings and the
 * follow-up of each recommendation), the SPJ (amount, spending lines, document checklist), the
 * incoming letter (a disposition sheet) and the outgoing letter (verifiers' initials, signer and
 * the certified e-signature). Status is colour + word + icon. */
#include "ui_cards.h"

#include <stdio.h>
#include <string.h>

/* ---- shared ---- */

/* A label on the left (small, muted) and wrapped text on the right; returns the height. */
static int kv(ui *u, int x, int y, int w, const char *label, const char *text, draw_size size,
              draw_weight wt, int lines, bool dry)
{
    int lw = dp(u, 96);
    if (!text || !text[0])
        return 0;
    if (!dry)
        kit_text(u, (draw_rect){x, y, lw - dp(u, 8), kit_line(u, size)}, label, TEXT_SMALL,
                 FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
    return kit_wrap(u, x + lw, y, w - lw, text, size, wt, u->t.text, lines, dry);
}

typedef struct {
    const char *word;
    card_icon icon;
    card_tone tone;
} card_status;

/* Follow-up of a recommendation. */
static card_status rec_status(const ui *u, const char *s)
{
    if (strcmp(s, "selesai") == 0)
        return (card_status){T(u, "Selesai"), IC_OK, TONE_OK};
    if (strcmp(s, "proses") == 0)
        return (card_status){T(u, "Proses"), IC_WAIT, TONE_WARN};
    if (strcmp(s, "belum") == 0)
        return (card_status){T(u, "Belum"), IC_NO, TONE_BAD};
    return (card_status){s[0] ? s : "\xE2\x80\x94", IC_NONE, TONE_NEUTRAL};
}

/* Sifat (urgency) and klasifikasi of a letter, as pill fields. */
static card_field nature_field(const ui *u, const char *s)
{
    card_field f = {.label = T(u, "Sifat"), .value = s, .pill = true};
    if (strcmp(s, "biasa") == 0)
        f.value = T(u, "Biasa");
    else if (strcmp(s, "segera") == 0)
        f.value = T(u, "Segera"), f.icon = IC_WAIT, f.tone = TONE_WARN;
    else if (strcmp(s, "sangat_segera") == 0)
        f.value = T(u, "Sangat segera"), f.icon = IC_WARN, f.tone = TONE_BAD;
    return f;
}

static card_field class_field(const ui *u, const char *s)
{
    card_field f = {.label = T(u, "Klasifikasi"), .value = s, .pill = true};
    if (strcmp(s, "biasa") == 0)
        f.value = T(u, "Biasa");
    else if (strcmp(s, "terbatas") == 0)
        f.value = T(u, "Terbatas"), f.icon = IC_LOCK, f.tone = TONE_WARN;
    else if (strcmp(s, "rahasia") == 0)
        f.value = T(u, "Rahasia"), f.icon = IC_LOCK, f.tone = TONE_BAD;
    return f;
}

/* ---- audit_report ---- */

static int aud_main(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad, ls = kit_line(u, TEXT_SMALL);
    const doc_node *fs = doc_get(c, "findings");
    int count[3] = {0, 0, 0}, recs = 0;
    int64_t value = 0;
    for (size_t i = 0; i < doc_len(fs); i++) {
        const doc_node *f = doc_at(fs, i), *rs = doc_get(f, "recommendations");
        value = cards_add(value, cards_money_at(f, "value", 0));
        for (size_t j = 0; j < doc_len(rs); j++, recs++) {
            const char *st = doc_str(doc_at(rs, j), "status", "");
            count[0] += strcmp(st, "selesai") == 0;
            count[1] += strcmp(st, "proses") == 0;
            count[2] += strcmp(st, "belum") == 0;
        }
    }
    char date[FMT_CAP], aside[96], nf[16], nr[16], vf[FMT_CAP], vs[FMT_CAP];
    snprintf(aside, sizeof aside, "%s %s", T(u, "Tanggal LHP"),
             cards_date(u, doc_str(c, "issued_on", ""), date, sizeof date));
    cy += cards_title(u, cx, cy, iw, T(u, "Laporan hasil pengawasan"), aside, dry);
    card_field fl[] = {
        {.label = T(u, "Nomor LHP"), .value = doc_str(c, "lhp_number", ""), .wide = true},
        {.label = T(u, "Jenis pengawasan"), .value = doc_str(c, "audit_type", "")},
        {.label = T(u, "Periode"), .value = doc_str(c, "period", "")},
        {.label = T(u, "Objek pengawasan"), .value = doc_str(c, "auditee", ""), .wide = true},
    };
    cy += cards_fields(u, cx, cy, iw, fl, sizeof fl / sizeof fl[0], false, dry) + dp(u, 20);
    snprintf(nf, sizeof nf, "%d", (int)doc_len(fs));
    snprintf(nr, sizeof nr, "%d", recs);
    card_figure fig[3] = {
        {T(u, "Temuan"), nf, NULL, NULL, TONE_NEUTRAL},
        {T(u, "Rekomendasi"), nr, NULL, NULL, TONE_NEUTRAL},
        {T(u, "Nilai temuan"), cards_money(value, vf, sizeof vf),
         cards_money_short(u, value, vs, sizeof vs), NULL, TONE_NEUTRAL},
    };
    cy += cards_figures(u, cx, cy, iw, fig, 3, dry) + dp(u, 20);
    if (recs > 0) {
        /* Follow-up: a stacked bar and the counts as pills. */
        static const char *const st[3] = {"selesai", "proses", "belum"};
        if (!dry)
            kit_text(u, (draw_rect){cx, cy, iw, ls}, T(u, "Tindak lanjut rekomendasi"), TEXT_SMALL,
                     FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
        cy += ls + dp(u, 8);
        if (!dry) {
            draw_rect_fill(u->l, (draw_rect){cx, cy, iw, dp(u, 12)}, u->t.surface_alt, dp(u, 6));
            int sx = cx;
            for (int k = 0; k < 3; k++) {
                draw_color fg, bg;
                cards_tone(u, rec_status(u, st[k]).tone, &fg, &bg);
                int sw = iw * count[k] / recs;
                if (sw > 0)
                    draw_rect_fill(u->l,
                                   (draw_rect){sx, cy, sw - (sx + sw < cx + iw ? 2 : 0), dp(u, 12)},
                                   fg, dp(u, 3));
                sx += sw;
            }
        }
        cy += dp(u, 12) + dp(u, 12);
        int px = cx;
        for (int k = 0; k < 3; k++) {
            card_status s = rec_status(u, st[k]);
            char t[64];
            snprintf(t, sizeof t, "%d %s", count[k], s.word);
            px += cards_pill(u, px, cy, s.icon, s.tone, t, dry) + dp(u, 8);
        }
        cy += dp(u, 24);
    }
    return cy + pad - y;
}

/* The recommendations of a finding, each with its status pill and due date. */
static int aud_recs(ui *u, const doc_node *rs, int x, int y, int w, bool dry)
{
    int cy = y;
    for (size_t j = 0; j < doc_len(rs); j++) {
        const doc_node *r = doc_at(rs, j);
        card_status s = rec_status(u, doc_str(r, "status", ""));
        int pw = cards_pill(u, 0, 0, s.icon, s.tone, s.word, true);
        int nw = dp(u, 28), tw = w - nw - pw - dp(u, 16);
        char no[24], due[FMT_CAP], dl[96];
        snprintf(no, sizeof no, "%lld.", (long long)doc_int(r, "no", (int64_t)j + 1));
        snprintf(dl, sizeof dl, "%s %s", T(u, "Batas waktu"),
                 cards_date(u, doc_str(r, "due", ""), due, sizeof due));
        if (j > 0) {
            if (!dry)
                kit_divider(u, x, cy + dp(u, 8), w);
            cy += dp(u, 16);
        }
        if (!dry) {
            kit_text(u, (draw_rect){x, cy, nw, kit_line(u, TEXT_BODY)}, no, TEXT_BODY, FONT_BOLD,
                     u->t.text_muted, ALIGN_LEFT);
            cards_pill(u, x + w - pw, cy, s.icon, s.tone, s.word, false);
        }
        int h = kit_wrap(u, x + nw, cy, tw, doc_str(r, "text", "\xE2\x80\x94"), TEXT_BODY,
                         FONT_REGULAR, u->t.text, 0, dry);
        h += kit_wrap(u, x + nw, cy + h, tw, dl, TEXT_SMALL, FONT_REGULAR, u->t.text_muted, 1, dry);
        cy += h > dp(u, 24) ? h : dp(u, 24);
    }
    return cy - y;
}

static int aud_findings(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    const doc_node *fs = doc_get(c, "findings");
    if (doc_len(fs) == 0)
        return 0;
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad, bp = dp(u, 16);
    char aside[48];
    snprintf(aside, sizeof aside, "%d %s", (int)doc_len(fs), T(u, "temuan"));
    cy += cards_title(u, cx, cy, iw, T(u, "Temuan dan rekomendasi"), aside, dry);
    for (size_t i = 0; i < doc_len(fs); i++) {
        const doc_node *f = doc_at(fs, i);
        char tag[48], val[FMT_CAP];
        if (i > 0) {
            if (!dry)
                kit_divider(u, cx, cy + dp(u, 12), iw);
            cy += dp(u, 28);
        }
        snprintf(tag, sizeof tag, "%s %lld", T(u, "Temuan"),
                 (long long)doc_int(f, "no", (int64_t)i + 1));
        int pw = cards_pill(u, cx, cy + dp(u, 1), IC_NONE, TONE_INFO, tag, dry) + dp(u, 12);
        int th = kit_wrap(u, cx + pw, cy, iw - pw, doc_str(f, "title", "\xE2\x80\x94"), TEXT_BODY,
                          FONT_BOLD, u->t.text, 3, dry);
        cy += (th > dp(u, 26) ? th : dp(u, 26)) + dp(u, 12);
        cy += kv(u, cx, cy, iw, T(u, "Kondisi"), doc_str(f, "condition", ""), TEXT_BODY,
                 FONT_REGULAR, 3, dry) +
              dp(u, 6);
        cy += kv(u, cx, cy, iw, T(u, "Sebab"), doc_str(f, "cause", ""), TEXT_SMALL, FONT_REGULAR, 2,
                 dry) +
              dp(u, 4);
        cy += kv(u, cx, cy, iw, T(u, "Kriteria"), doc_str(f, "criteria", ""), TEXT_SMALL,
                 FONT_REGULAR, 2, dry) +
              dp(u, 4);
        int64_t v = cards_money_at(f, "value", 0);
        if (v > 0)
            cy += kv(u, cx, cy, iw, T(u, "Nilai"), cards_money(v, val, sizeof val), TEXT_BODY,
                     FONT_BOLD, 1, dry) +
                  dp(u, 4);
        const doc_node *rs = doc_get(f, "recommendations");
        if (doc_len(rs) == 0)
            continue;
        cy += dp(u, 8);
        int ls = kit_line(u, TEXT_SMALL);
        int h = bp + ls + dp(u, 8) + aud_recs(u, rs, cx + bp, 0, iw - 2 * bp, true) + bp;
        if (!dry) {
            draw_rect_fill(u->l, (draw_rect){cx, cy, iw, h}, u->t.surface_alt, dp(u, 8));
            kit_text(u, (draw_rect){cx + bp, cy + bp, iw - 2 * bp, ls}, T(u, "Rekomendasi"),
                     TEXT_SMALL, FONT_BOLD, u->t.text_muted, ALIGN_LEFT);
            aud_recs(u, rs, cx + bp, cy + bp + ls + dp(u, 8), iw - 2 * bp, false);
        }
        cy += h;
    }
    return cy + pad - y;
}

int cards_audit(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {aud_main, aud_findings};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}

/* ---- spj ---- */

static int spj_missing(const doc_node *c, size_t *total)
{
    const doc_node *cl = doc_get(c, "checklist");
    int miss = 0;
    *total = doc_len(cl);
    for (size_t i = 0; i < doc_len(cl); i++)
        miss += !doc_bool(doc_at(cl, i), "present", false);
    return miss;
}

static int spj_main(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *items = doc_get(c, "items");
    int64_t amount = cards_money_at(c, "amount", 0), sum = 0;
    size_t ndoc = 0;
    int miss = spj_missing(c, &ndoc);
    cy +=
        cards_title(u, cx, cy, iw, T(u, "Surat pertanggungjawaban"), doc_str(c, "period", ""), dry);
    card_field fl[] = {
        {.label = T(u, "Nomor SPJ"), .value = doc_str(c, "spj_number", "")},
        {.label = T(u, "Periode"), .value = doc_str(c, "period", "")},
        {.label = T(u, "Perangkat daerah"), .value = doc_str(c, "agency", "")},
        {.label = T(u, "Kode sub kegiatan"), .value = doc_str(c, "budget_code", "")},
    };
    cy += cards_fields(u, cx, cy, iw, fl, sizeof fl / sizeof fl[0], false, dry) + dp(u, 20);
    char af[FMT_CAP], as[FMT_CAP], ni[16], nd[32], cap[64];
    snprintf(ni, sizeof ni, "%d", (int)doc_len(items));
    snprintf(nd, sizeof nd, "%d/%d", (int)(ndoc - (size_t)miss), (int)ndoc);
    snprintf(cap, sizeof cap, "%d %s", miss, T(u, "belum ada"));
    card_figure fig[3] = {
        {T(u, "Nilai SPJ"), cards_money(amount, af, sizeof af),
         cards_money_short(u, amount, as, sizeof as), NULL, TONE_NEUTRAL},
        {T(u, "Rincian belanja"), ni, NULL, T(u, "baris"), TONE_NEUTRAL},
        {T(u, "Dokumen pendukung"), nd, NULL, miss ? cap : T(u, "lengkap"),
         miss ? TONE_BAD : TONE_OK},
    };
    cy += cards_figures(u, cx, cy, iw, fig, 3, dry) + dp(u, 24);
    const card_col cols[] = {{T(u, "No"), 48, ALIGN_CENTER},
                             {T(u, "Uraian"), 0, ALIGN_LEFT},
                             {T(u, "Jumlah (Rp)"), 184, ALIGN_RIGHT}};
    cy += cards_table_head(u, cx, cy, iw, cols, 3, dry);
    for (size_t i = 0; i < doc_len(items); i++) {
        const doc_node *it = doc_at(items, i);
        int64_t v = cards_money_at(it, "amount", 0);
        char no[16], a[FMT_CAP];
        sum = cards_add(sum, v);
        snprintf(no, sizeof no, "%d", (int)i + 1);
        card_cell cells[] = {{.text = no, .bar = -1},
                             {.text = doc_str(it, "description", ""), .bar = -1},
                             {.text = cards_money_bare(u, v, false, a, sizeof a), .bar = -1}};
        cy += cards_table_row(u, cx, cy, iw, cols, 3, cells, ROW_PLAIN, dry);
    }
    char a[FMT_CAP];
    card_cell tot[] = {{.text = "", .bar = -1},
                       {.text = T(u, "Jumlah"), .bar = -1},
                       {.text = cards_money_bare(u, amount, false, a, sizeof a), .bar = -1}};
    cy += cards_table_row(u, cx, cy, iw, cols, 3, tot, ROW_TOTAL, dry);
    if (sum != amount) {
        char s[FMT_CAP], line[160];
        snprintf(line, sizeof line, "%s %s", T(u, "Jumlah rincian berbeda dari nilai SPJ:"),
                 cards_money(sum, s, sizeof s));
        cy +=
            dp(u, 12) + cards_note(u, cx, cy + dp(u, 12), iw, IC_WARN, TONE_WARN, line, NULL, dry);
    }
    return cy + pad - y;
}

static int spj_check(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *cl = doc_get(c, "checklist");
    size_t n = 0;
    int miss = spj_missing(c, &n);
    char aside[64], head[96], list[512] = "";
    snprintf(aside, sizeof aside, "%d %s %d %s", (int)(n - (size_t)miss), T(u, "dari"), (int)n,
             T(u, "ada"));
    cy += cards_title(u, cx, cy, iw, T(u, "Kelengkapan dokumen"), n ? aside : NULL, dry);
    if (n == 0)
        return cy + cards_caption(u, cx, cy, iw, T(u, "Tidak ada daftar dokumen pendukung."), dry) +
               pad - y;
    if (miss) {
        size_t o = 0;
        for (size_t i = 0; i < n && o < sizeof list; i++) {
            const doc_node *d = doc_at(cl, i);
            if (doc_bool(d, "present", false))
                continue;
            const char *note = doc_str(d, "note", "");
            int k = snprintf(list + o, sizeof list - o, "%s%s%s%s", o ? "; " : "",
                             doc_str(d, "document", ""), note[0] ? ": " : "", note);
            o = k > 0 ? o + (size_t)k : o;
        }
        snprintf(head, sizeof head, "%d %s", miss, T(u, "dokumen pendukung belum ada"));
        cy += cards_note(u, cx, cy, iw, IC_NO, TONE_BAD, head, list, dry) + dp(u, 16);
    } else {
        cy += cards_note(u, cx, cy, iw, IC_OK, TONE_OK, T(u, "Semua dokumen pendukung ada."), NULL,
                         dry) +
              dp(u, 16);
    }
    const card_col cols[] = {{T(u, "Status"), 144, ALIGN_LEFT}, {T(u, "Dokumen"), 0, ALIGN_LEFT}};
    cy += cards_table_head(u, cx, cy, iw, cols, 2, dry);
    for (size_t i = 0; i < n; i++) {
        const doc_node *d = doc_at(cl, i);
        bool ok = doc_bool(d, "present", false);
        card_cell cells[] = {
            {.text = ok ? T(u, "Ada") : T(u, "Tidak ada"),
             .pill = true,
             .icon = ok ? IC_OK : IC_NO,
             .tone = ok ? TONE_OK : TONE_BAD,
             .bar = -1},
            {.text = doc_str(d, "document", ""), .sub = doc_str(d, "note", ""), .bar = -1},
        };
        cy += cards_table_row(u, cx, cy, iw, cols, 2, cells, ok ? ROW_PLAIN : ROW_BAD, dry);
    }
    return cy + pad - y;
}

int cards_spj(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {spj_main, spj_check};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}

/* ---- letter_in ---- */

static int lin_sheet(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    char d1[FMT_CAP], d2[FMT_CAP];
    cy += cards_title(u, cx, cy, iw, T(u, "Lembar disposisi"), T(u, "Surat masuk"), dry);
    card_field fl[] = {
        {.label = T(u, "Nomor agenda"), .value = doc_str(c, "agenda_number", ""), .strong = true},
        {.label = T(u, "Tanggal diterima"),
         .value = cards_date(u, doc_str(c, "received_date", ""), d1, sizeof d1)},
        {.label = T(u, "Nomor surat"), .value = doc_str(c, "letter_number", "")},
        {.label = T(u, "Tanggal surat"),
         .value = cards_date(u, doc_str(c, "letter_date", ""), d2, sizeof d2)},
        {.label = T(u, "Pengirim"),
         .value = doc_str(c, "sender", ""),
         .sub = doc_str(c, "sender_address", ""),
         .wide = true},
        {.label = T(u, "Perihal"),
         .value = doc_str(c, "subject", ""),
         .wide = true,
         .strong = true},
        nature_field(u, doc_str(c, "nature", "")),
        class_field(u, doc_str(c, "classification", "")),
        {.label = T(u, "Lampiran"), .value = doc_str(c, "attachments_note", ""), .wide = true},
    };
    cy += cards_fields(u, cx, cy, iw, fl, sizeof fl / sizeof fl[0], true, dry) + dp(u, 12);
    cy += cards_caption(u, cx, cy, iw,
                        T(u, "Teruskan surat ini dengan tombol Disposisi: pilih penerima dan "
                             "instruksi. Hasil pindai surat ada pada lampiran."),
                        dry);
    return cy + pad - y;
}

int cards_letter_in(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {lin_sheet};
    return cards_stack(u, c, x, y, w, fns, 1);
}

/* ---- letter_out ---- */

static int lout_main(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad;
    const doc_node *by = doc_get(c, "drafted_by");
    cy += cards_title(u, cx, cy, iw, doc_str(c, "document_title", T(u, "Naskah dinas")),
                      T(u, "Konsep naskah keluar"), dry);
    card_field fl[] = {
        {.label = T(u, "Nomor konsep"),
         .value = doc_str(c, "draft_number", ""),
         .sub = T(u, "Nomor naskah diberikan saat ditandatangani.")},
        nature_field(u, doc_str(c, "nature", "")),
        {.label = T(u, "Kepada"), .value = doc_str(c, "recipient", ""), .wide = true},
        {.label = T(u, "Perihal"),
         .value = doc_str(c, "subject", ""),
         .wide = true,
         .strong = true},
        {.label = T(u, "Disusun oleh"),
         .value = doc_str(by, "name", ""),
         .sub = doc_str(by, "title", "")},
        class_field(u, doc_str(c, "classification", "")),
    };
    cy += cards_fields(u, cx, cy, iw, fl, sizeof fl / sizeof fl[0], false, dry);
    return cy + pad - y;
}

static int lout_sign(ui *u, const doc_node *c, int x, int y, int w, bool dry)
{
    int pad = dp(u, 24), cx = x + pad, iw = w - 2 * pad, cy = y + pad, is = dp(u, 24);
    const doc_node *ini = doc_get(c, "initials"), *sg = doc_get(c, "signer");
    char aside[48];
    snprintf(aside, sizeof aside, "%d %s", (int)doc_len(ini), T(u, "paraf"));
    cy += cards_title(u, cx, cy, iw, T(u, "Paraf verifikator"), aside, dry);
    if (doc_len(ini) == 0)
        cy += cards_caption(u, cx, cy, iw, T(u, "Belum ada paraf verifikator."), dry) + dp(u, 8);
    int rw = dp(u, 264), tx = cx + is + dp(u, 16), tw = iw - (tx - cx) - rw - dp(u, 16);
    for (size_t i = 0; i < doc_len(ini); i++) {
        const doc_node *p = doc_at(ini, i);
        char when[FMT_CAP];
        cards_time(u, doc_str(p, "at", ""), when, sizeof when);
        int h = kit_wrap(u, tx, cy, tw, doc_str(p, "name", "\xE2\x80\x94"), TEXT_BODY, FONT_BOLD,
                         u->t.text, 2, dry);
        h += kit_wrap(u, tx, cy + h, tw, doc_str(p, "title", ""), TEXT_SMALL, FONT_REGULAR,
                      u->t.text_muted, 2, dry);
        if (!dry) {
            cards_icon(u, IC_OK, cx, cy, is, u->t.success);
            int pw = cards_pill(u, 0, 0, IC_NONE, TONE_OK, T(u, "Sudah paraf"), true);
            cards_pill(u, cx + iw - pw, cy, IC_NONE, TONE_OK, T(u, "Sudah paraf"), false);
            kit_text(u, (draw_rect){cx + iw - rw, cy + dp(u, 28), rw, kit_line(u, TEXT_SMALL)},
                     when, TEXT_SMALL, FONT_REGULAR, u->t.text_muted, ALIGN_RIGHT);
            if (i + 1 < doc_len(ini)) /* the chain of initials */
                draw_rect_fill(u->l,
                               (draw_rect){cx + is / 2 - 1, cy + is + dp(u, 4), 2,
                                           (h > dp(u, 48) ? h : dp(u, 48)) - is},
                               u->t.divider, 0);
        }
        cy += (h > dp(u, 48) ? h : dp(u, 48)) + dp(u, 12);
    }
    if (!dry)
        kit_divider(u, cx, cy, iw);
    cy += dp(u, 20);
    if (!dry)
        kit_text(u, (draw_rect){cx, cy, iw, kit_line(u, TEXT_TITLE)}, T(u, "Penanda tangan"),
                 TEXT_TITLE, FONT_BOLD, u->t.text, ALIGN_LEFT);
    cy += kit_line(u, TEXT_TITLE) + dp(u, 8);
    cy += kit_wrap(u, cx, cy, iw, doc_str(sg, "name", "\xE2\x80\x94"), TEXT_BODY, FONT_BOLD,
                   u->t.text, 2, dry);
    if (strcmp(doc_str(sg, "id", "sekda"), "sekda") != 0)
        cy += kit_wrap(u, cx, cy, iw, T(u, "a.n. Sekretaris Daerah Provinsi Bali"), TEXT_SMALL,
                       FONT_REGULAR, u->t.text, 1, dry);
    cy += kit_wrap(u, cx, cy, iw, doc_str(sg, "title", ""), TEXT_SMALL, FONT_REGULAR,
                   u->t.text_muted, 2, dry) +
          dp(u, 16);
    cy += cards_note(u, cx, cy, iw, IC_LOCK, TONE_INFO,
                     T(u, "Tanda tangan elektronik tersertifikasi (BSrE)"),
                     T(u, "Penandatanganan memerlukan passphrase sertifikat elektronik penanda "
                          "tangan. Naskah yang sudah ditandatangani tidak dapat diubah."),
                     dry);
    return cy + pad - y;
}

int cards_letter_out(ui *u, const doc_node *c, int x, int y, int w)
{
    static const card_fn fns[] = {lout_main, lout_sign};
    return cards_stack(u, c, x, y, w, fns, sizeof fns / sizeof fns[0]);
}
