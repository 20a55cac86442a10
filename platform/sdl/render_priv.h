/* render_priv: the inside of struct render, shared by the render module's files (render.c: frame
 * loop, clip stack, fonts, lines; render_fill.c: plain fills; render_measure.c: text widths;
 * render_layer.c: the cached base layer under dialogs; render_text.c: text cache; render_shape.c:
 * rounded rects, frames, shadows; render_image.c: images). Not for use outside
 * platform/sdl/render*.c. */
#ifndef PARAF_RENDER_PRIV_H
#define PARAF_RENDER_PRIV_H

#include "render.h"

#include <SDL_ttf.h>

#define RENDER_CLIP_DEPTH  32
#define RENDER_MASKS       192                   /* corner, ring, shadow, stroke textures kept */
#define RENDER_MASK_BYTES  (16u * 1024u * 1024u) /* ... and their total size */
#define RENDER_FILL_TILES  32                    /* solid tiles for opaque fills, one a colour */
#define RENDER_WIDTH_SLOTS 8192u                 /* text width memo: slots per generation (2^n) */
#define RENDER_WIDTH_ARENA (256u * 1024u)        /* ... and key bytes per generation */
#define RENDER_FONTS       3 /* draw_weight: FONT_REGULAR, FONT_BOLD, FONT_BALINESE */

typedef struct text_entry text_entry;
struct text_entry {
    text_entry *hnext;       /* hash bucket chain */
    text_entry *prev, *next; /* LRU list, most recently used first */
    uint64_t hash;
    uint32_t color; /* RGBA packed */
    uint8_t size, weight;
    bool failed;      /* rasterising failed once: don't retry every frame */
    SDL_Texture *tex; /* NULL until drawn whole (text wider than its rect is only measured) */
    int w;            /* width of the whole text as measured */
    int tw, th;       /* texture size */
    int fit_w;        /* memo for text too wide: the rect width that fit_len was computed for */
    uint32_t fit_len; /* bytes of the prefix that fit with an ellipsis at fit_w */
    size_t bytes;     /* what this entry counts against the byte cap */
    uint32_t len;
    char text[]; /* NUL-terminated */
};

typedef struct {
    text_entry **buckets;
    size_t n_buckets; /* power of two */
    text_entry *head, *tail;
    size_t bytes, entries, cap_bytes, cap_entries;
    uint64_t hits, misses, evictions;
} text_cache;

typedef struct {
    uint64_t hash;     /* 0: empty */
    uint32_t off, len; /* key bytes in the arena */
    int w;             /* width in px; -1 if it could not be measured */
    uint8_t font;      /* size << 2 | draw_weight */
} width_slot;

typedef struct {
    width_slot *slots; /* RENDER_WIDTH_SLOTS, linear probing, filled to half at most */
    size_t used;
    char *arena;
    size_t arena_len;
} width_gen;

typedef struct {
    width_gen gen[2];
    int cur; /* the generation inserted into; the other is the previous one */
    uint64_t hits, misses, shaped;
} width_cache;

/* The base layer of a frame with a DRAW_LAYER marker: its pixels in a target texture, and a copy
 * of the commands (texts in a private arena) that made them, to tell when they can be reused. */
typedef struct {
    SDL_Texture *tex;
    int w, h;
    bool valid;
    uint64_t gen; /* render->gen when drawn: images changed since means redraw */
    draw_color clear;
    draw_cmd *cmds;
    size_t n_cmds, cap_cmds;
    char *arena;
    size_t arena_len, arena_cap;
    SDL_Rect clip[RENDER_CLIP_DEPTH]; /* the clip stack at the marker */
    int clip_depth, clip_overflow;
} layer_cache;

typedef struct {
    SDL_Texture *tex; /* NULL: free slot */
    uint32_t color;   /* RGBA packed */
    int w;            /* px; 16 rows */
    uint64_t used;    /* frame tick of the last use */
} fill_tile;

typedef enum {
    MASK_NONE = 0,
    MASK_DISC,
    MASK_RING,
    MASK_SHADOW9,
    MASK_SHADOW,
    MASK_LINE
} mask_kind;

