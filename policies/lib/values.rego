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

# number(text) reads a decimal text ("05", "099.9", "1.5") as a number. It is
# undefined where to_number would stop the whole evaluation with an error:
# regorus's to_number refuses a leading zero, and very long numbers are out
# of its range, so leading zeros are dropped and at most 15 digits are read
# on each side of the point.
number(text) := to_number(digits) if {
	is_string(text)
	regex.match(_decimal, text)
	digits := _leading_digit(trim_left(text, "0"))
	regex.match(`^[0-9]{1,15}(\.[0-9]{1,15})?$`, digits)
}

_leading_digit(text) := text if regex.match(`^[0-9]`, text)

_leading_digit(text) := concat("", ["0", text]) if not regex.match(`^[0-9]`, text)

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
	p := _scale(number(text))
}

_scale(n) := n * 100 if n <= 1

_scale(n) := n if n > 1

# Duration units, by every spelling accepted, in seconds. "m" is minutes (5m);
# months are "mo" or "month(s)". A business day counts as a day.
_units := {
	"ms": 0.001, "msec": 0.001, "msecs": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
	"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
	"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
	"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
	"d": 86400, "day": 86400, "days": 86400,
	"bd": 86400, "business day": 86400, "business days": 86400,
	"w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
	"mo": 2592000, "month": 2592000, "months": 2592000,
	"y": 31536000, "yr": 31536000, "yrs": 31536000, "year": 31536000, "years": 31536000,
}

_duration_part := `([0-9]+(?:\.[0-9]+)?) ?(business days?|[a-z]+)`

_simple_duration := `^(?:[0-9]+(?:\.[0-9]+)?) ?(?:business days?|[a-z]+)(?: ?(?:[0-9]+(?:\.[0-9]+)?) ?(?:business days?|[a-z]+))*$`

_iso_number := `([0-9]+(?:\.[0-9]+)?)`

_iso_duration := concat("", [
	"^P(?:", _iso_number, "Y)?(?:", _iso_number, "M)?(?:", _iso_number, "W)?(?:", _iso_number, "D)?",
	"(?:T(?:", _iso_number, "H)?(?:", _iso_number, "M)?(?:", _iso_number, "S)?)?$",
])

_iso_seconds := [31536000, 2592000, 604800, 86400, 3600, 60, 1]

# duration_seconds(v) reads a duration as seconds: simple durations ("5m", "25h",
# "1 hours", "2 d", "1 day", "1h 30m", "2BD") and ISO 8601 ("PT24H", "P1D").
# It is undefined for anything else, a bare number included (no unit).
duration_seconds(v) := seconds if {
	is_string(v)
	text := lower(trim_space(v))
	regex.match(_simple_duration, text)
	parts := regex.find_all_string_submatch_n(_duration_part, text, -1)
	amounts := [(number(part[1]) * _units[part[2]]) | some part in parts]
	count(amounts) == count(parts)
	seconds := sum(amounts)
}

duration_seconds(v) := seconds if {
	is_string(v)
	text := upper(trim_space(v))
	regex.match(_iso_duration, text)
	regex.match(`[0-9]`, text)
	not endswith(text, "T")
	groups := regex.find_all_string_submatch_n(_iso_duration, text, 1)[0]
	written := [k | some k, amount in array.slice(groups, 1, 8); amount != ""]
	amounts := [(number(amount) * _iso_seconds[k]) | some k, amount in array.slice(groups, 1, 8); amount != ""]
	count(amounts) == count(written)
	seconds := sum(amounts)
}

_semver := `^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`

# semver(v) holds for a Semantic Versioning 2.0.0 version ("1.4.0", "2.0.0-rc.1+build.5").
semver(v) if {
	is_string(v)
	regex.match(_semver, v)
}

# date(v) holds for a text that starts with an ISO 8601 calendar date (YYYY-MM-DD).
date(v) if {
	is_string(v)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ].*)?$`, trim_space(v))
}

# templated(text) holds for a text that holds a template placeholder ({{NAME}} or
# ${NAME}). The loader reports those (load/template-placeholder,
# load/variable-placeholder); policies that judge a value's form leave them be.
templated(text) if contains(text, "{{")

templated(text) if contains(text, "${")

# Single-brace templates as Open Data Mesh's CLI writes them ({info.domain},
# {product-name}) and a value that is one <placeholder> (<your-team>).
templated(text) if regex.match(`\{[A-Za-z][A-Za-z0-9_.-]*\}`, text)

templated(text) if regex.match(`^<[^<>]+>$`, trim_space(text))
