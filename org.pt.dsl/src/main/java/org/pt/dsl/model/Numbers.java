package org.pt.dsl.model;

import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.pt.Address;
import org.pt.dsl.pt.Offset;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Range;
import org.pt.dsl.pt.Size;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;

/**
 * Evaluates the number expressions of a spec (sizes, addresses moved by sizes, ranges) in unsigned 64-bit
 * arithmetic. Whatever leaves 64 bits, goes below zero or makes no range is reported at the exact token and yields
 * an empty result. {@link #valueOf(Address)} and {@link #bytesOf(Size)} evaluate without reporting (an editor's
 * hover).
 */
public final class Numbers {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    private final Problems problems;

    Numbers(Problems problems) {
        this.problems = problems;
    }

    /** The value of {@code a}, or empty when it is no valid address (the validator says why). */
    public static OptionalLong valueOf(Address a) {
        return new Numbers(new Problems()).address(a);
    }

    /** The bytes of {@code s}, or empty when it is no valid size (the validator says why). */
    public static OptionalLong bytesOf(Size s) {
        return new Numbers(new Problems()).size(s);
    }

    /** {@code value unit ('*' factor)?} in bytes. */
    OptionalLong size(Size s) {
        if (s == null) {
            return OptionalLong.empty();
        }
        Vocabulary.Resolved<SizeUnit> unit = Vocabulary.unit(s.getUnit() == null ? "" : s.getUnit());
        if (unit.value().isEmpty()) {
            problems.error(Located.at(s, PT.getSize_Unit()), IssueCodes.UNKNOWN_UNIT, unit.message(), unit.data());
            return OptionalLong.empty();
        }
        long bytes;
        try {
            bytes = unit.value().get().times(s.getValue());
        } catch (ArithmeticException e) {
            problems.error(Located.whole(s), IssueCodes.NUMBER_OVERFLOW, text(s, PT.getSize_Value()) + " " + s.getUnit()
                    + " leaves 64 bits");
            return OptionalLong.empty();
        }
        if (isSet(s, PT.getSize_Factor())) {
            try {
                bytes = Unsigned.multiply(bytes, s.getFactor());
            } catch (ArithmeticException e) {
                problems.error(Located.whole(s), IssueCodes.NUMBER_OVERFLOW, text(s) + " leaves 64 bits");
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(bytes);
    }

    /** {@code base (('+' | '-') size)*}. */
    OptionalLong address(Address a) {
        if (a == null) {
            return OptionalLong.empty();
        }
        long value = a.getBase();
        for (Offset o : a.getOffsets()) {
            OptionalLong size = size(o.getSize());
            if (size.isEmpty()) {
                return OptionalLong.empty();
            }
            long by = size.getAsLong();
            boolean plus = "+".equals(o.getOp());
            if (plus && !Unsigned.addFits(value, by)) {
                problems.error(Located.whole(o), IssueCodes.NUMBER_OVERFLOW, Unsigned.hex(value) + " + "
                        + text(o.getSize()) + " leaves 64 bits");
                return OptionalLong.empty();
            }
            if (!plus && Unsigned.lessThan(value, by)) {
                problems.error(Located.whole(o), IssueCodes.NUMBER_OVERFLOW, Unsigned.hex(value) + " - "
                        + text(o.getSize()) + " goes below zero");
                return OptionalLong.empty();
            }
            value = plus ? value + by : value - by;
        }
        return OptionalLong.of(value);
    }

    /** {@code start ..= last} or {@code start size S}. */
    Optional<AddressRange> range(Range r) {
        OptionalLong start = address(r.getStart());
        if (r.getLast() != null) {
            OptionalLong last = address(r.getLast());
            if (start.isEmpty() || last.isEmpty()) {
                return Optional.empty();
            }
            return inclusive(start.getAsLong(), last.getAsLong(), Located.at(r, PT.getRange_Last()));
        }
        OptionalLong size = size(r.getSize());
        if (start.isEmpty() || size.isEmpty()) {
            return Optional.empty();
        }
        return sized(start.getAsLong(), size.getAsLong(), Located.at(r, PT.getRange_Size()));
    }

    /** The range {@code start ..= last}, or empty with the reason reported at {@code at}. */
    Optional<AddressRange> inclusive(long start, long last, Located at) {
        Optional<String> bad = AddressRange.checkInclusive(start, last);
        if (bad.isPresent()) {
            problems.error(at, IssueCodes.INVALID_RANGE, bad.get());
            return Optional.empty();
        }
        return Optional.of(AddressRange.inclusive(start, last));
    }

    /** The range of {@code size} bytes from {@code start}, or empty with the reason reported at {@code at}. */
    Optional<AddressRange> sized(long start, long size, Located at) {
        Optional<String> bad = AddressRange.checkSized(start, size);
        if (bad.isPresent()) {
            problems.error(at, IssueCodes.INVALID_RANGE, bad.get());
            return Optional.empty();
        }
        return Optional.of(AddressRange.ofSize(start, size));
    }

    /** Whether an optional feature was written (for a primitive attribute, its default value says nothing). */
    static boolean isSet(EObject o, EStructuralFeature f) {
        if (o.eIsSet(f)) {
            return true;
        }
        return !NodeModelUtils.findNodesForFeature(o, f).isEmpty();
    }

    /** The tokens of {@code o} as written, separated by single spaces. */
    static String text(EObject o) {
        ICompositeNode node = NodeModelUtils.getNode(o);
        return node == null ? "" : NodeModelUtils.getTokenText(node);
    }

    /** The tokens of feature {@code f} of {@code o} as written. */
    static String text(EObject o, EStructuralFeature f) {
        var nodes = NodeModelUtils.findNodesForFeature(o, f);
        StringBuilder sb = new StringBuilder();
        for (var n : nodes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(NodeModelUtils.getTokenText(n));
        }
        return sb.toString();
    }
}
