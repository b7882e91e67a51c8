/* out.h: writing CSV fields and JSON strings. */
#ifndef SSP_OUT_H
#define SSP_OUT_H

#include <stdio.h>

/* s as one CSV field: quoted (quotes doubled) only when it holds the
 * delimiter, a quote or a line break. */
void ssp_put_csv_field(FILE *fp, const char *s, char delim);

/* s (UTF-8) as a JSON string, quotes included. */
void ssp_put_json_string(FILE *fp, const char *s);

#endif
