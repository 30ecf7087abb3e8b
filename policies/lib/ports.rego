# METADATA
# title: Port helpers
# description: >-
#   Whether a port's access model or service levels can be judged in this run.
#   A port that points at a contract meshgate did not see is left to the run that
#   checks the contract; a port of a spec that has no place for the information
#   and no contract is judged, because linking a contract is the remedy.
package meshgate.lib.ports

import rego.v1

# access_checkable(port) holds when the port's access model is known here.
access_checkable(port) if "access" in input.spec.capabilities

access_checkable(port) if port.contract.found

access_checkable(port) if {
	not "access" in input.spec.capabilities
	not port.contract.id
}

# slo_checkable(port) holds when the port's service levels are known here.
slo_checkable(port) if "slo" in input.spec.capabilities

slo_checkable(port) if port.contract.found

slo_checkable(port) if {
	not "slo" in input.spec.capabilities
	not port.contract.id
}

# label(port) names a port in messages: its name, else its id.
label(port) := port.name if is_string(port.name)

label(port) := port.id if {
	not is_string(port.name)
	is_string(port.id)
}

default label(_) := "(unnamed)"
