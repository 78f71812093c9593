/* test_replay_tcp.c — TCP on the pcap replay backend (backends/pcap/tcp.c,
 * tcp_reasm.c): accept on a SYN, dial on SYN/SYN-ACK and refusal on RST,
 * reassembly (retransmission, out-of-order, overlap resolved to the first
 * copy, sequence wraparound), writes compared with the capture's outbound
 * stream, FIN as end of stream, RST as a reset, read deadlines in virtual
 * time, and real corpus captures.
 *
 * Fixtures: tcp_server.pcap, tcp_client.pcap, tcp_rst.pcap, written by
 * fixtures/replay/make_replay.py (its docstring says what each holds). The
 * corpus captures come from ../shared/corpus/tcp (tests SKIP without it). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnet/xnet.h"
#include "stack_peers_test.h"
#include "xnet_test.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name
#define CORPUS(name) XNET_CORPUS_DIR "/tcp/" name

static int64_t real_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec;
}

static xnet_stack *open_local(const char *path, const char *local,
                              int writes) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = writes;
  if (local) {
    CU_ASSERT_EQUAL_FATAL(xnet_ip_parse(local, strlen(local), &o.local[0]), 0);
    o.local_count = 1;
  }
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(path, &o, &s), 0);
  return s;
}

static int dial_tcp(xnet_stack *s, const char *addr, xnet_conn **c) {
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  *c = NULL;
  return xnet_dialer_dial(&d, "tcp4", addr, c);
}

static void addr_str(xnet_conn *c, bool remote, char *buf, size_t cap) {
  xnet_addr a;
  buf[0] = 0;
  int rc = remote ? xnet_conn_remote_addr(c, &a) : xnet_conn_local_addr(c, &a);
  if (rc == 0) xnet_addr_format(&a, buf, cap);
}

/* Reads until n bytes came, end of stream or an error; returns the count
 * (or the error when nothing came). */
static int read_full(xnet_conn *c, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    int k = xnet_conn_read(c, buf + got, n - got);
    if (k < 0) return got ? (int)got : k;
    if (k == 0) break;
    got += (size_t)k;
  }
  return (int)got;
}

/* Reads until the deadline passes or the stream ends; returns bytes. */
static size_t read_all(xnet_conn *c, uint8_t *buf, size_t cap, int *last) {
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

static const char REQ[] = "GET /index.html HTTP/1.1\r\nHost: xy\r\n\r\n";
static const char RESP[] = "HTTP/1.1 200 OK\r\n\r\nhello";

/* The server of tcp_server.pcap up to the response; *lp the listener. */
static xnet_conn *serve(xnet_stack *s, xnet_listener **lp) {
  xnet_listener *l = sp_listen_tcp(s, "10.2.0.1:8080");
  *lp = l;
  if (!l) return NULL;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
  if (!c) return NULL;
  char ra[64], la[64];
  addr_str(c, true, ra, sizeof ra);
  addr_str(c, false, la, sizeof la);
  CU_ASSERT_STRING_EQUAL(ra, "10.2.0.2:41000");
  CU_ASSERT_STRING_EQUAL(la, "10.2.0.1:8080");
  char buf[128];
  memset(buf, 0, sizeof buf);
  int n = read_full(c, buf, strlen(REQ));
  CU_ASSERT_EQUAL(n, (int)strlen(REQ));
  /* In order, without the retransmission, the overlap's first copy. */
  CU_ASSERT_STRING_EQUAL(buf, REQ);
  return c;
}

/* (1) A server: accept on the SYN, the request reassembled, the response
 * checked strictly in other pieces than the capture's segments, FIN. */
static void test_replay_tcp_server(void) {
  xnet_stack *s = open_local(FIX("tcp_server.pcap"), "10.2.0.1",
                             XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_listener *l = NULL;
  xnet_conn *c = serve(s, &l);
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, RESP, 4), 4);
    CU_ASSERT_EQUAL(xnet_conn_write(c, RESP + 4, 10), 10);
    CU_ASSERT_EQUAL(xnet_conn_write(c, RESP + 14, strlen(RESP) - 14),
                    (int)strlen(RESP) - 14);
    char buf[16];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0); /* the FIN */
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  if (l) CU_ASSERT_EQUAL(xnet_listener_close(l), 0);
  int rc = xnet_replay_finish(s);
  CU_ASSERT_EQUAL(rc, 0);
  if (rc) {
    char msg[768];
    (void)xnet_replay_error(s, msg, sizeof msg);
    printf("\n  %s\n", msg);
  }
  xnet_stack_close(s);
}

