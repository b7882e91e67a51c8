/* mmrm.c: the mixed model for repeated measures, as R's
 * nlme::gls(y ~ 0 + visit + visit:arm + visit:baseline, correlation =
 * corSymm(form = ~ v | id), weights = varIdent(form = ~ 1 | v), method =
 * "REML") fits it: an unstructured covariance over the visits, estimated
 * by restricted maximum likelihood, and generalised least squares for
 * the fixed effects. The covariance is parametrised by its Cholesky
 * factor (log diagonal), the REML log-likelihood maximised by Newton's
 * method on its analytic gradient (the Hessian by central differences of
 * it), with Levenberg damping and backtracking. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/tests.h"

/* In-place Cholesky a = L L' of the n x n matrix a (row-major, the lower
 * triangle used and overwritten). Returns 0 when a is not positive
 * definite: a pivot at or below tol times the original diagonal. */
static int chol(double *a, size_t n, double tol)
{
    for (size_t j = 0; j < n; j++) {
        double d = a[j * n + j], d0 = d;
        for (size_t k = 0; k < j; k++)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > tol * d0) || !(d0 > 0))
            return 0;
        d = sqrt(d);
        a[j * n + j] = d;
        for (size_t i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (size_t k = 0; k < j; k++)
                s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / d;
        }
    }
    return 1;
}

/* Solve L L' x = b in place for m right-hand sides (b: n x m, row-major). */
static void chol_solve(const double *l, size_t n, double *b, size_t m)
{
    for (size_t c = 0; c < m; c++) {
        for (size_t i = 0; i < n; i++) {
            double s = b[i * m + c];
            for (size_t k = 0; k < i; k++)
                s -= l[i * n + k] * b[k * m + c];
            b[i * m + c] = s / l[i * n + i];
        }
        for (size_t i = n; i-- > 0;) {
            double s = b[i * m + c];
            for (size_t k = i + 1; k < n; k++)
                s -= l[k * n + i] * b[k * m + c];
            b[i * m + c] = s / l[i * n + i];
        }
    }
}

/* The problem, standardised: y and the baseline centred and scaled. */
struct fit {
    size_t n, ns, nv, p, q;
    const size_t *start; /* ns + 1: subject i's rows start[i] .. */
    const size_t *vis;   /* visit of each row (sorted by subject) */
    const double *x;     /* n x p design */
    const double *y;
    double *vinv;                  /* per row block: V_i^-1 (k x k) at start */
    double *w;                     /* n x p: V_i^-1 X_i */
    double *a, *ainv, *fac, *beta; /* p x p (A, its inverse, its factor), p */
    double *l, *sigma, *g;         /* nv x nv */
};

/* The Cholesky factor of the covariance from theta (q values: row by
 * row, the lower triangle, the diagonal as its log). */
static void unpack(const struct fit *f, const double *theta, double *l)
{
    size_t t = f->nv, k = 0;
    memset(l, 0, t * t * sizeof *l);
    for (size_t i = 0; i < t; i++)
        for (size_t j = 0; j <= i; j++, k++)
            l[i * t + j] = i == j ? exp(theta[k]) : theta[k];
}

/* The REML log-likelihood at theta (without the constant), and its
 * gradient in grad (when not NULL). Returns 0 where it is undefined (a
 * covariance or X'V^-1 X not positive definite). */
