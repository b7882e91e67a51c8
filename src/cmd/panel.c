/* panel.c: ssp panel, device logs reduced to the subject-day usage panel
 * and the events they hold; partial panels merged exactly. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/dataset.h"
#include "ssp/io.h"
#include "ssp/out.h"
#include "ssp/strmap.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp panel [-o DIR] LOG...\n"
    "       ssp panel --merge -o DIR PARTIAL...\n"
    "Reduce canonical device logs (any of the six technologies, in any\n"
    "order) to the subject-day usage panel DIR/usage.csv and the events\n"
    "they hold, DIR/device_events.csv; in one streaming pass. "
    "DIR/panel-state.csv\n"
    "keeps what --merge needs to combine partial panels of shards of the\n"
    "logs into exactly the panel of the whole. A row repeated (the same\n"
    "primary key) counts once, as a duplicate; a row whose values its log's\n"
    "schema does not allow stops the run (status 1).\n"
    "\n"
    "  -o, --output DIR   the folder (default: .); a dataset's\n"
    "                     datapackage.json there gets usage and\n"
    "                     device_events, committed together\n"
    "      --merge        the arguments are partial panels (folders)\n"
    "  -j, --jobs N       read a large log in N pieces at once (default:\n"
    "                     the processors; the result is the same)\n"
    "  -q, --quiet        no progress line on a terminal\n"
    "  -h, --help         show this help and exit\n"
    "      --version      show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 bad data, 2 usage error, 3 I/O error,\n"
    "4 internal error. See ssp-panel(1).\n";

enum { OPT_MERGE = 256, OPT_VERSION };

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* The metrics, in the order they are written; decimal ones are summed in
 * millionths, as whole numbers, so that sums do not depend on the order
 * (a merge gives the very bytes of a whole run). */
enum {
    M_WEAR,
    M_STEPS,
    M_ACTIVE,
    M_SESSIONS,
    M_EXERCISE,
    M_DISTANCE,
    M_MEALS,
    M_SERVED,
    M_LEFTOVER,
    M_KCAL,
    M_VOIDS,
    M_CHANGES,
    M_V2C,
    M_KIOSK,
    M_TESTS,
    M_TRAINING,
    M_CHECKINS,
    M_CHATS,
    M_SOS,
    M_ALERTS,
    NM
};
static const char *const metric_names[NM] = {"wear_minutes",
                                             "steps",
                                             "active_minutes",
                                             "sessions",
                                             "exercise_minutes",
                                             "distance_km",
                                             "meals",
                                             "served_g",
                                             "leftover_g",
                                             "kcal",
                                             "voids",
                                             "changes",
                                             "void_to_change_minutes",
                                             "kiosk_sessions",
                                             "cognitive_tests",
                                             "brain_training_minutes",
                                             "checkins",
                                             "chats",
                                             "sos_calls",
                                             "alerts"};
#define MICRO 1000000LL

/* The food categories, for served_g.<category> and leftover_g.<category>. */
static const char *const categories[] = {
    "rice",  "soup",  "main_dish", "vegetable_side", "kimchi", "fruit",
    "dairy", "other", NULL};
#define NCAT 8

/* One subject-day. */
struct cell {
    unsigned present; /* metrics this day has */
    long long v[NM];
    long long served[NCAT], left[NCAT]; /* millionths of a gram */
    unsigned cats;                      /* categories the day has, as bits */
    unsigned meals;                     /* the meals of the day, as bits */
    long *times; /* diaper: void (>= 0) and change (< 0, -1 - s)
                    seconds of the day */
    size_t nt, capt;
    /* The log rows' primary keys seen, so that a repeated row counts
     * once: the vest's and the band's minutes (ts on a whole minute at
     * +09:00; other ts go to run.seen), and the food scanner's meal x
     * category (bit 8 * meal + category). */
    uint64_t *mins[2];
    uint32_t food;
};
#define DAY_WORDS (1440 / 64 + 1)

/* All state of one run. */
struct run {
    ssp_strmap keys; /* "subject\0date\0" -> cell */
    struct cell *cells;
    size_t cap;
    char **events; /* event rows, to be sorted */
    size_t nev, capev;
    unsigned long long rows;
    long line0;       /* lines before the piece of a log being read;
                         -1: to be counted when an error needs it */
    const char *path; /* the log the piece is of */
    off_t piece_from;
    char *last_key; /* the subject-day before ("subject\0date") */
    size_t last_len, last_cap, last_idx;
    int have_last;
    /* Other primary keys seen: "S" (the stream, as a byte) then the id
     * for logs keyed by an id; "S" subject "\0" ts for a minute log's ts
     * that is not on a whole minute at +09:00. seen_cell: each one's
     * subject-day. */
    ssp_strmap seen;
    size_t *seen_cell, capsc;
    unsigned long long dups; /* rows of a key seen before */
    char *kbuf, *quoted[3];  /* scratch: a key; fields quoted */
    size_t kcap, quoted_cap[3];
    size_t *seen_head, *seen_next; /* r->seen by subject-day, for output */
};

/* The subject-day of subject and date (its first 10 bytes: a date, as
 * take_row has checked), added when new; keys of any length, kept as
 * "subject\0date\0". */
static struct cell *cell_of(struct run *r, const char *subject,
                            const char *date)
{
    size_t sl = strlen(subject), n = sl + 1 + 10 + 1;
    /* Logs come grouped by subject and in time: most rows are of the
     * subject-day before. */
    if (r->have_last && r->last_len == n &&
        !memcmp(date, r->last_key + sl + 1, 10) &&
        !memcmp(subject, r->last_key, sl))
        return &r->cells[r->last_idx];
    char *k = ssp_grow(r->last_key, &r->last_cap, n, 1);
    if (!k)
        tool_oom();
    r->last_key = k;
    memcpy(k, subject, sl + 1);
    memcpy(k + sl + 1, date, 10);
    k[n - 1] = '\0';
    size_t idx;
    int added;
    if (ssp_strmap_put(&r->keys, k, n, &idx, &added) != SSP_OK)
        tool_oom();
    if (added) {
        struct cell *c = ssp_grow(r->cells, &r->cap, idx + 1, sizeof *c);
        if (!c)
            tool_oom();
        r->cells = c;
        memset(&c[idx], 0, sizeof c[idx]);
    }
    r->last_len = n;
    r->last_idx = idx;
    r->have_last = 1;
    return &r->cells[idx];
}

/* Add x to metric m of c; 0 when the sum would not fit (nothing added). */
static int add(struct cell *c, int m, long long x)
{
    if (__builtin_add_overflow(c->v[m], x, &c->v[m]))
        return 0;
    c->present |= 1u << m;
    return 1;
}

/* The largest whole part a number in millionths can have. */
#define MICRO_MAX_INT (LLONG_MAX / MICRO - 1)

/* A decimal in millionths, exactly: 0 if it is none, has a non-zero
 * digit past the sixth decimal, or does not fit (|x| < 2^63 / 10^6). */
static int micro(const char *s, long long *out)
{
    int neg = *s == '-';
    s += neg || *s == '+';
    long long ip = 0, fp = 0, scale = MICRO / 10;
    if (!*s || (*s == '.' && !(s[1] >= '0' && s[1] <= '9')))
        return 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        ip = ip * 10 + (*s - '0');
        if (ip > MICRO_MAX_INT)
            return 0;
    }
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10) {
            if (!scale && *s != '0')
                return 0;
            fp += (*s - '0') * scale;
        }
    if (*s)
        return 0;
    *out = (neg ? -1 : 1) * (ip * MICRO + fp);
    return 1;
}

