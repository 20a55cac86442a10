/* Tests of the draw list, the SDL renderer of draw lists and image decoding, by reading pixels of
 * a software renderer on a 400x300 ARGB8888 surface (SDL dummy video driver): anti-aliased
 * corners, hollow frames, clipping, text placement and its cache, images, determinism and no
 * allocation on warm frames. Image decoding is tested in test_image.c. */
#include "draw.h"
#include "image.h"
#include "render.h"

#include <SDL.h>

#include <setjmp.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define W 400
#define H 300

static const draw_color WHITE = {255, 255, 255, 255};
static const draw_color BLUE = {20, 60, 200, 255};
static const draw_color RED = {220, 30, 40, 255};
static const draw_color INK = {20, 24, 28, 255};

/* SDL allocations (SDL, SDL_ttf, SDL_image and our platform code all use SDL_malloc). */
static size_t alloc_calls;
static void *count_malloc(size_t n)
{
    alloc_calls++;
    return malloc(n);
}
static void *count_calloc(size_t n, size_t m)
{
    alloc_calls++;
    return calloc(n, m);
}
static void *count_realloc(void *p, size_t n)
{
    alloc_calls++;
    return realloc(p, n);
}

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    render *rd;
    draw_list l;
} fx;

static render *fx_render(SDL_Renderer *r)
{
    const char *assets = getenv("PARAF_ASSETS");
    char dir[1024];
    int n = snprintf(dir, sizeof dir, "%s/fonts", assets ? assets : "assets");
    assert_true(n > 0 && (size_t)n < sizeof dir);
    return render_create(r, dir, 1.0f);
}

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(f->surf);
    f->r = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->r);
    f->rd = fx_render(f->r);
    assert_non_null(f->rd);
    draw_list_init(&f->l);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    draw_list_deinit(&f->l);
    render_destroy(f->rd);
    SDL_DestroyRenderer(f->r);
    SDL_FreeSurface(f->surf);
    free(f);
    return 0;
}

static uint32_t px(const fx *f, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)f->surf->pixels + (size_t)y * f->surf->pitch))[x];
}

static uint32_t argb(draw_color c)
{
    return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* Every point (x, y pairs, n of them) has colour c. */
static void expect_px(const fx *f, draw_color c, int n, const int *xy)
{
    for (int i = 0; i < n; i++)
        if (px(f, xy[2 * i], xy[2 * i + 1]) != argb(c))
            fail_msg("pixel %d,%d is %08" PRIx32, xy[2 * i], xy[2 * i + 1],
                     px(f, xy[2 * i], xy[2 * i + 1]));
}

/* PARAF_TEST_DUMP=dir saves every frame as dir/render-N.png, to look at what the tests see. */
static void frame(fx *f)
{
    static int n;
    render_frame(f->rd, &f->l, WHITE);
    const char *dir = getenv("PARAF_TEST_DUMP");
    char path[1024];
    if (dir && snprintf(path, sizeof path, "%s/render-%d.png", dir, n++) < (int)sizeof path)
        assert_int_equal(image_save_png(f->surf, path), 0);
}

/* Pixels that differ from the white background inside / outside a rect. */
static void ink_count(const fx *f, SDL_Rect r, int *inside, int *outside)
{
    *inside = *outside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            if (px(f, x, y) == argb(WHITE))
                continue;
            SDL_Point p = {x, y};
            (*(SDL_PointInRect(&p, &r) ? inside : outside))++;
        }
}

