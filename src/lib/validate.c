/* validate.c: Table Schema validation of a stream of rows. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ssp/num.h"
#include "ssp/validate.h"

/* The primary keys seen: a set of byte strings as ssp_strmap, but its
 * hash is taken apart from the insertion, so that the slot a row's key
 * goes to can be fetched into the cache while the row's other cells are
 * checked (with millions of keys, nearly every probe misses the cache). */
struct pkslot {
    uint64_t hash;
    size_t idx; /* key index + 1; 0 is an empty slot */
};

struct pkmap {
    char *keys; /* all keys, back to back */
    size_t keylen, keycap;
    size_t *off; /* start of key i; off[n] is keylen */
    size_t n, capoff;
    struct pkslot *slots; /* open addressing, linear probing */
    size_t nslots;
};

static void pk_prefetch(const struct pkmap *m, uint64_t hv)
{
    if (m->nslots)
        __builtin_prefetch(&m->slots[hv & (m->nslots - 1)], 1);
}

/* Slot tables of 2 MiB and more are mapped in huge pages where the
 * system allows it: a probe then rarely misses the TLB as well. */
#define PK_BIG (2u << 20)

static void *pk_slots_alloc(size_t bytes)
{
    if (bytes < PK_BIG)
        return calloc(1, bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

static void pk_slots_free(void *s, size_t bytes)
{
    if (bytes < PK_BIG)
        free(s);
    else if (s)
        munmap(s, bytes);
}

static int pk_grow_slots(struct pkmap *m)
{
    size_t n = m->nslots ? 2 * m->nslots : 64;
    struct pkslot *s = pk_slots_alloc(n * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].idx)
            continue;
        size_t h = m->slots[i].hash & (n - 1);
        while (s[h].idx)
            h = (h + 1) & (n - 1);
        s[h] = m->slots[i];
    }
    pk_slots_free(m->slots, m->nslots * sizeof *m->slots);
    m->slots = s;
    m->nslots = n;
    return 0;
}

/* Find key (of hash hv) or add it; *idx its index, *added whether new.
 * Returns -1 when memory runs out (the map unchanged). */
static int pk_put(struct pkmap *m, const char *key, size_t len, uint64_t hv,
                  size_t *idx, int *added)
{
    if (2 * (m->n + 1) > m->nslots && pk_grow_slots(m) < 0)
        return -1;
    size_t mask = m->nslots - 1, h = hv & mask;
    for (; m->slots[h].idx; h = (h + 1) & mask) {
        size_t i = m->slots[h].idx - 1;
        if (m->slots[h].hash == hv && m->off[i + 1] - m->off[i] == len &&
            !memcmp(m->keys + m->off[i], key, len)) {
            *idx = i;
            *added = 0;
            return 0;
        }
    }
    char *k = ssp_grow(m->keys, &m->keycap, m->keylen + len + 1, 1);
    if (!k)
        return -1;
    m->keys = k;
    size_t *o = ssp_grow(m->off, &m->capoff, m->n + 2, sizeof *o);
    if (!o)
        return -1;
    m->off = o;
    memcpy(m->keys + m->keylen, key, len);
    m->off[m->n] = m->keylen;
    m->keylen += len;
    m->off[m->n + 1] = m->keylen;
    m->slots[h] = (struct pkslot){hv, ++m->n};
    *idx = m->n - 1;
    *added = 1;
    return 0;
}

static void pk_free(struct pkmap *m)
{
    free(m->keys);
    free(m->off);
    pk_slots_free(m->slots, m->nslots * sizeof *m->slots);
}

/* The primary keys seen, compact, where each part of the key is text
 * (given a number of 4 bytes in a dictionary of the texts seen) or a
 * number (its 8 bytes) and the parts come to 12 bytes or fewer: a device
 * log's (subject_id, ts) is then a key of 12 bytes, in a slot of 16 with
 * the row that had it. The table grows by half when three quarters are
 * taken, so a key takes 21 to 32 bytes, where the general map above
 * takes about 90. When the texts hardly repeat (the dictionary would hold
 * nearly a text a row), or rows pass 2^32, the keys move to that map. */
#define FX_KEY 12

