#!/bin/sh
# rwx migration copy: copies the CONTENTS of the source volume into the target volume.
#
# Runs in the migration Job's container as `/bin/sh -c <this script>`. It takes no arguments: the only inputs are
# the two mounts and the environment variables below, whose values the service sets from validated enums, so no
# user input ever reaches a command line.
#
#   RWX_SRC      source directory (default /mnt/old, mounted read-only)
#   RWX_DST      target directory (default /mnt/new)
#   RWX_VERIFY   none | size | checksum   (default none)
#   RWX_DELETE   true | false: remove target files that are not in the source (default false)
#   RWX_KEEP_OWNERS true | false (default true): keep owners, groups, ACLs, xattrs and device files, which needs
#                root with CHOWN/FOWNER/DAC_OVERRIDE/FSETID/MKNOD/SETFCAP (Pod Security "baseline"); false is the
#                copy a non-root user can make (Pod Security "restricted"): contents, permissions, times, links
#                and sparse files, every file then owned by the copier's uid
#   RWX_BWLIMIT  cap on the copy's rate in KiB/s, 0 for none (default 0): spares the old NFS server's other clients
#   RWX_SUMMARY  where the JSON summary goes (default /dev/termination-log: the pod's termination message)
#
# While it copies, rsync's progress (bytes done, percent, rate, files transferred, files left of the total) goes to
# standard output, one line per update: the pod's log, from which migration-service reports progress.
#
# rsync -a keeps permissions, times, symlinks, devices; -H hard links; -A ACLs; -X xattrs; -S sparse files;
# --numeric-ids owners by number (the copier's /etc/passwd is not the workloads'). A retry (Job backoff) runs the
# same command: files already copied are skipped by rsync's size+mtime check and --partial keeps the partly
# copied file, so it resumes instead of starting over.
#
# A first attempt into an empty target with no rate cap, where GNU coreutils are installed, copies the bulk first
# with `cp -a` (or, without owners, the cp options that keep the same as the rsync options below), the source's
# top-level entries split over one cp per core: on trees of many small files rsync is about 2x slower than cp, which
# is itself bound by per-file system calls, not by the disk. Whatever that pass did not make identical (a hard link
# between two parts, a cp that failed) is found by the comparison that follows and copied by rsync, the copy of
# record: it runs after the fast pass unless the verification found nothing to do. Progress is reported during the
# fast pass in rsync's progress format (bytes from du), so the log reads the same.
#
# Verification: every entry's metadata as rsync compares it (names, types, sizes, times, modes, owners, ACLs,
# xattrs, hard links, symlink targets), plus with RWX_VERIFY=checksum the content of every regular file: with GNU
# coreutils, the CRC-32 and size of each file of both trees (cksum, both trees read side by side), otherwise
# rsync's --checksum (xxh128/md5). Any difference fails the copy.
set -eu

SRC="${RWX_SRC:-/mnt/old}"
DST="${RWX_DST:-/mnt/new}"
VERIFY="${RWX_VERIFY:-none}"
DELETE="${RWX_DELETE:-false}"
KEEP_OWNERS="${RWX_KEEP_OWNERS:-true}"
BWLIMIT="${RWX_BWLIMIT:-0}"
SUMMARY="${RWX_SUMMARY:-/dev/termination-log}"

case "$VERIFY" in none|size|checksum) ;; *) echo "invalid RWX_VERIFY '$VERIFY'" >&2; exit 64 ;; esac
case "$DELETE" in true|false) ;; *) echo "invalid RWX_DELETE '$DELETE'" >&2; exit 64 ;; esac
case "$KEEP_OWNERS" in true|false) ;; *) echo "invalid RWX_KEEP_OWNERS '$KEEP_OWNERS'" >&2; exit 64 ;; esac
case "$BWLIMIT" in ''|*[!0-9]*) echo "invalid RWX_BWLIMIT '$BWLIMIT' (KiB/s, digits only)" >&2; exit 64 ;; esac
[ -d "$SRC" ] || { echo "source $SRC is not a directory" >&2; exit 66; }
[ -d "$DST" ] || { echo "target $DST is not a directory" >&2; exit 73; }

fail() {
  printf '{"error":"%s"}\n' "$(printf '%s' "$1" | tr -d '"\\' | tr '\n' ' ')" > "$SUMMARY" 2>/dev/null || true
  echo "$1" >&2
  exit "$2"
}

