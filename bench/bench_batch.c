/* bench_batch.c — UDP loopback datagrams per second, 64-byte payloads,
 * against raw C in the same run (issue 4: "(a) ≥ 0.95 of raw recvmmsg,
 * (b) ≥ 0.9 of raw recvmsg with the same cmsgs"):
 *   batch.rw64      (a) write-batch / read-batch, batches of 64, beside
 *                   sendmmsg / recvmmsg(MSG_WAITFORONE) on blocking sockets
 *   batch.read_cmsg (b) read-msg + xnet_ipv4_cmsg_parse of destination,
 *                   interface and TTL, beside recvmsg + a CMSG_* walk; the
 *                   sender is the same raw sendmmsg loop for both
 *   batch.*_1t      the same work in one thread: a batch of 64 written to
 *                   the receiver, then read back (no wake-ups: the
 *                   library's own cost beside the system calls)
 * No datagram may be lost, so the exchange is paced: the sender writes a
 * batch of 64, the receiver reads all 64 and answers with a 1-byte ack,
 * and only then does the next batch go (64 datagrams of ~1 KiB truesize
 * fit any default receive buffer). The receiver counts every datagram and
 * aborts on a short count. Figures are medians over ROUNDS rounds; .ratio
 * is the median of the per-round ratios (raw time ÷ xnet time), as in
 * bench_net.c. `.allocs` lines count heap allocations per batch call after
 * the first (the conn's work array is allocated once). */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"
#include "xnet/batch.h"
#include "xnet/conn.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/unix.h" /* xnet_conn_profile */

#define ROUNDS 7
#define BATCH 64
#define PAYLOAD 64
#define BATCHES 2000 /* per round: 128,000 datagrams */

/* ---- raw C: the baseline ---- */

static int raw_udp(struct sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof *addr) < 0) abort();
  getsockname(fd, (struct sockaddr *)addr, &len);
  return fd;
}

/* The raw sender: BATCHES batches of 64 with sendmmsg, one ack each. */
typedef struct raw_sender {
  int fd;
  struct sockaddr_in to;
} raw_sender;

static void *raw_send_loop(void *arg) {
  raw_sender *s = arg;
  static char data[BATCH][PAYLOAD];
  struct iovec iov[BATCH];
  struct mmsghdr h[BATCH];
  memset(h, 0, sizeof h);
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = data[i];
    iov[i].iov_len = PAYLOAD;
    h[i].msg_hdr.msg_iov = &iov[i];
    h[i].msg_hdr.msg_iovlen = 1;
    h[i].msg_hdr.msg_name = &s->to;
    h[i].msg_hdr.msg_namelen = sizeof s->to;
  }
  char ack;
  for (int b = 0; b < BATCHES; b++) {
    for (int sent = 0; sent < BATCH;) {
      int r = sendmmsg(s->fd, h + sent, (unsigned)(BATCH - sent), 0);
      if (r <= 0) abort();
      sent += r;
    }
    if (recv(s->fd, &ack, 1, 0) != 1) abort();
  }
  return NULL;
}

/* (a) raw: recvmmsg with MSG_WAITFORONE until 64, then ack. */
static double raw_rw64(void) {
  raw_sender s;
  struct sockaddr_in raddr;
  int rfd = raw_udp(&raddr);
  s.fd = raw_udp(&s.to);
  struct sockaddr_in sender_addr = s.to;
  s.to = raddr;
  static char data[BATCH][PAYLOAD + 16];
  struct iovec iov[BATCH];
  struct sockaddr_in names[BATCH];
  struct mmsghdr h[BATCH];
  pthread_t t;
  double t0 = bench_now_ns();
  pthread_create(&t, NULL, raw_send_loop, &s);
  for (int b = 0; b < BATCHES; b++) {
    for (int got = 0; got < BATCH;) {
      int want = BATCH - got;
      for (int i = 0; i < want; i++) {
        iov[i].iov_base = data[got + i];
        iov[i].iov_len = sizeof data[0];
        memset(&h[i].msg_hdr, 0, sizeof h[i].msg_hdr);
        h[i].msg_hdr.msg_iov = &iov[i];
        h[i].msg_hdr.msg_iovlen = 1;
        h[i].msg_hdr.msg_name = &names[got + i];
        h[i].msg_hdr.msg_namelen = sizeof names[0];
      }
      int r = recvmmsg(rfd, h, (unsigned)want, MSG_WAITFORONE, NULL);
      if (r <= 0) abort();
      for (int i = 0; i < r; i++)
        if (h[i].msg_len != PAYLOAD) abort();
      got += r;
    }
    if (sendto(rfd, "k", 1, 0, (struct sockaddr *)&sender_addr,
               sizeof sender_addr) != 1)
      abort();
  }
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  close(rfd);
  close(s.fd);
  return ns;
}

