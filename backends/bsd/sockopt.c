/* sockopt.c — the BSD translation ops: what the BSD backend does
 * differently from the POSIX logic, driven only by the flavour table and
 * the flavour's profile (no BSD header: this file builds on Linux too).
 *
 *   - SCTP sockets are refused with XNET_ENOTSUP, without a system call,
 *     on every flavour but FreeBSD (the flavour's sctp layout; sctp.c).
 *   - Without MSG_NOSIGNAL (Darwin), every new socket gets SO_NOSIGPIPE.
 *   - One-byte options: where the profile's socket-option table says an
 *     option's value is a byte (IP_MULTICAST_LOOP on the BSDs, as Go's
 *     x/net sys_bsd.go), one byte is issued and read back.
 *   - DragonFly counts TCP_KEEPIDLE / TCP_KEEPINTVL in milliseconds.
 *   - Interface + group options build their structure from the profile's
 *     socket-option table (group_req packed on Darwin); a flavour without
 *     RFC 3678 uses the 4.4BSD structures instead (group.c); a flavour
 *     without the row answers XNET_ENOTSUP.
 */
#include <limits.h>
#include <string.h>

#include "bsd_int.h"
#include "file_int.h"
#include "xnet/sockopt_table.h"

/* The IANA protocol number of SCTP, as ops->socket receives it. */
enum { BSD_PROTO_SCTP = 132 };

int xnet__bsd_open(void *inst, const xnet_bsd_flavour *fl,
                   const void *config) {
  xnet_bsd *b = inst;
  b->flavour = fl;
  b->host = (xnet_posix_host){
      .sockopts = fl->sockopts,
      .sock_flags = fl->sock_nonblock | fl->sock_cloexec,
      .send_flags = fl->msg_nosignal,
      .recv_flags = fl->msg_cmsg_cloexec,
      /* FreeBSD's MSG_NOTIFICATION 0x2000 (sys/sys/socket.h), as the
       * layout has it. */
      .msg_notification = fl->sctp ? (int)fl->sctp->msg_notification : 0,
      .interfaces_fill = NULL,
  };
  return xnet__posix_open(&b->posix, &b->host, config);
}

/* Sets SO_NOSIGPIPE on a new socket where the flavour needs it; closes the
 * socket when that fails (a socket that could raise SIGPIPE is not
 * handed out). */
static int nosigpipe(xnet_bsd *b, int sock) {
  if (!b->flavour->so_nosigpipe) return 0;
  int one = 1;
  if (b->posix.sys.setsockopt(sock, b->flavour->sol_socket,
                              b->flavour->so_nosigpipe, &one,
                              sizeof one) == 0)
    return 0;
  int rc = xnet__posix_err(errno);
  b->posix.sys.close(sock);
  return rc;
}

int xnet__bsd_socket(void *inst, int family, int type, int protocol,
                     int *sock) {
  xnet_bsd *b = inst;
  *sock = -1;
  if (protocol == BSD_PROTO_SCTP && !b->flavour->sctp) return XNET_ENOTSUP;
  int rc = xnet__posix_socket(inst, family, type, protocol, sock);
  if (rc < 0) return rc;
  rc = nosigpipe(b, *sock);
  if (rc < 0) *sock = -1;
  return rc;
}

int xnet__bsd_accept(void *inst, int sock, int *new_sock,
                     xnet_sockaddr *peer) {
  int rc = xnet__posix_accept(inst, sock, new_sock, peer);
  if (rc < 0) return rc;
  rc = nosigpipe(inst, *new_sock);
  if (rc < 0) *new_sock = -1;
  return rc;
}

int xnet__bsd_import_fd(void *inst, int fd, int *sock) {
  int rc = xnet__posix_import_fd(inst, fd, sock);
  if (rc < 0) return rc;
  rc = nosigpipe(inst, *sock);
  if (rc < 0) *sock = -1;
  return rc;
}

/* The profile option whose value layout an int option shares, or -1. */
static int profile_so(xnet_sockopt opt) {
  switch (opt) {
  case XNET_IP_MULTICAST_LOOP: return XNET_SO_IP_MULTICAST_LOOP;
  case XNET_IPV6_MULTICAST_IF: return XNET_SO_IPV6_MULTICAST_IF;
  case XNET_IPV6_MULTICAST_LOOP: return XNET_SO_IPV6_MULTICAST_LOOP;
  default: return -1;
  }
}

