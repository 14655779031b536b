/* SPDX-License-Identifier: MIT */
/* Whether this process may edit the network: CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

#define CAP_NET_ADMIN_BIT 12
#define CAP_SYS_ADMIN_BIT 21

bool be_can_edit(char *reason, size_t len)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long eff = 0;
	bool found = false;

	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "CapEff: %llx", &eff) == 1) {
				found = true;
				break;
			}
		}
		fclose(f);
	}
	if (!found) {
		snprintf(reason, len, "cannot read this process's capabilities");
		return false;
	}
	if (!(eff & (1ULL << CAP_NET_ADMIN_BIT)) || !(eff & (1ULL << CAP_SYS_ADMIN_BIT))) {
		snprintf(reason, len, "nstop runs without CAP_NET_ADMIN/CAP_SYS_ADMIN (uid %u): run it as root to edit",
			 (unsigned)geteuid());
		return false;
	}
	reason[0] = '\0';
	return true;
}
