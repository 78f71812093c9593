/* test_ipv6.c — IPv6 options: traffic class, hop limits and path MTU on
 * loopback conns; control messages both ways (traffic class and hop limit
 * sent with a datagram and seen by the receiver with destination and
 * interface); the ICMPv6 filter and the raw checksum offset; argument
 * errors; and, between two namespaces the test creates (as in
 * test_ipv4_netns.c: h1 a1/a2, h2 b1/b2, fd00:201:1::/64 on a1-b1 with
 * ::1 in h1 and ::2, ::3 in h2), any-source and source-specific
 * multicast. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core_test_util.h"
#include "netns_two_hosts.h"
#include "xnet/error.h"
#include "xnet/file.h"
#include "xnet/interface.h"
#include "xnet/ipv6.h"
#include "xnet_test.h"

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

static xnet_ip ip6(const char *s) {
  xnet_ip ip;
  memset(&ip, 0, sizeof ip);
  if (xnet_ip_parse(s, strlen(s), &ip) < 0)
    ip.len = 0;
  return ip;
}

static void test_ipv6_tclass_hop_limit_path_mtu_on_tcp(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp6", "[::1]:0", &l));
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char addr[64];
  snprintf(addr, sizeof addr, "[::1]:%u", (unsigned)la.port);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp6", addr, &c));
  int v = -1;
  /* First: setting the traffic class drops the cached route, and with it
   * the path MTU until the next packet (Linux). */
  XT_ASSERT_OK(xnet_ipv6_path_mtu(c, &v));
  XT_ASSERT(v >= 1280);
  XT_ASSERT_OK(xnet_ipv6_set_traffic_class(c, 0x48));
  XT_ASSERT_OK(xnet_ipv6_traffic_class(c, &v));
  XT_ASSERT_INT_EQ(v, 0x48);
  XT_ASSERT_OK(xnet_ipv6_set_hop_limit(c, 21));
  XT_ASSERT_OK(xnet_ipv6_hop_limit(c, &v));
  XT_ASSERT_INT_EQ(v, 21);
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static void test_ipv6_control_messages_both_ways(void) {
  xnet_conn *tx, *rx;
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::1]:0", &tx));
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::1]:0", &rx));
  xnet_addr ra, ta, from;
  xnet_conn_local_addr(rx, &ra);
  xnet_conn_local_addr(tx, &ta);
  XT_ASSERT_OK(xnet_ipv6_set_control_message(
      rx,
      XNET_IPV6_FLAG_TRAFFIC_CLASS | XNET_IPV6_FLAG_HOP_LIMIT |
          XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE,
      true));
  /* Per-packet: traffic class and hop limit in the sent message. */
  xnet_ipv6_cmsg wcm;
  memset(&wcm, 0, sizeof wcm);
  wcm.traffic_class = 0x28;
  wcm.hop_limit = 7;
  wcm.ifindex = 1;
  XT_ASSERT_INT_EQ(xnet_ipv6_write_to(tx, "hello", 5, &wcm, &ra), 5);
  xnet_ipv6_cmsg cm;
  char buf[32];
  XT_ASSERT_OK(
      xnet_conn_set_read_deadline(rx, xnet_deadline_in(NULL, 2 * XNET_SECOND)));
  XT_ASSERT_INT_EQ(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, &from), 5);
  XT_ASSERT_INT_EQ(from.port, ta.port);
  XT_ASSERT_UINT_EQ(cm.traffic_class, 0x28);
  XT_ASSERT_UINT_EQ(cm.hop_limit, 7);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);
  XT_ASSERT_MEM_EQ(cm.dst, 16, xnet_ipv6_loopback.bytes, 16);
  /* Per-socket: the unicast hop limit. */
  XT_ASSERT_OK(xnet_ipv6_set_hop_limit(tx, 33));
  XT_ASSERT_OK(xnet_ipv6_set_traffic_class(tx, 0x10));
  XT_ASSERT_INT_EQ(xnet_ipv6_write_to(tx, "again", 5, NULL, &ra), 5);
  XT_ASSERT_INT_EQ(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, NULL), 5);
  XT_ASSERT_UINT_EQ(cm.hop_limit, 33);
  XT_ASSERT_UINT_EQ(cm.traffic_class, 0x10);
  XT_ASSERT_OK(xnet_ipv6_set_control_message(
      rx, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS, false));
  XT_ASSERT_INT_EQ(xnet_ipv6_write_to(tx, "third", 5, NULL, &ra), 5);
  XT_ASSERT_INT_EQ(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, NULL), 5);
  XT_ASSERT_UINT_EQ(cm.hop_limit, 0);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(
      rx, xnet_deadline_in(NULL, 20 * XNET_MILLISECOND)));
  XT_ASSERT_ERR(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, NULL),
                XNET_ETIMEDOUT);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
}

