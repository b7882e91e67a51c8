/* report.c: the Excel workbook of indicator results: a summary per
 * technology and region with verdict colours, the full results table
 * with typed cells, a sheet per technology with native charts, data
 * quality from the ingest manifests, and provenance. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ssp/flow.h"
#include "ssp/flowdraw.h"
#include "ssp/indicators.h"
#include "ssp/io.h"
#include "ssp/plan.h"
#include "ssp/report.h"

struct wb {
    lxw_workbook *book;
    lxw_format *head, *title, *count, *dec, *pct, *pval, *date, *wrap;
    lxw_format *verdict[4];
    const ssp_report_options *o;
    ssp_error *err;
    lxw_worksheet *table; /* the results table */
    lxw_row_t nrows;      /* its rows so far */
    json_t *root;         /* the results JSON but its results */
    json_t *kept;         /* the rows without a disaggregation */
    const json_t *res;    /* = kept */
    json_t *by;           /* the by columns */
    char (*names)[128];   /* the sheet names given so far */
    size_t nnames, maxnames;
    json_t **plans;  /* o->plans, loaded */
    json_t **judged; /* each judged by ssp_plan_judge */
    int *used;       /* whether a plan's technology and region has
                      * a row of the summary */
    ssp_status st;   /* a sheet could not be added */
};

/* The words of the workbook, Korean and English. */
enum {
    W_SUMMARY,
    W_INDICATORS,
    W_QUALITY,
    W_PROVENANCE,
    W_SUPPRESSED,
    W_IMPROVED,
    W_NO_EVIDENCE,
    W_WORSE,
    W_NOT_EVALUABLE,
    W_TECHNOLOGY,
    W_REGION,
    W_PARTICIPANTS,
    W_COMPLETERS,
    W_HEADLINE,
    W_ESTIMATE,
    W_CI_LOW,
    W_CI_HIGH,
    W_P_ADJ,
    W_VERDICT,
    W_UTILIZATION,
    W_SATISFACTION,
    W_ALERTS,
    W_INDICATOR,
    W_BEFORE,
    W_AFTER,
    W_WEEK,
    W_SUBJECTS,
    W_ADHERENCE,
    W_EFFECTS,
    W_PREPOST,
    W_WEEKLY,
    W_DATASET,
    W_FILE,
    W_TABLE,
    W_READ,
    W_ACCEPTED,
    W_REJECTED,
    W_DUPLICATES,
    W_FILTERED,
    W_REJECTED_PCT,
    W_ITEM,
    W_VALUE,
    W_NO_MANIFEST,
    W_NO_DATASET,
    W_CODE,
    W_CRITERION,
    W_PLAN_VERDICT,
    W_REASON,
    W_FLOW,
    W_ARM,
    W_STAGE,
    W_N,
    W_WHY,
    NWORDS
};

static const char *const words[NWORDS][2] = {
    {"요약", "Summary"},
    {"지표", "Indicators"},
    {"자료 품질", "Data quality"},
    {"출처", "Provenance"},
    {"비공개", "suppressed"},
    {"개선", "improved"},
    {"근거 없음", "no evidence"},
    {"악화", "worse"},
    {"평가 불가", "not evaluable"},
    {"기술", "technology"},
    {"지역", "region"},
    {"참여자", "participants"},
    {"사후 평가 완료", "completers"},
    {"대표 효과 지표", "headline effect"},
    {"추정값", "estimate"},
    {"신뢰구간 하한", "CI low"},
    {"신뢰구간 상한", "CI high"},
    {"보정 p", "adjusted p"},
    {"판정", "verdict"},
    {"이용률(%)", "active users (%)"},
    {"만족도(평균)", "satisfaction (mean)"},
    {"1,000인일당 알림", "alerts per 1,000 person-days"},
    {"지표", "indicator"},
    {"사전 평균", "mean before"},
    {"사후 평균", "mean after"},
    {"주(월요일)", "week (Monday)"},
    {"대상자", "subjects"},
    {"이용일 비율(%)", "days used (%)"},
    {"효과 추정값과 신뢰구간", "Effects with their confidence intervals"},
    {"사전·사후 평균", "Means before and after"},
    {"주별 이용(중재군)", "Weekly use (intervention arm)"},
    {"자료", "dataset"},
    {"파일", "file"},
    {"표", "table"},
    {"읽은 행", "rows read"},
    {"수용", "accepted"},
    {"거부", "rejected"},
    {"중복", "duplicates"},
    {"제외", "filtered"},
    {"거부율(%)", "rejected (%)"},
    {"항목", "item"},
    {"값", "value"},
    {"manifest.json 없음", "no manifest.json"},
    {"자료 폴더가 주어지지 않음", "no dataset folder given"},
    {"코드", "code"},
    {"평가 기준(실증계획)", "criterion (plan)"},
    {"실증계획 판정", "plan verdict"},
    {"판정 사유", "reason"},
    {"참여자 흐름", "Participant flow"},
    {"군", "arm"},
    {"단계", "stage"},
    {"인원", "n"},
    {"사유", "reason"},
};

static const char *W(const struct wb *b, int w)
{
    return words[w][b->o->en];
}

/* Sheet names of the technologies in Korean. */
static const char *tech_name(const struct wb *b, const char *tech)
{
    static const char *const ko[][2] = {{"huggy_vest", "돌봄조끼"},
                                        {"food_scanner", "푸드스캐너"},
                                        {"cognitive_kiosk", "인지키오스크"},
                                        {"smart_diaper", "스마트기저귀"},
                                        {"exercise_bike", "운동자전거"},
                                        {"ai_band_speaker", "AI밴드스피커"}};
    for (size_t i = 0; !b->o->en && i < sizeof ko / sizeof ko[0]; i++)
        if (!strcmp(ko[i][0], tech))
            return ko[i][1];
    return tech;
}

static const char *sget(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double nget(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Text is always a string cell, never a formula, whatever it starts
 * with (= + - @ tab CR included). */
static void put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                     lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, r, c, s, f);
}

static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
                    lxw_format *f)
{
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, f);
}

static int is_margin(const json_t *row)
{
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(row, "by"), k,
                        v) if (!json_is_null(v)) return 0;
    return 1;
}

static int suppressed(const json_t *row)
{
    return json_is_true(json_object_get(row, "suppressed"));
}

/* 1 improved, 2 no evidence, 3 worse, 0 not evaluable (no p). */
static int verdict(const struct wb *b, const json_t *row)
{
    double p = nget(row, "p_adjusted"), est = nget(row, "estimate");
    if (isnan(p))
        p = nget(row, "p");
    const char *dir = sget(row, "direction");
    if (isnan(p) || isnan(est) || suppressed(row))
        return 0;
    if (!(p < b->o->alpha) || !strcmp(dir, "none"))
        return 2;
    return (est > 0) == !strcmp(dir, "higher") ? 1 : 3;
}

