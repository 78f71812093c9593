/* test_packet.c — the dissector: every link type, IP walks, quotes, tunnels,
 * and every error path, with exact offsets. */
#include <stdlib.h>

#include "xnet/error.h"
#include "xnet/packet.h"
#include "xnet_test.h"

/* Asserts layer i of p: kind, depth, flags, offset, header length, end. */
#define XT_LAYER(p, i, kind, dep, flg, off, hl, endv)                         \
  do {                                                                        \
    XT_ASSERT((p).count > (size_t)(i));                                       \
    XT_ASSERT_STR_EQ(xnet_packet_proto_name((xnet_packet_proto)(p).layers[i].proto), \
                     xnet_packet_proto_name(kind));                           \
    XT_ASSERT_UINT_EQ((p).layers[i].depth, dep);                              \
    XT_ASSERT_UINT_EQ((p).layers[i].flags, flg);                              \
    XT_ASSERT_UINT_EQ((p).layers[i].offset, off);                             \
    XT_ASSERT_UINT_EQ((p).layers[i].header_len, hl);                          \
    XT_ASSERT_UINT_EQ((p).layers[i].end, endv);                               \
  } while (0)

/* ---- frame builders: headers with only the fields the walk reads ------ */

static void be16(uint8_t *b, unsigned v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

/* Ethernet II to 02:..:02 from 02:..:01. */
static size_t eth(uint8_t *b, unsigned type) {
  static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
  memcpy(b, macs, 12);
  be16(b + 12, type);
  return 14;
}

/* IPv4 header, IHL 5, 192.0.2.1 -> 192.0.2.2. */
static size_t ip4(uint8_t *b, unsigned proto, unsigned total, unsigned frag) {
  static const uint8_t tmpl[20] = {0x45, 0, 0, 0, 0, 1, 0, 0, 64, 0, 0, 0,
                                   192, 0, 2, 1, 192, 0, 2, 2};
  memcpy(b, tmpl, 20);
  be16(b + 2, total);
  be16(b + 6, frag);
  b[9] = (uint8_t)proto;
  return 20;
}

/* IPv6 header, 2001:db8::1 -> 2001:db8::2. */
static size_t ip6(uint8_t *b, unsigned nxt, unsigned plen) {
  memset(b, 0, 40);
  b[0] = 0x60;
  be16(b + 4, plen);
  b[6] = (uint8_t)nxt;
  b[7] = 64;
  b[8] = 0x20, b[9] = 0x01, b[10] = 0x0d, b[11] = 0xb8, b[23] = 1;
  b[24] = 0x20, b[25] = 0x01, b[26] = 0x0d, b[27] = 0xb8, b[39] = 2;
  return 40;
}

/* UDP 1000 -> 2000 with n bytes of payload after it. */
static size_t udp(uint8_t *b, size_t payload) {
  be16(b, 1000);
  be16(b + 2, 2000);
  be16(b + 4, (unsigned)(8 + payload));
  be16(b + 6, 0);
  memset(b + 8, 'x', payload);
  return 8 + payload;
}

/* An IPv6 extension header of 8 bytes: next, length 0, padding. */
static size_t ext8(uint8_t *b, unsigned next) {
  memset(b, 0, 8);
  b[0] = (uint8_t)next;
  return 8;
}

/* ---- link layers ------------------------------------------------------- */

static void test_packet_ethernet_ipv4_udp_layers(void) {
  uint8_t f[80];
  size_t n = eth(f, 0x0800);
  n += ip4(f + n, 17, 20 + 8 + 4, 0x4000);
  n += udp(f + n, 4);
  memset(f + n, 0, 14); /* Ethernet padding to 60 bytes */
  n += 14;
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_ASSERT_UINT_EQ(p.caplen, 60);
  XT_LAYER(p, 0, XNET_PACKET_ETHERNET, 0, 0, 0, 14, 60);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 0x0800);
  /* The IP datagram ends where its total length says, before the padding. */
  XT_LAYER(p, 1, XNET_PACKET_IPV4, 0, 0, 14, 20, 46);
  XT_ASSERT_UINT_EQ(p.layers[1].next, 17);
  XT_ASSERT_UINT_EQ(p.layers[1].upper, 17);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 0, 0, 34, 8, 46);
  XT_ASSERT_INT_EQ(p.error, 0);
}

