package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.model.Located;
import org.pt.dsl.model.ModelTranslator;
import org.pt.dsl.model.Translation;
import org.pt.dsl.pt.Compact;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Query;

/**
 * {@code compact} and {@code report events}: what each map, unmap, protect, compact and share statement did to the
 * tables, as a note on that statement.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class EventsTest extends SpecTestSupport {

    @Inject
    private ModelTranslator translator;

    /** 1 GiB of user pages, 4 KiB of it made read-only, the 2 MiB around it unmapped and mapped again, compacted. */
    private static final String SMASHED = HH + """
            space s uses hh {
                map 0x4000_0000 size 1 GiB to 0x0 user rw
                protect 0x4020_1000 size 4 KiB user r
                unmap 0x4020_0000 size 2 MiB
                remap 0x4020_0000 size 2 MiB to 0x20_0000 user rw
                compact
                report events
            }
            """;

    @Test
    void compactIsAnOperationOfTheWholeSpaceTracedToItsStatement() throws Exception {
        Model model = parse(SMASHED);
        assertEquals(List.of(), model.eResource().getErrors());
        Translation t = translator.translate(model.eResource());
        assertEquals(List.of(), t.issues());
        List<Operation> ops = t.model().spaces().get(0).operations();
        assertEquals(new Operation.Compact(4), ops.get(4));
        assertEquals(new Operation.Unmap(2, AddressRange.ofSize(0x4020_0000L, 2L << 20)), ops.get(2));
        assertEquals(List.of(new Query.Report(5, Optional.of("events"))), t.model().spaces().get(0).queries());
        Compact c = (Compact) ((Space) model.getElements().get(2)).getStatements().get(4);
        assertEquals(Optional.of(Located.whole(c)), t.locate(new Subject.OperationRef("s", 4)));
    }

    @Test
    void eachStatementThatChangedTablesSaysWhatItDid() throws Exception {
        String text = SMASHED;
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.EVENTS, at(text, "map 0x4000_0000", "0x4000_0000"),
                        "allocated PDPT 0x100_1000 for 0x0 ..= 0x7f_ffff_ffff (512 GiB)"),
                info(PtPackage.Literals.PROTECT, IssueCodes.EVENTS, at(text, "protect 0x4020_1000", "0x4020_1000"),
                        "allocated PD 0x100_2000 for 0x4000_0000 ..= 0x7fff_ffff (1 GiB); split the 1 GiB page at "
                                + "0x4000_0000 (PDPT[1] in 0x100_1000) into 512 pages of 2 MiB in PD; allocated PT "
                                + "0x100_3000 for 0x4020_0000 ..= 0x403f_ffff (2 MiB); split the 2 MiB page at 0x4020_0000 "
                                + "(PD[1] in 0x100_2000) into 512 pages of 4 KiB in PT"),
                info(PtPackage.Literals.UNMAP, IssueCodes.EVENTS, at(text, "unmap 0x4020_0000", "0x4020_0000"),
                        "freed PT 0x100_3000 (was for 0x4020_0000 ..= 0x403f_ffff (2 MiB))"),
                info(PtPackage.Literals.COMPACT, IssueCodes.EVENTS, at(text, "compact"),
                        "merged 512 pages of 2 MiB in PD into the 1 GiB page at 0x4000_0000 (PDPT[1] in 0x100_1000); "
                                + "freed PD 0x100_2000 (was for 0x4000_0000 ..= 0x7fff_ffff (1 GiB))"));
    }

    @Test
    void aShareIsToldAtTheShareStatementAndASpaceWithoutEventsAtTheReport() throws Exception {
        String text = HH + """
                space kernel uses hh {
                    map kernel size 2 MiB to 0x20_0000 rx
                }
                space init uses hh {
                    share kernel half with kernel
                    report events
                }
                space idle uses hh {
                    report events
                }
                """;
        String exposed = "the kernel half 0xffff_8000_0000_0000 ..= 0xffff_ffff_ffff_ffff (128 TiB) of '%s' maps 2 MiB "
                + "of 1 GiB RAM (less than 1 %%), which speculative-execution attacks can read";
        assertIssues(parse(text),
                info(PtPackage.Literals.MAP_STATEMENT, IssueCodes.RAM_EXPOSED, at(text, "map kernel", "kernel"),
                        exposed.formatted("kernel")),
                info(PtPackage.Literals.SHARE, IssueCodes.RAM_EXPOSED, at(text, "with kernel", "kernel"),
                        exposed.formatted("init")),
                info(PtPackage.Literals.SHARE, IssueCodes.EVENTS, at(text, "with kernel", "kernel"),
                        "shared PML4[511] -> 0x100_1000 from 'kernel'"),
                info(PtPackage.Literals.REPORT, IssueCodes.EVENTS, at(text, "space idle", "report events"),
                        "no statement of space 'idle' allocated, split, freed, merged or shared a table"));
    }
}