static lxw_format *num_format(const struct wb *b, const json_t *row,
                              const char *col)
{
    if (!strcmp(col, "p") || !strcmp(col, "p_adjusted"))
        return b->pval;
    if (!strcmp(col, "n"))
        return b->count;
    if (!strcmp(col, "numerator") || !strcmp(col, "denominator")) {
        double v = nget(row, col);
        return v == floor(v) ? b->count : b->dec;
    }
    if (!strcmp(sget(row, "unit"), "%") &&
        (!strcmp(col, "estimate") || !strcmp(col, "ci_low") ||
         !strcmp(col, "ci_high")))
        return b->pct;
    return b->dec;
}

/* ---- sheet names ------------------------------------------------------- */

/* The code point at s and its length in bytes (an invalid byte: U+FFFD,
 * one byte). */
static unsigned long utf8_next(const unsigned char *s, int *len)
{
    static const unsigned char lead[] = {0x00, 0xC0, 0xE0, 0xF0};
    static const unsigned long least[] = {0, 0x80, 0x800, 0x10000};
    int n = s[0] < 0x80                   ? 1
            : s[0] >= 0xC2 && s[0] < 0xE0 ? 2
            : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
            : s[0] >= 0xF0 && s[0] < 0xF5 ? 4
                                          : 0;
    unsigned long cp = n ? s[0] & ~lead[n - 1] & 0xFF : 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            n = 0;
            break;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (!n || cp < least[n - 1] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp < 0xE000)) {
        *len = 1;
        return 0xFFFD;
    }
    *len = n;
    return cp;
}

/* Lower case for the comparison of sheet names: ASCII, Latin-1, Greek
 * and Cyrillic capitals (Excel compares names case-insensitively). */
static unsigned long fold(unsigned long c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
        (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

static int same_name(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a,
                        *y = (const unsigned char *)b;
    while (*x && *y) {
        int lx, ly;
        if (fold(utf8_next(x, &lx)) != fold(utf8_next(y, &ly)))
            return 0;
        x += lx;
        y += ly;
    }
    return !*x && !*y;
}

char *ssp_report_sheet_name(const char *want, const char *const *used, size_t n,
                            char *out)
{
    /* The name's characters, cleaned, up to 31 UTF-16 units: their byte
     * offsets and the units up to each. */
    char base[128];
    size_t off[33], units[33], nc = 0, bl = 0, u = 0;
    const unsigned char *s = (const unsigned char *)(want ? want : "");
    while (*s && nc < 32) {
        int len;
        unsigned long cp = utf8_next(s, &len);
        int w = cp >= 0x10000 ? 2 : 1;
        if (u + (size_t)w > 31)
            break;
        off[nc] = bl;
        units[nc] = u;
        if (cp < 0x20 || cp == 0x7F ||
            (cp < 0x80 && strchr("[]:*?/\\", (int)cp)) ||
            (cp == '\'' && nc == 0) || cp == 0xFFFD) {
            base[bl++] = '_';
        } else {
            memcpy(base + bl, s, (size_t)len);
            bl += (size_t)len;
        }
        u += (size_t)w;
        nc++;
        s += len;
    }
    off[nc] = bl;
    units[nc] = u;
    for (unsigned k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, " (%u)", k);
        size_t room = 31 - strlen(suffix), m = nc;
        while (units[m] > room)
            m--;
        size_t len = off[m];
        memcpy(out, base, len);
        if (!len)
            out[len++] = '_';
        else if (!*suffix && out[len - 1] == '\'')
            out[len - 1] = '_';
        strcpy(out + len, suffix);
        int clash = same_name(out, "History");
        for (size_t i = 0; i < n && !clash; i++)
            clash = same_name(out, used[i]);
        if (!clash)
            return out;
    }
}

/* Keep name as a sheet's (the workbook's own sheets are kept first, so
 * that no technology takes their names). */
static int keep_name(struct wb *b, const char *name)
{
    if (b->nnames == b->maxnames) {
        void *p =
            ssp_grow(b->names, &b->maxnames, b->nnames + 1, sizeof *b->names);
        if (!p)
            return -1;
        b->names = p;
    }
    snprintf(b->names[b->nnames++], sizeof *b->names, "%s", name);
    return 0;
}

static void print_setup(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* One of the workbook's own sheets (its name kept by keep_name). */
static lxw_worksheet *sheet(struct wb *b, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->book, name);
    if (!ws) {
        b->st = ssp_error_set(b->err, SSP_EINTERNAL, NULL, 0, 0,
                              "cannot add the sheet '%s'", name);
        return NULL;
    }
    print_setup(ws);
    return ws;
}

/* A new sheet for a technology, named as close to name as Excel allows
 * and unlike the others (NULL, with b->st, if it cannot be added). The
 * name given is b->names[b->nnames - 1]. */
static lxw_worksheet *tech_worksheet(struct wb *b, const char *name)
{
    if (b->nnames == b->maxnames) {
        void *p =
            ssp_grow(b->names, &b->maxnames, b->nnames + 1, sizeof *b->names);
        if (!p) {
            b->st = ssp_error_nomem(b->err);
            return NULL;
        }
        b->names = p;
    }
    const char **used = malloc((b->nnames + 1) * sizeof *used);
    if (!used) {
        b->st = ssp_error_nomem(b->err);
        return NULL;
    }
    for (size_t i = 0; i < b->nnames; i++)
        used[i] = b->names[i];
    char *given =
        ssp_report_sheet_name(name, used, b->nnames, b->names[b->nnames]);
    free(used);
    lxw_worksheet *ws = NULL;
    if (workbook_validate_sheet_name(b->book, given) == LXW_NO_ERROR)
        ws = workbook_add_worksheet(b->book, given);
    if (!ws) {
        b->st =
            ssp_error_set(b->err, SSP_EINTERNAL, NULL, 0, 0,
                          "cannot add the sheet '%s' (for '%s')", given, name);
        return NULL;
    }
    b->nnames++;
    print_setup(ws);
    return ws;
}

static void header(struct wb *b, lxw_worksheet *ws, lxw_row_t r,
                   const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(ws, r, (lxw_col_t)i, cols[i], b->head);
}

/* ---- the sheets --------------------------------------------------------- */

static const char *const numeric[] = {
    "n",          "numerator", "denominator", "factor", "estimate",
    "ci_low",     "ci_high",   "statistic",   "df",     "p",
    "p_adjusted", "effect",    NULL};

static int is_numeric(const char *col)
{
    for (size_t i = 0; numeric[i]; i++)
        if (!strcmp(numeric[i], col))
            return 1;
    return 0;
}

static const char *const ihead[] = {"indicator",  "label",  "domain",
                                    "technology", "region", "arm"};
static const char *const itail[] = {
    "n",      "numerator",  "denominator", "factor",        "estimate",
    "ci_low", "ci_high",    "ci_method",   "statistic",     "df",
    "p",      "p_adjusted", "effect",      "effect_method", "estimand",
    "unit",   "direction",  "suppressed",  "note"};
#define NTAIL (sizeof itail / sizeof itail[0])

/* The results table's header; its columns after the by columns. */
static void indicators_header(struct wb *b)
{
    lxw_worksheet *ws = b->table;
    size_t nby = json_array_size(b->by), ncol = 6 + nby + NTAIL + 1;
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 1, 36, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)(5 + nby), 16, NULL);
    worksheet_set_column(ws, (lxw_col_t)(6 + nby), (lxw_col_t)(ncol - 1), 12,
                         NULL);
    worksheet_freeze_panes(ws, 1, 1);
    lxw_col_t c = 0;
    for (size_t i = 0; i < 6; i++)
        worksheet_write_string(ws, 0, c++, ihead[i], b->head);
    for (size_t i = 0; i < nby; i++)
        worksheet_write_string(
            ws, 0, c++, json_string_value(json_array_get(b->by, i)), b->head);
    for (size_t i = 0; i < NTAIL; i++)
        worksheet_write_string(ws, 0, c++, itail[i], b->head);
    worksheet_write_string(ws, 0, c, "verdict", b->head);
}