struct fxslot {
    unsigned char key[FX_KEY];
    uint32_t row; /* the row + 1; 0: an empty slot */
};

struct pkfix {
    int on;
    size_t parts[8]; /* bytes of each part: 4 (text) or 8 (a number) */
    struct fxslot *slots;
    size_t nslots, n;
    ssp_strmap dict; /* the texts of the key */
};

/* The slot of hash hv: the hash's top bits scaled to the table. */
static size_t fx_home(const struct pkfix *m, uint64_t hv)
{
    return (size_t)(((unsigned __int128)hv * m->nslots) >> 64);
}

static uint64_t fx_hash(const unsigned char *key)
{
    return ssp_strmap_hash((const char *)key, FX_KEY);
}

static int fx_resize(struct pkfix *m, size_t n)
{
    struct fxslot *s = pk_slots_alloc(n * sizeof *s);
    if (!s)
        return -1;
    struct pkfix t = *m;
    t.slots = s;
    t.nslots = n;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].row)
            continue;
        size_t h = fx_home(&t, fx_hash(m->slots[i].key));
        while (s[h].row)
            h = h + 1 == n ? 0 : h + 1;
        s[h] = m->slots[i];
    }
    pk_slots_free(m->slots, m->nslots * sizeof *m->slots);
    m->slots = s;
    m->nslots = n;
    return 0;
}

/* Find key (of hash hv) or add it with row; *first the row that had it
 * first. Returns 1 when added, 0 when seen, -1 when memory runs out. */
static int fx_put(struct pkfix *m, const unsigned char *key, uint64_t hv,
                  uint32_t row, long *first)
{
    if (4 * (m->n + 1) > 3 * m->nslots &&
        fx_resize(m, m->nslots ? m->nslots + m->nslots / 2 : 1024) < 0)
        return -1;
    size_t h = fx_home(m, hv);
    for (; m->slots[h].row; h = h + 1 == m->nslots ? 0 : h + 1)
        if (!memcmp(m->slots[h].key, key, FX_KEY)) {
            *first = (long)m->slots[h].row - 1;
            return 0;
        }
    memcpy(m->slots[h].key, key, FX_KEY);
    m->slots[h].row = row + 1;
    m->n++;
    return 1;
}

static void fx_free(struct pkfix *m)
{
    pk_slots_free(m->slots, m->nslots * sizeof *m->slots);
    ssp_strmap_destroy(&m->dict);
    m->slots = NULL;
    m->nslots = m->n = 0;
    m->on = 0;
}

struct ssp_vtable {
    const ssp_schema *s;
    ssp_keyset **exports;
    size_t nexports;
    size_t **export_idx; /* field indexes of each export */
    ssp_keyset **imports;
    ssp_verr_fn fn;
    void *ctx;
    const char *file;
    size_t *col_of;     /* field -> column, (size_t)-1 when absent */
    size_t ncols;       /* columns in the header */
    int *col_field_ok;  /* column -> 1 when it maps to a field */
    ssp_strmap *unique; /* per field with unique */
    struct pkmap pk;
    struct pkfix fx;
    unsigned char fx_key[FX_KEY]; /* this row's key, when fx.on */
    size_t pk_last;               /* the last field of the primary key */
    const char *pk_key;           /* this row's primary key (in buf), or NULL */
    size_t pk_len;
    uint64_t pk_hv;
    ssp_strmap *uniq; /* per unique key */
    long *pk_row;     /* row of each primary key, for messages */
    size_t cap_pk_row;
    /* per row */
    const char **canon; /* canonical text of each field's value, or NULL */
    size_t *canon_len;
    char (*num)[sizeof(double)]; /* the bytes of values canon points to */
    char *buf;
    size_t cap;
    int row_bad;
    int oom;              /* memory ran out making a key */
    char *in_key;         /* per field: part of a key, unique or exported */
    struct memo *memo;    /* per field: the last cell checked and passed */
    size_t pk_only_field; /* a unique field that is the whole primary key */
};

/* The last cell of a field that passed, and what ssp_cell_check made of
 * it: a log's subject_id is the same for many rows in a row, and its
 * pattern is the dearest check of all. */
