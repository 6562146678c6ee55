/* snn_digest: SHA-256 of files and of text (nettle), as lower-case hex or base64, for the
 * provenance a report lists and the hash a Content-Security-Policy names. */
#ifndef SNN_DIGEST_H
#define SNN_DIGEST_H

#include <stddef.h>

#define SNN_SHA256_HEX_LEN 65 /* 64 hex digits and the NUL */

/* SNN_OK, or SNN_ERR_IO with err naming the file and the cause. */
int snn_digest_file_sha256(const char *path, char hex[SNN_SHA256_HEX_LEN], char *err,
                           size_t errlen);
void snn_digest_sha256_hex(const void *data, size_t n, char hex[SNN_SHA256_HEX_LEN]);
/* The digest in base64 (44 characters and the NUL), as CSP's 'sha256-...' sources take it. */
void snn_digest_sha256_base64(const void *data, size_t n, char out[45]);

#endif
