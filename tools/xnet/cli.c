/* cli.c — `xnet`: global options and the subcommand table.
 *
 * A later subcommand (lookup, replay, ...) is one row in
 * xnet_tool_commands and one file with its run function.
 */
#include <string.h>

#include "xnet/version.h"
#include "replay_cmd.h"
#include "xnet_tool.h"

/* lookup.c (declared here: xnet_tool.h is not this subcommand's file). */
int xnet_tool_lookup(int argc, char **argv, FILE *in, FILE *out, FILE *err);

const xnet_tool_command xnet_tool_commands[] = {
    {"decode", "print the IPv4/IPv6, ICMP, UDP/TCP and SCTP headers of captured packets",
     xnet_tool_decode},
    {"cat", "dial or listen on a Go network and copy stdin to it and it to stdout",
     xnet_tool_cat},
    {"lookup", "look a name up as Go's net.Lookup* does (host, ip, addr, cname, txt, srv, mx, ns, port)",
     xnet_tool_lookup},
    {"replay", "print what an application on the local host would observe of a capture",
     xnet_tool_replay},
    {NULL, NULL, NULL},
};

static void usage(FILE *f) {
  fputs("usage: xnet [--help] [--version] COMMAND [ARGS...]\n"
        "\n"
        "Go-style networking for C: a window on the xnet codecs and conns.\n"
        "\n"
        "commands:\n",
        f);
  for (const xnet_tool_command *c = xnet_tool_commands; c->name; c++)
    fprintf(f, "  %-10s %s\n", c->name, c->summary);
  fputs("\n"
        "Run `xnet COMMAND --help` for a command's options.\n"
        "Exit status: 0 success, 1 some packets failed to decode (decode) or a\n"
        "network error (cat), 2 usage error, 3 unreadable or damaged input\n"
        "(decode) or failed standard input/output (cat).\n",
        f);
}

int xnet_tool_main(int argc, char **argv, FILE *in, FILE *out, FILE *err) {
  if (argc < 2) {
    usage(err);
    return XNET_TOOL_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    usage(out);
    return XNET_TOOL_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    fprintf(out, "xnet %s\n", xnet_version_string());
    return XNET_TOOL_EXIT_OK;
  }
  for (const xnet_tool_command *c = xnet_tool_commands; c->name; c++)
    if (strcmp(cmd, c->name) == 0) return c->run(argc - 1, argv + 1, in, out, err);
  fprintf(err, "xnet: unknown command '%s'\n\n", cmd);
  usage(err);
  return XNET_TOOL_EXIT_USAGE;
}
