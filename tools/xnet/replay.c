/* replay.c — `xnet replay FILE [--local ADDR]... [--json]`: what an
 * application on the local host would observe of a capture.
 *
 * The tool is such an application, written against the public API of a
 * replay stack (lenient writes: it never writes). A first pass over the
 * capture finds the endpoints the local host is reached on: the UDP
 * destination ports, the TCP ports a SYN opens, the destinations of other
 * IP protocols (raw ip4:N / ip6:N conns). It opens a packet conn or a
 * listener on each, then walks the capture again in step with the replay:
 * when a packet is due for a conn, it reads that conn (or accepts on that
 * listener) with a deadline at the packet's time, so every observation is
 * made in virtual-time order and each read returns exactly what an
 * application's read would. Without --local every destination is local;
 * with it, a SYN (or SCTP INIT) from a local address to a remote one is a
 * dial made at that point. At the end of the capture each conn's next
 * read times out, and says so. SCTP is in replay_sctp.c.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay_cmd.h"
#include "xnet/error.h"
#include "xnet_tool.h"
#ifdef XNET_TOOL_WITH_PCAP
#include "xnet/xnet.h"
#endif

static const char replay_help[] =
    "usage: xnet replay [--json] [--local ADDR]... FILE\n"
    "\n"
    "Replays the pcap or pcapng capture FILE through a replay stack and\n"
    "prints what an application on the local host would observe, in\n"
    "virtual-time order: each UDP datagram with its source and control\n"
    "messages (TTL or hop limit, TOS or traffic class, destination,\n"
    "interface), each raw IP datagram, each TCP connection accepted or\n"
    "dialled, its stream data as the reads return it, end of stream or\n"
    "reset, each SCTP association with its messages (stream, SSN, PPID, TSN,\n"
    "unordered, end of record) and notifications, and at the end of the\n"
    "capture the timeout each conn's next read would see.\n"
    "\n"
    "The local host is the addresses given with --local (up to 8), else\n"
    "every destination the capture reaches. The tool listens on every UDP\n"
    "port and every TCP and SCTP port (opened by a SYN or an INIT) addressed\n"
    "to it and opens a raw conn for each other IP protocol sent to it; a SYN\n"
    "or INIT from a --local address to another is a dial.\n"
    "\n"
    "options:\n"
    "  --local ADDR  an IPv4 or IPv6 address of the local host (repeatable)\n"
    "  --json        one JSON object per observation per line (a stable\n"
    "                contract: see tools/xnet/README.md)\n"
    "  --help        this text\n"
    "\n"
    "Text form: seconds since the first record, the conn (network, local\n"
    "address, <-remote for a connection), the event and its details.\n"
    "\n"
    "Exit status: 0 replayed; 1 some endpoint could not be opened or a read\n"
    "failed unexpectedly; 2 usage error; 3 the capture cannot be read or is\n"
    "damaged (after printing what came before the damage).\n";

#ifndef XNET_TOOL_WITH_PCAP
int xnet_tool_replay(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  (void)in;
  if (argc == 2 && strcmp(argv[1], "--help") == 0) {
    fputs(replay_help, out);
    return XNET_TOOL_EXIT_OK;
  }
  fputs("xnet replay: built without libpcap (XNET_WITH_PCAP=OFF)\n", err);
  return XNET_TOOL_EXIT_INPUT;
}
#else


/* ---- endpoints ---- */

bool rc_is_local(const rc_run *r, const xnet_ip *ip) {
  if (r->nlocal == 0) return true;
  for (size_t i = 0; i < r->nlocal; i++)
    if (xnet_ip_equal(&r->local[i], ip)) return true;
  return false;
}

/* An SCTP listener is reached on any of its addresses; an association is
 * told by its ports (its paths may use other addresses). */
static bool addr_matches(const rc_conn *c, const xnet_ip *lip) {
  if (c->kind == RC_SCTP) return true;
  if (xnet_ip_equal(&c->lip, lip)) return true;
  for (size_t i = 0; i < c->nextra; i++)
    if (xnet_ip_equal(&c->extra[i], lip)) return true;
  return false;
}

/* Conns are found through a hash of what names them without addresses
 * (kind, family, protocol, ports), the addresses compared along the
 * chain: a big capture with thousands of endpoints costs no linear scan
 * per packet. */
