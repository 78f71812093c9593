/* test_ipv4_cmsg.c — x/net/ipv4 ControlMessage for every profile:
 * byte-exact receive vectors laid out as each kernel delivers them,
 * byte-exact send vectors, buffer sizes, error and truncation cases,
 * marshal/parse round trips and Go's String() form. */
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet_test.h"

#include <stdlib.h>

#define Z4 0, 0, 0, 0
#define Z8 Z4, Z4
#define Z16 Z8, Z8

/* ---- receive vectors ---------------------------------------------------
 * Linux (ip_cmsg_recv order): IP_PKTINFO {ifindex 1, spec_dst 192.0.2.9,
 * addr 127.0.0.1}, IP_TTL int 64, IP_TOS byte 0x28. Header 16, align 8. */
static const uint8_t linux_rx[] = {
    0x1c, 0, 0, 0, 0, 0, 0, 0, Z4, 8, 0, 0, 0, /* len 28, IP, IP_PKTINFO */
    1, 0, 0, 0, 192, 0, 2, 9, 127, 0, 0, 1, Z4,
    0x14, 0, 0, 0, 0, 0, 0, 0, Z4, 2, 0, 0, 0, /* len 20, IP, IP_TTL */
    64, 0, 0, 0, Z4,
    0x11, 0, 0, 0, 0, 0, 0, 0, Z4, 1, 0, 0, 0, /* len 17, IP, IP_TOS */
    0x28, 0, 0, 0, 0, 0, 0, 0,
};

/* FreeBSD (ip_savecontrol order): IP_RECVDSTADDR 127.0.0.1, IP_RECVTTL
 * byte 64, IP_RECVIF sockaddr_dl of 54 bytes {lo0, index 0x0203}, and
 * IP_RECVTOS byte 0x28. Header 12 padded to 16, align 8. */
static const uint8_t freebsd_rx[] = {
    0x14, 0, 0, 0, Z4, 7, 0, 0, 0, Z4, 127, 0, 0, 1, Z4,
    0x11, 0, 0, 0, Z4, 65, 0, 0, 0, Z4, 64, 0, 0, 0, Z4,
    0x46, 0, 0, 0, Z4, 20, 0, 0, 0, Z4, /* len 70 */
    54, 18, 0x03, 0x02, 0x18, 3, 0, 0, 'l', 'o', '0', 0, Z8, Z16, Z16, 0, 0,
    0, 0, /* padding to 72 */
    0x11, 0, 0, 0, Z4, 68, 0, 0, 0, Z4, 0x28, 0, 0, 0, Z4,
};

/* NetBSD: IP_RECVDSTADDR 10.1.2.3, IP_RECVIF sockaddr_dl of 20 bytes
 * {wm0, index 0x0203, 6-byte MAC}, IP_RECVTTL (23) byte 255. */
static const uint8_t netbsd_rx[] = {
    0x14, 0, 0, 0, Z4, 7, 0, 0, 0, Z4, 10, 1, 2, 3, Z4,
    0x24, 0, 0, 0, Z4, 20, 0, 0, 0, Z4, /* len 36 */
    20, 18, 0x03, 0x02, 6, 3, 6, 0, 'w', 'm', '0',
    0x52, 0x54, 0, 0x12, 0x34, 0x56, 0, 0, 0, Z4,
    0x11, 0, 0, 0, Z4, 23, 0, 0, 0, Z4, 255, 0, 0, 0, Z4,
};

/* OpenBSD: IP_RECVDSTADDR 192.0.2.1, IP_RECVIF (30) as the short form the
 * kernel builds without if_sadl (sdl_len 8, index 5), IP_RECVTTL (31) byte
 * 1, and IP_RECVRTABLE (35), which xnet does not know and skips. */
static const uint8_t openbsd_rx[] = {
    0x14, 0, 0, 0, Z4, 7, 0, 0, 0, Z4, 192, 0, 2, 1, Z4,
    0x18, 0, 0, 0, Z4, 30, 0, 0, 0, Z4, 8, 18, 5, 0, Z4,
    0x11, 0, 0, 0, Z4, 31, 0, 0, 0, Z4, 1, 0, 0, 0, Z4,
    0x14, 0, 0, 0, Z4, 35, 0, 0, 0, Z4, Z8,
};

