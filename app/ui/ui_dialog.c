/* ui_dialog: the decision dialogs (approve/return/reject/acknowledge with a note, disposisi with
 * recipients and instructions, certified signature with a passphrase), the PIN check before
 * signing, the sending/outcome card, and the on-screen keyboard. */
#include "kit.h"

#include <stdio.h>
#include <string.h>

void ui_pin_block(ui *u, draw_rect r, const char *title, const char *message, bool message_bad);

static void scrim(ui *u)
{
    draw_rect_fill(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, (draw_color){0x10, 0x18, 0x24, 0x99},
                   0);
    /* Swallow touches outside the dialog. */
    draw_hit_add(u->l, (draw_rect){0, 0, u->c->w, u->c->h}, "scrim", "", ACT_NONE, 0);
}

/* A text field box; returns its height. */
static int text_field(ui *u, int x, int y, int w, int h, const char *label, app_field f)
{
    const app_state *s = u->s;
    kit_text(u, (draw_rect){x, y, w, dp(u, 24)}, label, TEXT_SMALL, FONT_BOLD, u->t.text_muted,
             ALIGN_LEFT);
    y += dp(u, 28);
    draw_rect box = {x, y, w, h};
    bool focus = s->keyboard && s->field == f;
    draw_rect_fill(u->l, box, u->t.surface, dp(u, 8));
    draw_frame(u->l, box, focus ? u->t.focus : u->t.divider, dp(u, 8), focus ? dp(u, 2) : 1);
    char shown[APP_TEXT_MAX + 8];
    if (f == FIELD_PASSPHRASE) {
        size_t n = strlen(s->passphrase), k = 0;
        for (size_t i = 0; i < n && k + 4 < sizeof shown; i++) {
            memcpy(shown + k, "\xE2\x80\xA2", 3); /* a bullet per character */
            k += 3;
        }
        shown[k] = '\0';
    } else {
        snprintf(shown, sizeof shown, "%s", s->note);
    }
    if (focus) {
        size_t k = strlen(shown);
        if (k + 2 < sizeof shown)
            memcpy(shown + k, "|", 2);
    }
    kit_wrap(u, x + dp(u, 12), y + dp(u, 10), w - dp(u, 24), shown, TEXT_BODY, FONT_REGULAR,
             u->t.text, (h - dp(u, 16)) / kit_line(u, TEXT_BODY), false);
    draw_hit_add(u->l, box, f == FIELD_PASSPHRASE ? "field-passphrase" : "field-note", label,
                 ACT_FOCUS_FIELD, f);
    return dp(u, 28) + h;
}

static const char *error_text(const ui *u)
{
    switch (u->s->dialog_error) {
    case DLGERR_NOTE_REQUIRED:
        return T(u, "Tuliskan alasannya terlebih dahulu.");
    case DLGERR_PICK_RECIPIENT:
        return T(u, "Pilih setidaknya satu penerima.");
    case DLGERR_PICK_INSTRUCTION:
        return T(u, "Pilih setidaknya satu instruksi.");
    case DLGERR_PASSPHRASE_REQUIRED:
        return T(u, "Masukkan passphrase tanda tangan elektronik.");
    default:
        return NULL;
    }
}

static void buttons(ui *u, int x, int y, int w, const char *submit_label, btn_style st)
{
    int bw = dp(u, 200), bh = dp(u, 52);
    kit_button(u, (draw_rect){x + w - bw, y, bw, bh}, "dialog-submit", submit_label, st,
               ACT_DIALOG_SUBMIT, 0);
    kit_button(u, (draw_rect){x + w - 2 * bw - dp(u, 16), y, bw, bh}, "dialog-cancel",
               T(u, "Batal"), BTN_QUIET, ACT_DIALOG_CANCEL, 0);
}

static const char *item_title(const ui *u)
{
    return doc_str(doc_root(u->s->item), "title", "");
}

