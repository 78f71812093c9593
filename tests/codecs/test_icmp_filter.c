/* test_icmp_filter.c — ICMPv4 (Linux) and ICMPv6 (RFC 3542) filters: the
 * Go operations, types that cannot be filtered, and the exact kernel
 * structure bytes for Linux (set = block) and BSD/Darwin (set = pass). */
#include "xnet/icmp.h"
#include "xnet/icmp_filter.h"
#include "xnet_test.h"

/* A big-endian target with a Linux-style kernel, to show byte order comes
 * from the profile and not from the build host. */
static const xnet_profile big_endian = {.name = "be-test", .little_endian = 0};

static void test_icmp_filter_v4_accept_block_will_block(void) {
  xnet_icmp4_filter f = {0};
  for (int t = 0; t < 32; t++)
    XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, t), 0);
  xnet_icmp4_filter_block(&f, XNET_ICMP4_TYPE_ECHO_REPLY);
  xnet_icmp4_filter_block(&f, XNET_ICMP4_TYPE_DESTINATION_UNREACHABLE);
  xnet_icmp4_filter_block(&f, 31);
  XT_ASSERT_UINT_EQ(f.block, 0x80000009u);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, 3), 1);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, 8), 0);
  xnet_icmp4_filter_accept(&f, 3);
  XT_ASSERT_UINT_EQ(f.block, 0x80000001u);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, 3), 0);
  xnet_icmp4_filter_set_all(&f, 1);
  XT_ASSERT_UINT_EQ(f.block, 0xffffffffu);
  for (int t = 0; t < 32; t++)
    XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, t), 1);
  xnet_icmp4_filter_set_all(&f, 0);
  XT_ASSERT_UINT_EQ(f.block, 0);
}

/* Linux's icmp_filter() only consults the mask for types < 32: others are
 * always delivered, so block/accept leave the mask alone and will_block is
 * 0 (x/net would alias type 40 onto bit 8; xnet does not). */
static void test_icmp_filter_v4_types_above_31_unfilterable(void) {
  xnet_icmp4_filter f = {0};
  xnet_icmp4_filter_block(&f, XNET_ICMP4_TYPE_PHOTURIS); /* 40 */
  xnet_icmp4_filter_block(&f, 32);
  xnet_icmp4_filter_block(&f, 255);
  xnet_icmp4_filter_block(&f, -1);
  XT_ASSERT_UINT_EQ(f.block, 0);
  xnet_icmp4_filter_set_all(&f, 1);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, 32), 0);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, 40), 0);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(&f, -1), 0);
  xnet_icmp4_filter_accept(&f, 40);
  XT_ASSERT_UINT_EQ(f.block, 0xffffffffu);
  XT_ASSERT_INT_EQ(xnet_icmp4_filter_will_block(NULL, 3), 0);
  xnet_icmp4_filter_block(NULL, 3); /* no crash */
}

