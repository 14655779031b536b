/* SPDX-License-Identifier: MIT */
/*
 * --probe's comparison (reach_probe.c): an observed path and outcome set
 * beside a hand-built prediction; every disagreement's words; the event cap;
 * the rendering of hostile names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_probe.h"
#include "reach_probe.h"
#include "unit.h"
#include "xalloc.h"

static struct nst_ns_id id_of(const char *name)
{
	struct nst_ns_id id = { .dev = 4, .ino = 0 };
	for (const char *p = name; *p; p++) {
		id.ino = id.ino * 131 + (unsigned char)*p;
	}
	return id;
}

/* A path from "h1 x y h2"; the last hop gets result last (and a failing hook when hook is set). */
static void path(struct nst_reach_path *p, const char *names, enum nst_reach_verdict last, const char *hook_chain,
		 uint64_t rule)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", names);
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		struct nst_reach_hop *h = xgrow(&p->v, &p->n, &p->cap, sizeof(*p->v));
		h->ns = xstrdup(tok);
		h->ns_id = id_of(tok);
	}
	struct nst_reach_hop *h = &p->v[p->n - 1];
	h->result = last;
	if (last != NST_REACH_OK) {
		h->reason = xstrdup("nothing listens on tcp port 5000: connection refused");
	}
	if (hook_chain) {
		h->hooks = xcalloc(1, sizeof(*h->hooks));
		h->n_hooks = 1;
		snprintf(h->hooks[0].hook, sizeof(h->hooks[0].hook), "forward");
		snprintf(h->hooks[0].family, sizeof(h->hooks[0].family), "ip");
		h->hooks[0].table = xstrdup("filter");
		h->hooks[0].chain = xstrdup(hook_chain);
		h->hooks[0].rule = rule;
		h->hooks[0].result = NST_REACH_FAIL;
		h->hooks[0].verdict = xstrdup("drop");
	}
}

static void ev(struct nst_reach_observed *o, const char *ns, bool reply, const char *hook, int packet)
{
	struct nst_reach_obs_event *e = nst_reach_observed_add(o);
	e->ns = xstrdup(ns);
	e->ns_id = id_of(ns);
	snprintf(e->family, sizeof(e->family), "inet");
	e->table = xstrdup(NST_TRACE_TABLE);
	e->chain = xstrdup(hook);
	snprintf(e->hook, sizeof(e->hook), "%s", hook);
	snprintf(e->verdict, sizeof(e->verdict), "accept");
	e->reply = reply;
	e->ours = true;
	e->packet = packet;
}

static void drop(struct nst_reach_observed *o, const char *ns, const char *chain, uint64_t rule)
{
	struct nst_reach_obs_event *e = nst_reach_observed_add(o);
	e->ns = xstrdup(ns);
	e->ns_id = id_of(ns);
	snprintf(e->family, sizeof(e->family), "ip");
	e->table = xstrdup("filter");
	e->chain = xstrdup(chain);
	e->rule = rule;
	snprintf(e->hook, sizeof(e->hook), "forward");
	snprintf(e->verdict, sizeof(e->verdict), "drop");
	e->packet = 1;
}

/* Every namespace of names passed (request or reply direction). */
static void walk(struct nst_reach_observed *o, const char *names, bool reply, int packet)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", names);
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		ev(o, tok, reply, "prerouting", packet);
		ev(o, tok, reply, "postrouting", packet);
	}
}

static struct nst_reach reach(int reachable)
{
	struct nst_reach r;
	memset(&r, 0, sizeof(r));
	r.reachable = reachable;
	return r;
}

static void test_agree_answered(void)
{
	struct nst_reach r = reach(1);
	path(&r.request, "h1 x y h2", NST_REACH_OK, NULL, 0);
	path(&r.reply, "h2 y x h1", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x y h2", false, 1);
	walk(r.probe, "h2 y x h1", true, 1);
	/* a second echo repeats the path: it must not make the path longer */
	walk(r.probe, "h1 x y h2", false, 2);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_ANSWERED);
	CHECK(r.probe->compared);
	CHECK(r.probe->agrees);
	CHECK(r.probe->disagreement == NULL);
	CHECK_STR(r.probe->summary, "answered (1 of 1), delivered in h2");
	struct nst_ns_id ids[8];
	const char *names[8];
	CHECK_INT(nst_reach_observed_path(r.probe, false, ids, names, 8), 4);
	CHECK_STR(names[3], "h2");
	CHECK_INT(nst_reach_observed_path(r.probe, true, ids, names, 8), 4);
	CHECK_STR(names[3], "h1");
	nst_reach_free(&r);
}

