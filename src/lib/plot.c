/* plot.c: the charts of ssp plot: data from the results of ssp indicators
 * and from canonical datasets, drawn by gnuplot scripts with the data
 * inline. Every text that comes from the data reaches gnuplot in single
 * quotes, where gnuplot substitutes nothing (no `command`, no @macro). */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ssp/csv.h"
#include "ssp/dtable.h"
#include "ssp/num.h"
#include "ssp/plot.h"
#include "ssp/schema.h"
#include "ssp/strmap.h"

#define NONE ((size_t)-1)

/* ---- names of codes ----------------------------------------------------- */

struct name {
    const char *code, *ko, *en;
    unsigned rgb;
};

/* The six technologies in the pilot's order, with the Okabe-Ito colours
 * (distinguishable with colour-blindness). */
static const struct name techs[] = {
    {"huggy_vest", "돌봄조끼", "care vest", 0xE69F00},
    {"food_scanner", "AI 푸드스캐너", "food scanner", 0x56B4E9},
    {"cognitive_kiosk", "인지건강 키오스크", "cognitive kiosk", 0x009E73},
    {"smart_diaper", "스마트 기저귀", "smart diaper", 0xCC79A7},
    {"exercise_bike", "꿈의 자전거", "exercise bicycle", 0x0072B2},
    {"ai_band_speaker", "AI 밴드·스피커", "AI band + speaker", 0xD55E00},
    {NULL, NULL, NULL, 0}};

static const struct name regions[] = {
    {"hongcheon", "홍천군", "Hongcheon", 0},
    {"andong", "안동시", "Andong", 0},
    {"dangjin", "당진시", "Dangjin", 0},
    {"geumsan", "금산군", "Geumsan", 0},
    {"dongducheon", "동두천시", "Dongducheon", 0},
    {NULL, NULL, NULL, 0}};

static const struct name arms[] = {
    {"intervention", "실험군", "intervention", 0},
    {"comparison", "대조군", "comparison", 0},
    {"intervention-comparison", "군간 차이", "difference", 0},
    {NULL, NULL, NULL, 0}};

static const struct name foods[] = {
    {"rice", "밥", "rice", 0},
    {"soup", "국", "soup", 0},
    {"main_dish", "주찬", "main dish", 0},
    {"vegetable_side", "채소 반찬", "vegetable side", 0},
    {"kimchi", "김치", "kimchi", 0},
    {"fruit", "과일", "fruit", 0},
    {"dairy", "유제품", "dairy", 0},
    {"other", "기타", "other", 0},
    {NULL, NULL, NULL, 0}};

static const char *const safety_kinds[] = {
    "emergency_alert", "fall_risk",      "sos", "low_activity",
    "no_response",     "device_offline", NULL};

/* Colours of what is not a technology. */
#define GREY 0x999999u
#define DARK 0x333333u
#define OTHER 0x666666u
#define MCID_RGB 0x7B3294u
#define TARGET_RGB 0xC0392Bu

static size_t find_name(const struct name *t, const char *code)
{
    for (size_t i = 0; t[i].code; i++)
        if (!strcmp(t[i].code, code))
            return i;
    return NONE;
}

/* ---- the run's state ---------------------------------------------------- */

struct subj {
    size_t tech, region, arm; /* interned */
    double enrolled, exited;  /* days; exited NaN while enrolled */
};

struct meas {
    size_t subj, instr, seq; /* seq: order read, the last one wins */
    int phase;               /* 0 baseline, 1 endline */
    double score;
};

struct uday {
    size_t subj;
    double day;
};

struct food {
    size_t subj, cat; /* cat interned, NONE: all food (served_g) */
    int left;         /* leftover_g (else served_g) */
    double g;
};

struct val {
    size_t subj;
    double v;
};

/* An indicator of the catalogue. */
struct ind {
    const char *code, *type, *instr, *ko, *en, *from, *to;
};

/* An instrument of instruments.json. */
struct instr {
    const char *code, *ko, *en, *unit;
    int better;  /* 1 higher, -1 lower, 0 unknown */
    double mcid; /* NaN: none */
};

struct ssp_plot {
    ssp_plot_options o;
    int en;
    char terminal[256];
    int font; /* base font size, points */
    json_t *results, *catalogue, *instruments;
    double level;
    struct ind *ind;
    size_t nind;
    struct instr *ins;
    size_t nins;
    ssp_strmap vals; /* interned text, each key ending in its NUL */
    ssp_strmap ids;  /* subject ids */
    struct subj *s;
    size_t ns, scap;
    struct meas *m;
    size_t nm, mcap;
    struct uday *u;
    size_t nu, ucap;
    struct food *f;
    size_t nf, fcap;
    struct val *vtc; /* void_to_change_minutes */
    size_t nvtc, vtccap;
    struct val *alert; /* minutes to acknowledge (NaN: never) */
    size_t nalert, alertcap;
    size_t ndatasets;
    char **notes;
    size_t nnotes, notecap;
    size_t v_int, v_cmp; /* interned "intervention", "comparison" */
};

static ssp_status intern(ssp_plot *x, const char *s, size_t len, size_t *idx,
                         ssp_error *err)
{
    return ssp_intern(&x->vals, s, len, idx, err);
}

static const char *str(const ssp_plot *x, size_t i)
{
    size_t len;
    return ssp_strmap_key(&x->vals, i, &len);
}

static void *grow(void *p, size_t *cap, size_t n, size_t elem)
{
    return n < *cap ? p : ssp_grow(p, cap, n + 1, elem);
}

static ssp_status note(ssp_plot *x, ssp_error *err, const char *fmt, ...)
    SSP_PRINTF(3, 4);

static ssp_status note(ssp_plot *x, ssp_error *err, const char *fmt, ...)
{
    char **n = grow(x->notes, &x->notecap, x->nnotes, sizeof *x->notes);
    if (!n)
        return ssp_error_nomem(err);
    x->notes = n;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&x->notes[x->nnotes], fmt, ap);
    va_end(ap);
    if (rc < 0)
        return ssp_error_nomem(err);
    x->nnotes++;
    return SSP_OK;
}

size_t ssp_plot_nnotes(const ssp_plot *x)
{
    return x->nnotes;
}
const char *ssp_plot_note(const ssp_plot *x, size_t i)
{
    return x->notes[i];
}

static const char *const chart_names[SSP_NCHARTS] = {
    "forest",   "prepost",     "utilization",
    "response", "plate-waste", "void-to-change"};

const char *ssp_plot_chart_name(int chart)
{
    return chart_names[chart];
}

const char *ssp_plot_format_ext(ssp_plot_format f)
{
    return f == SSP_PLOT_SVG ? "svg" : f == SSP_PLOT_PDF ? "pdf" : "png";
}

const char *ssp_plot_terminal(const ssp_plot *x)
{
    return x->terminal;
}

/* A code's name in the run's language, or the code. */
static const char *label(const ssp_plot *x, const struct name *t,
                         const char *code)
{
    size_t i = find_name(t, code);
    return i == NONE ? code : x->en ? t[i].en : t[i].ko;
}

const char *ssp_plot_name(const char *code, int en)
{
    const struct name *const tables[] = {techs, regions, arms};
    for (size_t k = 0; k < 3; k++) {
        size_t i = find_name(tables[k], code);
        if (i != NONE)
            return en ? tables[k][i].en : tables[k][i].ko;
    }
    return code;
}

/* The units of instruments.json, in Korean. */
static const struct name units[] = {{"points", "점", "points", 0},
                                    {"points (mean item score)",
                                     "점 (문항 평균)",
                                     "points (mean item score)", 0},
                                    {"stands", "회", "stands", 0},
                                    {"s", "초", "s", 0},
                                    {NULL, NULL, NULL, 0}};

static const char *unit_name(const ssp_plot *x, const char *unit)
{
    return label(x, units, unit);
}

/* Korean or English. */
static const char *L(const ssp_plot *x, const char *ko, const char *en)
{
    return x->en ? en : ko;
}

/* ---- the catalogues ----------------------------------------------------- */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The JSON of path ("-": standard input, named "<stdin>"). */
static json_t *load_json(const char *path, ssp_status missing, ssp_error *err)
{
    json_error_t je;
    int in = !strcmp(path, "-");
    json_t *root = in ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &je)
                      : json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (root)
        return root;
    if (ssp_json_nomem(&je))
        ssp_error_nomem(err);
    else if (in)
        ssp_error_set(err, SSP_EUSAGE, "<stdin>", je.line, je.column, "%s",
                      je.text);
    else if (access(path, R_OK) != 0)
        ssp_error_set(err, missing, path, 0, 0, "cannot read: %m");
    else
        ssp_error_set(err, SSP_EUSAGE, path, je.line, je.column, "%s", je.text);
    return NULL;
}

static ssp_status load_catalogue(ssp_plot *x, ssp_error *err)
{
    json_t *cat = json_object_get(x->results, "catalogue");
    const char *path = jstr(cat, "path");
    char *shipped = NULL;
    const char *gone = path && access(path, R_OK) != 0 ? path : NULL;
    if (gone)
        path = NULL;
    if (!path) {
        if (!(shipped = ssp_schema_find("indicators.json", err)))
            return err->status;
        path = shipped;
    }
    if (gone && note(x, err,
                     "forest: the results' catalogue %s is not there: "
                     "using %s",
                     gone, shipped)) {
        free(shipped);
        return err->status;
    }
    x->catalogue = load_json(path, SSP_EUSAGE, err);
    free(shipped);
    if (!x->catalogue)
        return err->status;
    json_t *list = json_object_get(x->catalogue, "indicators"), *o;
    size_t i;
    x->ind = calloc(json_array_size(list) + 1, sizeof *x->ind);
    if (!x->ind)
        return ssp_error_nomem(err);
    json_array_foreach(list, i, o)
    {
        struct ind *d = &x->ind[x->nind];
        d->code = jstr(o, "code");
        d->type = jstr(o, "type");
        d->instr = jstr(o, "instrument");
        d->ko = jstr(o, "label_ko");
        d->en = jstr(o, "label_en");
        d->from = jstr(o, "from");
        d->to = jstr(o, "to");
        x->nind += d->code && d->type;
    }
    return SSP_OK;
}

static ssp_status load_instruments(ssp_plot *x, ssp_error *err)
{
    char *path = ssp_schema_find("instruments.json", err);
    if (!path)
        return err->status;
    x->instruments = load_json(path, SSP_EUSAGE, err);
    free(path);
    if (!x->instruments)
        return err->status;
    json_t *list = json_object_get(x->instruments, "instruments"), *o;
    size_t i;
    x->ins = calloc(json_array_size(list) + 1, sizeof *x->ins);
    if (!x->ins)
        return ssp_error_nomem(err);
    json_array_foreach(list, i, o)
    {
        struct instr *d = &x->ins[x->nins];
        if (!(d->code = jstr(o, "code")))
            continue;
        d->ko = jstr(o, "name_ko");
        d->en = jstr(o, "name_en");
        d->unit = jstr(o, "unit");
        const char *b = jstr(o, "better");
        d->better = !b                     ? 0
                    : !strcmp(b, "higher") ? 1
                    : !strcmp(b, "lower")  ? -1
                                           : 0;
        /* mcid: a number, {small, substantial} (the small one), or null. */
        json_t *m = json_object_get(o, "mcid");
        if (json_is_object(m))
            m = json_object_get(m, "small");
        d->mcid = json_is_number(m) ? json_number_value(m) : NAN;
        x->nins++;
    }
    return SSP_OK;
}

