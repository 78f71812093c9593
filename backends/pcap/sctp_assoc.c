/* sctp_assoc.c — SCTP associations of a replay stack, driven by the
 * capture's chunks as a Linux kernel's state machine would be.
 *
 * A packet belongs to an association by its ports, addresses (any of each
 * side's, so every path of a multi-homed association) and verification
 * tag; an INIT to a listening port makes a new association that accept
 * returns once the peer's COOKIE-ECHO establishes it. Inbound chunks move
 * the state and queue what the kernel would queue for reading: messages
 * (sctp_reasm.c) and, when subscribed, notifications
 * (sctp_notify_synth.c). Outbound chunks are what the local side must do:
 * DATA becomes the expected writes, SHUTDOWN/ABORT what shutdown and close
 * are checked against.
 *
 * The kernel is the reference for the notifications (see
 * ../shared/notes/sctp-here.md): COMM_UP when COOKIE-ECHO (server) or
 * COOKIE-ACK (client) arrives, then ADAPTATION_INDICATION if the peer's
 * INIT carried one, then AUTHENTICATION_EVENT "no auth"; no PEER_ADDR_CHANGE for the extra addresses an INIT
 * lists (they start UNCONFIRMED), ADDR_CONFIRMED once a HEARTBEAT-ACK comes
 * from such an address, none for the primary path; SENDER_DRY when a SACK
 * (or SHUTDOWN) acknowledges the last outbound TSN; SHUTDOWN_EVENT on the
 * peer's SHUTDOWN; SHUTDOWN_COMP on SHUTDOWN-ACK (we close) or
 * SHUTDOWN-COMPLETE (the peer closes); COMM_LOST with the ABORT's first
 * cause, or CANT_STR_ASSOC when the ABORT answers our INIT. Malformed
 * chunks are skipped: the rest of their packet is ignored, as Linux does
 * with a chunk whose length runs past the packet. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/error.h"

static const uint8_t mapped_pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool rp_sctp_parse(const rp_pkt *p, xnet_sctp_packet *out) {
  if (p->proto != RP_SCTP_PROTO || p->l4_off > p->len) return false;
  size_t end = p->len;
  if (p->family == XNET_AF_INET && p->len >= 4) {
    size_t tot = (size_t)(p->data[2] << 8 | p->data[3]);
    if (tot < end) end = tot;
  } else if (p->family == XNET_AF_INET6 && p->len >= 6) {
    size_t tot = 40 + (size_t)(p->data[4] << 8 | p->data[5]);
    if (tot < end) end = tot;
  }
  if (end < p->l4_off) return false;
  return xnet_sctp_packet_parse(p->data + p->l4_off, end - p->l4_off, out) == 0;
}

int rp_sctp_first_chunk(const xnet_sctp_packet *pk) {
  return pk->chunks_len >= 1 ? pk->chunks[0] : -1;
}

static bool ep_eq(const rp_ep *a, const rp_ep *b) {
  return a->family == b->family && a->ip.len == b->ip.len &&
         !memcmp(a->ip.bytes, b->ip.bytes, a->ip.len);
}

int rp_sctp_peer_index(const rp_sctp *t, const rp_ep *e) {
  for (size_t i = 0; i < t->npeer; i++)
    if (ep_eq(&t->peer[i], e)) return (int)i;
  return -1;
}

static bool local_has(const rp_sctp *t, const rp_ep *e) {
  for (size_t i = 0; i < t->nlocal; i++)
    if (ep_eq(&t->local[i], e)) return true;
  return false;
}

int32_t rp_sctp_new_assoc_id(replay *r) {
  /* 0, 1 and 2 are SCTP_FUTURE/CURRENT/ALL_ASSOC: Linux's ids start at 3. */
  if (r->sctp_assoc_ids < 2) r->sctp_assoc_ids = 2;
  return ++r->sctp_assoc_ids;
}

/* The T bit of ABORT and SHUTDOWN-COMPLETE: the tag is the sender's own. */
static bool t_bit_chunk(const xnet_sctp_packet *pk) {
  int c = rp_sctp_first_chunk(pk);
  return (c == XNET_SCTP_CHUNK_ABORT ||
          c == XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE) &&
         pk->chunks_len >= 2 && (pk->chunks[1] & XNET_SCTP_CHUNK_FLAG_T);
}

