/* sign.c: Ed25519 key pairs, signatures and their verification in
 * minisign's formats (see sign.h for the layouts). */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ssp/io.h"
#include "ssp/sign.h"

/* Field offsets of the decoded key and signature records. */
enum {
    KEYNUM = 8,
    /* public key: alg, keynum, pk */
    PK_KEYNUM = 2,
    PK_PK = PK_KEYNUM + KEYNUM,
    PK_BYTES = PK_PK + crypto_sign_PUBLICKEYBYTES,
    /* secret key: alg, kdf, chk alg, salt, opslimit, memlimit, keynum,
     * sk, checksum */
    SK_KDF = 2,
    SK_CHKALG = 4,
    SK_SALT = 6,
    SK_KEYNUM = SK_SALT + 32 + 8 + 8,
    SK_SK = SK_KEYNUM + KEYNUM,
    SK_CHK = SK_SK + crypto_sign_SECRETKEYBYTES,
    SK_BYTES = SK_CHK + crypto_generichash_BYTES,
    /* signature: alg, keynum, sig */
    SIG_KEYNUM = 2,
    SIG_SIG = SIG_KEYNUM + KEYNUM,
    SIG_BYTES = SIG_SIG + crypto_sign_BYTES,
    HASH_BYTES = crypto_generichash_BYTES_MAX
};

/* minisign reads a trusted comment line into 8192 bytes, prefix included;
 * it refuses to sign one this long or longer. */
#define TC_LIMIT (8192 - sizeof TC_PREFIX)
#define COMMENT_PREFIX "untrusted comment: "
#define TC_PREFIX "trusted comment: "
#define PUB_COMMENT COMMENT_PREFIX "minisign public key "
#define SEC_COMMENT COMMENT_PREFIX "minisign encrypted secret key"
#define SIG_COMMENT COMMENT_PREFIX "signature from minisign secret key"

/* The first lines of a small text file, read whole (a key or signature
 * file is far below the limit), split in place, line breaks removed. */
struct text {
    char buf[16384];
    size_t len;
    char *line[4];
    size_t n; /* lines found */
};

static ssp_status text_read(struct text *t, const char *path, ssp_error *err)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                             strerror(errno));
    setvbuf(fp, NULL, _IONBF, 0); /* no copy of a key in stdio's buffer */
    t->len = fread(t->buf, 1, sizeof t->buf - 1, fp);
    int bad = ferror(fp), e = errno;
    fclose(fp);
    if (bad)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot read: %s",
                             strerror(e));
    t->buf[t->len] = '\0';
    char *p = t->buf, *end = t->buf + t->len;
    while (t->n < sizeof t->line / sizeof t->line[0] && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && t->len == sizeof t->buf - 1)
            break; /* cut by the limit: not a whole line */
        char *stop = nl ? nl : end;
        *stop = '\0';
        while (stop > p && stop[-1] == '\r')
            *--stop = '\0';
        if (strlen(p) != (size_t)(stop - p))
            break; /* a NUL byte: not a text line */
        t->line[t->n++] = p;
        p = nl ? nl + 1 : end;
    }
    return SSP_OK;
}

static void text_wipe(struct text *t)
{
    sodium_memzero(t, sizeof *t);
}

/* Decode line i (0-based) of t as base64 of exactly n bytes; 0 if it is. */
static int text_base64(const struct text *t, size_t i, unsigned char *out,
                       size_t n)
{
    size_t got = 0;
    return i < t->n &&
                   sodium_base642bin(out, n, t->line[i], strlen(t->line[i]),
                                     NULL, &got, NULL,
                                     sodium_base64_VARIANT_ORIGINAL) == 0 &&
                   got == n
               ? 0
               : -1;
}

/* Whether line i of t starts with prefix. */
static int text_starts(const struct text *t, size_t i, const char *prefix)
{
    return i < t->n && strncmp(t->line[i], prefix, strlen(prefix)) == 0;
}

/* The key id minisign shows: keynum as a little-endian number in hex. */
static void key_id(const unsigned char keynum[KEYNUM], char id[17])
{
    uint64_t v = 0;
    for (int i = KEYNUM - 1; i >= 0; i--)
        v = v << 8 | keynum[i];
    snprintf(id, 17, "%016" PRIX64, v);
}

