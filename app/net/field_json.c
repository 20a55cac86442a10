/* field_json: the field profile's documents. Assignments from the hub are read strictly, one
 * assignment at a time: a bad one is skipped and counted, the rest are kept (items.md §1). Unknown
 * members are ignored (api.md §1: forward compatibility). The stored report is our own format,
 * read back as strictly as it was written. The report body follows api.md §8 and the answer
 * rules of items.md §14, which the hub checks against the assignment's form. */
#include "field_json.h"

#include "crypto.h"
#include "json_text.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fail(char *why, size_t cap, const char *msg)
{
    if (why && cap)
        snprintf(why, cap, "%s", msg);
    return false;
}

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A string member copied whole (never cut): ids, keys, choices, hashes. Empty allowed only when
 * empty_ok. */
static bool get_exact(const cJSON *o, const char *key, char *out, size_t cap, bool empty_ok)
{
    const cJSON *j = member(o, key);
    if (!cJSON_IsString(j) || !j->valuestring)
        return false;
    size_t n = strlen(j->valuestring);
    if ((!n && !empty_ok) || n >= cap || !wire_utf8_valid(j->valuestring, n))
        return false;
    memcpy(out, j->valuestring, n + 1);
    return true;
}

static bool get_number(const cJSON *o, const char *key, double *out)
{
    const cJSON *j = member(o, key);
    if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble))
        return false;
    *out = j->valuedouble;
    return true;
}

/* An integral number in [lo, hi]. */
static bool get_int(const cJSON *o, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    double v;
    if (!get_number(o, key, &v) || v != floor(v) || v < (double)lo || v > (double)hi)
        return false;
    *out = (int64_t)v;
    return true;
}

static bool key_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= FIELD_KEY_CAP)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* ---- assignments ------------------------------------------------------------------------------
 */

static bool parse_choices(const cJSON *o, form_field *f)
{
    const cJSON *ch = member(o, "choices"), *c;
    int n = cJSON_GetArraySize(ch);
    if (!cJSON_IsArray(ch) || n < 2 || n > FIELD_CHOICES_MAX)
        return false;
    cJSON_ArrayForEach(c, ch)
    {
        /* A choice is the answer itself: cutting it would send another value. */
        if (!cJSON_IsString(c) || !c->valuestring[0] ||
            strlen(c->valuestring) >= FIELD_CHOICE_CAP ||
            !wire_utf8_valid(c->valuestring, strlen(c->valuestring)))
            return false;
        for (int i = 0; i < f->n_choices; i++)
            if (strcmp(f->choices[i], c->valuestring) == 0)
                return false; /* twice: an answer could not tell which */
        if (!json_text_copy(c->valuestring, f->choices[f->n_choices], FIELD_CHOICE_CAP, false))
            return false;
        f->n_choices++;
    }
    return true;
}

static bool parse_number_field(const cJSON *o, form_field *f)
{
    const cJSON *unit = member(o, "unit");
    int64_t dec = FIELD_DECIMALS_DEFAULT;
    if (unit && !json_text_get(o, "unit", f->unit, sizeof f->unit))
        return false;
    f->has_min = member(o, "min") != NULL;
    f->has_max = member(o, "max") != NULL;
    if ((f->has_min && !get_number(o, "min", &f->min)) ||
        (f->has_max && !get_number(o, "max", &f->max)) ||
        (f->has_min && f->has_max && f->min > f->max))
        return false;
    if (member(o, "decimals") && !get_int(o, "decimals", 0, FIELD_DECIMALS_MAX, &dec))
        return false;
    f->decimals = (int)dec;
    return true;
}

static bool parse_photo_field(const cJSON *o, form_field *f)
{
    int64_t lo = 0, hi = FIELD_PHOTOS_MAX;
    if (!get_int(o, "min_photos", 1, FIELD_PHOTOS_MAX, &lo))
        return false;
    /* More than the device can attach is capped to what it can. */
    if (member(o, "max_photos") && !get_int(o, "max_photos", lo, INT32_MAX, &hi))
        return false;
    f->min_photos = (int)lo;
    f->max_photos = hi > FIELD_PHOTOS_MAX ? FIELD_PHOTOS_MAX : (int)hi;
    return true;
}

