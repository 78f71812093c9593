/* bench_net.c — the core's socket paths against a minimal C program using
 * raw blocking sockets, measured in the same run (issue: "≥ 0.95 of the raw
 * figure"):
 *   net.tcp_accept_close   connections dialled, accepted and closed per s
 *   net.tcp_echo           MB/s echoed over one connection, 1 MiB writes;
 *                          the client reads the echo on a second thread
 *   net.udp_stream         datagrams per s one way, read-from/write-to, in
 *                          windows of STREAM_WINDOW the receiver acknowledges
 *   net.udp_pingpong       datagrams per s, read-from/write-to ping-pong
 *                          (round-trip latency: every read blocks)
 * Each round runs the raw program and xnet on the same work, in an order
 * that alternates from round to round (bench_compare); the figures are
 * medians over the rounds, and `.ratio` is the median of the per-round
 * ratios (raw time ÷ xnet time), which cancels the drift of a shared, noisy
 * machine better than comparing separate bests. */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"
#include "xnet/conn.h"

/* Rounds per figure, many and short: the two sides of a round are then
 * close in time, and a burst of other load on a shared machine spoils
 * fewer of the per-round ratios whose median is reported. Accept+close
 * takes 15 rounds of 500 conns (in four runs each here, 9 rounds of 1,000
 * gave medians from 0.87 to 1.08, 21 rounds of 500 from 0.95 to 1.05);
 * both sides together leave 15,000 connections in TIME_WAIT, about what 7
 * rounds of 1,000 left. Echo takes 21 rounds of 64 MiB. Its client once
 * wrote 1 MiB and then read it back on one thread; with a fresh connection's
 * small windows both ends then stalled until a TCP timer fired, and rounds
 * of the same work took from 28 to 682 ms (medians 0.78 to 1.23). Reading
 * on a second thread keeps the data moving: rounds of 40-110 ms. Ping-pong
 * rounds of 10,000 spread from 0.85 to 1.07 here (a VM's wake-ups), so it
 * takes 31: the median of 15 moved by ±0.03 from run to run. The stream's
 * rounds of 64,000 datagrams spread as widely (0.88 to 1.05), so it takes
 * 31 too. */
#define ACCEPT_ROUNDS 15
#define ECHO_ROUNDS 21
#define PING_ROUNDS 31
#define STREAM_ROUNDS 31
#define CONNS 500
#define ECHO_MIB 64
#define PINGS 10000
/* The stream's window: 64 datagrams of 64 bytes fit in the default
 * receive buffer (about 1 KiB of skb each), so loopback drops none and
 * neither side needs a timeout; one acknowledgement per window keeps the
 * sender from outrunning the receiver. */
#define STREAM_WINDOW 64
#define STREAM_WINDOWS 1000

static char mib[1 << 20];

/* Pins the calling thread to one CPU. The peer threads of every figure run
 * on CPUs 0 and 1, for raw C and xnet alike: left to the scheduler, their
 * placement changed the echo figure threefold from one round to the next. */
static void pin(int cpu) {
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* pthread_create pinned to a CPU. */
static void start_on(pthread_t *t, void *(*fn)(void *), void *arg, int cpu) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (sysconf(_SC_NPROCESSORS_ONLN) >= 2) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_attr_setaffinity_np(&attr, sizeof set, &set);
  }
  pthread_create(t, &attr, fn, arg);
  pthread_attr_destroy(&attr);
}

/* The peer thread of a figure, on CPU 1. */
static void start_peer(pthread_t *t, void *(*fn)(void *), void *arg) {
  start_on(t, fn, arg, 1);
}

/* ---- raw sockets: the baseline ---- */

static int raw_listener(struct sockaddr_in *addr) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *addr;
  if (bind(l, (struct sockaddr *)addr, sizeof *addr) < 0 || listen(l, 4096) < 0)
    abort();
  getsockname(l, (struct sockaddr *)addr, &len);
  return l;
}

static int raw_dial(const struct sockaddr_in *addr, int type) {
  int c = socket(AF_INET, type, 0);
  if (connect(c, (const struct sockaddr *)addr, sizeof *addr) < 0) abort();
  return c;
}

