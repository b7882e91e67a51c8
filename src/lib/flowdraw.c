/* flowdraw.c: the participant flow of a cohort as a CONSORT/TREND
 * diagram, drawn with cairo and pango. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ssp/flowdraw.h"
#include "ssp/io.h"

#define FONT "NanumGothic"
#define PT 9.0     /* the text's size */
#define PAD 5.0    /* inside a box */
#define GAP 14.0   /* between the columns */
#define ARROW 22.0 /* the shortest arrow */

/* The stages down a column, and the exclusion beside each arrow. */
static const char *const chain[] = {"enrolled", "with_baseline", "analysed_itt",
                                    "analysed_completers"};
static const char *const aside[] = {"without_baseline", "excluded_itt",
                                    "excluded_completers"};

static const char *const label[][2] = {
    {"등록", "Enrolled"},
    {"사전 평가", "Assessed at baseline"},
    {"치료의향(ITT) 분석", "Analysed, intention to treat"},
    {"완료자 분석", "Analysed, completers"},
    {"사전 평가 없음", "No baseline score"},
    {"이후 점수 없음", "No later score"},
    {"사후 점수 없음", "No endline score"},
};

/* exit_reason codes (ssp-mapping(5)) in Korean; others as they are. */
static const char *const reasons[][2] = {
    {"withdrew", "본인 철회"},
    {"hospitalized", "입원"},
    {"died", "사망"},
    {"moved", "이사"},
    {"transferred", "기관 이동"},
    {"completed", "종료"},
};

static size_t find(const ssp_flow_row *r, size_t n, const char *tech,
                   const char *region, const char *arm, const char *stage)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].technology, tech) && !strcmp(r[i].region, region) &&
            !strcmp(r[i].arm, arm) && !strcmp(r[i].stage, stage))
            return i;
    return SIZE_MAX;
}

/* The screening's excluded row of outcome why. */
static size_t find_reason(const ssp_flow_row *r, size_t n, const char *tech,
                          const char *region, const char *why)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].technology, tech) && !strcmp(r[i].region, region) &&
            !strcmp(r[i].arm, "all") && !strcmp(r[i].stage, "excluded") &&
            !strcmp(r[i].reason, why))
            return i;
    return SIZE_MAX;
}

/* "n = 23", "n withheld", "n = 0" (no row) into buf. */
static const char *count(const ssp_flow_row *r, size_t i, int en, char *buf,
                         size_t len)
{
    if (i != SIZE_MAX && r[i].suppressed)
        snprintf(buf, len, en ? "n withheld" : "n 비공개");
    else
        snprintf(buf, len, "n = %.0f", i == SIZE_MAX ? 0 : r[i].n);
    return buf;
}

/* A layout of markup at PT points (bold when b), wrapped at width;
 * NULL when the markup does not parse. */
static PangoLayout *layout(cairo_t *cr, const char *markup, double width,
                           PangoAlignment al)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, PT * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al);
    PangoAttrList *attrs = NULL;
    char *text = NULL;
    if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, NULL)) {
        g_object_unref(l);
        return NULL;
    }
    pango_layout_set_text(l, text, -1);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    return l;
}

