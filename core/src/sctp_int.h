/* sctp_int.h — what the core's SCTP files (sctp_*.c) share. Private. */
#ifndef XNET_SCTP_INT_H
#define XNET_SCTP_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core_int.h"
#include "xnet/sctp.h"

/* The SCTP part of an XNET_KIND_SCTP conn (xnet_conn.sctp): the endpoint
 * addresses Go's SCTPConn caches, guarded by mu because refresh and
 * bind_add may replace them while another thread reads them. */
struct xnet__sctp {
  pthread_mutex_t mu;
  xnet_sctp_endpoint laddr;
  xnet_sctp_endpoint raddr;
};

/* ---- sctp_addr.c ---- */
/* Whether network is "sctp", "sctp4" or "sctp6". */
bool xnet__sctp_network(const char *network);
/* Resolves address text for the parsed network n. *needs_lookup is set
 * when the text names a host or service (so resolving it asks a resolver);
 * with lookups == false such text fails with XNET_EBADADDR before any
 * lookup. When a host name fails to resolve, *bad_host (may be NULL)
 * points at it in address, *bad_len its length (else 0). Records no
 * failure. */
int xnet__sctp_resolve(xnet_stack *s, const xnet_network *n,
                       const char *address, bool lookups,
                       xnet_sctp_endpoint *out, bool *needs_lookup,
                       const char **bad_host, size_t *bad_len);
/* The backend sockaddr of ip (nil: the family's wildcard) and port in the
 * socket family (XNET_AF_INET / _INET6; an IPv4 address on an IPv6 socket
 * becomes IPv4-mapped), or in the address's own family when family is
 * XNET_AF_UNSPEC (bindx/connectx lists). */
int xnet__sctp_sockaddr(xnet_stack *s, const xnet_ip *ip, uint16_t port,
                        int family, xnet_sockaddr *out);
/* An endpoint from backend sockaddrs (at most XNET_SCTP_ENDPOINT_MAX; the
 * port of the first). */
void xnet__sctp_endpoint_from(xnet_stack *s, const xnet_sockaddr *sa,
                              size_t n, xnet_sctp_endpoint *out);
/* Whether every address of e is IPv4 (true for none). */
bool xnet__sctp_all_v4(const xnet_sctp_endpoint *e);

/* ---- sctp_opt.c ---- */
/* The stack's SCTP layout, or NULL. */
const xnet_sctp_layout *xnet__sctp_layout(xnet_stack *s);
/* Sets an int option at the layout's SCTP level. */
int xnet__sctp_set_int(xnet_stack *s, int sock, xnet_sctp_sockopt opt,
                       int value);
/* Applies init options (zero fields: defaults) and SCTP_RECVRCVINFO to a
 * new socket. */
int xnet__sctp_init_socket(xnet_stack *s, int sock,
                           const xnet_sctp_init_options *o);
/* Turns types on or off on sock. */
int xnet__sctp_subscribe(xnet_stack *s, int sock,
                         const xnet_sctp_notification_type *types, size_t n,
                         bool on);
/* Adds (add) or removes the addresses of e on sock, with port (the bound
 * one) for every address. */
int xnet__sctp_bindx(xnet_stack *s, int sock, int family,
                     const xnet_sctp_endpoint *e, uint16_t port, bool add);
/* The local (remote false) or peer addresses of sock. */
int xnet__sctp_addrs(xnet_stack *s, int sock, bool remote,
                     xnet_sctp_endpoint *out);
/* Resolves the address text of a bind_add/bind_remove ("h1/h2" or
 * "h1/h2:port") for network. */
int xnet__sctp_bind_text(xnet_stack *s, const char *network,
                         const char *address, xnet_sctp_endpoint *out);

/* ---- sctp_conn.c ---- */
/* Gives a new conn its SCTP part: addresses from the backend (or from
 * known, when the backend cannot say). Closes the conn on failure. */
int xnet__sctp_conn_setup(xnet_conn *c, const xnet_sctp_endpoint *known_local,
                          const xnet_sctp_endpoint *known_remote);
/* Records a failure on an SCTP conn. */
int xnet__sctp_conn_fail(const xnet_conn *c, const char *op, int code);

#endif /* XNET_SCTP_INT_H */
