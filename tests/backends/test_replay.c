/* test_replay.c — the pcap replay backend (backends/pcap): UDP and raw IP
 * delivery with control messages, expected writes (strict, lenient, output
 * capture, missing ones), virtual time and deadlines, wakers, IPv4
 * reassembly, every link type of the corpus, malformed captures.
 *
 * Fixtures: the captures in fixtures/replay are written by
 * fixtures/replay/make_replay.py (its docstring lists what each holds);
 * the corpus captures come from ../shared/corpus (tests SKIP without it).
 * The differential test (host stack vs replay of its own capture) is in
 * test_replay_diff.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <dirent.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnet/xnet.h"
#include "xnet_test.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name

static int64_t real_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec;
}

static void fmt(const xnet_addr *a, char *buf, size_t cap) {
  xnet_addr_format(a, buf, cap);
}

static xnet_conn *dial(xnet_stack *s, const char *net, const char *addr) {
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  xnet_conn *c = NULL;
  int rc = xnet_dialer_dial(&d, net, addr, &c);
  CU_ASSERT_EQUAL(rc, 0);
  return rc == 0 ? c : NULL;
}

static xnet_conn *listen_packet(xnet_stack *s, const char *net,
                                const char *addr) {
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  int rc = xnet_listen_config_listen_packet(&lc, net, addr, &c);
  CU_ASSERT_EQUAL(rc, 0);
  return rc == 0 ? c : NULL;
}

static xnet_stack *open_fix(const char *path, const xnet_replay_options *o) {
  xnet_stack *s = NULL;
  int rc = xnet_replay_stack_open(path, o, &s);
  CU_ASSERT_EQUAL(rc, 0);
  if (s) CU_ASSERT_STRING_EQUAL(xnet_stack_name(s), "replay");
  return s;
}

/* (1) A UDP client: reads carry payload, source and the control messages
 * of the capture; strict writes that match pass, and finish is clean. */
static void test_replay_udp_client_strict(void) {
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), NULL);
  if (!s) return;
  CU_ASSERT_EQUAL(xnet_now(s), 1000 * XNET_SECOND);
  xnet_conn *c = dial(s, "udp", "10.0.0.2:7777");
  if (!c) goto out;
  xnet_addr la;
  char buf[128];
  CU_ASSERT_EQUAL(xnet_conn_local_addr(c, &la), 0);
  fmt(&la, buf, sizeof buf);
  CU_ASSERT_STRING_EQUAL(buf, "10.0.0.1:40000"); /* inferred from capture */
  CU_ASSERT_EQUAL(xnet_ipv4_set_control_message(
                      c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS |
                             XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE,
                      true),
                  0);
  static const struct {
    const char *req, *resp;
    unsigned ttl, tos;
    int64_t t;
  } steps[] = {{"ping 1", "pong 1", 61, 0x28, 500000},
               {"ping 2", "pong 2", 60, 0xb8, 1500000}};
  for (int i = 0; i < 2; i++) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, steps[i].req, 6), 6);
    xnet_ipv4_cmsg cm;
    memset(&cm, 0, sizeof cm);
    xnet_addr src;
    memset(buf, 0, sizeof buf);
    int n = xnet_ipv4_read_from(c, buf, sizeof buf, &cm, &src);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_STRING_EQUAL(buf, steps[i].resp);
    char sa[64];
    fmt(&src, sa, sizeof sa);
    CU_ASSERT_STRING_EQUAL(sa, "10.0.0.2:7777");
    CU_ASSERT_EQUAL(cm.ttl, steps[i].ttl);
    CU_ASSERT_EQUAL(cm.tos, steps[i].tos);
    CU_ASSERT_EQUAL(cm.ifindex, 3); /* the SLL2 interface index */
    static const uint8_t dst[4] = {10, 0, 0, 1};
    CU_ASSERT(cm.has & XNET_IPV4_FLAG_DST);
    CU_ASSERT_EQUAL(memcmp(cm.dst, dst, 4), 0);
    CU_ASSERT_EQUAL(xnet_now(s), 1000 * XNET_SECOND + steps[i].t);
  }
  CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
  uint64_t recs = 0, delivered = 0, writes = 0;
  CU_ASSERT_EQUAL(xnet_replay_stats(s, &recs, &delivered, &writes), 0);
  CU_ASSERT_EQUAL(delivered, 2);
  CU_ASSERT_EQUAL(writes, 2);
  CU_ASSERT_EQUAL(recs, 6);
  CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
