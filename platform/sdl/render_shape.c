/* render_shape: anti-aliased rounded rectangles, frames, soft shadows and slanted strokes.
 * Corners are white coverage masks (exact pixel/circle intersection areas), made once per radius
 * and drawn tinted with colour and alpha mod; straight parts are plain fills, laid out so no pixel
 * is painted twice (alpha colours blend once). Shadows are a Gaussian-blurred rounded rect,
 * 9-sliced. Slanted strokes (icons, chart lines) are coverage masks cached per vector. */
#include "render_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Masks are made once, but not unboundedly: a giant radius draws as this one (a pill taller
 * than 2 x 512 px does not exist on our screens), and shadows blur at most this far. */
#define SHAPE_MAX_RADIUS 512
#define SHAPE_MAX_SHADOW 96

/* ---- coverage ---- */

/* Integral of sqrt(R^2 - t^2) dt from 0 to x, x clamped to [0, R]. */
static double shape_circ_prim(double x, double R)
{
    x = x < 0 ? 0 : x > R ? R : x;
    return 0.5 * (x * sqrt(R * R - x * x) + R * R * asin(x / R));
}

/* Area of [x0,x1] x [y0,y1] (first quadrant) inside the disc of radius R around the origin. */
static double shape_cover(double x0, double x1, double y0, double y1, double R)
{
    if (R <= 0)
        return 0;
    double xa = y1 >= R ? 0 : sqrt(R * R - y1 * y1); /* the arc is above y1 left of xa */
    double xb = y0 >= R ? 0 : sqrt(R * R - y0 * y0); /* ... and above y0 left of xb */
    double area = 0;
    double full = fmin(x1, xa);
    if (full > x0)
        area += (full - x0) * (y1 - y0);
    double p0 = fmax(x0, xa), p1 = fmin(x1, xb);
    if (p1 > p0)
        area += shape_circ_prim(p1, R) - shape_circ_prim(p0, R) - y0 * (p1 - p0);
    return area;
}

/* Coverage of pixel (i, j) by a disc of radius R centred on the integer point (c, c). */
static double shape_disc_px(int i, int j, int c, double R)
{
    double x0 = i - c, y0 = j - c;
    double ax0 = x0 < 0 ? -x0 - 1 : x0, ay0 = y0 < 0 ? -y0 - 1 : y0;
    return shape_cover(ax0, ax0 + 1, ay0, ay0 + 1, R);
}

/* Coverage of pixel (x, y) by a w x h rounded rect of radius r at the origin. */
static double shape_rrect_px(int x, int y, int w, int h, int r)
{
    if (x < 0 || y < 0 || x >= w || y >= h)
        return 0;
    int cx = x < r ? x : x >= w - r ? w - 1 - x : -1;
    int cy = y < r ? y : y >= h - r ? h - 1 - y : -1;
    if (cx < 0 || cy < 0)
        return 1;
    return shape_disc_px(cx, cy, r, r);
}

static uint8_t shape_alpha(double v)
{
    return (uint8_t)(v <= 0 ? 0 : v >= 1 ? 255 : lround(v * 255.0));
}

/* ---- mask cache ---- */

static void shape_mask_free(render *rd, mask_entry *m)
{
    if (m->tex)
        SDL_DestroyTexture(m->tex);
    SDL_free(m->profile);
    rd->mask_bytes -= m->bytes;
    memset(m, 0, sizeof *m);
}

void render_shape_deinit(render *rd)
{
    for (int i = 0; i < RENDER_MASKS; i++)
        if (rd->masks[i].kind != MASK_NONE)
            shape_mask_free(rd, &rd->masks[i]);
}

static mask_entry *shape_mask_find(render *rd, mask_kind kind, int a, int b, int c, int d)
{
    for (int i = 0; i < RENDER_MASKS; i++) {
        mask_entry *m = &rd->masks[i];
        if (m->kind == kind && m->a == a && m->b == b && m->c == c && m->d == d) {
            m->used = rd->tick;
            return m;
        }
    }
    return NULL;
}

