/* maddrs.c — ops->multicast_addrs (Go's Interface.MulticastAddrs) from
 * getifmaddrs(3), which FreeBSD (since 5.2) and Darwin have
 * (getifmaddrs(3): "get multicast group memberships"; one struct ifmaddrs
 * per membership, ifma_name the interface's sockaddr_dl, ifma_addr the
 * group). NetBSD, OpenBSD and DragonFly have no getifmaddrs: XNET_ENOTSUP
 * there (Go returns an empty list on those three; xnet says plainly that
 * it cannot tell).
 *
 * The list is walked through xnet_bsd_ifmaddrs (bsd_int.h) and the
 * sockaddrs are read as bytes in the flavour's layout (sa_len byte,
 * family byte; AF_INET 2, AF_INET6 and sdl_index from the profile), so the
 * walk is the same code on Linux under test. Entries of other families
 * (AF_LINK: the link-layer groups) are skipped. IPv4 groups come first,
 * then IPv6, as ops->multicast_addrs promises. A KAME kernel embeds the
 * interface index in bytes 2-3 of interface- and link-local groups
 * (ff01::/16, ff02::/16); those bytes are cleared, as x/net/route does. */
#include <string.h>

#include "bsd_int.h"
#include "xnet/cmsg.h"
#include "xnet/sockopt_table.h"

/* AF_LINK in sys/socket.h of FreeBSD, NetBSD, OpenBSD, DragonFly, Darwin. */
enum { BSD_AF_LINK = 18 };

/* The interface index of an ifma_name sockaddr_dl, or -1. */
static int link_index(const xnet_profile *pr, const uint8_t *sdl) {
  size_t off = pr->cmsg->sdl_index_off;
  if (!sdl || sdl[1] != BSD_AF_LINK || sdl[0] < off + 2) return -1;
  return xnet_profile_get_u16(pr, sdl + off);
}

/* The group of an ifma_addr of family (AF_INET: want 4, else 16), or 0. */
static int group_of(const xnet_profile *pr, const uint8_t *sa, int want4,
                    xnet_ip *ip) {
  if (!sa) return 0;
  int family = want4 ? pr->sockopt->af_inet : pr->sockopt->af_inet6;
  size_t off = want4 ? 4 : 8, len = want4 ? 4 : 16;
  if (sa[1] != family || sa[0] < off + len) return 0;
  memset(ip, 0, sizeof *ip);
  memcpy(ip->bytes, sa + off, len);
  ip->len = (uint8_t)len;
  if (!want4 && ip->bytes[0] == 0xff &&
      ((ip->bytes[1] & 0x0f) == 1 || (ip->bytes[1] & 0x0f) == 2))
    ip->bytes[2] = ip->bytes[3] = 0;
  return 1;
}

int xnet__bsd_multicast_addrs(void *inst, int index, xnet_ip *out,
                              size_t cap) {
  xnet_bsd *b = inst;
  if (index < 0) return XNET_EINVAL;
  if (!b->flavour->has_getifmaddrs || !b->posix.sys.getifmaddrs)
    return XNET_ENOTSUP;
  const xnet_profile *pr = b->flavour->profile;
  struct ifmaddrs *list = NULL;
  if (b->posix.sys.getifmaddrs(&list) < 0) return xnet__posix_err(errno);
  size_t total = 0;
  for (int want4 = 1; want4 >= 0; want4--)
    for (const void *node = list; node;) {
      xnet_bsd_ifmaddrs e;
      memcpy(&e, node, sizeof e);
      node = e.next;
      xnet_ip ip;
      if (index != 0 && link_index(pr, e.name) != index) continue;
      if (!group_of(pr, e.addr, want4, &ip)) continue;
      if (total < cap) out[total] = ip;
      total++;
    }
  if (b->posix.sys.freeifmaddrs) b->posix.sys.freeifmaddrs(list);
  return total > INT32_MAX ? INT32_MAX : (int)total;
}
