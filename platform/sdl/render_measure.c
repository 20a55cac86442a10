/* render_measure: text widths for the UI's layout (wrapping, ellipsis, centring) and for the text
 * cache. Shaping with HarfBuzz is by far the dearest thing a layout does, and a screen measures
 * the same strings every frame (every word prefix of a wrapped paragraph), so widths are
 * memoised by (font, bytes) in two generations of an open-addressed hash table: lookups go to
 * the current generation, then to the previous one (a hit there is copied forward); when the
 * current one fills up the previous one is dropped and the current one becomes the previous.
 * Whatever one frame measures stays cached as long as it fits in a generation, and memory is
 * bounded (RENDER_WIDTH_SLOTS and RENDER_WIDTH_ARENA per generation). */
#include "render_priv.h"

#include <string.h>

/* Texts longer than this are measured every time (rare: wrapped lines are cut well before). */
#define WIDTH_MAX_KEY 512u

bool render_measure_init(render *rd)
{
    for (int g = 0; g < 2; g++) {
        width_gen *w = &rd->widths.gen[g];
        w->slots = SDL_calloc(RENDER_WIDTH_SLOTS, sizeof *w->slots);
        w->arena = SDL_malloc(RENDER_WIDTH_ARENA);
        if (!w->slots || !w->arena)
            return false;
    }
    return true;
}

void render_measure_deinit(render *rd)
{
    for (int g = 0; g < 2; g++) {
        SDL_free(rd->widths.gen[g].slots);
        SDL_free(rd->widths.gen[g].arena);
        rd->widths.gen[g] = (width_gen){0};
    }
}

/* A 64-bit hash of the key, never 0 (0 marks an empty slot). Eight bytes at a time. */
static uint64_t width_hash(const char *s, size_t len, uint8_t font)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)len << 8 | font);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t v = 0;
    memcpy(&v, s + i, len - i);
    h = (h ^ v) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h ? h : 1;
}

static width_slot *width_find(width_gen *g, uint64_t h, const char *s, uint32_t len, uint8_t font)
{
    for (size_t i = h & (RENDER_WIDTH_SLOTS - 1);; i = (i + 1) & (RENDER_WIDTH_SLOTS - 1)) {
        width_slot *e = &g->slots[i];
        if (e->hash == 0)
            return NULL;
        if (e->hash == h && e->len == len && e->font == font &&
            memcmp(g->arena + e->off, s, len) == 0)
            return e;
    }
}

static void width_gen_clear(width_gen *g)
{
    memset(g->slots, 0, RENDER_WIDTH_SLOTS * sizeof *g->slots);
    g->used = 0;
    g->arena_len = 0;
}

static void width_put(width_cache *c, uint64_t h, const char *s, uint32_t len, uint8_t font, int w)
{
    width_gen *g = &c->gen[c->cur];
    if (g->used >= RENDER_WIDTH_SLOTS / 2 || g->arena_len + len > RENDER_WIDTH_ARENA) {
        c->cur ^= 1; /* the previous generation is dropped and reused */
        g = &c->gen[c->cur];
        width_gen_clear(g);
    }
    size_t i = h & (RENDER_WIDTH_SLOTS - 1);
    while (g->slots[i].hash != 0)
        i = (i + 1) & (RENDER_WIDTH_SLOTS - 1);
    memcpy(g->arena + g->arena_len, s, len);
    g->slots[i] = (width_slot){h, (uint32_t)g->arena_len, len, w, font};
    g->arena_len += len;
    g->used++;
}

static int width_shape(render *rd, TTF_Font *f, const char *text, size_t len)
{
    /* TTF_SizeUTF8 wants a NUL-terminated string; short texts are copied on the stack. */
    char stack[1024];
    char *buf = stack;
    if (len >= sizeof stack) {
        buf = SDL_malloc(len + 1);
        if (!buf)
            return 0;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(f, buf, &w, &h) != 0)
        w = -1;
    if (buf != stack)
        SDL_free(buf);
    rd->widths.shaped++;
    return w;
}

int render_text_width(render *rd, const char *text, size_t len, draw_size size, draw_weight weight)
{
    if (!text || len == 0)
        return 0;
    unsigned sz = (unsigned)size < TEXT_SIZES ? (unsigned)size : TEXT_BODY;
    unsigned wt = (unsigned)weight < RENDER_FONTS ? (unsigned)weight : FONT_REGULAR;
    TTF_Font *f = rd->font[wt][sz];
    if (len > WIDTH_MAX_KEY || !rd->widths.gen[0].slots)
        return width_shape(rd, f, text, len);
    width_cache *c = &rd->widths;
    uint8_t font = (uint8_t)(sz << 2 | wt);
    uint32_t n = (uint32_t)len;
    uint64_t h = width_hash(text, len, font);
    const width_slot *e = width_find(&c->gen[c->cur], h, text, n, font);
    if (e) {
        c->hits++;
        return e->w;
    }
    e = width_find(&c->gen[c->cur ^ 1], h, text, n, font);
    int w = e ? e->w : width_shape(rd, f, text, len);
    if (e)
        c->hits++;
    else
        c->misses++;
    width_put(c, h, text, n, font, w);
    return w;
}

static int render_measure_width(void *ctx, const char *text, size_t len, draw_size size,
                                draw_weight weight)
{
    int w = render_text_width(ctx, text, len, size, weight);
    return w < 0 ? 0 : w;
}

static int render_measure_line_height(void *ctx, draw_size size)
{
    render *rd = ctx;
    return TTF_FontLineSkip(rd->font[FONT_REGULAR][(unsigned)size < TEXT_SIZES ? size : TEXT_BODY]);
}

draw_measure render_measure(render *rd)
{
    return (draw_measure){rd, render_measure_width, render_measure_line_height};
}
