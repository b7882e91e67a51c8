/* flow.c: the participant flow of a dataset (see flow.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ssp/flow.h"

static int cohort_cmp(const ssp_ind_subject *a, const ssp_ind_subject *b)
{
    int c = strcmp(a->technology, b->technology);
    if (!c)
        c = strcmp(a->region, b->region);
    if (!c) /* intervention before comparison */
        c = -strcmp(a->arm, b->arm);
    return c;
}

/* Cohorts, and in each the exited first, by reason. */
static int subj_cmp(const void *a_, const void *b_)
{
    const ssp_ind_subject *a = *(const ssp_ind_subject *const *)a_,
                          *b = *(const ssp_ind_subject *const *)b_;
    int c = cohort_cmp(a, b);
    if (!c)
        c = b->exited - a->exited;
    if (!c && a->exited)
        c = strcmp(a->exit_reason, b->exit_reason);
    return c;
}

struct flow {
    ssp_flow_row *r;
    size_t n, cap;
};

/* Append a row of s's cohort; returns its index, or SIZE_MAX when out of
 * memory. */
static size_t add(struct flow *f, const ssp_ind_subject *s, const char *stage,
                  const char *reason, double n, size_t parent, int part)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        ssp_flow_row *r = realloc(f->r, cap * sizeof *r);
        if (!r)
            return SIZE_MAX;
        f->r = r;
        f->cap = cap;
    }
    f->r[f->n] = (ssp_flow_row){
        s->technology, s->region, s->arm, stage, reason, n, 0, parent, part};
    return f->n++;
}

/* Suppress the small counts, then, until nothing changes: a stage and
 * its branches (of one part) are one sum, and a sum with exactly one
 * count withheld (a branch, or the stage itself) gives it away by
 * subtraction, so its smallest shown branch is withheld too. Every sum
 * then has no unknown or at least two (the usual rule for a table with
 * margins; combinations of several sums are not searched). The arms of
 * an analysis are a sum too: the results show the n of a between-arm
 * effect, the subjects of both arms (ITT and completers), so one arm's
 * analysed count withheld withholds the other's. */