static void raw_full(int fd, char *buf, size_t n, int writing) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = writing ? write(fd, buf + done, n - done)
                        : read(fd, buf + done, n - done);
    if (r <= 0) abort();
    done += (size_t)r;
  }
}

static void *raw_accept_loop(void *arg) {
  int l = *(int *)arg;
  for (int i = 0; i < CONNS; i++) close(accept(l, NULL, NULL));
  return NULL;
}

static double raw_accept_close(void) {
  struct sockaddr_in a;
  int l = raw_listener(&a);
  pthread_t t;
  double t0 = bench_now_ns();
  start_peer(&t, raw_accept_loop, &l);
  for (int i = 0; i < CONNS; i++) close(raw_dial(&a, SOCK_STREAM));
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  close(l);
  return ns;
}

static void *raw_echo_loop(void *arg) {
  int c = accept(*(int *)arg, NULL, NULL);
  static char buf[1 << 16];
  ssize_t n;
  while ((n = read(c, buf, sizeof buf)) > 0) raw_full(c, buf, (size_t)n, 1);
  close(c);
  return NULL;
}

static void *raw_echo_reader(void *arg) {
  static char back[1 << 20];
  for (int i = 0; i < ECHO_MIB; i++)
    raw_full(*(int *)arg, back, sizeof back, 0);
  return NULL;
}

static double raw_echo(void) {
  struct sockaddr_in a;
  int l = raw_listener(&a);
  pthread_t t, r;
  start_peer(&t, raw_echo_loop, &l);
  int c = raw_dial(&a, SOCK_STREAM);
  double t0 = bench_now_ns();
  start_on(&r, raw_echo_reader, &c, 0);
  for (int i = 0; i < ECHO_MIB; i++) raw_full(c, mib, sizeof mib, 1);
  pthread_join(r, NULL);
  double ns = bench_now_ns() - t0;
  close(c);
  pthread_join(t, NULL);
  close(l);
  return ns;
}

/* Two UDP sockets on 127.0.0.1 and the server's loop on the peer CPU:
 * the set-up of the stream and the ping-pong. */
typedef struct raw_udp {
  int srv, cli;
  struct sockaddr_in to; /* the server */
  pthread_t t;
} raw_udp;

static void raw_udp_start(raw_udp *u, int type, void *(*loop)(void *)) {
  u->srv = socket(AF_INET, type, 0);
  u->cli = socket(AF_INET, type, 0);
  memset(&u->to, 0, sizeof u->to);
  u->to.sin_family = AF_INET;
  u->to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof u->to;
  bind(u->srv, (struct sockaddr *)&u->to, sizeof u->to);
  getsockname(u->srv, (struct sockaddr *)&u->to, &len);
  start_peer(&u->t, loop, &u->srv);
}

static void raw_udp_finish(raw_udp *u) {
  pthread_join(u->t, NULL);
  close(u->srv);
  close(u->cli);
}

/* The ping-pong's sockets are blocking, or (for the figure of xnet's
 * model without xnet) non-blocking with each read a poll of the socket and
 * an eventfd waker, then recvfrom: what xnet does for a read that waits. */
static int pp_nonblocking;

static ssize_t pp_recv(int s, int waker, char *b, size_t n,
                       struct sockaddr_in *from, socklen_t *len) {
  if (pp_nonblocking) {
    struct pollfd p[2] = {{s, POLLIN, 0}, {waker, POLLIN, 0}};
    poll(p, 2, -1);
  }
  return recvfrom(s, b, n, 0, (struct sockaddr *)from, len);
}

static void *raw_pong_loop(void *arg) {
  int s = *(int *)arg;
  int waker = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  char b[64];
  struct sockaddr_in from;
  for (int i = 0; i < PINGS; i++) {
    socklen_t len = sizeof from;
    ssize_t n = pp_recv(s, waker, b, sizeof b, &from, &len);
    sendto(s, b, (size_t)n, 0, (struct sockaddr *)&from, len);
  }
  close(waker);
  return NULL;
}

