/* sctp_reasm.c — one direction of an SCTP association: DATA chunks into
 * messages, as the Linux receive path (ulpqueue) delivers them.
 *
 * Chunks above the cumulative TSN are kept sorted by TSN. A TSN at or
 * below the cumulative TSN, or already kept, is a duplicate (a
 * retransmission) and is dropped. A message is a run of consecutive TSNs
 * on one stream from a B fragment to an E fragment; once complete it is
 * delivered: unordered ones at once, ordered ones (inbound only) when
 * their SSN is the stream's next. A delivered chunk keeps its TSN (not its
 * bytes) until the cumulative TSN passes it, so its retransmission is
 * still recognised. The outbound direction delivers in TSN order without
 * the SSN check: a kernel numbers TSNs in the order of the writes. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/error.h"

/* Serial number arithmetic (RFC 1982) on 32-bit TSNs. */
static bool tsn_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static bool tsn_le(uint32_t a, uint32_t b) { return a == b || tsn_lt(a, b); }

void rp_sctp_mq_push(rp_sctp_mq *q, rp_sctp_msg *m) {
  m->next = NULL;
  if (q->tail) q->tail->next = m;
  else q->head = m;
  q->tail = m;
  q->count++;
  q->bytes += m->len;
}

rp_sctp_msg *rp_sctp_mq_pop(rp_sctp_mq *q) {
  rp_sctp_msg *m = q->head;
  if (!m) return NULL;
  q->head = m->next;
  if (!q->head) q->tail = NULL;
  q->count--;
  q->bytes -= m->len;
  m->next = NULL;
  return m;
}

void rp_sctp_mq_free(rp_sctp_mq *q) {
  rp_sctp_msg *m;
  while ((m = rp_sctp_mq_pop(q))) free(m);
}

void rp_sctp_dir_start(rp_sctp_dir *d, uint32_t initial_tsn, bool in_order) {
  d->started = true;
  d->cum = initial_tsn - 1;
  d->last_tsn = initial_tsn - 1;
  d->in_order = in_order;
}

static void frag_free(rp_sctp_frag *f) {
  free(f->d);
  free(f);
}

void rp_sctp_dir_free(rp_sctp_dir *d) {
  while (d->frags) {
    rp_sctp_frag *f = d->frags;
    d->frags = f->next;
    frag_free(f);
  }
  free(d->next_ssn);
  d->next_ssn = NULL;
  d->nssn = 0;
  d->count = d->bytes = 0;
}

/* The next SSN of stream sid (0 when not yet seen); NULL on no memory. */
static uint16_t *next_ssn(rp_sctp_dir *d, uint16_t sid) {
  if (sid >= d->nssn) {
    size_t n = (size_t)sid + 1;
    if (n < 16) n = 16;
    if (n < d->nssn * 2) n = d->nssn * 2;
    if (n > 65536) n = 65536;
    uint16_t *a = realloc(d->next_ssn, n * sizeof *a);
    if (!a) return NULL;
    memset(a + d->nssn, 0, (n - d->nssn) * sizeof *a);
    d->next_ssn = a;
    d->nssn = n;
  }
  return &d->next_ssn[sid];
}

/* Moves the cumulative TSN over received TSNs and forgets delivered chunks
 * at or below it. */
static void advance_cum(rp_sctp_dir *d) {
  for (rp_sctp_frag *f = d->frags; f; f = f->next) {
    if (f->tsn == d->cum + 1) d->cum = f->tsn;
    else if (tsn_lt(d->cum, f->tsn)) break;
  }
  while (d->frags && d->frags->done && tsn_le(d->frags->tsn, d->cum)) {
    rp_sctp_frag *f = d->frags;
    d->frags = f->next;
    d->count--;
    frag_free(f);
  }
}

/* The message starting at b if it is complete: its last fragment and
 * total size. */
static rp_sctp_frag *complete(rp_sctp_frag *b, size_t *total) {
  if (b->done || !(b->flags & XNET_SCTP_DATA_FLAG_B)) return NULL;
  size_t n = 0;
  for (rp_sctp_frag *f = b;;) {
    n += f->n;
    if (f->flags & XNET_SCTP_DATA_FLAG_E) {
      *total = n;
      return f;
    }
    rp_sctp_frag *g = f->next;
    if (!g || g->done || g->tsn != f->tsn + 1 || g->sid != b->sid ||
        (g->flags & XNET_SCTP_DATA_FLAG_B))
      return NULL;
    f = g;
  }
}

