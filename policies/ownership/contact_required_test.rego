package meshgate.ownership.contact_required_test

import data.meshgate.ownership.contact_required
import rego.v1

with_contacts(spec, contacts) := {"spec": {"name": spec}, "product": {"kind": "product", "contacts": contacts}}

test_witboost_email_passes if {
	count(contact_required.deny) == 0 with input as with_contacts("witboost-dps", [{"kind": "email", "value": "team@corp.com"}])
}

test_witboost_no_contact_fails if {
	contact_required.deny == {{"msg": "the product offers no contact or support channel", "field": "/contacts"}} with input as with_contacts("witboost-dps", [])
}

test_odps_support_channel_passes if {
	count(contact_required.deny) == 0 with input as with_contacts("bitol-odps", [{"kind": "slack", "value": "https://acme.slack.com/c/orders"}])
}

test_odps_channel_without_address_fails if {
	count(contact_required.deny) == 1 with input as with_contacts("bitol-odps", [{"kind": "slack", "value": null}])
}

test_dpds_contact_point_passes if {
	count(contact_required.deny) == 0 with input as with_contacts("odm-dpds", [{"kind": "email", "value": "ops@company.com"}])
}

test_odcs_no_support_fails if {
	count(contact_required.deny) == 1 with input as {"spec": {"name": "bitol-odcs"}, "product": {"kind": "contract", "contacts": []}}
}
