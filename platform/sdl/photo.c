/* photo: probe, decode, downscale, orient and re-encode photos for field reports. The header is
 * parsed here from the file (JPEG marker segments up to the frame header, with the EXIF
 * orientation of APP1; PNG IHDR) so that nothing is decoded before the limits are checked; the
 * bytes are then read once into memory and parsed again, so the checks apply to exactly what the
 * decoder sees. Only SDL_image's PNG and JPEG loaders run (never its format guessing; see
 * image.c). Scaling is an exact area average (separable, fixed point), which does not alias. */
#include "photo.h"

#include "image.h"
#include "../crypto.h"

#include <SDL_image.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading a source: a file (pread through a window) or bytes in memory ---- */

typedef struct {
    int fd;             /* -1 when reading mem */
    const uint8_t *mem; /* the whole file, when fd is -1 */
    uint64_t size;
    bool io_error;
    uint64_t win_off;
    size_t win_len;
    uint8_t win[4096];
} photo_rd;

/* n bytes at off into dst: 0, or -1 past the end or on a read error (io_error set). */
static int rd_get(photo_rd *r, uint64_t off, void *dst, size_t n)
{
    if (off > r->size || n > r->size - off)
        return -1;
    if (r->fd < 0) {
        memcpy(dst, r->mem + off, n);
        return 0;
    }
    uint8_t *d = dst;
    while (n > 0) {
        if (off < r->win_off || off >= r->win_off + r->win_len) {
            ssize_t got;
            do
                got = pread(r->fd, r->win, sizeof r->win, (off_t)off);
            while (got < 0 && errno == EINTR);
            if (got <= 0) {
                r->io_error = got < 0;
                return -1; /* 0: the file shrank since fstat */
            }
            r->win_off = off;
            r->win_len = (size_t)got;
        }
        size_t k = (size_t)(r->win_off + r->win_len - off);
        k = k < n ? k : n;
        memcpy(d, r->win + (off - r->win_off), k);
        d += k, off += k, n -= k;
    }
    return 0;
}

static int rd_byte(photo_rd *r, uint64_t off)
{
    uint8_t b;
    return rd_get(r, off, &b, 1) == 0 ? b : -1;
}

static photo_err rd_fail(const photo_rd *r)
{
    return r->io_error ? PHOTO_ERR_IO : PHOTO_ERR_BROKEN;
}

