/* ui_field_list: "Tugas Lapangan", the officer's assignments. A status strip says how fresh the
 * list is and whether the location is usable, with the way to the sent reports; then one card per
 * assignment in s->list's order (title, agency, place, due, priority, the report's state), or a
 * message saying why there is nothing to show. Only the cards in view are emitted. */
#include "ui_field_int.h"

#include <stdio.h>
#include <string.h>

/* The list's freshness in words: "Diperbarui 09.42 WITA", "Tidak terhubung · data tersimpan". */
static fui_look net_look(fui *f, char *buf, size_t cap)
{
    const field_state *s = f->s;
    const ui_theme *t = &f->u.t;
    char when[FMT_CAP] = "";
    if (s->synced_at)
        fui_when(f, s->synced_at, when, sizeof when);
    if (s->fetching) {
        snprintf(buf, cap, "%s", tr(f->L, "Memperbarui tugas\xE2\x80\xA6"));
        return (fui_look){buf, FI_UP, t->primary, t->info_bg};
    }
    if (s->net == NET_OK && s->cached && s->list) { /* from the device, before the first fetch */
        if (when[0])
            snprintf(buf, cap, tr(f->L, "Data tersimpan %s"), when);
        else
            snprintf(buf, cap, "%s", tr(f->L, "Data tersimpan"));
        return (fui_look){buf, FI_CLOCK, t->primary, t->info_bg};
    }
    if (s->net == NET_OK) {
        if (s->synced_at)
            snprintf(buf, cap, tr(f->L, "Diperbarui %s"), when);
        else
            snprintf(buf, cap, "%s", tr(f->L, "Belum diperbarui"));
        return (fui_look){buf, FI_CHECK, t->success, t->success_bg};
    }
    const char *why;
    switch (s->net) {
    case NET_TLS:
        why = tr(f->L, "Sambungan aman gagal");
        break;
    case NET_SERVER:
    case NET_MALFORMED:
        why = tr(f->L, "Server bermasalah");
        break;
    case NET_NOT_ENROLLED:
        why = tr(f->L, "Tablet belum terdaftar");
        break;
    case NET_REFUSED:
        why = tr(f->L, "Ditolak server");
        break;
    case NET_STORAGE:
        why = tr(f->L, "Penyimpanan tablet bermasalah");
        break;
    default:
        why = tr(f->L, "Tidak terhubung");
        break;
    }
    if (s->list && when[0])
        snprintf(buf, cap, tr(f->L, "%s \xC2\xB7 data tersimpan %s"), why, when);
    else if (s->list)
        snprintf(buf, cap, tr(f->L, "%s \xC2\xB7 data tersimpan"), why);
    else
        snprintf(buf, cap, "%s", why);
    return (fui_look){buf, FI_ALERT, t->danger, t->danger_bg};
}

/* One status line: a coloured icon and the words beside it. */
static void status_line(fui *f, int x, int y, int w, int h, const fui_look *lk)
{
    int isz = fd(f, 30);
    fui_icon_draw(f, lk->icon, (draw_rect){x, y + (h - isz) / 2, isz, isz}, lk->fg);
    kit_text(&f->u, (draw_rect){x + isz + fd(f, 14), y, w - isz - fd(f, 14), h}, lk->word, F_BODY,
             FONT_BOLD, f->sun ? f->u.t.text : lk->fg, ALIGN_LEFT);
}

static int strip(fui *f, int top)
{
    const field_state *s = f->s;
    int w = f->u.c->w, h = fd(f, 112), pad = fd(f, 24);
    draw_rect_fill(f->u.l, (draw_rect){0, top, w, h}, f->u.t.surface, 0);
    draw_rect_fill(f->u.l, (draw_rect){0, top + h - f->border, w, f->border},
                   f->sun ? f->line : f->u.t.divider, 0);
    int waiting = 0;
    for (int i = 0; i < s->n_reports; i++)
        waiting += s->reports[i].state == REPORT_WAITING || s->reports[i].state == REPORT_SENDING;
    char label[80];
    if (waiting)
        snprintf(label, sizeof label, tr(f->L, "Laporan saya \xC2\xB7 %d menunggu"), waiting);
    else
        snprintf(label, sizeof label, "%s", tr(f->L, "Laporan saya"));
    int bw = fui_button_w(f, label, waiting ? FI_CLOCK : FI_UP);
    draw_rect br = {w - pad - bw, top + (h - fd(f, 76)) / 2, bw, fd(f, 76)};
    fui_button(f, br, "reports", label, waiting ? FI_CLOCK : FI_UP, FB_SECONDARY, FIELD_ACT_REPORTS,
               0);
    char a[200], b[200];
    fui_look net = net_look(f, a, sizeof a), gps = fui_gps_look(f, b, sizeof b);
    int lw = br.x - 2 * pad, lh = fd(f, 40);
    status_line(f, pad, top + h / 2 - lh - fd(f, 2), lw, lh, &net);
    status_line(f, pad, top + h / 2 + fd(f, 2), lw, lh, &gps);
    return h;
}