/* Write base64(bin) and a line break to fp. */
static void put_base64(FILE *fp, const unsigned char *bin, size_t n)
{
    char b64[sodium_base64_ENCODED_LEN(SK_BYTES,
                                       sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, bin, n, sodium_base64_VARIANT_ORIGINAL);
    fprintf(fp, "%s\n", b64);
    sodium_memzero(b64, sizeof b64);
}

static ssp_status start_sodium(ssp_error *err)
{
    if (sodium_init() < 0)
        return ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                             "libsodium could not start");
    return SSP_OK;
}

/* SSP_EUSAGE if path exists (a key is never overwritten). */
static ssp_status must_not_exist(const char *path, ssp_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) == 0)
        return ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                             "exists; a key is never overwritten");
    if (errno != ENOENT)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot check: %s",
                             strerror(errno));
    return SSP_OK;
}

/* base + suffix, or NULL when memory is exhausted. */
static char *with_suffix(const char *base, const char *suffix)
{
    size_t a = strlen(base), b = strlen(suffix);
    char *s = malloc(a + b + 1);
    if (s) {
        memcpy(s, base, a);
        memcpy(s + a, suffix, b + 1);
    }
    return s;
}

ssp_status ssp_sign_keygen(const char *base, char keyid[17], ssp_error *err)
{
    unsigned char sk[SK_BYTES], pk[PK_BYTES];
    ssp_atomic a = {0};
    char *kpath = with_suffix(base, ".key"), *ppath = with_suffix(base, ".pub");
    ssp_status st = SSP_OK;
    int key_written = 0;
    keyid[0] = '\0';
    memset(sk, 0, sizeof sk);
    if (!kpath || !ppath) {
        st = ssp_error_nomem(err);
        goto done;
    }
    /* (Between this check and the renames another process could make a
     * file, which the rename would replace; making a key is a deliberate
     * act in one's own folder, so the window is accepted.) */
    if ((st = start_sodium(err)) != SSP_OK ||
        (st = must_not_exist(kpath, err)) != SSP_OK ||
        (st = must_not_exist(ppath, err)) != SSP_OK)
        goto done;

    /* As minisign -G -W: no KDF, so salt, limits and checksum stay 0. */
    memcpy(sk, "Ed\0\0B2", 6);
    randombytes_buf(sk + SK_KEYNUM, KEYNUM);
    memcpy(pk, "Ed", 2);
    memcpy(pk + PK_KEYNUM, sk + SK_KEYNUM, KEYNUM);
    crypto_sign_keypair(pk + PK_PK, sk + SK_SK);
    key_id(sk + SK_KEYNUM, keyid);

    if ((st = ssp_atomic_open(&a, kpath, 0600, err)) != SSP_OK)
        goto done;
    setvbuf(a.fp, NULL, _IONBF, 0); /* no copy of the key in stdio's buffer */
    fprintf(a.fp, "%s\n", SEC_COMMENT);
    put_base64(a.fp, sk, sizeof sk);
    if ((st = ssp_atomic_commit(&a, err)) != SSP_OK)
        goto done;
    key_written = 1;
    if ((st = ssp_atomic_open(&a, ppath, 0, err)) != SSP_OK)
        goto done;
    fprintf(a.fp, "%s%s\n", PUB_COMMENT, keyid);
    put_base64(a.fp, pk, sizeof pk);
    st = ssp_atomic_commit(&a, err);

done:
    /* Half a pair is no use, and would stop a second try. */
    if (st != SSP_OK && key_written)
        remove(kpath);
    if (st != SSP_OK)
        keyid[0] = '\0';
    sodium_memzero(sk, sizeof sk);
    free(kpath);
    free(ppath);
    return st;
}

/* Whether a seed is no random one: 32 random bytes have about 30
 * different values; an all-zero seed, one byte repeated or a pattern of
 * 16 bytes or fewer has at most 16 (a random seed, with a probability of
 * about 2 x 10^-15). */
