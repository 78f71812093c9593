/* test_record.c — the recording stack (backends/pcap/record*.c): conns on
 * a stack that wraps the host stack write their traffic into a pcapng
 * file, which is read back here with libpcap and the dissector, and whose
 * headers are checked field by field (addresses, ports, TTL and TOS from
 * the control messages, checksums, TCP flags and sequence numbers); a
 * recording replays. Peers run on the plain host stack over loopback. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <ctype.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnet/backend.h"
#include "xnet/xnet.h"
#include "stack_peers_test.h"
#include "xnet_test.h"

/* ---- reading a recording back ---- */

#define MAX_PKTS 64

typedef struct rec_pkt {
  int64_t t;
  uint8_t d[2048];
  size_t n;
  xnet_packet pk;
  int ip, l4; /* layer indexes, -1: none */
} rec_pkt;

typedef struct rec_file {
  int linktype;
  size_t count;
  rec_pkt p[MAX_PKTS];
} rec_file;

static int load(const char *path, rec_file *f) {
  memset(f, 0, sizeof *f);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline_with_tstamp_precision(
      path, PCAP_TSTAMP_PRECISION_NANO, err);
  if (!pc) {
    printf("\n  %s\n", err);
    return -1;
  }
  f->linktype = pcap_datalink(pc);
  struct pcap_pkthdr *h;
  const u_char *d;
  int rc;
  while ((rc = pcap_next_ex(pc, &h, &d)) == 1 && f->count < MAX_PKTS) {
    rec_pkt *p = &f->p[f->count++];
    p->t = (int64_t)h->ts.tv_sec * XNET_SECOND + h->ts.tv_usec;
    p->n = h->caplen < sizeof p->d ? h->caplen : sizeof p->d;
    memcpy(p->d, d, p->n);
    p->ip = p->l4 = -1;
    if (xnet_packet_dissect((uint32_t)f->linktype, p->d, p->n, &p->pk) != 0)
      continue; /* pk.error says why; the checks report it */
    p->ip = xnet_packet_find(&p->pk, 0, XNET_PACKET_IPV4);
    if (p->ip < 0) p->ip = xnet_packet_find(&p->pk, 0, XNET_PACKET_IPV6);
    p->l4 = xnet_packet_find(&p->pk, 0, XNET_PACKET_UDP);
    if (p->l4 < 0) p->l4 = xnet_packet_find(&p->pk, 0, XNET_PACKET_TCP);
  }
  pcap_close(pc);
  return rc == -2 || rc == 1 ? 0 : -1;
}

static unsigned be16(const uint8_t *b) { return (unsigned)b[0] << 8 | b[1]; }
static uint32_t be32(const uint8_t *b) {
  return (uint32_t)be16(b) << 16 | be16(b + 2);
}

static const uint8_t *ip_of(const rec_pkt *p) { return p->d + p->pk.layers[p->ip].offset; }
static const uint8_t *l4_of(const rec_pkt *p) { return p->d + p->pk.layers[p->l4].offset; }
static size_t l4_len(const rec_pkt *p) {
  return p->pk.layers[p->l4].end - p->pk.layers[p->l4].offset;
}
static const uint8_t *pay_of(const rec_pkt *p) {
  return l4_of(p) + p->pk.layers[p->l4].header_len;
}
static size_t pay_len(const rec_pkt *p) {
  return l4_len(p) - p->pk.layers[p->l4].header_len;
}

/* The UDP/TCP checksum over the pseudo-header verifies (sums to 0). */
static int l4_sum_ok(const rec_pkt *p) {
  const uint8_t *ip = ip_of(p);
  bool v6 = p->pk.layers[p->ip].proto == XNET_PACKET_IPV6;
  size_t alen = v6 ? 16 : 4;
  const uint8_t *src = ip + (v6 ? 8 : 12);
  uint32_t sum = xnet_inet_checksum_add(0, src, 2 * alen);
  sum = xnet_inet_checksum_add_u16(sum, p->pk.layers[p->ip].upper);
  sum = xnet_inet_checksum_add_u16(sum, (uint16_t)l4_len(p));
  sum = xnet_inet_checksum_add(sum, l4_of(p), l4_len(p));
  return xnet_inet_checksum_finish(sum) == 0;
}

static int64_t wall_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec;
}

static void tmp_path(char *buf, size_t cap, const char *what) {
  snprintf(buf, cap, "/tmp/xnet-record-%s-%ld.pcapng", what, (long)getpid());
}

/* A dial on stack s (a recording or a replay of one). */
static int dial_on(xnet_stack *s, const char *net, const char *addr,
                   xnet_conn **c) {
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  return xnet_dialer_dial(&d, net, addr, c);
}

/* Opens a recording stack writing to path, then dials addr on it; the
 * first error (the open's, else the dial's). */
static int record_dial(const char *path, const char *net, const char *addr,
                       xnet_stack **rs, xnet_conn **c) {
  int rc = xnet_record_stack_open(NULL, path, NULL, rs);
  return rc ? rc : dial_on(*rs, net, addr, c);
}

/* A host peer on loopback served by a thread: a UDP conn (srv) or a TCP
 * listener (l), at sa, named by server. */
