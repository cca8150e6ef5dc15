<?php
// The job as offices do it today, for the render benchmark: PHP with
// Debian's TCPDF, one PDF per signed record with the seal as TCPDF's own
// QR code (level M), Helvetica, written to a folder.
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
    $pdf = new TCPDF('P', 'mm', 'A4', true, 'UTF-8', false);
    $pdf->setPrintHeader(false);
    $pdf->setPrintFooter(false);
    // Without this a QR near the bottom silently moves to a second page.
    $pdf->SetAutoPageBreak(false);
    $pdf->SetTitle('Akta Kelahiran ' . $r['issue']['number']);
    $pdf->SetKeywords($r['seal']);
    $pdf->AddPage();
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
    $pdf->write2DBarcode($r['seal'], 'QRCODE,M', 18, 220, 50, 50,
        array('border' => false, 'padding' => 4, 'fgcolor' => array(0, 0, 0),
        'bgcolor' => array(255, 255, 255)), 'N');
    $pdf->SetXY(110, 230);
    $pdf->MultiCell(80, 5, 'Dikeluarkan tanggal ' . $r['issue']['issued']
        . "\nKEPALA " . strtoupper($r['issue']['office'])
        . "\nDitandatangani secara elektronik\n\n"
        . $r['issue']['official'] . "\nNIP. " . $r['issue']['nip'], 0, 'C');
    $name = preg_replace('/[^A-Za-z0-9._-]/', '_', $r['issue']['number']);
    $pdf->Output($outdir . '/' . $name . '.pdf', 'F');
    $n++;
}
fwrite(STDERR, "tcpdf: $n PDFs\n");