/* A free slot for a mask of `bytes`, evicting the least recently used masks as needed. */
static mask_entry *shape_mask_slot(render *rd, size_t bytes)
{
    for (;;) {
        mask_entry *free_slot = NULL, *lru = NULL;
        for (int i = 0; i < RENDER_MASKS; i++) {
            mask_entry *m = &rd->masks[i];
            if (m->kind == MASK_NONE) {
                if (!free_slot)
                    free_slot = m;
            } else if (!lru || m->used < lru->used) {
                lru = m;
            }
        }
        if (free_slot && (rd->mask_bytes + bytes <= RENDER_MASK_BYTES || !lru))
            return free_slot;
        if (!lru)
            return NULL;
        shape_mask_free(rd, lru);
    }
}

/* Turn an alpha buffer into a white ARGB8888 texture and store it as a mask. */
static mask_entry *shape_mask_add(render *rd, const uint8_t *alpha, int w, int h, mask_kind kind,
                                  int a, int b, int c, int d)
{
    size_t n = (size_t)w * (size_t)h;
    uint32_t *px = SDL_malloc(n * 4);
    if (!px)
        return NULL;
    for (size_t i = 0; i < n; i++)
        px[i] = (uint32_t)alpha[i] << 24 | 0xFFFFFFu;
    SDL_Texture *tex =
        SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!tex || SDL_UpdateTexture(tex, NULL, px, w * 4) != 0) {
        fprintf(stderr, "render: cannot make a mask texture: %s\n", SDL_GetError());
        if (tex)
            SDL_DestroyTexture(tex);
        SDL_free(px);
        return NULL;
    }
    SDL_free(px);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    mask_entry *m = shape_mask_slot(rd, n * 4);
    if (!m) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    *m = (mask_entry){kind, a, b, c, d, tex, w, h, NULL, 0, rd->tick, n * 4};
    rd->mask_bytes += m->bytes;
    return m;
}

/* A disc of radius r (ring of width t if 0 < t < r) in a 2r x 2r texture. */
static mask_entry *shape_mask_disc(render *rd, int r, int t)
{
    mask_kind kind = t > 0 && t < r ? MASK_RING : MASK_DISC;
    if (kind == MASK_DISC)
        t = 0;
    mask_entry *m = shape_mask_find(rd, kind, r, t, 0, 0);
    if (m)
        return m;
    int n = 2 * r;
    uint8_t *alpha = SDL_malloc((size_t)n * (size_t)n);
    if (!alpha)
        return NULL;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double v = shape_disc_px(i, j, r, r);
            if (kind == MASK_RING)
                v -= shape_disc_px(i, j, r, r - t);
            alpha[j * n + i] = shape_alpha(v);
        }
    m = shape_mask_add(rd, alpha, n, n, kind, r, t, 0, 0);
    SDL_free(alpha);
    return m;
}

/* ---- rects and frames ---- */

