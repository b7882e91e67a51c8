/* csv.c: streaming CSV reader on libcsv, with exact field positions.
 *
 * libcsv tokenizes (strict mode, no blank trimming) but reports neither
 * where a field starts nor whether it was quoted. We keep the raw bytes
 * it has been fed but whose position we have not yet accounted for
 * (buf[acct..fed)), and in each field callback step over the field's raw
 * form, which strict mode makes a function of its content: unquoted, the
 * content itself; quoted, the content with its quotes doubled, between
 * quotes. So line and column come out exact, also after quoted newlines,
 * and the bytes kept are at most one partial field. */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <strings.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/csv.h"

/* Bytes read at a time. The fuzzers build with a smaller one, which takes
 * their short inputs through the refill and compaction paths too. */
#ifndef SSP_CSV_CHUNK
#define SSP_CSV_CHUNK (64 * 1024)
#endif
#define CHUNK SSP_CSV_CHUNK

struct pfield {
    size_t off, len; /* content in the arena */
    long line, col;
};

struct precord {
    size_t first, n; /* fields[first .. first+n) */
    long line;
    size_t raw, rawend; /* the record's bytes in buf */
    const char *term;
};

struct ssp_csv {
    FILE *fp;
    int own_fp;
    char *name;
    ssp_csv_options o;
    struct csv_parser p;
    iconv_t cd; /* (iconv_t)-1 for UTF-8 input */
    char *from; /* the encoding iconv converts from */
    char *in;   /* undecoded input (iconv only) */
    size_t inlen;
    unsigned char *buf; /* decoded UTF-8: [acct,fed) fed, [fed,len) not yet */
    size_t cap, len, fed, acct;
    long line, col; /* position of buf[acct] */
    int row_start;  /* record terminators may stand at buf[acct] */
    int eof, started, done, failed;
    ssp_error err; /* the sticky error when failed */
    int pending;   /* a decoding error waits at buf[len] */
    char pending_msg[256];
    /* records parsed but not yet handed out */
    struct pfield *fields;
    size_t nfields, capfields;
    struct precord *recs;
    size_t nrecs, caprecs, nextrec;
    char *arena;
    size_t alen, acap;
    size_t rec_first;
    long rec_line;
    size_t rec_raw; /* where the record being parsed starts in buf */
    int bom;
    /* what the caller sees */
    ssp_csv_field *out;
    size_t capout;
    ssp_csv_record header;
    int has_header;
    char *hdr_arena;
    char *hdr_raw;
    size_t width; /* expected fields per record, 0 until known */
};

void ssp_csv_options_init(ssp_csv_options *o)
{
    o->delim = ',';
    o->header = 1;
    o->encoding = NULL;
    o->max_field = 1024 * 1024;
    o->allow_ragged = 0;
    o->encoding_via = NULL;
    o->direct = 0;
}

/* Record the first error; later callbacks then do nothing. */
static void fail(ssp_csv *r, ssp_status st, long line, long col,
                 const char *fmt, ...) SSP_PRINTF(5, 6);

static void fail(ssp_csv *r, ssp_status st, long line, long col,
                 const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof r->err.msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ssp_error_set(&r->err, st, r->name, line, col, "%s", msg);
    if (st == SSP_EDATA)
        r->err.kind = "source-error";
}

static void fail_encoding(ssp_csv *r, long line, long col, const char *fmt, ...)
    SSP_PRINTF(4, 5);

