/* strmap.c: hash set of byte strings (linear probing; each slot keeps its
 * key's hash, so a probe reads no key bytes unless the hashes agree). */
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

/* Eight bytes at a time, each word mixed in with a multiply: keys are
 * short text or the bytes of numbers. */
uint64_t ssp_strmap_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0; /* the last 0 to 7 bytes, in two reads that overlap */
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = (uint64_t)a << 32 | b;
    } else if (n) {
        w = (uint64_t)(unsigned char)s[0] << 16 |
            (uint64_t)(unsigned char)s[n / 2] << 8 | (unsigned char)s[n - 1];
    }
    h = (h ^ w) * 0x94D049BB133111EBu;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93u;
    return h ^ h >> 32;
}

static size_t hash(const char *s, size_t n)
{
    return (size_t)ssp_strmap_hash(s, n);
}

const char *ssp_strmap_key(const ssp_strmap *m, size_t i, size_t *len)
{
    *len = m->off[i + 1] - m->off[i];
    return m->keys + m->off[i];
}

/* The slot holding key (of hash hv), or the empty slot where it goes. */
static size_t find(const ssp_strmap *m, const char *key, size_t len, size_t hv)
{
    size_t mask = m->nslots - 1, h = hv & mask;
    for (; m->slots[h].idx; h = (h + 1) & mask) {
        if (m->slots[h].hash != hv)
            continue;
        size_t kl;
        const char *k = ssp_strmap_key(m, m->slots[h].idx - 1, &kl);
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
    size_t h = find(m, key, len, hash(key, len));
    if (!m->slots[h].idx)
        return 0;
    if (idx)
        *idx = m->slots[h].idx - 1;
    return 1;
}

static ssp_status rehash(ssp_strmap *m)
{
    size_t n = m->nslots ? 2 * m->nslots : 64;
    struct ssp_strmap_slot *s = calloc(n, sizeof *s);
    if (!s)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].idx)
            continue;
        size_t h = m->slots[i].hash & (n - 1);
        while (s[h].idx)
            h = (h + 1) & (n - 1);
        s[h] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->nslots = n;
    return SSP_OK;
}

ssp_status ssp_strmap_put(ssp_strmap *m, const char *key, size_t len,
                          size_t *idx, int *added)
{
    if (2 * (m->n + 1) > m->nslots && rehash(m) != SSP_OK)
        return SSP_EINTERNAL;
    size_t hv = hash(key, len), h = find(m, key, len, hv);
    if (m->slots[h].idx) {
        *idx = m->slots[h].idx - 1;
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
    m->off[m->n] = m->keylen;
    m->keylen += len;
    m->off[m->n + 1] = m->keylen;
    m->slots[h] = (struct ssp_strmap_slot){hv, ++m->n};
    *idx = m->n - 1;
    *added = 1;
    return SSP_OK;
}
