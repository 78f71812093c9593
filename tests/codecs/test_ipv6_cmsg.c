/* test_ipv6_cmsg.c — x/net/ipv6 ControlMessage for every profile:
 * byte-exact receive vectors (in6_pktinfo, hop limit, traffic class,
 * ip6_mtuinfo) and send vectors (with each flavour's sockaddr_in6), sizes,
 * error and truncation cases, round trips and Go's String() form. */
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/ipv6_cmsg.h"
#include "xnet_test.h"

#include <stdlib.h>

#define Z4 0, 0, 0, 0
#define Z8 Z4, Z4
#define LOOP6 Z8, 0, 0, 0, 0, 0, 0, 0, 1                       /* ::1 */
#define DOC1 0x20, 0x01, 0x0d, 0xb8, Z8, 0, 0, 0, 1           /* 2001:db8::1 */
#define DOC5 0x20, 0x01, 0x0d, 0xb8, Z8, 0, 0, 0, 5           /* 2001:db8::5 */
#define LL1 0xfe, 0x80, Z8, 0, 0, 0, 0, 0, 1                  /* fe80::1 */

/* ---- receive vectors ---------------------------------------------------
 * Linux (ip6_datagram_recv_specific_ctl order): IPV6_PKTINFO {::1, 1},
 * IPV6_HOPLIMIT 64, IPV6_TCLASS 0x28. Header 16, align 8. */
static const uint8_t linux_rx[] = {
    0x24, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 50, 0, 0, 0, LOOP6, 1, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 52, 0, 0, 0, 64, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 67, 0, 0, 0, 0x28, 0, 0, 0, Z4,
};
/* Linux IPV6_PATHMTU (61): ip6_mtuinfo {sockaddr_in6 {family 10 (u16),
 * 2001:db8::1, scope 2}, mtu 1280}. */
static const uint8_t linux_mtu[] = {
    0x30, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 61, 0, 0, 0,
    10, 0, 0, 0, Z4, DOC1, 2, 0, 0, 0, 0x00, 0x05, 0, 0,
};

/* KAME BSDs (FreeBSD, NetBSD, OpenBSD, DragonFly share these numbers and
 * this geometry): IPV6_PKTINFO (46) {fe80::1, 3}, IPV6_HOPLIMIT (47) 255,
 * IPV6_TCLASS (61) 0xb8. Header 12 padded to 16, align 8. */
static const uint8_t bsd_rx[] = {
    0x24, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, Z4, LL1, 3, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 41, 0, 0, 0, 47, 0, 0, 0, Z4, 255, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 41, 0, 0, 0, 61, 0, 0, 0, Z4, 0xb8, 0, 0, 0, Z4,
};
/* IPV6_PATHMTU (44): sockaddr_in6 {sin6_len 28, AF_INET6 28 (FreeBSD,
 * DragonFly; the family is not checked), 2001:db8::1, scope 2}, mtu
 * 1480. */
static const uint8_t bsd_mtu[] = {
    0x30, 0, 0, 0, 41, 0, 0, 0, 44, 0, 0, 0, Z4,
    28, 28, 0, 0, Z4, DOC1, 2, 0, 0, 0, 0xc8, 0x05, 0, 0,
};

/* Darwin: header 12, align 4: IPV6_PKTINFO {::1, 1}, IPV6_HOPLIMIT 64,
 * IPV6_TCLASS (36) 0. */
static const uint8_t darwin_rx[] = {
    0x20, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, LOOP6, 1, 0, 0, 0,
    0x10, 0, 0, 0, 41, 0, 0, 0, 47, 0, 0, 0, 64, 0, 0, 0,
    0x10, 0, 0, 0, 41, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0,
};
/* Darwin IPV6_PATHMTU {sin6_len 28, AF_INET6 30, 2001:db8::1, scope 2},
 * mtu 9000. */