static void fail_encoding(ssp_csv *r, long line, long col, const char *fmt, ...)
{
    if (r->failed)
        return;
    char msg[sizeof r->err.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fail(r, SSP_EDATA, line, col, "%s", msg);
    r->err.kind = "encoding-error";
}

static void fail_nomem(ssp_csv *r)
{
    fail(r, SSP_EINTERNAL, 0, 0, "out of memory");
}

/* Step (*line, *col) over n raw bytes: LF, CRLF and a lone CR each end a
 * line; a column is a character, so UTF-8 continuation bytes do not count. */
static void advance(long *line, long *col, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\n' || (c == '\r' && !(i + 1 < n && b[i + 1] == '\n'))) {
            (*line)++;
            *col = 1;
        } else if (c != '\r' && (c & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* Step over record terminators at buf[acct]. A CR as the last byte seen is
 * left alone until we know whether an LF follows, unless input is over. */
static void skip_terms(ssp_csv *r, int final)
{
    while (r->acct < r->fed) {
        unsigned char c = r->buf[r->acct];
        if (c == '\n') {
            r->acct++;
        } else if (c == '\r') {
            if (r->acct + 1 < r->fed)
                r->acct += r->buf[r->acct + 1] == '\n' ? 2 : 1;
            else if (final)
                r->acct++;
            else
                return;
        } else {
            return;
        }
        r->line++;
        r->col = 1;
    }
}

static void on_field(void *s, size_t len, void *data)
{
    ssp_csv *r = data;
    if (r->failed)
        return;
    if (r->row_start) {
        skip_terms(r, 1);
        r->row_start = 0;
        r->rec_first = r->nfields;
        r->rec_line = r->line;
        r->rec_raw = r->acct;
    }
    const unsigned char *b = r->buf + r->acct;
    int quoted = r->acct < r->fed && b[0] == '"';
    if (len > r->o.max_field) {
        fail(r, SSP_EDATA, r->line, r->col, "field is longer than %zu bytes",
             r->o.max_field);
        return;
    }
    if (r->nfields == r->capfields || r->alen + len + 1 > r->acap) {
        struct pfield *pf =
            ssp_grow(r->fields, &r->capfields, r->nfields + 1, sizeof *pf);
        if (pf)
            r->fields = pf;
        char *a = ssp_grow(r->arena, &r->acap, r->alen + len + 1, 1);
        if (a)
            r->arena = a;
        if (!pf || !a) {
            fail_nomem(r);
            return;
        }
    }
    struct pfield *pf = r->fields;
    char *a = r->arena;
    memcpy(a + r->alen, s, len);
    a[r->alen + len] = '\0';
    pf[r->nfields++] = (struct pfield){r->alen, len, r->line, r->col};
    r->alen += len + 1;

    size_t raw = len;
    if (quoted) {
        for (const char *q = s;
             (q = memchr(q, '"', len - (size_t)(q - (const char *)s))); q++)
            raw++;
        raw += 2;
        advance(&r->line, &r->col, b, raw);
    } else {
        for (size_t i = 0; i < raw; i++)
            r->col += (b[i] & 0xC0) != 0x80;
    }
    r->acct += raw;
    if (r->acct < r->fed && r->buf[r->acct] == (unsigned char)r->o.delim) {
        r->acct++;
        r->col++;
    }
}

static void on_record(int c, void *data)
{
    ssp_csv *r = data;
    (void)c;
    if (r->failed)
        return;
    struct precord *pr =
        ssp_grow(r->recs, &r->caprecs, r->nrecs + 1, sizeof *pr);
    if (!pr) {
        fail_nomem(r);
        return;
    }
    r->recs = pr;
    /* The line end as read: feed() holds a CR back until the byte after
     * it is known, so a CR that is the last byte fed ends the input. */
    const char *term = "";
    if (c == '\n')
        term = "\n";
    else if (c == '\r' && r->acct + 1 < r->fed)
        term = r->buf[r->acct + 1] == '\n' ? "\r\n" : "\r";
    else if (c == '\r')
        term = "\r";
    pr[r->nrecs++] = (struct precord){r->rec_first, r->nfields - r->rec_first,
                                      r->rec_line,  r->rec_raw,
                                      r->acct,      term};
    r->row_start = 1;
}

int ssp_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned long cp, min;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    size_t k = 1;
    for (; k <= need && k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if (k <= need)
        return -1; /* cut short by n */
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return (int)need + 1;
}

/* Length of the valid UTF-8 prefix of s[0..n). *bad is set when it ends at
 * an invalid sequence (or NUL), clear when at an incomplete one or at n. */
static size_t utf8_prefix(const unsigned char *s, size_t n, int *bad)
{
    size_t i = 0;
    *bad = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        int len = ssp_utf8_seq(s + i, n - i);
        if (len < 0)
            return i; /* incomplete: wait for more bytes */
        if (len == 0)
            break;
        i += (size_t)len;
    }
    *bad = i < n;
    return i;
}

/* The position of buf[idx], counted from buf[acct]. */
static void pos_of(const ssp_csv *r, size_t idx, long *line, long *col)
{
    *line = r->line;
    *col = r->col;
    advance(line, col, r->buf + r->acct, idx - r->acct);
}

static int is_utf8_name(const char *e)
{
    return !e || !strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8");
}

/* The fix for input in encoding enc, as the caller's user makes it: the
 * option, the key where it goes, or a conversion to UTF-8. */
static const char *encoding_fix(const ssp_csv *r, const char *enc, char *buf,
                                size_t n)
{
    const char *via = r->o.encoding_via;
    if (!via)
        snprintf(buf, n, "convert it to UTF-8 first: iconv -f %s -t utf-8",
                 enc);
    else if (!strncmp(via, "--", 2))
        snprintf(buf, n, "give %s %s", via, enc);
    else
        snprintf(buf, n, "set \"encoding\": \"%s\" in %s", enc, via);
    return buf;
}

/* First bytes of the input: strip a UTF-8 BOM, refuse undeclared UTF-16. */
static void check_start(ssp_csv *r, const unsigned char *b, size_t n)
{
    const char *enc = r->o.encoding;
    int declared16 = enc && !strncasecmp(enc, "utf-16", 6);
    char fix[300];
    if (n >= 2 && !declared16 &&
        ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        if (r->o.encoding_via)
            fail_encoding(
                r, 1, 1,
                "input is UTF-16 (byte-order mark 0x%02X 0x%02X); convert "
                "it to UTF-8 or %s",
                b[0], b[1], encoding_fix(r, "utf-16", fix, sizeof fix));
        else
            fail_encoding(
                r, 1, 1, "input is UTF-16 (byte-order mark 0x%02X 0x%02X); %s",
                b[0], b[1], encoding_fix(r, "utf-16", fix, sizeof fix));
        return;
    }
    if (n >= 2 && !declared16 && (b[0] == 0 || b[1] == 0)) {
        const char *e16 = b[0] == 0 ? "utf-16be" : "utf-16le";
        if (r->o.encoding_via)
            fail_encoding(
                r, 1, 1,
                "input looks like UTF-16 (NUL bytes, no byte-order mark); "
                "convert it to UTF-8 or %s",
                encoding_fix(r, e16, fix, sizeof fix));
        else
            fail_encoding(
                r, 1, 1,
                "input looks like UTF-16 (NUL bytes, no byte-order mark); "
                "%s",
                encoding_fix(r, e16, fix, sizeof fix));
        return;
    }
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        if (r->cd != (iconv_t)-1) {
            fail_encoding(r, 1, 1,
                          "input starts with a UTF-8 byte-order mark but its "
                          "encoding is declared as %s",
                          enc);
            return;
        }
        r->acct = r->fed = 3; /* not part of the data; no column */
        r->bom = 1;
    }
}

/* Read and decode more input into buf[len..). */
static void read_more(ssp_csv *r)
{
    /* Compact: bytes before the record being parsed are no longer needed
     * (the record's own are, for its raw form). */
    size_t keep = r->row_start ? r->acct : r->rec_raw;
    if (keep)
        memmove(r->buf, r->buf + keep, r->len - keep);
    r->fed -= keep;
    r->len -= keep;
    r->acct -= keep;
    r->rec_raw -= r->row_start ? 0 : keep;
    if (r->cap - r->len < 2 * CHUNK) {
        unsigned char *nb = ssp_grow(r->buf, &r->cap, r->len + 2 * CHUNK, 1);
        if (!nb) {
            fail_nomem(r);
            return;
        }
        r->buf = nb;
    }
    if (r->cd == (iconv_t)-1) {
        size_t n = fread(r->buf + r->len, 1, CHUNK, r->fp);
        if (n == 0 && ferror(r->fp)) {
            fail(r, SSP_EIO, 0, 0, "read error: %s", strerror(errno));
            return;
        }
        if (n == 0)
            r->eof = 1;
        if (!r->started) {
            r->started = 1;
            check_start(r, r->buf, n);
        }
        r->len += n;
        return;
    }
    size_t n = fread(r->in + r->inlen, 1, CHUNK - r->inlen, r->fp);
    if (n == 0 && ferror(r->fp)) {
        fail(r, SSP_EIO, 0, 0, "read error: %s", strerror(errno));
        return;
    }
    if (!r->started) {
        r->started = 1;
        check_start(r, (unsigned char *)r->in, n);
    }
    r->inlen += n;
    if (n == 0)
        r->eof = 1;
    char *ip = r->in;
    size_t ileft = r->inlen;
    while (ileft) {
        char *op = (char *)r->buf + r->len;
        size_t oleft = r->cap - r->len;
        size_t rc = iconv(r->cd, &ip, &ileft, &op, &oleft);
        r->len = (size_t)(op - (char *)r->buf);
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG) {
            unsigned char *nb = ssp_grow(r->buf, &r->cap, r->cap + CHUNK, 1);
            if (!nb) {
                fail_nomem(r);
                return;
            }
            r->buf = nb;
            continue;
        }
        if (errno == EINVAL && !r->eof)
            break; /* incomplete sequence: the rest comes with the next read */
        /* Invalid (or truncated at end of file): report it at the place it
         * would have gone, once what precedes it has been parsed. */
        unsigned char b0 = (unsigned char)ip[0];
        unsigned char b1 = ileft > 1 ? (unsigned char)ip[1] : 0;
        r->inlen = 0;
        r->eof = 1;
        r->pending = 1;
        if (ileft > 1)
            snprintf(r->pending_msg, sizeof r->pending_msg,
                     "invalid %s byte sequence 0x%02X 0x%02X", r->o.encoding,
                     b0, b1);
        else
            snprintf(r->pending_msg, sizeof r->pending_msg,
                     "invalid or truncated %s byte 0x%02X", r->o.encoding, b0);
        return;
    }
    memmove(r->in, ip, ileft);
    r->inlen = ileft;
}

