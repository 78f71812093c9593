/* lookup.c — LookupIP, LookupHost and LookupAddr over the stack's resolver
 * ops. */
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/lookup.h"

/* Go's resolver returns at most what one answer holds; 64 addresses per
 * name is far beyond any /etc/hosts or DNS answer seen in practice. */
#define LOOKUP_MAX 64

/* Records Go's DNSError shape: "lookup NAME: cause". */
static int lookup_fail(const char *name, int code) {
  return xnet__fail_text("lookup", "", name, code);
}

int xnet_lookup_ip(xnet_stack *s, const char *host, xnet_ip *out, size_t cap,
                   size_t *count) {
  *count = 0;
  if (!host || !*host) return lookup_fail(host ? host : "", XNET_EINVAL);
  xnet_ip lit;
  if (xnet_ip_parse_zone(host, strlen(host), &lit) == 0) {
    if (cap > 0) out[0] = lit;
    *count = 1;
    return 0;
  }
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return lookup_fail(host, rc);
  xnet_resolved r[LOOKUP_MAX];
  rc = s->ops.resolve(s->inst, host, XNET_AF_UNSPEC, r, LOOKUP_MAX);
  if (rc == 0) rc = XNET_ENOHOST;
  if (rc < 0) return lookup_fail(host, rc);
  size_t n = (size_t)rc;
  for (size_t i = 0; i < n && i < cap; i++)
    if (xnet_ip_to16(&r[i].ip, &out[i]) != 0) out[i] = r[i].ip;
  *count = n;
  return 0;
}

int xnet_lookup_host(xnet_stack *s, const char *host,
                     char (*out)[XNET_IP_STRLEN], size_t cap, size_t *count) {
  xnet_ip ips[LOOKUP_MAX];
  int rc = xnet_lookup_ip(s, host, ips, LOOKUP_MAX, count);
  if (rc < 0) return rc;
  for (size_t i = 0; i < *count && i < cap; i++)
    xnet_ip_format(&ips[i], out[i], XNET_IP_STRLEN);
  return 0;
}

int xnet_lookup_addr(xnet_stack *s, const char *addr,
                     char (*out)[XNET_HOSTNAME_MAX], size_t cap,
                     size_t *count) {
  *count = 0;
  xnet_ip ip;
  if (!addr || xnet_ip_parse_zone(addr, strlen(addr), &ip) < 0)
    return lookup_fail(addr ? addr : "", XNET_EBADADDR);
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return lookup_fail(addr, rc);
  char name[XNET_HOSTNAME_MAX];
  rc = s->ops.reverse(s->inst, &ip, name, sizeof name);
  if (rc < 0) return lookup_fail(addr, rc);
  if (cap > 0) memcpy(out[0], name, (size_t)rc + 1);
  *count = 1;
  return 0;
}
