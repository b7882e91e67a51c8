/* sign.h: Ed25519 signatures in minisign's formats (libsodium).
 *
 * Key files and signature files are those of minisign 0.11, byte for byte
 * (but for the note on KEYID below):
 *
 *   NAME.pub   untrusted comment: minisign public key KEYID
 *              base64("Ed" || keynum[8] || public key[32])
 *   NAME.key   untrusted comment: minisign encrypted secret key
 *              base64("Ed" || kdf "\0\0" || "B2" || salt[32] || opslimit[8]
 *                     || memlimit[8] || keynum[8] || secret key[64]
 *                     || checksum[32])
 *   FILE.minisig
 *              untrusted comment: signature from minisign secret key
 *              base64("ED" || keynum[8] || Ed25519(BLAKE2b-512(FILE)))
 *              trusted comment: COMMENT
 *              base64(Ed25519(signature[64] || COMMENT))
 *
 * An unencrypted key (minisign -G -W) has kdf "\0\0" and zero salt, limits
 * and checksum; minisign still calls it "encrypted" in its comment line.
 * KEYID is the keynum read as a little-endian 64-bit number, 16 upper-case
 * hex digits (minisign 0.11 drops leading zeros in the public key's
 * comment, later versions do not; no one reads the comment back).
 * A legacy signature ("Ed", minisign -l) signs the file's bytes directly;
 * ssp never makes one and refuses one. */
#ifndef SSP_SIGN_H
#define SSP_SIGN_H

#include <stddef.h>

#include "ssp/ssp.h"

/* Make a key pair: BASE.key (secret, minisign format, unencrypted as
 * `minisign -G -W` makes it, mode 0600) and BASE.pub; neither may exist
 * yet. keyid gets the key id as 16 upper-case hex digits as minisign shows it.
 * Errors: SSP_EUSAGE when either file exists (nothing is written), SSP_EIO
 * when a file cannot be written (neither is left behind). */
ssp_status ssp_sign_keygen(const char *base, char keyid[17],
                           ssp_error *err) SSP_NODISCARD;

/* Sign file with the secret key file seckey (ours, or minisign -G -W's;
 * an encrypted key is refused with a message saying to use -W), writing
 * FILE.minisig atomically: prehashed (BLAKE2b-512, "ED") as minisign 0.11
 * does by default, with trusted_comment (no line break) as the trusted
 * comment.
 * Errors: SSP_EUSAGE for a malformed, encrypted or group/other-readable
 * secret key, or one whose seed is not random (all zero, one byte
 * repeated, 16 or fewer different bytes), or a trusted comment with a line
 * break or over 8,173 bytes (minisign's limit); SSP_EIO when the key or file
 * cannot be read or the signature written. */
ssp_status ssp_sign_file(const char *seckey, const char *file,
                         const char *trusted_comment,
                         ssp_error *err) SSP_NODISCARD;

/* Verify file against sigfile with the public key file pubkey: SSP_OK when
 * the signature and its trusted comment are genuine (the trusted comment is
 * copied to tc, tclen bytes, when tc is not NULL); SSP_EDATA when not, with
 * a message naming what failed (key id differs, signature, trusted comment);
 * SSP_EUSAGE for a malformed key or signature file; SSP_EIO when unreadable.
 * Accepts only "ED" (prehashed) signatures: a legacy "Ed" one, which ssp
 * never makes, is SSP_EDATA, named as such.
 * tc is always NUL-terminated (when tclen > 0); a longer comment is cut. */
ssp_status ssp_verify_file(const char *pubkey, const char *file,
                           const char *sigfile, char *tc, size_t tclen,
                           ssp_error *err) SSP_NODISCARD;

#endif
