/* pages: renders one A4 "naskah dinas" page (kop surat, title, body with tables, signature,
 * footer) onto an ARGB8888 surface with SDL_ttf, then encodes it to PNG or JPEG in memory.
 *
 * Geometry is for 120 dpi: 1 cm = 47.24 px, 1 pt = 1.667 px. Fonts are opened per call at
 * pixel sizes (SDL_ttf's default 72 dpi makes "ptsize" a pixel size).
 *
 * Body markup, besides what pages.h documents: a '\t' advances to the next tab stop (for
 * "Nomor\t: ..." blocks; such lines are not justified) and a paragraph whose text starts with
 * '>' is right-aligned (like a table cell; e.g. the place and date line of a letter). */
#include "pages.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W      992
#define PAGE_H      1403
#define MARGIN_X    118 /* 2.5 cm */
#define MARGIN_TOP  94  /* 2 cm */
#define TEXT_W      (PAGE_W - 2 * MARGIN_X)
#define BODY_BOTTOM 1300 /* nothing of the body is drawn below this line */
#define FOOTER_Y    1338

#define BODY_PX      20 /* 12 pt */
#define BODY_PITCH   28 /* baseline to baseline: 1.4 x 12 pt */
#define PARA_GAP     6
#define TAB_STOP     140
#define TITLE_PX     22
#define TABLE_PX     18 /* 11 pt */
#define TABLE_PITCH  24
#define CELL_PAD_X   8
#define CELL_PAD_Y   5
#define FOOTER_PX    16
#define JPEG_QUALITY 85

#define INK     0x1a1a1au
#define BORDER  0x404040u
#define HEAD_BG 0xe6e6e6u

enum { ALIGN_LEFT, ALIGN_JUSTIFY, ALIGN_RIGHT, ALIGN_CENTER };
enum { GAP_NONE, GAP_SPACE, GAP_TAB };

/* A word (or part of one) placed on a line, at x relative to the line's left edge. */
typedef struct {
    const char *s;
    size_t n;
    int x, w, gap;
} piece;

typedef struct {
    piece *p;
    size_t n, cap;
    int width;   /* natural width, up to the end of the last piece */
    size_t next; /* where the next line starts */
    int last;    /* nothing but separators after this line */
} line_t;

typedef struct {
    SDL_Surface *page;
    TTF_Font *reg, *bold;
    char *tmp; /* NUL-terminated copy of the text being measured or drawn */
    size_t tmp_cap;
    line_t ln;
    int y;        /* top of the next line to draw */
    int limit;    /* lines whose bottom would pass this are not drawn */
    int overflow; /* something was cut off */
    int failed;   /* an SDL or allocation error; message already printed */
} ctx;

typedef struct {
    unsigned char *buf;
    size_t len, cap, pos;
} membuf;

/* ---- small helpers ---- */

