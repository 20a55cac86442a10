/* loop: the UI thread's event loop. SDL events become app events (taps through the hit list of
 * the last frame, drags into scrolling with inertia, pinches and wheel into zoom), worker results
 * arrive as SDL user events, and a frame is built and rendered only when the state changed or
 * something animates; an idle screen waits in SDL_WaitEventTimeout. */
#include "paraf.h"

#include "ui_board.h"

#include "crypto.h"
#include "image.h"

#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_SLOP_DP   12.0f
#define DOUBLE_TAP_MS 350

int64_t paraf_now_ms(const paraf *p)
{
    int64_t base = p->fixed_clock_ms > 0 ? p->fixed_clock_ms : (int64_t)SDL_GetTicks64();
    return base + p->clock_offset_ms;
}

void paraf_post_result(void *ctx, msg_result *r)
{
    paraf *p = ctx;
    SDL_Event e;
    SDL_zero(e);
    e.type = p->result_event;
    e.user.data1 = r;
    if (SDL_PushEvent(&e) != 1) { /* the queue is full or closed: drop it rather than leak */
        if (r->image)
            SDL_FreeSurface(r->image);
        msg_result_free(r);
        free(r);
    }
}

void paraf_send(paraf *p, msg_cmd *c)
{
    if (p->fx)
        fixture_send(p->fx, c);
    else if (p->wk)
        worker_send(p->wk, c);
    else
        msg_cmd_free(c), free(c);
}

void paraf_dispatch(paraf *p, const app_event *e)
{
    if (!p->app.next_decision_id[0] && crypto_uuid4(p->app.next_decision_id) != CRYPTO_OK)
        p->app.next_decision_id[0] = '\0'; /* the worker makes one instead */
    app_out out = {0};
    if (p->field) {
        field_before_dispatch(p);
        field_app_update(p->field, e, &out);
    } else if (p->board)
        board_app_update(p->board, e, &out);
    else
        app_update(&p->app, e, &out);
    for (int i = 0; i < out.n; i++)
        paraf_send(p, out.cmds[i]);
}

static void drop_attachments(paraf *p)
{
    for (int i = 0; i < p->n_att_keys; i++)
        render_image_drop(p->rd, p->att_keys[i]);
    p->n_att_keys = 0;
}

/* Results that carry images are registered with the renderer before the app sees them. */
static void on_result(paraf *p, msg_result *r)
{
    if (r->kind == RES_ITEM && strcmp(r->id, p->current_item) != 0) {
        drop_attachments(p);
        snprintf(p->current_item, sizeof p->current_item, "%s", r->id);
    }
    if (p->field)
        field_on_result(p, r);
    if (r->kind == RES_ATTACHMENT && r->image) {
        SDL_Surface *s = r->image;
        r->image = NULL;
        snprintf(r->image_key, sizeof r->image_key, "att:%s:%d", r->id, r->arg);
        r->image_w = s->w;
        r->image_h = s->h;
        render_image_drop(p->rd, r->image_key);
        if (render_image_put(p->rd, r->image_key, s) == 0 && p->n_att_keys < APP_MAX_PAGES)
            snprintf(p->att_keys[p->n_att_keys++], sizeof p->att_keys[0], "%s", r->image_key);
    }
    /* The app's clock must be current before it relates the result's wall time to it. */
    app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
    paraf_dispatch(p, &tick);
    app_event e = {.kind = EV_RESULT, .result = r};
    paraf_dispatch(p, &e);
    msg_result_free(r);
    free(r);
}

