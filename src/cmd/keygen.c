/* keygen.c: ssp keygen, secret keys for pseudonyms and key pairs for
 * signing certificates. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "ssp/pseudo.h"
#include "ssp/sign.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp keygen --hmac -o FILE\n"
    "       ssp keygen --sign -o NAME\n"
    "Make a secret key and print its id.\n"
    "\n"
    "--hmac: a key for ssp ingest's pseudonyms (HMAC-SHA256): 32 random\n"
    "bytes, written to FILE with mode 0600; manifests record its id in\n"
    "place of the key. Keep the key apart from the data.\n"
    "\n"
    "--sign: an Ed25519 key pair for signing certificates, in minisign's\n"
    "format: NAME.key (secret, unencrypted, mode 0600) and NAME.pub (give\n"
    "it to whoever checks the signatures: ssp verify, or minisign -V).\n"
    "The id printed is minisign's key id. A key pair made by\n"
    "minisign -G -W serves as well.\n"
    "\n"
    "      --hmac          a pseudonymization key\n"
    "      --sign          a signing key pair\n"
    "  -o, --output FILE   the key file, or for --sign the key pair's NAME\n"
    "                      (neither file may exist yet)\n"
    "  -h, --help          show this help and exit\n"
    "      --version       show the version and exit\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 I/O error, 4 internal error.\n"
    "See ssp-keygen(1).\n";

enum { OPT_HMAC = 256, OPT_SIGN, OPT_VERSION };

static const struct option long_opts[] = {
    {"hmac", no_argument, NULL, OPT_HMAC},
    {"sign", no_argument, NULL, OPT_SIGN},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

int main_keygen(int argc, char **argv)
{
    const char *out = NULL;
    int hmac = 0, sign = 0, c;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_HMAC: hmac = 1; break;
        case OPT_SIGN: sign = 1; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp keygen %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (hmac && sign)
        usage_error("give one kind of key: --hmac or --sign");
    if (!hmac && !sign)
        usage_error("give the kind of key: --hmac or --sign");
    if (!out)
        usage_error(sign ? "give the key pair's name: -o NAME"
                         : "give the key file: -o FILE");
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    ssp_error e;
    if (sign) {
        /* -o my.key would make my.key.key and my.key.pub. */
        size_t n = strlen(out);
        if (n >= 4 &&
            (!strcmp(out + n - 4, ".key") || !strcmp(out + n - 4, ".pub")))
            usage_error("give the key pair's name without .key or .pub: "
                        "-o %.*s makes %.*s.key and %.*s.pub",
                        (int)(n - 4), out, (int)(n - 4), out, (int)(n - 4),
                        out);
        char id[17];
        if (ssp_sign_keygen(out, id, &e) != SSP_OK)
            die_error(&e);
        printf("%s\n", id);
        return tool_finish(SSP_OK);
    }
    FILE *fp = fopen(out, "r");
    if (fp) {
        fclose(fp);
        die(SSP_EUSAGE, "%s: exists; a key is never overwritten", out);
    }
    ssp_key key;
    if (ssp_key_generate(out, &key, &e) != SSP_OK)
        die_error(&e);
    printf("%s\n", key.id);
    return tool_finish(SSP_OK);
}