/* DragonFly: SCM_TIMESTAMP at SOL_SOCKET (skipped), IP_RECVDSTADDR
 * 198.51.100.7, IP_RECVTTL (65) byte 32, IP_RECVIF sockaddr_dl of 54
 * bytes (index 1), IP_RECVTOS (68) byte 0xb8. */
static const uint8_t dragonfly_rx[] = {
    0x20, 0, 0, 0, 0xff, 0xff, 0, 0, 2, 0, 0, 0, Z4, Z16, /* timeval */
    0x14, 0, 0, 0, Z4, 7, 0, 0, 0, Z4, 198, 51, 100, 7, Z4,
    0x11, 0, 0, 0, Z4, 65, 0, 0, 0, Z4, 32, 0, 0, 0, Z4,
    0x46, 0, 0, 0, Z4, 20, 0, 0, 0, Z4,
    54, 18, 1, 0, 0x18, 3, 0, 0, 'l', 'o', '0', 0, Z8, Z16, Z16, 0, 0,
    0, 0, /* padding to 72 */
    0x11, 0, 0, 0, Z4, 68, 0, 0, 0, Z4, 0xb8, 0, 0, 0, Z4,
};

/* Darwin: IP_RECVTTL (24) byte 64, IP_RECVPKTINFO (26) {ifindex 1,
 * spec_dst 127.0.0.1, addr 127.0.0.1}, IP_RECVTOS (27) byte 0x10 without
 * trailing padding. Header 12, align 4. */
static const uint8_t darwin_rx[] = {
    0x0d, 0, 0, 0, Z4, 24, 0, 0, 0, 64, 0, 0, 0,
    0x18, 0, 0, 0, Z4, 26, 0, 0, 0, 1, 0, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1,
    0x0d, 0, 0, 0, Z4, 27, 0, 0, 0, 0x10,
};

/* Darwin again, with the BSD-style messages it also has: IP_RECVDSTADDR
 * 10.0.0.1 and IP_RECVIF with a 20-byte sockaddr_dl {en0, index 4}. */
static const uint8_t darwin_rx_bsd[] = {
    0x10, 0, 0, 0, Z4, 7, 0, 0, 0, 10, 0, 0, 1,
    0x20, 0, 0, 0, Z4, 20, 0, 0, 0,
    20, 18, 4, 0, 6, 3, 6, 0, 'e', 'n', '0', 0xa, 0xb, 0xc, 0xd, 0xe, 0xf,
    0, 0, 0,
};

typedef struct rx_case {
  const char *name;
  const xnet_profile *p;
  const uint8_t *b;
  size_t n;
  xnet_ipv4_cmsg want;
} rx_case;

#define ALL4 (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE)

static const rx_case rx_cases[] = {
    {"linux", &xnet_profile_linux, linux_rx, sizeof(linux_rx),
     {64, 0x28, {0}, {127, 0, 0, 1}, 1, ALL4 | XNET_IPV4_FLAG_TOS, 0}},
    {"freebsd", &xnet_profile_freebsd, freebsd_rx, sizeof(freebsd_rx),
     {64, 0x28, {0}, {127, 0, 0, 1}, 0x0203, ALL4 | XNET_IPV4_FLAG_TOS, 0}},
    {"netbsd", &xnet_profile_netbsd, netbsd_rx, sizeof(netbsd_rx),
     {255, 0, {0}, {10, 1, 2, 3}, 0x0203, ALL4, 0}},
    {"openbsd", &xnet_profile_openbsd, openbsd_rx, sizeof(openbsd_rx),
     {1, 0, {0}, {192, 0, 2, 1}, 5, ALL4, 0}},
    {"dragonfly", &xnet_profile_dragonfly, dragonfly_rx, sizeof(dragonfly_rx),
     {32, 0xb8, {0}, {198, 51, 100, 7}, 1, ALL4 | XNET_IPV4_FLAG_TOS, 0}},
    {"darwin", &xnet_profile_darwin, darwin_rx, sizeof(darwin_rx),
     {64, 0x10, {0}, {127, 0, 0, 1}, 1, ALL4 | XNET_IPV4_FLAG_TOS, 0}},
    {"darwin-bsd", &xnet_profile_darwin, darwin_rx_bsd, sizeof(darwin_rx_bsd),
     {0, 0, {0}, {10, 0, 0, 1}, 4,
      XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE, 0}},
};

