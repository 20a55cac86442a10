/* Unit tests of the config parser: every key (valid values, ranges, defaults), every error with
 * its exact message, quoting and escapes, hostile bytes (NUL, control characters, invalid UTF-8,
 * huge lines), the shipped example file, path resolution, and 20,000 random or mutated inputs. */
#include "config.h"
#include "wire.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PIN "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrc="
#define REQUIRED                                                                                   \
    "hub_url = https://hub.baliprov.go.id\n"                                                       \
    "ca_file = ca.pem\n"                                                                           \
    "server_pin = " PIN "\n"                                                                       \
    "data_dir = /var/lib/paraf\n"

static char err[512];

/* Parses a NUL-terminated text; the copy is exactly strlen bytes so ASan sees any over-read. */
static config_err parse(const char *text, paraf_config *c)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, text, n);
    config_err e = config_parse(copy, n, c, err, sizeof err);
    free(copy);
    return e;
}

/* REQUIRED plus one more line; returns the result, message in err. */
static config_err parse_with(const char *line, paraf_config *c)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "%s%s\n", REQUIRED, line);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return parse(text, c);
}

static void expect_ok(const char *line, paraf_config *c)
{
    config_err e = parse_with(line, c);
    if (e != CONFIG_OK)
        fail_msg("'%s' refused: %s", line, err);
    assert_string_equal(err, "");
}

/* The extra line is line 5. */
static void expect_err(const char *line, config_err want, const char *msg)
{
    paraf_config c;
    config_err e = parse_with(line, &c);
    if (e != want)
        fail_msg("'%s': got %d (%s), want %d", line, (int)e, err, (int)want);
    if (msg)
        assert_string_equal(err, msg);
}

static void test_minimal_defaults(void **state)
{
    (void)state;
    paraf_config c;
    assert_int_equal(parse(REQUIRED, &c), CONFIG_OK);
    assert_string_equal(err, "");
    assert_string_equal(c.hub_url, "https://hub.baliprov.go.id");
    assert_string_equal(c.ca_file, "ca.pem");
    assert_string_equal(c.server_pin, PIN);
    assert_string_equal(c.data_dir, "/var/lib/paraf");
    assert_int_equal(c.profile, PROFILE_APPROVER);
    assert_int_equal(c.language, LANG_ID);
    assert_string_equal(c.time_zone, "Asia/Makassar");
    assert_int_equal(c.tz.offset_min, 480);
    assert_string_equal(c.tz.abbr, "WITA");
    assert_int_equal(c.screen_w, 1280);
    assert_int_equal(c.screen_h, 800);
    assert_string_equal(c.token_file, "");
    assert_int_equal(c.idle_lock_s, 300);
    assert_int_equal(c.connect_timeout_ms, 5000);
    assert_int_equal(c.request_timeout_ms, 20000);
    assert_int_equal(c.poll_interval_s, 30);
    assert_string_equal(c.user_role, "sekda");

    paraf_config d;
    config_defaults(&d);
    assert_string_equal(d.hub_url, "");
    assert_int_equal(d.idle_lock_s, 300);
    assert_string_equal(config_profile_name(PROFILE_APPROVER), "approver");
    assert_string_equal(config_profile_name(PROFILE_BOARD), "board");
    assert_string_equal(config_profile_name(PROFILE_FIELD), "field");
    assert_string_equal(config_profile_name((paraf_profile)9), "approver");
}

static void test_every_key(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF# Paraf kiosk, lobby of the Bapenda office\r\n"
                               "\r\n"
                               "   hub_url   =   https://hub.baliprov.go.id:8443/paraf/  \r\n"
                               "ca_file=/etc/paraf/ca.pem\r\n"
                               "\tserver_pin =\t" PIN "\r\n"
                               "profile = board\n"
                               "  # indented comment = with an equals sign\n"
                               "data_dir = \"/var/lib/paraf data\"\n"
                               "language = en\n"
                               "time_zone = Asia/Jayapura\n"
                               "screen = 1080x1920\n"
                               "token_file = token.txt\n"
                               "idle_lock_s = 86400\n"
                               "connect_timeout_ms = 500\n"
                               "request_timeout_ms = 300000\n"
                               "poll_interval_s = 5\n"
                               "user_role = kepala.bapenda-2\n"
                               "# no newline at the end\n"
                               "      ";
    paraf_config c;
    assert_int_equal(parse(text, &c), CONFIG_OK);
    assert_string_equal(c.hub_url, "https://hub.baliprov.go.id:8443/paraf");
    assert_string_equal(c.ca_file, "/etc/paraf/ca.pem");
    assert_string_equal(c.server_pin, PIN);
    assert_int_equal(c.profile, PROFILE_BOARD);
    assert_string_equal(c.data_dir, "/var/lib/paraf data");
    assert_int_equal(c.language, LANG_EN);
    assert_string_equal(c.time_zone, "Asia/Jayapura");
    assert_int_equal(c.tz.offset_min, 540);
    assert_string_equal(c.tz.abbr, "WIT");
    assert_int_equal(c.screen_w, 1080);
    assert_int_equal(c.screen_h, 1920);
    assert_string_equal(c.token_file, "token.txt");
    assert_int_equal(c.idle_lock_s, 86400);
    assert_int_equal(c.connect_timeout_ms, 500);
    assert_int_equal(c.request_timeout_ms, 300000);
    assert_int_equal(c.poll_interval_s, 5);
    assert_string_equal(c.user_role, "kepala.bapenda-2");
}

