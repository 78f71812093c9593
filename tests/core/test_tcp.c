/* test_tcp.c — TCP over loopback: echo, half-close, linger, options. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

/* Accepts one conn and echoes it until EOF, then closes. */
static void *echo_once(void *arg) {
  xnet_listener *l = arg;
  xnet_conn *c;
  if (xnet_listener_accept(l, &c) < 0) return NULL;
  char buf[4096];
  int n;
  while ((n = xnet_conn_read(c, buf, sizeof buf)) > 0)
    if (xnet_conn_write(c, buf, (size_t)n) != n) break;
  xnet_conn_close(c);
  return NULL;
}

static void echo_over(const char *network, const char *laddr) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen(network, laddr, &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_addr la;
  xnet_listener_addr(l, &la);
  XT_ASSERT(la.port != 0); /* port 0 picked a port */
  pthread_t t;
  pthread_create(&t, NULL, echo_once, l);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial(network, addr, &c));
  xnet_addr ra;
  xnet_conn_remote_addr(c, &ra);
  XT_ASSERT_INT_EQ(ra.port, la.port);
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "hello, xnet", 11), 11);
  XT_ASSERT_OK(xnet_conn_close_write(c));
  char got[64];
  size_t total = 0;
  int n;
  while ((n = xnet_conn_read(c, got + total, sizeof got - total)) > 0)
    total += (size_t)n;
  XT_ASSERT_INT_EQ(n, 0); /* EOF after the server's close */
  XT_ASSERT_MEM_EQ(got, total, "hello, xnet", 11);
  XT_ASSERT_OK(xnet_conn_close(c));
  pthread_join(t, NULL);
  XT_ASSERT_OK(xnet_listener_close(l));
}

static void test_tcp_echo_ipv4(void) { echo_over("tcp", "127.0.0.1:0"); }
static void test_tcp_echo_ipv6(void) { echo_over("tcp6", "[::1]:0"); }

static void test_tcp_linger_zero_sends_reset(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c, *s;
  XT_ASSERT_OK(xnet_dial("tcp4", addr, &c));
  XT_ASSERT_OK(xnet_listener_accept(l, &s));
  XT_ASSERT_OK(xnet_conn_set_linger(s, 0));
  XT_ASSERT_OK(xnet_conn_close(s));
  char b[4];
  XT_ASSERT_ERR(xnet_conn_read(c, b, sizeof b), XNET_ECONNRESET);
  XT_ASSERT_INT_EQ(xnet_last_error()->code, XNET_ECONNRESET);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "read");
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static int getopt_int(xnet_conn *c, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  if (getsockopt(c->pd.sock, level, name, &v, &len) < 0) return -1;
  return v;
}

static void test_tcp_no_delay_and_keep_alive_visible(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp", addr, &c));
  XT_ASSERT_OK(xnet_conn_set_no_delay(c, true));
  XT_ASSERT(getopt_int(c, IPPROTO_TCP, TCP_NODELAY) != 0);
  XT_ASSERT_OK(xnet_conn_set_no_delay(c, false));
  XT_ASSERT_INT_EQ(getopt_int(c, IPPROTO_TCP, TCP_NODELAY), 0);
  XT_ASSERT_OK(xnet_conn_set_keep_alive(c, true));
  XT_ASSERT(getopt_int(c, SOL_SOCKET, SO_KEEPALIVE) != 0);
  XT_ASSERT_OK(xnet_conn_set_keep_alive_period(c, 1500 * XNET_MILLISECOND));
  XT_ASSERT_INT_EQ(getopt_int(c, IPPROTO_TCP, TCP_KEEPIDLE), 2);
  XT_ASSERT_INT_EQ(getopt_int(c, IPPROTO_TCP, TCP_KEEPINTVL), 2);
  XT_ASSERT_OK(xnet_conn_set_read_buffer(c, 65536));
  XT_ASSERT(getopt_int(c, SOL_SOCKET, SO_RCVBUF) >= 65536);
  XT_ASSERT_OK(xnet_conn_set_write_buffer(c, 65536));
  XT_ASSERT(getopt_int(c, SOL_SOCKET, SO_SNDBUF) >= 65536);
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static void test_tcp_dialer_keep_alive(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_dialer d = {0};
  d.keep_alive = 30 * XNET_SECOND;
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", addr, &c));
  XT_ASSERT(getopt_int(c, SOL_SOCKET, SO_KEEPALIVE) != 0);
  XT_ASSERT_INT_EQ(getopt_int(c, IPPROTO_TCP, TCP_KEEPIDLE), 30);
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static void test_tcp_dial_refused_reports_op_error(void) {
  /* A port that was just free: listen, note the port, close. */
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_listener_close(l);
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dial("tcp4", addr, &c), XNET_ECONNREFUSED);
  char text[256], want[256];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  snprintf(want, sizeof want, "dial tcp4 %s: connection refused", addr);
  XT_ASSERT_STR_EQ(text, want);
}

static void test_tcp_dial_bad_addresses(void) {
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dial("tcp", "127.0.0.1", &c), XNET_EMISSINGPORT);
  char text[256];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial tcp: address 127.0.0.1: missing port in address");
  XT_ASSERT_ERR(xnet_dial("tcp", "[::1:80", &c), XNET_EMISSINGBRACKET);
  XT_ASSERT_ERR(xnet_dial("tcp", "127.0.0.1:99999", &c), XNET_EBADPORT);
  XT_ASSERT_ERR(xnet_dial("tcp4", "[::1]:80", &c), XNET_ENOSUITABLEADDR);
  XT_ASSERT_ERR(xnet_dial("tcp", "127.0.0.1:no-such-service-x", &c),
                XNET_EUNKNOWNPORT);
}

