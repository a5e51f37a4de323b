# Parameter expansion, [[ ]], arithmetic, printf -v, case conversion.
s="Hello, World"
echo "${#s} ${s:7} ${s:0:5} ${s: -5} ${s/World/Bash} ${s//l/L}"
echo "${s^^} ${s,,} ${s^} ${s~}"
f=/usr/lib/archive.tar.gz
echo "${f##*/} ${f%/*} ${f%%.*} ${f#*.} ${f/#\/usr/\/opt} ${f/%gz/xz}"
unset u; empty=
echo "[${u:-default}] [${empty:-default}] [${empty-unset only}] [${s:+alt}]"
: "${u:=assigned}"; echo "$u"
name=s; echo "${!name}"
echo "${@:-no args}"
set -- one two three four
echo "${@:2:2} $# ${!#}"

[[ abc == a* ]] && echo glob
[[ abc =~ ^a(b)(c)$ ]] && echo "regex ${BASH_REMATCH[1]}${BASH_REMATCH[2]}"
[[ -z "" && -n x ]] && echo "and"
[[ 10 -gt 9 || 1 -eq 2 ]] && echo "or"
[[ b > a ]] && echo "string order"
[[ ! -e /nonexistent ]] && echo "not"

echo $(( 2**40 )) $(( 17 / 3 )) $(( -17 % 5 )) $(( 0x10 + 010 + 2#101 )) $(( 36#z ))
(( x = 5, y = x * 3, x++ ))
echo "$x $y $(( x > y ? x : y ))"
let "z = x << 2" "w = z ^ 0xff"
echo "$z $w"
declare -i n=10; n+=5; n=n*2; echo "$n"
for (( i = 0, j = 10; i < j; i += 3, j -= 2 )); do printf '%d:%d ' $i $j; done; echo

printf -v out '%05.1f|%-6s|%x' 3.14159 ab 255; echo "$out"
printf '%q\n' "it's a \"test\""
printf '%s\n' {a..e} | tr '\n' ' '; echo
echo {1..10..3} {z..w} x{a,b,c}y {01..03}
str="a,b;c d"
IFS=',; ' read -r p1 p2 p3 p4 <<< "$str"; echo "$p4$p3$p2$p1"
v=$'tab\there'; echo "${#v}"
echo "${s@Q}"
declare -u up=shout; declare -l lo=QUIET; echo "$up $lo"
