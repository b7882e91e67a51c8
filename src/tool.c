/* tool.c: diagnostics in one form, exit codes, checked stdout. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ssp/num.h"
#include "tool.h"

/* Set once at start-up, read by every diagnostic. */
static const char *progname = "ssp";

/* -1 until known: whether progress lines go to stderr. */
static int progress_on = -1;
static int progress_shown;

void tool_init(const char *name)
{
    progname = name;
}

void tool_quiet(int quiet)
{
    progress_on = quiet ? 0 : isatty(STDERR_FILENO);
}

void tool_progress(const char *file, unsigned long long rows)
{
    if (progress_on < 0)
        tool_quiet(0);
    if (!progress_on)
        return;
    fprintf(stderr, "\r%s: %s: %llu rows", progname, file, rows);
    progress_shown = 1;
}

void tool_progress_end(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr);
    progress_shown = 0;
}

const char *tool_name(void)
{
    return progname;
}

__attribute__((format(printf, 1, 0))) static void vmsg(const char *fmt,
                                                       va_list ap)
{
    tool_progress_end();
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void warnx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
}

void die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    exit(status);
}

void report(const ssp_error *e)
{
    if (e->file[0] && e->line > 0)
        warnx("%s:%ld:%ld: %s", e->file, e->line, e->col, e->msg);
    else if (e->file[0])
        warnx("%s: %s", e->file, e->msg);
    else
        warnx("%s", e->msg);
}

void die_error(const ssp_error *e)
{
    report(e);
    exit(e->status ? (int)e->status : SSP_EINTERNAL);
}

void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    tool_bad_option();
}

void tool_bad_option(void)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", progname);
    exit(SSP_EUSAGE);
}

char tool_delimiter(const char *s)
{
    if (!strcmp(s, "tab") || !strcmp(s, "\\t"))
        return '\t';
    if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
        usage_error("delimiter must be one character other than a quote or "
                    "newline, not '%s'",
                    s);
    return s[0];
}

int tool_finish(int status)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        warnx("write error on standard output: %s", strerror(e));
        return SSP_EIO;
    }
    return status;
}

long tool_whole(const char *opt, const char *arg)
{
    double x;
    if (!ssp_parse_double(arg, strlen(arg), &x) || x < 0 || x != (long)x)
        usage_error("%s takes a whole number, not '%s'", opt, arg);
    return (long)x;
}

void tool_limit_parse(struct tool_limit *l, const char *opt, const char *arg)
{
    size_t n = strlen(arg);
    double x;
    l->pct = n && arg[n - 1] == '%';
    if (!ssp_parse_double(arg, n - (size_t)l->pct, &x) || x < 0 ||
        (!l->pct && x != (long)x) || (l->pct && x > 100))
        usage_error("%s takes a count N or a share P%%, not '%s'", opt, arg);
    l->n = x;
    l->set = 1;
}

int tool_limit_allows(const struct tool_limit *l, unsigned long long rejected,
                      unsigned long long read)
{
    if (!rejected)
        return 1;
    if (!l->set)
        return 0;
    return (double)rejected <= (l->pct ? l->n / 100 * (double)read : l->n);
}

void tool_oom(void)
{
    die(SSP_EINTERNAL, "out of memory");
}

void *tool_json_malloc(size_t n)
{
    void *p = ssp_json_malloc(n);
    if (!p)
        tool_oom();
    return p;
}

size_t tool_group_columns(const ssp_csv *in, const char *groups,
                          size_t gidx[16])
{
    size_t ng = 0;
    ssp_error e;
    char *gcopy = groups ? strdup(groups) : NULL;
    if (groups && !gcopy)
        die(SSP_EINTERNAL, "out of memory");
    for (char *t = gcopy ? strtok(gcopy, ",") : NULL; t;
         t = strtok(NULL, ",")) {
        if (ng == 16)
            usage_error("at most 16 group columns");
        if (ssp_csv_column(in, t, &gidx[ng++], &e) != SSP_OK)
            die_error(&e);
    }
    free(gcopy);
    return ng;
}
