/* file.c — conns and listeners from existing descriptors, and duplicates
 * of theirs (Go's FileConn, FileListener, FilePacketConn and File).
 *
 * Importing goes through the stack's import_fd op (duplicate, non-blocking,
 * close-on-exec: Go's newFileFD), then identifies the socket as Go's
 * addrFunc does, from its type (SO_TYPE) and the family of its local
 * address. */
#include "core_int.h"
#include "xnet/error.h"
#include "xnet/file.h"

/* Go's OpError for these: Op "file", Net "file+net". */
static int file_fail(int code) {
  return xnet__fail("file", "file+net", NULL, NULL, code);
}

/* The conn kind of a socket type on a family; NONE for no kind. */
static xnet_kind kind_of(int family, int type) {
  if (family == XNET_AF_INET || family == XNET_AF_INET6) {
    switch (type) {
    case XNET_SOCK_STREAM: return XNET_KIND_TCP;
    case XNET_SOCK_DGRAM: return XNET_KIND_UDP;
    case XNET_SOCK_RAW: return XNET_KIND_IP;
    default: return XNET_KIND_NONE;
    }
  }
  if (family == XNET_AF_UNIX) {
    switch (type) {
    case XNET_SOCK_STREAM: return XNET_KIND_UNIX;
    case XNET_SOCK_DGRAM: return XNET_KIND_UNIXGRAM;
    case XNET_SOCK_SEQPACKET: return XNET_KIND_UNIXPACKET;
    default: return XNET_KIND_NONE;
    }
  }
  return XNET_KIND_NONE;
}

static bool is_stream(xnet_kind k) {
  return k == XNET_KIND_TCP || k == XNET_KIND_UNIX ||
         k == XNET_KIND_UNIXPACKET;
}

/* An imported socket: the stack's copy and what it is. */
typedef struct imported {
  int sock;
  xnet_kind kind;
  bool has_peer;
} imported;

/* Imports fd into s and identifies it; on failure nothing is left open. */
static int import(xnet_stack **s, int fd, imported *out) {
  out->sock = -1;
  out->kind = XNET_KIND_NONE;
  out->has_peer = false;
  int rc = xnet__stack_resolve(s);
  if (rc < 0) return rc;
  xnet_stack *st = *s;
  int sock;
  if ((rc = st->ops.import_fd(st->inst, fd, &sock)) < 0) return rc;
  int type = 0;
  xnet_sockaddr la, ra;
  rc = st->ops.getsockopt(st->inst, sock, XNET_SO_TYPE, &type);
  if (rc == 0) rc = st->ops.local_addr(st->inst, sock, &la);
  if (rc == 0 && (out->kind = kind_of(la.family, type)) == XNET_KIND_NONE)
    rc = XNET_EINVAL; /* Go: syscall.EINVAL */
  if (rc < 0) {
    st->ops.close(st->inst, sock);
    return rc;
  }
  out->has_peer = st->ops.remote_addr(st->inst, sock, &ra) == 0 &&
                  ra.family != XNET_AF_UNSPEC;
  out->sock = sock;
  return 0;
}

/* The network name of a kind ("tcp", "unixgram", ...). */
static const char *kind_net(xnet_kind kind) {
  xnet_addr a = {.kind = kind};
  return xnet_addr_network(&a);
}

int xnet_file_conn(xnet_stack *s, int fd, xnet_conn **out) {
  *out = NULL;
  imported im;
  int rc = import(&s, fd, &im);
  if (rc == 0 && is_stream(im.kind) && !im.has_peer) {
    s->ops.close(s->inst, im.sock);
    rc = XNET_ENOTCONN;
  }
  if (rc == 0)
    rc = xnet__conn_new(s, im.sock, im.kind, kind_net(im.kind), im.has_peer,
                        NULL, NULL, out);
  return rc < 0 ? file_fail(rc) : 0;
}

int xnet_file_packet_conn(xnet_stack *s, int fd, xnet_conn **out) {
  *out = NULL;
  imported im;
  int rc = import(&s, fd, &im);
  if (rc == 0 && is_stream(im.kind)) {
    s->ops.close(s->inst, im.sock);
    rc = XNET_EINVAL;
  }
  if (rc == 0)
    rc = xnet__conn_new(s, im.sock, im.kind, kind_net(im.kind), im.has_peer,
                        NULL, NULL, out);
  return rc < 0 ? file_fail(rc) : 0;
}

int xnet_file_listener(xnet_stack *s, int fd, xnet_listener **out) {
  *out = NULL;
  imported im;
  int rc = import(&s, fd, &im);
  if (rc == 0 && (!is_stream(im.kind) || im.has_peer)) {
    s->ops.close(s->inst, im.sock);
    rc = XNET_EINVAL;
  }
  if (rc == 0)
    rc = xnet__listener_new(s, im.sock, im.kind, kind_net(im.kind), out);
  return rc < 0 ? file_fail(rc) : 0;
}

/* Duplicates the socket of pd inside an entered call. */
static int dup_socket(xnet__pd *pd, int *fd) {
  int rc = xnet__pd_enter(pd);
  if (rc == 0) rc = pd->stack->ops.dup(pd->stack->inst, pd->sock, fd);
  return rc;
}

int xnet_conn_file(xnet_conn *c, int *fd) {
  *fd = -1;
  const xnet_addr *ra = c->raddr.kind != XNET_KIND_NONE ? &c->raddr : NULL;
  if (c->kind == XNET_KIND_PIPE)
    return xnet__fail("file", c->net, xnet__conn_laddr(c), ra, XNET_EINVAL);
  int rc = dup_socket(&c->pd, fd);
  if (rc < 0) {
    *fd = -1;
    xnet__fail("file", c->net, xnet__conn_laddr(c), ra, rc);
  }
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

int xnet_listener_file(xnet_listener *l, int *fd) {
  *fd = -1;
  int rc = dup_socket(&l->pd, fd);
  if (rc < 0) {
    *fd = -1;
    xnet__fail("file", l->net, NULL, &l->laddr, rc);
  }
  xnet__pd_leave(&l->pd);
  return rc < 0 ? rc : 0;
}
