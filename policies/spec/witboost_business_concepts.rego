# METADATA
# title: Witboost products declare their business concepts
# description: >-
#   The governance board wants every Witboost data product to name the
#   business concepts (glossary terms) it is about, so the marketplace can
#   find it by meaning. The CUE definition makes businessConcepts an open list
#   that may be left out or empty; this is a rule beyond the specification,
#   checked here rather than in the schema. Descriptors of the January 2023
#   revision, which has no businessConcepts, are told to upgrade by
#   schema/version-mismatch instead.
# custom:
#   severity: warning
#   remediation: >-
#     Add businessConcepts with at least one glossary term, e.g.
#     {tagFQN: Revenue, source: Glossary, labelType: Manual, state: Confirmed}.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:2
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 2.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         businessConcepts: []
#         components: []
#       passing: |
#         id: urn:dmb:dp:sales:deals:2
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 2.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         businessConcepts:
#           - {tagFQN: Deal, source: Glossary, labelType: Manual, state: Confirmed}
#         components: []
package meshgate.spec.witboost_business_concepts

import rego.v1

# The January 2023 revision of the definition has no businessConcepts.
current if input.spec.version != "0.0.1-2023-01"

deny contains {"msg": "the product declares no business concepts", "path": "/businessConcepts"} if {
	current
	is_array(input.descriptor.businessConcepts)
	count(input.descriptor.businessConcepts) == 0
}

deny contains {"msg": "the product declares no business concepts", "path": ""} if {
	current
	is_object(input.descriptor)
	not input.descriptor.businessConcepts
}