static const uint8_t darwin_mtu[] = {
    0x2c, 0, 0, 0, 41, 0, 0, 0, 44, 0, 0, 0,
    28, 30, 0, 0, Z4, DOC1, 2, 0, 0, 0, 0x28, 0x23, 0, 0,
};

typedef struct rx_case {
  const char *name;
  const xnet_profile *p;
  const uint8_t *b;
  size_t n;
  uint32_t tclass, hoplim, ifindex, mtu, has;
  uint8_t dst[16];
} rx_case;

#define RX_HAS                                                              \
  (XNET_IPV6_FLAG_TRAFFIC_CLASS | XNET_IPV6_FLAG_HOP_LIMIT |                \
   XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE)
#define MTU_HAS                                                             \
  (XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE | XNET_IPV6_FLAG_PATH_MTU)

static const rx_case rx_cases[] = {
    {"linux", &xnet_profile_linux, linux_rx, sizeof(linux_rx), 0x28, 64, 1, 0,
     RX_HAS, {LOOP6}},
    {"linux-mtu", &xnet_profile_linux, linux_mtu, sizeof(linux_mtu), 0, 0, 2,
     1280, MTU_HAS, {DOC1}},
    {"freebsd", &xnet_profile_freebsd, bsd_rx, sizeof(bsd_rx), 0xb8, 255, 3, 0,
     RX_HAS, {LL1}},
    {"netbsd", &xnet_profile_netbsd, bsd_rx, sizeof(bsd_rx), 0xb8, 255, 3, 0,
     RX_HAS, {LL1}},
    {"openbsd", &xnet_profile_openbsd, bsd_rx, sizeof(bsd_rx), 0xb8, 255, 3, 0,
     RX_HAS, {LL1}},
    {"dragonfly", &xnet_profile_dragonfly, bsd_rx, sizeof(bsd_rx), 0xb8, 255, 3,
     0, RX_HAS, {LL1}},
    {"freebsd-mtu", &xnet_profile_freebsd, bsd_mtu, sizeof(bsd_mtu), 0, 0, 2,
     1480, MTU_HAS, {DOC1}},
    {"netbsd-mtu", &xnet_profile_netbsd, bsd_mtu, sizeof(bsd_mtu), 0, 0, 2,
     1480, MTU_HAS, {DOC1}},
    {"openbsd-mtu", &xnet_profile_openbsd, bsd_mtu, sizeof(bsd_mtu), 0, 0, 2,
     1480, MTU_HAS, {DOC1}},
    {"dragonfly-mtu", &xnet_profile_dragonfly, bsd_mtu, sizeof(bsd_mtu), 0, 0,
     2, 1480, MTU_HAS, {DOC1}},
    {"darwin", &xnet_profile_darwin, darwin_rx, sizeof(darwin_rx), 0, 64, 1, 0,
     RX_HAS, {LOOP6}},
    {"darwin-mtu", &xnet_profile_darwin, darwin_mtu, sizeof(darwin_mtu), 0, 0,
     2, 9000, MTU_HAS, {DOC1}},
};

static void check_rx(const rx_case *c, const xnet_ipv6_cmsg *cm) {
  char s[160];
  xnet_ipv6_cmsg_format(cm, s, sizeof(s));
  if (cm->traffic_class != c->tclass || cm->hop_limit != c->hoplim ||
      cm->ifindex != c->ifindex || cm->mtu != c->mtu || cm->has != c->has ||
      memcmp(cm->dst, c->dst, 16) != 0 || cm->cut != 0)
    xt_fail(__LINE__, __FILE__, "%s: got %s has=%#x cut=%#x", c->name, s,
            cm->has, cm->cut);
}

