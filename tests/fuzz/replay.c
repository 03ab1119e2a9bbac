/*
 * replay: run a libFuzzer target's entry point over files, without
 * libFuzzer, so that `make check` (built by gcc, with or without
 * SANITIZE) replays every seed and every past crash reproducer.
 *
 *   replay FILE...
 *
 * Each file is one input.  The target aborts on a violated property; a
 * clean run exits 0 after printing how many inputs it replayed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			unsigned char *q;

			cap = cap ? cap * 2 : 4096;
			q = realloc(p, cap);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(p);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return p;
}

int main(int argc, char **argv)
{
	int i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		size_t len = 0;
		unsigned char *p = slurp(argv[i], &len);

		if (!p) {
			perror(argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(p, len);
		free(p);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
