/* make_photos: writes a folder of test photos for the field profile's photo pipeline (photo.c):
 * procedurally drawn, photo-like JPEGs (12 MP; a portrait stored landscape with EXIF orientation
 * 6; a small one whose EXIF carries GPS), a PNG scan, and bad files (a JPEG cut in half, a PNG
 * header claiming 30000x30000, a text file, an empty file). Deterministic (seeded). The generator
 * is also compiled into tests/app/test_photo.c (MAKE_PHOTOS_NO_MAIN).
 *   paraf-make-photos DIR           write the set into DIR (created if missing)
 *   paraf-make-photos --bench FILE  time photo_prepare of FILE and print its peak memory */
#include <SDL.h>
#include <SDL_image.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* portrait-exif6.jpg upright is 1800x2400 with a red band along the top whose left quarter is
 * green and a blue band along the bottom; it is stored landscape (2400x1800), as a camera held
 * upright stores it, with EXIF orientation 6 ("rotate 90° clockwise to show"). */
#define MP_PORTRAIT_W 1800
#define MP_PORTRAIT_H 2400
static const uint8_t mp_red[3] = {225, 30, 35}, mp_green[3] = {30, 190, 60},
                     mp_blue[3] = {30, 60, 225};

static uint64_t mp_rand(uint64_t *s) /* xorshift64* */
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static uint8_t mp_clamp(float v)
{
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)(v + 0.5f);
}

/* A landscape: sky with a sun and clouds over hills, buildings with windows, rows in the fields,
 * and sensor-like noise, so that the JPEG is as large as a camera's. RGB24. */
static SDL_Surface *mp_scene(int w, int h, uint64_t seed)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 0, SDL_PIXELFORMAT_RGB24);
    float *col = malloc(sizeof(float) * 4 * (size_t)w),
          *row = malloc(sizeof(float) * 3 * (size_t)h);
    int *hill = malloc(sizeof(int) * (size_t)w), *bld = malloc(sizeof(int) * (size_t)w);
    if (!s || !col || !row || !hill || !bld) {
        SDL_FreeSurface(s);
        s = NULL;
        goto done;
    }
    uint64_t rs = seed * 0x9E3779B97F4A7C15ull + 1;
    float unit = (float)(w < h ? w : h) / 1000.0f; /* features scale with the picture */
    for (int x = 0; x < w; x++) {
        col[4 * x] = sinf((float)x * 0.15f / unit), col[4 * x + 1] = cosf((float)x * 0.15f / unit);
        col[4 * x + 2] = sinf((float)x * 0.013f / unit);
        col[4 * x + 3] = 0;
        hill[x] = (int)((float)h * (0.58f + 0.05f * sinf((float)x * 9.0f / (float)w) +
                                    0.02f * sinf((float)x * 23.0f / (float)w)));
        bld[x] = -1;
    }
    for (int y = 0; y < h; y++) {
        row[3 * y] = sinf((float)y * 0.05f / unit), row[3 * y + 1] = cosf((float)y * 0.05f / unit);
        row[3 * y + 2] = sinf((float)y * 0.021f / unit);
    }
    int tops[16];
    for (int b = 0, x = w / 20; b < 16 && x < w; b++) { /* buildings on the horizon */
        int bw = (int)((60 + mp_rand(&rs) % 120) * unit),
            gap = (int)((20 + mp_rand(&rs) % 140) * unit);
        tops[b] = (int)((float)h * 0.36f + (float)(mp_rand(&rs) % 140) * unit);
        for (int i = x; i < x + bw && i < w; i++)
            bld[i] = b;
        x += bw + gap;
    }
    float cx = 0.78f * (float)w, cy = 0.2f * (float)h, r2 = 60 * unit * 60 * unit;
    for (int y = 0; y < h; y++) {
        uint8_t *p = (uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
        for (int x = 0; x < w; x++, p += 3) {
            float r, g, b;
            int hz = hill[x], bi = bld[x];
            if (bi >= 0 && y >= tops[bi] && y < hz + (int)(20 * unit)) {
                float t = (float)(y - tops[bi]) / (float)(hz - tops[bi] + 1);
                r = 150 + (float)(bi * 37 % 60) - 40 * t, g = 140 + (float)(bi * 53 % 50) - 40 * t;
                b = 130 + (float)(bi * 29 % 40) - 30 * t;
                int wx = (int)((float)x / (9 * unit)),
                    wy = (int)((float)(y - tops[bi]) / (12 * unit));
                if (wx % 2 && wy % 2 && wy > 0)
                    r *= 0.45f, g *= 0.5f, b *= 0.6f; /* windows */
            } else if (y < hz) {
                float t = (float)y / (float)hz,
                      d2 = ((float)x - cx) * ((float)x - cx) + ((float)y - cy) * ((float)y - cy);
                float cloud = 18 * col[4 * x + 2] * row[3 * y + 2];
                r = 70 + 120 * t + cloud, g = 120 + 90 * t + cloud, b = 200 + 35 * t + cloud;
                float glow = d2 < r2 ? 1 : r2 / d2;
                r += (255 - r) * glow, g += (244 - g) * glow, b += (214 - b) * glow;
            } else {
                float t = (float)(y - hz) / (float)(h - hz + 1);
                float rows = 16 * (col[4 * x] * row[3 * y + 1] + col[4 * x + 1] * row[3 * y]);
                r = 100 - 45 * t + rows * 0.6f, g = 128 - 40 * t + rows, b = 52 - 20 * t;
            }
            uint64_t n = mp_rand(&rs);
            float lum = (float)((int)(n & 15) + (int)(n >> 4 & 15) - 15) * 0.8f;
            p[0] = mp_clamp(r + lum + (float)((int)(n >> 8 & 7) - 3));
            p[1] = mp_clamp(g + lum + (float)((int)(n >> 11 & 7) - 3));
            p[2] = mp_clamp(b + lum + (float)((int)(n >> 14 & 7) - 3));
        }
    }
done:
    free(col), free(row), free(hill), free(bld);
    return s;
}

