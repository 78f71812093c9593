/* xnet/inet_checksum.h — the Internet checksum (RFC 1071).
 *
 * The one's-complement sum of 16-bit big-endian words, odd trailing byte
 * padded with zero. Two forms: the finished checksum of one buffer, and a
 * partial sum that can be carried across buffers (pseudo-header, then
 * header, then payload) and finished once.
 *
 * Partial sums are plain uint32_t values: 0 starts a sum; feed buffers in
 * order with xnet_inet_checksum_add; xnet_inet_checksum_finish folds and
 * complements. Every buffer but the last must have an even length (as in
 * every protocol that chains them), since a word never straddles two.
 *
 * Thread-safety: every function is reentrant (no state, no allocation).
 */
#ifndef XNET_INET_CHECKSUM_H
#define XNET_INET_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_inet_checksum_add adds b[0..n) to the partial sum `sum` and returns
 * the new partial sum (folded to 16 bits, so it never overflows).
 * Go: none (the unexported checksum helpers of x/net/icmp). Errors: none. */
XNET_API uint32_t xnet_inet_checksum_add(uint32_t sum, const uint8_t *b,
                                         size_t n);

/* xnet_inet_checksum_add_u16 adds one 16-bit word (host value, e.g. a
 * pseudo-header length or protocol) to the partial sum. Go: none.
 * Errors: none. */
XNET_API uint32_t xnet_inet_checksum_add_u16(uint32_t sum, uint16_t word);

/* xnet_inet_checksum_finish folds `sum` and returns its one's complement:
 * the value to store big-endian in a checksum field. Go: none.
 * Errors: none. */
XNET_API uint16_t xnet_inet_checksum_finish(uint32_t sum);

/* xnet_inet_checksum returns the Internet checksum of b[0..n):
 * xnet_inet_checksum_finish(xnet_inet_checksum_add(0, b, n)). Data that
 * includes a correct checksum field yields 0. Go: none. Errors: none. */
XNET_API uint16_t xnet_inet_checksum(const uint8_t *b, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* XNET_INET_CHECKSUM_H */
