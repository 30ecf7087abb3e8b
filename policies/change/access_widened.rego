# METADATA
# title: Access to a port was widened
# description: >-
#   An output port's access model grants more than before: a role that can
#   write (its access is not in data.meshgate.lib.facts.config.read_only_access), an
#   approver removed, automatic approval switched on for personal or
#   confidential data (above auto_approve_maximum_classification), or a
#   visibility made public (public_visibilities).
# custom:
#   severity: error
#   remediation: >-
#     Keep ports read-only with their approvers; widening access needs the
#     data owner's sign-off (a waiver).
#   since: 0.1.0
#   change: governance
#   examples:
#     - spec: bitol-odcs
#       previous: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         roles:
#           - role: orders_reader
#             access: read
#             firstLevelApprovers: checkout-team
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         roles:
#           - role: orders_reader
#             access: write
#             firstLevelApprovers: checkout-team
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         roles:
#           - role: orders_reader
#             access: select
#             firstLevelApprovers: checkout-team
package meshgate.change.access_widened

import rego.v1

_ports contains [j, old, new] if {
	some pair in data.meshgate.lib.change.port_pairs
	j := pair.current
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[j]
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/roles/%d/access", [j, k])} if {
	some [j, old, new] in _ports
	some k, role in new.access.roles
	is_string(role.access)
	not lower(role.access) in data.meshgate.lib.facts.config.read_only_access
	not _same_role(old, role)
	msg := sprintf("output port '%s': role '%v' now grants %s access", [data.meshgate.lib.change.label(new), role.name, role.access])
}

_same_role(port, role) if {
	some before in port.access.roles
	before.name == role.name
	lower(sprintf("%v", [before.access])) == lower(role.access)
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/roles", [j])} if {
	some [j, old, new] in _ports
	removed := _approvers(old) - _approvers(new)
	count(removed) > 0
	msg := sprintf("output port '%s': approvers removed: %s", [data.meshgate.lib.change.label(new), concat(", ", sort(removed))])
}

_approvers(port) := {a | some a in port.access.approvers} | {a | some role in port.access.roles; some a in role.approvers}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/auto_approve", [j])} if {
	some [j, old, new] in _ports
	new.access.auto_approve == true
	old.access.auto_approve != true
	_sensitive(new)
	msg := sprintf("output port '%s': automatic approval switched on for %s data", [data.meshgate.lib.change.label(new), _what(new)])
}

_sensitive(port) if port.access.pii == true

_sensitive(port) if data.meshgate.lib.change.rank(port.access.classification) > data.meshgate.lib.change.rank(data.meshgate.lib.facts.config.auto_approve_maximum_classification)

_what(port) := "personal" if port.access.pii == true

else := port.access.classification

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/visibility", [j])} if {
	some [j, old, new] in _ports
	is_string(new.access.visibility)
	public := data.meshgate.lib.facts.config.public_visibilities
	lower(new.access.visibility) in public
	not lower(sprintf("%v", [old.access.visibility])) in public
	msg := sprintf("output port '%s': visibility widened from %v to %s", [data.meshgate.lib.change.label(new), old.access.visibility, new.access.visibility])
}