static void put_micro(FILE *fp, long long x)
{
    if (x < 0) {
        fputc('-', fp);
        x = -x;
    }
    fprintf(fp, "%lld", x / MICRO);
    long long f = x % MICRO;
    if (f) {
        char d[8];
        snprintf(d, sizeof d, "%06lld", f);
        size_t n = strlen(d);
        while (n && d[n - 1] == '0')
            d[--n] = '\0';
        fprintf(fp, ".%s", d);
    }
}

/* Whether s starts with a date, YYYY-MM-DD (month 01-12, day 01-31). */
static int is_date(const char *s)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
            return 0;
    int m = (s[5] - '0') * 10 + s[6] - '0';
    int d = (s[8] - '0') * 10 + s[9] - '0';
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The seconds of the day of a datetime, YYYY-MM-DDTHH:MM:SS, then maybe
 * a fraction, then Z, an offset (+09:00) or nothing; -1 if it is none.
 * *rest: what follows SS. */
static long secs_of(const char *ts, const char **rest)
{
    if (!is_date(ts) || ts[10] != 'T')
        return -1;
    int v[3];
    for (int k = 0; k < 3; k++) {
        const char *p = ts + 11 + 3 * k;
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' ||
            (k < 2 && p[2] != ':'))
            return -1;
        v[k] = (p[0] - '0') * 10 + p[1] - '0';
    }
    if (v[0] > 23 || v[1] > 59 || v[2] > 59)
        return -1;
    const char *p = ts + 19;
    if (*p == '.') { /* a fraction of a second */
        if (!(p[1] >= '0' && p[1] <= '9'))
            return -1;
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') { /* an offset, -14:00 to +14:00 */
        for (int k = 1; k < 6; k++)
            if (k == 3 ? p[k] != ':' : p[k] < '0' || p[k] > '9')
                return -1;
        int h = (p[1] - '0') * 10 + p[2] - '0';
        int m = (p[4] - '0') * 10 + p[5] - '0';
        if (h > 14 || m > 59 || (h == 14 && m))
            return -1;
        p += 6;
    }
    if (*p)
        return -1;
    *rest = ts + 19;
    return v[0] * 3600L + v[1] * 60L + v[2];
}

static void add_time(struct cell *c, long t)
{
    long *tm = ssp_grow(c->times, &c->capt, c->nt + 1, sizeof *tm);
    if (!tm)
        tool_oom();
    c->times = tm;
    tm[c->nt++] = t;
}

static void event_row(struct run *r, const char *fmt, ...) SSP_PRINTF(2, 3);

static void event_row(struct run *r, const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        tool_oom();
    char **e = ssp_grow(r->events, &r->capev, r->nev + 1, sizeof *e);
    if (!e)
        tool_oom();
    r->events = e;
    e[r->nev++] = s;
}

/* ---- the logs ---------------------------------------------------------- */

enum stream {
    S_VEST,
    S_ALERTS,
    S_MEALS,
    S_KIOSK,
    S_DIAPER,
    S_BIKE,
    S_BAND,
    S_SPEAKER,
    NSTREAMS
};
static const struct {
    const char *mark; /* a column only this stream has */
    const char *cols[8];
} streams[NSTREAMS] = {
    {"respiration_rate", {"subject_id", "ts", "worn"}},
    {"alert_id",
     {"alert_id", "subject_id", "kind", "raised_at", "acknowledged_at",
      "closed_at", "outcome"}},
    {"food_category",
     {"subject_id", "date", "meal", "served_g", "leftover_g", "kcal",
      "food_category"}},
    {"risk_level",
     {"subject_id", "started_at", "activity", "duration_s", "session_id"}},
    {"facility_id", {"event_id", "subject_id", "ts", "kind"}},
    {"distance_km",
     {"subject_id", "started_at", "duration_min", "distance_km", "session_id"}},
    {"steps", {"subject_id", "ts", "steps", "worn"}},
    {"interaction_id", {"interaction_id", "subject_id", "ts", "kind"}},
};

/* Lines of the log before the piece being read: 0 for a whole log. */
static long lines_before(const struct run *r)
{
    if (r->line0 >= 0)
        return r->line0;
    long n = -1; /* the piece's reader counts the header as its line 1 */
    FILE *fp = fopen(r->path, "rb");
    for (off_t i = 0; fp && i < r->piece_from; i++)
        n += fgetc(fp) == '\n';
    if (fp)
        fclose(fp);
    return n;
}

static SSP_NORETURN void bad(const struct run *r, const ssp_csv *in,
                             const ssp_csv_field *f, const char *what)
{
    ssp_error e;
    ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line + lines_before(r),
                  f->col, "'%.40s%s' is not %s (validate the log first)", f->s,
                  strlen(f->s) > 40 ? "..." : "", what);
    die_error(&e);
}

/* A field as a number in millionths (empty: 0); 0 if it is not one. */
static int num(const char *s, long long *x)
{
    if (!*s) {
        *x = 0;
        return 1;
    }
    /* the common case, a few digits, without micro()'s general form */
    long long v = 0;
    const char *d = s;
    for (; *d >= '0' && *d <= '9' && d - s < 12; d++)
        v = v * 10 + (*d - '0');
    if (!*d) {
        *x = v * MICRO;
        return 1;
    }
    return micro(s, x);
}

/* The index of v in the NULL-terminated list set, -1 if it is not in it. */
static int one_of(const char *v, const char *const *set)
{
    for (int k = 0; set[k]; k++)
        if (!strcmp(v, set[k]))
            return k;
    return -1;
}

/* The schemas' values (see data-schema/): a value outside them is a
 * rejected row, never read as one of them. */
static const char *const bools[] = {"false", "False", "FALSE", "0", "true",
                                    "True",  "TRUE",  "1",     NULL};
static const char *const meal_names[] = {"breakfast", "lunch", "snack",
                                         "dinner", NULL};
static const char *const alert_kinds[] = {"heart_rate_high",
                                          "heart_rate_low",
                                          "respiration_high",
                                          "respiration_low",
                                          "no_vital_signs",
                                          "fall",
                                          "not_worn",
                                          "device_offline",
                                          "other",
                                          NULL};
static const char *const outcomes[] = {"",         "true_alarm", "false_alarm",
                                       "resolved", "referred",   "no_action",
                                       "unknown",  NULL};
static const char *const activities[] = {"self_test", "brain_training",
                                         "exercise", NULL};
static const char *const diaper_kinds[] = {"void", "change", "reposition",
                                           "fall_risk_alert", NULL};
static const char *const speaker_kinds[] = {
    "checkin", "chat", "sos", "reminder", "music", "other", NULL};

/* A subject id as the schemas have it: 1 to 64 of A-Z a-z 0-9 _ -. */
static int is_subject(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (n == 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return n > 0;
}

/* An id as the schemas have it: 1 to 64 characters. */
static int is_id(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n >= 1 && n <= 64;
}

/* s as a CSV field: itself, or quoted into r's buffer slot k (0-3). */
static const char *csv_field(struct run *r, int k, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")])
        return s;
    size_t n = 3;
    for (const char *p = s; *p; p++)
        n += 1 + (*p == '"');
    char *q = ssp_grow(r->quoted[k], &r->quoted_cap[k], n, 1);
    if (!q)
        tool_oom();
    r->quoted[k] = q;
    *q++ = '"';
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            *q++ = '"';
        *q++ = *p;
    }
    *q++ = '"';
    *q = '\0';
    return r->quoted[k];
}

