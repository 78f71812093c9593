/* resolve_list.c — every address of a host, for a dial that tries them all
 * (Go's resolveAddrList), next to xnet_resolve_addr, which keeps one.
 *
 * Only a host name can have several addresses: literal and empty hosts go
 * through xnet_resolve_addr unchanged. For a name, the port (number or
 * service) is resolved by xnet_resolve_addr too, with the host left empty,
 * so ports behave exactly as there; then the stack's resolver gives the
 * name's addresses for the network's family, in its order (getaddrinfo
 * sorts by RFC 6724, as Go's resolver does), under the dial's deadline and
 * canceler (xnet_lookup_ip_ctx). */
#include <stdio.h>
#include <string.h>

#include "dial_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"
#include "xnet/lookup.h"

int xnet__resolve_list(xnet_stack *s, const char *network,
                       const char *address, int64_t deadline,
                       xnet_canceler *cancel, xnet_addr *out, size_t cap,
                       size_t *count) {
  *count = 0;
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc < 0 || !address || cap == 0 ||
      (n.kind != XNET_KIND_TCP && n.kind != XNET_KIND_UDP)) {
    /* Nothing to list: xnet_resolve_addr decides (and records). */
    rc = xnet_resolve_addr(s, network, address, out);
    *count = rc == 0;
    return rc;
  }
  xnet_hostport hp;
  xnet_ip literal;
  if (xnet_hostport_split(address, strlen(address), &hp) < 0 ||
      hp.host_len == 0 ||
      xnet_ip_parse_zone(hp.host, hp.host_len, &literal) == 0) {
    rc = xnet_resolve_addr(s, network, address, out);
    *count = rc == 0;
    return rc;
  }
  char port_only[80];
  if (hp.port_len + 2 > sizeof port_only)
    return xnet__fail_resolve(network, address, NULL, 0, XNET_EUNKNOWNPORT);
  snprintf(port_only, sizeof port_only, ":%.*s", (int)hp.port_len, hp.port);
  xnet_addr first;
  if ((rc = xnet_resolve_addr(s, network, port_only, &first)) < 0)
    return xnet__fail_resolve(network, address, NULL, 0, rc);
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("resolve", network, NULL, NULL, rc);
  char name[256];
  if (hp.host_len >= sizeof name)
    return xnet__fail_resolve(network, address, hp.host, hp.host_len, XNET_ENOHOST);
  memcpy(name, hp.host, hp.host_len);
  name[hp.host_len] = '\0';
  xnet_ip ips[XNET__DIAL_MAX_ADDRS];
  size_t got = 0;
  rc = xnet_lookup_ip_ctx(s, name, deadline, cancel, ips,
                          XNET__DIAL_MAX_ADDRS, &got);
  if (rc < 0) return xnet__fail_resolve(network, address, name, strlen(name), rc);
  if (got > XNET__DIAL_MAX_ADDRS) got = XNET__DIAL_MAX_ADDRS;
  /* Keep the network's family only ("tcp4" takes the IPv4 answers). */
  size_t kept = 0;
  for (size_t i = 0; i < got && kept < cap; i++) {
    xnet_ip v4;
    bool is4 = xnet_ip_to4(&ips[i], &v4) == 0;
    if ((n.family == XNET_AF_INET && !is4) || (n.family == XNET_AF_INET6 && is4))
      continue;
    out[kept] = first;
    out[kept].ip = is4 ? v4 : ips[i];
    kept++;
  }
  if (kept == 0)
    return xnet__fail_resolve(network, address, NULL, 0, XNET_ENOSUITABLEADDR);
  *count = kept;
  return 0;
}