/* Builds the message b..e and marks its fragments delivered. */
static int deliver(rp_sctp_dir *d, rp_sctp_frag *b, rp_sctp_frag *e,
                   size_t total, rp_sctp_mq *out) {
  rp_sctp_msg *m = malloc(sizeof *m + (total ? total : 1));
  if (!m) return XNET_ENOMEM;
  memset(m, 0, sizeof *m);
  m->unordered = (b->flags & XNET_SCTP_DATA_FLAG_U) != 0;
  m->sid = b->sid;
  m->ssn = b->ssn;
  m->ppid = b->ppid;
  m->tsn = b->tsn;
  m->tsn_last = e->tsn;
  /* Linux 6.1 (measured, fixtures/sctp/README.md): rcv_cumtsn is 0 for an
   * ordered message and the message's own TSN for an unordered one. */
  m->cumtsn = m->unordered ? b->tsn : 0;
  m->src = b->src;
  m->dst = b->dst;
  m->recno = b->recno;
  m->len = total;
  size_t off = 0;
  for (rp_sctp_frag *f = b;; f = f->next) {
    if (f->n) memcpy(m->d + off, f->d, f->n);
    off += f->n;
    d->bytes -= f->n;
    free(f->d);
    f->d = NULL;
    f->n = 0;
    f->done = true;
    if (f == e) break;
  }
  rp_sctp_mq_push(out, m);
  return 0;
}

/* Delivers every message that can go, in TSN order, until none can. */
static int drain(rp_sctp_dir *d, rp_sctp_mq *out) {
  bool again = true;
  while (again) {
    again = false;
    for (rp_sctp_frag *f = d->frags; f; f = f->next) {
      size_t total = 0;
      rp_sctp_frag *e = complete(f, &total);
      if (!e) continue;
      bool ordered = d->in_order && !(f->flags & XNET_SCTP_DATA_FLAG_U);
      uint16_t *ns = NULL;
      if (ordered) {
        ns = next_ssn(d, f->sid);
        if (!ns) return XNET_ENOMEM;
        if (*ns != f->ssn) continue;
      }
      int rc = deliver(d, f, e, total, out);
      if (rc) return rc;
      if (ns) (*ns)++;
      again = true;
      break;
    }
  }
  advance_cum(d);
  return 0;
}

int rp_sctp_dir_add(rp_sctp_dir *d, const xnet_sctp_data *c, const rp_pkt *p,
                    rp_sctp_mq *out) {
  if (d->err) return d->err;
  if (!d->started) rp_sctp_dir_start(d, c->tsn, d->in_order);
  if (tsn_le(c->tsn, d->cum)) return 1;
  rp_sctp_frag **at = &d->frags;
  while (*at && tsn_lt((*at)->tsn, c->tsn)) at = &(*at)->next;
  if (*at && (*at)->tsn == c->tsn) return 1;
  if (d->count >= RP_SCTP_REASM_CHUNKS ||
      d->bytes + c->payload_len > RP_SCTP_REASM_MAX)
    return d->err = XNET_ENOBUFS;
  rp_sctp_frag *f = calloc(1, sizeof *f);
  uint8_t *b = malloc(c->payload_len ? c->payload_len : 1);
  if (!f || !b) {
    free(f);
    free(b);
    return d->err = XNET_ENOMEM;
  }
  if (c->payload_len) memcpy(b, c->payload, c->payload_len);
  f->tsn = c->tsn;
  f->ppid = c->ppid;
  f->sid = c->stream_id;
  f->ssn = c->ssn;
  f->flags = c->flags;
  f->src = p->src;
  f->dst = p->dst;
  f->recno = p->recno;
  f->n = c->payload_len;
  f->d = b;
  f->next = *at;
  *at = f;
  d->count++;
  d->bytes += f->n;
  d->any = true;
  if (tsn_lt(d->last_tsn, c->tsn)) d->last_tsn = c->tsn;
  int rc = drain(d, out);
  if (rc) d->err = rc;
  return rc;
}
