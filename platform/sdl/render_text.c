/* render_text: one line of text per DRAW_TEXT, through a cache of rasterised textures keyed by
 * (weight, size, colour, text): a hash map for lookup and an LRU list for eviction, capped in
 * bytes and entries. SDL_ttf re-shapes and re-rasterises on every call, so text that did not
 * change must never reach it again; a warm frame does only hash lookups and copies. */
#include "render_priv.h"

#include <stdio.h>
#include <string.h>

#define TEXT_BUCKETS 8192u /* power of two, about 2x the default entry cap */
#define ELLIPSIS     "\xE2\x80\xA6"
#define ELLIPSIS_LEN 3u

bool render_text_init(render *rd)
{
    text_cache *t = &rd->text;
    t->buckets = SDL_calloc(TEXT_BUCKETS, sizeof *t->buckets);
    if (!t->buckets) {
        fprintf(stderr, "render: out of memory for the text cache\n");
        return false;
    }
    t->n_buckets = TEXT_BUCKETS;
    t->cap_bytes = RENDER_TEXT_CACHE_BYTES;
    t->cap_entries = RENDER_TEXT_CACHE_ENTRIES;
    return true;
}

/* FNV-1a over the text, then the rest of the key. */
static uint64_t text_hash(const char *s, uint32_t len, draw_size size, draw_weight weight,
                          uint32_t color)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= (uint64_t)color << 8 ^ (uint64_t)size << 4 ^ (uint64_t)weight;
    h *= 1099511628211ull;
    return h ^ (h >> 29);
}

static void text_lru_unlink(text_cache *t, text_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        t->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        t->tail = e->prev;
    e->prev = e->next = NULL;
}

static void text_lru_front(text_cache *t, text_entry *e)
{
    e->next = t->head;
    e->prev = NULL;
    if (t->head)
        t->head->prev = e;
    t->head = e;
    if (!t->tail)
        t->tail = e;
}

static void text_entry_free(text_cache *t, text_entry *e)
{
    text_entry **p = &t->buckets[e->hash & (t->n_buckets - 1)];
    while (*p && *p != e)
        p = &(*p)->hnext;
    if (*p)
        *p = e->hnext;
    text_lru_unlink(t, e);
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    t->bytes -= e->bytes;
    t->entries--;
    SDL_free(e);
}

void render_text_deinit(render *rd)
{
    text_cache *t = &rd->text;
    while (t->head)
        text_entry_free(t, t->head);
    SDL_free(t->buckets);
    t->buckets = NULL;
}

/* Evict least recently used entries until under both caps; `keep` (the entry being drawn) stays
 * even if it alone is over the cap. */
void render_text_trim(render *rd, const text_entry *keep)
{
    text_cache *t = &rd->text;
    while (t->tail && (t->bytes > t->cap_bytes || t->entries > t->cap_entries)) {
        text_entry *victim = t->tail;
        if (victim == keep) {
            victim = keep->prev;
            if (!victim)
                break;
        }
        text_entry_free(t, victim);
        t->evictions++;
    }
}

static TTF_Font *text_font(render *rd, draw_size size, draw_weight weight)
{
    return rd->font[weight][size];
}

/* The entry for a key, most recently used from now on; created (measured, not yet rasterised)
 * on a miss. NULL only when out of memory. */
static text_entry *text_get(render *rd, const char *s, uint32_t len, draw_size size,
                            draw_weight weight, draw_color c)
{
    text_cache *t = &rd->text;
    uint32_t color = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    uint64_t h = text_hash(s, len, size, weight, color);
    text_entry **bucket = &t->buckets[h & (t->n_buckets - 1)];
    for (text_entry *e = *bucket; e; e = e->hnext) {
        if (e->hash == h && e->len == len && e->color == color && e->size == size &&
            e->weight == weight && memcmp(e->text, s, len) == 0) {
            t->hits++;
            text_lru_unlink(t, e);
            text_lru_front(t, e);
            return e;
        }
    }
    t->misses++;
    text_entry *e = SDL_calloc(1, sizeof *e + len + 1);
    if (!e)
        return NULL;
    memcpy(e->text, s, len);
    e->text[len] = '\0';
    e->len = len;
    e->hash = h;
    e->color = color;
    e->size = (uint8_t)size;
    e->weight = (uint8_t)weight;
    e->fit_w = -1;
    e->w = render_text_width(rd, e->text, len, size, weight);
    if (e->w < 0)
        e->failed = true;
    e->bytes = sizeof *e + len + 1;
    e->hnext = *bucket;
    *bucket = e;
    text_lru_front(t, e);
    t->entries++;
    t->bytes += e->bytes;
    render_text_trim(rd, e);
    return e;
}