/* (b) raw: recvmsg one at a time with IP_PKTINFO + IP_TTL, parsed with
 * the CMSG_* macros. */
static volatile unsigned sink;

static double raw_read_cmsg(void) {
  raw_sender s;
  struct sockaddr_in raddr;
  int rfd = raw_udp(&raddr);
  int one = 1;
  setsockopt(rfd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
  setsockopt(rfd, IPPROTO_IP, IP_RECVTTL, &one, sizeof one);
  s.fd = raw_udp(&s.to);
  struct sockaddr_in sender_addr = s.to;
  s.to = raddr;
  char data[PAYLOAD + 16];
  union {
    char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } oob;
  pthread_t t;
  double t0 = bench_now_ns();
  pthread_create(&t, NULL, raw_send_loop, &s);
  for (int b = 0; b < BATCHES; b++) {
    for (int got = 0; got < BATCH; got++) {
      struct iovec iov = {data, sizeof data};
      struct sockaddr_in from;
      struct msghdr h;
      memset(&h, 0, sizeof h);
      h.msg_iov = &iov;
      h.msg_iovlen = 1;
      h.msg_name = &from;
      h.msg_namelen = sizeof from;
      h.msg_control = oob.buf;
      h.msg_controllen = sizeof oob.buf;
      if (recvmsg(rfd, &h, 0) != PAYLOAD) abort();
      unsigned ttl = 0, ifindex = 0, dst = 0, seen = 0;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
        if (c->cmsg_level != IPPROTO_IP) continue;
        if (c->cmsg_type == IP_TTL) {
          int v;
          memcpy(&v, CMSG_DATA(c), sizeof v);
          ttl = (unsigned)v;
          seen |= 1;
        } else if (c->cmsg_type == IP_PKTINFO) {
          struct in_pktinfo pi;
          memcpy(&pi, CMSG_DATA(c), sizeof pi);
          ifindex = (unsigned)pi.ipi_ifindex;
          dst = pi.ipi_addr.s_addr;
          seen |= 2;
        }
      }
      if (seen != 3) abort();
      sink = ttl + ifindex + dst;
    }
    if (sendto(rfd, "k", 1, 0, (struct sockaddr *)&sender_addr,
               sizeof sender_addr) != 1)
      abort();
  }
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  close(rfd);
  close(s.fd);
  return ns;
}

/* ---- xnet ---- */