out:
  xnet_stack_close(s);
}

/* The server side of the same capture, on a dual-stack "udp" conn bound
 * to the wildcard: requests arrive from an IPv4-mapped source, replies
 * written to it are compared (payload and destination, including the
 * capture's datagram to another port); a wrong destination is named. */
static void test_replay_udp_server_dual_stack(void) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  CU_ASSERT_EQUAL(xnet_ip_parse("10.0.0.2", 8, &o.local[0]), 0);
  o.local_count = 1;
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), &o);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", ":7777");
  if (c) {
    char buf[32] = {0}, sa[64];
    xnet_addr from, other;
    CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 6);
    CU_ASSERT_STRING_EQUAL(buf, "ping 1");
    fmt(&from, sa, sizeof sa);
    CU_ASSERT_STRING_EQUAL(sa, "10.0.0.1:40000");
    CU_ASSERT_EQUAL(xnet_conn_write_to(c, "pong 1", 6, &from), 6);
    CU_ASSERT_EQUAL(xnet_resolve_addr(s, "udp", "10.0.0.1:40001", &other), 0);
    CU_ASSERT_EQUAL(xnet_conn_write_to(c, "other", 5, &other), 5);
    CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 6);
    CU_ASSERT_STRING_EQUAL(buf, "ping 2");
    CU_ASSERT_EQUAL(xnet_conn_write_to(c, "pong 2", 6, &from), 6);
    CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
  /* The reply sent to the wrong port. */
  s = open_fix(FIX("udp_echo.pcap"), &o);
  if (!s) return;
  c = listen_packet(s, "udp4", "10.0.0.2:7777");
  if (c) {
    char buf[32];
    xnet_addr other;
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 6);
    CU_ASSERT_EQUAL(xnet_resolve_addr(s, "udp", "10.0.0.1:40001", &other), 0);
    CU_ASSERT_EQUAL(xnet_conn_write_to(c, "pong 1", 6, &other), XNET_EMISMATCH);
    char msg[768];
    CU_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "destination 10.0.0.1:40001, expected 10.0.0.1:40000"));
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* The raw control-message bytes are Linux's, whatever the host. */
static void test_replay_cmsg_linux_layout(void) {
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = dial(s, "udp", "10.0.0.2:7777");
  if (c) {
    CU_ASSERT_EQUAL(xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL, true), 0);
    CU_ASSERT_EQUAL(xnet_conn_write(c, "ping 1", 6), 6);
    uint8_t buf[64], oob[64];
    size_t oobn = 0;
    int flags = 0;
    CU_ASSERT_EQUAL(xnet_conn_read_msg(c, buf, sizeof buf, oob, sizeof oob,
                                       &oobn, &flags, NULL),
                    6);
    /* struct cmsghdr {u64 len = 20; i32 level 0; i32 type IP_TTL 2}; int 61 */
    static const uint8_t want[24] = {20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                     2,  0, 0, 0, 61, 0, 0, 0, 0, 0, 0, 0};
    CU_ASSERT_EQUAL(oobn, 24);
    CU_ASSERT_EQUAL(memcmp(oob, want, 24), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* (1) strict: a wrong payload fails the write with a readable diff. */
static void test_replay_udp_strict_mismatch(void) {
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = dial(s, "udp", "10.0.0.2:7777");
  if (c) {
    int rc = xnet_conn_write(c, "ping X", 6);
    CU_ASSERT_EQUAL(rc, XNET_EMISMATCH);
    CU_ASSERT_EQUAL(xnet_last_error()->code, XNET_EMISMATCH);
    /* The write's own failure record carries the diff too. */
    CU_ASSERT_PTR_NOT_NULL(strstr(xnet_last_error()->detail, "differs at byte 5"));
    char msg[768];
    CU_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "differs at byte 5"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "expected @1: 69 6e 67 20 31"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "actual   @1: 69 6e 67 20 58"));
    CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_EMISMATCH);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* (1) lenient: anything is accepted, and recorded to the output capture. */
static void test_replay_udp_lenient_output(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/xnet-replay-out-%ld.pcap", (long)getpid());
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = XNET_REPLAY_LENIENT;
  o.output_path = path;
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), &o);
  if (!s) return;
  xnet_conn *c = dial(s, "udp", "10.0.0.2:7777");
  if (c) {
    CU_ASSERT_EQUAL(xnet_conn_write(c, "ping X", 6), 6);
    CU_ASSERT_EQUAL(xnet_conn_write(c, "extra!", 6), 6);
    CU_ASSERT_EQUAL(xnet_conn_write(c, "more", 4), 4); /* past the capture */
    CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  CU_ASSERT_PTR_NOT_NULL(p);
  if (p) {
    CU_ASSERT_EQUAL(pcap_datalink(p), DLT_RAW);
    struct pcap_pkthdr *h;
    const u_char *b;
    int n = 0;
    while (pcap_next_ex(p, &h, &b) == 1) {
      if (n == 0) {
        CU_ASSERT_EQUAL(h->caplen, 34);
        CU_ASSERT_EQUAL(b[0], 0x45);
        CU_ASSERT_EQUAL(b[9], 17);
        CU_ASSERT_EQUAL(b[12], 10);
        CU_ASSERT_EQUAL(b[15], 1);
        CU_ASSERT_EQUAL(b[20] << 8 | b[21], 40000);
        CU_ASSERT_EQUAL(b[22] << 8 | b[23], 7777);
        CU_ASSERT_EQUAL(memcmp(b + 28, "ping X", 6), 0);
      }
      n++;
    }
    CU_ASSERT_EQUAL(n, 3);
    pcap_close(p);
  }
  unlink(path);
}

