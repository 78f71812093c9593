/* test_conn_addr.c — a conn's local address: dialled and accepted conns
 * ask the backend for it only when it is first needed (one getsockname
 * fewer per conn), and every reader then sees the same address. */
#include <stdio.h>
#include <string.h>

#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
static atomic_int getsockname_calls;

static int counting_getsockname(int fd, struct sockaddr *sa, socklen_t *len) {
  atomic_fetch_add(&getsockname_calls, 1);
  return real_getsockname(fd, sa, len);
}

/* A host stack whose getsockname calls are counted. */
static xnet_stack *counting_stack(void) {
  static xnet_posix_syscalls sys;
  xnet__host_syscalls(&sys);
  real_getsockname = sys.getsockname;
  sys.getsockname = counting_getsockname;
  xnet_posix_config cfg = {.syscalls = &sys};
  xnet_stack *s = NULL;
  if (xnet__host_stack_open_config(&cfg, &s) < 0) return NULL;
  return s;
}

typedef struct {
  xnet_listener *l;
  xnet_conn *c;
  int rc;
} accepting;

static void *accept_one(void *arg) {
  accepting *a = arg;
  a->rc = xnet_listener_accept(a->l, &a->c);
  return NULL;
}

/* Dials the listener l (on stack s) and accepts: *d dialled, *a accepted. */
static void dial_pair(xnet_stack *s, xnet_listener *l, const char *network,
                      xnet_conn **d, xnet_conn **a) {
  *d = *a = NULL;
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char text[XNET_ADDR_STRLEN];
  snprintf(text, sizeof text, "127.0.0.1:%u", (unsigned)la.port);
  accepting acc = {l, NULL, -1};
  pthread_t t;
  pthread_create(&t, NULL, accept_one, &acc);
  xnet_dialer dl = {.stack = s};
  int rc = xnet_dialer_dial(&dl, network, text, d);
  pthread_join(t, NULL);
  XT_ASSERT_OK(rc);
  XT_ASSERT_OK(acc.rc);
  *a = acc.c;
}

static bool same_addr(const xnet_addr *x, const xnet_addr *y) {
  char a[XNET_ADDR_STRLEN], b[XNET_ADDR_STRLEN];
  xnet_addr_format(x, a, sizeof a);
  xnet_addr_format(y, b, sizeof b);
  return x->kind == y->kind && strcmp(a, b) == 0;
}

static void test_conn_addr_dial_and_accept_ask_only_when_needed(void) {
  xnet_stack *s = counting_stack();
  XT_ASSERT(s != NULL);
  xnet_listen_config lc = {.stack = s};
  xnet_listener *l;
  /* A wildcard listener: its accepted conns' address is not known. */
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", "0.0.0.0:0", &l));
  xnet_conn *d, *a;
  atomic_store(&getsockname_calls, 0);
  dial_pair(s, l, "tcp4", &d, &a);
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 0);
  if (!d || !a) goto out;
  xnet_addr dl, dr, al, ar;
  XT_ASSERT_OK(xnet_conn_local_addr(d, &dl));
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 1);
  XT_ASSERT_OK(xnet_conn_local_addr(d, &dl)); /* asked once, kept */
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 1);
  XT_ASSERT_OK(xnet_conn_remote_addr(a, &ar));
  XT_ASSERT(same_addr(&dl, &ar));
  XT_ASSERT_INT_EQ(dl.kind, XNET_KIND_TCP);
  XT_ASSERT(dl.port != 0);
  XT_ASSERT_OK(xnet_conn_local_addr(a, &al));
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 2);
  XT_ASSERT_OK(xnet_conn_remote_addr(d, &dr));
  XT_ASSERT(same_addr(&al, &dr));
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&al, text, sizeof text);
  XT_ASSERT(strncmp(text, "127.0.0.1:", 10) == 0);
out:
  if (d) xnet_conn_close(d);
  if (a) xnet_conn_close(a);
  xnet_listener_close(l);
  xnet_stack_close(s);
}