static int degenerate(const unsigned char *k, size_t n)
{
    unsigned char seen[256] = {0};
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (!seen[k[i]]++)
            distinct++;
    sodium_memzero(seen, sizeof seen);
    return distinct <= n / 2;
}

/* Load an unencrypted minisign secret key into sk (SK_BYTES; wiped by the
 * caller). */
static ssp_status load_seckey(const char *path, unsigned char *sk,
                              ssp_error *err)
{
    static const char not_key[] = "not a minisign secret key";
    struct text t;
    ssp_status st = text_read(&t, path, err);
    if (st != SSP_OK)
        goto done;
    struct stat sb;
    if (stat(path, &sb) == 0 && (sb.st_mode & 077)) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                           "the secret key may be read by others (mode "
                           "%03o); chmod 600 it",
                           (unsigned)(sb.st_mode & 0777));
        goto done;
    }
    if (!text_starts(&t, 0, COMMENT_PREFIX)) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 1, 1,
                           "%s: the first line must start with \"%s\"", not_key,
                           COMMENT_PREFIX);
        goto done;
    }
    if (text_base64(&t, 1, sk, SK_BYTES) != 0) {
        st =
            ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                          "%s: expected base64 of %d bytes", not_key, SK_BYTES);
        goto done;
    }
    if (memcmp(sk, "Ed", 2) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                           "unsupported signature algorithm (not Ed25519)");
        goto done;
    }
    if (memcmp(sk + SK_CHKALG, "B2", 2) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                           "unsupported checksum algorithm (not BLAKE2b)");
        goto done;
    }
    if (memcmp(sk + SK_KDF, "Sc", 2) == 0) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                           "the secret key is encrypted with a password, "
                           "which ssp does not ask for: use a key made "
                           "with minisign -G -W (or ssp keygen --sign), or "
                           "remove the password with minisign -C -W");
        goto done;
    }
    if (memcmp(sk + SK_KDF, "\0\0", 2) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                           "unsupported key derivation function");
        goto done;
    }
    /* minisign -G -W leaves the checksum 0; a key whose password was
     * removed (minisign -C -W) keeps a real one, which must match. */
    unsigned char chk[crypto_generichash_BYTES], zero[sizeof chk] = {0};
    if (memcmp(sk + SK_CHK, zero, sizeof chk) != 0) {
        crypto_generichash_state hs;
        crypto_generichash_init(&hs, NULL, 0, sizeof chk);
        crypto_generichash_update(&hs, sk, 2);
        crypto_generichash_update(&hs, sk + SK_KEYNUM, KEYNUM);
        crypto_generichash_update(&hs, sk + SK_SK, crypto_sign_SECRETKEYBYTES);
        crypto_generichash_final(&hs, chk, sizeof chk);
        int bad = sodium_memcmp(chk, sk + SK_CHK, sizeof chk) != 0;
        sodium_memzero(&hs, sizeof hs);
        sodium_memzero(chk, sizeof chk);
        if (bad) {
            st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                               "the secret key is damaged (its checksum "
                               "does not match)");
            goto done;
        }
    }
    if (degenerate(sk + SK_SK, crypto_sign_SEEDBYTES)) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                           "the secret key is not random (its seed is all "
                           "zero, one byte repeated or a short pattern): "
                           "anyone could sign with it; make a key with ssp "
                           "keygen --sign");
        goto done;
    }
    /* The secret key holds its seed and its public key: they must agree,
     * else every signature made with it would fail. */
    unsigned char pk[crypto_sign_PUBLICKEYBYTES],
        sk2[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk2, sk + SK_SK);
    int damaged = sodium_memcmp(sk2, sk + SK_SK, sizeof sk2) != 0;
    sodium_memzero(sk2, sizeof sk2);
    if (damaged)
        st = ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                           "the secret key is damaged (its public half does "
                           "not belong to it)");
done:
    text_wipe(&t);
    return st;
}

/* BLAKE2b-512 of the file's bytes, as minisign prehashes. */
static ssp_status hash_file(const char *path, unsigned char h[HASH_BYTES],
                            ssp_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot open: %s",
                             strerror(errno));
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, HASH_BYTES);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        crypto_generichash_update(&hs, buf, n);
    int bad = ferror(fp), e = errno;
    fclose(fp);
    if (bad)
        return ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot read: %s",
                             strerror(e));
    crypto_generichash_final(&hs, h, HASH_BYTES);
    return SSP_OK;
}

