/* readv(2)/writev(2) vectors. */
#ifndef UAPI_LINUX_UIO_H
#define UAPI_LINUX_UIO_H

#include <lib/compiler.h>

struct iovec {
	void *iov_base;		/* a user address */
	size_t iov_len;
};

#define UIO_MAXIOV	1024

#endif
