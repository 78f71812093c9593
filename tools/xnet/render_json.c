/* render_json.c — one JSON object per frame (the --json contract).
 *
 * Keys follow Wireshark's field names (ip.ttl → "ipv4":{"ttl"}) so the
 * output can be compared with `tshark -T fields`; see README.md.
 */
#include <string.h>

#include "json.h"
#include "render.h"
#include "xnet/address.h"
#include "xnet/error.h"
#include "xnet/icmp.h"

static void json_addr(json_writer *j, const char *key, const uint8_t *b, size_t n) {
  xnet_ip ip;
  char text[XNET_IP_STRLEN];
  if (n == 4)
    xnet_ip_from4(b, &ip);
  else
    xnet_ip_from16(b, &ip);
  xnet_ip_format(&ip, text, sizeof text);
  json_string(j, key, text);
}

static void json_ipv4(json_writer *j, const frame_level *lv) {
  const xnet_ipv4_header *h = &lv->v4;
  json_object_open(j, "ipv4");
  json_uint(j, "version", h->version);
  json_uint(j, "hdr_len", h->len);
  json_uint(j, "dsfield", h->tos);
  json_uint(j, "len", h->total_len);
  json_uint(j, "id", h->id);
  json_uint(j, "flags_df", (h->flags & XNET_IPV4_FLAG_DONT_FRAGMENT) != 0);
  json_uint(j, "flags_mf", (h->flags & XNET_IPV4_FLAG_MORE_FRAGMENTS) != 0);
  json_uint(j, "frag_offset", h->frag_off);
  json_uint(j, "ttl", h->ttl);
  json_uint(j, "proto", h->protocol);
  json_uint(j, "checksum", h->checksum);
  json_bool(j, "checksum_ok", h->checksum_ok);
  json_addr(j, "src", h->src, 4);
  /* As Wireshark: with a source route, ip.dst is the route's final
   * destination and ip.cur_rt the header's Destination Address. */
  json_addr(j, "dst", lv->v4_route ? lv->v4_route_dst : h->dst, 4);
  if (lv->v4_route) json_addr(j, "cur_rt", h->dst, 4);
  json_hex(j, "options_hex", h->options, h->options_len);
  json_object_close(j);
}

static void json_ipv6(json_writer *j, const frame_level *lv) {
  const xnet_ipv6_header *h = &lv->v6;
  json_object_open(j, "ipv6");
  json_uint(j, "version", h->version);
  json_uint(j, "tclass", h->traffic_class);
  json_uint(j, "flow", h->flow_label);
  json_uint(j, "plen", h->payload_len);
  json_uint(j, "nxt", h->next_header);
  json_uint(j, "hlim", h->hop_limit);
  json_addr(j, "src", h->src, 16);
  json_addr(j, "dst", h->dst, 16);
  if (lv->n_ext) {
    /* The extension-header chain as protocol numbers, in order. */
    static const uint8_t number[XNET_PACKET__MAX] = {
        [XNET_PACKET_IPV6_HOPOPTS] = 0,  [XNET_PACKET_IPV6_ROUTING] = 43,
        [XNET_PACKET_IPV6_FRAGMENT] = 44, [XNET_PACKET_IPV6_DSTOPTS] = 60,
        [XNET_PACKET_AH] = 51,            [XNET_PACKET_ESP] = 50};
    json_array_open(j, "ext");
    for (size_t i = 0; i < lv->n_ext; i++) json_uint(j, NULL, number[lv->ext[i]->proto]);
    json_array_close(j);
    if (lv->ip->flags & XNET_PACKET_MORE_EXT) json_bool(j, "ext_more", 1);
  }
  json_object_close(j);
}

static void json_icmp(json_writer *j, const frame_level *lv) {
  int v6 = lv->icmp->proto == XNET_PACKET_ICMPV6;
  const char *name = v6 ? xnet_icmp6_type_name((int)lv->icmp_type)
                        : xnet_icmp4_type_name((int)lv->icmp_type);
  json_object_open(j, v6 ? "icmpv6" : "icmp");
  json_uint(j, "type", lv->icmp_type);
  if (lv->icmp_have_code) json_uint(j, "code", lv->icmp_code);
  if (name)
    json_string(j, "name", name);
  else
    json_null(j, "name");
  json_object_close(j);
}

