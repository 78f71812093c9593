/* test_replay_ip6frag.c — IPv6 fragments in the replay backend
 * (backends/pcap/ip6_reasm.c): a datagram reassembled whatever the order
 * and duplicates of its fragments, delivered at its last fragment's time
 * with the first fragment's header fields; an atomic fragment delivered
 * alone; an overlapping datagram (RFC 5722) and one past the 60 s timeout
 * never delivered; the reassembler's limits, called directly.
 *
 * Fixture: fixtures/replay/ip6frag.pcap, written by
 * fixtures/replay/make_replay.py (its docstring lists the records). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <stdlib.h>
#include <string.h>

#include "../../backends/pcap/replay_int.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name
#define T0 (40 * XNET_SECOND)
#define MS XNET_MILLISECOND

static xnet_stack *open_fix(void) {
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(FIX("ip6frag.pcap"), NULL, &s), 0);
  return s;
}

static xnet_conn *listen_on(xnet_stack *s, const char *net,
                            const char *addr) {
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(xnet_listen_config_listen_packet(&lc, net, addr, &c), 0);
  return c;
}

/* The payload make_replay.py puts in datagram 1. */
static uint8_t pattern(size_t i) { return (uint8_t)((i * 11 + 3) & 0xff); }

/* Reassembled (fragments middle, last, duplicate middle, first): the whole
 * at the first fragment's arrival (the last to complete it), with its hop
 * limit and traffic class; then the atomic fragment; then "tail": the
 * overlapping datagram and the timed-out one never arrive. */
static void test_replay_ip6frag_udp(void) {
  xnet_stack *s = open_fix();
  if (!s) return;
  xnet_conn *c = listen_on(s, "udp6", "[2001:db8::1]:7001");
  if (c) {
    CU_ASSERT_EQUAL(xnet_ipv6_set_control_message(
                        c, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS,
                        true),
                    0);
    uint8_t *buf = calloc(1, 4096);
    xnet_ipv6_cmsg cm;
    memset(&cm, 0, sizeof cm);
    xnet_addr src;
    CU_ASSERT_EQUAL(xnet_ipv6_read_from(c, buf, 4096, &cm, &src), 3000);
    size_t bad = 0;
    for (size_t i = 0; i < 3000; i++)
      if (buf[i] != pattern(i)) bad++;
    XT_ASSERT_UINT_EQ(bad, 0);
    XT_ASSERT_INT_EQ(cm.hop_limit, 40);
    XT_ASSERT_INT_EQ(cm.traffic_class, 0x10);
    char sa[64];
    xnet_addr_format(&src, sa, sizeof sa);
    XT_ASSERT_STR_EQ(sa, "[2001:db8::2]:7000");
    XT_ASSERT_INT_EQ(xnet_now(s), T0 + 3 * MS);
    memset(buf, 0, 4096);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, 4096), 6);
    XT_ASSERT_STR_EQ((char *)buf, "atomic");
    XT_ASSERT_INT_EQ(xnet_now(s), T0 + 10 * MS);
    memset(buf, 0, 4096);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, 4096), 4);
    XT_ASSERT_STR_EQ((char *)buf, "tail");
    XT_ASSERT_INT_EQ(xnet_now(s), T0 + 62 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, XNET_SECOND)), 0);
    CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, buf, 4096)));
    free(buf);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  uint64_t records = 0, delivered = 0;
  CU_ASSERT_EQUAL(xnet_replay_stats(s, &records, &delivered, NULL), 0);
  XT_ASSERT_UINT_EQ(records, 11);
  XT_ASSERT_UINT_EQ(delivered, 3);
  CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
  xnet_stack_close(s);
}

/* A raw ip6:udp conn gets what follows the reassembled header chain: the
 * hop-by-hop header's Next Header now names UDP, so the UDP header (ports,
 * length 3008) comes first. */