static void test_packet_vlan_and_qinq_tags_skipped(void) {
  uint8_t f[80];
  size_t n = eth(f, 0x88a8);
  be16(f + n, 0x0064), be16(f + n + 2, 0x8100), n += 4; /* service tag 100 */
  be16(f + n, 0x2005), be16(f + n + 2, 0x86dd), n += 4; /* customer tag 5, prio 1 */
  n += ip6(f + n, 17, 8);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 5);
  XT_LAYER(p, 1, XNET_PACKET_VLAN, 0, 0, 14, 4, n);
  XT_ASSERT_UINT_EQ(p.layers[1].next, 0x8100);
  XT_LAYER(p, 2, XNET_PACKET_VLAN, 0, 0, 18, 4, n);
  XT_ASSERT_UINT_EQ(p.layers[2].next, 0x86dd);
  XT_LAYER(p, 3, XNET_PACKET_IPV6, 0, 0, 22, 40, 70);
  XT_LAYER(p, 4, XNET_PACKET_UDP, 0, 0, 62, 8, 70);
}

static void test_packet_non_ip_ethertype_stops_cleanly(void) {
  uint8_t f[42] = {0};
  eth(f, 0x0806); /* ARP */
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, sizeof f, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 0x0806);
  eth(f, 0x0100); /* an 802.3 length, not a type */
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, sizeof f, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
}

static void test_packet_linux_cooked_sll_and_sll2(void) {
  uint8_t f[80] = {0};
  /* SLL: packet type, ARPHRD, address length, address (8), protocol. */
  f[1] = 4, f[3] = 1, f[5] = 6;
  be16(f + 14, 0x0800);
  size_t n = 16 + ip4(f + 16, 17, 28, 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_LINUX_SLL, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_LAYER(p, 0, XNET_PACKET_SLL, 0, 0, 0, 16, n);
  XT_LAYER(p, 1, XNET_PACKET_IPV4, 0, 0, 16, 20, 44);
  /* SLL2: protocol, reserved, ifindex, ARPHRD, packet type, addr len, addr. */
  memset(f, 0, sizeof f);
  be16(f, 0x86dd);
  n = 20 + ip6(f + 20, 17, 8);
  n += udp(f + n, 0);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_LINUX_SLL2, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_LAYER(p, 0, XNET_PACKET_SLL2, 0, 0, 0, 20, n);
  XT_LAYER(p, 1, XNET_PACKET_IPV6, 0, 0, 20, 40, 68);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 0, 0, 60, 8, 68);
  /* Too short for the cooked header. */
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_LINUX_SLL, f, 15, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_SLL);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_LINUX_SLL2, f, 19, &p), XNET_ETRUNCATED);
}

static void test_packet_loopback_families_in_both_orders(void) {
  uint8_t f[64] = {0};
  size_t n = 4 + ip6(f + 4, 59, 0);
  xnet_packet p;
  static const struct {
    uint32_t linktype;
    uint8_t word[4];
  } cases[] = {
      {XNET_LINKTYPE_NULL, {30, 0, 0, 0}}, /* Darwin AF_INET6, little-endian */
      {XNET_LINKTYPE_NULL, {0, 0, 0, 28}}, /* FreeBSD AF_INET6, big-endian */
      {XNET_LINKTYPE_NULL, {24, 0, 0, 0}}, /* NetBSD/OpenBSD */
      {XNET_LINKTYPE_NULL, {10, 0, 0, 0}}, /* Linux */
      {XNET_LINKTYPE_LOOP, {0, 0, 0, 24}}, /* LOOP: always big-endian */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    memcpy(f, cases[i].word, 4);
    XT_ASSERT_OK(xnet_packet_dissect(cases[i].linktype, f, n, &p));
    XT_ASSERT_UINT_EQ(p.count, 2);
    XT_LAYER(p, 0, XNET_PACKET_LOOPBACK, 0, 0, 0, 4, n);
    XT_LAYER(p, 1, XNET_PACKET_IPV6, 0, 0, 4, 40, 44);
  }
  /* AF_INET, both orders. */
  n = 4 + ip4(f + 4, 17, 28, 0);
  n += udp(f + n, 0);
  memcpy(f, "\x02\0\0\0", 4);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_NULL, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 2);
  memcpy(f, "\0\0\0\x02", 4);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_NULL, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  /* LOOP does not accept the little-endian word. */
  memcpy(f, "\x02\0\0\0", 4);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_LOOP, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
  /* An unknown family: not IP, a clean stop. */
  memcpy(f, "\x07\0\0\0", 4);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_NULL, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 7);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_NULL, f, 3, &p), XNET_ETRUNCATED);
}

