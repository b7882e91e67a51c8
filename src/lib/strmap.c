/* strmap.c: hash set of byte strings (FNV-1a, linear probing). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/strmap.h"

void ssp_strmap_init(ssp_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void ssp_strmap_destroy(ssp_strmap *m)
{
    free(m->keys);
    free(m->off);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static size_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)(h ^ h >> 29);
}

const char *ssp_strmap_key(const ssp_strmap *m, size_t i, size_t *len)
{
    *len = m->off[i + 1] - m->off[i];
    return m->keys + m->off[i];
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const ssp_strmap *m, const char *key, size_t len)
{
    size_t mask = m->nslots - 1, h = hash(key, len) & mask;
    for (; m->slots[h]; h = (h + 1) & mask) {
        size_t i = m->slots[h] - 1, kl;
        const char *k = ssp_strmap_key(m, i, &kl);
        if (kl == len && !memcmp(k, key, len))
            break;
    }
    return h;
}

int ssp_strmap_get(const ssp_strmap *m, const char *key, size_t len,
                   size_t *idx)
{
    if (!m->nslots)
        return 0;
    size_t h = find(m, key, len);
    if (!m->slots[h])
        return 0;
    if (idx)
        *idx = m->slots[h] - 1;
    return 1;
}

static ssp_status rehash(ssp_strmap *m)
{
    size_t n = m->nslots ? 2 * m->nslots : 64;
    size_t *s = calloc(n, sizeof *s);
    if (!s)
        return SSP_EINTERNAL;
    free(m->slots);
    m->slots = s;
    m->nslots = n;
    for (size_t i = 0; i < m->n; i++) {
        size_t kl;
        const char *k = ssp_strmap_key(m, i, &kl);
        size_t h = hash(k, kl) & (n - 1);
        while (s[h])
            h = (h + 1) & (n - 1);
        s[h] = i + 1;
    }
    return SSP_OK;
}

ssp_status ssp_strmap_put(ssp_strmap *m, const char *key, size_t len,
                          size_t *idx, int *added)
{
    if (2 * (m->n + 1) > m->nslots && rehash(m) != SSP_OK)
        return SSP_EINTERNAL;
    size_t h = find(m, key, len);
    if (m->slots[h]) {
        *idx = m->slots[h] - 1;
        *added = 0;
        return SSP_OK;
    }
    char *k = ssp_grow(m->keys, &m->keycap, m->keylen + len + 1, 1);
    if (!k)
        return SSP_EINTERNAL;
    m->keys = k;
    size_t *o = ssp_grow(m->off, &m->capoff, m->n + 2, sizeof *o);
    if (!o)
        return SSP_EINTERNAL;
    m->off = o;
    memcpy(m->keys + m->keylen, key, len);
    m->keylen += len;
    m->off[m->n] = m->keylen - len;
    m->off[m->n + 1] = m->keylen;
    m->slots[h] = ++m->n;
    *idx = m->n - 1;
    *added = 1;
    return SSP_OK;
}
