/* ui_inbox: "Kotak Masuk". A sidebar with the needs-action/all switch and a counter per group,
 * and the list of items as cards (urgency stripe, type, agency, title, summary, deadline). Only
 * the rows in view are emitted, so 10,000 items cost what 10 do. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

static const char *const type_labels[ITEM_TYPES] = {
    "Laporan pendapatan", "Laporan audit", "Pengadaan", "SPJ",
    "Surat masuk",        "Naskah keluar", "Anggaran"};

const char *ui_type_label(const ui *u, item_type t);
const char *ui_type_label(const ui *u, item_type t)
{
    return t < ITEM_TYPES ? T(u, type_labels[t]) : "";
}

static const char *const group_labels[APP_GROUPS] = {
    "Laporan", "Surat disposisi", "Surat untuk ditandatangani", "SPJ", "Pengadaan"};

static void sidebar(ui *u, int x, int y, int w, int h)
{
    const app_state *s = u->s;
    draw_rect_fill(u->l, (draw_rect){x, y, w, h}, u->t.surface, 0);
    int pad = dp(u, 16), cy = y + pad;
    /* Needs action / all: a two-part switch. */
    int half = (w - 2 * pad) / 2;
    const char *labels[2] = {T(u, "Perlu tindakan"), T(u, "Semua")};
    static const char *const ids[2] = {"filter-action", "filter-all"};
    draw_rect sw = {x + pad, cy, w - 2 * pad, dp(u, 48)};
    draw_rect_fill(u->l, sw, u->t.surface_alt, dp(u, 10));
    for (int i = 0; i < 2; i++) {
        draw_rect r = {x + pad + i * half, cy, half, dp(u, 48)};
        bool on = s->filter_all == i;
        if (on) {
            draw_rect in = {r.x + dp(u, 4), r.y + dp(u, 4), r.w - dp(u, 8), r.h - dp(u, 8)};
            draw_rect_fill(u->l, in, u->t.primary, dp(u, 8));
        }
        kit_text(u, r, labels[i], TEXT_BODY, FONT_BOLD, on ? u->t.on_primary : u->t.text,
                 ALIGN_CENTER);
        draw_hit_add(u->l, r, ids[i], labels[i], ACT_FILTER, i);
    }
    cy += dp(u, 64);
    /* Groups with counters. */
    int total = 0;
    for (int g = 0; g < APP_GROUPS; g++)
        total += s->counts[g];
    for (int g = -1; g < APP_GROUPS; g++) {
        draw_rect r = {x + dp(u, 8), cy, w - dp(u, 16), dp(u, 52)};
        bool on = s->type_filter == g;
        char id[24];
        snprintf(id, sizeof id, "group-%d", g + 1);
        bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
        if (on || pressed)
            draw_rect_fill(u->l, r, pressed ? u->t.divider : u->t.info_bg, dp(u, 8));
        const char *label = g < 0 ? T(u, "Semua jenis") : T(u, group_labels[g]);
        kit_text(u, (draw_rect){r.x + dp(u, 12), r.y, r.w - dp(u, 76), r.h}, label, TEXT_BODY,
                 on ? FONT_BOLD : FONT_REGULAR, on ? u->t.primary : u->t.text, ALIGN_LEFT);
        char n[16];
        snprintf(n, sizeof n, "%d", g < 0 ? total : s->counts[g]);
        int cw = kit_text_width(u, n, TEXT_SMALL, FONT_BOLD) + dp(u, 20);
        if (cw < dp(u, 32))
            cw = dp(u, 32);
        draw_rect c = {r.x + r.w - cw - dp(u, 12), r.y + (r.h - dp(u, 24)) / 2, cw, dp(u, 24)};
        draw_rect_fill(u->l, c, on ? u->t.primary : u->t.surface_alt, dp(u, 12));
        draw_label(u->l, c, n, TEXT_SMALL, FONT_BOLD, on ? u->t.on_primary : u->t.text,
                   ALIGN_CENTER);
        draw_hit_add(u->l, r, id, label, ACT_TYPE_FILTER, g);
        cy += dp(u, 56);
    }
}

