/* field_check: the rules of report forms and of the answers a field report carries
 * (docs/items.md §14). hub_form_check holds the hub's own assignments to the form rules (the demo
 * data set's tests use it); hub_answers_check judges every posted report against the form of its
 * assignment, so that what the hub stores is what the form asked for. */
#include "hub.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_FIELDS_MAX       16
#define FORM_KEY_MAX          32
#define FORM_LABEL_MAX        150 /* bytes */
#define FORM_CHOICES_MAX      8
#define FORM_CHOICE_MAX       90 /* bytes of one choice */
#define FORM_UNIT_MAX         15 /* bytes */
#define FORM_DECIMALS_DEFAULT 2
#define FORM_DECIMALS_MAX     6
#define FORM_PHOTOS_MAX       12   /* photos of one field, and min_photos of a form together */
#define ANSWER_TEXT_MAX       2000 /* bytes of a text answer */

static const char *const kinds[] = {"text",  "number", "choice", "multi",
                                    "yesno", "date",   "photo",  "location"};

static bool bad(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool bad(char *why, size_t cap, const char *fmt, ...)
{
    if (why && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* Text of 1..max bytes: UTF-8 without control characters (LF, CR and TAB only when multiline). */
static bool text_ok(const char *s, size_t max, bool multiline)
{
    size_t n = strlen(s);
    if (n < 1 || n > max || !wire_utf8_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ws = c == '\n' || c == '\r' || c == '\t';
        if ((c < 0x20 && !(multiline && ws)) || c == 0x7F)
            return false;
    }
    return true;
}

static bool str_ok(const cJSON *v, size_t max)
{
    return cJSON_IsString(v) && text_ok(v->valuestring, max, false);
}

static bool int_in(const cJSON *v, double lo, double hi)
{
    return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi &&
           v->valuedouble == (double)(long long)v->valuedouble;
}

static bool key_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > FORM_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static bool member_allowed(const char *name, const char *kind)
{
    if (is(name, "key") || is(name, "label") || is(name, "kind") || is(name, "required"))
        return true;
    if (is(name, "choices"))
        return is(kind, "choice") || is(kind, "multi");
    if (is(name, "unit") || is(name, "min") || is(name, "max") || is(name, "decimals"))
        return is(kind, "number");
    if (is(name, "min_photos") || is(name, "max_photos"))
        return is(kind, "photo");
    return false;
}

/* A JSON object's members each appear once. */
static const char *repeated_member(const cJSON *o)
{
    for (const cJSON *a = o->child; a; a = a->next)
        for (const cJSON *b = o->child; b != a; b = b->next)
            if (a->string && b->string && is(a->string, b->string))
                return a->string;
    return NULL;
}

/* decimals of a number field (absent: FORM_DECIMALS_DEFAULT). */
static int field_decimals(const cJSON *f)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(f, "decimals");
    return cJSON_IsNumber(d) ? (int)d->valuedouble : FORM_DECIMALS_DEFAULT;
}

/* max_photos of a photo field (absent: FORM_PHOTOS_MAX). */
static int field_max_photos(const cJSON *f)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(f, "max_photos");
    return cJSON_IsNumber(m) ? (int)m->valuedouble : FORM_PHOTOS_MAX;
}

static bool choices_check(const char *key, const cJSON *ch, char *why, size_t cap)
{
    int n = cJSON_GetArraySize(ch);
    if (!cJSON_IsArray(ch) || n < 2 || n > FORM_CHOICES_MAX)
        return bad(why, cap, "form field '%s': choices must be an array of 2 to %d texts", key,
                   FORM_CHOICES_MAX);
    for (const cJSON *c = ch->child; c; c = c->next) {
        if (!str_ok(c, FORM_CHOICE_MAX))
            return bad(why, cap, "form field '%s': a choice must be text of 1 to %d bytes", key,
                       FORM_CHOICE_MAX);
        for (const cJSON *d = ch->child; d != c; d = d->next)
            if (is(c->valuestring, d->valuestring))
                return bad(why, cap, "form field '%s': choice '%s' is listed twice", key,
                           c->valuestring);
    }
    return true;
}

static bool number_check(const char *key, const cJSON *f, char *why, size_t cap)
{
    const cJSON *unit = cJSON_GetObjectItemCaseSensitive(f, "unit");
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(f, "min");
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(f, "max");
    const cJSON *dec = cJSON_GetObjectItemCaseSensitive(f, "decimals");
    if (unit && !str_ok(unit, FORM_UNIT_MAX))
        return bad(why, cap, "form field '%s': unit must be text of 1 to %d bytes", key,
                   FORM_UNIT_MAX);
    if ((min && (!cJSON_IsNumber(min) || !isfinite(min->valuedouble))) ||
        (max && (!cJSON_IsNumber(max) || !isfinite(max->valuedouble))))
        return bad(why, cap, "form field '%s': min and max must be numbers", key);
    if (min && max && min->valuedouble > max->valuedouble)
        return bad(why, cap, "form field '%s': min is above max", key);
    if (dec && !int_in(dec, 0, FORM_DECIMALS_MAX))
        return bad(why, cap, "form field '%s': decimals must be an integer from 0 to %d", key,
                   FORM_DECIMALS_MAX);
    return true;
}

bool hub_form_check(const cJSON *form, char *why, size_t cap)
{
    int n = cJSON_GetArraySize(form);
    if (!cJSON_IsArray(form) || n < 1 || n > FORM_FIELDS_MAX)
        return bad(why, cap, "form must be an array of 1 to %d fields", FORM_FIELDS_MAX);
    int photos = 0, i = 0;
    for (const cJSON *f = form->child; f; f = f->next, i++) {
        if (!cJSON_IsObject(f))
            return bad(why, cap, "form field %d is not an object", i + 1);
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(f, "key");
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(f, "kind");
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(f, "required");
        if (!cJSON_IsString(key) || !key_ok(key->valuestring))
            return bad(why, cap, "form field %d: key must be 1 to %d of [a-z0-9_]", i + 1,
                       FORM_KEY_MAX);
        const char *k = key->valuestring;
        for (const cJSON *g = form->child; g != f; g = g->next)
            if (is(cJSON_GetObjectItemCaseSensitive(g, "key")->valuestring, k))
                return bad(why, cap, "form field '%s' appears twice", k);
        if (!str_ok(cJSON_GetObjectItemCaseSensitive(f, "label"), FORM_LABEL_MAX))
            return bad(why, cap, "form field '%s': label must be text of 1 to %d bytes", k,
                       FORM_LABEL_MAX);
        bool known = false;
        for (size_t j = 0; cJSON_IsString(kind) && j < sizeof kinds / sizeof kinds[0]; j++)
            known = known || is(kind->valuestring, kinds[j]);
        if (!known)
            return bad(why, cap, "form field '%s': unknown kind", k);
        if (!cJSON_IsBool(req))
            return bad(why, cap, "form field '%s': required must be true or false", k);
        const char *kd = kind->valuestring, *rep = repeated_member(f);
        if (rep)
            return bad(why, cap, "form field '%s': '%s' appears twice", k, rep);
        for (const cJSON *m = f->child; m; m = m->next)
            if (!member_allowed(m->string, kd))
                return bad(why, cap, "form field '%s': a %s field has no '%s'", k, kd, m->string);
        if ((is(kd, "choice") || is(kd, "multi")) &&
            !choices_check(k, cJSON_GetObjectItemCaseSensitive(f, "choices"), why, cap))
            return false;
        if (is(kd, "number") && !number_check(k, f, why, cap))
            return false;
        if (is(kd, "photo")) {
            const cJSON *mn = cJSON_GetObjectItemCaseSensitive(f, "min_photos");
            const cJSON *mx = cJSON_GetObjectItemCaseSensitive(f, "max_photos");
            if (!int_in(mn, 1, FORM_PHOTOS_MAX) ||
                (mx && !int_in(mx, mn->valuedouble, FORM_PHOTOS_MAX)))
                return bad(why, cap,
                           "form field '%s': min_photos must be 1 to %d and max_photos "
                           "min_photos to %d",
                           k, FORM_PHOTOS_MAX, FORM_PHOTOS_MAX);
            photos += (int)mn->valuedouble;
        }
    }
    if (photos > FORM_PHOTOS_MAX)
        return bad(why, cap, "the photo fields ask for more than %d photos together",
                   FORM_PHOTOS_MAX);
    return true;
}

/* ---- answers ------------------------------------------------------------------------------ */

/* Digits after the decimal point of v as written in its shortest form (12.50 -> 1, 3e-7 -> 7).
 * %.15g gives back the decimal a person typed, for up to 15 significant digits. */
static int decimals_of(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v < 0 ? -v : v);
    const char *e = strchr(buf, 'e'), *dot = strchr(buf, '.');
    int exp = e ? (int)strtol(e + 1, NULL, 10) : 0, frac = 0;
    for (const char *p = dot ? dot + 1 : buf + strlen(buf); *p >= '0' && *p <= '9'; p++)
        frac++;
    return frac - exp > 0 ? frac - exp : 0;
}

