/* strmap.h: a set of byte strings, each given the index of its insertion. */
#ifndef SSP_STRMAP_H
#define SSP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "ssp/ssp.h"

struct ssp_strmap_slot {
    size_t hash, idx; /* idx: key index + 1; 0 is an empty slot */
};

typedef struct ssp_strmap {
    char *keys; /* all keys, back to back (owned) */
    size_t keylen, keycap;
    size_t *off; /* start of key i in keys; off[n] is keylen */
    size_t n, capoff;
    struct ssp_strmap_slot *slots; /* open addressing, linear probing */
    size_t nslots;
} ssp_strmap;

/* The hash the map uses for key (len bytes); others keeping their own
 * table of keys may use it too. */
uint64_t ssp_strmap_hash(const char *key, size_t len);

/* An empty map; free with ssp_strmap_destroy. */
void ssp_strmap_init(ssp_strmap *m);
void ssp_strmap_destroy(ssp_strmap *m);

/* Find key (len bytes, may contain NUL) or add it. *idx is its index
 * (0, 1, ... in insertion order); *added tells whether it is new. Returns
 * SSP_OK or SSP_EINTERNAL (no memory; the map is unchanged). */
ssp_status ssp_strmap_put(ssp_strmap *m, const char *key, size_t len,
                          size_t *idx, int *added) SSP_NODISCARD;

/* 1 if key is in the map (and *idx set when idx is not NULL). */
int ssp_strmap_get(const ssp_strmap *m, const char *key, size_t len,
                   size_t *idx);

/* Key i and its length. */
const char *ssp_strmap_key(const ssp_strmap *m, size_t i, size_t *len);

#endif
