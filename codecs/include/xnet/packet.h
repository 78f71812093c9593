/* xnet/packet.h — a pure packet dissector: link layer → network → transport.
 *
 * xnet_packet_dissect() walks one captured frame and records, for every
 * header it recognises, where it starts, how long the header is and where
 * the data it covers ends. It decodes no field beyond what it needs to find
 * the next header (ethertypes, IP version, lengths, protocol numbers,
 * fragment offsets, ICMP error types): field decoding is the job of the
 * header codecs (xnet/ipv4_header.h, xnet/ipv6_header.h, xnet/icmp.h,
 * xnet/sctp_packet.h), which take the layer views this produces.
 *
 * Layers are listed in wire order. An ICMP or ICMPv6 error quotes the packet
 * that caused it: the quoted IP header and whatever follows it are listed
 * after the ICMP layer with depth + 1 and XNET_PACKET_QUOTED. A tunnel (IP
 * protocol 4 or 41 after IPv4 or IPv6, including after IPv6 extension
 * headers) is listed the same way with depth + 1 and no QUOTED flag. Wireshark
 * lists such inner headers as further occurrences of the same fields.
 *
 * Bounds: every read is checked against caplen. A header cut short stops
 * the walk with XNET_ETRUNCATED, except where a cut is expected: inside an
 * ICMP quote (RFC 792 quotes only 8 bytes past the IP header), in a first
 * fragment, and in a datagram whose IP length says the capture's snap
 * length cut it (XNET_PACKET_SHORT). There a transport header cut short is
 * listed with XNET_PACKET_TRUNCATED (what is present can be read) and the
 * walk stops without error. A header whose length fields contradict each
 * other stops the walk with an error; the layers found before it stay
 * listed. IPv6 extension chains are followed to their end however long;
 * past XNET_PACKET_MAX_LAYERS - 8 layers their headers are walked but not
 * listed (XNET_PACKET_MORE_EXT on the IP layer).
 *
 * Not done: IP reassembly (a later fragment lists no transport, flag
 * XNET_PACKET_LATER_FRAGMENT), ESP decryption (listed, walk stops), checksum
 * verification (see xnet/inet_checksum.h and xnet/crc32c.h).
 *
 * Thread-safety: reentrant; no global state, no allocation, no I/O.
 */
#ifndef XNET_PACKET_H
#define XNET_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Link types, as numbered in pcap and pcapng files (LINKTYPE_*, see
 * https://www.tcpdump.org/linktypes.html). DLT_RAW's historical values 12
 * and 14 are accepted as synonyms of XNET_LINKTYPE_RAW. */
enum {
  XNET_LINKTYPE_NULL = 0,        /* BSD loopback: 4-byte AF, host order */
  XNET_LINKTYPE_ETHERNET = 1,    /* Ethernet II, 802.1Q / QinQ tags skipped */
  XNET_LINKTYPE_RAW_12 = 12,     /* DLT_RAW on most systems */
  XNET_LINKTYPE_RAW_14 = 14,     /* DLT_RAW on some BSDs */
  XNET_LINKTYPE_RAW = 101,       /* raw IPv4 or IPv6, by the version nibble */
  XNET_LINKTYPE_LOOP = 108,      /* OpenBSD loopback: 4-byte AF, big-endian */
  XNET_LINKTYPE_LINUX_SLL = 113, /* Linux cooked capture v1, 16 bytes */
  XNET_LINKTYPE_IPV4 = 228,      /* raw IPv4 only */
  XNET_LINKTYPE_IPV6 = 229,      /* raw IPv6 only */
  XNET_LINKTYPE_LINUX_SLL2 = 276 /* Linux cooked capture v2, 20 bytes */
};

/* What a layer is. */
typedef enum xnet_packet_proto {
  XNET_PACKET_NONE = 0,
  XNET_PACKET_ETHERNET,     /* 14 bytes: dst, src, type */
  XNET_PACKET_VLAN,         /* 4 bytes after a 0x8100/0x88a8/0x9100 type: TCI, type */
  XNET_PACKET_SLL,          /* Linux cooked v1 */
  XNET_PACKET_SLL2,         /* Linux cooked v2 */
  XNET_PACKET_LOOPBACK,     /* BSD NULL / LOOP address-family word */
  XNET_PACKET_IPV4,         /* header_len = IHL * 4 */
  XNET_PACKET_IPV6,         /* header_len = 40 */
  XNET_PACKET_IPV6_HOPOPTS, /* IPv6 extension headers, each its own layer */
  XNET_PACKET_IPV6_ROUTING,
  XNET_PACKET_IPV6_FRAGMENT,
  XNET_PACKET_IPV6_DSTOPTS,
  XNET_PACKET_AH,           /* IPsec AH (after IPv4 or IPv6) */
  XNET_PACKET_ESP,          /* IPsec ESP: encrypted, the walk stops */
  XNET_PACKET_ICMP,         /* header_len = 8 */
  XNET_PACKET_ICMPV6,       /* header_len = 8 */
  XNET_PACKET_UDP,          /* header_len = 8 */
  XNET_PACKET_TCP,          /* header_len = data offset * 4 */
  XNET_PACKET_SCTP,         /* header_len = 12 (common header); chunks follow */
  XNET_PACKET__MAX
} xnet_packet_proto;