static double lheight(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* A box of markup at (x, y), width w: its height, or -1. */
static double box(cairo_t *cr, double x, double y, double w, const char *markup,
                  int main)
{
    PangoLayout *l = layout(cr, markup, w - 2 * PAD,
                            main ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    if (!l)
        return -1;
    double h = lheight(l) + 2 * PAD;
    cairo_rectangle(cr, x, y, w, h);
    if (main)
        cairo_set_source_rgb(cr, 0.933, 0.945, 0.961);
    else
        cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.122, 0.227, 0.373);
    cairo_set_line_width(cr, main ? 0.9 : 0.6);
    cairo_stroke(cr);
    cairo_move_to(cr, x + PAD, y + PAD);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return h;
}

/* A line from (x0, y0) to (x1, y1) with a head at its end. */
static void arrow(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    double a = atan2(y1 - y0, x1 - x0), s = 4.5;
    cairo_set_source_rgb(cr, 0.122, 0.227, 0.373);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1 - s * cos(a), y1 - s * sin(a));
    cairo_stroke(cr);
    cairo_move_to(cr, x1, y1);
    cairo_line_to(cr, x1 - s * cos(a) + s / 2 * sin(a),
                  y1 - s * sin(a) - s / 2 * cos(a));
    cairo_line_to(cr, x1 - s * cos(a) - s / 2 * sin(a),
                  y1 - s * sin(a) + s / 2 * cos(a));
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* The measured height of a box, without drawing it. */
static double measure(cairo_t *cr, double w, const char *markup)
{
    PangoLayout *l = layout(cr, markup, w - 2 * PAD, PANGO_ALIGN_LEFT);
    if (!l)
        return -1;
    double h = lheight(l) + 2 * PAD;
    g_object_unref(l);
    return h;
}

/* One arm's column at (x, y), width w: its height, or -1. */
static double column(cairo_t *cr, double x, double y, double w,
                     const ssp_flow_row *r, size_t n, const char *tech,
                     const char *region, const char *arm, const char *name,
                     int en)
{
    double mw = w * 0.5, sx = x + w * 0.58, sw = w * 0.42, y0 = y;
    char num[48], m[1024];
    gchar *e = g_markup_escape_text(name, -1);
    snprintf(m, sizeof m, "<b>%s</b>", e);
    g_free(e);
    PangoLayout *l = layout(cr, m, mw, PANGO_ALIGN_CENTER);
    if (!l)
        return -1;
    cairo_move_to(cr, x, y);
    cairo_set_source_rgb(cr, 0.122, 0.227, 0.373);
    pango_cairo_show_layout(cr, l);
    y += lheight(l) + 4;
    g_object_unref(l);
    for (size_t k = 0; k < 4; k++) {
        size_t i = find(r, n, tech, region, arm, chain[k]);
        snprintf(m, sizeof m, "<b>%s</b>\n%s", label[k][en],
                 count(r, i, en, num, sizeof num));
        double h = box(cr, x, y, mw, m, 1);
        if (h < 0)
            return -1;
        y += h;
        if (k == 3)
            break;
        size_t j = find(r, n, tech, region, arm, aside[k]);
        snprintf(m, sizeof m, "%s\n%s", label[4 + k][en],
                 count(r, j, en, num, sizeof num));
        double sh = measure(cr, sw, m), len = fmax(ARROW, sh + 8);
        if (sh < 0)
            return -1;
        double mid = y + len / 2;
        if (box(cr, sx, mid - sh / 2, sw, m, 0) < 0)
            return -1;
        arrow(cr, x + mw / 2, y, x + mw / 2, y + len);
        arrow(cr, x + mw / 2, mid, sx, mid);
        y += len;
    }
    /* the exits: information beside the chain, not a subtraction from it */
    char why[800] = "";
    size_t len = 0;
    double total = 0;
    int withheld = 0, any = 0;
    for (size_t i = 0; i < n && len < sizeof why - 200; i++) {
        if (strcmp(r[i].technology, tech) || strcmp(r[i].region, region) ||
            strcmp(r[i].arm, arm) || strcmp(r[i].stage, "exited"))
            continue;
        const char *t = r[i].reason;
        for (size_t k = 0; !en && k < sizeof reasons / sizeof reasons[0]; k++)
            if (!strcmp(t, reasons[k][0]))
                t = reasons[k][1];
        e = g_markup_escape_text(*t ? t : en ? "no reason" : "사유 없음", -1);
        len += (size_t)snprintf(why + len, sizeof why - len, "%s%s %s",
                                any ? ", " : "\n", e,
                                count(r, i, en, num, sizeof num));
        g_free(e);
        any = 1;
        withheld |= r[i].suppressed;
        total += r[i].suppressed ? 0 : r[i].n;
    }
    size_t ne = find(r, n, tech, region, arm, "not_exited"),
           all = find(r, n, tech, region, arm, "enrolled");
    if (!withheld)
        snprintf(num, sizeof num, "n = %.0f", total);
    else if (ne != SIZE_MAX && all != SIZE_MAX && !r[ne].suppressed &&
             !r[all].suppressed)
        snprintf(num, sizeof num, "n = %.0f", r[all].n - r[ne].n);
    else
        snprintf(num, sizeof num, en ? "n withheld" : "n 비공개");
    char head[1100];
    snprintf(head, sizeof head, "<b>%s</b> %s%s\n<span size='small'>%s</span>",
             en ? "Left early" : "중도 종료", num, why,
             en ? "Their scores before leaving count in the ITT analysis."
                : "종료 전 점수는 치료의향 분석에 포함됩니다.");
    y += 8;
    double h = box(cr, x, y, w, head, 0);
    if (h < 0)
        return -1;
    return y + h - y0;
}

/* The screening above the arms (arm "all": assessed, excluded by
 * outcome), its arrows down to the k columns of width cw: the height
 * used, 0 without screening, -1 on failure. */
static double screened(cairo_t *cr, double x, double y, double w, double cw,
                       int k, const ssp_flow_row *r, size_t n, const char *tech,
                       const char *region, int en)
{
    static const char *const outs[][3] = {
        {"not_eligible", "부적격", "not eligible"},
        {"declined", "참여 거부", "declined"},
        {"other", "기타", "other reasons"}};
    size_t a = find(r, n, tech, region, "all", "assessed");
    if (a == SIZE_MAX)
        return 0;
    char num[48], m[600], ex[400] = "";
    double total = 0;
    int withheld = 0;
    size_t len = 0;
    for (size_t i = 0; i < 3; i++) {
        size_t j = find_reason(r, n, tech, region, outs[i][0]);
        withheld |= j != SIZE_MAX && r[j].suppressed;
        total += j != SIZE_MAX && !r[j].suppressed ? r[j].n : 0;
        len += (size_t)snprintf(ex + len, sizeof ex - len, "%s%s %s",
                                i ? ", " : "", outs[i][1 + en],
                                count(r, j, en, num, sizeof num));
    }
    double mw = w * 0.36, bx = x + (w - mw) / 2;
    snprintf(m, sizeof m, "<b>%s</b>\n%s",
             en ? "Assessed for eligibility" : "적격성 평가",
             count(r, a, en, num, sizeof num));
    double h = box(cr, bx, y, mw, m, 1);
    if (h < 0)
        return -1;
    /* the total excluded is shown where the counts shown give it */
    size_t e0 = find(r, n, tech, region, "intervention", "enrolled"),
           e1 = find(r, n, tech, region, "comparison", "enrolled");
    int known = !r[a].suppressed && (e0 == SIZE_MAX || !r[e0].suppressed) &&
                (e1 == SIZE_MAX || !r[e1].suppressed);
    if (!withheld)
        snprintf(num, sizeof num, "n = %.0f", total);
    else if (known)
        snprintf(num, sizeof num, "n = %.0f",
                 r[a].n - (e0 == SIZE_MAX ? 0 : r[e0].n) -
                     (e1 == SIZE_MAX ? 0 : r[e1].n));
    else
        snprintf(num, sizeof num, en ? "n withheld" : "n 비공개");
    snprintf(m, sizeof m, "%s %s\n%s", en ? "Excluded" : "선별 제외", num, ex);
    double sw = (w - mw) / 2 - 12, sh = measure(cr, sw, m);
    if (sh < 0)
        return -1;
    double len2 = fmax(ARROW, sh + 8), mid = y + h + len2 / 2;
    if (box(cr, bx + mw + 12, mid - sh / 2, sw, m, 0) < 0)
        return -1;
    double cx = x + w / 2, down = y + h + len2;
    arrow(cr, cx, mid, bx + mw + 12, mid);
    cairo_move_to(cr, cx, y + h);
    cairo_line_to(cr, cx, down);
    cairo_stroke(cr);
    /* to the top of each column's first box (under the arm's name) */
    for (int i = 0; i < k; i++) {
        double ax = x + i * (cw + GAP) + cw * 0.25;
        cairo_move_to(cr, cx, down);
        cairo_line_to(cr, ax, down);
        cairo_stroke(cr);
        arrow(cr, ax, down, ax, down + 10);
    }
    return h + len2 + 12;
}

double ssp_flow_draw(cairo_t *cr, double x, double y, double w,
                     const ssp_flow_row *r, size_t n, const char *technology,
                     const char *region, const ssp_flow_words *words)
{
    static const char *const arms[] = {"intervention", "comparison"};
    int has[2], k = 0;
    for (int a = 0; a < 2; a++) {
        has[a] =
            find(r, n, technology, region, arms[a], "enrolled") != SIZE_MAX;
        k += has[a];
    }
    if (!k)
        return 0;
    double cw = (w - GAP * (k - 1)) / k, cx = x, h = 0;
    double top =
        screened(cr, x, y, w, cw, k, r, n, technology, region, words->en);
    if (top < 0)
        return -1;
    y += top;
    for (int a = 0; a < 2; a++) {
        if (!has[a])
            continue;
        double ch = column(cr, cx, y, cw, r, n, technology, region, arms[a],
                           words->arm[a], words->en);
        if (ch < 0)
            return -1;
        h = fmax(h, ch);
        cx += cw + GAP;
    }
    return top + h;
}

static cairo_status_t write_fp(void *fp, const unsigned char *data,
                               unsigned int len)
{
    return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS
                                           : CAIRO_STATUS_WRITE_ERROR;
}

/* The title and the diagram at a margin: the height used, or -1. */
static double page(cairo_t *cr, double w, const ssp_flow_row *r, size_t n,
                   const char *tech, const char *region, const char *title,
                   const ssp_flow_words *words)
{
    double m = 18;
    gchar *e = g_markup_escape_text(title, -1);
    char markup[600];
    snprintf(markup, sizeof markup, "<span size='large'><b>%s</b></span>", e);
    g_free(e);
    PangoLayout *l = layout(cr, markup, w - 2 * m, PANGO_ALIGN_LEFT);
    if (!l)
        return -1;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, m, m);
    pango_cairo_show_layout(cr, l);
    double th = lheight(l) + 10;
    g_object_unref(l);
    double h =
        ssp_flow_draw(cr, m, m + th, w - 2 * m, r, n, tech, region, words);
    return h < 0 ? -1 : m + th + h + m;
}

