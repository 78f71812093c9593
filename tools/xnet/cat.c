/* cat.c — `xnet cat [-l] [-w SECONDS] NETWORK ADDRESS`: options, dial or
 * listen/accept, and the exit status. The copying is cat_pump.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_tool.h"

static const char cat_help[] =
    "usage: xnet cat [-l] [-w SECONDS] NETWORK ADDRESS\n"
    "\n"
    "Dials ADDRESS (with -l: listens on it) and copies standard input to the\n"
    "connection and the connection to standard output, both at once.\n"
    "\n"
    "NETWORK is a Go network: tcp, tcp4, tcp6, udp, udp4, udp6, ip:PROTO,\n"
    "ip4:PROTO, ip6:PROTO (raw IP, PROTO a number or a name such as icmp;\n"
    "needs privileges), unix, unixgram, unixpacket. ADDRESS is Go's form:\n"
    "host:port (127.0.0.1:9000, [::1]:9000, localhost:http), a bare host on\n"
    "ip networks, a path on unix ones (@name: Linux abstract). With -l, port\n"
    "0 picks a free port.\n"
    "\n"
    "tcp*, unix: bytes are copied as they come. At the end of standard input\n"
    "the connection is half-closed (close-write) and output goes on until the\n"
    "peer closes; the command ends when both directions are done.\n"
    "\n"
    "udp*, ip*, unixgram, unixpacket: each line of standard input, without its\n"
    "newline, is one datagram (a line over 65536 bytes is split), and each\n"
    "datagram received is printed followed by a newline.\n"
    "  unixpacket is connected, as unix (half-close, end of stream); an empty\n"
    "  line is not sent on it, as an empty message reads as end of stream.\n"
    "  udp*, ip*, unixgram dialed: the end of standard input ends the command\n"
    "  (with -w, once SECONDS pass without traffic, to print late replies).\n"
    "  With -l, every datagram received is printed and input lines are sent\n"
    "  to the last sender (waiting for the first one); the command runs until\n"
    "  interrupted, or with -w until SECONDS pass without traffic.\n"
    "\n"
    "With -l, \"listening on ADDRESS\" (the bound address) is printed on\n"
    "standard error; on tcp*, unix and unixpacket one connection is accepted\n"
    "(\"connection from ADDRESS\"), and the listener is closed.\n"
    "\n"
    "options:\n"
    "  -l           listen instead of dialing\n"
    "  -w SECONDS   timeout for dial and accept, and idle timeout: no traffic\n"
    "               either way for SECONDS (fractions allowed) is an error on\n"
    "               tcp*, unix, unixpacket and the normal end on the others\n"
    "  -h, --help   this text\n"
    "\n"
    "A failure is one line on standard error, in Go's OpError form:\n"
    "  xnet cat: dial tcp 127.0.0.1:9: connection refused\n"
    "\n"
    "Exit status: 0 both directions done; 1 network error (dial, listen,\n"
    "accept, read or write failed or timed out); 2 usage error (unknown\n"
    "option or network, missing or extra argument); 3 local failure\n"
    "(standard input or output, a pipe or a thread).\n";

typedef struct cat_args {
  bool listen;
  int64_t wait; /* -w in ns; 0 none */
  const char *network, *address;
} cat_args;

/* Parses -w's SECONDS: a positive decimal number, at most a year. */
static bool parse_seconds(const char *s, int64_t *ns) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || !isfinite(v) || v <= 0 || v > 31536000.0) return false;
  *ns = (int64_t)(v * (double)XNET_SECOND);
  if (*ns == 0) *ns = 1;
  return true;
}

/* Fills a from argv; returns -1 to go on, else the status to exit with. */
static int parse_args(int argc, char **argv, FILE *out, FILE *err, cat_args *a) {
  memset(a, 0, sizeof *a);
  const char *pos[2];
  int npos = 0;
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (!options_done && strcmp(s, "--") == 0) {
      options_done = true;
    } else if (!options_done && (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0)) {
      fputs(cat_help, out);
      return XNET_TOOL_EXIT_OK;
    } else if (!options_done && strcmp(s, "-l") == 0) {
      a->listen = true;
    } else if (!options_done && strcmp(s, "-w") == 0) {
      if (i + 1 >= argc || !parse_seconds(argv[i + 1], &a->wait)) {
        fprintf(err, "xnet cat: -w needs a positive number of seconds\n");
        return XNET_TOOL_EXIT_USAGE;
      }
      i++;
    } else if (!options_done && s[0] == '-' && s[1] != '\0') {
      fprintf(err, "xnet cat: unknown option '%s'\n%s", s, cat_help);
      return XNET_TOOL_EXIT_USAGE;
    } else if (npos == 2) {
      fprintf(err, "xnet cat: unexpected argument '%s'\n", s);
      return XNET_TOOL_EXIT_USAGE;
    } else {
      pos[npos++] = s;
    }
  }
  if (npos < 2) {
    fprintf(err, "xnet cat: needs NETWORK and ADDRESS\n%s", cat_help);
    return XNET_TOOL_EXIT_USAGE;
  }
  a->network = pos[0];
  a->address = pos[1];
  return -1;
}

