# Functions, scope, recursion, return values, here-docs and here-strings.
greet() { local who=${1:-world}; echo "hello $who"; return ${#who}; }
greet; echo "ret $?"
greet bash; echo "ret $?"

counter=0
inc() { (( counter++ )); }
for i in 1 2 3; do inc; done; echo "counter $counter"

outer() { local v=outer; inner; echo "after inner: $v"; }
inner() { v=changed-by-inner; }
outer

fact() { (( $1 <= 1 )) && echo 1 || echo $(( $1 * $(fact $(( $1 - 1 ))) )); }
echo "fact 15 = $(fact 15)"

hanoi() { (( $1 == 0 )) && return; hanoi $(( $1 - 1 )) $2 $4 $3; moves=$(( moves + 1 )); hanoi $(( $1 - 1 )) $4 $3 $2; }
moves=0; hanoi 8 a b c; echo "hanoi moves $moves"

declare -f greet | head -n 1
type -t greet; type -t echo; type -t if

cat <<EOF
expanded: $counter $(( 6 * 7 )) $(echo sub)
EOF
cat <<'EOF'
literal: $counter $(( 6 * 7 ))
EOF
cat <<-EOF
	tabs stripped
	EOF
tr a-z A-Z <<< "here string"
read -r first rest <<< "one two three"; echo "$first|$rest"
while IFS=: read -r id name dept salary; do
	[[ $id == id ]] && continue
	(( salary > 100 )) && echo "$name earns $salary"
done < "$SUITES/data/table"

f2() { echo "$FUNCNAME ${#FUNCNAME[@]} $*"; }; f2 x y
recurse() { (( $1 > 0 )) && recurse $(( $1 - 1 )) || echo "depth ${#FUNCNAME[@]}"; }; recurse 50
shopt -s extglob; x=aaa-bbb; echo "${x//+(a)/A}"
