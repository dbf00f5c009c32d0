package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pt.tests.scoping.SpecFiles.assertIssueCount;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.scoping.StandardLibrary;
import org.pt.dsl.tests.PtInjectorProvider;

/** The standard library of machines: every file is on the class path, clean, and importable as {@code std/...}. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class StandardLibraryTest {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IQualifiedNameProvider names;

    private final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    private SpecFiles files;

    @BeforeEach
    void setUp() {
        files = new SpecFiles(resourceSets.get());
    }

    static Stream<String> libraryFiles() {
        return StandardLibrary.files().stream();
    }

    @Test
    void theLibraryFolderHoldsExactlyTheListedFiles() throws IOException, URISyntaxException {
        URL folder = StandardLibrary.class.getClassLoader().getResource("std");
        List<String> found;
        if ("jar".equals(folder.getProtocol())) { // the language jar (Maven's reactor tests run against it)
            try (FileSystem jar = FileSystems.newFileSystem(folder.toURI(), Map.of())) {
                found = list(jar.getPath("std"));
            }
        } else { // a build tree's classes folder
            found = list(Path.of(folder.toURI()));
        }
        assertEquals(StandardLibrary.files().stream().sorted().toList(), found);
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> "std/" + p.getFileName().toString().replace("/", "")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("libraryFiles")
    void everyLibraryFileParsesLinksAndValidatesWithoutAnyIssue(String path) throws Exception {
        Model model = files.add("main.ptl", "import \"" + path + "\"\n");
        assertEquals(List.of(), validation.validate(model));
        Resource library = files.resourceSet().getResource(StandardLibrary.uri(path).orElseThrow(), false);
        Model std = (Model) library.getContents().get(0);

        assertEquals(List.of(), library.getErrors());
        assertEquals(List.of(), library.getWarnings());
        assertEquals(List.of(), validation.validate(std));
        assertEquals("std", std.getName());
        assertEquals(1, std.getElements().size());
        Machine machine = (Machine) std.getElements().get(0);
        assertEquals(StandardLibrary.machineOf(path).orElseThrow(), names.getFullyQualifiedName(machine).toString());
        assertEquals(StandardLibrary.uri(path).orElseThrow(), library.getURI());
        assertEquals(StandardLibrary.pathOf(library.getURI()).orElseThrow(), path);
    }

    @Test
    void aLibraryMachineIsUsedByItsQualifiedName() throws Exception {
        Model model = files.add("main.ptl", """
                import "std/pc-x86_64.ptl"

                layout higher_half for std.pc_x86_64 {
                    kernel 0xFFFF_FFFF_8000_0000 size 512 MiB
                }
                """);

        assertIssueCount(0, validation, model);
        Machine pc = ((Layout) model.getElements().get(0)).getMachine();
        assertEquals("pc_x86_64", pc.getName());
        String uri = pc.eResource().getURI().toString();
        assertTrue(uri.endsWith("/std/pc-x86_64.ptl"), uri);
    }

    @Test
    void aLibraryFileIsLoadedOncePerResourceSet() throws Exception {
        Model a = files.add("a.ptl", "import \"std/armv7.ptl\"\n\nlayout l for std.armv7 {\n}\n");
        Model b = files.add("b.ptl", "import \"std/armv7.ptl\"\n\nlayout l for std.armv7 {\n}\n");

        assertSame(((Layout) a.getElements().get(0)).getMachine(), ((Layout) b.getElements().get(0)).getMachine());
        assertEquals(3, files.resourceSet().getResources().size());
    }
}
