# SPDX-License-Identifier: GPL-2.0-only
# Shared by run.sh and long.sh: build the targets, the fixtures each target
# runs on, one libFuzzer run and its verdict.  Sourced; needs $top.

FUZZ_TARGETS="parse options conf input sysfs"
fuzz_build=${FUZZ_BUILD:-$top/build-fuzz}

# Fixtures of a target, one per line: a captured tarball or a mkfixture name.
# input needs none ("-": no namespace).
fuzz_fixtures() {
	case $1 in
	parse | options) echo hmem2-boot ;;
	conf) echo syn-cxl-hmem ;;
	input) echo - ;;
	sysfs) printf '%s\n' hmem-online cxl-region multi-mapping k73-online ;;
	esac
}

fuzz_setup() {
	fuzz_work=$(mktemp -d /tmp/daxctl-fuzz.XXXXXX)
	CC=clang bash "$top/test/build.sh" "$fuzz_build" -Dfuzz=true
}

# The tarball of fixture $1 (captured, or built by mkfixture.py).
fuzz_fixture_path() {
	local f=$top/test/fixtures/$1.tar.xz out=$fuzz_work/$1.tar.xz

	if [ -f "$f" ]; then
		echo "$f"
		return
	fi
	[ -f "$out" ] || python3 "$top/test/fixture/mkfixture.py" build "$1" "$out" >/dev/null ||
		return 1
	echo "$out"
}

# fuzz_run TARGET FIXTURE LIBFUZZER-OPTION...: one run; 0 when it found nothing.
# Sets fuzz_execs, fuzz_finding and fuzz_log.
fuzz_run() {
	local t=$1 fix=$2 rc=0 fixpath cmd art
	shift 2
	local tag=$t${fix:+-$fix}
	local new=$fuzz_work/new-$tag
	fuzz_log=$fuzz_work/$tag.log
	fuzz_execs=0
	fuzz_finding=
	mkdir -p "$new"
	cmd=("$fuzz_build/test/fuzz/fuzz-$t" -close_fd_mask=3 -print_final_stats=1
		-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=4096
		-artifact_prefix="$fuzz_work/$tag-" "$@" "$new" "$top/test/fuzz/corpus/$t")
	if [ "$fix" != - ]; then
		fixpath=$(fuzz_fixture_path "$fix") || {
			fuzz_finding="cannot build fixture $fix"
			return 1
		}
		# a PID namespace of its own too: the plan's users check reads
		# every /proc/PID, which should hold the fuzzer only
		cmd=(unshare -pf --mount-proc "$top/test/fixture/nsrun.sh" "$fixpath" --
			"${cmd[@]}")
	fi
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
		${FUZZ_NICE:+nice -n "$FUZZ_NICE"} "${cmd[@]}" >"$fuzz_log" 2>&1 || rc=$?
	fuzz_execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$fuzz_log" | tail -n1)
	fuzz_execs=${fuzz_execs:-0}
	art=$(ls "$fuzz_work/$tag-"* 2>/dev/null | head -n1 || true)
	if [ -n "$art" ]; then
		fuzz_finding="$(grep -m1 -E 'ERROR: [A-Za-z]+|runtime error:|invariant violated|Slowest unit' "$fuzz_log" || echo "${art##*/}"); reproduce: ${fixpath:+test/fixture/nsrun.sh $fixpath -- }$fuzz_build/test/fuzz/fuzz-$t $art"
	elif [ "$rc" -ne 0 ]; then
		fuzz_finding="exit $rc: $(tail -n1 "$fuzz_log")"
	fi
	[ -z "$fuzz_finding" ]
}

# Can this machine run the targets?  Prints why not.
fuzz_prereq() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "fuzz: needs root (the fixture targets run in a mount namespace)"
		return 1
	fi
	if ! command -v clang >/dev/null; then
		echo "fuzz: clang is missing (bash test/deps.sh)"
		return 1
	fi
}
