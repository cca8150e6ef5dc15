#!/bin/sh
# Recreate testdata/bulk/ and testdata/broken/ from scratch.
#
#   sh tests/bench/gen-testdata.sh [TESTDATA_DIR]
#
# The output is committed; this script only exists so the sample folders can
# be regenerated or extended without hand-editing a few hundred rows.  It is
# deterministic (fixed seeds, no clock): running it twice gives identical
# bytes.  Needs python3 only.  Region codes and names were taken from
# wilayah_2025.csv (cahyadsn/wilayah, MIT License, (c) 2017-2025 Cahya DSN);
# when that table is at $WILAYAH (default /work/shared/data/wilayah/
# wilayah_2025.csv) every code and name used here is checked against it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/testdata}
WILAYAH=${WILAYAH:-/work/shared/data/wilayah/wilayah_2025.csv}
export WILAYAH
rm -rf "$out/bulk" "$out/broken"
mkdir -p "$out/bulk" "$out/broken"
python3 - "$out" <<'PY'
import sys, os, random, zlib, struct, gzip, math, datetime as dt

OUT = sys.argv[1]
D = dt.date
TODAY = D(2026, 10, 31)      # data cut-off: the exports are from Nov 2026
SIAK = D(2006, 3, 1)         # 16-digit KK numbers before this are unrealistic

# ---------------------------------------------------------------- regions
PROV = {'75': 'Gorontalo', '17': 'Bengkulu', '64': 'Kalimantan Timur',
        '53': 'Nusa Tenggara Timur', '91': 'Papua'}
KAB = {'75.01': 'Kabupaten Gorontalo', '17.08': 'Kabupaten Kepahiang',
       '64.09': 'Kabupaten Penajam Paser Utara',
       '53.14': 'Kabupaten Rote Ndao'}
KEC = {'75.01.01': 'Limboto', '75.01.02': 'Telaga', '75.01.03': 'Batudaa',
       '75.01.04': 'Tibawa', '17.08.01': 'Bermani Ilir',
       '17.08.04': 'Kepahiang', '17.08.05': 'Merigi',
       '17.08.06': 'Kebawetan', '64.09.01': 'Penajam', '64.09.02': 'Waru',
       '64.09.03': 'Babulu', '64.09.04': 'Sepaku',
       '53.14.01': 'Rote Barat Daya', '53.14.03': 'Lobalain',
       '53.14.04': 'Rote Tengah', '53.14.05': 'Pantai Baru'}
DESA = {'75.01.01.1003': 'Hunggaluwa', '75.01.01.1009': 'Biyonga',
        '75.01.02.2015': 'Luhu', '75.01.03.2004': 'Payunga',
        '75.01.04.2001': 'Isimu Utara', '17.08.04.1005': 'Pasar Ujung',
        '17.08.01.2004': 'Embong Ijuk', '17.08.05.2003': 'Taba Mulan',
        '17.08.06.2003': 'Tugu Rejo', '64.09.01.1009': 'Nipah-Nipah',
        '64.09.04.2004': 'Bumi Harapan', '64.09.02.2001': 'Api-api',
        '64.09.03.2006': 'Sebakung Jaya', '53.14.03.1001': 'Namodale',
        '53.14.01.2006': 'Oebou', '53.14.04.2001': 'Maubesi',
        '53.14.05.2001': 'Nusakdale'}

def check_table():
    path = os.environ.get('WILAYAH', '')
    if not os.path.exists(path):
        return
    tab = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            k, _, v = line.rstrip('\n').partition(',')
            tab[k] = v
    for d in (PROV, KAB, KEC, DESA):
        for k, v in d.items():
            if k == '91':
                continue
            assert tab.get(k) == v, (k, v, tab.get(k))
check_table()

# ---------------------------------------------------------------- helpers
def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)

def rdate(rng, a, b):
    if b < a:
        b = a
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))

def age(birth, at=TODAY):
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))

USED = set()

def serial_for(rng, prefix):
    # Real serials are small: the n-th person of that district and day.
    s = rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 7, 11, 12, 23, 31, 104])
    while prefix + '%04d' % s in USED:
        s += 1
    USED.add(prefix + '%04d' % s)
    return '%04d' % s

def make_nik(rng, kec6, birth, female):
    dd = birth.day + (40 if female else 0)
    pre = '%s%02d%02d%02d' % (kec6, dd, birth.month, birth.year % 100)
    return pre + serial_for(rng, pre)

def make_kk(rng, kec6, reg):
    pre = '%s%02d%02d%02d' % (kec6, reg.day, reg.month, reg.year % 100)
    return pre + serial_for(rng, pre)

# ---------------------------------------------------------------- cultures
# Given names (older generation, younger generation) and, where the
# culture has them, family names that children take from the father.
C = {}
C['gorontalo'] = dict(
    m=['MOHAMAD', 'RAHMAT', 'ARIFIN', 'HENDRA', 'FADLI', 'IRWAN', 'YUSUF',
       'SAFRUDIN', 'ISMAIL', 'RAMLI', 'SUKRI', 'YAMIN', 'ABDUL RAHMAN',
       'SUPRIADI', 'HAMID', 'KASIM', 'JUFRI', 'ZULKIFLI', 'NU\'MAN', 'ROSTAM'],
    f=['SITI', 'NURHAYATI', 'FATMAWATI', 'RISNAWATI', 'YUSNA', 'HARTATI',
       'NURAIN', 'ASNI', 'WIWIN', 'SARTIN', 'RAHMA', 'SUSANTI', 'NURMALA',
       'YULIN', 'HASNA', 'KARMILA', 'ISMA', 'NONCE'],
    m2=['RIZKY', 'FAHRI', 'ALDIANSYAH', 'MOH. RIFALDI', 'ARYA', 'FIKRAN',
        'RAFLI', 'ZULFIKAR', 'AHMAD FAUZAN', 'RIVALDI'],
    f2=['NURUL', 'SAFITRI', 'MAGFIRA', 'NADIA', 'AISYAH', 'SRI RAHAYU',
        'ANDINI', 'FITRIANI', 'NAZWA', 'ZAHRA'],
    fam=['PAKAYA', 'MOHI', 'BIKI', 'DAI', 'LAMATENGGO', 'HULUBANGGA', 'ISA',
         'NENTO', 'BOTUTIHE', 'POLAPA', 'MOOTALU', 'ABDULLAH', 'DUNDA',
         'LIHAWA', 'PANIGORO', 'KATILI', 'USMAN', 'HAMZAH', 'DJAFAR',
         'TAHIR', 'DUNGGIO', 'HIOLA', 'MOPANGGA', 'KADIR', 'DJAKARIA',
         'MONOARFA', 'TUNGGALI', 'BOUTY', 'ADAM', 'NUSI'],
    places=['LIMBOTO', 'GORONTALO', 'TELAGA', 'TIBAWA', 'ISIMU', 'BATUDAA',
            'BONGOMEME', 'KWANDANG', 'MANADO'],
    agama=[('ISLAM', 100)],
    jobm=['PETANI/PEKEBUN', 'WIRASWASTA', 'NELAYAN/PERIKANAN',
          'PEGAWAI NEGERI SIPIL', 'BURUH HARIAN LEPAS', 'SOPIR', 'PEDAGANG',
          'KARYAWAN HONORER', 'GURU', 'TUKANG BATU'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PEDAGANG',
          'GURU', 'BIDAN', 'WIRASWASTA', 'PEGAWAI NEGERI SIPIL'],
    streets=['JL. AGUS SALIM', 'JL. JEND. SUDIRMAN', 'JL. PALMA',
             'DUSUN I', 'DUSUN II', 'DUSUN III', 'JL. TRANS SULAWESI',
             'JL. KASMAT LAHAY'])
C['rejang'] = dict(
    m=['ROHIDIN', 'SUPARDI', 'DEDI HARTONO', 'ZULKARNAIN', 'HERMAN SAPUTRA',
       'HENDRI YANTO', 'JUNAIDI', 'SARWONO', 'IMAM SAFI\'I', 'YULIAN',
       'EDI SURYADI', 'SAIPUL ANWAR', 'ASWAN', 'HARDIANSYAH',
       'MUHAMMAD RIDWAN', 'TARMIZI', 'RUSLAN', 'DARMAWAN', 'ARIS MUNANDAR',
       'KASMIRI', 'ZAINAL ABIDIN'],
    f=['MERI YANTI', 'SRI WAHYUNI', 'YULIA NINGSIH', 'DESI RATNASARI',
       'ROHANA', 'SALIMAH', 'LENI MARLINA', 'SUSI SUSANTI', 'RINA HARTATI',
       'NURLELA', 'YUSNIDAR', 'MARLENI', 'SITI AMINAH', 'DEWI SARTIKA',
       'ELVI YANTI', 'MASNUN', 'JAMILAH', 'RUSMINI'],
    m2=['RIO APRIANSYAH', 'AZKA ALFARIZI', 'RAFA ADITYA', 'M. FARHAN',
        'DIMAS PRATAMA', 'FATHIR RAMADHAN', 'ARKAN', 'REZA FIRMANSYAH',
        'BAYU SAPUTRA', 'ALIF NUR HIDAYAT'],
    f2=['NAYLA PUTRI', 'ZAHRA AULIA', 'AISYAH NURFADILAH', 'KEISYA',
        'SALSABILA', 'RISKA AMELIA', 'FEBI ANGGRAINI', 'EKA PUTRI',
        'INTAN PERMATA SARI', 'TIARA ANDINI'],
    fam=None,
    places=['KEPAHIANG', 'CURUP', 'BENGKULU', 'KABAWETAN', 'PAGAR ALAM',
            'LAHAT', 'TEBAT KARAI', 'UJAN MAS', 'REJANG LEBONG'],
    agama=[('ISLAM', 97), ('KRISTEN', 3)],
    jobm=['PETANI/PEKEBUN', 'PETANI/PEKEBUN', 'BURUH TANI/PERKEBUNAN',
          'WIRASWASTA', 'PEDAGANG', 'PEGAWAI NEGERI SIPIL', 'GURU',
          'KARYAWAN SWASTA', 'SOPIR'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PETANI/PEKEBUN',
          'PEDAGANG', 'GURU', 'PERAWAT'],
    streets=['JL. LINTAS KEPAHIANG-CURUP', 'JL. SANTOSO', 'DUSUN I',
             'DUSUN II', 'JL. PASAR UJUNG', 'DUSUN III', 'JL. DESA'])
