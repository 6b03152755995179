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
trap 'rm -f "$STATS" "$STATS.verify" "$STATS.rc"' EXIT
START="$(date +%s)"

# the trailing slash on the source copies its contents, not the directory itself; progress updates end in \r, one
# per line once translated, and each line must reach the log as it is printed: GNU tr buffers a pipe's output in
# 4 KB blocks, so it runs line-buffered where stdbuf exists (busybox tr writes as it reads); errors are kept with
# the progress so a failure says why
UNBUFFERED=""
command -v stdbuf >/dev/null 2>&1 && UNBUFFERED="stdbuf -oL"
# shellcheck disable=SC2086
{ rsync $OPTS --info=progress2,stats2 --no-inc-recursive --no-human-readable "$SRC/" "$DST/" 2>&1; echo "$?" > "$STATS.rc"; } \
  | $UNBUFFERED tr '\r' '\n' | tee "$STATS"
RC="$(cat "$STATS.rc")"
if [ "$RC" != 0 ]; then
  fail "rsync failed with exit code $RC: $(grep -v '^ *[0-9,]* *[0-9]*%' "$STATS" | grep -v '^$' | tail -n 3 | tr '\n' ' ')" 1
fi

VERIFIED=false
if [ "$VERIFY" != none ]; then
  VOPTS="$KEEP --dry-run --itemize-changes"
  [ "$VERIFY" = checksum ] && VOPTS="$VOPTS --checksum"
  [ "$DELETE" = true ] && VOPTS="$VOPTS --delete"
  # shellcheck disable=SC2086
  rsync $VOPTS "$SRC/" "$DST/" > "$STATS.verify" || fail "verification rsync failed with exit code $?" 1
  # any itemized line means a difference between source and target
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

printf '{"files":%s,"filesTransferred":%s,"bytes":%s,"bytesTransferred":%s,"durationSeconds":%s,"verify":"%s","verified":%s}\n' \
  "$FILES" "$FILES_TRANSFERRED" "$BYTES" "$BYTES_TRANSFERRED" "$((END - START))" "$VERIFY" "$VERIFIED" | tee "$SUMMARY"
