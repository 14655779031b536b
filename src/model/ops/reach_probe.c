/* SPDX-License-Identifier: MIT */
/*
 * A probe's observations (reach_probe.h): the path its trace events make, the
 * outcome, and the comparison with the prediction, which never hides a difference.
 */
#include "reach_probe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define PATH_MAX_NS 64

struct nst_reach_obs_event *nst_reach_observed_add(struct nst_reach_observed *o)
{
	if (o->n >= NST_PROBE_MAX_EVENTS) {
		o->events_lost = true;
		return NULL;
	}
	return xgrow(&o->v, &o->n, &o->cap, sizeof(*o->v));
}

void nst_reach_observed_free(struct nst_reach_observed *o)
{
	if (!o) {
		return;
	}
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].ns);
		free(o->v[i].table);
		free(o->v[i].chain);
		free(o->v[i].target);
	}
	free(o->v);
	for (size_t i = 0; i < o->n_caps; i++) {
		free(o->caps[i].ns);
		free(o->caps[i].error);
	}
	free(o->caps);
	free(o->error);
	free(o->disagreement);
	free(o->summary);
	free(o);
}

struct nst_reach_obs_capture *nst_reach_observed_add_capture(struct nst_reach_observed *o)
{
	return xgrow(&o->caps, &o->n_caps, &o->cap_caps, sizeof(*o->caps));
}

/* dev in ns with roles, merged into an entry already there. */
static void plan_add(struct nst_reach_cap_plan *v, size_t *n, const struct nst_reach_hop *h, const char *dev,
		     unsigned roles)
{
	if (!dev[0]) {
		return;
	}
	for (size_t i = 0; i < *n; i++) {
		if (nst_ns_id_eq(v[i].ns_id, h->ns_id) && strcmp(v[i].dev, dev) == 0) {
			v[i].roles |= roles;
			return;
		}
	}
	v[(*n)++] = (struct nst_reach_cap_plan){ .ns = h->ns ? h->ns : "?", .ns_id = h->ns_id, .dev = dev, .roles = roles };
}

size_t nst_reach_probe_capture_plan(const struct nst_reach *r, struct nst_reach_cap_plan *v, size_t max)
{
	/* all of them first, each once, so the count past max is exact */
	struct nst_reach_cap_plan *all = xcalloc(2 * (r->request.n + r->reply.n) + 1, sizeof(*all));
	size_t n = 0;
	bool stopped = false;

	for (int leg = 0; leg < 2 && !stopped; leg++) {
		const struct nst_reach_path *p = leg ? &r->reply : &r->request;
		unsigned in = leg ? NST_CAP_REP_IN : NST_CAP_REQ_IN, out = leg ? NST_CAP_REP_OUT : NST_CAP_REQ_OUT;
		for (size_t i = 0; i < p->n && !stopped; i++) {
			const struct nst_reach_hop *h = &p->v[i];
			stopped = h->result != NST_REACH_OK;
			plan_add(all, &n, h, h->iif, in);
			/* where the request stops, its way out is watched too: the packet must not show there */
			plan_add(all, &n, h, h->oif, !stopped ? out : leg ? 0 : NST_CAP_REQ_PAST);
		}
	}
	if (max) {
		memcpy(v, all, (n < max ? n : max) * sizeof(*v));
	}
	free(all);
	return n;
}

const char *nst_probe_outcome_str(enum nst_probe_outcome v)
{
	switch (v) {
	case NST_PROBE_ANSWERED:
		return "answered";
	case NST_PROBE_DELIVERED:
		return "delivered";
	case NST_PROBE_REFUSED:
		return "refused";
	case NST_PROBE_DROPPED:
		return "dropped";
	case NST_PROBE_LOST:
		return "lost";
	case NST_PROBE_FAILED:
		break;
	}
	return "failed";
}

const char *nst_reach_obs_where(const struct nst_reach_obs_event *e, char *buf, size_t len)
{
	if (e->rule) {
		snprintf(buf, len, "%s %s %s rule %llu", e->family, e->table ? e->table : "?", e->chain ? e->chain : "?",
			 (unsigned long long)e->rule);
	} else {
		snprintf(buf, len, "%s %s %s policy", e->family, e->table ? e->table : "?", e->chain ? e->chain : "?");
	}
	return buf;
}

