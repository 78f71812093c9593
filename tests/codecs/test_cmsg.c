/* test_cmsg.c — the generic control-message layer: geometry per profile,
 * the bounds-checked iterator (every malformed shape, every truncation),
 * and the writer, byte-exact for Linux, BSD and Darwin layouts. */
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet_test.h"

#include <stdlib.h>

/* Two messages, Linux amd64 layout: {len 20, IPPROTO_IP, IP_TTL, int 64}
 * and {len 17, SOL_SOCKET, type 99, one byte 0xab}, each padded to 8. */
static const uint8_t linux_two[] = {
    0x14, 0, 0, 0, 0, 0, 0, 0, /* cmsg_len 20 (size_t) */
    0, 0, 0, 0,                /* level 0 */
    2, 0, 0, 0,                /* type 2 */
    0x40, 0, 0, 0,             /* payload */
    0, 0, 0, 0,                /* padding to 24 */
    0x11, 0, 0, 0, 0, 0, 0, 0, /* cmsg_len 17 */
    1, 0, 0, 0,                /* level SOL_SOCKET */
    0x63, 0, 0, 0,             /* type 99 */
    0xab,                      /* payload */
    0, 0, 0, 0, 0, 0, 0,       /* padding to 24 */
};

/* The same messages, FreeBSD layout: 12-byte header padded to 16. */
static const uint8_t freebsd_two[] = {
    0x14, 0, 0, 0,    0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, /* header + pad */
    0x40, 0, 0, 0,    0, 0, 0, 0,                         /* int, pad */
    0x11, 0, 0, 0,    0xff, 0xff, 0, 0, 0x63, 0, 0, 0, 0, 0, 0, 0,
    0xab, 0, 0, 0,    0, 0, 0, 0,
};

/* Darwin: 12-byte header, 4-byte alignment, and the last message without
 * its trailing padding (as the kernel may deliver it). */
static const uint8_t darwin_two[] = {
    0x10, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0x40, 0, 0, 0,
    0x0d, 0, 0, 0, 0xff, 0xff, 0, 0, 0x63, 0, 0, 0, 0xab,
};

static const uint8_t ttl64[4] = {0x40, 0, 0, 0};
static const uint8_t one_byte[1] = {0xab};

static void test_cmsg_geometry_per_profile(void) {
  /* CMSG_LEN(0), CMSG_SPACE(1), CMSG_SPACE(20) and CMSG_ALIGN(13) as the
   * flavours' own macros compute them (notes/bsd-here.md, socket.h). */
  static const struct {
    const xnet_profile *p;
    size_t len0, space1, space20, align13;
  } want[] = {
      {&xnet_profile_linux, 16, 24, 40, 16},
      {&xnet_profile_freebsd, 16, 24, 40, 16},
      {&xnet_profile_netbsd, 16, 24, 40, 16},
      {&xnet_profile_openbsd, 16, 24, 40, 16},
      {&xnet_profile_dragonfly, 16, 24, 40, 16},
      {&xnet_profile_darwin, 12, 16, 32, 16},
  };
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    XT_ASSERT_UINT_EQ(xnet_cmsg_len(want[i].p, 0), want[i].len0);
    XT_ASSERT_UINT_EQ(xnet_cmsg_len(want[i].p, 7), want[i].len0 + 7);
    XT_ASSERT_UINT_EQ(xnet_cmsg_space(want[i].p, 1), want[i].space1);
    XT_ASSERT_UINT_EQ(xnet_cmsg_space(want[i].p, 20), want[i].space20);
    XT_ASSERT_UINT_EQ(xnet_cmsg_align(want[i].p, 13), want[i].align13);
    XT_ASSERT_UINT_EQ(xnet_cmsg_space(want[i].p, 0), want[i].len0);
  }
  XT_ASSERT_UINT_EQ(xnet_cmsg_align(&xnet_profile_darwin, 13), 16);
  XT_ASSERT_UINT_EQ(xnet_cmsg_align(&xnet_profile_darwin, 12), 12);
  XT_ASSERT_UINT_EQ(xnet_cmsg_align(&xnet_profile_linux, 17), 24);
}

