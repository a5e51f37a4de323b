# GNU gzip: a round trip of a generated multi-megabyte file, compared by
# checksums, at two levels, and through a pipe.
awk 'BEGIN { for (i = 0; i < 120000; i++) printf "%08d %s %d\n", i, (i % 7 ? "lorem ipsum dolor" : "sit amet"), (i * 7919) % 100003 }' > data
wc -c < data
sha256sum data > sums
gzip -1 -k data && mv data.gz fast.gz
gzip -n data
ls
gzip -t data.gz fast.gz && echo tested
gzip -l data.gz | awk 'NR == 2 { print $2 }'
gzip -d data.gz
sha256sum -c sums
gzip -dc fast.gz | sha256sum | cut -d' ' -f1
gzip -1 -c < data | gzip -dc | cmp - data && echo pipe round trip
busybox gunzip -c fast.gz | cmp - data && echo busybox reads it
