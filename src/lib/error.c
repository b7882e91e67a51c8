/* error.c: the error record. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp.h"

ssp_status ssp_error_set(ssp_error *e, ssp_status st, const char *file,
                         long line, long col, const char *fmt, ...)
{
    if (!e)
        return st;
    e->status = st;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->col = col;
    e->kind = NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return st;
}

ssp_status ssp_error_nomem(ssp_error *e)
{
    return ssp_error_set(e, SSP_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* Grow *p (an array of elem-sized items with capacity *cap) to hold need
 * items, doubling; on failure the old block is left untouched. */
void *ssp_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > ((size_t)-1 / 2) / elem)
            return NULL;
        n *= 2;
    }
    void *q = realloc(p, n * elem);
    if (q)
        *cap = n;
    return q;
}
