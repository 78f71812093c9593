/* test_crc32c.c — CRC32c: RFC vectors, incremental use, and the table and
 * SSE4.2 methods against a bit-at-a-time reference and each other. */
#include <stdlib.h>

#include "xnet/crc32c.h"
#include "xnet_test.h"

/* The definition, one bit at a time: the reference both methods answer to. */
static uint32_t crc32c_bitwise(uint32_t state, const uint8_t *p, size_t n) {
  while (n-- > 0) {
    state ^= *p++;
    for (int k = 0; k < 8; k++)
      state = (state >> 1) ^ ((state & 1u) ? 0x82F63B78u : 0u);
  }
  return state;
}

/* A fixed pseudo-random byte stream (xorshift32), so failures reproduce. */
static void fill_random(uint8_t *p, size_t n, uint32_t seed) {
  uint32_t x = seed;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = (uint8_t)(x >> 24);
  }
}

static const char *need_sse42(void) {
  return xnet_crc32c_have_sse42() ? NULL
                                  : "CPU without SSE4.2 (or not x86-64)";
}

typedef uint32_t (*update_fn)(uint32_t, const void *, size_t);

static uint32_t oneshot(update_fn f, const void *p, size_t n) {
  return xnet_crc32c_final(f(xnet_crc32c_init(), p, n));
}

/* RFC 3720 B.4 (iSCSI, the same CRC) and the customary check value. */
static int check_vectors(update_fn f) {
  uint8_t buf[32];
  memset(buf, 0x00, sizeof buf);
  if (oneshot(f, buf, 32) != 0x8a9136aau) return 1;
  memset(buf, 0xff, sizeof buf);
  if (oneshot(f, buf, 32) != 0x62a8ab43u) return 2;
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)i;
  if (oneshot(f, buf, 32) != 0x46dd794eu) return 3;
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)(31 - i);
  if (oneshot(f, buf, 32) != 0x113fdb5cu) return 4;
  if (oneshot(f, "123456789", 9) != 0xe3069283u) return 5;
  return 0;
}

static void test_crc32c_rfc3720_vectors_oneshot(void) {
  uint8_t buf[32];
  memset(buf, 0x00, sizeof buf);
  XT_ASSERT_UINT_EQ(xnet_crc32c(buf, 32), 0x8a9136aau);
  memset(buf, 0xff, sizeof buf);
  XT_ASSERT_UINT_EQ(xnet_crc32c(buf, 32), 0x62a8ab43u);
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)i;
  XT_ASSERT_UINT_EQ(xnet_crc32c(buf, 32), 0x46dd794eu);
  for (int i = 0; i < 32; i++) buf[i] = (uint8_t)(31 - i);
  XT_ASSERT_UINT_EQ(xnet_crc32c(buf, 32), 0x113fdb5cu);
  XT_ASSERT_UINT_EQ(xnet_crc32c("123456789", 9), 0xe3069283u);
}

static void test_crc32c_rfc3720_vectors_table(void) {
  XT_ASSERT_INT_EQ(check_vectors(xnet_crc32c_update_table), 0);
}

static void test_crc32c_rfc3720_vectors_sse42(void) {
  XT_ASSERT_INT_EQ(check_vectors(xnet_crc32c_update_sse42), 0);
}

static void test_crc32c_rfc3720_vectors_bitwise_reference(void) {
  /* Guards the reference itself. */
  XT_ASSERT_UINT_EQ(~crc32c_bitwise(0xFFFFFFFFu, (const uint8_t *)"123456789", 9),
                    0xe3069283u);
}

static void test_crc32c_empty_input(void) {
  XT_ASSERT_UINT_EQ(xnet_crc32c(NULL, 0), 0u);
  XT_ASSERT_UINT_EQ(xnet_crc32c_update(0x12345678u, NULL, 0), 0x12345678u);
  XT_ASSERT_UINT_EQ(xnet_crc32c_update_table(0x12345678u, NULL, 0), 0x12345678u);
  XT_ASSERT_UINT_EQ(xnet_crc32c_update_sse42(0x12345678u, NULL, 0), 0x12345678u);
  XT_ASSERT_UINT_EQ(xnet_crc32c_init(), 0xFFFFFFFFu);
  XT_ASSERT_UINT_EQ(xnet_crc32c_final(0xFFFFFFFFu), 0u);
}

static void test_crc32c_incremental_equals_oneshot_at_every_split(void) {
  uint8_t buf[700];
  fill_random(buf, sizeof buf, 7);
  uint32_t want = xnet_crc32c(buf, sizeof buf);
  for (size_t cut = 0; cut <= sizeof buf; cut++) {
    uint32_t s = xnet_crc32c_init();
    s = xnet_crc32c_update(s, buf, cut);
    s = xnet_crc32c_update(s, buf + cut, sizeof buf - cut);
    if (xnet_crc32c_final(s) != want) {
      xt_fail(__LINE__, __FILE__, "split at %zu: got 0x%08x, want 0x%08x",
              cut, xnet_crc32c_final(s), want);
      return;
    }
  }
  XT_ASSERT_UINT_EQ(xnet_crc32c(buf, sizeof buf),
                    ~crc32c_bitwise(0xFFFFFFFFu, buf, sizeof buf));
}

