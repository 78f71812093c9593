/* op_error.c — the per-thread failure record (Go's *net.OpError). */
#include <stdio.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

static _Thread_local xnet_op_error last;

/* A detail a backend gave with the code it is about to return (a replay
 * stack's diff of a mismatched write); the next failure record with that
 * code takes it, any other failure record drops it. */
static _Thread_local struct {
  int code;
  char text[sizeof last.detail];
} pending;

void xnet__backend_detail(int code, const char *text) {
  pending.code = code;
  snprintf(pending.text, sizeof pending.text, "%s", text ? text : "");
}

const xnet_op_error *xnet_last_error(void) { return &last; }

static void copy_str(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src ? src : "");
}

int xnet__fail(const char *op, const char *net, const xnet_addr *source,
               const xnet_addr *addr, int code) {
  memset(&last, 0, sizeof last);
  copy_str(last.op, sizeof last.op, op);
  copy_str(last.net, sizeof last.net, net);
  if (source) last.source = *source;
  if (addr) last.addr = *addr;
  last.code = code;
  if (pending.code == code && pending.text[0])
    copy_str(last.detail, sizeof last.detail, pending.text);
  pending.code = 0;
  pending.text[0] = '\0';
  return code;
}

void xnet__fail_addr_text(const char *source_text, const char *addr_text) {
  /* Text that does not fit is left out: the first IP (source / addr)
   * stands in rather than a cut address. */
  if (source_text && strlen(source_text) < sizeof last.source_text)
    copy_str(last.source_text, sizeof last.source_text, source_text);
  if (addr_text && strlen(addr_text) < sizeof last.addr_text)
    copy_str(last.addr_text, sizeof last.addr_text, addr_text);
}

int xnet__fail_text(const char *op, const char *net, const char *text,
                    int code) {
  xnet__fail(op, net, NULL, NULL, code);
  copy_str(last.detail, sizeof last.detail, text);
  return code;
}

int xnet_op_error_format(const xnet_op_error *e, char *buf, size_t cap) {
  /* Room for a multi-homed endpoint's text as well as an xnet_addr's. */
  char src[sizeof e->source_text + XNET_ADDR_STRLEN] = "";
  char dst[sizeof e->addr_text + XNET_ADDR_STRLEN] = "";
  if (e->source_text[0])
    copy_str(src, sizeof src, e->source_text);
  else if (e->source.kind != XNET_KIND_NONE)
    xnet_addr_format(&e->source, src, sizeof src);
  if (e->addr_text[0])
    copy_str(dst, sizeof dst, e->addr_text);
  else if (e->addr.kind != XNET_KIND_NONE)
    xnet_addr_format(&e->addr, dst, sizeof dst);
  /* Go's OpError.Error: op [net] [source] [("->" or " ") addr]. */
  char head[sizeof src + sizeof dst + 64];
  int n = snprintf(head, sizeof head, "%s", e->op);
  if (e->net[0]) n += snprintf(head + n, sizeof head - (size_t)n, " %s", e->net);
  if (src[0]) n += snprintf(head + n, sizeof head - (size_t)n, " %s", src);
  if (dst[0])
    n += snprintf(head + n, sizeof head - (size_t)n, "%s%s", src[0] ? "->" : " ",
                  dst);
  const char *cause = xnet_strerror(e->code);
  /* Go's UnknownNetworkError names the network: "unknown network tcp5". */
  const char *cause_arg = e->code == XNET_EUNKNOWNNET ? e->net : "";
  const char *sep = cause_arg[0] ? " " : "";
  /* Go's DNSError has no network or address: "lookup NAME: cause". */
  if (!e->net[0] && !src[0] && !dst[0] && e->detail[0])
    return snprintf(buf, cap, "%s %s: %s", e->op, e->detail, cause);
  if (e->detail[0] && e->code != 0)
    return snprintf(buf, cap, "%s: %s: %s%s%s", head, e->detail, cause, sep,
                    cause_arg);
  return snprintf(buf, cap, "%s: %s%s%s", head, cause, sep, cause_arg);
}

bool xnet_error_is_timeout(int code) { return code == XNET_ETIMEDOUT; }

bool xnet_error_is_temporary(int code) {
  switch (code) {
  case XNET_ETIMEDOUT:
  case XNET_EAGAIN:
  case XNET_EINTR:
  case XNET_ECONNRESET:
  case XNET_ECONNABORTED:
  case XNET_EMFILE:
  case XNET_ENFILE:
  case XNET_ENOBUFS:
  case XNET_ENOMEM:
    return true;
  default:
    return false;
  }
}
