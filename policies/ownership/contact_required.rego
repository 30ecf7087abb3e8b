# METADATA
# title: Data product offers a contact channel
# description: >-
#   Consumers need a way to reach the team behind a data product: an e-mail,
#   a chat channel, a ticket queue or a support URL.
# custom:
#   severity: warning
#   remediation: >-
#     Add a contact: email or contacts.ownerContact (Witboost), support[] with
#     channel and url (ODPS, ODCS), info.contactPoints[] (DPDS), info.contact
#     (DCS), product.dataHolder.email (LF ODPS).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, lf-odps]
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
