/* SPDX-License-Identifier: MIT */
/*
 * JSON, text and dot rendering of a hand-built model, compared with golden
 * files in tests/unit/golden (GENERATE=1 rewrites them; review the diff).
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "golden.h"
#include "json_writer.h"
#include "render.h"
#include "unit.h"

static struct nst_model *built(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	nst_strv_add(&m->warnings, "3 processes' /proc/PID/ns/net could not be read");
	return m;
}

static void test_golden_all(void)
{
	struct nst_model *m = built();
	char *s;

	s = render_to_string(nst_render_json, m, NULL);
	check_golden("seed_bridge.json", s);
	free(s);
	s = render_to_string(nst_render_text, m, NULL);
	check_golden("seed_bridge.txt", s);
	free(s);
	s = render_to_string(nst_render_dot, m, NULL);
	check_golden("seed_bridge.dot", s);
	free(s);
	nst_model_destroy(m);
}

static void test_golden_filtered(void)
{
	struct nst_model *m = built();
	const struct nst_ns *ns1 = nst_model_find_ns(m, "ns1");
	char *s;

	s = render_to_string(nst_render_json, m, ns1);
	check_golden("seed_bridge_ns1.json", s);
	free(s);
	s = render_to_string(nst_render_text, m, ns1);
	check_golden("seed_bridge_ns1.txt", s);
	free(s);
	s = render_to_string(nst_render_dot, m, ns1);
	check_golden("seed_bridge_ns1.dot", s);
	free(s);
	nst_model_destroy(m);
}

static void test_json_escaping(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct nst_json j;

	nst_json_init(&j, f);
	nst_json_obj_begin(&j, NULL);
	nst_json_str(&j, "a\"b", "q\"\\\n\t\x01\x7f\xc3\xa9");
	nst_json_arr_begin(&j, "v");
	nst_json_int(&j, NULL, -3);
	nst_json_uint(&j, NULL, 18446744073709551615ULL);
	nst_json_bool(&j, NULL, false);
	nst_json_null(&j, NULL);
	nst_json_str(&j, NULL, NULL);
	nst_json_obj_begin(&j, NULL);
	nst_json_obj_end(&j);
	nst_json_arr_end(&j);
	nst_json_obj_end(&j);
	fclose(f);
	/* a backslash of the name is two after decoding (README.md, JSON strings) */
	CHECK_STR(buf, "{\"a\\\"b\":\"q\\\"\\\\\\\\\\n\\t\\u0001\\u007f\xc3\xa9\","
		       "\"v\":[-3,18446744073709551615,false,null,null,{}]}");
	free(buf);
}

static void test_unknown_peer_rendering(void)
{
	struct nst_model *m = built();
	struct nst_link *c = nst_ns_find_link_name(&m->ns[0], "vethC");
	char *s;

	c->peer.ns_known = false;
	c->peer.nsid = 7;
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	s = render_to_string(nst_render_text, m, &m->ns[0]);
	CHECK(strstr(s, "vethC <-> ?:ifindex 2 (nsid 7, unknown namespace)") != NULL);
	free(s);
	s = render_to_string(nst_render_json, m, &m->ns[0]);
	CHECK(strstr(s, "\"peer\":{\"namespace\":null,\"name\":null,\"ifindex\":2,\"nsid\":7,\"ns\":null,\"unknown\":true}") != NULL);
	CHECK(strstr(s, "\"vethC: veth peer ifindex 2 is in nsid 7, a namespace nstop cannot see\"") != NULL);
	free(s);
	s = render_to_string(nst_render_dot, m, &m->ns[0]);
	CHECK(strstr(s, "n0_6 -- u0_6_2 [label=\"veth\", style=dotted];") != NULL);
	free(s);
	nst_model_destroy(m);
}

