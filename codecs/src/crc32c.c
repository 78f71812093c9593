/* crc32c.c — CRC32c by slicing-by-8 tables and by the SSE4.2 instruction.
 *
 * Both methods update the raw (reflected) CRC register; xnet_crc32c_init()
 * presets it and xnet_crc32c_final() complements it, as RFC 9260 Appendix A
 * describes. The tables are constants in crc32c_table.c.
 *
 * The hardware method splits a long buffer into three lanes processed in
 * one loop: the crc32 instruction has a latency of about three cycles but
 * accepts one new operation per cycle, so three independent dependency
 * chains keep it busy. A lane's register is then carried past the following
 * lanes with a constant shift table (the CRC register update is linear over
 * GF(2): feeding data from state s equals feeding it from 0, xored with s
 * fed only zeros), and the next lane's register xored in.
 */
#include <stdint.h>
#include <string.h>

#include "xnet/crc32c.h"

/* Defined in crc32c_table.c; see the definitions there. */
extern const uint32_t xnet__crc32c_slice[8][256];
extern const uint32_t xnet__crc32c_shift_long[4][256];
extern const uint32_t xnet__crc32c_shift_short[4][256];

/* Lane lengths the shift tables were generated for. A long lane amortises
 * the shift over 3 KiB; the short one lets a 1500-byte packet use three
 * lanes for most of its bytes. */
#define XNET__CRC32C_LONG 1024u
#define XNET__CRC32C_SHORT 128u

uint32_t xnet_crc32c_init(void) { return 0xFFFFFFFFu; }

uint32_t xnet_crc32c_final(uint32_t state) { return ~state; }

/* Reads four bytes least-significant first: the order in which a reflected
 * CRC consumes bits, on any host. */
static inline uint32_t load_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

uint32_t xnet_crc32c_update_table(uint32_t state, const void *data, size_t n) {
  const uint8_t *p = data;
  const uint32_t(*t)[256] = xnet__crc32c_slice;
  uint32_t crc = state;

  /* Byte steps up to an 8-byte boundary only matter for speed. */
  while (n > 0 && ((uintptr_t)p & 7u) != 0) {
    crc = (crc >> 8) ^ t[0][(crc ^ *p++) & 0xFFu];
    n--;
  }
  while (n >= 8) {
    uint32_t lo = crc ^ load_le32(p);
    uint32_t hi = load_le32(p + 4);
    crc = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^
          t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^ t[3][hi & 0xFFu] ^
          t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    crc = (crc >> 8) ^ t[0][(crc ^ *p++) & 0xFFu];
    n--;
  }
  return crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

/* zeros(c, L) for the lane length L of table t: four lookups. */
static inline uint32_t crc32c_shift(const uint32_t t[4][256], uint32_t c) {
  return t[0][c & 0xFFu] ^ t[1][(c >> 8) & 0xFFu] ^ t[2][(c >> 16) & 0xFFu] ^
         t[3][c >> 24];
}

/* x86-64 is little-endian, so a plain 8-byte load is the byte order the
 * instruction expects; memcpy makes the unaligned access well defined. */
static inline uint64_t load_u64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* One block of three lanes of `lane` bytes each, starting from crc. */
__attribute__((target("sse4.2,crc32"))) static inline uint32_t
crc32c_sse42_lanes(uint32_t crc, const uint8_t *p, size_t lane,
                   const uint32_t shift[4][256]) {
  uint64_t a = crc, b = 0, c = 0;
  const uint8_t *end = p + lane;
  do {
    a = __builtin_ia32_crc32di(a, load_u64(p));
    b = __builtin_ia32_crc32di(b, load_u64(p + lane));
    c = __builtin_ia32_crc32di(c, load_u64(p + 2 * lane));
    p += 8;
  } while (p < end);
  uint32_t r = crc32c_shift(shift, (uint32_t)a) ^ (uint32_t)b;
  return crc32c_shift(shift, r) ^ (uint32_t)c;
}

__attribute__((target("sse4.2,crc32"))) static uint32_t
crc32c_sse42(uint32_t state, const uint8_t *p, size_t n) {
  uint32_t crc = state;
  while (n >= 3 * XNET__CRC32C_LONG) {
    crc = crc32c_sse42_lanes(crc, p, XNET__CRC32C_LONG, xnet__crc32c_shift_long);
    p += 3 * XNET__CRC32C_LONG;
    n -= 3 * XNET__CRC32C_LONG;
  }
  while (n >= 3 * XNET__CRC32C_SHORT) {
    crc = crc32c_sse42_lanes(crc, p, XNET__CRC32C_SHORT,
                             xnet__crc32c_shift_short);
    p += 3 * XNET__CRC32C_SHORT;
    n -= 3 * XNET__CRC32C_SHORT;
  }
  uint64_t c = crc;
  while (n >= 8) {
    c = __builtin_ia32_crc32di(c, load_u64(p));
    p += 8;
    n -= 8;
  }
  crc = (uint32_t)c;
  while (n > 0) {
    crc = __builtin_ia32_crc32qi(crc, *p++);
    n--;
  }
  return crc;
}

bool xnet_crc32c_have_sse42(void) {
  /* cpu_init is idempotent and needed when we run before the runtime's own
   * constructor did it (a caller's constructor). */
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2") != 0;
}

uint32_t xnet_crc32c_update_sse42(uint32_t state, const void *data, size_t n) {
  if (!xnet_crc32c_have_sse42())
    return xnet_crc32c_update_table(state, data, n);
  return crc32c_sse42(state, data, n);
}

uint32_t xnet_crc32c_update(uint32_t state, const void *data, size_t n) {
  if (n == 0)
    return state;
  return xnet_crc32c_update_sse42(state, data, n);
}

#else /* no crc32 instruction on this architecture */

bool xnet_crc32c_have_sse42(void) { return false; }

uint32_t xnet_crc32c_update_sse42(uint32_t state, const void *data, size_t n) {
  return xnet_crc32c_update_table(state, data, n);
}

uint32_t xnet_crc32c_update(uint32_t state, const void *data, size_t n) {
  return xnet_crc32c_update_table(state, data, n);
}

#endif

uint32_t xnet_crc32c(const void *data, size_t n) {
  return xnet_crc32c_final(xnet_crc32c_update(xnet_crc32c_init(), data, n));
}
