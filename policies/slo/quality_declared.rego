# METADATA
# title: Output ports declare quality rules
# description: >-
#   Every output port comes with at least one data quality rule (completeness,
#   uniqueness, freshness checks, ...), so its quality is tested, not assumed.
# custom:
#   severity: warning
#   remediation: >-
#     Add a quality rule: dataContract.quality[] or an observability component
#     (Witboost), schema[].quality[] in the ODCS contract (ODPS, ODCS),
#     models.*.quality[] (DCS), a dataQuality dimension (LF ODPS), or link the
#     port to a contract that has them (DPS).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, datacontract-dcs, dmm-dps, lf-odps]
#   examples:
#     - spec: bitol-odcs
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 quality:
#                   - metric: duplicateValues
#                     mustBe: 0
package meshgate.slo.quality_declared

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/quality", [i])} if {
	some i, port in input.product.ports
	port.slo.quality == []
	i in data.meshgate.lib.facts.slo_ports
	msg := sprintf("output port '%s' declares no data quality rule", [ports.label(port)])
}
