/* ui_field_form: an assignment's report form. A scrolling column: the assignment (title, place,
 * due, instructions), then one card per form field with its label, its control and, once the
 * field was left or a submit was refused, what is wrong with it; under it a bar with the draft's
 * save state, how many answers still need work and "Kirim laporan". While a text, number or date
 * field is typed into, the glove keyboard replaces the bar and the field is kept in view. A
 * submitted report is shown read-only with its sending state. */
#include "ui_field_int.h"

#include <stdio.h>
#include <string.h>

/* Cards are drawn before their content, so their height is set once the content is known. */
typedef struct {
    size_t from, to;
} card_cmds;

static card_cmds card_open(fui *f, draw_rect r, draw_color edge, int edge_w)
{
    card_cmds k = {f->u.l->n_cmds, 0};
    fui_card(f, r, edge, edge_w);
    k.to = f->u.l->n_cmds;
    return k;
}

static void card_close(fui *f, card_cmds k, int h)
{
    for (size_t i = k.from; i < k.to && i < f->u.l->n_cmds; i++)
        f->u.l->cmds[i].rect.h = h;
}

/* A caption over a value (the header's "Lokasi", "Petunjuk"). Returns the height. */
static int caption(fui *f, int x, int y, int w, const char *text)
{
    int h = kit_line(&f->u, F_CAPTION);
    kit_text(&f->u, (draw_rect){x, y, w, h}, text, F_CAPTION, FONT_BOLD, f->u.t.text_muted,
             ALIGN_LEFT);
    return h + fd(f, 4);
}

static int header(fui *f, const fui_form_view *v, int x, int y, int w)
{
    const ui_theme *t = &f->u.t;
    const field_assignment *a = v->a;
    card_cmds k = card_open(f, (draw_rect){x, y, w, 1}, (draw_color){0, 0, 0, 0}, 0);
    int pad = fd(f, 28), cx = x + pad, cw = w - 2 * pad, cy = y + pad;
    /* Badges: the report's state and the priority. */
    char buf[64];
    const field_report *r = field_app_report_of(f->s, a->id);
    fui_look st = fui_report_look(f, r, a, buf, sizeof buf);
    if (r && r->state == REPORT_DRAFT) /* whether it is saved is the bar's to say */
        st.word = tr(f->L, "Draf belum dikirim");
    int bh = fd(f, 44), bx = cx;
    bx += fui_badge(f, bx, cy, bh, &st, false) + fd(f, 12);
    if (a->priority == FIELD_PRIO_HIGH) {
        fui_look hi = {tr(f->L, "Prioritas tinggi"), FI_ALERT, t->danger, t->danger_bg};
        fui_badge(f, bx, cy, bh, &hi, false);
    }
    cy += bh + fd(f, 16);
    cy += kit_wrap(&f->u, cx, cy, cw, a->title, F_HEAD, FONT_BOLD, t->text, 3, false);
    cy += kit_wrap(&f->u, cx, cy, cw, a->agency_name, F_BODY, f->bw, t->text_muted, 2, false);
    cy += fd(f, 20);
    /* Where and when on the left, what to do on the right (one column when narrow). */
    bool two = cw >= fd(f, 760);
    int lw = two ? cw * 5 / 12 : cw, rx = two ? cx + lw + fd(f, 32) : cx;
    int rw = two ? cw - lw - fd(f, 32) : cw, ly = cy;
    ly += caption(f, cx, ly, lw, tr(f->L, "Lokasi"));
    ly += kit_wrap(&f->u, cx, ly, lw, a->place, F_BODY, FONT_BOLD, t->text, 2, false);
    ly += kit_wrap(&f->u, cx, ly, lw, a->address, F_BODY, f->bw, t->text_muted, 3, false);
    ly += fd(f, 16);
    char due[160];
    bool late = false;
    fui_due(f, a->due, due, sizeof due, &late);
    int isz = fd(f, 26), lh = kit_line(&f->u, F_BODY);
    fui_icon_draw(f, late ? FI_ALERT : FI_CLOCK, (draw_rect){cx, ly + (lh - isz) / 2, isz, isz},
                  late ? t->danger : t->text);
    ly += kit_wrap(&f->u, cx + isz + fd(f, 12), ly, lw - isz - fd(f, 12), due, F_BODY, FONT_BOLD,
                   late ? t->danger : t->text, 2, false);
    int ry = two ? cy : ly + fd(f, 16);
    if (a->instructions[0]) {
        ry += caption(f, rx, ry, rw, tr(f->L, "Petunjuk"));
        ry += kit_wrap(&f->u, rx, ry, rw, a->instructions, F_BODY, f->bw, t->text, 0, false);
    }
    int bottom = (ly > ry ? ly : ry) + pad;
    card_close(f, k, bottom - y);
    return bottom - y;
}

