/* ip_opt.c — what the IPv4 and IPv6 option layers share: options found in
 * the stack profile's sockopt table (Go's sockOpts), value bytes built by
 * the codec and set through ops->setsockopt_raw, and the argument checks
 * made before any system call. Any-source group options and the IPv4
 * multicast interface that the profile has no row for go to the backend
 * instead (ops->setsockopt_group), which knows the host's older forms. */
#include <string.h>

#include "ip_opt_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/interface.h"
#include "xnet/ipv6_cmsg.h"

#define OPS(c) ((c)->pd.stack->ops)
#define INST(c) ((c)->pd.stack->inst)
#define PROFILE(c) ((c)->pd.stack->ops.profile)

int xnet__ipopt_fail(xnet_conn *c, const char *op, xnet_so opt, int code) {
  if (code == XNET_ENOTSUP)
    return xnet__fail_text(op, c->net, xnet_sockopt_name(opt), code);
  return xnet__fail(op, c->net, NULL, xnet__conn_laddr(c), code);
}

/* One raw setsockopt / getsockopt inside an entered call. */
static int raw_set(xnet_conn *c, const xnet_so_row *r, const void *v,
                   size_t n) {
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0)
    rc = OPS(c).setsockopt_raw(INST(c), c->pd.sock, r->level, r->name, v, n);
  return rc;
}

