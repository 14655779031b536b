/* SPDX-License-Identifier: MIT */
/*
 * libpcap in a namespace: pcap_create/activate run after setns into the
 * interface's namespace, so the packet socket is made and bound there; then
 * nstop returns to its own namespace and the socket keeps capturing. The fd
 * is non-blocking and joins the caller's poll loop: no thread, no blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "be_internal.h"
#include "capture.h"
#include "live.h"

#define SNAPLEN 262144         /* whole frames (veth GSO frames reach 64 KiB), as tcpdump takes them */
#define BUFFER_BYTES (8 << 20) /* kernel ring: room for bursts while the UI draws */
#define TIMEOUT_MS 20          /* the longest a packet waits in the kernel before poll() says so */

struct be_capture {
	pcap_t *p;
	int fd, dlt;
	pcap_dumper_t *dump; /* --write, or NULL */
	/* dispatch state for the pcap callback */
	struct nst_pkt_ring *ring;
	void (*on_pkt)(void *ctx, const struct nst_pkt *p);
	void *ctx;
};

static int compile_and_set(pcap_t *p, const char *filter, struct be_error *err)
{
	struct bpf_program prog;

	if (pcap_compile(p, &prog, filter ? filter : "", 1, PCAP_NETMASK_UNKNOWN) < 0) {
		be_error_set(err, -EINVAL, "bad filter '%s': %s", filter ? filter : "", pcap_geterr(p));
		return -EINVAL;
	}
	int rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc < 0) {
		be_error_set(err, -EINVAL, "cannot set filter '%s': %s", filter, pcap_geterr(p));
		return -EINVAL;
	}
	return 0;
}

