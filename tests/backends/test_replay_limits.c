/* test_replay_limits.c — limits of the pcap replay backend that long real
 * captures reach (issue #5): expected writes of a conn that never writes
 * (lenient: a few kept; strict: a cap with a clear error), a TCP conn's
 * outbound stream beyond the reassembly cap (lenient: a window; strict:
 * writes compared in chunks, the cap only for bytes not written yet),
 * socket slots reused with generation-checked handles, out-of-order TCP
 * segments in a sorted structure (many of them in linear time, overlaps
 * as a byte-level model says), and a dual-stack dial to an IPv4-mapped
 * address matched to the capture's IPv4 flow.
 *
 * Every capture is generated here, in memory (pcap, LINKTYPE_RAW, ns). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnet/backend.h"
#include "xnet/xnet.h"
#include "stack_peers_test.h"
#include "xnet_test.h"

/* ---- captures ---- */

typedef struct cbuf {
  uint8_t *b;
  size_t len, cap;
  int64_t t;  /* the next record's time, ns */
  bool fail;  /* out of memory */
} cbuf;

static void put(cbuf *c, const void *d, size_t n) {
  if (c->fail || n == 0) return;
  if (c->len + n > c->cap) {
    size_t cap = c->cap ? c->cap : 65536;
    while (cap < c->len + n) cap *= 2;
    uint8_t *b = realloc(c->b, cap);
    if (!b) {
      c->fail = true;
      return;
    }
    c->b = b;
    c->cap = cap;
  }
  memcpy(c->b + c->len, d, n);
  c->len += n;
}

static void put32le(cbuf *c, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                  (uint8_t)(v >> 24)};
  put(c, b, 4);
}

static void cb_init(cbuf *c) {
  memset(c, 0, sizeof *c);
  c->t = 1000 * XNET_SECOND;
  put32le(c, 0xa1b23c4d); /* nanosecond pcap */
  put32le(c, 2 | 4 << 16);
  put32le(c, 0);
  put32le(c, 0);
  put32le(c, 262144);
  put32le(c, 101); /* LINKTYPE_RAW */
}

static void be16(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

static void be32(uint8_t *b, uint32_t v) {
  be16(b, v >> 16);
  be16(b + 2, v);
}

/* An IPv4 datagram src -> dst (host order) of protocol proto: header
 * h[0..hn) then payload p[0..n), 1 µs after the previous record. */
static void cb_ip4(cbuf *c, uint32_t src, uint32_t dst, uint8_t proto,
                   const uint8_t *h, size_t hn, const void *p, size_t n) {
  uint8_t ip[20] = {0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, proto};
  size_t tot = 20 + hn + n;
  be16(ip + 2, (uint32_t)tot);
  be32(ip + 12, src);
  be32(ip + 16, dst);
  c->t += 1000;
  put32le(c, (uint32_t)(c->t / XNET_SECOND));
  put32le(c, (uint32_t)(c->t % XNET_SECOND));
  put32le(c, (uint32_t)tot);
  put32le(c, (uint32_t)tot);
  put(c, ip, 20);
  put(c, h, hn);
  put(c, p, n);
}

static void cb_udp(cbuf *c, uint32_t src, uint16_t sp, uint32_t dst,
                   uint16_t dp, const void *p, size_t n) {
  uint8_t u[8] = {0};
  be16(u, sp);
  be16(u + 2, dp);
  be16(u + 4, (uint32_t)(8 + n));
  cb_ip4(c, src, dst, 17, u, 8, p, n);
}

enum { FIN = 1, SYN = 2, PSH = 8, ACK = 16 };

static void cb_tcp(cbuf *c, uint32_t src, uint16_t sp, uint32_t dst,
                   uint16_t dp, uint32_t seq, uint8_t flags, const void *p,
                   size_t n) {
  uint8_t t[20] = {0};
  be16(t, sp);
  be16(t + 2, dp);
  be32(t + 4, seq);
  be32(t + 8, 1);
  t[12] = 5 << 4;
  t[13] = flags;
  be16(t + 14, 65535);
  cb_ip4(c, src, dst, 6, t, 20, p, n);
}

#define LOCAL 0x0a000001u /* 10.0.0.1 */
#define PEER 0x0a000002u  /* 10.0.0.2 */

static xnet_stack *open_cb(const cbuf *c, int writes) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = writes;
  CU_ASSERT_EQUAL_FATAL(xnet_ip_parse("10.0.0.1", 8, &o.local[0]), 0);
  o.local_count = 1;
  xnet_stack *s = NULL;
  CU_ASSERT_FATAL(!c->fail);
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(c->b, c->len, &o, &s), 0);
  return s;
}

