/* render_priv: the inside of struct render, shared by the render module's files (render.c: frame
 * loop, clip stack, fonts, lines; render_text.c: text cache; render_shape.c: rounded rects,
 * frames, shadows; render_image.c: images). Not for use outside platform/sdl/render*.c. */
#ifndef PARAF_RENDER_PRIV_H
#define PARAF_RENDER_PRIV_H

#include "render.h"

#include <SDL_ttf.h>

#define RENDER_CLIP_DEPTH 32
#define RENDER_MASKS      192                   /* corner, ring, shadow, stroke textures kept */
#define RENDER_MASK_BYTES (16u * 1024u * 1024u) /* ... and their total size */

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
    TTF_Font *font[2][TEXT_SIZES]; /* [weight][size] */
    int ascent[2][TEXT_SIZES];
    int cap[2][TEXT_SIZES]; /* cap height: text is centred on it, so baselines line up */
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
};

/* render.c */
bool render_scratch_reserve(render *rd, size_t n);
void render_fill(render *rd, SDL_Rect r, draw_color c);

/* render_text.c */
bool render_text_init(render *rd);
void render_text_deinit(render *rd);
void render_text_trim(render *rd, const text_entry *keep);
void render_text_draw(render *rd, const draw_cmd *c, const char *text);

/* render_shape.c */
void render_shape_deinit(render *rd);
void render_shape_rect(render *rd, const draw_cmd *c);
void render_shape_frame(render *rd, const draw_cmd *c);
void render_shape_shadow(render *rd, const draw_cmd *c);
bool render_shape_line(render *rd, const draw_cmd *c);

/* render_image.c */
void render_image_deinit(render *rd);
void render_image_draw(render *rd, const draw_cmd *c, const char *key);

#endif
