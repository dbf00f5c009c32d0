package org.pt.dsl.ide.contentassist;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.pt.dsl.model.Numbers;
import org.pt.dsl.pt.Expr;
import org.pt.dsl.pt.Features;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.Machine;

/**
 * Completion of PT's own words in context: formats after {@code format}, PAT presets after {@code pat}, features after
 * {@code features}, purposes in a region, units after a number, attributes after a mapping, aspects after
 * {@code report}, {@code std/} files in {@code import}, documented strategies after {@code tables via}; names in scope
 * and statement keywords as Xtext proposes them. Operators and parentheses are typed, not proposed; units are
 * proposed after a number of a size (an address rarely has one). Keywords that the grammar only allows as names
 * ({@code kernel}, {@code ram}, ... in ValidID) are never proposed as keywords, and a word proposed twice is offered
 * once.
 */
public class PtContentProposalProvider extends IdeContentProposalProvider {

    /** Rules whose keywords are names, not keywords, where they are used. */
    private static final Set<String> NAME_RULES = Set.of("ValidID", "QualifiedName", "FormatName", "ReportAspect");

    /** The punctuation of an expression: typed like its numbers, never proposed. */
    private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "<<", ">>", "(", ")");

    private static final Set<String> STRATEGY_RULES = Set.of("Recursive", "DirectMapStrategy", "IdentityStrategy",
            "TableOffsetStrategy", "WindowStrategy");

    @Override
    public void createProposals(Collection<ContentAssistContext> contexts, IIdeContentProposalAcceptor acceptor) {
        Map<String, ContentAssistEntry> byProposal = new LinkedHashMap<>();
        Map<String, Integer> priorities = new LinkedHashMap<>();
        super.createProposals(contexts, new IIdeContentProposalAcceptor() {
            @Override
            public void accept(ContentAssistEntry entry, int priority) {
                if (entry == null) {
                    return;
                }
                ContentAssistEntry earlier = byProposal.get(entry.getProposal());
                boolean replaces = earlier == null || ContentAssistEntry.KIND_KEYWORD.equals(earlier.getKind())
                        && !ContentAssistEntry.KIND_KEYWORD.equals(entry.getKind());
                if (replaces) {
                    byProposal.put(entry.getProposal(), entry);
                    priorities.put(entry.getProposal(), priority);
                }
            }

            @Override
            public boolean canAcceptMoreProposals() {
                return acceptor.canAcceptMoreProposals();
            }
        });
        byProposal.forEach((proposal, entry) -> acceptor.accept(entry, priorities.get(proposal)));
    }

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        List<PtWords.Word> words = wordsFor(GrammarUtil.containingParserRule(assignment).getName(),
                assignment.getFeature(), context.getCurrentModel());
        if (words == null) {
            if (!isLiteral(assignment)) { // Xtext would propose the feature's name ("base", "\"label\"") for these
                super._createProposals(assignment, context, acceptor);
            }
            return;
        }
        String kind = kindFor(GrammarUtil.containingParserRule(assignment).getName());
        for (PtWords.Word w : words) {
            ContentAssistEntry entry = getProposalCreator().createProposal(w.text(), context, kind, e -> {
                e.setDescription(w.detail());
                e.setDocumentation(w.documentation());
            });
            if (entry != null) {
                acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
            }
        }
    }

    /** The features the machine around {@code model} may add to those its 'features' line already names. */
    private static List<PtWords.Word> features(EObject model) {
        Features written = EcoreUtil2.getContainerOfType(model, Features.class);
        return PtWords.features(machineFormat(model), written == null ? List.of() : written.getNames());
    }

    /** The format the machine around {@code model} declares (empty when none is written yet). */
    private static Optional<String> machineFormat(EObject model) {
        Machine machine = EcoreUtil2.getContainerOfType(model, Machine.class);
        if (machine == null) {
            return Optional.empty();
        }
        return machine.getProperties().stream().filter(FormatDecl.class::isInstance)
                .map(p -> ((FormatDecl) p).getName()).filter(Objects::nonNull).findFirst();
    }

    /** A number or string: a value the user writes, nothing to propose. */
    private static boolean isLiteral(Assignment assignment) {
        return assignment.getTerminal() instanceof RuleCall call
                && Set.of("NUMBER", "STRING").contains(call.getRule().getName());
    }

    /** The words an assignment takes, or null when it is no PT vocabulary (names, numbers, strings). */
    private static List<PtWords.Word> wordsFor(String rule, String feature, EObject model) {
        return switch (rule + "." + feature) {
            case "FormatDecl.name" -> PtWords.formats();
            case "MemoryTypes.preset" -> PtWords.patPresets();
            case "Features.names" -> features(model);
            case "Region.name", "Region.purpose" -> PtWords.purposes();
            case "Literal.unit" -> inAddress(model) ? List.of() : PtWords.units();
            case "Attribute.name" -> PtWords.attributes();
            case "Report.what" -> PtWords.reportAspects();
            case "Import.importURI" -> PtWords.libraryFiles();
            case "Generate.kind" -> PtWords.outputs();
            default -> null;
        };
    }

    /** Whether {@code model} is a number of an address (which may carry a unit, but rarely does). */
    private static boolean inAddress(EObject model) {
        return model instanceof Expr e && !Numbers.isSize(Numbers.root(e));
    }

    private static String kindFor(String rule) {
        return switch (rule) {
            case "Literal" -> ContentAssistEntry.KIND_UNIT;
            case "Import" -> ContentAssistEntry.KIND_FILE;
            case "Attribute", "Features" -> ContentAssistEntry.KIND_PROPERTY;
            case "Region" -> ContentAssistEntry.KIND_ENUM;
            default -> ContentAssistEntry.KIND_VALUE;
        };
    }

    @Override
    protected boolean filterKeyword(Keyword keyword, ContentAssistContext context) {
        AbstractRule rule = GrammarUtil.containingRule(keyword);
        // units come with their documentation from the unit's assignment
        return !NAME_RULES.contains(rule.getName()) && !"Unit".equals(rule.getName())
                && !OPERATORS.contains(keyword.getValue()) && super.filterKeyword(keyword, context);
    }

    /**
     * A keyword with what it introduces ({@link PtWords#keyword}, the text its hover shows); after {@code tables via}
     * a strategy with its description.
     */
    @Override
    protected void _createProposals(Keyword keyword, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        if (!filterKeyword(keyword, context)) {
            return;
        }
        AbstractRule rule = GrammarUtil.containingRule(keyword);
        boolean strategy = STRATEGY_RULES.contains(rule.getName())
                && GrammarUtil.containingAssignment(keyword) == null && !"per-cpu".equals(keyword.getValue())
                && !PtWords.strategy(keyword.getValue()).isEmpty();
        String documentation = strategy ? PtWords.strategy(keyword.getValue()) : PtWords.keyword(keyword.getValue());
        ContentAssistEntry entry = getProposalCreator().createProposal(keyword.getValue(), context,
                ContentAssistEntry.KIND_KEYWORD, e -> {
                    if (strategy) {
                        e.setDescription("strategy: how the kernel reaches its tables");
                    }
                    if (!documentation.isEmpty()) {
                        e.setDocumentation(documentation);
                    }
                });
        if (entry != null) {
            acceptor.accept(entry, getProposalPriorities().getKeywordPriority(keyword.getValue(), entry));
        }
    }
}
