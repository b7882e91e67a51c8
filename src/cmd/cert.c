/* cert.c: ssp cert, the demonstration-result certificate (실증결과
 * 확인서) of a technology whose evaluation plan is met, or the signed
 * statement that it is not. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "ssp/certpdf.h"
#include "ssp/io.h"
#include "ssp/flow.h"
#include "ssp/plan.h"
#include "ssp/schema.h"
#include "ssp/sign.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp cert --plan PLAN --results RESULTS.json --key SECRET -o DIR\n"
    "                (--plan-pub PUBKEY [--plan-sig FILE] | --unregistered)\n"
    "                [--date DATE]\n"
    "Judge the evaluation plan's criteria on the results of ssp indicators\n"
    "--json and write, when the plan is met, the certificate DIR/ID.json,\n"
    "its Korean PDF DIR/ID.pdf and their minisign signatures (.minisig);\n"
    "when it is not met, the same as a signed statement that it is not,\n"
    "never a certificate. Prints the id, the verdict and the files.\n"
    "\n"
    "      --plan FILE       the evaluation plan (ssp-plan(5))\n"
    "      --results FILE    the results (ssp indicators --json)\n"
    "      --key FILE        the signing secret key (ssp keygen --sign, or\n"
    "                        minisign -G -W)\n"
    "  -o, --output DIR      where to write (created if needed)\n"
    "      --plan-pub FILE   the registrar's public key: the plan's\n"
    "                        registration (ssp plan register) must hold and\n"
    "                        precede the cohort's first endline\n"
    "      --plan-sig FILE   the registration (default PLAN.minisig)\n"
    "      --unregistered    certify a plan not registered, which the\n"
    "                        certificate then says in words\n"
    "      --date DATE       the issue date (default: today in Korea)\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Exit status: 0 certificate issued, 1 the plan is not met (a statement\n"
    "is issued), 2 usage error or a bad plan, 3 I/O error, 4 internal\n"
    "error. See ssp-cert(1).\n";

enum {
    OPT_PLAN = 256,
    OPT_RESULTS,
    OPT_KEY,
    OPT_DATE,
    OPT_PLAN_PUB,
    OPT_PLAN_SIG,
    OPT_UNREGISTERED,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"plan", required_argument, NULL, OPT_PLAN},
    {"results", required_argument, NULL, OPT_RESULTS},
    {"key", required_argument, NULL, OPT_KEY},
    {"output", required_argument, NULL, 'o'},
    {"date", required_argument, NULL, OPT_DATE},
    {"plan-pub", required_argument, NULL, OPT_PLAN_PUB},
    {"plan-sig", required_argument, NULL, OPT_PLAN_SIG},
    {"unregistered", no_argument, NULL, OPT_UNREGISTERED},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static SSP_NORETURN void fail_with(const ssp_error *err);

static SSP_NORETURN void oom(void)
{
    ssp_error err = {0};
    ssp_error_nomem(&err);
    fail_with(&err);
}

/* The ingest manifests beside the results' inputs (one per dataset
 * folder): every vendor file with its digest and row counts. */
static json_t *ingest_inputs(const json_t *inputs)
{
    json_t *out = json_array(), *seen = json_object(), *in;
    size_t i;
    json_array_foreach(inputs, i, in)
    {
        char *p = strdup(json_string_value(json_object_get(in, "path")) ?: "");
        if (!p)
            oom();
        char *dir = dirname(p), *m;
        if (json_object_get(seen, dir)) {
            free(p);
            continue;
        }
        if (asprintf(&m, "%s/manifest.json", dir) < 0)
            oom();
        json_object_set_new(seen, dir, json_true());
        json_error_t je;
        json_t *man = json_load_file(m, JSON_REJECT_DUPLICATES, &je), *e;
        if (!man && ssp_json_nomem(&je))
            oom();
        if (!man && access(m, F_OK) == 0)
            die(SSP_EDATA, "%s:%d:%d: %s", m, je.line, je.column, je.text);
        size_t j;
        json_array_foreach(json_object_get(man, "inputs"), j, e)
        {
            json_t *x = json_pack("{s:s}", "dataset", dir);
            const char *keep[] = {"path",     "sha256",     "bytes",
                                  "table",    "rows_read",  "accepted",
                                  "rejected", "duplicates", "filtered"};
            for (size_t k = 0; k < 9; k++)
                if (json_object_get(e, keep[k]))
                    json_object_set(x, keep[k], json_object_get(e, keep[k]));
            json_array_append_new(out, x);
        }
        json_decref(man);
        free(m);
        free(p);
    }
    json_decref(seen);
    return out;
}

