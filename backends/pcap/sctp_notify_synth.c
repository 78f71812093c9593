/* sctp_notify_synth.c — the notifications a subscribed Linux kernel queues
 * on an SCTP socket, in its bytes (xnet_sctp_layout_linux through the
 * notification codec), so an application decodes them exactly as it would
 * the kernel's.
 *
 * Linux's choices reproduced here (net/sctp/ulpevent.c, sm_statefuns.c):
 * COMM_UP carries the negotiated stream counts and no sac_info; COMM_LOST
 * after an ABORT and CANT_STR_ASSOC carry the first cause code (the layout
 * writes it in network byte order, as Linux does) and no streams;
 * SHUTDOWN_COMP carries nothing; a peer address change carries the
 * address with the peer's port. A notification is filtered when it is
 * made (with the subscription of that moment), not when it is read. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/error.h"

static const uint8_t mapped_pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

void rp_sctp_peer_sockaddr(const rp_sock *s, const rp_ep *e,
                           xnet_sockaddr *out) {
  memset(out, 0, sizeof *out);
  out->family = (uint8_t)s->family;
  out->ip = e->ip;
  if (s->family == XNET_AF_INET6 && e->family == XNET_AF_INET) {
    memcpy(out->ip.bytes, mapped_pre, 12);
    memcpy(out->ip.bytes + 12, e->ip.bytes, 4);
    out->ip.len = 16;
  }
  out->port = s->sctp ? s->sctp->peer_port : 0;
}

static bool subscribed(const rp_sctp *t, xnet_sctp_notification_type type) {
  return (t->events >> type) & 1u;
}

/* Marshals n and queues it (source: the primary peer address, as Linux's
 * event_msgname reports it). */
static void queue(rp_sock *s, const xnet_sctp_notification *n) {
  rp_sctp *t = s->sctp;
  if (!t || !subscribed(t, n->type)) return;
  size_t len = xnet_sctp_notification_size(RP_SCTP_LAYOUT, n);
  if (len == 0) return;
  rp_sctp_msg *m = malloc(sizeof *m + len);
  if (!m) return;
  memset(m, 0, sizeof *m);
  size_t got = 0;
  if (xnet_sctp_notification_marshal(RP_SCTP_LAYOUT, n, m->d, len, &got) < 0) {
    free(m);
    return;
  }
  m->notification = true;
  m->len = got;
  if (t->npeer) m->src = t->peer[t->primary];
  rp_sctp_mq_push(&t->rq, m);
}

static void init(xnet_sctp_notification *n, xnet_sctp_notification_type type) {
  memset(n, 0, sizeof *n);
  n->type = type;
}

void rp_sctp_notify_assoc_change(rp_sock *s, xnet_sctp_assoc_change_state st,
                                 uint16_t error, const uint8_t *info,
                                 size_t info_len) {
  rp_sctp *t = s->sctp;
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_ASSOC_CHANGE);
  n.u.assoc_change.state = st;
  n.u.assoc_change.error = error;
  if (st == XNET_SCTP_COMM_UP || st == XNET_SCTP_RESTART) {
    n.u.assoc_change.outbound_streams = t->outstrms;
    n.u.assoc_change.inbound_streams = t->instrms;
  }
  n.u.assoc_change.assoc_id = t->assoc_id;
  n.u.assoc_change.info = info;
  n.u.assoc_change.info_len = info ? info_len : 0;
  queue(s, &n);
}

void rp_sctp_notify_paddr(rp_sock *s, const rp_ep *addr,
                          xnet_sctp_peer_addr_state st, uint32_t error) {
  rp_sctp *t = s->sctp;
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_PEER_ADDR_CHANGE);
  xnet_sctp_addr *a = &n.u.peer_addr_change.addr;
  a->family = addr->family == XNET_AF_INET ? XNET_SCTP_AF_INET
                                           : XNET_SCTP_AF_INET6;
  a->port = t->peer_port;
  memcpy(a->ip, addr->ip.bytes, addr->family == XNET_AF_INET ? 4 : 16);
  n.u.peer_addr_change.state = st;
  n.u.peer_addr_change.error = error;
  n.u.peer_addr_change.assoc_id = t->assoc_id;
  queue(s, &n);
}

