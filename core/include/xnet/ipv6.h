/* xnet/ipv6.h — IPv6 socket options, multicast and per-packet control
 * messages on an xnet_conn (Go's golang.org/x/net/ipv6: Conn and
 * PacketConn become functions on the conn).
 *
 * As xnet/ipv4.h: numbers from the stack profile, XNET_ENOTSUP naming an
 * option the platform lacks, interfaces by index, deadlines and close are
 * the conn's. Thread-safety: as the conn.
 */
#ifndef XNET_IPV6_H
#define XNET_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/conn.h"
#include "xnet/icmp_filter.h"
#include "xnet/ipv4.h" /* xnet_bpf_insn */
#include "xnet/ipv6_cmsg.h"
#include "xnet/net.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_ipv6_traffic_class reads the traffic class sent on c.
 * Go: Conn.TrafficClass. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv6_traffic_class(xnet_conn *c,
                                                             int *tclass);
/* xnet_ipv6_set_traffic_class sets it (-1: the default).
 * Go: SetTrafficClass. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_traffic_class(xnet_conn *c, int tclass);
/* xnet_ipv6_hop_limit reads the unicast hop limit. Go: Conn.HopLimit.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv6_hop_limit(xnet_conn *c,
                                                         int *hops);
/* xnet_ipv6_set_hop_limit sets it (-1: the default). Go: SetHopLimit.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv6_set_hop_limit(xnet_conn *c,
                                                             int hops);
/* xnet_ipv6_path_mtu reads the path MTU of a connected conn.
 * Go: Conn.PathMTU. Errors: XNET_ENOTSUP, host errors (-ENOTCONN). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ipv6_path_mtu(xnet_conn *c,
                                                        int *mtu);

/* xnet_ipv6_multicast_hop_limit reads the multicast hop limit.
 * Go: PacketConn.MulticastHopLimit. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_multicast_hop_limit(xnet_conn *c, int *hops);
/* xnet_ipv6_set_multicast_hop_limit sets it. Go: SetMulticastHopLimit.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_multicast_hop_limit(xnet_conn *c, int hops);
/* xnet_ipv6_multicast_loopback reports the multicast loopback.
 * Go: MulticastLoopback. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_multicast_loopback(xnet_conn *c, bool *on);
/* xnet_ipv6_set_multicast_loopback sets it. Go: SetMulticastLoopback.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_multicast_loopback(xnet_conn *c, bool on);
/* xnet_ipv6_multicast_interface reads the multicast interface index (0:
 * none). Go: MulticastInterface. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_multicast_interface(xnet_conn *c, int *ifindex);
/* xnet_ipv6_set_multicast_interface sets it. Go: SetMulticastInterface.
 * Errors: XNET_EBADADDR (no interface ifindex), XNET_ENOTSUP, host
 * errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_multicast_interface(xnet_conn *c, int ifindex);

/* xnet_ipv6_join_group joins the any-source group on ifindex.
 * Go: PacketConn.JoinGroup. Errors: XNET_EBADADDR (group not an IPv6
 * multicast address, or no interface ifindex; before any system call),
 * XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_join_group(xnet_conn *c, int ifindex, const xnet_ip *group);
/* xnet_ipv6_leave_group leaves it. Go: LeaveGroup. Errors: as join. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_leave_group(xnet_conn *c, int ifindex, const xnet_ip *group);
/* xnet_ipv6_join_source_specific_group joins group for the traffic of
 * source only (MCAST_JOIN_SOURCE_GROUP, RFC 3678).
 * Go: JoinSourceSpecificGroup. Errors: as join, plus XNET_EBADADDR for a
 * source that is not IPv6 unicast. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_join_source_specific_group(xnet_conn *c, int ifindex,
                                     const xnet_ip *group,
                                     const xnet_ip *source);
/* xnet_ipv6_leave_source_specific_group leaves it.
 * Go: LeaveSourceSpecificGroup. Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_leave_source_specific_group(xnet_conn *c, int ifindex,
                                      const xnet_ip *group,
                                      const xnet_ip *source);
/* xnet_ipv6_exclude_source_specific_group mutes source in an any-source
 * group joined on ifindex (MCAST_BLOCK_SOURCE).
 * Go: ExcludeSourceSpecificGroup. Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_exclude_source_specific_group(xnet_conn *c, int ifindex,
                                        const xnet_ip *group,
                                        const xnet_ip *source);
/* xnet_ipv6_include_source_specific_group unmutes it
 * (MCAST_UNBLOCK_SOURCE). Go: IncludeSourceSpecificGroup.
 * Errors: as join_source_specific_group. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_include_source_specific_group(xnet_conn *c, int ifindex,
                                        const xnet_ip *group,
                                        const xnet_ip *source);

/* xnet_ipv6_icmp_filter reads the ICMPv6 filter of a raw ICMPv6 conn.
 * Go: PacketConn.ICMPFilter. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_icmp_filter(xnet_conn *c, xnet_icmp6_filter *f);
/* xnet_ipv6_set_icmp_filter sets it. Go: SetICMPFilter.
 * Errors: as xnet_ipv6_icmp_filter. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_icmp_filter(xnet_conn *c, const xnet_icmp6_filter *f);
/* xnet_ipv6_set_bpf attaches a classic BPF program. Go: SetBPF.
 * Errors: as xnet_ipv4_set_bpf. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n);
/* xnet_ipv6_checksum reports whether the kernel computes the checksum of
 * a raw IPv6 conn and at which payload offset. Go: PacketConn.Checksum.
 * Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_checksum(xnet_conn *c, bool *on, int *offset);
/* xnet_ipv6_set_checksum turns it on at offset, or off.
 * Go: SetChecksum. Errors: XNET_ENOTSUP, host errors (-EINVAL for an odd
 * offset). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_checksum(xnet_conn *c, bool on, int offset);

/* xnet_ipv6_set_control_message turns the delivery of the control
 * messages of flags (XNET_IPV6_FLAG_*) on or off.
 * Go: PacketConn.SetControlMessage. Errors: XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_set_control_message(xnet_conn *c, uint32_t flags, bool on);
/* xnet_ipv6_read_from reads one datagram; cm and src may be NULL. Returns
 * the payload length. Go: PacketConn.ReadFrom.
 * Errors: as xnet_ipv4_read_from. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_read_from(xnet_conn *c, void *buf, size_t n, xnet_ipv6_cmsg *cm,
                    xnet_addr *src);
/* xnet_ipv6_write_to sends buf[0..n) to dst with the sending options of cm
 * (traffic class, hop limit, source, interface, next hop where the
 * platform sends it; may be NULL). Go: PacketConn.WriteTo.
 * Errors: as xnet_ipv4_write_to. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_write_to(xnet_conn *c, const void *buf, size_t n,
                   const xnet_ipv6_cmsg *cm, const xnet_addr *dst);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV6_H */
