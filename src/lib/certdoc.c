/* certdoc.c: reading and checking a certificate document. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ssp/certdoc.h"

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

void *ssp_cert_load(const char *path, ssp_error *err)
{
    json_error_t je;
    if (access(path, R_OK)) {
        ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot read: %s",
                      strerror(errno));
        return NULL;
    }
    json_t *cert = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!cert && ssp_json_nomem(&je))
        ssp_error_nomem(err);
    else if (!cert)
        ssp_error_set(err, SSP_EDATA, path, je.line, je.column, "%s", je.text);
    return cert;
}

int ssp_cert_check(const void *doc, const char *file, char *why, size_t n)
{
    const json_t *cert = doc;
    *why = '\0';
    const char *kind = str(cert, "kind"), *verdict = str(cert, "verdict"),
               *id = str(cert, "id"), *tech = str(cert, "technology"),
               *region = str(cert, "region");
    if (!json_is_object(cert) ||
        strcmp(str(cert, "format") ?: "", "ssp-certificate-1")) {
        snprintf(why, n, "not an ssp-certificate-1 document");
        return 0;
    }
    if (!kind || !verdict || !id || !tech || !region) {
        snprintf(why, n,
                 "kind, verdict, id, technology and region must be "
                 "strings");
        return 0;
    }
    int met = !strcmp(verdict, "met");
    if (!met && strcmp(verdict, "not_met")) {
        snprintf(why, n, "verdict '%s' is neither met nor not_met", verdict);
        return 0;
    }
    if (strcmp(kind, met ? "certificate" : "not_met_statement")) {
        snprintf(why, n, "kind '%s' with verdict %s", kind, verdict);
        return 0;
    }
    char want[512];
    snprintf(want, sizeof want, "SSP-%s%s-%s-", met ? "" : "NM-", tech, region);
    /* (the digits only past the prefix: a shorter id ends before it) */
    size_t wl = strlen(want), hex = 0;
    int prefix = !strncmp(id, want, wl);
    while (prefix && id[wl + hex] && strchr("0123456789abcdef", id[wl + hex]))
        hex++;
    if (!prefix || hex != 12 || id[wl + hex]) {
        snprintf(why, n, "the id %s is not %sXXXXXXXXXXXX (12 hex digits)", id,
                 want);
        return 0;
    }
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    if (strncmp(base, id, strlen(id)) || strcmp(base + strlen(id), ".json")) {
        snprintf(why, n, "the file is named %s, the certificate's id is %s",
                 base, id);
        return 0;
    }
    if (!str(json_object_get(cert, "plan"), "sha256") ||
        !str(json_object_get(cert, "results"), "sha256")) {
        snprintf(why, n, "the plan's or the results' SHA-256 is missing");
        return 0;
    }
    size_t i;
    const json_t *c;
    if (!json_is_array(json_object_get(cert, "criteria"))) {
        snprintf(why, n, "criteria is not an array");
        return 0;
    }
    json_array_foreach(json_object_get(cert, "criteria"), i, c)
    {
        if (!str(c, "id") || !str(c, "role") || !str(c, "indicator") ||
            !str(c, "outcome")) {
            snprintf(why, n,
                     "criteria[%zu] lacks a string id, role, "
                     "indicator or outcome",
                     i);
            return 0;
        }
    }
    return 1;
}