static void test_ipv6_cmsg_parse_kernel_layouts_every_profile(void) {
  for (size_t i = 0; i < sizeof(rx_cases) / sizeof(rx_cases[0]); i++) {
    const rx_case *c = &rx_cases[i];
    xnet_ipv6_cmsg cm;
    XT_ASSERT_OK(xnet_ipv6_cmsg_parse(c->p, c->b, c->n, &cm));
    check_rx(c, &cm);
    XT_ASSERT_UINT_EQ(cm.has, c->has);
    XT_ASSERT_MEM_EQ(cm.dst, 16, c->dst, 16);
  }
}

static void test_ipv6_cmsg_parse_skips_unknown_levels_and_types(void) {
  /* Linux: IPv4-level IP_TTL, IPV6_RTHDR (57) and SOL_SOCKET type 29 are
   * skipped; IPV6_HOPLIMIT 3 is read. */
  static const uint8_t b[] = {
      0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 64, 0, 0, 0, Z4,
      0x18, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 57, 0, 0, 0, Z8,
      0x20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 29, 0, 0, 0, Z8, Z8,
      0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 52, 0, 0, 0, 3, 0, 0, 0, Z4,
  };
  xnet_ipv6_cmsg cm;
  XT_ASSERT_OK(xnet_ipv6_cmsg_parse(&xnet_profile_linux, b, sizeof(b), &cm));
  XT_ASSERT_UINT_EQ(cm.hop_limit, 3);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV6_FLAG_HOP_LIMIT);
  /* IPV6_NEXTHOP is send-only: received, it is skipped like Go does. */
  static const uint8_t nh[] = {
      0x2c, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 9, 0, 0, 0,
      10, 0, 0, 0, Z4, LL1, Z4, Z4,
  };
  XT_ASSERT_OK(xnet_ipv6_cmsg_parse(&xnet_profile_linux, nh, sizeof(nh), &cm));
  XT_ASSERT_UINT_EQ(cm.has, 0);
}

static void test_ipv6_cmsg_parse_rejects_wrong_payload_size(void) {
  xnet_ipv6_cmsg cm;
  /* IPV6_HOPLIMIT with one byte, then another message. */
  static const uint8_t short_hl[] = {
      0x11, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 52, 0, 0, 0, 64, 0, 0, 0, Z4,
      0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 67, 0, 0, 0, 0x28, 0, 0, 0, Z4,
  };
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_linux, short_hl,
                                     sizeof(short_hl), &cm),
                XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  /* in6_pktinfo of 24 bytes. */
  static const uint8_t long_pi[] = {
      0x28, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, Z4, LL1, 3, 0, 0, 0, Z4,
  };
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_freebsd, long_pi,
                                     sizeof(long_pi), &cm),
                XNET_EBADLEN);
  /* cmsg_len below the header: malformed. */
  uint8_t b[sizeof(bsd_rx)];
  memcpy(b, bsd_rx, sizeof(b));
  b[40] = 4;
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_freebsd, b, sizeof(b), &cm),
                XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(cm.ifindex, 0);
}

static void test_ipv6_cmsg_parse_truncation_keeps_whole_options(void) {
  xnet_ipv6_cmsg cm;
  /* Linux, msg_controllen 40 + 18: IPV6_HOPLIMIT cut in place, TCLASS
   * dropped. */
  uint8_t b[58];
  memcpy(b, linux_rx, sizeof(b));
  b[40] = 18;
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_linux, b, sizeof(b), &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV6_FLAG_HOP_LIMIT);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);
  /* BSD: cut inside in6_pktinfo, cmsg_len untouched. */
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_openbsd, bsd_rx, 30, &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE);
  /* Darwin: cut inside the ip6_mtuinfo. */
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_darwin, darwin_mtu, 40, &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.cut, XNET_IPV6_FLAG_PATH_MTU);
  /* A header cut short. */
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_darwin, darwin_rx, 32 + 7,
                                     &cm),
                XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE);
  XT_ASSERT_UINT_EQ(cm.cut, 0);
}

