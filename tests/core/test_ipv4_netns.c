/* test_ipv4_netns.c — IPv4 options between two network namespaces the
 * test creates ("h1" and "h2" joined by two veth pairs a1-b1 and a2-b2,
 * multicast-capable, IPv4 and IPv6 addressed) and removes:
 *   - any-source multicast: two groups joined on a1, one on a2; a sender
 *     in h2 sends to each through b1 and b2; the receiver sees exactly the
 *     joined ones with destination, interface and TTL in its control
 *     messages; after leaving, delivery stops;
 *   - source-specific multicast: join-source accepts only the named
 *     source; exclude mutes a source of an any-source join; include
 *     unmutes it;
 *   - TOS and TTL set on the sender seen by the receiver's control
 *     messages and by a raw IPv4 capture;
 *   - the ICMP filter blocking echo replies on a raw ICMP conn, then
 *     passing them after accept; a BPF program dropping short datagrams;
 *   - raw IPv4 (header included): ID 0 and checksum 0 written, read back
 *     with the kernel's ID, a valid checksum and the source filled in.
 *
 *   h1: a1 10.201.1.1/24 fd00:201:1::1/64   a2 10.201.2.1/24
 *   h2: b1 10.201.1.2/24 10.201.1.3/24 fd00:201:1::2,3/64   b2 10.201.2.2/24
 */
#include <string.h>

#include "core_test_util.h"
#include "netns_two_hosts.h"
#include "xnet/error.h"
#include "xnet/inet_checksum.h"
#include "xnet/interface.h"
#include "xnet/ipv4.h"
#include "xnet_test.h"

static xnet_addr udp_addr(const char *ip, uint16_t port) {
  xnet_addr a;
  memset(&a, 0, sizeof a);
  a.kind = XNET_KIND_UDP;
  a.port = port;
  if (xnet_ip_parse(ip, strlen(ip), &a.ip) < 0)
    a.kind = XNET_KIND_NONE;
  return a;
}

static xnet_ip ip4(const char *s) {
  xnet_ip ip;
  memset(&ip, 0, sizeof ip);
  if (xnet_ip_parse(s, strlen(s), &ip) < 0)
    ip.len = 0;
  return ip;
}

/* Opens a UDP conn in h2 bound to address. */
static xnet_conn *sender(const char *address) {
  xnet_conn *c = NULL;
  if (enter(cur->h2.name) < 0)
    return NULL;
  if (xnet_listen_packet("udp4", address, &c) < 0)
    c = NULL;
  if (enter(cur->h1.name) < 0 && c) {
    xnet_conn_close(c);
    c = NULL;
  }
  return c;
}

/* Reads datagrams until a quiet period; appends "payload@ifindex" lines
 * (with the TTL for the first) to out. */
static int drain(xnet_conn *rx, char *out, size_t cap, xnet_ipv4_cmsg *first) {
  out[0] = '\0';
  int count = 0;
  for (;;) {
    char buf[64];
    xnet_ipv4_cmsg cm;
    xnet_addr from;
    if (xnet_conn_set_read_deadline(rx, soon(300)) < 0)
      return -1;
    int n = xnet_ipv4_read_from(rx, buf, sizeof buf - 1, &cm, &from);
    if (n == XNET_ETIMEDOUT)
      return count;
    if (n < 0)
      return n;
    buf[n] = '\0';
    if (count == 0 && first)
      *first = cm;
    char dst[20];
    xnet_ip d;
    xnet_ip_from4(cm.dst, &d);
    xnet_ip_format(&d, dst, sizeof dst);
    size_t len = strlen(out);
    snprintf(out + len, cap - len, "%s%s>%s@%u", count ? " " : "", buf, dst,
             (unsigned)cm.ifindex);
    count++;
  }
}

