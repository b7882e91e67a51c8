/* inject.c: fault injection for the torture tests (tests/inject/run.sh),
 * linked only into build/inject/ssp with -Wl,--wrap for each function
 * below, so that every call of ssp's own code (and of Jansson, whose
 * allocator the tool sets to ssp_json_malloc) passes through here.
 *
 *   SSP_INJECT=alloc:N   the Nth allocation fails (NULL, -1 or ENOMEM as
 *                        the function reports it)
 *   SSP_INJECT=io:N      the Nth fflush, fclose, fsync or rename fails
 *                        with SSP_INJECT_ERRNO (EIO, or ENOSPC)
 *   SSP_INJECT=kill:N    the run is killed (SIGKILL) at its Nth event,
 *                        allocation or I/O, as a power cut would
 *   SSP_INJECT_TRACE=1   print the stack where the fault fires
 *   SSP_INJECT_LOG=FILE  at exit, "allocs IOS FIRED" is written to FILE:
 *                        the events counted and whether the fault fired
 *   SSP_INJECT_SITES=FILE  each allocation whose site is new, "a N SITE", and
 *                        each I/O event, "i N EVENT FUNCTION" (EVENT counts
 *                        both kinds, as kill:EVENT does); a new site is
 *                        one with a new hash of the three innermost
 *                        frames of ssp's own code that led to it, so that
 *                        the torture fails each path once, not each call
 *
 * Not reached: allocations inside libc, libcsv, libxlsxwriter, cairo,
 * pango, PCRE2 and libsodium. */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Code of this file is not a site: it lives in a section of its own. */
#define OWN __attribute__((section("inject_text"), noinline))
extern char __start_inject_text[], __stop_inject_text[];

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_aligned_alloc(size_t a, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **p, const char *fmt, va_list ap);
OWN int __wrap_vasprintf(char **p, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
OWN int __wrap_asprintf(char **p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
FILE *__real_open_memstream(char **p, size_t *n);
ssize_t __real_getline(char **p, size_t *n, FILE *fp);
char *__real_realpath(const char *path, char *resolved);
int __real_fflush(FILE *fp);
int __real_fclose(FILE *fp);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);

enum { KIND_NONE, KIND_ALLOC, KIND_IO, KIND_KILL };
static int kind = -1, fault_errno = EIO, fired;
static long at, allocs, ios;
static int trace;
void __sanitizer_print_stack_trace(void);

/* The sites seen, for SSP_INJECT_SITES (open addressing). */
#define NSITES 16384
#define DEPTH 3 /* frames of ssp's own code that make a site */
static void *site[NSITES];
static FILE *sites;
extern char __executable_start[], etext[];

OWN static void *own_frames(void)
{
    void *f[48];
    int n = backtrace(f, 48), k = 0;
    size_t h = 0;
    for (int i = 0; i < n && k < DEPTH; i++) {
        char *a = f[i];
        if (a >= __executable_start && a < etext &&
            !(a >= __start_inject_text && a < __stop_inject_text)) {
            h = h * 1000003u ^ (size_t)a;
            k++;
        }
    }
    return (void *)(h | 1);
}

OWN static void note_site(long n)
{
    static int busy;
    if (busy)
        return;
    busy = 1;
    void *a = own_frames();
    size_t h = (size_t)a % NSITES;
    while (site[h] && site[h] != a)
        h = (h + 1) % NSITES;
    if (!site[h]) {
        site[h] = a;
        fprintf(sites, "a %ld %p\n", n, a);
    }
    busy = 0;
}

OWN static void report(void)
{
    const char *log = getenv("SSP_INJECT_LOG");
    if (!log)
        return;
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char b[64];
    int n = snprintf(b, sizeof b, "%ld %ld %d\n", allocs, ios, fired);
    if (write(fd, b, (size_t)n) < 0)
        n = 0;
    close(fd);
}

OWN static void setup(void)
{
    kind = KIND_NONE;
    const char *s = getenv("SSP_INJECT");
    if (s && !strncmp(s, "alloc:", 6))
        kind = KIND_ALLOC, at = atol(s + 6);
    else if (s && !strncmp(s, "io:", 3))
        kind = KIND_IO, at = atol(s + 3);
    else if (s && !strncmp(s, "kill:", 5))
        kind = KIND_KILL, at = atol(s + 5);
    trace = getenv("SSP_INJECT_TRACE") != NULL;
    const char *sf = getenv("SSP_INJECT_SITES");
    if (sf && (sites = fopen(sf, "w")))
        setvbuf(sites, NULL, _IOLBF, 0);
    const char *e = getenv("SSP_INJECT_ERRNO");
    if (e && !strcmp(e, "ENOSPC"))
        fault_errno = ENOSPC;
    /* gnuplot and other children are not ours */
    unsetenv("SSP_INJECT");
    atexit(report);
}

/* The memory streams open: flushing or closing one allocates (its
 * buffer), so it is an allocation event, not an I/O one. */
static FILE *mem[64];

OWN static int is_mem(FILE *fp, int forget)
{
    for (size_t i = 0; fp && i < sizeof mem / sizeof *mem; i++)
        if (mem[i] == fp) {
            if (forget)
                mem[i] = NULL;
            return 1;
        }
    return 0;
}

/* The event of a flush or close of fp, if any: a stream read from is
 * closed without a write to fail. */
OWN static int stream_event(FILE *fp, int closing)
{
    if (is_mem(fp, closing))
        return KIND_ALLOC;
    /* a flush or close with nothing to write cannot fail to write it */
    return !fp || (__fwritable(fp) && __fpending(fp)) ? KIND_IO : KIND_NONE;
}

/* 1 when this event of kind k is the one to fail. */
OWN static int hit(int k, const char *name)
{
    if (kind < 0)
        setup();
    long c = k == KIND_ALLOC ? ++allocs : ++ios;
    if (sites && k == KIND_ALLOC)
        note_site(c);
    else if (sites)
        fprintf(sites, "i %ld %ld %s\n", c, allocs + ios, name);
    if (kind == KIND_KILL && allocs + ios == at) {
        fired = 1;
        report();
        raise(SIGKILL);
    }
    if (kind != k || c != at)
        return 0;
    fired = 1;
    if (trace) /* where, to find what failed it */
        __sanitizer_print_stack_trace();
    return 1;
}

OWN void *__wrap_malloc(size_t n)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_malloc(n);
}