static bool parse_form_field(const cJSON *o, form_field *f)
{
    const cJSON *kind = member(o, "kind"), *req = member(o, "required");
    memset(f, 0, sizeof *f);
    if (!cJSON_IsObject(o) || !get_exact(o, "key", f->key, sizeof f->key, false) ||
        !key_valid(f->key) || !json_text_get(o, "label", f->label, sizeof f->label) ||
        !cJSON_IsString(kind) || !cJSON_IsBool(req))
        return false;
    int k = field_kind_from_name(kind->valuestring);
    if (k < 0)
        return false; /* a kind this device cannot fill in */
    f->kind = (field_kind)k;
    f->required = cJSON_IsTrue(req);
    switch (f->kind) {
    case FK_CHOICE:
    case FK_MULTI:
        return parse_choices(o, f);
    case FK_NUMBER:
        return parse_number_field(o, f);
    case FK_PHOTO:
        return parse_photo_field(o, f);
    default:
        return true;
    }
}

static bool parse_form(const cJSON *form, field_assignment *a)
{
    const cJSON *o;
    int n = cJSON_GetArraySize(form);
    if (!cJSON_IsArray(form) || n < 1 || n > FIELD_FORM_MAX)
        return false;
    cJSON_ArrayForEach(o, form)
    {
        form_field *f = &a->form[a->n_form];
        if (!parse_form_field(o, f))
            return false;
        for (int i = 0; i < a->n_form; i++)
            if (strcmp(a->form[i].key, f->key) == 0)
                return false; /* two answers under one key */
        a->n_form++;
    }
    return true;
}

static bool parse_assignment(const cJSON *o, field_assignment *a)
{
    memset(a, 0, sizeof *a);
    const cJSON *ag = member(o, "agency"), *loc = member(o, "location");
    const cJSON *prio = member(o, "priority"), *status = member(o, "status"),
                *due = member(o, "due");
    char assignee[FIELD_ID_CAP];
    if (!cJSON_IsObject(o) || !get_exact(o, "id", a->id, sizeof a->id, false) ||
        !wire_id_valid(a->id) || !json_text_get(o, "title", a->title, sizeof a->title) ||
        !cJSON_IsObject(ag) ||
        !get_exact(ag, "code", a->agency_code, sizeof a->agency_code, false) ||
        !json_text_get(ag, "name", a->agency_name, sizeof a->agency_name) ||
        !get_exact(o, "assignee", assignee, sizeof assignee, false) || !wire_id_valid(assignee) ||
        !cJSON_IsObject(loc) || !json_text_get(loc, "name", a->place, sizeof a->place) ||
        !json_text_get(loc, "address", a->address, sizeof a->address) ||
        !get_number(loc, "lat", &a->lat) || !get_number(loc, "lon", &a->lon) || fabs(a->lat) > 90 ||
        fabs(a->lon) > 180 ||
        !json_text_get(o, "instructions", a->instructions, sizeof a->instructions) ||
        !cJSON_IsString(due) || !wire_time_parse(due->valuestring, &a->due) ||
        !cJSON_IsString(prio) || !cJSON_IsString(status))
        return false;
    if (strcmp(prio->valuestring, "normal") == 0)
        a->priority = FIELD_PRIO_NORMAL;
    else if (strcmp(prio->valuestring, "tinggi") == 0)
        a->priority = FIELD_PRIO_HIGH;
    else
        return false;
    if (strcmp(status->valuestring, "baru") != 0 && strcmp(status->valuestring, "dikerjakan") != 0)
        return false;
    a->started = strcmp(status->valuestring, "dikerjakan") == 0;
    return parse_form(member(o, "form"), a);
}

bool field_json_assignments(const char *json, size_t len, field_list *out, char *why, size_t cap)
{
    if (!json || len > FIELD_JSON_MAX)
        return fail(why, cap, "assignments: missing or larger than the limit");
    cJSON *root = cJSON_ParseWithLength(json, len);
    const cJSON *arr = member(root, "assignments"), *o;
    if (!cJSON_IsObject(root) || !cJSON_IsArray(arr)) {
        cJSON_Delete(root);
        return fail(why, cap, "not an assignments document");
    }
    memset(out, 0, sizeof *out);
    cJSON_ArrayForEach(o, arr)
    {
        if (out->n >= FIELD_ASSIGNMENTS_MAX || !parse_assignment(o, &out->a[out->n])) {
            out->n_invalid++;
            continue;
        }
        bool twice = false;
        for (int i = 0; i < out->n && !twice; i++)
            twice = strcmp(out->a[i].id, out->a[out->n].id) == 0;
        if (twice)
            out->n_invalid++;
        else
            out->n++;
    }
    if (out->n < FIELD_ASSIGNMENTS_MAX)
        memset(&out->a[out->n], 0, sizeof out->a[out->n]);
    cJSON_Delete(root);
    return true;
}

