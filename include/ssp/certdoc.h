/* certdoc.h: the certificate document (format ssp-certificate-1) that
 * ssp cert writes and ssp verify reads: a certificate of a plan met or a
 * statement of one not met (ssp-cert(1) describes its members). */
#ifndef SSP_CERTDOC_H
#define SSP_CERTDOC_H

#include <stddef.h>

#include "ssp/ssp.h"

/* Read the certificate file path as JSON (a key given twice is refused):
 * a new json_t * (the caller frees it with json_decref), of any shape
 * (ssp_cert_check judges it). NULL with err filled when path cannot be
 * read (SSP_EIO, "PATH: cannot read: REASON") or is not JSON (SSP_EDATA,
 * at PATH:LINE:COL). */
void *ssp_cert_load(const char *path, ssp_error *err) SSP_NODISCARD;

/* Whether cert (a json_t *, borrowed; any JSON value) is the certificate
 * as ssp cert makes it: its members of the types and values it writes,
 * its id of the form SSP-[NM-]TECHNOLOGY-REGION-HEX12 agreeing with its
 * kind, verdict, technology and region, and its file (file: its path)
 * named ID.json. Returns 1; 0 with what is wrong in why (a message of at
 * most n bytes; n > 0). */
int ssp_cert_check(const void *cert, const char *file, char *why, size_t n);

#endif