/* Only the first packet's events make the path: later ones repeat it. */
size_t nst_reach_observed_path(const struct nst_reach_observed *o, bool reply, struct nst_ns_id *ids,
			       const char **names, size_t max)
{
	size_t n = 0;
	struct nst_ns_id last = { 0 };

	for (size_t i = 0; i < o->n; i++) {
		const struct nst_reach_obs_event *e = &o->v[i];
		if (e->reply != reply || e->packet > 1) {
			continue;
		}
		if (n && nst_ns_id_eq(last, e->ns_id)) {
			continue;
		}
		if (n < max) {
			ids[n] = e->ns_id;
			if (names) {
				names[n] = e->ns ? e->ns : "?";
			}
		}
		last = e->ns_id;
		n++;
	}
	return n;
}

static bool is_drop(const struct nst_reach_obs_event *e)
{
	return !e->ours && strcmp(e->verdict, "drop") == 0;
}

/* UDP without a reply: the trace saw the request pass the input hook and nothing drop it after. */
static bool delivered(const struct nst_reach_observed *o)
{
	for (size_t i = o->n; i-- > 0;) {
		const struct nst_reach_obs_event *e = &o->v[i];
		if (!e->reply && e->ours && strcmp(e->hook, "input") == 0) {
			return true;
		}
	}
	return false;
}

static void decide(struct nst_reach_observed *o, enum nst_reach_proto proto)
{
	char where[400];

	/* the request's drop first: a reject's own answer may be dropped (and traced) before it */
	o->drop = NULL;
	for (int pass = 0; pass < 2 && !o->drop; pass++) {
		for (size_t i = 0; i < o->n && !o->drop; i++) {
			if (is_drop(&o->v[i]) && (pass == 1 || !o->v[i].reply)) {
				o->drop = &o->v[i];
			}
		}
	}
	free(o->summary);
	if (o->error) {
		o->outcome = NST_PROBE_FAILED;
		o->summary = xasprintf("the probe could not run: %s", o->error);
	} else if (o->answered > 0) {
		size_t n = 0;
		struct nst_ns_id ids[PATH_MAX_NS];
		const char *names[PATH_MAX_NS];
		n = nst_reach_observed_path(o, false, ids, names, PATH_MAX_NS);
		o->outcome = NST_PROBE_ANSWERED;
		o->summary = n ? xasprintf("answered (%d of %d), delivered in %s", o->answered, o->sent,
					   names[(n < PATH_MAX_NS ? n : PATH_MAX_NS) - 1])
			       : xasprintf("answered (%d of %d)", o->answered, o->sent);
	} else if (o->drop) {
		o->outcome = NST_PROBE_DROPPED;
		o->summary = xasprintf("dropped in %s by %s%s", o->drop->ns ? o->drop->ns : "?",
				       nst_reach_obs_where(o->drop, where, sizeof(where)),
				       o->refused ? " (rejected: an error came back)" : "");
	} else if (o->refused || o->send_err) {
		int e = o->send_err ? o->send_err : o->refused_err;
		o->outcome = NST_PROBE_REFUSED;
		o->summary = xasprintf("refused%s: %s", o->send_err ? " at the source" : "",
				       e ? strerror(e) : "an error came back");
	} else if (proto == NST_PROTO_UDP && delivered(o)) {
		o->outcome = NST_PROBE_DELIVERED;
		o->summary = xstrdup("delivered (accepted at the destination's input hook; no datagram came back)");
	} else {
		o->outcome = NST_PROBE_LOST;
		o->summary = xstrdup("lost: no answer, and the trace saw no rule drop it");
	}
}

static char *path_text(const struct nst_ns_id *ids, const char **names, size_t n)
{
	(void)ids;
	static const char none[] = "(no namespace)";
	size_t len = sizeof(none); /* room for it, or for the names and their arrows */
	for (size_t i = 0; i < n; i++) {
		len += strlen(names[i]) + 4;
	}
	char *s = xcalloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i) {
			strcat(s, " -> ");
		}
		strcat(s, names[i]);
	}
	if (!n) {
		strcpy(s, none);
	}
	return s;
}

static size_t predicted_path(const struct nst_reach_path *p, struct nst_ns_id *ids, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n && n < max; i++) {
		if (n && nst_ns_id_eq(ids[n - 1], p->v[i].ns_id)) {
			continue;
		}
		ids[n] = p->v[i].ns_id;
		names[n++] = p->v[i].ns ? p->v[i].ns : "?";
	}
	return n;
}

