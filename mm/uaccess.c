/*
 * Copies between the kernel and user memory (see <mm/uaccess.h>).
 *
 * Each user page is found by walking the running address space's page
 * table in software and reached through the kernel's direct map, with
 * the mm lock held so the page cannot be unmapped under the copy. A page
 * that is missing or lacks the right is faulted exactly as the user's
 * own access would be; if that fails the copy returns -EFAULT. So user
 * memory is never touched with sstatus.SUM set, and no exception in the
 * kernel can come from a user pointer. copy_from_mm() reads another
 * address space the same way (its own lock, its own faults).
 */
#include <mm/uaccess.h>
#include <mm/vm.h>
#include <lib/errno.h>
#include <lib/string.h>

/*
 * Call fn on each piece of [uaddr, uaddr + n) as a kernel address, page
 * by page, with access right prot. fn returns how many bytes it used (a
 * string copy stops early) or a negative value to stop.
 */
typedef long (*chunk_fn)(void *kaddr, size_t len, size_t done, void *arg);

static long mm_walk(struct mm *mm, uintptr_t uaddr, size_t n, unsigned int prot, chunk_fn fn,
		    void *arg)
{
	size_t done = 0;
	long ret = 0;

	if (n == 0)
		return 0;
	if (!mm || uaddr >= USER_TOP || n > USER_TOP - uaddr)
		return -EFAULT;
	mutex_lock(&mm->lock);
	while (done < n) {
		uintptr_t va = uaddr + done;
		size_t off = va & (PAGE_SIZE - 1), chunk = MIN(n - done, PAGE_SIZE - off);
		pte_t *pte = pt_lookup(mm->root, va, false);

		if (!pte || !pte_allows(*pte, prot)) {
			if (vm_fault_locked(mm, va, prot) != 0) {
				ret = -EFAULT;
				break;
			}
			continue;
		}
		ret = fn((char *)phys_to_virt(pte_to_phys(*pte)) + off, chunk, done, arg);
		if (ret < 0 || (size_t)ret < chunk)
			break;
		done += chunk;
	}
	mutex_unlock(&mm->lock);
	return ret < 0 ? ret : (long)done;
}

static long user_walk(uintptr_t uaddr, size_t n, unsigned int prot, chunk_fn fn, void *arg)
{
	return mm_walk(current_mm(), uaddr, n, prot, fn, arg);
}

static long copy_in(void *kaddr, size_t len, size_t done, void *dst)
{
	memcpy((char *)dst + done, kaddr, len);
	return (long)len;
}

static long copy_out(void *kaddr, size_t len, size_t done, void *src)
{
	memcpy(kaddr, (const char *)src + done, len);
	return (long)len;
}

static long zero_out(void *kaddr, size_t len, size_t done __unused, void *arg __unused)
{
	memset(kaddr, 0, len);
	return (long)len;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	long r = user_walk((uintptr_t)src, n, PROT_BIT_READ, copy_in, dst);

	return r < 0 ? (int)r : 0;
}

int copy_from_mm(struct mm *mm, void *dst, uintptr_t src, size_t n)
{
	long r = mm_walk(mm, src, n, PROT_BIT_READ, copy_in, dst);

	return r < 0 ? (int)r : 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	long r = user_walk((uintptr_t)dst, n, PROT_BIT_WRITE, copy_out, (void *)src);

	return r < 0 ? (int)r : 0;
}

int clear_user(void __user *dst, size_t n)
{
	long r = user_walk((uintptr_t)dst, n, PROT_BIT_WRITE, zero_out, NULL);

	return r < 0 ? (int)r : 0;
}

struct strcopy {
	char *dst;
	bool found;
};

static long copy_str(void *kaddr, size_t len, size_t done, void *arg)
{
	struct strcopy *sc = arg;
	const char *s = kaddr;

	for (size_t i = 0; i < len; i++) {
		sc->dst[done + i] = s[i];
		if (s[i] == '\0') {
			sc->found = true;
			return (long)i;	/* short: stop here */
		}
	}
	return (long)len;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	struct strcopy sc = { .dst = dst, .found = false };
	uintptr_t usrc = (uintptr_t)src;
	size_t done = 0;

	/* walk page by page so a string ending before a bad page is fine */
	while (done < n) {
		size_t chunk = MIN(n - done, PAGE_SIZE - ((usrc + done) & (PAGE_SIZE - 1)));
		long r;

		sc.dst = dst + done;
		r = user_walk(usrc + done, chunk, PROT_BIT_READ, copy_str, &sc);
		if (r < 0)
			return r;
		if (sc.found)
			return (long)(done + strnlen(dst + done, chunk));
		done += chunk;
	}
	return -ENAMETOOLONG;
}

struct atomic_req {
	int op;
	uint32_t arg, old;
};

static long atomic_word(void *kaddr, size_t len, size_t done __unused, void *arg)
{
	struct atomic_req *r = arg;
	uint32_t *w = kaddr;

	switch (r->op) {
	case UATOMIC_SET:
		r->old = __atomic_exchange_n(w, r->arg, __ATOMIC_SEQ_CST);
		break;
	case UATOMIC_ADD:
		r->old = __atomic_fetch_add(w, r->arg, __ATOMIC_SEQ_CST);
		break;
	case UATOMIC_OR:
		r->old = __atomic_fetch_or(w, r->arg, __ATOMIC_SEQ_CST);
		break;
	case UATOMIC_ANDN:
		r->old = __atomic_fetch_and(w, ~r->arg, __ATOMIC_SEQ_CST);
		break;
	case UATOMIC_XOR:
		r->old = __atomic_fetch_xor(w, r->arg, __ATOMIC_SEQ_CST);
		break;
	}
	return (long)len;
}

int user_atomic_op(uint32_t __user *uaddr, int op, uint32_t arg, uint32_t *old)
{
	struct atomic_req r = { .op = op, .arg = arg };
	long ret;

	if ((uintptr_t)uaddr % sizeof(uint32_t))
		return -EINVAL;
	ret = user_walk((uintptr_t)uaddr, sizeof(uint32_t), PROT_BIT_WRITE, atomic_word, &r);
	if (ret < 0)
		return (int)ret;
	*old = r.old;
	return 0;
}
