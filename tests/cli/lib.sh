# lib.sh - helpers for the command-line golden tests; sourced by each
# tests/cli/*.sh.  Run from the top of the tree (tests/run.sh does).
#
#   golden NAME CMD...   run CMD (through sh -c), compare its stdout,
#                        stderr and exit status with
#                        tests/cli/golden/NAME.{out,err,rc} (the
#                        temporary folder $T reads as "T");
#                        UPDATE=1 writes them instead.
#   ok NAME / nok NAME WHY   report a check made by hand.
#   skip NAME WHY        a check that cannot run on this machine (a
#                        package missing): counted as skipped, not passed.
: "${BIN:=bin}" "${B:=build}"
BUILD_TESTS=$B/tests
G=tests/cli/golden
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
mkdir -p "$G"

ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
skip() { echo "skip $1: $2"; }

golden() {
	name=$1
	shift
	sh -c "$*" >"$T/out.raw" 2>"$T/err.raw"
	echo $? >"$T/rc"
	# temporary paths differ from run to run
	sed "s|$T|T|g" "$T/out.raw" >"$T/out"
	sed "s|$T|T|g" "$T/err.raw" >"$T/err"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$T/out" "$G/$name.out"
		cp "$T/err" "$G/$name.err"
		cp "$T/rc" "$G/$name.rc"
		ok "$name (updated)"
		return
	fi
	for k in out err rc; do
		if ! cmp -s "$T/$k" "$G/$name.$k"; then
			nok "$name" "$k differs from $G/$name.$k"
			diff -u "$G/$name.$k" "$T/$k" | head -30
			return
		fi
	done
	ok "$name"
}

# expect NAME STATUS CMD...: only the exit status matters.
expect() {
	name=$1 want=$2
	shift 2
	sh -c "$*" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		ok "$name"
	else
		nok "$name" "exit $rc, want $want"
		head -20 "$T/err"
	fi
}

# setup_pki: copy the test PKI's keys to $T/pki (git keeps no modes; keys
# must be 0600) and write a profile $T/pki/<issuer>.conf for each issuer.
setup_pki() {
	mkdir -p "$T/pki"
	cp testdata/pki/keys/*.pem testdata/pki/keys/pass-7501.txt \
	    testdata/pki/certs/*.pem "$T/pki/"
	chmod 600 "$T/pki/"*
	for i in 7501 1708 6409 5314 7501-expired 1708-revoked 7501-ed25519 \
	    stranger-7501; do
		case $i in
		stranger-*) key=stranger-7501 cert=stranger-7501 ;;
		*) key=issuer-$i cert=issuer-$i ;;
		esac
		region=$(echo "$i" | sed 's/^stranger-//; s/-.*//; s/^\(..\)/\1./')
		cat >"$T/pki/$i.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil ($i)
region = $region
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = $key.key.pem
cert = $cert.pem
ledger = $i.ledger
EOC
	done
}

# kk_of_14 ID: the largest KK of testdata/render/largest.jsonl grown to 14
# members (past one page's 10), as record ID; its own KK number, the new
# members' NIKs changed (a NIK belongs to one KK per signing run).
kk_of_14() {
	jq -c --arg id "$1" 'select(.type == "kk") | .id = $id |
	    .fields.no_kk = "7501011204100004" |
	    .fields.anggota += [.fields.anggota[2:6][] |
	        .nik = (.nik[0:12] + "9" + .nik[13:16]) |
	        .nama_lengkap = "LANJUTAN " + .nama_lengkap]' \
	    testdata/render/largest.jsonl
}

. tests/profile.sh
