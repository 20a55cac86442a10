/* ui_field_controls: the controls of the form's fields (ui_field_form.c lays them out): the box
 * of a typed answer with its unit and caret, the date with its day buttons, choice and checkbox
 * rows, yes/no, photo tiles with their remove corner and "Tambah foto", the attached location with
 * its distance to the site; and the words of a verdict. Each control returns the height it used
 * and emits its hit regions only when editable. */
#include "ui_field_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- words for answers and verdicts ---- */

void fui_range_hint(fui *f, const form_field *ff, char *buf, size_t cap)
{
    char lo[32], hi[32];
    int dl = ff->min == floor(ff->min) ? 0 : ff->decimals;
    int dh = ff->max == floor(ff->max) ? 0 : ff->decimals;
    fui_number(f, ff->min, dl, lo, sizeof lo);
    fui_number(f, ff->max, dh, hi, sizeof hi);
    buf[0] = '\0';
    if (ff->has_min && ff->has_max)
        snprintf(buf, cap, tr(f->L, "Antara %s dan %s %s"), lo, hi, ff->unit);
    else if (ff->has_min)
        snprintf(buf, cap, tr(f->L, "Paling kecil %s %s"), lo, ff->unit);
    else if (ff->has_max)
        snprintf(buf, cap, tr(f->L, "Paling besar %s %s"), hi, ff->unit);
}

void fui_verdict_text(fui *f, const form_field *ff, field_verdict v, const field_answer *ans,
                      char *buf, size_t cap)
{
    char n[32];
    switch (v) {
    case FV_OK:
        buf[0] = '\0';
        return;
    case FV_REQUIRED:
        snprintf(buf, cap, "%s",
                 ff->kind == FK_CHOICE     ? tr(f->L, "Wajib diisi: pilih salah satu")
                 : ff->kind == FK_MULTI    ? tr(f->L, "Wajib diisi: pilih minimal satu")
                 : ff->kind == FK_YESNO    ? tr(f->L, "Wajib diisi: pilih Ya atau Tidak")
                 : ff->kind == FK_LOCATION ? tr(f->L, "Wajib diisi: ambil lokasi")
                 : ff->kind == FK_PHOTO    ? tr(f->L, "Wajib diisi: tambahkan foto")
                                           : tr(f->L, "Wajib diisi"));
        return;
    case FV_NOT_NUMBER: /* "1.204,5": the thousands mark is what makes it ambiguous */
        snprintf(buf, cap, "%s",
                 ans && strchr(ans->text, '.') && strchr(ans->text, ',')
                     ? tr(f->L, "Bukan angka: tulis tanpa titik ribuan, misalnya 1204,5")
                     : tr(f->L, "Bukan angka"));
        return;
    case FV_TOO_MANY_DECIMALS:
        if (ff->decimals <= 0)
            snprintf(buf, cap, "%s", tr(f->L, "Harus bilangan bulat"));
        else
            snprintf(buf, cap, tr(f->L, "Paling banyak %d angka di belakang koma"), ff->decimals);
        return;
    case FV_BELOW_MIN:
        fui_number(f, ff->min, ff->min == floor(ff->min) ? 0 : ff->decimals, n, sizeof n);
        snprintf(buf, cap, tr(f->L, "Paling kecil %s %s"), n, ff->unit);
        return;
    case FV_ABOVE_MAX:
        fui_number(f, ff->max, ff->max == floor(ff->max) ? 0 : ff->decimals, n, sizeof n);
        snprintf(buf, cap, tr(f->L, "Paling besar %s %s"), n, ff->unit);
        return;
    case FV_BAD_DATE:
        snprintf(buf, cap, "%s", tr(f->L, "Tanggal tidak valid (contoh: 2020-07-06)"));
        return;
    case FV_FUTURE_DATE:
        snprintf(buf, cap, "%s", tr(f->L, "Tanggal belum terjadi"));
        return;
    case FV_TOO_FEW_PHOTOS:
        snprintf(buf, cap, tr(f->L, "Perlu minimal %d foto"), ff->min_photos);
        return;
    case FV_TOO_MANY_PHOTOS:
        snprintf(buf, cap, tr(f->L, "Paling banyak %d foto"), ff->max_photos);
        return;
    case FV_LOCATION_OLD:
        snprintf(buf, cap, "%s", tr(f->L, "Lokasi sudah lama, ambil ulang"));
        return;
    case FV_LOCATION_INACCURATE:
        if (ans && isfinite(ans->loc.accuracy_m))
            snprintf(buf, cap, tr(f->L, "Lokasi kurang akurat (\xC2\xB1%d m), ambil ulang"),
                     (int)lround(ans->loc.accuracy_m));
        else
            snprintf(buf, cap, "%s", tr(f->L, "Lokasi kurang akurat, ambil ulang"));
        return;
    }
    buf[0] = '\0';
}

