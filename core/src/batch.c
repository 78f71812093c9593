/* batch.c — read-batch and write-batch (Go x/net's ReadBatch/WriteBatch).
 *
 * The caller's xnet_msg array is converted, XNET_BATCH_CHUNK messages at a
 * time, into the backend's xnet_backend_msg form held in the conn (one
 * work array per direction, allocated by the first call and kept until
 * close: zero allocations per call after that), passed to ops->recvmmsg /
 * ops->sendmmsg, and converted back. A backend without batching (the op
 * NULL, which the stack keeps as "no batching", or failing with
 * XNET_ENOTSUP, as the Linux one does when the host lacks the system call,
 * which is then remembered per direction) is driven with recvmsg/sendmsg,
 * one message per system call, with the same results.
 *
 * Reads block (xnet__pd_io, so under the deadline and woken by close) only
 * for the first datagram; later chunks are taken without waiting while the
 * previous one came back full, which is MSG_WAITFORONE on a non-blocking
 * socket. Writes block whenever the socket is full, until every message is
 * written or one fails. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/batch.h"
#include "xnet/error.h"

_Static_assert((int)XNET_MSGF_TRUNC == (int)XNET_MSG_TRUNC, "flag values");
_Static_assert((int)XNET_MSGF_CTRUNC == (int)XNET_MSG_CTRUNC, "flag values");
_Static_assert((int)XNET_MSGF_PEEK == (int)XNET_MSG_PEEK, "flag values");

/* The work array of one direction of a conn. */
struct xnet__batch {
  size_t cap;
  bool single; /* the backend lacks the batch op: one message per call */
  xnet_backend_msg m[];
};

void xnet__batch_free(xnet_conn *c) {
  free(c->batch[XNET__READ]);
  free(c->batch[XNET__WRITE]);
  c->batch[XNET__READ] = c->batch[XNET__WRITE] = NULL;
}

/* The direction's work array with room for min(n, CHUNK) messages, grown
 * (only ever to CHUNK) inside an entered call, so close cannot free it
 * under us. */
static int batch_get(xnet_conn *c, int dir, size_t n,
                     struct xnet__batch **out) {
  size_t want = n < XNET_BATCH_CHUNK ? n : XNET_BATCH_CHUNK;
  struct xnet__batch *b = c->batch[dir];
  if (!b || b->cap < want) {
    /* Grow straight to a full chunk: at most one growth per direction. */
    size_t cap = b ? XNET_BATCH_CHUNK : want;
    struct xnet__batch *nb = realloc(b, sizeof *nb + cap * sizeof nb->m[0]);
    if (!nb) return XNET_ENOMEM;
    if (!b) nb->single = false;
    nb->cap = cap;
    c->batch[dir] = b = nb;
  }
  *out = b;
  return 0;
}

static bool batch_kind_ok(const xnet_conn *c) {
  return c->kind != XNET_KIND_TCP && c->kind != XNET_KIND_NONE &&
         c->kind != XNET_KIND_PIPE;
}

/* One system-call step over b->m[0..k), as a closure for xnet__pd_io. */
typedef struct batch_call {
  xnet_conn *c;
  struct xnet__batch *b;
  size_t k;
  int flags;
} batch_call;

static int call_recv(void *ctx) {
  batch_call *q = ctx;
  xnet_stack *s = q->c->pd.stack;
  if (!q->b->single && s->ops.recvmmsg) {
    int r = s->ops.recvmmsg(s->inst, q->c->pd.sock, q->b->m, q->k, q->flags);
    if (r != XNET_ENOTSUP) return r;
    q->b->single = true;
  }
  /* One message per call: take the first, then what is already queued. */
  size_t i = 0;
  for (; i < q->k; i++) {
    int r = s->ops.recvmsg(s->inst, q->c->pd.sock, &q->b->m[i], q->flags);
    if (r < 0) {
      if (i == 0) return r;
      break;
    }
  }
  return (int)i;
}

static int call_send(void *ctx) {
  batch_call *q = ctx;
  xnet_stack *s = q->c->pd.stack;
  if (!q->b->single && s->ops.sendmmsg) {
    int r = s->ops.sendmmsg(s->inst, q->c->pd.sock, q->b->m, q->k, q->flags);
    if (r != XNET_ENOTSUP) return r;
    q->b->single = true;
  }
  size_t i = 0;
  for (; i < q->k; i++) {
    int r = s->ops.sendmsg(s->inst, q->c->pd.sock, &q->b->m[i], q->flags);
    if (r < 0) {
      if (i == 0) return r;
      break;
    }
  }
  return (int)i;
}

