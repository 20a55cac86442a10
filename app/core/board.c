/* board: the lobby board's model: arithmetic on times given by the caller (the hub's documents
 * are parsed into board_data by app/net/board_json.c). */
#include "board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400

static const char *const status_codes[BOARD_STATUSES] = {"buka", "tutup", "kuota_penuh",
                                                         "gangguan"};

void board_data_init(board_data *d)
{
    memset(d, 0, sizeof *d);
}

const char *board_status_code(board_status s)
{
    return (unsigned)s < BOARD_STATUSES ? status_codes[s] : "";
}

int board_ann_active(const board_data *d, int64_t now, int *idx, int max)
{
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
        board_priority want = pass == 0 ? BOARD_ANN_PENTING : BOARD_ANN_INFO;
        for (int i = 0; i < d->n_ann && n < max; i++) {
            const board_announcement *a = &d->ann[i];
            if (a->priority == want && a->from <= now && now < a->until)
                idx[n++] = i;
        }
    }
    return n;
}

/* ---- calendar ------------------------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t local_day(int64_t now, const tz_info *tz)
{
    int off = tz ? tz->offset_min : 0;
    if (off < -1440 || off > 1440)
        off = 0;
    return floor_div(now + (int64_t)off * 60, SECS_PER_DAY);
}

int board_iso_weekday(int64_t now, const tz_info *tz)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t w = (local_day(now, tz) + 3) % 7;
    return (int)(w < 0 ? w + 7 : w) + 1;
}

bool board_hours_of_day(const board_service *s, int iso_day, int *open_min, int *close_min)
{
    for (int i = 0; i < s->n_hours && i < 7; i++)
        if (s->hours[i].day == iso_day) {
            *open_min = s->hours[i].open_min;
            *close_min = s->hours[i].close_min;
            return true;
        }
    return false;
}

bool board_hours_today(const board_service *s, int64_t now, const tz_info *tz, int *open_min,
                       int *close_min)
{
    int64_t day = local_day(now, tz);
    for (int i = 0; i < s->n_holidays && i < BOARD_HOLIDAYS_MAX; i++)
        if (s->holidays[i] == day)
            return false;
    return board_hours_of_day(s, board_iso_weekday(now, tz), open_min, close_min);
}

/* ---- freshness, paging, shift --------------------------------------------------------------- */

board_freshness board_fresh(int64_t now, int64_t synced_at, int poll_s, int red_after_s)
{
    if (synced_at <= 0)
        return BOARD_FRESH_NONE;
    int64_t age = now > synced_at ? now - synced_at : 0;
    if (red_after_s > 0 && age > red_after_s)
        return BOARD_RED;
    if (poll_s > 0 && age > 2 * (int64_t)poll_s)
        return BOARD_AMBER;
    return BOARD_FRESH;
}

int board_grid(int area_w, int area_h, int min_w, int min_h, int gap, int *cols, int *rows)
{
    int c = 1, r = 1;
    if (min_w > 0 && gap >= 0 && area_w > min_w)
        c = (area_w + gap) / (min_w + gap);
    if (min_h > 0 && gap >= 0 && area_h > min_h)
        r = (area_h + gap) / (min_h + gap);
    c = c < 1 ? 1 : c > 16 ? 16 : c;
    r = r < 1 ? 1 : r > 16 ? 16 : r;
    if (cols)
        *cols = c;
    if (rows)
        *rows = r;
    return c * r;
}

int board_pages(int n, int per_page)
{
    if (n <= 0 || per_page <= 0)
        return 1;
    return (n + per_page - 1) / per_page;
}

int board_page_at(int64_t now_ms, int n_pages, int64_t period_ms)
{
    if (n_pages <= 1 || period_ms <= 0)
        return 0;
    int64_t p = floor_div(now_ms, period_ms) % n_pages;
    return (int)(p < 0 ? p + n_pages : p);
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

void board_shift(int64_t now_ms, int64_t period_ms, int max_px, int *dx, int *dy)
{
    *dx = *dy = 0;
    if (period_ms <= 0 || max_px <= 0)
        return;
    if (max_px > 32)
        max_px = 32;
    int64_t side = 2 * (int64_t)max_px + 1, n = side * side;
    /* A stride coprime with n near n * 0.38 walks every cell once per n periods, and jumps far
     * enough each time that consecutive positions differ (the same pixels do not stay lit). */
    int64_t stride = n * 38 / 100;
    while (gcd64(stride, n) != 1)
        stride++;
    int64_t step = floor_div(now_ms, period_ms) % n;
    if (step < 0)
        step += n;
    int64_t cell = step * stride % n;
    *dx = (int)(cell % side) - max_px;
    *dy = (int)(cell / side) - max_px;
}