static int cm_equal(const xnet_ipv4_cmsg *a, const xnet_ipv4_cmsg *b) {
  return a->ttl == b->ttl && a->tos == b->tos &&
         memcmp(a->src, b->src, 4) == 0 && memcmp(a->dst, b->dst, 4) == 0 &&
         a->ifindex == b->ifindex && a->has == b->has && a->cut == b->cut;
}

static void assert_cm(const char *name, const xnet_ipv4_cmsg *got,
                      const xnet_ipv4_cmsg *want, unsigned line) {
  if (cm_equal(got, want)) return;
  char g[128], w[128];
  xnet_ipv4_cmsg_format(got, g, sizeof(g));
  xnet_ipv4_cmsg_format(want, w, sizeof(w));
  xt_fail(line, __FILE__, "%s: got {%s has=%#x cut=%#x}, want {%s has=%#x cut=%#x}",
          name, g, got->has, got->cut, w, want->has, want->cut);
}

static void test_ipv4_cmsg_parse_kernel_layouts_every_profile(void) {
  for (size_t i = 0; i < sizeof(rx_cases) / sizeof(rx_cases[0]); i++) {
    const rx_case *c = &rx_cases[i];
    xnet_ipv4_cmsg cm;
    XT_ASSERT_OK(xnet_ipv4_cmsg_parse(c->p, c->b, c->n, &cm));
    assert_cm(c->name, &cm, &c->want, __LINE__);
    XT_ASSERT(cm_equal(&cm, &c->want));
  }
}

static void test_ipv4_cmsg_parse_vector_of_other_profile_is_not_read(void) {
  /* Linux's bytes read with FreeBSD's geometry: the first header claims
   * 28 bytes at level 0 with type 0 (Linux's level field), and so on: a
   * walk the BSD geometry accepts but that holds no known option. */
  xnet_ipv4_cmsg cm;
  int rc = xnet_ipv4_cmsg_parse(&xnet_profile_freebsd, linux_rx,
                                sizeof(linux_rx), &cm);
  XT_ASSERT_OK(rc);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  /* FreeBSD's bytes with Darwin's numbers: RECVDSTADDR (7) is shared, but
   * Darwin puts the payload at 12, not 16, so the sizes disagree. */
  rc = xnet_ipv4_cmsg_parse(&xnet_profile_darwin, freebsd_rx,
                            sizeof(freebsd_rx), &cm);
  XT_ASSERT_ERR(rc, XNET_EBADLEN);
}

static void test_ipv4_cmsg_parse_skips_unknown_levels_and_types(void) {
  /* SOL_SOCKET SO_TIMESTAMP-like, IPv6-level IPV6_HOPLIMIT, IP-level
   * IP_RECVERR (11) — all skipped — then IP_TTL 7. Linux layout. */
  static const uint8_t b[] = {
      0x20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 29, 0, 0, 0, Z16,
      0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 52, 0, 0, 0, 9, 0, 0, 0, Z4,
      0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0, 1, 2, 3, 4, Z4,
      0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, Z4,
  };
  xnet_ipv4_cmsg cm;
  XT_ASSERT_OK(xnet_ipv4_cmsg_parse(&xnet_profile_linux, b, sizeof(b), &cm));
  XT_ASSERT_UINT_EQ(cm.ttl, 7);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV4_FLAG_TTL);
  /* An empty buffer is a message with nothing in it. */
  XT_ASSERT_OK(xnet_ipv4_cmsg_parse(&xnet_profile_linux, NULL, 0, &cm));
  XT_ASSERT_UINT_EQ(cm.has, 0);
}