/* The key of stream st (one byte) followed by a and, when b is not NULL,
 * NUL and b, in r's key buffer; its length. */
static size_t seen_key(struct run *r, int st, const char *a, const char *b)
{
    size_t la = strlen(a), lb = b ? strlen(b) + 1 : 0;
    char *k = ssp_grow(r->kbuf, &r->kcap, 1 + la + lb, 1);
    if (!k)
        tool_oom();
    r->kbuf = k;
    k[0] = (char)('A' + st);
    memcpy(k + 1, a, la);
    if (b) {
        k[1 + la] = '\0';
        memcpy(k + 2 + la, b, lb - 1);
    }
    return 1 + la + lb;
}

/* Mark the key in r's key buffer (len bytes) seen, in subject-day ci.
 * Returns 1 when it was seen before. */
static int mark_seen(struct run *r, size_t len, size_t ci)
{
    size_t idx;
    int added;
    if (ssp_strmap_put(&r->seen, r->kbuf, len, &idx, &added) != SSP_OK)
        tool_oom();
    if (!added)
        return 1;
    size_t *sc = ssp_grow(r->seen_cell, &r->capsc, idx + 1, sizeof *sc);
    if (!sc)
        tool_oom();
    r->seen_cell = sc;
    sc[idx] = ci;
    return 0;
}

/* Whether the minute log row (subject, ts) of stream st, of subject-day c,
 * was seen before; marks it seen. A ts on a whole minute at +09:00 (the
 * pilot's) is a bit of the day; any other, its text in r->seen. */
static int minute_seen(struct run *r, struct cell *c, int st,
                       const char *subject, const char *ts, long t)
{
    const char *rest = ts + 19;
    if (t % 60 == 0 && !strcmp(rest, "+09:00")) {
        int w = st == S_BAND;
        if (!c->mins[w] && !(c->mins[w] = calloc(DAY_WORDS, sizeof(uint64_t))))
            tool_oom();
        uint64_t bit = 1ull << (t / 60 % 64);
        uint64_t *word = &c->mins[w][t / 60 / 64];
        if (*word & bit)
            return 1;
        *word |= bit;
        return 0;
    }
    return mark_seen(r, seen_key(r, st, subject, ts), (size_t)(c - r->cells));
}

/* Take one row of stream st, its fields s[] in the order of the stream's
 * columns, into run r; a row whose primary key (that of the log's schema)
 * was seen before is counted in r->dups and nothing else. Returns -1, or
 * the index of the first field that is not what it should be (*what says
 * what it should be: the row is rejected, and nothing of it is to be
 * trusted: the run is to be given up). */
static int take_row(struct run *r, int st, const char *const s[8],
                    const char **what)
{
    /* a value checked: k is the field, ok whether it is right */
#define CHECK(k, ok, w)  \
    do {                 \
        if (!(ok)) {     \
            *what = (w); \
            return k;    \
        }                \
    } while (0)
    /* a number in millionths, of 0 or more; a required one not empty */
#define AMOUNT(k, x, req)                                      \
    CHECK(k, (!(req) || *s[k]) && num(s[k], &(x)) && (x) >= 0, \
          "a number of 0 or more with at most 6 decimals, below 9.2e12")
#define COUNT(k, x)                                           \
    CHECK(k, num(s[k], &(x)) && (x) >= 0 && (x) % MICRO == 0, \
          "a whole number of 0 or more, below 9.2e12")
#define SUM(k, c, m, x) \
    CHECK(k, add(c, m, x), "a number whose sum of the day fits")
#define SUBJECT(k) \
    CHECK(k, is_subject(s[k]), "a subject id (1 to 64 of A-Z a-z 0-9 _ -)")
#define DATETIME(k, t)                          \
    CHECK(k, ((t) = secs_of(s[k], &rest)) >= 0, \
          "a datetime (YYYY-MM-DDTHH:MM:SS, maybe a fraction and an offset)")
#define ID(k) CHECK(k, is_id(s[k]), "an id (1 to 64 characters)")
#define ONE_OF(k, v, set, w) CHECK(k, ((v) = one_of(s[k], set)) >= 0, w)
    const char *rest;
    long t;
    int v;
    switch (st) {
    case S_VEST: {
        SUBJECT(0);
        DATETIME(1, t);
        ONE_OF(2, v, bools, "true or false (true, True, TRUE, 1, false, ...)");
        struct cell *c = cell_of(r, s[0], s[1]);
        if (minute_seen(r, c, st, s[0], s[1], t))
            goto dup;
        add(c, M_WEAR, v >= 4);
        break;
    }
    case S_BAND: {
        long long steps;
        SUBJECT(0);
        DATETIME(1, t);
        COUNT(2, steps);
        ONE_OF(3, v, bools, "true or false (true, True, TRUE, 1, false, ...)");
        struct cell *c = cell_of(r, s[0], s[1]);
        if (minute_seen(r, c, st, s[0], s[1], t))
            goto dup;
        steps /= MICRO;
        add(c, M_WEAR, v >= 4);
        SUM(2, c, M_STEPS, steps);
        add(c, M_ACTIVE, steps > 0);
        break;
    }
    case S_ALERTS: {
        int o;
        ID(0);
        SUBJECT(1);
        ONE_OF(2, v, alert_kinds, "an alert kind of the schema");
        DATETIME(3, t);
        ONE_OF(6, o, outcomes, "an outcome of the schema");
        if (mark_seen(r, seen_key(r, st, s[0], NULL), SIZE_MAX))
            goto dup;
        struct cell *c = cell_of(r, s[1], s[3]);
        r->seen_cell[r->seen.n - 1] = (size_t)(c - r->cells);
        add(c, M_ALERTS, 1);
        /* kinds of the vest map onto the events' kinds */
        const char *kind =
            !strcmp(s[2], "device_offline") || !strcmp(s[2], "not_worn")
                ? "device_offline"
                : "emergency_alert";
        event_row(r, "%s,%s,%s,%s,%s,%s,%s,", csv_field(r, 0, s[0]), s[1], kind,
                  s[3], csv_field(r, 1, s[4]), csv_field(r, 2, s[5]), s[6]);
        break;
    }
    case S_MEALS: {
        long long sv, lo, kcal;
        int meal, cat;
        SUBJECT(0);
        CHECK(1, is_date(s[1]) && !s[1][10], "a date (YYYY-MM-DD)");
        ONE_OF(2, meal, meal_names, "a meal of the schema");
        AMOUNT(3, sv, 1);
        AMOUNT(4, lo, 0);
        AMOUNT(5, kcal, 0);
        ONE_OF(6, cat, categories, "a food category of the schema");
        struct cell *c = cell_of(r, s[0], s[1]);
        uint32_t key = 1u << (8 * meal + cat);
        if (c->food & key)
            goto dup;
        c->food |= key;
        c->meals |= 1u << meal;
        c->present |= 1u << M_MEALS;
        SUM(3, c, M_SERVED, sv);
        SUM(4, c, M_LEFTOVER, lo);
        SUM(5, c, M_KCAL, kcal);
        c->served[cat] += sv; /* parts of the sums above: they fit */
        c->left[cat] += lo;
        c->cats |= 1u << cat;
        break;
    }
    case S_KIOSK: {
        long long secs;
        SUBJECT(0);
        DATETIME(1, t);
        ONE_OF(2, v, activities, "a kiosk activity of the schema");
        COUNT(3, secs);
        ID(4);
        if (mark_seen(r, seen_key(r, st, s[4], NULL), SIZE_MAX))
            goto dup;
        struct cell *c = cell_of(r, s[0], s[1]);
        r->seen_cell[r->seen.n - 1] = (size_t)(c - r->cells);
        add(c, M_KIOSK, 1);
        add(c, M_TESTS, v == 0);
        if (v == 1)
            SUM(3, c, M_TRAINING, secs / 60);
        else
            c->present |= 1u << M_TRAINING;
        if (v == 2)
            SUM(3, c, M_EXERCISE, secs / 60);
        else
            c->present |= 1u << M_EXERCISE;
        break;
    }
    case S_DIAPER: {
        ID(0);
        SUBJECT(1);
        DATETIME(2, t);
        ONE_OF(3, v, diaper_kinds, "a diaper event kind of the schema");
        if (mark_seen(r, seen_key(r, st, s[0], NULL), SIZE_MAX))
            goto dup;
        struct cell *c = cell_of(r, s[1], s[2]);
        r->seen_cell[r->seen.n - 1] = (size_t)(c - r->cells);
        if (v == 0) {
            add(c, M_VOIDS, 1);
            add_time(c, t);
        } else if (v == 1) {
            add(c, M_CHANGES, 1);
            add_time(c, -1 - t);
        } else if (v == 3) {
            event_row(r, "%s,%s,fall_risk,%s,,,,", csv_field(r, 0, s[0]), s[1],
                      s[2]);
        }
        break;
    }
    case S_BIKE: {
        long long min, km;
        SUBJECT(0);
        DATETIME(1, t);
        AMOUNT(2, min, 1);
        AMOUNT(3, km, 0);
        ID(4);
        if (mark_seen(r, seen_key(r, st, s[4], NULL), SIZE_MAX))
            goto dup;
        struct cell *c = cell_of(r, s[0], s[1]);
        r->seen_cell[r->seen.n - 1] = (size_t)(c - r->cells);
        add(c, M_SESSIONS, 1);
        SUM(2, c, M_EXERCISE, min);
        SUM(3, c, M_DISTANCE, km);
        break;
    }
    case S_SPEAKER: {
        ID(0);
        SUBJECT(1);
        DATETIME(2, t);
        ONE_OF(3, v, speaker_kinds, "a speaker interaction kind of the schema");
        if (mark_seen(r, seen_key(r, st, s[0], NULL), SIZE_MAX))
            goto dup;
        struct cell *c = cell_of(r, s[1], s[2]);
        r->seen_cell[r->seen.n - 1] = (size_t)(c - r->cells);
        add(c, M_CHECKINS, v == 0);
        add(c, M_CHATS, v == 1);
        add(c, M_SOS, v == 2);
        if (v == 2)
            event_row(r, "%s,%s,sos,%s,,,,", csv_field(r, 0, s[0]), s[1], s[2]);
        break;
    }
    }
    (void)rest;
    return -1;
dup:
    r->dups++;
    return -1;
#undef CHECK
#undef AMOUNT
#undef COUNT
#undef SUM
#undef SUBJECT
#undef DATETIME
#undef ID
#undef ONE_OF
}