/* open_cb, freeing the capture's bytes when it fails. */
static xnet_stack *open_cb_or_free(cbuf *c, int writes) {
  xnet_stack *s = open_cb(c, writes);
  if (!s) free(c->b);
  return s;
}

/* The replay's error message names what went wrong: it holds a and b
 * (NULL: only a). */
static void expect_error_says(xnet_stack *s, const char *a, const char *b) {
  char msg[768];
  CU_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, a));
  if (b) CU_ASSERT_PTR_NOT_NULL(strstr(msg, b));
}

/* xnet_conn_write_to with the destination as text. */
static int write_to_str(xnet_conn *c, const void *b, size_t n,
                        const char *to) {
  xnet_addr a;
  int rc = xnet_resolve_addr(NULL, "udp4", to, &a);
  return rc < 0 ? rc : xnet_conn_write_to(c, b, n, &a);
}

/* Resident memory now, bytes (Linux /proc; 0 when unknown). */
static size_t rss_now(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, res = 0;
  int n = fscanf(f, "%lu %lu", &size, &res);
  fclose(f);
  return n == 2 ? (size_t)res * (size_t)sysconf(_SC_PAGESIZE) : 0;
}

static const char *need_proc(void) {
  return access("/proc/self/statm", R_OK) == 0
             ? NULL
             : "no /proc/self/statm to measure resident memory";
}

static int64_t real_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec;
}

static void show_error(xnet_stack *s) {
  char msg[768];
  if (xnet_replay_error(s, msg, sizeof msg) > 0) printf("\n  %s\n", msg);
}

/* The local endpoint 10.0.0.1:5000 sends `sends` datagrams of 1400 bytes
 * to the peer, which sends it a "ping" every 1000 of them. */
static void udp_flood(cbuf *c, int sends) {
  static uint8_t pay[1400];
  memset(pay, 'x', sizeof pay);
  cb_init(c);
  for (int i = 0; i < sends; i++) {
    if (i % 1000 == 0) {
      char ping[32];
      int n = snprintf(ping, sizeof ping, "ping %d", i);
      cb_udp(c, PEER, 6000, LOCAL, 5000, ping, (size_t)n);
    }
    cb_udp(c, LOCAL, 5000, PEER, 6000, pay, sizeof pay);
  }
}

/* Reads the pings until the read times out; returns how many came. */
static int read_pings(xnet_conn *c) {
  int got = 0;
  char buf[2048];
  for (;;) {
    int n = xnet_conn_read(c, buf, sizeof buf);
    if (n < 0) {
      CU_ASSERT(xnet_error_is_timeout(n));
      return got;
    }
    CU_ASSERT(n >= 5 && memcmp(buf, "ping ", 5) == 0);
    got++;
  }
}

/* (1) Lenient: a conn that only reads while the capture shows it sending
 * 60,000 datagrams (84 MB) keeps memory flat — they used to be queued as
 * expected writes, each a packet of the pool's size. */
static void test_replay_limits_lenient_expect_flat(void) {
  cbuf cb;
  udp_flood(&cb, 60000);
  xnet_stack *s = open_cb(&cb, XNET_REPLAY_LENIENT);
  if (s) {
    xnet_conn *c = sp_listen_udp(s, "10.0.0.1:5000");
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 1100 * XNET_SECOND), 0);
      size_t before = rss_now();
      CU_ASSERT_EQUAL(read_pings(c), 60);
      size_t grew = rss_now() - before;
      CU_ASSERT(grew < (24u << 20));
      if (grew >= (24u << 20)) printf("\n  grew %zu bytes\n", grew);
      /* The write is not compared, and recorded writes still work. */
      CU_ASSERT_EQUAL(write_to_str(c, "hi", 2, "10.0.0.2:6000"),
                      2);
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
    xnet_stack_close(s);
  }
  free(cb.b);
}

/* (1b) Strict: beyond RP_EXPECT_MAX_BYTES (16 MiB) of writes the
 * application has not made, the conn's writes fail with XNET_ENOBUFS and
 * the stack says why; reads go on. */
