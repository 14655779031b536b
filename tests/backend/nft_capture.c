/* SPDX-License-Identifier: MIT */
/*
 * Prints every nf_tables rule of the current network namespace as one hex
 * line (the raw NEWRULE netlink message), for decoder fixtures:
 *   tests/sandbox.sh sh -c 'nft ...; build/tests/backend/nft_capture'
 */
#include <libmnl/libmnl.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <time.h>

static int print_msg(const struct nlmsghdr *nlh, void *data)
{
	const unsigned char *p = (const unsigned char *)nlh;

	(void)data;
	for (uint32_t i = 0; i < nlh->nlmsg_len; i++) {
		printf("%02x", p[i]);
	}
	putchar('\n');
	return MNL_CB_OK;
}

int main(void)
{
	char buf[32768];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	uint32_t seq = (uint32_t)time(NULL);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl");
		return 1;
	}
	struct nlmsghdr *nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("send");
		return 1;
	}
	int rc;
	while ((rc = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)rc, seq, mnl_socket_get_portid(nl), print_msg, NULL);
		if (rc <= MNL_CB_STOP) {
			break;
		}
	}
	mnl_socket_close(nl);
	return rc < 0 ? 1 : 0;
}
