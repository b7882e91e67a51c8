/* mapping.h: how a vendor's export maps onto a canonical table. */
#ifndef SSP_MAPPING_H
#define SSP_MAPPING_H

#include <stdio.h>

#include "ssp/schema.h"

/* How a source value becomes a date or time. */
typedef enum ssp_when {
    SSP_WHEN_NONE,
    SSP_WHEN_DATE,
    SSP_WHEN_YEARMONTH,
    SSP_WHEN_DATETIME
} ssp_when;

typedef struct ssp_mfield {
    char *name;       /* the canonical field */
    char *from;       /* source column, or NULL */
    char *value;      /* a constant, or NULL */
    ssp_strs mean_of; /* source columns to average */
    int has_item_range;
    double item_min, item_max; /* the range of each averaged item */
    int trim;                  /* strip blanks around the value */
    ssp_strs map_from, map_to; /* value map */
    int has_scale;
    double scale, offset; /* value * scale + offset */
    ssp_when when;
    char *format; /* strptime pattern (오전/오후 read as AM/PM), or
                     "excel", "epoch_s", "epoch_ms", "iso" */
    int pseudonymize;
} ssp_mfield;

typedef struct ssp_mfilter {
    char *column;
    ssp_strs values;
    int keep; /* 1: keep rows with one of the values ("in"),
                 0: drop them ("not_in") */
} ssp_mfilter;

typedef struct ssp_mapping {
    char *source; /* the mapping file, for messages */
    int ndjson;
    char *encoding; /* NULL: UTF-8 */
    char delim;
    char *table;     /* canonical table or device-log stream */
    int tz_minutes;  /* offset of the source's local time from UTC */
    char tz_text[8]; /* as written in output: "+09:00" */
    ssp_mfield *fields;
    size_t nfields;
    ssp_mfilter *filters;
    size_t nfilters;
} ssp_mapping;

/* Load a mapping (JSON, see ssp-mapping(5)). Anything unknown is refused
 * with SSP_EUSAGE and a message naming it. Free with ssp_mapping_free. */
ssp_mapping *ssp_mapping_load(const char *path, ssp_error *err) SSP_NODISCARD;

void ssp_mapping_free(ssp_mapping *m);

/* Convert a source value (NUL-terminated, of any length) as field f says,
 * into *out (a buffer of *cap bytes, grown as needed; may start NULL):
 * dates to YYYY-MM-DD, year-months to YYYY-MM, datetimes to
 * YYYY-MM-DDTHH:MM:SS with the mapping's offset; numbers scaled. A date
 * or time is checked, never normalized: 30 February, hour 24, second 60
 * or a local time outside the years 1900 to 9999 is refused. Returns 1;
 * 0 with a message in msg when the value cannot be read so; -1 when
 * memory runs out. */
int ssp_mapping_convert(const ssp_mapping *m, const ssp_mfield *f,
                        const char *in, char **out, size_t *cap, char *msg,
                        size_t msgsz) SSP_NODISCARD;

/* NDJSON sources (format "ndjson"): one JSON object per line. */

/* The next record of the NDJSON stream fp: its line without the line end,
 * NUL-terminated, in *line (a buffer of *cap bytes, grown as needed; may
 * start NULL; the caller frees it), its length in *len (it may hold NUL
 * bytes), its line number in *lineno (which the caller starts at 0, and
 * which counts every line) and its line end as it was in *term ("\n",
 * "\r\n", or "" for a last line without one; a static string). An empty
 * line (nothing, or only carriage returns, before its end) is no record
 * and is passed over. Returns 1 for a record; 0 at the end of input or on a
 * read error (ferror(fp) tells); -1 when memory runs out (a line too long
 * to hold). */
int ssp_ndjson_next(FILE *fp, char **line, size_t *cap, size_t *len,
                    long *lineno, const char **term) SSP_NODISCARD;

/* The record raw (len bytes, as ssp_ndjson_next gives it) parsed as a JSON
 * object into *obj (a json_t *; the caller frees it with json_decref). A
 * key given twice is refused, not read as its last value. Returns 1; 0
 * when the record is no JSON object: *obj is NULL, msg says why and *col
 * is the 1-based column where JSON was found wrong (1 for JSON that is
 * not an object); -1 when memory runs out. */
int ssp_ndjson_record(const char *raw, size_t len, void **obj, long *col,
                      char *msg, size_t msgsz) SSP_NODISCARD;

/* The source value of member name of the record obj (a json_t * object,
 * borrowed): a string as it is, an integer in full, a real as
 * ssp_fmt_double writes it, true or false; "" when the member is absent,
 * null, an array or an object. The result points into obj, into buf (of
 * sz bytes, at least SSP_NUM_BUFSZ) or to a static string. */
const char *ssp_ndjson_value(const void *obj, const char *name, char *buf,
                             size_t sz);

#endif
