/* display_power: backlight on/off through sysfs, and the night schedule check. */
#include "display_power.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BL_POWER_ON  0 /* FB_BLANK_UNBLANK */
#define BL_POWER_OFF 4 /* FB_BLANK_POWERDOWN */

struct display_power {
    char dir[PATH_MAX]; /* "" when no backlight was found */
    int max;            /* max_brightness */
    int saved;          /* brightness seen before the last switch off; 0 = none yet */
    bool has_bl_power;
    char err[PATH_MAX + 96];
};

/* Read a small non-negative integer file. The value, or -1 with errno set. */
static int read_int(const char *dir, const char *name)
{
    char path[PATH_MAX + 32], buf[32];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int saved_errno = errno;
    close(fd);
    if (n < 0) {
        errno = saved_errno;
        return -1;
    }
    buf[n] = '\0';
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (end == buf || errno || v < 0 || v > INT_MAX) {
        errno = EINVAL;
        return -1;
    }
    return (int)v;
}

/* Write an integer file (sysfs attributes take the value in one write). 0, or -1 with errno set
 * and the reason in dp->err. */
static int write_int(display_power *dp, const char *name, int v)
{
    char path[PATH_MAX + 32], buf[32];
    snprintf(path, sizeof path, "%s/%s", dp->dir, name);
    int len = snprintf(buf, sizeof buf, "%d\n", v);
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    int e = 0;
    if (fd < 0) {
        e = errno;
    } else {
        ssize_t n = write(fd, buf, (size_t)len);
        if (n != len)
            e = n < 0 ? errno : EIO;
        if (close(fd) != 0 && !e)
            e = errno;
    }
    if (!e)
        return 0;
    snprintf(dp->err, sizeof dp->err, "cannot write %d to %s: %s", v, path, strerror(e));
    errno = e;
    return -1;
}

/* Write name=v unless it already reads v (a failed read just means "write it"). */
static int ensure_int(display_power *dp, const char *name, int v)
{
    if (read_int(dp->dir, name) == v)
        return 0;
    return write_int(dp, name, v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pick the first usable backlight by name (deterministic when a device has several). */
static void find_backlight(display_power *dp, const char *root)
{
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s/class/backlight", root);
    DIR *d = opendir(base);
    if (!d)
        return;
    char *names[64];
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && count < sizeof names / sizeof names[0]) {
        if (de->d_name[0] == '.')
            continue;
        names[count] = strdup(de->d_name);
        if (names[count])
            count++;
    }
    closedir(d);
    qsort(names, count, sizeof names[0], cmp_str);
    for (size_t i = 0; i < count; i++) {
        char dir[PATH_MAX + 300], path[PATH_MAX + 320];
        int n = snprintf(dir, sizeof dir, "%s/%s", base, names[i]);
        if (dp->dir[0] || n < 0 || (size_t)n >= sizeof dp->dir)
            continue;
        int max = read_int(dir, "max_brightness");
        snprintf(path, sizeof path, "%s/brightness", dir);
        if (max <= 0 || access(path, F_OK) != 0)
            continue;
        memcpy(dp->dir, dir, (size_t)n + 1);
        dp->max = max;
        snprintf(path, sizeof path, "%s/bl_power", dir);
        dp->has_bl_power = access(path, F_OK) == 0;
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
}

display_power *dp_open(const char *sysfs_root)
{
    display_power *dp = calloc(1, sizeof *dp);
    if (!dp)
        return NULL;
    find_backlight(dp, sysfs_root ? sysfs_root : "/sys");
    return dp;
}

void dp_close(display_power *dp)
{
    free(dp);
}

bool dp_has_backlight(const display_power *dp)
{
    return dp && dp->dir[0];
}

const char *dp_backlight_path(const display_power *dp)
{
    return dp ? dp->dir : "";
}

const char *dp_last_error(const display_power *dp)
{
    return dp ? dp->err : "no display power handle";
}

int dp_set(display_power *dp, bool on)
{
    if (!dp) {
        errno = EINVAL;
        return -1;
    }
    dp->err[0] = '\0';
    if (!dp->dir[0]) {
        snprintf(dp->err, sizeof dp->err, "no backlight to switch");
        errno = ENODEV;
        return -1;
    }
    int cur = read_int(dp->dir, "brightness");
    if (on) {
        int want = dp->saved > 0 ? dp->saved : cur > 0 ? cur : dp->max;
        if (want > dp->max)
            want = dp->max;
        /* Light first, then unblank, so the panel never shows at brightness 0. */
        if (ensure_int(dp, "brightness", want) != 0)
            return -1;
        if (dp->has_bl_power && ensure_int(dp, "bl_power", BL_POWER_ON) != 0)
            return -1;
        dp->saved = 0; /* on now: the next "off" remembers whatever brightness it finds */
        return 0;
    }
    if (cur > 0)
        dp->saved = cur;
    if (dp->has_bl_power && ensure_int(dp, "bl_power", BL_POWER_OFF) != 0)
        return -1;
    return ensure_int(dp, "brightness", 0);
}

static int mod_day(int m)
{
    return ((m % 1440) + 1440) % 1440;
}

bool dp_in_night(int now_min_of_day, int off_start_min, int off_end_min)
{
    int now = mod_day(now_min_of_day), start = mod_day(off_start_min), end = mod_day(off_end_min);
    if (start == end)
        return false;
    if (start < end)
        return now >= start && now < end;
    return now >= start || now < end; /* crosses midnight */
}
