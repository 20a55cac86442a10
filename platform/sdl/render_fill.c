/* render_fill: plain rectangle fills. Translucent ones are SDL fills. Opaque ones, the bulk of
 * every screen (backgrounds, cards, buttons, keys), are copies from a small solid tile of the
 * colour: SDL's software fill writes rows with streaming (non-temporal) stores, which are fast for
 * whole-screen rows but very slow for a row that ends inside a cache line, i.e. for nearly every
 * card or key (a 120 x 56 px key took ~40 us). A 1:1 copy without blending is a row memcpy (the
 * tile's pitch is deliberately not a multiple of 16 bytes, so SDL takes its plain memcpy path
 * rather than its own streaming copy): a key then takes ~2 us. Pixels are the same either way:
 * the tile holds the colour exactly as a fill maps it. */
#include "render_priv.h"

#include <string.h>

#define FILL_TILE_ROWS 16
#define FILL_MIN_W     16 /* narrower fills are plain stores in SDL already */

void render_fill_deinit(render *rd)
{
    for (int i = 0; i < RENDER_FILL_TILES; i++)
        if (rd->tiles[i].tex)
            SDL_DestroyTexture(rd->tiles[i].tex);
    memset(rd->tiles, 0, sizeof rd->tiles);
}

/* A new tile of colour `c`, `w` px wide, in the layer format (the target's). */
static SDL_Texture *fill_tile_make(render *rd, draw_color c, int w)
{
    Uint32 format = render_target_format(rd);
    SDL_PixelFormat *pf = SDL_AllocFormat(format);
    SDL_Texture *t =
        pf && pf->BytesPerPixel == 4
            ? SDL_CreateTexture(rd->r, format, SDL_TEXTUREACCESS_STREAMING, w, FILL_TILE_ROWS)
            : NULL;
    void *px;
    int pitch;
    if (t && SDL_LockTexture(t, NULL, &px, &pitch) == 0) {
        Uint32 v = SDL_MapRGBA(pf, c.r, c.g, c.b, c.a);
        for (int y = 0; y < FILL_TILE_ROWS; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)px + (size_t)y * (size_t)pitch);
            for (int x = 0; x < w; x++)
                row[x] = v;
        }
        SDL_UnlockTexture(t);
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_NONE);
    } else if (t) {
        SDL_DestroyTexture(t);
        t = NULL;
    }
    SDL_FreeFormat(pf);
    return t;
}

/* The tile for colour c, or NULL (then the caller fills): made on first use, least recently used
 * one replaced, but never one already used this frame (a screen of many colours must not make
 * tiles over and over). */
static const fill_tile *fill_tile_get(render *rd, draw_color c)
{
    uint32_t key = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    int w = rd->out_w + 1; /* odd: see above */
    fill_tile *lru = NULL;
    for (int i = 0; i < RENDER_FILL_TILES; i++) {
        fill_tile *t = &rd->tiles[i];
        if (t->tex && t->color == key && t->w >= w) {
            t->used = rd->tick;
            return t;
        }
        if (!lru || !t->tex || (lru->tex && t->used < lru->used))
            lru = t;
    }
    if (lru->tex && lru->used == rd->tick)
        return NULL;
    if (lru->tex)
        SDL_DestroyTexture(lru->tex);
    *lru = (fill_tile){0};
    lru->tex = fill_tile_make(rd, c, w);
    if (!lru->tex)
        return NULL;
    lru->color = key;
    lru->w = w;
    lru->used = rd->tick;
    return lru;
}

void render_fill(render *rd, SDL_Rect r, draw_color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (c.a == 255 && r.w >= FILL_MIN_W) {
        SDL_Rect clip = render_clip_current(rd), vis;
        if (!SDL_IntersectRect(&r, &clip, &vis))
            return;
        const fill_tile *t = vis.w >= FILL_MIN_W ? fill_tile_get(rd, c) : NULL;
        if (t && vis.w <= t->w) {
            for (int y = 0; y < vis.h; y += FILL_TILE_ROWS) {
                int h = vis.h - y < FILL_TILE_ROWS ? vis.h - y : FILL_TILE_ROWS;
                SDL_Rect src = {0, 0, vis.w, h}, dst = {vis.x, vis.y + y, vis.w, h};
                SDL_RenderCopy(rd->r, t->tex, &src, &dst);
            }
            return;
        }
    }
    SDL_SetRenderDrawBlendMode(rd->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(rd->r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(rd->r, &r);
}