static int is_sep(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void fail(ctx *c, const char *what, const char *why)
{
    if (!c->failed) {
        fprintf(stderr, "pages: %s: %s\n", what, why);
    }
    c->failed = 1;
}

static const char *cstr(ctx *c, const char *s, size_t n)
{
    if (n + 1 > c->tmp_cap) {
        size_t cap = c->tmp_cap ? c->tmp_cap : 256;
        while (cap < n + 1) {
            cap *= 2;
        }
        char *t = realloc(c->tmp, cap);
        if (!t) {
            fail(c, "text buffer", "out of memory");
            return NULL;
        }
        c->tmp = t;
        c->tmp_cap = cap;
    }
    memcpy(c->tmp, s, n);
    c->tmp[n] = '\0';
    return c->tmp;
}

static int text_width(ctx *c, TTF_Font *f, const char *s, size_t n)
{
    int w = 0, h = 0;
    if (n == 0) {
        return 0;
    }
    const char *z = cstr(c, s, n);
    if (!z || TTF_SizeUTF8(f, z, &w, &h) != 0) {
        if (z) {
            fail(c, "measure text", TTF_GetError());
        }
        return 0;
    }
    return w;
}

static void set_size(ctx *c, TTF_Font *f, int px)
{
    if (TTF_SetFontSize(f, px) != 0) {
        fail(c, "set font size", TTF_GetError());
    }
}

static void fill(ctx *c, int x, int y, int w, int h, Uint32 rgb)
{
    if (w <= 0 || h <= 0) {
        return;
    }
    SDL_Rect r = {x, y, w, h};
    if (SDL_FillRect(c->page, &r, 0xff000000u | rgb) != 0) {
        fail(c, "fill", SDL_GetError());
    }
}

/* Draws s[0..n) with its top-left corner at (x, y). */
static void draw_text(ctx *c, TTF_Font *f, const char *s, size_t n, int x, int y)
{
    if (n == 0 || c->failed) {
        return;
    }
    const char *z = cstr(c, s, n);
    if (!z) {
        return;
    }
    SDL_Color ink = {(INK >> 16) & 0xff, (INK >> 8) & 0xff, INK & 0xff, 0xff};
    SDL_Surface *t = TTF_RenderUTF8_Blended(f, z, ink);
    if (!t) {
        fail(c, "render text", TTF_GetError());
        return;
    }
    SDL_Rect dst = {x, y, t->w, t->h};
    if (SDL_BlitSurface(t, NULL, c->page, &dst) != 0) {
        fail(c, "blit text", SDL_GetError());
    }
    SDL_FreeSurface(t);
}

/* Byte length of the longest prefix of s[0..n) (whole code points, at least one) that fits in
 * max_w pixels. */
static size_t fitting_prefix(ctx *c, TTF_Font *f, const char *s, size_t n, int max_w)
{
    int extent = 0, count = 0;
    const char *z = cstr(c, s, n);
    if (!z) {
        return n;
    }
    if (TTF_MeasureUTF8(f, z, max_w > 0 ? max_w : 1, &extent, &count) != 0) {
        fail(c, "measure text", TTF_GetError());
        return n;
    }
    if (count < 1) {
        count = 1;
    }
    size_t i = 0;
    for (int k = 0; k < count && i < n; k++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80) {
            i++;
        }
    }
    return i;
}

/* ---- line breaking ---- */

static int push_piece(ctx *c, piece p)
{
    line_t *ln = &c->ln;
    if (ln->n == ln->cap) {
        size_t cap = ln->cap ? ln->cap * 2 : 32;
        piece *np = realloc(ln->p, cap * sizeof *np);
        if (!np) {
            fail(c, "line buffer", "out of memory");
            return -1;
        }
        ln->p = np;
        ln->cap = cap;
    }
    ln->p[ln->n++] = p;
    return 0;
}

/* Fills c->ln with the words of s[pos..n) that fit in max_w; a word wider than the whole line
 * is split at a code point. A tab at the start of the text indents. */
static void wrap_line(ctx *c, TTF_Font *f, const char *s, size_t n, size_t pos, int max_w)
{
    line_t *ln = &c->ln;
    int space_w = text_width(c, f, " ", 1);
    int x = 0;
    size_t i = pos;
    ln->n = 0;
    ln->last = 0;
    while (!c->failed) {
        size_t word_at = i;
        int gap = GAP_NONE;
        while (i < n && is_sep(s[i])) {
            if (s[i] == '\t') {
                gap = GAP_TAB;
            } else if (gap == GAP_NONE) {
                gap = GAP_SPACE;
            }
            i++;
        }
        if (i >= n) {
            ln->last = 1;
            break;
        }
        size_t j = i;
        while (j < n && !is_sep(s[j])) {
            j++;
        }
        int start;
        if (gap == GAP_TAB && (ln->n > 0 || pos == 0)) {
            start = (x / TAB_STOP + 1) * TAB_STOP;
        } else if (ln->n == 0) {
            start = 0;
        } else {
            start = x + (gap == GAP_SPACE ? space_w : 0);
        }
        int w = text_width(c, f, s + i, j - i);
        if (start + w > max_w) {
            if (ln->n > 0) {
                i = word_at;
                break;
            }
            if (start > 0 && w <= max_w) { /* a tab pushed it out: start the word at 0 */
                start = 0;
            } else if (w > max_w - start) {
                j = i + fitting_prefix(c, f, s + i, j - i, max_w - start);
                w = text_width(c, f, s + i, j - i);
                if (push_piece(c, (piece){s + i, j - i, start, w, gap}) == 0) {
                    x = start + w;
                }
                i = j;
                break;
            }
        }
        if (push_piece(c, (piece){s + i, j - i, start, w, gap}) != 0) {
            break;
        }
        x = start + w;
        i = j;
    }
    if (!ln->last) {
        size_t k = i;
        while (k < n && is_sep(s[k])) {
            k++;
        }
        ln->last = k >= n;
    }
    ln->width = x;
    ln->next = i;
}

