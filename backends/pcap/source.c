/* source.c — records from libpcap, one at a time, into packets.
 *
 * libpcap reads pcap and pcapng (from a file, or from memory through
 * fmemopen) with nanosecond timestamps; the dissector (xnet/packet.h)
 * finds the IP and UDP headers for every supported link type; pcapng.c
 * follows along for the interface of each record. A record
 * that is not IP, or whose headers are broken, is skipped as a kernel
 * would drop it; a file that stops making sense ends the capture with
 * XNET_EBADFORMAT and a message naming the record. Fragments go to
 * ip_reasm.c / ip6_reasm.c and come back as whole datagrams.
 *
 * The common record — a whole UDP datagram over IPv4, or over IPv6
 * without extension headers, after Ethernet, Linux cooked or raw framing —
 * is read without the dissector (fast_udp), and can be handed out as a
 * view into libpcap's buffer (rp_source_next_view) so that a read takes
 * its payload without the packet being copied first. */
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
  r->reasm6 = rp_reasm6_new();
  if (!r->reasm || !r->reasm6) {
    rp_reasm_free(r->reasm);
    rp_reasm6_free(r->reasm6);
    r->reasm = NULL;
    r->reasm6 = NULL;
    rp_ng_close(r);
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
  rp_reasm6_free(r->reasm6);
  r->reasm6 = NULL;
  rp_ng_close(r);
}

#define RP_TIME_MAX (INT64_MAX / 2)

static bool is_ext6(uint8_t proto) {
  return proto == XNET_PACKET_IPV6_HOPOPTS ||
         proto == XNET_PACKET_IPV6_ROUTING ||
         proto == XNET_PACKET_IPV6_DSTOPTS ||
         proto == XNET_PACKET_IPV6_FRAGMENT || proto == XNET_PACKET_AH;
}

static uint16_t be16(const uint8_t *b) { return (uint16_t)(b[0] << 8 | b[1]); }

/* Where the headers of one IP datagram are: d[0..n) is the datagram, its
 * upper-layer header at l4; a UDP header at uo whose data ends at ue
 * (uo == 0: none). */
typedef struct rp_view {
  const uint8_t *d;
  size_t n, l4, uo, ue;
  bool v4;
  uint8_t proto;
} rp_view;