/* ---- the stored report ------------------------------------------------------------------------
 */

/* A double written so that it reads back exactly (cJSON's printer may drop the last bits); null
 * for NAN. */
static bool add_num(cJSON *o, const char *k, double v)
{
    char buf[40];
    if (!isfinite(v))
        return cJSON_AddNullToObject(o, k) != NULL;
    snprintf(buf, sizeof buf, "%.17g", v);
    return cJSON_AddRawToObject(o, k, buf) != NULL;
}

static cJSON *fix_encode(const gps_fix *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddBoolToObject(o, "valid", f->valid) || !add_num(o, "lat", f->lat) ||
        !add_num(o, "lon", f->lon) || !add_num(o, "accuracy_m", f->accuracy_m) ||
        !cJSON_AddNumberToObject(o, "fix_time", (double)f->fix_time) ||
        !cJSON_AddNumberToObject(o, "mode", f->mode) ||
        !cJSON_AddNumberToObject(o, "received_at", (double)f->received_at)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool answer_encode(cJSON *arr, const field_answer *a)
{
    cJSON *o = cJSON_CreateObject(), *loc = NULL;
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return false;
    }
    return cJSON_AddStringToObject(o, "key", a->key) && cJSON_AddBoolToObject(o, "set", a->set) &&
           cJSON_AddStringToObject(o, "text", a->text) &&
           cJSON_AddNumberToObject(o, "chosen", (double)a->chosen) &&
           cJSON_AddBoolToObject(o, "yes", a->yes) && (loc = fix_encode(&a->loc)) != NULL &&
           cJSON_AddItemToObject(o, "loc", loc);
}

static bool photo_encode(cJSON *arr, const field_photo *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return false;
    }
    return cJSON_AddStringToObject(o, "name", p->name) &&
           cJSON_AddStringToObject(o, "field", p->field) &&
           cJSON_AddStringToObject(o, "source", p->source) &&
           cJSON_AddStringToObject(o, "sha256", p->sha256) &&
           cJSON_AddNumberToObject(o, "bytes", (double)p->bytes) &&
           cJSON_AddNumberToObject(o, "width", p->width) &&
           cJSON_AddNumberToObject(o, "height", p->height);
}

char *field_json_report_encode(const field_report *r)
{
    char *out = NULL;
    cJSON *o = cJSON_CreateObject(), *answers = NULL, *photos = NULL;
    bool ok = o && cJSON_AddNumberToObject(o, "v", 1) &&
              cJSON_AddStringToObject(o, "report_id", r->report_id) &&
              cJSON_AddStringToObject(o, "assignment_id", r->assignment_id) &&
              cJSON_AddNumberToObject(o, "created_at", (double)r->created_at) &&
              cJSON_AddNumberToObject(o, "updated_at", (double)r->updated_at) &&
              cJSON_AddNumberToObject(o, "focus", r->focus) &&
              cJSON_AddBoolToObject(o, "open", r->open) &&
              (answers = cJSON_AddArrayToObject(o, "answers")) != NULL &&
              (photos = cJSON_AddArrayToObject(o, "photos")) != NULL;
    for (int i = 0; ok && i < r->n_answers && i < FIELD_FORM_MAX; i++)
        ok = answer_encode(answers, &r->answers[i]);
    for (int i = 0; ok && i < r->n_photos && i < FIELD_PHOTOS_MAX; i++)
        ok = photo_encode(photos, &r->photos[i]);
    if (ok)
        out = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return out;
}

/* A stored double: a number, or null for NAN (unknown accuracy). */
static bool get_double_or_nan(const cJSON *o, const char *key, double *out)
{
    const cJSON *j = member(o, key);
    if (cJSON_IsNull(j)) {
        *out = NAN;
        return true;
    }
    return get_number(o, key, out);
}

