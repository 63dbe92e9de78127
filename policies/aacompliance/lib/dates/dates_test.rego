package aacompliance.lib.dates_test

import data.aacompliance.lib.dates

test_calendar_dates if {
	dates.date("2024-02-29")
	dates.date("2000-02-29")
	not dates.date("1900-02-29")
	not dates.date("2025-02-29")
	not dates.date("2025-04-31")
	not dates.date("2025-13-01")
	not dates.date("0000-01-01")
	not dates.date("2025-1-01")
	not dates.date(20250101)
}

test_timestamps if {
	dates.timestamp("2025-01-10T10:00:00+01:00")
	dates.timestamp("2025-01-10T10:00Z")
	dates.timestamp("2025-01-10T10:00:00.5-03:30")
	not dates.timestamp("2025-01-10T24:00:00Z")
	not dates.timestamp("2025-01-10 10:00:00Z")
	not dates.timestamp("2025-01-10T10:00:00")
	not dates.timestamp("2025-02-30T10:00:00Z")
}

test_minutes_since_the_epoch if {
	dates.days("1970-01-01") == 0
	dates.days("2000-03-01") == 11017
	dates.minutes("1970-01-01T01:00:00+01:00") == 0
	dates.minutes("2025-01-10T10:30Z") - dates.minutes("2025-01-10T10:00:00+01:00") == 90
	dates.minutes("2024-12-31T23:59:30-00:30") - dates.minutes("2025-01-01T00:00Z") == 29.5
}