int ssp_flow_first(const ssp_flow_row *r, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(r[j].technology, r[i].technology) &&
            !strcmp(r[j].region, r[i].region))
            return 0;
    return 1;
}

ssp_status ssp_flow_render(FILE *fp, ssp_plot_format f, double px,
                           const ssp_flow_row *r, size_t n,
                           const char *technology, const char *region, int en,
                           ssp_error *err)
{
    ssp_flow_words wd = {
        en,
        {ssp_plot_name("intervention", en), ssp_plot_name("comparison", en)}};
    const ssp_flow_words *words = &wd;
    char title[256];
    snprintf(title, sizeof title, "%s: %s, %s",
             en ? "Participant flow" : "참여자 흐름",
             ssp_plot_name(technology, en), ssp_plot_name(region, en));
    /* measured on a recording surface, then drawn at its height */
    double scale = f == SSP_PLOT_PNG ? px / 560 : 1,
           w = f == SSP_PLOT_PNG ? 560 : px;
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    double h = page(cr, w, r, n, technology, region, title, words);
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    if (h < 0)
        return ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                             "the flow diagram could not be laid out"),
               SSP_EINTERNAL;
    cairo_surface_t *s =
        f == SSP_PLOT_PDF
            ? cairo_pdf_surface_create_for_stream(write_fp, fp, w, h)
        : f == SSP_PLOT_SVG
            ? cairo_svg_surface_create_for_stream(write_fp, fp, w, h)
            : cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                         (int)ceil(w * scale),
                                         (int)ceil(h * scale));
    cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double h2 = page(cr, w, r, n, technology, region, title, words);
    cairo_destroy(cr);
    if (f == SSP_PLOT_PNG && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
        cairo_surface_write_to_png_stream(s, write_fp, fp);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || h2 < 0;
    cairo_surface_destroy(s);
    if (bad || ferror(fp))
        return ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                             "cannot write the flow diagram"),
               SSP_EIO;
    return SSP_OK;
}

ssp_status ssp_flow_write(const char *path, ssp_plot_format f, double px,
                          const ssp_flow_row *r, size_t n,
                          const char *technology, const char *region, int en,
                          ssp_error *err)
{
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0, err);
    if (!st)
        st = ssp_flow_render(a.fp, f, px, r, n, technology, region, en, err);
    if (st) {
        ssp_atomic_abort(&a);
        if (!err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        return st;
    }
    return ssp_atomic_commit(&a, err);
}
