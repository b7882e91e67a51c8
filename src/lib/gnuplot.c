/* gnuplot.c: the gnuplot driver: a child process fed through a pipe, its
 * messages captured, its picture read back through another pipe and
 * written by us (gnuplot does not report a failed write: a full disk left
 * a cut picture and status 0), renamed into place on success. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ssp/gnuplot.h"
#include "ssp/io.h"

extern char **environ;

#define INSTALL                                       \
    "install the Debian package " SSP_GNUPLOT_PACKAGE \
    " (apt-get install " SSP_GNUPLOT_PACKAGE ")"

static int executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

char *ssp_gnuplot_find(ssp_error *err)
{
    const char *env = getenv("SSP_GNUPLOT");
    if (env && *env) {
        if (!executable(env)) {
            ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                          "SSP_GNUPLOT names '%s', which is not an "
                          "executable program: " INSTALL
                          " and unset SSP_GNUPLOT",
                          env);
            return NULL;
        }
        char *p = strdup(env);
        if (!p)
            ssp_error_nomem(err);
        return p;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *s = path;;) {
        const char *e = strchr(s, ':');
        int n = e ? (int)(e - s) : (int)strlen(s);
        char *p;
        /* An empty element of PATH is the current folder. */
        if (asprintf(&p, "%.*s/gnuplot", n ? n : 1, n ? s : ".") < 0) {
            ssp_error_nomem(err);
            return NULL;
        }
        if (executable(p))
            return p;
        free(p);
        if (!e)
            break;
        s = e + 1;
    }
    ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                  "gnuplot is not installed (no gnuplot on PATH): " INSTALL
                  ", or name the program in SSP_GNUPLOT");
    return NULL;
}

char *ssp_gnuplot_quote(const char *s)
{
    size_t n = 2;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 2 : 1;
    char *q = malloc(n + 1), *w = q;
    if (!q)
        return NULL;
    *w++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            *w++ = '\'';
        *w++ = *p;
    }
    *w++ = '\'';
    *w = '\0';
    return q;
}

/* What gnuplot said, whitespace folded, cut at a character boundary. */
struct said {
    char text[800];
    size_t len;
    int space, cut;
};

static void said_add(struct said *m, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            m->space = m->len > 0;
            continue;
        }
        if (m->len + 2 >= sizeof m->text) {
            m->cut = 1;
            continue;
        }
        if (m->space)
            m->text[m->len++] = ' ';
        m->space = 0;
        m->text[m->len++] = (char)c;
    }
}

static const char *said_text(struct said *m)
{
    if (m->cut) /* drop a partial UTF-8 sequence at the end */
        while (m->len > 0 &&
               ((unsigned char)m->text[m->len - 1] & 0xC0) == 0x80)
            m->len--;
    if (m->cut && m->len > 0 &&
        ((unsigned char)m->text[m->len - 1] & 0xC0) == 0xC0)
        m->len--;
    m->text[m->len] = '\0';
    return m->text;
}

/* The environment gnuplot runs in: ours in the C.UTF-8 locale, so that
 * numbers read and print as C and text is UTF-8 whatever the user's
 * locale (in the C locale "set encoding utf8" makes gnuplot warn). A new
 * array of borrowed strings (free it), or NULL. */
static char **child_env(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = malloc((n + 2) * sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LC_", 3) && strncmp(environ[i], "LANG=", 5) &&
            strncmp(environ[i], "LANGUAGE=", 9))
            env[k++] = environ[i];
    env[k++] = (char *)"LC_ALL=C.UTF-8";
    env[k] = NULL;
    return env;
}

/* The descriptor gnuplot writes its picture to ("set output
 * '/dev/fd/3'"). */
#define PICTURE_FD 3

/* Run gnuplot with the n parts as its input; *said gets what it wrote on
 * its standard output and error, dst the picture (*bytes counts it). */
