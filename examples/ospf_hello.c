/* ospf_hello.c — advertises one OSPFv2 hello (RFC 2328 A.3.2) over raw
 * IPv4 to AllSPFRouters (224.0.0.5) on an interface, building the IP
 * header itself (x/net/ipv4's RawConn with header included, as in the
 * package's "advertising OSPF hello" example): TOS 0xc0 (internetwork
 * control), TTL 1, protocol 89; the kernel fills the ID, the header
 * checksum and the source address (left zero).
 *
 * Usage: ospf_hello IFACE ROUTER_ID [NETMASK]
 * Prints one line per step. Needs CAP_NET_RAW. */
#include <stdio.h>
#include <string.h>

#include <xnet/xnet.h>

static int fail(const char *what) {
  char text[160];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  fprintf(stderr, "ospf_hello: %s: %s\n", what, text);
  return 1;
}

static int parse4(const char *s, uint8_t out[4]) {
  xnet_ip ip, v4;
  if (xnet_ip_parse(s, strlen(s), &ip) < 0 || xnet_ip_to4(&ip, &v4) < 0)
    return -1;
  memcpy(out, v4.bytes, 4);
  return 0;
}

static void put16(uint8_t *b, unsigned v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: ospf_hello IFACE ROUTER_ID [NETMASK]\n");
    return 2;
  }
  uint8_t router_id[4], mask[4] = {255, 255, 255, 0};
  if (parse4(argv[2], router_id) < 0 ||
      (argc > 3 && parse4(argv[3], mask) < 0)) {
    fprintf(stderr, "ospf_hello: bad address\n");
    return 2;
  }
  xnet_interface ifi;
  if (xnet_interface_by_name(NULL, argv[1], &ifi) < 0)
    return fail("interface");
  printf("interface %s index %d\n", ifi.name, ifi.index);

  xnet_conn *c;
  if (xnet_listen_packet("ip4:89", "0.0.0.0", &c) < 0)
    return fail("listen");
  if (xnet_ipv4_raw_init(c) < 0 ||
      xnet_ipv4_set_multicast_interface(c, ifi.index) < 0 ||
      xnet_ipv4_set_multicast_loopback(c, false) < 0) {
    int rc = fail("options");
    xnet_conn_close(c);
    return rc;
  }
  printf("raw ip4:89 conn, header included, multicast on %s\n", ifi.name);

  /* OSPF header (24 bytes) + hello body (20 bytes, no neighbours). */
  uint8_t ospf[44];
  memset(ospf, 0, sizeof ospf);
  ospf[0] = 2;                  /* version */
  ospf[1] = 1;                  /* type: hello */
  put16(ospf + 2, sizeof ospf); /* packet length */
  memcpy(ospf + 4, router_id, 4);
  /* area 0.0.0.0, checksum (below), autype 0, authentication zero */
  memcpy(ospf + 24, mask, 4);
  put16(ospf + 28, 10); /* hello interval */
  ospf[30] = 0x02;      /* options: E */
  ospf[31] = 1;         /* router priority */
  ospf[35] = 40;        /* router dead interval */
  /* designated and backup designated routers: none (0.0.0.0) */
  put16(ospf + 12, xnet_inet_checksum(ospf, sizeof ospf));

  xnet_ipv4_header h;
  memset(&h, 0, sizeof h);
  h.version = 4;
  h.len = XNET_IPV4_HEADER_LEN;
  h.tos = 0xc0;
  h.ttl = 1;
  h.protocol = 89;
  static const uint8_t all_spf_routers[4] = {224, 0, 0, 5};
  memcpy(h.dst, all_spf_routers, 4);
  xnet_ipv4_cmsg cm;
  memset(&cm, 0, sizeof cm);
  cm.ifindex = (uint32_t)ifi.index;
  int n = xnet_ipv4_raw_write_to(c, &h, ospf, sizeof ospf, &cm);
  if (n < 0) {
    int rc = fail("write");
    xnet_conn_close(c);
    return rc;
  }
  char rid[20];
  xnet_ip r;
  xnet_ip_from4(router_id, &r);
  xnet_ip_format(&r, rid, sizeof rid);
  printf("sent hello from router %s: %d bytes to 224.0.0.5 on %s\n", rid, n,
         ifi.name);
  xnet_conn_close(c);
  return 0;
}