/* The landscape storage of an upright picture u for EXIF orientation 6: shown pixel (x, y) is
 * stored at (y, H-1-x), H being the stored height (u's width). */
static SDL_Surface *mp_store_exif6(SDL_Surface *u)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, u->h, u->w, 0, SDL_PIXELFORMAT_RGB24);
    for (int y = 0; s && y < u->h; y++)
        for (int x = 0; x < u->w; x++)
            memcpy((uint8_t *)s->pixels + (size_t)(u->w - 1 - x) * (size_t)s->pitch + 3 * (size_t)y,
                   (uint8_t *)u->pixels + (size_t)y * (size_t)u->pitch + 3 * (size_t)x, 3);
    return s;
}

static void mp_fill(SDL_Surface *s, int x0, int y0, int x1, int y1, const uint8_t c[3])
{
    SDL_Rect r = {x0, y0, x1 - x0, y1 - y0};
    SDL_FillRect(s, &r, SDL_MapRGB(s->format, c[0], c[1], c[2]));
}

/* JPEG bytes of s (malloc'd; *len set), or NULL. */
static uint8_t *mp_jpeg(SDL_Surface *s, int quality, size_t *len)
{
    size_t cap = (size_t)s->w * (size_t)s->h * 3 + 65536;
    uint8_t *b = malloc(cap);
    SDL_RWops *rw = b ? SDL_RWFromMem(b, (int)cap) : NULL;
    if (!rw || IMG_SaveJPG_RW(s, rw, 0, quality) != 0) {
        free(b);
        b = NULL;
    } else {
        *len = (size_t)SDL_RWtell(rw);
    }
    if (rw)
        SDL_RWclose(rw);
    return b;
}