struct memo {
    char *s;
    size_t len, cap;
    double val;
    ssp_cell rc; /* SSP_CELL_OK or SSP_CELL_NULL */
    int have;
};

static void report(ssp_vtable *v, const char *type, long line, long col,
                   long row, size_t field, const char *value, const char *fmt,
                   ...) SSP_PRINTF(8, 9);

/* ssp_cell_check, which depends on the field and the text alone, once for
 * a run of equal cells. */
static ssp_cell check_cell(struct memo *m, const ssp_sfield *f,
                           const ssp_csv_field *c, double *val, char *msg,
                           size_t msgsz)
{
    if (m->have && m->len == c->len && !memcmp(m->s, c->s, c->len)) {
        *val = m->val;
        return m->rc;
    }
    ssp_cell rc = ssp_cell_check(f, c->s, c->len, val, msg, msgsz);
    m->have = 0;
    if (rc == SSP_CELL_OK || rc == SSP_CELL_NULL) {
        char *b = ssp_grow(m->s, &m->cap, c->len + 1, 1);
        if (b) { /* else nothing is kept: no harm */
            memcpy(b, c->s, c->len);
            *m = (struct memo){b, c->len, m->cap, *val, rc, 1};
        }
    }
    return rc;
}

static void report(ssp_vtable *v, const char *type, long line, long col,
                   long row, size_t field, const char *value, const char *fmt,
                   ...)
{
    ssp_verr e = {type, line, col, row, NULL, 0, value, ""};
    if (field != (size_t)-1) {
        e.field = v->s->fields[field].name;
        e.field_no = v->col_of[field] == (size_t)-1 ? 0 : v->col_of[field] + 1;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    v->fn(v->ctx, &e);
}

ssp_vtable *ssp_vtable_new(const ssp_schema *s, ssp_keyset **exports,
                           size_t nexports, ssp_keyset **imports,
                           ssp_verr_fn fn, void *ctx)
{
    ssp_vtable *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->s = s;
    v->exports = exports;
    v->nexports = nexports;
    v->imports = imports;
    v->fn = fn;
    v->ctx = ctx;
    size_t n = s->nfields;
    v->col_of = malloc(n * sizeof *v->col_of);
    v->unique = calloc(n, sizeof *v->unique);
    v->uniq = calloc(s->nuniq + 1, sizeof *v->uniq);
    v->canon = calloc(n, sizeof *v->canon);
    v->canon_len = calloc(n, sizeof *v->canon_len);
    v->num = calloc(n, sizeof *v->num);
    v->in_key = calloc(n + 1, 1);
    v->memo = calloc(n + 1, sizeof *v->memo);
    v->export_idx = calloc(nexports + 1, sizeof *v->export_idx);
    if (!v->col_of || !v->unique || !v->uniq || !v->canon || !v->canon_len ||
        !v->num || !v->in_key || !v->memo || !v->export_idx) {
        ssp_vtable_free(v);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v->col_of[i] = i;
    for (size_t i = 0; i < n; i++)
        v->in_key[i] = (char)s->fields[i].unique;
    for (size_t i = 0; i < s->pk.n; i++)
        v->in_key[s->pk.f[i]] = 1;
    for (size_t u = 0; u < s->nuniq; u++)
        for (size_t i = 0; i < s->uniq[u].n; i++)
            v->in_key[s->uniq[u].f[i]] = 1;
    for (size_t k = 0; k < s->nfks; k++)
        for (size_t i = 0; i < s->fks[k].fields.n; i++)
            v->in_key[s->fks[k].fields.f[i]] = 1;
    /* A one-field primary key is checked once, as primary-key. */
    v->pk_only_field = s->pk.n == 1 ? s->pk.f[0] : (size_t)-1;
    for (size_t i = 0; i < s->pk.n; i++)
        if (i == 0 || s->pk.f[i] > v->pk_last)
            v->pk_last = s->pk.f[i];
    /* The compact key map, where the parts come to FX_KEY bytes. */
    size_t width = 0;
    for (size_t i = 0; i < s->pk.n && i < 8; i++) {
        ssp_type t = s->fields[s->pk.f[i]].type;
        v->fx.parts[i] = t == SSP_T_STRING || t == SSP_T_DURATION ? 4 : 8;
        width += v->fx.parts[i];
    }
    v->fx.on = s->pk.n && s->pk.n <= 8 && width <= FX_KEY;
    for (size_t k = 0; k < nexports; k++) {
        ssp_strs *f = &exports[k]->fields;
        if (!(v->export_idx[k] = malloc((f->n + 1) * sizeof **v->export_idx))) {
            ssp_vtable_free(v);
            return NULL;
        }
        for (size_t i = 0; i < f->n; i++) {
            v->export_idx[k][i] = ssp_schema_field(s, f->v[i]);
            if (v->export_idx[k][i] != (size_t)-1)
                v->in_key[v->export_idx[k][i]] = 1;
        }
    }
    return v;
}

void ssp_vtable_free(ssp_vtable *v)
{
    if (!v)
        return;
    for (size_t i = 0; v->unique && i < v->s->nfields; i++)
        ssp_strmap_destroy(&v->unique[i]);
    for (size_t i = 0; v->uniq && i < v->s->nuniq; i++)
        ssp_strmap_destroy(&v->uniq[i]);
    for (size_t k = 0; v->export_idx && k < v->nexports; k++)
        free(v->export_idx[k]);
    pk_free(&v->pk);
    fx_free(&v->fx);
    free(v->export_idx);
    free(v->unique);
    free(v->uniq);
    free(v->col_of);
    free(v->col_field_ok);
    free(v->canon);
    free(v->canon_len);
    free(v->num);
    free(v->in_key);
    for (size_t i = 0; v->memo && i < v->s->nfields; i++)
        free(v->memo[i].s);
    free(v->memo);
    free(v->pk_row);
    free(v->buf);
    free(v);
}

int ssp_vtable_header(ssp_vtable *v, const ssp_csv_record *h, const char *file)
{
    const ssp_schema *s = v->s;
    v->file = file;
    v->ncols = h->n;
    free(v->col_field_ok);
    if (!(v->col_field_ok = calloc(h->n + 1, sizeof *v->col_field_ok)))
        return -1;
    for (size_t i = 0; i < s->nfields; i++)
        v->col_of[i] = (size_t)-1;
    /* Labels: blank and duplicate ones first, whatever the match mode;
     * the labels seen in a hash set (first_col: the column of each), so
     * that a header of n columns takes O(n). */
    ssp_strmap seen;
    ssp_strmap_init(&seen);
    size_t *first_col = malloc((h->n + 1) * sizeof *first_col);
    if (!first_col)
        return -1;
    for (size_t c = 0; c < h->n; c++) {
        const ssp_csv_field *f = &h->f[c];
        size_t idx;
        int added;
        if (!f->len) {
            report(v, "blank-label", f->line, f->col, 1, (size_t)-1, "",
                   "column %zu has a blank label", c + 1);
            continue;
        }
        /* Up to the NUL, as the labels are compared. */
        if (ssp_strmap_put(&seen, f->s, strlen(f->s), &idx, &added) != SSP_OK) {
            ssp_strmap_destroy(&seen);
            free(first_col);
            return -1;
        }
        if (added)
            first_col[idx] = c;
        else
            report(v, "duplicate-label", f->line, f->col, 1, (size_t)-1, f->s,
                   "label '%s' of column %zu repeats column %zu", f->s, c + 1,
                   first_col[idx] + 1);
    }
    ssp_strmap_destroy(&seen);
    free(first_col);
    long hl = h->line;
    if (s->match == SSP_MATCH_EXACT) {
        size_t n = h->n < s->nfields ? h->n : s->nfields;
        for (size_t c = 0; c < n; c++) {
            v->col_of[c] = c;
            v->col_field_ok[c] = 1;
            if (strcmp(h->f[c].s, s->fields[c].name) != 0)
                report(v, "incorrect-label", h->f[c].line, h->f[c].col, 1, c,
                       h->f[c].s,
                       "column %zu is labelled '%s' but the schema "
                       "has '%s' there",
                       c + 1, h->f[c].s, s->fields[c].name);
        }
        for (size_t c = n; c < h->n; c++)
            report(v, "extra-label", h->f[c].line, h->f[c].col, 1, (size_t)-1,
                   h->f[c].s, "column %zu '%s' is not in the schema", c + 1,
                   h->f[c].s);
        for (size_t i = n; i < s->nfields; i++)
            report(v, "missing-label", hl, 1, 1, i, NULL,
                   "field '%s' of the schema has no column", s->fields[i].name);
        return n > 0;
    }
    /* The other modes map columns to fields by name. */
    size_t mapped = 0;
    for (size_t c = 0; c < h->n; c++) {
        size_t i = ssp_schema_field(s, h->f[c].s);
        if (i != (size_t)-1 && v->col_of[i] == (size_t)-1) {
            v->col_of[i] = c;
            v->col_field_ok[c] = 1;
            mapped++;
        } else if (i == (size_t)-1 && (s->match == SSP_MATCH_EQUAL ||
                                       s->match == SSP_MATCH_SUPERSET)) {
            report(v, "extra-label", h->f[c].line, h->f[c].col, 1, (size_t)-1,
                   h->f[c].s, "column %zu '%s' is not in the schema", c + 1,
                   h->f[c].s);
        }
    }
    if (s->match == SSP_MATCH_EQUAL || s->match == SSP_MATCH_SUBSET)
        for (size_t i = 0; i < s->nfields; i++)
            if (v->col_of[i] == (size_t)-1)
                report(v, "missing-label", hl, 1, 1, i, NULL,
                       "field '%s' of the schema has no column",
                       s->fields[i].name);
    if (s->match == SSP_MATCH_PARTIAL && mapped == 0)
        report(v, "missing-label", hl, 1, 1, (size_t)-1, NULL,
               "not one column is named as a field of the schema");
    return mapped > 0;
}

/* The key of fields k in this row, or NULL when one of them is null (or
 * memory ran out: then v->oom is set, and the row fails with -1). */
static const char *row_key(ssp_vtable *v, const size_t *k, size_t n,
                           size_t *len)
{
    size_t need = 0;
    for (size_t i = 0; i < n; i++) {
        if (k[i] == (size_t)-1 || !v->canon[k[i]])
            return NULL;
        need += v->canon_len[k[i]] + 1;
    }
    char *b = ssp_grow(v->buf, &v->cap, need + 1, 1);
    if (!b) {
        v->oom = 1;
        return NULL;
    }
    v->buf = b;
    *len = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(b + *len, v->canon[k[i]], v->canon_len[k[i]]);
        *len += v->canon_len[k[i]];
        b[(*len)++] = '\0';
    }
    return b;
}

/* Move the compact keys to the general map. Returns -1 when memory runs
 * out. */
static int fx_move(ssp_vtable *v)
{
    struct pkfix *m = &v->fx;
    size_t need = 0; /* room for any key: every text at most all of them */
    for (size_t p = 0; p < v->s->pk.n; p++)
        need += (m->parts[p] == 4 ? m->dict.keylen : 8) + 1;
    char *b = ssp_grow(v->buf, &v->cap, need, 1);
    if (!b)
        return -1;
    v->buf = b;
    for (size_t i = 0; i < m->nslots; i++) {
        const struct fxslot *sl = &m->slots[i];
        if (!sl->row)
            continue;
        size_t len = 0, at = 0, idx, klen;
        for (size_t p = 0; p < v->s->pk.n; at += m->parts[p++]) {
            if (m->parts[p] == 4) {
                uint32_t id;
                memcpy(&id, sl->key + at, 4);
                const char *t = ssp_strmap_key(&m->dict, id, &klen);
                memcpy(b + len, t, klen);
                len += klen;
            } else {
                memcpy(b + len, sl->key + at, 8);
                len += 8;
            }
            b[len++] = '\0';
        }
        int added;
        if (pk_put(&v->pk, b, len, ssp_strmap_hash(b, len), &idx, &added) < 0)
            return -1;
        long *pr = ssp_grow(v->pk_row, &v->cap_pk_row, idx + 1, sizeof *pr);
        if (!pr)
            return -1;
        v->pk_row = pr;
        pr[idx] = (long)sl->row - 1;
    }
    fx_free(m);
    return 0;
}

/* The row's primary key, once its fields are read: its hash, and its slot
 * on the way into the cache. Returns -1 when memory runs out. */
static int pk_start(ssp_vtable *v, long row)
{
    struct pkfix *m = &v->fx;
    if (m->on &&
        (m->dict.n > m->n / 2 + 4096 || row < 0 ||
         row >= (long)UINT32_MAX - 1) &&
        fx_move(v) < 0)
        return -1;
    if (!m->on) {
        v->pk_key = row_key(v, v->s->pk.f, v->s->pk.n, &v->pk_len);
        if (v->pk_key) {
            v->pk_hv = ssp_strmap_hash(v->pk_key, v->pk_len);
            pk_prefetch(&v->pk, v->pk_hv);
        }
        return 0;
    }
    memset(v->fx_key, 0, FX_KEY);
    for (size_t p = 0, at = 0; p < v->s->pk.n; at += m->parts[p++]) {
        size_t f = v->s->pk.f[p], id;
        int added;
        if (!v->canon[f])
            return 0; /* a part is null: no key */
        if (m->parts[p] == 8) {
            memcpy(v->fx_key + at, v->canon[f], 8);
            continue;
        }
        if (ssp_strmap_put(&m->dict, v->canon[f], v->canon_len[f], &id,
                           &added) != SSP_OK)
            return -1;
        uint32_t id32 = (uint32_t)id;
        memcpy(v->fx_key + at, &id32, 4);
    }
    v->pk_key = (const char *)v->fx_key;
    v->pk_hv = fx_hash(v->fx_key);
    if (m->nslots)
        __builtin_prefetch(&m->slots[fx_home(m, v->pk_hv)], 1);
    return 0;
}

/* A key for a message: the cells of its fields, as written, joined with
 * commas. */
static const char *key_text(const ssp_vtable *v, const ssp_csv_record *r,
                            const size_t *k, size_t n, char *out, size_t sz)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < sz; i++) {
        size_t c = v->col_of[k[i]];
        o += (size_t)snprintf(out + o, sz - o, "%s%s", i ? "," : "",
                              c < r->n ? r->f[c].s : "");
    }
    return out;
}

