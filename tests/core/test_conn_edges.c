/* test_conn_edges.c — host-stack conn behaviour at the edges:
 * write deadlines on a full TCP socket (with the partial byte count),
 * close-read on stream sockets, the dialer's local address, past deadline
 * and keep-alive off, the typed (xnet_*_addr) forms for Unix networks,
 * and resolving UDP and IP addresses.
 * Loopback and /tmp only. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

#define BIG (8u * 1024 * 1024) /* far more than both socket buffers hold */

/* A TCP pair over 127.0.0.1: client *c, accepted server end *s. */
static int tcp_pair(xnet_conn **c, xnet_conn **s) {
  xnet_listener *l;
  int rc = xnet_listen("tcp4", "127.0.0.1:0", &l);
  if (rc < 0) return rc;
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  rc = xnet_dial("tcp4", addr, c);
  if (rc == 0) {
    rc = xnet_listener_accept(l, s);
    if (rc < 0) xnet_conn_close(*c);
  }
  xnet_listener_close(l);
  return rc;
}

/* A pair whose writer c has a 4 KiB send buffer and whose reader s a
 * 4 KiB receive buffer (and never reads), so a large write blocks soon. */
static int full_pair(xnet_conn **c, xnet_conn **s) {
  int rc = tcp_pair(c, s);
  if (rc < 0) return rc;
  if ((rc = xnet_conn_set_write_buffer(*c, 4096)) < 0 ||
      (rc = xnet_conn_set_read_buffer(*s, 4096)) < 0) {
    xnet_conn_close(*c);
    xnet_conn_close(*s);
  }
  return rc;
}

/* A fresh socket path under /tmp (removed if a previous run left it). */
static void unique_path(char *buf, size_t n) {
  static int seq;
  snprintf(buf, n, "/tmp/xnet-conngaps-%d-%d.sock", (int)getpid(), seq++);
  unlink(buf);
}

/* A read deadline 2 s out: a read the library fails to end or feed then
 * fails the test (XNET_ETIMEDOUT) rather than hanging the run. */
static void guard(xnet_conn *c) {
  xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 2 * XNET_SECOND));
}

static int getopt_int(xnet_conn *c, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  if (getsockopt(c->pd.sock, level, name, &v, &len) < 0) return -1;
  return v;
}

/* ---- 1. write deadlines on a socket ---- */

typedef struct {
  xnet_conn *c;
  const char *buf;
  atomic_int done;
  int rc;
  int64_t t0; /* set by the test before the write deadline */
  int64_t ms; /* from t0 to the write's end */
  size_t last_write;
  xnet_op_error err; /* the writer thread's record */
} blocked_write;

static void *write_blocked(void *arg) {
  blocked_write *w = arg;
  w->rc = xnet_conn_write(w->c, w->buf, BIG);
  /* Timed from before the deadline was set, not from this thread's start
   * (which a loaded machine may delay past the deadline). */
  w->ms = (ctu_now_ns() - w->t0) / 1000000;
  w->last_write = xnet_conn_last_write(w->c);
  w->err = *xnet_last_error();
  atomic_store(&w->done, 1);
  return NULL;
}

/* Waits up to 2 s for the writer; one that missed its deadline is freed by
 * closing w->c (so a broken deadline fails the test instead of hanging
 * it). Returns whether the write ended on its own. Closes w->c. */
static bool join_writer(blocked_write *w, pthread_t t) {
  int64_t until = ctu_now_ns() + 2000 * 1000000LL;
  while (!atomic_load(&w->done) && ctu_now_ns() < until) ctu_sleep_ms(1);
  bool ended = atomic_load(&w->done) != 0;
  xnet_conn_close(w->c);
  pthread_join(t, NULL);
  return ended;
}

/* Runs one 8 MiB write on a full pair under a write deadline of `first`
 * from now; with extend_at_ms > 0, that many ms later moves the deadline
 * to `extended` from then. Fills *w (and *ended, *set: whether the write
 * ended on its own, the extension's result). Closes both conns. */
