/* io.h: atomic output files. */
#ifndef SSP_IO_H
#define SSP_IO_H

#include <stdio.h>

#include "ssp/ssp.h"

/* An output file that appears under its final name only when complete:
 * written to a temporary file in the same folder, then fsync'd and renamed
 * over the target. */
typedef struct ssp_atomic {
    FILE *fp;     /* write here */
    char *path;   /* final name (owned) */
    char *tmp;    /* temporary name (owned) */
} ssp_atomic;

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
