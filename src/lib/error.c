/* error.c: the error record. */
#include <jansson.h>
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

/* Set when an allocation of Jansson's failed on this thread: its lexer
 * reports some of them as a syntax error of the document. */
static _Thread_local int json_alloc_failed;

void *ssp_json_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        json_alloc_failed = 1;
    return p;
}

int ssp_json_failed(void)
{
    int failed = json_alloc_failed;
    json_alloc_failed = 0;
    return failed;
}

int ssp_json_nomem(const void *je)
{
    int failed = ssp_json_failed();
    /* Jansson says so, or, when a buffer of its lexer could not be made,
     * says nothing at all (an empty text; every other error has one). */
    const json_error_t *e = je;
    return failed || json_error_code(e) == json_error_out_of_memory ||
           !e->text[0];
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