ssp_status ssp_sign_file(const char *seckey, const char *file,
                         const char *trusted_comment, ssp_error *err)
{
    unsigned char sk[SK_BYTES], h[HASH_BYTES], sig[SIG_BYTES],
        global[crypto_sign_BYTES];
    unsigned char *signed_tc = NULL;
    char *sigpath = NULL;
    ssp_atomic a = {0};
    size_t tclen = strlen(trusted_comment);
    ssp_status st;
    memset(sk, 0, sizeof sk);
    if (strpbrk(trusted_comment, "\r\n")) {
        st = ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                           "the trusted comment may not hold a line break");
        goto done;
    }
    if (tclen >= TC_LIMIT) {
        st = ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                           "the trusted comment is %zu bytes; minisign "
                           "takes %zu at most",
                           tclen, TC_LIMIT - 1);
        goto done;
    }
    if ((st = start_sodium(err)) != SSP_OK ||
        (st = load_seckey(seckey, sk, err)) != SSP_OK ||
        (st = hash_file(file, h, err)) != SSP_OK)
        goto done;

    memcpy(sig, "ED", 2);
    memcpy(sig + SIG_KEYNUM, sk + SK_KEYNUM, KEYNUM);
    crypto_sign_detached(sig + SIG_SIG, NULL, h, sizeof h, sk + SK_SK);
    /* The global signature covers the signature and the trusted comment. */
    signed_tc = malloc(crypto_sign_BYTES + tclen);
    sigpath = with_suffix(file, ".minisig");
    if (!signed_tc || !sigpath) {
        st = ssp_error_nomem(err);
        goto done;
    }
    memcpy(signed_tc, sig + SIG_SIG, crypto_sign_BYTES);
    memcpy(signed_tc + crypto_sign_BYTES, trusted_comment, tclen);
    crypto_sign_detached(global, NULL, signed_tc, crypto_sign_BYTES + tclen,
                         sk + SK_SK);

    if ((st = ssp_atomic_open(&a, sigpath, 0, err)) != SSP_OK)
        goto done;
    fprintf(a.fp, "%s\n", SIG_COMMENT);
    put_base64(a.fp, sig, sizeof sig);
    fprintf(a.fp, "%s%s\n", TC_PREFIX, trusted_comment);
    put_base64(a.fp, global, sizeof global);
    st = ssp_atomic_commit(&a, err);
done:
    sodium_memzero(sk, sizeof sk);
    free(signed_tc);
    free(sigpath);
    return st;
}

/* Load a minisign public key file into pk (PK_BYTES). */
static ssp_status load_pubkey(const char *path, unsigned char *pk,
                              ssp_error *err)
{
    static const char not_key[] = "not a minisign public key";
    struct text t;
    ssp_status st = text_read(&t, path, err);
    if (st != SSP_OK)
        return st;
    if (!text_starts(&t, 0, COMMENT_PREFIX))
        return ssp_error_set(err, SSP_EUSAGE, path, 1, 1,
                             "%s: the first line must start with \"%s\"",
                             not_key, COMMENT_PREFIX);
    if (text_base64(&t, 1, pk, PK_BYTES) != 0)
        return ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                             "%s: expected base64 of %d bytes", not_key,
                             PK_BYTES);
    if (memcmp(pk, "Ed", 2) != 0)
        return ssp_error_set(err, SSP_EUSAGE, path, 2, 1,
                             "unsupported signature algorithm (not Ed25519)");
    return SSP_OK;
}

