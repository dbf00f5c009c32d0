package org.pt.tests.ide;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of hover (and other per-position answers) against an in-process server in a fresh workspace per test. */
abstract class HoverSessionTest {

    static final long WAIT = LspSession.WAIT_SECONDS;

    @TempDir
    Path workspace;

    LspSession session;

    @BeforeEach
    void start() throws Exception {
        session = LspSession.inProcess();
        session.initialize(workspace);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
    }

    Hover hover(TextDocumentIdentifier id, int line, int character) throws Exception {
        return session.server.getTextDocumentService().hover(new HoverParams(id, new Position(line, character)))
                .get(WAIT, TimeUnit.SECONDS);
    }

    /** The hover's Markdown at a 0-based line and character. */
    String hoverText(TextDocumentIdentifier id, int line, int character) throws Exception {
        return hover(id, line, character).getContents().getRight().getValue();
    }
}
