/* record_tcp.c — a TCP conn as segments: the recorder sees only what the
 * application reads and writes, so it makes up the segments a kernel
 * would have sent for them, with sequence numbers that advance with the
 * bytes (and 1 for SYN and FIN) in each direction, so the replay
 * backend's reassembly reads the same byte stream back. All under r->mu;
 * s->local and s->remote are set by the caller before the handshake. */
#define _GNU_SOURCE
#include <string.h>

#include "record_int.h"

/* One segment from the local side (out) or from the peer. */
static void seg(recorder *r, rec_sock *s, bool out, uint8_t flags,
                const uint8_t *d, size_t n) {
  rec_pkt p;
  memset(&p, 0, sizeof p);
  static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  const xnet_ip *peer = &s->remote.ip;
  p.family = s->family;
  if (peer->len == 4 || (peer->len == 16 && !memcmp(peer->bytes, pre, 12)))
    p.family = XNET_AF_INET; /* an IPv4 peer, maybe of an IPv6 socket */
  else if (peer->len == 16)
    p.family = XNET_AF_INET6;
  p.proto = 6;
  p.src = out ? s->local : s->remote;
  p.dst = out ? s->remote : s->local;
  p.ttl = 64;
  p.flags = flags;
  p.out = out;
  p.seq = out ? s->snd_nxt : s->rcv_nxt;
  p.ack = out ? s->rcv_nxt : s->snd_nxt;
  p.payload = d;
  p.len = n;
  rec_emit(r, &p);
  uint32_t used = (uint32_t)n + ((flags & (REC_TCP_SYN | REC_TCP_FIN)) ? 1 : 0);
  if (out) s->snd_nxt += used;
  else s->rcv_nxt += used;
}

/* Initial sequence numbers: different per conn and direction, fixed by
 * the order of handshakes (so a recording of a deterministic program is
 * deterministic), and away from 0 so wraparound is exercised sometimes. */
static void iss(recorder *r, rec_sock *s) {
  uint32_t k = ++r->iss;
  s->snd_nxt = 0x10000000u * (k % 16) + k * 7919u;
  s->rcv_nxt = 0xf0000000u + k * 104729u;
}

void rec_tcp_handshake(recorder *r, rec_sock *s, bool accepted) {
  if (s->up) return;
  iss(r, s);
  if (accepted) { /* the peer's SYN, our SYN-ACK, its ACK */
    seg(r, s, false, REC_TCP_SYN, NULL, 0);
    seg(r, s, true, REC_TCP_SYN | REC_TCP_ACK, NULL, 0);
    seg(r, s, false, REC_TCP_ACK, NULL, 0);
  } else {
    seg(r, s, true, REC_TCP_SYN, NULL, 0);
    seg(r, s, false, REC_TCP_SYN | REC_TCP_ACK, NULL, 0);
    seg(r, s, true, REC_TCP_ACK, NULL, 0);
  }
  s->up = true;
  s->syn_pending = false;
}

void rec_tcp_refused(recorder *r, rec_sock *s) {
  iss(r, s);
  seg(r, s, true, REC_TCP_SYN, NULL, 0);
  s->rcv_nxt = 0;
  seg(r, s, false, REC_TCP_RST | REC_TCP_ACK, NULL, 0);
  s->syn_pending = false;
  s->rst = true;
}

void rec_tcp_data(recorder *r, rec_sock *s, bool out, const uint8_t *d,
                  size_t n) {
  if (!s->up || s->rst) return;
  while (n) {
    size_t k = n < REC_TCP_SEG_MAX ? n : REC_TCP_SEG_MAX;
    seg(r, s, out, REC_TCP_PSH | REC_TCP_ACK, d, k);
    d += k;
    n -= k;
  }
}

void rec_tcp_fin(recorder *r, rec_sock *s, bool out) {
  if (!s->up || s->rst || (out ? s->fin_out : s->fin_in)) return;
  seg(r, s, out, REC_TCP_FIN | REC_TCP_ACK, NULL, 0);
  if (out) s->fin_out = true;
  else s->fin_in = true;
}

void rec_tcp_rst_in(recorder *r, rec_sock *s) {
  if (!s->up || s->rst) return;
  seg(r, s, false, REC_TCP_RST | REC_TCP_ACK, NULL, 0);
  s->rst = true;
}
