/* Tests of the board kiosk's platform pieces: display power (display_power.c) against a fake
 * sysfs tree in a temp dir (on/off/on restores brightness, re-applying is idempotent and
 * re-asserts after an outside change, no backlight, unwritable brightness), the night schedule
 * (windows crossing midnight, empty windows), and the systemd notify protocol (watchdog.c)
 * received on a real unix datagram socket, by path and in the abstract namespace. */
#include "display_power.h"
#include "watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

/* ---- fake sysfs ---- */

typedef struct {
    char root[64];
    char bl[PATH_MAX]; /* <root>/class/backlight/<name> */
} fake_sysfs;

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int get_int(const char *dir, const char *name)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int v = -1;
    assert_int_equal(fscanf(f, "%d", &v), 1);
    fclose(f);
    return v;
}

static void mkdir_ok(const char *path)
{
    if (mkdir(path, 0755) != 0)
        fail_msg("mkdir %s: %s", path, strerror(errno));
}

/* <root>/class/backlight/<name>/{brightness,max_brightness,bl_power}; name NULL = no backlight. */
static void sysfs_make(fake_sysfs *fs, const char *name, int brightness, int max)
{
    snprintf(fs->root, sizeof fs->root, "/tmp/paraf-test-sysfs-XXXXXX");
    assert_non_null(mkdtemp(fs->root));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/class", fs->root);
    mkdir_ok(path);
    snprintf(path, sizeof path, "%s/class/backlight", fs->root);
    mkdir_ok(path);
    fs->bl[0] = '\0';
    if (!name)
        return;
    snprintf(fs->bl, sizeof fs->bl, "%s/class/backlight/%s", fs->root, name);
    mkdir_ok(fs->bl);
    char v[32];
    snprintf(v, sizeof v, "%d\n", brightness);
    put_file(fs->bl, "brightness", v);
    snprintf(v, sizeof v, "%d\n", max);
    put_file(fs->bl, "max_brightness", v);
    put_file(fs->bl, "bl_power", "0\n");
}

static void sysfs_remove(fake_sysfs *fs)
{
    char cmd[PATH_MAX];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", fs->root, fs->root);
    assert_int_equal(system(cmd), 0);
}

static void test_dp_on_off_on_restores(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, "panel0", 37, 255);
    display_power *dp = dp_open(fs.root);
    assert_non_null(dp);
    assert_true(dp_has_backlight(dp));
    assert_string_equal(dp_backlight_path(dp), fs.bl);

    assert_int_equal(dp_set(dp, true), 0); /* already on: brightness kept as the user set it */
    assert_int_equal(get_int(fs.bl, "brightness"), 37);
    assert_int_equal(get_int(fs.bl, "bl_power"), 0);

    assert_int_equal(dp_set(dp, false), 0);
    assert_int_equal(get_int(fs.bl, "brightness"), 0);
    assert_int_equal(get_int(fs.bl, "bl_power"), 4);

    assert_int_equal(dp_set(dp, false), 0); /* re-applied: still off, 37 still remembered */
    assert_int_equal(get_int(fs.bl, "brightness"), 0);
    assert_int_equal(get_int(fs.bl, "bl_power"), 4);

    assert_int_equal(dp_set(dp, true), 0);
    assert_int_equal(get_int(fs.bl, "brightness"), 37);
    assert_int_equal(get_int(fs.bl, "bl_power"), 0);
    assert_string_equal(dp_last_error(dp), "");
    dp_close(dp);
    sysfs_remove(&fs);
}

static void test_dp_on_uses_max_when_nothing_seen(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, "panel0", 0, 100);
    put_file(fs.bl, "bl_power", "4\n");
    display_power *dp = dp_open(fs.root);
    assert_int_equal(dp_set(dp, false), 0);
    assert_int_equal(dp_set(dp, true), 0);
    assert_int_equal(get_int(fs.bl, "brightness"), 100);
    assert_int_equal(get_int(fs.bl, "bl_power"), 0);
    dp_close(dp);
    sysfs_remove(&fs);
}

/* A TV power cycle or driver reset turns the panel back on while it should be off: the next
 * re-application switches it off again; a re-application that finds nothing to change writes
 * nothing (checked by making the files unwritable, when not root). */
static void test_dp_reapply(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, "panel0", 80, 100);
    display_power *dp = dp_open(fs.root);
    assert_int_equal(dp_set(dp, false), 0);
    put_file(fs.bl, "bl_power", "0\n");
    put_file(fs.bl, "brightness", "100\n");
    assert_int_equal(dp_set(dp, false), 0);
    assert_int_equal(get_int(fs.bl, "bl_power"), 4);
    assert_int_equal(get_int(fs.bl, "brightness"), 0);

    if (geteuid() != 0) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/brightness", fs.bl);
        assert_int_equal(chmod(path, 0444), 0);
        snprintf(path, sizeof path, "%s/bl_power", fs.bl);
        assert_int_equal(chmod(path, 0444), 0);
        assert_int_equal(dp_set(dp, false), 0); /* no write needed, so none attempted */
    }
    dp_close(dp);
    sysfs_remove(&fs);
}

