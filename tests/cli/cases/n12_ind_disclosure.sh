# Disclosure control covers every count a result shows, by one rule: the
# alerts of SAF_FALSE_ALARM and SAF_ACK_10MIN (suppressed like
# SAF_ALERT_RATE's), the counts of delta-method ratios (referrals), an arm
# difference beside a suppressed arm (its n and mean change are the DID
# row's less the other arm's), and the paired counts of --json.
# sel COLS...: ssp's CSV on stdin -> the named columns (labels may hold commas)
sel() {
	awk -v want="$*" '
	function split_csv(line, f,   n, i, c, cur, q) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 } else cur = cur c }
			else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur; return n
	}
	BEGIN { n = split(want, w, " ") }
	{ nf = split_csv($0, f) }
	NR == 1 { for (i = 1; i <= nf; i++) at[f[i]] = i }
	{ o = ""; for (i = 1; i <= n; i++) o = o (i > 1 ? "," : "") f[at[w[i]]]; print o }'
}
d=$PWD/../ref/indicators
echo "== defaults: small alert counts"
ssp indicators -q "$d/pilot" | sel indicator technology n numerator denominator estimate suppressed note |
	grep -E '^(SAF_ALERT_RATE|SAF_FALSE_ALARM|SAF_ACK_10MIN|TS_REFERRAL_DONE),(huggy_vest|cognitive_kiosk),'
echo "== --min-n 0: the count rule alone"
ssp indicators -q --min-n 0 "$d/pilot" | sel indicator technology n numerator denominator estimate suppressed note |
	grep -E '^(SAF_FALSE_ALARM|SAF_ACK_10MIN|EFC_CONTACTS_MONTH|TS_REFERRAL_DONE),(huggy_vest|cognitive_kiosk|smart_diaper),'
echo "== --by sex: a DID row beside a suppressed comparison cell"
ssp indicators -q --by sex "$d/synth" | sel indicator technology arm sex n estimate suppressed note |
	grep -E '^EFF_SGDS_K_(END|DID),huggy_vest,'
echo "== --min-n 20: a DID row whose comparison arm is below it"
ssp indicators -q --min-n 20 "$d/synth" | sel indicator technology arm n estimate suppressed note |
	grep -E '^EFF_SGDS_K_(END|DID),'
echo "== --json: paired counts of 1-4 are not published"
ssp indicators -q --json "$d/synth" | grep -o '"improved": [^,]*, "worsened": [^,]*, "unchanged": [^}]*' | sort | uniq -c
ssp indicators -q --json --min-cell 0 "$d/synth" | grep -o '"improved": [^,]*, "worsened": [^,]*, "unchanged": [^}]*' | sort | uniq -c | head -n 3