/* Strict: finish names an expected write that never happened. */
static void test_replay_missing_write(void) {
  xnet_stack *s = open_fix(FIX("udp_echo.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = dial(s, "udp", "10.0.0.2:7777");
  if (c) {
    char buf[16];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 6);
    CU_ASSERT_EQUAL(xnet_replay_finish(s), XNET_EMISMATCH);
    char msg[256];
    CU_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record 1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "never happened"));
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* (2) Deadlines in virtual time: 10 ms before a packet 60 s away times out
 * at once; the whole run takes no real time proportional to the gap. */
static void test_replay_deadline_virtual(void) {
  int64_t t0 = real_ns();
  xnet_stack *s = open_fix(FIX("gap.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", "192.168.1.1:9000");
  if (c) {
    char buf[32] = {0};
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "first");
    CU_ASSERT_EQUAL(xnet_now(s), 100 * XNET_SECOND);
    int64_t dl = 160 * XNET_SECOND - 10 * XNET_MILLISECOND;
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, dl), 0);
    int rc = xnet_conn_read(c, buf, sizeof buf);
    CU_ASSERT(xnet_error_is_timeout(rc));
    CU_ASSERT_EQUAL(xnet_now(s), dl);
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 0), 0);
    memset(buf, 0, sizeof buf);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 6);
    CU_ASSERT_STRING_EQUAL(buf, "second");
    CU_ASSERT_EQUAL(xnet_now(s), 160 * XNET_SECOND);
    /* Past the end: a deadline expires in virtual time too. */
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3600 * XNET_SECOND)), 0);
    rc = xnet_conn_read(c, buf, sizeof buf);
    CU_ASSERT(xnet_error_is_timeout(rc));
    CU_ASSERT_EQUAL(xnet_now(s), 3760 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
  CU_ASSERT(real_ns() - t0 < XNET_SECOND);
}

