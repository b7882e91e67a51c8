/* verify.c: ssp verify, whether a certificate (or statement) is genuine
 * and consistent: its signature, its PDF, its inputs, its numbers. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "ssp/certdoc.h"
#include "ssp/certpdf.h"
#include "ssp/flow.h"
#include "ssp/indicators.h"
#include "ssp/io.h"
#include "ssp/plan.h"
#include "ssp/sign.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp verify [OPTIONS] CERT.json\n"
    "Check a certificate or statement made by ssp cert: the minisign\n"
    "signatures of the JSON and the PDF (.minisig), that the PDF was made\n"
    "for exactly these bytes, that its id, file name and signed trusted\n"
    "comment agree; with --inputs the SHA-256 of the results, the plan and\n"
    "every input (each dataset's datapackage.json too), and with\n"
    "--recompute every number, computed again from the inputs, and that\n"
    "the files read are the certificate's inputs. Legacy (Ed) signatures\n"
    "are refused. Each check prints a line; any mismatch is named.\n"
    "\n"
    "      --pub FILE        the issuer's public key (required)\n"
    "      --inputs DIR      where the inputs are: the dataset folders (and\n"
    "                        the folder the vendor files are under); repeat\n"
    "      --plan-pub FILE   the registrar's public key: check the plan's\n"
    "                        registration (PLAN.minisig beside the plan\n"
    "                        under --inputs) against what the certificate "
    "says\n"
    "      --recompute       compute the indicators again from the datasets\n"
    "                        of --inputs and compare every criterion\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Exit status: 0 genuine and consistent, 1 not (the mismatch is named),\n"
    "2 usage error, 3 I/O error, 4 internal error. See ssp-verify(1).\n";

enum { OPT_PUB = 256, OPT_INPUTS, OPT_RECOMPUTE, OPT_PLAN_PUB, OPT_VERSION };

static const struct option long_opts[] = {
    {"pub", required_argument, NULL, OPT_PUB},
    {"inputs", required_argument, NULL, OPT_INPUTS},
    {"recompute", no_argument, NULL, OPT_RECOMPUTE},
    {"plan-pub", required_argument, NULL, OPT_PLAN_PUB},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int bad;

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Out of memory is no verdict on the certificate: status 4. */
static void unless_oom(const ssp_error *err)
{
    if (err->status == SSP_EINTERNAL || ssp_json_failed())
        die(SSP_EINTERNAL, "out of memory");
}

static void check(int ok, const char *what, const char *detail)
{
    printf("%s %s%s%s\n", ok ? "ok" : "MISMATCH", what, *detail ? ": " : "",
           detail);
    bad += !ok;
}

/* The file of input path among dirs: DIR/path or DIR/basename(path),
 * else the path itself; NULL if none. */
static char *locate(const char *path, char **dirs, size_t ndirs)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < ndirs; i++) {
        char *p;
        if (asprintf(&p, "%s/%s", dirs[i], path) < 0)
            die(SSP_EINTERNAL, "out of memory");
        if (access(p, R_OK) == 0)
            return p;
        free(p);
        if (asprintf(&p, "%s/%s", dirs[i], base) < 0)
            die(SSP_EINTERNAL, "out of memory");
        if (access(p, R_OK) == 0)
            return p;
        free(p);
    }
    char *p = access(path, R_OK) == 0 ? strdup(path) : NULL;
    if (!p && errno == ENOMEM)
        die(SSP_EINTERNAL, "out of memory");
    return p;
}

static void check_inputs(const json_t *list, char **dirs, size_t ndirs,
                         const char *kind)
{
    size_t i;
    json_t *in;
    json_array_foreach(list, i, in)
    {
        const char *path = json_string_value(json_object_get(in, "path"));
        const char *sha = json_string_value(json_object_get(in, "sha256"));
        char what[1200], hex[65];
        snprintf(what, sizeof what, "%s %s", kind, path ? path : "?");
        char *f = path ? locate(path, dirs, ndirs) : NULL;
        if (!f) {
            check(0, what, "not found under --inputs");
            continue;
        }
        unsigned long long bytes;
        ssp_sha256_file(f, hex, &bytes);
        check(sha && !strcmp(hex, sha), what,
              sha && !strcmp(hex, sha) ? ""
                                       : "SHA-256 differs: the file changed");
        free(f);
    }
}

/* The files the recomputation read are the certificate's inputs, byte
 * for byte, and no others: a datapackage.json pointed at another file
 * shows here even when the numbers happen to agree. */