/* ---- controls; each returns the height it used ---- */

/* The box of a typed answer: its text (or a hint), the unit, a caret while typed into. */
int fui_entry_box(fui *f, const fui_form_view *v, int i, draw_rect r, const char *text,
                  const char *unit, bool multiline, bool bad)
{
    const ui_theme *t = &f->u.t;
    const form_field *ff = &v->a->form[i];
    bool focus = v->focus == i, ro = v->ro;
    int pad = fd(f, 18), lh = kit_line(&f->u, F_BODY);
    int uw = unit && unit[0] ? kit_text_width(&f->u, unit, F_BODY, FONT_BOLD) + fd(f, 24) : 0;
    int tw = r.w - 2 * pad - uw;
    char shown[FIELD_TEXT_CAP + 4];
    snprintf(shown, sizeof shown, "%s%s", text, focus && multiline ? "|" : "");
    if (multiline) {
        int h = shown[0] ? kit_wrap(&f->u, 0, 0, tw, shown, F_BODY, f->bw, t->text, 0, true) : lh;
        if (h + 2 * fd(f, 22) > r.h)
            r.h = h + 2 * fd(f, 22);
    }
    char id[FIELD_KEY_CAP + 8];
    snprintf(id, sizeof id, "field-%s", ff->key);
    draw_color bg = ro ? t->surface_alt : fui_pressed(f, id) ? t->info_bg : t->surface;
    draw_rect_fill(f->u.l, r, bg, fd(f, 10));
    draw_color edge = focus ? t->primary : bad ? t->danger : f->line;
    draw_frame(f->u.l, r, edge, fd(f, 10), focus ? fd(f, 4) : f->border);
    if (!text[0] && !focus) {
        const char *hint = ro ? tr(f->L, "Tidak diisi") : tr(f->L, "Ketuk untuk mengisi");
        int isz = fd(f, 26), x = r.x + pad;
        if (!ro) {
            fui_icon_draw(f, FI_EDIT, (draw_rect){x, r.y + (fd(f, 76) - isz) / 2, isz, isz},
                          t->primary);
            x += isz + fd(f, 12);
        }
        kit_text(&f->u, (draw_rect){x, r.y, tw - (x - r.x - pad), fd(f, 76)}, hint, F_BODY, f->bw,
                 ro ? t->text_muted : t->primary, ALIGN_LEFT);
    } else if (multiline) {
        kit_wrap(&f->u, r.x + pad, r.y + fd(f, 22), tw, shown, F_BODY, f->bw, t->text, 0, false);
    } else {
        kit_text(&f->u, (draw_rect){r.x + pad, r.y, tw, r.h}, text, F_BODY, FONT_BOLD, t->text,
                 ALIGN_LEFT);
        if (focus) { /* the caret after the text */
            int cx = r.x + pad + kit_text_width(&f->u, text, F_BODY, FONT_BOLD) + fd(f, 2);
            if (cx > r.x + pad + tw)
                cx = r.x + pad + tw;
            draw_rect_fill(f->u.l, (draw_rect){cx, r.y + fd(f, 18), fd(f, 3), r.h - fd(f, 36)},
                           t->primary, 0);
        }
    }
    if (uw)
        kit_text(&f->u, (draw_rect){r.x + r.w - uw - pad / 2, r.y, uw, fd(f, 76)}, unit, F_BODY,
                 FONT_BOLD, t->text_muted, ALIGN_RIGHT);
    if (!ro)
        fui_hit(f, r, id, ff->label, FIELD_ACT_EDIT, i);
    return r.h;
}

