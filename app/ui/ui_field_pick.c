/* ui_field_pick: "Pilih foto", the photo folder as a grid of tiles. A picture shows its
 * thumbnail once the platform made it ("thumb:<name>"), a neutral tile with its name before;
 * selected tiles get a thick frame, a check badge and an inverted name bar (not colour alone).
 * Files that cannot be attached are greyed, say why in words and cannot be tapped. The bar under
 * the grid cancels or attaches the selection, and says while photos are being prepared. */
#include "ui_field_int.h"

#include <stdio.h>
#include <string.h>

static const char *problem_text(fui *f, const field_pick *p, char *buf, size_t cap)
{
    switch (p->problem) {
    case FP_OK:
        return "";
    case FP_NOT_IMAGE:
        return tr(f->L, "Bukan gambar");
    case FP_UNSUPPORTED:
        return tr(f->L, "Format tidak didukung");
    case FP_BROKEN:
        return tr(f->L, "Gambar rusak");
    case FP_TOO_LARGE:
        if (p->width > 0 && p->height > 0) {
            snprintf(buf, cap, tr(f->L, "Terlalu besar (%d\xC3\x97%d)"), p->width, p->height);
            return buf;
        }
        return tr(f->L, "Terlalu besar");
    case FP_UNREADABLE:
        return tr(f->L, "Tidak dapat dibaca");
    case FP_NO_MEMORY:
        return tr(f->L, "Memori tablet tidak cukup");
    case FP_NO_SPACE:
        return tr(f->L, "Penyimpanan tablet penuh");
    }
    return "";
}

static bool selected(const field_state *s, int i)
{
    return (s->selected[i / 64] >> (i % 64)) & 1u;
}

static void tile(fui *f, draw_rect r, int ih, int i)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    const field_pick *p = &s->picks[i];
    int lh = kit_line(&f->u, F_BODY), pad = fd(f, 10);
    draw_rect img = {r.x, r.y, r.w, ih};
    bool ok = p->problem == FP_OK, on = ok && selected(s, i);
    char id[24];
    snprintf(id, sizeof id, "pick-%d", i);
    /* Skipped files are greyed: a grey tile, words in the text colour (never faint text). */
    draw_color grey = f->sun ? t->surface_alt : (draw_color){0xE6, 0xE9, 0xED, 0xFF};
    draw_rect_fill(f->u.l, r, ok ? t->surface : grey, fd(f, 10));
    draw_rect_fill(f->u.l, img, ok ? t->surface_alt : grey, fd(f, 10));
    if (!ok) { /* why it is skipped, in words */
        char buf[96];
        const char *why = problem_text(f, p, buf, sizeof buf);
        int isz = fd(f, 30), y = img.y + fd(f, 16);
        fui_icon_draw(f, FI_CROSS, (draw_rect){img.x + pad, y + (lh - isz) / 2, isz, isz}, t->text);
        kit_text(&f->u, (draw_rect){img.x + pad + isz + fd(f, 10), y, img.w - 2 * pad - isz, lh},
                 tr(f->L, "Dilewati"), F_BODY, FONT_BOLD, t->text, ALIGN_LEFT);
        kit_wrap(&f->u, img.x + pad, y + lh + fd(f, 10), img.w - 2 * pad, why, F_BODY, f->bw,
                 t->text, 3, false);
    } else if (s->thumb_ready[i] == THUMB_READY) {
        char key[300];
        snprintf(key, sizeof key, "thumb:%s", p->name);
        draw_rect fit = img;
        if (p->width > 0 && p->height > 0) {
            if ((int64_t)p->width * img.h > (int64_t)p->height * img.w) {
                fit.h = (int)((int64_t)img.w * p->height / p->width);
                fit.y += (img.h - fit.h) / 2;
            } else {
                fit.w = (int)((int64_t)img.h * p->width / p->height);
                fit.x += (img.w - fit.w) / 2;
            }
        }
        draw_image(f->u.l, fit, key);
    } else {
        const char *msg = s->thumb_ready[i] == THUMB_FAILED ? tr(f->L, "Pratinjau tidak tersedia")
                                                            : tr(f->L, "Memuat\xE2\x80\xA6");
        if (kit_text_width(&f->u, msg, F_BODY, FONT_BOLD) <= img.w - 2 * pad)
            kit_text(&f->u, img, msg, F_BODY, FONT_BOLD, t->text_muted, ALIGN_CENTER);
        else
            kit_wrap(&f->u, img.x + pad, img.y + (ih - 2 * lh) / 2, img.w - 2 * pad, msg, F_BODY,
                     FONT_BOLD, t->text_muted, 2, false);
    }
    /* The name bar; inverted when selected. */
    draw_rect nr = {r.x, r.y + ih, r.w, r.h - ih};
    if (on)
        draw_rect_fill(f->u.l, nr, t->primary, 0);
    fui_text_tail(f, (draw_rect){nr.x + pad, nr.y, nr.w - 2 * pad, nr.h}, p->name, F_BODY,
                  on ? FONT_BOLD : f->bw, on ? t->on_primary : t->text, ALIGN_LEFT);
    if (on) {
        draw_frame(f->u.l, r, t->primary, fd(f, 10), fd(f, 6));
        int d = fd(f, 56);
        draw_rect b = {r.x + r.w - d - fd(f, 12), r.y + fd(f, 12), d, d};
        draw_rect_fill(f->u.l, b, t->primary, d / 2);
        draw_frame(f->u.l, b, t->on_primary, d / 2, fd(f, 3));
        int c = d * 6 / 10;
        fui_icon_draw(f, FI_CHECK, (draw_rect){b.x + (d - c) / 2, b.y + (d - c) / 2, c, c},
                      t->on_primary);
    } else {
        draw_frame(f->u.l, r, f->line, fd(f, 10), f->sun ? fd(f, 2) : 1);
    }
    if (ok) {
        if (fui_pressed(f, id))
            draw_frame(f->u.l, r, t->primary, fd(f, 10), fd(f, 4));
        fui_hit(f, r, id, p->name, FIELD_ACT_PICK, i);
    }
}