static void decide_dialog(ui *u, int kb_h)
{
    const app_state *s = u->s;
    bool needs = strcmp(s->action, "return") == 0 || strcmp(s->action, "reject") == 0;
    int w = dp(u, 720), pad = dp(u, 32);
    int h = dp(u, 420);
    int x = (u->c->w - w) / 2, y = (u->c->h - kb_h - h) / 2;
    if (y < dp(u, 16))
        y = dp(u, 16);
    kit_card(u, (draw_rect){x, y, w, h});
    int cy = y + pad;
    char title[96];
    snprintf(title, sizeof title, "%s", kit_action_label(u, s->action));
    kit_text(u, (draw_rect){x + pad, cy, w - 2 * pad, dp(u, 32)}, title, TEXT_TITLE, FONT_BOLD,
             u->t.text, ALIGN_LEFT);
    cy += dp(u, 40);
    cy += kit_wrap(u, x + pad, cy, w - 2 * pad, item_title(u), TEXT_BODY, FONT_REGULAR,
                   u->t.text_muted, 2, false);
    cy += dp(u, 16);
    cy += text_field(u, x + pad, cy, w - 2 * pad, dp(u, 120),
                     needs ? T(u, "Alasan (wajib)") : T(u, "Catatan (tidak wajib)"), FIELD_NOTE);
    const char *err = error_text(u);
    if (err)
        kit_text(u, (draw_rect){x + pad, cy + dp(u, 8), w - 2 * pad, dp(u, 24)}, err, TEXT_SMALL,
                 FONT_BOLD, u->t.danger, ALIGN_LEFT);
    buttons(u, x + pad, y + h - pad - dp(u, 52), w - 2 * pad, kit_action_label(u, s->action),
            strcmp(s->action, "reject") == 0 ? BTN_DANGER : BTN_PRIMARY);
}

static void forward_dialog(ui *u, int kb_h)
{
    const app_state *s = u->s;
    int w = u->c->w - dp(u, 96), pad = dp(u, 32);
    int h = kb_h ? u->c->h - kb_h - dp(u, 32) : u->c->h - dp(u, 96);
    int x = (u->c->w - w) / 2, y = kb_h ? dp(u, 16) : dp(u, 48);
    kit_card(u, (draw_rect){x, y, w, h});
    int cy = y + pad;
    kit_text(u, (draw_rect){x + pad, cy, w - 2 * pad, dp(u, 32)}, T(u, "Disposisi"), TEXT_TITLE,
             FONT_BOLD, u->t.text, ALIGN_LEFT);
    cy += dp(u, 36);
    cy += kit_wrap(u, x + pad, cy, w - 2 * pad, item_title(u), TEXT_BODY, FONT_REGULAR,
                   u->t.text_muted, 1, false);
    cy += dp(u, 12);
    if (!kb_h) {
        kit_text(u, (draw_rect){x + pad, cy, w - 2 * pad, dp(u, 24)}, T(u, "Penerima (maks. 5)"),
                 TEXT_SMALL, FONT_BOLD, u->t.text_muted, ALIGN_LEFT);
        cy += dp(u, 28);
        int cx = x + pad;
        if (s->officials_loading && !s->n_officials)
            kit_text(u, (draw_rect){cx, cy, w - 2 * pad, dp(u, 40)},
                     T(u, "Memuat daftar pejabat\xE2\x80\xA6"), TEXT_BODY, FONT_REGULAR,
                     u->t.text_muted, ALIGN_LEFT);
        for (size_t i = 0; i < s->n_officials && i < 64; i++) {
            char id[96];
            snprintf(id, sizeof id, "recipient-%s", s->officials[i].id);
            const char *label =
                s->officials[i].title[0] ? s->officials[i].title : s->officials[i].name;
            int cw = kit_text_width(u, label, TEXT_BODY, FONT_REGULAR) + dp(u, 60);
            if (cx + cw > x + w - pad) {
                cx = x + pad;
                cy += dp(u, 52);
            }
            cx += kit_chip(u, cx, cy, id, label, s->recipient_on[i], ACT_TOGGLE_RECIPIENT, (int)i) +
                  dp(u, 8);
        }
        cy += dp(u, 60);
        kit_text(u, (draw_rect){x + pad, cy, w - 2 * pad, dp(u, 24)}, T(u, "Instruksi"), TEXT_SMALL,
                 FONT_BOLD, u->t.text_muted, ALIGN_LEFT);
        cy += dp(u, 28);
        cx = x + pad;
        size_t n;
        const wire_label *ins = wire_instructions(&n);
        for (size_t i = 0; i < n && i < WIRE_INSTR_MAX; i++) {
            char id[64];
            snprintf(id, sizeof id, "instruction-%s", ins[i].code);
            const char *label = s->lang == LANG_EN ? ins[i].label_en : ins[i].label_id;
            int cw = kit_text_width(u, label, TEXT_BODY, FONT_REGULAR) + dp(u, 60);
            if (cx + cw > x + w - pad) {
                cx = x + pad;
                cy += dp(u, 52);
            }
            cx += kit_chip(u, cx, cy, id, label, s->instruction_on[i], ACT_TOGGLE_INSTRUCTION,
                           (int)i) +
                  dp(u, 8);
        }
        cy += dp(u, 64);
    }
    const char *err = error_text(u);
    int bw = 2 * dp(u, 200) + dp(u, 16) + dp(u, 24); /* the two buttons and a gap */
    if (kb_h) {
        /* With the keyboard up the chips are hidden: the note takes the space above the buttons. */
        int fh = h - (cy - y) - dp(u, 28) - pad - dp(u, 52) - dp(u, 24);
        text_field(u, x + pad, cy, w - 2 * pad, fh > dp(u, 48) ? fh : dp(u, 48), T(u, "Catatan"),
                   FIELD_NOTE);
    } else {
        /* Otherwise a one-line note sits beside the buttons; tapping it opens the keyboard. */
        int fy = y + h - pad - dp(u, 52) - dp(u, 28);
        text_field(u, x + pad, fy, w - 2 * pad - bw, dp(u, 52), T(u, "Catatan"), FIELD_NOTE);
        if (err)
            kit_text(u, (draw_rect){x + pad, fy - dp(u, 40), w - 2 * pad, dp(u, 32)}, err,
                     TEXT_BODY, FONT_BOLD, u->t.danger, ALIGN_LEFT);
    }
    buttons(u, x + pad, y + h - pad - dp(u, 52), w - 2 * pad, T(u, "Kirim disposisi"), BTN_PRIMARY);
}

