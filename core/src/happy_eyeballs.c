/* happy_eyeballs.c — dialing a list of addresses: one after another (Go's
 * dialSerial) and, for a dual-stack "tcp" dial, two address families
 * racing (Go's dialParallel: RFC 6555/8305 "Happy Eyeballs").
 *
 * No threads: each family is a small state machine (a racer) with at most
 * one non-blocking connect in flight, and a single wait watches both
 * connects, the fallback timer, each attempt's share of the deadline and
 * the dialer's canceler. The primary family starts at once; the fallback
 * family when the fallback delay has passed without a connection, or as
 * soon as every primary address has failed. The first connection wins and
 * the attempt still in flight is closed. */
#include <string.h>

#include "dial_int.h"
#include "xnet/error.h"

/* Go's defaults (dial.go): the fallback delay, and the least time an
 * attempt gets when the deadline is shared between addresses. */
#define DEFAULT_FALLBACK_DELAY (300 * XNET_MILLISECOND)
#define SANE_MINIMUM (2 * XNET_SECOND)

int xnet__partial_deadline(int64_t now, int64_t deadline, size_t remaining,
                           int64_t *out) {
  *out = 0;
  if (deadline == 0) return 0;
  int64_t left = deadline - now;
  if (left <= 0) return XNET_ETIMEDOUT;
  int64_t share = left / (int64_t)(remaining ? remaining : 1);
  /* Too short a share: take it from the addresses at the end. */
  if (share < SANE_MINIMUM) share = left < SANE_MINIMUM ? left : SANE_MINIMUM;
  *out = now + share;
  return 0;
}

static bool is_ipv4(const xnet_ip *ip) {
  xnet_ip v4;
  return xnet_ip_to4(ip, &v4) == 0;
}

size_t xnet__dial_partition(xnet_addr *addrs, size_t n, const xnet_addr *la,
                            size_t *primaries) {
  *primaries = 0;
  if (n > XNET__DIAL_MAX_ADDRS) n = XNET__DIAL_MAX_ADDRS;
  size_t kept = n;
  if (la && la->ip.len != 0 && !xnet_ip_is_unspecified(&la->ip)) {
    bool v4 = is_ipv4(&la->ip);
    kept = 0;
    for (size_t i = 0; i < n; i++)
      if (is_ipv4(&addrs[i].ip) == v4) addrs[kept++] = addrs[i];
  }
  if (kept == 0) return 0;
  xnet_addr fallbacks[XNET__DIAL_MAX_ADDRS];
  size_t p = 0, f = 0;
  bool first_v4 = is_ipv4(&addrs[0].ip);
  for (size_t i = 0; i < kept; i++) {
    if (is_ipv4(&addrs[i].ip) == first_v4)
      addrs[p++] = addrs[i];
    else
      fallbacks[f++] = addrs[i];
  }
  memcpy(addrs + p, fallbacks, f * sizeof *fallbacks);
  *primaries = p;
  return kept;
}

/* What every attempt of one dial shares. */
typedef struct dial_ctx {
  xnet_stack *s;
  const xnet_network *n;
  const xnet_addr *la;
  const xnet_dialer *d;
  const char *address;
  int64_t deadline;
  xnet_canceler *cancel;
} dial_ctx;

/* One family's addresses, dialled one after another. */
typedef struct racer {
  const xnet_addr *addrs;
  size_t n;
  size_t next;               /* the next address to try */
  bool started;
  int sock;                  /* the connect in flight, -1 none */
  const xnet_addr *cur;      /* its address */
  int64_t until;             /* its share of the deadline, 0 none */
  int err;                   /* the first failure, 0 none */
  const xnet_addr *err_addr; /* and its address */
} racer;

static bool racer_done(const racer *r) {
  return r->started && r->sock < 0 && r->next >= r->n;
}

static void record(racer *r, int err, const xnet_addr *a) {
  if (r->err == 0) {
    r->err = err;
    r->err_addr = a;
  }
}

/* Starts attempts until one is in flight or connected at once (*winner,
 * *won), or none is left. Stops early when cancelled: the caller checks. */
static void advance(const dial_ctx *x, racer *r, int *winner,
                    const xnet_addr **won) {
  r->started = true;
  while (r->sock < 0 && r->next < r->n && !xnet__canceled(x->cancel)) {
    const xnet_addr *a = &r->addrs[r->next];
    int64_t until;
    int rc = xnet__partial_deadline(x->s->ops.now(x->s->inst), x->deadline,
                                    r->n - r->next, &until);
    if (rc < 0) {
      record(r, rc, a);
      r->next = r->n;
      return;
    }
    r->next++;
    int sock;
    rc = xnet__dial_start(x->s, x->n, x->la, a, x->d, x->address, &sock);
    if (rc == 0) {
      *winner = sock;
      *won = a;
      return;
    }
    if (rc == XNET_EAGAIN) {
      r->sock = sock;
      r->cur = a;
      r->until = until;
      return;
    }
    record(r, rc, a);
  }
}

