/* replay_drive.h — the application fuzz_replay.c plays against a replay
 * stack opened on the fuzzer's bytes, shared with the regression suite
 * (tests/backends/test_replay_fuzz_regress.c) so that a finding replays
 * there exactly as the fuzzer ran it.
 *
 * A pre-scan reads the capture with libpcap and the dissector
 * (xnet/packet.h) and picks the flows worth serving: TCP SYNs, SCTP INITs,
 * UDP datagrams and ICMP, by destination (server) and by source (client).
 * Then two passes, each on a fresh replay stack (lenient writes; strict
 * for an odd-sized input):
 *   pass 0, a server: local host inferred, listeners and packet conns on
 *     the wildcard address and the flows' ports;
 *   pass 1, a client: the flows' sources as the local host, dials (with
 *     their source address and port bound) to their destinations, and
 *     packet conns bound to the UDP and ICMP destinations' addresses.
 * Every conn is read through every read call the API has (read, read_from,
 * read_msg and read_batch with all control messages on, SCTP read_msg and
 * read_msg_ext with every notification subscribed), answered once,
 * half-closed or aborted, closed; the stack is finished and closed. Every blocking call has a deadline in virtual time, so
 * nothing waits in real time, and the number of calls is bounded.
 *
 * Test and fuzz code only: static functions, one includer per program,
 * which defines _GNU_SOURCE before any header (fmemopen; libpcap's u_char
 * under -std=c11). */
#ifndef XNET_FUZZ_REPLAY_DRIVE_H
#define XNET_FUZZ_REPLAY_DRIVE_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xnet/xnet.h"

/* Bounds of one run: flows of each kind, conns, calls, timeouts in a row
 * before a conn is given up, records the pre-scan reads. */
#define RD_FLOWS 3
#define RD_CONNS 16
#define RD_CALLS 400
#define RD_IDLE 3
#define RD_SCAN_RECORDS 512
/* How far ahead (virtual time) each blocking call's deadline lies. */
#define RD_WAIT (2 * XNET_SECOND)

enum { RD_TCP, RD_UDP, RD_SCTP, RD_ICMP, RD_KINDS };

typedef struct rd_flow {
  bool v6;
  xnet_ip src, dst;
  uint16_t sport, dport;
} rd_flow;

typedef struct rd_scan {
  rd_flow f[RD_KINDS][RD_FLOWS];
  size_t n[RD_KINDS];
  /* Every address an SCTP packet came from or went to: the peers a
   * multi-homed dial names. */
  xnet_ip sctp_ips[4];
  size_t n_sctp_ips;
} rd_scan;

/* What a run did, for the regression suite's assertions. */
typedef struct rd_result {
  int open_rc[2];     /* xnet_replay_stack_open_memory, per pass */
  int finish_rc[2];   /* xnet_replay_finish (1 when not reached) */
  uint64_t records[2], delivered[2];
  size_t conns, reads, bytes, notifications;
} rd_result;

static uint16_t rd_be16(const uint8_t *b) {
  return (uint16_t)(b[0] << 8 | b[1]);
}

static void rd_add_sctp_ip(rd_scan *sc, const xnet_ip *ip) {
  for (size_t i = 0; i < sc->n_sctp_ips; i++)
    if (xnet_ip_equal(&sc->sctp_ips[i], ip)) return;
  if (sc->n_sctp_ips < 4) sc->sctp_ips[sc->n_sctp_ips++] = *ip;
}

static void rd_add(rd_scan *sc, int kind, const rd_flow *f) {
  for (size_t i = 0; i < sc->n[kind]; i++) {
    const rd_flow *g = &sc->f[kind][i];
    if (g->dport == f->dport && xnet_ip_equal(&g->dst, &f->dst)) return;
  }
  if (sc->n[kind] < RD_FLOWS) sc->f[kind][sc->n[kind]++] = *f;
}