static void same_files(const ssp_ind *x, const json_t *inputs)
{
    const ssp_strs *in = ssp_ind_inputs(x);
    json_t *want = json_object(), *e;
    size_t i;
    char detail[1400] = "";
    json_array_foreach(inputs, i, e)
    {
        const char *sha = json_string_value(json_object_get(e, "sha256"));
        if (sha)
            json_object_set_new(want, sha, json_false());
    }
    for (i = 0; i < in->n && !*detail; i++) {
        char hex[65];
        unsigned long long bytes;
        ssp_sha256_file(in->v[i], hex, &bytes);
        if (!json_object_get(want, hex))
            snprintf(detail, sizeof detail,
                     "%s was read, and is none of the certificate's inputs",
                     in->v[i]);
        else
            json_object_set_new(want, hex, json_true());
    }
    const char *k;
    json_t *v;
    json_object_foreach(want, k, v) if (!*detail && !json_is_true(v))
    {
        json_array_foreach(inputs, i, e)
        {
            if (!strcmp(json_string_value(json_object_get(e, "sha256")) ?: "",
                        k))
                snprintf(detail, sizeof detail, "%s was not read",
                         json_string_value(json_object_get(e, "path")) ?: "?");
        }
    }
    json_decref(want);
    check(!*detail, "recompute inputs", detail);
}

/* Compute the indicators again from the dataset folders and compare
 * every criterion's numbers and outcome. */
/* The certificate's participant flow (one made before it has none)
 * against the flow of the datasets among dirs. */
static void recompute_flow(const json_t *cert, char **dirs, size_t ndirs)
{
    const json_t *flow = json_object_get(cert, "flow");
    if (!flow)
        return;
    size_t i, nds = 0;
    char **ds = calloc(ndirs + 1, sizeof *ds);
    if (!ds)
        die(SSP_EINTERNAL, "out of memory");
    for (i = 0; i < ndirs; i++) {
        char *p;
        if (asprintf(&p, "%s/datapackage.json", dirs[i]) < 0)
            die(SSP_EINTERNAL, "out of memory");
        if (access(p, R_OK) == 0)
            ds[nds++] = dirs[i];
        free(p);
    }
    const char *catpath = json_string_value(
        json_object_get(json_object_get(cert, "catalogue"), "path"));
    ssp_error err = {0};
    json_t *again =
        ds ? ssp_flow_of_plan(
                 ds, nds,
                 catpath && access(catpath, R_OK) == 0 ? catpath : NULL, cert,
                 (long)json_integer_value(json_object_get(flow, "min_cell")),
                 &err)
           : NULL;
    free(ds);
    if (!again)
        unless_oom(&err);
    if (!again)
        report(&err);
    int same = again && json_equal(flow, again);
    check(same, "recompute flow",
          same    ? ""
          : again ? "the participant flow differs from the recomputed one"
                  : "the participant flow could not be computed");
    json_decref(again);
}

