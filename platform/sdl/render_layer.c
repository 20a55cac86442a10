/* render_layer: the base layer of a frame that has a DRAW_LAYER marker (a screen and the scrim
 * dimming it, under a dialog). Its pixels are kept in a target texture together with a copy of
 * the commands that drew them; while the next frame's base commands are the same (kind, rect,
 * colour, sizes and text compared) and no image changed, the texture is copied back instead of
 * drawing the screen again, so typing in a dialog or pressing one of its keys costs one copy plus
 * the dialog. Any change in the base (a pressed state, a new text, another size) redraws it at
 * once, in the same frame. The pixels are the ones direct drawing gives: the layer texture has
 * the target's format and the copy is 1:1 without blending. */
#include "render_priv.h"

#include <string.h>

void render_layer_release(render *rd)
{
    layer_cache *c = &rd->layer;
    if (c->tex)
        SDL_DestroyTexture(c->tex);
    SDL_free(c->cmds);
    SDL_free(c->arena);
    memset(c, 0, sizeof *c);
}

static const char *layer_text(const draw_list *l, const draw_cmd *c)
{
    return c->kind == DRAW_TEXT || c->kind == DRAW_IMAGE ? draw_text(l, c->text_off) : NULL;
}

static bool layer_cmd_same(const draw_cmd *a, const char *ta, const layer_cache *c,
                           const draw_cmd *b)
{
    if (a->kind != b->kind || a->rect.x != b->rect.x || a->rect.y != b->rect.y ||
        a->rect.w != b->rect.w || a->rect.h != b->rect.h || a->color.r != b->color.r ||
        a->color.g != b->color.g || a->color.b != b->color.b || a->color.a != b->color.a ||
        a->radius != b->radius || a->width != b->width || a->size != b->size ||
        a->weight != b->weight || a->align != b->align)
        return false;
    return !ta || strcmp(ta, c->arena + b->text_off) == 0;
}

static bool layer_same(const render *rd, const draw_list *l, size_t mark, draw_color clear)
{
    const layer_cache *c = &rd->layer;
    if (!c->valid || c->gen != rd->gen || c->n_cmds != mark || c->clear.r != clear.r ||
        c->clear.g != clear.g || c->clear.b != clear.b || c->clear.a != clear.a)
        return false;
    for (size_t i = 0; i < mark; i++)
        if (!layer_cmd_same(&l->cmds[i], layer_text(l, &l->cmds[i]), c, &c->cmds[i]))
            return false;
    return true;
}

static bool layer_reserve(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 256;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return false;
        n *= 2;
    }
    void *p = SDL_realloc(*buf, n * size);
    if (!p)
        return false;
    *buf = p;
    *cap = n;
    return true;
}

/* Copy the base commands, with their texts moved into the layer's own arena. */
static bool layer_store(render *rd, const draw_list *l, size_t mark, draw_color clear)
{
    layer_cache *c = &rd->layer;
    void *cmds = c->cmds, *arena = c->arena;
    bool ok = layer_reserve(&cmds, &c->cap_cmds, mark, sizeof *c->cmds);
    c->cmds = cmds;
    if (!ok)
        return false;
    c->arena_len = 0;
    for (size_t i = 0; i < mark; i++) {
        c->cmds[i] = l->cmds[i];
        const char *t = layer_text(l, &l->cmds[i]);
        if (!t)
            continue;
        size_t n = strlen(t) + 1;
        if (c->arena_len > UINT32_MAX - n)
            return false;
        ok = layer_reserve(&arena, &c->arena_cap, c->arena_len + n, 1);
        c->arena = arena;
        if (!ok)
            return false;
        memcpy(c->arena + c->arena_len, t, n);
        c->cmds[i].text_off = (uint32_t)c->arena_len;
        c->arena_len += n;
    }
    c->n_cmds = mark;
    c->clear = clear;
    c->gen = rd->gen;
    return true;
}

bool render_layer_frame(render *rd, const draw_list *l, size_t mark, draw_color clear)
{
    layer_cache *c = &rd->layer;
    if (rd->out_w <= 0 || rd->out_h <= 0)
        return false;
    if (c->tex && (c->w != rd->out_w || c->h != rd->out_h))
        render_layer_release(rd);
    if (!c->tex) {
        c->tex = SDL_CreateTexture(rd->r, render_target_format(rd), SDL_TEXTUREACCESS_TARGET,
                                   rd->out_w, rd->out_h);
        if (!c->tex)
            return false;
        SDL_SetTextureBlendMode(c->tex, SDL_BLENDMODE_NONE);
        c->w = rd->out_w;
        c->h = rd->out_h;
        c->valid = false;
    }
    if (layer_same(rd, l, mark, clear)) {
        memcpy(rd->clip, c->clip, sizeof rd->clip);
        rd->clip_depth = c->clip_depth;
        rd->clip_overflow = c->clip_overflow;
    } else {
        c->valid = false;
        if (SDL_SetRenderTarget(rd->r, c->tex) != 0)
            return false;
        render_clear(rd, l, clear);
        render_cmds(rd, l, 0, mark);
        memcpy(c->clip, rd->clip, sizeof c->clip);
        c->clip_depth = rd->clip_depth;
        c->clip_overflow = rd->clip_overflow;
        SDL_RenderSetClipRect(rd->r, NULL);
        SDL_SetRenderTarget(rd->r, NULL);
        c->valid = layer_store(rd, l, mark, clear);
    }
    SDL_RenderSetClipRect(rd->r, NULL);
    SDL_RenderCopy(rd->r, c->tex, NULL, NULL);
    render_clip_apply(rd);
    render_cmds(rd, l, mark + 1, l->n_cmds);
    return true;
}