static void test_cmsg_geometry_saturates_and_needs_abi(void) {
  XT_ASSERT_UINT_EQ(xnet_cmsg_space(&xnet_profile_linux, SIZE_MAX), SIZE_MAX);
  XT_ASSERT_UINT_EQ(xnet_cmsg_len(&xnet_profile_linux, SIZE_MAX - 3), SIZE_MAX);
  XT_ASSERT_UINT_EQ(xnet_cmsg_align(&xnet_profile_linux, SIZE_MAX - 2), SIZE_MAX);
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_UINT_EQ(xnet_cmsg_space(&bare, 4), 0);
  XT_ASSERT_UINT_EQ(xnet_cmsg_len(NULL, 4), 0);
  XT_ASSERT_UINT_EQ(xnet_cmsg_align(&bare, 4), 0);
}

/* Walks b and checks the two messages of the *_two vectors. */
static void check_two(const xnet_profile *p, const uint8_t *b, size_t n,
                      size_t second_off) {
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, p, b, n);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_INT_EQ(m.level, 0);
  XT_ASSERT_INT_EQ(m.type, 2);
  XT_ASSERT_MEM_EQ(m.data, m.len, ttl64, 4);
  XT_ASSERT_UINT_EQ(m.offset, 0);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_INT_EQ(m.level, p->cmsg->sol_socket);
  XT_ASSERT_INT_EQ(m.type, 99);
  XT_ASSERT_MEM_EQ(m.data, m.len, one_byte, 1);
  XT_ASSERT_UINT_EQ(m.offset, second_off);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
  XT_ASSERT(m.data == NULL && m.len == 0);
}

static void test_cmsg_iter_walks_linux_bsd_darwin_layouts(void) {
  check_two(&xnet_profile_linux, linux_two, sizeof(linux_two), 24);
  check_two(&xnet_profile_freebsd, freebsd_two, sizeof(freebsd_two), 24);
  check_two(&xnet_profile_darwin, darwin_two, sizeof(darwin_two), 16);
}

static void test_cmsg_iter_empty_buffer_ends(void) {
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, linux_two, 0);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, NULL, 64);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
}

static void test_cmsg_iter_short_header_is_eshort_and_sticky(void) {
  uint8_t b[sizeof(linux_two) + 5];
  memcpy(b, linux_two, sizeof(linux_two));
  memset(b + sizeof(linux_two), 0x11, 5);
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, b, sizeof(b));
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ESHORT);
  XT_ASSERT(m.data == NULL && m.len == 0 && m.type == 0);
  XT_ASSERT_UINT_EQ(it.off, sizeof(linux_two)); /* where the bad header is */
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ESHORT);
  /* BSD: 11 bytes are one short of the 12-byte header. */
  xnet_cmsg_iter_init(&it, &xnet_profile_freebsd, freebsd_two, 11);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ESHORT);
}

static void test_cmsg_iter_len_below_header_is_ebadlen(void) {
  static const struct {
    const xnet_profile *p;
    uint8_t len;
  } cases[] = {
      {&xnet_profile_linux, 0},   {&xnet_profile_linux, 15},
      {&xnet_profile_freebsd, 12}, /* the header, but not CMSG_LEN(0) = 16 */
      {&xnet_profile_freebsd, 0}, {&xnet_profile_darwin, 11},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    uint8_t b[sizeof(linux_two)];
    memcpy(b, cases[i].p == &xnet_profile_linux ? linux_two : freebsd_two,
           sizeof(b));
    b[0] = cases[i].len;
    xnet_cmsg_iter it;
    xnet_cmsg m;
    xnet_cmsg_iter_init(&it, cases[i].p, b, sizeof(b));
    XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_EBADLEN);
    XT_ASSERT(m.data == NULL && m.level == 0 && m.type == 0);
    XT_ASSERT_UINT_EQ(it.off, 0);
    XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_EBADLEN);
  }
  /* Darwin's CMSG_LEN(0) is 12: an empty payload is well formed. */
  uint8_t d[12] = {12, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0};
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &xnet_profile_darwin, d, sizeof(d));
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_UINT_EQ(m.len, 0);
  XT_ASSERT_INT_EQ(m.type, 5);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
}

