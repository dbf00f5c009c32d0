package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.tests.PtInjectorProvider;

/**
 * Findings that would explode: overlaps are grouped per region, and a file reports at most 100 findings of one kind
 * (then one {@code pt.findings_capped} counting the rest, at the first left out) and 1,000 in all; answers to
 * queries are never capped.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class FindingsCapTest extends SpecTestSupport {

    /** {@code n} kernel regions all starting at 0xffff_8000_0000_0000, region {@code ri} {@code i + 1} GiB long. */
    private static String overlapping(int n, String more) {
        StringBuilder sb = new StringBuilder(PC).append("layout l for pc {\n");
        for (int i = 0; i < n; i++) {
            sb.append("    r").append(i).append(" kernel 0xffff_8000_0000_0000 size ").append(i + 1).append(" GiB\n");
        }
        return sb.append("}\n").append(more).toString();
    }

    @Test
    void fiveOverlappingRegionsGiveOneErrorPerRegionNamingTheFirstThree() throws Exception {
        List<String> issues = check(overlapping(5, ""));
        assertEquals(4, issues.size());
        assertEquals("ERROR pt.region_overlap 12:5 @336+2 region 'r4' 0xffff_8000_0000_0000 ..= 0xffff_8001_3fff_ffff "
                + "(5 GiB) overlaps 4 regions written before it: 'r0' 0xffff_8000_0000_0000 ..= 0xffff_8000_3fff_ffff "
                + "(1 GiB), 'r1' 0xffff_8000_0000_0000 ..= 0xffff_8000_7fff_ffff (2 GiB), 'r2' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8000_bfff_ffff (3 GiB) and 1 more", issues.get(3));
    }

    @Test
    void aHundredFindingsOfOneKindAreShownThenOneCountsTheRest() throws Exception {
        List<String> issues = check(overlapping(103, ""));
        assertEquals(101, issues.size());
        assertEquals("ERROR pt.region_overlap 108:5 @5030+4 region 'r100' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8019_3fff_ffff (101 GiB) overlaps 100 regions written before it: 'r0' 0xffff_8000_0000_0000 ..= "
                + "0xffff_8000_3fff_ffff (1 GiB), 'r1' 0xffff_8000_0000_0000 ..= 0xffff_8000_7fff_ffff (2 GiB), 'r2' "
                + "0xffff_8000_0000_0000 ..= 0xffff_8000_bfff_ffff (3 GiB) and 97 more", issues.get(99));
        assertEquals("ERROR pt.findings_capped 109:5 @5081+4 2 more pt.region_overlap findings from here on are not "
                + "shown: PT reports at most 100 of one kind and 1000 in all per file", issues.get(100));
    }

    @Test
    void oneFindingLeftOutIsOneFinding() throws Exception {
        List<String> issues = check(overlapping(102, ""));
        assertEquals(101, issues.size());
        assertEquals("ERROR pt.findings_capped 109:5 @5081+4 1 more pt.region_overlap finding from here on is not "
                + "shown: PT reports at most 100 of one kind and 1000 in all per file", issues.get(100));
    }

    @Test
    void fiveThousandOverlappingRegionsGiveABoundedNumberOfFindings() throws Exception {
        List<String> issues = check(overlapping(5000, ""));
        // 4,999 regions overlap earlier ones (12,497,500 pairs): 100 shown, one counts the other 4,899
        assertEquals(101, issues.size());
        assertEquals("ERROR pt.findings_capped 109:5 @5081+4 4899 more pt.region_overlap findings from here on are not "
                + "shown: PT reports at most 100 of one kind and 1000 in all per file", issues.get(100));
    }

    @Test
    void answersToQueriesAreNeverCapped() throws Exception {
        StringBuilder walks = new StringBuilder("space s uses l {\n    tables via identity\n");
        for (int i = 0; i < 150; i++) {
            walks.append("    walk 0x").append(Integer.toHexString(i * 0x1000)).append(" expect fault\n");
        }
        List<String> issues = check(overlapping(1, walks.append("}\n").toString()));
        List<String> answers = issues.stream().filter(i -> i.startsWith("INFO pt.walk_result ")).toList();
        assertEquals(150, answers.size(), String.join("\n", issues));
        assertEquals("INFO pt.walk_result 161:5 @4689+25 0x9_5000 not mapped (no present entry at PML4); "
                + "CR3 0x100_0000: PML4[0]=0x0", answers.get(149));
    }
}