static int reml(struct fit *f, const double *theta, double *ll, double *grad)
{
    size_t t = f->nv, p = f->p;
    double *l = f->l, *s = f->sigma;
    unpack(f, theta, l);
    for (size_t i = 0; i < t; i++)
        for (size_t j = 0; j < t; j++) {
            double v = 0;
            for (size_t k = 0; k <= (i < j ? i : j); k++)
                v += l[i * t + k] * l[j * t + k];
            s[i * t + j] = v;
        }
    double logdet = 0;
    double b[3 * SSP_MMRM_MAX_VISITS] = {0};
    memset(f->a, 0, p * p * sizeof *f->a);
    for (size_t i = 0; i < f->ns; i++) {
        size_t r0 = f->start[i], k = f->start[i + 1] - r0;
        double c[SSP_MMRM_MAX_VISITS * SSP_MMRM_MAX_VISITS];
        double z[SSP_MMRM_MAX_VISITS];
        for (size_t u = 0; u < k; u++)
            for (size_t v = 0; v < k; v++)
                c[u * k + v] = s[f->vis[r0 + u] * t + f->vis[r0 + v]];
        if (!chol(c, k, 1e-12))
            return 0;
        double *w = f->w + r0 * p, *vi = f->vinv + r0 * t;
        for (size_t u = 0; u < k; u++) {
            logdet += 2 * log(c[u * k + u]);
            memcpy(w + u * p, f->x + (r0 + u) * p, p * sizeof *w);
            z[u] = f->y[r0 + u];
            for (size_t v = 0; v < k; v++)
                vi[u * k + v] = u == v;
        }
        chol_solve(c, k, w, p);
        chol_solve(c, k, z, 1);
        chol_solve(c, k, vi, k);
        for (size_t u = 0; u < k; u++) {
            const double *xu = f->x + (r0 + u) * p;
            for (size_t a = 0; a < p; a++) {
                if (xu[a] == 0)
                    continue;
                b[a] += xu[a] * z[u];
                for (size_t c2 = 0; c2 < p; c2++)
                    f->a[a * p + c2] += xu[a] * w[u * p + c2];
            }
        }
    }
    double *ac = f->fac;
    memcpy(ac, f->a, p * p * sizeof *ac);
    if (!chol(ac, p, 1e-10))
        return 0;
    double logdeta = 0;
    for (size_t j = 0; j < p; j++)
        logdeta += 2 * log(ac[j * p + j]);
    memcpy(f->beta, b, p * sizeof *b);
    chol_solve(ac, p, f->beta, 1);
    for (size_t i = 0; i < p * p; i++)
        f->ainv[i] = i % (p + 1) == 0;
    chol_solve(ac, p, f->ainv, p);
    double quad = 0;
    double *g = f->g;
    memset(g, 0, t * t * sizeof *g);
    for (size_t i = 0; i < f->ns; i++) {
        size_t r0 = f->start[i], k = f->start[i + 1] - r0;
        double r[SSP_MMRM_MAX_VISITS], uu[SSP_MMRM_MAX_VISITS];
        const double *vi = f->vinv + r0 * t, *w = f->w + r0 * p;
        for (size_t u = 0; u < k; u++) {
            double e = f->y[r0 + u];
            for (size_t a = 0; a < p; a++)
                e -= f->x[(r0 + u) * p + a] * f->beta[a];
            r[u] = e;
        }
        for (size_t u = 0; u < k; u++) {
            double e = 0;
            for (size_t v = 0; v < k; v++)
                e += vi[u * k + v] * r[v];
            uu[u] = e;
            quad += r[u] * e;
        }
        if (!grad)
            continue;
        /* dl/dSigma = -1/2 sum E'(V^-1 - W A^-1 W' - u u')E */
        double wa[SSP_MMRM_MAX_VISITS * 3 * SSP_MMRM_MAX_VISITS];
        for (size_t v = 0; v < k; v++) /* W A^-1 */
            for (size_t a = 0; a < p; a++) {
                double e = 0;
                for (size_t c2 = 0; c2 < p; c2++)
                    e += f->ainv[a * p + c2] * w[v * p + c2];
                wa[v * p + a] = e;
            }
        for (size_t u = 0; u < k; u++)
            for (size_t v = 0; v < k; v++) {
                double h = 0;
                for (size_t a = 0; a < p; a++)
                    h += w[u * p + a] * wa[v * p + a];
                g[f->vis[r0 + u] * t + f->vis[r0 + v]] -=
                    0.5 * (vi[u * k + v] - h - uu[u] * uu[v]);
            }
    }
    *ll = -0.5 * (logdet + logdeta + quad);
    if (grad) { /* dl/dL = 2 G L, lower triangle; the diagonal by its log */
        size_t k = 0;
        for (size_t i = 0; i < t; i++)
            for (size_t j = 0; j <= i; j++, k++) {
                double d = 0;
                for (size_t m = j; m < t; m++)
                    d += g[i * t + m] * l[m * t + j];
                grad[k] = 2 * d * (i == j ? l[i * t + i] : 1);
            }
    }
    return isfinite(*ll);
}

