/* ui_field_reports: "Laporan saya", every submitted report on the tablet, newest first, with
 * where it stands: waiting for the network (and why the last try failed), going out (which photo,
 * how many bytes, and a bar that moves with every chunk), accepted by the hub, or refused with the
 * hub's reason. "Kirim sekarang" retries the waiting ones at once. */
#include "ui_field_int.h"

#include <stdio.h>
#include <string.h>

static bool submitted(const field_report *r)
{
    return r->state != REPORT_DRAFT;
}

/* The line under the title, and for a report going out the line above its bar. */
static void detail(fui *f, const field_report *r, char *buf, size_t cap)
{
    char a[32], b[32], when[FMT_CAP] = "";
    buf[0] = '\0';
    switch (r->state) {
    case REPORT_DRAFT:
        break;
    case REPORT_WAITING:
        if (r->code[0])
            snprintf(buf, cap, tr(f->L, "Dikirim otomatis saat ada jaringan \xC2\xB7 terakhir: %s"),
                     fui_reason(f, r->code));
        else
            snprintf(buf, cap, "%s", tr(f->L, "Dikirim otomatis saat ada jaringan"));
        break;
    case REPORT_SENDING:
        if (r->n_photos > 0 && r->files_done < r->n_photos) {
            fui_bytes(f, r->bytes_done, a, sizeof a);
            fui_bytes(f, r->photos[r->files_done].bytes, b, sizeof b);
            snprintf(buf, cap, tr(f->L, "Mengirim foto %d dari %d \xC2\xB7 %s dari %s"),
                     r->files_done + 1, r->n_photos, a, b);
        } else {
            snprintf(buf, cap, "%s", tr(f->L, "Mengirim isian laporan\xE2\x80\xA6"));
        }
        break;
    case REPORT_SENT:
        if (r->updated_at)
            fui_when(f, r->updated_at, when, sizeof when);
        snprintf(buf, cap, tr(f->L, "Diterima server %s"), when);
        break;
    case REPORT_REJECTED:
        snprintf(buf, cap, tr(f->L, "Ditolak: %s"), fui_reason(f, r->code));
        break;
    }
}

static int row_height(fui *f, const field_report *r)
{
    int lh = kit_line(&f->u, F_BODY), pad = fd(f, 22);
    int h = 2 * pad + 3 * lh + 2 * fd(f, 6);
    if (r->state == REPORT_SENDING)
        h += fd(f, 12) + fd(f, 28);
    return h;
}

static void row(fui *f, draw_rect rc, const field_report *r)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    const field_assignment *a = s->list ? field_list_find(s->list, r->assignment_id) : NULL;
    bool rejected = r->state == REPORT_REJECTED;
    fui_card(f, rc, rejected ? t->danger : (draw_color){0, 0, 0, 0}, f->sun ? fd(f, 4) : fd(f, 2));
    int pad = fd(f, 22), lh = kit_line(&f->u, F_BODY), x = rc.x + fd(f, 28);
    char buf[64];
    fui_look lk = fui_report_look(f, r, a, buf, sizeof buf);
    int bh = fd(f, 48), bw = fui_badge(f, 0, 0, bh, &lk, true);
    fui_badge(f, rc.x + rc.w - pad - bw, rc.y + pad, bh, &lk, false);
    int w = rc.x + rc.w - pad - bw - fd(f, 24) - x, y = rc.y + pad;
    kit_text(&f->u, (draw_rect){x, y, w, lh}, a ? a->title : r->assignment_id, F_BODY, FONT_BOLD,
             t->text, ALIGN_LEFT);
    y += lh + fd(f, 6);
    char made[FMT_CAP] = "", line[200];
    if (r->created_at)
        fui_when(f, r->created_at, made, sizeof made);
    if (r->n_photos > 0)
        snprintf(line, sizeof line, tr(f->L, "Dibuat %s \xC2\xB7 %d foto"), made, r->n_photos);
    else
        snprintf(line, sizeof line, tr(f->L, "Dibuat %s \xC2\xB7 tanpa foto"), made);
    kit_text(&f->u, (draw_rect){x, y, w, lh}, line, F_BODY, f->bw, t->text_muted, ALIGN_LEFT);
    y += lh + fd(f, 6);
    char d[240];
    detail(f, r, d, sizeof d);
    int isz = fd(f, 28), dx = x + isz + fd(f, 12);
    fui_icon_draw(f, lk.icon, (draw_rect){x, y + (lh - isz) / 2, isz, isz}, lk.fg);
    kit_text(&f->u, (draw_rect){dx, y, rc.x + rc.w - pad - dx, lh}, d, F_BODY, FONT_BOLD,
             rejected ? t->danger : t->text, ALIGN_LEFT);
    y += lh + fd(f, 12);
    if (r->state == REPORT_SENDING) {
        draw_rect pb = {x, y, rc.x + rc.w - pad - x, fd(f, 28)};
        kit_progress(&f->u, pb, fui_sent_fraction(r), 1.0, -1, t->primary);
        if (f->sun)
            draw_frame(f->u.l, pb, f->line, pb.h / 2, fd(f, 2));
    }
}

