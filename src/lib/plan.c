/* plan.c: evaluation plans (ssp-plan(5)): read and checked, then judged
 * criterion by criterion on indicator results. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ssp/plan.h"
#include "ssp/schema.h"

static const char *const roles[] = {"primary", "secondary", "monitoring",
                                    NULL};
static const char *const requires[] = {
    "significant_improvement", "estimate_at_least", "estimate_at_most",
    "ci_low_at_least", "ci_high_at_most", NULL};

static int one_of(const char *s, const char *const *list)
{
    for (size_t i = 0; s && list[i]; i++)
        if (!strcmp(s, list[i]))
            return (int)i;
    return -1;
}

static const char *text(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static double num(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void *refuse(json_t *plan, ssp_error *err, const char *path,
                    const char *what, const char *detail)
{
    ssp_error_set(err, SSP_EUSAGE, path, 0, 0, "%s%s", what, detail);
    json_decref(plan);
    return NULL;
}

void *ssp_plan_load(const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *p = json_load_file(path, 0, &je);
    if (!p) {
        FILE *fp = fopen(path, "r");
        if (!fp)
            ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot read the plan");
        else {
            fclose(fp);
            ssp_error_set(err, SSP_EUSAGE, path, je.line, je.column, "%s",
                          je.text);
        }
        return NULL;
    }
    static const char *const top[] = {
        "format", "title", "firm", "technology", "region", "period", "alpha",
        "level", "adjust", "min_completers", "disclosure", "criteria", NULL};
    static const char *const crit[] = {"id", "role", "indicator", "arm",
                                       "require", "value", "min_change",
                                       "note", NULL};
    const char *k;
    if (!json_is_object(p))
        return refuse(p, err, path, "a plan is a JSON object", "");
    if ((k = ssp_json_unknown_key(p, top)))
        return refuse(p, err, path, "not a member of a plan: ", k);
    if (!text(p, "format") || strcmp(text(p, "format"), "ssp-plan-1"))
        return refuse(p, err, path, "'format' must be \"ssp-plan-1\"", "");
    json_t *firm = json_object_get(p, "firm"), *per = json_object_get(p, "period");
    if (!text(firm, "name_ko") || !text(firm, "name_en"))
        return refuse(p, err, path, "'firm' needs name_ko and name_en", "");
    if (!text(p, "technology") || !text(p, "region"))
        return refuse(p, err, path, "the plan names no technology or region",
                      "");
    double d;
    if (!text(per, "from") || !text(per, "to") ||
        !ssp_iso_date(text(per, "from"), strlen(text(per, "from")), &d) ||
        !ssp_iso_date(text(per, "to"), strlen(text(per, "to")), &d))
        return refuse(p, err, path, "'period' needs from and to dates", "");
    /* Defaults, written into the plan so the certificate shows them. */
    if (!json_object_get(p, "alpha"))
        json_object_set_new(p, "alpha", json_real(0.05));
    if (!json_object_get(p, "level"))
        json_object_set_new(p, "level", json_real(0.95));
    if (!json_object_get(p, "adjust"))
        json_object_set_new(p, "adjust", json_string("holm"));
    if (!json_object_get(p, "min_completers"))
        json_object_set_new(p, "min_completers", json_integer(0));
    if (!json_object_get(p, "disclosure"))
        json_object_set_new(p, "disclosure",
                            json_pack("{s:i, s:i}", "min_cell", 5, "min_n",
                                      10));
    double a = num(p, "alpha"), lv = num(p, "level");
    json_t *dis = json_object_get(p, "disclosure");
    if (!(a > 0 && a < 1) || !(lv > 0 && lv < 1))
        return refuse(p, err, path, "'alpha' and 'level' lie between 0 and 1",
                      "");
    if (!json_is_integer(json_object_get(p, "min_completers")) ||
        !json_is_integer(json_object_get(dis, "min_cell")) ||
        !json_is_integer(json_object_get(dis, "min_n")))
        return refuse(p, err, path,
                      "'min_completers' and 'disclosure' min_cell, min_n are "
                      "whole numbers",
                      "");
    json_t *cs = json_object_get(p, "criteria"), *c;
    size_t i;
    if (!json_is_array(cs) || !json_array_size(cs))
        return refuse(p, err, path, "the plan has no criteria", "");
    json_array_foreach(cs, i, c)
    {
        const char *id = text(c, "id");
        if (!json_is_object(c) || !id)
            return refuse(p, err, path, "a criterion has no id", "");
        if ((k = ssp_json_unknown_key(c, crit)))
            return refuse(p, err, path, "not a member of a criterion: ", k);
        if (one_of(text(c, "role"), roles) < 0)
            return refuse(p, err, path, id,
                          ": 'role' is primary, secondary or monitoring");
        if (!text(c, "indicator"))
            return refuse(p, err, path, id, ": no indicator");
        int r = one_of(text(c, "require"), requires);
        if (r < 0)
            return refuse(p, err, path, id,
                          ": 'require' is significant_improvement, "
                          "estimate_at_least, estimate_at_most, "
                          "ci_low_at_least or ci_high_at_most");
        if (r > 0 && isnan(num(c, "value")))
            return refuse(p, err, path, id, ": a number 'value' is needed");
        if (json_object_get(c, "min_change") &&
            !(num(c, "min_change") >= 0))
            return refuse(p, err, path, id, ": 'min_change' is 0 or more");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(text(json_array_get(cs, j), "id"), id))
                return refuse(p, err, path, id, ": the id is used twice");
    }
    return p;
}

