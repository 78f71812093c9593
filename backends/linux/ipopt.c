/* ipopt.c — ties the IP socket-option data of xnet_profile_linux
 * (codecs/src/profile_linux.c, the sockopt table) and the layouts core
 * builds from it (core/src/ip_opt.c) to this host's headers, so a port to
 * an ABI that differs fails to compile. The option numbers themselves are
 * compared with the headers by tests/codecs/test_sockopt_table.c, which
 * can read the table (a const table is not a constant expression here). */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "xnet/ipv4.h"

/* group_req / group_source_req of the LP64 profile. */
_Static_assert(sizeof(long) != 8 || sizeof(struct group_req) == 136,
               "struct group_req differs from xnet_profile_linux");
_Static_assert(offsetof(struct group_req, gr_group) == 8 || sizeof(long) != 8,
               "gr_group offset differs");
_Static_assert(sizeof(long) != 8 || sizeof(struct group_source_req) == 264,
               "struct group_source_req differs");
_Static_assert(sizeof(long) != 8 ||
                   (offsetof(struct group_source_req, gsr_group) == 8 &&
                    offsetof(struct group_source_req, gsr_source) == 136),
               "group_source_req offsets differ");
_Static_assert(sizeof(struct ip_mreqn) == 12 &&
                   offsetof(struct ip_mreqn, imr_ifindex) == 8,
               "struct ip_mreqn differs");
_Static_assert(sizeof(struct sockaddr_storage) == 128,
               "sockaddr_storage differs");
/* xnet_bpf_insn is struct sock_filter. */
_Static_assert(sizeof(xnet_bpf_insn) == sizeof(struct sock_filter) &&
                   offsetof(xnet_bpf_insn, k) ==
                       offsetof(struct sock_filter, k) &&
                   offsetof(xnet_bpf_insn, jt) ==
                       offsetof(struct sock_filter, jt),
               "xnet_bpf_insn differs from struct sock_filter");
/* core's fprog (unsigned short, pointer) is struct sock_fprog. */
struct xnet__fprog_check {
  unsigned short len;
  const xnet_bpf_insn *filter;
};
_Static_assert(sizeof(struct xnet__fprog_check) == sizeof(struct sock_fprog) &&
                   offsetof(struct xnet__fprog_check, filter) ==
                       offsetof(struct sock_fprog, filter),
               "struct sock_fprog differs from core's");
_Static_assert(sizeof(struct icmp_filter) == 4, "struct icmp_filter");
_Static_assert(sizeof(struct icmp6_filter) == 32, "struct icmp6_filter");
