/* linux.c — the Linux host backend: the ops table, the host description
 * handed to the POSIX logic, and the stack constructors.
 *
 * The ops are the POSIX ones (backends/posix) except batch I/O (mmsg.c),
 * the waker (eventfd.c) and randomness (getrandom). The checks below tie
 * the numbers this backend and xnet_profile_linux rely on to the system
 * headers, so a port to an ABI that differs fails to compile. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
/* After the headers it relies on, as netinet/sctp.h includes it. */
#include <linux/sctp.h> /* MSG_NOTIFICATION */

#include "file_int.h"
#include "linux_int.h"
#include "xnet/profile.h"

/* The cmsghdr geometry of the Linux profile (codecs/src/profile_linux.c:
 * header 16 bytes, CMSG_ALIGN to 8) on the LP64 targets it describes. */
_Static_assert(sizeof(long) != 8 || sizeof(struct cmsghdr) == 16,
               "struct cmsghdr differs from xnet_profile_linux");
_Static_assert(sizeof(long) != 8 || CMSG_ALIGN(1) == 8,
               "CMSG_ALIGN differs from xnet_profile_linux");
_Static_assert(SOL_SOCKET == 1 && IPPROTO_IP == 0 && IPPROTO_IPV6 == 41 &&
                   AF_INET6 == 10,
               "levels differ from xnet_profile_linux");
/* The host's MSG_NOTIFICATION bit, from linux/sctp.h (enum sctp_msg_flags). */
enum { LINUX_MSG_NOTIFICATION = 0x8000 };
_Static_assert((int)MSG_NOTIFICATION == (int)LINUX_MSG_NOTIFICATION,
               "MSG_NOTIFICATION differs");
/* xnet_sockaddr.path holds any sun_path. */
_Static_assert(sizeof(((xnet_sockaddr *)0)->path) >=
                   sizeof(((struct sockaddr_un *)0)->sun_path),
               "xnet_sockaddr.path is shorter than sun_path");

static const xnet_posix_host linux_host = {
    .sockopts = xnet__linux_sockopts,
    .sock_flags = SOCK_NONBLOCK | SOCK_CLOEXEC,
    .send_flags = MSG_NOSIGNAL,
    .recv_flags = MSG_CMSG_CLOEXEC,
    .msg_notification = LINUX_MSG_NOTIFICATION,
    .interfaces_fill = xnet__linux_interfaces_fill,
};

/* The instance: the POSIX state first (the POSIX ops take the instance as
 * an xnet_posix), then the capability bits decided at open. */
typedef struct linux_stack {
  xnet_posix posix;
  int caps;
} linux_stack;

/* Whether the kernel has SCTP, asked once: an SCTP socket through the
 * stack's syscall table, closed at once. Only EPROTONOSUPPORT and
 * ESOCKTNOSUPPORT (CONFIG_IP_SCTP off, the module not loadable) say "no";
 * another failure (EMFILE, a seccomp EACCES) leaves the answer to the
 * socket op of each SCTP call. */
static int linux_probe_sctp(void *inst) {
  int sock;
  int rc = xnet__posix_socket(inst, XNET_AF_INET, XNET_SOCK_STREAM,
                              IPPROTO_SCTP, &sock);
  if (rc == 0) xnet__posix_close(inst, sock);
  return rc == XNET_EPROTONOSUPPORT || rc == XNET_ESOCKTNOSUPPORT ? 0 : 1;
}

static int linux_open(void *inst, const void *config) {
  linux_stack *l = inst;
  int rc = xnet__posix_open(&l->posix, &linux_host, config);
  if (rc < 0) return rc;
  /* recvmmsg/sendmmsg since Linux 2.6.33/3.0; IP_PKTINFO and the other
   * per-packet control messages always. */
  l->caps = XNET_CAP_BATCH | XNET_CAP_PKTINFO;
  if (linux_probe_sctp(inst)) l->caps |= XNET_CAP_SCTP;
  return 0;
}

static int linux_caps(void *inst) { return ((linux_stack *)inst)->caps; }

static const xnet_backend_ops xnet_backend_linux = {
    .name = "linux",
    .instance_size = sizeof(linux_stack),
    .profile = &xnet_profile_linux,
    /* ---- hot path ---- */
    .recvmsg = xnet__posix_recvmsg,
    .sendmsg = xnet__posix_sendmsg,
    .recvmmsg = xnet__linux_recvmmsg,
    .sendmmsg = xnet__linux_sendmmsg,
    .wait = xnet__posix_wait,
    .read = xnet__posix_read,
    .write = xnet__posix_write,
    /* ---- clock and randomness ---- */
    .now = xnet__posix_now,
    .random = xnet__linux_random,
    /* ---- socket lifecycle ---- */
    .socket = xnet__linux_socket, /* POSIX + the no-SCTP detail (sctp.c) */
    .bind = xnet__posix_bind,
    .connect = xnet__posix_connect,
    .connect_result = xnet__posix_connect_result,
    .listen = xnet__posix_listen,
    .accept = xnet__posix_accept,
    .shutdown = xnet__posix_shutdown,
    .close = xnet__posix_close,
    .local_addr = xnet__posix_local_addr,
    .remote_addr = xnet__posix_remote_addr,
    .setsockopt = xnet__posix_setsockopt,
    .getsockopt = xnet__posix_getsockopt,
    .setsockopt_raw = xnet__posix_setsockopt_raw,
    .getsockopt_raw = xnet__posix_getsockopt_raw,
    .dup = xnet__posix_dup,
    .import_fd = xnet__posix_import_fd,
    .unlink_path = xnet__posix_unlink_path,
    /* ---- wake-ups ---- */
    .waker_open = xnet__linux_waker_open,
    .waker_wake = xnet__posix_waker_wake,
    .waker_close = xnet__posix_waker_close,
    /* ---- names and interfaces ---- */
    .resolve = xnet__posix_resolve,
    .reverse = xnet__posix_reverse,
    .interfaces = xnet__posix_interfaces,
    .zone_index = xnet__posix_zone_index,
    .zone_name = xnet__posix_zone_name,
    /* ---- stack lifecycle (nothing to release) ---- */
    .open = linux_open,
    /* ---- ops appended later ---- */
    .interface_addrs = xnet__posix_interface_addrs,
    .multicast_addrs = xnet__linux_multicast_addrs,
    .wait_many = xnet__posix_wait_many,
    .setsockopt_group = xnet__linux_setsockopt_group,
    /* ---- SCTP (sctp.c; the layout checked in sctp_abi_check.c) ---- */
    .sctp_layout = &xnet_sctp_layout_linux,
    .sctp_bindx = xnet__linux_sctp_bindx,
    .sctp_connectx = xnet__linux_sctp_connectx,
    .sctp_addrs = xnet__linux_sctp_addrs,
    .caps = linux_caps,
};

int xnet__host_stack_open(xnet_stack **out) {
  return xnet__stack_open(&xnet_backend_linux, NULL, out);
}

int xnet__host_stack_open_config(const xnet_posix_config *config,
                                 xnet_stack **out) {
  return xnet__stack_open(&xnet_backend_linux, config, out);
}