int fui_date_control(fui *f, const fui_form_view *v, int i, int x, int y, int w, const char *text,
                     bool bad)
{
    const form_field *ff = &v->a->form[i];
    int bh = fd(f, 76), bw = w < fd(f, 340) ? w : fd(f, 340), y0 = y;
    fui_entry_box(f, v, i, (draw_rect){x, y, bw, bh}, text, NULL, false, bad);
    int h = bh;
    if (!v->ro) {
        char id[FIELD_KEY_CAP + 16];
        const char *today = tr(f->L, "Hari ini");
        int tw = fui_button_w(f, today, FI_NONE), g = fd(f, 12);
        int bx = x + bw + fd(f, 20);
        if (bx + 2 * bh + tw + 2 * g > x + w) { /* narrow: the buttons go under the box */
            bx = x;
            y += bh + g;
            h += bh + g;
        }
        snprintf(id, sizeof id, "date-prev-%s", ff->key);
        fui_icon_button(f, (draw_rect){bx, y, bh, bh}, id, tr(f->L, "Sehari sebelumnya"), FI_LEFT,
                        FIELD_ACT_DATE_PREV, i);
        snprintf(id, sizeof id, "date-today-%s", ff->key);
        fui_button(f, (draw_rect){bx + bh + g, y, tw, bh}, id, today, FI_NONE, FB_SECONDARY,
                   FIELD_ACT_DATE_TODAY, i);
        snprintf(id, sizeof id, "date-next-%s", ff->key);
        fui_icon_button(f, (draw_rect){bx + bh + 2 * g + tw, y, bh, bh}, id,
                        tr(f->L, "Sehari sesudahnya"), FI_RIGHT, FIELD_ACT_DATE_NEXT, i);
    }
    int64_t days;
    char day[FMT_CAP];
    if (text[0] && field_parse_date(text, &days) &&
        fmt_date_long(days * 86400, NULL, f->L, day, sizeof day)) {
        int lh = kit_line(&f->u, F_BODY);
        kit_text(&f->u, (draw_rect){x, y0 + h + fd(f, 10), w, lh}, day, F_BODY, FONT_BOLD,
                 f->u.t.text, ALIGN_LEFT);
        h += lh + fd(f, 10);
    }
    return h;
}

/* Choice (radio rows) and multi (checkbox rows), in two columns when there is room. */
int fui_options(fui *f, const fui_form_view *v, int i, int x, int y, int w, uint32_t chosen)
{
    const ui_theme *t = &f->u.t;
    const form_field *ff = &v->a->form[i];
    int g = fd(f, 12), cols = w >= 2 * fd(f, 360) + g ? 2 : 1, rh = fd(f, 76);
    int cw = (w - (cols - 1) * g) / cols;
    bool multi = ff->kind == FK_MULTI;
    for (int c = 0; c < ff->n_choices; c++) {
        draw_rect r = {x + (c % cols) * (cw + g), y + (c / cols) * (rh + g), cw, rh};
        bool on = (chosen >> c) & 1u;
        char id[FIELD_KEY_CAP + 16];
        snprintf(id, sizeof id, "choice-%s-%d", ff->key, c);
        bool pressed = !v->ro && fui_pressed(f, id);
        draw_rect_fill(f->u.l, r,
                       on || pressed ? t->info_bg
                       : v->ro       ? t->surface_alt
                                     : t->surface,
                       fd(f, 10));
        draw_frame(f->u.l, r, on ? t->primary : f->line, fd(f, 10), on ? fd(f, 4) : f->border);
        int m = fd(f, 34), mx = r.x + fd(f, 20), my = r.y + (rh - m) / 2;
        draw_rect mark = {mx, my, m, m};
        if (multi) {
            draw_rect_fill(f->u.l, mark, on ? t->primary : t->surface, fd(f, 6));
            draw_frame(f->u.l, mark, on ? t->primary : t->text, fd(f, 6), fd(f, 3));
            if (on)
                fui_icon_draw(f, FI_CHECK, mark, t->on_primary);
        } else {
            draw_rect_fill(f->u.l, mark, t->surface, m / 2);
            draw_frame(f->u.l, mark, on ? t->primary : t->text, m / 2, fd(f, 3));
            if (on) {
                int d = m * 52 / 100;
                draw_rect_fill(f->u.l, (draw_rect){mx + (m - d) / 2, my + (m - d) / 2, d, d},
                               t->primary, d / 2);
            }
        }
        int lx = mx + m + fd(f, 16);
        kit_text(&f->u, (draw_rect){lx, r.y, r.x + r.w - lx - fd(f, 12), rh}, ff->choices[c],
                 F_BODY, on || f->sun ? FONT_BOLD : FONT_REGULAR, on ? t->primary : t->text,
                 ALIGN_LEFT);
        if (!v->ro)
            fui_hit(f, r, id, ff->choices[c], FIELD_ACT_CHOICE, i * 32 + c);
    }
    int rows = (ff->n_choices + cols - 1) / cols;
    return rows * rh + (rows > 0 ? (rows - 1) * g : 0);
}

