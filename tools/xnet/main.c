/* main.c — the xnet executable: everything else is in xnet_tool_static. */
#include <stdio.h>

#include "xnet_tool.h"

int main(int argc, char **argv) { return xnet_tool_main(argc, argv, stdin, stdout, stderr); }