static void mp_put16(uint8_t *p, uint32_t v, bool le)
{
    p[le ? 0 : 1] = (uint8_t)v, p[le ? 1 : 0] = (uint8_t)(v >> 8);
}

static void mp_put32(uint8_t *p, uint32_t v, bool le)
{
    mp_put16(p + (le ? 0 : 2), v & 0xFFFF, le), mp_put16(p + (le ? 2 : 0), v >> 16, le);
}

static void mp_entry(uint8_t *p, uint32_t tag, uint32_t type, uint32_t count, uint32_t v, bool le)
{
    mp_put16(p, tag, le), mp_put16(p + 2, type, le), mp_put32(p + 4, count, le);
    if (type == 3)
        mp_put16(p + 8, v, le), mp_put16(p + 10, 0, le);
    else
        mp_put32(p + 8, v, le);
}

/* An APP1 EXIF segment (marker included) into seg (cap >= 140 + thumb_len): IFD0 with the
 * orientation and a GPS IFD (latitude 8°39'12.34" S), then IFD1 with a JPEG thumbnail if given,
 * whose own SOI/SOF/EOI a careless parser would take for the photo's. Returns its length. */
static size_t mp_exif(uint8_t *seg, bool le, int orientation, const uint8_t *thumb, size_t tlen)
{
    uint8_t *t = seg + 10; /* the TIFF header */
    size_t n = thumb ? 134 + tlen : 92;
    memset(seg, 0, 10 + n);
    seg[0] = 0xFF, seg[1] = 0xE1;
    mp_put16(seg + 2, (uint32_t)(8 + n), false);
    memcpy(seg + 4, "Exif\0\0", 6);
    t[0] = t[1] = le ? 'I' : 'M';
    mp_put16(t + 2, 42, le), mp_put32(t + 4, 8, le);
    mp_put16(t + 8, 2, le);
    mp_entry(t + 10, 0x0112, 3, 1, (uint32_t)orientation, le);
    mp_entry(t + 22, 0x8825, 4, 1, 38, le); /* GPSInfo */
    mp_put32(t + 34, thumb ? 92 : 0, le);
    mp_put16(t + 38, 2, le);
    mp_entry(t + 40, 0x0001, 2, 2, 0, le);
    t[48] = 'S';
    mp_entry(t + 52, 0x0002, 5, 3, 68, le);
    const uint32_t lat[6] = {8, 1, 39, 1, 1234, 100};
    for (int i = 0; i < 6; i++)
        mp_put32(t + 68 + 4 * i, lat[i], le);
    if (thumb) {
        mp_put16(t + 92, 3, le);
        mp_entry(t + 94, 0x0103, 3, 1, 6, le);
        mp_entry(t + 106, 0x0201, 4, 1, 134, le);
        mp_entry(t + 118, 0x0202, 4, 1, (uint32_t)tlen, le);
        memcpy(t + 134, thumb, tlen);
    }
    return 10 + n;
}

/* jpg with the segment app inserted right after SOI (malloc'd), or NULL. */
static uint8_t *mp_splice(const uint8_t *jpg, size_t len, const uint8_t *app, size_t alen,
                          size_t *out_len)
{
    uint8_t *b = malloc(len + alen);
    if (!b)
        return NULL;
    memcpy(b, jpg, 2);
    memcpy(b + 2, app, alen);
    memcpy(b + 2 + alen, jpg + 2, len - 2);
    *out_len = len + alen;
    return b;
}

static int mp_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        fprintf(stderr, "make_photos: cannot write %s: %s\n", path, strerror(errno));
    return ok ? 0 : -1;
}

static uint32_t mp_crc(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}

