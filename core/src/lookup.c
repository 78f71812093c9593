/* lookup.c — LookupIP, LookupHost and LookupAddr over the stack's resolver
 * ops, and their deadline/cancel (_ctx) variants, which run the op on a
 * helper thread the caller can stop waiting for (lookup.h says why). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dial_int.h"
#include "xnet/error.h"
#include "xnet/lookup.h"

/* Go's resolver returns at most what one answer holds; 64 addresses per
 * name is far beyond any /etc/hosts or DNS answer seen in practice. */
#define LOOKUP_MAX 64
/* How often a waiting caller looks at its canceler. */
#define CANCEL_SLICE (20 * XNET_MILLISECOND)

/* Records Go's DNSError shape: "lookup NAME: cause". */
static int lookup_fail(const char *name, int code) {
  return xnet__fail_text("lookup", "", name, code);
}

/* ---- one resolver call, possibly on a helper thread ---- */

typedef struct lookup_job {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int refs; /* the caller and the helper; the last one out frees */
  bool done;
  bool threaded; /* a helper thread was started */
  xnet_stack *s;
  bool reverse;
  char host[XNET_HOSTNAME_MAX]; /* resolve: the name */
  xnet_ip ip;                   /* reverse: the address */
  int rc;
  xnet_resolved r[LOOKUP_MAX];
  char name[XNET_HOSTNAME_MAX];
} lookup_job;

static void job_call(lookup_job *j) {
  j->rc = j->reverse
              ? j->s->ops.reverse(j->s->inst, &j->ip, j->name, sizeof j->name)
              : j->s->ops.resolve(j->s->inst, j->host, XNET_AF_UNSPEC, j->r,
                                  LOOKUP_MAX);
}

static void job_unref(lookup_job *j) {
  pthread_mutex_lock(&j->mu);
  int left = --j->refs;
  pthread_mutex_unlock(&j->mu);
  if (left) return;
  pthread_cond_destroy(&j->cv);
  pthread_mutex_destroy(&j->mu);
  free(j);
}

static void *job_thread(void *arg) {
  lookup_job *j = arg;
  job_call(j);
  pthread_mutex_lock(&j->mu);
  j->done = true;
  pthread_cond_broadcast(&j->cv);
  pthread_mutex_unlock(&j->mu);
  job_unref(j);
  return NULL;
}

/* Runs j: inline without deadline and canceler, else on a helper thread
 * waited for until done (0; the result in j->rc), the deadline
 * (XNET_ETIMEDOUT) or the cancel (XNET_ECANCELED). */
