/* igmp.c — the multicast groups joined per interface (ops->multicast_addrs)
 * from /proc/net/igmp and /proc/net/igmp6, as Go's interface_linux.go
 * reads them. The files are read through the syscall table (open, read,
 * close), so a test can hand the parser any text.
 *
 * /proc/net/igmp (net/ipv4/igmp.c igmp_mc_seq_show): a header line, then
 * per interface "<index>\t<name>: <count> <querier>" and one line per
 * group, "\t\t\t\t<group>     <users> <timer>\t\t<reporter>", where
 * <group> is the __be32 address printed with %08X, i.e. its four bytes read
 * as a native integer: the bytes are recovered by storing the value back
 * natively (the kernel whose file this is runs on this machine).
 *
 * /proc/net/igmp6 (net/ipv6/mcast.c igmp6_mc_seq_show): one line per
 * group, "<index> <name> <group as 32 hex digits> <users> <flags>
 * <timer>", the group in network order.
 *
 * A file that does not exist (no IPv6) lists nothing, as in Go. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>

#include "linux_int.h"

typedef struct groups {
  int index; /* wanted interface, 0 all */
  xnet_ip *out;
  size_t cap;
  size_t total;
  int cur_index; /* igmp: the interface of the lines that follow */
} groups;

static void add(groups *g, const xnet_ip *ip) {
  if (g->total < g->cap) g->out[g->total] = *ip;
  g->total++;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses exactly n hex digits at s (n <= 32, even) into n/2 bytes. */
static int hex_bytes(const char *s, size_t n, uint8_t *out) {
  for (size_t i = 0; i < n; i += 2) {
    int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  return 0;
}

/* The next whitespace-separated token of [*s, end), advancing *s. */
static size_t token(const char **s, const char *end, const char **tok) {
  const char *p = *s;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  *tok = p;
  while (p < end && *p != ' ' && *p != '\t') p++;
  *s = p;
  return (size_t)(p - *tok);
}

/* A decimal interface index, or -1. */
static int decimal(const char *s, size_t n) {
  if (n == 0 || n > 9) return -1;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static void igmp_line(groups *g, const char *s, size_t n) {
  const char *end = s + n, *tok;
  if (n == 0) return;
  if (s[0] != ' ' && s[0] != '\t') {
    /* "<index>\t<name>: ..." (the "Idx\tDevice" header gives -1). */
    size_t len = token(&s, end, &tok);
    g->cur_index = decimal(tok, len);
    return;
  }
  size_t len = token(&s, end, &tok);
  if (len != 8 || g->cur_index < 0) return;
  uint8_t be[4];
  if (hex_bytes(tok, 8, be) < 0) return;
  uint32_t v = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 |
               (uint32_t)be[2] << 8 | be[3];
  uint8_t addr[4];
  memcpy(addr, &v, sizeof addr); /* native order, as the kernel printed */
  if (g->index != 0 && g->cur_index != g->index) return;
  xnet_ip ip;
  xnet_ip_from4(addr, &ip);
  add(g, &ip);
}

static void igmp6_line(groups *g, const char *s, size_t n) {
  const char *end = s + n, *idx, *name, *grp;
  size_t idx_len = token(&s, end, &idx);
  size_t name_len = token(&s, end, &name);
  size_t grp_len = token(&s, end, &grp);
  int index = decimal(idx, idx_len);
  uint8_t addr[16];
  if (index < 0 || name_len == 0 || grp_len != 32 ||
      hex_bytes(grp, 32, addr) < 0)
    return;
  if (g->index != 0 && index != g->index) return;
  xnet_ip ip;
  xnet_ip_from16(addr, &ip);
  add(g, &ip);
}

/* Calls line() for every line of the file at path (a missing file has
 * none). Lines longer than the buffer are cut at its size; no line of
 * these files comes near it. */
static int each_line(xnet_posix *p, const char *path, groups *g,
                     void (*line)(groups *, const char *, size_t)) {
  int fd = p->sys.open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : xnet__posix_err(errno);
  char buf[512];
  size_t have = 0;
  int rc = 0;
  for (;;) {
    ssize_t r = p->sys.read(fd, buf + have, sizeof buf - have);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      rc = xnet__posix_err(errno);
      break;
    }
    have += (size_t)r;
    size_t start = 0;
    for (size_t i = 0; i < have; i++) {
      if (buf[i] != '\n') continue;
      line(g, buf + start, i - start);
      start = i + 1;
    }
    if (r == 0 || (start == 0 && have == sizeof buf)) {
      /* End of file, or a line filling the buffer: take what is there. */
      if (have > start) line(g, buf + start, have - start);
      start = have;
    }
    memmove(buf, buf + start, have - start);
    have -= start;
    if (r == 0) break;
  }
  p->sys.close(fd);
  return rc;
}

int xnet__linux_multicast_addrs(void *inst, int index, xnet_ip *out,
                                size_t cap) {
  xnet_posix *p = inst;
  if (index < 0) return XNET_EINVAL;
  groups g = {.index = index, .out = out, .cap = cap, .cur_index = -1};
  int rc = each_line(p, "/proc/net/igmp", &g, igmp_line);
  if (rc == 0) rc = each_line(p, "/proc/net/igmp6", &g, igmp6_line);
  if (rc < 0) return rc;
  return g.total > INT32_MAX ? INT32_MAX : (int)g.total;
}