static const struct ind *find_ind(const ssp_plot *x, const char *code)
{
    for (size_t i = 0; i < x->nind; i++)
        if (!strcmp(x->ind[i].code, code))
            return &x->ind[i];
    return NULL;
}

static size_t find_instr(const ssp_plot *x, const char *code)
{
    for (size_t i = 0; i < x->nins; i++)
        if (!strcmp(x->ins[i].code, code))
            return i;
    return NONE;
}

static const char *instr_name(const ssp_plot *x, const char *code)
{
    size_t i = find_instr(x, code);
    if (i == NONE)
        return code;
    const char *n = x->en ? x->ins[i].en : x->ins[i].ko;
    return n ? n : code;
}

ssp_plot *ssp_plot_open(const char *results, const ssp_plot_options *o,
                        ssp_error *err)
{
    ssp_plot *x = calloc(1, sizeof *x);
    if (!x) {
        ssp_error_nomem(err);
        return NULL;
    }
    x->o = *o;
    ssp_strmap_init(&x->vals);
    ssp_strmap_init(&x->ids);
    ssp_status st = SSP_OK;
    if (!(x->results = load_json(results, SSP_EIO, err)))
        st = err->status;
    json_t *tool = x->results ? json_object_get(x->results, "tool") : NULL;
    if (!st && (!json_is_string(tool) ||
                strcmp(json_string_value(tool), "ssp indicators") ||
                !json_is_array(json_object_get(x->results, "results"))))
        st = ssp_error_set(err, SSP_EUSAGE,
                           strcmp(results, "-") ? results : "<stdin>", 0, 0,
                           "not the results of ssp indicators --json");
    if (!st) {
        json_t *par = json_object_get(x->results, "parameters");
        json_t *lv = json_object_get(par, "level");
        const char *lang = jstr(par, "lang");
        x->level = json_is_number(lv) ? json_number_value(lv) : 0.95;
        x->en = o->lang >= 0 ? o->lang : lang && !strcmp(lang, "en");
        st = load_catalogue(x, err);
    }
    if (!st)
        st = load_instruments(x, err);
    if (!st)
        st = intern(x, "intervention", 12, &x->v_int, err);
    if (!st)
        st = intern(x, "comparison", 10, &x->v_cmp, err);
    if (st) {
        ssp_plot_free(x);
        return NULL;
    }
    /* Text scales with the picture: 11 points at 1200 x 800. */
    double scale = fmin((double)o->width / 1200, (double)o->height / 800);
    x->font = (int)lround(fmax(6, 11 * scale));
    if (o->format == SSP_PLOT_PDF)
        snprintf(x->terminal, sizeof x->terminal,
                 "set terminal pdfcairo size %gin,%gin font 'NanumGothic,%d' "
                 "fontscale 0.6667 noenhanced background '#ffffff'",
                 (double)o->width / 96, (double)o->height / 96, x->font);
    else
        snprintf(x->terminal, sizeof x->terminal,
                 "set terminal %s size %ld,%ld font 'NanumGothic,%d'%s "
                 "noenhanced background '#ffffff'",
                 o->format == SSP_PLOT_SVG ? "svg" : "pngcairo", o->width,
                 o->height, x->font,
                 o->format == SSP_PLOT_SVG ? " fontscale 1.3333" : "");
    return x;
}

void ssp_plot_free(ssp_plot *x)
{
    if (!x)
        return;
    json_decref(x->results);
    json_decref(x->catalogue);
    json_decref(x->instruments);
    free(x->ind);
    free(x->ins);
    ssp_strmap_destroy(&x->vals);
    ssp_strmap_destroy(&x->ids);
    free(x->s);
    free(x->m);
    free(x->u);
    free(x->f);
    free(x->vtc);
    free(x->alert);
    for (size_t i = 0; i < x->nnotes; i++)
        free(x->notes[i]);
    free(x->notes);
    free(x);
}

/* ---- reading a dataset -------------------------------------------------- */

static ssp_status field_intern(ssp_plot *x, ssp_dtable *t, size_t i, size_t *v,
                               ssp_error *err)
{
    const ssp_csv_field *f = ssp_dt_field(t, i);
    return intern(x, f->s, f->len, v, err);
}

/* Read every record of t with one(x, t, err); close t. */
static ssp_status each_row(ssp_plot *x, ssp_dtable *t, ssp_status st,
                           ssp_status (*one)(ssp_plot *, ssp_dtable *,
                                             ssp_error *),
                           ssp_error *err)
{
    int r = 0;
    while (!st && (r = ssp_csv_next(t->csv, &t->rec, err)) > 0)
        st = one(x, t, err);
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t->csv);
    return st;
}

static ssp_status subject_row(ssp_plot *x, ssp_dtable *t, ssp_error *err)
{
    struct subj *s = grow(x->s, &x->scap, x->ns, sizeof *x->s);
    if (!s)
        return ssp_error_nomem(err);
    x->s = s;
    s = &x->s[x->ns];
    const ssp_csv_field *id = ssp_dt_field(t, 0);
    size_t idx;
    int added;
    ssp_status st;
    if ((st = field_intern(x, t, 1, &s->tech, err)) ||
        (st = field_intern(x, t, 2, &s->region, err)) ||
        (st = field_intern(x, t, 3, &s->arm, err)) ||
        (st = ssp_dt_num(t, 4, 'd', 0, &s->enrolled, err)) ||
        (st = ssp_dt_num(t, 5, 'd', 1, &s->exited, err)))
        return st;
    if (ssp_strmap_put(&x->ids, id->s, id->len, &idx, &added))
        return ssp_error_nomem(err);
    if (!added)
        return ssp_error_set(err, SSP_EDATA, t->path, id->line, id->col,
                             "subject '%s' is listed twice", id->s);
    x->ns++;
    return SSP_OK;
}

static ssp_status measure_row(ssp_plot *x, ssp_dtable *t, ssp_error *err)
{
    const ssp_csv_field *ph = ssp_dt_field(t, 2);
    int phase = !strcmp(ph->s, "baseline")  ? 0
                : !strcmp(ph->s, "endline") ? 1
                                            : -1;
    if (phase < 0)
        return SSP_OK;
    struct meas *m = grow(x->m, &x->mcap, x->nm, sizeof *x->m);
    if (!m)
        return ssp_error_nomem(err);
    x->m = m;
    m = &x->m[x->nm];
    m->phase = phase;
    m->seq = x->nm;
    ssp_status st;
    if ((st = ssp_dt_subject(t, &x->ids, &m->subj, err)) ||
        (st = field_intern(x, t, 1, &m->instr, err)) ||
        (st = ssp_dt_num(t, 3, 'n', 1, &m->score, err)))
        return st;
    x->nm += !isnan(m->score);
    return SSP_OK;
}

static ssp_status usage_row(ssp_plot *x, ssp_dtable *t, ssp_error *err)
{
    struct uday *u = grow(x->u, &x->ucap, x->nu, sizeof *x->u);
    if (!u)
        return ssp_error_nomem(err);
    x->u = u;
    u = &x->u[x->nu];
    ssp_status st;
    if ((st = ssp_dt_subject(t, &x->ids, &u->subj, err)) ||
        (st = ssp_dt_num(t, 1, 'd', 0, &u->day, err)))
        return st;
    x->nu++;
    const char *metric = ssp_dt_field(t, 2)->s;
    double v;
    int left = !strncmp(metric, "leftover_g", 10);
    if (left || !strncmp(metric, "served_g", 8)) {
        const char *cat = metric + (left ? 10 : 8);
        if (*cat && *cat != '.')
            return SSP_OK;
        struct food *f = grow(x->f, &x->fcap, x->nf, sizeof *x->f);
        if (!f)
            return ssp_error_nomem(err);
        x->f = f;
        f = &x->f[x->nf];
        f->subj = u->subj;
        f->left = left;
        f->cat = NONE;
        if (*cat && (st = intern(x, cat + 1, strlen(cat + 1), &f->cat, err)))
            return st;
        if ((st = ssp_dt_num(t, 3, 'n', 0, &f->g, err)))
            return st;
        x->nf++;
    } else if (!strcmp(metric, "void_to_change_minutes")) {
        if ((st = ssp_dt_num(t, 3, 'n', 0, &v, err)))
            return st;
        struct val *p = grow(x->vtc, &x->vtccap, x->nvtc, sizeof *x->vtc);
        if (!p)
            return ssp_error_nomem(err);
        x->vtc = p;
        x->vtc[x->nvtc++] = (struct val){u->subj, v};
    }
    return SSP_OK;
}

static ssp_status event_row(ssp_plot *x, ssp_dtable *t, ssp_error *err)
{
    const char *kind = ssp_dt_field(t, 1)->s;
    size_t k = 0;
    while (safety_kinds[k] && strcmp(safety_kinds[k], kind))
        k++;
    if (!safety_kinds[k])
        return SSP_OK;
    size_t subj;
    double raised, ack;
    ssp_status st;
    if ((st = ssp_dt_subject(t, &x->ids, &subj, err)) ||
        (st = ssp_dt_num(t, 2, 't', 0, &raised, err)) ||
        (st = ssp_dt_num(t, 3, 't', 1, &ack, err)))
        return st;
    struct val *p = grow(x->alert, &x->alertcap, x->nalert, sizeof *x->alert);
    if (!p)
        return ssp_error_nomem(err);
    x->alert = p;
    x->alert[x->nalert++] = (struct val){subj, (ack - raised) / 60};
    return SSP_OK;
}

ssp_status ssp_plot_add(ssp_plot *x, const char *dir, ssp_error *err)
{
    json_t *pkg = ssp_dataset_package(dir, err);
    ssp_status st = pkg ? SSP_OK : err->status;
    static const char *const names[] = {"subjects", "measures", "usage",
                                        "events"};
    static const char *const cols[4][7] = {
        {"subject_id", "technology", "region", "arm", "enrolled_on",
         "?exited_on", NULL},
        {"subject_id", "instrument", "phase", "score", NULL},
        {"subject_id", "date", "metric", "value", NULL},
        {"subject_id", "kind", "raised_at", "acknowledged_at", NULL}};
    static ssp_status (*const rows[])(ssp_plot *, ssp_dtable *, ssp_error *) = {
        subject_row, measure_row, usage_row, event_row};
    for (int i = 0; i < 4 && !st; i++) {
        ssp_dt_source *src;
        size_t n;
        if ((st = ssp_dataset_sources(pkg, dir, names[i], &src, &n, err)))
            break;
        for (size_t j = 0; j < n && !st; j++) {
            ssp_dtable t = {0};
            st = each_row(x, &t, ssp_dt_open_source(&t, &src[j], cols[i], err),
                          rows[i], err);
        }
        if (!n && i == 0)
            st = ssp_error_set(err, SSP_EUSAGE, dir, 0, 0,
                               "the dataset has no subjects resource");
        ssp_dt_sources_free(src, n);
    }
    x->ndatasets++;
    json_decref(pkg);
    return st;
}

/* ---- writing gnuplot ---------------------------------------------------- */

/* s as a gnuplot string expression: single-quoted pieces (nothing is
 * substituted in them) joined by "\n" where s breaks lines. */
