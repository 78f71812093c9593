/* resolve.c — address strings to xnet_addr (Go's Resolve*Addr). Literal
 * addresses and numeric ports are parsed here; host names go through the
 * stack's resolver op and service names through xnet_lookup_port. */
#include <stdio.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"

int xnet__resolved_pick(const xnet_resolved *r, int n, int family,
                        xnet_ip *out) {
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < n; i++) {
      xnet_ip v4;
      bool is4 = xnet_ip_to4(&r[i].ip, &v4) == 0;
      bool ok = family == XNET_AF_INET    ? is4
                : family == XNET_AF_INET6 ? !is4
                : pass == 0               ? is4
                                          : true;
      if (ok) {
        *out = r[i].ip;
        return 0;
      }
    }
    if (family != XNET_AF_UNSPEC) break;
  }
  return XNET_ENOSUITABLEADDR;
}

/* Resolves a host (literal, possibly zoned, or a name) for the family. */
static int resolve_host(xnet_stack *s, const char *host, size_t n, int family,
                        xnet_ip *out) {
  memset(out, 0, sizeof *out);
  if (n == 0) return 0; /* wildcard: Go's nil IP */
  if (xnet_ip_parse_zone(host, n, out) == 0) {
    xnet_ip v4;
    bool is4 = xnet_ip_to4(out, &v4) == 0;
    if ((family == XNET_AF_INET && !is4) || (family == XNET_AF_INET6 && is4))
      return XNET_ENOSUITABLEADDR;
    return 0;
  }
  char name[256];
  if (n >= sizeof name) return XNET_ENOHOST;
  memcpy(name, host, n);
  name[n] = '\0';
  xnet_resolved r[16];
  int got = s->ops.resolve(s->inst, name, family, r, sizeof r / sizeof r[0]);
  if (got < 0) return got;
  if (got == 0) return XNET_ENOHOST;
  if (got > 16) got = 16;
  return xnet__resolved_pick(r, got, family, out);
}

/* A failed name lookup, as Go words it: "lookup HOST". */
static bool is_lookup_failure(int code) {
  return code == XNET_ENOHOST || code == XNET_ETIMEDOUT ||
         code == XNET_ECANCELED || code == XNET_EAGAIN;
}

int xnet__fail_resolve(const char *network, const char *address,
                       const char *host, size_t host_len, int code) {
  char detail[160];
  if (is_lookup_failure(code) && host_len > 0)
    snprintf(detail, sizeof detail, "lookup %.*s", (int)host_len, host);
  else
    snprintf(detail, sizeof detail, "address %s", address);
  return xnet__fail_text("resolve", network, detail, code);
}

static int fail_addr(const char *network, const char *address, int code) {
  return xnet__fail_resolve(network, address, NULL, 0, code);
}

int xnet_resolve_addr(xnet_stack *s, const char *network, const char *address,
                      xnet_addr *out) {
  memset(out, 0, sizeof *out);
  xnet_network n;
  int rc = xnet__network_parse(network, false, &n);
  if (rc < 0) return xnet__fail_text("resolve", network, "", rc);
  if (!address) return xnet__fail("resolve", network, NULL, NULL, XNET_EINVAL);
  if (n.kind == XNET_KIND_UNIX || n.kind == XNET_KIND_UNIXGRAM ||
      n.kind == XNET_KIND_UNIXPACKET) {
    size_t len = strlen(address);
    if (len > XNET_UNIX_PATH_MAX) return fail_addr(network, address, XNET_EINVAL);
    out->kind = n.kind;
    out->path_len = (uint16_t)len;
    memcpy(out->path, address, len);
    return 0;
  }
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("resolve", network, NULL, NULL, rc);
  const char *host = address;
  size_t host_len = strlen(address);
  uint16_t port = 0;
  if (n.kind != XNET_KIND_IP) {
    xnet_hostport hp;
    rc = xnet_hostport_split(address, strlen(address), &hp);
    if (rc < 0) return fail_addr(network, address, rc);
    host = hp.host;
    host_len = hp.host_len;
    rc = xnet_port_parse(hp.port, hp.port_len, &port);
    if (rc == XNET_EBADFORMAT) {
      char service[64];
      if (hp.port_len >= sizeof service)
        return fail_addr(network, address, XNET_EUNKNOWNPORT);
      memcpy(service, hp.port, hp.port_len);
      service[hp.port_len] = '\0';
      rc = xnet_lookup_port(n.kind == XNET_KIND_UDP ? "udp" : "tcp", service,
                            &port);
    }
    if (rc < 0) return fail_addr(network, address, rc);
  }
  xnet_ip ip;
  rc = resolve_host(s, host, host_len, n.family, &ip);
  if (rc < 0) return xnet__fail_resolve(network, address, host, host_len, rc);
  out->kind = n.kind;
  out->ip = ip;
  out->port = port;
  return 0;
}