/* Every length 0..2048 at every alignment 0..15: table vs the bitwise
 * definition (which also checks every table entry that matters). */
static void test_crc32c_table_matches_bitwise_every_length_alignment(void) {
  enum { MAX = 2048, ALIGN = 16 };
  uint8_t *buf = malloc(MAX + ALIGN);
  XT_ASSERT(buf != NULL);
  fill_random(buf, MAX + ALIGN, 1);
  for (size_t a = 0; a < ALIGN; a++) {
    for (size_t n = 0; n <= MAX; n += (a == 0 ? 1 : 7)) {
      uint32_t seed = 0xFFFFFFFFu ^ (uint32_t)(n * 2654435761u);
      uint32_t got = xnet_crc32c_update_table(seed, buf + a, n);
      uint32_t want = crc32c_bitwise(seed, buf + a, n);
      if (got != want) {
        xt_fail(__LINE__, __FILE__, "align %zu len %zu: got 0x%08x, want 0x%08x",
                a, n, got, want);
        free(buf);
        return;
      }
    }
  }
  free(buf);
}

static void test_crc32c_sse42_matches_table_every_length_alignment(void) {
  enum { MAX = 2048, ALIGN = 16 };
  uint8_t *buf = malloc(MAX + ALIGN);
  XT_ASSERT(buf != NULL);
  fill_random(buf, MAX + ALIGN, 2);
  for (size_t a = 0; a < ALIGN; a++) {
    for (size_t n = 0; n <= MAX; n++) {
      uint32_t seed = 0xFFFFFFFFu ^ (uint32_t)(n * 40503u + a);
      uint32_t got = xnet_crc32c_update_sse42(seed, buf + a, n);
      uint32_t want = xnet_crc32c_update_table(seed, buf + a, n);
      if (got != want) {
        xt_fail(__LINE__, __FILE__, "align %zu len %zu: got 0x%08x, want 0x%08x",
                a, n, got, want);
        free(buf);
        return;
      }
    }
  }
  free(buf);
}

/* Lengths around the long-lane block (3 x 1024) and several blocks, so the
 * long-lane shift table is exercised too. */
static void test_crc32c_sse42_matches_table_long_buffers(void) {
  enum { MAX = 3 * 3 * 1024 + 3 * 128 + 64 };
  uint8_t *buf = malloc(MAX + 8);
  XT_ASSERT(buf != NULL);
  fill_random(buf, MAX + 8, 3);
  for (size_t n = 3 * 1024 - 16; n <= MAX; n += 5) {
    uint32_t got = xnet_crc32c_update_sse42(0xFFFFFFFFu, buf + (n & 7), n);
    uint32_t want = xnet_crc32c_update_table(0xFFFFFFFFu, buf + (n & 7), n);
    if (got != want) {
      xt_fail(__LINE__, __FILE__, "len %zu: got 0x%08x, want 0x%08x", n, got,
              want);
      free(buf);
      return;
    }
  }
  uint32_t table = xnet_crc32c_update_table(0xFFFFFFFFu, buf, MAX);
  uint32_t bitwise = crc32c_bitwise(0xFFFFFFFFu, buf, MAX);
  free(buf);
  XT_ASSERT_UINT_EQ(table, bitwise);
}

static void test_crc32c_dispatch_matches_table(void) {
  uint8_t buf[1500];
  fill_random(buf, sizeof buf, 4);
  XT_ASSERT_UINT_EQ(xnet_crc32c_update(0xFFFFFFFFu, buf, sizeof buf),
                    xnet_crc32c_update_table(0xFFFFFFFFu, buf, sizeof buf));
}

XT_SUITE(codecs, crc32c, NULL, NULL,
         XT_TEST(test_crc32c_rfc3720_vectors_oneshot),
         XT_TEST(test_crc32c_rfc3720_vectors_table),
         XT_TEST_IF(test_crc32c_rfc3720_vectors_sse42, need_sse42),
         XT_TEST(test_crc32c_rfc3720_vectors_bitwise_reference),
         XT_TEST(test_crc32c_empty_input),
         XT_TEST(test_crc32c_incremental_equals_oneshot_at_every_split),
         XT_TEST(test_crc32c_table_matches_bitwise_every_length_alignment),
         XT_TEST_IF(test_crc32c_sse42_matches_table_every_length_alignment,
                    need_sse42),
         XT_TEST_IF(test_crc32c_sse42_matches_table_long_buffers, need_sse42),
         XT_TEST(test_crc32c_dispatch_matches_table));
