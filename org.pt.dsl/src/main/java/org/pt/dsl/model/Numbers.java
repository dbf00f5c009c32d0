package org.pt.dsl.model;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.pt.Binary;
import org.pt.dsl.pt.Expr;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Range;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Operator;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;

/**
 * Evaluates the number expressions of a spec (addresses, sizes, ranges) in unsigned 64-bit arithmetic, with the
 * engine's {@link Operator}s. Whatever leaves 64 bits, goes below zero, divides by zero, names no unit or makes no
 * range is reported at the exact subexpression and yields an empty result; a size must name a unit somewhere.
 * {@link #valueOf(Expr)} and {@link #bytesOf(Expr)} evaluate without reporting (an editor's hover).
 */
public final class Numbers {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    /** The features that hold a size (which needs a unit), not an address. */
    private static final Set<EStructuralFeature> SIZES = Set.of(PT.getRange_Size(), PT.getRangePlacement_Size(),
            PT.getMapStatement_Size(), PT.getMapStatement_TrailingSize(), PT.getUnmap_Size(), PT.getProtect_Size(),
            PT.getPagePolicy_Cap(), PT.getPagePolicy_Exact());

    private final Problems problems;

    Numbers(Problems problems) {
        this.problems = problems;
    }

    /** The value of {@code e}, or empty when it has none (the validator says why). */
    public static OptionalLong valueOf(Expr e) {
        return new Numbers(new Problems()).address(e);
    }

    /** The bytes of {@code e}, or empty when it is no valid size (the validator says why). */
    public static OptionalLong bytesOf(Expr e) {
        return new Numbers(new Problems()).size(e);
    }

    /** Whether {@code e} is written where a size is (it is in bytes and needs a unit), not an address. */
    public static boolean isSize(Expr e) {
        return SIZES.contains(e.eContainingFeature());
    }

    /** The whole expression {@code e} is part of ({@code e} itself when it is not an operand). */
    public static Expr root(Expr e) {
        Expr r = e;
        while (r.eContainer() instanceof Expr outer) {
            r = outer;
        }
        return r;
    }

    /** A size: an expression in bytes that names a unit somewhere ({@code 4 KiB * 512}). */
    OptionalLong size(Expr e) {
        if (e == null) {
            return OptionalLong.empty();
        }
        OptionalLong bytes = address(e);
        if (!hasUnit(e)) {
            String written = text(e);
            boolean sized = bytes.isPresent() && bytes.getAsLong() != 0;
            String meant = sized ? SizeUnit.format(bytes.getAsLong()) : "";
            problems.error(Located.whole(e), IssueCodes.UNIT_MISSING, "size " + written + " has no unit"
                    + (sized ? "; did you mean " + meant + "?" : "") + " (units: " + String.join(", ", Vocabulary.UNITS)
                    + ")", sized ? new String[] {"suggestion=" + meant} : new String[0]);
            return OptionalLong.empty();
        }
        return bytes;
    }

    /** An address: the value of {@code e}. */
    OptionalLong address(Expr e) {
        if (e == null) {
            return OptionalLong.empty();
        }
        return switch (e) {
            case Literal l -> literal(l);
            case Binary b -> binary(b);
            default -> OptionalLong.empty();
        };
    }

    /** {@code value unit?}: a number, or a count of units. */
    private OptionalLong literal(Literal l) {
        if (l.getUnit() == null) {
            return OptionalLong.of(l.getValue());
        }
        Vocabulary.Resolved<SizeUnit> unit = Vocabulary.unit(l.getUnit());
        if (unit.value().isEmpty()) {
            problems.error(Located.at(l, PT.getLiteral_Unit()), IssueCodes.UNKNOWN_UNIT, unit.message(), unit.data());
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(unit.value().get().times(l.getValue()));
        } catch (ArithmeticException e) {
            problems.error(Located.whole(l), IssueCodes.NUMBER_OVERFLOW, text(l) + " leaves 64 bits");
            return OptionalLong.empty();
        }
    }

    /**
     * {@code left op right}; a refusal names the operands as written and, when one is itself an operation, their
     * values: "0x1000 + 4 KiB - 4 KiB * 3 goes below zero (0x2000 - 0x3000)".
     */
    private OptionalLong binary(Binary b) {
        OptionalLong left = address(b.getLeft());
        OptionalLong right = address(b.getRight());
        Optional<Operator> op = Operator.bySymbol(b.getOp() == null ? "" : b.getOp());
        if (left.isEmpty() || right.isEmpty() || op.isEmpty()) {
            return OptionalLong.empty();
        }
        return switch (op.get().apply(left.getAsLong(), right.getAsLong())) {
            case Operator.Outcome.Value v -> OptionalLong.of(v.value());
            case Operator.Outcome.Refused r -> {
                boolean literals = b.getLeft() instanceof Literal && b.getRight() instanceof Literal;
                String values = literals ? "" : " (" + Unsigned.hex(left.getAsLong()) + " " + b.getOp() + " "
                        + Unsigned.hex(right.getAsLong()) + ")";
                problems.error(Located.whole(b), IssueCodes.NUMBER_OVERFLOW, text(b.getLeft()) + " " + b.getOp() + " "
                        + text(b.getRight()) + " " + r.reason() + values);
                yield OptionalLong.empty();
            }
        };
    }

    /** Whether a number of {@code e} carries a unit. */
    private static boolean hasUnit(Expr e) {
        return switch (e) {
            case Literal l -> l.getUnit() != null;
            case Binary b -> (b.getLeft() != null && hasUnit(b.getLeft()))
                    || (b.getRight() != null && hasUnit(b.getRight()));
            default -> false;
        };
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

    /** The tokens of {@code o} as written (with its parentheses), separated by single spaces. */
    static String text(EObject o) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(o);
        return node == null ? "" : NodeModelUtils.getTokenText(node);
    }
}
