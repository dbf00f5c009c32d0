package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.AddressTarget;
import org.pt.dsl.pt.AllRamTarget;
import org.pt.dsl.pt.Attribute;
import org.pt.dsl.pt.Binary;
import org.pt.dsl.pt.Expr;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PhysicalKind;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.RangePlacement;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Report;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.SlotPlacement;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.StrategyDecl;
import org.pt.dsl.pt.Walk;
import org.pt.dsl.tests.PtInjectorProvider;

/** The grammar: every statement form parses into the AST the translator reads; numbers are unsigned 64-bit. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class PtParsingTest extends SpecTestSupport {

    /** PRODUCT.md's illustrative spec, as written there. */
    static final String PRODUCT_SPEC = """
            machine pc {
                format x86_64
                physical bits 46
                ram      0x0000_0000 ..= 0x0009_FFFF
                reserved 0x000A_0000 ..= 0x000F_FFFF "VGA and BIOS"
                ram      0x0010_0000 size 4 GiB
                mmio     0xFEC0_0000 size 20 MiB "IOAPIC, LAPIC, HPET"
                tables from 0x0200_0000 size 4 MiB
            }

            layout higher_half for pc {
                user       0x0000_0000_0000_0000 size 128 TiB
                direct_map 0xFFFF_8880_0000_0000 size 64 TiB
                self_map   top-level slot 510
                kernel     0xFFFF_FFFF_8000_0000 size 512 MiB
            }

            space kernel uses higher_half {
                tables via recursive self_map
                map all ram into direct_map rw global nx
                map kernel to 0x0010_0000 size 16 MiB rx global
                map 0x0 size 2 MiB identity rwx            // boot trampoline
                walk 0xFFFF_FFFF_8000_1234 expect 0x0010_1234
            }

            space init uses higher_half {
                share kernel half with kernel
                map 0x40_0000 size 64 KiB to 0x0800_0000 user rw nx
                reach 0x40_0000 from kernel               // can the kernel edit init's tables? how?
            }

            generate gas for kernel, init at physical 0x0200_0000
            """;

    @Test
    void productSpecParsesIntoTheExpectedTree() throws Exception {
        Model model = parse(PRODUCT_SPEC);
        assertTrue(model.eResource().getErrors().isEmpty(), () -> model.eResource().getErrors().toString());
        assertEquals(5, model.getElements().size());
        Machine pc = (Machine) model.getElements().get(0);
        assertEquals("x86_64", ((FormatDecl) pc.getProperties().get(0)).getName());
        Memory reserved = (Memory) pc.getProperties().get(3);
        assertEquals(PhysicalKind.RESERVED, reserved.getKind());
        assertEquals("VGA and BIOS", reserved.getLabel());
        assertEquals(0xF_FFFFL, value(reserved.getRange().getLast()));

        Layout hh = (Layout) model.getElements().get(1);
        assertSame(pc, hh.getMachine());
        assertEquals(List.of("user", "direct_map", "self_map", "kernel"),
                hh.getRegions().stream().map(r -> r.getName()).toList());
        assertEquals(0xFFFF_8880_0000_0000L,
                value(((RangePlacement) hh.getRegions().get(1).getPlacement()).getRange().getStart()));
        assertEquals(510L, ((SlotPlacement) hh.getRegions().get(2).getPlacement()).getSlot());

        Space kernel = (Space) model.getElements().get(2);
        assertInstanceOf(Recursive.class, ((StrategyDecl) kernel.getStatements().get(0)).getStrategy());
        MapStatement allRam = (MapStatement) kernel.getStatements().get(1);
        assertSame(hh.getRegions().get(1), ((AllRamTarget) allRam.getTarget()).getRegion());
        assertEquals(List.of("rw", "global", "nx"), allRam.getAttributes().stream().map(Attribute::getName).toList());
        MapStatement image = (MapStatement) kernel.getStatements().get(2);
        assertSame(hh.getRegions().get(3), ((RegionTarget) image.getTarget()).getRegion());
        assertNull(image.getSize());
        assertEquals(16L, value(image.getTrailingSize()));
        assertEquals("MiB", ((Literal) image.getTrailingSize()).getUnit());
        MapStatement trampoline = (MapStatement) kernel.getStatements().get(3);
        assertTrue(trampoline.isIdentity());
        assertEquals(0L, value(((AddressTarget) trampoline.getTarget()).getAddress()));
        Walk walk = (Walk) kernel.getStatements().get(4);
        assertEquals(0x10_1234L, value(walk.getPa()));

        Space init = (Space) model.getElements().get(3);
        assertSame(kernel, ((Share) init.getStatements().get(0)).getSpace());
        assertSame(kernel, ((Reach) init.getStatements().get(2)).getFrom());
        Generate gas = (Generate) model.getElements().get(4);
        assertEquals(List.of(kernel, init), gas.getSpaces());
    }

    @Test
    void numbersAreUnsigned64BitInEveryBaseWithSeparators() throws Exception {
        Model model = parse("""
                machine m {
                    format x86_64
                    ram 0xFFFF_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff
                    ram 0o777 size 1_024 B
                    ram 0b1010_0000 size 0X_ff B * 0x10
                    ram 18446744073709551615 ..= 18_446_744_073_709_551_615
                }
                """);
        assertTrue(model.eResource().getErrors().isEmpty(), () -> model.eResource().getErrors().toString());
        List<Memory> memory = ((Machine) model.getElements().get(0)).getProperties().stream()
                .filter(Memory.class::isInstance).map(Memory.class::cast).toList();
        assertEquals(0xFFFF_8000_0000_0000L, value(memory.get(0).getRange().getStart()));
        assertEquals(-1L, value(memory.get(0).getRange().getLast()));
        assertEquals(0777L, value(memory.get(1).getRange().getStart()));
        assertEquals(1024L, value(memory.get(1).getRange().getSize()));
        assertEquals(0b1010_0000L, value(memory.get(2).getRange().getStart()));
        Binary product = (Binary) memory.get(2).getRange().getSize();
        assertEquals(List.of(0xFFL, "B", "*", 0x10L), List.of(value(product.getLeft()),
                ((Literal) product.getLeft()).getUnit(), product.getOp(), value(product.getRight())));
        assertEquals(-1L, value(memory.get(3).getRange().getStart()));
    }

    @Test
    void formatNamesWithDashesAndDigitsAreOneName() throws Exception {
        Model model = parse("""
                machine a { format aarch64-4k }
                machine b { format x86_64-la57 }
                machine c { format x86-pae }
                """);
        assertEquals(List.of("aarch64-4k", "x86_64-la57", "x86-pae"), model.getElements().stream()
                .map(e -> ((FormatDecl) ((Machine) e).getProperties().get(0)).getName()).toList());
    }

    @Test
    void attributeListsEndAtTheNextStatementKeyword() throws Exception {
        Model model = parse(HH + """
                space s uses hh {
                    map kernel to 0x10_0000 size 2 MiB rx global
                    tables via recursive self_map
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw pages <= 4 KiB
                    report tables
                    report pages
                    report
                    tables via identity
                }
                """);
        assertTrue(model.eResource().getErrors().isEmpty(), () -> model.eResource().getErrors().toString());
        Space s = (Space) model.getElements().get(2);
        assertEquals(7, s.getStatements().size());
        assertEquals(List.of("rx", "global"), ((MapStatement) s.getStatements().get(0)).getAttributes().stream()
                .map(Attribute::getName).toList());
        assertEquals("tables", ((Report) s.getStatements().get(3)).getWhat());
        assertEquals("pages", ((Report) s.getStatements().get(4)).getWhat());
        assertNull(((Report) s.getStatements().get(5)).getWhat());
        assertInstanceOf(StrategyDecl.class, s.getStatements().get(6));
    }

    @Test
    void keywordsThatMakeGoodNamesAreNames() throws Exception {
        Model model = parse("""
                machine kernel { format sv39 }
                layout window for kernel {
                    kernel kernel 0xffff_ffc0_0000_0000 size 1 GiB
                    window 0xffff_ffd0_0000_0000 size 4 KiB
                    mmio mmio 0xffff_ffe0_0000_0000 size 4 KiB
                }
                """);
        assertFalse(model.eResource().getErrors().stream().findAny().isPresent(),
                () -> model.eResource().getErrors().toString());
        Layout window = (Layout) model.getElements().get(1);
        assertEquals("window", window.getName());
        assertEquals("kernel", window.getRegions().get(0).getPurpose());
    }

    /**
     * Address arithmetic as C headers write it: '*' and '/' bind tighter than '+' and '-', which bind tighter than
     * '<<' and '>>'; each is left-associative; parentheses group; a number may carry a unit.
     */
    @Test
    void expressionsFollowCPrecedenceAndAssociativity() throws Exception {
        Model model = parse("""
                machine m {
                    format x86_64
                    ram 0xffff_8000_0000_0000 + (64 TiB >> 3) size 4 KiB * 512
                    ram (1 << 47) - 4 KiB size 1 << 12 + 4 B
                    ram 0x1000 - 0x100 - 0x10 size 64 TiB / 2 / 2 * 3
                    ram 0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 3) ..= 0x1 << 2 >> 1
                }
                """);
        assertTrue(model.eResource().getErrors().isEmpty(), () -> model.eResource().getErrors().toString());
        List<String> trees = ((Machine) model.getElements().get(0)).getProperties().stream()
                .filter(Memory.class::isInstance).map(Memory.class::cast)
                .map(m -> tree(m.getRange().getStart()) + " | " + tree(m.getRange().getSize() != null
                        ? m.getRange().getSize() : m.getRange().getLast()))
                .toList();
        assertEquals(List.of(
                "(0xffff_8000_0000_0000 + (64 TiB >> 0x3)) | (4 KiB * 0x200)",
                "((0x1 << 0x2f) - 4 KiB) | (0x1 << (0xc + 4 B))",
                "((0x1000 - 0x100) - 0x10) | (((64 TiB / 0x2) / 0x2) * 0x3)",
                "(0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 0x3)) | ((0x1 << 0x2) >> 0x1)"), trees);
    }

    /** An expression fully parenthesised, its numbers in hex (units as written). */
    private static String tree(Expr e) {
        if (e instanceof Binary b) {
            return "(" + tree(b.getLeft()) + " " + b.getOp() + " " + tree(b.getRight()) + ")";
        }
        Literal l = (Literal) e;
        return l.getUnit() == null ? org.pt.engine.core.Unsigned.hex(l.getValue()) : l.getValue() + " " + l.getUnit();
    }

    /** The value of a plain number. */
    private static long value(Expr e) {
        return ((Literal) e).getValue();
    }
}
