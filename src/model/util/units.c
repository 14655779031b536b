/* SPDX-License-Identifier: MIT */
/* Rate and size formatting with three significant digits, short enough for a column. */
#include "units.h"

#include <stdio.h>

static const char *scaled(double v, double base, const char *const *units, size_t n_units,
			  const char *suffix, char *buf, size_t len)
{
	size_t u = 0;

	if (v < 0) {
		v = 0;
	}
	while (v >= base && u + 1 < n_units) {
		v /= base;
		u++;
	}
	const char *sep = *suffix ? " " : "";

	if (u == 0) {
		snprintf(buf, len, "%.0f%s%s%s", v, sep, units[0], suffix);
	} else if (v < 10) {
		snprintf(buf, len, "%.2f%s%s%s", v, sep, units[u], suffix);
	} else if (v < 100) {
		snprintf(buf, len, "%.1f%s%s%s", v, sep, units[u], suffix);
	} else {
		snprintf(buf, len, "%.0f%s%s%s", v, sep, units[u], suffix);
	}
	return buf;
}

const char *nst_format_bits(double bits_per_s, char *buf, size_t len)
{
	static const char *const si[] = { "", "k", "M", "G", "T" };
	return scaled(bits_per_s, 1000.0, si, 5, "bit/s", buf, len);
}

const char *nst_format_packets(double pkts_per_s, char *buf, size_t len)
{
	static const char *const si[] = { "", "k", "M", "G" };
	return scaled(pkts_per_s, 1000.0, si, 4, "pkt/s", buf, len);
}

const char *nst_format_bytes(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const iec[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi" };
	return scaled((double)bytes, 1024.0, iec, 6, "B", buf, len);
}

const char *nst_format_si(double v, char *buf, size_t len)
{
	static const char *const si[] = { "", "k", "M", "G", "T" };
	return scaled(v, 1000.0, si, 5, "", buf, len);
}
