/* A program that links the full installed library through its umbrella. */
#include <stdio.h>
#include <string.h>
#include <xnet/xnet.h>

int main(void) {
  const char *v = xnet_version_string();
  if (!v || !*v) return 1;
  if (strcmp(xnet_err_name(XNET_ESHORT), "XNET_ESHORT") != 0) return 1;
  printf("consumer: xnet %s\n", v);
  return 0;
}