static void test_path_differs(void)
{
	struct nst_reach r = reach(1);
	path(&r.request, "h1 x y h2", NST_REACH_OK, NULL, 0);
	path(&r.reply, "h2 y x h1", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x z h2", false, 1);
	walk(r.probe, "h2 y x h1", true, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->compared);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement, "predicted delivered in h2 and answered; predicted request path h1 -> x -> y -> h2, "
					 "observed h1 -> x -> z -> h2");
	/* the reply's path is compared too */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x y h2", false, 1);
	walk(r.probe, "h2 y h1", true, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "predicted reply path h2 -> y -> x -> h1, observed h2 -> y -> h1"));
	CHECK(r.probe->disagreement && !strstr(r.probe->disagreement, "lost"));
	r.probe->events_lost = true;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "observed h2 -> y -> h1 (some trace events were lost)"));
	/* nothing traced at all: the observed path has no namespace (fuzz_trace found this overran its buffer) */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "predicted request path h1 -> x -> y -> h2, observed (no namespace)"));
	nst_reach_free(&r);
}

static void test_predicted_reachable_observed_drop(void)
{
	struct nst_reach r = reach(1);
	path(&r.request, "ns1 gw ns3", NST_REACH_OK, NULL, 0);
	path(&r.reply, "ns3 gw ns1", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "ns1 gw", false, 1);
	drop(r.probe, "gw", "FORWARD", 7);
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_DROPPED);
	CHECK(r.probe->drop == &r.probe->v[r.probe->n - 1]);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement,
		  "predicted delivered in ns3 and answered, observed dropped in gw by ip filter FORWARD rule 7");
	nst_reach_free(&r);
}

static void test_predicted_drop(void)
{
	/* the same rule: agreement */
	struct nst_reach r = reach(0);
	path(&r.request, "ns1 gw", NST_REACH_FAIL, "FORWARD", 7);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "ns1 gw", false, 1);
	drop(r.probe, "gw", "FORWARD", 7);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->compared);
	CHECK(r.probe->agrees);
	CHECK_STR(r.probe->summary, "dropped in gw by ip filter FORWARD rule 7");
	/* another rule of the same chain: a disagreement naming both */
	r.probe->v[r.probe->n - 1].rule = 8;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement,
		  "predicted dropped in gw by ip filter FORWARD rule 7, observed dropped in gw by ip filter FORWARD rule 8");
	/* nothing dropped it, it was lost: still a disagreement (the predicted rule did not drop it) */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "ns1 gw", false, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_LOST);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement, "predicted dropped in gw by ip filter FORWARD rule 7, observed lost: no answer, "
					 "and the trace saw no rule drop it");
	nst_reach_free(&r);
}

static void test_predicted_refused(void)
{
	struct nst_reach r = reach(0);
	path(&r.request, "h1 x h2", NST_REACH_FAIL, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	r.probe->refused = true;
	r.probe->refused_err = 111; /* ECONNREFUSED */
	walk(r.probe, "h1 x h2", false, 1);
	walk(r.probe, "h2 x h1", true, 1); /* the RST on its way back */
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_REFUSED);
	CHECK(r.probe->agrees);
	/* a request traced beyond the failing hop is a disagreement */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1 x h2 h9", false, 1);
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "observed h1 -> x -> h2 -> h9"));
	/* predicted refused, but it was answered */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x h2", false, 1);
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement, "predicted not reachable in h2: nothing listens on tcp port 5000: connection "
					 "refused, observed answered (1 of 1), delivered in h2");
	/* predicted a socket failure, a rule dropped it */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1 x", false, 1);
	drop(r.probe, "x", "FORWARD", 3);
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "observed dropped in x by ip filter FORWARD rule 3"));
	nst_reach_free(&r);
}

