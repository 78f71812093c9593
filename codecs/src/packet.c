/* packet.c — the dissector: finds each header of a captured frame.
 *
 * Reads only the few fields that locate the next header; every read is
 * preceded by a length check against the end of the enclosing data, which
 * is never past caplen. See xnet/packet.h for the contract.
 */
#include "xnet/packet.h"

#include "xnet/error.h"

#include "bytes_int.h"

/* Ethertypes (IEEE) and IP protocol numbers (IANA) the walk branches on. */
enum {
  ETH_IPV4 = 0x0800,
  ETH_IPV6 = 0x86dd,
  ETH_VLAN = 0x8100,    /* 802.1Q customer tag */
  ETH_QINQ = 0x88a8,    /* 802.1ad service tag */
  ETH_QINQ_OLD = 0x9100 /* pre-standard QinQ */
};
enum {
  P_HOPOPTS = 0,
  P_ICMP = 1,
  P_IPIP = 4,
  P_TCP = 6,
  P_UDP = 17,
  P_IPV6 = 41,
  P_ROUTING = 43,
  P_FRAGMENT = 44,
  P_ESP = 50,
  P_AH = 51,
  P_ICMPV6 = 58,
  P_NONE = 59, /* IPv6 No Next Header */
  P_DSTOPTS = 60,
  P_SCTP = 132
};

/* Layer slots kept free while listing IPv6 extension headers, so that a long
 * chain (the walk follows it whole) still leaves room for the transport and
 * a quote or tunnel behind it. */
#define EXT_RESERVE 8

/* The walk's state: the frame and the result being filled. */
typedef struct walk {
  const uint8_t *b;
  xnet_packet *out;
} walk;

/* What the headers of one IP level share. */
typedef struct level {
  unsigned depth;
  unsigned flags; /* XNET_PACKET_QUOTED or 0, stored on each of its layers */
  /* The data may legitimately stop inside a header: in an ICMP quote, a
   * first fragment, or a datagram the capture's snap length cut. */
  int cut_ok;
  size_t ip; /* index of the level's IP layer */
} level;

static int fail(walk *w, int code, xnet_packet_proto proto, size_t off) {
  w->out->error = code;
  w->out->error_proto = (uint8_t)proto;
  w->out->error_offset = off;
  return code;
}

/* A header cut by the end of the data: a clean stop where a cut is
 * expected, an error otherwise. */
static int cut(walk *w, int cut_ok, xnet_packet_proto proto, size_t off) {
  return cut_ok ? 0 : fail(w, XNET_ETRUNCATED, proto, off);
}

/* Appends a layer; returns its index, or XNET_ENOBUFS when the table is full. */
static int push(walk *w, xnet_packet_proto proto, unsigned depth, unsigned flags,
                unsigned next, size_t off, size_t header_len, size_t end) {
  xnet_packet *p = w->out;
  if (p->count >= XNET_PACKET_MAX_LAYERS) return fail(w, XNET_ENOBUFS, proto, off);
  xnet_packet_layer *l = &p->layers[p->count];
  /* Every field: layers[count..) are not cleared beforehand. */
  l->proto = (uint8_t)proto;
  l->depth = (uint8_t)depth;
  l->flags = (uint8_t)flags;
  l->upper = 0;
  l->next = (uint16_t)next;
  l->offset = off;
  l->header_len = header_len;
  l->end = end;
  return (int)p->count++;
}

static int dissect_ip(walk *w, size_t off, size_t limit, unsigned depth,
                      unsigned flags, int cut_ok, unsigned version);

/* Lists a transport (or ICMP) header of header_len bytes at off. Returns 0
 * when it is whole, 1 when the walk must stop cleanly (an expected cut: the
 * part present, if any, is listed TRUNCATED), or an error code. */
static int transport_header(walk *w, const level *lv, xnet_packet_proto proto,
                            size_t off, size_t end, size_t header_len,
                            unsigned next) {
  size_t avail = end - off;
  int r;
  if (avail >= header_len) {
    r = push(w, proto, lv->depth, lv->flags, next, off, header_len, end);
    return r < 0 ? r : 0;
  }
  if (!lv->cut_ok) return fail(w, XNET_ETRUNCATED, proto, off);
  if (avail == 0) return 1;
  r = push(w, proto, lv->depth, lv->flags | XNET_PACKET_TRUNCATED, next, off,
           header_len, end);
  return r < 0 ? r : 1;
}

