/* sockaddr.c — xnet_sockaddr <-> struct sockaddr_storage, and the portable
 * family and socket-type numbers.
 *
 * Reading goes through memcpy into the concrete struct after checking the
 * length, so a short address from the kernel (or getaddrinfo) is never read
 * past its end. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "posix_int.h"

int xnet__posix_family_to_host(int family) {
  switch (family) {
  case XNET_AF_INET: return AF_INET;
  case XNET_AF_INET6: return AF_INET6;
  case XNET_AF_UNIX: return AF_UNIX;
  case XNET_AF_UNSPEC: return AF_UNSPEC;
  default: return -1;
  }
}

int xnet__posix_type_to_host(int type) {
  switch (type) {
  case XNET_SOCK_STREAM: return SOCK_STREAM;
  case XNET_SOCK_DGRAM: return SOCK_DGRAM;
  case XNET_SOCK_RAW: return SOCK_RAW;
  case XNET_SOCK_SEQPACKET: return SOCK_SEQPACKET;
  default: return -1;
  }
}

int xnet__posix_type_from_host(int type) {
  /* Not a switch: the SOCK_* values are the host's, compared by name. */
  if (type == SOCK_STREAM) return XNET_SOCK_STREAM;
  if (type == SOCK_DGRAM) return XNET_SOCK_DGRAM;
  if (type == SOCK_RAW) return XNET_SOCK_RAW;
  if (type == SOCK_SEQPACKET) return XNET_SOCK_SEQPACKET;
  return 0;
}

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0xff, 0xff};

static int to_inet(const xnet_sockaddr *a, struct sockaddr_storage *ss,
                   socklen_t *len) {
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(a->port);
  if (a->ip.len == 4)
    memcpy(&sin.sin_addr, a->ip.bytes, 4);
  else if (a->ip.len == 16 &&
           memcmp(a->ip.bytes, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0)
    memcpy(&sin.sin_addr, a->ip.bytes + 12, 4);
  else if (a->ip.len != 0) /* 0: the wildcard, already zero */
    return XNET_EBADADDR;
  memcpy(ss, &sin, sizeof sin);
  *len = sizeof sin;
  return 0;
}

static int to_inet6(const xnet_sockaddr *a, struct sockaddr_storage *ss,
                    socklen_t *len) {
  struct sockaddr_in6 sin6;
  memset(&sin6, 0, sizeof sin6);
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(a->port);
  sin6.sin6_scope_id = a->scope_id;
  if (a->ip.len == 16) {
    memcpy(&sin6.sin6_addr, a->ip.bytes, 16);
  } else if (a->ip.len == 4) { /* a dual-stack socket reaches IPv4 mapped */
    memcpy(&sin6.sin6_addr, v4_mapped_prefix, sizeof v4_mapped_prefix);
    memcpy((uint8_t *)&sin6.sin6_addr + 12, a->ip.bytes, 4);
  } else if (a->ip.len != 0) {
    return XNET_EBADADDR;
  }
  memcpy(ss, &sin6, sizeof sin6);
  *len = sizeof sin6;
  return 0;
}

static int to_unix(const xnet_sockaddr *a, struct sockaddr_storage *ss,
                   socklen_t *len) {
  struct sockaddr_un un;
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  if (a->path_len > sizeof un.sun_path || a->path_len > sizeof a->path)
    return XNET_EINVAL;
  memcpy(un.sun_path, a->path, a->path_len);
  size_t n = offsetof(struct sockaddr_un, sun_path) + a->path_len;
  /* A pathname carries its NUL when there is room (the kernel accepts it
   * either way); an abstract name's length is exactly its bytes. */
  if (a->path_len > 0 && a->path[0] != '\0' &&
      a->path_len < sizeof un.sun_path)
    n++;
  memcpy(ss, &un, sizeof un);
  *len = (socklen_t)n;
  return 0;
}

/* Writes the first *len bytes of ss (the to_* helpers build a whole,
 * zeroed struct); the rest is left as it was, since every caller passes
 * *len on. */
int xnet__posix_sockaddr_to(const xnet_sockaddr *a,
                            struct sockaddr_storage *ss, socklen_t *len) {
  *len = 0;
  switch (a->family) {
  case XNET_AF_INET: return to_inet(a, ss, len);
  case XNET_AF_INET6: return to_inet6(a, ss, len);
  case XNET_AF_UNIX: return to_unix(a, ss, len);
  default: return XNET_EAFNOSUPPORT;
  }
}

int xnet__posix_sockaddr_from(const struct sockaddr *sa, socklen_t len,
                              xnet_sockaddr *out) {
  /* Everything but the path, which holds path_len bytes (zeroing all 108
   * on every received datagram was a measurable part of a read). */
  memset(out, 0, offsetof(xnet_sockaddr, path));
  size_t have = len;
  if (!sa || have < offsetof(struct sockaddr, sa_family) + sizeof(sa_family_t))
    return 0; /* no address: AF_UNSPEC */
  sa_family_t family;
  memcpy(&family, (const char *)sa + offsetof(struct sockaddr, sa_family),
         sizeof family);
  if (family == AF_INET) {
    struct sockaddr_in sin;
    if (have < sizeof sin) return XNET_EBADADDR;
    memcpy(&sin, sa, sizeof sin);
    out->family = XNET_AF_INET;
    out->port = ntohs(sin.sin_port);
    xnet_ip_from4((const uint8_t *)&sin.sin_addr, &out->ip);
    return 0;
  }
  if (family == AF_INET6) {
    struct sockaddr_in6 sin6;
    if (have < sizeof sin6) return XNET_EBADADDR;
    memcpy(&sin6, sa, sizeof sin6);
    out->family = XNET_AF_INET6;
    out->port = ntohs(sin6.sin6_port);
    out->scope_id = sin6.sin6_scope_id;
    xnet_ip_from16((const uint8_t *)&sin6.sin6_addr, &out->ip);
    return 0;
  }
  if (family == AF_UNIX) {
    struct sockaddr_un un;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    size_t n = have > sizeof un ? sizeof un : have;
    memset(&un, 0, sizeof un);
    memcpy(&un, sa, n);
    size_t plen = n - off;
    if (plen > sizeof out->path) plen = sizeof out->path;
    if (plen > 0 && un.sun_path[0] != '\0') /* pathname: up to its NUL */
      plen = strnlen(un.sun_path, plen);
    out->family = XNET_AF_UNIX;
    out->path_len = (uint16_t)plen;
    memcpy(out->path, un.sun_path, plen);
    return 0;
  }
  return XNET_EAFNOSUPPORT;
}
