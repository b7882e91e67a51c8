/* csv.h: streaming CSV record reader (RFC 4180, on libcsv) that knows the
 * physical line and column of every field. */
#ifndef SSP_CSV_H
#define SSP_CSV_H

#include <stdio.h>
#include <sys/types.h>

#include "ssp/ssp.h"

typedef struct ssp_csv ssp_csv;

typedef struct ssp_csv_options {
    char delim;           /* field delimiter, ',' by default ('\t' for TSV) */
    int header;           /* 1 (default): the first record names the columns */
    const char *encoding; /* NULL or "utf-8" (default), "cp949"/"euc-kr", or
                             any name iconv knows */
    size_t max_field;     /* longest field in bytes (default 1 MiB) */
    int allow_ragged;     /* 0 (default): a record whose field count differs
                             from the first record's is an error */
    const char *encoding_via; /* how the user declares the encoding, for
                             the fix that encoding errors name: NULL (the
                             default): there is no way, the input must be
                             UTF-8 ("convert it"); "--encoding": that
                             option of the tool; else the place of an
                             "encoding" key ("the mapping's source") */
    int direct;               /* 1: cut plain UTF-8 lines (no quote, NUL or lone
                                 CR) into fields without libcsv; records, raw
                                 bytes, positions and errors are the same.
                                 0 (default): libcsv only */
} ssp_csv_options;

/* One field: s is NUL-terminated UTF-8 (len bytes, without quotes); line
 * and col (1-based, col in characters) are where the field starts. */
typedef struct ssp_csv_field {
    const char *s;
    size_t len;
    long line, col;
} ssp_csv_field;

typedef struct ssp_csv_record {
    const ssp_csv_field *f; /* n fields, valid until the next ssp_csv_next */
    size_t n;
    long line;        /* line of the record's first field */
    const char *raw;  /* the record as read (UTF-8, without its line */
    size_t rawlen;    /* end), valid until the next ssp_csv_next */
    const char *term; /* its line end: "\n", "\r\n", "\r" or "" */
} ssp_csv_record;

/* Defaults as documented above. */
void ssp_csv_options_init(ssp_csv_options *o);

/* Open path for reading ("-" is standard input, named "<stdin>"). With
 * o->header the header record is read at once. Returns NULL and fills err
 * on failure (SSP_EIO: cannot open; SSP_EUSAGE: unknown encoding; SSP_EDATA:
 * bad header). The reader owns the file; free with ssp_csv_close. */
ssp_csv *ssp_csv_open(const char *path, const ssp_csv_options *o,
                      ssp_error *err) SSP_NODISCARD;

/* As ssp_csv_open, on an open stream that stays the caller's (not closed);
 * name is used in messages. */
ssp_csv *ssp_csv_open_stream(FILE *fp, const char *name,
                             const ssp_csv_options *o,
                             ssp_error *err) SSP_NODISCARD;

/* Read the next data record into *rec. Returns 1 for a record, 0 at end of
 * input, -1 on error (err filled with file, line, column; SSP_EDATA for
 * malformed CSV or encoding, with err->kind "source-error" or
 * "encoding-error"; SSP_EIO for read errors). Errors are sticky, except a
 * record with the wrong number of fields: it is skipped and reading goes
 * on with the next call. */
int ssp_csv_next(ssp_csv *r, ssp_csv_record *rec, ssp_error *err) SSP_NODISCARD;

/* The header record, or NULL when the reader has none. */
const ssp_csv_record *ssp_csv_header(const ssp_csv *r);

/* 1 if the input started with a UTF-8 byte-order mark (removed). */
int ssp_csv_bom(const ssp_csv *r);

/* The encoding converted from, as iconv names it ("CP949"), or NULL for
 * UTF-8 input: raw record bytes are UTF-8 and convert back to it. */
const char *ssp_csv_encoding(const ssp_csv *r);

/* Name used in messages: the path, or "<stdin>". */
const char *ssp_csv_name(const ssp_csv *r);

/* Resolve a column given by header name or by 1-based number into a
 * 0-based index. A spec of digits only is a number. Returns SSP_OK, or
 * SSP_EUSAGE with err filled (no such column, ambiguous name). */
ssp_status ssp_csv_column(const ssp_csv *r, const char *spec, size_t *idx,
                          ssp_error *err) SSP_NODISCARD;

/* The length (2 to 4) of the valid UTF-8 multi-byte sequence at s, of n
 * bytes available; 0 if it is not one (an ASCII byte included), -1 if
 * the n bytes end before it does. */
int ssp_utf8_seq(const unsigned char *s, size_t n);

/* Close the reader; accepts NULL. */
void ssp_csv_close(ssp_csv *r);

/* The direct read of a whole file, in pieces at once. Most logs have no
 * quote, NUL or lone CR: every line is a row and every delimiter ends a
 * field, so a large file can be cut at line breaks and its pieces read on
 * threads of their own, each row cut into fields where it lies in the read
 * buffer. A piece gives up at anything the reader would parse otherwise
 * or report (a quote, a NUL, a CR not before a LF, invalid UTF-8, a row
 * of another width than the header's, a field longer than the reader
 * takes, a line over 1 MiB) or when the caller's row function says so;
 * the caller then reads the file through the reader, which says what and
 * where. Blank lines are skipped, as the reader skips them. */
typedef struct ssp_scan {
    int fd;
    const char *path;
    int pieces;    /* 1 to 16 */
    off_t cut[17]; /* piece k is the bytes [cut[k], cut[k+1]) */
    size_t width;  /* fields per row */
    size_t max_field;
    unsigned char delim;
} ssp_scan;

/* Ready path for a direct read: a regular file, UTF-8, that starts with
 * the header in has read (in opened on path with a header, nothing else
 * before it: no byte-order mark, no blank line; ended by LF or CRLF). A
 * file of 8 MiB or more is cut into up to jobs pieces (16 at most).
 * Returns 1 when ready (free with ssp_scan_close), 0 when the file is to
 * be read through the reader. */
int ssp_scan_open(ssp_scan *s, const char *path, const ssp_csv *in, int jobs);

/* The row function: the n fields of a row (n is the header's width), as
 * the reader gives them but for their line (0: a piece does not count
 * lines), valid until it returns. Returns 1 to go on, 0 to give up the
 * direct read. */
typedef int (*ssp_scan_fn)(void *state, const ssp_csv_field *f, size_t n);

/* Read every piece, k on a thread of its own, with its rows handed in
 * order to row(state of piece k): the states are an array of s->pieces
 * elements of size bytes each. Returns 1 when every piece was read, 0
 * when one gave up (the others stop soon after) or a buffer could not be
 * made: the states then hold part of the rows only. A state written at
 * every row had best be aligned to a cache line pair (_Alignas(128)),
 * else the threads take turns at the line they share. */
int ssp_scan_run(ssp_scan *s, ssp_scan_fn row, void *states, size_t size);

void ssp_scan_close(ssp_scan *s);

#endif