/* A white alpha-coverage texture, tinted when drawn. DISC: a circle of radius a in a 2a x 2a
 * texture (the four quadrants are the four corners). RING: the same with a hole of radius a-b.
 * SHADOW9: a blurred rounded rect (radius a, blur b) for 9-slicing, with its edge profile.
 * SHADOW: the whole shadow of a c x d rect (texture c+2b x d+2b), when too small to 9-slice.
 * LINE: a round-capped stroke from one pixel centre to another (a, b) px away, c px wide. */
typedef struct {
    mask_kind kind;
    int a, b, c, d;
    SDL_Texture *tex;
    int w, h;
    uint8_t *profile; /* SHADOW9: alpha of each of the `corner` rows/columns from the edge in */
    int corner;       /* SHADOW9: corner size in px */
    uint64_t used;    /* frame tick of the last use, for eviction */
    size_t bytes;
} mask_entry;

typedef struct {
    char *key;
    SDL_Surface *src; /* ARGB8888, owned */
    SDL_Texture *tex; /* src resampled to the size it is shown at; made at draw time */
    int tex_w, tex_h;
    bool opaque; /* every alpha is 255: copy without blending (faster, and SDL's software
                    renderer then scales without temporary surfaces) */
    bool failed;
} image_entry;

struct render {
    SDL_Renderer *r;
    TTF_Font *font[RENDER_FONTS][TEXT_SIZES]; /* [draw_weight][size] */
    int ascent[RENDER_FONTS][TEXT_SIZES];
    int cap[RENDER_FONTS][TEXT_SIZES]; /* cap height: text is centred on it, so baselines line up */
    float scale;
    int out_w, out_h;

    SDL_Rect clip[RENDER_CLIP_DEPTH];
    int clip_depth;    /* entries in clip[] */
    int clip_overflow; /* pushes beyond RENDER_CLIP_DEPTH (ignored, popped in turn) */

    text_cache text;
    char *scratch; /* ellipsised text and measuring prefixes; grows, never shrinks */
    size_t scratch_cap;

    mask_entry masks[RENDER_MASKS];
    size_t mask_bytes;
    uint64_t tick;

    image_entry *images;
    size_t n_images, cap_images;

    fill_tile tiles[RENDER_FILL_TILES];
    width_cache widths;
    layer_cache layer;
    uint64_t gen; /* bumped when something a draw list refers to by name changes (images) */
};

/* render.c */
bool render_scratch_reserve(render *rd, size_t n);
Uint32 render_target_format(render *rd);
SDL_Rect render_clip_current(const render *rd);
void render_clip_apply(render *rd); /* make the top of the clip stack the renderer's clip */
/* Draw commands [from, to) of l (clip stack, shadows under cards and all). */
void render_cmds(render *rd, const draw_list *l, size_t from, size_t to);
/* Clear the target for `l` (skipped when l's first command covers it opaquely). */
void render_clear(render *rd, const draw_list *l, draw_color clear);

/* render_fill.c */
void render_fill(render *rd, SDL_Rect r, draw_color c);
void render_fill_deinit(render *rd);

/* render_measure.c: width of text[0..len) in px (memoised), -1 if it cannot be measured. */
bool render_measure_init(render *rd);
void render_measure_deinit(render *rd);
int render_text_width(render *rd, const char *text, size_t len, draw_size size, draw_weight weight);

/* render_layer.c */
void render_layer_release(render *rd); /* frees the layer's texture and copies */
/* Execute a list whose command `mark` is DRAW_LAYER: the base layer from the cache when it is the
 * same as last time, else drawn into it; then the rest on top. False, having drawn nothing, if no
 * layer texture can be had (the caller then draws the list directly). */
bool render_layer_frame(render *rd, const draw_list *l, size_t mark, draw_color clear);

/* render_text.c */
bool render_text_init(render *rd);
void render_text_deinit(render *rd);
void render_text_trim(render *rd, const text_entry *keep);
void render_text_draw(render *rd, const draw_cmd *c, const char *text);

/* render_shape.c */
void render_shape_deinit(render *rd);
void render_shape_rect(render *rd, const draw_cmd *c);
void render_shape_frame(render *rd, const draw_cmd *c);
/* `cover`: the rounded rect drawn opaque right after the shadow (its pixels need no shadow), or
 * NULL. */
void render_shape_shadow(render *rd, const draw_cmd *c, const draw_cmd *cover);
bool render_shape_line(render *rd, const draw_cmd *c);

/* render_image.c */
void render_image_deinit(render *rd);
void render_image_draw(render *rd, const draw_cmd *c, const char *key);

#endif