static uint32_t get16(const uint8_t *p, bool le)
{
    return le ? (uint32_t)p[1] << 8 | p[0] : (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p, bool le)
{
    return le ? get16(p + 2, true) << 16 | get16(p, true)
              : get16(p, false) << 16 | get16(p + 2, false);
}

/* ---- header parsing ---- */

/* EXIF orientation (tag 0x0112 of IFD0) from an APP1 payload of len bytes at seg, either byte
 * order; 0 when the segment is not EXIF or has no valid orientation. */
static int photo_exif_orientation(photo_rd *r, uint64_t seg, uint32_t len)
{
    uint8_t h[14], e[12];
    if (len < sizeof h || rd_get(r, seg, h, sizeof h) != 0 || memcmp(h, "Exif\0\0", 6) != 0)
        return 0;
    bool le = h[6] == 'I' && h[7] == 'I';
    if ((!le && (h[6] != 'M' || h[7] != 'M')) || get16(h + 8, le) != 42)
        return 0;
    uint64_t tiff = seg + 6; /* IFD offsets count from the TIFF header */
    uint32_t tlen = len - 6, ifd = get32(h + 10, le);
    if (ifd < 8 || ifd > tlen - 2 || rd_get(r, tiff + ifd, e, 2) != 0)
        return 0;
    uint32_t count = get16(e, le);
    for (uint32_t i = 0; i < count && ifd + 2 + 12 * (i + 1) <= tlen; i++) {
        if (rd_get(r, tiff + ifd + 2 + 12 * i, e, sizeof e) != 0)
            return 0;
        if (get16(e, le) == 0x0112) {
            uint32_t v = get16(e + 8, le);
            return get16(e + 2, le) == 3 && get32(e + 4, le) == 1 && v >= 1 && v <= 8 ? (int)v : 0;
        }
    }
    return 0;
}

/* Walks the marker segments up to the frame header (SOFn), skipping the others by their length;
 * the first EXIF APP1 gives the orientation. *body is where the frame header ends. */
static photo_err photo_jpeg_header(photo_rd *r, photo_info *in, uint64_t *body)
{
    uint64_t pos = 2;
    bool exif_seen = false;
    for (;;) {
        int b;
        /* Like libjpeg, tolerate stray bytes before a marker, then any 0xFF fill bytes. */
        while ((b = rd_byte(r, pos)) >= 0 && b != 0xFF)
            pos++;
        while ((b = rd_byte(r, pos)) == 0xFF)
            pos++;
        if (b < 0)
            return rd_fail(r);
        pos++;
        if (b == 0x00 || b == 0x01 || (b >= 0xD0 && b <= 0xD7))
            continue; /* no length: stuffed byte, TEM, restart markers */
        if (b == 0xD8 || b == 0xD9 || b == 0xDA)
            return PHOTO_ERR_BROKEN; /* second SOI, or end/scan before any frame header */
        uint8_t s[8];
        if (rd_get(r, pos, s, 2) != 0)
            return rd_fail(r);
        uint32_t seg = get16(s, false);
        if (seg < 2 || seg > r->size - pos)
            return PHOTO_ERR_BROKEN;
        if (b == 0xE1 && !exif_seen) {
            int o = photo_exif_orientation(r, pos + 2, seg - 2);
            if (r->io_error)
                return PHOTO_ERR_IO;
            exif_seen = o != 0;
            in->orientation = o ? o : 1;
        }
        if (b >= 0xC0 && b <= 0xCF && b != 0xC4 && b != 0xC8 && b != 0xCC) {
            if (seg < 8 || rd_get(r, pos, s, 8) != 0)
                return PHOTO_ERR_BROKEN;
            in->height = (int)get16(s + 3, false);
            in->width = (int)get16(s + 5, false);
            in->progressive = b == 0xC2;
            *body = pos + seg;
            /* Lossless, hierarchical and arithmetic coding, 12-bit samples and CMYK (which
             * SDL_image would show as RGBA) are not what cameras make: refuse them plainly. */
            if (b > 0xC2 || s[2] != 8 || (s[7] != 1 && s[7] != 3))
                return PHOTO_ERR_UNSUPPORTED;
            return PHOTO_OK;
        }
        pos += seg;
    }
}

/* Sniffs the type, parses the header and checks the limits. *body: where to start looking for
 * the end of the data. */
static photo_err photo_parse(photo_rd *r, photo_info *in, uint64_t *body)
{
    memset(in, 0, sizeof *in);
    in->file_size = r->size;
    in->orientation = 1;
    if (r->size == 0)
        return PHOTO_ERR_EMPTY;
    uint8_t h[33] = {0};
    size_t n = r->size < sizeof h ? (size_t)r->size : sizeof h;
    if (rd_get(r, 0, h, n) != 0)
        return rd_fail(r);
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        in->type = PHOTO_TYPE_JPEG;
    else if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
        in->type = PHOTO_TYPE_PNG;
    else if (memcmp(h, "GIF8", 4) == 0 ||
             (memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0) ||
             memcmp(h + 4, "ftyp", 4) == 0 /* HEIC, AVIF */ || memcmp(h, "II*", 4) == 0 ||
             memcmp(h, "MM\0*", 4) == 0 || memcmp(h, "BM", 2) == 0 ||
             memcmp(h, "\0\0\0\x0CjP  ", 8) == 0 /* JPEG 2000 */ ||
             (h[0] == 0xFF && h[1] == 0x0A) /* JPEG XL */)
        return PHOTO_ERR_UNSUPPORTED;
    else
        return PHOTO_ERR_NOT_IMAGE;
    if (r->size > PHOTO_MAX_FILE_BYTES)
        return PHOTO_ERR_TOO_LARGE;

    if (in->type == PHOTO_TYPE_PNG) {
        if (n < sizeof h || get32(h + 8, false) != 13 || memcmp(h + 12, "IHDR", 4) != 0)
            return PHOTO_ERR_BROKEN;
        uint32_t w = get32(h + 16, false), ht = get32(h + 20, false);
        if (w > INT32_MAX || ht > INT32_MAX)
            return PHOTO_ERR_TOO_LARGE;
        in->width = (int)w, in->height = (int)ht;
        *body = 8;
    } else {
        photo_err e = photo_jpeg_header(r, in, body);
        if (e != PHOTO_OK)
            return e;
    }
    if (in->width == 0 || in->height == 0)
        return PHOTO_ERR_BROKEN;
    if (in->width > PHOTO_MAX_SIDE || in->height > PHOTO_MAX_SIDE ||
        (uint64_t)in->width * (uint64_t)in->height > PHOTO_MAX_PIXELS)
        return PHOTO_ERR_TOO_LARGE;
    return PHOTO_OK;
}

/* Whether the data is complete: a JPEG's end-of-image marker after the frame header (0xFF is
 * stuffed in entropy-coded data, so FF D9 there is the real end; trailers after it, like phones'
 * motion-photo videos, are fine), or every PNG chunk up to IEND. libjpeg decodes a cut JPEG into a
 * partly grey picture with only a warning, which SDL_image does not pass on. */
static bool photo_complete(const photo_info *in, const uint8_t *b, size_t len, size_t body)
{
    if (in->type == PHOTO_TYPE_JPEG) {
        for (const uint8_t *p = b + body; (p = memchr(p, 0xFF, len - (size_t)(p - b))) != NULL; p++)
            if ((size_t)(p - b) + 1 < len && p[1] == 0xD9)
                return true;
        return false;
    }
    while (len - body >= 12) {
        uint32_t clen = get32(b + body, false);
        if (clen > 0x7FFFFFFFu || clen > len - body - 12)
            return false;
        if (memcmp(b + body + 4, "IEND", 4) == 0)
            return true;
        body += 12 + (size_t)clen;
    }
    return false;
}

static photo_err photo_open(const char *path, photo_rd *r)
{
    struct stat st;
    r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK); /* a FIFO must not block */
    if (r->fd < 0)
        return PHOTO_ERR_IO;
    if (fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(r->fd);
        return PHOTO_ERR_IO;
    }
    r->size = (uint64_t)st.st_size;
    return PHOTO_OK;
}

