/* names.h: the column names of a header a command prints. */
#ifndef SSP_NAMES_H
#define SSP_NAMES_H

#include <stddef.h>

#include "ssp/ssp.h"

/* Whether names[0 .. n-1] (borrowed) are distinct: 1 if so; 0 if one
 * repeats, with *first and *second the indices of its first two
 * occurrences; -1 when out of memory. Linear in the total length. */
int ssp_names_distinct(const char *const *names, size_t n, size_t *first,
                       size_t *second) SSP_NODISCARD;

#endif
