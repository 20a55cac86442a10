/* location: judging a position fix against the configured age and accuracy limits. Pure: the
 * current time is an argument, so a test can move it by hours. */
#include "location.h"

#include <math.h>
#include <stddef.h>

static int64_t age_since(int64_t now, int64_t t)
{
    return now > t ? now - t : 0;
}

gps_quality gps_judge(const gps_fix *f, int64_t now, int max_age_s, double max_accuracy_m)
{
    if (f == NULL || !f->valid || !isfinite(f->lat) || !isfinite(f->lon) || f->lat < -90.0 ||
        f->lat > 90.0 || f->lon < -180.0 || f->lon > 180.0)
        return GPS_NONE;
    if (max_age_s > 0) {
        int64_t age = age_since(now, f->received_at);
        /* The receiver's time says when the sky was measured; a fix can arrive late (a
         * replayed log, a receiver that repeats its last position), so count the older one. */
        if (f->fix_time != 0 && age_since(now, f->fix_time) > age)
            age = age_since(now, f->fix_time);
        if (age > max_age_s)
            return GPS_OLD;
    }
    if (max_accuracy_m > 0.0) { /* false for NAN: the check is off */
        if (!isfinite(f->accuracy_m) || f->accuracy_m < 0.0 || f->accuracy_m > max_accuracy_m)
            return GPS_INACCURATE;
    }
    return GPS_GOOD;
}

const char *gps_quality_name(gps_quality q)
{
    switch (q) {
    case GPS_NONE:
        return "none";
    case GPS_GOOD:
        return "good";
    case GPS_OLD:
        return "old";
    case GPS_INACCURATE:
        return "inaccurate";
    }
    return "none";
}
