# Builders for the change policies' unit tests: a pair of versions with the full
# shape of input.previous/input.current, so a test states only what changed.
# Not a policy and holds no tests.
package meshgate.lib.change_fixtures_test

import data.meshgate.lib.fixtures_test as fx
import rego.v1

# version(spec, product changes, descriptor): one side of the pair.
version(spec, changes, descriptor) := {
	"product": object.union(fx.doc(spec, changes).product, {}),
	"spec": fx.doc(spec, changes).spec,
	"file": "d.yaml", "document": 1,
	"descriptor": descriptor,
}

# pair(previous, current): the change entry point's input.
pair(previous, current) := {
	"previous": previous, "current": current,
	"context": {"file": "d.yaml", "document": 1, "environment": null, "today": "2026-11-24"},
}

# ports(before, after): a product pair whose only port is the good port with each side's changes.
ports(before, after) := pair(version("bitol-odps", {"ports": [fx.port(before)]}, {}), version("bitol-odps", {"ports": [fx.port(after)]}, {}))

# products(before, after): a product pair with each side's changes.
products(before, after) := pair(version("bitol-odps", before, {}), version("bitol-odps", after, {}))

# columns(before, after): an ODCS contract pair whose one schema object holds these properties.
columns(before, after) := pair(
	version("bitol-odcs", {}, {"schema": [{"name": "orders", "properties": before}]}),
	version("bitol-odcs", {}, {"schema": [{"name": "orders", "properties": after}]}),
)

order_id := {"name": "order_id", "logicalType": "string", "required": true, "primaryKey": true}

amount := {"name": "amount", "logicalType": "number", "required": true}

# A Witboost output port component whose data contract holds these columns.
component(columns) := {"id": "urn:dmb:cmp:finance:invoices:3:table", "name": "table", "dataContract": {"schema": columns}}

# witboost(before, after): a Witboost product pair with one output port component each.
witboost(before, after) := pair(
	version("witboost-dps", {}, {"components": [component(before)]}),
	version("witboost-dps", {}, {"components": [component(after)]}),
)
