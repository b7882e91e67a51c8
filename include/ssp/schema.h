/* schema.h: Frictionless Table Schemas: loading, and checking one cell. */
#ifndef SSP_SCHEMA_H
#define SSP_SCHEMA_H

#include <stddef.h>

#include "ssp/ssp.h"
#include "ssp/strmap.h"

typedef enum ssp_type {
    SSP_T_STRING,
    SSP_T_NUMBER,
    SSP_T_INTEGER,
    SSP_T_BOOLEAN,
    SSP_T_DATE,
    SSP_T_TIME,
    SSP_T_DATETIME,
    SSP_T_YEAR,
    SSP_T_YEARMONTH,
    SSP_T_DURATION
} ssp_type;

typedef enum ssp_fields_match {
    SSP_MATCH_EXACT,
    SSP_MATCH_EQUAL,
    SSP_MATCH_SUBSET,
    SSP_MATCH_SUPERSET,
    SSP_MATCH_PARTIAL
} ssp_fields_match;

/* A list of strings (owned). */
typedef struct ssp_strs {
    char **v;
    size_t n;
} ssp_strs;

/* Add a copy of s; 0, or -1 when memory runs out. */
int ssp_strs_add(ssp_strs *l, const char *s) SSP_NODISCARD;
void ssp_strs_free(ssp_strs *l);

typedef struct ssp_sfield {
    char *name;
    ssp_type type;
    char *format;     /* NULL (default), "any" or a strptime pattern */
    ssp_strs missing; /* missing values of this field */
    int required, unique;
    long min_len, max_len; /* -1: none */
    int has_min, has_max, min_excl, max_excl;
    double min, max; /* in the type's ordered value (see below) */
    char *min_text, *max_text;
    void *pattern; /* compiled pattern (pcre2_code), or NULL */
    void *match;   /* its match data (pcre2_match_data) */
    char *pattern_text;
    ssp_strs enums;   /* enum values as text */
    double *enum_num; /* and as numbers, for number and integer */
    ssp_strs true_vals, false_vals;
} ssp_sfield;

typedef struct ssp_keydef {
    size_t *f; /* field indexes */
    size_t n;
} ssp_keydef;

typedef struct ssp_fkey {
    ssp_keydef fields;   /* in this table */
    char *resource;      /* the referenced resource ("" is this table) */
    ssp_strs ref_fields; /* its fields, by name */
} ssp_fkey;

/* ssp's extension "ssp:instrumentRanges": a score must lie within its
 * instrument's range in the catalogue (instruments.json), and be whole
 * where the instrument's scores are. */
typedef struct ssp_range {
    char code[24];
    double min, max; /* NaN: no bound */
    int min_excl, integer, higher_better;
} ssp_range;

/* Read an instrument catalogue (instruments.json, found as
 * ssp_schema_find does) into a new array of *n entries (free it). */
ssp_status ssp_catalogue_load(const char *name, ssp_range **out, size_t *n,
                              ssp_error *err) SSP_NODISCARD;

typedef struct ssp_ranges {
    size_t key, value; /* fields: the instrument, the score */
    ssp_range *r;
    size_t n;
    char *catalogue; /* the file, for messages */
} ssp_ranges;

typedef struct ssp_schema {
    char *source; /* file it came from, for messages */
    ssp_sfield *fields;
    size_t nfields;
    ssp_keydef pk; /* n == 0: no primary key */
    ssp_keydef *uniq;
    size_t nuniq;
    ssp_fkey *fks;
    size_t nfks;
    ssp_fields_match match;
    ssp_ranges *ranges; /* or NULL */
    ssp_strmap names;   /* the fields' names, key i is field i's */
} ssp_schema;

/* Load a Table Schema from a JSON file. A schema using anything ssp does
 * not support (a type, format, constraint or property) is refused with
 * SSP_EUSAGE and a message naming it; JSON syntax errors carry line and
 * column. Returns NULL and fills err on failure. Free with
 * ssp_schema_free. */
ssp_schema *ssp_schema_load(const char *path, ssp_error *err) SSP_NODISCARD;

/* The same from a Jansson object (json_t *), e.g. a schema written inline
 * in a Data Package; where names it in messages. */
ssp_schema *ssp_schema_from_json(const void *json, const char *where,
                                 ssp_error *err) SSP_NODISCARD;

void ssp_schema_free(ssp_schema *s);

/* Index of the field named name, or (size_t)-1 (a hash look-up: a
 * header of n columns is matched in O(n)). */
size_t ssp_schema_field(const ssp_schema *s, const char *name);

/* The result of checking one cell. */
typedef enum ssp_cell {
    SSP_CELL_OK,        /* a valid value */
    SSP_CELL_NULL,      /* a missing value, allowed */
    SSP_CELL_TYPE,      /* type-error */
    SSP_CELL_CONSTRAINT /* constraint-error (also a required value missing) */
} ssp_cell;

/* Check s[0..len) (NUL-terminated) against field f. On SSP_CELL_OK,
 * *value is the ordered value (number; days since 1970-01-01 for a date;
 * seconds since midnight for a time; seconds since the epoch, UTC, for a
 * datetime; the year; months since year 0 for a yearmonth; 0/1 for a
 * boolean; 0 for strings and durations). On an error, msg (of size
 * msgsz) says what is wrong, as a predicate of the value: "is not a
 * number", "does not match the pattern '...'". */
ssp_cell ssp_cell_check(const ssp_sfield *f, const char *s, size_t len,
                        double *value, char *msg, size_t msgsz);

/* The first key of a JSON object (json_t *) not in ok (NULL-terminated),
 * or NULL when it has only known keys. */
const char *ssp_json_unknown_key(const void *obj, const char *const *ok);

/* Days since 1970-01-01 of a proleptic Gregorian date (any y, m 1..12). */
long long ssp_days_from_civil(long long y, long m, long d);

/* The proleptic Gregorian date of a day count since 1970-01-01. */
void ssp_civil_from_days(long long z, long long *y, long *m, long *d);

/* 1 when y-m-d h:mi:s is a real date and time: m 1..12, d a day of that
 * month, h 0..23, mi 0..59, s 0..59 (a leap second is not representable),
 * year y 0..9999; 0 otherwise. Nothing is normalized. */
int ssp_civil_valid(long long y, long m, long d, long h, long mi, long s);

/* Name of a type, as Table Schema spells it. */
const char *ssp_type_name(ssp_type t);

/* Find a shipped schema or catalogue file: name is looked up in
 * $SSP_SCHEMA_DIR, the installed data-schema folder, then the source tree
 * beside the running program; a name with a '/' is never found (a shipped
 * file is a bare name, and no name leads out of those folders). Returns a
 * new path or NULL (err filled, SSP_EUSAGE). */
char *ssp_schema_find(const char *name, ssp_error *err) SSP_NODISCARD;

/* s[0..len) as an ISO 8601 date (YYYY-MM-DD): days since 1970-01-01;
 * and as a date-time (YYYY-MM-DDTHH:MM:SS[.f][Z|+HH:MM]): seconds since
 * the epoch, UTC. 1 on success, 0 if s is not one. */
int ssp_iso_date(const char *s, size_t len, double *days) SSP_NODISCARD;
int ssp_iso_datetime(const char *s, size_t len, double *secs) SSP_NODISCARD;

#endif