C['jawa'] = dict(
    m=['SUTRISNO', 'AGUS SANTOSO', 'BAMBANG SUPRIYANTO', 'SLAMET RIYADI',
       'WAHYU NUGROHO', 'SUKIRNO', 'TRI HARYANTO', 'JOKO PURNOMO',
       'PONIMAN', 'SUGENG', 'KATIMIN', 'SARDJONO', 'MUJIONO', 'SUPARNO'],
    f=['SRI WAHYUNI', 'PUJI LESTARI', 'SUPARMI', 'TRI WULANDARI',
       'SITI MUNAROH', 'ENDANG SUSILOWATI', 'SUMIATI', 'WARTINI',
       'DWI RAHAYU', 'TUMINAH', 'SUPINAH', 'KASIYEM'],
    m2=['ADITYA PRATAMA', 'FAJAR NUGROHO', 'DIMAS SETIAWAN',
        'RIZAL MAULANA', 'BAGAS SAPUTRA', 'GALIH PAMUNGKAS', 'ILHAM AKBAR',
        'EKO PRASETYO', 'ANDRI KURNIAWAN', 'YOGA PRATAMA', 'DANU WIJAYA',
        'RENDI SETIAWAN'],
    f2=['NOVI ANDRIANI', 'AYU LESTARI', 'DEWI ANGGRAENI', 'NUR AINI',
        'WULAN SARI', 'SEKAR AYU', 'ANISA RAHMAWATI', 'RATNA SARI',
        'INDAH PERMATASARI', 'FITRI HANDAYANI', 'LUTFIANA', 'DIAN PUSPITA'],
    fam=None,
    places=['PONOROGO', 'MALANG', 'BLITAR', 'KEDIRI', 'NGAWI', 'KLATEN',
            'WONOGIRI', 'BANYUMAS'],
    local=None,
    agama=[('ISLAM', 92), ('KRISTEN', 5), ('KATOLIK', 3)],
    jobm=['PETANI/PEKEBUN', 'PETANI/PEKEBUN', 'BURUH TANI/PERKEBUNAN',
          'WIRASWASTA', 'KARYAWAN SWASTA', 'BURUH HARIAN LEPAS', 'TUKANG KAYU',
          'GURU'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PETANI/PEKEBUN',
          'PEDAGANG', 'GURU'],
    streets=['JL. POROS SEPAKU', 'JL. NUSANTARA', 'JL. MERDEKA', 'RT. 06',
             'JL. PEMUDA', 'JL. SIMPANG SEPAKU'])
C['bugis'] = dict(
    m=['MUH. ARSYAD', 'SUDIRMAN', 'HAERUDDIN', 'BASO', 'AMBO TANG',
       'ANDI MAPPANGARA', 'SYAMSUDDIN', 'ABD. RAHMAN', 'NASRULLAH',
       'HASANUDDIN', 'LA TANRO', 'MUSTAMIN'],
    f=['HASNAWATI', 'NURHAEDA', 'SITTI AISYAH', 'BECCE', 'ANDI NURLIAH',
       'ST. HAJAR', 'RAHMAWATI', 'NURHIDAYAH', 'HADIJAH', 'BUNGA'],
    m2=['MUH. FADIL', 'ANDI AKBAR', 'ASRUL', 'MUH. RIZAL', 'IKHSAN',
        'FADLI ANUGRAH', 'MUH. ALIF', 'ARDIANSYAH', 'SAHRUL', 'MUH. ILHAM',
        'ANDI FARID', 'RISALDI'],
    f2=['NURFADILLAH', 'ANDI TENRI', 'MUTMAINNAH', 'SRI WAHYUNINGSIH',
        'ASTUTI', 'NURUL HIKMAH', 'HASRIANI', 'NUR INDAH SARI', 'RISMAWATI',
        'WAHYUNI', 'ANDI MUSDALIFAH', 'SUKMAWATI'],
    fam=None,
    places=['BONE', 'SOPPENG', 'WAJO', 'PAREPARE', 'SINJAI', 'BULUKUMBA'],
    agama=[('ISLAM', 100)],
    jobm=['NELAYAN/PERIKANAN', 'PEDAGANG', 'WIRASWASTA', 'BURUH HARIAN LEPAS',
          'PETANI/PEKEBUN', 'SOPIR'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PEDAGANG',
          'WIRASWASTA'],
    streets=['JL. PROPINSI KM. 4', 'JL. NIPAH-NIPAH', 'JL. KOPER',
             'JL. SULTAN HASANUDDIN', 'JL. PANTAI LAMARU'])
C['paser'] = dict(
    m=['ASPIANSYAH', 'JUMRIANSYAH', 'ARBAIN', 'BAHRUN', 'ADJI SURYA',
       'SYAHRANI', 'NORDIN', 'ABDUL GANI', 'RUSDIANSYAH', 'MISRANSYAH',
       'IDRIS', 'ADERIANSYAH'],
    f=['MASNIAH', 'NORHAYATI', 'SALASIAH', 'NORJANAH', 'MASITAH',
       'JUMIATI', 'ISNAWATI', 'HAMSIAH', 'NORLIANI', 'ASMAH', 'FATIMAH',
       'SARIAH', 'NORSIDAH', 'ARBAYAH', 'RUSMINAH'],
    m2=['MUHAMMAD RIZKI', 'AHMAD YANI', 'NOR HALIM', 'RAHMADANI',
        'ZAINUDDIN', 'AKHMAD FAUZI', 'MUHAMMAD NOOR', 'RIDHO ANSYARI',
        'FIRMANSYAH', 'SYAHRIL', 'HERIANSYAH', 'NOOR ARIFIN'],
    f2=['NOR AULIA', 'SITI NURBAYA', 'RAHMI', 'NORSYIFA', 'NADIRA',
        'AMELIA PUTRI', 'NORLAILA', 'SITI RAHMAH', 'RAUDAH', 'NUR AZIZAH',
        'MARIATUL KIPTIAH', 'SYIFA AULIA'],
    fam=None,
    places=['PENAJAM', 'WARU', 'TANAH GROGOT', 'BALIKPAPAN', 'LONG IKIS',
            'BABULU'],
    agama=[('ISLAM', 100)],
    jobm=['NELAYAN/PERIKANAN', 'PETANI/PEKEBUN', 'BURUH HARIAN LEPAS',
          'PEGAWAI NEGERI SIPIL', 'WIRASWASTA', 'KARYAWAN SWASTA'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PETANI/PEKEBUN',
          'PEDAGANG', 'GURU'],
    streets=['JL. PROPINSI KM. 1', 'JL. PANGLIMA SENTIK', 'JL. POROS WARU',
             'JL. PANTAI API-API', 'RT. 03 DUSUN API-API'])
C['tionghoa'] = dict(
    m=['HENDRA WIJAYA', 'BUDI SANTOSO', 'TJHANG AKIONG', 'SUGIANTO'],
    f=['LIANA TJANDRA', 'MEILINA', 'LIE SIOK LAN', 'SUSANTI HALIM'],
    m2=['KEVIN WIJAYA', 'STEVEN WIJAYA', 'JONATHAN'],
    f2=['MICHELLE WIJAYA', 'JESSICA', 'ANGELINA WIJAYA'],
    fam=None, places=['BALIKPAPAN', 'SAMARINDA', 'SURABAYA'],
    agama=[('BUDDHA', 100)],
    jobm=['PERDAGANGAN', 'WIRASWASTA'], jobf=['MENGURUS RUMAH TANGGA',
                                              'PERDAGANGAN'],
    streets=['JL. PROPINSI KM. 2 (DEPAN PASAR)'])
C['toraja'] = dict(
    m=['YOHANIS PALINGGI', 'MARKUS TANDI', 'DANIEL RANTE'],
    f=['MARTHA RANTE ALLO', 'YULIANA PAKONDO', 'DORCE SAMBO'],
    m2=['YOEL TANDI', 'ARYA PALINGGI', 'GERALD'],
    f2=['GRACE PALINGGI', 'NATASYA', 'CHRISTY TANDI'],
    fam=None, places=['MAKALE', 'RANTEPAO', 'MAKASSAR'],
    agama=[('KRISTEN', 100)],
    jobm=['KARYAWAN SWASTA', 'GURU', 'WIRASWASTA'],
    jobf=['MENGURUS RUMAH TANGGA', 'GURU', 'PERAWAT'],
    streets=['JL. SUKARNO HATTA'])
C['rote'] = dict(
    m=['YOHANIS', 'YAKOBUS', 'MARKUS', 'DOMINGGUS', 'FERDINAN', 'MARTHEN',
       'SEMUEL', 'DANIEL', 'OKTOVIANUS', 'YEREMIAS', 'ABRAHAM', 'NIKODEMUS',
       'ARNOLDUS', 'PETRUS', 'STEFANUS', 'ADRIANUS', 'ELIEZER', 'YULIUS'],
    f=['MARIA', 'YULIANA', 'AGUSTINA', 'KRISTINA', 'DEBORA', 'ESTER',
       'NAOMI', 'RUT', 'SELFINA', 'ORPA', 'MARTHA', 'MERSI', 'YOHANA',
       'SARLOTA', 'DORKAS', 'MARGARETHA', 'ANTONETA', 'LODIA'],
    m2=['JUAN', 'VALENTINO', 'FEBRYANTO', 'GILBERT', 'RONALDO', 'YOSUA',
        'MIKHAEL', 'JEFRI'],
    f2=['GRACIA', 'ANGELINA', 'CHRISTIN', 'NATALIA', 'FEBRIANA', 'VALENCIA',
        'YUNITA', 'AYU'],
    mid=['FRANS', 'AGUSTINUS', 'HENDRIK', 'ALFRED', 'PAULUS', 'ELISABETH',
         'FRANSISKA', 'ADOLFINA'],
    fam=['NDUN', 'PELLO', 'MANAFE', 'ZACHARIAS', 'LENGGU', 'MOOY', 'NDOLU',
         'HANING', 'MESSAKH', 'FANGGIDAE', 'LUSI', 'NALLE', 'SINLAE', 'TULLE',
         'HENUK', 'ADU', 'NDOEN', 'NDAOMANU', 'BESSIE', 'DETHAN', 'MBUIK',
         'FEOH', 'BALLO', 'KIUK', 'TOSI', 'PANIE', 'LAIN'],
    places=['BA\'A', 'ROTE', 'KUPANG', 'BUSALANGGA', 'OELABA', 'NAMODALE',
            'OEBOU', 'MAUBESI', 'SOE'],
    agama=[('KRISTEN', 85), ('KATOLIK', 10), ('ISLAM', 5)],
    jobm=['PETANI/PEKEBUN', 'PETANI/PEKEBUN', 'NELAYAN/PERIKANAN',
          'PETERNAK', 'WIRASWASTA', 'GURU', 'PEGAWAI NEGERI SIPIL',
          'BURUH HARIAN LEPAS', 'TUKANG KAYU'],
    jobf=['MENGURUS RUMAH TANGGA', 'MENGURUS RUMAH TANGGA', 'PETANI/PEKEBUN',
          'GURU', 'BIDAN', 'WIRASWASTA'],
    streets=['DUSUN I', 'DUSUN II', 'DUSUN III', 'JL. LEKUNIK',
             'JL. SUKARNO', 'JL. POROS BA\'A-PAPELA'])

def wpick(rng, pairs):
    tot = sum(w for _, w in pairs)
    x = rng.randint(1, tot)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]

# ---------------------------------------------------------------- people
class Ctx:
    def __init__(self, seed, desa, culture, postcode, local_places=None,
                 cultures=None):
        self.rng = random.Random(seed)
        self.desa = desa
        self.kec = desa[:8]
        self.kab = desa[:5]
        self.prov = desa[:2]
        self.kec6 = self.kec.replace('.', '')
        self.culture = culture
        self.cultures = cultures or [(culture, 1)]
        self.postcode = postcode
        self.local = local_places or C[culture]['places'][:3]
        self.names = set()

def gname(ctx, cul, sex, young, fam=None, avoid=()):
    rng = ctx.rng
    c = C[cul]
    for _ in range(200):
        pool = c[('m2' if young else 'm') if sex == 'L' else
                 ('f2' if young else 'f')]
        n = rng.choice(pool)
        if c.get('mid') and rng.random() < 0.35:
            mids = c['mid'][:5] if sex == 'L' else c['mid'][5:]
            n += ' ' + rng.choice(mids)
        if c['fam']:
            n += ' ' + (fam or rng.choice(c['fam']))
        # unique within the folder while the pool lasts; common names do
        # repeat across families in a real village
        if n not in avoid and (n not in ctx.names or _ > 60):
            ctx.names.add(n)
            return n
    raise SystemExit('out of names for ' + cul)

