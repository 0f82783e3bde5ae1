/* jsonc_baseline.c — what a user gets from json-c alone, the yardstick of
 * `make bench`.
 *
 *   jsonc_baseline stream FILE   single thread: read 1 MiB chunks, let one
 *                                json_tokener parse each array element in
 *                                turn (it stops at the element's end), free it.
 *                                No scanner, no extraction: only parse + free.
 *   jsonc_baseline tree FILE     json_object_from_file: the whole array as one
 *                                json-c tree.
 *
 * Prints one line: mode, seconds, elements, MB/s, peak RSS in MB.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#define CHUNK (1 << 20)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static int blank(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Returns elements parsed, or -1. */
static long long stream(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	char *buf = malloc(CHUNK);
	json_tokener *tok = json_tokener_new();
	long long n = 0;
	int state = 0; /* 0 before '[', 1 between elements, 2 inside one, 3 done */
	ssize_t got;
	while (state != 3 && (got = read(fd, buf, CHUNK)) > 0) {
		ssize_t i = 0;
		while (i < got && state != 3) {
			if (state == 0) {
				if (buf[i++] == '[')
					state = 1;
				continue;
			}
			if (state == 1) {
				if (blank(buf[i]) || buf[i] == ',') {
					i++;
					continue;
				}
				if (buf[i] == ']') {
					state = 3;
					break;
				}
				state = 2;
			}
			json_object *o = json_tokener_parse_ex(tok, buf + i, (int)(got - i));
			enum json_tokener_error e = json_tokener_get_error(tok);
			if (e == json_tokener_continue) {
				i = got; /* element continues in the next chunk */
				continue;
			}
			i += json_tokener_get_parse_end(tok);
			json_tokener_reset(tok);
			if (e != json_tokener_success) {
				fprintf(stderr, "jsonc_baseline: %s: %s\n", path, json_tokener_error_desc(e));
				n = -1;
				state = 3;
				break;
			}
			json_object_put(o);
			n++;
			state = 1;
		}
	}
	json_tokener_free(tok);
	free(buf);
	close(fd);
	return n;
}

static long long tree(const char *path)
{
	json_object *o = json_object_from_file(path);
	if (!o)
		return -1;
	long long n = (long long)json_object_array_length(o);
	json_object_put(o);
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "stream") && strcmp(argv[1], "tree"))) {
		fprintf(stderr, "usage: jsonc_baseline stream|tree FILE\n");
		return 2;
	}
	struct stat st;
	if (stat(argv[2], &st) != 0) {
		fprintf(stderr, "jsonc_baseline: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	double t0 = now();
	long long n = strcmp(argv[1], "stream") == 0 ? stream(argv[2]) : tree(argv[2]);
	double dt = now() - t0;
	if (n < 0) {
		fprintf(stderr, "jsonc_baseline: %s: parse failed\n", argv[2]);
		return 1;
	}
	printf("jsonc-%s %.3f s %lld elements %.1f MB/s peak RSS %.1f MB\n", argv[1], dt, n,
		(double)st.st_size / 1e6 / dt, peak_rss_mb());
	return 0;
}
