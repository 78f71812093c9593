/* xnet/ipv4.h — IPv4 socket options, multicast, per-packet control
 * messages and raw IPv4 conns on an xnet_conn (Go's golang.org/x/net/ipv4:
 * Conn, PacketConn and RawConn become functions on the conn).
 *
 * Option numbers and value layouts come from the stack's profile
 * (xnet/sockopt_table.h): an option the platform lacks fails with
 * XNET_ENOTSUP, and the op error's detail names it ("IP_MULTICAST_TTL").
 * Interfaces are given by index (Go: *net.Interface; 0 = none / the
 * system's choice). Deadlines and close are the conn's own
 * (xnet_conn_set_deadline, xnet_conn_close), as Go's wrappers forward them.
 *
 * Thread-safety: as the conn — one reader and one writer at a time; option
 * calls may run beside them. The control-message flags live in the conn.
 */
#ifndef XNET_IPV4_H
#define XNET_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/conn.h"
#include "xnet/icmp_filter.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv4_header.h"
#include "xnet/net.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One classic BPF instruction (Go: bpf.RawInstruction; the kernel's
 * struct sock_filter). */
typedef struct xnet_bpf_insn {
  uint16_t code;
  uint8_t jt;
  uint8_t jf;
  uint32_t k;
} xnet_bpf_insn;

/* ---- unicast (stream and packet conns) ---- */

/* xnet_ipv4_tos reads the type-of-service byte sent on c. Go: Conn.TOS.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_tos(xnet_conn *c, int *tos);
/* xnet_ipv4_set_tos sets the TOS byte of outgoing packets. Go: SetTOS.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_set_tos(xnet_conn *c,
                                                       int tos);
/* xnet_ipv4_ttl reads the time-to-live of outgoing unicast packets.
 * Go: Conn.TTL. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_ttl(xnet_conn *c, int *ttl);
/* xnet_ipv4_set_ttl sets the unicast TTL. Go: SetTTL.
 * Errors: XNET_ENOTSUP, host errors (-EINVAL outside 1..255). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_set_ttl(xnet_conn *c,
                                                       int ttl);

/* ---- multicast (packet conns: udp4, ip4) ---- */

/* xnet_ipv4_multicast_ttl reads the TTL of outgoing multicast packets.
 * Go: PacketConn.MulticastTTL. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_multicast_ttl(xnet_conn *c,
                                                             int *ttl);
/* xnet_ipv4_set_multicast_ttl sets it. Go: SetMulticastTTL.
 * Errors: XNET_ENOTSUP, XNET_EINVAL (outside 0..255), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_multicast_ttl(xnet_conn *c, int ttl);
/* xnet_ipv4_multicast_loopback reports whether c's multicast packets loop
 * back to local listeners. Go: MulticastLoopback.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_multicast_loopback(xnet_conn *c, bool *on);
/* xnet_ipv4_set_multicast_loopback turns the loopback on or off.
 * Go: SetMulticastLoopback. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_multicast_loopback(xnet_conn *c, bool on);
/* xnet_ipv4_set_multicast_interface sends multicast packets through the
 * interface ifindex (0: the system's choice). Go: SetMulticastInterface.
 * Errors: XNET_EBADADDR (no interface ifindex; before any option call),
 * XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_multicast_interface(xnet_conn *c, int ifindex);

/* xnet_ipv4_join_group joins the any-source group on interface ifindex (0:
 * the system's choice). Go: PacketConn.JoinGroup.
 * Errors: XNET_EBADADDR (group NULL or not an IPv4 multicast address, or
 * no interface ifindex: checked before any system call), XNET_ENOTSUP,
 * host errors (-EADDRINUSE when already joined). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_join_group(xnet_conn *c, int ifindex, const xnet_ip *group);
/* xnet_ipv4_leave_group leaves it. Go: LeaveGroup. Errors: as join
 * (-EADDRNOTAVAIL when not joined). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_leave_group(xnet_conn *c, int ifindex, const xnet_ip *group);
/* xnet_ipv4_join_source_specific_group joins group for the traffic of
 * source only (SSM, MCAST_JOIN_SOURCE_GROUP).
 * Go: JoinSourceSpecificGroup. Errors: as join, plus XNET_EBADADDR for a
 * source that is not an IPv4 unicast address. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_join_source_specific_group(xnet_conn *c, int ifindex,
                                     const xnet_ip *group,
                                     const xnet_ip *source);
/* xnet_ipv4_leave_source_specific_group leaves it.
 * Go: LeaveSourceSpecificGroup. Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_leave_source_specific_group(xnet_conn *c, int ifindex,
                                      const xnet_ip *group,
                                      const xnet_ip *source);
/* xnet_ipv4_exclude_source_specific_group mutes source in an any-source
 * group joined on ifindex (MCAST_BLOCK_SOURCE).
 * Go: ExcludeSourceSpecificGroup. Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_exclude_source_specific_group(xnet_conn *c, int ifindex,
                                        const xnet_ip *group,
                                        const xnet_ip *source);
/* xnet_ipv4_include_source_specific_group unmutes it
 * (MCAST_UNBLOCK_SOURCE). Go: IncludeSourceSpecificGroup.
 * Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_include_source_specific_group(xnet_conn *c, int ifindex,
                                        const xnet_ip *group,
                                        const xnet_ip *source);

/* ---- filters ---- */

