#!/bin/sh
# The daily job on the bundled village folders (README quick start):
# bulk folders in, signed records (and PDFs, where segel-render is built)
# out, every seal verified.  Output in out/.
set -eu
: "${BIN:=bin}"
export SEGEL_FORMATS="${SEGEL_FORMATS:-$PWD/formats}"
O=out
rm -rf "$O"
mkdir -p "$O/pki" "$O/signed" "$O/pdf" "$O/trust"

# The offices' keys and the bundle key (test PKI: never use these for
# real documents).
cp testdata/pki/keys/issuer-*.key.pem testdata/pki/keys/bundle.key.pem \
    "$O/pki/"
chmod 600 "$O/pki/"*.pem

step() { printf '\n== %s\n' "$*"; }

step "intake: village folders to records"
$BIN/segel-intake -r "$O/rejects-intake.jsonl" testdata/bulk \
    >"$O/records.jsonl" || [ $? -eq 1 ]

if [ -x "$BIN/segel-validate" ]; then
	step "validate: the rules of each document type"
	$BIN/segel-validate -r "$O/rejects-validate.jsonl" \
	    <"$O/records.jsonl" >"$O/valid.jsonl" || [ $? -eq 1 ]
else
	cp "$O/records.jsonl" "$O/valid.jsonl"
fi

for r in 75.01:Gorontalo 17.08:Kepahiang 64.09:Penajam-Paser-Utara \
    53.14:Rote-Ndao; do
	code=${r%%:*} name=${r#*:} id=$(echo "${r%%:*}" | tr -d .)
	cat >"$O/pki/$id.conf" <<EOC
office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten $(echo "$name" | tr - ' ')
region = $code
official = Drs. MUHTAR NUNA, M.Si
nip = 196805121994031007
key = issuer-$id.key.pem
cert = $PWD/testdata/pki/certs/issuer-$id.pem
ledger = $id.ledger
EOC
	step "sign: Kabupaten $name ($code)"
	jq -c --arg r "$code." 'select(.fields.kode_wilayah | startswith($r))' \
	    "$O/valid.jsonl" |
	    $BIN/segel-sign -p "$O/pki/$id.conf" -r "$O/rejects-sign-$id.jsonl" \
	    --bundle testdata/pki/trust.bundle \
	    >"$O/signed/$id.jsonl" || [ $? -eq 1 ]
	# the office's word on what it revoked (nothing yet), for verifiers
	$BIN/segel-sign -p "$O/pki/$id.conf" --status-list "$O/trust/$id.status"
done
cat "$O"/signed/*.jsonl >"$O/signed.jsonl"

step "trust: one signed bundle for the verifiers"
cp testdata/pki/trust/* "$O/trust/"
$BIN/segel-trust bundle -q -t "$O/trust" -k "$O/pki/bundle.key.pem" \
    -c testdata/pki/certs/bundle.pem -o "$O/trust.bundle"
$BIN/segel-trust check --root testdata/pki/certs/root.pem "$O/trust.bundle"
# installed where a verifier looks first: the user's data folder (here
# out/share), the first time against the root, later as an update only
env -u SEGEL_TRUST XDG_DATA_HOME="$PWD/$O/share" $BIN/segel-trust install \
    --root testdata/pki/certs/root.pem "$O/trust.bundle"

if [ -x "$BIN/segel-render" ]; then
	step "render: one PDF per document, each with its office's PDF signature"
	: >"$O/rendered.jsonl"
	for conf in "$O"/pki/*.conf; do
		id=$(basename "$conf" .conf)
		$BIN/segel-render -j 2 -p "$conf" --outdir "$O/pdf" \
		    -r "$O/rejects-render-$id.jsonl" <"$O/signed/$id.jsonl" \
		    >>"$O/rendered.jsonl" || [ $? -eq 1 ]
	done
	step "verify: every PDF, offline, with the bundle"
	$BIN/segel-verify -q -j 2 -t "$O/trust.bundle" "$O/pdf" >"$O/verified.txt"
	sed -n 1p "$O/verified.txt"
	step "verify: a clerk's way, no -t (the bundle in the user's data folder)"
	env -u SEGEL_TRUST XDG_DATA_HOME="$PWD/$O/share" \
	    $BIN/segel-verify "$(ls "$O"/pdf/*.pdf | head -1)"
else
	step "verify: every seal, offline"
	jq -r .seal "$O/signed.jsonl" | $BIN/segel-verify -q -t "$O/trust.bundle" |
	    sort | uniq -c | sed 's/: issued by .* on / on /' | sort -rn | head
fi
printf '\ndemo: %s records signed in %s/signed.jsonl\n' \
    "$(wc -l <"$O/signed.jsonl")" "$O"
