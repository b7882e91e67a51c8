/* power.c: power and sample size of t tests, computed as R's power.t.test
 * computes them (R 4.2: src/library/stats/R/power.R, src/nmath/pnt.c,
 * src/library/stats/src/zeroin.c), so that the numbers agree with R's to
 * rounding and not merely to the root finder's tolerance. */
#include "ssp/power.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <string.h>

static const char *const names[] = {"paired", "two-sample", "ancova"};

int ssp_power_parse(const char *name, ssp_power_test *t)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, names[i])) {
            *t = (ssp_power_test)i;
            return 1;
        }
    return 0;
}

const char *ssp_power_name(ssp_power_test t)
{
    return (unsigned)t < 3 ? names[t] : "?";
}

/* The upper quantile of the central t: GSL's, then Newton steps on GSL's
 * tail (GSL's inverse alone stops near 1e-10 relative; R's qt is exact
 * to rounding, and the root finder follows these values). */
static double qt_upper(double p, double df)
{
    double x = gsl_cdf_tdist_Qinv(p, df);
    for (int i = 0; i < 4 && isfinite(x); i++) {
        double d = gsl_ran_tdist_pdf(x, df);
        if (!(d > 0))
            break;
        double step = (gsl_cdf_tdist_Q(x, df) - p) / d;
        x += step;
        if (fabs(step) <= 4 * DBL_EPSILON * fabs(x))
            break;
    }
    return x;
}

double ssp_pnt(double t, double df, double ncp, int lower)
{
    const int itrmax = 1000;
    const double errmax = 1e-12;
    double a, b, del, errbd, lambda, rxb, tt, x, albeta;
    long double geven, godd, p, q, s, tnc, xeven, xodd;
    int negdel;

    if (!(df > 0))
        return NAN;
    if (ncp == 0.0)
        return lower ? gsl_cdf_tdist_P(t, df) : gsl_cdf_tdist_Q(t, df);
    if (!isfinite(t))
        return (t < 0) == !lower ? 1.0 : 0.0;
    if (t >= 0) {
        negdel = 0;
        tt = t;
        del = ncp;
    } else {
        /* pt(t, df, ncp) <= pt(0, df, ncp) = Phi(-ncp) */
        if (ncp > 40 && !lower)
            return 1.0;
        if (ncp > 40)
            return 0.0;
        negdel = 1;
        tt = -t;
        del = -ncp;
    }
    if (df > 4e5 || del * del > 2 * M_LN2 * -(DBL_MIN_EXP)) {
        /* Abramowitz and Stegun 26.7.10 */
        double s1 = 1. / (4. * df);
        double sd = sqrt(1. + tt * tt * 2. * s1), z = tt * (1. - s1) - del;
        return (lower != negdel) ? gsl_cdf_gaussian_P(z, sd)
                                 : gsl_cdf_gaussian_Q(z, sd);
    }
    /* the twin series of Guenther (1978) */
    x = t * t;
    rxb = df / (x + df); /* 1 - x below, more accurately */
    x = x / (x + df);
    if (x > 0.) {
        lambda = del * del;
        p = .5 * exp(-.5 * lambda);
        if (p == 0.) /* underflow: R returns 0 for the lower tail */
            return (lower != negdel) ? 0.0 : 1.0;
        q = sqrt(2 / M_PI) * p * del;
        s = .5 - p;
        if (s < 1e-7)
            s = -0.5 * expm1(-0.5 * lambda);
        a = .5;
        b = .5 * df;
        rxb = pow(rxb, b);
        albeta = 0.5 * log(M_PI) + lgamma(b) - lgamma(.5 + b);
        xodd = gsl_sf_beta_inc(a, b, x);
        godd = 2. * rxb * exp(a * log(x) - albeta);
        tnc = b * x;
        xeven = (tnc < DBL_EPSILON) ? tnc : 1. - rxb;
        geven = tnc * rxb;
        tnc = p * xodd + q * xeven;
        for (int it = 1; it <= itrmax; it++) {
            a += 1.;
            xodd -= godd;
            xeven -= geven;
            godd *= x * (a + b - 1.) / a;
            geven *= x * (a + b - .5) / (a + .5);
            p *= lambda / (2 * it);
            q *= lambda / (2 * it + 1);
            tnc += p * xodd + q * xeven;
            s -= p;
            if (s < -1.e-10) /* rounding: R warns and stops here too */
                break;
            if (s <= 0 && it > 1)
                break;
            errbd = (double)(2. * s * (xodd - godd));
            if (fabs(errbd) < errmax)
                break;
        }
    } else {
        tnc = 0.;
    }
    tnc += gsl_cdf_ugaussian_P(-del);
    double tmp = fmin((double)tnc, 1.);
    return (lower != negdel) ? tmp : (0.5 - tmp + 0.5);
}

double ssp_power_at(const ssp_power *p, double n, double delta)
{
    double tsample = p->test == SSP_POWER_PAIRED ? 1 : 2;
    double sd = p->sd, nu;
    if (p->test == SSP_POWER_ANCOVA) {
        sd *= sqrt(1 - p->r * p->r);
        nu = fmax(1e-7, 2 * n - 3);
    } else {
        nu = fmax(1e-7, n - 1) * tsample;
    }
    double tside = p->one_sided ? 1 : 2;
    double ncp = sqrt(n / tsample) * delta / sd;
    double qu = qt_upper(p->alpha / tside, nu);
    double pw = ssp_pnt(qu, nu, ncp, 0);
    if (p->strict && !p->one_sided)
        pw += ssp_pnt(-qu, nu, ncp, 1);
    return pw;
}

/* What the root finder varies. */
struct target {
    const ssp_power *p;
    int solve_n;
};