static void test_packet_loopback_ethertype_in_low_half(void) {
  /* Seen in real NULL captures (Wireshark accepts it): no family, but an
   * ethertype in the last two bytes of the word. */
  uint8_t f[64] = {0x0f, 0x00, 0x08, 0x00};
  size_t n = 4 + ip4(f + 4, 17, 28, 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_NULL, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 0x0800);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 0, 0, 24, 8, 32);
}

static void test_packet_raw_link_types_pick_version_by_nibble(void) {
  uint8_t v4[28], v6[48];
  ip4(v4, 17, 28, 0);
  udp(v4 + 20, 0);
  ip6(v6, 17, 8);
  udp(v6 + 40, 0);
  static const uint32_t raw[] = {XNET_LINKTYPE_RAW, XNET_LINKTYPE_RAW_12, XNET_LINKTYPE_RAW_14};
  xnet_packet p;
  for (size_t i = 0; i < 3; i++) {
    XT_ASSERT_OK(xnet_packet_dissect(raw[i], v4, sizeof v4, &p));
    XT_LAYER(p, 0, XNET_PACKET_IPV4, 0, 0, 0, 20, 28);
    XT_LAYER(p, 1, XNET_PACKET_UDP, 0, 0, 20, 8, 28);
    XT_ASSERT_OK(xnet_packet_dissect(raw[i], v6, sizeof v6, &p));
    XT_LAYER(p, 0, XNET_PACKET_IPV6, 0, 0, 0, 40, 48);
    XT_LAYER(p, 1, XNET_PACKET_UDP, 0, 0, 40, 8, 48);
  }
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_IPV4, v4, sizeof v4, &p));
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_IPV6, v6, sizeof v6, &p));
  /* The IPv4-only and IPv6-only link types refuse the other version. */
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_IPV4, v6, sizeof v6, &p), XNET_EBADVERSION);
  XT_ASSERT_UINT_EQ(p.count, 0);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_IPV4);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_IPV6, v4, sizeof v4, &p), XNET_EBADVERSION);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_IPV6);
  /* Neither 4 nor 6. */
  uint8_t v5[28];
  memcpy(v5, v4, sizeof v5);
  v5[0] = 0x55;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, v5, sizeof v5, &p), XNET_EBADVERSION);
  XT_ASSERT_UINT_EQ(p.error_offset, 0);
  /* An empty raw frame is a truncated IP header. */
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, v4, 0, &p), XNET_ETRUNCATED);
}

static void test_packet_unsupported_link_type(void) {
  uint8_t f[40] = {0x45};
  xnet_packet p;
  XT_ASSERT_ERR(xnet_packet_dissect(105 /* IEEE 802.11 */, f, sizeof f, &p), XNET_EBADTYPE);
  XT_ASSERT_UINT_EQ(p.count, 0);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_NONE);
  XT_ASSERT_UINT_EQ(p.linktype, 105);
}

/* ---- IPv4 --------------------------------------------------------------- */

static void test_packet_ipv4_options_set_header_len(void) {
  uint8_t f[64];
  size_t n = ip4(f, 6, 24 + 20, 0);
  f[0] = 0x46;
  memcpy(f + 20, "\x94\x04\x00\x00", 4); /* Router Alert */
  n += 4;
  memset(f + n, 0, 20);
  f[n + 12] = 0x50; /* data offset 5 */
  n += 20;
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_LAYER(p, 0, XNET_PACKET_IPV4, 0, 0, 0, 24, 44);
  XT_LAYER(p, 1, XNET_PACKET_TCP, 0, 0, 24, 20, 44);
}