typedef struct peer {
  xnet_conn *srv;
  xnet_listener *l;
  xnet_addr sa;
  char server[64];
  pthread_t th;
} peer;

/* A UDP4 peer at 127.0.0.1 sending with TTL ttl and TOS tos (0: left as
 * they are), running fn(srv) on its thread. The first error. */
static int udp_peer(peer *p, int ttl, int tos, void *(*fn)(void *)) {
  memset(p, 0, sizeof *p);
  int rc = xnet_listen_packet("udp4", "127.0.0.1:0", &p->srv);
  if (rc == 0 && ttl) rc = xnet_ipv4_set_ttl(p->srv, ttl);
  if (rc == 0 && tos) rc = xnet_ipv4_set_tos(p->srv, tos);
  if (rc == 0) rc = xnet_conn_local_addr(p->srv, &p->sa);
  if (rc) return rc;
  xnet_addr_format(&p->sa, p->server, sizeof p->server);
  return pthread_create(&p->th, NULL, fn, p->srv);
}

/* A TCP4 listener at 127.0.0.1 served by fn(l) on its thread. The first
 * error. */
static int tcp_peer(peer *p, void *(*fn)(void *)) {
  memset(p, 0, sizeof *p);
  int rc = xnet_listen("tcp4", "127.0.0.1:0", &p->l);
  if (rc == 0) rc = xnet_listener_addr(p->l, &p->sa);
  if (rc) return rc;
  xnet_addr_format(&p->sa, p->server, sizeof p->server);
  return pthread_create(&p->th, NULL, fn, p->l);
}

/* ---- UDP ---- */

static void *batch_echo_server(void *arg);

static void *udp_upper_server(void *arg) {
  xnet_conn *srv = arg;
  char buf[256];
  xnet_addr from;
  (void)xnet_conn_set_read_deadline(srv, xnet_deadline_in(NULL, 5 * XNET_SECOND));
  int n = xnet_conn_read_from(srv, buf, sizeof buf, &from);
  if (n > 0) {
    for (int k = 0; k < n; k++) buf[k] = (char)toupper((unsigned char)buf[k]);
    (void)xnet_conn_write_to(srv, buf, (size_t)n, &from);
  }
  return NULL;
}

/* A UDP exchange of a conn on a recording stack with a host peer that
 * sends with TTL 33 and TOS 0x28; returns the recorded file in f. */
static void udp_exchange(const char *net, const char *laddr, rec_file *f,
                         xnet_addr *ca, xnet_addr *sa) {
  char server[64];
  char path[96];
  tmp_path(path, sizeof path, "udp");
  xnet_conn *srv = NULL;
  XT_ASSERT_OK(xnet_listen_packet(net, laddr, &srv));
  bool v6 = strcmp(net, "udp6") == 0;
  if (v6) {
    XT_ASSERT_OK(xnet_ipv6_set_hop_limit(srv, 33));
    XT_ASSERT_OK(xnet_ipv6_set_traffic_class(srv, 0x28));
  } else {
    XT_ASSERT_OK(xnet_ipv4_set_ttl(srv, 33));
    XT_ASSERT_OK(xnet_ipv4_set_tos(srv, 0x28));
  }
  XT_ASSERT_OK(xnet_conn_local_addr(srv, sa));
  xnet_addr_format(sa, server, sizeof server);
  pthread_t th;
  XT_ASSERT_OK(pthread_create(&th, NULL, udp_upper_server, srv));

  xnet_stack *rs = NULL;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(record_dial(path, net, server, &rs, &c));
  XT_ASSERT_STR_EQ(xnet_stack_name(rs), "record");
  XT_ASSERT_OK(xnet_conn_local_addr(c, ca));
  if (v6)
    XT_ASSERT_OK(xnet_ipv6_set_control_message(
        c, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS |
               XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE, true));
  else
    XT_ASSERT_OK(xnet_ipv4_set_control_message(
        c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS | XNET_IPV4_FLAG_DST |
               XNET_IPV4_FLAG_INTERFACE, true));
  int64_t before = wall_ns();
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "ping me", 7), 7);
  char buf[64];
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(rs, 5 * XNET_SECOND));
  /* Read with the control messages: what the recorder learns the
   * headers from (a plain read reports no TTL, and records 64). */
  if (v6) {
    xnet_ipv6_cmsg cm;
    XT_ASSERT_INT_EQ(xnet_ipv6_read_from(c, buf, sizeof buf, &cm, NULL), 7);
    XT_ASSERT_UINT_EQ(cm.hop_limit, 33);
  } else {
    xnet_ipv4_cmsg cm;
    XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, buf, sizeof buf, &cm, NULL), 7);
    XT_ASSERT_UINT_EQ(cm.ttl, 33);
  }
  XT_ASSERT_MEM_EQ(buf, 7, "PING ME", 7);
  pthread_join(th, NULL);
  XT_ASSERT_OK(xnet_conn_close(c));
  uint64_t pk = 0, by = 0;
  XT_ASSERT_OK(xnet_record_stats(rs, &pk, &by));
  XT_ASSERT_UINT_EQ(pk, 2);
  XT_ASSERT_UINT_EQ(by, 14);
  XT_ASSERT_OK(xnet_record_flush(rs));
  xnet_stack_close(rs);
  XT_ASSERT_OK(xnet_conn_close(srv));
  XT_ASSERT_OK(load(path, f));
  unlink(path);
  /* Linux cooked v2: one link type for every interface block */
  XT_ASSERT_INT_EQ(f->linktype, DLT_LINUX_SLL2);
  XT_ASSERT_UINT_EQ(f->count, 2);
  /* Timestamps: wall-clock time of the run, in order. */
  XT_ASSERT(f->p[0].t >= before - XNET_SECOND && f->p[0].t <= wall_ns());
  XT_ASSERT(f->p[1].t >= f->p[0].t);
}