/* One row of the results table (rows come one at a time, in order). */
static void indicators_row(struct wb *b, const json_t *row)
{
    lxw_worksheet *ws = b->table;
    size_t nby = json_array_size(b->by);
    lxw_row_t y = ++b->nrows;
    lxw_col_t c = 0;
    for (size_t i = 0; i < 6; i++)
        put_text(ws, y, c++, sget(row, ihead[i]), NULL);
    for (size_t i = 0; i < nby; i++) {
        json_t *v =
            json_object_get(json_object_get(row, "by"),
                            json_string_value(json_array_get(b->by, i)));
        put_text(ws, y, c++, json_string_value(v), NULL);
    }
    for (size_t i = 0; i < NTAIL; i++, c++) {
        if (!strcmp(itail[i], "suppressed"))
            worksheet_write_boolean(ws, y, c, suppressed(row), NULL);
        else if (!is_numeric(itail[i]))
            put_text(ws, y, c, sget(row, itail[i]), NULL);
        else if (suppressed(row) && strcmp(itail[i], "factor"))
            worksheet_write_string(ws, y, c, W(b, W_SUPPRESSED), NULL);
        else
            put_num(ws, y, c, nget(row, itail[i]),
                    num_format(b, row, itail[i]));
    }
    int v = verdict(b, row);
    if (v)
        worksheet_write_string(ws, y, c, W(b, W_IMPROVED + v - 1),
                               b->verdict[v]);
}

/* ---- reading the results, one at a time --------------------------------- */

/* A growing byte buffer. */
struct buf {
    char *s;
    size_t n, cap;
};

static int add(struct buf *a, char c)
{
    if (!(a->s =
              a->n + 1 < a->cap ? a->s : ssp_grow(a->s, &a->cap, a->n + 2, 1)))
        return -1;
    a->s[a->n++] = c;
    return 0;
}

/* Read the results JSON without holding its results array: every member
 * but the array's elements goes into head (parsed at the end into
 * b->root), each element is parsed alone and written as a row of the
 * table; rows without a disaggregation are kept in b->kept for the other
 * sheets. */
static ssp_status read_results(struct wb *b, FILE *fp, const char *name)
{
    struct buf head = {0}, elem = {0}, key = {0};
    int depth = 0, str = 0, esc = 0, inres = 0, c;
    long line = 1, eline = 0;
    ssp_status st = SSP_OK;
    json_error_t je;
    char lastkey[16] = "";
    while (!st && (c = getc(fp)) != EOF) {
        line += c == '\n';
        int in_elem = inres && (depth > 2 || (depth == 2 && c == '{' && !str));
        if (str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"') {
                str = 0;
                if (depth == 1 && add(&key, 0) == 0)
                    snprintf(lastkey, sizeof lastkey, "%s", key.s);
            } else if (depth == 1 && add(&key, (char)c))
                st = SSP_EINTERNAL;
        } else if (c == '"') {
            str = 1;
            key.n = 0;
        } else if (c == '{' || c == '[') {
            if (depth == 1 && c == '[' && !strcmp(lastkey, "results"))
                inres = 1;
            if (in_elem && depth == 2)
                eline = line;
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
            if (inres && depth == 1)
                inres = 0;
        }
        if (st)
            break;
        if (!in_elem) {
            if (!inres || depth < 2 || c == '[')
                st = add(&head, (char)c) ? SSP_EINTERNAL : SSP_OK;
            continue;
        }
        if (add(&elem, (char)c)) {
            st = SSP_EINTERNAL;
            break;
        }
        if (depth == 2 && c == '}' && !str) { /* an element is complete */
            json_t *row =
                json_loadb(elem.s, elem.n, JSON_REJECT_DUPLICATES, &je);
            elem.n = 0;
            if (!row && ssp_json_nomem(&je)) {
                st = ssp_error_nomem(b->err);
                break;
            }
            if (!row || !json_is_object(row)) {
                st = ssp_error_set(b->err, SSP_EDATA, name, eline, 0,
                                   "a result that is not an object: %s",
                                   row ? "" : je.text);
                json_decref(row);
                break;
            }
            if (!b->by) { /* the by columns: the first row's */
                json_t *by = json_array();
                const char *k;
                json_t *v;
                json_object_foreach(json_object_get(row, "by"), k, v)
                    json_array_append_new(by, json_string(k));
                b->by = by;
                indicators_header(b);
            }
            indicators_row(b, row);
            if (is_margin(row))
                json_array_append(b->kept, row);
            json_decref(row);
        }
    }
    if (st == SSP_EINTERNAL)
        ssp_error_nomem(b->err);
    if (!st && ferror(fp))
        st = ssp_error_set(b->err, SSP_EIO, name, 0, 0, "read error");
    if (!st && !(b->root = json_loadb(head.s ? head.s : "", head.n,
                                      JSON_REJECT_DUPLICATES, &je)))
        st = ssp_json_nomem(&je)
                 ? ssp_error_nomem(b->err)
                 : ssp_error_set(b->err, SSP_EDATA, name, je.line, je.column,
                                 "%s", je.text);
    json_t *pby = json_object_get(json_object_get(b->root, "parameters"), "by");
    if (!st && (!json_is_array(json_object_get(b->root, "results")) ||
                !json_is_array(pby)))
        st = ssp_error_set(b->err, SSP_EDATA, name, 0, 0,
                           "not the JSON of ssp indicators --json (no "
                           "results or parameters.by)");
    if (!st && !b->by) { /* no rows */
        b->by = json_incref(pby);
        indicators_header(b);
    }
    if (!st)
        worksheet_autofilter(b->table, 0, 0, b->nrows,
                             (lxw_col_t)(6 + json_array_size(b->by) + NTAIL));
    free(head.s);
    free(elem.s);
    free(key.s);
    return st;
}

