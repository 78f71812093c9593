/* recv.c — ops->recvmsg on the BSDs: descriptors passed with SCM_RIGHTS
 * must arrive close-on-exec, as every descriptor xnet creates is. Where
 * the flavour has MSG_CMSG_CLOEXEC (FreeBSD, NetBSD, OpenBSD, DragonFly)
 * the receive flags ask for it and the kernel does it atomically. Darwin
 * has no such flag, so each received descriptor gets FD_CLOEXEC with
 * fcntl right after recvmsg returns: a fork+exec on another thread
 * between the two calls can still inherit it (the same window Go's
 * syscall.UnixRights users have on Darwin). The control messages are read
 * in the flavour's layout (hdr 12, alignment 4 on Darwin) through the
 * cmsg codec, which never reads past the buffer; a message cut short by
 * MSG_CTRUNC still has its whole descriptors handled. Portable: F_SETFD and
 * FD_CLOEXEC are 2 and 1 on every POSIX system, and the call goes to the
 * host through the syscall table. */
#include <fcntl.h>

#include "bsd_int.h"
#include "xnet/cmsg.h"

/* Makes every descriptor of one SCM_RIGHTS payload close-on-exec. */
static void rights_cloexec(xnet_bsd *b, const xnet_cmsg *cm) {
  const xnet_profile *pr = b->flavour->profile;
  for (size_t i = 0; i + 4 <= cm->len; i += 4) {
    int fd = (int)xnet_profile_get_u32(pr, cm->data + i);
    if (fd >= 0) (void)b->posix.sys.fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
}

static void received_cloexec(xnet_bsd *b, const xnet_backend_msg *m) {
  const xnet_profile *pr = b->flavour->profile;
  xnet_cmsg_iter it;
  xnet_cmsg_iter_init(&it, pr, m->oob, m->oob_len);
  for (;;) {
    xnet_cmsg cm;
    int rc = xnet_cmsg_iter_next(&it, &cm);
    if (rc == 0 || (rc < 0 && rc != XNET_ETRUNCATED)) return;
    if (cm.level == pr->cmsg->sol_socket && cm.type == pr->cmsg->scm_rights)
      rights_cloexec(b, &cm);
    if (rc < 0) return; /* the truncated message was the last */
  }
}

int xnet__bsd_recvmsg(void *inst, int sock, xnet_backend_msg *m, int flags) {
  xnet_bsd *b = inst;
  int rc = xnet__posix_recvmsg(inst, sock, m, flags);
  if (rc >= 0 && !b->flavour->msg_cmsg_cloexec && m->oob && m->oob_len > 0)
    received_cloexec(b, m);
  return rc;
}
