/* test_inet_checksum.c — RFC 1071 checksum: vectors, the 8-byte loop
 * against a byte-wise reference over random lengths and alignments, and the
 * incremental form. */
#include <stdlib.h>

#include "xnet/inet_checksum.h"
#include "xnet_test.h"

/* The RFC 1071 definition, one byte at a time: big-endian 16-bit words, odd
 * byte padded with zero, carries folded at the end. */
static uint16_t ref_checksum(const uint8_t *b, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += (i % 2 == 0) ? (uint64_t)b[i] << 8 : b[i];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* Deterministic xorshift so a failure reproduces. */
static uint32_t rng_state = 0x12345678u;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* RFC 1071 §3's worked example: words 0001 f203 f4f5 f6f7 sum to ddf2. */
static void test_inet_checksum_rfc1071_example(void) {
  static const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  XT_ASSERT_UINT_EQ(xnet_inet_checksum_add(0, b, sizeof b), 0xddf2);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(b, sizeof b), 0x220d);
}

/* Frame 1 of sctp/tcpdump__forces1.pcap: tshark reads ip.checksum 0x8817. */
static void test_inet_checksum_ipv4_header_vector(void) {
  uint8_t h[] = {0x45, 0x02, 0x01, 0x7c, 0x00, 0x04, 0x40, 0x00, 0x40, 0x84,
                 0x88, 0x17, 0x96, 0x8c, 0xfe, 0xca, 0xd3, 0x81, 0x48, 0x08};
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(h, sizeof h), 0);
  h[10] = h[11] = 0;
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(h, sizeof h), 0x8817);
}

static void test_inet_checksum_empty_and_odd(void) {
  static const uint8_t one[] = {0xab};
  static const uint8_t three[] = {0x12, 0x34, 0x56};
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(NULL, 0), 0xffff);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(one, 1), 0x54ff); /* ~0xab00 */
  XT_ASSERT_UINT_EQ(xnet_inet_checksum(three, 3), (uint16_t)~0x6834);
}

/* Every length 0..300 at every alignment 0..7, then random ones up to
 * 9000, against the byte-wise reference. */
static void test_inet_checksum_matches_reference(void) {
  enum { MAX = 9000 };
  uint8_t *buf = malloc(MAX + 8);
  XT_ASSERT(buf != NULL);
  for (size_t i = 0; i < MAX + 8; i++)
    buf[i] = (uint8_t)rng();
  for (size_t align = 0; align < 8; align++)
    for (size_t n = 0; n <= 300; n++)
      if (xnet_inet_checksum(buf + align, n) != ref_checksum(buf + align, n)) {
        free(buf);
        XT_ASSERT_UINT_EQ(n * 8 + align, (size_t)-1); /* report which */
      }
  for (int k = 0; k < 2000; k++) {
    size_t align = rng() % 8, n = rng() % MAX;
    uint16_t got = xnet_inet_checksum(buf + align, n);
    uint16_t want = ref_checksum(buf + align, n);
    if (got != want) {
      free(buf);
      XT_ASSERT_UINT_EQ(got, want);
    }
  }
  free(buf);
}

/* All-ones data makes every add carry: the end-around carry must survive
 * the 64-bit accumulation. */
static void test_inet_checksum_carry_heavy(void) {
  enum { N = 70001 };
  uint8_t *buf = malloc(N);
  XT_ASSERT(buf != NULL);
  memset(buf, 0xff, N);
  uint16_t even = xnet_inet_checksum(buf, N - 1), odd = xnet_inet_checksum(buf, N);
  uint16_t ref_even = ref_checksum(buf, N - 1), ref_odd = ref_checksum(buf, N);
  free(buf);
  XT_ASSERT_UINT_EQ(even, ref_even);
  XT_ASSERT_UINT_EQ(even, 0);
  XT_ASSERT_UINT_EQ(odd, ref_odd);
  XT_ASSERT_UINT_EQ(odd, 0x00ff); /* ~(0xffff + 0xff00 folded) */
}

/* Over 1 MiB the sum is taken in 1 MiB chunks: lengths around and well
 * past the chunk size, odd ones included, still match the reference. */