static void test_ipv4_cmsg_parse_rejects_wrong_payload_size(void) {
  xnet_ipv4_cmsg cm;
  /* IP_TTL with 2 bytes, followed by another message: malformed. */
  static const uint8_t short_ttl[] = {
      0x12, 0, 0, 0, 0, 0, 0, 0, Z4, 2, 0, 0, 0, 64, 0, 0, 0, Z4,
      0x11, 0, 0, 0, 0, 0, 0, 0, Z4, 1, 0, 0, 0, 0x28, 0, 0, 0, Z4,
  };
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, short_ttl,
                                     sizeof(short_ttl), &cm),
                XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  /* IP_TTL with 8 bytes: never produced by a kernel. */
  static const uint8_t long_ttl[] = {
      0x18, 0, 0, 0, 0, 0, 0, 0, Z4, 2, 0, 0, 0, 64, 0, 0, 0, Z4,
  };
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, long_ttl,
                                     sizeof(long_ttl), &cm),
                XNET_EBADLEN);
  /* A sockaddr_dl too short to hold sdl_index, not at the end. */
  static const uint8_t short_sdl[] = {
      0x13, 0, 0, 0, Z4, 20, 0, 0, 0, Z4, 3, 18, 1, Z4, 0,
      0x11, 0, 0, 0, Z4, 65, 0, 0, 0, Z4, 64, 0, 0, 0, Z4,
  };
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_freebsd, short_sdl,
                                     sizeof(short_sdl), &cm),
                XNET_EBADLEN);
  /* The earlier, good messages do not survive a malformed one. */
  uint8_t b[sizeof(linux_rx)];
  memcpy(b, linux_rx, sizeof(b));
  b[56] = 8; /* IP_TOS header: cmsg_len 8 < 16 */
  memset(&cm, 0xff, sizeof(cm));
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, b, sizeof(b), &cm),
                XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(cm.ttl, 0);
  XT_ASSERT_UINT_EQ(cm.has, 0);
}

static void test_ipv4_cmsg_parse_linux_truncation_keeps_whole_options(void) {
  /* What Linux writes when msg_controllen is 32 + 18: the IP_TTL message
   * is cut in place (cmsg_len 18, 2 of 4 payload bytes) and IP_TOS is
   * dropped without a trace. */
  uint8_t b[50];
  memcpy(b, linux_rx, sizeof(b));
  b[32] = 18;
  xnet_ipv4_cmsg cm;
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, b, sizeof(b), &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);
  XT_ASSERT_MEM_EQ(cm.dst, 4, ((const uint8_t[]){127, 0, 0, 1}), 4);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV4_FLAG_TTL);
  XT_ASSERT_UINT_EQ(cm.ttl, 0);
  /* Cut to the bare header (cmsg_len 16). */
  b[32] = 16;
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, b, 48, &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV4_FLAG_TTL);
}

static void test_ipv4_cmsg_parse_bsd_truncation_names_cut_option(void) {
  /* FreeBSD copies the control bytes that fit and leaves cmsg_len as it
   * was: cut in the middle of IP_RECVIF. */
  xnet_ipv4_cmsg cm;
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_freebsd, freebsd_rx, 48 + 30,
                                     &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.ttl, 64);
  XT_ASSERT_MEM_EQ(cm.dst, 4, ((const uint8_t[]){127, 0, 0, 1}), 4);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV4_FLAG_INTERFACE);
  /* Cut inside the next header: which option is unknowable. */
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_freebsd, freebsd_rx, 48 + 5,
                                     &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST);
  XT_ASSERT_UINT_EQ(cm.cut, 0);
}

/* Every prefix of every vector: a clean result, and only whole options,
 * each with the value the whole buffer gives. */
static void test_ipv4_cmsg_parse_every_prefix_is_clean(void) {
  for (size_t i = 0; i < sizeof(rx_cases) / sizeof(rx_cases[0]); i++) {
    const rx_case *c = &rx_cases[i];
    for (size_t k = 0; k <= c->n; k++) {
      uint8_t *b = k ? malloc(k) : NULL;
      if (k) memcpy(b, c->b, k);
      xnet_ipv4_cmsg cm;
      int rc = xnet_ipv4_cmsg_parse(c->p, b, k, &cm);
      free(b);
      if (rc != 0 && rc != XNET_ETRUNCATED)
        xt_fail(__LINE__, __FILE__, "%s prefix %zu: rc %d", c->name, k, rc);
      XT_ASSERT(rc == 0 || rc == XNET_ETRUNCATED);
      XT_ASSERT_UINT_EQ(cm.has & ~c->want.has, 0);
      XT_ASSERT_UINT_EQ(cm.has & cm.cut, 0);
      if (cm.has & XNET_IPV4_FLAG_TTL) XT_ASSERT_UINT_EQ(cm.ttl, c->want.ttl);
      if (cm.has & XNET_IPV4_FLAG_TOS) XT_ASSERT_UINT_EQ(cm.tos, c->want.tos);
      if (cm.has & XNET_IPV4_FLAG_DST)
        XT_ASSERT_MEM_EQ(cm.dst, 4, c->want.dst, 4);
      if (cm.has & XNET_IPV4_FLAG_INTERFACE)
        XT_ASSERT_UINT_EQ(cm.ifindex, c->want.ifindex);
    }
  }
}