static void run_blocked_write(blocked_write *w, int64_t first, int extend_at_ms,
                              int64_t extended, bool *ended, int *set) {
  memset(w, 0, sizeof *w);
  atomic_init(&w->done, 0);
  *ended = false;
  *set = 0;
  xnet_conn *s;
  XT_ASSERT_OK(full_pair(&w->c, &s));
  char *buf = calloc(1, BIG);
  XT_ASSERT(buf != NULL);
  w->buf = buf;
  w->t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_conn_set_write_deadline(w->c, xnet_deadline_in(NULL, first)));
  pthread_t t;
  pthread_create(&t, NULL, write_blocked, w);
  if (extend_at_ms > 0) {
    ctu_sleep_ms(extend_at_ms);
    *set = xnet_conn_set_write_deadline(w->c, xnet_deadline_in(NULL, extended));
  }
  *ended = join_writer(w, t);
  xnet_conn_close(s);
  free(buf);
}

/* The write blocks once both buffers are full; the deadline ends it with a
 * timeout, reporting how much went out before (Go: the n of Write). */
static void test_conn_edges_write_deadline_times_out_with_partial_count(void) {
  blocked_write w;
  bool ended;
  int set;
  run_blocked_write(&w, 50 * XNET_MILLISECOND, 0, 0, &ended, &set);
  char text[256];
  xnet_op_error_format(&w.err, text, sizeof text);
  XT_ASSERT(ended);
  XT_ASSERT_ERR(w.rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(w.rc));
  XT_ASSERT(w.ms >= 50 && w.ms < 1000);
  /* Something fitted in the buffers, but nowhere near 8 MiB. */
  XT_ASSERT(w.last_write > 0);
  XT_ASSERT(w.last_write < BIG);
  XT_ASSERT_STR_EQ(w.err.op, "write");
  XT_ASSERT_INT_EQ(w.err.code, XNET_ETIMEDOUT);
  /* "write tcp4 127.0.0.1:A->127.0.0.1:B: i/o timeout" */
  XT_ASSERT_STR_EQ(strstr(text, "write tcp4 127.0.0.1:") == text ? "ok" : text, "ok");
  XT_ASSERT(strstr(text, "->127.0.0.1:") != NULL);
  XT_ASSERT(strstr(text, ": i/o timeout") != NULL);
}

/* A write blocked with a 100 ms deadline, extended at 30 ms to +270 ms,
 * runs until about 300 ms: the new deadline reaches the blocked call. */
static void test_conn_edges_write_deadline_extended_while_blocked(void) {
  blocked_write w;
  bool ended;
  int set;
  run_blocked_write(&w, 100 * XNET_MILLISECOND, 30, 270 * XNET_MILLISECOND,
                    &ended, &set);
  XT_ASSERT_OK(set);
  XT_ASSERT(ended);
  XT_ASSERT_ERR(w.rc, XNET_ETIMEDOUT);
  XT_ASSERT(w.ms >= 250 && w.ms < 1000);
  XT_ASSERT(w.last_write > 0 && w.last_write < BIG);
}

/* ---- 2. close-read ---- */

/* After close_read, reads see end of stream (xnet_conn_read's 0, as for
 * EOF) while the conn still writes: the peer gets the bytes. */
static void close_read_then_write(xnet_conn *c, xnet_conn *s) {
  guard(c);
  guard(s);
  XT_ASSERT_OK(xnet_conn_close_read(s));
  char b[16];
  XT_ASSERT_INT_EQ(xnet_conn_read(s, b, sizeof b), 0);
  XT_ASSERT_INT_EQ(xnet_conn_read(s, b, sizeof b), 0); /* and stays there */
  XT_ASSERT_INT_EQ(xnet_conn_write(s, "pong", 4), 4);
  size_t total = 0;
  int n;
  while (total < 4 && (n = xnet_conn_read(c, b + total, sizeof b - total)) > 0)
    total += (size_t)n;
  XT_ASSERT_MEM_EQ(b, total, "pong", 4);
}