/* "YYYY-MM-DD", a date of the Gregorian calendar, years 1900..9999. */
static bool date_ok(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    static const int at[3][2] = {{0, 4}, {5, 2}, {8, 2}};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < at[i][1]; k++) {
            char c = s[at[i][0] + k];
            if (c < '0' || c > '9')
                return false;
            v[i] = v[i] * 10 + (c - '0');
        }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1)
        return false;
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    return v[2] <= mdays[v[1] - 1] + (v[1] == 2 && leap);
}

static bool in_choices(const cJSON *f, const char *s)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(f, "choices"))
    {
        if (cJSON_IsString(c) && is(c->valuestring, s))
            return true;
    }
    return false;
}

static int file_index(const wire_report_manifest *m, const char *name)
{
    for (int i = 0; i < m->n_files; i++)
        if (is(m->files[i].name, name))
            return i;
    return -1;
}

static bool location_ok(const cJSON *a, char *msg, size_t cap)
{
    static const char *const names[] = {"lat", "lon", "accuracy_m", "fix_time"};
    if (!cJSON_IsObject(a))
        return bad(msg, cap, "must be an object {lat, lon, accuracy_m, fix_time}");
    const char *rep = repeated_member(a);
    if (rep)
        return bad(msg, cap, "has '%s' twice", rep);
    for (const cJSON *m = a->child; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < 4; i++)
            known = known || is(m->string, names[i]);
        if (!known)
            return bad(msg, cap, "has an unknown member '%s'", m->string);
    }
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(a, "lat");
    const cJSON *lon = cJSON_GetObjectItemCaseSensitive(a, "lon");
    const cJSON *acc = cJSON_GetObjectItemCaseSensitive(a, "accuracy_m");
    const cJSON *ft = cJSON_GetObjectItemCaseSensitive(a, "fix_time");
    if (!cJSON_IsNumber(lat) || !(lat->valuedouble >= -90 && lat->valuedouble <= 90))
        return bad(msg, cap, "lat must be a number from -90 to 90");
    if (!cJSON_IsNumber(lon) || !(lon->valuedouble >= -180 && lon->valuedouble <= 180))
        return bad(msg, cap, "lon must be a number from -180 to 180");
    if (!acc || (!cJSON_IsNull(acc) &&
                 (!cJSON_IsNumber(acc) || !isfinite(acc->valuedouble) || acc->valuedouble < 0)))
        return bad(msg, cap, "accuracy_m must be a number >= 0 or null");
    if (!ft || (!cJSON_IsNull(ft) && (!cJSON_IsString(ft) || !wire_time_valid(ft->valuestring))))
        return bad(msg, cap, "fix_time must be YYYY-MM-DDThh:mm:ssZ or null");
    return true;
}

