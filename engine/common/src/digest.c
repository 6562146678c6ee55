/* snn_digest: SHA-256 through nettle, read in 1 MiB blocks so that a result file of any size
 * is hashed in constant memory. */
#include "snn/digest.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha2.h>

#include "snn/error.h"

static void to_hex(const uint8_t *digest, char hex[SNN_SHA256_HEX_LEN]) {
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

int snn_digest_file_sha256(const char *path, char hex[SNN_SHA256_HEX_LEN], char *err,
                           size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return SNN_ERR_IO;
    }
    enum { BLOCK = 1 << 20 };
    uint8_t *block = malloc(BLOCK);
    if (!block) {
        fclose(f);
        snprintf(err, errlen, "out of memory hashing %s", path);
        return SNN_ERR_NOMEM;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    size_t n;
    while ((n = fread(block, 1, BLOCK, f)) > 0)
        sha256_update(&ctx, n, block);
    const int failed = ferror(f);
    const int saved = errno;
    fclose(f);
    free(block);
    if (failed) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(saved));
        return SNN_ERR_IO;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, hex);
    return SNN_OK;
}

static void digest_of(const void *data, size_t n, uint8_t digest[SHA256_DIGEST_SIZE]) {
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, n, data);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
}

void snn_digest_sha256_hex(const void *data, size_t n, char hex[SNN_SHA256_HEX_LEN]) {
    uint8_t digest[SHA256_DIGEST_SIZE];
    digest_of(data, n, digest);
    to_hex(digest, hex);
}

void snn_digest_sha256_base64(const void *data, size_t n, char out[45]) {
    uint8_t digest[SHA256_DIGEST_SIZE];
    digest_of(data, n, digest);
    base64_encode_raw((char *)out, SHA256_DIGEST_SIZE, digest);
    out[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE)] = '\0';
}