static bool fix_decode(const cJSON *o, gps_fix *f)
{
    int64_t mode = 0;
    const cJSON *valid = member(o, "valid");
    if (!cJSON_IsObject(o) || !cJSON_IsBool(valid) || !get_double_or_nan(o, "lat", &f->lat) ||
        !get_double_or_nan(o, "lon", &f->lon) ||
        !get_double_or_nan(o, "accuracy_m", &f->accuracy_m) ||
        !get_int(o, "fix_time", 0, INT64_C(1) << 40, &f->fix_time) ||
        !get_int(o, "mode", 0, 3, &mode) ||
        !get_int(o, "received_at", 0, INT64_C(1) << 40, &f->received_at))
        return false;
    f->valid = cJSON_IsTrue(valid);
    f->mode = (int)mode;
    return !f->valid || (isfinite(f->lat) && isfinite(f->lon));
}

static bool answer_decode(const cJSON *o, field_answer *a)
{
    int64_t chosen = 0;
    const cJSON *set = member(o, "set"), *yes = member(o, "yes");
    if (!cJSON_IsObject(o) || !get_exact(o, "key", a->key, sizeof a->key, false) ||
        !key_valid(a->key) || !cJSON_IsBool(set) ||
        !get_exact(o, "text", a->text, sizeof a->text, true) ||
        !get_int(o, "chosen", 0, UINT32_MAX, &chosen) || !cJSON_IsBool(yes) ||
        !fix_decode(member(o, "loc"), &a->loc))
        return false;
    a->set = cJSON_IsTrue(set);
    a->chosen = (uint32_t)chosen;
    a->yes = cJSON_IsTrue(yes);
    return true;
}

static bool photo_decode(const cJSON *o, field_photo *p)
{
    int64_t w = 0, h = 0;
    if (!cJSON_IsObject(o) || !get_exact(o, "name", p->name, sizeof p->name, false) ||
        !wire_id_valid(p->name) || !get_exact(o, "field", p->field, sizeof p->field, false) ||
        !get_exact(o, "source", p->source, sizeof p->source, true) ||
        !get_exact(o, "sha256", p->sha256, sizeof p->sha256, false) ||
        !wire_hex64_valid(p->sha256) || !get_int(o, "bytes", 1, WIRE_FILE_MAX, &p->bytes) ||
        !get_int(o, "width", 0, 65535, &w) || !get_int(o, "height", 0, 65535, &h))
        return false;
    p->width = (int)w;
    p->height = (int)h;
    return true;
}

bool field_json_report_decode(const char *json, size_t len, field_report *out, char *why,
                              size_t cap)
{
    memset(out, 0, sizeof *out);
    cJSON *root = json ? cJSON_ParseWithLength(json, len) : NULL;
    const cJSON *answers = member(root, "answers"), *photos = member(root, "photos"), *o;
    const cJSON *open = member(root, "open");
    int64_t v = 0, focus = 0;
    bool ok =
        cJSON_IsObject(root) && get_int(root, "v", 1, 1, &v) &&
        get_exact(root, "report_id", out->report_id, sizeof out->report_id, false) &&
        get_exact(root, "assignment_id", out->assignment_id, sizeof out->assignment_id, false) &&
        get_int(root, "created_at", 0, INT64_C(1) << 40, &out->created_at) &&
        get_int(root, "updated_at", 0, INT64_C(1) << 40, &out->updated_at) &&
        get_int(root, "focus", -1, FIELD_FORM_MAX, &focus) && cJSON_IsBool(open) &&
        cJSON_IsArray(answers) && cJSON_GetArraySize(answers) <= FIELD_FORM_MAX &&
        cJSON_IsArray(photos) && cJSON_GetArraySize(photos) <= FIELD_PHOTOS_MAX;
    if (ok) {
        out->focus = (int)focus;
        out->open = cJSON_IsTrue(open);
    }
    const cJSON *alist = ok ? answers : NULL, *plist = ok ? photos : NULL;
    cJSON_ArrayForEach(o, alist)
    {
        if (!(ok = answer_decode(o, &out->answers[out->n_answers])))
            break;
        out->n_answers++;
    }
    if (!ok)
        plist = NULL;
    cJSON_ArrayForEach(o, plist)
    {
        if (!(ok = photo_decode(o, &out->photos[out->n_photos])))
            break;
        out->n_photos++;
    }
    cJSON_Delete(root);
    if (!ok) {
        memset(out, 0, sizeof *out);
        return fail(why, cap, "not a stored report");
    }
    out->state = REPORT_DRAFT;
    return true;
}