static void test_dot_escaping(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/run/x\"y\\z", NST_NS_MOUNT, (struct nst_ns_id){ 1, 2 });
	char *s;

	nst_ns_add_link(ns, 1, "a\"b");
	s = render_to_string(nst_render_dot, m, NULL);
	/* the name's backslash is shown as \\ (quote.h), which dot quoting doubles again */
	CHECK(strstr(s, "label=\"/run/x\\\"y\\\\\\\\z (mount)\";") != NULL);
	CHECK(strstr(s, "n0_1 [label=\"a\\\"b\\ndevice (down)\"];") != NULL);
	free(s);
	nst_model_destroy(m);
}

static void test_nat_in_outputs(void)
{
	struct nst_model *m = built();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_nat_rule *r = nst_ns_add_nat(root);
	char *s;

	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "nstop");
	snprintf(r->chain, sizeof(r->chain), "prerouting");
	snprintf(r->hook, sizeof(r->hook), "prerouting");
	r->priority = -100;
	r->handle = 7;
	r->type = NST_NAT_DNAT;
	snprintf(r->match.proto, sizeof(r->match.proto), "tcp");
	snprintf(r->match.dport, sizeof(r->match.dport), "9999");
	snprintf(r->to_addr, sizeof(r->to_addr), "192.168.10.3");
	snprintf(r->to_port, sizeof(r->to_port), "9999");
	snprintf(r->summary, sizeof(r->summary), "tcp dport 9999 dnat to 192.168.10.3:9999");
	r->n_path = 0;
	nst_nat_path_add(r, "prerouting", 10);
	snprintf(r->eff_match, sizeof(r->eff_match), "tcp dport 9999");
	root->ip_forward = 0;
	nst_model_resolve_nat(m);
	CHECK(r->target_found);
	CHECK_STR(r->target_ns, "ns2");
	CHECK_STR(r->target_link, "vethD");
	CHECK_INT(root->diag.n, 1); /* NAT with ip_forward 0 */

	s = render_to_string(nst_render_json, m, root);
	CHECK(strstr(s, "\"nat\":[{\"family\":\"ip\",\"table\":\"nstop\",\"chain\":\"prerouting\",\"hook\":\"prerouting\","
			"\"priority\":-100,\"handle\":7,\"type\":\"dnat\",\"match\":{\"proto\":\"tcp\",\"dport\":\"9999\"},\"path\":[\"prerouting\"],\"effective_match\":\"tcp dport 9999\","
			"\"to_addr\":\"192.168.10.3\",\"to_port\":\"9999\",\"summary\":\"tcp dport 9999 dnat to 192.168.10.3:9999\","
			"\"target\":{\"namespace\":\"ns2\",\"link\":\"vethD\"},\"raw\":false}],\"firewall\":{\"tables\":[],\"chains\":[],\"rules\":[],\"sets\":[],\"hooks\":[]},\"ip_forward\":false") != NULL);
	free(s);
	s = render_to_string(nst_render_text, m, root);
	CHECK(strstr(s, "  nat:\n    ip nstop prerouting: tcp dport 9999 dnat to 192.168.10.3:9999  -> ns2:vethD\n") != NULL);
	CHECK(strstr(s, "! nat: 1 NAT rule here but net.ipv4.ip_forward is 0") != NULL);
	free(s);
	s = render_to_string(nst_render_dot, m, NULL);
	CHECK(strstr(s, "nat0_0 [shape=note, label=\"tcp dport 9999 dnat to 192.168.10.3:9999\"];") != NULL);
	CHECK(strstr(s, "nat0_0 -- n2_2 [style=bold, color=blue, label=\"dnat\"];") != NULL);
	free(s);

	/* nobody owns the target: a warning, no target */
	snprintf(r->to_addr, sizeof(r->to_addr), "192.168.1.200");
	nst_model_resolve_nat(m);
	CHECK(!r->target_found);
	CHECK_INT(root->diag.n, 2);
	nst_model_destroy(m);
}

UNIT_MAIN(test_nat_in_outputs, test_golden_all, test_golden_filtered, test_json_escaping, test_unknown_peer_rendering,
	  test_dot_escaping)
