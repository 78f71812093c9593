/* ipv4_msg.c — IPv4 packet I/O with control messages (Go x/net/ipv4's
 * PacketConn.ReadFrom/WriteTo) and raw IPv4 conns (RawConn): the control
 * buffer is sized for the conn's flags on the stack (no allocation) and
 * read and written with the profile's codec. */
#include <stdlib.h>
#include <string.h>

#include "ip_opt_int.h"
#include "xnet/error.h"

#define PROFILE(c) ((c)->pd.stack->ops.profile)

/* Largest control buffer read here: every IPv4 option of any profile. */
enum { CM_CAP = 256 };

/* Reads one message; parses control messages into cm when asked. */
static int read_cm(xnet_conn *c, void *buf, size_t n, xnet_ipv4_cmsg *cm,
                   xnet_addr *src) {
  if (cm)
    memset(cm, 0, sizeof *cm);
  uint32_t flags = atomic_load(&c->cm_flags[0]);
  uint8_t oob[CM_CAP];
  size_t space = cm && flags ? xnet_ipv4_cmsg_space(PROFILE(c), flags) : 0;
  if (space > sizeof oob)
    space = sizeof oob;
  size_t oobn = 0;
  int mflags = 0;
  int rc = xnet_conn_read_msg(c, buf, n, space ? oob : NULL, space, &oobn,
                              &mflags, src);
  if (rc < 0 || !cm || oobn == 0)
    return rc;
  int prc = xnet_ipv4_cmsg_parse(PROFILE(c), oob, oobn, cm);
  /* A cut buffer keeps the whole options (cm->cut says which were cut);
   * a malformed one is the kernel's business: report no options. */
  if (prc < 0 && prc != XNET_ETRUNCATED)
    memset(cm, 0, sizeof *cm);
  return rc;
}

int xnet_ipv4_read_from(xnet_conn *c, void *buf, size_t n, xnet_ipv4_cmsg *cm,
                        xnet_addr *src) {
  return read_cm(c, buf, n, cm, src);
}

static int write_cm(xnet_conn *c, const void *buf, size_t n,
                    const xnet_ipv4_cmsg *cm, const xnet_addr *dst) {
  uint8_t oob[CM_CAP];
  size_t oobn = 0;
  if (cm) {
    int rc = xnet_ipv4_cmsg_marshal(PROFILE(c), cm, oob, sizeof oob, &oobn);
    if (rc < 0)
      return xnet__fail("write", c->net, xnet__conn_laddr(c), dst, rc);
  }
  return xnet_conn_write_msg(c, buf, n, oobn ? oob : NULL, oobn,
                             dst && dst->kind != XNET_KIND_NONE ? dst : NULL);
}

int xnet_ipv4_write_to(xnet_conn *c, const void *buf, size_t n,
                       const xnet_ipv4_cmsg *cm, const xnet_addr *dst) {
  return write_cm(c, buf, n, cm, dst);
}

/* ---- raw IPv4 ---- */

int xnet_ipv4_raw_init(xnet_conn *c) {
  if (c->kind != XNET_KIND_IP)
    return xnet__ipopt_fail(c, "set", XNET_SO_IP_HDRINCL, XNET_EINVAL);
  return xnet__ipopt_set_int(c, XNET_SO_IP_HDRINCL, 1);
}

int xnet_ipv4_raw_read_from(xnet_conn *c, void *buf, size_t n,
                            xnet_ipv4_header *h, const uint8_t **payload,
                            size_t *payload_len, xnet_ipv4_cmsg *cm) {
  if (h)
    memset(h, 0, sizeof *h);
  if (payload)
    *payload = NULL;
  if (payload_len)
    *payload_len = 0;
  int rc = read_cm(c, buf, n, cm, NULL);
  if (rc < 0)
    return rc;
  xnet_ipv4_header tmp;
  xnet_ipv4_header *hh = h ? h : &tmp;
  int prc = xnet_ipv4_header_parse_raw(PROFILE(c), buf, (size_t)rc, hh);
  if (prc < 0)
    return xnet__fail("read", c->net, xnet__conn_laddr(c), NULL, prc);
  if (payload)
    *payload = (const uint8_t *)buf + hh->len;
  if (payload_len)
    *payload_len = (size_t)rc - hh->len;
  return rc;
}

int xnet_ipv4_raw_write_to(xnet_conn *c, const xnet_ipv4_header *h,
                           const void *p, size_t n, const xnet_ipv4_cmsg *cm) {
  if (!h || (!p && n > 0))
    return xnet__fail("write", c->net, xnet__conn_laddr(c), NULL, XNET_EINVAL);
  size_t hl = xnet_ipv4_header_size(h);
  if (hl == 0 || hl + n > 65535)
    return xnet__fail("write", c->net, xnet__conn_laddr(c), NULL,
                      hl == 0 ? XNET_EINVAL : XNET_EMSGSIZE);
  /* One datagram: the header then the payload, in a buffer of its own
   * (a stack buffer for the common sizes). */
  uint8_t small[2048];
  uint8_t *pkt = small;
  uint8_t *heap = NULL;
  if (hl + n > sizeof small) {
    heap = malloc(hl + n);
    if (!heap)
      return xnet__fail("write", c->net, xnet__conn_laddr(c), NULL, XNET_ENOMEM);
    pkt = heap;
  }
  xnet_ipv4_header hdr = *h;
  hdr.total_len = (uint16_t)(hl + n);
  size_t len;
  int rc = xnet_ipv4_header_marshal_raw(PROFILE(c), &hdr, pkt, hl, &len);
  if (rc < 0) {
    free(heap);
    return xnet__fail("write", c->net, xnet__conn_laddr(c), NULL, rc);
  }
  if (n)
    memcpy(pkt + len, p, n);
  xnet_addr dst;
  memset(&dst, 0, sizeof dst);
  dst.kind = XNET_KIND_IP;
  xnet_ip_from4(h->dst, &dst.ip);
  rc = write_cm(c, pkt, len + n, cm, c->connected ? NULL : &dst);
  free(heap);
  return rc;
}