static void text_rasterise(render *rd, text_entry *e, draw_color c)
{
    SDL_Color fg = {c.r, c.g, c.b, c.a};
    SDL_Surface *s = TTF_RenderUTF8_Blended(text_font(rd, e->size, e->weight), e->text, fg);
    if (!s) {
        fprintf(stderr, "render: cannot rasterise text: %s\n", TTF_GetError());
        e->failed = true;
        return;
    }
    e->tex = SDL_CreateTextureFromSurface(rd->r, s);
    if (!e->tex) {
        fprintf(stderr, "render: cannot make a text texture: %s\n", SDL_GetError());
        e->failed = true;
    } else {
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
        e->tw = s->w;
        e->th = s->h;
        size_t tb = (size_t)s->w * (size_t)s->h * 4u;
        e->bytes += tb;
        rd->text.bytes += tb;
    }
    SDL_FreeSurface(s);
    render_text_trim(rd, e);
}

/* Width of s[0..n) followed by an ellipsis (measured together: kerning and shaping apply). */
static int text_width_ellipsised(render *rd, const char *s, uint32_t n, draw_size size,
                                 draw_weight weight)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    memcpy(rd->scratch, s, n);
    memcpy(rd->scratch + n, ELLIPSIS, ELLIPSIS_LEN + 1);
    int w = render_text_width(rd, rd->scratch, n + ELLIPSIS_LEN, size, weight);
    return w < 0 ? 1 << 30 : w;
}

/* Bytes of the longest prefix of s (ending on a UTF-8 character boundary) that fits in `avail`
 * px with an ellipsis after it: a binary search, O(log n) measurements. */
static uint32_t text_fit(render *rd, const char *s, uint32_t len, int avail, draw_size size,
                         draw_weight weight)
{
    uint32_t lo = 0, hi = len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        while (mid > lo && (s[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo) {
            mid = lo + 1;
            while (mid < len && (s[mid] & 0xC0) == 0x80)
                mid++;
            if (mid > hi)
                break;
        }
        if (text_width_ellipsised(rd, s, mid, size, weight) <= avail)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && s[lo - 1] == ' ')
        lo--;
    return lo;
}

/* Copy the texture of `e` into `r` (aligned, vertically centred on the cap height), cut to r. */
static void text_blit(render *rd, const text_entry *e, const draw_cmd *c)
{
    const draw_rect *r = &c->rect;
    int x = r->x;
    if (c->align == ALIGN_CENTER)
        x = r->x + (r->w - e->tw) / 2;
    else if (c->align == ALIGN_RIGHT)
        x = r->x + r->w - e->tw;
    int baseline = r->y + (r->h + rd->cap[e->weight][e->size] + 1) / 2;
    SDL_Rect dst = {x, baseline - rd->ascent[e->weight][e->size], e->tw, e->th};
    SDL_Rect box = {r->x, r->y, r->w, r->h}, vis;
    if (!SDL_IntersectRect(&dst, &box, &vis))
        return;
    SDL_Rect src = {vis.x - dst.x, vis.y - dst.y, vis.w, vis.h};
    SDL_RenderCopy(rd->r, e->tex, &src, &vis);
}

void render_text_draw(render *rd, const draw_cmd *c, const char *text)
{
    size_t n = strlen(text);
    if (n == 0 || n >= UINT32_MAX - 8 || (unsigned)c->size >= TEXT_SIZES || c->rect.w <= 0 ||
        c->rect.h <= 0)
        return;
    uint32_t len = (uint32_t)n;
    draw_weight weight = (unsigned)c->weight < RENDER_FONTS ? c->weight : FONT_REGULAR;
    text_entry *e = text_get(rd, text, len, c->size, weight, c->color);
    if (!e || e->failed)
        return;
    if (e->w <= c->rect.w) {
        if (!e->tex)
            text_rasterise(rd, e, c->color);
        if (e->tex)
            text_blit(rd, e, c);
        return;
    }
    /* Too wide: the UI normally ellipsises itself, but never let text spill. The cut is
     * remembered per rect width, so a warm frame does not measure again. */
    if (!render_scratch_reserve(rd, (size_t)len + ELLIPSIS_LEN + 1))
        return;
    if (e->fit_w != c->rect.w) {
        e->fit_len = text_fit(rd, e->text, len, c->rect.w, c->size, weight);
        e->fit_w = c->rect.w;
    }
    uint32_t cut = e->fit_len;
    memcpy(rd->scratch, text, cut);
    memcpy(rd->scratch + cut, ELLIPSIS, ELLIPSIS_LEN + 1);
    /* e may be evicted by the lookup below: nothing of it is used after this point. */
    text_entry *short_e = text_get(rd, rd->scratch, cut + ELLIPSIS_LEN, c->size, weight, c->color);
    if (!short_e || short_e->failed)
        return;
    if (!short_e->tex)
        text_rasterise(rd, short_e, c->color);
    if (short_e->tex)
        text_blit(rd, short_e, c);
}
