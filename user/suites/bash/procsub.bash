# Process substitution: bash hands the command a /dev/fd/N name for one
# end of a pipe (/dev/fd is a link to /proc/self/fd, made by rcS).
cat <(echo "process substitution")
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "diff status $?"
while read -r l; do echo "read $l"; done < <(seq 1 3)
echo hi > >(tr a-z A-Z); wait
exec 5<<<"here-string on fd 5"; cat /dev/fd/5
echo piped | cat /dev/stdin
