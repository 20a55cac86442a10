/* ui_detail: one item. A scrolling column with the header, the type's own card (ui_cards.c) and
 * the timeline; beside it the attachments and the decision buttons. Also the full-screen page
 * viewer with zoom and pan. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

const char *ui_type_label(const ui *u, item_type t);

static btn_style action_style(const char *code)
{
    if (strcmp(code, "reject") == 0)
        return BTN_DANGER;
    if (strcmp(code, "return") == 0)
        return BTN_SECONDARY;
    if (strcmp(code, "approve") == 0 || strcmp(code, "sign") == 0 ||
        strcmp(code, "acknowledge") == 0)
        return BTN_SUCCESS;
    return BTN_PRIMARY;
}

static int header_card(ui *u, int x, int y, int w, bool dry)
{
    const app_state *s = u->s;
    const doc_node *it = doc_root(s->item);
    int pad = dp(u, 24), cy = y + pad, iw = w - 2 * pad;
    if (!dry) {
        int px = x + pad;
        px += kit_pill(u, px, cy, ui_type_label(u, model_item_type(doc_str(it, "type", ""))),
                       u->t.primary, u->t.info_bg) +
              dp(u, 8);
        item_urgency urg = model_urgency(doc_str(it, "urgency", ""));
        if (urg != URGENCY_NORMAL)
            kit_pill(u, px, cy, urg == URGENCY_VERY_SOON ? T(u, "Sangat segera") : T(u, "Segera"),
                     urg == URGENCY_VERY_SOON ? u->t.danger : u->t.warning,
                     urg == URGENCY_VERY_SOON ? u->t.danger_bg : u->t.warning_bg);
    }
    cy += dp(u, 36);
    cy += kit_wrap(u, x + pad, cy, iw, doc_str(it, "title", ""), TEXT_TITLE, FONT_BOLD, u->t.text,
                   3, dry);
    cy += dp(u, 4);
    cy += kit_wrap(u, x + pad, cy, iw, doc_str(doc_get(it, "agency"), "name", ""), TEXT_BODY,
                   FONT_REGULAR, u->t.text_muted, 1, dry);
    cy += dp(u, 12);
    cy += kit_wrap(u, x + pad, cy, iw, doc_str(it, "summary", ""), TEXT_BODY, FONT_REGULAR,
                   u->t.text, 0, dry);
    cy += dp(u, 16);
    int64_t rec = 0, dl = 0;
    wire_time_parse(doc_str(it, "received_at", ""), &rec);
    wire_time_parse(doc_str(it, "deadline", ""), &dl);
    char a[96] = "", b[96] = "";
    if (rec)
        fmt_datetime(rec, &s->tz, s->lang, a, sizeof a);
    if (dl)
        fmt_datetime(dl, &s->tz, s->lang, b, sizeof b);
    int col = iw / 2;
    int h1 = dry ? kit_line(u, TEXT_SMALL) + kit_line(u, TEXT_BODY)
                 : kit_field(u, x + pad, cy, col - dp(u, 16), T(u, "Diterima"), a);
    if (!dry)
        kit_field(u, x + pad + col, cy, col, T(u, "Tenggat"), dl ? b : T(u, "Tanpa tenggat"));
    cy += h1 + pad;
    return cy - y;
}

static int timeline_card(ui *u, int x, int y, int w, bool dry)
{
    const app_state *s = u->s;
    const doc_node *tl = doc_get(doc_root(s->item), "timeline");
    int pad = dp(u, 24), cy = y + pad, iw = w - 2 * pad - dp(u, 24);
    if (!dry)
        kit_text(u, (draw_rect){x + pad, cy, iw, dp(u, 28)}, T(u, "Riwayat"), TEXT_TITLE, FONT_BOLD,
                 u->t.text, ALIGN_LEFT);
    cy += dp(u, 40);
    for (size_t i = 0; i < doc_len(tl); i++) {
        const doc_node *e = doc_at(tl, i);
        int64_t at = 0;
        char when[96] = "";
        if (wire_time_parse(doc_str(e, "at", ""), &at))
            fmt_datetime(at, &s->tz, s->lang, when, sizeof when);
        int ex = x + pad + dp(u, 24);
        if (!dry) {
            draw_rect dot = {x + pad, cy + dp(u, 4), dp(u, 12), dp(u, 12)};
            draw_rect_fill(u->l, dot, u->t.primary, dp(u, 6));
            if (i + 1 < doc_len(tl))
                draw_rect_fill(u->l,
                               (draw_rect){x + pad + dp(u, 5), cy + dp(u, 18), dp(u, 2), dp(u, 52)},
                               u->t.divider, 0);
        }
        cy += kit_wrap(u, ex, cy, iw, doc_str(e, "actor", ""), TEXT_BODY, FONT_BOLD, u->t.text, 2,
                       dry);
        cy += kit_wrap(u, ex, cy, iw, when, TEXT_SMALL, FONT_REGULAR, u->t.text_muted, 1, dry);
        const char *note = doc_str(e, "note", "");
        if (note[0])
            cy += kit_wrap(u, ex, cy, iw, note, TEXT_SMALL, FONT_REGULAR, u->t.text, 3, dry);
        cy += dp(u, 16);
    }
    cy += dp(u, 8);
    return cy - y;
}

/* Cards are drawn twice: a dry pass for their height (cards sit under their content), then for
 * real. */