photo_err photo_probe(const char *path, photo_info *info)
{
    if (!path || !info)
        return PHOTO_ERR_ARG;
    photo_rd r = {0};
    uint64_t body;
    memset(info, 0, sizeof *info);
    photo_err e = photo_open(path, &r);
    if (e == PHOTO_OK) {
        e = photo_parse(&r, info, &body);
        close(r.fd);
    }
    return e;
}

/* ---- decoding ---- */

/* Parses buf (size bytes), checks that it is complete and decodes it. When `seen` is given (the
 * header probed from the file before it was read) the bytes must still say the same. *out is a
 * 24- or 32-bit surface of the stored (not yet oriented) picture. buf is freed (as early as the
 * decoder allows) when owned. */
static photo_err photo_decode(uint8_t *buf, uint64_t size, bool owned, const photo_info *seen,
                              photo_info *info, const char *what, SDL_Surface **out)
{
    uint64_t body;
    photo_rd m = {.fd = -1, .mem = buf, .size = size};
    photo_err e = photo_parse(&m, info, &body);
    if (e == PHOTO_OK && seen &&
        (seen->type != info->type || seen->width != info->width || seen->height != info->height ||
         seen->orientation != info->orientation))
        e = PHOTO_ERR_BROKEN; /* the file changed while we read it */
    if (e == PHOTO_OK && !photo_complete(info, buf, (size_t)size, (size_t)body))
        e = PHOTO_ERR_BROKEN;
    if (e == PHOTO_OK && image_init() != 0)
        e = PHOTO_ERR_UNSUPPORTED;
    SDL_RWops *rw = e == PHOTO_OK ? SDL_RWFromConstMem(buf, (int)size) : NULL; /* <= 40 MiB */
    if (e == PHOTO_OK && !rw)
        e = PHOTO_ERR_NOMEM;
    SDL_Surface *s = NULL;
    if (e == PHOTO_OK) {
        s = info->type == PHOTO_TYPE_PNG ? IMG_LoadPNG_RW(rw) : IMG_LoadJPG_RW(rw);
        SDL_RWclose(rw);
    }
    if (owned)
        free(buf); /* before any conversion: peak = file + picture */
    if (e != PHOTO_OK)
        return e;
    if (!s) {
        fprintf(stderr, "photo: cannot decode %s: %s\n", what, IMG_GetError());
        e = PHOTO_ERR_BROKEN;
    } else if (s->w != info->width || s->h != info->height) {
        e = PHOTO_ERR_BROKEN; /* the decoder read another header than we checked */
    } else if (s->format->BytesPerPixel < 3 || s->format->Rloss || s->format->Gloss ||
               s->format->Bloss) {
        /* Palette or grey PNG: one byte a pixel, so the 32-bit copy is the one big image. */
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = c;
        e = s ? PHOTO_OK : PHOTO_ERR_NOMEM;
    }
    if (e == PHOTO_OK)
        *out = s;
    else
        SDL_FreeSurface(s);
    return e;
}

