/* io.c: atomic output files, the registry of temporary files that a
 * failed or killed run removes, and file digests. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio_ext.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/io.h"

/* ---- the registry of temporary files ------------------------------------
 * A fixed array, so that the signal handler touches no heap and calls
 * only unlink and rmdir (async-signal-safe). A slot is FREE, BUSY (being
 * filled or emptied by a thread) or LIVE (a name the handler may remove);
 * threads claim slots with compare-and-swap. */
enum { SLOT_FREE, SLOT_BUSY, SLOT_LIVE };

static struct temp_slot {
    int state; /* accessed with __atomic builtins */
    int dir;   /* a folder: rmdir, after the files */
    char path[PATH_MAX];
} temps[SSP_TEMP_MAX];

static const int temp_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Remove every live name: files first, then folders. Async-signal-safe;
 * errno is kept. */
static void temp_remove_all(void)
{
    int e = errno;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < SSP_TEMP_MAX; i++)
            if (__atomic_load_n(&temps[i].state, __ATOMIC_ACQUIRE) ==
                    SLOT_LIVE &&
                temps[i].dir == pass) {
                if (pass)
                    rmdir(temps[i].path);
                else
                    unlink(temps[i].path);
            }
    errno = e;
}

static void temp_on_signal(int sig)
{
    temp_remove_all();
    /* SA_RESETHAND made the action the default again: the signal, blocked
     * while we run, kills the process as it would have. */
    raise(sig);
}

static void temp_at_exit(void)
{
    temp_remove_all();
}