static ssp_status run(const char *gnuplot, const char *const *part,
                      const size_t *plen, size_t n, const char *path,
                      struct said *said, FILE *dst, unsigned long long *bytes,
                      ssp_error *err)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, pic[2] = {-1, -1};
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 ||
        pipe2(pic, O_CLOEXEC) != 0) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            if (in[i] >= 0)
                close(in[i]);
            if (out[i] >= 0)
                close(out[i]);
            if (pic[i] >= 0)
                close(pic[i]);
        }
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot run gnuplot: %s",
                             strerror(e));
    }
    /* dup2 onto itself would keep close-on-exec: never 0 to 3. */
    if (pic[1] <= PICTURE_FD) {
        int f = fcntl(pic[1], F_DUPFD_CLOEXEC, PICTURE_FD + 1);
        close(pic[1]);
        pic[1] = f;
        if (f < 0) {
            int e = errno;
            close(in[0]);
            close(in[1]);
            close(out[0]);
            close(out[1]);
            close(pic[0]);
            return ssp_error_set(err, SSP_EIO, path, 0, 0,
                                 "cannot run gnuplot: %s", strerror(e));
        }
    }
    sigset_t none, pipe_set, old, pending;
    sigemptyset(&none);
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, out[1], 2);
    posix_spawn_file_actions_adddup2(&fa, pic[1], PICTURE_FD);
    posix_spawnattr_init(&at);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &pipe_set);
    posix_spawnattr_setflags(&at,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *argv[] = {(char *)gnuplot, (char *)"-d", NULL};
    char **env = child_env();
    pid_t pid;
    int rc = env ? posix_spawn(&pid, gnuplot, &fa, &at, argv, env) : ENOMEM;
    free(env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(in[0]);
    close(out[1]);
    close(pic[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        close(pic[0]);
        return rc == ENOMEM
                   ? ssp_error_nomem(err)
                   : ssp_error_set(err, SSP_EIO, path, 0, 0,
                                   "cannot run %s: %s", gnuplot, strerror(rc));
    }
    /* A gnuplot that stops reading must not kill us with SIGPIPE. */
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE);
    fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
    int wfd = in[1], rfd = out[0], pfd = pic[0], io_errno = 0;
    size_t k = 0, off = 0;
    while (rfd >= 0 || pfd >= 0) {
        /* A descriptor of -1 is ignored by poll. */
        struct pollfd p[3] = {
            {rfd, POLLIN, 0}, {pfd, POLLIN, 0}, {wfd, POLLOUT, 0}};
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            io_errno = errno;
            break;
        }
        if (wfd >= 0 && p[2].revents) {
            int done = 0;
            while (k < n) {
                ssize_t w = write(wfd, part[k] + off, plen[k] - off);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0) {
                    done = errno != EAGAIN; /* EPIPE: gnuplot stopped */
                    break;
                }
                off += (size_t)w;
                if (off == plen[k]) {
                    k++;
                    off = 0;
                }
            }
            if (done || k == n) {
                close(wfd);
                wfd = -1;
            }
        }
        if (rfd >= 0 && p[0].revents) {
            char buf[4096];
            ssize_t r = read(rfd, buf, sizeof buf);
            if (r > 0)
                said_add(said, buf, (size_t)r);
            else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(rfd);
                rfd = -1;
            }
        }
        if (pfd >= 0 && p[1].revents) {
            char buf[65536];
            ssize_t r = read(pfd, buf, sizeof buf);
            if (r > 0) {
                /* A failed write shows in ferror at the commit. */
                fwrite(buf, 1, (size_t)r, dst);
                *bytes += (unsigned long long)r;
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(pfd);
                pfd = -1;
            }
        }
    }
    if (wfd >= 0)
        close(wfd);
    if (rfd >= 0)
        close(rfd);
    if (pfd >= 0)
        close(pfd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigpending(&pending);
    if (!was_pending && sigismember(&pending, SIGPIPE)) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (said->len)
        return ssp_error_set(err, SSP_EINTERNAL, path, 0, 0, "gnuplot: %s",
                             said_text(said));
    if (io_errno)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "talking to gnuplot: %s",
                             strerror(io_errno));
    if (WIFSIGNALED(status))
        return ssp_error_set(err, SSP_EINTERNAL, path, 0, 0,
                             "gnuplot was killed by signal %d",
                             WTERMSIG(status));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return ssp_error_set(err, SSP_EINTERNAL, path, 0, 0,
                             "gnuplot exited with status %d",
                             WEXITSTATUS(status));
    if (k < n)
        return ssp_error_set(err, SSP_EINTERNAL, path, 0, 0,
                             "gnuplot stopped before the end of its script");
    return SSP_OK;
}

ssp_status ssp_gnuplot_render(const char *gnuplot, const char *terminal,
                              const char *script, size_t len, const char *path,
                              ssp_error *err)
{
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0, err);
    if (st)
        return st;
    char *head = NULL;
    if (asprintf(&head, "set encoding utf8\n%s\nset output '/dev/fd/%d'\n",
                 terminal, PICTURE_FD) < 0) {
        head = NULL;
        st = ssp_error_nomem(err);
    }
    static const char tail[] = "\nunset output\n";
    unsigned long long bytes = 0;
    if (!st) {
        const char *part[] = {head, script, tail};
        const size_t plen[] = {strlen(head), len, sizeof tail - 1};
        struct said said = {.len = 0};
        st = run(gnuplot, part, plen, 3, path, &said, a.fp, &bytes, err);
    }
    if (!st && bytes == 0)
        st = ssp_error_set(err, SSP_EINTERNAL, path, 0, 0,
                           "gnuplot wrote nothing");
    free(head);
    if (st) {
        ssp_atomic_abort(&a);
        return st;
    }
    return ssp_atomic_commit(&a, err);
}
