/* seal: AES-256-GCM records for data at rest (mbedTLS). A sealed record is
 * nonce (12 random bytes) || ciphertext || tag (16 bytes). The additional data is the table name
 * and the row key, so a record moved to another row or table does not open. Thread-safe. */
#ifndef PARAF_SEAL_H
#define PARAF_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEAL_KEY_LEN   32
#define SEAL_NONCE_LEN 12
#define SEAL_TAG_LEN   16
#define SEAL_OVERHEAD  (SEAL_NONCE_LEN + SEAL_TAG_LEN)

/* Seals len bytes of in for (table, row); *out is malloc'd (*out_len = len + SEAL_OVERHEAD). */
bool seal_box(const uint8_t key[SEAL_KEY_LEN], const char *table, const char *row, const void *in,
              size_t len, uint8_t **out, size_t *out_len) __attribute__((warn_unused_result));
/* Opens a sealed record; false when it was altered, moved or sealed under another key. *out is
 * malloc'd with one extra NUL byte after *out_len bytes (so text can be used as a string). */
bool seal_open(const uint8_t key[SEAL_KEY_LEN], const char *table, const char *row, const void *in,
               size_t len, uint8_t **out, size_t *out_len) __attribute__((warn_unused_result));

#endif