def school(rng, birth, job=None):
    a = age(birth)
    if a < 5:
        return 'TIDAK/BELUM SEKOLAH'
    if a < 12:
        return 'BELUM TAMAT SD/SEDERAJAT'
    if a < 15:
        return 'TAMAT SD/SEDERAJAT'
    if a < 18:
        return 'SLTP/SEDERAJAT'
    if job in ('PEGAWAI NEGERI SIPIL', 'GURU', 'BIDAN', 'PERAWAT'):
        return rng.choice(['DIPLOMA IV/STRATA I', 'DIPLOMA IV/STRATA I',
                           'AKADEMI/DIPLOMA III/S. MUDA'])
    if birth.year < 1960:
        return rng.choice(['TIDAK/BELUM SEKOLAH', 'BELUM TAMAT SD/SEDERAJAT',
                           'TAMAT SD/SEDERAJAT'])
    return wpick(rng, [('TAMAT SD/SEDERAJAT', 3), ('SLTP/SEDERAJAT', 3),
                       ('SLTA/SEDERAJAT', 5), ('DIPLOMA I/II', 1),
                       ('DIPLOMA IV/STRATA I', 2)])

def job(rng, cul, sex, birth):
    a = age(birth)
    if a < 5:
        return 'BELUM/TIDAK BEKERJA'
    if a < 19:
        return 'PELAJAR/MAHASISWA'
    if a < 23 and rng.random() < 0.6:
        return 'PELAJAR/MAHASISWA'
    if a > 70:
        return rng.choice(['BELUM/TIDAK BEKERJA', 'PENSIUNAN'
                           if rng.random() < 0.2 else 'BELUM/TIDAK BEKERJA'])
    return rng.choice(C[cul]['jobm' if sex == 'L' else 'jobf'])

def blood(rng):
    return wpick(rng, [('TIDAK TAHU', 12), ('O', 3), ('A', 2), ('B', 2),
                       ('AB', 1), ('O+', 1)])

def person(ctx, cul, sex, birth, name, place, agama, hub, kawin,
           tglkawin=None, ayah='', ibu=''):
    rng = ctx.rng
    j = job(rng, cul, sex, birth)
    if hub == 'KEPALA KELUARGA' and j in ('PELAJAR/MAHASISWA',
                                         'BELUM/TIDAK BEKERJA') \
            and age(birth) < 60:
        j = rng.choice(C[cul]['jobm' if sex == 'L' else 'jobf'][1:])
    if hub == 'ISTRI' and j == 'PELAJAR/MAHASISWA':
        j = 'MENGURUS RUMAH TANGGA'
    return dict(nama=name, jk=sex, tempat=place, lahir=birth, agama=agama,
                pendidikan=school(rng, birth, j), pekerjaan=j,
                gol=blood(rng), kawin=kawin, tglkawin=tglkawin, hub=hub,
                wn='WNI', paspor='', kitap='', ayah=ayah, ibu=ibu,
                nik=make_nik(rng, ctx.kec6, birth, sex == 'P'), cul=cul)

def parent_names(ctx, cul, surname):
    f = gname(ctx, cul, 'L', False, surname)
    m = gname(ctx, cul, 'P', False)
    return f, m

def surname_of(cul, name):
    return name.split()[-1] if C[cul]['fam'] else None

def children(ctx, cul, fam_surname, father, mother, start, agama, n_max,
             local=True):
    """Children of father/mother (person dicts), born from date start."""
    rng = ctx.rng
    out = []
    d = start + dt.timedelta(days=rng.randint(280, 800))
    limit = min(TODAY - dt.timedelta(days=40), add_years(mother['lahir'], 43))
    while len(out) < n_max and d <= limit:
        sex = rng.choice('LP')
        young = d.year >= 2000
        name = gname(ctx, cul, sex, young, fam_surname,
                     avoid={c['nama'] for c in out})
        place = rng.choice(ctx.local) if local else rng.choice(C[cul]['places'])
        c = person(ctx, cul, sex, d, name, place, agama, 'ANAK',
                   'BELUM KAWIN', None, father['nama'] if father else '',
                   mother['nama'])
        out.append(c)
        d = d + dt.timedelta(days=rng.randint(480, 1900))
    return out

def kk_date(rng, start):
    d = start + dt.timedelta(days=rng.randint(20, 300))
    if d < SIAK:
        d = rdate(rng, SIAK, D(2013, 12, 31))
    return min(d, TODAY - dt.timedelta(days=5))

def new_family(ctx, kind=None, cul=None, extra=None):
    """One KK: kind is couple, extended, single, alone, widow."""
    rng = ctx.rng
    cul = cul or wpick(rng, ctx.cultures)
    c = C[cul]
    kind = kind or wpick(rng, [('couple', 10), ('extended', 2),
                               ('single', 2), ('alone', 1), ('widow', 1)])
    agama = wpick(rng, c['agama'])
    migrant = cul in ('jawa', 'bugis', 'tionghoa', 'toraja') or \
        ctx.culture != cul
    members = []
    fam_s = rng.choice(c['fam']) if c['fam'] else None
    def birthplace():
        return rng.choice(c['places'] if migrant else
                          ctx.local + c['places'])
    if kind in ('couple', 'extended', 'young'):
        if kind == 'extended':
            hb = rdate(rng, D(1948, 1, 1), D(1962, 12, 31))
        elif kind == 'young':
            hb = rdate(rng, D(1990, 1, 1), D(2000, 12, 31))
        else:
            hb = rdate(rng, D(1960, 1, 1), D(1999, 12, 31))
        wb = hb + dt.timedelta(days=rng.randint(-700, 3300))
        wb = min(wb, D(2004, 12, 31))
        mlo = max(add_years(wb, 19), add_years(hb, 21))
        mar = rdate(rng, mlo, min(add_years(mlo, 6),
                                  TODAY - dt.timedelta(days=120)))
        ha, hi = parent_names(ctx, cul, fam_s)
        kep = person(ctx, cul, 'L', hb, gname(ctx, cul, 'L', hb.year >= 2000,
                     fam_s), birthplace(), agama, 'KEPALA KELUARGA',
                     'KAWIN TERCATAT', mar, ha, hi)
        ws = rng.choice(c['fam']) if c['fam'] else None
        wa, wi = parent_names(ctx, cul, ws)
        ist = person(ctx, cul, 'P', wb, gname(ctx, cul, 'P', wb.year >= 2000,
                     ws), birthplace(), agama, 'ISTRI', 'KAWIN TERCATAT', mar,
                     wa, wi)
        if rng.random() < 0.12 and cul in ('rote', 'paser'):
            kep['kawin'] = ist['kawin'] = 'KAWIN BELUM TERCATAT'
            kep['tglkawin'] = ist['tglkawin'] = None
        members = [kep, ist]
        nmax = rng.choice([3, 4, 5]) if kind == 'extended' else \
            rng.choice([0, 1, 2, 2, 3, 3, 4, 5])
        kids = children(ctx, cul, fam_s, kep, ist, mar, agama, nmax)
        members += kids
        kkd = kk_date(rng, mar)
        if kind == 'extended':
            sons = [k for k in kids if k['jk'] == 'L' and age(k['lahir']) >= 23]
            if sons:
                s = sons[0]
                smar = rdate(rng, add_years(s['lahir'], 21),
                             min(add_years(s['lahir'], 30),
                                 TODAY - dt.timedelta(days=400)))
                if smar < TODAY - dt.timedelta(days=400):
                    s['kawin'] = 'KAWIN TERCATAT'
                    s['tglkawin'] = smar
                    if s['pekerjaan'] == 'PELAJAR/MAHASISWA':
                        s['pekerjaan'] = rng.choice(c['jobm'])
                    mb = s['lahir'] + dt.timedelta(days=rng.randint(-400, 2200))
                    mb = min(mb, add_years(smar, -18))
                    ms = rng.choice(c['fam']) if c['fam'] else None
                    ma, mi = parent_names(ctx, cul, ms)
                    men = person(ctx, cul, 'P', mb, gname(ctx, cul, 'P',
                                 mb.year >= 2000, ms), birthplace(), agama,
                                 'MENANTU', 'KAWIN TERCATAT', smar, ma, mi)
                    if men['pekerjaan'] == 'PELAJAR/MAHASISWA':
                        men['pekerjaan'] = 'MENGURUS RUMAH TANGGA'
                    members.insert(members.index(s) + 1, men)
                    room = 10 - len(members)
                    cucu = children(ctx, cul, fam_s, s, men, smar, agama,
                                    min(room, 2))
                    for x in cucu:
                        x['hub'] = 'CUCU'
                    members += cucu
        elif rng.random() < 0.3 and len(members) < 10:
            # a widowed parent living in: of the husband (ORANG TUA) or of
            # the wife (MERTUA); the child's nama_ibu is her name.
            tgt = kep if rng.random() < 0.5 else ist
            pb = add_years(tgt['lahir'], -rng.randint(20, 36)) + \
                dt.timedelta(days=rng.randint(0, 300))
            pa, pi = parent_names(ctx, cul, rng.choice(c['fam']) if c['fam']
                                  else None)
            par = person(ctx, cul, 'P', pb, tgt['ibu'], birthplace(), agama,
                         'ORANG TUA' if tgt is kep else 'MERTUA',
                         'CERAI MATI', None, pa, pi)
            members.append(par)
        if rng.random() < 0.15 and len(members) < 10:
            nb = rdate(rng, D(2003, 1, 1), D(2010, 12, 31))
            fl = person(ctx, cul, rng.choice('LP'), nb,
                        gname(ctx, cul, rng.choice('LP'), True,
                              rng.choice(c['fam']) if c['fam'] else None),
                        birthplace(), agama, 'FAMILI LAIN', 'BELUM KAWIN',
                        None, *parent_names(ctx, cul, None if not c['fam']
                                            else rng.choice(c['fam'])))
            # sex must match the name pool: regenerate name consistently
            fl['nama'] = gname(ctx, cul, fl['jk'], True,
                               rng.choice(c['fam']) if c['fam'] else None)
            members.append(fl)
    elif kind == 'single':
        wb = rdate(rng, D(1965, 1, 1), D(1992, 12, 31))
        mar = rdate(rng, add_years(wb, 19), add_years(wb, 26))
        hs = fam_s
        husband = dict(nama=gname(ctx, cul, 'L', False, hs),
                       lahir=wb - dt.timedelta(days=900))
        wa, wi = parent_names(ctx, cul, rng.choice(c['fam']) if c['fam']
                              else None)
        st = rng.choice(['CERAI MATI', 'CERAI HIDUP'])
        kep = person(ctx, cul, 'P', wb, gname(ctx, cul, 'P', False,
                     rng.choice(c['fam']) if c['fam'] else None),
                     birthplace(), agama, 'KEPALA KELUARGA', st, None, wa, wi)
        if kep['pekerjaan'] == 'MENGURUS RUMAH TANGGA':
            kep['pekerjaan'] = rng.choice(['PEDAGANG', 'PETANI/PEKEBUN',
                                           'WIRASWASTA'])
        members = [kep] + children(ctx, cul, hs, husband, kep, mar, agama,
                                   rng.choice([1, 2, 3]))
        kkd = kk_date(rng, max(mar, add_years(mar, rng.randint(6, 14))))
    elif kind == 'alone':
        b = rdate(rng, D(1988, 1, 1), D(2001, 12, 31))
        a_, i_ = parent_names(ctx, cul, fam_s)
        kep = person(ctx, cul, 'L', b, gname(ctx, cul, 'L', b.year >= 1995,
                     fam_s), birthplace(), agama, 'KEPALA KELUARGA',
                     'BELUM KAWIN', None, a_, i_)
        members = [kep]
        kkd = kk_date(rng, add_years(b, rng.randint(20, 24)))
    else:  # widow living alone
        b = rdate(rng, D(1940, 1, 1), D(1958, 12, 31))
        a_, i_ = parent_names(ctx, cul, rng.choice(c['fam']) if c['fam']
                              else None)
        kep = person(ctx, cul, 'P', b, gname(ctx, cul, 'P', False,
                     rng.choice(c['fam']) if c['fam'] else None),
                     birthplace(), agama, 'KEPALA KELUARGA', 'CERAI MATI',
                     None, a_, i_)
        kep['pekerjaan'] = 'BELUM/TIDAK BEKERJA'
        members = [kep]
        kkd = kk_date(rng, add_years(b, 30))
    kkd = max(kkd, add_years(members[0]['lahir'], 17))
    if extra:
        extra(ctx, members)
    st = rng.choice(c['streets'])
    return dict(no_kk=make_kk(rng, ctx.kec6, kkd), kkdate=kkd,
                members=members[:10], cul=cul,
                alamat=st + ('' if st.startswith(('DUSUN', 'RT')) else
                             ' NO. %d' % rng.randint(1, 120)),
                rt='%03d' % rng.randint(1, 12), rw='%03d' % rng.randint(1, 5),
                kode_pos=ctx.postcode, ctx=ctx, lampiran='')