void fui_reports(fui *f)
{
    const field_state *s = f->s;
    int right, waiting = 0, n = 0;
    for (int i = 0; i < s->n_reports; i++) {
        n += submitted(&s->reports[i]);
        waiting += s->reports[i].state == REPORT_WAITING;
    }
    int top = fui_topbar(f, tr(f->L, "Laporan saya"), tr(f->L, "Tugas"), &right);
    if (waiting) {
        const char *label = tr(f->L, "Kirim sekarang");
        int bw = fui_button_w(f, label, FI_UP), bh = fd(f, 76);
        fui_button(f, (draw_rect){right - bw, (top - bh) / 2, bw, bh}, "send-now", label, FI_UP,
                   FB_BAR, FIELD_ACT_SEND_NOW, 0);
    }
    draw_rect area = {0, top, f->u.c->w, f->u.c->h - top};
    int pad = fd(f, 24), x = pad, w = f->u.c->w - 2 * pad, g = fd(f, 16);
    if (n == 0) {
        int lh = kit_line(&f->u, F_HEAD);
        kit_text(&f->u, (draw_rect){x, top + fd(f, 80), w, lh},
                 tr(f->L, "Belum ada laporan terkirim."), F_HEAD, FONT_BOLD, f->u.t.text,
                 ALIGN_CENTER);
        kit_text(&f->u, (draw_rect){x, top + fd(f, 92) + lh, w, kit_line(&f->u, F_BODY)},
                 tr(f->L, "Laporan yang Anda kirim muncul di sini dengan statusnya."), F_BODY,
                 f->bw, f->u.t.text_muted, ALIGN_CENTER);
        fui_toast(f, f->u.c->h);
        return;
    }
    int content = fd(f, 20);
    for (int i = 0; i < s->n_reports; i++)
        if (submitted(&s->reports[i]))
            content += row_height(f, &s->reports[i]) + g;
    int max = content - area.h;
    f->m.scroll_area = area;
    f->m.scroll_max = max > 0 ? max : 0;
    int scroll = s->scroll < 0 ? 0 : s->scroll > f->m.scroll_max ? f->m.scroll_max : s->scroll;
    f->m.scroll = scroll;
    f->clip = area;
    draw_clip_push(f->u.l, area);
    int y = top + fd(f, 20) - scroll;
    for (int i = 0; i < s->n_reports && y < area.y + area.h; i++) {
        const field_report *r = &s->reports[i];
        if (!submitted(r))
            continue;
        int h = row_height(f, r);
        if (y + h >= area.y)
            row(f, (draw_rect){x, y, w, h}, r);
        y += h + g;
    }
    draw_clip_pop(f->u.l);
    f->clip = (draw_rect){0, 0, f->u.c->w, f->u.c->h};
    fui_toast(f, f->u.c->h);
}
