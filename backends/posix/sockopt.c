/* sockopt.c — portable socket options through the host's (level, name)
 * table, and raw options at the host's numbering.
 *
 * Values are ints, with three portable conventions: SO_LINGER is seconds
 * (< 0 turns lingering off; the kernel's struct linger is built here),
 * SO_ERROR reads the pending error as an XNET_E* code (0 none), SO_TYPE an
 * XNET_SOCK_* value. Boolean options read back as 0 or 1 (BSD kernels
 * return the option's flag bit). */
#define _DEFAULT_SOURCE
#include <sys/socket.h>

#include "posix_int.h"

int xnet__posix_sockopt_row(const xnet_posix_sockopt *table, xnet_sockopt opt,
                            xnet_posix_sockopt *row) {
  row->level = 0;
  row->name = 0;
  if ((int)opt <= 0 || opt >= XNET_SOCKOPT__MAX) return XNET_EINVAL;
  if (table[opt].name == 0) return XNET_ENOTSUP;
  *row = table[opt];
  return 0;
}

static int is_bool(xnet_sockopt opt) {
  switch (opt) {
  case XNET_SO_REUSEADDR:
  case XNET_SO_REUSEPORT:
  case XNET_SO_KEEPALIVE:
  case XNET_SO_BROADCAST:
  case XNET_SO_PASSCRED:
  case XNET_TCP_NODELAY:
  case XNET_IPV6_V6ONLY:
    return 1;
  default:
    return 0;
  }
}

int xnet__posix_setsockopt(void *inst, int sock, xnet_sockopt opt,
                           int value) {
  xnet_posix *p = inst;
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(p->host->sockopts, opt, &row);
  if (rc < 0) return rc;
  if (opt == XNET_SO_ERROR || opt == XNET_SO_TYPE) return XNET_EINVAL;
  int r;
  if (opt == XNET_SO_LINGER) {
    struct linger l;
    l.l_onoff = value >= 0;
    l.l_linger = value >= 0 ? value : 0;
    r = p->sys.setsockopt(sock, row.level, row.name, &l, sizeof l);
  } else {
    r = p->sys.setsockopt(sock, row.level, row.name, &value, sizeof value);
  }
  return r < 0 ? xnet__posix_err(errno) : 0;
}

int xnet__posix_getsockopt(void *inst, int sock, xnet_sockopt opt,
                           int *value) {
  xnet_posix *p = inst;
  *value = 0;
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(p->host->sockopts, opt, &row);
  if (rc < 0) return rc;
  if (opt == XNET_SO_LINGER) {
    struct linger l = {0, 0};
    socklen_t len = sizeof l;
    if (p->sys.getsockopt(sock, row.level, row.name, &l, &len) < 0)
      return xnet__posix_err(errno);
    *value = l.l_onoff ? l.l_linger : -1;
    return 0;
  }
  int v = 0;
  socklen_t len = sizeof v;
  if (p->sys.getsockopt(sock, row.level, row.name, &v, &len) < 0)
    return xnet__posix_err(errno);
  if (opt == XNET_SO_ERROR)
    v = v ? xnet__posix_err(v) : 0;
  else if (opt == XNET_SO_TYPE)
    v = xnet__posix_type_from_host(v);
  else if (is_bool(opt))
    v = v != 0;
  *value = v;
  return 0;
}

int xnet__posix_setsockopt_raw(void *inst, int sock, int level, int name,
                               const void *val, size_t len) {
  xnet_posix *p = inst;
  if (len > (socklen_t)-1 / 2) return XNET_EINVAL;
  if (p->sys.setsockopt(sock, level, name, val, (socklen_t)len) < 0)
    return xnet__posix_err(errno);
  return 0;
}

int xnet__posix_getsockopt_raw(void *inst, int sock, int level, int name,
                               void *val, size_t *len) {
  xnet_posix *p = inst;
  if (*len > (socklen_t)-1 / 2) return XNET_EINVAL;
  socklen_t n = (socklen_t)*len;
  if (p->sys.getsockopt(sock, level, name, val, &n) < 0)
    return xnet__posix_err(errno);
  *len = n;
  return 0;
}