static void test_draw_list(void **state)
{
    (void)state;
    draw_list l;
    draw_list_init(&l);
    draw_label(&l, (draw_rect){0, 0, 10, 10}, "Setujui", TEXT_BODY, FONT_BOLD, INK, ALIGN_LEFT);
    draw_hit_add(&l, (draw_rect){0, 0, 10, 10}, "action-approve", NULL, 7, 3);
    for (int i = 0; i < 500; i++) { /* forces the arena to move several times */
        char t[32];
        snprintf(t, sizeof t, "baris %d", i);
        draw_label(&l, (draw_rect){0, i, 10, 10}, t, TEXT_SMALL, FONT_REGULAR, INK, ALIGN_LEFT);
    }
    draw_label(&l, (draw_rect){0, 0, 10, 10}, "", TEXT_BODY, FONT_REGULAR, INK, ALIGN_LEFT);
    assert_int_equal(l.n_cmds, 501); /* the empty label is no command */
    assert_false(l.oom);
    assert_string_equal(draw_text(&l, l.cmds[0].text_off), "Setujui");
    assert_int_equal(l.cmds[0].text_len, 7);
    assert_string_equal(draw_text(&l, l.cmds[500].text_off), "baris 499");
    assert_string_equal(draw_text(&l, l.hits[0].id_off), "action-approve");
    assert_string_equal(draw_text(&l, l.hits[0].label_off), "");
    assert_int_equal(l.hits[0].action, 7);
    assert_string_equal(draw_text(&l, 1u << 30), "");
    draw_cmd *cmds = l.cmds;
    char *arena = l.arena;
    size_t cap = l.cap_cmds;
    draw_list_clear(&l);
    assert_int_equal(l.n_cmds, 0);
    assert_int_equal(l.arena_len, 0);
    assert_ptr_equal(l.cmds, cmds); /* buffers kept */
    assert_ptr_equal(l.arena, arena);
    assert_int_equal(l.cap_cmds, cap);
    draw_line(&l, 5, 6, 20, 2, RED, 2);
    assert_int_equal(l.cmds[0].rect.w, 15);
    assert_int_equal(l.cmds[0].rect.h, -4);
    draw_list_deinit(&l);
}

static void test_rounded_rect(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_rect_fill(&f->l, (draw_rect){40, 40, 200, 120}, BLUE, 24);
    frame(f);
    assert_int_equal(px(f, 140, 100), argb(BLUE));
    assert_int_equal(px(f, 140, 40), argb(BLUE)); /* straight edges are not blurred */
    assert_int_equal(px(f, 140, 39), argb(WHITE));
    assert_int_equal(px(f, 40, 100), argb(BLUE));
    /* The exact corner pixels are background. */
    expect_px(f, WHITE, 4, (int[]){40, 40, 239, 40, 40, 159, 239, 159});
    /* Along the arc: intermediate values, each a blend of background and fill (one alpha for
     * all channels), and the four corners mirror each other. */
    int partial = 0;
    for (int j = 0; j < 24; j++)
        for (int i = 0; i < 24; i++) {
            uint32_t p = px(f, 40 + i, 40 + j);
            assert_int_equal(p, px(f, 239 - i, 40 + j));
            assert_int_equal(p, px(f, 40 + i, 159 - j));
            assert_int_equal(p, px(f, 239 - i, 159 - j));
            if (p == argb(WHITE) || p == argb(BLUE))
                continue;
            partial++;
            double ar = (255.0 - ((p >> 16) & 0xFF)) / (255 - BLUE.r);
            double ag = (255.0 - ((p >> 8) & 0xFF)) / (255 - BLUE.g);
            double ab = (255.0 - (p & 0xFF)) / (255 - BLUE.b);
            assert_true(ar > 0 && ar < 1);
            assert_true(ar - ag < 0.03 && ag - ar < 0.03);
            assert_true(ar - ab < 0.06 && ab - ar < 0.06);
        }
    assert_true(partial >= 24); /* a 24 px arc crosses at least one pixel per row */
    /* The diagonal goes from background to fill without going back. */
    int prev = 255;
    for (int k = 0; k < 24; k++) {
        int r = (px(f, 40 + k, 40 + k) >> 16) & 0xFF;
        assert_true(r <= prev);
        prev = r;
    }
    assert_int_equal(prev, BLUE.r);
}

