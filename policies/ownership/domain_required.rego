# METADATA
# title: Data product belongs to a known domain
# description: >-
#   A data mesh is organised by business domain: every product (and every ODCS
#   contract, which can say it too) names the domain that is accountable for
#   it. When the organisation keeps a registry of its domains
#   (data.meshgate.lib.facts.config.known_domains), the domain is one of them, exactly as
#   written there (an empty list, the default, checks nothing).
# custom:
#   severity: error
#   remediation: >-
#     Declare the domain: domain (Witboost, ODPS, ODCS), info.domain (DPDS,
#     DPS), product.dataHolder.businessDomain (LF ODPS); use its registered
#     name, or register a new domain in known_domains.
#   remediation_by_spec:
#     witboost-dps: 'Declare the domain in domain; use its registered name, or register a new domain in known_domains.'
#     bitol-odps: 'Declare the domain in domain; use its registered name, or register a new domain in known_domains.'
#     bitol-odcs: 'Declare the domain in domain; use its registered name, or register a new domain in known_domains.'
#     odm-dpds: 'Declare the domain in info.domain; use its registered name, or register a new domain in known_domains.'
#     dmm-dps: 'Declare the domain in info.domain; use its registered name, or register a new domain in known_domains.'
#     lf-odps: 'Declare the domain in product.dataHolder.businessDomain; use its registered name, or register a new domain in known_domains.'
#   field_by_spec:
#     witboost-dps: /domain
#     bitol-odps: /domain
#     bitol-odcs: /domain
#     odm-dpds: /info/domain
#     dmm-dps: /info/domain
#     lf-odps: /product/dataHolder/businessDomain
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, dmm-dps, lf-odps]
#   examples:
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         status: active
#         team:
#           name: sales-team
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         status: active
#         domain: sales
#         team:
#           name: sales-team
package meshgate.ownership.domain_required

import rego.v1

deny contains {"msg": msg, "field": "/domain"} if {
	not _named
	msg := sprintf("the %s names no domain", [input.product.kind])
}

deny contains {"msg": msg, "field": "/domain"} if {
	known := data.meshgate.lib.facts.config.known_domains
	count(known) > 0
	domain := input.product.domain
	is_string(domain)
	not domain in known
	msg := sprintf("domain '%s' is not a registered domain", [domain])
}

_named if {
	is_string(input.product.domain)
	trim_space(input.product.domain) != ""
}