OWN void *__wrap_aligned_alloc(size_t a, size_t n)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_aligned_alloc(a, n);
}

OWN void *__wrap_calloc(size_t n, size_t m)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_calloc(n, m);
}

OWN void *__wrap_realloc(void *p, size_t n)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_realloc(p, n);
}

OWN char *__wrap_strdup(const char *s)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_strdup(s);
}

OWN char *__wrap_strndup(const char *s, size_t n)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_strndup(s, n);
}

OWN int __wrap_vasprintf(char **p, const char *fmt, va_list ap)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return -1;
    }
    return __real_vasprintf(p, fmt, ap);
}

OWN int __wrap_asprintf(char **p, const char *fmt, ...)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    int r = __real_vasprintf(p, fmt, ap);
    va_end(ap);
    return r;
}

OWN FILE *__wrap_open_memstream(char **p, size_t *n)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    FILE *fp = __real_open_memstream(p, n);
    for (size_t i = 0; fp && i < sizeof mem / sizeof *mem; i++)
        if (!mem[i]) {
            mem[i] = fp;
            break;
        }
    return fp;
}

OWN ssize_t __wrap_getline(char **p, size_t *n, FILE *fp)
{
    if (hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return -1;
    }
    return __real_getline(p, n, fp);
}

OWN char *__wrap_realpath(const char *path, char *resolved)
{
    if (!resolved && hit(KIND_ALLOC, NULL)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_realpath(path, resolved);
}

OWN int __wrap_fflush(FILE *fp)
{
    int k = stream_event(fp, 0);
    if (k != KIND_NONE && hit(k, "fflush")) {
        errno = k == KIND_ALLOC ? ENOMEM : fault_errno;
        if (fp) /* as a failed write leaves it (glibc's _IO_ERR_SEEN) */
            fp->_flags |= 0x20;
        return EOF;
    }
    return __real_fflush(fp);
}

OWN int __wrap_fclose(FILE *fp)
{
    int k = stream_event(fp, 1);
    int fail = k != KIND_NONE && hit(k, "fclose");
    int r = __real_fclose(fp);
    if (fail) {
        errno = k == KIND_ALLOC ? ENOMEM : fault_errno;
        return EOF;
    }
    return r;
}

OWN int __wrap_fsync(int fd)
{
    struct stat st;
    int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    if (hit(KIND_IO, dir ? "fsync-dir" : "fsync")) {
        errno = fault_errno;
        return -1;
    }
    return __real_fsync(fd);
}

OWN int __wrap_rename(const char *from, const char *to)
{
    if (hit(KIND_IO, "rename")) {
        errno = fault_errno;
        return -1;
    }
    return __real_rename(from, to);
}
