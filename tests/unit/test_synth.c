/* test_synth.c: a large synthetic run recovers its own true parameters,
 * and the same options give the same bytes. */
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
    ssp_strmap base;  /* subject -> index into b */
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
    CHECK(ssp_synth_canonical(&o, &e) == SSP_OK);

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
            CHECK(ssp_strmap_put(&comparison, rec.f[0].s, rec.f[0].len, &i, &added) == SSP_OK);
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
                json_t *t = json_object_get(json_object_get(inst, "arms"),
                                            arm ? "comparison" : "intervention");
                double mean = json_number_value(json_object_get(t, "mean_change"));
                double sd = json_number_value(json_object_get(t, "sd_change"));
                struct pairs pr = {0};
                ssp_strmap_init(&pr.base);
                snprintf(path, sizeof path, "%s/measures.csv", dir);
                r = ssp_csv_open(path, NULL, &e);
                while (r && ssp_csv_next(r, &rec, &e) == 1) {
                    if (strcmp(rec.f[1].s, code))
                        continue;
                    int is_comp = ssp_strmap_get(&comparison, rec.f[0].s, rec.f[0].len, NULL);
                    if (is_comp != arm)
                        continue;
                    size_t i;
                    int added;
                    double v = atof(rec.f[4].s);
                    if (!strcmp(rec.f[2].s, "baseline")) {
                        CHECK(ssp_strmap_put(&pr.base, rec.f[0].s, rec.f[0].len, &i, &added) == SSP_OK);
                        pr.b = realloc(pr.b, (i + 1) * sizeof *pr.b);
                        pr.b[i] = v;
                    } else if (!strcmp(rec.f[2].s, "endline") &&
                               ssp_strmap_get(&pr.base, rec.f[0].s, rec.f[0].len, &i)) {
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
                    fprintf(stderr, "  %s %s: n %ld, mean change %g, truth %g "
                                    "(se %g)\n", code, arm ? "comparison" : "intervention",
                            pr.n, got, mean, se);
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
    CHECK(ssp_synth_canonical(&o, &e) == SSP_OK);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "diff -r %s %s >&2", dir, other);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, other);
    CHECK(system(cmd) == 0);
}

static void setup(void)
{
    CHECK(mkdtemp(dir) != NULL);
}

static const struct test tests[] = {
    T(setup), T(recovers_truth), T(deterministic),
};
TEST_MAIN(tests)
