/* A program that uses one codec and links nothing but xnet-codecs. */
#include <stdio.h>
#include <xnet/error.h>
#include <xnet/profile.h>

int main(void) {
  if (xnet_strerror(XNET_EBADLEN)[0] == '\0') return 1;
  printf("codecs-only consumer: profile %s\n", xnet_profile_linux.name);
  return 0;
}
