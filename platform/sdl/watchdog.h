/* watchdog: tells systemd (Type=notify, WatchdogSec=) that paraf is ready, alive and stopping.
 * The sd_notify protocol is implemented here directly (one datagram to the unix socket named by
 * $NOTIFY_SOCKET; a leading '@' means the abstract namespace), so there is no libsystemd
 * dependency and the same code runs in production and in tests. Outside systemd
 * ($NOTIFY_SOCKET unset) every call does nothing. Thread-safe (no shared state). */
#ifndef PARAF_WATCHDOG_H
#define PARAF_WATCHDOG_H

/* "READY=1": start-up is done (first frame drawn). */
void wd_ready(void);
/* "WATCHDOG=1": still alive; call every wd_interval_ms() from the UI loop. */
void wd_ping(void);
/* "STOPPING=1": orderly shutdown has begun. */
void wd_stopping(void);

/* How often to call wd_ping, in ms: half of $WATCHDOG_USEC (as systemd recommends), or 0 when
 * it is unset, invalid, 0, or meant for another process ($WATCHDOG_PID set and not ours). */
int wd_interval_ms(void);

/* Send one notify state string (e.g. "STATUS=night mode"). 1 sent, 0 not under systemd,
 * -1 failed (errno set). The functions above are this with fixed strings, results ignored. */
int wd_notify(const char *state);

#endif
