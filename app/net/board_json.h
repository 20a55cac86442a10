/* board_json: parses the hub's board documents into board_data (app/core/board.h). */
#ifndef PARAF_BOARD_JSON_H
#define PARAF_BOARD_JSON_H

#include "board.h"

#include <stddef.h>

/* Parse a /v1/services body (len bytes, need not be NUL-terminated). On BOARD_OK the services
 * part of d (hall, services, revision) is replaced; on any error d is left exactly as it was and
 * a short English reason for the log goes to why (cap bytes, may be NULL). A single bad service
 * does not fail the body: it is kept with valid = false. Allocates temporarily (never on the
 * render path). */
board_err board_parse_services(board_data *d, const char *json, size_t len, char *why, size_t cap)
    __attribute__((warn_unused_result));
/* Parse a /v1/announcements body; same rules. Bad announcements are dropped and counted. */
board_err board_parse_announcements(board_data *d, const char *json, size_t len, char *why,
                                    size_t cap) __attribute__((warn_unused_result));

#endif