static xnet_conn *x_udp(xnet_control_fn control) {
  xnet_listen_config lc = {0};
  lc.control = control;
  xnet_conn *c;
  if (xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", &c) < 0)
    abort();
  return c;
}

/* Caller-owned batch storage (one per side). */
typedef struct x_batch {
  xnet_msg m[BATCH];
  struct iovec iov[BATCH];
  char data[BATCH][PAYLOAD + 16];
} x_batch;

static void x_batch_init(x_batch *b, size_t len, const xnet_addr *to) {
  memset(b->m, 0, sizeof b->m);
  for (int i = 0; i < BATCH; i++) {
    b->iov[i].iov_base = b->data[i];
    b->iov[i].iov_len = len;
    b->m[i].iov = &b->iov[i];
    b->m[i].iov_len = 1;
    if (to) b->m[i].addr = *to;
  }
}

typedef struct x_sender {
  xnet_conn *c;
  xnet_addr to;
} x_sender;

static void *x_send_loop(void *arg) {
  x_sender *s = arg;
  static x_batch w;
  x_batch_init(&w, PAYLOAD, &s->to);
  char ack;
  for (int b = 0; b < BATCHES; b++) {
    if (xnet_conn_write_batch(s->c, w.m, BATCH, 0) != BATCH) abort();
    if (xnet_conn_read(s->c, &ack, 1) != 1) abort();
  }
  return NULL;
}

/* Reads exactly 64 with read-batch (MSG_WAITFORONE per call). */
static void x_read64(xnet_conn *c, x_batch *r) {
  for (int got = 0; got < BATCH;) {
    int n = xnet_conn_read_batch(c, r->m + got, (size_t)(BATCH - got), 0);
    if (n <= 0) abort();
    for (int i = 0; i < n; i++)
      if (r->m[got + i].n != PAYLOAD) abort();
    got += n;
  }
}

static double x_rw64(void) {
  xnet_conn *rc = x_udp(NULL);
  x_sender s = {x_udp(NULL), {0}};
  xnet_addr sender_addr;
  xnet_conn_local_addr(rc, &s.to);
  xnet_conn_local_addr(s.c, &sender_addr);
  static x_batch r;
  x_batch_init(&r, sizeof r.data[0], NULL);
  pthread_t t;
  double t0 = bench_now_ns();
  pthread_create(&t, NULL, x_send_loop, &s);
  for (int b = 0; b < BATCHES; b++) {
    x_read64(rc, &r);
    if (xnet_conn_write_to(rc, "k", 1, &sender_addr) != 1) abort();
  }
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  xnet_conn_close(rc);
  xnet_conn_close(s.c);
  return ns;
}

/* The destination + interface + TTL controls (what x/net's
 * SetControlMessage(FlagDst|FlagInterface|FlagTTL, true) asks for). */
static int x_enable_cmsgs(void *arg, const char *network, const char *address,
                          int fd) {
  (void)arg, (void)network, (void)address;
  int one = 1;
  if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) < 0 ||
      setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof one) < 0)
    return -1;
  return 0;
}

static double x_read_cmsg(void) {
  xnet_conn *rc = x_udp(x_enable_cmsgs);
  const xnet_profile *p = xnet_conn_profile(rc);
  raw_sender s;
  s.fd = raw_udp(&s.to);
  struct sockaddr_in sender_addr = s.to;
  xnet_addr me;
  xnet_conn_local_addr(rc, &me);
  s.to.sin_port = htons(me.port);
  xnet_addr ack_to;
  memset(&ack_to, 0, sizeof ack_to);
  ack_to.kind = XNET_KIND_UDP;
  xnet_ip_from4((const uint8_t *)&sender_addr.sin_addr.s_addr, &ack_to.ip);
  ack_to.port = ntohs(sender_addr.sin_port);
  char data[PAYLOAD + 16];
  _Alignas(8) uint8_t oob[128];
  pthread_t t;
  double t0 = bench_now_ns();
  pthread_create(&t, NULL, raw_send_loop, &s);
  for (int b = 0; b < BATCHES; b++) {
    for (int got = 0; got < BATCH; got++) {
      size_t oobn;
      int flags;
      xnet_addr from;
      if (xnet_conn_read_msg(rc, data, sizeof data, oob, sizeof oob, &oobn,
                             &flags, &from) != PAYLOAD)
        abort();
      xnet_ipv4_cmsg cm;
      if (xnet_ipv4_cmsg_parse(p, oob, oobn, &cm) < 0) abort();
      if ((cm.has & (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST |
                     XNET_IPV4_FLAG_INTERFACE)) !=
          (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE))
        abort();
      uint32_t dst;
      memcpy(&dst, cm.dst, 4);
      sink = cm.ttl + cm.ifindex + dst;
    }
    if (xnet_conn_write_to(rc, "k", 1, &ack_to) != 1) abort();
  }
  pthread_join(t, NULL);
  double ns = bench_now_ns() - t0;
  xnet_conn_close(rc);
  close(s.fd);
  return ns;
}

/* ---- one thread: write a batch to self, read it back ----
 * No wake-ups or scheduling: the library's own cost beside the system
 * calls. A batch of 64 is queued whole by the time sendmmsg returns on
 * loopback, so recvmmsg takes it in one call; every count is checked. */

