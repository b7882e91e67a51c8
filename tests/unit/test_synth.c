/* test_synth.c: a large synthetic run recovers its own true parameters,
 * and the same options give the same bytes. */
#include <iconv.h>
#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

#include "ssp/csv.h"
#include "ssp/strmap.h"
#include "ssp/synth.h"
#include "test.h"

static char dir[] = "/tmp/ssp-test-synth-XXXXXX";

/* Paired changes (endline - baseline) of one instrument and arm. */
struct pairs {
    ssp_strmap base; /* subject -> index into b */
    double *b;
    double sum, sumsq;
    long n;
};

static void recovers_truth(void)
{
    ssp_synth_opts o;
    ssp_synth_opts_init(&o);
    o.seed = 42;
    o.scale = 4;
    o.log_days = 1;
    o.comparison_share = 0.5;
    o.outdir = dir;
    ssp_error e;
    CHECK(ssp_synth_write(&o, &e) == SSP_OK);

    char path[300];
    snprintf(path, sizeof path, "%s/truth.json", dir);
    json_t *truth = json_load_file(path, 0, NULL);
    CHECK(truth != NULL);
    /* arm of every subject */
    snprintf(path, sizeof path, "%s/subjects.csv", dir);
    ssp_csv *r = ssp_csv_open(path, NULL, &e);
    ssp_strmap comparison;
    ssp_strmap_init(&comparison);
    ssp_csv_record rec;
    long nsub = 0, ncomp = 0, ndrop = 0;
    while (r && ssp_csv_next(r, &rec, &e) == 1) {
        size_t i;
        int added;
        nsub++;
        if (!strcmp(rec.f[4].s, "comparison")) {
            CHECK(ssp_strmap_put(&comparison, rec.f[0].s, rec.f[0].len, &i,
                                 &added) == SSP_OK);
            ncomp++;
        }
        ndrop += rec.f[8].len > 0;
    }
    ssp_csv_close(r);
    /* The comparison share and dropout land within 4 binomial SEs. */
    double p = (double)ncomp / (double)nsub;
    CHECK(fabs(p - 0.5) < 4 * sqrt(0.25 / (double)nsub));
    double pd = (double)ndrop / (double)nsub;
    CHECK(pd > 0.04 && pd < 0.14); /* cohort rates are 5-12% */

    /* Mean change per instrument and arm vs truth. */
    size_t ci;
    json_t *c;
    int checked = 0;
    json_array_foreach(json_object_get(truth, "cohorts"), ci, c)
    {
        size_t ii;
        json_t *inst;
        json_array_foreach(json_object_get(c, "instruments"), ii, inst)
        {
            const char *code = json_string_value(json_object_get(inst, "code"));
            if (!strcmp(code, "SAT5"))
                continue;
            for (int arm = 0; arm < 2; arm++) {
                json_t *t =
                    json_object_get(json_object_get(inst, "arms"),
                                    arm ? "comparison" : "intervention");
                double mean =
                    json_number_value(json_object_get(t, "mean_change"));
                double sd = json_number_value(json_object_get(t, "sd_change"));
                struct pairs pr = {0};
                ssp_strmap_init(&pr.base);
                snprintf(path, sizeof path, "%s/measures.csv", dir);
                r = ssp_csv_open(path, NULL, &e);
                while (r && ssp_csv_next(r, &rec, &e) == 1) {
                    if (strcmp(rec.f[1].s, code))
                        continue;
                    int is_comp = ssp_strmap_get(&comparison, rec.f[0].s,
                                                 rec.f[0].len, NULL);
                    if (is_comp != arm)
                        continue;
                    size_t i;
                    int added;
                    double v = atof(rec.f[4].s);
                    if (!strcmp(rec.f[2].s, "baseline")) {
                        CHECK(ssp_strmap_put(&pr.base, rec.f[0].s, rec.f[0].len,
                                             &i, &added) == SSP_OK);
                        pr.b = realloc(pr.b, (i + 1) * sizeof *pr.b);
                        pr.b[i] = v;
                    } else if (!strcmp(rec.f[2].s, "endline") &&
                               ssp_strmap_get(&pr.base, rec.f[0].s,
                                              rec.f[0].len, &i)) {
                        double d = v - pr.b[i];
                        pr.sum += d;
                        pr.sumsq += d * d;
                        pr.n++;
                    }
                }
                ssp_csv_close(r);
                /* Within 4.5 standard errors; the baseline instruments
                 * are set away from their bounds, so clipping is rare. */
                double got = pr.sum / (double)pr.n;
                double se = sd / sqrt((double)pr.n);
                if (pr.n < 30 || fabs(got - mean) > 4.5 * se) {
                    fprintf(stderr,
                            "  %s %s: n %ld, mean change %g, truth %g "
                            "(se %g)\n",
                            code, arm ? "comparison" : "intervention", pr.n,
                            got, mean, se);
                    test_failed = 1;
                }
                checked++;
                ssp_strmap_destroy(&pr.base);
                free(pr.b);
            }
        }
    }
    CHECK(checked == 26); /* 13 cohort instruments x 2 arms */
    ssp_strmap_destroy(&comparison);
    json_decref(truth);
}