static void test_reply_fails(void)
{
	struct nst_reach r = reach(0);
	path(&r.request, "h1 x y h2", NST_REACH_OK, NULL, 0);
	path(&r.reply, "h2 y", NST_REACH_FAIL, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1 x y h2", false, 1);
	walk(r.probe, "h2 y", true, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->agrees);
	/* the request stopping short of the destination is not what was predicted */
	nst_reach_observed_free(r.probe);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1 x", false, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "predicted request path h1 -> x -> y -> h2, observed h1 -> x"));
	nst_reach_free(&r);
}

static void test_udp_delivered(void)
{
	struct nst_reach r = reach(1);
	path(&r.request, "h1 h2", NST_REACH_OK, NULL, 0);
	path(&r.reply, "h2 h1", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1", false, 1);
	ev(r.probe, "h2", false, "prerouting", 1);
	ev(r.probe, "h2", false, "input", 1);
	nst_reach_probe_compare(&r, NST_PROTO_UDP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_DELIVERED);
	CHECK(r.probe->agrees);
	/* tcp: delivered is not an outcome; silence is lost */
	nst_reach_probe_compare(&r, NST_PROTO_TCP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_LOST);
	CHECK(!r.probe->agrees);
	nst_reach_free(&r);
}

static void test_unknown_and_failed(void)
{
	struct nst_reach r = reach(-1);
	path(&r.request, "h1 x", NST_REACH_UNKNOWN, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1 x", false, 1);
	drop(r.probe, "x", "gate", 2);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->compared);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement == NULL);
	CHECK_STR(r.probe->summary, "dropped in x by ip filter gate rule 2");
	nst_reach_free(&r);

	r = reach(1);
	path(&r.request, "h1 x", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->error = xstrdup("x: cannot add the trace table: Operation not permitted");
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK_INT(r.probe->outcome, NST_PROBE_FAILED);
	CHECK(!r.probe->compared);
	CHECK_STR(r.probe->summary, "the probe could not run: x: cannot add the trace table: Operation not permitted");
	nst_reach_free(&r);
}

static void test_event_cap(void)
{
	struct nst_reach_observed *o = xcalloc(1, sizeof(*o));
	size_t got = 0;
	for (int i = 0; i < NST_PROBE_MAX_EVENTS + 10; i++) {
		if (nst_reach_observed_add(o)) {
			got++;
		}
	}
	CHECK_INT(got, NST_PROBE_MAX_EVENTS);
	CHECK(o->events_lost);
	nst_reach_observed_free(o);
}

static void test_render_hostile(void)
{
	struct nst_reach r = reach(1);
	path(&r.request, "h1 h2", NST_REACH_OK, NULL, 0);
	path(&r.reply, "h2 h1", NST_REACH_OK, NULL, 0);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1", false, 1);
	drop(r.probe, "h2", "evil\x1b[2J\"x", 4);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nst_render_explain_probe_text(&r, true, f);
	fclose(f);
	CHECK(buf && !strchr(buf, '\x1b'));
	CHECK(buf && strstr(buf, "probe: DISAGREES with the prediction: predicted delivered in h2 and answered, observed dropped in h2"));
	free(buf);
	f = open_memstream(&buf, &len);
	struct nst_json j;
	nst_json_init(&j, f);
	nst_json_obj_begin(&j, NULL);
	nst_render_explain_probe_json(&j, &r);
	nst_json_obj_end(&j);
	fclose(f);
	CHECK(buf && !strchr(buf, '\x1b'));
	CHECK(buf && strstr(buf, "\"agrees\":false"));
	CHECK(buf && strstr(buf, "\"chain\":\"evil\\u001b[2J\\\"x\""));
	free(buf);
	nst_reach_free(&r);
}

/* Each hop's iif and oif, from "iif:oif" words ("-" none), in path order. */
static void devs(struct nst_reach_path *p, const char *pairs)
{
	char buf[256];
	size_t k = 0;
	snprintf(buf, sizeof(buf), "%s", pairs);
	for (char *tok = strtok(buf, " "); tok && k < p->n; tok = strtok(NULL, " "), k++) {
		char *colon = strchr(tok, ':');
		*colon = 0;
		snprintf(p->v[k].iif, sizeof(p->v[k].iif), "%s", strcmp(tok, "-") ? tok : "");
		snprintf(p->v[k].oif, sizeof(p->v[k].oif), "%s", strcmp(colon + 1, "-") ? colon + 1 : "");
	}
}

static struct nst_reach_obs_capture *cap(struct nst_reach_observed *o, const char *ns, const char *dev, int req, int rep)
{
	struct nst_reach_obs_capture *c = nst_reach_observed_add_capture(o);
	c->ns = xstrdup(ns);
	c->ns_id = id_of(ns);
	snprintf(c->dev, sizeof(c->dev), "%s", dev);
	c->request = req;
	c->reply = rep;
	return c;
}

/* lab1 routed, reachable: six devices, each once, with the roles both ways. */
static void lab1(struct nst_reach *r)
{
	*r = reach(1);
	path(&r->request, "h1 x y h2", NST_REACH_OK, NULL, 0);
	path(&r->reply, "h2 y x h1", NST_REACH_OK, NULL, 0);
	devs(&r->request, "-:v1 vethE:vethG vethH:vethJ v2:-");
	devs(&r->reply, "-:v2 vethJ:vethH vethG:vethE v1:-");
}

static void lab1_caps(struct nst_reach_observed *o, int rep)
{
	cap(o, "h1", "v1", 1, rep);
	cap(o, "x", "vethE", 1, rep);
	cap(o, "x", "vethG", 1, rep);
	cap(o, "y", "vethH", 1, rep);
	cap(o, "y", "vethJ", 1, rep);
	cap(o, "h2", "v2", 1, rep);
}

static void test_capture_plan(void)
{
	struct nst_reach r;
	struct nst_reach_cap_plan v[NST_PROBE_MAX_CAPTURES];

	lab1(&r);
	CHECK_INT(nst_reach_probe_capture_plan(&r, v, NST_PROBE_MAX_CAPTURES), 6);
	CHECK_STR(v[0].dev, "v1");
	CHECK_INT(v[0].roles, NST_CAP_REQ_OUT | NST_CAP_REP_IN);
	CHECK_STR(v[1].ns, "x");
	CHECK_STR(v[1].dev, "vethE");
	CHECK_INT(v[1].roles, NST_CAP_REQ_IN | NST_CAP_REP_OUT);
	CHECK_STR(v[5].dev, "v2");
	CHECK_INT(v[5].roles, NST_CAP_REQ_IN | NST_CAP_REP_OUT);
	/* bounded: the count says how many there are, only max are written */
	CHECK_INT(nst_reach_probe_capture_plan(&r, v, 2), 6);
	nst_reach_free(&r);
	/* a predicted drop in x: the request's devices up to x's iif, x's oif watched to see none, no reply */
	r = reach(0);
	path(&r.request, "h1 x", NST_REACH_FAIL, "gate", 3);
	devs(&r.request, "-:v1 vethE:vethG");
	path(&r.reply, "h2 y", NST_REACH_OK, NULL, 0);
	devs(&r.reply, "-:v2 vethJ:vethH");
	CHECK_INT(nst_reach_probe_capture_plan(&r, v, NST_PROBE_MAX_CAPTURES), 3);
	CHECK_INT(v[1].roles, NST_CAP_REQ_IN);
	CHECK_STR(v[2].dev, "vethG");
	CHECK_INT(v[2].roles, NST_CAP_REQ_PAST);
	nst_reach_free(&r);
}

static void test_capture_agrees(void)
{
	struct nst_reach r;

	lab1(&r);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x y h2", false, 1);
	walk(r.probe, "h2 y x h1", true, 1);
	lab1_caps(r.probe, 1);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->agrees);
	CHECK(r.probe->disagreement == NULL);
	/* the trace agrees, but x's capture saw no request leave by vethG: said, not hidden */
	r.probe->caps[2].request = 0;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK_STR(r.probe->disagreement, "predicted delivered in h2 and answered; "
					 "predicted the request out of vethG in x; the capture there saw none");
	/* and a reply missing on y's vethH too: both named */
	r.probe->caps[3].reply = 0;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "out of vethG in x; the capture there saw none; "
								      "predicted the reply out of vethH in y; the capture there saw none"));
	/* a device that could not be opened is reported by its own line, not counted as a miss */
	r.probe->caps[2].request = 1;
	r.probe->caps[3].reply = 1;
	r.probe->caps[4].request = 0;
	r.probe->caps[4].error = xstrdup("vethJ: No such device exists");
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->agrees);
	nst_reach_free(&r);
}

