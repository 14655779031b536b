/* SPDX-License-Identifier: MIT */
/*
 * Listen port and peer count of each wireguard link, asked of generic netlink
 * on a socket made inside the link's namespace (be_ns_read runs there): the
 * family's id (CTRL_CMD_GETFAMILY "wireguard"), then one WG_CMD_GET_DEVICE
 * dump per link, parsed by be_kind_wireguard.c. Only asked when a namespace
 * has a wireguard link: then the family exists, and the question never makes
 * the kernel load a module.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/wireguard.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "be_internal.h"
#include "be_kinds.h"

union genl_req {
	struct nlmsghdr h;
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + 64];
};

/* A request of type for command cmd, its one attribute added by the caller with mnl_attr_put. */
static struct nlmsghdr *genl_req(union genl_req *r, uint16_t type, uint8_t cmd, uint8_t version)
{
	memset(r, 0, sizeof(*r));
	struct nlmsghdr *h = mnl_nlmsg_put_header(r->buf);
	h->nlmsg_type = type;
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return h;
}

static int family_msg(const struct nlmsghdr *h, void *arg)
{
	return be_genl_parse_family(h, WG_GENL_NAME, arg);
}

struct device_ctx {
	uint16_t family;
	struct be_wg_dump d;
};

static int device_msg(const struct nlmsghdr *h, void *arg)
{
	struct device_ctx *c = arg;
	return be_wg_parse_device(h, c->family, &c->d);
}

static void device_reset(void *arg)
{
	struct device_ctx *c = arg;
	int ifindex = c->d.ifindex;

	memset(&c->d, 0, sizeof(c->d));
	c->d.ifindex = ifindex;
}

static int read_device(int fd, uint16_t family, struct nst_link *l, uint64_t *dropped)
{
	static const struct be_dump_ops ops = { device_msg, device_reset };
	struct device_ctx c = { family, { .ifindex = l->ifindex } };
	union genl_req r;
	struct nlmsghdr *h = genl_req(&r, family, WG_CMD_GET_DEVICE, WG_GENL_VERSION);

	mnl_attr_put_u32(h, WGDEVICE_A_IFINDEX, (uint32_t)l->ifindex);
	int rc = be_nl_dump(fd, h, &ops, &c, dropped);
	if (rc == 0) {
		be_wg_dump_info(&c.d, &l->info);
	}
	return rc;
}

static void warn_all(struct nst_ns *ns, const char *what, int rc)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		if (nst_link_is(&ns->links[i], NST_KIND_WIREGUARD)) {
			nst_strv_addf(&ns->links[i].warnings, "wireguard listen port and peers not read: %s: %s", what,
				      strerror(-rc));
		}
	}
}

void be_wg_read(struct be_ns *b, struct nst_ns *ns)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->n_links; i++) {
		n += nst_link_is(&ns->links[i], NST_KIND_WIREGUARD);
	}
	if (n == 0) {
		return;
	}
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl) {
		warn_all(ns, "generic netlink socket", -errno);
		return;
	}
	int rc = mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ? -errno : be_nl_connect_kernel(mnl_socket_get_fd(nl));
	uint16_t family = 0;
	if (rc == 0) {
		union genl_req r;
		struct nlmsghdr *h = genl_req(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
		mnl_attr_put_strz(h, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
		rc = be_nl_request(mnl_socket_get_fd(nl), h, family_msg, &family, &b->dropped, NULL, 0);
		if (rc == 0 && family == 0) {
			rc = -EBADMSG; /* acknowledged without a family message we could read */
		}
	}
	if (rc == -ENOENT) {
		/* no wireguard in this kernel (a link of that kind from a captured message): nothing to say */
		mnl_socket_close(nl);
		return;
	}
	if (rc < 0) {
		warn_all(ns, "generic netlink family", rc);
		mnl_socket_close(nl);
		return;
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		struct nst_link *l = &ns->links[i];
		if (!nst_link_is(l, NST_KIND_WIREGUARD)) {
			continue;
		}
		rc = read_device(mnl_socket_get_fd(nl), family, l, &b->dropped);
		if (rc < 0 && rc != -ENODEV) { /* ENODEV: it went since the link dump; the next read drops it */
			nst_strv_addf(&l->warnings, "wireguard listen port and peers not read: %s", strerror(-rc));
		}
	}
	mnl_socket_close(nl);
}