static double f_target(double x, const struct target *t)
{
    return t->solve_n ? ssp_power_at(t->p, x, t->p->delta) - t->p->power
                      : ssp_power_at(t->p, t->p->n, x) - t->p->power;
}

/* R_zeroin2, Brent's method as R's uniroot runs it, step for step. */
static double zeroin(double ax, double bx, double fa, double fb,
                     const struct target *tg, double tol, int maxit)
{
    double a = ax, b = bx, c = a, fc = fa;
    maxit += 1;
    if (fa == 0.0)
        return a;
    if (fb == 0.0)
        return b;
    while (maxit--) {
        double prev_step = b - a, tol_act, p, q, new_step;
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        tol_act = 2 * DBL_EPSILON * fabs(b) + tol / 2;
        new_step = (c - b) / 2;
        if (fabs(new_step) <= tol_act || fb == 0.0)
            return b;
        if (fabs(prev_step) >= tol_act && fabs(fa) > fabs(fb)) {
            double t1, cb, t2;
            cb = c - b;
            if (a == c) {
                t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                q = fa / fc;
                t1 = fb / fc;
                t2 = fb / fa;
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            if (p < (0.75 * cb * q - fabs(tol_act * q) / 2) &&
                p < fabs(prev_step * q / 2))
                new_step = p / q;
        }
        if (fabs(new_step) < tol_act)
            new_step = new_step > 0 ? tol_act : -tol_act;
        a = b;
        fa = fb;
        b += new_step;
        fb = f_target(b, tg);
        if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
            c = a;
            fc = fa;
        }
    }
    return b; /* not converged in maxit steps: R warns and returns b */
}

static int isset(double x)
{
    return !isnan(x);
}

ssp_status ssp_power_solve(ssp_power *p, ssp_error *e)
{
    int given = isset(p->n) + isset(p->delta) + isset(p->power);
    if (given != 2)
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "give exactly two of --delta, --n and --power "
                             "(the third is solved)");
    if (!(p->sd > 0 && isfinite(p->sd)))
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "--sd must be a positive number");
    if (!(p->alpha > 0 && p->alpha < 1))
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "--alpha must lie strictly between 0 and 1");
    if (p->test == SSP_POWER_ANCOVA && !(p->r > -1 && p->r < 1))
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "ancova needs --r, the baseline-outcome "
                             "correlation, strictly between -1 and 1");
    if (isset(p->n) && !(p->n >= 2 && p->n <= 1e7))
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "--n must be a number from 2 to 1e7");
    if (isset(p->power) && !(p->power > 0 && p->power < 1))
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             "--power must lie strictly between 0 and 1");
    if (isset(p->delta)) {
        if (!p->one_sided)
            p->delta = fabs(p->delta); /* as power.t.test */
        if (!(p->delta > 0 && isfinite(p->delta)))
            return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                                 "--delta must be a positive number (a "
                                 "one-sided test looks in its direction)");
    }
    const double tol = pow(DBL_EPSILON, 0.25); /* uniroot's default */
    if (!isset(p->power)) {
        p->power = ssp_power_at(p, p->n, p->delta);
        p->n_enrol = ceil(p->n);
        return SSP_OK;
    }
    struct target tg = {p, !isset(p->n)};
    double lo = tg.solve_n ? 2 : p->sd * 1e-7;
    double hi = tg.solve_n ? 1e7 : p->sd * 1e7;
    double flo = f_target(lo, &tg), fhi = f_target(hi, &tg);
    /* uniroot's extendInt = "upX" would go past the bracket; those
     * answers are no sample size or effect to plan with */
    if (flo > 0)
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             tg.solve_n
                                 ? "power %g is reached with fewer than 2 "
                                   "(n = 2 has power %.6g already)"
                                 : "power %g is below the power at no effect "
                                   "(%.6g)",
                             p->power, flo + p->power);
    if (fhi < 0)
        return ssp_error_set(e, SSP_EUSAGE, NULL, 0, 0,
                             tg.solve_n ? "power %g is not reached by n = 1e7"
                                        : "power %g is not reached by any "
                                          "delta up to 1e7 sd",
                             p->power);
    double x = zeroin(lo, hi, flo, fhi, &tg, tol, 1000);
    if (tg.solve_n) {
        p->n = x;
        /* the least whole n reaching the power: ceil(n) unless the root
         * finder's tolerance straddles a whole number */
        double m = fmax(2, ceil(x));
        while (m > 2 && ssp_power_at(p, m - 1, p->delta) >= p->power)
            m--;
        while (ssp_power_at(p, m, p->delta) < p->power)
            m++;
        p->n_enrol = m;
    } else {
        p->delta = x;
        p->n_enrol = ceil(p->n);
    }
    return SSP_OK;
}

double ssp_power_se(double delta, double se, double df, double alpha,
                    double min_effect)
{
    if (!(se > 0) || !(df > 0) || !(alpha > 0 && alpha < 1) || isnan(delta) ||
        !(min_effect >= 0))
        return NAN;
    double q = qt_upper(alpha / 2, df), m = min_effect / se;
    return ssp_pnt(q > m ? q : m, df, fabs(delta) / se, 0);
}

double ssp_mde_se(double se, double df, double alpha, double power,
                  double min_effect)
{
    if (!(se > 0) || !(df > 0) || !(alpha > 0 && alpha < 1) ||
        !(power > alpha / 2 && power < 1) || !(min_effect >= 0))
        return NAN;
    double lo = 0, hi = se + min_effect;
    while (ssp_power_se(hi, se, df, alpha, min_effect) < power &&
           hi < 1e7 * (se + min_effect))
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (ssp_power_se(mid, se, df, alpha, min_effect) < power)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
