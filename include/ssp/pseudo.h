/* pseudo.h: keyed pseudonyms (HMAC-SHA256, libsodium) and their keys. */
#ifndef SSP_PSEUDO_H
#define SSP_PSEUDO_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef struct ssp_key {
    unsigned char k[32];
    char id[17]; /* 16 hex digits naming the key, never revealing it */
} ssp_key;

/* Make a new random key and write it to path with mode 0600 (atomically);
 * fills *key. Returns SSP_OK, SSP_EIO or SSP_EINTERNAL. */
ssp_status ssp_key_generate(const char *path, ssp_key *key,
                            ssp_error *err) SSP_NODISCARD;

/* Read a key file written by ssp_key_generate. A file others may read is
 * refused (SSP_EUSAGE): the key is the additional information the
 * pseudonymization guideline keeps apart. So is a key that is not
 * random (SSP_EUSAGE): all zero, one byte repeated, a short pattern (16
 * or fewer different bytes), as is one of the wrong length. */
ssp_status ssp_key_load(const char *path, ssp_key *key,
                        ssp_error *err) SSP_NODISCARD;

/* The pseudonym of value: "p_" and 24 hex digits, the first 96 bits of
 * HMAC-SHA256(key, value). out must hold 27 bytes. */
void ssp_pseudonym(const ssp_key *key, const char *value, size_t len,
                   char out[27]);

#endif