static double raw_pingpong(void) {
  raw_udp u;
  raw_udp_start(&u, SOCK_DGRAM | (pp_nonblocking ? SOCK_NONBLOCK : 0),
                raw_pong_loop);
  int waker = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  char b[64] = "ping";
  struct sockaddr_in from;
  double t0 = bench_now_ns();
  for (int i = 0; i < PINGS; i++) {
    sendto(u.cli, b, sizeof b, 0, (struct sockaddr *)&u.to, sizeof u.to);
    socklen_t len = sizeof from;
    pp_recv(u.cli, waker, b, sizeof b, &from, &len);
  }
  double ns = bench_now_ns() - t0;
  raw_udp_finish(&u);
  close(waker);
  return ns;
}

static double raw_pingpong_blocking(void) {
  pp_nonblocking = 0;
  return raw_pingpong();
}

static double raw_pingpong_nonblocking(void) {
  pp_nonblocking = 1;
  return raw_pingpong();
}

static void *raw_sink_loop(void *arg) {
  int s = *(int *)arg;
  char b[64];
  struct sockaddr_in from;
  socklen_t len = sizeof from;
  for (int w = 0; w < STREAM_WINDOWS; w++) {
    for (int i = 0; i < STREAM_WINDOW; i++) {
      len = sizeof from;
      recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &len);
    }
    sendto(s, b, 1, 0, (struct sockaddr *)&from, len);
  }
  return NULL;
}

static double raw_stream(void) {
  raw_udp u;
  raw_udp_start(&u, SOCK_DGRAM, raw_sink_loop);
  char b[64] = "data";
  struct sockaddr_in from;
  double t0 = bench_now_ns();
  for (int w = 0; w < STREAM_WINDOWS; w++) {
    for (int i = 0; i < STREAM_WINDOW; i++)
      sendto(u.cli, b, sizeof b, 0, (struct sockaddr *)&u.to, sizeof u.to);
    socklen_t len = sizeof from;
    recvfrom(u.cli, b, sizeof b, 0, (struct sockaddr *)&from, &len);
  }
  double ns = bench_now_ns() - t0;
  raw_udp_finish(&u);
  return ns;
}

/* ---- xnet ---- */

static xnet_listener *x_listener(char *addr, size_t n) {
  xnet_listener *l;
  if (xnet_listen("tcp4", "127.0.0.1:0", &l) < 0) abort();
  xnet_addr a;
  xnet_listener_addr(l, &a);
  xnet_addr_format(&a, addr, n);
  return l;
}

static void *x_accept_loop(void *arg) {
  xnet_conn *c;
  for (int i = 0; i < CONNS; i++)
    if (xnet_listener_accept(arg, &c) == 0) xnet_conn_close(c);
  return NULL;
}

static double x_accept_close(void) {
  char addr[XNET_ADDR_STRLEN];
  xnet_listener *l = x_listener(addr, sizeof addr);
  pthread_t t;
  double t0 = bench_now_ns();
  start_peer(&t, x_accept_loop, l);
  for (int i = 0; i < CONNS; i++) {
    xnet_conn *c;
    if (xnet_dial("tcp4", addr, &c) < 0) abort();
    xnet_conn_close(c);
  }
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  xnet_listener_close(l);
  return ns;
}

static void x_full_read(xnet_conn *c, char *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    int r = xnet_conn_read(c, buf + done, n - done);
    if (r <= 0) abort();
    done += (size_t)r;
  }
}

static void *x_echo_loop(void *arg) {
  xnet_conn *c;
  if (xnet_listener_accept(arg, &c) < 0) abort();
  static char buf[1 << 16];
  int n;
  while ((n = xnet_conn_read(c, buf, sizeof buf)) > 0)
    if (xnet_conn_write(c, buf, (size_t)n) < 0) break;
  xnet_conn_close(c);
  return NULL;
}

static void *x_echo_reader(void *arg) {
  static char back[1 << 20];
  for (int i = 0; i < ECHO_MIB; i++) x_full_read(arg, back, sizeof back);
  return NULL;
}

static double x_echo(void) {
  char addr[XNET_ADDR_STRLEN];
  xnet_listener *l = x_listener(addr, sizeof addr);
  pthread_t t, r;
  start_peer(&t, x_echo_loop, l);
  xnet_conn *c;
  if (xnet_dial("tcp4", addr, &c) < 0) abort();
  double t0 = bench_now_ns();
  start_on(&r, x_echo_reader, c, 0);
  for (int i = 0; i < ECHO_MIB; i++)
    if (xnet_conn_write(c, mib, sizeof mib) < 0) abort();
  pthread_join(r, NULL);
  double ns = bench_now_ns() - t0;
  xnet_conn_close(c);
  pthread_join(t, NULL);
  xnet_listener_close(l);
  return ns;
}

