# METADATA
# title: Public ports state their terms of use
# description: >-
#   A port visible beyond the organisation or to everyone in it (a visibility in
#   data.meshgate.lib.facts.config.public_visibilities, compared in lower case: public,
#   global, dataspace) states explicitly how its data may be used: usage,
#   limitations or terms and conditions, not only a purpose.
# custom:
#   severity: error
#   remediation: >-
#     Write the terms of use: dataSharingAgreement.intendedUsage, limitations or
#     termsAndConditions (Witboost), description.usage or limitations (ODPS,
#     ODCS), product.license.scope (LF ODPS), or narrow the visibility.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, lf-odps]
#   examples:
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         description:
#           purpose: Deals won and lost, per account.
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#             customProperties:
#               - property: visibility
#                 value: public
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         description:
#           purpose: Deals won and lost, per account.
#           usage: Any analysis; cite Acme Sales as the source.
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#             customProperties:
#               - property: visibility
#                 value: public
#     - spec: lf-odps
#       failing: |
#         schema: https://opendataproducts.org/v4.1/schema/odps.json
#         version: "4.1"
#         product:
#           details:
#             en:
#               name: City events
#               productID: city-events
#               visibility: public
#               status: production
#               type: dataset
#           dataHolder:
#             legalName: City of Example
#             businessDomain: culture
#             email: open-data@city.example
#           dataAccess:
#             default:
#               outputPortType: API
#       passing: |
#         schema: https://opendataproducts.org/v4.1/schema/odps.json
#         version: "4.1"
#         product:
#           details:
#             en:
#               name: City events
#               productID: city-events
#               visibility: public
#               status: production
#               type: dataset
#           dataHolder:
#             legalName: City of Example
#             businessDomain: culture
#             email: open-data@city.example
#           license:
#             scope:
#               definition: Open data under CC BY 4.0.
#           dataAccess:
#             default:
#               outputPortType: API
package meshgate.access.public_terms

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/terms", [i])} if {
	count(_visible) > 0
	public := data.meshgate.lib.facts.config.public_visibilities
	some i, visibility in _visible
	visibility in public
	port := input.product.ports[i]
	not _terms_of_use(port.access.terms)
	msg := sprintf("output port '%s' is visible '%s' but states no terms of use (usage, limitations or terms and conditions)", [ports.label(port), port.access.visibility])
}

# Each port's visibility, in lower case, by port index (the config is read once).
_visible[i] := lower(trim_space(port.access.visibility)) if {
	some i, port in input.product.ports
	is_string(port.access.visibility)
}

_terms_of_use(terms) if is_string(terms.usage)

_terms_of_use(terms) if is_string(terms.limitations)

_terms_of_use(terms) if is_string(terms.terms_and_conditions)