static void test_ipv6_multicast_options_and_errors(void) {
  xnet_conn *u;
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::]:0", &u));
  int v;
  bool on;
  XT_ASSERT_OK(xnet_ipv6_set_multicast_hop_limit(u, 12));
  XT_ASSERT_OK(xnet_ipv6_multicast_hop_limit(u, &v));
  XT_ASSERT_INT_EQ(v, 12);
  XT_ASSERT_OK(xnet_ipv6_set_multicast_loopback(u, false));
  XT_ASSERT_OK(xnet_ipv6_multicast_loopback(u, &on));
  XT_ASSERT(!on);
  XT_ASSERT_OK(xnet_ipv6_set_multicast_interface(u, 1));
  XT_ASSERT_OK(xnet_ipv6_multicast_interface(u, &v));
  XT_ASSERT_INT_EQ(v, 1);
  xnet_ip g = ip6("ff15::9"), uni = ip6("fd00::1"), g4;
  xnet_ip_v4(239, 1, 1, 1, &g4);
  XT_ASSERT_ERR(xnet_ipv6_join_group(u, 1, &uni), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv6_join_group(u, 1, &g4), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv6_join_source_specific_group(u, 1, &g, &g),
                XNET_EBADADDR);
  XT_ASSERT_ERR(
      xnet_ipv6_join_source_specific_group(u, 1, &g, &xnet_ipv6_unspecified),
      XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv6_join_group(u, 777777, &g), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv6_set_multicast_interface(u, 777777), XNET_EBADADDR);
  XT_ASSERT_OK(xnet_ipv6_join_group(u, 1, &g));
  XT_ASSERT_OK(xnet_ipv6_leave_group(u, 1, &g));
  xnet_conn_close(u);
}

static void test_ipv6_icmp6_filter_and_checksum_on_raw_conns(void) {
  /* Raw IPv6 conns through the network strings, by protocol name and by
   * number (socket.c sets no IPV6_V6ONLY on raw sockets: Linux refuses
   * it, and Go skips it too). */
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("ip6:ipv6-icmp", "::1", &c));
  if (!c)
    return;
  xnet_icmp6_filter f, back;
  memset(&f, 0, sizeof f);
  xnet_icmp6_filter_set_all(&f, 1);
  xnet_icmp6_filter_accept(&f, 129); /* echo reply */
  XT_ASSERT_OK(xnet_ipv6_set_icmp_filter(c, &f));
  XT_ASSERT_OK(xnet_ipv6_icmp_filter(c, &back));
  XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&back, 129), 0);
  XT_ASSERT_INT_EQ(xnet_icmp6_filter_will_block(&back, 128), 1);
  xnet_conn_close(c);
  XT_ASSERT_OK(xnet_listen_packet("ip6:253", "::1", &c));
  if (!c)
    return;
  bool on = true;
  int off = -1;
  XT_ASSERT_OK(xnet_ipv6_checksum(c, &on, &off));
  XT_ASSERT(!on);
  XT_ASSERT_OK(xnet_ipv6_set_checksum(c, true, 2));
  XT_ASSERT_OK(xnet_ipv6_checksum(c, &on, &off));
  XT_ASSERT(on);
  XT_ASSERT_INT_EQ(off, 2);
  XT_ASSERT(xnet_ipv6_set_checksum(c, true, 3) < 0); /* odd: refused */
  XT_ASSERT_OK(xnet_ipv6_set_checksum(c, false, 0));
  XT_ASSERT_OK(xnet_ipv6_checksum(c, &on, &off));
  XT_ASSERT(!on);
  xnet_conn_close(c);
}

/* ---- between namespaces ---- */

static xnet_addr udp6_addr(const char *ip, uint16_t port) {
  xnet_addr a;
  memset(&a, 0, sizeof a);
  a.kind = XNET_KIND_UDP;
  a.port = port;
  if (xnet_ip_parse(ip, strlen(ip), &a.ip) < 0)
    a.kind = XNET_KIND_NONE;
  return a;
}

static xnet_conn *sender6(const char *address) {
  xnet_conn *c = NULL;
  if (enter(cur->h2.name) < 0)
    return NULL;
  if (xnet_listen_packet("udp6", address, &c) < 0)
    c = NULL;
  if (enter(cur->h1.name) < 0 && c) {
    xnet_conn_close(c);
    c = NULL;
  }
  return c;
}

