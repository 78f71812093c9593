/* render_text.c — one readable line per frame.
 *
 *   1 IPv4 10.0.0.1 > 10.0.0.2 ttl 64 id 0x0004 len 380 DF proto sctp
 *     | SCTP 57077 > 6704 vtag 0xf341e0e1 crc ok | DATA tsn 1 sid 0 ssn 1 ppid 0 len 356
 *
 * (on one line). Fields that are at their usual value (tos 0, flow 0, no
 * options) are left out; the JSON form has everything.
 */
#include <inttypes.h>
#include <string.h>

#include "render.h"
#include "xnet/address.h"
#include "xnet/icmp.h"
#include "xnet/sctp_chunk.h"

static void put_addr(FILE *out, const uint8_t *b, size_t n) {
  xnet_ip ip;
  char text[XNET_IP_STRLEN];
  if (n == 4)
    xnet_ip_from4(b, &ip);
  else
    xnet_ip_from16(b, &ip);
  xnet_ip_format(&ip, text, sizeof text);
  fputs(text, out);
}

static void put_proto(FILE *out, const char *label, unsigned proto) {
  const char *name = frame_ip_proto_name(proto);
  if (name)
    fprintf(out, " %s %s", label, name);
  else
    fprintf(out, " %s %u", label, proto);
}

/* IPv4 option names (IANA "IP Option Numbers"), for the few seen in
 * practice; others print as their number. */
static const char *ipv4_option_name(unsigned type) {
  switch (type) {
    case 0: return "eol";
    case 1: return "nop";
    case 7: return "rr";
    case 68: return "ts";
    case 130: return "sec";
    case 131: return "lsrr";
    case 133: return "esec";
    case 134: return "cipso";
    case 136: return "sid";
    case 137: return "ssrr";
    case 148: return "ra";
    default: return NULL;
  }
}

static void put_ipv4_options(FILE *out, const uint8_t *opt, size_t n) {
  fputs(" opts ", out);
  size_t i = 0;
  while (i < n) {
    unsigned type = opt[i];
    const char *name = ipv4_option_name(type);
    if (i) fputc(',', out);
    if (name)
      fputs(name, out);
    else
      fprintf(out, "%u", type);
    if (type == 0) break;
    if (type == 1) {
      i++;
      continue;
    }
    if (n - i < 2 || opt[i + 1] < 2 || opt[i + 1] > n - i) {
      fputs("(bad length)", out);
      break;
    }
    i += opt[i + 1];
  }
}

static void put_ipv4(FILE *out, const frame_level *lv) {
  const xnet_ipv4_header *h = &lv->v4;
  fputs("IPv4 ", out);
  put_addr(out, h->src, 4);
  fputs(" > ", out);
  put_addr(out, h->dst, 4);
  if (h->tos) fprintf(out, " tos 0x%02x", h->tos);
  fprintf(out, " ttl %u id 0x%04x len %u", h->ttl, h->id, h->total_len);
  if (h->flags & XNET_IPV4_FLAG_DONT_FRAGMENT) fputs(" DF", out);
  if (h->flags & XNET_IPV4_FLAG_MORE_FRAGMENTS) fputs(" MF", out);
  if (h->frag_off) fprintf(out, " frag %u", (unsigned)h->frag_off * 8);
  if (h->options_len) put_ipv4_options(out, h->options, h->options_len);
  if (lv->v4_route) {
    fputs(" route-to ", out);
    put_addr(out, lv->v4_route_dst, 4);
  }
  if (!h->checksum_ok) fprintf(out, " cksum 0x%04x bad", h->checksum);
  put_proto(out, "proto", h->protocol);
}

static void put_ipv6(FILE *out, const frame *f, const frame_level *lv) {
  const xnet_ipv6_header *h = &lv->v6;
  fputs("IPv6 ", out);
  put_addr(out, h->src, 16);
  fputs(" > ", out);
  put_addr(out, h->dst, 16);
  if (h->traffic_class) fprintf(out, " tclass 0x%02x", h->traffic_class);
  if (h->flow_label) fprintf(out, " flow 0x%05" PRIx32, h->flow_label);
  fprintf(out, " hlim %u plen %u", h->hop_limit, h->payload_len);
  for (size_t i = 0; i < lv->n_ext; i++) {
    const xnet_packet_layer *e = lv->ext[i];
    fputs(i ? "," : " ext ", out);
    switch (e->proto) {
      case XNET_PACKET_IPV6_HOPOPTS: fputs("hop", out); break;
      case XNET_PACKET_IPV6_ROUTING: fputs("rt", out); break;
      case XNET_PACKET_IPV6_DSTOPTS: fputs("dst", out); break;
      case XNET_PACKET_AH: fputs("ah", out); break;
      case XNET_PACKET_ESP: fputs("esp", out); break;
      case XNET_PACKET_IPV6_FRAGMENT: {
        const uint8_t *p = f->bytes + e->offset;
        unsigned off = (unsigned)(p[2] << 8 | p[3]) & ~7u; /* 8-byte units, shifted */
        fprintf(out, "frag(off %u%s)", off, (p[3] & 1) ? " MF" : "");
        break;
      }
      default: break;
    }
  }
  if (lv->ip->flags & XNET_PACKET_MORE_EXT) fputs(",...", out);
  put_proto(out, "next", lv->proto);
}