static void test_conn_edges_close_read_tcp(void) {
  xnet_conn *c, *s;
  XT_ASSERT_OK(tcp_pair(&c, &s));
  close_read_then_write(c, s);
  xnet_conn_close(c);
  xnet_conn_close(s);
}

static void test_conn_edges_close_read_unix(void) {
  char path[64];
  unique_path(path, sizeof path);
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("unix", path, &l));
  xnet_conn *c = NULL, *s = NULL;
  int rc = xnet_dial("unix", path, &c);
  if (rc == 0) rc = xnet_listener_accept(l, &s);
  xnet_listener_close(l);
  unlink(path); /* the default stack may not remove it */
  if (rc == 0) close_read_then_write(c, s);
  if (c) xnet_conn_close(c);
  if (s) xnet_conn_close(s);
  XT_ASSERT_OK(rc);
}

/* Only stream (and unixpacket/SCTP) conns can be half-closed: a UDP conn
 * fails with XNET_EINVAL, recorded as a "close" op error. */
static void test_conn_edges_close_read_udp_is_einval(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  int r = xnet_conn_close_read(c);
  xnet_op_error e = *xnet_last_error();
  int w = xnet_conn_close_write(c);
  /* The conn still works: nothing was shut down. */
  xnet_addr self;
  xnet_conn_local_addr(c, &self);
  guard(c);
  int sent = xnet_conn_write_to(c, "x", 1, &self);
  char b[4];
  int got = sent == 1 ? xnet_conn_read(c, b, sizeof b) : -1;
  xnet_conn_close(c);
  XT_ASSERT_ERR(r, XNET_EINVAL);
  XT_ASSERT_STR_EQ(e.op, "close");
  XT_ASSERT_INT_EQ(e.code, XNET_EINVAL);
  XT_ASSERT_ERR(w, XNET_EINVAL);
  XT_ASSERT_INT_EQ(sent, 1);
  XT_ASSERT_INT_EQ(got, 1);
}

/* ---- 3. the dialer on the host stack ---- */

/* A port that was free a moment ago on 127.0.0.1 (listen on :0, close). */
static int free_port(uint16_t *port) {
  xnet_listener *l;
  int rc = xnet_listen("tcp4", "127.0.0.1:0", &l);
  if (rc < 0) return rc;
  xnet_addr a;
  xnet_listener_addr(l, &a);
  *port = a.port;
  return xnet_listener_close(l);
}

/* d.local_addr binds the dialling socket: the server sees that port. */
static void test_conn_edges_dialer_local_addr(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c = NULL;
  uint16_t port = 0;
  int rc = XNET_EINVAL;
  /* Other processes may take the port between its probe and the dial (an
   * address in use): try a few fresh ones then. */
  for (int i = 0; i < 5; i++) {
    if ((rc = free_port(&port)) < 0) break;
    char text[32];
    snprintf(text, sizeof text, "127.0.0.1:%u", (unsigned)port);
    xnet_addr la;
    if ((rc = xnet_resolve_addr(NULL, "tcp4", text, &la)) < 0) break;
    xnet_dialer d = {0};
    d.local_addr = &la;
    rc = xnet_dialer_dial(&d, "tcp4", addr, &c);
    if (rc != XNET_EADDRINUSE) break;
  }
  if (rc < 0) xnet_listener_close(l);
  XT_ASSERT_OK(rc);
  xnet_conn *s;
  rc = xnet_listener_accept(l, &s);
  xnet_listener_close(l);
  if (rc < 0) xnet_conn_close(c);
  XT_ASSERT_OK(rc);
  xnet_addr cl, sr;
  xnet_conn_local_addr(c, &cl);
  xnet_conn_remote_addr(s, &sr);
  xnet_conn_close(c);
  xnet_conn_close(s);
  XT_ASSERT(port != 0);
  XT_ASSERT_INT_EQ(cl.port, port);
  XT_ASSERT_INT_EQ(sr.port, port);
  XT_ASSERT(xnet_ip_equal(&cl.ip, &sr.ip));
}