static void test_ipv4_cmsg_parse_rejects_bad_arguments(void) {
  xnet_ipv4_cmsg cm;
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&xnet_profile_linux, linux_rx,
                                     sizeof(linux_rx), NULL),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(&bare, linux_rx, sizeof(linux_rx), &cm),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_cmsg_parse(NULL, linux_rx, sizeof(linux_rx), &cm),
                XNET_EINVAL);
}

/* ---- sizes ------------------------------------------------------------ */

static void test_ipv4_cmsg_space_every_profile(void) {
  const uint32_t go_all = XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_SRC |
                          XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE;
  static const struct {
    const xnet_profile *p;
    size_t all, all_tos, src, ttl, dst;
  } want[] = {
      /* TTL + in_pktinfo, or TTL + in_addr + sockaddr_dl (54/20/32). */
      {&xnet_profile_linux, 24 + 32, 24 + 32 + 24, 32, 24, 32},
      {&xnet_profile_freebsd, 24 + 24 + 72, 144, 0, 24, 24},
      {&xnet_profile_netbsd, 24 + 24 + 40, 88, 0, 24, 24},
      {&xnet_profile_openbsd, 24 + 24 + 48, 96, 0, 24, 24},
      {&xnet_profile_dragonfly, 24 + 24 + 72, 144, 0, 24, 24},
      {&xnet_profile_darwin, 16 + 24, 16 + 24 + 16, 24, 16, 24},
  };
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, go_all), want[i].all);
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, go_all | XNET_IPV4_FLAG_TOS),
                      want[i].all_tos);
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, XNET_IPV4_FLAG_SRC),
                      want[i].src);
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, XNET_IPV4_FLAG_TTL),
                      want[i].ttl);
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, XNET_IPV4_FLAG_DST),
                      want[i].dst);
    XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(want[i].p, 0), 0);
  }
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_UINT_EQ(xnet_ipv4_cmsg_space(&bare, go_all), 0);
}

static void test_ipv4_cmsg_space_fits_every_vector(void) {
  /* The buffer sized for what a vector answers holds that vector. */
  for (size_t i = 0; i < sizeof(rx_cases) / sizeof(rx_cases[0]); i++) {
    const rx_case *c = &rx_cases[i];
    if (c->b == darwin_rx_bsd) continue; /* Darwin asks for in_pktinfo */
    size_t space = xnet_ipv4_cmsg_space(c->p, c->want.has);
    size_t skipped = c->b == openbsd_rx ? 24 : c->b == dragonfly_rx ? 32 : 0;
    XT_ASSERT(c->n - skipped <= space);
  }
}

/* ---- send vectors ----------------------------------------------------- */

static const xnet_ipv4_cmsg tx_cm = {
    0, 0, {192, 0, 2, 1}, {0}, 3, XNET_IPV4_FLAG_SRC, 0};

static const uint8_t linux_tx[] = {
    0x1c, 0, 0, 0, 0, 0, 0, 0, Z4, 8, 0, 0, 0, /* IP_PKTINFO */
    3, 0, 0, 0, 192, 0, 2, 1, Z4, Z4,           /* ifindex, spec_dst, addr */
};
static const uint8_t bsd_tx[] = {
    0x14, 0, 0, 0, Z4, 7, 0, 0, 0, Z4, /* IP_SENDSRCADDR */
    192, 0, 2, 1, Z4,
};
static const uint8_t darwin_tx[] = {
    0x18, 0, 0, 0, Z4, 26, 0, 0, 0, /* IP_PKTINFO */
    3, 0, 0, 0, 192, 0, 2, 1, Z4,
};