/* The flow of one frame, if it has one worth serving. */
static void rd_scan_frame(rd_scan *sc, int linktype, const uint8_t *b,
                          size_t n) {
  xnet_packet pk;
  if (xnet_packet_dissect((uint32_t)linktype, b, n, &pk) < 0 && pk.count == 0)
    return;
  int ipi = xnet_packet_find(&pk, 0, XNET_PACKET_IPV4);
  int ip6i = xnet_packet_find(&pk, 0, XNET_PACKET_IPV6);
  if (ipi < 0 || (ip6i >= 0 && ip6i < ipi)) ipi = ip6i;
  if (ipi < 0) return;
  const xnet_packet_layer *ip = &pk.layers[ipi];
  rd_flow f;
  memset(&f, 0, sizeof f);
  f.v6 = ip->proto == XNET_PACKET_IPV6;
  const uint8_t *h = b + ip->offset;
  if (ip->end - ip->offset < (f.v6 ? 40u : 20u)) return;
  if (f.v6) {
    xnet_ip_from16(h + 8, &f.src);
    xnet_ip_from16(h + 24, &f.dst);
  } else {
    xnet_ip_from4(h + 12, &f.src);
    xnet_ip_from4(h + 16, &f.dst);
  }
  if (ip->upper == 1 || ip->upper == 58) {
    rd_add(sc, RD_ICMP, &f);
    return;
  }
  for (size_t i = (size_t)ipi + 1; i < pk.count; i++) {
    const xnet_packet_layer *l = &pk.layers[i];
    if (l->depth != ip->depth || (l->flags & XNET_PACKET_QUOTED)) break;
    if (l->end - l->offset < 4) continue;
    const uint8_t *t = b + l->offset;
    f.sport = rd_be16(t);
    f.dport = rd_be16(t + 2);
    if (l->proto == XNET_PACKET_UDP) {
      rd_add(sc, RD_UDP, &f);
    } else if (l->proto == XNET_PACKET_TCP) {
      /* A SYN without ACK opens a conn: its destination is a server. */
      if (l->end - l->offset >= 14 && (t[13] & 0x12) == 0x02)
        rd_add(sc, RD_TCP, &f);
    } else if (l->proto == XNET_PACKET_SCTP) {
      /* An INIT (first chunk type 1) opens an association. */
      if (l->end - l->offset >= 13 && t[12] == 1) rd_add(sc, RD_SCTP, &f);
      rd_add_sctp_ip(sc, &f.src);
      rd_add_sctp_ip(sc, &f.dst);
    } else {
      continue;
    }
    return;
  }
}

static void rd_prescan(const uint8_t *data, size_t size, rd_scan *sc) {
  memset(sc, 0, sizeof *sc);
  FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
  if (!f) return;
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_fopen_offline_with_tstamp_precision(
      f, PCAP_TSTAMP_PRECISION_NANO, err);
  if (!p) {
    fclose(f);
    return;
  }
  int linktype = pcap_datalink(p);
  struct pcap_pkthdr *h;
  const u_char *b;
  for (int i = 0; i < RD_SCAN_RECORDS && pcap_next_ex(p, &h, &b) == 1; i++)
    rd_scan_frame(sc, linktype, b, h->caplen);
  pcap_close(p); /* closes f */
}

/* "ip:port" ("[ip]:port" for IPv6), or ":port" when ip is NULL. */
static void rd_hostport(const xnet_ip *ip, uint16_t port, char *buf,
                        size_t cap) {
  char host[XNET_IP_STRLEN] = "", ps[8];
  if (ip && xnet_ip_format(ip, host, sizeof host) < 0) host[0] = '\0';
  snprintf(ps, sizeof ps, "%u", (unsigned)port);
  if (xnet_hostport_join(host, strlen(host), ps, strlen(ps), buf, cap) < 0)
    snprintf(buf, cap, ":%s", ps);
}

typedef struct rd_conn {
  xnet_conn *c;
  xnet_kind kind;
  bool v6, done, answered, deadline_set;
  int idle;
} rd_conn;

typedef struct rd_run {
  xnet_stack *s;
  xnet_listener *l[RD_KINDS * RD_FLOWS];
  bool l_done[RD_KINDS * RD_FLOWS];
  size_t nl;
  rd_conn c[RD_CONNS];
  size_t nc;
  int calls;
  rd_result *res;
} rd_run;

