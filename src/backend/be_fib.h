/* SPDX-License-Identifier: MIT */
/*
 * The kernel's FIB as nst_reach's oracle: RTM_GETROUTE on a socket made inside
 * each namespace (be_fib.c). be_fib_parse is separate so crafted answers test it.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "reach.h"

struct be_fib;

/* Sockets in every namespace of m; *oracle asks through them. 0 or -errno (err says why). */
int be_fib_open(const struct nst_model *m, struct be_fib **out, struct nst_fib_oracle *oracle, struct be_error *err);
void be_fib_close(struct be_fib *f);

/*
 * One datagram answering request seq: *a is cleared, then an RTM_NEWROUTE fills it (err 0) or an
 * NLMSG_ERROR sets a->err. 0 when the answer was found, -EBADMSG for a
 * malformed or truncated message, -ENOMSG when none answers seq.
 */
int be_fib_parse(const void *buf, size_t len, uint32_t seq, int family, struct nst_fib_answer *a);

/* be_sockdiag.c: 1 a socket takes addr:port (tcp listening, udp bound), 0 none, -errno. */
int be_sockdiag_listening(int fd, uint32_t *seq, int family, bool tcp, const uint8_t *addr, uint16_t port);
/*
 * One datagram of a SOCK_DIAG dump for seq: sets *found for a socket on port at addr or the
 * wildcard of want_family (or IPv6's, not v6only, for IPv4). 1 the dump is done, 0 more to
 * come, -errno the kernel's error, -EBADMSG a malformed message.
 */
int be_sockdiag_parse(const void *buf, size_t len, uint32_t seq, int want_family, const uint8_t *addr, uint16_t port,
		      bool *found);