static void test_packet_ipv4_fragments(void) {
  uint8_t f[64];
  size_t n = ip4(f, 17, 36, 0x2000); /* MF, offset 0: the first */
  n += udp(f + n, 8);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  XT_ASSERT_UINT_EQ(p.layers[0].flags, XNET_PACKET_FIRST_FRAGMENT);
  XT_LAYER(p, 1, XNET_PACKET_UDP, 0, 0, 20, 8, 36);
  /* A later fragment: its bytes are not a UDP header. */
  ip4(f, 17, 36, 0x0003);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.layers[0].flags, XNET_PACKET_LATER_FRAGMENT);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 17);
  /* A first fragment may cut the transport header: listed, no error. */
  ip4(f, 6, 20 + 12, 0x2000);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 32, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  XT_LAYER(p, 1, XNET_PACKET_TCP, 0, XNET_PACKET_TRUNCATED, 20, 20, 32);
}

static void test_packet_snap_length_cut_is_not_an_error(void) {
  uint8_t f[64];
  size_t n = ip4(f, 6, 1500, 0x4000);
  memset(f + n, 0, 20);
  f[n + 12] = 0x80; /* data offset 8: 32 bytes of header */
  n += 24;          /* captured: 24 bytes of it */
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_LAYER(p, 0, XNET_PACKET_IPV4, 0, XNET_PACKET_SHORT, 0, 20, 44);
  XT_LAYER(p, 1, XNET_PACKET_TCP, 0, XNET_PACKET_TRUNCATED, 20, 32, 44);
  /* The same cut when the IP length says the datagram is whole: an error. */
  ip4(f, 6, 44, 0x4000);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_TCP);
  XT_ASSERT_UINT_EQ(p.error_offset, 20);
}

/* ---- IPv6 --------------------------------------------------------------- */

static void test_packet_ipv6_extension_chain(void) {
  uint8_t f[160];
  size_t n = ip6(f, 0, 0);
  n += ext8(f + n, 60);                 /* hop-by-hop -> destination options */
  f[n] = 43, f[n + 1] = 1, n += 16;     /* destination options, 16 bytes -> routing */
  memset(f + n - 14, 0, 14);
  n += ext8(f + n, 44);                 /* routing -> fragment */
  n += ext8(f + n, 51);                 /* fragment (offset 0, M 0: atomic) -> AH */
  f[n] = 6, f[n + 1] = 4, n += 24;      /* AH: (4 + 2) * 4 = 24 bytes -> TCP */
  memset(f + n - 22, 0, 22);
  memset(f + n, 0, 20);
  f[n + 12] = 0x50;
  n += 20;
  be16(f + 4, (unsigned)(n - 40));
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 7);
  XT_LAYER(p, 0, XNET_PACKET_IPV6, 0, 0, 0, 40, n);
  XT_ASSERT_UINT_EQ(p.layers[0].next, 0);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 6);
  XT_LAYER(p, 1, XNET_PACKET_IPV6_HOPOPTS, 0, 0, 40, 8, n);
  XT_ASSERT_UINT_EQ(p.layers[1].next, 60);
  XT_LAYER(p, 2, XNET_PACKET_IPV6_DSTOPTS, 0, 0, 48, 16, n);
  XT_LAYER(p, 3, XNET_PACKET_IPV6_ROUTING, 0, 0, 64, 8, n);
  XT_LAYER(p, 4, XNET_PACKET_IPV6_FRAGMENT, 0, 0, 72, 8, n);
  XT_LAYER(p, 5, XNET_PACKET_AH, 0, 0, 80, 24, n);
  XT_LAYER(p, 6, XNET_PACKET_TCP, 0, 0, 104, 20, n);
}