/* Probe, read the file, then photo_decode those bytes (held to what the probe saw). */
static photo_err photo_load(const char *path, photo_info *info, SDL_Surface **out)
{
    *out = NULL;
    photo_info again;
    uint8_t *buf = NULL;
    uint64_t body;
    photo_rd r = {0};
    photo_err e = photo_open(path, &r);
    if (e != PHOTO_OK)
        return e;
    e = photo_parse(&r, info, &body);
    if (e == PHOTO_OK && !(buf = malloc((size_t)r.size)))
        e = PHOTO_ERR_NOMEM;
    for (uint64_t got = 0; e == PHOTO_OK && got < r.size;) {
        ssize_t k = pread(r.fd, buf + got, (size_t)(r.size - got), (off_t)got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            e = k < 0 ? PHOTO_ERR_IO : PHOTO_ERR_BROKEN;
        else
            got += (uint64_t)k;
    }
    close(r.fd);
    if (e != PHOTO_OK) {
        free(buf);
        return e;
    }
    return photo_decode(buf, r.size, true, info, &again, path, out);
}

/* ---- area-average downscaling ---- */

enum { ONE_SHIFT = 14, ONE = 1 << ONE_SHIFT, H_SHIFT = 6 };

/* Per output coordinate, the input pixels it covers and their weights (the covered fraction of
 * each, summing to exactly ONE). Output i spans [i*in, (i+1)*in) and input j [j*out, (j+1)*out)
 * on a common axis, so every overlap is an exact integer. */
typedef struct {
    struct photo_span {
        int first, count;
        uint32_t woff; /* index of the first weight in w */
    } * span;
    uint16_t *w;
} photo_axis;

static bool axis_make(photo_axis *a, int in, int out)
{
    a->span = malloc(sizeof *a->span * (size_t)out);
    a->w = malloc(sizeof(uint16_t) * ((size_t)in + (size_t)out));
    if (!a->span || !a->w)
        return false;
    uint32_t k = 0;
    for (int i = 0; i < out; i++) {
        uint64_t lo = (uint64_t)i * (uint64_t)in, hi = lo + (uint64_t)in, cum = 0, prev = 0;
        int j0 = (int)(lo / (uint64_t)out), j1 = (int)((hi - 1) / (uint64_t)out);
        a->span[i] = (struct photo_span){j0, j1 - j0 + 1, k};
        for (int j = j0; j <= j1; j++) {
            uint64_t s = (uint64_t)j * (uint64_t)out, t = s + (uint64_t)out;
            cum += (t < hi ? t : hi) - (s > lo ? s : lo);
            uint64_t now = (cum * ONE + (uint64_t)in / 2) / (uint64_t)in;
            a->w[k++] = (uint16_t)(now - prev);
            prev = now;
        }
    }
    return true;
}

/* Byte offsets of R, G, B (and A, or -1) in a 24/32-bit pixel with 8-bit channels. */
static void photo_offsets(const SDL_PixelFormat *f, int off[4])
{
    int n = f->BytesPerPixel;
    const uint32_t sh[4] = {f->Rshift, f->Gshift, f->Bshift, f->Ashift};
    for (int c = 0; c < 4; c++)
        off[c] = SDL_BYTEORDER == SDL_LIL_ENDIAN ? (int)sh[c] / 8 : n - 1 - (int)sh[c] / 8;
    if (!f->Amask)
        off[3] = -1;
}

/* Downscales src so its long edge is at most max_edge (same size when it already fits) into a
 * new surface of format fmt (RGB24 or ARGB8888); transparent pixels are laid on white. */
static photo_err photo_scale(SDL_Surface *src, int max_edge, Uint32 fmt, SDL_Surface **out)
{
    int sw = src->w, sh = src->h, dw = sw, dh = sh, long_edge = sw > sh ? sw : sh;
    if (long_edge > max_edge) {
        int64_t other = sw > sh ? sh : sw;
        int64_t o = (other * max_edge + long_edge / 2) / long_edge;
        o = o < 1 ? 1 : o;
        dw = sw > sh ? max_edge : (int)o;
        dh = sw > sh ? (int)o : max_edge;
    }
    photo_axis ax = {0}, ay = {0};
    uint16_t *hrow = malloc(sizeof(uint16_t) * 3 * (size_t)dw);
    uint32_t *acc = malloc(sizeof(uint32_t) * 3 * (size_t)dw);
    uint8_t *line = malloc(3 * (size_t)sw); /* a source row laid on white */
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, dw, dh, 0, fmt);
    photo_err e = PHOTO_ERR_NOMEM;
    if (!hrow || !acc || !line || !d || !axis_make(&ax, sw, dw) || !axis_make(&ay, sh, dh))
        goto done;
    int so[4], dof[4];
    photo_offsets(src->format, so);
    photo_offsets(d->format, dof);
    int sb = src->format->BytesPerPixel, db = d->format->BytesPerPixel, have = -1;
    for (int y = 0; y < dh; y++) {
        memset(acc, 0, sizeof(uint32_t) * 3 * (size_t)dw);
        for (int t = 0; t < ay.span[y].count; t++) {
            int j = ay.span[y].first + t;
            if (j != have) { /* consecutive output rows share at most one input row */
                const uint8_t *p = (const uint8_t *)src->pixels + (size_t)j * (size_t)src->pitch;
                int b = sb, r0 = so[0], g0 = so[1], b0 = so[2];
                if (so[3] >= 0) {
                    for (int x = 0; x < sw; x++, p += sb) {
                        uint32_t a = p[so[3]], na = 255 - a;
                        line[3 * x] = (uint8_t)((p[so[0]] * a + 255 * na + 127) / 255);
                        line[3 * x + 1] = (uint8_t)((p[so[1]] * a + 255 * na + 127) / 255);
                        line[3 * x + 2] = (uint8_t)((p[so[2]] * a + 255 * na + 127) / 255);
                    }
                    p = line, b = 3, r0 = 0, g0 = 1, b0 = 2;
                }
                for (int x = 0; x < dw; x++) {
                    const uint8_t *q = p + (size_t)ax.span[x].first * (size_t)b;
                    const uint16_t *w = ax.w + ax.span[x].woff;
                    uint32_t r = 0, g = 0, bl = 0;
                    for (int k = 0; k < ax.span[x].count; k++, q += b) {
                        r += q[r0] * (uint32_t)w[k];
                        g += q[g0] * (uint32_t)w[k];
                        bl += q[b0] * (uint32_t)w[k];
                    }
                    hrow[3 * x] = (uint16_t)((r + (1 << (H_SHIFT - 1))) >> H_SHIFT);
                    hrow[3 * x + 1] = (uint16_t)((g + (1 << (H_SHIFT - 1))) >> H_SHIFT);
                    hrow[3 * x + 2] = (uint16_t)((bl + (1 << (H_SHIFT - 1))) >> H_SHIFT);
                }
                have = j;
            }
            uint32_t wy = ay.w[ay.span[y].woff + (uint32_t)t];
            for (int i = 0; i < 3 * dw; i++)
                acc[i] += hrow[i] * wy;
        }
        uint8_t *o = (uint8_t *)d->pixels + (size_t)y * (size_t)d->pitch;
        const int sh2 = 2 * ONE_SHIFT - H_SHIFT;
        for (int x = 0; x < dw; x++, o += db) {
            for (int c = 0; c < 3; c++)
                o[dof[c]] = (uint8_t)((acc[3 * x + c] + (1u << (sh2 - 1))) >> sh2);
            if (dof[3] >= 0)
                o[dof[3]] = 255;
        }
    }
    *out = d;
    d = NULL;
    e = PHOTO_OK;
done:
    free(ax.span), free(ax.w), free(ay.span), free(ay.w);
    free(hrow), free(acc), free(line);
    SDL_FreeSurface(d);
    return e;
}

