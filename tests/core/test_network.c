/* test_network.c — network strings, address text, op-error text. */
#include <net/if.h>
#include <string.h>

#include "core_int.h"

#include "xnet/conn.h"
#include "xnet/error.h"
#include "xnet/net.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static void test_network_parse_known_networks(void) {
  xnet_network n;
  XT_ASSERT_OK(xnet_network_parse("tcp", &n));
  XT_ASSERT_INT_EQ(n.kind, XNET_KIND_TCP);
  XT_ASSERT_INT_EQ(n.family, XNET_AF_UNSPEC);
  XT_ASSERT_OK(xnet_network_parse("udp6", &n));
  XT_ASSERT_INT_EQ(n.kind, XNET_KIND_UDP);
  XT_ASSERT_INT_EQ(n.family, XNET_AF_INET6);
  XT_ASSERT_OK(xnet_network_parse("unixpacket", &n));
  XT_ASSERT_INT_EQ(n.kind, XNET_KIND_UNIXPACKET);
  XT_ASSERT_INT_EQ(n.family, XNET_AF_UNIX);
  XT_ASSERT_STR_EQ(n.name, "unixpacket");
}

static void test_network_parse_ip_protocols_by_name_and_number(void) {
  xnet_network n;
  XT_ASSERT_OK(xnet_network_parse("ip4:icmp", &n));
  XT_ASSERT_INT_EQ(n.kind, XNET_KIND_IP);
  XT_ASSERT_INT_EQ(n.family, XNET_AF_INET);
  XT_ASSERT_INT_EQ(n.protocol, 1);
  XT_ASSERT_OK(xnet_network_parse("ip6:ospf", &n));
  XT_ASSERT_INT_EQ(n.protocol, 89);
  XT_ASSERT_OK(xnet_network_parse("ip4:1", &n));
  XT_ASSERT_INT_EQ(n.protocol, 1);
  XT_ASSERT_OK(xnet_network_parse("ip:ipv6-icmp", &n));
  XT_ASSERT_INT_EQ(n.protocol, 58);
}

static void test_network_parse_rejects_unknown(void) {
  xnet_network n;
  static const char *bad[] = {"", "tcp7", "tcp:1", "ip", "ip4", "ip4:",
                              "ip4:nosuch", "ip4:256", "ip4:-1", "udp4:x",
                              "TCP", "unix:1", "sctpx",
                              "a-very-long-network-name-that-overflows"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    XT_ASSERT_ERR(xnet_network_parse(bad[i], &n), XNET_EUNKNOWNNET);
    XT_ASSERT_INT_EQ(n.kind, XNET_KIND_NONE);
  }
  XT_ASSERT_ERR(xnet_network_parse(NULL, &n), XNET_EINVAL);
}

static void test_network_addr_format_like_go(void) {
  xnet_addr a;
  char buf[XNET_ADDR_STRLEN];
  memset(&a, 0, sizeof a);
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "<nil>");
  a.kind = XNET_KIND_TCP;
  a.port = 80;
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, ":80");
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%lo", 10, &a.ip));
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "[fe80::1%lo]:80");
  XT_ASSERT_STR_EQ(xnet_addr_network(&a), "tcp");
  a.kind = XNET_KIND_IP;
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "fe80::1%lo");
  XT_ASSERT_OK(xnet_ip_parse("10.0.0.1", 8, &a.ip));
  a.kind = XNET_KIND_UDP;
  a.port = 53;
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "10.0.0.1:53");
  memset(&a, 0, sizeof a);
  a.kind = XNET_KIND_UNIXGRAM;
  memcpy(a.path, "/tmp/s", 6);
  a.path_len = 6;
  xnet_addr_format(&a, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "/tmp/s");
  XT_ASSERT_STR_EQ(xnet_addr_network(&a), "unixgram");
}

static void test_network_resolve_unix_needs_no_stack(void) {
  xnet_addr a;
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "unix", "/run/x.sock", &a));
  XT_ASSERT_INT_EQ(a.kind, XNET_KIND_UNIX);
  XT_ASSERT_INT_EQ(a.path_len, 11);
  XT_ASSERT_ERR(xnet_resolve_addr(NULL, "bogus", "x", &a), XNET_EUNKNOWNNET);
}