static void shape_corners(render *rd, const mask_entry *m, SDL_Rect b, int r, draw_color c)
{
    SDL_SetTextureColorMod(m->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(m->tex, c.a);
    SDL_Rect src[4] = {{0, 0, r, r}, {r, 0, r, r}, {0, r, r, r}, {r, r, r, r}};
    SDL_Rect dst[4] = {{b.x, b.y, r, r},
                       {b.x + b.w - r, b.y, r, r},
                       {b.x, b.y + b.h - r, r, r},
                       {b.x + b.w - r, b.y + b.h - r, r, r}};
    for (int i = 0; i < 4; i++)
        SDL_RenderCopy(rd->r, m->tex, &src[i], &dst[i]);
}

/* Corner radius clamped to half the rect and to the largest mask worth making. */
static int shape_radius(const draw_cmd *c, int max)
{
    int r = c->radius < max ? c->radius : max;
    if (r > c->rect.w / 2)
        r = c->rect.w / 2;
    if (r > c->rect.h / 2)
        r = c->rect.h / 2;
    return r < 0 ? 0 : r;
}

static void shape_rounded(render *rd, SDL_Rect b, int r, draw_color c)
{
    const mask_entry *m = r > 0 ? shape_mask_disc(rd, r, 0) : NULL;
    if (!m) {
        render_fill(rd, b, c); /* radius 0, or no memory for the mask: square corners */
        return;
    }
    shape_corners(rd, m, b, r, c);
    render_fill(rd, (SDL_Rect){b.x + r, b.y, b.w - 2 * r, r}, c);
    render_fill(rd, (SDL_Rect){b.x, b.y + r, b.w, b.h - 2 * r}, c);
    render_fill(rd, (SDL_Rect){b.x + r, b.y + b.h - r, b.w - 2 * r, r}, c);
}

void render_shape_rect(render *rd, const draw_cmd *c)
{
    SDL_Rect b = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
    if (b.w > 0 && b.h > 0)
        shape_rounded(rd, b, shape_radius(c, SHAPE_MAX_RADIUS), c->color);
}

void render_shape_frame(render *rd, const draw_cmd *c)
{
    SDL_Rect b = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
    int r = shape_radius(c, SHAPE_MAX_RADIUS), t = c->width;
    if (b.w <= 0 || b.h <= 0 || t <= 0)
        return;
    if (2 * t >= b.w || 2 * t >= b.h) {
        shape_rounded(rd, b, r, c->color); /* thicker than the hole: solid */
        return;
    }
    const mask_entry *m = r > 0 ? shape_mask_disc(rd, r, t) : NULL;
    if (m)
        shape_corners(rd, m, b, r, c->color);
    else
        r = 0;
    /* Bands between the corner boxes; when t > r the rows/columns from r to t run full length. */
    int k = t < r ? t : r, e = t > r ? t : r;
    draw_color col = c->color;
    render_fill(rd, (SDL_Rect){b.x + r, b.y, b.w - 2 * r, k}, col);
    render_fill(rd, (SDL_Rect){b.x + r, b.y + b.h - k, b.w - 2 * r, k}, col);
    if (t > r) {
        render_fill(rd, (SDL_Rect){b.x, b.y + r, b.w, t - r}, col);
        render_fill(rd, (SDL_Rect){b.x, b.y + b.h - t, b.w, t - r}, col);
    }
    render_fill(rd, (SDL_Rect){b.x, b.y + e, t, b.h - 2 * e}, col);
    render_fill(rd, (SDL_Rect){b.x + b.w - t, b.y + e, t, b.h - 2 * e}, col);
}

/* ---- shadows ---- */

/* Alpha of a w x h rounded rect (radius r) placed at (s, s) in a (w+2s) x (h+2s) image, blurred
 * with a Gaussian that reaches s px. Returned buffer is W*H bytes (caller frees). */
static uint8_t *shape_shadow_alpha(int w, int h, int r, int s)
{
    int W = w + 2 * s, H = h + 2 * s;
    size_t n = (size_t)W * (size_t)H;
    float *a = SDL_malloc(n * sizeof *a), *tmp = SDL_malloc(n * sizeof *tmp);
    float *k = SDL_malloc((size_t)(2 * s + 1) * sizeof *k);
    uint8_t *out = SDL_malloc(n);
    if (!a || !tmp || !k || !out) {
        SDL_free(out);
        out = NULL;
        goto done;
    }
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            a[(size_t)y * W + x] = (float)shape_rrect_px(x - s, y - s, w, h, r);
    /* sigma = s/2: the tail beyond s is under 2% and is cut. */
    double sigma = s / 2.0, sum = 0;
    for (int i = -s; i <= s; i++)
        sum += k[i + s] = (float)exp(-(double)(i * i) / (2 * sigma * sigma));
    for (int i = 0; i <= 2 * s; i++)
        k[i] = (float)(k[i] / sum);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float v = 0;
            for (int i = -s; i <= s; i++)
                if (x + i >= 0 && x + i < W)
                    v += k[i + s] * a[(size_t)y * W + x + i];
            tmp[(size_t)y * W + x] = v;
        }
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float v = 0;
            for (int i = -s; i <= s; i++)
                if (y + i >= 0 && y + i < H)
                    v += k[i + s] * tmp[(size_t)(y + i) * W + x];
            out[(size_t)y * W + x] = shape_alpha(v);
        }
