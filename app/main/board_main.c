/* board_main: the board profile in the program: its state, frames only when the board changes (a
 * page, an announcement, the burn-in shift, the minute, new data), the display schedule through
 * the backlight (or a black screen with rendering stopped), the systemd watchdog, and the way out:
 * SIGTERM/SIGINT or the admin screen only (window close, Escape and Alt+F4 do nothing). */
#include "paraf.h"

#include "display_power.h"
#include "ui_board_app.h"
#include "watchdog.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t terminated;

static void on_term(int sig)
{
    (void)sig;
    terminated = 1;
}

bool board_terminated(void)
{
    return terminated != 0;
}

int board_main_open(paraf *p)
{
    p->board = calloc(1, sizeof *p->board);
    if (!p->board)
        return -1;
    board_state *s = p->board;
    board_app_init(s, p->cfg.language, &p->cfg.tz, p->cfg.poll_interval_s, p->cfg.board_stale_s,
                   p->cfg.heartbeat_s);
    snprintf(s->title, sizeof s->title, "%s", p->cfg.board_title);
    snprintf(s->title_bali, sizeof s->title_bali, "%s", p->cfg.board_title_bali);
    snprintf(s->admin_pin, sizeof s->admin_pin, "%s", p->cfg.admin_pin);
    s->night_start_min = p->cfg.night_start_min;
    s->night_end_min = p->cfg.night_end_min;
    /* The wall clock until the first result: the fixed clock is already Unix ms. */
    int64_t now_ms = paraf_now_ms(p);
    s->now_ms = now_ms;
    p->board_start_ms = now_ms;
    s->wall_offset_s = p->fixed_clock_ms > 0 ? 0 : (int64_t)time(NULL) - now_ms / 1000;
    /* SDL would turn SIGTERM into SDL_QUIT, which the board ignores (window close): our own. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (!p->headless) {
        const char *root = getenv("PARAF_SYSFS");
        p->backlight = dp_open(root && *root ? root : "/sys");
        if (p->backlight && !dp_has_backlight(p->backlight))
            fprintf(stderr, "paraf: no backlight: the screen goes black at night instead\n");
    }
    /* Large blocks (surfaces, response bodies, screenshots) come from and go back to the system
     * at once. Fixed thresholds turn off glibc's adaptive ones, which after one freed 4 MB surface
     * would keep up to 8 MB of free memory resident at the top of the heap for good. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024);
    wd_ready();
    return 0;
}

void board_main_close(paraf *p)
{
    wd_stopping();
    if (p->backlight) {
        if (p->screen_off && dp_set(p->backlight, true) != 0)
            fprintf(stderr, "paraf: backlight: %s\n", dp_last_error(p->backlight));
        dp_close(p->backlight);
        p->backlight = NULL;
    }
    if (p->board) {
        board_app_deinit(p->board);
        free(p->board);
        p->board = NULL;
    }
}

/* The admin screen's lines. */
static void device_info(const paraf *p, char *out, size_t cap)
{
    const board_state *s = p->board;
    long up = (long)((s->now_ms - p->board_start_ms) / 1000);
    snprintf(out, cap,
             "Paraf %s \xC2\xB7 %s\nHub %s\nDaring %ldj %02ldm \xC2\xB7 %llu sinkronisasi \xC2\xB7 "
             "%llu heartbeat\nLayar %dx%d \xC2\xB7 malam %02d.%02d\xE2\x80\x93%02d.%02d",
             PARAF_VERSION, config_profile_name(p->cfg.profile), p->cfg.hub_url, up / 3600,
             up / 60 % 60, (unsigned long long)s->polls, (unsigned long long)s->heartbeats, p->w,
             p->h, s->night_start_min / 60, s->night_start_min % 60, s->night_end_min / 60,
             s->night_end_min % 60);
}

/* Backlight off at night (re-applied every minute: a TV power cycle must not undo it). */
static void display_power_apply(paraf *p, bool off)
{
    int64_t now = p->board->now_ms;
    if (off == p->screen_off && now < p->next_reapply_ms)
        return;
    p->screen_off = off;
    p->next_reapply_ms = now + 60000;
    if (p->backlight && dp_has_backlight(p->backlight) && dp_set(p->backlight, !off) != 0)
        fprintf(stderr, "paraf: backlight: %s\n", dp_last_error(p->backlight));
}

void board_frame(paraf *p)
{
    board_state *s = p->board;
    bool dark = board_app_dark(s);
    display_power_apply(p, dark);
    int64_t due = ui_board_next_change_ms(s);
    bool tick_due =
        (uint64_t)s->now_ms >= p->last_board_frame_ms && p->last_board_frame_ms != 0 && !dark;
    if (!s->dirty && !tick_due)
        return;
    char info[512];
    device_info(p, info, sizeof info);
    p->uc.w = p->w;
    p->uc.h = p->h;
    p->uc.pressed = p->g.pressed[0] ? p->g.pressed : NULL;
    ui_board_build(s, &p->uc, &p->dl, info);
    render_frame(p->rd, &p->dl, (draw_color){0, 0, 0, 0xFF});
    SDL_RenderPresent(p->ren);
    s->dirty = false;
    p->frames++;
    /* Dark: one black frame, then nothing until something changes. */
    p->last_board_frame_ms = dark ? 0 : (uint64_t)due;
}

int board_wait_ms(const paraf *p)
{
    /* Until the earliest thing the board does by itself (events wake the loop sooner). */
    const board_state *s = p->board;
    int64_t now = s->now_ms, next = now + 5000;
    int64_t due[] = {(int64_t)p->last_board_frame_ms,
                     s->next_poll_ms,
                     s->next_heartbeat_ms,
                     s->detail >= 0 ? s->detail_until_ms : 0,
                     s->admin || s->pin_pad ? s->admin_until_ms : 0,
                     s->woken_until_ms,
                     wd_interval_ms() > 0 ? p->next_watchdog_ms : 0};
    for (size_t i = 0; i < sizeof due / sizeof due[0]; i++)
        if (due[i] > now && due[i] < next)
            next = due[i];
    return (int)(next - now < 1 ? 1 : next - now);
}

/* SDL_WaitEventTimeout sleeps properly only where the video driver can wait (X11, Wayland);
 * on KMSDRM, the kiosk's driver, and on the dummy driver it polls every millisecond, which alone
 * costs a few percent of a CPU. A kiosk needs no faster answer to a touch than 50 ms: poll, then
 * sleep that long (or less when the board has something to do sooner). */
bool board_next_event(SDL_Event *e, int timeout_ms)
{
    if (SDL_PollEvent(e))
        return true;
    SDL_Delay((Uint32)(timeout_ms < 50 ? (timeout_ms > 0 ? timeout_ms : 1) : 50));
    return SDL_PollEvent(e) != 0;
}

void board_idle_work(paraf *p)
{
    int interval = wd_interval_ms();
    int64_t now = p->board->now_ms;
    /* Months without a restart: memory the program freed goes back to the system every hour,
     * also from the middle of the allocator's arenas (glibc keeps it resident otherwise, and a
     * worker thread's arena is only ever trimmed at its top). */
    if (now >= p->next_trim_ms) {
        malloc_trim(0);
        p->next_trim_ms = now + 3600 * 1000;
    }
    if (interval > 0 && now >= p->next_watchdog_ms) {
        wd_ping();
        p->next_watchdog_ms = now + interval;
    }
}
