/* SPDX-License-Identifier: MIT */
/* Rates from counter samples, carrying samples across re-reads, header counts, units. */
#include <string.h>

#include "fixtures.h"
#include "model.h"
#include "units.h"
#include "unit.h"

static void test_rates(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 1, 1 });
	struct nst_link *l = nst_ns_add_link(ns, 1, "eth0");
	struct nst_stats s = { .rx_bytes = 1000, .tx_bytes = 0, .rx_packets = 10, .tx_packets = 0 };

	nst_link_sample_stats(l, &s, 10000);
	CHECK(!l->has_rates);
	s.rx_bytes += 125000; /* 1 Mbit in 1 s */
	s.rx_packets += 100;
	s.tx_bytes += 500;
	s.tx_packets += 5;
	nst_link_sample_stats(l, &s, 11000);
	CHECK(l->has_rates);
	CHECK_INT((long long)l->rates.rx_bps, 1000000);
	CHECK_INT((long long)l->rates.rx_pps, 100);
	CHECK_INT((long long)l->rates.tx_bps, 4000);
	CHECK_INT((long long)l->rates.tx_pps, 5);

	/* a sample 100 ms later is ignored: the rate would be noise */
	s.rx_bytes += 999999;
	nst_link_sample_stats(l, &s, 11100);
	CHECK_INT((long long)l->rates.rx_bps, 1000000);
	CHECK_INT(l->stats_ms, 11000);

	/* counters that went backwards (link re-created) give no rate */
	struct nst_stats z = { 0 };
	nst_link_sample_stats(l, &z, 13000);
	CHECK(!l->has_rates);
	nst_model_destroy(m);
}

static void test_take_contents_keeps_samples(void)
{
	struct nst_model *cur = fixture_seed_bridge(), *fresh = fixture_seed_bridge();
	struct nst_ns *c = nst_model_find_ns(cur, "/"), *f = nst_model_find_ns(fresh, "/");
	struct nst_link *a = nst_ns_find_link_name(c, "vethA");
	struct nst_stats s = { .rx_bytes = 5 };

	nst_link_sample_stats(a, &s, 1000);
	a->has_rates = true;
	a->rates.rx_bps = 42;
	/* The fresh reading lost vethC and has vethA with a newer, unsampled counter. */
	nst_ns_find_link_name(f, "vethA")->stats.rx_bytes = 99;
	size_t n_before = f->n_links;
	nst_ns_take_contents(c, f);
	CHECK_INT(c->n_links, n_before);
	CHECK_INT(f->n_links, 0);
	a = nst_ns_find_link_name(c, "vethA");
	CHECK(a->has_rates);
	CHECK_INT((long long)a->rates.rx_bps, 42);
	CHECK_INT(a->stats_ms, 1000);
	CHECK_STR(c->name, "/");
	nst_model_destroy(cur);
	nst_model_destroy(fresh);
}

static void test_counts(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_pair_peers(m);
	struct nst_counts c = nst_model_counts(m);
	CHECK_INT(c.namespaces, 3);
	CHECK_INT(c.links, 6);
	CHECK_INT(c.veth_pairs, 2);
	CHECK_INT(c.bridges, 1);
	nst_model_destroy(m);
}

static void test_remove_ns(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_remove_ns(m, nst_model_find_ns(m, "/"));
	CHECK_INT(m->n_ns, 2);
	CHECK(nst_model_find_ns(m, "/") == NULL);
	CHECK(nst_model_find_ns(m, "ns1") != NULL);
	CHECK(nst_model_find_ns(m, "ns2") != NULL);
	nst_model_destroy(m);
}

static void test_units(void)
{
	char b[32];

	CHECK_STR(nst_format_bits(0, b, sizeof(b)), "0 bit/s");
	CHECK_STR(nst_format_bits(999, b, sizeof(b)), "999 bit/s");
	CHECK_STR(nst_format_bits(1234, b, sizeof(b)), "1.23 kbit/s");
	CHECK_STR(nst_format_bits(45600000, b, sizeof(b)), "45.6 Mbit/s");
	CHECK_STR(nst_format_bits(1e9, b, sizeof(b)), "1.00 Gbit/s");
	CHECK_STR(nst_format_packets(340, b, sizeof(b)), "340 pkt/s");
	CHECK_STR(nst_format_packets(-5, b, sizeof(b)), "0 pkt/s");
	CHECK_STR(nst_format_bytes(1536, b, sizeof(b)), "1.50 KiB");
	CHECK_STR(nst_format_bytes(0, b, sizeof(b)), "0 B");
	CHECK_STR(nst_format_si(0, b, sizeof(b)), "0");
	CHECK_STR(nst_format_si(123456, b, sizeof(b)), "123k");
	CHECK_STR(nst_format_si(2500000, b, sizeof(b)), "2.50M");
}

UNIT_MAIN(test_rates, test_take_contents_keeps_samples, test_counts, test_remove_ns, test_units)
