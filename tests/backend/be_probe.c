/* SPDX-License-Identifier: MIT */
/*
 * Drives single backend functions against real kernel objects, for
 * backend_roundtrip.sh (run inside tests/sandbox.sh):
 *   be_probe ethtool IFNAME         prints the veth's peer_ifindex (ethtool fallback)
 *   be_probe nsid NSFILE            prints the nsid our namespace gives NSFILE's, or -1
 *   be_probe nat-counters           reads our namespace's NAT records (one per path) and prints
 *                                   "HANDLE HOOK PACKETS" for each; after a line on stdin samples
 *                                   the counters (be_nft_sample_counters) and prints them again
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/socket.h>

#include "be_internal.h"

static int probe_ethtool(const char *ifname)
{
	int peer = 0;
	int rc = be_ethtool_peer_ifindex(ifname, &peer);

	if (rc < 0) {
		fprintf(stderr, "be_ethtool_peer_ifindex(%s): %s\n", ifname, strerror(-rc));
		return 1;
	}
	printf("%d\n", peer);
	return 0;
}

static int probe_nsid(const char *path)
{
	struct be_ns self = { .name = "/" };
	struct be_error err = { 0 };
	int32_t nsid = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	if (be_rtnl_open(&self, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		close(fd);
		return 1;
	}
	int rc = be_nsid_query(self.sk, fd, &nsid);
	nl_socket_free(self.sk);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "be_nsid_query: %s\n", strerror(-rc));
		return 1;
	}
	printf("%d\n", nsid);
	return 0;
}

static void print_nat(const struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_nat; i++) {
		printf("%llu %s %llu\n", (unsigned long long)ns->nat[i].handle, ns->nat[i].hook,
		       (unsigned long long)ns->nat[i].packets);
	}
	fflush(stdout);
}

static int probe_nat_counters(void)
{
	struct be_ns self = { .name = "/" };
	struct nst_ns ns = { 0 };
	char line[16];
	int rc = be_nft_open(&self);

	if (rc == 0) {
		rc = be_nft_read(&self, &ns);
	}
	if (rc < 0) {
		fprintf(stderr, "be_nft_read: %s\n", strerror(-rc));
		return 1;
	}
	print_nat(&ns);
	if (!fgets(line, sizeof(line), stdin)) {
		return 1;
	}
	rc = be_nft_sample_counters(&self, &ns);
	if (rc < 0) {
		fprintf(stderr, "be_nft_sample_counters: %s\n", strerror(-rc));
		return 1;
	}
	printf("changed %d\n", rc);
	print_nat(&ns);
	be_nft_close(self.nft);
	free(ns.nat);
	nst_fw_clear(&ns.fw);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "nat-counters") == 0) {
		return probe_nat_counters();
	}
	if (argc == 3 && strcmp(argv[1], "ethtool") == 0) {
		return probe_ethtool(argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "nsid") == 0) {
		return probe_nsid(argv[2]);
	}
	fprintf(stderr, "usage: be_probe ethtool IFNAME | nsid NSFILE | nat-counters\n");
	return 2;
}
