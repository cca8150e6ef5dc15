# profile.sh - sourced by tests/cli/lib.sh and tests/bench/lib.sh.
# office_profile DIR: the Kabupaten Gorontalo test signer in DIR (key made
# 0600, profile DIR/p.conf, ledger DIR/ledger).
office_profile() {
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
