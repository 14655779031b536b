/* SPDX-License-Identifier: MIT */
/*
 * "firewall": every table, chain, rule and set of the namespace's nf_tables
 * ruleset, in dump order. A regular chain's hook fields are null, not
 * absent, so a consumer tells "no hook" from an older nstop.
 */
#include "json_firewall.h"
#include "fw_order.h"

static void json_verdict(struct nst_json *j, const struct nst_fw_verdict *v)
{
	nst_json_obj_begin(j, "verdict");
	nst_json_str(j, "kind", nst_fw_verdict_kind_str(v->kind));
	switch (v->kind) {
	case NST_FV_JUMP:
	case NST_FV_VMAP:
	case NST_FV_GOTO:
	case NST_FV_XT:
		nst_json_str(j, "target", v->target);
		break;
	case NST_FV_REJECT:
		nst_json_str(j, "type", v->reject_type[0] ? v->reject_type : NULL);
		nst_json_str(j, "code", v->reject_code[0] ? v->reject_code : NULL);
		break;
	case NST_FV_QUEUE:
		nst_json_uint(j, "num", v->queue_num);
		nst_json_uint(j, "total", v->queue_total ? v->queue_total : 1);
		nst_json_bool(j, "bypass", v->queue_flags & 1);
		nst_json_bool(j, "fanout", v->queue_flags & 2);
		break;
	case NST_FV_OTHER:
		nst_json_int(j, "code", v->code);
		break;
	default:
		break;
	}
	nst_json_obj_end(j);
}

static void json_chain(struct nst_json *j, const struct nst_fw_chain *c)
{
	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", c->family);
	nst_json_str(j, "table", c->table);
	nst_json_str(j, "name", c->name);
	nst_json_uint(j, "handle", c->handle);
	if (c->base) {
		nst_json_str(j, "type", c->type);
		nst_json_str(j, "hook", c->hook);
		nst_json_int(j, "priority", c->priority);
		nst_json_str(j, "policy", !c->has_policy ? NULL : c->policy_accept ? "accept" : "drop");
		nst_json_str(j, "device", c->device[0] ? c->device : NULL);
	} else {
		nst_json_null(j, "type");
		nst_json_null(j, "hook");
		nst_json_null(j, "priority");
		nst_json_null(j, "policy");
		nst_json_null(j, "device");
	}
	nst_json_obj_end(j);
}

static void json_rule(struct nst_json *j, const struct nst_fw_rule *r)
{
	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", r->family);
	nst_json_str(j, "table", r->table);
	nst_json_str(j, "chain", r->chain);
	nst_json_uint(j, "handle", r->handle);
	nst_json_str(j, "text", r->text);
	json_verdict(j, &r->verdict);
	if (r->has_counter) {
		nst_json_obj_begin(j, "counter");
		nst_json_uint(j, "packets", r->packets);
		nst_json_uint(j, "bytes", r->bytes);
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "counter");
	}
	nst_json_str(j, "comment", r->has_comment ? r->comment : NULL);
	nst_json_bool(j, "raw", r->raw);
	if (r->raw) {
		nst_json_str(j, "raw_reason", r->raw_why);
	}
	nst_json_obj_end(j);
}

/* A set or map: its elements in nft's words; "data" is null for a set, elements_cut says some are not kept. */
static void json_set(struct nst_json *j, const struct nst_fw_ruleset *rs, const struct nst_fw_set *s)
{
	const char *flags[16];
	size_t nf = nst_fw_set_flag_names(s->flags, flags, 16);

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", s->family);
	nst_json_str(j, "table", s->table);
	nst_json_str(j, "name", s->name);
	nst_json_uint(j, "handle", s->handle);
	nst_json_arr_begin(j, "flags");
	for (size_t i = 0; i < nf; i++) {
		nst_json_str(j, NULL, flags[i]);
	}
	nst_json_arr_end(j);
	nst_json_str(j, "key", s->key);
	nst_json_str(j, "data", s->flags & NST_SET_MAP ? s->data : NULL);
	nst_json_arr_begin(j, "elements");
	for (size_t i = 0; i < s->n_elems && s->first_elem + i < rs->n_elems; i++) {
		nst_json_str(j, NULL, rs->elems[s->first_elem + i].text);
	}
	nst_json_arr_end(j);
	nst_json_bool(j, "elements_cut", s->elems_not_kept != 0 || s->elems_unread);
	nst_json_uint(j, "elements_not_kept", s->elems_not_kept);
	if (s->elems_unread) {
		nst_json_bool(j, "elements_unread", true);
	}
	nst_json_obj_end(j);
}

/* The order the kernel runs base chains in, hook by hook (fw_order.h): chains named, not repeated. */
static void json_hooks(struct nst_json *j, const struct nst_fw_ruleset *rs)
{
	struct nst_fw_order o;

	nst_fw_order_build(rs, &o);
	nst_json_arr_begin(j, "hooks");
	for (size_t i = 0; i < o.n; i++) {
		const struct nst_fw_hook *h = &o.hooks[i];
		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "family_class", h->family_class);
		nst_json_str(j, "hook", h->hook);
		nst_json_str(j, "device", h->device[0] ? h->device : NULL);
		nst_json_arr_begin(j, "chains");
		for (size_t k = 0; k < h->n; k++) {
			const struct nst_fw_chain *c = &rs->chains[h->chains[k]];
			nst_json_obj_begin(j, NULL);
			nst_json_str(j, "family", c->family);
			nst_json_str(j, "table", c->table);
			nst_json_str(j, "name", c->name);
			nst_json_int(j, "priority", c->priority);
			nst_json_obj_end(j);
		}
		nst_json_arr_end(j);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
	nst_fw_order_free(&o);
}

void nst_json_firewall(struct nst_json *j, const struct nst_fw_ruleset *rs)
{
	nst_json_obj_begin(j, "firewall");
	nst_json_arr_begin(j, "tables");
	for (size_t i = 0; i < rs->n_tables; i++) {
		const struct nst_fw_table *t = &rs->tables[i];
		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "family", t->family);
		nst_json_str(j, "name", t->name);
		nst_json_uint(j, "handle", t->handle);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "chains");
	for (size_t i = 0; i < rs->n_chains; i++) {
		json_chain(j, &rs->chains[i]);
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "rules");
	for (size_t i = 0; i < rs->n_rules; i++) {
		json_rule(j, &rs->rules[i]);
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "sets");
	for (size_t i = 0; i < rs->n_sets; i++) {
		json_set(j, rs, &rs->sets[i]);
	}
	nst_json_arr_end(j);
	json_hooks(j, rs);
	nst_json_obj_end(j);
}