static const xnet_sctp_notification_type rd_all_events[] = {
    XNET_SCTP_ASSOC_CHANGE,          XNET_SCTP_PEER_ADDR_CHANGE,
    XNET_SCTP_REMOTE_ERROR,          XNET_SCTP_SHUTDOWN_EVENT,
    XNET_SCTP_PARTIAL_DELIVERY_EVENT, XNET_SCTP_ADAPTATION_INDICATION,
    XNET_SCTP_AUTHENTICATION_EVENT,  XNET_SCTP_SENDER_DRY_EVENT,
    XNET_SCTP_STREAM_RESET_EVENT,    XNET_SCTP_ASSOC_RESET_EVENT,
    XNET_SCTP_STREAM_CHANGE_EVENT,   XNET_SCTP_SEND_FAILED_EVENT};

static void rd_add_conn(rd_run *r, xnet_conn *c, bool v6) {
  if (r->nc == RD_CONNS) {
    (void)xnet_conn_close(c);
    return;
  }
  rd_conn *k = &r->c[r->nc++];
  memset(k, 0, sizeof *k);
  k->c = c;
  k->kind = xnet_conn_kind(c);
  k->v6 = v6;
  r->res->conns++;
  if (k->kind == XNET_KIND_SCTP) {
    /* One at a time: a type the stack lacks must not stop the others. */
    for (size_t i = 0; i < sizeof rd_all_events / sizeof *rd_all_events; i++)
      (void)xnet_sctp_conn_subscribe(c, &rd_all_events[i], 1);
  } else if (k->kind == XNET_KIND_UDP || k->kind == XNET_KIND_IP) {
    /* Every control message (failure is fine: the reads then go
     * without). */
    int rc = v6 ? xnet_ipv6_set_control_message(c, 0x3f, true)
                : xnet_ipv4_set_control_message(c, 0x1f, true);
    (void)rc;
  }
}

/* A batch read of up to 4 datagrams, control messages parsed; the first
 * one's payload and source are left in buf and *from. */
static int rd_read_batch(rd_conn *k, uint8_t *buf, size_t cap,
                         xnet_addr *from) {
  uint8_t b2[3][64], oob[4][128];
  struct iovec iov[4] = {{buf, cap}, {b2[0], 64}, {b2[1], 64}, {b2[2], 64}};
  xnet_msg m[4];
  xnet_ipv4_cmsg cm4[4];
  xnet_ipv6_cmsg cm6[4];
  memset(m, 0, sizeof m);
  for (int i = 0; i < 4; i++) {
    m[i].iov = &iov[i];
    m[i].iov_len = 1;
    m[i].oob = oob[i];
    m[i].oob_cap = i == 3 ? 4 : sizeof oob[i]; /* the last one cut */
    m[i].cm4 = k->v6 ? NULL : &cm4[i];
    m[i].cm6 = k->v6 ? &cm6[i] : NULL;
  }
  int rc = xnet_conn_read_batch(k->c, m, 4, 0);
  if (rc <= 0) return rc;
  *from = m[0].addr;
  size_t total = 0;
  for (int i = 0; i < rc; i++) total += m[i].n;
  return (int)(total < (size_t)INT32_MAX ? total : (size_t)INT32_MAX);
}

/* One read on k, by the call `way` picks; then, once, an answer. The read
 * deadline is set when the conn starts and again after each timeout only,
 * so that reads in a row take the replay's streaming path (a read moving
 * the clock itself, a UDP datagram read from libpcap's buffer). */
