/* Balinese script (Aksara Bali) through the device renderer: text drawn with FONT_BALINESE by
 * render_frame (software renderer on an ARGB8888 surface, as in test_render.c) must be shaped as
 * HarfBuzz shapes it on its own. The reference is `hb-view` (package libharfbuzz-bin) with the
 * same font, size and string. The two rasterisers place glyphs up to a pixel apart, so the check
 * compares ink masks: both cropped to their ink bounding boxes, binarised, and every ink pixel of
 * one with no ink pixel of the other within 2 px counts as a mismatch (both directions). A render
 * without the script set (no reordering, no conjuncts) must fail that same check by far, which
 * shows the check can tell. PARAF_TEST_DUMP=dir also saves every rendering there as PNG. */
#include "draw.h"
#include "image.h"
#include "render.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define W      1000
#define H      240
#define TOL    2   /* px: how far an ink pixel may be from the other mask's ink */
#define INK_LE 127 /* a pixel is ink when its darkest channel is at most this (binarisation) */

/* A correct render: at most this many mismatched pixels per 1000 ink pixels (measured: 0 at 17, 32
 * and 48 px). An unshaped one: at least this many (measured 188-520 per 1000). */
#define GOOD_PERMILLE 10
#define BAD_PERMILLE  100

static const draw_color WHITE = {255, 255, 255, 255};
static const draw_color BLACK = {0, 0, 0, 255};

/* Phrases whose shaping differs from their codepoint order: conjuncts made with the adeg-adeg
 * (U+1B44: cakra ra under pa, gantungan sa under na), above-base vowel signs (ulu) and a pre-base
 * vowel sign (taling, U+1B3E) that must move before its consonant. */
static const char *const PHRASES[] = {
    "\xE1\xAC\xA7\xE1\xAD\x84\xE1\xAC\xAD\xE1\xAC\xAF\xE1\xAC\xB6\xE1\xAC\xA6\xE1\xAD\x84\xE1\xAC"
    "\xB2\xE1\xAC\xB6 \xE1\xAC\xA9\xE1\xAC\xAE\xE1\xAC\xB6", /* ᬧ᭄ᬭᬯᬶᬦ᭄ᬲᬶ ᬩᬮᬶ: Provinsi Bali */
    "\xE1\xAC\xA4\xE1\xAC\xBE\xE1\xAC\xB2 \xE1\xAC\xA7\xE1\xAC\x93\xE1\xAD\x84\xE1\xAC\xAD\xE1\xAC"
    "\xAB\xE1\xAC\xA6\xE1\xAD\x84", /* ᬤᬾᬲ ᬧᬓ᭄ᬭᬫᬦ᭄: desa pakraman */
};

/* draw_label, and that the command keeps the font asked for. */
static void label(draw_list *l, draw_rect r, const char *text, draw_size size, draw_weight font,
                  draw_color c)
{
    size_t n = l->n_cmds;
    draw_label(l, r, text, size, font, c, ALIGN_LEFT);
    assert_int_equal(l->n_cmds, n + 1);
    assert_int_equal(l->cmds[n].weight, font);
}

typedef struct {
    int w, h; /* of the ink bounding box */
    uint8_t *ink;
    int n; /* ink pixels */
} mask;

typedef struct {
    char dir[64]; /* temp dir under /tmp for hb-view's output */
    char font[1024];
    char fonts_dir[1024];
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    const char *assets = getenv("PARAF_ASSETS");
    int n = snprintf(f->fonts_dir, sizeof f->fonts_dir, "%s/fonts", assets ? assets : "assets");
    assert_true(n > 0 && (size_t)n < sizeof f->fonts_dir);
    n = snprintf(f->font, sizeof f->font, "%s/NotoSansBalinese-Regular.ttf", f->fonts_dir);
    assert_true(n > 0 && (size_t)n < sizeof f->font);
    strcpy(f->dir, "/tmp/paraf-bali-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_int_equal(TTF_Init(), 0);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/hb.png", f->dir);
    unlink(path);
    rmdir(f->dir);
    TTF_Quit();
    free(f);
    return 0;
}

/* The ink of an ARGB8888 surface (dark on white), cropped to its bounding box. */
static mask mask_of(SDL_Surface *s)
{
    assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
    int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            uint32_t p = ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch))[x];
            int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
            int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
            if (lo > INK_LE)
                continue;
            x0 = x < x0 ? x : x0;
            y0 = y < y0 ? y : y0;
            x1 = x > x1 ? x : x1;
            y1 = y > y1 ? y : y1;
        }
    mask m = {0};
    if (x1 < 0)
        return m;
    m.w = x1 - x0 + 1;
    m.h = y1 - y0 + 1;
    m.ink = calloc((size_t)m.w * (size_t)m.h, 1);
    assert_non_null(m.ink);
    for (int y = 0; y < m.h; y++)
        for (int x = 0; x < m.w; x++) {
            const uint8_t *row = (const uint8_t *)s->pixels + (size_t)(y + y0) * s->pitch;
            uint32_t p = ((const uint32_t *)row)[x + x0];
            int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
            int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
            if (lo <= INK_LE) {
                m.ink[(size_t)y * m.w + x] = 1;
                m.n++;
            }
        }
    return m;
}