static void test_ipv6_cmsg_parse_every_prefix_is_clean(void) {
  for (size_t i = 0; i < sizeof(rx_cases) / sizeof(rx_cases[0]); i++) {
    const rx_case *c = &rx_cases[i];
    for (size_t k = 0; k <= c->n; k++) {
      uint8_t *b = k ? malloc(k) : NULL;
      if (k) memcpy(b, c->b, k);
      xnet_ipv6_cmsg cm;
      int rc = xnet_ipv6_cmsg_parse(c->p, b, k, &cm);
      free(b);
      if (rc != 0 && rc != XNET_ETRUNCATED)
        xt_fail(__LINE__, __FILE__, "%s prefix %zu: rc %d", c->name, k, rc);
      XT_ASSERT(rc == 0 || rc == XNET_ETRUNCATED);
      if (k == c->n) XT_ASSERT_OK(rc);
      if (cm.cut != 0) XT_ASSERT_ERR(rc, XNET_ETRUNCATED);
      XT_ASSERT_UINT_EQ(cm.has & cm.cut, 0);
      XT_ASSERT_UINT_EQ(cm.has & ~c->has, 0);
      if (cm.has & XNET_IPV6_FLAG_HOP_LIMIT)
        XT_ASSERT_UINT_EQ(cm.hop_limit, c->hoplim);
      if (cm.has & XNET_IPV6_FLAG_TRAFFIC_CLASS)
        XT_ASSERT_UINT_EQ(cm.traffic_class, c->tclass);
      if (cm.has & XNET_IPV6_FLAG_DST) XT_ASSERT_MEM_EQ(cm.dst, 16, c->dst, 16);
      if (cm.has & XNET_IPV6_FLAG_PATH_MTU) XT_ASSERT_UINT_EQ(cm.mtu, c->mtu);
    }
  }
}

static void test_ipv6_cmsg_parse_rejects_bad_arguments(void) {
  xnet_ipv6_cmsg cm;
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&xnet_profile_linux, linux_rx,
                                     sizeof(linux_rx), NULL),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv6_cmsg_parse(&bare, linux_rx, sizeof(linux_rx), &cm),
                XNET_EINVAL);
}

/* ---- sizes ------------------------------------------------------------ */

static void test_ipv6_cmsg_space_every_profile(void) {
  const uint32_t go_all =
      XNET_IPV6_FLAG_TRAFFIC_CLASS | XNET_IPV6_FLAG_HOP_LIMIT |
      XNET_IPV6_FLAG_SRC | XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE |
      XNET_IPV6_FLAG_PATH_MTU;
  const xnet_profile *eight[] = {&xnet_profile_linux, &xnet_profile_freebsd,
                                 &xnet_profile_netbsd, &xnet_profile_openbsd,
                                 &xnet_profile_dragonfly};
  for (size_t i = 0; i < 5; i++) {
    /* 24 (tclass) + 24 (hoplimit) + 40 (in6_pktinfo) + 48 (ip6_mtuinfo) */
    XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(eight[i], go_all), 136);
    XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(eight[i], XNET_IPV6_FLAG_DST), 40);
    XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(eight[i], XNET_IPV6_FLAG_DST |
                                                         XNET_IPV6_FLAG_INTERFACE),
                      40);
    XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(eight[i], XNET_IPV6_FLAG_PATH_MTU), 48);
    /* Go's FlagSrc asks for nothing on its own. */
    XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(eight[i], XNET_IPV6_FLAG_SRC), 0);
  }
  XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(&xnet_profile_darwin, go_all),
                    16 + 16 + 32 + 44);
  XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(&xnet_profile_darwin,
                                         XNET_IPV6_FLAG_HOP_LIMIT),
                    16);
  XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(&xnet_profile_linux, 0), 0);
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_UINT_EQ(xnet_ipv6_cmsg_space(&bare, go_all), 0);
}

/* ---- send vectors ----------------------------------------------------- */

