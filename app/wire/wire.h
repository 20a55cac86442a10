/* wire: the v1 API's shared vocabulary and the signed-decision format, used by the device program
 * and by paraf-hub alike (docs/api.md is the contract). This header is pure C: no JSON library;
 * the cJSON codec is in wire_json.h. Thread-safe: no state. */
#ifndef PARAF_WIRE_H
#define PARAF_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_ID_MAX         64   /* ids: 1..64 of [A-Za-z0-9._-] */
#define WIRE_NOTE_MAX       2000 /* bytes of UTF-8 in a decision note */
#define WIRE_RECIPIENTS_MAX 5    /* disposisi recipients */
#define WIRE_INSTR_MAX      8    /* instruction codes in one decision */
#define WIRE_CODE_MAX       32
#define WIRE_TIME_LEN       21            /* "2020-07-06T02:15:00Z" + NUL */
#define WIRE_BODY_MAX       (1024 * 1024) /* largest JSON request or response body */
#define WIRE_CANON_MAX      4096          /* canonical decision bytes fit in this */

typedef enum {
    WIRE_OK = 0,
    WIRE_ERR_FIELD, /* a field is missing, of the wrong type, or out of range */
    WIRE_ERR_SPACE, /* output buffer too small */
} wire_err;

typedef struct {
    char decision_id[37]; /* lower-case UUID v4 */
    char item_id[WIRE_ID_MAX + 1];
    int64_t item_version; /* >= 1 */
    char content_sha256[65];
    char action[WIRE_CODE_MAX];
    char instructions[WIRE_INSTR_MAX][WIRE_CODE_MAX];
    int n_instructions;
    char recipients[WIRE_RECIPIENTS_MAX][WIRE_ID_MAX + 1];
    int n_recipients;
    char note[WIRE_NOTE_MAX + 1];
    char signer[WIRE_ID_MAX + 1];
    char role[WIRE_ID_MAX + 1];
    char acting_for[WIRE_ID_MAX + 1]; /* "" when signing in one's own name */
    char signed_at[WIRE_TIME_LEN];    /* UTC, second precision */
    char device_key_id[65];
} wire_decision;

/* A code of the API and its label in Bahasa Indonesia and English. */
typedef struct {
    const char *code;
    const char *label_id;
    const char *label_en;
} wire_label;

/* Decision actions: approve, return, reject, forward, sign, acknowledge. */
const wire_label *wire_actions(size_t *count);
/* Disposisi instruction codes (domain.md), e.g. "tanggapan_saran". */
const wire_label *wire_instructions(size_t *count);
bool wire_action_valid(const char *code);
bool wire_instruction_valid(const char *code);

/* True when s is 1..WIRE_ID_MAX characters of [A-Za-z0-9._-]. */
bool wire_id_valid(const char *s);
/* True when s is 64 lower-case hex digits. */
bool wire_hex64_valid(const char *s);
/* True when s is a lower-case UUID (8-4-4-4-12 hex). */
bool wire_uuid_valid(const char *s);
/* True when s is "YYYY-MM-DDThh:mm:ssZ" with fields in range. */
bool wire_time_valid(const char *s);
/* True when the n bytes at s are well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool wire_utf8_valid(const char *s, size_t n);

/* Checks every field of a decision, including the rules that tie fields to the action
 * (forward needs 1..5 recipients and >= 1 instruction; return and reject need a note; the others
 * take neither recipients nor instructions). On failure writes a short English reason to why. */
wire_err wire_decision_check(const wire_decision *d, char *why, size_t why_cap)
    __attribute__((warn_unused_result));

/* The canonical byte string a decision signature covers (docs/api.md, "Signed decisions").
 * Writes it to out (not NUL-terminated counts in *len; out is NUL-terminated when it fits).
 * The decision must pass wire_decision_check. */
wire_err wire_decision_canonical(const wire_decision *d, char *out, size_t cap, size_t *len)
    __attribute__((warn_unused_result));

/* A field report's manifest (docs/api.md §8): what the device signs so the hub can tell that the
 * report and every photo are the device's, unchanged. */
#define WIRE_REPORT_FILES_MAX 20
#define WIRE_FILE_MAX         (16 * 1024 * 1024) /* bytes of one report file */

typedef struct {
    char name[WIRE_ID_MAX + 1]; /* an id: [A-Za-z0-9._-], not starting with '.' */
    int64_t size;               /* 1 .. WIRE_FILE_MAX */
    char sha256[65];            /* lower-case hex */
    char mime[16];              /* "image/jpeg" or "image/png" */
} wire_report_file;

typedef struct {
    char report_id[37];                  /* UUID v4, lower case */
    char assignment_id[WIRE_ID_MAX + 1]; /* an id */
    char created_at[WIRE_TIME_LEN];      /* RFC 3339 UTC */
    char device_key_id[65];              /* hex SHA-256 of the device public key (as decisions) */
    char answers_sha256[65]; /* hex SHA-256 of wire_answers_canonical of the report's answers */
    int n_files;
    wire_report_file files[WIRE_REPORT_FILES_MAX];
} wire_report_manifest;

/* WIRE_OK when every field follows its rule (why says which one does not). */
wire_err wire_report_check(const wire_report_manifest *m, char *why, size_t why_cap);
/* The canonical byte string a report signature covers: "paraf-field-report-v2\n", then one
 * "name:value\n" line each for report_id, assignment_id, created_at, device_key_id,
 * answers_sha256, files (the count), then one "file:NAME SIZE SHA256 MIME\n" line per file in
 * manifest order. */
wire_err wire_report_canonical(const wire_report_manifest *m, char *out, size_t cap, size_t *len);

/* Unix seconds <-> "YYYY-MM-DDThh:mm:ssZ". */
void wire_time_format(int64_t unix_s, char out[WIRE_TIME_LEN]);
bool wire_time_parse(const char *s, int64_t *unix_s);

#endif