/* The result row of an indicator for the plan's technology and region,
 * in arm (default intervention; an indicator with rows of no arm, such as
 * the manifest's, matches those), without disaggregation. */
static const json_t *find(const json_t *results, const char *code,
                          const char *tech, const char *region,
                          const char *arm)
{
    const json_t *any = NULL, *r;
    size_t i;
    json_array_foreach(json_object_get(results, "results"), i, r)
    {
        const char *k;
        json_t *v;
        int margin = 1;
        json_object_foreach(json_object_get(r, "by"), k, v) margin &=
            json_is_null(v);
        if (!margin || strcmp(text(r, "indicator") ?: "", code) ||
            strcmp(text(r, "technology") ?: "", tech) ||
            strcmp(text(r, "region") ?: "", region))
            continue;
        const char *ra = text(r, "arm") ?: "";
        if (!strcmp(ra, arm))
            return r;
        if (!*ra)
            any = r;
    }
    return any;
}

static const char *fmt_num(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", v);
    return buf;
}

/* The rule in words (Korean, as the certificate shows it). */
static void rule(const json_t *c, const json_t *row, double alpha, char *buf,
                 size_t n)
{
    char a[32], b[32];
    double v = num(c, "value"), mc = num(c, "min_change");
    const char *dir = row ? text(row, "direction") : NULL;
    const char *unit = row ? text(row, "unit") : "";
    switch (one_of(text(c, "require"), requires)) {
    case 0:
        if (!isnan(mc) && mc > 0)
            snprintf(buf, n, "보정 p < %s, 변화 %s %s%s %s",
                     fmt_num(alpha, a, sizeof a),
                     dir && !strcmp(dir, "lower") ? "≤" : "≥",
                     dir && !strcmp(dir, "lower") ? "−" : "",
                     fmt_num(mc, b, sizeof b), unit ? unit : "");
        else
            snprintf(buf, n, "보정 p < %s, 개선 방향",
                     fmt_num(alpha, a, sizeof a));
        break;
    case 1: snprintf(buf, n, "추정값 ≥ %s", fmt_num(v, a, sizeof a)); break;
    case 2: snprintf(buf, n, "추정값 ≤ %s", fmt_num(v, a, sizeof a)); break;
    case 3: snprintf(buf, n, "신뢰구간 하한 ≥ %s", fmt_num(v, a, sizeof a)); break;
    default: snprintf(buf, n, "신뢰구간 상한 ≤ %s", fmt_num(v, a, sizeof a));
    }
}

/* met (1), not met (0) or not evaluable (-1), and why. */
static int judge(const json_t *c, const json_t *row, double alpha, char *why,
                 size_t n)
{
    *why = '\0';
    if (!row) {
        snprintf(why, n, "no such result (is the indicator in the catalogue "
                         "and the technology in the data?)");
        return -1;
    }
    if (json_is_true(json_object_get(row, "suppressed"))) {
        snprintf(why, n, "suppressed by disclosure control: %s",
                 text(row, "note") ?: "");
        return -1;
    }
    double est = num(row, "estimate"), lo = num(row, "ci_low"),
           hi = num(row, "ci_high"), p = num(row, "p_adjusted"),
           v = num(c, "value");
    int r = one_of(text(c, "require"), requires);
    double x = r == 0 ? p : r <= 2 ? est : r == 3 ? lo : hi;
    if (r == 0 && isnan(p))
        x = p = num(row, "p");
    if (isnan(x) || (r == 0 && isnan(est))) {
        snprintf(why, n, "no value (%s)", text(row, "note") ?: "");
        return -1;
    }
    char a[32], b[32];
    switch (r) {
    case 0: {
        const char *dir = text(row, "direction") ?: "none";
        int better = !strcmp(dir, "higher") ? 1 : !strcmp(dir, "lower") ? -1 : 0;
        double mc = num(c, "min_change");
        if (!(p < alpha))
            snprintf(why, n, "p %s is not below %s", fmt_num(p, a, sizeof a),
                     fmt_num(alpha, b, sizeof b));
        else if (better == 0)
            snprintf(why, n, "the indicator has no better direction");
        else if (est * better <= 0)
            snprintf(why, n, "the change is in the worse direction");
        else if (!isnan(mc) && est * better < mc)
            snprintf(why, n, "the change %s is smaller than %s",
                     fmt_num(est, a, sizeof a), fmt_num(mc, b, sizeof b));
        return !*why;
    }
    case 1:
    case 3:
        if (!(x >= v))
            snprintf(why, n, "%s is below %s", fmt_num(x, a, sizeof a),
                     fmt_num(v, b, sizeof b));
        return x >= v;
    default:
        if (!(x <= v))
            snprintf(why, n, "%s is above %s", fmt_num(x, a, sizeof a),
                     fmt_num(v, b, sizeof b));
        return x <= v;
    }
}

