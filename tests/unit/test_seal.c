/*
 * The seal codec: round trips for every shipped type, every single-bit
 * flip and every truncation refused, decoder bounds.
 */
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "record.h"
#include "base45.h"
#include "seal.h"
#include "verify.h"
#include "t.h"

static const char *fmt;

static sign_key *
load_key(const char *name)
{
	char src[256], dst[] = "/tmp/segel-seal-key-XXXXXX", cmd[600];
	sign_key *k;
	sg_err e;
	int fd;

	snprintf(src, sizeof src, "testdata/pki/keys/%s.key.pem", name);
	if ((fd = mkstemp(dst)) < 0)
		return NULL;
	close(fd);
	snprintf(cmd, sizeof cmd, "cp %s %s && chmod 600 %s", src, dst, dst);
	if (system(cmd) != 0)
		return NULL;
	k = key_load_private(dst, NULL, -1, &e);
	if (k == NULL)
		printf("# %s: %s\n", name, e.message);
	unlink(dst);
	return k;
}

static verify_key *
load_pub(const char *name, unsigned char kid[KID_LEN])
{
	char path[256];
	FILE *fp;
	X509 *x;
	verify_key *v;
	sg_err e;

	snprintf(path, sizeof path, "testdata/pki/certs/%s.pem", name);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (x == NULL)
		return NULL;
	key_id_of_x509(x, kid);
	v = verify_key_from_x509(x, &e);
	X509_free(x);
	return v;
}

/* The first record of each type in the intake golden output. */
static json_t *
sample(const char *type)
{
	FILE *fp = fopen("tests/cli/golden/intake-bulk.out", "r");
	rec_reader *r;
	json_t *rec, *found = NULL;
	sg_err e;

	if (fp == NULL)
		return NULL;
	r = rec_reader_new(fp, "golden");
	while (found == NULL && rec_reader_next(r, &rec, &e) == 1) {
		if (strcmp(json_string_value(json_object_get(rec, "type")),
		    type) == 0)
			found = json_incref(json_object_get(rec, "fields"));
		json_decref(rec);
	}
	rec_reader_free(r);
	fclose(fp);
	return found;
}

/* Code fields come back in their table's canonical form. */
static int
same_fields(const doctype *t, const codetab_set *codes, const json_t *in,
    const json_t *out, int member)
{
	size_t i;
	const doctype_field *f;
	const char *a, *b;

	for (i = 0; i < doctype_seal_count(t, member); i++) {
		f = doctype_seal_at(t, member, i);
		a = json_string_value(json_object_get(in, f->name));
		b = json_string_value(json_object_get(out, f->name));
		if (a == NULL || *a == '\0') {
			if (b != NULL)
				return 0;
			continue;
		}
		if (b == NULL)
			return 0;
		if (f->type == FT_CODE)
			a = codetab_lookup(codetab_find(codes, f->table), a,
			    NULL);
		if (strcmp(a, b) != 0) {
			printf("# %s: \"%s\" came back \"%s\"\n", f->name, a, b);
			return 0;
		}
	}
	return 1;
}