/* A PNG that is valid as far as its chunks go but claims 30000x30000 RGB (2.7 GB decoded). */
static size_t mp_huge_png(uint8_t b[68])
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    static const uint8_t idat[11] = {0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 1};
    memcpy(b, sig, 8);
    mp_put32(b + 8, 13, false), memcpy(b + 12, "IHDR", 4);
    mp_put32(b + 16, 30000, false), mp_put32(b + 20, 30000, false);
    b[24] = 8, b[25] = 2, b[26] = b[27] = b[28] = 0;
    mp_put32(b + 29, mp_crc(b + 12, 17), false);
    mp_put32(b + 33, sizeof idat, false), memcpy(b + 37, "IDAT", 4), memcpy(b + 41, idat, 11);
    mp_put32(b + 52, mp_crc(b + 37, 15), false);
    mp_put32(b + 56, 0, false), memcpy(b + 60, "IEND", 4);
    mp_put32(b + 64, mp_crc(b + 60, 4), false);
    return 68;
}

/* A "scanned" A4 page at 200 dpi: paper, lines of text-like strokes, a round red stamp. */
static SDL_Surface *mp_scan(void)
{
    int w = 1700, h = 2200;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 0, SDL_PIXELFORMAT_RGB24);
    if (!s)
        return NULL;
    uint64_t rs = 77;
    for (int y = 0; y < h; y++) {
        uint8_t *p = (uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
        for (int x = 0; x < w; x++, p += 3) {
            float shade = 246 - 10 * (float)x / (float)w - 6 * (float)y / (float)h +
                          (float)(mp_rand(&rs) % 5) - 2; /* paper grain */
            p[0] = mp_clamp(shade), p[1] = mp_clamp(shade - 2), p[2] = mp_clamp(shade - 9);
        }
    }
    for (int y = 260; y + 16 < h - 300; y += 44) {
        for (int x = 180; x < w - 180;) {
            int word = 30 + (int)(mp_rand(&rs) % 140);
            for (int i = x; i < x + word && i < w - 180; i += 3) /* strokes 2 px wide */
                mp_fill(s, i, y, i + 2, y + 16 - (int)(mp_rand(&rs) % 5),
                        (const uint8_t[3]){40, 40, 55});
            x += word + 14;
        }
    }
    for (int y = -90; y <= 90; y++)
        for (int x = -90; x <= 90; x++) {
            int d = x * x + y * y;
            if (d >= 70 * 70 && d <= 86 * 86)
                mp_fill(s, 1300 + x, 1850 + y, 1301 + x, 1851 + y, mp_red);
        }
    return s;
}