static void test_replay_ip6frag_raw(void) {
  xnet_stack *s = open_fix();
  if (!s) return;
  xnet_conn *c = listen_on(s, "ip6:udp", "2001:db8::1");
  if (c) {
    uint8_t *buf = calloc(1, 4096);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, 4096), 3008);
    XT_ASSERT_UINT_EQ((unsigned)(buf[0] << 8 | buf[1]), 7000);
    XT_ASSERT_UINT_EQ((unsigned)(buf[2] << 8 | buf[3]), 7001);
    XT_ASSERT_UINT_EQ((unsigned)(buf[4] << 8 | buf[5]), 3008);
    XT_ASSERT_UINT_EQ(buf[8], pattern(0));
    XT_ASSERT_UINT_EQ(buf[3007], pattern(2999));
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, 4096), 8 + 6); /* atomic */
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, 4096), 8 + 4); /* tail */
    free(buf);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* ---- the reassembler alone ---- */

/* An IPv6 packet of one fragment: fixed header (Next Header 44, hop limit
 * hlim), fragment header (id, offset, M) and len bytes of value fill. */
static size_t frag(uint8_t *b, uint32_t id, size_t off, int more, size_t len,
                   uint8_t fill, uint8_t hlim) {
  memset(b, 0, 48);
  b[0] = 0x60;
  size_t plen = 8 + len;
  b[4] = (uint8_t)(plen >> 8);
  b[5] = (uint8_t)plen;
  b[6] = 44;
  b[7] = hlim;
  b[8] = 0x20, b[9] = 0x01, b[23] = 2;  /* 2001::2 */
  b[24] = 0x20, b[25] = 0x01, b[39] = 1; /* 2001::1 */
  b[40] = 17;
  b[42] = (uint8_t)(off >> 8);
  b[43] = (uint8_t)((off & 0xf8) | (more ? 1 : 0));
  b[44] = (uint8_t)(id >> 24), b[45] = (uint8_t)(id >> 16);
  b[46] = (uint8_t)(id >> 8), b[47] = (uint8_t)id;
  memset(b + 48, fill, len);
  return 48 + len;
}

static uint8_t *add(struct rp_reasm6 *z, const uint8_t *b, size_t n,
                    int64_t t, size_t *out) {
  return rp_reasm6_add(z, b, n, 40, 6, t, out);
}

/* Two fragments in either order: the whole, fragment header removed,
 * Payload Length fixed, Next Header taken from the fragment header, hop
 * limit from the offset-0 fragment. */