static void test_packet_ipv6_fragments_and_stops(void) {
  uint8_t f[96];
  size_t n = ip6(f, 44, 16);
  n += ext8(f + n, 17);
  be16(f + 42, 0x00b9); /* offset 23 (184 bytes), M */
  n += 8;
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  XT_ASSERT_UINT_EQ(p.layers[0].flags, XNET_PACKET_LATER_FRAGMENT);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 17);
  XT_LAYER(p, 1, XNET_PACKET_IPV6_FRAGMENT, 0, XNET_PACKET_LATER_FRAGMENT, 40, 8, 56);
  /* First fragment: the UDP header follows. */
  be16(f + 42, 0x0001);
  udp(f + 48, 0);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_ASSERT_UINT_EQ(p.layers[0].flags, XNET_PACKET_FIRST_FRAGMENT);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 0, 0, 48, 8, 56);
  /* ESP: listed, nothing after it is readable. */
  n = ip6(f, 50, 24);
  memset(f + n, 0xee, 24);
  n += 24;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  XT_LAYER(p, 1, XNET_PACKET_ESP, 0, 0, 40, 8, 64);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 50);
  /* No Next Header. */
  n = ip6(f, 60, 8);
  n += ext8(f + n, 59);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 59);
}

static void test_packet_ipv6_long_chain_is_walked_past_the_table(void) {
  /* 100 destination-options headers, then UDP: more than the layer table
   * holds, yet the walk reaches the UDP header. */
  enum { HDRS = 100 };
  uint8_t *f = calloc(1, 40 + HDRS * 8 + 8);
  XT_ASSERT(f != NULL);
  size_t n = ip6(f, 60, HDRS * 8 + 8);
  for (int i = 0; i < HDRS; i++) n += ext8(f + n, i + 1 < HDRS ? 60 : 17);
  n += udp(f + n, 0);
  xnet_packet p;
  int rc = xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p);
  free(f);
  XT_ASSERT_OK(rc);
  XT_ASSERT_UINT_EQ(p.count, XNET_PACKET_MAX_LAYERS - 8 + 1);
  XT_ASSERT(p.layers[0].flags & XNET_PACKET_MORE_EXT);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 17);
  XT_LAYER(p, p.count - 1, XNET_PACKET_UDP, 0, 0, 40 + HDRS * 8, 8, n);
}

static void test_packet_ipv6_jumbo_and_short_payload(void) {
  uint8_t f[64];
  size_t n = ip6(f, 0, 0); /* payload length 0 + hop-by-hop: a jumbogram */
  n += ext8(f + n, 17);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_LAYER(p, 0, XNET_PACKET_IPV6, 0, 0, 0, 40, n);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 0, 0, 48, 8, n);
  /* A payload length past the capture: SHORT, the walk goes on. */
  ip6(f, 17, 1000);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 48, &p));
  XT_LAYER(p, 0, XNET_PACKET_IPV6, 0, XNET_PACKET_SHORT, 0, 40, 48);
  XT_ASSERT_UINT_EQ(p.count, 2);
  /* An extension header cut where no cut is expected. */
  ip6(f, 0, 4);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 44, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_IPV6_HOPOPTS);
  XT_ASSERT_UINT_EQ(p.error_offset, 40);
}

/* ---- quotes and tunnels -------------------------------------------------- */

static void test_packet_icmp_error_quote(void) {
  /* Port unreachable quoting IP + 8 bytes of a 100-byte UDP datagram. */
  uint8_t f[80];
  size_t n = ip4(f, 1, 20 + 8 + 28, 0);
  f[n] = 3, f[n + 1] = 3;
  memset(f + n + 2, 0, 6);
  n += 8;
  n += ip4(f + n, 17, 100, 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 4);
  XT_LAYER(p, 1, XNET_PACKET_ICMP, 0, 0, 20, 8, 56);
  XT_ASSERT_UINT_EQ(p.layers[1].next, 3);
  XT_LAYER(p, 2, XNET_PACKET_IPV4, 1, XNET_PACKET_QUOTED | XNET_PACKET_SHORT, 28, 20, 56);
  XT_LAYER(p, 3, XNET_PACKET_UDP, 1, XNET_PACKET_QUOTED, 48, 8, 56);
  /* Cut to 4 bytes of UDP: the ports are listed TRUNCATED, no error. */
  be16(f + 2, 52);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 52, &p));
  XT_LAYER(p, 3, XNET_PACKET_UDP, 1, XNET_PACKET_QUOTED | XNET_PACKET_TRUNCATED, 48, 8, 52);
  /* Cut inside the quoted IP header: the quote is not listed. */
  be16(f + 2, 40);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 40, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  /* An echo request quotes nothing: what follows is data. */
  be16(f + 2, 56);
  f[20] = 8, f[21] = 0;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 56, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
  /* The quote must be IPv4 after ICMP. */
  f[20] = 11;
  f[28] = 0x60;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 56, &p), XNET_EBADVERSION);
  XT_ASSERT_UINT_EQ(p.error_offset, 28);
}