/* Draws c->ln at (x0, y) in a box max_w wide. */
static void draw_line(ctx *c, TTF_Font *f, int x0, int y, int max_w, int align)
{
    line_t *ln = &c->ln;
    int shift = 0, spaces = 0, extra = 0;
    if (align == ALIGN_RIGHT) {
        shift = max_w - ln->width;
    } else if (align == ALIGN_CENTER) {
        shift = (max_w - ln->width) / 2;
    } else if (align == ALIGN_JUSTIFY && !ln->last) {
        int tabs = 0;
        for (size_t k = 1; k < ln->n; k++) {
            spaces += ln->p[k].gap == GAP_SPACE;
            tabs += ln->p[k].gap == GAP_TAB;
        }
        extra = max_w - ln->width;
        if (tabs || spaces == 0 || extra > max_w / 3) {
            spaces = 0;
        }
    }
    if (shift < 0) {
        shift = 0;
    }
    int added = 0, seen = 0;
    for (size_t k = 0; k < ln->n; k++) {
        const piece *p = &ln->p[k];
        if (spaces && k > 0 && p->gap == GAP_SPACE) {
            seen++;
            added = (int)((long)extra * seen / spaces);
        }
        draw_text(c, f, p->s, p->n, x0 + shift + p->x + added, y);
    }
}

/* Where the continuation lines of a "Perihal\t: text" line start: under the text after the
 * last tab (and after a lone ':' there), so the label column stays clear. 0 without tabs. */
static int hanging_indent(const line_t *ln, int max_w)
{
    size_t t = ln->n;
    for (size_t k = 0; k < ln->n; k++) {
        if (ln->p[k].gap == GAP_TAB) {
            t = k;
        }
    }
    if (t == ln->n) {
        return 0;
    }
    if (ln->p[t].n == 1 && ln->p[t].s[0] == ':' && t + 1 < ln->n) {
        t++;
    }
    return ln->p[t].x < max_w / 2 ? ln->p[t].x : 0;
}

/* Lays out and draws s[0..n) as a paragraph at c->y, advancing c->y by pitch per line. */
static void paragraph(ctx *c, TTF_Font *f, const char *s, size_t n, int x0, int max_w, int pitch,
                      int align)
{
    size_t pos = 0;
    int h = TTF_FontHeight(f), indent = 0;
    while (!c->failed && !c->overflow) {
        wrap_line(c, f, s, n, pos, max_w - indent);
        if (c->ln.n == 0) {
            break;
        }
        if (c->y + h > c->limit) {
            c->overflow = 1;
            break;
        }
        draw_line(c, f, x0 + indent, c->y, max_w - indent, align);
        c->y += pitch;
        if (pos == 0 && (align == ALIGN_LEFT || align == ALIGN_JUSTIFY)) {
            indent = hanging_indent(&c->ln, max_w);
        }
        if (c->ln.last || c->ln.next <= pos) {
            break;
        }
        pos = c->ln.next;
    }
}

static int count_lines(ctx *c, TTF_Font *f, const char *s, size_t n, int max_w)
{
    size_t pos = 0;
    int lines = 0;
    while (!c->failed) {
        wrap_line(c, f, s, n, pos, max_w);
        if (c->ln.n == 0) {
            break;
        }
        lines++;
        if (c->ln.last || c->ln.next <= pos) {
            break;
        }
        pos = c->ln.next;
    }
    return lines > 0 ? lines : 1;
}

