/* field_json: the field profile's JSON (app/core/field.h stays free of it): the hub's assignments
 * (GET /v1/assignments, docs/items.md §14) parsed strictly, a report as the device stores it (the
 * whole field_report, for the sealed store), and the body of POST /v1/field-reports (docs/api.md
 * §8) with its answers written per kind. Thread-safe: no state; allocates only temporarily or
 * for the caller (never on the render path). */
#ifndef PARAF_FIELD_JSON_H
#define PARAF_FIELD_JSON_H

#include "field.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>

#define FIELD_DECIMALS_DEFAULT 2 /* a number field without "decimals" (items.md §14) */
#define FIELD_DECIMALS_MAX     6

/* Parses a /v1/assignments body (len bytes, need not be NUL-terminated) into *out (replaced
 * whole). False, with a reason for the log in why, when the body is not an assignments document
 * at all; an assignment that breaks a rule (unknown kind, missing or mistyped field, a choice
 * longer than the device keeps, over the caps of field.h) is skipped and counted in n_invalid, as
 * are assignments beyond FIELD_ASSIGNMENTS_MAX. Prose (titles, labels, instructions) is cut at a
 * character boundary with "…" when longer than its buffer; ids, keys and choices never are. */
bool field_json_assignments(const char *json, size_t len, field_list *out, char *why, size_t cap)
    __attribute__((warn_unused_result));

/* The whole report as JSON for the store (malloc'd, NUL-terminated; NULL when out of memory).
 * Every member of field_report is kept except state, files_done, bytes_done and code, which the
 * store keeps in columns. */
char *field_json_report_encode(const field_report *r);
/* Reads what field_json_report_encode wrote into *out (zeroed first; state REPORT_DRAFT). False
 * when it is not such a document or a value does not fit. */
bool field_json_report_decode(const char *json, size_t len, field_report *out, char *why,
                              size_t cap) __attribute__((warn_unused_result));

/* The manifest of r (docs/api.md §8): its photos as image/jpeg files, in order; created_at from
 * r->created_at; device_key_id as given; answers_sha256 of the answers field_json_report_body
 * sends for form a. False when an answer cannot be written or a value breaks wire_report_check. */
bool field_json_manifest(const field_report *r, const field_assignment *a,
                         const char *device_key_id, wire_report_manifest *m, char *why, size_t cap)
    __attribute__((warn_unused_result));

/* The POST /v1/field-reports body (malloc'd): report_id, assignment_id, created_at, answers (per
 * the kind of each form field of a: text -> string, number -> number, choice -> string, multi ->
 * array of strings, yesno -> boolean, date -> "YYYY-MM-DD", photo -> array of the file names of
 * that field's photos, location -> {lat, lon, accuracy_m or null, fix_time or null}; unanswered
 * fields are left out), files (m's), location (the first answered location field, when any),
 * device_key_id and signature (base64). NULL, with why, when an answer cannot be written (a
 * number that does not parse, a date that is not one) or out of memory. */
char *field_json_report_body(const field_report *r, const field_assignment *a,
                             const wire_report_manifest *m, const char *signature_b64, char *why,
                             size_t cap);

#endif