/* Ink pixels of a with no ink pixel of b within TOL px (both cropped, so aligned at the top
 * left of their bounding boxes). */
static int mask_miss(const mask *a, const mask *b)
{
    int miss = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            if (!a->ink[(size_t)y * a->w + x])
                continue;
            bool near = false;
            for (int dy = -TOL; dy <= TOL && !near; dy++)
                for (int dx = -TOL; dx <= TOL && !near; dx++) {
                    int bx = x + dx, by = y + dy;
                    near = bx >= 0 && by >= 0 && bx < b->w && by < b->h &&
                           b->ink[(size_t)by * b->w + bx];
                }
            miss += !near;
        }
    return miss;
}

/* Mismatched pixels (both directions) per 1000 ink pixels of both; prints the numbers. */
static double compare(const char *what, const mask *got, const mask *ref)
{
    assert_true(got->n > 0 && ref->n > 0);
    int m1 = mask_miss(got, ref), m2 = mask_miss(ref, got);
    double permille = 1000.0 * (m1 + m2) / (got->n + ref->n);
    print_message(
        "%-9s %dx%d ink %d vs hb-view %dx%d ink %d: mismatch %d + %d px = %.2f per 1000\n", what,
        got->w, got->h, got->n, ref->w, ref->h, ref->n, m1, m2, permille);
    return permille;
}

static void dump(SDL_Surface *s, const char *name, int px, int phrase)
{
    const char *dir = getenv("PARAF_TEST_DUMP");
    char path[1024];
    if (dir &&
        snprintf(path, sizeof path, "%s/%s-%d-%dpx.png", dir, name, phrase, px) < (int)sizeof path)
        assert_int_equal(image_save_png(s, path), 0);
}

/* hb-view's rendering of `text` at `px`, as an ARGB8888 surface. Fails the test (does not skip)
 * when hb-view cannot be run. */
static SDL_Surface *hb_view(const fx *f, const char *text, int px)
{
    char out[128], size[32], *buf = NULL;
    snprintf(out, sizeof out, "%s/hb.png", f->dir);
    snprintf(size, sizeof size, "--font-size=%d", px);
    unlink(out);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *argv[] = {"hb-view", size, "--margin=0",    "--output-format=png",
                        "-o",      out,  (char *)f->font, (char *)text,
                        NULL};
        execvp(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
        fail_msg("hb-view could not be run: it is needed as the reference for Balinese shaping; "
                 "install the package libharfbuzz-bin (deps.txt, make deps)");
    if (WEXITSTATUS(st) != 0)
        fail_msg("hb-view failed (exit %d) on %s", WEXITSTATUS(st), f->font);
    FILE *fp = fopen(out, "rb");
    if (!fp)
        fail_msg("hb-view wrote no %s", out);
    size_t cap = 0, len = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        if (n == 0)
            break;
        len += n;
    }
    fclose(fp);
    char err[256] = "";
    SDL_Surface *s = image_decode(buf, len, err, sizeof err);
    free(buf);
    if (!s)
        fail_msg("cannot decode hb-view's PNG: %s", err);
    return s;
}

/* The same string rasterised by SDL_ttf without the script set (HarfBuzz's default shaping: no
 * reordering, no conjuncts), black on white. */
static SDL_Surface *unshaped(const fx *f, const char *text, int px)
{
    TTF_Font *font = TTF_OpenFont(f->font, px);
    assert_non_null(font);
    TTF_SetFontHinting(font, TTF_HINTING_NONE);
    assert_int_equal(TTF_SetFontScriptName(font, "Zyyy"), 0);
    SDL_Surface *t = TTF_RenderUTF8_Shaded(font, text, (SDL_Color){0, 0, 0, 255},
                                           (SDL_Color){255, 255, 255, 255});
    assert_non_null(t);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(t, SDL_PIXELFORMAT_ARGB8888, 0);
    assert_non_null(s);
    SDL_FreeSurface(t);
    TTF_CloseFont(font);
    return s;
}

/* Render `text` with FONT_BALINESE at type size `size` and `scale` through render_frame, compare
 * with hb-view at the resulting px size, and the unshaped rendering likewise. */