static const xnet_ipv6_cmsg tx_cm = {
    0x28, 7, {DOC5}, {0}, 2, {LL1}, 0,
    XNET_IPV6_FLAG_SRC | XNET_IPV6_FLAG_NEXT_HOP, 0};

static const uint8_t linux_tx[] = {
    0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 67, 0, 0, 0, 0x28, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 52, 0, 0, 0, 7, 0, 0, 0, Z4,
    0x24, 0, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 50, 0, 0, 0, DOC5, 2, 0, 0, 0, Z4,
    /* no IPV6_NEXTHOP: Linux refuses it as a cmsg */
};
/* FreeBSD and DragonFly (AF_INET6 28); NetBSD and OpenBSD differ only in
 * the family byte at SIN6_FAMILY_AT (24). */
static const uint8_t bsd_tx[] = {
    0x14, 0, 0, 0, 41, 0, 0, 0, 61, 0, 0, 0, Z4, 0x28, 0, 0, 0, Z4,
    0x14, 0, 0, 0, 41, 0, 0, 0, 47, 0, 0, 0, Z4, 7, 0, 0, 0, Z4,
    0x24, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, Z4, DOC5, 2, 0, 0, 0, Z4,
    0x2c, 0, 0, 0, 41, 0, 0, 0, 48, 0, 0, 0, Z4,
    28, 28, 0, 0, Z4, LL1, 2, 0, 0, 0, Z4, /* sin6_len, family */
};
enum { SIN6_FAMILY_AT = 24 + 24 + 40 + 16 + 1 };
static const uint8_t darwin_tx[] = {
    0x10, 0, 0, 0, 41, 0, 0, 0, 36, 0, 0, 0, 0x28, 0, 0, 0,
    0x10, 0, 0, 0, 41, 0, 0, 0, 47, 0, 0, 0, 7, 0, 0, 0,
    0x20, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, DOC5, 2, 0, 0, 0,
    0x28, 0, 0, 0, 41, 0, 0, 0, 48, 0, 0, 0, 28, 30, 0, 0, Z4, LL1, 2, 0, 0, 0,
};

static void check_tx(const xnet_profile *p, const uint8_t *want, size_t n) {
  uint8_t b[160];
  size_t len = 0;
  memset(b, 0xee, sizeof(b));
  XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(p, &tx_cm, b, sizeof(b), &len));
  XT_ASSERT_MEM_EQ(b, len, want, n);
  XT_ASSERT_UINT_EQ(b[len], 0xee);
}

static void test_ipv6_cmsg_marshal_every_profile(void) {
  check_tx(&xnet_profile_linux, linux_tx, sizeof(linux_tx));
  check_tx(&xnet_profile_freebsd, bsd_tx, sizeof(bsd_tx));
  check_tx(&xnet_profile_dragonfly, bsd_tx, sizeof(bsd_tx));
  uint8_t af24[sizeof(bsd_tx)];
  memcpy(af24, bsd_tx, sizeof(af24));
  af24[SIN6_FAMILY_AT] = 24;
  check_tx(&xnet_profile_netbsd, af24, sizeof(af24));
  check_tx(&xnet_profile_openbsd, af24, sizeof(af24));
  check_tx(&xnet_profile_darwin, darwin_tx, sizeof(darwin_tx));
}

