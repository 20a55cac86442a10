/* render_image: decoded images by key for DRAW_IMAGE, fitted into their rect (aspect kept,
 * centred). The texture is made at draw time, on the render thread, at the size shown: area
 * averaging when shrinking (plain bilinear skips source pixels and makes scanned text shimmer),
 * bilinear when enlarging. Each frame is then a 1:1 copy: no per-frame scaling, which in SDL's
 * software renderer also allocates temporary surfaces for blended images. */
#include "render_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static image_entry *image_find(render *rd, const char *key)
{
    for (size_t i = 0; i < rd->n_images; i++)
        if (strcmp(rd->images[i].key, key) == 0)
            return &rd->images[i];
    return NULL;
}

static void image_entry_free(image_entry *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    SDL_FreeSurface(e->src);
    SDL_free(e->key);
    memset(e, 0, sizeof *e);
}

void render_image_deinit(render *rd)
{
    for (size_t i = 0; i < rd->n_images; i++)
        image_entry_free(&rd->images[i]);
    SDL_free(rd->images);
    rd->images = NULL;
    rd->n_images = rd->cap_images = 0;
}

static bool image_is_opaque(SDL_Surface *s)
{
    if (SDL_LockSurface(s) != 0)
        return false;
    bool opaque = true;
    for (int y = 0; opaque && y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if ((row[x] >> 24) != 0xFF) {
                opaque = false;
                break;
            }
    }
    SDL_UnlockSurface(s);
    return opaque;
}

int render_image_put(render *rd, const char *key, SDL_Surface *s)
{
    if (!key || !s) {
        SDL_FreeSurface(s);
        return -1;
    }
    /* One pixel layout for the box filter and the opacity test. */
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        if (!conv) {
            fprintf(stderr, "render: cannot convert image %s: %s\n", key, SDL_GetError());
            return -1;
        }
        s = conv;
    }
    size_t klen = strlen(key);
    char *kcopy = SDL_malloc(klen + 1);
    if (!kcopy) {
        SDL_FreeSurface(s);
        return -1;
    }
    memcpy(kcopy, key, klen + 1);
    image_entry *e = image_find(rd, key);
    if (e) {
        image_entry_free(e);
    } else {
        if (rd->n_images == rd->cap_images) {
            size_t cap = rd->cap_images ? rd->cap_images * 2 : 16;
            image_entry *p = SDL_realloc(rd->images, cap * sizeof *p);
            if (!p) {
                SDL_free(kcopy);
                SDL_FreeSurface(s);
                return -1;
            }
            rd->images = p;
            rd->cap_images = cap;
        }
        e = &rd->images[rd->n_images++];
    }
    *e = (image_entry){.key = kcopy, .src = s, .opaque = image_is_opaque(s)};
    rd->gen++; /* a cached layer that shows this key is stale */
    return 0;
}

void render_image_drop(render *rd, const char *key)
{
    image_entry *e = key ? image_find(rd, key) : NULL;
    if (!e)
        return;
    image_entry_free(e);
    rd->gen++;
    *e = rd->images[--rd->n_images]; /* order does not matter: keys are unique */
}

bool render_image_size(render *rd, const char *key, int *w, int *h)
{
    image_entry *e = key ? image_find(rd, key) : NULL;
    if (!e)
        return false;
    if (w)
        *w = e->src->w;
    if (h)
        *h = e->src->h;
    return true;
}

/* Resampling weights from `in` to `out` samples: output i takes n[i] source samples from
 * first[i], with weights w[i * taps ...] summing to 1. */
typedef struct {
    int *first, *n, taps;
    float *w;
} image_kernel;

static void image_kernel_free(image_kernel *k)
{
    SDL_free(k->first);
    SDL_free(k->n);
    SDL_free(k->w);
}

