/* ipv6_cmsg.c — x/net/ipv6 ControlMessage: space, marshal, parse, format.
 *
 * Message numbers, geometry and the sockaddr_in6 layout come from the
 * profile's ipv6 rows (xnet/cmsg.h); the payloads are RFC 3542's.
 */
#include "xnet/ipv6_cmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xnet/address.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"

/* Byte offsets inside struct sockaddr_in6, the same on every flavour
 * (Linux: u16 family; BSDs: u8 len, u8 family), and inside in6_pktinfo
 * and ip6_mtuinfo (RFC 3542). */
enum {
  SIN6_SIZE = 28,
  SIN6_ADDR = 8,
  SIN6_SCOPE_ID = 24,
  PKTINFO6_IFINDEX = 16,
  MTUINFO_MTU = 28
};

/* The flags a received control answers (what was asked to get it). */
static uint32_t ctl_flags(int ctl) {
  switch (ctl) {
  case XNET_CTL6_TCLASS: return XNET_IPV6_FLAG_TRAFFIC_CLASS;
  case XNET_CTL6_HOPLIMIT: return XNET_IPV6_FLAG_HOP_LIMIT;
  case XNET_CTL6_PKTINFO: return XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE;
  case XNET_CTL6_PATHMTU: return XNET_IPV6_FLAG_PATH_MTU;
  default: return 0; /* XNET_CTL6_NEXTHOP is never received */
  }
}

static int receivable(const xnet_cmsg_row *r) {
  return r->type != 0 && r->parse != XNET_CMSG_KIND_NONE;
}

static int sendable(const xnet_cmsg_row *r) {
  return r->type != 0 && r->marshal != XNET_CMSG_KIND_NONE;
}

/* Go's ip.To4() != nil for a 16-byte address: ::ffff:a.b.c.d. */
static int is_v4mapped(const uint8_t a[16]) {
  static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return memcmp(a, prefix, sizeof(prefix)) == 0;
}

size_t xnet_ipv6_cmsg_space(const xnet_profile *p, uint32_t flags) {
  if (p == NULL || p->cmsg == NULL) return 0;
  const xnet_cmsg_row *rows = p->cmsg->ipv6;
  int want[XNET_CTL6__MAX] = {0};
  want[XNET_CTL6_TCLASS] = (flags & XNET_IPV6_FLAG_TRAFFIC_CLASS) != 0;
  want[XNET_CTL6_HOPLIMIT] = (flags & XNET_IPV6_FLAG_HOP_LIMIT) != 0;
  want[XNET_CTL6_PKTINFO] =
      (flags & (XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE)) != 0;
  want[XNET_CTL6_PATHMTU] = (flags & XNET_IPV6_FLAG_PATH_MTU) != 0;
  size_t l = 0;
  for (int i = 0; i < XNET_CTL6__MAX; i++)
    if (want[i] && receivable(&rows[i])) l += xnet_cmsg_space(p, rows[i].len);
  return l;
}

/* struct sockaddr_in6 {[len,] family, port 0, flowinfo 0, addr, scope}. */
static void put_sockaddr_in6(const xnet_profile *p, uint8_t *d,
                             const uint8_t addr[16], uint32_t scope_id) {
  if (p->cmsg->sa_len_byte) {
    d[0] = SIN6_SIZE;
    d[1] = (uint8_t)p->cmsg->af_inet6;
  } else {
    xnet_profile_put_u16(p, d, p->cmsg->af_inet6);
  }
  memcpy(d + SIN6_ADDR, addr, 16);
  xnet_profile_put_u32(p, d + SIN6_SCOPE_ID, scope_id);
}

/* Writes the payload of a sending row (layout by kind); ctl says which
 * field an integer kind carries. */
