/* test_ipv4.c — IPv4 options on loopback conns: TOS and TTL get/set on
 * TCP and UDP, the values observed by a receiver through control messages
 * (TTL, TOS, destination, interface), argument errors before any system
 * call, and the op error naming an option. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/ipv4.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static void test_ipv4_tos_ttl_on_tcp_and_udp(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char addr[64];
  snprintf(addr, sizeof addr, "127.0.0.1:%u", (unsigned)la.port);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp4", addr, &c));
  int v = -1;
  XT_ASSERT_OK(xnet_ipv4_set_tos(c, 0x28));
  XT_ASSERT_OK(xnet_ipv4_tos(c, &v));
  XT_ASSERT_INT_EQ(v, 0x28);
  XT_ASSERT_OK(xnet_ipv4_set_ttl(c, 17));
  XT_ASSERT_OK(xnet_ipv4_ttl(c, &v));
  XT_ASSERT_INT_EQ(v, 17);
  /* The kernel refuses a TTL of 0. */
  XT_ASSERT(xnet_ipv4_set_ttl(c, 0) < 0);
  xnet_conn_close(c);
  xnet_listener_close(l);

  xnet_conn *u;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &u));
  XT_ASSERT_OK(xnet_ipv4_set_multicast_ttl(u, 9));
  XT_ASSERT_OK(xnet_ipv4_multicast_ttl(u, &v));
  XT_ASSERT_INT_EQ(v, 9);
  bool on = true;
  XT_ASSERT_OK(xnet_ipv4_set_multicast_loopback(u, false));
  XT_ASSERT_OK(xnet_ipv4_multicast_loopback(u, &on));
  XT_ASSERT(!on);
  XT_ASSERT_OK(xnet_ipv4_set_multicast_loopback(u, true));
  XT_ASSERT_OK(xnet_ipv4_multicast_loopback(u, &on));
  XT_ASSERT(on);
  XT_ASSERT_OK(xnet_ipv4_set_multicast_interface(u, 1));
  xnet_conn_close(u);
}