static bool in_rect(draw_rect r, int x, int y)
{
    return r.w > 0 && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static void set_pressed(paraf *p, const char *id)
{
    if (strcmp(p->g.pressed, id ? id : "") == 0)
        return;
    snprintf(p->g.pressed, sizeof p->g.pressed, "%s", id ? id : "");
    p->app.dirty = true; /* press feedback in the next frame */
    if (p->field)
        p->field->dirty = true;
}

static void pointer_down(paraf *p, int x, int y, uint32_t t)
{
    gesture *g = &p->g;
    g->down = true;
    g->dragging = false;
    g->x0 = g->x = x;
    g->y0 = g->y = y;
    g->t0 = g->t_last = t;
    g->vx = g->vy = 0;
    g->in_viewer = p->app.screen == SCREEN_VIEWER && in_rect(p->um.viewer_area, x, y);
    g->area = g->in_viewer ? p->um.viewer_area : p->um.scroll_area;
    const draw_hit *h = ui_hit_at(&p->dl, x, y);
    set_pressed(p, h ? draw_text(&p->dl, h->id_off) : NULL);
    if (p->app.scroll_v != 0) { /* a touch stops the inertia */
        p->app.scroll_v = 0;
        p->app.dirty = true;
    }
    app_event e = {.kind = EV_INPUT};
    paraf_dispatch(p, &e);
}

static void pointer_move(paraf *p, int x, int y, uint32_t t)
{
    gesture *g = &p->g;
    if (!g->down || g->multi)
        return;
    float slop = TAP_SLOP_DP * p->uc.scale;
    if (!g->dragging && (fabsf((float)(x - g->x0)) > slop || fabsf((float)(y - g->y0)) > slop) &&
        in_rect(g->area, g->x0, g->y0)) {
        g->dragging = true;
        set_pressed(p, NULL);
    }
    if (g->dragging) {
        float dt = (float)(t - g->t_last) / 1000.0f;
        if (g->in_viewer) {
            app_event e = {.kind = EV_PAN, .dx = (float)(x - g->x), .dy = (float)(y - g->y)};
            paraf_dispatch(p, &e);
        } else {
            app_event e = {.kind = EV_SCROLL, .dy = (float)(g->y - y)};
            paraf_dispatch(p, &e);
        }
        if (dt > 0.0005f) { /* smoothed velocity for the fling */
            float vy = (float)(g->y - y) / dt, vx = (float)(x - g->x) / dt;
            g->vy = 0.6f * vy + 0.4f * g->vy;
            g->vx = 0.6f * vx + 0.4f * g->vx;
        }
    }
    g->x = x;
    g->y = y;
    g->t_last = t;
}

static void pointer_up(paraf *p, int x, int y, uint32_t t)
{
    gesture *g = &p->g;
    if (!g->down)
        return;
    g->down = false;
    if (g->multi) {
        g->multi = false;
        set_pressed(p, NULL);
        return;
    }
    if (g->dragging) {
        if (g->in_viewer && p->app.zoom <= 1.01f && abs(x - g->x0) > (int)(80 * p->uc.scale)) {
            app_event e = {.kind = EV_ACTION, .action = x < g->x0 ? ACT_PAGE_NEXT : ACT_PAGE_PREV};
            paraf_dispatch(p, &e);
        } else if (!g->in_viewer && t - g->t_last < 80) {
            app_event e = {.kind = EV_FLING, .velocity = g->vy};
            paraf_dispatch(p, &e);
        }
        return;
    }
    const draw_hit *h = ui_hit_at(&p->dl, x, y);
    const char *id = h ? draw_text(&p->dl, h->id_off) : "";
    bool same = h && strcmp(id, p->g.pressed) == 0;
    set_pressed(p, NULL);
    if (!same || h->action == ACT_NONE)
        return;
    if (h->action == ACT_ZOOM_TOGGLE) { /* the page area zooms on a double tap only */
        bool dbl = t - g->last_tap_t < DOUBLE_TAP_MS && abs(x - g->last_tap_x) < 40 &&
                   abs(y - g->last_tap_y) < 40;
        g->last_tap_t = dbl ? 0 : t;
        g->last_tap_x = x;
        g->last_tap_y = y;
        if (!dbl)
            return;
    }
    app_event e = {.kind = EV_ACTION, .action = h->action, .arg = h->arg};
    paraf_dispatch(p, &e);
}

static int map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_BACKSPACE:
        return APP_KEY_BACKSPACE;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return APP_KEY_ENTER;
    case SDLK_ESCAPE:
    case SDLK_AC_BACK:
        return APP_KEY_ESCAPE;
    case SDLK_LEFT:
        return APP_KEY_LEFT;
    case SDLK_RIGHT:
        return APP_KEY_RIGHT;
    default:
        return 0;
    }
}

