/* io.h: atomic output files, and the temporary files a failed run
 * removes. */
#ifndef SSP_IO_H
#define SSP_IO_H

#include <stdio.h>

#include "ssp/ssp.h"

/* An output file that appears under its final name only when complete:
 * written to a temporary file in the same folder, then fsync'd and renamed
 * over the target. */
typedef struct ssp_atomic {
    FILE *fp;   /* write here */
    char *path; /* final name (owned) */
    char *tmp;  /* temporary name (owned): where the file system has them,
                   an unnamed file (O_TMPFILE) that a killed run cannot
                   leave behind, reached as /proc/self/fd/N and given a
                   name beside path only at the commit */
    int anon;   /* 1: tmp is such a file */
} ssp_atomic;

/* Every temporary file of an ssp_atomic is registered from its creation
 * until it is renamed into place or discarded; a run that ends before
 * (exit, die(), SIGINT, SIGTERM, SIGHUP) removes every registered name.
 * At most this many at once. */
#define SSP_TEMP_MAX 256

/* Register path (a file, or a folder when dir is 1, removed after the
 * files and only if empty) for removal when the run ends, until
 * ssp_temp_forget. The first registration installs the atexit hook and
 * the handlers of SIGINT, SIGTERM and SIGHUP (a signal that is ignored
 * stays so); a handler removes the names and dies of the signal. Returns
 * SSP_OK, or SSP_EIO (a name too long) / SSP_EINTERNAL (the registry is
 * full). */
ssp_status ssp_temp_add(const char *path, int dir,
                        ssp_error *err) SSP_NODISCARD;

/* Take path out of the registry (nothing if it is not in it). */
void ssp_temp_forget(const char *path);

/* Create the temporary file for path, with permissions mode (0666 less
 * the umask when mode is 0; 0600 for files holding personal data).
 * Returns SSP_OK or SSP_EIO. */
ssp_status ssp_atomic_open(ssp_atomic *a, const char *path, unsigned mode,
                           ssp_error *err) SSP_NODISCARD;

/* Flush, fsync, close and rename into place. On failure the temporary file
 * is removed, the target left as it was, and SSP_EIO returned. */
ssp_status ssp_atomic_commit(ssp_atomic *a, ssp_error *err) SSP_NODISCARD;

/* Discard the temporary file; accepts an unopened or committed a. */
void ssp_atomic_abort(ssp_atomic *a);

/* The SHA-256 of a file's bytes as 64 hex digits, and its size; an
 * unreadable file (or "-") gives the digest of no bytes. */
void ssp_sha256_file(const char *path, char hex[65], unsigned long long *bytes);

#endif
