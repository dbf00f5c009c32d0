package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.pt.dsl.pt.Model;

/**
 * What the language tests share: parsing, exact diagnostics (severity, code, offset, length and message, through
 * {@link ValidationTestHelper} in {@code EXACT} mode) and a check that nothing else was reported.
 */
abstract class SpecTestSupport {

    /** A small x86_64 machine: 1 GiB of RAM, an MMIO page, a 4 MiB table pool. */
    static final String PC = """
            machine pc {
                format x86_64
                ram 0x0 size 1 GiB
                mmio 0xfec0_0000 size 1 MiB
                tables from 0x100_0000 size 4 MiB
            }
            """;

    /** A higher-half layout of {@link #PC}. */
    static final String HH = PC + """
            layout hh for pc {
                user 0x0 size 128 TiB
                direct_map 0xffff_8880_0000_0000 size 64 TiB
                guard 0xffff_c900_0000_0000 size 1 GiB
                self_map top-level slot 510
                kernel 0xffff_ffff_8000_0000 size 512 MiB
            }
            """;

    /** Xtext's code of a syntax error. */
    static final String SYNTAX = "org.eclipse.xtext.diagnostics.Diagnostic.Syntax";

    @Inject
    private IResourceValidator validator;

    /** Loads {@code bytes} as a UTF-8 file and validates it: one line per issue, in offset order. */
    List<String> check(byte[] bytes) throws Exception {
        Resource r = newResourceSet().createResource(URI.createURI("file:/specs/file.ptl"));
        r.load(new ByteArrayInputStream(bytes), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        List<Issue> issues = new ArrayList<>(validator.validate(r, CheckMode.ALL, CancelIndicator.NullImpl));
        issues.sort((a, b) -> Integer.compare(a.getOffset(), b.getOffset()));
        List<String> out = new ArrayList<>();
        for (Issue i : issues) {
            out.add(i.getSeverity() + " " + i.getCode() + " " + i.getLineNumber() + ":" + i.getColumn() + " @"
                    + i.getOffset() + "+" + i.getLength() + " " + i.getMessage());
        }
        return out;
    }

    /** {@link #check(byte[])} of {@code text} in UTF-8. */
    List<String> check(String text) throws Exception {
        return check(text.getBytes(StandardCharsets.UTF_8));
    }

    @Inject
    private ParseHelper<Model> parseHelper;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    Model parse(String text) throws Exception {
        Model model = parseHelper.parse(text);
        assertNotNull(model, "no model parsed");
        return model;
    }

    /** Parses {@code text} as file {@code name} of {@code set} (for specs of several files). */
    Model parse(String text, String name, XtextResourceSet set) throws Exception {
        Model model = parseHelper.parse(text, URI.createURI("file:/specs/" + name), set);
        assertNotNull(model, "no model parsed");
        return model;
    }

    XtextResourceSet newResourceSet() {
        return resourceSets.get();
    }

    /** One expected diagnostic. */
    record Expected(Severity severity, EClass on, String code, int offset, int length, String message) {
    }

    /** The first occurrence of {@code token} in {@code text} (it must occur exactly once). */
    static int[] at(String text, String token) {
        int i = text.indexOf(token);
        assertTrue(i >= 0, "no '" + token + "' in the spec");
        assertEquals(-1, text.indexOf(token, i + 1), "'" + token + "' occurs more than once; give a context");
        return new int[] {i, token.length()};
    }

    /** {@code token} at its first occurrence after the (unique) {@code context}. */
    static int[] at(String text, String context, String token) {
        int c = at(text, context)[0];
        int i = text.indexOf(token, c);
        assertTrue(i >= 0, "no '" + token + "' after '" + context + "'");
        return new int[] {i, token.length()};
    }

    static Expected error(EClass on, String code, int[] span, String message) {
        return new Expected(Severity.ERROR, on, code, span[0], span[1], message);
    }

    static Expected warning(EClass on, String code, int[] span, String message) {
        return new Expected(Severity.WARNING, on, code, span[0], span[1], message);
    }

    static Expected info(EClass on, String code, int[] span, String message) {
        return new Expected(Severity.INFO, on, code, span[0], span[1], message);
    }

    /** Exactly these diagnostics, each with its severity, code, range and message, and no other. */
    void assertIssues(Model model, Expected... expected) {
        List<Issue> all = validation.validate(model);
        for (Expected e : expected) {
            boolean found = all.stream().anyMatch(i -> i.getSeverity() == e.severity() && e.code().equals(i.getCode())
                    && i.getOffset() == e.offset() && i.getLength() == e.length() && e.message().equals(i.getMessage())
                    && i.getUriToProblem() != null
                    && e.on().isInstance(model.eResource().getResourceSet().getEObject(i.getUriToProblem(), true)));
            assertTrue(found, () -> "expected " + e.severity() + " " + e.code() + " @" + e.offset() + "+" + e.length()
                    + " on " + e.on().getName() + ": " + e.message() + "\nbut got:\n" + describe(model, all));
        }
        assertEquals(expected.length, all.size(), () -> "expected " + expected.length + " issues, got:\n"
                + describe(model, all));
    }

    /** The issues of {@code model} as one line each (for failure messages). */
    static String describe(Model model, List<Issue> issues) {
        String text = model.eResource() instanceof org.eclipse.xtext.resource.XtextResource r && r.getParseResult() != null
                ? r.getParseResult().getRootNode().getText() : "";
        List<Issue> sorted = new ArrayList<>(issues);
        sorted.sort(Comparator.comparing(Issue::getOffset));
        StringBuilder sb = new StringBuilder();
        for (Issue i : sorted) {
            int end = Math.min(text.length(), i.getOffset() + i.getLength());
            sb.append(i.getSeverity()).append(' ').append(i.getCode()).append(" @").append(i.getOffset()).append('+')
                    .append(i.getLength()).append(" '").append(i.getOffset() <= end ? text.substring(i.getOffset(), end) : "")
                    .append("': ").append(i.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