/* ---- one field's card ---- */

static int field_card(fui *f, fui_form_view *v, int i, int x, int y, int w)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    const form_field *ff = &v->a->form[i];
    const field_answer *ans = field_answer_find(v->r, ff->key);
    const char *text = ans ? ans->text : "";
    field_verdict verdict = v->ro ? FV_OK : s->verdicts[i];
    bool shown = verdict != FV_OK && (s->show_all || (i < 32 && ((s->touched >> i) & 1u)));
    bool focus = v->focus == i;
    draw_color edge = focus ? t->primary : shown ? t->danger : (draw_color){0, 0, 0, 0};
    card_cmds k = card_open(f, (draw_rect){x, y, w, 1}, edge, f->sun ? fd(f, 5) : fd(f, 3));
    int pad = fd(f, 24), cx = x + pad, cw = w - 2 * pad, cy = y + pad;
    /* The label, and "Wajib" for a required field. */
    const char *req = tr(f->L, "Wajib");
    int rw = ff->required ? kit_text_width(&f->u, req, F_CAPTION, FONT_BOLD) + fd(f, 28) : 0;
    int lh = kit_line(&f->u, F_BODY);
    if (ff->required) {
        draw_rect pr = {cx + cw - rw, cy + (lh - fd(f, 34)) / 2, rw, fd(f, 34)};
        draw_rect_fill(f->u.l, pr, t->info_bg, fd(f, 17));
        draw_label(f->u.l, pr, req, F_CAPTION, FONT_BOLD, t->primary, ALIGN_CENTER);
    }
    cy += kit_wrap(&f->u, cx, cy, cw - rw - fd(f, 16), ff->label, F_BODY, FONT_BOLD, t->text, 3,
                   false);
    cy += fd(f, 14);
    int top = cy;
    switch (ff->kind) {
    case FK_TEXT:
        cy += fui_entry_box(f, v, i, (draw_rect){cx, cy, cw, fd(f, 76)}, text, NULL, true, shown);
        break;
    case FK_NUMBER: {
        int bw = cw < fd(f, 420) ? cw : fd(f, 420);
        cy += fui_entry_box(f, v, i, (draw_rect){cx, cy, bw, fd(f, 76)}, text, ff->unit, false,
                            shown);
        char hint[160];
        fui_range_hint(f, ff, hint, sizeof hint);
        if (hint[0]) {
            int hx = cx + bw + fd(f, 24), hw = cx + cw - hx;
            if (hw >= fd(f, 240)) {
                kit_text(&f->u, (draw_rect){hx, top, hw, fd(f, 76)}, hint, F_BODY, f->bw,
                         t->text_muted, ALIGN_LEFT);
            } else {
                kit_text(&f->u, (draw_rect){cx, cy + fd(f, 8), cw, lh}, hint, F_BODY, f->bw,
                         t->text_muted, ALIGN_LEFT);
                cy += lh + fd(f, 8);
            }
        }
        break;
    }
    case FK_DATE:
        cy += fui_date_control(f, v, i, cx, cy, cw, text, shown);
        break;
    case FK_CHOICE:
    case FK_MULTI:
        cy += fui_options(f, v, i, cx, cy, cw, ans && ans->set ? ans->chosen : 0);
        break;
    case FK_YESNO:
        cy += fui_yesno(f, v, i, cx, cy, ans);
        break;
    case FK_PHOTO:
        cy += fui_photos(f, v, i, cx, cy, cw);
        break;
    case FK_LOCATION:
        cy += fui_location(f, v, i, cx, cy, cw, ans, shown);
        break;
    case FK_KINDS:
        break;
    }
    if (shown) { /* what is wrong, in words, with an icon and the card's red edge */
        char msg[200];
        fui_verdict_text(f, ff, verdict, ans, msg, sizeof msg);
        cy += fd(f, 14);
        int isz = fd(f, 30);
        fui_icon_draw(f, FI_ALERT, (draw_rect){cx, cy + (lh - isz) / 2, isz, isz}, t->danger);
        cy += kit_wrap(&f->u, cx + isz + fd(f, 12), cy, cw - isz - fd(f, 12), msg, F_BODY,
                       FONT_BOLD, t->danger, 2, false);
    }
    cy += pad;
    card_close(f, k, cy - y);
    return cy - y;
}

