/* fuzz_package.c: a dataset folder as every reader of a dataset walks it:
 * its datapackage.json loaded (ssp_dataset_package), the file of each
 * resource found (ssp_dataset_resource, ssp_dataset_sources with their
 * encodings and dialects), each opened and read (ssp_dt_open_source), and
 * the whole dataset read by the indicator engine (ssp_ind_add; with the
 * small catalogue of examples/, which is quicker to load). The input
 * is the datapackage.json, then subjects.csv, measures.csv, usage.csv,
 * events.csv and manifest.json (which ssp_ind_add reads when the tables
 * are whole) beside it, separated by NUL bytes (a file not given is
 * absent). The folder also holds symbolic links: one within it (logs/in,
 * to subjects.csv), and up (to the folder above, which holds outside.csv),
 * abs (to that file by an absolute path), nowhere (a link to nothing) and
 * loop (a link to itself). A dataset must load or be refused with a
 * message, never crash; every path given for a resource lies under the
 * folder, and none of its parts that exist leads out of it (the folder's
 * paths never leave the dataset), even when the package given to them is
 * one ssp_dataset_package refused. */
#include <assert.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "ssp/dtable.h"
#include "ssp/indicators.h"

/* In memory where the system has it: a disk's inodes cost more than the
 * reading does. */
static char top[] = "/dev/shm/ssp-fuzz-package.XXXXXX";
static char disk[] = "/tmp/ssp-fuzz-package.XXXXXX";
static char dir[sizeof top + 3], real[PATH_MAX];

/* The files of the folder: those of the input, then the fixed ones. */
static const char *const names[] = {
    "datapackage.json", "subjects.csv",  "measures.csv", "usage.csv",
    "events.csv",       "manifest.json", "up",           "abs",
    "nowhere",          "loop",          "logs/in",      "logs",
    "../outside.csv"};

/* Remove the folder. */
static void forget(void)
{
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char p[sizeof dir + 32];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (unlink(p))
            rmdir(p);
    }
    rmdir(dir);
    rmdir(top);
}

/* The folder: made once, its links fixed. */
static int setup(void)
{
    char p[sizeof dir + 32];
    if (!mkdtemp(top) && !(mkdtemp(disk) && strcpy(top, disk)))
        return -1;
    atexit(forget);
    snprintf(dir, sizeof dir, "%s/ds", top);
    snprintf(p, sizeof p, "%s/outside.csv", top);
    FILE *fp = fopen(p, "w");
    if (mkdir(dir, 0700) || !fp)
        return -1;
    fputs("subject_id\noutside\n", fp);
    fclose(fp);
    struct {
        const char *name, *to;
    } links[] = {{"up", ".."},           {"abs", p},
                 {"nowhere", "missing"}, {"loop", "loop"},
                 {"logs", NULL},         {"logs/in", "../subjects.csv"}};
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        char l[sizeof dir + 16];
        snprintf(l, sizeof l, "%s/%s", dir, links[i].name);
        if (links[i].to ? symlink(links[i].to, l) : mkdir(l, 0700))
            return -1;
    }
    return realpath(dir, real) ? 0 : -1;
}

/* path is DIR/... and each part of it that exists resolves inside the
 * folder. */
static int inside(const char *path)
{
    size_t n = strlen(dir), rn = strlen(real);
    if (strncmp(path, dir, n) || path[n] != '/')
        return 0;
    char *p = strdup(path), r[PATH_MAX];
    int ok = 1;
    for (size_t end = n + 1; p && ok; end++) {
        if (p[end] != '/' && p[end] != '\0')
            continue;
        char c = p[end];
        struct stat sb;
        p[end] = '\0';
        if (lstat(p, &sb))
            break;
        ok = realpath(p, r) && !strncmp(r, real, rn) &&
             (r[rn] == '\0' || r[rn] == '/');
        if (!(p[end] = c))
            break;
    }
    free(p);
    return ok;
}

/* Write data[0..n) as the file name of the folder, or remove it (n < 0). */
static void put(const char *name, const uint8_t *data, long n)
{
    char p[sizeof dir + 32];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
    FILE *fp = n < 0 ? NULL : fopen(p, "wb");
    if (fp) {
        fwrite(data, 1, (size_t)n, fp);
        fclose(fp);
    }
}

/* Each resource of pkg, and each table a reader asks for, found, opened
 * and read. */
static void walk(json_t *pkg)
{
    static const char *const tables[] = {"subjects",  "measures",
                                         "usage",     "events",
                                         "screening", "device_events"};
    json_t *res = json_object_get(pkg, "resources");
    size_t nres = json_array_size(res);
    ssp_error e = {0};
    for (size_t i = 0; pkg && i < 6 + nres; i++) {
        const char *name = i < 6 ? tables[i]
                                 : json_string_value(json_object_get(
                                       json_array_get(res, i - 6), "name"));
        if (!name)
            continue;
        char *one = ssp_dataset_resource(pkg, dir, name);
        assert(!one || inside(one));
        free(one);
        ssp_dt_source *src;
        size_t n;
        if (ssp_dataset_sources(pkg, dir, name, &src, &n, &e)) {
            assert(e.status && e.msg[0] && !src && !n);
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            assert(inside(src[k].path));
            static const char *const cols[] = {"subject_id", "?date", NULL};
            ssp_dtable t = {0};
            if (!ssp_dt_open_source(&t, &src[k], cols, &e)) {
                int rc;
                while ((rc = ssp_csv_next(t.csv, &t.rec, &e)) > 0)
                    assert(ssp_dt_field(&t, 0)->s);
            }
            ssp_csv_close(t.csv);
        }
        ssp_dt_sources_free(src, n);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int made;
    if (!made && setup())
        return 0;
    made = 1;
    const uint8_t *at = data, *end = data + size;
    size_t plen = 0;
    for (size_t i = 0; i < 6; i++) {
        const uint8_t *nul = at ? memchr(at, 0, (size_t)(end - at)) : NULL;
        long n = at ? (nul ? nul : end) - at : -1;
        put(names[i], at, n);
        plen = i ? plen : (size_t)n;
        at = nul ? nul + 1 : NULL;
    }
    ssp_error e = {0};
    json_t *pkg = ssp_dataset_package(dir, &e);
    assert(pkg || (e.status && e.msg[0]));
    if (pkg) {
        walk(pkg);
    } else { /* refused, yet walked as it is: paths stay inside all the same */
        json_t *raw = json_loadb((const char *)data, plen, 0, NULL);
        walk(raw);
        json_decref(raw);
    }
    ssp_ind_options o = {.level = 0.95, .adjust = -1};
    ssp_ind *x =
        pkg ? ssp_ind_open("examples/catalogue-extra.json", &o, &e) : NULL;
    assert(x || !pkg);
    if (x) {
        if (ssp_ind_add(x, dir, &e) == SSP_OK) {
            const ssp_strs *in = ssp_ind_inputs(x);
            for (size_t k = 0; k < in->n; k++)
                assert(inside(in->v[k]));
        } else {
            assert(e.status && e.msg[0]);
        }
    }
    ssp_ind_free(x);
    json_decref(pkg);
    return 0;
}