/* Widest single word of s[0..n). */
static int widest_word(ctx *c, TTF_Font *f, const char *s, size_t n)
{
    int best = 0;
    size_t i = 0;
    while (i < n && !c->failed) {
        while (i < n && is_sep(s[i])) {
            i++;
        }
        size_t j = i;
        while (j < n && !is_sep(s[j])) {
            j++;
        }
        if (j > i) {
            int w = text_width(c, f, s + i, j - i);
            best = w > best ? w : best;
        }
        i = j;
    }
    return best;
}

/* ---- tables ---- */

typedef struct {
    const char *s;
    size_t n;
    int right;
} cell;

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_sep(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_sep((*s)[*n - 1])) {
        (*n)--;
    }
}

/* Number of cells in a "|a|b|c" row (a trailing '|' does not open a cell). */
static size_t row_cells(const char *s, size_t n)
{
    size_t cells = 0;
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (tn > 1 && t[tn - 1] == '|') {
        tn--;
    }
    for (size_t i = 0; i < tn; i++) {
        cells += t[i] == '|';
    }
    return cells;
}

static void split_row(const char *s, size_t n, cell *out, size_t ncols)
{
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (tn > 1 && t[tn - 1] == '|') {
        tn--;
    }
    size_t col = 0, i = 1; /* skip the leading '|' */
    while (i <= tn && col < ncols) {
        size_t j = i;
        while (j < tn && t[j] != '|') {
            j++;
        }
        const char *cs = t + i;
        size_t cn = j - i;
        trim(&cs, &cn);
        int right = 0;
        if (cn > 0 && cs[0] == '>') {
            right = 1;
            cs++;
            cn--;
            trim(&cs, &cn);
        }
        out[col++] = (cell){cs, cn, right};
        i = j + 1;
    }
}

/* Column widths summing to TEXT_W: proportional to the natural (one line) widths when those
 * fit, otherwise every column gets its widest word and the rest is shared by how much each
 * column still wants. */
static void column_widths(const int *nat, const int *minw, size_t ncols, int *w)
{
    long sum_nat = 0, sum_min = 0;
    for (size_t k = 0; k < ncols; k++) {
        sum_nat += nat[k];
        sum_min += minw[k];
    }
    if (sum_nat <= TEXT_W) {
        for (size_t k = 0; k < ncols; k++) {
            w[k] = (int)((long)nat[k] * TEXT_W / (sum_nat > 0 ? sum_nat : 1));
        }
    } else if (sum_min <= TEXT_W) {
        long want = sum_nat - sum_min, spare = TEXT_W - sum_min;
        for (size_t k = 0; k < ncols; k++) {
            w[k] = minw[k] + (int)(want > 0 ? (long)(nat[k] - minw[k]) * spare / want : 0);
        }
    } else {
        for (size_t k = 0; k < ncols; k++) {
            w[k] = (int)((long)minw[k] * TEXT_W / sum_min);
        }
    }
    int total = 0;
    for (size_t k = 0; k < ncols; k++) {
        if (w[k] < 2 * CELL_PAD_X + 1) {
            w[k] = 2 * CELL_PAD_X + 1;
        }
        total += w[k];
    }
    if (ncols > 0 && total != TEXT_W && w[ncols - 1] + TEXT_W - total > 2 * CELL_PAD_X) {
        w[ncols - 1] += TEXT_W - total;
    }
}

