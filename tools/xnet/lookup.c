/* lookup.c — `xnet lookup TYPE NAME [--server ADDR] [-w SECONDS]`: one of
 * Go's net lookups, its answers one per line.
 *
 * Without --server, host, ip and addr go through the system resolver
 * (xnet/lookup.h: /etc/hosts, nsswitch) and the record types through
 * /etc/resolv.conf's servers; with --server every type asks that server
 * (xnet/dns.h). A failure prints Go's DNSError text and exits 1.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/dns.h"
#include "xnet/lookup.h"
#include "xnet/net.h"
#include "xnet/op_error.h"
#include "xnet_tool.h"

int xnet_tool_lookup(int argc, char **argv, FILE *in, FILE *out, FILE *err);

static const char lookup_help[] =
    "usage: xnet lookup [--server ADDR] [-w SECONDS] TYPE NAME\n"
    "\n"
    "Looks NAME up as Go's net.Lookup* does and prints the answers, one a line.\n"
    "\n"
    "types:\n"
    "  host   addresses as text (LookupHost)     ip     the same (LookupIP)\n"
    "  addr   names of an address (LookupAddr)   cname  canonical name\n"
    "  txt    TXT records, strings joined        ns     name servers\n"
    "  srv    PRIORITY WEIGHT PORT TARGET lines; NAME is _service._proto.name\n"
    "         or any name holding SRV records (LookupSRV(\"\", \"\", NAME))\n"
    "  mx     PREF HOST lines, by preference\n"
    "  port   the port of a service: NAME is SERVICE or NETWORK/SERVICE\n"
    "\n"
    "options:\n"
    "  --server ADDR  ask this DNS server (IP or IP:PORT, comma-separated\n"
    "                 for several) instead of the system's configuration\n"
    "  -w SECONDS     give up after this long (a timeout error)\n"
    "\n"
    "Exit status: 0 answers printed, 1 lookup failed (not found, timeout,\n"
    "server failure), 2 usage error.\n";

#define LOOKUP_CAP 64

typedef struct lookup_args {
  const char *type, *name, *server;
  int64_t wait;
} lookup_args;

static bool parse_seconds(const char *s, int64_t *ns) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || !isfinite(v) || v <= 0 || v > 31536000.0)
    return false;
  *ns = (int64_t)(v * (double)XNET_SECOND);
  if (*ns == 0) *ns = 1;
  return true;
}

static int parse_args(int argc, char **argv, FILE *out, FILE *err,
                      lookup_args *a) {
  memset(a, 0, sizeof *a);
  const char *pos[2];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
      fputs(lookup_help, out);
      return XNET_TOOL_EXIT_OK;
    } else if (strcmp(s, "--server") == 0 || strcmp(s, "-w") == 0) {
      if (i + 1 >= argc) {
        fprintf(err, "xnet lookup: %s needs a value\n", s);
        return XNET_TOOL_EXIT_USAGE;
      }
      if (s[1] == 'w' && !parse_seconds(argv[i + 1], &a->wait)) {
        fprintf(err, "xnet lookup: -w needs a positive number of seconds\n");
        return XNET_TOOL_EXIT_USAGE;
      }
      if (s[1] == '-') a->server = argv[i + 1];
      i++;
    } else if (s[0] == '-' && s[1] != '\0') {
      fprintf(err, "xnet lookup: unknown option '%s'\n%s", s, lookup_help);
      return XNET_TOOL_EXIT_USAGE;
    } else if (npos == 2) {
      fprintf(err, "xnet lookup: unexpected argument '%s'\n", s);
      return XNET_TOOL_EXIT_USAGE;
    } else {
      pos[npos++] = s;
    }
  }
  if (npos < 2) {
    fprintf(err, "xnet lookup: needs TYPE and NAME\n%s", lookup_help);
    return XNET_TOOL_EXIT_USAGE;
  }
  a->type = pos[0];
  a->name = pos[1];
  return -1;
}

/* Prints the failure: the DNS error for resolver lookups, else the
 * thread's OpError (system resolver, port). */
static int fail(FILE *err, bool dns) {
  char msg[512];
  if (dns)
    xnet_dns_error_format(xnet_dns_last_error(), msg, sizeof msg);
  else
    xnet_op_error_format(xnet_last_error(), msg, sizeof msg);
  fprintf(err, "xnet lookup: %s\n", msg);
  return XNET_TOOL_EXIT_NETWORK;
}

/* Servers given as bare IPv6 addresses get brackets and port 53 (c-ares
 * takes "[::1]:53" but not "[::1]"). */
static bool server_list(const char *in, char *out, size_t cap) {
  size_t k = 0;
  const char *p = in;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    size_t colons = 0;
    for (size_t i = 0; i < n; i++) colons += p[i] == ':';
    bool wrap = colons > 1 && p[0] != '[';
    if (k + n + 8 >= cap) return false;
    if (k) out[k++] = ',';
    if (wrap) out[k++] = '[';
    memcpy(out + k, p, n);
    k += n;
    if (wrap) {
      memcpy(out + k, "]:53", 4);
      k += 4;
    }
    p += n;
    if (*p == ',') p++;
  }
  out[k] = '\0';
  return k > 0;
}