static unsigned bucket(int kind, uint8_t family, uint8_t proto, uint16_t lport,
                       uint16_t rport) {
  if (kind == RC_RAW) lport = 0;
  if (kind != RC_TCP && kind != RC_SCTP) rport = 0;
  uint32_t h = (uint32_t)kind * 0x9e3779b1u ^ (uint32_t)family << 24 ^
               (uint32_t)proto << 16 ^ lport;
  h = (h ^ (uint32_t)rport * 0x85ebca6bu) * 0xc2b2ae35u;
  return (h ^ h >> 16) & (RC_HASH - 1);
}

rc_conn *rc_new(rc_run *r, int kind, uint8_t family, uint8_t proto,
                const xnet_ip *lip, uint16_t lport, const xnet_ip *rip,
                uint16_t rport) {
  if (r->n == RC_MAX_CONNS) {
    r->too_many++;
    return NULL;
  }
  rc_conn *c = &r->conns[r->n];
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->family = family;
  c->proto = proto;
  if (lip) c->lip = *lip;
  c->lport = lport;
  if (rip) c->rip = *rip;
  c->rport = rport;
  unsigned b = bucket(kind, family, proto, lport, rport);
  c->next = r->heads[b];
  r->heads[b] = (int32_t)r->n++;
  return c;
}

rc_conn *rc_find_port(rc_run *r, int kind, uint8_t family, uint8_t proto,
                      uint16_t lport) {
  for (int32_t i = r->heads[bucket(kind, family, proto, lport, 0)]; i >= 0;
       i = r->conns[i].next) {
    rc_conn *c = &r->conns[i];
    if (c->kind == kind && c->family == family && c->lport == lport) return c;
  }
  return NULL;
}

rc_conn *rc_find(rc_run *r, int kind, uint8_t family, uint8_t proto,
                 const xnet_ip *lip, uint16_t lport, const xnet_ip *rip,
                 uint16_t rport) {
  for (int32_t i = r->heads[bucket(kind, family, proto, lport, rport)]; i >= 0;
       i = r->conns[i].next) {
    rc_conn *c = &r->conns[i];
    if (c->kind != kind || c->family != family || c->lport != lport ||
        !addr_matches(c, lip))
      continue;
    if (kind == RC_SCTP && c->rport != rport) continue;
    if (kind == RC_RAW && c->proto != proto) continue;
    if (kind == RC_TCP && (c->rport != rport || !xnet_ip_equal(&c->rip, rip)))
      continue;
    return c;
  }
  return NULL;
}

static rc_conn *add(rc_run *r, int kind, uint8_t family, uint8_t proto,
                    const xnet_ip *lip, uint16_t lport) {
  rc_conn *c = rc_find(r, kind, family, proto, lip, lport, NULL, 0);
  return c ? c : rc_new(r, kind, family, proto, lip, lport, NULL, 0);
}

void rc_host_port(const xnet_ip *ip, uint8_t family, uint16_t port,
                      bool with_port, char *buf, size_t cap) {
  char a[64];
  xnet_ip_format(ip, a, sizeof a);
  if (!with_port) snprintf(buf, cap, "%s", a);
  else if (family == 6) snprintf(buf, cap, "[%s]:%u", a, port);
  else snprintf(buf, cap, "%s:%u", a, port);
}

void rc_addr_text(const xnet_addr *a, char *buf, size_t cap) {
  xnet_addr_format(a, buf, cap);
}

/* The first pass: every endpoint the local host is reached on. */
static int scan(rc_run *r) {
  char msg[256];
  rs_reader *rd = rs_open(r->path, msg, sizeof msg);
  if (!rd) { /* libpcap's message names the file */
    fprintf(r->err, "xnet replay: %s\n", msg);
    return XNET_TOOL_EXIT_INPUT;
  }
  rs_pkt p;
  int rc;
  while ((rc = rs_next(rd, &p, msg, sizeof msg)) == 1) {
    if (!p.family || !rc_is_local(r, &p.dst)) continue;
    if (p.proto == 17 && p.ports) {
      (void)add(r, RC_UDP, p.family, 17, &p.dst, p.dport);
    } else if (p.proto == 6 && p.ports) {
      if ((p.tcp_flags & 0x12) == 0x02) /* SYN without ACK */
        (void)add(r, RC_LISTENER, p.family, 6, &p.dst, p.dport);
    } else if (p.proto == 132) {
      rc_sctp_scan(r, &p);
    } else if (p.proto != 6 && p.proto != 17) {
      (void)add(r, RC_RAW, p.family, p.proto, &p.dst, 0);
    }
  }
  rs_close(rd);
  rc_sctp_scan_done(r);
  /* Damage part-way: the walk replays what comes before it, then stops
   * there with the same message. */
  return 0;
}