/* Draws the table made of lines[0..nrows), each a "|..." row. */
static void table(ctx *c, const char *const *row_s, const size_t *row_n, size_t nrows)
{
    size_t ncols = 0;
    for (size_t r = 0; r < nrows; r++) {
        size_t k = row_cells(row_s[r], row_n[r]);
        ncols = k > ncols ? k : ncols;
    }
    if (ncols == 0) {
        return;
    }
    cell *cells = calloc(nrows * ncols, sizeof *cells);
    int *nat = calloc(ncols, sizeof *nat);
    int *minw = calloc(ncols, sizeof *minw);
    int *colw = calloc(ncols, sizeof *colw);
    int *lines = calloc(ncols, sizeof *lines);
    if (!cells || !nat || !minw || !colw || !lines) {
        fail(c, "table", "out of memory");
        goto done;
    }
    for (size_t r = 0; r < nrows; r++) {
        split_row(row_s[r], row_n[r], cells + r * ncols, ncols);
    }

    set_size(c, c->reg, TABLE_PX);
    set_size(c, c->bold, TABLE_PX);
    for (size_t r = 0; r < nrows && !c->failed; r++) {
        TTF_Font *f = r == 0 ? c->bold : c->reg;
        for (size_t k = 0; k < ncols; k++) {
            const cell *cl = &cells[r * ncols + k];
            int w = text_width(c, f, cl->s, cl->n) + 2 * CELL_PAD_X;
            int m = widest_word(c, f, cl->s, cl->n) + 2 * CELL_PAD_X;
            m = m < TEXT_W / 2 ? m : TEXT_W / 2; /* longer words are split anyway */
            nat[k] = w > nat[k] ? w : nat[k];
            minw[k] = m > minw[k] ? m : minw[k];
        }
    }
    column_widths(nat, minw, ncols, colw);

    int table_w = 0;
    for (size_t k = 0; k < ncols; k++) {
        table_w += colw[k];
    }
    for (size_t r = 0; r < nrows && !c->failed; r++) {
        TTF_Font *f = r == 0 ? c->bold : c->reg;
        int most = 1;
        for (size_t k = 0; k < ncols; k++) {
            const cell *cl = &cells[r * ncols + k];
            lines[k] = count_lines(c, f, cl->s, cl->n, colw[k] - 2 * CELL_PAD_X);
            most = lines[k] > most ? lines[k] : most;
        }
        int row_h = most * TABLE_PITCH + 2 * CELL_PAD_Y;
        if (c->y + row_h + 1 > c->limit) {
            c->overflow = 1;
            break;
        }
        int x = MARGIN_X;
        if (r == 0) {
            fill(c, x, c->y, table_w, row_h, HEAD_BG);
        }
        for (size_t k = 0; k < ncols; k++) {
            const cell *cl = &cells[r * ncols + k];
            int align = cl->right ? ALIGN_RIGHT : r == 0 ? ALIGN_CENTER : ALIGN_LEFT;
            int save_y = c->y, save_limit = c->limit;
            c->y += CELL_PAD_Y + (r == 0 ? (most - lines[k]) * TABLE_PITCH / 2 : 0);
            c->y += (TABLE_PITCH - TTF_FontHeight(f)) / 2;
            c->limit = save_y + row_h;
            paragraph(c, f, cl->s, cl->n, x + CELL_PAD_X, colw[k] - 2 * CELL_PAD_X, TABLE_PITCH,
                      align);
            c->overflow = 0;
            c->y = save_y;
            c->limit = save_limit;
            fill(c, x, c->y, 1, row_h + 1, BORDER);
            x += colw[k];
        }
        fill(c, MARGIN_X + table_w - 1, c->y, 1, row_h + 1, BORDER);
        fill(c, MARGIN_X, c->y, table_w, 1, BORDER);
        fill(c, MARGIN_X, c->y + row_h, table_w, 1, BORDER);
        c->y += row_h;
    }
    c->y += 1;

done:
    free(cells);
    free(nat);
    free(minw);
    free(colw);
    free(lines);
}

/* ---- page parts ---- */

static void letterhead(ctx *c, const pages_spec *spec)
{
    static const int px[3] = {24, 28, 17};
    int any = 0;
    for (int i = 0; i < 3 && !c->failed; i++) {
        const char *s = spec->letterhead[i];
        if (!s || !*s) {
            continue;
        }
        size_t n = strlen(s);
        TTF_Font *f = i < 2 ? c->bold : c->reg;
        int size = px[i];
        set_size(c, f, size);
        /* Shrink a long agency name to fit on one line, as kop surat designers do. */
        while (size > px[i] * 3 / 4 && text_width(c, f, s, n) > TEXT_W && !c->failed) {
            set_size(c, f, --size);
        }
        paragraph(c, f, s, n, MARGIN_X, TEXT_W, TTF_FontLineSkip(f), ALIGN_CENTER);
        any = 1;
    }
    if (any) {
        c->y += 6;
        fill(c, MARGIN_X, c->y, TEXT_W, 4, INK);
        fill(c, MARGIN_X, c->y + 6, TEXT_W, 1, INK);
        c->y += 7 + 26;
    }
}

