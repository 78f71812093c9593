/* replay_sctp.c — SCTP in `xnet replay`, through the public API of
 * xnet/sctp.h on the replay stack: a listener (on every local address the
 * capture reaches its port at: multi-homing) for each INIT to the local
 * host, subscribed to every notification type; a dial for an INIT from a
 * --local address to a remote one; each read (xnet_sctp_conn_read_msg)
 * is one `message` observation with its receive information, or one
 * `notification` decoded with xnet_sctp_event_parse. */
#define _GNU_SOURCE
#ifdef XNET_TOOL_WITH_PCAP
#include <string.h>

#include "replay_cmd.h"
#include "xnet_tool.h"

enum { CHUNK_INIT = 1 };

void rc_sctp_scan(rc_run *r, const rs_pkt *p) {
  if (!p->ports || !rc_is_local(r, &p->dst)) return;
  /* The listener of the port (this family), made by an INIT. */
  rc_conn *l = rc_find_port(r, RC_SCTP_LISTENER, p->family, 132, p->dport);
  if (!l) {
    if (p->sctp_chunk != CHUNK_INIT) return;
    l = rc_new(r, RC_SCTP_LISTENER, p->family, 132, &p->dst, p->dport, NULL, 0);
    if (!l) return;
  }
  if (p->sctp_chunk == CHUNK_INIT && l->npeers < sizeof l->peers / sizeof l->peers[0])
    l->peers[l->npeers++] = p->src;
  /* Another local address the association is reached at. */
  if (xnet_ip_equal(&l->lip, &p->dst)) return;
  for (size_t i = 0; i < l->nextra; i++)
    if (xnet_ip_equal(&l->extra[i], &p->dst)) return;
  if (l->nextra < sizeof l->extra / sizeof l->extra[0]) l->extra[l->nextra++] = p->dst;
}

void rc_sctp_scan_done(rc_run *r) {
  for (size_t i = 0; i < r->n; i++) {
    rc_conn *l = &r->conns[i];
    if (l->kind != RC_SCTP_LISTENER) continue;
    size_t k = 0;
    for (size_t e = 0; e < l->nextra; e++) {
      bool peer = false;
      for (size_t q = 0; q < l->npeers; q++)
        if (xnet_ip_equal(&l->extra[e], &l->peers[q])) peer = true;
      if (!peer) l->extra[k++] = l->extra[e];
    }
    l->nextra = k;
  }
}

/* "h1/h2/[v6]:port" of the listener's addresses. */
static void endpoint_text(const rc_conn *c, char *buf, size_t cap) {
  size_t at = 0;
  for (size_t i = 0; i <= c->nextra && at < cap; i++) {
    char a[64];
    xnet_ip_format(i ? &c->extra[i - 1] : &c->lip, a, sizeof a);
    at += (size_t)snprintf(buf + at, cap - at, c->family == 6 ? "%s[%s]" : "%s%s",
                           i ? "/" : "", a);
  }
  if (at < cap) snprintf(buf + at, cap - at, ":%u", c->lport);
}

static void subscribe_all(rc_run *r, xnet_conn *c, xnet_listener *l) {
  /* One at a time: a type the stack lacks fails alone. */
  for (int t = XNET_SCTP_ASSOC_CHANGE; t < XNET_SCTP_NOTIFICATION__MAX; t++) {
    xnet_sctp_notification_type ty = (xnet_sctp_notification_type)t;
    (void)(l ? xnet_sctp_listener_subscribe(l, &ty, 1)
             : xnet_sctp_conn_subscribe(c, &ty, 1));
  }
  (void)r;
}

void rc_sctp_open(rc_run *r, rc_conn *c) {
  snprintf(c->network, sizeof c->network, "sctp%c", c->family == 6 ? '6' : '4');
  char addr[256];
  endpoint_text(c, addr, sizeof addr);
  xnet_sctp_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = r->s;
  int rc = xnet_sctp_listen_config_listen(&lc, c->network, addr, &c->l);
  if (rc < 0) {
    if (rc == XNET_EMFILE) r->no_room++;
    else rc_op_failed(r);
    c->done = true;
    return;
  }
  subscribe_all(r, NULL, c->l);
  snprintf(c->local, sizeof c->local, "%s", addr);
}

