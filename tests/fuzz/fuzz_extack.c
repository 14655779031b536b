/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the extended-ack parser (be_extack_parse in
 * be_edit.c): the input is one received NLMSG_ERROR message, any bytes, with
 * lengths that need not agree with the input's. The text must be appended
 * after what the buffer held, stay inside it and stay one line; through
 * be_extack_append (the callers' path) only when the header's length is
 * within what was received, as libnl and libmnl check before calling.
 */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* why began as before (len bytes); it must still begin so, then ": text" as far as it fits */
static void check(const char *why, size_t len, const char *before)
{
	size_t bl = strlen(before), wl;

	if (!memchr(why, '\0', len) || strchr(why, '\n')) {
		abort();
	}
	wl = strlen(why);
	if (wl < bl || strncmp(why, before, bl) != 0) {
		abort();
	}
	if (wl > bl && strncmp(why + bl, ": ", wl - bl < 2 ? wl - bl : 2) != 0) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 200, 9, 1 };
	/* an exact-size copy: ASan sees a read one byte past the message */
	uint8_t *msg = malloc(size ? size : 1);

	memcpy(msg, data, size);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		char *why = malloc(n);

		char before[200];

		snprintf(why, n, "%s", "Invalid argument");
		memcpy(before, why, n);
		be_extack_parse(msg, size, why, n);
		check(why, n, before);
		if (size >= sizeof(struct nlmsghdr)) {
			struct nlmsghdr h;
			memcpy(&h, msg, sizeof(h));
			if (h.nlmsg_len <= size && ((uintptr_t)msg % 4) == 0) {
				snprintf(why, n, "%s", "Invalid argument");
				be_extack_append((const struct nlmsghdr *)(const void *)msg, why, n);
				check(why, n, before);
			}
		}
		free(why);
	}
	free(msg);
	return 0;
}
