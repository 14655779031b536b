/* SPDX-License-Identifier: MIT */
/*
 * Which namespaces `--ns NAME` names: its name, display name, a container's
 * name or id, a pod, or its inode. Pure; the CLI lists them when several.
 */
#pragma once
#include <stddef.h>

#include "model.h"

/*
 * Store up to max matches in out and return how many namespaces match (may
 * exceed max). A namespace's own name wins outright, as it did before
 * containers had names: then only that namespace is returned.
 */
size_t nst_ns_match(const struct nst_model *m, const char *name, const struct nst_ns **out, size_t max);