/* Ends the attempt in flight with err. */
static void drop(const dial_ctx *x, racer *r, int err) {
  x->s->ops.close(x->s->inst, r->sock);
  r->sock = -1;
  record(r, err, r->cur);
}

static int64_t earliest(int64_t a, int64_t b) {
  if (a == 0) return b;
  return b != 0 && b < a ? b : a;
}

int xnet__dial_addrs(xnet_stack *s, const xnet_network *n,
                     const xnet_addr *la, const xnet_addr *addrs,
                     size_t primaries, size_t count, const xnet_dialer *d,
                     int64_t deadline, const char *address, xnet_conn **out,
                     xnet_addr *failed) {
  *out = NULL;
  memset(failed, 0, sizeof *failed);
  dial_ctx x = {s, n, la, d, address, deadline, d ? d->cancel : NULL};
  racer r[2] = {{.addrs = addrs, .n = primaries, .sock = -1},
                {.addrs = addrs + primaries, .n = count - primaries,
                 .sock = -1}};
  int64_t delay = d && d->fallback_delay > 0 ? d->fallback_delay
                                             : DEFAULT_FALLBACK_DELAY;
  int64_t fallback_at = r[1].n ? s->ops.now(s->inst) + delay : 0;
  int winner = -1, rc = 0;
  const xnet_addr *won = NULL;
  advance(&x, &r[0], &winner, &won);
  while (winner < 0) {
    if (xnet__canceled(x.cancel)) {
      rc = XNET_ECANCELED;
      break;
    }
    if (r[1].n && !r[1].started &&
        (racer_done(&r[0]) || s->ops.now(s->inst) >= fallback_at)) {
      advance(&x, &r[1], &winner, &won);
      continue;
    }
    xnet_backend_wait socks[2];
    racer *owner[2];
    size_t k = 0;
    int64_t until = r[1].n && !r[1].started ? fallback_at : 0;
    for (int i = 0; i < 2; i++) {
      if (r[i].sock < 0) continue;
      socks[k] = (xnet_backend_wait){r[i].sock, XNET_WAIT_WRITE, 0};
      owner[k++] = &r[i];
      until = earliest(until, r[i].until);
    }
    if (k == 0) { /* every address has failed */
      racer *e = r[0].err ? &r[0] : &r[1];
      rc = e->err ? e->err : XNET_ENOSUITABLEADDR;
      if (e->err_addr) *failed = *e->err_addr;
      break;
    }
    rc = xnet__cancel_wait(s, x.cancel, socks, k, until);
    if (rc == XNET_ETIMEDOUT) {
      /* An attempt's share ran out, or the fallback's time has come (the
       * loop's head starts it). */
      int64_t now = s->ops.now(s->inst);
      for (size_t j = 0; j < k && winner < 0; j++) {
        if (owner[j]->until == 0 || now < owner[j]->until) continue;
        drop(&x, owner[j], XNET_ETIMEDOUT);
        advance(&x, owner[j], &winner, &won);
      }
      rc = 0;
      continue;
    }
    if (rc < 0) break; /* cancelled, or the backend failed */
    for (size_t j = 0; j < k && winner < 0; j++) {
      if (!socks[j].ready) continue;
      int cr = s->ops.connect_result(s->inst, owner[j]->sock);
      if (cr == 0) {
        winner = owner[j]->sock;
        won = owner[j]->cur;
        owner[j]->sock = -1;
        break;
      }
      drop(&x, owner[j], cr);
      advance(&x, owner[j], &winner, &won);
    }
  }
  /* The losers, or every attempt of a failed dial. */
  for (int i = 0; i < 2; i++) {
    if (r[i].sock < 0) continue;
    if (rc < 0 && failed->kind == XNET_KIND_NONE) *failed = *r[i].cur;
    s->ops.close(s->inst, r[i].sock);
  }
  if (winner < 0) {
    if (xnet__canceled(x.cancel)) rc = XNET_ECANCELED;
    return rc;
  }
  rc = xnet__dial_finish(s, n, d, la, won, winner, out);
  if (rc < 0) *failed = *won;
  return rc;
}
