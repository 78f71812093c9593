/* test_replay_diff.c — the differential test of the replay backend: one
 * application function, written once against an `xnet_stack *`, runs on
 * the host stack over loopback while its traffic is recorded; then it runs
 * again on a replay stack over that recording, and every observable result
 * (bytes, addresses, control messages, error codes, the timeout) must be
 * identical, with every write matching (strict).
 * Two applications: a UDP client (control messages, deadlines) and a TCP
 * client of an upper-casing echo server (stream bytes, close-write, end of
 * stream, the timeout).
 * Two recorders: the recording stack (xnet/record.h: the app runs on a
 * stack that wraps the host stack and writes what its conns send and
 * receive, with synthesised headers), and a live libpcap capture on "lo"
 * (headers made by the kernel; needs root, SKIP otherwise). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <ctype.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xnet/xnet.h"
#include "stack_peers_test.h"
#include "xnet_test.h"

/* ---- the application, written once ---- */

typedef struct app_result {
  int dial_rc;
  char local[64], remote[64];
  int wrc[2], n[2];
  char data[2][64], src[2][64];
  unsigned ttl[2], tos[2], ifindex[2], has[2];
  uint8_t dst[2][4];
  int timeout_rc;
  int close_rc;
} app_result;

static void app_run(xnet_stack *s, const char *server, app_result *r) {
  memset(r, 0, sizeof *r);
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  xnet_conn *c = NULL;
  r->dial_rc = xnet_dialer_dial(&d, "udp4", server, &c);
  if (r->dial_rc) return;
  xnet_addr a;
  if (xnet_conn_local_addr(c, &a) == 0) xnet_addr_format(&a, r->local, sizeof r->local);
  if (xnet_conn_remote_addr(c, &a) == 0) xnet_addr_format(&a, r->remote, sizeof r->remote);
  if (xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS |
                                           XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE,
                                    true) != 0)
    r->has[0] = 0xdead;
  for (int i = 0; i < 2; i++) {
    char req[16];
    snprintf(req, sizeof req, "request %d", i + 1);
    r->wrc[i] = xnet_conn_write(c, req, strlen(req));
    (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 2 * XNET_SECOND));
    xnet_ipv4_cmsg cm;
    memset(&cm, 0, sizeof cm);
    xnet_addr src;
    memset(&src, 0, sizeof src);
    r->n[i] = xnet_ipv4_read_from(c, r->data[i], sizeof r->data[i] - 1, &cm, &src);
    xnet_addr_format(&src, r->src[i], sizeof r->src[i]);
    r->ttl[i] = cm.ttl;
    r->tos[i] = cm.tos;
    r->ifindex[i] = cm.ifindex;
    r->has[i] |= cm.has;
    memcpy(r->dst[i], cm.dst, 4);
  }
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 50 * XNET_MILLISECOND));
  char buf[16];
  r->timeout_rc = xnet_conn_read(c, buf, sizeof buf);
  r->close_rc = xnet_conn_close(c);
}

/* ---- the peer on the host: upper-cases what it gets, TTL 33, TOS 0x28 ---- */

static void *server_main(void *arg) {
  xnet_conn *srv = arg;
  for (int i = 0; i < 2; i++) {
    char buf[64];
    xnet_addr from;
    (void)xnet_conn_set_read_deadline(srv, xnet_deadline_in(NULL, 5 * XNET_SECOND));
    int n = xnet_conn_read_from(srv, buf, sizeof buf, &from);
    if (n <= 0) break;
    for (int k = 0; k < n; k++) buf[k] = (char)toupper((unsigned char)buf[k]);
    if (xnet_conn_write_to(srv, buf, (size_t)n, &from) != n) break;
  }
  return NULL;
}

static const char *need_live_capture(void) {
  if (geteuid() != 0) return "not root: live capture on lo needs CAP_NET_RAW";
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_create("lo", err);
  if (!p) return "pcap_create(lo) failed";
  int rc = pcap_activate(p);
  pcap_close(p);
  return rc < 0 ? "cannot capture on lo here" : NULL;
}

/* One host run of the application on a recording stack (over the host
 * stack) writing path; returns the number of packets recorded. */
static int record_run(const char *path, void (*run)(xnet_stack *, const char *, void *),
                      const char *server, void *result) {
  xnet_stack *rs = NULL;
  if (xnet_record_stack_open(NULL, path, NULL, &rs) != 0) return -1;
  run(rs, server, result);
  uint64_t n = 0;
  CU_ASSERT_EQUAL(xnet_record_stats(rs, &n, NULL), 0);
  CU_ASSERT_EQUAL(xnet_record_flush(rs), 0);
  xnet_stack_close(rs);
  return (int)n;
}