static void bar(fui *f, int h, const form_field *ff, int have)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    draw_rect b = fui_bottombar(f, h);
    int pad = fd(f, 24), bh = fd(f, 80), by = b.y + (h - bh) / 2;
    char attach[64], msg[160];
    if (s->n_selected > 0)
        snprintf(attach, sizeof attach, tr(f->L, "Lampirkan %d foto"), s->n_selected);
    else
        snprintf(attach, sizeof attach, "%s", tr(f->L, "Lampirkan foto"));
    int aw = fui_button_w(f, attach, FI_CHECK);
    if (aw < fd(f, 300))
        aw = fd(f, 300);
    draw_rect ar = {b.x + b.w - pad - aw, by, aw, bh};
    bool can = s->n_selected > 0 && s->preparing == 0;
    fui_button(f, ar, "attach", attach, FI_CHECK, can ? FB_PRIMARY : FB_DISABLED,
               FIELD_ACT_PICK_ATTACH, 0);
    const char *cancel = tr(f->L, "Batal");
    int cw = fui_button_w(f, cancel, FI_NONE);
    if (cw < fd(f, 180))
        cw = fd(f, 180);
    draw_rect cr = {ar.x - fd(f, 16) - cw, by, cw, bh};
    fui_button(f, cr, "back", cancel, FI_NONE, FB_SECONDARY, FIELD_ACT_BACK, 0);
    fui_icon icon = FI_DOT;
    draw_color fg = t->text;
    if (s->preparing > 0) {
        snprintf(msg, sizeof msg, tr(f->L, "Menyiapkan foto\xE2\x80\xA6 (%d tersisa)"),
                 s->preparing);
        icon = FI_CLOCK;
        fg = t->primary;
    } else if (ff && ff->max_photos > 0 && s->n_selected > ff->max_photos - have) {
        snprintf(msg, sizeof msg, tr(f->L, "Terlalu banyak: paling banyak %d foto lagi"),
                 ff->max_photos - have > 0 ? ff->max_photos - have : 0);
        icon = FI_ALERT;
        fg = t->danger;
    } else if (s->n_selected > 0) {
        snprintf(msg, sizeof msg, tr(f->L, "%d foto dipilih"), s->n_selected);
        icon = FI_CHECK;
        fg = t->primary;
    } else {
        snprintf(msg, sizeof msg, "%s", tr(f->L, "Ketuk foto untuk memilihnya"));
    }
    int isz = fd(f, 30), tx = b.x + pad + isz + fd(f, 12);
    fui_icon_draw(f, icon, (draw_rect){b.x + pad, b.y + (h - isz) / 2, isz, isz}, fg);
    kit_text(&f->u, (draw_rect){tx, b.y, cr.x - fd(f, 16) - tx, h}, msg, F_BODY, FONT_BOLD, fg,
             ALIGN_LEFT);
}

