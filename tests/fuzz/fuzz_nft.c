/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the nf_tables rule decoder: the input is one
 * NFT_MSG_NEWRULE message as a dump delivers it (be_nft_rule_decode: libmnl and
 * type tables check it, nat_decode.c follows its registers), then it is rendered
 * as text, JSON and export script, in nstop's own nat chains and another.
 * The same bytes go through the whole-ruleset path too (be_nft_parse_rule,
 * be_nft_parse_chain, be_nft_parse_table, be_nft_parse_gen, rendered in the JSON firewall
 * object), and the set parsers (be_nft_parse_set, be_nft_parse_setelems: its elements as the
 * elements of every kind of set, interval, concatenation and map, rendered too). Like mnl_cb_run, the harness never hands over a header longer than
 * the bytes received. The decoded strings must be C strings of their fields.
 */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nft_set.h"
#include "be_nlmsg.h"
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

static void check_fw(const struct nst_fw_rule *r)
{
	const struct nst_fw_verdict *v = &r->verdict;

	if (!CSTR(r->family) || !CSTR(r->table) || !CSTR(r->chain) || !CSTR(r->comment) || !CSTR(r->text) ||
	    !CSTR(r->raw_why) || !CSTR(v->target) || !CSTR(v->reject_type) || !CSTR(v->reject_code) ||
	    (unsigned)v->kind > NST_FV_OTHER) {
		abort();
	}
	/* a jump names its chain; a rule nstop could not write whole says so */
	if ((v->kind == NST_FV_JUMP || v->kind == NST_FV_GOTO) && !v->target[0]) {
		abort();
	}
}

/* The elements of a NEWSETELEM as those of sets of several shapes: types, interval, concatenation, maps. */
static void set_elems(const struct nlmsghdr *h, struct nst_fw_ruleset *rs)
{
	static const struct {
		uint32_t flags, key_type, key_len, data_type, data_len;
	} shapes[] = {
		{ 0, 7, 4, 0, 0 },					/* ipv4_addr */
		{ NST_SET_INTERVAL, 8, 16, 0, 0 },			/* ipv6_addr interval */
		{ NST_SET_INTERVAL, 13, 2, 0, 0 },			/* inet_service interval */
		{ 0, 7 << 6 | 12 << 6 | 13, 12, 0, 0 },		/* ipv4_addr . inet_proto . inet_service */
		{ NST_SET_INTERVAL | NST_SET_CONCAT, 7 << 6 | 13, 8, 0, 0 },
		{ NST_SET_MAP, 13, 2, NST_FW_DATA_VERDICT, 0 },	/* verdict map */
		{ NST_SET_MAP, 41, 16, 9 << 6 | 19, 12 },		/* ifname : ether_addr . mark */
		{ NST_SET_MAP | NST_SET_INTERVAL, 4, 64, 5, 64 },	/* integer : string, the longest */
	};
	struct nst_fw_elem_raw *raw = NULL;
	size_t n = 0, cap = 0;
	char table[NST_NFT_NAMELEN], set[NST_NFT_NAMELEN];
	uint32_t fam;

	if (be_nft_parse_setelems(h, &fam, table, set, &raw, &n, &cap) < 0) {
		if (n) {
			abort(); /* refused: nothing appended */
		}
		free(raw);
		return;
	}
	if (!CSTR(table) || !CSTR(set)) {
		abort();
	}
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct nst_fw_set *s = nst_fw_add_set(rs);
		s->flags = shapes[i].flags;
		s->key_type = shapes[i].key_type;
		s->key_len = shapes[i].key_len;
		s->data_type = shapes[i].data_type;
		s->data_len = shapes[i].data_len;
		nst_fw_set_types(s);
		nst_fw_set_elems(rs, rs->n_sets - 1, raw, n);
		s = &rs->sets[rs->n_sets - 1];
		for (size_t k = 0; k < s->n_elems; k++) {
			if (!CSTR(rs->elems[s->first_elem + k].text)) {
				abort();
			}
		}
	}
	free(raw);
}

/* The firewall paths: a rule, a chain or a table, whichever the bytes parse as. */
static void firewall(const struct nlmsghdr *h)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 4, 1 });
	struct be_nft_rule br;
	struct be_nft_chain c;
	struct be_nft_table t;

	if (be_nft_parse_rule(h, &br) == 0) {
		struct nst_fw_rule *fr = nst_fw_add_rule(&ns->fw);
		be_nft_rule_fw(&br, fr);
		be_nft_rule_free(&br);
		check_fw(fr);
		/* the backend's ipset names: a short one, the longest, a hostile one */
		for (unsigned idx = 0; idx < 4; idx++) {
			(void)nst_fw_rule_ipset_name(fr, idx, idx & 1 ? "0123456789012345678901234567890" : "a\"\n");
		}
		if (fr->counter_len && (size_t)fr->counter_at + fr->counter_len > strlen(fr->text)) {
			abort(); /* the counter's span left the text */
		}
		check_fw(fr);
	}
	if (be_nft_parse_chain(h, &c) == 0) {
		if (!CSTR(c.table) || !CSTR(c.name) || !CSTR(c.type) || !CSTR(c.device)) {
			abort();
		}
		struct nst_fw_chain *fc = nst_fw_add_chain(&ns->fw);
		snprintf(fc->name, sizeof(fc->name), "%s", c.name);
		fc->base = c.has_hook;
		snprintf(fc->device, sizeof(fc->device), "%s", c.device);
	}
	struct be_nft_set bs;
	if (be_nft_parse_set(h, &bs) == 0) {
		if (!CSTR(bs.table) || !CSTR(bs.name) || !bs.key_len || bs.key_len > 64 || bs.data_len > 64) {
			abort();
		}
		struct nst_fw_set *fs = be_nft_set_adopt(&ns->fw, &bs);
		if (!CSTR(fs->key) || !CSTR(fs->data)) {
			abort();
		}
	}
	set_elems(h, &ns->fw);
	char ipset[40];
	if (be_ipset_parse_name(h, ipset) == 0 && (!CSTR(ipset) || strlen(ipset) >= 32)) {
		abort();
	}
	uint32_t gen;
	(void)be_nft_parse_gen(h, &gen); /* the generation reply: read, nothing kept */
	if (be_nft_parse_table(h, &t) == 0) {
		if (!CSTR(t.name)) {
			abort();
		}
		snprintf(nst_fw_add_table(&ns->fw)->name, NST_NFT_NAMELEN, "%s", t.name);
	}
	nst_render_json(m, NULL, devnull);
	nst_model_destroy(m);
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
	firewall((const struct nlmsghdr *)(const void *)msg);
	free(msg);
	return 0;
}
