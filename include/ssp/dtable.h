/* dtable.h: reading the tables of a canonical dataset by column name, and
 * interned text. Shared by the indicator engine and the plots. */
#ifndef SSP_DTABLE_H
#define SSP_DTABLE_H

#include "ssp/csv.h"
#include "ssp/ssp.h"
#include "ssp/strmap.h"

#define SSP_DT_NONE ((size_t)-1) /* an optional column that is absent */

typedef struct ssp_dtable {
    ssp_csv *csv;
    const char *path;
    size_t col[12];
    ssp_csv_record rec; /* the current record (ssp_csv_next fills it) */
} ssp_dtable;

/* One file of a dataset table: its path and how to read it. */
typedef struct ssp_dt_source {
    char *path;          /* "DIR/PATH", owned */
    const char *name;    /* the resource's name, borrowed from the package */
    ssp_csv_options csv; /* its encoding and dialect (the encoding name is
                            borrowed from the package) */
} ssp_dt_source;

/* How the resource res (a json_t * object of datapackage.json) is read:
 * its "encoding" and "dialect" applied to *co (which the caller has
 * initialized). A dialect ssp cannot read (no header row, another quote
 * character, ...) is SSP_EUSAGE with a message; file names pkg. The
 * encoding name points into res. Used by ssp validate and by every reader
 * of a dataset, so they agree. */
ssp_status ssp_dataset_csv_options(const void *res, const char *pkg,
                                   ssp_csv_options *co,
                                   ssp_error *err) SSP_NODISCARD;

/* The files whose rows make up table name of the dataset in folder dir
 * (pkg from ssp_dataset_package): the resource called name and, for
 * "events", also "device_events" (the device events ssp panel writes,
 * beside the service events of ingest), those of them the package
 * declares, in that order. *src (free with ssp_dt_sources_free) gets *n of
 * them (0 when the package declares none); each path is joined by
 * ssp_package_path, whatever pkg is given. Errors: SSP_EUSAGE for a bad
 * encoding or dialect or a path that would lead outside dir, SSP_EINTERNAL
 * out of memory. */
ssp_status ssp_dataset_sources(const void *pkg, const char *dir,
                               const char *name, ssp_dt_source **src, size_t *n,
                               ssp_error *err) SSP_NODISCARD;

void ssp_dt_sources_free(ssp_dt_source *src, size_t n);

/* As ssp_dt_open, for a source of ssp_dataset_sources: read in its
 * encoding and with its delimiter. */
ssp_status ssp_dt_open_source(ssp_dtable *t, const ssp_dt_source *src,
                              const char *const *cols,
                              ssp_error *err) SSP_NODISCARD;

/* Open path (UTF-8 CSV with a header) and find the columns named by cols
 * (NULL-terminated, at most 12; a name starting with '?' may be absent).
 * Returns SSP_OK, or an error (a missing column is SSP_EDATA). Close
 * t->csv with ssp_csv_close in any case. */
ssp_status ssp_dt_open(ssp_dtable *t, const char *path, const char *const *cols,
                       ssp_error *err) SSP_NODISCARD;

/* Column i of the current record ("" when it is absent). */
const ssp_csv_field *ssp_dt_field(const ssp_dtable *t, size_t i);

/* The data error "'VALUE' is not WHAT (run ssp validate)" at column i. */
ssp_status ssp_dt_error(const ssp_dtable *t, size_t i, const char *what,
                        ssp_error *err);

/* Column i as a date ('d': days since 1970-01-01), a date-time ('t':
 * seconds) or a number ('n'); empty is NaN when empty_ok, else an error. */
ssp_status ssp_dt_num(const ssp_dtable *t, size_t i, int kind, int empty_ok,
                      double *v, ssp_error *err) SSP_NODISCARD;

/* Column 0 as a subject of ids (its index in *s), or a data error. */
ssp_status ssp_dt_subject(const ssp_dtable *t, const ssp_strmap *ids, size_t *s,
                          ssp_error *err) SSP_NODISCARD;

/* Intern s (len bytes) in m with a terminating NUL, so that the key
 * ssp_strmap_key returns is a C string. */
ssp_status ssp_intern(ssp_strmap *m, const char *s, size_t len, size_t *idx,
                      ssp_error *err) SSP_NODISCARD;

/* The datapackage.json of the dataset in folder dir, parsed (a json_t *;
 * free with json_decref); NULL with err filled when there is none
 * (SSP_EIO), it is not JSON, or a resource's path leads outside dir
 * (SSP_EUSAGE; see ssp_package_path). */
void *ssp_dataset_package(const char *dir, ssp_error *err) SSP_NODISCARD;

/* The file of the package's resource called name ("DIR/PATH", a new
 * string, joined by ssp_package_path), or NULL when it has none (or its
 * path is refused, which ssp_dataset_package has already said). */
char *ssp_dataset_resource(const void *pkg, const char *dir,
                           const char *name) SSP_NODISCARD;

#endif
