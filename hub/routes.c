/* routes: the v1 route table. Matches method and path segments, checks that the caller is an
 * enrolled device of a profile allowed to use the endpoint, then calls the handler. */
#include "hub.h"

#include <stdio.h>
#include <string.h>

typedef void (*handler_fn)(hub *h, const hub_req *rq, hub_resp *rs);

enum { ANY = 0, APPROVER = 1, BOARD = 2, FIELD = 4, NOAUTH = 8 };

typedef struct {
    const char *method;
    const char *pattern; /* segments after /v1, "*" matches one segment */
    int profiles;
    handler_fn fn;
} route;

static const route routes[] = {
    {"POST", "devices/enroll", NOAUTH, api_enroll},
    {"POST", "devices/heartbeat", ANY, api_heartbeat},
    {"GET", "devices/config", ANY, api_device_config},
    {"GET", "inbox", APPROVER, api_inbox},
    {"GET", "items/*", APPROVER, api_item},
    {"GET", "items/*/attachments/*", APPROVER, api_attachment},
    {"POST", "items/*/decisions", APPROVER, api_decision},
    {"GET", "officials", APPROVER, api_officials},
    {"POST", "letters/*/sign", APPROVER, api_letter_sign},
    {"GET", "services", ANY, api_services},
    {"GET", "announcements", ANY, api_announcements},
    {"GET", "assignments", FIELD, api_assignments},
    {"POST", "field-reports", FIELD, api_field_report},
    {"GET", "field-reports/*", FIELD, api_field_report_status},
    {"PUT", "field-reports/*/files/*", FIELD, api_field_file},
};

static bool pattern_matches(const char *pattern, const hub_req *rq)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", pattern);
    char *save = NULL;
    int i = 0;
    for (char *p = strtok_r(buf, "/", &save); p; p = strtok_r(NULL, "/", &save), i++) {
        if (i >= rq->nseg)
            return false;
        if (strcmp(p, "*") != 0 && strcmp(p, rq->seg[i]) != 0)
            return false;
    }
    return i == rq->nseg;
}

static int profile_bit(const char *profile)
{
    if (strcmp(profile, "approver") == 0)
        return APPROVER;
    if (strcmp(profile, "board") == 0)
        return BOARD;
    if (strcmp(profile, "field") == 0)
        return FIELD;
    return 0;
}

void hub_route(hub *h, const hub_req *rq, hub_resp *rs)
{
    const route *path_match = NULL;
    char allow[64] = "";
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const route *r = &routes[i];
        if (!pattern_matches(r->pattern, rq))
            continue;
        path_match = r;
        size_t al = strlen(allow);
        snprintf(allow + al, sizeof allow - al, "%s%s", al ? ", " : "", r->method);
        if (strcmp(r->method, rq->method) != 0)
            continue;
        if (!(r->profiles & NOAUTH)) {
            switch (rq->cert) {
            case HUB_CERT_NONE:
                hub_resp_error(rs, 401, "client_certificate_required",
                               "this endpoint needs the device's client certificate (enrol first)");
                return;
            case HUB_CERT_UNTRUSTED:
                hub_resp_error(rs, 401, "client_certificate_untrusted",
                               "the client certificate was not issued by this hub");
                return;
            case HUB_CERT_UNKNOWN:
                hub_resp_error(rs, 401, "device_not_enrolled",
                               "no enrolled device has this certificate's key");
                return;
            case HUB_CERT_DEVICE:
                break;
            }
            if (r->profiles != ANY && !(r->profiles & profile_bit(rq->device->profile))) {
                hub_resp_error(rs, 403, "wrong_profile",
                               "a device of profile '%s' may not use this endpoint",
                               rq->device->profile);
                return;
            }
        }
        r->fn(h, rq, rs);
        return;
    }
    if (path_match) {
        hub_resp_error(rs, 405, "method_not_allowed", "use %s for %s", allow, rq->path);
        return;
    }
    hub_resp_error(rs, 404, "not_found", "no such endpoint: %s", rq->path);
}
