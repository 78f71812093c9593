/* mmsg.c — batch I/O through recvmmsg/sendmmsg where the BSD has them
 * (FreeBSD 11+, NetBSD 7+); elsewhere this file is empty, ops->recvmmsg
 * stays NULL and core moves one message per call. As backends/linux's
 * mmsg.c: the mmsghdr array lives on the call's stack, at most
 * XNET__MMSG_MAX messages per call. */
#include <string.h>

#include "bsd_host.h"

#if XNET_BSD_HAS_MMSG
#define XNET__MMSG_MAX 32

int xnet__bsd_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                       size_t n, int flags) {
  xnet_posix *p = inst;
  if (!p->sys.recvmmsg) return XNET_ENOTSUP;
  if (n == 0) return 0;
  struct mmsghdr hs[XNET__MMSG_MAX];
  struct sockaddr_storage names[XNET__MMSG_MAX];
  unsigned vlen = n < XNET__MMSG_MAX ? (unsigned)n : XNET__MMSG_MAX;
  for (unsigned i = 0; i < vlen; i++) {
    memset(&hs[i], 0, sizeof hs[i]);
    (void)xnet__posix_msghdr_prepare(&hs[i].msg_hdr, &msgs[i], &names[i], 0);
  }
  int f = xnet__posix_recv_flags(p, flags);
  if (flags & XNET_MSG_WAITFORONE) f |= MSG_WAITFORONE;
  int r;
  do r = p->sys.recvmmsg(sock, hs, vlen, f, NULL);
  while (r < 0 && errno == EINTR);
  if (r < 0) return xnet__posix_err(errno);
  for (int i = 0; i < r; i++)
    xnet__posix_msghdr_received(p, &hs[i].msg_hdr, (size_t)hs[i].msg_len,
                                &msgs[i]);
  return r;
}

int xnet__bsd_sendmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                       size_t n, int flags) {
  xnet_posix *p = inst;
  if (!p->sys.sendmmsg) return XNET_ENOTSUP;
  if (n == 0) return 0;
  struct mmsghdr hs[XNET__MMSG_MAX];
  struct sockaddr_storage names[XNET__MMSG_MAX];
  unsigned vlen = n < XNET__MMSG_MAX ? (unsigned)n : XNET__MMSG_MAX;
  for (unsigned i = 0; i < vlen; i++) {
    msgs[i].n = 0;
    memset(&hs[i], 0, sizeof hs[i]);
    int rc = xnet__posix_msghdr_prepare(&hs[i].msg_hdr, &msgs[i], &names[i], 1);
    if (rc < 0) {
      if (i == 0) return rc;
      vlen = i;
      break;
    }
  }
  int r;
  do r = p->sys.sendmmsg(sock, hs, vlen, xnet__posix_send_flags(p, flags));
  while (r < 0 && errno == EINTR);
  if (r < 0) return xnet__posix_err(errno);
  for (int i = 0; i < r; i++) msgs[i].n = (size_t)hs[i].msg_len;
  return r;
}
#else
typedef int xnet__bsd_no_mmsg;
#endif
