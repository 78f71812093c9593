/* xnet/visibility.h — export and attribute macros used by every public header.
 *
 * The libraries build with hidden visibility; XNET_API marks what is exported.
 * XNET_STATIC is defined by consumers of the static libraries (the CMake
 * package and pkg-config files set it) so nothing is marked dllimport-style.
 */
#ifndef XNET_VISIBILITY_H
#define XNET_VISIBILITY_H

#if defined(__GNUC__) || defined(__clang__)
#define XNET_API __attribute__((visibility("default")))
#define XNET_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#else
#define XNET_API
#define XNET_WARN_UNUSED_RESULT
#endif

#endif /* XNET_VISIBILITY_H */
