/*
 * dyn_hello linked at a fixed address (ET_EXEC) with an interpreter: the
 * program is where its headers say, only the loader has a chosen base.
 *
 * ldflags: -no-pie
 */
#include "dyn_hello.c"
