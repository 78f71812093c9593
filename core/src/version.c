/* version.c — the linked library's version. */
#include "xnet/version.h"

const char *xnet_version_string(void) { return XNET_VERSION_STRING; }
