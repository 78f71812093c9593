/* interfaces.c — what Linux adds to getifaddrs' list: the hardware
 * address, from the AF_PACKET entry glibc adds per interface (a struct
 * sockaddr_ll), and the MTU, from the SIOCGIFMTU ioctl. */
#define _GNU_SOURCE
#include <ifaddrs.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "linux_int.h"

/* Copies the link-layer address of the AF_PACKET entry of name; like Go,
 * an all-zero address (loopback) is no address. */
static void hwaddr(const struct ifaddrs *list, xnet_backend_interface *o) {
  for (const struct ifaddrs *e = list; e; e = e->ifa_next) {
    if (!e->ifa_name || !e->ifa_addr || e->ifa_addr->sa_family != AF_PACKET ||
        strcmp(e->ifa_name, o->name) != 0)
      continue;
    struct sockaddr_ll ll;
    memcpy(&ll, e->ifa_addr, sizeof ll);
    size_t len = ll.sll_halen;
    if (len > sizeof ll.sll_addr) len = sizeof ll.sll_addr;
    size_t nonzero = 0;
    for (size_t i = 0; i < len; i++) nonzero |= ll.sll_addr[i];
    if (!nonzero) return;
    memcpy(o->hwaddr, ll.sll_addr, len);
    o->hwaddr_len = (uint8_t)len;
    return;
  }
}

void xnet__linux_interfaces_fill(const xnet_posix *p,
                                 const struct ifaddrs *list,
                                 xnet_backend_interface *out, size_t n) {
  /* Any socket reaches the device ioctls; a datagram one is cheapest. */
  int fd = p->sys.socket(AF_INET, SOCK_DGRAM | p->host->sock_flags, 0);
  if (fd < 0) fd = p->sys.socket(AF_UNIX, SOCK_DGRAM | p->host->sock_flags, 0);
  for (size_t i = 0; i < n; i++) {
    hwaddr(list, &out[i]);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    size_t len = strlen(out[i].name);
    if (len >= sizeof ifr.ifr_name) continue; /* no such device name */
    memcpy(ifr.ifr_name, out[i].name, len);
    if (fd >= 0 && p->sys.ioctl(fd, SIOCGIFMTU, &ifr) == 0)
      out[i].mtu = ifr.ifr_mtu;
  }
  if (fd >= 0) p->sys.close(fd);
}
