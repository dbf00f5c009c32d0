package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.pt.dsl.pt.Model;
import org.pt.dsl.validation.IssueCodes;

/**
 * Several spec files in one resource set, as {@code ptc check} and the editor see them. Files live under
 * {@value #ROOT}, a folder that does not exist: an import finds a file only when the test added it (or names the
 * standard library).
 */
final class SpecFiles {

    static final String ROOT = "/pt-tests/";

    /** Codes of the diagnostics about names and imports (what these tests are about). */
    static final Set<String> SCOPING_CODES = Set.of(IssueCodes.UNKNOWN_NAME, IssueCodes.UNKNOWN_REGION, Diagnostic.SYNTAX_DIAGNOSTIC,
            IssueCodes.MISSING_IMPORT, IssueCodes.INVALID_IMPORT, IssueCodes.IMPORT_CYCLE,
            IssueCodes.DUPLICATE_IMPORT, IssueCodes.DUPLICATE_IMPORTED_NAME);

    private final XtextResourceSet set;

    SpecFiles(XtextResourceSet set) {
        this.set = set;
    }

    static URI uri(String path) {
        return URI.createFileURI(ROOT + path);
    }

    /** Adds a file at {@value #ROOT}{@code path} with the given text. */
    Model add(String path, String text) throws IOException {
        return load(uri(path), text);
    }

    Model load(URI uri, String text) throws IOException {
        Resource resource = set.createResource(uri);
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        return (Model) resource.getContents().get(0);
    }

    XtextResourceSet resourceSet() {
        return set;
    }

    /** The issues of a file about names and imports (other validators' findings are tested elsewhere). */
    static List<Issue> scopingIssues(ValidationTestHelper validation, Model model) {
        return validation.validate(model).stream().filter(i -> SCOPING_CODES.contains(i.getCode())).toList();
    }

    /** Asserts the number of scoping issues, listing them when it differs. */
    static void assertIssueCount(int expected, ValidationTestHelper validation, Model model) {
        List<Issue> issues = scopingIssues(validation, model);
        assertEquals(expected, issues.size(), () -> issues.stream().map(Issue::toString)
                .collect(Collectors.joining("\n", "issues:\n", "")));
    }

    /**
     * {@link ValidationTestHelper#assertError} in EXACT mode, listing every issue when none matches (the helper itself
     * fails through JUnit 4, which is not on this module's class path).
     */
    static void assertError(ValidationTestHelper validation, EObject model, EClass type, String code, int offset,
            int length, String message) {
        assertPresent(validation, model, Severity.ERROR, code, offset, length, message);
        validation.assertError(model, type, code, offset, length, message);
    }

    /** {@link ValidationTestHelper#assertWarning} in EXACT mode, listing every issue when none matches. */
    static void assertWarning(ValidationTestHelper validation, EObject model, EClass type, String code, int offset,
            int length, String message) {
        assertPresent(validation, model, Severity.WARNING, code, offset, length, message);
        validation.assertWarning(model, type, code, offset, length, message);
    }

    private static void assertPresent(ValidationTestHelper validation, EObject model, Severity severity, String code,
            int offset, int length, String message) {
        List<Issue> issues = validation.validate(model);
        boolean found = issues.stream().anyMatch(i -> i.getSeverity() == severity && code.equals(i.getCode())
                && i.getOffset() == offset && i.getLength() == length && message.equals(i.getMessage()));
        assertTrue(found, () -> "no " + severity + " " + code + " at " + offset + "+" + length + " '" + message
                + "' among:\n" + issues.stream().map(i -> i.getSeverity() + " " + i.getCode() + " at " + i.getOffset()
                        + "+" + i.getLength() + " '" + i.getMessage() + "'").collect(Collectors.joining("\n")));
    }

    /** The issue data of the only scoping issue with this code. */
    static List<String> data(ValidationTestHelper validation, Model model, String code) {
        List<Issue> issues = scopingIssues(validation, model).stream().filter(i -> code.equals(i.getCode())).toList();
        assertEquals(1, issues.size(), () -> "issues with code " + code + ": " + issues);
        String[] data = issues.get(0).getData();
        return data == null ? List.of() : List.of(data);
    }
}