/* A new surface showing s upright for EXIF orientation o (2-8; 1 needs nothing). Each
 * orientation is a transpose (5-8) followed by mirroring the stored x and/or y. */
static SDL_Surface *photo_orient(SDL_Surface *s, int o)
{
    bool swap = o >= 5, mx = o == 2 || o == 3 || o == 7 || o == 8,
         my = o == 3 || o == 4 || o == 6 || o == 7;
    int w = s->w, h = s->h, ow = swap ? h : w, oh = swap ? w : h, n = s->format->BytesPerPixel;
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 0, s->format->format);
    for (int y = 0; d && y < oh; y++) {
        uint8_t *q = (uint8_t *)d->pixels + (size_t)y * (size_t)d->pitch;
        for (int x = 0; x < ow; x++, q += n) {
            int sx = swap ? y : x, sy = swap ? x : y; /* the stored pixel shown at (x, y) */
            sx = mx ? w - 1 - sx : sx, sy = my ? h - 1 - sy : sy;
            const uint8_t *p = s->pixels;
            memcpy(q, p + (size_t)sy * (size_t)s->pitch + (size_t)sx * (size_t)n, (size_t)n);
        }
    }
    return d;
}

/* Decode, scale, orient: the shared front half of prepare and thumbnail. */
/* The picture scaled to at most edge px and turned upright (its EXIF orientation baked in). */
static photo_err photo_upright_of(photo_err e, SDL_Surface *full, const photo_info *info, int edge,
                                  Uint32 fmt, SDL_Surface **out)
{
    SDL_Surface *scaled = NULL;
    *out = NULL;
    if (e != PHOTO_OK)
        return e;
    e = photo_scale(full, edge, fmt, &scaled);
    SDL_FreeSurface(full); /* before orienting: peak = full + scaled */
    if (e != PHOTO_OK || info->orientation == 1) {
        *out = e == PHOTO_OK ? scaled : NULL;
        return e;
    }
    *out = photo_orient(scaled, info->orientation);
    SDL_FreeSurface(scaled);
    return *out ? PHOTO_OK : PHOTO_ERR_NOMEM;
}