/* Every field of p but data (and cap) from the view v. */
static void fill(rp_pkt *p, const rp_view *v, int64_t t, uint32_t ifindex) {
  const uint8_t *d = v->d;
  /* Field by field: a memset of the header costs more than the rest of
   * this function on small packets. */
  p->next = NULL;
  p->recno = 0;
  p->udp = false;
  p->pay_off = 0;
  p->src.port = p->dst.port = 0;
  p->src.ip.zone[0] = p->dst.ip.zone[0] = 0;
  p->len = v->n;
  p->t = t;
  p->ifindex = ifindex;
  p->proto = v->proto;
  p->l4_off = v->l4;
  p->family = v->v4 ? XNET_AF_INET : XNET_AF_INET6;
  p->src.family = p->dst.family = p->family;
  if (v->v4) {
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
  if (v->uo) {
    size_t uo = v->uo;
    p->udp = true;
    p->src.port = be16(d + uo);
    p->dst.port = be16(d + uo + 2);
    p->pay_off = uo + 8;
    p->len = v->ue; /* drop link padding past the UDP data */
  }
}

/* The packet of a view. */
static rp_pkt *make(replay *r, const rp_view *v, int64_t t, uint32_t ifindex) {
  rp_pkt *p = rp_pkt_alloc(r, v->n);
  if (!p) return NULL;
  fill(p, v, t, ifindex);
  memcpy(p->data, v->d, p->len);
  return p;
}

/* The common frame without the dissector: Ethernet without VLAN tags,
 * Linux cooked or raw IP, carrying a whole unfragmented UDP datagram over
 * IPv4 or over IPv6 without extension headers. It checks what the
 * dissector checks on that path and fills *v as build's general path
 * would; false sends anything else (or anything in doubt) that way. */
static bool fast_udp(uint32_t linktype, const uint8_t *b, size_t caplen,
                     rp_view *v) {
  size_t off;
  unsigned version = 0;
  switch (linktype) {
    case XNET_LINKTYPE_ETHERNET:
    case XNET_LINKTYPE_LINUX_SLL:
    case XNET_LINKTYPE_LINUX_SLL2: {
      off = linktype == XNET_LINKTYPE_ETHERNET    ? 14
            : linktype == XNET_LINKTYPE_LINUX_SLL ? 16
                                                  : 20;
      if (caplen < off) return false;
      unsigned type = be16(b + (linktype == XNET_LINKTYPE_LINUX_SLL2 ? 0
                                                                     : off - 2));
      version = type == 0x0800 ? 4 : type == 0x86dd ? 6 : 0;
      if (!version) return false;
      break;
    }
    case XNET_LINKTYPE_RAW:
    case XNET_LINKTYPE_RAW_12:
    case XNET_LINKTYPE_RAW_14:
      off = 0;
      break;
    default:
      return false;
  }
  if (caplen - off < 40) return false; /* smaller: the general way */
  const uint8_t *d = b + off;
  size_t avail = caplen - off;
  unsigned ver = d[0] >> 4;
  if (version ? ver != version : ver != 4 && ver != 6) return false;
  if (ver == 4) {
    size_t ihl = (size_t)(d[0] & 0x0f) * 4;
    size_t total = be16(d + 2);
    if (ihl < 20 || d[9] != 17 || (be16(d + 6) & 0x3fff) || total > avail ||
        total < ihl + 8)
      return false;
    v->n = v->ue = total;
    v->l4 = v->uo = ihl;
    v->v4 = true;
  } else {
    size_t end = 40 + (size_t)be16(d + 4);
    if (d[6] != 17 || end > avail || end < 48) return false;
    v->n = v->ue = end;
    v->l4 = v->uo = 40;
    v->v4 = false;
  }
  v->d = d;
  v->proto = 17;
  return true;
}

/* Builds the packet of one frame; NULL when it carries nothing to
 * deliver (or is a fragment still waiting for its siblings). */
static rp_pkt *build_general(replay *r, uint32_t linktype, const uint8_t *b,
                             size_t caplen, int64_t t, uint32_t ifindex,
                             bool may_reasm);

static rp_pkt *build(replay *r, uint32_t linktype, const uint8_t *b,
                     size_t caplen, int64_t t, uint32_t ifindex,
                     bool may_reasm) {
  rp_view v;
  if (fast_udp(linktype, b, caplen, &v)) return make(r, &v, t, ifindex);
  return build_general(r, linktype, b, caplen, t, ifindex, may_reasm);
}

/* build, through the dissector. */
static rp_pkt *build_general(replay *r, uint32_t linktype, const uint8_t *b,
                             size_t caplen, int64_t t, uint32_t ifindex,
                             bool may_reasm) {
  rp_view v;
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
    unsigned frag = be16(d + 6);
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
    size_t nh_off = 6; /* where the header naming the next one says so */
    for (; next < pk.count && pk.layers[next].depth == 0 &&
           is_ext6(pk.layers[next].proto);
         next++) {
      const xnet_packet_layer *e = &pk.layers[next];
      if (e->proto == XNET_PACKET_IPV6_FRAGMENT) {
        if (!may_reasm) return NULL; /* a fragment inside a fragment */
        size_t whole_len = 0;
        uint8_t *whole = rp_reasm6_add(r->reasm6, d, n, e->offset - ip->offset,
                                       nh_off, t, &whole_len);
        if (!whole) return NULL;
        rp_pkt *p = build(r, XNET_LINKTYPE_IPV6, whole, whole_len, t, ifindex,
                          false);
        free(whole);
        return p;
      }
      nh_off = e->offset - ip->offset;
      l4 = e->offset + e->header_len - ip->offset;
    }
  }
  if (l4 > n) return NULL;
  v.d = d;
  v.n = n;
  v.l4 = l4;
  v.uo = v.ue = 0;
  v.v4 = v4;
  v.proto = ip->upper;
  if (next < pk.count && pk.layers[next].proto == XNET_PACKET_UDP &&
      pk.layers[next].depth == 0 &&
      !(pk.layers[next].flags & (XNET_PACKET_TRUNCATED | XNET_PACKET_QUOTED))) {
    const xnet_packet_layer *u = &pk.layers[next];
    size_t uo = u->offset - ip->offset;
    size_t ue = u->end - ip->offset;
    if (uo + 8 <= ue && ue <= n) {
      v.uo = uo;
      v.ue = ue;
    }
  }
  return make(r, &v, t, ifindex);
}

