/* ipv6_msg.c — IPv6 packet I/O with control messages (Go x/net/ipv6's
 * PacketConn.ReadFrom/WriteTo), buffers on the stack, the profile's
 * codec. */
#include <string.h>

#include "ip_opt_int.h"
#include "xnet/error.h"
#include "xnet/ipv6.h"

#define PROFILE(c) ((c)->pd.stack->ops.profile)

enum { CM_CAP = 512 };

int xnet_ipv6_read_from(xnet_conn *c, void *buf, size_t n, xnet_ipv6_cmsg *cm,
                        xnet_addr *src) {
  if (cm)
    memset(cm, 0, sizeof *cm);
  uint32_t flags = atomic_load(&c->cm_flags[1]);
  uint8_t oob[CM_CAP];
  size_t space = cm && flags ? xnet_ipv6_cmsg_space(PROFILE(c), flags) : 0;
  if (space > sizeof oob)
    space = sizeof oob;
  size_t oobn = 0;
  int mflags = 0;
  int rc = xnet_conn_read_msg(c, buf, n, space ? oob : NULL, space, &oobn,
                              &mflags, src);
  if (rc < 0 || !cm || oobn == 0)
    return rc;
  int prc = xnet_ipv6_cmsg_parse(PROFILE(c), oob, oobn, cm);
  if (prc < 0 && prc != XNET_ETRUNCATED)
    memset(cm, 0, sizeof *cm);
  return rc;
}

int xnet_ipv6_write_to(xnet_conn *c, const void *buf, size_t n,
                       const xnet_ipv6_cmsg *cm, const xnet_addr *dst) {
  uint8_t oob[CM_CAP];
  size_t oobn = 0;
  if (cm) {
    int rc = xnet_ipv6_cmsg_marshal(PROFILE(c), cm, oob, sizeof oob, &oobn);
    if (rc < 0)
      return xnet__fail("write", c->net, xnet__conn_laddr(c), dst, rc);
  }
  return xnet_conn_write_msg(c, buf, n, oobn ? oob : NULL, oobn,
                             dst && dst->kind != XNET_KIND_NONE ? dst : NULL);
}