/* The stream a log's header names, and its columns: -1 if none, -2 if a
 * column is missing (e filled). */
static int stream_of(const ssp_csv *in, size_t col[8], ssp_error *e)
{
    int st = -1;
    for (int k = 0; k < NSTREAMS && st < 0; k++) {
        size_t i;
        ssp_error ignore;
        if (ssp_csv_column(in, streams[k].mark, &i, &ignore) == SSP_OK)
            st = k;
    }
    if (st < 0)
        return -1;
    for (int k = 0; k < 8 && streams[st].cols[k]; k++)
        if (ssp_csv_column(in, streams[st].cols[k], &col[k], e) != SSP_OK)
            return -2;
    return st;
}

/* Read one log (or a piece of one) through the reader in, and close it. */
static void read_stream(struct run *r, ssp_csv *in)
{
    ssp_error e;
    size_t col[8];
    int st = stream_of(in, col, &e);
    if (st == -1)
        die(SSP_EUSAGE,
            "%s: not a device log ssp panel knows (see "
            "ssp-schema(5))",
            ssp_csv_name(in));
    if (st < 0)
        die_error(&e);
    ssp_csv_record rec;
    int rc;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        const char *s[8];
        for (int k = 0; k < 8 && streams[st].cols[k]; k++)
            s[k] = rec.f[col[k]].s;
        if (++r->rows % (1u << 20) == 0)
            tool_progress(ssp_csv_name(in), r->rows);
        const char *what;
        int k = take_row(r, st, s, &what);
        if (k >= 0)
            bad(r, in, &rec.f[col[k]], what);
    }
    tool_progress_end();
    if (rc < 0) {
        e.line += e.line ? lines_before(r) : 0;
        die_error(&e);
    }
    ssp_csv_close(in);
}

/* ---- reading a log in pieces, in parallel ------------------------------- */

/* A piece of a log file: its header line, then bytes [from, to). */
struct piece {
    int fd;
    char header[4096];
    size_t hlen, hpos;
    off_t from, to, pos;
    struct run run;
    const char *name;
};

static ssize_t piece_read(void *cookie, char *buf, size_t size)
{
    struct piece *p = cookie;
    if (p->hpos < p->hlen) {
        size_t k = p->hlen - p->hpos < size ? p->hlen - p->hpos : size;
        memcpy(buf, p->header + p->hpos, k);
        p->hpos += k;
        return (ssize_t)k;
    }
    if (p->pos >= p->to)
        return 0;
    size_t want =
        (size_t)(p->to - p->pos) < size ? (size_t)(p->to - p->pos) : size;
    ssize_t k = pread(p->fd, buf, want, p->pos);
    if (k > 0)
        p->pos += k;
    return k;
}

static void *read_piece(void *arg)
{
    struct piece *p = arg;
    cookie_io_functions_t io = {.read = piece_read};
    FILE *fp = fopencookie(p, "r", io);
    ssp_error e;
    ssp_csv *in = fp ? ssp_csv_open_stream(fp, p->name, NULL, &e) : NULL;
    if (!in)
        die(SSP_EINTERNAL, "%s: cannot read a piece of it", p->name);
    read_stream(&p->run, in);
    fclose(fp);
    return NULL;
}

/* Whether run b holds a primary key that run a holds too: a row in both,
 * which adding b to a would count twice. */
static int overlap(const struct run *a, const struct run *b)
{
    for (size_t i = 0; i < b->keys.n && a->keys.n; i++) {
        size_t len, j;
        const char *key = ssp_strmap_key(&b->keys, i, &len);
        if (!ssp_strmap_get(&a->keys, key, len, &j))
            continue;
        const struct cell *x = &b->cells[i], *c = &a->cells[j];
        if (x->food & c->food)
            return 1;
        for (int w = 0; w < 2; w++)
            for (int k = 0; x->mins[w] && c->mins[w] && k < DAY_WORDS; k++)
                if (x->mins[w][k] & c->mins[w][k])
                    return 1;
    }
    for (size_t i = 0; i < b->seen.n && a->seen.n; i++) {
        size_t len;
        const char *key = ssp_strmap_key(&b->seen, i, &len);
        if (ssp_strmap_get(&a->seen, key, len, NULL))
            return 1;
    }
    return 0;
}