static void disclose(ssp_flow_row *r, size_t n, long min_cell)
{
    if (min_cell <= 0)
        return;
    for (size_t i = 0; i < n; i++)
        r[i].suppressed = r[i].n > 0 && r[i].n < min_cell;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t p = 0; p < n; p++)
            for (int part = 0; part < 2; part++) {
                size_t hidden = r[p].suppressed, pick = SIZE_MAX;
                for (size_t i = p + 1; i < n; i++) {
                    if (r[i].parent != p || r[i].part != part)
                        continue;
                    if (r[i].suppressed)
                        hidden++;
                    else if (pick == SIZE_MAX || r[i].n < r[pick].n)
                        pick = i;
                }
                if (hidden == 1 && pick != SIZE_MAX) {
                    r[pick].suppressed = 1;
                    changed = 1;
                }
            }
        for (size_t i = 0; i < n; i++) { /* the arms of i's analysis */
            size_t hidden = 0, pick = SIZE_MAX, members = 0;
            if (strcmp(r[i].stage, "analysed_itt") &&
                strcmp(r[i].stage, "analysed_completers"))
                continue;
            for (size_t j = 0; j < n; j++) {
                if (strcmp(r[j].technology, r[i].technology) ||
                    strcmp(r[j].region, r[i].region) ||
                    strcmp(r[j].stage, r[i].stage) ||
                    strcmp(r[j].reason, r[i].reason))
                    continue;
                if (j < i)
                    break; /* not the group's first */
                members++;
                if (r[j].suppressed)
                    hidden++;
                else if (pick == SIZE_MAX || r[j].n < r[pick].n)
                    pick = j;
            }
            if (members > 1 && hidden == 1 && pick != SIZE_MAX) {
                r[pick].suppressed = 1;
                changed = 1;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (r[i].suppressed)
            r[i].n = NAN;
}

/* The screening rows of h's cohort before its arms (arm "all"):
 * assessed, and excluded by outcome, of which the arms' enrolled are the
 * other branches. *assessed is the row, SIZE_MAX when the cohort has no
 * screening; the enrolled among them must be the cohort's subjects. */
static ssp_status screening(struct flow *f, const ssp_ind_subject *h,
                            size_t subjects, const ssp_ind_screen *scr,
                            size_t nscr, size_t *assessed, ssp_error *err)
{
    static const char *const outcomes[] = {"not_eligible", "declined", "other"};
    double c[4] = {0}, all = 0;
    *assessed = SIZE_MAX;
    for (size_t i = 0; i < nscr; i++) {
        if (strcmp(scr[i].technology, h->technology) ||
            strcmp(scr[i].region, h->region))
            continue;
        size_t k = 0;
        while (k < 3 && strcmp(scr[i].outcome, outcomes[k]))
            k++;
        c[k]++; /* c[3]: enrolled */
        all++;
    }
    if (!all)
        return SSP_OK;
    if (c[3] != (double)subjects)
        return ssp_error_set(err, SSP_EDATA, NULL, 0, 0,
                             "screening: %s, %s: %.0f screened as enrolled, "
                             "but %zu subjects",
                             h->technology, h->region, c[3], subjects);
    ssp_ind_subject a = *h;
    a.arm = "all";
    if ((*assessed = add(f, &a, "assessed", "", all, SIZE_MAX, 0)) == SIZE_MAX)
        return ssp_error_nomem(err);
    for (size_t k = 0; k < 3; k++)
        if (add(f, &a, "excluded", outcomes[k], c[k], *assessed, 0) == SIZE_MAX)
            return ssp_error_nomem(err);
    return SSP_OK;
}

ssp_status ssp_flow(const ssp_ind_subject *s, size_t ns,
                    const ssp_ind_screen *scr, size_t nscr, long min_cell,
                    ssp_flow_row **out, size_t *n, ssp_error *err)
{
    *out = NULL;
    *n = 0;
    const ssp_ind_subject **v = malloc((ns + 1) * sizeof *v);
    if (!v)
        return ssp_error_nomem(err);
    for (size_t i = 0; i < ns; i++)
        v[i] = &s[i];
    qsort(v, ns, sizeof *v, subj_cmp);
    struct flow f = {0};
    int nomem = 0;
    size_t scr_row = SIZE_MAX;
    ssp_status st = SSP_OK;
    for (size_t i = 0, j; i < ns && !nomem && !st; i = j) {
        if (!i || strcmp(v[i]->technology, v[i - 1]->technology) ||
            strcmp(v[i]->region, v[i - 1]->region)) { /* a new cohort */
            size_t k = i;
            while (k < ns && !strcmp(v[k]->technology, v[i]->technology) &&
                   !strcmp(v[k]->region, v[i]->region))
                k++;
            if ((st = screening(&f, v[i], k - i, scr, nscr, &scr_row, err)))
                break;
        }
        /* enrolled, not exited, baseline, itt, completers, endline */
        double c[6] = {0};
        for (j = i; j < ns && !cohort_cmp(v[i], v[j]); j++) {
            c[0]++;
            c[1] += !v[j]->exited;
            c[2] += v[j]->baseline;
            c[3] += v[j]->followup;
            c[4] += v[j]->completer;
            c[5] += v[j]->endline;
        }
        const ssp_ind_subject *h = v[i];
        size_t e = add(&f, h, "enrolled", "", c[0], scr_row, 0), b = 0, t = 0;
        nomem = e == SIZE_MAX;
        for (size_t k = i, m; k < j && v[k]->exited && !nomem; k = m) {
            for (m = k; m < j && v[m]->exited &&
                        !strcmp(v[m]->exit_reason, v[k]->exit_reason);
                 m++)
                ;
            nomem = add(&f, h, "exited", v[k]->exit_reason, (double)(m - k), e,
                        0) == SIZE_MAX;
        }
        nomem =
            nomem || add(&f, h, "not_exited", "", c[1], e, 0) == SIZE_MAX ||
            (b = add(&f, h, "with_baseline", "", c[2], e, 1)) == SIZE_MAX ||
            add(&f, h, "without_baseline", "", c[0] - c[2], e, 1) == SIZE_MAX ||
            (t = add(&f, h, "analysed_itt", "", c[3], b, 0)) == SIZE_MAX ||
            add(&f, h, "excluded_itt", "no score after baseline", c[2] - c[3],
                b, 0) == SIZE_MAX ||
            add(&f, h, "analysed_completers", "", c[4], t, 0) == SIZE_MAX ||
            add(&f, h, "excluded_completers", "no endline score", c[3] - c[4],
                t, 0) == SIZE_MAX ||
            add(&f, h, "with_endline", "", c[5], SIZE_MAX, 0) == SIZE_MAX;
    }
    for (size_t i = 0; i < nscr && !st && !nomem; i++) { /* no subject */
        size_t k = 0;
        while (k < ns && (strcmp(s[k].technology, scr[i].technology) ||
                          strcmp(s[k].region, scr[i].region)))
            k++;
        if (k == ns && strcmp(scr[i].outcome, "enrolled"))
            continue; /* all excluded: a cohort of none, not shown */
        if (k == ns)
            st = ssp_error_set(err, SSP_EDATA, NULL, 0, 0,
                               "screening: %s, %s: screened as enrolled, but "
                               "no subjects",
                               scr[i].technology, scr[i].region);
    }
    free(v);
    if (nomem || st) {
        free(f.r);
        return nomem ? ssp_error_nomem(err) : st;
    }
    disclose(f.r, f.n, min_cell);
    *out = f.r;
    *n = f.n;
    return SSP_OK;
}

ssp_status ssp_flow_datasets(char *const *dirs, size_t ndirs,
                             const char *instrument, long min_cell,
                             ssp_flow_row **out, size_t *n, ssp_ind **x,
                             ssp_error *err)
{
    ssp_ind_options o = {.level = 0.95, .adjust = -1};
    *out = NULL;
    *n = 0;
    if (!(*x = ssp_ind_open(NULL, &o, err)))
        return err->status;
    ssp_ind_subject *s = NULL;
    ssp_ind_screen *scr = NULL;
    size_t ns = 0, nscr = 0;
    ssp_status st = SSP_OK;
    for (size_t i = 0; i < ndirs && !st; i++)
        st = ssp_ind_add(*x, dirs[i], err);
    if (!st)
        st = ssp_ind_subjects(*x, instrument, &s, &ns, err);
    if (!st)
        st = ssp_ind_screening(*x, &scr, &nscr, err);
    if (!st)
        st = ssp_flow(s, ns, scr, nscr, min_cell, out, n, err);
    free(s);
    free(scr);
    return st;
}

void *ssp_flow_cohort_json(char *const *dirs, size_t ndirs,
                           const char *catalogue, const char *technology,
                           const char *region, const char *code, long min_cell,
                           ssp_error *err)
{
    ssp_ind_options o = {.level = 0.95, .adjust = -1};
    ssp_ind *cat = ssp_ind_open(catalogue, &o, err);
    if (!cat && catalogue) /* gone: the shipped one, as ssp plot does */
        cat = ssp_ind_open(NULL, &o, err);
    if (!cat)
        return NULL;
    char *instrument = NULL;
    for (size_t i = 0; code && i < ssp_ind_ndefs(cat); i++) {
        const ssp_ind_def *d = ssp_ind_def_at(cat, i);
        if (!strcmp(d->code, code) && *d->instrument)
            instrument = strdup(d->instrument);
    }
    ssp_ind_free(cat);
    ssp_ind *x = NULL;
    ssp_flow_row *r = NULL;
    size_t n = 0;
    json_t *out = NULL, *rows = json_array();
    if (rows && !ssp_flow_datasets(dirs, ndirs, instrument, min_cell, &r, &n,
                                   &x, err)) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(r[i].technology, technology) ||
                strcmp(r[i].region, region))
                continue;
            if (json_array_append_new(
                    rows,
                    json_pack("{s:s, s:s, s:s, s:o, s:b}", "arm", r[i].arm,
                              "stage", r[i].stage, "reason", r[i].reason, "n",
                              r[i].suppressed
                                  ? json_null()
                                  : json_integer((json_int_t)r[i].n),
                              "suppressed", r[i].suppressed))) {
                ssp_error_nomem(err);
                goto done;
            }
        }
        out = json_pack("{s:s?, s:I, s:O}", "instrument", instrument,
                        "min_cell", (json_int_t)min_cell, "rows", rows);
        if (!out)
            ssp_error_nomem(err);
    } else if (!rows) {
        ssp_error_nomem(err);
    }
