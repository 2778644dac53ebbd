package org.corenn.io;

import java.util.HashSet;
import java.util.Set;

import org.corenn.runtime.CorennException;

/**
 * Checks that a graph's values are well-formed: every node input is a graph input, an initializer,
 * an earlier node's output or (in a subgraph) a value visible in the enclosing scope at the node that
 * holds the subgraph; no value is produced twice; every graph output is produced. ONNX requires nodes
 * in topological order, so this also rejects cycles and references to missing initializers before an
 * importer has to make sense of them.
 */
final class OnnxGraphValidator {
    private OnnxGraphValidator() {
    }

    /**
     * The names a graph defines, chained to its enclosing graph's. A subgraph is checked at the node that
     * holds it, while the enclosing set holds exactly the names defined so far, so the chain shares the
     * live sets instead of copying them (copies would cost quadratic time on hostile input).
     */
    private static final class Scope {
        final Set<String> names = new HashSet<>();
        final Scope parent;

        Scope(Scope parent) {
            this.parent = parent;
        }

        boolean contains(String name) {
            for (Scope scope = this; scope != null; scope = scope.parent) {
                if (scope.names.contains(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    static void validate(OnnxGraph graph) {
        validate(graph, "", new Scope(null));
    }

    private static void validate(OnnxGraph graph, String prefix, Scope scope) {
        String where = "onnx: " + prefix + "graph '" + graph.name() + "'";
        Set<String> defined = scope.names;
        defined.addAll(graph.initializers().keySet());
        for (OnnxValueInfo input : graph.inputs()) {
            // Older exporters list initializers as inputs too, so an input may repeat an initializer's name.
            if (!defined.add(input.name()) && !graph.initializers().containsKey(input.name())) {
                throw new CorennException(where + ": input '" + input.name() + "' is declared twice");
            }
        }
        for (int i = 0; i < graph.nodes().size(); i++) {
            OnnxNode node = graph.nodes().get(i);
            String nodeWhere = prefix + "node #" + i + " '" + node.name() + "' (" + node.opType() + ")";
            for (String input : node.inputs()) {
                // An empty name is an omitted optional input.
                if (!input.isEmpty() && !scope.contains(input)) {
                    throw new CorennException("onnx: " + nodeWhere + ": input '" + input + "' is not a graph input,"
                            + " an initializer or an output of an earlier node (missing initializer, or nodes out of"
                            + " topological order)");
                }
            }
            validateSubgraphs(node, nodeWhere, scope);
            for (String output : node.outputs()) {
                if (!output.isEmpty() && !defined.add(output)) {
                    throw new CorennException("onnx: " + nodeWhere + ": output '" + output
                            + "' is already defined in " + (prefix.isEmpty() ? "the graph" : "this subgraph"));
                }
            }
        }
        for (OnnxValueInfo output : graph.outputs()) {
            if (!scope.contains(output.name())) {
                throw new CorennException(where + ": output '" + output.name() + "' is not produced by any node,"
                        + " input or initializer");
            }
        }
    }

    private static void validateSubgraphs(OnnxNode node, String nodeWhere, Scope scope) {
        for (OnnxAttribute attribute : node.attributes().values()) {
            if (attribute.kind() == OnnxAttribute.Kind.GRAPH) {
                validate(attribute.asGraph(), nodeWhere + " attribute '" + attribute.name() + "' > ", new Scope(scope));
            }
        }
    }
}
