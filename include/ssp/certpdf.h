/* certpdf.h: the printable certificate (실증결과 확인서) as an A4 PDF. */
#ifndef SSP_CERTPDF_H
#define SSP_CERTPDF_H

#include "ssp/ssp.h"

/* Render the certificate (cert is a json_t *, the certificate JSON
 * described below) to path as an A4 PDF, atomically. digest is the SHA-256
 * (64 hex digits) of the certificate JSON file's bytes: it goes into the QR
 * code, is printed under it, and is stored in the PDF's metadata so that
 * ssp_cert_pdf_digest can read it back. Korean text is set with pango in an
 * installed Korean font (fonts-nanum: NanumGothic / NanumMyeongjo via
 * fontconfig), embedded (subset) by cairo so the PDF prints the same
 * anywhere. The PDF's creation date is the certificate's issue date, so
 * the bytes depend only on the certificate.
 *
 * The certificate is the object ssp cert writes: format, kind
 * ("certificate" or "not_met_statement"), id, issued_on (YYYY-MM-DD),
 * firm {name_ko, name_en}, technology, region, period {from, to},
 * participants {enrolled, completers, min_completers}, criteria [{id,
 * role, indicator, label, arm, rule, estimate, ci_low, ci_high, p,
 * p_adjusted, n, unit, outcome, reason}], verdict ("met" or "not_met"),
 * version; numbers may be null, other members are ignored. The digest is
 * kept in the PDF's Keywords as "ssp-sha256:<hex>" (lower-case hex).
 * cert and digest are borrowed. Returns SSP_OK; SSP_EDATA when the
 * certificate lacks a member the document needs (named in err);
 * SSP_EUSAGE for a digest that is not 64 hex digits or when the Nanum
 * fonts are not installed; SSP_EIO when path cannot be written (the
 * target is then left as it was); SSP_EINTERNAL on out of memory or a
 * cairo failure. */
ssp_status ssp_cert_pdf(const void *cert, const char *digest, const char *path,
                        ssp_error *err) SSP_NODISCARD;

/* The digest a PDF made by ssp_cert_pdf carries in its metadata: SSP_OK
 * with hex filled (64 lower-case hex digits and a NUL), SSP_EDATA if the
 * file is not such a PDF, SSP_EIO if unreadable. */
ssp_status ssp_cert_pdf_digest(const char *path, char hex[65],
                               ssp_error *err) SSP_NODISCARD;

#endif