static void test_replay_ip6frag_reasm_basic(void) {
  struct rp_reasm6 *z = rp_reasm6_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(z);
  static uint8_t a[2048], b[2048];
  size_t na = frag(a, 7, 0, 1, 16, 0xaa, 9);
  size_t nb = frag(b, 7, 16, 0, 5, 0xbb, 10);
  size_t len = 0;
  CU_ASSERT_PTR_NULL(add(z, b, nb, 0, &len));
  uint8_t *w = add(z, a, na, 1, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(w);
  XT_ASSERT_UINT_EQ(len, 40 + 21);
  XT_ASSERT_UINT_EQ((unsigned)(w[4] << 8 | w[5]), 21);
  XT_ASSERT_UINT_EQ(w[6], 17);
  XT_ASSERT_UINT_EQ(w[7], 9);
  XT_ASSERT_UINT_EQ(w[40], 0xaa);
  XT_ASSERT_UINT_EQ(w[55], 0xaa);
  XT_ASSERT_UINT_EQ(w[56], 0xbb);
  XT_ASSERT_UINT_EQ(w[60], 0xbb);
  free(w);
  /* The slot was freed: the same fragments make the datagram again. */
  CU_ASSERT_PTR_NULL(add(z, a, na, 2, &len));
  w = add(z, b, nb, 3, &len);
  CU_ASSERT_PTR_NOT_NULL(w);
  free(w);
  rp_reasm6_free(z);
}

/* RFC 5722: an overlap abandons the datagram, and the fragments still to
 * come for it are dropped too; an exact duplicate is dropped alone. */
static void test_replay_ip6frag_reasm_overlap(void) {
  struct rp_reasm6 *z = rp_reasm6_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(z);
  static uint8_t a[2048], b[2048], c[2048];
  size_t len = 0;
  size_t na = frag(a, 1, 0, 1, 16, 1, 64);
  size_t nb = frag(b, 1, 8, 1, 16, 2, 64); /* [8, 24): overlaps [0, 16) */
  size_t nc = frag(c, 1, 24, 0, 8, 3, 64);
  CU_ASSERT_PTR_NULL(add(z, a, na, 0, &len));
  CU_ASSERT_PTR_NULL(add(z, b, nb, 0, &len));
  CU_ASSERT_PTR_NULL(add(z, c, nc, 0, &len));
  /* Even [0, 16) again, which would now complete [0, 16) + [16, ..): no. */
  nb = frag(b, 1, 16, 1, 8, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, b, nb, 0, &len));
  CU_ASSERT_PTR_NULL(add(z, a, na, 0, &len));
  /* After the timeout the identification is free again. */
  CU_ASSERT_PTR_NULL(add(z, a, na, 61 * XNET_SECOND, &len));
  CU_ASSERT_PTR_NULL(add(z, b, nb, 61 * XNET_SECOND, &len));
  uint8_t *w = add(z, c, nc, 61 * XNET_SECOND, &len);
  CU_ASSERT_PTR_NOT_NULL(w);
  if (w) XT_ASSERT_UINT_EQ(len, 40 + 32);
  free(w);
  /* Exact duplicate: ignored, the datagram still completes. */
  CU_ASSERT_PTR_NULL(add(z, a, na, 70 * XNET_SECOND, &len));
  CU_ASSERT_PTR_NULL(add(z, a, na, 70 * XNET_SECOND, &len));
  CU_ASSERT_PTR_NULL(add(z, b, nb, 70 * XNET_SECOND, &len));
  w = add(z, c, nc, 70 * XNET_SECOND, &len);
  CU_ASSERT_PTR_NOT_NULL(w);
  free(w);
  /* A second last fragment that moves the end: abandoned. */
  CU_ASSERT_PTR_NULL(add(z, c, nc, 80 * XNET_SECOND, &len));
  nb = frag(b, 1, 16, 0, 16, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, b, nb, 80 * XNET_SECOND, &len));
  CU_ASSERT_PTR_NULL(add(z, a, na, 80 * XNET_SECOND, &len));
  rp_reasm6_free(z);
}

/* RFC 8200 4.5's drops, the timeout, the atomic fragment and the bound on
 * datagrams in progress. */
