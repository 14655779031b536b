/* SPDX-License-Identifier: MIT */
/*
 * libpcap on the probe's predicted devices (be_probe_capture.h): as the packet
 * panes open a capture (be_capture.c), inside the device's namespace, so the
 * packet socket is bound there; the packets are told apart by the probe's key.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "be_probe_capture.h"
#include "capture.h"
#include "xalloc.h"

#define SNAPLEN 256          /* headers only: immediate mode gives every packet a slot this size */
#define BUFFER_BYTES (1 << 17) /* per device: ~300 slots, far more than a probe's few packets (a bigger ring
				* costs milliseconds to set up) */
#define DRAIN_ROUNDS 16      /* dispatch calls per device: a bound, should a hostile flood keep it busy */

struct one_cap {
	pcap_t *p;
	int dlt;
	size_t idx; /* its entry in o->caps (indices: the array may move as it grows) */
};

struct be_probe_caps {
	struct one_cap v[NST_PROBE_MAX_CAPTURES];
	size_t n;
	int family;
	uint8_t l4proto; /* IPPROTO_ICMP(V6), _TCP, _UDP */
	uint16_t key;
	struct nst_reach_obs_capture *cur; /* the entry being counted, during a dispatch */
	int dlt_cur;                       /* and its link type */
};

/* tcpdump syntax for the probe's packets both ways and ICMP errors quoting them (the quote's own IP header
 * taken as 20 bytes, IPv6 without extension headers: a quote that is not is missed, never miscounted). */
static void filter_text(const struct nst_reach_probe *p, uint16_t key, char *buf, size_t len)
{
	unsigned k = key;

	if (p->family == AF_INET6) {
		if (p->proto == NST_PROTO_ICMP) {
			snprintf(buf, len,
				 "icmp6 and (((ip6[40] == 128 or ip6[40] == 129) and ip6[44:2] == %u) or (ip6[40] < 128 and ip6[92:2] == %u))",
				 k, k);
		} else {
			snprintf(buf, len,
				 "(ip6 and %s and (src port %u or dst port %u)) or (icmp6 and ip6[40] < 128 and (ip6[88:2] == %u or ip6[90:2] == %u))",
				 p->proto == NST_PROTO_TCP ? "tcp" : "udp", k, k, k, k);
		}
		return;
	}
	if (p->proto == NST_PROTO_ICMP) {
		snprintf(buf, len,
			 "icmp and (((icmp[0] == 8 or icmp[0] == 0) and icmp[4:2] == %u) or ((icmp[0] == 3 or icmp[0] == 11 or icmp[0] == 12) and icmp[32:2] == %u))",
			 k, k);
		return;
	}
	snprintf(buf, len,
		 "(ip and %s and (src port %u or dst port %u)) or (icmp and (icmp[0] == 3 or icmp[0] == 11 or icmp[0] == 12) and (icmp[28:2] == %u or icmp[30:2] == %u))",
		 p->proto == NST_PROTO_TCP ? "tcp" : "udp", k, k, k, k);
}

static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

static pcap_t *open_here(const char *dev, const char *filter, char *why, size_t len)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(dev, ebuf);
	struct bpf_program prog;

	if (!p) {
		snprintf(why, len, "%s", ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, SNAPLEN);
	pcap_set_promisc(p, 0);
	pcap_set_immediate_mode(p, 1); /* the probe's packets are read right after it, not after a timeout */
	pcap_set_buffer_size(p, BUFFER_BYTES);
	int rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(why, len, "%s", *pcap_geterr(p) ? pcap_geterr(p) : pcap_statustostr(rc));
		pcap_close(p);
		return NULL;
	}
	pthread_mutex_lock(&compile_lock); /* libpcap's parser, shared by the opening threads */
	rc = pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN);
	pthread_mutex_unlock(&compile_lock);
	if (rc < 0) {
		snprintf(why, len, "the filter does not compile here: %s", pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc < 0 || pcap_setnonblock(p, 1, ebuf) < 0) {
		snprintf(why, len, "%s", rc < 0 ? pcap_geterr(p) : ebuf);
		pcap_close(p);
		return NULL;
	}
	return p;
}

/* One device's opening, on its own thread: the namespace is entered by that thread alone. */
struct opener {
	const struct be_ns *b;
	int self_fd;
	const char *dev, *filter;
	pcap_t *p;
	char why[PCAP_ERRBUF_SIZE + 64];
};

