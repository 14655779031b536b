/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the /proc and container-config parsers
 * (procparse.c): every line of the input as a mountinfo line, the whole
 * input as /proc/PID/cgroup and as Docker's config.v2.json, and the rest
 * after the first line as Podman's containers.json looked up by that line's
 * id. Outputs go to exact-size heap buffers, large and tiny, so a write or
 * read one byte out is an ASan report; each must come back NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a found result must be a C string inside its buffer */
static void check_str(const char *s, size_t len)
{
	if (!memchr(s, '\0', len)) {
		abort();
	}
}

static void try_all(const char *text, const char *id, const char *rest, size_t len)
{
	static const size_t sizes[] = { 4096, 8, 1 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		char *a = malloc(n), *b = malloc(n);
		uint64_t ino = 0;

		/* the backend hands mountinfo over line by line, newline kept (getline) */
		for (const char *line = text; line < text + len;) {
			const char *eol = memchr(line, '\n', (size_t)(text + len - line));
			size_t ll = eol ? (size_t)(eol - line) + 1 : (size_t)(text + len - line);
			char *copy = malloc(ll + 1);
			memcpy(copy, line, ll);
			copy[ll] = '\0';
			if (nst_mountinfo_parse_netns(copy, &ino, a, n)) {
				check_str(a, n);
			}
			free(copy);
			line += ll;
		}
		if (nst_cgroup_container(text, a, n, b, n)) {
			check_str(a, n);
			check_str(b, n);
		}
		if (nst_docker_config_name(text, a, n)) {
			check_str(a, n);
		}
		if (nst_podman_container_name(rest, id, a, n)) {
			check_str(a, n);
		}
		free(a);
		free(b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* /proc text has no NUL: the parsers see what strlen sees */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	size_t len = strlen(text);

	const char *nl = memchr(text, '\n', len);
	size_t idn = nl ? (size_t)(nl - text) : len;
	char *id = malloc(idn + 1);
	memcpy(id, text, idn);
	id[idn] = '\0';
	try_all(text, id, nl ? nl + 1 : text + len, len);
	free(id);
	free(text);
	return 0;
}
