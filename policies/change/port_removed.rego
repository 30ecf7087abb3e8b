# METADATA
# title: An output port was removed
# description: >-
#   An output port of the previous version (matched by id, then by name) is
#   gone. Its consumers break. A port that was deprecated and whose end-of-
#   life date has passed may go: that removal is info.
# custom:
#   severity: error
#   remediation: >-
#     Keep the port; deprecate it first (deprecated, an end-of-life date
#     and a successor) and remove it after the date.
#   since: 0.1.0
#   change: breaking
#   examples:
#     - spec: bitol-odps
#       previous: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#           - name: deals-archive
#             version: 1.0.0
#       failing: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#       passing: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#           - name: deals-archive
#             version: 1.1.0
package meshgate.change.port_removed

import data.meshgate.lib.values
import rego.v1

_removed contains [i, port] if {
	input.current.product.kind == "product"
	some i in data.meshgate.lib.change.removed_ports
	port := input.previous.product.ports[i]
}

_retired(port) if {
	data.meshgate.lib.change.deprecated(port)
	values.date(port.end_of_life)
	substring(port.end_of_life, 0, 10) <= input.context.today
}

deny contains {"msg": msg, "field": "/ports", "was_field": sprintf("/ports/%d", [i])} if {
	some [i, port] in _removed
	not _retired(port)
	msg := sprintf("output port '%s' was removed", [data.meshgate.lib.change.label(port)])
}

deny contains {"msg": msg, "field": "/ports", "was_field": sprintf("/ports/%d", [i]), "severity": "info"} if {
	some [i, port] in _removed
	_retired(port)
	msg := sprintf("output port '%s' was removed after its end-of-life date %s", [data.meshgate.lib.change.label(port), port.end_of_life])
}