static void test_alpha_rect(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_rect_fill(&f->l, (draw_rect){40, 40, 200, 120}, (draw_color){0, 0, 0, 128}, 16);
    frame(f);
    uint32_t mid = px(f, 140, 100);
    assert_in_range((mid >> 16) & 0xFF, 125, 129);
    /* Top band, middle band and the inner part of a corner are painted once each. */
    assert_int_equal(px(f, 140, 41), mid);
    assert_int_equal(px(f, 41, 100), mid);
    assert_int_equal(px(f, 55, 55), mid);
}

static void test_frame(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_frame(&f->l, (draw_rect){40, 40, 200, 120}, RED, 16, 3);
    draw_frame(&f->l, (draw_rect){260, 40, 100, 100}, BLUE, 4, 8); /* thicker than the radius */
    frame(f);
    /* Hollow: 3 px of red on each side, background inside and at the corner pixel. */
    expect_px(f, RED, 5, (int[]){140, 40, 140, 42, 140, 159, 40, 100, 239, 100});
    expect_px(f, WHITE, 5, (int[]){140, 100, 140, 43, 140, 156, 43, 100, 40, 40});
    int partial = 0;
    for (int j = 0; j < 16; j++)
        for (int i = 0; i < 16; i++) {
            uint32_t p = px(f, 40 + i, 40 + j);
            partial += p != argb(WHITE) && p != argb(RED);
        }
    assert_true(partial >= 20); /* both edges of the ring are anti-aliased */
    assert_int_equal(px(f, 310, 90), argb(WHITE));
    assert_int_equal(px(f, 267, 47), argb(BLUE)); /* inner corner of a thick frame is square */
    assert_int_equal(px(f, 268, 48), argb(WHITE));
}

static void test_clip(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_clip_push(&f->l, (draw_rect){0, 0, 100, 100});
    draw_rect_fill(&f->l, (draw_rect){0, 0, W, H}, RED, 0);
    draw_clip_push(&f->l, (draw_rect){50, 50, 100, 100}); /* intersected: 50,50 .. 100,100 */
    draw_rect_fill(&f->l, (draw_rect){0, 0, W, H}, BLUE, 0);
    draw_clip_push(&f->l, (draw_rect){200, 200, 10, 10}); /* disjoint: empty */
    draw_rect_fill(&f->l, (draw_rect){0, 0, W, H}, INK, 0);
    draw_clip_pop(&f->l);
    draw_clip_pop(&f->l);
    draw_rect_fill(&f->l, (draw_rect){0, 0, 30, 30}, BLUE, 0); /* back in the first clip */
    draw_clip_pop(&f->l);
    draw_clip_pop(&f->l); /* unbalanced: ignored */
    draw_rect_fill(&f->l, (draw_rect){300, 200, 50, 50}, BLUE, 0);
    frame(f);
    expect_px(f, RED, 1, (int[]){40, 60});
    expect_px(f, BLUE, 4, (int[]){75, 75, 99, 99, 10, 10, 320, 220});
    expect_px(f, WHITE, 3, (int[]){100, 100, 150, 50, 205, 205});
}