static void app_run_any(xnet_stack *s, const char *server, void *r) {
  app_run(s, server, r);
}

/* Opens a live capture of lo for proto ("udp" or "tcp") traffic on port,
 * dumping into path: the pcap handle with *dump set, or NULL (nothing left
 * open) when libpcap cannot. */
static pcap_t *open_lo_capture(const char *proto, uint16_t port,
                               const char *path, pcap_dumper_t **dump) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_create("lo", err);
  if (!p) return NULL;
  (void)pcap_set_snaplen(p, 65535);
  (void)pcap_set_immediate_mode(p, 1);
  (void)pcap_set_timeout(p, 10);
  (void)pcap_set_buffer_size(p, 4 << 20);
  (void)pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  char filter[64];
  snprintf(filter, sizeof filter, "%s and port %u", proto, port);
  struct bpf_program prog;
  if (pcap_activate(p) >= 0 &&
      pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0) {
    int frc = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (frc == 0 && (*dump = pcap_dump_open(p, path)) != NULL) return p;
  }
  pcap_close(p);
  return NULL;
}

/* One host run of the application against a fresh peer, recorded into
 * path by the recording stack or (live) captured on lo; returns the
 * number of packets captured (4 expected). */
static int host_run(const char *path, char *server, size_t server_cap,
                    app_result *host, bool live) {
  xnet_conn *srv = NULL;
  if (xnet_listen_packet("udp4", "127.0.0.1:0", &srv) != 0) return -1;
  CU_ASSERT_EQUAL(xnet_ipv4_set_ttl(srv, 33), 0);
  CU_ASSERT_EQUAL(xnet_ipv4_set_tos(srv, 0x28), 0);
  xnet_addr sa;
  CU_ASSERT_EQUAL(xnet_conn_local_addr(srv, &sa), 0);
  xnet_addr_format(&sa, server, server_cap);
  if (!live) {
    pthread_t th;
    int got = -1;
    if (pthread_create(&th, NULL, server_main, srv) == 0) {
      got = record_run(path, app_run_any, server, host);
      pthread_join(th, NULL);
    }
    CU_ASSERT_EQUAL(xnet_conn_close(srv), 0);
    return got;
  }

  char err[PCAP_ERRBUF_SIZE];
  pcap_dumper_t *dump = NULL;
  pcap_t *p = open_lo_capture("udp", sa.port, path, &dump);
  if (!p) {
    (void)xnet_conn_close(srv);
    return -1;
  }
  int got = -1;

  pthread_t th;
  if (pthread_create(&th, NULL, server_main, srv) != 0) goto out;
  app_run(NULL, server, host);
  pthread_join(th, NULL);

  (void)pcap_setnonblock(p, 1, err);
  got = 0;
  int64_t until = xnet_deadline_in(NULL, 2 * XNET_SECOND);
  while (got < 4 && xnet_now(NULL) < until) {
    int n = pcap_dispatch(p, -1, pcap_dump, (u_char *)dump);
    if (n < 0) break;
    got += n;
    if (n == 0) usleep(1000);
  }
  if (got != 4) {
    struct pcap_stat st;
    memset(&st, 0, sizeof st);
    (void)pcap_stats(p, &st);
    printf("\n  captured %d packets (dropped %u)\n", got, st.ps_drop);
  }
out:
  if (dump) pcap_dump_close(dump);
  pcap_close(p);
  CU_ASSERT_EQUAL(xnet_conn_close(srv), 0);
  return got;
}

