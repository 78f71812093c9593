/* xnet/version.h — the library's version, for run-time checks. */
#ifndef XNET_VERSION_H
#define XNET_VERSION_H

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_version_string returns "MAJOR.MINOR.PATCH" of the linked library. */
XNET_API const char *xnet_version_string(void);

#ifdef __cplusplus
}
#endif
#endif /* XNET_VERSION_H */