/* Maximise the REML log-likelihood from theta; 1 when converged. */
static int maximise(struct fit *f, double *theta, int *iterations)
{
    size_t q = f->q;
    double *mem = malloc((5 * q + 2 * q * q) * sizeof *mem);
    if (!mem)
        return -1;
    double *g = mem, *gp = g + q, *gm = gp + q, *step = gm + q, *th = step + q;
    double *h = th + q, *m = h + q * q;
    double ll;
    int ok = 0;
    if (!reml(f, theta, &ll, g))
        goto done;
    for (int it = 0; it < 200; it++) {
        *iterations = it + 1;
        for (size_t a = 0; a < q; a++) { /* the Hessian, central */
            double e = 1e-5 * (fabs(theta[a]) > 1 ? fabs(theta[a]) : 1), x;
            memcpy(th, theta, q * sizeof *th);
            th[a] = theta[a] + e;
            if (!reml(f, th, &x, gp))
                goto done;
            th[a] = theta[a] - e;
            if (!reml(f, th, &x, gm))
                goto done;
            for (size_t b = 0; b < q; b++)
                h[b * q + a] = -(gp[b] - gm[b]) / (2 * e);
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < a; b++)
                h[a * q + b] = h[b * q + a] = (h[a * q + b] + h[b * q + a]) / 2;
        double dmax = 0;
        for (size_t a = 0; a < q; a++)
            dmax = fmax(dmax, fabs(h[a * q + a]));
        double lambda = 0, nll = ll, smax = 0;
        int moved = 0;
        for (int tries = 0; tries < 60 && !moved; tries++) {
            memcpy(m, h, q * q * sizeof *m);
            for (size_t a = 0; a < q; a++)
                m[a * q + a] += lambda;
            if (chol(m, q, 1e-14)) {
                memcpy(step, g, q * sizeof *step);
                chol_solve(m, q, step, 1);
                smax = 0;
                for (size_t a = 0; a < q; a++) {
                    th[a] = theta[a] + step[a];
                    smax = fmax(smax, fabs(step[a]));
                }
                if (smax < 1e-11) {
                    ok = 1;
                    goto done;
                }
                if (reml(f, th, &nll, NULL) && nll >= ll - 1e-13 * fabs(ll))
                    moved = 1;
            }
            if (!moved)
                lambda = lambda ? lambda * 4 : 1e-6 * (dmax > 0 ? dmax : 1);
        }
        if (!moved)
            goto done;
        memcpy(theta, th, q * sizeof *th);
        double old = ll;
        if (!reml(f, theta, &ll, g))
            goto done;
        if (smax < 1e-9 && fabs(ll - old) <= 1e-14 * fabs(ll)) {
            ok = 1;
            goto done;
        }
    }
done:
    free(mem);
    return ok;
}

static void visit_na(ssp_mmrm_visit *v)
{
    v->estimate = v->se = v->df = v->ci_low = v->ci_high = v->t = v->p = NAN;
}