/* Free what a run holds. */
static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->keys.n; i++) {
        free(r->cells[i].times);
        free(r->cells[i].mins[0]);
        free(r->cells[i].mins[1]);
    }
    free(r->cells);
    for (size_t i = 0; i < r->nev; i++)
        free(r->events[i]);
    free(r->events);
    ssp_strmap_destroy(&r->keys);
    ssp_strmap_destroy(&r->seen);
    free(r->seen_cell);
    free(r->last_key);
    free(r->kbuf);
    for (int k = 0; k < 3; k++)
        free(r->quoted[k]);
    free(r->seen_head);
    free(r->seen_next);
    memset(r, 0, sizeof *r);
}

/* Add run b's subject-days, keys seen and events into run a (which must
 * not overlap it), and free b. */
static void combine(struct run *a, struct run *b)
{
    size_t *cell_in_a = malloc((b->keys.n + 1) * sizeof *cell_in_a);
    if (!cell_in_a)
        tool_oom();
    for (size_t i = 0; i < b->keys.n; i++) {
        size_t len;
        const char *key = ssp_strmap_key(&b->keys, i, &len);
        struct cell *x = &b->cells[i];
        struct cell *c = cell_of(a, key, key + strlen(key) + 1);
        cell_in_a[i] = (size_t)(c - a->cells);
        c->present |= x->present;
        c->meals |= x->meals;
        c->cats |= x->cats;
        c->food |= x->food;
        for (int m = 0; m < NM; m++)
            if (__builtin_add_overflow(c->v[m], x->v[m], &c->v[m]))
                die(SSP_EDATA, "%s, %s: the sum of %s does not fit", key,
                    key + strlen(key) + 1, metric_names[m]);
        for (unsigned k = 0; k < NCAT; k++) {
            c->served[k] += x->served[k]; /* parts of sums that fit */
            c->left[k] += x->left[k];
        }
        for (size_t t = 0; t < x->nt; t++)
            add_time(c, x->times[t]);
        for (int w = 0; w < 2; w++) {
            if (!c->mins[w]) {
                c->mins[w] = x->mins[w];
                x->mins[w] = NULL;
            }
            for (int k = 0; x->mins[w] && k < DAY_WORDS; k++)
                c->mins[w][k] |= x->mins[w][k];
        }
    }
    for (size_t i = 0; i < b->seen.n; i++) {
        size_t len;
        const char *key = ssp_strmap_key(&b->seen, i, &len);
        char *k = ssp_grow(a->kbuf, &a->kcap, len, 1);
        if (!k)
            tool_oom();
        a->kbuf = k;
        memcpy(k, key, len);
        mark_seen(a, len, cell_in_a[b->seen_cell[i]]);
    }
    free(cell_in_a);
    if (b->nev) {
        char **e = ssp_grow(a->events, &a->capev, a->nev + b->nev, sizeof *e);
        if (!e)
            tool_oom();
        a->events = e;
        memcpy(e + a->nev, b->events, b->nev * sizeof *e);
        a->nev += b->nev;
        b->nev = 0;
    }
    a->rows += b->rows;
    a->dups += b->dups;
    run_free(b);
}

/* Add the runs of the pieces of a log, p[k].run at stride bytes, into r,
 * when no row of one is in another or in r; else free them and return 0
 * (the log is to be read again in one pass, where a repeated row is seen
 * as it comes; r is then as it was). */
static int combine_pieces(struct run *r, void *p, size_t stride, int pieces)
{
    /* one piece, or r empty: checked against r, and added to it, piece by
     * piece; else the pieces are put together first */
    int r_empty = !r->keys.n && !r->seen.n;
    struct run t = {0}, *into = pieces > 1 && !r_empty ? &t : r;
    unsigned long long rows = r->rows, dups = r->dups;
    int ok = 1;
    for (int k = 0; k < pieces; k++) {
        struct run *b = (struct run *)((char *)p + k * stride);
        if (ok && overlap(into, b))
            ok = 0;
        if (ok && !into->keys.n && !into->seen.n && !into->nev) {
            /* the first: taken as it is (its counts added) */
            unsigned long long n = into->rows, d = into->dups;
            run_free(into);
            *into = *b;
            memset(b, 0, sizeof *b);
            into->rows += n;
            into->dups += d;
            into->line0 = 0;
            into->path = NULL;
            into->piece_from = 0;
        } else if (ok) {
            combine(into, b);
        } else {
            run_free(b);
        }
    }
    if (ok && into == &t && overlap(r, &t))
        ok = 0;
    if (ok && into == &t) {
        combine(r, &t);
    } else if (!ok && (into == &t || r_empty)) {
        run_free(into); /* r as it was */
        r->rows = rows;
        r->dups = dups;
    }
    return ok;
}

/* Where a large log may be cut: after its header line and at the line
 * breaks next to the jobs-th parts, when it has no quote at all (so no
 * field holds a line break, and every line break ends a row) and no CR.
 * Fills cut[0..pieces]; returns the number of pieces (1: read it whole). */
static int cut_points(int fd, off_t size, int jobs, off_t *cut, char *header,
                      size_t *hlen)
{
    char buf[1 << 16];
    ssize_t n = pread(fd, header, 4095, 0);
    const char *nl = n > 0 ? memchr(header, '\n', (size_t)n) : NULL;
    if (!nl)
        return 1;
    *hlen = (size_t)(nl - header) + 1;
    for (off_t at = 0; (n = pread(fd, buf, sizeof buf, at)) > 0; at += n)
        if (memchr(buf, '"', (size_t)n) || memchr(buf, '\r', (size_t)n))
            return 1;
    cut[0] = (off_t)*hlen;
    int pieces = 1;
    for (int k = 1; k < jobs; k++) {
        off_t want = cut[0] + (size - cut[0]) / jobs * k;
        n = pread(fd, buf, sizeof buf, want);
        nl = n > 0 ? memchr(buf, '\n', (size_t)n) : NULL;
        if (!nl)
            break;
        off_t c = want + (nl - buf) + 1;
        if (c > cut[pieces - 1] && c < size)
            cut[pieces++] = c;
    }
    cut[pieces] = size;
    return pieces;
}

/* ---- the direct path: a plain log read without the CSV reader ----------- */

/* Most logs are plain enough for ssp_scan: their rows are taken with
 * take_row, as the reader's rows are taken; at anything it does not handle
 * (see ssp_scan) or a bad value it gives up, and the log is read again
 * through the reader, which reports errors with their exact line and
 * column. */

struct direct {
    _Alignas(128) int st; /* no cache line shared with another */
    size_t col[8];
    const char *name;
    struct run run;
};

/* A row of a piece. Returns 0 to give up. */
static int direct_row(void *state, const ssp_csv_field *fs, size_t n)
{
    struct direct *p = state;
    const char *s[8];
    (void)n;
    for (int k = 0; k < 8 && streams[p->st].cols[k]; k++)
        s[k] = fs[p->col[k]].s;
    if (++p->run.rows % (1u << 20) == 0)
        tool_progress(p->name, p->run.rows);
    const char *what;
    return take_row(&p->run, p->st, s, &what) < 0;
}

/* Read a log the direct way, in up to jobs pieces at once. Returns 1 when
 * it is read into r; 0 when it is to be read through the reader (r is
 * then as it was), in one pass when *one_pass is set (a row of a piece
 * was in another, or in r). */