static void check_udp(const rec_file *f, bool v6, const xnet_addr *client,
                      const xnet_addr *server) {
  for (int i = 0; i < 2; i++) {
    const rec_pkt *p = &f->p[i];
    XT_ASSERT_INT_EQ(p->pk.error, 0);
    XT_ASSERT(p->ip >= 0 && p->l4 >= 0);
    XT_ASSERT_INT_EQ(p->pk.layers[p->ip].proto, v6 ? XNET_PACKET_IPV6 : XNET_PACKET_IPV4);
    XT_ASSERT_INT_EQ(p->pk.layers[p->l4].proto, XNET_PACKET_UDP);
    XT_ASSERT(l4_sum_ok(p));
    if (!v6) XT_ASSERT_UINT_EQ(xnet_inet_checksum(ip_of(p), 20), 0);
    XT_ASSERT_UINT_EQ(be16(l4_of(p) + 4), 8 + 7);
    /* ports: packet 0 client -> server, packet 1 back */
    XT_ASSERT_UINT_EQ(be16(l4_of(p)), (i == 0 ? client : server)->port);
    XT_ASSERT_UINT_EQ(be16(l4_of(p) + 2), (i == 0 ? server : client)->port);
  }
  /* SLL2 headers: protocol, the loopback interface's index (the received
   * datagram's from its control message; the sent one's unknown, so the
   * first interface), packet type outgoing (4) then to this host (0) */
  for (int i = 0; i < 2; i++) {
    const uint8_t *sll = f->p[i].d;
    XT_ASSERT_UINT_EQ(be16(sll), v6 ? 0x86dd : 0x0800);
    XT_ASSERT_UINT_EQ(be32(sll + 4), 1);
    XT_ASSERT_UINT_EQ(sll[10], i == 0 ? 4 : 0);
    XT_ASSERT_UINT_EQ(sll[11], 0); /* no link-layer address */
  }
  const uint8_t *ip0 = ip_of(&f->p[0]), *ip1 = ip_of(&f->p[1]);
  XT_ASSERT_MEM_EQ(pay_of(&f->p[0]), pay_len(&f->p[0]), "ping me", 7);
  XT_ASSERT_MEM_EQ(pay_of(&f->p[1]), pay_len(&f->p[1]), "PING ME", 7);
  if (v6) {
    static const uint8_t one[16] = {[15] = 1};
    XT_ASSERT_UINT_EQ(ip0[7], 64); /* the socket's hop limit */
    XT_ASSERT_UINT_EQ(ip1[7], 33); /* from the received control message */
    XT_ASSERT_UINT_EQ((be16(ip1) >> 4) & 0xff, 0x28);
    XT_ASSERT_MEM_EQ(ip1 + 8, 16, one, 16);
    XT_ASSERT_MEM_EQ(ip1 + 24, 16, one, 16);
  } else {
    static const uint8_t lo[4] = {127, 0, 0, 1};
    XT_ASSERT_UINT_EQ(ip0[8], 64);
    XT_ASSERT_UINT_EQ(ip0[1], 0);
    XT_ASSERT_UINT_EQ(ip1[8], 33);
    XT_ASSERT_UINT_EQ(ip1[1], 0x28);
    XT_ASSERT_MEM_EQ(ip1 + 12, 4, lo, 4);
    XT_ASSERT_MEM_EQ(ip1 + 16, 4, lo, 4);
  }
}

/* udp_exchange on net from laddr, its recording checked by check_udp. */
static void udp_headers(const char *net, const char *laddr) {
  static rec_file f;
  memset(&f, 0, sizeof f); /* no count left from the last call */
  xnet_addr client, server;
  memset(&client, 0, sizeof client);
  memset(&server, 0, sizeof server);
  udp_exchange(net, laddr, &f, &client, &server);
  if (f.count != 2) return;
  check_udp(&f, strcmp(net, "udp6") == 0, &client, &server);
}

static void test_record_udp4_headers_from_control_messages(void) {
  udp_headers("udp4", "127.0.0.1:0");
}

static const char *need_ipv6(void) {
  xnet_conn *c = NULL;
  if (xnet_listen_packet("udp6", "[::1]:0", &c) != 0) return "no IPv6 loopback here";
  (void)xnet_conn_close(c);
  return NULL;
}

static void test_record_udp6_headers(void) { udp_headers("udp6", "[::1]:0"); }