/* (1b) A wrong byte in the response fails the write with a diff. */
static void test_replay_tcp_server_mismatch(void) {
  xnet_stack *s = open_local(FIX("tcp_server.pcap"), "10.2.0.1",
                             XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_listener *l = NULL;
  xnet_conn *c = serve(s, &l);
  if (c) {
    char bad[sizeof RESP];
    memcpy(bad, RESP, sizeof RESP);
    bad[11] = '1'; /* "201" */
    CU_ASSERT_EQUAL(xnet_conn_write(c, bad, strlen(bad)), XNET_EMISMATCH);
    char msg[768];
    CU_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "differ at byte 11"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "expected @7: 31 20 32 30 30"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "actual   @7: 31 20 32 30 31"));
    (void)xnet_conn_close(c);
  }
  if (l) (void)xnet_listener_close(l);
  CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_EMISMATCH);
  xnet_stack_close(s);
}

/* (1c) Writing less than the capture shows, then closing: strict close
 * reports the missing bytes; lenient mode accepts anything. */
static void test_replay_tcp_server_short_and_lenient(void) {
  xnet_stack *s = open_local(FIX("tcp_server.pcap"), "10.2.0.1",
                             XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_listener *l = NULL;
  xnet_conn *c = serve(s, &l);
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, RESP, 9), 9);
    CU_ASSERT_EQUAL(xnet_conn_close_write(c), XNET_EMISMATCH);
    char msg[768];
    (void)xnet_replay_error(s, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "15 more bytes"));
    if (!strstr(msg, "15 more bytes")) printf("\n  %s\n", msg);
    (void)xnet_conn_close(c);
  }
  if (l) (void)xnet_listener_close(l);
  xnet_stack_close(s);

  s = open_local(FIX("tcp_server.pcap"), "10.2.0.1", XNET_REPLAY_LENIENT);
  if (!s) return;
  c = serve(s, &l);
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, "whatever", 8), 8);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  if (l) (void)xnet_listener_close(l);
  CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
  xnet_stack_close(s);
}

/* (1d) A dual-stack listener ("tcp" on the wildcard) takes the IPv4 SYN. */
static void test_replay_tcp_dual_stack_listener(void) {
  xnet_stack *s = open_local(FIX("tcp_server.pcap"), "10.2.0.1",
                             XNET_REPLAY_LENIENT);
  if (!s) return;
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_listener *l = NULL;
  CU_ASSERT_EQUAL(xnet_listen_config_listen(&lc, "tcp", ":8080", &l), 0);
  if (l) {
    xnet_conn *c = NULL;
    CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
    if (c) {
      char ra[64], buf[64];
      addr_str(c, true, ra, sizeof ra);
      CU_ASSERT_PTR_NOT_NULL(strstr(ra, "10.2.0.2"));
      memset(buf, 0, sizeof buf);
      CU_ASSERT_EQUAL(read_full(c, buf, strlen(REQ)), (int)strlen(REQ));
      CU_ASSERT_STRING_EQUAL(buf, REQ);
      (void)xnet_conn_close(c);
    }
    (void)xnet_listener_close(l);
  }
  xnet_stack_close(s);
}

