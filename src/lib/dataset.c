/* dataset.c: one run at a time in a dataset folder, and its files changed
 * together: staged files, an fsync'd journal (the commit point), renames;
 * a journal left by a killed run is replayed by the next one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/dataset.h"

struct entry {
    char *rel;   /* the target, relative to the folder */
    char *stage; /* where its new content is written (full path) */
    int remove;  /* 1: rel is removed, not replaced */
};

struct ssp_dataset {
    char *dir;
    int lock;
    int recovered;
    int unfinished; /* a commit passed its commit point, not applied */
    struct entry *e;
    size_t n, cap;
};

/* A test hook: SSP_TEST_CRASH=POINT kills the run at that step of a
 * commit, as a power cut or kill -9 would. */
static void crash_point(const char *name)
{
    const char *s = getenv("SSP_TEST_CRASH");
    if (s && !strcmp(s, name))
        raise(SIGKILL);
}

static char *join(const char *dir, const char *rel, const char *suffix)
{
    size_t a = strlen(dir), b = strlen(rel), c = strlen(suffix);
    char *p = malloc(a + b + c + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, rel, b);
    memcpy(p + a + 1 + b, suffix, c + 1);
    return p;
}

/* fsync a folder, so the renames in it are durable. */
static int sync_folder(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* fsync the folder holding the file path. */
static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sync_folder(".");
    char d[PATH_MAX]; /* not allocated: a sync cannot fail for memory */
    if ((size_t)(slash - path) >= sizeof d) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    int rc = sync_folder(*d ? d : "/");
    return rc;
}

/* A relative path inside the folder: not empty, not absolute, no ".."
 * part, nothing hidden of ours, no tab or line break (the journal is
 * lines of tab-separated fields). */
static int good_rel(const char *rel)
{
    if (!*rel || *rel == '/' || strpbrk(rel, "\t\n\r"))
        return 0;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && !strncmp(p, "..", 2)))
            return 0;
        p += n;
        if (*p == '/')
            p++;
    }
    return !strstr(rel, SSP_DATASET_STAGE) && strcmp(rel, SSP_DATASET_LOCK) &&
           strncmp(rel, SSP_DATASET_JOURNAL, sizeof SSP_DATASET_JOURNAL - 1);
}

static void entries_free(ssp_dataset *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->e[i].rel);
        free(ds->e[i].stage);
    }
    ds->n = 0;
}

static struct entry *add_entry(ssp_dataset *ds, const char *rel, int remove)
{
    for (size_t i = 0; i < ds->n; i++)
        if (!strcmp(ds->e[i].rel, rel)) {
            ds->e[i].remove = remove;
            return &ds->e[i];
        }
    struct entry *e = ssp_grow(ds->e, &ds->cap, ds->n + 1, sizeof *e);
    if (!e)
        return NULL;
    ds->e = e;
    e = &ds->e[ds->n];
    e->rel = strdup(rel);
    e->stage = join(ds->dir, rel, SSP_DATASET_STAGE);
    e->remove = remove;
    if (!e->rel || !e->stage) {
        free(e->rel);
        free(e->stage);
        return NULL;
    }
    ds->n++;
    return e;
}

/* Rename every staged file over its target and do the removals; a staged
 * file already gone was renamed before (a replay). Then fsync the folders.
 * Returns 0, or -1 with errno set and *what the file that failed. */
static int apply(ssp_dataset *ds, const char **what)
{
    int first = 1;
    for (size_t i = 0; i < ds->n; i++) {
        struct entry *e = &ds->e[i];
        char *target = join(ds->dir, e->rel, "");
        if (!target) {
            errno = ENOMEM;
            *what = e->rel;
            return -1;
        }
        int rc = 0;
        if (e->remove) {
            if (unlink(target) != 0 && errno != ENOENT)
                rc = -1;
        } else if (rename(e->stage, target) != 0 && errno != ENOENT) {
            rc = -1;
        }
        free(target);
        if (rc) {
            *what = e->rel;
            return -1;
        }
        if (first)
            crash_point("rename");
        first = 0;
    }
    for (size_t i = 0; i < ds->n; i++)
        if (sync_parent(ds->e[i].stage) != 0) {
            *what = ds->e[i].rel;
            return -1;
        }
    return 0;
}

