package aacompliance.rules.benefits.language_test

import data.aacompliance.rules.benefits.language
import data.aacompliance.testing.benefits as fx

test_enterprise_architect_in_english_only if {
	inp := fx.usage("gold", [fx.session("enterprise_architect_consultation", "2025-01-05", 1, "ja")], [0])
	vs := language.violations with input as inp
	some v in vs
	v.data.allowed == ["en"]
}

test_enterprise_architect_id_counts_as_architecture_consultation if {
	inp := fx.usage("silver", [fx.session("enterprise_architect_consultation", "2025-01-05", 1, "ja")], [0])
	vs := language.violations with input as inp
	some v in vs
	v.data.benefit == "architecture_consultation"
	v.data.allowed == ["en"]
}
