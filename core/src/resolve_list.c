/* resolve_list.c — every address of a host, for a dial that tries them all
 * (Go's resolveAddrList), next to xnet_resolve_addr, which keeps one.
 *
 * Only a host name can have several addresses: literal and empty hosts go
 * through xnet_resolve_addr unchanged. For a name, the port (number or
 * service) is resolved by xnet_resolve_addr too, with the host left empty,
 * so ports behave exactly as there; then the stack's resolver gives the
 * name's addresses for the network's family, in its order (getaddrinfo
 * sorts by RFC 6724, as Go's resolver does). */
#include <stdio.h>
#include <string.h>

#include "dial_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"

/* Re-records a failure with the whole address, as resolve.c words it. */
static int fail_addr(const char *network, const char *address, int code) {
  char detail[160];
  snprintf(detail, sizeof detail, "%s %s",
           code == XNET_ENOHOST ? "lookup" : "address", address);
  return xnet__fail_text("resolve", network, detail, code);
}

int xnet__resolve_list(xnet_stack *s, const char *network,
                       const char *address, xnet_addr *out, size_t cap,
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
    return fail_addr(network, address, XNET_EUNKNOWNPORT);
  snprintf(port_only, sizeof port_only, ":%.*s", (int)hp.port_len, hp.port);
  xnet_addr first;
  if ((rc = xnet_resolve_addr(s, network, port_only, &first)) < 0)
    return fail_addr(network, address, rc);
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("resolve", network, NULL, NULL, rc);
  char name[256];
  if (hp.host_len >= sizeof name)
    return fail_addr(network, address, XNET_ENOHOST);
  memcpy(name, hp.host, hp.host_len);
  name[hp.host_len] = '\0';
  xnet_resolved r[XNET__DIAL_MAX_ADDRS];
  int got = s->ops.resolve(s->inst, name, n.family, r,
                           sizeof r / sizeof r[0]);
  if (got == 0) got = XNET_ENOHOST;
  if (got < 0) return fail_addr(network, address, got);
  size_t kept = (size_t)got < XNET__DIAL_MAX_ADDRS ? (size_t)got
                                                   : XNET__DIAL_MAX_ADDRS;
  if (kept > cap) kept = cap;
  for (size_t i = 0; i < kept; i++) {
    out[i] = first;
    out[i].ip = r[i].ip;
  }
  *count = kept;
  return 0;
}
