# METADATA
# title: Output ports declare a classification
# description: >-
#   Every output port says how confidential its data is (public, internal,
#   confidential, restricted, ...), because access approval, masking and
#   retention all follow from it. A port that points at a contract outside this
#   run is left to the check of that contract.
# custom:
#   severity: error
#   remediation: >-
#     Declare the classification: securityInfo.confidentiality (Witboost),
#     schema[].properties[].classification in the port's ODCS contract (ODPS,
#     ODCS), models.*.fields.*.classification (DCS), or link the port to a data
#     contract that declares it (DPS).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, datacontract-dcs, dmm-dps]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         securityInfo:
#           visibility: Department
#         components:
#           - id: urn:dmb:cmp:sales:deals:1:deals-table
#             kind: outputport
#             name: deals-table
#             version: 1.0.0
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         securityInfo:
#           visibility: Department
#           confidentiality: Internal
#         components:
#           - id: urn:dmb:cmp:sales:deals:1:deals-table
#             kind: outputport
#             name: deals-table
#             version: 1.0.0
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
#                 classification: internal
package meshgate.access.classification_required

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/classification", [i])} if {
	some i, port in input.product.ports
	port.access.classification == null
	i in data.meshgate.lib.facts.access_ports
	msg := sprintf("output port '%s' declares no classification", [ports.label(port)])
}
