/* xnet/interface.h — network interfaces (Go's net.Interface, Interfaces,
 * InterfaceByIndex, InterfaceByName, Interface.Addrs, MulticastAddrs and
 * InterfaceAddrs).
 *
 * Lists go into caller-owned arrays: a call takes (out, cap, *count), fills
 * the first min(cap, total) entries, sets *count to the total and fails
 * with XNET_ENOBUFS when cap was too small, so a second call with *count
 * entries gets them all (unless an interface appeared in between). Nothing
 * is allocated for the caller and nothing needs freeing.
 *
 * Every function takes the stack to ask (NULL: the default host stack); a
 * failure records Go's context ("route ip+net: no such network interface")
 * in the thread's xnet_op_error.
 *
 * Thread-safety: every function is reentrant; results are snapshots.
 */
#ifndef XNET_INTERFACE_H
#define XNET_INTERFACE_H

#include <stddef.h>

#include "xnet/address.h"
#include "xnet/ip_net.h"
#include "xnet/mac.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Interface flags, with Go's net.Flags values (FlagUp = 1 << 0, ...). */
enum {
  XNET_IFF_UP = 1 << 0,           /* administratively up */
  XNET_IFF_BROADCAST = 1 << 1,    /* supports broadcast access */
  XNET_IFF_LOOPBACK = 1 << 2,     /* a loopback interface */
  XNET_IFF_POINTTOPOINT = 1 << 3, /* a point-to-point link */
  XNET_IFF_MULTICAST = 1 << 4,    /* supports multicast access */
  XNET_IFF_RUNNING = 1 << 5       /* operationally up (carrier) */
};

/* Longest interface name kept, without its NUL. */
#define XNET_INTERFACE_NAME_MAX 63
/* Enough for any xnet_interface_flags_format result. */
#define XNET_INTERFACE_FLAGS_STRLEN 64

/* Go's net.Interface. */
typedef struct xnet_interface {
  int index; /* positive, from 1; 0 is never an interface */
  int mtu;   /* maximum transmission unit (0 when unknown) */
  char name[XNET_INTERFACE_NAME_MAX + 1]; /* "lo", "eth0", "eth0.100" */
  xnet_mac hardware_addr; /* len 0: none (loopback, tunnels) */
  unsigned flags;         /* XNET_IFF_* */
} xnet_interface;

/* xnet_interfaces lists the system's network interfaces.
 * Go: net.Interfaces.
 * Errors: XNET_ENOBUFS (cap too small: *count is the number needed and the
 * first cap entries are filled), XNET_ENOTSUP (a stack without
 * interfaces), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_interfaces(xnet_stack *s,
                                                     xnet_interface *out,
                                                     size_t cap,
                                                     size_t *count);

/* xnet_interface_by_index finds the interface with index.
 * Go: net.InterfaceByIndex.
 * Errors: XNET_EINVAL (index <= 0: "invalid network interface index"),
 * XNET_ENOENT ("no such network interface", the op error's detail), the
 * xnet_interfaces codes other than XNET_ENOBUFS. *out is zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_interface_by_index(xnet_stack *s, int index, xnet_interface *out);

/* xnet_interface_by_name finds the interface called name.
 * Go: net.InterfaceByName.
 * Errors: XNET_EINVAL (NULL or empty name: "invalid network interface
 * name"), XNET_ENOENT ("no such network interface"), the xnet_interfaces
 * codes other than XNET_ENOBUFS. *out is zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_interface_by_name(xnet_stack *s, const char *name, xnet_interface *out);

/* xnet_interface_addrs lists the unicast addresses of ifi as networks: the
 * interface's address (16 bytes for IPv4 too, as Go's IPv4()) with its
 * mask (4 bytes for IPv4, 16 for IPv6); IPv6 link-local addresses carry no
 * zone, as in Go. Format one with xnet_ip_net_format ("192.0.2.1/24").
 * Go: Interface.Addrs.
 * Errors: XNET_EINVAL (ifi NULL: "invalid network interface"),
 * XNET_ENOBUFS (as xnet_interfaces), XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_interface_addrs(xnet_stack *s, const xnet_interface *ifi,
                     xnet_ip_net *out, size_t cap, size_t *count);

/* xnet_interface_addrs_all lists the addresses of every interface, as
 * xnet_interface_addrs does for one. Go: net.InterfaceAddrs.
 * Errors: XNET_ENOBUFS, XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_interface_addrs_all(xnet_stack *s, xnet_ip_net *out, size_t cap,
                         size_t *count);

/* xnet_interface_multicast_addrs lists the multicast groups joined on ifi
 * (by any socket, or by the kernel itself: 224.0.0.1, ff02::1), IPv4
 * groups first; addresses are 16 bytes, without zone, as Go's.
 * Go: Interface.MulticastAddrs.
 * Errors: XNET_EINVAL (ifi NULL), XNET_ENOBUFS (as xnet_interfaces),
 * XNET_ENOTSUP (a stack that cannot tell, e.g. the BSD backend today),
 * host errors.
 * Limits: Linux reads /proc/net/igmp and /proc/net/igmp6, as Go does; a
 * missing file (no IPv6) lists nothing for its family. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_interface_multicast_addrs(xnet_stack *s, const xnet_interface *ifi,
                               xnet_ip *out, size_t cap, size_t *count);

/* xnet_interface_flags_format prints flags as Go does: the names of the set
 * bits ("up", "broadcast", "loopback", "pointtopoint", "multicast",
 * "running") joined by '|', or "0" when none is set; unknown bits are not
 * printed. snprintf semantics. Go: Flags.String. Errors: none. */
XNET_API int xnet_interface_flags_format(unsigned flags, char *buf,
                                         size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_INTERFACE_H */
