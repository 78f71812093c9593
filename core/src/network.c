/* network.c — Go network strings: "tcp4", "udp", "ip6:ospf", "unixgram". */
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/stack.h"

/* IP protocol names Go accepts after "ip:", from the IANA protocol numbers
 * registry (the names /etc/protocols uses). A built-in table keeps the
 * result the same on every machine. */
static const struct {
  const char *name;
  int number;
} protocols[] = {
    {"icmp", 1},  {"igmp", 2},       {"ipip", 4},       {"ipencap", 4},
    {"tcp", 6},   {"egp", 8},        {"pup", 12},       {"udp", 17},
    {"idp", 22},  {"dccp", 33},      {"ipv6", 41},      {"ipv6-route", 43},
    {"ipv6-frag", 44}, {"rsvp", 46}, {"gre", 47},       {"esp", 50},
    {"ah", 51},   {"ipv6-icmp", 58}, {"icmpv6", 58},    {"ipv6-nonxt", 59},
    {"ipv6-opts", 60}, {"eigrp", 88}, {"ospf", 89},     {"ospfigp", 89},
    {"pim", 103}, {"ipcomp", 108},   {"vrrp", 112},     {"l2tp", 115},
    {"sctp", 132}, {"mpls-in-ip", 137}, {"udplite", 136},
};

static int lookup_protocol(const char *s, int *out) {
  if (*s == '\0') return XNET_EUNKNOWNNET;
  if (s[0] >= '0' && s[0] <= '9') {
    char *end;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || v < 0 || v > 255) return XNET_EUNKNOWNNET;
    *out = (int)v;
    return 0;
  }
  for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++) {
    if (strcmp(s, protocols[i].name) == 0) {
      *out = protocols[i].number;
      return 0;
    }
  }
  return XNET_EUNKNOWNNET;
}

static const struct {
  const char *name;
  xnet_kind kind;
  int family;
} networks[] = {
    {"tcp", XNET_KIND_TCP, XNET_AF_UNSPEC},
    {"tcp4", XNET_KIND_TCP, XNET_AF_INET},
    {"tcp6", XNET_KIND_TCP, XNET_AF_INET6},
    {"udp", XNET_KIND_UDP, XNET_AF_UNSPEC},
    {"udp4", XNET_KIND_UDP, XNET_AF_INET},
    {"udp6", XNET_KIND_UDP, XNET_AF_INET6},
    {"ip", XNET_KIND_IP, XNET_AF_UNSPEC},
    {"ip4", XNET_KIND_IP, XNET_AF_INET},
    {"ip6", XNET_KIND_IP, XNET_AF_INET6},
    {"unix", XNET_KIND_UNIX, XNET_AF_UNIX},
    {"unixgram", XNET_KIND_UNIXGRAM, XNET_AF_UNIX},
    {"unixpacket", XNET_KIND_UNIXPACKET, XNET_AF_UNIX},
    /* The SCTP layer's (xnet/sctp.h); sockets made by sctp_dial.c. */
    {"sctp", XNET_KIND_SCTP, XNET_AF_UNSPEC},
    {"sctp4", XNET_KIND_SCTP, XNET_AF_INET},
    {"sctp6", XNET_KIND_SCTP, XNET_AF_INET6},
};

int xnet_network_parse(const char *network, xnet_network *out) {
  return xnet__network_parse(network, true, out);
}

int xnet__network_parse(const char *network, bool needs_proto,
                        xnet_network *out) {
  memset(out, 0, sizeof *out);
  if (!network) return XNET_EINVAL;
  size_t len = strlen(network);
  if (len >= sizeof out->name) return XNET_EUNKNOWNNET;
  const char *colon = strchr(network, ':');
  size_t base_len = colon ? (size_t)(colon - network) : len;
  for (size_t i = 0; i < sizeof networks / sizeof networks[0]; i++) {
    if (strlen(networks[i].name) != base_len ||
        strncmp(network, networks[i].name, base_len) != 0)
      continue;
    xnet_network n = {networks[i].kind, networks[i].family, 0, {0}};
    if (n.kind == XNET_KIND_IP) {
      /* "ip" networks need a protocol to dial or listen ("ip4:icmp",
       * "ip6:58"); resolving takes one or none (Go's parseNetwork). */
      if (!colon ? needs_proto : lookup_protocol(colon + 1, &n.protocol) < 0)
        return XNET_EUNKNOWNNET;
    } else if (colon) {
      return XNET_EUNKNOWNNET;
    }
    memcpy(n.name, network, len + 1);
    *out = n;
    return 0;
  }
  return XNET_EUNKNOWNNET;
}

int xnet__sock_type(xnet_kind kind) {
  switch (kind) {
  case XNET_KIND_TCP:
  case XNET_KIND_UNIX:
    return XNET_SOCK_STREAM;
  case XNET_KIND_UDP:
  case XNET_KIND_UNIXGRAM:
    return XNET_SOCK_DGRAM;
  case XNET_KIND_IP:
    return XNET_SOCK_RAW;
  case XNET_KIND_UNIXPACKET:
    return XNET_SOCK_SEQPACKET;
  default:
    return 0;
  }
}