static void test_tcp_service_names(void) {
  uint16_t port;
  XT_ASSERT_OK(xnet_lookup_port("tcp", "80", &port));
  XT_ASSERT_INT_EQ(port, 80);
  XT_ASSERT_ERR(xnet_lookup_port("tcp", "no-such-service-x", &port),
                XNET_EUNKNOWNPORT);
  XT_ASSERT_ERR(xnet_lookup_port("sctpx", "80x", &port), XNET_EUNKNOWNNET);
  /* Go's parsePort: a sign is allowed, white space makes a (missing) name
   * (getaddrinfo alone would read " 1" as port 1). */
  XT_ASSERT_OK(xnet_lookup_port("tcp", "+5", &port));
  XT_ASSERT_UINT_EQ(port, 5);
  XT_ASSERT_ERR(xnet_lookup_port("tcp", " 1", &port), XNET_EUNKNOWNPORT);
  XT_ASSERT_ERR(xnet_lookup_port("udp", "\t80", &port), XNET_EUNKNOWNPORT);
  XT_ASSERT_ERR(xnet_lookup_port("tcp", "-1", &port), XNET_EBADPORT);
  XT_ASSERT_ERR(xnet_lookup_port("sctpx", " 1", &port), XNET_EUNKNOWNNET);
}

static void test_tcp_typed_forms(void) {
  xnet_addr la;
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "tcp", "127.0.0.1:0", &la));
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_addr(NULL, "tcp4", &la, &l));
  xnet_addr bound;
  xnet_listener_addr(l, &bound);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial_addr(NULL, "tcp", NULL, &bound, &c));
  xnet_conn *s;
  XT_ASSERT_OK(xnet_listener_accept(l, &s));
  xnet_addr cl, sr;
  xnet_conn_local_addr(c, &cl);
  xnet_conn_remote_addr(s, &sr);
  XT_ASSERT(xnet_ip_equal(&cl.ip, &sr.ip));
  XT_ASSERT_INT_EQ(cl.port, sr.port);
  xnet_addr udp = bound;
  udp.kind = XNET_KIND_UDP;
  xnet_conn *bad;
  XT_ASSERT_ERR(xnet_dial_addr(NULL, "tcp", NULL, &udp, &bad), XNET_EINVAL);
  xnet_conn_close(c);
  xnet_conn_close(s);
  xnet_listener_close(l);
}

XT_SUITE(core, tcp, NULL, NULL,
         XT_TEST(test_tcp_echo_ipv4),
         XT_TEST_IF(test_tcp_echo_ipv6, ctu_need_ipv6),
         XT_TEST(test_tcp_linger_zero_sends_reset),
         XT_TEST(test_tcp_no_delay_and_keep_alive_visible),
         XT_TEST(test_tcp_dialer_keep_alive),
         XT_TEST(test_tcp_dial_refused_reports_op_error),
         XT_TEST(test_tcp_dial_bad_addresses),
         XT_TEST(test_tcp_service_names),
         XT_TEST(test_tcp_typed_forms));