static void test_replay_limits_strict_expect_cap(void) {
  cbuf cb;
  udp_flood(&cb, 13000); /* 13000 * 1428 bytes: over 16 MiB */
  xnet_stack *s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    xnet_conn *c = sp_listen_udp(s, "10.0.0.1:5000");
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 1100 * XNET_SECOND), 0);
      CU_ASSERT_EQUAL(read_pings(c), 13);
      CU_ASSERT_EQUAL(write_to_str(c, "hi", 2, "10.0.0.2:6000"),
                      XNET_ENOBUFS);
      expect_error_says(s, "10.0.0.1:5000", "strict mode keeps");
      (void)xnet_conn_close(c);
    }
    CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_ENOBUFS);
    xnet_stack_close(s);
  }
  free(cb.b);
  /* Under the cap, strict mode compares every write as before. */
  udp_flood(&cb, 3000);
  s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    xnet_conn *c = sp_listen_udp(s, "10.0.0.1:5000");
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 1100 * XNET_SECOND), 0);
      CU_ASSERT_EQUAL(read_pings(c), 3);
      uint8_t pay[1400];
      memset(pay, 'x', sizeof pay);
      int ok = 0;
      for (int i = 0; i < 3000; i++)
        ok += write_to_str(c, pay, sizeof pay, "10.0.0.2:6000") ==
              (int)sizeof pay;
      CU_ASSERT_EQUAL(ok, 3000);
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_stack_close(s);
  }
  free(cb.b);
}

/* A server conn 10.0.0.1:80 <- 10.0.0.2:40000: a request, then `mib` MiB
 * of response (byte i is i % 251), FIN both ways. */
static const char REQ[] = "GET / HTTP/1.0\r\n\r\n";

static void big_response(cbuf *c, size_t bytes) {
  cb_init(c);
  cb_tcp(c, PEER, 40000, LOCAL, 80, 1000, SYN, NULL, 0);
  cb_tcp(c, LOCAL, 80, PEER, 40000, 5000, SYN | ACK, NULL, 0);
  cb_tcp(c, PEER, 40000, LOCAL, 80, 1001, ACK | PSH, REQ, strlen(REQ));
  uint8_t seg[1400];
  uint32_t seq = 5001;
  for (size_t off = 0; off < bytes; off += sizeof seg) {
    size_t n = bytes - off < sizeof seg ? bytes - off : sizeof seg;
    for (size_t i = 0; i < n; i++) seg[i] = (uint8_t)((off + i) % 251);
    cb_tcp(c, LOCAL, 80, PEER, 40000, seq, ACK | PSH, seg, n);
    seq += (uint32_t)n;
  }
  cb_tcp(c, LOCAL, 80, PEER, 40000, seq, FIN | ACK, NULL, 0);
  cb_tcp(c, PEER, 40000, LOCAL, 80, 1001 + (uint32_t)strlen(REQ), FIN | ACK,
         NULL, 0);
}

/* Accepts the conn and reads the request. */
static xnet_conn *accept_req(xnet_stack *s, xnet_listener **lp) {
  *lp = sp_listen_tcp(s, "10.0.0.1:80");
  xnet_conn *c = NULL;
  if (*lp) CU_ASSERT_EQUAL(xnet_listener_accept(*lp, &c), 0);
  if (!c) return NULL;
  char buf[64];
  CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), (int)strlen(REQ));
  return c;
}

#define BIG (6u << 20) /* more than RP_TCP_STREAM_MAX (4 MiB) */

/* (2) Lenient: the capture's 6 MiB response, never written, is no error:
 * the conn reads to end of stream and the replay finishes clean. */
static void test_replay_limits_tcp_lenient_big_outbound(void) {
  cbuf cb;
  big_response(&cb, BIG);
  xnet_stack *s = open_cb(&cb, XNET_REPLAY_LENIENT);
  if (s) {
    xnet_listener *l = NULL;
    xnet_conn *c = accept_req(s, &l);
    if (c) {
      char buf[64];
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0);
      CU_ASSERT_EQUAL(xnet_conn_write(c, "whatever", 8), 8);
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    if (l) (void)xnet_listener_close(l);
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_stack_close(s);
  }
  free(cb.b);
}

/* (2b) Strict: one 6 MiB write equal to the capture's stream passes
 * (compared in chunks); one wrong byte deep in it is found; an
 * application that writes nothing while the capture's stream runs 4 MiB
 * ahead gets the cap's error, naming the conn. */
