/* flowdraw.h: the participant flow drawn as a CONSORT/TREND diagram with
 * cairo and pango: for the charts of ssp plot flow and the certificate's
 * PDF. */
#ifndef SSP_FLOWDRAW_H
#define SSP_FLOWDRAW_H

#include <cairo.h>
#include <stddef.h>
#include <stdio.h>

#include "ssp/flow.h"
#include "ssp/plot.h"

/* The words of one diagram: Korean (en 0) or English, the names of the
 * arms as the caller shows them elsewhere. */
typedef struct ssp_flow_words {
    int en;
    const char *arm[2]; /* intervention, comparison */
} ssp_flow_words;

/* Draw the flow of the cohort (technology, region) among r[0 .. n-1] on
 * cr with its top left at (x, y), width w points: an arm per column
 * (intervention, then comparison, those the cohort has), the stages
 * enrolled, with a baseline, analysed by intention to treat and as
 * completers down the column, each exclusion beside the arrow it leaves,
 * the exits and their reasons under it; a withheld count is shown as
 * such, a stage without a row as 0. Returns the height drawn (0: the
 * cohort has no row; -1: pango failed). */
double ssp_flow_draw(cairo_t *cr, double x, double y, double w,
                     const ssp_flow_row *r, size_t n, const char *technology,
                     const char *region, const ssp_flow_words *words);

/* Whether r[i] is the first row of its cohort (technology and region). */
int ssp_flow_first(const ssp_flow_row *r, size_t i);

/* Render the cohort's diagram as the charts show it (names as
 * ssp_plot_name gives them, in Korean or English: en), titled
 * "참여자 흐름: TECHNOLOGY, REGION", into fp as format f, width px pixels
 * (points for PDF and SVG). Returns SSP_OK, SSP_EIO or SSP_EINTERNAL
 * (cairo or pango failed). */
ssp_status ssp_flow_render(FILE *fp, ssp_plot_format f, double px,
                           const ssp_flow_row *r, size_t n,
                           const char *technology, const char *region, int en,
                           ssp_error *err) SSP_NODISCARD;

/* As ssp_flow_render, to path, atomically. */
ssp_status ssp_flow_write(const char *path, ssp_plot_format f, double px,
                          const ssp_flow_row *r, size_t n,
                          const char *technology, const char *region, int en,
                          ssp_error *err) SSP_NODISCARD;

#endif
