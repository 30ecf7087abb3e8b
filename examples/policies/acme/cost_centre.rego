# METADATA
# title: Every data product names the cost centre that pays for it
# description: >-
#   Acme charges each output port's platform costs to the owning team's cost
#   centre, so every data product declares one: a customProperties entry
#   costCentre (Bitol ODPS) or billing.costCentre (Witboost), written as the
#   finance system knows it (CC- and four digits by default;
#   data.meshgate.config.acme_cost_centre_pattern overrides the pattern).
# custom:
#   severity: warning
#   remediation: >-
#     Add the cost centre: customProperties: [{property: costCentre, value:
#     CC-1234}] (ODPS) or billing: {costCentre: CC-1234} (Witboost). Finance
#     lists the cost centres at https://finance.acme.example/cost-centres.
#   since: 1.0.0
#   scope:
#     specs: [bitol-odps, witboost-dps]
package meshgate.acme.cost_centre

import rego.v1

pattern := object.get(data.meshgate.config, "acme_cost_centre_pattern", "^CC-[0-9]{4}$")

# The cost centre as written, and where: ODPS customProperties (the first
# entry, if there are several), Witboost billing. Descriptors are raw: check
# types before iterating.
declared := entries[0] if {
	input.spec.name == "bitol-odps"
	is_array(input.descriptor.customProperties)
	entries := [{"value": entry.value, "path": sprintf("/customProperties/%d/value", [i])} |
		some i, entry in input.descriptor.customProperties
		entry.property == "costCentre"
	]
	count(entries) > 0
}

declared := {"value": input.descriptor.billing.costCentre, "path": "/billing/costCentre"} if {
	input.spec.name == "witboost-dps"
	input.descriptor.billing.costCentre != null
}

warn contains {"msg": "the data product names no cost centre"} if not declared

warn contains {"msg": msg, "path": declared.path} if {
	not regex.match(pattern, sprintf("%v", [declared.value]))
	msg := sprintf("cost centre '%v' is not a cost centre of the form CC-1234", [declared.value])
}
