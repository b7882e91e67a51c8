/* ancova.c: the baseline-adjusted difference between two arms by least
 * squares, as R's lm and emmeans give it, and its cluster-robust test as
 * clubSandwich's coef_test(vcov = "CR2", test = "Satterthwaite"). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/tests.h"

/* The mean of x[0], x[stride], ... (n values), corrected by the mean of
 * the residuals, as R's mean(). */
static double smean(const double *x, size_t n, size_t stride)
{
    long double s = 0, t = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i * stride];
    s /= (long double)n;
    for (size_t i = 0; i < n; i++)
        t += x[i * stride] - s;
    return (double)(s + t / (long double)n);
}

static void set_na(ssp_ancova *o)
{
    o->estimate = o->se = o->ci_low = o->ci_high = o->t = o->df = o->p = NAN;
    o->adj_mean1 = o->adj_mean2 = o->se_model = NAN;
    o->icc = o->design_effect = NAN;
}

/* The one-way ANOVA estimator of the intraclass correlation of y by
 * cluster (m clusters, every one with a value), and the design effect
 * 1 + (N/m - 1) icc; NaN where it is undefined. */
static void icc_of(const double *y, const size_t *cl, size_t n, size_t m,
                   double *icc, double *deff)
{
    *icc = *deff = NAN;
    if (m < 2 || n <= m)
        return;
    long double *s = calloc(m, sizeof *s);
    size_t *c = calloc(m, sizeof *c);
    if (!s || !c) {
        free(s);
        free(c);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        s[cl[i]] += y[i];
        c[cl[i]]++;
    }
    double ybar = smean(y, n, 1);
    long double ssb = 0, ssw = 0, sn2 = 0;
    for (size_t j = 0; j < m; j++) {
        long double mj = s[j] / (long double)c[j];
        ssb += (long double)c[j] * (mj - ybar) * (mj - ybar);
        sn2 += (long double)c[j] * (long double)c[j];
        s[j] = mj;
    }
    for (size_t i = 0; i < n; i++)
        ssw += (y[i] - s[cl[i]]) * (y[i] - s[cl[i]]);
    double msb = (double)(ssb / (long double)(m - 1));
    double msw = (double)(ssw / (long double)(n - m));
    double n0 = ((double)n - (double)(sn2 / (long double)n)) / (double)(m - 1);
    double den = msb + (n0 - 1) * msw;
    if (den > 0) {
        *icc = (msb - msw) / den;
        /* a negative estimate is no inflation */
        *deff = 1 + ((double)n / (double)m - 1) * (*icc > 0 ? *icc : 0);
    }
    free(s);
    free(c);
}

/* The CR2 adjustment of one cluster: A = (I - Hjj)^(-1/2), eigenvalues
 * at or below 1e-12 taken as 0 (a pseudo-inverse, as clubSandwich's
 * matrix_power). a holds I - Hjj (nj x nj) on entry, A on return. */
static int cr2_adjust(gsl_matrix *a)
{
    size_t nj = a->size1;
    gsl_vector *ev = gsl_vector_alloc(nj);
    gsl_matrix *vec = gsl_matrix_alloc(nj, nj);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(nj);
    if (!ev || !vec || !w) {
        gsl_vector_free(ev);
        gsl_matrix_free(vec);
        gsl_eigen_symmv_free(w);
        return -1;
    }
    gsl_eigen_symmv(a, ev, vec, w);
    for (size_t r = 0; r < nj; r++)
        for (size_t c = 0; c < nj; c++) {
            double s = 0;
            for (size_t k = 0; k < nj; k++) {
                double l = gsl_vector_get(ev, k);
                if (l > 1e-12)
                    s += gsl_matrix_get(vec, r, k) * gsl_matrix_get(vec, c, k) /
                         sqrt(l);
            }
            gsl_matrix_set(a, r, c, s);
        }
    gsl_vector_free(ev);
    gsl_matrix_free(vec);
    gsl_eigen_symmv_free(w);
    return 0;
}

