/* ipv4_cmsg.c — x/net/ipv4 ControlMessage: space, marshal, parse, format.
 *
 * Which messages exist, their numbers and payload layouts come from the
 * profile's ipv4 rows (xnet/cmsg.h); this file only knows how each payload
 * kind maps onto the fields, and Go's rules for what to send and which
 * receive buffer to size.
 */
#include "xnet/ipv4_cmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xnet/cmsg.h"
#include "xnet/error.h"

/* The flags a received control answers (what was asked to get it). */
static uint32_t ctl_flags(int ctl) {
  switch (ctl) {
  case XNET_CTL_TTL: return XNET_IPV4_FLAG_TTL;
  case XNET_CTL_TOS: return XNET_IPV4_FLAG_TOS;
  case XNET_CTL_DST: return XNET_IPV4_FLAG_DST;
  case XNET_CTL_INTERFACE: return XNET_IPV4_FLAG_INTERFACE;
  case XNET_CTL_PKTINFO: return XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE;
  default: return 0; /* XNET_CTL_SRC is never received */
  }
}

static int receivable(const xnet_cmsg_row *r) {
  return r->type != 0 && r->parse != XNET_CMSG_KIND_NONE;
}

static int sendable(const xnet_cmsg_row *r) {
  return r->type != 0 && r->marshal != XNET_CMSG_KIND_NONE;
}

size_t xnet_ipv4_cmsg_space(const xnet_profile *p, uint32_t flags) {
  if (p == NULL || p->cmsg == NULL) return 0;
  const xnet_cmsg_row *rows = p->cmsg->ipv4;
  size_t l = 0;
  /* Go's NewControlMessage: in_pktinfo, where it exists, answers Src, Dst
   * and Interface at once; otherwise one message each. */
  int want[XNET_CTL__MAX] = {0};
  want[XNET_CTL_TTL] = (flags & XNET_IPV4_FLAG_TTL) != 0;
  want[XNET_CTL_TOS] = (flags & XNET_IPV4_FLAG_TOS) != 0;
  if (receivable(&rows[XNET_CTL_PKTINFO])) {
    want[XNET_CTL_PKTINFO] =
        (flags & (XNET_IPV4_FLAG_SRC | XNET_IPV4_FLAG_DST |
                  XNET_IPV4_FLAG_INTERFACE)) != 0;
  } else {
    want[XNET_CTL_DST] = (flags & XNET_IPV4_FLAG_DST) != 0;
    want[XNET_CTL_INTERFACE] = (flags & XNET_IPV4_FLAG_INTERFACE) != 0;
  }
  for (int i = 0; i < XNET_CTL__MAX; i++)
    if (want[i] && receivable(&rows[i])) l += xnet_cmsg_space(p, rows[i].len);
  return l;
}

/* Writes the payload of a sending row (layout by kind). */
static void encode(const xnet_profile *p, const xnet_cmsg_row *r,
                   const xnet_ipv4_cmsg *in, uint8_t *d) {
  int has_src = (in->has & XNET_IPV4_FLAG_SRC) != 0;
  switch (r->marshal) {
  case XNET_CMSG_KIND_IN_PKTINFO:
    xnet_profile_put_u32(p, d, in->ifindex);
    if (has_src) memcpy(d + 4, in->src, 4); /* ipi_spec_dst */
    break;
  case XNET_CMSG_KIND_IN_ADDR:
    memcpy(d, in->src, 4);
    break;
  default:
    break; /* no other kind sends IPv4 options (test_profile checks) */
  }
}

int xnet_ipv4_cmsg_marshal(const xnet_profile *p, const xnet_ipv4_cmsg *in,
                           uint8_t *buf, size_t cap, size_t *len) {
  if (len == NULL) return XNET_EINVAL;
  *len = 0;
  if (p == NULL || p->cmsg == NULL) return XNET_EINVAL;
  if (in == NULL) return 0;
  const xnet_cmsg_row *rows = p->cmsg->ipv4;
  int has_src = (in->has & XNET_IPV4_FLAG_SRC) != 0;
  const xnet_cmsg_row *r = NULL;
  /* Go's Marshal: in_pktinfo when Src or IfIndex is set. Without it, the
   * BSDs' IP_SENDSRCADDR carries Src; an interface cannot be sent there
   * and is left out silently, as Go leaves out what a system lacks. */
  if (sendable(&rows[XNET_CTL_PKTINFO])) {
    if (has_src || in->ifindex != 0) r = &rows[XNET_CTL_PKTINFO];
  } else if (sendable(&rows[XNET_CTL_SRC]) && has_src) {
    r = &rows[XNET_CTL_SRC];
  }
  if (r == NULL) return 0;
  int rc = xnet_cmsg_header_put(p, buf, cap, len, r->level, r->type, r->len);
  if (rc != 0) return rc;
  encode(p, r, in, buf + xnet_cmsg_len(p, 0));
  return 0;
}