/* Writes the whole set into dir. 0, or -1 with a message on stderr. */
static int make_photos_write(const char *dir)
{
    int rc = -1;
    size_t n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0;
    uint8_t *big = NULL, *port = NULL, *thumb = NULL, *small = NULL, *x1 = NULL, *x2 = NULL;
    uint8_t *app = malloc(65536), hp[68];
    SDL_Surface *s = NULL, *ts;
    if (!app || (mkdir(dir, 0755) != 0 && errno != EEXIST))
        goto done;

    if (!(s = mp_scene(4000, 3000, 1)) || !(big = mp_jpeg(s, 90, &n1)) ||
        mp_write(dir, "big-12mp.jpg", big, n1) != 0)
        goto done;
    SDL_FreeSurface(s);
    s = NULL;

    /* Portrait: EXIF 6 in little-endian, with a thumbnail. */
    int pw = MP_PORTRAIT_W, ph = MP_PORTRAIT_H, band = ph / 12;
    if (!(ts = mp_scene(pw, ph, 2)))
        goto done;
    mp_fill(ts, 0, 0, pw, band, mp_red);
    mp_fill(ts, 0, 0, pw / 4, band, mp_green);
    mp_fill(ts, 0, ph - band, pw, ph, mp_blue);
    s = mp_store_exif6(ts);
    SDL_FreeSurface(ts);
    if (!s)
        goto done;
    ts = SDL_CreateRGBSurfaceWithFormat(0, 160, 120, 0, SDL_PIXELFORMAT_RGB24);
    if (!ts || SDL_BlitScaled(s, NULL, ts, NULL) != 0 || !(thumb = mp_jpeg(ts, 75, &n3)) ||
        !(port = mp_jpeg(s, 90, &n2))) {
        SDL_FreeSurface(ts);
        goto done;
    }
    SDL_FreeSurface(ts);
    SDL_FreeSurface(s);
    s = NULL;
    size_t alen = mp_exif(app, true, 6, thumb, n3);
    if (!(x1 = mp_splice(port, n2, app, alen, &n5)) || mp_write(dir, "portrait-exif6.jpg", x1, n5))
        goto done;

    /* Small (no scaling needed), with GPS in big-endian EXIF: must come out without it. */
    if (!(s = mp_scene(1600, 1200, 3)) || !(small = mp_jpeg(s, 90, &n4)))
        goto done;
    alen = mp_exif(app, false, 1, NULL, 0);
    if (!(x2 = mp_splice(small, n4, app, alen, &n5)) || mp_write(dir, "small-1600.jpg", x2, n5) ||
        mp_write(dir, "truncated.jpg", x2, n5 / 2))
        goto done;
    SDL_FreeSurface(s);
    s = NULL;

    char png[4096];
    snprintf(png, sizeof png, "%s/scan.png", dir);
    if (!(s = mp_scan()) || IMG_SavePNG(s, png) != 0) {
        fprintf(stderr, "make_photos: cannot write %s: %s\n", png, IMG_GetError());
        goto done;
    }
    static const char notes[] = "Catatan lapangan 12 Juli 2020: jembatan desa retak di sisi "
                                "timur, foto menyusul.\n";
    if (mp_write(dir, "huge.png", hp, mp_huge_png(hp)) || mp_write(dir, "empty.jpg", "", 0) ||
        mp_write(dir, "notes.jpg", notes, sizeof notes - 1))
        goto done;
    rc = 0;
done:
    SDL_FreeSurface(s);
    free(big), free(port), free(thumb), free(small), free(x1), free(x2), free(app);
    return rc;
}

#ifndef MAKE_PHOTOS_NO_MAIN
#include "photo.h"

#include <time.h>
#include <unistd.h>

static double mp_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Peak resident memory of this process (VmHWM), in MB. */
static double mp_rss_peak_mb(void)
{
    char line[256];
    double kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtod(line + 6, NULL);
    if (f)
        fclose(f);
    return kb / 1024;
}

static int mp_bench(const char *src)
{
    char dst[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(dst, sizeof dst, "%s/paraf-photo-bench-%ld.jpg", tmp ? tmp : "/tmp", (long)getpid());
    double ms[5];
    photo_result res;
    for (int i = 0; i < 5; i++) {
        double t0 = mp_now_ms();
        photo_err e = photo_prepare(src, dst, PHOTO_EDGE, PHOTO_QUALITY, &res);
        ms[i] = mp_now_ms() - t0;
        if (e != PHOTO_OK) {
            fprintf(stderr, "paraf-make-photos: %s: %s\n", src, photo_err_name(e));
            return 1;
        }
    }
    unlink(dst);
    double sorted[5];
    memcpy(sorted, ms, sizeof ms);
    for (int i = 1; i < 5; i++)
        for (int j = i; j > 0 && sorted[j] < sorted[j - 1]; j--) {
            double t = sorted[j];
            sorted[j] = sorted[j - 1], sorted[j - 1] = t;
        }
    printf("photo_prepare_ms_first %.1f\nphoto_prepare_ms_median %.1f\nphoto_prepare_ms_max %.1f\n"
           "rss_peak_mb %.1f\nout %dx%d %llu bytes sha256 %s\n",
           ms[0], sorted[2], sorted[4], mp_rss_peak_mb(), res.width, res.height,
           (unsigned long long)res.bytes, res.sha256);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--bench") == 0)
        return mp_bench(argv[2]);
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: paraf-make-photos DIR | --bench FILE\n");
        return 2;
    }
    return make_photos_write(argv[1]) == 0 ? 0 : 1;
}
#endif
