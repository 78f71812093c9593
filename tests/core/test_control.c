/* test_control.c — the control callbacks of dialers and listen configs run
 * on the socket before connect/bind, and can abort the call. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

typedef struct {
  int calls;
  char network[16];
  char address[64];
  int fd;
  int rc; /* what to return */
} control_seen;

/* Records its arguments and sets SO_RCVBUF so the test can see the option
 * took effect on the conn's own socket. */
static int record_control(void *arg, const char *network, const char *address,
                          int fd) {
  control_seen *c = arg;
  c->calls++;
  snprintf(c->network, sizeof c->network, "%s", network);
  snprintf(c->address, sizeof c->address, "%s", address);
  c->fd = fd;
  int v = 12345;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
  return c->rc;
}

static int rcvbuf(int fd) {
  int v = 0;
  socklen_t len = sizeof v;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len);
  return v;
}

static void test_control_runs_before_listen_and_dial(void) {
  control_seen lc_seen = {0}, d_seen = {0};
  xnet_listen_config lc = {0};
  lc.control = record_control;
  lc.control_arg = &lc_seen;
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", "127.0.0.1:0", &l));
  XT_ASSERT_INT_EQ(lc_seen.calls, 1);
  XT_ASSERT_STR_EQ(lc_seen.network, "tcp4");
  XT_ASSERT_STR_EQ(lc_seen.address, "127.0.0.1:0");
  XT_ASSERT_INT_EQ(lc_seen.fd, l->pd.sock);
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_dialer d = {0};
  d.control = record_control;
  d.control_arg = &d_seen;
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp4", addr, &c));
  XT_ASSERT_INT_EQ(d_seen.calls, 1);
  XT_ASSERT_STR_EQ(d_seen.address, addr);
  XT_ASSERT_INT_EQ(d_seen.fd, c->pd.sock);
  /* Linux doubles the value set: what matters is that it is not the
   * default any more. */
  XT_ASSERT_INT_EQ(rcvbuf(c->pd.sock), 2 * 12345);
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static void test_control_error_aborts_without_leaking(void) {
  int fds = ctu_count_fds();
  control_seen seen = {0};
  seen.rc = XNET_EACCES;
  xnet_listen_config lc = {0};
  lc.control = record_control;
  lc.control_arg = &seen;
  xnet_conn *pc;
  XT_ASSERT_ERR(xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", &pc),
                XNET_EACCES);
  XT_ASSERT(pc == NULL);
  xnet_dialer d = {0};
  d.control = record_control;
  d.control_arg = &seen;
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "udp4", "127.0.0.1:9", &c), XNET_EACCES);
  XT_ASSERT_INT_EQ(seen.calls, 2);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_control_listen_backlog_is_used(void) {
  xnet_listen_config lc = {0};
  lc.backlog = 1;
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  /* With backlog 1 the kernel queues at most two unaccepted connections;
   * further dials time out instead of completing. */
  xnet_conn *c[3] = {0};
  int ok = 0;
  for (int i = 0; i < 3; i++)
    if (xnet_dial_timeout("tcp4", addr, 200 * XNET_MILLISECOND, &c[i]) == 0) ok++;
  XT_ASSERT(ok < 3);
  XT_ASSERT_INT_EQ(xnet_last_error()->code, XNET_ETIMEDOUT);
  for (int i = 0; i < 3; i++)
    if (c[i]) xnet_conn_close(c[i]);
  xnet_listener_close(l);
}

XT_SUITE(core, control, NULL, NULL,
         XT_TEST(test_control_runs_before_listen_and_dial),
         XT_TEST(test_control_error_aborts_without_leaking),
         XT_TEST(test_control_listen_backlog_is_used));
