/* SPDX-License-Identifier: MIT */
/* NAT edits (be_nft_edit.c) and the ip_forward switch, applied in a namespace. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "ops.h"

struct mnl_socket;
struct mnl_nlmsg_batch;

int be_nft_apply(const struct nst_op *op, int nsfd, int self_fd, bool self, struct be_error *err);
int be_ip_forward_enable(int nsfd, int self_fd, bool self, struct be_error *err);

/*
 * be_nft_apply in parts, so a test can add to a real batch before it is sent
 * (backend-internal). be_nft_socket_open makes the socket in the namespace;
 * be_nft_batch_build writes begin and the op's messages (NEWTABLE, NEWCHAIN,
 * NEWRULE; or DELRULE); be_nft_batch_send appends the end, sends it and reads
 * every answer: 0, or the first -errno with the kernel's message (and
 * extended ack) in why.
 */
struct be_nft_batch {
	char buf[16384];
	struct mnl_nlmsg_batch *b; /* points into buf: do not copy the struct */
	uint32_t first_seq;        /* of the batch's first message */
	uint32_t seq;              /* of the next message */
};

struct mnl_socket *be_nft_socket_open(int nsfd, int self_fd, bool self);
void be_nft_batch_build(struct be_nft_batch *bt, const struct nst_op *op);
int be_nft_batch_send(struct mnl_socket *nl, struct be_nft_batch *bt, char *why, size_t why_len);
