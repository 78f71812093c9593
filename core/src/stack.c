/* stack.c — stacks: a backend table plus its instance state in one block.
 *
 * Opening a stack copies the backend's ops into the stack and replaces every
 * missing op with a stub returning XNET_ENOTSUP, so core calls ops without
 * NULL checks (STYLE.md: "ops are never NULL"). The batch ops are the
 * exception: NULL there means "no batching" and core falls back. */
#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "stack_int.h"
#include "xnet/error.h"

/* ---- stubs for ops a backend leaves out ---- */
static int stub_msg(void *i, int s, xnet_backend_msg *m, int f) {
  (void)i, (void)s, (void)m, (void)f;
  return XNET_ENOTSUP;
}
static int stub_rw(void *i, int s, void *b, size_t n) {
  (void)i, (void)s, (void)b, (void)n;
  return XNET_ENOTSUP;
}
static int stub_write(void *i, int s, const void *b, size_t n) {
  (void)i, (void)s, (void)b, (void)n;
  return XNET_ENOTSUP;
}
static int stub_wait(void *i, int s, unsigned e, int64_t d, xnet_waker *w) {
  (void)i, (void)s, (void)e, (void)d, (void)w;
  return XNET_ENOTSUP;
}
static int64_t stub_now(void *i) {
  (void)i;
  return 0;
}
static int stub_random(void *i, void *b, size_t n) {
  (void)i, (void)b, (void)n;
  return XNET_ENOTSUP;
}
static int stub_socket(void *i, int f, int t, int p, int *s) {
  (void)i, (void)f, (void)t, (void)p, (void)s;
  return XNET_ENOTSUP;
}
static int stub_addr_in(void *i, int s, const xnet_sockaddr *a) {
  (void)i, (void)s, (void)a;
  return XNET_ENOTSUP;
}
static int stub_addr_out(void *i, int s, xnet_sockaddr *a) {
  (void)i, (void)s, (void)a;
  return XNET_ENOTSUP;
}
static int stub_sock(void *i, int s) {
  (void)i, (void)s;
  return XNET_ENOTSUP;
}
static int stub_sock_int(void *i, int s, int v) {
  (void)i, (void)s, (void)v;
  return XNET_ENOTSUP;
}
static int stub_accept(void *i, int s, int *n, xnet_sockaddr *p) {
  (void)i, (void)s, (void)n, (void)p;
  return XNET_ENOTSUP;
}
static int stub_setopt(void *i, int s, xnet_sockopt o, int v) {
  (void)i, (void)s, (void)o, (void)v;
  return XNET_ENOTSUP;
}
static int stub_getopt(void *i, int s, xnet_sockopt o, int *v) {
  (void)i, (void)s, (void)o, (void)v;
  return XNET_ENOTSUP;
}
static int stub_setraw(void *i, int s, int l, int n, const void *v, size_t z) {
  (void)i, (void)s, (void)l, (void)n, (void)v, (void)z;
  return XNET_ENOTSUP;
}
static int stub_getraw(void *i, int s, int l, int n, void *v, size_t *z) {
  (void)i, (void)s, (void)l, (void)n, (void)v, (void)z;
  return XNET_ENOTSUP;
}
static int stub_dup(void *i, int s, int *o) {
  (void)i, (void)s, (void)o;
  return XNET_ENOTSUP;
}
static int stub_unlink(void *i, const char *p) {
  (void)i, (void)p;
  return XNET_ENOTSUP;
}
static int stub_waker_open(void *i, xnet_waker **w) {
  (void)i, (void)w;
  return XNET_ENOTSUP;
}
static void stub_waker(void *i, xnet_waker *w) { (void)i, (void)w; }
static int stub_resolve(void *i, const char *h, int f, xnet_resolved *o,
                        size_t c) {
  (void)i, (void)h, (void)f, (void)o, (void)c;
  return XNET_ENOTSUP;
}
static int stub_interfaces(void *i, xnet_backend_interface *o, size_t c) {
  (void)i, (void)o, (void)c;
  return XNET_ENOTSUP;
}
static int stub_open(void *i, const void *c) {
  (void)i, (void)c;
  return 0;
}
static void stub_close_stack(void *i) { (void)i; }
static int stub_import_fd(void *i, int fd, int *s) {
  (void)i, (void)fd, (void)s;
  return XNET_ENOTSUP;
}
static int stub_interface_addrs(void *i, int x, xnet_ip_net *o, size_t c) {
  (void)i, (void)x, (void)o, (void)c;
  return XNET_ENOTSUP;
}
static int stub_multicast_addrs(void *i, int x, xnet_ip *o, size_t c) {
  (void)i, (void)x, (void)o, (void)c;
  return XNET_ENOTSUP;
}
static int stub_wait_many(void *i, xnet_backend_wait *s, size_t n, int64_t d,
                          xnet_waker *w) {
  (void)i, (void)s, (void)n, (void)d, (void)w;
  return XNET_ENOTSUP;
}
static int stub_setsockopt_group(void *i, int s, xnet_sockopt o, int x,
                                 const xnet_sockaddr *g) {
  (void)i, (void)s, (void)o, (void)x, (void)g;
  return XNET_ENOTSUP;
}

static int stub_reverse(void *i, const xnet_ip *ip, char *n, size_t c) {
  (void)i, (void)ip, (void)n, (void)c;
  return XNET_ENOTSUP;
}

static int stub_zone_index(void *i, const char *n) {
  (void)i, (void)n;
  return XNET_ENOTSUP;
}
static int stub_zone_name(void *i, int x, char *n, size_t c) {
  (void)i, (void)x, (void)n, (void)c;
  return XNET_ENOTSUP;
}

