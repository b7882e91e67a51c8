/* names.c: a check that a header's column names are distinct. */
#include <string.h>

#include "ssp/names.h"
#include "ssp/strmap.h"

int ssp_names_distinct(const char *const *names, size_t n, size_t *first,
                       size_t *second)
{
    ssp_strmap seen;
    ssp_strmap_init(&seen);
    int rc = 1;
    for (size_t i = 0; i < n && rc == 1; i++) {
        size_t at;
        int added;
        if (ssp_strmap_put(&seen, names[i], strlen(names[i]), &at, &added) !=
            SSP_OK) {
            rc = -1;
        } else if (!added) {
            /* the map numbers keys as added, so at counts the distinct
             * names before: find the earlier name itself */
            for (size_t k = 0; k < i; k++)
                if (!strcmp(names[k], names[i])) {
                    *first = k;
                    break;
                }
            *second = i;
            rc = 0;
        }
    }
    ssp_strmap_destroy(&seen);
    return rc;
}