static void test_ipv4_control_messages_on_loopback(void) {
  xnet_conn *tx, *rx;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &tx));
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &rx));
  xnet_addr ra, ta, from;
  xnet_conn_local_addr(rx, &ra);
  xnet_conn_local_addr(tx, &ta);
  XT_ASSERT_OK(xnet_ipv4_set_ttl(tx, 33));
  XT_ASSERT_OK(xnet_ipv4_set_tos(tx, 0x28));
  XT_ASSERT_OK(xnet_ipv4_set_control_message(
      rx,
      XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS | XNET_IPV4_FLAG_DST |
          XNET_IPV4_FLAG_INTERFACE,
      true));
  xnet_ipv4_cmsg wcm;
  memset(&wcm, 0, sizeof wcm);
  wcm.ifindex = 1; /* lo */
  XT_ASSERT_INT_EQ(xnet_ipv4_write_to(tx, "hello", 5, &wcm, &ra), 5);
  xnet_ipv4_cmsg cm;
  char buf[32];
  XT_ASSERT_OK(
      xnet_conn_set_read_deadline(rx, xnet_deadline_in(NULL, 2 * XNET_SECOND)));
  XT_ASSERT_INT_EQ(xnet_ipv4_read_from(rx, buf, sizeof buf, &cm, &from), 5);
  XT_ASSERT_MEM_EQ(buf, 5, "hello", 5);
  XT_ASSERT_INT_EQ(from.port, ta.port);
  XT_ASSERT_UINT_EQ(cm.ttl, 33);
  XT_ASSERT_UINT_EQ(cm.tos, 0x28);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);
  static const uint8_t lo[4] = {127, 0, 0, 1};
  XT_ASSERT_MEM_EQ(cm.dst, 4, lo, 4);
  XT_ASSERT(cm.has & XNET_IPV4_FLAG_TTL);
  XT_ASSERT(cm.has & XNET_IPV4_FLAG_DST);

  /* Off again: nothing is reported. */
  XT_ASSERT_OK(xnet_ipv4_set_control_message(
      rx,
      XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS | XNET_IPV4_FLAG_DST |
          XNET_IPV4_FLAG_INTERFACE,
      false));
  XT_ASSERT_INT_EQ(xnet_ipv4_write_to(tx, "again", 5, NULL, &ra), 5);
  XT_ASSERT_INT_EQ(xnet_ipv4_read_from(rx, buf, sizeof buf, &cm, NULL), 5);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  XT_ASSERT_UINT_EQ(cm.ttl, 0);

  /* Only the interface: pktinfo stays on while one of Dst/Interface is. */
  XT_ASSERT_OK(xnet_ipv4_set_control_message(
      rx, XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE, true));
  XT_ASSERT_OK(xnet_ipv4_set_control_message(rx, XNET_IPV4_FLAG_DST, false));
  XT_ASSERT_INT_EQ(xnet_ipv4_write_to(tx, "third", 5, NULL, &ra), 5);
  XT_ASSERT_INT_EQ(xnet_ipv4_read_from(rx, buf, sizeof buf, &cm, NULL), 5);
  XT_ASSERT_UINT_EQ(cm.ifindex, 1);

  /* The read deadline holds. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(
      rx, xnet_deadline_in(NULL, 20 * XNET_MILLISECOND)));
  XT_ASSERT_ERR(xnet_ipv4_read_from(rx, buf, sizeof buf, &cm, NULL),
                XNET_ETIMEDOUT);
  xnet_conn_close(tx);
  xnet_conn_close(rx);
}

static void test_ipv4_bad_addresses_fail_before_any_syscall(void) {
  xnet_conn *u;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "0.0.0.0:0", &u));
  xnet_ip uni, grp, mc_src, v6grp;
  xnet_ip_v4(10, 0, 0, 1, &uni);
  xnet_ip_v4(232, 1, 1, 1, &grp);
  xnet_ip_v4(239, 0, 0, 9, &mc_src);
  XT_ASSERT_OK(xnet_ip_parse("ff02::1", 7, &v6grp));
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 0, &uni), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 0, NULL), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 0, &v6grp), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_join_source_specific_group(u, 0, &grp, &mc_src),
                XNET_EBADADDR);
  XT_ASSERT_ERR(
      xnet_ipv4_join_source_specific_group(u, 0, &grp, &xnet_ipv4_zero),
      XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 99999, &grp), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_set_multicast_interface(u, 99999), XNET_EBADADDR);
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_INT_EQ(e->code, XNET_EBADADDR);
  /* Valid: join and leave on lo. */
  XT_ASSERT_OK(xnet_ipv4_join_group(u, 1, &grp));
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 1, &grp), XNET_EADDRINUSE);
  XT_ASSERT_OK(xnet_ipv4_leave_group(u, 1, &grp));
  /* The ICMP filter exists only on raw ICMP sockets: the host says so. */
  xnet_icmp4_filter f;
  XT_ASSERT(xnet_ipv4_icmp_filter(u, &f) < 0);
  xnet_conn_close(u);
}

/* ---- a recorder stack: what the socket is told ---- */

static xnet_posix_syscalls real;
static int nset, last_level, last_name;
static uint8_t last_val[300];
static socklen_t last_len;

static int rec_setsockopt(int fd, int level, int name, const void *val,
                          socklen_t len) {
  nset++;
  last_level = level;
  last_name = name;
  last_len = len <= sizeof last_val ? len : 0;
  memcpy(last_val, val, last_len);
  return real.setsockopt(fd, level, name, val, len);
}