command -v rsync >/dev/null 2>&1 || fail "rsync is not installed in the copy image: use an image with rsync (rwx.migration.image)" 127

if [ "$KEEP_OWNERS" = true ]; then
  KEEP="-aHAXS --numeric-ids"
else
  KEEP="-rlptHS --no-owner --no-group"
fi
OPTS="$KEEP --partial"
[ "$DELETE" = true ] && OPTS="$OPTS --delete"
[ "$BWLIMIT" != 0 ] && OPTS="$OPTS --bwlimit=$BWLIMIT"

STATS="$(mktemp)"
trap 'rm -f "$STATS" "$STATS".*' EXIT
START="$(date +%s)"

# GNU coreutils and findutils (cp -t/--preserve, du -b, find -printf, cksum of many files, sort -z, split -t):
# the fast first pass and the side-by-side content comparison need them; busybox images take the rsync path only
GNU=false
if cp --version 2>/dev/null | grep -q GNU && find --version 2>/dev/null | grep -q GNU; then
  GNU=true
fi
CORES="$(nproc 2>/dev/null || echo 1)"
[ "$CORES" -ge 2 ] 2>/dev/null || CORES=2
[ "$CORES" -le 8 ] || CORES=8

# a progress line in rsync's --info=progress2 format, from the bytes under $DST, every 5 s until $1 disappears
report_progress() {
  TOTAL="$(du -sb "$SRC" | cut -f1)"
  T0="$(date +%s)"
  while [ -e "$1" ]; do
    sleep 5
    [ -e "$1" ] || break
    DONE="$(du -sb "$DST" 2>/dev/null | cut -f1)"
    ELAPSED=$(( $(date +%s) - T0 )); [ "$ELAPSED" -gt 0 ] || ELAPSED=1
    PCT=99; [ "$TOTAL" -gt 0 ] && PCT=$(( DONE * 100 / TOTAL )); [ "$PCT" -le 99 ] || PCT=99
    printf '%s %s%% %sB/s 0:00:00\n' "$DONE" "$PCT" "$(( DONE / ELAPSED ))"
  done
}

# the fast first pass: one cp per part of the source's top-level entries, side by side
fast_pass() {
  if [ "$KEEP_OWNERS" = true ]; then
    CP="cp -a"
  else
    CP="cp -R -P --preserve=mode,timestamps,links"
  fi
  ( cd "$SRC" && find . -mindepth 1 -maxdepth 1 -printf '%P\0' ) > "$STATS.entries"
  split -n "r/$CORES" -t '\0' "$STATS.entries" "$STATS.part."
  : > "$STATS.copying"
  report_progress "$STATS.copying" &
  REPORTER=$!
  PIDS=""
  for part in "$STATS".part.*; do
    [ -e "$part" ] || continue
    # shellcheck disable=SC2086
    ( cd "$SRC" && xargs -0 -r $CP -t "$DST" < "$part" ) 2> "$part.err" &
    PIDS="$PIDS $!"
  done
  FAILED=0
  for pid in $PIDS; do
    wait "$pid" || FAILED=1
  done
  rm -f "$STATS.copying"
  kill "$REPORTER" 2>/dev/null || true
  wait "$REPORTER" 2>/dev/null || true
  # the target root itself: its entries' writes changed its time
  if [ "$KEEP_OWNERS" = true ]; then
    chown --reference="$SRC" "$DST" 2>/dev/null || true
  fi
  chmod --reference="$SRC" "$DST" && touch -r "$SRC" "$DST"
  [ "$FAILED" = 0 ] || echo "fast pass: $(cat "$STATS".part.*.err | head -n 3 | tr '\n' ' ')(rsync copies the rest)"
}

# compares the target with the source; returns non-zero, with the differences in $STATS.verify, when they differ
verify() {
  MOPTS="$KEEP --dry-run --itemize-changes"
  [ "$DELETE" = true ] && MOPTS="$MOPTS --delete"
  if [ "$VERIFY" = checksum ] && [ "$GNU" = true ]; then
    # shellcheck disable=SC2086
    { R=0; rsync $MOPTS "$SRC/" "$DST/" > "$STATS.verify" || R=$?; echo "$R" > "$STATS.verify.rc"; } &
    ( cd "$SRC" && find . -type f -print0 | sort -z | xargs -0 -r cksum ) > "$STATS.sums.src" &
    ( cd "$DST" && find . -type f -print0 | sort -z | xargs -0 -r cksum ) > "$STATS.sums.dst"
    wait
    [ "$(cat "$STATS.verify.rc")" = 0 ] || fail "verification rsync failed with exit code $(cat "$STATS.verify.rc")" 1
    if ! cmp -s "$STATS.sums.src" "$STATS.sums.dst"; then
      diff "$STATS.sums.src" "$STATS.sums.dst" | grep '^[<>]' | sed 's/^[<>] [0-9]* [0-9]* /content differs: /' \
        | sort -u >> "$STATS.verify" || true
    fi
  else
    [ "$VERIFY" = checksum ] && MOPTS="$MOPTS --checksum"
    # shellcheck disable=SC2086
    rsync $MOPTS "$SRC/" "$DST/" > "$STATS.verify" || fail "verification rsync failed with exit code $?" 1
  fi
  # any itemized line means a difference between source and target
  ! grep -q . "$STATS.verify"
}

