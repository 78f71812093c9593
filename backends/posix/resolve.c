/* resolve.c — host names to addresses through getaddrinfo, and addresses
 * to names through getnameinfo.
 *
 * AI_ADDRCONFIG is off, so "localhost" resolves to both loopback
 * addresses even on a host whose only interface is lo (Go's resolver does
 * not filter either). getaddrinfo's EAI_* codes become XNET codes:
 *   EAI_NONAME, EAI_NODATA, EAI_ADDRFAMILY -> XNET_ENOHOST (Go: IsNotFound)
 *   EAI_AGAIN                             -> XNET_EAGAIN  (Go: IsTemporary)
 *   EAI_MEMORY                            -> XNET_ENOMEM
 *   EAI_FAMILY                            -> XNET_EAFNOSUPPORT
 *   EAI_SYSTEM                            -> -errno
 *   EAI_BADFLAGS, EAI_SERVICE, EAI_SOCKTYPE -> XNET_EINVAL
 *   EAI_FAIL and anything else            -> XNET_EIO
 */
/* glibc declares EAI_NODATA and EAI_ADDRFAMILY only for _GNU_SOURCE; the
 * BSDs and Darwin ignore the macro. */
#define _GNU_SOURCE
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "posix_int.h"

static int eai_code(int eai, int saved_errno) {
  switch (eai) {
  case EAI_NONAME:
#ifdef EAI_NODATA /* a feature test: not every libc has it */
  case EAI_NODATA:
#endif
#ifdef EAI_ADDRFAMILY
  case EAI_ADDRFAMILY:
#endif
    return XNET_ENOHOST;
  case EAI_AGAIN: return XNET_EAGAIN;
  case EAI_MEMORY: return XNET_ENOMEM;
  case EAI_FAMILY: return XNET_EAFNOSUPPORT;
  case EAI_SYSTEM: return saved_errno ? xnet__posix_err(saved_errno) : XNET_EIO;
  case EAI_BADFLAGS:
  case EAI_SERVICE:
  case EAI_SOCKTYPE:
    return XNET_EINVAL;
  default:
    return XNET_EIO;
  }
}

int xnet__posix_resolve(void *inst, const char *host, int family,
                        xnet_resolved *out, size_t cap) {
  xnet_posix *p = inst;
  if (!host || !*host) return XNET_EINVAL;
  if (family != XNET_AF_UNSPEC && family != XNET_AF_INET &&
      family != XNET_AF_INET6)
    return XNET_EAFNOSUPPORT;
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = xnet__posix_family_to_host(family);
  /* One socket type, so each address comes once instead of once per
   * stream/datagram/raw. */
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo *res = NULL;
  errno = 0;
  int rc = p->sys.getaddrinfo(host, NULL, &hints, &res);
  if (rc != 0) return eai_code(rc, errno);
  size_t n = 0;
  for (const struct addrinfo *ai = res; ai && n < cap; ai = ai->ai_next) {
    xnet_sockaddr sa;
    if (xnet__posix_sockaddr_from(ai->ai_addr, ai->ai_addrlen, &sa) < 0 ||
        (sa.family != XNET_AF_INET && sa.family != XNET_AF_INET6))
      continue;
    size_t i = 0;
    while (i < n && !xnet_ip_equal(&out[i].ip, &sa.ip)) i++;
    if (i < n) continue; /* a duplicate */
    memset(&out[n], 0, sizeof out[n]);
    out[n].ip = sa.ip;
    /* A scoped result keeps its interface as a numeric zone. */
    if (sa.scope_id)
      snprintf(out[n].ip.zone, sizeof out[n].ip.zone, "%u",
               (unsigned)sa.scope_id);
    n++;
  }
  p->sys.freeaddrinfo(res);
  if (n == 0 && cap > 0) return XNET_ENOHOST;
  return (int)(n > INT32_MAX ? INT32_MAX : n);
}

int xnet__posix_reverse(void *inst, const xnet_ip *ip, char *name, size_t cap) {
  xnet_posix *p = inst;
  xnet_sockaddr sa;
  memset(&sa, 0, sizeof sa);
  xnet_ip v4;
  if (xnet_ip_to4(ip, &v4) == 0) {
    sa.family = XNET_AF_INET;
    sa.ip = v4;
  } else if (ip->len == 16) {
    sa.family = XNET_AF_INET6;
    sa.ip = *ip;
    sa.ip.zone[0] = '\0';
  } else {
    return XNET_EINVAL;
  }
  struct sockaddr_storage ss;
  socklen_t len;
  int rc = xnet__posix_sockaddr_to(&sa, &ss, &len);
  if (rc < 0) return rc;
  char host[NI_MAXHOST];
  errno = 0;
  /* NI_NAMEREQD: an address without a name is an error, not its text. */
  rc = p->sys.getnameinfo((const struct sockaddr *)&ss, len, host, sizeof host,
                          NULL, 0, NI_NAMEREQD);
  if (rc != 0) return eai_code(rc, errno);
  size_t n = strlen(host);
  if (n >= cap) return XNET_ENOBUFS;
  memcpy(name, host, n + 1);
  return (int)n;
}
