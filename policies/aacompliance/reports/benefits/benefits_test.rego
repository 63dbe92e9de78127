package aacompliance.reports.benefits_test

import data.aacompliance.reports.benefits as ledger
import data.aacompliance.testing.benefits as fx

test_ledger_remaining if {
	inp := fx.usage("silver", [fx.session("sandbox_setup", "2025-01-05", 2, "fr")], [0])
	rows := ledger.report.ledger with input as inp
	some row in rows
	row.benefit == "sandbox_setup"
	row.remaining == 1
}