/* The folders of the results' inputs, each once, in order: a new array
 * of *n new strings. */
static char **dataset_dirs(const json_t *inputs, size_t *n)
{
    char **dirs = calloc(json_array_size(inputs) + 1, sizeof *dirs);
    const json_t *in;
    size_t i;
    if (!dirs)
        oom();
    *n = 0;
    json_array_foreach(inputs, i, in)
    {
        char *p = strdup(json_string_value(json_object_get(in, "path")) ?: "");
        if (!p)
            oom();
        char *dir = dirname(p);
        size_t k = 0;
        while (k < *n && strcmp(dirs[k], dir))
            k++;
        if (k == *n && !(dirs[(*n)++] = strdup(dir)))
            oom();
        free(p);
    }
    return dirs;
}

static void free_dirs(char **dirs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(dirs[i]);
    free(dirs);
}

/* The dataset descriptions the results rest on: each dataset folder's
 * datapackage.json (which names the file of every resource) and
 * manifest.json, with their digests, so that ssp verify --inputs sees a
 * resource pointed at another file. */
static json_t *dataset_files(char **dirs, size_t ndirs)
{
    json_t *out = json_array();
    for (size_t i = 0; i < ndirs; i++) {
        const char *const names[] = {"datapackage.json", "manifest.json"};
        for (size_t k = 0; k < 2; k++) {
            char *f, hex[65];
            unsigned long long bytes;
            if (asprintf(&f, "%s/%s", dirs[i], names[k]) < 0)
                oom();
            if (access(f, R_OK) == 0) {
                ssp_sha256_file(f, hex, &bytes);
                json_array_append_new(out, json_pack("{s:s, s:s, s:I}", "path",
                                                     f, "sha256", hex, "bytes",
                                                     (json_int_t)bytes));
            }
            free(f);
        }
    }
    return out;
}

/* The participant flow of the plan's cohort, with the scores of its
 * primary's instrument, at the results' min_cell. */
static json_t *cohort_flow(const json_t *plan, const json_t *res, char **dirs,
                           size_t ndirs)
{
    const json_t *mc =
        json_object_get(json_object_get(res, "parameters"), "min_cell");
    ssp_error err = {0};
    json_t *flow = ssp_flow_of_plan(
        dirs, ndirs,
        json_string_value(
            json_object_get(json_object_get(res, "catalogue"), "path")),
        plan, json_is_integer(mc) ? (long)json_integer_value(mc) : 5, &err);
    if (!flow)
        die(err.status, "the participant flow of the results' datasets: %s",
            err.msg);
    return flow;
}

/* The four files of a certificate are made in a staging folder beside
 * them and renamed into place only when all four are complete, the JSON
 * last: a JSON under its final name has its PDF and both signatures, and a
 * failed or killed run leaves no certificate behind (killed, at most a
 * staging folder .ID.tmpXXXXXX, which the next run for the id removes, or,
 * killed between renames, a PDF whose JSON never appeared, which is no
 * certificate). */
enum { F_PDF, F_PDFSIG, F_JSONSIG, F_JSON, NFILES };

typedef struct staging {
    char *dir;           /* the staging folder, NULL once removed */
    char *tmp[NFILES];   /* the files in it */
    char *final[NFILES]; /* their final names */
    int placed;          /* how many are under their final names */
    int lock;            /* held on dir while the run lives, or -1 */
} staging;

/* Remove the files of folder d and d itself (allocating nothing: it runs
 * on the way out of a failed run too). */
static void remove_folder(const char *d)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    char f[PATH_MAX];
    while (dp && (e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            snprintf(f, sizeof f, "%s/%s", d, e->d_name) < (int)sizeof f)
            unlink(f);
    if (dp)
        closedir(dp);
    rmdir(d);
}

/* Remove the staging folder, and on a failure whatever was placed; then
 * take them out of the registry of temporary files. */
static void staging_end(staging *s, int failed)
{
    for (int i = 0; i < NFILES; i++) {
        if (s->dir && s->tmp[i])
            unlink(s->tmp[i]);
        if (failed && i < s->placed)
            unlink(s->final[i]);
    }
    if (s->dir) {
        /* and any temporary a failed write left in it */
        remove_folder(s->dir);
        ssp_temp_forget(s->dir);
    }
    for (int i = 0; i < NFILES; i++) {
        if (s->tmp[i])
            ssp_temp_forget(s->tmp[i]);
        if (s->final[i])
            ssp_temp_forget(s->final[i]);
        free(s->tmp[i]);
        free(s->final[i]);
    }
    free(s->dir);
    if (s->lock > 0) /* 0: never taken (the struct starts zeroed) */
        close(s->lock);
    memset(s, 0, sizeof *s);
}