done:
    SDL_free(a);
    SDL_free(tmp);
    SDL_free(k);
    return out;
}

/* The 9-slice source: a rounded rect just big enough that its middle row and column are pure
 * edge profiles (corner boxes of r + 2s px, plus one stretchable px). */
static mask_entry *shape_mask_shadow9(render *rd, int r, int s)
{
    mask_entry *m = shape_mask_find(rd, MASK_SHADOW9, r, s, 0, 0);
    if (m)
        return m;
    int c = r + 2 * s, core = 2 * r + 2 * s + 1, T = 2 * c + 1;
    uint8_t *alpha = shape_shadow_alpha(core, core, r, s);
    uint8_t *profile = SDL_malloc((size_t)c);
    if (alpha && profile) {
        for (int i = 0; i < c; i++)
            profile[i] = alpha[(size_t)i * T + c];
        m = shape_mask_add(rd, alpha, T, T, MASK_SHADOW9, r, s, 0, 0);
    }
    SDL_free(alpha);
    if (!m) {
        SDL_free(profile);
        return NULL;
    }
    m->profile = profile;
    m->corner = c;
    return m;
}

/* What an opaque cover (the card on the shadow) hides for sure: its rect without the corner
 * boxes, where its rounded corners let the shadow show through. Up to two rects. */
typedef struct {
    SDL_Rect r[2];
    int n;
} shape_holes;

static shape_holes shape_holes_of(const draw_cmd *cover)
{
    shape_holes h = {.n = 0};
    if (!cover || cover->rect.w <= 0 || cover->rect.h <= 0)
        return h;
    SDL_Rect b = {cover->rect.x, cover->rect.y, cover->rect.w, cover->rect.h};
    int r = shape_radius(cover, SHAPE_MAX_RADIUS); /* as render_shape_rect draws it */
    SDL_Rect cross[2] = {{b.x + r, b.y, b.w - 2 * r, b.h}, {b.x, b.y + r, b.w, b.h - 2 * r}};
    for (int i = 0; i < (r > 0 ? 2 : 1); i++)
        if (cross[i].w > 0 && cross[i].h > 0)
            h.r[h.n++] = cross[i];
    return h;
}

/* The parts of `d` outside holes[0..n): up to 4^n rects, passed to `out`. */
typedef void (*shape_piece_fn)(render *rd, SDL_Rect piece, void *arg);

static void shape_minus(render *rd, SDL_Rect d, const SDL_Rect *holes, int n, shape_piece_fn out,
                        void *arg)
{
    if (d.w <= 0 || d.h <= 0)
        return;
    SDL_Rect x;
    if (n == 0 || !SDL_IntersectRect(&d, &holes[0], &x)) {
        if (n <= 1)
            out(rd, d, arg);
        else
            shape_minus(rd, d, holes + 1, n - 1, out, arg);
        return;
    }
    SDL_Rect part[4] = {
        {d.x, d.y, d.w, x.y - d.y},                     /* above */
        {d.x, x.y + x.h, d.w, d.y + d.h - (x.y + x.h)}, /* below */
        {d.x, x.y, x.x - d.x, x.h},                     /* left */
        {x.x + x.w, x.y, d.x + d.w - (x.x + x.w), x.h}, /* right */
    };
    for (int i = 0; i < 4; i++)
        shape_minus(rd, part[i], holes + 1, n - 1, out, arg);
}