/* Remove the staged files of a run that did not commit: every name with
 * our stage suffix in the folder and its subfolders (ssp_atomic's own
 * temporary files for them included). Returns how many. */
static int remove_stage(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char *p = join(dir, de->d_name, "");
        if (!p)
            break;
        struct stat st;
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (depth < 2)
                    n += remove_stage(p, depth + 1);
            } else if (strstr(de->d_name, SSP_DATASET_STAGE) ||
                       (depth == 0 &&
                        !strncmp(de->d_name, SSP_DATASET_JOURNAL ".tmp",
                                 sizeof SSP_DATASET_JOURNAL ".tmp" - 1))) {
                n += unlink(p) == 0;
            }
        }
        free(p);
    }
    closedir(d);
    return n;
}

/* Read the journal into the entries. Returns 1 when it is complete (its
 * end line counts its entries), 0 when not, -1 on a read error. */
static int read_journal(ssp_dataset *ds, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t k;
    int ok = 0, lineno = 0;
    while ((k = getline(&line, &cap, fp)) > 0) {
        if (line[k - 1] != '\n')
            break; /* cut short */
        line[--k] = '\0';
        if (lineno++ == 0) {
            if (strcmp(line, "ssp-journal 1"))
                break;
            continue;
        }
        if (!strncmp(line, "end\t", 4)) {
            ok = strtoul(line + 4, NULL, 10) == ds->n;
            break;
        }
        if ((line[0] != 'R' && line[0] != 'D') || line[1] != '\t' ||
            !good_rel(line + 2) || !add_entry(ds, line + 2, line[0] == 'D'))
            break;
    }
    free(line);
    fclose(fp);
    return ok;
}

/* Finish or undo what an earlier run left. */
static int recover(ssp_dataset *ds, ssp_error *err)
{
    char *jpath = join(ds->dir, SSP_DATASET_JOURNAL, "");
    if (!jpath)
        return ssp_error_nomem(err);
    struct stat st;
    if (stat(jpath, &st) == 0) {
        int ok = read_journal(ds, jpath);
        if (ok < 0) {
            ssp_error_set(err, SSP_EIO, jpath, 0, 0, "cannot read: %s",
                          strerror(errno));
            free(jpath);
            return SSP_EIO;
        }
        const char *what = NULL;
        if (ok && apply(ds, &what) != 0) {
            ssp_error_set(err, SSP_EIO, ds->dir, 0, 0,
                          "cannot finish the interrupted change (%s): %s", what,
                          strerror(errno));
            free(jpath);
            entries_free(ds);
            return SSP_EIO;
        }
        entries_free(ds);
        /* An incomplete journal never passed the commit point (it is
         * renamed into place whole): the stage it names is undone below. */
        if (unlink(jpath) != 0 || sync_folder(ds->dir) != 0) {
            ssp_error_set(err, SSP_EIO, jpath, 0, 0, "cannot remove: %s",
                          strerror(errno));
            free(jpath);
            return SSP_EIO;
        }
        ds->recovered = ok ? SSP_DATASET_REPLAYED : SSP_DATASET_ROLLED_BACK;
    }
    free(jpath);
    if (remove_stage(ds->dir, 0) && !ds->recovered)
        ds->recovered = SSP_DATASET_ROLLED_BACK;
    return SSP_OK;
}