static void test_values_valid(void **state)
{
    (void)state;
    paraf_config c;
    expect_ok("profile = field", &c);
    assert_int_equal(c.profile, PROFILE_FIELD);
    expect_ok("profile = approver", &c);
    assert_int_equal(c.profile, PROFILE_APPROVER);
    expect_ok("language = id", &c);
    assert_int_equal(c.language, LANG_ID);
    expect_ok("time_zone = Asia/Jakarta", &c);
    assert_string_equal(c.tz.abbr, "WIB");
    expect_ok("time_zone = Asia/Pontianak", &c);
    assert_int_equal(c.tz.offset_min, 420);
    expect_ok("time_zone = UTC", &c);
    assert_int_equal(c.tz.offset_min, 0);
    expect_ok("time_zone = Asia/Makassar", &c);
    expect_ok("screen = 1920x1080", &c);
    assert_int_equal(c.screen_w, 1920);
    assert_int_equal(c.screen_h, 1080);
    expect_ok("screen = 320X7680", &c);
    assert_int_equal(c.screen_w, 320);
    assert_int_equal(c.screen_h, 7680);
    expect_ok("idle_lock_s = 30", &c);
    assert_int_equal(c.idle_lock_s, 30);
    expect_ok("poll_interval_s = 3600", &c);
    assert_int_equal(c.poll_interval_s, 3600);
    expect_ok("connect_timeout_ms = 60000\nrequest_timeout_ms = 60000", &c);
    assert_int_equal(c.connect_timeout_ms, 60000);
    expect_ok("request_timeout_ms = 5000", &c); /* equal to the connect timeout: fine */
    assert_int_equal(c.request_timeout_ms, 5000);
    expect_ok("user_role = a", &c);
    expect_ok("user_role = "
              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              &c);
    assert_int_equal(strlen(c.user_role), 64);
    expect_ok("token_file = /run/paraf/enrol token", &c); /* spaces inside a bare value stay */
    assert_string_equal(c.token_file, "/run/paraf/enrol token");
    expect_ok("token_file = ./#1.txt", &c); /* '#' starts a comment only at a line's start */
    assert_string_equal(c.token_file, "./#1.txt");
    expect_ok("token_file = token \xC3\xA9t\xC3\xA9.txt", &c); /* UTF-8 */
}

static void test_hub_url(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"https://hub.baliprov.go.id", "https://hub.baliprov.go.id"},
        {"https://hub.baliprov.go.id/", "https://hub.baliprov.go.id"},
        {"https://10.1.2.3:8443/api/v1//", "https://10.1.2.3:8443/api/v1"},
        {"HTTPS://Hub.Example", "HTTPS://Hub.Example"},
        {"https://[2001:db8::1]:443", "https://[2001:db8::1]:443"},
        {"http://127.0.0.1:8443", "http://127.0.0.1:8443"},
        {"http://localhost", "http://localhost"},
        {"http://LOCALHOST:1/", "http://LOCALHOST:1"},
        {"http://[::1]:65535", "http://[::1]:65535"},
        {"\"https://hub.example/a%20b\"", "https://hub.example/a%20b"},
    };
    const char *http_msg = "line 1: hub_url must start with https:// (http:// is allowed only "
                           "for 127.0.0.1, localhost or [::1], for tests)";
    static const struct {
        const char *in, *msg;
    } bad[] = {
        {"http://hub.example", NULL},
        {"http://127.0.0.2", NULL},
        {"http://localhost.evil.example", NULL},
        {"ftp://hub.example", NULL},
        {"hub.example", NULL},
        {"https:/hub.example", NULL},
        {"https://", "line 1: hub_url has no host name"},
        {"https://:8443", "line 1: hub_url has no host name"},
        {"https://hub.example:0", "line 1: hub_url has an invalid port (1..65535)"},
        {"https://hub.example:65536", "line 1: hub_url has an invalid port (1..65535)"},
        {"https://hub.example:", "line 1: hub_url has an invalid port (1..65535)"},
        {"https://hub.example:84a3", "line 1: hub_url has an invalid port (1..65535)"},
        {"https://[::1]x", "line 1: hub_url has an invalid port (1..65535)"},
        {"https://[::1", "line 1: hub_url has an unterminated or empty IPv6 address"},
        {"https://[]", "line 1: hub_url has an unterminated or empty IPv6 address"},
        {"https://[::g]", "line 1: hub_url has an invalid IPv6 address"},
        {"https://user:pw@hub.example", "line 1: hub_url must not contain a user name or "
                                        "password ('@')"},
        {"https://hub.example/?x=1", "line 1: hub_url must not have a query or fragment ('?' "
                                     "or '#')"},
        {"https://hub.example#top", "line 1: hub_url must not have a query or fragment ('?' or "
                                    "'#')"},
        {"https://hub_example.id", "line 1: hub_url has an invalid host name"},
        {"https://hub ex.id", "line 1: hub_url has an invalid host name"},
        {"https://h\xC3\xBC"
         "b.id",
         "line 1: hub_url has an invalid host name"},
        {"https://hub.example/a b", "line 1: hub_url has a character that is not allowed in a "
                                    "URL path at byte 22"},
        {"https://hub.example/\"x", "line 1: hub_url has a character that is not allowed in a "
                                    "URL path at byte 21"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "hub_url = %s\nca_file = ca.pem\nserver_pin = " PIN "\ndata_dir = d\n", ok[i].in);
        paraf_config c;
        if (parse(text, &c) != CONFIG_OK)
            fail_msg("'%s' refused: %s", ok[i].in, err);
        assert_string_equal(c.hub_url, ok[i].out);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "hub_url = %s\nca_file = ca.pem\nserver_pin = " PIN "\ndata_dir = d\n", bad[i].in);
        paraf_config c;
        if (parse(text, &c) != CONFIG_ERR_VALUE)
            fail_msg("'%s' accepted or wrong error: %s", bad[i].in, err);
        assert_string_equal(err, bad[i].msg ? bad[i].msg : http_msg);
    }
    /* 255 bytes fit, 256 do not. */
    char url[300], line[320];
    memset(url, 'a', sizeof url);
    memcpy(url, "https://", 8);
    url[255] = '\0';
    snprintf(line, sizeof line, "hub_url = %s", url);
    char text[1024];
    snprintf(text, sizeof text, "%s\nca_file = c\nserver_pin = " PIN "\ndata_dir = d\n", line);
    paraf_config c;
    assert_int_equal(parse(text, &c), CONFIG_OK);
    assert_int_equal(strlen(c.hub_url), 255);
    url[255] = 'a';
    url[256] = '\0';
    snprintf(line, sizeof line, "hub_url = %s", url);
    snprintf(text, sizeof text, "%s\nca_file = c\nserver_pin = " PIN "\ndata_dir = d\n", line);
    assert_int_equal(parse(text, &c), CONFIG_ERR_VALUE);
    assert_string_equal(err, "line 1: hub_url is longer than 255 bytes");
}