/* The recorder learns TTL and TOS even from a plain read (it turns the
 * receive options on itself), and the application still sees only the
 * control messages it asked for. */
static void test_record_udp_headers_whatever_the_app_asked(void) {
  char path[96];
  tmp_path(path, sizeof path, "udp-forced");
  peer hp;
  XT_ASSERT_OK(udp_peer(&hp, 33, 0x28, batch_echo_server));
  xnet_stack *rs = NULL;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(record_dial(path, "udp4", hp.server, &rs, &c));
  char buf[64];
  /* 1: a plain read, no control messages asked for */
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "one", 3), 3);
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(rs, 5 * XNET_SECOND));
  XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 3);
  /* 2: only TTL asked for: only TTL arrives */
  XT_ASSERT_OK(xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL, true));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "two", 3), 3);
  xnet_ipv4_cmsg cm;
  memset(&cm, 0, sizeof cm);
  XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, buf, sizeof buf, &cm, NULL), 3);
  XT_ASSERT_UINT_EQ(cm.has, XNET_IPV4_FLAG_TTL);
  XT_ASSERT_UINT_EQ(cm.ttl, 33);
  /* 3: turned off again: nothing arrives */
  XT_ASSERT_OK(xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL, false));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "six", 3), 3);
  memset(&cm, 0, sizeof cm);
  XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, buf, sizeof buf, &cm, NULL), 3);
  XT_ASSERT_UINT_EQ(cm.has, 0);
  pthread_join(hp.th, NULL);
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(rs);
  XT_ASSERT_OK(xnet_conn_close(hp.srv));
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  unlink(path);
  XT_ASSERT_UINT_EQ(f.count, 6);
  for (size_t i = 1; i < 6; i += 2) { /* every reply, however it was read */
    const uint8_t *ip = ip_of(&f.p[i]);
    XT_ASSERT_UINT_EQ(ip[8], 33);
    XT_ASSERT_UINT_EQ(ip[1], 0x28);
    XT_ASSERT_UINT_EQ(xnet_inet_checksum(ip, 20), 0);
    XT_ASSERT(l4_sum_ok(&f.p[i]));
  }
}

/* The UDP recording replays: the same client on a replay stack of it
 * reads the same reply with the same TTL and TOS. */
static void test_record_udp_recording_replays(void) {
  char path[96];
  tmp_path(path, sizeof path, "udp-replay");
  peer hp;
  XT_ASSERT_OK(udp_peer(&hp, 7, 0, udp_upper_server));
  xnet_stack *stacks[2] = {NULL, NULL};
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &stacks[0]));
  int ttl[2] = {0, 0};
  char got[2][16];
  memset(got, 0, sizeof got);
  for (int run = 0; run < 2; run++) {
    if (run == 1) {
      pthread_join(hp.th, NULL);
      xnet_stack_close(stacks[0]);
      XT_ASSERT_OK(xnet_replay_stack_open(path, NULL, &stacks[1]));
    }
    xnet_conn *c = NULL;
    XT_ASSERT_OK(dial_on(stacks[run], "udp4", hp.server, &c));
    XT_ASSERT_OK(xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL, true));
    XT_ASSERT_INT_EQ(xnet_conn_write(c, "abc", 3), 3);
    (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(stacks[run], 5 * XNET_SECOND));
    xnet_ipv4_cmsg cm;
    memset(&cm, 0, sizeof cm);
    XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, got[run], sizeof got[run], &cm, NULL), 3);
    ttl[run] = (int)cm.ttl;
    XT_ASSERT_OK(xnet_conn_close(c));
  }
  XT_ASSERT_STR_EQ(got[1], "ABC");
  XT_ASSERT_STR_EQ(got[0], got[1]);
  XT_ASSERT_INT_EQ(ttl[0], 7);
  XT_ASSERT_INT_EQ(ttl[1], 7);
  XT_ASSERT_OK(xnet_replay_finish(stacks[1]));
  xnet_stack_close(stacks[1]);
  XT_ASSERT_OK(xnet_conn_close(hp.srv));
  unlink(path);
}

/* Batch I/O (sendmmsg / recvmmsg on Linux) records every datagram. */
static void *batch_echo_server(void *arg) {
  xnet_conn *srv = arg;
  for (int i = 0; i < 3; i++) {
    char buf[64];
    xnet_addr from;
    (void)xnet_conn_set_read_deadline(srv, xnet_deadline_in(NULL, 5 * XNET_SECOND));
    int n = xnet_conn_read_from(srv, buf, sizeof buf, &from);
    if (n <= 0) break;
    (void)xnet_conn_write_to(srv, buf, (size_t)n, &from);
  }
  return NULL;
}