static void sign_dialog(ui *u, int kb_h)
{
    int w = dp(u, 720), pad = dp(u, 32), h = dp(u, 360);
    int x = (u->c->w - w) / 2, y = (u->c->h - kb_h - h) / 2;
    if (y < dp(u, 16))
        y = dp(u, 16);
    kit_card(u, (draw_rect){x, y, w, h});
    int cy = y + pad;
    kit_text(u, (draw_rect){x + pad, cy, w - 2 * pad, dp(u, 32)}, T(u, "Tanda tangan elektronik"),
             TEXT_TITLE, FONT_BOLD, u->t.text, ALIGN_LEFT);
    cy += dp(u, 40);
    cy +=
        kit_wrap(u, x + pad, cy, w - 2 * pad,
                 T(u, "Naskah ditandatangani dengan sertifikat elektronik Anda. Passphrase dikirim "
                      "sekali melalui sambungan aman dan tidak disimpan di tablet."),
                 TEXT_SMALL, FONT_REGULAR, u->t.text_muted, 3, false);
    cy += dp(u, 12);
    cy += text_field(u, x + pad, cy, w - 2 * pad, dp(u, 52), T(u, "Passphrase"), FIELD_PASSPHRASE);
    const char *err = error_text(u);
    if (err)
        kit_text(u, (draw_rect){x + pad, cy + dp(u, 6), w - 2 * pad, dp(u, 24)}, err, TEXT_SMALL,
                 FONT_BOLD, u->t.danger, ALIGN_LEFT);
    buttons(u, x + pad, y + h - pad - dp(u, 52), w - 2 * pad, T(u, "Tanda tangan"), BTN_SUCCESS);
}