int xnet__ipopt_set_bytes(xnet_conn *c, xnet_so opt, const void *v, size_t n) {
  if (c->kind == XNET_KIND_PIPE)
    return xnet__ipopt_fail(c, "set", opt, XNET_EINVAL);
  const xnet_so_row *r = xnet_sockopt_row(PROFILE(c), opt);
  if (!r)
    return xnet__ipopt_fail(c, "set", opt, XNET_ENOTSUP);
  int rc = raw_set(c, r, v, n);
  if (rc < 0)
    xnet__ipopt_fail(c, "set", opt, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

int xnet__ipopt_get_bytes(xnet_conn *c, xnet_so opt, void *v, size_t *n) {
  if (c->kind == XNET_KIND_PIPE)
    return xnet__ipopt_fail(c, "get", opt, XNET_EINVAL);
  const xnet_so_row *r = xnet_sockopt_row(PROFILE(c), opt);
  if (!r)
    return xnet__ipopt_fail(c, "get", opt, XNET_ENOTSUP);
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0)
    rc = OPS(c).getsockopt_raw(INST(c), c->pd.sock, r->level, r->name, v, n);
  if (rc < 0)
    xnet__ipopt_fail(c, "get", opt, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

int xnet__ipopt_set_int(xnet_conn *c, xnet_so opt, int v) {
  uint8_t b[4];
  size_t n;
  int rc = xnet_sockopt_int_marshal(PROFILE(c), opt, v, b, sizeof b, &n);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", opt, rc);
  return xnet__ipopt_set_bytes(c, opt, b, n);
}

int xnet__ipopt_get_int(xnet_conn *c, xnet_so opt, int *v) {
  *v = 0;
  uint8_t b[4] = {0};
  size_t n = sizeof b;
  int rc = xnet__ipopt_get_bytes(c, opt, b, &n);
  if (rc < 0)
    return rc;
  rc = xnet_sockopt_int_parse(PROFILE(c), opt, b, n, v);
  return rc < 0 ? xnet__ipopt_fail(c, "get", opt, rc) : 0;
}

/* ifindex 0, or an interface that exists on the conn's stack. */
static int check_ifindex(xnet_conn *c, int ifindex) {
  if (ifindex == 0)
    return 0;
  if (ifindex < 0)
    return XNET_EBADADDR;
  xnet_interface ifi;
  int rc = xnet_interface_by_index(c->pd.stack, ifindex, &ifi);
  if (rc == XNET_ENOENT || rc == XNET_EINVAL)
    return XNET_EBADADDR;
  return rc < 0 ? rc : 0;
}

/* The address bytes of ip in family (4 or 16), or 0 when it is of
 * another family. */
static size_t family_bytes(const xnet_ip *ip, int family, uint8_t out[16]) {
  if (!ip || ip->len == 0)
    return 0;
  xnet_ip v4;
  bool is4 = xnet_ip_to4(ip, &v4) == 0;
  if (family == XNET_AF_INET) {
    if (!is4)
      return 0;
    memcpy(out, v4.bytes, 4);
    return 4;
  }
  if (is4 || ip->len != 16)
    return 0;
  memcpy(out, ip->bytes, 16);
  return 16;
}

/* The backend option that stands in for a group option the profile has
 * no row for: the BSDs without RFC 3678 (NetBSD, OpenBSD, DragonFly) take
 * any-source joins and leaves and the IPv4 multicast interface in the
 * 4.4BSD forms (ip_mreq, ipv6_mreq, in_addr; Go's sys_bsd.go
 * ssoTypeIPMreq / ssoTypeInetAddr), whose IPv4 ones name the interface by
 * an address of it: the backend, which lists interfaces, builds them
 * (ops->setsockopt_group). 0: none (source-specific options have no such
 * form, and stay XNET_ENOTSUP without a system call). */
static int group_op(xnet_so opt) {
  switch (opt) {
  case XNET_SO_IP_MULTICAST_IF:
    return XNET_IP_MULTICAST_IF;
  case XNET_SO_IP_JOIN_GROUP:
    return XNET_IP_MCAST_JOIN_GROUP;
  case XNET_SO_IP_LEAVE_GROUP:
    return XNET_IP_MCAST_LEAVE_GROUP;
  case XNET_SO_IPV6_JOIN_GROUP:
    return XNET_IPV6_MCAST_JOIN_GROUP;
  case XNET_SO_IPV6_LEAVE_GROUP:
    return XNET_IPV6_MCAST_LEAVE_GROUP;
  default:
    return 0;
  }
}

/* Sets opt through ops->setsockopt_group (group_op(opt) != 0): group g of
 * gl bytes (4: family AF_INET, 16: AF_INET6), or none (gl 0). An
 * XNET_ENOTSUP from the backend names opt, as a missing row does. */
static int set_by_backend(xnet_conn *c, xnet_so opt, int ifindex,
                          const uint8_t *g, size_t gl) {
  if (c->kind == XNET_KIND_PIPE)
    return xnet__ipopt_fail(c, "set", opt, XNET_EINVAL);
  xnet_sockaddr sa;
  memset(&sa, 0, sizeof sa);
  if (gl) {
    sa.family = gl == 4 ? XNET_AF_INET : XNET_AF_INET6;
    sa.ip.len = (uint8_t)gl;
    memcpy(sa.ip.bytes, g, gl);
  }
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0)
    rc = OPS(c).setsockopt_group(INST(c), c->pd.sock,
                                 (xnet_sockopt)group_op(opt), ifindex,
                                 gl ? &sa : NULL);
  if (rc < 0)
    xnet__ipopt_fail(c, "set", opt, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

static bool is_unicast(const xnet_ip *ip) {
  return !xnet_ip_is_multicast(ip) && !xnet_ip_is_unspecified(ip) &&
         !xnet_ip_equal(ip, &xnet_ipv4_bcast);
}

int xnet__ipopt_group(xnet_conn *c, xnet_so opt, int family, int ifindex,
                      const xnet_ip *group, const xnet_ip *source) {
  uint8_t g[16], s[16];
  size_t gl = family_bytes(group, family, g);
  size_t sl = 0;
  int rc = 0;
  if (gl == 0 || !xnet_ip_is_multicast(group))
    rc = XNET_EBADADDR;
  const xnet_so_row *r = xnet_sockopt_row(PROFILE(c), opt);
  bool want_source = r && r->kind == XNET_SO_KIND_GROUP_SOURCE_REQ;
  if (rc == 0 && want_source) {
    sl = family_bytes(source, family, s);
    if (sl == 0 || !is_unicast(source))
      rc = XNET_EBADADDR;
  }
  if (rc == 0)
    rc = check_ifindex(c, ifindex);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", opt, rc);
  if (!r && group_op(opt))
    return set_by_backend(c, opt, ifindex, g, gl);
  uint8_t buf[512];
  size_t n;
  rc = xnet_sockopt_group_marshal(PROFILE(c), opt, (uint32_t)ifindex, g, gl,
                                  want_source ? s : NULL, sl, buf, sizeof buf,
                                  &n);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", opt, rc);
  return xnet__ipopt_set_bytes(c, opt, buf, n);
}

int xnet__ipopt_set_mcast_if(xnet_conn *c, xnet_so opt, int ifindex) {
  int rc = check_ifindex(c, ifindex);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", opt, rc);
  const xnet_so_row *r = xnet_sockopt_row(PROFILE(c), opt);
  if (!r && group_op(opt))
    return set_by_backend(c, opt, ifindex, NULL, 0);
  if (!r)
    return xnet__ipopt_fail(c, "set", opt, XNET_ENOTSUP);
  if (r->kind != XNET_SO_KIND_IP_MREQN)
    return xnet__ipopt_set_int(c, opt, ifindex);
  uint8_t buf[16];
  size_t n;
  rc = xnet_sockopt_group_marshal(PROFILE(c), opt, (uint32_t)ifindex, NULL, 0,
                                  NULL, 0, buf, sizeof buf, &n);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", opt, rc);
  return xnet__ipopt_set_bytes(c, opt, buf, n);
}

/* struct sock_fprog in the host's C layout: the only option whose value
 * holds a pointer (backends/linux/ipopt.c checks it against the header). */
typedef struct xnet__fprog {
  unsigned short len;
  const xnet_bpf_insn *filter;
} xnet__fprog;

int xnet__ipopt_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n) {
  if (!prog || n == 0 || n > 4096)
    return xnet__ipopt_fail(c, "set", XNET_SO_ATTACH_FILTER, XNET_EINVAL);
  xnet__fprog f;
  memset(&f, 0, sizeof f);
  f.len = (unsigned short)n;
  f.filter = prog;
  return xnet__ipopt_set_bytes(c, XNET_SO_ATTACH_FILTER, &f, sizeof f);
}

/* ---- control-message flags ---- */

/* The flags that make a row's receive option needed. */
static uint32_t row_flags4(const xnet_cmsg_abi *a, int i) {
  switch (i) {
  case XNET_CTL_TTL:
    return XNET_IPV4_FLAG_TTL;
  case XNET_CTL_TOS:
    return XNET_IPV4_FLAG_TOS;
  case XNET_CTL_DST:
    return a->ipv4[XNET_CTL_PKTINFO].type ? 0 : XNET_IPV4_FLAG_DST;
  case XNET_CTL_INTERFACE:
    return a->ipv4[XNET_CTL_PKTINFO].type ? 0 : XNET_IPV4_FLAG_INTERFACE;
  case XNET_CTL_PKTINFO:
    return XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE;
  default:
    return 0;
  }
}

static uint32_t row_flags6(int i) {
  switch (i) {
  case XNET_CTL6_TCLASS:
    return XNET_IPV6_FLAG_TRAFFIC_CLASS;
  case XNET_CTL6_HOPLIMIT:
    return XNET_IPV6_FLAG_HOP_LIMIT;
  case XNET_CTL6_PKTINFO:
    return XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE;
  case XNET_CTL6_PATHMTU:
    return XNET_IPV6_FLAG_PATH_MTU;
  default:
    return 0;
  }
}

int xnet__ipopt_set_cm(xnet_conn *c, bool v6, uint32_t flags, bool on) {
  const xnet_profile *p = PROFILE(c);
  const char *opname = v6 ? "IPV6_RECV*" : "IP_RECV*";
  if (!p || !p->cmsg)
    return xnet__fail_text("set", c->net, opname, XNET_ENOTSUP);
  uint32_t old = atomic_load(&c->cm_flags[v6]);
  uint32_t now = on ? old | flags : old & ~flags;
  int nrows = v6 ? XNET_CTL6__MAX : XNET_CTL__MAX;
  int rc = 0;
  for (int i = 0; i < nrows && rc == 0; i++) {
    const xnet_cmsg_row *r = v6 ? &p->cmsg->ipv6[i] : &p->cmsg->ipv4[i];
    uint32_t rf = v6 ? row_flags6(i) : row_flags4(p->cmsg, i);
    if (!(rf & flags) || r->type == 0 || r->recv_opt == 0)
      continue;
    bool want = (now & rf) != 0;
    int v = want ? 1 : 0;
    rc = xnet__pd_enter(&c->pd);
    if (rc == 0)
      rc = OPS(c).setsockopt_raw(INST(c), c->pd.sock, r->level, r->recv_opt, &v,
                                 sizeof v);
    if (rc < 0)
      xnet__fail_text("set", c->net, opname, rc);
    xnet__pd_leave(&c->pd);
  }
  if (rc < 0)
    return rc;
  /* A flag no row delivers (Src, or what the flavour lacks) on: as Go,
   * not an error, but nothing will arrive for it. */
  atomic_store(&c->cm_flags[v6], now);
  return 0;
}