static int lookup_port(const char *name, FILE *out, FILE *err) {
  char net[16] = "tcp";
  const char *svc = name, *slash = strchr(name, '/');
  if (slash) {
    size_t n = (size_t)(slash - name);
    if (n == 0 || n >= sizeof net) {
      fprintf(err, "xnet lookup: bad NETWORK/SERVICE '%s'\n", name);
      return XNET_TOOL_EXIT_USAGE;
    }
    memcpy(net, name, n);
    net[n] = '\0';
    svc = slash + 1;
  }
  uint16_t port;
  if (xnet_lookup_port(net, svc, &port) < 0) return fail(err, false);
  fprintf(out, "%u\n", port);
  return XNET_TOOL_EXIT_OK;
}

int xnet_tool_lookup(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  (void)in;
  lookup_args a;
  int st = parse_args(argc, argv, out, err, &a);
  if (st >= 0) return st;
  char servers[512];
  xnet_resolver r = {0};
  if (a.server) {
    if (!server_list(a.server, servers, sizeof servers)) {
      fprintf(err, "xnet lookup: bad --server '%s'\n", a.server);
      return XNET_TOOL_EXIT_USAGE;
    }
    r.servers = servers;
  }
  if (a.wait) r.deadline = xnet_deadline_in(NULL, a.wait);
  bool dns = a.server != NULL;
  size_t n = 0;
  const char *t = a.type;
  if (strcmp(t, "host") == 0 || strcmp(t, "ip") == 0) {
    char text[LOOKUP_CAP][XNET_IP_STRLEN];
    int rc = dns ? xnet_resolver_lookup_host(&r, a.name, text, LOOKUP_CAP, &n)
                 : xnet_lookup_host(NULL, a.name, text, LOOKUP_CAP, &n);
    if (rc < 0) return fail(err, dns);
    for (size_t i = 0; i < n && i < LOOKUP_CAP; i++) fprintf(out, "%s\n", text[i]);
  } else if (strcmp(t, "addr") == 0) {
    char names[LOOKUP_CAP][XNET_HOSTNAME_MAX];
    int rc;
    if (dns) {
      char (*dn)[XNET_DNS_NAME_MAX] = malloc(LOOKUP_CAP * sizeof *dn);
      if (!dn) return XNET_TOOL_EXIT_INPUT;
      rc = xnet_resolver_lookup_addr(&r, a.name, dn, LOOKUP_CAP, &n);
      for (size_t i = 0; rc == 0 && i < n && i < LOOKUP_CAP; i++)
        snprintf(names[i], sizeof names[i], "%s", dn[i]);
      free(dn);
    } else {
      rc = xnet_lookup_addr(NULL, a.name, names, LOOKUP_CAP, &n);
    }
    if (rc < 0) return fail(err, dns);
    for (size_t i = 0; i < n && i < LOOKUP_CAP; i++) fprintf(out, "%s\n", names[i]);
  } else if (strcmp(t, "cname") == 0) {
    char cname[XNET_DNS_NAME_MAX];
    if (xnet_resolver_lookup_cname(&r, a.name, cname) < 0) return fail(err, true);
    fprintf(out, "%s\n", cname);
  } else if (strcmp(t, "txt") == 0) {
    char (*txt)[XNET_DNS_TXT_MAX] = malloc(LOOKUP_CAP * sizeof *txt);
    if (!txt) return XNET_TOOL_EXIT_INPUT;
    int rc = xnet_resolver_lookup_txt(&r, a.name, txt, LOOKUP_CAP, &n);
    for (size_t i = 0; rc == 0 && i < n && i < LOOKUP_CAP; i++)
      fprintf(out, "%s\n", txt[i]);
    free(txt);
    if (rc < 0) return fail(err, true);
  } else if (strcmp(t, "srv") == 0) {
    xnet_srv srv[LOOKUP_CAP];
    if (xnet_resolver_lookup_srv(&r, "", "", a.name, NULL, srv, LOOKUP_CAP, &n) < 0)
      return fail(err, true);
    for (size_t i = 0; i < n && i < LOOKUP_CAP; i++)
      fprintf(out, "%u %u %u %s\n", srv[i].priority, srv[i].weight, srv[i].port,
              srv[i].target);
  } else if (strcmp(t, "mx") == 0) {
    xnet_mx mx[LOOKUP_CAP];
    if (xnet_resolver_lookup_mx(&r, a.name, mx, LOOKUP_CAP, &n) < 0) return fail(err, true);
    for (size_t i = 0; i < n && i < LOOKUP_CAP; i++)
      fprintf(out, "%u %s\n", mx[i].pref, mx[i].host);
  } else if (strcmp(t, "ns") == 0) {
    char ns[LOOKUP_CAP][XNET_DNS_NAME_MAX];
    if (xnet_resolver_lookup_ns(&r, a.name, ns, LOOKUP_CAP, &n) < 0) return fail(err, true);
    for (size_t i = 0; i < n && i < LOOKUP_CAP; i++) fprintf(out, "%s\n", ns[i]);
  } else if (strcmp(t, "port") == 0) {
    return lookup_port(a.name, out, err);
  } else {
    fprintf(err, "xnet lookup: unknown type '%s'\n%s", t, lookup_help);
    return XNET_TOOL_EXIT_USAGE;
  }
  return XNET_TOOL_EXIT_OK;
}
