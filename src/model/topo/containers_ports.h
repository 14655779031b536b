/* SPDX-License-Identifier: MIT */
/*
 * A container's published port and the DNAT record that implements it: the
 * engine says "8080 -> 80", the ruleset says whether a rule does it.
 */
#pragma once
#include <stddef.h>

#include "model.h"

/*
 * The DNAT record of another namespace (the host's) whose destination port
 * match is p's host port and whose target is namespace ns, on p's container
 * port. NULL: none; *host gets the record's namespace.
 */
const struct nst_nat_rule *nst_published_dnat(const struct nst_model *m, const struct nst_ns *ns,
					      const struct nst_published *p, const struct nst_ns **host);

/* "0.0.0.0:8080/tcp -> 80 (nat DOCKER handle 12)" or "... (no DNAT rule found)". */
void nst_published_format(const struct nst_model *m, const struct nst_ns *ns, const struct nst_published *p,
			  char *buf, size_t len);

/* "docker 86420b3ab6fc web1 image nginx:latest", "containerd aaaa1111bbbb pod default/nginx-7d9f infra". */
void nst_container_describe(const struct nst_container *c, char *buf, size_t len);