static void encode(const xnet_profile *p, int ctl, const xnet_cmsg_row *r,
                   const xnet_ipv6_cmsg *in, uint8_t *d) {
  switch (r->marshal) {
  case XNET_CMSG_KIND_INT:
    xnet_profile_put_u32(p, d, ctl == XNET_CTL6_TCLASS ? in->traffic_class
                                                        : in->hop_limit);
    break;
  case XNET_CMSG_KIND_IN6_PKTINFO:
    if ((in->has & XNET_IPV6_FLAG_SRC) && !is_v4mapped(in->src))
      memcpy(d, in->src, 16);
    xnet_profile_put_u32(p, d + PKTINFO6_IFINDEX, in->ifindex);
    break;
  case XNET_CMSG_KIND_SOCKADDR_IN6:
    put_sockaddr_in6(p, d, in->next_hop, in->ifindex);
    break;
  default:
    break; /* no other kind sends IPv6 options (test_profile checks) */
  }
}

int xnet_ipv6_cmsg_marshal(const xnet_profile *p, const xnet_ipv6_cmsg *in,
                           uint8_t *buf, size_t cap, size_t *len) {
  if (len == NULL) return XNET_EINVAL;
  *len = 0;
  if (p == NULL || p->cmsg == NULL) return XNET_EINVAL;
  if (in == NULL) return 0;
  const xnet_cmsg_row *rows = p->cmsg->ipv6;
  /* Go's Marshal, in its order. */
  int want[XNET_CTL6__MAX] = {0};
  want[XNET_CTL6_TCLASS] = in->traffic_class != 0;
  want[XNET_CTL6_HOPLIMIT] = in->hop_limit != 0;
  want[XNET_CTL6_PKTINFO] =
      ((in->has & XNET_IPV6_FLAG_SRC) && !is_v4mapped(in->src)) ||
      in->ifindex != 0;
  want[XNET_CTL6_NEXTHOP] =
      (in->has & XNET_IPV6_FLAG_NEXT_HOP) && !is_v4mapped(in->next_hop);
  size_t need = 0;
  for (int i = 0; i < XNET_CTL6__MAX; i++) {
    want[i] = want[i] && sendable(&rows[i]);
    if (want[i]) need += xnet_cmsg_space(p, rows[i].len);
  }
  if (need > cap || (need != 0 && buf == NULL)) {
    *len = need;
    return XNET_ENOBUFS;
  }
  size_t off = 0;
  for (int i = 0; i < XNET_CTL6__MAX; i++) {
    if (!want[i]) continue;
    size_t one;
    int rc = xnet_cmsg_header_put(p, buf + off, cap - off, &one, rows[i].level,
                                  rows[i].type, rows[i].len);
    if (rc != 0) return rc; /* cannot happen: need was checked */
    encode(p, i, &rows[i], in, buf + off + xnet_cmsg_len(p, 0));
    off += one;
  }
  *len = off;
  return 0;
}

/* The IPv6 row a received message belongs to, or -1 (skipped). */
static int find_row(const xnet_cmsg_abi *abi, const xnet_cmsg *m) {
  /* Type first: it tells rows apart; unsupported rows (type 0) are
   * excluded by their empty parse kind. */
  for (int i = 0; i < XNET_CTL6__MAX; i++) {
    const xnet_cmsg_row *r = &abi->ipv6[i];
    if (r->type == m->type && r->level == m->level &&
        r->parse != XNET_CMSG_KIND_NONE)
      return i;
  }
  return -1;
}