static void recompute(const json_t *cert, char **dirs, size_t ndirs)
{
    const json_t *par = json_object_get(cert, "parameters");
    static const char *const adj[] = {"holm", "hochberg", "bonferroni",
                                      "bh",   "by",       NULL};
    const char *a = json_string_value(json_object_get(par, "adjust")) ?: "";
    int m = -1;
    for (int i = 0; adj[i]; i++)
        if (!strcmp(a, adj[i]))
            m = i;
    ssp_ind_options o = {
        .level = json_number_value(json_object_get(par, "level")),
        .adjust = m,
        .min_cell = (long)json_number_value(json_object_get(par, "min_cell")),
        .min_n = (long)json_number_value(json_object_get(par, "min_n")),
        .start = json_string_value(json_object_get(par, "start")),
        .end = json_string_value(json_object_get(par, "end"))};
    if (o.start && !*o.start)
        o.start = NULL;
    if (o.end && !*o.end)
        o.end = NULL;
    ssp_error err = {0};
    /* The catalogue the certificate names, if it is still there; else
     * the shipped one (the digest check below tells them apart). */
    const char *catpath = json_string_value(
        json_object_get(json_object_get(cert, "catalogue"), "path"));
    ssp_ind *x = ssp_ind_open(
        catpath && access(catpath, R_OK) == 0 ? catpath : NULL, &o, &err);
    if (!x && err.status == SSP_EINTERNAL) /* no verdict on the numbers */
        die_error(&err);
    if (x) {
        const char *ver, *cat = ssp_ind_catalogue(x, &ver);
        char hex[65];
        unsigned long long bytes;
        ssp_sha256_file(cat, hex, &bytes);
        const char *want = json_string_value(
            json_object_get(json_object_get(cert, "catalogue"), "sha256"));
        check(want && !strcmp(want, hex), "catalogue",
              want && !strcmp(want, hex) ? "" : "not the catalogue it used");
    }
    /* The datasets among the folders (the others hold vendor files). */
    size_t nds = 0;
    for (size_t i = 0; x && i < ndirs; i++) {
        char *p;
        if (asprintf(&p, "%s/datapackage.json", dirs[i]) < 0)
            die(SSP_EINTERNAL, "out of memory");
        int is_ds = access(p, R_OK) == 0;
        free(p);
        if (!is_ds)
            continue;
        nds++;
        if (ssp_ind_add(x, dirs[i], &err)) {
            if (err.status == SSP_EINTERNAL)
                die_error(&err);
            ssp_ind_free(x);
            x = NULL;
        }
    }
    if (x && !nds) {
        ssp_error_set(&err, SSP_EUSAGE, NULL, 0, 0,
                      "no dataset (a folder with datapackage.json) among "
                      "--inputs");
        ssp_ind_free(x);
        x = NULL;
    }
    int ran = x && !ssp_ind_run(x, &err);
    json_t *res = ran ? ssp_ind_json(x, 0) : NULL;
    if (ran && !res)
        die(SSP_EINTERNAL, "out of memory");
    if (x && !ran && err.status == SSP_EINTERNAL)
        die_error(&err);
    if (res)
        same_files(x, json_object_get(cert, "inputs"));
    ssp_ind_free(x);
    if (!res) {
        report(&err);
        check(0, "recompute", "the indicators could not be computed");
        return;
    }
    /* The plan as the certificate recorded it, checked as a plan file is,
     * judged again. */
    json_t *plan = json_pack(
        "{s:s, s:O, s:O, s:O, s:O, s:O, s:s, s:O, s:{s:O, s:O}, s:O, s:o}",
        "format", "ssp-plan-1", "firm", json_object_get(cert, "firm"), "period",
        json_object_get(cert, "period"), "technology",
        json_object_get(cert, "technology"), "region",
        json_object_get(cert, "region"), "alpha", json_object_get(par, "alpha"),
        "adjust", a, "level", json_object_get(par, "level"), "disclosure",
        "min_cell", json_object_get(par, "min_cell"), "min_n",
        json_object_get(par, "min_n"), "min_completers",
        json_object_get(json_object_get(cert, "participants"),
                        "min_completers"),
        "criteria", json_array());
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(cert, "criteria"), i, c)
    {
        json_t *pc = json_object();
        const char *keep[] = {
            "id",    "role",       "indicator",       "arm",      "require",
            "value", "min_change", "expected_effect", "n_planned"};
        for (size_t k = 0; k < 9; k++)
            /* (the arm recorded is the result's: none for a result of no
             * arm, which matches the plan's default) */
            if (json_object_get(c, keep[k]) &&
                !(k == 3 && !*(str(c, "arm") ?: "")))
                json_object_set(pc, keep[k], json_object_get(c, keep[k]));
        json_array_append_new(json_object_get(plan, "criteria"), pc);
    }
    json_t *seq = json_object_get(par, "secondary_testing");
    if (plan && seq) /* (absent from a certificate before it was recorded) */
        json_object_set(plan, "secondary_testing", seq);
    if (!plan || ssp_plan_check(plan, "the certificate's plan", &err)) {
        unless_oom(&err);
        check(0, "recompute",
              plan ? err.msg
                   : "the certificate records no "
                     "plan to judge");
        json_decref(plan);
        json_decref(res);
        return;
    }
    json_t *judged = ssp_plan_judge(plan, res, &err);
    if (!judged)
        unless_oom(&err);
    if (!judged)
        check(0, "recompute", err.msg);
    /* A certificate from before the plan's families (ssp 0.1.0 of
     * 2026-12-02) has no warnings: its p_adjusted is the results' own. */
    int families = json_object_get(cert, "warnings") != NULL;
    json_array_foreach(json_object_get(judged, "criteria"), i, c)
    {
        const json_t *was =
            json_array_get(json_object_get(cert, "criteria"), i);
        const char *const k[] = {"n",       "estimate", "ci_low",
                                 "ci_high", "p",        "p_adjusted"};
        char what[256], detail[256] = "";
        snprintf(what, sizeof what, "recompute %s %s",
                 json_string_value(json_object_get(was, "id")),
                 json_string_value(json_object_get(was, "indicator")));
        const char *o0 = json_string_value(json_object_get(was, "outcome")),
                   *o1 = json_string_value(json_object_get(c, "outcome"));
        if (!o0 || !o1 || strcmp(o0, o1))
            snprintf(detail, sizeof detail, "outcome %s, recomputed %s",
                     o0 ? o0 : "?", o1 ? o1 : "?");
        for (size_t j = 0; j < 5u + (size_t)families && !*detail; j++) {
            json_t *a1 = json_object_get(was, k[j]),
                   *b1 = json_object_get(c, k[j]);
            double x1 = json_is_number(a1) ? json_number_value(a1) : NAN;
            double y1 = json_is_number(b1) ? json_number_value(b1) : NAN;
            if (!(x1 == y1 || (isnan(x1) && isnan(y1))))
                snprintf(detail, sizeof detail, "%s is %.17g, recomputed %.17g",
                         k[j], x1, y1);
        }
        const char *const same[] = {"reason", "p_adjusted_in", "power",
                                    "power_statement"};
        for (size_t j = 0; families && j < 4 && !*detail; j++) {
            json_t *a1 = json_object_get(was, same[j]),
                   *b1 = json_object_get(c, same[j]);
            if (!(a1 ? b1 && json_equal(a1, b1) : !b1))
                snprintf(detail, sizeof detail,
                         "%s differs from the "
                         "recomputed one",
                         same[j]);
        }
        check(!*detail, what, detail);
    }
    if (families) {
        json_t *w0 = json_object_get(cert, "warnings"),
               *w1 = json_object_get(judged, "warnings");
        int same_w = w1 && json_equal(w0, w1);
        check(same_w, "recompute warnings",
              same_w ? "" : "the warnings differ from the recomputed ones");
        const char *v0 = str(cert, "verdict"), *v1 = str(judged, "verdict");
        int same_v = v0 && v1 && !strcmp(v0, v1);
        check(same_v, "recompute verdict",
              same_v ? "" : "the verdict differs from the recomputed one");
    }
    json_t *p0 = json_object_get(cert, "participants"),
           *p1 = json_object_get(judged, "participants");
    json_t *c0 = json_object_get(p0, "completers"),
           *c1 = json_object_get(p1, "completers");
    check(p1 && (json_is_number(c0)
                     ? json_is_number(c1) &&
                           json_number_value(c0) == json_number_value(c1)
                     : !json_is_number(c1)),
          "recompute completers", "");
    recompute_flow(cert, dirs, ndirs);
    json_decref(judged);
    json_decref(plan);
    json_decref(res);
}

