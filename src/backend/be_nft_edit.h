/* SPDX-License-Identifier: MIT */
/* NAT edits (be_nft_edit.c) and the ip_forward switch, applied in a namespace. */
#pragma once
#include <stdbool.h>

#include "backend.h"
#include "ops.h"

int be_nft_apply(const struct nst_op *op, int nsfd, int self_fd, bool self, struct be_error *err);
int be_ip_forward_enable(int nsfd, int self_fd, bool self, struct be_error *err);