static void json_chunk(json_writer *j, const xnet_sctp_chunk *c) {
  json_object_open(j, NULL);
  json_uint(j, "type", c->type);
  json_string(j, "type_name", xnet_sctp_chunk_type_name(c->type));
  json_uint(j, "flags", c->flags);
  json_uint(j, "length", c->length);
  xnet_sctp_data d;
  xnet_sctp_idata id;
  if (c->type == XNET_SCTP_CHUNK_DATA && xnet_sctp_data_parse(c, &d) == 0) {
    json_uint(j, "tsn", d.tsn);
    json_uint(j, "sid", d.stream_id);
    json_uint(j, "ssn", d.ssn);
    json_uint(j, "ppid", d.ppid);
  } else if (c->type == XNET_SCTP_CHUNK_I_DATA && xnet_sctp_idata_parse(c, &id) == 0) {
    json_uint(j, "tsn", id.tsn);
    json_uint(j, "sid", id.stream_id);
    json_uint(j, "mid", id.mid);
    json_uint(j, id.beginning ? "ppid" : "fsn", id.beginning ? id.ppid : id.fsn);
  }
  json_object_close(j);
}

static void json_sctp(json_writer *j, const frame_level *lv) {
  size_t have = lv->sctp->end - lv->sctp->offset;
  if (have < 4) return;
  json_object_open(j, "sctp");
  json_uint(j, "srcport", lv->sctp_h.src_port);
  json_uint(j, "dstport", lv->sctp_h.dst_port);
  if (lv->sctp_have_tag) json_uint(j, "verification_tag", lv->sctp_h.verification_tag);
  if (lv->sctp_crc == FRAME_CHECK_NONE)
    json_null(j, "checksum_ok");
  else
    json_bool(j, "checksum_ok", lv->sctp_crc == FRAME_CHECK_OK);
  if (lv->sctp_chunks) {
    json_array_open(j, "chunks");
    xnet_sctp_chunk_iter it;
    xnet_sctp_chunk c;
    xnet_sctp_chunk_iter_init_bytes(&it, lv->sctp_chunks, lv->sctp_chunks_len,
                                    lv->sctp_chunks_base);
    while (xnet_sctp_chunk_iter_next(&it, &c) > 0) json_chunk(j, &c);
    json_array_close(j);
  }
  json_object_close(j);
}

static void json_level(json_writer *j, const frame_level *lv) {
  if (!lv->ip_ok) return;
  if (lv->ip_version == 4)
    json_ipv4(j, lv);
  else
    json_ipv6(j, lv);
  if (lv->icmp) json_icmp(j, lv);
  if (lv->udp && lv->udp->end - lv->udp->offset >= 4) {
    json_object_open(j, "udp");
    json_uint(j, "srcport", lv->udp_srcport);
    json_uint(j, "dstport", lv->udp_dstport);
    if (lv->udp_whole) json_uint(j, "length", lv->udp_length);
    json_object_close(j);
  }
  if (lv->tcp && lv->tcp_f.have >= 4) {
    json_object_open(j, "tcp");
    json_uint(j, "srcport", lv->tcp_f.srcport);
    json_uint(j, "dstport", lv->tcp_f.dstport);
    if (lv->tcp_f.have >= 20) {
      json_uint(j, "seq_raw", lv->tcp_f.seq);
      json_uint(j, "ack_raw", lv->tcp_f.ack);
      json_uint(j, "flags", lv->tcp_f.flags);
    }
    json_object_close(j);
  }
  if (lv->sctp) json_sctp(j, lv);
}

void render_json(FILE *out, const frame *f) {
  json_writer j;
  json_init(&j, out);
  json_object_open(&j, NULL);
  json_uint(&j, "frame", f->number);
  if (f->n_vlan) {
    json_array_open(&j, "vlan");
    for (size_t i = 0; i < f->n_vlan; i++) json_uint(&j, NULL, f->vlan[i]);
    json_array_close(&j);
  }
  if (f->n_levels == 0 && f->pkt.count > 0) {
    /* Not IP: say what the link layer carried instead. */
    int loop = f->pkt.layers[0].proto == XNET_PACKET_LOOPBACK;
    json_uint(&j, loop ? "family" : "ethertype", f->link_next);
  }
  if (f->n_levels > 0) json_level(&j, &f->levels[0]);
  if (f->n_levels > 1) {
    json_array_open(&j, "inner");
    for (size_t i = 1; i < f->n_levels; i++) {
      json_object_open(&j, NULL);
      json_level(&j, &f->levels[i]);
      json_object_close(&j);
    }
    json_array_close(&j);
  }
  if (f->error) {
    json_object_open(&j, "error");
    json_string(&j, "layer", f->error_layer ? f->error_layer : "unknown");
    json_string(&j, "code", xnet_err_name(f->error));
    json_string(&j, "reason", f->error_reason);
    json_object_close(&j);
  }
  json_object_close(&j);
  fputc('\n', out);
}
