/* fuzz_csv.c: the CSV reader, on its libcsv path and its direct path, in
 * each encoding it converts from. The first input byte picks the options
 * (bit 0 the delimiter, 1 the header, 3 ragged rows, 4 a small field
 * limit, 5 the direct path; bits 2, 6 and 7 the encoding: UTF-8 or
 * CP949 with no way to declare it, or, declared by an option or a key,
 * "utf-8", "euc-kr", "utf-16" (by its byte-order mark), "utf-16le",
 * "utf-16be" or "latin1"); the rest is the file. Beyond the sanitizers'
 * checks it asserts what callers rely on: positions are 1-based and never
 * go backwards, fields are UTF-8 without NUL bytes, NUL-terminated with
 * the given length, errors carry a position. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ssp/csv.h"

/* s[0..n) is UTF-8 without NUL bytes. */
static int utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int len = s[i] && s[i] < 0x80 ? 1 : ssp_utf8_seq(s + i, n - i);
        if (len <= 0)
            return 0;
        i += (size_t)len;
    }
    return 1;
}

/* A row of the direct read, appended to the piece's text: each field and
 * a 0x1f, a 0x1e after the row. */
struct text {
    _Alignas(128) char *s;
    size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
    char *b = ssp_grow(t->s, &t->cap, t->len + n + 1, 1);
    assert(b);
    memcpy(b + t->len, s, n);
    t->s = b;
    t->len += n;
}

static int scan_row(void *state, const ssp_csv_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert(f[i].s[f[i].len] == '\0' && f[i].col >= 1);
        put(state, f[i].s, f[i].len);
        put(state, "\x1f", 1);
    }
    put(state, "\x1e", 1);
    return 1;
}

/* The whole-file direct read (ssp_scan, in up to three pieces) of the
 * input as a file, where it reads it at all, gives the rows the reader
 * gives, field for field. */
static void scan_same(const uint8_t *data, size_t size,
                      const ssp_csv_options *o)
{
    static char path[] = "/dev/shm/ssp-fuzz-csv.XXXXXX";
    static int fd = -1;
    if (fd < 0 && (fd = mkstemp(path)) < 0)
        return;
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
        return;
    ssp_error e;
    ssp_csv *in = ssp_csv_open(path, o, &e);
    ssp_scan s;
    if (!in || !ssp_scan_open(&s, path, in, 1 + size % 3)) {
        ssp_csv_close(in);
        return;
    }
    struct text t[16] = {{0}}, want = {0};
    int ok = ssp_scan_run(&s, scan_row, t, sizeof *t);
    ssp_scan_close(&s);
    ssp_csv_record rec;
    int rc;
    while (ok && (rc = ssp_csv_next(in, &rec, &e)) > 0) {
        assert(rec.n == s.width);
        scan_row(&want, rec.f, rec.n);
    }
    if (ok) {
        assert(rc == 0);
        struct text got = {0};
        for (int k = 0; k < s.pieces; k++)
            if (t[k].len)
                put(&got, t[k].s, t[k].len);
        assert(got.len == want.len &&
               (!got.len || !memcmp(got.s, want.s, got.len)));
        free(got.s);
    }
    for (int k = 0; k < s.pieces; k++)
        free(t[k].s);
    free(want.s);
    ssp_csv_close(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.delim = data[0] & 1 ? '\t' : ',';
    o.header = !(data[0] & 2);
    static const char *const encodings[] = {NULL,       "cp949",  "utf-8",
                                            "euc-kr",   "utf-16", "utf-16le",
                                            "utf-16be", "latin1"};
    unsigned k = (data[0] >> 2 & 1) | (data[0] >> 5 & 6);
    o.encoding = encodings[k];
    o.encoding_via = k < 2   ? NULL
                     : k & 1 ? "--encoding"
                             : "the mapping's source";
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
    const ssp_csv_record *h = r ? ssp_csv_header(r) : NULL;
    for (size_t i = 0; h && i < h->n; i++)
        assert(utf8((const unsigned char *)h->f[i].s, h->f[i].len));
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
                assert(utf8((const unsigned char *)rec.f[i].s, rec.f[i].len));
                assert(rec.f[i].line >= line && rec.f[i].col >= 1);
                assert(rec.f[i].len <= o.max_field);
            }
        }
    }
    ssp_csv_close(r);
    fclose(fp);
    if (o.header && (k == 0 || k == 2))
        scan_same(data + 1, size - 1, &o);
    return 0;
}
