/* linux_int.h — what the Linux backend's files share: the sockopt table
 * and the ops that differ from the POSIX ones.
 *
 * Thread-safety: as posix_int.h (instances immutable after open).
 */
#ifndef XNET_LINUX_INT_H
#define XNET_LINUX_INT_H

#include "posix_int.h"

/* sockopt.c: (level, name) per xnet_sockopt. */
extern const xnet_posix_sockopt xnet__linux_sockopts[XNET_SOCKOPT__MAX];

/* mmsg.c: batch I/O through recvmmsg/sendmmsg. */
int xnet__linux_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                         size_t n, int flags);
int xnet__linux_sendmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                         size_t n, int flags);

/* eventfd.c: the eventfd waker (the pipe one when the table has no
 * eventfd) and getrandom (with /dev/urandom behind it). */
int xnet__linux_waker_open(void *inst, xnet_waker **out);
int xnet__linux_random(void *inst, void *buf, size_t n);

/* interfaces.c: hardware addresses from AF_PACKET entries, MTU from
 * SIOCGIFMTU. */
void xnet__linux_interfaces_fill(const xnet_posix *p,
                                 const struct ifaddrs *list,
                                 xnet_backend_interface *out, size_t n);

/* igmp.c: joined multicast groups from /proc/net/igmp and igmp6. */
int xnet__linux_multicast_addrs(void *inst, int index, xnet_ip *out,
                                size_t cap);

/* multicast.c: IP_MULTICAST_IF (ip_mreqn) and MCAST_JOIN_GROUP /
 * MCAST_LEAVE_GROUP (group_req) built from an interface index and a
 * group. */
int xnet__linux_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                                 int ifindex, const xnet_sockaddr *group);

/* sctp.c: kernel SCTP. The socket op is the POSIX one, except that an SCTP
 * socket on a kernel without SCTP fails with XNET_ENOTSUP and a detail
 * naming the backend that can serve instead. */
int xnet__linux_socket(void *inst, int family, int type, int protocol,
                       int *sock);
int xnet__linux_sctp_bindx(void *inst, int sock, const xnet_sockaddr *addrs,
                           size_t n, int add);
int xnet__linux_sctp_connectx(void *inst, int sock,
                              const xnet_sockaddr *addrs, size_t n);
int xnet__linux_sctp_addrs(void *inst, int sock, int remote,
                           xnet_sockaddr *out, size_t cap);

/* sctp_abi_check.c: compares xnet_sctp_layout_linux with the numbers of
 * <netinet/sctp.h> this build saw; 0 when they agree, else
 * XNET_EMISMATCH with the first difference named in why[0..cap). */
int xnet__linux_sctp_abi_verify(char *why, size_t cap);

#endif /* XNET_LINUX_INT_H */
