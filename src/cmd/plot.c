/* plot.c: ssp plot, the charts of a pilot's results and datasets, drawn
 * by gnuplot. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "ssp/flow.h"
#include "ssp/flowdraw.h"
#include "ssp/gnuplot.h"
#include "ssp/num.h"
#include "ssp/plot.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp plot [OPTIONS] -o DIR RESULTS.json [DATASET...]\n"
    "       ssp plot flow [OPTIONS] -o DIR DATASET...\n"
    "Draw the charts of a pilot with gnuplot, one file each in DIR, and list\n"
    "the files written: forest (every effect with its interval, from the\n"
    "results of ssp indicators --json; '-' reads them from standard input),\n"
    "and from the datasets prepost (baseline and endline scores), utilization\n"
    "(weekly days of use), response (minutes to acknowledge safety alerts),\n"
    "plate-waste (food scanner) and void-to-change (smart diaper). A chart\n"
    "without data is skipped with a note.\n"
    "flow: the participant flow (ssp flow) of each cohort as a CONSORT/TREND\n"
    "diagram, flow-TECHNOLOGY-REGION in DIR, drawn with cairo; --format,\n"
    "--lang, -q and --min-cell N (withhold counts below N; default 5),\n"
    "--instrument CODE (the scores of one instrument) and --width PX\n"
    "(default 1200) apply.\n"
    "\n"
    "  -o, --output DIR      write the charts into DIR (made if missing)\n"
    "      --format F        png (default), svg or pdf\n"
    "      --lang ko|en      language of titles and labels (default: the\n"
    "                        language of RESULTS.json)\n"
    "      --size WxH        picture size in pixels (default 1200x800)\n"
    "      --target MIN      the response chart's target line (default 10)\n"
    "      --min-n N         leave out groups of fewer than N subjects\n"
    "                        (alerts, for the response chart) (default 10;\n"
    "                        0 off)\n"
    "  -q, --quiet           no notes on standard error\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "gnuplot is found on PATH, or at $SSP_GNUPLOT (Debian package\n"
    "gnuplot-nox); Korean text needs the NanumGothic font (fonts-nanum).\n"
    "\n"
    "Exit status: 0 success, 1 bad data or no chart to draw, 2 usage\n"
    "error, 3 I/O error (a full disk too) or no gnuplot, 4 gnuplot failed\n"
    "(a warning too) or internal error. A failed or killed run leaves no\n"
    "temporary file. See ssp-plot(1).\n";

enum {
    OPT_FORMAT = 256,
    OPT_LANG,
    OPT_SIZE,
    OPT_TARGET,
    OPT_MIN_N,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"size", required_argument, NULL, OPT_SIZE},
    {"target", required_argument, NULL, OPT_TARGET},
    {"min-n", required_argument, NULL, OPT_MIN_N},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* --size WxH, each side 100 to 10000 pixels. */
static void parse_size(const char *arg, long *w, long *h)
{
    char x, end;
    if (sscanf(arg, "%ld%c%ld%c", w, &x, h, &end) != 3 || x != 'x' ||
        *w < 100 || *h < 100 || *w > 10000 || *h > 10000 ||
        strspn(arg, "0123456789x") != strlen(arg))
        usage_error("--size takes WIDTHxHEIGHT in pixels, each 100 to "
                    "10000, not '%s'",
                    arg);
}

static ssp_plot_format parse_format(const char *arg)
{
    if (!strcmp(arg, "png"))
        return SSP_PLOT_PNG;
    if (!strcmp(arg, "svg"))
        return SSP_PLOT_SVG;
    if (!strcmp(arg, "pdf"))
        return SSP_PLOT_PDF;
    usage_error("--format takes png, svg or pdf, not '%s'", arg);
}

static int parse_lang(const char *arg)
{
    if (strcmp(arg, "ko") && strcmp(arg, "en"))
        usage_error("--lang takes ko or en, not '%s'", arg);
    return !strcmp(arg, "en");
}

static void make_dir(const char *dir)
{
    struct stat sb;
    if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || stat(dir, &sb) != 0 ||
        !S_ISDIR(sb.st_mode)) {
        int e = errno ? errno : ENOTDIR;
        if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
            e = ENOTDIR;
        die(SSP_EIO, "%s: cannot create: %s", dir, strerror(e));
    }
}