ssp_status ssp_verify_file(const char *pubkey, const char *file,
                           const char *sigfile, char *tc, size_t tclen,
                           ssp_error *err)
{
    static const char not_sig[] = "not a minisign signature";
    unsigned char pk[PK_BYTES], sig[SIG_BYTES], global[crypto_sign_BYTES],
        h[HASH_BYTES];
    unsigned char *signed_tc = NULL;
    struct text *t = malloc(sizeof *t);
    ssp_status st;
    if (tc && tclen)
        tc[0] = '\0';
    if (!t) {
        st = ssp_error_nomem(err);
        goto done;
    }
    if ((st = start_sodium(err)) != SSP_OK ||
        (st = load_pubkey(pubkey, pk, err)) != SSP_OK ||
        (st = text_read(t, sigfile, err)) != SSP_OK)
        goto done;

    if (!text_starts(t, 0, COMMENT_PREFIX)) {
        st = ssp_error_set(err, SSP_EUSAGE, sigfile, 1, 1,
                           "%s: the first line must start with \"%s\"", not_sig,
                           COMMENT_PREFIX);
        goto done;
    }
    if (text_base64(t, 1, sig, SIG_BYTES) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, sigfile, 2, 1,
                           "%s: expected base64 of %d bytes", not_sig,
                           SIG_BYTES);
        goto done;
    }
    /* Only the prehashed form ("ED") is taken: ssp never makes the legacy
     * one ("Ed", minisign -l), which signs the bytes themselves, so a
     * legacy signature on a certificate was not made by ssp cert. */
    if (memcmp(sig, "Ed", 2) == 0) {
        st = ssp_error_set(err, SSP_EDATA, sigfile, 2, 1,
                           "a legacy signature (Ed, minisign -l), which ssp "
                           "never makes: refused");
        goto done;
    }
    if (memcmp(sig, "ED", 2) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, sigfile, 2, 1,
                           "unsupported signature algorithm (not ED)");
        goto done;
    }
    if (!text_starts(t, 2, TC_PREFIX)) {
        st = ssp_error_set(err, SSP_EUSAGE, sigfile, 3, 1,
                           "%s: the third line must start with \"%s\"", not_sig,
                           TC_PREFIX);
        goto done;
    }
    if (text_base64(t, 3, global, sizeof global) != 0) {
        st = ssp_error_set(err, SSP_EUSAGE, sigfile, 4, 1,
                           "%s: expected base64 of %zu bytes", not_sig,
                           sizeof global);
        goto done;
    }
    const char *comment = t->line[2] + strlen(TC_PREFIX);
    size_t clen = strlen(comment);

    const unsigned char *msg = h;
    size_t mlen = sizeof h;
    if ((st = hash_file(file, h, err)) != SSP_OK)
        goto done;

    if (memcmp(sig + SIG_KEYNUM, pk + PK_KEYNUM, KEYNUM) != 0) {
        char sid[17], pid[17];
        key_id(sig + SIG_KEYNUM, sid);
        key_id(pk + PK_KEYNUM, pid);
        st = ssp_error_set(err, SSP_EDATA, sigfile, 0, 0,
                           "the key id differs: signed with key %s, but the "
                           "public key %s is key %s",
                           sid, pubkey, pid);
        goto done;
    }
    if (crypto_sign_verify_detached(sig + SIG_SIG, msg, mlen, pk + PK_PK) !=
        0) {
        st = ssp_error_set(err, SSP_EDATA, file, 0, 0,
                           "the signature %s does not match: the file was "
                           "changed after signing, or the signature is "
                           "damaged",
                           sigfile);
        goto done;
    }
    signed_tc = malloc(crypto_sign_BYTES + clen);
    if (!signed_tc) {
        st = ssp_error_nomem(err);
        goto done;
    }
    memcpy(signed_tc, sig + SIG_SIG, crypto_sign_BYTES);
    memcpy(signed_tc + crypto_sign_BYTES, comment, clen);
    if (crypto_sign_verify_detached(global, signed_tc, crypto_sign_BYTES + clen,
                                    pk + PK_PK) != 0) {
        st = ssp_error_set(err, SSP_EDATA, sigfile, 3,
                           (long)strlen(TC_PREFIX) + 1,
                           "the trusted comment does not match its "
                           "signature: it was changed after signing");
        goto done;
    }
    if (tc && tclen) {
        size_t n = clen < tclen - 1 ? clen : tclen - 1;
        memcpy(tc, comment, n);
        tc[n] = '\0';
    }
    st = SSP_OK;
done:
    free(signed_tc);
    free(t);
    return st;
}