static void test_record_udp_batches(void) {
  char path[96];
  tmp_path(path, sizeof path, "batch");
  peer hp;
  XT_ASSERT_OK(udp_peer(&hp, 0, 0, batch_echo_server));
  xnet_stack *rs = NULL;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(record_dial(path, "udp4", hp.server, &rs, &c));
  static const char *const words[3] = {"one", "two", "three"};
  struct iovec iov[3];
  xnet_msg m[3];
  memset(m, 0, sizeof m);
  for (int i = 0; i < 3; i++) {
    iov[i].iov_base = (void *)(uintptr_t)words[i];
    iov[i].iov_len = strlen(words[i]);
    m[i].iov = &iov[i];
    m[i].iov_len = 1;
  }
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(c, m, 3, 0), 3);
  char in[3][16];
  memset(in, 0, sizeof in);
  memset(m, 0, sizeof m);
  for (int i = 0; i < 3; i++) {
    iov[i].iov_base = in[i];
    iov[i].iov_len = sizeof in[i];
    m[i].iov = &iov[i];
    m[i].iov_len = 1;
  }
  int got = 0;
  while (got < 3) {
    (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(rs, 5 * XNET_SECOND));
    int k = xnet_conn_read_batch(c, m + got, (size_t)(3 - got), 0);
    XT_ASSERT(k > 0);
    got += k;
  }
  pthread_join(hp.th, NULL);
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(rs);
  XT_ASSERT_OK(xnet_conn_close(hp.srv));
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  unlink(path);
  XT_ASSERT_UINT_EQ(f.count, 6);
  size_t out = 0, back = 0;
  for (size_t i = 0; i < f.count; i++) {
    const rec_pkt *p = &f.p[i];
    XT_ASSERT(p->l4 >= 0 && l4_sum_ok(p));
    bool to_server = be16(l4_of(p) + 2) == hp.sa.port;
    const char *w = words[to_server ? out++ : back++];
    XT_ASSERT_MEM_EQ(pay_of(p), pay_len(p), w, strlen(w));
  }
  XT_ASSERT_UINT_EQ(out, 3);
  XT_ASSERT_UINT_EQ(back, 3);
}

/* ---- TCP ---- */

static unsigned flags_of(const rec_pkt *p) { return l4_of(p)[13]; }
static uint32_t seq_of(const rec_pkt *p) { return be32(l4_of(p) + 4); }
static uint32_t ack_of(const rec_pkt *p) { return be32(l4_of(p) + 8); }

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16 };

/* Checks the segments of a recorded conn: the handshake (opened by the
 * client port cport), data, the two FINs; every checksum; sequence and
 * acknowledgement numbers following the bytes. */
static void check_tcp(const rec_file *f, unsigned cport, unsigned sport) {
  XT_ASSERT(f->count >= 7);
  for (size_t i = 0; i < f->count; i++) {
    const rec_pkt *p = &f->p[i];
    XT_ASSERT_INT_EQ(p->pk.error, 0);
    XT_ASSERT(p->l4 >= 0);
    XT_ASSERT_INT_EQ(p->pk.layers[p->l4].proto, XNET_PACKET_TCP);
    XT_ASSERT(l4_sum_ok(p));
    XT_ASSERT_UINT_EQ(xnet_inet_checksum(ip_of(p), 20), 0);
  }
  XT_ASSERT_UINT_EQ(flags_of(&f->p[0]), F_SYN);
  XT_ASSERT_UINT_EQ(be16(l4_of(&f->p[0])), cport);
  XT_ASSERT_UINT_EQ(be16(l4_of(&f->p[0]) + 2), sport);
  XT_ASSERT_UINT_EQ(flags_of(&f->p[1]), F_SYN | F_ACK);
  XT_ASSERT_UINT_EQ(be16(l4_of(&f->p[1])), sport);
  XT_ASSERT_UINT_EQ(ack_of(&f->p[1]), seq_of(&f->p[0]) + 1);
  XT_ASSERT_UINT_EQ(flags_of(&f->p[2]), F_ACK);
  XT_ASSERT_UINT_EQ(seq_of(&f->p[2]), seq_of(&f->p[0]) + 1);
  XT_ASSERT_UINT_EQ(ack_of(&f->p[2]), seq_of(&f->p[1]) + 1);
  /* Every later segment continues its direction's sequence. */
  uint32_t nxt[2] = {seq_of(&f->p[0]) + 1, seq_of(&f->p[1]) + 1};
  int fins = 0;
  for (size_t i = 3; i < f->count; i++) {
    const rec_pkt *p = &f->p[i];
    int dir = be16(l4_of(p)) == cport ? 0 : 1;
    XT_ASSERT_UINT_EQ(seq_of(p), nxt[dir]);
    XT_ASSERT_UINT_EQ(ack_of(p), nxt[!dir]);
    nxt[dir] += (uint32_t)pay_len(p) + ((flags_of(p) & F_FIN) ? 1 : 0);
    if (flags_of(p) & F_FIN) fins++;
  }
  XT_ASSERT_INT_EQ(fins, 2);
}

/* A client conn on the recording stack: dial, write, read, close-write,
 * end of stream. */
