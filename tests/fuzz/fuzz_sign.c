/* fuzz_sign.c: minisign public keys and signature files. The input is a
 * public key and a signature file, split at the first NUL byte; the
 * signed file is fixed. A forged or malformed pair is refused with a
 * message; nothing verifies that was not signed by the key. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ssp/sign.h"

static char key[] = "/tmp/ssp-fuzz-sign-key.XXXXXX";

static void forget(void)
{
    unlink(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t klen = nul ? (size_t)(nul - data) : size;
    static int made;
    if (!made) { /* the key in a file of its own, the signature in memory */
        int fd = mkstemp(key);
        if (fd < 0)
            return 0;
        close(fd);
        atexit(forget);
        made = 1;
    }
    FILE *fp = fopen(key, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, klen, fp);
    fclose(fp);
    const char *sig =
        fuzz_file(nul ? nul + 1 : data + size, nul ? size - klen - 1 : 0);
    if (!sig)
        return 0;
    char tc[256];
    ssp_error e = {0};
    ssp_status st =
        ssp_verify_file(key, "examples/demo-sign.pub", sig, tc, sizeof tc, &e);
    assert(st == SSP_OK || e.msg[0]);
    return 0;
}
