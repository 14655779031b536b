/* SPDX-License-Identifier: MIT */
/* Golden-file comparison for unit tests: UNIT_GOLDEN_DIR holds the files, GENERATE=1 rewrites them. */
#include "golden.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f) {
		return NULL;
	}
	FILE *mem = open_memstream(&buf, &len);
	int c;
	while ((c = fgetc(f)) != EOF) {
		fputc(c, mem);
	}
	fclose(mem);
	fclose(f);
	return buf;
}

void check_golden(const char *name, const char *actual)
{
	const char *dir = getenv("UNIT_GOLDEN_DIR");
	char path[1024];

	if (!dir) {
		fprintf(stderr, "UNIT_GOLDEN_DIR is not set\n");
		unit_failures++;
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (getenv("GENERATE")) {
		FILE *f = fopen(path, "w");
		CHECK(f != NULL);
		if (f) {
			fputs(actual, f);
			fclose(f);
		}
		return;
	}
	char *expected = read_file(path);
	if (!expected || strcmp(expected, actual) != 0) {
		fprintf(stderr, "%s differs from the golden file\n--- expected\n%s\n--- actual\n%s\n", path,
			expected ? expected : "(missing)", actual);
		unit_failures++;
	}
	free(expected);
}
