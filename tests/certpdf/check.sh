#!/bin/sh
# check.sh UNIT: the certificate PDFs that UNIT (build/unit/test_certpdf or
# its ASan build) writes, as other programs read them: pdfinfo (A4, pages,
# creation date = issue date, the JSON's SHA-256 in Keywords), pdffonts
# (only Nanum fonts, all embedded), pdftotext (title, firm, id, digest, how
# to check) and zbarimg (the QR code's text). Prints what failed.
set -u
unit=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
bad() {
	echo "FAIL: $*"
	status=1
}

if ! SSP_CERTPDF_DIR=$dir/out "$unit" >"$dir/unit.log" 2>&1; then
	cat "$dir/unit.log"
	bad "$unit failed"
fi
command -v zbarimg >/dev/null || bad "zbarimg not found (Debian package zbar-tools)"

# check ID PAGES DATE TEXT...: the PDF of certificate ID has PAGES pages,
# was created on DATE, and pdftotext finds every TEXT in it.
check() {
	id=$1 pages=$2 date=$3
	shift 3
	pdf=$dir/out/$id.pdf
	if [ ! -s "$pdf" ]; then
		bad "$id: no PDF"
		return
	fi
	sha=$(sha256sum "$dir/out/$id.json" | cut -d' ' -f1)
	info=$(pdfinfo -isodates "$pdf") || bad "$id: pdfinfo failed"
	for want in '^Page size: *595.276 x 841.89 pts (A4)$' "^Pages: *$pages\$" \
		"^CreationDate: *${date}T00:00:00+09" "^Keywords: *ssp-sha256:$sha\$"; do
		printf '%s\n' "$info" | grep -q -- "$want" || bad "$id: pdfinfo: no line $want"
	done

	fonts=$(pdffonts "$pdf" | tail -n +3)
	[ -n "$fonts" ] || bad "$id: pdffonts lists no fonts"
	# name type... emb sub uni object ID: a subset of a Nanum font, embedded
	printf '%s\n' "$fonts" | awk '$1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+Nanum/ ||
		$(NF - 4) != "yes" { print "  " $0; bad = 1 } END { exit bad }' ||
		bad "$id: pdffonts: a font that is not an embedded Nanum font"
	for f in NanumGothic NanumMyeongjo NanumGothicCoding; do
		printf '%s\n' "$fonts" | grep -q "+$f " || bad "$id: pdffonts: no $f"
	done

	pdftotext "$pdf" "$dir/text" || bad "$id: pdftotext failed"
	for want in "$id" "SHA-256 $sha" "ssp verify $id.json --pub KEY" \
		"보건복지부 스마트 사회서비스 시범사업 평가" "$@"; do
		grep -qF -- "$want" "$dir/text" || bad "$id: pdftotext: no '$want'"
	done

	# The QR code sits on the last page.
	rm -f "$dir"/page*.png
	pdftoppm -r 150 -png -f "$pages" -l "$pages" "$pdf" "$dir/page"
	qr=$(zbarimg -q --raw "$dir"/page*.png 2>/dev/null)
	[ "$qr" = "ssp-cert:$id:$sha" ] || bad "$id: the QR code reads '$qr'"
}

check SSP-huggy_vest-hongcheon-3fa9c2e1b7d0 1 2025-01-15 \
	"실증결과 확인서" "Demonstration-result certificate" "돌봄드림 (DolbomDream)" \
	"돌봄 조끼(HUGgy)" "강원 홍천군" "2024-06-01 ~ 2024-12-31" "등록 49명" \
	"-3.56" "[-5.65, -1.46]" "<0.001" "충족" \
	"위 기술은 실증계획의 평가 기준을 충족하였음을 확인합니다."
check SSP-NM-exercise_bike-geumsan-0b1c2d3e4f5a 2 2025-02-03 \
	"실증결과 미충족 통지서" "Statement: criteria not met" "드림모션 (DreamMotion)" \
	"실증결과 확인서가 아닙니다" "운동 자전거(드림 바이크)" "충남 금산군" \
	"미충족" "평가 불가" "(계속)" "1 / 2" "2 / 2" \
	"위 기술은 실증계획의 평가 기준을 충족하지 못하였음을 알립니다."
check SSP-food_scanner-andong-9e8d7c6b5a41 1 2025-01-15 \
	"실증결과 미충족 통지서" "푸드아이" "AI 푸드 스캐너" "경북 안동시" \
	"등록 — · 완료 —" "평가 불가" "no such result"
# Thirty criteria and overlong texts (cut short on the page, whole in the
# text layer): four pages, the last row of the table going with the
# closing.
check SSP-smart_diaper-dongducheon-5d4c3b2a1908 4 2025-01-15 \
	"스마트 기저귀" "경기 동두천시" "(Smart Care Solutions Incorporated)" "4 / 4" \
	"averylongword"
exit $status