ssp_status ssp_test_ancova(const double *y, const unsigned char *arm,
                           const double *cov, size_t k, const size_t *cl,
                           size_t m, size_t n, double level, ssp_ancova *o)
{
    memset(o, 0, sizeof *o);
    set_na(o);
    o->n = n;
    for (size_t i = 0; i < n; i++)
        o->n1 += arm[i] != 0;
    o->n2 = n - o->n1;
    size_t p = 2 + k;
    o->clusters = cl ? m : 0;
    if (cl)
        icc_of(y, cl, n, m, &o->icc, &o->design_effect);
    if (!o->n1 || !o->n2) {
        o->notes |= SSP_NOTE_ARM_EMPTY;
        return SSP_OK;
    }
    if (n <= p) {
        o->notes |= SSP_NOTE_FEW_ROWS;
        return SSP_OK;
    }
    ssp_status st = SSP_EINTERNAL;
    gsl_matrix *x = gsl_matrix_alloc(n, p), *u = gsl_matrix_alloc(n, p);
    gsl_matrix *v = gsl_matrix_alloc(p, p), *mi = gsl_matrix_alloc(p, p);
    gsl_vector *s = gsl_vector_alloc(p), *work = gsl_vector_alloc(p);
    double *beta = calloc(p, sizeof *beta), *d = calloc(p, sizeof *d);
    double *e = calloc(n, sizeof *e), *ub = calloc(p, sizeof *ub);
    double *xm = calloc(p, sizeof *xm);
    if (!x || !u || !v || !mi || !s || !work || !beta || !d || !e || !ub || !xm)
        goto out;
    /* The columns 1, arm (1 for A), and each covariate less its mean: the
     * intercept is then the adjusted mean of B at the covariate means (as
     * emmeans' reference grid), and intercept + arm that of A. y is
     * centred too, for precision. */
    double ybar = smean(y, n, 1);
    for (size_t j = 0; j < k; j++)
        xm[2 + j] = smean(cov + j, n, k);
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(x, i, 0, 1);
        gsl_matrix_set(x, i, 1, arm[i] ? 1 : 0);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(x, i, 2 + j, cov[i * k + j] - xm[2 + j]);
    }
    /* Each column scaled to norm 1, so the rank test is on the shape of
     * the design and not on the units of a covariate. */
    for (size_t c = 0; c < p; c++) {
        long double ss = 0;
        for (size_t i = 0; i < n; i++)
            ss += gsl_matrix_get(x, i, c) * gsl_matrix_get(x, i, c);
        d[c] = sqrt((double)ss);
        /* a covariate constant but for rounding: its centred norm is
         * next to nothing beside its raw one */
        long double raw = 0;
        for (size_t i = 0; c >= 2 && i < n; i++)
            raw += cov[i * k + c - 2] * cov[i * k + c - 2];
        if (!(d[c] > 0) || !isfinite(d[c]) ||
            (c >= 2 && d[c] <= 1e-9 * sqrt((double)raw))) {
            o->notes |= SSP_NOTE_RANK;
            st = SSP_OK;
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(u, i, c, gsl_matrix_get(x, i, c) / d[c]);
    }
    if (gsl_linalg_SV_decomp_jacobi(u, v, s) != 0)
        goto out;
    /* R's lm drops a column whose pivot falls below 1e-7 of its norm
     * (qr tol); a singular value of the scaled design under 1e-7 of the
     * largest is that collinearity (a constant baseline, a covariate
     * that is a copy of another). */
    if (!(gsl_vector_get(s, p - 1) > 1e-7 * gsl_vector_get(s, 0))) {
        o->notes |= SSP_NOTE_RANK;
        st = SSP_OK;
        goto out;
    }
    for (size_t c = 0; c < p; c++) {
        long double t = 0;
        for (size_t i = 0; i < n; i++)
            t += gsl_matrix_get(u, i, c) * (y[i] - ybar);
        ub[c] = (double)t / gsl_vector_get(s, c);
    }
    for (size_t r = 0; r < p; r++) {
        long double t = 0;
        for (size_t c = 0; c < p; c++)
            t += gsl_matrix_get(v, r, c) * ub[c];
        beta[r] = (double)t / d[r];
    }
    /* (X'X)^-1 = D^-1 V S^-2 V' D^-1 */
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < p; c++) {
            long double t = 0;
            for (size_t q = 0; q < p; q++) {
                double sq = gsl_vector_get(s, q);
                t += gsl_matrix_get(v, r, q) * gsl_matrix_get(v, c, q) /
                     (sq * sq);
            }
            gsl_matrix_set(mi, r, c, (double)t / (d[r] * d[c]));
        }
    long double rss = 0;
    for (size_t i = 0; i < n; i++) {
        long double f = 0;
        for (size_t c = 0; c < p; c++)
            f += gsl_matrix_get(x, i, c) * beta[c];
        e[i] = (double)((y[i] - ybar) - f);
        rss += (long double)e[i] * e[i];
    }
    o->estimate = beta[1];
    o->adj_mean2 = ybar + beta[0];
    o->adj_mean1 = ybar + beta[0] + beta[1];
    double sigma2 = (double)(rss / (long double)(n - p));
    o->se_model = sqrt(sigma2 * gsl_matrix_get(mi, 1, 1));
    double se = o->se_model, df = (double)(n - p);
    if (cl && m < 2) {
        o->notes |= SSP_NOTE_ONE_CLUSTER;
        se = df = NAN;
    } else if (cl) {
        /* CR2 (Bell and McCaffrey 2002; Pustejovsky and Tipton 2018) with
         * the identity working model, as clubSandwich for an unweighted
         * lm: for cluster j, g_j = A_j X_j M c with M = (X'X)^-1, c the
         * arm coefficient and A_j = (I - X_j M X_j')^(-1/2); the variance
         * is sum_j (g_j' e_j)^2. Satterthwaite: with q_j = X_j' g_j,
         * P_ij = [i = j] g_i'g_i - q_i' M q_j, df = tr(P)^2 / sum P_ij^2. */
        size_t *cnt = calloc(m + 1, sizeof *cnt),
               *start = calloc(m + 1, sizeof *start);
        size_t *idx = malloc(n * sizeof *idx);
        double *q = calloc(m * p, sizeof *q), *rq = calloc(m * p, sizeof *rq);
        double *gg = calloc(m, sizeof *gg);
        if (!cnt || !start || !idx || !q || !rq || !gg) {
            free(cnt);
            free(start);
            free(idx);
            free(q);
            free(rq);
            free(gg);
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            cnt[cl[i]]++;
        for (size_t j = 1; j <= m; j++)
            start[j] = start[j - 1] + cnt[j - 1];
        memset(cnt, 0, (m + 1) * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            idx[start[cl[i]] + cnt[cl[i]]++] = i;
        long double var = 0;
        int fail = 0;
        for (size_t j = 0; j < m && !fail; j++) {
            size_t nj = cnt[j];
            const size_t *rows = idx + start[j];
            gsl_matrix *a = gsl_matrix_alloc(nj, nj);
            double *h = malloc(nj * sizeof *h), *g = malloc(nj * sizeof *g);
            if (!a || !h || !g) {
                gsl_matrix_free(a);
                free(h);
                free(g);
                fail = 1;
                break;
            }
            for (size_t r = 0; r < nj; r++) {
                for (size_t c = r; c < nj; c++) {
                    long double t = 0;
                    for (size_t a1 = 0; a1 < p; a1++)
                        for (size_t a2 = 0; a2 < p; a2++)
                            t += gsl_matrix_get(x, rows[r], a1) *
                                 gsl_matrix_get(mi, a1, a2) *
                                 gsl_matrix_get(x, rows[c], a2);
                    double ih = (r == c ? 1.0 : 0.0) - (double)t;
                    gsl_matrix_set(a, r, c, ih);
                    gsl_matrix_set(a, c, r, ih);
                }
                long double t = 0; /* (X_j M c)_r */
                for (size_t a1 = 0; a1 < p; a1++)
                    t += gsl_matrix_get(x, rows[r], a1) *
                         gsl_matrix_get(mi, a1, 1);
                h[r] = (double)t;
            }
            if (cr2_adjust(a) != 0) {
                gsl_matrix_free(a);
                free(h);
                free(g);
                fail = 1;
                break;
            }
            long double ge = 0, g2 = 0;
            for (size_t r = 0; r < nj; r++) {
                long double t = 0;
                for (size_t c = 0; c < nj; c++)
                    t += gsl_matrix_get(a, r, c) * h[c];
                g[r] = (double)t;
                ge += t * e[rows[r]];
                g2 += t * t;
            }
            var += ge * ge;
            gg[j] = (double)g2;
            for (size_t c = 0; c < p; c++) {
                long double t = 0;
                for (size_t r = 0; r < nj; r++)
                    t += gsl_matrix_get(x, rows[r], c) * g[r];
                q[j * p + c] = (double)t;
            }
            gsl_matrix_free(a);
            free(h);
            free(g);
        }
        if (!fail) {
            for (size_t j = 0; j < m; j++)
                for (size_t r = 0; r < p; r++) {
                    long double t = 0;
                    for (size_t c = 0; c < p; c++)
                        t += gsl_matrix_get(mi, r, c) * q[j * p + c];
                    rq[j * p + r] = (double)t;
                }
            long double tr = 0, ss = 0;
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < m; j++) {
                    long double t = 0;
                    for (size_t c = 0; c < p; c++)
                        t += q[i * p + c] * rq[j * p + c];
                    double pij = (i == j ? gg[i] : 0) - (double)t;
                    if (i == j)
                        tr += pij;
                    ss += (long double)pij * pij;
                }
            se = sqrt((double)var);
            df = (double)(tr * tr / ss);
        }
        free(cnt);
        free(start);
        free(idx);
        free(q);
        free(rq);
        free(gg);
        if (fail)
            goto out;
    }
    o->se = se;
    o->df = df;
    if (isfinite(se) && df > 0) {
        double qt = gsl_cdf_tdist_Qinv((1 - level) / 2, df);
        o->t = o->estimate / se;
        o->p = 2 * gsl_cdf_tdist_Q(fabs(o->t), df);
        o->ci_low = o->estimate - qt * se;
        o->ci_high = o->estimate + qt * se;
    } else {
        o->df = NAN;
        if (cl && m >= 2)
            o->notes |= SSP_NOTE_CR2_DF;
    }
    st = SSP_OK;
out:
    gsl_matrix_free(x);
    gsl_matrix_free(u);
    gsl_matrix_free(v);
    gsl_matrix_free(mi);
    gsl_vector_free(s);
    gsl_vector_free(work);
    free(beta);
    free(d);
    free(e);
    free(ub);
    free(xm);
    return st;
}