static void test_conn_addr_connected_udp_is_asked_when_needed(void) {
  xnet_stack *s = counting_stack();
  XT_ASSERT(s != NULL);
  xnet_listen_config lc = {.stack = s};
  xnet_conn *srv;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", &srv));
  xnet_addr sa;
  xnet_conn_local_addr(srv, &sa);
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&sa, text, sizeof text);
  xnet_dialer dl = {.stack = s};
  xnet_conn *c;
  atomic_store(&getsockname_calls, 0);
  XT_ASSERT_OK(xnet_dialer_dial(&dl, "udp4", text, &c));
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 0);
  /* The datagram's source, as the server sees it, is the dialled conn's
   * local address. */
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "x", 1), 1);
  char b[4];
  xnet_addr from, local;
  XT_ASSERT_INT_EQ(xnet_conn_read_from(srv, b, sizeof b, &from), 1);
  XT_ASSERT_OK(xnet_conn_local_addr(c, &local));
  XT_ASSERT_INT_EQ(atomic_load(&getsockname_calls), 1);
  XT_ASSERT(same_addr(&local, &from));
  XT_ASSERT_INT_EQ(local.kind, XNET_KIND_UDP);
  xnet_conn_close(c);
  xnet_conn_close(srv);
  xnet_stack_close(s);
}

/* An error on a conn whose address was never asked names it all the same
 * (Go's OpError Source). */
static void test_conn_addr_error_names_the_unasked_local_address(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "0.0.0.0:0", &l));
  xnet_conn *d, *a;
  dial_pair(NULL, l, "tcp4", &d, &a);
  if (!d || !a) goto out;
  char b[4];
  xnet_addr from;
  /* read-from is for packet conns: XNET_EINVAL, recorded with the source. */
  XT_ASSERT_ERR(xnet_conn_read_from(d, b, sizeof b, &from), XNET_EINVAL);
  const xnet_op_error *e = xnet_last_error();
  xnet_addr local;
  xnet_conn_local_addr(d, &local);
  XT_ASSERT(same_addr(&e->source, &local));
  XT_ASSERT(local.port != 0);
out:
  if (d) xnet_conn_close(d);
  if (a) xnet_conn_close(a);
  xnet_listener_close(l);
}

typedef struct {
  xnet_conn *c;
  pthread_barrier_t *go;
  xnet_addr got;
} asking;

static void *ask_local(void *arg) {
  asking *k = arg;
  pthread_barrier_wait(k->go);
  xnet_conn_local_addr(k->c, &k->got);
  return NULL;
}

/* Two threads asking at once both get the address, which is asked of the
 * backend once (run under TSan in CI: no race on the filled address). */
static void test_conn_addr_concurrent_first_asks_agree(void) {
  xnet_stack *s = counting_stack();
  XT_ASSERT(s != NULL);
  xnet_listen_config lc = {.stack = s};
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", "0.0.0.0:0", &l));
  int disagree = 0, asked_twice = 0;
  for (int i = 0; i < 50; i++) {
    xnet_conn *d, *a;
    dial_pair(s, l, "tcp4", &d, &a);
    if (!d || !a) {
      if (d) xnet_conn_close(d);
      if (a) xnet_conn_close(a);
      break;
    }
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    asking k[2] = {{d, &go, {0}}, {d, &go, {0}}};
    atomic_store(&getsockname_calls, 0);
    pthread_t t[2];
    for (int j = 0; j < 2; j++) pthread_create(&t[j], NULL, ask_local, &k[j]);
    for (int j = 0; j < 2; j++) pthread_join(t[j], NULL);
    pthread_barrier_destroy(&go);
    if (!same_addr(&k[0].got, &k[1].got) || k[0].got.port == 0) disagree++;
    if (atomic_load(&getsockname_calls) != 1) asked_twice++;
    xnet_conn_close(d);
    xnet_conn_close(a);
  }
  XT_ASSERT_INT_EQ(disagree, 0);
  XT_ASSERT_INT_EQ(asked_twice, 0);
  xnet_listener_close(l);
  xnet_stack_close(s);
}

XT_SUITE(core, conn_addr, NULL, NULL,
         XT_TEST(test_conn_addr_dial_and_accept_ask_only_when_needed),
         XT_TEST(test_conn_addr_connected_udp_is_asked_when_needed),
         XT_TEST(test_conn_addr_error_names_the_unasked_local_address),
         XT_TEST(test_conn_addr_concurrent_first_asks_agree));