static const char *check_any_source(char *msg, size_t cap, void *arg) {
  (void)arg;
  int a1 = ifindex("a1"), a2 = ifindex("a2");
  NTU_CHECK(a1 > 0 && a2 > 0);
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "0.0.0.0:0", &rx), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  xnet_ip g1 = ip4("239.1.1.1"), g2 = ip4("239.1.1.2"), g3 = ip4("239.1.1.3");
  NTU_CHECK_INT(xnet_ipv4_join_group(rx, a1, &g1), 0);
  NTU_CHECK_INT(xnet_ipv4_join_group(rx, a1, &g2), 0);
  NTU_CHECK_INT(xnet_ipv4_join_group(rx, a2, &g3), 0);
  NTU_CHECK_INT(xnet_ipv4_set_control_message(rx,
                                              XNET_IPV4_FLAG_TTL |
                                                  XNET_IPV4_FLAG_DST |
                                                  XNET_IPV4_FLAG_INTERFACE,
                                              true),
                0);
  xnet_conn *tx = sender("0.0.0.0:0");
  NTU_CHECK(tx != NULL);
  /* Interface indexes of h2 are h2's: look them up there. */
  NTU_CHECK_INT(enter(cur->h2.name), 0);
  int b1 = ifindex("b1"), b2 = ifindex("b2");
  NTU_CHECK_INT(enter(cur->h1.name), 0);
  NTU_CHECK(b1 > 0 && b2 > 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_ttl(tx, 5), 0);
  static const char *const groups[] = {"239.1.1.1", "239.1.1.2", "239.1.1.3",
                                       "239.1.1.4"};
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(tx, b1), 0);
  for (int i = 0; i < 4; i++) {
    xnet_addr d = udp_addr(groups[i], ra.port);
    char p[8];
    snprintf(p, sizeof p, "g%d", i + 1);
    NTU_CHECK_INT(xnet_ipv4_write_to(tx, p, 2, NULL, &d), 2);
  }
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(tx, b2), 0);
  for (int i = 0; i < 4; i++) {
    xnet_addr d = udp_addr(groups[i], ra.port);
    char p[8];
    snprintf(p, sizeof p, "G%d", i + 1);
    NTU_CHECK_INT(xnet_ipv4_write_to(tx, p, 2, NULL, &d), 2);
  }
  char got[256], want[256];
  xnet_ipv4_cmsg first;
  NTU_CHECK_INT(drain(rx, got, sizeof got, &first), 3);
  snprintf(want, sizeof want, "g1>239.1.1.1@%d g2>239.1.1.2@%d G3>239.1.1.3@%d",
           a1, a1, a2);
  NTU_CHECK_STR(got, want);
  NTU_CHECK_INT(first.ttl, 5);
  /* Leave g1: its datagrams stop, g2's still arrive. */
  NTU_CHECK_INT(xnet_ipv4_leave_group(rx, a1, &g1), 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(tx, b1), 0);
  xnet_addr d1 = udp_addr("239.1.1.1", ra.port),
            d2 = udp_addr("239.1.1.2", ra.port);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "g1", 2, NULL, &d1), 2);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "g2", 2, NULL, &d2), 2);
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 1);
  snprintf(want, sizeof want, "g2>239.1.1.2@%d", a1);
  NTU_CHECK_STR(got, want);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  return NULL;
}

/* Sends "s2" from 10.201.1.2 and "s3" from 10.201.1.3 to group:port. */
static const char *send_both(char *msg, size_t cap, xnet_conn *t2,
                             xnet_conn *t3, const char *group, uint16_t port) {
  xnet_addr d = udp_addr(group, port);
  NTU_CHECK_INT(xnet_ipv4_write_to(t2, "s2", 2, NULL, &d), 2);
  NTU_CHECK_INT(xnet_ipv4_write_to(t3, "s3", 2, NULL, &d), 2);
  return NULL;
}