/* The IPv4 row a received message belongs to, or -1 (skipped). */
static int find_row(const xnet_cmsg_abi *abi, const xnet_cmsg *m) {
  /* Type first: it tells rows apart; unsupported rows (type 0) are
   * excluded by their empty parse kind. */
  for (int i = 0; i < XNET_CTL__MAX; i++) {
    const xnet_cmsg_row *r = &abi->ipv4[i];
    if (r->type == m->type && r->level == m->level &&
        r->parse != XNET_CMSG_KIND_NONE)
      return i;
  }
  return -1;
}

/* 0: the payload can be decoded; 1: too short; -1: too long. Fixed
 * layouts need exactly row->len bytes; a sockaddr_dl has its own length
 * (sdl_len) and only needs to reach past sdl_index. */
static int payload_fit(const xnet_cmsg_abi *abi, const xnet_cmsg_row *r,
                       size_t len) {
  if (r->parse == XNET_CMSG_KIND_SOCKADDR_DL)
    return len >= (size_t)abi->sdl_index_off + 2 ? 0 : 1;
  return len == r->len ? 0 : len < r->len ? 1 : -1;
}

static void decode(const xnet_profile *p, int ctl, const xnet_cmsg_row *r,
                   const uint8_t *d, xnet_ipv4_cmsg *out) {
  switch (r->parse) {
  case XNET_CMSG_KIND_U8:
  case XNET_CMSG_KIND_INT: {
    uint32_t v = r->parse == XNET_CMSG_KIND_U8 ? d[0] : xnet_profile_get_u32(p, d);
    if (ctl == XNET_CTL_TOS)
      out->tos = v;
    else
      out->ttl = v;
    break;
  }
  case XNET_CMSG_KIND_IN_ADDR:
    memcpy(out->dst, d, 4);
    break;
  case XNET_CMSG_KIND_SOCKADDR_DL:
    out->ifindex = xnet_profile_get_u16(p, d + p->cmsg->sdl_index_off);
    break;
  case XNET_CMSG_KIND_IN_PKTINFO:
    /* Go's parsePacketInfo: ifindex, and ipi_addr (the header's
     * destination) as Dst; ipi_spec_dst is not reported. */
    out->ifindex = xnet_profile_get_u32(p, d);
    memcpy(out->dst, d + 8, 4);
    break;
  default:
    return; /* no other kind is received for IPv4 (test_profile checks) */
  }
  out->has |= ctl_flags(ctl);
}

int xnet_ipv4_cmsg_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                         xnet_ipv4_cmsg *out) {
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
    int fit = payload_fit(abi, &abi->ipv4[ctl], m.len);
    if (fit == 0) {
      decode(p, ctl, &abi->ipv4[ctl], m.data, out);
    } else if (fit > 0 && it.off == it.n) {
      /* Linux truncates the last message in place (cmsg_len shrunk to
       * what fit): the option was cut, not malformed. */
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

/* Dotted quad, or Go's "<nil>" for an absent address. */
static void format_ip4(char dst[16], const uint8_t *a) {
  if (a == NULL)
    snprintf(dst, 16, "<nil>");
  else
    snprintf(dst, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

int xnet_ipv4_cmsg_format(const xnet_ipv4_cmsg *cm, char *buf, size_t cap) {
  if (cm == NULL) return snprintf(buf, cap, "<nil>");
  char src[16], dst[16], tos[24] = "";
  format_ip4(src, (cm->has & XNET_IPV4_FLAG_SRC) ? cm->src : NULL);
  format_ip4(dst, (cm->has & XNET_IPV4_FLAG_DST) ? cm->dst : NULL);
  if (cm->has & XNET_IPV4_FLAG_TOS)
    snprintf(tos, sizeof(tos), " tos=0x%" PRIx32, cm->tos);
  return snprintf(buf, cap, "ttl=%" PRIu32 " src=%s dst=%s ifindex=%" PRIu32 "%s",
                  cm->ttl, src, dst, cm->ifindex, tos);
}
