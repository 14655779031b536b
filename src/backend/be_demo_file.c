/* SPDX-License-Identifier: MIT */
/* Reading a scenario file for --demo: whole, bounded, a regular file only. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be_demo.h"
#include "be_internal.h"
#include "quote.h"
#include "xalloc.h"

int be_demo_read_file(const char *path, size_t max, char **text, size_t *len, struct be_error *err)
{
	char shown[200];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int rc = 0;

	*text = NULL;
	*len = 0;
	nst_term_str(path, shown, sizeof(shown));
	if (fd < 0) {
		rc = -errno;
		be_error_set(err, rc, "--demo: cannot read %s: %s", shown, strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		be_error_set(err, -EINVAL, "--demo: %s is not a regular file", shown);
		return -EINVAL;
	}
	char *buf = xmalloc(max + 2);
	size_t n = 0;
	while (n <= max) {
		ssize_t r = read(fd, buf + n, max + 1 - n);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0) {
			rc = -errno;
			be_error_set(err, rc, "--demo: reading %s: %s", shown, strerror(-rc));
			break;
		}
		if (r == 0) {
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (rc == 0 && n > max) {
		rc = -EFBIG;
		be_error_set(err, rc, "--demo: %s is larger than %zu bytes: not a scenario", shown, max);
	}
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