/* A batch read waits for its first datagram only, then takes what is due
 * at that moment: a datagram 60 s later is not part of it, and plain reads
 * that stream (the backend then moves the clock within the read) still
 * honour a deadline set between them. */
static void test_replay_read_batch_due_only(void) {
  xnet_stack *s = open_fix(FIX("gap.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", "192.168.1.1:9000");
  if (c) {
    char b[4][16];
    struct iovec iov[4];
    xnet_msg m[4];
    memset(m, 0, sizeof m);
    memset(b, 0, sizeof b);
    for (int i = 0; i < 4; i++) {
      iov[i].iov_base = b[i];
      iov[i].iov_len = sizeof b[i];
      m[i].iov = &iov[i];
      m[i].iov_len = 1;
    }
    XT_ASSERT_INT_EQ(xnet_conn_read_batch(c, m, 4, 0), 1);
    XT_ASSERT_STR_EQ(b[0], "first");
    XT_ASSERT_INT_EQ(xnet_now(s), 100 * XNET_SECOND);
    XT_ASSERT_INT_EQ(xnet_conn_read_batch(c, m, 4, 0), 1);
    XT_ASSERT_STR_EQ(b[0], "second");
    XT_ASSERT_INT_EQ(xnet_now(s), 160 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
  /* Streaming reads, then a deadline before the next datagram. */
  s = open_fix(FIX("gap.pcap"), NULL);
  if (!s) return;
  c = listen_packet(s, "udp", "192.168.1.1:9000");
  if (c) {
    char buf[16] = {0};
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 130 * XNET_SECOND), 0);
    XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, buf, sizeof buf)));
    XT_ASSERT_INT_EQ(xnet_now(s), 130 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, 500 * XNET_SECOND), 0);
    XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 6);
    XT_ASSERT_INT_EQ(xnet_now(s), 160 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* Pacing replays the capture's gaps in real time, divided by the factor. */
static void test_replay_pacing(void) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.pacing = 600.0; /* the 60 s gap in 100 ms */
  xnet_stack *s = open_fix(FIX("gap.pcap"), &o);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", ":9000");
  if (c) {
    char buf[32];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    int64_t t0 = real_ns();
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 6);
    int64_t el = real_ns() - t0;
    CU_ASSERT(el >= 90 * XNET_MILLISECOND);
    CU_ASSERT(el < 2 * XNET_SECOND);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

typedef struct reader {
  xnet_conn *c;
  int rc;
} reader;

static void *read_thread(void *arg) {
  reader *r = arg;
  char buf[32];
  r->rc = xnet_conn_read(r->c, buf, sizeof buf);
  return NULL;
}

/* At the end of the capture a read without deadline blocks until close
 * from another thread wakes it. */
static void test_replay_close_wakes_read(void) {
  xnet_stack *s = open_fix(FIX("gap.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", "192.168.1.1:9000");
  if (c) {
    char buf[32];
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 6);
    reader r = {c, 1};
    pthread_t th;
    CU_ASSERT_EQUAL(pthread_create(&th, NULL, read_thread, &r), 0);
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    CU_ASSERT_EQUAL(r.rc, 1); /* still blocked */
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(r.rc, XNET_ECLOSED);
  }
  xnet_stack_close(s);
}

/* (4) IPv4 fragments, out of order, reassembled into one datagram. */
static void test_replay_ipv4_fragments(void) {
  xnet_stack *s = open_fix(FIX("frag.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp4", "10.9.0.1:6001");
  if (c) {
    static uint8_t buf[4000];
    xnet_addr from;
    CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 3000);
    int bad = 0;
    for (int i = 0; i < 3000; i++)
      if (buf[i] != (uint8_t)(i * 7)) bad++;
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(xnet_now(s), 50 * XNET_SECOND + 2000); /* last fragment */
    CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 4);
    CU_ASSERT_EQUAL(memcmp(buf, "tail", 4), 0);
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* (5) A raw ip4:icmp conn receives the IPv4 header and the ICMP message;
 * its write of the reply is compared with the capture's. */
static void test_replay_raw_icmp(void) {
  xnet_stack *s = open_fix(FIX("icmp.pcap"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "ip4:icmp", "10.1.0.1");
  if (c) {
    uint8_t buf[128];
    xnet_addr from;
    CU_ASSERT_EQUAL(xnet_conn_read_from(c, buf, sizeof buf, &from), 37);
    CU_ASSERT_EQUAL(buf[0], 0x45);
    CU_ASSERT_EQUAL(buf[2] << 8 | buf[3], 37); /* Linux: network order */
    CU_ASSERT_EQUAL(buf[8], 55);               /* TTL */
    CU_ASSERT_EQUAL(buf[9], 1);
    CU_ASSERT_EQUAL(buf[20], 8); /* echo request */
    CU_ASSERT_EQUAL(memcmp(buf + 28, "xnet-echo", 9), 0);
    char sa[64];
    fmt(&from, sa, sizeof sa);
    CU_ASSERT_STRING_EQUAL(sa, "10.1.0.2");
    /* The reply, as the application builds it (ICMP only: the kernel adds
     * the IP header). */
    uint8_t reply[17];
    memcpy(reply, buf + 20, 17);
    reply[0] = 0;
    reply[2] = reply[3] = 0;
    uint16_t sum = xnet_inet_checksum_finish(xnet_inet_checksum_add(0, reply, 17));
    reply[2] = (uint8_t)(sum >> 8);
    reply[3] = (uint8_t)sum;
    CU_ASSERT_EQUAL(xnet_conn_write_to(c, reply, 17, &from), 17);
    CU_ASSERT_EQUAL(xnet_replay_finish(s), 0);
    /* Nothing else arrives for 10.1.0.1. */
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, XNET_SECOND)), 0);
    CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, buf, sizeof buf)));
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* IPv6 in a pcapng with two interfaces: hop limit, traffic class,
 * destination, and the interface block's number + 1 as the index. */
