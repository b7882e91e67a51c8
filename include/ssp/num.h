/* num.h: numbers as text, in the C locale whatever the user's locale is. */
#ifndef SSP_NUM_H
#define SSP_NUM_H

#include <stddef.h>

#include "ssp/ssp.h"

/* Longest text ssp_fmt_double writes, with the terminating NUL. */
#define SSP_NUM_BUFSZ 32

/* Write the shortest decimal form of x that reads back to the same
 * double ("0.1", "1e+20", "-3"); NaN is "NA", infinities "Inf"/"-Inf"
 * (R's spelling). buf must hold SSP_NUM_BUFSZ bytes. Returns buf. */
char *ssp_fmt_double(double x, char buf[SSP_NUM_BUFSZ]);

/* Parse s[0..len) as one finite decimal number, surrounding blanks
 * allowed. Hexadecimal, "inf", "nan" and trailing text are refused.
 * Returns 1 and sets *out on success, 0 if s is not such a number. */
int ssp_parse_double(const char *s, size_t len, double *out) SSP_NODISCARD;

#endif