/* xnet_ipv4_icmp_filter reads the ICMP filter of a raw ICMP conn.
 * Go: PacketConn.ICMPFilter. Errors: XNET_ENOTSUP (not Linux), host
 * errors (-EOPNOTSUPP on a socket that is not raw ICMP). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_icmp_filter(xnet_conn *c, xnet_icmp4_filter *f);
/* xnet_ipv4_set_icmp_filter sets it. Go: SetICMPFilter.
 * Errors: as xnet_ipv4_icmp_filter. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_icmp_filter(xnet_conn *c, const xnet_icmp4_filter *f);
/* xnet_ipv4_set_bpf attaches the classic BPF program prog[0..n) to c
 * (SO_ATTACH_FILTER); the kernel copies it. Go: PacketConn.SetBPF.
 * Errors: XNET_EINVAL (n 0 or above 4096, prog NULL), XNET_ENOTSUP,
 * host errors (-EINVAL for a program the kernel rejects). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n);

/* ---- per-packet control messages ---- */

/* xnet_ipv4_set_control_message turns the delivery of the control
 * messages of flags (XNET_IPV4_FLAG_*) on or off; read_from then reports
 * them. Go: PacketConn.SetControlMessage.
 * Errors: XNET_ENOTSUP (an option the platform lacks), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_set_control_message(xnet_conn *c, uint32_t flags, bool on);
/* xnet_ipv4_read_from reads one datagram into buf[0..n); cm (may be NULL)
 * receives the control messages turned on, src (may be NULL) the sender.
 * Returns the payload length. Honours the read deadline.
 * Go: PacketConn.ReadFrom.
 * Errors: XNET_ETIMEDOUT, XNET_ECLOSED, XNET_EINVAL (a stream conn), host
 * errors; a cut control buffer still returns the payload, cm->cut set. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_read_from(xnet_conn *c, void *buf, size_t n, xnet_ipv4_cmsg *cm,
                    xnet_addr *src);
/* xnet_ipv4_write_to sends buf[0..n) to dst (NULL on a connected conn)
 * with the sending options of cm (source, interface; may be NULL).
 * Returns bytes written. Go: PacketConn.WriteTo.
 * Errors: XNET_ETIMEDOUT, XNET_ECLOSED, XNET_EWRITETOCONNECTED, host
 * errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_write_to(xnet_conn *c, const void *buf, size_t n,
                   const xnet_ipv4_cmsg *cm, const xnet_addr *dst);

/* ---- raw IPv4 conns ("ip4:proto") ---- */

/* xnet_ipv4_raw_init makes c (an "ip4:..." conn) a raw IPv4 conn whose
 * writes carry their own header (IP_HDRINCL). Go: ipv4.NewRawConn.
 * Errors: XNET_EINVAL (not an IP conn), XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv4_raw_init(xnet_conn *c);
/* xnet_ipv4_raw_read_from reads one packet into buf[0..n), parses its
 * header into *h (options borrowed from buf) and points *payload at what
 * follows it in buf (*payload_len bytes); cm may be NULL. Returns the
 * bytes read. Go: RawConn.ReadFrom.
 * Errors: XNET_ETIMEDOUT, XNET_ECLOSED, the header codec's errors for a
 * packet it cannot parse (XNET_ESHORT ...), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_raw_read_from(xnet_conn *c, void *buf, size_t n,
                        xnet_ipv4_header *h, const uint8_t **payload,
                        size_t *payload_len, xnet_ipv4_cmsg *cm);
/* xnet_ipv4_raw_write_to sends header h and payload p[0..n) to h->dst;
 * the kernel fills the ID, checksum and source when they are zero and the
 * total length always (Linux raw(7)). Returns bytes written (header
 * included). Go: RawConn.WriteTo.
 * Errors: XNET_EINVAL (h NULL), the header codec's errors, XNET_EMSGSIZE
 * (over 65535 bytes), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_raw_write_to(xnet_conn *c, const xnet_ipv4_header *h,
                       const void *p, size_t n, const xnet_ipv4_cmsg *cm);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV4_H */
