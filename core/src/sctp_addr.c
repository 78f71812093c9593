/* sctp_addr.c — SCTP endpoint addresses (Go's SCTPAddr): text, resolution
 * and the conversions to and from the backend's sockaddrs. */
#include <stdio.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"
#include "xnet/lookup.h"

bool xnet__sctp_network(const char *network) {
  return network && (strcmp(network, "sctp") == 0 ||
                     strcmp(network, "sctp4") == 0 ||
                     strcmp(network, "sctp6") == 0);
}

int xnet_sctp_endpoint_format(const xnet_sctp_endpoint *a, char *buf,
                              size_t cap) {
  if (!a) return snprintf(buf, cap, "<nil>");
  size_t n = a->count < XNET_SCTP_ENDPOINT_MAX ? a->count
                                               : XNET_SCTP_ENDPOINT_MAX;
  return xnet_sctp_addr_format(a->ips, n, a->port, buf, cap);
}

int xnet_sctp_endpoint_to_addr(const xnet_sctp_endpoint *a, size_t i,
                               xnet_addr *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!a || !out || a->count > XNET_SCTP_ENDPOINT_MAX) return XNET_EINVAL;
  if (i >= a->count && !(i == 0 && a->count == 0)) return XNET_EINVAL;
  out->kind = XNET_KIND_SCTP;
  out->port = a->port;
  if (a->count > 0) out->ip = a->ips[i];
  return 0;
}

int xnet_sctp_endpoint_from_addr(const xnet_addr *a, xnet_sctp_endpoint *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!a || !out) return XNET_EINVAL;
  switch (a->kind) {
  case XNET_KIND_TCP:
  case XNET_KIND_UDP:
  case XNET_KIND_IP:
  case XNET_KIND_SCTP:
    break;
  default:
    return XNET_EINVAL;
  }
  out->port = a->port;
  if (a->ip.len != 0) {
    out->ips[0] = a->ip;
    out->count = 1;
  }
  return 0;
}

static bool is_v4(const xnet_ip *ip) {
  xnet_ip v4;
  return xnet_ip_to4(ip, &v4) == 0;
}

bool xnet__sctp_all_v4(const xnet_sctp_endpoint *e) {
  for (size_t i = 0; e && i < e->count; i++)
    if (e->ips[i].len != 0 && !is_v4(&e->ips[i])) return false;
  return true;
}

/* The network's family filter (Go: "no suitable address" for an IPv6
 * address on sctp4 and the reverse). */
static int check_family(const xnet_network *n, const xnet_ip *ip) {
  if (ip->len == 0 || n->family == XNET_AF_UNSPEC) return 0;
  bool v4 = is_v4(ip);
  if ((n->family == XNET_AF_INET) != v4) return XNET_ENOSUITABLEADDR;
  return 0;
}

/* One host of the text: literal (with zone), empty (nil), or a name. */
static int resolve_host(xnet_stack *s, const xnet_network *n,
                        const char *host, size_t len, bool lookups,
                        xnet_ip *out) {
  memset(out, 0, sizeof *out);
  if (len == 0) return 0;
  if (xnet_ip_parse_zone(host, len, out) == 0) return check_family(n, out);
  if (!lookups) return XNET_EBADADDR;
  char name[256];
  if (len >= sizeof name) return XNET_ENOHOST;
  memcpy(name, host, len);
  name[len] = '\0';
  xnet_resolved r[16];
  int got = s->ops.resolve(s->inst, name, n->family, r, 16);
  if (got < 0) return got;
  if (got == 0) return XNET_ENOHOST;
  return xnet__resolved_pick(r, got > 16 ? 16 : got, n->family, out);
}

static int resolve_port(const char *p, size_t len, bool lookups,
                        uint16_t *port) {
  int rc = xnet_port_parse(p, len, port);
  if (rc != XNET_EBADFORMAT) return rc;
  if (!lookups) return XNET_EBADADDR;
  char service[64];
  if (len >= sizeof service) return XNET_EUNKNOWNPORT;
  memcpy(service, p, len);
  service[len] = '\0';
  /* Go's package resolves services as TCP ones. */
  return xnet_lookup_port("tcp", service, port);
}

/* The slow path: the text names hosts or a service. Mirrors the codec's
 * rules (xnet_sctp_addr_parse): '/'-separated hosts, the last with the
 * port; an empty last host means no addresses. */