int
main(int argc, char **argv)
{
	static const char *types[] = { "kk", "akta-kelahiran",
	    "akta-kematian" };
	doctype_set *ds;
	codetab_set *cs;
	sign_key *k, *ked;
	verify_key *v, *ved;
	unsigned char kid[KID_LEN], kided[KID_LEN];
	seal_header h;
	seal_parsed p;
	const doctype *t;
	json_t *in, *out, *m, *mo;
	char *text, name[64];
	sg_err e;
	size_t i, j, bad;
	int rc;

	T_INIT(argc, argv);
	fmt = getenv("SEGEL_FORMATS") ? getenv("SEGEL_FORMATS") : "formats";
	ds = doctype_set_load(fmt, &e);
	cs = codetab_set_load(fmt, &e);
	k = load_key("issuer-7501");
	ked = load_key("issuer-7501-ed25519");
	v = load_pub("issuer-7501", kid);
	ved = load_pub("issuer-7501-ed25519", kided);
	T_OK("setup", ds && cs && k && ked && v && ved, "setup failed: %s",
	    e.message);
	if (!(ds && cs && k && ked && v && ved))
		return T_DONE();

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		int alg;

		t = doctype_set_find(ds, types[i]);
		in = sample(types[i]);
		for (alg = 0; alg < 2; alg++) {
			memset(&h, 0, sizeof h);
			snprintf(h.issuer, sizeof h.issuer, "75.01");
			memcpy(h.kid, alg ? kided : kid, KID_LEN);
			snprintf(h.number, sizeof h.number,
			    "7501-XX-23112026-%04zu", i);
			h.issued = (sg_date){ 2026, 11, 23 };
			snprintf(name, sizeof name, "roundtrip#%s/%d", types[i],
			    alg);
			rc = seal_make(t, cs, in, &h, alg ? ked : k, &text, &e);
			T_OK(name, rc == 0, "seal_make: %s %s", e.where,
			    e.message);
			if (rc != 0)
				continue;
			rc = seal_unpack(text, strlen(text), &p, &e);
			T_OK(name, rc == 0 && p.h.alg == (enum sig_alg)alg &&
			    strcmp(p.h.number, h.number) == 0 &&
			    strcmp(p.h.issuer, "75.01") == 0 &&
			    date_cmp(p.h.issued, h.issued) == 0 &&
			    memcmp(p.h.kid, h.kid, KID_LEN) == 0,
			    "header did not round-trip: %s", e.message);
			T_OK(name, verify_key_check(alg ? ved : v, p.bytes,
			    p.signed_len, p.sig, &e) == 1, "signature");
			rc = seal_decode_body(&p, ds, cs, &t, &out, &e);
			T_OK(name, rc == 0 && same_fields(t, cs, in, out, 0),
			    "fields differ: %s", e.message);
			if (doctype_seal_members(t)) {
				json_t *li = json_object_get(in, "anggota"),
				    *lo = json_object_get(out, "anggota");

				T_OK(name, json_array_size(li) ==
				    json_array_size(lo), "member count");
				json_array_foreach(li, j, m) {
					mo = json_array_get(lo, j);
					T_OK(name, same_fields(t, cs, m, mo, 1),
					    "member %zu", j);
				}
			}
			printf("# %s: %zu seal bytes, %zu characters%s\n",
			    name, p.len, strlen(text),
			    (p.h.flags & SEAL_FLAG_DEFLATE) ? " (deflated)" :
			    "");
			json_decref(out);
			if (i == 0 && alg == 0) {
				/* every bit flip is refused by the whole
				 * verifier, whatever it hits */
				verifier *vf = verifier_new(
				    "testdata/pki/trust", ds, cs, &e);
				char *ft = malloc(8 + p.len * 2);
				unsigned char *b = malloc(p.len);
				verdict vd;

				T_OK("bitflip", vf != NULL, "verifier: %s",
				    e.message);
				bad = 0;
				for (j = 0; vf && j < p.len * 8; j++) {
					memcpy(b, p.bytes, p.len);
					b[j / 8] ^= (unsigned char)(1u <<
					    (j % 8));
					memcpy(ft, SEAL_PREFIX, 4);
					base45_encode(b, p.len, ft + 4);
					if (verifier_check(vf, ft, strlen(ft),
					    &vd) != 0 || verdict_valid(&vd))
						bad++;
					verdict_clear(&vd);
				}
				T_OK("bitflip", bad == 0, "%zu of %zu flips "
				    "verified", bad, p.len * 8);
				free(ft);
				free(b);
				verifier_free(vf);
				verifier *vf2 = verifier_new(
				    "testdata/pki/trust", ds, cs, &e);

				bad = 0;
				for (j = 0; vf2 && j < strlen(text); j++) {
					seal_parsed q;

					if (verifier_check(vf2, text, j, &vd) ==
					    0 && verdict_valid(&vd))
						bad++;
					verdict_clear(&vd);
					if (seal_unpack(text, j, &q, &e) == 0) {
						if (q.len == p.len ||
						    verify_key_check(v, q.bytes,
						    q.signed_len, q.sig, &e) == 1)
							bad++;
						seal_parsed_clear(&q);
					}
				}
				T_OK("truncation", vf2 && bad == 0,
				    "%zu truncations verified", bad);
				verifier_free(vf2);
			}
			seal_parsed_clear(&p);
			free(text);
		}
		json_decref(in);
	}
	/* The decoder splits each test vector exactly as the files say. */
	{
		static const char *vec[] = { "p256-valid", "ed25519-valid",
		    "p256-stranger", "p256-tampered" };
		char path[512], txt[4096], bin[4096], sigb[SIG_LEN];
		size_t tl, bl, sl;
		FILE *fp;

		for (i = 0; i < 4; i++) {
			snprintf(name, sizeof name, "vector#%s", vec[i]);
			snprintf(path, sizeof path, "%s/vectors/%s/seal.txt",
			    fmt, vec[i]);
			fp = fopen(path, "r");
			tl = fp ? fread(txt, 1, sizeof txt, fp) : 0;
			if (fp)
				fclose(fp);
			snprintf(path, sizeof path, "%s/vectors/%s/signed.bin",
			    fmt, vec[i]);
			fp = fopen(path, "rb");
			bl = fp ? fread(bin, 1, sizeof bin, fp) : 0;
			if (fp)
				fclose(fp);
			snprintf(path, sizeof path,
			    "%s/vectors/%s/signature.bin", fmt, vec[i]);
			fp = fopen(path, "rb");
			sl = fp ? fread(sigb, 1, sizeof sigb, fp) : 0;
			if (fp)
				fclose(fp);
			rc = seal_unpack(txt, tl, &p, &e);
			T_OK(name, rc == 0 && p.signed_len == bl &&
			    sl == SIG_LEN && memcmp(p.bytes, bin, bl) == 0 &&
			    memcmp(p.sig, sigb, SIG_LEN) == 0,
			    "vector does not split as its files say");
			if (rc == 0)
				seal_parsed_clear(&p);
		}
	}
	T_OK("not-a-seal", seal_unpack("HC1:ABC", 7, &p, &e) == -1 &&
	    strcmp(e.code, "R-MALFORMED") == 0, "accepted");
	T_OK("lowercase", seal_unpack("SG1:abc", 7, &p, &e) == -1, "accepted");
	/* a value the seal would cut (NUL) or drop (not text) is refused */
	{
		static const char *bad_names[] = { "nul", "number" };
		json_t *rec, *smp;

		t = doctype_set_find(ds, "akta-kelahiran");
		for (i = 0; i < 2; i++) {
			smp = sample("akta-kelahiran");
			rec = json_deep_copy(smp);
			json_decref(smp);
			json_object_set_new(rec, "nama_lengkap", i == 0 ?
			    json_stringn("BUDI\0 SANTOSO", 13) :
			    json_integer(42));
			memset(&h, 0, sizeof h);
			snprintf(h.issuer, sizeof h.issuer, "75.01");
			snprintf(h.number, sizeof h.number, "7501-LT-1");
			h.issued = (sg_date){ 2026, 11, 23 };
			text = NULL;
			snprintf(name, sizeof name, "refuse#%s", bad_names[i]);
			rc = seal_make(t, cs, rec, &h, k, &text, &e);
			T_OK(name, rc != 0 && strcmp(e.code, "E-SEAL-FIELD") ==
			    0 && strcmp(e.where, "nama_lengkap") == 0,
			    "sealed: rc %d", rc);
			free(text);
			json_decref(rec);
		}
	}
	key_free(k);
	key_free(ked);
	verify_key_free(v);
	verify_key_free(ved);
	doctype_set_free(ds);
	codetab_set_free(cs);
	return T_DONE();
}