static void test_packet_icmp_quote_inside_a_quote_is_not_followed(void) {
  uint8_t f[96];
  size_t n = ip4(f, 1, 84, 0);
  f[n] = 11, f[n + 1] = 0, n += 8; /* time exceeded quoting ... */
  n += ip4(f + n, 1, 56, 0);
  f[n] = 3, f[n + 1] = 1, n += 8; /* ... a host unreachable quoting ... */
  n += ip4(f + n, 17, 28, 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 4);
  XT_LAYER(p, 3, XNET_PACKET_ICMP, 1, XNET_PACKET_QUOTED, 48, 8, 84);
}

static void test_packet_icmpv6_error_quote(void) {
  uint8_t f[120];
  size_t n = ip6(f, 58, 8 + 40 + 8 + 8);
  f[n] = 1, f[n + 1] = 4; /* destination unreachable, port */
  memset(f + n + 2, 0, 6);
  n += 8;
  n += ip6(f + n, 0, 16);
  n += ext8(f + n, 17);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 5);
  XT_LAYER(p, 1, XNET_PACKET_ICMPV6, 0, 0, 40, 8, n);
  XT_LAYER(p, 2, XNET_PACKET_IPV6, 1, XNET_PACKET_QUOTED, 48, 40, n);
  XT_LAYER(p, 3, XNET_PACKET_IPV6_HOPOPTS, 1, XNET_PACKET_QUOTED, 88, 8, n);
  XT_LAYER(p, 4, XNET_PACKET_UDP, 1, XNET_PACKET_QUOTED, 96, 8, n);
  /* Informational types (echo request 128) quote nothing. */
  f[40] = 128;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 2);
}

static void test_packet_tunnels(void) {
  uint8_t f[120];
  /* IPv6 in IPv4 (protocol 41). */
  size_t n = ip4(f, 41, 20 + 48, 0);
  n += ip6(f + n, 17, 8);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 3);
  XT_LAYER(p, 1, XNET_PACKET_IPV6, 1, 0, 20, 40, 68);
  XT_LAYER(p, 2, XNET_PACKET_UDP, 1, 0, 60, 8, 68);
  /* IPv4 in IPv4 (protocol 4) in IPv6 after a routing header. */
  n = ip6(f, 43, 8 + 28 + 20);
  n += ext8(f + n, 4);
  n += ip4(f + n, 4, 48, 0);
  n += ip4(f + n, 17, 28, 0);
  n += udp(f + n, 0);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_ASSERT_UINT_EQ(p.count, 5);
  XT_LAYER(p, 2, XNET_PACKET_IPV4, 1, 0, 48, 20, 96);
  XT_LAYER(p, 3, XNET_PACKET_IPV4, 2, 0, 68, 20, 96);
  XT_LAYER(p, 4, XNET_PACKET_UDP, 2, 0, 88, 8, 96);
  /* The tunnelled header must have the announced version. */
  f[68] = 0x65;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p), XNET_EBADVERSION);
  XT_ASSERT_UINT_EQ(p.count, 3);
}

