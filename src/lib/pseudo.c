/* pseudo.c: HMAC-SHA256 pseudonyms under a secret key kept apart. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ssp/io.h"
#include "ssp/pseudo.h"

static const char magic[] = "ssp-hmac-sha256-key v1";

/* The key's name: SHA-256 of a label and the key, first 8 bytes. */
static void key_id(ssp_key *key)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)"ssp key id", 10);
    crypto_hash_sha256_update(&st, key->k, sizeof key->k);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(key->id, sizeof key->id, h, 8);
}

/* Whether k is no random key: 32 random bytes have about 30 different
 * values and no repeated half; an all-zero key, one byte repeated, or a
 * pattern of 16 bytes or fewer has at most 16. (A random key has 16 or
 * fewer different bytes with a probability of about 2 x 10^-15.) */
static int degenerate(const unsigned char *k, size_t n)
{
    unsigned char seen[256] = {0};
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (!seen[k[i]]++)
            distinct++;
    return distinct <= n / 2;
}

ssp_status ssp_key_generate(const char *path, ssp_key *key, ssp_error *err)
{
    if (sodium_init() < 0)
        return ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                             "libsodium could not start");
    randombytes_buf(key->k, sizeof key->k);
    key_id(key);
    ssp_atomic a;
    ssp_status st = ssp_atomic_open(&a, path, 0600, err);
    if (st != SSP_OK)
        return st;
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, key->k, sizeof key->k);
    fprintf(a.fp, "%s\n%s\n", magic, hex);
    sodium_memzero(hex, sizeof hex);
    return ssp_atomic_commit(&a, err);
}

ssp_status ssp_key_load(const char *path, ssp_key *key, ssp_error *err)
{
    if (sodium_init() < 0)
        return ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                             "libsodium could not start");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                             strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && (sb.st_mode & 077)) {
        fclose(fp);
        return ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                             "the key file may be read by others (mode %03o); "
                             "chmod 600 it",
                             (unsigned)(sb.st_mode & 0777));
    }
    char line1[64] = "", line2[128] = "";
    int ok = fgets(line1, sizeof line1, fp) && fgets(line2, sizeof line2, fp);
    fclose(fp);
    line1[strcspn(line1, "\n")] = '\0';
    line2[strcspn(line2, "\n")] = '\0';
    size_t n = 0;
    if (!ok || strcmp(line1, magic) ||
        sodium_hex2bin(key->k, sizeof key->k, line2, strlen(line2), NULL, &n,
                       NULL) != 0 ||
        n != sizeof key->k) {
        sodium_memzero(line2, sizeof line2);
        return ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                             "not an ssp key file (make one with ssp keygen "
                             "--hmac)");
    }
    sodium_memzero(line2, sizeof line2);
    if (degenerate(key->k, sizeof key->k)) {
        sodium_memzero(key->k, sizeof key->k);
        return ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                             "the key is not random (all zero, one byte "
                             "repeated or a short pattern): anyone could "
                             "recompute the pseudonyms; make a key with ssp "
                             "keygen --hmac");
    }
    key_id(key);
    return SSP_OK;
}

void ssp_pseudonym(const ssp_key *key, const char *value, size_t len,
                   char out[27])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key->k, sizeof key->k);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, len);
    crypto_auth_hmacsha256_final(&st, mac);
    memcpy(out, "p_", 2);
    sodium_bin2hex(out + 2, 25, mac, 12);
}