/* Feed what has been read to libcsv; at end of input, finish. */
static void feed(ssp_csv *r)
{
    int bad = 0;
    size_t good = r->fed + utf8_prefix(r->buf + r->fed, r->len - r->fed, &bad);
    size_t from = r->fed;
    /* A CR that is the last byte read waits for the next read: only the
     * byte after it tells a CRLF (split by the read) from a lone CR, and
     * the record's line end must be the one it has. */
    if (!bad && !r->eof && good == r->len && good > from &&
        r->buf[good - 1] == '\r')
        good--;
    r->fed = good; /* the callbacks may look at any byte being fed */
    size_t n =
        csv_parse(&r->p, r->buf + from, good - from, on_field, on_record, r);
    if (n < good - from)
        r->fed = from + n;
    if (r->failed)
        return;
    if (n < good - from) {
        int e = csv_error(&r->p);
        if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
            fail_nomem(r);
            return;
        }
        /* A strict-mode violation at buf[from + n]. */
        if (r->row_start)
            skip_terms(r, 1);
        long line, col;
        pos_of(r, from + n, &line, &col);
        if (r->buf[r->acct] == '"')
            fail(r, SSP_EDATA, line, col,
                 "unexpected character after a closing quote (a quote "
                 "inside a quoted field is written twice: \"\")");
        else
            fail(r, SSP_EDATA, line, col,
                 "quote inside an unquoted field (quote the whole field and "
                 "write the quote twice: \"\")");
        return;
    }
    if (r->row_start)
        skip_terms(r, r->eof && good == r->len);
    if (r->p.entry_pos > r->o.max_field) {
        if (r->row_start)
            skip_terms(r, 1);
        fail(r, SSP_EDATA, r->line, r->col,
             "field is longer than %zu bytes (an unclosed quote?)",
             r->o.max_field);
        return;
    }
    if (bad || r->pending) {
        long line, col;
        size_t at = bad ? good : r->len;
        pos_of(r, at, &line, &col);
        if (!bad) {
            fail_encoding(r, line, col, "%s", r->pending_msg);
        } else if (r->buf[at] == 0) {
            fail_encoding(r, line, col, "NUL byte in text input");
        } else {
            char fix[300];
            if (is_utf8_name(r->o.encoding))
                fail_encoding(r, line, col,
                              "invalid UTF-8 byte 0x%02X (a Korean export in "
                              "CP949/EUC-KR? %s)",
                              r->buf[at],
                              encoding_fix(r, "cp949", fix, sizeof fix));
            else
                fail_encoding(r, line, col, "invalid UTF-8 byte 0x%02X",
                              r->buf[at]);
        }
        return;
    }
    if (r->eof && good == r->len) {
        if (r->row_start)
            skip_terms(r, 1);
        long line = r->line, col = r->col;
        if (csv_fini(&r->p, on_field, on_record, r) != 0 && !r->failed) {
            fail(r, SSP_EDATA, line, col,
                 "quoted field starting here is never closed");
            return;
        }
        r->done = 1;
    } else if (r->eof && good < r->len) {
        long line, col;
        pos_of(r, good, &line, &col);
        fail_encoding(r, line, col, "truncated UTF-8 sequence at end of input");
    }
}