static void test_server_pin(void **state)
{
    (void)state;
    const char *msg = "line 3: server_pin must be sha256// followed by 44 base64 characters (the "
                      "SHA-256 of the server's public key, as paraf-hub prints it)";
    const char *bad[] = {
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nr=",   /* 43 */
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrcc=", /* 45 */
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrcA",  /* no '=' */
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN-F1hrM6cy8nrc=",  /* '-' is base64url */
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrd=",  /* non-zero filler bits */
        "SHA256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrc=",
        "sha1//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrc=..",
        "MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrc=",
        "sha256//MEkUS7MpZvBAcfxJDp3aZ2iFhHQUoN+F1hrM6cy8nrc=;sha256//x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "hub_url = https://h\nca_file = c\nserver_pin = %s\ndata_dir = d\n", bad[i]);
        paraf_config c;
        if (parse(text, &c) != CONFIG_ERR_VALUE)
            fail_msg("pin '%s' accepted", bad[i]);
        assert_string_equal(err, msg);
    }
}

static void test_value_errors(void **state)
{
    (void)state;
    expect_err("profile = kiosk", CONFIG_ERR_VALUE,
               "line 5: profile must be approver, board or field (got 'kiosk')");
    expect_err("profile = Approver", CONFIG_ERR_VALUE,
               "line 5: profile must be approver, board or field (got 'Approver')");
    expect_err("language = english", CONFIG_ERR_VALUE,
               "line 5: language must be id or en (got 'english')");
    expect_err("language = EN", CONFIG_ERR_VALUE, "line 5: language must be id or en (got 'EN')");
    expect_err("time_zone = Asia/Singapore", CONFIG_ERR_VALUE,
               "line 5: time_zone 'Asia/Singapore' is not supported: use Asia/Makassar (WITA), "
               "Asia/Jakarta or Asia/Pontianak (WIB), Asia/Jayapura (WIT) or UTC");
    expect_err("time_zone = Asia/Makassar/Asia/Makassar/Asia/Makassar", CONFIG_ERR_VALUE, NULL);
    expect_err("time_zone = WITA", CONFIG_ERR_VALUE, NULL);

    const char *screen_fmt = "line 5: screen must be WIDTHxHEIGHT in pixels, e.g. 1280x800";
    expect_err("screen = 1280", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 1280x", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = x800", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 1280*800", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 1280 x 800", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = +1280x800", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 1280x800x2", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 12800000000x800", CONFIG_ERR_VALUE, screen_fmt);
    expect_err("screen = 319x800", CONFIG_ERR_VALUE,
               "line 5: screen width and height must each be 320..7680 (got 319x800)");
    expect_err("screen = 1280x7681", CONFIG_ERR_VALUE,
               "line 5: screen width and height must each be 320..7680 (got 1280x7681)");

    static const struct {
        const char *key;
        const char *lo_bad, *hi_bad;
        int lo, hi;
    } ints[] = {
        {"idle_lock_s", "29", "86401", 30, 86400},
        {"connect_timeout_ms", "499", "60001", 500, 60000},
        {"request_timeout_ms", "999", "300001", 1000, 300000},
        {"poll_interval_s", "4", "3601", 5, 3600},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        const char *vals[] = {ints[i].lo_bad, ints[i].hi_bad, "abc", "-5", "1e3",
                              "0x10",         "99999999999",  "3 0", "+30"};
        for (size_t j = 0; j < sizeof vals / sizeof vals[0]; j++) {
            char line[128], want[256];
            snprintf(line, sizeof line, "%s = %s", ints[i].key, vals[j]);
            snprintf(want, sizeof want,
                     "line 5: %s must be a whole number from %d to %d (got '%s')", ints[i].key,
                     ints[i].lo, ints[i].hi, vals[j]);
            expect_err(line, CONFIG_ERR_VALUE, want);
        }
    }
    expect_err("user_role = sekda prov", CONFIG_ERR_VALUE,
               "line 5: user_role must be 1..64 characters of A-Z a-z 0-9 . _ -");
    expect_err("user_role = "
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
               CONFIG_ERR_VALUE, "line 5: user_role must be 1..64 characters of A-Z a-z 0-9 . _ -");
    expect_err("token_file = \"a\tb\"", CONFIG_ERR_VALUE, "line 5: token_file contains a tab");
    expect_err("token_file =", CONFIG_ERR_VALUE, "line 5: token_file has no value");
    expect_err("token_file = \"\"", CONFIG_ERR_VALUE, "line 5: token_file has no value");

    /* Paths: 511 bytes fit, 512 do not. */
    char line[700];
    int n = snprintf(line, sizeof line, "token_file = ");
    memset(line + n, 'p', 511);
    line[n + 511] = '\0';
    paraf_config c;
    expect_ok(line, &c);
    assert_int_equal(strlen(c.token_file), 511);
    line[n + 511] = 'p';
    line[n + 512] = '\0';
    expect_err(line, CONFIG_ERR_VALUE, "line 5: token_file is longer than 511 bytes");

    /* Timeouts that contradict each other. */
    expect_err("request_timeout_ms = 2000", CONFIG_ERR_VALUE,
               "request_timeout_ms (2000) must not be less than connect_timeout_ms (5000)");
}

static void test_syntax_and_keys(void **state)
{
    (void)state;
    paraf_config c;
    static const char typo[] = "# Paraf\n"
                               "\n"
                               "ca_file = ca.pem\n"
                               "server_pin = " PIN "\n"
                               "data_dir = /data\n"
                               "   # a comment\n"
                               "hub_ulr = https://hub\n";
    assert_int_equal(parse(typo, &c), CONFIG_ERR_KEY);
    assert_string_equal(err, "line 7: unknown key 'hub_ulr' (did you mean 'hub_url'?)");
    expect_err("colour = red", CONFIG_ERR_KEY, "line 5: unknown key 'colour'");
    expect_err("idle_lock = 60", CONFIG_ERR_KEY,
               "line 5: unknown key 'idle_lock' (did you mean 'idle_lock_s'?)");
    expect_err("Profile = board", CONFIG_ERR_KEY,
               "line 5: unknown key 'Profile' (did you mean 'profile'?)");
    expect_err("hub url = x", CONFIG_ERR_KEY,
               "line 5: unknown key 'hub url' (did you mean 'hub_url'?)");
    expect_err(
        "a_really_long_key_name_that_goes_on_and_on_and_on_forever_and_ever = 1", CONFIG_ERR_KEY,
        "line 5: unknown key 'a_really_long_key_name_that_goes_on_and_on_and_o\xE2\x80\xA6'");
    expect_err("hub_url = https://other", CONFIG_ERR_KEY,
               "line 5: duplicate key 'hub_url' (first set on line 1)");
    expect_err("data_dir = /data", CONFIG_ERR_KEY,
               "line 5: duplicate key 'data_dir' (first set on line 4)");
    expect_err("hub_url", CONFIG_ERR_SYNTAX, "line 5: expected 'key = value'");
    expect_err("[paraf]", CONFIG_ERR_SYNTAX, "line 5: expected 'key = value'");
    expect_err("= value", CONFIG_ERR_SYNTAX, "line 5: no key before '='");
    expect_err("profile == board", CONFIG_ERR_VALUE,
               "line 5: profile must be approver, board or field (got '= board')");
    expect_err("profile = board # the lobby", CONFIG_ERR_VALUE,
               "line 5: profile must be approver, board or field (got 'board # the lobby')");

    /* Missing required keys: all of them are named. */
    assert_int_equal(parse("", &c), CONFIG_ERR_MISSING);
    assert_string_equal(err, "missing required keys: hub_url, ca_file, server_pin, data_dir");
    assert_int_equal(parse("# only a comment\n\n", &c), CONFIG_ERR_MISSING);
    assert_int_equal(parse("hub_url = https://h\nca_file = c\nserver_pin = " PIN "\n", &c),
                     CONFIG_ERR_MISSING);
    assert_string_equal(err, "missing required key: data_dir");
    assert_int_equal(config_parse(NULL, 0, &c, err, sizeof err), CONFIG_ERR_MISSING);
    assert_int_equal(config_parse(NULL, 99, &c, err, sizeof err), CONFIG_ERR_MISSING);
}

static void test_quoting(void **state)
{
    (void)state;
    paraf_config c;
    expect_ok("token_file = \"  spaced  \"", &c);
    assert_string_equal(c.token_file, "  spaced  ");
    expect_ok("token_file = \"a\\\"b\\\\c\"", &c);
    assert_string_equal(c.token_file, "a\"b\\c");
    expect_ok("token_file = \"x # not a comment\"   ", &c);
    assert_string_equal(c.token_file, "x # not a comment");
    expect_ok("token_file = \"=\"", &c);
    assert_string_equal(c.token_file, "=");
    expect_ok("token_file = a\"b", &c); /* a quote inside a bare value is just a character */
    assert_string_equal(c.token_file, "a\"b");
    expect_ok("profile = \"field\"", &c);
    assert_int_equal(c.profile, PROFILE_FIELD);
    expect_ok("idle_lock_s = \"60\"", &c);
    assert_int_equal(c.idle_lock_s, 60);

    expect_err("token_file = \"abc", CONFIG_ERR_SYNTAX, "line 5: missing closing quote (\")");
    expect_err("token_file = \"abc\\\"", CONFIG_ERR_SYNTAX, "line 5: missing closing quote (\")");
    expect_err("token_file = \"", CONFIG_ERR_SYNTAX, "line 5: missing closing quote (\")");
    expect_err("token_file = \"a\\nb\"", CONFIG_ERR_SYNTAX,
               "line 5: unknown escape in quoted value (only \\\" and \\\\ are allowed)");
    expect_err("token_file = \"a\\", CONFIG_ERR_SYNTAX,
               "line 5: unknown escape in quoted value (only \\\" and \\\\ are allowed)");
    expect_err("token_file = \"a\" b", CONFIG_ERR_SYNTAX,
               "line 5: unexpected text after the closing quote");
    expect_err("token_file = \"a\"\"b\"", CONFIG_ERR_SYNTAX,
               "line 5: unexpected text after the closing quote");
    expect_err("profile = \"board \"", CONFIG_ERR_VALUE,
               "line 5: profile must be approver, board or field (got 'board ')");
}

static void test_hostile_bytes(void **state)
{
    (void)state;
    paraf_config c;
    /* A NUL inside the text (parse() would stop at it: pass the length). */
    static const char nul[] = "hub_url = https://h\nca_file = c\0d\n";
    assert_int_equal(config_parse(nul, sizeof nul - 1, &c, err, sizeof err), CONFIG_ERR_SYNTAX);
    assert_string_equal(err, "line 2: contains a NUL byte (is this a text file?)");
    expect_err("token_file = a\x1b[31mb", CONFIG_ERR_SYNTAX,
               "line 5: contains a control character (0x1B)");
    expect_err("token_file = a\rb", CONFIG_ERR_SYNTAX,
               "line 5: contains a control character (0x0D)");
    expect_err("token_file = a\x7f", CONFIG_ERR_SYNTAX,
               "line 5: contains a control character (0x7F)");
    expect_err("# comment \xff\xfe", CONFIG_ERR_SYNTAX,
               "line 5: not valid UTF-8 (save the file as UTF-8)");
    expect_err("token_file = caf\xe9", CONFIG_ERR_SYNTAX, NULL);      /* Latin-1 */
    expect_err("token_file = \xc0\xaf", CONFIG_ERR_SYNTAX, NULL);     /* overlong '/' */
    expect_err("token_file = \xed\xa0\x80", CONFIG_ERR_SYNTAX, NULL); /* surrogate */
    expect_err("token_file = \xe2\x82", CONFIG_ERR_SYNTAX, NULL);     /* cut short */
    /* A BOM only counts at the very start. */
    expect_err("\xEF\xBB\xBFprofile = board", CONFIG_ERR_KEY, NULL);

    /* Lines: 4096 bytes are fine, 4097 are not, however the rest of the file looks. */
    size_t big = 3 * CONFIG_LINE_MAX;
    char *text = malloc(big + 64);
    assert_non_null(text);
    memset(text, ' ', big + 64);
    text[0] = '#';
    memcpy(text + CONFIG_LINE_MAX, "\n", 1);
    int n = snprintf(text + CONFIG_LINE_MAX + 1, 64, "%s", "x");
    assert_true(n == 1);
    /* line 1: 4096 bytes of comment; line 2: "x" (no '=') */
    assert_int_equal(config_parse(text, CONFIG_LINE_MAX + 2, &c, err, sizeof err),
                     CONFIG_ERR_SYNTAX);
    assert_string_equal(err, "line 2: expected 'key = value'");
    text[CONFIG_LINE_MAX] = ' ';
    assert_int_equal(config_parse(text, CONFIG_LINE_MAX + 1, &c, err, sizeof err),
                     CONFIG_ERR_SYNTAX);
    assert_string_equal(err, "line 1: longer than 4096 bytes");
    /* A line of 4096 bytes plus CR is still 4096 bytes. */
    text[CONFIG_LINE_MAX] = '\r';
    text[CONFIG_LINE_MAX + 1] = '\n';
    assert_int_equal(config_parse(text, CONFIG_LINE_MAX + 2, &c, err, sizeof err),
                     CONFIG_ERR_MISSING);
    assert_int_equal(config_parse(text, big, &c, err, sizeof err), CONFIG_ERR_SYNTAX);
    assert_string_equal(err, "line 2: longer than 4096 bytes");
    free(text);

    /* A value as long as a line may be still only gets a clear error. */
    char *line = malloc(CONFIG_LINE_MAX + 1);
    assert_non_null(line);
    n = snprintf(line, CONFIG_LINE_MAX + 1, "data_dir = ");
    memset(line + n, 'd', CONFIG_LINE_MAX - (size_t)n);
    line[CONFIG_LINE_MAX] = '\0';
    assert_int_equal(parse(line, &c), CONFIG_ERR_VALUE);
    assert_string_equal(err, "line 1: data_dir is longer than 511 bytes");
    free(line);
}

static void test_err_buffer(void **state)
{
    (void)state;
    paraf_config c;
    /* *out is untouched by a failed parse. */
    memset(&c, 0xAB, sizeof c);
    paraf_config before = c;
    assert_int_equal(parse_with("profile = kiosk", &c), CONFIG_ERR_VALUE);
    assert_memory_equal(&c, &before, sizeof c);
    /* No err buffer, or a tiny one: still safe, still NUL-terminated and whole characters. */
    static const char text[] = "k\xC3\xBCnci\xC3\xBC\xC3\xBC\xC3\xBC = 1\n";
    assert_int_equal(config_parse(text, sizeof text - 1, &c, NULL, 0), CONFIG_ERR_KEY);
    assert_int_equal(config_parse(text, sizeof text - 1, &c, NULL, 100), CONFIG_ERR_KEY);
    char small[64];
    for (size_t cap = 1; cap <= sizeof small; cap++) {
        memset(small, 'Z', sizeof small);
        assert_int_equal(config_parse(text, sizeof text - 1, &c, small, cap), CONFIG_ERR_KEY);
        size_t n = strnlen(small, cap);
        assert_true(n < cap);
        assert_true(wire_utf8_valid(small, n));
        for (size_t i = cap; i < sizeof small; i++)
            assert_int_equal(small[i], 'Z');
    }
    assert_int_equal(config_parse(text, sizeof text - 1, &c, small, sizeof small), CONFIG_ERR_KEY);
    assert_string_equal(small, "line 1: unknown key 'k\xC3\xBCnci\xC3\xBC\xC3\xBC\xC3\xBC'");
    /* out may be NULL: a validation run. */
    assert_int_equal(config_parse(REQUIRED, strlen(REQUIRED), NULL, err, sizeof err), CONFIG_OK);
}

/* The field profile's keys: defaults, valid values and the errors. */
static void test_field_keys(void **state)
{
    (void)state;
    paraf_config c;
    assert_int_equal(parse(REQUIRED, &c), CONFIG_OK);
    assert_string_equal(c.photo_dir, "");
    assert_string_equal(c.gpsd_host, "127.0.0.1");
    assert_string_equal(c.gpsd_port, "2947");
    assert_int_equal(c.gps_max_age_s, 120);
    assert_int_equal(c.gps_max_accuracy_m, 50);
    expect_ok("photo_dir = /media/usb/DCIM", &c);
    assert_string_equal(c.photo_dir, "/media/usb/DCIM");
    expect_ok("gps_max_age_s = 5", &c);
    assert_int_equal(c.gps_max_age_s, 5);
    expect_ok("gps_max_accuracy_m = 10000", &c);
    assert_int_equal(c.gps_max_accuracy_m, 10000);
    static const struct {
        const char *v, *host, *port;
    } good[] = {{"127.0.0.1:2947", "127.0.0.1", "2947"},
                {"127.0.0.1", "127.0.0.1", "2947"},
                {"127.1.2.3:1", "127.1.2.3", "1"},
                {"localhost:65535", "localhost", "65535"},
                {"LOCALHOST", "LOCALHOST", "2947"},
                {"[::1]:2948", "::1", "2948"},
                {"[::1]", "::1", "2947"}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char line[80];
        snprintf(line, sizeof line, "gpsd = %s", good[i].v);
        expect_ok(line, &c);
        assert_string_equal(c.gpsd_host, good[i].host);
        assert_string_equal(c.gpsd_port, good[i].port);
    }
    static const char *const bad[] = {
        "gpsd = 192.168.1.5:2947", "gpsd = gps.local",   "gpsd = 127.0.0.1:0",
        "gpsd = 127.0.0.1:65536",  "gpsd = 127.0.0.1:",  "gpsd = 127.0.0",
        "gpsd = 127.0.0.1.5",      "gpsd = 127.0.0.256", "gpsd = [::2]:2947",
        "gpsd = [::1]2947",        "gpsd = [::1",        "gpsd = :2947"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_err(bad[i], CONFIG_ERR_VALUE, NULL);
    expect_err("gpsd = 10.0.0.1:2947", CONFIG_ERR_VALUE,
               "line 5: gpsd must be a loopback address with an optional port, e.g. "
               "127.0.0.1:2947 (got '10.0.0.1:2947')");
    expect_err("gps_max_age_s = 4", CONFIG_ERR_VALUE,
               "line 5: gps_max_age_s must be a whole number from 5 to 86400 (got '4')");
    expect_err("gps_max_accuracy_m = 0", CONFIG_ERR_VALUE,
               "line 5: gps_max_accuracy_m must be a whole number from 1 to 10000 (got '0')");
    expect_err("photo_dir = a\tb", CONFIG_ERR_VALUE, NULL);
}

static void test_example_file(void **state)
{
    (void)state;
    const char *src = getenv("PARAF_SOURCE");
    if (!src)
        skip();
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/assets/paraf-example.conf", src);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[65536];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof text);
    paraf_config c;
    if (config_parse(text, len, &c, err, sizeof err) != CONFIG_OK)
        fail_msg("%s: %s", path, err);
    assert_int_equal(c.profile, PROFILE_APPROVER);
    assert_string_equal(c.time_zone, "Asia/Makassar");
}

static void test_resolve_path(void **state)
{
    (void)state;
    char out[64];
    assert_true(config_resolve_path("/etc/paraf", "ca.pem", out, sizeof out));
    assert_string_equal(out, "/etc/paraf/ca.pem");
    assert_true(config_resolve_path("/etc/paraf/", "certs/ca.pem", out, sizeof out));
    assert_string_equal(out, "/etc/paraf/certs/ca.pem");
    assert_true(config_resolve_path("/etc/paraf", "/var/lib/paraf", out, sizeof out));
    assert_string_equal(out, "/var/lib/paraf");
    assert_true(config_resolve_path("", "ca.pem", out, sizeof out));
    assert_string_equal(out, "ca.pem");
    assert_true(config_resolve_path(NULL, "ca.pem", out, sizeof out));
    assert_string_equal(out, "ca.pem");
    assert_true(config_resolve_path("conf", "../ca.pem", out, sizeof out));
    assert_string_equal(out, "conf/../ca.pem");
    assert_true(config_resolve_path("/", "ca.pem", out, sizeof out));
    assert_string_equal(out, "/ca.pem");

    assert_false(config_resolve_path("/etc", "", out, sizeof out));
    assert_string_equal(out, "");
    assert_false(config_resolve_path("/etc", NULL, out, sizeof out));
    assert_false(config_resolve_path("/etc", "a", NULL, 10));
    assert_false(config_resolve_path("/etc", "a", out, 0));
    /* Exactly fitting, and one byte short. */
    assert_true(config_resolve_path("/etc", "abc", out, 9));
    assert_string_equal(out, "/etc/abc");
    assert_false(config_resolve_path("/etc", "abc", out, 8));
    assert_string_equal(out, "");
}

/* ---- fuzz-style loop ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    /* xorshift64*: deterministic, so a failure reproduces. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t rnd(size_t n)
{
    return n ? (size_t)(rng() % n) : 0;
}

static const char seed[] = "# Paraf\n"
                           "hub_url = https://hub.baliprov.go.id:8443/\n"
                           "ca_file = \"certs/ca root.pem\"\n"
                           "server_pin = " PIN "\n"
                           "profile = board\n"
                           "data_dir = /var/lib/paraf\n"
                           "language = en\n"
                           "time_zone = Asia/Makassar\n"
                           "screen = 1920x1080\n"
                           "token_file = token.txt\n"
                           "idle_lock_s = 600\n"
                           "connect_timeout_ms = 4000\n"
                           "request_timeout_ms = 30000\n"
                           "poll_interval_s = 60\n"
                           "user_role = sekda\n";

static const char *const tokens[] = {
    "\"",
    "\\",
    "=",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\0",
    "\xff",
    "\xc3",
    "\xe2\x80\xa6",
    "\xEF\xBB\xBF",
    "https://",
    "http://",
    "[::1]",
    ":0",
    ":65536",
    "@",
    "?",
    "sha256//",
    "x",
    "99999999999",
    "-",
    "hub_url = ",
    "profile = field\n",
    "\\\"",
    "localhost",
    "Asia/Jakarta",
};

static size_t mutate(char *b, size_t n, size_t cap)
{
    int rounds = 1 + (int)rnd(6);
    for (int r = 0; r < rounds; r++) {
        size_t at = rnd(n + 1);
        switch (rnd(6)) {
        case 0: /* flip a byte */
            if (n)
                b[rnd(n)] = (char)rng();
            break;
        case 1: /* delete a run */
            if (n) {
                size_t len = 1 + rnd(n - at < 40 ? n - at + 1 : 40);
                if (at + len > n)
                    len = n - at;
                memmove(b + at, b + at + len, n - at - len);
                n -= len;
            }
            break;
        case 2: { /* insert a token */
            const char *t = tokens[rnd(sizeof tokens / sizeof tokens[0])];
            size_t len = t[0] ? strlen(t) : 1;
            if (n + len <= cap) {
                memmove(b + at + len, b + at, n - at);
                memcpy(b + at, t, len);
                n += len;
            }
            break;
        }
        case 3: { /* duplicate a run (makes duplicate keys and long lines) */
            size_t from = rnd(n + 1), len = rnd(200);
            if (from + len > n)
                len = n - from;
            if (n + len <= cap) {
                memmove(b + at + len, b + at, n - at);
                memmove(b + at, b + (from < at ? from : from + len), len);
                n += len;
            }
            break;
        }
        case 4: /* truncate */
            n = at;
            break;
        default: { /* a long run of one byte */
            size_t len = rnd(5000);
            char ch = rnd(2) ? 'a' : (char)rng();
            if (n + len <= cap) {
                memmove(b + at + len, b + at, n - at);
                memset(b + at, ch, len);
                n += len;
            }
            break;
        }
        }
    }
    return n;
}

