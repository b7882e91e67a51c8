/* test_sign.c: minisign-format keys and signatures (src/lib/sign.c).
 *
 * Without arguments it runs the unit tests, in a temporary folder: a key
 * pair round trip, every way a signature must fail, malformed and
 * encrypted keys. With arguments it is the command-line driver that
 * tests/sign/check.sh uses to play against minisign itself:
 *
 *   test_sign keygen BASE                  ssp_sign_keygen; prints the id
 *   test_sign sign SECKEY FILE COMMENT     ssp_sign_file
 *   test_sign verify PUBKEY FILE SIGFILE   ssp_verify_file; prints the
 *                                          trusted comment
 *
 * A failure prints "status N: FILE:LINE:COL: message" to stderr and exits
 * with N, the library's status. */
#include <ftw.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssp/sign.h"
#include "test.h"

static char dir[] = "/tmp/ssp-test-sign-XXXXXX";

/* dir/name in a static buffer (one of four, so a call can take several). */
static const char *at(const char *name)
{
    static char buf[4][600];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void put(const char *name, const char *text)
{
    FILE *fp = fopen(at(name), "wb");
    CHECK(fp != NULL);
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* The whole of a small file, NUL-terminated, in a static buffer. */
static char *slurp(const char *name)
{
    static char buf[20000];
    FILE *fp = fopen(at(name), "rb");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    return buf;
}

static void copy(const char *from, const char *to)
{
    char text[20000];
    snprintf(text, sizeof text, "%s", slurp(from));
    put(to, text);
}

/* Line no (1-based) of a file into line (without its line break). */
static void get_line(const char *name, int no, char *line, size_t size)
{
    char *p = slurp(name);
    for (int i = 1; i < no && p; i++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
    line[0] = '\0';
    if (p)
        snprintf(line, size, "%.*s", (int)strcspn(p, "\n"), p);
}

/* Replace line no of a file. */
static void set_line(const char *name, int no, const char *line)
{
    char text[20000], *out = text;
    const char *p = slurp(name);
    for (int i = 1; *p; i++) {
        size_t n = strcspn(p, "\n");
        out += sprintf(out, "%.*s\n", (int)(i == no ? strlen(line) : n),
                       i == no ? line : p);
        p += n + (p[n] == '\n');
    }
    put(name, text);
}

/* Decode base64 line no of a file into bin (n bytes); 0 on success. */
static int get_b64(const char *name, int no, unsigned char *bin, size_t n)
{
    char line[2000];
    size_t got = 0;
    get_line(name, no, line, sizeof line);
    return sodium_base642bin(bin, n, line, strlen(line), NULL, &got, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
                   got == n
               ? 0
               : -1;
}

static void set_b64(const char *name, int no, const unsigned char *bin,
                    size_t n)
{
    char line[2000];
    sodium_bin2base64(line, sizeof line, bin, n,
                      sodium_base64_VARIANT_ORIGINAL);
    set_line(name, no, line);
}

static int contains(const char *s, const char *part)
{
    if (strstr(s, part))
        return 1;
    fprintf(stderr, "  \"%s\" lacks \"%s\"\n", s, part);
    return 0;
}

/* A key pair "k" and "other", and data.txt signed by k. */
static void setup(void)
{
    char id[17];
    ssp_error e;
    CHECK(ssp_sign_keygen(at("k"), id, &e) == SSP_OK);
    CHECK(ssp_sign_keygen(at("other"), id, &e) == SSP_OK);
    put("data.txt", "subject_id,score\nA1,27\n");
    CHECK(ssp_sign_file(at("k.key"), at("data.txt"), "verdict: met", &e) ==
          SSP_OK);
}

static void keygen_files(void)
{
    char id[17], line[200];
    ssp_error e;
    CHECK(ssp_sign_keygen(at("g"), id, &e) == SSP_OK);
    CHECK(strlen(id) == 16 && strspn(id, "0123456789ABCDEF") == 16);
    struct stat sb;
    CHECK(stat(at("g.key"), &sb) == 0 && (sb.st_mode & 0777) == 0600);
    get_line("g.pub", 1, line, sizeof line);
    char want[100];
    snprintf(want, sizeof want, "untrusted comment: minisign public key %s",
             id);
    CHECK_STR(line, want);
    get_line("g.key", 1, line, sizeof line);
    CHECK_STR(line, "untrusted comment: minisign encrypted secret key");
    /* The key id is the keynum read little-endian. */
    unsigned char pk[42], sk[158];
    CHECK(get_b64("g.pub", 2, pk, sizeof pk) == 0);
    CHECK(get_b64("g.key", 2, sk, sizeof sk) == 0);
    char hex[17];
    for (int i = 0; i < 8; i++)
        snprintf(hex + 2 * i, 3, "%02X", pk[2 + 7 - i]);
    CHECK_STR(hex, id);
    /* As minisign -G -W: "Ed", no KDF, "B2", zero salt, limits, checksum;
     * the same keynum; the public key inside the secret one. */
    static const unsigned char head[54] = {'E', 'd', 0, 0, 'B', '2'};
    static const unsigned char zero[32];
    CHECK(memcmp(sk, head, sizeof head) == 0);
    CHECK(memcmp(sk + 54, pk + 2, 8) == 0);
    CHECK(memcmp(sk + 62 + 32, pk + 10, 32) == 0);
    CHECK(memcmp(sk + 126, zero, 32) == 0);
    CHECK(memcmp(pk, "Ed", 2) == 0);
    sodium_memzero(sk, sizeof sk);
    /* Never over an existing file, not even half a pair. */
    CHECK(ssp_sign_keygen(at("g"), id, &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "never overwritten"));
    put("h.pub", "mine\n");
    CHECK(ssp_sign_keygen(at("h"), id, &e) == SSP_EUSAGE);
    CHECK_STR(e.file, at("h.pub"));
    CHECK(access(at("h.key"), F_OK) != 0);
    CHECK_STR(slurp("h.pub"), "mine\n");
    CHECK(ssp_sign_keygen(at("no/such/dir"), id, &e) == SSP_EIO);
}

static void round_trip(void)
{
    ssp_error e;
    char tc[100];
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("data.txt.minisig"),
                          tc, sizeof tc, &e) == SSP_OK);
    CHECK_STR(tc, "verdict: met");
    char line[200];
    get_line("data.txt.minisig", 1, line, sizeof line);
    CHECK_STR(line, "untrusted comment: signature from minisign secret key");
    get_line("data.txt.minisig", 3, line, sizeof line);
    CHECK_STR(line, "trusted comment: verdict: met");
    unsigned char sig[74], h[64];
    CHECK(get_b64("data.txt.minisig", 2, sig, sizeof sig) == 0);
    CHECK(memcmp(sig, "ED", 2) == 0);
    /* The signature is over BLAKE2b-512 of the bytes: check it by hand. */
    const char *d = "subject_id,score\nA1,27\n";
    unsigned char pk[42];
    CHECK(get_b64("k.pub", 2, pk, sizeof pk) == 0);
    crypto_generichash(h, sizeof h, (const unsigned char *)d, strlen(d), NULL,
                       0);
    CHECK(crypto_sign_verify_detached(sig + 10, h, sizeof h, pk + 10) == 0);
    /* tc is cut to fit, and NULL is allowed. */
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("data.txt.minisig"),
                          tc, 5, &e) == SSP_OK);
    CHECK_STR(tc, "verd");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("data.txt.minisig"),
                          NULL, 0, &e) == SSP_OK);
    /* An empty trusted comment and an empty file sign too; the signature
     * is replaced atomically, no temporary file left. */
    put("empty", "");
    CHECK(ssp_sign_file(at("k.key"), at("empty"), "", &e) == SSP_OK);
    CHECK(ssp_sign_file(at("k.key"), at("empty"), "again", &e) == SSP_OK);
    CHECK(ssp_verify_file(at("k.pub"), at("empty"), at("empty.minisig"), tc,
                          sizeof tc, &e) == SSP_OK);
    CHECK_STR(tc, "again");
    /* CRLF line ends are read as minisign reads them. */
    char text[2000], *p = text;
    for (const char *q = slurp("empty.minisig"); *q; q++) {
        if (*q == '\n')
            *p++ = '\r';
        *p++ = *q;
    }
    *p = '\0';
    put("crlf.minisig", text);
    CHECK(ssp_verify_file(at("k.pub"), at("empty"), at("crlf.minisig"), tc,
                          sizeof tc, &e) == SSP_OK);
    CHECK_STR(tc, "again");
}

