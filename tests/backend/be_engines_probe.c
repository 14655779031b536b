/* SPDX-License-Identifier: MIT */
/*
 * What nstop makes of the engines' files, for engines_files.sh (inside the
 * sandbox, with fake daemons over real engine files):
 *   be_engines_probe snapshot   one line a namespace with containers, a bridge with a network, a note:
 *                               "ns NAME display=D ctr=ENGINE:NAME:POD:PODNS:PORTS ..."
 *                               "bridge NSNAME IFNAME network=NAME engine=E"
 *                               "note TEXT"
 *   be_engines_probe sites      the daemons found: "site ENGINE PID DATA NETCONF CNI"
 *   be_engines_probe live SECS  runs the live loop SECS seconds, then prints "reads N" (engine reads)
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "be_engines.h"
#include "be_internal.h"
#include "live.h"
#include "model.h"

static void print_model(const struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		if (ns->n_containers) {
			printf("ns %s display=%s", ns->name, nst_ns_display(ns));
			for (size_t k = 0; k < ns->n_containers; k++) {
				const struct nst_container *c = &ns->containers[k];
				printf(" ctr=%s:%s:%s:%s:", c->engine, c->name ? c->name : "-", c->pod ? c->pod : "-",
				       c->pod_ns ? c->pod_ns : "-");
				for (size_t p = 0; p < c->n_ports; p++) {
					printf("%s%s/%s/%u/%u", p ? "," : "", c->ports[p].proto,
					       c->ports[p].host_ip[0] ? c->ports[p].host_ip : "*", c->ports[p].host_port,
					       c->ports[p].container_port);
				}
			}
			printf("\n");
		}
		for (size_t k = 0; k < ns->n_links; k++) {
			const struct nst_link *l = &ns->links[k];
			if (l->network) {
				printf("bridge %s %s network=%s engine=%s\n", ns->name, l->name, l->network,
				       l->network_engine);
			}
		}
		for (size_t k = 0; k < ns->n_cgroups; k++) {
			const struct nst_cgroup_ref *r = &ns->cgroups[k];
			printf("cgroup %s engine=%s id=%s pod_uid=%s pod_id=%s\n", ns->name, r->engine, r->id, r->pod_uid,
			       r->pod_id);
		}
	}
	for (size_t i = 0; i < m->engines.n_notes; i++) {
		printf("note %s\n", m->engines.notes[i]);
	}
}

static int live(int secs)
{
	struct be_live *lv;
	struct be_error err = { 0 };

	if (be_live_create(&lv, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	time_t end = time(NULL) + secs;
	while (time(NULL) < end) {
		struct pollfd fds[256];
		size_t n = be_live_pollfds(lv, fds, 256);
		int t = be_live_timeout_ms(lv);
		poll(fds, n, t > 1000 ? 1000 : t);
		be_live_dispatch(lv, fds, n, NULL, NULL);
	}
	print_model(be_live_model(lv));
	be_live_destroy(lv);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "snapshot") == 0) {
		struct nst_model *m;
		struct be_error err = { 0 };
		if (be_snapshot(&m, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		print_model(m);
		nst_model_destroy(m);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "sites") == 0) {
		struct be_engine_sites s = { 0 };
		be_engines_find(&s);
		for (size_t i = 0; i < s.n; i++) {
			printf("site %s %d %s %s %s\n", s.v[i].engine, s.v[i].pid, s.v[i].data[0] ? s.v[i].data : "-",
			       s.v[i].netconf[0] ? s.v[i].netconf : "-", s.v[i].cni[0] ? s.v[i].cni : "-");
		}
		free(s.v);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "live") == 0) {
		return live(atoi(argv[2]));
	}
	fprintf(stderr, "usage: be_engines_probe snapshot | sites | live SECS\n");
	return 2;
}