ssp_dataset *ssp_dataset_open(const char *dir, ssp_dataset_wait_fn on_wait,
                              void *ctx, ssp_error *err)
{
    ssp_dataset *ds = calloc(1, sizeof *ds);
    if (!ds || !(ds->dir = strdup(dir))) {
        free(ds);
        ssp_error_nomem(err);
        return NULL;
    }
    ds->lock = -1;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ssp_error_set(err, SSP_EIO, dir, 0, 0, "cannot create: %s",
                      strerror(errno));
        ssp_dataset_close(ds);
        return NULL;
    }
    char *lpath = join(dir, SSP_DATASET_LOCK, "");
    if (!lpath) {
        ssp_dataset_close(ds);
        ssp_error_nomem(err);
        return NULL;
    }
    ds->lock = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    int rc = ds->lock < 0 ? -1 : flock(ds->lock, LOCK_EX | LOCK_NB);
    if (rc != 0 && ds->lock >= 0 && errno == EWOULDBLOCK) {
        if (on_wait)
            on_wait(ctx, dir);
        while ((rc = flock(ds->lock, LOCK_EX)) != 0 && errno == EINTR)
            ;
    }
    if (rc != 0) {
        ssp_error_set(err, SSP_EIO, lpath, 0, 0, "cannot lock: %s",
                      strerror(errno));
        free(lpath);
        ssp_dataset_close(ds);
        return NULL;
    }
    free(lpath);
    if (recover(ds, err) != SSP_OK) {
        ssp_dataset_close(ds);
        return NULL;
    }
    return ds;
}

int ssp_dataset_recovered(const ssp_dataset *ds)
{
    return ds->recovered;
}

const char *ssp_dataset_dir(const ssp_dataset *ds)
{
    return ds->dir;
}

const char *ssp_dataset_stage(ssp_dataset *ds, const char *rel, ssp_error *err)
{
    if (!good_rel(rel)) {
        ssp_error_set(err, SSP_EUSAGE, ds->dir, 0, 0,
                      "'%s' is no file name inside the dataset", rel);
        return NULL;
    }
    struct entry *e = add_entry(ds, rel, 0);
    if (!e) {
        ssp_error_nomem(err);
        return NULL;
    }
    return e->stage;
}

void ssp_dataset_unstage(ssp_dataset *ds, const char *rel)
{
    for (size_t i = 0; i < ds->n; i++)
        if (!strcmp(ds->e[i].rel, rel)) {
            unlink(ds->e[i].stage);
            free(ds->e[i].rel);
            free(ds->e[i].stage);
            ds->e[i] = ds->e[--ds->n];
            return;
        }
}

ssp_status ssp_dataset_remove(ssp_dataset *ds, const char *rel, ssp_error *err)
{
    if (!good_rel(rel))
        return ssp_error_set(err, SSP_EUSAGE, ds->dir, 0, 0,
                             "'%s' is no file name inside the dataset", rel);
    if (!add_entry(ds, rel, 1))
        return ssp_error_nomem(err);
    return SSP_OK;
}