static void test_replay_ip6frag_reasm_limits(void) {
  struct rp_reasm6 *z = rp_reasm6_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(z);
  static uint8_t a[70000], b[2048];
  size_t len = 0;
  /* M set, length not a multiple of 8: dropped, the rest never completes. */
  size_t na = frag(a, 2, 0, 1, 12, 1, 64);
  size_t nb = frag(b, 2, 16, 0, 4, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, a, na, 0, &len));
  CU_ASSERT_PTR_NULL(add(z, b, nb, 0, &len));
  /* Past 65,535 bytes of payload: dropped. */
  nb = frag(b, 3, 65528, 0, 16, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, b, nb, 0, &len));
  /* Timeout: 60 s after the first fragment, the datagram is gone (the
   * late fragment starts another, which the first completes again). */
  na = frag(a, 4, 0, 1, 8, 1, 64);
  nb = frag(b, 4, 8, 0, 8, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, a, na, 0, &len));
  CU_ASSERT_PTR_NULL(add(z, b, nb, 60 * XNET_SECOND + 1, &len));
  /* Atomic: whole at once, beside a datagram of its id in progress. */
  static uint8_t at[2048];
  size_t nat = frag(at, 4, 0, 0, 3, 9, 64);
  uint8_t *w = add(z, at, nat, 100 * XNET_SECOND, &len);
  CU_ASSERT_PTR_NOT_NULL(w);
  if (w) {
    XT_ASSERT_UINT_EQ(len, 43);
    XT_ASSERT_UINT_EQ(w[6], 17);
    XT_ASSERT_UINT_EQ(w[42], 9);
  }
  free(w);
  w = add(z, a, na, 100 * XNET_SECOND, &len); /* [8, 16) waited: whole */
  CU_ASSERT_PTR_NOT_NULL(w);
  if (w) XT_ASSERT_UINT_EQ(len, 56);
  free(w);
  /* Bounded: 65 datagrams in progress evict the oldest (id 100). */
  for (uint32_t id = 100; id < 165; id++) {
    na = frag(a, id, 0, 1, 8, 1, 64);
    CU_ASSERT_PTR_NULL(add(z, a, na, 200 * XNET_SECOND + id, &len));
  }
  nb = frag(b, 164, 8, 0, 8, 2, 64);
  w = add(z, b, nb, 201 * XNET_SECOND, &len);
  CU_ASSERT_PTR_NOT_NULL(w);
  free(w);
  nb = frag(b, 101, 8, 0, 8, 2, 64);
  w = add(z, b, nb, 201 * XNET_SECOND, &len);
  CU_ASSERT_PTR_NOT_NULL(w); /* id 101 was kept */
  free(w);
  nb = frag(b, 100, 8, 0, 8, 2, 64);
  CU_ASSERT_PTR_NULL(add(z, b, nb, 201 * XNET_SECOND, &len)); /* evicted */
  /* Malformed calls: too short, fragment header past the end. */
  CU_ASSERT_PTR_NULL(rp_reasm6_add(z, a, 39, 40, 6, 0, &len));
  CU_ASSERT_PTR_NULL(rp_reasm6_add(z, a, 47, 40, 6, 0, &len));
  CU_ASSERT_PTR_NULL(rp_reasm6_add(z, a, 48, 40, 40, 0, &len));
  rp_reasm6_free(z);
}

/* Random fragments of a few datagrams (random offsets, lengths, M flags,
 * cuts, times): whatever completes is a well-formed packet of the
 * announced length; nothing reads or leaks out of bounds (ASan builds). */
static void test_replay_ip6frag_reasm_random(void) {
  struct rp_reasm6 *z = rp_reasm6_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(z);
  static uint8_t a[2048];
  uint64_t x = 0x2545f4914f6cdd1dull;
  size_t done = 0, bad = 0;
  for (int i = 0; i < 20000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    size_t off = (size_t)(x % 64) * 8;
    size_t len = (size_t)(x >> 8) % 600;
    int more = (int)((x >> 20) & 1);
    size_t n = frag(a, (uint32_t)((x >> 24) % 4), off, more, len, 7, 64);
    if ((x >> 30) % 5 == 0) n -= (size_t)(x >> 34) % (n - 39);
    size_t out = 0;
    uint8_t *w = add(z, a, n, (int64_t)i * XNET_MILLISECOND, &out);
    if (!w) continue;
    done++;
    if (out < 40 || (size_t)(w[4] << 8 | w[5]) != out - 40 || w[6] != 17) bad++;
    free(w);
  }
  XT_ASSERT_UINT_EQ(bad, 0);
  CU_ASSERT(done > 0);
  rp_reasm6_free(z);
}

XT_SUITE(backends, replay_ip6frag, NULL, NULL,
         XT_TEST(test_replay_ip6frag_udp),
         XT_TEST(test_replay_ip6frag_raw),
         XT_TEST(test_replay_ip6frag_reasm_basic),
         XT_TEST(test_replay_ip6frag_reasm_overlap),
         XT_TEST(test_replay_ip6frag_reasm_limits),
         XT_TEST(test_replay_ip6frag_reasm_random));

#else /* !XNET_HAVE_REPLAY */
#include "xnet_test.h"
static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF)";
}
static void test_replay_ip6frag_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_ip6frag, NULL, NULL,
         XT_TEST_IF(test_replay_ip6frag_unavailable, need_replay));
#endif /* XNET_HAVE_REPLAY */
