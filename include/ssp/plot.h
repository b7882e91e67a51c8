/* plot.h: the charts of ssp plot: their data, from the results of ssp
 * indicators --json and from canonical datasets, and their gnuplot
 * scripts (drawn by the driver in gnuplot.h). */
#ifndef SSP_PLOT_H
#define SSP_PLOT_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef struct ssp_plot ssp_plot;

typedef enum ssp_plot_format {
    SSP_PLOT_PNG,
    SSP_PLOT_SVG,
    SSP_PLOT_PDF
} ssp_plot_format;

typedef struct ssp_plot_options {
    ssp_plot_format format;
    int lang;           /* 0 Korean, 1 English, -1 the results' language */
    long width, height; /* pixels (PDF: the same at 96 per inch) */
    double target;      /* minutes: the response chart's target line */
    long min_n;         /* a group of fewer subjects (alerts, for the
                           response chart) is not drawn; 0: all are */
} ssp_plot_options;

/* The charts, in the order they are drawn. */
enum {
    SSP_CHART_FOREST,
    SSP_CHART_PREPOST,
    SSP_CHART_UTILIZATION,
    SSP_CHART_RESPONSE,
    SSP_CHART_PLATE_WASTE,
    SSP_CHART_VOID_TO_CHANGE,
    SSP_NCHARTS
};

/* A chart's file name without the extension ("forest", "plate-waste"). */
const char *ssp_plot_chart_name(int chart);

/* The name the charts give a technology, region or arm code in Korean
 * or English (en), or the code itself. Static. */
const char *ssp_plot_name(const char *code, int en);

/* The extension of a format ("png"). */
const char *ssp_plot_format_ext(ssp_plot_format f);

/* Read results (the JSON that ssp indicators --json writes; "-" is
 * standard input), the
 * indicator catalogue it names (or the shipped one when that file is
 * gone) and the shipped instrument catalogue (instruments.json, found
 * as ssp_schema_find does). The options are copied. Returns NULL with
 * err filled: SSP_EIO (cannot read results), SSP_EUSAGE (not the JSON
 * of ssp indicators, a bad catalogue), SSP_EINTERNAL. */
ssp_plot *ssp_plot_open(const char *results, const ssp_plot_options *o,
                        ssp_error *err) SSP_NODISCARD;

/* Add the canonical dataset in folder dir (its datapackage.json names
 * the subjects resource, and the measures, usage and events resources
 * when it has them). Returns SSP_OK, SSP_EDATA (bad data at
 * FILE:LINE:COL, a subject in two datasets or not in subjects),
 * SSP_EUSAGE (a bad datapackage.json), SSP_EIO or SSP_EINTERNAL. */
ssp_status ssp_plot_add(ssp_plot *x, const char *dir,
                        ssp_error *err) SSP_NODISCARD;

/* The gnuplot terminal line of the options' format, size and font. */
const char *ssp_plot_terminal(const ssp_plot *x);

/* Make the gnuplot script of chart (data inline as datablocks; text from
 * the data only in single-quoted strings, where gnuplot substitutes
 * nothing), to follow ssp_plot_terminal's line and "set output": *script
 * is a new string of *len bytes (free it), or NULL when the chart has no
 * data to draw (a note says why). Groups left out are noted too.
 * Returns SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_plot_script(ssp_plot *x, int chart, char **script, size_t *len,
                           ssp_error *err) SSP_NODISCARD;

/* Notes made so far (chart skipped, group left out, catalogue
 * replaced), in order: the caller shows the new ones after each call.
 * Each note is valid until ssp_plot_free. */
size_t ssp_plot_nnotes(const ssp_plot *x);
const char *ssp_plot_note(const ssp_plot *x, size_t i);

void ssp_plot_free(ssp_plot *x);

#endif