static void test_replay_udp6_pcapng(void) {
  xnet_stack *s = open_fix(FIX("udp6.pcapng"), NULL);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp6", "[2001:db8::1]:5300");
  if (c) {
    CU_ASSERT_EQUAL(xnet_ipv6_set_control_message(
                        c, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS |
                               XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE,
                        true),
                    0);
    char buf[32] = {0};
    xnet_ipv6_cmsg cm;
    memset(&cm, 0, sizeof cm);
    xnet_addr src;
    CU_ASSERT_EQUAL(xnet_ipv6_read_from(c, buf, sizeof buf, &cm, &src), 8);
    CU_ASSERT_STRING_EQUAL(buf, "v6 hello");
    CU_ASSERT_EQUAL(cm.hop_limit, 33);
    CU_ASSERT_EQUAL(cm.traffic_class, 0x20);
    CU_ASSERT_EQUAL(cm.ifindex, 2); /* pcapng interface 1 */
    CU_ASSERT_EQUAL(cm.dst[15], 1);
    char sa[64];
    fmt(&src, sa, sizeof sa);
    CU_ASSERT_STRING_EQUAL(sa, "[2001:db8::2]:53");
    CU_ASSERT_EQUAL(xnet_now(s), 5 * XNET_SECOND);
    memset(&cm, 0, sizeof cm);
    CU_ASSERT_EQUAL(xnet_ipv6_read_from(c, buf, sizeof buf, &cm, &src), 5);
    CU_ASSERT_EQUAL(cm.hop_limit, 34);
    CU_ASSERT_EQUAL(cm.ifindex, 1); /* pcapng interface 0 */
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* The capture can come from memory; explicit local addresses filter. */
static void test_replay_open_memory(void) {
  FILE *f = fopen(FIX("gap.pcap"), "rb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  static uint8_t bytes[4096];
  size_t n = fread(bytes, 1, sizeof bytes, f);
  fclose(f);
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  CU_ASSERT_EQUAL(xnet_ip_parse("192.168.1.1", 11, &o.local[0]), 0);
  o.local_count = 1;
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(bytes, n, &o, &s), 0);
  if (!s) return;
  xnet_conn *c = listen_packet(s, "udp", ":9000");
  if (c) {
    char buf[32] = {0};
    CU_ASSERT_EQUAL(xnet_conn_read(c, buf, sizeof buf), 5);
    CU_ASSERT_STRING_EQUAL(buf, "first");
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
  /* Other local addresses: nothing is for us. */
  CU_ASSERT_EQUAL(xnet_ip_parse("192.168.1.7", 11, &o.local[0]), 0);
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(bytes, n, &o, &s), 0);
  if (!s) return;
  c = listen_packet(s, "udp", ":9000");
  if (c) {
    char buf[32];
    CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3600 * XNET_SECOND)), 0);
    CU_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, buf, sizeof buf)));
    CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
  }
  xnet_stack_close(s);
}