int fui_yesno(fui *f, const fui_form_view *v, int i, int x, int y, const field_answer *ans)
{
    const form_field *ff = &v->a->form[i];
    int bw = fd(f, 220), bh = fd(f, 80), g = fd(f, 16);
    bool set = ans && ans->set;
    char id[FIELD_KEY_CAP + 8];
    const char *labels[2] = {tr(f->L, "Ya"), tr(f->L, "Tidak")};
    for (int k = 0; k < 2; k++) {
        bool on = set && ans->yes == (k == 0);
        snprintf(id, sizeof id, k == 0 ? "yes-%s" : "no-%s", ff->key);
        draw_rect r = {x + k * (bw + g), y, bw, bh};
        if (v->ro && !on)
            fui_button(f, r, id, labels[k], FI_NONE, FB_DISABLED, 0, 0);
        else if (v->ro)
            fui_button(f, r, id, labels[k], FI_CHECK, FB_DISABLED, 0, 0);
        else
            fui_button(f, r, id, labels[k], FI_NONE, on ? FB_SELECTED : FB_SECONDARY,
                       k == 0 ? FIELD_ACT_YES : FIELD_ACT_NO, i);
    }
    return bh;
}

int fui_photos(fui *f, const fui_form_view *v, int i, int x, int y, int w)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    const form_field *ff = &v->a->form[i];
    const field_report *r = v->r;
    int n = field_photo_count(r, ff->key), y0 = y, lh = kit_line(&f->u, F_BODY);
    /* "2 dari minimal 3": a check when enough. */
    char count[120];
    if (ff->min_photos > 0)
        snprintf(count, sizeof count, tr(f->L, "%d dari minimal %d foto"), n, ff->min_photos);
    else
        snprintf(count, sizeof count, tr(f->L, "%d foto"), n);
    if (ff->max_photos > 0) {
        size_t k = strlen(count);
        snprintf(count + k, sizeof count - k, tr(f->L, " \xC2\xB7 paling banyak %d"),
                 ff->max_photos);
    }
    bool enough = n >= ff->min_photos && n > 0;
    int isz = fd(f, 28);
    fui_icon_draw(f, enough ? FI_CHECK : FI_DOT, (draw_rect){x, y + (lh - isz) / 2, isz, isz},
                  enough ? t->success : t->text_muted);
    kit_text(&f->u, (draw_rect){x + isz + fd(f, 12), y, w - isz - fd(f, 12), lh}, count, F_BODY,
             FONT_BOLD, enough ? t->success : t->text, ALIGN_LEFT);
    y += lh + fd(f, 14);
    int tw = fd(f, 232), ih = fd(f, 174), name_h = lh + fd(f, 10), g = fd(f, 16);
    int cols = (w + g) / (tw + g);
    if (cols < 1)
        cols = 1;
    int k = 0;
    for (int p = 0; p < r->n_photos; p++) {
        const field_photo *ph = &r->photos[p];
        if (strcmp(ph->field, ff->key) != 0)
            continue;
        draw_rect tile = {x + (k % cols) * (tw + g), y + (k / cols) * (ih + name_h + g), tw, ih};
        k++;
        /* A neutral tile with the name under the picture: seen when the image is missing. */
        draw_rect_fill(f->u.l, tile, t->surface_alt, fd(f, 8));
        char key[FIELD_ID_CAP + FIELD_FILE_CAP + 16];
        snprintf(key, sizeof key, "photo:%s/%s", r->report_id, ph->name);
        draw_rect img = tile;
        if (ph->width > 0 && ph->height > 0) { /* fit, keeping its shape */
            if (ph->width * tile.h > ph->height * tile.w) {
                img.h = tile.w * ph->height / ph->width;
                img.y += (tile.h - img.h) / 2;
            } else {
                img.w = tile.h * ph->width / ph->height;
                img.x += (tile.w - img.w) / 2;
            }
        }
        draw_image(f->u.l, img, key);
        draw_frame(f->u.l, tile, f->line, fd(f, 8), f->sun ? fd(f, 2) : 1);
        fui_text_tail(f, (draw_rect){tile.x, tile.y + ih + fd(f, 4), tw, lh},
                      ph->source[0] ? ph->source : ph->name, F_BODY, f->bw, t->text, ALIGN_LEFT);
        if (!v->ro) { /* remove: a glove-size corner with a visible disc */
            int hs = fd(f, UI_FIELD_TARGET_DP), d = fd(f, 48);
            draw_rect hr = {tile.x + tile.w - hs, tile.y, hs, hs};
            char id[32];
            snprintf(id, sizeof id, "photo-remove-%d", p);
            draw_rect dr = {hr.x + hr.w - d - fd(f, 8), hr.y + fd(f, 8), d, d};
            draw_rect_fill(f->u.l, dr, fui_pressed(f, id) ? t->danger : t->text, d / 2);
            draw_frame(f->u.l, dr, t->surface, d / 2, fd(f, 3));
            int c = d * 5 / 10;
            fui_icon_draw(f, FI_CROSS, (draw_rect){dr.x + (d - c) / 2, dr.y + (d - c) / 2, c, c},
                          t->surface);
            fui_hit(f, hr, id, tr(f->L, "Hapus foto"), FIELD_ACT_PHOTO_REMOVE, p);
        }
    }
    bool room = (ff->max_photos <= 0 || n < ff->max_photos) && r->n_photos < FIELD_PHOTOS_MAX;
    if (!v->ro && room) { /* "Tambah foto" as one more tile */
        draw_rect tile = {x + (k % cols) * (tw + g), y + (k / cols) * (ih + name_h + g), tw, ih};
        char id[FIELD_KEY_CAP + 8];
        snprintf(id, sizeof id, "photos-%s", ff->key);
        const char *label = tr(f->L, "Tambah foto");
        draw_rect_fill(f->u.l, tile, fui_pressed(f, id) ? t->info_bg : t->surface, fd(f, 8));
        draw_frame(f->u.l, tile, t->primary, fd(f, 8), f->sun ? fd(f, 4) : fd(f, 3));
        int ps = fd(f, 48);
        fui_icon_draw(f, FI_PLUS, (draw_rect){tile.x + (tw - ps) / 2, tile.y + fd(f, 36), ps, ps},
                      t->primary);
        kit_text(&f->u, (draw_rect){tile.x, tile.y + fd(f, 100), tw, lh}, label, F_BODY, FONT_BOLD,
                 t->primary, ALIGN_CENTER);
        fui_hit(f, tile, id, label, FIELD_ACT_PHOTOS, i);
        k++;
    }
    if (k > 0)
        y += ((k + cols - 1) / cols) * (ih + name_h + g) - g;
    if (s->preparing > 0 && s->picker_field == i) {
        char msg[96];
        snprintf(msg, sizeof msg, tr(f->L, "Menyiapkan foto\xE2\x80\xA6 (%d tersisa)"),
                 s->preparing);
        y += fd(f, 12);
        fui_icon_draw(f, FI_CLOCK, (draw_rect){x, y + (lh - isz) / 2, isz, isz}, t->primary);
        kit_text(&f->u, (draw_rect){x + isz + fd(f, 12), y, w - isz, lh}, msg, F_BODY, FONT_BOLD,
                 t->primary, ALIGN_LEFT);
        y += lh;
    }
    return y - y0;
}