static staging *the_staging; /* for the dying path */

/* A run holds a shared lock on its staging folder while it lives: the
 * staging folders of this id in dir that nobody holds are of killed runs
 * (kill -9 leaves one), and are removed: only real folders of ours, not
 * a symbolic link, their files through the folder opened. Where locks on
 * folders are not had (NFS), nothing is removed. Returns the lock of the
 * new folder st, or -1. */
static int staging_lock(const char *dir, const char *id, const char *st)
{
    int lock = open(st, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock >= 0 && flock(lock, LOCK_SH) != 0) {
        close(lock);
        return -1;
    }
    if (lock < 0)
        return -1;
    char prefix[PATH_MAX], old[PATH_MAX];
    snprintf(prefix, sizeof prefix, ".%s.tmp", id);
    DIR *dp = opendir(dir);
    struct dirent *e;
    while (dp && (e = readdir(dp))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) ||
            snprintf(old, sizeof old, "%s/%s", dir, e->d_name) >=
                (int)sizeof old)
            continue;
        int fd =
            strcmp(old, st)
                ? open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                : -1;
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && sb.st_uid == geteuid() &&
            flock(fd, LOCK_EX | LOCK_NB) == 0) {
            DIR *sd = fdopendir(dup(fd));
            struct dirent *f;
            while (sd && (f = readdir(sd)))
                if (strcmp(f->d_name, ".") && strcmp(f->d_name, ".."))
                    unlinkat(fd, f->d_name, 0);
            if (sd)
                closedir(sd);
            unlinkat(dirfd(dp), e->d_name, AT_REMOVEDIR);
        }
        if (fd >= 0)
            close(fd);
    }
    if (dp)
        closedir(dp);
    return lock;
}

static SSP_NORETURN void fail_with(const ssp_error *err)
{
    if (the_staging)
        staging_end(the_staging, 1);
    die_error(err);
}

