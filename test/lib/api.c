// SPDX-License-Identifier: GPL-2.0-only
/*
 * libdaxctl as its embedders use it (libndctl, libcxl, ndctl's daxctl):
 * reference counts, daxctl_new_region() on a known path, iteration order,
 * the memory object, the memmap_on_memory calls and error returns. Runs
 * inside test/fixture/nsrun.sh on a captured tree:
 *   api hmem-online   (kmem device, 5 of 8 blocks online movable)
 *   api k61-boot      (Linux 6.1: devdax, no memmap_on_memory attribute)
 *   api kmem-unplugged (Linux 7.x: dax0.0/state "unplugged", no blocks)
 *   api users-devzero (dax0.0/dev names /dev/zero: the users scan)
 * Prints TAP-like lines and "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <libdaxctl.h>

static int passed, failed;

#define CHECK(cond) check(!!(cond), #cond, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (ok)
		passed++;
	else
		failed++;
	printf("%s %d - %s (line %d)\n", ok ? "ok" : "not ok",
			passed + failed, what, line);
}

static int logged;

static void count_log(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	logged++;
}

static void test_ctx(struct daxctl_ctx *ctx)
{
	static char conf[] = "/nonexistent/daxctl.conf.d";
	int token;

	CHECK(daxctl_ref(ctx) == ctx);
	daxctl_unref(ctx);
	CHECK(daxctl_ref(NULL) == NULL);
	daxctl_unref(NULL);
	CHECK(daxctl_get_log_priority(ctx) == LOG_ERR);
	daxctl_set_userdata(ctx, &token);
	CHECK(daxctl_get_userdata(ctx) == &token);
	CHECK(daxctl_set_config_path(ctx, NULL) == -EINVAL);
	CHECK(daxctl_set_config_path(ctx, conf) == 0);
	CHECK(daxctl_get_config_path(ctx) == conf);
	CHECK(daxctl_new(NULL) == -EINVAL);
}

/* libcxl and libndctl register regions by path; the scan must not duplicate them. */
static void test_regions(struct daxctl_ctx *ctx)
{
	uuid_t u = { 0xde, 0xad, 0xbe, 0xef }, got;
	struct daxctl_region *r, *again;
	int n = 0, prev = -1;

	daxctl_region_foreach(ctx, r) {
		CHECK(daxctl_region_get_id(r) > prev);
		prev = daxctl_region_get_id(r);
		n++;
	}
	CHECK(n == 1);
	r = daxctl_region_get_first(ctx);
	again = daxctl_new_region(ctx, daxctl_region_get_id(r), u,
			daxctl_region_get_path(r));
	CHECK(again == r);
	daxctl_region_get_uuid(r, got);
	CHECK(!memcmp(got, u, sizeof(uuid_t)));
	daxctl_region_ref(r);
	daxctl_region_unref(r);
	daxctl_region_unref(again);	/* balanced: the ctx still owns it */
	CHECK(daxctl_region_get_first(ctx) == r);
	CHECK(daxctl_region_get_ctx(r) == ctx);
	CHECK(!strcmp(daxctl_region_get_devname(r), "hmem.0"));
	CHECK(daxctl_region_get_size(r) == 1ULL << 30);
	CHECK(daxctl_new_region(ctx, 0, u, NULL) == NULL);
}

static void test_kmem_dev(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	struct daxctl_mapping *m = daxctl_mapping_get_first(dev);

	CHECK(daxctl_dev_is_enabled(dev) == 1);
	CHECK(daxctl_dev_is_system_ram_capable(dev));
	CHECK(m && daxctl_mapping_get_size(m) == 1ULL << 30);
	CHECK(m && daxctl_mapping_get_next(m) == NULL);
	CHECK(mem != NULL);
	if (!mem)
		return;
	CHECK(daxctl_memory_get_dev(mem) == dev);
	CHECK(daxctl_memory_get_block_size(mem) == 128UL << 20);
	CHECK(!strcmp(daxctl_memory_get_node_path(mem),
				"/sys/devices/system/node/node1"));
	CHECK(daxctl_memory_num_sections(mem) == 8);
	CHECK(daxctl_memory_is_online(mem) == 5);
	CHECK(daxctl_dev_has_online_memory(dev) == 5);
	CHECK(daxctl_memory_zone_count(mem, DAXCTL_ZONE_MOVABLE) == 5);
	CHECK(daxctl_memory_zone_count(mem, DAXCTL_ZONE_COUNT) == -EINVAL);
	/* like ndctl's: no answer while blocks are offline */
	CHECK(daxctl_memory_is_movable(mem) == -ENXIO);
	CHECK(daxctl_memory_get_memmap_size(mem) == (1ULL << 30) / 64);
	CHECK(daxctl_dev_get_memmap_on_memory(dev) == 0);
	CHECK(daxctl_dev_get_usable_ram_size(dev) == 1ULL << 30);
	CHECK(daxctl_dev_will_auto_online_memory(dev) == 0);
	CHECK(daxctl_memory_get_failed_block(mem) == -1);
	CHECK(daxctl_dev_get_memory(dev) == mem);	/* one object per device */
}

static void test_devdax_61(struct daxctl_dev *dev)
{
	CHECK(daxctl_dev_get_memory(dev) == NULL);
	CHECK(daxctl_dev_is_system_ram(dev) == 0);
	CHECK(!daxctl_dev_is_system_ram_capable(dev));
	CHECK(daxctl_dev_get_memmap_on_memory(dev) == -ENOENT);
	CHECK(daxctl_dev_set_memmap_on_memory(dev, true) == -ENOENT);
	CHECK(daxctl_dev_has_online_memory(dev) == 0);
}

