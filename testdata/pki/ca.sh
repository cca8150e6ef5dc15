# ca.sh - a small openssl CA, sourced by the conformance-set generator
# (formats/vectors/make-vectors.sh) and the trust tests (tests/cli/
# lib-trust.sh).  Needs $T (a scratch folder) and $CAKEYS (where the
# keys named to ca_sign are: KEYS/NAME.key.pem); run from the top of the
# tree.  $ENV::CADIR in ca.cnf is the CA's folder.

# write_ca_cnf: $T/ca.cnf from testdata/pki/ca.cnf
write_ca_cnf() {
	cp testdata/pki/ca.cnf "$T/ca.cnf"
}
# ca_init DIR CERT KEY CRLNUMBER(hex): a fresh CA in DIR
ca_init() {
	rm -rf "$1" && mkdir -p "$1" && : >"$1/index.txt"
	echo 3000 >"$1/serial"
	echo "$4" >"$1/crlnumber"
	cp "$2" "$1/ca.pem" && cp "$3" "$1/ca.key"
}
# ca_sign CADIR SUBJECT KEYNAME EXT START END OUT
ca_sign() {
	openssl req -config "$T/ca.cnf" -new -key "$CAKEYS/$3.key.pem" \
	    -subj "$2" -out "$T/req.csr" &&
	CADIR=$1 openssl ca -config "$T/ca.cnf" -batch -in "$T/req.csr" \
	    -extensions "$4" -startdate "$5" -enddate "$6" -notext \
	    -out "$7" 2>/dev/null
}
