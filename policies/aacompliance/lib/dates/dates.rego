# METADATA
# title: Calendar dates and timestamps, checked without builtins that can fail
# description: >-
#   ISO dates (YYYY-MM-DD) and RFC 3339 timestamps with an offset, validated by
#   pattern and calendar arithmetic only, so a malformed value is an input error,
#   never an evaluation error (time.parse_ns raises on "2025-02-30" in OPA and
#   regorus alike). Timestamps convert to minutes since 1970-01-01 UTC.
package aacompliance.lib.dates

_month_days := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

_date_pattern := `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

_timestamp_pattern := concat("", [
	`^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?`,
	`(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`,
])

# A run of decimal digits as a number (to_number refuses leading zeros in regorus).
int(digits) := 0 if trim_left(digits, "0") == ""

int(digits) := to_number(trim_left(digits, "0")) if trim_left(digits, "0") != ""

leap(year) if {
	year % 4 == 0
	year % 100 != 0
}

leap(year) if year % 400 == 0

month_length(year, month) := _month_days[month - 1] + 1 if {
	month == 2
	leap(year)
}

month_length(year, month) := _month_days[month - 1] if not _leap_february(year, month)

_leap_february(year, 2) if leap(year)

_ymd(text) := [int(substring(text, 0, 4)), int(substring(text, 5, 2)), int(substring(text, 8, 2))]

# `text` is a real calendar date written YYYY-MM-DD (year 0001 or later).
date(text) if {
	is_string(text)
	regex.match(_date_pattern, text)
	[year, month, day] := _ymd(text)
	year >= 1
	month >= 1
	month <= count(_month_days)
	day >= 1
	day <= month_length(year, month)
}

# `text` is an RFC 3339 timestamp with an offset on a real calendar date.
timestamp(text) if {
	is_string(text)
	regex.match(_timestamp_pattern, text)
	date(substring(text, 0, 10))
}

# Days from 1970-01-01 to a valid date (H. Hinnant's days_from_civil).
days(text) := n if {
	[y0, m, d] := _ymd(text)
	y := y0 - _year_shift[m - 1]
	era := floor(y / 400)
	yoe := y - era * 400
	doy := floor((153 * (m + _month_shift[m - 1]) + 2) / 5) + d - 1
	doe := ((yoe * 365 + floor(yoe / 4)) - floor(yoe / 100)) + doy
	n := (era * 146097 + doe) - 719468
}

# Years and months counted from March (so that February comes last).
_year_shift := [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

_month_shift := [9, 9, -3, -3, -3, -3, -3, -3, -3, -3, -3, -3]

# Minutes since 1970-01-01T00:00Z of a valid timestamp (seconds as a fraction).
minutes(text) := m if {
	clock := substring(text, 11, -1)
	hour := int(substring(clock, 0, 2))
	minute := int(substring(clock, 3, 2))
	local := ((days(substring(text, 0, 10)) * 24 + hour) * 60 + minute) + _seconds(clock) / 60
	m := local - _offset(clock)
}

_seconds(clock) := 0 if substring(clock, 5, 1) != ":"

_seconds(clock) := (int(substring(clock, 6, 1)) * 10) + int(substring(clock, 7, 1)) if substring(clock, 5, 1) == ":"

_offset(clock) := 0 if endswith(clock, "Z")

_offset(clock) := sign * (int(substring(zone, 1, 2)) * 60 + int(substring(zone, 4, 2))) if {
	not endswith(clock, "Z")
	zone := substring(clock, count(clock) - 6, 6)
	sign := {"+": 1, "-": -1}[substring(zone, 0, 1)]
}