static void test_text(void **state)
{
    fx *f = *state;
    SDL_Rect a = {20, 20, 200, 40}, b = {20, 100, 90, 24}, c = {20, 150, 360, 40};
    draw_list_clear(&f->l);
    draw_label(&f->l, (draw_rect){a.x, a.y, a.w, a.h}, "Setujui laporan", TEXT_BODY, FONT_BOLD, INK,
               ALIGN_LEFT);
    frame(f);
    int in, out;
    ink_count(f, a, &in, &out);
    assert_true(in > 100);
    assert_int_equal(out, 0);

    /* Too wide for its rect: cut with an ellipsis that ends near the right edge, nothing
     * outside. */
    draw_list_clear(&f->l);
    draw_label(&f->l, (draw_rect){b.x, b.y, b.w, b.h},
               "Laporan Realisasi Pendapatan Daerah Triwulan II", TEXT_BODY, FONT_REGULAR, INK,
               ALIGN_LEFT);
    frame(f);
    ink_count(f, b, &in, &out);
    assert_true(in > 50);
    assert_int_equal(out, 0);
    int right = 0;
    for (int y = b.y; y < b.y + b.h; y++)
        for (int x = b.x; x < b.x + b.w; x++)
            if (px(f, x, y) != argb(WHITE) && x > right)
                right = x;
    assert_true(right >= b.x + b.w - 20); /* the widest glyph does not fit after it */

    /* Multi-byte text is cut between characters; invalid UTF-8 is drawn without harm. */
    draw_list_clear(&f->l);
    draw_label(&f->l, (draw_rect){b.x, b.y, b.w, b.h},
               "\xC3\x91"
               "and\xC3\xBA \xE2\x80\x94 \xE1\xAC\x85\xE1\xAC\x93 "
               "\xC3\xA9\xC3\xA8\xC3\xAA\xC3\xAB "
               "\xC3\xA9\xC3\xA8\xC3\xAA\xC3\xAB",
               TEXT_BODY, FONT_REGULAR, INK, ALIGN_RIGHT);
    draw_label(&f->l, (draw_rect){b.x, b.y + 40, b.w, b.h},
               "\xFF\xFE abc \xC3 \xE2\x80 zzzzzzzzzzz", TEXT_SMALL, FONT_REGULAR, INK, ALIGN_LEFT);
    frame(f);
    ink_count(f, (SDL_Rect){b.x, b.y, b.w, b.h + 40}, &in, &out);
    assert_true(in > 50);
    assert_int_equal(out, 0);

    /* Caps are vertically centred; centred text is horizontally centred. */
    draw_list_clear(&f->l);
    draw_label(&f->l, (draw_rect){c.x, c.y, c.w, c.h}, "HHHH", TEXT_TITLE, FONT_BOLD, INK,
               ALIGN_CENTER);
    frame(f);
    int top = H, bottom = 0, left = W;
    right = 0;
    for (int y = c.y; y < c.y + c.h; y++)
        for (int x = c.x; x < c.x + c.w; x++)
            if (px(f, x, y) != argb(WHITE)) {
                top = y < top ? y : top;
                bottom = y > bottom ? y : bottom;
                left = x < left ? x : left;
                right = x > right ? x : right;
            }
    assert_true(abs((top + bottom + 1) - (2 * c.y + c.h)) <= 2);
    assert_true(abs((left + right + 1) - (2 * c.x + c.w)) <= 3);
}

static void test_measure(void **state)
{
    fx *f = *state;
    draw_measure m = render_measure(f->rd);
    int hello = m.width(m.ctx, "Hello", 5, TEXT_BODY, FONT_REGULAR);
    assert_true(hello > 20 && hello < 80);
    assert_int_equal(m.width(m.ctx, "Hello world", 5, TEXT_BODY, FONT_REGULAR), hello);
    assert_true(m.width(m.ctx, "Hello", 5, TEXT_DISPLAY, FONT_REGULAR) > hello);
    assert_int_equal(m.width(m.ctx, "", 0, TEXT_BODY, FONT_REGULAR), 0);
    static char big[3000];
    memset(big, 'a', sizeof big - 1);
    assert_true(m.width(m.ctx, big, sizeof big - 1, TEXT_SMALL, FONT_REGULAR) > 3000);
    assert_true(m.line_height(m.ctx, TEXT_SMALL) < m.line_height(m.ctx, TEXT_BODY));
    assert_true(m.line_height(m.ctx, TEXT_TITLE) < m.line_height(m.ctx, TEXT_DISPLAY));
}

