# METADATA
# title: Value helpers
# description: Reading loosely typed descriptor values the same way in every policy.
package meshgate.lib.values

import rego.v1

# blank(v) is true for null, a missing value passed as null, and empty or whitespace-only strings.
blank(v) if v == null

blank(v) if {
	is_string(v)
	trim_space(v) == ""
}

present(v) if not blank(v)

_decimal := `^[0-9]+(\.[0-9]+)?$`

# percent(v) reads an availability as a percentage: "99.9%", "99.9 %", 99.9, "0.999", 0.999.
# It is undefined for anything else (never an error, so both OPA and regorus agree).
percent(v) := p if {
	is_number(v)
	p := _scale(v)
}

percent(v) := p if {
	is_string(v)
	text := trim_space(trim_suffix(trim_space(v), "%"))
	regex.match(_decimal, text)
	p := _scale(to_number(text))
}

_scale(n) := n * 100 if n <= 1

_scale(n) := n if n > 1
