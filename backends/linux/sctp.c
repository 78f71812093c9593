/* sctp.c — kernel SCTP on the Linux backend: sctp_bindx, sctp_connectx and
 * sctp_getpaddrs/getladdrs as the socket options lksctp-tools' libsctp
 * issues (so the syscall recorder sees them and no library is linked), and
 * the socket op that turns "this kernel has no SCTP" into XNET_ENOTSUP with
 * a message naming the backend that can serve instead.
 *
 * The kernel interface (include/uapi/linux/sctp.h): SCTP_SOCKOPT_BINDX_ADD
 * and _REM take a packed array of sockaddr_in (16 bytes) and sockaddr_in6
 * (28 bytes) as a setsockopt value; SCTP_SOCKOPT_CONNECTX takes the same
 * and returns the association id (or fails with EINPROGRESS on a
 * non-blocking socket, as connect does); SCTP_GET_PEER_ADDRS and
 * SCTP_GET_LOCAL_ADDRS fill a struct sctp_getaddrs {assoc_id, addr_num}
 * followed by such a packed array. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
/* After the headers it relies on, as netinet/sctp.h includes it. */
#include <linux/sctp.h>

#include "linux_int.h"

/* The option level, SOL_SCTP of <netinet/sctp.h> (which linux/sctp.h
 * lacks); sctp_abi_check.c checks the two agree. */
#define LINUX_SOL_SCTP IPPROTO_SCTP

/* Most addresses one bindx/connectx call passes. */
#define LINUX_SCTP_ADDRS_MAX 64

int xnet__linux_socket(void *inst, int family, int type, int protocol,
                       int *sock) {
  int rc = xnet__posix_socket(inst, family, type, protocol, sock);
  if (rc < 0 && protocol == IPPROTO_SCTP &&
      (rc == XNET_EPROTONOSUPPORT || rc == XNET_ESOCKTNOSUPPORT)) {
    /* CONFIG_IP_SCTP unset (or sctp.ko not loaded): nothing to retry. */
    xnet__backend_detail(
        XNET_ENOTSUP,
        "this Linux kernel has no SCTP (socket(IPPROTO_SCTP): protocol not "
        "supported; CONFIG_IP_SCTP off or the sctp module not loaded); the "
        "replay backend (xnet_replay_stack_open) serves SCTP from captures");
    return XNET_ENOTSUP;
  }
  return rc;
}

/* Packs addrs[0..n) as the kernel's sockaddr array into buf. */
static int pack(const xnet_sockaddr *addrs, size_t n, uint8_t *buf,
                size_t cap, size_t *len) {
  *len = 0;
  if (!addrs || n == 0 || n > LINUX_SCTP_ADDRS_MAX) return XNET_EINVAL;
  for (size_t i = 0; i < n; i++) {
    if (addrs[i].family != XNET_AF_INET && addrs[i].family != XNET_AF_INET6)
      return XNET_EAFNOSUPPORT;
    struct sockaddr_storage ss;
    socklen_t sl;
    int rc = xnet__posix_sockaddr_to(&addrs[i], &ss, &sl);
    if (rc < 0) return rc;
    if (*len + sl > cap) return XNET_EINVAL;
    memcpy(buf + *len, &ss, sl);
    *len += sl;
  }
  return 0;
}

#define PACKED_MAX (LINUX_SCTP_ADDRS_MAX * sizeof(struct sockaddr_in6))

int xnet__linux_sctp_bindx(void *inst, int sock, const xnet_sockaddr *addrs,
                           size_t n, int add) {
  xnet_posix *p = inst;
  uint8_t buf[PACKED_MAX];
  size_t len;
  int rc = pack(addrs, n, buf, sizeof buf, &len);
  if (rc < 0) return rc;
  int name = add ? SCTP_SOCKOPT_BINDX_ADD : SCTP_SOCKOPT_BINDX_REM;
  if (p->sys.setsockopt(sock, LINUX_SOL_SCTP, name, buf, (socklen_t)len) < 0)
    return xnet__posix_err(errno);
  return 0;
}