static void deterministic(void)
{
    char other[] = "/tmp/ssp-test-synth2-XXXXXX";
    CHECK(mkdtemp(other) != NULL);
    ssp_synth_opts o;
    ssp_synth_opts_init(&o);
    o.seed = 42;
    o.scale = 4;
    o.log_days = 1;
    o.comparison_share = 0.5;
    o.outdir = other;
    ssp_error e;
    CHECK(ssp_synth_write(&o, &e) == SSP_OK);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "diff -r %s %s >&2", dir, other);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, other);
    CHECK(system(cmd) == 0);
}

/* The value of column col (of names) on a CSV or NDJSON line; "" when it
 * is empty, null or absent. */
static void value_of(const char *line, int ndjson, json_t *names,
                     const char *col, char *out, size_t sz)
{
    out[0] = '\0';
    if (!col)
        return;
    if (ndjson) {
        char key[128];
        snprintf(key, sizeof key, "\"%s\": ", col);
        const char *p = strstr(line, key);
        if (!p)
            return;
        p += strlen(key);
        if (*p == '"')
            p++;
        size_t n = strcspn(p, "\",}");
        snprintf(out, sz, "%.*s", (int)n, p);
        if (!strcmp(out, "null"))
            out[0] = '\0';
        return;
    }
    size_t want = 0, i;
    json_t *x;
    json_array_foreach(names, i, x) if (!strcmp(json_string_value(x), col))
        want = i;
    const char *p = line;
    for (size_t k = 0; k < want && p; k++)
        p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
    if (p)
        snprintf(out, sz, "%.*s", (int)strcspn(p, ","), p);
}

/* A timestamp written in the year 2000, whatever the vendor's format. */
static int year_2000(const char *v)
{
    if (!*v)
        return 0;
    if (!strncmp(v, "2000", 4))
        return 1;
    if (v[strspn(v, "0123456789.")])
        return 0; /* a date in text, and not of 2000 */
    double x = atof(v);
    return strchr(v, '.') ? x < 40000 : x < 1.2e9 || (x > 1e11 && x < 1.2e12);
}

/* Every fault truth.json lists is in its file at its line, and every
 * anomaly in the files is listed; every file is in its stated encoding. */