/* A value for a message: line breaks and tabs escaped, long ones cut. */
static const char *show(const char *s, char *out, size_t sz)
{
    size_t o = 0;
    for (; *s && o + 6 < sz; s++) {
        const char *esc = *s == '\n'   ? "\\n"
                          : *s == '\r' ? "\\r"
                          : *s == '\t' ? "\\t"
                                       : NULL;
        if (esc) {
            memcpy(out + o, esc, 2);
            o += 2;
        } else {
            out[o++] = *s;
        }
    }
    if (*s) {
        while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--; /* do not cut a character in two */
        if (o && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
            o--;
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* The cell of field i in row r (for positions in messages). */
static const ssp_csv_field *cell_of(const ssp_vtable *v,
                                    const ssp_csv_record *r, size_t i)
{
    size_t c = v->col_of[i];
    return c < r->n ? &r->f[c] : &r->f[0];
}

/* ssp:instrumentRanges: the score within its instrument's range. */
static int check_range(ssp_vtable *v, const ssp_csv_record *r, long row)
{
    const ssp_ranges *rg = v->s->ranges;
    size_t kc = v->col_of[rg->key], vc = v->col_of[rg->value];
    if (kc >= r->n || vc >= r->n)
        return 0;
    const ssp_csv_field *kf = &r->f[kc], *vf = &r->f[vc];
    double x;
    if (!ssp_parse_double(vf->s, vf->len, &x))
        return 0; /* missing, or already a type error */
    for (size_t i = 0; i < rg->n; i++) {
        const ssp_range *e = &rg->r[i];
        if (strcmp(e->code, kf->s))
            continue;
        const char *why = NULL;
        char bound[SSP_NUM_BUFSZ] = "";
        if (!isnan(e->min) && (e->min_excl ? !(x > e->min) : !(x >= e->min)))
            why = "is below the least score", ssp_fmt_double(e->min, bound);
        else if (!isnan(e->max) && !(x <= e->max))
            why = "is above the greatest score", ssp_fmt_double(e->max, bound);
        else if (e->integer && x != floor(x))
            why = "is not a whole number, as the scores are";
        if (!why)
            return 0;
        report(v, "constraint-error", vf->line, vf->col, row, rg->value, vf->s,
               "field '%s': '%s' %s%s%s of %s (%s)",
               v->s->fields[rg->value].name, vf->s, why, *bound ? " " : "",
               bound, e->code, rg->catalogue);
        return 1;
    }
    return 0;
}

/* Unique fields, primary key, unique keys, foreign keys. Sets row_bad. */
static int check_keys(ssp_vtable *v, const ssp_csv_record *r, long row)
{
    const ssp_schema *s = v->s;
    char text[300];
    size_t len, idx;
    int added;
    const char *key;
    v->row_bad = 0;
    for (size_t i = 0; i < s->nfields; i++) {
        if (!s->fields[i].unique || !v->canon[i] || v->pk_only_field == i)
            continue;
        if (ssp_strmap_put(&v->unique[i], v->canon[i], v->canon_len[i], &idx,
                           &added) != SSP_OK)
            return -1;
        if (!added) {
            const ssp_csv_field *c = cell_of(v, r, i);
            char shown[100];
            report(v, "unique-error", c->line, c->col, row, i, c->s,
                   "field '%s': '%s' is not unique", s->fields[i].name,
                   show(c->s, shown, sizeof shown));
            v->row_bad = 1;
        }
    }
    if (s->pk.n && (key = v->pk_key) && v->fx.on) {
        long first;
        int rc = fx_put(&v->fx, v->fx_key, v->pk_hv, (uint32_t)row, &first);
        if (rc < 0)
            return -1;
        if (!rc) {
            const ssp_csv_field *c = cell_of(v, r, s->pk.f[0]);
            report(v, "primary-key", c->line, c->col, row, s->pk.f[0], c->s,
                   "primary key (%s) repeats row %ld",
                   key_text(v, r, s->pk.f, s->pk.n, text, sizeof text), first);
            v->row_bad = 1;
        }
    } else if (s->pk.n && (key = v->pk_key)) {
        if (pk_put(&v->pk, key, v->pk_len, v->pk_hv, &idx, &added) < 0)
            return -1;
        if (added) {
            long *pr = ssp_grow(v->pk_row, &v->cap_pk_row, idx + 1, sizeof *pr);
            if (!pr)
                return -1;
            v->pk_row = pr;
            pr[idx] = row;
        } else {
            const ssp_csv_field *c = cell_of(v, r, s->pk.f[0]);
            report(v, "primary-key", c->line, c->col, row, s->pk.f[0], c->s,
                   "primary key (%s) repeats row %ld",
                   key_text(v, r, s->pk.f, s->pk.n, text, sizeof text),
                   v->pk_row[idx]);
            v->row_bad = 1;
        }
    }
    for (size_t u = 0; u < s->nuniq; u++) {
        if (!(key = row_key(v, s->uniq[u].f, s->uniq[u].n, &len)))
            continue;
        if (ssp_strmap_put(&v->uniq[u], key, len, &idx, &added) != SSP_OK)
            return -1;
        if (!added) {
            const ssp_csv_field *c = cell_of(v, r, s->uniq[u].f[0]);
            report(
                v, "unique-error", c->line, c->col, row, s->uniq[u].f[0], c->s,
                "unique key (%s) is not unique",
                key_text(v, r, s->uniq[u].f, s->uniq[u].n, text, sizeof text));
            v->row_bad = 1;
        }
    }
    for (size_t k = 0; k < s->nfks; k++) {
        const ssp_fkey *fk = &s->fks[k];
        if (!v->imports || !v->imports[k] ||
            !(key = row_key(v, fk->fields.f, fk->fields.n, &len)))
            continue;
        if (!ssp_strmap_get(&v->imports[k]->keys, key, len, NULL)) {
            const ssp_csv_field *c = cell_of(v, r, fk->fields.f[0]);
            report(
                v, "foreign-key", c->line, c->col, row, fk->fields.f[0], c->s,
                "(%s) matches no accepted row of %s (%s%s)",
                key_text(v, r, fk->fields.f, fk->fields.n, text, sizeof text),
                fk->resource, fk->ref_fields.v[0],
                fk->ref_fields.n > 1 ? ", ..." : "");
            v->row_bad = 1;
        }
    }
    return 0;
}

int ssp_vtable_expect(ssp_vtable *v, size_t rows)
{
    size_t want = (v->fx.n + rows) / 3 * 4 + 1024; /* three quarters */
    if (!v->fx.on || want <= v->fx.nslots || rows > ((size_t)-1) / 8)
        return 0;
    return fx_resize(&v->fx, want);
}

int ssp_vtable_row(ssp_vtable *v, const ssp_csv_record *r, long row)
{
    const ssp_schema *s = v->s;
    int bad = 0;
    /* Structure: a row of empty cells, missing and extra cells. */
    int blank = 1;
    for (size_t c = 0; c < r->n && blank; c++)
        blank = r->f[c].len == 0;
    if (blank) {
        report(v, "blank-row", r->line, 1, row, (size_t)-1, NULL,
               "row %ld is blank", row);
        return 0;
    }
    for (size_t c = v->ncols; c < r->n; c++, bad = 1)
        report(v, "extra-cell", r->f[c].line, r->f[c].col, row, (size_t)-1,
               r->f[c].s, "cell %zu is beyond the %zu columns of the header",
               c + 1, v->ncols);
    const ssp_csv_field *last = &r->f[r->n - 1];
    v->pk_key = NULL;
    for (size_t i = 0; i < s->nfields; i++) {
        if (i && i - 1 == v->pk_last && s->pk.n && pk_start(v, row) < 0)
            return -1;
        const ssp_sfield *f = &s->fields[i];
        size_t c = v->col_of[i];
        v->canon[i] = NULL;
        if (c == (size_t)-1)
            continue;
        if (c >= r->n) {
            report(v, "missing-cell", last->line, last->col + (long)last->len,
                   row, i, NULL, "row has no cell for field '%s' (column %zu)",
                   f->name, c + 1);
            bad = 1;
            continue;
        }
        const ssp_csv_field *cell = &r->f[c];
        char msg[400], shown[100];
        double val;
        switch (check_cell(&v->memo[i], f, cell, &val, msg, sizeof msg)) {
        case SSP_CELL_NULL: continue;
        case SSP_CELL_TYPE:
            show(cell->s, shown, sizeof shown);
            report(v, "type-error", cell->line, cell->col, row, i, cell->s,
                   "field '%s': '%s' %s", f->name, shown, msg);
            bad = 1;
            continue;
        case SSP_CELL_CONSTRAINT:
            show(cell->s, shown, sizeof shown);
            report(v, "constraint-error", cell->line, cell->col, row, i,
                   cell->s, "field '%s': '%s' %s", f->name, shown, msg);
            bad = 1;
            continue;
        case SSP_CELL_OK: break;
        }
        /* Keys compare values, not spellings: 7 and 7.0 are one number,
         * 14:05+09:00 and 05:05Z one instant. Only key fields need it. */
        if (!v->in_key[i])
            continue;
        if (f->type == SSP_T_STRING || f->type == SSP_T_DURATION) {
            v->canon[i] = cell->s;
            v->canon_len[i] = cell->len;
        } else { /* the value's own 8 bytes: exact, and fast to make */
            val = val == 0 ? 0 : val; /* -0 is 0 */
            memcpy(v->num[i], &val, sizeof val);
            v->canon[i] = v->num[i];
            v->canon_len[i] = sizeof val;
        }
    }
    if (s->pk.n && v->pk_last + 1 == s->nfields && pk_start(v, row) < 0)
        return -1;
    if (!bad && s->ranges)
        bad |= check_range(v, r, row);
    if (check_keys(v, r, row) < 0 || v->oom)
        return -1;
    bad |= v->row_bad;
    if (!bad)
        for (size_t k = 0; k < v->nexports; k++) {
            size_t len, idx;
            int added;
            const char *key =
                row_key(v, v->export_idx[k], v->exports[k]->fields.n, &len);
            if (key && ssp_strmap_put(&v->exports[k]->keys, key, len, &idx,
                                      &added) != SSP_OK)
                return -1;
        }
    return v->oom ? -1 : bad ? 0 : 1;
}