typedef struct raw_local {
  int tx, rx;
  struct sockaddr_in to;
  struct mmsghdr sh[BATCH], rh[BATCH];
  struct iovec siov[BATCH], riov[BATCH];
  char sdata[BATCH][PAYLOAD], rdata[BATCH][PAYLOAD + 16];
  struct sockaddr_in names[BATCH];
} raw_local;

static raw_local rl;

static void raw_local_open(int cmsgs) {
  struct sockaddr_in from;
  rl.rx = raw_udp(&rl.to);
  rl.tx = raw_udp(&from);
  if (cmsgs) {
    int one = 1;
    setsockopt(rl.rx, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    setsockopt(rl.rx, IPPROTO_IP, IP_RECVTTL, &one, sizeof one);
  }
  memset(rl.sh, 0, sizeof rl.sh);
  for (int i = 0; i < BATCH; i++) {
    rl.siov[i].iov_base = rl.sdata[i];
    rl.siov[i].iov_len = PAYLOAD;
    rl.sh[i].msg_hdr.msg_iov = &rl.siov[i];
    rl.sh[i].msg_hdr.msg_iovlen = 1;
    rl.sh[i].msg_hdr.msg_name = &rl.to;
    rl.sh[i].msg_hdr.msg_namelen = sizeof rl.to;
  }
}

static void raw_local_send(void) {
  if (sendmmsg(rl.tx, rl.sh, BATCH, 0) != BATCH) abort();
}

static double raw_rw64_1t(void) {
  raw_local_open(0);
  double t0 = bench_now_ns();
  for (int b = 0; b < BATCHES; b++) {
    raw_local_send();
    for (int i = 0; i < BATCH; i++) {
      rl.riov[i].iov_base = rl.rdata[i];
      rl.riov[i].iov_len = sizeof rl.rdata[0];
      memset(&rl.rh[i].msg_hdr, 0, sizeof rl.rh[i].msg_hdr);
      rl.rh[i].msg_hdr.msg_iov = &rl.riov[i];
      rl.rh[i].msg_hdr.msg_iovlen = 1;
      rl.rh[i].msg_hdr.msg_name = &rl.names[i];
      rl.rh[i].msg_hdr.msg_namelen = sizeof rl.names[0];
    }
    if (recvmmsg(rl.rx, rl.rh, BATCH, MSG_WAITFORONE, NULL) != BATCH) abort();
    for (int i = 0; i < BATCH; i++)
      if (rl.rh[i].msg_len != PAYLOAD) abort();
  }
  double ns = bench_now_ns() - t0;
  close(rl.rx);
  close(rl.tx);
  return ns;
}

static double raw_read_cmsg_1t(void) {
  raw_local_open(1);
  union {
    char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } oob;
  char data[PAYLOAD + 16];
  double t0 = bench_now_ns();
  for (int b = 0; b < BATCHES; b++) {
    raw_local_send();
    for (int got = 0; got < BATCH; got++) {
      struct iovec iov = {data, sizeof data};
      struct sockaddr_in from;
      struct msghdr h;
      memset(&h, 0, sizeof h);
      h.msg_iov = &iov;
      h.msg_iovlen = 1;
      h.msg_name = &from;
      h.msg_namelen = sizeof from;
      h.msg_control = oob.buf;
      h.msg_controllen = sizeof oob.buf;
      if (recvmsg(rl.rx, &h, 0) != PAYLOAD) abort();
      unsigned ttl = 0, ifindex = 0, dst = 0, seen = 0;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
        if (c->cmsg_level != IPPROTO_IP) continue;
        if (c->cmsg_type == IP_TTL) {
          int v;
          memcpy(&v, CMSG_DATA(c), sizeof v);
          ttl = (unsigned)v;
          seen |= 1;
        } else if (c->cmsg_type == IP_PKTINFO) {
          struct in_pktinfo pi;
          memcpy(&pi, CMSG_DATA(c), sizeof pi);
          ifindex = (unsigned)pi.ipi_ifindex;
          dst = pi.ipi_addr.s_addr;
          seen |= 2;
        }
      }
      if (seen != 3) abort();
      sink = ttl + ifindex + dst;
    }
  }
  double ns = bench_now_ns() - t0;
  close(rl.rx);
  close(rl.tx);
  return ns;
}