/* The direct path: between records, with every byte fed to libcsv
 * accounted for (so libcsv is where a record starts), whole lines that
 * need no CSV parsing are cut into fields here: no quote, NUL or CR but
 * one before the LF, valid UTF-8, no field longer than max_field. The
 * first line that is anything else is left to libcsv, from the same
 * place and in the same state, so what it reports is as before. Returns
 * 1 when it stopped only for want of a whole line. */
#define DIRECT_MAX (4 * CHUNK) /* a longer line goes to libcsv */

/* Of the 8 bytes in x, as loaded from memory, the first that is the
 * delimiter, below '#' (a quote, a NUL, a CR, ...) or not ASCII: its high
 * bit is the lowest set in the result (bytes above it may be flagged
 * wrongly: a borrow only runs upwards). 0 when there is none. */
static uint64_t stop_bytes(uint64_t x, unsigned char delim)
{
    const uint64_t ones = 0x0101010101010101u, high = ones << 7;
    uint64_t y = x ^ ones * delim;
    return (((x - ones * '#') & ~x) | ((y - ones) & ~y) | x) & high;
}

/* Cut the line a[0..len) (a NUL after it, 7 more bytes readable) into
 * fields at each delimiter, which becomes a NUL: out[k] is field k, its
 * offset from a plus base, its length and its character column, on line.
 * Returns the number of fields, or 0 for a line the direct path does not
 * take (a quote, a NUL, a CR, invalid UTF-8, more than max fields). */
