/* render: fonts and the frame loop that executes a draw list with an SDL_Renderer: the clip stack
 * and lines live here; fills, text widths, text, rounded shapes, images and the cached base layer
 * under a dialog are delegated to render_fill.c, render_measure.c, render_text.c, render_shape.c,
 * render_image.c and render_layer.c. The software renderer on a surface is the primary target
 * (deterministic pixels for golden tests), and every shortcut taken for it (skipped hidden shadow,
 * fill tiles, the layer) leaves the pixels exactly as plain drawing makes them. */
#include "render_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type scale of draw_size, in dp. */
static const int render_size_dp[TEXT_SIZES] = {14, 17, 22, 32};
/* By draw_weight. */
static const char *const render_font_file[RENDER_FONTS] = {
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansBalinese-Regular.ttf"};

/* Aksara Bali: HarfBuzz must be told the script (SDL_ttf does not guess it), or vowel signs are
 * not reordered and conjuncts not formed. No hinting: it would move the stacked marks by a pixel
 * or two, and unhinted glyphs match HarfBuzz's own rendering (hb-view) within a pixel. */
static void render_font_balinese(TTF_Font *f)
{
    TTF_SetFontHinting(f, TTF_HINTING_NONE);
    if (TTF_SetFontScriptName(f, "Bali") != 0 || TTF_SetFontDirection(f, TTF_DIRECTION_LTR) != 0)
        fprintf(stderr, "render: cannot shape Balinese (SDL_ttf without HarfBuzz?): %s\n",
                TTF_GetError());
}

static bool render_fonts_open(render *rd, const char *font_dir)
{
    for (int w = 0; w < RENDER_FONTS; w++) {
        char path[1024];
        int n = snprintf(path, sizeof path, "%s/%s", font_dir, render_font_file[w]);
        if (n < 0 || (size_t)n >= sizeof path) {
            fprintf(stderr, "render: font directory path too long: %s\n", font_dir);
            return false;
        }
        for (int s = 0; s < TEXT_SIZES; s++) {
            int px = (int)lroundf((float)render_size_dp[s] * rd->scale);
            TTF_Font *f = TTF_OpenFont(path, px < 4 ? 4 : px);
            if (!f) {
                fprintf(stderr, "render: cannot open font %s: %s\n", path, TTF_GetError());
                return false;
            }
            rd->font[w][s] = f;
            /* Light hinting keeps glyph shapes (no horizontal snapping) but sharpens stems
             * vertically: crisp at 14-17 px without the wobbly spacing of full hinting. */
            if (w != FONT_BALINESE)
                TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
            else
                render_font_balinese(f);
            TTF_SetFontKerning(f, 1);
            rd->ascent[w][s] = TTF_FontAscent(f);
            /* Balinese has no 'H': its text centres on the body of a consonant (LETTER KA). */
            Uint32 ref = w == FONT_BALINESE ? 0x1B13u : 'H';
            int minx, maxx, miny, maxy, adv;
            if (TTF_GlyphMetrics32(f, ref, &minx, &maxx, &miny, &maxy, &adv) != 0)
                maxy = rd->ascent[w][s] * 2 / 3;
            rd->cap[w][s] = maxy;
        }
    }
    return true;
}

render *render_create(SDL_Renderer *r, const char *font_dir, float scale)
{
    if (!r || !font_dir) {
        fprintf(stderr, "render: no renderer or font directory\n");
        return NULL;
    }
    if (TTF_Init() != 0) {
        fprintf(stderr, "render: TTF_Init failed: %s\n", TTF_GetError());
        return NULL;
    }
    render *rd = SDL_calloc(1, sizeof *rd);
    if (!rd) {
        fprintf(stderr, "render: out of memory\n");
        TTF_Quit();
        return NULL;
    }
    rd->r = r;
    rd->scale = scale > 0.25f && scale < 16.0f ? scale : 1.0f;
    if (!render_fonts_open(rd, font_dir) || !render_text_init(rd) || !render_measure_init(rd) ||
        !render_scratch_reserve(rd, 256)) {
        render_destroy(rd);
        return NULL;
    }
    return rd;
}

void render_destroy(render *rd)
{
    if (!rd)
        return;
    render_layer_release(rd);
    render_text_deinit(rd);
    render_measure_deinit(rd);
    render_fill_deinit(rd);
    render_shape_deinit(rd);
    render_image_deinit(rd);
    for (int w = 0; w < RENDER_FONTS; w++)
        for (int s = 0; s < TEXT_SIZES; s++)
            if (rd->font[w][s])
                TTF_CloseFont(rd->font[w][s]);
    SDL_free(rd->scratch);
    SDL_free(rd);
    TTF_Quit();
}

bool render_scratch_reserve(render *rd, size_t n)
{
    if (n <= rd->scratch_cap)
        return true;
    size_t cap = rd->scratch_cap ? rd->scratch_cap : 256;
    while (cap < n) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = SDL_realloc(rd->scratch, cap);
    if (!p)
        return false;
    rd->scratch = p;
    rd->scratch_cap = cap;
    return true;
}

void render_stats(render *rd, render_stats_t *out)
{
    const text_cache *t = &rd->text;
    *out = (render_stats_t){t->hits,    t->misses,    t->evictions,  t->bytes,
                            t->entries, t->cap_bytes, t->cap_entries};
}

void render_set_cache_limits(render *rd, size_t cap_bytes, size_t cap_entries)
{
    if (cap_bytes)
        rd->text.cap_bytes = cap_bytes;
    if (cap_entries)
        rd->text.cap_entries = cap_entries;
    render_text_trim(rd, NULL);
}

/* ---- primitives ---- */

/* The pixel format of the target (the window's, or ARGB8888 for a surface), for textures that
 * must copy to it 1:1 without conversion (the layer, fill tiles). */
Uint32 render_target_format(render *rd)
{
    SDL_Window *w = SDL_RenderGetWindow(rd->r);
    Uint32 f = w ? SDL_GetWindowPixelFormat(w) : SDL_PIXELFORMAT_UNKNOWN;
    return f == SDL_PIXELFORMAT_UNKNOWN ? SDL_PIXELFORMAT_ARGB8888 : f;
}

/* Axis-aligned lines are rects (length |d|, end exclusive, centred on the line across), so a
 * divider from x to x+w covers exactly w px at any width. Slanted lines are SDL lines at width 1
 * and anti-aliased stroke masks when thicker (icons, chart lines); a plain quad if too large. */
static void render_line(render *rd, const draw_cmd *c)
{
    int x0 = c->rect.x, y0 = c->rect.y, dx = c->rect.w, dy = c->rect.h, t = c->width;
    if (dy == 0 || dx == 0) {
        if (dx == 0 && dy == 0)
            return;
        SDL_Rect r = dy == 0 ? (SDL_Rect){dx > 0 ? x0 : x0 + dx, y0 - (t - 1) / 2, abs(dx), t}
                             : (SDL_Rect){x0 - (t - 1) / 2, dy > 0 ? y0 : y0 + dy, t, abs(dy)};
        render_fill(rd, r, c->color);
        return;
    }
    SDL_SetRenderDrawBlendMode(rd->r, c->color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(rd->r, c->color.r, c->color.g, c->color.b, c->color.a);
    if (t <= 1) {
        SDL_RenderDrawLine(rd->r, x0, y0, x0 + dx, y0 + dy);
        return;
    }
    if (render_shape_line(rd, c))
        return;
    float len = sqrtf((float)dx * (float)dx + (float)dy * (float)dy);
    float nx = -(float)dy / len * (float)t * 0.5f, ny = (float)dx / len * (float)t * 0.5f;
    SDL_Color col = {c->color.r, c->color.g, c->color.b, c->color.a};
    float ax = (float)x0 + 0.5f, ay = (float)y0 + 0.5f;
    float bx = ax + (float)dx, by = ay + (float)dy;
    SDL_Vertex v[4] = {
        {{ax + nx, ay + ny}, col, {0, 0}},
        {{ax - nx, ay - ny}, col, {0, 0}},
        {{bx - nx, by - ny}, col, {0, 0}},
        {{bx + nx, by + ny}, col, {0, 0}},
    };
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(rd->r, NULL, v, 4, idx, 6);
}

/* ---- clip stack ---- */

SDL_Rect render_clip_current(const render *rd)
{
    if (rd->clip_depth > 0)
        return rd->clip[rd->clip_depth - 1];
    return (SDL_Rect){0, 0, rd->out_w, rd->out_h};
}

void render_clip_apply(render *rd)
{
    if (rd->clip_depth == 0) {
        SDL_RenderSetClipRect(rd->r, NULL);
        return;
    }
    /* SDL treats an empty clip rect as "no clipping"; the frame loop skips drawing instead. */
    SDL_Rect c = rd->clip[rd->clip_depth - 1];
    if (c.w > 0 && c.h > 0)
        SDL_RenderSetClipRect(rd->r, &c);
}

static void render_clip_push(render *rd, draw_rect r)
{
    if (rd->clip_depth == RENDER_CLIP_DEPTH) {
        /* Deeper nesting than any screen needs: keep the outer clip rather than fail. */
        rd->clip_overflow++;
        return;
    }
    SDL_Rect cur = render_clip_current(rd), want = {r.x, r.y, r.w, r.h}, out;
    if (!SDL_IntersectRect(&cur, &want, &out))
        out = (SDL_Rect){0, 0, 0, 0};
    rd->clip[rd->clip_depth++] = out;
    render_clip_apply(rd);
}

static void render_clip_pop(render *rd)
{
    if (rd->clip_overflow > 0) {
        rd->clip_overflow--;
        return;
    }
    if (rd->clip_depth == 0)
        return; /* unbalanced pop: ignore */
    rd->clip_depth--;
    render_clip_apply(rd);
}

/* Whether a command can touch the current clip, so off-screen rows of a long list cost
 * nothing. Shadows paint beyond their rect; lines are always drawn (their rect is a vector). */
static bool render_cmd_visible(const render *rd, const draw_cmd *c)
{
    SDL_Rect cur = render_clip_current(rd);
    if (cur.w <= 0 || cur.h <= 0)
        return false;
    SDL_Rect r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
    switch (c->kind) {
    case DRAW_SHADOW: {
        int m = c->width + 4;
        r = (SDL_Rect){r.x - m, r.y - m, r.w + 2 * m, r.h + 2 * m};
        break;
    }
    case DRAW_LINE:
        return true;
    default:
        break;
    }
    return SDL_HasIntersection(&cur, &r);
}

/* A cover for the shadow at `i`: the next command, when it fills the shadow's rect opaquely (a
 * card on its shadow), so the shadow skips what the card hides. */
static const draw_cmd *render_shadow_cover(const draw_list *l, size_t i, size_t to)
{
    if (i + 1 >= to)
        return NULL;
    const draw_cmd *s = &l->cmds[i], *n = &l->cmds[i + 1];
    if (n->kind != DRAW_RECT || n->color.a != 255 || n->rect.x != s->rect.x ||
        n->rect.y != s->rect.y || n->rect.w != s->rect.w || n->rect.h != s->rect.h)
        return NULL;
    return n;
}

void render_cmds(render *rd, const draw_list *l, size_t from, size_t to)
{
    for (size_t i = from; l && i < to && i < l->n_cmds; i++) {
        const draw_cmd *c = &l->cmds[i];
        if (c->kind == DRAW_CLIP_PUSH) {
            render_clip_push(rd, c->rect);
            continue;
        }
        if (c->kind == DRAW_CLIP_POP) {
            render_clip_pop(rd);
            continue;
        }
        if (!render_cmd_visible(rd, c))
            continue;
        switch (c->kind) {
        case DRAW_RECT:
            render_shape_rect(rd, c);
            break;
        case DRAW_FRAME:
            render_shape_frame(rd, c);
            break;
        case DRAW_SHADOW:
            render_shape_shadow(rd, c, render_shadow_cover(l, i, to));
            break;
        case DRAW_TEXT:
            render_text_draw(rd, c, draw_text(l, c->text_off));
            break;
        case DRAW_IMAGE:
            render_image_draw(rd, c, draw_text(l, c->text_off));
            break;
        case DRAW_LINE:
            render_line(rd, c);
            break;
        default: /* DRAW_LAYER after the first: nothing to draw */
            break;
        }
    }
}

/* Clear to `clear`, unless the list starts with an opaque fill of the whole output (the screen's
 * background): then that fill is the clear. */
void render_clear(render *rd, const draw_list *l, draw_color clear)
{
    if (l && l->n_cmds > 0) {
        const draw_cmd *c = &l->cmds[0];
        if (c->kind == DRAW_RECT && c->color.a == 255 && c->radius == 0 && c->rect.x <= 0 &&
            c->rect.y <= 0 && c->rect.x + c->rect.w >= rd->out_w &&
            c->rect.y + c->rect.h >= rd->out_h)
            return;
    }
    SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(rd->r, clear.r, clear.g, clear.b, clear.a);
    SDL_RenderClear(rd->r);
}

void render_frame(render *rd, const draw_list *l, draw_color clear)
{
    rd->tick++;
    rd->clip_depth = 0;
    rd->clip_overflow = 0;
    if (SDL_GetRendererOutputSize(rd->r, &rd->out_w, &rd->out_h) != 0)
        rd->out_w = rd->out_h = 0;
    SDL_RenderSetClipRect(rd->r, NULL);
    size_t n = l ? l->n_cmds : 0, mark = n;
    for (size_t i = 0; i < n; i++)
        if (l->cmds[i].kind == DRAW_LAYER) {
            mark = i;
            break;
        }
    if (mark == n)
        render_layer_release(rd); /* no dialog: the base layer's pixels are not worth keeping */
    if (mark == n || !render_layer_frame(rd, l, mark, clear)) {
        render_clear(rd, l, clear);
        render_cmds(rd, l, 0, n);
    }
    rd->clip_depth = 0;
    SDL_RenderSetClipRect(rd->r, NULL);
    SDL_RenderFlush(rd->r);
}
