/* interfaces.c — what the BSDs add to getifaddrs' list: the hardware
 * address, from the AF_LINK entry of each interface (a struct sockaddr_dl:
 * sdl_alen address bytes after sdl_nlen name bytes, LLADDR), and the MTU,
 * from the SIOCGIFMTU ioctl. */
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sockio.h>

#include "bsd_host.h"

#if XNET_BSD_HAS_GETIFMADDRS
/* maddrs.c walks struct ifmaddrs as xnet_bsd_ifmaddrs. */
#include <stddef.h>
_Static_assert(sizeof(struct ifmaddrs) == sizeof(xnet_bsd_ifmaddrs) &&
                   offsetof(struct ifmaddrs, ifma_next) ==
                       offsetof(xnet_bsd_ifmaddrs, next) &&
                   offsetof(struct ifmaddrs, ifma_name) ==
                       offsetof(xnet_bsd_ifmaddrs, name) &&
                   offsetof(struct ifmaddrs, ifma_addr) ==
                       offsetof(xnet_bsd_ifmaddrs, addr) &&
                   offsetof(struct ifmaddrs, ifma_lladdr) ==
                       offsetof(xnet_bsd_ifmaddrs, lladdr),
               "struct ifmaddrs differs from xnet_bsd_ifmaddrs");
_Static_assert(AF_LINK == 18, "AF_LINK differs from maddrs.c");
#endif

/* Like Go, an all-zero address (loopback) is no address. */
static void hwaddr(const struct ifaddrs *list, xnet_backend_interface *o) {
  for (const struct ifaddrs *e = list; e; e = e->ifa_next) {
    if (!e->ifa_name || !e->ifa_addr || e->ifa_addr->sa_family != AF_LINK ||
        strcmp(e->ifa_name, o->name) != 0)
      continue;
    const struct sockaddr_dl *dl = (const struct sockaddr_dl *)e->ifa_addr;
    size_t len = dl->sdl_alen;
    if (len > sizeof o->hwaddr) len = sizeof o->hwaddr;
    /* LLADDR(dl), without its cast away of const. */
    const uint8_t *a = (const uint8_t *)dl->sdl_data + dl->sdl_nlen;
    size_t nonzero = 0;
    for (size_t i = 0; i < len; i++) nonzero |= a[i];
    if (!nonzero) return;
    memcpy(o->hwaddr, a, len);
    o->hwaddr_len = (uint8_t)len;
    return;
  }
}

void xnet__bsd_interfaces_fill(const xnet_posix *p, const struct ifaddrs *list,
                               xnet_backend_interface *out, size_t n) {
  int fd = p->sys.socket(AF_INET, SOCK_DGRAM | p->host->sock_flags, 0);
  if (fd < 0) fd = p->sys.socket(AF_UNIX, SOCK_DGRAM | p->host->sock_flags, 0);
  for (size_t i = 0; i < n; i++) {
    hwaddr(list, &out[i]);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    size_t len = strlen(out[i].name);
    if (len >= sizeof ifr.ifr_name) continue;
    memcpy(ifr.ifr_name, out[i].name, len);
    if (fd >= 0 && p->sys.ioctl(fd, SIOCGIFMTU, &ifr) == 0)
      out[i].mtu = ifr.ifr_mtu;
  }
  if (fd >= 0) p->sys.close(fd);
}