# ---------------------------------------------------------------- output
def fmt_date(d, style):
    if d is None:
        return ''
    if style == 'iso':
        return d.isoformat()
    s = '/' if style == 'dmy/' else '-'
    return '%02d%s%02d%s%04d' % (d.day, s, d.month, s, d.year)

JK = {'full': {'L': 'LAKI-LAKI', 'P': 'PEREMPUAN'},
      'lp': {'L': 'L', 'P': 'P'}}

def kk_rows(fams, opt):
    rows = []
    for f in fams:
        ctx = f['ctx']
        for i, p in enumerate(f['members']):
            r = dict(no_kk=f['no_kk'], nik=p['nik'], nama_lengkap=p['nama'],
                     jenis_kelamin=JK[opt.get('jk', 'full')][p['jk']],
                     tempat_lahir=p['tempat'],
                     tanggal_lahir=fmt_date(p['lahir'], opt['date']),
                     agama=p['agama'], pendidikan=p['pendidikan'],
                     pekerjaan=p['pekerjaan'], golongan_darah=p['gol'],
                     status_perkawinan=p['kawin'],
                     tanggal_perkawinan=fmt_date(p['tglkawin'], opt['date']),
                     status_hubungan=p['hub'], kewarganegaraan=p['wn'],
                     no_paspor=p['paspor'], no_kitap=p['kitap'],
                     nama_ayah=p['ayah'], nama_ibu=p['ibu'],
                     alamat=f['alamat'], rt=f['rt'], rw=f['rw'],
                     kode_pos=f['kode_pos'], kode_wilayah=ctx.desa,
                     desa=DESA.get(ctx.desa, ''), kecamatan=KEC.get(ctx.kec, ''),
                     kabupaten=KAB.get(ctx.kab, ''),
                     provinsi=PROV.get(ctx.prov, ''),
                     lampiran=f['lampiran'] if (i == 0 or not
                                                opt.get('lampiran_first'))
                     else '')
            r.update(p.get('override', {}))
            r.update(f.get('override', {}))
            rows.append(r)
    return rows

def restyle(rows, opt):
    var = opt.get('variants', {})
    codes = ('agama', 'pendidikan', 'pekerjaan', 'golongan_darah',
             'status_perkawinan', 'status_hubungan', 'kewarganegaraan',
             'jenis_kelamin')
    for r in rows:
        for k in codes:
            if k in r and r[k] in var:
                r[k] = var[r[k]]
            if opt.get('titlecase') and k in r and k not in (
                    'pendidikan', 'kewarganegaraan'):
                # as typed by hand: "Pelajar/Mahasiswa", "Laki-laki"
                r[k] = ' '.join('/'.join(p.capitalize() for p in w.split('/'))
                                for w in r[k].split(' '))
        if opt.get('region_upper'):
            for k in ('desa', 'kecamatan', 'kabupaten', 'provinsi'):
                if k in r:
                    r[k] = r[k].upper()
    return rows

def csv_line(vals, sep):
    out = []
    for v in vals:
        v = str(v)
        if any(ch in v for ch in (sep, '"', '\n', '\r')) or v != v.strip():
            v = '"' + v.replace('"', '""') + '"'
        out.append(v)
    return sep.join(out)

def write_csv(path, cols, rows, opt):
    sep = {'semi': ';', 'comma': ',', 'tab': '\t'}[opt['sep']]
    eol = opt.get('eol', '\n')
    lines = [csv_line([h for h, _ in cols], sep)]
    for r in rows:
        lines.append(csv_line([r.get(k, '') for _, k in cols], sep))
    text = eol.join(lines) + eol
    enc = opt.get('enc', 'utf-8')
    data = text.encode('cp1252' if enc == 'cp1252' else 'utf-8')
    if enc == 'utf-8-bom':
        data = b'\xef\xbb\xbf' + data
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as fp:
        fp.write(data)

H_KK_OFFICIAL = [
    ('NO KK', 'no_kk'), ('NIK', 'nik'), ('NAMA LENGKAP', 'nama_lengkap'),
    ('JENIS KELAMIN', 'jenis_kelamin'), ('TEMPAT LAHIR', 'tempat_lahir'),
    ('TANGGAL LAHIR', 'tanggal_lahir'), ('AGAMA', 'agama'),
    ('PENDIDIKAN', 'pendidikan'), ('JENIS PEKERJAAN', 'pekerjaan'),
    ('GOLONGAN DARAH', 'golongan_darah'),
    ('STATUS PERKAWINAN', 'status_perkawinan'),
    ('TANGGAL PERKAWINAN', 'tanggal_perkawinan'),
    ('STATUS HUBUNGAN DALAM KELUARGA', 'status_hubungan'),
    ('KEWARGANEGARAAN', 'kewarganegaraan'), ('NO PASPOR', 'no_paspor'),
    ('NO KITAP', 'no_kitap'), ('NAMA AYAH', 'nama_ayah'),
    ('NAMA IBU', 'nama_ibu'), ('ALAMAT', 'alamat'), ('RT', 'rt'),
    ('RW', 'rw'), ('KODE POS', 'kode_pos'), ('KODE WILAYAH', 'kode_wilayah'),
    ('DESA/KELURAHAN', 'desa'), ('KECAMATAN', 'kecamatan'),
    ('KABUPATEN/KOTA', 'kabupaten'), ('PROVINSI', 'provinsi'),
    ('LAMPIRAN', 'lampiran')]
H_KK_ALT1 = [
    ('No. KK', 'no_kk'), ('NIK', 'nik'), ('Nama_Lengkap', 'nama_lengkap'),
    ('L/P', 'jenis_kelamin'), ('Tempat_Lahir', 'tempat_lahir'),
    ('Tgl_Lahir', 'tanggal_lahir'), ('Agama', 'agama'),
    ('Pendidikan', 'pendidikan'), ('Pekerjaan', 'pekerjaan'),
    ('Gol. Darah', 'golongan_darah'),
    ('Status_Perkawinan', 'status_perkawinan'),
    ('Tanggal_Perkawinan', 'tanggal_perkawinan'), ('shdk', 'status_hubungan'),
    ('Kewarganegaraan', 'kewarganegaraan'), ('Nama_Ayah', 'nama_ayah'),
    ('Nama_Ibu', 'nama_ibu'), ('Alamat', 'alamat'), ('RT', 'rt'),
    ('RW', 'rw'), ('Kode_Pos', 'kode_pos'), ('Kode_Desa', 'kode_wilayah'),
    ('Desa', 'desa'), ('Kecamatan', 'kecamatan'),
    ('Kabupaten', 'kabupaten'), ('Provinsi', 'provinsi'),
    ('Berkas', 'lampiran')]
H_KK_ALT2 = [
    ('Nomor KK', 'no_kk'), ('NIK', 'nik'), ('Nama', 'nama_lengkap'),
    ('JK', 'jenis_kelamin'), ('Tempat Lahir', 'tempat_lahir'),
    ('Tgl Lahir', 'tanggal_lahir'), ('Agama', 'agama'),
    ('Pendidikan', 'pendidikan'), ('Jenis Pekerjaan', 'pekerjaan'),
    ('Status Perkawinan', 'status_perkawinan'),
    ('Tanggal Perkawinan', 'tanggal_perkawinan'),
    ('Hubungan Keluarga', 'status_hubungan'),
    ('Kewarganegaraan', 'kewarganegaraan'), ('Nama Ayah', 'nama_ayah'),
    ('Nama Ibu', 'nama_ibu'), ('Alamat', 'alamat'), ('RT', 'rt'),
    ('RW', 'rw'), ('Kode Wilayah', 'kode_wilayah'), ('Kelurahan', 'desa'),
    ('Kecamatan', 'kecamatan'), ('Kabupaten/Kota', 'kabupaten'),
    ('Provinsi', 'provinsi'), ('Lampiran', 'lampiran')]
H_LAHIR_OFFICIAL = [
    ('NO KK', 'no_kk'), ('NIK', 'nik'), ('NAMA LENGKAP', 'nama_lengkap'),
    ('JENIS KELAMIN', 'jenis_kelamin'), ('TEMPAT LAHIR', 'tempat_lahir'),
    ('TANGGAL LAHIR', 'tanggal_lahir'), ('JAM LAHIR', 'jam_lahir'),
    ('ANAK KE', 'anak_ke'), ('NAMA AYAH', 'nama_ayah'),
    ('NIK AYAH', 'nik_ayah'), ('NAMA IBU', 'nama_ibu'),
    ('NIK IBU', 'nik_ibu'), ('KEWARGANEGARAAN', 'kewarganegaraan'),
    ('KODE WILAYAH', 'kode_wilayah'), ('LAMPIRAN', 'lampiran')]
H_LAHIR_ALT = [
    ('No_KK', 'no_kk'), ('NIK', 'nik'), ('Nama', 'nama_lengkap'),
    ('JK', 'jenis_kelamin'), ('Tempat_Lahir', 'tempat_lahir'),
    ('Tgl_Lahir', 'tanggal_lahir'), ('Jam_Lahir', 'jam_lahir'),
    ('Anak_Ke', 'anak_ke'), ('Nama_Ayah', 'nama_ayah'),
    ('NIK_Ayah', 'nik_ayah'), ('Nama_Ibu', 'nama_ibu'),
    ('NIK_Ibu', 'nik_ibu'), ('Kode_Desa', 'kode_wilayah'),
    ('Berkas', 'lampiran')]
H_MATI_OFFICIAL = [
    ('NO KK', 'no_kk'), ('NIK', 'nik'), ('NAMA LENGKAP', 'nama_lengkap'),
    ('JENIS KELAMIN', 'jenis_kelamin'), ('TEMPAT LAHIR', 'tempat_lahir'),
    ('TANGGAL LAHIR', 'tanggal_lahir'),
    ('TEMPAT KEMATIAN', 'tempat_kematian'),
    ('TANGGAL KEMATIAN', 'tanggal_kematian'),
    ('SEBAB KEMATIAN', 'sebab_kematian'), ('NAMA PELAPOR', 'nama_pelapor'),
    ('NIK PELAPOR', 'nik_pelapor'), ('KODE WILAYAH', 'kode_wilayah'),
    ('LAMPIRAN', 'lampiran')]