static void test_ipv4_options_sent_and_refused_before_setsockopt(void) {
  xnet__host_syscalls(&real);
  xnet_posix_syscalls t = real;
  t.setsockopt = rec_setsockopt;
  xnet_posix_config cfg = {.syscalls = &t};
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet__host_stack_open_config(&cfg, &s));
  if (!s)
    return;
  xnet_addr any;
  memset(&any, 0, sizeof any);
  any.kind = XNET_KIND_UDP;
  xnet_ip_v4(0, 0, 0, 0, &any.ip);
  xnet_conn *u;
  XT_ASSERT_OK(xnet_listen_packet_addr(s, "udp4", &any, &u));
  xnet_ip grp, uni, src;
  xnet_ip_v4(232, 1, 2, 3, &grp);
  xnet_ip_v4(10, 0, 0, 1, &uni);
  xnet_ip_v4(127, 0, 0, 1, &src);
  nset = 0;
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 1, &uni), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_join_source_specific_group(u, 1, &grp, &grp),
                XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ipv4_exclude_source_specific_group(u, 424242, &grp, &src),
                XNET_EBADADDR);
  XT_ASSERT_INT_EQ(nset, 0);
  /* A source-specific join: one MCAST_JOIN_SOURCE_GROUP with the host's
   * struct group_source_req. */
  XT_ASSERT_OK(xnet_ipv4_join_source_specific_group(u, 1, &grp, &src));
  XT_ASSERT_INT_EQ(nset, 1);
  XT_ASSERT_INT_EQ(last_level, IPPROTO_IP);
  XT_ASSERT_INT_EQ(last_name, MCAST_JOIN_SOURCE_GROUP);
  struct group_source_req want;
  memset(&want, 0, sizeof want);
  want.gsr_interface = 1;
  struct sockaddr_in *g = (struct sockaddr_in *)&want.gsr_group;
  struct sockaddr_in *so = (struct sockaddr_in *)&want.gsr_source;
  g->sin_family = so->sin_family = AF_INET;
  memcpy(&g->sin_addr, grp.bytes + (grp.len == 16 ? 12 : 0), 4);
  memcpy(&so->sin_addr, src.bytes + (src.len == 16 ? 12 : 0), 4);
  XT_ASSERT_MEM_EQ(last_val, last_len, &want, sizeof want);
  /* Control flags: Dst and Interface share IP_PKTINFO. */
  XT_ASSERT_OK(xnet_ipv4_set_control_message(u, XNET_IPV4_FLAG_TTL, true));
  XT_ASSERT_INT_EQ(last_name, IP_RECVTTL);
  XT_ASSERT_OK(
      xnet_ipv4_set_control_message(u, XNET_IPV4_FLAG_INTERFACE, true));
  XT_ASSERT_INT_EQ(last_name, IP_PKTINFO);
  xnet_conn_close(u);
  xnet_stack_close(s);
}

/* A stack whose profile is OpenBSD's (no RFC 3678 API, no index-based
 * IP_MULTICAST_IF, no SO_ATTACH_FILTER) over this host's sockets, with no
 * ops->setsockopt_group (core hands a join or multicast interface the
 * profile has no row for to that op; the stub refuses): the options it
 * lacks fail with XNET_ENOTSUP naming them, and never reach setsockopt. */
static void test_ipv4_missing_option_is_not_supported_by_name(void) {
  xnet__host_syscalls(&real);
  xnet_posix_syscalls t = real;
  t.setsockopt = rec_setsockopt;
  xnet_posix_config cfg = {.syscalls = &t};
  xnet_stack *host = NULL, *s = NULL;
  XT_ASSERT_OK(xnet__host_stack_open_config(&cfg, &host));
  if (!host)
    return;
  xnet_backend_ops ops = *xnet__stack_ops(host);
  ops.profile = &xnet_profile_openbsd;
  ops.setsockopt_group = NULL; /* the ENOTSUP stub */
  XT_ASSERT_OK(xnet__stack_open(&ops, &cfg, &s));
  if (!s) {
    xnet_stack_close(host);
    return;
  }
  xnet_addr any;
  memset(&any, 0, sizeof any);
  any.kind = XNET_KIND_UDP;
  xnet_ip_v4(127, 0, 0, 1, &any.ip);
  xnet_conn *u;
  XT_ASSERT_OK(xnet_listen_packet_addr(s, "udp4", &any, &u));
  xnet_ip grp;
  xnet_ip_v4(239, 1, 2, 3, &grp);
  nset = 0;
  XT_ASSERT_ERR(xnet_ipv4_join_group(u, 1, &grp), XNET_ENOTSUP);
  char text[128];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT(strstr(text, "MCAST_JOIN_GROUP") != NULL);
  XT_ASSERT_ERR(xnet_ipv4_set_multicast_interface(u, 1), XNET_ENOTSUP);
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT(strstr(text, "IP_MULTICAST_IF") != NULL);
  static const xnet_bpf_insn ret_all[] = {{0x06, 0, 0, 0xffffffff}};
  XT_ASSERT_ERR(xnet_ipv4_set_bpf(u, ret_all, 1), XNET_ENOTSUP);
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT(strstr(text, "SO_ATTACH_FILTER") != NULL);
  XT_ASSERT_INT_EQ(nset, 0);
  xnet_conn_close(u);
  xnet_stack_close(s);
  xnet_stack_close(host);
}

XT_SUITE(core, ipv4, NULL, NULL, XT_TEST(test_ipv4_tos_ttl_on_tcp_and_udp),
         XT_TEST(test_ipv4_control_messages_on_loopback),
         XT_TEST(test_ipv4_bad_addresses_fail_before_any_syscall),
         XT_TEST(test_ipv4_options_sent_and_refused_before_setsockopt),
         XT_TEST(test_ipv4_missing_option_is_not_supported_by_name));