static void test_icmp_filter_v4_kernel_bytes(void) {
  xnet_icmp4_filter f = {0};
  xnet_icmp4_filter_block(&f, 0);
  xnet_icmp4_filter_block(&f, 3);
  xnet_icmp4_filter_block(&f, 11);
  uint8_t out[8];
  size_t n = 0;
  static const uint8_t le[4] = {0x09, 0x08, 0x00, 0x00};
  static const uint8_t be[4] = {0x00, 0x00, 0x08, 0x09};
  XT_ASSERT_OK(xnet_icmp4_filter_marshal(&xnet_profile_linux, &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, le, sizeof le);
  XT_ASSERT_OK(xnet_icmp4_filter_marshal(&big_endian, &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, be, sizeof be);
  xnet_icmp4_filter g;
  XT_ASSERT_OK(xnet_icmp4_filter_parse(&xnet_profile_linux, le, sizeof le, &g));
  XT_ASSERT_UINT_EQ(g.block, 0x809);
  XT_ASSERT_OK(xnet_icmp4_filter_parse(&big_endian, be, sizeof be, &g));
  XT_ASSERT_UINT_EQ(g.block, 0x809);
}

static void test_icmp_filter_v4_errors(void) {
  static const uint8_t b[5] = {1, 2, 3, 4, 5};
  xnet_icmp4_filter f = {.block = 0x12345678}, g;
  uint8_t out[4] = {0xaa, 0xaa, 0xaa, 0xaa};
  size_t n;
  for (size_t cap = 0; cap < 4; cap++) {
    n = 0;
    XT_ASSERT_ERR(xnet_icmp4_filter_marshal(&xnet_profile_linux, &f, out, cap, &n),
                  XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 4);
    XT_ASSERT_UINT_EQ(out[0], 0xaa);
  }
  for (size_t len = 0; len < 4; len++) {
    g.block = 7;
    XT_ASSERT_ERR(xnet_icmp4_filter_parse(&xnet_profile_linux, b, len, &g),
                  XNET_ESHORT);
    XT_ASSERT_UINT_EQ(g.block, 0);
  }
  g.block = 7;
  XT_ASSERT_ERR(xnet_icmp4_filter_parse(&xnet_profile_linux, b, 5, &g), XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(g.block, 0);
  XT_ASSERT_ERR(xnet_icmp4_filter_parse(NULL, b, 4, &g), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_parse(&xnet_profile_linux, NULL, 4, &g), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_parse(&xnet_profile_linux, b, 4, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_marshal(NULL, &f, out, 4, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_marshal(&xnet_profile_linux, NULL, out, 4, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_marshal(&xnet_profile_linux, &f, NULL, 4, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp4_filter_marshal(&xnet_profile_linux, &f, out, 4, NULL), XNET_EINVAL);
}

static void test_icmp_filter_v6_accept_block_will_block(void) {
  xnet_icmp6_filter f = {{0}};
  for (int t = 0; t < 256; t++)
    XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&f, t), 0);
  xnet_icmp6_filter_block(&f, XNET_ICMP6_TYPE_ECHO_REQUEST);   /* word 4 bit 0 */
  xnet_icmp6_filter_block(&f, XNET_ICMP6_TYPE_NEIGHBOR_SOLICITATION); /* 4, 7 */
  xnet_icmp6_filter_block(&f, 255);                             /* 7, 31 */
  xnet_icmp6_filter_block(&f, 1);                               /* 0, 1 */
  XT_ASSERT_UINT_EQ(f.block[0], 0x2);
  XT_ASSERT_UINT_EQ(f.block[4], 0x81);
  XT_ASSERT_UINT_EQ(f.block[7], 0x80000000u);
  for (int t = 0; t < 256; t++)
    XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&f, t),
                     t == 1 || t == 128 || t == 135 || t == 255);
  xnet_icmp6_filter_accept(&f, 128);
  XT_ASSERT_UINT_EQ(f.block[4], 0x80);
  xnet_icmp6_filter_set_all(&f, 1);
  for (int t = 0; t < 256; t++)
    XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&f, t), 1);
  xnet_icmp6_filter_block(&f, 256); /* out of range: ignored */
  xnet_icmp6_filter_accept(&f, -1);
  XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&f, 256), 0);
  XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&f, -1), 0);
  xnet_icmp6_filter_set_all(&f, 0);
  for (int i = 0; i < 8; i++)
    XT_ASSERT_UINT_EQ(f.block[i], 0);
  XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(NULL, 1), 0);
  xnet_icmp6_filter_set_all(NULL, 1); /* no crash */
}

/* Block echo request (128) only. Linux (include/uapi/linux/icmpv6.h): a set
 * bit blocks, so data[4] = 1. RFC 3542 / BSD: a set bit passes, so every
 * word is all ones but data[4] = 0xfffffffe. */
static void test_icmp_filter_v6_kernel_bytes(void) {
  xnet_icmp6_filter f = {{0}};
  xnet_icmp6_filter_block(&f, 128);
  uint8_t linux_bytes[32] = {0}, bsd_bytes[32], be_bytes[32] = {0};
  linux_bytes[16] = 0x01;
  memset(bsd_bytes, 0xff, sizeof bsd_bytes);
  bsd_bytes[16] = 0xfe;
  be_bytes[19] = 0x01;
  uint8_t out[40];
  size_t n = 0;
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&xnet_profile_linux,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, linux_bytes, sizeof linux_bytes);
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&xnet_profile_darwin,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, bsd_bytes, sizeof bsd_bytes);
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&big_endian,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, be_bytes, sizeof be_bytes);
  /* And back. */
  xnet_icmp6_filter g;
  XT_ASSERT_OK(xnet_icmp6_filter_parse(&xnet_profile_linux,
                                       linux_bytes, 32, &g));
  XT_ASSERT_MEM_EQ(&g, sizeof g, &f, sizeof f);
  XT_ASSERT_OK(xnet_icmp6_filter_parse(&xnet_profile_freebsd,
                                       bsd_bytes, 32, &g));
  XT_ASSERT_MEM_EQ(&g, sizeof g, &f, sizeof f);
  XT_ASSERT_OK(xnet_icmp6_filter_parse(&big_endian,
                                       be_bytes, 32, &g));
  XT_ASSERT_MEM_EQ(&g, sizeof g, &f, sizeof f);
}