static void test_record_tcp_dial_segments(void) {
  char path[96];
  tmp_path(path, sizeof path, "tcp");
  peer hp;
  XT_ASSERT_OK(tcp_peer(&hp, sp_tcp_upper_server));
  xnet_stack *rs = NULL;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(record_dial(path, "tcp4", hp.server, &rs, &c));
  xnet_addr ca;
  XT_ASSERT_OK(xnet_conn_local_addr(c, &ca));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "hello", 5), 5);
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(rs, 5 * XNET_SECOND));
  char buf[16];
  size_t got = 0;
  while (got < 5) {
    int k = xnet_conn_read(c, buf + got, 5 - got);
    XT_ASSERT(k > 0);
    got += (size_t)k;
  }
  XT_ASSERT_MEM_EQ(buf, 5, "HELLO", 5);
  XT_ASSERT_OK(xnet_conn_close_write(c));
  XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 0);
  XT_ASSERT_OK(xnet_conn_close(c));
  pthread_join(hp.th, NULL);
  xnet_stack_close(rs);
  XT_ASSERT_OK(xnet_listener_close(hp.l));
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  unlink(path);
  check_tcp(&f, ca.port, hp.sa.port);
  /* data: "hello" out, "HELLO" back (however the reads split it) */
  XT_ASSERT_MEM_EQ(pay_of(&f.p[3]), pay_len(&f.p[3]), "hello", 5);
  XT_ASSERT_UINT_EQ(flags_of(&f.p[3]), F_PSH | F_ACK);
  XT_ASSERT_UINT_EQ(be16(l4_of(&f.p[4])), hp.sa.port);
  XT_ASSERT(pay_len(&f.p[4]) > 0);
}

/* The server side on the recording stack: accept makes the peer's SYN. */
static void *tcp_client_main(void *arg) {
  const char *server = arg;
  xnet_conn *c = NULL;
  if (xnet_dial("tcp4", server, &c) != 0) return NULL;
  (void)xnet_conn_write(c, "abc", 3);
  (void)xnet_conn_close_write(c);
  char buf[16];
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 5 * XNET_SECOND));
  while (xnet_conn_read(c, buf, sizeof buf) > 0) {
  }
  (void)xnet_conn_close(c);
  return NULL;
}

static void serve_once(xnet_stack *s, xnet_listener *l, char *got) {
  xnet_conn *c = NULL;
  (void)xnet_listener_set_deadline(l, xnet_deadline_in(s, 5 * XNET_SECOND));
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 5 * XNET_SECOND));
  size_t n = 0;
  int k;
  while ((k = xnet_conn_read(c, got + n, 15 - n)) > 0) n += (size_t)k;
  XT_ASSERT_INT_EQ(k, 0);
  got[n] = 0;
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "xyz", 3), 3);
  XT_ASSERT_OK(xnet_conn_close(c));
}

static void test_record_tcp_accept_segments_and_replay(void) {
  char path[96], server[64];
  tmp_path(path, sizeof path, "tcp-accept");
  xnet_stack *rs = NULL;
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &rs));
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = rs;
  xnet_listener *l = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", "127.0.0.1:0", &l));
  xnet_addr sa;
  XT_ASSERT_OK(xnet_listener_addr(l, &sa));
  xnet_addr_format(&sa, server, sizeof server);
  pthread_t th;
  XT_ASSERT_OK(pthread_create(&th, NULL, tcp_client_main, server));
  char got[16] = "";
  serve_once(rs, l, got);
  pthread_join(th, NULL);
  XT_ASSERT_STR_EQ(got, "abc");
  XT_ASSERT_OK(xnet_listener_close(l));
  xnet_stack_close(rs);
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  XT_ASSERT(f.count >= 7);
  /* The peer opened: its SYN is to the listener's port. */
  XT_ASSERT_UINT_EQ(be16(l4_of(&f.p[0]) + 2), sa.port);
  check_tcp(&f, be16(l4_of(&f.p[0])), sa.port);
  XT_ASSERT_MEM_EQ(pay_of(&f.p[3]), pay_len(&f.p[3]), "abc", 3);

  /* The same server on a replay of the recording. */
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(path, NULL, &s));
  lc.stack = s;
  XT_ASSERT_OK(xnet_listen_config_listen(&lc, "tcp4", server, &l));
  char again[16] = "";
  serve_once(s, l, again);
  XT_ASSERT_STR_EQ(again, "abc");
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_OK(xnet_replay_finish(s));
  xnet_stack_close(s);
  unlink(path);
}

/* A refused dial is a SYN answered by RST. */
static void test_record_tcp_refused(void) {
  char path[96], addr[64];
  tmp_path(path, sizeof path, "refused");
  xnet_listener *l = NULL;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  xnet_addr sa;
  XT_ASSERT_OK(xnet_listener_addr(l, &sa));
  XT_ASSERT_OK(xnet_listener_close(l)); /* nothing listens there now */
  xnet_addr_format(&sa, addr, sizeof addr);
  xnet_stack *rs = NULL;
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &rs));
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(dial_on(rs, "tcp4", addr, &c), XNET_ECONNREFUSED);
  xnet_stack_close(rs);
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  unlink(path);
  XT_ASSERT_UINT_EQ(f.count, 2);
  XT_ASSERT_UINT_EQ(flags_of(&f.p[0]), F_SYN);
  XT_ASSERT_UINT_EQ(flags_of(&f.p[1]), F_RST | F_ACK);
  XT_ASSERT_UINT_EQ(ack_of(&f.p[1]), seq_of(&f.p[0]) + 1);
  XT_ASSERT_UINT_EQ(be16(l4_of(&f.p[0]) + 2), sa.port);
}

