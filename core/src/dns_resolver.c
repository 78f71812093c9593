/* dns_resolver.c — Go's net.Resolver over c-ares: one c-ares channel per
 * lookup, driven on the calling thread by a poll loop that honours the
 * resolver's deadline (the stack's clock) and canceler, the record lookups
 * (A/AAAA, PTR, CNAME, TXT, SRV, MX, NS), their Go orderings, and the
 * thread's DNSError.
 *
 * Why a channel per lookup: a resolver is a plain value (Go's zero
 * Resolver works), so there is nothing to own a long-lived channel; the
 * cost is reading /etc/resolv.conf once per lookup, small beside a round
 * trip. Why poll in slices: a canceler's waker belongs to the stack's
 * backend and cannot be polled beside c-ares' sockets, so a lookup with a
 * canceler wakes every CANCEL_SLICE_MS to look at it. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/time.h>

#include <ares.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dial_int.h"
#include "xnet/dns.h"
#include "xnet/error.h"

#define CANCEL_SLICE_MS 20
/* Addresses kept per query type; beyond any real answer. */
#define DNS_ADDR_MAX 64

static _Thread_local xnet_dns_error dns_last;

const xnet_dns_error *xnet_dns_last_error(void) { return &dns_last; }

int xnet_dns_error_format(const xnet_dns_error *e, char *buf, size_t cap) {
  if (e->server[0])
    return snprintf(buf, cap, "lookup %s on %s: %s", e->name, e->server,
                    e->err);
  return snprintf(buf, cap, "lookup %s: %s", e->name, e->err);
}

/* ---- one lookup: a channel and its queries ---- */

typedef struct dns_answer {
  int status; /* ARES_* */
  int done;
  unsigned char *buf;
  int len;
  int *pending;
} dns_answer;

typedef struct dns_call {
  const xnet_resolver *r;
  xnet_stack *stack;
  ares_channel ch;
  int pending;
  char server[64];
} dns_call;

static const xnet_resolver dns_zero;

static pthread_once_t ares_once = PTHREAD_ONCE_INIT;
static int ares_init_rc;
static void ares_init_once(void) {
  ares_init_rc = ares_library_init(ARES_LIB_INIT_ALL);
}

/* Records the failure of a lookup of name and returns code. */
static int dns_fail(const dns_call *c, const char *name, int code) {
  xnet_dns_error *e = &dns_last;
  memset(e, 0, sizeof *e);
  e->code = code;
  snprintf(e->err, sizeof e->err, "%s", xnet_strerror(code));
  snprintf(e->name, sizeof e->name, "%s", name ? name : "");
  if (c) snprintf(e->server, sizeof e->server, "%s", c->server);
  e->is_timeout = code == XNET_ETIMEDOUT;
  e->is_not_found = code == XNET_ENOHOST;
  e->is_temporary = code == XNET_ETIMEDOUT || code == XNET_ESERVFAIL ||
                    code == XNET_EAGAIN;
  return xnet__fail_text("lookup", "", name ? name : "", code);
}

/* The xnet code of a c-ares status. */
static int dns_code(int status) {
  switch (status) {
  case ARES_SUCCESS: return 0;
  case ARES_ENODATA:
  case ARES_ENOTFOUND:
  case ARES_EBADNAME: return XNET_ENOHOST;
  case ARES_ETIMEOUT: return XNET_ETIMEDOUT;
  case ARES_ESERVFAIL:
  case ARES_EREFUSED:
  case ARES_ENOTIMP:
  case ARES_EFORMERR: return XNET_ESERVFAIL;
  case ARES_ECONNREFUSED: return XNET_ECONNREFUSED;
  case ARES_EBADRESP: return XNET_EBADFORMAT;
  case ARES_ENOMEM: return XNET_ENOMEM;
  case ARES_ECANCELLED:
  case ARES_EDESTRUCTION: return XNET_ECANCELED;
  case ARES_EBADSTR:
  case ARES_EBADFLAGS: return XNET_EINVAL;
  default: return XNET_EIO;
  }
}