static void udp_differential(bool live) {
  char path[64], server[64];
  snprintf(path, sizeof path, "/tmp/xnet-replay-diff-%ld.pcap", (long)getpid());
  app_result host;
  int got = -1;
  /* A live capture can lose packets on a busy machine: up to 3 tries. */
  for (int attempt = 0; attempt < 3 && got != 4; attempt++)
    got = host_run(path, server, sizeof server, &host, live);
  CU_ASSERT_EQUAL_FATAL(got, 4);

  /* The host run did what the test expects of it. */
  CU_ASSERT_EQUAL(host.dial_rc, 0);
  CU_ASSERT_EQUAL(host.n[0], 9);
  CU_ASSERT_STRING_EQUAL(host.data[0], "REQUEST 1");
  CU_ASSERT_EQUAL(host.ttl[1], 33);
  CU_ASSERT_EQUAL(host.tos[1], 0x28);
  CU_ASSERT(xnet_error_is_timeout(host.timeout_rc));

  /* The same function on a replay of that capture. */
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(path, NULL, &s), 0);
  if (s) {
    app_result rep;
    app_run(s, server, &rep);
    CU_ASSERT_EQUAL(rep.dial_rc, host.dial_rc);
    if (rep.dial_rc || strcmp(rep.local, host.local))
      printf("\n  replay: dial %d local %s (host %s) n %d\n", rep.dial_rc,
             rep.local, host.local, rep.n[0]);
    CU_ASSERT_STRING_EQUAL(rep.local, host.local);
    CU_ASSERT_STRING_EQUAL(rep.remote, host.remote);
    for (int i = 0; i < 2; i++) {
      CU_ASSERT_EQUAL(rep.wrc[i], host.wrc[i]);
      CU_ASSERT_EQUAL(rep.n[i], host.n[i]);
      CU_ASSERT_STRING_EQUAL(rep.data[i], host.data[i]);
      CU_ASSERT_STRING_EQUAL(rep.src[i], host.src[i]);
      CU_ASSERT_EQUAL(rep.ttl[i], host.ttl[i]);
      CU_ASSERT_EQUAL(rep.tos[i], host.tos[i]);
      CU_ASSERT_EQUAL(rep.ifindex[i], host.ifindex[i]);
      CU_ASSERT_EQUAL(rep.has[i], host.has[i]);
      CU_ASSERT_EQUAL(memcmp(rep.dst[i], host.dst[i], 4), 0);
    }
    CU_ASSERT_EQUAL(rep.timeout_rc, host.timeout_rc);
    CU_ASSERT_EQUAL(rep.close_rc, host.close_rc);
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) {
      char msg[768];
      (void)xnet_replay_error(s, msg, sizeof msg);
      printf("\n  %s\n", msg);
    }
    xnet_stack_close(s);
  }
  if (getenv("XNET_KEEP_DIFF")) printf("\n  kept %s\n", path);
  else unlink(path);
}

static void test_replay_differential_udp(void) { udp_differential(false); }
static void test_replay_differential_udp_live(void) { udp_differential(true); }

/* ---- TCP: the application, written once ---- */

typedef struct tcp_result {
  int dial_rc;
  char local[64], remote[64];
  int wrc[2], n[2];
  char data[2][64];
  int timeout_rc, cw_rc, eof_rc, close_rc;
} tcp_result;

static void tcp_app_run(xnet_stack *s, const char *server, tcp_result *r) {
  memset(r, 0, sizeof *r);
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  xnet_conn *c = NULL;
  r->dial_rc = xnet_dialer_dial(&d, "tcp4", server, &c);
  if (r->dial_rc) return;
  xnet_addr a;
  if (xnet_conn_local_addr(c, &a) == 0) xnet_addr_format(&a, r->local, sizeof r->local);
  if (xnet_conn_remote_addr(c, &a) == 0) xnet_addr_format(&a, r->remote, sizeof r->remote);
  static const char *const req[2] = {"hello over tcp", "second line"};
  for (int i = 0; i < 2; i++) {
    size_t want = strlen(req[i]);
    r->wrc[i] = xnet_conn_write(c, req[i], want);
    (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 2 * XNET_SECOND));
    size_t got = 0;
    while (got < want) {
      int k = xnet_conn_read(c, r->data[i] + got, want - got);
      if (k <= 0) {
        r->n[i] = k;
        break;
      }
      got += (size_t)k;
      r->n[i] = (int)got;
    }
  }
  /* Nothing more comes before the server sees our FIN: a timeout. */
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 50 * XNET_MILLISECOND));
  char buf[16];
  r->timeout_rc = xnet_conn_read(c, buf, sizeof buf);
  r->cw_rc = xnet_conn_close_write(c);
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 2 * XNET_SECOND));
  r->eof_rc = xnet_conn_read(c, buf, sizeof buf);
  r->close_rc = xnet_conn_close(c);
}

static void tcp_app_run_any(xnet_stack *s, const char *server, void *r) {
  tcp_app_run(s, server, r);
}

/* One host run of the TCP application, recorded into path by the
 * recording stack or (live) captured on lo; returns the number of packets
 * captured (-1 on a setup failure). */