static void test_replay_limits_tcp_strict_big_outbound(void) {
  cbuf cb;
  big_response(&cb, BIG);
  uint8_t *resp = malloc(BIG);
  CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
  for (size_t i = 0; i < BIG; i++) resp[i] = (uint8_t)(i % 251);
  xnet_stack *s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    xnet_listener *l = NULL;
    xnet_conn *c = accept_req(s, &l);
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_write(c, resp, BIG), (int)BIG);
      CU_ASSERT_EQUAL(xnet_conn_close_write(c), 0);
      char buf[64];
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0);
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    if (l) (void)xnet_listener_close(l);
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_stack_close(s);
  }
  resp[5000000] ^= 1;
  s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    xnet_listener *l = NULL;
    xnet_conn *c = accept_req(s, &l);
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_write(c, resp, BIG), XNET_EMISMATCH);
      expect_error_says(s, "differ at byte 5000000", NULL);
      (void)xnet_conn_close(c);
    }
    if (l) (void)xnet_listener_close(l);
    xnet_stack_close(s);
  }
  s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    xnet_listener *l = NULL;
    xnet_conn *c = accept_req(s, &l);
    if (c) {
      char buf[64];
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0); /* the FIN */
      (void)xnet_conn_close(c);
    }
    if (l) (void)xnet_listener_close(l);
    CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_ENOBUFS);
    expect_error_says(s, "10.0.0.1:80->10.0.0.2:40000", "has not written");
    xnet_stack_close(s);
  }
  free(resp);
  free(cb.b);
}

/* (3) 3000 UDP conns and 1500 accepted TCP conns, one after another: far
 * more than the 1024 slots, each closed before the next opens. */
static void test_replay_limits_sockets_reused(void) {
  for (int mode = 0; mode < 2; mode++) {
    cbuf cb;
    cb_init(&cb);
    for (uint16_t i = 0; i < 1500; i++) {
      uint16_t sp = (uint16_t)(20000 + i);
      cb_tcp(&cb, PEER, sp, LOCAL, 80, 1000, SYN, NULL, 0);
      cb_tcp(&cb, LOCAL, 80, PEER, sp, 7000, SYN | ACK, NULL, 0);
      cb_tcp(&cb, PEER, sp, LOCAL, 80, 1001, ACK | PSH | FIN, &i, 2);
    }
    xnet_stack *s = open_cb(&cb, mode ? XNET_REPLAY_STRICT
                                      : XNET_REPLAY_LENIENT);
    if (!s) {
      free(cb.b);
      continue;
    }
    int udp_ok = 0;
    for (int i = 0; i < 3000; i++) {
      xnet_conn *c = sp_listen_udp(s, "10.0.0.1:0");
      if (!c) break;
      udp_ok += xnet_conn_close(c) == 0;
    }
    CU_ASSERT_EQUAL(udp_ok, 3000);
    xnet_listener *l = sp_listen_tcp(s, "10.0.0.1:80");
    int tcp_ok = 0;
    for (int i = 0; l && i < 1500; i++) {
      xnet_conn *c = NULL;
      if (xnet_listener_accept(l, &c) != 0) break;
      uint16_t v = 0;
      char buf[8];
      if (xnet_conn_read(c, buf, sizeof buf) == 2) memcpy(&v, buf, 2);
      tcp_ok += v == i;
      (void)xnet_conn_close(c);
    }
    CU_ASSERT_EQUAL(tcp_ok, 1500);
    if (l) (void)xnet_listener_close(l);
    xnet_stack_close(s);
    free(cb.b);
  }
}

/* (3b) A handle of a closed socket whose slot was reused reaches nothing:
 * the backend's ops fail with XNET_EBADF rather than use the new socket. */
static void test_replay_limits_stale_handle(void) {
  cbuf cb;
  cb_init(&cb);
  cb_udp(&cb, PEER, 6000, LOCAL, 5000, "one", 3);
  xnet_stack *s = open_cb_or_free(&cb, XNET_REPLAY_LENIENT);
  if (!s) return;
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *inst = xnet__stack_instance(s);
  /* Fill every slot (1024 today), then close them all: the next sockets
   * reuse them. */
  enum { MAXH = 65536 };
  int *h = calloc(MAXH, sizeof *h);
  CU_ASSERT_PTR_NOT_NULL_FATAL(h);
  int n = 0, rc = 0;
  while (n < MAXH &&
         (rc = ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &h[n])) == 0)
    n++;
  CU_ASSERT(n >= 1024 && n < MAXH);
  CU_ASSERT_EQUAL(rc, XNET_EMFILE);
  for (int i = 0; i < n; i++) CU_ASSERT_EQUAL(ops->close(inst, h[i]), 0);
  int fresh = -1;
  CU_ASSERT_EQUAL(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &fresh),
                  0);
  bool reused_new_handle = true;
  for (int i = 0; i < n; i++)
    if (h[i] == fresh) reused_new_handle = false;
  CU_ASSERT(reused_new_handle);
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_INET;
  a.ip.len = 4;
  a.ip.bytes[0] = 10;
  a.ip.bytes[3] = 1;
  a.port = 5000;
  CU_ASSERT_EQUAL(ops->bind(inst, fresh, &a), 0);
  /* Whichever old handle shares the slot: none reaches the new socket. */
  int stale_ok = 0;
  for (int i = 0; i < n; i++) {
    xnet_sockaddr la;
    char buf[8];
    stale_ok += ops->local_addr(inst, h[i], &la) == XNET_EBADF &&
                ops->read(inst, h[i], buf, sizeof buf) == XNET_EBADF &&
                ops->close(inst, h[i]) == XNET_EBADF;
  }
  CU_ASSERT_EQUAL(stale_ok, n);
  xnet_sockaddr la;
  CU_ASSERT_EQUAL(ops->local_addr(inst, fresh, &la), 0);
  CU_ASSERT_EQUAL(la.port, 5000);
  char buf[8];
  CU_ASSERT_EQUAL(ops->wait(inst, fresh, XNET_WAIT_READ, 0, NULL), 0);
  CU_ASSERT_EQUAL(ops->read(inst, fresh, buf, sizeof buf), 3);
  CU_ASSERT_EQUAL(ops->close(inst, fresh), 0);
  free(h);
  xnet_stack_close(s);
  free(cb.b);
}