/* A message in the middle of the list area: why it is empty, and what to do. */
static void empty(fui *f, draw_rect area, fui_icon ic, const char *title, const char *body,
                  bool retry)
{
    int w = area.w - fd(f, 96);
    if (w > fd(f, 760))
        w = fd(f, 760);
    int x = area.x + (area.w - w) / 2, y = area.y + fd(f, 56), isz = fd(f, 56);
    fui_icon_draw(f, ic, (draw_rect){x, y, isz, isz},
                  ic == FI_ALERT ? f->u.t.danger : f->u.t.primary);
    y += isz + fd(f, 20);
    kit_wrap(&f->u, x, y, w, title, F_HEAD, FONT_BOLD, f->u.t.text, 2, false);
    y += kit_line(&f->u, F_HEAD) + fd(f, 16);
    y += kit_wrap(&f->u, x, y, w, body, F_BODY, f->bw, f->u.t.text_muted, 5, false);
    if (retry) {
        const char *label = tr(f->L, "Coba lagi");
        int bw = fui_button_w(f, label, FI_NONE);
        if (bw < fd(f, 240))
            bw = fd(f, 240);
        fui_button(f, (draw_rect){x, y + fd(f, 28), bw, fd(f, 80)}, "retry", label, FI_NONE,
                   FB_PRIMARY, FIELD_ACT_REFRESH, 0);
    }
}

/* A narrow card (portrait) puts the badges in a row under the text instead of beside it. */
static bool card_narrow(fui *f, int w)
{
    return w < fd(f, 900);
}

static int card_height(fui *f, int w)
{
    int h = 2 * fd(f, 20) + 4 * kit_line(&f->u, F_BODY) + 3 * fd(f, 6);
    return card_narrow(f, w) ? h + fd(f, 60) : h;
}

static void card(fui *f, draw_rect r, const field_assignment *a, int index)
{
    const field_state *s = f->s;
    const ui_theme *t = &f->u.t;
    char id[FIELD_ID_CAP + 16];
    snprintf(id, sizeof id, "assignment-%s", a->id);
    bool pressed = fui_pressed(f, id);
    fui_card(f, r, (draw_color){0, 0, 0, 0}, 0);
    if (pressed)
        draw_rect_fill(
            f->u.l,
            (draw_rect){r.x + f->border, r.y + f->border, r.w - 2 * f->border, r.h - 2 * f->border},
            t->info_bg, fd(f, 12));
    /* The badges: the report's state, the priority. */
    char buf[64];
    fui_look lk = fui_report_look(f, field_app_report_of(s, a->id), a, buf, sizeof buf);
    fui_look hi = {tr(f->L, "Prioritas tinggi"), FI_ALERT, t->danger, t->danger_bg};
    bool high = a->priority == FIELD_PRIO_HIGH, narrow = card_narrow(f, r.w);
    int bh = fd(f, 48), bw = fui_badge(f, 0, 0, bh, &lk, true);
    int hw = high ? fui_badge(f, 0, 0, bh, &hi, true) : 0;
    int pad = fd(f, 20), lh = kit_line(&f->u, F_BODY), gap = fd(f, 6), chev = fd(f, 44);
    int right = narrow ? 0 : (bw > hw ? bw : hw) + fd(f, 32);
    int x = r.x + fd(f, 28), w = r.w - (x - r.x) - right - chev;
    int y = r.y + pad, isz = fd(f, 24), ix = x + isz + fd(f, 12);
    kit_text(&f->u, (draw_rect){x, y, w, lh}, a->title, F_BODY, FONT_BOLD, t->text, ALIGN_LEFT);
    y += lh + gap;
    kit_text(&f->u, (draw_rect){x, y, w, lh}, a->agency_name[0] ? a->agency_name : a->agency_code,
             F_BODY, f->bw, t->text_muted, ALIGN_LEFT);
    y += lh + gap;
    fui_icon_draw(f, FI_PIN, (draw_rect){x, y + (lh - isz) / 2, isz, isz}, t->text_muted);
    kit_text(&f->u, (draw_rect){ix, y, w - (ix - x), lh}, a->place[0] ? a->place : a->address,
             F_BODY, f->bw, t->text_muted, ALIGN_LEFT);
    y += lh + gap;
    char due[160];
    bool late = false;
    fui_due(f, a->due, due, sizeof due, &late);
    draw_color dc = late ? t->danger : t->text;
    fui_icon_draw(f, late ? FI_ALERT : FI_CLOCK, (draw_rect){x, y + (lh - isz) / 2, isz, isz}, dc);
    kit_text(&f->u, (draw_rect){ix, y, w - (ix - x), lh}, due, F_BODY, late ? FONT_BOLD : f->bw, dc,
             ALIGN_LEFT);
    if (narrow) { /* under the text */
        int by = y + lh + fd(f, 12);
        fui_badge(f, x, by, bh, &lk, false);
        if (high)
            fui_badge(f, x + bw + fd(f, 12), by, bh, &hi, false);
    } else { /* beside it, right-aligned */
        int rx = r.x + r.w - chev - fd(f, 8);
        fui_badge(f, rx - bw, r.y + pad, bh, &lk, false);
        if (high)
            fui_badge(f, rx - hw, r.y + pad + bh + fd(f, 12), bh, &hi, false);
    }
    /* A chevron says the card opens. */
    int cs = fd(f, 30);
    fui_icon_draw(f, FI_RIGHT,
                  (draw_rect){r.x + r.w - chev - fd(f, 4), r.y + (r.h - cs) / 2, cs, cs},
                  t->primary);
    fui_hit(f, r, id, a->title, FIELD_ACT_OPEN, index);
}