static int tcp_host_run(const char *path, char *server, size_t server_cap,
                        tcp_result *host, bool live) {
  xnet_listener *l = NULL;
  if (xnet_listen("tcp4", "127.0.0.1:0", &l) != 0) return -1;
  xnet_addr sa;
  CU_ASSERT_EQUAL(xnet_listener_addr(l, &sa), 0);
  xnet_addr_format(&sa, server, server_cap);
  if (!live) {
    pthread_t th;
    int got = -1;
    if (pthread_create(&th, NULL, sp_tcp_upper_server, l) == 0) {
      got = record_run(path, tcp_app_run_any, server, host);
      pthread_join(th, NULL);
    }
    CU_ASSERT_EQUAL(xnet_listener_close(l), 0);
    return got;
  }
  char err[PCAP_ERRBUF_SIZE];
  pcap_dumper_t *dump = NULL;
  pcap_t *p = open_lo_capture("tcp", sa.port, path, &dump);
  if (!p) {
    (void)xnet_listener_close(l);
    return -1;
  }
  int got = -1;
  pthread_t th;
  if (pthread_create(&th, NULL, sp_tcp_upper_server, l) != 0) goto out;
  tcp_app_run(NULL, server, host);
  pthread_join(th, NULL);
  (void)pcap_setnonblock(p, 1, err);
  got = 0;
  /* No packet count to wait for: drain until 200 ms pass quietly. */
  int64_t quiet = xnet_deadline_in(NULL, 200 * XNET_MILLISECOND);
  int64_t until = xnet_deadline_in(NULL, 2 * XNET_SECOND);
  while (xnet_now(NULL) < quiet && xnet_now(NULL) < until) {
    int n = pcap_dispatch(p, -1, pcap_dump, (u_char *)dump);
    if (n < 0) break;
    got += n;
    if (n > 0) quiet = xnet_deadline_in(NULL, 200 * XNET_MILLISECOND);
    else usleep(1000);
  }
  struct pcap_stat st;
  memset(&st, 0, sizeof st);
  if (pcap_stats(p, &st) == 0 && st.ps_drop) got = -1; /* lost some */
out:
  if (dump) pcap_dump_close(dump);
  pcap_close(p);
  CU_ASSERT_EQUAL(xnet_listener_close(l), 0);
  return got;
}

static void tcp_differential(bool live) {
  char path[64], server[64];
  snprintf(path, sizeof path, "/tmp/xnet-replay-diff-tcp-%ld.pcap", (long)getpid());
  tcp_result host;
  int got = -1;
  /* Handshake, 2 x (data, echo, acks), FINs: at least 10 packets live;
   * the recorder writes no pure ACKs after the handshake: at least 9. */
  int need = live ? 10 : 9;
  for (int attempt = 0; attempt < 3 && got < need; attempt++)
    got = tcp_host_run(path, server, sizeof server, &host, live);
  CU_ASSERT_FATAL(got >= need);
  CU_ASSERT_EQUAL(host.dial_rc, 0);
  CU_ASSERT_EQUAL(host.n[0], 14);
  CU_ASSERT_STRING_EQUAL(host.data[0], "HELLO OVER TCP");
  CU_ASSERT_STRING_EQUAL(host.data[1], "SECOND LINE");
  CU_ASSERT(xnet_error_is_timeout(host.timeout_rc));
  CU_ASSERT_EQUAL(host.eof_rc, 0);
  xnet_stack *s = NULL;
  CU_ASSERT_EQUAL(xnet_replay_stack_open(path, NULL, &s), 0);
  if (s) {
    tcp_result rep;
    tcp_app_run(s, server, &rep);
    CU_ASSERT_EQUAL(rep.dial_rc, host.dial_rc);
    CU_ASSERT_STRING_EQUAL(rep.local, host.local);
    CU_ASSERT_STRING_EQUAL(rep.remote, host.remote);
    for (int i = 0; i < 2; i++) {
      CU_ASSERT_EQUAL(rep.wrc[i], host.wrc[i]);
      CU_ASSERT_EQUAL(rep.n[i], host.n[i]);
      CU_ASSERT_STRING_EQUAL(rep.data[i], host.data[i]);
    }
    CU_ASSERT_EQUAL(rep.timeout_rc, host.timeout_rc);
    CU_ASSERT_EQUAL(rep.cw_rc, host.cw_rc);
    CU_ASSERT_EQUAL(rep.eof_rc, host.eof_rc);
    CU_ASSERT_EQUAL(rep.close_rc, host.close_rc);
    int rc = xnet_replay_finish(s);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc) {
      char msg[768];
      (void)xnet_replay_error(s, msg, sizeof msg);
      printf("\n  %s\n", msg);
    }
    xnet_stack_close(s);
  }
  if (getenv("XNET_KEEP_DIFF")) printf("\n  kept %s\n", path);
  else unlink(path);
}

static void test_replay_differential_tcp(void) { tcp_differential(false); }
static void test_replay_differential_tcp_live(void) { tcp_differential(true); }

XT_SUITE(backends, replay_diff, NULL, NULL,
         XT_TEST(test_replay_differential_udp),
         XT_TEST(test_replay_differential_tcp),
         XT_TEST_IF(test_replay_differential_udp_live, need_live_capture),
         XT_TEST_IF(test_replay_differential_tcp_live, need_live_capture));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_diff, NULL, NULL,
         XT_TEST_IF(test_replay_unavailable, need_replay));
#endif