/* Code names for the ICMP errors a user meets most (RFC 792, RFC 1812,
 * RFC 4443); other codes print as numbers. */
static const char *icmp_code_name(int v6, unsigned type, unsigned code) {
  static const char *const unreach4[] = {
      "net unreachable", "host unreachable", "protocol unreachable",
      "port unreachable", "fragmentation needed", "source route failed",
      "net unknown", "host unknown", "source host isolated",
      "net prohibited", "host prohibited", "net unreachable for tos",
      "host unreachable for tos", "communication prohibited",
      "host precedence violation", "precedence cutoff"};
  static const char *const unreach6[] = {
      "no route", "administratively prohibited", "beyond scope of source",
      "address unreachable", "port unreachable", "source address failed policy",
      "reject route", "error in source routing header"};
  static const char *const exceeded[] = {"ttl exceeded", "reassembly time exceeded"};
  if (!v6 && type == 3 && code < sizeof unreach4 / sizeof *unreach4) return unreach4[code];
  if (v6 && type == 1 && code < sizeof unreach6 / sizeof *unreach6) return unreach6[code];
  if (((!v6 && type == 11) || (v6 && type == 3)) && code < 2) return exceeded[code];
  return NULL;
}

static void put_icmp(FILE *out, const frame_level *lv) {
  int v6 = lv->icmp->proto == XNET_PACKET_ICMPV6;
  const char *name = v6 ? xnet_icmp6_type_name((int)lv->icmp_type)
                        : xnet_icmp4_type_name((int)lv->icmp_type);
  fputs(v6 ? "ICMPv6 " : "ICMP ", out);
  if (name)
    fputs(name, out);
  else
    fprintf(out, "type %u", lv->icmp_type);
  if (!lv->icmp_have_code) return;
  const char *code = icmp_code_name(v6, lv->icmp_type, lv->icmp_code);
  if (code)
    fprintf(out, ": %s", code);
  else if (lv->icmp_code || !name)
    fprintf(out, " code %u", lv->icmp_code);
}

static void put_tcp(FILE *out, const frame_tcp *t) {
  fprintf(out, "TCP %u > %u", t->srcport, t->dstport);
  if (t->have >= 20) {
    /* tcpdump's letters: S F R P U E W N, '.' for ACK. */
    static const struct { uint16_t bit; char c; } names[] = {
        {0x002, 'S'}, {0x001, 'F'}, {0x004, 'R'}, {0x008, 'P'}, {0x020, 'U'},
        {0x040, 'E'}, {0x080, 'W'}, {0x100, 'N'}, {0x010, '.'}};
    fputs(" [", out);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
      if (t->flags & names[i].bit) fputc(names[i].c, out);
    fputc(']', out);
  }
  if (t->have >= 20) {
    fprintf(out, " seq %" PRIu32, t->seq);
    if (t->flags & 0x010) fprintf(out, " ack %" PRIu32, t->ack);
    fprintf(out, " win %u", t->window);
  }
}

