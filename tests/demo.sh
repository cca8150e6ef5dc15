#!/bin/sh
# The daily job on the bundled village folders (README quick start):
# bulk folders in, signed records (and PDFs, where segel-render is built)
# out, every seal verified.  Output in out/.
set -eu
: "${BIN:=bin}"
export SEGEL_FORMATS="${SEGEL_FORMATS:-$PWD/formats}"
O=out
rm -rf "$O"
mkdir -p "$O/pki" "$O/signed" "$O/pdf"

# The offices' keys (test PKI: never use these for real documents).
cp testdata/pki/keys/issuer-*.key.pem "$O/pki/"
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
	    >"$O/signed/$id.jsonl" || [ $? -eq 1 ]
done
cat "$O"/signed/*.jsonl >"$O/signed.jsonl"

if [ -x "$BIN/segel-render" ]; then
	step "render: one PDF per document"
	$BIN/segel-render -j 2 --outdir "$O/pdf" -r "$O/rejects-render.jsonl" \
	    <"$O/signed.jsonl" >"$O/rendered.jsonl" || [ $? -eq 1 ]
	step "verify: every PDF, offline"
	$BIN/segel-verify -q -j 2 -t testdata/pki/trust "$O/pdf" >"$O/verified.txt"
	sed -n 1p "$O/verified.txt"
else
	step "verify: every seal, offline"
	jq -r .seal "$O/signed.jsonl" | $BIN/segel-verify -q -t testdata/pki/trust |
	    sort | uniq -c | sed 's/: signed by .* on / on /' | sort -rn | head
fi
printf '\ndemo: %s records signed in %s/signed.jsonl\n' \
    "$(wc -l <"$O/signed.jsonl")" "$O"
