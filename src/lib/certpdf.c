/* certpdf.c: the certificate PDF (실증결과 확인서): pango sets the Korean
 * text in the Nanum fonts, cairo writes and subsets them into an A4 PDF,
 * libqrencode gives the QR code, drawn as rectangles. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "ssp/certpdf.h"
#include "ssp/flowdraw.h"
#include "ssp/io.h"
#include "ssp/plan.h"

/* Page geometry, in PDF points. */
#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN (20 * MM)
#define LEFT MARGIN
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)
#define QR_SIZE (25 * MM) /* the modules, without the quiet zone */
#define QR_QUIET 4        /* modules of white around them */

#define SANS "NanumGothic"
#define SERIF "NanumMyeongjo"
#define MONO "NanumGothicCoding"

/* Colours, as markup and as cairo RGB. */
#define GREY "#5f6672"
#define NAVY_RGB 0.122, 0.227, 0.373
#define RULE_RGB 0.70, 0.74, 0.80
#define LABEL_RGB 0.933, 0.945, 0.961
#define HEAD_RGB 0.863, 0.890, 0.925

/* Markup of a code, of a note in small grey type, of monospace. */
#define CODE_SPAN                                \
    "<span font_family='" MONO "' size='small' " \
    "foreground='" GREY "'>%s</span>"
#define SMALL_SPAN "<span size='small' foreground='" GREY "'>%s</span>"
#define MONO_SPAN "<span font_family='" MONO "'>%s</span>"

/* The digest's tag in the PDF's Keywords. */
#define TAG "ssp-sha256:"

/* The results table: column widths (the last takes the rest), padding. */
static const double col_w[] = {40, 148, 88, 44, 110, 0};
#define NCOL (sizeof col_w / sizeof col_w[0])
#define PAD_X 4.0
#define PAD_Y 5.0

/* One rendering: the certificate's members, the fonts, and where we are.
 * Failures are sticky: once st is set every step does nothing. */
typedef struct doc {
    const json_t *cert;
    char digest[65];
    const char *id, *version;
    int statement; /* a not-met statement rather than a certificate */
    int met;       /* the verdict */
    int year, month, day;
    QRcode *qr; /* "ssp-cert:<id>:<digest>" */
    PangoFontMap *fm;
    PangoContext *ctx;
    cairo_t *cr;     /* NULL while counting pages */
    GPtrArray *pool; /* strings of this rendering, freed at the end */
    locale_t cloc;   /* numbers in C form */
    int page, npages;
    int carry;  /* rows moved to the closing's page */
    int lonely; /* the closing had a page of its own */
    double y;   /* the next free line on the page */
    ssp_status st;
    ssp_error *err;
} doc;

/* Record the first failure. */
static void SSP_PRINTF(3, 4) fail(doc *d, ssp_status st, const char *fmt, ...)
{
    if (d->st)
        return;
    d->st = st;
    char msg[sizeof d->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ssp_error_set(d->err, st, NULL, 0, 0, "%s", msg);
}

/* A formatted string owned by the rendering. */
static const char *SSP_PRINTF(2, 3) fmt(doc *d, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = g_strdup_vprintf(f, ap);
    va_end(ap);
    g_ptr_array_add(d->pool, s);
    return s;
}

/* s (UTF-8 text from the certificate) escaped for pango markup. U+2212
 * MINUS SIGN, which the Nanum fonts lack, becomes '-' so that no other
 * font is pulled in for it. */
static const char *esc(doc *d, const char *s)
{
    if (!s)
        return "";
    if (!g_utf8_validate(s, -1, NULL)) {
        fail(d, SSP_EDATA, "certificate: a text is not valid UTF-8");
        return "";
    }
    GString *b = g_string_sized_new(strlen(s) + 16);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x2212)
            c = '-';
        char u[8];
        int n = g_unichar_to_utf8(c, u);
        u[n] = '\0';
        if (c == '&')
            g_string_append(b, "&amp;");
        else if (c == '<')
            g_string_append(b, "&lt;");
        else if (c == '>')
            g_string_append(b, "&gt;");
        else if (c == '\'')
            g_string_append(b, "&apos;");
        else if (c == '"')
            g_string_append(b, "&quot;");
        else if (c < 0x20 && c != '\n' && c != '\t')
            g_string_append_c(b, ' ');
        else
            g_string_append(b, u);
    }
    char *out = g_string_free(b, FALSE);
    g_ptr_array_add(d->pool, out);
    return out;
}

static const char *member(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* x with two decimals, or an em dash when the number is missing. */
static const char *dec2(doc *d, const json_t *v)
{
    if (!json_is_number(v))
        return "—";
    char buf[400];
    locale_t old = uselocale(d->cloc);
    snprintf(buf, sizeof buf, "%.2f", json_number_value(v));
    uselocale(old);
    if (!strcmp(buf, "-0.00"))
        strcpy(buf, "0.00");
    return fmt(d, "%s", buf);
}

/* A p-value as 0.000, or <0.001; an em dash when missing. */
static const char *pval(doc *d, const json_t *v)
{
    if (!json_is_number(v))
        return "—";
    double p = json_number_value(v);
    if (p < 0.001)
        return "<0.001";
    char buf[400];
    locale_t old = uselocale(d->cloc);
    snprintf(buf, sizeof buf, "%.3f", p);
    uselocale(old);
    return fmt(d, "%s", buf);
}

/* A count (43), or an em dash when missing. */
static const char *count(doc *d, const json_t *v)
{
    if (!json_is_number(v))
        return "—";
    char buf[400];
    locale_t old = uselocale(d->cloc);
    snprintf(buf, sizeof buf, "%.15g", json_number_value(v));
    uselocale(old);
    return fmt(d, "%s", buf);
}

/* A number of people (43명), or an em dash when missing. */
static const char *persons(doc *d, const json_t *v)
{
    return json_is_number(v) ? fmt(d, "%s명", count(d, v)) : "—";
}

/* The Korean name of a code from a {code, name} table, or NULL. */
static const char *lookup(const char *const (*t)[2], size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(t[i][0], code))
            return t[i][1];
    return NULL;
}

