/* xnet_tool.h — the xnet command's entry points, callable in-process.
 *
 * main() is xnet_tool_main(argc, argv, stdin, stdout, stderr); the test
 * suites call the same functions with memory streams, so what they check
 * is exactly what the command does, exit status included.
 *
 * Exit status (every subcommand):
 *   0  success
 *   1  decode: the input was read, but some packets stopped decoding (they
 *      are printed with an error); cat: a network error (dial, listen,
 *      accept, read or write failed or timed out)
 *   2  usage error (unknown subcommand, option or network, missing argument)
 *   3  decode: the input could not be opened or read, is neither a capture
 *      nor hex text, or is damaged part-way (the packets before the damage
 *      are printed first); cat: a local failure (standard input or
 *      output, a pipe or a thread)
 *
 * Thread-safety: reentrant (no global state); each call uses its streams.
 */
#ifndef XNET_TOOL_H
#define XNET_TOOL_H

#include <stdio.h>

enum {
  XNET_TOOL_EXIT_OK = 0,
  XNET_TOOL_EXIT_PACKET_ERRORS = 1,
  XNET_TOOL_EXIT_NETWORK = 1,
  XNET_TOOL_EXIT_USAGE = 2,
  XNET_TOOL_EXIT_INPUT = 3
};

/* One subcommand: its name, a one-line summary for `xnet --help`, and its
 * entry, which receives argv[0] = the subcommand name. */
typedef struct xnet_tool_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv, FILE *in, FILE *out, FILE *err);
} xnet_tool_command;

/* The subcommand table, terminated by a NULL name. */
extern const xnet_tool_command xnet_tool_commands[];

/* xnet_tool_main runs the command line argv[0..argc) (argv[0] is the
 * program name): `--help`, `--version`, or a subcommand. */
int xnet_tool_main(int argc, char **argv, FILE *in, FILE *out, FILE *err);

/* xnet decode [--json] [FILE|-] */
int xnet_tool_decode(int argc, char **argv, FILE *in, FILE *out, FILE *err);

/* xnet cat [-l] [-w SECONDS] NETWORK ADDRESS
 * Thread-safety: blocks until the copy is done; `in` is read through its
 * descriptor (fileno) when it has one, so it must hold no buffered input. */
int xnet_tool_cat(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif /* XNET_TOOL_H */