static void test_ipv6_cmsg_marshal_follows_go_rules(void) {
  uint8_t b[160];
  size_t len = 99;
  /* IPv4-mapped src and next hop are not IPv6 addresses for Go: nothing
   * is sent for them. */
  xnet_ipv6_cmsg m = {0};
  static const uint8_t mapped[16] = {Z8, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  memcpy(m.src, mapped, 16);
  memcpy(m.next_hop, mapped, 16);
  m.has = XNET_IPV6_FLAG_SRC | XNET_IPV6_FLAG_NEXT_HOP;
  XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(&xnet_profile_linux, &m, b, sizeof(b), &len));
  XT_ASSERT_UINT_EQ(len, 0);
  /* ... but an interface still sends in6_pktinfo, with a zero address. */
  m.ifindex = 4;
  XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(&xnet_profile_freebsd, &m, b, sizeof(b),
                                      &len));
  static const uint8_t want[] = {0x24, 0, 0, 0, 41, 0, 0, 0, 46, 0, 0, 0, Z4,
                                 Z8, Z8, 4, 0, 0, 0, Z4};
  XT_ASSERT_MEM_EQ(b, len, want, sizeof(want));
  /* Zero traffic class and hop limit are "not set". */
  xnet_ipv6_cmsg hl = {0};
  hl.hop_limit = 1;
  XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(&xnet_profile_darwin, &hl, b, sizeof(b),
                                      &len));
  static const uint8_t want_hl[] = {0x10, 0, 0, 0, 41, 0, 0, 0, 47, 0, 0, 0,
                                    1, 0, 0, 0};
  XT_ASSERT_MEM_EQ(b, len, want_hl, sizeof(want_hl));
  XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(&xnet_profile_darwin, NULL, b, 0, &len));
  XT_ASSERT_UINT_EQ(len, 0);
}