/* Prints this thread's last xnet failure: Go's OpError text. */
static int fail(FILE *err, int status) {
  char msg[512];
  xnet_op_error_format(xnet_last_error(), msg, sizeof msg);
  fprintf(err, "xnet cat: %s\n", msg);
  return status;
}

/* Prints "WHAT ADDRESS" on err, unless the address has no text (an
 * unnamed Unix socket). */
static void say_addr(FILE *err, const char *what, const xnet_addr *a) {
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(a, text, sizeof text);
  if (text[0]) fprintf(err, "xnet cat: %s %s\n", what, text);
  fflush(err);
}

/* Listens on a stream network and accepts one connection, closing the
 * listener then (a second client is refused, and a Unix path removed). */
static int accept_one(const cat_args *a, FILE *err, xnet_conn **c) {
  xnet_listener *l;
  if (xnet_listen(a->network, a->address, &l) < 0) return fail(err, XNET_TOOL_EXIT_NETWORK);
  xnet_addr la;
  xnet_listener_addr(l, &la);
  say_addr(err, "listening on", &la);
  if (a->wait) xnet_listener_set_deadline(l, xnet_deadline_in(NULL, a->wait));
  int rc = xnet_listener_accept(l, c);
  if (rc < 0) fail(err, XNET_TOOL_EXIT_NETWORK);
  xnet_listener_close(l);
  if (rc < 0) return XNET_TOOL_EXIT_NETWORK;
  xnet_addr ra;
  xnet_conn_remote_addr(*c, &ra);
  say_addr(err, "connection from", &ra);
  return XNET_TOOL_EXIT_OK;
}

/* Opens the conn the command line names and decides how it is copied. */
static int open_conn(const cat_args *a, FILE *err, xnet_conn **c, cat_mode *m) {
  xnet_network n;
  if (xnet_network_parse(a->network, &n) < 0) {
    /* Go's UnknownNetworkError inside an OpError: "dial foo: unknown
     * network foo". A bad argument, so a usage error. */
    xnet_op_error e;
    memset(&e, 0, sizeof e);
    snprintf(e.op, sizeof e.op, "%s", a->listen ? "listen" : "dial");
    snprintf(e.net, sizeof e.net, "%s", a->network);
    e.code = XNET_EUNKNOWNNET;
    char msg[256];
    xnet_op_error_format(&e, msg, sizeof msg);
    fprintf(err, "xnet cat: %s\n", msg);
    return XNET_TOOL_EXIT_USAGE;
  }
  memset(m, 0, sizeof *m);
  m->messages = n.kind != XNET_KIND_TCP && n.kind != XNET_KIND_UNIX;
  m->packet = n.kind == XNET_KIND_UDP || n.kind == XNET_KIND_IP ||
              n.kind == XNET_KIND_UNIXGRAM;
  m->reply_last = a->listen && m->packet;
  m->idle = a->wait;
  if (m->reply_last) {
    if (xnet_listen_packet(a->network, a->address, c) < 0)
      return fail(err, XNET_TOOL_EXIT_NETWORK);
    xnet_addr la;
    xnet_conn_local_addr(*c, &la);
    say_addr(err, "listening on", &la);
    return XNET_TOOL_EXIT_OK;
  }
  if (a->listen) return accept_one(a, err, c);
  xnet_dialer d = {0};
  d.timeout = a->wait;
  if (xnet_dialer_dial(&d, a->network, a->address, c) < 0)
    return fail(err, XNET_TOOL_EXIT_NETWORK);
  return XNET_TOOL_EXIT_OK;
}

int xnet_tool_cat(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  cat_args a;
  int status = parse_args(argc, argv, out, err, &a);
  if (status >= 0) return status;
  xnet_conn *c;
  cat_mode m;
  status = open_conn(&a, err, &c, &m);
  if (status != XNET_TOOL_EXIT_OK) return status;
  status = cat_pump(c, &m, in, out, err);
  xnet_conn_close(c);
  return status;
}