void rp_sctp_notify_shutdown(rp_sock *s) {
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_SHUTDOWN_EVENT);
  n.u.shutdown_event.assoc_id = s->sctp->assoc_id;
  queue(s, &n);
}

void rp_sctp_notify_adaptation(rp_sock *s) {
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_ADAPTATION_INDICATION);
  n.u.adaptation_event.adaptation_ind = s->sctp->peer_adapt_ind;
  n.u.adaptation_event.assoc_id = s->sctp->assoc_id;
  queue(s, &n);
}

void rp_sctp_notify_sender_dry(rp_sock *s) {
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_SENDER_DRY_EVENT);
  n.u.sender_dry_event.assoc_id = s->sctp->assoc_id;
  queue(s, &n);
}

void rp_sctp_notify_remote_error(rp_sock *s, const uint8_t *causes,
                                 size_t len) {
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_REMOTE_ERROR);
  if (len >= 2) n.u.remote_error.error = (uint16_t)(causes[0] << 8 | causes[1]);
  n.u.remote_error.assoc_id = s->sctp->assoc_id;
  n.u.remote_error.data = len ? causes : NULL;
  n.u.remote_error.data_len = len;
  queue(s, &n);
}

/* The codec does not marshal SCTP_AUTHENTICATION_EVENT (it reports it by
 * type): its 20 Linux bytes are written here, as measured on 6.1
 * (fixtures/sctp/README.md): sn_type, sn_flags, sn_length, auth_keynumber
 * 0, two bytes of padding, auth_indication SCTP_AUTH_NO_AUTH (2),
 * auth_assoc_id. */
void rp_sctp_notify_no_auth(rp_sock *s) {
  rp_sctp *t = s->sctp;
  if (!subscribed(t, XNET_SCTP_AUTHENTICATION_EVENT)) return;
  rp_sctp_msg *m = malloc(sizeof *m + 20);
  if (!m) return;
  memset(m, 0, sizeof *m + 20);
  int32_t type = RP_SCTP_LAYOUT->notification[XNET_SCTP_AUTHENTICATION_EVENT];
  uint32_t id = (uint32_t)t->assoc_id;
  m->d[0] = (uint8_t)type;
  m->d[1] = (uint8_t)(type >> 8);
  m->d[4] = 20;
  m->d[12] = 2;
  for (int i = 0; i < 4; i++) m->d[16 + i] = (uint8_t)(id >> (8 * i));
  m->notification = true;
  m->len = 20;
  if (t->npeer) m->src = t->peer[t->primary];
  rp_sctp_mq_push(&t->rq, m);
}

void rp_sctp_notify_send_failed(rp_sock *s, const rp_sctp_msg *m, bool sent,
                                uint16_t cause) {
  rp_sctp *t = s->sctp;
  xnet_sctp_notification n;
  init(&n, XNET_SCTP_SEND_FAILED_EVENT);
  xnet_sctp_send_failed_event *f = &n.u.send_failed_event;
  f->flags = sent ? XNET_SCTP_DATA_SENT : XNET_SCTP_DATA_UNSENT;
  f->error = cause;
  /* Linux fills sid, the DATA chunk's B|E bits and the PPID as it lies in
   * the chunk; snd_context and snd_assoc_id stay 0 (measured). */
  f->info.sid = m->sid;
  f->info.flags = XNET_SCTP_DATA_NOT_FRAG;
  f->info.ppid = RP_SCTP_LAYOUT->little_endian
                     ? (m->ppid >> 24 | (m->ppid >> 8 & 0xff00) |
                        (m->ppid << 8 & 0xff0000) | m->ppid << 24)
                     : m->ppid;
  f->assoc_id = t->assoc_id;
  f->data = m->len ? m->d : NULL;
  f->data_len = m->len;
  queue(s, &n);
}