/* Sorts the rows by subject, then visit (a counting sort). */
static size_t *order_rows(const size_t *subject, const size_t *visit, size_t n,
                          size_t ns, size_t *start)
{
    size_t *o = malloc(n * sizeof *o);
    if (!o)
        return NULL;
    memset(start, 0, (ns + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[subject[i] + 1]++;
    for (size_t i = 0; i < ns; i++)
        start[i + 1] += start[i];
    size_t *pos = malloc(ns * sizeof *pos);
    if (!pos) {
        free(o);
        return NULL;
    }
    memcpy(pos, start, ns * sizeof *pos);
    for (size_t i = 0; i < n; i++)
        o[pos[subject[i]]++] = i;
    free(pos);
    for (size_t i = 0; i < ns; i++) /* insertion sort of a few visits */
        for (size_t a = start[i] + 1; a < start[i + 1]; a++)
            for (size_t b = a; b > start[i] && visit[o[b - 1]] > visit[o[b]];
                 b--) {
                size_t x = o[b];
                o[b] = o[b - 1];
                o[b - 1] = x;
            }
    return o;
}

ssp_status ssp_test_mmrm(const double *y, const size_t *subject,
                         const size_t *visit, const unsigned char *arm,
                         const double *base, size_t n, size_t ns, size_t nv,
                         double level, ssp_mmrm *out, ssp_mmrm_visit *vout)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->visits = nv;
    size_t p = 3 * nv, q = nv * (nv + 1) / 2;
    size_t cnt[2][SSP_MMRM_MAX_VISITS] = {{0}};
    for (size_t v = 0; v < nv; v++) {
        memset(&vout[v], 0, sizeof vout[v]);
        visit_na(&vout[v]);
    }
    if (nv < 1 || nv > SSP_MMRM_MAX_VISITS)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        cnt[arm[i] != 0][visit[i]]++;
        vout[visit[i]].n++;
    }
    size_t *start = calloc(ns + 1, sizeof *start), *o = NULL;
    double *mem = NULL;
    if (!start)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        start[subject[i]] = 1;
    for (size_t i = 0; i < ns; i++)
        out->subjects += start[i];
    for (size_t v = 0; v < nv; v++)
        if (!cnt[0][v] || !cnt[1][v])
            out->notes |= SSP_NOTE_ARM_EMPTY;
    if (n <= p + q)
        out->notes |= SSP_NOTE_FEW_ROWS;
    if (out->notes) {
        free(start);
        return SSP_OK;
    }
    ssp_status st = SSP_EINTERNAL;
    o = order_rows(subject, visit, n, ns, start);
    size_t nm = n * p + n + n * p + n * nv + 3 * p * p + p + 3 * nv * nv + q;
    mem = o ? malloc(nm * sizeof *mem) : NULL;
    if (!mem)
        goto done;
    /* centred and scaled: the fit is invariant, the numbers tame */
    double my = 0, mb = 0, sy = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        my += y[i];
        mb += base[i];
    }
    my /= (double)n;
    mb /= (double)n;
    for (size_t i = 0; i < n; i++) {
        sy += (y[i] - my) * (y[i] - my);
        sb += (base[i] - mb) * (base[i] - mb);
    }
    sy = sqrt(sy / (double)n);
    sb = sqrt(sb / (double)n);
    if (!(sy > 0) || !(sb > 0)) {
        out->notes |= sy > 0 ? SSP_NOTE_RANK : SSP_NOTE_OUTCOME_CONSTANT;
        st = SSP_OK;
        goto done;
    }
    double *x = mem, *ys = x + n * p, *w = ys + n, *vinv = w + n * p;
    double *a = vinv + n * nv, *ainv = a + p * p, *fac = ainv + p * p;
    double *beta = fac + p * p;
    double *l = beta + p, *sigma = l + nv * nv, *g = sigma + nv * nv;
    double *theta = g + nv * nv;
    size_t *vis = malloc(n * sizeof *vis);
    if (!vis)
        goto done;
    memset(x, 0, n * p * sizeof *x);
    for (size_t r = 0; r < n; r++) {
        size_t i = o[r], v = visit[i];
        vis[r] = v;
        ys[r] = (y[i] - my) / sy;
        x[r * p + v] = 1;
        x[r * p + nv + v] = arm[i] != 0;
        x[r * p + 2 * nv + v] = (base[i] - mb) / sb;
    }
    for (size_t i = 0; i < ns; i++) /* one row per subject and visit */
        for (size_t r = start[i] + 1; r < start[i + 1]; r++)
            if (vis[r] == vis[r - 1]) {
                free(vis);
                st = SSP_EUSAGE;
                goto done;
            }
    struct fit f = {n,    ns, nv, p,    q,   start, vis, x,     ys,
                    vinv, w,  a,  ainv, fac, beta,  l,   sigma, g};
    /* start from the residual variances of least squares per visit */
    double s2[SSP_MMRM_MAX_VISITS] = {0};
    size_t k = 0;
    for (size_t i = 0; i < q; i++)
        theta[i] = 0;
    double ll;
    if (reml(&f, theta, &ll, NULL)) {
        for (size_t r = 0; r < n; r++) {
            double e = ys[r];
            for (size_t c = 0; c < p; c++)
                e -= x[r * p + c] * beta[c];
            s2[vis[r]] += e * e;
        }
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j <= i; j++, k++)
                theta[k] = i == j && s2[i] > 0
                               ? 0.5 * log(s2[i] / (double)vout[i].n)
                               : 0;
    } else {
        out->notes |= SSP_NOTE_RANK;
        free(vis);
        st = SSP_OK;
        goto done;
    }
    int conv = maximise(&f, theta, &out->iterations);
    if (conv < 0) {
        free(vis);
        goto done;
    }
    if (!conv || !reml(&f, theta, &ll, NULL)) {
        out->notes |= SSP_NOTE_NO_CONVERGE;
        free(vis);
        st = SSP_OK;
        goto done;
    }
    free(vis);
    double df = (double)(n - p);
    double qt = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, df);
    for (size_t v = 0; v < nv; v++) {
        ssp_mmrm_visit *r = &vout[v];
        size_t c = nv + v;
        r->estimate = beta[c] * sy;
        r->se = sqrt(ainv[c * p + c]) * sy;
        r->df = df;
        r->t = r->estimate / r->se;
        r->p = 2 * gsl_cdf_tdist_Q(fabs(r->t), df);
        r->ci_low = r->estimate - qt * r->se;
        r->ci_high = r->estimate + qt * r->se;
    }
    st = SSP_OK;
done:
    free(o);
    free(mem);
    free(start);
    return st;
}
