#!/bin/sh
# The civil-registry check: Muslims' marriages are the KUA's, their divorces
# the Pengadilan Agama's; Dukcapil refuses them (E-CIVIL-KUA), a Catholic
# marriage and a Pengadilan Negeri divorce pass.
. tests/cli/lib.sh
V="$BIN/segel-validate"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ok='{"type":"akta-perkawinan","id":"largest/akta-perkawinan:1","fields":{"nik_suami":"7501011204850003","nama_suami":"FRANSISKUS XAVERIUS ALEXANDER KRISTIANTO WIBISONO PANIGORO","tempat_lahir_suami":"KABUPATEN GORONTALO UTARA","tanggal_lahir_suami":"1985-04-12","kewarganegaraan_suami":"WNI","nik_istri":"7501015709880001","nama_istri":"MARIA MAGDALENA CHRISTINA NATALIA PUSPITASARI DUNGGIO","tempat_lahir_istri":"KOTA GORONTALO","tanggal_lahir_istri":"1988-09-17","kewarganegaraan_istri":"WNI","agama":"KATHOLIK","tempat_perkawinan":"GEREJA KATOLIK SANTO YOSEPH LIMBOTO, KABUPATEN GORONTALO","tanggal_perkawinan":"2021-03-10","nama_pemuka_agama":"RD. YOHANES BAPTISTA MANGUNWIJAYA SUKARNO, PR","kode_wilayah":"75.01.01.1003"}}'
printf '%s\n' "$ok" >$T/ok.jsonl
printf '%s\n' "$ok" | sed 's/"KATHOLIK"/"ISLAM"/; s/:1"/:islam"/' >$T/islam.jsonl
printf '%s\n' "$ok" | sed 's/"KATHOLIK"/"1"/; s/:1"/:code1"/' >$T/code1.jsonl
expect civil-catholic 0 "$V $T/ok.jsonl >/dev/null"
expect civil-islam 1 "$V $T/islam.jsonl >/dev/null"
expect civil-islam-code 1 "$V $T/code1.jsonl >/dev/null"
expect civil-islam-named 0 "$V -r $T/r.jsonl $T/islam.jsonl >/dev/null; grep -q E-CIVIL-KUA $T/r.jsonl"
div='{"type":"akta-perceraian","id":"largest/akta-perceraian:1","fields":{"nik_suami":"7501011204850003","nama_suami":"FRANSISKUS XAVERIUS ALEXANDER KRISTIANTO WIBISONO PANIGORO","nik_istri":"7501015709880001","nama_istri":"MARIA MAGDALENA CHRISTINA NATALIA PUSPITASARI DUNGGIO","no_akta_perkawinan":"7501-KW-10032021-0012","tanggal_perkawinan":"2021-03-10","nama_pengadilan":"PENGADILAN NEGERI LIMBOTO KELAS IB","nomor_putusan":"123/Pdt.G/2025/PN Lbo","tanggal_putusan":"2025-08-14","tanggal_perceraian":"2025-09-01","kode_wilayah":"75.01.01.1003"}}'
printf '%s\n' "$div" >$T/pn.jsonl
printf '%s\n' "$div" | sed 's/PENGADILAN NEGERI/Pengadilan Agama/' >$T/pa.jsonl
printf '%s\n' "$div" | sed "s/PENGADILAN NEGERI/MAHKAMAH SYAR'IYAH/" >$T/ms.jsonl
expect civil-divorce-pn 0 "$V $T/pn.jsonl >/dev/null"
expect civil-divorce-pa 1 "$V $T/pa.jsonl >/dev/null"
expect civil-divorce-ms 1 "$V $T/ms.jsonl >/dev/null"
