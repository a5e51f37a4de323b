/*
 * Kernel random numbers: a xoshiro256** generator per boot, seeded from
 * the timer counter and mixed with it on every call. Good for AT_RANDOM,
 * getrandom() and /dev/urandom in tests and programs; not cryptographic
 * (there is no entropy source yet).
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <lib/compiler.h>

void get_random_bytes(void *buf, size_t n);
uint64_t get_random_u64(void);

#endif