static void test_dp_no_backlight(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, NULL, 0, 0);
    display_power *dp = dp_open(fs.root);
    assert_non_null(dp);
    assert_false(dp_has_backlight(dp));
    assert_string_equal(dp_backlight_path(dp), "");
    errno = 0;
    assert_int_equal(dp_set(dp, false), -1);
    assert_int_equal(errno, ENODEV);
    assert_int_equal(dp_set(dp, true), -1);
    assert_true(strlen(dp_last_error(dp)) > 0);
    dp_close(dp);

    /* A directory without max_brightness is not a backlight; neither is a missing sysfs. */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/class/backlight/broken", fs.root);
    mkdir_ok(path);
    dp = dp_open(fs.root);
    assert_false(dp_has_backlight(dp));
    dp_close(dp);
    dp = dp_open("/nonexistent-paraf-sysfs");
    assert_non_null(dp);
    assert_false(dp_has_backlight(dp));
    assert_int_equal(dp_set(dp, true), -1);
    dp_close(dp);
    assert_false(dp_has_backlight(NULL));
    assert_int_equal(dp_set(NULL, true), -1);
    sysfs_remove(&fs);
}

/* Two backlights: the first by name is used, whatever order readdir returns. */
static void test_dp_picks_first_by_name(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, "b_panel", 10, 100);
    char other[PATH_MAX];
    snprintf(other, sizeof other, "%s/class/backlight/a_panel", fs.root);
    mkdir_ok(other);
    put_file(other, "brightness", "5\n");
    put_file(other, "max_brightness", "7\n");
    display_power *dp = dp_open(fs.root);
    assert_string_equal(dp_backlight_path(dp), other);
    /* a_panel has no bl_power: brightness alone does the job. */
    assert_int_equal(dp_set(dp, false), 0);
    assert_int_equal(get_int(other, "brightness"), 0);
    assert_int_equal(dp_set(dp, true), 0);
    assert_int_equal(get_int(other, "brightness"), 5);
    assert_int_equal(get_int(fs.bl, "brightness"), 10); /* the other one untouched */
    dp_close(dp);
    sysfs_remove(&fs);
}

/* brightness cannot be written: dp_set reports it (errno and message) and nothing crashes. As
 * root, mode 0444 does not stop a write, so the file is replaced by a directory (EISDIR) to
 * exercise the same path. */
static void test_dp_readonly_brightness(void **state)
{
    (void)state;
    fake_sysfs fs;
    sysfs_make(&fs, "panel0", 50, 100);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/brightness", fs.bl);
    bool root = geteuid() == 0;
    if (root) {
        assert_int_equal(unlink(path), 0);
        mkdir_ok(path);
    } else {
        assert_int_equal(chmod(path, 0444), 0);
    }
    display_power *dp = dp_open(fs.root);
    assert_true(dp_has_backlight(dp));
    errno = 0;
    assert_int_equal(dp_set(dp, false), -1);
    assert_int_equal(errno, root ? EISDIR : EACCES);
    if (!strstr(dp_last_error(dp), "brightness"))
        fail_msg("unexpected error message: %s", dp_last_error(dp));
    assert_int_equal(dp_set(dp, false), -1); /* repeated failures stay failures, no crash */
    if (!root) {
        /* The failed "off" left brightness at 50, so "on" has nothing to write there: it works. */
        assert_int_equal(dp_set(dp, true), 0);
        assert_int_equal(get_int(fs.bl, "brightness"), 50);
        assert_int_equal(get_int(fs.bl, "bl_power"), 0);
    } else {
        assert_int_equal(dp_set(dp, true), -1);
    }
    dp_close(dp);
    sysfs_remove(&fs);
}