static int card_block(ui *u, int x, int y, int w, int (*fn)(ui *, int, int, int, bool))
{
    int h = fn(u, x, y, w, true);
    kit_card(u, (draw_rect){x, y, w, h});
    fn(u, x, y, w, false);
    return h;
}

static void side_panel(ui *u, int x, int y, int w, int h)
{
    const app_state *s = u->s;
    int pad = dp(u, 20);
    const char *acts[8];
    size_t na = app_item_actions(s, acts);
    int bh = dp(u, 56), gap = dp(u, 12);
    int actions_h = (int)na * (bh + gap) + pad;
    /* Attachments. */
    draw_rect card = {x, y, w, h - actions_h - dp(u, 16)};
    kit_card(u, card);
    kit_text(u, (draw_rect){x + pad, y + pad, w - 2 * pad, dp(u, 28)}, T(u, "Lampiran"), TEXT_TITLE,
             FONT_BOLD, u->t.text, ALIGN_LEFT);
    int tw = (w - 2 * pad - dp(u, 16)) / 2, th = tw * 1403 / 992;
    int ty = y + pad + dp(u, 44);
    if (s->n_pages == 0)
        kit_text(u, (draw_rect){x + pad, ty, w - 2 * pad, dp(u, 24)}, T(u, "Tidak ada lampiran"),
                 TEXT_BODY, FONT_REGULAR, u->t.text_muted, ALIGN_LEFT);
    for (int i = 0; i < s->n_pages; i++) {
        draw_rect r = {x + pad + (i % 2) * (tw + dp(u, 16)), ty + (i / 2) * (th + dp(u, 40)), tw,
                       th};
        if (r.y + r.h > card.y + card.h - dp(u, 8))
            break;
        draw_rect_fill(u->l, r, u->t.surface_alt, dp(u, 4));
        draw_frame(u->l, r, u->t.divider, dp(u, 4), 1);
        const app_page *p = &s->pages[i];
        if (p->state == LOAD_OK)
            draw_image(u->l, (draw_rect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}, p->key);
        else
            kit_text(u, r,
                     p->state != LOAD_FAILED      ? T(u, "Memuat\xE2\x80\xA6")
                     : p->status == NET_MALFORMED ? T(u, "Gambar rusak")
                                                  : T(u, "Gagal dimuat"),
                     TEXT_SMALL, FONT_REGULAR,
                     p->state == LOAD_FAILED ? u->t.danger : u->t.text_muted, ALIGN_CENTER);
        char label[48], id[24];
        snprintf(label, sizeof label, T(u, "Halaman %d"), i + 1);
        snprintf(id, sizeof id, "page-%d", i + 1);
        kit_text(u, (draw_rect){r.x, r.y + r.h + dp(u, 4), r.w, dp(u, 24)}, label, TEXT_SMALL,
                 FONT_REGULAR, u->t.text_muted, ALIGN_CENTER);
        draw_hit_add(u->l, r, id, label, ACT_OPEN_PAGE, i);
    }
    /* Decisions. */
    int ay = y + h - actions_h;
    for (size_t i = 0; i < na; i++) {
        char id[40];
        snprintf(id, sizeof id, "action-%s", acts[i]);
        kit_button(u, (draw_rect){x, ay, w, bh}, id, kit_action_label(u, acts[i]),
                   action_style(acts[i]), ACT_DECIDE, (int)i);
        ay += bh + gap;
    }
}