static void test_ipv4_cmsg_marshal_every_profile(void) {
  static const struct {
    const xnet_profile *p;
    const uint8_t *want;
    size_t n;
  } cases[] = {
      {&xnet_profile_linux, linux_tx, sizeof(linux_tx)},
      {&xnet_profile_freebsd, bsd_tx, sizeof(bsd_tx)},
      {&xnet_profile_netbsd, bsd_tx, sizeof(bsd_tx)},
      {&xnet_profile_openbsd, bsd_tx, sizeof(bsd_tx)},
      {&xnet_profile_dragonfly, bsd_tx, sizeof(bsd_tx)},
      {&xnet_profile_darwin, darwin_tx, sizeof(darwin_tx)},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    uint8_t b[64];
    size_t len = 0;
    memset(b, 0xee, sizeof(b));
    XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(cases[i].p, &tx_cm, b, sizeof(b), &len));
    XT_ASSERT_MEM_EQ(b, len, cases[i].want, cases[i].n);
    XT_ASSERT_UINT_EQ(b[len], 0xee);
  }
}

static void test_ipv4_cmsg_marshal_leaves_out_what_flavour_lacks(void) {
  xnet_ipv4_cmsg only_if = {0};
  only_if.ifindex = 3;
  uint8_t b[64];
  size_t len = 99;
  /* BSDs cannot pick the interface per packet: nothing to send (Go). */
  XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(&xnet_profile_freebsd, &only_if, b,
                                      sizeof(b), &len));
  XT_ASSERT_UINT_EQ(len, 0);
  /* Linux sends in_pktinfo with spec_dst 0.0.0.0. */
  XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(&xnet_profile_linux, &only_if, b,
                                      sizeof(b), &len));
  static const uint8_t want[] = {0x1c, 0, 0, 0, 0, 0, 0, 0, Z4, 8, 0, 0, 0,
                                 3, 0, 0, 0, Z8, Z4};
  XT_ASSERT_MEM_EQ(b, len, want, sizeof(want));
  /* Nothing set: nothing sent, on every flavour; NULL as Go's nil. */
  xnet_ipv4_cmsg none = {0};
  none.ttl = 9; /* receiving only: never sent */
  XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(&xnet_profile_linux, &none, b, 0, &len));
  XT_ASSERT_UINT_EQ(len, 0);
  XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(&xnet_profile_darwin, NULL, b, 0, &len));
  XT_ASSERT_UINT_EQ(len, 0);
}

