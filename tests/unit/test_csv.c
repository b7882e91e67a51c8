/* test_csv.c: the CSV reader's fields and positions, across chunk borders. */
#include <stdint.h>
#include <stdlib.h>

#include "ssp/csv.h"
#include "test.h"

static ssp_csv *open_mem(const char *s, size_t n, FILE **fp,
                         const ssp_csv_options *o, ssp_error *e)
{
    *fp = fmemopen((void *)s, n, "r");
    return ssp_csv_open_stream(*fp, "mem", o, e);
}

static void quoted_newlines_keep_positions(void)
{
    static const char in[] = "id,note,x\r\n"
                             "1,\"two\r\nlines\",5\r\n"
                             "2,\"say \"\"hi\"\"\",6\n"
                             "\n"
                             "3,가나,7";
    FILE *fp;
    ssp_error e;
    ssp_csv *r = open_mem(in, sizeof in - 1, &fp, NULL, &e);
    CHECK(r != NULL);
    if (!r)
        return;
    ssp_csv_record rec;
    CHECK(ssp_csv_next(r, &rec, &e) == 1);
    CHECK_STR(rec.f[1].s, "two\r\nlines");
    CHECK(rec.line == 2 && rec.f[2].line == 3 && rec.f[2].col == 8);
    CHECK(rec.rawlen == 16 && !memcmp(rec.raw, "1,\"two\r\nlines\",5", 16));
    CHECK_STR(rec.term, "\r\n");
    CHECK(ssp_csv_next(r, &rec, &e) == 1);
    CHECK_STR(rec.f[1].s, "say \"hi\"");
    CHECK(rec.f[2].line == 4 && rec.f[2].col == 16);
    CHECK(ssp_csv_next(r, &rec, &e) == 1);
    CHECK(rec.line == 6);
    CHECK(rec.f[2].col == 6); /* columns count characters, not bytes */
    CHECK_STR(rec.f[2].s, "7");
    CHECK(rec.rawlen == 10 && !memcmp(rec.raw, "3,가나,7", 10));
    CHECK_STR(rec.term, "");
    CHECK(ssp_csv_next(r, &rec, &e) == 0);
    ssp_csv_close(r);
    fclose(fp);
}

/* A generated file with fields of every kind, long enough to cross many
 * 64 KiB chunk borders; every field and position must come back. */
struct gen {
    char *text;
    size_t len, cap;
    char **vals;
    long *line, *col;
    size_t n, capn;
};

static void put(struct gen *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->text = realloc(g->text, g->cap);
    }
    memcpy(g->text + g->len, s, n);
    g->len += n;
}

static void random_fields_across_chunks(void)
{
    static const char *const pieces[] = {"a", "Z9", "가",   "한글", " ", "\"",
                                         ",", "\n", "\r\n", "x y",  "é"};
    struct gen g = {0};
    uint64_t s = 7;
    long line = 1, col = 1;
    size_t rows = 6000, width = 4;
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < width; c++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            size_t k = (s >> 33) % 30; /* field length in pieces */
            char val[512] = "";
            size_t vl = 0;
            int need_quote = 0;
            for (size_t i = 0; i < k; i++) {
                s = s * 6364136223846793005ull + 1442695040888963407ull;
                const char *p = pieces[(s >> 33) % 11];
                if (*p == '"' || *p == ',' || *p == '\n' || *p == '\r')
                    need_quote = 1;
                memcpy(val + vl, p, strlen(p));
                vl += strlen(p);
            }
            val[vl] = '\0';
            if (g.n == g.capn) {
                g.capn = g.capn ? 2 * g.capn : 1024;
                g.vals = realloc(g.vals, g.capn * sizeof *g.vals);
                g.line = realloc(g.line, g.capn * sizeof *g.line);
                g.col = realloc(g.col, g.capn * sizeof *g.col);
            }
            g.vals[g.n] = strdup(val);
            g.line[g.n] = line;
            g.col[g.n] = col;
            g.n++;
            if (need_quote || (s >> 40) % 3 == 0) {
                put(&g, "\"", 1);
                col++;
                for (size_t i = 0; i < vl; i++) {
                    unsigned char b = (unsigned char)val[i];
                    if (b == '"') {
                        put(&g, "\"\"", 2);
                        col += 2;
                    } else if (b == '\n') {
                        put(&g, "\n", 1);
                        line++, col = 1;
                    } else if (b == '\r') {
                        put(&g, "\r", 1); /* always followed by \n here */
                    } else {
                        put(&g, (char *)&b, 1);
                        col += (b & 0xC0) != 0x80;
                    }
                }
                put(&g, "\"", 1);
                col++;
            } else {
                put(&g, val, vl);
                for (size_t i = 0; i < vl; i++)
                    col += ((unsigned char)val[i] & 0xC0) != 0x80;
            }
            if (c + 1 < width) {
                put(&g, ",", 1);
                col++;
            }
        }
        put(&g, (s >> 50) & 1 ? "\r\n" : "\n", (s >> 50) & 1 ? 2 : 1);
        line++, col = 1;
    }
    CHECK(g.len > 4 * 65536);
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.header = 0;
    FILE *fp;
    ssp_error e;
    ssp_csv *r = open_mem(g.text, g.len, &fp, &o, &e);
    CHECK(r != NULL);
    size_t i = 0, bad = 0, at = 0;
    ssp_csv_record rec;
    int rc;
    while (r && (rc = ssp_csv_next(r, &rec, &e)) == 1) {
        CHECK(rec.n == width);
        /* The raw record and its line end are the bytes of the file. */
        size_t tl = strlen(rec.term);
        if (at + rec.rawlen + tl > g.len ||
            memcmp(g.text + at, rec.raw, rec.rawlen) ||
            memcmp(g.text + at + rec.rawlen, rec.term, tl)) {
            if (bad++ < 3)
                fprintf(stderr, "  raw record at byte %zu differs\n", at);
        }
        at += rec.rawlen + tl;
        for (size_t c = 0; c < rec.n && i < g.n; c++, i++) {
            if (strcmp(rec.f[c].s, g.vals[i]) || rec.f[c].line != g.line[i] ||
                rec.f[c].col != g.col[i]) {
                if (bad++ < 3)
                    fprintf(stderr, "  field %zu: got %ld:%ld, want %ld:%ld\n",
                            i, rec.f[c].line, rec.f[c].col, g.line[i],
                            g.col[i]);
            }
        }
    }
    CHECK(r && rc == 0);
    CHECK(i == g.n);
    CHECK(at == g.len);
    CHECK(bad == 0);
    ssp_csv_close(r);
    fclose(fp);
    for (size_t k = 0; k < g.n; k++)
        free(g.vals[k]);
    free(g.vals);
    free(g.line);
    free(g.col);
    free(g.text);
}