/* SETBLOCKALL is all ones on Linux and all zeros under RFC 3542. */
static void test_icmp_filter_v6_set_all_bytes(void) {
  xnet_icmp6_filter f;
  uint8_t out[32], zeros[32] = {0}, ones[32];
  memset(ones, 0xff, sizeof ones);
  size_t n;
  xnet_icmp6_filter_set_all(&f, 1);
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&xnet_profile_linux,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, ones, sizeof ones);
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&xnet_profile_openbsd,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, zeros, sizeof zeros);
  xnet_icmp6_filter_set_all(&f, 0);
  XT_ASSERT_OK(xnet_icmp6_filter_marshal(&xnet_profile_netbsd,
                                         &f, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, ones, sizeof ones);
}

/* Random filters survive marshal then parse for both conventions. */
static void test_icmp_filter_v6_round_trip(void) {
  uint32_t x = 0x9e3779b9u;
  for (int k = 0; k < 64; k++) {
    xnet_icmp6_filter f, g;
    for (int i = 0; i < 8; i++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      f.block[i] = x;
    }
    const xnet_profile *flavours[] = {&xnet_profile_linux, &xnet_profile_darwin};
    for (int p = 0; p < 2; p++) {
      uint8_t out[32];
      size_t n;
      XT_ASSERT_OK(xnet_icmp6_filter_marshal(flavours[p], &f, out, sizeof out, &n));
      XT_ASSERT_OK(xnet_icmp6_filter_parse(flavours[p], out, n, &g));
      XT_ASSERT_MEM_EQ(&g, sizeof g, &f, sizeof f);
    }
  }
}

static void test_icmp_filter_v6_errors(void) {
  static const uint8_t b[33] = {0};
  xnet_icmp6_filter f = {{1, 2, 3, 4, 5, 6, 7, 8}}, g;
  uint8_t out[32];
  size_t n;
  for (size_t cap = 0; cap < 32; cap++) {
    n = 0;
    memset(out, 0xaa, sizeof out);
    XT_ASSERT_ERR(xnet_icmp6_filter_marshal(&xnet_profile_linux, &f,
                                            out, cap, &n),
                  XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 32);
    XT_ASSERT_UINT_EQ(out[0], 0xaa);
  }
  for (size_t len = 0; len < 32; len++) {
    g = f;
    XT_ASSERT_ERR(xnet_icmp6_filter_parse(&xnet_profile_linux, b, len, &g),
                  XNET_ESHORT);
    for (int i = 0; i < 8; i++)
      XT_ASSERT_UINT_EQ(g.block[i], 0);
  }
  XT_ASSERT_ERR(xnet_icmp6_filter_parse(&xnet_profile_linux, b, 33, &g),
                XNET_EBADLEN);
  XT_ASSERT_ERR(xnet_icmp6_filter_parse(NULL, b, 32, &g),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp6_filter_parse(&xnet_profile_linux,
                                        NULL, 32, &g),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp6_filter_parse(&xnet_profile_linux,
                                        b, 32, NULL),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp6_filter_marshal(NULL, &f, out,
                                          32, &n),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_icmp6_filter_marshal(&xnet_profile_linux,
                                          NULL, out, 32, &n),
                XNET_EINVAL);
}

XT_SUITE(codecs, icmp_filter, NULL, NULL,
         XT_TEST(test_icmp_filter_v4_accept_block_will_block),
         XT_TEST(test_icmp_filter_v4_types_above_31_unfilterable),
         XT_TEST(test_icmp_filter_v4_kernel_bytes),
         XT_TEST(test_icmp_filter_v4_errors),
         XT_TEST(test_icmp_filter_v6_accept_block_will_block),
         XT_TEST(test_icmp_filter_v6_kernel_bytes),
         XT_TEST(test_icmp_filter_v6_set_all_bytes),
         XT_TEST(test_icmp_filter_v6_round_trip),
         XT_TEST(test_icmp_filter_v6_errors));
