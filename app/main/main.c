/* paraf: the device program. Reads the configuration, starts the worker thread (network and
 * store) and the UI loop, full screen or in a window, or headless with a script for tests and
 * screenshots; `--bench` measures frame times and memory. */
#include "paraf.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: paraf --config FILE [options]\n"
          "\n"
          "Paraf: touch firmware for digital government work (approver, board, field).\n"
          "\n"
          "  --config FILE        the device configuration (docs/config.md)\n"
          "  --profile P          approver, board or field (overrides the config)\n"
          "  --lang id|en         language (overrides the config)\n"
          "  --windowed WxH       a window of that size instead of full screen\n"
          "  --headless           render off screen (SDL dummy driver, software renderer)\n"
          "  --script FILE        run a test script (docs/scripts.md); exit 0 when every line "
          "passes\n"
          "  --screenshots DIR    where the script's `screenshot NAME` writes NAME.png\n"
          "  --fixtures DIR       answer requests from files in DIR instead of the hub (tests)\n"
          "  --clock ISO8601      start the program clock at this UTC time (with --fixtures)\n"
          "  --bench              print frame-time and memory figures (`name value` lines)\n"
          "  --help, --version\n",
          f);
}

static int load_config(paraf *p, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "paraf: cannot open the configuration %s: %s\n", path, strerror(errno));
        return -1;
    }
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    bool too_big = !feof(f);
    fclose(f);
    if (too_big) {
        fprintf(stderr, "paraf: %s is larger than 64 KiB; is it the right file?\n", path);
        return -1;
    }
    char err[300];
    if (config_parse(buf, n, &p->cfg, err, sizeof err) != CONFIG_OK) {
        fprintf(stderr, "paraf: %s: %s\n", path, err);
        return -1;
    }
    char copy[512];
    snprintf(copy, sizeof copy, "%s", path);
    snprintf(p->config_dir, sizeof p->config_dir, "%s", dirname(copy));
    char *paths[] = {p->cfg.ca_file, p->cfg.data_dir, p->cfg.token_file};
    for (size_t i = 0; i < 3; i++) {
        char out[CONFIG_PATH_MAX];
        if (paths[i][0]) {
            if (!config_resolve_path(p->config_dir, paths[i], out, sizeof out)) {
                fprintf(stderr, "paraf: %s: the path '%s' is too long\n", path, paths[i]);
                return -1;
            }
            memcpy(paths[i], out, sizeof out);
        }
    }
    return 0;
}

static int start_worker(paraf *p)
{
    worker_config wc;
    memset(&wc, 0, sizeof wc);
    snprintf(wc.hub_url, sizeof wc.hub_url, "%s", p->cfg.hub_url);
    snprintf(wc.ca_file, sizeof wc.ca_file, "%s", p->cfg.ca_file);
    snprintf(wc.server_pin, sizeof wc.server_pin, "%s", p->cfg.server_pin);
    snprintf(wc.data_dir, sizeof wc.data_dir, "%s", p->cfg.data_dir);
    snprintf(wc.token_file, sizeof wc.token_file, "%s", p->cfg.token_file);
    snprintf(wc.profile, sizeof wc.profile, "%s", config_profile_name(p->cfg.profile));
    snprintf(wc.photo_dir, sizeof wc.photo_dir, "%s", p->cfg.photo_dir);
    snprintf(wc.gpsd_host, sizeof wc.gpsd_host, "%s", p->cfg.gpsd_host);
    snprintf(wc.gpsd_port, sizeof wc.gpsd_port, "%s", p->cfg.gpsd_port);
    wc.connect_timeout_ms = p->cfg.connect_timeout_ms;
    wc.request_timeout_ms = p->cfg.request_timeout_ms;
    wc.max_json_bytes = 2 * 1024 * 1024;
    wc.max_image_bytes = 8 * 1024 * 1024;
    p->wk = worker_start(&wc, paraf_post_result, p);
    return p->wk ? 0 : -1;
}