/* Each change must fail with SSP_EDATA and say what failed. */
static void tampering(void)
{
    ssp_error e;
    char tc[100] = "x";
    /* one byte of the file */
    put("changed.txt", "subject_id,score\nA1,28\n");
    CHECK(ssp_verify_file(at("k.pub"), at("changed.txt"),
                          at("data.txt.minisig"), tc, sizeof tc,
                          &e) == SSP_EDATA);
    CHECK(contains(e.msg, "does not match: the file was changed"));
    CHECK_STR(e.file, at("changed.txt"));
    CHECK_STR(tc, "");
    /* one byte of the signature */
    unsigned char sig[74];
    copy("data.txt.minisig", "badsig.minisig");
    CHECK(get_b64("badsig.minisig", 2, sig, sizeof sig) == 0);
    sig[40] ^= 1;
    set_b64("badsig.minisig", 2, sig, sizeof sig);
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("badsig.minisig"), tc,
                          sizeof tc, &e) == SSP_EDATA);
    CHECK(contains(e.msg, "signature is damaged"));
    /* one byte of the trusted comment */
    copy("data.txt.minisig", "badtc.minisig");
    set_line("badtc.minisig", 3, "trusted comment: verdict: mez");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("badtc.minisig"), tc,
                          sizeof tc, &e) == SSP_EDATA);
    CHECK(contains(e.msg, "trusted comment does not match"));
    CHECK(e.line == 3 && e.col == 18);
    /* one byte of the trusted comment's signature */
    unsigned char g[64];
    copy("data.txt.minisig", "badglobal.minisig");
    CHECK(get_b64("badglobal.minisig", 4, g, sizeof g) == 0);
    g[0] ^= 0x80;
    set_b64("badglobal.minisig", 4, g, sizeof g);
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("badglobal.minisig"),
                          tc, sizeof tc, &e) == SSP_EDATA);
    CHECK(contains(e.msg, "trusted comment does not match"));
    /* another public key */
    CHECK(ssp_verify_file(at("other.pub"), at("data.txt"),
                          at("data.txt.minisig"), tc, sizeof tc,
                          &e) == SSP_EDATA);
    CHECK(contains(e.msg, "the key id differs: signed with key "));
    CHECK(contains(e.msg, at("other.pub")));
    /* another public key under the same key id: the signature fails */
    unsigned char pk[42], opk[42];
    CHECK(get_b64("k.pub", 2, pk, sizeof pk) == 0);
    CHECK(get_b64("other.pub", 2, opk, sizeof opk) == 0);
    memcpy(opk + 2, pk + 2, 8);
    copy("other.pub", "sameid.pub");
    set_b64("sameid.pub", 2, opk, sizeof opk);
    CHECK(ssp_verify_file(at("sameid.pub"), at("data.txt"),
                          at("data.txt.minisig"), tc, sizeof tc,
                          &e) == SSP_EDATA);
    CHECK(contains(e.msg, "does not match"));
    /* an untrusted comment may change freely */
    copy("data.txt.minisig", "untrusted.minisig");
    set_line("untrusted.minisig", 1, "untrusted comment: anything");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("untrusted.minisig"),
                          tc, sizeof tc, &e) == SSP_OK);
}

