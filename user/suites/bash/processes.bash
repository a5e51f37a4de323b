# Pipes, subshells, command substitution, traps, background jobs, exits.
echo "$(echo one; echo two)" | wc -l
echo "$(( $(seq 1 20 | grep 1 | paste -sd+) ))"
x=1; (x=2; echo "sub $x"); echo "main $x"
{ x=3; }; echo "group $x"
echo "pipe last: $(echo 5 | { read v; echo $((v * 2)); })"
set -o pipefail; false | true; echo "pipefail $?"; set +o pipefail
true | false | true; echo "statuses ${PIPESTATUS[*]}"

sleep 0.2 & p=$!
wait $p; echo "bg status $?"
( exit 3 ) & wait $!; echo "bg exit $?"
for i in 1 2 3; do ( echo "job $i" > "out.$i" ) & done; wait; cat out.1 out.2 out.3
sleep 5 & k=$!; kill $k; wait $k; echo "killed status $?"

out=$(bash -c 'echo inner stdout; echo inner stderr >&2; exit 7' 2>&1); echo "[$out] $?"
exec 4> fd4.txt; echo "via fd 4" >&4; exec 4>&-; cat fd4.txt
{ echo to-stderr >&2; } 2> err.txt; cat err.txt
echo "a b c" > in.txt; while read -r -a w; do echo "${#w[@]} words"; done < in.txt
coproc { read l; echo "coproc got $l"; }; echo ping >&"${COPROC[1]}"; read -r reply <&"${COPROC[0]}"; echo "$reply"; wait
echo "subshell level $BASH_SUBSHELL $(echo $BASH_SUBSHELL)"
bash -c 'exit 300'; echo "exit 300 -> $?"
(set -e; false; echo not reached); echo "set -e status $?"

( trap 'echo "sub term"; exit 4' TERM; kill -TERM $BASHPID; echo never ); echo "sub status $?"
trap 'echo "usr1 trap"' USR1
kill -USR1 $$
echo "after usr1"
trap - USR1
trap 'echo "exit trap"' EXIT
echo last