int main(int argc, char **argv)
{
    static paraf p; /* zero-initialised; large */
    p.start_ms = paraf_mono_ms();
    const char *config = NULL, *script_path = NULL, *fixtures = NULL, *lang_arg = NULL,
               *profile = NULL, *clock_arg = NULL;
    bool bench = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("paraf %s\n", PARAF_VERSION);
            return 0;
        } else if (strcmp(a, "--headless") == 0) {
            p.headless = true;
        } else if (strcmp(a, "--bench") == 0) {
            bench = true;
        } else if (!v) {
            fprintf(stderr, "paraf: %s needs a value (see --help)\n", a);
            return 2;
        } else if (strcmp(a, "--config") == 0) {
            config = argv[++i];
        } else if (strcmp(a, "--script") == 0) {
            script_path = argv[++i];
        } else if (strcmp(a, "--screenshots") == 0) {
            snprintf(p.shots_dir, sizeof p.shots_dir, "%s", argv[++i]);
        } else if (strcmp(a, "--fixtures") == 0) {
            fixtures = argv[++i];
        } else if (strcmp(a, "--clock") == 0) {
            clock_arg = argv[++i];
        } else if (strcmp(a, "--lang") == 0) {
            lang_arg = argv[++i];
        } else if (strcmp(a, "--profile") == 0) {
            profile = argv[++i];
        } else if (strcmp(a, "--windowed") == 0) {
            if (sscanf(argv[++i], "%dx%d", &p.w, &p.h) != 2 || p.w < 320 || p.h < 320 ||
                p.w > 7680 || p.h > 7680) {
                fprintf(stderr, "paraf: --windowed takes WxH, e.g. 1280x800\n");
                return 2;
            }
        } else {
            fprintf(stderr, "paraf: unknown option %s (see --help)\n", a);
            return 2;
        }
    }
    config_defaults(&p.cfg);
    if (config && load_config(&p, config) != 0)
        return 1;
    if (!config && !fixtures && !bench) {
        fprintf(stderr, "paraf: --config FILE is required (see --help)\n");
        return 2;
    }
    if (lang_arg) {
        if (strcmp(lang_arg, "id") != 0 && strcmp(lang_arg, "en") != 0) {
            fprintf(stderr, "paraf: --lang takes id or en\n");
            return 2;
        }
        p.cfg.language = strcmp(lang_arg, "en") == 0 ? LANG_EN : LANG_ID;
    }
    if (profile) {
        if (strcmp(profile, "approver") != 0 && strcmp(profile, "board") != 0 &&
            strcmp(profile, "field") != 0) {
            fprintf(stderr, "paraf: --profile takes approver, board or field\n");
            return 2;
        }
        p.cfg.profile = strcmp(profile, "board") == 0   ? PROFILE_BOARD
                        : strcmp(profile, "field") == 0 ? PROFILE_FIELD
                                                        : PROFILE_APPROVER;
    }
    if (clock_arg) {
        int64_t t;
        if (!wire_time_parse(clock_arg, &t)) {
            fprintf(stderr, "paraf: --clock takes YYYY-MM-DDThh:mm:ssZ\n");
            return 2;
        }
        p.fixed_clock_ms = t * 1000;
    }
    if (bench && !config && p.cfg.profile == PROFILE_BOARD && !p.w) { /* a lobby TV */
        p.w = 1920;
        p.h = 1080;
    }
    if (p.headless || bench) {
        p.w = p.w ? p.w : p.cfg.screen_w;
        p.h = p.h ? p.h : p.cfg.screen_h;
        p.headless = true;
    }
    if (p.cfg.profile == PROFILE_BOARD && !bench && board_main_open(&p) != 0) {
        fprintf(stderr, "paraf: out of memory\n");
        return 1;
    }
    if (p.cfg.profile == PROFILE_FIELD && field_main_open(&p) != 0) {
        fprintf(stderr, "paraf: out of memory\n");
        return 1;
    }
    if (paraf_video_open(&p) != 0) {
        paraf_video_close(&p);
        return 1;
    }
    app_init(&p.app, p.cfg.language, &p.cfg.tz, p.cfg.idle_lock_s, p.cfg.poll_interval_s,
             p.cfg.user_role, p.w, p.h);
    int rc = 1;
    if (bench) {
        rc = paraf_bench(&p, fixtures);
        goto out;
    }
    if (fixtures) {
        p.fx = fixture_open(fixtures, &p);
        if (!p.fx)
            goto out;
    } else if (start_worker(&p) != 0) {
        goto out;
    }
    if (script_path) {
        char err[300];
        p.sc = script_load(script_path, err, sizeof err);
        if (!p.sc) {
            fprintf(stderr, "paraf: %s\n", err);
            goto out;
        }
    }
    rc = paraf_run(&p);
out:
    if (p.wk)
        worker_stop(p.wk);
    if (p.board)
        board_main_close(&p);
    if (p.field)
        field_main_close(&p);
    if (p.fx)
        fixture_close(p.fx);
    script_free(p.sc);
    app_deinit(&p.app);
    paraf_video_close(&p);
    return rc;
}