static int job_run(lookup_job *j, int64_t deadline, xnet_canceler *cancel) {
  if (!deadline && !cancel) {
    job_call(j);
    return 0;
  }
  if (xnet__canceled(cancel)) return XNET_ECANCELED;
  if (deadline && deadline - xnet_now(j->s) <= 0) return XNET_ETIMEDOUT;
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->cv, NULL);
  j->refs = 2;
  pthread_attr_t attr;
  pthread_t t;
  int rc = pthread_attr_init(&attr);
  if (rc == 0) {
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &attr, job_thread, j);
    pthread_attr_destroy(&attr);
  }
  if (rc != 0) {
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
    return XNET_EAGAIN;
  }
  j->threaded = true;
  rc = 0;
  pthread_mutex_lock(&j->mu);
  while (!j->done) {
    if (xnet__canceled(cancel)) {
      rc = XNET_ECANCELED;
      break;
    }
    int64_t slice = cancel ? CANCEL_SLICE : XNET_SECOND;
    if (deadline) {
      int64_t left = deadline - xnet_now(j->s);
      if (left <= 0) {
        rc = XNET_ETIMEDOUT;
        break;
      }
      if (left < slice) slice = left;
    }
    /* The condition variable's clock is only the unit of one slice; the
     * deadline itself is checked on the stack's clock above. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t ns = ts.tv_nsec + slice;
    ts.tv_sec += (time_t)(ns / XNET_SECOND);
    ts.tv_nsec = (long)(ns % XNET_SECOND);
    pthread_cond_timedwait(&j->cv, &j->mu, &ts);
  }
  pthread_mutex_unlock(&j->mu);
  return rc;
}

/* A job owned by the caller (and its helper, if any): released by
 * job_end. */
static lookup_job *job_new(xnet_stack *s) {
  lookup_job *j = calloc(1, sizeof *j);
  if (j) j->s = s;
  return j;
}

static void job_end(lookup_job *j) {
  if (j->threaded)
    job_unref(j);
  else
    free(j);
}

/* ---- the lookups ---- */

int xnet_lookup_ip_ctx(xnet_stack *s, const char *host, int64_t deadline,
                       xnet_canceler *cancel, xnet_ip *out, size_t cap,
                       size_t *count) {
  *count = 0;
  if (!host || !*host) return lookup_fail(host ? host : "", XNET_EINVAL);
  xnet_ip lit;
  if (xnet_ip_parse_zone(host, strlen(host), &lit) == 0) {
    if (cap > 0) out[0] = lit;
    *count = 1;
    return 0;
  }
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return lookup_fail(host, rc);
  size_t hl = strlen(host);
  if (hl >= XNET_HOSTNAME_MAX) return lookup_fail(host, XNET_ENOHOST);
  lookup_job *j = job_new(s);
  if (!j) return lookup_fail(host, XNET_ENOMEM);
  memcpy(j->host, host, hl + 1);
  rc = job_run(j, deadline, cancel);
  if (rc == 0) rc = j->rc;
  if (rc == 0) rc = XNET_ENOHOST;
  if (rc > 0) {
    size_t n = (size_t)rc;
    if (n > LOOKUP_MAX) n = LOOKUP_MAX;
    for (size_t i = 0; i < n && i < cap; i++)
      if (xnet_ip_to16(&j->r[i].ip, &out[i]) != 0) out[i] = j->r[i].ip;
    *count = n;
  }
  job_end(j);
  return rc < 0 ? lookup_fail(host, rc) : 0;
}

int xnet_lookup_ip(xnet_stack *s, const char *host, xnet_ip *out, size_t cap,
                   size_t *count) {
  return xnet_lookup_ip_ctx(s, host, 0, NULL, out, cap, count);
}

int xnet_lookup_host_ctx(xnet_stack *s, const char *host, int64_t deadline,
                         xnet_canceler *cancel, char (*out)[XNET_IP_STRLEN],
                         size_t cap, size_t *count) {
  xnet_ip ips[LOOKUP_MAX];
  int rc = xnet_lookup_ip_ctx(s, host, deadline, cancel, ips, LOOKUP_MAX,
                              count);
  if (rc < 0) return rc;
  for (size_t i = 0; i < *count && i < cap; i++)
    xnet_ip_format(&ips[i], out[i], XNET_IP_STRLEN);
  return 0;
}

int xnet_lookup_host(xnet_stack *s, const char *host,
                     char (*out)[XNET_IP_STRLEN], size_t cap, size_t *count) {
  return xnet_lookup_host_ctx(s, host, 0, NULL, out, cap, count);
}

int xnet_lookup_addr_ctx(xnet_stack *s, const char *addr, int64_t deadline,
                         xnet_canceler *cancel, char (*out)[XNET_HOSTNAME_MAX],
                         size_t cap, size_t *count) {
  *count = 0;
  xnet_ip ip;
  if (!addr || xnet_ip_parse_zone(addr, strlen(addr), &ip) < 0)
    return lookup_fail(addr ? addr : "", XNET_EBADADDR);
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return lookup_fail(addr, rc);
  lookup_job *j = job_new(s);
  if (!j) return lookup_fail(addr, XNET_ENOMEM);
  j->reverse = true;
  j->ip = ip;
  rc = job_run(j, deadline, cancel);
  if (rc == 0) rc = j->rc;
  if (rc >= 0) {
    if (cap > 0) memcpy(out[0], j->name, strlen(j->name) + 1);
    *count = 1;
  }
  job_end(j);
  return rc < 0 ? lookup_fail(addr, rc) : 0;
}

int xnet_lookup_addr(xnet_stack *s, const char *addr,
                     char (*out)[XNET_HOSTNAME_MAX], size_t cap,
                     size_t *count) {
  return xnet_lookup_addr_ctx(s, addr, 0, NULL, out, cap, count);
}