H_MATI_ALT = [
    ('No KK', 'no_kk'), ('NIK', 'nik'), ('Nama', 'nama_lengkap'),
    ('L/P', 'jenis_kelamin'), ('Tgl Lahir', 'tanggal_lahir'),
    ('Tempat Kematian', 'tempat_kematian'),
    ('Tgl Meninggal', 'tanggal_kematian'),
    ('Sebab Kematian', 'sebab_kematian'), ('Nama Pelapor', 'nama_pelapor'),
    ('NIK Pelapor', 'nik_pelapor'), ('Kode Desa', 'kode_wilayah'),
    ('Berkas', 'lampiran')]

def drop(cols, *keys):
    return [c for c in cols if c[1] not in keys]

# ---------------------------------------------------------------- births
def births(ctx, fams, n, opt, since=D(2025, 1, 1)):
    """n newborns of couples in fams (not yet in their KK)."""
    rng = ctx.rng
    rows = []
    cand = [f for f in fams if len(f['members']) >= 2 and
            f['members'][1]['hub'] == 'ISTRI' and
            age(f['members'][1]['lahir'], since) <= 40 and
            len(f['members']) < 10]
    rng.shuffle(cand)
    # top up with young couples from elsewhere in the desa (their own KK
    # is not in this export)
    cand += [new_family(ctx, 'young') for _ in range(2 * n)]
    for f in cand:
        if len(rows) >= n:
            break
        kep, ist = f['members'][0], f['members'][1]
        sibs = [m for m in f['members'] if m['hub'] == 'ANAK']
        last = max([m['lahir'] for m in sibs] +
                   [ist['tglkawin'] or add_years(ist['lahir'], 20)])
        lo = max(since, last + dt.timedelta(days=400))
        if lo > TODAY - dt.timedelta(days=10):
            continue
        b = rdate(rng, lo, TODAY - dt.timedelta(days=10))
        sex = rng.choice('LP')
        cul = f['cul']
        name = gname(ctx, cul, sex, True, surname_of(cul, kep['nama']))
        has_nik = rng.random() < 0.4
        rows.append(dict(
            no_kk=f['no_kk'],
            nik=make_nik(rng, ctx.kec6, b, sex == 'P') if has_nik else '',
            nama_lengkap=name, jenis_kelamin=JK[opt.get('jk', 'full')][sex],
            tempat_lahir=rng.choice(ctx.local),
            tanggal_lahir=fmt_date(b, opt['date']),
            jam_lahir='%02d:%02d' % (rng.randint(0, 23), rng.randint(0, 59)),
            anak_ke=str(len(sibs) + 1), nama_ayah=kep['nama'],
            nik_ayah=kep['nik'], nama_ibu=ist['nama'], nik_ibu=ist['nik'],
            kewarganegaraan='WNI', kode_wilayah=ctx.desa, lampiran=''))
    return rows

SEBAB = {'tua': ['SAKIT TUA', 'SAKIT', 'STROKE', 'SAKIT JANTUNG',
                 'DIABETES'],
         'muda': ['KECELAKAAN LALU LINTAS', 'SAKIT', 'DEMAM BERDARAH',
                  'TENGGELAM', 'TB PARU']}

def deaths(ctx, fams, n, opt):
    """n deaths: widowed parents living in a KK (taken out of the KK
    export, as the village does once the death is reported) or a kepala's
    own parent registered in the same KK."""
    rng = ctx.rng
    rows = []
    # top up with more families of the desa if these have too few elders
    fams = fams + [new_family(ctx, rng.choice(['extended', 'couple']))
                   for _ in range(3 * n)]
    for f in fams:
        if len(rows) >= n:
            break
        olds = [m for m in f['members']
                if m['hub'] in ('ORANG TUA', 'MERTUA')]
        kep = f['members'][0]
        if olds:
            p = olds[0]
            f['members'].remove(p)
        elif kep['hub'] == 'KEPALA KELUARGA' and len(f['members']) > 1 and \
                age(kep['lahir']) > 38 and rng.random() < 0.6:
            # the kepala's father, last of his own KK (not exported)
            cul = f['cul']
            pb = add_years(kep['lahir'], -rng.randint(22, 34))
            p = person(ctx, cul, 'L', pb, kep['ayah'],
                       rng.choice(C[cul]['places']), kep['agama'],
                       'KEPALA KELUARGA', 'CERAI MATI', None,
                       *parent_names(ctx, cul, surname_of(cul, kep['ayah'])))
        else:
            continue
        if p['lahir'] < D(1931, 1, 1):
            continue                # keep the ages at death believable
        lo = max(D(2024, 6, 1), add_years(p['lahir'], 40))
        dd = rdate(rng, lo, TODAY - dt.timedelta(days=7))
        a = age(p['lahir'], dd)
        rows.append(dict(
            no_kk=f['no_kk'], nik=p['nik'], nama_lengkap=p['nama'],
            jenis_kelamin=JK[opt.get('jk', 'full')][p['jk']],
            tempat_lahir=p['tempat'],
            tanggal_lahir=fmt_date(p['lahir'], opt['date']),
            tempat_kematian=rng.choice(ctx.local),
            tanggal_kematian=fmt_date(dd, opt['date']),
            sebab_kematian=rng.choice(SEBAB['tua' if a > 60 else 'muda']),
            nama_pelapor=kep['nama'], nik_pelapor=kep['nik'],
            kode_wilayah=ctx.desa, lampiran=''))
    return rows

# ---------------------------------------------------------------- files
def pdf_bytes(title, lines):
    """A minimal one-page PDF 1.4 (A6), Helvetica, with a correct xref."""
    def esc(s):
        s = s.encode('cp1252', 'replace').decode('latin-1')
        return s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
    text = 'BT /F1 11 Tf 24 380 Td (%s) Tj ET\n' % esc(title)
    y = 352
    for ln in lines:
        text += 'BT /F1 8 Tf 24 %d Td (%s) Tj ET\n' % (y, esc(ln))
        y -= 14
    text += '20 20 257 380 re S\n'
    content = text.encode('latin-1')
    objs = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 297 420] '
        b'/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
        b'<< /Length %d >>\nstream\n' % len(content) + content +
        b'endstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica '
        b'/Encoding /WinAnsiEncoding >>']
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs:
        out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' \
        % (len(objs) + 1, xref)
    return bytes(out)

def png_bytes(w, h, pixel, note):
    """8-bit greyscale PNG; pixel(x, y) -> 0..255."""
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + \
            struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    raw = b''.join(b'\0' + bytes(pixel(x, y) for x in range(w))
                   for y in range(h))
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) +
            chunk(b'tEXt', b'Title\0' + note.encode('latin-1', 'replace')) +
            chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

# Baseline greyscale JPEG encoder (standard tables), enough for test scans.
ZZ = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26,
      33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
      50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
      39, 46, 53, 60, 61, 54, 47, 55, 62, 63]
QL = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
      14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
      18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
      49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALS = list(range(12))
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d]
AC_VALS = bytes.fromhex(
    '01020300041105122131410613516107227114328191a1082342b1c11552d1f0'
    '2433627282090a161718191a25262728292a3435363738393a43444546474849'
    '4a535455565758595a636465666768696a737475767778797a83848586878889'
    '8a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5'
    'c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8'
    'f9fa')

def huff(bits, vals):
    table, code, k = {}, 0, 0
    for ln in range(1, 17):
        for _ in range(bits[ln - 1]):
            table[vals[k]] = (code, ln)
            code += 1
            k += 1
        code <<= 1
    return table

COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
       for u in range(8)]