static bool is_assoc(const rp_sock *s) {
  const rp_sctp *t = s->sctp;
  return s->open && t && t->assoc && !t->listening &&
         !(t->established && t->state == XNET_SCTP_CLOSED) && !t->refused;
}

/* Whether p (parsed as pk) belongs to s's association: arriving (in) or
 * sent by it. Its verification tag is the receiver's (ours inbound, the
 * peer's outbound), the sender's in a chunk with the T bit; an INIT's
 * is 0. */
static bool match_dir(const rp_sock *s, const rp_pkt *p,
                      const xnet_sctp_packet *pk, bool in) {
  const rp_sctp *t = s->sctp;
  uint16_t peer_port = in ? pk->header.src_port : pk->header.dst_port;
  uint16_t local_port = in ? pk->header.dst_port : pk->header.src_port;
  if (!is_assoc(s) || peer_port != t->peer_port ||
      local_port != s->local.port ||
      rp_sctp_peer_index(t, in ? &p->src : &p->dst) < 0 ||
      !local_has(t, in ? &p->dst : &p->src))
    return false;
  uint32_t tag = pk->header.verification_tag;
  if (rp_sctp_first_chunk(pk) == XNET_SCTP_CHUNK_INIT) return tag == 0;
  bool have_recv = in ? t->have_my_tag : t->have_peer_tag;
  bool have_send = in ? t->have_peer_tag : t->have_my_tag;
  uint32_t recv_tag = in ? t->my_tag : t->peer_tag;
  uint32_t send_tag = in ? t->peer_tag : t->my_tag;
  if (!have_recv) return true;
  return tag == recv_tag || (t_bit_chunk(pk) && have_send && tag == send_tag);
}

static bool wildcard(const xnet_ip *ip) {
  for (int i = 0; i < ip->len; i++)
    if (ip->bytes[i]) return false;
  return true;
}

/* Whether a (a socket's address, maybe IPv4-mapped) is e's address. */
static bool ip_is(const xnet_ip *a, const rp_ep *e) {
  if (a->len == e->ip.len) return !memcmp(a->bytes, e->ip.bytes, a->len);
  return a->len == 16 && e->ip.len == 4 && !memcmp(a->bytes, mapped_pre, 12) &&
         !memcmp(a->bytes + 12, e->ip.bytes, 4);
}

/* Whether the listener l takes an INIT to e. */
static bool listener_local(const replay *r, const rp_sock *l, const rp_ep *e) {
  const rp_sctp *t = l->sctp;
  if (t->nbound) {
    for (size_t i = 0; i < t->nbound; i++)
      if (wildcard(&t->bound[i]) ? (r->local_count == 0 || rp_is_local_ip(r, e))
                                 : ip_is(&t->bound[i], e))
        return true;
    return false;
  }
  if (!wildcard(&l->local.ip)) return ip_is(&l->local.ip, e);
  return r->local_count == 0 || rp_is_local_ip(r, e);
}

static bool listener_init(const replay *r, const rp_sock *l, const rp_pkt *p,
                          const xnet_sctp_packet *pk) {
  const rp_sctp *t = l->sctp;
  if (!l->open || !t || !t->listening) return false;
  bool fam = l->family == p->family ||
             (l->family == XNET_AF_INET6 && p->family == XNET_AF_INET &&
              !l->v6only);
  return fam && rp_sctp_first_chunk(pk) == XNET_SCTP_CHUNK_INIT &&
         pk->header.dst_port == l->local.port && listener_local(r, l, &p->dst);
}

bool rp_sctp_match_in(const replay *r, const rp_sock *s, const rp_pkt *p) {
  xnet_sctp_packet pk;
  if (!s->sctp || !rp_sctp_parse(p, &pk)) return false;
  if (!s->sctp->listening) return match_dir(s, p, &pk, true);
  if (listener_init(r, s, p, &pk)) return true;
  for (size_t i = 0; i < s->sctp->npend; i++)
    if (match_dir(&r->socks[s->sctp->pend[i]], p, &pk, true)) return true;
  return false;
}

