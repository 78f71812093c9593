/* xnet/crc32c.h — CRC32c (Castagnoli), the SCTP checksum.
 *
 * The reflected CRC with polynomial 0x1EDC6F41 (0x82F63B78 bit-reversed),
 * register preset to all ones and the result complemented (RFC 9260
 * Appendix A, RFC 3720 B.4). The one-shot and update functions pick at run
 * time the fastest method this CPU has: the SSE4.2 `crc32` instruction on
 * x86-64 (three interleaved streams), slicing-by-8 tables otherwise. Both
 * methods are always compiled and callable directly, so both are tested on
 * every host that can run them.
 *
 * Incremental use:
 *   uint32_t s = xnet_crc32c_init();
 *   s = xnet_crc32c_update(s, a, na);
 *   s = xnet_crc32c_update(s, b, nb);
 *   uint32_t crc = xnet_crc32c_final(s);   == xnet_crc32c(a||b)
 * The state is the raw CRC register; only _final complements it.
 *
 * Storage: SCTP puts the 32-bit result in its checksum field least
 * significant byte first (see xnet/sctp_packet.h).
 *
 * Thread-safety: every function is reentrant; there is no state besides the
 * caller's.
 */
#ifndef XNET_CRC32C_H
#define XNET_CRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_crc32c returns the CRC32c of data[0..n) ("123456789" -> 0xe3069283).
 * Go: crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)).
 * Errors: none (n == 0 gives 0; data may be NULL when n == 0). */
XNET_API uint32_t xnet_crc32c(const void *data, size_t n);

/* xnet_crc32c_init returns the initial state (the register preset, all ones).
 * Go: none (crc32.Update takes the finished CRC instead). Errors: none. */
XNET_API uint32_t xnet_crc32c_init(void);

/* xnet_crc32c_update feeds data[0..n) into state and returns the new state,
 * with the fastest method available.
 * Go: crc32.Update (on complemented values). Errors: none. */
XNET_API uint32_t xnet_crc32c_update(uint32_t state, const void *data,
                                     size_t n);

/* xnet_crc32c_final turns a state into the CRC value (complements it).
 * Go: none. Errors: none. */
XNET_API uint32_t xnet_crc32c_final(uint32_t state);

/* xnet_crc32c_update_table is _update with slicing-by-8 tables: portable,
 * about 1 byte per cycle. Go: none. Errors: none. */
XNET_API uint32_t xnet_crc32c_update_table(uint32_t state, const void *data,
                                           size_t n);

/* xnet_crc32c_update_sse42 is _update with the SSE4.2 crc32 instruction,
 * three independent streams per block, 8 bytes per instruction. On a CPU or
 * architecture without it, it computes the same value with the tables (it
 * never executes an unsupported instruction).
 * Go: none. Errors: none. */
XNET_API uint32_t xnet_crc32c_update_sse42(uint32_t state, const void *data,
                                           size_t n);

/* xnet_crc32c_have_sse42 says whether _update_sse42 really uses the
 * instruction here (x86-64 CPU with SSE4.2).
 * Go: none (cpu.X86.HasSSE42). Errors: none. */
XNET_API bool xnet_crc32c_have_sse42(void);

#ifdef __cplusplus
}
#endif
#endif /* XNET_CRC32C_H */
