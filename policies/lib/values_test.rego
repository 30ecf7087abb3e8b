package meshgate.lib.values_test

import data.meshgate.lib.values
import rego.v1

test_blank_values if {
	values.blank(null)
	values.blank("")
	values.blank("  \t")
	not values.blank("x")
	not values.blank(0)
	not values.blank(false)
}

test_present_is_the_opposite if {
	values.present("x")
	not values.present(null)
}

test_percent_reads_common_spellings if {
	values.percent("99.9%") == 99.9
	values.percent(" 99.9 % ") == 99.9
	values.percent("0.999") == 99.9
	values.percent(0.95) == 95
	values.percent(99) == 99
	values.percent("100") == 100
}

test_percent_is_undefined_for_text if {
	not values.percent("three nines")
	not values.percent("99.9 percent")
	not values.percent(true)
	not values.percent(null)
}

test_duration_reads_simple_durations if {
	values.duration_seconds("5m") == 300
	values.duration_seconds("25h") == 90000
	values.duration_seconds("1 hours") == 3600
	values.duration_seconds("2 d") == 172800
	values.duration_seconds("1 day") == 86400
	values.duration_seconds("6 hours") == 21600
	values.duration_seconds(" 1h 30m ") == 5400
	values.duration_seconds("200ms") == 0.2
	values.duration_seconds("2BD") == 172800
	values.duration_seconds("3 business days") == 259200
	values.duration_seconds("1.5 Hours") == 5400
}

test_duration_reads_iso_8601 if {
	values.duration_seconds("PT24H") == 86400
	values.duration_seconds("P1D") == 86400
	values.duration_seconds("pt15m") == 900
	values.duration_seconds("P1DT12H") == 129600
	values.duration_seconds("PT0.5S") == 0.5
	values.duration_seconds("P1Y") == 31536000
}

test_duration_is_undefined_for_anything_else if {
	not values.duration_seconds("daily")
	not values.duration_seconds("soon")
	not values.duration_seconds("5 parsecs")
	not values.duration_seconds("5")
	not values.duration_seconds(5)
	not values.duration_seconds("P")
	not values.duration_seconds("PT")
	not values.duration_seconds("P1DT")
	not values.duration_seconds("P1,5D")
	not values.duration_seconds("")
	not values.duration_seconds(null)
	not values.duration_seconds(["5m"])
	not values.duration_seconds("m5")
}

test_semver if {
	values.semver("1.4.0")
	values.semver("0.1.0-SNAPSHOT-1")
	values.semver("2.0.0-rc.1+build.5")
	not values.semver("1.0")
	not values.semver("v1.0.0")
	not values.semver("01.0.0")
	not values.semver(1)
	not values.semver(null)
}

test_date if {
	values.date("2027-03-31")
	values.date("2032-05-12T09:30:10-08:00")
	not values.date("01/01/2026")
	not values.date("2027-13-01")
	not values.date("soon")
	not values.date(20270331)
}

test_templated if {
	values.templated("{info.domain}")
	values.templated("<your-team>")
	not values.templated("a <b> c")
	values.templated("{{TEAM}}")
	values.templated("v${VERSION}")
	not values.templated("checkout-team")
}

# Leading zeros are valid ISO 8601 and common in hand-written durations; regorus's
# to_number refuses them, which stopped the whole run (issue 8).
test_leading_zeros_are_read if {
	values.duration_seconds("PT05H") == 18000
	values.duration_seconds("1h 05m") == 3900
	values.duration_seconds("P01DT00H") == 86400
	values.percent("099.9%") == 99.9
	values.percent("017") == 17
	values.percent("00.5") == 50
	values.number("000") == 0
	values.number("0.50") == 0.5
}

test_numbers_out_of_range_are_undefined if {
	long := concat("", ["1" | some _ in numbers.range(1, 400)])
	not values.number(long)
	not values.duration_seconds(concat("", [long, "h"]))
	not values.duration_seconds(concat("", ["PT", long, "H"]))
	not values.percent(concat("", [long, "%"]))
	not values.number("1.")
	not values.number("")
	not values.number(5)
}