static void q(FILE *fp, const char *s)
{
    putc('\'', fp);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("''", fp);
        else if (*s == '\n')
            fputs("'.\"\\n\".'", fp);
        else
            putc(*s, fp);
    }
    putc('\'', fp);
}

static void num(FILE *fp, double v)
{
    char buf[SSP_NUM_BUFSZ];
    fputs(ssp_fmt_double(v, buf), fp);
}

/* The colour of a technology. */
static unsigned tech_rgb(const ssp_plot *x, size_t tech)
{
    size_t i = find_name(techs, str(x, tech));
    return i == NONE ? OTHER : techs[i].rgb;
}

/* Sort position of an interned code in a table (unknown codes last, by
 * name). */
static int by_table(const ssp_plot *x, const struct name *t, size_t a, size_t b)
{
    size_t ia = find_name(t, str(x, a)), ib = find_name(t, str(x, b));
    if (ia != ib)
        return ia < ib ? -1 : 1;
    return ia == NONE ? strcmp(str(x, a), str(x, b)) : 0;
}

/* What every chart starts with. */
static void preamble(const ssp_plot *x, FILE *fp)
{
    fprintf(fp,
            "set border 3 lc '#555555'\n"
            "set tics nomirror out scale 0.6\n"
            "set grid lc '#e3e3e3' lt 1\n"
            "set datafile separator whitespace\n"
            "set key noautotitle\n"
            "set style textbox opaque noborder\n"
            "set title font ',%d'\n",
            x->font + 1);
}

/* The chart's title (multiplot or not). */
static void title(const ssp_plot *x, FILE *fp, const char *t)
{
    fputs("set title ", fp);
    q(fp, t);
    fprintf(fp, " font ',%d'\n", x->font + 3);
}

/* A percentage for a title: 95 for 0.95, 97.5 for 0.975. */
static void pct(char buf[SSP_NUM_BUFSZ], double p)
{
    ssp_fmt_double(round(p * 1000) / 10, buf);
}

/* Type 7 quantile of sorted v[0..n). */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo])
                      : v[n - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Count the distinct subjects of n items (with a subj field of struct
 * size sz); seen is scratch of x->ns bytes, left cleared. */
static size_t distinct(const ssp_plot *x, const void *items, size_t n,
                       size_t sz, unsigned char *seen)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = *(const size_t *)((const char *)items + i * sz);
        k += !seen[s];
        seen[s] = 1;
    }
    for (size_t i = 0; i < n; i++)
        seen[*(const size_t *)((const char *)items + i * sz)] = 0;
    (void)x;
    return k;
}

/* 1, 2 or 5 times a power of ten, at least w. */
static double nice_step(double w)
{
    double p = pow(10, floor(log10(w))), m = w / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* ---- 1. forest: every effect with its interval, a panel per instrument -- */

/* A row of a panel: one comparison of one group, with the intervention
 * and comparison arms' changes side by side, or an arm difference. */
struct frow {
    size_t instr; /* index into codes[] of forest() */
    const char *tech, *region;
    char what[160], by[160], label[480];
    double n[3]; /* per arm (NaN: none) */
    size_t seq;  /* order of appearance */
    size_t y;    /* its line in the panel, from 1 */
};

/* An estimate: where it is drawn and how. */
struct fpoint {
    size_t row;
    int arm; /* 0 intervention, 1 comparison, 2 arm difference */
    double est, lo, hi;
    unsigned rgb;
};

/* A panel: its instrument, rows, and place in pixels from the bottom
 * left. */
struct fpanel {
    size_t k, nrows;
    double labelw, h;  /* h: height wanted, in lines */
    int tlines, tfont; /* lines of the title; size of the row labels */
    double left, right, top, bottom, title_x, title_y;
    char full[640], ttext[700]; /* the title, and wrapped */
};

static const struct name phases[] = {{"baseline", "사전", "baseline", 0},
                                     {"midline", "중간", "midline", 0},
                                     {"endline", "사후", "endline", 0},
                                     {"followup", "추후", "follow-up", 0},
                                     {NULL, NULL, NULL, 0}};

/* What a row compares: "사전→사후", "군간 차이"; without the phases in the
 * catalogue, the label after the instrument's name ("change, baseline to
 * endline" of "Grip strength: change, baseline to endline"). */
static void row_what(const ssp_plot *x, char *what, size_t sz,
                     const struct ind *d, int diff, const char *lab)
{
    if (d->from && d->to) {
        if (diff && !strcmp(d->from, "baseline") && !strcmp(d->to, "endline"))
            snprintf(what, sz, "%s", L(x, "군간 차이", "arm difference"));
        else
            snprintf(what, sz, "%s%s→%s",
                     diff ? L(x, "군간 차이 ", "arm difference ") : "",
                     label(x, phases, d->from), label(x, phases, d->to));
        return;
    }
    const char *name = instr_name(x, d->instr);
    size_t n = strlen(name);
    if (lab && !strncmp(lab, name, n)) {
        const char *p = lab + n;
        while (*p == ':' || *p == ',' || *p == ' ')
            p++;
        if (*p)
            lab = p;
    }
    snprintf(what, sz, "%s", lab ? lab : d->code);
}

/* About how wide s is at size points, in pixels (gnuplot's cairo
 * terminals draw a point as 4/3 pixel), a little more rather than less:
 * Hangul and symbols an em, Latin letters about half of one. */
static double text_width(const char *s, int size)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        w += *p >= 0xE0                         ? 1.0
             : *p >= 0x80                       ? 0.6
             : *p >= 'A' && *p <= 'Z'           ? 0.66
             : *p >= '0' && *p <= '9'           ? 0.6
             : strchr(" .,:;'|!()[]ijlft-", *p) ? 0.32
                                                : 0.53;
    }
    return w * size * 4 / 3;
}

/* Wrap s at spaces into lines of at most width pixels at size points;
 * out gets the lines joined by newlines. Returns the number of lines. */
static int wrap_text(const char *s, double width, int size, char *out,
                     size_t outsz)
{
    int lines = 1;
    size_t o = 0, linestart = 0;
    out[0] = '\0';
    while (*s) {
        size_t wl = strcspn(s, " ");
        char word[320], trial[1024];
        snprintf(word, sizeof word, "%.*s", (int)(wl < 319 ? wl : 319), s);
        snprintf(trial, sizeof trial, "%s%s%s", out + linestart,
                 o > linestart ? " " : "", word);
        if (o > linestart && text_width(trial, size) > width) {
            if (o + 1 < outsz)
                out[o++] = '\n';
            linestart = o;
            lines++;
        } else if (o > linestart && o + 1 < outsz)
            out[o++] = ' ';
        size_t n = strlen(word);
        if (o + n < outsz) {
            memcpy(out + o, word, n);
            o += n;
        }
        out[o] = '\0';
        s += wl;
        while (*s == ' ')
            s++;
    }
    return lines;
}

/* Split panels [0, n) into ncols runs of about equal height: first[c] is
 * the first panel of column c, first[ncols] is n. */
static void split_columns(const struct fpanel *pn, size_t n, int ncols,
                          size_t *first)
{
    double total = 0, run = 0;
    for (size_t p = 0; p < n; p++)
        total += pn[p].h;
    int c = 0;
    first[0] = 0;
    for (size_t p = 0; p < n; p++) {
        /* Start the next column when this panel ends past its share. */
        if (c + 1 < ncols && p > first[c] &&
            run + pn[p].h / 2 > total * (c + 1) / ncols)
            first[++c] = p;
        run += pn[p].h;
    }
    while (c + 1 <= ncols)
        first[++c] = n;
}

/* Lines of a panel's title and its wanted height, in a column colw
 * wide. */
static void panel_fit(const ssp_plot *x, struct fpanel *p, double colw,
                      double axis, double pad)
{
    p->tlines = wrap_text(p->full, colw - 1.5 * x->font, x->font + 1, p->ttext,
                          sizeof p->ttext);
    p->h = p->tlines + axis + (double)p->nrows + pad;
}

/* Place the panels in 1, 2 or 3 columns: the fewest where the rows keep
 * a readable height and the row labels leave the plot room, a panel's
 * height following its rows, its title wrapped to the column. */
static void forest_layout(const ssp_plot *x, struct fpanel *pn, size_t n)
{
    double W = (double)x->o.width, H = (double)x->o.height;
    double line = 2.0 * x->font, head = 4.2 * line, foot = 0.2 * line;
    double avail = H - head - foot, pad = 0.5, axis = 1.7;
    size_t first[4];
    int best = 0;
    double best_rh = -1;
    for (int ncols = 1; ncols <= 3 && (size_t)ncols <= n; ncols++) {
        double colw = W / ncols, worst = INFINITY;
        int fits = 1;
        for (size_t p = 0; p < n; p++)
            panel_fit(x, &pn[p], colw, axis, pad);
        split_columns(pn, n, ncols, first);
        for (int c = 0; c < ncols; c++) {
            double over = 0, rows = 0, lw = 0;
            for (size_t p = first[c]; p < first[c + 1]; p++) {
                over += (pn[p].tlines + axis) * line;
                rows += (double)pn[p].nrows + pad;
                lw = fmax(lw, pn[p].labelw);
            }
            double rh = (avail - over) / rows;
            double tf = fmin(x->font - 1, fmax(5, floor(rh * 0.6)));
            fits &= lw * tf / (x->font - 1) + 1.2 * x->font <= 0.55 * colw;
            worst = fmin(worst, rh);
        }
        if (fits && worst >= 1.1 * line) {
            best = ncols;
            break;
        }
        if (fits && worst > best_rh) {
            best_rh = worst;
            best = ncols;
        }
    }
    int ncols = best ? best : 1;
    double colw = W / ncols;
    for (size_t p = 0; p < n; p++)
        panel_fit(x, &pn[p], colw, axis, pad);
    split_columns(pn, n, ncols, first);
    for (int c = 0; c < ncols; c++) {
        double over = 0, rows = 0, lw = 0;
        for (size_t p = first[c]; p < first[c + 1]; p++) {
            over += (pn[p].tlines + axis) * line;
            rows += (double)pn[p].nrows + pad;
            lw = fmax(lw, pn[p].labelw);
        }
        /* Rows of a line and a half at most, squeezed down to half a
         * line before the whole column is scaled down. */
        double rh = fmin(1.5 * line, (avail - over) / rows), scale = 1;
        if (rh < 0.5 * line) {
            rh = 0.5 * line;
            scale = avail / (over + rows * rh);
        }
        /* The row labels' size follows the rows' height. */
        int tfont = (int)fmin(x->font - 1, fmax(5, floor(rh * 0.6)));
        double x0 = colw * c;
        lw = fmin(fmax(lw * tfont / (x->font - 1) + 1.2 * x->font, 0.12 * colw),
                  0.6 * colw);
        double y = H - head;
        for (size_t p = first[c]; p < first[c + 1]; p++) {
            pn[p].tfont = tfont;
            pn[p].title_x = x0 + 0.6 * x->font;
            pn[p].title_y = y - 0.55 * line * scale;
            pn[p].top = y - (pn[p].tlines + 0.3) * line * scale;
            pn[p].bottom = pn[p].top - ((double)pn[p].nrows + pad) * rh * scale;
            pn[p].left = x0 + lw;
            pn[p].right = x0 + colw - (c + 1 < ncols ? 2.5 : 1.2) * x->font;
            y = pn[p].bottom - (axis - 0.3) * line * scale;
        }
    }
}