static size_t cut_line(unsigned char *a, size_t len, unsigned char delim,
                       struct pfield *out, size_t max, size_t base, long line)
{
    size_t n = 0, fstart = 0, cont = 0;
    long fcol = 1;
    for (unsigned char *q = a;; q++) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint64_t x, m; /* eight bytes at a time to the next stop */
        memcpy(&x, q, 8);
        while (!(m = stop_bytes(x, delim))) {
            q += 8;
            memcpy(&x, q, 8);
        }
        q += __builtin_ctzll(m) >> 3;
#endif
        unsigned c = *q;
        size_t i = (size_t)(q - a);
        if (c == delim) {
            if (n + 1 >= max)
                return 0;
            out[n++] = (struct pfield){base + fstart, i - fstart, line, fcol};
            *q = '\0';
            fstart = i + 1;
            fcol = (long)(i + 2 - cont);
        } else if (c >= 0x80) {
            int k = ssp_utf8_seq(q, len - i);
            if (k <= 0)
                return 0;
            q += k - 1;
            cont += (size_t)k - 1;
        } else if (i == len) {
            break;
        } else if (c == '"' || c == '\r' || c == '\0') {
            return 0;
        }
    }
    out[n++] = (struct pfield){base + fstart, len - fstart, line, fcol};
    return n;
}

static int direct(ssp_csv *r)
{
    unsigned char delim = (unsigned char)r->o.delim;
    while (r->fed < r->len) {
        const unsigned char *b = r->buf + r->fed, *end = r->buf + r->len;
        const unsigned char *nl = memchr(b, '\n', (size_t)(end - b));
        if (!nl)
            return 1;
        const unsigned char *e = nl;
        if (e > b && e[-1] == '\r')
            e--;
        size_t linelen = (size_t)(e - b);
        if (linelen) {
            if (r->nfields + linelen + 1 > r->capfields) {
                struct pfield *pf =
                    ssp_grow(r->fields, &r->capfields, r->nfields + linelen + 1,
                             sizeof *pf);
                if (!pf)
                    return 0;
                r->fields = pf;
            }
            if (r->alen + linelen + 8 > r->acap) {
                char *a =
                    ssp_grow(r->arena, &r->acap, r->alen + linelen + 8, 1);
                if (!a)
                    return 0;
                r->arena = a;
            }
            struct precord *pr =
                ssp_grow(r->recs, &r->caprecs, r->nrecs + 1, sizeof *pr);
            if (!pr)
                return 0;
            r->recs = pr;
            /* Cut in a copy: the raw bytes stay as read. The NUL after it
             * stops the scan, which looks up to 7 bytes further. */
            unsigned char *a = (unsigned char *)r->arena + r->alen;
            memcpy(a, b, linelen);
            memset(a + linelen, 0, 8);
            size_t first = r->nfields,
                   n = cut_line(a, linelen, delim, r->fields + first,
                                linelen + 2, r->alen, r->line);
            if (!n)
                return 0;
            if (linelen > r->o.max_field)
                for (size_t i = first; i < first + n; i++)
                    if (r->fields[i].len > r->o.max_field)
                        return 0;
            r->nfields = first + n;
            r->alen += linelen + 1;
            const char *term = e < nl ? "\r\n" : "\n";
            r->recs[r->nrecs++] = (struct precord){
                first, n, r->line, r->fed, r->fed + linelen, term};
        }
        r->fed = r->acct = (size_t)(nl + 1 - r->buf);
        r->line++;
        r->col = 1;
    }
    return 1;
}

/* Parse until at least one record is queued, input ends, or an error. */
static void fill(ssp_csv *r)
{
    r->nrecs = r->nextrec = 0;
    /* Fields of a record still being parsed must survive the reset. */
    size_t keep = r->row_start ? r->nfields : r->rec_first;
    if (keep > 0 && keep <= r->nfields) {
        size_t base = keep < r->nfields ? r->fields[keep].off : r->alen;
        memmove(r->arena, r->arena + base, r->alen - base);
        r->alen -= base;
        for (size_t i = keep; i < r->nfields; i++)
            r->fields[i].off -= base;
        memmove(r->fields, r->fields + keep,
                (r->nfields - keep) * sizeof *r->fields);
        r->nfields -= keep;
        r->rec_first = 0;
    }
    while (!r->nrecs && !r->failed && !r->done) {
        if (!r->eof)
            read_more(r);
        if (r->failed)
            return;
        if (r->o.direct && r->cd == (iconv_t)-1 && r->row_start &&
            r->acct == r->fed && r->o.delim != '"' && r->o.delim != '\r' &&
            r->o.delim != '\n' && r->o.delim != '\0' &&
            !((unsigned char)r->o.delim & 0x80)) {
            int more = direct(r);
            if (r->nrecs)
                return;
            if (more && !r->eof && r->len - r->fed < DIRECT_MAX)
                continue;
        }
        feed(r);
    }
}