def jpeg_bytes(w, h, pixel, note, quality=60):
    assert w % 8 == 0 and h % 8 == 0
    s = 5000 / quality if quality < 50 else 200 - 2 * quality
    q = [max(1, min(255, (v * s + 50) // 100)) for v in QL]
    q = [int(v) for v in q]
    dct, act = huff(DC_BITS, DC_VALS), huff(AC_BITS, AC_VALS)
    bitbuf, nbits, out = 0, 0, bytearray()
    def put(code, ln):
        nonlocal bitbuf, nbits
        bitbuf = (bitbuf << ln) | code
        nbits += ln
        while nbits >= 8:
            b = (bitbuf >> (nbits - 8)) & 0xff
            out.append(b)
            if b == 0xff:
                out.append(0)
            nbits -= 8
        bitbuf &= (1 << nbits) - 1
    def cat(v):
        a, n = abs(v), 0
        while a:
            n += 1
            a >>= 1
        return n, (v if v >= 0 else v + (1 << n) - 1)
    pred = 0
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            blk = [[pixel(bx + x, by + y) - 128 for x in range(8)]
                   for y in range(8)]
            coef = [0] * 64
            for v in range(8):
                for u in range(8):
                    acc = 0.0
                    for y in range(8):
                        cy = COS[v][y]
                        row = blk[y]
                        for x in range(8):
                            acc += row[x] * COS[u][x] * cy
                    cu = 1 / math.sqrt(2) if u == 0 else 1
                    cv = 1 / math.sqrt(2) if v == 0 else 1
                    coef[v * 8 + u] = int(round(acc * cu * cv / 4 /
                                                q[v * 8 + u]))
            zz = [coef[ZZ[i]] for i in range(64)]
            n, bits = cat(zz[0] - pred)
            pred = zz[0]
            put(*dct[n])
            if n:
                put(bits, n)
            run = 0
            for i in range(1, 64):
                if zz[i] == 0:
                    run += 1
                    continue
                while run > 15:
                    put(*act[0xf0])
                    run -= 16
                n, bits = cat(zz[i])
                put(*act[(run << 4) | n])
                put(bits, n)
                run = 0
            if run:
                put(*act[0x00])
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)
    def seg(m, d):
        return b'\xff' + bytes([m]) + struct.pack('>H', len(d) + 2) + d
    com = note.encode('latin-1', 'replace')
    return (b'\xff\xd8' +
            seg(0xe0, b'JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00') +
            seg(0xfe, com) +
            seg(0xdb, b'\x00' + bytes(q[ZZ[i]] for i in range(64))) +
            seg(0xc0, struct.pack('>BHHB', 8, h, w, 1) + b'\x01\x11\x00') +
            seg(0xc4, b'\x00' + bytes(DC_BITS) + bytes(DC_VALS)) +
            seg(0xc4, b'\x10' + bytes(AC_BITS) + AC_VALS) +
            seg(0xda, b'\x01\x01\x00\x00\x3f\x00') + bytes(out) + b'\xff\xd9')

def card_pixel(seed):
    # A mock ID card / stamped letter: header bar, text lines, photo box.
    r = random.Random(seed)
    lines = [(20 + 8 * i, 6, 6 + r.randint(30, 60)) for i in range(5)]
    def px(x, y):
        if y < 12:
            return 70
        if 78 <= x <= 90 + (seed % 4) and 20 <= y <= 50:
            return 140
        for ly, x0, x1 in lines:
            if ly <= y < ly + 3 and x0 <= x < x1:
                return 20
        return 230 - ((x + y) % 7)
    return px

def write_attach(folder, rel, kind, title, lines):
    path = os.path.join(folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    seed = zlib.crc32(rel.encode())
    if kind == 'pdf':
        data = pdf_bytes(title, lines)
    elif kind == 'jpg':
        data = jpeg_bytes(96, 64, card_pixel(seed), title + ' ' + lines[0])
    else:
        data = png_bytes(96, 64, card_pixel(seed), title + ' ' + lines[0])
    assert len(data) < 5000, (rel, len(data))
    with open(path, 'wb') as fp:
        fp.write(data)

def ascii_name(s):
    return s.replace('É', 'E').replace("'", '')

def attach_kk(folder, fams, which, kinds=('pdf', 'jpg')):
    for i in which:
        if i >= len(fams):
            continue
        f = fams[i]
        kep = f['members'][0]
        refs = []
        for k in kinds:
            if k == 'pdf':
                rel = 'lampiran/%s-f101.pdf' % f['no_kk']
                write_attach(folder, rel, 'pdf', 'Formulir F-1.01',
                             ['Biodata keluarga: ' + ascii_name(kep['nama']),
                              'No. KK ' + f['no_kk'],
                              'Anggota: %d orang' % len(f['members'])])
            elif k == 'jpg':
                rel = 'lampiran/%s-ktp.jpg' % kep['nik']
                write_attach(folder, rel, 'jpg', 'KTP-el', [kep['nik']])
            else:
                rel = 'lampiran/%s-kk-lama.png' % f['no_kk']
                write_attach(folder, rel, 'png', 'KK lama', [f['no_kk']])
            refs.append(rel)
        f['lampiran'] = '|'.join(refs)

def attach_rows(folder, rows, prefix, title, kinds=('pdf', 'jpg')):
    for i, r in enumerate(rows, 1):
        if i % 4 == 0:
            continue                # some applications came without papers
        refs = []
        for k in kinds:
            rel = 'lampiran/%s-%02d-%s' % (prefix, i, {
                'pdf': 'surat.pdf', 'jpg': 'ktp-pelapor.jpg',
                'png': 'buku-nikah.png'}[k])
            write_attach(folder, rel, k, title,
                         [ascii_name(r['nama_lengkap']),
                          'No. KK ' + r['no_kk']])
            refs.append(rel)
        r['lampiran'] = '|'.join(refs)

def fams_for(ctx, n, kinds=None, cul=None):
    fams = []
    for i in range(n):
        k = kinds[i] if kinds and i < len(kinds) else None
        fams.append(new_family(ctx, k, cul))
    return fams

def nrows(fams):
    return sum(len(f['members']) for f in fams)

def trim_to(fams, lo, hi):
    """Keep the file within lo..hi rows, whole families only."""
    while nrows(fams) > hi and len(fams) > 1:
        fams.pop()
    assert nrows(fams) >= lo, nrows(fams)
    return fams

BULK = os.path.join(OUT, 'bulk')
BROKEN = os.path.join(OUT, 'broken')
SUMMARY = []

def note(*a):
    SUMMARY.append(' '.join(str(x) for x in a))

# ============================================================ GORONTALO
# G1: official headers, ';' Windows-1252 CRLF (Excel, Indonesian locale),
# DD-MM-YYYY; an address with an embedded newline and one with ';'.
ctx = Ctx(7501011, '75.01.01.1003', 'gorontalo', '96212',
          ['LIMBOTO', 'GORONTALO', 'HUNGGALUWA'])
fams = fams_for(ctx, 6, ['couple', 'extended', 'couple', 'single', 'couple',
                         'widow'])
k0 = fams[0]['members'][0]
old = k0['nama']
k0['nama'] = "MA'RUF " + old.split()[-1]
for m in fams[0]['members'][1:]:
    if m['ayah'] == old:
        m['ayah'] = k0['nama']
fams[0]['alamat'] = 'JL. AGUS SALIM NO. 17\nLORONG MASJID AL-HUDA'
fams[2]['alamat'] = 'DUSUN II; BELAKANG PASAR SENTRAL'
trim_to(fams, 12, 30)
d = os.path.join(BULK, 'gorontalo', 'limboto-hunggaluwa')
attach_kk(d, fams, [0, 1, 3])
opt = dict(sep='semi', enc='cp1252', eol='\r\n', date='dmy-', jk='full',
           region_upper=True)
write_csv(d + '/kk.csv', H_KK_OFFICIAL, restyle(kk_rows(fams, opt), opt), opt)
br = births(ctx, fams, 6, opt, since=D(2024, 1, 1))
br += births(ctx, fams_for(ctx, 6, ['couple'] * 6), 3, opt)
attach_rows(d, br, 'lahir', 'Surat Keterangan Lahir', ('pdf', 'png'))
write_csv(d + '/akta-kelahiran.csv', H_LAHIR_OFFICIAL, restyle(br, opt), opt)
note('G1', d, nrows(fams), len(br))

# G2: other header spellings, ',' UTF-8 with BOM, CRLF, DD/MM/YYYY, L/P,
# "KAWIN" for KAWIN TERCATAT; akta-kematian with attachments.
ctx = Ctx(7501022, '75.01.02.2015', 'gorontalo', '96181',
          ['TELAGA', 'GORONTALO', 'LUHU'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'extended', 'alone', 'couple'])
fams[1]['alamat'] = 'JL. KASMAT LAHAY, LORONG II'
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'gorontalo', 'telaga-luhu')
attach_kk(d, fams, [0, 2], ('pdf', 'png'))
opt = dict(sep='comma', enc='utf-8-bom', eol='\r\n', date='dmy/', jk='lp',
           variants={'KAWIN TERCATAT': 'KAWIN'})
write_csv(d + '/kk.csv', H_KK_ALT1, restyle(kk_rows(fams, opt), opt), opt)
more = fams_for(ctx, 12, ['couple', 'extended'] * 6)
dr = deaths(ctx, more, 6, opt)
attach_rows(d, dr, 'mati', 'Surat Keterangan Kematian', ('pdf', 'jpg'))
write_csv(d + '/akta-kematian.csv', H_MATI_OFFICIAL, restyle(dr, opt), opt)
note('G2', d, nrows(fams), len(dr))

# G3: TAB-separated UTF-8 (LF), ISO dates; one KK's rows apart: the family
# registered a newborn later and the operator appended it at the end.
ctx = Ctx(7501043, '75.01.04.2001', 'gorontalo', '96251',
          ['TIBAWA', 'ISIMU', 'GORONTALO'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'couple', 'extended', 'single'])
trim_to(fams, 14, 28)
d = os.path.join(BULK, 'gorontalo', 'tibawa-isimu-utara')
attach_kk(d, fams, [1], ('pdf',))
opt = dict(sep='tab', enc='utf-8', eol='\n', date='iso', jk='full')
rows = restyle(kk_rows(fams, opt), opt)
# move the last member of family 0 to the very end, and split family 2
n0 = len(fams[0]['members'])
late = rows.pop(n0 - 1)
rows.append(late)
note('G3 apart: KK', fams[0]['no_kk'], 'member', late['nama_lengkap'],
     'is the last row; rest at the top')
write_csv(d + '/kk.csv', drop(H_KK_ALT2, 'tanggal_perkawinan'), rows, opt)
note('G3', d, len(rows))

# G4: single-file folder, akta-kelahiran only, ',' UTF-8 no BOM, LF,
# YYYY-MM-DD, no attachment column.
ctx = Ctx(7501034, '75.01.03.2004', 'gorontalo', '96271',
          ['BATUDAA', 'GORONTALO', 'PAYUNGA'])
fams = fams_for(ctx, 14, ['couple'] * 14)
opt = dict(sep='comma', enc='utf-8', eol='\n', date='iso', jk='lp')
br = births(ctx, fams, 8, opt)
d = os.path.join(BULK, 'gorontalo', 'batudaa-payunga')
write_csv(d + '/akta-kelahiran.csv', drop(H_LAHIR_OFFICIAL, 'lampiran'),
          restyle(br, opt), opt)
note('G4', d, len(br))

# ============================================================ KEPAHIANG
# K1: ';' cp1252 CRLF, header spellings "No. KK", "Nama_Lengkap", "shdk",
# a leading "No" row-number column (not a field), DD/MM/YYYY, code values
# typed in title case ("Pelajar/Mahasiswa", "Belum/Tidak Bekerja").
ctx = Ctx(1708041, '17.08.04.1005', 'rejang', '39172',
          ['KEPAHIANG', 'CURUP', 'BENGKULU'])
fams = fams_for(ctx, 6, ['couple', 'couple', 'extended', 'couple', 'widow',
                         'single'])
# Excel's autocorrect: an en dash (0x96 in cp1252, outside Latin-1)
fams[1]['alamat'] = 'JL. LINTAS KEPAHIANG \u2013 CURUP KM. 3'
trim_to(fams, 14, 30)
d = os.path.join(BULK, 'kepahiang', 'kepahiang-pasar-ujung')
attach_kk(d, fams, [0, 2, 3], ('pdf', 'jpg'))
opt = dict(sep='semi', enc='cp1252', eol='\r\n', date='dmy/', jk='full',
           titlecase=True, lampiran_first=True)
rows = restyle(kk_rows(fams, opt), opt)
for i, r in enumerate(rows, 1):
    r['no'] = str(i)
write_csv(d + '/kk.csv', [('No', 'no')] + H_KK_ALT1, rows, opt)
note('K1', d, len(rows))

# K2: ',' UTF-8 (no BOM) LF, official headers, DD-MM-YYYY, L/P;
# akta-kematian with the short headers ("Tgl Meninggal", "Kode Desa").
ctx = Ctx(1708012, '17.08.01.2004', 'rejang', '39174',
          ['KEPAHIANG', 'EMBONG IJUK', 'CURUP'])
fams = fams_for(ctx, 5, ['couple', 'extended', 'couple', 'alone', 'couple'])
fams[2]['alamat'] = 'DUSUN II, JL. LINTAS KEPAHIANG-CURUP KM. 9'
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'kepahiang', 'bermani-ilir-embong-ijuk')
opt = dict(sep='comma', enc='utf-8', eol='\n', date='dmy-', jk='lp')
write_csv(d + '/kk.csv', drop(H_KK_OFFICIAL, 'lampiran', 'no_paspor',
                              'no_kitap'),
          restyle(kk_rows(fams, opt), opt), opt)
more = fams_for(ctx, 12, ['extended', 'couple'] * 6)
dr = deaths(ctx, more, 5, opt)
attach_rows(d, dr, 'mati', 'Surat Keterangan Kematian', ('pdf',))
write_csv(d + '/akta-kematian.csv', H_MATI_ALT, restyle(dr, opt), opt)
note('K2', d, nrows(fams), len(dr))

# K3: TAB, UTF-8 with BOM, CRLF; kk.csv and akta-kelahiran.csv.
ctx = Ctx(1708053, '17.08.05.2003', 'rejang', '39373',
          ['KEPAHIANG', 'TABA MULAN', 'CURUP'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'couple', 'extended', 'couple'])
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'kepahiang', 'merigi-taba-mulan')
opt = dict(sep='tab', enc='utf-8-bom', eol='\r\n', date='dmy-', jk='full')
write_csv(d + '/kk.csv', drop(H_KK_ALT2, 'lampiran'),
          restyle(kk_rows(fams, opt), opt), opt)
br = births(ctx, fams + fams_for(ctx, 6, ['couple'] * 6), 6, opt)
attach_rows(d, br, 'lahir', 'Surat Keterangan Lahir', ('pdf', 'jpg'))
write_csv(d + '/akta-kelahiran.csv', drop(H_LAHIR_ALT, 'jam_lahir'),
          restyle(br, opt), opt)
note('K3', d, nrows(fams), len(br))

# K4: Javanese transmigrant village; ';' UTF-8 (no BOM) CRLF, ISO dates,
# "KAWIN" for KAWIN TERCATAT; a name with a quote in the address.
ctx = Ctx(1708064, '17.08.06.2003', 'jawa', '39372',
          ['KEPAHIANG', 'TUGU REJO', 'KABAWETAN'])
