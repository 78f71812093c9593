/* ip_opt_int.h — helpers shared by the IPv4 and IPv6 option layers
 * (ipv4_*.c, ipv6_*.c): socket options looked up in the stack profile's
 * sockopt table (xnet/sockopt_table.h) and set through the backend's raw
 * setsockopt, with the checks made before any system call. */
#ifndef XNET_IP_OPT_INT_H
#define XNET_IP_OPT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core_int.h"
#include "xnet/address.h"
#include "xnet/ipv4.h"
#include "xnet/sockopt_table.h"

/* Sets / gets an integer option (int or byte kind). Failures are recorded
 * (op "set"/"get"; XNET_ENOTSUP names the option). */
int xnet__ipopt_set_int(xnet_conn *c, xnet_so opt, int v);
int xnet__ipopt_get_int(xnet_conn *c, xnet_so opt, int *v);
/* Raw value bytes of an option (the caller built them for the row's kind). */
int xnet__ipopt_set_bytes(xnet_conn *c, xnet_so opt, const void *v,
                          size_t n);
int xnet__ipopt_get_bytes(xnet_conn *c, xnet_so opt, void *v, size_t *n);
/* A group option: checks (group multicast of the family, source unicast,
 * ifindex 0 or an existing interface) then builds the kernel structure —
 * or, for an any-source join/leave the profile has no row for, hands
 * (ifindex, group) to ops->setsockopt_group. family is XNET_AF_INET or
 * XNET_AF_INET6; source NULL for group_req. */
int xnet__ipopt_group(xnet_conn *c, xnet_so opt, int family, int ifindex,
                      const xnet_ip *group, const xnet_ip *source);
/* The multicast interface by index (ip_mreqn or int per the row; without
 * a row, IPv4 through ops->setsockopt_group). */
int xnet__ipopt_set_mcast_if(xnet_conn *c, xnet_so opt, int ifindex);
/* Attaches a classic BPF program. */
int xnet__ipopt_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n);
/* Records a failure of an IP option call. */
int xnet__ipopt_fail(xnet_conn *c, const char *op, xnet_so opt, int code);
/* Turns receive options on/off for control flags; which[i] is the flag
 * set of row i of the profile's cmsg rows (IPv4: v6 false). */
int xnet__ipopt_set_cm(xnet_conn *c, bool v6, uint32_t flags, bool on);

#endif /* XNET_IP_OPT_INT_H */