/* The row of code for technology and region, arm arm, margin; NULL if
 * none. */
static const json_t *find(const struct wb *b, const char *code,
                          const char *tech, const char *region, const char *arm)
{
    size_t i;
    const json_t *row;
    json_array_foreach(b->res, i, row)
    {
        if (!strcmp(sget(row, "indicator"), code) &&
            !strcmp(sget(row, "technology"), tech) &&
            !strcmp(sget(row, "region"), region) &&
            !strcmp(sget(row, "arm"), arm) && is_margin(row))
            return row;
    }
    return NULL;
}

/* A value of row (NULL: none), or the suppressed marker. */
static void put_value(struct wb *b, lxw_worksheet *ws, lxw_row_t y, lxw_col_t c,
                      const json_t *row, const char *col)
{
    if (row && suppressed(row))
        worksheet_write_string(ws, y, c, W(b, W_SUPPRESSED), NULL);
    else if (row)
        put_num(ws, y, c, nget(row, col), num_format(b, row, col));
}

/* The technologies (and regions) of the results, in order of appearance:
 * the intervention arm's margin rows. */
static size_t groups(const struct wb *b, const json_t **first, size_t max,
                     int by_region)
{
    size_t n = 0, i;
    const json_t *row;
    json_array_foreach(b->res, i, row)
    {
        if (strcmp(sget(row, "arm"), "intervention") || !is_margin(row))
            continue;
        size_t k = 0;
        while (k < n &&
               (strcmp(sget(first[k], "technology"), sget(row, "technology")) ||
                (by_region &&
                 strcmp(sget(first[k], "region"), sget(row, "region")))))
            k++;
        if (k == n && n < max)
            first[n++] = row;
    }
    return n;
}

/* The headline effect: the first paired change of the intervention arm
 * with an estimate (else the first, suppressed or not). */
static const json_t *headline(const struct wb *b, const char *tech,
                              const char *region)
{
    const json_t *any = NULL, *row;
    size_t i;
    json_array_foreach(b->res, i, row)
    {
        if (strcmp(sget(row, "type"), "paired_change") ||
            strcmp(sget(row, "technology"), tech) ||
            strcmp(sget(row, "region"), region) ||
            strcmp(sget(row, "arm"), "intervention") || !is_margin(row))
            continue;
        if (!isnan(nget(row, "estimate")))
            return row;
        any = any ? any : row;
    }
    return any;
}

/* The plan for technology and region (an index into b->plans), or -1. */
static long plan_of(const struct wb *b, const char *tech, const char *region)
{
    for (size_t k = 0; k < b->o->nplans; k++)
        if (!strcmp(sget(b->plans[k], "technology"), tech) &&
            !strcmp(sget(b->plans[k], "region"), region))
            return (long)k;
    return -1;
}

/* The plan's headline: its first primary criterion as judged (else its
 * first criterion); NULL if it has none. */
static const json_t *plan_headline(const json_t *judged)
{
    const json_t *crits = json_object_get(judged, "criteria"), *c;
    size_t i;
    json_array_foreach(crits, i,
                       c) if (!strcmp(sget(c, "role"), "primary")) return c;
    return json_array_get(crits, 0);
}

/* The colour of an outcome of ssp_plan_judge. */
static lxw_format *outcome_format(const struct wb *b, const char *outcome)
{
    return b->verdict[!strcmp(outcome, "met")       ? 1
                      : !strcmp(outcome, "not_met") ? 3
                                                    : 0];
}

/* A summary row's headline from the plan: the criterion's indicator,
 * values and outcome, the rule, the plan's verdict and the reason. */
static void plan_row(struct wb *b, lxw_worksheet *ws, lxw_row_t y,
                     const char *t, const char *reg, const json_t *judged)
{
    const json_t *c = plan_headline(judged);
    if (c) {
        const json_t *h = find(b, sget(c, "indicator"), t, reg, sget(c, "arm"));
        const char *label = sget(c, "label");
        put_text(ws, y, 4, *label ? label : sget(c, "indicator"), NULL);
        if (h) {
            put_value(b, ws, y, 5, h, "estimate");
            put_value(b, ws, y, 6, h, "ci_low");
            put_value(b, ws, y, 7, h, "ci_high");
            put_value(b, ws, y, 8, h, "p_adjusted");
        }
        const char *out = sget(c, "outcome");
        worksheet_write_string(ws, y, 9, ssp_plan_outcome_word(out, b->o->en),
                               outcome_format(b, out));
        char rule[256];
        snprintf(rule, sizeof rule, "%s %s: %s", sget(c, "id"),
                 sget(c, "indicator"), sget(c, "rule"));
        put_text(ws, y, 13, rule, NULL);
        put_text(ws, y, 15, sget(c, "reason"), NULL);
    }
    const char *v = sget(judged, "verdict");
    worksheet_write_string(ws, y, 14, ssp_plan_outcome_word(v, b->o->en),
                           outcome_format(b, v));
}