/* A line of the technologies' names in their colours at height y
 * (screen), centred: labels *labno, *labno + 1, ... */
static void tech_key(const ssp_plot *x, FILE *fp, const char *const *codes,
                     size_t n, double y, int *labno)
{
    double W = (double)x->o.width, kw = 0;
    size_t ntab = sizeof techs / sizeof techs[0] - 1;
    for (int pass = 0; pass < 2; pass++) {
        double kx = (W - kw) / 2;
        /* The pilot's technologies in order, then any other. */
        for (size_t tt = 0; tt <= ntab; tt++)
            for (size_t j = 0; j < n; j++) {
                size_t ti = find_name(techs, codes[j]);
                if (tt < ntab ? ti != tt : ti != NONE)
                    continue;
                char kt[200];
                snprintf(kt, sizeof kt, "● %s", label(x, techs, codes[j]));
                double w = text_width(kt, x->font) + 1.5 * x->font;
                if (pass == 0) {
                    kw += w;
                    continue;
                }
                fprintf(fp, "set label %d ", (*labno)++);
                q(fp, kt);
                fprintf(fp, " at screen %.4f, screen %.4f left tc rgb %u\n",
                        kx / W, y, ti == NONE ? OTHER : techs[ti].rgb);
                kx += w;
                if (tt < ntab)
                    break;
            }
    }
}

/* Tics over [lo, hi] drawn room pixels long: the smallest step of 1, 2
 * or 5 times a power of ten whose tics do not crowd (their labels at
 * size points apart by a character, or by a line and a half on a
 * vertical axis). */
static void nice_tics(FILE *fp, const char *axis, double lo, double hi,
                      double room, int size, int vertical)
{
    static const double mant[] = {1, 2, 5};
    double step = nice_step(hi - lo);
    for (int e = (int)floor(log10((hi - lo) / 50)); e <= 30; e++) {
        int found = 0;
        for (int m = 0; m < 3 && !found; m++) {
            double st = mant[m] * pow(10, e), gap = st / (hi - lo) * room,
                   need = 1.5 * size * 4 / 3;
            if (!vertical) {
                /* The widest label, as gnuplot prints it (%g). */
                double w = 0;
                for (double v = ceil(lo / st) * st; v <= hi; v += st) {
                    char b[64];
                    snprintf(b, sizeof b, "%g", fabs(v) < st / 2 ? 0 : v);
                    w = fmax(w, text_width(b, size));
                }
                need = w + size * 4.0 / 3;
            }
            if (gap >= need) {
                step = st;
                found = 1;
            }
        }
        if (found)
            break;
    }
    fprintf(fp, "set %stics ", axis);
    num(fp, ceil(lo / step) * step);
    putc(',', fp);
    num(fp, step);
    putc(',', fp);
    num(fp, hi);
    putc('\n', fp);
}

/* A panel's title: "악력 (GRIP, kg) — 높을수록 좋음, MCID 5". */
static void panel_title(const ssp_plot *x, struct fpanel *p, const char *code)
{
    size_t ci = find_instr(x, code);
    const struct instr *in = ci == NONE ? NULL : &x->ins[ci];
    const char *unit = in && in->unit ? unit_name(x, in->unit) : "";
    char mv[SSP_NUM_BUFSZ] = "";
    if (in && !isnan(in->mcid) && in->better)
        ssp_fmt_double(in->better * in->mcid, mv);
    snprintf(p->full, sizeof p->full, "%s (%s%s%s)%s%s%s%s%s",
             instr_name(x, code), code, *unit ? ", " : "", unit,
             in && in->better ? " — " : "",
             !in || !in->better ? ""
             : in->better > 0 ? L(x, "높을수록 좋음", "higher is better")
                              : L(x, "낮을수록 좋음", "lower is better"),
             *mv ? ", " : "", *mv ? "MCID " : "", mv);
}

/* The rows' labels: what, by and n, after the region (or technology and
 * region) when the panel has several. */
static void row_labels(const ssp_plot *x, struct frow *rows, size_t nr,
                       size_t k)
{
    int regions_differ = 0, techs_differ = 0, same_region_techs = 0;
    const struct frow *first = NULL;
    for (size_t j = 0; j < nr; j++) {
        if (rows[j].instr != k)
            continue;
        if (!first) {
            first = &rows[j];
            continue;
        }
        int rd = strcmp(rows[j].region, first->region) != 0,
            td = strcmp(rows[j].tech, first->tech) != 0;
        regions_differ |= rd;
        techs_differ |= td;
        same_region_techs |= !rd && td;
    }
    for (size_t j = 0; j < nr; j++) {
        struct frow *f = &rows[j];
        if (f->instr != k)
            continue;
        char pre[160] = "", ns[80] = "";
        if (same_region_techs || (techs_differ && !regions_differ))
            snprintf(pre, sizeof pre, "%s %s · ", label(x, techs, f->tech),
                     label(x, regions, f->region));
        else if (regions_differ)
            snprintf(pre, sizeof pre, "%s · ", label(x, regions, f->region));
        /* n of each arm drawn, in the order drawn (intervention on top). */
        for (int a = 0; a < 3; a++)
            if (!isnan(f->n[a])) {
                char b[SSP_NUM_BUFSZ];
                size_t used = strlen(ns);
                snprintf(ns + used, sizeof ns - used, "%s%s",
                         used ? "/" : "  n=", ssp_fmt_double(f->n[a], b));
            }
        snprintf(f->label, sizeof f->label, "%s%s%s%s%s", pre, f->what,
                 *f->by ? " · " : "", f->by, ns);
    }
}

/* Rows of a panel in the pilot's order of technologies, then as they
 * came. */