static void test_capture_drop(void)
{
	struct nst_reach r = reach(0);
	path(&r.request, "h1 x", NST_REACH_FAIL, "gate", 3);
	devs(&r.request, "-:v1 vethE:vethG");
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = 1;
	walk(r.probe, "h1", false, 1);
	drop(r.probe, "x", "gate", 3);
	cap(r.probe, "h1", "v1", 1, 0);
	cap(r.probe, "x", "vethE", 1, 0);
	cap(r.probe, "x", "vethG", 0, 0);
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(r.probe->agrees);
	/* the request seen past the predicted drop */
	r.probe->caps[2].request = 2;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement &&
	      strstr(r.probe->disagreement, "predicted the request to stop before vethG in x; the capture there saw 2"));
	/* an already disagreeing trace keeps its words, the capture's are added */
	r.probe->caps[2].request = 0;
	r.probe->caps[1].request = 0;
	free(r.probe->v[r.probe->n - 1].chain);
	r.probe->v[r.probe->n - 1].chain = xstrdup("other");
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->agrees);
	CHECK(r.probe->disagreement && strstr(r.probe->disagreement, "observed dropped in x by ip filter other rule 3; "
								      "predicted the request into vethE in x; the capture there saw none"));
	/* unknown: the captures are shown, nothing is compared */
	r.reachable = -1;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	CHECK(!r.probe->compared);
	CHECK(r.probe->disagreement == NULL);
	nst_reach_free(&r);
}