/* A read blocked on a conn with nothing to come (no deadline). */
typedef struct blocked {
  xnet_conn *c;
  int rc;
} blocked;

static void *read_blocked(void *arg) {
  blocked *b = arg;
  char buf[16];
  b->rc = xnet_conn_read(b->c, buf, sizeof buf);
  return NULL;
}

/* (3b') Closing a conn while another thread is blocked reading it, then
 * opening another on the freed slot (lenient mode reuses it at once): the
 * blocked read ends with the closed-conn error, the new conn gets its own
 * datagram, and nothing of one reaches the other. */
static void test_replay_limits_reuse_after_blocked_close(void) {
  cbuf cb;
  cb_init(&cb);
  cb_udp(&cb, PEER, 6000, LOCAL, 5000, "for 5000", 8);
  xnet_stack *s = open_cb_or_free(&cb, XNET_REPLAY_LENIENT);
  if (!s) return;
  blocked b = {sp_listen_udp(s, "10.0.0.1:7000"), 1};
  pthread_t th;
  bool started = b.c && pthread_create(&th, NULL, read_blocked, &b) == 0;
  CU_ASSERT(started);
  if (started) {
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL); /* the read is waiting by now (or soon) */
    CU_ASSERT_EQUAL(xnet_conn_close(b.c), 0);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(b.rc, XNET_ECLOSED);
    xnet_conn *y = sp_listen_udp(s, "10.0.0.1:5000");
    if (y) {
      char buf[16];
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(y, 1100 * XNET_SECOND), 0);
      CU_ASSERT_EQUAL(xnet_conn_read(y, buf, sizeof buf), 8);
      CU_ASSERT(memcmp(buf, "for 5000", 8) == 0);
      CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(y, buf, sizeof buf)));
      CU_ASSERT_EQUAL(xnet_conn_close(y), 0);
    }
  } else if (b.c) {
    (void)xnet_conn_close(b.c);
  }
  xnet_stack_close(s);
  free(cb.b);
}

/* (3c) Strict: a closed UDP conn's slot is reused only after the unused
 * ones, so its later expected write is still reported as never made. */
static void test_replay_limits_strict_closed_conn_accounted(void) {
  cbuf cb;
  cb_init(&cb);
  cb_udp(&cb, PEER, 6000, LOCAL, 5000, "req", 3);
  cb_udp(&cb, LOCAL, 5000, PEER, 6000, "resp", 4);
  xnet_stack *s = open_cb_or_free(&cb, XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_conn *c = sp_listen_udp(s, "10.0.0.1:5000");
  if (c) {
    char buf[8];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 3);
    (void)xnet_conn_close(c);
  }
  for (int i = 0; i < 100; i++) {
    xnet_conn *o = sp_listen_udp(s, "10.0.0.1:0");
    if (o) (void)xnet_conn_close(o);
  }
  CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_EMISMATCH);
  expect_error_says(s, "never happened", NULL);
  xnet_stack_close(s);
  free(cb.b);
}

/* Strict mode, a port closed and opened again: the capture's later
 * reply belongs to the new, open conn, not to the closed one earlier in
 * the socket table. */
