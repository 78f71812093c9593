/* decode.c — `xnet decode [--json] [FILE|-]`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "input.h"
#include "render.h"
#include "xnet/error.h"
#include "xnet_tool.h"

static const char decode_help[] =
    "usage: xnet decode [--json] [FILE|-]\n"
    "\n"
    "Prints the headers of each packet of FILE (standard input when FILE is\n"
    "'-' or absent): IPv4 or IPv6 (extension headers walked), the ICMP or\n"
    "ICMPv6 type, UDP and TCP ports, the SCTP common header and every chunk.\n"
    "The packet an ICMP error quotes and tunnelled IP packets are decoded too.\n"
    "\n"
    "Input is recognised by content: a pcap or pcapng capture (link types\n"
    "Ethernet with 802.1Q/QinQ tags, raw IP 12/14/101, IPv4 228, IPv6 229,\n"
    "Linux cooked SLL 113 and SLL2 276, BSD loopback NULL 0 and LOOP 108), or\n"
    "hex text: one raw IPv4/IPv6 packet per line, hex digits with optional\n"
    "spaces or colons, '#' comments. IP fragments are not reassembled: a later\n"
    "fragment shows no transport header.\n"
    "\n"
    "options:\n"
    "  --json   one JSON object per packet, per line, instead of text\n"
    "  --help   this text\n"
    "\n"
    "JSON keys (Wireshark's field names; numbers are JSON numbers, addresses\n"
    "canonical text as Go's net.IP.String):\n"
    "  frame        packet number, from 1\n"
    "  vlan         [802.1Q VLAN ids], when tagged\n"
    "  ethertype / family   what the link carried, when it is not IP\n"
    "  ipv4         {version, hdr_len, dsfield, len, id, flags_df, flags_mf,\n"
    "                frag_offset (8-byte units), ttl, proto, checksum,\n"
    "                checksum_ok, src, dst, cur_rt, options_hex}; with a\n"
    "                loose/strict source route, dst is the route's final\n"
    "                destination and cur_rt the header's destination field\n"
    "  ipv6         {version, tclass, flow, plen, nxt, hlim, src, dst,\n"
    "                ext: [extension header numbers, in order], ext_more}\n"
    "  icmp         {type, code, name}  (name null when unassigned)\n"
    "  icmpv6       the same for ICMPv6 (a key of its own)\n"
    "  udp          {srcport, dstport, length}\n"
    "  tcp          {srcport, dstport, seq_raw, ack_raw, flags}  (all but the\n"
    "                ports need the whole 20-byte header)\n"
    "  sctp         {srcport, dstport, verification_tag, checksum_ok (null when\n"
    "                not checkable), chunks: [{type, type_name, flags, length,\n"
    "                DATA: tsn, sid, ssn, ppid}]}\n"
    "  inner        [{ipv4|ipv6, icmp|icmpv6, udp|tcp|sctp}, ...]: the packet\n"
    "                an ICMP error quotes, or a tunnelled packet, outermost\n"
    "                first (Wireshark's second and later occurrences)\n"
    "  error        {layer, code, reason}: where decoding stopped\n"
    "A transport header cut short where a cut is expected (an ICMP quote, a\n"
    "first fragment, a snap length) shows the fields present, without error.\n"
    "\n"
    "Exit status: 0 every packet decoded; 1 some packets stopped with an\n"
    "error; 2 usage error; 3 the input cannot be read or is damaged (after\n"
    "printing the packets before the damage).\n";

/* Names the link type in the error of a frame on an unsupported link. */
static void name_link_type(frame *f, uint32_t linktype) {
  const char *name = input_linktype_name(linktype);
  if (f->error != XNET_EBADTYPE || f->pkt.error_proto != XNET_PACKET_NONE || !name) return;
  snprintf(f->error_reason, sizeof f->error_reason, "unsupported link type %u (%s)",
           (unsigned)linktype, name);
}

int xnet_tool_decode(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  int json = 0;
  const char *path = NULL;
  int options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!options_done && strcmp(a, "--") == 0) {
      options_done = 1;
    } else if (!options_done && strcmp(a, "--json") == 0) {
      json = 1;
    } else if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
      fputs(decode_help, out);
      return XNET_TOOL_EXIT_OK;
    } else if (!options_done && a[0] == '-' && a[1] != '\0') {
      fprintf(err, "xnet decode: unknown option '%s'\n%s", a, decode_help);
      return XNET_TOOL_EXIT_USAGE;
    } else if (path) {
      fprintf(err, "xnet decode: one input at a time ('%s' and '%s')\n", path, a);
      return XNET_TOOL_EXIT_USAGE;
    } else {
      path = a;
    }
  }

  input *ip;
  char msg[512];
  if (input_open(&ip, path, in, msg, sizeof msg) != 0) {
    fprintf(err, "xnet decode: %s\n", msg);
    return XNET_TOOL_EXIT_INPUT;
  }
  frame *f = malloc(sizeof *f);
  if (!f) {
    fputs("xnet decode: out of memory\n", err);
    input_close(ip);
    return XNET_TOOL_EXIT_INPUT;
  }
  uint64_t n = 0, failed = 0;
  input_packet pkt;
  int rc;
  while ((rc = input_next(ip, &pkt)) > 0) {
    n++;
    if (pkt.error) {
      memset(f, 0, sizeof *f);
      f->number = n;
      frame_set_error(f, XNET_EBADFORMAT, "input", pkt.error);
    } else {
      frame_decode(f, n, pkt.linktype, pkt.data, pkt.caplen);
      name_link_type(f, pkt.linktype);
    }
    failed += f->error != 0;
    (json ? render_json : render_text)(out, f);
  }
  free(f);
  int status = failed ? XNET_TOOL_EXIT_PACKET_ERRORS : XNET_TOOL_EXIT_OK;
  if (rc < 0) {
    fflush(out);
    fprintf(err, "xnet decode: %s: damaged %s input after %llu packets: %s\n",
            path && strcmp(path, "-") != 0 ? path : "<stdin>", input_format(ip),
            (unsigned long long)n, input_error(ip));
    status = XNET_TOOL_EXIT_INPUT;
  }
  input_close(ip);
  fflush(out);
  return status;
}