static void row(ui *u, draw_rect r, draw_rect area, const inbox_row *it, int index)
{
    const app_state *s = u->s;
    char id[96];
    snprintf(id, sizeof id, "item-%s", it->id);
    bool pressed = u->c->pressed && strcmp(u->c->pressed, id) == 0;
    draw_shadow(u->l, r, dp(u, 10), dp(u, 3));
    draw_rect_fill(u->l, r, pressed ? u->t.surface_alt : u->t.surface, dp(u, 10));
    draw_color stripe = it->urgency == URGENCY_VERY_SOON ? u->t.danger
                        : it->urgency == URGENCY_SOON    ? u->t.warning
                                                         : u->t.divider;
    draw_rect_fill(u->l, (draw_rect){r.x, r.y, dp(u, 6), r.h}, stripe, dp(u, 3));
    int x = r.x + dp(u, 24), right = dp(u, 240);
    int tw = r.w - (x - r.x) - right - dp(u, 16);
    int y = r.y + dp(u, 14);
    /* Type and agency. */
    int px = x + kit_pill(u, x, y, ui_type_label(u, it->type), u->t.primary, u->t.info_bg);
    kit_text(u, (draw_rect){px + dp(u, 12), y, tw - (px - x) - dp(u, 12), dp(u, 24)},
             it->agency_name[0] ? it->agency_name : it->agency_code, TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_LEFT);
    y += dp(u, 30);
    kit_text(u, (draw_rect){x, y, tw, dp(u, 26)}, it->title, TEXT_BODY, FONT_BOLD, u->t.text,
             ALIGN_LEFT);
    y += dp(u, 26);
    kit_text(u, (draw_rect){x, y, tw, dp(u, 22)}, it->summary, TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_LEFT);
    /* Right column: urgency, deadline, received. */
    int rx = r.x + r.w - right, ry = r.y + dp(u, 14);
    if (it->urgency != URGENCY_NORMAL) {
        const char *word =
            it->urgency == URGENCY_VERY_SOON ? T(u, "Sangat segera") : T(u, "Segera");
        draw_color fg = it->urgency == URGENCY_VERY_SOON ? u->t.danger : u->t.warning;
        draw_color bg = it->urgency == URGENCY_VERY_SOON ? u->t.danger_bg : u->t.warning_bg;
        int pw = kit_text_width(u, word, TEXT_SMALL, FONT_BOLD) + dp(u, 20);
        kit_pill(u, r.x + r.w - pw - dp(u, 16), ry, word, fg, bg);
    }
    ry += dp(u, 30);
    int64_t wall = app_wall(s);
    if (it->deadline) {
        char d[96];
        fmt_deadline(wall, it->deadline, &s->tz, s->lang, d, sizeof d);
        deadline_state ds = fmt_deadline_state(wall, it->deadline, &s->tz);
        draw_color c = ds == DEADLINE_OVERDUE ? u->t.danger
                       : ds == DEADLINE_TODAY ? u->t.warning
                                              : u->t.text;
        kit_text(u, (draw_rect){rx, ry, right - dp(u, 16), dp(u, 24)}, d, TEXT_SMALL, FONT_BOLD, c,
                 ALIGN_RIGHT);
    }
    ry += dp(u, 24);
    char rec[64];
    fmt_date_short(it->received_at, &s->tz, s->lang, rec, sizeof rec);
    kit_text(u, (draw_rect){rx, ry, right - dp(u, 16), dp(u, 22)}, rec, TEXT_SMALL, FONT_REGULAR,
             u->t.text_muted, ALIGN_RIGHT);
    /* Only the part of the card inside the list area is touchable. */
    int top = r.y > area.y ? r.y : area.y,
        bottom = r.y + r.h < area.y + area.h ? r.y + r.h : area.y + area.h;
    if (bottom > top)
        draw_hit_add(u->l, (draw_rect){r.x, top, r.w, bottom - top}, id, it->title, ACT_OPEN_ITEM,
                     index);
}