/* Names the first configured server, "ip:port", for errors. */
static void dns_first_server(dns_call *c) {
  struct ares_addr_port_node *list = NULL;
  c->server[0] = '\0';
  if (ares_get_servers_ports(c->ch, &list) != ARES_SUCCESS || !list) return;
  xnet_ip ip;
  int port = list->udp_port ? list->udp_port : 53;
  if (list->family == AF_INET) {
    xnet_ip_from4((const uint8_t *)&list->addr.addr4, &ip);
  } else {
    xnet_ip_from16((const uint8_t *)&list->addr.addr6, &ip);
  }
  char text[XNET_IP_STRLEN];
  xnet_ip_format(&ip, text, sizeof text);
  snprintf(c->server, sizeof c->server,
           list->family == AF_INET ? "%s:%d" : "[%s]:%d", text, port);
  ares_free_data(list);
}

static int dns_open(dns_call *c, const xnet_resolver *r, const char *name) {
  memset(c, 0, sizeof *c);
  c->r = r ? r : &dns_zero;
  c->stack = c->r->stack;
  pthread_once(&ares_once, ares_init_once);
  if (ares_init_rc != ARES_SUCCESS) return dns_fail(NULL, name, XNET_ENOMEM);
  int rc = xnet__stack_resolve(&c->stack);
  if (rc < 0) return dns_fail(NULL, name, rc);
  struct ares_options o;
  memset(&o, 0, sizeof o);
  int mask = 0;
  if (c->r->timeout > 0) {
    int64_t ms = (c->r->timeout + XNET_MILLISECOND - 1) / XNET_MILLISECOND;
    o.timeout = ms > 3600000 ? 3600000 : (int)ms;
    mask |= ARES_OPT_TIMEOUTMS;
  }
  if (c->r->attempts > 0) {
    o.tries = c->r->attempts;
    mask |= ARES_OPT_TRIES;
  }
  if (c->r->servers) {
    /* Named servers replace resolv.conf for names too: queried as given,
     * never with its search list (whose suffixes those servers may
     * refuse). */
    o.flags = ARES_FLAG_NOSEARCH;
    mask |= ARES_OPT_FLAGS;
  }
  rc = ares_init_options(&c->ch, &o, mask);
  if (rc != ARES_SUCCESS) {
    c->ch = NULL;
    return dns_fail(NULL, name, dns_code(rc));
  }
  if (c->r->servers &&
      ares_set_servers_ports_csv(c->ch, c->r->servers) != ARES_SUCCESS) {
    ares_destroy(c->ch);
    c->ch = NULL;
    return dns_fail(NULL, name, XNET_EINVAL);
  }
  dns_first_server(c);
  return 0;
}

static void dns_close(dns_call *c) {
  if (c->ch) ares_destroy(c->ch); /* remaining callbacks: ARES_EDESTRUCTION */
  c->ch = NULL;
}

static void dns_answer_free(dns_answer *a) {
  free(a->buf);
  a->buf = NULL;
}

static void dns_on_answer(void *arg, int status, int timeouts,
                          unsigned char *abuf, int alen) {
  (void)timeouts;
  dns_answer *a = arg;
  if (a->done) return;
  a->done = 1;
  a->status = status;
  (*a->pending)--;
  if (status == ARES_SUCCESS && abuf && alen > 0) {
    a->buf = malloc((size_t)alen);
    if (!a->buf) {
      a->status = ARES_ENOMEM;
      return;
    }
    memcpy(a->buf, abuf, (size_t)alen);
    a->len = alen;
  }
}

/* Starts a query; search applies resolv.conf's search list (Go does for
 * names that are not rooted). */
static void dns_query(dns_call *c, const char *name, int type, bool search,
                      dns_answer *a) {
  memset(a, 0, sizeof *a);
  a->pending = &c->pending;
  c->pending++;
  if (search)
    ares_search(c->ch, name, 1 /* C_IN */, type, dns_on_answer, a);
  else
    ares_query(c->ch, name, 1 /* C_IN */, type, dns_on_answer, a);
}