/* The column: the assignment, then every field. Returns its height. */
static int column(fui *f, fui_form_view *v, int x, int y, int w)
{
    int g = fd(f, 20), cy = y;
    cy += header(f, v, x, cy, w) + g;
    for (int i = 0; i < v->a->n_form; i++) {
        fui_mark mk = fui_mark_now(f);
        int h = field_card(f, v, i, x, cy, w);
        if (cy + h < f->clip.y || cy > f->clip.y + f->clip.h)
            fui_rewind(f, mk); /* out of view: measured, not kept */
        if (i == v->focus) {
            v->focus_top = cy - y;
            v->focus_bottom = cy + h - y;
        }
        cy += h + g;
    }
    return cy - y;
}

/* ---- the bar under the form ---- */

static void save_line(fui *f, int x, int y, int w, int h)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    char buf[160], when[FMT_CAP] = "";
    fui_look lk;
    if (s->save_failed) {
        lk = (fui_look){tr(f->L, "Belum tersimpan \xC2\xB7 penyimpanan penuh"), FI_ALERT, t->danger,
                        t->danger_bg};
    } else if (field_app_saving(s)) {
        lk = (fui_look){tr(f->L, "Menyimpan\xE2\x80\xA6"), FI_CLOCK, t->text, t->surface};
    } else if (s->draft.updated_at) {
        fui_when(f, s->draft.updated_at, when, sizeof when);
        snprintf(buf, sizeof buf, tr(f->L, "Draf tersimpan %s"), when);
        lk = (fui_look){buf, FI_CHECK, t->success, t->success_bg};
    } else {
        lk = (fui_look){tr(f->L, "Belum ada isian"), FI_EDIT, t->text_muted, t->surface};
    }
    int isz = fd(f, 30);
    fui_icon_draw(f, lk.icon, (draw_rect){x, y + (h - isz) / 2, isz, isz}, lk.fg);
    kit_text(&f->u, (draw_rect){x + isz + fd(f, 12), y, w - isz - fd(f, 12), h}, lk.word, F_BODY,
             FONT_BOLD, lk.fg, ALIGN_LEFT);
}