/* ICMP error types that quote the offending packet (RFC 792, RFC 4443). */
static int icmp_quotes(unsigned proto, unsigned type) {
  if (proto == P_ICMP)
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
  return type >= 1 && type <= 4;
}

/* Decodes the upper-layer header proto at off, data ending at end. */
static int dissect_transport(walk *w, const level *lv, unsigned proto,
                             size_t off, size_t end) {
  const uint8_t *b = w->b;
  int r;
  switch (proto) {
    case P_ICMP:
    case P_ICMPV6: {
      xnet_packet_proto kind = proto == P_ICMP ? XNET_PACKET_ICMP : XNET_PACKET_ICMPV6;
      unsigned type = off < end ? b[off] : 0;
      r = transport_header(w, lv, kind, off, end, 8, type);
      if (r != 0) return r < 0 ? r : 0;
      /* A quote inside a quote is not followed: ICMP never reports an
       * error about an ICMP error (RFC 1122 3.2.2). */
      if ((lv->flags & XNET_PACKET_QUOTED) || !icmp_quotes(proto, type) || off + 8 >= end)
        return 0;
      return dissect_ip(w, off + 8, end, lv->depth + 1, XNET_PACKET_QUOTED, 1,
                        proto == P_ICMP ? 4 : 6);
    }
    case P_UDP:
      r = transport_header(w, lv, XNET_PACKET_UDP, off, end, 8, 0);
      return r < 0 ? r : 0;
    case P_SCTP:
      r = transport_header(w, lv, XNET_PACKET_SCTP, off, end, 12, 0);
      return r < 0 ? r : 0;
    case P_TCP: {
      size_t hl = 20;
      if (end - off > 12) {
        hl = (size_t)(b[off + 12] >> 4) * 4;
        if (hl < 20) return fail(w, XNET_EBADHEADER, XNET_PACKET_TCP, off);
      }
      r = transport_header(w, lv, XNET_PACKET_TCP, off, end, hl, 0);
      return r < 0 ? r : 0;
    }
    case P_IPIP:
    case P_IPV6:
      return dissect_ip(w, off, end, lv->depth + 1, lv->flags, lv->cut_ok,
                        proto == P_IPIP ? 4 : 6);
    default:
      return 0; /* IGMP, OSPF, GRE, ...: the IP layer's upper names it */
  }
}

/* Walks IPv6 extension headers and IPsec headers from off, where the
 * previous header announced nh, to the upper-layer header. Records the
 * upper-layer protocol and the fragment state on the level's IP layer. */
static int dissect_chain(walk *w, level *lv, unsigned version, unsigned nh,
                         size_t off, size_t end) {
  const uint8_t *b = w->b;
  xnet_packet_layer *ip = &w->out->layers[lv->ip];
  for (;;) {
    xnet_packet_proto kind;
    size_t len;
    unsigned frag = 0;
    ip->upper = (uint8_t)nh;
    switch (nh) {
      case P_HOPOPTS:
      case P_ROUTING:
      case P_DSTOPTS:
        if (version != 6) return dissect_transport(w, lv, nh, off, end);
        kind = nh == P_HOPOPTS   ? XNET_PACKET_IPV6_HOPOPTS
               : nh == P_ROUTING ? XNET_PACKET_IPV6_ROUTING
                                 : XNET_PACKET_IPV6_DSTOPTS;
        if (end - off < 2) return cut(w, lv->cut_ok, kind, off);
        /* RFC 8200 4.3: length in 8-octet units, not counting the first. */
        len = ((size_t)b[off + 1] + 1) * 8;
        break;
      case P_FRAGMENT:
        if (version != 6) return dissect_transport(w, lv, nh, off, end);
        kind = XNET_PACKET_IPV6_FRAGMENT;
        len = 8;
        if (end - off < len) return cut(w, lv->cut_ok, kind, off);
        frag = (xnet__get_be16(b + off + 2) & 0xfff8) ? XNET_PACKET_LATER_FRAGMENT
               : (b[off + 3] & 1)          ? XNET_PACKET_FIRST_FRAGMENT
                                           : 0;
        break;
      case P_AH:
        kind = XNET_PACKET_AH;
        if (end - off < 2) return cut(w, lv->cut_ok, kind, off);
        /* RFC 4302 2.2: length in 32-bit words, minus 2. */
        len = ((size_t)b[off + 1] + 2) * 4;
        break;
      case P_ESP:
        /* Everything after the SPI and sequence number is encrypted. */
        if (end - off < 8) return cut(w, lv->cut_ok, XNET_PACKET_ESP, off);
        return push(w, XNET_PACKET_ESP, lv->depth, lv->flags, 0, off, 8, end) < 0
                   ? w->out->error
                   : 0;
      case P_NONE:
        return 0;
      default:
        return dissect_transport(w, lv, nh, off, end);
    }
    if (end - off < len) return cut(w, lv->cut_ok, kind, off);
    ip->flags |= (uint8_t)frag;
    if (frag & XNET_PACKET_FIRST_FRAGMENT) lv->cut_ok = 1;
    if (w->out->count < XNET_PACKET_MAX_LAYERS - EXT_RESERVE) {
      int r = push(w, kind, lv->depth, lv->flags | frag, b[off], off, len, end);
      if (r < 0) return r;
    } else {
      ip->flags |= XNET_PACKET_MORE_EXT;
    }
    if (frag & XNET_PACKET_LATER_FRAGMENT) {
      ip->upper = b[off]; /* what the datagram carries; no reassembly */
      return 0;
    }
    nh = b[off];
    off += len;
  }
}

