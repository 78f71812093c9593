/* traceroute.c — traces the route of IPv4 packets to a destination with
 * TTL-limited UDP probes, as the traceroute tool does: probe n leaves with
 * TTL n; the router where it dies answers with ICMP time exceeded, the
 * destination with port unreachable. A raw ICMP conn, its ICMP filter
 * letting only those two types through, hears the answers; each answer is
 * matched to its probe by the UDP port quoted in the ICMP message.
 *
 * Usage: traceroute DEST [MAX_HOPS]
 * Prints one line per hop, "HOP ADDRESS" ("HOP *" when none of three
 * probes was answered within a second), then "reached DEST" or "not
 * reached".
 * Uses x/net/ipv4's SetTTL and SetICMPFilter (xnet_ipv4_set_ttl,
 * xnet_ipv4_set_icmp_filter). Needs CAP_NET_RAW for the ICMP conn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xnet/xnet.h>

enum { BASE_PORT = 33434, PROBES = 3, ICMP_TIME_EXCEEDED = 11, ICMP_UNREACHABLE = 3 };

/* Waits for the ICMP answer to the probe sent to port; fills from.
 * Returns the ICMP type, or -1 when nothing matching came in time. */
static int await_answer(xnet_conn *icmp, uint16_t port, xnet_addr *from) {
  int64_t deadline = xnet_deadline_in(NULL, XNET_SECOND);
  if (xnet_conn_set_read_deadline(icmp, deadline) < 0)
    return -1;
  for (;;) {
    uint8_t pkt[1500];
    xnet_ipv4_header outer, inner;
    const uint8_t *icmp_msg;
    size_t n;
    if (xnet_ipv4_raw_read_from(icmp, pkt, sizeof pkt, &outer, &icmp_msg, &n,
                                NULL) < 0)
      return -1;
    /* ICMP: type, code, checksum, 4 unused bytes, then the original IP
     * header and the first 8 bytes of its payload (the UDP header). */
    if (n < 8 || xnet_ipv4_header_parse(icmp_msg + 8, n - 8, &inner) < 0)
      continue;
    if (inner.protocol != 17 || n < 8 + (size_t)inner.len + 4)
      continue;
    const uint8_t *udp = icmp_msg + 8 + inner.len;
    if ((uint16_t)(udp[2] << 8 | udp[3]) != port)
      continue;
    memset(from, 0, sizeof *from);
    from->kind = XNET_KIND_IP;
    xnet_ip_from4(outer.src, &from->ip);
    return icmp_msg[0];
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: traceroute DEST [MAX_HOPS]\n");
    return 2;
  }
  int max_hops = argc > 2 ? atoi(argv[2]) : 30;
  xnet_addr dst;
  memset(&dst, 0, sizeof dst);
  dst.kind = XNET_KIND_UDP;
  if (xnet_ip_parse(argv[1], strlen(argv[1]), &dst.ip) < 0) {
    fprintf(stderr, "traceroute: %s is not an IPv4 address\n", argv[1]);
    return 2;
  }
  char text[160];
  xnet_conn *udp = NULL, *icmp = NULL;
  if (xnet_listen_packet("udp4", "0.0.0.0:0", &udp) < 0 ||
      xnet_listen_packet("ip4:icmp", "0.0.0.0", &icmp) < 0) {
    xnet_op_error_format(xnet_last_error(), text, sizeof text);
    fprintf(stderr, "traceroute: %s\n", text);
    if (udp)
      xnet_conn_close(udp);
    return 1;
  }
  xnet_icmp4_filter f;
  xnet_icmp4_filter_set_all(&f, 1);
  xnet_icmp4_filter_accept(&f, ICMP_TIME_EXCEEDED);
  xnet_icmp4_filter_accept(&f, ICMP_UNREACHABLE);
  if (xnet_ipv4_set_icmp_filter(icmp, &f) < 0)
    fprintf(stderr, "traceroute: no ICMP filter, reading every message\n");
  int reached = 0;
  int failed = 0;
  for (int ttl = 1; ttl <= max_hops && !reached && !failed; ttl++) {
    /* Up to three probes per hop, as traceroute sends: a router may drop
     * or rate-limit one answer. Each probe has its own port. */
    xnet_addr from;
    int type = -1;
    for (int q = 0; q < PROBES && type < 0 && !failed; q++) {
      dst.port = (uint16_t)(BASE_PORT + ttl * PROBES + q);
      if (xnet_ipv4_set_ttl(udp, ttl) < 0 ||
          xnet_ipv4_write_to(udp, "xnet-probe", 10, NULL, &dst) < 0) {
        xnet_op_error_format(xnet_last_error(), text, sizeof text);
        fprintf(stderr, "traceroute: %s\n", text);
        failed = 1;
        break;
      }
      type = await_answer(icmp, dst.port, &from);
    }
    if (failed) break;
    if (type < 0) {
      printf("%d *\n", ttl);
    } else {
      xnet_ip_format(&from.ip, text, sizeof text);
      printf("%d %s\n", ttl, text);
      reached = type == ICMP_UNREACHABLE;
    }
    fflush(stdout);
  }
  printf(reached ? "reached %s\n" : "not reached %s\n", argv[1]);
  xnet_conn_close(icmp);
  xnet_conn_close(udp);
  return reached ? 0 : 1;
}