/* (2) A client: dial on SYN/SYN-ACK/ACK; refused on RST. */
static void test_replay_tcp_client(void) {
  xnet_stack *s = open_local(FIX("tcp_client.pcap"), "10.3.0.1",
                             XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(dial_tcp(s, "10.3.0.2:80", &c), 0);
  if (c) {
    char la[64], ra[64];
    addr_str(c, false, la, sizeof la);
    addr_str(c, true, ra, sizeof ra);
    CU_ASSERT_STRING_EQUAL(la, "10.3.0.1:50000");
    CU_ASSERT_STRING_EQUAL(ra, "10.3.0.2:80");
    CU_ASSERT_EQUAL(xnet_conn_write(c, "hello", 5), 5);
    char buf[16];
    memset(buf, 0, sizeof buf);
    CU_ASSERT_EQUAL(read_full(c, buf, 5), 5);
    CU_ASSERT_STRING_EQUAL(buf, "world");
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_conn *c2 = NULL;
  int rc = dial_tcp(s, "10.3.0.2:81", &c2);
  CU_ASSERT_EQUAL(rc, XNET_ECONNREFUSED);
  if (c2) (void)xnet_conn_close(c2);
  /* A dial the capture never shows. */
  CU_ASSERT(dial_tcp(s, "10.3.0.2:82", &c2) < 0);
  xnet_stack_close(s);
}

/* (2b) Writes recorded into an output capture with a synthesised TCP
 * header: ports, the stream's sequence number, a valid checksum. */
static void test_replay_tcp_output_capture(void) {
  char out[64];
  snprintf(out, sizeof out, "/tmp/xnet-replay-tcp-out-%ld.pcap", (long)getpid());
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = XNET_REPLAY_LENIENT;
  o.output_path = out;
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(FIX("tcp_client.pcap"), &o, &s), 0);
  if (!s) return;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(dial_tcp(s, "10.3.0.2:80", &c), 0);
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, "hello", 5), 5);
    (void)xnet_conn_close(c);
  }
  xnet_stack_close(s);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(out, err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  struct pcap_pkthdr *h;
  const u_char *d;
  CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &d), 1);
  CU_ASSERT_EQUAL(h->caplen, 45u);
  if (h->caplen == 45) {
    const u_char *t = d + 20;
    CU_ASSERT_EQUAL(d[9], 6);
    CU_ASSERT_EQUAL(t[0] << 8 | t[1], 50000);
    CU_ASSERT_EQUAL(t[2] << 8 | t[3], 80);
    uint32_t seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 |
                   (uint32_t)t[6] << 8 | t[7];
    CU_ASSERT_EQUAL(seq, 1001u); /* ISN 1000 + the SYN */
    CU_ASSERT_EQUAL(memcmp(t + 20, "hello", 5), 0);
    uint8_t ph[12] = {0};
    memcpy(ph, d + 12, 8);
    ph[9] = 6;
    ph[11] = 25;
    uint32_t sum = xnet_inet_checksum_add(0, ph, 12);
    sum = xnet_inet_checksum_add(sum, t, 25);
    CU_ASSERT_EQUAL(xnet_inet_checksum_finish(sum), 0); /* valid */
  }
  CU_ASSERT_EQUAL(pcap_next_ex(p, &h, &d), -2); /* one write, one record */
  pcap_close(p);
  unlink(out);
}

/* (3) + (4) A read deadline 10 ms (virtual) before the next segment times
 * out at once; RST mid-stream is a reset on read. */
static void test_replay_tcp_deadline_and_reset(void) {
  xnet_stack *s = open_local(FIX("tcp_rst.pcap"), "10.4.0.1",
                             XNET_REPLAY_STRICT);
  if (!s) return;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(dial_tcp(s, "10.4.0.2:443", &c), 0);
  if (c) {
    char buf[16];
    memset(buf, 0, sizeof buf);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "part1");
    CU_ASSERT_EQUAL(xnet_now(s), 10 * XNET_SECOND + 3 * XNET_MILLISECOND);
    int64_t dl = 11 * XNET_SECOND + 3 * XNET_MILLISECOND - 10 * XNET_MILLISECOND;
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, dl), 0);
    int64_t t0 = real_ns();
    int rc = xnet_conn_read(c, buf, sizeof buf);
    CU_ASSERT(xnet_error_is_timeout(rc));
    CU_ASSERT(real_ns() - t0 < 500 * XNET_MILLISECOND);
    CU_ASSERT_EQUAL(xnet_now(s), dl);
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 0), 0);
    memset(buf, 0, sizeof buf);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "part2");
    CU_ASSERT_EQUAL(xnet_now(s), 11 * XNET_SECOND + 3 * XNET_MILLISECOND);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), XNET_ECONNRESET);
    CU_ASSERT_EQUAL(xnet_conn_write(c, "x", 1), XNET_ECONNRESET);
    (void)xnet_conn_close(c);
  }
  xnet_stack_close(s);
}

