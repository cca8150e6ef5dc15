#!/bin/sh
# Make the workbooks of testdata/workbooks/shown with LibreOffice (as
# make.sh one folder up; the files made are committed).  Run from the top
# of the tree:  sh testdata/workbooks/shown/make.sh
#
# What a sheet shows is what is read, and what it does not show as data
# is refused (tests/cli/workbooks.sh):
#   (the attachments named in LAMPIRAN are left out of the sources)
#   akta-errors   formula cells whose value is an error (#N/A, #REF!,
#                 #DIV/0!) and a JAM LAHIR column of times (hh:mm)
#   akta-usdate   a day-first CSV as a month-first spreadsheet saves it:
#                 dates with a day up to 12 turned into dates month first
#                 (06/04/2026 as June 4), the others left text (13/10/2026)
#                 (made from akta-errors.fods by make.py)
#   kk-merged     NO KK and the address merged down each family's rows
#   kk-hidden     a row hidden by hand, a row filtered out, a hidden sheet
#   xescape.xlsx  made by make.py from akta-usdate.xlsx: _xHHHH_ escapes
#                 of U+0000, U+FFFF and a lone surrogate, and of a TAB and
#                 an underscore, which are fine
set -eu
d=testdata/workbooks/shown
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 $d/make.py fods
for f in akta-errors akta-usdate kk-merged kk-hidden; do
	for kind in xlsx ods; do
		soffice -env:UserInstallation=file://$tmp/profile --headless \
		    --convert-to $kind --outdir $d $d/$f.fods >>"$tmp/log" 2>&1
	done
done
python3 $d/make.py xescape