static void test_packet_nesting_is_bounded(void) {
  /* IPv4-in-IPv4 nine deep: one more than XNET_PACKET_MAX_DEPTH. */
  uint8_t f[20 * 9 + 8];
  size_t n = 0;
  for (int i = 0; i < 9; i++) n += ip4(f + n, i < 8 ? 4 : 17, (unsigned)(sizeof f - n), 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(p.count, XNET_PACKET_MAX_DEPTH);
  XT_ASSERT_UINT_EQ(p.error_offset, 20 * XNET_PACKET_MAX_DEPTH);
}

/* ---- transports and header errors --------------------------------------- */

static void test_packet_transport_header_lengths(void) {
  uint8_t f[80] = {0};
  size_t n = ip4(f, 132, 20 + 12 + 16, 0);
  n += 12 + 16; /* SCTP common header and one chunk */
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_LAYER(p, 1, XNET_PACKET_SCTP, 0, 0, 20, 12, 48);
  /* TCP with options: data offset 15. */
  memset(f, 0, sizeof f);
  n = ip4(f, 6, 20 + 60, 0);
  f[n + 12] = 0xf0;
  n += 60;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, n, &p));
  XT_LAYER(p, 1, XNET_PACKET_TCP, 0, 0, 20, 60, 80);
  /* ICMP echo: 8 bytes of header. */
  n = ip4(f, 1, 28, 0);
  f[n] = 8;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 28, &p));
  XT_LAYER(p, 1, XNET_PACKET_ICMP, 0, 0, 20, 8, 28);
  XT_ASSERT_UINT_EQ(p.layers[1].next, 8);
  /* An upper layer the walk does not decode: IGMP. */
  n = ip4(f, 2, 28, 0);
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 28, &p));
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.layers[0].upper, 2);
}

static void test_packet_header_errors(void) {
  uint8_t f[64] = {0};
  xnet_packet p;
  /* Ethernet shorter than 14 bytes; a VLAN tag cut. */
  eth(f, 0x8100);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, 13, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.count, 0);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_ETHERNET);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, 17, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_VLAN);
  XT_ASSERT_UINT_EQ(p.error_offset, 14);
  /* IPv4: IHL below 5, header cut, total length below the header. */
  ip4(f, 17, 28, 0);
  udp(f + 20, 0);
  f[0] = 0x44;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 28, &p), XNET_EBADHEADER);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_IPV4);
  f[0] = 0x45;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 19, &p), XNET_ETRUNCATED);
  be16(f + 2, 19);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 28, &p), XNET_EBADLEN);
  /* UDP cut in a datagram that claims to be whole. */
  be16(f + 2, 27);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 28, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.count, 1);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_UDP);
  XT_ASSERT_UINT_EQ(p.error_offset, 20);
  /* TCP data offset below 5. */
  memset(f, 0, sizeof f);
  ip4(f, 6, 40, 0);
  f[32] = 0x40;
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 40, &p), XNET_EBADHEADER);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_TCP);
  /* IPv6 header cut. */
  ip6(f, 17, 8);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 39, &p), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(p.error_proto, XNET_PACKET_IPV6);
}

static void test_packet_invalid_arguments(void) {
  xnet_packet p;
  uint8_t f[1] = {0x45};
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, f, 1, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_RAW, NULL, 20, &p), XNET_EINVAL);
  XT_ASSERT_UINT_EQ(p.count, 0);
  /* NULL with no bytes is an empty frame. */
  XT_ASSERT_ERR(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, NULL, 0, &p), XNET_ETRUNCATED);
}

/* Every prefix of a valid frame, in a buffer of exactly that size (so ASan
 * sees any read past it), dissects without error or with ETRUNCATED, and
 * every listed layer stays inside the prefix. */
static void test_packet_every_truncation_is_clean(void) {
  uint8_t f[160];
  size_t n = eth(f, 0x8100);
  be16(f + n, 7), be16(f + n + 2, 0x86dd), n += 4;
  n += ip6(f + n, 58, 8 + 40 + 8 + 8);
  f[n] = 1, f[n + 1] = 4, n += 8; /* ICMPv6 port unreachable */
  memset(f + n - 6, 0, 6);
  n += ip6(f + n, 0, 16);
  n += ext8(f + n, 132);
  memset(f + n, 0, 8), n += 8; /* 8 bytes of the quoted SCTP header */
  for (size_t len = 0; len <= n; len++) {
    uint8_t *copy = malloc(len ? len : 1);
    XT_ASSERT(copy != NULL);
    memcpy(copy, f, len);
    xnet_packet p;
    int rc = xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, copy, len, &p);
    free(copy);
    /* Cuts before the outer IPv6 header is whole are errors; after it,
     * its payload length says the capture stopped early: no error. */
    if (rc != 0) XT_ASSERT_ERR(rc, XNET_ETRUNCATED);
    for (size_t i = 0; i < p.count; i++) {
      XT_ASSERT(p.layers[i].end <= len);
      XT_ASSERT(p.layers[i].offset <= p.layers[i].end);
      if (!(p.layers[i].flags & XNET_PACKET_TRUNCATED))
        XT_ASSERT(p.layers[i].offset + p.layers[i].header_len <= p.layers[i].end);
    }
  }
}