/* Bad arguments and what the backend does not serve yet. */
static void test_replay_errors(void) {
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(NULL, NULL, &s), XNET_EINVAL);
  CU_ASSERT_EQUAL(xnet_replay_stack_open("/nonexistent/x.pcap", NULL, &s), XNET_ENOENT);
  CU_ASSERT_PTR_NULL(s);
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory("abc", 3, NULL, &s), XNET_EBADFORMAT);
  CU_ASSERT_EQUAL(xnet_replay_stack_open_memory(NULL, 0, NULL, &s), XNET_EBADFORMAT);
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = 7;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(FIX("gap.pcap"), &o, &s), XNET_EINVAL);
  CU_ASSERT_EQUAL(xnet_replay_finish(NULL), XNET_EINVAL);
  CU_ASSERT_EQUAL(xnet_replay_finish(xnet_stack_default()), XNET_EINVAL);
  s = open_fix(FIX("gap.pcap"), NULL);
  if (!s) return;
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_listener *l = NULL;
  /* TCP is served (test_replay_tcp.c): a listener opens. */
  CU_ASSERT_EQUAL(xnet_listen_config_listen(&lc, "tcp", "192.168.1.1:80", &l),
                  0);
  if (l) (void)xnet_listener_close(l);
  xnet_stack_close(s);
}

/* ---- (3) every link type of the corpus delivers ---- */

static const char *need_corpus(void) {
  DIR *d = opendir(XNET_CORPUS_DIR);
  if (!d) return "no corpus at " XNET_CORPUS_DIR;
  closedir(d);
  return NULL;
}

/* The first IP datagram of a capture, found with libpcap and the
 * dissector independently of the backend. */
typedef struct first_ip {
  bool v6, udp;
  uint8_t proto;
  char dst[80];
  size_t len; /* UDP payload, raw IPv4 datagram, or IPv6 payload */
} first_ip;

static bool find_first(const char *path, first_ip *out) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  if (!p) return false;
  struct pcap_pkthdr *h;
  const u_char *b;
  bool ok = false;
  while (!ok && pcap_next_ex(p, &h, &b) == 1) {
    xnet_packet pk;
    if (xnet_packet_dissect((uint32_t)pcap_datalink(p), b, h->caplen, &pk) < 0)
      continue;
    int i = -1;
    for (size_t k = 0; k < pk.count; k++)
      if (pk.layers[k].proto == XNET_PACKET_IPV4 || pk.layers[k].proto == XNET_PACKET_IPV6) {
        i = (int)k;
        break;
      }
    if (i < 0) continue;
    const xnet_packet_layer *ip = &pk.layers[i];
    if (ip->flags & (XNET_PACKET_SHORT | XNET_PACKET_FIRST_FRAGMENT | XNET_PACKET_LATER_FRAGMENT))
      continue;
    const uint8_t *d = b + ip->offset;
    out->v6 = ip->proto == XNET_PACKET_IPV6;
    out->proto = ip->upper;
    xnet_ip dst;
    memset(&dst, 0, sizeof dst);
    dst.len = out->v6 ? 16 : 4;
    memcpy(dst.bytes, d + (out->v6 ? 24 : 16), dst.len);
    char ips[64];
    xnet_ip_format(&dst, ips, sizeof ips);
    int u = xnet_packet_find(&pk, (size_t)i, XNET_PACKET_UDP);
    out->udp = u >= 0 && pk.layers[u].depth == 0 && !(pk.layers[u].flags & XNET_PACKET_TRUNCATED);
    if (out->udp) {
      const uint8_t *ud = b + pk.layers[u].offset;
      snprintf(out->dst, sizeof out->dst, out->v6 ? "[%s]:%u" : "%s:%u", ips,
               (unsigned)(ud[2] << 8 | ud[3]));
      out->len = pk.layers[u].end - pk.layers[u].offset - 8;
    } else if (!out->v6) {
      snprintf(out->dst, sizeof out->dst, "%s", ips);
      out->len = ip->end - ip->offset;
    } else {
      continue; /* raw IPv6: keep to UDP there */
    }
    ok = true;
  }
  pcap_close(p);
  return ok;
}