static void rd_read(rd_run *r, rd_conn *k, unsigned way) {
  uint8_t buf[2048], oob[512];
  size_t oobn = 0;
  int flags = 0;
  xnet_addr from;
  memset(&from, 0, sizeof from);
  if (!k->deadline_set) {
    (void)xnet_conn_set_deadline(k->c, xnet_deadline_in(r->s, RD_WAIT));
    k->deadline_set = true;
  }
  /* Small buffers now and then: partial SCTP messages, cut datagrams. */
  size_t cap = way % 7 == 6 ? 7 : sizeof buf;
  size_t oob_cap = way % 5 == 4 ? 8 : sizeof oob;
  int rc;
  bool stream = k->kind == XNET_KIND_TCP || k->kind == XNET_KIND_SCTP;
  xnet_sctp_rcvinfo info;
  if (k->kind == XNET_KIND_SCTP && way % 3 != 2) {
    if (way % 3 == 0)
      rc = xnet_sctp_conn_read_msg_ext(k->c, buf, cap, oob, oob_cap, &oobn,
                                       &info, &flags);
    else
      rc = xnet_sctp_conn_read_msg(k->c, buf, cap, &info, &flags);
    if (rc >= 0 && (flags & XNET_SCTP_MSG_NOTIFICATION)) {
      xnet_sctp_notification nt;
      /* Any result will do: a cut notification or an undecoded type
       * fails to parse. */
      int prc = xnet_sctp_event_parse(k->c, buf, (size_t)rc, &nt);
      (void)prc;
      r->res->notifications++;
    }
  } else if (stream || way % 4 == 0) {
    rc = xnet_conn_read(k->c, buf, cap);
  } else if (way % 4 == 1) {
    rc = xnet_conn_read_from(k->c, buf, cap, &from);
  } else if (way % 4 == 2) {
    rc = xnet_conn_read_msg(k->c, buf, cap, oob, oob_cap, &oobn, &flags,
                            &from);
  } else {
    rc = rd_read_batch(k, buf, cap, &from);
  }
  r->res->reads++;
  if (rc < 0) {
    if (!xnet_error_is_timeout(rc) || ++k->idle >= RD_IDLE) k->done = true;
    k->deadline_set = false;
    return;
  }
  k->idle = 0;
  r->res->bytes += (size_t)rc;
  if (rc == 0 && stream && !(flags & XNET_SCTP_MSG_NOTIFICATION)) {
    (void)xnet_conn_close_write(k->c); /* end of stream: ours too */
    k->done = true;
    return;
  }
  if (k->answered) return;
  k->answered = true;
  size_t n = (size_t)rc < 64 ? (size_t)rc : 64;
  if (n > cap) n = cap;
  if (k->kind == XNET_KIND_SCTP) {
    xnet_sctp_sndinfo si;
    memset(&si, 0, sizeof si);
    si.sid = (uint16_t)(way & 1);
    si.ppid = xnet_sctp_htonl(51);
    xnet_addr peer;
    if ((way & 2) && xnet_conn_remote_addr(k->c, &peer) == 0)
      (void)xnet_sctp_conn_write_msg_ext(k->c, buf, n, &si, &peer.ip, 0);
    else
      (void)xnet_sctp_conn_write_msg(k->c, buf, n, &si);
    xnet_sctp_status st;
    (void)xnet_sctp_conn_status(k->c, &st);
    xnet_sctp_endpoint ep;
    (void)xnet_sctp_conn_refresh_remote_addr(k->c, &ep);
    (void)xnet_sctp_conn_local_addr(k->c, &ep);
    (void)xnet_sctp_conn_remote_addr(k->c, &ep);
  } else if (from.kind != XNET_KIND_NONE) {
    (void)xnet_conn_write_to(k->c, buf, n, &from);
  } else {
    (void)xnet_conn_write(k->c, buf, n);
  }
}

/* Accepts (and serves) until every listener and conn is done or the call
 * budget is spent. */
static void rd_serve(rd_run *r) {
  for (unsigned round = 0; r->calls < RD_CALLS; round++) {
    bool busy = false;
    for (size_t i = 0; i < r->nl && r->calls < RD_CALLS; i++) {
      if (r->l_done[i]) continue;
      busy = true;
      r->calls++;
      (void)xnet_listener_set_deadline(r->l[i],
                                       xnet_deadline_in(r->s, RD_WAIT));
      xnet_conn *c = NULL;
      int rc = xnet_listener_accept(r->l[i], &c);
      if (rc == 0) {
        xnet_addr a;
        xnet_ip v4;
        bool v6 = xnet_conn_remote_addr(c, &a) == 0 && a.ip.len == 16 &&
                  xnet_ip_to4(&a.ip, &v4) < 0;
        rd_add_conn(r, c, v6);
      } else {
        r->l_done[i] = true; /* timeout or worse: nobody else is coming */
      }
    }
    for (size_t i = 0; i < r->nc && r->calls < RD_CALLS; i++) {
      if (r->c[i].done) continue;
      busy = true;
      r->calls++;
      rd_read(r, &r->c[i], round + (unsigned)i);
    }
    if (!busy) break;
  }
}

