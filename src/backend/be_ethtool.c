/* SPDX-License-Identifier: MIT */
/*
 * `ethtool -S vethY` → peer_ifindex: the fallback when a veth's message has
 * no IFLA_LINK. Must run inside the link's namespace (the ioctl socket is
 * made there). Strings and stats are read into local buffers sized by the
 * count the kernel gave.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be_internal.h"
#include "xalloc.h"

static int ethtool_ioctl(int fd, const char *ifname, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = data;
	return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

int be_ethtool_peer_ifindex(const char *ifname, int *peer_ifindex)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (fd < 0) {
		return -errno;
	}
	/* ethtool_sset_info ends in a flexible array: one u32 follows it for one set. */
	struct ethtool_sset_info hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_STATS };
	uint64_t buf[(sizeof(hdr) + sizeof(uint32_t) + 7) / 8] = { 0 };
	uint32_t n = 0;

	memcpy(buf, &hdr, sizeof(hdr));
	rc = ethtool_ioctl(fd, ifname, buf);
	memcpy(&hdr, buf, sizeof(hdr));
	if (rc < 0 || !(hdr.sset_mask & (1ULL << ETH_SS_STATS))) {
		close(fd);
		return rc < 0 ? rc : -EOPNOTSUPP;
	}
	memcpy(&n, (const char *)buf + sizeof(hdr), sizeof(n));
	if (n == 0 || n > 4096) {
		close(fd);
		return -EOPNOTSUPP;
	}
	struct ethtool_gstrings *strs = xcalloc(1, sizeof(*strs) + (size_t)n * ETH_GSTRING_LEN);
	struct ethtool_stats *stats = xcalloc(1, sizeof(*stats) + (size_t)n * sizeof(uint64_t));

	strs->cmd = ETHTOOL_GSTRINGS;
	strs->string_set = ETH_SS_STATS;
	strs->len = n;
	stats->cmd = ETHTOOL_GSTATS;
	stats->n_stats = n;
	rc = ethtool_ioctl(fd, ifname, strs);
	if (rc == 0) {
		rc = ethtool_ioctl(fd, ifname, stats);
	}
	if (rc == 0) {
		rc = -ENOENT;
		for (uint32_t i = 0; i < n && i < strs->len && i < stats->n_stats; i++) {
			char name[ETH_GSTRING_LEN + 1];

			memcpy(name, strs->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
			name[ETH_GSTRING_LEN] = '\0';
			if (strcmp(name, "peer_ifindex") == 0) {
				*peer_ifindex = (int)stats->data[i];
				rc = 0;
				break;
			}
		}
	}
	free(strs);
	free(stats);
	close(fd);
	return rc;
}
