/* source.c — records from libpcap, one at a time, into packets.
 *
 * libpcap reads pcap and pcapng (from a file, or from memory through
 * fmemopen) with nanosecond timestamps; the dissector (xnet/packet.h)
 * finds the IP and UDP headers for every supported link type; pcapng.c
 * follows along for the interface of each record. A record
 * that is not IP, or whose headers are broken, is skipped as a kernel
 * would drop it; a file that stops making sense ends the capture with
 * XNET_EBADFORMAT and a message naming the record. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/error.h"
#include "xnet/packet.h"

int rp_source_open(replay *r, const char *path, const void *bytes,
                   size_t len) {
  char err[PCAP_ERRBUF_SIZE] = "";
  if (path) {
    FILE *f = fopen(path, "rb");
    if (!f) return errno == ENOENT ? XNET_ENOENT : XNET_EBADFORMAT;
    /* Records are small: read the file in large blocks, not stdio's 4 KiB
     * (a quarter of the per-record cost on a big capture). */
    (void)setvbuf(f, NULL, _IOFBF, 256 * 1024);
    r->pcap = pcap_fopen_offline_with_tstamp_precision(
        f, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!r->pcap) fclose(f);
  } else {
    if (len == 0) {
      rp_note_problem(r, XNET_EBADFORMAT, "empty capture");
      return XNET_EBADFORMAT;
    }
    FILE *f = fmemopen((void *)(uintptr_t)bytes, len, "rb");
    if (!f) return XNET_ENOMEM;
    r->pcap = pcap_fopen_offline_with_tstamp_precision(
        f, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!r->pcap) fclose(f);
  }
  if (!r->pcap) {
    rp_note_problem(r, XNET_EBADFORMAT, "not a capture: %s", err);
    return XNET_EBADFORMAT;
  }
  r->linktype = pcap_datalink(r->pcap);
  if (!xnet_packet_linktype_name((uint32_t)r->linktype)) {
    rp_note_problem(r, XNET_EBADFORMAT, "unsupported link type %d",
                    r->linktype);
    pcap_close(r->pcap);
    r->pcap = NULL;
    return XNET_EBADFORMAT;
  }
  rp_ng_open(r, path, bytes, len);
  r->reasm = rp_reasm_new();
  if (!r->reasm) {
    pcap_close(r->pcap);
    r->pcap = NULL;
    return XNET_ENOMEM;
  }
  return 0;
}

void rp_source_close(replay *r) {
  if (r->pcap) pcap_close(r->pcap); /* closes the FILE too */
  r->pcap = NULL;
  rp_reasm_free(r->reasm);
  r->reasm = NULL;
  rp_ng_close(r);
}

static bool is_ext6(uint8_t proto) {
  return proto == XNET_PACKET_IPV6_HOPOPTS ||
         proto == XNET_PACKET_IPV6_ROUTING ||
         proto == XNET_PACKET_IPV6_DSTOPTS ||
         proto == XNET_PACKET_IPV6_FRAGMENT || proto == XNET_PACKET_AH;
}

/* Builds the packet of one frame; NULL when it carries nothing to
 * deliver (or is a fragment still waiting for its siblings). */
