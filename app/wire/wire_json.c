/* wire_json: JSON encoding and strict decoding of signed decisions and error bodies. Decoding is
 * strict (types, lengths, no unknown fields) because the hub stores what it accepts forever. */
#include "wire_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const decision_fields[] = {
    "decision_id",  "item_id",    "item_version",  "content_sha256", "action",
    "instructions", "recipients", "note",          "signer",         "role",
    "acting_for",   "signed_at",  "device_key_id", "signature",
};

cJSON *wire_decision_to_json(const wire_decision *d, const char *signature_b64)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = cJSON_AddStringToObject(o, "decision_id", d->decision_id) &&
              cJSON_AddStringToObject(o, "item_id", d->item_id) &&
              cJSON_AddNumberToObject(o, "item_version", (double)d->item_version) &&
              cJSON_AddStringToObject(o, "content_sha256", d->content_sha256) &&
              cJSON_AddStringToObject(o, "action", d->action);
    cJSON *ins = ok ? cJSON_AddArrayToObject(o, "instructions") : NULL;
    for (int i = 0; ins && i < d->n_instructions; i++)
        ok = ok && cJSON_AddItemToArray(ins, cJSON_CreateString(d->instructions[i]));
    cJSON *rec = ins ? cJSON_AddArrayToObject(o, "recipients") : NULL;
    for (int i = 0; rec && i < d->n_recipients; i++)
        ok = ok && cJSON_AddItemToArray(rec, cJSON_CreateString(d->recipients[i]));
    ok = ok && rec && cJSON_AddStringToObject(o, "note", d->note) &&
         cJSON_AddStringToObject(o, "signer", d->signer) &&
         cJSON_AddStringToObject(o, "role", d->role) &&
         cJSON_AddStringToObject(o, "acting_for", d->acting_for) &&
         cJSON_AddStringToObject(o, "signed_at", d->signed_at) &&
         cJSON_AddStringToObject(o, "device_key_id", d->device_key_id) &&
         cJSON_AddStringToObject(o, "signature", signature_b64);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

bool wire_json_str(const cJSON *obj, const char *name, char *out, size_t cap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(v) || !v->valuestring)
        return false;
    size_t n = strlen(v->valuestring);
    if (n >= cap)
        return false;
    memcpy(out, v->valuestring, n + 1);
    return true;
}

static bool str_array(const cJSON *obj, const char *name, char *base, size_t stride, int max,
                      int *count)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsArray(a))
        return false;
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (n >= max || !cJSON_IsString(e) || strlen(e->valuestring) >= stride)
            return false;
        memcpy(base + (size_t)n * stride, e->valuestring, strlen(e->valuestring) + 1);
        n++;
    }
    *count = n;
    return true;
}

static wire_err bad(char *why, size_t cap, const char *msg, const char *field)
{
    if (why && cap)
        snprintf(why, cap, "%s%s%s", msg, field ? ": " : "", field ? field : "");
    return WIRE_ERR_FIELD;
}

wire_err wire_decision_from_json(const cJSON *obj, wire_decision *d, char sig_b64[WIRE_SIG_B64_MAX],
                                 char *why, size_t why_cap)
{
    memset(d, 0, sizeof *d);
    if (!cJSON_IsObject(obj))
        return bad(why, why_cap, "decision must be a JSON object", NULL);
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof decision_fields / sizeof decision_fields[0]; i++)
            known = known || (m->string && strcmp(m->string, decision_fields[i]) == 0);
        if (!known)
            return bad(why, why_cap, "unknown field", m->string);
    }
    struct {
        const char *name;
        char *out;
        size_t cap;
    } strs[] = {
        {"decision_id", d->decision_id, sizeof d->decision_id},
        {"item_id", d->item_id, sizeof d->item_id},
        {"content_sha256", d->content_sha256, sizeof d->content_sha256},
        {"action", d->action, sizeof d->action},
        {"note", d->note, sizeof d->note},
        {"signer", d->signer, sizeof d->signer},
        {"role", d->role, sizeof d->role},
        {"acting_for", d->acting_for, sizeof d->acting_for},
        {"signed_at", d->signed_at, sizeof d->signed_at},
        {"device_key_id", d->device_key_id, sizeof d->device_key_id},
        {"signature", sig_b64, WIRE_SIG_B64_MAX},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (!wire_json_str(obj, strs[i].name, strs[i].out, strs[i].cap))
            return bad(why, why_cap, "missing, not a string or too long", strs[i].name);
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(obj, "item_version");
    if (!cJSON_IsNumber(ver) || ver->valuedouble < 1 || ver->valuedouble > 9007199254740991.0 ||
        ver->valuedouble != (double)(int64_t)ver->valuedouble)
        return bad(why, why_cap, "item_version must be a positive integer", NULL);
    d->item_version = (int64_t)ver->valuedouble;
    if (!str_array(obj, "instructions", &d->instructions[0][0], WIRE_CODE_MAX, WIRE_INSTR_MAX,
                   &d->n_instructions))
        return bad(why, why_cap, "instructions must be an array of at most 8 codes", NULL);
    if (!str_array(obj, "recipients", &d->recipients[0][0], WIRE_ID_MAX + 1, WIRE_RECIPIENTS_MAX,
                   &d->n_recipients))
        return bad(why, why_cap, "recipients must be an array of at most 5 ids", NULL);
    return wire_decision_check(d, why, why_cap);
}