/* Make and activate the handle; call while inside the interface's namespace. */
static pcap_t *activate(const char *ifname, struct be_error *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(ifname, ebuf);

	if (!p) {
		be_error_set(err, -ENODEV, "%s: %s", ifname, ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, SNAPLEN);
	pcap_set_promisc(p, 0);
	/*
	 * Not immediate mode: with it libpcap uses a ring of fixed snaplen-sized
	 * slots, and 8 MiB held 32 packets (a flood dropped most of them). Block
	 * mode packs packets tightly; the timeout bounds the wait to 20 ms.
	 */
	pcap_set_timeout(p, TIMEOUT_MS);
	pcap_set_buffer_size(p, BUFFER_BYTES);
	int rc = pcap_activate(p);
	if (rc < 0) {
		/* PCAP_ERROR_NO_SUCH_DEVICE and friends: pcap_geterr has the details */
		const char *why = rc == PCAP_ERROR_NO_SUCH_DEVICE ? "no such interface"
				  : rc == PCAP_ERROR_PERM_DENIED ? "permission denied (capturing needs CAP_NET_RAW)"
				  : pcap_statustostr(rc);
		be_error_set(err, rc == PCAP_ERROR_PERM_DENIED ? -EPERM : -ENODEV, "%s: %s", ifname,
			     *pcap_geterr(p) ? pcap_geterr(p) : why);
		pcap_close(p);
		return NULL;
	}
	return p;
}

bool be_pcap_pseudo_name(const char *ifname)
{
	static const char *const prefixes[] = { "any", "nflog", "nfqueue", "dbus", "usbmon", "bluetooth", "rdma",
						"dag", "snf", "septel", "netmap", "vale", "dpdk" };

	if (strchr(ifname, ':')) {
		return true;
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (strncmp(ifname, prefixes[i], strlen(prefixes[i])) == 0) {
			return true;
		}
	}
	return false;
}

int be_capture_open(struct be_live *live, struct nst_ns_id ns, const char *ifname, const char *filter,
		    struct be_capture **out, struct be_error *err)
{
	struct be_ns_list *list = be_live_nslist(live);
	struct be_ns *b = be_ns_list_find(list, ns);

	*out = NULL;
	if (be_pcap_pseudo_name(ifname)) {
		be_error_set(err, -EINVAL, "%s: libpcap takes this name for a capture source of its own, not a "
			     "network device; nstop does not capture it", ifname);
		return -EINVAL;
	}
	if (!b || b->fd < 0) {
		be_error_set(err, -ENOENT, "the namespace of %s is gone", ifname);
		return -ENOENT;
	}
	if (!b->self && be_enter_ns(b->fd, err) < 0) {
		return err->code;
	}
	pcap_t *p = activate(ifname, err);
	if (!b->self) {
		be_leave_ns(list->self_fd);
	}
	if (!p) {
		return err->code;
	}
	if ((filter && *filter && compile_and_set(p, filter, err) < 0) || pcap_setnonblock(p, 1, pcap_geterr(p)) < 0) {
		if (!err->msg[0]) {
			be_error_set(err, -EIO, "%s: %s", ifname, pcap_geterr(p));
		}
		pcap_close(p);
		return err->code ? err->code : -EIO;
	}
	struct be_capture *c = calloc(1, sizeof(*c));
	if (!c) {
		pcap_close(p);
		be_error_set(err, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	c->p = p;
	c->fd = pcap_get_selectable_fd(p);
	c->dlt = pcap_datalink(p);
	*out = c;
	return 0;
}

void be_capture_close(struct be_capture *c)
{
	if (!c) {
		return;
	}
	if (c->dump) {
		pcap_dump_close(c->dump);
	}
	pcap_close(c->p);
	free(c);
}

int be_capture_fd(const struct be_capture *c)
{
	return c->fd;
}

int be_capture_dlt(const struct be_capture *c)
{
	return c->dlt;
}

const char *be_capture_dlt_name(const struct be_capture *c)
{
	const char *name = pcap_datalink_val_to_name(c->dlt);
	return name ? name : "unknown";
}

int be_capture_set_filter(struct be_capture *c, const char *filter, struct be_error *err)
{
	return compile_and_set(c->p, filter, err);
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct be_capture *c = (struct be_capture *)user;

	if (c->dump) {
		pcap_dump((u_char *)c->dump, h, bytes);
	}
	const struct nst_pkt *p = nst_pkt_ring_push(c->ring, c->dlt, (int64_t)h->ts.tv_sec, (int32_t)h->ts.tv_usec,
						    bytes, h->caplen, h->len);
	if (c->on_pkt) {
		c->on_pkt(c->ctx, p);
	}
}

int be_capture_dispatch(struct be_capture *c, struct nst_pkt_ring *ring, int max,
			void (*on_pkt)(void *ctx, const struct nst_pkt *p), void *ctx, struct be_error *err)
{
	c->ring = ring;
	c->on_pkt = on_pkt;
	c->ctx = ctx;
	int n = pcap_dispatch(c->p, max > 0 ? max : -1, on_packet, (u_char *)c);
	if (c->dump) {
		pcap_dump_flush(c->dump);
	}
	if (n == PCAP_ERROR) {
		/* e.g. "The interface disappeared": the link or its namespace is gone */
		be_error_set(err, -ENODEV, "%s", pcap_geterr(c->p));
		return -1;
	}
	return n < 0 ? 0 : n;
}

int be_capture_stats(struct be_capture *c, struct be_capture_stats *st)
{
	struct pcap_stat ps;

	if (pcap_stats(c->p, &ps) < 0) {
		return -EIO;
	}
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	return 0;
}

/* A new file only: saving over something (a typo, /etc/passwd as root) must not happen. */
static FILE *create_new(const char *path, struct be_error *err)
{
	int fd = be_create_file(path, err);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;

	if (fd >= 0 && !f) {
		be_error_set(err, -errno, "cannot write %s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

int be_capture_write_to(struct be_capture *c, const char *path, struct be_error *err)
{
	FILE *f = create_new(path, err);

	if (!f) {
		return err->code;
	}
	c->dump = pcap_dump_fopen(c->p, f);
	if (!c->dump) {
		be_error_set(err, -EIO, "cannot write %s: %s", path, pcap_geterr(c->p));
		fclose(f);
		return -EIO;
	}
	return 0;
}

int be_pcap_save(const struct nst_pkt_ring *ring, int dlt, const char *path, struct be_error *err)
{
	pcap_t *dead = pcap_open_dead(dlt, SNAPLEN);
	FILE *f = dead ? create_new(path, err) : NULL;
	pcap_dumper_t *d = f ? pcap_dump_fopen(dead, f) : NULL;

	if (!d) {
		if (f) {
			be_error_set(err, -EIO, "cannot write %s: %s", path, pcap_geterr(dead));
			fclose(f);
		} else if (!dead) {
			be_error_set(err, -ENOMEM, "out of memory");
		}
		if (dead) {
			pcap_close(dead);
		}
		return err->code ? err->code : -EIO;
	}
	for (size_t i = 0; i < ring->n; i++) {
		const struct nst_pkt *p = nst_pkt_ring_at(ring, i);
		struct pcap_pkthdr h = { .caplen = p->caplen, .len = p->wirelen };

		h.ts.tv_sec = (time_t)p->sec;
		h.ts.tv_usec = (suseconds_t)p->usec;
		pcap_dump((u_char *)d, &h, p->data);
	}
	int rc = pcap_dump_flush(d);
	pcap_dump_close(d);
	pcap_close(dead);
	if (rc < 0) {
		be_error_set(err, -EIO, "cannot write %s", path);
		return -EIO;
	}
	return 0;
}
