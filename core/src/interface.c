/* interface.c — network interfaces (Go's interface.go): the backend's
 * interface list, looked up by index or name, and the unicast and
 * multicast addresses of one interface or of all, copied into the
 * caller's arrays in Go's forms (IPv4 addresses as 16 bytes, as IPv4()
 * makes them; no zones). Failures are recorded as Go's route errors:
 * "route ip+net: no such network interface". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/interface.h"

/* Go's error texts (interface.go). */
static const char no_such_interface[] = "no such network interface";

static int fail(int code, const char *detail) {
  return xnet__fail_text("route", "ip+net", detail, code);
}

/* Interfaces held on the stack before falling back to the heap. */
enum { LIST_STACK_CAP = 32 };

/* The backend's interface list, in buf when it fits, else in heap memory
 * (*list != buf: the caller frees it). The list is asked for again when it
 * grew between the size query and the copy. Returns the count or an error
 * (*list == buf then). */
static int list_interfaces(xnet_stack *s, xnet_backend_interface *buf,
                           xnet_backend_interface **list) {
  *list = buf;
  int n = s->ops.interfaces(s->inst, buf, LIST_STACK_CAP);
  size_t cap = LIST_STACK_CAP;
  while (n > 0 && (size_t)n > cap) {
    if (*list != buf) free(*list);
    cap = (size_t)n + 4; /* room for a few that appear meanwhile */
    *list = malloc(cap * sizeof **list);
    if (!*list) {
      *list = buf;
      return XNET_ENOMEM;
    }
    n = s->ops.interfaces(s->inst, *list, cap);
  }
  if (n < 0 && *list != buf) {
    free(*list);
    *list = buf;
  }
  return n;
}

static void from_backend(const xnet_backend_interface *b, xnet_interface *o) {
  memset(o, 0, sizeof *o);
  o->index = b->index;
  o->mtu = b->mtu;
  size_t len = strnlen(b->name, sizeof b->name);
  if (len > XNET_INTERFACE_NAME_MAX) len = XNET_INTERFACE_NAME_MAX;
  memcpy(o->name, b->name, len);
  size_t hw = b->hwaddr_len;
  if (hw > sizeof o->hardware_addr.bytes) hw = sizeof o->hardware_addr.bytes;
  memcpy(o->hardware_addr.bytes, b->hwaddr, hw);
  o->hardware_addr.len = (uint8_t)hw;
  o->flags = b->flags;
}

int xnet_interfaces(xnet_stack *s, xnet_interface *out, size_t cap,
                    size_t *count) {
  *count = 0;
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return fail(rc, "");
  xnet_backend_interface buf[LIST_STACK_CAP], *list;
  int n = list_interfaces(s, buf, &list);
  if (n < 0) return fail(n, "");
  for (int i = 0; i < n && (size_t)i < cap; i++)
    from_backend(&list[i], &out[i]);
  if (list != buf) free(list);
  *count = (size_t)n;
  return (size_t)n > cap ? fail(XNET_ENOBUFS, "") : 0;
}

/* Finds the interface with index (name NULL) or name. */
static int find(xnet_stack *s, int index, const char *name,
                xnet_interface *out) {
  memset(out, 0, sizeof *out);
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return fail(rc, "");
  xnet_backend_interface buf[LIST_STACK_CAP], *list;
  int n = list_interfaces(s, buf, &list);
  if (n < 0) return fail(n, "");
  rc = XNET_ENOENT;
  for (int i = 0; i < n; i++) {
    if (name ? strcmp(list[i].name, name) == 0 : list[i].index == index) {
      from_backend(&list[i], out);
      rc = 0;
      break;
    }
  }
  if (list != buf) free(list);
  return rc < 0 ? fail(rc, no_such_interface) : 0;
}

int xnet_interface_by_index(xnet_stack *s, int index, xnet_interface *out) {
  if (index <= 0) {
    memset(out, 0, sizeof *out);
    return fail(XNET_EINVAL, "invalid network interface index");
  }
  return find(s, index, NULL, out);
}

int xnet_interface_by_name(xnet_stack *s, const char *name,
                           xnet_interface *out) {
  if (!name || !*name) {
    memset(out, 0, sizeof *out);
    return fail(XNET_EINVAL, "invalid network interface name");
  }
  return find(s, 0, name, out);
}

/* Go's IPv4 addresses are 16 bytes (IPv4() makes them so); zones dropped. */
static void go_form(xnet_ip *ip) {
  xnet_ip v16;
  if (ip->len == XNET_IPV4_LEN && xnet_ip_to16(ip, &v16) == 0) *ip = v16;
  ip->zone[0] = '\0';
}

/* The addresses of the interface with index (0: all). */
static int addrs(xnet_stack *s, int index, xnet_ip_net *out, size_t cap,
                 size_t *count) {
  *count = 0;
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return fail(rc, "");
  int n = s->ops.interface_addrs(s->inst, index, out, cap);
  if (n < 0) return fail(n, "");
  for (int i = 0; i < n && (size_t)i < cap; i++) go_form(&out[i].ip);
  *count = (size_t)n;
  return (size_t)n > cap ? fail(XNET_ENOBUFS, "") : 0;
}

int xnet_interface_addrs(xnet_stack *s, const xnet_interface *ifi,
                         xnet_ip_net *out, size_t cap, size_t *count) {
  *count = 0;
  /* index 0 would mean "every interface" to the backend. */
  if (!ifi || ifi->index <= 0)
    return fail(XNET_EINVAL, "invalid network interface");
  return addrs(s, ifi->index, out, cap, count);
}

int xnet_interface_addrs_all(xnet_stack *s, xnet_ip_net *out, size_t cap,
                             size_t *count) {
  return addrs(s, 0, out, cap, count);
}

int xnet_interface_multicast_addrs(xnet_stack *s, const xnet_interface *ifi,
                                   xnet_ip *out, size_t cap, size_t *count) {
  *count = 0;
  if (!ifi || ifi->index <= 0)
    return fail(XNET_EINVAL, "invalid network interface");
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return fail(rc, "");
  int n = s->ops.multicast_addrs(s->inst, ifi->index, out, cap);
  if (n < 0) return fail(n, "");
  for (int i = 0; i < n && (size_t)i < cap; i++) go_form(&out[i]);
  *count = (size_t)n;
  return (size_t)n > cap ? fail(XNET_ENOBUFS, "") : 0;
}

int xnet_interface_flags_format(unsigned flags, char *buf, size_t cap) {
  /* Go's flagNames, in bit order. */
  static const char *const names[] = {"up",           "broadcast",
                                      "loopback",     "pointtopoint",
                                      "multicast",    "running"};
  char text[XNET_INTERFACE_FLAGS_STRLEN];
  size_t len = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (!(flags & (1u << i))) continue;
    len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
                            len ? "|" : "", names[i]);
  }
  if (len == 0) len = (size_t)snprintf(text, sizeof text, "0");
  return snprintf(buf, cap, "%s", text);
}
