package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * The language server's code actions for the diagnostics at the caret as quick assists (Ctrl+1): each fix's title,
 * applied as its workspace edit.
 */
public final class PtQuickFixes implements IQuickAssistProcessor {

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        int offset = context.getOffset();
        return ServerDocument.of(context.getSourceViewer().getDocument()).map(document -> {
            List<ICompletionProposal> proposals = new ArrayList<>();
            for (CodeAction action : actions(document, at(document, offset))) {
                proposals.add(new Fix(document.connection(), action));
            }
            return proposals.toArray(ICompletionProposal[]::new);
        }).orElse(new ICompletionProposal[0]);
    }

    /** The diagnostics last published for the document whose range holds {@code offset}. */
    static List<Diagnostic> at(ServerDocument document, int offset) {
        List<Diagnostic> found = new ArrayList<>();
        for (Diagnostic diagnostic : document.connection().diagnostics(document.uri())) {
            try {
                Range range = diagnostic.getRange();
                if (document.offset(range.getStart()) <= offset && offset <= document.offset(range.getEnd())) {
                    found.add(diagnostic);
                }
            } catch (BadLocationException e) {
                // a diagnostic of an older, longer text: not at the caret
            }
        }
        return found;
    }

    /** The server's code actions (with edits) for {@code diagnostics} of {@code document}. */
    static List<CodeAction> actions(ServerDocument document, List<Diagnostic> diagnostics) {
        List<CodeAction> actions = new ArrayList<>();
        for (Diagnostic diagnostic : diagnostics) {
            List<Either<Command, CodeAction>> answer = PtServerConnection.await(document.connection().documents()
                    .codeAction(new CodeActionParams(document.id(), diagnostic.getRange(),
                            new CodeActionContext(List.of(diagnostic)))));
            for (Either<Command, CodeAction> action : answer == null ? List.<Either<Command, CodeAction>>of() : answer) {
                if (action.isRight() && action.getRight().getEdit() != null) {
                    actions.add(action.getRight());
                }
            }
        }
        return actions;
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return ServerDocument.of(context.getSourceViewer().getDocument())
                .map(document -> !at(document, context.getOffset()).isEmpty()).orElse(false);
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return true;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    /** A code action as a proposal: its title; applying it applies its edit. */
    static final class Fix implements ICompletionProposal {
        private final PtServerConnection connection;
        private final CodeAction action;

        Fix(PtServerConnection connection, CodeAction action) {
            this.connection = connection;
            this.action = action;
        }

        @Override
        public void apply(IDocument document) {
            try {
                WorkspaceEdits.apply(connection, action.getEdit());
            } catch (CoreException e) {
                throw new IllegalStateException("cannot apply '" + action.getTitle() + "'", e);
            }
        }

        @Override
        public String getDisplayString() {
            return action.getTitle();
        }

        @Override
        public Point getSelection(IDocument document) {
            return null;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return null;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
