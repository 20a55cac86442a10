/* display_power: switches the kiosk's panel backlight on and off through Linux sysfs
 * (<root>/class/backlight/<name>/{brightness,max_brightness,bl_power}), and the night schedule
 * check. No SDL here: the caller decides what to draw when there is no backlight to switch (a
 * black screen, then no rendering). Not thread-safe: call from the UI thread only. */
#ifndef PARAF_DISPLAY_POWER_H
#define PARAF_DISPLAY_POWER_H

#include <stdbool.h>

typedef struct display_power display_power;

/* Find a backlight under <sysfs_root>/class/backlight/ (sysfs_root is "/sys" in production, a temp
 * dir in tests; NULL means "/sys"). When there are several, the first by name that has a readable
 * max_brightness > 0 and a brightness file is used. Returns a handle even when none was found
 * (dp_has_backlight then says false); NULL only when out of memory. Free with dp_close. */
display_power *dp_open(const char *sysfs_root);
void dp_close(display_power *dp);

/* Whether a backlight was found. false for a NULL handle. */
bool dp_has_backlight(const display_power *dp);

/* Turn the backlight on or off.
 * off: remembers the current brightness (if it is not 0), then bl_power=4 (FB_BLANK_POWERDOWN)
 *      and brightness=0.
 * on:  brightness = the value remembered before turning off (else the current one if not 0, else
 *      max_brightness), then bl_power=0 (FB_BLANK_UNBLANK).
 * Idempotent and cheap: current values are read first and a file is written only when it differs,
 * so re-applying the same state every minute costs a few small reads, and it re-asserts the state
 * when something else (a TV power cycle, a driver reset) changed it. bl_power is optional (some
 * drivers lack it). Returns 0, or -1 with errno set (ENODEV: no backlight; EACCES, EROFS, EINVAL,
 * ...: a write failed) and a message for the log in dp_last_error. */
int dp_set(display_power *dp, bool on);

/* The backlight's directory (e.g. "/sys/class/backlight/intel_backlight"), or "" when none. */
const char *dp_backlight_path(const display_power *dp);

/* A plain-English reason for the last failure of dp_set ("" when it succeeded). */
const char *dp_last_error(const display_power *dp);

/* Whether now falls in the nightly off window [off_start, off_end), all in minutes of the day
 * (0..1439; other values are taken modulo 1440). A window may cross midnight (22:00-06:00 is
 * start 1320, end 360). start == end is an empty window: never off. */
bool dp_in_night(int now_min_of_day, int off_start_min, int off_end_min);

#endif
