/* draw: the draw list and hit list (draw.h). Commands and hits live in growable arrays; all text
 * is copied into one arena and referenced by offset, because the arena moves when it grows.
 * Buffers survive draw_list_clear, so a screen rebuilt every frame stops allocating once the
 * largest frame has been seen. An append that cannot allocate sets `oom` and drops the command. */
#include "draw.h"

#include <stdlib.h>
#include <string.h>

/* Shadow darkness: black at ~14% keeps cards lifted without looking like a border. */
#define DRAW_SHADOW_ALPHA 36

/* Grow *buf (elements of `size` bytes) so that it holds at least `need` elements. */
static bool draw_buf_reserve(void **buf, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : first;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return false;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return false;
    void *p = realloc(*buf, ncap * size);
    if (!p)
        return false;
    *buf = p;
    *cap = ncap;
    return true;
}

/* Copy `s` (NULL counts as "") into the arena; the offset is returned in *off. */
static bool draw_arena_put(draw_list *l, const char *s, uint32_t *off, uint32_t *len)
{
    size_t n = s ? strlen(s) : 0;
    /* Offsets are 32-bit: refuse to grow the arena past what an offset can address. */
    if (n >= UINT32_MAX || l->arena_len > UINT32_MAX - n - 1)
        return false;
    void *buf = l->arena;
    if (!draw_buf_reserve(&buf, &l->arena_cap, l->arena_len + n + 1, 1, 1024))
        return false;
    l->arena = buf;
    if (n)
        memcpy(l->arena + l->arena_len, s, n);
    l->arena[l->arena_len + n] = '\0';
    *off = (uint32_t)l->arena_len;
    if (len)
        *len = (uint32_t)n;
    l->arena_len += n + 1;
    return true;
}

/* A slot for one more command, or NULL (oom set). The slot is zeroed. */
static draw_cmd *draw_cmd_push(draw_list *l, draw_kind kind)
{
    void *buf = l->cmds;
    if (!draw_buf_reserve(&buf, &l->cap_cmds, l->n_cmds + 1, sizeof(draw_cmd), 64)) {
        l->oom = true;
        return NULL;
    }
    l->cmds = buf;
    draw_cmd *c = &l->cmds[l->n_cmds];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

void draw_list_init(draw_list *l)
{
    memset(l, 0, sizeof *l);
}

void draw_list_deinit(draw_list *l)
{
    free(l->cmds);
    free(l->hits);
    free(l->arena);
    memset(l, 0, sizeof *l);
}

void draw_list_clear(draw_list *l)
{
    l->n_cmds = 0;
    l->n_hits = 0;
    l->arena_len = 0;
    l->oom = false;
}

const char *draw_text(const draw_list *l, uint32_t off)
{
    /* An offset from another list (or a stale one) must not read out of bounds. */
    if (!l->arena || off >= l->arena_len)
        return "";
    return l->arena + off;
}

void draw_rect_fill(draw_list *l, draw_rect r, draw_color c, int radius)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_RECT);
    if (!d)
        return;
    d->rect = r;
    d->color = c;
    d->radius = radius > 0 ? radius : 0;
    l->n_cmds++;
}

void draw_frame(draw_list *l, draw_rect r, draw_color c, int radius, int width)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0 || width <= 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_FRAME);
    if (!d)
        return;
    d->rect = r;
    d->color = c;
    d->radius = radius > 0 ? radius : 0;
    d->width = width;
    l->n_cmds++;
}

/* `spread` is how far (px) the blurred shadow reaches beyond the rect; the platform offsets it a
 * little downwards, as if lit from above. */
void draw_shadow(draw_list *l, draw_rect r, int radius, int spread)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_SHADOW);
    if (!d)
        return;
    d->rect = r;
    d->color = (draw_color){0, 0, 0, DRAW_SHADOW_ALPHA};
    d->radius = radius > 0 ? radius : 0;
    d->width = spread > 0 ? spread : 0;
    l->n_cmds++;
}

void draw_line(draw_list *l, int x0, int y0, int x1, int y1, draw_color c, int width)
{
    if (c.a == 0 || width <= 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_LINE);
    if (!d)
        return;
    d->rect = (draw_rect){x0, y0, x1 - x0, y1 - y0};
    d->color = c;
    d->width = width;
    l->n_cmds++;
}

void draw_label(draw_list *l, draw_rect r, const char *text, draw_size size, draw_weight weight,
                draw_color c, draw_align align)
{
    /* Nothing to see: not worth a command (and the platform cannot rasterise empty text). */
    if (!text || !*text || r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_TEXT);
    if (!d)
        return;
    if (!draw_arena_put(l, text, &d->text_off, &d->text_len)) {
        l->oom = true;
        return;
    }
    d->rect = r;
    d->color = c;
    d->size = (unsigned)size < TEXT_SIZES ? size : TEXT_BODY;
    d->weight = (unsigned)weight <= FONT_BALINESE ? weight : FONT_REGULAR;
    d->align = (unsigned)align <= ALIGN_RIGHT ? align : ALIGN_LEFT;
    l->n_cmds++;
}

void draw_image(draw_list *l, draw_rect r, const char *key)
{
    if (!key || !*key || r.w <= 0 || r.h <= 0)
        return;
    draw_cmd *d = draw_cmd_push(l, DRAW_IMAGE);
    if (!d)
        return;
    if (!draw_arena_put(l, key, &d->text_off, &d->text_len)) {
        l->oom = true;
        return;
    }
    d->rect = r;
    d->color = (draw_color){255, 255, 255, 255};
    l->n_cmds++;
}

void draw_clip_push(draw_list *l, draw_rect r)
{
    draw_cmd *d = draw_cmd_push(l, DRAW_CLIP_PUSH);
    if (!d)
        return;
    /* A negative size is an empty clip (everything inside the push is hidden), not an error. */
    d->rect = (draw_rect){r.x, r.y, r.w > 0 ? r.w : 0, r.h > 0 ? r.h : 0};
    l->n_cmds++;
}

void draw_clip_pop(draw_list *l)
{
    /* Must not be dropped silently when its push went in: the list would stay clipped. If it is
     * dropped for lack of memory, oom tells the caller the frame is incomplete anyway. */
    if (draw_cmd_push(l, DRAW_CLIP_POP))
        l->n_cmds++;
}

void draw_hit_add(draw_list *l, draw_rect r, const char *id, const char *label, int action, int arg)
{
    void *buf = l->hits;
    if (!draw_buf_reserve(&buf, &l->cap_hits, l->n_hits + 1, sizeof(draw_hit), 32)) {
        l->oom = true;
        return;
    }
    l->hits = buf;
    draw_hit h = {.rect = r, .action = action, .arg = arg};
    if (!draw_arena_put(l, id, &h.id_off, NULL) || !draw_arena_put(l, label, &h.label_off, NULL)) {
        l->oom = true;
        return;
    }
    l->hits[l->n_hits++] = h;
}

void draw_layer_at(draw_list *l, size_t at)
{
    if (at > l->n_cmds || !draw_cmd_push(l, DRAW_LAYER))
        return;
    /* draw_cmd_push made the slot at n_cmds; move it down to `at`. */
    draw_cmd mark = l->cmds[l->n_cmds];
    memmove(&l->cmds[at + 1], &l->cmds[at], (l->n_cmds - at) * sizeof mark);
    l->cmds[at] = mark;
    l->n_cmds++;
}