/* Hand out queued record k. */
static int emit(ssp_csv *r, ssp_csv_record *rec)
{
    const struct precord *pr = &r->recs[r->nextrec++];
    ssp_csv_field *o = ssp_grow(r->out, &r->capout, pr->n, sizeof *o);
    if (!o) {
        fail_nomem(r);
        return -1;
    }
    r->out = o;
    for (size_t i = 0; i < pr->n; i++) {
        const struct pfield *pf = &r->fields[pr->first + i];
        o[i] = (ssp_csv_field){r->arena + pf->off, pf->len, pf->line, pf->col};
    }
    rec->f = o;
    rec->n = pr->n;
    rec->line = pr->line;
    rec->raw = (const char *)r->buf + pr->raw;
    rec->rawlen = pr->rawend - pr->raw;
    rec->term = pr->term;
    return 1;
}

int ssp_csv_next(ssp_csv *r, ssp_csv_record *rec, ssp_error *err)
{
    for (;;) {
        if (r->nextrec == r->nrecs) {
            if (r->failed || r->done) {
                if (r->failed) {
                    if (err)
                        *err = r->err;
                    return -1;
                }
                return 0;
            }
            fill(r);
            continue;
        }
        if (emit(r, rec) < 0) { /* out of memory: sticky, as every error */
            if (err)
                *err = r->err;
            return -1;
        }
        if (r->o.allow_ragged)
            return 1;
        if (!r->width)
            r->width = rec->n;
        if (rec->n == r->width)
            return 1;
        const ssp_csv_field *at =
            rec->n > r->width ? &rec->f[r->width] : &rec->f[rec->n - 1];
        ssp_error_set(err, SSP_EDATA, r->name, at->line, at->col,
                      "row has %zu field%s, expected %zu%s", rec->n,
                      rec->n == 1 ? "" : "s", r->width,
                      r->has_header ? " as in the header" : " as in row 1");
        if (err)
            err->kind = "source-error";
        return -1;
    }
}

/* libcsv trims blanks around unquoted fields unless told no byte is one
 * (a NULL function restores the default). */
static int no_blank(unsigned char c)
{
    (void)c;
    return 0;
}

ssp_csv *ssp_csv_open_stream(FILE *fp, const char *name,
                             const ssp_csv_options *o, ssp_error *err)
{
    ssp_csv *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        ssp_error_nomem(err);
        return NULL;
    }
    r->fp = fp;
    r->cd = (iconv_t)-1;
    if (o)
        r->o = *o;
    else
        ssp_csv_options_init(&r->o);
    r->line = r->col = 1;
    r->row_start = 1;
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        ssp_csv_close(r);
        ssp_error_nomem(err);
        return NULL;
    }
    /* libcsv's buffer through the C library's realloc by name, so that the
     * fault injection of the tests reaches it too (tests/inject). */
    csv_set_realloc_func(&r->p, realloc);
    csv_set_free_func(&r->p, free);
    csv_set_delim(&r->p, (unsigned char)r->o.delim);
    csv_set_space_func(&r->p, no_blank);
    if (!is_utf8_name(r->o.encoding)) {
        const char *from = r->o.encoding;
        if (!strcasecmp(from, "cp949") || !strcasecmp(from, "euc-kr") ||
            !strcasecmp(from, "euckr") || !strcasecmp(from, "uhc"))
            from = "CP949"; /* superset of EUC-KR: real exports mix them */
        r->cd = iconv_open("UTF-8", from);
        if (!(r->from = strdup(from))) {
            ssp_csv_close(r);
            ssp_error_nomem(err);
            return NULL;
        }
        if (r->cd == (iconv_t)-1) {
            ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0, "unknown encoding '%s'",
                          r->o.encoding);
            ssp_csv_close(r);
            return NULL;
        }
        if (!(r->in = malloc(CHUNK))) {
            ssp_csv_close(r);
            ssp_error_nomem(err);
            return NULL;
        }
    }
    if (r->o.header) {
        ssp_csv_record h;
        int rc = ssp_csv_next(r, &h, err);
        if (rc <= 0) {
            if (rc == 0)
                ssp_error_set(err, SSP_EDATA, r->name, 0, 0,
                              "empty input: expected a header row");
            ssp_csv_close(r);
            return NULL;
        }
        size_t bytes = 0;
        for (size_t i = 0; i < h.n; i++)
            bytes += h.f[i].len + 1;
        ssp_csv_field *hf = malloc(h.n * sizeof *hf);
        char *ha = malloc(bytes ? bytes : 1);
        char *hr = malloc(h.rawlen + 1);
        if (!hf || !ha || !hr) {
            free(hf);
            free(ha);
            free(hr);
            ssp_csv_close(r);
            ssp_error_nomem(err);
            return NULL;
        }
        char *p = ha;
        for (size_t i = 0; i < h.n; i++) {
            memcpy(p, h.f[i].s, h.f[i].len + 1);
            hf[i] = h.f[i];
            hf[i].s = p;
            p += h.f[i].len + 1;
        }
        memcpy(hr, h.raw, h.rawlen);
        r->header = (ssp_csv_record){hf, h.n, h.line, hr, h.rawlen, h.term};
        r->hdr_arena = ha;
        r->hdr_raw = hr;
        r->has_header = 1;
    }
    return r;
}