static int dissect_ipv4(walk *w, size_t off, size_t limit, unsigned depth,
                        unsigned flags, int cut_ok) {
  const uint8_t *b = w->b;
  size_t avail = limit - off;
  size_t ihl = (size_t)(b[off] & 0x0f) * 4;
  if (ihl < 20) return fail(w, XNET_EBADHEADER, XNET_PACKET_IPV4, off);
  if (avail < ihl) return cut(w, cut_ok, XNET_PACKET_IPV4, off);
  size_t total = xnet__get_be16(b + off + 2);
  if (total < ihl) return fail(w, XNET_EBADLEN, XNET_PACKET_IPV4, off);
  unsigned f = flags;
  size_t end = off + total;
  if (total > avail) {
    end = limit;
    f |= XNET_PACKET_SHORT;
  }
  unsigned frag = xnet__get_be16(b + off + 6);
  if (frag & 0x1fff)
    f |= XNET_PACKET_LATER_FRAGMENT;
  else if (frag & 0x2000)
    f |= XNET_PACKET_FIRST_FRAGMENT;
  unsigned proto = b[off + 9];
  int r = push(w, XNET_PACKET_IPV4, depth, f, proto, off, ihl, end);
  if (r < 0) return r;
  w->out->layers[r].upper = (uint8_t)proto;
  if (f & XNET_PACKET_LATER_FRAGMENT) return 0; /* no reassembly */
  level lv = {depth, flags, cut_ok || (f & (XNET_PACKET_SHORT | XNET_PACKET_FIRST_FRAGMENT)),
              (size_t)r};
  return dissect_chain(w, &lv, 4, proto, off + ihl, end);
}

static int dissect_ipv6(walk *w, size_t off, size_t limit, unsigned depth,
                        unsigned flags, int cut_ok) {
  const uint8_t *b = w->b;
  size_t avail = limit - off;
  if (avail < 40) return cut(w, cut_ok, XNET_PACKET_IPV6, off);
  size_t plen = xnet__get_be16(b + off + 4);
  unsigned nh = b[off + 6];
  unsigned f = flags;
  size_t end = off + 40 + plen;
  /* Payload length 0 before a hop-by-hop header announces a jumbogram
   * (RFC 2675): the payload runs to the end of the data. */
  if (plen == 0 && nh == P_HOPOPTS) end = limit;
  if (end > limit) {
    end = limit;
    f |= XNET_PACKET_SHORT;
  }
  int r = push(w, XNET_PACKET_IPV6, depth, f, nh, off, 40, end);
  if (r < 0) return r;
  /* The fragment header's state is known only once the chain reaches it;
   * before that, a cut is expected only where it was already, or in a
   * short capture. */
  level lv = {depth, flags, cut_ok || (f & XNET_PACKET_SHORT), (size_t)r};
  return dissect_chain(w, &lv, 6, nh, off + 40, end);
}

/* An IP header at off whose data may not extend past limit. version is
 * what the enclosing layer announced (0: the version nibble decides);
 * cut_ok says the data may stop inside it (a quote, or a tunnel in a
 * datagram that is itself cut). */