/* Opens the conn or listener of c on the replay stack. */
void rc_op_failed(rc_run *r) {
  char e[256];
  xnet_op_error_format(xnet_last_error(), e, sizeof e);
  fprintf(r->err, "xnet replay: %s\n", e);
  r->status = XNET_TOOL_EXIT_NETWORK;
}

static void open_conn(rc_run *r, rc_conn *c) {
  if (c->kind == RC_SCTP_LISTENER) {
    rc_sctp_open(r, c);
    return;
  }
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = r->s;
  char addr[80];
  int rc;
  bool v6 = c->family == 6;
  if (c->kind == RC_LISTENER) {
    snprintf(c->network, sizeof c->network, "tcp%c", v6 ? '6' : '4');
    rc_host_port(&c->lip, c->family, c->lport, true, addr, sizeof addr);
    rc = xnet_listen_config_listen(&lc, c->network, addr, &c->l);
  } else {
    if (c->kind == RC_UDP) {
      snprintf(c->network, sizeof c->network, "udp%c", v6 ? '6' : '4');
      rc_host_port(&c->lip, c->family, c->lport, true, addr, sizeof addr);
    } else {
      snprintf(c->network, sizeof c->network, "ip%c:%u", v6 ? '6' : '4', c->proto);
      rc_host_port(&c->lip, c->family, 0, false, addr, sizeof addr);
    }
    rc = xnet_listen_config_listen_packet(&lc, c->network, addr, &c->c);
    if (rc == 0)
      rc = v6 ? xnet_ipv6_set_control_message(
                    c->c, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS |
                              XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE, true)
              : xnet_ipv4_set_control_message(
                    c->c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS |
                              XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE, true);
  }
  if (rc < 0) {
    if (rc == XNET_EMFILE) r->no_room++; /* said once, at the end */
    else rc_op_failed(r);
    c->done = true;
    return;
  }
  xnet_addr a;
  if ((c->l ? xnet_listener_addr(c->l, &a) : xnet_conn_local_addr(c->c, &a)) == 0)
    rc_addr_text(&a, c->local, sizeof c->local);
  else
    snprintf(c->local, sizeof c->local, "%s", addr);
}

rc_conn *rc_dial_conn(rc_run *r, int kind, uint8_t proto, const char *base,
                      const rs_pkt *p) {
  if (rc_find(r, kind, p->family, proto, &p->src, p->sport, &p->dst, p->dport))
    return NULL;
  rc_conn *c = rc_new(r, kind, p->family, proto, &p->src, p->sport, &p->dst,
                      p->dport);
  if (!c) return NULL;
  snprintf(c->network, sizeof c->network, "%s%c", base,
           p->family == 6 ? '6' : '4');
  rc_host_port(&p->src, p->family, p->sport, true, c->local, sizeof c->local);
  rc_host_port(&p->dst, p->family, p->dport, true, c->remote, sizeof c->remote);
  return c;
}

bool rc_dial_result(rc_run *r, rc_conn *c, int rc, rp_obs *o) {
  rc_base(c, o,
          rc == 0                     ? "dial"
          : xnet_error_is_timeout(rc) ? "timeout"
                                      : "reset");
  o->src = c->local;
  o->dst = c->remote;
  if (rc == 0) return true;
  o->error = xnet_err_name(rc);
  c->done = true;
  c->c = NULL;
  rc_emit(r, o);
  return false;
}

/* ---- observations ---- */

void rc_emit(rc_run *r, rp_obs *o) {
  o->t = r->t;
  o->t0 = r->t0;
  if (r->json) rp_print_json(r->out, o);
  else rp_print_text(r->out, o);
  r->observations++;
}