/* Copies one received backend message into the caller's. */
static void batch_received(xnet_conn *c, const xnet_backend_msg *bm,
                           xnet_msg *m) {
  m->n = bm->n;
  m->oob_len = bm->oob_len;
  m->flags = bm->flags;
  if (bm->addr.family != XNET_AF_UNIX || bm->addr.path_len > 0)
    xnet__addr_from_sockaddr(c->pd.stack, c->kind, &bm->addr, &m->addr);
  else
    memset(&m->addr, 0, sizeof m->addr); /* an unnamed Unix sender */
  m->cm_status = 0;
  if (!m->cm4 && !m->cm6) return;
  const xnet_profile *p = c->pd.stack->ops.profile;
  const uint8_t *oob = m->oob;
  size_t oobn = m->oob ? m->oob_len : 0;
  if (m->cm4) {
    int rc = xnet_ipv4_cmsg_parse(p, oob, oobn, m->cm4);
    if (rc < 0) m->cm_status = rc;
  }
  if (m->cm6) {
    int rc = xnet_ipv6_cmsg_parse(p, oob, oobn, m->cm6);
    if (rc < 0 && m->cm_status == 0) m->cm_status = rc;
  }
}

int xnet_conn_read_batch(xnet_conn *c, xnet_msg *msgs, size_t n, int flags) {
  if (n == 0) return 0;
  if (n > INT_MAX) n = INT_MAX; /* the count is an int */
  struct xnet__batch *b = NULL;
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0 && (!batch_kind_ok(c) || !msgs || (flags & ~XNET_MSGF_PEEK)))
    rc = XNET_EINVAL;
  if (rc == 0) rc = batch_get(c, XNET__READ, n, &b);
  size_t total = 0;
  while (rc == 0 && total < n) {
    size_t k = n - total < b->cap ? n - total : b->cap;
    for (size_t i = 0; i < k; i++) {
      const xnet_msg *m = &msgs[total + i];
      xnet_backend_msg *bm = &b->m[i];
      bm->iov = m->iov;
      bm->iov_len = m->iov_len;
      bm->oob = m->oob;
      bm->oob_cap = m->oob ? m->oob_cap : 0;
      bm->oob_len = 0;
      bm->addr.family = XNET_AF_UNSPEC;
      bm->n = 0;
      bm->flags = 0;
    }
    batch_call q = {c, b, k, flags};
    /* Only the first datagram is waited for (MSG_WAITFORONE). */
    int r = total == 0 ? xnet__pd_io(&c->pd, XNET__READ, call_recv, &q)
                       : call_recv(&q);
    if (r < 0) {
      if (total == 0) rc = r;
      break; /* XNET_EAGAIN: nothing more queued; an error: next call */
    }
    for (int i = 0; i < r; i++) batch_received(c, &b->m[i], &msgs[total + i]);
    total += (size_t)r;
    if ((size_t)r < k) break; /* the queue is drained */
  }
  if (rc < 0)
    xnet__fail("read", c->net, xnet__conn_laddr(c),
               c->raddr.kind != XNET_KIND_NONE ? &c->raddr : NULL, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : (int)total;
}

/* Fills the backend's destination of one message to write. */
static int batch_target(xnet_conn *c, const xnet_addr *to, xnet_sockaddr *sa) {
  bool has_to = to->kind != XNET_KIND_NONE;
  sa->family = XNET_AF_UNSPEC;
  if (c->connected && has_to) return XNET_EWRITETOCONNECTED;
  if (c->connected) return 0;
  if (!has_to) return XNET_EINVAL;
  return xnet__addr_to_sockaddr(c->pd.stack, to, c->family, sa);
}

int xnet_conn_write_batch(xnet_conn *c, xnet_msg *msgs, size_t n, int flags) {
  if (n == 0) return 0;
  if (n > INT_MAX) n = INT_MAX;
  struct xnet__batch *b = NULL;
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0 && (!batch_kind_ok(c) || !msgs || flags != 0)) rc = XNET_EINVAL;
  if (rc == 0) rc = batch_get(c, XNET__WRITE, n, &b);
  size_t total = 0;
  const xnet_addr *bad_to = NULL;
  while (rc == 0 && total < n) {
    size_t want = n - total < b->cap ? n - total : b->cap;
    size_t k = 0;
    int conv = 0;
    for (; k < want; k++) {
      xnet_msg *m = &msgs[total + k];
      xnet_backend_msg *bm = &b->m[k];
      conv = batch_target(c, &m->addr, &bm->addr);
      if (conv < 0) break; /* send the good prefix first */
      bm->iov = m->iov;
      bm->iov_len = m->iov_len;
      bm->oob = m->oob;
      bm->oob_cap = 0;
      bm->oob_len = m->oob ? m->oob_len : 0;
      bm->n = 0;
      bm->flags = 0;
    }
    if (k == 0) {
      rc = conv;
      bad_to = &msgs[total].addr;
      break;
    }
    batch_call q = {c, b, k, 0};
    int r = xnet__pd_io(&c->pd, XNET__WRITE, call_send, &q);
    if (r < 0) {
      rc = r;
      bad_to = &msgs[total].addr;
      break;
    }
    for (int i = 0; i < r; i++) msgs[total + (size_t)i].n = b->m[i].n;
    total += (size_t)r;
  }
  if (rc < 0) {
    const xnet_addr *to =
        bad_to && bad_to->kind != XNET_KIND_NONE ? bad_to : &c->raddr;
    xnet__fail("write", c->net, xnet__conn_laddr(c),
               to->kind != XNET_KIND_NONE ? to : NULL, rc);
  }
  xnet__pd_leave(&c->pd);
  if (total > 0) return (int)total;
  return rc < 0 ? rc : 0;
}