static photo_err photo_upright(const char *path, int edge, Uint32 fmt, SDL_Surface **out)
{
    photo_info info;
    SDL_Surface *full = NULL;
    photo_err e = photo_load(path, &info, &full);
    return photo_upright_of(e, full, &info, edge, fmt, out);
}

/* ---- encoding and writing ---- */

enum { PHOTO_OUT_MAX = 64 << 20 };

typedef struct {
    uint8_t *buf;
    size_t len, cap;
    bool failed;
} photo_mem;

static size_t SDLCALL mem_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    photo_mem *m = rw->hidden.unknown.data1;
    size_t n = size * num;
    if (m->failed || (size && n / size != num) || n > PHOTO_OUT_MAX - m->len) {
        m->failed = true;
        return 0;
    }
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? m->cap : 1 << 18;
        while (cap < m->len + n)
            cap *= 2;
        uint8_t *nb = realloc(m->buf, cap);
        if (!nb) {
            m->failed = true;
            return 0;
        }
        m->buf = nb, m->cap = cap;
    }
    memcpy(m->buf + m->len, p, n);
    m->len += n;
    return num;
}

static Sint64 SDLCALL mem_seek(SDL_RWops *rw, Sint64 off, int whence)
{
    photo_mem *m = rw->hidden.unknown.data1;
    return off == 0 && whence != RW_SEEK_SET ? (Sint64)m->len : -1; /* tell only */
}

