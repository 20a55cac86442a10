/* pages: renders demo attachment pages (letters, report pages) to PNG or JPEG bytes with SDL_ttf,
 * so the hub serves real images. Used only when seeding demo data; needs no display (surfaces
 * only). Not thread-safe: call from one thread (TTF is initialised and shut down per call). */
#ifndef PARAF_HUB_PAGES_H
#define PARAF_HUB_PAGES_H

#include <stddef.h>

typedef enum { PAGES_PNG, PAGES_JPEG } pages_format;

typedef struct {
    /* Letterhead ("kop surat"), up to 3 lines, centred above a double rule; NULL entries skipped.
     * e.g. "PEMERINTAH PROVINSI BALI", "BADAN PENDAPATAN DAERAH", "Jl. ... Denpasar". */
    const char *letterhead[3];
    const char *title; /* centred, bold, e.g. "NOTA DINAS"; may be NULL */
    /* Body text, UTF-8. Paragraphs separated by "\n"; long lines wrap to the page width.
     * A line starting with '|' is a table row: cells separated by '|' ("|Rekening|Target|..."),
     * consecutive rows form one table with ruled cells; the first row of a table is bold.
     * A cell whose text starts with '>' is right-aligned (for figures), the '>' is not drawn.
     * A line "--" draws a horizontal rule. */
    const char *body;
    /* Signature block, right-aligned at the bottom of the body, lines separated by "\n"; may be
     * NULL. */
    const char *signature;
    int page_no, page_count; /* "Halaman 1 dari 2" footer when page_count > 0 */
} pages_spec;

/* Render one A4 page (992 x 1403 px, 120 dpi) to an encoded image. `font_dir` holds
 * NotoSans-Regular.ttf and NotoSans-Bold.ttf. On success *out is malloc'd (caller frees) and
 * 0 is returned; on failure -1 and a message on stderr. */
int pages_render(const char *font_dir, const pages_spec *spec, pages_format fmt,
                 unsigned char **out, size_t *out_len) __attribute__((warn_unused_result));

#endif