/* Reads until quiet; "payload>dst@ifindex/hops" lines. */
static int drain6(xnet_conn *rx, char *out, size_t cap) {
  out[0] = '\0';
  int count = 0;
  for (;;) {
    char buf[64];
    xnet_ipv6_cmsg cm;
    if (xnet_conn_set_read_deadline(rx, soon(300)) < 0)
      return -1;
    int n = xnet_ipv6_read_from(rx, buf, sizeof buf - 1, &cm, NULL);
    if (n == XNET_ETIMEDOUT)
      return count;
    if (n < 0)
      return n;
    buf[n] = '\0';
    char dst[64];
    xnet_ip d;
    xnet_ip_from16(cm.dst, &d);
    xnet_ip_format(&d, dst, sizeof dst);
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "%s%s>%s@%u/%u", count ? " " : "", buf, dst,
             (unsigned)cm.ifindex, (unsigned)cm.hop_limit);
    count++;
  }
}

static const char *check_multicast6(char *msg, size_t cap, void *arg) {
  (void)arg;
  int a1 = ifindex("a1"), a2 = ifindex("a2");
  NTU_CHECK(a1 > 0 && a2 > 0);
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp6", "[::]:0", &rx), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  xnet_ip g1 = ip6("ff15::1"), g2 = ip6("ff15::2");
  NTU_CHECK_INT(xnet_ipv6_join_group(rx, a1, &g1), 0);
  NTU_CHECK_INT(xnet_ipv6_join_group(rx, a2, &g2), 0);
  NTU_CHECK_INT(xnet_ipv6_set_control_message(rx,
                                              XNET_IPV6_FLAG_DST |
                                                  XNET_IPV6_FLAG_INTERFACE |
                                                  XNET_IPV6_FLAG_HOP_LIMIT,
                                              true),
                0);
  xnet_conn *tx = sender6("[::]:0");
  NTU_CHECK(tx != NULL);
  NTU_CHECK_INT(enter(cur->h2.name), 0);
  int b1 = ifindex("b1"), b2 = ifindex("b2");
  NTU_CHECK_INT(enter(cur->h1.name), 0);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_hop_limit(tx, 4), 0);
  xnet_addr d1 = udp6_addr("ff15::1", ra.port),
            d2 = udp6_addr("ff15::2", ra.port);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_interface(tx, b1), 0);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "g1", 2, NULL, &d1), 2);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "g2", 2, NULL, &d2), 2);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_interface(tx, b2), 0);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "G1", 2, NULL, &d1), 2);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "G2", 2, NULL, &d2), 2);
  char got[256], want[256];
  NTU_CHECK_INT(drain6(rx, got, sizeof got), 2);
  snprintf(want, sizeof want, "g1>ff15::1@%d/4 G2>ff15::2@%d/4", a1, a2);
  NTU_CHECK_STR(got, want);
  NTU_CHECK_INT(xnet_ipv6_leave_group(rx, a1, &g1), 0);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_interface(tx, b1), 0);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "g1", 2, NULL, &d1), 2);
  NTU_CHECK_INT(drain6(rx, got, sizeof got), 0);
  xnet_conn_close(rx);

  /* SSM and exclude/include with sources ::2 and ::3 of b1. */
  xnet_conn *t2 = sender6("[fd00:201:1::2]:0"),
            *t3 = sender6("[fd00:201:1::3]:0");
  NTU_CHECK(t2 && t3);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_interface(t2, b1), 0);
  NTU_CHECK_INT(xnet_ipv6_set_multicast_interface(t3, b1), 0);
  xnet_ip s2 = ip6("fd00:201:1::2"), s3 = ip6("fd00:201:1::3");
  xnet_ip ssm = ip6("ff35::8001");
  NTU_CHECK_INT(xnet_listen_packet("udp6", "[::]:0", &rx), 0);
  xnet_conn_local_addr(rx, &ra);
  NTU_CHECK_INT(xnet_ipv6_join_source_specific_group(rx, a1, &ssm, &s2), 0);
  xnet_addr ds = udp6_addr("ff35::8001", ra.port);
  NTU_CHECK_INT(xnet_ipv6_write_to(t2, "s2", 2, NULL, &ds), 2);
  NTU_CHECK_INT(xnet_ipv6_write_to(t3, "s3", 2, NULL, &ds), 2);
  NTU_CHECK_INT(drain6(rx, got, sizeof got), 1);
  NTU_CHECK_STR(got, "s2>::@0/0");
  xnet_conn_close(rx);
  NTU_CHECK_INT(xnet_listen_packet("udp6", "[::]:0", &rx), 0);
  xnet_conn_local_addr(rx, &ra);
  NTU_CHECK_INT(xnet_ipv6_join_group(rx, a1, &g1), 0);
  NTU_CHECK_INT(xnet_ipv6_exclude_source_specific_group(rx, a1, &g1, &s3), 0);
  d1 = udp6_addr("ff15::1", ra.port);
  NTU_CHECK_INT(xnet_ipv6_write_to(t2, "s2", 2, NULL, &d1), 2);
  NTU_CHECK_INT(xnet_ipv6_write_to(t3, "s3", 2, NULL, &d1), 2);
  NTU_CHECK_INT(drain6(rx, got, sizeof got), 1);
  NTU_CHECK_STR(got, "s2>::@0/0");
  NTU_CHECK_INT(xnet_ipv6_include_source_specific_group(rx, a1, &g1, &s3), 0);
  NTU_CHECK_INT(xnet_ipv6_write_to(t2, "s2", 2, NULL, &d1), 2);
  NTU_CHECK_INT(xnet_ipv6_write_to(t3, "s3", 2, NULL, &d1), 2);
  NTU_CHECK_INT(drain6(rx, got, sizeof got), 2);
  NTU_CHECK_STR(got, "s2>::@0/0 s3>::@0/0");
  xnet_conn_close(rx);
  xnet_conn_close(t2);
  xnet_conn_close(t3);
  xnet_conn_close(tx);
  return NULL;
}