static json_t *copy_num(const json_t *row, const char *k)
{
    json_t *v = row ? json_object_get(row, k) : NULL;
    return json_is_number(v) ? json_copy(v) : json_null();
}

/* The results must be computed as the plan asks. */
static int same_parameters(const json_t *plan, const json_t *results,
                           ssp_error *err)
{
    json_t *rp = json_object_get(results, "parameters");
    json_t *dis = json_object_get(plan, "disclosure");
    const char *adj = text(rp, "adjust");
    if (num(rp, "level") != num(plan, "level"))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were computed at level %g, the plan asks "
                      "for %g: run ssp indicators --level %g",
                      num(rp, "level"), num(plan, "level"),
                      num(plan, "level"));
    else if (!adj || strcmp(adj, text(plan, "adjust")))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were adjusted by %s, the plan asks for "
                      "%s: run ssp indicators --adjust %s",
                      adj ? adj : "nothing", text(plan, "adjust"),
                      text(plan, "adjust"));
    else if (!(num(rp, "min_cell") >= num(dis, "min_cell")) ||
             !(num(rp, "min_n") >= num(dis, "min_n")))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were computed with --min-cell %g --min-n "
                      "%g, the plan asks for at least %g and %g",
                      num(rp, "min_cell"), num(rp, "min_n"),
                      num(dis, "min_cell"), num(dis, "min_n"));
    else
        return 1;
    return 0;
}

void *ssp_plan_judge(const void *plan_, const void *results_, ssp_error *err)
{
    const json_t *plan = plan_, *results = results_;
    if (!same_parameters(plan, results, err))
        return NULL;
    const char *tech = text(plan, "technology"), *region = text(plan, "region");
    double alpha = num(plan, "alpha");
    json_t *out = json_object(), *crits = json_array(), *missing = json_array();
    int verdict = 1;
    const json_t *c;
    size_t i;
    json_array_foreach(json_object_get(plan, "criteria"), i, c)
    {
        const char *arm = text(c, "arm") ?: "intervention";
        const json_t *row = find(results, text(c, "indicator"), tech, region,
                                 arm);
        char why[256], words[160];
        int o = judge(c, row, alpha, why, sizeof why);
        rule(c, row, alpha, words, sizeof words);
        const char *role = text(c, "role");
        if (strcmp(role, "monitoring") && o != 1)
            verdict = 0;
        if (o < 0)
            json_array_append_new(
                missing, json_pack("{s:s, s:s}", "criterion", text(c, "id"),
                                   "why", why));
        json_t *e = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
            text(c, "id"), "role", role, "indicator", text(c, "indicator"),
            "label", row ? text(row, "label") ?: "" : "", "arm",
            row ? text(row, "arm") ?: "" : arm, "unit",
            row ? text(row, "unit") ?: "" : "", "direction",
            row ? text(row, "direction") ?: "" : "", "rule", words, "outcome",
            o > 0 ? "met" : o == 0 ? "not_met" : "not_evaluable", "reason",
            why);
        const char *const copy[] = {"require", "value", "min_change"};
        for (size_t k = 0; k < 3; k++)
            if (json_object_get(c, copy[k]))
                json_object_set(e, copy[k], json_object_get(c, copy[k]));
        const char *const nums[] = {"n", "estimate", "ci_low", "ci_high", "p",
                                    "p_adjusted"};
        for (size_t k = 0; k < 6; k++)
            json_object_set_new(e, nums[k], copy_num(row, nums[k]));
        json_array_append_new(crits, e);
    }
    /* Participants: the intervention arm's enrolled and assessed at
     * endline (DQ_ENDLINE). */
    const json_t *dq = find(results, "DQ_ENDLINE", tech, region, "intervention");
    json_t *minc = json_object_get(plan, "min_completers");
    double done = dq && !json_is_true(json_object_get(dq, "suppressed"))
                      ? num(dq, "numerator")
                      : NAN;
    json_t *part = json_pack("{s:o, s:o, s:O}", "enrolled",
                             copy_num(dq, "denominator"), "completers",
                             copy_num(dq, "numerator"), "min_completers",
                             minc);
    if (json_integer_value(minc) > 0 &&
        !(done >= (double)json_integer_value(minc))) {
        verdict = 0;
        char why[160];
        if (isnan(done))
            snprintf(why, sizeof why, "the completers (DQ_ENDLINE) are not "
                                      "known");
        else
            snprintf(why, sizeof why, "%g completers, the plan needs %lld",
                     done, (long long)json_integer_value(minc));
        json_array_append_new(missing, json_pack("{s:s, s:s}", "criterion",
                                                 "min_completers", "why", why));
    }
    json_object_set_new(out, "participants", part);
    json_object_set_new(out, "criteria", crits);
    json_object_set_new(out, "missing", missing);
    json_object_set_new(out, "verdict",
                        json_string(verdict ? "met" : "not_met"));
    return out;
}
