/* marking_tcp.c — a TCP server that marks the packets of each connection
 * it accepts with a DiffServ code point and a TTL (x/net/ipv4's "Marking
 * TCP" example): IPv4 peers get TOS and TTL, IPv6 peers traffic class and
 * hop limit. It serves one connection: writes a greeting and closes.
 *
 * Usage: marking_tcp ADDRESS [TOS [TTL]]   (defaults 0x28 = AF11, 32)
 * Prints one line per step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xnet/xnet.h>

static int fail(const char *what) {
  char text[160];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  fprintf(stderr, "marking_tcp: %s: %s\n", what, text);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: marking_tcp ADDRESS [TOS [TTL]]\n");
    return 2;
  }
  int tos = argc > 2 ? (int)strtol(argv[2], NULL, 0) : 0x28;
  int ttl = argc > 3 ? atoi(argv[3]) : 32;
  xnet_listener *l;
  if (xnet_listen("tcp", argv[1], &l) < 0)
    return fail("listen");
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char text[80];
  xnet_addr_format(&la, text, sizeof text);
  printf("listening on %s\n", text);
  fflush(stdout);
  xnet_conn *c;
  if (xnet_listener_accept(l, &c) < 0) {
    int rc = fail("accept");
    xnet_listener_close(l);
    return rc;
  }
  xnet_addr peer;
  xnet_conn_remote_addr(c, &peer);
  xnet_addr_format(&peer, text, sizeof text);
  printf("accepted %s\n", text);
  xnet_ip v4;
  bool is4 = xnet_ip_to4(&peer.ip, &v4) == 0;
  int rc =
      is4 ? xnet_ipv4_set_tos(c, tos) : xnet_ipv6_set_traffic_class(c, tos);
  if (rc == 0)
    rc = is4 ? xnet_ipv4_set_ttl(c, ttl) : xnet_ipv6_set_hop_limit(c, ttl);
  if (rc < 0) {
    rc = fail("mark");
  } else {
    printf("marked %s 0x%02x %s %d\n", is4 ? "tos" : "traffic class", tos,
           is4 ? "ttl" : "hop limit", ttl);
    static const char hello[] = "hello, marked world\n";
    int n = xnet_conn_write(c, hello, sizeof hello - 1);
    if (n < 0) {
      rc = fail("write");
    } else {
      printf("wrote %d bytes\n", n);
      rc = 0;
    }
  }
  xnet_conn_close(c);
  xnet_listener_close(l);
  return rc;
}