static void summary_sheet(struct wb *b, lxw_worksheet *ws)
{
    const char *cols[] = {
        W(b, W_TECHNOLOGY), W(b, W_REGION),      W(b, W_PARTICIPANTS),
        W(b, W_COMPLETERS), W(b, W_HEADLINE),    W(b, W_ESTIMATE),
        W(b, W_CI_LOW),     W(b, W_CI_HIGH),     W(b, W_P_ADJ),
        W(b, W_VERDICT),    W(b, W_UTILIZATION), W(b, W_SATISFACTION),
        W(b, W_ALERTS),     W(b, W_CRITERION),   W(b, W_PLAN_VERDICT),
        W(b, W_REASON)};
    worksheet_set_column(ws, 0, 1, 18, NULL);
    worksheet_set_column(ws, 2, 3, 12, NULL);
    worksheet_set_column(ws, 4, 4, 40, NULL);
    worksheet_set_column(ws, 5, 12, 14, NULL);
    worksheet_set_column(ws, 13, 13, 40, NULL);
    worksheet_set_column(ws, 14, 14, 14, NULL);
    worksheet_set_column(ws, 15, 15, 60, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    header(b, ws, 0, cols, b->o->nplans ? 16 : 13);
    const json_t **g = malloc((json_array_size(b->res) + 1) * sizeof *g);
    if (!g) {
        b->st = ssp_error_nomem(b->err);
        return;
    }
    size_t n = groups(b, g, json_array_size(b->res), 1);
    for (size_t i = 0; i < n; i++) {
        const char *t = sget(g[i], "technology"), *reg = sget(g[i], "region");
        lxw_row_t y = (lxw_row_t)(i + 1);
        put_text(ws, y, 0, t, NULL);
        put_text(ws, y, 1, reg, NULL);
        const json_t *dq = find(b, "DQ_ENDLINE", t, reg, "intervention");
        put_value(b, ws, y, 2, dq, "denominator");
        put_value(b, ws, y, 3, dq, "numerator");
        long k = plan_of(b, t, reg);
        const json_t *h = k < 0 ? headline(b, t, reg) : NULL;
        if (k >= 0) {
            b->used[k] = 1;
            plan_row(b, ws, y, t, reg, b->judged[k]);
        } else if (h) {
            put_text(ws, y, 4, sget(h, "label"), NULL);
            put_value(b, ws, y, 5, h, "estimate");
            put_value(b, ws, y, 6, h, "ci_low");
            put_value(b, ws, y, 7, h, "ci_high");
            put_value(b, ws, y, 8, h, "p_adjusted");
        }
        int v = h ? verdict(b, h) : 0;
        if (k < 0)
            worksheet_write_string(
                ws, y, 9, W(b, v ? W_IMPROVED + v - 1 : W_NOT_EVALUABLE),
                b->verdict[v]);
        put_value(b, ws, y, 10, find(b, "UTL_ACTIVE", t, reg, "intervention"),
                  "estimate");
        put_value(b, ws, y, 11, find(b, "SAT_MEAN", t, reg, "intervention"),
                  "estimate");
        put_value(b, ws, y, 12,
                  find(b, "SAF_ALERT_RATE", t, reg, "intervention"),
                  "estimate");
    }
    free(g);
    /* A plan whose technology and region have no results: judged all the
     * same (its criteria not evaluable, as its statement says). */
    lxw_row_t y = (lxw_row_t)(n + 1);
    for (size_t k = 0; k < b->o->nplans; k++)
        if (!b->used[k]) {
            put_text(ws, y, 0, sget(b->plans[k], "technology"), NULL);
            put_text(ws, y, 1, sget(b->plans[k], "region"), NULL);
            plan_row(b, ws, y++, sget(b->plans[k], "technology"),
                     sget(b->plans[k], "region"), b->judged[k]);
        }
}

/* A series of a chart from a table on sheet: the values of column col
 * and the categories of column cat, rows head + 1 to last, named by the
 * header cell of the values' own column (so that a series' name and its
 * values cannot part). */
static lxw_chart_series *column_series(lxw_chart *ch, const char *sheet,
                                       lxw_row_t head, lxw_row_t last,
                                       lxw_col_t cat, lxw_col_t col)
{
    lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(se, sheet, head + 1, cat, last, cat);
    chart_series_set_values(se, sheet, head + 1, col, last, col);
    chart_series_set_name_range(se, sheet, head, col);
    return se;
}

/* One technology: its effects with their intervals, the means before and
 * after, and its weekly use, each a table with a chart beside it. */
static lxw_row_t tech_sheet(struct wb *b, const char *tech,
                            const ssp_ind_week *w, size_t nw)
{
    lxw_worksheet *ws = tech_worksheet(b, tech_name(b, tech));
    if (!ws)
        return 0;
    const char *name = b->names[b->nnames - 1];
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 3, 14, NULL);
    worksheet_set_column(ws, 4, 4, 26, NULL);
    lxw_chart_options big = {.x_scale = 1.6, .y_scale = 1.25};
    lxw_row_t y = 0;
    const json_t *row;
    size_t i;

    /* Effects: paired changes and arm differences with an estimate. */
    worksheet_write_string(ws, y++, 0, W(b, W_EFFECTS), b->title);
    const char *c1[] = {W(b, W_INDICATOR), W(b, W_ESTIMATE), W(b, W_CI_LOW),
                        W(b, W_CI_HIGH), W(b, W_CODE)};
    header(b, ws, y, c1, 5);
    lxw_row_t first = ++y;
    json_array_foreach(b->res, i, row)
    {
        const char *type = sget(row, "type");
        if (strcmp(sget(row, "technology"), tech) || !is_margin(row) ||
            (strcmp(type, "paired_change") && strcmp(type, "arm_difference")) ||
            isnan(nget(row, "estimate")) ||
            (strcmp(sget(row, "arm"), "intervention") &&
             strcmp(type, "arm_difference")))
            continue;
        put_text(ws, y, 0, sget(row, "label"), NULL);
        put_num(ws, y, 1, nget(row, "estimate"), b->dec);
        put_num(ws, y, 2, nget(row, "ci_low"), b->dec);
        put_num(ws, y, 3, nget(row, "ci_high"), b->dec);
        put_text(ws, y, 4, sget(row, "indicator"), NULL);
        y++;
    }
    if (y > first) {
        lxw_chart *ch = workbook_add_chart(b->book, LXW_CHART_LINE);
        /* The interval's ends and the estimate (columns 2, 1, 3): small
         * circles, a diamond, and the high-low line between. */
        static const lxw_col_t cols[] = {2, 1, 3};
        for (int s = 0; s < 3; s++) {
            lxw_chart_series *se =
                column_series(ch, name, first - 1, y - 1, 4, cols[s]);
            lxw_chart_line none = {.none = LXW_TRUE};
            chart_series_set_line(se, &none);
            int est = cols[s] == 1;
            chart_series_set_marker_type(se, est ? LXW_CHART_MARKER_DIAMOND
                                                 : LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_size(se, est ? 9 : 5);
            /* A dark estimate between grey ends (renderers that draw no
             * high-low line still tell them apart). */
            lxw_chart_fill fill = {.color = est ? 0x1F4E79 : 0x7F7F7F};
            chart_series_set_marker_fill(se, &fill);
            chart_series_set_marker_line(
                se, &(lxw_chart_line){.color = fill.color});
        }
        chart_set_high_low_lines(ch, NULL);
        chart_title_set_name(ch, W(b, W_EFFECTS));
        chart_axis_set_num_font(ch->x_axis, &(lxw_chart_font){.rotation = -45});
        chart_axis_set_label_position(ch->x_axis,
                                      LXW_CHART_AXIS_LABEL_POSITION_LOW);
        worksheet_insert_chart_opt(ws, first - 1, 6, ch, &big);
    }
    y = y > first + 20 ? y + 1 : first + 21;

    /* Means before and after, from the paired changes. */
    worksheet_write_string(ws, y++, 0, W(b, W_PREPOST), b->title);
    const char *c2[] = {W(b, W_INDICATOR), W(b, W_BEFORE), W(b, W_AFTER), "",
                        W(b, W_CODE)};
    header(b, ws, y, c2, 5);
    first = ++y;
    json_array_foreach(b->res, i, row)
    {
        json_t *p = json_object_get(row, "paired");
        if (!p || strcmp(sget(row, "technology"), tech) || !is_margin(row) ||
            strcmp(sget(row, "arm"), "intervention"))
            continue;
        put_text(ws, y, 0, sget(row, "label"), NULL);
        put_num(ws, y, 1, nget(p, "mean_pre"), b->dec);
        put_num(ws, y, 2, nget(p, "mean_post"), b->dec);
        put_text(ws, y, 4, sget(row, "indicator"), NULL);
        y++;
    }
    if (y > first) {
        lxw_chart *ch = workbook_add_chart(b->book, LXW_CHART_COLUMN);
        for (lxw_col_t col = 1; col <= 2; col++)
            column_series(ch, name, first - 1, y - 1, 4, col);
        chart_title_set_name(ch, W(b, W_PREPOST));
        worksheet_insert_chart_opt(ws, first - 1, 6, ch, &big);
    }
    y = y > first + 20 ? y + 1 : first + 21;

    /* Weekly use, from the datasets. */
    worksheet_write_string(ws, y++, 0, W(b, W_WEEKLY), b->title);
    if (!b->o->ndatasets) {
        worksheet_write_string(ws, y++, 0, W(b, W_NO_DATASET), NULL);
        return y;
    }
    const char *c3[] = {W(b, W_WEEK), W(b, W_SUBJECTS), W(b, W_ADHERENCE)};
    header(b, ws, y, c3, 3);
    first = ++y;
    for (size_t k = 0; k < nw; k++) {
        if (strcmp(w[k].technology, tech))
            continue;
        /* Excel's date serial: days since 1899-12-30. */
        worksheet_write_number(ws, y, 0, w[k].monday + 25569, b->date);
        worksheet_write_number(ws, y, 1, w[k].subjects, b->count);
        worksheet_write_number(
            ws, y, 2, 100 * w[k].used_days / w[k].observed_days, b->pct);
        y++;
    }
    if (y > first) {
        lxw_chart *ch = workbook_add_chart(b->book, LXW_CHART_LINE);
        column_series(ch, name, first - 1, y - 1, 0, 2);
        chart_axis_set_num_format(ch->x_axis, "yyyy-mm-dd");
        chart_title_set_name(ch, W(b, W_WEEKLY));
        chart_set_style(ch, 2);
        worksheet_insert_chart_opt(ws, first - 1, 6, ch, &big);
    }
    return y;
}

/* Each cohort's flow diagram (ssp plot flow's, as PNG) beside the table,
 * one under the other. */
static void flow_pictures(struct wb *b, lxw_worksheet *ws,
                          const ssp_flow_row *r, size_t n)
{
    lxw_row_t row = 1;
    for (size_t i = 0; i < n && !b->st; i++) {
        if (!ssp_flow_first(r, i))
            continue;
        char *png = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&png, &len);
        ssp_status st =
            fp ? ssp_flow_render(fp, SSP_PLOT_PNG, 900, r, n, r[i].technology,
                                 r[i].region, b->o->en, b->err)
               : ssp_error_nomem(b->err);
        if (fp && fclose(fp) && !st)
            st = ssp_error_nomem(b->err);
        if (!st && len > 24) { /* the height, from the PNG's IHDR */
            const unsigned char *p = (const unsigned char *)png;
            unsigned long h =
                (unsigned long)p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23];
            lxw_image_options io = {.x_scale = 0.6, .y_scale = 0.6};
            if (worksheet_insert_image_buffer_opt(
                    ws, row, 8, (const unsigned char *)png, len, &io))
                st = ssp_error_set(b->err, SSP_EINTERNAL, NULL, 0, 0,
                                   "the workbook: a flow diagram");
            row += (lxw_row_t)(h * 0.6 / 20) + 3;
        }
        free(png);
        if (st)
            b->st = st;
    }
}

