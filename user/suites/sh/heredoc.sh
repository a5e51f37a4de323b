# busybox ash: here-documents, quoting and nested constructs.
x=42
cat <<EOF
x is $x, twice $((x * 2)), $(echo substituted)
escaped \$x and backslash \\
EOF
cat <<'EOF'
quoted: $x $(echo no) `echo no`
EOF
cat <<-EOF
	tab-stripped $x
		two tabs
	EOF
while read -r a b; do echo "$b $a"; done <<EOF
1 one
2 two
EOF
cat <<A; cat <<B
first
A
second
B
f() {
	cat <<EOF
in a function: $1
EOF
}
f arg
sort <<EOF | uniq -c | sed 's/^ *//'
b
a
b
EOF
echo "quotes: 'single' \"double\" \$dollar"
echo 'it'\''s' "a"'b'c