void rc_base(const rc_conn *c, rp_obs *o, const char *event) {
  memset(o, 0, sizeof *o);
  o->event = event;
  o->network = c->network;
  o->local = c->local;
  o->remote = c->kind == RC_TCP || c->kind == RC_SCTP ? c->remote : NULL;
}

void rc_finish(rc_conn *c) {
  c->done = true;
  if (c->c) (void)xnet_conn_close(c->c);
  c->c = NULL;
}

void rc_pend(rc_run *r, rc_conn *c) {
  if (!c || c->done || c->pending) return;
  c->pending = true;
  c->misses = 0;
  r->pend[r->npend++] = (size_t)(c - r->conns);
}

/* The deadline of a read made for a packet due at r->t: that time, or
 * just after now when the clock has passed it (a deadline at or before
 * now has expired before the read starts, as in Go). */
int64_t rc_deadline(rc_run *r) {
  int64_t now = xnet_now(r->s);
  return r->t > now ? r->t : now + 1;
}

/* One read of a packet conn: 1 observed, 0 nothing due, -1 finished. */
static int read_packet(rc_run *r, rc_conn *c) {
  (void)xnet_conn_set_read_deadline(c->c, rc_deadline(r));
  xnet_addr src;
  memset(&src, 0, sizeof src);
  rp_obs o;
  rc_base(c, &o, "datagram");
  char cmdst[64] = "", from[80] = "";
  int n;
  if (c->family == 6) {
    xnet_ipv6_cmsg cm;
    memset(&cm, 0, sizeof cm);
    n = xnet_ipv6_read_from(c->c, r->buf, RC_BUF, &cm, &src);
    o.ttl = cm.hop_limit;
    o.tos = cm.traffic_class;
    o.ifindex = cm.ifindex;
    if (cm.has & XNET_IPV6_FLAG_DST) {
      xnet_ip d;
      xnet_ip_from16(cm.dst, &d);
      xnet_ip_format(&d, cmdst, sizeof cmdst);
    }
  } else {
    xnet_ipv4_cmsg cm;
    memset(&cm, 0, sizeof cm);
    n = xnet_ipv4_read_from(c->c, r->buf, RC_BUF, &cm, &src);
    o.ttl = cm.ttl;
    o.tos = cm.tos;
    o.ifindex = cm.ifindex;
    if (cm.has & XNET_IPV4_FLAG_DST) {
      xnet_ip d;
      xnet_ip_from4(cm.dst, &d);
      xnet_ip_format(&d, cmdst, sizeof cmdst);
    }
  }
  if (n < 0) {
    if (xnet_error_is_timeout(n)) return 0;
    o.event = "error";
    o.error = xnet_err_name(n);
    rc_emit(r, &o);
    r->status = XNET_TOOL_EXIT_NETWORK;
    rc_finish(c);
    return -1;
  }
  rc_addr_text(&src, from, sizeof from);
  o.src = from;
  /* The destination: the conn's port at the address the packet was sent
   * to (a wildcard-bound conn learns it only from the control message). */
  char to[256];
  if (cmdst[0]) {
    xnet_ip d;
    if (xnet_ip_parse(cmdst, strlen(cmdst), &d) == 0)
      rc_host_port(&d, c->family, c->lport, c->kind == RC_UDP, to, sizeof to);
    else
      snprintf(to, sizeof to, "%s", c->local);
  } else {
    snprintf(to, sizeof to, "%s", c->local);
  }
  o.dst = to;
  o.data = r->buf;
  o.len = (size_t)n;
  o.has_len = true;
  o.has_cm = true;
  o.cm_dst = cmdst[0] ? cmdst : NULL;
  rc_emit(r, &o);
  return 1;
}

static int read_stream(rc_run *r, rc_conn *c) {
  (void)xnet_conn_set_read_deadline(c->c, rc_deadline(r));
  int n = xnet_conn_read(c->c, r->buf, RC_BUF);
  if (n < 0 && xnet_error_is_timeout(n)) return 0;
  rp_obs o;
  rc_base(c, &o, n > 0 ? "data" : n == 0 ? "eof" : "reset");
  o.src = c->remote;
  o.dst = c->local;
  if (n > 0) {
    o.data = r->buf;
    o.len = (size_t)n;
    o.has_len = true;
    rc_emit(r, &o);
    return 1;
  }
  if (n < 0 && n != XNET_ECONNRESET) {
    o.event = "error";
    o.error = xnet_err_name(n);
    r->status = XNET_TOOL_EXIT_NETWORK;
  }
  rc_emit(r, &o);
  rc_finish(c);
  return -1;
}