static void test_inet_checksum_large_buffers(void) {
  enum { N = (3 << 20) + 3 };
  uint8_t *buf = malloc(N);
  XT_ASSERT(buf != NULL);
  for (size_t i = 0; i < N; i++)
    buf[i] = (uint8_t)rng();
  static const size_t lens[] = {(1 << 20) - 1, 1 << 20, (1 << 20) + 1,
                                (1 << 20) + 2, (2 << 20) + 7, N};
  for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
    uint16_t got = xnet_inet_checksum(buf, lens[i]);
    uint16_t want = ref_checksum(buf, lens[i]);
    uint16_t got_add = xnet_inet_checksum_finish(
        xnet_inet_checksum_add(0x1234, buf + 1, lens[i] - 1));
    uint16_t want_add = (uint16_t)~xnet_inet_checksum_add_u16(
        (uint16_t)~ref_checksum(buf + 1, lens[i] - 1), 0x1234);
    if (got != want || got_add != want_add) {
      free(buf);
      XT_ASSERT_UINT_EQ(got, want);
      XT_ASSERT_UINT_EQ(got_add, want_add);
    }
  }
  free(buf);
}

/* Splitting a buffer at any even offset gives the same checksum. */
static void test_inet_checksum_incremental_equals_whole(void) {
  uint8_t buf[257];
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = (uint8_t)rng();
  uint16_t whole = xnet_inet_checksum(buf, sizeof buf);
  for (size_t cut = 0; cut <= sizeof buf - 1; cut += 2) {
    for (size_t cut2 = cut; cut2 <= sizeof buf - 1; cut2 += 34) {
      uint32_t s = xnet_inet_checksum_add(0, buf, cut);
      s = xnet_inet_checksum_add(s, buf + cut, cut2 - cut);
      s = xnet_inet_checksum_add(s, buf + cut2, sizeof buf - cut2);
      XT_ASSERT_UINT_EQ(xnet_inet_checksum_finish(s), whole);
    }
  }
}

/* A pseudo-header built from words equals the same bytes summed. */
static void test_inet_checksum_add_u16_equals_bytes(void) {
  static const uint8_t words[] = {0x00, 0x11, 0xff, 0xfe, 0x80, 0x00};
  uint32_t a = xnet_inet_checksum_add(0, words, sizeof words);
  uint32_t b = xnet_inet_checksum_add_u16(0, 0x0011);
  b = xnet_inet_checksum_add_u16(b, 0xfffe);
  b = xnet_inet_checksum_add_u16(b, 0x8000);
  XT_ASSERT_UINT_EQ(a, b);
  XT_ASSERT_UINT_EQ(a, 0x8010); /* 0x0011 + 0xfffe + 0x8000 = 0x1800f -> 0x8010 */
}

/* Partial sums are folded to 16 bits; a carried-in value of any size folds
 * in too. */
static void test_inet_checksum_partial_sum_range(void) {
  static const uint8_t ff[] = {0xff, 0xff, 0xff, 0xff};
  XT_ASSERT(xnet_inet_checksum_add(0, ff, sizeof ff) <= 0xffff);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum_add(0xffffffffu, NULL, 0), 0xffff);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum_add_u16(0xffff, 1), 1);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum_finish(0), 0xffff);
  XT_ASSERT_UINT_EQ(xnet_inet_checksum_finish(0x1fffe), 0);
}

XT_SUITE(codecs, inet_checksum, NULL, NULL,
         XT_TEST(test_inet_checksum_rfc1071_example),
         XT_TEST(test_inet_checksum_ipv4_header_vector),
         XT_TEST(test_inet_checksum_empty_and_odd),
         XT_TEST(test_inet_checksum_matches_reference),
         XT_TEST(test_inet_checksum_carry_heavy),
         XT_TEST(test_inet_checksum_large_buffers),
         XT_TEST(test_inet_checksum_incremental_equals_whole),
         XT_TEST(test_inet_checksum_add_u16_equals_bytes),
         XT_TEST(test_inet_checksum_partial_sum_range));
