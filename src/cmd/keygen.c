/* keygen.c: ssp keygen, secret keys for pseudonyms (and, later, for
 * signing certificates). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "ssp/pseudo.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp keygen --hmac -o FILE\n"
    "Make a secret key for ssp ingest's pseudonyms (HMAC-SHA256): 32 random\n"
    "bytes, written to FILE with mode 0600. Prints the key's id, which\n"
    "manifests record in place of the key. Keep the key apart from the data.\n"
    "\n"
    "      --hmac          a pseudonymization key\n"
    "  -o, --output FILE   the key file (must not exist yet)\n"
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
    int hmac = 0, c;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_HMAC: hmac = 1; break;
        case OPT_SIGN:
            usage_error("--sign (certificate signing keys) is not written "
                        "yet; only --hmac");
        case 'o': out = optarg; break;
        case 'h':
            fputs(usage, stdout);
            return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp keygen %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default:
            tool_bad_option();
        }
    }
    if (!hmac)
        usage_error("give the kind of key: --hmac");
    if (!out)
        usage_error("give the key file: -o FILE");
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    FILE *fp = fopen(out, "r");
    if (fp) {
        fclose(fp);
        die(SSP_EUSAGE, "%s: exists; a key is never overwritten", out);
    }
    ssp_key key;
    ssp_error e;
    if (ssp_key_generate(out, &key, &e) != SSP_OK)
        die_error(&e);
    printf("%s\n", key.id);
    return tool_finish(SSP_OK);
}