static void conn_names(rc_conn *c) {
  xnet_addr a;
  if (xnet_conn_local_addr(c->c, &a) == 0) rc_addr_text(&a, c->local, sizeof c->local);
  if (xnet_conn_remote_addr(c->c, &a) == 0) rc_addr_text(&a, c->remote, sizeof c->remote);
}

int rc_sctp_accept(rc_run *r, rc_conn *l) {
  (void)xnet_listener_set_deadline(l->l, rc_deadline(r));
  xnet_conn *nc = NULL;
  int rc = xnet_listener_accept(l->l, &nc);
  if (rc < 0) {
    if (xnet_error_is_timeout(rc)) return 0;
    rc_op_failed(r);
    return -1;
  }
  xnet_addr ra;
  memset(&ra, 0, sizeof ra);
  (void)xnet_conn_remote_addr(nc, &ra);
  rc_conn *c = rc_new(r, RC_SCTP, l->family, 132, &l->lip, l->lport, &ra.ip, ra.port);
  if (!c) {
    (void)xnet_conn_close(nc);
    return 1;
  }
  c->c = nc;
  snprintf(c->network, sizeof c->network, "%s", l->network);
  conn_names(c);
  rp_obs o;
  rc_base(l, &o, "accept");
  o.remote = NULL;
  o.src = c->remote;
  o.dst = c->local;
  rc_emit(r, &o);
  rc_pend(r, c); /* the COOKIE-ECHO may have carried DATA */
  return 1;
}

/* The notification's fields, as the contract names them. */
static void notification(rp_obs *o, const xnet_sctp_notification *n, char *addr,
                         size_t cap) {
  o->nt_type = xnet_sctp_notification_type_name((int)n->type);
  if (!o->nt_type) o->nt_type = "unknown";
#define NT(k, val)                         \
  do {                                     \
    o->nt[o->nnt].key = k;                 \
    o->nt[o->nnt].s = NULL;                \
    o->nt[o->nnt++].v = (int64_t)(val);    \
  } while (0)
  switch (n->type) {
    case XNET_SCTP_ASSOC_CHANGE:
      o->nt_state = xnet_sctp_assoc_change_state_name((int)n->u.assoc_change.state);
      NT("error", n->u.assoc_change.error);
      NT("outbound_streams", n->u.assoc_change.outbound_streams);
      NT("inbound_streams", n->u.assoc_change.inbound_streams);
      NT("assoc_id", n->u.assoc_change.assoc_id);
      break;
    case XNET_SCTP_PEER_ADDR_CHANGE: {
      const xnet_sctp_peer_addr_change *pc = &n->u.peer_addr_change;
      o->nt_state = xnet_sctp_peer_addr_state_name((int)pc->state);
      xnet_ip ip;
      if (pc->addr.family == XNET_SCTP_AF_INET6) xnet_ip_from16(pc->addr.ip, &ip);
      else xnet_ip_from4(pc->addr.ip, &ip);
      rc_host_port(&ip, pc->addr.family == XNET_SCTP_AF_INET6 ? 6 : 4, pc->addr.port,
                   true, addr, cap);
      o->nt[o->nnt].key = "addr";
      o->nt[o->nnt++].s = addr;
      NT("error", pc->error);
      NT("assoc_id", pc->assoc_id);
      break;
    }
    case XNET_SCTP_REMOTE_ERROR:
      NT("error", n->u.remote_error.error);
      NT("assoc_id", n->u.remote_error.assoc_id);
      break;
    case XNET_SCTP_SHUTDOWN_EVENT:
      NT("assoc_id", n->u.shutdown_event.assoc_id);
      break;
    case XNET_SCTP_ADAPTATION_INDICATION:
      NT("adaptation_ind", n->u.adaptation_event.adaptation_ind);
      NT("assoc_id", n->u.adaptation_event.assoc_id);
      break;
    case XNET_SCTP_SENDER_DRY_EVENT:
      NT("assoc_id", n->u.sender_dry_event.assoc_id);
      break;
    case XNET_SCTP_SEND_FAILED_EVENT:
      NT("error", n->u.send_failed_event.error);
      NT("assoc_id", n->u.send_failed_event.assoc_id);
      break;
    default:
      break;
  }
#undef NT
}

