/* gnuplot.h: the gnuplot driver: gnuplot runs as a child process with the
 * script on its standard input and its picture on a pipe, which we write
 * to the output file atomically. */
#ifndef SSP_GNUPLOT_H
#define SSP_GNUPLOT_H

#include <stddef.h>

#include "ssp/ssp.h"

/* The Debian package that provides gnuplot without X11, for messages. */
#define SSP_GNUPLOT_PACKAGE "gnuplot-nox"

/* Find the gnuplot program: $SSP_GNUPLOT when it is set and not empty
 * (it must then be an executable file), else "gnuplot" in a folder of
 * $PATH. Returns a new path (free it), or NULL with err filled (SSP_EIO,
 * a message naming SSP_GNUPLOT_PACKAGE; SSP_EINTERNAL when memory runs
 * out). */
char *ssp_gnuplot_find(ssp_error *err) SSP_NODISCARD;

/* Quote s as a gnuplot string literal in single quotes (a quote is
 * doubled, nothing else is special): a new string (free it), or NULL
 * when memory runs out. */
char *ssp_gnuplot_quote(const char *s) SSP_NODISCARD;

/* Run gnuplot (the path ssp_gnuplot_find gave) with "-d" (no
 * initialization file), in the environment with LC_ALL=C.UTF-8 in place
 * of LC_* and LANG, and write to its standard input "set encoding
 * utf8", the terminal line, "set output '/dev/fd/3'" (a pipe back to us)
 * and the script (len bytes, borrowed). The picture read from the pipe is
 * written by us to a temporary file beside path (ssp_atomic), renamed to
 * path once gnuplot has exited with status 0, written nothing on its
 * standard output or error, and sent a picture that is not empty.
 * Anything gnuplot writes (a warning too) fails the plot: err->msg quotes
 * it (whitespace runs folded to one space) and the status is
 * SSP_EINTERNAL; so is an exit status other than 0 or a signal. A file
 * that cannot be created, written (a full disk), synced or renamed, or a
 * program that cannot be started, is SSP_EIO naming path. On failure the
 * temporary file is removed and path left as it was. SIGPIPE is blocked
 * in the calling thread while gnuplot's input is written. */
ssp_status ssp_gnuplot_render(const char *gnuplot, const char *terminal,
                              const char *script, size_t len, const char *path,
                              ssp_error *err) SSP_NODISCARD;

#endif