static int accept_one(rc_run *r, rc_conn *l) {
  (void)xnet_listener_set_deadline(l->l, rc_deadline(r));
  xnet_conn *nc = NULL;
  int rc = xnet_listener_accept(l->l, &nc);
  if (rc < 0) {
    if (xnet_error_is_timeout(rc)) return 0;
    char e[256];
    xnet_op_error_format(xnet_last_error(), e, sizeof e);
    fprintf(r->err, "xnet replay: %s\n", e);
    r->status = XNET_TOOL_EXIT_NETWORK;
    return -1;
  }
  xnet_addr la, ra;
  memset(&la, 0, sizeof la);
  memset(&ra, 0, sizeof ra);
  (void)xnet_conn_local_addr(nc, &la);
  (void)xnet_conn_remote_addr(nc, &ra);
  rc_conn *c = rc_new(r, RC_TCP, l->family, 6, &la.ip, la.port, &ra.ip, ra.port);
  if (!c) {
    (void)xnet_conn_close(nc);
    return 1;
  }
  c->c = nc;
  snprintf(c->network, sizeof c->network, "%s", l->network);
  rc_addr_text(&la, c->local, sizeof c->local);
  rc_addr_text(&ra, c->remote, sizeof c->remote);
  rp_obs o;
  rc_base(l, &o, "accept");
  o.remote = NULL;
  o.src = c->remote;
  o.dst = c->local;
  rc_emit(r, &o);
  rc_pend(r, c); /* its first bytes may already be queued */
  return 1;
}

/* A SYN from a --local address to a remote one: the local host dialled.
 * The dial reads on until the capture answers (a SYN-ACK, or RST:
 * refused); an hour of virtual time without an answer is a timeout. */
static void dial_one(rc_run *r, const rs_pkt *p) {
  rc_conn *c = rc_dial_conn(r, RC_TCP, 6, "tcp", p);
  if (!c) return; /* a retransmitted SYN, or no room */
  xnet_addr la;
  memset(&la, 0, sizeof la);
  la.kind = XNET_KIND_TCP;
  la.ip = p->src;
  la.port = p->sport;
  xnet_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = r->s;
  d.local_addr = &la;
  d.deadline = rc_deadline(r) + 3600 * XNET_SECOND;
  int rc = xnet_dialer_dial(&d, c->network, c->remote, &c->c);
  rp_obs o;
  if (rc_dial_result(r, c, rc, &o)) rc_emit(r, &o);
}

/* Reads c until nothing more is due now. */
static void drain(rc_run *r, rc_conn *c) {
  bool got = false;
  while (!c->done) {
    int k = c->kind == RC_LISTENER        ? accept_one(r, c)
            : c->kind == RC_TCP           ? read_stream(r, c)
            : c->kind == RC_SCTP_LISTENER ? rc_sctp_accept(r, c)
            : c->kind == RC_SCTP          ? rc_sctp_read(r, c)
                                          : read_packet(r, c);
    if (k <= 0) break;
    got = true;
  }
  if (got) c->misses = 0;
  else c->misses++;
}

static void drain_pending(rc_run *r) {
  /* Accepting may add pending conns: walk by index. */
  for (size_t i = 0; i < r->npend; i++) drain(r, &r->conns[r->pend[i]]);
  size_t k = 0;
  for (size_t i = 0; i < r->npend; i++) {
    rc_conn *c = &r->conns[r->pend[i]];
    if (!c->done && c->misses > 0 && c->misses < RC_MAX_MISSES)
      r->pend[k++] = r->pend[i];
    else c->pending = false;
  }
  r->npend = k;
}