static void test_cmsg_iter_len_past_buffer_is_etruncated(void) {
  uint8_t b[sizeof(linux_two)];
  memcpy(b, linux_two, sizeof(b));
  b[24] = 0x30; /* second message claims 48 bytes; 24 are there */
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, b, sizeof(b));
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ETRUNCATED);
  /* The header is whole, so the caller learns what was cut. */
  XT_ASSERT_INT_EQ(m.level, 1);
  XT_ASSERT_INT_EQ(m.type, 99);
  XT_ASSERT_UINT_EQ(m.offset, 24);
  XT_ASSERT_UINT_EQ(m.len, 8);
  XT_ASSERT(m.data == b + 40);
  XT_ASSERT_UINT_EQ(it.off, 24);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ETRUNCATED);
  XT_ASSERT(m.data == NULL);

  /* A 64-bit cmsg_len far past any buffer is never trusted. */
  memcpy(b, linux_two, sizeof(b));
  b[4] = 1; /* 0x0000000100000014 */
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, b, sizeof(b));
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(m.len, sizeof(b) - 16);

  /* Header whole, payload entirely missing. */
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, linux_two, 16);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ETRUNCATED);
  XT_ASSERT(m.data == NULL && m.len == 0 && m.type == 2);
  /* BSD: header whole (12), its padding not. */
  xnet_cmsg_iter_init(&it, &xnet_profile_freebsd, freebsd_two, 14);
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_ETRUNCATED);
  XT_ASSERT(m.data == NULL && m.len == 0 && m.type == 2);
}

/* The code the iterator must end with on the first k bytes of linux_two,
 * and how many messages it yields before. */
static void linux_two_prefix_expect(size_t k, int *code, int *msgs) {
  size_t base = k >= 24 ? 24 : 0, left = k - base;
  *msgs = k >= 20 ? 1 : 0;
  if (left == 0) *code = 0;
  else if (left < 16) *code = XNET_ESHORT;
  else if (left < (base ? 17u : 20u)) *code = XNET_ETRUNCATED;
  else {
    *code = 0;
    *msgs = base ? 2 : 1;
  }
}

static void test_cmsg_iter_every_truncation_is_clean(void) {
  for (size_t k = 0; k <= sizeof(linux_two); k++) {
    /* An allocation of exactly k bytes, so ASan sees any read past it. */
    uint8_t *b = k ? malloc(k) : NULL;
    if (k) memcpy(b, linux_two, k);
    xnet_cmsg_iter it;
    xnet_cmsg m;
    int rc, msgs = 0, want_code, want_msgs;
    xnet_cmsg_iter_init(&it, &xnet_profile_linux, b, k);
    while ((rc = xnet_cmsg_iter_next(&it, &m)) == 1) {
      if (m.data + m.len > b + k) break;
      msgs++;
    }
    free(b);
    linux_two_prefix_expect(k, &want_code, &want_msgs);
    if (rc != want_code || msgs != want_msgs)
      xt_fail(__LINE__, __FILE__, "prefix %zu: got %d after %d, want %d after %d",
              k, rc, msgs, want_code, want_msgs);
    XT_ASSERT_INT_EQ(rc, want_code);
  }
}

static void test_cmsg_iter_needs_cmsg_abi(void) {
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &bare, linux_two, sizeof(linux_two));
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_EINVAL);
  xnet_cmsg_iter_init(&it, NULL, linux_two, sizeof(linux_two));
  XT_ASSERT_ERR(xnet_cmsg_iter_next(&it, &m), XNET_EINVAL);
}

