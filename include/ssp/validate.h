/* validate.h: checking a CSV table, row by row, against a Table Schema. */
#ifndef SSP_VALIDATE_H
#define SSP_VALIDATE_H

#include "ssp/csv.h"
#include "ssp/schema.h"
#include "ssp/strmap.h"

/* One finding, named with Frictionless's error types. */
typedef struct ssp_verr {
    const char *type;  /* "type-error", "constraint-error", ... */
    long line, col;    /* physical position (0: none) */
    long row;          /* Frictionless row number: the header is row 1 */
    const char *field; /* field name, or NULL */
    size_t field_no;   /* 1-based column of the field, or 0 */
    const char *value; /* the cell as read, or NULL */
    char msg[600];
} ssp_verr;

typedef void (*ssp_verr_fn)(void *ctx, const ssp_verr *e);

/* The tuples of some fields of a table's accepted rows, kept so that
 * other tables' foreign keys can be checked against them. */
typedef struct ssp_keyset {
    char *resource;
    ssp_strs fields; /* names, in the referenced table */
    ssp_strmap keys;
} ssp_keyset;

/* Validation state of one table (one schema, one or more files). */
typedef struct ssp_vtable ssp_vtable;

/* Start validating a table. exports lists keysets to fill from this
 * table's accepted rows (their resource is this table); imports[i] is the
 * keyset the schema's foreign key i refers to, or NULL when it cannot be
 * checked here. Both arrays are borrowed. */
ssp_vtable *ssp_vtable_new(const ssp_schema *s, ssp_keyset **exports,
                           size_t nexports, ssp_keyset **imports,
                           ssp_verr_fn fn, void *ctx) SSP_NODISCARD;

/* Check a file's header against the schema (fieldsMatch) and map columns
 * to fields. Reports label errors; returns 1 when they leave the table
 * usable (columns mapped), 0 when not one field could be mapped, -1 when
 * memory runs out. Takes time linear in the number of columns. */
int ssp_vtable_header(ssp_vtable *v, const ssp_csv_record *h, const char *file);

/* Check one row; returns 1 when it is valid, 0 when rejected. Reports
 * every error in it. Returns -1 when memory runs out. A primary key whose
 * parts (text: 4 bytes, a number of a kind: 8) come to 12 bytes or fewer
 * is kept in 16 bytes, with the row that had it and a dictionary of its
 * texts, at 21 to 32 bytes a key; other keys, or texts that hardly repeat,
 * take about 90. */
int ssp_vtable_row(ssp_vtable *v, const ssp_csv_record *r, long row);

/* A hint: about rows more rows are coming, so the table of keys is made
 * for them at once rather than grown on the way (a growth holds the old
 * table and the new). Returns -1 when memory runs out. */
int ssp_vtable_expect(ssp_vtable *v, size_t rows);

void ssp_vtable_free(ssp_vtable *v);

#endif
