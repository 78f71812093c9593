/* stack_peers_test.h — what the replay and recorder suites share for the
 * application side of a test: listeners on a given stack, and the TCP
 * peer that upper-cases what it reads (backends.record,
 * backends.replay_diff). Test code only. */
#ifndef XNET_STACK_PEERS_TEST_H
#define XNET_STACK_PEERS_TEST_H

#include <ctype.h>
#include <string.h>

#include "xnet/xnet.h"
#include "xnet_test.h"

/* A "udp4" packet conn on stack s at addr; NULL (and a failed assertion)
 * when it cannot be made. */
static inline xnet_conn *sp_listen_udp(xnet_stack *s, const char *addr) {
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(xnet_listen_config_listen_packet(&lc, "udp4", addr, &c), 0);
  return c;
}

/* A "tcp4" listener on stack s at addr; NULL (and a failed assertion) when
 * it cannot be made. */
static inline xnet_listener *sp_listen_tcp(xnet_stack *s, const char *addr) {
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_listener *l = NULL;
  CU_ASSERT_EQUAL(xnet_listen_config_listen(&lc, "tcp4", addr, &l), 0);
  return l;
}

/* Thread body: accepts one conn on the listener arg (5 s at most) and
 * writes back, upper-cased, what it reads until end of stream. */
static inline void *sp_tcp_upper_server(void *arg) {
  xnet_listener *l = arg;
  xnet_conn *c = NULL;
  (void)xnet_listener_set_deadline(l, xnet_deadline_in(NULL, 5 * XNET_SECOND));
  if (xnet_listener_accept(l, &c) != 0) return NULL;
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 5 * XNET_SECOND));
  for (;;) {
    char buf[64];
    int n = xnet_conn_read(c, buf, sizeof buf);
    if (n <= 0) break;
    for (int k = 0; k < n; k++) buf[k] = (char)toupper((unsigned char)buf[k]);
    if (xnet_conn_write(c, buf, (size_t)n) != n) break;
  }
  (void)xnet_conn_close(c);
  return NULL;
}

#endif /* XNET_STACK_PEERS_TEST_H */
