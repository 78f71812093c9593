/* sctp.c — SCTP through FreeBSD's kernel API: the SCTP ops of backend.h
 * for a flavour with an sctp layout (FreeBSD: xnet_sctp_layout_freebsd).
 *
 * Sockets are socket(AF_INET/AF_INET6, SOCK_STREAM, IPPROTO_SCTP), the
 * one-to-one style (sockopt.c lets protocol 132 through). Multi-homing uses
 * libc's sctp_bindx(3), sctp_connectx(3), sctp_getpaddrs(3) and
 * sctp_getladdrs(3) through the syscall table, so a test records them:
 * their address arrays are packed BSD sockaddrs (sin_len 16, AF_INET 2;
 * sin6_len 28, AF_INET6 28), written and read by the codecs'
 * xnet_sctp_sockaddr_marshal/_parse with the layout, never by the host's C
 * structures. Messages need nothing here: ops->recvmsg/sendmsg carry
 * SCTP_SNDINFO / SCTP_RCVINFO control messages (level IPPROTO_SCTP, types
 * 4 and 5) in the layout's bytes, and MSG_NOTIFICATION (0x2000) becomes
 * XNET_MSG_NOTIFICATION through the host description (sockopt.c). That is
 * what FreeBSD's own sctp_sendv(3) and sctp_recvv(3) do: libc builds an
 * SCTP_SNDINFO cmsg and calls sendmsg(2), and calls recvmsg(2) and picks
 * the SCTP_RCVINFO / SCTP_NXTINFO cmsgs out of the result
 * (lib/libc/net/sctp_sys_calls.c). Options go through setsockopt_raw at
 * the layout's level 132. Every op answers XNET_ENOTSUP, with no system
 * call, on a flavour without SCTP. Portable: no BSD header. */
#include <stdlib.h>
#include <string.h>

#include "bsd_int.h"

/* At most this many addresses per call (a bound on the packed array). */
enum { BSD_SCTP_MAX_ADDRS = 1024 };

static const xnet_sctp_layout *layout_of(void *inst) {
  return ((const xnet_bsd *)inst)->flavour->sctp;
}

/* One xnet_sockaddr as the codec's SCTP address (an IPv4 address may come
 * IPv4-mapped; an IPv6 one as 4 bytes becomes IPv4-mapped; length 0 is the
 * wildcard). */
static int to_sctp_addr(const xnet_sockaddr *a, xnet_sctp_addr *o) {
  memset(o, 0, sizeof *o);
  o->port = a->port;
  const uint8_t *ip = a->ip.bytes;
  switch (a->family) {
  case XNET_AF_INET:
    o->family = XNET_SCTP_AF_INET;
    if (a->ip.len == 16) ip += 12;
    else if (a->ip.len != 4 && a->ip.len != 0) return XNET_EBADADDR;
    if (a->ip.len) memcpy(o->ip, ip, 4);
    return 0;
  case XNET_AF_INET6:
    o->family = XNET_SCTP_AF_INET6;
    o->scope_id = a->scope_id;
    if (a->ip.len == 16) memcpy(o->ip, ip, 16);
    else if (a->ip.len == 4) {
      o->ip[10] = o->ip[11] = 0xff;
      memcpy(o->ip + 12, ip, 4);
    } else if (a->ip.len != 0) return XNET_EBADADDR;
    return 0;
  default: return XNET_EAFNOSUPPORT;
  }
}

/* Packs addrs[0..n) into a malloc'd array of the layout's sockaddrs. */
static int pack(const xnet_sctp_layout *l, const xnet_sockaddr *addrs,
                size_t n, uint8_t **out) {
  *out = NULL;
  if (!addrs || n == 0 || n > BSD_SCTP_MAX_ADDRS) return XNET_EINVAL;
  uint8_t *buf = malloc(n * XNET_SCTP_SOCKADDR_IN6_SIZE);
  if (!buf) return XNET_ENOMEM;
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    xnet_sctp_addr a;
    size_t len = 0;
    int rc = to_sctp_addr(&addrs[i], &a);
    if (rc == 0)
      rc = xnet_sctp_sockaddr_marshal(l, &a, buf + at,
                                      n * XNET_SCTP_SOCKADDR_IN6_SIZE - at,
                                      &len);
    if (rc < 0) {
      free(buf);
      return rc;
    }
    at += len;
  }
  *out = buf;
  return 0;
}

