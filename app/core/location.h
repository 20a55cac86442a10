/* location: a position fix as the field profile keeps it (where, how accurate, when measured and
 * when received) and the pure judgement of whether it is good enough to attach to a report.
 * Pure C, libc only: every time is an argument (Unix seconds); nothing reads the clock. The fix
 * itself comes from gpsd through platform/gps.h. Thread-safe: no state. */
#ifndef PARAF_LOCATION_H
#define PARAF_LOCATION_H

#include <stdbool.h>
#include <stdint.h>

/* gps_fix.mode */
#define GPS_MODE_2D 2
#define GPS_MODE_3D 3

/* One position fix. Plain data: copy it freely. */
typedef struct {
    bool valid;          /* false: no position (lat/lon/accuracy meaningless) */
    double lat, lon;     /* WGS84 degrees, south and west negative */
    double accuracy_m;   /* horizontal error estimate in metres (gpsd's eph, ~95%); NAN unknown */
    int64_t fix_time;    /* Unix s of the measurement, from the receiver's clock; 0 unknown */
    int mode;            /* GPS_MODE_2D or GPS_MODE_3D */
    int64_t received_at; /* Unix s, the device's clock when the fix arrived */
} gps_fix;

typedef enum {
    GPS_NONE = 0,   /* no fix: "lokasi tidak tersedia" */
    GPS_GOOD,       /* recent and accurate enough */
    GPS_OLD,        /* older than the age limit (or no longer updated) */
    GPS_INACCURATE, /* recent, but the error estimate is over the limit or unknown */
} gps_quality;

/* Judges f at Unix time now. The age is the larger of now - fix_time (the receiver's time of the
 * measurement; skipped when unknown) and now - received_at (catches a fix that stopped being
 * updated, e.g. gpsd went away); negative ages count as 0. OLD wins over INACCURATE. A limit
 * <= 0 (or a NAN accuracy limit) disables that check; an unknown accuracy is INACCURATE
 * whenever the accuracy check is on. NULL, !valid or a position out of range -> GPS_NONE. */
gps_quality gps_judge(const gps_fix *f, int64_t now, int max_age_s, double max_accuracy_m);

/* "none", "good", "old", "inaccurate" (for logs and tests); never NULL. */
const char *gps_quality_name(gps_quality q);

#endif