static const char *const technologies[][2] = {
    {"huggy_vest", "돌봄 조끼(HUGgy)"},
    {"food_scanner", "AI 푸드 스캐너"},
    {"cognitive_kiosk", "인지 키오스크"},
    {"smart_diaper", "스마트 기저귀"},
    {"exercise_bike", "운동 자전거(드림 바이크)"},
    {"ai_band_speaker", "AI 밴드·스피커"},
};
static const char *const regions[][2] = {
    {"hongcheon", "강원 홍천군"},     {"andong", "경북 안동시"},
    {"dangjin", "충남 당진시"},       {"geumsan", "충남 금산군"},
    {"dongducheon", "경기 동두천시"},
};
static const char *const roles[][2] = {{"primary", "주요"},
                                       {"secondary", "보조"},
                                       {"monitoring", "관찰"},
                                       {"sensitivity", "민감도"}};
static const char *const arms[][2] = {{"intervention", "중재군"},
                                      {"comparison", "비교군"}};
#define COUNT(t) (sizeof t / sizeof t[0])

/* ---- text ---- */

/* Korean is broken between words, not inside them (CSS word-break:
 * keep-all), as Korean documents are set; a Hangul word too long to be
 * worth keeping whole may still be broken. */
static void keep_words(PangoAttrList *attrs, const char *text)
{
    const char *p = text;
    while (*p) {
        while (*p && g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        const char *w = p;
        int n = 0, hangul = 0;
        while (*p && !g_unichar_isspace(g_utf8_get_char(p))) {
            gunichar c = g_utf8_get_char(p);
            hangul |= c >= 0xAC00 && c <= 0xD7A3;
            n++;
            p = g_utf8_next_char(p);
        }
        if (hangul && n <= 12) {
            PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
            a->start_index = (guint)(w - text);
            a->end_index = (guint)(p - text);
            pango_attr_list_insert(attrs, a);
        }
    }
}

/* A layout of markup in font at pt points, wrapped at width (0: not
 * wrapped), at most maxlines lines (0: any; the last one ellipsized);
 * NULL after a failure. */
static PangoLayout *mk(doc *d, const char *font, double pt, double width,
                       PangoAlignment al, int maxlines, const char *markup)
{
    if (d->st)
        return NULL;
    PangoAttrList *attrs = NULL;
    char *text = NULL;
    GError *ge = NULL;
    if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, &ge)) {
        fail(d, SSP_EINTERNAL, "certificate PDF: markup: %s", ge->message);
        g_error_free(ge);
        return NULL;
    }
    PangoLayout *l = pango_layout_new(d->ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, font);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (maxlines > 0) {
        pango_layout_set_height(l, -maxlines);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_alignment(l, al);
    keep_words(attrs, text);
    pango_layout_set_text(l, text, -1);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    return l;
}

static double height(PangoLayout *l)
{
    int w, h;
    if (!l)
        return 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* Draw l with its top-left corner at (x, y) (not while counting pages). */
static void draw(doc *d, PangoLayout *l, double x, double y)
{
    if (!d->cr || !l || d->st)
        return;
    cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
}

/* Set and draw markup; returns its height. */
static double text(doc *d, double x, double y, double width, const char *font,
                   double pt, PangoAlignment al, const char *markup)
{
    PangoLayout *l = mk(d, font, pt, width, al, 0, markup);
    double h = height(l);
    draw(d, l, x, y);
    if (l)
        g_object_unref(l);
    return h;
}

/* ---- lines and boxes ---- */

static void rule(doc *d, double x0, double x1, double y, double lw, double r,
                 double g, double b)
{
    if (!d->cr || d->st)
        return;
    cairo_set_source_rgb(d->cr, r, g, b);
    cairo_set_line_width(d->cr, lw);
    cairo_move_to(d->cr, x0, y);
    cairo_line_to(d->cr, x1, y);
    cairo_stroke(d->cr);
}

static void box(doc *d, double x, double y, double w, double h, double r,
                double g, double b)
{
    if (!d->cr || d->st)
        return;
    cairo_set_source_rgb(d->cr, r, g, b);
    cairo_rectangle(d->cr, x, y, w, h);
    cairo_fill(d->cr);
}

/* ---- the QR code ---- */

/* Encode "ssp-cert:<id>:<digest>" (medium error correction). */
static ssp_status qr_encode(doc *d)
{
    char *payload = g_strdup_printf("ssp-cert:%s:%s", d->id, d->digest);
    errno = 0;
    d->qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    g_free(payload);
    if (d->qr)
        return SSP_OK;
    if (errno == ERANGE)
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: the id is too long for a QR "
                             "code");
    if (errno == ENOMEM)
        return ssp_error_nomem(d->err);
    return ssp_error_set(d->err, SSP_EINTERNAL, NULL, 0, 0,
                         "certificate PDF: QR code: %s", strerror(errno));
}

/* The QR code with its modules in the square of QR_SIZE at (x, y) and
 * its quiet zone around them; each row's dark runs are one rectangle. */
static void qr(doc *d, double x, double y)
{
    if (!d->cr || d->st)
        return;
    const QRcode *q = d->qr;
    const int n = q->width;
    double m = QR_SIZE / n;
    box(d, x - QR_QUIET * m, y - QR_QUIET * m, (n + 2 * QR_QUIET) * m,
        (n + 2 * QR_QUIET) * m, 1, 1, 1);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n;) {
            if (!(q->data[r * n + c] & 1)) {
                c++;
                continue;
            }
            int c0 = c;
            while (c < n && (q->data[r * n + c] & 1))
                c++;
            cairo_rectangle(d->cr, x + c0 * m, y + r * m, (c - c0) * m, m);
        }
    cairo_fill(d->cr);
}

/* ---- page furniture ---- */

static const char *title(const doc *d)
{
    return d->statement ? "실증결과 미충족 통지서" : "실증결과 확인서";
}

/* The double frame of every page. */
static void frame(doc *d)
{
    if (!d->cr || d->st)
        return;
    cairo_set_source_rgb(d->cr, NAVY_RGB);
    cairo_set_line_width(d->cr, 1.2);
    cairo_rectangle(d->cr, 12 * MM, 12 * MM, PAGE_W - 24 * MM,
                    PAGE_H - 24 * MM);
    cairo_stroke(d->cr);
    cairo_set_line_width(d->cr, 0.4);
    cairo_rectangle(d->cr, 13.4 * MM, 13.4 * MM, PAGE_W - 26.8 * MM,
                    PAGE_H - 26.8 * MM);
    cairo_stroke(d->cr);
}