static void check_result(config_err e, const paraf_config *c, const char *msg, size_t cap)
{
    assert_true(e >= CONFIG_OK && e <= CONFIG_ERR_MISSING);
    size_t n = strnlen(msg, cap);
    assert_true(n < cap);
    assert_true(wire_utf8_valid(msg, n));
    if (e != CONFIG_OK) {
        assert_true(cap == 1 || n > 0);
        return;
    }
    assert_int_equal(n, 0);
    assert_true(strnlen(c->hub_url, sizeof c->hub_url) < sizeof c->hub_url);
    assert_true(strncmp(c->hub_url, "http", 4) == 0 || strncmp(c->hub_url, "HTTP", 4) == 0);
    assert_true(strnlen(c->ca_file, sizeof c->ca_file) > 0);
    assert_int_equal(strnlen(c->server_pin, sizeof c->server_pin), 52);
    assert_true(strnlen(c->data_dir, sizeof c->data_dir) < sizeof c->data_dir);
    assert_true(strnlen(c->token_file, sizeof c->token_file) < sizeof c->token_file);
    assert_true(c->profile <= PROFILE_FIELD);
    assert_true(c->language == LANG_ID || c->language == LANG_EN);
    assert_true(tz_lookup(c->time_zone, NULL));
    assert_true(c->screen_w >= 320 && c->screen_w <= 7680);
    assert_true(c->screen_h >= 320 && c->screen_h <= 7680);
    assert_true(c->idle_lock_s >= 30 && c->idle_lock_s <= 86400);
    assert_true(c->connect_timeout_ms >= 500 && c->connect_timeout_ms <= 60000);
    assert_true(c->request_timeout_ms >= c->connect_timeout_ms);
    assert_true(c->request_timeout_ms <= 300000);
    assert_true(c->poll_interval_s >= 5 && c->poll_interval_s <= 3600);
    assert_true(wire_id_valid(c->user_role));
}