static int frow_cmp(const void *pa, const void *pb)
{
    const struct frow *a = *(const struct frow *const *)pa,
                      *b = *(const struct frow *const *)pb;
    size_t ta = find_name(techs, a->tech), tb = find_name(techs, b->tech);
    if (ta != tb)
        return ta < tb ? -1 : 1;
    int c = strcmp(a->tech, b->tech);
    if (c)
        return c;
    if ((c = strcmp(a->region, b->region)))
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* One instrument's panel. */
static ssp_status
forest_panel(const ssp_plot *x, FILE *fp, const struct fpanel *p, size_t idx,
             struct frow *rows, size_t nr, const struct fpoint *pts,
             size_t npts, const char *code, const char *extra, ssp_error *err)
{
    double W = (double)x->o.width, H = (double)x->o.height;
    size_t ci = find_instr(x, code);
    const struct instr *in = ci == NONE ? NULL : &x->ins[ci];
    /* The panel's rows, top down. */
    struct frow **pr = malloc((p->nrows + 1) * sizeof *pr);
    if (!pr)
        return ssp_error_nomem(err);
    size_t m = 0;
    for (size_t j = 0; j < nr; j++)
        if (rows[j].instr == p->k)
            pr[m++] = &rows[j];
    qsort(pr, m, sizeof *pr, frow_cmp);
    for (size_t j = 0; j < m; j++)
        pr[j]->y = m - j;
    double lo = 0, hi = 0, mcid = NAN;
    for (size_t j = 0; j < npts; j++)
        if (rows[pts[j].row].instr == p->k) {
            lo = fmin(lo, pts[j].lo);
            hi = fmax(hi, pts[j].hi);
        }
    if (in && !isnan(in->mcid) && in->better) {
        mcid = in->better * in->mcid;
        lo = fmin(lo, mcid);
        hi = fmax(hi, mcid);
    }
    double pad = (hi - lo) * 0.06;
    if (!(pad > 0))
        pad = 1;
    lo -= pad;
    hi += pad;
    /* Intervention above comparison on a row that has both. */
    static const int marks[3] = {7, 6, 13};
    fprintf(fp, "$f%zu << EOD\n", idx);
    for (size_t j = 0; j < npts; j++) {
        const struct frow *r = &rows[pts[j].row];
        if (r->instr != p->k)
            continue;
        double dy = isnan(r->n[0]) || isnan(r->n[1]) ? 0
                    : pts[j].arm == 0                ? 0.17
                                                     : -0.17;
        num(fp, pts[j].est);
        putc(' ', fp);
        num(fp, (double)r->y + dy);
        putc(' ', fp);
        num(fp, pts[j].lo);
        putc(' ', fp);
        num(fp, pts[j].hi);
        fprintf(fp, " %d %u\n", marks[pts[j].arm], pts[j].rgb);
    }
    fputs("EOD\n", fp);
    fprintf(fp,
            "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            p->left / W, p->right / W, p->top / H, p->bottom / H);
    fputs("unset label\nunset arrow\n", fp);
    fputs(extra, fp);
    fputs("set label 1 ", fp);
    q(fp, p->ttext);
    fprintf(fp, " at screen %.4f, screen %.4f left font ',%d'\n",
            p->title_x / W, p->title_y / H, x->font + 1);
    fputs("set xrange [", fp);
    num(fp, lo);
    putc(':', fp);
    num(fp, hi);
    fprintf(fp, "]\nset yrange [0.5:%zu.5]\n", m);
    nice_tics(fp, "x", lo, hi, p->right - p->left, x->font, 0);
    fputs("set ytics (", fp);
    for (size_t j = 0; j < m; j++) {
        fputs(j ? ", " : "", fp);
        q(fp, pr[j]->label);
        fprintf(fp, " %zu", pr[j]->y);
    }
    fprintf(fp, ") font ',%d'\n", p->tfont);
    free(pr);
    fputs("set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc '#555555' "
          "lw 1.5\n",
          fp);
    if (!isnan(mcid)) {
        fputs("set arrow 2 from ", fp);
        num(fp, mcid);
        fputs(", graph 0 to ", fp);
        num(fp, mcid);
        fprintf(fp, ", graph 1 nohead lc rgb %u dt 2 lw 1.5\n", MCID_RGB);
    }
    fprintf(fp,
            "plot $f%zu using 1:2:3:4:6 with xerrorbars pt -1 lw 1.6 "
            "lc rgb variable, \\\n"
            "  $f%zu using 1:2:5:6 with points pt variable ps 1.1 lw 1.6 "
            "lc rgb variable\n",
            idx, idx);
    return SSP_OK;
}

/* The row of an estimate: the one of its instrument, group, comparison
 * and disaggregation, made when new. */
static size_t find_row(struct frow *rows, size_t *nr, const struct frow *key)
{
    for (size_t j = 0; j < *nr; j++)
        if (rows[j].instr == key->instr && !strcmp(rows[j].tech, key->tech) &&
            !strcmp(rows[j].region, key->region) &&
            !strcmp(rows[j].what, key->what) && !strcmp(rows[j].by, key->by))
            return j;
    rows[*nr] = *key;
    rows[*nr].seq = *nr;
    for (int a = 0; a < 3; a++)
        rows[*nr].n[a] = NAN;
    return (*nr)++;
}

static ssp_status forest(ssp_plot *x, FILE *fp, int *drawn, ssp_error *err)
{
    json_t *res = json_object_get(x->results, "results"), *r;
    size_t nres = json_array_size(res), i, nr = 0, np = 0, nunknown = 0,
           ncodes = 0;
    struct frow *rows = calloc(nres + 1, sizeof *rows);
    struct fpoint *pts = calloc(nres + 1, sizeof *pts);
    const char **codes = calloc(nres + 1, sizeof *codes); /* instruments */
    struct fpanel *pn = NULL;
    char *extra = NULL;
    ssp_status st = SSP_OK;
    if (!rows || !pts || !codes) {
        st = ssp_error_nomem(err);
        goto done;
    }
    int arms_seen[3] = {0, 0, 0};
    json_array_foreach(res, i, r)
    {
        const char *dom = jstr(r, "domain"), *code = jstr(r, "indicator");
        json_t *est = json_object_get(r, "estimate");
        if (!dom || strcmp(dom, "effectiveness") || !code ||
            json_is_true(json_object_get(r, "suppressed")) ||
            !json_is_number(est))
            continue;
        const struct ind *d = find_ind(x, code);
        if (!d) {
            nunknown++;
            continue;
        }
        /* The row's type (ssp indicators writes it), else the
         * catalogue's. */
        const char *type = jstr(r, "type"), *arm = jstr(r, "arm");
        if (!type)
            type = d->type;
        if ((strcmp(type, "paired_change") && strcmp(type, "arm_difference")) ||
            !d->instr)
            continue;
        struct frow key;
        memset(&key, 0, sizeof key);
        size_t k = 0;
        while (k < ncodes && strcmp(codes[k], d->instr))
            k++;
        if (k == ncodes)
            codes[ncodes++] = d->instr;
        key.instr = k;
        key.tech = jstr(r, "technology");
        key.region = jstr(r, "region");
        if (!key.tech)
            key.tech = "";
        if (!key.region)
            key.region = "";
        int a = !strcmp(type, "arm_difference")     ? 2
                : arm && !strcmp(arm, "comparison") ? 1
                                                    : 0;
        const char *lab = x->en ? d->en : d->ko;
        row_what(x, key.what, sizeof key.what, d, a == 2,
                 lab ? lab : jstr(r, "label"));
        /* The disaggregation, "sex=F, age_band=70-79", if any. */
        json_t *by = json_object_get(r, "by"), *bv;
        const char *bk;
        size_t used = 0;
        json_object_foreach(by, bk, bv)
        {
            if (json_is_string(bv) && used < sizeof key.by)
                used += (size_t)snprintf(key.by + used, sizeof key.by - used,
                                         "%s%s=%s", used ? ", " : "", bk,
                                         json_string_value(bv));
        }
        struct fpoint *pt = &pts[np++];
        pt->row = find_row(rows, &nr, &key);
        pt->arm = a;
        arms_seen[a] = 1;
        json_t *n = json_object_get(r, "n"), *lo = json_object_get(r, "ci_low"),
               *hi = json_object_get(r, "ci_high");
        rows[pt->row].n[a] = json_is_number(n) ? json_number_value(n) : 0;
        pt->est = json_number_value(est);
        pt->lo = json_is_number(lo) ? json_number_value(lo) : pt->est;
        pt->hi = json_is_number(hi) ? json_number_value(hi) : pt->est;
        size_t t = find_name(techs, key.tech);
        pt->rgb = t == NONE ? OTHER : techs[t].rgb;
    }
    if (nunknown && (st = note(x, err,
                               "forest: %zu effectiveness rows name an "
                               "indicator that is not in the catalogue: "
                               "left out",
                               nunknown)))
        goto done;
    if (!np) {
        st = note(x, err,
                  "forest: skipped: the results have no effectiveness "
                  "estimate (paired change or arm difference) that is not "
                  "suppressed");
        goto done;
    }
    /* Panels in the order of the instrument catalogue. */
    size_t no = 0;
    if (!(pn = calloc(ncodes, sizeof *pn))) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t c = 0; c <= x->nins; c++)
        for (size_t k = 0; k < ncodes; k++)
            if (c < x->nins ? !strcmp(codes[k], x->ins[c].code)
                            : find_instr(x, codes[k]) == NONE)
                pn[no++].k = k;
    for (size_t p = 0; p < no; p++) {
        row_labels(x, rows, nr, pn[p].k);
        panel_title(x, &pn[p], codes[pn[p].k]);
        for (size_t j = 0; j < nr; j++)
            if (rows[j].instr == pn[p].k) {
                pn[p].nrows++;
                pn[p].labelw =
                    fmax(pn[p].labelw, text_width(rows[j].label, x->font - 1));
            }
    }
    forest_layout(x, pn, no);
    char lv[SSP_NUM_BUFSZ], t[640], key[320] = "";
    pct(lv, x->level);
    preamble(x, fp);
    fputs("set multiplot title ", fp);
    snprintf(t, sizeof t,
             x->en ? "Effects: mean change with its %s%% confidence "
                     "interval, by instrument"
                   : "효과: 척도별 평균 변화와 %s%% 신뢰구간",
             lv);
    q(fp, t);
    fprintf(fp, " font ',%d'\n", x->font + 3);
    /* What the marks mean, under the title. */
    static const char *const mk[3][2] = {
        {"● 실험군", "● intervention"},
        {"○ 대조군", "○ comparison"},
        {"◆ 군간 차이(변화의 차)", "◆ difference in change between arms"}};
    for (int a = 0; a < 3; a++)
        if (arms_seen[a] && (arms_seen[1] || arms_seen[2]))
            snprintf(key + strlen(key), sizeof key - strlen(key), "%s, ",
                     mk[a][x->en]);
    snprintf(t, sizeof t,
             x->en ? "%sbar: %s%% CI; solid line: no change; purple dashes: "
                     "minimal clinically important difference (MCID)"
                   : "%s막대: %s%% 신뢰구간, 실선: 변화 없음, 보라 점선: "
                     "최소 임상적 중요 변화(MCID)",
             key, lv);
    /* The line under the title goes with the first panel. */
    size_t elen = 0;
    FILE *e = open_memstream(&extra, &elen);
    if (!e) {
        st = ssp_error_nomem(err);
        goto done;
    }
    double H = (double)x->o.height, line = 2.0 * x->font;
    fputs("set label 2 ", e);
    q(e, t);
    fprintf(e, " at screen 0.5, screen %.4f center font ',%d' tc rgb %u\n",
            1 - 3.3 * line / H, x->font - 1, OTHER);
    /* The technologies' colours, on a line of their own above. */
    const char **tcodes = calloc(nr + 1, sizeof *tcodes);
    size_t ntech = 0;
    if (!tcodes) {
        fclose(e);
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < nr; j++) {
        size_t k = 0;
        while (k < ntech && strcmp(tcodes[k], rows[j].tech))
            k++;
        if (k == ntech)
            tcodes[ntech++] = rows[j].tech;
    }
    int labno = 3;
    tech_key(x, e, tcodes, ntech, 1 - 2.3 * line / H, &labno);
    free(tcodes);
    if (fclose(e) != 0) {
        st = ssp_error_nomem(err);
        goto done;
    }
    fputs("unset key\nset grid noytics\nset ytics scale 0\n"
          "set xtics scale 0.5\n",
          fp);
    for (size_t p = 0; p < no && !st; p++)
        st = forest_panel(x, fp, &pn[p], p, rows, nr, pts, np, codes[pn[p].k],
                          p ? "" : extra, err);
    fputs("unset multiplot\n", fp);
    *drawn = !st;
done:
    free(rows);
    free(pts);
    free(codes);
    free(pn);
    free(extra);
    return st;
}

/* ---- 2. prepost: baseline and endline scores, a panel per instrument --- */

static int meas_cmp(const void *pa, const void *pb, void *ctx)
{
    const struct meas *a = pa, *b = pb;
    const ssp_plot *x = ctx;
    int c = strcmp(str(x, a->instr), str(x, b->instr));
    if (c)
        return c;
    if (a->subj != b->subj)
        return a->subj < b->subj ? -1 : 1;
    if (a->phase != b->phase)
        return a->phase - b->phase;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A subject's pair of scores on an instrument. */
struct pair {
    size_t instr, subj;
    double pre, post;
};

static int pair_cmp(const void *pa, const void *pb, void *ctx)
{
    const struct pair *a = pa, *b = pb;
    const ssp_plot *x = ctx;
    size_t ia = find_instr(x, str(x, a->instr)),
           ib = find_instr(x, str(x, b->instr));
    if (ia != ib)
        return ia < ib ? -1 : 1;
    int c = strcmp(str(x, a->instr), str(x, b->instr));
    if (c)
        return c;
    const struct subj *sa = &x->s[a->subj], *sb = &x->s[b->subj];
    if ((c = by_table(x, techs, sa->tech, sb->tech)) ||
        (c = by_table(x, regions, sa->region, sb->region)) ||
        (c = by_table(x, arms, sa->arm, sb->arm)))
        return c;
    return a->subj < b->subj ? -1 : a->subj > b->subj;
}

static int same_group(const ssp_plot *x, const struct pair *a,
                      const struct pair *b)
{
    const struct subj *sa = &x->s[a->subj], *sb = &x->s[b->subj];
    return a->instr == b->instr && sa->tech == sb->tech &&
           sa->region == sb->region && sa->arm == sb->arm;
}

/* The box of one group's scores: quartiles, whiskers (the furthest
 * values within 1.5 IQR) and the values beyond them. */
static size_t box(FILE *fp, FILE *out, double xpos, double *v, size_t n,
                  unsigned rgb)
{
    size_t nout = 0;
    qsort(v, n, sizeof *v, cmp_double);
    double q1 = quantile(v, n, 0.25), med = quantile(v, n, 0.5),
           q3 = quantile(v, n, 0.75), iqr = q3 - q1, wlo = q1, whi = q3;
    for (size_t i = 0; i < n; i++) {
        if (v[i] >= q1 - 1.5 * iqr && v[i] < wlo)
            wlo = v[i];
        if (v[i] <= q3 + 1.5 * iqr && v[i] > whi)
            whi = v[i];
    }
    const double col[] = {xpos, q1, wlo, whi, q3, med};
    for (size_t i = 0; i < 6; i++) {
        num(fp, col[i]);
        putc(' ', fp);
    }
    fprintf(fp, "%u\n", rgb);
    for (size_t i = 0; i < n; i++)
        if (v[i] < wlo || v[i] > whi) {
            num(out, xpos);
            putc(' ', out);
            num(out, v[i]);
            fprintf(out, " %u\n", rgb);
            nout++;
        }
    return nout;
}

/* Whether the groups of pairs [a, b) need their region named: two of
 * them have the same technology (its colour) and arm but not the same
 * region. */
static int need_region(const ssp_plot *x, const struct pair *pr, size_t a,
                       size_t b)
{
    for (size_t i = a; i < b; i++)
        for (size_t j = i + 1; j < b; j++) {
            const struct subj *s = &x->s[pr[i].subj], *t = &x->s[pr[j].subj];
            if (s->tech == t->tech && s->arm == t->arm &&
                s->region != t->region)
                return 1;
        }
    return 0;
}

static ssp_status prepost(ssp_plot *x, FILE *fp, int *drawn, ssp_error *err)
{
    qsort_r(x->m, x->nm, sizeof *x->m, meas_cmp, x);
    struct pair *pr = malloc((x->nm + 1) * sizeof *pr);
    double *v = malloc((x->nm + 1) * sizeof *v);
    char *obuf = NULL;
    size_t olen = 0, np = 0;
    FILE *out = NULL;
    ssp_status st = SSP_OK;
    if (!pr || !v) {
        st = ssp_error_nomem(err);
        goto done;
    }
    /* The last baseline and the last endline of each subject. */
    for (size_t i = 0; i < x->nm;) {
        size_t j = i;
        double pre = NAN, post = NAN;
        while (j < x->nm && x->m[j].instr == x->m[i].instr &&
               x->m[j].subj == x->m[i].subj) {
            if (x->m[j].phase)
                post = x->m[j].score;
            else
                pre = x->m[j].score;
            j++;
        }
        if (!isnan(pre) && !isnan(post))
            pr[np++] = (struct pair){x->m[i].instr, x->m[i].subj, pre, post};
        i = j;
    }
    if (!np) {
        st = note(x, err,
                  "prepost: skipped: no subject has both a baseline "
                  "and an endline score");
        goto done;
    }
    qsort_r(pr, np, sizeof *pr, pair_cmp, x);
    /* Leave out the groups below --min-n; count instruments. */
    size_t keep = 0;
    int has_cmp = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && same_group(x, &pr[i], &pr[j]))
            j++;
        const struct subj *s = &x->s[pr[i].subj];
        if ((long)(j - i) < x->o.min_n) {
            if ((st = note(x, err,
                           "prepost: %s %s %s %s: %zu subjects with both "
                           "scores, fewer than --min-n %ld: left out",
                           str(x, pr[i].instr), str(x, s->tech),
                           str(x, s->region), str(x, s->arm), j - i,
                           x->o.min_n)))
                goto done;
        } else {
            has_cmp |= s->arm == x->v_cmp;
            memmove(&pr[keep], &pr[i], (j - i) * sizeof *pr);
            keep += j - i;
        }
        i = j;
    }
    np = keep;
    if (!np) {
        st = note(x, err,
                  "prepost: skipped: every group has fewer than "
                  "--min-n %ld subjects with both scores",
                  x->o.min_n);
        goto done;
    }
    /* The panels: their groups; the columns and what their text needs. */
    size_t ninst = 0, gmax = 0, ntech = 0;
    int ticlines = 1;
    const char **tcodes = calloc(x->ns + 1, sizeof *tcodes);
    if (!tcodes) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < np;) {
        size_t end = i, g = 0;
        while (end < np && pr[end].instr == pr[i].instr)
            end++;
        for (size_t a = i; a < end; g++) {
            size_t b = a;
            while (b < end && same_group(x, &pr[a], &pr[b]))
                b++;
            const char *tc = str(x, x->s[pr[a].subj].tech);
            size_t t = 0;
            while (t < ntech && strcmp(tcodes[t], tc))
                t++;
            if (t == ntech)
                tcodes[ntech++] = tc;
            a = b;
        }
        gmax = g > gmax ? g : gmax;
        ninst++;
        if (need_region(x, pr, i, end))
            ticlines = 3;
        i = end;
    }
    if (ticlines < 3)
        ticlines = has_cmp ? 2 : 1;
    else
        ticlines = has_cmp ? 3 : 2;
    size_t C = ninst <= 3               ? ninst
               : ninst == 4             ? 2
               : ninst <= 9 || gmax > 2 ? 3
                                        : 4;
    size_t R = (ninst + C - 1) / C;
    double W = (double)x->o.width, H = (double)x->o.height, F = x->font;
    double line = 2.0 * F, colw = W / (double)C, head = 4.3 * line;
    int tlines = 1;
    char titles[2][700];
    for (size_t i = 0; i < np;) {
        size_t end = i;
        while (end < np && pr[end].instr == pr[i].instr)
            end++;
        char t[640];
        snprintf(t, sizeof t, "%s (%s) ↑", instr_name(x, str(x, pr[i].instr)),
                 str(x, pr[i].instr));
        int n =
            wrap_text(t, colw - 2 * F, x->font, titles[0], sizeof titles[0]);
        tlines = n > tlines ? n : tlines;
        i = end;
    }
    double mb = (0.9 * ticlines + 1.0) * line,
           mt = head + (tlines + 0.4) * line,
           sy = (tlines + 0.9 * ticlines + 1.5) * line,
           plot_h = (H - mb - mt - (double)(R - 1) * sy) / (double)R;
    preamble(x, fp);
    fprintf(fp,
            "set multiplot layout %zu,%zu rowsfirst margins %.4f,%.4f,%.4f,"
            "%.4f spacing %.4f,%.4f title ",
            R, C, 6.5 * F / W, 1 - 1.5 * F / W, mb / H, 1 - mt / H, 7.5 * F / W,
            sy / H);
    q(fp, L(x, "사전·사후 점수: 기초선과 종료 시점에 모두 측정된 대상자",
            "Scores at baseline and endline, of the subjects measured at "
            "both"));
    fprintf(fp, " font ',%d'\n", x->font + 3);
    fputs("set style fill solid 0.45 border\nset boxwidth 0.32 absolute\n"
          "set grid noxtics\nset xtics scale 0\n",
          fp);
    /* What is drawn, once, under the chart's title. */
    char *extra = NULL;
    size_t elen = 0;
    FILE *e = open_memstream(&extra, &elen);
    if (!e) {
        free(tcodes);
        st = ssp_error_nomem(err);
        goto done;
    }
    fputs("set label 2 ", e);
    q(e, L(x,
           "회색: 사전(기초선), 색: 사후(종료) · 상자: 사분위수, 굵은 선: "
           "중앙값, 수염: 상자에서 IQR의 1.5배 안의 값, 점: 그 밖의 값 · "
           "↑ 높을수록 좋음, ↓ 낮을수록 좋음",
           "grey: baseline, colour: endline; box: quartiles, thick line: "
           "median, whiskers: values within 1.5 IQR of the box, circles: "
           "values beyond; ↑ higher is better, ↓ lower is better"));
    fprintf(e, " at screen 0.5, screen %.4f center font ',%d' tc rgb %u\n",
            1 - 3.3 * line / H, x->font - 1, OTHER);
    int labno = 3;
    tech_key(x, e, tcodes, ntech, 1 - 2.3 * line / H, &labno);
    free(tcodes);
    if (fclose(e) != 0) {
        free(extra);
        st = ssp_error_nomem(err);
        goto done;
    }
    size_t panel = 0;
    for (size_t i = 0; i < np; panel++) {
        /* One instrument: its groups. */
        size_t end = i;
        while (end < np && pr[end].instr == pr[i].instr)
            end++;
        const char *code = str(x, pr[i].instr);
        size_t ci = find_instr(x, code);
        const struct instr *in = ci == NONE ? NULL : &x->ins[ci];
        if (!(out = open_memstream(&obuf, &olen))) {
            free(extra);
            st = ssp_error_nomem(err);
            goto done;
        }
        fputs("unset label\nunset arrow\n", fp);
        if (!panel)
            fputs(extra, fp);
        fprintf(fp, "$b%zu << EOD\n", panel);
        size_t g = 0, nout = 0;
        int regions_differ = need_region(x, pr, i, end);
        char lab[512];
        for (size_t a = i; a < end; g++) {
            size_t b = a;
            while (b < end && same_group(x, &pr[a], &pr[b]))
                b++;
            const struct subj *s = &x->s[pr[a].subj];
            unsigned rgb = tech_rgb(x, s->tech);
            for (int ph = 0; ph < 2; ph++) {
                for (size_t k = a; k < b; k++)
                    v[k - a] = ph ? pr[k].post : pr[k].pre;
                nout += box(fp, out, (double)g + (ph ? 0.19 : -0.19), v, b - a,
                            ph ? rgb : GREY);
            }
            a = b;
        }
        fputs("EOD\n", fp);
        if (fclose(out) != 0) {
            out = NULL;
            free(extra);
            st = ssp_error_nomem(err);
            goto done;
        }
        out = NULL;
        fprintf(fp, "$o%zu << EOD\n%sEOD\n", panel, obuf);
        free(obuf);
        obuf = NULL;
        /* A tic per group: its region (when they differ), arm (with a
         * comparison arm) and n. */
        fputs("set xtics (", fp);
        g = 0;
        for (size_t a = i; a < end; g++) {
            size_t b = a;
            while (b < end && same_group(x, &pr[a], &pr[b]))
                b++;
            const struct subj *s = &x->s[pr[a].subj];
            snprintf(lab, sizeof lab, "%s%s%s%sn=%zu",
                     regions_differ ? label(x, regions, str(x, s->region)) : "",
                     regions_differ ? "\n" : "",
                     has_cmp ? label(x, arms, str(x, s->arm)) : "",
                     has_cmp ? "\n" : "", b - a);
            fputs(g ? ", " : "", fp);
            q(fp, lab);
            fprintf(fp, " %zu", g);
            a = b;
        }
        fprintf(fp, ") font ',%d'\n", x->font - 1);
        snprintf(lab, sizeof lab, "%s (%s)%s", instr_name(x, code), code,
                 !in || !in->better ? ""
                 : in->better > 0   ? " ↑"
                                    : " ↓");
        wrap_text(lab, colw - 2 * F, x->font, titles[1], sizeof titles[1]);
        fputs("set title ", fp);
        q(fp, titles[1]);
        fprintf(fp, " font ',%d'", x->font);
        fputs("\nset ylabel ", fp);
        q(fp, in && in->unit ? unit_name(x, in->unit) : "");
        fprintf(fp, " font ',%d'\nset xrange [-0.6:%g]\n", x->font - 1,
                (double)g - 0.4);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = i; k < end; k++) {
            lo = fmin(lo, fmin(pr[k].pre, pr[k].post));
            hi = fmax(hi, fmax(pr[k].pre, pr[k].post));
        }
        double pad = hi > lo ? (hi - lo) * 0.06 : 1;
        fputs("set yrange [", fp);
        num(fp, lo - pad);
        putc(':', fp);
        num(fp, hi + pad);
        fputs("]\n", fp);
        nice_tics(fp, "y", lo - pad, hi + pad, plot_h, x->font, 1);
        fprintf(fp,
                "plot $b%zu using 1:2:3:4:5:7 with candlesticks whiskerbars "
                "0.5 lw 1.3 lc rgb variable, \\\n"
                "  $b%zu using 1:6:6:6:6:7 with candlesticks lw 2.5 "
                "lc rgb variable",
                panel, panel);
        if (nout) /* an empty datablock would make gnuplot warn */
            fprintf(fp,
                    ", \\\n  $o%zu using 1:2:3 with points pt 6 ps 0.7 "
                    "lc rgb variable",
                    panel);
        fputs("\n", fp);
        i = end;
    }
    free(extra);
    fputs("unset multiplot\n", fp);
    *drawn = 1;
