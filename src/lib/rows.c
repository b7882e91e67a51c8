/* rows.c: rows written as they were read, with an errors sidecar. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/out.h"
#include "ssp/rows.h"

ssp_status ssp_rows_open(ssp_rows *o, const char *path, unsigned mode,
                         const char *why, ssp_error *err)
{
    memset(o, 0, sizeof *o);
    o->cd = (iconv_t)-1;
    if (!strcmp(path, "-")) {
        o->fp = stdout;
        o->to_stdout = 1;
    } else {
        /* Rows as read hold raw values: private unless asked otherwise. */
        ssp_status st =
            ssp_atomic_open(&o->file, path, mode ? mode : 0600, err);
        if (st != SSP_OK)
            return st;
        o->fp = o->file.fp;
    }
    if (why) {
        ssp_status st = ssp_atomic_open(&o->why, why, 0600, err);
        if (st != SSP_OK) {
            ssp_atomic_abort(&o->file);
            return st;
        }
        o->has_why = 1;
        fputs("row,line,column,field,type,value,message\n", o->why.fp);
    }
    return SSP_OK;
}

/* Bytes converted back to the input's encoding (CP949 -> UTF-8 -> CP949
 * gives the same bytes). */
static void put_raw(ssp_rows *o, const char *s, size_t n)
{
    if (o->cd == (iconv_t)-1) {
        fwrite(s, 1, n, o->fp);
        return;
    }
    char buf[4096];
    char *in = (char *)s;
    while (n) {
        char *out = buf;
        size_t left = sizeof buf;
        size_t rc = iconv(o->cd, &in, &n, &out, &left);
        fwrite(buf, 1, sizeof buf - left, o->fp);
        if (rc == (size_t)-1 && errno != E2BIG) {
            fwrite(in, 1, n, o->fp); /* cannot happen for what was read */
            return;
        }
    }
}

ssp_status ssp_rows_begin(ssp_rows *o, const char *name, const char *header,
                          size_t len, const char *term, const char *encoding,
                          int bom, ssp_error *err)
{
    if (o->started) {
        if (len != o->headerlen || (len && memcmp(header, o->header, len)))
            return ssp_error_set(err, SSP_EUSAGE, name, 0, 0,
                                 "its header differs from the first input's; "
                                 "rows of inputs with different headers "
                                 "cannot go to one file");
        return SSP_OK;
    }
    o->started = 1;
    if (!(o->header = malloc(len + 1)))
        return ssp_error_nomem(err);
    memcpy(o->header, header ? header : "", len);
    o->headerlen = len;
    if (encoding && (o->cd = iconv_open(encoding, "UTF-8")) == (iconv_t)-1)
        return ssp_error_set(err, SSP_EINTERNAL, name, 0, 0,
                             "cannot convert back to %s", encoding);
    if (bom)
        fputs("\xEF\xBB\xBF", o->fp);
    if (header)
        ssp_rows_put(o, header, len, term);
    return SSP_OK;
}

void ssp_rows_put(ssp_rows *o, const char *raw, size_t len, const char *term)
{
    put_raw(o, raw, len);
    fputs(term && *term ? term : "\n", o->fp);
}

void ssp_rows_why(ssp_rows *o, long row, long line, long col, const char *field,
                  const char *type, const char *value, const char *msg)
{
    if (!o->has_why)
        return;
    FILE *fp = o->why.fp;
    fprintf(fp, "%ld,%ld,%ld,", row, line, col);
    ssp_put_csv_field(fp, field ? field : "", ',');
    fputc(',', fp);
    ssp_put_csv_field(fp, type, ',');
    fputc(',', fp);
    ssp_put_csv_field(fp, value ? value : "", ',');
    fputc(',', fp);
    ssp_put_csv_field(fp, msg, ',');
    fputc('\n', fp);
}

ssp_status ssp_rows_close(ssp_rows *o, ssp_error *err)
{
    ssp_status st = SSP_OK;
    if (!o->fp)
        return SSP_OK; /* never opened */
    if (o->cd != (iconv_t)-1)
        iconv_close(o->cd);
    free(o->header);
    if (!o->to_stdout)
        st = ssp_atomic_commit(&o->file, err);
    if (o->has_why) {
        ssp_status s2 = ssp_atomic_commit(&o->why, st == SSP_OK ? err : NULL);
        if (st == SSP_OK)
            st = s2;
    }
    memset(o, 0, sizeof *o);
    return st;
}
