/* gps: the device's position from gpsd, through libgps (the gpsd project's client library), for
 * the field profile. Non-blocking: gps_src_poll reads only what has already arrived, so the worker
 * calls it from its loop; when gpsd is not running or goes away the source stays usable, says it
 * is not connected and reconnects by itself (at most every GPS_RETRY_S s). One thread at a time
 * (the worker). Judging a fix (age, accuracy) is the pure gps_judge in app/core/location.h.
 * Names are gps_src_*: libgps already exports gps_open/gps_close/gps_read. */
#ifndef PARAF_GPS_SRC_H
#define PARAF_GPS_SRC_H

#include "location.h"

#include <stdbool.h>

/* Seconds between two connection attempts while gpsd cannot be reached. */
#define GPS_RETRY_S 5

typedef struct gps_src gps_src;

/* A source for gpsd at host:port (NULL: "127.0.0.1" and "2947"). Tries to connect at once and,
 * if that fails, again on later polls. gpsd runs on the tablet itself: give a loopback address,
 * since libgps resolves the name and connects with blocking calls (instant on loopback).
 * NULL only when out of memory. Free with gps_src_close. */
gps_src *gps_src_open(const char *host, const char *port);
void gps_src_close(gps_src *g);

/* Reads every report that has already arrived, without waiting, and reconnects when it is time
 * to. True when *out was set to a new fix (the latest one that arrived; mode 2D or 3D, finite
 * position); false otherwise, *out untouched. Reports without a position (no fix yet, satellites,
 * device messages) are read and dropped. */
bool gps_src_poll(gps_src *g, gps_fix *out);

/* Whether the source has a connection to gpsd now (after the last gps_src_open/poll). */
bool gps_src_connected(const gps_src *g);

/* Why it is not connected, for the log: "gpsd at 127.0.0.1:2947: " and libgps's reason ("can't
 * connect to host/port pair") or "gpsd closed the connection"; "" when connected. Never NULL;
 * valid until the next call on g. */
const char *gps_src_error(const gps_src *g);

/* The connection's socket, for poll()/curl_waitfd (POLLIN: reports arrived), or -1 when not
 * connected. Still call gps_src_poll at least every second or so: a report already buffered by
 * libgps does not make the socket readable, and reconnecting happens only in gps_src_poll. */
int gps_src_fd(const gps_src *g);

#endif
