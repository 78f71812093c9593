/* addr.c — xnet_addr: Go's Addr values, their text, and their backend form. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"

const char *xnet_addr_network(const xnet_addr *a) {
  switch (a ? a->kind : XNET_KIND_NONE) {
  case XNET_KIND_TCP: return "tcp";
  case XNET_KIND_UDP: return "udp";
  case XNET_KIND_IP: return "ip";
  case XNET_KIND_UNIX: return "unix";
  case XNET_KIND_UNIXGRAM: return "unixgram";
  case XNET_KIND_UNIXPACKET: return "unixpacket";
  case XNET_KIND_SCTP: return "sctp";
  case XNET_KIND_PIPE: return "pipe";
  default: return "";
  }
}

static bool is_unix(xnet_kind k) {
  return k == XNET_KIND_UNIX || k == XNET_KIND_UNIXGRAM ||
         k == XNET_KIND_UNIXPACKET;
}

int xnet_addr_format(const xnet_addr *a, char *buf, size_t cap) {
  if (!a || a->kind == XNET_KIND_NONE) return snprintf(buf, cap, "<nil>");
  if (is_unix(a->kind))
    return snprintf(buf, cap, "%.*s", (int)a->path_len, a->path);
  if (a->kind == XNET_KIND_PIPE) return snprintf(buf, cap, "pipe");
  /* Go prints a nil IP as "" inside host:port (":80"), "<nil>" alone. */
  char ip[XNET_IP_STRLEN] = "";
  if (a->ip.len != 0) xnet_ip_format(&a->ip, ip, sizeof ip);
  if (a->kind == XNET_KIND_IP)
    return snprintf(buf, cap, "%s", a->ip.len ? ip : "<nil>");
  char port[8];
  int pn = snprintf(port, sizeof port, "%u", (unsigned)a->port);
  return xnet_hostport_join(ip, strlen(ip), port, (size_t)pn, buf, cap);
}

/* An IPv4 address (4-byte, mapped, or nil: Go's family() says AF_INET). */
static bool ip_is_v4_or_nil(const xnet_ip *ip) {
  xnet_ip v4;
  return ip->len == 0 || xnet_ip_to4(ip, &v4) == 0;
}

static bool ip_is_wildcard(const xnet_ip *ip) {
  return ip->len == 0 || xnet_ip_is_unspecified(ip);
}

int xnet__addr_family(const xnet_network *n, const xnet_addr *laddr,
                      const xnet_addr *raddr) {
  if (n->family != XNET_AF_UNSPEC) return n->family;
  /* Go's favoriteAddrFamily: a passive wildcard listens dual-stack on
   * IPv6; otherwise IPv4 when every given address is IPv4. */
  if (!raddr && (!laddr || ip_is_wildcard(&laddr->ip))) return XNET_AF_INET6;
  if ((!laddr || ip_is_v4_or_nil(&laddr->ip)) &&
      (!raddr || ip_is_v4_or_nil(&raddr->ip)))
    return XNET_AF_INET;
  return XNET_AF_INET6;
}

/* The interface index of a zone: a number, or an interface name. */
static int zone_index(xnet_stack *s, const char *zone, uint32_t *out) {
  *out = 0;
  if (zone[0] == '\0') return 0;
  char *end;
  unsigned long v = strtoul(zone, &end, 10);
  if (*end == '\0') {
    *out = (uint32_t)v;
    return 0;
  }
  int index = s->ops.zone_index(s->inst, zone);
  if (index < 0) return index == XNET_ENOTSUP ? XNET_EBADADDR : index;
  *out = (uint32_t)index;
  return 0;
}

int xnet__addr_to_sockaddr(xnet_stack *s, const xnet_addr *a, int family,
                           xnet_sockaddr *out) {
  /* All but the path, which holds path_len bytes: a write's destination is
   * converted on every datagram. */
  memset(out, 0, offsetof(xnet_sockaddr, path));
  out->family = (uint8_t)family;
  if (family == XNET_AF_UNIX) {
    if (!a) return 0;
    if (a->path_len > sizeof out->path) return XNET_EINVAL;
    memcpy(out->path, a->path, a->path_len);
    out->path_len = a->path_len;
    /* Go writes a Linux abstract name with a leading '@'. */
    if (out->path_len > 0 && out->path[0] == '@') out->path[0] = '\0';
    return 0;
  }
  out->port = a ? a->port : 0;
  xnet_ip ip = a ? a->ip : (xnet_ip){0};
  if (family == XNET_AF_INET) {
    if (ip.len == 0) {
      xnet_ip_from4((const uint8_t[4]){0, 0, 0, 0}, &out->ip);
      return 0;
    }
    return xnet_ip_to4(&ip, &out->ip) == 0 ? 0 : XNET_ENOSUITABLEADDR;
  }
  if (ip.len == 0) {
    xnet_ip_from16((const uint8_t[16]){0}, &out->ip);
    return 0;
  }
  if (xnet_ip_to16(&ip, &out->ip) != 0) return XNET_ENOSUITABLEADDR;
  out->ip.zone[0] = '\0';
  return zone_index(s, ip.zone, &out->scope_id);
}

void xnet__addr_from_sockaddr(xnet_stack *s, xnet_kind kind,
                              const xnet_sockaddr *sa, xnet_addr *out) {
  memset(out, 0, sizeof *out);
  if (sa->family == XNET_AF_UNSPEC) return;
  out->kind = kind;
  if (sa->family == XNET_AF_UNIX) {
    out->path_len = sa->path_len;
    memcpy(out->path, sa->path, sa->path_len);
    if (out->path_len > 0 && out->path[0] == '\0') out->path[0] = '@';
    return;
  }
  out->port = sa->port;
  out->ip = sa->ip;
  out->ip.zone[0] = '\0';
  if (sa->family == XNET_AF_INET6 && sa->scope_id != 0) {
    /* Go names the zone by interface when it can, else by number. */
    char name[64];
    if (sa->scope_id > INT32_MAX ||
        s->ops.zone_name(s->inst, (int)sa->scope_id, name, sizeof name) < 0)
      snprintf(name, sizeof name, "%u", (unsigned)sa->scope_id);
    /* Names longer than a zone holds keep their first bytes. */
    snprintf(out->ip.zone, sizeof out->ip.zone, "%.*s",
             (int)(sizeof out->ip.zone - 1), name);
  }
}