static double x_rw64_1t(void) {
  xnet_conn *a = x_udp(NULL), *b = x_udp(NULL);
  xnet_addr to;
  xnet_conn_local_addr(b, &to);
  static x_batch w, r;
  x_batch_init(&w, PAYLOAD, &to);
  x_batch_init(&r, sizeof r.data[0], NULL);
  double t0 = bench_now_ns();
  for (int i = 0; i < BATCHES; i++) {
    if (xnet_conn_write_batch(a, w.m, BATCH, 0) != BATCH) abort();
    if (xnet_conn_read_batch(b, r.m, BATCH, 0) != BATCH) abort();
    for (int j = 0; j < BATCH; j++)
      if (r.m[j].n != PAYLOAD) abort();
  }
  double ns = bench_now_ns() - t0;
  xnet_conn_close(a);
  xnet_conn_close(b);
  return ns;
}

static double x_read_cmsg_1t(void) {
  raw_local_open(0);
  close(rl.rx); /* xnet receives */
  xnet_conn *rc = x_udp(x_enable_cmsgs);
  const xnet_profile *p = xnet_conn_profile(rc);
  xnet_addr me;
  xnet_conn_local_addr(rc, &me);
  rl.to.sin_port = htons(me.port);
  char data[PAYLOAD + 16];
  _Alignas(8) uint8_t oob[128];
  double t0 = bench_now_ns();
  for (int b = 0; b < BATCHES; b++) {
    raw_local_send();
    for (int got = 0; got < BATCH; got++) {
      size_t oobn;
      int flags;
      xnet_addr from;
      if (xnet_conn_read_msg(rc, data, sizeof data, oob, sizeof oob, &oobn,
                             &flags, &from) != PAYLOAD)
        abort();
      xnet_ipv4_cmsg cm;
      if (xnet_ipv4_cmsg_parse(p, oob, oobn, &cm) < 0) abort();
      if ((cm.has & (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST |
                     XNET_IPV4_FLAG_INTERFACE)) !=
          (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE))
        abort();
      uint32_t dst;
      memcpy(&dst, cm.dst, 4);
      sink = cm.ttl + cm.ifindex + dst;
    }
  }
  double ns = bench_now_ns() - t0;
  xnet_conn_close(rc);
  close(rl.tx);
  return ns;
}

/* ---- allocations per call ---- */

typedef struct alloc_ctx {
  xnet_conn *a, *b;
  x_batch w, r;
} alloc_ctx;

/* One write-batch of 64 and the read-batches that take them back. */
static void alloc_rw(void *arg) {
  alloc_ctx *k = arg;
  if (xnet_conn_write_batch(k->a, k->w.m, BATCH, 0) != BATCH) abort();
  x_read64(k->b, &k->r);
}

static void measure_allocs(void) {
  static alloc_ctx k;
  k.a = x_udp(NULL);
  k.b = x_udp(NULL);
  xnet_addr to;
  xnet_conn_local_addr(k.b, &to);
  x_batch_init(&k.w, PAYLOAD, &to);
  x_batch_init(&k.r, sizeof k.r.data[0], NULL);
  /* The first calls allocate the conns' work arrays (one per direction
   * used: 2 here), which shows the counter sees the library's mallocs. */
  bench_print_allocs("batch.rw64_first", alloc_rw, &k, 1);
  bench_print_allocs("batch.rw64", alloc_rw, &k, 200);
  xnet_conn_close(k.a);
  xnet_conn_close(k.b);
}

int main(void) {
  measure_allocs();
  const double work = (double)BATCHES * BATCH;
  bench_compare("batch.rw64", "raw", raw_rw64, x_rw64, ROUNDS, work,
                "datagrams/s");
  bench_compare("batch.read_cmsg", "raw", raw_read_cmsg, x_read_cmsg, ROUNDS,
                work, "datagrams/s");
  bench_compare("batch.rw64_1t", "raw", raw_rw64_1t, x_rw64_1t, ROUNDS, work,
                "datagrams/s");
  bench_compare("batch.read_cmsg_1t", "raw", raw_read_cmsg_1t,
                x_read_cmsg_1t, ROUNDS, work, "datagrams/s");
  return 0;
}