static void test_capture_render(void)
{
	struct nst_reach r;

	lab1(&r);
	r.probe = xcalloc(1, sizeof(*r.probe));
	r.probe->sent = r.probe->answered = 1;
	walk(r.probe, "h1 x y h2", false, 1);
	walk(r.probe, "h2 y x h1", true, 1);
	cap(r.probe, "h1", "v1", 1, 1);
	cap(r.probe, "x", "ev\x1b[2J", 0, 0)->error = xstrdup("no \x1b[2J such");
	r.probe->caps_cut = 3;
	nst_reach_probe_compare(&r, NST_PROTO_ICMP, r.probe);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nst_render_explain_probe_text(&r, true, f);
	fclose(f);
	CHECK(buf && !strchr(buf, '\x1b'));
	CHECK(buf && strstr(buf, "  captured: h1:v1 req 1 rep 1, x:ev"));
	CHECK(buf && strstr(buf, "; 3 more devices not captured (at most 32 are)\n"));
	free(buf);
	f = open_memstream(&buf, &len);
	struct nst_json j;
	nst_json_init(&j, f);
	nst_json_obj_begin(&j, NULL);
	nst_render_explain_probe_json(&j, &r);
	nst_json_obj_end(&j);
	fclose(f);
	CHECK(buf && strstr(buf, "\"captures\":[{\"namespace\":\"h1\",\"device\":\"v1\",\"request\":1,\"reply\":1,"
				 "\"error\":null},{\"namespace\":\"x\",\"device\":\"ev\\u001b[2J\",\"request\":0,"
				 "\"reply\":0,\"error\":\"no \\u001b[2J such\"}],\"captures_cut\":3"));
	free(buf);
	nst_reach_free(&r);
}

UNIT_MAIN(test_agree_answered, test_path_differs, test_predicted_reachable_observed_drop, test_predicted_drop,
	  test_predicted_refused, test_reply_fails, test_udp_delivered, test_unknown_and_failed, test_event_cap,
	  test_render_hostile, test_capture_plan, test_capture_agrees, test_capture_drop, test_capture_render)
