/* SPDX-License-Identifier: MIT */
/*
 * Prints every nf_tables set of the current network namespace and its
 * elements as hex lines (the raw NEWSET, then that set's NEWSETELEM
 * messages), for the set parsers' fixtures and fuzz seeds:
 *   tests/sandbox.sh sh -c 'nft -f ...; build/tests/backend/nft_set_capture'
 */
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct set_name {
	unsigned char family;
	char table[256], name[256];
};

static struct set_name sets[4096];
static size_t n_sets;

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	if (mnl_attr_get_type(a) <= NFTA_SET_MAX) {
		tb[mnl_attr_get_type(a)] = a;
	}
	return MNL_CB_OK;
}

static int print_msg(const struct nlmsghdr *nlh, void *data)
{
	const unsigned char *p = (const unsigned char *)nlh;
	const struct nlattr *tb[NFTA_SET_MAX + 1] = { 0 };

	printf("%s ", (const char *)data);
	for (uint32_t i = 0; i < nlh->nlmsg_len; i++) {
		printf("%02x", p[i]);
	}
	putchar('\n');
	if (strcmp(data, "set") == 0 && n_sets < sizeof(sets) / sizeof(sets[0])) {
		const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
		mnl_attr_parse(nlh, sizeof(*g), attr_cb, tb);
		if (tb[NFTA_SET_TABLE] && tb[NFTA_SET_NAME]) {
			struct set_name *s = &sets[n_sets++];
			s->family = g->nfgen_family;
			snprintf(s->table, sizeof(s->table), "%s", mnl_attr_get_str(tb[NFTA_SET_TABLE]));
			snprintf(s->name, sizeof(s->name), "%s", mnl_attr_get_str(tb[NFTA_SET_NAME]));
		}
	}
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl, uint8_t type, const struct set_name *s, const char *tag)
{
	static char buf[65536];
	uint32_t seq = (uint32_t)time(NULL) + (uint32_t)n_sets * 7u + type;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g->nfgen_family = s ? s->family : NFPROTO_UNSPEC;
	g->version = NFNETLINK_V0;
	if (s) {
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, s->table);
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, s->name);
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("send");
		return -1;
	}
	int rc;
	while ((rc = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)rc, seq, mnl_socket_get_portid(nl), print_msg, (void *)tag);
		if (rc <= MNL_CB_STOP) {
			break;
		}
	}
	return rc < 0 ? -1 : 0;
}

int main(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl");
		return 1;
	}
	if (dump(nl, NFT_MSG_GETSET, NULL, "set") < 0) {
		return 1;
	}
	size_t n = n_sets;
	for (size_t i = 0; i < n; i++) {
		if (dump(nl, NFT_MSG_GETSETELEM, &sets[i], "elem") < 0) {
			return 1;
		}
	}
	mnl_socket_close(nl);
	return 0;
}