bool rp_sctp_match_out(const replay *r, const rp_sock *s, const rp_pkt *p) {
  (void)r;
  xnet_sctp_packet pk;
  return s->sctp && !s->sctp->listening && rp_sctp_parse(p, &pk) &&
         match_dir(s, p, &pk, false);
}

static void add_peer(rp_sctp *t, const rp_ep *e, uint8_t state) {
  int i = rp_sctp_peer_index(t, e);
  if (i >= 0) {
    if (t->peer_state[i] == RP_PADDR_UNKNOWN) t->peer_state[i] = state;
    return;
  }
  if (t->npeer >= RP_SCTP_MAX_ADDRS) return;
  t->peer[t->npeer] = *e;
  t->peer[t->npeer].port = 0;
  t->peer_state[t->npeer++] = state;
}

static void add_local(rp_sctp *t, const rp_ep *e) {
  if (local_has(t, e) || t->nlocal >= RP_SCTP_MAX_ADDRS) return;
  t->local[t->nlocal] = *e;
  t->local[t->nlocal++].port = 0;
}

/* The address parameters of an INIT/INIT-ACK that the socket can use
 * (an IPv4 socket ignores IPv6 ones), to the peer (peer != 0, state) or
 * local list, and its adaptation indication. */
static void init_params(const rp_sock *s, rp_sctp *t,
                        const xnet_sctp_init *in, bool peer, uint8_t state) {
  xnet_sctp_tlv_iter it;
  xnet_sctp_param prm;
  xnet_sctp_param_iter_init(&it, in->params, in->params_len);
  while (xnet_sctp_param_iter_next(&it, &prm) == 1) {
    rp_ep e;
    memset(&e, 0, sizeof e);
    if (prm.type == XNET_SCTP_PARAM_IPV4_ADDRESS &&
        xnet_sctp_param_ipv4_parse(&prm, e.ip.bytes) == 0) {
      e.family = XNET_AF_INET;
      e.ip.len = 4;
    } else if (prm.type == XNET_SCTP_PARAM_IPV6_ADDRESS &&
               s->family == XNET_AF_INET6 &&
               xnet_sctp_param_ipv6_parse(&prm, e.ip.bytes) == 0) {
      e.family = XNET_AF_INET6;
      e.ip.len = 16;
    } else {
      uint32_t v;
      if (peer && prm.type == XNET_SCTP_PARAM_ADAPTATION_LAYER_INDICATION &&
          xnet_sctp_param_u32_parse(&prm, &v) == 0) {
        t->peer_adapt = true;
        t->peer_adapt_ind = v;
      }
      continue;
    }
    if (peer) add_peer(t, &e, state);
    else add_local(t, &e);
  }
}

static uint16_t min16(uint16_t a, uint16_t b) { return a < b ? a : b; }

/* A listener's options, as an accepted socket inherits them. */
static void inherit(rp_sctp *t, const rp_sctp *l) {
  t->events = l->events;
  t->data_io = l->data_io;
  t->recvrcvinfo = l->recvrcvinfo;
  t->recvnxtinfo = l->recvnxtinfo;
  t->nodelay = l->nodelay;
  t->disable_frag = l->disable_frag;
  t->initmsg = l->initmsg;
  t->adaptation = l->adaptation;
  t->linger_set = l->linger_set;
  t->linger = l->linger;
}

static void establish(replay *r, rp_sock *s) {
  rp_sctp *t = s->sctp;
  if (t->listener >= 0 && t->listener < r->nsocks &&
      r->socks[t->listener].sctp)
    inherit(t, r->socks[t->listener].sctp);
  t->state = XNET_SCTP_ESTABLISHED;
  t->established = true;
  if (!t->assoc_id) t->assoc_id = rp_sctp_new_assoc_id(r);
  s->connected = true;
  rp_sctp_notify_assoc_change(s, XNET_SCTP_COMM_UP, 0, NULL, 0);
  if (t->peer_adapt) rp_sctp_notify_adaptation(s);
  rp_sctp_notify_no_auth(s);
}