fams = fams_for(ctx, 5, ['couple', 'extended', 'couple', 'couple', 'widow'])
fams[1]['alamat'] = 'PERUMAHAN "GRIYA KABAWETAN" BLOK C-4'
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'kepahiang', 'kebawetan-tugu-rejo')
attach_kk(d, fams, [1], ('pdf', 'jpg', 'png'))
opt = dict(sep='semi', enc='utf-8', eol='\r\n', date='iso', jk='full',
           variants={'KAWIN TERCATAT': 'KAWIN'})
write_csv(d + '/kk.csv', H_KK_OFFICIAL, restyle(kk_rows(fams, opt), opt), opt)
note('K4', d, nrows(fams))

# ============================================================ PENAJAM PASER UTARA
# P1: ',' UTF-8 BOM CRLF official; Paser, Bugis, a Chinese-Indonesian family
# (BUDHA, KHONGHUCU) and a Toraja family (KRISTEN).
ctx = Ctx(6409011, '64.09.01.1009', 'paser', '76141',
          ['PENAJAM', 'BALIKPAPAN', 'NIPAH-NIPAH'],
          [('paser', 3), ('bugis', 2)])
fams = fams_for(ctx, 4, ['couple', 'extended', 'couple', 'single'])
fams.insert(2, new_family(ctx, 'couple', 'tionghoa'))
fams.insert(4, new_family(ctx, 'couple', 'toraja'))
ch = fams[2]
ch['members'][1]['agama'] = 'KONGHUCU'
trim_to(fams, 14, 30)
d = os.path.join(BULK, 'penajam-paser-utara', 'penajam-nipah-nipah')
attach_kk(d, fams, [0, 2, 4], ('pdf', 'jpg'))
opt = dict(sep='comma', enc='utf-8-bom', eol='\r\n', date='dmy-', jk='full',
           variants={'BUDDHA': 'BUDHA', 'KONGHUCU': 'KHONGHUCU'},
           region_upper=True)
write_csv(d + '/kk.csv', H_KK_OFFICIAL, restyle(kk_rows(fams, opt), opt), opt)
br = births(ctx, fams + fams_for(ctx, 8, ['couple'] * 8), 6, opt)
attach_rows(d, br, 'lahir', 'Surat Keterangan Lahir', ('pdf', 'png'))
write_csv(d + '/akta-kelahiran.csv', H_LAHIR_OFFICIAL, restyle(br, opt), opt)
note('P1', d, nrows(fams), len(br))

# P2: Sepaku (IKN area), Javanese transmigrants; TAB UTF-8 LF; DD-MM-YYYY;
# akta-kematian too.
ctx = Ctx(6409042, '64.09.04.2004', 'jawa', '76147',
          ['SEPAKU', 'BUMI HARAPAN', 'BALIKPAPAN'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'extended', 'couple', 'alone'])
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'penajam-paser-utara', 'sepaku-bumi-harapan')
attach_kk(d, fams, [0, 1], ('jpg',))
opt = dict(sep='tab', enc='utf-8', eol='\n', date='dmy-', jk='full')
write_csv(d + '/kk.csv', H_KK_ALT2, restyle(kk_rows(fams, opt), opt), opt)
dr = deaths(ctx, fams_for(ctx, 12, ['extended', 'couple'] * 6), 5, opt)
attach_rows(d, dr, 'mati', 'Surat Keterangan Kematian', ('pdf', 'jpg'))
write_csv(d + '/akta-kematian.csv', H_MATI_OFFICIAL, restyle(dr, opt), opt)
note('P2', d, nrows(fams), len(dr))

# P3: Waru, coast: Paser and Bugis fishermen; ';' cp1252 CRLF, official;
# "KAWIN"; scanned old KK as PNG.
ctx = Ctx(6409023, '64.09.02.2001', 'paser', '76284',
          ['WARU', 'PENAJAM', 'API-API'], [('paser', 1), ('bugis', 1)])
fams = fams_for(ctx, 5, ['couple', 'couple', 'extended', 'widow', 'couple'])
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'penajam-paser-utara', 'waru-api-api')
attach_kk(d, fams, [0, 2, 4], ('pdf', 'png'))
opt = dict(sep='semi', enc='cp1252', eol='\r\n', date='dmy-', jk='full',
           variants={'KAWIN TERCATAT': 'KAWIN'})
write_csv(d + '/kk.csv', H_KK_OFFICIAL, restyle(kk_rows(fams, opt), opt), opt)
note('P3', d, nrows(fams))

# P4: Babulu, Javanese and Bugis farmers; ',' UTF-8 LF; no attachments.
ctx = Ctx(6409034, '64.09.03.2006', 'jawa', '76285',
          ['BABULU', 'SEBAKUNG', 'PENAJAM'], [('jawa', 2), ('bugis', 1)])
fams = fams_for(ctx, 5, ['couple', 'couple', 'couple', 'extended', 'single'])
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'penajam-paser-utara', 'babulu-sebakung-jaya')
opt = dict(sep='comma', enc='utf-8', eol='\n', date='dmy/', jk='lp')
write_csv(d + '/kk.csv', drop(H_KK_OFFICIAL, 'lampiran', 'no_paspor',
                              'no_kitap', 'golongan_darah'),
          restyle(kk_rows(fams, opt), opt), opt)
br = births(ctx, fams + fams_for(ctx, 8, ['couple'] * 8), 5, opt)
write_csv(d + '/akta-kelahiran.csv', drop(H_LAHIR_OFFICIAL, 'lampiran'),
          restyle(br, opt), opt)
note('P4', d, nrows(fams), len(br))

# ============================================================ ROTE NDAO
# R1: ';' cp1252 CRLF official, "JOSÉ" (É is 0xC9 in the file), KATHOLIK.
ctx = Ctx(5314031, '53.14.03.1001', 'rote', '85912',
          ["BA'A", 'NAMODALE', 'KUPANG'])
fams = fams_for(ctx, 6, ['couple', 'extended', 'couple', 'couple', 'single',
                         'couple'])
k = fams[2]['members'][0]
oldn = k['nama']
k['nama'] = 'JOSÉ ' + oldn.split()[-1]
for m in fams[2]['members'][1:]:
    if m['ayah'] == oldn:
        m['ayah'] = k['nama']
for m in fams[2]['members']:
    m['agama'] = 'KATOLIK'
trim_to(fams, 14, 30)
d = os.path.join(BULK, 'rote-ndao', 'lobalain-namodale')
attach_kk(d, fams, [0, 2], ('pdf', 'jpg'))
opt = dict(sep='semi', enc='cp1252', eol='\r\n', date='dmy-', jk='full',
           variants={'KATOLIK': 'KATHOLIK'}, region_upper=True)
write_csv(d + '/kk.csv', H_KK_OFFICIAL, restyle(kk_rows(fams, opt), opt), opt)
br = births(ctx, fams + fams_for(ctx, 8, ['couple'] * 8), 6, opt)
attach_rows(d, br, 'lahir', 'Surat Keterangan Lahir', ('pdf', 'jpg'))
write_csv(d + '/akta-kelahiran.csv', H_LAHIR_OFFICIAL, restyle(br, opt), opt)
note('R1', d, nrows(fams), len(br))

# R2: ',' UTF-8 BOM, LF, alt headers, DD/MM/YYYY, L/P; akta-kematian
# (fishing accidents happen: "TENGGELAM").
ctx = Ctx(5314012, '53.14.01.2006', 'rote', '85911',
          ['OEBOU', "BA'A", 'BATUTUA'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'extended', 'widow', 'couple'])
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'rote-ndao', 'rote-barat-daya-oebou')
attach_kk(d, fams, [1, 2], ('pdf', 'png'))
opt = dict(sep='comma', enc='utf-8-bom', eol='\n', date='dmy/', jk='lp',
           variants={'KATOLIK': 'KATHOLIK'})
write_csv(d + '/kk.csv', H_KK_ALT1, restyle(kk_rows(fams, opt), opt), opt)
dr = deaths(ctx, fams_for(ctx, 12, ['extended', 'couple'] * 6), 6, opt)
dr[1]['sebab_kematian'] = 'TENGGELAM SAAT MELAUT'
dr[1]['tempat_kematian'] = 'PERAIRAN OEBOU'
attach_rows(d, dr, 'mati', 'Surat Keterangan Kematian', ('pdf', 'jpg'))
write_csv(d + '/akta-kematian.csv', H_MATI_OFFICIAL, restyle(dr, opt), opt)
note('R2', d, nrows(fams), len(dr))

# R3: TAB UTF-8 LF, alt2 headers, ISO dates; marriages by custom
# (KAWIN BELUM TERCATAT) appear here.
ctx = Ctx(5314043, '53.14.04.2001', 'rote', '85914',
          ['MAUBESI', "BA'A", 'KUPANG'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'couple', 'extended', 'alone'])
fams[1]['members'][0]['kawin'] = fams[1]['members'][1]['kawin'] = \
    'KAWIN BELUM TERCATAT'
fams[1]['members'][0]['tglkawin'] = fams[1]['members'][1]['tglkawin'] = None
trim_to(fams, 10, 30)
d = os.path.join(BULK, 'rote-ndao', 'rote-tengah-maubesi')
attach_kk(d, fams, [0], ('pdf',))
opt = dict(sep='tab', enc='utf-8', eol='\n', date='iso', jk='full')
write_csv(d + '/kk.csv', H_KK_ALT2, restyle(kk_rows(fams, opt), opt), opt)
note('R3', d, nrows(fams))

# R4: a lone CSV (no folder): akta-kelahiran, ';' cp1252 CRLF.
ctx = Ctx(5314054, '53.14.05.2001', 'rote', '85913',
          ['NUSAKDALE', "BA'A", 'KUPANG'])
opt = dict(sep='semi', enc='cp1252', eol='\r\n', date='dmy/', jk='full')
br = births(ctx, fams_for(ctx, 12, ['couple'] * 12), 6, opt)
write_csv(os.path.join(BULK, 'rote-ndao',
                       'pantai-baru-nusakdale-akta-kelahiran.csv'),
          drop(H_LAHIR_OFFICIAL, 'lampiran'), restyle(br, opt), opt)
note('R4', len(br))

# ============================================================ invalid rows
# Parseable, accepted by intake, flagged by the validator.  See README.
ctx = Ctx(7501099, '75.01.01.1009', 'gorontalo', '96212',
          ['LIMBOTO', 'GORONTALO', 'BIYONGA'])
fams = fams_for(ctx, 5, ['couple', 'couple', 'couple', 'couple', 'single'])
d = os.path.join(BULK, 'gorontalo', 'limboto-biyonga-invalid')
opt = dict(sep='semi', enc='utf-8', eol='\n', date='dmy-', jk='full')
bad = []
# 1. NIK date disagrees with birth date (kepala of KK 1).
p = fams[0]['members'][0]
b = p['lahir']
p['lahir'] = b.replace(year=b.year - 1) if not (b.month == 2 and b.day == 29) \
    else b.replace(year=b.year - 1, day=28)
bad.append(('W/E NIK date', fams[0]['no_kk'], p['nik'], p['nama'],
            'tanggal_lahir %s but NIK says %s' % (p['lahir'], b)))
# 2. woman's NIK without the +40 on the day (ISTRI of KK 2).
p = fams[1]['members'][1]
pre = p['nik'][:6]
dd = p['lahir'].day
p['nik'] = pre + '%02d' % dd + p['nik'][8:]
bad.append(('NIK sex', fams[1]['no_kk'], p['nik'], p['nama'],
            'female but NIK day is %02d (should be %02d)' % (dd, dd + 40)))
