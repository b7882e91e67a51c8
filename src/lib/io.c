/* io.c: atomic output files and file digests. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/io.h"

ssp_status ssp_atomic_open(ssp_atomic *a, const char *path, unsigned mode,
                           ssp_error *err)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(path);
    a->path = strdup(path);
    a->tmp = malloc(n + sizeof ".tmpXXXXXX");
    if (!a->path || !a->tmp) {
        ssp_atomic_abort(a);
        return ssp_error_nomem(err);
    }
    memcpy(a->tmp, path, n);
    memcpy(a->tmp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create: %s",
                      strerror(errno));
        free(a->tmp);
        a->tmp = NULL;
        ssp_atomic_abort(a);
        return SSP_EIO;
    }
    /* mkstemp makes 0600; an ordinary output follows the umask. */
    if (!mode) {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    if (fchmod(fd, (mode_t)mode) != 0 || !(a->fp = fdopen(fd, "w"))) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create: %s",
                      strerror(errno));
        close(fd);
        ssp_atomic_abort(a);
        return SSP_EIO;
    }
    return SSP_OK;
}

/* fsync the folder holding path, so the rename itself is durable. */
static int sync_dir(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

ssp_status ssp_atomic_commit(ssp_atomic *a, ssp_error *err)
{
    int bad = fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0;
    int e = errno;
    if (fclose(a->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    a->fp = NULL;
    if (!bad && rename(a->tmp, a->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        ssp_error_set(err, SSP_EIO, a->path, 0, 0, "write error: %s",
                      strerror(e));
        ssp_atomic_abort(a);
        return SSP_EIO;
    }
    free(a->tmp);
    a->tmp = NULL;
    sync_dir(a->path); /* best effort: the data itself is on disk */
    ssp_atomic_abort(a);
    return SSP_OK;
}

void ssp_atomic_abort(ssp_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

void ssp_sha256_file(const char *path, char hex[65], unsigned long long *bytes)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : NULL;
    unsigned char h[crypto_hash_sha256_BYTES], buf[65536];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    *bytes = 0;
    size_t n;
    while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
        crypto_hash_sha256_update(&st, buf, n);
        *bytes += n;
    }
    if (fp)
        fclose(fp);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}
