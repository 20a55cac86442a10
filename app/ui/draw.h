/* draw: the draw list and hit list that the UI builds from the app state and the platform
 * executes. Pure data: no SDL. Coordinates are physical pixels of the window; the UI multiplies its
 * dp sizes by the scale before emitting commands. Text is UTF-8 and is copied into the list's own
 * arena, so the list owns everything it points to. One list is rebuilt per changed frame; its
 * buffers are reused (no allocation per frame once grown). UI thread only. */
#ifndef PARAF_DRAW_H
#define PARAF_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t r, g, b, a;
} draw_color;

typedef struct {
    int x, y, w, h;
} draw_rect;

/* The font of a text: Noto Sans regular or bold, or Noto Sans Balinese for text in Aksara Bali
 * (shaped as the Balinese script: reordered vowel signs, conjuncts; it has no Latin letters). */
typedef enum {
    FONT_REGULAR = 0,
    FONT_BOLD = 1,
    FONT_BALINESE = 2,
} draw_weight;

/* Text sizes of the type scale, in dp (the platform multiplies by the scale). */
typedef enum {
    TEXT_SMALL = 0,   /* 14 dp: captions, table cells */
    TEXT_BODY = 1,    /* 17 dp: body text, buttons */
    TEXT_TITLE = 2,   /* 22 dp: card titles, headers */
    TEXT_DISPLAY = 3, /* 32 dp: big figures, PIN dots */
    TEXT_SIZES = 4,
} draw_size;

typedef enum {
    ALIGN_LEFT = 0,
    ALIGN_CENTER = 1,
    ALIGN_RIGHT = 2,
} draw_align;

typedef enum {
    DRAW_RECT,      /* filled rectangle with optional rounded corners (anti-aliased) */
    DRAW_FRAME,     /* rounded rectangle outline, `width` px thick */
    DRAW_TEXT,      /* one line of text in `rect`, vertically centred, clipped to rect */
    DRAW_IMAGE,     /* an image by key, scaled into `rect` (the platform loads/caches it) */
    DRAW_LINE,      /* a line from (x,y) to (x+w,y+h), `width` px */
    DRAW_CLIP_PUSH, /* intersect the clip rectangle with `rect` */
    DRAW_CLIP_POP,
    DRAW_SHADOW, /* a soft drop shadow under a rounded rect */
    DRAW_LAYER,  /* the commands before it are the base layer (see draw_layer_at) */
} draw_kind;

typedef struct {
    draw_kind kind;
    draw_rect rect;
    draw_color color;
    int radius; /* corner radius in px (RECT, FRAME, SHADOW) */
    int width;  /* line / frame width in px */
    draw_size size;
    draw_weight weight;
    draw_align align;
    /* Offset of the NUL-terminated text (TEXT) or image key (IMAGE) in the arena. */
    uint32_t text_off;
    uint32_t text_len;
} draw_cmd;

/* A touchable region. Later regions are on top (hit testing goes from the end). */
typedef struct {
    draw_rect rect;
    uint32_t id_off;    /* stable widget id, e.g. "action-approve" (arena) */
    uint32_t label_off; /* visible label for scripts' `tap "Setujui"`, or empty (arena) */
    int action;         /* the UI's action code (ui.h) */
    int arg;            /* e.g. list index */
    bool pressed;       /* drawn in its pressed state this frame */
} draw_hit;

typedef struct {
    draw_cmd *cmds;
    size_t n_cmds, cap_cmds;
    draw_hit *hits;
    size_t n_hits, cap_hits;
    char *arena;
    size_t arena_len, arena_cap;
    bool oom; /* an append failed for lack of memory; the frame is incomplete */
} draw_list;

void draw_list_init(draw_list *l);
void draw_list_deinit(draw_list *l);
/* Empty the list, keeping its buffers. */
void draw_list_clear(draw_list *l);

/* Text of a command or hit (points into the arena; valid until the next clear). */
const char *draw_text(const draw_list *l, uint32_t off);

void draw_rect_fill(draw_list *l, draw_rect r, draw_color c, int radius);
void draw_frame(draw_list *l, draw_rect r, draw_color c, int radius, int width);
void draw_shadow(draw_list *l, draw_rect r, int radius, int spread);
void draw_line(draw_list *l, int x0, int y0, int x1, int y1, draw_color c, int width);
void draw_label(draw_list *l, draw_rect r, const char *text, draw_size size, draw_weight weight,
                draw_color c, draw_align align);
void draw_image(draw_list *l, draw_rect r, const char *key);
void draw_clip_push(draw_list *l, draw_rect r);
void draw_clip_pop(draw_list *l);
void draw_hit_add(draw_list *l, draw_rect r, const char *id, const char *label, int action,
                  int arg);
/* Mark the commands before index `at` (at most n_cmds) as the base layer and the rest as an
 * overlay drawn on top of it (a dialog over its dimmed screen). The platform may keep the base
 * layer's pixels and reuse them while the base commands stay the same, so an overlay that changes
 * (typing, a pressed key) costs only its own drawing. At most one marker counts: the first. */
void draw_layer_at(draw_list *l, size_t at);

/* Text measurement, implemented by the platform (fonts live there). Width in px of `len` bytes of
 * UTF-8 text at a size/weight; line height in px of a size. */
typedef struct {
    void *ctx;
    int (*width)(void *ctx, const char *text, size_t len, draw_size size, draw_weight weight);
    int (*line_height)(void *ctx, draw_size size);
} draw_measure;

#endif