static void temp_install(void)
{
    atexit(temp_at_exit);
    for (size_t i = 0; i < sizeof temp_signals / sizeof *temp_signals; i++) {
        struct sigaction old, sa;
        /* A signal ignored (nohup, a shell's background job) stays so. */
        if (sigaction(temp_signals[i], NULL, &old) != 0 ||
            old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = temp_on_signal;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND | SA_RESTART;
        sigaction(temp_signals[i], &sa, NULL);
    }
}

static pthread_once_t temp_once = PTHREAD_ONCE_INIT;

/* Block the registry's signals (so that a name is never made and not yet
 * registered, or renamed and still registered), saving the mask in old. */
static void temp_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof temp_signals / sizeof *temp_signals; i++)
        sigaddset(&set, temp_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void temp_unblock(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

static ssp_status temp_add(const char *path, int dir, ssp_error *err)
{
    pthread_once(&temp_once, temp_install);
    size_t n = strlen(path);
    if (n >= PATH_MAX)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create: %s",
                             strerror(ENAMETOOLONG));
    for (size_t i = 0; i < SSP_TEMP_MAX; i++) {
        int want = SLOT_FREE;
        if (__atomic_compare_exchange_n(&temps[i].state, &want, SLOT_BUSY, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            memcpy(temps[i].path, path, n + 1);
            temps[i].dir = dir;
            __atomic_store_n(&temps[i].state, SLOT_LIVE, __ATOMIC_RELEASE);
            return SSP_OK;
        }
    }
    return ssp_error_set(err, SSP_EINTERNAL, path, 0, 0,
                         "internal error: more than %d temporary files at "
                         "once",
                         SSP_TEMP_MAX);
}

ssp_status ssp_temp_add(const char *path, int dir, ssp_error *err)
{
    return temp_add(path, dir, err);
}

void ssp_temp_forget(const char *path)
{
    for (size_t i = 0; i < SSP_TEMP_MAX; i++) {
        int want = SLOT_LIVE;
        if (!strcmp(temps[i].path, path) &&
            __atomic_compare_exchange_n(&temps[i].state, &want, SLOT_BUSY, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            if (!strcmp(temps[i].path, path)) {
                temps[i].path[0] = '\0';
                __atomic_store_n(&temps[i].state, SLOT_FREE, __ATOMIC_RELEASE);
                return;
            }
            __atomic_store_n(&temps[i].state, SLOT_LIVE, __ATOMIC_RELEASE);
        }
    }
}

/* ---- atomic output files ------------------------------------------------ */

/* An unnamed file in path's folder (O_TMPFILE), which a killed run
 * cannot leave behind: -1 where the file system or /proc lacks it. */
static int anon_open(const char *path)
{
    char copy[PATH_MAX];
    if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy ||
        access("/proc/self/fd", X_OK) != 0)
        return -1;
    return open(dirname(copy), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

ssp_status ssp_atomic_open(ssp_atomic *a, const char *path, unsigned mode,
                           ssp_error *err)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(path);
    a->path = strdup(path);
    /* room for PATH.tmpXXXXXX, or for /proc/self/fd/N and after it the
     * name it gets at the commit, PATH.tmpXXXXXX */
    a->tmp = malloc(n + sizeof ".tmpXXXXXX" + 32);
    if (!a->path || !a->tmp) {
        ssp_atomic_abort(a);
        return ssp_error_nomem(err);
    }
    memcpy(a->tmp, path, n);
    memcpy(a->tmp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = anon_open(path);
    if (fd >= 0) {
        a->anon = 1;
        snprintf(a->tmp, n + sizeof ".tmpXXXXXX" + 32, "/proc/self/fd/%d", fd);
    } else {
        sigset_t old;
        temp_block(&old);
        fd = mkstemp(a->tmp);
        if (fd < 0) {
            temp_unblock(&old);
            ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create: %s",
                          strerror(errno));
            free(a->tmp);
            a->tmp = NULL;
            ssp_atomic_abort(a);
            return SSP_EIO;
        }
        ssp_status st = temp_add(a->tmp, 0, err);
        temp_unblock(&old);
        if (st) {
            close(fd);
            unlink(a->tmp);
            free(a->tmp);
            a->tmp = NULL;
            ssp_atomic_abort(a);
            return st;
        }
    }
    /* mkstemp makes 0600; an ordinary output follows the umask. */
    if (!mode) {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    if (fchmod(fd, (mode_t)mode) != 0 || !(a->fp = fdopen(fd, "w"))) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create: %s",
                      strerror(errno));
        close(fd);
        ssp_atomic_abort(a);
        return SSP_EIO;
    }
    return SSP_OK;
}

/* Give the unnamed file of a a temporary name beside its final one (a
 * name the registry holds until the rename): 0, or -1 with errno. */
static int anon_link(ssp_atomic *a, char **name)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    size_t n = strlen(a->path);
    /* the name goes where the unnamed file's /proc name was: room enough */
    char *t = a->tmp + strlen(a->tmp) + 1;
    for (int tries = 0; tries < 100; tries++) {
        unsigned char r[6];
        randombytes_buf(r, sizeof r);
        memcpy(t, a->path, n);
        memcpy(t + n, ".tmp", 4);
        for (size_t i = 0; i < 6; i++)
            t[n + 4 + i] = digits[r[i] % 36];
        t[n + 10] = '\0';
        if (temp_add(t, 0, NULL)) {
            errno = ENOSPC;
            break;
        }
        if (linkat(AT_FDCWD, a->tmp, AT_FDCWD, t, AT_SYMLINK_FOLLOW) == 0) {
            *name = t;
            return 0;
        }
        int e = errno;
        ssp_temp_forget(t);
        errno = e;
        if (e != EEXIST)
            break;
    }
    return -1;
}

/* fsync the folder holding path, so the rename itself is durable. */
static int sync_dir(const char *path)
{
    char copy[PATH_MAX];
    if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
        return -1;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

ssp_status ssp_atomic_commit(ssp_atomic *a, ssp_error *err)
{
    /* A write that failed earlier left ferror set, and errno most likely
     * still says why (EIO when it says nothing). */
    int bad = fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0;
    int e = errno ? errno : EIO;
    sigset_t old;
    temp_block(&old);
    char *name = a->tmp; /* an unnamed file is named while it is open */
    if (!bad && a->anon && anon_link(a, &name) != 0) {
        bad = 1;
        e = errno;
    }
    if (fclose(a->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    a->fp = NULL;
    if (!bad && rename(name, a->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (name != a->tmp) {
        if (bad)
            unlink(name);
        ssp_temp_forget(name);
    } else if (!bad) {
        ssp_temp_forget(name);
    }
    temp_unblock(&old);
    if (bad) {
        ssp_error_set(err, SSP_EIO, a->path, 0, 0, "write error: %s",
                      strerror(e));
        ssp_atomic_abort(a);
        return SSP_EIO;
    }
    free(a->tmp);
    a->tmp = NULL;
    sync_dir(a->path); /* best effort: the data itself is on disk */
    ssp_atomic_abort(a);
    return SSP_OK;
}

void ssp_atomic_abort(ssp_atomic *a)
{
    if (a->fp) {
        __fpurge(a->fp); /* discarded: nothing of it is written */
        fclose(a->fp);
    }
    if (a->tmp && !a->anon) {
        unlink(a->tmp);
        ssp_temp_forget(a->tmp);
    }
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

void ssp_sha256_file(const char *path, char hex[65], unsigned long long *bytes)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : NULL;
    unsigned char h[crypto_hash_sha256_BYTES], buf[65536];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    *bytes = 0;
    size_t n;
    while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
        crypto_hash_sha256_update(&st, buf, n);
        *bytes += n;
    }
    if (fp)
        fclose(fp);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}
