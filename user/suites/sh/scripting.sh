# busybox ash: a longer script. Functions, loops, case, traps, jobs.
set -u
usage() { echo "usage: $0 ..." >&2; return 2; }
die() { echo "error: $*"; exit 1; }

tmp=${TMPDIR:-.}/work
mkdir -p "$tmp" || die "mkdir"
trap 'rm -rf "$tmp"; echo cleaned' EXIT

i=0
for f in alpha beta gamma delta; do
	i=$((i + 1))
	printf '%s\n' "$f" > "$tmp/$i.txt"
done
ls "$tmp" | tr '\n' ' '; echo

total=0
for f in "$tmp"/*.txt; do
	n=$(wc -c < "$f")
	total=$((total + n))
	case $(cat "$f") in
	a*) kind=starts-with-a ;;
	*ta) kind=ends-with-ta ;;
	*) kind=other ;;
	esac
	echo "${f##*/} $n $kind"
done
echo "total $total"

# a job pool: results in files, collected in order
for n in 5 3 8 1; do
	( s=0; i=1; while [ $i -le $n ]; do s=$((s + i * i)); i=$((i + 1)); done; echo "$n $s" > "$tmp/sq.$n" ) &
done
wait
cat "$tmp"/sq.1 "$tmp"/sq.3 "$tmp"/sq.5 "$tmp"/sq.8

# reading a file field by field
while IFS=: read -r id name dept salary; do
	[ "$id" = id ] && continue
	eval "dept_$dept=\$(( \${dept_$dept:-0} + salary ))"
done < "$SUITES/data/table"
echo "eng $dept_eng ops $dept_ops sales $dept_sales"

usage || echo "usage returned $?"
( set +u; echo "unset is [${nope}]" )
( echo "${nope}" ) 2>/dev/null || echo "set -u caught it"
n=0; while :; do n=$((n + 1)); [ $n -ge 1000 ] && break; done; echo "looped $n"
printf '%s\n' 3 1 2 | sort -n | while read v; do printf '<%s>' "$v"; done; echo
echo done
