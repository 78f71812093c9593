/* interfaces.c — the interface list and interface addresses from
 * getifaddrs.
 *
 * getifaddrs gives one entry per (interface, address); an interface is
 * listed once, in the order of its first entry, with its index
 * (if_nametoindex) and flags as XNET_IFF_* bits (xnet/interface.h). The
 * hardware address and MTU come from the host's hook: Linux reads
 * AF_PACKET entries and SIOCGIFMTU, the BSDs AF_LINK entries. The
 * addresses are the AF_INET and AF_INET6 entries with their netmasks.
 * Nothing is allocated beyond getifaddrs' own list. */
#define _DEFAULT_SOURCE
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

#include "posix_int.h"
#include "xnet/interface.h"

static unsigned portable_flags(unsigned host) {
  unsigned f = 0;
  if (host & IFF_UP) f |= XNET_IFF_UP;
  if (host & IFF_BROADCAST) f |= XNET_IFF_BROADCAST;
  if (host & IFF_LOOPBACK) f |= XNET_IFF_LOOPBACK;
  if (host & IFF_POINTOPOINT) f |= XNET_IFF_POINTTOPOINT;
  if (host & IFF_MULTICAST) f |= XNET_IFF_MULTICAST;
  if (host & IFF_RUNNING) f |= XNET_IFF_RUNNING;
  return f;
}

/* Whether an entry before e names the same interface. */
static int seen_before(const struct ifaddrs *list, const struct ifaddrs *e) {
  for (const struct ifaddrs *i = list; i != e; i = i->ifa_next)
    if (i->ifa_name && strcmp(i->ifa_name, e->ifa_name) == 0) return 1;
  return 0;
}

int xnet__posix_interfaces(void *inst, xnet_backend_interface *out,
                           size_t cap) {
  xnet_posix *p = inst;
  struct ifaddrs *list = NULL;
  if (p->sys.getifaddrs(&list) < 0) return xnet__posix_err(errno);
  size_t total = 0;
  for (const struct ifaddrs *e = list; e; e = e->ifa_next) {
    if (!e->ifa_name || seen_before(list, e)) continue;
    if (total < cap) {
      xnet_backend_interface *o = &out[total];
      memset(o, 0, sizeof *o);
      size_t len = strlen(e->ifa_name);
      if (len >= sizeof o->name) len = sizeof o->name - 1;
      memcpy(o->name, e->ifa_name, len);
      o->index = (int)p->sys.if_nametoindex(e->ifa_name);
      o->flags = portable_flags(e->ifa_flags);
    }
    total++;
  }
  size_t filled = total < cap ? total : cap;
  if (p->host->interfaces_fill && filled > 0)
    p->host->interfaces_fill(p, list, out, filled);
  p->sys.freeifaddrs(list);
  return total > INT32_MAX ? INT32_MAX : (int)total;
}

/* The sockaddr of an address entry as an IP of family, or a zero-length
 * IP when it is missing or of another family (some BSD kernels report
 * netmasks with family 0 and a shortened length: those read as no mask
 * rather than past the entry). */
static xnet_ip entry_ip(const struct sockaddr *sa, int family) {
  xnet_sockaddr x;
  socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in)
                                    : sizeof(struct sockaddr_in6);
  if (!sa || sa->sa_family != family ||
      xnet__posix_sockaddr_from(sa, len, &x) < 0)
    return (xnet_ip){0};
  x.ip.zone[0] = '\0';
  return x.ip;
}

int xnet__posix_interface_addrs(void *inst, int index, xnet_ip_net *out,
                                size_t cap) {
  xnet_posix *p = inst;
  struct ifaddrs *list = NULL;
  if (p->sys.getifaddrs(&list) < 0) return xnet__posix_err(errno);
  size_t total = 0;
  const char *last_name = NULL;
  int last_index = 0;
  for (const struct ifaddrs *e = list; e; e = e->ifa_next) {
    if (!e->ifa_name || !e->ifa_addr ||
        (e->ifa_addr->sa_family != AF_INET &&
         e->ifa_addr->sa_family != AF_INET6))
      continue;
    /* Runs of entries share an interface: one index lookup per run. */
    if (!last_name || strcmp(last_name, e->ifa_name) != 0) {
      last_name = e->ifa_name;
      last_index = (int)p->sys.if_nametoindex(e->ifa_name);
    }
    if (index != 0 && last_index != index) continue;
    int family = e->ifa_addr->sa_family;
    xnet_ip ip = entry_ip(e->ifa_addr, family);
    if (ip.len == 0) continue;
    if (total < cap) {
      memset(&out[total], 0, sizeof out[total]);
      out[total].ip = ip;
      xnet_ip mask = entry_ip(e->ifa_netmask, family);
      memcpy(out[total].mask.bytes, mask.bytes, mask.len);
      out[total].mask.len = mask.len;
    }
    total++;
  }
  p->sys.freeifaddrs(list);
  return total > INT32_MAX ? INT32_MAX : (int)total;
}

int xnet__posix_zone_index(void *inst, const char *name) {
  xnet_posix *p = inst;
  unsigned index = p->sys.if_nametoindex(name);
  return index == 0 || index > INT32_MAX ? XNET_EBADADDR : (int)index;
}

int xnet__posix_zone_name(void *inst, int index, char *name, size_t cap) {
  xnet_posix *p = inst;
  char buf[IF_NAMESIZE];
  if (index <= 0 || !p->sys.if_indextoname((unsigned)index, buf))
    return XNET_EBADADDR;
  size_t n = strlen(buf);
  if (n >= cap) return XNET_ENOBUFS;
  memcpy(name, buf, n + 1);
  return (int)n;
}