ssp_status ssp_dataset_commit(ssp_dataset *ds, ssp_error *err)
{
    ssp_status st = SSP_OK;
    char *jpath = join(ds->dir, SSP_DATASET_JOURNAL, "");
    char *jtmp = join(ds->dir, SSP_DATASET_JOURNAL, ".tmp");
    FILE *fp = NULL;
    if (!jpath || !jtmp) {
        st = ssp_error_nomem(err);
        goto fail;
    }
    struct stat sb;
    for (size_t i = 0; i < ds->n; i++) {
        if (ds->e[i].remove)
            continue;
        if (stat(ds->e[i].stage, &sb) != 0) {
            st = ssp_error_set(err, SSP_EINTERNAL, ds->e[i].stage, 0, 0,
                               "internal error: staged but not written");
            goto fail;
        }
        if (sync_parent(ds->e[i].stage) != 0) {
            st = ssp_error_set(err, SSP_EIO, ds->e[i].stage, 0, 0,
                               "cannot sync: %s", strerror(errno));
            goto fail;
        }
    }
    crash_point("staged");
    int fd = open(jtmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !(fp = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        st = ssp_error_set(err, SSP_EIO, jtmp, 0, 0, "cannot create: %s",
                           strerror(errno));
        goto fail;
    }
    fputs("ssp-journal 1\n", fp);
    for (size_t i = 0; i < ds->n; i++)
        fprintf(fp, "%c\t%s\n", ds->e[i].remove ? 'D' : 'R', ds->e[i].rel);
    fprintf(fp, "end\t%zu\n", ds->n);
    int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
    if (fclose(fp) != 0)
        bad = 1;
    fp = NULL;
    if (bad || rename(jtmp, jpath) != 0 || sync_folder(ds->dir) != 0) {
        st = ssp_error_set(err, SSP_EIO, jpath, 0, 0, "cannot write: %s",
                           strerror(errno));
        unlink(jtmp);
        goto fail;
    }
    /* Committed: from here on, the change is finished, now or by the
     * next run. */
    crash_point("journal");
    const char *what = NULL;
    if (apply(ds, &what) != 0) {
        int nomem = errno == ENOMEM;
        st = ssp_error_set(err, nomem ? SSP_EINTERNAL : SSP_EIO, ds->dir, 0, 0,
                           "%s: %s (the next run in this dataset finishes "
                           "the change)",
                           what, nomem ? "out of memory" : strerror(errno));
        ds->unfinished = 1; /* the stage is the journal's, to replay */
        entries_free(ds);
        free(jpath);
        free(jtmp);
        return st;
    }
    crash_point("renamed");
    entries_free(ds);
    if (unlink(jpath) != 0 || sync_folder(ds->dir) != 0)
        st = ssp_error_set(err, SSP_EIO, jpath, 0, 0, "cannot remove: %s",
                           strerror(errno));
    free(jpath);
    free(jtmp);
    return st;
fail:
    for (size_t i = 0; i < ds->n; i++)
        unlink(ds->e[i].stage);
    entries_free(ds);
    free(jpath);
    free(jtmp);
    return st;
}

void ssp_dataset_close(ssp_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n; i++)
        unlink(ds->e[i].stage);
    entries_free(ds);
    free(ds->e);
    if (ds->lock >= 0 && !ds->unfinished) {
        /* ssp_atomic's temporary files of staged files, left by a failed
         * run: ours, since we hold the lock. */
        remove_stage(ds->dir, 0);
    }
    if (ds->lock >= 0)
        close(ds->lock);
    free(ds->dir);
    free(ds);
}

/* ---- inputs hashed as they are read ------------------------------------ */

struct ssp_input {
    FILE *under; /* the file, or stdin */
    FILE *fp;    /* the hashing stream over it */
    int own;
    crypto_hash_sha256_state st;
    unsigned long long bytes;
    int error;
};

static ssize_t input_read(void *cookie, char *buf, size_t size)
{
    ssp_input *in = cookie;
    size_t n = fread(buf, 1, size, in->under);
    if (n == 0 && ferror(in->under)) {
        in->error = errno ? errno : EIO;
        return -1;
    }
    crypto_hash_sha256_update(&in->st, (const unsigned char *)buf, n);
    in->bytes += n;
    return (ssize_t)n;
}

static int input_close(void *cookie)
{
    (void)cookie;
    return 0;
}

ssp_input *ssp_input_open(const char *path, ssp_error *err)
{
    ssp_input *in = calloc(1, sizeof *in);
    if (!in) {
        ssp_error_nomem(err);
        return NULL;
    }
    int std = !strcmp(path, "-");
    in->under = std ? stdin : fopen(path, "rb");
    in->own = !std;
    if (!in->under) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                      strerror(errno));
        free(in);
        return NULL;
    }
    crypto_hash_sha256_init(&in->st);
    cookie_io_functions_t io = {input_read, NULL, NULL, input_close};
    if (!(in->fp = fopencookie(in, "rb", io))) {
        ssp_input_close(in);
        ssp_error_nomem(err);
        return NULL;
    }
    return in;
}

FILE *ssp_input_stream(ssp_input *in)
{
    return in->fp;
}

ssp_status ssp_input_digest(ssp_input *in, char hex[65],
                            unsigned long long *bytes, ssp_error *err)
{
    char buf[65536];
    while (fread(buf, 1, sizeof buf, in->fp) > 0)
        ;
    if (in->error || ferror(in->fp))
        return ssp_error_set(err, SSP_EIO, NULL, 0, 0, "read error: %s",
                             strerror(in->error ? in->error : EIO));
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&in->st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
    *bytes = in->bytes;
    return SSP_OK;
}

void ssp_input_close(ssp_input *in)
{
    if (!in)
        return;
    if (in->fp)
        fclose(in->fp);
    if (in->own && in->under)
        fclose(in->under);
    free(in);
}