/* ssp plot flow: a diagram per cohort of the datasets' flow. */
static int plot_flow(int argc, char **argv)
{
    enum { F_FORMAT = 256, F_LANG, F_WIDTH, F_MIN_CELL, F_INSTRUMENT, F_VER };
    static const struct option fopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, F_FORMAT},
        {"lang", required_argument, NULL, F_LANG},
        {"width", required_argument, NULL, F_WIDTH},
        {"min-cell", required_argument, NULL, F_MIN_CELL},
        {"instrument", required_argument, NULL, F_INSTRUMENT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, F_VER},
        {NULL, 0, NULL, 0},
    };
    ssp_plot_format format = SSP_PLOT_PNG;
    const char *dir = NULL, *instrument = NULL;
    long min_cell = 5, width = 1200;
    int en = 0, c;
    while ((c = getopt_long(argc, argv, "o:qh", fopts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case F_FORMAT: format = parse_format(optarg); break;
        case F_LANG: en = parse_lang(optarg); break;
        case F_WIDTH:
            width = tool_whole("--width", optarg);
            if (width < 200 || width > 10000)
                usage_error("--width takes 200 to 10000 pixels, not '%s'",
                            optarg);
            break;
        case F_MIN_CELL: min_cell = tool_whole("--min-cell", optarg); break;
        case F_INSTRUMENT: instrument = optarg; break;
        case 'q': break; /* no notes to quiet */
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case F_VER:
            printf("ssp plot %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("name at least one dataset folder");
    if (!dir)
        usage_error("name the folder for the charts with -o DIR");
    ssp_error err = {0};
    ssp_ind *x = NULL;
    ssp_flow_row *r = NULL;
    size_t n = 0;
    ssp_status st = ssp_flow_datasets(argv + optind, (size_t)(argc - optind),
                                      instrument, min_cell, &r, &n, &x, &err);
    if (st) {
        free(r);
        ssp_ind_free(x);
        die_error(&err);
    }
    make_dir(dir);
    size_t drawn = 0;
    for (size_t i = 0; i < n && !st; i++) {
        if (!ssp_flow_first(r, i)) /* each cohort once */
            continue;
        char *path = NULL;
        if (asprintf(&path, "%s/flow-%s-%s.%s", dir, r[i].technology,
                     r[i].region, ssp_plot_format_ext(format)) < 0) {
            st = ssp_error_nomem(&err);
            break;
        }
        st = ssp_flow_write(path, format, (double)width, r, n, r[i].technology,
                            r[i].region, en, &err);
        if (!st) {
            printf("%s\n", path);
            drawn++;
        }
        free(path);
    }
    free(r);
    ssp_ind_free(x);
    if (st)
        die_error(&err);
    if (!drawn)
        die(SSP_EDATA, "no cohort to draw: the datasets have no subject");
    return tool_finish(SSP_OK);
}

int main_plot(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "flow")) {
        argv[1] = argv[0];
        return plot_flow(argc - 1, argv + 1);
    }
    ssp_plot_options o = {.format = SSP_PLOT_PNG,
                          .lang = -1,
                          .width = 1200,
                          .height = 800,
                          .target = 10,
                          .min_n = 10};
    const char *dir = NULL;
    int quiet = 0, c;
    while ((c = getopt_long(argc, argv, "o:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case OPT_FORMAT: o.format = parse_format(optarg); break;
        case OPT_LANG: o.lang = parse_lang(optarg); break;
        case OPT_SIZE: parse_size(optarg, &o.width, &o.height); break;
        case OPT_TARGET:
            if (!ssp_parse_double(optarg, strlen(optarg), &o.target) ||
                !(o.target > 0))
                usage_error("--target takes minutes (a number above 0), not "
                            "'%s'",
                            optarg);
            break;
        case OPT_MIN_N: o.min_n = tool_whole("--min-n", optarg); break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp plot %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("name the results of ssp indicators --json");
    if (!dir)
        usage_error("name the folder for the charts with -o DIR");
    ssp_error err = {0};
    char *gnuplot = ssp_gnuplot_find(&err);
    if (!gnuplot)
        die_error(&err);
    ssp_plot *x = ssp_plot_open(argv[optind], &o, &err);
    if (!x) {
        free(gnuplot);
        die_error(&err);
    }
    for (int i = optind + 1; i < argc; i++)
        if (ssp_plot_add(x, argv[i], &err)) {
            ssp_plot_free(x);
            free(gnuplot);
            die_error(&err);
        }
    make_dir(dir);
    int status = SSP_OK;
    size_t shown = 0, drawn = 0;
    for (int k = 0; k < SSP_NCHARTS; k++) {
        char *script, *path = NULL;
        size_t len;
        ssp_status st = ssp_plot_script(x, k, &script, &len, &err);
        for (; shown < ssp_plot_nnotes(x); shown++)
            if (!quiet)
                warnx("%s", ssp_plot_note(x, shown));
        if (st) {
            report(&err);
            status = st;
            break;
        }
        if (!script)
            continue;
        if (asprintf(&path, "%s/%s.%s", dir, ssp_plot_chart_name(k),
                     ssp_plot_format_ext(o.format)) < 0) {
            free(script);
            warnx("out of memory");
            status = SSP_EINTERNAL;
            break;
        }
        st = ssp_gnuplot_render(gnuplot, ssp_plot_terminal(x), script, len,
                                path, &err);
        if (st) {
            /* Each chart is its own file: after gnuplot failed on one,
             * the others are still drawn; an I/O error ends the run. */
            report(&err);
            if ((int)st > status)
                status = st;
            if (st == SSP_EIO) {
                free(script);
                free(path);
                break;
            }
        } else {
            printf("%s\n", path);
            fflush(stdout);
            drawn++;
        }
        free(script);
        free(path);
    }
    ssp_plot_free(x);
    free(gnuplot);
    if (!drawn && status == SSP_OK) {
        warnx("no chart to draw: the results and datasets have none of "
              "the data the charts need");
        status = SSP_EDATA;
    }
    return tool_finish(status);
}