void paraf_handle_event(paraf *p, const SDL_Event *e)
{
    if (e->type == p->result_event) {
        on_result(p, e->user.data1);
        return;
    }
    switch (e->type) {
    case SDL_QUIT: /* window close, Alt+F4: not on a kiosk (SIGTERM: board_terminated) */
        if (!p->board)
            p->quit = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT && e->button.which != SDL_TOUCH_MOUSEID)
            pointer_down(p, e->button.x, e->button.y, e->button.timestamp);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID)
            pointer_move(p, e->motion.x, e->motion.y, e->motion.timestamp);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT && e->button.which != SDL_TOUCH_MOUSEID)
            pointer_up(p, e->button.x, e->button.y, e->button.timestamp);
        break;
    case SDL_FINGERDOWN:
        if (p->g.down) { /* a second finger: a pinch, not a tap */
            p->g.multi = true;
            set_pressed(p, NULL);
        } else {
            pointer_down(p, (int)(e->tfinger.x * (float)p->w), (int)(e->tfinger.y * (float)p->h),
                         e->tfinger.timestamp);
        }
        break;
    case SDL_FINGERMOTION:
        pointer_move(p, (int)(e->tfinger.x * (float)p->w), (int)(e->tfinger.y * (float)p->h),
                     e->tfinger.timestamp);
        break;
    case SDL_FINGERUP:
        pointer_up(p, (int)(e->tfinger.x * (float)p->w), (int)(e->tfinger.y * (float)p->h),
                   e->tfinger.timestamp);
        break;
    case SDL_MULTIGESTURE:
        if (p->app.screen == SCREEN_VIEWER && fabsf(e->mgesture.dDist) > 0.0005f) {
            app_event z = {.kind = EV_ZOOM, .factor = 1.0f + e->mgesture.dDist * 2.5f};
            paraf_dispatch(p, &z);
        }
        break;
    case SDL_MOUSEWHEEL: {
        app_event in = {.kind = EV_INPUT};
        paraf_dispatch(p, &in);
        if (p->app.screen == SCREEN_VIEWER) {
            app_event z = {.kind = EV_ZOOM, .factor = e->wheel.y > 0 ? 1.25f : 0.8f};
            paraf_dispatch(p, &z);
        } else {
            app_event s = {.kind = EV_SCROLL, .dy = (float)(-e->wheel.y) * 80.0f * p->uc.scale};
            paraf_dispatch(p, &s);
        }
        break;
    }
    case SDL_TEXTINPUT: {
        app_event t = {.kind = EV_TEXT};
        snprintf(t.text, sizeof t.text, "%s", e->text.text);
        paraf_dispatch(p, &t);
        break;
    }
    case SDL_KEYDOWN: {
        int k = p->board ? 0 : map_key(e->key.keysym.sym); /* keys do nothing on a kiosk */
        if (k) {
            app_event t = {.kind = EV_KEY, .key = k};
            paraf_dispatch(p, &t);
        }
        break;
    }
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            if (p->win && p->ren)
                SDL_GetRendererOutputSize(p->ren, &p->w, &p->h);
            p->app.dirty = true;
        }
        break;
    default:
        break;
    }
}

void paraf_frame(paraf *p)
{
    if (p->field) {
        field_frame(p);
        return;
    }
    if (p->board) {
        board_frame(p);
        return;
    }
    /* The lock screen shows the time: one frame per minute. */
    int64_t minute = app_wall(&p->app) / 60;
    if (p->app.screen == SCREEN_LOCK && minute != p->last_minute) {
        p->last_minute = minute;
        p->app.dirty = true;
    }
    if (!p->app.dirty && !app_animating(&p->app))
        return;
    p->uc.w = p->w;
    p->uc.h = p->h;
    p->uc.pressed = p->g.pressed[0] ? p->g.pressed : NULL;
    p->app.view_w = p->w;
    p->app.view_h = p->h;
    ui_build(&p->app, &p->uc, &p->dl, &p->um);
    p->app.scroll_max = p->um.inbox_scroll_max;
    p->app.detail_scroll_max = p->um.detail_scroll_max;
    render_frame(p->rd, &p->dl, (draw_color){0xF2, 0xF4, 0xF7, 0xFF});
    SDL_RenderPresent(p->ren);
    p->app.dirty = false;
    p->frames++;
}