static void test_fuzz(void **state)
{
    (void)state;
    enum { CAP = 64 * 1024, RUNS = 20000 };
    char *work = malloc(CAP);
    assert_non_null(work);
    int outcomes[5] = {0};
    for (int run = 0; run < RUNS; run++) {
        size_t n;
        if (run % 4 == 0) { /* random bytes, biased towards text */
            n = rnd(800);
            for (size_t i = 0; i < n; i++) {
                uint64_t r = rng();
                work[i] = (r & 3) ? "abcdehiklnoprstu_=#\" \n\\/:.0123456789x"[(r >> 8) % 37]
                                  : (char)(r >> 16);
            }
        } else {
            n = sizeof seed - 1;
            memcpy(work, seed, n);
            n = mutate(work, n, CAP);
        }
        /* An exact-size heap copy: reading one byte past len is an ASan error. */
        char *exact = malloc(n ? n : 1);
        assert_non_null(exact);
        memcpy(exact, work, n);
        size_t cap = run % 7 == 0 ? 1 + rnd(24) : 256;
        char msg[256];
        paraf_config c;
        config_err e = config_parse(exact, n, &c, msg, cap);
        check_result(e, &c, msg, cap);
        outcomes[e]++;
        free(exact);
    }
    free(work);
    /* The loop reached every outcome, so it exercised more than the first check. */
    for (int i = 0; i < 5; i++)
        assert_true(outcomes[i] > 0);
    print_message("fuzz: %d ok, %d syntax, %d key, %d value, %d missing\n", outcomes[0],
                  outcomes[1], outcomes[2], outcomes[3], outcomes[4]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults), cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_values_valid),     cmocka_unit_test(test_hub_url),
        cmocka_unit_test(test_server_pin),       cmocka_unit_test(test_value_errors),
        cmocka_unit_test(test_syntax_and_keys),  cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_hostile_bytes),    cmocka_unit_test(test_err_buffer),
        cmocka_unit_test(test_field_keys),       cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_resolve_path),     cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