/* An endless generator of CSV rows, read through fopencookie. */
struct stream {
    size_t rows, done, pos;
    char row[64];
    size_t rowlen;
};

static ssize_t stream_read(void *c, char *buf, size_t size)
{
    struct stream *s = c;
    size_t n = 0;
    while (n < size) {
        if (s->pos == s->rowlen) {
            if (s->done == s->rows)
                break;
            s->rowlen = (size_t)snprintf(s->row, sizeof s->row,
                                         "%zu,\"grp %zu\",%zu.5\n", s->done,
                                         s->done % 7, s->done % 1000);
            s->pos = 0;
            s->done++;
        }
        size_t k =
            s->rowlen - s->pos < size - n ? s->rowlen - s->pos : size - n;
        memcpy(buf + n, s->row + s->pos, k);
        s->pos += k;
        n += k;
    }
    return (ssize_t)n;
}

static long peak_kib(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    while (fp && fgets(line, sizeof line, fp))
        if (!strncmp(line, "VmHWM:", 6))
            v = atol(line + 6);
    if (fp)
        fclose(fp);
    return v;
}

static long read_rows(size_t rows)
{
    struct stream s = {.rows = rows};
    cookie_io_functions_t io = {.read = stream_read};
    FILE *fp = fopencookie(&s, "r", io);
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.header = 0;
    ssp_error e;
    ssp_csv *r = ssp_csv_open_stream(fp, "gen", &o, &e);
    ssp_csv_record rec;
    long n = 0;
    while (r && ssp_csv_next(r, &rec, &e) == 1)
        n++;
    ssp_csv_close(r);
    fclose(fp);
    return n;
}

/* Reading 100 times more rows must not need more memory. */
static void constant_memory(void)
{
    CHECK(read_rows(20000) == 20000);
    long small = peak_kib();
    CHECK(read_rows(2000000) == 2000000); /* about 40 MB of CSV */
    long big = peak_kib();
    if (small > 0 && big > 0) {
        if (big - small > 2048)
            fprintf(stderr, "  peak grew from %ld to %ld KiB\n", small, big);
        CHECK(big - small <= 2048);
    }
}