/* The first page's head: number and date, title, subtitle, double rule,
 * and a statement's notice. */
static void head(doc *d)
{
    const char *no = fmt(d, "<b>문서번호</b>  %s", esc(d, d->id));
    const char *date =
        fmt(d, "<b>발급일</b>  %04d-%02d-%02d", d->year, d->month, d->day);
    double h = text(d, LEFT, d->y, CONTENT_W, SANS, 8, PANGO_ALIGN_LEFT, no);
    text(d, LEFT, d->y, CONTENT_W, SANS, 8, PANGO_ALIGN_RIGHT, date);
    d->y += h + 14;
    d->y += text(d, LEFT, d->y, CONTENT_W, SERIF, 28, PANGO_ALIGN_CENTER,
                 fmt(d,
                     "<span letter_spacing='3072' weight='bold' "
                     "foreground='#1f3a5f'>%s</span>",
                     title(d)));
    d->y += 2;
    d->y += text(d, LEFT, d->y, CONTENT_W, SERIF, 11.5, PANGO_ALIGN_CENTER,
                 fmt(d, "<span foreground='" GREY "'>%s</span>",
                     d->statement ? "Statement: criteria not met"
                                  : "Demonstration-result certificate"));
    d->y += 10;
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 1.4, NAVY_RGB);
    rule(d, LEFT, LEFT + CONTENT_W, d->y + 3, 0.4, NAVY_RGB);
    d->y += 14;
    if (d->statement) {
        PangoLayout *l = mk(
            d, SANS, 9.5, CONTENT_W - 24, PANGO_ALIGN_LEFT, 0,
            "<b>이 문서는 실증결과 확인서가 아닙니다.</b> 실증계획의 평가 "
            "기준이 충족되지 않았음을 알리는 통지서입니다.\n"
            "<span size='small' foreground='" GREY "'>This statement records "
            "that the criteria of the demonstration plan were not met; it is "
            "not a certificate.</span>");
        double bh = height(l) + 16;
        box(d, LEFT, d->y, CONTENT_W, bh, 0.984, 0.925, 0.922);
        box(d, LEFT, d->y, 3, bh, 0.702, 0.149, 0.118);
        draw(d, l, LEFT + 14, d->y + 8);
        if (l)
            g_object_unref(l);
        d->y += bh + 14;
    }
}

/* A section heading with a navy bar before it. */
static void heading(doc *d, const char *ko, const char *en)
{
    PangoLayout *l = mk(
        d, SANS, 10.5, CONTENT_W - 10, PANGO_ALIGN_LEFT, 0,
        fmt(d, "<b>%s</b>  <span size='small' foreground='" GREY "'>%s</span>",
            ko, en));
    double h = height(l);
    box(d, LEFT, d->y + h * 0.18, 3, h * 0.64, NAVY_RGB);
    draw(d, l, LEFT + 9, d->y);
    if (l)
        g_object_unref(l);
    d->y += h + 6;
}

/* The head of a continuation page. */
static void cont_head(doc *d)
{
    double h =
        text(d, LEFT, d->y, CONTENT_W, SERIF, 11, PANGO_ALIGN_LEFT,
             fmt(d, "<b>%s</b> <span foreground='" GREY "'>(계속)</span>",
                 title(d)));
    text(d, LEFT, d->y + 2, CONTENT_W, SANS, 8, PANGO_ALIGN_RIGHT,
         fmt(d, "<b>문서번호</b>  %s", esc(d, d->id)));
    d->y += h + 6;
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 1.0, NAVY_RGB);
    d->y += 14;
}

static void begin_page(doc *d)
{
    d->page++;
    d->y = MARGIN;
    frame(d);
    if (d->page == 1)
        head(d);
    else
        cont_head(d);
}

static void end_page(doc *d)
{
    text(d, LEFT, BOTTOM + 6, CONTENT_W, SANS, 7, PANGO_ALIGN_CENTER,
         fmt(d, "<span foreground='" GREY "'>%s  ·  %d / %d</span>",
             esc(d, d->id), d->page, d->npages));
    if (d->cr && !d->st)
        cairo_show_page(d->cr);
}

/* ---- the overview ---- */

/* One row of the overview: one or two (n) shaded labels, each with its
 * value beside it. */
#define INFO_LABEL_W 86.0
static void info_row(doc *d, int n, const char *const *ko,
                     const char *const *en, const char *const *value)
{
    PangoLayout *l[2] = {0}, *v[2] = {0};
    double w = CONTENT_W / n, h = 0;
    for (int i = 0; i < n; i++) {
        l[i] = mk(d, SANS, 9, INFO_LABEL_W - 12, PANGO_ALIGN_LEFT, 0,
                  fmt(d,
                      "<b>%s</b> <span size='7168' foreground='" GREY
                      "'>%s</span>",
                      ko[i], en[i]));
        v[i] = mk(d, SANS, 9.5, w - INFO_LABEL_W - 14, PANGO_ALIGN_LEFT, 3,
                  value[i]);
        h = fmax(h, fmax(height(l[i]), height(v[i])));
    }
    h += 2 * PAD_Y;
    for (int i = 0; i < n; i++) {
        double x = LEFT + i * w;
        box(d, x, d->y, INFO_LABEL_W, h, LABEL_RGB);
        draw(d, l[i], x + 7, d->y + (h - height(l[i])) / 2);
        draw(d, v[i], x + INFO_LABEL_W + 8, d->y + (h - height(v[i])) / 2);
        if (l[i])
            g_object_unref(l[i]);
        if (v[i])
            g_object_unref(v[i]);
    }
    rule(d, LEFT, LEFT + CONTENT_W, d->y + h, 0.4, RULE_RGB);
    d->y += h;
}

/* The firm, technology, region, period, participants and plan, two to a
 * row. */
