# METADATA
# title: Consumer roles grant read access only
# description: >-
#   Output ports give shared, governed, read-only access: consumers read and
#   pay for their own compute; nobody outside the owning team writes through a
#   port. A role on an output port whose access is anything but read (one of
#   data.meshgate.lib.facts.config.read_only_access, compared in lower case) is a finding.
#   DCS roles name no access level, so DCS contracts are out of scope.
# custom:
#   severity: error
#   remediation: >-
#     Set the role's access to read, and grant write access inside the owning
#     team's own platform instead of on the output port.
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
#           - role: orders_analyst
#             access: write
#             firstLevelApprovers: checkout-data-owners
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         roles:
#           - role: orders_analyst
#             access: read
#             firstLevelApprovers: checkout-data-owners
package meshgate.access.read_only_roles

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/roles/%d/access", [i, j])} if {
	some i, port in input.product.ports
	some j, role in port.access.roles
	is_string(role.access)
	not lower(trim_space(role.access)) in data.meshgate.lib.facts.config.read_only_access
	trim_space(role.access) != ""
	msg := sprintf("role '%s' on output port '%s' grants '%s' access; output ports are read-only", [role.name, ports.label(port), role.access])
}