static void test_packet_names_and_find(void) {
  XT_ASSERT_STR_EQ(xnet_packet_proto_name(XNET_PACKET_IPV6_FRAGMENT), "ipv6.fraghdr");
  XT_ASSERT_STR_EQ(xnet_packet_proto_name(XNET_PACKET_NONE), "link");
  XT_ASSERT_STR_EQ(xnet_packet_proto_name(XNET_PACKET_SCTP), "sctp");
  XT_ASSERT_STR_EQ(xnet_packet_proto_name(XNET_PACKET__MAX), "unknown");
  XT_ASSERT_STR_EQ(xnet_packet_linktype_name(XNET_LINKTYPE_LINUX_SLL2), "linux_sll2");
  XT_ASSERT_STR_EQ(xnet_packet_linktype_name(XNET_LINKTYPE_RAW_14), "raw");
  XT_ASSERT(xnet_packet_linktype_name(105) == NULL);
  uint8_t f[64];
  size_t n = eth(f, 0x0800);
  n += ip4(f + n, 17, 28, 0);
  n += udp(f + n, 0);
  xnet_packet p;
  XT_ASSERT_OK(xnet_packet_dissect(XNET_LINKTYPE_ETHERNET, f, n, &p));
  XT_ASSERT_INT_EQ(xnet_packet_find(&p, 0, XNET_PACKET_UDP), 2);
  XT_ASSERT_INT_EQ(xnet_packet_find(&p, 3, XNET_PACKET_UDP), -1);
  XT_ASSERT_INT_EQ(xnet_packet_find(&p, 0, XNET_PACKET_TCP), -1);
  XT_ASSERT_INT_EQ(xnet_packet_find(NULL, 0, XNET_PACKET_TCP), -1);
}

XT_SUITE(codecs, packet, NULL, NULL,
         XT_TEST(test_packet_ethernet_ipv4_udp_layers),
         XT_TEST(test_packet_vlan_and_qinq_tags_skipped),
         XT_TEST(test_packet_non_ip_ethertype_stops_cleanly),
         XT_TEST(test_packet_linux_cooked_sll_and_sll2),
         XT_TEST(test_packet_loopback_families_in_both_orders),
         XT_TEST(test_packet_loopback_ethertype_in_low_half),
         XT_TEST(test_packet_raw_link_types_pick_version_by_nibble),
         XT_TEST(test_packet_unsupported_link_type),
         XT_TEST(test_packet_ipv4_options_set_header_len),
         XT_TEST(test_packet_ipv4_fragments),
         XT_TEST(test_packet_snap_length_cut_is_not_an_error),
         XT_TEST(test_packet_ipv6_extension_chain),
         XT_TEST(test_packet_ipv6_fragments_and_stops),
         XT_TEST(test_packet_ipv6_long_chain_is_walked_past_the_table),
         XT_TEST(test_packet_ipv6_jumbo_and_short_payload),
         XT_TEST(test_packet_icmp_error_quote),
         XT_TEST(test_packet_icmp_quote_inside_a_quote_is_not_followed),
         XT_TEST(test_packet_icmpv6_error_quote),
         XT_TEST(test_packet_tunnels),
         XT_TEST(test_packet_nesting_is_bounded),
         XT_TEST(test_packet_transport_header_lengths),
         XT_TEST(test_packet_header_errors),
         XT_TEST(test_packet_invalid_arguments),
         XT_TEST(test_packet_every_truncation_is_clean),
         XT_TEST(test_packet_names_and_find));