/* A dial whose deadline has passed fails at once with a timeout, even to a
 * listener that would accept it, and leaves no conn. */
static void test_conn_edges_dialer_past_deadline(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_dialer d = {0};
  d.deadline = xnet_deadline_in(NULL, -1);
  xnet_conn *c = (xnet_conn *)&d; /* not NULL: the dial must clear it */
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dialer_dial(&d, "tcp4", addr, &c);
  int64_t ms = (ctu_now_ns() - t0) / 1000000;
  xnet_op_error e = *xnet_last_error();
  if (rc == 0) xnet_conn_close(c);
  xnet_listener_close(l);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT(c == NULL);
  XT_ASSERT(ms < 100);
  XT_ASSERT_STR_EQ(e.op, "dial");
}

/* Keep-alive: off for a zero dialer (the header's "0 off"), on with
 * d.keep_alive, and xnet_conn_set_keep_alive(false) turns it off again. */
static void test_conn_edges_keep_alive_off(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *plain, *c;
  XT_ASSERT_OK(xnet_dial("tcp4", addr, &plain));
  xnet_dialer d = {0};
  d.keep_alive = 30 * XNET_SECOND;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp4", addr, &c));
  int plain_ka = getopt_int(plain, SOL_SOCKET, SO_KEEPALIVE);
  int on = getopt_int(c, SOL_SOCKET, SO_KEEPALIVE);
  int set = xnet_conn_set_keep_alive(c, false);
  int off = getopt_int(c, SOL_SOCKET, SO_KEEPALIVE);
  xnet_conn_close(plain);
  xnet_conn_close(c);
  xnet_listener_close(l);
  XT_ASSERT_INT_EQ(plain_ka, 0);
  XT_ASSERT(on > 0);
  XT_ASSERT_OK(set);
  XT_ASSERT_INT_EQ(off, 0);
}

/* ---- 4. typed forms for Unix networks ---- */

/* xnet_listen_addr + xnet_dial_addr with a resolved Unix address, one
 * round trip each way, for a stream network (unix, unixpacket). */
static void typed_stream_round_trip(const char *network, xnet_kind kind) {
  char path[64];
  unique_path(path, sizeof path);
  xnet_addr a;
  XT_ASSERT_OK(xnet_resolve_addr(NULL, network, path, &a));
  XT_ASSERT_INT_EQ(a.kind, kind);
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_addr(NULL, network, &a, &l));
  xnet_conn *c = NULL, *s = NULL;
  int rc = xnet_dial_addr(NULL, network, NULL, &a, &c);
  if (rc == 0) rc = xnet_listener_accept(l, &s);
  xnet_listener_close(l);
  unlink(path);
  char got[16];
  int n1 = -1, n2 = -1, w1 = -1, w2 = -1;
  xnet_addr ra = {0};
  xnet_kind ck = XNET_KIND_NONE, sk = XNET_KIND_NONE;
  if (rc == 0) {
    guard(c);
    guard(s);
    ck = xnet_conn_kind(c);
    sk = xnet_conn_kind(s);
    xnet_conn_remote_addr(c, &ra);
    w1 = xnet_conn_write(c, "ping", 4);
    n1 = xnet_conn_read(s, got, sizeof got);
    if (n1 == 4 && memcmp(got, "ping", 4) != 0) n1 = -2;
    w2 = xnet_conn_write(s, "pong", 4);
    n2 = xnet_conn_read(c, got, sizeof got);
    if (n2 == 4 && memcmp(got, "pong", 4) != 0) n2 = -2;
  }
  if (c) xnet_conn_close(c);
  if (s) xnet_conn_close(s);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(ck, kind);
  XT_ASSERT_INT_EQ(sk, kind);
  XT_ASSERT_MEM_EQ(ra.path, ra.path_len, path, strlen(path));
  XT_ASSERT_INT_EQ(w1, 4);
  XT_ASSERT_INT_EQ(n1, 4); /* -2: wrong bytes */
  XT_ASSERT_INT_EQ(w2, 4);
  XT_ASSERT_INT_EQ(n2, 4);
}