static void overview(doc *d)
{
    const json_t *c = d->cert, *firm = json_object_get(c, "firm");
    const json_t *per = json_object_get(c, "period");
    const json_t *part = json_object_get(c, "participants");
    const char *tech = member(c, "technology"), *region = member(c, "region");
    const char *en = member(firm, "name_en");
    const char *tko = lookup(technologies, COUNT(technologies), tech);
    const char *rko = lookup(regions, COUNT(regions), region);
    const json_t *minc = json_object_get(part, "min_completers");
    const char *plan = member(json_object_get(c, "plan"), "title");

    heading(d, "실증 개요", "Overview");
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.9, NAVY_RGB);
    const char *ko1[] = {"기업명", "기술"}, *en1[] = {"Firm", "Technology"};
    const char *v1[] = {
        en && *en ? fmt(d, "<b>%s</b> (%s)", esc(d, member(firm, "name_ko")),
                        esc(d, en))
                  : fmt(d, "<b>%s</b>", esc(d, member(firm, "name_ko"))),
        tko ? fmt(d, "%s  %s", tko, fmt(d, CODE_SPAN, esc(d, tech)))
            : fmt(d, CODE_SPAN, esc(d, tech))};
    info_row(d, 2, ko1, en1, v1);
    const char *ko2[] = {"지역", "실증 기간"}, *en2[] = {"Region", "Period"};
    const char *v2[] = {
        rko ? fmt(d, "%s  %s", rko, fmt(d, CODE_SPAN, esc(d, region)))
            : fmt(d, CODE_SPAN, esc(d, region)),
        fmt(d, "%s ~ %s", esc(d, member(per, "from")),
            esc(d, member(per, "to")))};
    info_row(d, 2, ko2, en2, v2);
    const char *ko3[] = {"참여자", "실증계획"},
               *en3[] = {"Participants", "Plan"};
    const char *v3[] = {fmt(d, "등록 %s · 완료 %s%s",
                            persons(d, json_object_get(part, "enrolled")),
                            persons(d, json_object_get(part, "completers")),
                            json_is_number(minc)
                                ? fmt(d,
                                      "\n<span size='small' foreground='" GREY
                                      "'>계획상 최소 완료 %s명</span>",
                                      count(d, minc))
                                : ""),
                        esc(d, plan)};
    info_row(d, plan && *plan ? 2 : 1, ko3, en3, v3);
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.9, NAVY_RGB);
    d->y += 16;
}

/* ---- the results table ---- */

static double col_x(size_t i)
{
    double x = LEFT;
    for (size_t k = 0; k < i; k++)
        x += col_w[k];
    return x;
}

static double col_width(size_t i)
{
    return col_w[i] > 0 ? col_w[i] : LEFT + CONTENT_W - col_x(i);
}

/* Draw one table row of cells (already set) with height h at d->y:
 * background, cells centred vertically, grid. */
static void table_row(doc *d, PangoLayout *const *cell, double h, int header)
{
    if (header)
        box(d, LEFT, d->y, CONTENT_W, h, HEAD_RGB);
    for (size_t i = 0; i < NCOL; i++)
        draw(d, cell[i], col_x(i) + PAD_X, d->y + (h - height(cell[i])) / 2);
    if (d->cr && !d->st) {
        cairo_set_source_rgb(d->cr, RULE_RGB);
        cairo_set_line_width(d->cr, 0.4);
        for (size_t i = 1; i < NCOL; i++) {
            cairo_move_to(d->cr, col_x(i), d->y);
            cairo_line_to(d->cr, col_x(i), d->y + h);
        }
        cairo_stroke(d->cr);
    }
    rule(d, LEFT, LEFT + CONTENT_W, d->y + h, header ? 0.6 : 0.4,
         header ? 0.45 : 0.70, header ? 0.50 : 0.74, header ? 0.58 : 0.80);
}

static void free_cells(PangoLayout **cell)
{
    for (size_t i = 0; i < NCOL; i++)
        if (cell[i])
            g_object_unref(cell[i]);
}

/* The confidence level of the intervals, in percent, for the header. */
static const char *level(doc *d)
{
    const json_t *v =
        json_object_get(json_object_get(d->cert, "parameters"), "level");
    if (!json_is_number(v) || !(json_number_value(v) > 0) ||
        !(json_number_value(v) < 1))
        return "95";
    char buf[64];
    locale_t old = uselocale(d->cloc);
    snprintf(buf, sizeof buf, "%.6g", json_number_value(v) * 100);
    uselocale(old);
    return fmt(d, "%s", buf);
}

static void table_head(doc *d)
{
    const char *h[NCOL] = {"구분", "지표", fmt(d, "추정값 [%s%% CI]", level(d)),
                           "p",    "기준", "판정"};
    PangoLayout *cell[NCOL];
    double rh = 0;
    for (size_t i = 0; i < NCOL; i++) {
        cell[i] = mk(d, SANS, 8.5, col_width(i) - 2 * PAD_X, PANGO_ALIGN_CENTER,
                     0, fmt(d, "<b>%s</b>", h[i]));
        rh = fmax(rh, height(cell[i]));
    }
    rh += 2 * PAD_Y;
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.9, NAVY_RGB);
    table_row(d, cell, rh, 1);
    free_cells(cell);
    d->y += rh;
}