/* ---- the request ------------------------------------------------------------------------------
 */

static cJSON *location_json(const gps_fix *f)
{
    cJSON *o = cJSON_CreateObject();
    char t[WIRE_TIME_LEN];
    wire_time_format(f->fix_time, t);
    if (!o || !cJSON_AddNumberToObject(o, "lat", f->lat) ||
        !cJSON_AddNumberToObject(o, "lon", f->lon) ||
        !(isfinite(f->accuracy_m) && f->accuracy_m >= 0
              ? cJSON_AddNumberToObject(o, "accuracy_m", f->accuracy_m) != NULL
              : cJSON_AddNullToObject(o, "accuracy_m") != NULL) ||
        !(f->fix_time > 0 ? cJSON_AddStringToObject(o, "fix_time", t) != NULL
                          : cJSON_AddNullToObject(o, "fix_time") != NULL)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* The answer to f as JSON, or NULL with *skip when it is not answered (or *bad when it cannot be
 * written). */
static cJSON *answer_json(const form_field *f, const field_report *r, bool *skip, bool *bad)
{
    const field_answer *a = field_answer_find(r, f->key);
    cJSON *j = NULL;
    *skip = *bad = false;
    switch (f->kind) {
    case FK_TEXT:
        if (!a || !a->set || blank(a->text))
            break;
        return cJSON_CreateString(a->text);
    case FK_NUMBER: {
        double v = 0;
        int dec = 0;
        if (!a || !a->set || blank(a->text))
            break;
        /* As the form judged it (field_check): the text exactly as typed. */
        if (!field_parse_number(a->text, &v, &dec) || !isfinite(v)) {
            *bad = true;
            return NULL;
        }
        return cJSON_CreateNumber(v);
    }
    case FK_CHOICE:
        for (int i = 0; a && i < f->n_choices; i++)
            if (a->chosen & (1u << i))
                return cJSON_CreateString(f->choices[i]);
        break;
    case FK_MULTI:
        if (!a || !(a->chosen & ((1u << f->n_choices) - 1)))
            break;
        if (!(j = cJSON_CreateArray()))
            return NULL;
        for (int i = 0; i < f->n_choices; i++) {
            if ((a->chosen & (1u << i)) &&
                !cJSON_AddItemToArray(j, cJSON_CreateString(f->choices[i]))) {
                cJSON_Delete(j);
                return NULL;
            }
        }
        return j;
    case FK_YESNO:
        if (!a || !a->set)
            break;
        return cJSON_CreateBool(a->yes);
    case FK_DATE: {
        int64_t days;
        if (!a || !a->set || blank(a->text))
            break;
        const char *t = a->text + strspn(a->text, " ");
        if (strlen(t) != 10 || !field_parse_date(t, &days)) {
            *bad = true;
            return NULL;
        }
        return cJSON_CreateString(t);
    }
    case FK_PHOTO:
        if (!field_photo_count(r, f->key))
            break;
        if (!(j = cJSON_CreateArray()))
            return NULL;
        for (int i = 0; i < r->n_photos; i++) {
            if (strcmp(r->photos[i].field, f->key) == 0 &&
                !cJSON_AddItemToArray(j, cJSON_CreateString(r->photos[i].name))) {
                cJSON_Delete(j);
                return NULL;
            }
        }
        return j;
    case FK_LOCATION:
        if (!a || !a->set || !a->loc.valid)
            break;
        return location_json(&a->loc);
    default:
        break;
    }
    *skip = true;
    return NULL;
}

static cJSON *file_json(const wire_report_file *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "name", f->name) ||
        !cJSON_AddNumberToObject(o, "size", (double)f->size) ||
        !cJSON_AddStringToObject(o, "sha256", f->sha256) ||
        !cJSON_AddStringToObject(o, "mime", f->mime)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *files_json(const wire_report_manifest *m)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < m->n_files; i++) {
        cJSON *o = file_json(&m->files[i]);
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

/* The answers object of the body (a's fields in form order, unanswered ones left out) and, in
 * *main_fix, its first location answer (or NULL). NULL, with why, when one cannot be written. */
static cJSON *answers_object(const field_report *r, const field_assignment *a, cJSON **main_fix,
                             char *why, size_t cap)
{
    cJSON *answers = cJSON_CreateObject();
    *main_fix = NULL;
    if (!answers) {
        fail(why, cap, "out of memory");
        return NULL;
    }
    for (int i = 0; i < a->n_form; i++) {
        bool skip = false, bad = false;
        cJSON *j = answer_json(&a->form[i], r, &skip, &bad);
        if (skip)
            continue;
        if (!j || !cJSON_AddItemToObject(answers, a->form[i].key, j)) {
            char msg[80];
            snprintf(msg, sizeof msg, "answer '%s' cannot be sent as %s", a->form[i].key,
                     field_kind_name(a->form[i].kind));
            fail(why, cap, !j && bad ? msg : "out of memory");
            cJSON_Delete(j);
            cJSON_Delete(answers);
            return NULL;
        }
        if (a->form[i].kind == FK_LOCATION && !*main_fix)
            *main_fix = j;
    }
    return answers;
}

bool field_json_manifest(const field_report *r, const field_assignment *a,
                         const char *device_key_id, wire_report_manifest *m, char *why, size_t cap)
{
    memset(m, 0, sizeof *m);
    if (r->n_photos < 0 || r->n_photos > WIRE_REPORT_FILES_MAX)
        return fail(why, cap, "too many files");
    snprintf(m->report_id, sizeof m->report_id, "%s", r->report_id);
    snprintf(m->assignment_id, sizeof m->assignment_id, "%s", r->assignment_id);
    wire_time_format(r->created_at, m->created_at);
    snprintf(m->device_key_id, sizeof m->device_key_id, "%s", device_key_id);
    for (int i = 0; i < r->n_photos; i++) {
        wire_report_file *f = &m->files[m->n_files++];
        snprintf(f->name, sizeof f->name, "%s", r->photos[i].name);
        f->size = r->photos[i].bytes;
        snprintf(f->sha256, sizeof f->sha256, "%s", r->photos[i].sha256);
        snprintf(f->mime, sizeof f->mime, "image/jpeg"); /* every photo is re-encoded */
    }
    /* The answers are signed through their hash, taken as the hub will take it. */
    cJSON *fix, *answers = answers_object(r, a, &fix, why, cap);
    if (!answers)
        return false;
    size_t len = 0;
    char *text = wire_answers_canonical(answers, &len);
    cJSON_Delete(answers);
    if (!text)
        return fail(why, cap, "out of memory");
    crypto_sha256_hex(text, len, m->answers_sha256);
    free(text);
    return wire_report_check(m, why, cap) == WIRE_OK;
}

char *field_json_report_body(const field_report *r, const field_assignment *a,
                             const wire_report_manifest *m, const char *signature_b64, char *why,
                             size_t cap)
{
    char *out = NULL;
    cJSON *o = cJSON_CreateObject(), *answers = NULL, *files = NULL, *main_fix = NULL;
    bool ok = o && cJSON_AddStringToObject(o, "report_id", m->report_id) &&
              cJSON_AddStringToObject(o, "assignment_id", m->assignment_id) &&
              cJSON_AddStringToObject(o, "created_at", m->created_at);
    if (ok && !(answers = answers_object(r, a, &main_fix, why, cap))) {
        cJSON_Delete(o);
        return NULL;
    }
    ok = ok && cJSON_AddItemToObject(o, "answers", answers);
    if (!ok)
        cJSON_Delete(answers);
    ok = ok && (files = files_json(m)) != NULL && cJSON_AddItemToObject(o, "files", files);
    if (ok && main_fix) {
        cJSON *dup = cJSON_Duplicate(main_fix, true);
        ok = dup && cJSON_AddItemToObject(o, "location", dup);
    }
    ok = ok && cJSON_AddStringToObject(o, "device_key_id", m->device_key_id) &&
         cJSON_AddStringToObject(o, "signature", signature_b64);
    if (ok && !(out = cJSON_PrintUnformatted(o)))
        fail(why, cap, "out of memory");
    cJSON_Delete(o);
    return out;
}