done:
    json_decref(rows);
    free(r);
    ssp_ind_free(x);
    free(instrument);
    return out;
}

void *ssp_flow_of_plan(char *const *dirs, size_t ndirs, const char *catalogue,
                       const void *doc, long min_cell, ssp_error *err)
{
    const char *code = NULL;
    const json_t *c;
    size_t i;
    json_array_foreach(json_object_get(doc, "criteria"), i, c)
    {
        const char *role = json_string_value(json_object_get(c, "role"));
        if (!code && role && !strcmp(role, "primary"))
            code = json_string_value(json_object_get(c, "indicator"));
    }
    return ssp_flow_cohort_json(
        dirs, ndirs, catalogue,
        json_string_value(json_object_get(doc, "technology")),
        json_string_value(json_object_get(doc, "region")), code, min_cell, err);
}

ssp_flow_row *ssp_flow_rows_of_json(const void *flow, const char *technology,
                                    const char *region, size_t *n)
{
    const json_t *rows = json_object_get(flow, "rows"), *e;
    size_t i, k = 0;
    *n = 0;
    ssp_flow_row *r =
        json_array_size(rows) ? calloc(json_array_size(rows), sizeof *r) : NULL;
    if (!r)
        return NULL;
    json_array_foreach(rows, i, e)
    {
        const char *arm = json_string_value(json_object_get(e, "arm")),
                   *stage = json_string_value(json_object_get(e, "stage")),
                   *reason = json_string_value(json_object_get(e, "reason"));
        json_t *v = json_object_get(e, "n");
        if (!arm || !stage)
            continue;
        r[k] = (ssp_flow_row){technology,
                              region,
                              arm,
                              stage,
                              reason ? reason : "",
                              json_is_number(v) ? json_number_value(v) : NAN,
                              json_is_true(json_object_get(e, "suppressed")) ||
                                  !json_is_number(v),
                              SIZE_MAX,
                              0};
        k++;
    }
    *n = k;
    return r;
}
