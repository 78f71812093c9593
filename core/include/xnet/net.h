/* xnet/net.h — networks and network addresses (Go's net.Addr family).
 *
 * A network is a Go network string: "tcp", "tcp4", "tcp6", "udp", "udp4",
 * "udp6", "ip", "ip4", "ip6" with ":proto" by number or name ("ip4:icmp",
 * "ip6:ospf", "ip4:1"), "unix", "unixgram", "unixpacket". An xnet_addr is
 * one value type for Go's TCPAddr, UDPAddr, IPAddr and UnixAddr: its kind
 * says which.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_NET_H
#define XNET_NET_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What kind of endpoint (and so which Go Addr type) an address is. */
typedef enum xnet_kind {
  XNET_KIND_NONE = 0,
  XNET_KIND_TCP,        /* TCPAddr */
  XNET_KIND_UDP,        /* UDPAddr */
  XNET_KIND_IP,         /* IPAddr */
  XNET_KIND_UNIX,       /* UnixAddr, net "unix" (stream) */
  XNET_KIND_UNIXGRAM,   /* UnixAddr, net "unixgram" */
  XNET_KIND_UNIXPACKET, /* UnixAddr, net "unixpacket" */
  XNET_KIND_SCTP,       /* SCTPAddr (the SCTP layer) */
  XNET_KIND_PIPE        /* Go's pipeAddr of net.Pipe: network and text
                         * "pipe", no other field (xnet/pipe.h) */
} xnet_kind;

/* A parsed network string. */
typedef struct xnet_network {
  xnet_kind kind;
  int family;   /* XNET_AF_UNSPEC ("tcp"), XNET_AF_INET ("tcp4"), ... */
  int protocol; /* IP protocol number for "ip*:proto", else 0 */
  char name[24]; /* the network as given, e.g. "ip4:icmp" */
} xnet_network;

/* Enough for any xnet_addr_format result. */
#define XNET_ADDR_STRLEN 128
/* Longest Unix socket path kept (Linux sun_path). */
#define XNET_UNIX_PATH_MAX 108

/* Go's TCPAddr / UDPAddr / IPAddr / UnixAddr as one value. For IP kinds,
 * ip holds the address (with its zone) and port the port (0 for IPAddr).
 * For Unix kinds, path holds path_len bytes (an abstract name starts with
 * '@' as Go writes it). */
typedef struct xnet_addr {
  xnet_kind kind;
  xnet_ip ip;
  uint16_t port;
  uint16_t path_len;
  char path[XNET_UNIX_PATH_MAX + 1];
} xnet_addr;

/* xnet_network_parse parses a network string.
 * Go: the network argument of Dial/Listen (net.parseNetwork).
 * Errors: XNET_EUNKNOWNNET for anything else, including an unknown protocol
 * name after "ip:"; XNET_EINVAL for NULL. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_network_parse(const char *network,
                                                        xnet_network *out);

/* xnet_addr_network returns the address's network name: "tcp", "udp",
 * "ip", "unix", "unixgram", "unixpacket", "sctp", or "" for none.
 * Go: Addr.Network. */
XNET_API const char *xnet_addr_network(const xnet_addr *a);

/* xnet_addr_format prints the address as Go's Addr.String does:
 * "127.0.0.1:80", "[::1%lo]:80", "::1" (IPAddr), "/tmp/s" (Unix), "<nil>"
 * for a NULL or empty address. snprintf semantics. Go: Addr.String. */
XNET_API int xnet_addr_format(const xnet_addr *a, char *buf, size_t cap);

/* xnet_resolve_addr resolves "host:port" (TCP/UDP), "host" (IP) or a path
 * (Unix) for the network through the stack's resolver: literal addresses
 * directly, names via the system resolver (getaddrinfo on the host stacks),
 * numeric ports or service names. For a name with several addresses, the
 * first of the network's family (IPv4 first for "tcp"/"udp"/"ip", as Go) is
 * chosen. An empty host gives the unspecified address (nil IP, as Go).
 * Go: ResolveTCPAddr, ResolveUDPAddr, ResolveIPAddr, ResolveUnixAddr.
 * Errors: XNET_EUNKNOWNNET; the xnet_hostport_split codes; XNET_EBADPORT
 * ("invalid port"); XNET_ENOENT (no such host / unknown port);
 * XNET_ENOSUITABLEADDR (address of the wrong family: "no suitable address
 * found"). "ip", "ip4" and "ip6" need no ":proto" here, unlike in Dial. Thread: the
 * per-thread xnet_op_error gets the context. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_resolve_addr(xnet_stack *s,
                                                       const char *network,
                                                       const char *address,
                                                       xnet_addr *out);

/* xnet_lookup_port looks up a service name (or number) for a network
 * ("tcp", "udp"). Go: LookupPort.
 * Errors: XNET_ENOENT ("unknown port"), XNET_EBADPORT. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_lookup_port(const char *network,
                                                      const char *service,
                                                      uint16_t *port);

#ifdef __cplusplus
}
#endif
#endif /* XNET_NET_H */
