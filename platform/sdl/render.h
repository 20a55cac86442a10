/* render: executes a draw list (draw.h) with an SDL_Renderer and SDL_ttf. Owns the fonts, a
 * texture cache of rasterised text (hash map + LRU, capped in bytes and entries), a memo of text
 * widths, anti-aliased corner/ring/shadow masks, solid tiles for fills, the decoded images shown
 * by DRAW_IMAGE and the base layer under a dialog. Once its caches are warm a frame allocates
 * nothing. UI thread only (the thread that owns the SDL_Renderer). */
#ifndef PARAF_RENDER_H
#define PARAF_RENDER_H

#include "draw.h"

#include <SDL.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct render render;

typedef struct {
    uint64_t hits;      /* text lookups served from the cache */
    uint64_t misses;    /* text lookups that had to measure and/or rasterise */
    uint64_t evictions; /* entries dropped to stay under the caps */
    size_t bytes;       /* texture bytes (w*h*4) plus key bytes held by the text cache */
    size_t entries;     /* entries in the text cache */
    size_t cap_bytes;   /* the caps the cache keeps to */
    size_t cap_entries;
} render_stats_t;

/* Default text cache caps: several screens of text at 1280x800 (a screen full of text is ~2 MB). */
#define RENDER_TEXT_CACHE_BYTES   (8u * 1024u * 1024u)
#define RENDER_TEXT_CACHE_ENTRIES 4096u

/* Open NotoSans-Regular.ttf, NotoSans-Bold.ttf and NotoSansBalinese-Regular.ttf (FONT_REGULAR,
 * FONT_BOLD, FONT_BALINESE: Aksara Bali, shaped with the script set to "Bali") from `font_dir` at
 * the four type sizes (14/17/22/32 dp times `scale`, rounded to px). `r` stays owned by the
 * caller and must outlive the render. Calls TTF_Init (reference-counted). NULL and a message on
 * stderr on failure. */
render *render_create(SDL_Renderer *r, const char *font_dir, float scale);
/* Destroys every texture, font and image the render owns (NULL is fine). */
void render_destroy(render *rd);

/* Text measurement for the UI, backed by the same fonts; valid while `rd` lives. */
draw_measure render_measure(render *rd);

/* Clear to `clear`, then execute every command of `l` in order (clip stack, text through the
 * cache). With a DRAW_LAYER marker, the commands before it are drawn into a kept texture and
 * reused while they stay the same (render_layer.c). Ends with SDL_RenderFlush, so a software
 * renderer's target surface holds the frame; the caller presents (SDL_RenderPresent) when it
 * renders to a window. */
void render_frame(render *rd, const draw_list *l, draw_color clear);

void render_stats(render *rd, render_stats_t *out);
/* Change the text cache caps (evicts at once if over); 0 keeps a cap as it is. */
void render_set_cache_limits(render *rd, size_t cap_bytes, size_t cap_entries);

/* Images drawn by DRAW_IMAGE, by key. render_image_put takes ownership of `s` (also on failure)
 * and replaces an image of the same key; the texture is made lazily at the first draw. Returns 0,
 * or -1 if out of memory. An unknown key draws nothing. */
int render_image_put(render *rd, const char *key, SDL_Surface *s);
void render_image_drop(render *rd, const char *key);
/* Size in px of the image as decoded; false if the key is unknown. */
bool render_image_size(render *rd, const char *key, int *w, int *h);

#endif