/* A capture built here (LINKTYPE_RAW, nanosecond pcap): a SYN from
 * 10.5.0.2:1234 to 10.5.0.1:80 with ISN isn, then count 1000-byte
 * segments starting at sequence isn + 1 + first_off, 1 ms apart.
 * Checksums are left zero: the backend does not verify them. */
static uint8_t *build_capture(uint32_t isn, uint32_t first_off, size_t count,
                              size_t *len) {
  size_t rec = 16 + 40, seg = 1000;
  uint8_t *b = calloc(1, 24 + rec + count * (rec + seg));
  if (!b) return NULL;
  uint32_t gh[6] = {0xa1b23c4d, 2 | 4 << 16, 0, 0, 262144, 101};
  memcpy(b, gh, 24);
  size_t o = 24;
  for (size_t i = 0; i <= count; i++) {
    size_t n = i ? seg : 0;
    uint32_t ts[4] = {100, (uint32_t)(i * 1000000), (uint32_t)(40 + n),
                      (uint32_t)(40 + n)};
    memcpy(b + o, ts, 16);
    uint8_t *ip = b + o + 16;
    ip[0] = 0x45;
    ip[2] = (uint8_t)((40 + n) >> 8);
    ip[3] = (uint8_t)(40 + n);
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, (const uint8_t[]){10, 5, 0, 2, 10, 5, 0, 1}, 8);
    uint8_t *t = ip + 20;
    t[0] = 1234 >> 8;
    t[1] = 1234 & 0xff;
    t[3] = 80;
    uint32_t seq = i ? isn + 1 + first_off + (uint32_t)((i - 1) * seg) : isn;
    t[4] = (uint8_t)(seq >> 24);
    t[5] = (uint8_t)(seq >> 16);
    t[6] = (uint8_t)(seq >> 8);
    t[7] = (uint8_t)seq;
    t[12] = 5 << 4;
    t[13] = i ? 0x18 : 0x02; /* PSH|ACK, SYN */
    t[14] = 0xff;
    for (size_t k = 0; k < n; k++) t[20 + k] = (uint8_t)(i + k);
    o += rec + n;
  }
  *len = o;
  return b;
}

/* Out-of-order data beyond the cap (1 MiB) fails the conn with
 * XNET_ENOBUFS and a message naming the cap; in-order data across the
 * sequence-number wrap is read whole. */
static void test_replay_tcp_ooo_cap_and_wrap(void) {
  size_t len = 0;
  /* A hole of 1000 bytes, then 1100 segments: 1.1 MB kept aside. */
  uint8_t *cap = build_capture(0x1000, 1000, 1100, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(cap);
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(cap, len, NULL, &s), 0);
  if (s) {
    xnet_listener *l = sp_listen_tcp(s, "10.5.0.1:80");
    xnet_conn *c = NULL;
    if (l) CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
    if (c) {
      char buf[64];
      CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), XNET_ENOBUFS);
      char msg[768];
      (void)xnet_replay_error(s, msg, sizeof msg);
      CU_ASSERT_PTR_NOT_NULL(strstr(msg, "reassembly cap"));
      (void)xnet_conn_close(c);
    }
    if (l) (void)xnet_listener_close(l);
    xnet_stack_close(s);
  }
  free(cap);
  /* In order from ISN 2^32 - 3000: the stream wraps after 2999 bytes. */
  cap = build_capture(0xFFFFF448u, 0, 8, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(cap);
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(cap, len, NULL, &s), 0);
  if (s) {
    xnet_listener *l = sp_listen_tcp(s, "10.5.0.1:80");
    xnet_conn *c = NULL;
    if (l) CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
    if (c) {
      uint8_t buf[9000];
      (void)xnet_conn_set_read_deadline(c, 101 * XNET_SECOND);
      int last = 0;
      size_t got = read_all(c, buf, sizeof buf, &last);
      CU_ASSERT_EQUAL(got, 8000);
      CU_ASSERT(xnet_error_is_timeout(last));
      bool ok = true;
      for (size_t i = 0; i < got; i++)
        if (buf[i] != (uint8_t)(i / 1000 + 1 + i % 1000)) ok = false;
      CU_ASSERT(ok);
      (void)xnet_conn_close(c);
    }
    if (l) (void)xnet_listener_close(l);
    xnet_stack_close(s);
  }
  free(cap);
}