int xnet__linux_sctp_connectx(void *inst, int sock,
                              const xnet_sockaddr *addrs, size_t n) {
  xnet_posix *p = inst;
  uint8_t buf[PACKED_MAX];
  size_t len;
  int rc = pack(addrs, n, buf, sizeof buf, &len);
  if (rc < 0) return rc;
  /* A positive result is the association id. */
  if (p->sys.setsockopt(sock, LINUX_SOL_SCTP, SCTP_SOCKOPT_CONNECTX, buf,
                        (socklen_t)len) >= 0)
    return 0;
  switch (errno) {
  /* As connect: under way, wait for writability and read SO_ERROR. */
  case EINPROGRESS:
  case EALREADY:
  case EINTR:
    return XNET_EAGAIN;
  case EISCONN:
    return 0;
  default:
    return xnet__posix_err(errno);
  }
}

/* One getsockopt into a buffer of cap bytes: 1 when it was too small. */
static int get_addrs(xnet_posix *p, int sock, int name, uint8_t *buf,
                     size_t cap, socklen_t *len) {
  struct sctp_getaddrs head;
  memset(&head, 0, sizeof head); /* assoc 0: the socket's association */
  memcpy(buf, &head, sizeof head);
  *len = (socklen_t)cap;
  if (p->sys.getsockopt(sock, LINUX_SOL_SCTP, name, buf, len) == 0) return 0;
  /* The kernel answers ENOMEM (and older ones EFAULT) when the list does
   * not fit. */
  if (errno == ENOMEM || errno == EFAULT) return 1;
  return xnet__posix_err(errno);
}

int xnet__linux_sctp_addrs(void *inst, int sock, int remote,
                           xnet_sockaddr *out, size_t cap) {
  xnet_posix *p = inst;
  int name = remote ? SCTP_GET_PEER_ADDRS : SCTP_GET_LOCAL_ADDRS;
  /* A wildcard-bound socket lists every address of every interface: start
   * small, retry once with room for thousands. */
  size_t sizes[2] = {4096, 256 * 1024};
  uint8_t *buf = NULL;
  socklen_t len = 0;
  size_t cap_bytes = 0;
  int rc = 1;
  for (int i = 0; i < 2 && rc == 1; i++) {
    free(buf);
    cap_bytes = sizes[i];
    if (!(buf = calloc(1, cap_bytes))) return XNET_ENOMEM;
    rc = get_addrs(p, sock, name, buf, cap_bytes, &len);
  }
  if (rc != 0) {
    free(buf);
    return rc == 1 ? XNET_ENOBUFS : rc;
  }
  /* The returned length is not a bound: for SCTP_GET_LOCAL_ADDRS the
   * kernel leaves the 8-byte header out of it ("can't change it
   * anymore"), for the peer addresses it counts it. addr_num and the
   * buffer (zeroed, so never stale) bound the walk instead. */
  (void)len;
  struct sctp_getaddrs head;
  memcpy(&head, buf, sizeof head);
  size_t off = offsetof(struct sctp_getaddrs, addrs), got = 0;
  for (uint32_t i = 0; i < head.addr_num; i++) {
    sa_family_t fam;
    if (off + sizeof fam > cap_bytes) break;
    memcpy(&fam, buf + off, sizeof fam);
    size_t sl = fam == AF_INET    ? sizeof(struct sockaddr_in)
                : fam == AF_INET6 ? sizeof(struct sockaddr_in6)
                                  : 0;
    if (sl == 0 || off + sl > cap_bytes) break; /* not ours to guess past */
    if (got < cap) {
      struct sockaddr_storage ss;
      memcpy(&ss, buf + off, sl);
      if (xnet__posix_sockaddr_from((struct sockaddr *)&ss, (socklen_t)sl,
                                    &out[got]) < 0)
        memset(&out[got], 0, sizeof out[got]);
    }
    got++;
    off += sl;
  }
  free(buf);
  return got > INT32_MAX ? INT32_MAX : (int)got;
}