/* Today in Korea (UTC+9), or die. */
static void today(char buf[11])
{
    time_t t = time(NULL) + 9 * 3600;
    struct tm tm;
    if (t == (time_t)-1 || !gmtime_r(&t, &tm))
        die(SSP_EINTERNAL, "the system clock gives no date");
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

static void hex_sha256(const char *s, size_t n, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Write text to path atomically, or die. */
static void write_file(const char *path, const char *text)
{
    ssp_atomic a;
    ssp_error err = {0};
    if (ssp_atomic_open(&a, path, 0, &err))
        fail_with(&err);
    fputs(text, a.fp);
    if (ssp_atomic_commit(&a, &err))
        fail_with(&err);
}

int main_cert(int argc, char **argv)
{
    const char *planf = NULL, *resf = NULL, *key = NULL, *dir = NULL,
               *planpub = NULL, *plansig = NULL;
    char date[16] = "";
    int c, unregistered = 0;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_PLAN: planf = optarg; break;
        case OPT_RESULTS: resf = optarg; break;
        case OPT_KEY: key = optarg; break;
        case OPT_PLAN_PUB: planpub = optarg; break;
        case OPT_PLAN_SIG: plansig = optarg; break;
        case OPT_UNREGISTERED: unregistered = 1; break;
        case 'o': dir = optarg; break;
        case OPT_DATE: {
            double d;
            if (strlen(optarg) != 10 || !ssp_iso_date(optarg, 10, &d))
                usage_error("--date takes YYYY-MM-DD, not '%s'", optarg);
            snprintf(date, sizeof date, "%s", optarg);
            break;
        }
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp cert %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (!planf || !resf || !key || !dir)
        usage_error("--plan, --results, --key and -o are all needed");
    if (plansig && !planpub)
        usage_error("--plan-sig needs --plan-pub, the key to check it with");
    if (planpub && unregistered)
        usage_error("--plan-pub or --unregistered, not both");
    if (!planpub && !unregistered)
        usage_error("was the plan registered before the data? Give the "
                    "registrar's key with --plan-pub (ssp plan register), or "
                    "--unregistered to certify an unregistered plan, which "
                    "the certificate then says");
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    if (!*date)
        today(date);
    if (access(key, R_OK))
        die(SSP_EIO, "%s: cannot read the signing key", key);
    ssp_error err = {0};
    json_t *plan = ssp_plan_load(planf, &err);
    if (!plan)
        die_error(&err);
    json_error_t je;
    if (access(resf, R_OK))
        die(SSP_EIO, "%s: cannot read: %s", resf, strerror(errno));
    json_t *res = json_load_file(resf, JSON_REJECT_DUPLICATES, &je);
    if (!res && ssp_json_nomem(&je))
        oom();
    if (!res)
        die(SSP_EDATA, "%s:%d:%d: %s", resf, je.line, je.column, je.text);
    json_t *judged = ssp_plan_judge(plan, res, &err);
    if (!judged)
        die_error(&err);
    ssp_plan_reg reg;
    json_t *registration = ssp_plan_registration_record(
        plan, planf, plansig, planpub, res, &reg, &err);
    if (!registration && err.status == SSP_EDATA)
        die(SSP_EUSAGE, "%s: %s", planf, err.msg);
    if (!registration)
        die_error(&err);
    char plansha[65], ressha[65], hex[65], id[160];
    unsigned long long bytes;
    ssp_sha256_file(planf, plansha, &bytes);
    ssp_sha256_file(resf, ressha, &bytes);
    int met =
        !strcmp(json_string_value(json_object_get(judged, "verdict")), "met");
    const char *tech = json_string_value(json_object_get(plan, "technology"));
    const char *region = json_string_value(json_object_get(plan, "region"));
    char seed[256];
    int n = snprintf(seed, sizeof seed, "%s %s %s", plansha, ressha, date);
    hex_sha256(seed, (size_t)n, hex);
    snprintf(id, sizeof id, "SSP-%s%s-%s-%.12s", met ? "" : "NM-", tech, region,
             hex);
    size_t ndirs;
    char **dirs = dataset_dirs(json_object_get(res, "inputs"), &ndirs);
    json_t *params = json_deep_copy(json_object_get(res, "parameters"));
    json_object_set(params, "alpha", json_object_get(plan, "alpha"));
    json_object_set(params, "secondary_testing",
                    json_object_get(plan, "secondary_testing"));
    json_t *cert = json_pack(
        "{s:s, s:s, s:s, s:s, s:O, s:s, s:s, s:O, s:O, s:O, s:O, s:O, "
        "s:{s:s, s:s, s:O}, s:{s:s, s:s}, s:O, s:o, s:O, s:o, s:s, s:s}",
        "format", "ssp-certificate-1", "kind",
        met ? "certificate" : "not_met_statement", "id", id, "issued_on", date,
        "firm", json_object_get(plan, "firm"), "technology", tech, "region",
        region, "period", json_object_get(plan, "period"), "participants",
        json_object_get(judged, "participants"), "criteria",
        json_object_get(judged, "criteria"), "verdict",
        json_object_get(judged, "verdict"), "missing",
        json_object_get(judged, "missing"), "plan", "path", planf, "sha256",
        plansha, "title", json_object_get(plan, "title") ?: json_null(),
        "results", "path", resf, "sha256", ressha, "catalogue",
        json_object_get(res, "catalogue") ?: json_null(), "parameters", params,
        "inputs", json_object_get(res, "inputs") ?: json_null(), "ingest",
        ingest_inputs(json_object_get(res, "inputs")), "tool", "ssp cert",
        "version", SSP_VERSION);
    if (!cert ||
        json_object_set(cert, "warnings",
                        json_object_get(judged, "warnings")) ||
        json_object_set_new(cert, "registration", registration) ||
        json_object_set_new(cert, "datasets", dataset_files(dirs, ndirs)) ||
        json_object_set_new(cert, "flow", cohort_flow(plan, res, dirs, ndirs)))
        oom();
    free_dirs(dirs, ndirs);
    /* Canonical form: sorted keys, two-space indent, LF, numbers that
     * read back exactly, in the C locale whatever the user's. */
    if (ssp_json_failed()) /* the document is not whole */
        oom();
    char *text = json_dumps(cert, JSON_SORT_KEYS | JSON_INDENT(2) |
                                      JSON_REAL_PRECISION(17));
    if (!text)
        oom();
    size_t len = strlen(text);
    if (!(text = realloc(text, len + 2)))
        oom();
    memcpy(text + len, "\n", 2);
    if (mkdir(dir, 0777) && access(dir, W_OK))
        die(SSP_EIO, "%s: cannot create the folder", dir);
    staging st = {0};
    char *tc;
    static const char *const suffix[NFILES] = {".pdf", ".pdf.minisig",
                                               ".json.minisig", ".json"};
    if (asprintf(&st.dir, "%s/.%s.tmpXXXXXX", dir, id) < 0)
        oom();
    if (!mkdtemp(st.dir)) {
        free(st.dir);
        st.dir = NULL;
        die(SSP_EIO, "%s: cannot create a staging folder: %s", dir,
            strerror(errno));
    }
    the_staging = &st;
    /* A run that dies or is killed (SIGINT, SIGTERM, SIGHUP) before the
     * end removes the staging folder and what it placed. */
    if (ssp_temp_add(st.dir, 1, &err))
        fail_with(&err);
    st.lock = staging_lock(dir, id, st.dir);
    for (int i = 0; i < NFILES; i++) {
        if (asprintf(&st.tmp[i], "%s/%s%s", st.dir, id, suffix[i]) < 0 ||
            asprintf(&st.final[i], "%s/%s%s", dir, id, suffix[i]) < 0)
            oom();
        if (ssp_temp_add(st.tmp[i], 0, &err))
            fail_with(&err);
    }
    write_file(st.tmp[F_JSON], text);
    hex_sha256(text, len + 1, hex);
    if (ssp_cert_pdf(cert, hex, st.tmp[F_PDF], &err))
        fail_with(&err);
    if (asprintf(&tc, "ssp-cert id=%s verdict=%s sha256=%s", id,
                 met ? "met" : "not_met", hex) < 0)
        oom();
    if (ssp_sign_file(key, st.tmp[F_JSON], tc, &err) ||
        ssp_sign_file(key, st.tmp[F_PDF], tc, &err))
        fail_with(&err);
    /* All four are complete: into place, the JSON last. */
    for (; st.placed < NFILES; st.placed++) {
        /* The JSON makes the certificate: once it is placed, a killed run
         * must not take the other three away. */
        if (st.placed == F_JSON)
            for (int i = 0; i < F_JSON; i++)
                ssp_temp_forget(st.final[i]);
        if (rename(st.tmp[st.placed], st.final[st.placed])) {
            ssp_error_set(&err, SSP_EIO, st.final[st.placed], 0, 0,
                          "cannot rename into place: %s", strerror(errno));
            fail_with(&err);
        }
        if (st.placed < F_JSON && ssp_temp_add(st.final[st.placed], 0, &err)) {
            st.placed++;
            fail_with(&err);
        }
    }
    {
        int fd = open(dir, O_RDONLY | O_DIRECTORY);
        if (fd < 0 || fsync(fd)) {
            ssp_error_set(&err, SSP_EIO, dir, 0, 0, "cannot sync: %s",
                          strerror(errno));
            if (fd >= 0)
                close(fd);
            fail_with(&err);
        }
        close(fd);
    }
    char *jpath = strdup(st.final[F_JSON]), *ppath = strdup(st.final[F_PDF]);
    if (!jpath || !ppath)
        oom();
    the_staging = NULL;
    staging_end(&st, 0);
    printf("%s %s\n%s\n%s.minisig\n%s\n%s.minisig\n", id,
           met ? "certificate (met)" : "statement (not met)", jpath, jpath,
           ppath, ppath);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(judged, "criteria"), i, m)
    {
        const char *o = json_string_value(json_object_get(m, "outcome"));
        if (strcmp(o, "met"))
            warnx("%s (%s) %s: %s: %s",
                  json_string_value(json_object_get(m, "id")),
                  json_string_value(json_object_get(m, "role")),
                  json_string_value(json_object_get(m, "indicator")), o,
                  json_string_value(json_object_get(m, "reason")));
    }
    json_array_foreach(json_object_get(judged, "missing"), i, m)
    {
        if (!strcmp(json_string_value(json_object_get(m, "criterion")),
                    "min_completers"))
            warnx("min_completers: %s",
                  json_string_value(json_object_get(m, "why")));
    }
    json_array_foreach(json_object_get(judged, "warnings"), i, m)
        warnx("warning: %s", json_string_value(json_object_get(m, "why")));
    free(tc);
    free(jpath);
    free(ppath);
    free(text);
    json_decref(cert);
    json_decref(judged);
    json_decref(res);
    json_decref(plan);
    return tool_finish(met ? SSP_OK : SSP_EDATA);
}