static void test_text_cache(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    const char *words[] = {"Setujui", "Kembalikan", "Tolak", "Disposisi",
                           "Sebuah judul yang terlalu panjang untuk kotaknya"};
    for (int i = 0; i < 5; i++)
        draw_label(&f->l, (draw_rect){10, 10 + 30 * i, 120, 28}, words[i], TEXT_BODY, FONT_BOLD,
                   INK, ALIGN_LEFT);
    render_stats_t s1, s2;
    frame(f);
    render_stats(f->rd, &s1);
    frame(f);
    render_stats(f->rd, &s2);
    assert_int_equal(s2.misses, s1.misses); /* nothing measured or rasterised again */
    assert_true(s2.hits >= s1.hits + 5);

    /* Thousands of distinct strings: the cache stays under its caps. */
    render_set_cache_limits(f->rd, 256 * 1024, 300);
    for (int fr = 0; fr < 30; fr++) {
        draw_list_clear(&f->l);
        for (int i = 0; i < 100; i++) {
            char t[48];
            snprintf(t, sizeof t, "Nomor surat %d/%d", fr, i);
            draw_label(&f->l, (draw_rect){(i % 4) * 100, (i / 4) * 12, 100, 12}, t, TEXT_SMALL,
                       FONT_REGULAR, INK, ALIGN_LEFT);
        }
        frame(f);
        render_stats(f->rd, &s1);
        assert_true(s1.bytes <= 256 * 1024);
        assert_true(s1.entries <= 300);
    }
    assert_true(s1.evictions > 2000);
    assert_true(s1.misses >= 3000);
}

static void test_image(void **state)
{
    fx *f = *state;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, argb(RED));
    assert_int_equal(render_image_put(f->rd, "page-1", s), 0);
    SDL_Surface *big = SDL_CreateRGBSurfaceWithFormat(0, 1000, 3000, 32, SDL_PIXELFORMAT_RGB888);
    SDL_FillRect(big, NULL, SDL_MapRGB(big->format, BLUE.r, BLUE.g, BLUE.b));
    assert_int_equal(render_image_put(f->rd, "page-2", big), 0);
    int w = 0, h = 0;
    assert_true(render_image_size(f->rd, "page-1", &w, &h));
    assert_int_equal(w, 200);
    assert_int_equal(h, 100);
    assert_false(render_image_size(f->rd, "nope", &w, &h));

    draw_list_clear(&f->l);
    draw_image(&f->l, (draw_rect){50, 50, 100, 100}, "page-1");  /* -> 50,75 100x50 */
    draw_image(&f->l, (draw_rect){200, 0, 300, 300}, "page-2");  /* -> 300,0 100x300 */
    draw_image(&f->l, (draw_rect){0, 200, 100, 100}, "unknown"); /* nothing */
    frame(f);
    expect_px(f, RED, 3, (int[]){100, 100, 50, 75, 149, 124});
    expect_px(f, BLUE, 3, (int[]){350, 150, 302, 150, 397, 150});
    expect_px(f, WHITE, 4, (int[]){100, 73, 100, 126, 48, 100, 298, 150});
    int in, out;
    ink_count(f, (SDL_Rect){0, 200, 100, 100}, &in, &out);
    assert_int_equal(in, 0);

    render_image_drop(f->rd, "page-1");
    assert_false(render_image_size(f->rd, "page-1", NULL, NULL));
    frame(f);
    assert_int_equal(px(f, 100, 100), argb(WHITE));
    assert_int_equal(px(f, 350, 150), argb(BLUE));
}

