/* store_file: the device's key and certificate files (and DATA/cache.key), replaced atomically
 * with fsync of the file and its directory; a failed fsync fails the write (no blind retry). */
#include "store.h"

#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

store_err store_file_write(const char *dir, const char *name, const char *data, size_t len,
                           unsigned mode)
{
    char tmp[600], path[600];
    store_err e = STORE_ERR_IO;
    int fd = -1, dfd = -1;
    int a = snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    int b = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (a < 0 || b < 0 || (size_t)a >= sizeof tmp || (size_t)b >= sizeof path)
        goto out;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
    /* fchmod: the umask must not widen or narrow the mode asked for (0600 for the key). */
    if (fd < 0 || fchmod(fd, (mode_t)mode) != 0)
        goto out;
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto out;
        done += (size_t)w;
    }
    /* A failed fsync is fatal for this write (tech-notes, Storage): no blind retry. */
    if (fsync(fd) != 0)
        goto out;
    int c = close(fd);
    fd = -1;
    if (c != 0 || rename(tmp, path) != 0)
        goto out;
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0)
        goto out;
    e = STORE_OK;
out:
    if (e != STORE_OK) {
        int err = errno;
        e = err == ENOSPC || err == EDQUOT  ? STORE_ERR_FULL
            : err == EROFS || err == EACCES ? STORE_ERR_READONLY
                                            : STORE_ERR_IO;
        fprintf(stderr, "paraf: store: cannot write %s/%s: %s\n", dir, name, strerror(err));
    }
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    if (dfd >= 0)
        close(dfd);
    return e;
}

store_err store_file_read(const char *path, size_t max, char **out)
{
    *out = NULL;
    store_err e = STORE_ERR_IO;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        e = errno == ENOENT ? STORE_NOT_FOUND : STORE_ERR_IO;
        goto out;
    }
    buf = malloc(max + 1);
    if (!buf)
        goto out;
    size_t n = fread(buf, 1, max + 1, f);
    if (ferror(f) || n > max)
        goto out;
    buf[n] = '\0';
    *out = buf;
    buf = NULL;
    e = STORE_OK;
out:
    if (buf) {
        crypto_zero(buf, max + 1); /* it may have been a private key */
        free(buf);
    }
    if (f)
        fclose(f);
    return e;
}