int paraf_screenshot(paraf *p, const char *path)
{
    SDL_Surface *s = p->target;
    SDL_Surface *tmp = NULL;
    if (!s) {
        tmp = SDL_CreateRGBSurfaceWithFormat(0, p->w, p->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!tmp || SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_ARGB8888, tmp->pixels,
                                         tmp->pitch) != 0) {
            SDL_FreeSurface(tmp);
            return -1;
        }
        s = tmp;
    }
    int r = IMG_SavePNG(s, path);
    SDL_FreeSurface(tmp);
    return r;
}

int paraf_run(paraf *p)
{
    msg_cmd *start = calloc(1, sizeof *start);
    if (start) {
        start->kind = CMD_START;
        paraf_send(p, start);
    }
    while (!p->quit) {
        /* Sleep until an event, or until the next tick that matters. */
        int timeout = p->board ? board_wait_ms(p) : app_animating(&p->app) ? 16 : 1000;
        if (p->sc)
            timeout = script_fast_forwarding(p->sc) ? 1 : 5;
        SDL_Event e;
        if (p->board ? board_next_event(&e, timeout) : SDL_WaitEventTimeout(&e, timeout)) {
            paraf_handle_event(p, &e);
            while (!p->quit && SDL_PollEvent(&e))
                paraf_handle_event(p, &e);
        }
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        paraf_frame(p);
        if (p->board) {
            board_idle_work(p);
            if (p->board->quit || board_terminated())
                break;
        }
        if (p->sc) {
            int r = script_step(p->sc, p);
            if (r <= 0) {
                p->exit_code = r < 0 ? 1 : 0;
                break;
            }
        }
    }
    return p->exit_code;
}

int paraf_video_open(paraf *p)
{
    if (p->headless)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "paraf: cannot start SDL: %s\n", SDL_GetError());
        return -1;
    }
    p->result_event = SDL_RegisterEvents(1);
    if (image_init() != 0)
        fprintf(stderr, "paraf: the PNG/JPEG decoders are not available: %s\n", SDL_GetError());
    if (p->headless) {
        p->target = SDL_CreateRGBSurfaceWithFormat(0, p->w, p->h, 32, SDL_PIXELFORMAT_ARGB8888);
        p->ren = p->target ? SDL_CreateSoftwareRenderer(p->target) : NULL;
    } else {
        Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
        if (p->w == 0)
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        p->win = SDL_CreateWindow("Paraf", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  p->w ? p->w : 1280, p->h ? p->h : 800, flags);
        /* The software renderer: the same pixels as the headless goldens, and a small footprint
         * on tablets without a GPU driver; SDL_RENDER_DRIVER overrides it. */
        p->ren = p->win ? SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE) : NULL;
        if (p->ren)
            SDL_GetRendererOutputSize(p->ren, &p->w, &p->h);
        SDL_StartTextInput();
    }
    if (!p->ren) {
        fprintf(stderr, "paraf: cannot create the renderer: %s\n", SDL_GetError());
        return -1;
    }
    char fonts[600];
    const char *assets = getenv("PARAF_ASSETS");
    snprintf(fonts, sizeof fonts, "%s/fonts", assets ? assets : PARAF_ASSETS_DIR);
    p->uc.scale = 1.0f;
    if (p->cfg.profile == PROFILE_BOARD) {
        p->uc.scale = ui_board_scale(p->w, p->h); /* read from metres away: by screen size */
    } else if (p->win) {
        float ddpi = 0;
        if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(p->win), &ddpi, NULL, NULL) == 0 &&
            ddpi > 100)
            p->uc.scale = ddpi / 160.0f; /* 1 dp = 1/160 inch */
    }
    p->rd = render_create(p->ren, fonts, p->uc.scale);
    if (!p->rd)
        return -1;
    p->uc.measure = render_measure(p->rd);
    p->uc.version = PARAF_VERSION;
    draw_list_init(&p->dl);
    return 0;
}

void paraf_video_close(paraf *p)
{
    draw_list_deinit(&p->dl);
    if (p->rd)
        render_destroy(p->rd);
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    if (p->target)
        SDL_FreeSurface(p->target);
    if (p->win)
        SDL_DestroyWindow(p->win);
    /* Results still queued own payloads. */
    SDL_Event e;
    while (SDL_PollEvent(&e))
        if (e.type == p->result_event && e.user.data1) {
            msg_result *r = e.user.data1;
            if (r->image)
                SDL_FreeSurface(r->image);
            msg_result_free(r);
            free(r);
        }
    image_quit();
    SDL_Quit();
}