static void test_conn_edges_typed_unix(void) {
  typed_stream_round_trip("unix", XNET_KIND_UNIX);
}

static void test_conn_edges_typed_unixpacket(void) {
  typed_stream_round_trip("unixpacket", XNET_KIND_UNIXPACKET);
}

/* xnet_listen_packet_addr for two unixgram ends, write_to one way, and a
 * connected xnet_dial_addr conn the other way. */
static void test_conn_edges_typed_unixgram(void) {
  char p1[64], p2[64], p3[64];
  unique_path(p1, sizeof p1);
  unique_path(p2, sizeof p2);
  unique_path(p3, sizeof p3);
  xnet_addr a1, a2, a3;
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "unixgram", p1, &a1));
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "unixgram", p2, &a2));
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "unixgram", p3, &a3));
  xnet_conn *g1 = NULL, *g2 = NULL, *d = NULL;
  int rc = xnet_listen_packet_addr(NULL, "unixgram", &a1, &g1);
  if (rc == 0) rc = xnet_listen_packet_addr(NULL, "unixgram", &a2, &g2);
  /* A dialled conn bound to p3 (laddr), so g1 can see who sent. */
  if (rc == 0) rc = xnet_dial_addr(NULL, "unixgram", &a3, &a1, &d);
  char got[16];
  xnet_addr from1 = {0}, from2 = {0};
  int w1 = -1, n1 = -1, w2 = -1, n2 = -1;
  if (rc == 0) {
    guard(g1);
    guard(g2);
    w1 = xnet_conn_write_to(g1, "dg1", 3, &a2);
    n1 = xnet_conn_read_from(g2, got, sizeof got, &from1);
    if (n1 == 3 && memcmp(got, "dg1", 3) != 0) n1 = -2;
    w2 = xnet_conn_write(d, "dg22", 4);
    n2 = xnet_conn_read_from(g1, got, sizeof got, &from2);
    if (n2 == 4 && memcmp(got, "dg22", 4) != 0) n2 = -2;
  }
  if (g1) xnet_conn_close(g1);
  if (g2) xnet_conn_close(g2);
  if (d) xnet_conn_close(d);
  unlink(p1);
  unlink(p2);
  unlink(p3);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(w1, 3);
  XT_ASSERT_INT_EQ(n1, 3); /* -2: wrong bytes */
  XT_ASSERT_MEM_EQ(from1.path, from1.path_len, p1, strlen(p1));
  XT_ASSERT_INT_EQ(w2, 4);
  XT_ASSERT_INT_EQ(n2, 4);
  XT_ASSERT_MEM_EQ(from2.path, from2.path_len, p3, strlen(p3));
}

/* The typed forms check the address kind against the network: a TCP
 * address on "unix", or a unixgram one on "unix", is XNET_EINVAL. */
static void test_conn_edges_typed_unix_wrong_kind(void) {
  xnet_addr tcp, gram;
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "tcp4", "127.0.0.1:1", &tcp));
  XT_ASSERT_OK(xnet_resolve_addr(NULL, "unixgram", "/tmp/xnet-conngaps-none", &gram));
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dial_addr(NULL, "unix", NULL, &tcp, &c), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_dial_addr(NULL, "unix", NULL, &gram, &c), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_dial_addr(NULL, "unix", NULL, NULL, &c), XNET_EINVAL);
}

