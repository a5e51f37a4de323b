# Indexed and associative arrays, slices, loops over keys.
a=(zero one two three)
a+=(four)
echo "${#a[@]} ${a[2]} ${a[-1]} ${a[@]:1:2}"
a[10]=ten
echo "${!a[@]}"
unset 'a[1]'
echo "${#a[@]} ${a[*]}"
for i in "${!a[@]}"; do printf '%s=%s ' "$i" "${a[$i]}"; done; echo

declare -A color=([apple]=red [banana]=yellow [kiwi]=green)
color[plum]=purple
for k in $(printf '%s\n' "${!color[@]}" | sort); do echo "$k -> ${color[$k]}"; done
echo "${#color[@]} ${color[kiwi]} [${color[none]}]"
[[ -v color[apple] ]] && echo "apple is set"
unset 'color[apple]'
[[ -v color[apple] ]] || echo "apple is gone"

declare -A count
while read -r w; do count[$w]=$(( ${count[$w]:-0} + 1 )); done < "$SUITES/data/words"
for k in "${!count[@]}"; do echo "$k ${count[$k]}"; done | sort

b=("with space" "x" "")
echo "${#b[@]}"
printf '[%s]' "${b[@]}"; echo
c=("${b[@]/x/y}")
printf '[%s]' "${c[@]}"; echo
mapfile -t lines < "$SUITES/data/table"
echo "${#lines[@]} ${lines[3]}"
IFS=: read -ra parts <<< "${lines[2]}"
echo "${parts[1]} ${#parts[@]}"
declare -a sorted=($(printf '%s\n' 5 3 9 1 | sort -n))
echo "${sorted[*]}"
declare -p sorted
arr=(1 2 3); arr=("${arr[@]}" 4); echo "${arr[@]/#/n}"