static void shape_fill_piece(render *rd, SDL_Rect piece, void *arg)
{
    render_fill(rd, piece, *(const draw_color *)arg);
}

typedef struct {
    SDL_Texture *tex;
    SDL_Rect src, dst; /* a 1:1 copy */
} shape_copy;

static void shape_copy_piece(render *rd, SDL_Rect piece, void *arg)
{
    const shape_copy *c = arg;
    SDL_Rect src = {c->src.x + piece.x - c->dst.x, c->src.y + piece.y - c->dst.y, piece.w, piece.h};
    SDL_RenderCopy(rd->r, c->tex, &src, &piece);
}

static void shape_copy_minus(render *rd, SDL_Texture *tex, SDL_Rect src, SDL_Rect dst,
                             const shape_holes *h)
{
    shape_copy c = {tex, src, dst};
    shape_minus(rd, dst, h->r, h->n, shape_copy_piece, &c);
}

/* Rows (or columns) i = 0..c-1 in from an edge get the profile's alpha; runs of equal alpha are
 * one fill. `horiz`: rows of a top (dir 1) or bottom (dir -1) edge; else columns. */
static void shape_shadow_edge(render *rd, const mask_entry *m, SDL_Rect band, bool horiz, int dir,
                              uint8_t a, const shape_holes *h)
{
    int c = m->corner;
    for (int i = 0; i < c;) {
        int j = i;
        uint8_t al = (uint8_t)(m->profile[i] * a / 255);
        while (j + 1 < c && (uint8_t)(m->profile[j + 1] * a / 255) == al)
            j++;
        int from = dir > 0 ? i : c - 1 - j, len = j - i + 1;
        SDL_Rect r = horiz ? (SDL_Rect){band.x, band.y + from, band.w, len}
                           : (SDL_Rect){band.x + from, band.y, len, band.h};
        draw_color col = {0, 0, 0, al};
        if (al)
            shape_minus(rd, r, h->r, h->n, shape_fill_piece, &col);
        i = j + 1;
    }
}

/* The shadow is drawn only where it can be seen: what `cover` hides (the middle of the card, most
 * of the blurred edge) is skipped, which leaves the rim around the card. */
void render_shape_shadow(render *rd, const draw_cmd *c, const draw_cmd *cover)
{
    int r = shape_radius(c, SHAPE_MAX_SHADOW), s = c->width, w = c->rect.w, h = c->rect.h;
    if (w <= 0 || h <= 0)
        return;
    s = s < SHAPE_MAX_SHADOW ? s : SHAPE_MAX_SHADOW; /* blur cost grows with s^3 */
    int off = (int)lroundf(2.0f * rd->scale); /* lit from above: the shadow falls a bit down */
    if (s <= 0) {
        SDL_Rect b = {c->rect.x, c->rect.y + off, w, h};
        shape_rounded(rd, b, r, c->color);
        return;
    }
    shape_holes holes = shape_holes_of(cover);
    SDL_Rect D = {c->rect.x - s, c->rect.y - s + off, w + 2 * s, h + 2 * s};
    uint8_t a = c->color.a;
    if (w < 2 * r + 2 * s || h < 2 * r + 2 * s) {
        /* Too small to 9-slice (chips, small buttons): one texture of the exact size. */
        if ((long long)D.w * D.h > 1 << 20)
            return;
        mask_entry *m = shape_mask_find(rd, MASK_SHADOW, r, s, w, h);
        if (!m) {
            uint8_t *alpha = shape_shadow_alpha(w, h, r, s);
            if (alpha)
                m = shape_mask_add(rd, alpha, D.w, D.h, MASK_SHADOW, r, s, w, h);
            SDL_free(alpha);
        }
        if (m) {
            SDL_SetTextureColorMod(m->tex, 0, 0, 0);
            SDL_SetTextureAlphaMod(m->tex, a);
            shape_copy_minus(rd, m->tex, (SDL_Rect){0, 0, D.w, D.h}, D, &holes);
        }
        return;
    }
    mask_entry *m = shape_mask_shadow9(rd, r, s);
    if (!m)
        return;
    int k = m->corner, T = m->w;
    SDL_SetTextureColorMod(m->tex, 0, 0, 0);
    SDL_SetTextureAlphaMod(m->tex, a);
    SDL_Rect src[4] = {{0, 0, k, k}, {T - k, 0, k, k}, {0, T - k, k, k}, {T - k, T - k, k, k}};
    SDL_Rect dst[4] = {{D.x, D.y, k, k},
                       {D.x + D.w - k, D.y, k, k},
                       {D.x, D.y + D.h - k, k, k},
                       {D.x + D.w - k, D.y + D.h - k, k, k}};
    for (int i = 0; i < 4; i++)
        shape_copy_minus(rd, m->tex, src[i], dst[i], &holes);
    int mw = D.w - 2 * k, mh = D.h - 2 * k;
    shape_shadow_edge(rd, m, (SDL_Rect){D.x + k, D.y, mw, k}, true, 1, a, &holes);
    shape_shadow_edge(rd, m, (SDL_Rect){D.x + k, D.y + D.h - k, mw, k}, true, -1, a, &holes);
    shape_shadow_edge(rd, m, (SDL_Rect){D.x, D.y + k, k, mh}, false, 1, a, &holes);
    shape_shadow_edge(rd, m, (SDL_Rect){D.x + D.w - k, D.y + k, k, mh}, false, -1, a, &holes);
    draw_color col = c->color;
    shape_minus(rd, (SDL_Rect){D.x + k, D.y + k, mw, mh}, holes.r, holes.n, shape_fill_piece, &col);
}