static void test_replay_corpus_link_types(void) {
  static const char *files[] = {
      "udp/PcapPlusPlus__DnsPackets.pcap",     /* Ethernet */
      "udp/PcapPlusPlus__NullLoopback.pcap",   /* pcapng, NULL */
      "udp/tcpdump__dns-badcookie.pcap",       /* NULL */
      "udp/PcapPlusPlus__IPv6UdpPacket.pcap",  /* Ethernet, IPv6 */
      "tcp/PcapPlusPlus__sll2.pcap",           /* SLL2 (TCP: raw conn) */
      "tcp/tcpdump__tcp-handshake-nano.pcap",  /* SLL v1 (TCP: raw conn) */
      "ipv4/tcpdump__LINKTYPE_RAW_ipv4.pcap",  /* RAW 101 */
      "ipv4/tcpdump__LINKTYPE_IPV4.pcap",      /* IPV4 228 */
      "ipv6/tcpdump__LINKTYPE_IPV6.pcap",      /* IPV6 229 */
  };
  int delivered = 0;
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", XNET_CORPUS_DIR, files[i]);
    first_ip f;
    memset(&f, 0, sizeof f);
    if (!find_first(path, &f)) {
      printf("\n  %s: no IP datagram to check\n", files[i]);
      continue;
    }
    xnet_stack *s = NULL;
    int rc = xnet_replay_stack_open(path, NULL, &s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) continue;
    char net[32];
    if (f.udp) snprintf(net, sizeof net, "%s", f.v6 ? "udp6" : "udp4");
    else snprintf(net, sizeof net, "ip4:%u", f.proto);
    xnet_conn *c = listen_packet(s, net, f.dst);
    if (c) {
      static uint8_t buf[70000];
      CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3600 * XNET_SECOND)), 0);
      int n = xnet_conn_read(c, buf, sizeof buf);
      if (n != (int)f.len)
        printf("\n  %s: %s %s read %d, want %zu\n", files[i], net, f.dst, n, f.len);
      CU_ASSERT_EQUAL(n, (int)f.len);
      if (n == (int)f.len) delivered++;
      CU_ASSERT_EQUAL(xnet_conn_close(c), 0);
    }
    xnet_stack_close(s);
  }
  CU_ASSERT(delivered >= 8);
}

/* ---- (7) malformed captures open or fail cleanly ---- */

static void drain(xnet_stack *s) {
  static const char *nets[] = {"ip4:17", "ip4:6", "ip4:1", "udp6"};
  static const char *addrs[] = {"", "", "", ":53"};
  for (int i = 0; i < 4; i++) {
    xnet_conn *c = NULL;
    xnet_listen_config lc;
    memset(&lc, 0, sizeof lc);
    lc.stack = s;
    if (xnet_listen_config_listen_packet(&lc, nets[i], addrs[i], &c) != 0) continue;
    static uint8_t buf[70000];
    for (int k = 0; k < 2000; k++) {
      if (xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3600 * XNET_SECOND)) != 0) break;
      if (xnet_conn_read(c, buf, sizeof buf) < 0) break;
    }
    (void)xnet_conn_close(c);
  }
  int rc = xnet_replay_finish(s);
  CU_ASSERT(rc == 0 || rc == XNET_EMISMATCH || rc == XNET_EBADFORMAT);
  char msg[768];
  (void)xnet_replay_error(s, msg, sizeof msg);
}