# 3. retired district code: a KK whose address is in Merauke under the old
# code 91.01 (Papua, until 2022; 93.01 Papua Selatan since 2023).
mctx = Ctx(9101011, '91.01.01.1002', 'jawa', '99616',
           ['MERAUKE', 'KURIK', 'TANAH MIRING'])
mctx.names = ctx.names
while True:
    f = new_family(mctx, 'couple')
    if f['kkdate'] < D(2021, 1, 1) and len(f['members']) >= 3 and \
            max(m['lahir'] for m in f['members']) < D(2021, 1, 1):
        break
fams[2] = f
f['override'] = dict(desa='Samkai', kecamatan='Merauke',
                     kabupaten='Kabupaten Merauke', provinsi='Papua')
bad.append(('retired region', f['no_kk'], '-', f['members'][0]['nama'],
            'kode_wilayah 91.01.01.1002 (Merauke, retired 2022)'))
# 4. two KEPALA KELUARGA in one KK.
f = fams[3]
kids = [m for m in f['members'] if m['hub'] == 'ANAK']
if not kids:
    raise SystemExit('invalid: family 4 has no child')
kids[0]['hub'] = 'KEPALA KELUARGA'
bad.append(('two kepala', f['no_kk'], kids[0]['nik'], kids[0]['nama'],
            'second KEPALA KELUARGA'))
# 5. a child born before its mother (KK 5, single mother).
f = fams[4]
c0 = [m for m in f['members'] if m['hub'] == 'ANAK'][0]
mo = f['members'][0]
nb = add_years(mo['lahir'], -2)
c0['lahir'] = nb
c0['nik'] = make_nik(ctx.rng, ctx.kec6, nb, c0['jk'] == 'P')
bad.append(('child before parent', f['no_kk'], c0['nik'], c0['nama'],
            'born %s, mother %s' % (nb, mo['lahir'])))
write_csv(d + '/kk.csv', drop(H_KK_OFFICIAL, 'lampiran'),
          restyle(kk_rows(fams, opt), opt), opt)
dr = deaths(ctx, fams_for(ctx, 10, ['extended', 'couple'] * 5), 5, opt)
# 6. death before birth.
r = dr[2]
lahir = r['tanggal_lahir']
ld = dt.datetime.strptime(lahir, '%d-%m-%Y').date()
r['tanggal_kematian'] = fmt_date(add_years(ld, -1), 'dmy-')
bad.append(('death before birth', r['no_kk'], r['nik'], r['nama_lengkap'],
            'lahir %s, meninggal %s' % (lahir, r['tanggal_kematian'])))
write_csv(d + '/akta-kematian.csv', drop(H_MATI_OFFICIAL, 'lampiran'),
          restyle(dr, opt), opt)
for x in bad:
    note('INVALID', *x)

# ============================================================ broken
def broken_kk(name, seed, nfam=3):
    c = Ctx(seed, '75.01.01.1003', 'gorontalo', '96212',
            ['LIMBOTO', 'GORONTALO'])
    return c, fams_for(c, nfam, ['couple'] * nfam)

OPT_B = dict(sep='semi', enc='utf-8', eol='\n', date='dmy-', jk='full')
HB = drop(H_KK_OFFICIAL, 'no_paspor', 'no_kitap', 'golongan_darah',
          'tanggal_perkawinan')

def to_text(cols, rows, sep=';', eol='\n'):
    lines = [csv_line([h for h, _ in cols], sep)]
    lines += [csv_line([r.get(k, '') for _, k in cols], sep) for r in rows]
    return eol.join(lines) + eol

def wbytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as fp:
        fp.write(data)

# bad-encoding: kk.csv in Windows-1252 with bytes 0x81 and 0x8D (undefined
# in cp1252, invalid in UTF-8) in two names; akta-kelahiran.csv as
# UTF-16LE without a BOM.
c, fs = broken_kk('bad-encoding', 9101, 3)
rows = kk_rows(fs, OPT_B)
txt = to_text(HB, rows, eol='\r\n').encode('cp1252')
n1 = rows[1]['nama_lengkap'].encode()
n4 = rows[4]['nama_lengkap'].encode()
txt = txt.replace(n1, n1[:3] + b'\x81' + n1[3:], 1)
txt = txt.replace(n4, n4[:2] + b'\x8d' + n4[2:], 1)
wbytes(BROKEN + '/bad-encoding/kk.csv', txt)
note('bad-encoding kk rows', rows[1]['nama_lengkap'], rows[4]['nama_lengkap'])
br = births(c, fs, 3, OPT_B, since=D(2024, 1, 1))
wbytes(BROKEN + '/bad-encoding/akta-kelahiran.csv',
       to_text(drop(H_LAHIR_OFFICIAL, 'lampiran'), br,
               eol='\r\n').encode('utf-16-le'))

# ragged-rows: one row with too few fields, one with too many.
c, fs = broken_kk('ragged', 9102, 3)
rows = kk_rows(fs, OPT_B)
lines = to_text(HB, rows).split('\n')
i_short = 1 + len(fs[0]['members'])                 # first row of KK 2
i_long = 1 + len(fs[0]['members']) + len(fs[1]['members'])   # KK 3
lines[i_short] = ';'.join(lines[i_short].split(';')[:9])
parts = lines[i_long].split(';')
ia = [h for h, _ in HB].index('ALAMAT')
parts[ia] = parts[ia].replace(' NO.', '; NO.') if ' NO.' in parts[ia] \
    else parts[ia] + '; BLOK A'
lines[i_long] = ';'.join(parts)
wbytes(BROKEN + '/ragged-rows/kk.csv', '\n'.join(lines).encode())
note('ragged short line', i_short + 1, 'long line', i_long + 1)

# missing-attachment
c, fs = broken_kk('missing', 9103, 2)
dd_ = BROKEN + '/missing-attachment'
attach_kk(dd_, fs, [0, 1], ('pdf',))
fs[1]['lampiran'] += '|lampiran/%s-ktp.jpg' % fs[1]['members'][0]['nik']
wbytes(dd_ + '/kk.csv', to_text(HB, kk_rows(fs, OPT_B)).encode())
note('missing', fs[1]['lampiran'])

# escaping-attachment: ../../etc/passwd, /etc/passwd and a symlink inside
# lampiran/ pointing out of the folder; the fourth KK is fine.
c, fs = broken_kk('escape', 9104, 5)
dd_ = BROKEN + '/escaping-attachment'
attach_kk(dd_, fs, [0], ('pdf',))
fs[1]['lampiran'] = '../../etc/passwd'
fs[2]['lampiran'] = '/etc/passwd'
fs[3]['lampiran'] = 'lampiran/ktp-scan.jpg'
fs[4]['lampiran'] = 'lampiran/../../missing-attachment/kk.csv'
os.makedirs(dd_ + '/lampiran', exist_ok=True)
os.symlink('/etc/passwd', dd_ + '/lampiran/ktp-scan.jpg')
os.symlink('../../bad-encoding/kk.csv', dd_ + '/lampiran/f101-lama.pdf')
fs[4]['lampiran'] += '|lampiran/f101-lama.pdf'
wbytes(dd_ + '/kk.csv', to_text(HB, kk_rows(fs, OPT_B)).encode())

# attachment-wrong-type: a .pdf that is text, a .jpg that is a PNG.
c, fs = broken_kk('wrongtype', 9105, 2)
dd_ = BROKEN + '/attachment-wrong-type'
wbytes(dd_ + '/lampiran/f101.pdf',
       b'Formulir F-1.01 (diketik ulang, bukan hasil scan)\r\n'
       b'Nama kepala keluarga: ' + fs[0]['members'][0]['nama'].encode() +
       b'\r\n')
wbytes(dd_ + '/lampiran/ktp.jpg',
       png_bytes(48, 32, card_pixel(5), 'KTP-el'))
fs[0]['lampiran'] = 'lampiran/f101.pdf'
fs[1]['lampiran'] = 'lampiran/ktp.jpg'
wbytes(dd_ + '/kk.csv', to_text(HB, kk_rows(fs, OPT_B)).encode())

# kk-split: KK A's rows at the start and at the end; KK B's rows disagree on
# alamat (and RT).
c, fs = broken_kk('split', 9106, 4)
while len(fs[0]['members']) < 3:
    fs[0] = new_family(c, 'couple')
rows = kk_rows(fs, OPT_B)
na = len(fs[0]['members'])
a_rows, rest = rows[:na], rows[na:]
b0 = len(fs[1]['members'])
for r in rest[1:b0]:
    r['alamat'] = 'DUSUN III'
    r['rt'] = '004'
rows = a_rows[:2] + rest + a_rows[2:]
wbytes(BROKEN + '/kk-split/kk.csv', to_text(HB, rows).encode())
note('kk-split A', fs[0]['no_kk'], 'B', fs[1]['no_kk'])

# empty-file, header-only
wbytes(BROKEN + '/empty-file/kk.csv', b'')
wbytes(BROKEN + '/header-only/kk.csv',
       (';'.join(h for h, _ in H_KK_OFFICIAL) + '\r\n').encode())

# binary-csv: a gzip (mtime 0) named kk.csv
c, fs = broken_kk('binary', 9107, 2)
wbytes(BROKEN + '/binary-csv/kk.csv',
       gzip.compress(to_text(HB, kk_rows(fs, OPT_B)).encode(), 9, mtime=0))

# bad-dates: akta-kelahiran rows, one bad tanggal_lahir each, plus good ones
c, fs = broken_kk('dates', 9108, 10)
br = births(c, fs, 7, OPT_B, since=D(2020, 1, 1))
baddates = ['31-02-2020', '2021-13-01', '10-03-21', '03/25/2021', 'kemarin']
for r, v in zip(br[1:], baddates):
    r['tanggal_lahir'] = v
    r['nik'] = ''
wbytes(BROKEN + '/bad-dates/akta-kelahiran.csv',
       to_text(drop(H_LAHIR_OFFICIAL, 'lampiran'), br).encode())

# unknown-columns: the village shop's stock list put in by mistake
wbytes(BROKEN + '/unknown-columns/inventaris.csv',
       'KODE BARANG;NAMA BARANG;SATUAN;HARGA;STOK\r\n'
       'BRG-001;BERAS MEDIUM 5 KG;KARUNG;68000;14\r\n'
       'BRG-002;MINYAK GORENG 1 L;BOTOL;17500;40\r\n'
       'BRG-003;GULA PASIR 1 KG;BUNGKUS;16000;25\r\n'
       'BRG-004;TELUR AYAM;RAK;52000;6\r\n'.encode())

# unterminated-quote: a quoted alamat that never closes (KK 2); KK 1 is
# complete before it.
c, fs = broken_kk('quote', 9109, 3)
rows = kk_rows(fs, OPT_B)
lines = to_text(HB, rows).split('\n')
iq = 1 + len(fs[0]['members'])
parts = lines[iq].split(';')
parts[ia] = '"' + parts[ia] + ', LORONG II'
lines[iq] = ';'.join(parts)
wbytes(BROKEN + '/unterminated-quote/kk.csv', '\n'.join(lines).encode())
note('unterminated-quote line', iq + 1)

with open(os.path.join(OUT, '.gen-summary'), 'w') as fp:
    fp.write('\n'.join(SUMMARY) + '\n')
PY
cat "$out/.gen-summary" >&2
rm -f "$out/.gen-summary"