/* The participant flow (ssp flow) of the datasets, with the results'
 * disclosure threshold: a withheld count is an empty cell with the word
 * in the column after it. */
static void flow_sheet(struct wb *b, lxw_worksheet *ws, const ssp_ind *x)
{
    static const char *const stages[][3] = {
        {"assessed", "적격성 평가", "assessed for eligibility"},
        {"excluded", "선별 제외", "excluded at screening"},
        {"enrolled", "등록", "enrolled"},
        {"exited", "중도 종료", "exited"},
        {"not_exited", "종료 없음", "not exited"},
        {"with_baseline", "사전 평가 있음", "with a baseline"},
        {"without_baseline", "사전 평가 없음", "without a baseline"},
        {"analysed_itt", "분석: 치료 의향(ITT)",
         "analysed: intention to treat"},
        {"excluded_itt", "ITT 분석 제외", "excluded from ITT"},
        {"analysed_completers", "분석: 완료자", "analysed: completers"},
        {"excluded_completers", "완료자 분석 제외", "excluded from completers"},
        {"with_endline", "사후 평가 있음", "with an endline"}};
    const char *cols[] = {W(b, W_TECHNOLOGY), W(b, W_REGION), W(b, W_ARM),
                          W(b, W_STAGE),      W(b, W_WHY),    W(b, W_N),
                          W(b, W_SUPPRESSED)};
    worksheet_set_column(ws, 0, 1, 16, NULL);
    worksheet_set_column(ws, 2, 2, 14, NULL);
    worksheet_set_column(ws, 3, 4, 28, NULL);
    worksheet_set_column(ws, 5, 6, 10, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    header(b, ws, 0, cols, 7);
    ssp_ind_subject *s = NULL;
    ssp_ind_screen *scr = NULL;
    ssp_flow_row *r = NULL;
    size_t ns = 0, n = 0, nscr = 0;
    double mc = nget(json_object_get(b->root, "parameters"), "min_cell");
    if (!x) {
        worksheet_write_string(ws, 1, 0, W(b, W_NO_DATASET), NULL);
        return;
    }
    if (ssp_ind_subjects(x, NULL, &s, &ns, b->err) ||
        ssp_ind_screening(x, &scr, &nscr, b->err) ||
        ssp_flow(s, ns, scr, nscr, isnan(mc) ? 5 : (long)mc, &r, &n, b->err)) {
        b->st = b->err->status;
        free(s);
        free(scr);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *stage = r[i].stage;
        for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++)
            if (!strcmp(stages[k][0], r[i].stage))
                stage = stages[k][1 + b->o->en];
        lxw_row_t y = (lxw_row_t)(i + 1);
        put_text(ws, y, 0, tech_name(b, r[i].technology), NULL);
        put_text(ws, y, 1, r[i].region, NULL);
        put_text(ws, y, 2, r[i].arm, NULL);
        put_text(ws, y, 3, stage, NULL);
        put_text(ws, y, 4, r[i].reason, NULL);
        if (r[i].suppressed)
            worksheet_write_string(ws, y, 6, W(b, W_SUPPRESSED), NULL);
        else
            put_num(ws, y, 5, r[i].n, b->count);
    }
    flow_pictures(b, ws, r, n);
    free(r);
    free(s);
    free(scr);
}