/* A legacy signature ("Ed", over the bytes themselves), made by hand: a
 * genuine one, but ssp never makes it, so it is refused, named as such. */
static void legacy(void)
{
    ssp_error e;
    unsigned char sk[158], sig[74], g[64], buf[64 + 20];
    CHECK(get_b64("k.key", 2, sk, sizeof sk) == 0);
    const char *d = "subject_id,score\nA1,27\n";
    memcpy(sig, "Ed", 2);
    memcpy(sig + 2, sk + 54, 8);
    crypto_sign_detached(sig + 10, NULL, (const unsigned char *)d, strlen(d),
                         sk + 62);
    memcpy(buf, sig + 10, 64);
    memcpy(buf + 64, "old", 3);
    crypto_sign_detached(g, NULL, buf, 67, sk + 62);
    sodium_memzero(sk, sizeof sk);
    copy("data.txt.minisig", "legacy.minisig");
    set_b64("legacy.minisig", 2, sig, sizeof sig);
    set_line("legacy.minisig", 3, "trusted comment: old");
    set_b64("legacy.minisig", 4, g, sizeof g);
    char tc[100];
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("legacy.minisig"), tc,
                          sizeof tc, &e) == SSP_EDATA);
    CHECK(strstr(e.msg, "legacy signature") != NULL);
    CHECK_STR(tc, "");
    CHECK(ssp_verify_file(at("k.pub"), at("changed.txt"), at("legacy.minisig"),
                          tc, sizeof tc, &e) == SSP_EDATA);
    /* "ED" over the same bytes would be another message: it fails. */
    sig[1] = 'D';
    set_b64("legacy.minisig", 2, sig, sizeof sig);
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("legacy.minisig"), tc,
                          sizeof tc, &e) == SSP_EDATA);
}