static rp_pkt *build(replay *r, uint32_t linktype, const uint8_t *b,
                     size_t caplen, int64_t t, uint32_t ifindex,
                     bool may_reasm) {
  xnet_packet pk;
  if (xnet_packet_dissect(linktype, b, caplen, &pk) < 0 && pk.count == 0)
    return NULL; /* layers found before an error are still usable */
  int ipi = -1;
  for (size_t i = 0; i < pk.count; i++) {
    uint8_t pr = pk.layers[i].proto;
    if (pr == XNET_PACKET_IPV4 || pr == XNET_PACKET_IPV6) {
      ipi = (int)i;
      break;
    }
  }
  if (ipi < 0) return NULL;
  const xnet_packet_layer *ip = &pk.layers[ipi];
  if (ip->flags & XNET_PACKET_SHORT) return NULL; /* snapped: incomplete */
  const uint8_t *d = b + ip->offset;
  size_t n = ip->end - ip->offset;
  bool v4 = ip->proto == XNET_PACKET_IPV4;
  if (v4 && n >= 20) {
    unsigned frag = (unsigned)(d[6] << 8 | d[7]);
    if ((frag & 0x2000) || (frag & 0x1fff)) {
      if (!may_reasm) return NULL;
      size_t whole_len = 0;
      uint8_t *whole = rp_reasm_add(r->reasm, d, n, t, &whole_len);
      if (!whole) return NULL;
      rp_pkt *p = build(r, XNET_LINKTYPE_IPV4, whole, whole_len, t, ifindex,
                        false);
      free(whole);
      return p;
    }
  }
  size_t l4 = ip->header_len;
  size_t next = (size_t)ipi + 1;
  if (!v4) {
    for (; next < pk.count && pk.layers[next].depth == 0 &&
           is_ext6(pk.layers[next].proto);
         next++) {
      if (pk.layers[next].proto == XNET_PACKET_IPV6_FRAGMENT)
        return NULL; /* IPv6 reassembly is not done yet */
      l4 = pk.layers[next].offset + pk.layers[next].header_len - ip->offset;
    }
  }
  if (l4 > n) return NULL;
  rp_pkt *p = rp_pkt_alloc(r, n);
  if (!p) return NULL;
  /* Field by field: a memset of the header costs more than the rest of
   * this function on small packets. */
  p->next = NULL;
  p->recno = 0;
  p->udp = false;
  p->pay_off = 0;
  p->src.port = p->dst.port = 0;
  p->src.ip.zone[0] = p->dst.ip.zone[0] = 0;
  memcpy(p->data, d, n);
  p->len = n;
  p->t = t;
  p->ifindex = ifindex;
  p->proto = ip->upper;
  p->l4_off = l4;
  p->family = v4 ? XNET_AF_INET : XNET_AF_INET6;
  p->src.family = p->dst.family = p->family;
  if (v4) {
    p->tos = d[1];
    p->ttl = d[8];
    p->src.ip.len = p->dst.ip.len = 4;
    memcpy(p->src.ip.bytes, d + 12, 4);
    memcpy(p->dst.ip.bytes, d + 16, 4);
    memset(p->src.ip.bytes + 4, 0, 12);
    memset(p->dst.ip.bytes + 4, 0, 12);
  } else {
    p->tos = (uint8_t)((d[0] & 0x0f) << 4 | d[1] >> 4);
    p->ttl = d[7];
    p->src.ip.len = p->dst.ip.len = 16;
    memcpy(p->src.ip.bytes, d + 8, 16);
    memcpy(p->dst.ip.bytes, d + 24, 16);
  }
  if (next < pk.count && pk.layers[next].proto == XNET_PACKET_UDP &&
      pk.layers[next].depth == 0 &&
      !(pk.layers[next].flags & (XNET_PACKET_TRUNCATED | XNET_PACKET_QUOTED))) {
    const xnet_packet_layer *u = &pk.layers[next];
    size_t uo = u->offset - ip->offset;
    size_t ue = u->end - ip->offset;
    if (uo + 8 <= ue && ue <= n) {
      p->udp = true;
      p->src.port = (uint16_t)(d[uo] << 8 | d[uo + 1]);
      p->dst.port = (uint16_t)(d[uo + 2] << 8 | d[uo + 3]);
      p->pay_off = uo + 8;
      p->len = ue; /* drop link padding past the UDP data */
    }
  }
  return p;
}

rp_pkt *rp_source_next(replay *r) {
  while (r->pcap && !r->eof) {
    struct pcap_pkthdr *h;
    const u_char *b;
    int rc = pcap_next_ex(r->pcap, &h, &b);
    if (rc == PCAP_ERROR_BREAK) {
      r->eof = true;
      break;
    }
    if (rc != 1) {
      r->eof = true;
      r->src_error = XNET_EBADFORMAT;
      rp_note_problem(r, XNET_EBADFORMAT, "record %llu: %s",
                      (unsigned long long)r->recno + 1, pcap_geterr(r->pcap));
      break;
    }
    r->recno++;
    int64_t t = (int64_t)h->ts.tv_sec * XNET_SECOND + (int64_t)h->ts.tv_usec;
    /* The interface: SLL2 carries the kernel's index; pcapng the
     * interface block's number (+ 1); else 1. */
    uint32_t ifindex = r->ng ? rp_ng_next_ifindex(r) : 1;
    if (r->linktype == XNET_LINKTYPE_LINUX_SLL2 && h->caplen >= 8)
      ifindex = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 |
                (uint32_t)b[6] << 8 | b[7];
    rp_pkt *p = build(r, (uint32_t)r->linktype, b, h->caplen, t, ifindex,
                      true);
    if (p) {
      p->recno = r->recno;
      return p;
    }
  }
  return NULL;
}

bool rp_pull(replay *r) {
  rp_pkt *p = rp_source_next(r);
  if (!p) return false;
  rp_queue_push(&r->fifo, p);
  return true;
}
