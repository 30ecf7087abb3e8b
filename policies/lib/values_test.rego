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
