/* tool.h: the tool layer's diagnostics and exit handling (not libssp). */
#ifndef SSP_TOOL_H
#define SSP_TOOL_H

#include "ssp/csv.h"
#include "ssp/ssp.h"

/* Set the name diagnostics start with, e.g. "ssp stats". */
void tool_init(const char *name);
const char *tool_name(void);

/* "NAME: message" on stderr. */
void warnx(const char *fmt, ...) SSP_PRINTF(1, 2);

/* Print a message and exit with status. */
SSP_NORETURN void die(int status, const char *fmt, ...) SSP_PRINTF(2, 3);

/* Print "NAME: FILE:LINE:COL: message" (parts left out when not set). */
void report(const ssp_error *e);

/* report(e) and exit with its status. */
SSP_NORETURN void die_error(const ssp_error *e);

/* die(SSP_EINTERNAL, "out of memory"). */
SSP_NORETURN void tool_oom(void);

/* Jansson's allocator for the tool (json_set_alloc_funcs): out of memory
 * is fatal there, status 4. Jansson's lexer goes on after a failed
 * allocation and may give a document with a digit or a character lost;
 * none such is ever used. */
void *tool_json_malloc(size_t n);

/* A usage error: the message, then "Try 'NAME --help'", status 2. */
SSP_NORETURN void usage_error(const char *fmt, ...) SSP_PRINTF(1, 2);

/* An option getopt refused (it said why): "Try 'NAME --help'", status 2. */
SSP_NORETURN void tool_bad_option(void);

/* The -t/--delimiter argument: one character other than a quote or a
 * newline, or "tab" / "\t"; else a usage error. */
char tool_delimiter(const char *arg);

/* -g COLS, a comma-separated list of columns of in: their indexes in
 * gidx (at most 16, else a usage error); returns how many. A column not
 * found is an error at the header; no memory is status 4. */
size_t tool_group_columns(const ssp_csv *in, const char *groups,
                          size_t gidx[16]);

/* Progress of long work: "NAME: FILE: N rows" on one line of stderr,
 * rewritten in place, only when stderr is a terminal and not quieted.
 * tool_progress_end clears the line. */
void tool_quiet(int quiet);
void tool_progress(const char *file, unsigned long long rows);
void tool_progress_end(void);

/* A whole number option (>= 0), or a usage error naming opt. */
long tool_whole(const char *opt, const char *arg);

/* --max-rejects N or P%: how many rejected rows still succeed. */
struct tool_limit {
    double n;
    int pct, set;
};

/* Parse arg as N or P%, or a usage error naming opt. */
void tool_limit_parse(struct tool_limit *l, const char *opt, const char *arg);

/* 1 if rejected rows of read are within the limit (0 rejected always). */
int tool_limit_allows(const struct tool_limit *l, unsigned long long rejected,
                      unsigned long long read);

/* Flush and close stdout; on failure report it and return 3 (I/O error),
 * else return status. Every tool returns through this. */
int tool_finish(int status);

#endif