static bool image_kernel_make(image_kernel *k, int in, int out)
{
    double scale = (double)out / in;
    k->taps = scale < 1 ? (int)ceil(1.0 / scale) + 2 : 2;
    k->first = SDL_malloc((size_t)out * sizeof *k->first);
    k->n = SDL_malloc((size_t)out * sizeof *k->n);
    k->w = SDL_malloc((size_t)out * (size_t)k->taps * sizeof *k->w);
    if (!k->first || !k->n || !k->w) {
        image_kernel_free(k);
        return false;
    }
    for (int i = 0; i < out; i++) {
        float *w = k->w + (size_t)i * k->taps;
        if (scale < 1) { /* box: the overlap of each source pixel with the output footprint */
            double a = i / scale, b = (i + 1) / scale;
            int s0 = (int)floor(a), s1 = (int)ceil(b);
            if (s1 > in)
                s1 = in;
            k->first[i] = s0;
            k->n[i] = 0;
            for (int j = s0; j < s1 && k->n[i] < k->taps; j++)
                w[k->n[i]++] = (float)((fmin(b, j + 1) - fmax(a, j)) / (b - a));
        } else { /* bilinear between pixel centres */
            double x = (i + 0.5) / scale - 0.5;
            int x0 = (int)floor(x);
            double fx = x - x0;
            if (x0 < 0)
                x0 = 0, fx = 0;
            if (x0 >= in - 1)
                x0 = in - 1, fx = 0;
            k->first[i] = x0;
            k->n[i] = fx > 0 ? 2 : 1;
            w[0] = (float)(1 - fx);
            w[1] = (float)fx;
        }
    }
    return true;
}

/* Source row `y` resampled horizontally to w premultiplied float pixels in `out`. */
static void image_row(SDL_Surface *src, int y, const image_kernel *kx, int w, float *out)
{
    const uint32_t *row = (const uint32_t *)((const uint8_t *)src->pixels + (size_t)y * src->pitch);
    for (int x = 0; x < w; x++) {
        float acc[4] = {0, 0, 0, 0};
        const float *wt = kx->w + (size_t)x * kx->taps;
        for (int t = 0; t < kx->n[x]; t++) {
            uint32_t p = row[kx->first[x] + t];
            float a = (float)(p >> 24) * wt[t], pa = a / 255.0f;
            acc[0] += a;
            acc[1] += (float)((p >> 16) & 0xFF) * pa;
            acc[2] += (float)((p >> 8) & 0xFF) * pa;
            acc[3] += (float)(p & 0xFF) * pa;
        }
        memcpy(out + (size_t)x * 4, acc, sizeof acc);
    }
}

/* `src` (ARGB8888) resampled to w x h ARGB8888 pixels at `dst` (`pitch` bytes a row), with
 * premultiplied alpha so transparent pixels don't bleed their colour into the edges. Separable:
 * each source row is resampled horizontally once, into a ring of the ky.taps rows the vertical
 * pass can need at a time (the rows an output row reads only move down), so the scratch memory is
 * a few rows, not a whole image. False if out of memory. */