/* Traffic class and hop limit set on the sender in h2 are what the
 * receiver in h1 reads in its control messages, per socket and per
 * packet. */
static const char *check_tclass_hops6(char *msg, size_t cap, void *arg) {
  (void)arg;
  int a1 = ifindex("a1");
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp6", "[fd00:201:1::1]:0", &rx), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  NTU_CHECK_INT(xnet_ipv6_set_control_message(
                    rx,
                    XNET_IPV6_FLAG_TRAFFIC_CLASS | XNET_IPV6_FLAG_HOP_LIMIT |
                        XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE,
                    true),
                0);
  xnet_conn *tx = sender6("[::]:0");
  NTU_CHECK(tx != NULL);
  NTU_CHECK_INT(xnet_ipv6_set_traffic_class(tx, 0xb8), 0);
  NTU_CHECK_INT(xnet_ipv6_set_hop_limit(tx, 17), 0);
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "sock", 4, NULL, &ra), 4);
  xnet_ipv6_cmsg w;
  memset(&w, 0, sizeof w);
  w.traffic_class = 0x20;
  w.hop_limit = 3;
  NTU_CHECK_INT(xnet_ipv6_write_to(tx, "pkt", 3, &w, &ra), 3);
  char buf[16];
  xnet_ipv6_cmsg cm;
  NTU_CHECK_INT(xnet_conn_set_read_deadline(rx, soon(2000)), 0);
  NTU_CHECK_INT(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, NULL), 4);
  NTU_CHECK_INT(cm.traffic_class, 0xb8);
  NTU_CHECK_INT(cm.hop_limit, 17);
  NTU_CHECK_INT(cm.ifindex, a1);
  NTU_CHECK_INT(xnet_ipv6_read_from(rx, buf, sizeof buf, &cm, NULL), 3);
  NTU_CHECK_INT(cm.traffic_class, 0x20);
  NTU_CHECK_INT(cm.hop_limit, 3);
  xnet_ip me = ip6("fd00:201:1::1");
  NTU_CHECK(memcmp(cm.dst, me.bytes, 16) == 0);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  return NULL;
}

static void test_ipv6_netns_tclass_and_hop_limit_seen_by_receiver(void) {
  run_two("i6t", check_tclass_hops6);
}

static void test_ipv6_netns_multicast_any_source_and_source_specific(void) {
  run_two("i6m", check_multicast6);
}

XT_SUITE(core, ipv6, NULL, NULL,
         XT_TEST_IF(test_ipv6_tclass_hop_limit_path_mtu_on_tcp, need_ipv6),
         XT_TEST_IF(test_ipv6_control_messages_both_ways, need_ipv6),
         XT_TEST_IF(test_ipv6_multicast_options_and_errors, need_ipv6),
         XT_TEST_IF(test_ipv6_icmp6_filter_and_checksum_on_raw_conns,
                    need_ipv6),
         XT_TEST_IF(test_ipv6_netns_multicast_any_source_and_source_specific,
                    ntu_need_netns),
         XT_TEST_IF(test_ipv6_netns_tclass_and_hop_limit_seen_by_receiver,
                    ntu_need_netns));