static void quality_sheet(struct wb *b, lxw_worksheet *ws)
{
    const char *cols[] = {
        W(b, W_DATASET),    W(b, W_FILE),     W(b, W_TABLE),
        W(b, W_READ),       W(b, W_ACCEPTED), W(b, W_REJECTED),
        W(b, W_DUPLICATES), W(b, W_FILTERED), W(b, W_REJECTED_PCT)};
    static const char *const counts[] = {"rows_read", "accepted", "rejected",
                                         "duplicates", "filtered"};
    worksheet_set_column(ws, 0, 1, 36, NULL);
    worksheet_set_column(ws, 2, 8, 14, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    header(b, ws, 0, cols, 9);
    lxw_row_t y = 1;
    if (!b->o->ndatasets)
        worksheet_write_string(ws, y++, 0, W(b, W_NO_DATASET), NULL);
    for (size_t d = 0; d < b->o->ndatasets; d++) {
        char *path;
        json_error_t je;
        if (asprintf(&path, "%s/manifest.json", b->o->datasets[d]) < 0) {
            b->st = ssp_error_nomem(b->err);
            return;
        }
        json_t *m = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
        free(path);
        if (!m && ssp_json_nomem(&je)) {
            b->st = ssp_error_nomem(b->err);
            return;
        }
        put_text(ws, y, 0, b->o->datasets[d], NULL);
        if (!m) {
            worksheet_write_string(ws, y++, 1, W(b, W_NO_MANIFEST), NULL);
            continue;
        }
        size_t i;
        json_t *in;
        json_array_foreach(json_object_get(m, "inputs"), i, in)
        {
            put_text(ws, y, 0, b->o->datasets[d], NULL);
            put_text(ws, y, 1, sget(in, "path"), NULL);
            put_text(ws, y, 2, sget(in, "table"), NULL);
            for (int k = 0; k < 5; k++)
                put_num(ws, y, (lxw_col_t)(3 + k), nget(in, counts[k]),
                        b->count);
            double rd = nget(in, "rows_read");
            if (rd > 0)
                put_num(ws, y, 8, 100 * nget(in, "rejected") / rd, b->pct);
            y++;
        }
        json_decref(m);
    }
}

/* The text of the memory stream fp over *s, closed; NULL, with b->st,
 * when it could not be made. */
static char *mem_done(struct wb *b, FILE *fp, char **s)
{
    if (!fp || fclose(fp) != 0) {
        free(*s);
        *s = NULL;
        if (!b->st)
            b->st = ssp_error_nomem(b->err);
    }
    return *s;
}

static void kv(struct wb *b, lxw_worksheet *ws, lxw_row_t *y, const char *k,
               const char *v)
{
    put_text(ws, *y, 0, k, NULL);
    put_text(ws, *y, 1, v, b->wrap);
    (*y)++;
}

static void provenance_sheet(struct wb *b, lxw_worksheet *ws,
                             const json_t *root)
{
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
    const char *cols[] = {W(b, W_ITEM), W(b, W_VALUE)};
    header(b, ws, 0, cols, 2);
    lxw_row_t y = 1;
    char hex[65];
    unsigned long long bytes;
    kv(b, ws, &y, "report.tool", "ssp report " SSP_VERSION);
    char *cmd = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&cmd, &len);
    for (size_t i = 0; fp && i < b->o->argc; i++)
        fprintf(fp, "%s%s", i ? " " : "", b->o->argv[i]);
    kv(b, ws, &y, "report.command", mem_done(b, fp, &cmd));
    free(cmd);
    kv(b, ws, &y, "results.path", b->o->results_path);
    ssp_sha256_file(b->o->results_path, hex, &bytes);
    kv(b, ws, &y, "results.sha256", hex);
    kv(b, ws, &y, "results.tool",
       json_string_value(json_object_get(root, "tool")));
    kv(b, ws, &y, "results.version",
       json_string_value(json_object_get(root, "version")));
    size_t i;
    json_t *v, *cat = json_object_get(root, "catalogue");
    cmd = NULL;
    fp = open_memstream(&cmd, &len);
    json_array_foreach(json_object_get(root, "command"), i, v) if (fp)
        fprintf(fp, "%s%s", i ? " " : "", json_string_value(v));
    kv(b, ws, &y, "results.command", mem_done(b, fp, &cmd));
    free(cmd);
    kv(b, ws, &y, "catalogue.path", sget(cat, "path"));
    kv(b, ws, &y, "catalogue.version", sget(cat, "version"));
    kv(b, ws, &y, "catalogue.sha256", sget(cat, "sha256"));
    const char *k;
    json_object_foreach(json_object_get(root, "parameters"), k, v)
    {
        char key[128];
        snprintf(key, sizeof key, "parameters.%s", k);
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        if (!s && !b->st)
            b->st = ssp_error_nomem(b->err);
        kv(b, ws, &y, key, s);
        free(s);
    }
    for (size_t d = 0; d < b->o->ndatasets; d++)
        kv(b, ws, &y, "report.dataset", b->o->datasets[d]);
    y++;
    const char *c2[] = {"input", "sha256", "bytes"};
    header(b, ws, y++, c2, 3);
    json_array_foreach(json_object_get(root, "inputs"), i, v)
    {
        put_text(ws, y, 0, sget(v, "path"), NULL);
        put_text(ws, y, 1, sget(v, "sha256"), NULL);
        put_num(ws, y, 2, nget(v, "bytes"), b->count);
        y++;
    }
}

/* ---- the workbook ------------------------------------------------------- */

static lxw_format *fmt(struct wb *b, const char *num, int bold, int colour)
{
    lxw_format *f = workbook_add_format(b->book);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    if (colour >= 0) {
        format_set_bg_color(f, (lxw_color_t)colour);
        format_set_pattern(f, LXW_PATTERN_SOLID);
    }
    return f;
}

/* The technologies of the weeks. */
static ssp_status weekly(const ssp_report_options *o, ssp_ind **x,
                         ssp_ind_week **w, size_t *nw, ssp_error *err)
{
    *w = NULL;
    *nw = 0;
    *x = NULL;
    if (!o->ndatasets)
        return SSP_OK;
    ssp_ind_options io = {.level = 0.95, .adjust = -1};
    if (!(*x = ssp_ind_open(NULL, &io, err)))
        return err->status;
    ssp_status st = SSP_OK;
    for (size_t i = 0; i < o->ndatasets && !st; i++)
        st = ssp_ind_add(*x, o->datasets[i], err);
    if (!st)
        st = ssp_ind_run(*x, err);
    if (!st && ssp_ind_weekly(*x, w, nw))
        st = ssp_error_nomem(err);
    return st;
}

