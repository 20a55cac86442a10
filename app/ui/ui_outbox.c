/* ui_outbox: "Kotak Keluar", the decisions this tablet made and where each one stands: waiting to
 * be sent, accepted by the hub, refused (with the hub's reason) or in conflict with a change made
 * elsewhere. "Kirim sekarang" retries every waiting decision at once. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

static void state_pill(ui *u, int right, int y, const outbox_entry *e)
{
    const char *word;
    draw_color fg, bg;
    switch (e->state) {
    case DECISION_ACCEPTED:
        word = T(u, "Diterima server");
        fg = u->t.success;
        bg = u->t.success_bg;
        break;
    case DECISION_REJECTED:
        word = T(u, "Ditolak server");
        fg = u->t.danger;
        bg = u->t.danger_bg;
        break;
    case DECISION_CONFLICT:
        word = T(u, "Konflik: dokumen berubah");
        fg = u->t.danger;
        bg = u->t.danger_bg;
        break;
    case DECISION_SENDING:
        word = T(u, "Sedang dikirim");
        fg = u->t.primary;
        bg = u->t.info_bg;
        break;
    default:
        word = T(u, "Menunggu dikirim");
        fg = u->t.warning;
        bg = u->t.warning_bg;
        break;
    }
    int w = kit_text_width(u, word, TEXT_SMALL, FONT_BOLD) + dp(u, 20);
    kit_pill(u, right - w, y, word, fg, bg);
}

/* The reason of an entry in words; an unknown code is shown as it is. */
static const char *reason(ui *u, const char *code)
{
    static const char *const words[][2] = {
        {"already_decided", "sudah diputuskan di tempat lain"},
        {"malformed", "jawaban server tidak dapat dibaca"},
        {"offline", "server tidak dapat dihubungi"},
        {"server", "server sedang bermasalah"},
        {"stale_version", "dokumen diubah sebelum keputusan tiba"},
        {"timeout", "server terlalu lama menjawab"},
        {"tls", "sertifikat server tidak cocok"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(code, words[i][0]) == 0)
            return tr(u->s->lang, words[i][1]);
    return code;
}

void ui_outbox(ui *u, ui_metrics *m)
{
    const app_state *s = u->s;
    (void)m;
    int top = kit_topbar(u, T(u, "Kotak Keluar"), true, T(u, "Kotak Masuk"));
    int bw = dp(u, 200), bh = dp(u, 44);
    kit_button(u, (draw_rect){u->c->w - dp(u, 16) - bw, (top - bh) / 2, bw, bh}, "send-now",
               T(u, "Kirim sekarang"), BTN_QUIET, ACT_OUTBOX_SEND_NOW, 0);
    int x = dp(u, 24), w = u->c->w - 2 * x, y = top + dp(u, 16);
    y += ui_net_banner(u, x, y, w);
    if (s->n_outbox == 0) {
        kit_text(u, (draw_rect){x, y + dp(u, 80), w, dp(u, 32)},
                 T(u, "Tidak ada keputusan dalam antrean."), TEXT_TITLE, FONT_REGULAR,
                 u->t.text_muted, ALIGN_CENTER);
        return;
    }
    int rh = dp(u, 88), gap = dp(u, 12);
    for (size_t i = 0; i < s->n_outbox && y + rh <= u->c->h; i++) {
        const outbox_entry *e = &s->outbox[i];
        draw_rect r = {x, y, w, rh};
        kit_card(u, r);
        char hid[48];
        snprintf(hid, sizeof hid, "outbox-%zu", i);
        draw_hit_add(u->l, r, hid, e->title, ACT_OUTBOX_OPEN, (int)i);
        int ix = x + dp(u, 24), iw = w - dp(u, 48) - dp(u, 280);
        char line[200], when[64] = "";
        snprintf(line, sizeof line, "%s \xE2\x80\x94 %s", kit_action_label(u, e->action),
                 e->title[0] ? e->title : e->item_id);
        kit_text(u, (draw_rect){ix, y + dp(u, 14), iw, dp(u, 28)}, line, TEXT_BODY, FONT_BOLD,
                 u->t.text, ALIGN_LEFT);
        if (e->created_at)
            fmt_datetime(e->created_at, &s->tz, s->lang, when, sizeof when);
        char sub[200];
        if (e->code[0] && e->state != DECISION_ACCEPTED)
            snprintf(sub, sizeof sub, "%s \xC2\xB7 %s", when, reason(u, e->code));
        else
            snprintf(sub, sizeof sub, "%s", when);
        kit_text(u, (draw_rect){ix, y + dp(u, 46), iw, dp(u, 24)}, sub, TEXT_SMALL, FONT_REGULAR,
                 u->t.text_muted, ALIGN_LEFT);
        state_pill(u, x + w - dp(u, 24), y + dp(u, 32), e);
        y += rh + gap;
    }
}
