# METADATA
# title: A service-level promise was weakened
# description: >-
#   A port's service levels (normalized: port.slo) promise less than before:
#   lower availability, longer freshness, latency or update interval,
#   shorter retention, or a promise dropped; or the product's support hours
#   are narrower (7x24 = 168 hours a week, 8x5 = 40). Consumers built on the
#   old promise break.
# custom:
#   severity: error
#   remediation: >-
#     Keep the promise, or publish the weaker one as a new major version
#     that consumers opt into.
#   since: 0.1.0
#   change: breaking
#   examples:
#     - spec: bitol-odcs
#       previous: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         slaProperties:
#           - property: availability
#             value: 99.9
#             unit: percent
#           - property: latency
#             value: 1
#             unit: h
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         slaProperties:
#           - property: availability
#             value: 99.0
#             unit: percent
#           - property: latency
#             value: 4
#             unit: h
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#         slaProperties:
#           - property: availability
#             value: 99.95
#             unit: percent
#           - property: latency
#             value: 1
#             unit: h
package meshgate.change.slo_weakened

import data.meshgate.lib.values
import rego.v1

_ports contains [j, old, new] if {
	some pair in data.meshgate.lib.change.port_pairs
	j := pair.current
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[j]
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [j])} if {
	some [j, old, new] in _ports
	before := values.percent(old.slo.availability)
	after := values.percent(new.slo.availability)
	after < before
	msg := sprintf("output port '%s': availability went down from %v to %v", [data.meshgate.lib.change.label(new), old.slo.availability, new.slo.availability])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/%s", [j, key])} if {
	some [j, old, new] in _ports
	some key in ["freshness", "latency", "frequency"]
	not _same_as_freshness(key, old, new)
	after := values.duration_seconds(new.slo[key])
	after > values.duration_seconds(old.slo[key])
	msg := sprintf("output port '%s': %s went from %v to %v", [data.meshgate.lib.change.label(new), key, old.slo[key], new.slo[key]])
}

# A spec that writes one value for both (ODCS latency) is reported once, as freshness.
_same_as_freshness("latency", old, new) if {
	old.slo.latency == old.slo.freshness
	new.slo.latency == new.slo.freshness
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/retention", [j])} if {
	some [j, old, new] in _ports
	after := values.duration_seconds(new.slo.retention)
	after < values.duration_seconds(old.slo.retention)
	msg := sprintf("output port '%s': retention went down from %v to %v", [data.meshgate.lib.change.label(new), old.slo.retention, new.slo.retention])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo", [j])} if {
	some [j, old, new] in _ports
	some key in ["availability", "freshness", "latency", "frequency", "retention"]
	values.present(old.slo[key])
	new.slo[key] == null
	msg := sprintf("output port '%s' no longer promises its %s (was %v)", [data.meshgate.lib.change.label(new), key, old.slo[key]])
}

deny contains {"msg": msg, "field": "/support/hours"} if {
	after := _weekly(input.current.product.support.hours)
	after < _weekly(input.previous.product.support.hours)
	msg := sprintf("support hours went from %v to %v", [input.previous.product.support.hours, input.current.product.support.hours])
}

# Hours a week of support hours written as 8x5, 24x7 or 24/7.
_weekly(hours) := to_number(parts[1]) * to_number(parts[2]) if {
	is_string(hours)
	parts := regex.find_all_string_submatch_n(`^\s*([0-9]+)\s*[xX/]\s*([0-9]+)\s*$`, hours, 1)[0]
}