void fui_list(fui *f)
{
    const field_state *s = f->s;
    int right;
    int top = fui_topbar(f, tr(f->L, "Tugas Lapangan"), NULL, &right);
    const char *rl = s->fetching ? tr(f->L, "Memperbarui\xE2\x80\xA6") : tr(f->L, "Perbarui");
    int rw = fui_button_w(f, rl, FI_NONE), bh = fd(f, 76);
    if (rw < fd(f, 160))
        rw = fd(f, 160);
    fui_button(f, (draw_rect){right - rw, (top - bh) / 2, rw, bh}, "refresh", rl, FI_NONE,
               s->fetching ? FB_BAR_BUSY : FB_BAR, FIELD_ACT_REFRESH, 0);
    top += strip(f, top);
    draw_rect area = {0, top, f->u.c->w, f->u.c->h - top};
    if (!s->list) {
        if (s->fetching || s->net == NET_OK)
            empty(f, area, FI_CLOCK, tr(f->L, "Memuat tugas\xE2\x80\xA6"),
                  tr(f->L, "Daftar tugas sedang diambil dari server."), false);
        else
            empty(f, area, FI_ALERT, tr(f->L, "Tugas belum dapat dimuat"),
                  tr(f->L, "Tablet ini belum pernah menerima daftar tugas, jadi belum ada yang "
                           "tersimpan. Periksa jaringan, lalu coba lagi."),
                  true);
        fui_toast(f, f->u.c->h);
        return;
    }
    int x = fd(f, 24), w = f->u.c->w - 2 * x, y = top + fd(f, 20), gap = fd(f, 16);
    if (s->list->n_invalid > 0) {
        char msg[160];
        snprintf(msg, sizeof msg, tr(f->L, "%d tugas dari server tidak dapat dibaca dan dilewati."),
                 s->list->n_invalid);
        draw_rect b = {x, y, w, fd(f, 56)};
        draw_rect_fill(f->u.l, b, f->u.t.warning_bg, fd(f, 10));
        int isz = fd(f, 28);
        fui_icon_draw(f, FI_ALERT, (draw_rect){b.x + fd(f, 16), b.y + (b.h - isz) / 2, isz, isz},
                      f->u.t.warning);
        kit_text(&f->u, (draw_rect){b.x + fd(f, 56), b.y, b.w - fd(f, 72), b.h}, msg, F_BODY,
                 FONT_BOLD, f->u.t.warning, ALIGN_LEFT);
        y += b.h + gap;
        area.y = y - gap / 2;
        area.h = f->u.c->h - area.y;
    }
    if (s->list->n == 0) {
        empty(f, area, FI_CHECK, tr(f->L, "Tidak ada tugas"),
              tr(f->L, "Belum ada tugas untuk Anda. Tugas baru muncul di sini setelah daftar "
                       "diperbarui."),
              false);
        fui_toast(f, f->u.c->h);
        return;
    }
    int ch = card_height(f, w);
    int content = s->list->n * (ch + gap) + (y - area.y) + fd(f, 8);
    int max = content - area.h;
    f->m.scroll_area = area;
    f->m.scroll_max = max > 0 ? max : 0;
    int scroll = s->scroll < 0 ? 0 : s->scroll > f->m.scroll_max ? f->m.scroll_max : s->scroll;
    f->m.scroll = scroll;
    f->clip = area;
    draw_clip_push(f->u.l, area);
    for (int i = 0; i < s->list->n; i++) {
        int cy = y + i * (ch + gap) - scroll;
        if (cy + ch < area.y)
            continue;
        if (cy > area.y + area.h)
            break;
        card(f, (draw_rect){x, cy, w, ch}, &s->list->a[i], i);
    }
    draw_clip_pop(f->u.l);
    f->clip = (draw_rect){0, 0, f->u.c->w, f->u.c->h};
    fui_toast(f, f->u.c->h);
}