static int resolve_names(xnet_stack *s, const xnet_network *n, const char *a,
                         bool lookups, xnet_sctp_endpoint *out,
                         const char **bad_host, size_t *bad_len) {
  size_t len = strlen(a), start = 0, k = 0;
  for (;;) {
    const char *slash = memchr(a + start, '/', len - start);
    size_t end = slash ? (size_t)(slash - a) : len;
    const char *h = a + start;
    size_t hl = end - start;
    int rc;
    if (!slash) {
      xnet_hostport hp;
      if ((rc = xnet_hostport_split(h, hl, &hp)) < 0) return rc;
      if ((rc = resolve_port(hp.port, hp.port_len, lookups, &out->port)) < 0)
        return rc;
      if (hp.host_len == 0) { /* ":port": every local address */
        memset(out->ips, 0, sizeof out->ips);
        out->count = 0;
        return 0;
      }
      h = hp.host;
      hl = hp.host_len;
    } else if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
      h++;
      hl -= 2;
    }
    if (k >= XNET_SCTP_ENDPOINT_MAX) return XNET_ENOBUFS;
    if ((rc = resolve_host(s, n, h, hl, lookups, &out->ips[k])) < 0) {
      *bad_host = h;
      *bad_len = hl;
      return rc;
    }
    k++;
    out->count = k;
    if (!slash) return 0;
    start = end + 1;
  }
}

int xnet__sctp_resolve(xnet_stack *s, const xnet_network *n,
                       const char *address, bool lookups,
                       xnet_sctp_endpoint *out, bool *needs_lookup,
                       const char **bad_host, size_t *bad_len) {
  const char *bh = NULL;
  size_t bl = 0;
  memset(out, 0, sizeof *out);
  if (needs_lookup) *needs_lookup = false;
  if (bad_host) *bad_host = NULL;
  if (bad_len) *bad_len = 0;
  if (!address) return XNET_EINVAL;
  size_t count = 0;
  int rc = xnet_sctp_addr_parse(address, strlen(address), out->ips,
                                XNET_SCTP_ENDPOINT_MAX, &count, &out->port);
  if (rc == 0) {
    out->count = count;
    for (size_t i = 0; i < count; i++)
      if ((rc = check_family(n, &out->ips[i])) < 0) break;
    if (rc < 0) memset(out, 0, sizeof *out);
    return rc;
  }
  /* A name or a service name: the literal parser stops there. */
  if (rc != XNET_EBADADDR && rc != XNET_EBADFORMAT) return rc;
  if (needs_lookup) *needs_lookup = true;
  rc = resolve_names(s, n, address, lookups, out, &bh, &bl);
  if (rc < 0) {
    memset(out, 0, sizeof *out);
    if (bad_host) *bad_host = bh;
    if (bad_len) *bad_len = bl;
  }
  return rc;
}

int xnet_sctp_resolve_addr(xnet_stack *s, const char *network,
                           const char *address, xnet_sctp_endpoint *out) {
  if (out) memset(out, 0, sizeof *out);
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc == 0 && n.kind != XNET_KIND_SCTP) rc = XNET_EUNKNOWNNET;
  if (rc < 0) return xnet__fail_text("resolve", network, "", rc);
  if (!address || !out)
    return xnet__fail("resolve", network, NULL, NULL, XNET_EINVAL);
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("resolve", network, NULL, NULL, rc);
  const char *host;
  size_t host_len;
  rc = xnet__sctp_resolve(s, &n, address, true, out, NULL, &host, &host_len);
  if (rc < 0) return xnet__fail_resolve(network, address, host, host_len, rc);
  return 0;
}

int xnet__sctp_sockaddr(xnet_stack *s, const xnet_ip *ip, uint16_t port,
                        int family, xnet_sockaddr *out) {
  int fam = family;
  if (fam == XNET_AF_UNSPEC)
    fam = ip->len == 0 || is_v4(ip) ? XNET_AF_INET : XNET_AF_INET6;
  xnet_addr a = {0};
  a.kind = XNET_KIND_SCTP;
  a.ip = *ip;
  a.port = port;
  return xnet__addr_to_sockaddr(s, &a, fam, out);
}

void xnet__sctp_endpoint_from(xnet_stack *s, const xnet_sockaddr *sa,
                              size_t n, xnet_sctp_endpoint *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < n && out->count < XNET_SCTP_ENDPOINT_MAX; i++) {
    if (sa[i].family != XNET_AF_INET && sa[i].family != XNET_AF_INET6)
      continue;
    xnet_addr a;
    xnet__addr_from_sockaddr(s, XNET_KIND_SCTP, &sa[i], &a);
    if (out->count == 0) out->port = a.port;
    /* The kernel reports IPv4 addresses of an IPv6 socket mapped: Go
     * shows them as IPv4, and so does the 4-byte form. */
    xnet_ip v4;
    if (a.ip.len == 16 && xnet_ip_to4(&a.ip, &v4) == 0) a.ip = v4;
    out->ips[out->count++] = a.ip;
  }
}

uint32_t xnet_sctp_htonl(uint32_t v) {
  const uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
                        (uint8_t)(v >> 8), (uint8_t)v};
  uint32_t r;
  memcpy(&r, b, 4);
  return r;
}

uint32_t xnet_sctp_ntohl(uint32_t v) { return xnet_sctp_htonl(v); }

uint16_t xnet_sctp_htons(uint16_t v) {
  const uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
  uint16_t r;
  memcpy(&r, b, 2);
  return r;
}

uint16_t xnet_sctp_ntohs(uint16_t v) { return xnet_sctp_htons(v); }