/* ---- slanted strokes ---- */

/* A thick line that is not axis-aligned: a round-capped stroke mask (caps make the joints of
 * polylines and icon strokes seamless), cached per (dx, dy, width) since strokes repeat from
 * frame to frame at the same shape. False if it is too big to cache: the caller draws a quad. */
bool render_shape_line(render *rd, const draw_cmd *c)
{
    int dx = c->rect.w, dy = c->rect.h, t = c->width;
    int m = (t + 1) / 2 + 1; /* margin around the end points for caps and the AA fringe */
    int bw = abs(dx) + 2 * m + 1, bh = abs(dy) + 2 * m + 1;
    if ((long long)bw * bh > 1 << 20)
        return false;
    int ox = dx >= 0 ? m : m - dx, oy = dy >= 0 ? m : m - dy; /* start point in the mask */
    mask_entry *e = shape_mask_find(rd, MASK_LINE, dx, dy, t, 0);
    if (!e) {
        uint8_t *alpha = SDL_malloc((size_t)bw * (size_t)bh);
        if (!alpha)
            return false;
        double ax = ox + 0.5, ay = oy + 0.5, len2 = (double)dx * dx + (double)dy * dy;
        double half = t / 2.0;
        for (int j = 0; j < bh; j++)
            for (int i = 0; i < bw; i++) {
                double px = i + 0.5 - ax, py = j + 0.5 - ay;
                double u = (px * dx + py * dy) / len2;
                u = u < 0 ? 0 : u > 1 ? 1 : u;
                double ex = px - u * dx, ey = py - u * dy;
                /* Distance to the segment, turned into coverage over a 1 px ramp. */
                alpha[(size_t)j * bw + i] = shape_alpha(half + 0.5 - sqrt(ex * ex + ey * ey));
            }
        e = shape_mask_add(rd, alpha, bw, bh, MASK_LINE, dx, dy, t, 0);
        SDL_free(alpha);
        if (!e)
            return false;
    }
    SDL_SetTextureColorMod(e->tex, c->color.r, c->color.g, c->color.b);
    SDL_SetTextureAlphaMod(e->tex, c->color.a);
    SDL_Rect dst = {c->rect.x - ox, c->rect.y - oy, bw, bh};
    SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
    return true;
}