/* Closes everything: SCTP conns alternately with ABORT (linger 0) and
 * SHUTDOWN first, TCP ones half-closed first. */
static void rd_close_all(rd_run *r) {
  for (size_t i = 0; i < r->nc; i++) {
    rd_conn *k = &r->c[i];
    if (k->kind == XNET_KIND_SCTP && (i & 1))
      (void)xnet_sctp_conn_set_linger(k->c, 0);
    else if (k->kind == XNET_KIND_SCTP || k->kind == XNET_KIND_TCP)
      (void)xnet_conn_close_write(k->c);
    (void)xnet_conn_close(k->c);
  }
  for (size_t i = 0; i < r->nl; i++) (void)xnet_listener_close(r->l[i]);
  r->nc = r->nl = 0;
}

static void rd_server(rd_run *r, const rd_scan *sc) {
  char addr[XNET_IP_STRLEN + 16];
  for (int kind = 0; kind < RD_KINDS; kind++) {
    for (size_t i = 0; i < sc->n[kind]; i++) {
      const rd_flow *f = &sc->f[kind][i];
      rd_hostport(NULL, f->dport, addr, sizeof addr);
      xnet_listener *l = NULL;
      xnet_conn *c = NULL;
      if (kind == RD_TCP) {
        xnet_listen_config lc = {.stack = r->s};
        if (xnet_listen_config_listen(&lc, f->v6 ? "tcp6" : "tcp4", addr,
                                      &l) == 0)
          r->l[r->nl++] = l;
      } else if (kind == RD_SCTP) {
        xnet_sctp_listen_config lc = {.stack = r->s};
        if (xnet_sctp_listen_config_listen(&lc, f->v6 ? "sctp6" : "sctp4",
                                           addr, &l) == 0) {
          for (size_t j = 0;
               j < sizeof rd_all_events / sizeof *rd_all_events; j++)
            (void)xnet_sctp_listener_subscribe(l, &rd_all_events[j], 1);
          r->l[r->nl++] = l;
        }
      } else if (kind == RD_UDP) {
        xnet_listen_config lc = {.stack = r->s};
        if (xnet_listen_config_listen_packet(&lc, f->v6 ? "udp6" : "udp4",
                                             addr, &c) == 0)
          rd_add_conn(r, c, f->v6);
      } else {
        xnet_listen_config lc = {.stack = r->s};
        if (xnet_listen_config_listen_packet(&lc, f->v6 ? "ip6:58" : "ip4:1",
                                             "", &c) == 0)
          rd_add_conn(r, c, f->v6);
        break; /* one ICMP conn per family is enough */
      }
    }
  }
  rd_serve(r);
}