static void test_ipv6_cmsg_marshal_reports_needed_size(void) {
  uint8_t b[160];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_ipv6_cmsg_marshal(&xnet_profile_freebsd, &tx_cm, b, 135, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, sizeof(bsd_tx));
  XT_ASSERT_ERR(xnet_ipv6_cmsg_marshal(&xnet_profile_darwin, &tx_cm, NULL, 0,
                                       &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, sizeof(darwin_tx));
  const xnet_profile bare = {.name = "bare", .little_endian = 1};
  XT_ASSERT_ERR(xnet_ipv6_cmsg_marshal(&bare, &tx_cm, b, sizeof(b), &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv6_cmsg_marshal(&xnet_profile_linux, &tx_cm, b,
                                       sizeof(b), NULL),
                XNET_EINVAL);
}

static void test_ipv6_cmsg_marshal_parse_round_trip_every_profile(void) {
  /* Traffic class, hop limit and the interface come back as sent; the
   * in6_pktinfo address sent as Src is read back as Dst (Go's Parse); the
   * next hop is send-only. */
  const xnet_profile *all[] = {&xnet_profile_linux,   &xnet_profile_freebsd,
                               &xnet_profile_netbsd,  &xnet_profile_openbsd,
                               &xnet_profile_dragonfly, &xnet_profile_darwin};
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
    uint8_t b[160];
    size_t len;
    xnet_ipv6_cmsg back;
    XT_ASSERT_OK(xnet_ipv6_cmsg_marshal(all[i], &tx_cm, b, sizeof(b), &len));
    XT_ASSERT_OK(xnet_ipv6_cmsg_parse(all[i], b, len, &back));
    XT_ASSERT_UINT_EQ(back.traffic_class, tx_cm.traffic_class);
    XT_ASSERT_UINT_EQ(back.hop_limit, tx_cm.hop_limit);
    XT_ASSERT_UINT_EQ(back.ifindex, tx_cm.ifindex);
    XT_ASSERT_MEM_EQ(back.dst, 16, tx_cm.src, 16);
    XT_ASSERT_UINT_EQ(back.has, RX_HAS);
  }
}

/* ---- String() --------------------------------------------------------- */

static void test_ipv6_cmsg_format_matches_go(void) {
  char s[200];
  xnet_ipv6_cmsg cm;
  XT_ASSERT_OK(xnet_ipv6_cmsg_parse(&xnet_profile_linux, linux_rx,
                                    sizeof(linux_rx), &cm));
  xnet_ipv6_cmsg_format(&cm, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "tclass=0x28 hoplim=64 src=<nil> dst=::1 ifindex=1 "
                      "nexthop=<nil> mtu=0");
  xnet_ipv6_cmsg zero = {0};
  xnet_ipv6_cmsg_format(&zero, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "tclass=0x0 hoplim=0 src=<nil> dst=<nil> ifindex=0 "
                      "nexthop=<nil> mtu=0");
  int n = xnet_ipv6_cmsg_format(&tx_cm, s, sizeof(s));
  XT_ASSERT_STR_EQ(s, "tclass=0x28 hoplim=7 src=2001:db8::5 dst=<nil> ifindex=2 "
                      "nexthop=fe80::1 mtu=0");
  XT_ASSERT_INT_EQ(n, (int)strlen(s));
  XT_ASSERT_INT_EQ(xnet_ipv6_cmsg_format(NULL, s, sizeof(s)), 5);
  XT_ASSERT_STR_EQ(s, "<nil>");
  /* snprintf semantics. */
  char small[8];
  XT_ASSERT_INT_EQ(xnet_ipv6_cmsg_format(&tx_cm, small, sizeof(small)), n);
  XT_ASSERT_STR_EQ(small, "tclass=");
}

static void test_ipv6_cmsg_format_addresses_as_go_net_ip(void) {
  static const struct {
    uint8_t a[16];
    const char *want;
  } cases[] = {
      {{LOOP6}, "::1"},
      {{0}, "::"},
      {{DOC1}, "2001:db8::1"},
      {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
       "2001:db8::1:0:0:1"}, /* the first of two equal runs */
      {{0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
       "2001:0:0:1::1"}, /* the longer run */
      {{0, 1, 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7},
       "1:0:2:3:4:5:6:7"}, /* one zero group is not compressed */
      {{0, 1, Z8, Z4, 0, 0}, "1::"},
      {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff},
       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
      {{Z8, 0, 0, 0xff, 0xff, 127, 0, 0, 1}, "127.0.0.1"}, /* IPv4-mapped */
      {{Z8, 0, 0, 0xff, 0xff, 0, 0, 0, 0}, "0.0.0.0"},
      {{0, 0x64, 0xff, 0x9b, Z8, 1, 2, 3, 4}, "64:ff9b::102:304"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    xnet_ipv6_cmsg cm = {0};
    memcpy(cm.dst, cases[i].a, 16);
    cm.has = XNET_IPV6_FLAG_DST;
    char s[200], want[200];
    xnet_ipv6_cmsg_format(&cm, s, sizeof(s));
    snprintf(want, sizeof(want),
             "tclass=0x0 hoplim=0 src=<nil> dst=%s ifindex=0 nexthop=<nil> "
             "mtu=0",
             cases[i].want);
    XT_ASSERT_STR_EQ(s, want);
  }
}

XT_SUITE(codecs, ipv6_cmsg, NULL, NULL,
         XT_TEST(test_ipv6_cmsg_parse_kernel_layouts_every_profile),
         XT_TEST(test_ipv6_cmsg_parse_skips_unknown_levels_and_types),
         XT_TEST(test_ipv6_cmsg_parse_rejects_wrong_payload_size),
         XT_TEST(test_ipv6_cmsg_parse_truncation_keeps_whole_options),
         XT_TEST(test_ipv6_cmsg_parse_every_prefix_is_clean),
         XT_TEST(test_ipv6_cmsg_parse_rejects_bad_arguments),
         XT_TEST(test_ipv6_cmsg_space_every_profile),
         XT_TEST(test_ipv6_cmsg_marshal_every_profile),
         XT_TEST(test_ipv6_cmsg_marshal_follows_go_rules),
         XT_TEST(test_ipv6_cmsg_marshal_reports_needed_size),
         XT_TEST(test_ipv6_cmsg_marshal_parse_round_trip_every_profile),
         XT_TEST(test_ipv6_cmsg_format_matches_go),
         XT_TEST(test_ipv6_cmsg_format_addresses_as_go_net_ip));
