/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the nf_tables rule decoder: the input is one
 * NFT_MSG_NEWRULE message as a dump delivers it (be_nft_rule_decode: libmnl and
 * type tables check it, nat_decode.c follows its registers), then it is rendered
 * as text, JSON and export script, in nstop's own nat chains and another.
 * Like mnl_cb_run, the harness never hands over a header longer than the
 * bytes received. The decoded strings must be C strings of their fields.
 */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "model.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

#define CSTR(s) (memchr((s), '\0', sizeof(s)) != NULL)

static void check(const struct nst_nat_rule *r)
{
	const struct nst_nat_match *m = &r->match;

	if (!CSTR(r->family) || !CSTR(r->summary) || !CSTR(r->to_addr) || !CSTR(r->to_port) || !CSTR(m->proto) ||
	    !CSTR(m->iif) || !CSTR(m->oif) || !CSTR(m->saddr) || !CSTR(m->daddr) || !CSTR(m->sport) ||
	    !CSTR(m->dport) || (unsigned)r->type > NST_NAT_OTHER) {
		abort();
	}
	/* a rule with nothing nstop can print is not a rule it understood */
	if (!r->raw && !r->summary[0] && r->type != NST_NAT_OTHER) {
		abort();
	}
}

static void render(const char *table, const char *chain, const struct nst_nat_rule *r)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 4, 1 });
	static const struct {
		const char *hook;
		int prio;
	} hooks[] = { { "prerouting", -100 }, { "postrouting", 100 }, { "input", 0 } };

	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		struct nst_nat_rule *nr = nst_ns_add_nat(ns);
		*nr = *r;
		snprintf(nr->table, sizeof(nr->table), "%s", i == 2 ? table : "nstop");
		snprintf(nr->chain, sizeof(nr->chain), "%s", i == 2 ? chain : hooks[i].hook);
		snprintf(nr->hook, sizeof(nr->hook), "%s", hooks[i].hook);
		nr->priority = hooks[i].prio;
	}
	nst_model_resolve_nat(m);
	nst_render_text(m, NULL, devnull);
	nst_render_json(m, NULL, devnull);
	nst_render_script(m, NULL, devnull);
	nst_model_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_nat_rule r;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	uint32_t family = 0, len;
	uint8_t *msg;

	if (size < sizeof(struct nlmsghdr)) {
		return 0;
	}
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
	}
	/* an exact-size copy (malloc is aligned for the header): ASan sees a read past the message */
	msg = malloc(size);
	memcpy(msg, data, size);
	memcpy(&len, msg, sizeof(len));
	if (len > size || len < sizeof(struct nlmsghdr)) {
		len = (uint32_t)size;
		memcpy(msg, &len, sizeof(len));
	}
	memset(&r, 0, sizeof(r));
	if (be_nft_rule_decode((const struct nlmsghdr *)(const void *)msg, &r, &family, table, sizeof(table), chain,
			       sizeof(chain)) == 0) {
		if (!CSTR(table) || !CSTR(chain)) {
			abort();
		}
		check(&r);
		render(table, chain, &r);
	}
	free(msg);
	return 0;
}
