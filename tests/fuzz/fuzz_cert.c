/* fuzz_cert.c: certificate documents as ssp verify reads them: the input
 * is the file (ssp_cert_load), judged by ssp_cert_check once as
 * certs/ID.json, named after its own id so that the checks past the name
 * are reached, and once under a name that is no certificate's. It must
 * load or be refused with a message, never crash; a document that passes
 * is an ssp-certificate-1 object, and a message is cut to its buffer. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "ssp/certdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    if (!path)
        return 0;
    ssp_error e = {0};
    json_t *cert = ssp_cert_load(path, &e);
    if (!cert) {
        assert(e.status == SSP_EDATA && e.msg[0]);
        return 0;
    }
    const char *id = json_string_value(json_object_get(cert, "id"));
    char file[1200], why[700], small[8];
    snprintf(file, sizeof file, "certs/%s.json", id ? id : "");
    if (ssp_cert_check(cert, file, why, sizeof why)) {
        const char *v = json_string_value(json_object_get(cert, "verdict"));
        assert(!*why && json_is_object(cert) && v && !strncmp(id, "SSP-", 4));
        assert(!strcmp(v, "met") || !strcmp(v, "not_met"));
    } else {
        assert(*why);
    }
    assert(!ssp_cert_check(cert, path, why, sizeof why) && *why);
    assert(!ssp_cert_check(cert, "x.json", small, sizeof small) &&
           strlen(small) < sizeof small);
    json_decref(cert);
    return 0;
}