int rc_sctp_read(rc_run *r, rc_conn *c) {
  (void)xnet_conn_set_read_deadline(c->c, rc_deadline(r));
  xnet_sctp_rcvinfo info;
  memset(&info, 0, sizeof info);
  int flags = 0;
  int n = xnet_sctp_conn_read_msg(c->c, r->buf, RC_BUF, &info, &flags);
  if (n < 0 && xnet_error_is_timeout(n)) return 0;
  rp_obs o;
  rc_base(c, &o, "message");
  o.src = c->remote;
  o.dst = c->local;
  char addr[80];
  if (n > 0 && (flags & XNET_SCTP_MSG_NOTIFICATION)) {
    xnet_sctp_notification nt;
    memset(&nt, 0, sizeof nt);
    o.event = "notification";
    o.src = o.dst = NULL;
    if (xnet_sctp_event_parse(c->c, r->buf, (size_t)n, &nt) < 0 && nt.type == 0) {
      o.nt_type = "unknown";
    } else {
      notification(&o, &nt, addr, sizeof addr);
    }
    rc_emit(r, &o);
    return 1;
  }
  if (n > 0) {
    o.data = r->buf;
    o.len = (size_t)n;
    o.has_len = true;
    o.has_sctp = true;
    o.sid = info.sid;
    o.ssn = info.ssn;
    o.ppid = xnet_sctp_ntohl(info.ppid);
    o.tsn = info.tsn;
    o.unordered = (info.flags & XNET_SCTP_UNORDERED) != 0;
    o.eor = (flags & XNET_SCTP_MSG_EOR) != 0;
    rc_emit(r, &o);
    return 1;
  }
  o.src = o.dst = NULL;
  if (n == 0) {
    o.event = "eof";
  } else if (n == XNET_ECONNRESET || n == XNET_ECONNABORTED) {
    o.event = "reset"; /* an ABORT, from the peer or (aborted) our side */
    if (n != XNET_ECONNRESET) o.error = xnet_err_name(n);
  } else {
    o.event = "error";
    o.error = xnet_err_name(n);
    r->status = XNET_TOOL_EXIT_NETWORK;
  }
  rc_emit(r, &o);
  rc_finish(c);
  return -1;
}

/* An INIT from a --local address to a remote one: the local host dials,
 * subscribed to every notification. */
static void dial(rc_run *r, const rs_pkt *p) {
  rc_conn *c = rc_dial_conn(r, RC_SCTP, 132, "sctp", p);
  if (!c) return; /* a retransmitted INIT, or no room */
  xnet_sctp_endpoint la;
  memset(&la, 0, sizeof la);
  la.ips[0] = p->src;
  la.count = 1;
  la.port = p->sport;
  xnet_sctp_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = r->s;
  d.local_addr = &la;
  d.deadline = rc_deadline(r) + 3600 * XNET_SECOND;
  int rc = xnet_sctp_dialer_dial(&d, c->network, c->remote, &c->c);
  rp_obs o;
  if (!rc_dial_result(r, c, rc, &o)) return;
  subscribe_all(r, c->c, NULL);
  conn_names(c);
  o.local = c->local;
  o.remote = c->remote;
  rc_emit(r, &o);
  rc_pend(r, c);
}

void rc_sctp_route(rc_run *r, const rs_pkt *p) {
  if (!p->ports) return;
  if (p->sctp_chunk == CHUNK_INIT && r->nlocal && rc_is_local(r, &p->src) &&
      !rc_is_local(r, &p->dst)) {
    dial(r, p);
    return;
  }
  if (!rc_is_local(r, &p->dst)) return;
  rc_conn *c = rc_find(r, RC_SCTP, p->family, 132, &p->dst, p->dport, &p->src, p->sport);
  if (c) {
    rc_pend(r, c);
    return;
  }
  rc_pend(r, rc_find_port(r, RC_SCTP_LISTENER, p->family, 132, p->dport));
}
#endif /* XNET_TOOL_WITH_PCAP */
