/* record_packet.c — an IPv4 or IPv6 datagram around a recorded payload:
 * the IP header (RFC 791 / RFC 8200), then a UDP (RFC 768) or TCP
 * (RFC 9293) header with its checksum over the pseudo-header, or nothing
 * for a raw conn's protocol. Built in the recorder's scratch buffer (under
 * its lock), then written with the inner clock's time. */
#define _GNU_SOURCE
#include <string.h>

#include "record_int.h"
#include "xnet/inet_checksum.h"

static void be16(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

static void be32(uint8_t *b, uint32_t v) {
  be16(b, v >> 16);
  be16(b + 2, v);
}

/* An IPv4 view of an endpoint: IPv4-mapped IPv6 addresses unwrapped. */
static void ip4_of(const xnet_sockaddr *a, uint8_t out[4]) {
  if (a->ip.len == 16) memcpy(out, a->ip.bytes + 12, 4);
  else if (a->ip.len == 4) memcpy(out, a->ip.bytes, 4);
  else memset(out, 0, 4);
}

static void ip6_of(const xnet_sockaddr *a, uint8_t out[16]) {
  if (a->ip.len == 16) {
    memcpy(out, a->ip.bytes, 16);
  } else if (a->ip.len == 4) { /* as an IPv6 socket sees an IPv4 peer */
    memset(out, 0, 10);
    out[10] = out[11] = 0xff;
    memcpy(out + 12, a->ip.bytes, 4);
  } else {
    memset(out, 0, 16);
  }
}

/* The transport header at l4 (len bytes of header + payload follow). */
static size_t l4_header(const rec_pkt *p, uint8_t *l4) {
  if (p->proto == 17) {
    be16(l4, p->src.port);
    be16(l4 + 2, p->dst.port);
    be16(l4 + 4, (uint32_t)(8 + p->len));
    be16(l4 + 6, 0);
    return 8;
  }
  if (p->proto == 6) {
    be16(l4, p->src.port);
    be16(l4 + 2, p->dst.port);
    be32(l4 + 4, p->seq);
    be32(l4 + 8, (p->flags & REC_TCP_ACK) ? p->ack : 0);
    l4[12] = 5 << 4; /* data offset: 5 words, no options */
    l4[13] = p->flags;
    be16(l4 + 14, 65535); /* window */
    be16(l4 + 16, 0);     /* checksum, below */
    be16(l4 + 18, 0);     /* urgent pointer */
    return 20;
  }
  return 0;
}

/* Checksum of a UDP or TCP segment l4[0..n) under the pseudo-header. */
static void l4_checksum(const rec_pkt *p, const uint8_t *src,
                        const uint8_t *dst, size_t alen, uint8_t *l4,
                        size_t n) {
  if (p->proto != 17 && p->proto != 6) return;
  uint32_t sum = xnet_inet_checksum_add(0, src, alen);
  sum = xnet_inet_checksum_add(sum, dst, alen);
  sum = xnet_inet_checksum_add_u16(sum, p->proto);
  if (alen == 16) sum = xnet_inet_checksum_add_u16(sum, (uint16_t)(n >> 16));
  sum = xnet_inet_checksum_add_u16(sum, (uint16_t)n);
  sum = xnet_inet_checksum_add(sum, l4, n);
  uint16_t c = xnet_inet_checksum_finish(sum);
  if (p->proto == 17 && c == 0) c = 0xffff; /* 0 means "none" in UDP */
  be16(l4 + (p->proto == 17 ? 6 : 16), c);
}

void rec_emit(recorder *r, const rec_pkt *p) {
  uint8_t *b = r->scratch;
  size_t iph = p->family == XNET_AF_INET6 ? 40 : 20;
  size_t l4h = p->proto == 17 ? 8 : p->proto == 6 ? 20 : 0;
  size_t len = p->len;
  size_t max = (p->family == XNET_AF_INET6 ? 65535 : 65535 - iph) - l4h;
  if (len > max) len = max; /* cannot be said in one datagram: cut */
  rec_pkt q = *p;
  q.len = len;
  uint8_t *l4 = b + iph;
  l4_header(&q, l4);
  if (len) memmove(l4 + l4h, p->payload, len); /* may be gathered here */
  size_t l4n = l4h + len;
  if (p->family == XNET_AF_INET6) {
    uint8_t s6[16], d6[16];
    ip6_of(&p->src, s6);
    ip6_of(&p->dst, d6);
    be32(b, 6u << 28 | (uint32_t)p->tos << 20);
    be16(b + 4, (uint32_t)l4n);
    b[6] = p->proto;
    b[7] = p->ttl;
    memcpy(b + 8, s6, 16);
    memcpy(b + 24, d6, 16);
    l4_checksum(&q, s6, d6, 16, l4, l4n);
  } else {
    uint8_t s4[4], d4[4];
    ip4_of(&p->src, s4);
    ip4_of(&p->dst, d4);
    b[0] = 0x45;
    b[1] = p->tos;
    be16(b + 2, (uint32_t)(iph + l4n));
    be16(b + 4, r->ipid++);
    be16(b + 6, 0x4000); /* don't fragment */
    b[8] = p->ttl;
    b[9] = p->proto;
    be16(b + 10, 0);
    memcpy(b + 12, s4, 4);
    memcpy(b + 16, d4, 4);
    be16(b + 10, xnet_inet_checksum(b, 20));
    l4_checksum(&q, s4, d4, 4, l4, l4n);
  }
  r->bytes += len;
  rec_file_packet(r, r->io->now(r->ii) + r->shift, p->ifindex, p->out, b,
                  iph + l4n);
}

void rec_emit_datagram(recorder *r, const uint8_t *d, size_t n,
                       uint32_t ifindex, bool out) {
  if (n > 65535) n = 65535;
  r->bytes += n;
  rec_file_packet(r, r->io->now(r->ii) + r->shift, ifindex, out, d, n);
}