static void test_replay_limits_strict_reopened_port(void) {
  cbuf cb;
  cb_init(&cb);
  cb_udp(&cb, PEER, 6000, LOCAL, 5000, "one", 3);
  cb_udp(&cb, PEER, 6000, LOCAL, 5000, "two", 3);
  cb_udp(&cb, LOCAL, 5000, PEER, 6000, "resp", 4);
  xnet_stack *s = open_cb_or_free(&cb, XNET_REPLAY_STRICT);
  if (!s) return;
  char buf[8];
  xnet_conn *c = sp_listen_udp(s, "10.0.0.1:5000");
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 3);
    (void)xnet_conn_close(c);
  }
  c = sp_listen_udp(s, "10.0.0.1:5000");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  xnet_addr from;
  CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 3);
  CU_ASSERT_EQUAL(xnet_conn_write_to(c, "resp", 4, &from), 4);
  (void)xnet_conn_close(c);
  int rc = xnet_replay_finish(s);
  char msg[768] = "";
  if (rc < 0) (void)xnet_replay_error(s, msg, sizeof msg);
  XT_ASSERT_INT_EQ(rc, 0);
  xnet_stack_close(s);
  free(cb.b);
}

/* Reads a TCP conn to end of stream into buf; returns the bytes. */
static size_t read_to_eof(xnet_conn *c, uint8_t *buf, size_t cap, int *last) {
  size_t got = 0;
  for (;;) {
    int k = xnet_conn_read(c, buf + got, cap - got > 65536 ? 65536 : cap - got);
    if (k <= 0) {
      *last = k;
      return got;
    }
    got += (size_t)k;
  }
}

/* (4) 60,000 segments of 8 bytes arrive in order after a hole, then the
 * hole's segment: all held out of order at once. A sorted structure takes
 * them in O(n log n); the unsorted list took O(n^2) (seconds). */
static void test_replay_limits_tcp_many_ooo_segments(void) {
  enum { NSEG = 60000, SZ = 8 };
  cbuf cb;
  cb_init(&cb);
  uint32_t isn = 0xfffff000u; /* the stream wraps */
  cb_tcp(&cb, PEER, 40000, LOCAL, 80, isn, SYN, NULL, 0);
  cb_tcp(&cb, LOCAL, 80, PEER, 40000, 5000, SYN | ACK, NULL, 0);
  uint8_t seg[SZ];
  for (int pass = 0; pass < 2; pass++)
    for (uint32_t i = pass ? 0 : 1; i < (pass ? 1u : (uint32_t)NSEG); i++) {
      for (int j = 0; j < SZ; j++) seg[j] = (uint8_t)(i * SZ + (uint32_t)j);
      cb_tcp(&cb, PEER, 40000, LOCAL, 80, isn + 1 + i * SZ, ACK | PSH, seg,
             SZ);
    }
  cb_tcp(&cb, PEER, 40000, LOCAL, 80, isn + 1 + NSEG * SZ, FIN | ACK, NULL, 0);
  xnet_stack *s = open_cb(&cb, XNET_REPLAY_LENIENT);
  if (s) {
    xnet_listener *l = sp_listen_tcp(s, "10.0.0.1:80");
    xnet_conn *c = NULL;
    if (l) CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
    if (c) {
      uint8_t *buf = malloc(NSEG * SZ + 1);
      CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
      int64_t t0 = real_ns();
      int last = 1;
      size_t got = read_to_eof(c, buf, NSEG * SZ + 1, &last);
      int64_t took = real_ns() - t0;
      CU_ASSERT_EQUAL(got, (size_t)NSEG * SZ);
      CU_ASSERT_EQUAL(last, 0);
      bool ok = true;
      for (size_t i = 0; i < got; i++)
        if (buf[i] != (uint8_t)i) ok = false;
      CU_ASSERT(ok);
      CU_ASSERT(took < 3 * XNET_SECOND);
      if (took >= 3 * XNET_SECOND) printf("\n  took %lld ns\n", (long long)took);
      free(buf);
      (void)xnet_conn_close(c);
    }
    if (l) (void)xnet_listener_close(l);
    xnet_stack_close(s);
  }
  free(cb.b);
}

/* The stream a receiver makes of segments, byte by byte: in-order data
 * is appended (bytes before nxt dropped), then kept bytes at nxt follow;
 * out-of-order bytes are kept unless a copy is kept already. */
typedef struct model {
  uint8_t out[4096], kept[4096];
  bool has[4096];
  size_t nxt;
} model;

static void model_add(model *m, size_t at, const uint8_t *d, size_t n) {
  if (at <= m->nxt) {
    for (size_t i = m->nxt; i < at + n; i++) m->out[m->nxt++] = d[i - at];
    while (m->nxt < sizeof m->out && m->has[m->nxt]) {
      m->out[m->nxt] = m->kept[m->nxt];
      m->nxt++;
    }
  } else {
    for (size_t i = 0; i < n; i++)
      if (!m->has[at + i]) {
        m->has[at + i] = true;
        m->kept[at + i] = d[i];
      }
  }
}