/* Marks the conn a packet is due to as pending. */
static void route(rc_run *r, const rs_pkt *p) {
  if (!p->family) return;
  if (p->proto == 132) {
    rc_sctp_route(r, p);
    return;
  }
  if (p->proto == 6 && p->ports && (p->tcp_flags & 0x12) == 0x02 &&
      r->nlocal && rc_is_local(r, &p->src) && !rc_is_local(r, &p->dst)) {
    dial_one(r, p);
    return;
  }
  if (!rc_is_local(r, &p->dst)) return;
  if (p->proto == 17 && p->ports) {
    rc_pend(r, rc_find(r, RC_UDP, p->family, 17, &p->dst, p->dport, NULL, 0));
  } else if (p->proto == 6 && p->ports) {
    if ((p->tcp_flags & 0x12) == 0x02) {
      rc_pend(r, rc_find(r, RC_LISTENER, p->family, 6, &p->dst, p->dport, NULL, 0));
    } else if (p->tcp_payload || (p->tcp_flags & 0x05)) {
      rc_conn *c = rc_find(r, RC_TCP, p->family, 6, &p->dst, p->dport, &p->src, p->sport);
      if (c) rc_pend(r, c);
      else rc_pend(r, rc_find(r, RC_LISTENER, p->family, 6, &p->dst, p->dport, NULL, 0));
    }
  } else if (p->proto != 132 && p->proto != 6 && p->proto != 17) {
    rc_pend(r, rc_find(r, RC_RAW, p->family, p->proto, &p->dst, 0, NULL, 0));
  }
}

static void progress(rc_run *r, rs_reader *rd, bool done) {
  if (done) {
    fputs("\r                                                            \r", r->err);
    return;
  }
  int pct = (int)(rs_progress(rd) * 100);
  char bar[41];
  for (int i = 0; i < 40; i++) bar[i] = i < pct * 40 / 100 ? '#' : '.';
  bar[40] = 0;
  fprintf(r->err, "\rxnet replay: [%s] %3d%% %llu records", bar, pct,
          (unsigned long long)rs_records(rd));
  fflush(r->err);
}

/* The second pass: the walk in step with the replay. */
static int walk(rc_run *r) {
  char msg[256];
  rs_reader *rd = rs_open(r->path, msg, sizeof msg);
  if (!rd) { /* libpcap's message names the file */
    fprintf(r->err, "xnet replay: %s\n", msg);
    return XNET_TOOL_EXIT_INPUT;
  }
  bool bar = isatty(fileno(r->err)) && rs_size(rd) > (16L << 20);
  rs_pkt p;
  int rc;
  while ((rc = rs_next(rd, &p, msg, sizeof msg)) == 1) {
    if (!r->have_t0) {
      r->t0 = p.t;
      r->have_t0 = true;
    }
    if (p.t > r->t) r->t = p.t;
    route(r, &p);
    if (r->npend) drain_pending(r);
    if (bar && rs_records(rd) % 16384 == 0) progress(r, rd, false);
  }
  if (bar) progress(r, rd, true);
  rs_close(rd);
  if (rc < 0) {
    fprintf(r->err, "xnet replay: %s: %s\n", r->path, msg);
    return XNET_TOOL_EXIT_INPUT;
  }
  /* The end: whatever is left, then each conn's next read times out. */
  for (size_t i = 0; i < r->n; i++)
    if (!r->conns[i].done) drain(r, &r->conns[i]);
  int64_t end = rc_deadline(r); /* one instant: passed for all but the first */
  for (size_t i = 0; i < r->n; i++) {
    rc_conn *c = &r->conns[i];
    if (c->done || !c->c) continue;
    (void)xnet_conn_set_read_deadline(c->c, end);
    int n = c->kind == RC_TCP || c->kind == RC_SCTP
                ? xnet_conn_read(c->c, r->buf, RC_BUF)
                : xnet_conn_read_from(c->c, r->buf, RC_BUF, NULL);
    if (!xnet_error_is_timeout(n)) continue; /* drained above: not expected */
    rp_obs o;
    rc_base(c, &o, "timeout");
    int64_t t = r->t;
    r->t = end;
    rc_emit(r, &o);
    r->t = t;
  }
  return 0;
}

static void close_all(rc_run *r) {
  for (size_t i = 0; i < r->n; i++) {
    if (r->conns[i].c) (void)xnet_conn_close(r->conns[i].c);
    if (r->conns[i].l) (void)xnet_listener_close(r->conns[i].l);
  }
}

static int usage(FILE *err, const char *why) {
  fprintf(err, "xnet replay: %s\n\n%s", why, replay_help);
  return XNET_TOOL_EXIT_USAGE;
}