/* NULL when the observed path (prefix: may stop early) is the predicted one, else the words that say how not. */
static char *path_diff(const char *what, const struct nst_reach_path *pred, const struct nst_reach_observed *o, bool reply,
		       bool prefix)
{
	struct nst_ns_id pi[PATH_MAX_NS], oi[PATH_MAX_NS];
	const char *pn[PATH_MAX_NS], *on[PATH_MAX_NS];
	size_t np = predicted_path(pred, pi, pn, PATH_MAX_NS);
	size_t no = nst_reach_observed_path(o, reply, oi, on, PATH_MAX_NS);
	bool same = prefix ? no <= np : no == np;

	no = no < PATH_MAX_NS ? no : PATH_MAX_NS;
	for (size_t i = 0; same && i < no; i++) {
		same = nst_ns_id_eq(pi[i], oi[i]);
	}
	if (same) {
		return NULL;
	}
	char *a = path_text(pi, pn, np), *b = path_text(oi, on, no);
	char *s = xasprintf("predicted %s path %s, observed %s", what, a, b);
	free(a);
	free(b);
	return s;
}

static const struct nst_reach_hop *failing_hop(const struct nst_reach *r, bool *in_reply)
{
	for (int leg = 0; leg < 2; leg++) {
		const struct nst_reach_path *p = leg ? &r->reply : &r->request;
		for (size_t i = 0; i < p->n; i++) {
			if (p->v[i].result != NST_REACH_OK) {
				*in_reply = leg == 1;
				return &p->v[i];
			}
		}
	}
	return NULL;
}

static const struct nst_reach_hook *failing_hook(const struct nst_reach_hop *h)
{
	for (size_t k = 0; h && k < h->n_hooks; k++) {
		if (h->hooks[k].result == NST_REACH_FAIL) {
			return &h->hooks[k];
		}
	}
	return NULL;
}

static bool same_drop(const struct nst_reach_hop *h, const struct nst_reach_hook *k, const struct nst_reach_obs_event *e)
{
	if (e && k->rule_uncertain) {
		/* the prediction named the verdict, not surely its rule (it may fall in an earlier one, even in
		 * another chain of the hook): the namespace and family must still be the predicted ones */
		return nst_ns_id_eq(h->ns_id, e->ns_id) && strcmp(k->family, e->family) == 0;
	}
	return e && nst_ns_id_eq(h->ns_id, e->ns_id) && strcmp(k->family, e->family) == 0 && k->table && e->table &&
	       strcmp(k->table, e->table) == 0 && k->chain && e->chain && strcmp(k->chain, e->chain) == 0 &&
	       (k->rule == 0 || k->rule == e->rule);
}

static const char *last_ns(const struct nst_reach_path *p)
{
	return p->n && p->v[p->n - 1].ns ? p->v[p->n - 1].ns : "?";
}

/* "predicted delivered in ns3" / "predicted dropped in gw by ip filter FORWARD rule 7" / "predicted not reachable: ..." */
static char *predicted_text(const struct nst_reach *r)
{
	bool in_reply = false;
	const struct nst_reach_hop *h = failing_hop(r, &in_reply);
	const struct nst_reach_hook *k = failing_hook(h);

	if (r->reachable == 1 || !h) {
		return xasprintf("predicted delivered in %s and answered", last_ns(&r->request));
	}
	if (k) {
		if (k->rule) {
			return xasprintf("predicted dropped in %s by %s %s %s rule %llu", h->ns ? h->ns : "?", k->family,
					 k->table ? k->table : "?", k->chain ? k->chain : "?", (unsigned long long)k->rule);
		}
		return xasprintf("predicted dropped in %s by %s %s %s policy", h->ns ? h->ns : "?", k->family,
				 k->table ? k->table : "?", k->chain ? k->chain : "?");
	}
	return xasprintf("predicted %s in %s%s: %s", in_reply ? "the reply fails" : "not reachable", h->ns ? h->ns : "?",
			 "", h->reason ? h->reason : "no reason given");
}

static void disagree(struct nst_reach_observed *o, const struct nst_reach *r, const char *detail)
{
	char *p = predicted_text(r);
	/* said, not hidden: a trace that lost events can make a path look shorter than it was */
	const char *lost = o->events_lost ? " (some trace events were lost)" : "";
	o->agrees = false;
	o->disagreement = detail ? xasprintf("%s; %s%s", p, detail, lost) : xasprintf("%s, observed %s%s", p, o->summary, lost);
	free(p);
}

static const struct nst_reach_obs_capture *find_capture(const struct nst_reach_observed *o,
							const struct nst_reach_cap_plan *p)
{
	for (size_t i = 0; i < o->n_caps; i++) {
		if (nst_ns_id_eq(o->caps[i].ns_id, p->ns_id) && strcmp(o->caps[i].dev, p->dev) == 0) {
			return &o->caps[i];
		}
	}
	return NULL;
}

#define CAP_SAID 8 /* differences spelled out; the rest counted */

static void cap_say(char **s, int *said, const char *what)
{
	if ((*said)++ >= CAP_SAID) {
		return;
	}
	char *t = *s ? xasprintf("%s; %s", *s, what) : xstrdup(what);
	free(*s);
	*s = t;
}