static int stub_sctp_bindx(void *i, int s, const xnet_sockaddr *a, size_t n,
                           int add) {
  (void)i, (void)s, (void)a, (void)n, (void)add;
  return XNET_ENOTSUP;
}
static int stub_sctp_connectx(void *i, int s, const xnet_sockaddr *a,
                              size_t n) {
  (void)i, (void)s, (void)a, (void)n;
  return XNET_ENOTSUP;
}
static int stub_sctp_addrs(void *i, int s, int r, xnet_sockaddr *o, size_t c) {
  (void)i, (void)s, (void)r, (void)o, (void)c;
  return XNET_ENOTSUP;
}
static int stub_caps(void *i) {
  (void)i;
  return 0;
}

#define XNET__FILL(field, stub) \
  if (!ops->field) ops->field = stub

static void fill_stubs(xnet_backend_ops *ops) {
  XNET__FILL(recvmsg, stub_msg);
  XNET__FILL(sendmsg, stub_msg);
  XNET__FILL(read, stub_rw);
  XNET__FILL(write, stub_write);
  XNET__FILL(wait, stub_wait);
  XNET__FILL(now, stub_now);
  XNET__FILL(random, stub_random);
  XNET__FILL(socket, stub_socket);
  XNET__FILL(bind, stub_addr_in);
  XNET__FILL(connect, stub_addr_in);
  XNET__FILL(connect_result, stub_sock);
  XNET__FILL(listen, stub_sock_int);
  XNET__FILL(accept, stub_accept);
  XNET__FILL(shutdown, stub_sock_int);
  XNET__FILL(close, stub_sock);
  XNET__FILL(local_addr, stub_addr_out);
  XNET__FILL(remote_addr, stub_addr_out);
  XNET__FILL(setsockopt, stub_setopt);
  XNET__FILL(getsockopt, stub_getopt);
  XNET__FILL(setsockopt_raw, stub_setraw);
  XNET__FILL(getsockopt_raw, stub_getraw);
  XNET__FILL(dup, stub_dup);
  XNET__FILL(unlink_path, stub_unlink);
  XNET__FILL(waker_open, stub_waker_open);
  XNET__FILL(waker_wake, stub_waker);
  XNET__FILL(waker_close, stub_waker);
  XNET__FILL(resolve, stub_resolve);
  XNET__FILL(reverse, stub_reverse);
  XNET__FILL(zone_index, stub_zone_index);
  XNET__FILL(zone_name, stub_zone_name);
  XNET__FILL(sctp_bindx, stub_sctp_bindx);
  XNET__FILL(sctp_connectx, stub_sctp_connectx);
  XNET__FILL(sctp_addrs, stub_sctp_addrs);
  XNET__FILL(interfaces, stub_interfaces);
  XNET__FILL(open, stub_open);
  XNET__FILL(close_stack, stub_close_stack);
  XNET__FILL(import_fd, stub_import_fd);
  XNET__FILL(interface_addrs, stub_interface_addrs);
  XNET__FILL(multicast_addrs, stub_multicast_addrs);
  XNET__FILL(wait_many, stub_wait_many);
  XNET__FILL(setsockopt_group, stub_setsockopt_group);
  XNET__FILL(caps, stub_caps);
}
#undef XNET__FILL

int xnet__stack_open(const xnet_backend_ops *ops, const void *config,
                     xnet_stack **out) {
  *out = NULL;
  size_t head = (sizeof(xnet_stack) + alignof(max_align_t) - 1) &
                ~(alignof(max_align_t) - 1);
  xnet_stack *s = calloc(1, head + ops->instance_size);
  if (!s) return XNET_ENOMEM;
  s->ops = *ops;
  fill_stubs(&s->ops);
  s->inst = (char *)s + head;
  int rc = s->ops.open(s->inst, config);
  if (rc < 0) {
    free(s);
    return rc;
  }
  *out = s;
  return 0;
}

const xnet_backend_ops *xnet__stack_ops(xnet_stack *s) { return &s->ops; }
void *xnet__stack_instance(xnet_stack *s) { return s->inst; }

int xnet__stack_caps(xnet_stack *s) {
  if (s->ops.caps != stub_caps) return s->ops.caps(s->inst);
  /* A table without the op: what its ops say (the stub's 0 would take
   * SCTP from a table that has it). */
  int caps = 0;
  if (s->ops.sctp_layout) caps |= XNET_CAP_SCTP;
  if (s->ops.recvmmsg && s->ops.sendmmsg) caps |= XNET_CAP_BATCH;
  return caps;
}

/* The default stack: created once, lives until exit. */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static xnet_stack *default_stack;
static int default_error;

static void open_default(void) {
  default_error = xnet__host_stack_open(&default_stack);
}

xnet_stack *xnet_stack_default(void) {
  pthread_once(&default_once, open_default);
  return default_stack;
}

int xnet__stack_resolve(xnet_stack **s) {
  if (*s) return 0;
  *s = xnet_stack_default();
  return *s ? 0 : (default_error ? default_error : XNET_ENOTSUP);
}

void xnet_stack_close(xnet_stack *s) {
  if (!s || s == default_stack) return;
  s->ops.close_stack(s->inst);
  free(s);
}

const char *xnet_stack_name(xnet_stack *s) {
  if (xnet__stack_resolve(&s) < 0) return "none";
  return s->ops.name;
}

int64_t xnet_now(xnet_stack *s) {
  if (xnet__stack_resolve(&s) < 0) return 0;
  return s->ops.now(s->inst);
}

int64_t xnet_deadline_in(xnet_stack *s, int64_t ns) {
  int64_t now = xnet_now(s);
  if (ns <= 0) return now > 1 ? now - 1 : 1; /* already passed, never 0 */
  return now + ns;
}