/* A large stream (past the 64 KiB a segment can hold, in several writes
 * and reads) records and replays byte for byte. */
#define BIG (150 * 1000)

typedef struct big_run {
  int wrote, got;
  uint32_t sum; /* of what came back */
  int eof;
} big_run;

static void big_client(xnet_stack *s, const char *server, big_run *out,
                       uint8_t *buf) {
  memset(out, 0, sizeof *out);
  xnet_conn *c = NULL;
  if (dial_on(s, "tcp4", server, &c) != 0) return;
  for (int i = 0; i < BIG; i++) buf[i] = (uint8_t)('a' + i % 26);
  int n = xnet_conn_write(c, buf, BIG);
  out->wrote = n;
  (void)xnet_conn_close_write(c);
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 5 * XNET_SECOND));
  int k;
  while ((k = xnet_conn_read(c, buf, 4096)) > 0) {
    for (int i = 0; i < k; i++) out->sum = out->sum * 31 + buf[i];
    out->got += k;
  }
  out->eof = k == 0;
  (void)xnet_conn_close(c);
}

static void test_record_tcp_large_stream_replays(void) {
  char path[96];
  tmp_path(path, sizeof path, "tcp-big");
  peer hp;
  XT_ASSERT_OK(tcp_peer(&hp, sp_tcp_upper_server));
  static uint8_t buf[BIG];
  xnet_stack *rs = NULL;
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &rs));
  big_run host, rep;
  big_client(rs, hp.server, &host, buf);
  pthread_join(hp.th, NULL);
  xnet_stack_close(rs);
  XT_ASSERT_OK(xnet_listener_close(hp.l));
  XT_ASSERT_INT_EQ(host.wrote, BIG);
  XT_ASSERT_INT_EQ(host.got, BIG);
  XT_ASSERT(host.eof);
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(path, NULL, &s));
  big_client(s, hp.server, &rep, buf);
  XT_ASSERT_INT_EQ(rep.wrote, host.wrote);
  XT_ASSERT_INT_EQ(rep.got, host.got);
  XT_ASSERT_UINT_EQ(rep.sum, host.sum);
  XT_ASSERT_INT_EQ(rep.eof, host.eof);
  int rc = xnet_replay_finish(s);
  if (rc) {
    char why[768];
    (void)xnet_replay_error(s, why, sizeof why);
    printf("\n  %s\n", why);
  }
  XT_ASSERT_OK(rc);
  xnet_stack_close(s);
  unlink(path);
}

/* ---- raw IP ---- */

static const char *need_root(void) {
  return geteuid() == 0 ? NULL : "not root: raw sockets need CAP_NET_RAW";
}

/* An ICMP echo on a raw ip4:icmp conn: the send under a synthesised IPv4
 * header (protocol 1), the receipts as the kernel delivered them. */
static void test_record_raw_icmp(void) {
  char path[96];
  tmp_path(path, sizeof path, "raw");
  xnet_stack *rs = NULL;
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &rs));
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = rs;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "ip4:icmp", "127.0.0.1", &c));
  /* echo request, id 0x4242 seq 1, checksum over the message */
  uint8_t echo[16] = {8, 0, 0, 0, 0x42, 0x42, 0, 1, 'x', 'n', 'e', 't', '-', 'r', 'a', 'w'};
  uint16_t ck = xnet_inet_checksum(echo, sizeof echo);
  echo[2] = (uint8_t)(ck >> 8);
  echo[3] = (uint8_t)ck;
  xnet_addr to;
  XT_ASSERT_OK(xnet_conn_local_addr(c, &to));
  XT_ASSERT_INT_EQ(xnet_conn_write_to(c, echo, sizeof echo, &to), (int)sizeof echo);
  /* The raw conn sees its own request looped back, then the reply. */
  int replies = 0;
  for (int i = 0; i < 4 && !replies; i++) {
    uint8_t in[256];
    (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(rs, 2 * XNET_SECOND));
    int n = xnet_conn_read_from(c, in, sizeof in, NULL);
    XT_ASSERT(n >= 20 + 16);
    if (in[20] == 0) replies++;
  }
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(rs);
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  unlink(path);
  XT_ASSERT(f.count >= 2);
  for (size_t i = 0; i < f.count; i++) {
    const rec_pkt *p = &f.p[i];
    XT_ASSERT_INT_EQ(p->pk.error, 0);
    XT_ASSERT(p->ip >= 0);
    XT_ASSERT_UINT_EQ(p->pk.layers[p->ip].upper, 1);
    XT_ASSERT(xnet_packet_find(&p->pk, 0, XNET_PACKET_ICMP) >= 0);
    XT_ASSERT_UINT_EQ(xnet_inet_checksum(ip_of(p), 20), 0);
  }
  /* the send (outgoing in its SLL2 header): our message after a 20-byte
   * header we made */
  XT_ASSERT_UINT_EQ(f.p[0].d[10], 4);
  const uint8_t *ip0 = ip_of(&f.p[0]);
  size_t n0 = f.p[0].pk.layers[f.p[0].ip].end - f.p[0].pk.layers[f.p[0].ip].offset;
  XT_ASSERT_MEM_EQ(ip0 + 20, n0 - 20, echo, sizeof echo);
  XT_ASSERT_UINT_EQ(ip0[8], 64);
  /* the last receipt (to this host): the echo reply */
  XT_ASSERT_UINT_EQ(f.p[f.count - 1].d[10], 0);
  XT_ASSERT_UINT_EQ(ip_of(&f.p[f.count - 1])[20], 0);
}

