/* frame.c — from dissected layers to the fields the printers show. */
#include "frame.h"

#include <stdio.h>
#include <string.h>

#include "xnet/error.h"

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void frame_set_error(frame *f, int code, const char *layer, const char *reason) {
  if (f->error) return;
  f->error = code;
  f->error_layer = layer;
  snprintf(f->error_reason, sizeof f->error_reason, "%s", reason);
}

const char *frame_ip_proto_name(unsigned proto) {
  switch (proto) {
    case 1: return "icmp";
    case 2: return "igmp";
    case 4: return "ipip";
    case 6: return "tcp";
    case 17: return "udp";
    case 41: return "ipv6";
    case 47: return "gre";
    case 50: return "esp";
    case 51: return "ah";
    case 58: return "icmpv6";
    case 59: return "none";
    case 89: return "ospf";
    case 103: return "pim";
    case 112: return "vrrp";
    case 132: return "sctp";
    default: return NULL;
  }
}

/* The last address of a loose (131) or strict (137) source route option
 * (RFC 791): the datagram's final destination, which Wireshark reports as
 * ip.dst (and the header's own destination as ip.cur_rt). */
static int ipv4_route_dst(const uint8_t *opt, size_t n, uint8_t dst[4]) {
  size_t i = 0;
  while (i < n) {
    uint8_t type = opt[i];
    if (type == 0) break; /* end of option list */
    if (type == 1) {      /* no-operation: a single byte */
      i++;
      continue;
    }
    if (n - i < 2) break;
    size_t len = opt[i + 1];
    if (len < 2 || len > n - i) break;
    if ((type == 131 || type == 137) && len >= 7) {
      size_t naddr = (len - 3) / 4;
      memcpy(dst, opt + i + 3 + (naddr - 1) * 4, 4);
      return 1;
    }
    i += len;
  }
  return 0;
}

static void decode_ip(frame *f, frame_level *lv, const xnet_packet_layer *l) {
  const uint8_t *p = f->bytes + l->offset;
  size_t n = l->end - l->offset;
  int rc;
  lv->ip = l;
  lv->quoted = (l->flags & XNET_PACKET_QUOTED) != 0;
  lv->sctp_crc = FRAME_CHECK_NONE;
  if (l->proto == XNET_PACKET_IPV4) {
    lv->ip_version = 4;
    rc = xnet_ipv4_header_parse(p, n, &lv->v4);
    if (rc == 0) {
      lv->v4_route = ipv4_route_dst(lv->v4.options, lv->v4.options_len, lv->v4_route_dst);
    }
  } else {
    lv->ip_version = 6;
    rc = xnet_ipv6_header_parse(p, n, &lv->v6);
  }
  lv->ip_ok = rc == 0;
  lv->proto = l->upper;
  if (rc != 0) frame_set_error(f, rc, xnet_packet_proto_name(l->proto), xnet_strerror(rc));
}

static void decode_tcp(frame_level *lv, const uint8_t *p, size_t have) {
  frame_tcp *t = &lv->tcp_f;
  t->have = (uint8_t)(have > 20 ? 20 : have);
  if (have >= 4) {
    t->srcport = be16(p);
    t->dstport = be16(p + 2);
  }
  /* Like Wireshark, show the rest only when the fixed header is whole. */
  if (have >= 20) {
    t->seq = be32(p + 4);
    t->ack = be32(p + 8);
    t->flags = (uint16_t)((p[12] & 1) << 8 | p[13]);
    t->window = be16(p + 14);
  }
}

/* A chunk list that stops short is an error only when the SCTP packet was
 * captured whole: a quote, a first fragment or a snap length cuts it. */
static void decode_sctp(frame *f, frame_level *lv, const xnet_packet_layer *l) {
  const uint8_t *p = f->bytes + l->offset;
  size_t have = l->end - l->offset;
  int whole = !lv->quoted &&
              !(lv->ip->flags & (XNET_PACKET_SHORT | XNET_PACKET_FIRST_FRAGMENT));
  lv->sctp = l;
  if (have >= 4) {
    lv->sctp_h.src_port = be16(p);
    lv->sctp_h.dst_port = be16(p + 2);
  }
  if (have >= 8) {
    lv->sctp_h.verification_tag = be32(p + 4);
    lv->sctp_have_tag = 1;
  }
  if (have < XNET_SCTP_COMMON_HEADER_LEN) return;
  xnet_sctp_packet pkt;
  if (xnet_sctp_packet_parse(p, have, &pkt) != 0) return;
  lv->sctp_h = pkt.header;
  lv->sctp_chunks = pkt.chunks;
  lv->sctp_chunks_len = pkt.chunks_len;
  lv->sctp_chunks_base = l->offset + XNET_SCTP_COMMON_HEADER_LEN;
  if (!whole) return;
  lv->sctp_crc = xnet_sctp_packet_verify(p, have) == 0 ? FRAME_CHECK_OK : FRAME_CHECK_BAD;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_chunk_iter_init_bytes(&it, lv->sctp_chunks, lv->sctp_chunks_len,
                                  lv->sctp_chunks_base);
  int rc;
  while ((rc = xnet_sctp_chunk_iter_next(&it, &c)) > 0) {
  }
  if (rc < 0) {
    char why[96];
    snprintf(why, sizeof why, "chunk at offset %zu: %s", it.error_offset, xnet_strerror(rc));
    frame_set_error(f, rc, "sctp", why);
  }
}