static Sint64 SDLCALL mem_size(SDL_RWops *rw)
{
    return (Sint64)((photo_mem *)rw->hidden.unknown.data1)->len;
}

static size_t SDLCALL mem_read(SDL_RWops *rw, void *p, size_t size, size_t num)
{
    (void)rw, (void)p, (void)size, (void)num;
    return 0;
}

static int SDLCALL mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

/* JPEG of s into m (growing; SDL has no growable memory RWops). */
static photo_err photo_encode(SDL_Surface *s, int quality, photo_mem *m)
{
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw)
        return PHOTO_ERR_NOMEM;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->write = mem_write, rw->seek = mem_seek, rw->close = mem_close;
    rw->size = mem_size, rw->read = mem_read;
    rw->hidden.unknown.data1 = m;
    int rc = IMG_SaveJPG_RW(s, rw, 0, quality);
    SDL_RWclose(rw);
    if (rc != 0 || m->failed || m->len < 4) {
        fprintf(stderr, "photo: cannot encode JPEG: %s\n",
                m->failed ? "no memory" : IMG_GetError());
        return PHOTO_ERR_NOMEM;
    }
    return PHOTO_OK;
}

/* Temporary file beside dst, write, fsync, rename, fsync of the directory (so the rename survives
 * a power loss). A failed fsync fails the write and removes what was written. */
static photo_err photo_write(const char *dst, const uint8_t *data, size_t len)
{
    size_t n = strlen(dst) + sizeof ".tmp-XXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        return PHOTO_ERR_NOMEM;
    snprintf(tmp, n, "%s.tmp-XXXXXX", dst);
    int fd = mkstemp(tmp); /* mode 0600 */
    photo_err e = fd < 0 ? PHOTO_ERR_WRITE : PHOTO_OK;
    for (size_t off = 0; e == PHOTO_OK && off < len;) {
        ssize_t k = write(fd, data + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            e = PHOTO_ERR_WRITE;
        else
            off += (size_t)k;
    }
    if (e == PHOTO_OK && fsync(fd) != 0)
        e = PHOTO_ERR_WRITE;
    if (fd >= 0 && close(fd) != 0)
        e = PHOTO_ERR_WRITE;
    if (fd >= 0 && (e != PHOTO_OK || rename(tmp, dst) != 0)) {
        e = PHOTO_ERR_WRITE;
        unlink(tmp);
    }
    if (e == PHOTO_OK) {
        char *slash = strrchr(tmp, '/'); /* tmp, now renamed, gives the directory's name */
        if (slash)
            slash[slash == tmp] = '\0';
        int dfd = open(slash ? tmp : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) != 0) {
            unlink(dst);
            e = PHOTO_ERR_WRITE;
        }
        if (dfd >= 0)
            close(dfd);
    }
    if (e != PHOTO_OK)
        fprintf(stderr, "photo: cannot write %s: %s\n", dst, strerror(errno));
    free(tmp);
    return e;
}