/* Messages sent and now acknowledged leave the in-flight list. */
static void acked(rp_sctp *t) {
  while (t->inflight.head &&
         (int32_t)(t->inflight.head->tsn_last - t->acked) <= 0)
    free(rp_sctp_mq_pop(&t->inflight));
}

static void check_dry(rp_sock *s) {
  rp_sctp *t = s->sctp;
  acked(t);
  if (t->out.any && !t->dry && !t->writing &&
      (int32_t)(t->out.last_tsn - t->acked) <= 0) {
    t->dry = true;
    rp_sctp_notify_sender_dry(s);
  }
}

static void ended(rp_sctp *t) {
  t->state = XNET_SCTP_CLOSED;
  t->eof = true;
}

static void fail_dir(replay *r, const rp_pkt *p, const char *dir, int rc) {
  rp_note_problem(r, rc,
                  "record %llu: SCTP %s DATA %s (reassembly is capped at %u "
                  "bytes and %u chunks per direction)",
                  (unsigned long long)p->recno, dir,
                  rc == XNET_ENOBUFS ? "exceeds the reassembly cap"
                                     : "out of memory",
                  RP_SCTP_REASM_MAX, RP_SCTP_REASM_CHUNKS);
}

/* The first cause code of an ABORT/ERROR body (0: none). */
static uint16_t first_cause(const xnet_sctp_chunk *c) {
  return c->value_len >= 2 ? (uint16_t)(c->value[0] << 8 | c->value[1]) : 0;
}