static void test_network_op_error_formats_like_go(void) {
  xnet_op_error e;
  memset(&e, 0, sizeof e);
  strcpy(e.op, "dial");
  strcpy(e.net, "tcp");
  e.source.kind = XNET_KIND_TCP;
  XT_ASSERT_OK(xnet_ip_parse("127.0.0.1", 9, &e.source.ip));
  e.addr = e.source;
  e.addr.port = 1;
  e.code = XNET_ECONNREFUSED;
  char buf[256];
  xnet_op_error_format(&e, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "dial tcp 127.0.0.1:0->127.0.0.1:1: connection refused");
  memset(&e, 0, sizeof e);
  strcpy(e.op, "dial");
  strcpy(e.net, "tcp");
  strcpy(e.detail, "address 1.2.3.4");
  e.code = XNET_EMISSINGPORT;
  xnet_op_error_format(&e, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "dial tcp: address 1.2.3.4: missing port in address");
}

static void test_network_unknown_network_sets_last_error(void) {
  xnet_conn *c = (xnet_conn *)1;
  XT_ASSERT_ERR(xnet_dial("tcp5", "127.0.0.1:1", &c), XNET_EUNKNOWNNET);
  XT_ASSERT(c == NULL);
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_INT_EQ(e->code, XNET_EUNKNOWNNET);
  XT_ASSERT_STR_EQ(e->op, "dial");
  XT_ASSERT_STR_EQ(e->net, "tcp5");
  char buf[128];
  xnet_op_error_format(e, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "dial tcp5: unknown network tcp5");
}

/* Zones convert to scope ids and back by interface name, or by number. */
static void test_network_zone_names_and_numbers(void) {
  xnet_stack *s = xnet_stack_default();
  XT_ASSERT(s != NULL);
  xnet_addr a = {0};
  a.kind = XNET_KIND_UDP;
  a.port = 53;
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%lo", 10, &a.ip));
  xnet_sockaddr sa;
  XT_ASSERT_OK(xnet__addr_to_sockaddr(s, &a, XNET_AF_INET6, &sa));
  XT_ASSERT_UINT_EQ(sa.scope_id, if_nametoindex("lo"));
  xnet_addr back;
  xnet__addr_from_sockaddr(s, XNET_KIND_UDP, &sa, &back);
  XT_ASSERT_STR_EQ(back.ip.zone, "lo");
  sa.scope_id = 4000000; /* no such interface: the number */
  xnet__addr_from_sockaddr(s, XNET_KIND_UDP, &sa, &back);
  XT_ASSERT_STR_EQ(back.ip.zone, "4000000");
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%nosuchif0", 17, &a.ip));
  XT_ASSERT_ERR(xnet__addr_to_sockaddr(s, &a, XNET_AF_INET6, &sa), XNET_EBADADDR);
}

static void test_network_error_classes(void) {
  XT_ASSERT(xnet_error_is_timeout(XNET_ETIMEDOUT));
  XT_ASSERT(!xnet_error_is_timeout(XNET_ECLOSED));
  XT_ASSERT(xnet_error_is_temporary(XNET_ETIMEDOUT));
  XT_ASSERT(xnet_error_is_temporary(XNET_ECONNABORTED));
  XT_ASSERT(!xnet_error_is_temporary(XNET_ECONNREFUSED));
}

XT_SUITE(core, network, NULL, NULL,
         XT_TEST(test_network_parse_known_networks),
         XT_TEST(test_network_parse_ip_protocols_by_name_and_number),
         XT_TEST(test_network_parse_rejects_unknown),
         XT_TEST(test_network_addr_format_like_go),
         XT_TEST(test_network_resolve_unix_needs_no_stack),
         XT_TEST(test_network_op_error_formats_like_go),
         XT_TEST(test_network_unknown_network_sets_last_error),
         XT_TEST(test_network_zone_names_and_numbers),
         XT_TEST(test_network_error_classes));
