<?php
// The job as offices do it today, for the render benchmark: PHP with
// Debian's TCPDF, one PDF per signed record with the seal as TCPDF's own
// QR code (level M), Helvetica, written to a folder.  An akta kelahiran
// on A4 portrait; a Kartu Keluarga on A4 landscape with its member table.
//   php tests/bench/tcpdf.php RECORDS.jsonl OUTDIR
require_once('/usr/share/php/tcpdf/tcpdf.php');

$in = fopen($argv[1], 'r');
$outdir = $argv[2];
$n = 0;
while (($line = fgets($in)) !== false) {
    $r = json_decode($line, true);
    if ($r === null)
        continue;
    $f = $r['fields'];
    if ($r['type'] === 'kk') {
        kk($r, $outdir);
        $n++;
        continue;
    }
    $pdf = start('P', 'Akta Kelahiran', $r);
    $pdf->SetFont('helvetica', '', 10);
    $pdf->Cell(0, 5, 'REPUBLIK INDONESIA', 0, 1, 'C');
    $pdf->SetFont('helvetica', 'B', 11);
    $pdf->Cell(0, 6, strtoupper($r['issue']['office']), 0, 1, 'C');
    $pdf->SetFont('helvetica', 'B', 15);
    $pdf->Cell(0, 10, 'KUTIPAN AKTA KELAHIRAN', 0, 1, 'C');
    $pdf->SetFont('helvetica', '', 10);
    $pdf->Cell(0, 6, 'Nomor: ' . $r['issue']['number'], 0, 1, 'C');
    $pdf->Ln(4);
    $pdf->MultiCell(0, 5, 'Berdasarkan Undang-Undang Nomor 23 Tahun 2006 '
        . 'tentang Administrasi Kependudukan, dicatat bahwa di '
        . $f['tempat_lahir'] . ' pada tanggal ' . $f['tanggal_lahir']
        . ' telah lahir:', 0, 'L');
    $pdf->SetFont('helvetica', 'B', 14);
    $pdf->Cell(0, 10, $f['nama_lengkap'], 0, 1, 'C');
    $pdf->SetFont('helvetica', '', 10);
    foreach (array('nik' => 'NIK', 'jenis_kelamin' => 'Jenis Kelamin',
        'tempat_lahir' => 'Tempat Lahir', 'tanggal_lahir' => 'Tanggal Lahir',
        'jam_lahir' => 'Pukul', 'anak_ke' => 'Anak Ke',
        'nama_ayah' => 'Nama Ayah', 'nik_ayah' => 'NIK Ayah',
        'nama_ibu' => 'Nama Ibu', 'nik_ibu' => 'NIK Ibu',
        'kewarganegaraan' => 'Kewarganegaraan', 'no_kk' => 'Nomor KK',
        'kode_wilayah' => 'Kode Wilayah') as $k => $label) {
        $pdf->Cell(55, 5, $label, 0, 0);
        $pdf->Cell(0, 5, ': ' . (isset($f[$k]) ? $f[$k] : '-'), 0, 1);
    }
    finish($pdf, $r, $outdir, 18, 220, 50, 110, 230);
    $n++;
}
fwrite(STDERR, "tcpdf: $n PDFs\n");

function kk($r, $outdir)
{
    $f = $r['fields'];
    $pdf = start('L', 'Kartu Keluarga', $r);
    $pdf->SetFont('helvetica', 'B', 14);
    $pdf->Cell(0, 7, 'KARTU KELUARGA', 0, 1, 'C');
    $pdf->SetFont('helvetica', '', 10);
    $pdf->Cell(0, 5, 'No. ' . $f['no_kk'], 0, 1, 'C');
    foreach (array('alamat' => 'Alamat', 'rt' => 'RT', 'rw' => 'RW',
        'desa' => 'Desa/Kelurahan', 'kecamatan' => 'Kecamatan',
        'kabupaten' => 'Kabupaten/Kota', 'provinsi' => 'Provinsi',
        'kode_pos' => 'Kode Pos') as $k => $label) {
        $pdf->Cell(40, 4.5, $label, 0, 0);
        $pdf->Cell(0, 4.5, ': ' . (isset($f[$k]) ? $f[$k] : '-'), 0, 1);
    }
    $cols = array('nama_lengkap' => 45, 'nik' => 32, 'jenis_kelamin' => 22,
        'tempat_lahir' => 25, 'tanggal_lahir' => 20, 'agama' => 16,
        'pendidikan' => 35, 'pekerjaan' => 35, 'golongan_darah' => 12,
        'status_perkawinan' => 28);
    table($pdf, $f['anggota'], $cols);
    $pdf->Ln(2);
    table($pdf, $f['anggota'], array('status_hubungan' => 40,
        'kewarganegaraan' => 25, 'nama_ayah' => 50, 'nama_ibu' => 50,
        'tanggal_perkawinan' => 25));
    finish($pdf, $r, $outdir, 240, 150, 45, 150, 160);
}

function table($pdf, $members, $cols)
{
    $pdf->SetFont('helvetica', 'B', 7);
    $pdf->Cell(6, 5, 'No', 1, 0);
    foreach ($cols as $k => $w)
        $pdf->Cell($w, 5, strtoupper(str_replace('_', ' ', $k)), 1, 0);
    $pdf->Ln();
    $pdf->SetFont('helvetica', '', 7);
    foreach ($members as $i => $a) {
        $pdf->Cell(6, 4.5, $i + 1, 1, 0);
        foreach ($cols as $k => $w)
            $pdf->Cell($w, 4.5, isset($a[$k]) ? $a[$k] : '-', 1, 0);
        $pdf->Ln();
    }
}

function start($orientation, $title, $r)
{
    $pdf = new TCPDF($orientation, 'mm', 'A4', true, 'UTF-8', false);
    $pdf->setPrintHeader(false);
    $pdf->setPrintFooter(false);
    // Without this a QR near the bottom silently moves to a second page.
    $pdf->SetAutoPageBreak(false);
    $pdf->SetTitle($title . ' ' . $r['issue']['number']);
    $pdf->SetKeywords($r['seal']);
    $pdf->AddPage();
    return $pdf;
}

// The seal at (qx, qy), side mm; the signature block at (sx, sy); saved.
function finish($pdf, $r, $outdir, $qx, $qy, $side, $sx, $sy)
{
    $pdf->write2DBarcode($r['seal'], 'QRCODE,M', $qx, $qy, $side, $side,
        array('border' => false, 'padding' => 4, 'fgcolor' => array(0, 0, 0),
        'bgcolor' => array(255, 255, 255)), 'N');
    $pdf->SetXY($sx, $sy);
    $pdf->MultiCell(80, 5, 'Dikeluarkan tanggal ' . $r['issue']['issued']
        . "\nKEPALA " . strtoupper($r['issue']['office'])
        . "\nDitandatangani secara elektronik\n\n"
        . $r['issue']['official'] . "\nNIP. " . $r['issue']['nip'], 0, 'C');
    $name = preg_replace('/[^A-Za-z0-9._-]/', '_', $r['issue']['number']);
    $pdf->Output($outdir . '/' . $name . '.pdf', 'F');
}