static void submit_bar(fui *f, const fui_form_view *v, int h)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    draw_rect bar = fui_bottombar(f, h);
    int pad = fd(f, 24);
    const char *label = tr(f->L, "Kirim laporan");
    int bw = fui_button_w(f, label, FI_UP);
    if (bw < fd(f, 320))
        bw = fd(f, 320);
    draw_rect br = {bar.x + bar.w - pad - bw, bar.y + (h - fd(f, 80)) / 2, bw, fd(f, 80)};
    fui_button(f, br, "submit", label, FI_UP, s->preparing > 0 ? FB_DISABLED : FB_PRIMARY,
               FIELD_ACT_SUBMIT, 0);
    int missing = 0, wrong = 0;
    for (int i = 0; i < v->a->n_form; i++) {
        missing += s->verdicts[i] == FV_REQUIRED;
        wrong += s->verdicts[i] != FV_OK && s->verdicts[i] != FV_REQUIRED;
    }
    char msg[160];
    fui_look lk = {msg, FI_ALERT, t->danger, t->danger_bg};
    if (s->preparing > 0)
        snprintf(msg, sizeof msg, tr(f->L, "Menyiapkan foto\xE2\x80\xA6 (%d tersisa)"),
                 s->preparing);
    else if (wrong && missing)
        snprintf(msg, sizeof msg, tr(f->L, "%d isian perlu diperbaiki, %d belum diisi"), wrong,
                 missing);
    else if (wrong)
        snprintf(msg, sizeof msg, tr(f->L, "%d isian perlu diperbaiki"), wrong);
    else if (missing)
        snprintf(msg, sizeof msg, tr(f->L, "%d isian wajib belum diisi"), missing);
    else
        lk = (fui_look){tr(f->L, "Semua isian lengkap"), FI_CHECK, t->success, t->success_bg};
    if (s->preparing > 0) {
        lk.icon = FI_CLOCK;
        lk.fg = t->primary;
    }
    /* Two lines beside the button: what still needs work, and whether the draft is saved. */
    int lh = kit_line(&f->u, F_BODY), lw = br.x - bar.x - 2 * pad, isz = fd(f, 30);
    if (s->preparing == 0 && wrong && missing &&
        kit_text_width(&f->u, msg, F_BODY, FONT_BOLD) > lw - isz - fd(f, 12)) /* narrow */
        snprintf(msg, sizeof msg, tr(f->L, "%d isian perlu diperbaiki"), wrong + missing);
    int ly = bar.y + (h - 2 * lh - fd(f, 8)) / 2;
    fui_icon_draw(f, lk.icon, (draw_rect){bar.x + pad, ly + (lh - isz) / 2, isz, isz}, lk.fg);
    kit_text(&f->u, (draw_rect){bar.x + pad + isz + fd(f, 12), ly, lw - isz - fd(f, 12), lh},
             lk.word, F_BODY, FONT_BOLD, lk.fg, ALIGN_LEFT);
    save_line(f, bar.x + pad, ly + lh + fd(f, 8), lw, lh);
}

/* A submitted report: its state instead of the button. */
static void state_bar(fui *f, const fui_form_view *v, int h)
{
    const ui_theme *t = &f->u.t;
    const field_report *r = v->r;
    draw_rect bar = fui_bottombar(f, h);
    int pad = fd(f, 24), bh = fd(f, 52), lh = kit_line(&f->u, F_BODY);
    char buf[64], detail[240], when[FMT_CAP] = "";
    fui_look lk = fui_report_look(f, r, v->a, buf, sizeof buf);
    bool sending = r->state == REPORT_SENDING;
    int top = bar.y + (sending ? fd(f, 16) : (h - bh) / 2);
    int bw = fui_badge(f, bar.x + pad, top, bh, &lk, false);
    if (r->updated_at)
        fui_when(f, r->updated_at, when, sizeof when);
    switch (r->state) {
    case REPORT_WAITING:
        snprintf(detail, sizeof detail, "%s",
                 tr(f->L, "Tersimpan di tablet; dikirim otomatis saat ada jaringan."));
        break;
    case REPORT_SENDING:
        snprintf(detail, sizeof detail, tr(f->L, "Mengirim foto %d dari %d"),
                 r->files_done < r->n_photos ? r->files_done + 1 : r->n_photos, r->n_photos);
        break;
    case REPORT_SENT:
        snprintf(detail, sizeof detail, tr(f->L, "Diterima server %s"), when);
        break;
    case REPORT_REJECTED:
        snprintf(detail, sizeof detail, tr(f->L, "Ditolak: %s"), fui_reason(f, r->code));
        break;
    default:
        detail[0] = '\0';
        break;
    }
    int dx = bar.x + pad + bw + fd(f, 20);
    kit_text(&f->u, (draw_rect){dx, top, bar.x + bar.w - pad - dx, bh}, detail, F_BODY, FONT_BOLD,
             r->state == REPORT_REJECTED ? t->danger : t->text, ALIGN_LEFT);
    if (sending)
        kit_progress(&f->u,
                     (draw_rect){bar.x + pad, top + bh + fd(f, 14), bar.w - 2 * pad, fd(f, 24)},
                     fui_sent_fraction(r), 1.0, -1, t->primary);
    (void)lh;
}