static int dissect_ip(walk *w, size_t off, size_t limit, unsigned depth,
                      unsigned flags, int cut_ok, unsigned version) {
  xnet_packet_proto kind = version == 6 ? XNET_PACKET_IPV6 : XNET_PACKET_IPV4;
  if (depth >= XNET_PACKET_MAX_DEPTH) return fail(w, XNET_ENOBUFS, kind, off);
  if (off >= limit) return cut(w, cut_ok, kind, off);
  unsigned v = w->b[off] >> 4;
  if ((v != 4 && v != 6) || (version && v != version))
    return fail(w, XNET_EBADVERSION, kind, off);
  return v == 4 ? dissect_ipv4(w, off, limit, depth, flags, cut_ok)
                : dissect_ipv6(w, off, limit, depth, flags, cut_ok);
}

/* The IP version an ethertype announces, or 0 (not IP: a clean stop). */
static unsigned ip_version_of(unsigned ethertype) {
  return ethertype == ETH_IPV4 ? 4 : ethertype == ETH_IPV6 ? 6 : 0;
}

static int dissect_ethernet(walk *w, size_t n) {
  const uint8_t *b = w->b;
  if (n < 14) return fail(w, XNET_ETRUNCATED, XNET_PACKET_ETHERNET, 0);
  unsigned type = xnet__get_be16(b + 12);
  int r = push(w, XNET_PACKET_ETHERNET, 0, 0, type, 0, 14, n);
  size_t off = 14;
  /* Each tag's 4 bytes are the TCI and the next type; the tag's own TPID
   * is the type field before it. */
  while (r >= 0 && (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD)) {
    if (n - off < 4) return fail(w, XNET_ETRUNCATED, XNET_PACKET_VLAN, off);
    type = xnet__get_be16(b + off + 2);
    r = push(w, XNET_PACKET_VLAN, 0, 0, type, off, 4, n);
    off += 4;
  }
  if (r < 0) return r;
  unsigned v = ip_version_of(type);
  return v ? dissect_ip(w, off, n, 0, 0, 0, v) : 0;
}

/* Linux cooked captures: the protocol field is an ethertype for IP. */
static int dissect_sll(walk *w, size_t n, int v2) {
  size_t hl = v2 ? 20 : 16;
  xnet_packet_proto kind = v2 ? XNET_PACKET_SLL2 : XNET_PACKET_SLL;
  if (n < hl) return fail(w, XNET_ETRUNCATED, kind, 0);
  unsigned type = xnet__get_be16(w->b + (v2 ? 0 : 14));
  int r = push(w, kind, 0, 0, type, 0, hl, n);
  if (r < 0) return r;
  unsigned v = ip_version_of(type);
  return v ? dissect_ip(w, hl, n, 0, 0, 0, v) : 0;
}

/* BSD loopback: a 4-byte address family, in the capturing host's byte
 * order for NULL and big-endian for LOOP. AF_INET is 2 everywhere; AF_INET6
 * is 24 (NetBSD, OpenBSD), 28 (FreeBSD, DragonFly), 30 (Darwin) or 10
 * (Linux). Some NULL captures carry an ethertype in the low 16 bits
 * instead; Wireshark accepts those, and so does this. */
static int dissect_loopback(walk *w, size_t n, int loop) {
  const uint8_t *b = w->b;
  if (n < 4) return fail(w, XNET_ETRUNCATED, XNET_PACKET_LOOPBACK, 0);
  uint32_t af = xnet__get_be32(b);
  /* A family fits a byte: a little-endian word has its low byte first. */
  if (!loop && af > 0xff && xnet__get_le32(b) <= 0xff) af = xnet__get_le32(b);
  unsigned v = 0, next;
  if (af <= 0xff) {
    next = af;
    v = af == 2 ? 4 : (af == 10 || af == 24 || af == 28 || af == 30) ? 6 : 0;
  } else {
    next = xnet__get_be16(b + 2);
    v = ip_version_of(next);
  }
  int r = push(w, XNET_PACKET_LOOPBACK, 0, 0, next, 0, 4, n);
  if (r < 0) return r;
  return v ? dissect_ip(w, 4, n, 0, 0, 0, v) : 0;
}

