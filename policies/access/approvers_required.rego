# METADATA
# title: Output ports name who approves access
# description: >-
#   Access to an output port is granted on request, and someone answers for
#   each grant: the port names its approvers, or each of its roles does (ODCS
#   roles[].firstLevelApprovers and secondLevelApprovers). Ports that approve
#   automatically are left to access/sensitive-auto-approval.
# custom:
#   severity: warning
#   remediation: >-
#     Add firstLevelApprovers (and secondLevelApprovers where a second sign-off
#     is needed) to the roles of the ODCS contract, or link the port to a
#     contract that has them.
#   since: 0.1.0
#   scope:
#     specs: [bitol-odps, bitol-odcs]
#   examples:
#     - spec: bitol-odcs
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         roles:
#           - role: orders_reader
#             access: read
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         roles:
#           - role: orders_reader
#             access: read
#             firstLevelApprovers: checkout-data-owners
package meshgate.access.approvers_required

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/approvers", [i])} if {
	some i, port in input.product.ports
	port.access.approvers == []
	port.access.roles == []
	port.access.auto_approve != true
	i in data.meshgate.lib.facts.access_ports
	msg := sprintf("output port '%s' names nobody who approves access to it", [ports.label(port)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/roles/%d", [i, j])} if {
	some i, port in input.product.ports
	port.access.approvers == []
	some j, role in port.access.roles
	role.approvers == []
	port.access.auto_approve != true
	i in data.meshgate.lib.facts.access_ports
	msg := sprintf("role '%s' of output port '%s' names nobody who approves access requests", [role.name, ports.label(port)])
}
