/* mdns_oneshot.c — serves one-shot multicast DNS (RFC 6762): joins
 * 224.0.0.251 on an interface, waits for a query for NAME.local (type A or
 * ANY), answers it once to the group with NAME.local's address and exits.
 * Shows x/net/ipv4's JoinGroup, SetControlMessage (which interface a
 * query came in on), SetMulticastInterface / SetMulticastTTL and WriteTo
 * with a control message choosing the interface.
 *
 * Usage: mdns_oneshot IFACE NAME ADDRESS
 * Prints one line per step. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <xnet/xnet.h>

static int fail(const char *what) {
  char text[160];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  fprintf(stderr, "mdns_oneshot: %s: %s\n", what, text);
  return 1;
}

/* Reads the first question's name (dotted, lower case) and type; returns
 * 0, or -1 for a message that is not a query with one plain name. */
static int parse_query(const uint8_t *m, size_t n, char *name, size_t cap,
                       unsigned *qtype) {
  if (n < 12 || (m[2] & 0x80) || (m[4] << 8 | m[5]) == 0)
    return -1;
  size_t off = 12, used = 0;
  while (off < n && m[off] != 0) {
    size_t len = m[off++];
    if (len > 63 || off + len > n || used + len + 2 > cap)
      return -1;
    if (used)
      name[used++] = '.';
    for (size_t i = 0; i < len; i++)
      name[used++] = (char)tolower(m[off + i]);
    off += len;
  }
  if (off + 5 > n)
    return -1;
  name[used] = '\0';
  *qtype = (unsigned)(m[off + 1] << 8 | m[off + 2]);
  return 0;
}

/* Builds the answer: one A record, cache-flush class IN, TTL 120. */
static size_t build_answer(uint8_t *b, const char *name, const uint8_t a[4]) {
  memset(b, 0, 12);
  b[2] = 0x84; /* response, authoritative */
  b[7] = 1;    /* one answer */
  size_t off = 12;
  const char *p = name;
  while (*p) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    b[off++] = (uint8_t)len;
    memcpy(b + off, p, len);
    off += len;
    p += len + (dot ? 1 : 0);
  }
  b[off++] = 0;
  static const uint8_t rr[10] = {0, 1, 0x80, 1, 0, 0, 0, 120, 0, 4};
  memcpy(b + off, rr, sizeof rr);
  off += sizeof rr;
  memcpy(b + off, a, 4);
  return off + 4;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: mdns_oneshot IFACE NAME ADDRESS\n");
    return 2;
  }
  char fqdn[200];
  snprintf(fqdn, sizeof fqdn, "%s.local", argv[2]);
  for (char *q = fqdn; *q; q++)
    *q = (char)tolower((unsigned char)*q);
  xnet_ip addr, v4;
  if (xnet_ip_parse(argv[3], strlen(argv[3]), &addr) < 0 ||
      xnet_ip_to4(&addr, &v4) < 0 || strlen(argv[2]) > 63) {
    fprintf(stderr, "mdns_oneshot: bad name or IPv4 address\n");
    return 2;
  }
  xnet_interface ifi;
  if (xnet_interface_by_name(NULL, argv[1], &ifi) < 0)
    return fail("interface");
  xnet_conn *c;
  if (xnet_listen_packet("udp4", "0.0.0.0:5353", &c) < 0)
    return fail("listen");
  xnet_ip group;
  xnet_ip_v4(224, 0, 0, 251, &group);
  if (xnet_ipv4_join_group(c, ifi.index, &group) < 0 ||
      xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_INTERFACE, true) < 0 ||
      xnet_ipv4_set_multicast_interface(c, ifi.index) < 0 ||
      xnet_ipv4_set_multicast_ttl(c, 255) < 0 ||
      xnet_ipv4_set_multicast_loopback(c, false) < 0) {
    int rc = fail("join");
    xnet_conn_close(c);
    return rc;
  }
  printf("joined 224.0.0.251 on %s\n", ifi.name);
  fflush(stdout);
  for (;;) {
    uint8_t m[1500];
    xnet_ipv4_cmsg cm;
    xnet_addr from;
    int n = xnet_ipv4_read_from(c, m, sizeof m, &cm, &from);
    if (n < 0) {
      int rc = fail("read");
      xnet_conn_close(c);
      return rc;
    }
    char qname[256];
    unsigned qtype;
    if ((int)cm.ifindex != ifi.index ||
        parse_query(m, (size_t)n, qname, sizeof qname, &qtype) < 0 ||
        strcmp(qname, fqdn) != 0 || (qtype != 1 && qtype != 255))
      continue;
    char text[80];
    xnet_addr_format(&from, text, sizeof text);
    printf("query for %s from %s\n", qname, text);
    size_t len = build_answer(m, fqdn, v4.bytes);
    xnet_addr dst;
    memset(&dst, 0, sizeof dst);
    dst.kind = XNET_KIND_UDP;
    dst.ip = group;
    dst.port = 5353;
    xnet_ipv4_cmsg out;
    memset(&out, 0, sizeof out);
    out.ifindex = (uint32_t)ifi.index;
    if (xnet_ipv4_write_to(c, m, len, &out, &dst) < 0) {
      int rc = fail("write");
      xnet_conn_close(c);
      return rc;
    }
    printf("answered %s A %s\n", fqdn, argv[3]);
    break;
  }
  xnet_conn_close(c);
  return 0;
}