int xnet_packet_dissect(uint32_t linktype, const uint8_t *bytes, size_t caplen,
                        xnet_packet *out) {
  if (!out) return XNET_EINVAL;
  /* The header fields only: push() sets each layer whole. Clearing the
   * ~1.3 KB layer table was about a tenth of the replay backend's time
   * per delivered packet. */
  out->linktype = linktype;
  out->caplen = caplen;
  out->count = 0;
  out->error = 0;
  out->error_proto = (uint8_t)XNET_PACKET_NONE;
  out->error_offset = 0;
  walk w = {bytes, out};
  if (!bytes && caplen) return fail(&w, XNET_EINVAL, XNET_PACKET_NONE, 0);
  switch (linktype) {
    case XNET_LINKTYPE_ETHERNET:
      return dissect_ethernet(&w, caplen);
    case XNET_LINKTYPE_LINUX_SLL:
      return dissect_sll(&w, caplen, 0);
    case XNET_LINKTYPE_LINUX_SLL2:
      return dissect_sll(&w, caplen, 1);
    case XNET_LINKTYPE_NULL:
      return dissect_loopback(&w, caplen, 0);
    case XNET_LINKTYPE_LOOP:
      return dissect_loopback(&w, caplen, 1);
    case XNET_LINKTYPE_RAW:
    case XNET_LINKTYPE_RAW_12:
    case XNET_LINKTYPE_RAW_14:
      return dissect_ip(&w, 0, caplen, 0, 0, 0, 0);
    case XNET_LINKTYPE_IPV4:
      return dissect_ip(&w, 0, caplen, 0, 0, 0, 4);
    case XNET_LINKTYPE_IPV6:
      return dissect_ip(&w, 0, caplen, 0, 0, 0, 6);
    default:
      return fail(&w, XNET_EBADTYPE, XNET_PACKET_NONE, 0);
  }
}

int xnet_packet_find(const xnet_packet *pkt, size_t from, xnet_packet_proto proto) {
  if (!pkt) return -1;
  for (size_t i = from; i < pkt->count && i < XNET_PACKET_MAX_LAYERS; i++)
    if (pkt->layers[i].proto == proto) return (int)i;
  return -1;
}

const char *xnet_packet_proto_name(xnet_packet_proto proto) {
  static const char *const names[XNET_PACKET__MAX] = {
      [XNET_PACKET_NONE] = "link",
      [XNET_PACKET_ETHERNET] = "ethernet",
      [XNET_PACKET_VLAN] = "vlan",
      [XNET_PACKET_SLL] = "sll",
      [XNET_PACKET_SLL2] = "sll2",
      [XNET_PACKET_LOOPBACK] = "loopback",
      [XNET_PACKET_IPV4] = "ipv4",
      [XNET_PACKET_IPV6] = "ipv6",
      [XNET_PACKET_IPV6_HOPOPTS] = "ipv6.hopopts",
      [XNET_PACKET_IPV6_ROUTING] = "ipv6.routing",
      [XNET_PACKET_IPV6_FRAGMENT] = "ipv6.fraghdr",
      [XNET_PACKET_IPV6_DSTOPTS] = "ipv6.dstopts",
      [XNET_PACKET_AH] = "ah",
      [XNET_PACKET_ESP] = "esp",
      [XNET_PACKET_ICMP] = "icmp",
      [XNET_PACKET_ICMPV6] = "icmpv6",
      [XNET_PACKET_UDP] = "udp",
      [XNET_PACKET_TCP] = "tcp",
      [XNET_PACKET_SCTP] = "sctp",
  };
  return (unsigned)proto < XNET_PACKET__MAX ? names[proto] : "unknown";
}

const char *xnet_packet_linktype_name(uint32_t linktype) {
  switch (linktype) {
    case XNET_LINKTYPE_NULL: return "null";
    case XNET_LINKTYPE_ETHERNET: return "ethernet";
    case XNET_LINKTYPE_RAW:
    case XNET_LINKTYPE_RAW_12:
    case XNET_LINKTYPE_RAW_14: return "raw";
    case XNET_LINKTYPE_LOOP: return "loop";
    case XNET_LINKTYPE_LINUX_SLL: return "linux_sll";
    case XNET_LINKTYPE_IPV4: return "ipv4";
    case XNET_LINKTYPE_IPV6: return "ipv6";
    case XNET_LINKTYPE_LINUX_SLL2: return "linux_sll2";
    default: return NULL;
  }
}
