/* xnet/xnet.h — the umbrella header: every public header of every layer. */
#ifndef XNET_XNET_H
#define XNET_XNET_H

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/version.h"

#endif /* XNET_XNET_H */