/* The captures against the plan: NULL when every device saw what the prediction sends by it. */
static char *capture_diff(const struct nst_reach *r, const struct nst_reach_observed *o)
{
	struct nst_reach_cap_plan plan[NST_PROBE_MAX_CAPTURES];
	size_t n = nst_reach_probe_capture_plan(r, plan, NST_PROBE_MAX_CAPTURES);
	char *s = NULL;
	int said = 0;

	n = n < NST_PROBE_MAX_CAPTURES ? n : NST_PROBE_MAX_CAPTURES;
	for (size_t i = 0; i < n; i++) {
		const struct nst_reach_cap_plan *p = &plan[i];
		const struct nst_reach_obs_capture *c = find_capture(o, p);
		if (!c || c->error) {
			continue; /* not captured: the capture's own line says why */
		}
		char buf[300];
		if ((p->roles & (NST_CAP_REQ_IN | NST_CAP_REQ_OUT)) && c->request == 0) {
			snprintf(buf, sizeof(buf), "predicted the request %s %s in %s; the capture there saw none",
				 p->roles & NST_CAP_REQ_OUT ? "out of" : "into", p->dev, p->ns);
			cap_say(&s, &said, buf);
		}
		/* a reply is only owed when one came back (udp is delivered without one) */
		if ((p->roles & (NST_CAP_REP_IN | NST_CAP_REP_OUT)) && o->outcome == NST_PROBE_ANSWERED && c->reply == 0) {
			snprintf(buf, sizeof(buf), "predicted the reply %s %s in %s; the capture there saw none",
				 p->roles & NST_CAP_REP_OUT ? "out of" : "into", p->dev, p->ns);
			cap_say(&s, &said, buf);
		}
		if (p->roles == NST_CAP_REQ_PAST && c->request > 0) {
			snprintf(buf, sizeof(buf), "predicted the request to stop before %s in %s; the capture there saw %d",
				 p->dev, p->ns, c->request);
			cap_say(&s, &said, buf);
		}
	}
	if (said > CAP_SAID) {
		char *t = xasprintf("%s; and %d more", s, said - CAP_SAID);
		free(s);
		s = t;
	}
	return s;
}

/* The paths and outcome compared (compare_trace), then the captures: a difference found by either is said. */
static void compare_trace(const struct nst_reach *r, enum nst_reach_proto proto, struct nst_reach_observed *o);

void nst_reach_probe_compare(const struct nst_reach *r, enum nst_reach_proto proto, struct nst_reach_observed *o)
{
	compare_trace(r, proto, o);
	if (!o->compared) {
		return;
	}
	char *d = capture_diff(r, o);
	if (!d) {
		return;
	}
	if (o->agrees) {
		disagree(o, r, d);
	} else {
		char *t = xasprintf("%s; %s", o->disagreement, d);
		free(o->disagreement);
		o->disagreement = t;
	}
	free(d);
}

static void compare_trace(const struct nst_reach *r, enum nst_reach_proto proto, struct nst_reach_observed *o)
{
	decide(o, proto);
	free(o->disagreement);
	o->disagreement = NULL;
	o->agrees = false;
	o->compared = r->reachable >= 0 && o->outcome != NST_PROBE_FAILED;
	if (!o->compared) {
		return;
	}
	bool reached = o->outcome == NST_PROBE_ANSWERED || o->outcome == NST_PROBE_DELIVERED;
	char *d = NULL;
	o->agrees = true;
	if (r->reachable == 1) {
		if (!reached) {
			disagree(o, r, NULL);
			return;
		}
		d = path_diff("request", &r->request, o, false, false);
		if (!d && o->outcome == NST_PROBE_ANSWERED) {
			d = path_diff("reply", &r->reply, o, true, false);
		}
		if (d) {
			disagree(o, r, d);
			free(d);
		}
		return;
	}
	bool in_reply = false;
	const struct nst_reach_hop *h = failing_hop(r, &in_reply);
	const struct nst_reach_hook *k = failing_hook(h);
	if (reached) {
		disagree(o, r, NULL);
		return;
	}
	if (k && !same_drop(h, k, o->drop)) {
		disagree(o, r, NULL); /* a predicted drop must be seen where and by what it was predicted */
		return;
	}
	if (!k && o->drop) {
		disagree(o, r, NULL); /* predicted a routing or socket failure; a rule dropped it */
		return;
	}
	d = path_diff("request", &r->request, o, false, !in_reply);
	if (!d && in_reply) {
		d = path_diff("reply", &r->reply, o, true, true);
	}
	if (d) {
		disagree(o, r, d);
		free(d);
	}
}