static const char *check_source_specific(char *msg, size_t cap, void *arg) {
  (void)arg;
  int a1 = ifindex("a1");
  NTU_CHECK(a1 > 0);
  xnet_conn *t2 = sender("10.201.1.2:0"), *t3 = sender("10.201.1.3:0");
  NTU_CHECK(t2 && t3);
  NTU_CHECK_INT(enter(cur->h2.name), 0);
  int b1 = ifindex("b1");
  NTU_CHECK_INT(enter(cur->h1.name), 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(t2, b1), 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(t3, b1), 0);
  xnet_ip src2 = ip4("10.201.1.2"), src3 = ip4("10.201.1.3");

  /* SSM: only the named source. */
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "0.0.0.0:0", &rx), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  xnet_ip ssm = ip4("232.1.1.1");
  NTU_CHECK_INT(xnet_ipv4_join_source_specific_group(rx, a1, &ssm, &src2), 0);
  NTU_CHECK_INT(xnet_ipv4_set_control_message(rx, XNET_IPV4_FLAG_DST, true), 0);
  const char *e = send_both(msg, cap, t2, t3, "232.1.1.1", ra.port);
  if (e)
    return e;
  char got[256];
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 1);
  char want[64];
  snprintf(want, sizeof want, "s2>232.1.1.1@%d", a1); /* pktinfo */
  NTU_CHECK_STR(got, want);
  NTU_CHECK_INT(xnet_ipv4_leave_source_specific_group(rx, a1, &ssm, &src2), 0);
  e = send_both(msg, cap, t2, t3, "232.1.1.1", ra.port);
  if (e)
    return e;
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 0);
  xnet_conn_close(rx);

  /* Any-source join, exclude a source, include it again. */
  NTU_CHECK_INT(xnet_listen_packet("udp4", "0.0.0.0:0", &rx), 0);
  xnet_conn_local_addr(rx, &ra);
  xnet_ip g = ip4("239.1.1.5");
  NTU_CHECK_INT(xnet_ipv4_join_group(rx, a1, &g), 0);
  NTU_CHECK_INT(xnet_ipv4_exclude_source_specific_group(rx, a1, &g, &src3), 0);
  e = send_both(msg, cap, t2, t3, "239.1.1.5", ra.port);
  if (e)
    return e;
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 1);
  NTU_CHECK_STR(got, "s2>0.0.0.0@0");
  NTU_CHECK_INT(xnet_ipv4_include_source_specific_group(rx, a1, &g, &src3), 0);
  e = send_both(msg, cap, t2, t3, "239.1.1.5", ra.port);
  if (e)
    return e;
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 2);
  NTU_CHECK_STR(got, "s2>0.0.0.0@0 s3>0.0.0.0@0");
  xnet_conn_close(rx);
  xnet_conn_close(t2);
  xnet_conn_close(t3);
  return NULL;
}

static const char *check_tos_ttl_and_raw_capture(char *msg, size_t cap,
                                                 void *arg) {
  (void)arg;
  xnet_conn *rx, *cap_conn;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "10.201.1.1:0", &rx), 0);
  NTU_CHECK_INT(xnet_listen_packet("ip4:udp", "0.0.0.0", &cap_conn), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  NTU_CHECK_INT(xnet_ipv4_set_control_message(
                    rx, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS, true),
                0);
  xnet_conn *tx = sender("0.0.0.0:0");
  NTU_CHECK(tx != NULL);
  NTU_CHECK_INT(xnet_ipv4_set_ttl(tx, 33), 0);
  NTU_CHECK_INT(xnet_ipv4_set_tos(tx, 0x28), 0);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "marked", 6, NULL, &ra), 6);
  char buf[128];
  xnet_ipv4_cmsg cm;
  NTU_CHECK_INT(xnet_conn_set_read_deadline(rx, soon(2000)), 0);
  NTU_CHECK_INT(xnet_ipv4_read_from(rx, buf, sizeof buf, &cm, NULL), 6);
  NTU_CHECK_INT(cm.ttl, 33);
  NTU_CHECK_INT(cm.tos, 0x28);
  /* The raw capture sees the same header fields. */
  xnet_ipv4_header h;
  const uint8_t *p;
  size_t pn;
  NTU_CHECK_INT(xnet_conn_set_read_deadline(cap_conn, soon(2000)), 0);
  NTU_CHECK_INT(
      xnet_ipv4_raw_read_from(cap_conn, buf, sizeof buf, &h, &p, &pn, NULL),
      20 + 8 + 6);
  NTU_CHECK_INT(h.ttl, 33);
  NTU_CHECK_INT(h.tos, 0x28);
  NTU_CHECK_INT(h.protocol, 17);
  NTU_CHECK_INT(pn, 8 + 6);
  NTU_CHECK(memcmp(p + 8, "marked", 6) == 0);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  xnet_conn_close(cap_conn);
  return NULL;
}

