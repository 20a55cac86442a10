/* field_main: the field profile in the program: its state (field_app.c) instead of the approver's,
 * frames built by ui_field.c when the state changed, a fresh report id always at hand (the core
 * has no entropy), and the images the worker sends (picker thumbnails) registered with the
 * renderer under the keys the screens draw. */
#include "paraf.h"

#include "crypto.h"
#include "ui_field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int field_main_open(paraf *p)
{
    p->field = calloc(1, sizeof *p->field);
    if (!p->field)
        return -1;
    field_app_init(p->field, p->cfg.language, &p->cfg.tz, p->cfg.poll_interval_s,
                   p->cfg.gps_max_age_s, p->cfg.gps_max_accuracy_m);
    return 0;
}

void field_main_close(paraf *p)
{
    if (p->field) {
        field_app_deinit(p->field);
        free(p->field);
        p->field = NULL;
    }
}

void field_before_dispatch(paraf *p)
{
    if (!p->field->next_report_id[0] && crypto_uuid4(p->field->next_report_id) != CRYPTO_OK)
        p->field->next_report_id[0] = '\0'; /* no new report until the next try */
}

/* Thumbnails arrive as surfaces: the picker's are drawn as "thumb:<file name>", an attached
 * photo's (just added, or read back from the store when a form opens) as
 * "photo:<report id>/<manifest name>". */
void field_on_result(paraf *p, msg_result *r)
{
    if ((r->kind != RES_PHOTO_THUMB && r->kind != RES_PHOTO_ADDED) || !r->image)
        return;
    SDL_Surface *s = r->image;
    r->image = NULL;
    bool attached = r->kind == RES_PHOTO_ADDED || r->id[0]; /* else a picker thumbnail */
    if (attached && (p->field->cur < 0 || strcmp(r->id, p->field->draft.report_id) != 0)) {
        SDL_FreeSurface(s); /* late: that form is closed */
        return;
    }
    if (!attached)
        snprintf(r->image_key, sizeof r->image_key, "thumb:%.80s", r->text);
    else
        snprintf(r->image_key, sizeof r->image_key, "photo:%.36s/%.50s", r->id,
                 r->kind == RES_PHOTO_ADDED ? r->photo.name : r->text);
    bool listed = false;
    for (int i = 0; attached && i < p->n_photo_keys; i++)
        listed = listed || strcmp(p->photo_keys[i], r->image_key) == 0;
    if (attached && !listed) { /* dropped when the form closes or the photo goes (field_frame) */
        if (p->n_photo_keys == FIELD_PHOTOS_MAX) {
            render_image_drop(p->rd, p->photo_keys[0]);
            memmove(p->photo_keys[0], p->photo_keys[1],
                    sizeof p->photo_keys[0] * (FIELD_PHOTOS_MAX - 1));
            p->n_photo_keys--;
        }
        snprintf(p->photo_keys[p->n_photo_keys++], sizeof p->photo_keys[0], "%s", r->image_key);
    }
    r->image_w = s->w;
    r->image_h = s->h;
    render_image_drop(p->rd, r->image_key);
    if (render_image_put(p->rd, r->image_key, s) != 0)
        r->image_key[0] = '\0';
}

void field_frame(paraf *p)
{
    field_state *s = p->field;
    /* Out of the picker its thumbnails go (up to 200 of 256 KB each). */
    if (s->screen != FS_PICKER)
        for (int i = 0; i < s->n_picks; i++)
            if (s->thumb_ready[i] == THUMB_READY) {
                char key[96];
                snprintf(key, sizeof key, "thumb:%.80s", s->picks[i].name);
                render_image_drop(p->rd, key);
                s->thumb_ready[i] = THUMB_NONE;
            }
    /* Out of the form its photos' thumbnails go, and a removed photo's at once. */
    for (int i = p->n_photo_keys - 1; i >= 0; i--) {
        bool keep = false;
        for (int k = 0; s->cur >= 0 && !keep && k < s->draft.n_photos; k++) {
            char key[sizeof p->photo_keys[0]];
            snprintf(key, sizeof key, "photo:%.36s/%.50s", s->draft.report_id,
                     s->draft.photos[k].name);
            keep = strcmp(key, p->photo_keys[i]) == 0;
        }
        if (!keep) {
            render_image_drop(p->rd, p->photo_keys[i]);
            memmove(p->photo_keys[i], p->photo_keys[i + 1],
                    sizeof p->photo_keys[0] * (size_t)(p->n_photo_keys - i - 1));
            p->n_photo_keys--;
        }
    }
    if (!s->dirty)
        return;
    p->uc.w = p->w;
    p->uc.h = p->h;
    p->uc.pressed = p->g.pressed[0] ? p->g.pressed : NULL;
    ui_field_metrics m;
    ui_field_build_metrics(s, &p->uc, &p->dl, &m);
    s->scroll = m.scroll; /* the layout keeps the field being typed into above the keyboard */
    s->scroll_max = m.scroll_max;
    p->um.scroll_area = m.scroll_area; /* where a drag scrolls */
    render_frame(p->rd, &p->dl,
                 s->sun ? (draw_color){0xFF, 0xFF, 0xFF, 0xFF}
                        : (draw_color){0xF2, 0xF4, 0xF7, 0xFF});
    SDL_RenderPresent(p->ren);
    s->dirty = false;
    p->frames++;
}
