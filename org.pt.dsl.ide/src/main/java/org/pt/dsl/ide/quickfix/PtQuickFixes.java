package org.pt.dsl.ide.quickfix;

import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.log4j.Logger;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.RangePlacement;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.SlotPlacement;
import org.pt.dsl.pt.Strategy;
import org.pt.dsl.pt.TablePool;
import org.pt.dsl.model.Vocabulary;
import org.pt.dsl.scoping.Suggestions;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.model.Purpose;
import org.pt.engine.core.Unsigned;

/**
 * The quick fixes of PT, independent of any editor: from a diagnostic (its code, its place in the text and the
 * {@code key=value} data it carries) to text edits of the same file. One fix method per issue code; the data is
 * the validator's, never the message text. The language server ({@link PtQuickfixProvider}) turns the edits into LSP
 * code actions; the Eclipse editor can turn them into its own resolutions.
 *
 * <p>A fix is offered only when its edit lies in the diagnosed file (a region or pool of an imported file is not
 * edited from here) and the text it replaces is there as the fix expects.
 */
@Singleton
public class PtQuickFixes {

    /** A diagnostic as a fix sees it: its code, the text range it marks and its data by key. */
    public record Problem(String code, int offset, int length, Map<String, String> data) {

        /** The data of a diagnostic ({@code key=value} strings) by key; a string without {@code =} is ignored. */
        public static Map<String, String> data(Iterable<String> entries) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String e : entries) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    out.put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
            return out;
        }
    }

    /** Replace {@code length} characters at {@code offset} with {@code text}. */
    public record Edit(int offset, int length, String text) {
    }

    /** A fix: what an editor shows, and the edits (of the diagnosed file) that make it. */
    public record Fix(String label, List<Edit> edits) {
        Fix(String label, Edit edit) {
            this(label, List.of(edit));
        }
    }

    /** One fix method: the fixes of one diagnostic, none when it is not clear here. */
    @FunctionalInterface
    private interface FixMethod {
        List<Fix> fixes(Site site);
    }

    private static final Logger LOG = Logger.getLogger(PtQuickFixes.class);

    private final Map<String, FixMethod> methods = new LinkedHashMap<>();

    public PtQuickFixes() {
        on(org.eclipse.xtext.diagnostics.Diagnostic.SYNTAX_DIAGNOSTIC, Site::replaceWithSuggestion);
        on(IssueCodes.UNKNOWN_UNIT, this::closeWord);
        on(IssueCodes.UNIT_MISSING, Site::replaceWithSuggestion);
        on(IssueCodes.UNKNOWN_FORMAT, this::closeWord);
        on(IssueCodes.UNKNOWN_FEATURE, this::closeWord);
        on(IssueCodes.UNKNOWN_PURPOSE, this::closeWord);
        on(IssueCodes.UNKNOWN_ATTRIBUTE, this::closeWord);
        on(IssueCodes.UNKNOWN_OUTPUT, this::closeWord);
        on(IssueCodes.OUTPUT_FORM_UNAVAILABLE, this::closeWord);
        on(IssueCodes.UNKNOWN_REGION, this::closeWord);
        on(IssueCodes.UNKNOWN_NAME, this::unknownName);
        on(IssueCodes.MISSING_IMPORT, this::missingImport);
        on(IssueCodes.DUPLICATE_IMPORT, this::duplicateImport);
        on(IssueCodes.DUPLICATE_ATTRIBUTE, this::duplicateAttribute);
        on(IssueCodes.ALL_RAM_FORM, this::allRamForm);
        on(IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS, this::inclusiveEndNeedsAddress);
        on(IssueCodes.UNSUPPORTED_PAGE_SIZE, this::unsupportedPageSize);
        on(IssueCodes.BUDGET_TOO_LARGE, this::budgetTooLarge);
        on(IssueCodes.POOL_MISALIGNED, this::poolMisaligned);
        on(IssueCodes.POOL_EXHAUSTED, this::poolExhausted);
        on(IssueCodes.REGION_MISALIGNED, this::regionMisaligned);
        on(IssueCodes.SLOT_OUT_OF_RANGE, this::slotOutOfRange);
        on(IssueCodes.STRATEGY_SLOT_COLLISION, this::strategySlotCollision);
        on(IssueCodes.STRATEGY_REGION_MISSING, this::strategyRegionMissing);
        on(IssueCodes.TABLES_UNREACHABLE, this::tablesUnreachable);
        on(IssueCodes.DIRECT_MAP_INCOMPLETE, this::directMapIncomplete);
        on(IssueCodes.DIRECT_MAP_OFFSET_MISMATCH, this::directMapOffsetMismatch);
        on(IssueCodes.RAM_BELOW_PHYSICAL_BASE, this::ramBelowPhysicalBase);
        on(IssueCodes.PHYSICAL_BASE_MISALIGNED, this::physicalBaseMisaligned);
        on(IssueCodes.MISALIGNED, this::misaligned);
        on(IssueCodes.MAPPING_CONFLICT, this::mappingConflict);
        on(IssueCodes.UNKNOWN_REPORT, this::unknownReport);
        on(IssueCodes.OUTPUT_MISALIGNED, this::outputMisaligned);
        on(IssueCodes.OUTPUT_NEEDS_ADDRESS, this::outputNeedsAddress);
    }

    private void on(String code, FixMethod method) {
        methods.put(code, method);
    }

    /** The issue codes that have a fix (for some diagnostics of the code). */
    public Set<String> codes() {
        return Collections.unmodifiableSet(methods.keySet());
    }

    /** The fixes of {@code problem} in {@code resource}; none when its code has no fix or the fix is not clear. */
    public List<Fix> fixes(XtextResource resource, Problem problem) {
        FixMethod method = methods.get(problem.code());
        if (method == null || resource.getParseResult() == null) {
            return List.of();
        }
        try {
            return method.fixes(new Site(resource, problem));
        } catch (RuntimeException e) {
            // a fix must never turn a code-action request into an internal error; the bug is logged
            LOG.error("quick fix of " + problem.code() + " failed in " + resource.getURI(), e);
            return List.of();
        }
    }

    // ==== the fix methods, one per code ===========================================================================

    /**
     * The fix of every unknown word of PT's vocabulary (unit, format, feature, purpose, attribute, output kind), of an
     * unknown region and of an output form the target lacks: the close word of the diagnostic's {@code suggestion}
     * replaces the written one.
     */
    private List<Fix> closeWord(Site s) {
        return s.replaceWithSuggestion();
    }

    /** A close name replaces the written one; a file that defines the name but is not imported is imported. */
    private List<Fix> unknownName(Site s) {
        List<Fix> out = new ArrayList<>(s.replaceWithSuggestion());
        String file = s.data("import");
        if (file != null) {
            out.add(new Fix("Import \"" + file + "\"", s.importLine(file)));
        }
        return out;
    }

    /** A library file of a close name replaces the path (the quotes stay). */
    private List<Fix> missingImport(Site s) {
        String suggestion = s.data("suggestion");
        if (suggestion == null || !s.marked().startsWith("\"")) {
            return List.of();
        }
        return List.of(new Fix("Change to \"" + suggestion + "\"", s.replaceMarked("\"" + suggestion + "\"")));
    }

    /** The later import of a file imported twice goes, with its line. */
    private List<Fix> duplicateImport(Site s) {
        Import imp = s.container(Import.class);
        if (imp == null) {
            return List.of();
        }
        return List.of(new Fix("Remove the duplicate import", s.removeLines(NodeModelUtils.getNode(imp))));
    }

    /** The attribute word written twice goes (the later one, which the diagnostic marks). */
    private List<Fix> duplicateAttribute(Site s) {
        return List.of(new Fix("Remove the second '" + s.marked() + "'", s.removeWithSpaceBefore(s.markedNode())));
    }

    /**
     * {@code map all ram} takes its addresses and size from the RAM and its region: the {@code to ADDRESS},
     * {@code size SIZE} or {@code identity} the diagnostic marks goes. An unmap or protect of all RAM has no fix (which
     * region to name instead is the author's choice).
     */
    private List<Fix> allRamForm(Site s) {
        MapStatement st = s.container(MapStatement.class);
        if (st == null) {
            return List.of();
        }
        for (EObject part : new EObject[] {st.getPa(), st.getSize(), st.getTrailingSize()}) {
            if (part != null && s.marks(part)) {
                String keyword = part == st.getPa() ? "to" : "size";
                return List.of(new Fix("Remove '" + keyword + " " + s.marked() + "'",
                        s.removeFromKeyword(st, keyword, NodeModelUtils.findActualNodeFor(part))));
            }
        }
        if (st.isIdentity() && "identity".equals(s.marked())) {
            return List.of(new Fix("Remove 'identity'", s.removeWithSpaceBefore(s.markedNode())));
        }
        return List.of();
    }

    /** A region target takes its range from the region: the {@code ..= ADDRESS} written after it goes. */
    private List<Fix> inclusiveEndNeedsAddress(Site s) {
        EObject st = s.at();
        while (st != null && st.eClass().getEStructuralFeature("last") == null) {
            st = st.eContainer();
        }
        if (st == null || !(st.eGet(st.eClass().getEStructuralFeature("last")) instanceof EObject last)
                || !s.marks(last)) {
            return List.of();
        }
        return List.of(new Fix("Remove '..= " + s.marked() + "'",
                s.removeFromKeyword(st, "..=", NodeModelUtils.getNode(last))));
    }

    /** The page-size cap becomes the largest page size of the format below it (or else the smallest one). */
    private List<Fix> unsupportedPageSize(Site s) {
        String sizes = s.data("sizes");
        Optional<Long> written = bytes(s.marked());
        if (sizes == null || written.isEmpty()) {
            return List.of();
        }
        long best = -1;
        long smallest = -1;
        for (String size : sizes.split(",")) {
            Optional<Long> b = bytes(size);
            if (b.isEmpty()) {
                return List.of();
            }
            long v = b.get();
            if (Unsigned.lessOrEqual(v, written.get()) && (best == -1 || Unsigned.lessThan(best, v))) {
                best = v;
            }
            if (smallest == -1 || Unsigned.lessThan(v, smallest)) {
                smallest = v;
            }
        }
        long chosen = best == -1 ? smallest : best;
        return chosen == -1 ? List.of() : s.replaceMarkedWith(SizeUnit.format(chosen));
    }

    /** The budget becomes the most PT simulates. */
    private List<Fix> budgetTooLarge(Site s) {
        return s.replaceMarkedWithData("most");
    }

    /** The pool shrinks to the aligned part of it: the aligned start and size replace its range. */
    private List<Fix> poolMisaligned(Site s) {
        String start = s.data("alignedStart");
        String size = s.data("alignedSize");
        TablePool pool = s.container(TablePool.class);
        if (start == null || size == null || pool == null || pool.getRange() == null || !s.marks(pool.getRange())) {
            return List.of();
        }
        return List.of(new Fix("Align the table pool: " + start + " size " + size,
                s.replaceMarked(start + " size " + size)));
    }

    /**
     * The table pool of the machine grows by what is missing: {@code bytesNeeded - bytesFree} added to its size. Only
     * for a machine of this file with one pool written with {@code size}; a second pool could go anywhere.
     */
    private List<Fix> poolExhausted(Site s) {
        Optional<Long> needed = hex(s.data("bytesNeeded"));
        Optional<Long> free = hex(s.data("bytesFree"));
        org.pt.dsl.pt.Space space = s.container(org.pt.dsl.pt.Space.class);
        if (needed.isEmpty() || free.isEmpty() || space == null || space.getLayout() == null
                || space.getLayout().eIsProxy() || space.getLayout().getMachine() == null
                || space.getLayout().getMachine().eIsProxy()) {
            return List.of();
        }
        List<TablePool> pools = EcoreUtil2.typeSelect(space.getLayout().getMachine().getProperties(), TablePool.class);
        if (pools.size() != 1 || pools.get(0).getRange() == null || pools.get(0).getRange().getSize() == null
                || pools.get(0).eResource() != s.resource) {
            return List.of();
        }
        INode sizeNode = NodeModelUtils.getNode(pools.get(0).getRange().getSize());
        Optional<Long> current = bytes(NodeModelUtils.getTokenText(sizeNode));
        if (current.isEmpty() || !Unsigned.lessThan(free.get(), needed.get())
                || !Unsigned.addFits(current.get(), needed.get() - free.get())) {
            return List.of();
        }
        String size = SizeUnit.format(current.get() + (needed.get() - free.get()));
        return List.of(new Fix("Enlarge the table pool to " + size, s.replace(sizeNode, size)));
    }

    /**
     * A self-map region written as a range becomes the top-level slot the analysis names ({@code slot}); a region
     * off the page grid ({@code alignment}) gets its start rounded down and its size rounded up to the alignment.
     * Only for a range written {@code START size SIZE} with plain numbers.
     */
    private List<Fix> regionMisaligned(Site s) {
        Region region = s.container(Region.class);
        if (region == null || !(region.getPlacement() instanceof RangePlacement rp) || rp.getRange() == null) {
            return List.of();
        }
        INode placement = NodeModelUtils.getNode(rp);
        String slot = s.data("slot");
        if (slot != null) {
            return List.of(new Fix("Place region '" + region.getName() + "' at top-level slot " + slot,
                    s.replace(placement, "top-level slot " + slot)));
        }
        Optional<Long> alignment = hex(s.data("alignment"));
        org.pt.dsl.pt.Range range = rp.getRange();
        if (alignment.isEmpty() || !Unsigned.isPowerOfTwo(alignment.get())
                || !(range.getStart() instanceof Literal start) || start.getUnit() != null || range.getSize() == null) {
            return List.of();
        }
        Optional<Long> size = bytes(NodeModelUtils.getTokenText(NodeModelUtils.getNode(range.getSize())));
        long mask = -alignment.get();
        if (size.isEmpty() || !Unsigned.addFits(size.get(), alignment.get() - 1)) {
            return List.of();
        }
        String aligned = Unsigned.hex(start.getValue() & mask) + " size "
                + SizeUnit.format((size.get() + alignment.get() - 1) & mask);
        return List.of(new Fix("Align region '" + region.getName() + "': " + aligned,
                s.replace(NodeModelUtils.getNode(range), aligned)));
    }

    /** The slot becomes the free one the analysis found. */
    private List<Fix> slotOutOfRange(Site s) {
        return s.replaceMarkedWithData("freeSlot");
    }

    /**
     * The colliding slot becomes the free one the analysis found ({@code freeSlot}): the foreign slot when it is the
     * one that collides ({@code collides=foreign}), else the self-map region's top-level slot (when the region is in
     * this file).
     */
    private List<Fix> strategySlotCollision(Site s) {
        String free = s.data("freeSlot");
        Strategy strategy = s.container(Strategy.class);
        if (free == null || !(strategy instanceof Recursive recursive)) {
            return List.of();
        }
        if ("foreign".equals(s.data("collides"))) {
            INode foreign = s.featureNode(recursive, PtPackage.Literals.RECURSIVE__FOREIGN_SLOT);
            return foreign == null ? List.of() : List.of(new Fix("Use foreign slot " + free, s.replace(foreign, free)));
        }
        Region region = recursive.getRegion();
        if (!"recursive".equals(s.data("collides")) || region == null || region.eIsProxy()
                || region.eResource() != s.resource || !(region.getPlacement() instanceof SlotPlacement slot)) {
            return List.of();
        }
        INode node = s.featureNode(slot, PtPackage.Literals.SLOT_PLACEMENT__SLOT);
        return node == null ? List.of()
                : List.of(new Fix("Move region '" + region.getName() + "' to top-level slot " + free,
                        s.replace(node, free)));
    }

    /**
     * A strategy naming a region of the wrong purpose names, instead, a region of its layout of the purpose it needs
     * (self-map for recursive, direct-map for direct-map, window for window); one fix per such region.
     */
    private List<Fix> strategyRegionMissing(Site s) {
        Strategy strategy = s.container(Strategy.class);
        org.pt.dsl.pt.Space space = s.container(org.pt.dsl.pt.Space.class);
        Purpose needed = strategy instanceof Recursive ? Purpose.SELF_MAP
                : strategy instanceof org.pt.dsl.pt.DirectMapStrategy ? Purpose.DIRECT_MAP
                : strategy instanceof org.pt.dsl.pt.WindowStrategy ? Purpose.WINDOW : null;
        EStructuralFeature feature = strategy == null ? null : strategy.eClass().getEStructuralFeature("region");
        INode written = feature == null ? null : s.featureNode(strategy, feature);
        if (needed == null || written == null || space == null || space.getLayout() == null
                || space.getLayout().eIsProxy()) {
            return List.of();
        }
        List<Fix> out = new ArrayList<>();
        for (Region r : space.getLayout().getRegions()) {
            if (purposeOf(r).filter(p -> p == needed).isPresent()
                    && !r.getName().equals(NodeModelUtils.getTokenText(written))) {
                out.add(new Fix("Use region '" + r.getName() + "'", s.replace(written, r.getName())));
            }
        }
        return out;
    }

    /**
     * A space the {@code reach} asks that names no strategy gets one: {@code tables via recursive R} for each
     * self-map region R of its layout, {@code tables via direct-map R} for each direct-map region (one fix each). A
     * recursive strategy that reaches only its own space's tables gets the foreign slot the analysis found free
     * ({@code freeSlot}). Only for a space of this file.
     */
    private List<Fix> tablesUnreachable(Site s) {
        org.pt.dsl.pt.Reach reach = s.container(org.pt.dsl.pt.Reach.class);
        org.pt.dsl.pt.Space space = reach == null ? null : reach.getFrom();
        if (space == null || space.eIsProxy() || space.eResource() != s.resource) {
            return List.of();
        }
        List<org.pt.dsl.pt.StrategyDecl> decls = EcoreUtil2.typeSelect(space.getStatements(),
                org.pt.dsl.pt.StrategyDecl.class);
        if (decls.isEmpty()) {
            return missingStrategy(s, space);
        }
        String free = s.data("freeSlot");
        if (free == null || decls.size() != 1 || !(decls.get(0).getStrategy() instanceof Recursive recursive)
                || recursive.eIsSet(PtPackage.Literals.RECURSIVE__FOREIGN_SLOT)) {
            return List.of();
        }
        INode region = s.featureNode(recursive, PtPackage.Literals.RECURSIVE__REGION);
        return region == null ? List.of()
                : List.of(new Fix("Add 'foreign slot " + free + "' to the strategy of '" + space.getName() + "'",
                        new Edit(region.getEndOffset(), 0, " foreign slot " + free)));
    }

    /** {@code tables via ...} as the first statement of {@code space}, one fix per region a strategy can use. */
    private static List<Fix> missingStrategy(Site s, org.pt.dsl.pt.Space space) {
        org.pt.dsl.pt.Layout layout = space.getLayout();
        ILeafNode brace = s.keyword(NodeModelUtils.getNode(space), "{");
        if (layout == null || layout.eIsProxy() || brace == null) {
            return List.of();
        }
        String indent = s.indentOf(NodeModelUtils.getNode(space)) + "    ";
        List<Fix> out = new ArrayList<>();
        for (Region r : layout.getRegions()) {
            Optional<Purpose> purpose = purposeOf(r);
            String strategy = purpose.isEmpty() ? null
                    : purpose.get() == Purpose.SELF_MAP ? "recursive" : purpose.get() == Purpose.DIRECT_MAP
                    ? "direct-map" : null;
            if (strategy != null) {
                String statement = "tables via " + strategy + " " + r.getName();
                out.add(new Fix("Add '" + statement + "' to space '" + space.getName() + "'",
                        new Edit(brace.getEndOffset(), 0, "\n" + indent + statement)));
            }
        }
        return out;
    }

    /** The direct-map region grows to the size all RAM needs (when it is written with {@code size}, in this file). */
    private List<Fix> directMapIncomplete(Site s) {
        String size = s.data("neededSize");
        MapStatement st = s.container(MapStatement.class);
        if (size == null || st == null || !(st.getTarget() instanceof org.pt.dsl.pt.AllRamTarget all)
                || all.getRegion() == null || all.getRegion().eIsProxy()
                || all.getRegion().eResource() != s.resource
                || !(all.getRegion().getPlacement() instanceof RangePlacement rp) || rp.getRange() == null
                || rp.getRange().getSize() == null) {
            return List.of();
        }
        return List.of(new Fix("Enlarge region '" + all.getRegion().getName() + "' to " + size,
                s.replace(NodeModelUtils.getNode(rp.getRange().getSize()), size)));
    }

    /** The region's physical base becomes the first RAM byte (when the region is in this file). */
    private List<Fix> ramBelowPhysicalBase(Site s) {
        String base = s.data("base");
        MapStatement st = s.container(MapStatement.class);
        if (base == null || st == null || !(st.getTarget() instanceof org.pt.dsl.pt.AllRamTarget all)
                || all.getRegion() == null || all.getRegion().eIsProxy() || all.getRegion().eResource() != s.resource
                || all.getRegion().getPhysicalBase() == null) {
            return List.of();
        }
        return List.of(new Fix("Start region '" + all.getRegion().getName() + "' at physical " + base,
                s.replace(NodeModelUtils.getNode(all.getRegion().getPhysicalBase()), base)));
    }

    /** A physical base off a page is rounded down to the page it is in (the error; the huge-page warning has none). */
    private List<Fix> physicalBaseMisaligned(Site s) {
        String base = s.data("base");
        org.pt.dsl.pt.Region r = s.container(org.pt.dsl.pt.Region.class);
        if (base == null || r == null || r.getPhysicalBase() == null) {
            return List.of();
        }
        return List.of(new Fix("Align the physical base down to " + base,
                s.replace(NodeModelUtils.getNode(r.getPhysicalBase()), base)));
    }

    /** The physical address becomes the one that keeps the direct map's offset. */
    private List<Fix> directMapOffsetMismatch(Site s) {
        String pa = s.data("pa");
        MapStatement st = s.container(MapStatement.class);
        if (pa == null || st == null || st.getPa() == null) {
            return List.of();
        }
        return List.of(new Fix("Change the physical address to " + pa, s.replace(NodeModelUtils.getNode(st.getPa()),
                pa)));
    }

    /** A misaligned physical address written as a number is rounded down to the alignment (the page it is in). */
    private List<Fix> misaligned(Site s) {
        MapStatement st = s.container(MapStatement.class);
        Optional<Long> value = hex(s.data("value"));
        Optional<Long> alignment = hex(s.data("alignment"));
        if (!"physical address".equals(s.data("what")) || st == null || !(st.getPa() instanceof Literal pa)
                || pa.getUnit() != null || value.isEmpty() || alignment.isEmpty()
                || !Unsigned.isPowerOfTwo(alignment.get()) || pa.getValue() != value.get()) {
            return List.of();
        }
        String aligned = Unsigned.hex(value.get() & -alignment.get());
        return List.of(new Fix("Align the physical address down to " + aligned,
                s.replace(NodeModelUtils.getNode(st.getPa()), aligned)));
    }

    /** A map over mapped addresses becomes a remap, which replaces them. */
    private List<Fix> mappingConflict(Site s) {
        MapStatement st = s.container(MapStatement.class);
        ILeafNode keyword = st == null || st.isRemap() ? null : s.keyword(NodeModelUtils.getNode(st), "map");
        if (keyword == null) {
            return List.of();
        }
        return List.of(new Fix("Change 'map' to 'remap'", s.replace(keyword, "remap")));
    }

    /** The report aspect of {@code aspects} closest to the written one replaces it, when one is close. */
    private List<Fix> unknownReport(Site s) {
        String aspects = s.data("aspects");
        org.pt.dsl.pt.Report report = s.container(org.pt.dsl.pt.Report.class);
        INode what = report == null ? null : s.featureNode(report, PtPackage.Literals.REPORT__WHAT);
        if (aspects == null || what == null) {
            return List.of();
        }
        return Suggestions.closest(NodeModelUtils.getTokenText(what), List.of(aspects.split(",")))
                .map(close -> List.of(new Fix("Change to '" + close + "'", s.replace(what, close))))
                .orElse(List.of());
    }

    /** The tables start at the next aligned address. */
    private List<Fix> outputMisaligned(Site s) {
        return s.replaceMarkedWithData("aligned");
    }

    /** The relocatable output gets the address the analysis simulated its tables at. */
    private List<Fix> outputNeedsAddress(Site s) {
        String address = s.data("address");
        Generate g = s.container(Generate.class);
        if (address == null || g == null || g.getBase() != null) {
            return List.of();
        }
        List<INode> spaces = NodeModelUtils.findNodesForFeature(g, PtPackage.Literals.GENERATE__SPACES);
        if (spaces.isEmpty()) {
            return List.of();
        }
        int end = spaces.get(spaces.size() - 1).getEndOffset();
        return List.of(new Fix("Add 'at physical " + address + "'", new Edit(end, 0, " at physical " + address)));
    }

    // ==== helpers =================================================================================================

    /** The purpose of a region: the one written, or the one its name is. */
    private static Optional<Purpose> purposeOf(Region r) {
        return Vocabulary.purposeOf(r.getPurpose() != null ? r.getPurpose() : r.getName());
    }

    /** {@code 4 KiB}, {@code 0x1000 B}: a size as the data and the text write it (no factor). */
    static Optional<Long> bytes(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<SizeUnit> unit = SizeUnit.byName(parts[1]);
        Optional<Long> count = number(parts[0]);
        if (unit.isEmpty() || count.isEmpty() || Long.compareUnsigned(count.get(), -1L >>> unit.get().shift()) > 0) {
            return Optional.empty();
        }
        return Optional.of(unit.get().times(count.get()));
    }

    private static Optional<Long> hex(String text) {
        return text == null ? Optional.empty() : number(text);
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Unsigned.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A diagnostic in its resource: the text it marks, the element there, and edits around it. */
    private static final class Site {
        private final XtextResource resource;
        private final Problem problem;
        private final ICompositeNode root;
        private final String text;

        Site(XtextResource resource, Problem problem) {
            this.resource = resource;
            this.problem = problem;
            this.root = resource.getParseResult().getRootNode();
            this.text = root.getText();
        }

        String data(String key) {
            return problem.data().get(key);
        }

        boolean inText() {
            return problem.offset() >= 0 && problem.length() >= 0
                    && problem.offset() + problem.length() <= text.length();
        }

        /** The text the diagnostic marks ("" when its range is not in the text). */
        String marked() {
            return inText() ? text.substring(problem.offset(), problem.offset() + problem.length()) : "";
        }

        /** The leaf at the start of the marked text. */
        INode markedNode() {
            return NodeModelUtils.findLeafNodeAtOffset(root, problem.offset());
        }

        /** The element the marked text belongs to. */
        EObject at() {
            INode leaf = markedNode();
            return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
        }

        <T extends EObject> T container(Class<T> type) {
            EObject o = at();
            return o == null ? null : EcoreUtil2.getContainerOfType(o, type);
        }

        /** Whether the diagnostic marks exactly the text of {@code object}. */
        boolean marks(EObject object) {
            INode node = NodeModelUtils.getNode(object);
            return node != null && node.getOffset() == problem.offset() && node.getLength() == problem.length();
        }

        INode featureNode(EObject object, EStructuralFeature feature) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
            return nodes.isEmpty() ? null : nodes.get(0);
        }

        /** The white space before the first character of the line {@code node} starts on. */
        String indentOf(INode node) {
            int start = text.lastIndexOf('\n', node.getOffset() - 1) + 1;
            int end = start;
            while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                end++;
            }
            return text.substring(start, end);
        }

        /** The first keyword leaf {@code word} of {@code node}. */
        ILeafNode keyword(INode node, String word) {
            if (node == null) {
                return null;
            }
            for (ILeafNode leaf : node.getLeafNodes()) {
                if (!leaf.isHidden() && leaf.getGrammarElement() instanceof org.eclipse.xtext.Keyword k
                        && k.getValue().equals(word)) {
                    return leaf;
                }
            }
            return null;
        }

        Edit replace(INode node, String with) {
            return new Edit(node.getOffset(), node.getLength(), with);
        }

        Edit replaceMarked(String with) {
            return new Edit(problem.offset(), problem.length(), with);
        }

        List<Fix> replaceMarkedWith(String with) {
            if (!inText() || problem.length() == 0 || with.equals(marked())) {
                return List.of();
            }
            return List.of(new Fix("Change to '" + with + "'", replaceMarked(with)));
        }

        List<Fix> replaceMarkedWithData(String key) {
            String value = data(key);
            return value == null ? List.of() : replaceMarkedWith(value);
        }

        List<Fix> replaceWithSuggestion() {
            return replaceMarkedWithData("suggestion");
        }

        /** Removes {@code node} and the white space before it. */
        Edit removeWithSpaceBefore(INode node) {
            int start = node.getOffset();
            while (start > 0 && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
                start--;
            }
            return new Edit(start, node.getEndOffset() - start, "");
        }

        /** Removes the keyword {@code word} of {@code owner} before {@code last}, through {@code last}. */
        Edit removeFromKeyword(EObject owner, String word, INode last) {
            INode from = null;
            for (ILeafNode leaf : NodeModelUtils.getNode(owner).getLeafNodes()) {
                if (leaf.getOffset() >= last.getOffset()) {
                    break;
                }
                if (!leaf.isHidden() && leaf.getGrammarElement() instanceof org.eclipse.xtext.Keyword k
                        && k.getValue().equals(word)) {
                    from = leaf;
                }
            }
            INode start = from == null ? last : from;
            Edit head = removeWithSpaceBefore(start);
            return new Edit(head.offset(), last.getEndOffset() - head.offset(), "");
        }

        /** Removes the lines {@code node} is on, when nothing else is on them. */
        Edit removeLines(INode node) {
            int start = text.lastIndexOf('\n', node.getOffset() - 1) + 1;
            int end = text.indexOf('\n', node.getEndOffset());
            end = end < 0 ? text.length() : end + 1;
            if (!text.substring(start, node.getOffset()).isBlank()
                    || !text.substring(node.getEndOffset(), end).isBlank()) {
                return removeWithSpaceBefore(node);
            }
            return new Edit(start, end - start, "");
        }

        /** An import line for {@code file}, after the file's last import (or its package, or at its start). */
        Edit importLine(String file) {
            EObject model = resource.getContents().isEmpty() ? null : resource.getContents().get(0);
            int at = 0;
            if (model instanceof org.pt.dsl.pt.Model m) {
                INode after = !m.getImports().isEmpty()
                        ? NodeModelUtils.getNode(m.getImports().get(m.getImports().size() - 1))
                        : m.getName() != null ? featureNode(m, PtPackage.Literals.MODEL__NAME) : null;
                if (after != null) {
                    int eol = text.indexOf('\n', after.getEndOffset());
                    at = eol < 0 ? text.length() : eol + 1;
                    return new Edit(at, 0, (eol < 0 ? "\n" : "") + "import \"" + file + "\"\n");
                }
            }
            return new Edit(at, 0, "import \"" + file + "\"\n\n");
        }
    }
}