/* The cells of criterion c. */
static void criterion_cells(doc *d, const json_t *c, PangoLayout **cell)
{
    const char *role = member(c, "role"), *arm = member(c, "arm");
    const char *rko = lookup(roles, COUNT(roles), role);
    const char *ako = lookup(arms, COUNT(arms), arm);
    const char *id = member(c, "id");
    cell[0] = mk(
        d, SANS, 8.5, col_width(0) - 2 * PAD_X, PANGO_ALIGN_CENTER, 0,
        fmt(d, "<b>%s</b>%s", rko ? rko : esc(d, role),
            id && *id
                ? fmt(d, "\n<span size='small' foreground='" GREY "'>%s</span>",
                      esc(d, id))
                : ""));

    /* the indicator: label, then code, arm and n in small type */
    const char *ind = member(c, "indicator"), *label = member(c, "label");
    const char *who = member(c, "estimand");
    const char *note = fmt(
        d, "<span font_family='" MONO "'>%s</span>%s%s%s", esc(d, ind),
        ako || (arm && *arm) ? fmt(d, " · %s", ako ? ako : esc(d, arm)) : "",
        !who                         ? ""
        : !strcmp(who, "itt")        ? " · 치료의향(ITT) 분석"
        : !strcmp(who, "completers") ? " · 완료자 분석"
                                     : fmt(d, " · %s", esc(d, who)),
        json_is_number(json_object_get(c, "n"))
            ? fmt(d, " · n = %s", count(d, json_object_get(c, "n")))
            : "");
    cell[1] = mk(d, SANS, 8.5, col_width(1) - 2 * PAD_X, PANGO_ALIGN_LEFT, 7,
                 label && *label
                     ? fmt(d, "%s\n%s", esc(d, label), fmt(d, SMALL_SPAN, note))
                     : fmt(d, SMALL_SPAN, note));

    /* estimate [CI] */
    const json_t *est = json_object_get(c, "estimate"),
                 *lo = json_object_get(c, "ci_low"),
                 *hi = json_object_get(c, "ci_high");
    const char *unit = member(c, "unit");
    const char *e =
        !json_is_number(est)
            ? "—"
            : fmt(d, "<b>%s</b>%s", dec2(d, est),
                  unit && *unit ? fmt(d,
                                      " <span size='small' foreground='" GREY
                                      "'>%s</span>",
                                      esc(d, unit))
                                : "");
    if (json_is_number(lo) || json_is_number(hi))
        e = fmt(d, "%s\n<span size='small'>[%s, %s]</span>", e, dec2(d, lo),
                dec2(d, hi));
    cell[2] =
        mk(d, SANS, 8.5, col_width(2) - 2 * PAD_X, PANGO_ALIGN_CENTER, 4, e);
    cell[3] =
        mk(d, SANS, 8.5, col_width(3) - 2 * PAD_X, PANGO_ALIGN_CENTER, 0,
           fmt(d, "%s%s", esc(d, pval(d, json_object_get(c, "p_adjusted"))),
               !strcmp(member(c, "p_adjusted_in") ?: "", "family")
                   ? "\n<span size='small' foreground='" GREY "'>(보정)</span>"
                   : ""));

    /* the rule, and why it was not evaluable or not met */
    const char *reason = member(c, "reason"),
               *power = member(c, "power_statement");
    const char *why = reason && *reason
                          ? fmt(d,
                                "%s\n<span size='small' style='italic' "
                                "foreground='" GREY "'>%s</span>",
                                esc(d, member(c, "rule")), esc(d, reason))
                          : esc(d, member(c, "rule"));
    if (power && *power) /* the primary's power at the study's n */
        why = fmt(d, "%s\n<span size='small' foreground='" GREY "'>%s</span>",
                  why, esc(d, power));
    cell[4] =
        mk(d, SANS, 8, col_width(4) - 2 * PAD_X, PANGO_ALIGN_LEFT, 8, why);

    const char *out = member(c, "outcome");
    const char *word = ssp_plan_outcome_word(out, 0);
    if (!word)
        word = esc(d, out ? out : "—");
    const char *colour = out && !strcmp(out, "met")       ? "#1b7f3b"
                         : out && !strcmp(out, "not_met") ? "#b3261e"
                                                          : "#8a6d00";
    cell[5] =
        mk(d, SANS, 9, col_width(5) - 2 * PAD_X, PANGO_ALIGN_CENTER, 0,
           fmt(d, "<b><span foreground='%s'>%s</span></b>", colour, word));
}

/* One line of small print under the table, on a new page if need be.
 * Returns 1 when the layout could not be made. */
static int note_line(doc *d, const char *markup)
{
    PangoLayout *l = mk(d, SANS, 8, CONTENT_W, PANGO_ALIGN_LEFT, 0, markup);
    if (!l)
        return 1;
    double h = height(l) + PAD_Y;
    if (d->y + PAD_Y + h > BOTTOM) {
        end_page(d);
        begin_page(d);
    }
    draw(d, l, LEFT, d->y + PAD_Y);
    g_object_unref(l);
    d->y += PAD_Y + h;
    return 0;
}

/* The results, flowing onto further pages with the header repeated. */
static void results(doc *d)
{
    heading(d, "평가 결과", "Results");
    const json_t *crit = json_object_get(d->cert, "criteria");
    if (json_array_size(crit) == 0) {
        d->y += text(d, LEFT, d->y, CONTENT_W, SANS, 9, PANGO_ALIGN_LEFT,
                     "실증계획에 평가 기준이 없습니다. "
                     "<span size='small' foreground='" GREY
                     "'>(The plan has no criteria.)</span>");
        return;
    }
    table_head(d);
    size_t i, n = json_array_size(crit), on_page = 0;
    const json_t *c;
    json_array_foreach(crit, i, c)
    {
        PangoLayout *cell[NCOL] = {0};
        criterion_cells(d, c, cell);
        double h = 0;
        for (size_t k = 0; k < NCOL; k++)
            h = fmax(h, height(cell[k]));
        h += 2 * PAD_Y;
        if (d->y + h > BOTTOM || (on_page > 0 && i + (size_t)d->carry == n)) {
            rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.9, NAVY_RGB);
            end_page(d);
            begin_page(d);
            table_head(d);
            on_page = 0;
        }
        on_page++;
        table_row(d, cell, h, 0);
        free_cells(cell);
        d->y += h;
    }
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.9, NAVY_RGB);
    /* the plan's planned n against the enrolment */
    json_array_foreach(json_object_get(d->cert, "warnings"), i, c)
    {
        if (note_line(d, fmt(d,
                             "<b>주의</b> <span foreground='" GREY
                             "'>(warning)</span> %s",
                             esc(d, member(c, "why")))))
            return;
    }
    /* whether the plan was fixed before the data */
    const json_t *reg = json_object_get(d->cert, "registration");
    const char *st = member(reg, "status");
    if (st && !strcmp(st, "registered"))
        (void)note_line(
            d, fmt(d,
                   "<b>계획 사전 등록</b> <span foreground='" GREY
                   "'>(plan registered)</span> %s, 첫 사후 측정 %s 이전",
                   esc(d, member(reg, "registered")),
                   esc(d, member(reg, "first_endline") ?: "—")));
    else if (st)
        (void)note_line(
            d,
            fmt(d, "<b>사전 등록되지 않은 계획</b> <span foreground='" GREY
                   "'>(the plan was not registered before the data)</span>"));
}

/* ---- the participant flow ---- */

/* The cohort's flow (a certificate before the flow has none), on a page
 * of its own when it does not fit under the results. */