/* The name of a changed member of an item, for people. */
static const char *changed_label(ui *u, const char *key, char *buf, size_t cap)
{
    static const char *const names[][2] = {
        {"agency", "Instansi"},   {"attachments", "Lampiran"},
        {"bidders", "Peserta"},   {"ceiling", "Pagu"},
        {"deadline", "Tenggat"},  {"hps", "HPS"},
        {"pokja", "Pokja"},       {"proposed_winner", "Calon pemenang"},
        {"savings", "Efisiensi"}, {"summary", "Ringkasan"},
        {"title", "Judul"},       {"total", "Jumlah"},
        {"urgency", "Sifat"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(key, names[i][0]) == 0)
            return tr(u->s->lang, names[i][1]);
    snprintf(buf, cap, "%s", key); /* a member without a label: its name, readable */
    for (char *c = buf; *c; c++)
        if (*c == '_')
            *c = ' ';
    return buf;
}

/* The user's last decision on this item met a conflict: what happened, what changed, and that
 * the buttons on the right decide again. Returns its height. */
static int conflict_banner(ui *u, int x, int y, int w)
{
    const app_state *s = u->s;
    if (!s->conflict)
        return 0;
    char head[200], what[400] = "", buf[APP_MAX_CHANGED][48];
    bool decided = strcmp(s->conflict_code, "already_decided") == 0;
    snprintf(head, sizeof head,
             decided ? T(u, "Keputusan Anda (%s) tidak diterapkan: dokumen ini sudah diputuskan.")
                     : T(u, "Keputusan Anda (%s) tidak diterapkan: dokumen berubah sesudahnya."),
             kit_action_label(u, s->conflict_action));
    size_t k = 0;
    for (int i = 0; i < s->n_conflict_changed && k < sizeof what; i++) {
        int n = snprintf(what + k, sizeof what - k, "%s%s", i ? ", " : "",
                         changed_label(u, s->conflict_changed[i], buf[i], sizeof buf[i]));
        k += n > 0 ? (size_t)n : 0;
    }
    char line2[520];
    if (decided)
        snprintf(line2, sizeof line2, "%s", T(u, "Lihat riwayat di bawah."));
    else if (what[0])
        snprintf(line2, sizeof line2, T(u, "Yang berubah: %s. Periksa, lalu putuskan lagi."), what);
    else
        snprintf(line2, sizeof line2, "%s", T(u, "Periksa dokumen, lalu putuskan lagi."));
    int h = dp(u, 84);
    draw_rect_fill(u->l, (draw_rect){x, y, w, h}, u->t.danger_bg, dp(u, 8));
    kit_text(u, (draw_rect){x + dp(u, 16), y + dp(u, 10), w - dp(u, 32), dp(u, 30)}, head,
             TEXT_BODY, FONT_BOLD, u->t.danger, ALIGN_LEFT);
    kit_text(u, (draw_rect){x + dp(u, 16), y + dp(u, 44), w - dp(u, 32), dp(u, 28)}, line2,
             TEXT_BODY, FONT_REGULAR, u->t.text, ALIGN_LEFT);
    return h + dp(u, 16);
}

void ui_detail(ui *u, ui_metrics *m)
{
    const app_state *s = u->s;
    const doc_node *it = doc_root(s->item);
    const char *title =
        s->item ? ui_type_label(u, model_item_type(doc_str(it, "type", ""))) : T(u, "Dokumen");
    int top = kit_topbar(u, title, true, T(u, "Kotak Masuk"));
    int side = dp(u, 376), gap = dp(u, 24);
    int x = gap, w = u->c->w - side - 3 * gap;
    int y = top + gap;
    int banner = ui_net_banner(u, x, y, u->c->w - 2 * gap);
    y += banner;
    if (s->item_state == LOAD_OK)
        y += conflict_banner(u, x, y, u->c->w - 2 * gap);
    if (s->item_state != LOAD_OK) {
        const char *msg = s->item_state == LOAD_FAILED ? T(u, "Dokumen tidak dapat dimuat.")
                                                       : T(u, "Memuat dokumen\xE2\x80\xA6");
        kit_text(u, (draw_rect){x, y + dp(u, 80), u->c->w - 2 * gap, dp(u, 32)}, msg, TEXT_TITLE,
                 FONT_REGULAR, u->t.text_muted, ALIGN_CENTER);
        if (s->item_state == LOAD_FAILED && !banner)
            kit_button(
                u, (draw_rect){(u->c->w - dp(u, 200)) / 2, y + dp(u, 140), dp(u, 200), dp(u, 52)},
                "retry", T(u, "Coba lagi"), BTN_PRIMARY, ACT_RETRY, 0);
        return;
    }
    draw_rect area = {0, y - gap / 2, x + w + gap / 2, u->c->h - y + gap / 2};
    m->scroll_area = area;
    draw_clip_push(u->l, area);
    int cy = y - (int)s->detail_scroll;
    cy += card_block(u, x, cy, w, header_card) + gap;
    int ch = ui_item_card(u, x, cy, w);
    cy += ch ? ch + gap : 0;
    cy += card_block(u, x, cy, w, timeline_card) + gap;
    draw_clip_pop(u->l);
    float content = (float)(cy + (int)s->detail_scroll - y);
    float max = content - (float)(u->c->h - y);
    m->detail_scroll_max = max > 0 ? max : 0;
    side_panel(u, x + w + gap, y, side, u->c->h - y - gap);
}

void ui_viewer(ui *u, ui_metrics *m)
{
    const app_state *s = u->s;
    draw_color black = {0x20, 0x23, 0x28, 0xFF};
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, black, 0);
    int top = dp(u, 64);
    draw_rect area = {0, top, u->c->w, u->c->h - top};
    m->viewer_area = area;
    const app_page *p = s->page < s->n_pages ? &s->pages[s->page] : NULL;
    /* Double tap toggles zoom: the whole page area is one hit region, under every button. */
    draw_hit_add(u->l, area, "page-area", "", ACT_ZOOM_TOGGLE, 0);
    draw_clip_push(u->l, area);
    if (p && p->state == LOAD_OK && p->w > 0 && p->h > 0) {
        /* Fit the page in the area, then zoom about the centre and pan. */
        float fit = (float)(area.w - dp(u, 32)) / (float)p->w;
        float fh = (float)(area.h - dp(u, 32)) / (float)p->h;
        if (fh < fit)
            fit = fh;
        float sc = fit * s->zoom;
        int iw = (int)((float)p->w * sc), ih = (int)((float)p->h * sc);
        int ix = area.x + (area.w - iw) / 2 + (int)s->pan_x;
        int iy = area.y + (area.h - ih) / 2 + (int)s->pan_y;
        draw_rect_fill(u->l, (draw_rect){ix, iy, iw, ih}, (draw_color){255, 255, 255, 255}, 0);
        draw_image(u->l, (draw_rect){ix, iy, iw, ih}, p->key);
    } else if (p && p->state == LOAD_FAILED) {
        draw_rect r = {(u->c->w - dp(u, 560)) / 2, top + dp(u, 160), dp(u, 560), dp(u, 200)};
        draw_rect_fill(u->l, r, u->t.surface, dp(u, 12));
        kit_wrap(u, r.x + dp(u, 32), r.y + dp(u, 32), r.w - dp(u, 64),
                 T(u, "Gambar lampiran rusak dan tidak dapat ditampilkan."), TEXT_TITLE, FONT_BOLD,
                 u->t.text, 2, false);
        kit_button(u, (draw_rect){r.x + dp(u, 32), r.y + r.h - dp(u, 84), dp(u, 200), dp(u, 52)},
                   "retry", T(u, "Coba lagi"), BTN_PRIMARY, ACT_RETRY, 0);
    } else {
        kit_text(u, area, T(u, "Memuat halaman\xE2\x80\xA6"), TEXT_TITLE, FONT_REGULAR,
                 (draw_color){0xDD, 0xDD, 0xDD, 0xFF}, ALIGN_CENTER);
    }
    draw_clip_pop(u->l);
    char title[64];
    snprintf(title, sizeof title, T(u, "Halaman %d dari %d"), s->page + 1, s->n_pages);
    kit_topbar(u, title, true, T(u, "Tutup"));
    int bw = dp(u, 64), bh = dp(u, 96);
    if (s->page > 0)
        kit_button(u, (draw_rect){dp(u, 16), (u->c->h - bh) / 2, bw, bh}, "page-prev",
                   "\xE2\x80\xB9", BTN_QUIET, ACT_PAGE_PREV, 0);
    if (s->page + 1 < s->n_pages)
        kit_button(u, (draw_rect){u->c->w - bw - dp(u, 16), (u->c->h - bh) / 2, bw, bh},
                   "page-next", "\xE2\x80\xBA", BTN_QUIET, ACT_PAGE_NEXT, 0);
}
