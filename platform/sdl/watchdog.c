/* watchdog: the sd_notify datagram protocol, without libsystemd. */
#include "watchdog.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int wd_notify(const char *state)
{
    const char *name = getenv("NOTIFY_SOCKET");
    if (!name || !name[0])
        return 0;
    if (!state) {
        errno = EINVAL;
        return -1;
    }
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    size_t len = strlen(name);
    /* An absolute path, or '@' for the abstract namespace (then sun_path starts with a NUL). */
    if ((name[0] != '/' && name[0] != '@') || len < 2 || len >= sizeof sa.sun_path) {
        errno = EINVAL;
        return -1;
    }
    memcpy(sa.sun_path, name, len);
    socklen_t sa_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    if (name[0] == '@')
        sa.sun_path[0] = '\0'; /* abstract: the name is exactly len bytes, no terminator */
    else
        sa_len++; /* include the path's terminating NUL */

    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    size_t n = strlen(state);
    ssize_t sent = sendto(fd, state, n, MSG_NOSIGNAL, (const struct sockaddr *)&sa, sa_len);
    int e = errno;
    close(fd);
    if (sent != (ssize_t)n) {
        errno = sent < 0 ? e : EIO;
        return -1;
    }
    return 1;
}

void wd_ready(void)
{
    (void)wd_notify("READY=1");
}

void wd_ping(void)
{
    (void)wd_notify("WATCHDOG=1");
}

void wd_stopping(void)
{
    (void)wd_notify("STOPPING=1");
}

int wd_interval_ms(void)
{
    const char *usec = getenv("WATCHDOG_USEC");
    if (!usec || !usec[0])
        return 0;
    const char *pid = getenv("WATCHDOG_PID");
    if (pid && pid[0]) {
        char *end;
        errno = 0;
        long long p = strtoll(pid, &end, 10);
        if (errno || *end || p != (long long)getpid())
            return 0;
    }
    char *end;
    errno = 0;
    unsigned long long us = strtoull(usec, &end, 10);
    if (errno || *end || usec[0] == '-' || us == 0)
        return 0;
    unsigned long long ms = us / 2000u;
    if (ms == 0)
        ms = 1; /* a sub-2 ms watchdog: ping as fast as we can rather than never */
    return ms > INT_MAX ? INT_MAX : (int)ms;
}