static int run(rc_run *r) {
  int st = scan(r);
  if (st) return st;
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = XNET_REPLAY_LENIENT;
  memcpy(o.local, r->local, sizeof o.local);
  o.local_count = r->nlocal;
  int rc = xnet_replay_stack_open(r->path, &o, &r->s);
  if (rc < 0) {
    fprintf(r->err, "xnet replay: %s: %s\n", r->path, xnet_strerror(rc));
    return XNET_TOOL_EXIT_INPUT;
  }
  size_t endpoints = r->n;
  for (size_t i = 0; i < endpoints; i++) open_conn(r, &r->conns[i]);
  if (!r->json) {
    fprintf(r->out, "# xnet replay %s: %zu endpoint%s, local host ", r->path,
            endpoints, endpoints == 1 ? "" : "s");
    if (!r->nlocal) fputs("every destination", r->out);
    for (size_t i = 0; i < r->nlocal; i++) {
      char a[64];
      xnet_ip_format(&r->local[i], a, sizeof a);
      fprintf(r->out, "%s%s", i ? ", " : "", a);
    }
    fputc('\n', r->out);
  }
  st = walk(r);
  if (r->too_many)
    fprintf(r->err, "xnet replay: more than %d conns: %zu left out\n",
            RC_MAX_CONNS, r->too_many);
  if (r->no_room) {
    fprintf(r->err, "xnet replay: %zu endpoints left out: the replay stack "
                    "has no room for more sockets\n", r->no_room);
    r->status = XNET_TOOL_EXIT_NETWORK;
  }
  if (!r->json) {
    fprintf(r->out, "# %llu observations", (unsigned long long)r->observations);
    fputc('\n', r->out);
  }
  /* Lenient writes: the only problem a replay stack can note is damage. */
  char why[768];
  if (st == 0 && xnet_replay_error(r->s, why, sizeof why) > 0) {
    fprintf(r->err, "xnet replay: %s: %s\n", r->path, why);
    st = XNET_TOOL_EXIT_INPUT;
  }
  close_all(r);
  xnet_stack_close(r->s);
  return st ? st : r->status;
}

int xnet_tool_replay(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  (void)in;
  rc_run r;
  memset(&r, 0, sizeof r);
  r.out = out;
  r.err = err;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(replay_help, out);
      return XNET_TOOL_EXIT_OK;
    } else if (strcmp(a, "--json") == 0) {
      r.json = true;
    } else if (strcmp(a, "--local") == 0 || strncmp(a, "--local=", 8) == 0) {
      const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
      if (!v) return usage(err, "--local needs an address");
      if (r.nlocal == XNET_REPLAY_MAX_LOCAL)
        return usage(err, "at most 8 --local addresses");
      if (xnet_ip_parse(v, strlen(v), &r.local[r.nlocal]) < 0) {
        char m[160];
        snprintf(m, sizeof m, "--local %s: not an IP address", v);
        return usage(err, m);
      }
      r.nlocal++;
    } else if (a[0] == '-' && a[1]) {
      char m[160];
      snprintf(m, sizeof m, "unknown option '%s'", a);
      return usage(err, m);
    } else if (r.path) {
      return usage(err, "more than one FILE");
    } else {
      r.path = a;
    }
  }
  if (!r.path) return usage(err, "missing FILE");
  if (strcmp(r.path, "-") == 0)
    return usage(err, "FILE must be a file (it is read twice), not standard input");
  r.conns = calloc(RC_MAX_CONNS, sizeof *r.conns);
  r.pend = calloc(RC_MAX_CONNS, sizeof *r.pend);
  r.heads = malloc(RC_HASH * sizeof *r.heads);
  r.buf = malloc(RC_BUF);
  if (r.heads)
    for (size_t i = 0; i < RC_HASH; i++) r.heads[i] = -1;
  int st;
  if (!r.conns || !r.pend || !r.heads || !r.buf) {
    fputs("xnet replay: out of memory\n", err);
    st = XNET_TOOL_EXIT_INPUT;
  } else {
    st = run(&r);
  }
  free(r.conns);
  free(r.pend);
  free(r.heads);
  free(r.buf);
  return st;
}
#endif /* XNET_TOOL_WITH_PCAP */