/* Distance in metres between two WGS 84 points (haversine; metres matter, not millimetres). */
static double distance_m(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 6371000.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

int fui_location(fui *f, const fui_form_view *v, int i, int x, int y, int w,
                 const field_answer *ans, bool bad)
{
    const ui_theme *t = &f->u.t;
    const field_state *s = f->s;
    const form_field *ff = &v->a->form[i];
    int lh = kit_line(&f->u, F_BODY), pad = fd(f, 18), y0 = y;
    const char *label = ans && ans->set ? tr(f->L, "Ambil ulang") : tr(f->L, "Ambil lokasi");
    const char *wait = tr(f->L, "Menunggu GPS\xE2\x80\xA6");
    int bw = fui_button_w(f, s->fix.valid ? label : wait, FI_PIN);
    if (bw < fd(f, 260))
        bw = fd(f, 260);
    int boxw = v->ro ? w : w - bw - fd(f, 20);
    draw_rect box = {x, y, boxw, 2 * lh + 2 * pad};
    draw_rect_fill(f->u.l, box, v->ro ? t->surface_alt : t->surface, fd(f, 10));
    draw_frame(f->u.l, box, bad ? t->danger : f->line, fd(f, 10), f->border);
    if (ans && ans->set && ans->loc.valid) {
        char la[32], lo[32], line[160], acc[32] = "", when[FMT_CAP] = "", line2[200];
        fui_number(f, ans->loc.lat, 5, la, sizeof la);
        fui_number(f, ans->loc.lon, 5, lo, sizeof lo);
        snprintf(line, sizeof line, tr(f->L, "Lintang %s \xC2\xB7 Bujur %s"), la, lo);
        if (isfinite(ans->loc.accuracy_m))
            snprintf(acc, sizeof acc, "\xC2\xB1%d m", (int)lround(ans->loc.accuracy_m));
        else
            snprintf(acc, sizeof acc, "%s", tr(f->L, "akurasi tidak diketahui"));
        int64_t at = ans->loc.fix_time ? ans->loc.fix_time : ans->loc.received_at;
        if (at)
            fui_when(f, at, when, sizeof when);
        snprintf(line2, sizeof line2, tr(f->L, "%s \xC2\xB7 diambil %s"), acc, when);
        if (v->a->lat != 0 || v->a->lon != 0) {
            size_t k = strlen(line2);
            double dm = distance_m(ans->loc.lat, ans->loc.lon, v->a->lat, v->a->lon);
            char dist[32], km[24];
            if (dm < 1000) {
                snprintf(dist, sizeof dist, "%d m", (int)lround(dm));
            } else {
                fui_number(f, dm / 1000.0, 1, km, sizeof km);
                snprintf(dist, sizeof dist, "%s km", km);
            }
            snprintf(line2 + k, sizeof line2 - k, tr(f->L, " \xC2\xB7 %s dari titik tugas"), dist);
        }
        kit_text(&f->u, (draw_rect){x + pad, y + pad, boxw - 2 * pad, lh}, line, F_BODY, FONT_BOLD,
                 t->text, ALIGN_LEFT);
        kit_text(&f->u, (draw_rect){x + pad, y + pad + lh, boxw - 2 * pad, lh}, line2, F_BODY,
                 f->bw, t->text, ALIGN_LEFT);
    } else {
        kit_text(&f->u, (draw_rect){x + pad, y, boxw - 2 * pad, box.h}, tr(f->L, "Belum diambil"),
                 F_BODY, FONT_BOLD, t->text_muted, ALIGN_LEFT);
    }
    if (!v->ro) {
        char id[FIELD_KEY_CAP + 8];
        snprintf(id, sizeof id, "locate-%s", ff->key);
        draw_rect br = {x + boxw + fd(f, 20), y + (box.h - fd(f, 80)) / 2, bw, fd(f, 80)};
        if (s->fix.valid)
            fui_button(f, br, id, label, FI_PIN, FB_PRIMARY, FIELD_ACT_LOCATE, i);
        else
            fui_button(f, br, id, wait, FI_PIN, FB_DISABLED, 0, 0);
        /* The receiver now, as the list's status strip says it. */
        char g[160];
        fui_look gl = fui_gps_look(f, g, sizeof g);
        int gy = y + box.h + fd(f, 12);
        int isz = fd(f, 28);
        fui_icon_draw(f, gl.icon, (draw_rect){x, gy + (lh - isz) / 2, isz, isz}, gl.fg);
        char now[200];
        snprintf(now, sizeof now, tr(f->L, "GPS sekarang: %s"), gl.word);
        kit_text(&f->u, (draw_rect){x + isz + fd(f, 12), gy, w - isz - fd(f, 12), lh}, now, F_BODY,
                 FONT_BOLD, f->sun ? t->text : gl.fg, ALIGN_LEFT);
        return gy + lh - y0;
    }
    return box.h;
}