static void *open_one(void *arg)
{
	struct opener *w = arg;
	struct be_error err = { 0 };

	if (!w->b->self && be_enter_ns(w->b->fd, &err) < 0) {
		snprintf(w->why, sizeof(w->why), "cannot enter its namespace: %s", err.msg);
		return NULL;
	}
	w->p = open_here(w->dev, w->filter, w->why, sizeof(w->why));
	if (!w->b->self) {
		be_leave_ns(w->self_fd);
	}
	return NULL;
}

/*
 * Setting up a packet socket's ring waits for an RCU grace period in the
 * kernel (15-25 ms here), as its close does: one device after another, six
 * cost more than the probe. Each is opened on its own thread, the waits overlap.
 */
struct be_probe_caps *be_probe_caps_open(struct be_ns_list *list, const struct nst_reach *r,
					 const struct nst_reach_probe *p, uint16_t key, struct nst_reach_observed *o)
{
	struct nst_reach_cap_plan plan[NST_PROBE_MAX_CAPTURES];
	size_t n = nst_reach_probe_capture_plan(r, plan, NST_PROBE_MAX_CAPTURES);
	struct be_probe_caps *c = xcalloc(1, sizeof(*c));
	struct opener *w = xcalloc(NST_PROBE_MAX_CAPTURES, sizeof(*w));
	pthread_t t[NST_PROBE_MAX_CAPTURES];
	bool started[NST_PROBE_MAX_CAPTURES] = { false };
	char filter[512];

	o->caps_cut = n > NST_PROBE_MAX_CAPTURES ? n - NST_PROBE_MAX_CAPTURES : 0;
	n = n < NST_PROBE_MAX_CAPTURES ? n : NST_PROBE_MAX_CAPTURES;
	c->family = p->family;
	c->l4proto = (uint8_t)(p->proto == NST_PROTO_TCP   ? IPPROTO_TCP
			       : p->proto == NST_PROTO_UDP ? IPPROTO_UDP
			       : p->family == AF_INET6	   ? IPPROTO_ICMPV6
							   : IPPROTO_ICMP);
	c->key = key;
	filter_text(p, key, filter, sizeof(filter));
	size_t base = o->n_caps;
	for (size_t i = 0; i < n; i++) {
		struct nst_reach_obs_capture *e = nst_reach_observed_add_capture(o);
		const struct be_ns *b = be_ns_list_find(list, plan[i].ns_id);

		e->ns = xstrdup(plan[i].ns);
		e->ns_id = plan[i].ns_id;
		snprintf(e->dev, sizeof(e->dev), "%s", plan[i].dev);
		if (!b || b->fd < 0) {
			e->error = xstrdup("its namespace is gone");
			continue;
		}
		if (be_pcap_pseudo_name(e->dev)) {
			/* libpcap takes the name for a source of its own (every device, a netfilter queue, a bus) */
			e->error = xstrdup("libpcap takes this name for a capture source of its own: not watched");
			continue;
		}
		w[i] = (struct opener){ .b = b, .self_fd = list->self_fd, .dev = plan[i].dev, .filter = filter };
		started[i] = pthread_create(&t[i], NULL, open_one, &w[i]) == 0;
		if (!started[i]) {
			open_one(&w[i]); /* no thread to be had: here, one after the other */
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct nst_reach_obs_capture *e = &o->caps[base + i];
		if (started[i]) {
			pthread_join(t[i], NULL);
		}
		if (w[i].p) {
			c->v[c->n++] = (struct one_cap){ .p = w[i].p, .dlt = pcap_datalink(w[i].p), .idx = base + i };
		} else if (!e->error) {
			e->error = xstrdup(w[i].why[0] ? w[i].why : "cannot open a capture there");
		}
	}
	free(w);
	if (!c->n) {
		free(c);
		return NULL;
	}
	return c;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The network header's offset and family by link type, skipping VLAN tags; -1: not IP. */
static int net_offset(int dlt, const uint8_t *d, uint32_t len, int *family)
{
	uint32_t off = 0;
	uint16_t type = 0;

	switch (dlt) {
	case DLT_EN10MB:
		if (len < 14) {
			return -1;
		}
		type = get16(d + 12);
		off = 14;
		for (int tags = 0; tags < 2 && (type == 0x8100 || type == 0x88a8) && len >= off + 4; tags++) {
			type = get16(d + off + 2);
			off += 4;
		}
		break;
	case DLT_LINUX_SLL:
		if (len < 16) {
			return -1;
		}
		type = get16(d + 14);
		off = 16;
		break;
	case DLT_LINUX_SLL2:
		if (len < 20) {
			return -1;
		}
		type = get16(d);
		off = 20;
		break;
	default: /* DLT_RAW and friends (tun, wireguard): the IP version nibble says it */
		if (len < 1) {
			return -1;
		}
		type = (d[0] >> 4) == 6 ? 0x86dd : (d[0] >> 4) == 4 ? 0x0800 : 0;
		break;
	}
	*family = type == 0x0800 ? AF_INET : type == 0x86dd ? AF_INET6 : 0;
	return *family ? (int)off : -1;
}

/* 1 request-way, 2 reply-way, 0 not the probe's: by where the key sits, which NAT keeps. */
static int direction(const struct be_probe_caps *c, const uint8_t *d, uint32_t len)
{
	int fam = 0, off = net_offset(c->dlt_cur, d, len, &fam);
	uint32_t l4at;
	uint8_t l4;

	if (off < 0 || fam != c->family) {
		return 0;
	}
	d += off;
	len -= (uint32_t)off;
	if (fam == AF_INET) {
		if (len < 20) {
			return 0;
		}
		l4at = (uint32_t)(d[0] & 0xf) * 4;
		l4 = d[9];
	} else {
		if (len < 40) {
			return 0;
		}
		l4at = 40;
		l4 = d[6];
	}
	if (l4at < 20 || len < l4at + 8) {
		return 0;
	}
	const uint8_t *t = d + l4at;
	uint32_t tl = len - l4at;
	bool icmp = l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6;
	bool ping = c->l4proto == IPPROTO_ICMP || c->l4proto == IPPROTO_ICMPV6;
	if (icmp) {
		uint8_t type = t[0];
		bool req = type == 8 || type == 128, rep = type == 0 || type == 129;
		if (req || rep) {
			return ping && get16(t + 4) == c->key ? (req ? 1 : 2) : 0;
		}
		/* an error quoting the probe (or its reply): it travels back towards the sender of the quote */
		uint32_t q = 8 + (l4 == IPPROTO_ICMPV6 ? 40 : 20) + (ping ? 4 : 0);
		if (tl < q + 4) {
			return 0;
		}
		return get16(t + q) == c->key || (!ping && get16(t + q + 2) == c->key) ? 2 : 0;
	}
	if (l4 != c->l4proto) {
		return 0;
	}
	return get16(t) == c->key ? 1 : get16(t + 2) == c->key ? 2 : 0;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct be_probe_caps *c = (struct be_probe_caps *)user;
	int dir = direction(c, bytes, h->caplen);

	if (dir == 1) {
		c->cur->request++;
	} else if (dir == 2) {
		c->cur->reply++;
	}
}

void be_probe_caps_drain(struct be_probe_caps *c, struct nst_reach_observed *o)
{
	if (!c) {
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct one_cap *k = &c->v[i];
		c->cur = &o->caps[k->idx];
		c->dlt_cur = k->dlt;
		for (int round = 0; round < DRAIN_ROUNDS; round++) {
			int n = pcap_dispatch(k->p, -1, on_packet, (u_char *)c);
			if (n == PCAP_ERROR) {
				/* the device went away during the probe: what was counted stays, and why it ended */
				c->cur->error = xasprintf("the capture ended: %s", pcap_geterr(k->p));
				break;
			}
			if (n <= 0) {
				break;
			}
		}
		struct pcap_stat st;
		if (!c->cur->error && pcap_stats(k->p, &st) == 0 && st.ps_drop > 0) {
			c->cur->error = xasprintf("the kernel dropped %u captured packets: the counts may be short",
						  st.ps_drop);
		}
	}
	c->cur = NULL;
}

static void *close_one(void *arg)
{
	pcap_close(arg);
	return NULL;
}

/* Closing a packet socket waits for a grace period too (some 25 ms): on a thread each, as they opened. */
void be_probe_caps_close(struct be_probe_caps *c)
{
	pthread_t t[NST_PROBE_MAX_CAPTURES];
	bool started[NST_PROBE_MAX_CAPTURES] = { false };

	if (!c) {
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		started[i] = pthread_create(&t[i], NULL, close_one, c->v[i].p) == 0;
		if (!started[i]) {
			pcap_close(c->v[i].p);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		if (started[i]) {
			pthread_join(t[i], NULL);
		}
	}
	free(c);
}
