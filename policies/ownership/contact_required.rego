# METADATA
# title: Data product offers a contact channel
# description: >-
#   Consumers need a way to reach the team behind a data product: an e-mail,
#   a chat channel, a ticket queue or a support URL. A DPDS owner id that is
#   an e-mail address (as DPDS asks) is a contact.
# custom:
#   severity: warning
#   remediation: >-
#     Add a contact: email or contacts.ownerContact (Witboost), support[] with
#     channel and url (ODPS, ODCS), info.contactPoints[] (DPDS), info.contact
#     (DCS), product.dataHolder.email (LF ODPS).
#   remediation_by_spec:
#     witboost-dps: 'Add a contact: email, or contacts.ownerContact.'
#     bitol-odps: 'Add a contact: a support[] entry with channel and url.'
#     bitol-odcs: 'Add a contact: a support[] entry with channel and url.'
#     odm-dpds: 'Add a contact: an info.contactPoints[] entry.'
#     datacontract-dcs: 'Add a contact: info.contact.'
#     lf-odps: 'Add a contact: product.dataHolder.email.'
#   field_by_spec:
#     bitol-odps: /support
#     bitol-odcs: /support
#     odm-dpds: /info/contactPoints
#     datacontract-dcs: /info/contact
#     lf-odps: /product/dataHolder/email
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, lf-odps]
#   examples:
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         team:
#           name: sales-team
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         team:
#           name: sales-team
#         support:
#           - channel: "#sales-data"
#             url: https://acme.slack.example/channels/sales-data
#     - spec: odm-dpds
#       failing: |
#         dataProductDescriptor: 1.0.0
#         info:
#           fullyQualifiedName: urn:dpds:acme:dataproducts:shipments:1
#           name: shipments
#           version: 1.2.0
#           domain: logistics
#           owner:
#             id: logistics
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
#           contactPoints:
#             - name: Logistics data team
#               channel: email
#               address: logistics-data@acme.example
#         interfaceComponents:
#           outputPorts: []
package meshgate.ownership.contact_required

import rego.v1

deny contains {"msg": msg, "field": "/contacts"} if {
	not _reachable
	msg := sprintf("the %s offers no contact or support channel", [input.product.kind])
}

_reachable if {
	some contact in input.product.contacts
	is_string(contact.value)
	trim_space(contact.value) != ""
}