static void title(ctx *c, const char *s)
{
    if (!s || !*s) {
        return;
    }
    set_size(c, c->bold, TITLE_PX);
    TTF_Font *f = c->bold;
    int pitch = TTF_FontLineSkip(f);
    size_t n = strlen(s), pos = 0;
    while (!c->failed) {
        wrap_line(c, f, s, n, pos, TEXT_W);
        if (c->ln.n == 0) {
            break;
        }
        if (c->y + pitch > c->limit) {
            c->overflow = 1;
            break;
        }
        draw_line(c, f, MARGIN_X, c->y, TEXT_W, ALIGN_CENTER);
        int under = c->y + TTF_FontAscent(f) + 3;
        fill(c, MARGIN_X + (TEXT_W - c->ln.width) / 2, under, c->ln.width, 2, INK);
        c->y += pitch + 2;
        if (c->ln.last || c->ln.next <= pos) {
            break;
        }
        pos = c->ln.next;
    }
    c->y += 20;
}

static void body(ctx *c, const char *s)
{
    if (!s) {
        return;
    }
    size_t len = strlen(s), i = 0;
    const char **row_s = NULL;
    size_t *row_n = NULL, rows_cap = 0;
    while (i < len && !c->failed && !c->overflow) {
        size_t j = i;
        while (j < len && s[j] != '\n') {
            j++;
        }
        const char *ls = s + i;
        size_t ln = j - i;
        trim(&ls, &ln);
        if (ln > 0 && ls[0] == '|') {
            size_t nrows = 0;
            for (;;) { /* gather the rows of this table */
                if (nrows == rows_cap) {
                    size_t cap = rows_cap ? rows_cap * 2 : 16;
                    const char **ns = realloc(row_s, cap * sizeof *ns);
                    if (ns) {
                        row_s = ns;
                    }
                    size_t *nn = ns ? realloc(row_n, cap * sizeof *nn) : NULL;
                    if (!nn) {
                        fail(c, "table", "out of memory");
                        goto done;
                    }
                    row_n = nn;
                    rows_cap = cap;
                }
                row_s[nrows] = ls;
                row_n[nrows++] = ln;
                i = j < len ? j + 1 : j;
                if (i >= len) {
                    break;
                }
                j = i;
                while (j < len && s[j] != '\n') {
                    j++;
                }
                ls = s + i;
                ln = j - i;
                trim(&ls, &ln);
                if (ln == 0 || ls[0] != '|') {
                    break;
                }
            }
            table(c, row_s, row_n, nrows);
            c->y += PARA_GAP + 4;
            continue; /* the line at i is not a table row: handle it normally */
        }
        set_size(c, c->reg, BODY_PX);
        if (ln == 2 && ls[0] == '-' && ls[1] == '-') {
            if (c->y + BODY_PITCH > c->limit) {
                c->overflow = 1;
                break;
            }
            fill(c, MARGIN_X, c->y + BODY_PITCH / 2 - 1, TEXT_W, 1, INK);
            c->y += BODY_PITCH;
        } else if (ln == 0) {
            c->y += BODY_PITCH;
        } else {
            const char *ps = s + i;
            size_t pn = j - i;
            int align = ALIGN_JUSTIFY;
            while (pn > 0 && ps[pn - 1] == '\r') {
                pn--;
            }
            while (pn > 0 && *ps == ' ') { /* keep a leading tab: it indents */
                ps++;
                pn--;
            }
            if (ls[0] == '>') {
                align = ALIGN_RIGHT;
                ps = ls + 1;
                pn = ln - 1;
            }
            paragraph(c, c->reg, ps, pn, MARGIN_X, TEXT_W, BODY_PITCH, align);
            c->y += PARA_GAP;
        }
        i = j < len ? j + 1 : j;
    }
done:
    free(row_s);
    free(row_n);
}