static void take_in(replay *r, rp_sock *s, const rp_pkt *p,
                    const xnet_sctp_chunk *c) {
  rp_sctp *t = s->sctp;
  xnet_sctp_init in;
  switch (c->type) {
  case XNET_SCTP_CHUNK_INIT_ACK:
    if (t->established || t->state != XNET_SCTP_COOKIE_WAIT ||
        xnet_sctp_init_parse(c, &in) < 0)
      return;
    t->peer_tag = in.initiate_tag;
    t->have_peer_tag = true;
    t->peer_os = in.outbound_streams;
    t->peer_mis = in.inbound_streams;
    t->outstrms = min16(t->my_os, in.inbound_streams);
    t->instrms = min16(t->my_mis, in.outbound_streams);
    t->peer_rwnd = in.a_rwnd;
    /* Linux: the INIT-ACK's source is confirmed, its other addresses
     * start unconfirmed, and dialled addresses it does not list go. */
    add_peer(t, &p->src, RP_PADDR_ACTIVE);
    init_params(s, t, &in, true, RP_PADDR_UNCONFIRMED);
    for (size_t i = 0; i < t->npeer;) {
      if (t->peer_state[i] != RP_PADDR_UNKNOWN) {
        i++;
        continue;
      }
      memmove(&t->peer[i], &t->peer[i + 1], (t->npeer - i - 1) * sizeof t->peer[0]);
      memmove(&t->peer_state[i], &t->peer_state[i + 1], t->npeer - i - 1);
      t->npeer--;
      if (t->primary > i) t->primary--;
    }
    if (t->primary >= t->npeer) t->primary = 0;
    rp_sctp_dir_start(&t->in, in.initial_tsn, true);
    t->state = XNET_SCTP_COOKIE_ECHOED;
    return;
  case XNET_SCTP_CHUNK_COOKIE_ECHO:
    if (!t->established && t->listener >= 0) establish(r, s);
    return;
  case XNET_SCTP_CHUNK_COOKIE_ACK:
    if (!t->established && t->listener < 0 &&
        t->state == XNET_SCTP_COOKIE_ECHOED)
      establish(r, s);
    return;
  case XNET_SCTP_CHUNK_DATA: {
    xnet_sctp_data d;
    if (!t->established || (t->state != XNET_SCTP_ESTABLISHED &&
                            t->state != XNET_SCTP_SHUTDOWN_PENDING &&
                            t->state != XNET_SCTP_SHUTDOWN_SENT) ||
        xnet_sctp_data_parse(c, &d) < 0)
      return;
    if (t->instrms && d.stream_id >= t->instrms) return; /* invalid stream */
    bool had = t->in.err != 0;
    int rc = rp_sctp_dir_add(&t->in, &d, p, &t->rq);
    if (rc == 0 && t->rq.bytes > RP_SOCK_QUEUE_BYTES)
      rc = t->in.err = XNET_ENOBUFS; /* the application stopped reading */
    if (rc < 0 && !had) fail_dir(r, p, "inbound", rc);
    if (rc == 0) r->delivered++;
    return;
  }
  case XNET_SCTP_CHUNK_SACK: {
    xnet_sctp_sack sk;
    if (!t->established || xnet_sctp_sack_parse(c, &sk) < 0) return;
    t->acked = sk.cum_tsn_ack;
    t->peer_rwnd = sk.a_rwnd;
    check_dry(s);
    return;
  }
  case XNET_SCTP_CHUNK_HEARTBEAT_ACK: {
    /* The path is the one our HEARTBEAT with the same info went to (Linux
     * puts the address in the info; the ACK may come from another). */
    xnet_sctp_heartbeat hb;
    const rp_ep *path = &p->src;
    if (xnet_sctp_heartbeat_parse(c, &hb) == 0)
      for (size_t k = 0; k < t->nhb && k < 8; k++)
        if (t->hb[k].n == (hb.info_len < 64 ? hb.info_len : 64) &&
            !memcmp(t->hb[k].info, hb.info, t->hb[k].n))
          path = &t->hb[k].dst;
    int i = rp_sctp_peer_index(t, path);
    if (!t->established || i < 0 || t->peer_state[i] != RP_PADDR_UNCONFIRMED)
      return;
    t->peer_state[i] = RP_PADDR_ACTIVE;
    /* spc_error 2, as Linux 6.1 reports it (fixtures/sctp/README.md). */
    rp_sctp_notify_paddr(s, &t->peer[i], XNET_SCTP_ADDR_CONFIRMED, 2);
    return;
  }
  case XNET_SCTP_CHUNK_ABORT: {
    xnet_sctp_causes ca;
    if (xnet_sctp_causes_parse(c, &ca) < 0) return;
    if (!t->established) {
      if (t->listener >= 0) { /* no TCB yet: the kernel drops it */
        ended(t);
        t->refused = true;
        return;
      }
      t->refused = true;
      rp_sctp_notify_assoc_change(s, XNET_SCTP_CANT_STR_ASSOC, first_cause(c),
                                  NULL, 0);
      t->err = XNET_ECONNREFUSED;
    } else {
      /* sac_info: the ABORT's causes (Linux 6.1, measured). */
      rp_sctp_notify_assoc_change(s, XNET_SCTP_COMM_LOST, first_cause(c),
                                  c->value, c->value_len);
      /* Then one SEND_FAILED_EVENT per message not delivered: those on the
       * wire, then those still queued (Linux's order, measured). */
      rp_sctp_msg *m;
      while ((m = rp_sctp_mq_pop(&t->inflight))) {
        rp_sctp_notify_send_failed(s, m, true, first_cause(c));
        free(m);
      }
      while ((m = rp_sctp_mq_pop(&t->unsent))) {
        rp_sctp_notify_send_failed(s, m, false, first_cause(c));
        free(m);
      }
      t->err = XNET_ECONNRESET;
    }
    ended(t);
    return;
  }
  case XNET_SCTP_CHUNK_SHUTDOWN: {
    uint32_t cum;
    if (!t->established || xnet_sctp_shutdown_parse(c, &cum) < 0) return;
    t->acked = cum;
    check_dry(s);
    if (t->state == XNET_SCTP_ESTABLISHED ||
        t->state == XNET_SCTP_SHUTDOWN_PENDING) {
      t->state = XNET_SCTP_SHUTDOWN_RECEIVED;
      rp_sctp_notify_shutdown(s);
      t->eof = true;
    }
    return;
  }
  case XNET_SCTP_CHUNK_SHUTDOWN_ACK:
    if (t->established && t->state != XNET_SCTP_CLOSED) {
      rp_sctp_notify_assoc_change(s, XNET_SCTP_SHUTDOWN_COMP, 0, NULL, 0);
      ended(t);
    }
    return;
  case XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE:
    if (t->established && (t->state == XNET_SCTP_SHUTDOWN_ACK_SENT ||
                           t->state == XNET_SCTP_SHUTDOWN_RECEIVED)) {
      rp_sctp_notify_assoc_change(s, XNET_SCTP_SHUTDOWN_COMP, 0, NULL, 0);
      ended(t);
    }
    return;
  case XNET_SCTP_CHUNK_ERROR: {
    xnet_sctp_causes ca;
    if (!t->established || xnet_sctp_causes_parse(c, &ca) < 0) return;
    rp_sctp_notify_remote_error(s, ca.causes, ca.causes_len);
    return;
  }
  default:
    return;
  }
}

