/* SPDX-License-Identifier: MIT */
/* Human units for rates: "0 bit/s", "12.3 kbit/s", "1.21 Gbit/s", "340 pkt/s". */
#pragma once
#include <stddef.h>

/* SI prefixes (k = 1000), as iproute2 and most network tools print rates. */
const char *nst_format_bits(double bits_per_s, char *buf, size_t len);
const char *nst_format_packets(double pkts_per_s, char *buf, size_t len);
/* Byte counts with binary prefixes: "0 B", "1.5 KiB", "3.2 GiB". */
const char *nst_format_bytes(unsigned long long bytes, char *buf, size_t len);
/* Compact SI number for a table column: "0", "980", "1.23k", "45.6M". */
const char *nst_format_si(double v, char *buf, size_t len);