static int read_direct(struct run *r, const char *path, int jobs, int *one_pass)
{
    struct direct p[16];
    ssp_error e;
    ssp_scan s;
    if (!strcmp(path, "-"))
        return 0;
    ssp_csv *in = ssp_csv_open(path, NULL, &e);
    int ok = in && (p[0].st = stream_of(in, p[0].col, &e)) >= 0 &&
             ssp_scan_open(&s, path, in, jobs);
    ssp_csv_close(in);
    if (!ok)
        return 0;
    for (int k = 0; k < s.pieces; k++) {
        p[k] = p[0];
        p[k].name = path;
        memset(&p[k].run, 0, sizeof p[k].run);
        ssp_strmap_init(&p[k].run.keys);
    }
    ok = ssp_scan_run(&s, direct_row, p, sizeof *p);
    tool_progress_end();
    ssp_scan_close(&s);
    if (!ok) {
        for (int k = 0; k < s.pieces; k++)
            run_free(&p[k].run);
        return 0;
    }
    if (!combine_pieces(r, &p[0].run, sizeof *p, s.pieces))
        *one_pass = 1;
    return !*one_pass;
}

/* Read a log, in jobs pieces at once when it is a large file that can be
 * cut at line breaks (see cut_points); the sums are whole numbers, so the
 * pieces add up to exactly what one pass gives. */
static void read_log(struct run *r, const char *path, int jobs)
{
    int one_pass = 0;
    if (read_direct(r, path, jobs, &one_pass))
        return;
    if (one_pass)
        jobs = 1;
    ssp_error e;
    int fd = strcmp(path, "-") ? open(path, O_RDONLY) : -1;
    struct stat st;
    off_t cut[18];
    struct piece *p = NULL;
    int pieces = 1;
    if (jobs > 16)
        jobs = 16;
    if (fd >= 0 && jobs > 1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size > (8 << 20)) {
        if (!(p = calloc((size_t)jobs, sizeof *p)))
            tool_oom();
        pieces = cut_points(fd, st.st_size, jobs, cut, p[0].header, &p[0].hlen);
    }
    if (pieces < 2) {
        free(p);
        if (fd >= 0)
            close(fd);
        ssp_csv *in = ssp_csv_open(path, NULL, &e);
        if (!in)
            die_error(&e);
        read_stream(r, in);
        return;
    }
    pthread_t th[16];
    for (int k = 0; k < pieces; k++) {
        memcpy(p[k].header, p[0].header, p[0].hlen);
        p[k].hlen = p[0].hlen;
        p[k].fd = fd;
        p[k].from = p[k].pos = cut[k];
        p[k].to = cut[k + 1];
        p[k].name = path;
        ssp_strmap_init(&p[k].run.keys);
        p[k].run.line0 = -1; /* counted only if an error needs it */
        p[k].run.path = path;
        p[k].run.piece_from = cut[k];
    }
    for (int k = 0; k < pieces; k++)
        if (pthread_create(&th[k], NULL, read_piece, &p[k]) != 0)
            die(SSP_EINTERNAL, "cannot start a thread");
    for (int k = 0; k < pieces; k++)
        pthread_join(th[k], NULL);
    int ok = combine_pieces(r, &p[0].run, sizeof *p, pieces);
    free(p);
    close(fd);
    if (!ok)
        read_log(r, path, 1);
}

/* ---- partial panels ---------------------------------------------------- */

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Minutes from each void to the first change after it that day; the
 * day's mean, in millionths. Returns 0 when no void is followed. */
static int void_to_change(const struct cell *c, long long *mean)
{
    long *v = malloc((c->nt + 1) * sizeof *v),
         *ch = malloc((c->nt + 1) * sizeof *ch);
    size_t nv = 0, nc = 0;
    if (!v || !ch)
        tool_oom();
    for (size_t i = 0; i < c->nt; i++) {
        if (c->times[i] >= 0)
            v[nv++] = c->times[i];
        else
            ch[nc++] = -1 - c->times[i];
    }
    qsort(v, nv, sizeof *v, cmp_long);
    qsort(ch, nc, sizeof *ch, cmp_long);
    long long sum = 0, n = 0;
    size_t j = 0;
    for (size_t i = 0; i < nv; i++) {
        while (j < nc && ch[j] <= v[i]) /* a change after the void */
            j++;
        if (j == nc)
            break;
        sum += ch[j] - v[i];
        n++;
    }
    free(v);
    free(ch);
    if (!n)
        return 0;
    /* the mean of seconds / 60, in millionths of a minute, rounded half
     * up: (sum * 1e6 / (60 n)), in whole numbers */
    *mean = (long long)(((__int128)2 * sum * MICRO + 60 * n) / (120 * n));
    return 1;
}

static const ssp_strmap *sort_keys;