void fui_picker(fui *f)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    int right;
    int top = fui_topbar(f, tr(f->L, "Pilih foto"), NULL, &right);
    const field_assignment *a =
        s->list && s->cur >= 0 && s->cur < s->list->n ? &s->list->a[s->cur] : NULL;
    const form_field *ff =
        a && s->picker_field >= 0 && s->picker_field < a->n_form ? &a->form[s->picker_field] : NULL;
    int have = ff ? field_photo_count(&s->draft, ff->key) : 0;
    /* What the photos are for, and what the folder holds. */
    int sh = fd(f, 104), pad = fd(f, 24), lh = kit_line(&f->u, F_BODY);
    draw_rect_fill(f->u.l, (draw_rect){0, top, f->u.c->w, sh}, t->surface, 0);
    draw_rect_fill(f->u.l, (draw_rect){0, top + sh - f->border, f->u.c->w, f->border},
                   f->sun ? f->line : t->divider, 0);
    char l1[240], l2[200];
    snprintf(l1, sizeof l1, tr(f->L, "Untuk: %s"), ff ? ff->label : "");
    int skipped = 0;
    for (int i = 0; i < s->n_picks; i++)
        skipped += s->picks[i].problem != FP_OK;
    if (s->scanning)
        snprintf(l2, sizeof l2, "%s", tr(f->L, "Mencari foto di folder kamera\xE2\x80\xA6"));
    else if (skipped)
        snprintf(l2, sizeof l2, tr(f->L, "Folder kamera: %d foto, %d berkas dilewati"),
                 s->n_picks - skipped, skipped);
    else
        snprintf(l2, sizeof l2, tr(f->L, "Folder kamera: %d foto"), s->n_picks);
    if (ff && ff->min_photos > 0) {
        size_t k = strlen(l2);
        snprintf(l2 + k, sizeof l2 - k, tr(f->L, " \xC2\xB7 sudah dilampirkan %d dari minimal %d"),
                 have, ff->min_photos);
    }
    int ty = top + (sh - 2 * lh) / 2;
    kit_text(&f->u, (draw_rect){pad, ty, f->u.c->w - 2 * pad, lh}, l1, F_BODY, FONT_BOLD, t->text,
             ALIGN_LEFT);
    kit_text(&f->u, (draw_rect){pad, ty + lh, f->u.c->w - 2 * pad, lh}, l2, F_BODY, f->bw,
             t->text_muted, ALIGN_LEFT);
    top += sh;
    int bh = fd(f, 112);
    draw_rect area = {0, top, f->u.c->w, f->u.c->h - top - bh};
    if (s->n_picks == 0) {
        const char *msg = s->scanning ? tr(f->L, "Mencari foto\xE2\x80\xA6")
                                      : tr(f->L, "Tidak ada foto di folder kamera.");
        kit_text(&f->u,
                 (draw_rect){pad, area.y + fd(f, 60), area.w - 2 * pad, kit_line(&f->u, F_HEAD)},
                 msg, F_HEAD, FONT_BOLD, t->text, ALIGN_CENTER);
        if (!s->scanning)
            kit_text(&f->u,
                     (draw_rect){pad, area.y + fd(f, 60) + kit_line(&f->u, F_HEAD) + fd(f, 12),
                                 area.w - 2 * pad, lh},
                     tr(f->L, "Salin foto ke folder kamera tablet, lalu buka lagi."), F_BODY, f->bw,
                     t->text_muted, ALIGN_CENTER);
    } else {
        int g = fd(f, 16), w = area.w - 2 * pad, min_w = fd(f, 220);
        int cols = (w + g) / (min_w + g);
        cols = cols < 1 ? 1 : cols;
        int tw = (w - (cols - 1) * g) / cols, ih = tw * 3 / 4, th = ih + lh + fd(f, 16);
        int rows = (s->n_picks + cols - 1) / cols;
        int content = rows * (th + g) + fd(f, 24);
        int max = content - area.h;
        f->m.scroll_area = area;
        f->m.scroll_max = max > 0 ? max : 0;
        int scroll = s->scroll < 0 ? 0 : s->scroll > f->m.scroll_max ? f->m.scroll_max : s->scroll;
        f->m.scroll = scroll;
        f->clip = area;
        draw_clip_push(f->u.l, area);
        for (int i = 0; i < s->n_picks; i++) {
            int y = area.y + fd(f, 20) + (i / cols) * (th + g) - scroll;
            if (y + th < area.y)
                continue;
            if (y > area.y + area.h)
                break;
            tile(f, (draw_rect){pad + (i % cols) * (tw + g), y, tw, th}, ih, i);
        }
        draw_clip_pop(f->u.l);
        f->clip = (draw_rect){0, 0, f->u.c->w, f->u.c->h};
    }
    bar(f, bh, ff, have);
    fui_toast(f, f->u.c->h - bh);
}