static void test_shadow_and_lines(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_shadow(&f->l, (draw_rect){100, 60, 200, 100}, 16, 12);
    draw_rect_fill(&f->l, (draw_rect){100, 60, 200, 100}, WHITE, 16);
    draw_line(&f->l, 10, 10, 110, 10, RED, 2);
    draw_line(&f->l, 10, 200, 10, 260, BLUE, 3);
    draw_line(&f->l, 40, 200, 90, 280, INK, 1);
    draw_line(&f->l, 120, 200, 180, 280, INK, 5);
    frame(f);
    /* Below the card it is darker, more so near the card, and gone past the spread. */
    int near = px(f, 200, 162) & 0xFF, far = px(f, 200, 170) & 0xFF;
    assert_true(near < 250 && near > 200);
    assert_true(far > near);
    assert_int_equal(px(f, 200, 180), argb(WHITE));
    assert_int_equal(px(f, 60, 110), argb(WHITE));
    assert_int_equal(px(f, 200, 110), argb(WHITE)); /* the card covers it */
    assert_int_equal(px(f, 10, 10), argb(RED));
    assert_int_equal(px(f, 109, 11), argb(RED));
    assert_int_equal(px(f, 110, 10), argb(WHITE));
    assert_int_equal(px(f, 60, 12), argb(WHITE));
    assert_int_equal(px(f, 9, 230), argb(BLUE));
    assert_int_equal(px(f, 11, 230), argb(BLUE));
    assert_int_equal(px(f, 12, 230), argb(WHITE));
    assert_int_equal(px(f, 10, 260), argb(WHITE));
    int in, out;
    ink_count(f, (SDL_Rect){38, 198, 55, 85}, &in, &out);
    assert_true(in >= 80);
    ink_count(f, (SDL_Rect){115, 195, 70, 90}, &in, &out);
    assert_true(in >= 400);
    int partial = 0; /* the thick slanted stroke has anti-aliased edges */
    for (int y = 195; y < 285; y++)
        for (int x = 115; x < 185; x++) {
            uint32_t p = px(f, x, y);
            partial += p != argb(WHITE) && p != argb(INK);
        }
    assert_true(partial >= 100);
    assert_int_equal(px(f, 150, 240), argb(INK)); /* on the stroke's axis */
}

/* Commands with nonsense values (written directly, past draw.c's checks) draw nothing harmful
 * and finish quickly. */
static void test_odd_commands(void **state)
{
    fx *f = *state;
    draw_list_clear(&f->l);
    draw_label(&f->l, (draw_rect){0, 0, 50, 20}, "x", TEXT_BODY, FONT_REGULAR, INK, ALIGN_LEFT);
    draw_image(&f->l, (draw_rect){0, 0, 50, 20}, "none");
    const draw_cmd odd[] = {
        {.kind = DRAW_RECT, .rect = {10, 10, -5, 40}, .color = RED, .radius = 8},
        {.kind = DRAW_RECT,
         .rect = {-100000, -100000, 200000, 200000},
         .color = BLUE,
         .radius = 1 << 30},
        {.kind = DRAW_FRAME, .rect = {10, 10, 100, 100}, .color = RED, .radius = 8, .width = -3},
        {.kind = DRAW_SHADOW, .rect = {10, 10, -50, 50}, .radius = 4, .width = 8},
        {.kind = DRAW_SHADOW,
         .rect = {10, 10, 300, 200},
         .color = {0, 0, 0, 40},
         .radius = 5000,
         .width = 1 << 20},
        {.kind = DRAW_LINE, .rect = {0, 0, 100000, 3}, .color = RED, .width = 50},
        {.kind = DRAW_LINE, .rect = {0, 0, 30, 40}, .color = RED, .width = 100000},
        {.kind = DRAW_CLIP_POP},
        {.kind = DRAW_TEXT, .rect = {0, 0, -10, 20}, .color = INK, .size = 99},
        {.kind = DRAW_TEXT, .rect = {0, 0, 0, 20}, .color = INK},
        {.kind = DRAW_IMAGE, .rect = {0, 0, -1, -1}, .text_off = 1u << 31},
        {.kind = (draw_kind)77, .rect = {0, 0, 10, 10}},
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        draw_cmd c = odd[i];
        if (c.kind == DRAW_TEXT)
            c.text_off = f->l.cmds[0].text_off;
        f->l.cmds[i] = c;
    }
    f->l.n_cmds = sizeof odd / sizeof odd[0];
    for (int i = 0; i < 40; i++) /* deeper than the clip stack, then unwound */
        draw_clip_push(&f->l, (draw_rect){i, i, W, H});
    draw_rect_fill(&f->l, (draw_rect){0, 0, W, H}, RED, 0);
    for (int i = 0; i < 40; i++)
        draw_clip_pop(&f->l);
    draw_rect_fill(&f->l, (draw_rect){0, 0, 10, 10}, BLUE, 0);
    assert_false(f->l.oom);
    Uint64 t0 = SDL_GetTicks64();
    frame(f);
    assert_true(SDL_GetTicks64() - t0 < 5000);
    assert_int_equal(px(f, 5, 5), argb(BLUE));
    assert_int_equal(px(f, 39, 39), argb(RED)); /* the innermost clips were not lost */
}