/* The signature block sits at the right margin; its lines are centred on each other. */
static void signature(ctx *c, const char *s)
{
    if (!s || !*s || c->overflow) {
        return;
    }
    set_size(c, c->reg, BODY_PX);
    TTF_Font *f = c->reg;
    size_t len = strlen(s);
    int block_w = 0;
    for (size_t i = 0; i <= len && !c->failed;) {
        size_t j = i;
        while (j < len && s[j] != '\n') {
            j++;
        }
        int w = text_width(c, f, s + i, j - i);
        block_w = w > block_w ? w : block_w;
        i = j + 1;
    }
    block_w = block_w > TEXT_W ? TEXT_W : block_w;
    if (block_w < TEXT_W * 2 / 5) {
        block_w = TEXT_W * 2 / 5;
    }
    int x0 = MARGIN_X + TEXT_W - block_w;
    c->y += BODY_PITCH;
    for (size_t i = 0; i <= len && !c->failed && !c->overflow;) {
        size_t j = i;
        while (j < len && s[j] != '\n') {
            j++;
        }
        const char *ls = s + i;
        size_t ln = j - i;
        trim(&ls, &ln);
        if (ln == 0) {
            c->y += BODY_PITCH;
        } else {
            paragraph(c, f, ls, ln, x0, block_w, BODY_PITCH, ALIGN_CENTER);
        }
        i = j + 1;
    }
}

static void footer(ctx *c, int page_no, int page_count)
{
    if (page_count <= 0) {
        return;
    }
    char text[64];
    int n = snprintf(text, sizeof text, "Halaman %d dari %d", page_no, page_count);
    if (n <= 0 || (size_t)n >= sizeof text) {
        return;
    }
    set_size(c, c->reg, FOOTER_PX);
    c->y = FOOTER_Y;
    c->limit = PAGE_H;
    c->overflow = 0;
    SDL_SetClipRect(c->page, NULL);
    paragraph(c, c->reg, text, (size_t)n, MARGIN_X, TEXT_W, FOOTER_PX, ALIGN_CENTER);
}

/* ---- in-memory SDL_RWops ---- */

static Sint64 mem_size(SDL_RWops *rw)
{
    const membuf *m = rw->hidden.unknown.data1;
    return (Sint64)m->len;
}

static Sint64 mem_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    membuf *m = rw->hidden.unknown.data1;
    Sint64 base = whence == RW_SEEK_SET   ? 0
                  : whence == RW_SEEK_CUR ? (Sint64)m->pos
                                          : (Sint64)m->len;
    if (whence != RW_SEEK_SET && whence != RW_SEEK_CUR && whence != RW_SEEK_END) {
        return SDL_SetError("pages: bad seek origin");
    }
    if ((offset < 0 && offset < -base) || (offset > 0 && offset > INT64_MAX - base)) {
        return SDL_SetError("pages: seek out of range");
    }
    m->pos = (size_t)(base + offset);
    return (Sint64)m->pos;
}

static size_t mem_read(SDL_RWops *rw, void *ptr, size_t size, size_t num)
{
    membuf *m = rw->hidden.unknown.data1;
    if (size == 0 || m->pos >= m->len) {
        return 0;
    }
    size_t avail = (m->len - m->pos) / size;
    num = num < avail ? num : avail;
    memcpy(ptr, m->buf + m->pos, num * size);
    m->pos += num * size;
    return num;
}

static size_t mem_write(SDL_RWops *rw, const void *ptr, size_t size, size_t num)
{
    membuf *m = rw->hidden.unknown.data1;
    if (size == 0 || num == 0) {
        return 0;
    }
    if (num > SIZE_MAX / size || m->pos > SIZE_MAX - size * num) {
        SDL_SetError("pages: write too large");
        return 0;
    }
    size_t n = size * num, end = m->pos + n;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 64 * 1024;
        while (cap < end) {
            cap = cap > SIZE_MAX / 2 ? end : cap * 2;
        }
        unsigned char *nb = realloc(m->buf, cap);
        if (!nb) {
            SDL_OutOfMemory();
            return 0;
        }
        m->buf = nb;
        m->cap = cap;
    }
    if (m->pos > m->len) {
        memset(m->buf + m->len, 0, m->pos - m->len);
    }
    memcpy(m->buf + m->pos, ptr, n);
    m->pos = end;
    m->len = end > m->len ? end : m->len;
    return num;
}