static void test_replay_malformed_corpus(void) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/malformed", XNET_CORPUS_DIR);
  DIR *d = opendir(dir);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  struct dirent *e;
  int opened = 0, refused = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    xnet_stack *s = NULL;
    int rc = xnet_replay_stack_open(path, NULL, &s);
    if (rc == 0) {
      opened++;
      drain(s);
      xnet_stack_close(s);
    } else {
      refused++;
      CU_ASSERT(rc == XNET_EBADFORMAT || rc == XNET_ENOENT);
    }
  }
  closedir(d);
  CU_ASSERT(opened > 0);
  CU_ASSERT(refused > 0);
}

/* Every prefix of a fixture (a capture cut anywhere) opens or fails with
 * XNET_EBADFORMAT; a cut record is reported, naming its number. */
static void test_replay_truncated(void) {
  FILE *f = fopen(FIX("udp_echo.pcap"), "rb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  static uint8_t bytes[4096];
  size_t n = fread(bytes, 1, sizeof bytes, f);
  fclose(f);
  int named = 0, bad_reads = 0;
  for (size_t cut = 0; cut < n; cut++) {
    uint8_t *copy = malloc(cut ? cut : 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, bytes, cut);
    xnet_stack *s = NULL;
    int rc = xnet_replay_stack_open_memory(copy, cut, NULL, &s);
    if (rc == 0) {
      /* A cut record fails the read that reaches it. */
      xnet_conn *c = listen_packet(s, "ip4:17", "");
      if (c) {
        uint8_t buf[128];
        int last = 0;
        for (int k = 0; k < 20 && last >= 0; k++) {
          CU_ASSERT_EQUAL(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3600 * XNET_SECOND)), 0);
          last = xnet_conn_read(c, buf, sizeof buf);
        }
        CU_ASSERT(last == XNET_ETIMEDOUT || last == XNET_EBADFORMAT);
        if (last == XNET_EBADFORMAT) bad_reads++;
        (void)xnet_conn_close(c);
      }
      drain(s);
      char msg[768];
      if (xnet_replay_error(s, msg, sizeof msg) > 0 && strstr(msg, "record ")) named++;
      xnet_stack_close(s);
    } else {
      CU_ASSERT_EQUAL(rc, XNET_EBADFORMAT);
    }
    free(copy);
  }
  CU_ASSERT(named > 0);
  CU_ASSERT(bad_reads > 0);
}

XT_SUITE(backends, replay, NULL, NULL,
         XT_TEST(test_replay_udp_client_strict),
         XT_TEST(test_replay_udp_server_dual_stack),
         XT_TEST(test_replay_cmsg_linux_layout),
         XT_TEST(test_replay_udp_strict_mismatch),
         XT_TEST(test_replay_udp_lenient_output),
         XT_TEST(test_replay_missing_write),
         XT_TEST(test_replay_deadline_virtual),
         XT_TEST(test_replay_read_batch_due_only),
         XT_TEST(test_replay_pacing),
         XT_TEST(test_replay_close_wakes_read),
         XT_TEST(test_replay_ipv4_fragments),
         XT_TEST(test_replay_raw_icmp),
         XT_TEST(test_replay_udp6_pcapng),
         XT_TEST(test_replay_open_memory),
         XT_TEST(test_replay_errors),
         XT_TEST_IF(test_replay_corpus_link_types, need_corpus),
         XT_TEST_IF(test_replay_malformed_corpus, need_corpus),
         XT_TEST(test_replay_truncated));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay, NULL, NULL,
         XT_TEST_IF(test_replay_unavailable, need_replay));
#endif
