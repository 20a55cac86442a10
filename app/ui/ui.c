/* ui: the entry point that picks the screen, layers dialogs and the keyboard over it, and the
 * hit test. Also the network banner, shared by every screen. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

const draw_hit *ui_hit_at(const draw_list *l, int x, int y)
{
    for (size_t i = l->n_hits; i-- > 0;) {
        const draw_hit *h = &l->hits[i];
        if (x >= h->rect.x && x < h->rect.x + h->rect.w && y >= h->rect.y &&
            y < h->rect.y + h->rect.h)
            return h;
    }
    return NULL;
}

int ui_net_banner(ui *u, int x, int y, int w)
{
    const app_state *s = u->s;
    const char *msg = NULL;
    switch (s->net) {
    case NET_OK:
        return 0;
    case NET_OFFLINE:
    case NET_TIMEOUT:
        msg = "Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.";
        break;
    case NET_TLS:
        msg = "Sambungan aman gagal: sertifikat server tidak cocok. Hubungi admin TI.";
        break;
    case NET_SERVER:
        msg = "Server sedang bermasalah. Coba lagi beberapa saat lagi.";
        break;
    case NET_MALFORMED:
        msg = "Data dari server rusak. Coba lagi.";
        break;
    case NET_STORAGE:
        msg = strcmp(s->net_code, "disk_full") == 0
                  ? "Penyimpanan tablet penuh. Keputusan terakhir belum tersimpan; kosongkan ruang, lalu coba lagi."
                  : "Penyimpanan tablet tidak dapat ditulis. Keputusan terakhir belum tersimpan. Hubungi admin TI.";
        break;
    case NET_NOT_ENROLLED:
        msg = "Tablet belum terdaftar di server. Hubungi admin TI.";
        break;
    case NET_REFUSED:
        msg = strcmp(s->net_code, "token_used") == 0 || strcmp(s->net_code, "token_invalid") == 0
                  ? "Token pendaftaran tablet tidak berlaku. Hubungi admin TI."
                  : "Permintaan ditolak server. Coba lagi.";
        break;
    }
    int h = dp(u, 56);
    kit_banner(u, (draw_rect){x, y, w, h}, T(u, msg), u->t.danger, u->t.danger_bg, "retry",
               T(u, "Coba lagi"), ACT_RETRY);
    return h + dp(u, 16);
}

void ui_build(const app_state *s, const ui_ctx *c, draw_list *l, ui_metrics *m)
{
    ui u;
    kit_init(&u, l, c, s);
    memset(m, 0, sizeof *m);
    draw_list_clear(l);
    draw_rect_fill(l, (draw_rect){0, 0, c->w, c->h}, u.t.bg, 0);
    switch (s->screen) {
    case SCREEN_LOCK:
        ui_lock(&u);
        break;
    case SCREEN_INBOX:
        ui_inbox(&u, m);
        break;
    case SCREEN_DETAIL:
        ui_detail(&u, m);
        break;
    case SCREEN_OUTBOX:
        ui_outbox(&u, m);
        break;
    case SCREEN_VIEWER:
        ui_viewer(&u, m);
        break;
    }
    if (s->screen != SCREEN_LOCK && s->dialog != DLG_NONE) {
        /* The screen under a dialog is the base layer, with the scrim that dims it (the dialog's
         * first command when it covers the screen): typing or pressing in the dialog then redraws
         * only the dialog. */
        size_t base = l->n_cmds;
        ui_dialog(&u);
        if (base < l->n_cmds) {
            const draw_cmd *d = &l->cmds[base];
            if (d->kind == DRAW_RECT && d->rect.x <= 0 && d->rect.y <= 0 &&
                d->rect.x + d->rect.w >= c->w && d->rect.y + d->rect.h >= c->h)
                base++;
        }
        draw_layer_at(l, base);
    }
}
