#!/usr/bin/env python3
"""sealtool.py - byte-level helpers for making the conformance cases
(make-vectors.sh); needs python3 and the openssl command only.

  sealtool.py split SEAL DIR         signed.{bin,hex}, signature.{bin,hex}
  sealtool.py flip SEAL OFFSET       the seal with one bit of byte OFFSET
                                     of its signed bytes flipped
  sealtool.py region SEAL KEY VALUE  a kk seal re-signed with KEY (P-256)
                                     after its kode_wilayah was set to
                                     VALUE, or removed when VALUE is "-"
  sealtool.py sign-status KEY FILE   append the "sig" line of a status list
                                     (formats/status.md), P-256 key

The seal layout is formats/seal.md.  "region" knows one body only: the kk
seal of version 1 or 2, whose first fields are no_kk (7 bytes) and
kode_wilayah (str); it is how the verifier's own region check is tested
with seals today's segel-sign refuses to make.
"""
import base64
import subprocess
import sys
import zlib

A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45decode(text):
    if not text.startswith("SG1:"):
        raise SystemExit("not a seal")
    s, out = text[4:], bytearray()
    for i in range(0, len(s), 3):
        c = [A.index(x) for x in s[i:i + 3]]
        n = sum(v * 45 ** k for k, v in enumerate(c))
        out += n.to_bytes(2 if len(c) == 3 else 1, "big")
    return out


def b45encode(b):
    r = ""
    for i in range(0, len(b), 2):
        if i + 1 < len(b):
            n = b[i] * 256 + b[i + 1]
            r += A[n % 45] + A[n // 45 % 45] + A[n // 2025]
        else:
            r += A[b[i] % 45] + A[b[i] // 45]
    return "SG1:" + r


def uv(b, p):
    v = sh = 0
    while True:
        x = b[p]
        p += 1
        v |= (x & 0x7F) << sh
        sh += 7
        if not x & 0x80:
            return v, p


def header_end(b):
    p = 4
    n, p = uv(b, p)     # issuer
    p += n + 8          # key id
    n, p = uv(b, p)     # number
    p += n
    _, p = uv(b, p)     # issued
    return p


def der_ints(der):
    """(r, s) of a DER ECDSA-Sig-Value."""
    assert der[0] == 0x30
    p = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
    out = []
    for _ in range(2):
        assert der[p] == 0x02
        n = der[p + 1]
        out.append(int.from_bytes(der[p + 2:p + 2 + n], "big"))
        p += 2 + n
    return out


def sign_p256(key, data):
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key],
                         input=bytes(data), stdout=subprocess.PIPE,
                         check=True).stdout
    r, s = der_ints(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def main(argv):
    cmd = argv[1]
    if cmd == "split":
        b = b45decode(open(argv[2]).read().strip())
        d = argv[3]
        signed, sig = b[:-64], b[-64:]
        open(d + "/signed.bin", "wb").write(signed)
        open(d + "/signed.hex", "w").write(signed.hex() + "\n")
        open(d + "/signature.bin", "wb").write(sig)
        open(d + "/signature.hex", "w").write(sig.hex() + "\n")
    elif cmd == "flip":
        b = b45decode(argv[2].strip())
        b[int(argv[3])] ^= 0x01
        print(b45encode(b))
    elif cmd == "region":
        b = b45decode(argv[2].strip())
        signed = b[:-64]
        # kk seal versions: 1 has 7 top-level fields (a 1-byte presence
        # bitmap), 2 has 11 (2 bytes); both start no_kk, kode_wilayah
        nb = {1: 1, 2: 2}.get(signed[3])
        if signed[2] != 1 or nb is None or (signed[1] >> 1) & 7 != 0:
            raise SystemExit("region: a P-256 kk seal of version 1 or 2 only")
        h = header_end(signed)
        head, body = bytearray(signed[:h]), signed[h:]
        if head[1] & 1:
            body = zlib.decompress(bytes(body), -15)
        body = bytearray(body)
        if not body[0] & 2:
            raise SystemExit("region: the seal has no kode_wilayah")
        n, q = uv(body, nb + 7)
        if argv[4] == "-":
            body[0] &= ~2 & 0xFF
            del body[nb + 7:q + n]
        else:
            v = argv[4].encode()
            assert len(v) < 128
            body[nb + 7:q + n] = bytes([len(v)]) + v
        head[1] &= ~1 & 0xFF            # stored plain
        signed = head + body
        print(b45encode(signed + sign_p256(argv[3], signed)))
    elif cmd == "sign-status":
        body = open(argv[3], "rb").read()
        sig = sign_p256(argv[2], body)
        with open(argv[3], "ab") as f:
            f.write(b"sig " + base64.b64encode(sig) + b"\n")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
