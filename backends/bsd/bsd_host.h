/* bsd_host.h — the one place the BSD build looks at which OS it is on:
 * the flavour table of the host and the features its libc offers, from
 * the system headers. Included only by the host files (bsd.c, syscalls.c,
 * kqueue.c, mmsg.c, interfaces.c), never by the portable ones.
 *
 *   XNET_BSD_HOST_FLAVOUR  the host's xnet_bsd_flavour
 *   XNET_BSD_HOST_PROFILE  its profile (the flavour's .profile, as a
 *                           constant for the ops table)
 *   XNET_BSD_HAS_FLAG_CALLS socket/accept4/pipe2 take SOCK_NONBLOCK |
 *                           SOCK_CLOEXEC (FreeBSD 10, NetBSD 8, OpenBSD
 *                           5.7, DragonFly 4.4; not Darwin)
 *   XNET_BSD_HAS_MMSG      recvmmsg/sendmmsg (FreeBSD 11+, NetBSD 7+)
 *   XNET_BSD_HAS_EVFILT_USER kqueue user events (the waker); without
 *                           them the pipe waker and poll are used
 *   XNET_BSD_HAS_GETIFMADDRS getifmaddrs(3) (FreeBSD, Darwin)
 *   XNET_BSD_HAS_SCTP      kernel SCTP and libc's sctp_bindx(3) & co.
 *                           (FreeBSD)
 *   XNET_BSD_HOST_SCTP_LAYOUT the flavour's sctp layout as a constant for
 *                           the ops table (NULL without SCTP)
 */
#ifndef XNET_BSD_HOST_H
#define XNET_BSD_HOST_H

#include <sys/param.h>
#include <sys/types.h>
#include <sys/event.h>
#include <sys/socket.h>

#include "bsd_int.h"

#if defined(__APPLE__)
#define XNET_BSD_HOST_FLAVOUR xnet__bsd_darwin
#define XNET_BSD_HOST_PROFILE xnet_profile_darwin
#define XNET_BSD_HAS_FLAG_CALLS 0
#define XNET_BSD_HAS_MMSG 0
#define XNET_BSD_HAS_GETIFMADDRS 1
#define XNET_BSD_HAS_SCTP 0
#elif defined(__FreeBSD__)
#define XNET_BSD_HOST_FLAVOUR xnet__bsd_freebsd
#define XNET_BSD_HOST_PROFILE xnet_profile_freebsd
#define XNET_BSD_HAS_FLAG_CALLS 1
#define XNET_BSD_HAS_MMSG (__FreeBSD_version >= 1100000)
#define XNET_BSD_HAS_GETIFMADDRS 1
#define XNET_BSD_HAS_SCTP 1
#elif defined(__NetBSD__)
#define XNET_BSD_HOST_FLAVOUR xnet__bsd_netbsd
#define XNET_BSD_HOST_PROFILE xnet_profile_netbsd
#define XNET_BSD_HAS_FLAG_CALLS 1
#define XNET_BSD_HAS_MMSG 1
#define XNET_BSD_HAS_GETIFMADDRS 0
#define XNET_BSD_HAS_SCTP 0
#elif defined(__OpenBSD__)
#define XNET_BSD_HOST_FLAVOUR xnet__bsd_openbsd
#define XNET_BSD_HOST_PROFILE xnet_profile_openbsd
#define XNET_BSD_HAS_FLAG_CALLS 1
#define XNET_BSD_HAS_MMSG 0
#define XNET_BSD_HAS_GETIFMADDRS 0
#define XNET_BSD_HAS_SCTP 0
#elif defined(__DragonFly__)
#define XNET_BSD_HOST_FLAVOUR xnet__bsd_dragonfly
#define XNET_BSD_HOST_PROFILE xnet_profile_dragonfly
#define XNET_BSD_HAS_FLAG_CALLS 1
#define XNET_BSD_HAS_MMSG 0
#define XNET_BSD_HAS_GETIFMADDRS 0
#define XNET_BSD_HAS_SCTP 0
#else
#error "backends/bsd: unknown BSD flavour (see docs/porting.md)"
#endif

#if XNET_BSD_HAS_SCTP
#define XNET_BSD_HOST_SCTP_LAYOUT (&xnet_sctp_layout_freebsd)
#else
#define XNET_BSD_HOST_SCTP_LAYOUT NULL
#endif

#ifdef EVFILT_USER
#define XNET_BSD_HAS_EVFILT_USER 1
#else
#define XNET_BSD_HAS_EVFILT_USER 0
#endif

/* kqueue.c (kqueue readiness with an EVFILT_USER waker). */
int xnet__bsd_wait(void *inst, int sock, unsigned events, int64_t deadline,
                   xnet_waker *w);
int xnet__bsd_wait_many(void *inst, xnet_backend_wait *socks, size_t n,
                        int64_t deadline, xnet_waker *w);
int xnet__bsd_waker_open(void *inst, xnet_waker **out);
void xnet__bsd_waker_wake(void *inst, xnet_waker *w);

/* mmsg.c (only where XNET_BSD_HAS_MMSG). */
int xnet__bsd_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                       size_t n, int flags);
int xnet__bsd_sendmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                       size_t n, int flags);

/* interfaces.c: hardware address from the AF_LINK sockaddr_dl entry,
 * MTU from SIOCGIFMTU. */
void xnet__bsd_interfaces_fill(const xnet_posix *p, const struct ifaddrs *list,
                               xnet_backend_interface *out, size_t n);

#endif /* XNET_BSD_HOST_H */