FAST=false
# empty: nothing to resume (a new filesystem's lost+found aside)
if [ "$GNU" = true ] && [ "$BWLIMIT" = 0 ] && [ -z "$(ls -A "$DST" | grep -v '^lost+found$')" ]; then
  FAST=true
  fast_pass
fi

# the trailing slash on the source copies its contents, not the directory itself; progress updates end in \r, one
# per line once translated, and each line must reach the log as it is printed: GNU tr buffers a pipe's output in
# 4 KB blocks, so it runs line-buffered where stdbuf exists (busybox tr writes as it reads); errors are kept with
# the progress so a failure says why
UNBUFFERED=""
command -v stdbuf >/dev/null 2>&1 && UNBUFFERED="stdbuf -oL"
copy() {
  # shellcheck disable=SC2086
  { rsync $OPTS --info=progress2,stats2 --no-inc-recursive --no-human-readable "$SRC/" "$DST/" 2>&1; echo "$?" > "$STATS.rc"; } \
    | $UNBUFFERED tr '\r' '\n' | tee "$STATS"
  RC="$(cat "$STATS.rc")"
  if [ "$RC" != 0 ]; then
    fail "rsync failed with exit code $RC: $(grep -v '^ *[0-9,]* *[0-9]*%' "$STATS" | grep -v '^$' | tail -n 3 | tr '\n' ' ')" 1
  fi
}

VERIFIED=false
COPIED=false
if [ "$FAST" = false ] || [ "$VERIFY" = none ]; then
  copy
  COPIED=true
fi
if [ "$VERIFY" != none ]; then
  if ! verify && [ "$COPIED" = false ]; then
    echo "the fast pass left $(grep -c . "$STATS.verify") difference(s), first: $(head -n 1 "$STATS.verify"); rsync copies them"
    copy
    COPIED=true
    verify || true
  fi
  if grep -q . "$STATS.verify"; then
    fail "verification ($VERIFY) found $(grep -c . "$STATS.verify") difference(s), first: $(head -n 1 "$STATS.verify")" 2
  fi
  VERIFIED=true
fi
END="$(date +%s)"

num() { # the number on the --stats line that starts with $1 (digits only)
  sed -n "s/^$1: *\([0-9,]*\).*/\1/p" "$STATS" | head -n 1 | tr -d ',' | sed 's/^$/0/'
}
FILES="$(num 'Number of files')"
FILES_TRANSFERRED="$(num 'Number of regular files transferred')"
BYTES="$(num 'Total file size')"
BYTES_TRANSFERRED="$(num 'Total transferred file size')"
if [ "$FAST" = true ]; then
  # the target was empty, so this run copied all of it: entries (the root included, as rsync counts them), regular
  # files (each hard-linked group once, as rsync transfers it) and bytes (files and symlinks, as rsync adds them up)
  set -- $(find "$DST" -printf '%y %i %s\n' | awk '{ n++ } $1 == "f" && !($2 in seen) { seen[$2] = 1; f++ }
    $1 == "f" || $1 == "l" { b += $3 } END { printf "%d %d %.0f\n", n, f, b }')
  FILES="$1"; FILES_TRANSFERRED="$2"; BYTES="$3"; BYTES_TRANSFERRED="$3"
fi

printf '{"files":%s,"filesTransferred":%s,"bytes":%s,"bytesTransferred":%s,"durationSeconds":%s,"verify":"%s","verified":%s}\n' \
  "$FILES" "$FILES_TRANSFERRED" "$BYTES" "$BYTES_TRANSFERRED" "$((END - START))" "$VERIFY" "$VERIFIED" | tee "$SUMMARY"
