/* ssp.h: status codes and the error record shared by all of libssp. */
#ifndef SSP_SSP_H
#define SSP_SSP_H

#include <stddef.h>

#if defined(__GNUC__)
#define SSP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SSP_NODISCARD __attribute__((warn_unused_result))
#define SSP_NORETURN __attribute__((noreturn))
#else
#define SSP_PRINTF(f, a)
#define SSP_NODISCARD
#define SSP_NORETURN
#endif

/* Every library status is also the tool's exit status (DESIGN.md). */
typedef enum ssp_status {
    SSP_OK = 0,       /* success */
    SSP_EDATA = 1,    /* the data failed (invalid rows, criteria not met) */
    SSP_EUSAGE = 2,   /* usage or configuration error */
    SSP_EIO = 3,      /* I/O or system error */
    SSP_EINTERNAL = 4 /* out of memory or internal error */
} ssp_status;

/* Where and why something failed. file, line and col are 0/empty when
 * they do not apply; line and col are 1-based, col counts characters. */
typedef struct ssp_error {
    ssp_status status;
    char file[512];
    long line, col;
    const char *kind; /* NULL, or a Frictionless error type for data
                         errors: "source-error", "encoding-error" */
    char msg[1024];
} ssp_error;

/* Fill *e (which may be NULL) and return st. file may be NULL. */
ssp_status ssp_error_set(ssp_error *e, ssp_status st, const char *file,
                         long line, long col, const char *fmt, ...)
    SSP_PRINTF(6, 7);

/* Record an allocation failure; returns SSP_EINTERNAL. */
ssp_status ssp_error_nomem(ssp_error *e);

/* Jansson's allocator, for json_set_alloc_funcs (the tool sets it): it
 * notes a failure, which Jansson's lexer may report as bad syntax. */
void *ssp_json_malloc(size_t n);

/* 1 when an allocation of Jansson's failed on this thread since the last
 * call (with ssp_json_malloc as its allocator), and that is forgotten.
 * Jansson's constructors give NULL and its setters then fail quietly: a
 * document built with them is checked once, when it is complete, as a
 * stream is by ferror. */
int ssp_json_failed(void);

/* 1 when Jansson's error record je (a json_error_t *) says that it ran
 * out of memory, or an allocation of Jansson's failed since the last call
 * (with ssp_json_malloc as its allocator): the caller reports
 * SSP_EINTERNAL, not a bad document. */
int ssp_json_nomem(const void *je);

/* Checked allocation helpers: return NULL only when memory is exhausted. */
void *ssp_grow(void *p, size_t *cap, size_t need, size_t elem) SSP_NODISCARD;

#endif