static int mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

/* Encodes the page into a malloc'd buffer. */
static int encode(SDL_Surface *page, pages_format fmt, unsigned char **out, size_t *out_len)
{
    membuf m = {0};
    SDL_Surface *rgb = NULL;
    int rc = -1;
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        fprintf(stderr, "pages: SDL_AllocRW: %s\n", SDL_GetError());
        goto done;
    }
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->size = mem_size;
    rw->seek = mem_seek;
    rw->read = mem_read;
    rw->write = mem_write;
    rw->close = mem_close;
    rw->hidden.unknown.data1 = &m;
    rw->hidden.unknown.data2 = NULL;

    /* The page is opaque: saving it without alpha keeps the PNG a plain RGB image. */
    rgb = SDL_ConvertSurfaceFormat(page, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) {
        fprintf(stderr, "pages: convert surface: %s\n", SDL_GetError());
        goto done;
    }
    int saved =
        fmt == PAGES_JPEG ? IMG_SaveJPG_RW(rgb, rw, 0, JPEG_QUALITY) : IMG_SavePNG_RW(rgb, rw, 0);
    if (saved != 0 || m.len == 0) {
        fprintf(stderr, "pages: encode %s: %s\n", fmt == PAGES_JPEG ? "JPEG" : "PNG",
                IMG_GetError());
        goto done;
    }
    *out = m.buf;
    *out_len = m.len;
    m.buf = NULL;
    rc = 0;
done:
    if (rw) {
        SDL_RWclose(rw);
    }
    SDL_FreeSurface(rgb);
    free(m.buf);
    return rc;
}

/* ---- entry point ---- */

static TTF_Font *open_font(const char *dir, const char *name)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "pages: font path too long: %s/%s\n", dir, name);
        return NULL;
    }
    TTF_Font *f = TTF_OpenFont(path, BODY_PX);
    if (!f) {
        fprintf(stderr, "pages: cannot open font %s: %s\n", path, TTF_GetError());
    }
    return f;
}

int pages_render(const char *font_dir, const pages_spec *spec, pages_format fmt,
                 unsigned char **out, size_t *out_len)
{
    ctx c = {0};
    int rc = -1, ttf = 0;
    if (!font_dir || !spec || !out || !out_len || (fmt != PAGES_PNG && fmt != PAGES_JPEG)) {
        fprintf(stderr, "pages: bad arguments\n");
        return -1;
    }
    *out = NULL;
    *out_len = 0;
    if (TTF_Init() != 0) {
        fprintf(stderr, "pages: TTF_Init: %s\n", TTF_GetError());
        return -1;
    }
    ttf = 1;
    c.reg = open_font(font_dir, "NotoSans-Regular.ttf");
    c.bold = c.reg ? open_font(font_dir, "NotoSans-Bold.ttf") : NULL;
    if (!c.reg || !c.bold) {
        goto done;
    }
    c.page = SDL_CreateRGBSurfaceWithFormat(0, PAGE_W, PAGE_H, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c.page) {
        fprintf(stderr, "pages: create surface: %s\n", SDL_GetError());
        goto done;
    }
    fill(&c, 0, 0, PAGE_W, PAGE_H, 0xffffffu);

    /* Nothing but the footer may be drawn outside the text column or below the body. */
    SDL_Rect column = {MARGIN_X, 0, TEXT_W, BODY_BOTTOM};
    SDL_SetClipRect(c.page, &column);
    c.y = MARGIN_TOP;
    c.limit = BODY_BOTTOM;
    letterhead(&c, spec);
    title(&c, spec->title);
    body(&c, spec->body);
    signature(&c, spec->signature);
    footer(&c, spec->page_no, spec->page_count);
    if (c.failed) {
        goto done;
    }
    rc = encode(c.page, fmt, out, out_len);

done:
    SDL_FreeSurface(c.page);
    if (c.bold) {
        TTF_CloseFont(c.bold);
    }
    if (c.reg) {
        TTF_CloseFont(c.reg);
    }
    if (ttf) {
        TTF_Quit();
    }
    free(c.tmp);
    free(c.ln.p);
    return rc;
}