static void rd_client(rd_run *r, const rd_scan *sc) {
  char addr[XNET_IP_STRLEN + 16];
  for (int kind = 0; kind < RD_KINDS; kind++) {
    for (size_t i = 0; i < sc->n[kind]; i++) {
      const rd_flow *f = &sc->f[kind][i];
      xnet_conn *c = NULL;
      int64_t deadline = xnet_deadline_in(r->s, RD_WAIT);
      r->calls++;
      if (kind == RD_TCP || kind == RD_UDP) {
        xnet_addr la;
        memset(&la, 0, sizeof la);
        la.kind = kind == RD_TCP ? XNET_KIND_TCP : XNET_KIND_UDP;
        la.ip = f->src;
        la.port = f->sport;
        xnet_dialer d = {.stack = r->s, .deadline = deadline,
                         .local_addr = &la};
        rd_hostport(&f->dst, f->dport, addr, sizeof addr);
        const char *net = kind == RD_TCP ? (f->v6 ? "tcp6" : "tcp4")
                                         : (f->v6 ? "udp6" : "udp4");
        if (xnet_dialer_dial(&d, net, addr, &c) == 0) rd_add_conn(r, c, f->v6);
      } else if (kind == RD_SCTP) {
        xnet_sctp_endpoint le;
        memset(&le, 0, sizeof le);
        le.ips[0] = f->src;
        le.count = 1;
        le.port = f->sport;
        xnet_sctp_dialer d = {.stack = r->s, .deadline = deadline,
                              .local_addr = &le};
        const char *net = f->v6 ? "sctp6" : "sctp4";
        int rc;
        if (i == 0) {
          /* Multi-homed: the destination first, then every other address
           * the capture's SCTP packets used (sctp_connectx). */
          xnet_sctp_endpoint re;
          memset(&re, 0, sizeof re);
          re.ips[re.count++] = f->dst;
          for (size_t j = 0; j < sc->n_sctp_ips; j++)
            if (!xnet_ip_equal(&sc->sctp_ips[j], &f->src) &&
                !xnet_ip_equal(&sc->sctp_ips[j], &f->dst))
              re.ips[re.count++] = sc->sctp_ips[j];
          re.port = f->dport;
          rc = xnet_sctp_dialer_dial_addr(&d, net, &re, &c);
        } else {
          rd_hostport(&f->dst, f->dport, addr, sizeof addr);
          rc = xnet_sctp_dialer_dial(&d, net, addr, &c);
        }
        if (rc == 0) rd_add_conn(r, c, f->v6);
      } else {
        xnet_listen_config lc = {.stack = r->s};
        char host[XNET_IP_STRLEN];
        if (xnet_ip_format(&f->dst, host, sizeof host) < 0) continue;
        if (xnet_listen_config_listen_packet(&lc, f->v6 ? "ip6:58" : "ip4:1",
                                             host, &c) == 0)
          rd_add_conn(r, c, f->v6);
      }
    }
  }
  rd_serve(r);
}

/* Runs both passes over the capture data[0..size). */
static void rd_drive(const uint8_t *data, size_t size, rd_result *res) {
  memset(res, 0, sizeof *res);
  rd_scan sc;
  rd_prescan(data, size, &sc);
  for (int pass = 0; pass < 2; pass++) {
    res->finish_rc[pass] = 1;
    xnet_replay_options o;
    memset(&o, 0, sizeof o);
    /* Lenient; strict for an odd-sized input, so that the write checks
     * (and their diffs) run too, on half of the inputs. */
    o.writes = size & 1 ? XNET_REPLAY_STRICT : XNET_REPLAY_LENIENT;
    if (pass == 1) {
      for (int kind = 0; kind < RD_KINDS; kind++)
        for (size_t i = 0; i < sc.n[kind]; i++) {
          const xnet_ip *ip = kind == RD_ICMP ? &sc.f[kind][i].dst
                                              : &sc.f[kind][i].src;
          bool seen = false;
          for (size_t j = 0; j < o.local_count; j++)
            seen = seen || xnet_ip_equal(&o.local[j], ip);
          if (!seen && o.local_count < XNET_REPLAY_MAX_LOCAL)
            o.local[o.local_count++] = *ip;
        }
    }
    rd_run r;
    memset(&r, 0, sizeof r);
    r.res = res;
    res->open_rc[pass] = xnet_replay_stack_open_memory(data, size, &o, &r.s);
    if (res->open_rc[pass] < 0) continue;
    if (pass == 0)
      rd_server(&r, &sc);
    else
      rd_client(&r, &sc);
    rd_close_all(&r);
    res->finish_rc[pass] = xnet_replay_finish(r.s);
    char why[768];
    (void)xnet_replay_error(r.s, why, sizeof why);
    if (xnet_replay_stats(r.s, &res->records[pass], &res->delivered[pass],
                          NULL) < 0)
      res->records[pass] = res->delivered[pass] = 0;
    xnet_stack_close(r.s);
  }
}

#endif /* XNET_FUZZ_REPLAY_DRIVE_H */