/* Writes the two messages with xnet_cmsg_put and compares with want. */
static void check_put_two(const xnet_profile *p, const uint8_t *want,
                          size_t want_len, size_t space2) {
  uint8_t b[64];
  size_t a = 0, c = 0;
  memset(b, 0xee, sizeof(b));
  XT_ASSERT_OK(xnet_cmsg_put(p, b, sizeof(b), &a, 0, 2, ttl64, 4));
  XT_ASSERT_OK(xnet_cmsg_put(p, b + a, sizeof(b) - a, &c, p->cmsg->sol_socket,
                             99, one_byte, 1));
  XT_ASSERT_UINT_EQ(c, space2);
  /* Darwin's vector lacks the last padding; what was written has it. */
  XT_ASSERT_MEM_EQ(b, want_len, want, want_len);
  for (size_t i = want_len; i < a + c; i++) XT_ASSERT_UINT_EQ(b[i], 0);
  XT_ASSERT_UINT_EQ(b[a + c], 0xee); /* nothing past CMSG_SPACE */
}

static void test_cmsg_put_is_byte_exact(void) {
  check_put_two(&xnet_profile_linux, linux_two, sizeof(linux_two), 24);
  check_put_two(&xnet_profile_freebsd, freebsd_two, sizeof(freebsd_two), 24);
  check_put_two(&xnet_profile_darwin, darwin_two, sizeof(darwin_two), 16);
}

static void test_cmsg_header_put_zeroes_and_leaves_payload_to_caller(void) {
  uint8_t b[40];
  size_t len = 0;
  memset(b, 0x5a, sizeof(b));
  XT_ASSERT_OK(xnet_cmsg_header_put(&xnet_profile_freebsd, b, sizeof(b), &len,
                                    41, 46, 20));
  static const uint8_t want[40] = {36, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0};
  XT_ASSERT_UINT_EQ(len, 40);
  XT_ASSERT_MEM_EQ(b, sizeof(b), want, sizeof(want));
  XT_ASSERT_UINT_EQ(xnet_cmsg_len(&xnet_profile_freebsd, 0), 16);
}

static void test_cmsg_put_follows_profile_byte_order(void) {
  /* A big-endian flavour with Linux's geometry: output depends on the
   * profile, never on the build host. */
  const xnet_profile be = {.name = "be", .little_endian = 0,
                           .cmsg = xnet_profile_linux.cmsg};
  uint8_t b[24];
  size_t len;
  XT_ASSERT_OK(xnet_cmsg_put(&be, b, sizeof(b), &len, 0, 2, ttl64, 4));
  static const uint8_t want[24] = {0, 0, 0, 0, 0, 0, 0, 0x14, 0, 0, 0, 0,
                                   0, 0, 0, 2, 0x40, 0, 0, 0};
  XT_ASSERT_MEM_EQ(b, len, want, sizeof(want));
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, &be, b, len);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
  XT_ASSERT_INT_EQ(m.type, 2);
  XT_ASSERT_UINT_EQ(m.len, 4);
}

static void test_cmsg_put_reports_needed_size(void) {
  uint8_t b[64];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_cmsg_put(&xnet_profile_linux, b, 23, &len, 0, 2, ttl64, 4),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 24);
  len = 0;
  XT_ASSERT_ERR(xnet_cmsg_put(&xnet_profile_darwin, NULL, 0, &len, 0, 2, ttl64, 1),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 16);
  XT_ASSERT_OK(xnet_cmsg_put(&xnet_profile_darwin, b, 16, &len, 0, 2, ttl64, 1));
  XT_ASSERT_UINT_EQ(len, 16);
}

