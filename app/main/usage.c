/* usage: what the process holds, for the soak test's `mark-resources` / `expect-resources`:
 * resident memory (/proc/self/statm), the allocator's bytes in use (all glibc arenas), and open
 * descriptors: files, TCP connections (socket inodes listed in /proc/self/net/tcp and tcp6) and
 * other sockets (the worker's wake-up pair). */
#include "paraf.h"

#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TCP_MAX 512

static long rss_kb(void)
{
    long size = 0, resident = 0, page = sysconf(_SC_PAGESIZE);
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    int n = fscanf(f, "%ld %ld", &size, &resident);
    fclose(f);
    return n == 2 && page > 0 ? resident * (page / 1024) : -1;
}

/* Socket inodes of this process's network namespace's TCP sockets. */
static int tcp_inodes(unsigned long *out, int cap)
{
    static const char *const files[] = {"/proc/self/net/tcp", "/proc/self/net/tcp6"};
    int n = 0;
    for (size_t i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "r");
        char line[512];
        if (!f)
            continue;
        if (!fgets(line, sizeof line, f)) { /* the header */
            fclose(f);
            continue;
        }
        while (n < cap && fgets(line, sizeof line, f)) {
            /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
            char *tok = strtok(line, " \t");
            for (int col = 0; tok && col < 9; col++)
                tok = strtok(NULL, " \t");
            if (tok)
                out[n++] = strtoul(tok, NULL, 10);
        }
        fclose(f);
    }
    return n;
}

void proc_usage_read(proc_usage *u)
{
    memset(u, 0, sizeof *u);
    u->rss_kb = rss_kb();
    struct mallinfo2 mi = mallinfo2();
    u->heap_kb = (long)((mi.uordblks + mi.hblkhd) / 1024);
    unsigned long tcp[TCP_MAX];
    int n_tcp = tcp_inodes(tcp, TCP_MAX);
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strtol(e->d_name, NULL, 10) == (long)dirfd(d))
            continue;
        char path[300], target[300];
        snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t len = readlink(path, target, sizeof target - 1);
        target[len > 0 ? len : 0] = '\0';
        unsigned long inode = 0;
        if (sscanf(target, "socket:[%lu]", &inode) != 1) {
            u->files++;
            continue;
        }
        bool is_tcp = false;
        for (int i = 0; i < n_tcp && !is_tcp; i++)
            is_tcp = tcp[i] == inode;
        if (is_tcp)
            u->tcp++;
        else
            u->sockets++;
    }
    closedir(d);
}

void proc_usage_format(const proc_usage *u, char *out, size_t cap)
{
    snprintf(out, cap,
             "rss %ld kB (heap in use %ld kB), %d files, %d TCP connections, %d other sockets",
             u->rss_kb, u->heap_kb, u->files, u->tcp, u->sockets);
}