static void put_chunk(FILE *out, const xnet_sctp_chunk *c) {
  xnet_sctp_data d;
  fprintf(out, " | %s", xnet_sctp_chunk_type_name(c->type));
  if (c->type == XNET_SCTP_CHUNK_DATA && xnet_sctp_data_parse(c, &d) == 0) {
    fprintf(out, " tsn %" PRIu32 " sid %u ssn %u ppid %" PRIu32 " len %u", d.tsn,
            d.stream_id, d.ssn, d.ppid, c->length);
    /* Only unusual flags: a whole ordered message is B|E. */
    if (d.flags != (XNET_SCTP_DATA_FLAG_B | XNET_SCTP_DATA_FLAG_E))
      fprintf(out, " flags %s%s%s%s%s", d.unordered ? "U" : "", d.beginning ? "B" : "",
              d.ending ? "E" : "", d.immediate ? "I" : "",
              (d.flags & 0x0f) == 0 ? "-" : "");
    return;
  }
  xnet_sctp_init init;
  xnet_sctp_sack sack;
  uint32_t cum;
  if ((c->type == XNET_SCTP_CHUNK_INIT || c->type == XNET_SCTP_CHUNK_INIT_ACK) &&
      xnet_sctp_init_parse(c, &init) == 0)
    fprintf(out, " tag 0x%08" PRIx32 " tsn %" PRIu32 " os %u mis %u a_rwnd %" PRIu32,
            init.initiate_tag, init.initial_tsn, init.outbound_streams, init.inbound_streams,
            init.a_rwnd);
  else if (c->type == XNET_SCTP_CHUNK_SACK && xnet_sctp_sack_parse(c, &sack) == 0)
    fprintf(out, " cum_tsn %" PRIu32 " a_rwnd %" PRIu32 " gaps %u dups %u", sack.cum_tsn_ack,
            sack.a_rwnd, sack.num_gap_blocks, sack.num_dup_tsns);
  else if (c->type == XNET_SCTP_CHUNK_SHUTDOWN && xnet_sctp_shutdown_parse(c, &cum) == 0)
    fprintf(out, " cum_tsn %" PRIu32, cum);
  fprintf(out, " len %u", c->length);
  if (c->flags) fprintf(out, " flags 0x%02x", c->flags);
}

static void put_sctp(FILE *out, const frame_level *lv) {
  if (lv->sctp->end - lv->sctp->offset < 4) return;
  fprintf(out, "SCTP %u > %u", lv->sctp_h.src_port, lv->sctp_h.dst_port);
  if (lv->sctp_have_tag) fprintf(out, " vtag 0x%08" PRIx32, lv->sctp_h.verification_tag);
  if (lv->sctp_crc != FRAME_CHECK_NONE)
    fputs(lv->sctp_crc == FRAME_CHECK_OK ? " crc ok" : " crc bad", out);
  if (!lv->sctp_chunks) return;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  size_t shown = 0, more = 0;
  xnet_sctp_chunk_iter_init_bytes(&it, lv->sctp_chunks, lv->sctp_chunks_len,
                                  lv->sctp_chunks_base);
  while (xnet_sctp_chunk_iter_next(&it, &c) > 0) {
    if (shown < RENDER_TEXT_MAX_CHUNKS) {
      put_chunk(out, &c);
      shown++;
    } else {
      more++;
    }
  }
  if (more) fprintf(out, " | ... %zu more chunks", more);
}

/* The level's headers, then the next level: in brackets when it is an ICMP
 * quote, after " | " when it is a tunnel. */
static void put_levels(FILE *out, const frame *f, size_t i) {
  const frame_level *lv = &f->levels[i];
  if (!lv->ip_ok) return;
  if (lv->ip_version == 4)
    put_ipv4(out, lv);
  else
    put_ipv6(out, f, lv);
  if (lv->icmp) {
    fputs(" | ", out);
    put_icmp(out, lv);
  }
  if (lv->udp && lv->udp->end - lv->udp->offset >= 4) {
    fprintf(out, " | UDP %u > %u", lv->udp_srcport, lv->udp_dstport);
    if (lv->udp_whole) fprintf(out, " len %u", lv->udp_length);
  }
  if (lv->tcp && lv->tcp_f.have >= 4) {
    fputs(" | ", out);
    put_tcp(out, &lv->tcp_f);
  }
  if (lv->sctp && lv->sctp->end - lv->sctp->offset >= 4) {
    fputs(" | ", out);
    put_sctp(out, lv);
  }
  if (i + 1 < f->n_levels) {
    int quote = f->levels[i + 1].quoted && !lv->quoted;
    fputs(quote ? " [" : " | ", out);
    put_levels(out, f, i + 1);
    if (quote) fputc(']', out);
  }
}

void render_text(FILE *out, const frame *f) {
  fprintf(out, "%" PRIu64, f->number);
  for (size_t i = 0; i < f->n_vlan; i++) fprintf(out, " vlan %u", f->vlan[i]);
  if (f->n_levels > 0) {
    fputc(' ', out);
    put_levels(out, f, 0);
  } else if (f->pkt.count > 0) {
    /* What the link carried: not IP, or IP that failed (error below). */
    if (f->pkt.layers[0].proto == XNET_PACKET_LOOPBACK)
      fprintf(out, " family %u", f->link_next);
    else
      fprintf(out, " ethertype 0x%04x", f->link_next);
    if (!f->error) fputs(" (not IP)", out);
  }
  if (f->error)
    fprintf(out, "%s error %s: %s", f->n_levels || f->pkt.count ? " |" : "", f->error_layer,
            f->error_reason);
  fputc('\n', out);
}