static void errors_have_positions(void)
{
    static const struct {
        const char *in;
        long line, col;
        const char *msg;
    } cases[] = {
        {"a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"},
        {"a,b\n1,\"x\"y\n", 2, 6, "unexpected character after a closing"},
        {"a,b\n\"1\n2\",\"open\n", 3, 4, "quoted field starting here"},
        {"a,b\n1,2,3\n", 2, 5, "row has 3 fields, expected 2"},
        {"a,b\n1\n", 2, 1, "row has 1 field, expected 2"},
        {"a,b\n1,\xff\n", 2, 3, "invalid UTF-8 byte 0xFF"},
        {"a,b\n\xed\xa0\x80,1\n", 2, 1, "invalid UTF-8"}, /* surrogate */
        {"a,b\n1,\xe4\xb8\n", 2, 3, "invalid UTF-8 byte 0xE4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *fp;
        ssp_error e = {0};
        ssp_csv *r = open_mem(cases[i].in, strlen(cases[i].in), &fp, NULL, &e);
        ssp_csv_record rec;
        int rc = 1;
        while (r && (rc = ssp_csv_next(r, &rec, &e)) == 1)
            ;
        CHECK(rc == -1);
        CHECK(e.status == SSP_EDATA);
        if (e.line != cases[i].line || e.col != cases[i].col ||
            !strstr(e.msg, cases[i].msg)) {
            fprintf(stderr, "  case %zu: %ld:%ld: %s\n", i, e.line, e.col,
                    e.msg);
            test_failed = 1;
        }
        ssp_csv_close(r);
        fclose(fp);
    }
}

static void column_lookup(void)
{
    static const char in[] = "id,score,score\n1,2,3\n";
    FILE *fp;
    ssp_error e;
    ssp_csv *r = open_mem(in, sizeof in - 1, &fp, NULL, &e);
    size_t k = 99;
    CHECK(ssp_csv_column(r, "id", &k, &e) == SSP_OK && k == 0);
    CHECK(ssp_csv_column(r, "3", &k, &e) == SSP_OK && k == 2);
    CHECK(ssp_csv_column(r, "4", &k, &e) == SSP_EUSAGE);
    CHECK(ssp_csv_column(r, "0", &k, &e) == SSP_EUSAGE);
    CHECK(ssp_csv_column(r, "score", &k, &e) == SSP_EUSAGE);
    CHECK(strstr(e.msg, "ambiguous") != NULL);
    CHECK(ssp_csv_column(r, "nope", &k, &e) == SSP_EUSAGE);
    ssp_csv_close(r);
    fclose(fp);
}

/* Line ends split by the 64 KiB read: a CRLF whose CR is the last byte of
 * a read (after lines ending in LF) and a lone CR there (after lines ending
 * in CRLF) come back as they are, on the libcsv path (UTF-8 and CP949)
 * and the direct one: header and records, raw bytes and line ends, give
 * back the input byte for byte. */
static void line_end_at_chunk_border(void)
{
    static const char *const lone[] = {"\n", "\r\n"};
    static const char *const split[] = {"\r\n", "\r"};
    static const char *const enc[] = {NULL, "cp949"};
    for (int kind = 0; kind < 2; kind++)
        for (int ek = 0; ek < 2; ek++)
            for (int dir = 0; dir < 2; dir++) {
                size_t cap = 70000, len = 0;
                char *in = malloc(cap), *back = malloc(cap + 100);
                CHECK(in && back);
                if (!in || !back) {
                    free(in);
                    free(back);
                    return;
                }
                len += (size_t)sprintf(in, "id,v%s", lone[kind]);
                for (int i = 0; len < 65536 - 40; i++)
                    len += (size_t)sprintf(in + len, "%d,x%s", i, lone[kind]);
                /* the next record ends with its CR at byte 65536 */
                len += (size_t)sprintf(in + len, "edge,");
                while (len < 65535)
                    in[len++] = 'y';
                len += (size_t)sprintf(in + len, "%s", split[kind]);
                CHECK(in[65535] == '\r');
                len += (size_t)sprintf(in + len, "last,z%s", lone[kind]);
                ssp_csv_options o;
                ssp_csv_options_init(&o);
                o.encoding = enc[ek];
                o.direct = dir;
                FILE *fp;
                ssp_error e;
                ssp_csv *r = open_mem(in, len, &fp, &o, &e);
                CHECK(r != NULL);
                if (r) {
                    const ssp_csv_record *h = ssp_csv_header(r);
                    size_t blen = 0;
                    memcpy(back, h->raw, h->rawlen);
                    blen += h->rawlen;
                    blen += (size_t)sprintf(back + blen, "%s", h->term);
                    ssp_csv_record rec;
                    int rc;
                    while ((rc = ssp_csv_next(r, &rec, &e)) == 1 &&
                           blen + rec.rawlen + 3 < cap + 100) {
                        memcpy(back + blen, rec.raw, rec.rawlen);
                        blen += rec.rawlen;
                        blen += (size_t)sprintf(back + blen, "%s", rec.term);
                    }
                    CHECK(rc == 0);
                    CHECK(blen == len && !memcmp(back, in, len));
                    if (blen != len || memcmp(back, in, len))
                        fprintf(stderr, "  (%s after %s lines, %s, %s)\n",
                                kind ? "lone CR" : "CRLF", kind ? "CRLF" : "LF",
                                enc[ek] ? enc[ek] : "utf-8",
                                dir ? "direct" : "libcsv");
                    ssp_csv_close(r);
                    fclose(fp);
                }
                free(in);
                free(back);
            }
}

static const struct test tests[] = {
    T(quoted_newlines_keep_positions),
    T(random_fields_across_chunks),
    T(constant_memory),
    T(errors_have_positions),
    T(column_lookup),
    T(line_end_at_chunk_border),
};
TEST_MAIN(tests)