/* Layer flags. */
enum {
  /* The layer is inside the packet quoted by an ICMP/ICMPv6 error. */
  XNET_PACKET_QUOTED = 1u << 0,
  /* A transport header cut where a cut is expected (see above): header_len
   * is what the header should be, end - offset what is present. */
  XNET_PACKET_TRUNCATED = 1u << 1,
  /* IP layer: the length field claims more than the data holds (snap
   * length or quote), so end is where the data stops, not the datagram. */
  XNET_PACKET_SHORT = 1u << 2,
  /* IP layer (or IPv6 fragment header): a fragment other than the first,
   * whose bytes are not a transport header. */
  XNET_PACKET_LATER_FRAGMENT = 1u << 3,
  /* IP layer (or IPv6 fragment header): the first fragment of several. */
  XNET_PACKET_FIRST_FRAGMENT = 1u << 4,
  /* IP layer: some of its extension headers are not listed (see above). */
  XNET_PACKET_MORE_EXT = 1u << 5
};

/* One header found in the frame. Offsets count from the frame's first byte.
 * The header occupies [offset, offset + header_len) when not TRUNCATED; the
 * data it covers (header, payload and inner layers) ends at end, which is
 * never past caplen (trailing link-layer padding is excluded where a length
 * field says so). A layer is a view: the frame's bytes are not copied. */
typedef struct xnet_packet_layer {
  uint8_t proto;   /* xnet_packet_proto */
  uint8_t depth;   /* 0 for the outermost IP; + 1 per quote or tunnel */
  uint8_t flags;   /* XNET_PACKET_QUOTED | _TRUNCATED | _SHORT | ... */
  /* IP layers: the upper-layer protocol number, after any extension and
   * IPsec headers (6 TCP, 17 UDP, 59 none, 50 ESP; for a later fragment,
   * the protocol its datagram carries). 0 for other layers. */
  uint8_t upper;
  /* What the layer says comes next: the ethertype for link layers and VLAN
   * tags (the address family for loopback), the protocol / next-header
   * number for IP and extension headers (for IPv4 and IPv6 the one in the
   * fixed header), the ICMP type for ICMP and ICMPv6, 0 otherwise. */
  uint16_t next;
  size_t offset;
  size_t header_len;
  size_t end;
} xnet_packet_layer;

/* The most layers one frame lists: Ethernet, two VLAN tags, IPv4, ICMP and
 * a quoted IPv6 packet with a dozen extension headers fit with room. */
#define XNET_PACKET_MAX_LAYERS 32
/* The most IP headers one frame can nest (quotes plus tunnels). */
#define XNET_PACKET_MAX_DEPTH 8

typedef struct xnet_packet {
  uint32_t linktype;
  size_t caplen;
  /* layers[0..count) are valid; the contents of layers[count..) are
   * unspecified (the dissector does not clear them), so compare or copy
   * results field by field over [0, count), not with memcmp of the whole
   * struct. */
  size_t count;
  xnet_packet_layer layers[XNET_PACKET_MAX_LAYERS];
  /* Where the walk stopped: 0 when it reached the end of what it decodes,
   * else the XNET_E* code and the layer kind it was decoding (which may not
   * be listed, e.g. an IPv4 header too short to list). */
  int error;
  uint8_t error_proto; /* xnet_packet_proto */
  size_t error_offset; /* where the failing header starts */
} xnet_packet;

/* xnet_packet_dissect walks the frame bytes[0..caplen) captured on linktype
 * and fills *out with the layers found, in wire order. It returns 0 when the
 * walk ended cleanly (including on a protocol it does not decode, such as
 * ARP or IGMP: the last layer's next, or the IP layer's upper, tells
 * which), or the code that stopped it, also stored in out->error. On error
 * the layers found before the failure stay in *out.
 * Go: none (gopacket's DecodingLayerParser plays this role).
 * Errors: XNET_EINVAL (out NULL, or bytes NULL with caplen > 0),
 * XNET_EBADTYPE (unsupported link type: out->count is 0),
 * XNET_ETRUNCATED (a header cut where no cut is expected),
 * XNET_EBADVERSION (IP version neither 4 nor 6, or not the one the link
 * type, ethertype, address family or enclosing header announced),
 * XNET_EBADHEADER (IPv4 IHL < 5, TCP data offset < 5), XNET_EBADLEN (IPv4
 * total length shorter than its header), XNET_ENOBUFS (more than
 * XNET_PACKET_MAX_LAYERS layers or XNET_PACKET_MAX_DEPTH nested IP
 * headers). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_packet_dissect(uint32_t linktype,
                                                         const uint8_t *bytes,
                                                         size_t caplen,
                                                         xnet_packet *out);

/* xnet_packet_find returns the index of the first layer at or after from
 * whose proto is proto, or -1 when there is none.
 * Go: none. Errors: none. */
XNET_API int xnet_packet_find(const xnet_packet *pkt, size_t from,
                              xnet_packet_proto proto);

/* xnet_packet_proto_name returns a short static name for a layer kind
 * ("ethernet", "vlan", "sll", "sll2", "loopback", "ipv4", "ipv6",
 * "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts", "ah",
 * "esp", "icmp", "icmpv6", "udp", "tcp", "sctp"; Wireshark's protocol
 * names), "link" for XNET_PACKET_NONE and "unknown" out of range.
 * Go: none. Errors: none. */
XNET_API const char *xnet_packet_proto_name(xnet_packet_proto proto);

/* xnet_packet_linktype_name returns a static name for a link type
 * ("ethernet", "raw", "null", "loop", "linux_sll", "linux_sll2", "ipv4",
 * "ipv6"), or NULL when the dissector does not support it.
 * Go: none. Errors: none. */
XNET_API const char *xnet_packet_linktype_name(uint32_t linktype);

#ifdef __cplusplus
}
#endif
#endif /* XNET_PACKET_H */
