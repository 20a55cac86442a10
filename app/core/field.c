/* field: see field.h. */
#include "field.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[FK_KINDS] = {"text",  "number", "choice", "multi",
                                                 "yesno", "date",   "photo",  "location"};

const char *field_kind_name(field_kind k)
{
    return k >= 0 && k < FK_KINDS ? kind_names[k] : "?";
}

int field_kind_from_name(const char *s)
{
    for (int i = 0; s && i < FK_KINDS; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return i;
    return -1;
}

bool field_parse_number(const char *s, double *out, int *decimals)
{
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    char buf[FIELD_SHORT_CAP];
    size_t n = 0;
    int seps = 0, digits = 0, after = 0;
    const char *p = s;
    if (*p == '-' || *p == '+')
        buf[n++] = *p++;
    for (; *p && n + 1 < sizeof buf; p++) {
        if (*p >= '0' && *p <= '9') {
            buf[n++] = *p;
            digits++;
            if (seps)
                after++;
        } else if (*p == ',' || *p == '.') {
            if (++seps > 1)
                return false; /* "1.250,5" or "1,250.5": which one is the thousands mark? */
            buf[n++] = '.';
        } else {
            break;
        }
    }
    while (*p == ' ')
        p++;
    if (*p || !digits || n + 1 >= sizeof buf)
        return false;
    buf[n] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (!end || *end || !isfinite(v))
        return false;
    *out = v;
    if (decimals)
        *decimals = after;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool field_parse_date(const char *s, int64_t *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

const field_answer *field_answer_find(const field_report *r, const char *key)
{
    for (int i = 0; i < r->n_answers; i++)
        if (strcmp(r->answers[i].key, key) == 0)
            return &r->answers[i];
    return NULL;
}

field_answer *field_answer_for(field_report *r, const char *key)
{
    for (int i = 0; i < r->n_answers; i++)
        if (strcmp(r->answers[i].key, key) == 0)
            return &r->answers[i];
    if (r->n_answers >= FIELD_FORM_MAX || strlen(key) >= FIELD_KEY_CAP)
        return NULL;
    field_answer *a = &r->answers[r->n_answers++];
    memset(a, 0, sizeof *a);
    memcpy(a->key, key, strlen(key) + 1);
    return a;
}

int field_photo_count(const field_report *r, const char *key)
{
    int n = 0;
    for (int i = 0; i < r->n_photos; i++)
        n += strcmp(r->photos[i].field, key) == 0;
    return n;
}

static bool answered(const form_field *f, const field_answer *a, int n_photos)
{
    switch (f->kind) {
    case FK_PHOTO:
        return n_photos > 0;
    case FK_CHOICE:
    case FK_MULTI:
        return a && a->chosen != 0;
    case FK_TEXT:
    case FK_NUMBER:
    case FK_DATE: {
        if (!a || !a->set)
            return false;
        for (const char *c = a->text; *c; c++)
            if (*c != ' ' && *c != '\n' && *c != '\t')
                return true;
        return false;
    }
    case FK_YESNO:
        return a && a->set;
    case FK_LOCATION:
        return a && a->set && a->loc.valid;
    default:
        return false;
    }
}

field_verdict field_check(const form_field *f, const field_answer *a, int n_photos,
                          int64_t today_days, int64_t now, int max_age_s, double max_acc_m)
{
    if (!answered(f, a, n_photos))
        return f->required ? FV_REQUIRED : FV_OK;
    switch (f->kind) {
    case FK_NUMBER: {
        double v;
        int dec = 0;
        if (!field_parse_number(a->text, &v, &dec))
            return FV_NOT_NUMBER;
        if (dec > f->decimals)
            return FV_TOO_MANY_DECIMALS;
        if (f->has_min && v < f->min)
            return FV_BELOW_MIN;
        if (f->has_max && v > f->max)
            return FV_ABOVE_MAX;
        return FV_OK;
    }
    case FK_DATE: {
        int64_t d;
        const char *t = a->text;
        while (*t == ' ')
            t++;
        if (!field_parse_date(t, &d))
            return FV_BAD_DATE;
        return d > today_days ? FV_FUTURE_DATE : FV_OK;
    }
    case FK_PHOTO:
        if (f->min_photos > 0 && n_photos < f->min_photos)
            return FV_TOO_FEW_PHOTOS;
        if (f->max_photos > 0 && n_photos > f->max_photos)
            return FV_TOO_MANY_PHOTOS;
        return FV_OK;
    case FK_LOCATION:
        switch (gps_judge(&a->loc, now, max_age_s, max_acc_m)) {
        case GPS_OLD:
            return FV_LOCATION_OLD;
        case GPS_INACCURATE:
            return FV_LOCATION_INACCURATE;
        case GPS_NONE:
            return f->required ? FV_REQUIRED : FV_OK;
        default:
            return FV_OK;
        }
    default:
        return FV_OK;
    }
}

int field_validate(const field_assignment *a, const field_report *r, field_verdict *verdicts,
                   int64_t today_days, int64_t now, int max_age_s, double max_acc_m)
{
    int bad = 0;
    for (int i = 0; i < a->n_form; i++) {
        const form_field *f = &a->form[i];
        verdicts[i] = field_check(f, field_answer_find(r, f->key), field_photo_count(r, f->key),
                                  today_days, now, max_age_s, max_acc_m);
        bad += verdicts[i] != FV_OK;
    }
    return bad;
}

static int cmp_assignment(const void *pa, const void *pb)
{
    const field_assignment *a = pa, *b = pb;
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority == FIELD_PRIO_HIGH ? -1 : 1;
    return strcmp(a->id, b->id);
}

void field_list_sort(field_list *l)
{
    qsort(l->a, (size_t)l->n, sizeof l->a[0], cmp_assignment);
}

const field_assignment *field_list_find(const field_list *l, const char *id)
{
    for (int i = 0; l && i < l->n; i++)
        if (strcmp(l->a[i].id, id) == 0)
            return &l->a[i];
    return NULL;
}
