/* lookup_port.c — service names to ports (Go's LookupPort), from the
 * system's services database through getaddrinfo (thread-safe, POSIX). No
 * network traffic: only numeric hosts are ever passed. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/hostport.h"

int xnet_lookup_port(const char *network, const char *service,
                     uint16_t *port) {
  *port = 0;
  if (!network || !service) return XNET_EINVAL;
  int rc = xnet_port_parse(service, strlen(service), port);
  if (rc != XNET_EBADFORMAT) return rc;
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  if (strncmp(network, "udp", 3) == 0) hints.ai_socktype = SOCK_DGRAM;
  else if (strncmp(network, "tcp", 3) == 0 || network[0] == '\0')
    hints.ai_socktype = SOCK_STREAM;
  else
    return XNET_EUNKNOWNNET;
  /* Not a number to Go, so a name; but getaddrinfo reads a service by
   * strtoul first, which skips leading white space (" 1" would be port 1).
   * No services-database name holds white space, so such a string is no
   * port at all, as in Go. */
  if (strpbrk(service, " \t\n\v\f\r")) return XNET_EUNKNOWNPORT;
  if (getaddrinfo(NULL, service, &hints, &res) != 0 || !res)
    return XNET_EUNKNOWNPORT;
  uint16_t p = 0;
  if (res->ai_addr->sa_family == AF_INET) {
    struct sockaddr_in sin;
    memcpy(&sin, res->ai_addr, sizeof sin);
    p = ntohs(sin.sin_port);
  }
  freeaddrinfo(res);
  *port = p;
  return 0;
}