/* Runs the channel until every query answered: 0, or XNET_ETIMEDOUT (the
 * deadline passed), XNET_ECANCELED, or a poll error — then the queries
 * left are cancelled (their answers say ARES_ECANCELLED). */
static int dns_run(dns_call *c) {
  int rc = 0;
  while (c->pending > 0) {
    if (xnet__canceled(c->r->cancel)) {
      rc = XNET_ECANCELED;
      break;
    }
    int64_t left = -1;
    if (c->r->deadline) {
      left = c->r->deadline - xnet_now(c->stack);
      if (left <= 0) {
        rc = XNET_ETIMEDOUT;
        break;
      }
    }
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    /* Bit i: socket i readable; bit i + MAXNUM: writable (the library's
     * macros shift a signed 1 into the sign bit). */
    unsigned bits = (unsigned)ares_getsock(c->ch, socks, ARES_GETSOCK_MAXNUM);
    struct pollfd p[ARES_GETSOCK_MAXNUM];
    nfds_t n = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
      short ev = 0;
      if ((bits >> i) & 1u) ev |= POLLIN;
      if ((bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u) ev |= POLLOUT;
      if (!ev) continue;
      p[n].fd = socks[i];
      p[n].events = ev;
      p[n].revents = 0;
      n++;
    }
    struct timeval tv;
    struct timeval *tvp = ares_timeout(c->ch, NULL, &tv);
    int64_t ms = tvp ? (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000
                     : 1000;
    if (c->r->cancel && ms > CANCEL_SLICE_MS) ms = CANCEL_SLICE_MS;
    if (left >= 0) {
      int64_t lm = (left + XNET_MILLISECOND - 1) / XNET_MILLISECOND;
      if (ms > lm) ms = lm;
    }
    int got = poll(p, n, (int)ms);
    if (got < 0) {
      if (errno == EINTR) continue;
      rc = -errno;
      break;
    }
    for (nfds_t i = 0; i < n; i++) {
      if (!p[i].revents) continue;
      ares_socket_t rd = p[i].revents & (POLLIN | POLLERR | POLLHUP)
                             ? p[i].fd
                             : ARES_SOCKET_BAD;
      ares_socket_t wr = p[i].revents & POLLOUT ? p[i].fd : ARES_SOCKET_BAD;
      ares_process_fd(c->ch, rd, wr);
    }
    /* Handles retransmissions and per-try timeouts. */
    ares_process_fd(c->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  }
  if (c->pending > 0) ares_cancel(c->ch);
  return rc;
}

/* The code of a finished lookup: the run's own failure first. */
static int dns_status(int run_rc, const dns_answer *a) {
  if (run_rc < 0) return run_rc;
  return dns_code(a->status);
}

/* Copies name as an absolute name (trailing dot). */
static int dns_absolute(const char *name, char out[XNET_DNS_NAME_MAX]) {
  size_t n = strlen(name);
  bool dot = n > 0 && name[n - 1] == '.';
  if (n + (dot ? 0 : 1) >= XNET_DNS_NAME_MAX) return XNET_ENOBUFS;
  memcpy(out, name, n);
  if (!dot) out[n++] = '.';
  out[n] = '\0';
  return 0;
}

static bool dns_rooted(const char *name) {
  size_t n = strlen(name);
  return n > 0 && name[n - 1] == '.';
}

/* Uniform random in [0, n) from the stack's randomness (n > 0). */
static uint32_t dns_random(xnet_stack *s, uint32_t n) {
  uint64_t v = 0;
  if (s->ops.random(s->inst, &v, sizeof v) < 0) v = 0;
  return (uint32_t)(v % n);
}

/* ---- addresses ---- */

int xnet_resolver_lookup_ip(const xnet_resolver *r, const char *host,
                            xnet_ip *out, size_t cap, size_t *count) {
  *count = 0;
  if (!host || !*host) return dns_fail(NULL, host, XNET_EINVAL);
  xnet_ip lit;
  if (xnet_ip_parse_zone(host, strlen(host), &lit) == 0) {
    if (cap > 0 && xnet_ip_to16(&lit, &out[0]) != 0) out[0] = lit;
    *count = 1;
    return 0;
  }
  dns_call c;
  int rc = dns_open(&c, r, host);
  if (rc < 0) return rc;
  dns_answer a4, a6;
  bool search = !dns_rooted(host);
  dns_query(&c, host, 1 /* A */, search, &a4);
  dns_query(&c, host, 28 /* AAAA */, search, &a6);
  int run = dns_run(&c);
  size_t n = 0;
  struct ares_addrttl t4[DNS_ADDR_MAX];
  struct ares_addr6ttl t6[DNS_ADDR_MAX];
  int n4 = DNS_ADDR_MAX, n6 = DNS_ADDR_MAX;
  if (run == 0 && a4.status == ARES_SUCCESS &&
      ares_parse_a_reply(a4.buf, a4.len, NULL, t4, &n4) == ARES_SUCCESS) {
    for (int i = 0; i < n4; i++, n++) {
      if (n >= cap) continue;
      xnet_ip v4;
      xnet_ip_from4((const uint8_t *)&t4[i].ipaddr, &v4);
      if (xnet_ip_to16(&v4, &out[n]) != 0) out[n] = v4;
    }
  }
  if (run == 0 && a6.status == ARES_SUCCESS &&
      ares_parse_aaaa_reply(a6.buf, a6.len, NULL, t6, &n6) == ARES_SUCCESS) {
    for (int i = 0; i < n6; i++, n++)
      if (n < cap) xnet_ip_from16((const uint8_t *)&t6[i].ip6addr, &out[n]);
  }
  if (n == 0) {
    /* Not found when either said so; else the first failure. */
    rc = dns_status(run, &a4);
    int rc6 = dns_status(run, &a6);
    if (rc6 == XNET_ENOHOST || rc == 0) rc = rc6;
    if (rc == 0) rc = XNET_ENOHOST;
  } else {
    rc = 0;
  }
  dns_answer_free(&a4);
  dns_answer_free(&a6);
  if (rc < 0) rc = dns_fail(&c, host, rc);
  dns_close(&c);
  *count = n;
  return rc;
}

int xnet_resolver_lookup_host(const xnet_resolver *r, const char *host,
                              char (*out)[XNET_IP_STRLEN], size_t cap,
                              size_t *count) {
  xnet_ip ips[DNS_ADDR_MAX];
  int rc = xnet_resolver_lookup_ip(r, host, ips, DNS_ADDR_MAX, count);
  if (rc < 0) return rc;
  if (*count > DNS_ADDR_MAX) *count = DNS_ADDR_MAX;
  for (size_t i = 0; i < *count && i < cap; i++)
    xnet_ip_format(&ips[i], out[i], XNET_IP_STRLEN);
  return 0;
}

/* The reverse-lookup name of ip: "4.3.2.1.in-addr.arpa" or the nibbles of
 * ip6.arpa. */
static void dns_reverse_name(const xnet_ip *ip, char *out, size_t cap) {
  xnet_ip v4;
  if (xnet_ip_to4(ip, &v4) == 0) {
    snprintf(out, cap, "%u.%u.%u.%u.in-addr.arpa", v4.bytes[3], v4.bytes[2],
             v4.bytes[1], v4.bytes[0]);
    return;
  }
  static const char hex[] = "0123456789abcdef";
  size_t k = 0;
  for (int i = 15; i >= 0; i--) {
    out[k++] = hex[ip->bytes[i] & 15];
    out[k++] = '.';
    out[k++] = hex[ip->bytes[i] >> 4];
    out[k++] = '.';
  }
  snprintf(out + k, cap - k, "ip6.arpa");
}

int xnet_resolver_lookup_addr(const xnet_resolver *r, const char *addr,
                              char (*out)[XNET_DNS_NAME_MAX], size_t cap,
                              size_t *count) {
  *count = 0;
  xnet_ip ip;
  if (!addr || xnet_ip_parse_zone(addr, strlen(addr), &ip) < 0)
    return dns_fail(NULL, addr, XNET_EBADADDR);
  char qname[80];
  dns_reverse_name(&ip, qname, sizeof qname);
  dns_call c;
  int rc = dns_open(&c, r, addr);
  if (rc < 0) return rc;
  dns_answer a;
  dns_query(&c, qname, 12 /* PTR */, false, &a);
  rc = dns_status(dns_run(&c), &a);
  struct hostent *h = NULL;
  if (rc == 0) {
    xnet_ip v4;
    bool is4 = xnet_ip_to4(&ip, &v4) == 0;
    rc = dns_code(ares_parse_ptr_reply(a.buf, a.len,
                                       is4 ? v4.bytes : ip.bytes, is4 ? 4 : 16,
                                       is4 ? AF_INET : AF_INET6, &h));
  }
  size_t n = 0;
  if (rc == 0) {
    /* c-ares lists every PTR name among the aliases (h_name is one of
     * them); older versions only set h_name. */
    if (h->h_aliases && h->h_aliases[0]) {
      for (char **p = h->h_aliases; *p; p++, n++)
        if (n < cap && dns_absolute(*p, out[n]) < 0) out[n][0] = '\0';
    } else if (h->h_name) {
      if (cap > 0 && dns_absolute(h->h_name, out[0]) < 0) out[0][0] = '\0';
      n = 1;
    }
    if (n == 0) rc = XNET_ENOHOST;
  }
  if (h) ares_free_hostent(h);
  dns_answer_free(&a);
  if (rc < 0) rc = dns_fail(&c, addr, rc);
  dns_close(&c);
  *count = rc < 0 ? 0 : n;
  return rc;
}

/* ---- CNAME ---- */

int xnet_resolver_lookup_cname(const xnet_resolver *r, const char *host,
                               char out[XNET_DNS_NAME_MAX]) {
  out[0] = '\0';
  if (!host || !*host) return dns_fail(NULL, host, XNET_EINVAL);
  dns_call c;
  int rc = dns_open(&c, r, host);
  if (rc < 0) return rc;
  dns_answer a4, a6;
  bool search = !dns_rooted(host);
  dns_query(&c, host, 1 /* A */, search, &a4);
  dns_query(&c, host, 28 /* AAAA */, search, &a6);
  int run = dns_run(&c);
  rc = XNET_ENOHOST;
  struct hostent *h = NULL;
  if (run == 0 && a4.status == ARES_SUCCESS &&
      ares_parse_a_reply(a4.buf, a4.len, &h, NULL, NULL) == ARES_SUCCESS) {
    rc = dns_absolute(h->h_name, out);
  } else if (run == 0 && a6.status == ARES_SUCCESS &&
             ares_parse_aaaa_reply(a6.buf, a6.len, &h, NULL, NULL) ==
                 ARES_SUCCESS) {
    rc = dns_absolute(h->h_name, out);
  } else {
    rc = dns_status(run, &a4);
    int rc6 = dns_status(run, &a6);
    if (rc6 == XNET_ENOHOST || rc == 0) rc = rc6;
    if (rc == 0) rc = XNET_ENOHOST;
  }
  if (h) ares_free_hostent(h);
  dns_answer_free(&a4);
  dns_answer_free(&a6);
  if (rc < 0) {
    out[0] = '\0';
    rc = dns_fail(&c, host, rc);
  }
  dns_close(&c);
  return rc;
}

/* ---- one query, one record type ---- */

/* Runs one query of type for name: 0 with the answer in *a (the caller
 * frees it), or a recorded failure. */
static int dns_one(dns_call *c, const xnet_resolver *r, const char *name,
                   int type, dns_answer *a) {
  memset(a, 0, sizeof *a);
  if (!name || !*name) return dns_fail(NULL, name, XNET_EINVAL);
  int rc = dns_open(c, r, name);
  if (rc < 0) return rc;
  dns_query(c, name, type, !dns_rooted(name), a);
  rc = dns_status(dns_run(c), a);
  if (rc < 0) {
    dns_answer_free(a);
    rc = dns_fail(c, name, rc);
    dns_close(c);
  }
  return rc;
}

int xnet_resolver_lookup_txt(const xnet_resolver *r, const char *name,
                             char (*out)[XNET_DNS_TXT_MAX], size_t cap,
                             size_t *count) {
  *count = 0;
  dns_call c;
  dns_answer a;
  int rc = dns_one(&c, r, name, 16 /* TXT */, &a);
  if (rc < 0) return rc;
  struct ares_txt_ext *txt = NULL;
  rc = dns_code(ares_parse_txt_reply_ext(a.buf, a.len, &txt));
  size_t n = 0, len = 0;
  for (struct ares_txt_ext *t = txt; rc == 0 && t; t = t->next) {
    if (t->record_start || n == 0) {
      n++;
      len = 0;
    }
    if (len + t->length >= XNET_DNS_TXT_MAX) {
      rc = XNET_ENOBUFS;
      break;
    }
    if (n - 1 < cap) {
      memcpy(out[n - 1] + len, t->txt, t->length);
      out[n - 1][len + t->length] = '\0';
    }
    len += t->length;
  }
  if (rc == 0 && n == 0) rc = XNET_ENOHOST;
  if (txt) ares_free_data(txt);
  dns_answer_free(&a);
  if (rc < 0) {
    n = 0;
    rc = dns_fail(&c, name, rc);
  }
  dns_close(&c);
  *count = n;
  return rc;
}

/* Go's byPriorityWeight.sort: by priority, then each priority's records
 * in RFC 2782's weighted random order. */
static void dns_srv_order(xnet_stack *s, xnet_srv *v, size_t n) {
  for (size_t i = 1; i < n; i++) { /* stable insertion sort by priority */
    xnet_srv x = v[i];
    size_t j = i;
    for (; j > 0 && v[j - 1].priority > x.priority; j--) v[j] = v[j - 1];
    v[j] = x;
  }
  for (size_t lo = 0; lo < n;) {
    size_t hi = lo + 1;
    while (hi < n && v[hi].priority == v[lo].priority) hi++;
    uint32_t sum = 0;
    for (size_t i = lo; i < hi; i++) sum += v[i].weight;
    for (size_t k = lo; sum > 0 && hi - k > 1; k++) {
      uint32_t pick = dns_random(s, sum), run = 0;
      for (size_t i = k; i < hi; i++) {
        run += v[i].weight;
        if (run > pick) {
          xnet_srv t = v[k];
          v[k] = v[i];
          v[i] = t;
          break;
        }
      }
      sum -= v[k].weight;
    }
    lo = hi;
  }
}

int xnet_resolver_lookup_srv(const xnet_resolver *r, const char *service,
                             const char *proto, const char *name,
                             char cname[XNET_DNS_NAME_MAX], xnet_srv *out,
                             size_t cap, size_t *count) {
  *count = 0;
  if (cname) cname[0] = '\0';
  char target[XNET_DNS_NAME_MAX];
  bool direct = (!service || !*service) && (!proto || !*proto);
  int len = direct ? snprintf(target, sizeof target, "%s", name ? name : "")
                   : snprintf(target, sizeof target, "_%s._%s.%s",
                              service ? service : "", proto ? proto : "",
                              name ? name : "");
  if (len < 0 || (size_t)len >= sizeof target)
    return dns_fail(NULL, name, XNET_EINVAL);
  dns_call c;
  dns_answer a;
  int rc = dns_one(&c, r, target, 33 /* SRV */, &a);
  if (rc < 0) return rc;
  struct ares_srv_reply *srv = NULL;
  rc = dns_code(ares_parse_srv_reply(a.buf, a.len, &srv));
  size_t n = 0;
  for (struct ares_srv_reply *p = srv; rc == 0 && p; p = p->next) n++;
  xnet_srv *all = n ? calloc(n, sizeof *all) : NULL;
  if (rc == 0 && n && !all) rc = XNET_ENOMEM;
  size_t k = 0;
  for (struct ares_srv_reply *p = srv; rc == 0 && p; p = p->next, k++) {
    if (dns_absolute(p->host, all[k].target) < 0) all[k].target[0] = '\0';
    all[k].port = p->port;
    all[k].priority = p->priority;
    all[k].weight = p->weight;
  }
  if (rc == 0 && n == 0) rc = XNET_ENOHOST;
  if (rc == 0) {
    dns_srv_order(c.stack, all, n);
    memcpy(out, all, (n < cap ? n : cap) * sizeof *all);
    if (cname && dns_absolute(target, cname) < 0) cname[0] = '\0';
  }
  free(all);
  if (srv) ares_free_data(srv);
  dns_answer_free(&a);
  if (rc < 0) {
    n = 0;
    rc = dns_fail(&c, target, rc);
  }
  dns_close(&c);
  *count = n;
  return rc;
}

int xnet_resolver_lookup_mx(const xnet_resolver *r, const char *name,
                            xnet_mx *out, size_t cap, size_t *count) {
  *count = 0;
  dns_call c;
  dns_answer a;
  int rc = dns_one(&c, r, name, 15 /* MX */, &a);
  if (rc < 0) return rc;
  struct ares_mx_reply *mx = NULL;
  rc = dns_code(ares_parse_mx_reply(a.buf, a.len, &mx));
  size_t n = 0;
  for (struct ares_mx_reply *p = mx; rc == 0 && p; p = p->next) n++;
  xnet_mx *all = n ? calloc(n, sizeof *all) : NULL;
  if (rc == 0 && n && !all) rc = XNET_ENOMEM;
  size_t k = 0;
  for (struct ares_mx_reply *p = mx; rc == 0 && p; p = p->next, k++) {
    if (dns_absolute(p->host, all[k].host) < 0) all[k].host[0] = '\0';
    all[k].pref = p->priority;
  }
  if (rc == 0 && n == 0) rc = XNET_ENOHOST;
  if (rc == 0) {
    /* Go's byPref.sort: shuffle, then a stable sort by preference. */
    for (size_t i = n; i > 1; i--) {
      size_t j = dns_random(c.stack, (uint32_t)i);
      xnet_mx t = all[i - 1];
      all[i - 1] = all[j];
      all[j] = t;
    }
    for (size_t i = 1; i < n; i++) {
      xnet_mx x = all[i];
      size_t j = i;
      for (; j > 0 && all[j - 1].pref > x.pref; j--) all[j] = all[j - 1];
      all[j] = x;
    }
    memcpy(out, all, (n < cap ? n : cap) * sizeof *all);
  }
  free(all);
  if (mx) ares_free_data(mx);
  dns_answer_free(&a);
  if (rc < 0) {
    n = 0;
    rc = dns_fail(&c, name, rc);
  }
  dns_close(&c);
  *count = n;
  return rc;
}

int xnet_resolver_lookup_ns(const xnet_resolver *r, const char *name,
                            char (*out)[XNET_DNS_NAME_MAX], size_t cap,
                            size_t *count) {
  *count = 0;
  dns_call c;
  dns_answer a;
  int rc = dns_one(&c, r, name, 2 /* NS */, &a);
  if (rc < 0) return rc;
  struct hostent *h = NULL;
  rc = dns_code(ares_parse_ns_reply(a.buf, a.len, &h));
  size_t n = 0;
  if (rc == 0 && h->h_aliases)
    for (char **p = h->h_aliases; *p; p++, n++)
      if (n < cap && dns_absolute(*p, out[n]) < 0) out[n][0] = '\0';
  if (rc == 0 && n == 0) rc = XNET_ENOHOST;
  if (h) ares_free_hostent(h);
  dns_answer_free(&a);
  if (rc < 0) {
    n = 0;
    rc = dns_fail(&c, name, rc);
  }
  dns_close(&c);
  *count = n;
  return rc;
}
