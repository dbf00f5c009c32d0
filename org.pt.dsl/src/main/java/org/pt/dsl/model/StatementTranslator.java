package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.pt.dsl.pt.AddressTarget;
import org.pt.dsl.pt.AllRamTarget;
import org.pt.dsl.pt.Compact;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.PagePolicy;
import org.pt.dsl.pt.Protect;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.pt.Target;
import org.pt.dsl.pt.Unmap;
import org.pt.dsl.pt.Walk;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.PageSizePolicy;

/**
 * The operations ({@code map}, {@code unmap}, {@code protect}) and queries ({@code walk}, {@code reach},
 * {@code report}) of a space. Statements keep their position in the space as their index. A statement whose form is
 * wrong (the mapping validator reports it) or whose numbers or words are is left out, and breaks its space.
 */
final class StatementTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    /** What a space's statements are read against: its engine name, layout (AST and regions) and format. */
    record Where(String space, org.pt.dsl.pt.Layout layout, Map<EObject, Region> regions, PagingFormat format) {
    }

    private final Context cx;
    private final AttributeWords words;
    private final List<Reach> reaches = new ArrayList<>();

    StatementTranslator(Context cx) {
        this.cx = cx;
        this.words = new AttributeWords(cx.problems);
    }

    /** Statement {@code i}, into {@code ops} or {@code queries}. */
    void translate(int i, Statement st, Where where, List<Operation> ops, List<Query> queries) {
        String name = where.space();
        if (st instanceof MapStatement m) {
            cx.trace.put(new Subject.OperationRef(name, i), Located.at(m, PT.getMapStatement_Target()));
            map(i, m, where).ifPresent(ops::add);
            if (where.format() != null && m.getPolicy() != null) {
                isPageSize(m.getPolicy(), where.format());
            }
        } else if (st instanceof Unmap u) {
            cx.trace.put(new Subject.OperationRef(name, i), Located.at(u, PT.getUnmap_Target()));
            if (u.getTarget() instanceof AllRamTarget) {
                cx.problems.breakSilently(u);
                return;
            }
            va(u, u.getTarget(), u.getLast(), PT.getUnmap_Last(), u.getSize(), PT.getUnmap_Size(), where)
                    .ifPresent(r -> ops.add(new Operation.Unmap(i, r)));
        } else if (st instanceof Protect p) {
            cx.trace.put(new Subject.OperationRef(name, i), Located.at(p, PT.getProtect_Target()));
            Optional<Attributes> attrs = words.attributes(p.getAttributes());
            if (p.getTarget() instanceof AllRamTarget) {
                cx.problems.breakSilently(p);
                return;
            }
            Optional<AddressRange> r = va(p, p.getTarget(), p.getLast(), PT.getProtect_Last(), p.getSize(),
                    PT.getProtect_Size(), where);
            if (r.isPresent() && attrs.isPresent()) {
                ops.add(new Operation.Protect(i, r.get(), attrs.get()));
            }
        } else if (st instanceof Compact c) {
            cx.trace.put(new Subject.OperationRef(name, i), Located.whole(c));
            ops.add(new Operation.Compact(i));
        } else if (st instanceof Walk w) {
            cx.trace.put(new Subject.QueryRef(name, i), Located.whole(w));
            OptionalLong va = cx.numbers.address(w.getVa());
            OptionalLong pa = w.getPa() == null ? OptionalLong.empty() : cx.numbers.address(w.getPa());
            if (va.isPresent() && (w.getPa() == null || pa.isPresent())) {
                queries.add(new Query.Walk(i, va.getAsLong(), pa, w.isFault()));
            }
        } else if (st instanceof Reach r) {
            cx.trace.put(new Subject.QueryRef(name, i), Located.whole(r));
            OptionalLong va = cx.numbers.address(r.getVa());
            org.pt.dsl.pt.Space from = r.getFrom();
            if (from == null || from.eIsProxy()) {
                cx.problems.breakSilently(r);
            } else if (va.isPresent()) {
                queries.add(new Query.Reach(i, va.getAsLong(), cx.elements.name(from)));
                reaches.add(r);
            }
        } else if (st instanceof org.pt.dsl.pt.Decode d) {
            cx.trace.put(new Subject.QueryRef(name, i), Located.whole(d));
            OptionalLong value = cx.numbers.address(d.getValue());
            if ((d.getRegister() == null) == (d.getLevel() == null)) { // 'decode 0x83 at' cut short: a syntax error
                cx.problems.breakSilently(d);
            } else if (value.isPresent()) {
                queries.add(new Query.Decode(i, Optional.ofNullable(d.getRegister()), Optional.ofNullable(d.getLevel()),
                        value.getAsLong()));
            }
        } else if (st instanceof org.pt.dsl.pt.Report rep) {
            cx.trace.put(new Subject.QueryRef(name, i), Located.whole(rep));
            queries.add(new Query.Report(i, Optional.ofNullable(rep.getWhat())));
        }
    }

    /** A reach from a space that was not translated is not asked (reported when that space is in another file). */
    void dropUnansweredReaches() {
        for (Reach r : reaches) {
            org.pt.dsl.pt.Space from = r.getFrom();
            EObject owner = r.eContainer();
            if (cx.spaces.containsKey(from) || !cx.spaces.containsKey(owner)) {
                continue;
            }
            if (from.eResource() != r.eResource()) {
                cx.problems.errorOnly(Located.at(r, PT.getReach_From()), IssueCodes.DEPENDENCY_HAS_ERRORS, "space '"
                        + from.getName() + "' in " + Context.fileOf(from) + " has errors (or uses something that has), "
                        + "so this reach is not answered");
            }
            SpaceSpec spec = cx.spaces.get(owner);
            int index = ((org.pt.dsl.pt.Space) owner).getStatements().indexOf(r);
            List<Query> kept = spec.queries().stream().filter(q -> q.index() != index).toList();
            cx.spaces.put(owner, new SpaceSpec(spec.name(), spec.layout(), spec.strategy(), spec.shareKernelWith(),
                    spec.operations(), kept, spec.rootAt()));
        }
    }

    private Optional<Operation> map(int index, MapStatement m, Where where) {
        Optional<Attributes> attrs = words.attributes(m.getAttributes());
        PageSizePolicy policy = policy(m.getPolicy());
        Target t = m.getTarget();
        if (t instanceof AllRamTarget ar) {
            if (m.getLast() != null || m.getSize() != null || m.getTrailingSize() != null || m.getPa() != null
                    || m.isIdentity()) {
                cx.problems.breakSilently(m); // all RAM takes its range and source from the machine
                return Optional.empty();
            }
            Optional<String> region = cx.regionName(ar.getRegion(), m);
            if (region.isEmpty() || attrs.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Operation.Map(index, Optional.empty(), region, new MapSource.AllRam(),
                    attrs.get(), policy, m.isRemap()));
        }
        MapSource source = null;
        if (m.getPa() != null) {
            OptionalLong pa = cx.numbers.address(m.getPa());
            if (pa.isPresent()) {
                source = new MapSource.Physical(pa.getAsLong());
            }
        } else if (m.isIdentity()) {
            source = new MapSource.Identity();
        } else {
            cx.problems.breakSilently(m); // no source
        }
        org.pt.dsl.pt.Size size = m.getSize();
        EStructuralFeature sizeFeature = PT.getMapStatement_Size();
        if (m.getTrailingSize() != null) {
            if (size != null) {
                cx.problems.breakSilently(m); // the size twice
                return Optional.empty();
            }
            size = m.getTrailingSize();
            sizeFeature = PT.getMapStatement_TrailingSize();
        }
        Optional<AddressRange> va = va(m, t, m.getLast(), PT.getMapStatement_Last(), size, sizeFeature, where);
        if (va.isEmpty() || source == null || attrs.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> region = t instanceof RegionTarget rt ? Optional.ofNullable(rt.getRegion().getName())
                : Optional.empty();
        return Optional.of(new Operation.Map(index, va, region, source, attrs.get(), policy, m.isRemap()));
    }

    /** The virtual range of a statement: a region (or part of it), or an address with a size or inclusive end. */
    private Optional<AddressRange> va(EObject st, Target t, org.pt.dsl.pt.Address last, EStructuralFeature lastFeature,
            org.pt.dsl.pt.Size size, EStructuralFeature sizeFeature, Where where) {
        if (t instanceof RegionTarget rt) {
            org.pt.dsl.pt.Region r = rt.getRegion();
            org.pt.dsl.pt.Layout layout = where.layout();
            if (last != null || r == null || r.eIsProxy()
                    || (layout != null && !layout.eIsProxy() && r.eContainer() != layout)) {
                cx.problems.breakSilently(st); // an end after a region, a region elsewhere, or a linking error
                return Optional.empty();
            }
            OptionalLong bytes = size == null ? OptionalLong.empty() : cx.numbers.size(size);
            Region region = where.regions().get(r);
            if (region == null || (size != null && bytes.isEmpty())) {
                cx.problems.breakSilently(st); // the region (or its layout) has errors of its own
                return Optional.empty();
            }
            if (region.topLevelSlot().isPresent() && region.range().size() == 1) {
                cx.problems.breakSilently(st); // a slot out of range: the layout reports it
                return Optional.empty();
            }
            if (size == null) {
                return Optional.of(region.range());
            }
            return cx.numbers.sized(region.range().start(), bytes.getAsLong(), Located.at(st, sizeFeature));
        }
        if (t instanceof AddressTarget at) {
            OptionalLong start = cx.numbers.address(at.getAddress());
            if ((last == null) == (size == null)) {
                cx.problems.breakSilently(st); // the end twice, or none
                return Optional.empty();
            }
            if (last != null) {
                OptionalLong l = cx.numbers.address(last);
                if (start.isEmpty() || l.isEmpty()) {
                    return Optional.empty();
                }
                return cx.numbers.inclusive(start.getAsLong(), l.getAsLong(), Located.at(st, lastFeature));
            }
            OptionalLong bytes = cx.numbers.size(size);
            if (start.isEmpty() || bytes.isEmpty()) {
                return Optional.empty();
            }
            return cx.numbers.sized(start.getAsLong(), bytes.getAsLong(), Located.at(st, sizeFeature));
        }
        cx.problems.breakSilently(st);
        return Optional.empty();
    }

    private PageSizePolicy policy(PagePolicy p) {
        if (p == null) {
            return PageSizePolicy.LARGEST;
        }
        if (p.getCap() != null) {
            OptionalLong cap = cx.numbers.size(p.getCap());
            return cap.isPresent() ? PageSizePolicy.cap(cap.getAsLong()) : PageSizePolicy.LARGEST;
        }
        if (p.getExact() != null) {
            OptionalLong exact = cx.numbers.size(p.getExact());
            return exact.isPresent() ? PageSizePolicy.exact(exact.getAsLong()) : PageSizePolicy.LARGEST;
        }
        return "smallest".equals(p.getKind()) ? PageSizePolicy.SMALLEST : PageSizePolicy.LARGEST;
    }

    /** The size of {@code pages <= SIZE} or {@code pages = SIZE} must be one of the format's page sizes. */
    private void isPageSize(PagePolicy p, PagingFormat f) {
        boolean exact = p.getExact() != null;
        if (p.getCap() == null && !exact) {
            return;
        }
        OptionalLong size = cx.numbers.size(exact ? p.getExact() : p.getCap());
        if (size.isPresent() && !f.pageSizes().contains(size.getAsLong())) {
            MappingError.UnsupportedPageSize e = new MappingError.UnsupportedPageSize(f.name(), size.getAsLong(),
                    f.pageSizes());
            cx.problems.error(Located.at(p, exact ? PT.getPagePolicy_Exact() : PT.getPagePolicy_Cap()),
                    IssueCodes.UNSUPPORTED_PAGE_SIZE, e.message(),
                    "sizes=" + String.join(",", f.pageSizes().stream().map(SizeUnit::format).toList()));
        }
    }
}