static int cmp_key(const void *a, const void *b)
{
    size_t la, lb;
    const char *x = ssp_strmap_key(sort_keys, *(const size_t *)a, &la);
    const char *y = ssp_strmap_key(sort_keys, *(const size_t *)b, &lb);
    int c = memcmp(x, y, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Stage the output name of the dataset ds; dies on failure. */
static const char *stage(ssp_dataset *ds, const char *name)
{
    ssp_error e;
    const char *p = ssp_dataset_stage(ds, name, &e);
    if (!p)
        die_error(&e);
    return p;
}

static FILE *open_out(ssp_atomic *a, ssp_dataset *ds, const char *name)
{
    ssp_error e;
    if (ssp_atomic_open(a, stage(ds, name), 0, &e) != SSP_OK)
        die_error(&e);
    return a->fp;
}

static void commit(ssp_atomic *a)
{
    ssp_error e;
    if (ssp_atomic_commit(a, &e) != SSP_OK)
        die_error(&e);
}

/* The primary keys of subject-day ci's rows, as panel-state.csv's field
 * "keys" (with the comma before it), so that --merge sees a row that two
 * partial panels both hold: ';'-separated, "v" and "b" then the vest's and
 * the band's minutes (hex words, bit i of word i / 64 minute i), "f" then
 * the meal x category bits (hex), "k" then another key's bytes (hex). */
static void put_keys(FILE *fp, struct run *r, size_t ci)
{
    if (!r->seen_head) { /* the keys of each subject-day, once */
        r->seen_head = malloc((r->keys.n + 1) * sizeof *r->seen_head);
        r->seen_next = malloc((r->seen.n + 1) * sizeof *r->seen_next);
        if (!r->seen_head || !r->seen_next)
            tool_oom();
        for (size_t i = 0; i < r->keys.n; i++)
            r->seen_head[i] = SIZE_MAX;
        for (size_t i = r->seen.n; i-- > 0;) {
            r->seen_next[i] = r->seen_head[r->seen_cell[i]];
            r->seen_head[r->seen_cell[i]] = i;
        }
    }
    const struct cell *c = &r->cells[ci];
    const char *sep = "";
    fputc(',', fp);
    for (int w = 0; w < 2; w++) {
        if (!c->mins[w])
            continue;
        fprintf(fp, "%s%c", sep, "vb"[w]);
        for (int k = 0; k < DAY_WORDS; k++)
            fprintf(fp, "%016llx", (unsigned long long)c->mins[w][k]);
        sep = ";";
    }
    if (c->food) {
        fprintf(fp, "%sf%x", sep, (unsigned)c->food);
        sep = ";";
    }
    for (size_t i = r->seen_head[ci]; i != SIZE_MAX; i = r->seen_next[i]) {
        size_t len;
        const unsigned char *key =
            (const unsigned char *)ssp_strmap_key(&r->seen, i, &len);
        fprintf(fp, "%sk", sep);
        for (size_t j = 0; j < len; j++)
            fprintf(fp, "%02x", key[j]);
        sep = ";";
    }
}

/* usage.csv, device_events.csv and panel-state.csv, staged in ds, in
 * sorted order: the same bytes whatever order the logs came in. */
static void write_panel(struct run *r, ssp_dataset *ds)
{
    size_t n = r->keys.n;
    size_t *order = malloc((n + 1) * sizeof *order);
    if (!order)
        tool_oom();
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_keys = &r->keys;
    if (n)
        qsort(order, n, sizeof *order, cmp_key);
    ssp_atomic u, s, ev;
    FILE *fu = open_out(&u, ds, "usage.csv");
    FILE *fs = open_out(&s, ds, "panel-state.csv");
    fputs("subject_id,date,metric,value\n", fu);
    fputs("subject_id,date,present,meal_bits", fs);
    for (int m = 0; m < NM; m++)
        fprintf(fs, ",%s", metric_names[m]);
    fputs(",categories", fs);
    for (unsigned k = 0; k < NCAT; k++)
        fprintf(fs, ",served_g.%s,leftover_g.%s", categories[k], categories[k]);
    fputs(",times,keys\n", fs);
    for (size_t k = 0; k < n; k++) {
        size_t len;
        const char *key = ssp_strmap_key(&r->keys, order[k], &len);
        const char *subject = key, *date = key + strlen(key) + 1;
        struct cell *c = &r->cells[order[k]];
        long long v2c;
        if (c->nt && void_to_change(c, &v2c)) {
            c->v[M_V2C] = v2c;
            c->present |= 1u << M_V2C;
        }
        for (int m = 0; m < NM; m++) {
            if (!(c->present & 1u << m))
                continue;
            fprintf(fu, "%s,%s,%s,", subject, date, metric_names[m]);
            if (m == M_MEALS)
                fprintf(fu, "%d", __builtin_popcount(c->meals));
            else if (m == M_EXERCISE || m == M_DISTANCE || m == M_SERVED ||
                     m == M_LEFTOVER || m == M_KCAL || m == M_TRAINING ||
                     m == M_V2C)
                put_micro(fu, c->v[m]);
            else
                fprintf(fu, "%lld", c->v[m]);
            fputc('\n', fu);
        }
        for (int half = 0; half < 2; half++)
            for (unsigned q = 0; q < NCAT; q++) {
                if (!(c->cats & 1u << q))
                    continue;
                fprintf(fu, "%s,%s,%s.%s,", subject, date,
                        half ? "leftover_g" : "served_g", categories[q]);
                put_micro(fu, half ? c->left[q] : c->served[q]);
                fputc('\n', fu);
            }
        fprintf(fs, "%s,%s,%u,%u", subject, date, c->present & ~(1u << M_V2C),
                c->meals);
        for (int m = 0; m < NM; m++)
            fprintf(fs, ",%lld", m == M_V2C ? 0 : c->v[m]);
        fprintf(fs, ",%u", c->cats);
        for (unsigned q = 0; q < NCAT; q++)
            fprintf(fs, ",%lld,%lld", c->served[q], c->left[q]);
        fputc(',', fs);
        for (size_t i = 0; i < c->nt; i++)
            fprintf(fs, "%s%ld", i ? ";" : "", c->times[i]);
        put_keys(fs, r, order[k]);
        fputc('\n', fs);
    }
    if (r->nev)
        qsort(r->events, r->nev, sizeof *r->events, cmp_str);
    FILE *fe = open_out(&ev, ds, "device_events.csv");
    fputs("event_id,subject_id,kind,raised_at,acknowledged_at,resolved_at,"
          "outcome,staff_minutes\n",
          fe);
    for (size_t i = 0; i < r->nev; i++)
        fprintf(fe, "%s\n", r->events[i]);
    commit(&u);
    commit(&s);
    commit(&ev);
    free(order);
}

/* The value of a hex digit, -1 if it is none. */
static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* Add the keys of a panel-state.csv field "keys" (see put_keys) to
 * subject-day c (index ci) of r. Returns 1; 0 when one was there
 * already; -1 when the field is not one. */
static int take_keys(struct run *r, struct cell *c, size_t ci, const char *s)
{
    int fresh = 1;
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, ";");
        if (n > 1 && (*p == 'v' || *p == 'b') && n == 1 + 16 * DAY_WORDS) {
            int w = *p == 'b';
            if (!c->mins[w] &&
                !(c->mins[w] = calloc(DAY_WORDS, sizeof(uint64_t))))
                tool_oom();
            for (int k = 0; k < DAY_WORDS; k++) {
                uint64_t x = 0;
                for (int d = 0; d < 16; d++) {
                    int h = hex(p[1 + 16 * k + d]);
                    if (h < 0)
                        goto bad;
                    x = x << 4 | (uint64_t)h;
                }
                fresh &= !(c->mins[w][k] & x);
                c->mins[w][k] |= x;
            }
        } else if (*p == 'f' && n > 1 && n <= 9) {
            uint32_t x = 0;
            for (size_t d = 1; d < n; d++) {
                int h = hex(p[d]);
                if (h < 0)
                    goto bad;
                x = x << 4 | (uint32_t)h;
            }
            fresh &= !(c->food & x);
            c->food |= x;
        } else if (*p == 'k' && n > 1 && n % 2) {
            char *k = ssp_grow(r->kbuf, &r->kcap, n / 2, 1);
            if (!k)
                tool_oom();
            r->kbuf = k;
            for (size_t d = 0; d < n / 2; d++) {
                int h1 = hex(p[1 + 2 * d]), h2 = hex(p[2 + 2 * d]);
                if (h1 < 0 || h2 < 0)
                    goto bad;
                k[d] = (char)(h1 << 4 | h2);
            }
            fresh &= !mark_seen(r, n / 2, ci);
        } else {
            goto bad;
        }
        p += n + (p[n] == ';');
    }
    return fresh;
bad:
    return -1;
}

/* Add a partial panel (a folder written by ssp panel). */
/* dir/name into path (n bytes); a name that does not fit is an error,
 * never a name cut short. */
static void path_in(char *path, size_t n, const char *dir, const char *name)
{
    if ((size_t)snprintf(path, n, "%s/%s", dir, name) >= n)
        die(SSP_EUSAGE, "%.40s...: a folder name too long", dir);
}