/* The trusted comment ssp cert signs: "ssp-cert id=ID verdict=VERDICT
 * sha256=HEX", naming this certificate, its verdict and its bytes. */
static void check_comment(const char *tc, const json_t *cert, const char *hex)
{
    char want[600];
    snprintf(want, sizeof want, "ssp-cert id=%s verdict=%s sha256=%s",
             str(cert, "id") ?: "?", str(cert, "verdict") ?: "?", hex);
    check(!strcmp(tc, want), "trusted comment",
          !strcmp(tc, want) ? ""
                            : "it does not name this certificate's id, "
                              "verdict and SHA-256");
}

/* What the certificate says of the plan's registration: its own terms
 * (the plan registered is the plan judged, before the first endline);
 * with planpub, the registration itself, found beside the plan. A
 * certificate from before registrations were recorded says nothing. */
static void registration(const json_t *cert, char **dirs, size_t ndirs,
                         const char *planpub)
{
    const json_t *reg = json_object_get(cert, "registration");
    const char *when = str(reg, "registered"), *sha = str(reg, "sha256");
    if (!reg)
        return;
    int fine = ssp_plan_registration_holds(
        reg, str(json_object_get(cert, "plan"), "sha256"));
    check(fine, "registration",
          !fine  ? "the registration recorded is not of this plan, or not "
                   "before the first endline"
          : when ? when
                 : "the plan was not registered before the data");
    if (!planpub || !when)
        return;
    const char *path = str(json_object_get(cert, "plan"), "path");
    char *f = path ? locate(path, dirs, ndirs) : NULL;
    ssp_plan_reg r;
    ssp_error err = {0};
    if (!f) {
        check(0, "plan registration", "the plan is not found under --inputs");
        return;
    }
    ssp_status e = ssp_plan_registration(f, NULL, planpub, &r, &err);
    free(f);
    int same =
        !e && when && !strcmp(r.registered, when) && !strcmp(r.sha256, sha);
    check(same, "plan registration",
          e      ? err.msg
          : same ? r.registered
                 : "the registration is not the one the certificate records");
}

