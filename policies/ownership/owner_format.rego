# METADATA
# title: Owner is a well-formed, known identifier
# description: >-
#   The owner is an identifier the organisation's directory can resolve, in the
#   form its specification uses: a Witboost owner is a user or group reference
#   (user:jane.doe_acme.com, group:finance-owners), a DPDS owner id an e-mail
#   address; the other specs take a team or group name. The patterns are
#   regular expressions in data.meshgate.config.owner_patterns, by spec name,
#   with "default" for the others. When the organisation lists its owners and
#   groups in known_owners, the owner is one of them, exactly as written there
#   (an error; an empty list, the default, checks nothing).
# custom:
#   severity: warning
#   remediation: >-
#     Write the owner as the directory knows it (for Witboost user:<id> or
#     group:<id>, for DPDS an e-mail address), or set owner_patterns (and
#     known_owners) in a --data file to your organisation's convention.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, dmm-dps, datacontract-dcs, lf-odps]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: jane.doe
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#     - spec: odm-dpds
#       failing: |
#         dataProductDescriptor: 1.0.0
#         info:
#           fullyQualifiedName: urn:dpds:acme:dataproducts:shipments:1
#           name: shipments
#           version: 1.2.0
#           domain: logistics
#           owner:
#             id: Logistics Team
#         interfaceComponents:
#           outputPorts: []
#       passing: |
#         dataProductDescriptor: 1.0.0
#         info:
#           fullyQualifiedName: urn:dpds:acme:dataproducts:shipments:1
#           name: shipments
#           version: 1.2.0
#           domain: logistics
#           owner:
#             id: logistics-data@acme.example
#         interfaceComponents:
#           outputPorts: []
package meshgate.ownership.owner_format

import data.meshgate.lib.values
import rego.v1

owner := input.product.owner

deny contains {"msg": msg, "field": "/owner"} if {
	is_string(owner)
	patterns := data.meshgate.config.owner_patterns
	expected := object.get(patterns, input.spec.name, patterns["default"])
	not regex.match(expected, owner)
	not values.templated(owner)
	msg := sprintf("owner '%s' does not have the form of an owner identifier (pattern %s)", [owner, expected])
}

deny contains {"msg": msg, "field": "/owner", "severity": "error"} if {
	is_string(owner)
	known := data.meshgate.config.known_owners
	count(known) > 0
	not owner in known
	msg := sprintf("owner '%s' is not one of the known owners and groups", [owner])
}