/* ---- arguments ---- */

static void test_record_open_rejects_bad_arguments(void) {
  xnet_stack *s = (xnet_stack *)1;
  XT_ASSERT_ERR(xnet_record_stack_open(NULL, NULL, NULL, &s), XNET_EINVAL);
  XT_ASSERT(s == NULL);
  XT_ASSERT_ERR(xnet_record_stack_open(NULL, "/tmp/x", NULL, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_record_stack_open(NULL, "/nonexistent-dir/x.pcapng", NULL, &s),
                XNET_ENOENT);
  XT_ASSERT(s == NULL);
  char path[96];
  tmp_path(path, sizeof path, "args");
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &s));
  xnet_stack *s2 = NULL;
  XT_ASSERT_ERR(xnet_record_stack_open(s, path, NULL, &s2), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_record_flush(NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_record_flush(xnet_stack_default()), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_record_stats(xnet_stack_default(), NULL, NULL), XNET_EINVAL);
  XT_ASSERT_OK(xnet_record_flush(s));
  xnet_stack_close(s);
  /* An empty recording is a valid capture with no packets. */
  static rec_file f;
  XT_ASSERT_OK(load(path, &f));
  XT_ASSERT_UINT_EQ(f.count, 0);
  unlink(path);
}

/* ---- the table ---- */

static int bare_open(void *inst, const void *config) {
  (void)inst, (void)config;
  return 0;
}

/* The recorder forwards every operation the host backend has. A stack
 * replaces an op its backend leaves out with a stub failing XNET_ENOTSUP,
 * so an op appended to xnet_backend_ops without a forwarder in record.c
 * would make a recording stack refuse what the host does. The stubs are
 * found by opening a stack on a table with nothing but open. Every member
 * from recvmsg on is a pointer; sctp_layout (data, and SCTP is not
 * recorded) is the one the recorder leaves out on purpose. */
static void test_record_forwards_every_op(void) {
  _Static_assert((sizeof(xnet_backend_ops) - offsetof(xnet_backend_ops, recvmsg)) %
                         sizeof(void *) == 0,
                 "the members from recvmsg on are pointers");
  static const xnet_backend_ops bare_ops = {.name = "bare", .open = bare_open};
  xnet_stack *bare, *s;
  XT_ASSERT_OK(xnet__stack_open(&bare_ops, NULL, &bare));
  char path[96];
  tmp_path(path, sizeof path, "ops");
  XT_ASSERT_OK(xnet_record_stack_open(NULL, path, NULL, &s));
  const unsigned char *stub = (const unsigned char *)xnet__stack_ops(bare);
  const unsigned char *rec = (const unsigned char *)xnet__stack_ops(s);
  const unsigned char *host = (const unsigned char *)xnet__stack_ops(xnet_stack_default());
  int checked = 0;
  for (size_t off = offsetof(xnet_backend_ops, recvmsg);
       off < sizeof(xnet_backend_ops); off += sizeof(void *)) {
    if (off == offsetof(xnet_backend_ops, sctp_layout)) continue;
    void *h, *r, *none;
    memcpy(&h, host + off, sizeof h);
    memcpy(&r, rec + off, sizeof r);
    memcpy(&none, stub + off, sizeof none);
    if (h == none) continue; /* the host has no such op either */
    checked++;
    if (r == none)
      xt_fail(__LINE__, __FILE__,
              "op at offset %zu: the host has it, the recorder does not", off);
  }
  XT_ASSERT(checked >= 40); /* the host implements nearly every op */
  xnet_stack_close(s);
  xnet_stack_close(bare);
  unlink(path);
}

XT_SUITE(backends, record, NULL, NULL,
         XT_TEST(test_record_forwards_every_op),
         XT_TEST(test_record_udp4_headers_from_control_messages),
         XT_TEST_IF(test_record_udp6_headers, need_ipv6),
         XT_TEST(test_record_udp_headers_whatever_the_app_asked),
         XT_TEST(test_record_udp_recording_replays),
         XT_TEST(test_record_udp_batches),
         XT_TEST(test_record_tcp_dial_segments),
         XT_TEST(test_record_tcp_accept_segments_and_replay),
         XT_TEST(test_record_tcp_refused),
         XT_TEST(test_record_tcp_large_stream_replays),
         XT_TEST_IF(test_record_raw_icmp, need_root),
         XT_TEST(test_record_open_rejects_bad_arguments));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_pcap(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no recorder";
}
static void test_record_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, record, NULL, NULL,
         XT_TEST_IF(test_record_unavailable, need_pcap));
#endif