/* Malformed files are usage errors with their place; missing ones I/O. */
static void malformed(void)
{
    ssp_error e;
    char tc[100];
    CHECK(ssp_verify_file(at("nosuch.pub"), at("data.txt"),
                          at("data.txt.minisig"), tc, sizeof tc,
                          &e) == SSP_EIO);
    CHECK(ssp_verify_file(at("k.pub"), at("nosuch"), at("data.txt.minisig"), tc,
                          sizeof tc, &e) == SSP_EIO);
    CHECK_STR(e.file, at("nosuch"));
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("nosuch.minisig"), tc,
                          sizeof tc, &e) == SSP_EIO);
    /* a secret key given as the public key */
    CHECK(ssp_verify_file(at("k.key"), at("data.txt"), at("data.txt.minisig"),
                          tc, sizeof tc, &e) == SSP_EUSAGE);
    CHECK(e.line == 2 && contains(e.msg, "not a minisign public key"));
    /* a signature file cut short, or not base64 */
    put("short.minisig", "untrusted comment: x\n");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("short.minisig"), tc,
                          sizeof tc, &e) == SSP_EUSAGE);
    CHECK(e.line == 2 && contains(e.msg, "not a minisign signature"));
    copy("data.txt.minisig", "nob64.minisig");
    set_line("nob64.minisig", 4, "not*base64");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("nob64.minisig"), tc,
                          sizeof tc, &e) == SSP_EUSAGE);
    CHECK(e.line == 4);
    copy("data.txt.minisig", "notc.minisig");
    set_line("notc.minisig", 3, "verdict: met");
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("notc.minisig"), tc,
                          sizeof tc, &e) == SSP_EUSAGE);
    CHECK(e.line == 3 && contains(e.msg, "\"trusted comment: \""));
    put("empty.pub", "");
    CHECK(ssp_verify_file(at("empty.pub"), at("data.txt"),
                          at("data.txt.minisig"), tc, sizeof tc,
                          &e) == SSP_EUSAGE);
    CHECK(e.line == 1);
    /* an unknown algorithm */
    unsigned char sig[74];
    copy("data.txt.minisig", "alg.minisig");
    CHECK(get_b64("alg.minisig", 2, sig, sizeof sig) == 0);
    sig[0] = 'X';
    set_b64("alg.minisig", 2, sig, sizeof sig);
    CHECK(ssp_verify_file(at("k.pub"), at("data.txt"), at("alg.minisig"), tc,
                          sizeof tc, &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "unsupported signature algorithm"));
}