done:
    if (out)
        fclose(out);
    free(obuf);
    free(pr);
    free(v);
    return st;
}

/* ---- 3. utilization: weekly days of use per enrolled subject ------------ */

static int uday_cmp(const void *pa, const void *pb)
{
    const struct uday *a = pa, *b = pb;
    if (a->subj != b->subj)
        return a->subj < b->subj ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

/* The Monday of the ISO week of a day (1970-01-01 was a Thursday). */
static double monday(double day)
{
    double wd = fmod(day + 3, 7);
    if (wd < 0)
        wd += 7;
    return day - wd;
}

static int in_week(const struct subj *s, double mon)
{
    return s->enrolled <= mon + 6 && (isnan(s->exited) || s->exited >= mon);
}

/* The technologies of the intervention subjects, in the pilot's order. */
static size_t tech_list(ssp_plot *x, size_t *list)
{
    size_t n = 0;
    for (size_t i = 0; i < x->ns; i++) {
        size_t t = x->s[i].tech, k = 0;
        while (k < n && list[k] != t)
            k++;
        if (k == n)
            list[n++] = t;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i;
             j > 0 && by_table(x, techs, list[j - 1], list[j]) > 0; j--) {
            size_t tmp = list[j];
            list[j] = list[j - 1];
            list[j - 1] = tmp;
        }
    return n;
}

static ssp_status utilization(ssp_plot *x, FILE *fp, int *drawn, ssp_error *err)
{
    qsort(x->u, x->nu, sizeof *x->u, uday_cmp);
    size_t *tl = malloc((x->ns + 1) * sizeof *tl),
           nt = tl ? tech_list(x, tl) : 0;
    struct series {
        size_t tech, nsubj, npts;
        double first, last;
    } *se = calloc(nt + 1, sizeof *se);
    double *enr = NULL, *days = NULL;
    ssp_status st = SSP_OK;
    if (!tl || !se) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        se[t].tech = tl[t];
        se[t].first = INFINITY;
        se[t].last = -INFINITY;
    }
    double w0 = INFINITY, w1 = -INFINITY;
    for (size_t i = 0; i < x->nu; i++) {
        const struct subj *s = &x->s[x->u[i].subj];
        if (s->arm != x->v_int)
            continue;
        for (size_t t = 0; t < nt; t++)
            if (se[t].tech == s->tech) {
                se[t].first = fmin(se[t].first, x->u[i].day);
                se[t].last = fmax(se[t].last, x->u[i].day);
            }
    }
    size_t nseries = 0;
    for (size_t t = 0; t < nt; t++)
        if (isfinite(se[t].first)) {
            w0 = fmin(w0, monday(se[t].first));
            w1 = fmax(w1, monday(se[t].last));
            se[nseries++] = se[t];
        }
    if (!nseries) {
        st = note(x, err,
                  "utilization: skipped: no device data (usage) of "
                  "intervention subjects");
        goto done;
    }
    size_t nw = (size_t)((w1 - w0) / 7) + 1;
    enr = calloc(nw, sizeof *enr);
    days = calloc(nw, sizeof *days);
    if (!enr || !days) {
        st = ssp_error_nomem(err);
        goto done;
    }
    preamble(x, fp);
    int any = 0;
    for (size_t t = 0; t < nseries; t++) {
        memset(enr, 0, nw * sizeof *enr);
        memset(days, 0, nw * sizeof *days);
        size_t a = (size_t)((monday(se[t].first) - w0) / 7),
               b = (size_t)((monday(se[t].last) - w0) / 7), small = 0;
        for (size_t i = 0; i < x->ns; i++) {
            const struct subj *s = &x->s[i];
            if (s->tech != se[t].tech || s->arm != x->v_int)
                continue;
            int ever = 0;
            for (size_t w = a; w <= b; w++)
                if (in_week(s, w0 + 7 * (double)w)) {
                    enr[w]++;
                    ever = 1;
                }
            se[t].nsubj += (size_t)ever;
        }
        for (size_t i = 0; i < x->nu; i++) {
            const struct subj *s = &x->s[x->u[i].subj];
            if (s->tech != se[t].tech || s->arm != x->v_int ||
                (i > 0 && x->u[i].subj == x->u[i - 1].subj &&
                 x->u[i].day == x->u[i - 1].day))
                continue;
            size_t w = (size_t)((monday(x->u[i].day) - w0) / 7);
            if (in_week(s, w0 + 7 * (double)w))
                days[w]++;
        }
        fprintf(fp, "$u%zu << EOD\n", t);
        for (size_t w = a; w <= b; w++) {
            if (!enr[w] || enr[w] < (double)x->o.min_n) {
                small += enr[w] > 0;
                fputs("\n", fp); /* a gap in the line */
                continue;
            }
            num(fp, (w0 + 7 * (double)w) * 86400);
            putc(' ', fp);
            num(fp, days[w] / enr[w]);
            putc('\n', fp);
            se[t].npts++;
        }
        fputs("EOD\n", fp);
        any |= se[t].npts > 0;
        if (small &&
            (st = note(x, err,
                       "utilization: %s: %zu week%s with fewer than --min-n "
                       "%ld subjects enrolled not drawn",
                       str(x, se[t].tech), small, small == 1 ? "" : "s",
                       x->o.min_n)))
            goto done;
    }
    if (!any) {
        /* The script so far is thrown away by the caller. */
        st = note(x, err,
                  "utilization: skipped: no week has --min-n %ld "
                  "intervention subjects enrolled",
                  x->o.min_n);
        goto done;
    }
    title(x, fp,
          L(x,
            "주간 이용: 등록된 실험군 대상자 1인당 기기 데이터가 "
            "있는 날 수",
            "Weekly use: days with device data per enrolled "
            "intervention subject"));
    fputs("set xdata time\nset timefmt '%s'\n", fp);
    /* A tic every k weeks, on Mondays, at most 14. */
    size_t k = (nw + 13) / 14;
    fputs("set xtics ", fp);
    num(fp, w0 * 86400);
    fprintf(fp, ", %zu\n", k * 7 * 86400);
    fputs("set format x \"%m/%d\\nW%W\"\n", fp);
    fputs("set xrange [", fp);
    num(fp, (w0 - 3) * 86400);
    putc(':', fp);
    num(fp, (w1 + 3) * 86400);
    fputs("]\nset yrange [0:7.3]\nset ytics 0,1,7\n", fp);
    fputs("set xlabel ", fp);
    q(fp, L(x, "ISO 주 (월요일)", "ISO week (its Monday)"));
    fputs("\nset ylabel ", fp);
    q(fp, L(x, "일 / 주", "days per week"));
    fputs("\nset key outside right top vertical Left reverse samplen 2\n", fp);
    fputs("plot ", fp);
    int first = 1;
    for (size_t t = 0; t < nseries; t++) {
        if (!se[t].npts)
            continue;
        char lab[256];
        snprintf(lab, sizeof lab, "%s (n=%zu)",
                 label(x, techs, str(x, se[t].tech)), se[t].nsubj);
        fprintf(fp,
                "%s$u%zu using 1:2 with linespoints lw 2 pt 7 ps 0.7 "
                "lc rgb %u title ",
                first ? "" : ", \\\n  ", t, tech_rgb(x, se[t].tech));
        q(fp, lab);
        first = 0;
    }
    fputs("\n", fp);
    *drawn = 1;
done:
    free(tl);
    free(se);
    free(enr);
    free(days);
    return st;
}

