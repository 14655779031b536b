/* SPDX-License-Identifier: MIT */
/*
 * Files nstop writes (the action log, pcap saves, --write): created new,
 * never through a symbolic link, never over an existing file. nstop runs as
 * root in directories other users may write to; a planted link must not
 * make it overwrite or chmod something else.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be_internal.h"
#include "backend.h"
#include "quote.h"

int be_create_file(const char *path, struct be_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	char shown[200];

	if (fd >= 0) {
		return fd;
	}
	int e = errno;
	nst_term_str(path, shown, sizeof(shown));
	be_error_set(err, -e, "cannot create %s: %s", shown,
		     e == EEXIST ? "it exists (nstop does not overwrite files)"
		     : e == ELOOP ? "it is a symbolic link (nstop does not write through links)"
				  : strerror(e));
	return -e;
}

int be_write_new_file(const char *path, const char *data, size_t len, unsigned mode, struct be_error *err)
{
	int fd = be_create_file(path, err);
	size_t done = 0;

	if (fd < 0) {
		return fd;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		done += (size_t)n;
	}
	int e = done < len ? (errno ? errno : EIO) : 0;
	/* executable only once it is whole: a cut script must not be runnable */
	if (!e && mode != 0644 && fchmod(fd, (mode_t)mode) < 0) {
		e = errno;
	}
	struct stat made;
	bool known = fstat(fd, &made) == 0;
	if (close(fd) < 0 && !e) {
		e = errno;
	}
	if (e) {
		/* a partial file would make the next save say "exists": remove the one nstop made,
		 * and only that one (the name may have been replaced meanwhile) */
		struct stat now;
		if (known && lstat(path, &now) == 0 && now.st_dev == made.st_dev && now.st_ino == made.st_ino) {
			unlink(path);
		}
		char shown[200];
		nst_term_str(path, shown, sizeof(shown));
		be_error_set(err, -e, "cannot write %s: %s", shown, strerror(e));
		return -e;
	}
	return 0;
}