/* The next record: its bytes (libpcap's, valid until the next read),
 * capture time and interface; false at the end or on damage. */
static bool next_record(replay *r, const uint8_t **bytes, size_t *caplen,
                        int64_t *t, uint32_t *ifindex) {
  if (!r->pcap || r->eof) return false;
  struct pcap_pkthdr *h;
  const u_char *b;
  int rc = pcap_next_ex(r->pcap, &h, &b);
  if (rc == PCAP_ERROR_BREAK) {
    r->eof = true;
    return false;
  }
  if (rc != 1) {
    r->eof = true;
    r->src_error = XNET_EBADFORMAT;
    rp_note_problem(r, XNET_EBADFORMAT, "record %llu: %s",
                    (unsigned long long)r->recno + 1, pcap_geterr(r->pcap));
    return false;
  }
  /* A pcapng timestamp is 64 bits in any unit: libpcap's seconds can be
   * negative or past what nanoseconds in an int64_t hold. Seconds outside
   * [0, RP_TIME_MAX / 10^9) are damage. RP_TIME_MAX is INT64_MAX / 2 ns
   * (the year 2116): above every pcap timestamp (32-bit seconds), and it
   * leaves the deadlines computed from the clock room before they
   * overflow. The fraction may be unnormalised (a pcap record's 32-bit
   * field holds up to 4.29 s of nanoseconds; writers do that): it is
   * added as it is. */
  if (h->ts.tv_sec < 0 || h->ts.tv_sec >= RP_TIME_MAX / XNET_SECOND ||
      h->ts.tv_usec < 0 || (uint64_t)h->ts.tv_usec > UINT32_MAX) {
    r->eof = true;
    r->src_error = XNET_EBADFORMAT;
    rp_note_problem(r, XNET_EBADFORMAT, "record %llu: timestamp out of range",
                    (unsigned long long)r->recno + 1);
    return false;
  }
  r->recno++;
  *t = (int64_t)h->ts.tv_sec * XNET_SECOND + (int64_t)h->ts.tv_usec;
  /* The interface: SLL2 carries the kernel's index; pcapng the
   * interface block's number (+ 1); else 1. */
  *ifindex = r->ng ? rp_ng_next_ifindex(r) : 1;
  if (r->linktype == XNET_LINKTYPE_LINUX_SLL2 && h->caplen >= 8) {
    *ifindex = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 |
               (uint32_t)b[6] << 8 | b[7];
    rp_iface_seen(r, *ifindex, NULL); /* listed from now on */
  }
  *bytes = b;
  *caplen = h->caplen;
  return true;
}

rp_pkt *rp_source_next(replay *r) {
  const uint8_t *b;
  size_t caplen;
  int64_t t;
  uint32_t ifindex;
  while (next_record(r, &b, &caplen, &t, &ifindex)) {
    rp_pkt *p = build(r, (uint32_t)r->linktype, b, caplen, t, ifindex, true);
    if (p) {
      p->recno = r->recno;
      return p;
    }
  }
  return NULL;
}

int rp_source_next_view(replay *r, rp_pkt *head, const uint8_t **bytes,
                        rp_pkt **pkt) {
  const uint8_t *b;
  size_t caplen;
  int64_t t;
  uint32_t ifindex;
  while (next_record(r, &b, &caplen, &t, &ifindex)) {
    rp_view v;
    if (fast_udp((uint32_t)r->linktype, b, caplen, &v)) {
      fill(head, &v, t, ifindex);
      head->recno = r->recno;
      head->cap = 0;
      *bytes = v.d;
      return 1;
    }
    rp_pkt *p = build_general(r, (uint32_t)r->linktype, b, caplen, t, ifindex,
                              true);
    if (p) {
      p->recno = r->recno;
      *pkt = p;
      return 2;
    }
  }
  return 0;
}

rp_pkt *rp_source_adopt(replay *r, const rp_pkt *head, const uint8_t *bytes) {
  rp_pkt *p = rp_pkt_alloc(r, head->len);
  if (!p) return NULL;
  size_t cap = p->cap;
  memcpy(p, head, sizeof *p);
  p->cap = cap;
  memcpy(p->data, bytes, head->len);
  return p;
}

bool rp_pull(replay *r) {
  rp_pkt *p = rp_source_next(r);
  if (!p) return false;
  rp_queue_push(&r->fifo, p);
  return true;
}