static void flow_section(doc *d)
{
    const json_t *flow = json_object_get(d->cert, "flow");
    const char *tech = member(d->cert, "technology"),
               *region = member(d->cert, "region");
    size_t n;
    if (d->st || !flow || !tech || !region)
        return;
    ssp_flow_row *r = ssp_flow_rows_of_json(flow, tech, region, &n);
    if (!r) {
        if (json_array_size(json_object_get(flow, "rows")))
            fail(d, SSP_EINTERNAL, "certificate PDF: out of memory");
        return;
    }
    ssp_flow_words w = {0,
                        {lookup(arms, COUNT(arms), "intervention"),
                         lookup(arms, COUNT(arms), "comparison")}};
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *mc = cairo_create(rec);
    double h = ssp_flow_draw(mc, 0, 0, CONTENT_W, r, n, tech, region, &w);
    cairo_destroy(mc);
    cairo_surface_destroy(rec);
    if (h < 0) {
        fail(d, SSP_EINTERNAL, "certificate PDF: the flow diagram");
    } else if (h > 0) {
        if (d->y + 40 + h > BOTTOM) {
            end_page(d);
            begin_page(d);
        }
        d->y += 10;
        heading(d, "참여자 흐름", "Participant flow");
        if (d->cr && ssp_flow_draw(d->cr, LEFT, d->y, CONTENT_W, r, n, tech,
                                   region, &w) < 0)
            fail(d, SSP_EINTERNAL, "certificate PDF: the flow diagram");
        d->y += h;
        const char *ins = member(flow, "instrument");
        const json_t *mc2 = json_object_get(flow, "min_cell");
        (void)note_line(
            d, fmt(d,
                   "%s%s의 점수 기준. %s <span foreground='" GREY
                   "'>(counts of the primary's instrument; CONSORT 2025, "
                   "TREND)</span>",
                   ins ? "주요 지표 평가도구 " : "어느 평가도구든",
                   ins ? esc(d, ins) : "",
                   json_integer_value(mc2) > 0
                       ? fmt(d, "%lld명 미만과 그로부터 계산되는 수는 비공개.",
                             (long long)json_integer_value(mc2))
                       : ""));
    }
    free(r);
}

/* ---- the closing: verdict, date, issuer, QR code and how to check ---- */

static PangoLayout *verdict_box(doc *d)
{
    return mk(d, SERIF, 12.5, CONTENT_W - 32, PANGO_ALIGN_CENTER, 0,
              d->met ? "<b>위 기술은 실증계획의 평가 기준을 충족하였음을 "
                       "확인합니다.</b>\n<span font_family='" SANS
                       "' size='8704' foreground='" GREY "'>This certifies "
                       "that the technology met the evaluation criteria of "
                       "the demonstration plan.</span>"
                     : "<b>위 기술은 실증계획의 평가 기준을 충족하지 "
                       "못하였음을 알립니다.</b>\n<span font_family='" SANS
                       "' size='8704' foreground='" GREY "'>The technology "
                       "did not meet the evaluation criteria of the "
                       "demonstration plan.</span>");
}

/* The bottom block (date, issuer, QR code, how to check) with its top at
 * y; returns its height. */
static double signature(doc *d, double y)
{
    double y0 = y;
    y += text(d, LEFT, y, CONTENT_W, SERIF, 12.5, PANGO_ALIGN_CENTER,
              fmt(d, "%d년 %d월 %d일", d->year, d->month, d->day));
    y += 6;
    y += text(d, LEFT, y, CONTENT_W, SERIF, 15, PANGO_ALIGN_CENTER,
              fmt(d,
                  "<b>보건복지부 스마트 사회서비스 시범사업 평가</b>"
                  "<span size='small' foreground='" GREY "'>  —  ssp %s</span>",
                  esc(d, d->version)));
    y += 10;
    rule(d, LEFT, LEFT + CONTENT_W, y, 0.4, RULE_RGB);
    y += 12;

    const char *doc_ko = d->statement ? "통지서" : "확인서";
    const char *file = esc(d, fmt(d, "%s.json", d->id));
    double tx = LEFT + QR_SIZE + 16, tw = LEFT + CONTENT_W - tx;
    double th = text(
        d, tx, y + 2, tw, SANS, 8, PANGO_ALIGN_LEFT,
        fmt(d,
            "<b>진위 확인</b>  <span size='small' foreground='" GREY
            "'>How to check</span>\n"
            "이 문서는 전자서명된 %s 파일 %s의 인쇄본입니다. 발급 기관의 "
            "공개키(KEY)로 다음과 같이 서명과 이 PDF를 확인하십시오.\n"
            "<span size='9216'>%s</span>\n"
            "QR 코드에는 문서번호와 %s 파일의 SHA-256이 담겨 있으며, "
            "그 값은 QR 코드 아래에 인쇄되어 있습니다.\n"
            "<span size='7168' foreground='" GREY "'>The printed form of "
            "the signed file %s: check it with the issuer's public key by "
            "the command above. The QR code holds the id and the SHA-256 of "
            "the JSON file, printed under it.</span>",
            doc_ko, fmt(d, MONO_SPAN, file),
            fmt(d, MONO_SPAN, fmt(d, "ssp verify %s --pub KEY", file)), doc_ko,
            fmt(d, MONO_SPAN, file)));
    qr(d, LEFT, y + 2);
    double qy = y + 2 + QR_SIZE + 4;
    qy += text(d, LEFT, qy, CONTENT_W, MONO, 6.5, PANGO_ALIGN_LEFT,
               fmt(d, "SHA-256 %s", d->digest));
    y = fmax(qy, y + 2 + th);
    return y - y0;
}

static void closing(doc *d)
{
    PangoLayout *v = verdict_box(d);
    double vh = height(v) + 20;
    cairo_t *cr = d->cr; /* measure the bottom block without drawing */
    d->cr = NULL;
    double sh = signature(d, 0);
    d->cr = cr;
    sh += 6; /* clear of the page footer */
    d->lonely = d->y + 12 + vh + 12 > BOTTOM - sh;
    if (d->lonely) {
        end_page(d);
        begin_page(d);
    }
    d->y += 12;
    box(d, LEFT, d->y, CONTENT_W, vh, 0.953, 0.961, 0.973);
    rule(d, LEFT, LEFT + CONTENT_W, d->y, 0.8, NAVY_RGB);
    rule(d, LEFT, LEFT + CONTENT_W, d->y + vh, 0.8, NAVY_RGB);
    draw(d, v, LEFT + 16, d->y + 10);
    if (v)
        g_object_unref(v);
    d->y += vh;
    signature(d, BOTTOM - sh);
}