static void test_kmem_state_names(void)
{
	CHECK(daxctl_kmem_state_name(DAXCTL_KMEM_STATE_UNKNOWN) == NULL);
	CHECK(!strcmp(daxctl_kmem_state_name(DAXCTL_KMEM_STATE_OFFLINE), "offline"));
	CHECK(!strcmp(daxctl_kmem_state_name(DAXCTL_KMEM_STATE_ONLINE_MOVABLE),
				"online_movable"));
	CHECK(!strcmp(daxctl_kmem_state_name(DAXCTL_KMEM_STATE_UNPLUGGED), "unplugged"));
	CHECK(daxctl_kmem_state_name(DAXCTL_KMEM_STATE_UNPLUGGED + 1) == NULL);
}

/* Without daxX.Y/state (before 7.x, or not bound to kmem) nothing is written. */
static void test_no_kmem_state(struct daxctl_dev *dev)
{
	CHECK(daxctl_dev_get_kmem_state(dev) == -ENOENT);
	CHECK(daxctl_dev_set_kmem_state(dev, DAXCTL_KMEM_STATE_UNPLUGGED) == -ENOENT);
	CHECK(daxctl_dev_get_kmem_state(NULL) == -EINVAL);
}

/* Bound to kmem, every range hot-removed: no blocks to read. */
static void test_unplugged(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem;

	CHECK(daxctl_dev_is_system_ram(dev) == 1);
	CHECK(daxctl_dev_get_kmem_state(dev) == DAXCTL_KMEM_STATE_UNPLUGGED);
	CHECK(daxctl_dev_set_kmem_state(dev, DAXCTL_KMEM_STATE_OFFLINE) == -EINVAL);
	CHECK(daxctl_dev_set_kmem_state(dev, DAXCTL_KMEM_STATE_UNKNOWN) == -EINVAL);
	CHECK(daxctl_dev_set_kmem_state(dev, 42) == -EINVAL);
	CHECK(daxctl_dev_get_users(dev, NULL, 0) == 0);
	CHECK(daxctl_dev_get_users(dev, NULL, 1) == -EINVAL);
	CHECK(daxctl_dev_get_users(dev, NULL, -1) == -EINVAL);
	CHECK(daxctl_dev_get_users(NULL, NULL, 0) == -EINVAL);
	/* cxl disable-region offlines through this call: nothing added is offline */
	mem = daxctl_dev_get_memory(dev);
	CHECK(mem && daxctl_memory_num_sections(mem) == 8);
	CHECK(mem && daxctl_memory_is_online(mem) == 0);
	CHECK(mem && daxctl_memory_offline(mem) == 0);
	CHECK(mem && daxctl_memory_get_already_count(mem) == 8);
}

/* dax0.0/dev is 1:5 in this fixture: every holder of /dev/zero counts. */
static void test_users(struct daxctl_dev *dev)
{
	int pids[4096], fd, n, i, self = 0;

	fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	n = daxctl_dev_get_users(dev, pids, 4096);
	CHECK(n >= 1 && n <= 4096);
	for (i = 0; i < n && i < 4096; i++)
		self += pids[i] == getpid();
	CHECK(self == 1);
	pids[0] = -7;
	CHECK(daxctl_dev_get_users(dev, pids, 0) >= 1);
	CHECK(pids[0] == -7);	/* counted, not stored */
	close(fd);
	n = daxctl_dev_get_users(dev, pids, 4096);
	for (i = 0, self = 0; i < n && i < 4096; i++)
		self += pids[i] == getpid();
	CHECK(self == 0);
}

static void test_dev(const char *fx, struct daxctl_dev *dev)
{
	if (!strcmp(fx, "k61-boot")) {
		test_devdax_61(dev);
		test_no_kmem_state(dev);
	} else if (!strcmp(fx, "kmem-unplugged") || !strcmp(fx, "k73-unplugged")) {
		test_unplugged(dev);
	} else if (!strcmp(fx, "users-devzero")) {
		test_users(dev);
	} else {
		test_kmem_dev(dev);
		test_no_kmem_state(dev);
	}
}

int main(int argc, char **argv)
{
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;

	if (argc != 2) {
		fprintf(stderr, "usage: api hmem-online|k61-boot|kmem-unplugged|users-devzero\n");
		return 2;
	}
	CHECK(daxctl_new(&ctx) == 0);
	daxctl_set_log_fn(ctx, count_log);
	test_ctx(ctx);
	test_regions(ctx);
	dev = daxctl_dev_get_first(daxctl_region_get_first(ctx));
	CHECK(dev && !strcmp(daxctl_dev_get_devname(dev), "dax0.0"));
	if (dev) {
		CHECK(daxctl_dev_get_target_node(dev) == 1);
		CHECK(daxctl_dev_get_size(dev) == 1ULL << 30);
		CHECK(daxctl_dev_get_resource(dev) == 0x140000000ULL);
		CHECK(daxctl_dev_get_ctx(dev) == ctx);
		CHECK(daxctl_dev_get_next(dev) == NULL);
		test_dev(argv[1], dev);
	}
	test_kmem_state_names();
	CHECK(daxctl_get_memmap_on_memory_param(ctx) == DAXCTL_MEMMAP_PARAM_OFF);
	CHECK(!strcmp(daxctl_zone_name(DAXCTL_ZONE_MOVABLE), "Movable"));
	CHECK(daxctl_zone_name(DAXCTL_ZONE_NONE) == NULL);
	CHECK(logged == 0);	/* nothing above is worth an error message */
	daxctl_unref(ctx);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