static void test_cmsg_put_rejects_bad_arguments(void) {
  uint8_t b[64];
  size_t len = 0;
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_ERR(xnet_cmsg_put(&bare, b, sizeof(b), &len, 0, 2, ttl64, 4),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_cmsg_put(&xnet_profile_linux, b, sizeof(b), NULL, 0, 2,
                              ttl64, 4),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_cmsg_put(&xnet_profile_linux, b, sizeof(b), &len, 0, 2,
                              NULL, 4),
                XNET_EINVAL);
  /* A payload whose cmsg_len cannot be a socklen_t, or a size_t at all. */
  XT_ASSERT_ERR(xnet_cmsg_header_put(&xnet_profile_freebsd, b, sizeof(b), &len,
                                     0, 2, (size_t)UINT32_MAX),
                XNET_EMSGSIZE);
  XT_ASSERT_ERR(xnet_cmsg_header_put(&xnet_profile_linux, b, sizeof(b), &len, 0,
                                     2, SIZE_MAX - 4),
                XNET_EMSGSIZE);
  /* Zero payload: a bare header is a valid message. */
  XT_ASSERT_OK(xnet_cmsg_put(&xnet_profile_linux, b, sizeof(b), &len, 1, 1,
                             NULL, 0));
  XT_ASSERT_UINT_EQ(len, 16);
}

static void test_cmsg_put_then_iter_round_trips_every_profile(void) {
  const xnet_profile *all[] = {&xnet_profile_linux,   &xnet_profile_freebsd,
                               &xnet_profile_netbsd,  &xnet_profile_openbsd,
                               &xnet_profile_dragonfly, &xnet_profile_darwin};
  uint8_t payload[40];
  for (size_t i = 0; i < sizeof(payload); i++) payload[i] = (uint8_t)(i * 7 + 1);
  for (size_t pi = 0; pi < sizeof(all) / sizeof(all[0]); pi++) {
    uint8_t b[4096];
    size_t off = 0;
    for (size_t n = 0; n <= sizeof(payload); n++) {
      size_t one;
      XT_ASSERT_OK(xnet_cmsg_put(all[pi], b + off, sizeof(b) - off, &one,
                                 (int32_t)n, (int32_t)(1000 + n), payload, n));
      XT_ASSERT_UINT_EQ(one, xnet_cmsg_space(all[pi], n));
      off += one;
    }
    xnet_cmsg_iter it;
    xnet_cmsg m;
    xnet_cmsg_iter_init(&it, all[pi], b, off);
    for (size_t n = 0; n <= sizeof(payload); n++) {
      XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
      XT_ASSERT_INT_EQ(m.level, (int32_t)n);
      XT_ASSERT_INT_EQ(m.type, (int32_t)(1000 + n));
      XT_ASSERT_MEM_EQ(m.data, m.len, payload, n);
    }
    XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
  }
}

XT_SUITE(codecs, cmsg, NULL, NULL,
         XT_TEST(test_cmsg_geometry_per_profile),
         XT_TEST(test_cmsg_geometry_saturates_and_needs_abi),
         XT_TEST(test_cmsg_iter_walks_linux_bsd_darwin_layouts),
         XT_TEST(test_cmsg_iter_empty_buffer_ends),
         XT_TEST(test_cmsg_iter_short_header_is_eshort_and_sticky),
         XT_TEST(test_cmsg_iter_len_below_header_is_ebadlen),
         XT_TEST(test_cmsg_iter_len_past_buffer_is_etruncated),
         XT_TEST(test_cmsg_iter_every_truncation_is_clean),
         XT_TEST(test_cmsg_iter_needs_cmsg_abi),
         XT_TEST(test_cmsg_put_is_byte_exact),
         XT_TEST(test_cmsg_header_put_zeroes_and_leaves_payload_to_caller),
         XT_TEST(test_cmsg_put_follows_profile_byte_order),
         XT_TEST(test_cmsg_put_reports_needed_size),
         XT_TEST(test_cmsg_put_rejects_bad_arguments),
         XT_TEST(test_cmsg_put_then_iter_round_trips_every_profile));
