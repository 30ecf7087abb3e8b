# METADATA
# title: Version is a semantic version
# description: >-
#   Every product and contract declares its version as a Semantic Versioning
#   2.0.0 version (MAJOR.MINOR.PATCH, with an optional pre-release and build:
#   1.4.0, 2.0.0-rc.1, 0.1.0-SNAPSHOT-2), so consumers can tell a breaking
#   change from a compatible one. A leading "v" (v1.4.0, as Bitol's own
#   examples write it) is accepted while
#   data.meshgate.lib.facts.config.semver_allow_v_prefix is true, the default. Whether a
#   version must be written at all is left to each spec's schema (Witboost,
#   ODCS, DPDS and DCS require one; ODPS and LF ODPS do not).
# custom:
#   severity: error
#   remediation: >-
#     Write the version as MAJOR.MINOR.PATCH (1.0.0 rather than 1.0 or 1), in
#     quotes in YAML so it stays text.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, lf-odps]
#   examples:
#     - spec: bitol-odcs
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: "2.1"
#         status: active
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 2.1.0
#         status: active
package meshgate.lifecycle.semantic_version

import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": "/version"} if {
	version := input.product.version
	is_string(version)
	not values.semver(version)
	not _prefixed_semver(version)
	not values.templated(version)
	msg := sprintf("version '%s' is not a semantic version (MAJOR.MINOR.PATCH, such as 1.0.0)", [version])
}

_prefixed_semver(version) if {
	startswith(version, "v")
	data.meshgate.lib.facts.config.semver_allow_v_prefix == true
	values.semver(substring(version, 1, -1))
}
