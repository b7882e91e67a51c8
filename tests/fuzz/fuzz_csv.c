/* fuzz_csv.c: the CSV reader, on its libcsv path and its direct path.
 * The first input byte picks the options (delimiter, header, CP949,
 * ragged rows, a small field limit, the direct path); the rest is the
 * file. Beyond
 * the sanitizers' checks it asserts what callers rely on: positions are
 * 1-based and never go backwards, fields are NUL-terminated with the
 * given length, errors carry a position. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "ssp/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.delim = data[0] & 1 ? '\t' : ',';
    o.header = !(data[0] & 2);
    o.encoding = data[0] & 4 ? "cp949" : NULL;
    o.allow_ragged = !!(data[0] & 8);
    o.max_field = data[0] & 16 ? 64 : o.max_field;
    o.direct = !!(data[0] & 32);
    FILE *fp = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
    if (!fp)
        return 0;
    if (size == 1)
        fgetc(fp); /* fmemopen needs a size > 0: read past the one byte */
    ssp_error e;
    ssp_csv *r = ssp_csv_open_stream(fp, "fuzz", &o, &e);
    if (r) {
        ssp_csv_record rec;
        long line = 0;
        int rc;
        while ((rc = ssp_csv_next(r, &rec, &e)) != 0) {
            if (rc < 0) {
                assert(e.status != SSP_OK);
                if (e.status == SSP_EDATA && e.line)
                    assert(e.line >= line && e.col >= 1);
                if (!o.allow_ragged && strstr(e.msg, "row has"))
                    continue; /* a ragged row is skipped, reading goes on */
                break;
            }
            assert(rec.n >= 1 && rec.line >= line);
            line = rec.line;
            for (size_t i = 0; i < rec.n; i++) {
                assert(rec.f[i].s[rec.f[i].len] == '\0');
                assert(rec.f[i].line >= line && rec.f[i].col >= 1);
                assert(rec.f[i].len <= o.max_field);
            }
        }
    }
    ssp_csv_close(r);
    fclose(fp);
    return 0;
}