static void decode(const xnet_profile *p, int ctl, const xnet_cmsg_row *r,
                   const uint8_t *d, xnet_ipv6_cmsg *out) {
  switch (r->parse) {
  case XNET_CMSG_KIND_INT:
    if (ctl == XNET_CTL6_TCLASS)
      out->traffic_class = xnet_profile_get_u32(p, d);
    else
      out->hop_limit = xnet_profile_get_u32(p, d);
    out->has |= ctl_flags(ctl);
    break;
  case XNET_CMSG_KIND_IN6_PKTINFO:
    memcpy(out->dst, d, 16);
    out->ifindex = xnet_profile_get_u32(p, d + PKTINFO6_IFINDEX);
    out->has |= XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE;
    break;
  case XNET_CMSG_KIND_IP6_MTUINFO:
    /* Go's parsePathMTU: the sockaddr gives Dst and (scope id) IfIndex. */
    memcpy(out->dst, d + SIN6_ADDR, 16);
    out->ifindex = xnet_profile_get_u32(p, d + SIN6_SCOPE_ID);
    out->mtu = xnet_profile_get_u32(p, d + MTUINFO_MTU);
    out->has |= XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE |
                XNET_IPV6_FLAG_PATH_MTU;
    break;
  default:
    break; /* no other kind is received for IPv6 (test_profile checks) */
  }
}

int xnet_ipv6_cmsg_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                         xnet_ipv6_cmsg *out) {
  if (out == NULL) return XNET_EINVAL;
  memset(out, 0, sizeof(*out));
  if (p == NULL || p->cmsg == NULL) return XNET_EINVAL;
  const xnet_cmsg_abi *abi = p->cmsg;
  xnet_cmsg_iter it;
  xnet_cmsg m;
  int rc, truncated = 0;
  xnet_cmsg_iter_init(&it, p, b, n);
  while ((rc = xnet_cmsg_iter_next(&it, &m)) == 1) {
    int ctl = find_row(abi, &m);
    if (ctl < 0) continue;
    const xnet_cmsg_row *r = &abi->ipv6[ctl];
    if (m.len == r->len) {
      decode(p, ctl, r, m.data, out);
    } else if (m.len < r->len && it.off == it.n) {
      /* Linux truncates the last message in place: cut, not malformed. */
      out->cut |= ctl_flags(ctl);
      truncated = 1;
    } else {
      memset(out, 0, sizeof(*out));
      return XNET_EBADLEN;
    }
  }
  switch (rc) {
  case 0:
    return truncated ? XNET_ETRUNCATED : 0;
  case XNET_ETRUNCATED: { /* cmsg_len past the end: BSD truncation */
    int ctl = find_row(abi, &m);
    if (ctl >= 0) out->cut |= ctl_flags(ctl);
    return XNET_ETRUNCATED;
  }
  case XNET_ESHORT: /* a header cut short: which option is unknowable */
    return XNET_ETRUNCATED;
  default:
    memset(out, 0, sizeof(*out));
    return rc;
  }
}

/* Go's net.IP.String of a 16-byte address (the address codec's text:
 * IPv4-mapped dotted, RFC 5952 otherwise), "<nil>" for an absent one. */
static void format_ip6(char dst[XNET_IP_STRLEN], const uint8_t *a) {
  if (a == NULL) {
    snprintf(dst, XNET_IP_STRLEN, "<nil>");
    return;
  }
  xnet_ip ip;
  xnet_ip_from16(a, &ip);
  xnet_ip_format(&ip, dst, XNET_IP_STRLEN);
}

int xnet_ipv6_cmsg_format(const xnet_ipv6_cmsg *cm, char *buf, size_t cap) {
  if (cm == NULL) return snprintf(buf, cap, "<nil>");
  char src[XNET_IP_STRLEN], dst[XNET_IP_STRLEN], nh[XNET_IP_STRLEN];
  format_ip6(src, (cm->has & XNET_IPV6_FLAG_SRC) ? cm->src : NULL);
  format_ip6(dst, (cm->has & XNET_IPV6_FLAG_DST) ? cm->dst : NULL);
  format_ip6(nh, (cm->has & XNET_IPV6_FLAG_NEXT_HOP) ? cm->next_hop : NULL);
  return snprintf(buf, cap,
                  "tclass=0x%" PRIx32 " hoplim=%" PRIu32
                  " src=%s dst=%s ifindex=%" PRIu32 " nexthop=%s mtu=%" PRIu32,
                  cm->traffic_class, cm->hop_limit, src, dst, cm->ifindex, nh,
                  cm->mtu);
}
