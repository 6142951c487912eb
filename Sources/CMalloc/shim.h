// glibc's allocator controls (mallopt and its parameters); nothing to link.
#if defined(__linux__)
#include <malloc.h>
#endif