static void take_out(replay *r, rp_sock *s, const rp_pkt *p,
                     const xnet_sctp_chunk *c) {
  rp_sctp *t = s->sctp;
  xnet_sctp_init in;
  switch (c->type) {
  case XNET_SCTP_CHUNK_INIT:
    if (t->have_my_tag || xnet_sctp_init_parse(c, &in) < 0) return;
    t->my_tag = in.initiate_tag;
    t->have_my_tag = true;
    t->my_os = in.outbound_streams;
    t->my_mis = in.inbound_streams;
    add_local(t, &p->src);
    init_params(s, t, &in, false, 0);
    rp_sctp_dir_start(&t->out, in.initial_tsn, false);
    t->next_tsn = in.initial_tsn;
    return;
  case XNET_SCTP_CHUNK_INIT_ACK:
    if (t->have_my_tag || xnet_sctp_init_parse(c, &in) < 0) return;
    t->my_tag = in.initiate_tag;
    t->have_my_tag = true;
    t->my_os = in.outbound_streams;
    t->my_mis = in.inbound_streams;
    t->outstrms = min16(in.outbound_streams, t->peer_mis);
    t->instrms = min16(t->peer_os, in.inbound_streams);
    add_local(t, &p->src);
    init_params(s, t, &in, false, 0);
    rp_sctp_dir_start(&t->out, in.initial_tsn, false);
    t->next_tsn = in.initial_tsn;
    return;
  case XNET_SCTP_CHUNK_DATA: {
    xnet_sctp_data d;
    if (!t->established || xnet_sctp_data_parse(c, &d) < 0) return;
    bool had = t->out.err != 0;
    int rc = rp_sctp_dir_add(&t->out, &d, p, &t->wq);
    if (rc == 0 && t->wq.bytes > RP_SOCK_QUEUE_BYTES)
      rc = t->out.err = XNET_ENOBUFS; /* the application stopped writing */
    if (rc < 0 && !had) fail_dir(r, p, "outbound", rc);
    if (rc == 0) t->dry = false;
    return;
  }
  case XNET_SCTP_CHUNK_HEARTBEAT: {
    xnet_sctp_heartbeat hb;
    if (xnet_sctp_heartbeat_parse(c, &hb) < 0) return;
    size_t k = t->nhb++ % 8;
    t->hb[k].n = hb.info_len < 64 ? hb.info_len : 64;
    memcpy(t->hb[k].info, hb.info, t->hb[k].n);
    t->hb[k].dst = p->dst;
    return;
  }
  case XNET_SCTP_CHUNK_SHUTDOWN:
    t->saw_local_shutdown = true;
    if (t->state == XNET_SCTP_ESTABLISHED ||
        t->state == XNET_SCTP_SHUTDOWN_PENDING)
      t->state = XNET_SCTP_SHUTDOWN_SENT;
    return;
  case XNET_SCTP_CHUNK_SHUTDOWN_ACK:
    if (t->state != XNET_SCTP_CLOSED) t->state = XNET_SCTP_SHUTDOWN_ACK_SENT;
    return;
  case XNET_SCTP_CHUNK_ABORT:
    t->saw_local_abort = true;
    if (t->established && t->state != XNET_SCTP_CLOSED) {
      /* Linux: the local ABORT fails the association with
       * SCTP_ERROR_USER_ABORT and ECONNABORTED. */
      rp_sctp_notify_assoc_change(s, XNET_SCTP_COMM_LOST,
                                  XNET_SCTP_CAUSE_USER_INITIATED_ABORT, NULL,
                                  0);
      t->err = XNET_ECONNABORTED;
    }
    ended(t);
    return;
  default:
    return;
  }
}