static void test_dp_in_night(void **state)
{
    (void)state;
    static const struct {
        int now, start, end;
        bool off;
    } cases[] = {
        /* 22:00-06:00 crosses midnight */
        {21 * 60 + 59, 22 * 60, 6 * 60, false},
        {22 * 60, 22 * 60, 6 * 60, true},
        {23 * 60 + 59, 22 * 60, 6 * 60, true},
        {0, 22 * 60, 6 * 60, true},
        {3 * 60, 22 * 60, 6 * 60, true},
        {5 * 60 + 59, 22 * 60, 6 * 60, true},
        {6 * 60, 22 * 60, 6 * 60, false},
        {12 * 60, 22 * 60, 6 * 60, false},
        /* 01:00-05:00 within one day */
        {0, 60, 300, false},
        {59, 60, 300, false},
        {60, 60, 300, true},
        {299, 60, 300, true},
        {300, 60, 300, false},
        /* empty window: never off */
        {0, 0, 0, false},
        {600, 600, 600, false},
        {1439, 1320, 1320, false},
        /* window starting at midnight, and ending at midnight */
        {0, 0, 360, true},
        {1439, 0, 360, false},
        {1439, 1320, 0, true},
        {0, 1320, 0, false},
        /* out-of-range minutes are taken modulo a day */
        {1440 + 30, 1320, 360, true},
        {-30, 1320, 360, true},
        {-720, 1320, 360, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = dp_in_night(cases[i].now, cases[i].start, cases[i].end);
        if (got != cases[i].off)
            fail_msg("case %zu: now %d window %d-%d: got %d, want %d", i, cases[i].now,
                     cases[i].start, cases[i].end, got, cases[i].off);
    }
}

/* ---- watchdog / notify ---- */

/* A datagram socket bound to path (or, with abstract, to "\0"+path). */
static int notify_listener(const char *path, bool abstract)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    size_t len = strlen(path);
    assert_true(len + 1 < sizeof sa.sun_path);
    socklen_t sl;
    if (abstract) {
        memcpy(sa.sun_path + 1, path, len);
        sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
    } else {
        memcpy(sa.sun_path, path, len + 1);
        sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
    }
    if (bind(fd, (struct sockaddr *)&sa, sl) != 0)
        fail_msg("bind %s: %s", path, strerror(errno));
    return fd;
}

/* The next datagram, exactly ("" when none is waiting). */
static void expect_datagram(int fd, const char *want)
{
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    if (n < 0) {
        assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
        n = 0;
    }
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void test_wd_notify_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/paraf-test-notify-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/notify", dir);
    int fd = notify_listener(path, false);
    assert_int_equal(setenv("NOTIFY_SOCKET", path, 1), 0);

    wd_ready();
    wd_ping();
    wd_stopping();
    expect_datagram(fd, "READY=1");
    expect_datagram(fd, "WATCHDOG=1");
    expect_datagram(fd, "STOPPING=1");
    expect_datagram(fd, "");
    assert_int_equal(wd_notify("STATUS=malam"), 1);
    expect_datagram(fd, "STATUS=malam");

    /* Not under systemd: nothing is sent. */
    unsetenv("NOTIFY_SOCKET");
    assert_int_equal(wd_notify("READY=1"), 0);
    wd_ready();
    wd_ping();
    wd_stopping();
    expect_datagram(fd, "");

    /* A socket that is gone, or a bad name: an error, no crash. */
    close(fd);
    unlink(path);
    setenv("NOTIFY_SOCKET", path, 1);
    assert_int_equal(wd_notify("WATCHDOG=1"), -1);
    wd_ping();
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    assert_int_equal(wd_notify("WATCHDOG=1"), -1);
    unsetenv("NOTIFY_SOCKET");
    rmdir(dir);
}

static void test_wd_notify_abstract(void **state)
{
    (void)state;
    char name[64], env[80];
    snprintf(name, sizeof name, "paraf-test-notify-%ld", (long)getpid());
    int fd = notify_listener(name, true);
    snprintf(env, sizeof env, "@%s", name);
    setenv("NOTIFY_SOCKET", env, 1);
    wd_ready();
    wd_ping();
    wd_stopping();
    expect_datagram(fd, "READY=1");
    expect_datagram(fd, "WATCHDOG=1");
    expect_datagram(fd, "STOPPING=1");
    expect_datagram(fd, "");
    unsetenv("NOTIFY_SOCKET");
    close(fd);
}

static void test_wd_interval(void **state)
{
    (void)state;
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(wd_interval_ms(), 0);
    setenv("WATCHDOG_USEC", "30000000", 1);
    assert_int_equal(wd_interval_ms(), 15000);
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    assert_int_equal(wd_interval_ms(), 15000);
    snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
    setenv("WATCHDOG_PID", pid, 1); /* meant for another process */
    assert_int_equal(wd_interval_ms(), 0);
    unsetenv("WATCHDOG_PID");
    const char *bad[] = {"", "0", "abc", "-5", "30s"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("WATCHDOG_USEC", bad[i], 1);
        assert_int_equal(wd_interval_ms(), 0);
    }
    setenv("WATCHDOG_USEC", "99999999999999999", 1);
    assert_int_equal(wd_interval_ms(), INT_MAX);
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(wd_interval_ms(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dp_on_off_on_restores),
        cmocka_unit_test(test_dp_on_uses_max_when_nothing_seen),
        cmocka_unit_test(test_dp_reapply),
        cmocka_unit_test(test_dp_no_backlight),
        cmocka_unit_test(test_dp_picks_first_by_name),
        cmocka_unit_test(test_dp_readonly_brightness),
        cmocka_unit_test(test_dp_in_night),
        cmocka_unit_test(test_wd_notify_path),
        cmocka_unit_test(test_wd_notify_abstract),
        cmocka_unit_test(test_wd_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
