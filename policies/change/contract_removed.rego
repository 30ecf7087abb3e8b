# METADATA
# title: An output port dropped or switched its contract
# description: >-
#   An output port that named a data contract no longer names one (error),
#   or names another one (warning: its consumers move to a different
#   contract, compared on its own).
# custom:
#   severity: error
#   remediation: >-
#     Keep the port's contractId; publish a new contract version as a new
#     port or a new major version.
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
#             contractId: deals-contract
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
#             version: 1.1.0
#             contractId: deals-contract
package meshgate.change.contract_removed

import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d", [pair.current])} if {
	some pair in data.meshgate.lib.change.port_pairs
	old := input.previous.product.ports[pair.previous]
	is_string(old.contract.id)
	new := input.current.product.ports[pair.current]
	not is_string(new.contract.id)
	msg := sprintf("output port '%s' no longer names its contract '%s'", [data.meshgate.lib.change.label(new), old.contract.id])
}

warn contains {"msg": msg, "field": sprintf("/ports/%d/contract/id", [pair.current])} if {
	some pair in data.meshgate.lib.change.port_pairs
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[pair.current]
	is_string(old.contract.id)
	is_string(new.contract.id)
	old.contract.id != new.contract.id
	msg := sprintf("output port '%s' now names contract '%s' instead of '%s'", [data.meshgate.lib.change.label(new), new.contract.id, old.contract.id])
}
