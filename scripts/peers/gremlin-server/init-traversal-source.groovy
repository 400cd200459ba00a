// Gremlin Server init script: binds the traversal source `g` that bytecode
// requests address. Neptune returns graph elements as references (id and
// label, no properties); ReferenceElementStrategy does the same here, so code
// that forgets to ask for properties (elementMap, valueMap, project) fails in
// tests as it would on Neptune.
//
// `graph` is the graph named in the yaml's `graphs` map. If this script fails,
// Gremlin Server only logs a warning and every request then fails with
// "traversal source [g] ... is not configured"; gremlin.mjs checks for that.
def globals = [:]
globals << [g : traversal().withEmbedded(graph).withStrategies(ReferenceElementStrategy)]