int main_verify(int argc, char **argv)
{
    const char *pub = NULL, *planpub = NULL;
    char *dirs[64];
    size_t ndirs = 0;
    int recomp = 0, c;
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_PUB: pub = optarg; break;
        case OPT_INPUTS:
            if (ndirs == 64)
                usage_error("--inputs at most 64 times");
            dirs[ndirs++] = optarg;
            break;
        case OPT_RECOMPUTE: recomp = 1; break;
        case OPT_PLAN_PUB: planpub = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp verify %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind + 1 != argc)
        usage_error("name one certificate (ID.json)");
    if (!pub)
        usage_error("name the issuer's public key with --pub");
    if (recomp && !ndirs)
        usage_error("--recompute needs the datasets, with --inputs DIR");
    if (planpub && !ndirs)
        usage_error("--plan-pub needs the plan, with --inputs DIR");
    const char *cf = argv[optind];
    size_t n = strlen(cf);
    if (n < 6 || strcmp(cf + n - 5, ".json"))
        usage_error("a certificate is named ID.json, not '%s'", cf);
    ssp_error err = {0};
    json_t *cert = ssp_cert_load(cf, &err);
    if (!cert)
        die_error(&err);
    char hex[65], pdfhex[65], *sig, *pdf;
    unsigned long long bytes;
    ssp_sha256_file(cf, hex, &bytes);
    if (asprintf(&sig, "%s.minisig", cf) < 0 ||
        asprintf(&pdf, "%.*s.pdf", (int)(n - 5), cf) < 0)
        die(SSP_EINTERNAL, "out of memory");
    char tc[512] = "";
    ssp_status st = ssp_verify_file(pub, cf, sig, tc, sizeof tc, &err);
    if (st == SSP_EUSAGE || st == SSP_EIO || st == SSP_EINTERNAL)
        die_error(&err);
    check(st == SSP_OK, "signature", st == SSP_OK ? tc : err.msg);
    char why[700];
    check(ssp_cert_check(cert, cf, why, sizeof why), "certificate", why);
    if (st == SSP_OK)
        check_comment(tc, cert, hex);
    char *psig;
    if (asprintf(&psig, "%s.minisig", pdf) < 0)
        die(SSP_EINTERNAL, "out of memory");
    char ptc[512] = "";
    st = ssp_verify_file(pub, pdf, psig, ptc, sizeof ptc, &err);
    if (st == SSP_EINTERNAL) /* out of memory is no verdict on the PDF */
        die_error(&err);
    /* The PDF's signature carries the same trusted comment as the JSON's. */
    int same = !*tc || !strcmp(ptc, tc);
    check(st == SSP_OK && same, "pdf signature",
          st != SSP_OK ? err.msg
          : !same      ? "its trusted comment is not the certificate's"
                       : "");
    free(psig);
    st = ssp_cert_pdf_digest(pdf, pdfhex, &err);
    if (st == SSP_EINTERNAL)
        die_error(&err);
    check(st == SSP_OK && !strcmp(hex, pdfhex), "pdf",
          st != SSP_OK          ? err.msg
          : strcmp(hex, pdfhex) ? "made for other bytes than the certificate's"
                                : pdf);
    if (ndirs) {
        json_t *r = json_pack("[O]", json_object_get(cert, "results"));
        if (!r && json_object_get(cert, "results"))
            die(SSP_EINTERNAL, "out of memory");
        check_inputs(r, dirs, ndirs, "results");
        json_decref(r);
        check_inputs(json_object_get(cert, "inputs"), dirs, ndirs, "input");
        check_inputs(json_object_get(cert, "ingest"), dirs, ndirs, "input");
        check_inputs(json_object_get(cert, "datasets"), dirs, ndirs, "input");
        json_t *pl = json_pack("[O]", json_object_get(cert, "plan"));
        if (!pl && json_object_get(cert, "plan"))
            die(SSP_EINTERNAL, "out of memory");
        check_inputs(pl, dirs, ndirs, "plan");
        json_decref(pl);
    }
    registration(cert, dirs, ndirs, planpub);
    if (recomp)
        recompute(cert, dirs, ndirs);
    /* a document of the checks that could not be made whole */
    if (ssp_json_failed())
        die(SSP_EINTERNAL, "out of memory");
    const char *kind = json_string_value(json_object_get(cert, "kind"));
    if (!bad)
        printf("%s: genuine and consistent (%s, verdict %s)\n", cf,
               kind ? kind : "?",
               json_string_value(json_object_get(cert, "verdict")) ?: "?");
    else
        printf("%s: %d check%s failed\n", cf, bad, bad == 1 ? "" : "s");
    free(sig);
    free(pdf);
    json_decref(cert);
    return tool_finish(bad ? SSP_EDATA : SSP_OK);
}