static const char *check_icmp_filter(char *msg, size_t cap, void *arg) {
  (void)arg;
  /* The pinger lives in h2; 10.201.1.1 (h1) answers. */
  NTU_CHECK_INT(enter(cur->h2.name), 0);
  xnet_conn *c;
  NTU_CHECK_INT(xnet_listen_packet("ip4:icmp", "0.0.0.0", &c), 0);
  xnet_icmp4_filter f;
  memset(&f, 0, sizeof f);
  xnet_icmp4_filter_block(&f, 0); /* echo reply */
  NTU_CHECK_INT(xnet_ipv4_set_icmp_filter(c, &f), 0);
  xnet_icmp4_filter back;
  NTU_CHECK_INT(xnet_ipv4_icmp_filter(c, &back), 0);
  NTU_CHECK_INT(xnet_icmp4_filter_will_block(&back, 0), 1);
  NTU_CHECK_INT(xnet_icmp4_filter_will_block(&back, 8), 0);
  uint8_t echo[12] = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
  uint16_t sum = xnet_inet_checksum(echo, sizeof echo);
  echo[2] = (uint8_t)(sum >> 8);
  echo[3] = (uint8_t)sum;
  xnet_addr dst;
  memset(&dst, 0, sizeof dst);
  dst.kind = XNET_KIND_IP;
  dst.ip = ip4("10.201.1.1");
  NTU_CHECK_INT(xnet_conn_write_to(c, echo, sizeof echo, &dst), 12);
  uint8_t buf[256];
  NTU_CHECK_INT(xnet_conn_set_read_deadline(c, soon(300)), 0);
  NTU_CHECK_INT(xnet_conn_read_from(c, buf, sizeof buf, NULL), XNET_ETIMEDOUT);
  xnet_icmp4_filter_accept(&f, 0);
  NTU_CHECK_INT(xnet_ipv4_set_icmp_filter(c, &f), 0);
  NTU_CHECK_INT(xnet_conn_write_to(c, echo, sizeof echo, &dst), 12);
  NTU_CHECK_INT(xnet_conn_set_read_deadline(c, soon(2000)), 0);
  int n = xnet_conn_read_from(c, buf, sizeof buf, NULL);
  NTU_CHECK_INT(n, 20 + 12);
  NTU_CHECK_INT(buf[20], 0); /* echo reply */
  NTU_CHECK(memcmp(buf + 28, "ping", 4) == 0);
  xnet_conn_close(c);
  return NULL;
}

static const char *check_bpf(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "10.201.1.1:0", &rx), 0);
  xnet_addr ra;
  xnet_conn_local_addr(rx, &ra);
  /* A = packet length (UDP header + payload); accept when >= 8 + 10. */
  static const xnet_bpf_insn prog[] = {
      {0x80, 0, 0, 0},          /* ld len */
      {0x35, 0, 1, 8 + 10},     /* jge #18, accept, drop */
      {0x06, 0, 0, 0xffffffff}, /* ret #-1 */
      {0x06, 0, 0, 0},          /* ret #0 */
  };
  NTU_CHECK_INT(xnet_ipv4_set_bpf(rx, prog, 4), 0);
  NTU_CHECK_INT(xnet_ipv4_set_bpf(rx, prog, 0), XNET_EINVAL);
  xnet_conn *tx = sender("0.0.0.0:0");
  NTU_CHECK(tx != NULL);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "short", 5, NULL, &ra), 5);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "123456789", 9, NULL, &ra), 9);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "long enough!", 12, NULL, &ra), 12);
  NTU_CHECK_INT(xnet_ipv4_write_to(tx, "0123456789", 10, NULL, &ra), 10);
  char got[256];
  NTU_CHECK_INT(drain(rx, got, sizeof got, NULL), 2);
  NTU_CHECK_STR(got, "long enough!>0.0.0.0@0 0123456789>0.0.0.0@0");
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  return NULL;
}