/* Runs the chunks of p through take (in or out) until the end or the
 * first malformed chunk. */
static void walk(replay *r, rp_sock *s, const rp_pkt *p,
                 const xnet_sctp_packet *pk,
                 void (*take)(replay *, rp_sock *, const rp_pkt *,
                              const xnet_sctp_chunk *)) {
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_chunk_iter_init(&it, pk);
  while (s->open && s->sctp && xnet_sctp_chunk_iter_next(&it, &c) == 1)
    take(r, s, p, &c);
}

/* An INIT to a listener: a new association, accepted once established. */
static void new_assoc(replay *r, rp_sock *l, const rp_pkt *p,
                      const xnet_sctp_packet *pk) {
  rp_sctp *lt = l->sctp;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_init in;
  xnet_sctp_chunk_iter_init(&it, pk);
  if (xnet_sctp_chunk_iter_next(&it, &c) != 1 ||
      xnet_sctp_init_parse(&c, &in) < 0 || in.initiate_tag == 0)
    return;
  int li = (int)(l - r->socks);
  /* A retransmitted INIT of an association already made. */
  for (size_t i = 0; i < lt->npend; i++) {
    const rp_sctp *o = r->socks[lt->pend[i]].sctp;
    if (o && o->peer_tag == in.initiate_tag &&
        o->peer_port == pk->header.src_port &&
        rp_sctp_peer_index(o, &p->src) >= 0)
      return;
  }
  if (lt->npend >= RP_SCTP_BACKLOG) {
    /* A full backlog: the oldest association that never came up (an INIT
     * without COOKIE-ECHO) makes room, as a kernel keeps no TCB for it. */
    size_t k = 0;
    while (k < lt->npend && r->socks[lt->pend[k]].sctp &&
           r->socks[lt->pend[k]].sctp->established)
      k++;
    if (k == lt->npend) return;
    rp_sock *old = &r->socks[lt->pend[k]];
    old->open = false;
    rp_sctp_free(r, old);
    memmove(&lt->pend[k], &lt->pend[k + 1],
            (lt->npend - k - 1) * sizeof lt->pend[0]);
    lt->npend--;
  }
  rp_sctp *t = calloc(1, sizeof *t);
  if (!t) return;
  int idx;
  rp_sock *s = rp_sock_accepted(r, l, RP_SCTP_PROTO, &idx);
  if (!s) {
    free(t);
    return;
  }
  s->sctp = t;
  t->assoc = true;
  t->state = XNET_SCTP_COOKIE_WAIT;
  t->listener = li;
  t->peer_port = pk->header.src_port;
  add_peer(t, &p->src, RP_PADDR_ACTIVE);
  init_params(s, t, &in, true, RP_PADDR_UNCONFIRMED);
  add_local(t, &p->dst);
  t->peer_tag = in.initiate_tag;
  t->have_peer_tag = true;
  t->peer_os = in.outbound_streams;
  t->peer_mis = in.inbound_streams;
  t->peer_rwnd = in.a_rwnd;
  rp_sctp_dir_start(&t->in, in.initial_tsn, true);
  inherit(t, lt);
  rp_sctp_peer_sockaddr(s, &p->dst, &s->local);
  s->local.port = pk->header.dst_port;
  rp_sctp_peer_sockaddr(s, &p->src, &s->remote);
  lt->pend[lt->npend++] = idx;
}

bool rp_sctp_dispatch(replay *r, rp_pkt *p) {
  xnet_sctp_packet pk;
  if (!rp_sctp_parse(p, &pk)) return false;
  rp_sock *in = NULL, *out = NULL, *lis = NULL;
  for (int i = 0; i < r->nsocks; i++) {
    rp_sock *s = &r->socks[i];
    if (!s->sctp || !s->open) continue;
    if (!in && match_dir(s, p, &pk, true)) in = s;
    else if (!out && match_dir(s, p, &pk, false)) out = s;
    else if (!lis && listener_init(r, s, p, &pk)) lis = s;
  }
  if (in) walk(r, in, p, &pk, take_in);
  else if (lis) new_assoc(r, lis, p, &pk);
  if (out) walk(r, out, p, &pk, take_out);
  return in || out || lis;
}