int xnet__bsd_sctp_bindx(void *inst, int sock, const xnet_sockaddr *addrs,
                         size_t n, int add) {
  xnet_bsd *b = inst;
  const xnet_sctp_layout *l = layout_of(inst);
  if (!l || !b->posix.sys.sctp_bindx) return XNET_ENOTSUP;
  uint8_t *buf;
  int rc = pack(l, addrs, n, &buf);
  if (rc < 0) return rc;
  /* SCTP_BINDX_ADD_ADDR 0x8001 / SCTP_BINDX_REM_ADDR 0x8002 (sctp.h). */
  int flags = add ? l->bindx_add : l->bindx_rem;
  if (b->posix.sys.sctp_bindx(sock, (struct sockaddr *)(void *)buf, (int)n,
                              flags) < 0)
    rc = xnet__posix_err(errno);
  free(buf);
  return rc;
}

int xnet__bsd_sctp_connectx(void *inst, int sock, const xnet_sockaddr *addrs,
                            size_t n) {
  xnet_bsd *b = inst;
  const xnet_sctp_layout *l = layout_of(inst);
  if (!l || !b->posix.sys.sctp_connectx) return XNET_ENOTSUP;
  uint8_t *buf;
  int rc = pack(l, addrs, n, &buf);
  if (rc < 0) return rc;
  uint32_t id = 0;
  if (b->posix.sys.sctp_connectx(sock, (const struct sockaddr *)(void *)buf,
                                 (int)n, &id) < 0) {
    /* As ops->connect: under way on a non-blocking socket (a connect
     * interrupted by a signal continues in the background). */
    if (errno == EINPROGRESS || errno == EALREADY || errno == EINTR)
      rc = XNET_EAGAIN;
    else if (errno != EISCONN)
      rc = xnet__posix_err(errno);
  }
  free(buf);
  return rc;
}

/* Reads cnt packed sockaddrs at list (each sa_len bytes long) into out. */
static size_t unpack(const xnet_sctp_layout *l, const uint8_t *list, int cnt,
                     xnet_sockaddr *out, size_t cap) {
  size_t total = 0;
  for (int i = 0; i < cnt && list; i++) {
    size_t len = list[0];
    if (len == 0) break; /* as libc's own walk */
    xnet_sctp_addr a;
    if (xnet_sctp_sockaddr_parse(l, list, len, &a) == 0 &&
        a.family != XNET_SCTP_AF_UNSPEC) {
      if (total < cap) {
        xnet_sockaddr *o = &out[total];
        memset(o, 0, sizeof *o);
        o->port = a.port;
        o->family = a.family == XNET_SCTP_AF_INET ? XNET_AF_INET
                                                  : XNET_AF_INET6;
        o->ip.len = a.family == XNET_SCTP_AF_INET ? 4 : 16;
        memcpy(o->ip.bytes, a.ip, o->ip.len);
        o->scope_id = a.family == XNET_SCTP_AF_INET6 ? a.scope_id : 0;
      }
      total++;
    }
    list += len;
  }
  return total;
}

int xnet__bsd_sctp_addrs(void *inst, int sock, int remote, xnet_sockaddr *out,
                         size_t cap) {
  xnet_bsd *b = inst;
  const xnet_posix_syscalls *sys = &b->posix.sys;
  const xnet_sctp_layout *l = layout_of(inst);
  int (*get)(int, uint32_t, struct sockaddr **) =
      remote ? sys->sctp_getpaddrs : sys->sctp_getladdrs;
  void (*release)(struct sockaddr *) =
      remote ? sys->sctp_freepaddrs : sys->sctp_freeladdrs;
  if (!l || !get || !release) return XNET_ENOTSUP;
  struct sockaddr *list = NULL;
  int cnt = get(sock, 0, &list);
  if (cnt < 0) return xnet__posix_err(errno);
  size_t total = unpack(l, (const uint8_t *)list, cnt, out, cap);
  if (list) release(list);
  return total > INT32_MAX ? INT32_MAX : (int)total;
}