static void decode_transport(frame *f, frame_level *lv, const xnet_packet_layer *l) {
  const uint8_t *p = f->bytes + l->offset;
  size_t have = l->end - l->offset;
  switch (l->proto) {
    case XNET_PACKET_ICMP:
    case XNET_PACKET_ICMPV6:
      lv->icmp = l;
      lv->icmp_type = l->next;
      lv->icmp_have_code = have >= 2;
      if (have >= 2) lv->icmp_code = p[1];
      break;
    case XNET_PACKET_UDP:
      lv->udp = l;
      if (have >= 4) {
        lv->udp_srcport = be16(p);
        lv->udp_dstport = be16(p + 2);
      }
      if (have >= 8) {
        lv->udp_length = be16(p + 4);
        lv->udp_whole = 1;
      }
      break;
    case XNET_PACKET_TCP:
      lv->tcp = l;
      decode_tcp(lv, p, have);
      break;
    case XNET_PACKET_SCTP:
      decode_sctp(f, lv, l);
      break;
    default:
      break;
  }
}

static void record_dissect_error(frame *f) {
  const xnet_packet *p = &f->pkt;
  char why[128];
  if (p->error == XNET_EBADTYPE && p->error_proto == XNET_PACKET_NONE)
    snprintf(why, sizeof why, "unsupported link type %u", (unsigned)p->linktype);
  else if (p->error == XNET_EBADVERSION && p->error_offset < f->caplen)
    snprintf(why, sizeof why, "%s (%u) at offset %zu", xnet_strerror(p->error),
             (unsigned)(f->bytes[p->error_offset] >> 4), p->error_offset);
  else
    snprintf(why, sizeof why, "%s at offset %zu", xnet_strerror(p->error), p->error_offset);
  frame_set_error(f, p->error, xnet_packet_proto_name((xnet_packet_proto)p->error_proto), why);
}

int frame_decode(frame *f, uint64_t number, uint32_t linktype, const uint8_t *bytes,
                 size_t caplen) {
  memset(f, 0, sizeof *f);
  f->number = number;
  f->bytes = bytes;
  f->caplen = caplen;
  int rc = xnet_packet_dissect(linktype, bytes, caplen, &f->pkt);
  const xnet_packet *p = &f->pkt;
  frame_level *lv = NULL;
  for (size_t i = 0; i < p->count; i++) {
    const xnet_packet_layer *l = &p->layers[i];
    switch (l->proto) {
      case XNET_PACKET_ETHERNET:
      case XNET_PACKET_SLL:
      case XNET_PACKET_SLL2:
      case XNET_PACKET_LOOPBACK:
        f->link_next = l->next;
        break;
      case XNET_PACKET_VLAN:
        if (f->n_vlan < FRAME_MAX_VLAN) f->vlan[f->n_vlan++] = be16(bytes + l->offset) & 0x0fff;
        f->link_next = l->next;
        break;
      case XNET_PACKET_IPV4:
      case XNET_PACKET_IPV6:
        if (f->n_levels >= XNET_PACKET_MAX_DEPTH) break;
        lv = &f->levels[f->n_levels++];
        decode_ip(f, lv, l);
        break;
      case XNET_PACKET_IPV6_HOPOPTS:
      case XNET_PACKET_IPV6_ROUTING:
      case XNET_PACKET_IPV6_FRAGMENT:
      case XNET_PACKET_IPV6_DSTOPTS:
      case XNET_PACKET_AH:
      case XNET_PACKET_ESP:
        if (lv) lv->ext[lv->n_ext++] = l;
        break;
      default:
        if (lv) decode_transport(f, lv, l);
        break;
    }
  }
  if (rc != 0) record_dissect_error(f);
  return f->error;
}
