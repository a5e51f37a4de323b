# xz: a round trip of a generated multi-megabyte file, compared by
# checksums; the .xz format's integrity check; busybox's unxz reads it.
# Fast presets: the suite's time goes on emulation.
awk 'BEGIN { for (i = 0; i < 150000; i++) printf "%07d,%d,%s\n", i, (i * 104729) % 65521, (i % 3 ? "xz" : "round-trip") }' > data
wc -c < data
sha256sum data > sums
xz -1 -k data
xz -t data.xz && echo tested
xz -l --robot data.xz | awk -F'\t' '$1 == "file" { print $5 }'
rm data
xz -d data.xz
sha256sum -c sums
xz -0 -c -C crc32 < data | xz -dc | sha256sum | cut -d' ' -f1
xz -0 -c --format=lzma < data | xz -dc --format=lzma | cmp - data && echo lzma round trip
xz -0 -c < data > data.xz && busybox unxz -c data.xz | cmp - data && echo busybox reads it
printf 'not xz' | xz -d 2>&1; echo "status $?"