/* One answer a (not NULL) to form field f of kind kd. used[i] counts the photo answers naming
 * file i. On success *answered says whether it counts as an answer ([] and "" do not). */
static bool answer_ok(const cJSON *f, const char *kd, const cJSON *a, const wire_report_manifest *m,
                      int *used, bool *answered, char *msg, size_t cap)
{
    *answered = true;
    if (cJSON_IsNull(a))
        return bad(msg, cap, "is null; leave out a field that is not answered");
    if (is(kd, "text")) {
        if (!cJSON_IsString(a))
            return bad(msg, cap, "must be a string");
        const char *s = a->valuestring;
        if (s[0] && !text_ok(s, ANSWER_TEXT_MAX, true))
            return bad(msg, cap, "must be text of at most %d bytes without control characters",
                       ANSWER_TEXT_MAX);
        *answered = strspn(s, " \t\r\n") < strlen(s);
    } else if (is(kd, "number")) {
        if (!cJSON_IsNumber(a) || !isfinite(a->valuedouble))
            return bad(msg, cap, "must be a number");
        double v = a->valuedouble;
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(f, "min");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(f, "max");
        int dec = field_decimals(f);
        if (decimals_of(v) > dec)
            return bad(msg, cap, "%.15g has more than %d decimals", v, dec);
        if (cJSON_IsNumber(mn) && v < mn->valuedouble)
            return bad(msg, cap, "%.15g is below the minimum %.15g", v, mn->valuedouble);
        if (cJSON_IsNumber(mx) && v > mx->valuedouble)
            return bad(msg, cap, "%.15g is above the maximum %.15g", v, mx->valuedouble);
    } else if (is(kd, "choice")) {
        if (!cJSON_IsString(a) || !in_choices(f, a->valuestring))
            return bad(msg, cap, "must be one of the choices");
    } else if (is(kd, "multi")) {
        if (!cJSON_IsArray(a))
            return bad(msg, cap, "must be an array of choices");
        for (const cJSON *c = a->child; c; c = c->next) {
            if (!cJSON_IsString(c) || !in_choices(f, c->valuestring))
                return bad(msg, cap, "must hold only texts of the choices");
            for (const cJSON *d = a->child; d != c; d = d->next)
                if (is(c->valuestring, d->valuestring))
                    return bad(msg, cap, "holds '%s' twice", c->valuestring);
        }
        *answered = a->child != NULL;
    } else if (is(kd, "yesno")) {
        if (!cJSON_IsBool(a))
            return bad(msg, cap, "must be true or false");
    } else if (is(kd, "date")) {
        if (!cJSON_IsString(a) || !date_ok(a->valuestring))
            return bad(msg, cap, "must be a calendar date YYYY-MM-DD");
    } else if (is(kd, "photo")) {
        if (!cJSON_IsArray(a))
            return bad(msg, cap, "must be an array of file names");
        int n = 0;
        for (const cJSON *c = a->child; c; c = c->next, n++) {
            int i = cJSON_IsString(c) ? file_index(m, c->valuestring) : -1;
            if (i < 0)
                return bad(msg, cap, "names a file that is not in the report's files");
            if (used[i]++)
                return bad(msg, cap, "names file '%s' that another photo answer names too",
                           m->files[i].name);
        }
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(f, "min_photos");
        int lo = cJSON_IsNumber(mn) ? (int)mn->valuedouble : 1, hi = field_max_photos(f);
        if (n && (n < lo || n > hi))
            return bad(msg, cap, "has %d photos; it takes %d to %d", n, lo, hi);
        *answered = n > 0;
    } else if (is(kd, "location")) {
        return location_ok(a, msg, cap);
    } else {
        return bad(msg, cap, "has a kind the hub does not know");
    }
    return true;
}