/* Secret keys that must not sign. */
static void bad_seckeys(void)
{
    ssp_error e;
    unsigned char sk[158];
    CHECK(get_b64("k.key", 2, sk, sizeof sk) == 0);
    /* encrypted (the KDF "Sc"): refused, pointing to -W */
    copy("k.key", "enc.key");
    chmod(at("enc.key"), 0600);
    sk[2] = 'S';
    sk[3] = 'c';
    set_b64("enc.key", 2, sk, sizeof sk);
    CHECK(ssp_sign_file(at("enc.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "encrypted with a password"));
    CHECK(contains(e.msg, "minisign -G -W"));
    sk[2] = sk[3] = 0;
    /* a checksum that does not match */
    copy("k.key", "chk.key");
    chmod(at("chk.key"), 0600);
    sk[126] = 1;
    set_b64("chk.key", 2, sk, sizeof sk);
    CHECK(ssp_sign_file(at("chk.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "checksum"));
    /* the right checksum is accepted (as minisign -C -W leaves it) */
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, 32);
    crypto_generichash_update(&hs, sk, 2);
    crypto_generichash_update(&hs, sk + 54, 8);
    crypto_generichash_update(&hs, sk + 62, 64);
    crypto_generichash_final(&hs, sk + 126, 32);
    set_b64("chk.key", 2, sk, sizeof sk);
    CHECK(ssp_sign_file(at("chk.key"), at("data.txt"), "x", &e) == SSP_OK);
    memset(sk + 126, 0, 32);
    /* a damaged public half */
    copy("k.key", "half.key");
    chmod(at("half.key"), 0600);
    sk[62 + 40] ^= 1;
    set_b64("half.key", 2, sk, sizeof sk);
    CHECK(ssp_sign_file(at("half.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "damaged"));
    sk[62 + 40] ^= 1;
    /* an all-zero seed, its public half made to match: a key anyone can
     * recompute, refused as not random (issue 12, item 32) */
    copy("k.key", "zero.key");
    chmod(at("zero.key"), 0600);
    unsigned char zpk[32], zsk[64], seed[32] = {0};
    crypto_sign_seed_keypair(zpk, zsk, seed);
    memcpy(sk + 62, zsk, 64);
    set_b64("zero.key", 2, sk, sizeof sk);
    CHECK(ssp_sign_file(at("zero.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "not random"));
    sodium_memzero(sk, sizeof sk);
    /* readable by others */
    copy("k.key", "open.key");
    chmod(at("open.key"), 0644);
    CHECK(ssp_sign_file(at("open.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "chmod 600"));
    /* a public key given as the secret key */
    copy("k.pub", "pub.key");
    chmod(at("pub.key"), 0600);
    CHECK(ssp_sign_file(at("pub.key"), at("data.txt"), "x", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "not a minisign secret key"));
    CHECK(ssp_sign_file(at("nosuch.key"), at("data.txt"), "x", &e) == SSP_EIO);
    CHECK(ssp_sign_file(at("k.key"), at("nosuch"), "x", &e) == SSP_EIO);
    CHECK(access(at("nosuch.minisig"), F_OK) != 0);
    /* trusted comments minisign could not read back */
    CHECK(ssp_sign_file(at("k.key"), at("data.txt"), "a\nb", &e) == SSP_EUSAGE);
    CHECK(contains(e.msg, "line break"));
    static char longtc[8175];
    memset(longtc, 'x', sizeof longtc - 1);
    CHECK(ssp_sign_file(at("k.key"), at("data.txt"), longtc, &e) == SSP_EUSAGE);
    longtc[sizeof longtc - 2] = '\0'; /* 8,173 bytes: the most */
    CHECK(ssp_sign_file(at("k.key"), at("data.txt"), longtc, &e) == SSP_OK);
    char *tc = malloc(9000);
    CHECK(tc &&
          ssp_verify_file(at("k.pub"), at("data.txt"), at("data.txt.minisig"),
                          tc, 9000, &e) == SSP_OK);
    CHECK(tc && strcmp(tc, longtc) == 0);
    free(tc);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static const struct test tests[] = {
    T(setup),  T(keygen_files), T(round_trip),  T(tampering),
    T(legacy), T(malformed),    T(bad_seckeys),
};

/* The driver for tests/sign/check.sh. */
static int drive(int argc, char **argv)
{
    ssp_error e;
    ssp_status st = SSP_EUSAGE;
    char tc[8192];
    e.msg[0] = '\0';
    if (argc == 3 && !strcmp(argv[1], "keygen")) {
        char id[17];
        if ((st = ssp_sign_keygen(argv[2], id, &e)) == SSP_OK)
            printf("%s\n", id);
    } else if (argc == 5 && !strcmp(argv[1], "sign")) {
        st = ssp_sign_file(argv[2], argv[3], argv[4], &e);
    } else if (argc == 5 && !strcmp(argv[1], "verify")) {
        if ((st = ssp_verify_file(argv[2], argv[3], argv[4], tc, sizeof tc,
                                  &e)) == SSP_OK)
            printf("%s\n", tc);
    } else {
        fprintf(stderr, "usage: test_sign [keygen BASE | sign SECKEY FILE "
                        "COMMENT | verify PUBKEY FILE SIGFILE]\n");
        return 2;
    }
    if (st != SSP_OK)
        fprintf(stderr, "status %d: %s:%ld:%ld: %s\n", (int)st, e.file, e.line,
                e.col, e.msg);
    return (int)st;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return drive(argc, argv);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = run_tests(tests, sizeof tests / sizeof tests[0]);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