static void vendor_faults_and_encodings(void)
{
    char vdir[] = "/tmp/ssp-test-vendor-XXXXXX";
    CHECK(mkdtemp(vdir) != NULL);
    ssp_synth_opts o;
    ssp_synth_opts_init(&o);
    o.seed = 3;
    o.scale = 0.3;
    o.log_days = 2;
    o.vendor = 1;
    o.faults = 0.02;
    o.outdir = vdir;
    ssp_error e;
    CHECK(ssp_synth_write(&o, &e) == SSP_OK);
    char path[400];
    snprintf(path, sizeof path, "%s/truth.json", vdir);
    json_t *truth = json_load_file(path, 0, NULL);
    json_t *faults = json_object_get(truth, "faults");
    size_t listed = json_array_size(faults), found = 0, anomalies = 0;
    CHECK(listed > 50);
    size_t fi;
    json_t *f;
    int kinds_seen[5] = {0};
    static const char *const kinds[] = {"duplicate", "missing", "malformed",
                                        "out_of_range", "clock_skew"};
    json_array_foreach(json_object_get(truth, "files"), fi, f)
    {
        const char *rel = json_string_value(json_object_get(f, "path"));
        const char *enc = json_string_value(json_object_get(f, "encoding"));
        int ndjson =
            !strcmp(json_string_value(json_object_get(f, "format")), "ndjson");
        json_t *cols = json_object_get(f, "columns");
        snprintf(path, sizeof path, "%s/%s", vdir, rel);
        FILE *fp = fopen(path, "rb");
        CHECK(fp != NULL);
        if (!fp)
            continue;
        char *raw = NULL;
        size_t n = 0;
        FILE *mem = open_memstream(&raw, &n);
        int ch;
        while ((ch = fgetc(fp)) != EOF)
            fputc(ch, mem);
        fclose(mem);
        fclose(fp);
        /* Encoding as stated. */
        int bom = n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3);
        CHECK(bom == !strcmp(enc, "utf-8 with BOM"));
        char *text = raw + (bom ? 3 : 0);
        size_t tn = n - (bom ? 3 : 0);
        char *conv = NULL;
        if (!strcmp(enc, "cp949")) {
            iconv_t cd = iconv_open("UTF-8", "CP949");
            conv = malloc(tn * 2 + 1);
            char *in = text, *out = conv;
            size_t il = tn, ol = tn * 2;
            CHECK(iconv(cd, &in, &il, &out, &ol) != (size_t)-1);
            *out = '\0';
            iconv_close(cd);
            int high = 0; /* Korean text: not UTF-8 as it stands */
            for (size_t k = 0; k < tn; k++)
                high |= (unsigned char)text[k] >= 0x80;
            CHECK(high);
            text = conv;
        }
        /* Anomalies, line by line, against the listed faults. */
        const char *idc = json_string_value(json_object_get(f, "id_column"));
        const char *tc = json_string_value(json_object_get(f, "time_column"));
        const char *rc =
            json_string_value(json_object_get(f, "reading_column"));
        const char *absurd =
            json_string_value(json_object_get(f, "out_of_range_value"));
        long lineno = 0;
        char prev[4096] = "";
        for (char *line = text; *line;) {
            char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            char cur[4096];
            snprintf(cur, sizeof cur, "%.*s", (int)len, line);
            cur[strcspn(cur, "\r")] = '\0';
            lineno++;
            line = nl ? nl + 1 : line + len;
            if (!ndjson && lineno == 1)
                continue; /* the header */
            const char *kind = NULL;
            char v[256];
            size_t ncommas = 0;
            for (const char *p = cur; *p; p++)
                ncommas += *p == ',';
            if (!strcmp(cur, prev))
                kind = "duplicate";
            else if (ndjson ? cur[strlen(cur) - 1] != '}'
                            : ncommas + 1 != json_array_size(cols))
                kind = "malformed";
            else if (value_of(cur, ndjson, cols, idc, v, sizeof v), !*v)
                kind = "missing";
            else if (tc && (value_of(cur, ndjson, cols, tc, v, sizeof v), !*v))
                kind = "missing";
            else if (rc && absurd &&
                     (value_of(cur, ndjson, cols, rc, v, sizeof v),
                      !strcmp(v, absurd)))
                kind = "out_of_range";
            else if (tc && (value_of(cur, ndjson, cols, tc, v, sizeof v),
                            year_2000(v)))
                kind = "clock_skew";
            snprintf(prev, sizeof prev, "%s", cur);
            if (!kind)
                continue;
            anomalies++;
            /* Is it listed, with this kind? */
            int ok = 0;
            size_t k;
            json_t *x;
            json_array_foreach(faults, k, x)
            {
                if (!strcmp(json_string_value(json_object_get(x, "file")),
                            rel) &&
                    json_integer_value(json_object_get(x, "line")) == lineno &&
                    !strcmp(json_string_value(json_object_get(x, "kind")),
                            kind))
                    ok = 1;
            }
            if (!ok) {
                fprintf(stderr, "  %s:%ld: %s not listed: %s\n", rel, lineno,
                        kind, cur);
                test_failed = 1;
            } else {
                found++;
                for (int q = 0; q < 5; q++)
                    kinds_seen[q] |= !strcmp(kind, kinds[q]);
            }
        }
        free(conv);
        free(raw);
    }
    CHECK(found == listed); /* every listed fault was found where it says */
    CHECK(anomalies == listed);
    for (int q = 0; q < 5; q++)
        CHECK(kinds_seen[q]);
    json_decref(truth);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", vdir);
    CHECK(system(cmd) == 0);
}

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
}

static const struct test tests[] = {
    T(setup),
    T(recovers_truth),
    T(deterministic),
    T(vendor_faults_and_encodings),
};
TEST_MAIN(tests)