/* (4b) Overlapping out-of-order copies, across the sequence wrap, resolve
 * as the model says (first kept copy wins; in-order data wins over kept
 * copies), for many random arrival orders. */
static void test_replay_limits_tcp_ooo_overlaps(void) {
  uint32_t x = 12345;
  int bad = 0;
  for (int round = 0; round < 40; round++) {
    cbuf cb;
    cb_init(&cb);
    uint32_t isn = 0xffffffffu - (uint32_t)(round * 97);
    cb_tcp(&cb, PEER, 40000, LOCAL, 80, isn, SYN, NULL, 0);
    cb_tcp(&cb, LOCAL, 80, PEER, 40000, 5000, SYN | ACK, NULL, 0);
    static model m;
    memset(&m, 0, sizeof m);
    size_t total = 2048;
    while (m.nxt < total) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      size_t at = x % total, n = 1 + (x >> 12) % 200;
      if (x % 5 == 0) at = m.nxt; /* now and then, the next bytes */
      if (at + n > total) n = total - at;
      uint8_t d[200];
      for (size_t i = 0; i < n; i++) d[i] = (uint8_t)(x >> 8) + (uint8_t)i;
      cb_tcp(&cb, PEER, 40000, LOCAL, 80, isn + 1 + (uint32_t)at, ACK | PSH,
             d, n);
      model_add(&m, at, d, n);
    }
    xnet_stack *s = open_cb(&cb, XNET_REPLAY_LENIENT);
    if (s) {
      xnet_listener *l = sp_listen_tcp(s, "10.0.0.1:80");
      xnet_conn *c = NULL;
      if (l) CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
      if (c) {
        (void)xnet_conn_set_read_deadline(c, 2000 * XNET_SECOND);
        uint8_t buf[4096];
        int last = 0;
        size_t got = read_to_eof(c, buf, sizeof buf, &last);
        if (got != total || memcmp(buf, m.out, total) != 0) bad++;
        (void)xnet_conn_close(c);
      }
      if (l) (void)xnet_listener_close(l);
      xnet_stack_close(s);
    }
    free(cb.b);
  }
  CU_ASSERT_EQUAL(bad, 0);
}

/* The capture of test_replay_limits_tcp_dial_v4_mapped: 10.0.0.1:41000
 * dials 10.0.0.2:80, writes "ping", reads "pong" and the FIN. */
static void mapped_capture(cbuf *cb) {
  cb_init(cb);
  cb_tcp(cb, LOCAL, 41000, PEER, 80, 100, SYN, NULL, 0);
  cb_tcp(cb, PEER, 80, LOCAL, 41000, 9000, SYN | ACK, NULL, 0);
  cb_tcp(cb, LOCAL, 41000, PEER, 80, 101, ACK | PSH, "ping", 4);
  cb_tcp(cb, PEER, 80, LOCAL, 41000, 9001, ACK | PSH | FIN, "pong", 4);
}

/* (5) An IPv6 socket dialling ::ffff:10.0.0.2 talks IPv4, as the kernel
 * does: the dial finds the capture's IPv4 SYN, its addresses are the
 * IPv4-mapped ones, reads get the IPv4 flow's data and strict writes
 * compare with its segments. Through core ("tcp" from [::]:0, which takes
 * an IPv6 socket as Go does) and through the backend's ops. */