/* ---- resolving UDP and IP addresses (Go: ResolveUDPAddr, ResolveIPAddr) ---- */

/* Resolves and formats back: "" when it failed. */
static const char *resolved(const char *network, const char *address,
                            xnet_kind want_kind, char *buf, size_t n) {
  xnet_addr a;
  buf[0] = '\0';
  if (xnet_resolve_addr(NULL, network, address, &a) < 0) return buf;
  if (a.kind != want_kind) {
    snprintf(buf, n, "kind %d", (int)a.kind);
    return buf;
  }
  xnet_addr_format(&a, buf, n);
  return buf;
}

static void test_conn_edges_resolve_udp_and_ip(void) {
  char b[XNET_ADDR_STRLEN];
  XT_ASSERT_STR_EQ(resolved("udp", "127.0.0.1:53", XNET_KIND_UDP, b, sizeof b),
                   "127.0.0.1:53");
  XT_ASSERT_STR_EQ(resolved("udp6", "[::1]:9", XNET_KIND_UDP, b, sizeof b),
                   "[::1]:9");
  /* A service name, from the services database. */
  XT_ASSERT_STR_EQ(resolved("udp", "127.0.0.1:domain", XNET_KIND_UDP, b, sizeof b),
                   "127.0.0.1:53");
  /* No host: the unspecified address, printed without one as Go does. */
  XT_ASSERT_STR_EQ(resolved("udp", ":9", XNET_KIND_UDP, b, sizeof b), ":9");
  /* IP addresses have no port. */
  XT_ASSERT_STR_EQ(resolved("ip", "127.0.0.1", XNET_KIND_IP, b, sizeof b),
                   "127.0.0.1");
  XT_ASSERT_STR_EQ(resolved("ip6", "::1", XNET_KIND_IP, b, sizeof b), "::1");
  XT_ASSERT_STR_EQ(resolved("ip4:icmp", "127.0.0.1", XNET_KIND_IP, b, sizeof b),
                   "127.0.0.1");
  xnet_addr a;
  XT_ASSERT_ERR(xnet_resolve_addr(NULL, "ip4", "::1", &a), XNET_ENOSUITABLEADDR);
  XT_ASSERT_ERR(xnet_resolve_addr(NULL, "udp4", "[::1]:9", &a),
                XNET_ENOSUITABLEADDR);
  /* Resolving takes an IP network without a protocol; dialing does not. */
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dial("ip4", "127.0.0.1", &c), XNET_EUNKNOWNNET);
  XT_ASSERT_ERR(xnet_resolve_addr(NULL, "udp", "127.0.0.1:99999", &a),
                XNET_EBADPORT);
  XT_ASSERT_ERR(xnet_resolve_addr(NULL, "udpx", "127.0.0.1:9", &a),
                XNET_EUNKNOWNNET);
}

XT_SUITE(core, conn_edges, NULL, NULL,
         XT_TEST(test_conn_edges_resolve_udp_and_ip),
         XT_TEST(test_conn_edges_write_deadline_times_out_with_partial_count),
         XT_TEST(test_conn_edges_write_deadline_extended_while_blocked),
         XT_TEST(test_conn_edges_close_read_tcp),
         XT_TEST(test_conn_edges_close_read_unix),
         XT_TEST(test_conn_edges_close_read_udp_is_einval),
         XT_TEST(test_conn_edges_dialer_local_addr),
         XT_TEST(test_conn_edges_dialer_past_deadline),
         XT_TEST(test_conn_edges_keep_alive_off),
         XT_TEST(test_conn_edges_typed_unix),
         XT_TEST(test_conn_edges_typed_unixpacket),
         XT_TEST(test_conn_edges_typed_unixgram),
         XT_TEST(test_conn_edges_typed_unix_wrong_kind));