photo_err photo_prepare(const char *src_path, const char *dst_path, int max_edge, int quality,
                        photo_result *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!src_path || !dst_path || !out || max_edge < 16 || max_edge > 8192 || quality < 1 ||
        quality > 100)
        return PHOTO_ERR_ARG;
    SDL_Surface *up;
    photo_mem m = {0};
    photo_err e = photo_upright(src_path, max_edge, SDL_PIXELFORMAT_RGB24, &up);
    if (e != PHOTO_OK)
        return e;
    e = photo_encode(up, quality, &m);
    if (e == PHOTO_OK)
        e = photo_write(dst_path, m.buf, m.len);
    if (e == PHOTO_OK) {
        out->width = up->w, out->height = up->h, out->bytes = m.len;
        crypto_sha256_hex(m.buf, m.len, out->sha256);
    }
    SDL_FreeSurface(up);
    free(m.buf);
    return e;
}

photo_err photo_thumbnail(const char *src_path, int edge, SDL_Surface **out)
{
    if (out)
        *out = NULL;
    if (!src_path || !out || edge < 16 || edge > 2048)
        return PHOTO_ERR_ARG;
    return photo_upright(src_path, edge, SDL_PIXELFORMAT_ARGB8888, out);
}

photo_err photo_thumbnail_mem(const void *data, size_t len, int edge, SDL_Surface **out)
{
    if (out)
        *out = NULL;
    if (!data || !out || edge < 16 || edge > 2048)
        return PHOTO_ERR_ARG;
    photo_info info;
    SDL_Surface *full = NULL;
    photo_err e =
        photo_decode((uint8_t *)(uintptr_t)data, len, false, NULL, &info, "stored photo", &full);
    return photo_upright_of(e, full, &info, edge, SDL_PIXELFORMAT_ARGB8888, out);
}

const char *photo_err_name(photo_err e)
{
    static const char *const names[] = {
        [PHOTO_OK] = "ok",
        [PHOTO_ERR_ARG] = "invalid argument",
        [PHOTO_ERR_IO] = "cannot read file",
        [PHOTO_ERR_EMPTY] = "empty file",
        [PHOTO_ERR_NOT_IMAGE] = "not an image",
        [PHOTO_ERR_UNSUPPORTED] = "unsupported image type",
        [PHOTO_ERR_BROKEN] = "damaged or incomplete image",
        [PHOTO_ERR_TOO_LARGE] = "image too large",
        [PHOTO_ERR_NOMEM] = "out of memory",
        [PHOTO_ERR_WRITE] = "cannot write output",
    };
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown error";
}

field_photo_problem photo_problem(photo_err e)
{
    switch (e) {
    case PHOTO_OK:
        return FP_OK;
    case PHOTO_ERR_EMPTY:
    case PHOTO_ERR_NOT_IMAGE:
        return FP_NOT_IMAGE;
    case PHOTO_ERR_UNSUPPORTED:
        return FP_UNSUPPORTED;
    case PHOTO_ERR_BROKEN:
        return FP_BROKEN;
    case PHOTO_ERR_TOO_LARGE:
        return FP_TOO_LARGE;
    case PHOTO_ERR_NOMEM:
        return FP_NO_MEMORY;
    case PHOTO_ERR_WRITE:
        return FP_NO_SPACE;
    default:
        return FP_UNREADABLE;
    }
}
