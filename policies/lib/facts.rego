# METADATA
# title: Derived facts
# description: >-
#   Facts several policies need, derived once per document. They are rules, not
#   functions: the engine evaluates a rule once per document and caches it,
#   while a function runs again at every call. Read them by their full path
#   (data.meshgate.lib.facts.slo_ports), once per rule body rather than inside
#   a loop: each data reference costs a lookup that grows with the number of
#   loaded modules, and regorus evaluates every rule of a package that is
#   imported whole and then read.
package meshgate.lib.facts

import rego.v1

# The configuration and the spec facts (data.meshgate.config, data.meshgate.specs)
# as rules: a rule's value is cached for the evaluation, while regorus looks a
# data reference up again at every use, at a cost that grows with the number of
# loaded modules (a third of a clean document's evaluation went on these
# lookups). Built-in policies read data.meshgate.lib.facts.config.<key>.
config := data.meshgate.config

specs := data.meshgate.specs

# Whether the spec itself writes a port's access model, service levels or terms
# (its capabilities, declared by its plugin: input.spec.capabilities).
native_access := "access" in input.spec.capabilities

native_slo := "slo" in input.spec.capabilities

native_terms := "terms" in input.spec.capabilities

# Indexes of the output ports whose access model is known in this run: the spec
# writes it, or the port's contract was checked in the same run, or the port
# names no contract (then linking one is the remedy). A port whose contract is
# outside the run is left to the check of that contract.
access_ports contains i if {
	native_access
	some i, _ in input.product.ports
}

access_ports contains i if {
	not native_access
	some i, port in input.product.ports
	port.contract.found == true
}

access_ports contains i if {
	not native_access
	some i, port in input.product.ports
	not port.contract.id
}

# Indexes of the output ports whose service levels are known in this run (as above).
slo_ports contains i if {
	native_slo
	some i, _ in input.product.ports
}

slo_ports contains i if {
	not native_slo
	some i, port in input.product.ports
	port.contract.found == true
}

slo_ports contains i if {
	not native_slo
	some i, port in input.product.ports
	not port.contract.id
}

# Indexes of the output ports whose terms of use are known in this run: the spec
# writes them on the product or port itself, or the port's access model is known.
# A port that names a contract outside the run is left to that contract's check
# (the core reports join/contract-not-found for it), whatever the spec.
terms_ports := {i | some i, port in input.product.ports; not _handed_off(port)} if native_terms

_handed_off(port) if {
	port.contract.id
	port.contract.found != true
}

terms_ports := access_ports if not native_terms

# Classification levels (in lower case, as classification_levels and
# classification_aliases write them) to their rank: 0 is the least strict.
levels := object.union(_ranks, {alias: _ranks[level] | some alias, level in data.meshgate.lib.facts.config.classification_aliases})

_ranks := {level: rank | some rank, level in data.meshgate.lib.facts.config.classification_levels}

# The rank of each port's classification, by port index, for ports whose
# classification is a known level (compared in lower case).
classification_rank[i] := rank if {
	known := levels
	some i, port in input.product.ports
	is_string(port.access.classification)
	rank := known[lower(port.access.classification)]
}

# Whether the product, or a port (by index), is on its way out: flagged
# deprecated, or in one of deprecated_statuses (compared in lower case).
product_deprecated if input.product.deprecated == true

product_deprecated if {
	is_string(input.product.status)
	lower(input.product.status) in data.meshgate.lib.facts.config.deprecated_statuses
}

deprecated_ports contains i if {
	some i, port in input.product.ports
	port.deprecated == true
}

deprecated_ports contains i if {
	some i, port in input.product.ports
	is_string(port.status)
	lower(port.status) in data.meshgate.lib.facts.config.deprecated_statuses
}

# Whether a team member has left: a dateOut (YYYY-MM-DD...) before the run's
# date (input.context.today). A date that is not a date is not judged.
left(member) if {
	is_string(member.date_out)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}`, trim_space(member.date_out))
	is_string(input.context.today)
	substring(trim_space(member.date_out), 0, 10) < input.context.today
}