/* Pacing applies to TCP reads: at 10x, the 1 s gap before "part2" takes
 * about 100 ms of real time. */
static void test_replay_tcp_pacing(void) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.pacing = 10.0;
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(FIX("tcp_rst.pcap"), &o, &s), 0);
  if (!s) return;
  xnet_conn *c = NULL;
  CU_ASSERT_EQUAL(dial_tcp(s, "10.4.0.2:443", &c), 0);
  if (c) {
    char buf[16];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    int64_t t0 = real_ns();
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    int64_t took = real_ns() - t0;
    CU_ASSERT(took >= 80 * XNET_MILLISECOND);
    CU_ASSERT(took < 2 * XNET_SECOND);
    (void)xnet_conn_close(c);
  }
  xnet_stack_close(s);
}

/* ---- (5) real captures of the corpus ---- */

static const char *need_corpus(void) {
  if (access(CORPUS("tcpdump__tcp-handshake-nano.pcap"), R_OK) != 0 ||
      access(CORPUS("zeek__tcp__option-sack.pcap"), R_OK) != 0 ||
      access(CORPUS("suricata-verify__tcp-rst-unacked-stream-10__TLPW1-tcp-"
                    "174.56.47.59-10.3.11.101-tcp-80-49309.pcap"),
             R_OK) != 0)
    return "no TCP corpus at " XNET_CORPUS_DIR "/tcp";
  return NULL;
}

/* One direction of a TCP flow, reassembled by the test itself from the
 * capture (libpcap, Ethernet or Linux SLL, IPv4): bytes placed by
 * sequence number, first copy kept; the stream is the prefix without a
 * hole. */
typedef struct flow {
  uint8_t *b;
  uint8_t *have;
  size_t cap, len;
  int64_t last_t; /* time of the capture's last record, ns */
} flow;