/* Lay out every page (counting them when d->cr is NULL). */
static void render(doc *d)
{
    d->page = 0;
    d->lonely = 0;
    begin_page(d);
    overview(d);
    results(d);
    flow_section(d);
    closing(d);
    end_page(d);
    d->npages = d->page;
}

/* ---- checks of the input ---- */

static int is_hex(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The members the document cannot do without. */
static ssp_status check_cert(doc *d)
{
    const json_t *c = d->cert;
    const char *need[] = {"id",      "issued_on",  "kind",
                          "verdict", "technology", "region"};
    if (!json_is_object(c))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: not a JSON object");
    for (size_t i = 0; i < COUNT(need); i++)
        if (!member(c, need[i]) || !*member(c, need[i]))
            return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                                 "certificate: no %s", need[i]);
    if (!member(json_object_get(c, "firm"), "name_ko"))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: no firm.name_ko");
    if (!member(json_object_get(c, "period"), "from") ||
        !member(json_object_get(c, "period"), "to"))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: no period.from and period.to");
    const json_t *crit = json_object_get(c, "criteria");
    if (crit && !json_is_array(crit))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: criteria is not an array");
    size_t i;
    const json_t *e;
    json_array_foreach(crit, i, e)
    {
        if (!json_is_object(e))
            return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                                 "certificate: criteria[%zu] is not an "
                                 "object",
                                 i);
    }
    const char *kind = member(c, "kind"), *verdict = member(c, "verdict");
    if (strcmp(kind, "certificate") && strcmp(kind, "not_met_statement"))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: kind '%s' is neither certificate "
                             "nor not_met_statement",
                             kind);
    if (strcmp(verdict, "met") && strcmp(verdict, "not_met"))
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: verdict '%s' is neither met nor "
                             "not_met",
                             verdict);
    const char *on = member(c, "issued_on");
    int digits = strlen(on) == 10 && on[4] == '-' && on[7] == '-';
    for (int k = 0; digits && k < 10; k++)
        digits = k == 4 || k == 7 || isdigit((unsigned char)on[k]);
    if (digits) {
        d->year = atoi(on);
        d->month = atoi(on + 5);
        d->day = atoi(on + 8);
    }
    if (!digits || d->month < 1 || d->month > 12 || d->day < 1 || d->day > 31)
        return ssp_error_set(d->err, SSP_EDATA, NULL, 0, 0,
                             "certificate: issued_on '%s' is not a date "
                             "YYYY-MM-DD",
                             on);
    d->id = member(c, "id");
    d->statement = !strcmp(kind, "not_met_statement");
    d->met = !strcmp(verdict, "met");
    d->version = member(c, "version") ? member(c, "version") : SSP_VERSION;
    return SSP_OK;
}

/* Is family the font fontconfig gives for it? */
static ssp_status check_font(doc *d, const char *family)
{
    PangoFontDescription *want = pango_font_description_from_string(family);
    PangoFont *f = pango_font_map_load_font(d->fm, d->ctx, want);
    PangoFontDescription *got = f ? pango_font_describe(f) : NULL;
    const char *name = got ? pango_font_description_get_family(got) : NULL;
    int ok = name && !g_ascii_strcasecmp(name, family);
    if (got)
        pango_font_description_free(got);
    if (f)
        g_object_unref(f);
    pango_font_description_free(want);
    if (!ok)
        return ssp_error_set(d->err, SSP_EUSAGE, NULL, 0, 0,
                             "the font %s is not installed (Debian package "
                             "fonts-nanum)",
                             family);
    return SSP_OK;
}

/* cairo's output goes to the atomic file; the first errno is kept. */
struct sink {
    FILE *fp;
    int err;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int len)
{
    struct sink *s = closure;
    if (fwrite(data, 1, len, s->fp) == len)
        return CAIRO_STATUS_SUCCESS;
    if (!s->err)
        s->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
}

ssp_status ssp_cert_pdf(const void *cert, const char *digest, const char *path,
                        ssp_error *err)
{
    doc d = {.cert = cert, .err = err};
    ssp_atomic a = {0};
    struct sink sink = {0};
    cairo_surface_t *s = NULL;
    ssp_status st;

    if (!digest || strlen(digest) != 64)
        return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                             "certificate PDF: the digest is not 64 hex "
                             "digits");
    for (int i = 0; i < 64; i++) {
        if (!is_hex((unsigned char)digest[i]))
            return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                                 "certificate PDF: the digest is not 64 hex "
                                 "digits");
        d.digest[i] = (char)tolower((unsigned char)digest[i]);
    }
    if ((st = check_cert(&d)) || (st = qr_encode(&d)))
        return st;

    d.cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    d.pool = g_ptr_array_new_with_free_func(g_free);
    d.fm = pango_cairo_font_map_new();
    if (!d.cloc || !d.fm) {
        st = ssp_error_nomem(err);
        goto fail;
    }
    /* Points are the unit, and glyphs keep their unhinted advances, so the
     * layout is the same at every resolution the PDF is printed at. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(d.fm), 72);
    d.ctx = pango_font_map_create_context(d.fm);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(d.ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(d.ctx, FALSE);
    pango_context_set_language(d.ctx, pango_language_from_string("ko-kr"));
    if ((st = check_font(&d, SANS)) || (st = check_font(&d, SERIF)) ||
        (st = check_font(&d, MONO)))
        goto fail;

    /* First count the pages, for the footers, then draw. A closing
     * alone on the last page takes the last row of the table with it. */
    render(&d);
    if (d.lonely && json_array_size(json_object_get(d.cert, "criteria"))) {
        d.carry = 1;
        render(&d);
    }
    if ((st = d.st))
        goto fail;
    if ((st = ssp_atomic_open(&a, path, 0, err)))
        goto fail;
    sink.fp = a.fp;
    s = cairo_pdf_surface_create_for_stream(sink_write, &sink, PAGE_W, PAGE_H);
    char date[40];
    snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00+09:00", d.year,
             d.month, d.day);
    const char *tag = fmt(&d, TAG "%s", d.digest);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   fmt(&d, "%s %s", title(&d), d.id));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
                                   fmt(&d, "%s %s",
                                       d.statement
                                           ? "Statement: criteria not met"
                                           : "Demonstration-result certificate",
                                       d.id));
    cairo_pdf_surface_set_metadata(
        s, CAIRO_PDF_METADATA_AUTHOR,
        "보건복지부 스마트 사회서비스 시범사업 평가");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, tag);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   fmt(&d, "ssp %s", d.version));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    d.cr = cairo_create(s);
    render(&d);
    if ((st = d.st))
        goto fail;
    cairo_destroy(d.cr);
    d.cr = NULL;
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = sink.err ? ssp_error_set(err, SSP_EIO, path, 0, 0,
                                      "write error: %s", strerror(sink.err))
             : cs == CAIRO_STATUS_NO_MEMORY
                 ? ssp_error_nomem(err)
                 : ssp_error_set(err, SSP_EINTERNAL, path, 0, 0, "cairo: %s",
                                 cairo_status_to_string(cs));
        goto fail;
    }
    cairo_surface_destroy(s);
    s = NULL;
    if ((st = ssp_atomic_commit(&a, err)))
        goto fail;
    st = SSP_OK;