static void pin_dialog(ui *u)
{
    const app_state *s = u->s;
    int w = dp(u, 520), h = dp(u, 600);
    int x = (u->c->w - w) / 2, y = (u->c->h - h) / 2;
    kit_card(u, (draw_rect){x, y, w, h});
    char msg[160] = "";
    if (s->dialog_error == DLGERR_PIN_WRONG)
        snprintf(msg, sizeof msg, T(u, "PIN salah. Sisa %d percobaan."),
                 APP_PIN_TRIES - s->pin_failures);
    else
        snprintf(msg, sizeof msg, "%s", kit_action_label(u, s->action));
    ui_pin_block(u, (draw_rect){x, y + dp(u, 24), w, h}, T(u, "Masukkan PIN untuk menyetujui"), msg,
                 s->dialog_error == DLGERR_PIN_WRONG);
    kit_button(u, (draw_rect){x + (w - dp(u, 200)) / 2, y + h - dp(u, 72), dp(u, 200), dp(u, 52)},
               "dialog-cancel", T(u, "Batal"), BTN_QUIET, ACT_DIALOG_CANCEL, 0);
}

static const char *refusal_text(const ui *u, const char *code)
{
    if (strcmp(code, "passphrase_wrong") == 0)
        return T(u, "Passphrase salah. Tidak ada yang ditandatangani.");
    if (strcmp(code, "disk_full") == 0)
        return T(u, "Penyimpanan tablet penuh. Keputusan terakhir belum tersimpan; kosongkan "
                    "ruang, lalu coba lagi.");
    if (strcmp(code, "read_only") == 0 || strcmp(code, "io") == 0)
        return T(u, "Penyimpanan tablet tidak dapat ditulis. Keputusan terakhir belum tersimpan. "
                    "Hubungi admin TI.");
    if (strcmp(code, "signer_not_registered") == 0)
        return T(u, "Penanda tangan belum terdaftar pada layanan tanda tangan elektronik.");
    if (strcmp(code, "certificate_expired") == 0)
        return T(u, "Sertifikat elektronik penanda tangan sudah kedaluwarsa atau dicabut.");
    if (strcmp(code, "passphrase_needed") == 0)
        return T(u, "Tanda tangan belum terkirim. Masukkan passphrase lagi saat koneksi tersedia.");
    if (strcmp(code, "stale_version") == 0 || strcmp(code, "already_decided") == 0)
        return T(u, "Dokumen sudah berubah atau sudah diputuskan. Buka ulang dokumen ini.");
    return T(u, "Ditolak server");
}

static void sending_dialog(ui *u)
{
    const app_state *s = u->s;
    int w = dp(u, 600), h = dp(u, 280), pad = dp(u, 32);
    int x = (u->c->w - w) / 2, y = (u->c->h - h) / 2;
    kit_card(u, (draw_rect){x, y, w, h});
    const char *title, *body;
    draw_color c = u->t.text;
    const char *btn = NULL;
    if (s->decision_done && s->decision == DECISION_ACCEPTED) {
        title = T(u, "Diterima server");
        body = T(u, "Keputusan sudah tercatat di server dan ditandatangani perangkat ini.");
        c = u->t.success;
        btn = T(u, "Selesai");
    } else if (s->decision_done && s->decision == DECISION_CONFLICT) {
        title = T(u, "Dokumen sudah berubah");
        body = refusal_text(u, s->decision_code);
        c = u->t.danger;
        btn = T(u, "Tutup");
    } else if (s->decision_done && (strcmp(s->decision_code, "disk_full") == 0 ||
                                    strcmp(s->decision_code, "read_only") == 0 ||
                                    strcmp(s->decision_code, "io") == 0)) {
        /* The device could not store it: nothing was saved, nothing was sent. */
        title = T(u, "Belum tersimpan");
        body = refusal_text(u, s->decision_code);
        c = u->t.danger;
        btn = T(u, "Tutup");
    } else if (s->decision_done) {
        title = T(u, "Ditolak server");
        body = refusal_text(u, s->decision_code);
        c = u->t.danger;
        btn = T(u, "Tutup");
    } else if (s->decision_known) {
        title = T(u, "Tersimpan \xE2\x80\x94 akan dikirim");
        body =
            T(u, "Keputusan tersimpan di tablet dan akan dikirim otomatis saat server terhubung.");
        c = u->t.warning;
        btn = T(u, "Lanjutkan");
    } else {
        title = T(u, "Mengirim\xE2\x80\xA6");
        body = T(u, "Keputusan ditandatangani dan dikirim ke server.");
    }
    kit_text(u, (draw_rect){x + pad, y + pad, w - 2 * pad, dp(u, 36)}, title, TEXT_TITLE, FONT_BOLD,
             c, ALIGN_LEFT);
    kit_wrap(u, x + pad, y + pad + dp(u, 52), w - 2 * pad, body, TEXT_BODY, FONT_REGULAR, u->t.text,
             4, false);
    if (btn)
        kit_button(
            u,
            (draw_rect){x + w - pad - dp(u, 200), y + h - pad - dp(u, 52), dp(u, 200), dp(u, 52)},
            "result-ok", btn, BTN_PRIMARY, ACT_RESULT_OK, 0);
}