/* ---- 4. response: ECDF of minutes to acknowledge, per technology -------- */

static ssp_status response(ssp_plot *x, FILE *fp, int *drawn, ssp_error *err)
{
    if (!x->nalert)
        return note(x, err,
                    "response: skipped: no safety alerts (events "
                    "emergency_alert, fall_risk, sos, low_activity, "
                    "no_response, device_offline)");
    size_t *tl = malloc((x->ns + 1) * sizeof *tl),
           nt = tl ? tech_list(x, tl) : 0;
    double *v = malloc((x->nalert + 1) * sizeof *v), xmax = 0;
    size_t *nall = calloc(nt + 1, sizeof *nall);
    ssp_status st = SSP_OK;
    if (!tl || !v || !nall) {
        st = ssp_error_nomem(err);
        goto done;
    }
    /* First the curves to draw and the longest time. */
    size_t ncurves = 0;
    for (size_t t = 0; t < nt; t++) {
        size_t n = 0, na = 0;
        for (size_t i = 0; i < x->nalert; i++)
            if (x->s[x->alert[i].subj].tech == tl[t]) {
                n++;
                if (!isnan(x->alert[i].v)) {
                    na++;
                    xmax = fmax(xmax, x->alert[i].v);
                }
            }
        if (!n)
            continue;
        const char *tn = str(x, tl[t]);
        if ((long)n < x->o.min_n) {
            if ((st = note(x, err,
                           "response: %s: %zu alerts, fewer than --min-n "
                           "%ld: left out",
                           tn, n, x->o.min_n)))
                goto done;
            continue;
        }
        if (!na) {
            if ((st = note(x, err,
                           "response: %s: no alert acknowledged: "
                           "left out",
                           tn)))
                goto done;
            continue;
        }
        nall[t] = n;
        ncurves++;
    }
    if (!ncurves) {
        st = note(x, err,
                  "response: skipped: no technology has --min-n %ld "
                  "alerts with one acknowledged",
                  x->o.min_n);
        goto done;
    }
    xmax = fmax(xmax, x->o.target) * 1.05;
    preamble(x, fp);
    for (size_t t = 0; t < nt; t++) {
        if (!nall[t])
            continue;
        size_t na = 0;
        for (size_t i = 0; i < x->nalert; i++)
            if (x->s[x->alert[i].subj].tech == tl[t] && !isnan(x->alert[i].v))
                v[na++] = x->alert[i].v;
        qsort(v, na, sizeof *v, cmp_double);
        /* From (0, 0), a step up at each time, on to the right edge. */
        fprintf(fp, "$r%zu << EOD\n0 0\n", t);
        for (size_t i = 0; i <= na; i++) {
            num(fp, i < na ? v[i] : xmax);
            putc(' ', fp);
            num(fp, 100.0 * (double)(i < na ? i + 1 : na) / (double)nall[t]);
            putc('\n', fp);
        }
        fputs("EOD\n", fp);
    }
    char tg[SSP_NUM_BUFSZ], lab[512];
    ssp_fmt_double(x->o.target, tg);
    title(x, fp,
          L(x, "안전 알림 확인까지 걸린 시간 (누적 분포)",
            "Minutes from a safety alert to its acknowledgement "
            "(cumulative)"));
    fputs("set xrange [0:", fp);
    num(fp, xmax);
    fputs("]\nset yrange [0:102]\nset ytics 0,20,100\n", fp);
    fputs("set xlabel ", fp);
    q(fp,
      L(x, "알림부터 확인까지 (분)", "minutes from alert to acknowledgement"));
    fputs("\nset ylabel ", fp);
    q(fp, L(x, "확인된 알림 (전체 알림 대비 %)",
            "alerts acknowledged (% of all alerts)"));
    fputs("\nset arrow 1 from ", fp);
    num(fp, x->o.target);
    fputs(", graph 0 to ", fp);
    num(fp, x->o.target);
    fprintf(fp, ", graph 1 nohead lc rgb %u dt 2 lw 1.5\n", TARGET_RGB);
    snprintf(lab, sizeof lab, x->en ? " target %s min" : " 목표 %s분", tg);
    fputs("set label 1 ", fp);
    q(fp, lab);
    fputs(" at ", fp);
    num(fp, x->o.target);
    fprintf(fp, ", graph 0.04 left boxed tc rgb %u front\n", TARGET_RGB);
    fputs("set key right bottom Left reverse samplen 2 opaque\n", fp);
    fputs("plot ", fp);
    int first = 1;
    for (size_t t = 0; t < nt; t++) {
        if (!nall[t])
            continue;
        size_t within = 0;
        for (size_t i = 0; i < x->nalert; i++)
            within += x->s[x->alert[i].subj].tech == tl[t] &&
                      !isnan(x->alert[i].v) && x->alert[i].v <= x->o.target;
        char share[SSP_NUM_BUFSZ];
        ssp_fmt_double(round(1000.0 * (double)within / (double)nall[t]) / 10,
                       share);
        if (x->en)
            snprintf(lab, sizeof lab, "%s (n=%zu; %s%% within %s min)",
                     label(x, techs, str(x, tl[t])), nall[t], share, tg);
        else
            snprintf(lab, sizeof lab, "%s (n=%zu, %s분 이내 %s%%)",
                     label(x, techs, str(x, tl[t])), nall[t], tg, share);
        fprintf(fp, "%s$r%zu using 1:2 with steps lw 2.2 lc rgb %u title ",
                first ? "" : ", \\\n  ", t, tech_rgb(x, tl[t]));
        q(fp, lab);
        first = 0;
    }
    fputs("\n", fp);
    *drawn = 1;
done:
    free(tl);
    free(v);
    free(nall);
    return st;
}