static void read_partial(struct run *r, const char *dir)
{
    char path[4200];
    ssp_error e;
    path_in(path, sizeof path, dir, "panel-state.csv");
    ssp_csv *in = ssp_csv_open(path, NULL, &e);
    if (!in)
        die_error(&e);
    ssp_csv_record rec;
    int rc;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        if (rec.n != 4 + NM + 1 + 2 * NCAT + 2)
            die(SSP_EDATA, "%s:%ld: not a panel state row (of %d fields)", path,
                rec.line, 4 + NM + 1 + 2 * NCAT + 2);
        const ssp_csv_field *f = rec.f;
        if (!is_subject(f[0].s) || !is_date(f[1].s) || f[1].s[10])
            die(SSP_EDATA, "%s:%ld: not a subject id and a date", path,
                rec.line);
        long long x[4 + NM + 1 + 2 * NCAT];
        for (int k = 2; k < 4 + NM + 1 + 2 * NCAT; k++) {
            char *end;
            errno = 0;
            x[k] = strtoll(f[k].s, &end, 10);
            if (!*f[k].s || *end || errno || x[k] < 0 ||
                (k == 2 && x[k] >= 1LL << NM) || (k == 3 && x[k] >= 1 << 4) ||
                (k == 4 + NM && x[k] >= 1 << NCAT))
                die(SSP_EDATA,
                    "%s:%ld:%ld: '%.40s' is not a value of "
                    "panel state (a whole number of 0 or more)",
                    path, rec.line, f[k].col, f[k].s);
        }
        struct cell *c = cell_of(r, f[0].s, f[1].s);
        size_t ci = (size_t)(c - r->cells);
        c->present |= (unsigned)x[2];
        c->meals |= (unsigned)x[3];
        for (int m = 0; m < NM; m++)
            if (__builtin_add_overflow(c->v[m], x[4 + m], &c->v[m]))
                die(SSP_EDATA, "%s:%ld: %s, %s: the sum of %s does not fit",
                    path, rec.line, f[0].s, f[1].s, metric_names[m]);
        c->cats |= (unsigned)x[4 + NM];
        for (unsigned k = 0; k < NCAT; k++)
            if (__builtin_add_overflow(c->served[k], x[5 + NM + 2 * k],
                                       &c->served[k]) ||
                __builtin_add_overflow(c->left[k], x[6 + NM + 2 * k],
                                       &c->left[k]))
                die(SSP_EDATA, "%s:%ld: %s, %s: the sum of %s does not fit",
                    path, rec.line, f[0].s, f[1].s, categories[k]);
        for (const char *p = f[5 + NM + 2 * NCAT].s; *p;) {
            char *end;
            errno = 0;
            long t = strtol(p, &end, 10);
            if (end == p || errno || (*end && *end != ';') || t < -86400 ||
                t >= 86400)
                die(SSP_EDATA, "%s:%ld: '%.40s' is not a list of times", path,
                    rec.line, f[5 + NM + 2 * NCAT].s);
            add_time(c, t);
            p = *end ? end + 1 : end;
        }
        int fresh = take_keys(r, c, ci, f[6 + NM + 2 * NCAT].s);
        if (fresh < 0)
            die(SSP_EDATA, "%s:%ld: '%.40s' is not a list of keys", path,
                rec.line, f[6 + NM + 2 * NCAT].s);
        if (!fresh)
            die(SSP_EDATA,
                "%s:%ld: %s, %s: a log row that a partial panel "
                "before holds too: merged, it would count twice (cut the "
                "logs into shards that share no row, or panel them together)",
                path, rec.line, f[0].s, f[1].s);
    }
    if (rc < 0)
        die_error(&e);
    ssp_csv_close(in);
    /* Events: rows to be sorted with the others. */
    path_in(path, sizeof path, dir, "device_events.csv");
    FILE *fp = fopen(path, "r");
    if (!fp)
        die(SSP_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t k;
    for (long ln = 1; (k = getline(&line, &cap, fp)) > 0; ln++) {
        if (ln == 1)
            continue;
        line[strcspn(line, "\n")] = '\0';
        event_row(r, "%s", line);
    }
    free(line);
    fclose(fp);
}

/* A dataset's datapackage.json gets usage and device_events (the events
 * of the logs, with the fields of events: ingest's service events stay in
 * the events resource), staged in ds. */
static void add_to_package(const char *dir, ssp_dataset *ds)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/datapackage.json", dir);
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    json_error_t je;
    json_t *pkg = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!pkg && ssp_json_nomem(&je))
        tool_oom();
    json_t *res = json_object_get(pkg, "resources");
    if (!json_is_array(res))
        die(SSP_EUSAGE, "%s: not a Data Package", path);
    static const char *const tables[] = {"usage", "device_events"};
    static const char *const schemas[] = {"usage.schema.json",
                                          "events.schema.json"};
    for (int t = 0; t < 2; t++) {
        int have = 0;
        size_t i;
        json_t *x;
        json_array_foreach(res, i, x)
        {
            const char *n = json_string_value(json_object_get(x, "name"));
            have |= n && !strcmp(n, tables[t]);
        }
        if (have)
            continue;
        char p[64];
        snprintf(p, sizeof p, "%s.csv", tables[t]);
        if (json_array_append_new(
                res, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", tables[t],
                               "path", p, "format", "csv", "encoding", "utf-8",
                               "schema", schemas[t])))
            tool_oom();
    }
    ssp_atomic a;
    ssp_error e;
    if (ssp_atomic_open(&a, stage(ds, "datapackage.json"), 0, &e) != SSP_OK)
        die_error(&e);
    if (ssp_json_failed() || /* the document is not whole */
        (json_dumpf(pkg, a.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) &&
         !ferror(a.fp))) /* a write error shows at the commit */
        tool_oom();
    fputc('\n', a.fp);
    commit(&a);
    json_decref(pkg);
}

/* The folder of the run, for the exit of a failed one: die() exits, and
 * what it staged must go with it (atexit takes no argument). */
static ssp_dataset *open_dataset;

static void close_dataset(void)
{
    ssp_dataset_close(open_dataset);
    open_dataset = NULL;
}

static void on_wait(void *ctx, const char *dir)
{
    (void)ctx;
    warnx("%s: another run is changing this folder; waiting for it to "
          "finish",
          dir);
}

int main_panel(int argc, char **argv)
{
    struct run r = {0};
    const char *dir = ".";
    int merge = 0, c;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = ncpu > 1 ? (ncpu > 16 ? 16 : (int)ncpu) : 1;
    while ((c = getopt_long(argc, argv, "o:j:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case OPT_MERGE: merge = 1; break;
        case 'j':
            jobs = (int)tool_whole("--jobs", optarg);
            if (jobs < 1)
                jobs = 1;
            break;
        case 'q': tool_quiet(1); break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp panel %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error(merge ? "give the partial panels to merge"
                          : "give the device logs");
    /* The folder, locked for the run (created if need be). */
    ssp_error e;
    ssp_dataset *ds = ssp_dataset_open(dir, on_wait, NULL, &e);
    if (!ds)
        die_error(&e);
    open_dataset = ds;
    atexit(close_dataset);
    if (ssp_dataset_recovered(ds) == SSP_DATASET_REPLAYED)
        warnx("%s: finished the change an interrupted run had committed", dir);
    else if (ssp_dataset_recovered(ds) == SSP_DATASET_ROLLED_BACK)
        warnx("%s: removed the unfinished files of an interrupted run (the "
              "folder is as it was before it)",
              dir);
    ssp_strmap_init(&r.keys);
    for (int i = optind; i < argc; i++)
        merge ? read_partial(&r, argv[i]) : read_log(&r, argv[i], jobs);
    /* Our own resources only, replaced together: events.csv is ingest's;
     * the unregistered panel-events.csv of earlier versions goes. */
    write_panel(&r, ds);
    add_to_package(dir, ds);
    if (ssp_dataset_remove(ds, "panel-events.csv", &e) != SSP_OK ||
        ssp_dataset_commit(ds, &e) != SSP_OK)
        die_error(&e);
    close_dataset();
    warnx("%llu log row%s read: %llu taken, %llu duplicate%s; %zu "
          "subject-days, %zu events",
          r.rows, r.rows == 1 ? "" : "s", r.rows - r.dups, r.dups,
          r.dups == 1 ? "" : "s", r.keys.n, r.nev);
    run_free(&r);
    return tool_finish(SSP_OK);
}
