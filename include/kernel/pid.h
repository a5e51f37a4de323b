/*
 * Process and thread ids: one space, as on Linux. Ids are handed out in
 * increasing order and reused only after the counter wraps (at PID_MAX),
 * so a freed id is not seen again soon. 0 is the idle threads'.
 */
#ifndef KERNEL_PID_H
#define KERNEL_PID_H

#define PID_MAX		32768	/* Linux's default pid_max */

int pid_alloc(void);		/* a free id >= 1, or -EAGAIN */
void pid_free(int pid);

#endif