void ui_inbox(ui *u, ui_metrics *m)
{
    const app_state *s = u->s;
    int top = kit_topbar(u, T(u, "Kotak Masuk"), false, NULL);
    /* Sync status and buttons on the bar. */
    char sync[120] = "";
    if (s->inbox_loading) {
        snprintf(sync, sizeof sync, "%s", T(u, "Menyinkronkan\xE2\x80\xA6"));
    } else if (s->inbox.synced_at) {
        char t[40];
        fmt_time(s->inbox.synced_at, &s->tz, s->lang, t, sizeof t);
        snprintf(sync, sizeof sync,
                 s->inbox_cached ? T(u, "Offline \xC2\xB7 terakhir disinkronkan %s")
                                 : T(u, "Terakhir disinkronkan %s"),
                 t);
    }
    int bw = dp(u, 136), bh = dp(u, 44);
    int bx = u->c->w - dp(u, 16) - bw;
    kit_button(u, (draw_rect){bx, (top - bh) / 2, bw, bh}, "lock", T(u, "Kunci"), BTN_QUIET,
               ACT_LOCK_NOW, 0);
    bx -= bw + dp(u, 12);
    kit_button(u, (draw_rect){bx, (top - bh) / 2, bw, bh}, "refresh", T(u, "Muat ulang"), BTN_QUIET,
               ACT_REFRESH, 0);
    /* The outbox, with how many decisions still wait for the hub. */
    char out_label[64];
    if (s->outbox_pending > 0)
        snprintf(out_label, sizeof out_label, T(u, "Kotak Keluar (%d)"), s->outbox_pending);
    else
        snprintf(out_label, sizeof out_label, "%s", T(u, "Kotak Keluar"));
    int ow = kit_text_width(u, out_label, TEXT_BODY, FONT_BOLD) + dp(u, 40);
    bx -= ow + dp(u, 12);
    kit_button(u, (draw_rect){bx, (top - bh) / 2, ow, bh}, "outbox", out_label, BTN_QUIET,
               ACT_OPEN_OUTBOX, 0);
    int sw = dp(u, 280);
    kit_text(u, (draw_rect){bx - sw - dp(u, 16), 0, sw, top}, sync, TEXT_SMALL, FONT_REGULAR,
             u->t.on_primary, ALIGN_RIGHT);

    int side = dp(u, 328);
    sidebar(u, 0, top, side, u->c->h - top);
    int x = side + dp(u, 24), w = u->c->w - x - dp(u, 24);
    int y = top + dp(u, 16);
    y += ui_net_banner(u, x, y, w);
    draw_rect area = {side, y, u->c->w - side, u->c->h - y};
    m->scroll_area = area;
    int rh = dp(u, 112), gap = dp(u, 12);
    if (s->n_visible == 0) {
        const char *msg = T(u, "Tidak ada yang perlu ditindaklanjuti");
        if (!s->inbox.synced_at) /* never loaded: say so rather than "nothing to do" */
            msg = s->inbox_loading ? T(u, "Memuat kotak masuk\xE2\x80\xA6")
                                   : T(u, "Kotak masuk belum dapat dimuat.");
        kit_text(u, (draw_rect){x, y + dp(u, 80), w, dp(u, 32)}, msg, TEXT_TITLE, FONT_REGULAR,
                 u->t.text_muted, ALIGN_CENTER);
        return;
    }
    float content = (float)s->n_visible * (float)(rh + gap) + (float)dp(u, 16);
    float max = content - (float)area.h;
    m->inbox_scroll_max = max > 0 ? max : 0;
    draw_clip_push(u->l, area);
    int first = (int)(s->scroll / (float)(rh + gap));
    if (first < 0)
        first = 0;
    for (size_t i = (size_t)first; i < s->n_visible; i++) {
        int ry = y + (int)((float)i * (float)(rh + gap) - s->scroll);
        if (ry > u->c->h)
            break;
        row(u, (draw_rect){x, ry, w, rh}, area, &s->inbox.rows[s->visible[i]], (int)i);
    }
    draw_clip_pop(u->l);
}
