/* test_udp.c — UDP over loopback: per-packet addressing, connected conns. */
#include <string.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static void test_udp_read_from_write_to(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &a));
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &b));
  xnet_addr aa, ba, from;
  xnet_conn_local_addr(a, &aa);
  xnet_conn_local_addr(b, &ba);
  XT_ASSERT(aa.port != 0 && ba.port != 0);
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "ping", 4, &ba), 4);
  char buf[16];
  XT_ASSERT_INT_EQ(xnet_conn_read_from(b, buf, sizeof buf, &from), 4);
  XT_ASSERT_MEM_EQ(buf, 4, "ping", 4);
  XT_ASSERT_INT_EQ(from.kind, XNET_KIND_UDP);
  XT_ASSERT_INT_EQ(from.port, aa.port);
  XT_ASSERT(xnet_ip_equal(&from.ip, &aa.ip));
  XT_ASSERT_INT_EQ(xnet_conn_write_to(b, "pong!", 5, &from), 5);
  XT_ASSERT_INT_EQ(xnet_conn_read_from(a, buf, sizeof buf, &from), 5);
  XT_ASSERT_INT_EQ(from.port, ba.port);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_udp_dual_stack_wildcard_receives_ipv4(void) {
  xnet_conn *srv, *cli;
  XT_ASSERT_OK(xnet_listen_packet("udp", ":0", &srv));
  xnet_addr sa;
  xnet_conn_local_addr(srv, &sa);
  char addr[64];
  snprintf(addr, sizeof addr, "127.0.0.1:%u", (unsigned)sa.port);
  XT_ASSERT_OK(xnet_dial("udp", addr, &cli));
  XT_ASSERT_INT_EQ(xnet_conn_write(cli, "x", 1), 1);
  char buf[4];
  xnet_addr from;
  XT_ASSERT_INT_EQ(xnet_conn_read_from(srv, buf, sizeof buf, &from), 1);
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&from, text, sizeof text);
  XT_ASSERT(strncmp(text, "127.0.0.1:", 10) == 0); /* mapped prints as IPv4 */
  xnet_conn_close(srv);
  xnet_conn_close(cli);
}

static void test_udp_connected_rejects_write_to(void) {
  xnet_conn *srv, *cli;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &srv));
  xnet_addr sa;
  xnet_conn_local_addr(srv, &sa);
  XT_ASSERT_OK(xnet_dial_addr(NULL, "udp4", NULL, &sa, &cli));
  XT_ASSERT_ERR(xnet_conn_write_to(cli, "x", 1, &sa), XNET_EWRITETOCONNECTED);
  char text[256];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT(strstr(text, "use of WriteTo with pre-connected connection") != NULL);
  XT_ASSERT_INT_EQ(xnet_conn_write(cli, "ok", 2), 2);
  char buf[4];
  XT_ASSERT_INT_EQ(xnet_conn_read(srv, buf, sizeof buf), 2);
  xnet_conn_close(srv);
  xnet_conn_close(cli);
}

static void test_udp_read_msg_reports_truncation(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &a));
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &b));
  xnet_addr ba;
  xnet_conn_local_addr(b, &ba);
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(a, "0123456789", 10, NULL, 0, &ba), 10);
  char buf[4];
  size_t oobn = 99;
  int flags = 0;
  xnet_addr from;
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, buf, sizeof buf, NULL, 0, &oobn,
                                      &flags, &from), 4);
  XT_ASSERT(flags & XNET_MSG_TRUNC);
  XT_ASSERT_INT_EQ(oobn, 0);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_udp_packet_apis_reject_tcp(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp", addr, &c));
  xnet_addr from;
  char b[4];
  XT_ASSERT_ERR(xnet_conn_read_from(c, b, sizeof b, &from), XNET_EINVAL);
  xnet_conn *pc;
  XT_ASSERT_ERR(xnet_listen_packet("tcp", "127.0.0.1:0", &pc), XNET_EUNKNOWNNET);
  xnet_conn_close(c);
  xnet_listener *bad;
  XT_ASSERT_ERR(xnet_listen("udp", "127.0.0.1:0", &bad), XNET_EUNKNOWNNET);
  xnet_listener_close(l);
}

XT_SUITE(core, udp, NULL, NULL,
         XT_TEST(test_udp_read_from_write_to),
         XT_TEST_IF(test_udp_dual_stack_wildcard_receives_ipv4, ctu_need_ipv6),
         XT_TEST(test_udp_connected_rejects_write_to),
         XT_TEST(test_udp_read_msg_reports_truncation),
         XT_TEST(test_udp_packet_apis_reject_tcp));
