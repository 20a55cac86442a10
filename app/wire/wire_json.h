/* wire_json: cJSON codec of the wire types (signed decisions, error bodies), shared by the device
 * program and paraf-hub so both read and write the same JSON. Thread-safe: no state. */
#ifndef PARAF_WIRE_JSON_H
#define PARAF_WIRE_JSON_H

#include "wire.h"

#include <cjson/cJSON.h>

#define WIRE_SIG_B64_MAX 128 /* base64 of a DER ECDSA P-256 signature, with NUL */

/* JSON object of a decision and its base64 signature (docs/api.md). Caller owns the result. */
cJSON *wire_decision_to_json(const wire_decision *d, const char *signature_b64);

/* Reads a decision object. Every field must be present with the right JSON type, no unknown
 * fields; the decision must pass wire_decision_check. The base64 signature goes to sig_b64.
 * On failure writes a short English reason to why. */
wire_err wire_decision_from_json(const cJSON *obj, wire_decision *d, char sig_b64[WIRE_SIG_B64_MAX],
                                 char *why, size_t why_cap) __attribute__((warn_unused_result));

/* Copies a string member of obj into out; false when missing, not a string, or too long. */
bool wire_json_str(const cJSON *obj, const char *name, char *out, size_t cap);

/* The canonical text of a field report's answers, whose SHA-256 the report's signature covers
 * (docs/api.md §8, "Canonical text of the answers"): every value typed and length-prefixed,
 * object members in bytewise key order, numbers in the fewest of 15-17 significant digits that
 * read back as the same double. The device and the hub
 * make it from their own cJSON trees of the same JSON, so it does not depend on how the body was
 * spaced or ordered. malloc'd (not NUL-terminated: *len bytes), or NULL when answers is not an
 * object, nests deeper than 8 or memory runs out. */
char *wire_answers_canonical(const cJSON *answers, size_t *len);

/* The error body {"error":{"code":code,"message":message}} as a malloc'd string. */
char *wire_error_body(const char *code, const char *message);

#endif
