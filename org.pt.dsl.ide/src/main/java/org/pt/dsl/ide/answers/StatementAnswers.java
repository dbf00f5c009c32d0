package org.pt.dsl.ide.answers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.SpecIssue;
import org.pt.dsl.pt.Decode;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Report;
import org.pt.dsl.pt.Walk;
import org.pt.engine.analysis.Answer;

/**
 * The typed answers of a file's {@code walk}, {@code reach}, {@code report} and {@code decode} statements, read from the findings
 * {@link SpecAnalyzer} placed on them (the analysis the validator already ran for this state of the file), in the
 * order of the file.
 */
public final class StatementAnswers {

    private StatementAnswers() {
    }

    /** A query statement, its answer and the messages the engine rendered from it. */
    public record Answered(EObject statement, Answer answer, List<String> messages) {
    }

    public static List<Answered> of(XtextResource resource) {
        if (resource == null || resource.getResourceServiceProvider() == null || resource.getContents().isEmpty()) {
            return List.of();
        }
        SpecAnalyzer analyzer = resource.getResourceServiceProvider().get(SpecAnalyzer.class);
        Map<EObject, Answered> byStatement = new LinkedHashMap<>();
        for (SpecIssue issue : analyzer.analysed(resource).findings().all()) {
            EObject statement = SpecAnalyzer.anchor(issue.at().object());
            if (issue.answer().isEmpty() || !(statement instanceof Walk || statement instanceof Reach
                    || statement instanceof Report || statement instanceof Decode)) {
                continue;
            }
            byStatement.computeIfAbsent(statement,
                    s -> new Answered(s, issue.answer().get(), new ArrayList<>())).messages().add(issue.message());
        }
        List<Answered> out = new ArrayList<>(byStatement.values());
        out.sort((a, b) -> Integer.compare(offset(a.statement()), offset(b.statement())));
        return out;
    }

    /** The answer of the query statement at {@code offset}, if it has one. */
    public static Optional<Answered> at(XtextResource resource, int offset) {
        for (Answered a : of(resource)) {
            ICompositeNode node = NodeModelUtils.findActualNodeFor(a.statement());
            if (node != null && node.getOffset() <= offset && offset <= node.getEndOffset()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static int offset(EObject o) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
        return node == null ? -1 : node.getOffset();
    }
}