char *wire_error_body(const char *code, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *e = o ? cJSON_AddObjectToObject(o, "error") : NULL;
    char *s = NULL;
    if (e && cJSON_AddStringToObject(e, "code", code) &&
        cJSON_AddStringToObject(e, "message", message))
        s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* ---- canonical text of a report's answers ---- */

typedef struct {
    char *buf;
    size_t len, cap;
    bool failed;
} canon_buf;

static void cb_put(canon_buf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n && cap <= WIRE_BODY_MAX * 4)
            cap *= 2;
        char *nb = cap >= b->len + n ? realloc(b->buf, cap) : NULL;
        if (!nb) {
            b->failed = true;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

static void cb_fmt(canon_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cb_fmt(canon_buf *b, const char *fmt, ...)
{
    char tmp[48];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        b->failed = true;
    else
        cb_put(b, tmp, (size_t)n);
}

/* s<byte length>:<bytes> */
static void cb_str(canon_buf *b, const char *s)
{
    size_t n = strlen(s);
    cb_fmt(b, "s%zu:", n);
    cb_put(b, s, n);
}

static int member_cmp(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

static void cb_value(canon_buf *b, const cJSON *v, int depth)
{
    if (b->failed)
        return;
    if (depth > 8) {
        b->failed = true;
        return;
    }
    if (cJSON_IsString(v)) {
        cb_str(b, v->valuestring ? v->valuestring : "");
    } else if (cJSON_IsNumber(v)) {
        /* The shortest of 15, 16 or 17 significant digits that reads back as the same double. */
        char num[40];
        for (int p = 15; p <= 17; p++) {
            snprintf(num, sizeof num, "%.*g", p, v->valuedouble);
            if (strtod(num, NULL) == v->valuedouble)
                break;
        }
        cb_fmt(b, "n%s;", num);
    } else if (cJSON_IsBool(v)) {
        cb_put(b, cJSON_IsTrue(v) ? "t" : "f", 1);
    } else if (cJSON_IsNull(v)) {
        cb_put(b, "z", 1);
    } else if (cJSON_IsArray(v)) {
        const cJSON *e;
        cb_fmt(b, "a%d[", cJSON_GetArraySize(v));
        cJSON_ArrayForEach(e, v) cb_value(b, e, depth + 1);
        cb_put(b, "]", 1);
    } else if (cJSON_IsObject(v)) {
        int n = cJSON_GetArraySize(v), i = 0;
        const cJSON **m = n ? malloc((size_t)n * sizeof *m) : NULL, *e;
        if (n && !m) {
            b->failed = true;
            return;
        }
        cJSON_ArrayForEach(e, v) m[i++] = e;
        if (n)
            qsort(m, (size_t)n, sizeof *m, member_cmp);
        cb_fmt(b, "o%d{", n);
        for (i = 0; i < n; i++) {
            cb_str(b, m[i]->string ? m[i]->string : "");
            cb_value(b, m[i], depth + 1);
        }
        cb_put(b, "}", 1);
        free(m);
    } else {
        b->failed = true;
    }
}

char *wire_answers_canonical(const cJSON *answers, size_t *len)
{
    canon_buf b = {0};
    *len = 0;
    if (!cJSON_IsObject(answers))
        return NULL;
    cb_value(&b, answers, 0);
    if (b.failed || b.len == 0) {
        free(b.buf);
        return NULL;
    }
    *len = b.len;
    return b.buf;
}