/* Load the plans: at most one per technology and region. */
static ssp_status load_plans(struct wb *b)
{
    const ssp_report_options *o = b->o;
    if (!o->nplans)
        return SSP_OK;
    b->plans = calloc(o->nplans, sizeof *b->plans);
    b->judged = calloc(o->nplans, sizeof *b->judged);
    b->used = calloc(o->nplans, sizeof *b->used);
    if (!b->plans || !b->judged || !b->used)
        return ssp_error_nomem(b->err);
    for (size_t k = 0; k < o->nplans; k++) {
        if (!(b->plans[k] = ssp_plan_load(o->plans[k], b->err)))
            return b->err->status;
        const char *t = sget(b->plans[k], "technology"),
                   *r = sget(b->plans[k], "region");
        for (size_t j = 0; j < k; j++)
            if (!strcmp(sget(b->plans[j], "technology"), t) &&
                !strcmp(sget(b->plans[j], "region"), r))
                return ssp_error_set(b->err, SSP_EUSAGE, o->plans[k], 0, 0,
                                     "a second plan for %s in %s (the "
                                     "first is %s)",
                                     t, r, o->plans[j]);
    }
    return SSP_OK;
}

/* Judge each plan on the results as ssp cert does: ssp_plan_judge reads
 * only the parameters and the rows without a disaggregation, which are
 * all in b->root and b->kept. */
static ssp_status judge_plans(struct wb *b)
{
    if (!b->o->nplans)
        return SSP_OK;
    json_t *view = json_copy(b->root);
    if (!view || json_object_set(view, "results", b->kept)) {
        json_decref(view);
        return ssp_error_nomem(b->err);
    }
    ssp_status st = SSP_OK;
    for (size_t k = 0; k < b->o->nplans && !st; k++)
        if (!(b->judged[k] = ssp_plan_judge(b->plans[k], view, b->err))) {
            st = b->err->status;
            if (!b->err->file[0]) /* name the plan */
                snprintf(b->err->file, sizeof b->err->file, "%s",
                         b->o->plans[k]);
        }
    json_decref(view);
    return st;
}

ssp_status ssp_report_write(const char *path, const ssp_report_options *o,
                            ssp_error *err)
{
    struct wb b = {.o = o, .err = err};
    ssp_status st = load_plans(&b);
    FILE *fp = st ? NULL : fopen(o->results_path, "r");
    if (!st && !fp)
        st = ssp_error_set(err, SSP_EIO, o->results_path, 0, 0,
                           "cannot read: %s", strerror(errno));
    ssp_ind *x = NULL;
    ssp_ind_week *w = NULL;
    size_t nw = 0;
    if (!st)
        st = weekly(o, &x, &w, &nw, err);
    /* libxlsxwriter writes the temporary file by name; committing it
     * syncs and renames it. */
    ssp_atomic a = {0};
    if (!st)
        st = ssp_atomic_open(&a, path, 0, err);
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
    if (!st && !(b.book = workbook_new_opt(a.tmp, &wo)))
        st = ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot create");
    if (!st && !(b.kept = json_array()))
        st = ssp_error_nomem(err);
    /* The workbook's own sheets keep their names; its time is the one
     * given, so that the same inputs give the same bytes. */
    static const int own[] = {W_SUMMARY, W_INDICATORS, W_QUALITY, W_FLOW,
                              W_PROVENANCE};
    for (size_t i = 0; !st && i < sizeof own / sizeof own[0]; i++)
        if (keep_name(&b, W(&b, own[i])))
            st = ssp_error_nomem(err);
    lxw_doc_properties props = {.created =
                                    (time_t)(o->created ? o->created : 1)};
    if (!st && workbook_set_properties(b.book, &props) != LXW_NO_ERROR)
        st = ssp_error_nomem(err);
    if (st)
        goto out;
    b.res = b.kept;
    b.head = fmt(&b, NULL, 1, 0xD9E1F2);
    format_set_text_wrap(b.head);
    b.title = fmt(&b, NULL, 1, -1);
    b.count = fmt(&b, "#,##0", 0, -1);
    b.dec = fmt(&b, "0.00", 0, -1);
    b.pct = fmt(&b, "0.0\"%\"", 0, -1);
    b.pval = fmt(&b, "[<0.001]\"<0.001\";0.000", 0, -1);
    b.date = fmt(&b, "yyyy-mm-dd", 0, -1);
    b.wrap = fmt(&b, NULL, 0, -1);
    format_set_text_wrap(b.wrap);
    b.verdict[0] = fmt(&b, NULL, 0, 0xEDEDED);
    b.verdict[1] = fmt(&b, NULL, 1, 0xC6EFCE); /* Excel's good */
    b.verdict[2] = fmt(&b, NULL, 0, 0xFFEB9C); /* neutral */
    b.verdict[3] = fmt(&b, NULL, 1, 0xFFC7CE); /* bad */
    /* The summary comes first but is written once the table is read. */
    lxw_worksheet *summary = sheet(&b, W(&b, W_SUMMARY));
    b.table = sheet(&b, W(&b, W_INDICATORS));
    if (!summary || !b.table) {
        st = b.st;
        goto out;
    }
    if ((st = read_results(&b, fp, o->results_path)) || (st = judge_plans(&b)))
        goto out;
    summary_sheet(&b, summary);
    const json_t **g = malloc((json_array_size(b.res) + 1) * sizeof *g);
    if (!g && !b.st)
        b.st = ssp_error_nomem(err);
    size_t n = g ? groups(&b, g, json_array_size(b.res), 0) : 0;
    for (size_t i = 0; i < n && !b.st; i++)
        tech_sheet(&b, sget(g[i], "technology"), w, nw);
    free(g);
    if ((st = b.st))
        goto out;
    lxw_worksheet *q = sheet(&b, W(&b, W_QUALITY));
    if (q)
        quality_sheet(&b, q);
    lxw_worksheet *fl = q ? sheet(&b, W(&b, W_FLOW)) : NULL;
    if (fl)
        flow_sheet(&b, fl, x);
    lxw_worksheet *pv = fl && !b.st ? sheet(&b, W(&b, W_PROVENANCE)) : NULL;
    if (pv)
        provenance_sheet(&b, pv, b.root);
    if ((st = b.st))
        goto out;
    errno = 0;
    lxw_error le = workbook_close(b.book);
    int e = errno; /* why the zip could not be written, if the system said */
    b.book = NULL;
    if (le != LXW_NO_ERROR)
        st = ssp_error_set(err, SSP_EIO, path, 0, 0, "%s%s%s", lxw_strerror(le),
                           e ? ": " : "", e ? strerror(e) : "");
    else
        st = ssp_atomic_commit(&a, err);
out:
    if (b.book) { /* not to be kept: libxlsxwriter still frees it */
        workbook_close(b.book);
    }
    if (st)
        ssp_atomic_abort(&a);
    if (fp)
        fclose(fp);
    for (size_t k = 0; k < o->nplans && b.plans; k++) {
        json_decref(b.plans[k]);
        if (b.judged)
            json_decref(b.judged[k]);
    }
    free(b.plans);
    free(b.judged);
    free(b.used);
    free(b.names);
    json_decref(b.root);
    json_decref(b.kept);
    json_decref(b.by);
    free(w);
    ssp_ind_free(x);
    return st;
}
