/* SPDX-License-Identifier: MIT */
/*
 * The backend's public face: read every visible network namespace into a
 * model. All syscalls live behind this header; callers see model types only.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct be_error {
	int code; /* negative errno */
	char msg[256];
};

/*
 * Build a complete snapshot: discovery, links, addresses, routes, veth peers
 * resolved across namespaces, warnings attached. Returns 0 and *out, or
 * -errno with err->msg saying what failed (only when nothing useful can be
 * read: problems with single namespaces become warnings in the model).
 */
int be_snapshot(struct nst_model **out, struct be_error *err);

/*
 * A new file for nstop to write (be_file.c): O_EXCL|O_NOFOLLOW, mode 0644.
 * Returns the fd, or -errno with err saying why (it exists, it is a link).
 */
int be_create_file(const char *path, struct be_error *err);
/* Create path as above, write all of data, then chmod it to mode (e.g. 0755) once whole. */
int be_write_new_file(const char *path, const char *data, size_t len, unsigned mode, struct be_error *err);

/* Whether edits are possible (CAP_NET_ADMIN and CAP_SYS_ADMIN); else reason says why. */
bool be_can_edit(char *reason, size_t len);
