# lib.sh - helpers for the benchmark scripts (sourced).
# now: seconds since the epoch with nanoseconds; rate N SECONDS: per second.
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | cut -d. -f1; }
# median FILE: the median of the whole numbers in FILE, one a line
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# verdict FIGURE TARGET: "ok" or "MISSED"
verdict() { [ "$1" -ge "$2" ] && echo "ok" || echo "MISSED"; }
# bench_profile DIR: the Kabupaten Gorontalo test signer in DIR (key made
# 0600, profile DIR/p.conf, ledger DIR/ledger).
bench_profile() {
	mkdir -p "$1"
	cp testdata/pki/keys/issuer-7501.key.pem "$1/k.pem"
	chmod 600 "$1/k.pem"
	cat >"$1/p.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo
region = 75.01
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = k.pem
cert = $PWD/testdata/pki/certs/issuer-7501.pem
ledger = ledger
EOC
}