static bool image_resample(SDL_Surface *src, uint8_t *dst, int pitch, int w, int h)
{
    image_kernel kx = {0}, ky = {0};
    float *ring = NULL;
    int *ring_row = NULL;
    const float **rows = NULL;
    bool ok = false;
    if (!image_kernel_make(&kx, src->w, w) || !image_kernel_make(&ky, src->h, h))
        goto done;
    ring = SDL_malloc((size_t)ky.taps * (size_t)w * 4 * sizeof *ring);
    ring_row = SDL_malloc((size_t)ky.taps * sizeof *ring_row);
    rows = SDL_malloc((size_t)ky.taps * sizeof *rows);
    if (!ring || !ring_row || !rows || SDL_LockSurface(src) != 0)
        goto done;
    for (int i = 0; i < ky.taps; i++)
        ring_row[i] = -1;
    for (int y = 0; y < h; y++) { /* vertical pass, back to straight alpha */
        uint32_t *out = (uint32_t *)(dst + (size_t)y * (size_t)pitch);
        const float *wt = ky.w + (size_t)y * ky.taps;
        int n = ky.n[y];
        for (int t = 0; t < n; t++) {
            int sy = ky.first[y] + t, slot = sy % ky.taps;
            float *r = ring + (size_t)slot * (size_t)w * 4;
            if (ring_row[slot] != sy) {
                image_row(src, sy, &kx, w, r);
                ring_row[slot] = sy;
            }
            rows[t] = r;
        }
        for (int x = 0; x < w; x++) {
            float acc[4] = {0, 0, 0, 0};
            for (int t = 0; t < n; t++) {
                const float *p = rows[t] + (size_t)x * 4;
                for (int c = 0; c < 4; c++)
                    acc[c] += p[c] * wt[t];
            }
            uint32_t px = (uint32_t)lroundf(fminf(fmaxf(acc[0], 0), 255)) << 24;
            for (int c = 1; c < 4 && acc[0] > 0; c++) {
                float v = acc[c] * 255.0f / acc[0];
                px |= (uint32_t)lroundf(fminf(fmaxf(v, 0), 255)) << (8 * (3 - c));
            }
            out[x] = px;
        }
    }
    SDL_UnlockSurface(src);
    ok = true;
done:
    image_kernel_free(&kx);
    image_kernel_free(&ky);
    SDL_free(ring);
    SDL_free(ring_row);
    SDL_free(rows);
    return ok;
}

/* The texture of `e` at w x h: the source itself, or a streaming texture resampled in place
 * (no intermediate surface: a zoomed page is large). */
static SDL_Texture *image_make_texture(render *rd, image_entry *e, int w, int h)
{
    if (w == e->src->w && h == e->src->h)
        return SDL_CreateTextureFromSurface(rd->r, e->src);
    SDL_Texture *t =
        SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    void *px;
    int pitch;
    if (t && SDL_LockTexture(t, NULL, &px, &pitch) == 0) {
        bool ok = image_resample(e->src, px, pitch, w, h);
        SDL_UnlockTexture(t);
        if (ok)
            return t;
    }
    if (t)
        SDL_DestroyTexture(t);
    return NULL;
}

static bool image_texture(render *rd, image_entry *e, int w, int h)
{
    if (e->tex && e->tex_w == w && e->tex_h == h)
        return true;
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
        e->tex = NULL;
    }
    e->tex = image_make_texture(rd, e, w, h);
    if (!e->tex) {
        fprintf(stderr, "render: cannot make a texture for image %s: %s\n", e->key, SDL_GetError());
        e->failed = true; /* once: don't retry (and log) every frame */
        return false;
    }
    e->tex_w = w;
    e->tex_h = h;
    SDL_SetTextureScaleMode(e->tex, SDL_ScaleModeLinear);
    SDL_SetTextureBlendMode(e->tex, e->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    return true;
}

void render_image_draw(render *rd, const draw_cmd *c, const char *key)
{
    image_entry *e = image_find(rd, key);
    if (!e || e->failed || c->rect.w <= 0 || c->rect.h <= 0)
        return;
    int iw = e->src->w, ih = e->src->h;
    if (iw <= 0 || ih <= 0)
        return;
    double sx = (double)c->rect.w / iw, sy = (double)c->rect.h / ih, sc = sx < sy ? sx : sy;
    int dw = (int)lround(iw * sc), dh = (int)lround(ih * sc);
    dw = dw < 1 ? 1 : dw > c->rect.w ? c->rect.w : dw;
    dh = dh < 1 ? 1 : dh > c->rect.h ? c->rect.h : dh;
    if (!image_texture(rd, e, dw, dh))
        return;
    SDL_Rect dst = {c->rect.x + (c->rect.w - dw) / 2, c->rect.y + (c->rect.h - dh) / 2, dw, dh};
    SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
}