/* 1 when opt's value is one byte on this flavour. */
static int byte_valued(const xnet_bsd *b, xnet_sockopt opt) {
  int so = profile_so(opt);
  if (so < 0) return 0;
  const xnet_so_row *r = xnet_sockopt_row(b->flavour->profile, (xnet_so)so);
  return r && r->kind == XNET_SO_KIND_BYTE;
}

static int keep_in_ms(const xnet_bsd *b, xnet_sockopt opt) {
  return b->flavour->tcp_keep_unit_ms &&
         (opt == XNET_TCP_KEEPIDLE || opt == XNET_TCP_KEEPINTVL);
}

int xnet__bsd_setsockopt(void *inst, int sock, xnet_sockopt opt, int value) {
  xnet_bsd *b = inst;
  if (keep_in_ms(b, opt)) {
    if (value < 0 || value > INT_MAX / 1000) return XNET_EINVAL;
    value *= 1000;
  }
  if (!byte_valued(b, opt)) return xnet__posix_setsockopt(inst, sock, opt, value);
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(b->host.sockopts, opt, &row);
  if (rc < 0) return rc;
  if (value < 0 || value > 255) return XNET_EINVAL;
  uint8_t v = (uint8_t)value;
  return xnet__posix_setsockopt_raw(inst, sock, row.level, row.name, &v, 1);
}

int xnet__bsd_getsockopt(void *inst, int sock, xnet_sockopt opt,
                         int *value) {
  xnet_bsd *b = inst;
  if (!byte_valued(b, opt)) {
    int rc = xnet__posix_getsockopt(inst, sock, opt, value);
    if (rc == 0 && keep_in_ms(b, opt)) *value = (*value + 999) / 1000;
    return rc;
  }
  *value = 0;
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(b->host.sockopts, opt, &row);
  if (rc < 0) return rc;
  uint8_t v[4] = {0, 0, 0, 0};
  size_t n = sizeof v;
  rc = xnet__posix_getsockopt_raw(inst, sock, row.level, row.name, v, &n);
  if (rc < 0) return rc;
  /* A byte, or an int (kernels that widen): any nonzero byte is "on". */
  *value = (v[0] | v[1] | v[2] | v[3]) != 0;
  if (n == 1) *value = v[0];
  return 0;
}

int xnet__bsd_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                               int ifindex, const xnet_sockaddr *group) {
  xnet_bsd *b = inst;
  xnet_so so;
  int family = 0;
  switch (opt) {
  case XNET_IP_MULTICAST_IF: so = XNET_SO_IP_MULTICAST_IF; break;
  case XNET_IP_MCAST_JOIN_GROUP:
    so = XNET_SO_IP_JOIN_GROUP;
    family = XNET_AF_INET;
    break;
  case XNET_IPV6_MCAST_JOIN_GROUP:
    so = XNET_SO_IPV6_JOIN_GROUP;
    family = XNET_AF_INET6;
    break;
  case XNET_IP_MCAST_LEAVE_GROUP:
    so = XNET_SO_IP_LEAVE_GROUP;
    family = XNET_AF_INET;
    break;
  case XNET_IPV6_MCAST_LEAVE_GROUP:
    so = XNET_SO_IPV6_LEAVE_GROUP;
    family = XNET_AF_INET6;
    break;
  default: return XNET_EINVAL;
  }
  if (ifindex < 0) return XNET_EINVAL;
  if (b->flavour->mreq_groups)
    return xnet__bsd_group_mreq(b, sock, opt, ifindex, group);
  const xnet_so_row *row = xnet_sockopt_row(b->flavour->profile, so);
  if (!row) return XNET_ENOTSUP;
  const uint8_t *g = NULL;
  size_t glen = 0;
  if (family) {
    if (!group || group->family != family) return XNET_EINVAL;
    glen = family == XNET_AF_INET ? 4 : 16;
    g = group->ip.bytes;
    /* An IPv4 group may come in the 16-byte IPv4-mapped form. */
    if (glen == 4 && group->ip.len == 16) g += 12;
    else if (group->ip.len != glen) return XNET_EINVAL;
  }
  uint8_t buf[512];
  size_t len = 0;
  int rc = xnet_sockopt_group_marshal(b->flavour->profile, so,
                                      (uint32_t)ifindex, g, glen, NULL, 0,
                                      buf, sizeof buf, &len);
  if (rc < 0) return rc;
  return xnet__posix_setsockopt_raw(inst, sock, row->level, row->name, buf,
                                    len);
}