static const char *check_raw_ipv4(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("ip4:253", "0.0.0.0", &rx), 0);
  NTU_CHECK_INT(enter(cur->h2.name), 0);
  xnet_conn *tx;
  NTU_CHECK_INT(xnet_listen_packet("ip4:253", "0.0.0.0", &tx), 0);
  NTU_CHECK_INT(enter(cur->h1.name), 0);
  NTU_CHECK_INT(xnet_ipv4_raw_init(tx), 0);
  xnet_ipv4_header h;
  memset(&h, 0, sizeof h);
  h.version = 4;
  h.len = 20;
  h.tos = 0x10;
  h.ttl = 9;
  h.protocol = 253;
  /* id 0, checksum 0, src 0: the kernel's to fill. */
  static const uint8_t dst[4] = {10, 201, 1, 1};
  memcpy(h.dst, dst, 4);
  /* Two packets: the kernel's IDs are pseudo-random, so one of them may
   * be 0 by chance (1 in 65536); both being 0 means it filled nothing. */
  NTU_CHECK_INT(xnet_ipv4_raw_write_to(tx, &h, "raw!", 4, NULL), 24);
  NTU_CHECK_INT(xnet_ipv4_raw_write_to(tx, &h, "raw!", 4, NULL), 24);
  unsigned ids = 0;
  for (int i = 0; i < 2; i++) {
    uint8_t buf[128];
    xnet_ipv4_header got;
    const uint8_t *p;
    size_t pn;
    NTU_CHECK_INT(xnet_conn_set_read_deadline(rx, soon(2000)), 0);
    NTU_CHECK_INT(
        xnet_ipv4_raw_read_from(rx, buf, sizeof buf, &got, &p, &pn, NULL), 24);
    NTU_CHECK_INT(got.protocol, 253);
    NTU_CHECK_INT(got.ttl, 9);
    NTU_CHECK_INT(got.tos, 0x10);
    NTU_CHECK_INT(got.total_len, 24);
    ids |= got.id;
    NTU_CHECK(got.checksum != 0);
    NTU_CHECK_INT(got.checksum_ok, 1);
    static const uint8_t src[4] = {10, 201, 1, 2};
    NTU_CHECK(memcmp(got.src, src, 4) == 0);
    NTU_CHECK_INT(pn, 4);
    NTU_CHECK(memcmp(p, "raw!", 4) == 0);
  }
  NTU_CHECK(ids != 0);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  return NULL;
}

static void test_ipv4_netns_any_source_multicast(void) {
  run_two("i4a", check_any_source);
}
static void test_ipv4_netns_source_specific_multicast(void) {
  run_two("i4s", check_source_specific);
}
static void test_ipv4_netns_tos_ttl_seen_by_receiver_and_capture(void) {
  run_two("i4t", check_tos_ttl_and_raw_capture);
}
static void test_ipv4_netns_icmp_filter_blocks_then_passes(void) {
  run_two("i4f", check_icmp_filter);
}
static void test_ipv4_netns_bpf_drops_short_datagrams(void) {
  run_two("i4b", check_bpf);
}
static void test_ipv4_netns_raw_header_kernel_fills_id_and_checksum(void) {
  run_two("i4r", check_raw_ipv4);
}

XT_SUITE(core, ipv4_netns, NULL, NULL,
         XT_TEST_IF(test_ipv4_netns_any_source_multicast, ntu_need_netns),
         XT_TEST_IF(test_ipv4_netns_source_specific_multicast, ntu_need_netns),
         XT_TEST_IF(test_ipv4_netns_tos_ttl_seen_by_receiver_and_capture,
                    ntu_need_netns),
         XT_TEST_IF(test_ipv4_netns_icmp_filter_blocks_then_passes,
                    ntu_need_netns),
         XT_TEST_IF(test_ipv4_netns_bpf_drops_short_datagrams, ntu_need_netns),
         XT_TEST_IF(test_ipv4_netns_raw_header_kernel_fills_id_and_checksum,
                    ntu_need_netns));