/* A list with everything in it, for determinism and the allocation count. */
static void rich_list(fx *f)
{
    draw_list_clear(&f->l);
    draw_shadow(&f->l, (draw_rect){20, 20, 360, 200}, 16, 10);
    draw_rect_fill(&f->l, (draw_rect){20, 20, 360, 200}, WHITE, 16);
    draw_label(&f->l, (draw_rect){40, 30, 320, 30}, "Laporan Bapenda", TEXT_TITLE, FONT_BOLD, INK,
               ALIGN_LEFT);
    draw_clip_push(&f->l, (draw_rect){40, 60, 200, 100});
    draw_label(&f->l, (draw_rect){40, 70, 150, 24}, "Realisasi pendapatan asli daerah Juli",
               TEXT_BODY, FONT_REGULAR, INK, ALIGN_LEFT);
    draw_image(&f->l, (draw_rect){200, 60, 100, 100}, "img");
    draw_clip_pop(&f->l);
    draw_frame(&f->l, (draw_rect){40, 170, 120, 40}, BLUE, 12, 2);
    draw_rect_fill(&f->l, (draw_rect){200, 170, 140, 40}, (draw_color){22, 128, 61, 255}, 20);
    draw_label(&f->l, (draw_rect){200, 170, 140, 40}, "Setujui", TEXT_BODY, FONT_BOLD, WHITE,
               ALIGN_CENTER);
    draw_line(&f->l, 20, 250, 380, 250, (draw_color){0, 0, 0, 40}, 1);
    draw_line(&f->l, 20, 260, 380, 290, RED, 3);
}

static void test_deterministic(void **state)
{
    fx *f = *state;
    SDL_Surface *img = SDL_CreateRGBSurfaceWithFormat(0, 60, 40, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(img, NULL, 0x8000AA00u); /* translucent green */
    assert_int_equal(render_image_put(f->rd, "img", img), 0);
    rich_list(f);
    frame(f);
    size_t n = (size_t)f->surf->pitch * H;
    uint8_t *first = malloc(n);
    assert_non_null(first);
    memcpy(first, f->surf->pixels, n);
    frame(f);
    assert_memory_equal(first, f->surf->pixels, n);

    /* A fresh renderer (cold caches) draws the same pixels. */
    SDL_Surface *s2 = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r2 = SDL_CreateSoftwareRenderer(s2);
    render *rd2 = fx_render(r2);
    assert_non_null(rd2);
    img = SDL_CreateRGBSurfaceWithFormat(0, 60, 40, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(img, NULL, 0x8000AA00u);
    assert_int_equal(render_image_put(rd2, "img", img), 0);
    render_frame(rd2, &f->l, WHITE);
    assert_memory_equal(first, s2->pixels, n);
    render_destroy(rd2);
    SDL_DestroyRenderer(r2);
    SDL_FreeSurface(s2);
    free(first);

    /* Warm caches: a frame allocates nothing (through SDL_malloc and friends). */
    frame(f);
    size_t before = alloc_calls;
    render_frame(f->rd, &f->l, WHITE); /* not frame(): dumping a PNG allocates */
    assert_int_equal(alloc_calls, before);
}

int main(void)
{
    SDL_SetMemoryFunctions(count_malloc, count_calloc, count_realloc, free);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || image_init() != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draw_list),
        cmocka_unit_test_setup_teardown(test_rounded_rect, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_alpha_rect, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_frame, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_clip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_text, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_measure, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_text_cache, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_image, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_shadow_and_lines, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_odd_commands, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, fx_setup, fx_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    image_quit();
    SDL_Quit();
    return rc;
}
