/* frame.h — one captured packet, dissected and decoded for printing.
 *
 * frame_decode runs the codec dissector (xnet/packet.h) and then the header
 * codecs over each layer it found, grouping the layers by nesting level:
 * level 0 is the outer IP packet, each ICMP quote or tunnel adds a level.
 * The two printers (render_text.c, render_json.c) read only this.
 *
 * Owns: nothing; the frame borrows the packet bytes it was decoded from.
 * Thread-safety: reentrant.
 */
#ifndef XNET_TOOL_FRAME_H
#define XNET_TOOL_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/ipv4_header.h"
#include "xnet/ipv6_header.h"
#include "xnet/packet.h"
#include "xnet/sctp_packet.h"

/* Tri-state checksum verdict: not checked (data incomplete), bad, good. */
enum { FRAME_CHECK_NONE = -1, FRAME_CHECK_BAD = 0, FRAME_CHECK_OK = 1 };

/* The most VLAN tags reported (the dissector skips any number). */
#define FRAME_MAX_VLAN 4

typedef struct frame_tcp {
  uint16_t srcport, dstport;
  uint8_t have; /* bytes of header present (at most 20): ports need 4, the rest 20 */
  uint32_t seq, ack;
  uint16_t flags; /* 9 bits: NS CWR ECE URG ACK PSH RST SYN FIN */
  uint16_t window;
} frame_tcp;

typedef struct frame_level {
  int quoted; /* inside an ICMP error's quote */
  /* IP header: version 0 (none), 4 or 6, and its layer. */
  unsigned ip_version;
  const xnet_packet_layer *ip;
  int ip_ok; /* the header codec parsed it (v4 or v6 is valid) */
  xnet_ipv4_header v4;
  int v4_route;          /* a loose/strict source route option is present */
  uint8_t v4_route_dst[4]; /* its last address: the final destination */
  xnet_ipv6_header v6;
  /* IPv6 extension and IPsec headers after the fixed header, in order. */
  const xnet_packet_layer *ext[XNET_PACKET_MAX_LAYERS];
  size_t n_ext;
  unsigned proto; /* the upper-layer protocol (the IP layer's upper) */
  /* ICMP / ICMPv6 (icmp->proto says which); type and code when present. */
  const xnet_packet_layer *icmp;
  unsigned icmp_type, icmp_code;
  int icmp_have_code;
  /* At most one transport layer. */
  const xnet_packet_layer *udp, *tcp, *sctp;
  uint16_t udp_srcport, udp_dstport, udp_length;
  int udp_whole;
  frame_tcp tcp_f;
  xnet_sctp_common_header sctp_h;
  int sctp_have_tag; /* 8 bytes present: ports and verification tag */
  int sctp_crc;      /* FRAME_CHECK_* */
  /* The chunk bytes after the common header, up to the data end. Chunks are
   * listed while whole; a quote or snap length may cut the last. */
  const uint8_t *sctp_chunks;
  size_t sctp_chunks_len, sctp_chunks_base;
} frame_level;

typedef struct frame {
  uint64_t number;
  const uint8_t *bytes;
  size_t caplen;
  xnet_packet pkt;
  uint16_t vlan[FRAME_MAX_VLAN];
  size_t n_vlan;
  /* What the link layer says it carries: an ethertype, or the address
   * family for loopback. */
  unsigned link_next;
  frame_level levels[XNET_PACKET_MAX_DEPTH];
  size_t n_levels;
  /* Where decoding stopped: code 0, or an XNET_E* code with the layer name
   * (Wireshark's protocol name, "link" or "input") and a reason. */
  int error;
  const char *error_layer;
  char error_reason[160];
} frame;

/* frame_decode dissects bytes[0..caplen) captured on linktype (a LINKTYPE_
 * value) into *f as frame `number`. Returns f->error (0 when every layer
 * decoded). *f borrows bytes. */
int frame_decode(frame *f, uint64_t number, uint32_t linktype,
                 const uint8_t *bytes, size_t caplen);

/* frame_set_error records a stop on f unless one is recorded already. */
void frame_set_error(frame *f, int code, const char *layer, const char *reason);

/* frame_ip_proto_name names an IP protocol number for the text form ("tcp",
 * "udp", "icmp", "sctp", "igmp", ...), or NULL when it has no short name. */
const char *frame_ip_proto_name(unsigned proto);

#endif /* XNET_TOOL_FRAME_H */