ssp_csv *ssp_csv_open(const char *path, const ssp_csv_options *o,
                      ssp_error *err)
{
    int std = !strcmp(path, "-");
    FILE *fp = std ? stdin : fopen(path, "rb");
    if (!fp) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                      strerror(errno));
        return NULL;
    }
    ssp_csv *r = ssp_csv_open_stream(fp, std ? "<stdin>" : path, o, err);
    if (!r) {
        if (!std)
            fclose(fp);
        return NULL;
    }
    r->own_fp = !std;
    return r;
}

const ssp_csv_record *ssp_csv_header(const ssp_csv *r)
{
    return r->has_header ? &r->header : NULL;
}

const char *ssp_csv_name(const ssp_csv *r)
{
    return r->name;
}

int ssp_csv_bom(const ssp_csv *r)
{
    return r->bom;
}

const char *ssp_csv_encoding(const ssp_csv *r)
{
    return r->cd == (iconv_t)-1 ? NULL : r->from;
}

ssp_status ssp_csv_column(const ssp_csv *r, const char *spec, size_t *idx,
                          ssp_error *err)
{
    size_t k = strspn(spec, "0123456789");
    if (spec[0] && !spec[k]) {
        unsigned long v = strtoul(spec, NULL, 10);
        if (v == 0)
            return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                                 "column numbers start at 1, not '%s'", spec);
        if (r->has_header && v > r->header.n)
            return ssp_error_set(err, SSP_EUSAGE, r->name, 0, 0,
                                 "no column %lu: the header has %zu columns", v,
                                 r->header.n);
        *idx = v - 1;
        return SSP_OK;
    }
    if (!r->has_header)
        return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                             "column '%s' is a name, but without a header "
                             "row columns are given by number",
                             spec);
    size_t found = (size_t)-1;
    for (size_t i = 0; i < r->header.n; i++) {
        if (strcmp(r->header.f[i].s, spec) != 0)
            continue;
        if (found != (size_t)-1)
            return ssp_error_set(err, SSP_EUSAGE, r->name, 0, 0,
                                 "column name '%s' is ambiguous (columns %zu "
                                 "and %zu); give its number",
                                 spec, found + 1, i + 1);
        found = i;
    }
    if (found == (size_t)-1) {
        char names[300] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->header.n && len < sizeof names - 1; i++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                    i ? ", " : "", r->header.f[i].s);
        if (len >= sizeof names - 1)
            strcpy(names + sizeof names - 5, "...");
        return ssp_error_set(err, SSP_EUSAGE, r->name, 1, 1,
                             "no column named '%s' (the header has: %s)", spec,
                             names);
    }
    *idx = found;
    return SSP_OK;
}

void ssp_csv_close(ssp_csv *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    if (r->own_fp)
        fclose(r->fp);
    free(r->name);
    free(r->in);
    free(r->buf);
    free(r->fields);
    free(r->recs);
    free(r->arena);
    free(r->out);
    free((void *)r->header.f);
    free(r->hdr_arena);
    free(r->hdr_raw);
    free(r->from);
    free(r);
}

/* ---- the direct read of a whole file, in pieces at once ---------------- */

#define SCAN_BUF (1 << 20) /* a longer line gives up */
/* A smaller file is read in one piece. The fuzzers build with a smaller
 * one, which cuts their short inputs too. */
#ifndef SSP_SCAN_SPLIT
#define SSP_SCAN_SPLIT (8 << 20)
#endif

int ssp_scan_open(ssp_scan *s, const char *path, const ssp_csv *in, int jobs)
{
    const ssp_csv_record *h = &in->header;
    struct stat st;
    *s = (ssp_scan){.fd = -1, .path = path};
    unsigned char d = (unsigned char)in->o.delim;
    if (!in->has_header || in->bom || in->cd != (iconv_t)-1 || d == '"' ||
        d == '\r' || d == '\n' || d == '\0' || d >= 0x80 ||
        (strcmp(h->term, "\n") && strcmp(h->term, "\r\n")))
        return 0;
    if (!strcmp(path, "-") || (s->fd = open(path, O_RDONLY)) < 0)
        return 0;
    /* The rows start right after the header, when the file starts with it
     * and its line end. */
    size_t tlen = strlen(h->term);
    off_t from = (off_t)(h->rawlen + tlen);
    char *head = malloc(h->rawlen + tlen + 1);
    int ok = head && fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode) &&
             pread(s->fd, head, (size_t)from, 0) == from &&
             !memcmp(head, h->raw, h->rawlen) &&
             !memcmp(head + h->rawlen, h->term, tlen);
    free(head);
    if (!ok) {
        ssp_scan_close(s);
        return 0;
    }
    s->width = h->n;
    s->max_field = in->o.max_field;
    s->delim = (unsigned char)in->o.delim;
    /* The pieces: cut at the line break after each jobs-th part. */
    s->pieces = 1;
    s->cut[0] = from;
    jobs = jobs > 16 ? 16 : jobs;
    for (int k = 1; k < jobs && st.st_size >= SSP_SCAN_SPLIT; k++) {
        char buf[1 << 16];
        off_t want = from + (st.st_size - from) / jobs * k;
        ssize_t n = pread(s->fd, buf, sizeof buf, want);
        const char *nl = n > 0 ? memchr(buf, '\n', (size_t)n) : NULL;
        if (!nl)
            break;
        off_t c = want + (nl - buf) + 1;
        if (c > s->cut[s->pieces - 1] && c < st.st_size)
            s->cut[s->pieces++] = c;
    }
    s->cut[s->pieces] = st.st_size;
    return 1;
}