static void test_replay_limits_tcp_dial_v4_mapped(void) {
  cbuf cb;
  mapped_capture(&cb);
  char out[] = "/tmp/xnet_limits_out_XXXXXX";
  int fd = mkstemp(out);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = XNET_REPLAY_STRICT;
  o.output_path = out;
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(cb.b, cb.len, &o, &s), 0);
  if (s) {
    xnet_addr any;
    CU_ASSERT_EQUAL_FATAL(xnet_resolve_addr(NULL, "tcp", "[::]:0", &any), 0);
    xnet_dialer d;
    memset(&d, 0, sizeof d);
    d.stack = s;
    d.local_addr = &any;
    xnet_conn *c = NULL;
    int rc = xnet_dialer_dial(&d, "tcp", "[::ffff:10.0.0.2]:80", &c);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) {
      char e[256];
      xnet_op_error_format(xnet_last_error(), e, sizeof e);
      printf("\n  %s\n", e);
      show_error(s);
    }
    if (c) {
      xnet_addr a;
      char la[64] = "", ra[64] = "";
      if (xnet_conn_local_addr(c, &a) == 0) xnet_addr_format(&a, la, sizeof la);
      if (xnet_conn_remote_addr(c, &a) == 0) xnet_addr_format(&a, ra, sizeof ra);
      CU_ASSERT_PTR_NOT_NULL(strstr(la, "10.0.0.1:41000"));
      CU_ASSERT_PTR_NOT_NULL(strstr(ra, "10.0.0.2:80"));
      CU_ASSERT_EQUAL(xnet_conn_write(c, "ping", 4), 4);
      char buf[8];
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 4);
      CU_ASSERT(memcmp(buf, "pong", 4) == 0);
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0);
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_stack_close(s);
    /* The recorded write is the IPv4 segment the kernel would send. */
    uint8_t f[256];
    FILE *in = fopen(out, "rb");
    size_t n = in ? fread(f, 1, sizeof f, in) : 0;
    if (in) fclose(in);
    CU_ASSERT_FATAL(n >= 24 + 16 + 20 + 20 + 4);
    const uint8_t *ip = f + 24 + 16;
    CU_ASSERT_EQUAL(ip[0], 0x45);
    static const uint8_t src[4] = {10, 0, 0, 1}, dst[4] = {10, 0, 0, 2};
    CU_ASSERT(memcmp(ip + 12, src, 4) == 0);
    CU_ASSERT(memcmp(ip + 16, dst, 4) == 0);
    CU_ASSERT_EQUAL(ip[9], 6);
    CU_ASSERT(memcmp(ip + 40, "ping", 4) == 0);
  }
  unlink(out);
  s = open_cb(&cb, XNET_REPLAY_STRICT);
  if (s) {
    const xnet_backend_ops *ops = xnet__stack_ops(s);
    void *inst = xnet__stack_instance(s);
    int h = -1;
    CU_ASSERT_EQUAL(ops->socket(inst, XNET_AF_INET6, XNET_SOCK_STREAM, 0, &h),
                    0);
    xnet_sockaddr to;
    memset(&to, 0, sizeof to);
    to.family = XNET_AF_INET6;
    to.ip.len = 16;
    to.ip.bytes[10] = to.ip.bytes[11] = 0xff;
    to.ip.bytes[12] = 10;
    to.ip.bytes[15] = 2;
    to.port = 80;
    int rc = ops->connect(inst, h, &to);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_sockaddr la, ra;
    CU_ASSERT_EQUAL(ops->local_addr(inst, h, &la), 0);
    CU_ASSERT_EQUAL(ops->remote_addr(inst, h, &ra), 0);
    CU_ASSERT_EQUAL(la.family, XNET_AF_INET6);
    CU_ASSERT_EQUAL(la.ip.len, 16);
    CU_ASSERT_EQUAL(la.port, 41000);
    CU_ASSERT(la.ip.bytes[10] == 0xff && la.ip.bytes[12] == 10 &&
              la.ip.bytes[15] == 1);
    CU_ASSERT_EQUAL(ra.port, 80);
    CU_ASSERT_EQUAL(ops->write(inst, h, "ping", 4), 4);
    char buf[8];
    CU_ASSERT_EQUAL(ops->wait(inst, h, XNET_WAIT_READ, 0, NULL), 0);
    CU_ASSERT_EQUAL(ops->read(inst, h, buf, sizeof buf), 4);
    CU_ASSERT_EQUAL(ops->close(inst, h), 0);
    rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) show_error(s);
    xnet_stack_close(s);
  }
  free(cb.b);
}

XT_SUITE(backends, replay_limits, NULL, NULL,
         XT_TEST_IF(test_replay_limits_lenient_expect_flat, need_proc),
         XT_TEST(test_replay_limits_strict_expect_cap),
         XT_TEST(test_replay_limits_tcp_lenient_big_outbound),
         XT_TEST(test_replay_limits_tcp_strict_big_outbound),
         XT_TEST(test_replay_limits_sockets_reused),
         XT_TEST(test_replay_limits_stale_handle),
         XT_TEST(test_replay_limits_reuse_after_blocked_close),
         XT_TEST(test_replay_limits_strict_closed_conn_accounted),
         XT_TEST(test_replay_limits_tcp_many_ooo_segments),
         XT_TEST(test_replay_limits_tcp_ooo_overlaps),
         XT_TEST(test_replay_limits_tcp_dial_v4_mapped),
         XT_TEST(test_replay_limits_strict_reopened_port));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_limits_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_limits, NULL, NULL,
         XT_TEST_IF(test_replay_limits_unavailable, need_replay));
#endif