void fui_form(fui *f)
{
    const field_state *s = f->s;
    int right;
    const field_assignment *a =
        s->list && s->cur >= 0 && s->cur < s->list->n ? &s->list->a[s->cur] : NULL;
    const field_report *rep = a ? field_app_report_of(s, a->id) : NULL;
    fui_form_view v = {a, &s->draft, rep && rep->state != REPORT_DRAFT, -1, 0, 0};
    if (v.ro)
        v.r = rep;
    int top = fui_topbar(f, v.ro ? tr(f->L, "Laporan lapangan") : tr(f->L, "Isi laporan"),
                         tr(f->L, "Tugas"), &right);
    (void)right;
    if (!a) {
        kit_text(&f->u, (draw_rect){0, top + fd(f, 80), f->u.c->w, kit_line(&f->u, F_HEAD)},
                 tr(f->L, "Tugas ini tidak ada lagi di daftar."), F_HEAD, FONT_BOLD, f->u.t.text,
                 ALIGN_CENTER);
        fui_toast(f, f->u.c->h);
        return;
    }
    bool kb = !v.ro && s->keyboard && s->focus >= 0 && s->focus < a->n_form &&
              (a->form[s->focus].kind == FK_TEXT || a->form[s->focus].kind == FK_NUMBER ||
               a->form[s->focus].kind == FK_DATE);
    if (kb)
        v.focus = s->focus;
    bool sending = v.ro && v.r->state == REPORT_SENDING;
    int bottom = kb ? fui_keyboard_height(f, a->form[s->focus].kind) : fd(f, sending ? 140 : 112);
    draw_rect area = {0, top, f->u.c->w, f->u.c->h - top - bottom};
    int x = fd(f, 24), w = f->u.c->w - 2 * x, y = top + fd(f, 20);
    /* Drawn at the asked scroll first; drawn again when that was past the end, or when the field
     * being typed into would be out of view. */
    int scroll = s->scroll > 0 ? s->scroll : 0;
    f->clip = area;
    fui_mark mk = fui_mark_now(f);
    for (int pass = 0; pass < 2; pass++) {
        draw_clip_push(f->u.l, area);
        int h = column(f, &v, x, y - scroll, w);
        draw_clip_pop(f->u.l);
        int max = h + fd(f, 20) + (y - area.y) - area.h;
        max = max > 0 ? max : 0;
        int want = scroll > max ? max : scroll;
        if (kb) { /* the field being typed into, in view above the keyboard */
            int lo = v.focus_bottom + (y - area.y) + fd(f, 12) - area.h;
            int hi = v.focus_top + (y - area.y) - fd(f, 12);
            if (want < lo)
                want = lo;
            if (want > hi)
                want = hi;
            want = want < 0 ? 0 : want;
        }
        f->m.scroll_area = area;
        f->m.scroll_max = max > want ? max : want;
        f->m.scroll = want;
        if (want == scroll)
            break;
        scroll = want;
        fui_rewind(f, mk);
    }
    f->clip = (draw_rect){0, 0, f->u.c->w, f->u.c->h};
    if (kb)
        fui_keyboard(f, (draw_rect){0, f->u.c->h - bottom, f->u.c->w, bottom}, &a->form[s->focus]);
    else if (v.ro)
        state_bar(f, &v, bottom);
    else
        submit_bar(f, &v, bottom);
    fui_toast(f, f->u.c->h - bottom);
}
