package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code initialize} answers before the workspace is checked: the files of the workspace folder are built in the
 * background afterwards, and their diagnostics arrive without the files being opened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackgroundBuildTest {

    @TempDir
    Path workspace;

    @Test
    void initializeAnswersFirstAndTheWorkspaceIsCheckedAfterwards() throws Exception {
        Path examples = LspSession.copyExamples(workspace);
        Path unopened = examples.resolve("broken").resolve("unknown_unit.ptl");
        try (LspSession session = LspSession.inProcess()) {
            CompletableFuture<PublishDiagnosticsParams> published = session.client.diagnosticsFor(LspSession.uri(unopened));
            long start = System.nanoTime();
            session.initialize(examples);
            long answered = System.nanoTime();
            // Over 100 files take seconds to check: had initialize checked them, it would be done by now.
            assertFalse(session.built().backgroundBuilt().isDone(), "the workspace is still being checked");

            session.built().backgroundBuilt().get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
            long built = System.nanoTime();
            System.out.printf("initialize answered after %.0f ms; the workspace (examples/, examples/broken/) was "
                    + "checked %.0f ms later%n", (answered - start) / 1e6, (built - answered) / 1e6);
            LspSession.Expected.of(unopened).assertExactly(published.get(1, TimeUnit.SECONDS).getDiagnostics());
        }
    }
}
