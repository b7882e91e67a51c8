/* rows.h: writing rows byte for byte as they were read (accepted or
 * rejected rows), back in the input's encoding, with an errors sidecar. */
#ifndef SSP_ROWS_H
#define SSP_ROWS_H

#include <iconv.h>
#include <stdio.h>

#include "ssp/io.h"
#include "ssp/ssp.h"

typedef struct ssp_rows {
    ssp_atomic file;
    FILE *fp;
    int to_stdout, started;
    char *header; /* raw header written, to compare later files with */
    size_t headerlen;
    iconv_t cd;     /* UTF-8 back to the input's encoding, or -1 */
    ssp_atomic why; /* the errors beside rejected rows */
    int has_why;
} ssp_rows;

/* Open path ("-" is standard output) with permissions mode (0 gives
 * 0600: rows as read hold raw values, accepted or rejected); with why,
 * also the sidecar listing errors (always 0600: it holds values).
 * Returns SSP_OK or SSP_EIO. */
ssp_status ssp_rows_open(ssp_rows *o, const char *path, unsigned mode,
                         const char *why, ssp_error *err) SSP_NODISCARD;

/* Start the rows of an input: its BOM and raw header line (header may be
 * NULL for headerless input such as NDJSON) the first time; later inputs
 * must have the same header (SSP_EUSAGE otherwise). encoding is the
 * input's (NULL for UTF-8): raw bytes are converted back to it. */
ssp_status ssp_rows_begin(ssp_rows *o, const char *name, const char *header,
                          size_t len, const char *term, const char *encoding,
                          int bom, ssp_error *err) SSP_NODISCARD;

/* One row: raw (UTF-8) bytes and its line end ("" becomes "\n"). */
void ssp_rows_put(ssp_rows *o, const char *raw, size_t len, const char *term);

/* One error in the sidecar. */
void ssp_rows_why(ssp_rows *o, long row, long line, long col, const char *field,
                  const char *type, const char *value, const char *msg);

/* Commit the files (atomically); accepts an unopened o. */
ssp_status ssp_rows_close(ssp_rows *o, ssp_error *err) SSP_NODISCARD;

#endif
