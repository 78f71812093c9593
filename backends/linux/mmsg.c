/* mmsg.c — batch I/O: many datagrams in one recvmmsg/sendmmsg call.
 *
 * The kernel needs an array of struct mmsghdr and an address buffer per
 * message. They live on the stack of the call, XNET__MMSG_MAX at a time
 * (6 KiB): zero allocations per call (the batch I/O promise), no state in
 * the stack or the conn, and safe for a reader and a writer at once. A call
 * moves at most XNET__MMSG_MAX messages and returns how many it moved, as
 * recvmmsg/sendmmsg may anyway; the caller continues with the rest. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>

#include "linux_int.h"

#define XNET__MMSG_MAX 32

int xnet__linux_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                         size_t n, int flags) {
  xnet_posix *p = inst;
  if (!p->sys.recvmmsg) return XNET_ENOTSUP;
  if (n == 0) return 0;
  struct mmsghdr hs[XNET__MMSG_MAX];
  struct sockaddr_storage names[XNET__MMSG_MAX];
  unsigned vlen = n < XNET__MMSG_MAX ? (unsigned)n : XNET__MMSG_MAX;
  for (unsigned i = 0; i < vlen; i++) {
    (void)xnet__posix_msghdr_prepare(&hs[i].msg_hdr, &msgs[i], &names[i], 0);
    hs[i].msg_len = 0;
  }
  int f = xnet__posix_recv_flags(p, flags);
  if (flags & XNET_MSG_WAITFORONE) f |= MSG_WAITFORONE;
  int r;
  do r = p->sys.recvmmsg(sock, hs, vlen, f, NULL);
  while (r < 0 && errno == EINTR);
  if (r < 0) return xnet__posix_err(errno);
  for (int i = 0; i < r; i++)
    xnet__posix_msghdr_received(p, &hs[i].msg_hdr, hs[i].msg_len, &msgs[i]);
  return r;
}

int xnet__linux_sendmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                         size_t n, int flags) {
  xnet_posix *p = inst;
  if (!p->sys.sendmmsg) return XNET_ENOTSUP;
  if (n == 0) return 0;
  struct mmsghdr hs[XNET__MMSG_MAX];
  struct sockaddr_storage names[XNET__MMSG_MAX];
  unsigned vlen = n < XNET__MMSG_MAX ? (unsigned)n : XNET__MMSG_MAX;
  for (unsigned i = 0; i < vlen; i++) {
    msgs[i].n = 0;
    int rc = xnet__posix_msghdr_prepare(&hs[i].msg_hdr, &msgs[i], &names[i], 1);
    if (rc < 0) {
      if (i == 0) return rc;
      vlen = i; /* send the good prefix; the bad one fails on the next call */
      break;
    }
    hs[i].msg_len = 0;
  }
  int r;
  do r = p->sys.sendmmsg(sock, hs, vlen, xnet__posix_send_flags(p, flags));
  while (r < 0 && errno == EINTR);
  if (r < 0) return xnet__posix_err(errno);
  for (int i = 0; i < r; i++) msgs[i].n = hs[i].msg_len;
  return r;
}
