/* doc_json: cJSON parse, then a bounded recursive copy into a doc. cJSON's own nesting limit
 * (1000) protects its parser; ours (64) keeps the UI's tree walks shallow, and the node cap keeps
 * a hostile body from costing more memory than its size suggests. */
#include "doc_json.h"

#include "wire.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    doc *d;
    size_t nodes;
    char *err;
    size_t cap;
} doc_json_ctx;

static bool doc_json_fail(doc_json_ctx *c, const char *why)
{
    if (c->err && c->cap)
        snprintf(c->err, c->cap, "%s", why);
    return false;
}

static bool doc_json_utf8(const char *s)
{
    return s && wire_utf8_valid(s, strlen(s));
}

static bool doc_json_copy(doc_json_ctx *c, const cJSON *j, doc_node *parent, int depth)
{
    if (depth > DOC_JSON_DEPTH_MAX)
        return doc_json_fail(c, "JSON nested too deeply");
    if (++c->nodes > DOC_JSON_NODES_MAX)
        return doc_json_fail(c, "JSON has too many values");
    const char *key = parent && parent->kind == DOC_OBJ ? j->string : NULL;
    if (parent && parent->kind == DOC_OBJ && !doc_json_utf8(key))
        return doc_json_fail(c, "JSON member name is not UTF-8");
    doc_node *n = NULL;
    if (cJSON_IsString(j)) {
        if (!doc_json_utf8(j->valuestring))
            return doc_json_fail(c, "JSON string is not UTF-8");
        n = doc_add_str(c->d, parent, key, j->valuestring);
    } else if (cJSON_IsNumber(j)) {
        n = doc_add_num(c->d, parent, key, j->valuedouble);
    } else if (cJSON_IsBool(j)) {
        n = doc_add_bool(c->d, parent, key, cJSON_IsTrue(j));
    } else if (cJSON_IsNull(j)) {
        n = doc_add(c->d, parent, key, DOC_NULL);
    } else if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
        n = doc_add(c->d, parent, key, cJSON_IsArray(j) ? DOC_ARR : DOC_OBJ);
        for (const cJSON *e = n ? j->child : NULL; e; e = e->next)
            if (!doc_json_copy(c, e, n, depth + 1))
                return false;
    } else {
        return doc_json_fail(c, "JSON value of an unknown kind");
    }
    return n ? true : doc_json_fail(c, "out of memory");
}

doc *doc_from_json(const char *text, size_t len, char *err, size_t cap)
{
    doc_json_ctx c = {NULL, 0, err, cap};
    cJSON *j = NULL;
    if (err && cap)
        err[0] = '\0';
    if (!text || len == 0) {
        doc_json_fail(&c, "empty body");
        goto fail;
    }
    const char *end = NULL;
    j = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!j) {
        doc_json_fail(&c, "not valid JSON");
        goto fail;
    }
    /* Only whitespace may follow the value (a captive portal's page would not parse anyway). */
    for (const char *p = end; p && p < text + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '\0') {
            doc_json_fail(&c, "data after the JSON value");
            goto fail;
        }
    }
    c.d = doc_create();
    if (!c.d) {
        doc_json_fail(&c, "out of memory");
        goto fail;
    }
    if (!doc_json_copy(&c, j, NULL, 1))
        goto fail;
    cJSON_Delete(j);
    return c.d;
fail:
    cJSON_Delete(j);
    doc_free(c.d);
    return NULL;
}