static void check_size(const fx *f, draw_size size, float scale, int px)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    render *rd = render_create(r, f->fonts_dir, scale);
    assert_non_null(rd);
    draw_list l;
    draw_list_init(&l);
    for (size_t i = 0; i < sizeof PHRASES / sizeof *PHRASES; i++) {
        const char *text = PHRASES[i];
        draw_rect box = {20, 20, W - 40, H - 40};
        draw_list_clear(&l);
        label(&l, box, text, size, FONT_BALINESE, BLACK);
        render_frame(rd, &l, WHITE);
        dump(surf, "sdl", px, (int)i);
        mask got = mask_of(surf);
        /* All ink inside the label's rect, and as big as hb-view's (nothing was cut off). */
        int inked = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                uint32_t p = ((uint32_t *)((uint8_t *)surf->pixels + (size_t)y * surf->pitch))[x];
                if ((p & 0xFFFFFF) == 0xFFFFFF)
                    continue;
                inked++;
                if (x < box.x || y < box.y || x >= box.x + box.w || y >= box.y + box.h)
                    fail_msg("ink at %d,%d outside the label", x, y);
            }
        assert_true(inked > 0);

        /* A second frame of the same text is served from the text cache. */
        render_stats_t a, b;
        render_stats(rd, &a);
        render_frame(rd, &l, WHITE);
        render_stats(rd, &b);
        assert_int_equal(b.misses, a.misses);
        assert_true(b.hits > a.hits);

        SDL_Surface *hb = hb_view(f, text, px);
        dump(hb, "hbview", px, (int)i);
        mask ref = mask_of(hb);
        SDL_Surface *un = unshaped(f, text, px);
        dump(un, "unshaped", px, (int)i);
        mask bad = mask_of(un);

        char what[32];
        snprintf(what, sizeof what, "%dpx #%zu", px, i);
        double good = compare(what, &got, &ref);
        double wrong = compare("unshaped", &bad, &ref);
        if (good > GOOD_PERMILLE)
            fail_msg("%s: the renderer's Balinese differs from hb-view in %.2f px per 1000 ink "
                     "px (at most %d allowed)",
                     what, good, GOOD_PERMILLE);
        if (abs(got.w - ref.w) > TOL || abs(got.h - ref.h) > TOL)
            fail_msg("%s: ink is %dx%d px, hb-view's %dx%d", what, got.w, got.h, ref.w, ref.h);
        if (wrong < BAD_PERMILLE)
            fail_msg("%s: text without script shaping differs from hb-view in only %.2f px per "
                     "1000 ink px: the comparison cannot tell shaped from unshaped",
                     what, wrong);
        free(got.ink);
        free(ref.ink);
        free(bad.ink);
        SDL_FreeSurface(hb);
        SDL_FreeSurface(un);
    }
    draw_list_deinit(&l);
    render_destroy(rd);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

static void test_balinese_body(void **state)
{
    check_size(*state, TEXT_BODY, 1.0f, 17);
}

static void test_balinese_display(void **state)
{
    check_size(*state, TEXT_DISPLAY, 1.0f, 32);
}

static void test_balinese_display_large(void **state)
{
    check_size(*state, TEXT_DISPLAY, 1.5f, 48);
}

/* Balinese and Latin text of the same bytes are different cache entries (and widths), and a
 * warm frame with both re-rasterises nothing. */
static void test_balinese_cache(void **state)
{
    const fx *f = *state;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(surf);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    assert_non_null(r);
    render *rd = render_create(r, f->fonts_dir, 1.0f);
    assert_non_null(rd);
    draw_measure m = render_measure(rd);
    int wb = m.width(m.ctx, PHRASES[0], strlen(PHRASES[0]), TEXT_BODY, FONT_BALINESE);
    int wr = m.width(m.ctx, PHRASES[0], strlen(PHRASES[0]), TEXT_BODY, FONT_REGULAR);
    assert_true(wb > 0 && wr > 0 && wb != wr);
    draw_list l;
    draw_list_init(&l);
    label(&l, (draw_rect){10, 10, 600, 40}, PHRASES[0], TEXT_BODY, FONT_BALINESE, BLACK);
    label(&l, (draw_rect){10, 60, 600, 40}, PHRASES[0], TEXT_BODY, FONT_REGULAR, BLACK);
    label(&l, (draw_rect){10, 110, 600, 40}, "Provinsi Bali", TEXT_BODY, FONT_REGULAR, BLACK);
    render_frame(rd, &l, WHITE);
    render_stats_t a, b;
    render_stats(rd, &a);
    assert_int_equal(a.entries, 3);
    for (int i = 0; i < 5; i++)
        render_frame(rd, &l, WHITE);
    render_stats(rd, &b);
    assert_int_equal(b.misses, a.misses);
    assert_int_equal(b.hits, a.hits + 15);
    assert_int_equal(b.entries, 3);
    draw_list_deinit(&l);
    render_destroy(rd);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || image_init() != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_balinese_body, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_balinese_display, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_balinese_display_large, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_balinese_cache, fx_setup, fx_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    image_quit();
    SDL_Quit();
    return rc;
}