bool hub_answers_check(const cJSON *form, const cJSON *answers, const wire_report_manifest *m,
                       char *why, size_t cap)
{
    if (!cJSON_IsObject(answers))
        return bad(why, cap, "answers must be an object");
    const char *rep = repeated_member(answers);
    if (rep)
        return bad(why, cap, "answer '%s' appears twice", rep);
    for (const cJSON *a = answers->child; a; a = a->next) {
        bool known = false;
        const cJSON *f;
        cJSON_ArrayForEach(f, form)
        {
            const cJSON *k = cJSON_GetObjectItemCaseSensitive(f, "key");
            known = known || (cJSON_IsString(k) && is(k->valuestring, a->string));
        }
        if (!known)
            return bad(why, cap, "answer '%s' is not a field of the assignment's form", a->string);
    }
    int used[WIRE_REPORT_FILES_MAX] = {0};
    const cJSON *f;
    cJSON_ArrayForEach(f, form)
    {
        const char *key = cJSON_GetObjectItemCaseSensitive(f, "key")->valuestring;
        const char *kd = cJSON_GetObjectItemCaseSensitive(f, "kind")->valuestring;
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(answers, key);
        char msg[200];
        bool answered = false;
        if (a && !answer_ok(f, kd, a, m, used, &answered, msg, sizeof msg))
            return bad(why, cap, "answer '%s' (%s) %s", key, kd, msg);
        if (!answered && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "required")))
            return bad(why, cap, "answer '%s' (%s) is required", key, kd);
    }
    for (int i = 0; i < m->n_files; i++)
        if (!used[i])
            return bad(why, cap, "file '%s' is not named by any photo answer", m->files[i].name);
    return true;
}