void ui_keyboard(ui *u, draw_rect area)
{
    const app_state *s = u->s;
    draw_rect_fill(u->l, area, (draw_color){0xD5, 0xD9, 0xDF, 0xFF}, 0);
    draw_hit_add(u->l, area, "keyboard", "", ACT_NONE, 0);
    static const char *const rows[4] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    int gap = dp(u, 8), kh = (area.h - 5 * gap) / 5;
    int kw = (area.w - 11 * gap) / 10;
    int y = area.y + gap;
    for (int r = 0; r < 4; r++) {
        int n = (int)strlen(rows[r]);
        int rw = n * kw + (n - 1) * gap;
        int x = area.x + (area.w - rw) / 2;
        if (r == 3) { /* shift and backspace around the last row */
            bool on = s->shift;
            kit_button(u, (draw_rect){area.x + gap, y, kw * 3 / 2, kh}, "key-shift", "Shift",
                       on ? BTN_PRIMARY : BTN_QUIET, ACT_KEY_SHIFT, 0);
            kit_button(u, (draw_rect){area.x + area.w - gap - kw * 3 / 2, y, kw * 3 / 2, kh},
                       "key-backspace", T(u, "Hapus"), BTN_QUIET, ACT_KEY_BACKSPACE, 0);
        }
        for (int i = 0; i < n; i++) {
            char ch = rows[r][i];
            char label[2] = {s->shift && ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch, 0};
            char id[16];
            snprintf(id, sizeof id, "key-%c", ch);
            kit_button(u, (draw_rect){x + i * (kw + gap), y, kw, kh}, id, label, BTN_QUIET,
                       ACT_KEY_CHAR, ch);
        }
        y += kh + gap;
    }
    /* Bottom row: symbols a passphrase or a note needs, space, done. */
    static const char syms[] = "#@-/.,";
    int x = area.x + gap;
    for (int i = 0; syms[i]; i++) {
        char label[2] = {syms[i], 0}, id[16];
        snprintf(id, sizeof id, "key-%c", syms[i]);
        kit_button(u, (draw_rect){x, y, kw, kh}, id, label, BTN_QUIET, ACT_KEY_CHAR, syms[i]);
        x += kw + gap;
    }
    int done_w = kw * 2;
    int space_w = area.x + area.w - gap - done_w - gap - x;
    kit_button(u, (draw_rect){x, y, space_w, kh}, "key-space", T(u, "Spasi"), BTN_QUIET,
               ACT_KEY_SPACE, 0);
    kit_button(u, (draw_rect){x + space_w + gap, y, done_w, kh}, "key-done", T(u, "Selesai"),
               BTN_PRIMARY, ACT_KEY_DONE, 0);
}

void ui_dialog(ui *u)
{
    const app_state *s = u->s;
    scrim(u);
    int kb_h = s->keyboard ? dp(u, 320) : 0;
    switch (s->dialog) {
    case DLG_DECIDE:
        decide_dialog(u, kb_h);
        break;
    case DLG_FORWARD:
        forward_dialog(u, kb_h);
        break;
    case DLG_SIGN:
        sign_dialog(u, kb_h);
        break;
    case DLG_PIN:
        pin_dialog(u);
        break;
    case DLG_SENDING:
        sending_dialog(u);
        break;
    case DLG_NONE:
        break;
    }
    if (kb_h && (s->dialog == DLG_DECIDE || s->dialog == DLG_FORWARD || s->dialog == DLG_SIGN))
        ui_keyboard(u, (draw_rect){0, u->c->h - kb_h, u->c->w, kb_h});
}