fail:
    if (d.cr)
        cairo_destroy(d.cr);
    if (s)
        cairo_surface_destroy(s);
    ssp_atomic_abort(&a);
    if (d.ctx)
        g_object_unref(d.ctx);
    if (d.fm)
        g_object_unref(d.fm);
    if (d.pool)
        g_ptr_array_unref(d.pool);
    if (d.cloc)
        freelocale(d.cloc);
    if (d.qr)
        QRcode_free(d.qr);
    return st;
}

/* ---- reading the digest back ---- */

/* Decode the PDF string at p (literal "(...)" or hex "<...>", the latter
 * as cairo writes non-ASCII text: UTF-16BE after FEFF) into out as
 * ASCII, other characters as '?'. Returns 1 on success. */
static int pdf_string(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    if (p < end && *p == '(') {
        int depth = 1;
        for (p++; p < end && n + 1 < cap; p++) {
            char c = *p;
            if (c == '\\' && p + 1 < end) {
                c = *++p;
                c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                out[n] = '\0';
                return 1;
            }
            out[n++] = (unsigned char)c < 0x80 ? c : '?';
        }
        return 0;
    }
    if (p < end && *p == '<') {
        unsigned v = 0;
        int digits = 0, utf16 = 0, first = 1;
        for (p++; p < end && *p != '>'; p++) {
            if (isspace((unsigned char)*p))
                continue;
            if (!is_hex((unsigned char)*p))
                return 0;
            v = v * 16 +
                (unsigned)(isdigit((unsigned char)*p)
                               ? *p - '0'
                               : tolower((unsigned char)*p) - 'a' + 10);
            if (++digits < (first || utf16 ? 4 : 2))
                continue;
            if (first && v == 0xFEFF) {
                utf16 = 1;
            } else if (first && !utf16) {
                /* not UTF-16: two bytes of PDFDocEncoding */
                if (n + 2 >= cap)
                    return 0;
                out[n++] = (v >> 8) < 0x80 ? (char)(v >> 8) : '?';
                out[n++] = (v & 0xff) < 0x80 ? (char)(v & 0xff) : '?';
            } else {
                if (n + 1 >= cap)
                    return 0;
                out[n++] = v < 0x80 ? (char)v : '?';
            }
            first = 0;
            v = 0;
            digits = 0;
        }
        if (p >= end || digits)
            return 0;
        out[n] = '\0';
        return 1;
    }
    return 0;
}

/* The digest in a Keywords value: "ssp-sha256:" and 64 hex digits, as a
 * word of its own. */
static int find_tag(const char *s, char hex[65])
{
    for (const char *t = strstr(s, TAG); t; t = strstr(t + 1, TAG)) {
        const char *h = t + strlen(TAG);
        int i = 0;
        while (i < 64 && is_hex((unsigned char)h[i]))
            i++;
        if (i == 64 && !is_hex((unsigned char)h[64]) &&
            (t == s || !isalnum((unsigned char)t[-1]))) {
            for (i = 0; i < 64; i++)
                hex[i] = (char)tolower((unsigned char)h[i]);
            hex[64] = '\0';
            return 1;
        }
    }
    return 0;
}

ssp_status ssp_cert_pdf_digest(const char *path, char hex[65], ssp_error *err)
{
    /* ssp's PDFs are a few hundred kilobytes; a far larger file is not
     * one of them, and is not read into memory. */
    const long limit = 64L << 20;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                             strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ssp_status st = SSP_OK;
    for (;;) {
        char *nb = ssp_grow(buf, &cap, n + 65536, 1);
        if (!nb) {
            st = ssp_error_nomem(err);
            goto done;
        }
        buf = nb;
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
        if ((long)n > limit) {
            st = ssp_error_set(err, SSP_EDATA, path, 0, 0,
                               "not a certificate PDF made by ssp (too "
                               "large)");
            goto done;
        }
    }
    if (ferror(fp)) {
        st = ssp_error_set(err, SSP_EIO, path, 0, 0, "read error: %s",
                           strerror(errno));
        goto done;
    }
    buf[n] = '\0';
    if (n < 5 || memcmp(buf, "%PDF-", 5)) {
        st = ssp_error_set(err, SSP_EDATA, path, 0, 0, "not a PDF");
        goto done;
    }
    /* The last Keywords entry wins, as in an incrementally updated PDF. */
    const char *end = buf + n, *p = buf;
    int found = 0;
    static const char key[] = "/Keywords";
    while ((p = memmem(p, (size_t)(end - p), key, sizeof key - 1))) {
        p += sizeof key - 1;
        const char *v = p;
        while (v < end && strchr(" \t\r\n\f", *v) && *v)
            v++;
        char val[1024];
        char h[65];
        if (pdf_string(v, end, val, sizeof val) && find_tag(val, h)) {
            memcpy(hex, h, 65);
            found = 1;
        }
    }
    if (!found)
        st = ssp_error_set(err, SSP_EDATA, path, 0, 0,
                           "not a certificate PDF made by ssp: no " TAG
                           " in its Keywords");
done:
    fclose(fp);
    free(buf);
    return st;
}