/* ---- 5. plate waste by food category ------------------------------------ */

static ssp_status plate_waste(ssp_plot *x, FILE *fp, int *drawn, ssp_error *err)
{
    /* The categories, in the order of the usage schema. */
    size_t *cats = malloc((x->nf + 1) * sizeof *cats), nc = 0;
    unsigned char *seen = calloc(x->ns + 1, 1);
    struct food *sub = malloc((x->nf + 1) * sizeof *sub);
    char *ticbuf = NULL;
    size_t ticlen = 0;
    FILE *tics = NULL;
    ssp_status st = SSP_OK;
    if (!cats || !seen || !sub) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < x->nf; i++) {
        size_t k = 0;
        while (k < nc && cats[k] != x->f[i].cat)
            k++;
        if (k == nc && x->f[i].cat != NONE)
            cats[nc++] = x->f[i].cat;
    }
    for (size_t i = 1; i < nc; i++)
        for (size_t j = i;
             j > 0 && by_table(x, foods, cats[j - 1], cats[j]) > 0; j--) {
            size_t tmp = cats[j];
            cats[j] = cats[j - 1];
            cats[j - 1] = tmp;
        }
    double total[2] = {0, 0}, ymax = 0;
    size_t nbars = 0, nsub;
    preamble(x, fp);
    fputs("$w << EOD\n", fp);
    if (!(tics = open_memstream(&ticbuf, &ticlen))) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t c = 0; c <= nc; c++) {
        /* c == nc: all food (served_g and leftover_g). */
        size_t cat = c < nc ? cats[c] : NONE, n = 0;
        double g[2] = {0, 0};
        for (size_t i = 0; i < x->nf; i++)
            if (x->f[i].cat == cat) {
                g[x->f[i].left] += x->f[i].g;
                sub[n++] = x->f[i];
            }
        nsub = distinct(x, sub, n, sizeof *sub, seen);
        if (!(g[0] > 0))
            continue;
        if ((long)nsub < x->o.min_n) {
            if ((st =
                     note(x, err,
                          "plate-waste: %s: %zu subjects, fewer than "
                          "--min-n %ld: left out",
                          c < nc ? str(x, cat) : "all food", nsub, x->o.min_n)))
                goto done;
            continue;
        }
        double w = 100 * g[1] / g[0];
        if (c == nc) {
            total[0] = w;
            total[1] = 1;
            continue;
        }
        ymax = fmax(ymax, w);
        fprintf(fp, "%zu ", nbars);
        num(fp, w);
        putc('\n', fp);
        fputs(nbars ? ", " : "", tics);
        q(tics, label(x, foods, str(x, cat)));
        fprintf(tics, " %zu", nbars);
        nbars++;
    }
    fputs("EOD\n", fp);
    if (fclose(tics) != 0) {
        tics = NULL;
        st = ssp_error_nomem(err);
        goto done;
    }
    tics = NULL;
    if (!nbars) {
        st = note(x, err,
                  x->nf ? "plate-waste: skipped: no food category has "
                          "--min-n subjects"
                        : "plate-waste: skipped: no food scanner data "
                          "(usage served_g.CATEGORY, leftover_g.CATEGORY)");
        goto done;
    }
    title(x, fp,
          L(x, "음식 종류별 잔반율 (AI 푸드스캐너: 남긴 양 ÷ 제공량)",
            "Plate waste by food category (food scanner: left over "
            "÷ served)"));
    fprintf(fp, "set xtics (%s)\nset grid noxtics\n", ticbuf);
    fprintf(fp, "set xrange [-0.6:%g]\n", (double)nbars - 0.4);
    ymax = fmax(ymax, total[0]);
    fputs("set yrange [0:", fp);
    num(fp, ymax > 0 ? ymax * 1.18 : 1);
    fputs("]\nset ylabel ", fp);
    q(fp, L(x, "잔반율 (제공량 대비 %)", "plate waste (% of served weight)"));
    fputs("\nset boxwidth 0.62\nset style fill solid 0.85 noborder\n", fp);
    if (total[1]) {
        char lab[128], tv[SSP_NUM_BUFSZ];
        ssp_fmt_double(round(total[0] * 10) / 10, tv);
        fputs("set arrow 1 from graph 0, first ", fp);
        num(fp, total[0]);
        fputs(" to graph 1, first ", fp);
        num(fp, total[0]);
        fprintf(fp, " nohead lc rgb %u dt 2 lw 1.5 front\n", DARK);
        snprintf(lab, sizeof lab, x->en ? "all food %s%%" : "전체 %s%%", tv);
        fputs("set label 1 ", fp);
        q(fp, lab);
        fputs(" at graph 1, first ", fp);
        num(fp, total[0]);
        fprintf(fp, " right offset -0.5,0.7 boxed tc rgb %u front\n", DARK);
    }
    fprintf(fp,
            "plot $w using 1:2 with boxes lc rgb %u, \\\n"
            "  $w using 1:2:(sprintf('%%.1f%%%%', $2)) with labels "
            "offset 0,0.8\n",
            techs[1].rgb);
    *drawn = 1;
done:
    if (tics)
        fclose(tics);
    free(ticbuf);
    free(cats);
    free(seen);
    free(sub);
    return st;
}

/* ---- 6. minutes from void to change: a histogram ------------------------ */

static ssp_status void_to_change(ssp_plot *x, FILE *fp, int *drawn,
                                 ssp_error *err)
{
    if (!x->nvtc)
        return note(x, err,
                    "void-to-change: skipped: no smart diaper data "
                    "(usage void_to_change_minutes)");
    unsigned char *seen = calloc(x->ns + 1, 1);
    double *v = malloc(x->nvtc * sizeof *v);
    size_t *count = NULL;
    ssp_status st = SSP_OK;
    if (!seen || !v) {
        st = ssp_error_nomem(err);
        goto done;
    }
    size_t nsub = distinct(x, x->vtc, x->nvtc, sizeof *x->vtc, seen), n = 0;
    if ((long)nsub < x->o.min_n) {
        st = note(x, err,
                  "void-to-change: skipped: %zu subjects, fewer than "
                  "--min-n %ld",
                  nsub, x->o.min_n);
        goto done;
    }
    for (size_t i = 0; i < x->nvtc; i++)
        v[n++] = x->vtc[i].v;
    qsort(v, n, sizeof *v, cmp_double);
    /* Bins of Freedman and Diaconis' width, rounded to a nice number. */
    double iqr = quantile(v, n, 0.75) - quantile(v, n, 0.25),
           range = v[n - 1] - v[0], med = quantile(v, n, 0.5);
    double h = 2 * iqr / cbrt((double)n);
    if (!(h > 0))
        h = range > 0 ? range / 10 : 1;
    h = nice_step(h);
    while (range / h > 60)
        h = nice_step(h * 1.5);
    double b0 = floor(v[0] / h) * h;
    size_t nb = (size_t)floor((v[n - 1] - b0) / h) + 1;
    if (!(count = calloc(nb, sizeof *count))) {
        st = ssp_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)floor((v[i] - b0) / h);
        count[b < nb ? b : nb - 1]++;
    }
    preamble(x, fp);
    fputs("$v << EOD\n", fp);
    for (size_t b = 0; b < nb; b++) {
        num(fp, b0 + ((double)b + 0.5) * h);
        fprintf(fp, " %zu\n", count[b]);
    }
    fputs("EOD\n", fp);
    char t[512], mv[SSP_NUM_BUFSZ];
    ssp_fmt_double(round(med * 10) / 10, mv);
    snprintf(t, sizeof t,
             x->en ? "Minutes from a void to the diaper change (smart "
                     "diaper; daily mean; %zu subjects, %zu subject-days)"
                   : "배뇨 후 기저귀 교체까지 걸린 시간 (스마트 기저귀, "
                     "하루 평균; 대상자 %zu명, %zu 대상자-일)",
             nsub, n);
    title(x, fp, t);
    fputs("set boxwidth ", fp);
    num(fp, h * 0.92);
    fputs(" absolute\nset style fill solid 0.85 noborder\n", fp);
    fputs("set xrange [", fp);
    num(fp, fmax(0, b0 - h));
    putc(':', fp);
    num(fp, b0 + ((double)nb + 1) * h);
    fputs("]\nset yrange [0:*]\nset grid noxtics\nset xlabel ", fp);
    q(fp, L(x, "배뇨부터 교체까지 (분, 하루 평균)",
            "minutes from void to change (daily mean)"));
    fputs("\nset ylabel ", fp);
    q(fp, L(x, "대상자-일", "subject-days"));
    fputs("\nset arrow 1 from ", fp);
    num(fp, med);
    fputs(", graph 0 to ", fp);
    num(fp, med);
    fprintf(fp, ", graph 1 nohead lc rgb %u dt 2 lw 1.5 front\n", DARK);
    snprintf(t, sizeof t, x->en ? " median %s min" : " 중앙값 %s분", mv);
    fputs("set label 1 ", fp);
    q(fp, t);
    fputs(" at ", fp);
    num(fp, med);
    fprintf(fp, ", graph 0.96 left boxed tc rgb %u front\n", DARK);
    fprintf(fp, "plot $v using 1:2 with boxes lc rgb %u\n", techs[3].rgb);
    *drawn = 1;
done:
    free(seen);
    free(v);
    free(count);
    return st;
}

/* ---- the charts --------------------------------------------------------- */

ssp_status ssp_plot_script(ssp_plot *x, int chart, char **script, size_t *len,
                           ssp_error *err)
{
    static ssp_status (*const make[SSP_NCHARTS])(ssp_plot *, FILE *, int *,
                                                 ssp_error *) = {
        forest, prepost, utilization, response, plate_waste, void_to_change};
    *script = NULL;
    *len = 0;
    /* Only the forest comes from the results; the others need data. */
    if (chart != SSP_CHART_FOREST && !x->ndatasets)
        return chart == SSP_CHART_PREPOST
                   ? note(x, err,
                          "prepost, utilization, response, "
                          "plate-waste, void-to-change: skipped: no "
                          "dataset given")
                   : SSP_OK;
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    if (!fp)
        return ssp_error_nomem(err);
    int drawn = 0;
    ssp_status st = make[chart](x, fp, &drawn, err);
    if (fclose(fp) != 0 && !st)
        st = ssp_error_nomem(err);
    if (st || !drawn) {
        free(buf);
        return st;
    }
    *script = buf;
    *len = n;
    return SSP_OK;
}