static void flow_collect(const char *path, const uint8_t src[4], flow *f) {
  memset(f, 0, sizeof *f);
  f->cap = 4 << 20;
  f->b = calloc(1, f->cap);
  f->have = calloc(1, f->cap);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline_with_tstamp_precision(
      path, PCAP_TSTAMP_PRECISION_NANO, err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  int lt = pcap_datalink(p);
  bool have_isn = false;
  uint32_t isn = 0;
  struct pcap_pkthdr *h;
  const u_char *d;
  while (pcap_next_ex(p, &h, &d) == 1) {
    f->last_t = (int64_t)h->ts.tv_sec * XNET_SECOND + h->ts.tv_usec;
    size_t off = lt == DLT_EN10MB ? 14 : lt == DLT_LINUX_SLL ? 16 : 0;
    if (h->caplen < off + 40) continue;
    unsigned et = (unsigned)(d[off - 2] << 8 | d[off - 1]);
    if (et != 0x0800) continue;
    const u_char *ip = d + off;
    size_t ihl = (size_t)(ip[0] & 15) * 4;
    size_t tot = (size_t)(ip[2] << 8 | ip[3]);
    if (ip[9] != 6 || memcmp(ip + 12, src, 4) || off + tot > h->caplen) continue;
    const u_char *t = ip + ihl;
    size_t hl = (size_t)(t[12] >> 4) * 4;
    uint32_t seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 |
                   (uint32_t)t[6] << 8 | t[7];
    if (t[13] & 2) {
      isn = seq;
      have_isn = true;
      continue;
    }
    size_t n = tot - ihl - hl;
    if (!have_isn || !n) continue;
    size_t at = (uint32_t)(seq - isn - 1);
    for (size_t i = 0; i < n && at + i < f->cap; i++)
      if (!f->have[at + i]) {
        f->have[at + i] = 1;
        f->b[at + i] = t[hl + i];
      }
  }
  pcap_close(p);
  while (f->len < f->cap && f->have[f->len]) f->len++;
}

static void flow_free(flow *f) {
  free(f->b);
  free(f->have);
}

static void test_replay_tcp_corpus(void) {
  /* tcpdump: just a handshake (Linux SLL): the dial succeeds. */
  xnet_stack *s = open_local(CORPUS("tcpdump__tcp-handshake-nano.pcap"),
                             "131.155.215.69", XNET_REPLAY_STRICT);
  if (s) {
    xnet_conn *c = NULL;
    CU_ASSERT_EQUAL(dial_tcp(s, "137.116.81.94:80", &c), 0);
    if (c) {
      char la[64];
      addr_str(c, false, la, sizeof la);
      CU_ASSERT_STRING_EQUAL(la, "131.155.215.69:46656");
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, XNET_SECOND)), 0);
      char b[4];
      CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, b, sizeof b)));
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
    xnet_stack_close(s);
  }
  /* zeek: four copies of one SYN to 127.0.0.1:80: one accepted conn. */
  s = open_local(CORPUS("zeek__tcp__option-sack.pcap"), "127.0.0.1",
                 XNET_REPLAY_STRICT);
  if (s) {
    xnet_listener *l = sp_listen_tcp(s, "127.0.0.1:80");
    if (l) {
      xnet_conn *c = NULL;
      CU_ASSERT_EQUAL(xnet_listener_accept(l, &c), 0);
      if (c) {
        char ra[64];
        addr_str(c, true, ra, sizeof ra);
        CU_ASSERT_STRING_EQUAL(ra, "127.0.0.1:20");
        (void)xnet_conn_close(c);
      }
      CU_ASSERT_EQUAL(xnet_listener_set_deadline(l, xnet_deadline_in(s, XNET_SECOND)), 0);
      xnet_conn *c2 = NULL;
      CU_ASSERT(xnet_error_is_timeout(xnet_listener_accept(l, &c2)));
      CU_ASSERT_EQUAL(xnet_listener_close(l), 0);
    }
    xnet_stack_close(s);
  }
  /* suricata-verify: an HTTP download with out-of-order segments and a
   * hole, ended by the client's RST: the request written strictly, the
   * response read up to the hole. */
  const char *sv = CORPUS("suricata-verify__tcp-rst-unacked-stream-10__TLPW1-"
                          "tcp-174.56.47.59-10.3.11.101-tcp-80-49309.pcap");
  static const uint8_t cli[4] = {10, 3, 11, 101}, srv[4] = {174, 56, 47, 59};
  flow out, in;
  flow_collect(sv, cli, &out);
  flow_collect(sv, srv, &in);
  CU_ASSERT_EQUAL(out.len, 771);
  CU_ASSERT(in.len > 1288 * 10);
  s = open_local(sv, "10.3.11.101", XNET_REPLAY_STRICT);
  if (s) {
    xnet_conn *c = NULL;
    CU_ASSERT_EQUAL(dial_tcp(s, "174.56.47.59:80", &c), 0);
    if (c) {
      CU_ASSERT_EQUAL(xnet_conn_write(c, out.b, out.len), (int)out.len);
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, in.last_t + XNET_SECOND), 0);
      uint8_t *buf = malloc(in.len + 65536);
      int last = 0;
      size_t got = read_all(c, buf, in.len + 65536, &last);
      CU_ASSERT(xnet_error_is_timeout(last));
      CU_ASSERT_EQUAL(got, in.len);
      CU_ASSERT(got >= 8 && memcmp(buf, "HTTP/1.1", 8) == 0);
      CU_ASSERT(got == in.len && memcmp(buf, in.b, got) == 0);
      free(buf);
      (void)xnet_conn_close(c);
    }
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) {
      char msg[768];
      (void)xnet_replay_error(s, msg, sizeof msg);
      printf("\n  %s\n", msg);
    }
    xnet_stack_close(s);
  }
  flow_free(&out);
  flow_free(&in);
}

XT_SUITE(backends, replay_tcp, NULL, NULL,
         XT_TEST(test_replay_tcp_server),
         XT_TEST(test_replay_tcp_server_mismatch),
         XT_TEST(test_replay_tcp_server_short_and_lenient),
         XT_TEST(test_replay_tcp_dual_stack_listener),
         XT_TEST(test_replay_tcp_client),
         XT_TEST(test_replay_tcp_output_capture),
         XT_TEST(test_replay_tcp_deadline_and_reset),
         XT_TEST(test_replay_tcp_ooo_cap_and_wrap),
         XT_TEST(test_replay_tcp_pacing),
         XT_TEST_IF(test_replay_tcp_corpus, need_corpus));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_tcp_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_tcp, NULL, NULL,
         XT_TEST_IF(test_replay_tcp_unavailable, need_replay));
#endif