static void test_ipv4_cmsg_marshal_reports_needed_size(void) {
  uint8_t b[64];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_ipv4_cmsg_marshal(&xnet_profile_linux, &tx_cm, b, 31, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 32);
  XT_ASSERT_ERR(xnet_ipv4_cmsg_marshal(&xnet_profile_freebsd, &tx_cm, NULL, 0,
                                       &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 24);
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_ERR(xnet_ipv4_cmsg_marshal(&bare, &tx_cm, b, sizeof(b), &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_cmsg_marshal(&xnet_profile_linux, &tx_cm, b,
                                       sizeof(b), NULL),
                XNET_EINVAL);
}

static void test_ipv4_cmsg_marshal_parse_round_trip_every_profile(void) {
  /* What each flavour both sends and receives: Linux and Darwin carry
   * ifindex in in_pktinfo (the sent spec_dst is not read back: parse takes
   * ipi_addr); the BSDs' IP_SENDSRCADDR shares its number with
   * IP_RECVDSTADDR, so Src comes back as Dst. */
  const xnet_profile *pkt[] = {&xnet_profile_linux, &xnet_profile_darwin};
  const xnet_profile *bsd[] = {&xnet_profile_freebsd, &xnet_profile_netbsd,
                               &xnet_profile_openbsd, &xnet_profile_dragonfly};
  uint8_t b[64];
  size_t len;
  xnet_ipv4_cmsg back;
  for (size_t i = 0; i < 2; i++) {
    XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(pkt[i], &tx_cm, b, sizeof(b), &len));
    XT_ASSERT_OK(xnet_ipv4_cmsg_parse(pkt[i], b, len, &back));
    XT_ASSERT_UINT_EQ(back.ifindex, tx_cm.ifindex);
    XT_ASSERT_UINT_EQ(back.has, XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE);
  }
  for (size_t i = 0; i < 4; i++) {
    XT_ASSERT_OK(xnet_ipv4_cmsg_marshal(bsd[i], &tx_cm, b, sizeof(b), &len));
    XT_ASSERT_OK(xnet_ipv4_cmsg_parse(bsd[i], b, len, &back));
    XT_ASSERT_MEM_EQ(back.dst, 4, tx_cm.src, 4);
    XT_ASSERT_UINT_EQ(back.has, XNET_IPV4_FLAG_DST);
  }
}

/* ---- String() --------------------------------------------------------- */

static void test_ipv4_cmsg_format_matches_go(void) {
  char s[128];
  xnet_ipv4_cmsg cm = {0};
  cm.ttl = 64;
  cm.dst[0] = 127, cm.dst[3] = 1;
  cm.ifindex = 1;
  cm.has = XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE;
  XT_ASSERT_INT_EQ(xnet_ipv4_cmsg_format(&cm, s, sizeof(s)), 40);
  XT_ASSERT_STR_EQ(s, "ttl=64 src=<nil> dst=127.0.0.1 ifindex=1");
  xnet_ipv4_cmsg zero = {0};
  xnet_ipv4_cmsg_format(&zero, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "ttl=0 src=<nil> dst=<nil> ifindex=0");
  xnet_ipv4_cmsg_format(&tx_cm, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "ttl=0 src=192.0.2.1 dst=<nil> ifindex=3");
  XT_ASSERT_INT_EQ(xnet_ipv4_cmsg_format(NULL, s, sizeof(s)), 5);
  XT_ASSERT_STR_EQ(s, "<nil>");
  xnet_ipv4_cmsg parsed;
  XT_ASSERT_OK(xnet_ipv4_cmsg_parse(&xnet_profile_linux, linux_rx,
                                    sizeof(linux_rx), &parsed));
  xnet_ipv4_cmsg_format(&parsed, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "ttl=64 src=<nil> dst=127.0.0.1 ifindex=1 tos=0x28");
  parsed.tos = 0;
  xnet_ipv4_cmsg_format(&parsed, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "ttl=64 src=<nil> dst=127.0.0.1 ifindex=1 tos=0x0");
}

static void test_ipv4_cmsg_format_has_snprintf_semantics(void) {
  char s[10];
  xnet_ipv4_cmsg cm = {0};
  cm.ttl = 64;
  memset(s, 'x', sizeof(s));
  XT_ASSERT_INT_EQ(xnet_ipv4_cmsg_format(&cm, s, sizeof(s)), 36);
  XT_ASSERT_STR_EQ(s, "ttl=64 sr");
  XT_ASSERT_INT_EQ(xnet_ipv4_cmsg_format(&cm, NULL, 0), 36);
}

XT_SUITE(codecs, ipv4_cmsg, NULL, NULL,
         XT_TEST(test_ipv4_cmsg_parse_kernel_layouts_every_profile),
         XT_TEST(test_ipv4_cmsg_parse_vector_of_other_profile_is_not_read),
         XT_TEST(test_ipv4_cmsg_parse_skips_unknown_levels_and_types),
         XT_TEST(test_ipv4_cmsg_parse_rejects_wrong_payload_size),
         XT_TEST(test_ipv4_cmsg_parse_linux_truncation_keeps_whole_options),
         XT_TEST(test_ipv4_cmsg_parse_bsd_truncation_names_cut_option),
         XT_TEST(test_ipv4_cmsg_parse_every_prefix_is_clean),
         XT_TEST(test_ipv4_cmsg_parse_rejects_bad_arguments),
         XT_TEST(test_ipv4_cmsg_space_every_profile),
         XT_TEST(test_ipv4_cmsg_space_fits_every_vector),
         XT_TEST(test_ipv4_cmsg_marshal_every_profile),
         XT_TEST(test_ipv4_cmsg_marshal_leaves_out_what_flavour_lacks),
         XT_TEST(test_ipv4_cmsg_marshal_reports_needed_size),
         XT_TEST(test_ipv4_cmsg_marshal_parse_round_trip_every_profile),
         XT_TEST(test_ipv4_cmsg_format_matches_go),
         XT_TEST(test_ipv4_cmsg_format_has_snprintf_semantics));