static void *x_pong_loop(void *arg) {
  char b[64];
  xnet_addr from;
  for (int i = 0; i < PINGS; i++) {
    int n = xnet_conn_read_from(arg, b, sizeof b, &from);
    if (n < 0 || xnet_conn_write_to(arg, b, (size_t)n, &from) < 0) abort();
  }
  return NULL;
}

/* The xnet side of raw_udp. */
typedef struct x_udp {
  xnet_conn *srv, *cli;
  xnet_addr to; /* the server */
  pthread_t t;
} x_udp;

static void x_udp_start(x_udp *u, void *(*loop)(void *)) {
  if (xnet_listen_packet("udp4", "127.0.0.1:0", &u->srv) < 0 ||
      xnet_listen_packet("udp4", "127.0.0.1:0", &u->cli) < 0)
    abort();
  xnet_conn_local_addr(u->srv, &u->to);
  start_peer(&u->t, loop, u->srv);
}

static void x_udp_finish(x_udp *u) {
  pthread_join(u->t, NULL);
  xnet_conn_close(u->srv);
  xnet_conn_close(u->cli);
}

static double x_pingpong(void) {
  x_udp u;
  x_udp_start(&u, x_pong_loop);
  char b[64] = "ping";
  xnet_addr from;
  double t0 = bench_now_ns();
  for (int i = 0; i < PINGS; i++) {
    if (xnet_conn_write_to(u.cli, b, sizeof b, &u.to) < 0 ||
        xnet_conn_read_from(u.cli, b, sizeof b, &from) < 0)
      abort();
  }
  double ns = bench_now_ns() - t0;
  x_udp_finish(&u);
  return ns;
}

static void *x_sink_loop(void *arg) {
  char b[64];
  xnet_addr from;
  for (int w = 0; w < STREAM_WINDOWS; w++) {
    for (int i = 0; i < STREAM_WINDOW; i++)
      if (xnet_conn_read_from(arg, b, sizeof b, &from) < 0) abort();
    if (xnet_conn_write_to(arg, b, 1, &from) < 0) abort();
  }
  return NULL;
}

static double x_stream(void) {
  x_udp u;
  x_udp_start(&u, x_sink_loop);
  char b[64] = "data";
  xnet_addr from;
  double t0 = bench_now_ns();
  for (int w = 0; w < STREAM_WINDOWS; w++) {
    for (int i = 0; i < STREAM_WINDOW; i++)
      if (xnet_conn_write_to(u.cli, b, sizeof b, &u.to) < 0) abort();
    if (xnet_conn_read_from(u.cli, b, sizeof b, &from) < 0) abort();
  }
  double ns = bench_now_ns() - t0;
  x_udp_finish(&u);
  return ns;
}

/* ---- the comparison ---- */

int main(void) {
  pin(0);
  bench_compare("net.tcp_accept_close", "raw", raw_accept_close,
                x_accept_close, ACCEPT_ROUNDS, CONNS, "conns/s");
  bench_compare("net.tcp_echo", "raw", raw_echo, x_echo, ECHO_ROUNDS,
                2.0 * ECHO_MIB * 1.048576, "MB/s");
  bench_compare("net.udp_stream", "raw", raw_stream, x_stream, STREAM_ROUNDS,
                (double)STREAM_WINDOW * STREAM_WINDOWS, "datagrams/s");
  bench_compare("net.udp_pingpong", "raw", raw_pingpong_blocking, x_pingpong,
                PING_ROUNDS, 2.0 * PINGS, "datagrams/s");
  /* The same with a raw C program in place of xnet that uses xnet's model
   * (non-blocking sockets, poll then recvfrom): how much of the ping-pong's
   * ratio is the model's, and how much xnet's own. */
  bench_compare("net.udp_pingpong_model", "raw", raw_pingpong_blocking,
                raw_pingpong_nonblocking, PING_ROUNDS, 2.0 * PINGS,
                "datagrams/s");
  return 0;
}