struct piece {
    const ssp_scan *s;
    off_t from, to;
    ssp_scan_fn row;
    void *state;
    int ok;           /* 1: read; 0: given up */
    atomic_int *stop; /* set when a piece gives up */
};

/* Take the line [b, e) (not empty; *e may be overwritten; the buffer goes
 * on for 8 bytes after it) as a row. Returns 0 to give up. */
static int scan_row(struct piece *p, unsigned char *b, unsigned char *e,
                    struct pfield *pf, ssp_csv_field *fs)
{
    const ssp_scan *s = p->s;
    if (e[-1] == '\r' && --e == b)
        return 1; /* CRLF ends a line as LF does; "\r\n" alone is blank */
    *e = '\0';
    size_t n = cut_line(b, (size_t)(e - b), s->delim, pf, s->width + 1, 0, 0);
    if (n != s->width)
        return 0;
    for (size_t k = 0; k < n; k++) {
        if (pf[k].len > s->max_field)
            return 0;
        fs[k] = (ssp_csv_field){(const char *)b + pf[k].off, pf[k].len, 0,
                                pf[k].col};
    }
    return p->row(p->state, fs, n);
}

/* Read a piece: whole lines, through a buffer of its own. */
static void *scan_piece(void *arg)
{
    struct piece *p = arg;
    /* 8 more bytes: rows are looked at 8 bytes at a time */
    unsigned char *buf = calloc(SCAN_BUF + 16, 1);
    struct pfield *pf = malloc((p->s->width + 1) * sizeof *pf);
    ssp_csv_field *fs = malloc((p->s->width + 1) * sizeof *fs);
    size_t have = 0;
    off_t pos = p->from;
    p->ok = buf && pf && fs;
    while (p->ok) {
        size_t want = SCAN_BUF - have;
        if ((off_t)want > p->to - pos)
            want = (size_t)(p->to - pos);
        ssize_t k = want ? pread(p->s->fd, buf + have, want, pos) : 0;
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 || (k == 0 && want)) { /* the reader says what it is */
            p->ok = 0;
            break;
        }
        pos += k;
        have += (size_t)k;
        int last = pos >= p->to;
        unsigned char *b = buf, *end = buf + have;
        while (b < end && p->ok) {
            unsigned char *nl = memchr(b, '\n', (size_t)(end - b));
            if (!nl && !last)
                break;
            if (!nl)
                nl = end;
            if (nl > b && !scan_row(p, b, nl, pf, fs))
                p->ok = 0;
            b = nl + 1;
        }
        if (last || !p->ok)
            break;
        have = (size_t)(end - b);
        if (have == SCAN_BUF || atomic_load(p->stop))
            p->ok = 0; /* a line longer than the buffer; or another piece
                          gave up */
        else
            memmove(buf, b, have);
    }
    if (!p->ok)
        atomic_store(p->stop, 1);
    free(buf);
    free(pf);
    free(fs);
    return NULL;
}

int ssp_scan_run(ssp_scan *s, ssp_scan_fn row, void *states, size_t size)
{
    struct piece p[16];
    pthread_t th[16];
    atomic_int stop = 0;
    int started = 0, ok = 1;
    for (int k = 0; k < s->pieces; k++)
        p[k] = (struct piece){
            s, s->cut[k], s->cut[k + 1], row, (char *)states + (size_t)k * size,
            0, &stop};
    for (; started < s->pieces - 1; started++)
        if (pthread_create(&th[started], NULL, scan_piece, &p[started]))
            break;
    for (int k = started; k < s->pieces; k++) /* the rest on this thread */
        scan_piece(&p[k]);
    for (int k = 0; k < s->pieces; k++) {
        if (k < started)
            pthread_join(th[k], NULL);
        ok &= p[k].ok;
    }
    return ok;
}

void ssp_scan_close(ssp_scan *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}
